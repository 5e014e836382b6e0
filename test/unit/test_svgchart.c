/*
** test_svgchart: the server-side chart renderer (src/formats/svgchart.c).
** The value scale ("nice numbers": steps of 1, 2, 5 x 10^k; negative
** values; one point; no data), the number formatter (grouping, minus sign,
** Arabic-Indic digits), and charts parsed back with libxml2: one path per
** series of a line chart, one rect per bar, labels escaped, Arabic labels
** right to left, the axis mirrored for Arabic, missing values as gaps.
*/
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>

#include "harness.h"
#include "svgchart.h"

static int NEAR(double a, double b) { return fabs(a - b) < 1e-9 * fmax(1.0, fabs(b)); }

/* 1 when step is 1, 2 or 5 times a power of ten. */
static int nice_step(double step) {
  double e = floor(log10(step));
  double f = step / pow(10, e);
  return NEAR(f, 1) || NEAR(f, 2) || NEAR(f, 5) || NEAR(f, 10);
}

static void test_scale_nice(void) {
  SvgScale s;
  svgchart_scale(0, 97, 6, 0, &s);
  CHECK(NEAR(s.lo, 0) && NEAR(s.hi, 100) && NEAR(s.step, 20));
  CHECK_EQ_INT(s.nticks, 6);
  CHECK_EQ_INT(s.decimals, 0);
  svgchart_scale(12, 87, 6, 0, &s);
  CHECK(NEAR(s.lo, 0) && NEAR(s.hi, 100) && NEAR(s.step, 20));
  svgchart_scale(0.12, 0.87, 6, 0, &s);
  CHECK(NEAR(s.step, 0.2));
  CHECK(NEAR(s.lo, 0) && NEAR(s.hi, 1));
  CHECK_EQ_INT(s.decimals, 1);
  svgchart_scale(1003, 1047, 6, 0, &s); /* a narrow range far from zero */
  CHECK(NEAR(s.step, 10));
  CHECK(NEAR(s.lo, 1000) && NEAR(s.hi, 1050));
  svgchart_scale(1003, 1047, 6, 1, &s); /* the same with zero included */
  CHECK(NEAR(s.lo, 0) && s.hi >= 1047 && nice_step(s.step));
  svgchart_scale(0.0012, 0.0049, 5, 0, &s);
  CHECK(NEAR(s.step, 0.001));
  CHECK_EQ_INT(s.decimals, 3);
  CHECK(NEAR(s.lo, 0.001) && NEAR(s.hi, 0.005));
}

static void test_scale_negative(void) {
  SvgScale s;
  svgchart_scale(-37, 52, 6, 0, &s);
  CHECK(NEAR(s.step, 20));
  CHECK(NEAR(s.lo, -40) && NEAR(s.hi, 60));
  CHECK_EQ_INT(s.nticks, 6);
  svgchart_scale(-80, -20, 6, 1, &s); /* bars of negative values reach zero */
  CHECK(NEAR(s.hi, 0) && s.lo <= -80);
  svgchart_scale(-0.35, -0.05, 6, 0, &s);
  CHECK(s.lo <= -0.35 + 1e-12 && s.hi >= -0.05 - 1e-12 && s.hi <= 0);
  CHECK(nice_step(s.step));
}

static void test_scale_one_point_no_data(void) {
  SvgScale s;
  svgchart_scale(5, 5, 6, 0, &s);
  CHECK(s.lo < 5 && s.hi > 5 && nice_step(s.step) && s.nticks >= 2);
  svgchart_scale(5, 5, 6, 1, &s);
  CHECK(NEAR(s.lo, 0) && s.hi >= 5 && nice_step(s.step));
  svgchart_scale(-3, -3, 6, 0, &s);
  CHECK(s.lo < -3 && s.hi > -3);
  svgchart_scale(0, 0, 6, 0, &s);
  CHECK(NEAR(s.lo, 0) && NEAR(s.hi, 1));
  svgchart_scale(NAN, NAN, 6, 0, &s);
  CHECK(NEAR(s.lo, 0) && NEAR(s.hi, 1) && s.nticks >= 2);
  svgchart_scale(INFINITY, -INFINITY, 6, 1, &s); /* what "no value" min/max look like */
  CHECK(NEAR(s.lo, 0) && NEAR(s.hi, 1));
  svgchart_scale(1e9, 1e9, 6, 0, &s);
  CHECK(s.lo < 1e9 && s.hi > 1e9);
}

