/*
** test_data_pages: the open-data pages end to end (src/web/data_pages.c).
** A fresh demo parliament is served in-process; the test defines five
** dataflows of its own through the domain (od_define_json), writes their
** observations straight into the draft (SQL), and publishes them with
** od_publish:
**   DF_T1 public, published      DF_T2 restricted, published
**   DF_T3 non-public, published  DF_T4 public, released 4 s from the start
**   DF_T5 public, a draft only   DF_T6 public, released in 2035
** and three readers: anonymous, a researcher (restricted data) and a data
** officer, each with an API token. Then: who sees what in the catalogue
** (and the facet counts), 404 for what one may not see, the embargo lifting
** at its second, the pivot table against the stored observations, labels
** in the page language and escaped, the chart parsed with libxml2 (one path
** per series, one rect per bar, Arabic labels right to left), bad
** parameters (400), the officer's publish form and the release calendar.
*/
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>

#include "client.h"
#include "harness.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "opendata.h"
#include "user.h"
#include "web.h"

static int port;
static char tok_res[AUTH_TOKEN_HEX + 8], tok_off[AUTH_TOKEN_HEX + 8];
static int64_t t4_release; /* epoch seconds when DF_T4 is released */

/* ---------------------------------------------------------------- HTTP */

static int req(const char *tok, const char *method, const char *path, const char *body, HttpResp *r) {
  char h[512];
  int n = snprintf(h, sizeof h, "Accept-Language: en\r\n");
  if (tok) n += snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", tok);
  if (body) snprintf(h + n, sizeof h - (size_t)n, "Content-Type: application/x-www-form-urlencoded\r\n");
  return http_req(port, method, path, h, body, body ? strlen(body) : 0, r);
}

static int get(const char *tok, const char *path, HttpResp *r) { return req(tok, "GET", path, NULL, r); }

/* Status of a GET, the body dropped. */
static int status(const char *tok, const char *path) {
  HttpResp r;
  int st = get(tok, path, &r);
  resp_free(&r);
  return st;
}

/* The number after marker in body, or -1. */
static long long num_after(const char *body, const char *marker) {
  const char *p = body ? strstr(body, marker) : NULL;
  return p ? strtoll(p + strlen(marker), NULL, 10) : -1;
}

/* The count beside value `label` of facet `id` on a catalogue page, or -1. */
static long long facet_count(const char *body, const char *id, const char *label) {
  char sec[64], item[256];
  snprintf(sec, sizeof sec, "<section aria-labelledby=\"facet-%s\">", id);
  const char *p = body ? strstr(body, sec) : NULL;
  if (!p) return -1;
  const char *end = strstr(p, "</section>");
  snprintf(item, sizeof item, ">%s</a> <span class=\"count\">", label);
  const char *q = strstr(p, item);
  return q && (!end || q < end) ? strtoll(q + strlen(item), NULL, 10) : -1;
}

/* ---------------------------------------------------------------- XML and HTML */

