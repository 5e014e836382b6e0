/*
** test_record_pages: the Hansard's screens end to end. A fresh demo
** parliament (seed 7, anchored on 2026-11-23) is served in-process; the
** test takes a closed sitting with generated speeches, and a reporter, an
** editor, a certifier and a member (linked to a speaker of that sitting),
** each with an API token. Then:
**   - nothing public before an edition is published: the record page says
**     so, the PDF, the printable view and the permalinks answer 404, and
**     once the record is in the workflow the sitting page hides the text;
**   - edition 1 published: the record, the print view, the PDF (with its
**     ETag), the permalink with its neighbours and agenda links;
**   - an editor's later changes (a new word, a diacritic) never reach the
**     public pages until edition 2 is published; then edition 2 shows them,
**     edition 1 still shows the old text, and edition 2's page shows the
**     word-level changes with the diacritics-only change marked apart;
**   - who may see and post what (anonymous, member, reporter, editor,
**     certifier), forms that change nothing when refused;
**   - the edit form's conflict page on a stale version;
**   - Arabic and English, right to left and left to right; bad ids.
*/
#include <signal.h>
#include <stdint.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "hansard.h"
#include "user.h"

static int port;

/* LeakSanitizer (check-asan): fontconfig keeps a few hundred bytes of its
** configuration parse, allocated when pango loads it on a thread of its own
** for the first PDF, and never frees them; not ours to free, so that
** library's allocations are not reported. Ours still are. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

typedef struct U {
  char name[48];
  char tok[AUTH_TOKEN_HEX + 8];
} U;
static U reporter, editor, certifier, member, outsider;
static int64_t g_sitting, g_person, g_speech, g_speech2, g_speech3, g_other;
static int64_t g_sec1, g_sec2, g_item; /* two sections of the record, the first on an agenda item */
static char *g_text1;  /* the published text of g_speech in edition 1 */

#define MARKER "UNPUBLISHEDDRAFTWORD"

static int make_user(U *u, const char *name, const char *role, int64_t person) {
  Actor cli = audit_cli_actor();
  snprintf(u->name, sizeof u->name, "%s", name);
  if (user_create(g_db, &cli, name, NULL, name, role, person, NULL, NULL) ||
      auth_token_create(g_db, &cli, name, "test", 0, u->tok, NULL)) {
    printf("#   user %s: %s\n", name, mj_errmsg());
    return 0;
  }
  return 1;
}

/* A request as user u (NULL: anonymous), in language lang. */
static int req(const U *u, const char *method, const char *path, const char *form, HttpResp *r) {
  char h[600];
  int n = snprintf(h, sizeof h, "Accept-Language: en\r\n");
  if (u) n += snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", u->tok);
  if (form) snprintf(h + n, sizeof h - (size_t)n, "Content-Type: application/x-www-form-urlencoded\r\n");
  return http_req(port, method, path, h, form ? form : (strcmp(method, "GET") ? "" : NULL), form ? strlen(form) : 0, r);
}

static int get_lang(const char *path, const char *lang, HttpResp *r) {
  char h[64];
  snprintf(h, sizeof h, "Accept-Language: %s\r\n", lang);
  return http_req(port, "GET", path, h, NULL, 0, r);
}

/* 1 when the page holds `text` as the formatter would write it (escaped). */
static int has_text(const char *body, const char *text) {
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  html_escape(&b, text);
  int ok = body && b.p && strstr(body, b.p) != NULL;
  buf_free(&b);
  return ok;
}

/* The first n bytes of a text, cut at a character boundary. */
static char *lead(const char *s, size_t n) {
  size_t k = strlen(s) < n ? strlen(s) : n;
  while (k && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
  return xstrndup(s, k);
}

static void urlenc(const char *s, Buf *out) {
  static const char hx[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_') {
      buf_putc(out, (char)*p);
    } else {
      char e[3] = {'%', hx[*p >> 4], hx[*p & 15]};
      buf_append(out, e, 3);
    }
  }
}

static MeetingActor as(Actor *a, unsigned caps, const char *name) {
  a->user_id = 0;
  a->user_name = name;
  a->address = "test";
  a->caps = caps;
  MeetingActor m = {a, 0};
  return m;
}

static int publish(const char *kind) {
  Actor a;
  MeetingActor m = as(&a, CAP_HANSARD_CERTIFY | CAP_HANSARD_EDIT, "t_cert");
  int64_t id;
  int n;
  if (hansard_certify(g_db, &m, g_sitting) || hansard_publish(g_db, &m, g_sitting, kind, NULL, &id, &n)) {
    printf("#   publish %s: %s\n", kind, mj_errmsg());
    return 0;
  }
  return n;
}

