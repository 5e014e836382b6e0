/*
** test_hansard_api: the electronic Hansard's JSON API against the real
** server, on a fresh demo parliament (seed 7, anchored on 2026-11-23),
** whose Hansard has a published sitting (provisional then final edition),
** a speech-recognition draft being edited and another as imported. With
** require_totp off and API tokens for the demo's Hansard staff and for
** members: who reads what (the public sees only published editions), the
** edit with optimistic concurrency and its 409, capability refusals (401,
** 403), takes, flags, certification refused with reasons, publishing an
** uncertified record refused, editions and their word diff, the member
** review with a member's correction decided by an editor, segment upload
** refused with its line, and hostile bodies that change nothing.
*/
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "user.h"
#include "web.h"

#define FMT(f, a) __attribute__((format(printf, f, a)))

static int port;

typedef struct U {
  char name[48];
  char tok[AUTH_TOKEN_HEX + 8];
} U;
static U rep1, rep2, ed, cert, memc, memx;
static int64_t sit_pub, sit_edit, sit_new;

/* ---------------------------------------------------------------- HTTP */
static int call_raw(const char *tok, const char *method, const char *path, const char *ctype, const char *body, size_t blen,
                    HttpResp *r) {
  char h[512];
  int n = snprintf(h, sizeof h, "Accept-Language: en\r\n");
  if (tok) n += snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", tok);
  if (ctype) snprintf(h + n, sizeof h - (size_t)n, "Content-Type: %s\r\n", ctype);
  if (!body && strcmp(method, "GET") != 0) body = "";
  return http_req(port, method, path, h, body, body ? blen : 0, r);
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

/* A JSON call: the reply's JSON (NULL if none); *status its status. */
static json_t *jcall(int *status, const char *tok, const char *method, const char *body, const char *fmt, ...) FMT(5, 6);
static json_t *jcall(int *status, const char *tok, const char *method, const char *body, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *path = vfmt(fmt, ap);
  va_end(ap);
  HttpResp r;
  int s = call_raw(tok, method, path, body ? "application/json" : NULL, body, body ? strlen(body) : 0, &r);
  if (status) *status = s;
  json_error_t e;
  json_t *j = r.body && r.body_len ? json_loadb(r.body, r.body_len, 0, &e) : NULL;
  if (s >= 400) {
    json_t *er = json_object_get(j, "error");
    if (!json_is_string(json_object_get(er, "code")) || !json_is_string(json_object_get(er, "message")))
      printf("#   not the error shape: %s %s -> %d %.200s\n", method, path, s, r.body ? r.body : "");
  }
  resp_free(&r);
  free(path);
  return j;
}

static int scall(const char *tok, const char *method, const char *body, const char *fmt, ...) FMT(4, 5);
static int scall(const char *tok, const char *method, const char *body, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *path = vfmt(fmt, ap);
  va_end(ap);
  int s;
  json_t *j = jcall(&s, tok, method, body, "%s", path);
  json_decref(j);
  free(path);
  return s;
}

static char *B(const char *fmt, ...) FMT(1, 2);
static char *B(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = vfmt(fmt, ap);
  va_end(ap);
  return s;
}

static const char *msg_of(json_t *j) { return json_string_value(json_object_get(json_object_get(j, "error"), "message")); }

/* ---------------------------------------------------------------- setup */
static int user_token(U *u, const char *name, const char *role, int64_t person) {
  Actor cli = audit_cli_actor();
  mj_strlcpy(u->name, name, sizeof u->name);
  if (role && user_create(g_db, &cli, name, NULL, name, role, person, NULL, NULL)) return -1;
  return auth_token_create(g_db, &cli, name, "test", 0, u->tok, NULL) ? -1 : 0;
}

static int setup(void) {
  if (test_open_demo("hansardapi")) return -1;
  if (db_meta_set(g_db, "require_totp", "0")) return -1;
  sit_pub = q_int("SELECT sitting_id FROM record WHERE status='final'");
  sit_edit = q_int("SELECT sitting_id FROM record WHERE status='drafting' ORDER BY sitting_id LIMIT 1");
  sit_new = q_int("SELECT sitting_id FROM record WHERE status='drafting' ORDER BY sitting_id DESC LIMIT 1");
  int64_t pc = q_int("SELECT person_id FROM speech WHERE sitting_id=%lld AND person_id IS NOT NULL ORDER BY position LIMIT 1",
                     (long long)sit_new);
  int64_t px = q_int("SELECT id FROM person WHERE id<>%lld ORDER BY id LIMIT 1", (long long)pc);
  if (user_token(&rep1, "reporter1", NULL, 0) || user_token(&rep2, "reporter2", NULL, 0) || user_token(&ed, "editor", NULL, 0) ||
      user_token(&cert, "certifier", NULL, 0) || user_token(&memc, "t_memc", "member", pc) || user_token(&memx, "t_memx", "member", px))
    return -1;
  return sit_pub > 0 && sit_edit > 0 && sit_new > 0 && sit_edit != sit_new ? 0 : -1;
}

/* ---------------------------------------------------------------- tests */
static void test_public_reads(void) {
  int s;
  json_t *j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_pub);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "view")), "edition");
  CHECK_STR(json_string_value(json_object_get(j, "status")), "final");
  CHECK_EQ_INT(json_array_size(json_object_get(j, "editions")), 2);
  CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(j, "edition"), "number")), 2);
  size_t n = json_array_size(json_object_get(j, "speeches"));
  CHECK_EQ_INT((int64_t)n, q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld", (long long)sit_pub));
  CHECK_EQ_INT(json_array_size(json_object_get(j, "takes")), 0);
  json_t *sp = json_array_get(json_object_get(j, "speeches"), 0);
  CHECK(json_is_string(json_object_get(sp, "text")));
  CHECK(json_is_null(json_object_get(sp, "draft_text")));
  CHECK_STR(json_string_value(json_object_get(sp, "source")), "generated");
  json_decref(j);
  /* a record in progress shows nothing to the public, everything to staff */
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_edit);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "view")), "none");
  CHECK_EQ_INT(json_array_size(json_object_get(j, "speeches")), 0);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "flags")), 0);
  json_decref(j);
  j = jcall(&s, rep1.tok, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_edit);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "view")), "current");
  CHECK_EQ_INT((int64_t)json_array_size(json_object_get(j, "speeches")),
               q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld", (long long)sit_edit));
  CHECK_EQ_INT((int64_t)json_array_size(json_object_get(j, "takes")), q_int("SELECT count(*) FROM take WHERE sitting_id=%lld", (long long)sit_edit));
  CHECK(json_array_size(json_object_get(j, "flags")) > 0);
  sp = json_array_get(json_object_get(j, "speeches"), 0);
  CHECK_STR(json_string_value(json_object_get(sp, "source")), "asr");
  CHECK_STR(json_string_value(json_object_get(sp, "engine")), "whisper.cpp");
  CHECK(json_is_real(json_object_get(sp, "confidence")));
  CHECK(json_is_string(json_object_get(sp, "draft_text")));
  CHECK(json_is_integer(json_object_get(sp, "take_id")));
  json_decref(j);
  /* one speech: Popolo-shaped; hidden from the public while in progress */
  int64_t sid = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND person_id IS NOT NULL ORDER BY position LIMIT 1", (long long)sit_edit);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/speeches/%lld", (long long)sid), 404);
  j = jcall(&s, rep1.tok, "GET", NULL, "/api/v1/speeches/%lld", (long long)sid);
  CHECK_EQ_INT(s, 200);
  char want[64];
  snprintf(want, sizeof want, "majlis:speech/%lld", (long long)sid);
  CHECK_STR(json_string_value(json_object_get(j, "id")), want);
  CHECK(json_is_string(json_object_get(j, "creator_id")));
  CHECK(json_is_object(json_object_get(j, "audio")));
  CHECK_STR(json_string_value(json_object_get(j, "engine_version")), "1.7.4 (ggml-large-v3)");
  CHECK_STR(json_string_value(json_object_get(j, "attribution")), "proposed");
  json_decref(j);
  int64_t pub = q_int("SELECT id FROM speech WHERE sitting_id=%lld ORDER BY position LIMIT 1", (long long)sit_pub);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/speeches/%lld", (long long)pub);
  CHECK_EQ_INT(s, 200);
  CHECK_CONTAINS(json_string_value(json_object_get(j, "text")), "الجَلسة"); /* the final edition's text */
  CHECK(!json_object_get(j, "version"));
  json_decref(j);
  /* WebVTT of the published record */
  HttpResp r;
  char path[96];
  snprintf(path, sizeof path, "/api/v1/sittings/%lld/record/vtt", (long long)sit_pub);
  CHECK_EQ_INT(call_raw(NULL, "GET", path, NULL, NULL, 0, &r), 200);
  CHECK(r.body && mj_startswith(r.body, "WEBVTT\n"));
  CHECK_CONTAINS(r.body, " --> ");
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/sittings/%lld/record/vtt", (long long)sit_edit);
  CHECK_EQ_INT(call_raw(NULL, "GET", path, NULL, NULL, 0, &r), 404);
  resp_free(&r);
}

