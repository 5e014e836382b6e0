/*
** test_search_synonyms: the editors' synonym groups and spelling
** suggestions where a reader meets them, over real sockets against an
** in-process server on a demo parliament (seed 7, 2026-11-23):
**  - a suggestion is a spelling of the public record, never the folded
**    normal form (الميزانيةة suggests الميزانية, not الميزانيه), cleaned
**    of vowel marks and tatweel, and never a draft's spelling;
**  - speaker:, party: and body: match a name through the synonyms of the
**    value's words (speaker:Ahmad with the group أحمد | Ahmed | Ahmad);
**  - snippets (API, page, Atom: [brackets]) mark words matched through a synonym, and
**    the snippet's window is chosen with them counted;
**  - a word no speech has is searched as the nearest one the public record
**    has (search_sx_respell's three rules), says so in the API and on the
**    page, never offers a draft's word, and respell=0 turns it off.
*/
#include <jansson.h>
#include <signal.h>
#include <stdint.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"
#include "searchtest.h"

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "synonyms.h"
#include "web.h"

static Arena *g_arena;
static int64_t g_draft, g_public; /* the speeches main() adds: a draft's, and a public one */

static int64_t add_group(const char *a, const char *b, const char *c) {
  Actor cli = audit_cli_actor();
  const char *terms[] = {a, b, c};
  int64_t g = 0;
  if (synonyms_add_group(g_db, &cli, g_arena, terms, c ? 3 : 2, NULL, &g)) printf("#   group: %s\n", mj_errmsg());
  return g;
}

static void remove_group(int64_t g) {
  Actor cli = audit_cli_actor();
  CHECK_EQ_INT(synonyms_remove_group(g_db, &cli, g, NULL), MJ_OK);
}

static int total(const char *q) {
  json_t *j = api(q, "respell=0");
  int t = total_of(j);
  json_decref(j);
  return t;
}

/* The API's suggestion for q ("" when none, "?" when the call failed). */
static const char *suggestion(const char *q) {
  json_t *j = api(q, "respell=0");
  const char *s = j ? json_string_value(json_object_get(j, "suggestion")) : "?";
  const char *out = arena_strdup(g_arena, s ? s : "");
  json_decref(j);
  return out;
}

/* The first result's snippet_html for q. */
static const char *snippet_of(const char *q) {
  json_t *j = api(q, NULL);
  const char *s = json_string_value(json_object_get(json_array_get(results_of(j), 0), "snippet_html"));
  const char *out = arena_strdup(g_arena, s ? s : "");
  json_decref(j);
  return out;
}

static void test_suggestion_spelling(void) {
  /* the record writes الميزانية (ة), the index keeps الميزانيه (ه); the
  ** words as written (respell=0), else they would be searched as the
  ** suggested ones and found (test_respell) */
  CHECK(total("الميزانية") > 0);
  CHECK_EQ_INT(total("الميزانيةة"), 0);
  CHECK_STR(suggestion("الميزانيةة"), "الميزانية");
  CHECK_STR(suggestion("الميزانيةة البيئةة"), "الميزانية البيئة");
  CHECK_STR(suggestion("الأعضاءء"), "الأعضاء");
  HttpResp r;
  CHECK(get_q("/search", "الميزنيهه", "respell=0", &r) > 0);
  CHECK_CONTAINS(r.body, "class=\"suggest\"");
  CHECK_CONTAINS(r.body, "الميزانية</a>");
  CHECK(strstr(r.body, "الميزانيه</a>") == NULL);
  resp_free(&r);
  /* a word written with vowel marks and tatweel in its only public speech,
  ** and three times with ه in a draft read first: the suggestion is the
  ** public spelling, clean */
  CHECK(g_draft > 0 && g_public > g_draft);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM unpublished_speech WHERE id=%lld", (long long)g_draft), 1);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM public_speech WHERE id=%lld", (long long)g_public), 1);
  CHECK_EQ_INT(total("الزرقاويةة"), 0);
  CHECK_STR(suggestion("الزرقاويةة"), "الزرقاوية");
  CHECK_STR(suggestion("الزرقاويهه"), "الزرقاوية");
}

