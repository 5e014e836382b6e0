/*
** test_public_drafts: unpublished record text is never public, on any path
** (doc/hansard.md, "What the public sees"; the rule is the view
** public_speech of schema 12, src/domain/pubrec.h).
**
** A fresh demo parliament (seed 7, anchored on 2026-11-23) is served
** in-process. Its newest two chamber sittings hold speech-recognition drafts
** in the Hansard workflow with no edition. The test plants three words, each
** in nothing but one speech:
**   DRAFT_W  in a draft of a record in progress (the demo's middle sitting,
**            a speech with a speaker), by an editor's edit;
**   PUB_W    in a speech of the newest closed sitting that never entered
**            the workflow: the editor's edit brings it into the workflow (a
**            draft again), then it is certified and published;
**   CORR_W   a correction of that speech after its provisional edition,
**            which stays a draft until the next edition.
** At each stage every public path is asked for each word: the search page,
** GET /api/v1/search, the search domain function (`majlis search`), a
** spelling suggestion, /search.atom, a shared saved search's feed, the
** member page (with and without ?q=) and feed of the speaker,
** /feeds/records.atom, /api/v1/sittings/{id} and /api/v1/sittings,
** /api/v1/popolo, the sitting page, "more like this", and the e-mail alert
** digests (alerts_run) of a keyword and of the speakers. A draft word must
** be on none of them -- also for a signed-in editor -- and a published one
** on each. Last, `majlis check`'s test of the rule (pubrec_check) passes,
** and fails once a published record is changed behind the workflow's back.
*/
#include <jansson.h>
#include <signal.h>
#include <stdint.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "alerts.h"
#include "audit.h"
#include "auth.h"
#include "hansard.h"
#include "pubrec.h"
#include "savedsearch.h"
#include "search.h"
#include "user.h"

#define DRAFT_W "quoxfendral"
#define PUB_W "zintarbolic"
#define CORR_W "glarvenmoth"

static int port;
static char ed_tok[AUTH_TOKEN_HEX + 8];
static int64_t g_mid;                    /* the demo's middle sitting: a record in progress */
static int64_t g_draft, g_draft_person; /* a draft speech there, and its speaker */
static int64_t g_pub_sitting, g_pub, g_pub_person; /* the speech that gets published */
static int64_t g_saved;
static char g_share[SAVED_TOKEN_HEX + 8];

/* ---------------------------------------------------------------- helpers */

static MeetingActor as(Actor *a, unsigned caps, const char *name) {
  memset(a, 0, sizeof *a);
  a->user_name = name;
  a->address = "test";
  a->caps = caps;
  MeetingActor m = {a, 0};
  return m;
}

static int add_word(int64_t speech, const char *word) {
  Actor a;
  MeetingActor m = as(&a, CAP_HANSARD_REPORT | CAP_HANSARD_EDIT, "t_editor");
  char *text = q_str("SELECT text FROM speech WHERE id=%lld", (long long)speech);
  int version = (int)q_int("SELECT version FROM speech WHERE id=%lld", (long long)speech);
  /* at the start, so that excerpts (member pages, feeds, digests) hold it */
  Buf nt;
  buf_init(&nt, BUF_UNLIMITED);
  buf_printf(&nt, "%s %s", word, text);
  HansardEdit e = {nt.p, version, 0, NULL, NULL, 0};
  int ver;
  int rc = hansard_speech_edit(g_db, &m, speech, &e, &ver, NULL);
  if (rc) printf("#   editing speech %lld: %s\n", (long long)speech, mj_errmsg());
  buf_free(&nt);
  free(text);
  return rc;
}

static int publish(int64_t sitting, const char *kind) {
  Actor a;
  MeetingActor m = as(&a, CAP_HANSARD_CERTIFY | CAP_HANSARD_EDIT, "t_cert");
  int64_t id;
  int n = 0;
  if (hansard_certify(g_db, &m, sitting) || hansard_publish(g_db, &m, sitting, kind, NULL, &id, &n)) {
    printf("#   publishing %s: %s\n", kind, mj_errmsg());
    return 0;
  }
  return n;
}

