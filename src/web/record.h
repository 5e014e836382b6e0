/*
** record.h: the Hansard's screens (record_pages.c) and their route table
** (routes_record.c): the public record of a sitting (published editions
** only), a speech's permalink, the printable view and the PDF; the
** reporters' and editors' screen, the members' review, the certifier's.
*/
#ifndef MJ_WEB_RECORD_H
#define MJ_WEB_RECORD_H

#include "web_int.h"

extern const Route record_routes[];
extern const int record_nroutes;

/* public */
void page_record(Req *r);
void page_record_edition(Req *r);
void page_record_print(Req *r);
void page_record_pdf(Req *r);
void page_record_akn(Req *r);
void page_record_tei(Req *r);
void page_speech(Req *r);
/* staff and members */
void page_record_edit(Req *r);
void page_record_review(Req *r);
void page_record_certify(Req *r);
/* the forms of those screens (each calls one hansard_* function) */
void page_record_speech_save(Req *r);
void page_record_take_status(Req *r);
void page_record_flag_resolve(Req *r);
void page_record_review_open(Req *r);
void page_record_correction_propose(Req *r);
void page_record_correction_decide(Req *r);
void page_record_certify_post(Req *r);
void page_record_publish(Req *r);

/* The record's part of a sitting's public page: the latest published
** edition's speeches (with their #speech-ID anchors), or a note that the
** record is being prepared. Returns 0, writing nothing, for a sitting that
** never entered the Hansard workflow (no record row and no edition), whose
** page then shows its speeches as before. */
int record_sitting_block(Req *r, int64_t sitting);

#endif
