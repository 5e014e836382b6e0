/*
** test_analyzer: the search analyzer and the FTS5 tokenizer "majlis".
** Table-driven: every Arabic fold and mark the analyzer promises, offsets
** into vocalised originals, invalid UTF-8, Azerbaijani letters, the light
** stemmer, digits, function words, the query builders, and the tokenizer
** on a fresh in-memory database (matching, highlights, exact and prefix
** queries) and on a database opened through db_open.
*/
#include <sqlite3.h>
#include <utf8proc.h>

#include "analyzer.h"
#include "db.h"
#include "harness.h"

/* ---- helpers ---- */
typedef struct Toks {
  int n;
  char norm[32][ANALYZER_MAX_BYTES];
  char stem[32][ANALYZER_MAX_BYTES];
  size_t start[32], end[32];
} Toks;

static int collect(void *ctx, const AnalyzerToken *t) {
  Toks *k = ctx;
  if (k->n == 32) return 0;
  memcpy(k->norm[k->n], t->norm, t->nnorm + 1);
  memcpy(k->stem[k->n], t->stem, t->nstem);
  k->stem[k->n][t->nstem] = 0;
  k->start[k->n] = t->start;
  k->end[k->n] = t->end;
  k->n++;
  return 0;
}

static Toks *toks(const char *s) {
  static Toks k;
  AnalyzerConfig c;
  analyzer_config_default(&c);
  memset(&k, 0, sizeof k);
  analyzer_tokenize(&c, s, strlen(s), collect, &k);
  return &k;
}

static const char *norm_of(const char *s) {
  static char n[ANALYZER_MAX_BYTES], st[ANALYZER_MAX_BYTES];
  AnalyzerConfig c;
  analyzer_config_default(&c);
  analyzer_word(&c, s, n, st);
  return n;
}

static const char *norm_with(const AnalyzerConfig *c, const char *s) {
  static char n[ANALYZER_MAX_BYTES], st[ANALYZER_MAX_BYTES];
  analyzer_word(c, s, n, st);
  return n;
}

static const char *stem_of(const char *s) {
  static char n[ANALYZER_MAX_BYTES], st[ANALYZER_MAX_BYTES];
  AnalyzerConfig c;
  analyzer_config_default(&c);
  analyzer_word(&c, s, n, st);
  return st;
}

/* ---- folding ---- */
static void test_arabic_folds(void) {
  static const struct {
    const char *in, *out;
  } t[] = {
    {"أ", "ا"}, {"إ", "ا"}, {"آ", "ا"}, {"ٱ", "ا"}, {"ى", "ي"}, {"ة", "ه"}, {"ؤ", "ء"}, {"ئ", "ء"},
    {"ک", "ك"}, {"ی", "ي"}, {"ۀ", "ه"}, {"ھ", "ه"}, {"ہ", "ه"}, {"ۂ", "ه"}, {"ۃ", "ه"}, {"ے", "ي"}, {"ۓ", "ي"},
    {"أحمد", "احمد"}, {"إسلام", "اسلام"}, {"آمنة", "امنه"}, {"ٱلْكِتَابُ", "الكتاب"}, {"مستشفى", "مستشفي"},
    {"مدرسة", "مدرسه"}, {"مسؤول", "مسءول"}, {"مسئول", "مسءول"}, {"الشؤون", "الشءون"}, {"الشئون", "الشءون"},
    {"رئيس", "رءيس"}, {"کتاب", "كتاب"}, {"فارسی", "فارسي"}, {"ہمارا", "همارا"}, {"دیکھے", "ديكهي"},
    {"خانۀ", "خانه"}, {"ھندی", "هندي"}, {"ﻻ", "لا"}, {"ﷲ", "الله"}, {"كـــتـــاب", "كتاب"},
  };
  for (size_t i = 0; i < MJ_COUNT(t); i++) CHECK_STR(norm_of(t[i].in), t[i].out);
  /* the switch: without "hamza" the seats fold to their letters, as before schema 14 */
  AnalyzerConfig c;
  analyzer_config_default(&c);
  CHECK_EQ_INT(analyzer_config_arg(&c, "nohamza"), MJ_OK);
  CHECK_STR(norm_with(&c, "مسؤول"), "مسوول");
  CHECK_STR(norm_with(&c, "مسئول"), "مسيول");
}

