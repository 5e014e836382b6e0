/*
** test_meeting: the eMeeting API end to end. A fresh demo parliament (seed
** 7, anchored on 2026-11-23) is served in-process on an ephemeral port,
** with require_totp off, a clerk, a presiding officer and one member user
** per member of the chamber, each with its own API token. Then: a whole
** sitting through the API (agenda, documents, check-in and quorum, the
** speakers' list with timing, a vote with its Popolo and CSV forms, minutes
** in two languages with approval and amendment); ballots racing the close
** of a vote from 16 threads in a body of 125 members; the majority rules at
** their boundaries; who may do what (others' check-ins and ballots, other
** bodies, absence, closed votes, secret votes, proxies, reads that never
** write); the live events of a vote; and hostile input that must change
** nothing. Time passing is simulated in the database; nothing sleeps.
*/
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "event.h"
#include "user.h"
#include "web.h"

#define MJ_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

static int port;

/* A user of the test: name, linked person (0: none) and API token. */
typedef struct U {
  char name[48];
  int64_t person_id;
  char tok[AUTH_TOKEN_HEX + 8];
} U;

static U clerk, chair, reporter;
#define NCHAMBER 40
static U chamber[NCHAMBER]; /* one per member of the chamber (body 1) */
static int nchamber;
#define NBIG 125
static U big[NBIG]; /* the members of a 125-seat body */
static int64_t small_body; /* a committee of chamber[0..5] */
static int64_t big_body;

/* ---------------------------------------------------------------- the database */




/* Everything the eMeeting API could change, as one string. */
static char *digest(void) {
  return q_str("SELECT (SELECT count(*) FROM audit) || '|' || (SELECT count(*) FROM event) || '|' || "
               "(SELECT count(*) FROM sitting) || ':' || (SELECT group_concat(status) FROM sitting) || '|' || "
               "(SELECT count(*) FROM agenda_item) || ':' || (SELECT group_concat(status) FROM agenda_item) || '|' || "
               "(SELECT count(*) FROM document) || '|' || (SELECT count(*) FROM document_version) || '|' || "
               "(SELECT count(*) FROM attendance) || ':' || (SELECT group_concat(status || coalesce(checked_out,'')) FROM attendance) || '|' || "
               "(SELECT count(*) FROM speaker_request) || ':' || (SELECT group_concat(status || position) FROM speaker_request) || '|' || "
               "(SELECT count(*) FROM vote_event) || ':' || (SELECT group_concat(status) FROM vote_event) || '|' || "
               "(SELECT count(*) FROM ballot) || ':' || (SELECT group_concat(coalesce(option,'-')) FROM ballot) || '|' || "
               "(SELECT count(*) FROM proxy) || '|' || (SELECT count(*) FROM minutes) || ':' || "
               "(SELECT group_concat(status || length(text)) FROM minutes) || '|' || "
               "(SELECT coalesce(sum(count),0) FROM vote_tally)");
}

/* 1 when two digests are equal; otherwise shows where they part. */
static int same_digest(const char *a, const char *b) {
  if (strcmp(a, b) == 0) return 1;
  size_t i = 0;
  while (a[i] && a[i] == b[i]) i++;
  size_t from = i > 60 ? i - 60 : 0;
  printf("#   the database changed at offset %zu: before ...%.120s\n#   after ...%.120s\n", i, a + from, b + from);
  return 0;
}

/* ---------------------------------------------------------------- HTTP */

/* One request with a bearer token (NULL: anonymous) and a body of ctype. */
static int call_raw(const char *tok, const char *method, const char *path, const char *ctype, const char *body,
                    size_t blen, HttpResp *r) {
  char h[512];
  int n = snprintf(h, sizeof h, "Accept-Language: en\r\n");
  if (tok) n += snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", tok);
  if (ctype) snprintf(h + n, sizeof h - (size_t)n, "Content-Type: %s\r\n", ctype);
  if (!body && strcmp(method, "GET") != 0) body = "";
  return http_req(port, method, path, h, body, body ? blen : 0, r);
}

static json_t *resp_json(const HttpResp *r) {
  json_error_t e;
  return r->body && r->body_len ? json_loadb(r->body, r->body_len, 0, &e) : NULL;
}

/* The one error shape, with the code that goes with the status. */
static int error_shape(const HttpResp *r) {
  static const struct {
    int status;
    const char *code;
  } map[] = {{400, "invalid"}, {401, "unauthenticated"}, {403, "forbidden"}, {404, "not_found"}, {409, "conflict"}, {413, "too_big"}};
  const char *want = NULL;
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (map[i].status == r->status) want = map[i].code;
  char ct[128] = "";
  resp_header(r, "Content-Type", ct, sizeof ct);
  json_t *j = resp_json(r);
  json_t *e = json_object_get(j, "error");
  const char *c = json_string_value(json_object_get(e, "code"));
  const char *m = json_string_value(json_object_get(e, "message"));
  int ok = want && strncmp(ct, "application/json", 16) == 0 && c && strcmp(c, want) == 0 && m && *m && json_object_size(j) == 1;
  if (!ok) printf("#   not the error shape for %d: %.300s\n", r->status, r->body ? r->body : "");
  json_decref(j);
  return ok;
}

static char *vfmt(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int k = vsnprintf(NULL, 0, fmt, ap);
  char *s = malloc((size_t)k + 1);
  vsnprintf(s, (size_t)k + 1, fmt, ap2);
  va_end(ap2);
  return s;
}

/* A JSON call: the reply's JSON (NULL if none), *status its status. */
static json_t *jcall(int *status, const char *tok, const char *method, const char *body, const char *fmt, ...)
    MJ_PRINTF_LIKE(5, 6);
static json_t *jcall(int *status, const char *tok, const char *method, const char *body, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *path = vfmt(fmt, ap);
  va_end(ap);
  HttpResp r;
  int s = call_raw(tok, method, path, body ? "application/json" : NULL, body, body ? strlen(body) : 0, &r);
  if (status) *status = s;
  json_t *j = resp_json(&r);
  if (s >= 400 && !error_shape(&r)) printf("#   (%s %s)\n", method, path);
  resp_free(&r);
  free(path);
  return j;
}

/* A call whose status is all that matters; errors must have the one shape. */
static int scall(const char *tok, const char *method, const char *body, const char *fmt, ...) MJ_PRINTF_LIKE(4, 5);
static int scall(const char *tok, const char *method, const char *body, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *path = vfmt(fmt, ap);
  va_end(ap);
  HttpResp r;
  int s = call_raw(tok, method, path, body ? "application/json" : NULL, body, body ? strlen(body) : 0, &r);
  if (s >= 400 && !error_shape(&r)) printf("#   (%s %s)\n", method, path);
  resp_free(&r);
  free(path);
  return s;
}

/* A formatted body (caller frees). */
static char *B(const char *fmt, ...) MJ_PRINTF_LIKE(1, 2);
static char *B(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = vfmt(fmt, ap);
  va_end(ap);
  return s;
}

static int64_t jint(json_t *j, const char *k) { return json_integer_value(json_object_get(j, k)); }
static const char *jstrv(json_t *j, const char *k) { return json_string_value(json_object_get(j, k)); }

/* ---------------------------------------------------------------- eMeeting steps */

static int64_t new_sitting(int64_t body, const char *date) {
  int s;
  char *b = B("{\"body_id\":%lld,\"date\":\"%s\",\"start_time\":\"15:00\",\"place\":\"Main hall\"}", (long long)body, date);
  json_t *j = jcall(&s, clerk.tok, "POST", b, "/api/v1/sittings");
  free(b);
  CHECK_EQ_INT(s, 201);
  int64_t id = jint(j, "id");
  CHECK(id > 0);
  json_decref(j);
  return id;
}

static int set_status(int64_t sitting, const char *to) {
  char *b = B("{\"status\":\"%s\"}", to);
  int s = scall(chair.tok, "POST", b, "/api/v1/sittings/%lld/status", (long long)sitting);
  free(b);
  return s;
}

static int64_t add_item(int64_t sitting, const char *kind, const char *title) {
  int s;
  char *b = B("{\"kind\":\"%s\",\"title\":\"%s\"}", kind, title);
  json_t *j = jcall(&s, clerk.tok, "POST", b, "/api/v1/sittings/%lld/items", (long long)sitting);
  free(b);
  CHECK_EQ_INT(s, 201);
  int64_t id = jint(j, "id");
  json_decref(j);
  return id;
}

/* A member records their own attendance. */
static int attend(const U *u, int64_t sitting, const char *status) {
  char *b = B("{\"status\":\"%s\"}", status);
  int s = scall(u->tok, "POST", b, "/api/v1/sittings/%lld/attendance", (long long)sitting);
  free(b);
  return s;
}

static int64_t open_vote(int64_t sitting, const char *body) {
  int s;
  json_t *j = jcall(&s, chair.tok, "POST", body, "/api/v1/sittings/%lld/votes", (long long)sitting);
  CHECK_EQ_INT(s, 201);
  int64_t id = jint(j, "id");
  json_decref(j);
  return id;
}