/* Every flag of the demo's drafts comes with its detail (a detail cut
** inside a character was invalid UTF-8, which jansson refuses: the key went
** missing), exactly as stored; and the record has its agenda's sections. */
static void test_flag_details(void) {
  int64_t sits[2] = {sit_edit, sit_new};
  int cut = 0;
  for (int k = 0; k < 2; k++) {
    int s;
    json_t *j = jcall(&s, ed.tok, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sits[k]);
    CHECK_EQ_INT(s, 200);
    json_t *fl = json_object_get(j, "flags");
    CHECK_EQ_INT((int64_t)json_array_size(fl), q_int("SELECT count(*) FROM record_flag WHERE sitting_id=%lld", (long long)sits[k]));
    size_t i;
    json_t *f;
    int missing = 0, differ = 0;
    json_array_foreach(fl, i, f) {
      const char *d = json_string_value(json_object_get(f, "detail"));
      int64_t id = json_integer_value(json_object_get(f, "id"));
      if (!d) {
        if (missing++ < 3) printf("#   flag %lld has no detail\n", (long long)id);
        continue;
      }
      char *want = q_str("SELECT detail FROM record_flag WHERE id=%lld", (long long)id);
      differ += !want || strcmp(want, d) != 0;
      cut += strstr(d, "\xe2\x80\xa6") != NULL;
      free(want);
    }
    CHECK_EQ_INT(missing, 0);
    CHECK_EQ_INT(differ, 0);
    json_t *secs = json_object_get(j, "sections");
    CHECK_EQ_INT((int64_t)json_array_size(secs), q_int("SELECT count(*) FROM agenda_item WHERE sitting_id=%lld", (long long)sits[k]));
    json_t *x;
    int tied = 0;
    json_array_foreach(secs, i, x) tied += json_is_integer(json_object_get(x, "agenda_item_id"));
    CHECK_EQ_INT(tied, (int)json_array_size(secs));
    json_decref(j);
  }
  CHECK(cut >= 1); /* long low-confidence passages were cut, with an ellipsis */
}