/* fmt with its one "%lld" replaced by a (fmt may come from a table). */
static void path_of(char *out, size_t n, const char *fmt, long long a) {
  const char *at = strstr(fmt, "%lld");
  if (!at) {
    snprintf(out, n, "%s", fmt);
    return;
  }
  snprintf(out, n, "%.*s%lld%s", (int)(at - fmt), fmt, a, at + 4);
}

/* ---------------------------------------------------------------- tests */

static void test_nothing_before_publication(void) {
  HttpResp r;
  char p[128];
  path_of(p, sizeof p, "/sittings/%lld/record", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK_CONTAINS(r.body, "has not been published yet");
  char *l = lead(g_text1, 60);
  CHECK(!has_text(r.body, l));
  resp_free(&r);
  const char *fmts[] = {"/sittings/%lld/record.pdf", "/sittings/%lld/record/print", "/sittings/%lld/record/editions/1",
                        "/sittings/%lld/record.akn", "/sittings/%lld/record.tei"};
  for (int i = 0; i < 5; i++) {
    path_of(p, sizeof p, fmts[i], (long long)g_sitting);
    CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 404);
    CHECK(!has_text(r.body, l));
    resp_free(&r);
  }
  path_of(p, sizeof p, "/speeches/%lld", (long long)g_speech);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 404);
  CHECK(!has_text(r.body, l));
  resp_free(&r);
  /* a sitting that never entered the Hansard workflow shows its speeches
  ** as before; once its record exists, its page waits for an edition */
  path_of(p, sizeof p, "/sittings/%lld", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK(has_text(r.body, l));
  resp_free(&r);
  Actor a;
  MeetingActor m = as(&a, CAP_HANSARD_REPORT, "t_rep");
  CHECK_EQ_INT(hansard_record_ensure(g_db, &m, g_sitting), MJ_OK);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK(!has_text(r.body, l));
  CHECK_CONTAINS(r.body, "is being prepared");
  char link[96];
  snprintf(link, sizeof link, "href=\"/sittings/%lld/record\"", (long long)g_sitting);
  CHECK_CONTAINS(r.body, link);
  resp_free(&r);
  free(l);
}