static int vote_as(const U *u, int64_t vote, const char *option) {
  char *b = B("{\"option\":\"%s\"}", option);
  int s = scall(u->tok, "POST", b, "/api/v1/votes/%lld/ballots", (long long)vote);
  free(b);
  return s;
}

static int vote_for(const U *u, int64_t person, int64_t vote, const char *option) {
  char *b = B("{\"option\":\"%s\",\"person_id\":%lld}", option, (long long)person);
  int s = scall(u->tok, "POST", b, "/api/v1/votes/%lld/ballots", (long long)vote);
  free(b);
  return s;
}

/* The value of an option in a VoteEvent's counts (-1 when absent). */
static int count_of(json_t *ve, const char *option) {
  json_t *c = json_object_get(ve, "counts");
  for (size_t i = 0; i < json_array_size(c); i++) {
    json_t *e = json_array_get(c, i);
    if (strcmp(jstrv(e, "option") ? jstrv(e, "option") : "", option) == 0) return (int)jint(e, "value");
  }
  return -1;
}

/* Sums the weights of the votes of a VoteEvent per option. */
static void tally(json_t *ve, int *y, int *n, int *a) {
  *y = *n = *a = 0;
  json_t *v = json_object_get(ve, "votes");
  for (size_t i = 0; i < json_array_size(v); i++) {
    json_t *e = json_array_get(v, i);
    const char *o = jstrv(e, "option");
    int w = (int)jint(e, "weight");
    if (!o) continue;
    if (strcmp(o, "yes") == 0) *y += w;
    else if (strcmp(o, "no") == 0) *n += w;
    else if (strcmp(o, "abstain") == 0) *a += w;
  }
}

