/*
** test_demotext: checks the demo text generator -- determinism, valid
** UTF-8 with Arabic letters, variety of speech openings, sentence and
** paragraph counts, the fixed blocs/committees/topics, parallel Arabic and
** English titles, and that no template slot is left unfilled.
** Prints TAP lines ("ok - ..." or "not ok - ..."); exits non-zero on any failure.
** Run with -v to also print one sample of each kind of text.
*/
#include "demotext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(int cond, const char *what) {
  if (cond) printf("ok - %s\n", what);
  else {
    printf("not ok - %s\n", what);
    failures++;
  }
}

/* Decodes one UTF-8 sequence at s (strict: no overlongs, no surrogates).
** Returns its length, or 0 if invalid. */
static int utf8_next(const unsigned char *s, unsigned *cp) {
  unsigned c = s[0];
  int n;
  unsigned v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0) n = 2, v = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) n = 3, v = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) n = 4, v = c & 0x07;
  else return 0;
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000) ||
      v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return n;
}

static int utf8_valid(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned cp;
    int n = utf8_next(p, &cp);
    if (!n) return 0;
    p += n;
  }
  return 1;
}

/* Counts code points in [lo, hi]. */
static int count_range(const char *s, unsigned lo, unsigned hi) {
  const unsigned char *p = (const unsigned char *)s;
  int k = 0;
  while (*p) {
    unsigned cp;
    int n = utf8_next(p, &cp);
    if (!n) return -1;
    if (cp >= lo && cp <= hi) k++;
    p += n;
  }
  return k;
}

static int has_arabic_letters(const char *s) {
  return count_range(s, 0x0621, 0x064A) > 0;
}

static const char *str(const Buf *b) { return b->p ? b->p : ""; }

/* Length of the first sentence: up to and including the first '.', '?',
** '!' or Arabic question mark, or up to a newline. */
static size_t first_sentence_len(const char *s) {
  for (size_t i = 0; s[i]; i++) {
    if (s[i] == '.' || s[i] == '?' || s[i] == '!') return i + 1;
    if (s[i] == '\n') return i;
    if ((unsigned char)s[i] == 0xD8 && (unsigned char)s[i + 1] == 0x9F)
      return i + 2; /* U+061F ARABIC QUESTION MARK */
  }
  return strlen(s);
}

/* Sentences end with '.', '?', '!' or U+061F followed by space, newline or
** the end of the text. */
static int count_sentences(const char *s) {
  int k = 0;
  for (size_t i = 0; s[i]; i++) {
    size_t after;
    if (s[i] == '.' || s[i] == '?' || s[i] == '!') after = i + 1;
    else if ((unsigned char)s[i] == 0xD8 && (unsigned char)s[i + 1] == 0x9F)
      after = i + 2;
    else continue;
    if (s[after] == 0 || s[after] == ' ' || s[after] == '\n') k++;
  }
  return k;
}

static int count_paragraphs(const char *s) {
  int k = 1;
  for (const char *p = s; (p = strstr(p, "\n\n")) != NULL; p += 2) k++;
  return k;
}

static int cmpstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int distinct(char **v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmpstr);
  int d = n > 0;
  for (int i = 1; i < n; i++)
    if (strcmp(v[i], v[i - 1])) d++;
  return d;
}

/* The ASCII digits of s, in order, so an Arabic title and its English twin
** can be compared. */
static void digits(const char *s, char *out, size_t outsz) {
  size_t k = 0;
  for (; *s && k + 1 < outsz; s++)
    if (*s >= '0' && *s <= '9') out[k++] = *s;
  out[k] = 0;
}

