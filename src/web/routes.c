/*
** routes.c: the route table and dispatch. A pattern is a path whose
** segments are literal or "{name}" (one segment, captured in order into
** r->pathvars). A path that matches a pattern under another method gets
** 405 with Allow; nothing matching gets 404. HEAD is served as GET (MHD
** drops the body).
*/
#include <pthread.h>
#include <string.h>

#include "record.h"
#include "routes_hansard_api.h"
#include "opendata_web.h"
#include "data_pages.h"
#include "search_saved.h"
#include "sse.h"
#include "user.h"
#include "web_int.h"

static const Route routes[] = {
  /* public pages */
  {"GET", "/", page_home, 0},
  {"GET", "/sittings", page_sittings, 0},
  {"GET", "/calendar", page_calendar_month, 0},
  {"GET", "/sittings/{id}", page_sitting, 0},
  {"GET", "/search", page_search, 0},
  {"GET", "/api/v1/search", api_search, 0},
  {"GET", "/api/v1/speeches/{id}/similar", api_speech_similar, 0},
  {"POST", "/lang", page_lang, 0},
  {"GET", "/static/{file}", page_static, 0},
  {"GET", "/static/{dir}/{file}", page_static, 0},
  {"GET", "/robots.txt", page_robots, 0},
  /* the public portal: members, parties, committees, votes, feeds (portal.c) */
  {"GET", "/members", page_members, 0},
  {"GET", "/members/{id}", page_member, 0},
  {"GET", "/members/{id}/speeches.atom", feed_member_speeches, 0},
  {"GET", "/parties", page_parties, 0},
  {"GET", "/parties/{id}", page_party, 0},
  {"GET", "/committees", page_committees, 0},
  {"GET", "/committees/{id}", page_committee, 0},
  {"GET", "/committees/{id}/sittings.atom", feed_committee_sittings, 0},
  {"GET", "/votes", page_votes, 0},
  {"GET", "/votes/{id}", page_vote, 0},
  {"GET", "/feeds/records.atom", feed_records, 0},
  {"GET", "/sitemap.xml", page_sitemap, 0},
  /* e-mail alerts and the feed of a saved search (alerts.c) */
  {"GET", "/alerts", page_alerts, 0},
  {"POST", "/alerts", page_alerts_post, 0},
  {"GET", "/alerts/confirm", page_alerts_confirm, 0},
  {"POST", "/alerts/confirm", page_alerts_confirm_post, 0},
  {"GET", "/alerts/unsubscribe", page_alerts_unsubscribe, 0},
  {"POST", "/alerts/unsubscribe", page_alerts_unsubscribe_post, 0},
  {"GET", "/search.atom", feed_search, 0},
  /* eMeeting screens (meeting_pages.c) */
  {"GET", "/sittings/{id}/manage", page_sitting_manage, CAP_SITTING_PREPARE},
  {"POST", "/sittings/new", page_sitting_create, CAP_SITTING_PREPARE},
  {"POST", "/sittings/{id}/items", page_item_add, CAP_SITTING_PREPARE},
  {"POST", "/sittings/{id}/attendance", page_attendance, AUTH_SIGNED_IN},
  {"GET", "/sittings/{id}/console", page_console, CAP_SITTING_PRESIDE},
  {"POST", "/sittings/{id}/status", page_sitting_status, CAP_SITTING_PRESIDE},
  {"POST", "/items/{id}/open", page_item_open, CAP_SITTING_PRESIDE},
  {"POST", "/items/{id}/speakers", page_speak_request, AUTH_SIGNED_IN},
  {"POST", "/items/{id}/speakers/next", page_speaker_next, CAP_SITTING_PRESIDE},
  {"POST", "/items/{id}/speakers/stop", page_speaker_stop, CAP_SITTING_PRESIDE},
  {"POST", "/speakers/{id}/withdraw", page_speak_withdraw, AUTH_SIGNED_IN},
  {"POST", "/speakers/{id}/move", page_speaker_move, CAP_SITTING_PRESIDE},
  {"POST", "/sittings/{id}/votes", page_vote_open, CAP_SITTING_PRESIDE},
  {"POST", "/votes/{id}/ballots", page_ballot, AUTH_SIGNED_IN},
  {"POST", "/votes/{id}/close", page_vote_close, CAP_SITTING_PRESIDE},
  {"GET", "/sittings/{id}/tablet", page_tablet, AUTH_SIGNED_IN},
  {"GET", "/sittings/{id}/live", page_live, 0},
  {"GET", "/sittings/{id}/minutes", page_minutes, 0},
  {"POST", "/sittings/{id}/minutes", page_minutes_generate, CAP_SITTING_PREPARE},
  {"POST", "/minutes/{id}", page_minutes_edit, CAP_SITTING_PREPARE},
  {"POST", "/minutes/{id}/approve", page_minutes_approve, CAP_SITTING_PREPARE},
  {"GET", "/bodies/{id}/calendar.ics", page_calendar, 0},
  {"GET", "/documents/{id}/{version}", page_document, 0},
  /* signing in and one's own account */
  {"GET", "/login", page_login, 0},
  {"POST", "/login", page_login_post, 0},
  {"POST", "/logout", page_logout, AUTH_SIGNED_IN},
  {"GET", "/account", page_account, AUTH_SIGNED_IN},
  {"POST", "/account/password", page_account_password, AUTH_SIGNED_IN},
  {"POST", "/account/totp", page_account_totp_begin, AUTH_SIGNED_IN},
  {"POST", "/account/totp/confirm", page_account_totp_confirm, AUTH_SIGNED_IN},
  {"POST", "/account/totp/remove", page_account_totp_remove, AUTH_SIGNED_IN},
  {"POST", "/account/recovery", page_account_recovery, AUTH_SIGNED_IN},
  {"POST", "/account/sessions/{id}/revoke", page_account_session_revoke, AUTH_SIGNED_IN},
  {"POST", "/account/tokens", page_account_token_create, AUTH_SIGNED_IN},
  {"POST", "/account/tokens/{id}/revoke", page_account_token_revoke, AUTH_SIGNED_IN},
  /* administration */
  {"GET", "/admin/users", page_admin_users, CAP_USERS},
  {"POST", "/admin/users", page_admin_user_create, CAP_USERS},
  {"POST", "/admin/users/{name}/roles", page_admin_user_roles, CAP_USERS},
  {"POST", "/admin/users/{name}/disable", page_admin_user_disable, CAP_USERS},
  {"POST", "/admin/users/{name}/enable", page_admin_user_enable, CAP_USERS},
  {"GET", "/admin/audit", page_admin_audit, CAP_AUDIT},
  /* the JSON API */
  {"GET", "/api/v1/health", api_health, 0},
  {"GET", "/api/v1/openapi.json", api_openapi, 0},
  {"GET", "/api/v1/sittings", api_sittings, 0},
  {"GET", "/api/v1/sittings/{id}", api_sitting, 0},
  {"GET", "/api/v1/organizations", api_organizations, 0},
  {"GET", "/api/v1/popolo", api_popolo, 0},
  {"GET", "/api/v1/popolo/{list}", api_popolo_part, 0},
  {"GET", "/api/v1/events", api_events, 0},
  {"POST", "/api/v1/preferences/language", api_lang, 0},
  /* eMeeting API (api_meeting.c) */
  {"POST", "/api/v1/sittings", api_sitting_create, CAP_SITTING_PREPARE},
  {"POST", "/api/v1/sittings/{id}/status", api_sitting_status, CAP_SITTING_PRESIDE},
  {"POST", "/api/v1/sittings/{id}/items", api_item_add, CAP_SITTING_PREPARE},
  {"POST", "/api/v1/items/{id}/open", api_item_open, CAP_SITTING_PRESIDE},
  {"POST", "/api/v1/items/{id}/documents", api_document_add, CAP_SITTING_PREPARE},
  {"POST", "/api/v1/sittings/{id}/attendance", api_attendance, AUTH_SIGNED_IN},
  {"GET", "/api/v1/sittings/{id}/quorum", api_quorum, 0},
  {"POST", "/api/v1/sittings/{id}/proxies", api_proxy, CAP_SITTING_PREPARE},
  {"GET", "/api/v1/items/{id}/speakers", api_speakers, 0},
  {"POST", "/api/v1/items/{id}/speakers", api_speak_request, AUTH_SIGNED_IN},
  {"POST", "/api/v1/items/{id}/speakers/next", api_speaker_next, CAP_SITTING_PRESIDE},
  {"POST", "/api/v1/items/{id}/speakers/stop", api_speaker_stop, CAP_SITTING_PRESIDE},
  {"POST", "/api/v1/speakers/{id}/withdraw", api_speak_withdraw, AUTH_SIGNED_IN},
  {"POST", "/api/v1/speakers/{id}/move", api_speaker_move, CAP_SITTING_PRESIDE},
  {"GET", "/api/v1/sittings/{id}/speaking-time", api_speaking_time, 0},
  {"POST", "/api/v1/sittings/{id}/votes", api_vote_open, CAP_SITTING_PRESIDE},
  {"GET", "/api/v1/votes/{id}", api_vote, 0},
  {"POST", "/api/v1/votes/{id}/ballots", api_ballot, AUTH_SIGNED_IN},
  {"POST", "/api/v1/votes/{id}/close", api_vote_close, CAP_SITTING_PRESIDE},
  {"GET", "/api/v1/sittings/{id}/minutes", api_minutes, 0},
  {"POST", "/api/v1/sittings/{id}/minutes", api_minutes_generate, CAP_SITTING_PREPARE},
  {"POST", "/api/v1/minutes/{id}", api_minutes_edit, CAP_SITTING_PREPARE},
  {"POST", "/api/v1/minutes/{id}/approve", api_minutes_approve, CAP_SITTING_PREPARE},
  {"POST", "/api/v1/session", api_login, 0},
  {"DELETE", "/api/v1/session", api_logout, AUTH_SIGNED_IN},
  {"GET", "/api/v1/me", api_me, AUTH_SIGNED_IN},
  {"GET", "/api/v1/users", api_users, CAP_USERS},
  {"GET", "/api/v1/audit", api_audit, CAP_AUDIT},
};

