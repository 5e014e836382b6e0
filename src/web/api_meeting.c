/*
** api_meeting.c: the eMeeting JSON API. (Being written: every handler below answers 501 until
** it is implemented.)
*/
#include "web_int.h"

void api_sitting_create(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_sitting_status(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_item_add(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_item_open(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_document_add(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_attendance(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_quorum(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_proxy(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speakers(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speak_request(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speaker_next(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speaker_stop(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speak_withdraw(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speaker_move(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_speaking_time(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_vote_open(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_vote(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_ballot(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_vote_close(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_minutes(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_minutes_generate(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_minutes_edit(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void api_minutes_approve(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