/* ---------------------------------------------------------------- 1: a whole sitting */
static void test_full_flow(void) {
  int s;
  int64_t sit = new_sitting(1, "2026-11-23");
  json_t *j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld", (long long)sit);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(jstrv(j, "status"), "scheduled");
  CHECK_STR(jstrv(j, "place"), "Main hall");
  json_decref(j);

  /* dates are real dates: a leap day is one, the 30th of February is not */
  int64_t leap = new_sitting(1, "2028-02-29");
  CHECK_EQ_INT(scall(clerk.tok, "POST", "{\"body_id\":1,\"date\":\"2027-02-29\"}", "/api/v1/sittings"), 400);
  CHECK(leap > 0);
  /* only the clerk schedules */
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", "{\"body_id\":1,\"date\":\"2026-12-01\"}", "/api/v1/sittings"), 403);
  CHECK_EQ_INT(scall(NULL, "POST", "{\"body_id\":1,\"date\":\"2026-12-01\"}", "/api/v1/sittings"), 401);

  int64_t item1 = add_item(sit, "report", "Report of the Budget Committee");
  int64_t item2 = add_item(sit, "bill", "Draft law on public libraries");
  int64_t item3 = add_item(sit, "motion", "Motion on water resources");
  CHECK(item1 > 0 && item2 > item1 && item3 > item2);

  /* a document, then a new version of it */
  static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >> endobj\n2 0 obj << /Type /Page >> endobj\n"
                            "3 0 obj << /Type /Page >> endobj\n%%EOF\n";
  HttpResp r;
  char path[256];
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents?title=Committee%%20report", (long long)item1);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", pdf, sizeof pdf - 1, &r), 201);
  j = resp_json(&r);
  CHECK(jint(j, "document_version_id") > 0);
  CHECK_EQ_INT(jint(j, "version"), 1);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT pages FROM document_version dv JOIN document d ON d.id=dv.document_id WHERE d.agenda_item_id=%lld", (long long)item1), 2);
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents?title=Committee%%20report&pages=7", (long long)item1);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "text/plain; charset=utf-8", "amended text", 12, &r), 201);
  j = resp_json(&r);
  CHECK_EQ_INT(jint(j, "version"), 2);
  json_decref(j);
  resp_free(&r);

  /* votes and items wait for the sitting to open */
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/items/%lld/open", (long long)item1), 409);
  CHECK_EQ_INT(set_status(sit, "open"), 200);

  /* quorum as members check in: 40 members, 21 needed */
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/quorum", (long long)sit);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(jint(j, "members"), 40);
  CHECK_EQ_INT(jint(j, "needed"), 21);
  CHECK_EQ_INT(jint(j, "present"), 0);
  CHECK(json_is_false(json_object_get(j, "met")));
  CHECK_STR(jstrv(j, "rule"), "majority");
  json_decref(j);
  for (int i = 0; i < 20; i++) CHECK_EQ_INT(attend(&chamber[i], sit, "present"), 200);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/quorum", (long long)sit);
  CHECK_EQ_INT(jint(j, "present"), 20);
  CHECK(json_is_false(json_object_get(j, "met")));
  json_decref(j);
  j = jcall(&s, chamber[20].tok, "POST", "{\"status\":\"present\"}", "/api/v1/sittings/%lld/attendance", (long long)sit);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(jint(j, "person_id"), chamber[20].person_id);
  json_t *q = json_object_get(j, "quorum");
  CHECK_EQ_INT(jint(q, "present"), 21);
  CHECK(json_is_true(json_object_get(q, "met")));
  json_decref(j);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/quorum", (long long)sit);
  CHECK_EQ_INT(jint(j, "present"), 21);
  CHECK(json_is_true(json_object_get(j, "met")));
  json_decref(j);
  /* checking out and in again */
  CHECK_EQ_INT(attend(&chamber[20], sit, "left"), 200);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM attendance WHERE sitting_id=%lld AND status='present' AND checked_out IS NULL", (long long)sit), 20);
  CHECK_EQ_INT(attend(&chamber[20], sit, "left"), 409);
  CHECK_EQ_INT(attend(&chamber[20], sit, "present"), 200);
  /* the clerk records an excused absence */
  char *b = B("{\"person_id\":%lld,\"status\":\"excused\"}", (long long)chamber[39].person_id);
  CHECK_EQ_INT(scall(clerk.tok, "POST", b, "/api/v1/sittings/%lld/attendance", (long long)sit), 200);
  free(b);

  /* the speakers' list */
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/items/%lld/open", (long long)item1), 200);
  int64_t req[4];
  for (int i = 0; i < 3; i++) {
    j = jcall(&s, chamber[i].tok, "POST", NULL, "/api/v1/items/%lld/speakers", (long long)item1);
    CHECK_EQ_INT(s, 201);
    req[i] = jint(j, "id");
    CHECK_STR(jstrv(j, "kind"), "speech");
    json_decref(j);
  }
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", NULL, "/api/v1/items/%lld/speakers", (long long)item1), 409);
  j = jcall(&s, chamber[3].tok, "POST", "{\"kind\":\"point_of_order\"}", "/api/v1/items/%lld/speakers", (long long)item1);
  CHECK_EQ_INT(s, 201);
  req[3] = jint(j, "id");
  json_decref(j);
  /* the chair moves the last speech to second place: 3, 2, 0, 1 */
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"place\":2}", "/api/v1/speakers/%lld/move", (long long)req[2]), 200);
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", "{\"place\":1}", "/api/v1/speakers/%lld/move", (long long)req[0]), 403);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/items/%lld/speakers", (long long)item1);
  CHECK_EQ_INT(s, 200);
  json_t *sp = json_object_get(j, "speakers");
  CHECK_EQ_INT(json_array_size(sp), 4);
  int64_t want_order[4] = {req[3], req[2], req[0], req[1]};
  for (size_t i = 0; i < 4 && i < json_array_size(sp); i++) {
    json_t *e = json_array_get(sp, i);
    CHECK_EQ_INT(jint(e, "id"), want_order[i]);
    CHECK_STR(jstrv(e, "status"), "waiting");
    CHECK(json_is_string(json_object_get(json_object_get(e, "name"), "ar")));
    CHECK(json_is_string(json_object_get(json_object_get(e, "name"), "en")));
  }
  CHECK_STR(jstrv(json_array_get(sp, 0), "kind"), "point_of_order");
  CHECK_EQ_INT(jint(json_array_get(sp, 0), "person_id"), chamber[3].person_id);
  CHECK(json_is_integer(json_object_get(j, "now_ms")));
  json_decref(j);
  /* member 1 withdraws; someone else may not withdraw for them */
  CHECK_EQ_INT(scall(chamber[2].tok, "POST", NULL, "/api/v1/speakers/%lld/withdraw", (long long)req[1]), 403);
  CHECK_EQ_INT(scall(chamber[1].tok, "POST", NULL, "/api/v1/speakers/%lld/withdraw", (long long)req[1]), 200);
  /* next, next, stop; time passing is simulated on the running speech */
  j = jcall(&s, chair.tok, "POST", NULL, "/api/v1/items/%lld/speakers/next", (long long)item1);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(jint(j, "request_id"), req[3]);
  json_decref(j);
  q_exec("UPDATE speaker_request SET started_ms=started_ms-65000 WHERE id=%lld", (long long)req[3]);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/items/%lld/speakers", (long long)item1);
  sp = json_object_get(j, "speakers");
  CHECK_STR(jstrv(json_array_get(sp, 0), "status"), "speaking");
  CHECK(jint(j, "now_ms") - jint(json_array_get(sp, 0), "started_ms") >= 65000);
  json_decref(j);
  j = jcall(&s, chair.tok, "POST", NULL, "/api/v1/items/%lld/speakers/next", (long long)item1);
  CHECK_EQ_INT(jint(j, "request_id"), req[2]);
  json_decref(j);
  q_exec("UPDATE speaker_request SET started_ms=started_ms-30000 WHERE id=%lld", (long long)req[2]);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/items/%lld/speakers/stop", (long long)item1), 200);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/items/%lld/speakers/stop", (long long)item1), 409);
  CHECK_EQ_INT(q_int("SELECT seconds_used FROM speaker_request WHERE id=%lld", (long long)req[3]), 65);
  CHECK_EQ_INT(q_int("SELECT seconds_used FROM speaker_request WHERE id=%lld", (long long)req[2]), 30);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/speaking-time?by=member", (long long)sit);
  CHECK_EQ_INT(s, 200);
  json_t *st = json_object_get(j, "speaking_time");
  CHECK(json_array_size(st) >= 2);
  CHECK_EQ_INT(jint(json_array_get(st, 0), "id"), chamber[3].person_id);
  CHECK_EQ_INT(jint(json_array_get(st, 0), "seconds"), 65);
  CHECK_EQ_INT(jint(json_array_get(st, 1), "id"), chamber[2].person_id);
  CHECK_EQ_INT(jint(json_array_get(st, 1), "seconds"), 30);
  CHECK_EQ_INT(jint(j, "total_seconds"), 95);
  json_decref(j);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/speaking-time?by=group", (long long)sit);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(jstrv(j, "by"), "group");
  json_decref(j);

  /* a vote: 12 yes, 6 no, 3 abstain of 21 present */
  b = B("{\"title\":\"Approval of the report\",\"item_id\":%lld,\"rule\":\"simple\"}", (long long)item1);
  int64_t v = open_vote(sit, b);
  free(b);
  CHECK_EQ_INT(set_status(sit, "closed"), 409); /* not while a vote is open */
  for (int i = 0; i < 21; i++) CHECK_EQ_INT(vote_as(&chamber[i], v, i < 12 ? "yes" : i < 18 ? "no" : "abstain"), 201);
  /* a change of mind, allowed by this body's rules */
  CHECK_EQ_INT(vote_as(&chamber[17], v, "abstain"), 201);
  CHECK_EQ_INT(vote_as(&chamber[17], v, "no"), 201);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/votes/%lld", (long long)v);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(jstrv(j, "status"), "open");
  CHECK(json_is_null(json_object_get(j, "result")));
  CHECK_EQ_INT(count_of(j, "yes"), 12);
  json_decref(j);
  j = jcall(&s, chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v);
  CHECK_EQ_INT(s, 200);
  CHECK(jstrv(j, "identifier") && strncmp(jstrv(j, "identifier"), "vote/", 5) == 0);
  CHECK_STR(jstrv(j, "result"), "pass");
  CHECK_STR(jstrv(j, "requirement"), "simple");
  CHECK_STR(json_string_value(json_object_get(json_object_get(j, "motion"), "text")), "Approval of the report");
  CHECK(json_is_string(json_object_get(j, "start_date")));
  CHECK(json_is_string(json_object_get(j, "end_date")));
  CHECK_EQ_INT(count_of(j, "yes"), 12);
  CHECK_EQ_INT(count_of(j, "no"), 6);
  CHECK_EQ_INT(count_of(j, "abstain"), 3);
  CHECK_EQ_INT(count_of(j, "absent"), 19);
  int y, n, a;
  tally(j, &y, &n, &a);
  CHECK_EQ_INT(y, count_of(j, "yes"));
  CHECK_EQ_INT(n, count_of(j, "no"));
  CHECK_EQ_INT(a, count_of(j, "abstain"));
  json_t *votes = json_object_get(j, "votes");
  CHECK_EQ_INT(json_array_size(votes), 21);
  char pid[40];
  snprintf(pid, sizeof pid, "person/%lld", (long long)chamber[0].person_id);
  int found = 0;
  for (size_t i = 0; i < json_array_size(votes); i++)
    if (strcmp(jstrv(json_array_get(votes, i), "voter_id"), pid) == 0) {
      found = 1;
      CHECK_STR(jstrv(json_array_get(votes, i), "option"), "yes");
      char *name = q_str("SELECT name_ar FROM person WHERE id=%lld", (long long)chamber[0].person_id);
      CHECK_STR(jstrv(json_array_get(votes, i), "voter_name"), name);
      free(name);
    }
  CHECK(found);
  json_decref(j);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v), 409);
  /* the same through GET, and in the sitting's own record */
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/votes/%lld", (long long)v);
  CHECK_STR(jstrv(j, "result"), "pass");
  CHECK_EQ_INT(count_of(j, "yes"), 12);
  json_decref(j);
  CHECK_EQ_INT(q_int("SELECT yes_count || no_count || abstain_count FROM vote_event WHERE id=%lld", (long long)v), 1263);

  /* CSV: a header and one line per ballot, fields quoted where needed */
  snprintf(path, sizeof path, "/api/v1/votes/%lld?format=csv", (long long)v);
  CHECK_EQ_INT(call_raw(NULL, "GET", path, NULL, NULL, 0, &r), 200);
  char ct[128] = "";
  resp_header(&r, "Content-Type", ct, sizeof ct);
  CHECK_STR(ct, "text/csv; charset=utf-8");
  int lines = 0;
  for (const char *p = r.body; p && *p; p++) lines += *p == '\n';
  CHECK_EQ_INT(lines, 1 + 21);
  CHECK(strncmp(r.body ? r.body : "", "person_id,name_ar,name_en,option\r\n", 34) == 0);
  char line[200];
  snprintf(line, sizeof line, "\r\n%lld,", (long long)chamber[0].person_id);
  CHECK_CONTAINS(r.body, line);
  CHECK_CONTAINS(r.body, ",\"Smith, \"\"Jr\"\"\",yes\r\n");
  resp_free(&r);

  /* minutes in both languages, after the sitting closes */
  CHECK_EQ_INT(set_status(sit, "closed"), 200);
  CHECK_EQ_INT(set_status(sit, "open"), 409);
  CHECK_EQ_INT(attend(&chamber[25], sit, "present"), 409);
  int64_t mid[2];
  const char *langs[2] = {"ar", "en"};
  for (int i = 0; i < 2; i++) {
    b = B("{\"lang\":\"%s\"}", langs[i]);
    j = jcall(&s, clerk.tok, "POST", b, "/api/v1/sittings/%lld/minutes", (long long)sit);
    free(b);
    CHECK_EQ_INT(s, 201);
    mid[i] = jint(j, "id");
    CHECK_EQ_INT(jint(j, "version"), 1);
    json_decref(j);
  }
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", "{\"lang\":\"en\"}", "/api/v1/sittings/%lld/minutes", (long long)sit), 403);
  char *ar = q_str("SELECT text FROM minutes WHERE id=%lld", (long long)mid[0]);
  char *en = q_str("SELECT text FROM minutes WHERE id=%lld", (long long)mid[1]);
  const char *titles[3] = {"Report of the Budget Committee", "Draft law on public libraries", "Motion on water resources"};
  for (int i = 0; i < 3; i++) {
    CHECK_CONTAINS(ar, titles[i]);
    CHECK_CONTAINS(en, titles[i]);
  }
  CHECK_CONTAINS(en, "Approval of the report");
  CHECK_CONTAINS(en, "yes 12, no 6, abstain 3: passed");
  CHECK_CONTAINS(ar, "أُقر");
  CHECK_CONTAINS(en, "(1:05)");
  free(ar);
  free(en);
  /* edit the English draft, approve it; editing again makes version 2 */
  CHECK_EQ_INT(scall(clerk.tok, "POST", "{\"text\":\"Minutes, corrected.\"}", "/api/v1/minutes/%lld", (long long)mid[1]), 200);
  CHECK_EQ_INT(scall(clerk.tok, "POST", NULL, "/api/v1/minutes/%lld/approve", (long long)mid[1]), 200);
  CHECK_EQ_INT(scall(clerk.tok, "POST", NULL, "/api/v1/minutes/%lld/approve", (long long)mid[1]), 409);
  j = jcall(&s, clerk.tok, "POST", "{\"text\":\"Minutes, amended.\"}", "/api/v1/minutes/%lld", (long long)mid[1]);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(jint(j, "version"), 2);
  CHECK(json_is_true(json_object_get(j, "amended")));
  CHECK(jint(j, "id") != mid[1]);
  json_decref(j);
  char *kept = q_str("SELECT status || ':' || text FROM minutes WHERE id=%lld", (long long)mid[1]);
  CHECK_STR(kept, "approved:Minutes, corrected.");
  free(kept);
  /* the public sees only the approved version; the clerk sees all */
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/minutes", (long long)sit);
  CHECK_EQ_INT(s, 200);
  json_t *m = json_object_get(j, "minutes");
  CHECK_EQ_INT(json_array_size(m), 1);
  CHECK_EQ_INT(jint(json_array_get(m, 0), "id"), mid[1]);
  CHECK_STR(jstrv(json_array_get(m, 0), "status"), "approved");
  CHECK_STR(jstrv(json_array_get(m, 0), "text"), "Minutes, corrected.");
  CHECK(json_is_string(json_object_get(json_array_get(m, 0), "approved_at")));
  json_decref(j);
  j = jcall(&s, chamber[0].tok, "GET", NULL, "/api/v1/sittings/%lld/minutes", (long long)sit);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "minutes")), 1);
  json_decref(j);
  j = jcall(&s, clerk.tok, "GET", NULL, "/api/v1/sittings/%lld/minutes", (long long)sit);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "minutes")), 3);
  json_decref(j);
}