static void test_digits(void) {
  const char *arabic_indic[] = {"٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"};
  const char *eastern[] = {"۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹"};
  for (int d = 0; d < 10; d++) {
    char want[2] = {(char)('0' + d), 0};
    CHECK_STR(norm_of(arabic_indic[d]), want);
    CHECK_STR(norm_of(eastern[d]), want);
  }
  CHECK_STR(norm_of("٢٠١٨"), "2018");
  CHECK_STR(norm_of("۱۳۹۹"), "1399");
  CHECK_STR(norm_of("２０２６"), "2026"); /* full-width, by NFKC */
  /* a year with the Arabic era letter is two words: 2018 and م */
  Toks *k = toks("في عام ٢٠١٨م");
  CHECK_EQ_INT(k->n, 4);
  CHECK_STR(k->norm[2], "2018");
  CHECK_STR(k->norm[3], "م");
}

static void put(Buf *b, int32_t c) {
  utf8proc_uint8_t u[4];
  buf_append(b, u, (size_t)utf8proc_encode_char(c, u));
}

/* Every mark and the tatweel vanish from the normalised form; combining
** marks never split a word. */
static void test_marks_removed(void) {
  for (int32_t c = 0x640; c <= 0x6ED; c++) {
    if (!(c == 0x640 || (c >= 0x64B && c <= 0x65F) || c == 0x670 || c >= 0x6D6)) continue;
    Buf b;
    buf_init(&b, 64);
    buf_puts(&b, "ك");
    put(&b, c);
    buf_puts(&b, "تاب");
    Toks *k = toks(b.p);
    Buf all;
    buf_init(&all, 64);
    for (int i = 0; i < k->n; i++) buf_puts(&all, k->norm[i]);
    if (strcmp(all.p, "كتاب") != 0) printf("#   U+%04X left %s\n", (unsigned)c, all.p);
    CHECK_STR(all.p, "كتاب");
    utf8proc_category_t cat = utf8proc_category(c);
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_LM) {
      CHECK_EQ_INT(k->n, 1);
      CHECK_EQ_INT(k->end[0], b.n);
    }
    buf_free(&b);
    buf_free(&all);
  }
}

static void test_case_folding(void) {
  CHECK_STR(norm_of("Parliament"), "parliament");
  CHECK_STR(norm_of("ΣΟΦΙΑ"), "σοφια");
  CHECK_STR(norm_of("Straße"), "strasse");
  CHECK_STR(norm_of("ﬁle"), "file"); /* ligature, by NFKC */
  CHECK_STR(norm_of("Cafe\xcc\x81"), "café"); /* composed */
}

/* Azerbaijani and Turkish: İ, I and ı all become i (the language of a word
** is not known, and one i keeps both the Turkish pairs İ/i, I/ı and the
** English I/i together); ə ğ ş ç ö ü keep their marks in the normalised form
** (they are letters of their own) and lose them in the stem, so a query
** typed without them still matches. */
static void test_azerbaijani(void) {
  static const struct {
    const char *in, *norm, *stem;
  } t[] = {
    {"İ", "i", "i"},       {"I", "i", "i"},       {"ı", "i", "i"},         {"Ə", "ə", "e"},
    {"ə", "ə", "e"},       {"Ğ", "ğ", "g"},       {"ş", "ş", "s"},         {"Ç", "ç", "c"},
    {"Ö", "ö", "o"},       {"ü", "ü", "u"},       {"İSTANBUL", "istanbul", "istanbul"},
    {"Bakı", "baki", "baki"}, {"BAKI", "baki", "baki"}, {"IRMAK", "irmak", "irmak"}, {"ırmak", "irmak", "irmak"}, {"Məclis", "məclis", "meclis"},
    {"Şükrü", "şükrü", "sukru"}, {"ölkə", "ölkə", "olk"}, /* English rules apply to all Latin words */
  };
  for (size_t i = 0; i < MJ_COUNT(t); i++) {
    CHECK_STR(norm_of(t[i].in), t[i].norm);
    CHECK_STR(stem_of(t[i].in), t[i].stem);
  }
}