/* GET path anonymously (editor: with the editor's token); the body (caller
** frees) or NULL when the status is not 200. */
static char *get(const char *path, int editor) {
  char h[300];
  int n = snprintf(h, sizeof h, "Accept-Language: en\r\n");
  if (editor) snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", ed_tok);
  HttpResp r;
  int st = http_req(port, "GET", path, h, NULL, 0, &r);
  char *body = NULL;
  if (st == 200) body = xstrdup(r.body ? r.body : "");
  else printf("#   GET %s: %d\n", path, st);
  resp_free(&r);
  return body;
}

static int status_of(const char *path) {
  HttpResp r;
  int st = GET(port, path, &r);
  resp_free(&r);
  return st;
}

/* How often the word is in the body of GET path (-1: not 200). */
static int count_in(const char *path, const char *word, int editor) {
  char *b = get(path, editor);
  if (!b) return -1;
  int n = 0;
  for (const char *s = b; (s = strstr(s, word)); s++) n++;
  free(b);
  return n;
}

static int has(const char *path, const char *needle) {
  char *b = get(path, 0);
  int yes = b && strstr(b, needle) != NULL;
  free(b);
  return yes;
}

/* A path in one of eight rotating buffers. */
static char *PATH(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *PATH(const char *fmt, ...) {
  static char pbuf[8][300];
  static int pk;
  pk = (pk + 1) % 8;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(pbuf[pk], sizeof pbuf[pk], fmt, ap);
  va_end(ap);
  return pbuf[pk];
}

/* Whether GET prefix+word+suffix shows the word more often than the same
** path shows a word that matches nothing (pages echo the query). */
static int shown_in(const char *prefix, const char *word, const char *suffix, int editor) {
  const char *none = "nomatchzzq";
  char *a = PATH("%s%s%s", prefix, strstr(prefix, "?") || strstr(prefix, "=") ? word : "", suffix);
  int with = count_in(a, word, editor);
  char *b = PATH("%s%s%s", prefix, strstr(prefix, "?") || strstr(prefix, "=") ? none : "", suffix);
  int base = count_in(b, none, editor);
  return with > 0 && with > base;
}

/* "total" of GET /api/v1/search?q=word (-1 on failure). */
static int api_total(const char *word) {
  char path[200];
  snprintf(path, sizeof path, "/api/v1/search?q=%s", word);
  char *b = get(path, 0);
  if (!b) return -1;
  json_t *o = json_loads(b, 0, NULL);
  free(b);
  int t = o && json_is_integer(json_object_get(o, "total")) ? (int)json_integer_value(json_object_get(o, "total")) : -1;
  json_decref(o);
  return t;
}

/* The speeches of GET /api/v1/sittings/{id}: their number, and in *with
** how many hold word. -1 on failure. */
static int api_sitting(int64_t id, const char *word, int *with) {
  *with = 0;
  char *b = get(PATH("/api/v1/sittings/%lld", (long long)id), 0);
  if (!b) return -1;
  json_t *o = json_loads(b, 0, NULL);
  free(b);
  json_t *sp = o ? json_object_get(o, "speeches") : NULL;
  int n = json_is_array(sp) ? (int)json_array_size(sp) : -1;
  for (int i = 0; i < n; i++) {
    const char *t = json_string_value(json_object_get(json_array_get(sp, (size_t)i), "text"));
    if (t && strstr(t, word)) (*with)++;
  }
  json_decref(o);
  return n;
}

/* The "speeches" count of sitting id in GET /api/v1/sittings (-1: absent). */
static int api_sittings_count(int64_t id) {
  char *b = get("/api/v1/sittings?limit=500", 0);
  if (!b) return -1;
  json_t *o = json_loads(b, 0, NULL);
  free(b);
  json_t *arr = o ? json_object_get(o, "sittings") : NULL;
  int n = -1;
  for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
    json_t *s = json_array_get(arr, i);
    if (json_integer_value(json_object_get(s, "id")) == id) n = (int)json_integer_value(json_object_get(s, "speeches"));
  }
  json_decref(o);
  return n;
}