/* ---------------------------------------------------------------- 2: racing the close */

typedef struct Race {
  int64_t vote;
  int nthreads;
  pthread_barrier_t start;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done, close_after;
  int first[NBIG], second[NBIG];   /* statuses */
  char reason[NBIG][2];            /* 'd' duplicate, 'c' closed, '?' other, for first and second */
  int close_status;
} Race;

typedef struct Worker {
  Race *race;
  int t;
} Worker;

static char reason_of(const HttpResp *r) {
  if (r->status != 409) return r->status == 201 ? '-' : '?';
  if (r->body && strstr(r->body, "already voted")) return 'd';
  if (r->body && strstr(r->body, "closed")) return 'c';
  return '?';
}

static void *race_worker(void *arg) {
  Worker *w = arg;
  Race *rc = w->race;
  pthread_barrier_wait(&rc->start);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/votes/%lld/ballots", (long long)rc->vote);
  for (int i = w->t; i < NBIG; i += rc->nthreads) {
    static const char *const opts[3] = {"{\"option\":\"yes\"}", "{\"option\":\"no\"}", "{\"option\":\"abstain\"}"};
    const char *body = opts[i % 3];
    HttpResp r;
    rc->first[i] = call_raw(big[i].tok, "POST", path, "application/json", body, strlen(body), &r);
    rc->reason[i][0] = reason_of(&r);
    resp_free(&r);
    body = opts[(i + 1) % 3]; /* the duplicate tries another option */
    rc->second[i] = call_raw(big[i].tok, "POST", path, "application/json", body, strlen(body), &r);
    rc->reason[i][1] = reason_of(&r);
    resp_free(&r);
    pthread_mutex_lock(&rc->mu);
    rc->done++;
    pthread_cond_broadcast(&rc->cv);
    pthread_mutex_unlock(&rc->mu);
  }
  return NULL;
}

/* Closes the vote once `close_after` members are done: the rest race it. */
static void *race_closer(void *arg) {
  Race *rc = arg;
  pthread_barrier_wait(&rc->start);
  pthread_mutex_lock(&rc->mu);
  while (rc->done < rc->close_after) pthread_cond_wait(&rc->cv, &rc->mu);
  pthread_mutex_unlock(&rc->mu);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/votes/%lld/close", (long long)rc->vote);
  HttpResp r;
  rc->close_status = call_raw(chair.tok, "POST", path, NULL, "", 0, &r);
  resp_free(&r);
  return NULL;
}

static void test_concurrency(void) {
  int64_t sit = new_sitting(big_body, "2026-11-23");
  CHECK_EQ_INT(set_status(sit, "open"), 200);
  for (int i = 0; i < NBIG; i++) CHECK_EQ_INT(attend(&big[i], sit, "present"), 200);
  int s;
  json_t *j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/quorum", (long long)sit);
  CHECK_EQ_INT(jint(j, "members"), NBIG);
  CHECK_EQ_INT(jint(j, "present"), NBIG);
  CHECK_EQ_INT(jint(j, "needed"), NBIG / 2 + 1);
  json_decref(j);
  for (int round = 1; round <= 3; round++) {
    char *b = B("{\"title\":\"Race %d\"}", round);
    int64_t v = open_vote(sit, b);
    free(b);
    CHECK_EQ_INT(q_int("SELECT allow_change FROM vote_event WHERE id=%lld", (long long)v), 0);
    Race *rc = calloc(1, sizeof *rc);
    rc->vote = v;
    rc->nthreads = 16;
    rc->close_after = NBIG / 2 + 10 * (round - 1); /* a different moment each round */
    pthread_barrier_init(&rc->start, NULL, (unsigned)rc->nthreads + 1);
    pthread_mutex_init(&rc->mu, NULL);
    pthread_cond_init(&rc->cv, NULL);
    pthread_t th[17];
    Worker w[16];
    for (int t = 0; t < rc->nthreads; t++) {
      w[t].race = rc;
      w[t].t = t;
      pthread_create(&th[t], NULL, race_worker, &w[t]);
    }
    pthread_create(&th[16], NULL, race_closer, rc);
    for (int t = 0; t <= 16; t++) pthread_join(th[t], NULL);
    CHECK_EQ_INT(rc->close_status, 200);

    int n201 = 0, dup = 0, closed = 0, other = 0, agree = 1;
    for (int i = 0; i < NBIG; i++) {
      int st2[2] = {rc->first[i], rc->second[i]};
      for (int k = 0; k < 2; k++) {
        if (st2[k] == 201) n201++;
        else if (st2[k] == 409 && rc->reason[i][k] == 'd') dup++;
        else if (st2[k] == 409 && rc->reason[i][k] == 'c') closed++;
        else {
          other++;
          printf("#   member %d request %d: status %d\n", i, k, st2[k]);
        }
      }
      if (rc->second[i] == 201) agree = 0; /* a duplicate was counted */
      int64_t rows = q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld AND person_id=%lld", (long long)v,
                           (long long)big[i].person_id);
      if (rows != (rc->first[i] == 201)) {
        agree = 0;
        printf("#   member %d: first %d, %lld ballot rows\n", i, rc->first[i], (long long)rows);
      }
    }
    int64_t rows = q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)v);
    int64_t late = q_int("SELECT count(*) FROM ballot b JOIN vote_event e ON e.id=b.vote_event_id "
                         "WHERE e.id=%lld AND b.cast_at > e.closed_at", (long long)v);
    int64_t frozen = q_int("SELECT yes_count+no_count+abstain_count FROM vote_event WHERE id=%lld", (long long)v);
    char *counts = q_str("SELECT yes_count||'/'||no_count||'/'||abstain_count||' '||result FROM vote_event WHERE id=%lld", (long long)v);
    int64_t same = q_int("SELECT yes_count=(SELECT count(*) FROM ballot WHERE vote_event_id=e.id AND option='yes') AND "
                         "no_count=(SELECT count(*) FROM ballot WHERE vote_event_id=e.id AND option='no') AND "
                         "abstain_count=(SELECT count(*) FROM ballot WHERE vote_event_id=e.id AND option='abstain') "
                         "FROM vote_event e WHERE id=%lld", (long long)v);
    printf("#   race %d: %d ballots 201, %d duplicates 409, %d after close 409, %d other; %lld ballot rows; "
           "frozen yes/no/abstain %s; close after %d members\n",
           round, n201, dup, closed, other, (long long)rows, counts, rc->close_after);
    free(counts);
    CHECK(agree);
    CHECK_EQ_INT(other, 0);
    CHECK_EQ_INT(n201, rows);
    CHECK_EQ_INT(late, 0);
    CHECK_EQ_INT(frozen, rows);
    CHECK_EQ_INT(same, 1);
    CHECK_EQ_INT(n201 + dup + closed, 2 * NBIG);
    CHECK(rows >= rc->close_after); /* those done before the close were all counted */
    /* after everything, nothing more is counted */
    CHECK_EQ_INT(vote_as(&big[0], v, "yes"), 409);
    CHECK_EQ_INT(q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)v), rows);
    j = jcall(&s, NULL, "GET", NULL, "/api/v1/votes/%lld", (long long)v);
    int y, n, a;
    tally(j, &y, &n, &a);
    CHECK_EQ_INT(y + n + a, rows);
    CHECK_EQ_INT(count_of(j, "yes"), y);
    CHECK_EQ_INT(count_of(j, "no"), n);
    CHECK_EQ_INT(count_of(j, "abstain"), a);
    CHECK_EQ_INT(count_of(j, "absent"), NBIG - rows);
    json_decref(j);
    pthread_barrier_destroy(&rc->start);
    pthread_mutex_destroy(&rc->mu);
    pthread_cond_destroy(&rc->cv);
    free(rc);
  }
}

/* ---------------------------------------------------------------- 3: rules at their boundaries */

static int present_now[6];

/* Makes exactly members 0..n-1 of the small body present. */
static void set_present(int64_t sit, int n) {
  for (int i = 0; i < 6; i++) {
    if (i < n && !present_now[i]) CHECK_EQ_INT(attend(&chamber[i], sit, "present"), 200);
    if (i >= n && present_now[i]) CHECK_EQ_INT(attend(&chamber[i], sit, "left"), 200);
    present_now[i] = i < n;
  }
}