static void test_edit_conflict(void) {
  int64_t rid = q_int("SELECT id FROM user WHERE name='reporter1'");
  int64_t sid = q_int("SELECT s.id FROM speech s JOIN take t ON t.id=s.take_id WHERE s.sitting_id=%lld AND t.reporter_id=%lld "
                      "AND t.status='draft' ORDER BY s.position LIMIT 1", (long long)sit_new, (long long)rid);
  CHECK(sid > 0);
  int v = (int)q_int("SELECT version FROM speech WHERE id=%lld", (long long)sid);
  char *body = B("{\"text\":\"نص محرر من المراسل.\",\"version\":%d}", v);
  CHECK_EQ_INT(scall(NULL, "POST", body, "/api/v1/speeches/%lld", (long long)sid), 401);
  CHECK_EQ_INT(scall(memc.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid), 403);
  CHECK_EQ_INT(scall(rep2.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid), 403); /* not rep2's take */
  int s;
  json_t *j = jcall(&s, rep1.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "version")), v + 1);
  json_decref(j);
  free(body);
  /* the editor saves over the version they loaded: 409, nothing written */
  body = B("{\"text\":\"نسخة المحرر\",\"version\":%d}", v);
  j = jcall(&s, ed.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid);
  CHECK_EQ_INT(s, 409);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "current_version")), v + 1);
  CHECK_STR(json_string_value(json_object_get(j, "edited_by")), "reporter1");
  CHECK(json_is_string(json_object_get(j, "edited_at")));
  CHECK_STR(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "conflict");
  json_decref(j);
  free(body);
  char *text = q_str("SELECT text FROM speech WHERE id=%lld", (long long)sid);
  CHECK_STR(text, "نص محرر من المراسل.");
  free(text);
  /* the editor confirms a speaker; a reporter may not */
  body = B("{\"version\":%d,\"confirm_attribution\":true}", v + 1);
  CHECK_EQ_INT(scall(rep1.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid), 403);
  CHECK_EQ_INT(scall(ed.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid), 200);
  free(body);
  text = q_str("SELECT attribution || ' ' || version FROM speech WHERE id=%lld", (long long)sid);
  char want[48];
  snprintf(want, sizeof want, "confirmed %d", v + 2);
  CHECK_STR(text, want);
  free(text);
  /* hostile bodies change nothing */
  char *before = q_str("SELECT group_concat(version || text, '|') FROM speech WHERE sitting_id=%lld", (long long)sit_new);
  int64_t audit0 = q_int("SELECT count(*) FROM audit");
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"x\"}", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"x\",\"version\":1,\"evil\":1}", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"x\",\"version\":1,\"version\":2}", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "[1]", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"   \",\"version\":3}", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"a\\u0001b\",\"version\":3}", "/api/v1/speeches/%lld", (long long)sid), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"x\",\"version\":1}", "/api/v1/speeches/0"), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"text\":\"x\",\"version\":1}", "/api/v1/speeches/99999999"), 404);
  char *after = q_str("SELECT group_concat(version || text, '|') FROM speech WHERE sitting_id=%lld", (long long)sit_new);
  CHECK_STR(after, before);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit"), audit0);
  free(before);
  free(after);
}