static void test_determinism(void) {
  for (int lang = 0; lang < 2; lang++) {
    Buf a, b, c;
    buf_init(&a, BUF_UNLIMITED);
    buf_init(&b, BUF_UNLIMITED);
    buf_init(&c, BUF_UNLIMITED);
    Rng r1, r2, r3;
    rng_seed(&r1, 12345);
    rng_seed(&r2, 12345);
    rng_seed(&r3, 12346);
    demotext_speech(&r1, (DemoLang)lang, 3, &a);
    demotext_speech(&r2, (DemoLang)lang, 3, &b);
    demotext_speech(&r3, (DemoLang)lang, 3, &c);
    check(a.n > 0 && a.n == b.n && memcmp(a.p, b.p, a.n) == 0,
          lang ? "same seed gives the same English speech"
               : "same seed gives the same Arabic speech");
    check(c.n > 0 && strcmp(str(&a), str(&c)) != 0,
          lang ? "different seed gives a different English speech"
               : "different seed gives a different Arabic speech");
    buf_free(&a);
    buf_free(&b);
    buf_free(&c);
  }
  Buf a, b, ea, eb;
  buf_init(&a, BUF_UNLIMITED);
  buf_init(&b, BUF_UNLIMITED);
  buf_init(&ea, BUF_UNLIMITED);
  buf_init(&eb, BUF_UNLIMITED);
  Rng r1, r2;
  rng_seed(&r1, 99);
  rng_seed(&r2, 99);
  for (int i = 0; i < 50; i++) {
    demotext_person(&r1, &a, &ea, NULL);
    demotext_person(&r2, &b, &eb, NULL);
  }
  check(strcmp(str(&a), str(&b)) == 0 && strcmp(str(&ea), str(&eb)) == 0,
        "same seed gives the same people");
  buf_free(&a);
  buf_free(&b);
  buf_free(&ea);
  buf_free(&eb);
}

static void test_arabic_speech(void) {
  Rng r;
  rng_seed(&r, 7);
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  demotext_speech(&r, DEMOTEXT_AR, 0, &b);
  check(utf8_valid(str(&b)), "Arabic speech is valid UTF-8");
  check(has_arabic_letters(str(&b)), "Arabic speech contains Arabic letters");
  check(count_range(str(&b), 0x060C, 0x060C) > 0,
        "Arabic speech uses the Arabic comma");
  buf_free(&b);
}

static void test_speeches(int verbose) {
  enum { N = 2000 };
  static char *first[N];
  Rng r, rt;
  rng_seed(&r, 2024);
  rng_seed(&rt, 77);
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  int bad_utf8 = 0, slots_left = 0, bad_sent = 0, bad_para = 0;
  int with_tashkeel = 0, with_semicolon = 0, with_question = 0;
  int min_s = 99, max_s = 0;
  for (int i = 0; i < N; i++) {
    buf_reset(&b);
    int topic = (int)rng_below(&rt, (uint32_t)demotext_topic_count());
    demotext_speech(&r, DEMOTEXT_AR, topic, &b);
    const char *s = str(&b);
    if (!utf8_valid(s) || !has_arabic_letters(s)) bad_utf8++;
    if (strchr(s, '{') || strchr(s, '}')) slots_left++;
    int ns = count_sentences(s), np = count_paragraphs(s);
    if (ns < 3 || ns > 8) bad_sent++;
    if (ns < min_s) min_s = ns;
    if (ns > max_s) max_s = ns;
    if (np < 2 || np > 3) bad_para++;
    if (count_range(s, 0x064B, 0x0652) > 0) with_tashkeel++;
    if (count_range(s, 0x061B, 0x061B) > 0) with_semicolon++;
    if (count_range(s, 0x061F, 0x061F) > 0) with_question++;
    first[i] = xstrndup(s, first_sentence_len(s));
    if (verbose && i == 0) printf("--- Arabic speech (topic %d)\n%s\n---\n", topic, s);
  }
  int d = distinct(first, N);
  char msg[160];
  snprintf(msg, sizeof msg, "%d distinct first sentences in %d Arabic speeches (need >= 1500)", d, N);
  check(d >= 1500, msg);
  check(bad_utf8 == 0, "all Arabic speeches are valid UTF-8 with Arabic letters");
  check(slots_left == 0, "no unfilled {slot} in Arabic speeches");
  snprintf(msg, sizeof msg, "Arabic speeches have 3 to 8 sentences (seen %d..%d)", min_s, max_s);
  check(bad_sent == 0, msg);
  check(bad_para == 0, "Arabic speeches have 2 or 3 paragraphs");
  snprintf(msg, sizeof msg, "tashkeel in %d, Arabic semicolon in %d, Arabic question mark in %d of %d",
           with_tashkeel, with_semicolon, with_question, N);
  check(with_tashkeel > N / 5 && with_semicolon > 0 && with_question > 0, msg);
  for (int i = 0; i < N; i++) free(first[i]);

  int en_bad = 0, en_slots = 0;
  min_s = 99, max_s = 0;
  for (int i = 0; i < N; i++) {
    buf_reset(&b);
    demotext_speech(&r, DEMOTEXT_EN, i % demotext_topic_count(), &b);
    const char *s = str(&b);
    if (strchr(s, '{') || strchr(s, '}')) en_slots++;
    int ns = count_sentences(s), np = count_paragraphs(s);
    if (ns < min_s) min_s = ns;
    if (ns > max_s) max_s = ns;
    if (ns < 3 || ns > 8 || np < 2 || np > 3 || !utf8_valid(s)) en_bad++;
    first[i] = xstrndup(s, first_sentence_len(s));
    if (verbose && i == 0) printf("--- English speech\n%s\n---\n", s);
  }
  d = distinct(first, N);
  snprintf(msg, sizeof msg, "%d distinct first sentences in %d English speeches", d, N);
  check(d >= 1000, msg);
  check(en_slots == 0, "no unfilled {slot} in English speeches");
  snprintf(msg, sizeof msg, "English speeches have 3 to 8 sentences and 2-3 paragraphs (seen %d..%d)",
           min_s, max_s);
  check(en_bad == 0, msg);
  for (int i = 0; i < N; i++) free(first[i]);
  buf_free(&b);
}

