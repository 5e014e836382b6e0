/*
** test_core.c: unit tests of the lower layers: bounded buffers and arenas,
** the escaping formatter, request-parameter parsing, translations and the
** vote rules.
*/
#include <stdint.h>

#include "base.h"
#include "harness.h"
#include "i18n.h"
#include "meeting.h"
#include "vote.h"
#include "web.h"

static void buffers_are_bounded(void) {
  Buf b;
  buf_init(&b, 10);
  buf_puts(&b, "12345");
  CHECK_EQ_INT(b.err, 0);
  buf_puts(&b, "678901");
  CHECK_EQ_INT(b.err, MJ_ETOOBIG);
  CHECK_STR(b.p, "12345"); /* nothing half-appended */
  buf_printf(&b, "%d", 7);
  CHECK_EQ_INT(b.n, 5);
  buf_free(&b);
  buf_init(&b, BUF_UNLIMITED);
  for (int i = 0; i < 10000; i++) buf_putc(&b, 'x');
  CHECK_EQ_INT(b.n, 10000);
  CHECK_EQ_INT(strlen(b.p), 10000);
  char *t = buf_take(&b);
  CHECK_EQ_INT(b.n, 0);
  free(t);
}

static void arenas_and_strings(void) {
  Arena *a = arena_new();
  char *big = arena_alloc(a, 100000);
  memset(big, 1, 100000);
  CHECK_STR(arena_printf(a, "%s-%d", "x", 42), "x-42");
  CHECK(arena_used(a) >= 100000);
  arena_free(a);
  char small[4];
  CHECK_EQ_INT(mj_strlcpy(small, "abcdef", sizeof small), 6);
  CHECK_STR(small, "abc");
  long long v;
  CHECK_EQ_INT(mj_parse_int("42", 0, 100, &v), MJ_OK);
  CHECK_EQ_INT(v, 42);
  CHECK_EQ_INT(mj_parse_int("101", 0, 100, &v), MJ_EINVAL);
  CHECK_EQ_INT(mj_parse_int("4x", 0, 100, &v), MJ_EINVAL);
  CHECK_EQ_INT(mj_parse_int("", 0, 100, &v), MJ_EINVAL);
  CHECK_EQ_INT(mj_parse_int("99999999999999999999", 0, INT64_MAX, &v), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "whole number");
}

static void formatter_escapes_by_context(void) {
  Buf b;
  buf_init(&b, 1 << 16);
  html_printf(&b, "<p title=\"%s\">%s</p>", "a\"b<c>'", "<script>alert(1)</script>&");
  CHECK_STR(b.p, "<p title=\"a&quot;b&lt;c&gt;&#39;\">&lt;script&gt;alert(1)&lt;/script&gt;&amp;</p>");
  buf_reset(&b);
  html_printf(&b, "/s?q=%U", "مجلس & a/b");
  CHECK_STR(b.p, "/s?q=%D9%85%D8%AC%D9%84%D8%B3%20%26%20a%2Fb");
  buf_reset(&b);
  html_printf(&b, "var s=\"%J\";", "</script>\"\\\n\xe2\x80\xa8");
  CHECK_STR(b.p, "var s=\"\\u003c/script\\u003e\\\"\\\\\\u000a\\u2028\";");
  buf_reset(&b);
  Buf inner;
  buf_init(&inner, 100);
  html_printf(&inner, "<b>%s</b>", "x&y");
  html_printf(&b, "<i>%H</i>%R %d %L %z %%", &inner, " checked", -3, (long long)1 << 40, (size_t)7);
  CHECK_STR(b.p, "<i><b>x&amp;y</b></i> checked -3 1099511627776 7 %");
  buf_reset(&b);
  html_printf(&b, "%s|%U|%J", (const char *)NULL, (const char *)NULL, (const char *)NULL);
  CHECK_STR(b.p, "||");
  buf_free(&inner);
  buf_free(&b);
}