/* Deterministic random ranges: every scale contains its data, uses a nice
** step, starts and ends on whole steps, and keeps to the tick budget. */
static void test_scale_properties(void) {
  uint64_t x = 0x9E3779B97F4A7C15ull;
  int bad = 0;
  for (int i = 0; i < 20000 && bad < 5; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    double mag = pow(10, (double)(x % 13) - 6);
    double a = ((double)(x >> 11 & 0xFFFFF) / 0xFFFFF - 0.5) * 2 * mag;
    double b = a + ((double)(x >> 33 & 0xFFFF) / 0xFFFF) * mag;
    int ticks = 2 + (int)(x % 9);
    int zero = (int)(x >> 60 & 1);
    SvgScale s;
    svgchart_scale(a, b, ticks, zero, &s);
    double eps = 1e-9 * fmax(fabs(a), fabs(b)) + 1e-300;
    /* a range across zero needs three ticks whatever the budget */
    double a2 = zero && a > 0 ? 0 : a, b2 = zero && b < 0 ? 0 : b;
    int budget = a2 < 0 && b2 > 0 && ticks < 3 ? 3 : ticks;
    int ok = s.lo <= a + eps && s.hi >= b - eps && nice_step(s.step) && s.nticks >= 2 && s.nticks <= budget &&
             NEAR(s.lo / s.step, nearbyint(s.lo / s.step)) && NEAR(s.hi / s.step, nearbyint(s.hi / s.step)) &&
             (!zero || (s.lo <= 0 && s.hi >= 0));
    if (!ok) {
      printf("#   scale(%g, %g, %d, %d) = %g..%g step %g, %d ticks\n", a, b, ticks, zero, s.lo, s.hi, s.step,
             s.nticks);
      bad++;
    }
  }
  CHECK_EQ_INT(bad, 0);
}

static const char *num(double v, int dec, int arabic) {
  static Buf b;
  buf_free(&b);
  buf_init(&b, 1024);
  svgchart_number(&b, v, dec, arabic);
  return b.p;
}

static void test_numbers(void) {
  CHECK_STR(num(1234567.5, -1, 0), "1,234,567.5");
  CHECK_STR(num(1234567.5, 0, 0), "1,234,568");
  CHECK_STR(num(-1234, 0, 0), "\xE2\x88\x92"
                              "1,234");
  CHECK_STR(num(-0.0001, 2, 0), "0.00"); /* no "-0.00" */
  CHECK_STR(num(0.1 + 0.2, -1, 0), "0.3");
  CHECK_STR(num(999, 0, 0), "999");
  CHECK_STR(num(1000, 0, 0), "1,000");
  CHECK_STR(num(1234.5, -1, 1), "\xD9\xA1\xD9\xAC\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xAB\xD9\xA5"); /* ١٬٢٣٤٫٥ */
  CHECK_STR(num(-7, 0, 1), "\xE2\x88\x92\xD9\xA7");
  CHECK_STR(num(NAN, 0, 0), "\xE2\x80\x93");
  CHECK_EQ_INT(svgchart_decimals_of(12), 0);
  CHECK_EQ_INT(svgchart_decimals_of(12.25), 2);
  CHECK_EQ_INT(svgchart_decimals_of(1.0 / 3), 6);
  num(0, 0, 0);
}

/* ---- charts, parsed back ---- */

