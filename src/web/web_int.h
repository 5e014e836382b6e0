/*
** web_int.h: private to the web face. Configuration fixed at start-up
** (read-only afterwards), route dispatch, and handler declarations.
*/
#ifndef MJ_WEB_INT_H
#define MJ_WEB_INT_H

#include "web.h"

typedef struct WebConfig {
  int default_lang;      /* Lang of the instance */
  char instance_name[200];
  int demo;              /* demo database: show the banner */
  char today[11];        /* YYYY-MM-DD override for the demo calendar ("" = real date) */
} WebConfig;

/* Reads instance settings from the database; call before serving. */
int web_init(const ServerConfig *cfg);
const WebConfig *web_config(void);
/* Today's date as YYYY-MM-DD (the demo's anchor date when configured). */
void web_today(char out[11]);

void web_dispatch(Req *r);
/* 1 when a state-changing request comes from this site (Origin/Referer). */
int req_same_origin(Req *r);

/* handlers: pages.c */
void page_home(Req *r);
void page_sitting(Req *r);
void page_sittings(Req *r);
void page_lang(Req *r);
void page_static(Req *r);
void page_robots(Req *r);
void page_search(Req *r);
void page_calendar_month(Req *r); /* calendar.c */
/* handlers: api_search.c */
void api_search(Req *r);
void api_speech_similar(Req *r);
/* Reads a search request (q, the filter fields speaker party body type
** from to merged into it, like, page, limit, sort) into a parsed query
** and options; MJ_EINVAL with a message when something is wrong. */
struct SearchQuery;
struct SearchOptions;
int web_search_request(Req *r, int default_limit, struct SearchQuery *q, struct SearchOptions *o, int *page);
/* Labels in the reader's language: a sitting's status, an agenda item's kind. */
const char *web_status_label(Req *r, const char *status);
const char *web_kind_label(Req *r, const char *kind);
/* handlers: portal.c (members, parties, committees, votes, feeds, sitemap) */
void page_members(Req *r);
void page_member(Req *r);
void page_parties(Req *r);
void page_party(Req *r);
void page_committees(Req *r);
void page_committee(Req *r);
void page_votes(Req *r);
void page_vote(Req *r);
void feed_records(Req *r);
void feed_member_speeches(Req *r);
void feed_committee_sittings(Req *r);
void page_sitemap(Req *r);
/* handlers: alerts.c (e-mail alerts, the Atom feed of a search) */
void page_alerts(Req *r);
void page_alerts_post(Req *r);
void page_alerts_confirm(Req *r);
void page_alerts_confirm_post(Req *r);
void page_alerts_unsubscribe(Req *r);
void page_alerts_unsubscribe_post(Req *r);
void feed_search(Req *r);
/* The Atom feed of a search's result (entries: its hits, newest first as
** run): title, the tag URI's specific part, and the feed's own and HTML
** addresses as paths on this site. Also the feeds of saved searches. */
struct SearchResult;
void feed_search_write(Req *r, const struct SearchQuery *q, const struct SearchResult *res, const char *title,
                       const char *tag, const char *self, const char *alternate);