/* ---- offsets ---- */
static void test_offsets(void) {
  const char *s = "قَالَ الرَّئِيسُ: «التَّصْوِيتُ مَفْتُوحٌ» (٢٠٢٦).";
  const char *words[] = {"قَالَ", "الرَّئِيسُ", "التَّصْوِيتُ", "مَفْتُوحٌ", "٢٠٢٦"};
  const char *norms[] = {"قال", "الرءيس", "التصويت", "مفتوح", "2026"};
  Toks *k = toks(s);
  CHECK_EQ_INT(k->n, 5);
  for (int i = 0; i < k->n && i < 5; i++) {
    size_t l = strlen(words[i]);
    CHECK_EQ_INT(k->end[i] - k->start[i], l);
    CHECK(strncmp(s + k->start[i], words[i], l) == 0);
    CHECK_STR(k->norm[i], norms[i]);
  }
  /* marks at the end of a word stay inside its range */
  k = toks("كِتَابٌ");
  CHECK_EQ_INT(k->n, 1);
  CHECK_EQ_INT(k->start[0], 0);
  CHECK_EQ_INT(k->end[0], strlen("كِتَابٌ"));
  /* a very long run is cut, and the pieces cover it exactly */
  Buf b;
  buf_init(&b, 4096);
  for (int i = 0; i < 150; i++) buf_puts(&b, "ب");
  k = toks(b.p);
  CHECK_EQ_INT(k->n, 3);
  CHECK_EQ_INT(k->start[0], 0);
  CHECK_EQ_INT(k->end[0], k->start[1]);
  CHECK_EQ_INT(k->end[1], k->start[2]);
  CHECK_EQ_INT(k->end[2], b.n);
  buf_free(&b);
}

/* ---- invalid input ---- */
typedef struct Bounds {
  size_t n, last;
  int bad;
} Bounds;

static int bounds(void *ctx, const AnalyzerToken *t) {
  Bounds *b = ctx;
  if (t->start >= t->end || t->end > b->n || t->start < b->last || !t->nnorm || !t->nstem) b->bad++;
  b->last = t->end;
  return 0;
}

static void test_invalid_utf8(void) {
#define BYTES(s) s, sizeof(s) - 1
  static const struct {
    const char *in;
    size_t len;
    const char *words;
  } t[] = {
    {BYTES("a\xff" "b"), "a b"},
    {BYTES("\x80\x80word"), "word"},
    {BYTES("ab\xc3"), "ab"},                  /* truncated */
    {BYTES("x\xc0\x80y"), "x y"},             /* overlong NUL */
    {BYTES("x\xed\xa0\x80y"), "x y"},         /* surrogate */
    {BYTES("x\xf4\x90\x80\x80y"), "x y"},     /* beyond U+10FFFF */
    {BYTES("كت\xd8" "اب"), "كت اب"},          /* a lead byte inside an Arabic word */
    {BYTES("one\0two"), "one two"},           /* NUL is a separator */
  };
  AnalyzerConfig c;
  analyzer_config_default(&c);
  for (size_t i = 0; i < MJ_COUNT(t); i++) {
    Toks k;
    memset(&k, 0, sizeof k);
    analyzer_tokenize(&c, t[i].in, t[i].len, collect, &k);
    Buf b;
    buf_init(&b, 256);
    for (int j = 0; j < k.n; j++) {
      if (j) buf_putc(&b, ' ');
      buf_puts(&b, k.norm[j]);
    }
    CHECK_STR(b.p, t[i].words);
    buf_free(&b);
  }
  /* random bytes: never a crash, offsets in bounds and in order */
  Rng r;
  rng_seed(&r, 7);
  char buf[256];
  int bad = 0;
  for (int round = 0; round < 3000; round++) {
    size_t n = rng_below(&r, sizeof buf);
    for (size_t i = 0; i < n; i++) {
      uint32_t x = rng_below(&r, 10);
      /* mostly Arabic lead and continuation bytes, some ASCII, some noise */
      buf[i] = (char)(x < 3   ? 0xD8 + rng_below(&r, 2)
                      : x < 6 ? 0x80 + rng_below(&r, 64)
                      : x < 8 ? 'a' + rng_below(&r, 26)
                              : rng_below(&r, 256));
    }
    Bounds bo = {n, 0, 0};
    analyzer_tokenize(&c, buf, n, bounds, &bo);
    bad += bo.bad;
    Buf q;
    buf_init(&q, 1 << 16);
    char z[257];
    memcpy(z, buf, n);
    z[n] = 0;
    analyzer_query_ranked(z, 0, &q);
    analyzer_query_phrase(z, 1, &q);
    buf_free(&q);
  }
  CHECK_EQ_INT(bad, 0);
}