static void test_first_edition(void) {
  CHECK_EQ_INT(publish("provisional"), 1);
  HttpResp r;
  char p[128], want[160];
  char *l = lead(g_text1, 60);
  path_of(p, sizeof p, "/sittings/%lld/record", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK(has_text(r.body, l));
  CHECK_CONTAINS(r.body, "Provisional edition 1");
  /* every speech of the sitting, each with its anchor and permalink */
  int64_t n = q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld", (long long)g_sitting);
  int anchors = 0;
  for (const char *s = r.body; (s = strstr(s, "<article class=\"rec-speech")); s++) anchors++;
  CHECK_EQ_INT(anchors, n);
  snprintf(want, sizeof want, "id=\"speech-%lld\"", (long long)g_speech);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "href=\"/speeches/%lld\"", (long long)g_speech);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "href=\"/members/%lld\"", (long long)g_person);
  CHECK_CONTAINS(r.body, want);
  CHECK_CONTAINS(r.body, "record/print");
  CHECK_CONTAINS(r.body, "record.pdf");
  CHECK_CONTAINS(r.body, "record.akn\" type=\"application/akn+xml\"");
  CHECK_CONTAINS(r.body, "record.tei\" type=\"application/tei+xml\"");
  /* sections: headings in the contents and the text, in order, with the
  ** agenda item and the votes taken on it linked */
  snprintf(want, sizeof want, "<a href=\"#section-%lld\">SECTIONONE", (long long)g_sec1);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "id=\"section-%lld\">SECTIONONE", (long long)g_sec1);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "<h3 class=\"rec-section\" id=\"section-%lld\">SECTIONTWO", (long long)g_sec2);
  CHECK_CONTAINS(r.body, want);
  const char *h1 = strstr(r.body, "id=\"section-"), *h2 = h1 ? strstr(h1 + 1, "SECTIONTWO") : NULL;
  int64_t first = q_int("SELECT id FROM speech WHERE sitting_id=%lld ORDER BY position LIMIT 1", (long long)g_sitting);
  snprintf(want, sizeof want, "id=\"speech-%lld\"", (long long)first);
  const char *sp1 = strstr(r.body, want);
  CHECK(h1 && h2 && sp1 && h1 < sp1 && sp1 < h2);
  snprintf(want, sizeof want, "href=\"/sittings/%lld#item-%lld\"", (long long)g_sitting, (long long)g_item);
  CHECK_CONTAINS(r.body, want);
  int64_t vote = q_int("SELECT coalesce((SELECT id FROM vote_event WHERE agenda_item_id=%lld AND status='closed' LIMIT 1),0)",
                       (long long)g_item);
  if (vote) {
    snprintf(want, sizeof want, "href=\"/votes/%lld\"", (long long)vote);
    CHECK_CONTAINS(r.body, want);
  }
  resp_free(&r);
  /* the sitting page now shows the published text */
  path_of(p, sizeof p, "/sittings/%lld", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK(has_text(r.body, l));
  snprintf(want, sizeof want, "id=\"speech-%lld\"", (long long)g_speech);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  /* the printable view: the text, no site navigation */
  path_of(p, sizeof p, "/sittings/%lld/record/print", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK_CONTAINS(r.body, "class=\"print-view\"");
  CHECK(has_text(r.body, l));
  CHECK(!strstr(r.body, "<nav"));
  CHECK(!strstr(r.body, "class=\"permalink\""));
  resp_free(&r);
  free(l);
}

static void test_permalink(void) {
  HttpResp r;
  char p[128], want[200];
  path_of(p, sizeof p, "/speeches/%lld", (long long)g_speech);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  char *name = q_str("SELECT coalesce(name_en, name_ar) FROM person WHERE id=%lld", (long long)g_person);
  CHECK(has_text(r.body, name));
  free(name);
  CHECK(has_text(r.body, g_text1));
  snprintf(want, sizeof want, "href=\"/sittings/%lld/record#speech-%lld\"", (long long)g_sitting, (long long)g_speech);
  CHECK_CONTAINS(r.body, want);
  int64_t prev = q_int("SELECT coalesce((SELECT id FROM speech WHERE sitting_id=%lld AND position<(SELECT position FROM speech "
                       "WHERE id=%lld) ORDER BY position DESC LIMIT 1),0)", (long long)g_sitting, (long long)g_speech);
  int64_t next = q_int("SELECT coalesce((SELECT id FROM speech WHERE sitting_id=%lld AND position>(SELECT position FROM speech "
                       "WHERE id=%lld) ORDER BY position LIMIT 1),0)", (long long)g_sitting, (long long)g_speech);
  if (prev) {
    snprintf(want, sizeof want, "rel=\"prev\" href=\"/speeches/%lld\"", (long long)prev);
    CHECK_CONTAINS(r.body, want);
  }
  if (next) {
    snprintf(want, sizeof want, "rel=\"next\" href=\"/speeches/%lld\"", (long long)next);
    CHECK_CONTAINS(r.body, want);
  }
  CHECK(prev || next);
  int64_t item = q_int("SELECT coalesce(agenda_item_id,0) FROM speech WHERE id=%lld", (long long)g_speech);
  if (item) {
    snprintf(want, sizeof want, "href=\"/sittings/%lld#item-%lld\"", (long long)g_sitting, (long long)item);
    CHECK_CONTAINS(r.body, want);
  }
  CHECK_CONTAINS(r.body, "<meta property=\"og:title\"");
  resp_free(&r);
  const char *bad[] = {"/speeches/0", "/speeches/abc", "/speeches/99999999", "/speeches/-1"};
  for (int i = 0; i < 4; i++) {
    CHECK_EQ_INT(req(NULL, "GET", bad[i], NULL, &r), 404);
    resp_free(&r);
  }
  /* a speech of a sitting with no edition */
  path_of(p, sizeof p, "/speeches/%lld", (long long)g_other);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 404);
  resp_free(&r);
}