static void test_fixed_names(void) {
  char msg[128];
  int np = demotext_party_count(), nc = demotext_committee_count();
  int nt = demotext_topic_count();
  snprintf(msg, sizeof msg, "%d parties (need >= 5)", np);
  check(np >= 5, msg);
  snprintf(msg, sizeof msg, "%d committees (need >= 5)", nc);
  check(nc >= 5, msg);
  snprintf(msg, sizeof msg, "%d topics (need >= 10)", nt);
  check(nt >= 10, msg);
  int bad = 0;
  for (int i = 0; i < np; i++) {
    DemoName d = demotext_party(i);
    if (!d.ar || !d.en || !*d.ar || !*d.en || !has_arabic_letters(d.ar)) bad++;
  }
  for (int i = 0; i < nc; i++) {
    DemoName d = demotext_committee(i);
    if (!d.ar || !d.en || !*d.ar || !*d.en || !has_arabic_letters(d.ar)) bad++;
  }
  check(bad == 0, "every party and committee has Arabic and English names");
}

static void test_people(int verbose) {
  Rng r;
  rng_seed(&r, 31337);
  enum { N = 1000, M = 165 };
  static char *names[N];
  Buf ar, en;
  buf_init(&ar, BUF_UNLIMITED);
  buf_init(&en, BUF_UNLIMITED);
  int female = 0, bad = 0;
  for (int i = 0; i < N; i++) {
    const char *g = NULL;
    buf_reset(&ar);
    buf_reset(&en);
    demotext_person(&r, &ar, &en, &g);
    if (!g || (strcmp(g, "male") && strcmp(g, "female"))) bad++;
    else if (!strcmp(g, "female")) female++;
    if (!has_arabic_letters(str(&ar)) || en.n < 5 || !utf8_valid(str(&ar))) bad++;
    int spaces = 0;
    for (const char *p = str(&ar); *p; p++) spaces += *p == ' ';
    if (spaces != 2) bad++;
    names[i] = xstrdup(str(&ar));
    if (verbose && i < 3) printf("person: %s / %s (%s)\n", str(&ar), str(&en), g);
  }
  check(bad == 0, "people have three-part Arabic names, English names and a gender");
  char msg[128];
  snprintf(msg, sizeof msg, "%d of %d people are female (want about a quarter)", female, N);
  check(female > N / 6 && female < N / 3, msg);
  int d = distinct(names, M);
  snprintf(msg, sizeof msg, "%d distinct names among the first %d people", d, M);
  check(d >= M - 3, msg);
  for (int i = 0; i < N; i++) free(names[i]);
  buf_free(&ar);
  buf_free(&en);
}