/* ---- stemming ---- */
static void test_stemmer(void) {
  static const struct {
    const char *in, *stem;
  } t[] = {
    /* the article and its prepositions, and و */
    {"تصويت", "تصويت"}, {"التصويت", "تصويت"}, {"والتصويت", "تصويت"}, {"بالتصويت", "تصويت"},
    {"للتصويت", "تصويت"}, {"فالتصويت", "تصويت"}, {"كالتصويت", "تصويت"}, {"وتصويت", "تصويت"},
    {"التَّصْوِيتُ", "تصويت"},
    /* suffixes */
    {"كتابها", "كتاب"}, {"الانتخابات", "انتخاب"}, {"انتخابية", "انتخاب"}, {"المعلمون", "معلم"},
    {"المعلمين", "معلم"}, {"نائبان", "ناءب"}, {"مصري", "مصر"}, {"مدرسته", "مدرست"}, {"المدرسة", "مدرس"},
    /* guards: short words keep their letters */
    {"وطن", "وطن"}, {"ال", "ال"}, {"به", "به"}, {"يد", "يد"},
    /* الله is not "له" */
    {"الله", "الله"}, {"والله", "الله"}, {"بالله", "الله"},
    /* English */
    {"voting", "vot"}, {"voted", "vot"}, {"votes", "vot"}, {"vote", "vot"}, {"running", "run"},
    {"committees", "committee"}, {"committee", "committee"}, {"policies", "policy"}, {"policy", "policy"},
    {"quickly", "quick"}, {"is", "is"}, {"bus", "bus"}, {"analysis", "analysis"}, {"Debates", "debat"},
    /* words that are neither: no stem */
    {"covid19", "covid19"}, {"2018", "2018"}, {"σοφια", "σοφια"},
  };
  for (size_t i = 0; i < MJ_COUNT(t); i++) CHECK_STR(stem_of(t[i].in), t[i].stem);
  /* with stemming off, the stem is the normalised form */
  AnalyzerConfig c;
  analyzer_config_default(&c);
  CHECK_EQ_INT(analyzer_config_arg(&c, "nostem"), MJ_OK);
  char n[ANALYZER_MAX_BYTES], s[ANALYZER_MAX_BYTES];
  analyzer_word(&c, "والتصويت", n, s);
  CHECK_STR(s, "والتصويت");
  /* a rule turned off by argument */
  analyzer_config_default(&c);
  CHECK_EQ_INT(analyzer_config_arg(&c, "-s:ات"), MJ_OK);
  analyzer_word(&c, "الانتخابات", n, s);
  CHECK_STR(s, "انتخابات");
  CHECK_EQ_INT(analyzer_config_arg(&c, "+p:ب"), MJ_OK);
  analyzer_word(&c, "بمجلس", n, s);
  CHECK_STR(s, "مجلس");
  CHECK_EQ_INT(analyzer_config_arg(&c, "teh"), MJ_OK);
  analyzer_word(&c, "مدرستها", n, s);
  CHECK_STR(s, "مدرس");
  CHECK_EQ_INT(analyzer_config_arg(&c, "pmin=3"), MJ_OK);
  CHECK(analyzer_config_arg(&c, "frobnicate") == MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "frobnicate");
  CHECK(analyzer_config_arg(&c, "-s:xyz") == MJ_EINVAL);
  CHECK(analyzer_config_arg(&c, "pmin=9") == MJ_EINVAL);
}

/* ---- function words and queries ---- */
static void test_stopwords(void) {
  const char *stop[] = {"في",   "من",  "على", "إلى", "الى", "عن",    "مع",  "هل", "ما",
                        "ماذا", "متى", "أين", "كيف", "كم",  "لماذا", "هو",  "هي", "التي",
                        "الذي", "أو",  "أن",  "إن",  "هذه", "ماهي",  "the", "və"};
  const char *content[] = {"التصويت", "مجلس", "قانون", "جمال", "عام", "parliament", "Məclis"};
  for (size_t i = 0; i < MJ_COUNT(stop); i++) {
    const char *n = norm_of(stop[i]);
    if (!analyzer_is_stopword(n, strlen(n))) printf("#   %s is not a function word\n", stop[i]);
    CHECK(analyzer_is_stopword(n, strlen(n)));
  }
  for (size_t i = 0; i < MJ_COUNT(content); i++) {
    const char *n = norm_of(content[i]);
    CHECK(!analyzer_is_stopword(n, strlen(n)));
  }
}