static void test_rules(void) {
  static const struct {
    const char *rule, *custom;
    int present, yes, no, abstain;
    const char *expect;
    int quorum;
  } cases[] = {
    {"simple", NULL, 6, 2, 2, 2, "fail", 1},      /* a tie fails */
    {"simple", NULL, 6, 3, 2, 1, "pass", 1},
    {"absolute", NULL, 6, 3, 3, 0, "fail", 1},    /* exactly half of the members */
    {"absolute", NULL, 6, 4, 1, 1, "pass", 1},    /* half + 1 */
    {"absolute", NULL, 5, 3, 0, 2, "fail", 1},    /* half of the members, not of those present */
    {"two_thirds", NULL, 6, 4, 2, 0, "pass", 1},  /* exactly 2/3 */
    {"two_thirds", NULL, 6, 3, 0, 3, "fail", 1},  /* one short */
    {"custom", "{\"num\":3,\"den\":5,\"base\":\"present\"}", 5, 3, 2, 0, "pass", 1}, /* exactly 3/5 of 5 present */
    {"custom", "{\"num\":3,\"den\":5,\"base\":\"present\"}", 5, 2, 0, 1, "fail", 1}, /* one short */
    {"custom", "{\"num\":3,\"den\":5,\"base\":\"members\"}", 6, 4, 0, 0, "pass", 1}, /* 4 >= 3.6 */
    {"simple", NULL, 3, 3, 0, 0, "fail", 0},      /* one short of quorum (4 of 6): fails even with all yes */
    {"simple", NULL, 4, 4, 0, 0, "pass", 1},      /* quorum exactly */
  };
  int64_t sit = new_sitting(small_body, "2026-11-23");
  CHECK_EQ_INT(set_status(sit, "open"), 200);
  memset(present_now, 0, sizeof present_now);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    set_present(sit, cases[c].present);
    char *b = cases[c].custom ? B("{\"title\":\"Case %zu\",\"rule\":\"%s\",\"custom\":%s}", c, cases[c].rule, cases[c].custom)
                              : B("{\"title\":\"Case %zu\",\"rule\":\"%s\"}", c, cases[c].rule);
    int64_t v = open_vote(sit, b);
    free(b);
    int k = 0;
    for (int i = 0; i < cases[c].yes; i++) CHECK_EQ_INT(vote_as(&chamber[k++], v, "yes"), 201);
    for (int i = 0; i < cases[c].no; i++) CHECK_EQ_INT(vote_as(&chamber[k++], v, "no"), 201);
    for (int i = 0; i < cases[c].abstain; i++) CHECK_EQ_INT(vote_as(&chamber[k++], v, "abstain"), 201);
    int s;
    json_t *j = jcall(&s, chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v);
    CHECK_EQ_INT(s, 200);
    const char *res = jstrv(j, "result");
    if (!res || strcmp(res, cases[c].expect) != 0)
      printf("#   case %zu (%s, %d present, %d/%d/%d): %s, expected %s\n", c, cases[c].rule, cases[c].present, cases[c].yes,
             cases[c].no, cases[c].abstain, res ? res : "(none)", cases[c].expect);
    CHECK_STR(res, cases[c].expect);
    CHECK_STR(jstrv(j, "requirement"), cases[c].rule);
    CHECK_EQ_INT(json_is_true(json_object_get(json_object_get(j, "quorum"), "met")), cases[c].quorum);
    CHECK_EQ_INT(jint(json_object_get(j, "quorum"), "present"), cases[c].present);
    CHECK_EQ_INT(count_of(j, "yes"), cases[c].yes);
    CHECK_EQ_INT(count_of(j, "no"), cases[c].no);
    CHECK_EQ_INT(count_of(j, "abstain"), cases[c].abstain);
    CHECK_EQ_INT(count_of(j, "absent"), 6 - cases[c].yes - cases[c].no - cases[c].abstain);
    json_decref(j);
  }
  set_present(sit, 0);
  CHECK_EQ_INT(set_status(sit, "closed"), 200);
}

/* ---------------------------------------------------------------- 4: permissions */

static int64_t perm_sitting; /* kept open for the live-event test */