/* Each module with pages of its own keeps its routes in its own table
** (src/web/routes_*.c) and is listed here; web_routes() joins them once, in
** this order, and dispatch walks the joined table. */
static const int nroutes_core = (int)MJ_COUNT(routes);
static const struct {
  const Route *table;
  const int *n;
} tables[] = {
  {routes, &nroutes_core},
  /* module tables: {X_routes, &X_nroutes}, */
  {search_routes, &search_nroutes}, /* saved searches, search synonyms (routes_search.c) */
  {record_routes, &record_nroutes}, /* the Hansard's screens, the record's PDF (routes_record.c) */
  {opendata_routes, &opendata_nroutes}, /* SDMX REST, downloads, DCAT-AP catalogue (routes_opendata.c) */
  {data_routes, &data_nroutes}, /* open-data pages: catalogue, dataset, chart, calendar (routes_data.c) */
  {hansard_api_routes, &hansard_api_nroutes}, /* the Hansard's JSON API (routes_hansard_api.c) */
};

static Route *all_routes;
static int nall_routes;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void join_tables(void) {
  int n = 0;
  for (size_t t = 0; t < MJ_COUNT(tables); t++) n += *tables[t].n;
  all_routes = xmalloc(sizeof *all_routes * (size_t)n);
  for (size_t t = 0; t < MJ_COUNT(tables); t++)
    for (int i = 0; i < *tables[t].n; i++) all_routes[nall_routes++] = tables[t].table[i];
}