static void test_takes_flags_certify(void) {
  int64_t rid = q_int("SELECT id FROM user WHERE name='reporter1'");
  int64_t take = q_int("SELECT id FROM take WHERE sitting_id=%lld AND reporter_id=%lld AND status='draft' ORDER BY number LIMIT 1",
                       (long long)sit_new, (long long)rid);
  CHECK_EQ_INT(scall(NULL, "POST", "{\"status\":\"edited\"}", "/api/v1/takes/%lld/status", (long long)take), 401);
  CHECK_EQ_INT(scall(rep2.tok, "POST", "{\"status\":\"edited\"}", "/api/v1/takes/%lld/status", (long long)take), 403);
  CHECK_EQ_INT(scall(rep1.tok, "POST", "{\"status\":\"reviewed\"}", "/api/v1/takes/%lld/status", (long long)take), 403);
  CHECK_EQ_INT(scall(rep1.tok, "POST", "{\"status\":\"merged\"}", "/api/v1/takes/%lld/status", (long long)take), 400);
  int s;
  json_t *j = jcall(&s, rep1.tok, "POST", "{\"status\":\"edited\"}", "/api/v1/takes/%lld/status", (long long)take);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "status")), "edited");
  CHECK_STR(json_string_value(json_object_get(json_object_get(j, "reporter"), "name")), "reporter1");
  json_decref(j);
  int64_t flag = q_int("SELECT id FROM record_flag WHERE sitting_id=%lld AND status='open' ORDER BY id LIMIT 1", (long long)sit_new);
  CHECK_EQ_INT(scall(rep1.tok, "POST", "{\"resolution\":\"ok\"}", "/api/v1/flags/%lld/resolve", (long long)flag), 403);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{}", "/api/v1/flags/%lld/resolve", (long long)flag), 400);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"resolution\":\"checked against the recording\"}", "/api/v1/flags/%lld/resolve", (long long)flag), 200);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"resolution\":\"again\"}", "/api/v1/flags/%lld/resolve", (long long)flag), 409);
  /* certification: by the certifier only, refused with its reasons */
  CHECK_EQ_INT(scall(ed.tok, "POST", NULL, "/api/v1/sittings/%lld/record/certify", (long long)sit_edit), 403);
  j = jcall(&s, cert.tok, "POST", NULL, "/api/v1/sittings/%lld/record/certify", (long long)sit_edit);
  CHECK_EQ_INT(s, 409);
  CHECK_CONTAINS(msg_of(j), "open flag");
  CHECK_CONTAINS(msg_of(j), "not reviewed");
  CHECK_CONTAINS(msg_of(j), "proposed speaker");
  json_decref(j);
  /* an uncertified record cannot be published */
  j = jcall(&s, cert.tok, "POST", "{\"kind\":\"provisional\"}", "/api/v1/sittings/%lld/record/publish", (long long)sit_edit);
  CHECK_EQ_INT(s, 409);
  CHECK_CONTAINS(msg_of(j), "uncertified");
  json_decref(j);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM edition WHERE sitting_id=%lld", (long long)sit_edit), 0);
  CHECK_EQ_INT(scall(rep1.tok, "POST", "{\"kind\":\"final\"}", "/api/v1/sittings/%lld/record/publish", (long long)sit_edit), 403);
  CHECK_EQ_INT(scall(NULL, "POST", "{\"kind\":\"final\"}", "/api/v1/sittings/%lld/record/publish", (long long)sit_edit), 401);
  /* a segment file that fails says where, and imports nothing */
  int64_t segs = q_int("SELECT count(*) FROM asr_segment");
  HttpResp r;
  char path[160];
  snprintf(path, sizeof path, "/api/v1/sittings/%lld/record/segments?engine=whisper.cpp&format=vtt", (long long)sit_new);
  const char *bad = "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nx\n";
  CHECK_EQ_INT(call_raw(rep1.tok, "POST", path, "text/vtt", bad, strlen(bad), &r), 400);
  CHECK_CONTAINS(r.body, "body:3:");
  if (r.body && !strstr(r.body, "body:3:")) printf("#   %s\n", r.body);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM asr_segment"), segs);
}