static void test_pdf_route(void) {
  HttpResp r;
  char p[128], etag[200] = "", ct[80] = "", h[300];
  path_of(p, sizeof p, "/sittings/%lld/record.pdf", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  resp_header(&r, "Content-Type", ct, sizeof ct);
  CHECK_STR(ct, "application/pdf");
  CHECK(r.body_len > 1000 && memcmp(r.body, "%PDF-", 5) == 0);
  CHECK(resp_header(&r, "ETag", etag, sizeof etag));
  CHECK(memmem(r.body, r.body_len, "/Outlines", 9) != NULL); /* the sections as bookmarks */
  size_t len1 = r.body_len;
  resp_free(&r);
  snprintf(h, sizeof h, "Accept-Language: en\r\nIf-None-Match: %s\r\n", etag);
  CHECK_EQ_INT(http_req(port, "GET", p, h, NULL, 0, &r), 304);
  resp_free(&r);
  /* another language is another file */
  CHECK_EQ_INT(get_lang(p, "ar", &r), 200);
  char etag2[200] = "";
  resp_header(&r, "ETag", etag2, sizeof etag2);
  CHECK(strcmp(etag, etag2) != 0);
  CHECK(r.body_len != len1 || memcmp(r.body, "%PDF-", 5) == 0);
  resp_free(&r);
  path_of(p, sizeof p, "/sittings/%lld/record.pdf?edition=abc", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 400);
  resp_free(&r);
  path_of(p, sizeof p, "/sittings/%lld/record.pdf?edition=9", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(req(NULL, "GET", "/sittings/99999/record.pdf", NULL, &r), 404);
  resp_free(&r);
}

/* An editor's changes stay off the public pages until the next edition. */
static void test_drafts_stay_private(void) {
  Actor a;
  MeetingActor m = as(&a, CAP_HANSARD_REPORT | CAP_HANSARD_EDIT, "t_ed");
  HansardSpeech sp;
  Arena *ar = arena_new();
  CHECK_EQ_INT(hansard_speech(g_db, ar, g_speech, &sp), MJ_OK);
  char *text = arena_printf(ar, "%s " MARKER, sp.text);
  HansardEdit e = {text, sp.version, 0, NULL, NULL, 0};
  int nv = 0;
  CHECK_EQ_INT(hansard_speech_edit(g_db, &m, g_speech, &e, &nv, NULL), MJ_OK);
  /* a diacritics-only change in another speech: a fatha after its first Arabic letter */
  HansardSpeech s2;
  CHECK_EQ_INT(hansard_speech(g_db, ar, g_speech2, &s2), MJ_OK);
  const char *t = s2.text;
  const char *at = NULL;
  for (const unsigned char *q = (const unsigned char *)t; *q; q++)
    if (*q == 0xD8 || *q == 0xD9) {
      /* a letter of U+0621..U+064A that is not already followed by a mark */
      unsigned c = ((unsigned)(q[0] & 0x1F) << 6) | (q[1] & 0x3F);
      if (c >= 0x628 && c <= 0x64A && !(q[2] == 0xD9 && q[3] >= 0x8B && q[3] <= 0x92)) {
        at = (const char *)q + 2;
        break;
      }
    }
  CHECK(at != NULL);
  if (at) {
    char *t2 = arena_printf(ar, "%.*s\xd9\x8e%s", (int)(at - t), t, at);
    HansardEdit e2 = {t2, s2.version, 0, NULL, NULL, 0};
    CHECK_EQ_INT(hansard_speech_edit(g_db, &m, g_speech2, &e2, &nv, NULL), MJ_OK);
  }
  HttpResp r;
  char p[128];
  const char *fmts[] = {"/sittings/%lld/record", "/sittings/%lld/record/print", "/sittings/%lld", "/sittings/%lld/record/editions/1"};
  for (int i = 0; i < 4; i++) {
    path_of(p, sizeof p, fmts[i], (long long)g_sitting);
    CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
    CHECK(!strstr(r.body, MARKER));
    CHECK(has_text(r.body, g_text1));
    resp_free(&r);
  }
  path_of(p, sizeof p, "/speeches/%lld", (long long)g_speech);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK(!strstr(r.body, MARKER));
  resp_free(&r);
  /* the edition as Akoma Ntoso and TEI: its text, not the draft */
  const char *xml[] = {"/sittings/%lld/record.akn", "/sittings/%lld/record.tei"};
  const char *types[] = {"application/akn+xml; charset=utf-8", "application/tei+xml; charset=utf-8"};
  const char *roots[] = {"<akomaNtoso ", "<TEI "};
  char *l1 = lead(g_text1, 40);
  for (int i = 0; i < 2; i++) {
    char ct[80] = "";
    path_of(p, sizeof p, xml[i], (long long)g_sitting);
    CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
    resp_header(&r, "Content-Type", ct, sizeof ct);
    CHECK_STR(ct, types[i]);
    CHECK_CONTAINS(r.body, roots[i]);
    CHECK(!strstr(r.body, MARKER));
    CHECK(strstr(r.body, l1) != NULL);
    resp_free(&r);
  }
  free(l1);
  /* the editor sees the draft on the editing screen */
  path_of(p, sizeof p, "/sittings/%lld/record/edit?take=all", (long long)g_sitting);
  CHECK_EQ_INT(req(&editor, "GET", p, NULL, &r), 200);
  CHECK_CONTAINS(r.body, MARKER);
  resp_free(&r);
  /* the certifier sees the difference since edition 1 before publishing */
  path_of(p, sizeof p, "/sittings/%lld/record/certify", (long long)g_sitting);
  CHECK_EQ_INT(req(&certifier, "GET", p, NULL, &r), 200);
  CHECK_CONTAINS(r.body, "<ins>");
  CHECK_CONTAINS(r.body, MARKER);
  CHECK_CONTAINS(r.body, "class=\"diff-marks\"");
  resp_free(&r);
  arena_free(ar);
}

/* ... until edition 2 publishes them. */
static void test_next_edition(void) {
  HttpResp r;
  char p[128];
  CHECK_EQ_INT(publish("final"), 2);
  path_of(p, sizeof p, "/sittings/%lld/record", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK_CONTAINS(r.body, MARKER);
  CHECK_CONTAINS(r.body, "Final edition 2");
  resp_free(&r);
  const char *xml[] = {"/sittings/%lld/record.akn", "/sittings/%lld/record.tei"};
  for (int i = 0; i < 2; i++) {
    path_of(p, sizeof p, xml[i], (long long)g_sitting);
    CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
    CHECK_CONTAINS(r.body, MARKER);
    resp_free(&r);
    char q[160];
    snprintf(q, sizeof q, "%s?edition=1", p);
    CHECK_EQ_INT(req(NULL, "GET", q, NULL, &r), 200);
    CHECK(!strstr(r.body, MARKER));
    resp_free(&r);
    snprintf(q, sizeof q, "%s?edition=7", p);
    CHECK_EQ_INT(req(NULL, "GET", q, NULL, &r), 404);
    resp_free(&r);
    snprintf(q, sizeof q, "%s?edition=-1", p);
    CHECK_EQ_INT(req(NULL, "GET", q, NULL, &r), 400);
    resp_free(&r);
  }
  CHECK_EQ_INT(req(NULL, "GET", "/sittings/99999/record.akn", NULL, &r), 404);
  resp_free(&r);
  path_of(p, sizeof p, "/sittings/%lld/record/editions/1", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK(!strstr(r.body, MARKER));
  CHECK_CONTAINS(r.body, "A later edition of this record has been published.");
  resp_free(&r);
  path_of(p, sizeof p, "/sittings/%lld/record/editions/2", (long long)g_sitting);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  CHECK_CONTAINS(r.body, "id=\"changes\"");
  CHECK_CONTAINS(r.body, "<ins>");
  CHECK_CONTAINS(r.body, "class=\"diff-marks\"");
  CHECK_CONTAINS(r.body, "Diacritics or spelling only: 1");
  resp_free(&r);
  const char *bad[] = {"/sittings/%lld/record/editions/3", "/sittings/%lld/record/editions/x", "/sittings/%lld/record/editions/0"};
  for (int i = 0; i < 3; i++) {
    path_of(p, sizeof p, bad[i], (long long)g_sitting);
    CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 404);
    resp_free(&r);
  }
}

static void test_who_may(void) {
  HttpResp r;
  char p[128];
  struct {
    const char *fmt;
    const U *u;
    int want;
  } cases[] = {
      {"/sittings/%lld/record/edit", NULL, 303},       {"/sittings/%lld/record/edit", &member, 403},
      {"/sittings/%lld/record/edit", &outsider, 403},  {"/sittings/%lld/record/edit", &reporter, 200},
      {"/sittings/%lld/record/edit", &editor, 200},    {"/sittings/%lld/record/certify", NULL, 303},
      {"/sittings/%lld/record/certify", &editor, 403}, {"/sittings/%lld/record/certify", &reporter, 403},
      {"/sittings/%lld/record/certify", &certifier, 200}, {"/sittings/%lld/record/review", NULL, 303},
      {"/sittings/%lld/record/review", &outsider, 200}, {"/sittings/%lld/record/review", &member, 200},
      {"/sittings/%lld/record/review", &editor, 200},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    path_of(p, sizeof p, cases[i].fmt, (long long)g_sitting);
    int st = req(cases[i].u, "GET", p, NULL, &r);
    if (st != cases[i].want) printf("#   %s as %s: %d\n", p, cases[i].u ? cases[i].u->name : "anonymous", st);
    CHECK_EQ_INT(st, cases[i].want);
    resp_free(&r);
  }
  /* a signed-in outsider is told the review is for members, and sees no speech */
  path_of(p, sizeof p, "/sittings/%lld/record/review", (long long)g_sitting);
  CHECK_EQ_INT(req(&outsider, "GET", p, NULL, &r), 200);
  CHECK(strstr(r.body, "class=\"notice\"") != NULL);
  CHECK(!strstr(r.body, "<article class=\"rv-speech\""));
  resp_free(&r);
  /* the member sees their own speeches only */
  path_of(p, sizeof p, "/sittings/%lld/record/review", (long long)g_sitting);
  CHECK_EQ_INT(req(&member, "GET", p, NULL, &r), 200);
  char want[64];
  snprintf(want, sizeof want, "id=\"sp-%lld\"", (long long)g_speech);
  CHECK_CONTAINS(r.body, want);
  int64_t mine = q_int("SELECT count(*) FROM speech WHERE sitting_id=%lld AND person_id=%lld", (long long)g_sitting, (long long)g_person);
  int n = 0;
  for (const char *s = r.body; (s = strstr(s, "<article class=\"rv-speech\"")); s++) n++;
  CHECK_EQ_INT(n, mine);
  int64_t notmine = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND coalesce(person_id,0)<>%lld LIMIT 1", (long long)g_sitting,
                          (long long)g_person);
  snprintf(want, sizeof want, "id=\"sp-%lld\"", (long long)notmine);
  CHECK(!strstr(r.body, want));
  resp_free(&r);
  /* refused posts change nothing */
  int64_t eds = q_int("SELECT count(*) FROM edition"), audits = q_int("SELECT count(*) FROM audit");
  char *before = q_str("SELECT text || version FROM speech WHERE id=%lld", (long long)g_speech);
  path_of(p, sizeof p, "/sittings/%lld/record/publish", (long long)g_sitting);
  CHECK_EQ_INT(req(&editor, "POST", p, "kind=final", &r), 403);
  resp_free(&r);
  path_of(p, sizeof p, "/speeches/%lld/edit", (long long)g_speech);
  CHECK_EQ_INT(req(&member, "POST", p, "text=hacked&version=1", &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(req(NULL, "POST", p, "text=hacked&version=1", &r), 401);
  resp_free(&r);
  path_of(p, sizeof p, "/sittings/%lld/record/certify", (long long)g_sitting);
  CHECK_EQ_INT(req(&reporter, "POST", p, "", &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM edition"), eds);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit"), audits);
  char *after = q_str("SELECT text || version FROM speech WHERE id=%lld", (long long)g_speech);
  CHECK_STR(after, before);
  free(before);
  free(after);
}

/* The edit form: a stale version gets the conflict page with both texts and
** changes nothing; the current version saves and answers 303. */
static void test_edit_form_conflict(void) {
  /* someone saves first (version 2) */
  Actor a;
  MeetingActor m = as(&a, CAP_HANSARD_REPORT | CAP_HANSARD_EDIT, "t_other_editor");
  Arena *ar = arena_new();
  HansardSpeech s3;
  CHECK_EQ_INT(hansard_speech(g_db, ar, g_speech3, &s3), MJ_OK);
  HansardEdit e = {arena_printf(ar, "%s THEIRS", s3.text), s3.version, 0, NULL, NULL, 0};
  int nv = 0;
  CHECK_EQ_INT(hansard_speech_edit(g_db, &m, g_speech3, &e, &nv, NULL), MJ_OK);
  arena_free(ar);
  int v = (int)q_int("SELECT version FROM speech WHERE id=%lld", (long long)g_speech3);
  char *theirs = q_str("SELECT text FROM speech WHERE id=%lld", (long long)g_speech3);
  Buf f;
  buf_init(&f, BUF_UNLIMITED);
  buf_printf(&f, "version=%d&text=", v - 1 > 0 ? v - 1 : 1);
  urlenc("MY STALE TEXT", &f);
  char p[128];
  path_of(p, sizeof p, "/speeches/%lld/edit", (long long)g_speech3);
  HttpResp r;
  if (v > 1) {
    CHECK_EQ_INT(req(&editor, "POST", p, f.p, &r), 409);
    CHECK_CONTAINS(r.body, "MY STALE TEXT");
    char *l = lead(theirs, 60);
    CHECK(has_text(r.body, l));
    free(l);
    char want[64];
    snprintf(want, sizeof want, "name=\"version\" value=\"%d\"", v);
    CHECK_CONTAINS(r.body, want);
    resp_free(&r);
    CHECK_EQ_INT(q_int("SELECT version FROM speech WHERE id=%lld", (long long)g_speech3), v);
  } else {
    CHECK(v > 1);
  }
  buf_reset(&f);
  buf_printf(&f, "version=%d&text=", v);
  urlenc("نص جديد من النموذج", &f);
  CHECK_EQ_INT(req(&editor, "POST", p, f.p, &r), 303);
  resp_free(&r);
  char *now = q_str("SELECT text FROM speech WHERE id=%lld", (long long)g_speech3);
  CHECK_STR(now, "نص جديد من النموذج");
  CHECK_EQ_INT(q_int("SELECT version FROM speech WHERE id=%lld", (long long)g_speech3), v + 1);
  free(now);
  free(theirs);
  buf_free(&f);
}

static void test_languages(void) {
  HttpResp r;
  char p[128];
  path_of(p, sizeof p, "/sittings/%lld/record", (long long)g_sitting);
  CHECK_EQ_INT(get_lang(p, "ar", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  CHECK_CONTAINS(r.body, "الطبعة النهائية 2");
  CHECK_CONTAINS(r.body, "dir=\"rtl\"");
  resp_free(&r);
  CHECK_EQ_INT(get_lang(p, "az", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"az\" dir=\"ltr\">");
  CHECK_CONTAINS(r.body, "Yekun nəşr 2");
  resp_free(&r);
  path_of(p, sizeof p, "/sittings/%lld/record/print", (long long)g_sitting);
  CHECK_EQ_INT(get_lang(p, "ar", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  resp_free(&r);
  const char *bad[] = {"/sittings/abc/record", "/sittings/0/record", "/sittings/99999/record", "/sittings/99999/record/print"};
  for (int i = 0; i < 4; i++) {
    CHECK_EQ_INT(req(NULL, "GET", bad[i], NULL, &r), 404);
    resp_free(&r);
  }
}

static int setup(void) {
  if (db_meta_set(g_db, "require_totp", "0")) return 0;
  /* a closed sitting with speeches; its most frequent member speaker */
  g_sitting = q_int("SELECT s.id FROM sitting s WHERE s.status='closed' AND (SELECT count(*) FROM speech p WHERE p.sitting_id=s.id "
                    "AND p.person_id IS NOT NULL) > 5 "
                    "AND NOT EXISTS (SELECT 1 FROM record r WHERE r.sitting_id=s.id) ORDER BY s.id LIMIT 1");
  g_person = q_int("SELECT person_id FROM speech WHERE sitting_id=%lld AND person_id IS NOT NULL GROUP BY person_id "
                   "ORDER BY count(*) DESC, person_id LIMIT 1", (long long)g_sitting);
  g_speech = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND person_id=%lld ORDER BY position DESC LIMIT 1", (long long)g_sitting,
                   (long long)g_person);
  g_speech2 = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND id<>%lld AND lang='ar' ORDER BY position LIMIT 1",
                    (long long)g_sitting, (long long)g_speech);
  g_speech3 = q_int("SELECT id FROM speech WHERE sitting_id=%lld AND id NOT IN (%lld,%lld) ORDER BY position DESC LIMIT 1",
                    (long long)g_sitting, (long long)g_speech, (long long)g_speech2);
  g_other = q_int("SELECT id FROM speech WHERE sitting_id<>%lld ORDER BY id LIMIT 1", (long long)g_sitting);
  g_text1 = q_str("SELECT text FROM speech WHERE id=%lld", (long long)g_speech);
  if (g_sitting <= 0 || g_person <= 0 || g_speech <= 0 || g_speech2 <= 0 || g_speech3 <= 0 || g_other <= 0 || strlen(g_text1) < 60) {
    printf("#   the demo has no suitable sitting (%lld, %lld, %lld)\n", (long long)g_sitting, (long long)g_person, (long long)g_speech);
    return 0;
  }
  /* sections, as an imported record has them: the first half of the
  ** speeches under one on the first agenda item, the rest in a subsection */
  g_item = q_int("SELECT coalesce((SELECT a.id FROM agenda_item a WHERE a.sitting_id=%lld AND EXISTS (SELECT 1 FROM vote_event v "
                 "WHERE v.agenda_item_id=a.id AND v.status='closed') ORDER BY a.position LIMIT 1), "
                 "(SELECT min(id) FROM agenda_item WHERE sitting_id=%lld))", (long long)g_sitting, (long long)g_sitting);
  if (q_exec("INSERT INTO record_section(sitting_id, agenda_item_id, position, name, heading) VALUES(%lld, %lld, 1, 'debate', "
             "'SECTIONONE مناقشة المشروع')", (long long)g_sitting, (long long)g_item))
    return 0;
  g_sec1 = q_int("SELECT max(id) FROM record_section");
  if (q_exec("INSERT INTO record_section(sitting_id, parent_id, position, name, heading) VALUES(%lld, %lld, 2, 'debate', "
             "'SECTIONTWO التصويت')", (long long)g_sitting, (long long)g_sec1))
    return 0;
  g_sec2 = q_int("SELECT max(id) FROM record_section");
  int64_t half = q_int("SELECT count(*)/2 FROM speech WHERE sitting_id=%lld", (long long)g_sitting);
  if (q_exec("UPDATE speech SET section_id=CASE WHEN position <= (SELECT position FROM speech WHERE sitting_id=%lld ORDER BY position "
             "LIMIT 1 OFFSET %lld) THEN %lld ELSE %lld END WHERE sitting_id=%lld", (long long)g_sitting, (long long)half, (long long)g_sec1,
             (long long)g_sec2, (long long)g_sitting))
    return 0;
  return make_user(&reporter, "t_rep", "reporter", 0) && make_user(&editor, "t_ed", "editor", 0) &&
         make_user(&certifier, "t_cert", "certifier", 0) && make_user(&member, "t_mem", "member", g_person) &&
         make_user(&outsider, "t_out", "member", 0);
}

/* The demo's published sitting: its record was opened through the
** workflow, which made one section per agenda item, so its record page
** reads as the agenda: each item's title a heading (in the contents too),
** linked to the item on the sitting's page and to the votes taken on it. */
static void test_demo_sections(void) {
  int64_t s = q_int("SELECT coalesce((SELECT sitting_id FROM record WHERE status='final' ORDER BY sitting_id LIMIT 1),0)");
  CHECK(s > 0);
  int64_t nitems = q_int("SELECT count(*) FROM agenda_item WHERE sitting_id=%lld", (long long)s);
  CHECK(nitems >= 2);
  HttpResp r;
  char p[128], want[200];
  path_of(p, sizeof p, "/sittings/%lld/record", (long long)s);
  CHECK_EQ_INT(req(NULL, "GET", p, NULL, &r), 200);
  int headings = 0;
  for (const char *x = r.body; x && (x = strstr(x, "class=\"rec-section\"")); x++) headings++;
  CHECK_EQ_INT(headings, nitems);
  CHECK_CONTAINS(r.body, "class=\"rec-toc\"");
  const char *prev = r.body;
  for (int64_t k = 0; k < nitems; k++) {
    int64_t item = q_int("SELECT id FROM agenda_item WHERE sitting_id=%lld ORDER BY position LIMIT 1 OFFSET %lld", (long long)s,
                         (long long)k);
    char *title = q_str("SELECT title FROM agenda_item WHERE id=%lld", (long long)item);
    int64_t sec = q_int("SELECT coalesce((SELECT id FROM record_section WHERE agenda_item_id=%lld),0)", (long long)item);
    CHECK(sec > 0);
    /* the heading, in agenda order, and its entry in the contents */
    Buf h;
    buf_init(&h, BUF_UNLIMITED);
    buf_printf(&h, "id=\"section-%lld\">", (long long)sec);
    html_escape(&h, title);
    const char *at = strstr(prev, h.p);
    if (!at) printf("#   no heading for agenda item %lld after the previous one\n", (long long)item);
    CHECK(at != NULL);
    if (at) prev = at;
    buf_reset(&h);
    buf_printf(&h, "<a href=\"#section-%lld\">", (long long)sec);
    html_escape(&h, title);
    CHECK_CONTAINS(r.body, h.p);
    buf_free(&h);
    snprintf(want, sizeof want, "href=\"/sittings/%lld#item-%lld\"", (long long)s, (long long)item);
    CHECK_CONTAINS(r.body, want);
    free(title);
  }
  int64_t nvotes = q_int("SELECT count(*) FROM vote_event v JOIN agenda_item a ON a.id=v.agenda_item_id WHERE a.sitting_id=%lld "
                         "AND v.status='closed'", (long long)s);
  CHECK(nvotes >= 1);
  for (int64_t k = 0; k < nvotes; k++) {
    int64_t v = q_int("SELECT v.id FROM vote_event v JOIN agenda_item a ON a.id=v.agenda_item_id WHERE a.sitting_id=%lld "
                      "AND v.status='closed' ORDER BY v.id LIMIT 1 OFFSET %lld", (long long)s, (long long)k);
    snprintf(want, sizeof want, "href=\"/votes/%lld\"", (long long)v);
    CHECK_CONTAINS(r.body, want);
  }
  resp_free(&r);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (test_open_demo("record_pages")) return 1;
  if (!setup()) {
    printf("not ok - setup\n");
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_demo_sections);
  RUN(test_nothing_before_publication);
  RUN(test_first_edition);
  RUN(test_permalink);
  RUN(test_pdf_route);
  RUN(test_who_may);
  RUN(test_drafts_stay_private);
  RUN(test_edit_form_conflict);
  RUN(test_next_edition);
  RUN(test_languages);
  test_finish(srv);
  free(g_text1);
  return DONE();
}