static int xcount(xmlDocPtr d, const char *xpath) {
  xmlXPathContextPtr c = xmlXPathNewContext(d);
  xmlXPathRegisterNs(c, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
  xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, c);
  int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;
  if (o && o->type == XPATH_NUMBER) n = (int)o->floatval;
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

static xmlDocPtr html_doc(const HttpResp *r) {
  return htmlReadMemory(r->body, (int)r->body_len, "page.html", "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

/* A figure as the page writes it (grouping commas, U+2212 minus, Western
** or Arabic-Indic digits) read back as a number; NAN when it is not one. */
static double figure(const char *s) {
  char buf[128];
  size_t o = 0;
  int neg = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 2 < sizeof buf;) {
    if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
      neg = 1;
      p += 3;
    } else if (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9) {
      buf[o++] = (char)('0' + (p[1] - 0xA0));
      p += 2;
    } else if (p[0] == 0xD9 && p[1] == 0xAB) {
      buf[o++] = '.';
      p += 2;
    } else if (p[0] == 0xD9 && p[1] == 0xAC) {
      p += 2;
    } else if ((*p >= '0' && *p <= '9') || *p == '.') {
      buf[o++] = (char)*p++;
    } else if (*p == ',' || *p == ' ') {
      p++;
    } else {
      return NAN;
    }
  }
  buf[o] = 0;
  if (!o) return NAN;
  double v = strtod(buf, NULL);
  return neg ? -v : v;
}

/* ---------------------------------------------------------------- fixtures */

static const char *def_json(const char *id, const char *access, const char *themes, const char *name_en) {
  static char buf[8192];
  snprintf(buf, sizeof buf,
           "{\"id\":\"%s\",\"access\":\"%s\",\"themes\":%s,"
           "\"name\":{\"ar\":\"جلسات الاختبار %s\",\"en\":\"%s\",\"az\":\"Test %s\"},"
           "\"description\":{\"ar\":\"عدد الجلسات حسب الهيئة\",\"en\":\"Sittings by body\"},"
           "\"keywords\":[{\"lang\":\"ar\",\"value\":\"جلسات\"},{\"lang\":\"en\",\"value\":\"fixture-kw\"}],"
           "\"codelists\":[{\"id\":\"CL_TBODY\",\"name\":{\"ar\":\"الهيئة\",\"en\":\"Body\"},\"codes\":["
           "{\"id\":\"COUNCIL\",\"name\":{\"ar\":\"المجلس\",\"en\":\"Council\",\"az\":\"Şura\"}},"
           "{\"id\":\"COMM\",\"name\":{\"ar\":\"اللجان <ب> & \\\"ج\\\"\",\"en\":\"Committees <b> & "
           "\\\"c\\\"\"}}]},"
           "{\"id\":\"CL_TKIND\",\"name\":{\"ar\":\"النوع\",\"en\":\"Kind\"},\"codes\":["
           "{\"id\":\"ORD\",\"name\":{\"ar\":\"عادية\",\"en\":\"Ordinary\"}},"
           "{\"id\":\"EXT\",\"name\":{\"ar\":\"استثنائية\",\"en\":\"Extraordinary\"}}]}],"
           "\"concepts\":[{\"id\":\"TBODY\",\"name\":{\"ar\":\"الهيئة\",\"en\":\"Body\"}},"
           "{\"id\":\"TKIND\",\"name\":{\"ar\":\"نوع الجلسة\",\"en\":\"Kind of sitting\"}}],"
           "\"structure\":{\"dimensions\":[{\"id\":\"FREQ\"},{\"id\":\"TBODY\",\"codelist\":\"CL_TBODY\"},"
           "{\"id\":\"TKIND\",\"codelist\":\"CL_TKIND\"}]}}",
           id, access, themes, id, name_en, id);
  return buf;
}

/* The value of observation (body, kind, year) of every test flow: one
** negative, fractions, and COMM.EXT 2022 withheld (NULL, status C). */
static double value_of(int b, int k, int year) {
  if (b == 1 && k == 0 && year == 2023) return -4.5;
  return 10.0 * (b + 1) + k + (year - 2020) * 1.25 + (b == 0 && k == 0 && year == 2024 ? 1000 : 0);
}

static int load(const char *code) {
  int64_t ver = q_int("SELECT v.id FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id "
                      "WHERE f.code='%q' AND v.status='draft'",
                      code);
  if (ver <= 0) return -1;
  const char *bodies[2] = {"COUNCIL", "COMM"}, *kinds[2] = {"ORD", "EXT"};
  for (int b = 0; b < 2; b++)
    for (int k = 0; k < 2; k++) {
      if (q_exec("INSERT INTO od_series(version_id, key) VALUES(%lld, 'A.%s.%s')", (long long)ver, bodies[b],
                 kinds[k]))
        return -1;
      int64_t sid = q_int("SELECT max(id) FROM od_series");
      for (int y = 2021; y <= 2024; y++) {
        int withheld = b == 1 && k == 1 && y == 2022;
        char v[64];
        snprintf(v, sizeof v, "%.17g", value_of(b, k, y));
        if (q_exec("INSERT INTO od_obs(series_id, period, period_start, period_end, value, status, conf, "
                   "updated_at) "
                   "VALUES(%lld, '%d', '%d-01-01', '%d-12-31', %s, '%s', '%s', %lld)",
                   (long long)sid, y, y, y, withheld ? "NULL" : v, withheld ? "C" : (y == 2024 ? "P" : "A"),
                   withheld ? "C" : "F", (long long)time(NULL)))
          return -1;
      }
    }
  return 0;
}

static int define(Actor *cli, const char *id, const char *access, const char *themes, const char *name_en) {
  const char *j = def_json(id, access, themes, name_en);
  int64_t fid;
  if (od_define_json(g_db, cli, id, j, strlen(j), &fid)) {
    printf("#   define %s: %s\n", id, mj_errmsg());
    return -1;
  }
  if (load(id)) return -1;
  return 0;
}

static int publish(Actor *cli, const char *id, const char *at) {
  char ref[64];
  snprintf(ref, sizeof ref, "MAJLIS,%s", id);
  if (od_publish(g_db, cli, ref, at, "test", time(NULL), NULL)) {
    printf("#   publish %s: %s\n", id, mj_errmsg());
    return -1;
  }
  return 0;
}

static int setup(void) {
  Actor cli = audit_cli_actor();
  if (db_meta_set(g_db, "require_totp", "0")) return -1;
  if (user_create(g_db, &cli, "t_res", NULL, "t_res", "researcher", 0, NULL, NULL) ||
      auth_token_create(g_db, &cli, "t_res", "test", 0, tok_res, NULL) ||
      user_create(g_db, &cli, "t_off", NULL, "t_off", "data_officer", 0, NULL, NULL) ||
      auth_token_create(g_db, &cli, "t_off", "test", 0, tok_off, NULL)) {
    printf("#   users: %s\n", mj_errmsg());
    return -1;
  }
  if (define(&cli, "DF_T1", "public", "[\"GOVE\"]", "Test sittings one") ||
      define(&cli, "DF_T2", "restricted", "[\"GOVE\",\"SOCI\"]", "Test restricted two") ||
      define(&cli, "DF_T3", "non_public", "[\"ECON\"]", "Test nonpublic three") ||
      define(&cli, "DF_T4", "public", "[\"ECON\"]", "Test embargo four") ||
      define(&cli, "DF_T5", "public", "[\"ECON\"]", "Test draft five") ||
      define(&cli, "DF_T6", "public", "[\"ECON\"]", "Test future six"))
    return -1;
  if (publish(&cli, "DF_T6", "2035-01-01T09:00:00Z")) return -1;
  if (publish(&cli, "DF_T1", NULL) || publish(&cli, "DF_T2", NULL) || publish(&cli, "DF_T3", NULL)) return -1;
  t4_release = time(NULL) + 4;
  char at[32];
  mj_iso8601(t4_release, at, sizeof at);
  if (publish(&cli, "DF_T4", at)) return -1;
  return 0;
}

/* ---------------------------------------------------------------- catalogue */

static int lists(const char *body, const char *code) {
  char link[64];
  snprintf(link, sizeof link, "href=\"/data/%s\"", code);
  return body && strstr(body, link) != NULL;
}

static void test_catalogue_visibility(void) {
  HttpResp r;
  /* anonymous: the public, released flows only (DF_T4 since test_embargo) */
  CHECK_EQ_INT(get(NULL, "/data?keyword=fixture-kw", &r), 200);
  CHECK(lists(r.body, "DF_T1") && lists(r.body, "DF_T4"));
  CHECK(!lists(r.body, "DF_T2") && !lists(r.body, "DF_T3") && !lists(r.body, "DF_T5") &&
        !lists(r.body, "DF_T6"));
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 2);
  CHECK(!strstr(r.body, "facet-access")); /* no access facet for the public */
  resp_free(&r);
  /* the researcher adds the restricted one */
  CHECK_EQ_INT(get(tok_res, "/data?keyword=fixture-kw", &r), 200);
  CHECK(lists(r.body, "DF_T1") && lists(r.body, "DF_T2") && lists(r.body, "DF_T4"));
  CHECK(!lists(r.body, "DF_T3") && !lists(r.body, "DF_T5") && !lists(r.body, "DF_T6"));
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 3);
  CHECK_CONTAINS(r.body, "facet-access");
  resp_free(&r);
  /* the data officer sees all six, the embargoed and the draft marked */
  CHECK_EQ_INT(get(tok_off, "/data?keyword=fixture-kw", &r), 200);
  for (int i = 1; i <= 6; i++) {
    char c[16];
    snprintf(c, sizeof c, "DF_T%d", i);
    CHECK(lists(r.body, c));
  }
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 6);
  CHECK_CONTAINS(r.body, "<span class=\"badge status\">Embargoed until release</span>");
  CHECK_CONTAINS(r.body, "<span class=\"badge status\">Draft</span>");
  /* facet counts: each value counts the flows the other filters leave */
  CHECK_EQ_INT(facet_count(r.body, "theme", "Government and public sector"), 2);
  CHECK_EQ_INT(facet_count(r.body, "theme", "Population and society"), 1);
  CHECK_EQ_INT(facet_count(r.body, "theme", "Economy and finance"), 4);
  CHECK_EQ_INT(facet_count(r.body, "access", "Public"), 4);
  CHECK_EQ_INT(facet_count(r.body, "access", "Restricted"), 1);
  CHECK_EQ_INT(facet_count(r.body, "access", "Non-public"), 1);
  CHECK_EQ_INT(facet_count(r.body, "kind", "Published by the data office"), 6);
  CHECK_EQ_INT(facet_count(r.body, "keyword", "fixture-kw"), 6);
  resp_free(&r);
  /* a chosen facet narrows the list; the others' counts follow it */
  CHECK_EQ_INT(get(tok_off, "/data?keyword=fixture-kw&theme=ECON", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 4);
  CHECK(!lists(r.body, "DF_T1") && lists(r.body, "DF_T3"));
  CHECK_EQ_INT(facet_count(r.body, "access", "Non-public"), 1);
  CHECK_EQ_INT(facet_count(r.body, "access", "Public"), 3);
  resp_free(&r);
  CHECK_EQ_INT(get(tok_off, "/data?keyword=fixture-kw&access=restricted", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 1);
  CHECK(lists(r.body, "DF_T2"));
  resp_free(&r);
  /* frequency facet from the series keys: all six are annual */
  CHECK_EQ_INT(get(tok_off, "/data?keyword=fixture-kw&freq=A", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 6);
  CHECK_EQ_INT(facet_count(r.body, "freq", "Annual"), 6);
  resp_free(&r);
  CHECK_EQ_INT(get(tok_off, "/data?keyword=fixture-kw&freq=M", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 0);
  resp_free(&r);
}

static void test_catalogue_search(void) {
  HttpResp r;
  /* Arabic-aware: the word without its article finds "جلسات الاختبار" */
  CHECK_EQ_INT(get(NULL, "/data?keyword=fixture-kw&q=%D8%A7%D8%AE%D8%AA%D8%A8%D8%A7%D8%B1", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 2);
  CHECK(lists(r.body, "DF_T1") && lists(r.body, "DF_T4"));
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data?keyword=fixture-kw&q=embargo", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 1);
  CHECK(lists(r.body, "DF_T4"));
  resp_free(&r);
  CHECK_EQ_INT(get(tok_off, "/data?q=nonpublic", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 1);
  CHECK(lists(r.body, "DF_T3"));
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data?q=zzyzzx", &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 0);
  resp_free(&r);
  /* a search a visitor types is shown escaped */
  CHECK_EQ_INT(get(NULL, "/data?q=%3Cscript%3E", &r), 200);
  CHECK(r.body && !strstr(r.body, "<script>"));
  CHECK_CONTAINS(r.body, "value=\"&lt;script&gt;\"");
  resp_free(&r);
  /* bad parameters */
  CHECK_EQ_INT(status(NULL, "/data?access=secret"), 400);
  CHECK_EQ_INT(status(NULL, "/data?kind=other"), 400);
  CHECK_EQ_INT(status(NULL, "/data?theme=a%20b"), 400);
  CHECK_EQ_INT(status(NULL, "/data?freq=%3Cx%3E"), 400);
  char longq[300] = "/data?q=";
  memset(longq + 8, 'a', 201);
  longq[209] = 0;
  CHECK_EQ_INT(status(NULL, longq), 400);
  /* Arabic and Azerbaijani pages */
  CHECK_EQ_INT(get(NULL, "/data?lang=ar", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  CHECK_CONTAINS(r.body, "البيانات المفتوحة");
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data?lang=az", &r), 200);
  CHECK_CONTAINS(r.body, "Açıq məlumatlar");
  resp_free(&r);
  /* the built-in datasets, computed from the demo's record on first view */
  CHECK_EQ_INT(get(NULL, "/data?kind=builtin", &r), 200);
  CHECK(lists(r.body, "DF_SITTINGS"));
  CHECK(num_after(r.body, "Datasets: ") >= 1);
  CHECK(!lists(r.body, "DF_T1"));
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data?kind=custom", &r), 200);
  CHECK(lists(r.body, "DF_T1") && !lists(r.body, "DF_SITTINGS"));
  resp_free(&r);
  CHECK_EQ_INT(status(NULL, "/data/DF_SITTINGS"), 200);
  /* the navigation links the catalogue */
  CHECK_EQ_INT(get(NULL, "/", &r), 200);
  CHECK_CONTAINS(r.body, "<a href=\"/data\">Data</a>");
  resp_free(&r);
}

/* ---------------------------------------------------------------- access */

static void test_access_404(void) {
  CHECK_EQ_INT(status(NULL, "/data/DF_T1"), 200);
  CHECK_EQ_INT(status(NULL, "/data/NO_SUCH"), 404);
  CHECK_EQ_INT(status(NULL, "/data/DF_T2"), 404);
  CHECK_EQ_INT(status(tok_res, "/data/DF_T2"), 200);
  CHECK_EQ_INT(status(tok_res, "/data/DF_T3"), 404);
  CHECK_EQ_INT(status(tok_off, "/data/DF_T3"), 200);
  CHECK_EQ_INT(status(NULL, "/data/DF_T5"), 404);
  CHECK_EQ_INT(status(tok_res, "/data/DF_T5"), 404);
  CHECK_EQ_INT(status(tok_off, "/data/DF_T5"), 200);
  CHECK_EQ_INT(status(NULL, "/data/DF_T2/chart.svg"), 404);
  CHECK_EQ_INT(status(NULL, "/data/DF_T5/embed"), 404);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?version=9.9"), 404);
  /* the officer's screen */
  CHECK_EQ_INT(status(NULL, "/admin/data"), 303);
  CHECK_EQ_INT(status(tok_res, "/admin/data"), 403);
  CHECK_EQ_INT(status(tok_off, "/admin/data"), 200);
}

static void test_embargo(void) {
  /* before the release second: absent and 404, the figures too */
  if (time(NULL) >= t4_release) {
    printf("#   the fixtures took longer than the embargo; cannot test the time before it\n");
    CHECK(0);
  }
  CHECK_EQ_INT(status(NULL, "/data/DF_T4"), 404);
  CHECK_EQ_INT(status(NULL, "/data/DF_T4/chart.svg?key=A..ORD"), 404);
  CHECK_EQ_INT(status(tok_res, "/data/DF_T4"), 404);
  CHECK_EQ_INT(status(tok_off, "/data/DF_T4"), 200); /* the officer checks it beforehand */
  HttpResp r;
  CHECK_EQ_INT(get(NULL, "/data/calendar", &r), 200); /* announced: name and time, no link, no figures */
  CHECK_CONTAINS(r.body, "Test embargo four");
  CHECK(!lists(r.body, "DF_T4"));
  resp_free(&r);
  while (time(NULL) <= t4_release)
    usleep(100000);
  CHECK_EQ_INT(status(NULL, "/data/DF_T4"), 200);
  CHECK_EQ_INT(get(NULL, "/data?keyword=fixture-kw", &r), 200);
  CHECK(lists(r.body, "DF_T4"));
  CHECK_EQ_INT(num_after(r.body, "Datasets: "), 2);
  resp_free(&r);
}

/* ---------------------------------------------------------------- the table */

/* Every cell of the page's pivot against the stored observation of the
** flow's version: row code (dimension rows), column code (cols), the other
** dimensions fixed as given. */
static void check_pivot(const char *path, const char *rows_dim, const char *cols_dim, const char *fixed_body,
                        const char *fixed_kind, const char *fixed_year, int arabic) {
  HttpResp r;
  CHECK_EQ_INT(get(NULL, path, &r), 200);
  xmlDocPtr d = r.body ? html_doc(&r) : NULL;
  CHECK(d != NULL);
  if (!d) {
    resp_free(&r);
    return;
  }
  int nrows = xcount(d, "//table[@id='pivot']/tbody/tr");
  int ncols = xcount(d, "//table[@id='pivot']/thead/tr/th[@data-code]");
  int checked = 0, withheld = 0;
  for (int i = 1; i <= nrows; i++) {
    char xp[256];
    snprintf(xp, sizeof xp, "string(//table[@id='pivot']/tbody/tr[%d]/th/@data-code)", i);
    char *rc = xstr(d, xp);
    for (int j = 1; j <= ncols; j++) {
      snprintf(xp, sizeof xp, "string(//table[@id='pivot']/thead/tr/th[@data-code][%d]/@data-code)", j);
      char *cc = xstr(d, xp);
      snprintf(xp, sizeof xp, "string(//table[@id='pivot']/tbody/tr[%d]/td[%d]/bdi)", i, j);
      char *cell = xstr(d, xp);
      snprintf(xp, sizeof xp, "string(//table[@id='pivot']/tbody/tr[%d]/td[%d])", i, j);
      char *whole = xstr(d, xp);
      const char *body = strcmp(rows_dim, "TBODY") == 0   ? rc
                         : strcmp(cols_dim, "TBODY") == 0 ? cc
                                                          : fixed_body;
      const char *kind = strcmp(rows_dim, "TKIND") == 0   ? rc
                         : strcmp(cols_dim, "TKIND") == 0 ? cc
                                                          : fixed_kind;
      const char *year = strcmp(cols_dim, "TIME_PERIOD") == 0   ? cc
                         : strcmp(rows_dim, "TIME_PERIOD") == 0 ? rc
                                                                : fixed_year;
      char *stored =
          q_str("SELECT coalesce(o.value, 'NULL') || '|' || o.status FROM od_obs o JOIN od_series s ON "
                "s.id=o.series_id "
                "JOIN od_version v ON v.id=s.version_id JOIN od_dataflow f ON f.id=v.dataflow_id "
                "WHERE f.code='DF_T1' AND v.status='published' AND s.key='A.%q.%q' AND o.period='%q'",
                body, kind, year);
      if (strncmp(stored, "NULL|", 5) == 0) {
        CHECK_STR(whole, stored + 5); /* the status letter of a withheld value */
        withheld++;
      } else {
        double want = strtod(stored, NULL), got = figure(cell);
        if (!(fabs(want - got) < 1e-9))
          printf("#   %s %s.%s %s: page %s, stored %s\n", path, body, kind, year, cell, stored);
        CHECK(fabs(want - got) < 1e-9);
        if (arabic)
          CHECK(strstr(cell, "\xD9") != NULL && !strpbrk(cell, "0123456789"));
        else
          CHECK(strpbrk(cell, "0123456789") != NULL);
        checked++;
      }
      free(stored);
      free(cell);
      free(whole);
      free(cc);
    }
    free(rc);
  }
  printf("#   %s: %d x %d, %d figures and %d withheld checked\n", path, nrows, ncols, checked, withheld);
  CHECK(checked > 0);
  xmlFreeDoc(d);
  resp_free(&r);
}

static void test_pivot(void) {
  /* default: rows the first dimension with several codes (TBODY), columns
  ** the periods, TKIND fixed at its first code */
  check_pivot("/data/DF_T1", "TBODY", "TIME_PERIOD", NULL, "ORD", NULL, 0);
  check_pivot("/data/DF_T1?rows=TKIND&cols=TIME_PERIOD&d.TBODY=COMM", "TKIND", "TIME_PERIOD", "COMM", NULL,
              NULL, 0);
  check_pivot("/data/DF_T1?rows=TKIND&cols=TBODY&period=2022", "TKIND", "TBODY", NULL, NULL, "2022", 0);
  check_pivot("/data/DF_T1?rows=TIME_PERIOD&cols=TKIND&d.TBODY=COUNCIL&digits=arab", "TIME_PERIOD", "TKIND",
              "COUNCIL", NULL, NULL, 1);
  HttpResp r;
  /* the dimensions: 2 x 4 for the default, with the provisional flag */
  CHECK_EQ_INT(get(NULL, "/data/DF_T1?lang=en", &r), 200);
  xmlDocPtr d = html_doc(&r);
  if (d) {
    CHECK_EQ_INT(xcount(d, "//table[@id='pivot']/tbody/tr"), 2);
    CHECK_EQ_INT(xcount(d, "//table[@id='pivot']/thead/tr/th[@data-code]"), 4);
    CHECK_EQ_INT(xcount(d, "//table[@id='pivot']//abbr[@class='flag'][.='P']"), 2);
    xmlFreeDoc(d);
  }
  /* labels in the page language, escaped */
  CHECK_CONTAINS(r.body, ">Council</th>");
  CHECK_CONTAINS(r.body, "Committees &lt;b&gt; &amp; &quot;c&quot;");
  CHECK(!strstr(r.body, "<b> &"));
  /* the API query of what is on screen, and curl */
  CHECK_CONTAINS(r.body, "/sdmx/2.1/data/MAJLIS,DF_T1,1.0/A..ORD");
  CHECK_CONTAINS(r.body, "curl -H");
  CHECK_CONTAINS(r.body, "/sdmx/2.1/data/MAJLIS,DF_T1,1.0/A..ORD?format=sdmx-csv");
  CHECK_CONTAINS(r.body, "/sdmx/2.1/data/MAJLIS,DF_T1,1.0/all?format=xlsx");
  CHECK_CONTAINS(r.body, "/data/DF_T1/chart.svg?key=A..ORD&amp;x=TIME_PERIOD&amp;type=line");
  CHECK_CONTAINS(r.body, "&lt;iframe src=&quot;");
  resp_free(&r);
  /* the API URL the page prints answers the same observations: 2 bodies x
  ** 4 years of ordinary sittings, as SDMX-CSV rows */
  CHECK_EQ_INT(get(NULL, "/sdmx/2.1/data/MAJLIS,DF_T1,1.0/A..ORD?format=sdmx-csv", &r), 200);
  int lines = 0;
  for (const char *p = r.body; p && *p; p++)
    lines += *p == '\n';
  CHECK_EQ_INT(lines, 1 + 8);
  CHECK_CONTAINS(r.body, ",COUNCIL,ORD,2024,1015");
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data/DF_T1?lang=ar", &r), 200);
  CHECK_CONTAINS(r.body, ">المجلس</th>");
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  CHECK_CONTAINS(r.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data/DF_T1?lang=en&startPeriod=2023", &r), 200);
  d = html_doc(&r);
  if (d) {
    CHECK_EQ_INT(xcount(d, "//table[@id='pivot']/thead/tr/th[@data-code]"), 2);
    xmlFreeDoc(d);
  }
  resp_free(&r);
  /* bad parameters */
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?rows=NOPE"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?rows=TBODY&cols=TBODY"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?d.TKIND=ZZZ"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?type=pie"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?digits=roman"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?rows=TKIND&cols=TBODY&period=1999"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?startPeriod=yesterday"), 400);
}

/* ---------------------------------------------------------------- the chart */

static xmlDocPtr svg_get(const char *path, HttpResp *r) {
  int st = get(NULL, path, r);
  CHECK_EQ_INT(st, 200);
  char ct[128] = "";
  resp_header(r, "Content-Type", ct, sizeof ct);
  CHECK(strncmp(ct, "image/svg+xml", 13) == 0);
  xmlDocPtr d = st == 200 ? xmlReadMemory(r->body, (int)r->body_len, "c.svg", "UTF-8",
                                          XML_PARSE_NONET | XML_PARSE_NOERROR)
                          : NULL;
  CHECK(d != NULL);
  return d;
}

static void test_chart_svg(void) {
  HttpResp r;
  /* two series (the bodies), Arabic labels right to left, escaped */
  xmlDocPtr d = svg_get("/data/DF_T1/chart.svg?key=A..ORD&type=line&lang=ar", &r);
  if (d) {
    CHECK_EQ_INT(xcount(d, "//s:path[contains(@class,'series')]"), 2);
    CHECK_EQ_INT(xcount(d, "/s:svg/s:title"), 1);
    CHECK_EQ_INT(xcount(d, "/s:svg/s:desc"), 1);
    CHECK_EQ_INT(xcount(d, "//s:text[@direction='rtl'][.='المجلس']"), 1);
    CHECK_EQ_INT(xcount(d, "//s:text[@direction='rtl'][.='اللجان <ب> & \"ج\"']"), 1);
    char *dir = xstr(d, "string(/s:svg/@direction)");
    CHECK_STR(dir, "rtl");
    free(dir);
    xmlFreeDoc(d);
  }
  CHECK(r.body && strstr(r.body, "&lt;ب&gt; &amp;") != NULL);
  char h[256] = "";
  resp_header(&r, "Content-Security-Policy", h, sizeof h);
  CHECK(strstr(h, "frame-ancestors *") != NULL);
  resp_free(&r);
  /* bars: one rect per figure; the withheld one draws nothing */
  d = svg_get("/data/DF_T1/chart.svg?key=A.COUNCIL%2BCOMM.EXT&type=bar&lang=en", &r);
  if (d) {
    int64_t want =
        q_int("SELECT count(o.value) FROM od_obs o JOIN od_series s ON s.id=o.series_id JOIN od_version v "
              "ON v.id=s.version_id JOIN od_dataflow f ON f.id=v.dataflow_id WHERE f.code='DF_T1' AND "
              "v.status='published' AND s.key LIKE 'A.%%.EXT'");
    CHECK_EQ_INT(want, 7);
    CHECK_EQ_INT(xcount(d, "//s:rect[@class='bar']"), want);
    CHECK_EQ_INT(xcount(d, "//s:text[@direction='ltr'][.='Committees <b> & \"c\"']"), 1);
    xmlFreeDoc(d);
  }
  resp_free(&r);
  /* the whole key: four series; categories by a dimension at one period */
  d = svg_get("/data/DF_T1/chart.svg?lang=en", &r);
  if (d) {
    CHECK_EQ_INT(xcount(d, "//s:path[contains(@class,'series')]"), 4);
    xmlFreeDoc(d);
  }
  resp_free(&r);
  d = svg_get("/data/DF_T1/chart.svg?key=A..ORD&x=TBODY&type=bar&startPeriod=2024&endPeriod=2024&lang=en",
              &r);
  if (d) {
    CHECK_EQ_INT(xcount(d, "//s:rect[@class='bar']"), 2);
    CHECK_EQ_INT(xcount(d, "//s:rect[@class='bar']/s:title[starts-with(.,'Council')]"), 1);
    xmlFreeDoc(d);
  }
  resp_free(&r);
  /* nothing selected: a well-formed chart that says so */
  d = svg_get("/data/DF_T1/chart.svg?startPeriod=1990&endPeriod=1991&lang=en", &r);
  if (d) {
    CHECK_EQ_INT(xcount(d, "//s:text[.='No figures for this selection.']"), 1);
    xmlFreeDoc(d);
  }
  resp_free(&r);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1/chart.svg?type=pie"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1/chart.svg?key=A.NOPE."), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1/chart.svg?x=NOPE"), 400);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1/chart.svg?digits=x"), 400);
  /* the embed page may be framed anywhere; other pages never */
  CHECK_EQ_INT(get(NULL, "/data/DF_T1/embed?key=A..ORD&lang=en", &r), 200);
  h[0] = 0;
  resp_header(&r, "Content-Security-Policy", h, sizeof h);
  CHECK(strstr(h, "frame-ancestors *") != NULL);
  CHECK(!resp_header(&r, "X-Frame-Options", h, sizeof h));
  CHECK_CONTAINS(r.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
  CHECK_CONTAINS(r.body, "<details><summary>The figures</summary>");
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data/DF_T1", &r), 200);
  CHECK(resp_header(&r, "X-Frame-Options", h, sizeof h) && strcmp(h, "DENY") == 0);
  resp_free(&r);
}

/* ---------------------------------------------------------------- the officer */

static void test_officer(void) {
  HttpResp r;
  CHECK_EQ_INT(get(tok_off, "/admin/data", &r), 200);
  CHECK_CONTAINS(r.body, "action=\"/admin/data/DF_T5/publish\"");
  CHECK(!strstr(r.body, "action=\"/admin/data/DF_T1/publish\""));
  resp_free(&r);
  int64_t audits = q_int("SELECT count(*) FROM audit");
  /* a bad release time changes nothing */
  CHECK_EQ_INT(req(tok_off, "POST", "/admin/data/DF_T5/publish", "release_at=tomorrow&note=x", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(req(tok_off, "POST", "/admin/data/DF_T5/publish", "release_at=2001-01-01T09%3A00", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(
      q_int("SELECT count(*) FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id WHERE f.code='DF_T5' "
            "AND v.status='published'"),
      0);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit"), audits);
  /* a researcher may not publish */
  CHECK_EQ_INT(req(tok_res, "POST", "/admin/data/DF_T5/publish", "note=x", &r), 403);
  resp_free(&r);
  /* publish now */
  CHECK_EQ_INT(req(tok_off, "POST", "/admin/data/DF_T5/publish", "release_at=&note=first+release", &r), 303);
  char loc[256] = "";
  resp_header(&r, "Location", loc, sizeof loc);
  CHECK_STR(loc, "/admin/data?done=published");
  resp_free(&r);
  CHECK_EQ_INT(
      q_int("SELECT count(*) FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id WHERE f.code='DF_T5' "
            "AND v.status='published' AND v.note='first release'"),
      1);
  CHECK(q_int("SELECT count(*) FROM audit") > audits);
  CHECK_EQ_INT(status(NULL, "/data/DF_T5"), 200);
  /* announce a release, which the calendar then lists */
  CHECK_EQ_INT(req(tok_off, "POST", "/admin/data/DF_T1/releases",
                   "release_at=2031-01-15T09%3A00&title_en=Quarterly+%3Cfigures%3E&title_ar=", &r),
               303);
  resp_free(&r);
  CHECK_EQ_INT(req(tok_off, "POST", "/admin/data/DF_T1/releases", "release_at=&title_en=x", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(get(NULL, "/data/calendar?lang=en", &r), 200);
  CHECK_CONTAINS(r.body, "<time datetime=\"2031-01-15T09:00:00Z\">2031-01-15T09:00</time>");
  CHECK_CONTAINS(r.body, "Quarterly &lt;figures&gt;");
  resp_free(&r);
  /* a revision of a published flow: a new draft */
  CHECK_EQ_INT(req(tok_off, "POST", "/admin/data/DF_T1/revise", "note=corrections", &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(
      q_int("SELECT count(*) FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id WHERE f.code='DF_T1' "
            "AND v.status='draft'"),
      1);
  CHECK_EQ_INT(status(NULL, "/data/DF_T1?version=1.1"), 404); /* the draft is the officer's */
  CHECK_EQ_INT(status(tok_off, "/data/DF_T1?version=1.1"), 200);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  xmlInitParser();
  if (test_open_demo("data_pages")) return 1;
  if (setup()) {
    printf("not ok - fixtures\n");
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_embargo); /* first: DF_T4 is released a few seconds after setup */
  RUN(test_catalogue_visibility);
  RUN(test_catalogue_search);
  RUN(test_access_404);
  RUN(test_pivot);
  RUN(test_chart_svg);
  RUN(test_officer);
  test_finish(srv);
  xmlCleanupParser();
  return DONE();
}