/* Every digest alerts_run would send now (dry run: the watermarks stay). */
typedef struct Mail {
  Buf all;
  int n;
} Mail;
static int got(void *arg, const AlertSub *s, const char *subject, const char *body, const char *unsub) {
  Mail *m = arg;
  (void)s;
  (void)unsub;
  m->n++;
  buf_printf(&m->all, "%s\n%s\n", subject, body);
  return MJ_OK;
}
static char *digests(void) {
  Mail m;
  buf_init(&m.all, BUF_UNLIMITED);
  m.n = 0;
  AlertRun run;
  if (alerts_run(g_db, "http://majlis.test", 1, mj_now_ms() / 1000, got, &m, &run))
    printf("#   alerts_run: %s\n", mj_errmsg());
  char *s = xstrdup(m.all.p ? m.all.p : "");
  buf_free(&m.all);
  return s;
}

static int subscribe(const char *email, const char *kind, const char *target) {
  Arena *a = arena_new();
  AlertSub sub;
  char tok[65];
  int64_t now = mj_now_ms() / 1000;
  int rc = alerts_subscribe(g_db, a, email, "en", kind, target, "127.0.0.1", now, &sub, tok);
  if (!rc) rc = alerts_confirm(g_db, a, tok, now, &sub);
  if (rc) printf("#   subscribing %s: %s\n", email, mj_errmsg());
  arena_free(a);
  return rc;
}

/* The number of hits of the search domain function (what `majlis search` and
** every search face run). */
static int domain_hits(const char *q) {
  Arena *a = arena_new();
  SearchHit *h;
  int n = 0, total = -1;
  if (search_speeches(g_db, a, q, 10, 0, &h, &n, &total)) printf("#   search_speeches: %s\n", mj_errmsg());
  arena_free(a);
  return total;
}

/* Every public path for word: 0 when the word is absent from all, else the
** number of paths that show it. `where` names them in the output. */
/* revised: the speech holding the word is being corrected after its
** edition; a member page's search by words leaves it out until the next
** edition (doc/hansard.md, "What the public sees"). */
static int public_paths(const char *word, int want_present, int revised) {
  int shown = 0;
  char p[300];
#define SEEN(cond, what)                                                                          \
  do {                                                                                            \
    int th_s = (cond);                                                                            \
    shown += th_s;                                                                                \
    if (th_s != want_present) printf("#   %s: %s %s\n", word, what, th_s ? "shows it" : "does not show it"); \
  } while (0)
  SEEN(shown_in("/search?q=", word, "", 0), "/search");
  SEEN(shown_in("/search?q=", word, "", 1), "/search (as an editor)");
  SEEN(api_total(word) > 0, "/api/v1/search");
  SEEN(domain_hits(word) > 0, "search_speeches");
  SEEN(shown_in("/search.atom?q=", word, "", 0), "/search.atom");
  snprintf(p, sizeof p, "/searches/%lld.atom?token=%s", (long long)g_saved, g_share);
  SEEN(count_in(p, word, 0) > 0, "the saved search's feed");
  int64_t person = strcmp(word, DRAFT_W) == 0 ? g_draft_person : g_pub_person;
  if (!revised) SEEN(shown_in(PATH("/members/%lld?q=", (long long)person), word, "", 0), "the member page's search");
  else CHECK(!shown_in(PATH("/members/%lld?q=", (long long)person), word, "", 0));
  SEEN(count_in(PATH("/members/%lld", (long long)person), word, 0) > 0, "the member page");
  SEEN(count_in(PATH("/members/%lld/speeches.atom", (long long)person), word, 0) > 0, "the member's feed");
  int64_t sitting = strcmp(word, DRAFT_W) == 0 ? g_mid : g_pub_sitting;
  int with = 0;
  api_sitting(sitting, word, &with);
  SEEN(with > 0, "/api/v1/sittings/{id}");
  SEEN(count_in(PATH("/sittings/%lld", (long long)sitting), word, 0) > 0, "the sitting page");
  SEEN(count_in("/api/v1/popolo", word, 0) > 0, "/api/v1/popolo");
  char *d = digests();
  SEEN(strstr(d, word) != NULL, "the alert digests");
  free(d);
#undef SEEN
  return shown;
}

/* ---------------------------------------------------------------- tests */