const Route *web_routes(int *n) {
  pthread_once(&all_once, join_tables);
  *n = nall_routes;
  return all_routes;
}

/* Matches path against pattern; fills vars (arena copies). */
static int match(Req *r, const char *pattern, const char *path, const char **vars) {
  int nv = 0;
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (*p == '{') {
      const char *pe = strchr(p, '}');
      if (!pe) return 0;
      const char *se = strchr(s, '/');
      size_t len = se ? (size_t)(se - s) : strlen(s);
      if (!len || nv >= 4) return 0;
      vars[nv++] = arena_strndup(r->arena, s, len);
      p = pe + 1;
      s += len;
      continue;
    }
    if (*p != *s) return 0;
    p++;
    s++;
  }
  return *p == 0 && *s == 0;
}

/* Same-origin rule for state-changing requests: an Origin header, when
** sent, must name this host; without one, a Referer, when sent, must. */
int req_same_origin(Req *r) {
  const char *host = req_header(r, "Host");
  const char *origin = req_header(r, "Origin");
  const char *ref = origin ? NULL : req_header(r, "Referer");
  const char *src = origin ? origin : ref;
  if (!src) return 1; /* non-browser clients send neither */
  if (!host || strcmp(src, "null") == 0) return 0;
  const char *o = strstr(src, "://");
  if (!o) return 0;
  o += 3;
  size_t hl = strlen(host);
  return strncmp(o, host, hl) == 0 && (o[hl] == 0 || o[hl] == '/');
}