static void test_permissions(void) {
  int64_t sit = new_sitting(small_body, "2026-11-23");
  perm_sitting = sit;
  CHECK_EQ_INT(set_status(sit, "open"), 200);
  for (int i = 0; i < 4; i++) CHECK_EQ_INT(attend(&chamber[i], sit, "present"), 200);
  const U *outsider = &chamber[10]; /* a member of the chamber, not of this committee */

  /* nobody checks in or out for someone else, except the clerk */
  char *before = digest();
  char *b = B("{\"person_id\":%lld,\"status\":\"present\"}", (long long)chamber[5].person_id);
  CHECK_EQ_INT(scall(chamber[1].tok, "POST", b, "/api/v1/sittings/%lld/attendance", (long long)sit), 403);
  CHECK_EQ_INT(scall(reporter.tok, "POST", b, "/api/v1/sittings/%lld/attendance", (long long)sit), 403);
  CHECK_EQ_INT(scall(NULL, "POST", b, "/api/v1/sittings/%lld/attendance", (long long)sit), 401);
  free(b);
  b = B("{\"person_id\":%lld,\"status\":\"left\"}", (long long)chamber[0].person_id);
  CHECK_EQ_INT(scall(chamber[1].tok, "POST", b, "/api/v1/sittings/%lld/attendance", (long long)sit), 403);
  free(b);
  CHECK_EQ_INT(attend(outsider, sit, "present"), 403);
  CHECK_EQ_INT(attend(&chamber[1], sit, "excused"), 403); /* only the clerk records excuses */
  char *after = digest();
  CHECK(same_digest(before, after));
  free(before);
  free(after);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM attendance WHERE sitting_id=%lld AND person_id=%lld", (long long)sit,
                     (long long)chamber[5].person_id), 0);

  /* a roll-call vote: nobody votes for another, from another body or while absent */
  int64_t v = open_vote(sit, "{\"title\":\"Permissions\"}");
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", "{\"title\":\"Not a chair\"}", "/api/v1/sittings/%lld/votes", (long long)sit), 403);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"Second\"}", "/api/v1/sittings/%lld/votes", (long long)sit), 409);
  before = digest();
  CHECK_EQ_INT(vote_for(&chamber[1], chamber[0].person_id, v, "yes"), 403);
  CHECK_EQ_INT(vote_as(outsider, v, "yes"), 403);
  CHECK_EQ_INT(vote_as(&chamber[4], v, "yes"), 403); /* not checked in */
  CHECK_EQ_INT(vote_as(&clerk, v, "yes"), 400);      /* no member record: must name one */
  CHECK_EQ_INT(vote_for(&clerk, chamber[0].person_id, v, "yes"), 403);
  CHECK_EQ_INT(vote_as(&reporter, v, "yes"), 403);
  CHECK_EQ_INT(scall(NULL, "POST", "{\"option\":\"yes\"}", "/api/v1/votes/%lld/ballots", (long long)v), 401);
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v), 403);
  after = digest();
  CHECK(same_digest(before, after));
  free(before);
  free(after);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)v), 0);
  CHECK_EQ_INT(vote_as(&chamber[0], v, "yes"), 201);
  CHECK_EQ_INT(vote_as(&chamber[1], v, "no"), 201);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v), 200);
  /* after close: 409 and nothing counted */
  before = digest();
  CHECK_EQ_INT(vote_as(&chamber[2], v, "yes"), 409);
  CHECK_EQ_INT(vote_as(&chamber[0], v, "no"), 409);
  after = digest();
  CHECK(same_digest(before, after));
  free(before);
  free(after);
  CHECK_EQ_INT(q_int("SELECT yes_count*100+no_count*10+abstain_count FROM vote_event WHERE id=%lld", (long long)v), 110);

  /* a secret vote */
  v = open_vote(sit, "{\"title\":\"Secret\",\"method\":\"secret\"}");
  CHECK_EQ_INT(vote_as(&chamber[0], v, "yes"), 201);
  CHECK_EQ_INT(vote_as(&chamber[1], v, "yes"), 201);
  CHECK_EQ_INT(vote_as(&chamber[2], v, "no"), 201);
  CHECK_EQ_INT(vote_as(&chamber[2], v, "yes"), 409); /* never changed */
  CHECK_EQ_INT(q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)v), 3);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld AND option IS NOT NULL", (long long)v), 0);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit WHERE object='vote/%lld' AND action LIKE 'vote.ballot%%' "
                     "AND (summary LIKE '%%yes%%' OR summary LIKE '%%: no%%')", (long long)v), 0);
  int s;
  const char *toks[3] = {NULL, chamber[0].tok, clerk.tok};
  for (int k = 0; k < 3; k++) {
    json_t *j = jcall(&s, toks[k], "GET", NULL, "/api/v1/votes/%lld", (long long)v);
    CHECK_EQ_INT(s, 200);
    CHECK_STR(jstrv(j, "method"), "secret");
    CHECK_EQ_INT(json_array_size(json_object_get(j, "votes")), 3);
    for (size_t i = 0; i < json_array_size(json_object_get(j, "votes")); i++)
      CHECK(json_object_get(json_array_get(json_object_get(j, "votes"), i), "option") == NULL);
    CHECK_EQ_INT(json_array_size(json_object_get(j, "counts")), 0);
    json_decref(j);
  }
  HttpResp r;
  char path[128];
  snprintf(path, sizeof path, "/api/v1/votes/%lld?format=csv", (long long)v);
  CHECK_EQ_INT(call_raw(NULL, "GET", path, NULL, NULL, 0, &r), 200);
  CHECK(r.body && !strstr(r.body, ",yes") && !strstr(r.body, ",no\r"));
  resp_free(&r);
  json_t *j = jcall(&s, chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(count_of(j, "yes"), 2);
  CHECK_EQ_INT(count_of(j, "no"), 1);
  CHECK_EQ_INT(count_of(j, "abstain"), 0);
  CHECK_STR(jstrv(j, "result"), "pass");
  for (size_t i = 0; i < json_array_size(json_object_get(j, "votes")); i++)
    CHECK(json_object_get(json_array_get(json_object_get(j, "votes"), i), "option") == NULL);
  json_decref(j);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld AND option IS NOT NULL", (long long)v), 0);

  /* proxies: only where the body allows them, only as recorded */
  b = B("{\"grantor_id\":%lld,\"holder_id\":%lld}", (long long)chamber[4].person_id, (long long)chamber[0].person_id);
  CHECK_EQ_INT(scall(clerk.tok, "POST", b, "/api/v1/sittings/%lld/proxies", (long long)sit), 409);
  q_exec("UPDATE organization SET allow_proxy=1 WHERE id=%lld", (long long)small_body);
  CHECK_EQ_INT(scall(chamber[0].tok, "POST", b, "/api/v1/sittings/%lld/proxies", (long long)sit), 403);
  CHECK_EQ_INT(scall(clerk.tok, "POST", b, "/api/v1/sittings/%lld/proxies", (long long)sit), 201);
  CHECK_EQ_INT(scall(clerk.tok, "POST", b, "/api/v1/sittings/%lld/proxies", (long long)sit), 409);
  free(b);
  v = open_vote(sit, "{\"title\":\"By proxy\"}");
  CHECK_EQ_INT(vote_for(&chamber[1], chamber[5].person_id, v, "yes"), 403); /* no proxy recorded */
  CHECK_EQ_INT(vote_for(&chamber[1], chamber[4].person_id, v, "yes"), 403); /* someone else's proxy */
  CHECK_EQ_INT(vote_for(&chamber[0], chamber[4].person_id, v, "yes"), 201); /* the holder, for the grantor */
  CHECK_EQ_INT(vote_as(&chamber[0], v, "no"), 201);
  CHECK_EQ_INT(q_int("SELECT cast_by FROM ballot WHERE vote_event_id=%lld AND person_id=%lld", (long long)v,
                     (long long)chamber[4].person_id), chamber[0].person_id);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/votes/%lld", (long long)v);
  CHECK_EQ_INT(count_of(j, "yes"), 1);
  CHECK_EQ_INT(count_of(j, "no"), 1);
  json_decref(j);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v), 200);
  q_exec("UPDATE organization SET allow_proxy=0 WHERE id=%lld", (long long)small_body);

  /* weighted votes: the weight of the seat in this body, not of another */
  q_exec("UPDATE organization SET weighted_votes=1 WHERE id=%lld", (long long)small_body);
  q_exec("UPDATE membership SET vote_weight=3 WHERE organization_id=%lld AND person_id=%lld", (long long)small_body,
         (long long)chamber[0].person_id);
  q_exec("UPDATE membership SET vote_weight=7 WHERE organization_id=1 AND person_id=%lld", (long long)chamber[0].person_id);
  v = open_vote(sit, "{\"title\":\"Weighted\"}");
  CHECK_EQ_INT(vote_as(&chamber[0], v, "yes"), 201);
  CHECK_EQ_INT(vote_as(&chamber[1], v, "no"), 201);
  j = jcall(&s, chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v);
  CHECK_EQ_INT(count_of(j, "yes"), 3);
  CHECK_EQ_INT(count_of(j, "no"), 1);
  int y, n, a;
  tally(j, &y, &n, &a);
  CHECK_EQ_INT(y, 3);
  CHECK_EQ_INT(n, 1);
  CHECK_STR(jstrv(j, "result"), "pass");
  json_decref(j);
  q_exec("UPDATE organization SET weighted_votes=0 WHERE id=%lld", (long long)small_body);
  q_exec("UPDATE membership SET vote_weight=1 WHERE person_id=%lld", (long long)chamber[0].person_id);

  /* reads never write */
  before = digest();
  const char *readers[4] = {NULL, chamber[0].tok, clerk.tok, chair.tok};
  for (int k = 0; k < 4; k++) {
    CHECK_EQ_INT(scall(readers[k], "GET", NULL, "/api/v1/sittings/%lld/quorum", (long long)sit), 200);
    CHECK_EQ_INT(scall(readers[k], "GET", NULL, "/api/v1/votes/%lld", (long long)v), 200);
    CHECK_EQ_INT(scall(readers[k], "GET", NULL, "/api/v1/votes/%lld?format=csv", (long long)v), 200);
    CHECK_EQ_INT(scall(readers[k], "GET", NULL, "/api/v1/sittings/%lld/minutes", (long long)sit), 200);
    CHECK_EQ_INT(scall(readers[k], "GET", NULL, "/api/v1/sittings/%lld/speaking-time", (long long)sit), 200);
    CHECK_EQ_INT(scall(readers[k], "GET", NULL, "/api/v1/sittings/%lld", (long long)sit), 200);
    CHECK_EQ_INT(scall(readers[k], "HEAD", NULL, "/api/v1/votes/%lld", (long long)v), 200);
  }
  after = digest();
  CHECK(same_digest(before, after));
  free(before);
  free(after);
}

/* ---------------------------------------------------------------- 5: live events */

typedef struct Stream {
  int fd, head_done, chunked;
  char *raw, *data;
  size_t rn, rcap, rpos, dn, dcap;
} Stream;

static void grow_add(char **p, size_t *n, size_t *cap, const char *src, size_t k) {
  if (*n + k + 1 > *cap) {
    size_t c = *cap ? *cap : 4096;
    while (c < *n + k + 1) c *= 2;
    *p = realloc(*p, c);
    *cap = c;
  }
  memcpy(*p + *n, src, k);
  *n += k;
  (*p)[*n] = 0;
}

/* Reads what has arrived, de-chunking the body into s->data. */
static int stream_pump(Stream *s, int timeout_ms) {
  struct pollfd pf = {s->fd, POLLIN, 0};
  if (poll(&pf, 1, timeout_ms) <= 0) return 0;
  char tmp[16384];
  ssize_t k = recv(s->fd, tmp, sizeof tmp, 0);
  if (k <= 0) return -1;
  grow_add(&s->raw, &s->rn, &s->rcap, tmp, (size_t)k);
  if (!s->head_done) {
    char *e = memmem(s->raw, s->rn, "\r\n\r\n", 4);
    if (!e) return 0;
    *e = 0;
    s->chunked = strcasestr(s->raw, "\ntransfer-encoding: chunked") != NULL;
    *e = '\r';
    s->rpos = (size_t)(e - s->raw) + 4;
    s->head_done = 1;
  }
  while (s->rpos < s->rn) {
    if (!s->chunked) {
      grow_add(&s->data, &s->dn, &s->dcap, s->raw + s->rpos, s->rn - s->rpos);
      s->rpos = s->rn;
      break;
    }
    char *line = s->raw + s->rpos;
    size_t avail = s->rn - s->rpos;
    char *crlf = memmem(line, avail, "\r\n", 2);
    if (!crlf) break;
    unsigned long n = strtoul(line, NULL, 16);
    size_t hdr = (size_t)(crlf + 2 - line);
    if (n == 0 || avail < hdr + n + 2) break;
    grow_add(&s->data, &s->dn, &s->dcap, line + hdr, n);
    s->rpos += hdr + n + 2;
  }
  return 0;
}

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits (bounded) until `needle` is in the stream's data. */
static const char *stream_wait(Stream *s, const char *needle, int timeout_ms) {
  int64_t deadline = mono_ms() + timeout_ms;
  for (;;) {
    const char *p = s->data ? strstr(s->data, needle) : NULL;
    if (p) return p;
    int64_t left = deadline - mono_ms();
    if (left <= 0 || stream_pump(s, (int)left) < 0) return NULL;
  }
}