static xmlDocPtr parse(const Buf *b) {
  xmlDocPtr d = xmlReadMemory(b->p, (int)b->n, "chart.svg", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  return d;
}

static int count(xmlDocPtr d, const char *xpath) {
  xmlXPathContextPtr c = xmlXPathNewContext(d);
  xmlXPathRegisterNs(c, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
  xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, c);
  int n = -1;
  if (o && o->type == XPATH_NUMBER)
    n = (int)o->floatval;
  else if (o && o->nodesetval)
    n = o->nodesetval->nodeNr;
  else if (o)
    n = 0;
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(c);
  return n;
}

static char *xstr(xmlDocPtr d, const char *xpath) {
  xmlXPathContextPtr c = xmlXPathNewContext(d);
  xmlXPathRegisterNs(c, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
  xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, c);
  xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
  char *r = strdup(s ? (const char *)s : "");
  xmlFree(s);
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(c);
  return r;
}

static const char *cats[] = {"2021", "2022", "2023", "2024"};

static void test_line_chart(void) {
  double a[] = {10, 12.5, NAN, 20};
  double b[] = {-5, 0, 3, 4};
  SvgSeries s[2] = {{"المجلس <النواب> & \"اللجان\"", a}, {"Committees", b}};
  SvgChart c = {.kind = SVGCHART_LINE,
                .id = "c1",
                .title = "جلسات المجلس",
                .desc = "رسم بياني خطي; الجدول يعطي الأرقام",
                .lang = "ar",
                .rtl = 1,
                .cats = cats,
                .ncats = 4,
                .series = s,
                .nseries = 2,
                .standalone = 1};
  Buf out;
  buf_init(&out, 1 << 20);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  xmlDocPtr d = parse(&out);
  CHECK(d != NULL);
  if (!d) {
    printf("#   not well-formed:\n%s\n", out.p);
    buf_free(&out);
    return;
  }
  CHECK_EQ_INT(count(d, "//s:path[contains(@class,'series')]"), 2);
  CHECK_EQ_INT(count(d, "/s:svg/s:title[@id='c1-t']"), 1);
  CHECK_EQ_INT(count(d, "/s:svg/s:desc[@id='c1-d']"), 1);
  char *lab = xstr(d, "string(/s:svg/@aria-labelledby)");
  CHECK_STR(lab, "c1-t c1-d");
  free(lab);
  char *dir = xstr(d, "string(/s:svg/@direction)");
  CHECK_STR(dir, "rtl");
  free(dir);
  /* the label survives escaping as text, in a right-to-left <text> */
  CHECK_EQ_INT(count(d, "//s:text[@direction='rtl'][.='المجلس <النواب> & \"اللجان\"']"), 1);
  CHECK(strstr(out.p, "&lt;النواب&gt; &amp;") != NULL);
  /* numbers are laid out left to right */
  CHECK(count(d, "//s:g[contains(@class,'axis y')]/s:text[@direction='ltr']") >= 2);
  /* the gap: series 0 has a missing value, so its path lifts the pen */
  char *d0 = xstr(d, "string(//s:path[contains(@class,'s0')]/@d)");
  int moves = 0;
  for (const char *p = d0; *p; p++)
    moves += *p == 'M';
  CHECK_EQ_INT(moves, 2);
  /* mirrored: the first period is to the right of the last */
  double first = strtod(d0 + 1, NULL);
  free(d0);
  char *d1 = xstr(d, "string(//s:path[contains(@class,'s1')]/@d)");
  const char *last = strrchr(d1, 'L');
  CHECK(last && strtod(last + 1, NULL) < first);
  free(d1);
  /* a lone point (2024 of series 0, after the gap) still gets a marker */
  CHECK_EQ_INT(count(d, "//s:g[contains(@class,'points s0')]/s:circle"), 3);
  xmlFreeDoc(d);

  /* the same chart left to right: the first period is on the left */
  c.rtl = 0;
  c.lang = "en";
  buf_reset(&out);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  d = parse(&out);
  CHECK(d != NULL);
  if (d) {
    char *e0 = xstr(d, "string(//s:path[contains(@class,'s1')]/@d)");
    const char *l = strrchr(e0, 'L');
    CHECK(l && strtod(l + 1, NULL) > strtod(e0 + 1, NULL));
    free(e0);
    xmlFreeDoc(d);
  }
  buf_free(&out);
}

static void test_bar_chart(void) {
  double a[] = {3, 7, 0, -2};
  double b[] = {1, NAN, 4, 5};
  double z[] = {NAN, NAN, NAN, NAN};
  SvgSeries s[3] = {{"A", a}, {"B", b}, {"none", z}};
  SvgChart c = {.kind = SVGCHART_BAR,
                .id = "bars",
                .title = "T",
                .desc = "D",
                .lang = "en",
                .cats = cats,
                .ncats = 4,
                .series = s,
                .nseries = 3,
                .standalone = 0,
                .arabic_digits = 1};
  Buf out;
  buf_init(&out, 1 << 20);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  CHECK(strncmp(out.p, "<svg", 4) == 0); /* inline: no XML declaration */
  xmlDocPtr d = parse(&out);
  CHECK(d != NULL);
  if (d) {
    CHECK_EQ_INT(count(d, "//s:rect[@class='bar']"), 7); /* 4 + 3, the missing ones drawn as nothing */
    CHECK_EQ_INT(count(d, "//s:g[contains(@class,'s0')]/s:rect[@class='bar']"), 4);
    CHECK_EQ_INT(count(d, "//s:g[contains(@class,'legend')]/s:text"), 3);
    /* each bar says what it is: category, series, value (Arabic-Indic here) */
    CHECK_EQ_INT(count(d, "//s:rect[@class='bar']/s:title[.='2022 \xC2\xB7 A: \xD9\xA7']"), 1);
    /* the negative bar hangs below the zero line, the positive ones stand on it */
    char *zy = xstr(d, "string(//s:line[@class='baseline']/@y1)");
    char *ny = xstr(d, "string(//s:g[contains(@class,'s0')]/s:rect[@class='bar'][4]/@y)");
    char *py = xstr(d, "string(//s:g[contains(@class,'s0')]/s:rect[@class='bar'][1]/@y)");
    CHECK(NEAR(strtod(ny, NULL), strtod(zy, NULL)));
    CHECK(strtod(py, NULL) < strtod(zy, NULL));
    free(zy);
    free(ny);
    free(py);
    xmlFreeDoc(d);
  }
  buf_free(&out);
}

static void test_empty_and_limits(void) {
  double z[] = {NAN, NAN, NAN, NAN};
  SvgSeries s[1] = {{"", z}};
  SvgChart c = {.kind = SVGCHART_LINE,
                .title = "Nothing",
                .desc = "D",
                .cats = cats,
                .ncats = 4,
                .series = s,
                .nseries = 1,
                .empty_text = "No data for this selection",
                .standalone = 1};
  Buf out;
  buf_init(&out, 1 << 20);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  xmlDocPtr d = parse(&out);
  CHECK(d != NULL);
  if (d) {
    CHECK_EQ_INT(count(d, "//s:text[.='No data for this selection']"), 1);
    CHECK_EQ_INT(count(d, "//s:path[contains(@class,'series')]"), 0);
    xmlFreeDoc(d);
  }
  /* no categories at all */
  c.ncats = 0;
  c.nseries = 0;
  buf_reset(&out);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  d = parse(&out);
  CHECK(d != NULL);
  xmlFreeDoc(d);
  /* one point */
  double one[] = {42};
  SvgSeries s1[1] = {{"x", one}};
  c.ncats = 1;
  c.series = s1;
  c.nseries = 1;
  buf_reset(&out);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  d = parse(&out);
  CHECK(d != NULL);
  if (d) {
    CHECK_EQ_INT(count(d, "//s:circle"), 1);
    xmlFreeDoc(d);
  }
  /* control characters and invalid UTF-8 in labels cannot break the XML */
  const char *bad_cats[] = {"a\x01"
                            "b\xff"};
  c.cats = bad_cats;
  buf_reset(&out);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_OK);
  d = parse(&out);
  CHECK(d != NULL);
  xmlFreeDoc(d);
  /* too many series, an unknown kind: refused, nothing written */
  SvgSeries many[SVGCHART_MAX_SERIES + 1];
  for (int i = 0; i <= SVGCHART_MAX_SERIES; i++)
    many[i] = s1[0];
  c.series = many;
  c.nseries = SVGCHART_MAX_SERIES + 1;
  buf_reset(&out);
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_EINVAL);
  CHECK_EQ_INT(out.n, 0);
  c.nseries = 1;
  c.kind = 7;
  CHECK_EQ_INT(svgchart_render(&out, &c), MJ_EINVAL);
  CHECK_EQ_INT(out.n, 0);
  buf_free(&out);
}

int main(void) {
  xmlInitParser();
  RUN(test_scale_nice);
  RUN(test_scale_negative);
  RUN(test_scale_one_point_no_data);
  RUN(test_scale_properties);
  RUN(test_numbers);
  RUN(test_line_chart);
  RUN(test_bar_chart);
  RUN(test_empty_and_limits);
  xmlCleanupParser();
  return DONE();
}