static void test_queries(void) {
  Buf b;
  buf_init(&b, 4096);
  static const struct {
    const char *q;
    unsigned flags;
    int terms;
    const char *fts; /* NULL: not compared */
  } t[] = {
    {" - من هو جمال أحمد حمزة خاشقجي؟ ", 0, 4, "\"جمال\" OR \"أحمد\" OR \"حمزة\" OR \"خاشقجي\""},
    /* only function words: kept */
    {"من هو", 0, 2, "\"من\" OR \"هو\""},
    {"من هو جمال", ANALYZER_Q_KEEP_STOP, 3, NULL},
    /* the noun after a question word names the answer's kind: left out */
    {"كم عدد سكان مصر؟", 0, 2, "\"سكان\" OR \"مصر\""},
    {"في أي عام ولد نجيب محفوظ", 0, 3, "\"ولد\" OR \"نجيب\" OR \"محفوظ\""},
    {"ما هو إسم الرئيس", 0, 1, "\"الرئيس\""},
    /* anywhere else it is a word like any other */
    {"عدد سكان مصر", 0, 3, "\"عدد\" OR \"سكان\" OR \"مصر\""},
    {"العام الدراسي عام", 0, 2, NULL},
    {"كم عدد", 0, 2, NULL}, /* nothing else: kept */
    /* one stem, one term; the vocalised original is what is quoted */
    {"التَّصْوِيتُ والتصويت تصويت", 0, 1, "\"التَّصْوِيتُ\""},
    {"التصويت", ANALYZER_Q_EXACT_BONUS, 1, "\"التصويت\" OR \"=التصويت\""},
    /* FTS5 syntax in the input is only text */
    {"\"NEAR(vote b)\" x* -y^", 0, 5, "\"NEAR\" OR \"vote\" OR \"b\" OR \"x\" OR \"y\""},
    {"؟ ، - !", 0, 0, ""},
  };
  for (size_t i = 0; i < MJ_COUNT(t); i++) {
    buf_reset(&b);
    CHECK_EQ_INT(analyzer_query_ranked(t[i].q, t[i].flags, &b), t[i].terms);
    if (t[i].fts) CHECK_STR(b.n ? b.p : "", t[i].fts);
  }
  buf_reset(&b);
  /* phrases keep function words */
  CHECK_EQ_INT(analyzer_query_phrase("التصويت على القانون", 1, &b), 3);
  CHECK_STR(b.p, "\"=التصويت على القانون\"");
  buf_reset(&b);
  CHECK_EQ_INT(analyzer_query_phrase("التصويت على", 0, &b), 2);
  CHECK_STR(b.p, "\"التصويت على\"");
  buf_free(&b);
}

/* ---- the FTS5 tokenizer ---- */
static int count(sqlite3 *db, const char *match) {
  sqlite3_stmt *st;
  int n = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  return n;
}