static void form_parsing(void) {
  Arena *a = arena_new();
  Param *p;
  const char *s = "a=1&b=hello+world&c=%D9%85%D8%AC&d&=x&e=%zz&f=%4";
  int n = params_parse_form(a, s, strlen(s), &p, 64);
  CHECK_EQ_INT(n, 6);
  CHECK_STR(p[0].name, "a");
  CHECK_STR(p[1].value, "hello world");
  CHECK_STR(p[2].value, "مج");
  CHECK_STR(p[3].name, "d");
  CHECK_STR(p[3].value, "");
  CHECK_STR(p[4].value, "%zz"); /* invalid escapes kept literally */
  CHECK_STR(p[5].value, "%4");
  /* invalid UTF-8 and embedded NUL are dropped, not passed on */
  s = "bad=%C0%AF&nul=a%00b&ok=1";
  n = params_parse_form(a, s, strlen(s), &p, 64);
  CHECK_EQ_INT(n, 1);
  CHECK_STR(p[0].name, "ok");
  /* a cap on the number of pairs */
  s = "a=1&a=2&a=3&a=4";
  CHECK_EQ_INT(params_parse_form(a, s, strlen(s), &p, 2), 2);
  CHECK_EQ_INT(params_parse_form(a, "", 0, &p, 2), 0);
  arena_free(a);
}

static void cookie_parsing(void) {
  Arena *a = arena_new();
  Param *p;
  int n = params_parse_cookies(a, "lang=en; sid=\"abc\" ;  junk; =novalue; x=1;", &p, 32);
  CHECK_EQ_INT(n, 3);
  CHECK_STR(p[0].name, "lang");
  CHECK_STR(p[0].value, "en");
  CHECK_STR(p[1].name, "sid");
  CHECK_STR(p[1].value, "abc");
  CHECK_STR(p[2].name, "x");
  CHECK_EQ_INT(params_parse_cookies(a, NULL, &p, 32), 0);
  CHECK_EQ_INT(params_parse_cookies(a, "a=\xff\xfe", &p, 32), 0);
  arena_free(a);
}

static void accept_language(void) {
  CHECK_EQ_INT(params_accept_language("en-GB,en;q=0.9,ar;q=0.8"), LANG_EN);
  CHECK_EQ_INT(params_accept_language("fr, az-AZ;q=0.7, en;q=0.5"), LANG_AZ);
  CHECK_EQ_INT(params_accept_language("ar-BH"), LANG_AR);
  CHECK_EQ_INT(params_accept_language("fr, de"), -1);
  CHECK_EQ_INT(params_accept_language("en;q=0, ar;q=0.1"), LANG_AR);
  CHECK_EQ_INT(params_accept_language("english"), -1);
  CHECK_EQ_INT(params_accept_language(""), -1);
  CHECK_EQ_INT(params_accept_language(NULL), -1);
}

static void translations(void) {
  CHECK_EQ_INT(i18n_init(), MJ_OK);
  CHECK_STR(i18n_tr(LANG_AR, "Home"), "الرئيسية");
  CHECK_STR(i18n_tr(LANG_AZ, "Home"), "Əsas səhifə");
  CHECK_STR(i18n_tr(LANG_EN, "Home"), "Home");
  CHECK_STR(i18n_tr(LANG_AR, "no such message id"), "no such message id");
  CHECK(i18n_count(LANG_AR) >= 60);
  CHECK_EQ_INT(i18n_count(LANG_AR), i18n_count(LANG_AZ));
  CHECK_STR(i18n_dir(LANG_AR), "rtl");
  CHECK_STR(i18n_dir(LANG_AZ), "ltr");
  CHECK_EQ_INT(i18n_parse("AZ"), LANG_AZ);
  CHECK_EQ_INT(i18n_parse("fr"), -1);
}