static void test_draft_never_public(void) {
  CHECK_EQ_INT(add_word(g_draft, DRAFT_W), MJ_OK);
  /* and a new draft speech, as the next speech-recognition import adds one
  ** (new to the alerts' watermarks) */
  CHECK_EQ_INT(q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text, source, engine, attribution) "
                      "VALUES(%lld, (SELECT max(position)+1 FROM speech WHERE sitting_id=%lld), %lld, 'speech', 'ar', "
                      "'%s في المسودة الآلية للجلسة', 'asr', 'whisper.cpp', 'proposed')",
                      (long long)g_mid, (long long)g_mid, (long long)g_draft_person, DRAFT_W), 0);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM speech WHERE text LIKE '%%%s%%'", DRAFT_W), 2);
  /* the editor's own screen has it: the word is really there */
  CHECK(count_in(PATH("/sittings/%lld/record/edit?take=all", (long long)g_mid), DRAFT_W, 1) > 0);
  CHECK_EQ_INT(public_paths(DRAFT_W, 0, 0), 0);
  /* no trace of the draft speech itself */
  CHECK(!has(PATH("/members/%lld", (long long)g_draft_person), PATH("speech-%lld\"", (long long)g_draft)));
  CHECK(!has(PATH("/members/%lld/speeches.atom", (long long)g_draft_person), PATH("#speech-%lld<", (long long)g_draft)));
  CHECK(!has("/api/v1/popolo", PATH("majlis:speech/%lld\"", (long long)g_draft)));
  CHECK_EQ_INT(status_of(PATH("/api/v1/speeches/%lld/similar", (long long)g_draft)), 404);
  CHECK_EQ_INT(status_of(PATH("/search?like=%lld", (long long)g_draft)), 404);
  CHECK_EQ_INT(status_of(PATH("/api/v1/speeches/%lld", (long long)g_draft)), 404);
  /* a sitting whose record is in progress: no speeches, not in the records feed */
  int with = 0;
  CHECK_EQ_INT(api_sitting(g_mid, DRAFT_W, &with), 0);
  CHECK_EQ_INT(api_sittings_count(g_mid), 0);
  CHECK(!has("/feeds/records.atom", PATH("/sittings/%lld<", (long long)g_mid)));
  CHECK(has(PATH("/sittings/%lld", (long long)g_mid), "being prepared"));
  /* "did you mean": never a word of a draft */
  char *b = get("/search?q=quoxfendrel", 0);
  CHECK(b && !strstr(b, DRAFT_W));
  free(b);
  /* the same through the domain: no hit, no suggestion */
  Arena *a = arena_new();
  SearchQuery q;
  CHECK_EQ_INT(search_parse(a, "quoxfendrel", &q), MJ_OK);
  SearchOptions o;
  memset(&o, 0, sizeof o);
  o.limit = 10;
  o.facets = 1;
  o.suggest = 1;
  SearchResult res;
  CHECK_EQ_INT(search_run(g_db, a, &q, &o, &res), MJ_OK);
  CHECK_EQ_INT(res.total, 0);
  CHECK(res.suggestion == NULL || !strstr(res.suggestion, DRAFT_W));
  arena_free(a);
}