static char *first_text(sqlite3 *db, const char *sql, const char *match) {
  sqlite3_stmt *st;
  char *out = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    if (match) sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = xstrdup((const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return out;
}

static void test_fts5_tokenizer(void) {
  sqlite3 *db;
  CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
  CHECK_EQ_INT(analyzer_fts5_register(db), MJ_OK);
  CHECK(sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='majlis');"
                     "INSERT INTO t(rowid, x) VALUES(1, 'بدأ التَّصْوِيتُ على القانونِ في المجلس');"
                     "INSERT INTO t(rowid, x) VALUES(2, 'قدم النائب تصويتا مخالفا');"
                     "INSERT INTO t(rowid, x) VALUES(3, 'The committee voted on ٢٠٢٦ budgets in Bakı');",
                     NULL, NULL, NULL) == SQLITE_OK);
  /* stemmed matching both ways */
  CHECK_EQ_INT(count(db, "تصويت"), 1);
  CHECK_EQ_INT(count(db, "\"تصويت\""), 1);
  CHECK_EQ_INT(count(db, "والتصويت"), 1);
  CHECK_EQ_INT(count(db, "التَّصْوِيت"), 1);
  CHECK_EQ_INT(count(db, "مجالس"), 0); /* a broken plural is beyond a light stemmer */
  CHECK_EQ_INT(count(db, "النواب OR نائب"), 1);
  CHECK_EQ_INT(count(db, "voting"), 1);
  CHECK_EQ_INT(count(db, "budget"), 1);
  CHECK_EQ_INT(count(db, "2026"), 1);
  CHECK_EQ_INT(count(db, "baki"), 1);
  CHECK_EQ_INT(count(db, "BAKI"), 1);
  /* exact: the normalised form only, never a stem */
  CHECK_EQ_INT(count(db, "\"=التصويت\""), 1);
  CHECK_EQ_INT(count(db, "\"=تصويت\""), 0);
  CHECK_EQ_INT(count(db, "\"=التصويت على القانون\""), 1);
  CHECK_EQ_INT(count(db, "\"=على التصويت\""), 0);
  /* phrases and prefixes */
  CHECK_EQ_INT(count(db, "\"تصويت على قانون\""), 1);
  CHECK_EQ_INT(count(db, "التص*"), 1);
  CHECK_EQ_INT(count(db, "مجل*"), 1);  /* through the stem of المجلس */
  CHECK_EQ_INT(count(db, "المجل*"), 1);
  CHECK_EQ_INT(count(db, "\"=المجل\"*"), 1);
  CHECK_EQ_INT(count(db, "vot*"), 1);
  /* the highlight lands on the vocalised original */
  char *h = first_text(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1", "تصويت");
  CHECK_STR(h, "بدأ [التَّصْوِيتُ] على القانونِ في المجلس");
  free(h);
  h = first_text(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1", "\"=على القانون\"");
  CHECK_STR(h, "بدأ التَّصْوِيتُ [على القانونِ] في المجلس");
  free(h);
  h = first_text(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1", "vote");
  CHECK_STR(h, "The committee [voted] on ٢٠٢٦ budgets in Bakı");
  free(h);
  /* the index holds the normalised form and the marked stem */
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE v USING fts5vocab(t, row)", NULL, NULL, NULL) == SQLITE_OK);
  char *term = first_text(db, "SELECT term FROM v WHERE term='التصويت'", NULL);
  CHECK_STR(term, "التصويت");
  free(term);
  term = first_text(db, "SELECT term FROM v WHERE term='~تصويت'", NULL);
  CHECK_STR(term, "~تصويت");
  free(term);
  /* the index is consistent */
  CHECK(sqlite3_exec(db, "INSERT INTO t(t) VALUES('integrity-check')", NULL, NULL, NULL) == SQLITE_OK);
  /* arguments, and a refusal of unknown ones */
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE u USING fts5(x, tokenize='majlis nostem ''-s:ات''')", NULL,
                     NULL, NULL) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE w USING fts5(x, tokenize='majlis bogus')", NULL, NULL, NULL) !=
        SQLITE_OK);
  sqlite3_close(db);
}

/* db_open registers the tokenizer on every connection it makes. */
static void test_db_open_registers(void) {
  char path[512];
  th_tmpdb(path, sizeof path, "analyzer");
  Db *db;
  CHECK_EQ_INT(db_open(path, DB_CREATE, &db), MJ_OK);
  if (!db) return;
  CHECK_EQ_INT(db_exec(db, "CREATE VIRTUAL TABLE s USING fts5(x, tokenize='majlis');"
                           "INSERT INTO s VALUES('والتصويت على القانون');"),
               MJ_OK);
  db_close(db);
  CHECK_EQ_INT(db_open(path, 0, &db), MJ_OK); /* a new connection can read and write it */
  if (db) {
    CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM s WHERE s MATCH 'تصويت'", 0, 0, -1), 1);
    CHECK_EQ_INT(db_exec(db, "INSERT INTO s VALUES('تصويت آخر')"), MJ_OK);
    char *report = NULL;
    CHECK_EQ_INT(db_check(db, &report), MJ_OK);
    CHECK_CONTAINS(report, "full-text index s: ok");
    free(report);
    db_close(db);
  }
  remove(path);
  char w[600];
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
}

int main(void) {
  RUN(test_arabic_folds);
  RUN(test_digits);
  RUN(test_marks_removed);
  RUN(test_case_folding);
  RUN(test_azerbaijani);
  RUN(test_offsets);
  RUN(test_invalid_utf8);
  RUN(test_stemmer);
  RUN(test_stopwords);
  RUN(test_queries);
  RUN(test_fts5_tokenizer);
  RUN(test_db_open_registers);
  return DONE();
}