static void test_editions_and_diff(void) {
  int s;
  json_t *j = jcall(&s, NULL, "GET", NULL, "/api/v1/sittings/%lld/editions", (long long)sit_pub);
  CHECK_EQ_INT(s, 200);
  json_t *eds = json_object_get(j, "editions");
  CHECK_EQ_INT(json_array_size(eds), 2);
  int64_t e1 = json_integer_value(json_object_get(json_array_get(eds, 0), "id"));
  int64_t e2 = json_integer_value(json_object_get(json_array_get(eds, 1), "id"));
  CHECK_STR(json_string_value(json_object_get(json_array_get(eds, 0), "kind")), "provisional");
  CHECK_STR(json_string_value(json_object_get(json_array_get(eds, 1), "kind")), "final");
  CHECK_EQ_INT((int64_t)strlen(json_string_value(json_object_get(json_array_get(eds, 1), "sha256"))), 64);
  json_decref(j);
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/editions/%lld", (long long)e1);
  CHECK_EQ_INT(s, 200);
  CHECK(json_array_size(json_object_get(json_object_get(j, "content"), "speeches")) > 0);
  json_decref(j);
  /* the final edition restored a word's vowel marks: one "marks" op */
  j = jcall(&s, NULL, "GET", NULL, "/api/v1/editions/%lld/diff?against=%lld", (long long)e2, (long long)e1);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "marks")), 1);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "ins")), 0);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "from")), e1);
  int marks = 0;
  size_t i;
  json_t *op;
  json_array_foreach(json_object_get(j, "ops"), i, op) {
    if (!strcmp(json_string_value(json_object_get(op, "op")), "marks")) {
      marks++;
      CHECK_CONTAINS(json_string_value(json_object_get(op, "text")), "الجَلسة");
      CHECK_CONTAINS(json_string_value(json_object_get(op, "old")), "الجلسة");
    }
  }
  CHECK_EQ_INT(marks, 1);
  json_decref(j);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/editions/%lld/diff?against=current", (long long)e2), 401);
  CHECK_EQ_INT(scall(memc.tok, "GET", NULL, "/api/v1/editions/%lld/diff?against=current", (long long)e2), 403);
  j = jcall(&s, ed.tok, "GET", NULL, "/api/v1/editions/%lld/diff?against=current", (long long)e2);
  CHECK_EQ_INT(s, 200);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "ins")) + json_integer_value(json_object_get(j, "del")), 0);
  json_decref(j);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/editions/%lld/diff", (long long)e2), 400);
  CHECK_EQ_INT(scall(NULL, "GET", NULL, "/api/v1/editions/99999/diff?against=1"), 404);
  /* the final edition: nothing changes any more */
  int64_t sid = q_int("SELECT id FROM speech WHERE sitting_id=%lld ORDER BY position LIMIT 1", (long long)sit_pub);
  int v = (int)q_int("SELECT version FROM speech WHERE id=%lld", (long long)sid);
  char *body = B("{\"text\":\"تغيير\",\"version\":%d}", v);
  CHECK_EQ_INT(scall(ed.tok, "POST", body, "/api/v1/speeches/%lld", (long long)sid), 409);
  free(body);
  CHECK_EQ_INT(scall(cert.tok, "POST", "{\"kind\":\"final\"}", "/api/v1/sittings/%lld/record/publish", (long long)sit_pub), 409);
}