static void test_live_events(void) {
  int64_t sit = perm_sitting;
  Stream s;
  memset(&s, 0, sizeof s);
  s.fd = http_connect(port);
  CHECK(s.fd >= 0);
  char head[512];
  int n = snprintf(head, sizeof head, "GET /api/v1/events?sitting=%lld&since=%lld HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                   "Accept: text/event-stream\r\n\r\n", (long long)sit, (long long)event_last_id(g_db), port);
  CHECK_EQ_INT(send_all(s.fd, head, (size_t)n), 0);
  CHECK(stream_wait(&s, ": majlis live events", 5000) != NULL);
  int64_t v = open_vote(sit, "{\"title\":\"Live\"}");
  CHECK_EQ_INT(vote_as(&chamber[0], v, "yes"), 201);
  CHECK_EQ_INT(vote_as(&chamber[1], v, "yes"), 201);
  CHECK_EQ_INT(vote_as(&chamber[2], v, "no"), 201);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v), 200);
  const char *closed = stream_wait(&s, "event: vote.closed\n", 5000);
  CHECK(closed != NULL);
  const char *opened = s.data ? strstr(s.data, "event: vote.opened\n") : NULL;
  const char *ballot = s.data ? strstr(s.data, "event: vote.ballot\n") : NULL;
  CHECK(opened && ballot && closed && opened < ballot && ballot < closed);
  int ballots = 0;
  for (const char *p = ballot; p && (!closed || p < closed); p = strstr(p + 1, "event: vote.ballot\n")) ballots++;
  CHECK_EQ_INT(ballots, 3);
  if (closed) {
    const char *data = strstr(closed, "data: ");
    const char *end = data ? strchr(data, '\n') : NULL;
    if (data && end) {
      json_error_t e;
      json_t *j = json_loadb(data + 6, (size_t)(end - data - 6), 0, &e);
      CHECK(j != NULL);
      CHECK_EQ_INT(jint(j, "vote"), v);
      CHECK_STR(jstrv(j, "result"), "pass");
      json_t *c = json_object_get(j, "counts");
      CHECK_EQ_INT(jint(c, "yes"), 2);
      CHECK_EQ_INT(jint(c, "no"), 1);
      CHECK_EQ_INT(jint(c, "abstain"), 0);
      json_decref(j);
    } else {
      CHECK(!"vote.closed has data");
    }
  }
  close(s.fd);
  free(s.raw);
  free(s.data);
}

/* ---------------------------------------------------------------- 6: hostile input */

static void test_hostile(void) {
  int64_t sit = new_sitting(small_body, "2026-11-23");
  int64_t item = add_item(sit, "other", "Hostile input");
  CHECK_EQ_INT(set_status(sit, "open"), 200);
  int64_t v = open_vote(sit, "{\"title\":\"Hostile\"}");
  CHECK_EQ_INT(attend(&chamber[0], sit, "present"), 200);
  char *before = digest();

  static char big_title[2100], huge_place[400], deep[6000];
  memset(big_title, 'x', 2001);
  memset(huge_place, 'p', 301);
  memset(deep, '[', 5000);
  char *long_item = B("{\"kind\":\"report\",\"title\":\"%s\"}", big_title);
  char *long_vote = B("{\"title\":\"%s\"}", big_title);
  char *long_place = B("{\"body_id\":1,\"date\":\"2026-11-30\",\"place\":\"%s\"}", huge_place);
  static const char bad_utf8[] = "{\"body_id\":1,\"date\":\"2026-11-30\",\"place\":\"\xff\xfe\"}";
  static const struct {
    const char *path; /* %lld: the sitting, item or vote */
    int which;        /* 0 sitting, 1 item, 2 vote, 3 none */
    const char *body;
    int status;
  } cases[] = {
    {"/api/v1/sittings", 3, "", 400},
    {"/api/v1/sittings", 3, "{", 400},
    {"/api/v1/sittings", 3, "[]", 400},
    {"/api/v1/sittings", 3, "null", 400},
    {"/api/v1/sittings", 3, "\"text\"", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":\"1\",\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":20261130}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":-1,\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1.5,\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/items/%lld/speakers", 1, "{\"kind\":\"speech\\u0000x\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1e400,\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":99999999999999999999999,\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"body_id\":1,\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-02-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-11-30\",\"start_time\":\"25:00\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-11-30\",\"number\":-3}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-11-30\",\"admin\":true}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":2,\"date\":\"2026-11-30\"}", 400}, /* a bloc */
    {"/api/v1/sittings", 3, "{\"body_id\":99999,\"date\":\"2026-11-30\"}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-11-30\",\"session_id\":99999}", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-11-30\"} trailing", 400},
    {"/api/v1/sittings", 3, "{\"body_id\":1,\"date\":\"2026-11-30\",\"place\":\"a\\u0000b\"}", 400},
    {"/api/v1/sittings/%lld/status", 0, "{\"status\":\"reopened\"}", 400},
    {"/api/v1/sittings/%lld/status", 0, "{\"status\":[\"open\"]}", 400},
    {"/api/v1/sittings/%lld/items", 0, "{\"kind\":\"evil\",\"title\":\"x\"}", 400},
    {"/api/v1/sittings/%lld/items", 0, "{\"kind\":\"report\",\"title\":\"\"}", 400},
    {"/api/v1/sittings/%lld/items", 0, "{\"kind\":\"report\",\"title\":7}", 400},
    {"/api/v1/sittings/%lld/items", 0, "{\"kind\":\"report\",\"title\":\"a\\u0007b\"}", 400},
    {"/api/v1/sittings/%lld/items", 0, "{\"kind\":\"report\",\"title\":\"x\",\"parent_id\":-4}", 400},
    {"/api/v1/sittings/%lld/items", 0, "{\"kind\":\"report\",\"title\":\"x\",\"parent_id\":999999}", 400},
    {"/api/v1/sittings/999999/items", 3, "{\"kind\":\"report\",\"title\":\"x\"}", 404},
    {"/api/v1/sittings/-1/items", 3, "{\"kind\":\"report\",\"title\":\"x\"}", 400},
    {"/api/v1/sittings/0/items", 3, "{\"kind\":\"report\",\"title\":\"x\"}", 400},
    {"/api/v1/sittings/1x/items", 3, "{\"kind\":\"report\",\"title\":\"x\"}", 400},
    {"/api/v1/sittings/99999999999999999999/items", 3, "{\"kind\":\"report\",\"title\":\"x\"}", 400},
    {"/api/v1/items/999999/open", 3, NULL, 404},
    {"/api/v1/items/%lld/open", 1, "{\"now\":1}", 400},
    {"/api/v1/sittings/%lld/attendance", 0, "{\"status\":\"asleep\"}", 400},
    {"/api/v1/sittings/%lld/attendance", 0, "{\"status\":true}", 400},
    {"/api/v1/sittings/%lld/attendance", 0, "{\"status\":\"present\",\"person_id\":\"me\"}", 400},
    {"/api/v1/sittings/999999/attendance", 3, "{\"status\":\"present\"}", 404},
    {"/api/v1/items/%lld/speakers", 1, "{\"kind\":\"filibuster\"}", 400},
    {"/api/v1/items/%lld/speakers", 1, "{\"kind\":1}", 400},
    {"/api/v1/items/999999/speakers", 3, "{}", 404},
    {"/api/v1/speakers/999999/withdraw", 3, NULL, 404},
    {"/api/v1/votes/%lld/ballots", 2, "{\"option\":\"maybe\"}", 400},
    {"/api/v1/votes/%lld/ballots", 2, "{\"option\":1}", 400},
    {"/api/v1/votes/%lld/ballots", 2, "{}", 400},
    {"/api/v1/votes/%lld/ballots", 2, "{\"option\":\"yes\",\"person_id\":0}", 400},
    {"/api/v1/votes/%lld/ballots", 2, "{\"option\":\"yes\",\"person_id\":-7}", 400},
    {"/api/v1/votes/%lld/ballots", 2, "{\"option\":\"yes\",\"option\":\"no\"}", 400},
    {"/api/v1/votes/999999/ballots", 3, "{\"option\":\"yes\"}", 404},
    {"/api/v1/votes/-5/ballots", 3, "{\"option\":\"yes\"}", 400},
    {"/api/v1/sittings/%lld/minutes", 0, "{\"lang\":\"fr\"}", 400},
    {"/api/v1/sittings/%lld/minutes", 0, "{\"lang\":null}", 400},
    {"/api/v1/minutes/999999", 3, "{\"text\":\"x\"}", 404},
    {"/api/v1/minutes/999999/approve", 3, NULL, 404},
  };
  int s;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int64_t id = cases[i].which == 0 ? sit : cases[i].which == 1 ? item : v;
    char path[160];
    const char *hole = strstr(cases[i].path, "%lld");
    if (!hole) snprintf(path, sizeof path, "%s", cases[i].path);
    else
      snprintf(path, sizeof path, "%.*s%lld%s", (int)(hole - cases[i].path), cases[i].path, (long long)id, hole + 4);
    /* the clerk prepares, the chair presides, a member acts */
    const char *tok = strstr(path, "/ballots") || strstr(path, "/speakers") || strstr(path, "/attendance") ? chamber[0].tok
                      : strstr(path, "/status") || strstr(path, "/open") ? chair.tok : clerk.tok;
    HttpResp r;
    s = call_raw(tok, "POST", path, "application/json", cases[i].body, cases[i].body ? strlen(cases[i].body) : 0, &r);
    if (s != cases[i].status) printf("#   case %zu: POST %s %s: %d, expected %d: %.200s\n", i, path, cases[i].body ? cases[i].body : "", s, cases[i].status, r.body ? r.body : "");
    CHECK_EQ_INT(s, cases[i].status);
    CHECK(error_shape(&r));
    resp_free(&r);
  }
  /* wrong type and limits spelled out at run time */
  HttpResp r;
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", "/api/v1/sittings", "application/json", bad_utf8, sizeof bad_utf8 - 1, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  CHECK_EQ_INT(scall(clerk.tok, "POST", long_place, "/api/v1/sittings"), 400);
  CHECK_EQ_INT(scall(clerk.tok, "POST", long_item, "/api/v1/sittings/%lld/items", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", long_vote, "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(clerk.tok, "POST", deep, "/api/v1/sittings"), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"x\",\"rule\":\"custom\",\"custom\":{\"num\":4,\"den\":3,\"base\":\"present\"}}",
                     "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"x\",\"rule\":\"custom\",\"custom\":{\"num\":1,\"den\":2,\"base\":\"moon\"}}",
                     "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"x\",\"rule\":\"custom\",\"custom\":[1,2]}", "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"x\",\"rule\":\"custom\"}", "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"x\",\"custom\":{\"num\":1,\"den\":2,\"base\":\"cast\"}}", "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"title\":\"x\",\"method\":\"telepathy\"}", "/api/v1/sittings/%lld/votes", (long long)sit), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"place\":0}", "/api/v1/speakers/1/move"), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"place\":\"1\"}", "/api/v1/speakers/1/move"), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{}", "/api/v1/speakers/1/move"), 400);
  CHECK_EQ_INT(scall(chair.tok, "POST", "{\"place\":1}", "/api/v1/speakers/999999/move"), 404);
  CHECK_EQ_INT(scall(clerk.tok, "POST", "{\"text\":\"\"}", "/api/v1/minutes/1"), 400);
  CHECK_EQ_INT(scall(clerk.tok, "POST", "{\"text\":5}", "/api/v1/minutes/1"), 400);
  CHECK_EQ_INT(scall(clerk.tok, "POST", "{\"grantor_id\":1}", "/api/v1/sittings/%lld/proxies", (long long)sit), 400);
  CHECK_EQ_INT(scall(clerk.tok, "POST", "{\"grantor_id\":1,\"holder_id\":1}", "/api/v1/sittings/%lld/proxies", (long long)sit), 400);
  /* reads */
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/-1"), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/0"), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/abc"), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/1e3"), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/99999999999999999999"), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/999999"), 404);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/999999?format=csv"), 404);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/votes/%lld?format=xml", (long long)v), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/items/999999/speakers"), 404);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/sittings/999999/quorum"), 404);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/sittings/999999/minutes"), 404);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/sittings/999999/speaking-time"), 404);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/sittings/%lld/speaking-time?by=party", (long long)sit), 400);

  /* documents */
  char path[256];
  static const char notpdf[] = "<html>not a pdf</html>";
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents?title=Annex", (long long)item);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", notpdf, sizeof notpdf - 1, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", "", 0, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/x-msdownload", "MZ\x90", 3, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, NULL, "%PDF-1.4", 8, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents", (long long)item);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", "%PDF-1.4", 8, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents?title=%%ff%%fe", (long long)item);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", "%PDF-1.4", 8, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents?title=Annex&pages=-1", (long long)item);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", "%PDF-1.4", 8, &r), 400);
  CHECK(error_shape(&r));
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/items/999999/documents?title=Annex");
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", "%PDF-1.4", 8, &r), 404);
  CHECK(error_shape(&r));
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/items/%lld/documents?title=Annex", (long long)item);
  CHECK_EQ_INT(call_raw(chamber[0].tok, "POST", path, "application/pdf", "%PDF-1.4", 8, &r), 403);
  CHECK(error_shape(&r));
  resp_free(&r);
  size_t bign = 300 * 1024;
  char *bigdoc = malloc(bign);
  memset(bigdoc, 'A', bign);
  memcpy(bigdoc, "%PDF-1.4\n", 9);
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", path, "application/pdf", bigdoc, bign, &r), 413);
  CHECK(error_shape(&r));
  resp_free(&r);
  bigdoc[0] = '{';
  CHECK_EQ_INT(call_raw(clerk.tok, "POST", "/api/v1/sittings", "application/json", bigdoc, bign, &r), 413);
  CHECK(error_shape(&r));
  resp_free(&r);
  free(bigdoc);

  char *after = digest();
  CHECK(same_digest(before, after));
  free(before);
  free(after);
  free(long_item);
  free(long_vote);
  free(long_place);
  CHECK_EQ_INT(scall(chair.tok, "POST", NULL, "/api/v1/votes/%lld/close", (long long)v), 200);
}