/* handlers: account.c */
void page_login(Req *r);
void page_login_post(Req *r);
void page_logout(Req *r);
void page_account(Req *r);
void page_account_password(Req *r);
void page_account_totp_begin(Req *r);
void page_account_totp_confirm(Req *r);
void page_account_totp_remove(Req *r);
void page_account_recovery(Req *r);
void page_account_session_revoke(Req *r);
void page_account_token_create(Req *r);
void page_account_token_revoke(Req *r);
void api_login(Req *r);
void api_logout(Req *r);
void api_me(Req *r);
/* handlers: admin.c */
void page_admin_users(Req *r);
void page_admin_user_create(Req *r);
void page_admin_user_roles(Req *r);
void page_admin_user_disable(Req *r);
void page_admin_user_enable(Req *r);
void page_admin_audit(Req *r);
void api_users(Req *r);
void api_audit(Req *r);
/* A hidden CSRF field for forms of a signed-in user (nothing otherwise). */
void page_csrf_field(Req *r);
/* Form screens (page_forms.c). The id in path segment i (answers 404 and
** returns 0 when it is not one); whether s is a safe local redirect target;
** the end of a POST (the error page, or 303 to the form's safe `back`, else
** `dflt`); the hidden CSRF and `back` fields every form carries. */
int page_path_id(Req *r, int i, int64_t *id);
int page_safe_back(const char *s);
void page_finish_post(Req *r, int rc, const char *dflt);
void page_form_hidden(Req *r, const char *back);
/* handlers: meeting_pages.c (the eMeeting screens) */
void page_sitting_manage(Req *r);
void page_sitting_create(Req *r);
void page_item_add(Req *r);
void page_attendance(Req *r);
void page_console(Req *r);
void page_sitting_status(Req *r);
void page_item_open(Req *r);
void page_speak_request(Req *r);
void page_speaker_next(Req *r);
void page_speaker_stop(Req *r);
void page_speak_withdraw(Req *r);
void page_speaker_move(Req *r);
void page_vote_open(Req *r);
void page_ballot(Req *r);
void page_vote_close(Req *r);
void page_tablet(Req *r);
void page_live(Req *r);
void page_minutes(Req *r);
void page_minutes_generate(Req *r);
void page_minutes_edit(Req *r);
void page_minutes_approve(Req *r);
void page_calendar(Req *r);
void page_document(Req *r);
/* handlers: api_meeting.c (the eMeeting API) */
void api_sitting_create(Req *r);
void api_sitting_status(Req *r);
void api_item_add(Req *r);
void api_item_open(Req *r);
void api_document_add(Req *r);
void api_attendance(Req *r);
void api_quorum(Req *r);
void api_proxy(Req *r);
void api_speakers(Req *r);
void api_speak_request(Req *r);
void api_speaker_next(Req *r);
void api_speaker_stop(Req *r);
void api_speak_withdraw(Req *r);
void api_speaker_move(Req *r);
void api_speaking_time(Req *r);
void api_vote_open(Req *r);
void api_vote(Req *r);
void api_ballot(Req *r);
void api_vote_close(Req *r);
void api_minutes(Req *r);
void api_minutes_generate(Req *r);
void api_minutes_edit(Req *r);
void api_minutes_approve(Req *r);
/* The eMeeting actor of a request: its Actor and linked person. */
#include "meeting.h"
static inline MeetingActor web_meeting_actor(Req *r) {
  MeetingActor m = {&r->who.actor, r->who.person_id};
  return m;
}
/* handlers: api.c */
void api_health(Req *r);
void api_openapi(Req *r);
void api_sittings(Req *r);
void api_sitting(Req *r);
void api_organizations(Req *r);
void api_events(Req *r);
void api_lang(Req *r);
void api_popolo(Req *r);
void api_popolo_part(Req *r);
/* JSON reply helpers (api.c) */
struct json_t;
void api_reply(Req *r, int status, struct json_t *j); /* takes ownership of j */
int req_is_api(const Req *r);
/* Request-reading helpers of the JSON API handlers (api_util.c). Each sends
** the error reply itself (MJ_EINVAL, a clear message) and returns -1 / NULL. */
void api_fail_domain(Req *r, int rc);          /* reply with the domain's error */
void api_fail_input(Req *r, const char *msg); /* reply 400 with msg */
/* The k-th {id} of the path as a positive whole number. */
int api_path_id(Req *r, int k, const char *what, int64_t *out);
/* The body as a JSON object whose keys are all in `fields` (NULL-ended); an
** empty body is {} when `optional`. The caller json_decref()s it. */
struct json_t *api_body_object(Req *r, int optional, const char *const *fields);
/* A string field copied to the arena (*out NULL when absent or null); a
** string with an embedded NUL is refused (400). */
int api_opt_str(Req *r, struct json_t *j, const char *name, const char **out);
int api_req_str(Req *r, struct json_t *j, const char *name, const char **out);
/* The path's first {id} and a body of exactly one required string field. */
int api_id_and_string(Req *r, const char *what, const char *field, int64_t *id, const char **val);
/* An optional whole number in [lo, hi] (*out = dflt when absent or null). */
int api_opt_int(Req *r, struct json_t *j, const char *name, long long lo, long long hi, long long dflt, long long *out);
/* An optional boolean (*out = 0 when absent or null). */
int api_opt_bool(Req *r, struct json_t *j, const char *name, int *out);
struct json_t *api_jstr(const char *s); /* a JSON string, or null for NULL */

#endif