/* Checks what a route needs before its handler runs: a same-origin request
** and the session's CSRF token for anything that changes state, a signed-in
** user, a capability. Returns 1 when the handler may run. */
static int allowed(Req *r, unsigned need, int changes_state) {
  if (changes_state) {
    if (!req_same_origin(r)) {
      reply_error(r, MJ_EDENIED, "cross-site request refused");
      return 0;
    }
    /* Signing in replaces whatever session the browser had (another tab may
    ** hold an older form), so it needs no token of that session. */
    int signing_in = strcmp(r->method, "POST") == 0 &&
                     (strcmp(r->path, "/login") == 0 || strcmp(r->path, "/api/v1/session") == 0);
    /* Credentials are managed only from a signed-in browser session: an API
    ** token must not mint tokens or change the password or second factor. */
    if (r->who.token_id && (mj_startswith(r->path, "/account") || strcmp(r->path, "/logout") == 0)) {
      reply_error(r, MJ_EDENIED, "account changes need a signed-in browser session, not an API token");
      return 0;
    }
    if (r->who.session_id && !signing_in) {
      const char *t = req_form(r, "csrf");
      if (!t) t = req_header(r, "X-CSRF-Token");
      if (!auth_csrf_ok(&r->who, t)) {
        reply_error(r, MJ_EDENIED, "this form has expired or did not come from this site; reload the page and try again");
        return 0;
      }
    }
  }
  if (!need) return 1;
  if (!r->who.actor.user_id) {
    if (req_is_api(r)) {
      req_add_header(r, "WWW-Authenticate", "Bearer realm=\"majlis\"");
      reply_error(r, MJ_EAUTH, "sign in or send an API token");
    } else if (!changes_state) {
      reply_redirect(r, arena_printf(r->arena, "/login?next=%s", r->path));
    } else {
      reply_error(r, MJ_EAUTH, "sign in first");
    }
    return 0;
  }
  if (need != AUTH_SIGNED_IN && !(r->who.actor.caps & need)) {
    if (r->who.totp_missing && (r->who.role_caps & need))
      reply_error(r, MJ_EDENIED, "your role needs two-factor sign-in for this; enrol it under your account first");
    else
      reply_error(r, MJ_EDENIED, "your role does not allow this");
    return 0;
  }
  return 1;
}

void web_dispatch(Req *r) {
  const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
  const char *allow[8];
  int nallow = 0;
  int nroutes;
  const Route *rt = web_routes(&nroutes);
  for (int i = 0; i < nroutes; i++) {
    const char *vars[4] = {0};
    if (!match(r, rt[i].pattern, r->path, vars)) continue;
    if (strcmp(rt[i].method, method) == 0) {
      memcpy(r->pathvars, vars, sizeof vars);
      r->status = 200;
      if (allowed(r, rt[i].need, strcmp(method, "GET") != 0)) rt[i].fn(r);
      return;
    }
    if (nallow < 8) allow[nallow++] = rt[i].method;
  }
  if (nallow) {
    Buf b;
    buf_init(&b, 256);
    for (int i = 0; i < nallow; i++) {
      if (i) buf_puts(&b, ", ");
      buf_puts(&b, allow[i]);
      if (strcmp(allow[i], "GET") == 0) buf_puts(&b, ", HEAD");
    }
    req_add_header(r, "Allow", arena_strdup(r->arena, b.p));
    buf_free(&b);
    const char *msg = "this address does not accept that method";
    if (req_is_api(r)) {
      reply_error(r, MJ_EINVAL, msg);
      r->status = 405;
    } else {
      page_error(r, 405, msg);
    }
    return;
  }
  reply_error(r, MJ_ENOTFOUND, "there is nothing at this address");
}

int req_is_api(const Req *r) { return mj_startswith(r->path, "/api/"); }