static void test_titles(int verbose) {
  static const char *kinds[] = {"report", "bill", "question", "motion", "other",
                                "unknown"};
  Rng r;
  rng_seed(&r, 5);
  Buf a, e;
  buf_init(&a, BUF_UNLIMITED);
  buf_init(&e, BUF_UNLIMITED);
  int bad = 0, unparallel = 0;
  for (int rep = 0; rep < 20; rep++) {
    for (int t = 0; t < demotext_topic_count(); t++) {
      for (int k = 0; k <= 6; k++) {
        buf_reset(&a);
        buf_reset(&e);
        Rng copy = r;
        if (k < 6) demotext_agenda_title(&r, DEMOTEXT_AR, kinds[k], t, &a);
        else demotext_vote_title(&r, DEMOTEXT_AR, t, &a);
        Rng after = r;
        r = copy;
        if (k < 6) demotext_agenda_title(&r, DEMOTEXT_EN, kinds[k], t, &e);
        else demotext_vote_title(&r, DEMOTEXT_EN, t, &e);
        if (r.s != after.s) unparallel++;
        const char *sa = str(&a), *se = str(&e);
        if (!*sa || !*se || !utf8_valid(sa) || !has_arabic_letters(sa) ||
            strchr(sa, '{') || strchr(se, '{') || strchr(sa, '}') || strchr(se, '}'))
          bad++;
        char da[32], de[32];
        digits(sa, da, sizeof da);
        digits(se, de, sizeof de);
        if (strcmp(da, de)) unparallel++;
        if (verbose && rep == 0 && t == 1) printf("title %s:\n  %s\n  %s\n", k < 6 ? kinds[k] : "vote", sa, se);
      }
    }
  }
  check(bad == 0, "agenda and vote titles are non-empty, valid and fully filled");
  check(unparallel == 0, "Arabic and English titles are parallel for the same Rng state");

  int cbad = 0;
  for (int lang = 0; lang < 2; lang++) {
    for (int i = 1; i <= 130; i += 7) {
      buf_reset(&a);
      demotext_chair_open(&r, (DemoLang)lang, i, &a);
      char num[16];
      snprintf(num, sizeof num, "%d", i);
      if (!strstr(str(&a), num) || strchr(str(&a), '{') || !utf8_valid(str(&a))) cbad++;
      if (verbose && i == 1) printf("chair open: %s\n", str(&a));
    }
    buf_reset(&a);
    demotext_chair_floor((DemoLang)lang, "Test Name", &a);
    if (!strstr(str(&a), "Test Name")) cbad++;
    if (verbose) printf("chair floor: %s\n", str(&a));
    for (int passed = 0; passed < 2; passed++) {
      buf_reset(&a);
      demotext_chair_result((DemoLang)lang, 23, 11, 4, passed, &a);
      if (!strstr(str(&a), "23") || !strstr(str(&a), "11") || !strstr(str(&a), "4")) cbad++;
      if (verbose) printf("chair result: %s\n", str(&a));
    }
    for (int c = -1; c < demotext_committee_count(); c++) {
      buf_reset(&a);
      demotext_place(&r, (DemoLang)lang, c, &a);
      if (!a.n || !utf8_valid(str(&a))) cbad++;
      if (verbose && c < 1) printf("place: %s\n", str(&a));
    }
  }
  check(cbad == 0, "chair lines carry the sitting number, name and counts; places are set");
  buf_free(&a);
  buf_free(&e);
}

int main(int argc, char **argv) {
  int verbose = argc > 1 && !strcmp(argv[1], "-v");
  test_determinism();
  test_arabic_speech();
  test_fixed_names();
  test_people(verbose);
  test_titles(verbose);
  test_speeches(verbose);
  if (failures) {
    printf("# %d check(s) failed\n", failures);
    return 1;
  }
  printf("# all demotext checks passed\n");
  return 0;
}
