/*
** test_search_query: the search query language (search_parse). Table-driven
** cases give each construct's FTS5 expression and filters; hostile input
** (unbalanced quotes, lone '-', '*', filters without values, bad dates,
** 10 kB, invalid UTF-8, random bytes) gives a clear error or a query that
** SQLite's FTS5 accepts, run against a small in-memory index built with
** the majlis tokenizer. Snippets are checked on byte offsets.
*/
#include "harness.h"

#include "analyzer.h"
#include "search.h"

static sqlite3 *mem;

static void setup(void) {
  sqlite3_open(":memory:", &mem);
  analyzer_fts5_register(mem);
  sqlite3_exec(mem,
               "CREATE VIRTUAL TABLE t USING fts5(text, tokenize='majlis');"
               "INSERT INTO t VALUES('التصويت على القانون في المجلس');"
               "INSERT INTO t VALUES('الميزانية العامة للدولة والتصويت');"
               "INSERT INTO t VALUES('the budget committee voted on the state budget');"
               "INSERT INTO t VALUES('committee of the budget');",
               NULL, NULL, NULL);
}

/* Rows of the in-memory index matching an expression; -1 on an FTS5 error. */
static int matches(const char *fts) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(mem, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
  int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

typedef struct Case {
  const char *q;
  int rc;           /* MJ_OK or MJ_EINVAL */
  const char *fts;  /* expected expression (NULL: none; "*": not checked) */
  int rows;         /* rows of the test index it matches (-2: not checked) */
} Case;

static const Case cases[] = {
  /* ranked: the same expression as analyzer_query_ranked */
  {"budget committee", MJ_OK, "\"budget\" OR \"committee\"", 2},
  {"تصويت", MJ_OK, "\"تصويت\"", 2},
  {"the budget of", MJ_OK, "\"budget\"", 2},
  {"budget budgets", MJ_OK, "\"budget\"", 2},
  /* phrases make the query boolean */
  {"\"state budget\"", MJ_OK, "\"state budget\"", 1},
  {"\"budget committee\"", MJ_OK, "\"budget committee\"", 1},
  {"\"committee budget\"", MJ_OK, "\"committee budget\"", 0},
  {"=\"التصويت\"", MJ_OK, "\"=التصويت\"", 1},
  {"\"=التصويت\"", MJ_OK, "\"=التصويت\"", 1},
  {"\"التصويت\"", MJ_OK, "\"التصويت\"", 2},
  {"\"state budget\" committee", MJ_OK, "(\"state budget\" AND \"committee\")", 1},
  /* explicit OR: juxtaposition is AND, OR binds loosest */
  {"budget voted OR المجلس", MJ_OK, "(\"budget\" AND \"voted\") OR \"المجلس\"", 2},
  {"budget OR committee", MJ_OK, "\"budget\" OR \"committee\"", 2},
  {"OR budget", MJ_OK, "\"budget\"", 2},
  {"budget OR", MJ_OK, "\"budget\"", 2},
  {"budget OR OR committee", MJ_OK, "\"budget\" OR \"committee\"", 2},
  {"budget or committee", MJ_OK, "\"budget\" OR \"committee\"", 2},
  /* exclusion */
  {"budget -state", MJ_OK, "(\"budget\") NOT (\"state\")", 1},
  {"budget -\"state budget\"", MJ_OK, "(\"budget\") NOT (\"state budget\")", 1},
  {"-budget", MJ_OK, NULL, -2},
  {"-OR budget", MJ_OK, "(\"budget\") NOT (\"OR\")", 2},
  /* prefix */
  {"bud*", MJ_OK, "\"bud\"*", 2},
  {"ميزان*", MJ_OK, "\"ميزان\"*", 1},
  {"vote bud*", MJ_OK, "\"vote\" OR \"bud\"*", 2},
  {"\"state bud\"*", MJ_OK, "\"state bud\"*", 1},
  {"b*", MJ_EINVAL, NULL, -2},
  /* hostile */
  {"", MJ_OK, NULL, -2},
  {"   ", MJ_OK, NULL, -2},
  {"\"budget", MJ_EINVAL, NULL, -2}, /* a quote never closed */
  {"\"", MJ_EINVAL, NULL, -2},
  {"speaker:\"Ali", MJ_EINVAL, NULL, -2},
  {"foo:bar budget", MJ_EINVAL, NULL, -2}, /* not a filter: said, not searched as words */
  {"\"foo:bar\" budget", MJ_OK, "*", -2},
  {"10:30 budget", MJ_OK, "*", -2},
  {"x:1 budget", MJ_OK, "*", -2},
  {"\"\"", MJ_OK, NULL, -2},
  {"budget \"", MJ_EINVAL, NULL, -2},
  {"-", MJ_OK, NULL, -2},
  {"- budget", MJ_OK, "\"budget\"", 2},
  {"*", MJ_OK, NULL, -2},
  {"**", MJ_OK, NULL, -2},
  {"( ) AND NOT NEAR(a b) ^ : {}", MJ_OK, "*", -2},
  {"budget\"\"\"", MJ_EINVAL, NULL, -2},
  {"budget\"\"\"\"", MJ_OK, "*", -2},
  {"a\"b\"c", MJ_OK, "*", -2},
  {"==\"\"", MJ_OK, "*", -2},
  {"-\"\"", MJ_OK, NULL, -2},
  /* filters */
  {"speaker:", MJ_EINVAL, NULL, -2},
  {"speaker:\"\"", MJ_EINVAL, NULL, -2},
  {"speaker:\"Ahmed Moosa\" budget", MJ_OK, "\"budget\"", -2},
  {"type:question", MJ_OK, NULL, -2},
  {"type:vote الموافقة", MJ_OK, "\"الموافقة\"", -2}, /* vote events (search_vote.h) */
  {"type:votes", MJ_EINVAL, NULL, -2},
  {"type:nonsense", MJ_EINVAL, NULL, -2},
  {"from:2025-13-01", MJ_EINVAL, NULL, -2},
  {"from:2025-02-30", MJ_EINVAL, NULL, -2},
  {"from:2024-02-29", MJ_OK, NULL, -2},
  {"from:2023-02-29", MJ_EINVAL, NULL, -2},
  {"from:yesterday", MJ_EINVAL, NULL, -2},
  {"to:2025-1-1", MJ_EINVAL, NULL, -2},
  {"from:2025-06-01 to:2025-01-01", MJ_EINVAL, NULL, -2},
  {"term:0", MJ_EINVAL, NULL, -2},
  {"term:x", MJ_EINVAL, NULL, -2},
  {"session:99999999999999999999", MJ_EINVAL, NULL, -2},
  {"term:1 session:2", MJ_OK, NULL, -2},
  {"speaker:a speaker:b", MJ_EINVAL, NULL, -2},
  {"-speaker:a budget", MJ_EINVAL, NULL, -2},
  {"http://example.org budget", MJ_OK, "*", -2},
  {"SPEAKER:Ali", MJ_OK, NULL, -2},
  /* invalid UTF-8 */
  {"budget \xff\xfe", MJ_EINVAL, NULL, -2},
  {"\xc3", MJ_EINVAL, NULL, -2},
  {"\xed\xa0\x80", MJ_EINVAL, NULL, -2},
};

static void test_cases(void) {
  Arena *a = arena_new();
  for (size_t i = 0; i < MJ_COUNT(cases); i++) {
    const Case *c = &cases[i];
    SearchQuery q;
    int rc = search_parse(a, c->q, &q);
    if (rc != c->rc) {
      printf("#   case \"%s\": rc %d, expected %d (%s)\n", c->q, rc, c->rc, mj_errmsg());
      CHECK(0);
      continue;
    }
    if (rc) {
      CHECK(strlen(mj_errmsg()) > 10);
      continue;
    }
    if (!c->fts) {
      if (q.fts) printf("#   case \"%s\": fts %s, expected none\n", c->q, q.fts);
      CHECK(q.fts == NULL);
    } else if (strcmp(c->fts, "*") != 0) {
      if (!q.fts || strcmp(q.fts, c->fts) != 0) printf("#   case \"%s\": fts %s\n", c->q, q.fts ? q.fts : "(null)");
      CHECK_STR(q.fts, c->fts);
    }
    if (q.fts) {
      int n = matches(q.fts);
      if (n < 0 || (c->rows != -2 && n != c->rows))
        printf("#   case \"%s\" (%s): %d rows, expected %d\n", c->q, q.fts, n, c->rows);
      CHECK(n >= 0);
      if (c->rows != -2) CHECK_EQ_INT(n, c->rows);
    }
    if (q.not_fts) CHECK(matches(q.not_fts) >= 0);
  }
  arena_free(a);
}

/* Plain words give exactly the measured ranked expression. */
static void test_ranked_identity(void) {
  static const char *qs[] = {"ما هي عاصمة المملكة العربية السعودية", "من هو مؤسس الدولة",
                             "التصويت على قانون الموازنة", "budget committee report", "و في من"};
  Arena *a = arena_new();
  for (size_t i = 0; i < MJ_COUNT(qs); i++) {
    Buf b;
    buf_init(&b, 1 << 16);
    analyzer_query_ranked(qs[i], 0, &b);
    SearchQuery q;
    CHECK_EQ_INT(search_parse(a, qs[i], &q), MJ_OK);
    CHECK_STR(q.fts, b.p);
    CHECK_EQ_INT(q.boolean, 0);
    buf_free(&b);
  }
  arena_free(a);
}

static void test_filters(void) {
  Arena *a = arena_new();
  SearchQuery q;
  CHECK_EQ_INT(search_parse(a, "speaker:\"Ahmed Moosa\" party:Future body:committee/9 type:answer "
                                "from:2024-01-01 to:2025-12-31 term:1 session:3 ميزانية", &q), MJ_OK);
  CHECK_STR(q.speaker, "Ahmed Moosa");
  CHECK_STR(q.party, "Future");
  CHECK_STR(q.body, "committee/9");
  CHECK_STR(q.type, "answer");
  CHECK_STR(q.from, "2024-01-01");
  CHECK_STR(q.to, "2025-12-31");
  CHECK_EQ_INT(q.term, 1);
  CHECK_EQ_INT(q.session, 3);
  CHECK_STR(q.fts, "\"ميزانية\"");
  CHECK(!search_query_empty(&q));
  CHECK_EQ_INT(search_parse(a, "", &q), MJ_OK);
  CHECK(search_query_empty(&q));
  CHECK_EQ_INT(search_parse(a, "type:question", &q), MJ_OK);
  CHECK(!search_query_empty(&q));
  CHECK(q.fts == NULL);
  /* the filter value ends at the closing quote; words after it are words */
  CHECK_EQ_INT(search_parse(a, "speaker:\"علي حسن\" تصويت", &q), MJ_OK);
  CHECK_STR(q.speaker, "علي حسن");
  CHECK_STR(q.fts, "\"تصويت\"");
  /* only exclusions: nothing positive, the exclusion is kept apart */
  CHECK_EQ_INT(search_parse(a, "-budget -\"state budget\" type:speech", &q), MJ_OK);
  CHECK(q.fts == NULL);
  CHECK_STR(q.not_fts, "\"budget\" OR \"state budget\"");
  arena_free(a);
}

static void test_limits(void) {
  Arena *a = arena_new();
  SearchQuery q;
  char *big = malloc(10001);
  memset(big, 'a', 10000);
  big[10000] = 0;
  CHECK_EQ_INT(search_parse(a, big, &q), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "at most");
  /* 40 words: too many */
  Buf b;
  buf_init(&b, 1 << 16);
  for (int i = 0; i < 40; i++) buf_printf(&b, "word%c%c ", 'a' + i % 26, 'a' + i / 26);
  CHECK_EQ_INT(search_parse(a, b.p, &q), MJ_EINVAL);
  buf_free(&b);
  /* a 2000-byte word of one letter: within the limit, valid */
  big[2000] = 0;
  CHECK_EQ_INT(search_parse(a, big, &q), MJ_OK);
  CHECK(q.fts && matches(q.fts) >= 0);
  free(big);
  arena_free(a);
}

/* Random byte strings, biased towards the syntax characters: every one is
** an error with a message or an expression FTS5 accepts. */
static void test_fuzz(void) {
  static const char *const pieces[] = {"\"", "-", "*", "=", ":", "OR", " ", " ", "a", "bu", "(", ")", "^", "{",
                                       "+", "NEAR", "ال", "تصويت", "é", "speaker:", "from:", "type:", "\t", "budget"};
  Rng rng;
  rng_seed(&rng, 12345);
  Arena *a = arena_new();
  int ok = 0, errs = 0, bad = 0;
  for (int i = 0; i < 5000; i++) {
    char s[256];
    size_t n = 0, want = rng_below(&rng, 24);
    for (size_t k = 0; k < want; k++) {
      if (!rng_below(&rng, 50)) {
        s[n++] = (char)(1 + rng_below(&rng, 255)); /* sometimes a byte that breaks UTF-8 */
        continue;
      }
      const char *p = pieces[rng_below(&rng, MJ_COUNT(pieces))];
      memcpy(s + n, p, strlen(p));
      n += strlen(p);
    }
    s[n] = 0;
    SearchQuery q;
    int rc = search_parse(a, s, &q);
    if (rc) {
      errs++;
      if (rc != MJ_EINVAL || strlen(mj_errmsg()) < 10) bad++;
      continue;
    }
    ok++;
    if ((q.fts && matches(q.fts) < 0) || (q.not_fts && matches(q.not_fts) < 0)) {
      bad++;
      printf("#   FTS5 rejected %s (from a fuzzed query)\n", q.fts ? q.fts : q.not_fts);
    }
    if (arena_used(a) > (1u << 22)) {
      arena_free(a);
      a = arena_new();
    }
  }
  printf("#   fuzz: %d parsed, %d errors\n", ok, errs);
  CHECK_EQ_INT(bad, 0);
  CHECK(ok > 1000);
  arena_free(a);
}

static void snippet_of(const char *query, const char *text, size_t window, char *out, size_t n) {
  Arena *a = arena_new();
  SearchQuery q;
  search_parse(a, query, &q);
  Snippet s;
  search_snippet(a, &q, text, window, &s);
  Buf b;
  buf_init(&b, 1 << 20);
  search_snippet_html(&s, &b);
  mj_strlcpy(out, b.p ? b.p : "", n);
  buf_free(&b);
  arena_free(a);
}

static void test_snippets(void) {
  char out[4096];
  /* an inflected form is marked; the rest is escaped */
  snippet_of("تصويت", "بدأ والتصويت <b>على</b> القانون", 300, out, sizeof out);
  CHECK_STR(out, "بدأ <mark>والتصويت</mark> &lt;b&gt;على&lt;/b&gt; القانون");
  /* vowel marks stay in the original and inside the mark */
  snippet_of("التصويت", "تم التَّصْوِيتُ اليوم", 300, out, sizeof out);
  CHECK_CONTAINS(out, "<mark>التَّصْوِيتُ</mark>");
  /* the window goes to the densest cluster, cut at word boundaries */
  Buf t;
  buf_init(&t, 1 << 20);
  buf_puts(&t, "budget ");
  for (int i = 0; i < 200; i++) buf_puts(&t, "ملء ");
  buf_puts(&t, "the budget and the budget committee");
  for (int i = 0; i < 200; i++) buf_puts(&t, " نص");
  snippet_of("budget committee", t.p, 120, out, sizeof out);
  CHECK(strncmp(out, "… ", strlen("… ")) == 0);
  CHECK_CONTAINS(out, "<mark>budget</mark> <mark>committee</mark>");
  CHECK(strlen(out) < 400);
  /* window boundaries never split a UTF-8 sequence */
  for (size_t w = 5; w < 80; w += 7) {
    snippet_of("لا شيء", t.p, w, out, sizeof out);
    CHECK(strstr(out, "\xd9 ") == NULL);
    Arena *a = arena_new();
    SearchQuery q;
    search_parse(a, "xyz", &q);
    Snippet s;
    search_snippet(a, &q, t.p, w, &s);
    for (int i = 0; i < s.n; i++) {
      const unsigned char *p = (const unsigned char *)s.parts[i].text;
      CHECK((p[0] & 0xC0) != 0x80);
    }
    arena_free(a);
  }
  buf_free(&t);
  /* plain text for the command line */
  Arena *a = arena_new();
  SearchQuery q;
  search_parse(a, "budget", &q);
  Snippet s;
  search_snippet(a, &q, "The Budgets\nline", 300, &s);
  Buf b;
  buf_init(&b, 4096);
  search_snippet_plain(&s, &b);
  CHECK_STR(b.p, "The [Budgets] line");
  buf_free(&b);
  /* excluded words are not marked; invalid UTF-8 in the text is harmless */
  search_parse(a, "budget -committee", &q);
  search_snippet(a, &q, "budget committee \xff\xfe budget", 300, &s);
  buf_init(&b, 4096);
  search_snippet_html(&s, &b);
  CHECK_CONTAINS(b.p, "<mark>budget</mark> committee");
  buf_free(&b);
  arena_free(a);
}

int main(void) {
  setup();
  RUN(test_cases);
  RUN(test_ranked_identity);
  RUN(test_filters);
  RUN(test_limits);
  RUN(test_fuzz);
  RUN(test_snippets);
  sqlite3_close(mem);
  return DONE();
}