static void test_speaker_synonyms(void) {
  int ahmed = total("speaker:Ahmed");
  CHECK(ahmed > 0);
  CHECK_EQ_INT(total("speaker:Ahmad"), 0);
  CHECK_EQ_INT(total("body:Majlis"), 0);
  int council = total("body:Council");
  CHECK(council > 0);
  int env = total("party:Environment");
  CHECK(env > 0);
  CHECK_EQ_INT(total("party:Greens"), 0);
  int64_t g1 = add_group("أحمد", "Ahmed", "Ahmad");
  int64_t g2 = add_group("Majlis", "Council", NULL);
  int64_t g3 = add_group("Greens", "Environment", NULL);
  CHECK(g1 > 0 && g2 > 0 && g3 > 0);
  int with = total("speaker:Ahmed");
  CHECK(with >= ahmed);
  CHECK_EQ_INT(total("speaker:Ahmad"), with);
  CHECK_EQ_INT(total("speaker:أحمد"), with);
  /* each word of the value, itself or through its group */
  int moosa = total("speaker:\"Ahmed Moosa\"");
  CHECK(moosa > 0);
  CHECK_EQ_INT(total("speaker:\"Ahmad Moosa\""), moosa);
  CHECK_EQ_INT(total("speaker:\"Ahmad Nobodyzz\""), 0);
  CHECK_EQ_INT(total("body:Majlis"), council);
  CHECK_EQ_INT(total("party:Greens"), env);
  remove_group(g1);
  remove_group(g2);
  remove_group(g3);
  CHECK_EQ_INT(total("speaker:Ahmad"), 0);
}

static void test_snippet_marks_synonyms(void) {
  /* the brief's example: زقزوق grouped with الميزانية */
  int64_t g = add_group("الميزانية", "زقزوق", NULL);
  CHECK(g > 0);
  CHECK_EQ_INT(total("زقزوق"), total("الميزانية"));
  CHECK_CONTAINS(snippet_of("زقزوق"), "<mark>");
  remove_group(g);
  /* a word found only through its synonym, far into a long speech: marked,
  ** and the snippet is cut around it */
  g = add_group("qqmosaic", "الفسيفسائية", NULL);
  CHECK(g > 0);
  CHECK_EQ_INT(total("qqmosaic"), 1);
  const char *s = snippet_of("qqmosaic");
  CHECK_CONTAINS(s, "<mark>الفسيفسائية</mark>");
  CHECK(strncmp(s, "… ", strlen("… ")) == 0);
  HttpResp r;
  CHECK(get_q("/search", "qqmosaic", NULL, &r) > 0);
  CHECK_CONTAINS(r.body, "<mark>الفسيفسائية</mark>");
  resp_free(&r);
  CHECK(get_q("/search.atom", "qqmosaic", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "الفسيفسائية");
  CHECK_CONTAINS(r.body, "[الفسيفسائية]"); /* the feed's plain snippet marks in brackets */
  resp_free(&r);
  remove_group(g);
  /* without the group the word is not marked (nor found) */
  CHECK_EQ_INT(total("qqmosaic"), 0);
}

/* q is searched with a word respelt: `word` as `as` (the reader's
** spelling), and finds what `same` finds. */
static void check_respelt(const char *q, const char *word, const char *as, const char *same) {
  json_t *j = api(q, NULL), *k = api(same, NULL);
  json_t *rs = json_object_get(j, "respelled");
  CHECK_EQ_INT(json_array_size(rs), 1);
  CHECK_STR(json_string_value(json_object_get(json_array_get(rs, 0), "word")), word);
  CHECK_STR(json_string_value(json_object_get(json_array_get(rs, 0), "searched_as")), as);
  CHECK(total_of(j) > 0);
  CHECK_EQ_INT(total_of(j), total_of(k));
  json_decref(j);
  json_decref(k);
}

/* q is searched as written: nothing respelt, `n` found. */
static void check_as_written(const char *q, int n) {
  json_t *j = api(q, NULL);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "respelled")), 0);
  CHECK_EQ_INT(total_of(j), n);
  json_decref(j);
}

