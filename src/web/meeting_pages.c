/*
** meeting_pages.c: the eMeeting screens. (Being written: every handler below answers 501 until
** it is implemented.)
*/
#include "web_int.h"

void page_sitting_manage(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_sitting_create(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_item_add(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_attendance(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_console(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_sitting_status(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_item_open(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_speak_request(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_speaker_next(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_speaker_stop(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_speak_withdraw(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_speaker_move(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_vote_open(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_ballot(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_vote_close(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_tablet(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_live(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_minutes(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_minutes_generate(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_minutes_edit(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_minutes_approve(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_calendar(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
void page_document(Req *r) { reply_error(r, MJ_EINTERNAL, "not implemented yet"); r->status = 501; }
