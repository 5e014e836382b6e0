/*
** routes_hansard_api.h: the electronic Hansard's JSON API (api_hansard.c)
** and its route table (routes_hansard_api.c), joined by routes.c.
*/
#ifndef MJ_ROUTES_HANSARD_API_H
#define MJ_ROUTES_HANSARD_API_H

#include "web.h"

extern const Route hansard_api_routes[];
extern const int hansard_api_nroutes;

void api_hansard_record(Req *r);
void api_hansard_speech(Req *r);
void api_hansard_speech_edit(Req *r);
void api_hansard_take_status(Req *r);
void api_hansard_flag_resolve(Req *r);
void api_hansard_flag_add(Req *r);
void api_hansard_correction_propose(Req *r);
void api_hansard_correction_decide(Req *r);
void api_hansard_review(Req *r);
void api_hansard_certify(Req *r);
void api_hansard_publish(Req *r);
void api_hansard_assign(Req *r);
void api_hansard_segments(Req *r);
void api_hansard_vtt(Req *r);
void api_hansard_editions(Req *r);
void api_hansard_edition(Req *r);
void api_hansard_diff(Req *r);

#endif