static void test_respell(void) {
  /* 1. a one-letter prefix the stemmer leaves on (ل ب ف ك, after و) */
  CHECK_EQ_INT(total("لتقرير"), 0);
  check_respelt("لتقرير", "لتقرير", "تقرير", "تقرير");
  check_respelt("ولتقرير", "ولتقرير", "تقرير", "تقرير");
  check_respelt("بتقرير", "بتقرير", "تقرير", "تقرير");
  /* the reader's own letters, cleaned of vowel marks */
  check_respelt("لِتَقرير", "لِتَقرير", "تقرير", "تقرير");
  /* 2. two words without the space between them, which stand together */
  check_respelt("الميزانيةالعامة", "الميزانيةالعامة", "الميزانية العامة", "\"الميزانية العامة\"");
  /* 3. the nearest word: the record's spelling of it, its speeches */
  check_respelt("الموزانة", "الموزانة", "الميزانية", "الميزانية");
  /* a word of several, with the others as they are */
  json_t *j = api("الموزانة تقرير", NULL), *k = api("الميزانية تقرير", NULL);
  CHECK_EQ_INT(json_array_size(json_object_get(j, "respelled")), 1);
  CHECK_EQ_INT(total_of(j), total_of(k));
  json_decref(j);
  json_decref(k);
  /* the only public speech of الزرقاوية writes it with marks and tatweel;
  ** the draft's spelling (ه) is never shown and the draft never found */
  check_respelt("الزرقاويةة", "الزرقاويةة", "الزرقاوية", "الزرقاوية");
  CHECK_EQ_INT(total("الزرقاوية"), 1);
  /* a word only a draft has is never offered */
  CHECK_EQ_INT(q_int("SELECT count(*) FROM speech WHERE text LIKE '%%البرتقاليون%%'"), 1);
  check_as_written("البرتقاليوم", 0);
  /* a word only drafts have is, for the reader, a word no speech has: it is
  ** respelt, and suggested for, exactly as one that is nowhere (الإسكاني is
  ** in two unpublished speeches of the demo, الإسكانو in none) */
  CHECK(q_int("SELECT count(*) FROM speech WHERE id IN (SELECT id FROM unpublished_speech) AND text LIKE '%%الإسكاني%%'") > 0);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM public_speech WHERE text LIKE '%%الإسكاني%%'"), 0);
  check_respelt("الإسكاني", "الإسكاني", "الإسكان", "الإسكان");
  check_respelt("الإسكانو", "الإسكانو", "الإسكان", "الإسكان");
  CHECK_STR(suggestion("الإسكاني"), suggestion("الإسكانو"));
  CHECK_EQ_INT(total("الإسكاني"), 0);
  /* nor is a slip respelt into, or corrected to, a form only drafts write,
  ** even when public speeches have other forms of its stem (the demo's
  ** drafts write الطلبات and بالوقت; a public speech neither), and a tie
  ** between public words is not broken by drafts (المبكرة: المتكررة and
  ** الموقرة are each in one public speech, الموقرة also in a draft) */
  CHECK_EQ_INT(q_int("SELECT count(*) FROM speech WHERE id IN (SELECT id FROM public_speech) AND text LIKE '%%الطلبات%%'"), 0);
  CHECK(q_int("SELECT count(*) FROM speech WHERE id IN (SELECT id FROM unpublished_speech) AND text LIKE '%%الطلبات%%'") > 0);
  check_as_written("الطليات", 0);
  check_as_written("بايوقت", 0);
  CHECK_STR(suggestion("المبكرة"), "المتكررة");
  /* a number is never respelt (20255 is not 2025), nor suggested for */
  check_as_written("20255", 0);
  CHECK_STR(suggestion("20255"), "");
  /* nor a word into one the query excludes, nor into a function word */
  check_as_written("الموزانة -الميزانية", 0);
  CHECK_STR(suggestion("الموزانة -الميزانية"), "");
  check_as_written("فهذا", 0);
  /* short words are not respelt by distance (مجلز is one letter from مجلس) */
  CHECK(total("مجلس") > 0);
  check_as_written("مجلز", 0);
  /* phrases and exact words are searched as written */
  check_as_written("\"الموزانة\"", 0);
  check_as_written("=الموزانة", 0);
  /* a word the editors gave a synonym is searched through it, not respelt */
  int64_t g = add_group("قزقوزية", "الميزانية", NULL);
  CHECK(g > 0);
  check_as_written("قزقوزية", total("الميزانية"));
  remove_group(g);
  /* the snippet marks what the word was searched as */
  CHECK_CONTAINS(snippet_of("الموزانة"), "<mark>الميزانية</mark>");
  /* the page says so, in the reader's language, with a link to search the
  ** words as written */
  HttpResp r;
  CHECK(get_q("/search", "الموزانة", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "class=\"respelled\"");
  CHECK_CONTAINS(r.body, "لا ترد في أي خطاب:");
  CHECK_CONTAINS(r.body, "<q dir=\"auto\">الموزانة</q>");
  CHECK_CONTAINS(r.body, "<q dir=\"auto\">الميزانية</q>");
  CHECK_CONTAINS(r.body, "respell=0\">");
  CHECK(strstr(r.body, "class=\"suggest\"") == NULL);
  resp_free(&r);
  CHECK(get_q("/search", "الموزانة", "lang=en", &r) > 0);
  CHECK_CONTAINS(r.body, "Not in any speech:");
  resp_free(&r);
  /* respell=0: as written, and the suggestion instead */
  CHECK(get_q("/search", "الموزانة", "respell=0", &r) > 0);
  CHECK(strstr(r.body, "class=\"respelled\"") == NULL);
  CHECK_CONTAINS(r.body, "class=\"suggest\"");
  resp_free(&r);
  /* a bad value is an error that says what it may be */
  CHECK(get_q("/api/v1/search", "الموزانة", "respell=yes", &r) > 0);
  CHECK_EQ_INT(r.status, 400);
  CHECK_CONTAINS(r.body, "respell must be 1");
  resp_free(&r);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (test_open_demo("searchsyn")) return 1;
  g_arena = arena_new();
  /* a draft: a new speech in a sitting whose record is not yet published */
  q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES("
         "(SELECT sitting_id FROM speech WHERE id=(SELECT min(id) FROM unpublished_speech)), 9998, "
         "(SELECT min(id) FROM person), 'speech', 'ar', 'تقرير الزرقاويه الزرقاويه الزرقاويه البرتقاليون')");
  g_draft = q_int("SELECT id FROM speech WHERE position=9998");
  /* public: a sitting with no record */
  Buf t;
  buf_init(&t, BUF_UNLIMITED);
  buf_puts(&t, "ناقش المجلس تقرير الزرقاويـّـةُ أمس. ");
  for (int i = 0; i < 150; i++) buf_puts(&t, "كلام ");
  buf_puts(&t, "ثم ذكر الفسيفسائية مرة. ");
  for (int i = 0; i < 150; i++) buf_puts(&t, "كلام ");
  sqlite3_stmt *st = db_stmt(g_db, "INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES("
                                   "(SELECT min(s.id) FROM sitting s WHERE NOT EXISTS (SELECT 1 FROM record r WHERE "
                                   "r.sitting_id=s.id)), 9999, (SELECT min(id) FROM person), 'speech', 'ar', ?1)");
  if (st) {
    sqlite3_bind_text(st, 1, t.p, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) printf("#   insert: %s\n", sqlite3_errmsg(db_handle(g_db)));
    db_done(st);
  }
  buf_free(&t);
  g_public = q_int("SELECT id FROM speech WHERE position=9999");
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_suggestion_spelling);
  RUN(test_speaker_synonyms);
  RUN(test_snippet_marks_synonyms);
  RUN(test_respell);
  test_finish(srv);
  arena_free(g_arena);
  return DONE();
}