/* Majority and quorum rules at their boundaries. */
static void vote_rules(void) {
  static const struct {
    const char *rule;
    int yes, no, abstain, members, pass;
  } cases[] = {
    {"simple", 10, 10, 5, 40, 0},      /* a tie fails */
    {"simple", 11, 10, 15, 40, 1},     /* abstentions do not count against */
    {"simple", 0, 0, 30, 40, 0},
    {"absolute", 20, 0, 0, 40, 0},     /* half is not more than half */
    {"absolute", 21, 19, 0, 40, 1},
    {"absolute", 63, 0, 0, 125, 1},
    {"absolute", 62, 0, 0, 125, 0},
    {"two_thirds", 26, 0, 0, 40, 0},   /* 78 < 80 */
    {"two_thirds", 27, 13, 0, 40, 1},
    {"two_thirds", 84, 0, 0, 125, 1},  /* 252 >= 250 */
    {"two_thirds", 83, 0, 0, 125, 0},  /* 249 < 250 */
    {"two_thirds", 2, 1, 0, 3, 1},     /* exactly two thirds */
  };
  for (size_t i = 0; i < MJ_COUNT(cases); i++) {
    int got = vote_passes(cases[i].rule, cases[i].yes, cases[i].no, cases[i].abstain, cases[i].members);
    if (got != cases[i].pass)
      printf("#   case %zu: %s %d/%d/%d of %d\n", i, cases[i].rule, cases[i].yes, cases[i].no, cases[i].abstain,
             cases[i].members);
    CHECK_EQ_INT(got, cases[i].pass);
  }
  CHECK_EQ_INT(vote_passes("plurality", 1, 0, 0, 1), -1);
  CHECK_EQ_INT(vote_quorum_needed("majority", 40), 21);
  CHECK_EQ_INT(vote_quorum_needed("majority", 125), 63);
  CHECK_EQ_INT(vote_quorum_needed("two_thirds", 40), 27);
  CHECK_EQ_INT(vote_quorum_needed("two_thirds", 3), 2);
  CHECK_EQ_INT(vote_quorum_needed("third", 40), 14);
  CHECK_EQ_INT(vote_quorum_needed("third", 3), 1);
  CHECK_EQ_INT(vote_quorum_needed("all", 3), -1);
}

/* The eMeeting decision, including custom rules, at their boundaries. */
static void meeting_rules(void) {
  static const struct {
    const char *rule;
    int num, den;
    const char *base;
    int yes, no, abstain, present, members, pass;
  } cases[] = {
    {"simple", 0, 0, NULL, 5, 5, 0, 10, 12, 0},
    {"simple", 0, 0, NULL, 6, 5, 9, 20, 40, 1},
    {"absolute", 0, 0, NULL, 20, 0, 0, 40, 40, 0},
    {"absolute", 0, 0, NULL, 21, 0, 0, 40, 40, 1},
    {"two_thirds", 0, 0, NULL, 80, 0, 0, 120, 120, 1},
    {"two_thirds", 0, 0, NULL, 79, 0, 0, 120, 120, 0},
    {"custom", 3, 5, "present", 6, 0, 0, 10, 40, 1},  /* exactly three fifths */
    {"custom", 3, 5, "present", 5, 5, 0, 10, 40, 0},
    {"custom", 1, 2, "cast", 5, 4, 1, 10, 40, 1},     /* half of those voting, abstentions counted */
    {"custom", 1, 2, "cast", 4, 4, 1, 10, 40, 0},
    {"custom", 3, 4, "members", 30, 0, 0, 30, 40, 1},
    {"custom", 3, 4, "members", 29, 0, 0, 30, 40, 0},
    {"custom", 1, 2, "cast", 0, 0, 0, 0, 40, 0},      /* nobody voted */
  };
  for (size_t i = 0; i < MJ_COUNT(cases); i++) {
    int got = meeting_rule_passes(cases[i].rule, cases[i].num, cases[i].den, cases[i].base, cases[i].yes, cases[i].no,
                                  cases[i].abstain, cases[i].present, cases[i].members);
    if (got != cases[i].pass) printf("#   case %zu (%s)\n", i, cases[i].rule);
    CHECK_EQ_INT(got, cases[i].pass);
  }
  CHECK_EQ_INT(meeting_rule_passes("custom", 3, 2, "cast", 1, 0, 0, 1, 1), -1); /* more than the whole */
  CHECK_EQ_INT(meeting_rule_passes("custom", 1, 2, "everyone", 1, 0, 0, 1, 1), -1);
  CHECK_EQ_INT(meeting_rule_passes(NULL, 0, 0, NULL, 1, 0, 0, 1, 1), -1);
}

int main(void) {
  RUN(buffers_are_bounded);
  RUN(arenas_and_strings);
  RUN(formatter_escapes_by_context);
  RUN(form_parsing);
  RUN(cookie_parsing);
  RUN(accept_language);
  RUN(translations);
  RUN(vote_rules);
  RUN(meeting_rules);
  return DONE();
}