static void test_member_review(void) {
  /* the editor merges every take of the newest sitting, resolves its
  ** flags and confirms speakers, then opens the member review */
  int s;
  json_t *j = jcall(&s, ed.tok, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_new);
  CHECK_EQ_INT(s, 200);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(j, "takes"), i, x) {
    if (strcmp(json_string_value(json_object_get(x, "status")), "reviewed"))
      CHECK_EQ_INT(scall(ed.tok, "POST", "{\"status\":\"reviewed\"}", "/api/v1/takes/%lld/status",
                         (long long)json_integer_value(json_object_get(x, "id"))), 200);
  }
  json_decref(j);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"hours\":0}", "/api/v1/sittings/%lld/record/review", (long long)sit_new), 400);
  CHECK_EQ_INT(scall(rep1.tok, "POST", "{\"hours\":24}", "/api/v1/sittings/%lld/record/review", (long long)sit_new), 403);
  j = jcall(&s, ed.tok, "POST", "{\"hours\":24}", "/api/v1/sittings/%lld/record/review", (long long)sit_new);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "status")), "member_review");
  CHECK(json_is_true(json_object_get(j, "review_open")));
  json_decref(j);
  /* the member sees their own speeches; corrects only them */
  int64_t pc = q_int("SELECT person_id FROM user WHERE name='t_memc'");
  int64_t own = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND person_id=%lld ORDER BY position LIMIT 1", (long long)sit_new,
                      (long long)pc);
  int64_t other = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND (person_id IS NULL OR person_id<>%lld) ORDER BY position LIMIT 1",
                        (long long)sit_new, (long long)pc);
  j = jcall(&s, memc.tok, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_new);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "view")), "none");
  CHECK_EQ_INT((int64_t)json_array_size(json_object_get(j, "mine")),
               q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld AND person_id=%lld", (long long)sit_new, (long long)pc));
  json_decref(j);
  const char *corr = "{\"text\":\"النص كما قلته فعلاً.\",\"reason\":\"خطأ في التفريغ\"}";
  CHECK_EQ_INT(scall(NULL, "POST", corr, "/api/v1/speeches/%lld/corrections", (long long)own), 401);
  CHECK_EQ_INT(scall(memx.tok, "POST", corr, "/api/v1/speeches/%lld/corrections", (long long)own), 403);
  CHECK_EQ_INT(scall(memc.tok, "POST", corr, "/api/v1/speeches/%lld/corrections", (long long)other), 403);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM speech_correction"), 0);
  j = jcall(&s, memc.tok, "POST", corr, "/api/v1/speeches/%lld/corrections", (long long)own);
  CHECK_EQ_INT(s, 201);
  CHECK_STR(json_string_value(json_object_get(j, "status")), "pending");
  int64_t cid = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  /* the editor sees it pending and accepts it; a member cannot decide */
  j = jcall(&s, ed.tok, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_new);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "corrections")), 1);
  json_decref(j);
  j = jcall(&s, rep1.tok, "GET", NULL, "/api/v1/sittings/%lld/record", (long long)sit_new);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "corrections")), 0);
  json_decref(j);
  CHECK_EQ_INT(scall(memc.tok, "POST", "{\"accept\":true}", "/api/v1/corrections/%lld/decision", (long long)cid), 403);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"note\":\"x\"}", "/api/v1/corrections/%lld/decision", (long long)cid), 400);
  j = jcall(&s, ed.tok, "POST", "{\"accept\":true,\"note\":\"يطابق التسجيل\"}", "/api/v1/corrections/%lld/decision", (long long)cid);
  CHECK_EQ_INT(s, 200);
  CHECK_STR(json_string_value(json_object_get(j, "status")), "accepted");
  CHECK_STR(json_string_value(json_object_get(j, "decided_by")), "editor");
  json_decref(j);
  char *text = q_str("SELECT text FROM speech WHERE id=%lld", (long long)own);
  CHECK_STR(text, "النص كما قلته فعلاً.");
  free(text);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"accept\":false}", "/api/v1/corrections/%lld/decision", (long long)cid), 409);
  CHECK_EQ_INT(scall(ed.tok, "POST", "{\"close\":true}", "/api/v1/sittings/%lld/record/review", (long long)sit_new), 200);
  CHECK_EQ_INT(scall(memc.tok, "POST", corr, "/api/v1/speeches/%lld/corrections", (long long)own), 409);
}

int main(void) {
  if (setup()) {
    printf("not ok - setup: %s\n", mj_errmsg());
    return 1;
  }
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_public_reads);
  RUN(test_flag_details);
  RUN(test_edit_conflict);
  RUN(test_takes_flags_certify);
  RUN(test_editions_and_diff);
  RUN(test_member_review);
  test_finish(srv);
  return DONE();
}