/* ---------------------------------------------------------------- setting up */

static int make_user(U *u, const char *name, const char *role, int64_t person) {
  Actor cli = audit_cli_actor();
  snprintf(u->name, sizeof u->name, "%s", name);
  u->person_id = person;
  if (user_create(g_db, &cli, name, NULL, name, role, person, NULL, NULL) ||
      auth_token_create(g_db, &cli, name, "test", 0, u->tok, NULL)) {
    printf("#   user %s: %s\n", name, mj_errmsg());
    return 0;
  }
  return 1;
}

/* A committee of the chamber whose members are `persons`. */
static int64_t make_committee(const char *name, const int64_t *persons, int n) {
  if (q_exec("INSERT INTO organization(classification, name_ar, name_en, parent_id) VALUES('committee', %Q, %Q, 1)", name, name))
    return 0;
  int64_t id = q_int("SELECT max(id) FROM organization");
  for (int i = 0; i < n; i++)
    if (q_exec("INSERT INTO membership(person_id, organization_id, start_date) VALUES(%lld, %lld, '2026-01-01')",
               (long long)persons[i], (long long)id))
      return 0;
  return id;
}

static int setup(void) {
  if (db_meta_set(g_db, "require_totp", "0")) return 0;
  if (!make_user(&clerk, "t_clerk", "clerk", 0) || !make_user(&chair, "t_chair", "presiding", 0) ||
      !make_user(&reporter, "t_reporter", "reporter", 0))
    return 0;
  sqlite3_stmt *st = NULL;
  int64_t persons[NCHAMBER];
  if (sqlite3_prepare_v2(db_handle(g_db), "SELECT DISTINCT person_id FROM membership WHERE organization_id=1 "
                                          "AND end_date IS NULL ORDER BY person_id LIMIT 40", -1, &st, NULL) != SQLITE_OK)
    return 0;
  while (nchamber < NCHAMBER && sqlite3_step(st) == SQLITE_ROW) persons[nchamber++] = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (nchamber != NCHAMBER) {
    printf("#   the demo chamber has %d members\n", nchamber);
    return 0;
  }
  for (int i = 0; i < nchamber; i++) {
    char name[32];
    snprintf(name, sizeof name, "t_m%d", i);
    if (!make_user(&chamber[i], name, "member", persons[i])) return 0;
  }
  /* a name that needs quoting in CSV */
  q_exec("UPDATE person SET name_en='Smith, \"Jr\"' WHERE id=%lld", (long long)chamber[0].person_id);
  if (!(small_body = make_committee("Small committee", persons, 6))) return 0;
  /* the 125 members of a body the size of the Milli Majlis */
  if (q_exec("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<%d) "
             "INSERT INTO person(ident, name_ar, name_en) SELECT 'big-' || i, 'نائب ' || i, 'Deputy ' || i FROM k", NBIG))
    return 0;
  int64_t first = q_int("SELECT id FROM person WHERE ident='big-1'");
  int64_t bp[NBIG];
  for (int i = 0; i < NBIG; i++) bp[i] = first + i;
  if (!(big_body = make_committee("Big body", bp, NBIG))) return 0;
  q_exec("UPDATE organization SET allow_ballot_change=0 WHERE id=%lld", (long long)big_body);
  for (int i = 0; i < NBIG; i++) {
    char name[32];
    snprintf(name, sizeof name, "t_big%d", i);
    if (!make_user(&big[i], name, "member", bp[i])) return 0;
  }
  return 1;
}

static void remove_db(const char *path) {
  char w[600];
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
  snprintf(w, sizeof w, "%s.key", path);
  remove(w);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  th_tmpdb(g_dbpath, sizeof g_dbpath, "meeting");
  remove_db(g_dbpath);
  int rc = db_open(g_dbpath, DB_CREATE | DB_MUST_NEW, &g_db);
  if (rc) {
    printf("not ok - cannot create %s: %s\n", g_dbpath, mj_errmsg());
    return 1;
  }
  Actor who = audit_cli_actor();
  DemoOptions o = {7, "2026-11-23", NULL, NULL, NULL};
  DemoResult res;
  if ((rc = demo_create(g_db, &who, &o, &res)) || !setup()) {
    printf("not ok - setting up: %s\n", mj_errmsg());
    db_close(g_db);
    remove_db(g_dbpath);
    return 1;
  }
  ServerConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.db_path = g_dbpath;
  cfg.listen = "127.0.0.1:0";
  cfg.quiet = 1;
  cfg.threads = 8;
  cfg.heartbeat_ms = 300;
  cfg.max_body = 256 * 1024;
  Server *srv;
  if ((rc = server_start(&cfg, &srv, &port)) || port <= 0) {
    printf("not ok - server_start: %s\n", mj_errmsg());
    db_close(g_db);
    remove_db(g_dbpath);
    return 1;
  }

  RUN(test_full_flow);
  RUN(test_concurrency);
  RUN(test_rules);
  RUN(test_permissions);
  RUN(test_live_events);
  RUN(test_hostile);

  server_stop(srv);
  db_close(g_db);
  remove_db(g_dbpath);
  return DONE();
}