static void test_published_is_public(void) {
  /* before: a record of its own; the edit makes the speech a draft */
  CHECK(has("/feeds/records.atom", PATH("/sittings/%lld<", (long long)g_pub_sitting)));
  CHECK(api_sittings_count(g_pub_sitting) > 0);
  CHECK_EQ_INT(add_word(g_pub, PUB_W), MJ_OK);
  CHECK_EQ_INT(public_paths(PUB_W, 0, 0), 0);
  CHECK(!has("/feeds/records.atom", PATH("/sittings/%lld<", (long long)g_pub_sitting)));
  CHECK_EQ_INT(api_sittings_count(g_pub_sitting), 0);
  /* published: on every path */
  CHECK_EQ_INT(publish(g_pub_sitting, "provisional"), 1);
  CHECK_EQ_INT(public_paths(PUB_W, 1, 0), 13);
  CHECK(has("/feeds/records.atom", PATH("/sittings/%lld<", (long long)g_pub_sitting)));
  CHECK_EQ_INT(api_sittings_count(g_pub_sitting), q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld", (long long)g_pub_sitting));
  char p[200];
  snprintf(p, sizeof p, "/search?q=%s", PUB_W);
  CHECK(has(p, PATH("#speech-%lld\"", (long long)g_pub)));
  CHECK_EQ_INT(api_total(PUB_W), 1);
  /* "did you mean" offers a published word */
  CHECK(has("/search?q=zintarbolik", PUB_W));
  /* the alerts name the speech once it is published */
  char *d = digests();
  CHECK(strstr(d, PATH("#speech-%lld", (long long)g_pub)) != NULL);
  free(d);
}

static void test_correction_waits_for_next_edition(void) {
  CHECK_EQ_INT(add_word(g_pub, CORR_W), MJ_OK);
  char *status = q_str("SELECT status FROM record WHERE sitting_id=%lld", (long long)g_pub_sitting);
  CHECK_STR(status, "drafting"); /* the change reopened the record */
  free(status);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM revised_speech WHERE id=%lld", (long long)g_pub), 1);
  CHECK_EQ_INT(public_paths(CORR_W, 0, 0), 0);
  /* the published text is still found, and shown as published */
  CHECK_EQ_INT(public_paths(PUB_W, 1, 1), 12);
  char p[200];
  snprintf(p, sizeof p, "/api/v1/search?q=%s", PUB_W);
  CHECK(!has(p, CORR_W));
  /* a word the correction added finds nothing, also combined with a published one */
  CHECK_EQ_INT(api_total("%22" PUB_W "+" CORR_W "%22"), 0);
  CHECK_EQ_INT(api_total(PUB_W "+" CORR_W), 1); /* ranked: any word; found by the published one */
  /* the next edition publishes it everywhere */
  CHECK_EQ_INT(publish(g_pub_sitting, "final"), 2);
  CHECK_EQ_INT(public_paths(CORR_W, 1, 0), 13);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM revised_speech"), 0);
}

static void test_staff_and_headers(void) {
  /* still nothing of the draft, after all that */
  CHECK_EQ_INT(public_paths(DRAFT_W, 0, 0), 0);
  /* the record API shows drafts to Hansard staff only */
  CHECK(count_in(PATH("/api/v1/sittings/%lld/record", (long long)g_mid), DRAFT_W, 1) > 0);
  CHECK_EQ_INT(count_in(PATH("/api/v1/sittings/%lld/record", (long long)g_mid), DRAFT_W, 0), 0);
  /* the editor's audio player may play recordings from an HTTPS media server */
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/", &r), 200);
  char csp[600] = "";
  resp_header(&r, "Content-Security-Policy", csp, sizeof csp);
  CHECK(strstr(csp, "media-src 'self' https:;") != NULL);
  CHECK(strstr(csp, "default-src 'none'") != NULL);
  resp_free(&r);
}

static void test_check(void) {
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  CHECK_EQ_INT(pubrec_check(g_db, &b), MJ_OK);
  CHECK_CONTAINS(b.p, "public record: ok (");
  CHECK_EQ_INT(q_int("SELECT count(*) FROM edition_speech WHERE sitting_id=%lld", (long long)g_pub_sitting),
               q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld", (long long)g_pub_sitting));
  /* a final record changed without reopening it is reported */
  buf_reset(&b);
  CHECK_EQ_INT(q_exec("UPDATE speech SET version=version+1 WHERE id=%lld", (long long)g_pub), 0);
  CHECK_EQ_INT(pubrec_check(g_db, &b), MJ_EINVAL);
  CHECK_CONTAINS(b.p, "public record: DIFFERS");
  CHECK_CONTAINS(b.p, PATH("sittings %lld", (long long)g_pub_sitting));
  buf_free(&b);
}

static int setup(void) {
  g_mid = q_int("SELECT coalesce((SELECT r.sitting_id FROM record r JOIN sitting s ON s.id=r.sitting_id WHERE r.status='drafting' "
                "AND NOT EXISTS (SELECT 1 FROM edition e WHERE e.sitting_id=r.sitting_id) "
                "AND EXISTS (SELECT 1 FROM speech sp WHERE sp.sitting_id=r.sitting_id AND sp.person_id IS NOT NULL) "
                "ORDER BY s.date LIMIT 1), 0)");
  g_draft = q_int("SELECT coalesce((SELECT id FROM speech WHERE sitting_id=%lld AND person_id IS NOT NULL AND source='asr' "
                  "ORDER BY position LIMIT 1), 0)", (long long)g_mid);
  g_draft_person = q_int("SELECT coalesce((SELECT person_id FROM speech WHERE id=%lld), 0)", (long long)g_draft);
  /* the newest closed sitting outside the workflow; its speaker with the
  ** fewest public speeches in the sittings since, so the member's newest 20
  ** hold the speech */
  g_pub_sitting = q_int("SELECT coalesce((SELECT id FROM sitting s WHERE status='closed' AND NOT EXISTS (SELECT 1 FROM record r "
                        "WHERE r.sitting_id=s.id) AND EXISTS (SELECT 1 FROM speech sp WHERE sp.sitting_id=s.id) "
                        "ORDER BY date DESC, id DESC LIMIT 1), 0)");
  g_pub_person = q_int("SELECT coalesce((SELECT sp.person_id FROM speech sp JOIN sitting s ON s.id=sp.sitting_id "
                       "WHERE sp.sitting_id=%lld AND sp.person_id IS NOT NULL AND sp.kind='speech' GROUP BY sp.person_id "
                       "ORDER BY (SELECT count(*) FROM public_speech x JOIN sitting y ON y.id=x.sitting_id "
                       "WHERE x.person_id=sp.person_id AND y.date>=s.date), sp.person_id LIMIT 1), 0)",
                       (long long)g_pub_sitting);
  g_pub = q_int("SELECT coalesce((SELECT id FROM speech WHERE sitting_id=%lld AND person_id=%lld AND kind='speech' "
                "ORDER BY position DESC LIMIT 1), 0)", (long long)g_pub_sitting, (long long)g_pub_person);
  if (g_mid <= 0 || g_draft <= 0 || g_draft_person <= 0 || g_pub_sitting <= 0 || g_pub_person <= 0 || g_pub <= 0) {
    printf("#   the demo has no suitable sittings (%lld %lld %lld %lld %lld)\n", (long long)g_mid, (long long)g_draft,
           (long long)g_draft_person, (long long)g_pub_sitting, (long long)g_pub);
    return 0;
  }
  /* none of the words is in the demo yet */
  if (q_int("SELECT count(*) FROM speech WHERE text LIKE '%%" DRAFT_W "%%' OR text LIKE '%%" PUB_W "%%' OR text LIKE '%%" CORR_W "%%'"))
    return 0;
  Actor cli = audit_cli_actor();
  int64_t uid = 0;
  /* staff without two-factor sign-in keep their roles' capabilities (a test) */
  if (db_meta_set(g_db, "require_totp", "0")) return 0;
  if (user_create(g_db, &cli, "t_editor", NULL, "t_editor", "editor", 0, NULL, NULL) ||
      auth_token_create(g_db, &cli, "t_editor", "test", 0, ed_tok, NULL) ||
      user_create(g_db, &cli, "t_reader", NULL, "t_reader", "member", 0, NULL, &uid)) {
    printf("#   users: %s\n", mj_errmsg());
    return 0;
  }
  /* a shared saved search of all three words (any of them), and alerts */
  Actor reader = {uid, "t_reader", "test", user_role_find("member")->caps};
  Arena *a = arena_new();
  SavedSearch ss;
  int rc = savedsearch_create(g_db, &reader, a, "words", DRAFT_W " " PUB_W " " CORR_W, "date", 0, 1, &ss);
  if (!rc) {
    g_saved = ss.id;
    mj_strlcpy(g_share, ss.share_token ? ss.share_token : "", sizeof g_share);
  } else {
    printf("#   saved search: %s\n", mj_errmsg());
  }
  arena_free(a);
  char target[32];
  /* capitals: the digest repeats what is followed, the words in speeches are lower case */
  if (!rc) rc = subscribe("words@example.org", "keyword", "QUOXFENDRAL ZINTARBOLIC GLARVENMOTH");
  snprintf(target, sizeof target, "%lld", (long long)g_draft_person);
  if (!rc) rc = subscribe("draft-speaker@example.org", "member", target);
  snprintf(target, sizeof target, "%lld", (long long)g_pub_person);
  if (!rc && g_pub_person != g_draft_person) rc = subscribe("pub-speaker@example.org", "member", target);
  return rc == MJ_OK && *g_share;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (test_open_demo("public_drafts")) return 1;
  if (!setup()) {
    printf("not ok - setup\n");
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_draft_never_public);
  RUN(test_published_is_public);
  RUN(test_correction_waits_for_next_edition);
  RUN(test_staff_and_headers);
  RUN(test_check);
  test_finish(srv);
  return DONE();
}
