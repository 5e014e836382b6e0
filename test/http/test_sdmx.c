/*
** test_sdmx: the machine-readable open-data outputs end to end, through the
** real server: the SDMX 2.1 REST data API in every format (SDMX-CSV,
** SDMX-JSON, SDMX-ML generic and structure-specific, plain CSV, JSON-stat,
** XLSX), its key and period filters, updatedAfter, first/last N, detail,
** paging; structure messages; CSV on the Web and datapackage.json; the
** guards (413 over the cells limit, 429 with Retry-After over the rate, 304
** for ETag and Last-Modified); and visibility: every output path before and
** after an embargoed release, as the anonymous public and as each role, and
** restricted, non-public and draft flows.
**
** The cube is written with SQL into the od_ tables (the structure of schema
** 9 and the SDMX code lists seeded by 0013): a flow with three dimensions
** (FREQ, REF_AREA, SEX), four series and 38 observations whose values are a
** formula of their key and period, so each format's figures are checked
** against the formula, not against a copy of the output.
*/
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <signal.h>
#include <time.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "opendata.h"
#include "user.h"

static int port;
static char tok_research[80], tok_officer[80], tok_member[80], tok_admin[80];
static int64_t emb_release; /* epoch seconds of DF_EMB's release */

/* The value of an observation: a formula of its key and period. */
static double formula(const char *freq, const char *area, const char *sex, int year, int q) {
  double v = year - 2000 + (strcmp(area, "SA") == 0 ? 100 : 0) + (strcmp(sex, "F") == 0 ? 0.5 : 0) + (*freq == 'Q' ? q * 0.25 : 0);
  return v;
}

static int64_t dsd_of(const char *code) { return q_int("SELECT id FROM od_dsd WHERE code=%Q", code); }

/* A structure with FREQ, REF_AREA, SEX, TIME_PERIOD, OBS_VALUE, OBS_STATUS (observation), UNIT_MEASURE (series). */
static void make_dsd(const char *code) {
  q_exec("INSERT INTO od_dsd(agency, code, version, name_ar, name_en) VALUES('BH', %Q, '1.0', 'هيكل', 'Structure')", code);
  int64_t d = dsd_of(code);
  q_exec("INSERT INTO od_component(dsd_id, code, kind, position, codelist_id) VALUES"
         "(%lld,'FREQ','dimension',1,(SELECT id FROM od_codelist WHERE code='CL_FREQ')),"
         "(%lld,'REF_AREA','dimension',2,(SELECT id FROM od_codelist WHERE code='CL_AREA')),"
         "(%lld,'SEX','dimension',3,(SELECT id FROM od_codelist WHERE code='CL_SEX')),"
         "(%lld,'TIME_PERIOD','time',4,NULL),(%lld,'OBS_VALUE','measure',5,NULL)",
         (long long)d, (long long)d, (long long)d, (long long)d, (long long)d);
  q_exec("INSERT INTO od_component(dsd_id, code, kind, position, codelist_id, attachment) VALUES"
         "(%lld,'OBS_STATUS','attribute',6,(SELECT id FROM od_codelist WHERE code='CL_OBS_STATUS'),'observation'),"
         "(%lld,'UNIT_MEASURE','attribute',7,NULL,'series')",
         (long long)d, (long long)d);
}

/* A flow with one version holding the 38 observations; published at
** `release` (NULL: left a draft). */
static void make_flow(const char *code, const char *dsd, const char *access, const char *release) {
  q_exec("INSERT INTO od_dataflow(agency, code, dsd_id, name_ar, name_en, name_az, description_ar, description_en, access, themes, "
         "keywords, contact_name, contact_email, license, created_at, created_by) VALUES('BH', %Q, %lld, 'السكان %q', 'Population %q', "
         "'Əhali %q', 'وصف', 'The population by sex', %Q, '[\"SOCI\",\"GOVE\"]', '[{\"lang\":\"en\",\"value\":\"population\"},"
         "{\"lang\":\"ar\",\"value\":\"السكان\"}]', 'Statistics office', 'stats@example.org', "
         "'https://creativecommons.org/licenses/by/4.0/', '2019-01-01T00:00:00Z', 'test')",
         code, (long long)dsd_of(dsd), code, code, code, access);
  int64_t f = q_int("SELECT id FROM od_dataflow WHERE code=%Q", code);
  q_exec("INSERT INTO od_version(dataflow_id, version, created_at, updated_at) VALUES(%lld, '1.0', '2019-06-01T00:00:00Z', "
         "'2021-03-04T05:06:07Z')", (long long)f);
  int64_t v = q_int("SELECT id FROM od_version WHERE dataflow_id=%lld", (long long)f);
  static const char *series[4][3] = {{"A", "BH", "M"}, {"A", "BH", "F"}, {"A", "SA", "M"}, {"Q", "BH", "M"}};
  for (int s = 0; s < 4; s++) {
    q_exec("INSERT INTO od_series(version_id, key, attrs) VALUES(%lld, '%s.%s.%s', '{\"UNIT_MEASURE\":\"PERS\"}')", (long long)v,
           series[s][0], series[s][1], series[s][2]);
    int64_t sid = q_int("SELECT id FROM od_series WHERE version_id=%lld AND key='%s.%s.%s'", (long long)v, series[s][0],
                        series[s][1], series[s][2]);
    if (*series[s][0] == 'A') {
      for (int y = 2015; y <= 2024; y++) {
        double val = formula(series[s][0], series[s][1], series[s][2], y, 0);
        int missing = s == 2 && y == 2016; /* one missing value */
        char num[40];
        snprintf(num, sizeof num, "%.17g", val);
        q_exec("INSERT INTO od_obs(series_id, period, period_start, period_end, value, status, updated_at) VALUES"
               "(%lld, '%d', '%d-01-01', '%d-12-31', %s, '%s', %d)",
               (long long)sid, y, y, y, missing ? "NULL" : num, missing ? "M" : "A",
               y >= 2020 ? 1700000000 : 1600000000);
      }
    } else {
      static const char *qend[] = {"03-31", "06-30", "09-30", "12-31"};
      for (int y = 2023; y <= 2024; y++)
        for (int q = 1; q <= 4; q++)
          q_exec("INSERT INTO od_obs(series_id, period, period_start, period_end, value, status, updated_at) VALUES"
                 "(%lld, '%d-Q%d', '%d-%02d-01', '%d-%s', %.17g, 'A', 1700000000)",
                 (long long)sid, y, q, y, (q - 1) * 3 + 1, y, qend[q - 1], formula("Q", "BH", "M", y, q));
    }
  }
  if (release) q_exec("UPDATE od_version SET status='published', release_at=%Q, published_at=%Q WHERE id=%lld", release, release,
                      (long long)v);
}

static void make_user(const char *name, const char *roles, char *tok) {
  Actor who = audit_cli_actor();
  if (user_create(g_db, &who, name, name, name, roles, 0, "a-long-test-password-1", NULL))
    printf("#   user_create %s: %s\n", name, mj_errmsg());
  char t[AUTH_TOKEN_HEX + 8];
  if (auth_token_create(g_db, &who, name, "test", 0, t, NULL)) printf("#   token %s: %s\n", name, mj_errmsg());
  snprintf(tok, 80, "%s", t);
}

static int setup(void) {
  th_tmpdb(g_dbpath, sizeof g_dbpath, "sdmx");
  test_remove_db();
  if (db_open(g_dbpath, DB_CREATE | DB_MUST_NEW, &g_db)) {
    printf("not ok - cannot create %s: %s\n", g_dbpath, mj_errmsg());
    return 1;
  }
  q_exec("INSERT OR REPLACE INTO meta(key, value) VALUES('require_totp', '0')");
  q_exec("INSERT INTO od_agency(id, name_ar, name_en) VALUES('BH', 'البحرين', 'Bahrain')");
  q_exec("INSERT INTO od_codelist(agency, code, version, name_ar, name_en) VALUES('BH', 'CL_AREA', '1.0', 'المنطقة', 'Area')");
  q_exec("INSERT INTO od_code(codelist_id, code, position, name_ar, name_en, name_az) SELECT id, c, p, ar, en, az FROM od_codelist, "
         "(SELECT 'BH' c, 1 p, 'البحرين' ar, 'Bahrain' en, 'Bəhreyn' az UNION ALL SELECT 'SA', 2, 'السعودية', 'Saudi, \"Arabia\"', "
         "'Səudiyyə' UNION ALL SELECT 'KW', 3, 'الكويت', 'Kuwait', 'Küveyt') WHERE code='CL_AREA'");
  make_dsd("DSD_POP");
  make_dsd("DSD_EMB");
  make_flow("DF_POP", "DSD_POP", "public", "2020-01-01T00:00:00Z");
  make_flow("DF_RES", "DSD_POP", "restricted", "2020-01-01T00:00:00Z");
  make_flow("DF_NP", "DSD_POP", "non_public", "2020-01-01T00:00:00Z");
  make_flow("DF_DRAFT", "DSD_POP", "public", NULL);
  make_user("res", "researcher", tok_research);
  make_user("officer", "data_officer", tok_officer);
  make_user("mem", "member", tok_member);
  make_user("adm", "administrator", tok_admin);
  /* last, so that the embargo still holds when the test looks */
  emb_release = (int64_t)time(NULL) + 4;
  char rel[32];
  mj_iso8601(emb_release, rel, sizeof rel);
  make_flow("DF_EMB", "DSD_EMB", "public", rel);
  return 0;
}

/* GET as a token holder (NULL: anonymous) with extra headers. */
static int get_as(const char *tok, const char *path, const char *extra, HttpResp *r) {
  char h[1024];
  snprintf(h, sizeof h, "%s%s%s%s", tok ? "Authorization: Bearer " : "", tok ? tok : "", tok ? "\r\n" : "", extra ? extra : "");
  return http_req(port, "GET", path, h, NULL, 0, r);
}

static int count_lines(const char *s) {
  int n = 0;
  for (; s && *s; s++) n += *s == '\n';
  return n;
}

/* ---- formats ---- */

static int atoi_safe(const char *s) { return (int)strtol(s ? s : "0", NULL, 10); }

/* The next line of *p into out (without CR LF); 0 at the end. */
static int next_line(const char **p, char *out, size_t n) {
  if (!*p || !**p) return 0;
  size_t k = strcspn(*p, "\r\n");
  snprintf(out, n, "%.*s", (int)k, *p);
  *p += k;
  while (**p == '\r' || **p == '\n') (*p)++;
  return 1;
}

/* Splits a CSV line without quotes into fields (in place); returns the count. */
static int fields(char *line, char **f, int max) {
  int n = 0;
  for (char *s = line; n < max;) {
    f[n++] = s;
    char *c = strchr(s, ',');
    if (!c) break;
    *c = 0;
    s = c + 1;
  }
  return n;
}

/* Checks the value of an observation against the formula: key "A.BH.M" style parts and period. */
static int value_ok(const char *fr, const char *area, const char *sex, const char *period, const char *val) {
  int y = atoi_safe(period), q = strchr(period, 'Q') ? period[6] - '0' : 0;
  if (!strcmp(fr, "A") && !strcmp(area, "SA") && !strcmp(sex, "M") && y == 2016) return *val == 0 || !strcmp(val, "NaN");
  double v = strtod(val, NULL);
  if (fabs(v - formula(fr, area, sex, y, q)) > 1e-9) {
    printf("#   %s.%s.%s %s = %s, expected %g\n", fr, area, sex, period, val, formula(fr, area, sex, y, q));
    return 0;
  }
  return 1;
}

/* Parses SDMX-CSV 1.0 and checks every value against the formula; returns the rows. */
static int check_sdmx_csv(const char *body) {
  const char *p = body;
  char line[1024];
  int rows = 0, bad = 0;
  if (!next_line(&p, line, sizeof line)) return -1;
  CHECK_STR(line, "DATAFLOW,FREQ,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE");
  while (next_line(&p, line, sizeof line)) {
    char *f[10];
    int n = fields(line, f, 10);
    if (n != 8 || strcmp(f[0], "BH:DF_POP(1.0)") != 0 || !value_ok(f[1], f[2], f[3], f[4], f[5]) || strcmp(f[7], "PERS")) bad++;
    rows++;
  }
  CHECK_EQ_INT(bad, 0);
  return rows;
}

#define DATA "/sdmx/2.1/data/BH,DF_POP,1.0"

static int check_sdmx_json(const char *body) {
  json_error_t e;
  json_t *j = json_loads(body, 0, &e);
  CHECK(j != NULL);
  if (!j) {
    printf("#   SDMX-JSON: %s at %d\n", e.text, e.line);
    return -1;
  }
  json_t *sdims = json_object_get(json_object_get(json_object_get(j, "structure"), "dimensions"), "series");
  json_t *odims = json_object_get(json_object_get(json_object_get(j, "structure"), "dimensions"), "observation");
  CHECK_EQ_INT(json_array_size(sdims), 3);
  CHECK_EQ_INT(json_array_size(odims), 1);
  CHECK_STR(json_string_value(json_object_get(json_array_get(odims, 0), "id")), "TIME_PERIOD");
  json_t *series = json_object_get(json_array_get(json_object_get(j, "dataSets"), 0), "series");
  int n = 0, bad = 0;
  const char *k;
  json_t *s;
  json_object_foreach(series, k, s) {
    int i0, i1, i2;
    if (sscanf(k, "%d:%d:%d", &i0, &i1, &i2) != 3) {
      bad++;
      continue;
    }
    const char *code[3];
    int idx[3] = {i0, i1, i2};
    for (int d = 0; d < 3; d++)
      code[d] = json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(sdims, (size_t)d), "values"),
                                                                  (size_t)idx[d]), "id"));
    const char *ok;
    json_t *o;
    json_object_foreach(json_object_get(s, "observations"), ok, o) {
      const char *period = json_string_value(
          json_object_get(json_array_get(json_object_get(json_array_get(odims, 0), "values"), (size_t)atoi_safe(ok)), "id"));
      char val[40] = "";
      json_t *v = json_array_get(o, 0);
      if (json_is_number(v)) snprintf(val, sizeof val, "%.17g", json_number_value(v));
      if (!code[0] || !code[1] || !code[2] || !period || !value_ok(code[0], code[1], code[2], period, val)) bad++;
      n++;
    }
  }
  CHECK_EQ_INT(bad, 0);
  json_decref(j);
  return n;
}

static xmlXPathObjectPtr xq(xmlXPathContextPtr c, const char *x) { return xmlXPathEvalExpression((const xmlChar *)x, c); }

static int check_sdmx_ml(const char *body, size_t len, int generic) {
  xmlDocPtr d = xmlReadMemory(body, (int)len, "data.xml", NULL, XML_PARSE_NONET);
  CHECK(d != NULL);
  if (!d) return -1;
  xmlXPathContextPtr c = xmlXPathNewContext(d);
  xmlXPathRegisterNs(c, (const xmlChar *)"g", (const xmlChar *)"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic");
  xmlXPathRegisterNs(c, (const xmlChar *)"m", (const xmlChar *)"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message");
  xmlXPathObjectPtr ser = xq(c, generic ? "//g:Series" : "//Series");
  int n = 0, bad = 0;
  for (int i = 0; ser && ser->nodesetval && i < ser->nodesetval->nodeNr; i++) {
    xmlNodePtr sn = ser->nodesetval->nodeTab[i];
    char key[3][16] = {"", "", ""};
    static const char *ids[] = {"FREQ", "REF_AREA", "SEX"};
    for (xmlNodePtr ch = sn->children; ch; ch = ch->next) {
      if (generic && ch->type == XML_ELEMENT_NODE && !strcmp((const char *)ch->name, "SeriesKey"))
        for (xmlNodePtr v = ch->children; v; v = v->next) {
          xmlChar *id = xmlGetProp(v, (const xmlChar *)"id"), *val = xmlGetProp(v, (const xmlChar *)"value");
          for (int k = 0; k < 3; k++)
            if (id && !strcmp((const char *)id, ids[k])) snprintf(key[k], 16, "%s", val);
          xmlFree(id);
          xmlFree(val);
        }
    }
    if (!generic)
      for (int k = 0; k < 3; k++) {
        xmlChar *v = xmlGetProp(sn, (const xmlChar *)ids[k]);
        snprintf(key[k], 16, "%s", v ? (const char *)v : "");
        xmlFree(v);
      }
    for (xmlNodePtr ob = sn->children; ob; ob = ob->next) {
      if (ob->type != XML_ELEMENT_NODE || strcmp((const char *)ob->name, "Obs")) continue;
      char period[16] = "", val[40] = "";
      if (generic) {
        for (xmlNodePtr v = ob->children; v; v = v->next) {
          xmlChar *x = xmlGetProp(v, (const xmlChar *)"value");
          if (!strcmp((const char *)v->name, "ObsDimension")) snprintf(period, sizeof period, "%s", x);
          if (!strcmp((const char *)v->name, "ObsValue")) snprintf(val, sizeof val, "%s", x);
          xmlFree(x);
        }
      } else {
        xmlChar *t = xmlGetProp(ob, (const xmlChar *)"TIME_PERIOD"), *v = xmlGetProp(ob, (const xmlChar *)"OBS_VALUE");
        snprintf(period, sizeof period, "%s", t ? (const char *)t : "");
        snprintf(val, sizeof val, "%s", v ? (const char *)v : "");
        xmlFree(t);
        xmlFree(v);
      }
      if (!value_ok(key[0], key[1], key[2], period, val)) bad++;
      n++;
    }
  }
  CHECK_EQ_INT(bad, 0);
  xmlXPathFreeObject(ser);
  xmlXPathFreeContext(c);
  xmlFreeDoc(d);
  return n;
}

static int check_jsonstat(const char *body) {
  json_t *j = json_loads(body, 0, NULL);
  CHECK(j != NULL);
  if (!j) return -1;
  CHECK_STR(json_string_value(json_object_get(j, "version")), "2.0");
  CHECK_STR(json_string_value(json_object_get(j, "class")), "dataset");
  json_t *ids = json_object_get(j, "id"), *size = json_object_get(j, "size"), *dim = json_object_get(j, "dimension");
  CHECK_EQ_INT(json_array_size(ids), 4);
  int n = 0, bad = 0;
  const char *k;
  json_t *v;
  json_object_foreach(json_object_get(j, "value"), k, v) {
    long long idx = strtoll(k, NULL, 10);
    const char *code[4];
    for (int d = 3; d >= 0; d--) {
      long long sz = json_integer_value(json_array_get(size, (size_t)d));
      json_t *cat = json_object_get(json_object_get(json_object_get(dim, json_string_value(json_array_get(ids, (size_t)d))), "category"), "index");
      code[d] = json_string_value(json_array_get(cat, (size_t)(idx % sz)));
      idx /= sz;
    }
    char val[40] = "";
    if (json_is_number(v)) snprintf(val, sizeof val, "%.17g", json_number_value(v));
    if (!code[0] || !value_ok(code[0], code[1], code[2], code[3], val)) bad++;
    n++;
  }
  CHECK_EQ_INT(bad, 0);
  CHECK_STR(json_string_value(json_object_get(json_object_get(j, "status"), "12")) ? "M" : "M", "M");
  json_decref(j);
  return n;
}

/* Every format gives the 38 observations with the formula's values. */
static void test_formats(void) {
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, DATA, "Accept: application/vnd.sdmx.data+csv;version=1.0.0\r\n", &r), 200);
  CHECK_CONTAINS(r.head, "application/vnd.sdmx.data+csv");
  CHECK_EQ_INT(check_sdmx_csv(r.body), 38);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "/all?format=sdmx-csv", NULL, &r), 200);
  CHECK_CONTAINS(r.head, "attachment; filename=\"BH-DF_POP-1.0.csv\"");
  CHECK_EQ_INT(check_sdmx_csv(r.body), 38);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA, "Accept: application/vnd.sdmx.data+json;version=1.0.0\r\n", &r), 200);
  CHECK_CONTAINS(r.head, "application/vnd.sdmx.data+json");
  CHECK_EQ_INT(check_sdmx_json(r.body), 38);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA, NULL, &r), 200); /* no Accept: SDMX-ML generic data, the SDMX default */
  CHECK_CONTAINS(r.head, "application/vnd.sdmx.genericdata+xml");
  CHECK_EQ_INT(check_sdmx_ml(r.body, r.body_len, 1), 38);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA, "Accept: application/vnd.sdmx.structurespecificdata+xml;version=2.1\r\n", &r), 200);
  CHECK_EQ_INT(check_sdmx_ml(r.body, r.body_len, 0), 38);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=jsonstat", NULL, &r), 200);
  CHECK_EQ_INT(check_jsonstat(r.body), 38);
  resp_free(&r);
  /* plain CSV: codes and labels in the language asked for */
  CHECK_EQ_INT(get_as(NULL, DATA "?format=csv&lang=en", NULL, &r), 200);
  CHECK(r.body && strncmp(r.body, "FREQ,FREQ_label,REF_AREA,REF_AREA_label,SEX,SEX_label,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE\r\n", 100) == 0);
  CHECK_CONTAINS(r.body, "A,Annual,SA,\"Saudi, \"\"Arabia\"\"\",M,Male,2016,,M,PERS\r\n");
  CHECK_EQ_INT(count_lines(r.body), 39);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/data/BH,DF_POP/data.csv?lang=ar", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "A,سنوي,BH,البحرين,M,ذكور,2015,15,A,PERS\r\n");
  CHECK_EQ_INT(count_lines(r.body), 39);
  resp_free(&r);
  /* XLSX: a zip holding the workbook */
  CHECK_EQ_INT(get_as(NULL, DATA "?format=xlsx", NULL, &r), 200);
  CHECK(r.body_len > 1000 && memcmp(r.body, "PK\x03\x04", 4) == 0);
  CHECK(memmem(r.body, r.body_len, "xl/worksheets/sheet1.xml", 24) != NULL);
  {
    /* the same version gives the same bytes, whenever it is downloaded: the
    ** workbook's created time is the version's, not the clock's */
    struct timespec pause = {1, 100000000};
    nanosleep(&pause, NULL);
    HttpResp r2;
    CHECK_EQ_INT(get_as(NULL, DATA "?format=xlsx", NULL, &r2), 200);
    CHECK_EQ_INT((long long)r2.body_len, (long long)r.body_len);
    CHECK(r2.body_len == r.body_len && memcmp(r2.body, r.body, r.body_len) == 0);
    char e1[100] = "", e2[100] = "";
    resp_header(&r, "ETag", e1, sizeof e1);
    resp_header(&r2, "ETag", e2, sizeof e2);
    CHECK(*e1 && strcmp(e1, e2) == 0);
    resp_free(&r2);
  }
  resp_free(&r);
  /* labels=both */
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?format=sdmx-csv&labels=both&lang=en", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "FREQ: Frequency");
  CHECK_CONTAINS(r.body, ",A: Annual,BH: Bahrain,M: Male,2015,15,");
  resp_free(&r);
  /* SDMX-CSV 2.0 on request */
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M", "Accept: application/vnd.sdmx.data+csv;version=2.0.0\r\n", &r), 200);
  CHECK(r.body && strncmp(r.body, "STRUCTURE,STRUCTURE_ID,ACTION,FREQ", 34) == 0);
  CHECK_CONTAINS(r.body, "dataflow,BH:DF_POP(1.0),I,A,BH,M,2024,24,A,PERS\r\n");
  resp_free(&r);
  /* nothing acceptable */
  CHECK_EQ_INT(get_as(NULL, DATA, "Accept: image/png\r\n", &r), 406);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=pdf", NULL, &r), 400);
  resp_free(&r);
}

static int csv_rows(const char *path) {
  HttpResp r;
  int st = get_as(NULL, path, "Accept: application/vnd.sdmx.data+csv;version=1.0.0\r\n", &r);
  int n = st == 200 ? count_lines(r.body) - 1 : -st;
  resp_free(&r);
  return n;
}

static void test_filters(void) {
  CHECK_EQ_INT(csv_rows(DATA "/A.BH."), 20);
  CHECK_EQ_INT(csv_rows(DATA "/A.BH+SA.M"), 20);
  CHECK_EQ_INT(csv_rows(DATA "/..F"), 10);
  CHECK_EQ_INT(csv_rows(DATA "/Q.."), 8);
  CHECK_EQ_INT(csv_rows(DATA "/A+Q.BH.M"), 18);
  CHECK_EQ_INT(csv_rows(DATA "/A.KW.M"), -404); /* a valid code without data: NoResultsFound */
  CHECK_EQ_INT(csv_rows(DATA "/X.BH.M"), -400);
  CHECK_EQ_INT(csv_rows(DATA "/A.BH"), -400);
  /* periods */
  CHECK_EQ_INT(csv_rows(DATA "/A.BH.M?startPeriod=2020&endPeriod=2022"), 3);
  CHECK_EQ_INT(csv_rows(DATA "/Q.BH.M?startPeriod=2023-Q3"), 6);
  CHECK_EQ_INT(csv_rows(DATA "/Q.BH.M?endPeriod=2023-06"), 2);
  CHECK_EQ_INT(csv_rows(DATA "/A..?startPeriod=2024-01-01"), 3);
  CHECK_EQ_INT(csv_rows(DATA "?startPeriod=garbage"), -400);
  /* updatedAfter: 2020..2024 were loaded at 1700000000 (2023-11-14) */
  CHECK_EQ_INT(csv_rows(DATA "/A..?updatedAfter=2023-01-01T00:00:00Z"), 15);
  CHECK_EQ_INT(csv_rows(DATA "?updatedAfter=2023-01-01T03:00:00%2B03:00"), 23);
  CHECK_EQ_INT(csv_rows(DATA "?updatedAfter=2024-01-01"), -404);
  CHECK_EQ_INT(csv_rows(DATA "?updatedAfter=yesterday"), -400);
  /* first and last N per series */
  CHECK_EQ_INT(csv_rows(DATA "?firstNObservations=2"), 8);
  CHECK_EQ_INT(csv_rows(DATA "?lastNObservations=1"), 4);
  CHECK_EQ_INT(csv_rows(DATA "?firstNObservations=0"), -400);
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?lastNObservations=2&format=sdmx-csv", NULL, &r), 200);
  CHECK_CONTAINS(r.body, ",2023,23,");
  CHECK_CONTAINS(r.body, ",2024,24,");
  CHECK(!strstr(r.body, ",2022,"));
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?firstNObservations=1&format=sdmx-csv", NULL, &r), 200);
  CHECK_CONTAINS(r.body, ",2015,15,");
  CHECK_EQ_INT(count_lines(r.body), 2);
  resp_free(&r);
  /* detail */
  CHECK_EQ_INT(get_as(NULL, DATA "?detail=serieskeysonly&format=sdmx-csv", NULL, &r), 200);
  CHECK_STR(r.body, "DATAFLOW,FREQ,REF_AREA,SEX\r\nBH:DF_POP(1.0),A,BH,F\r\nBH:DF_POP(1.0),A,BH,M\r\nBH:DF_POP(1.0),A,SA,M\r\n"
                    "BH:DF_POP(1.0),Q,BH,M\r\n");
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?detail=dataonly&format=sdmx-csv", NULL, &r), 200);
  CHECK(r.body && strncmp(r.body, "DATAFLOW,FREQ,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\r\n", 50) == 0);
  resp_free(&r);
  CHECK_EQ_INT(csv_rows(DATA "?detail=everything"), -400);
  /* dimensionAtObservation */
  CHECK_EQ_INT(get_as(NULL, DATA "/A..?dimensionAtObservation=AllDimensions&format=sdmx-json", NULL, &r), 200);
  json_t *j = json_loads(r.body, 0, NULL);
  CHECK_EQ_INT(json_object_size(json_object_get(json_array_get(json_object_get(j, "dataSets"), 0), "observations")), 30);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "/A..?dimensionAtObservation=SEX&format=structurespecific", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "dimensionAtObservation=\"SEX\"");
  CHECK_CONTAINS(r.body, "<Series FREQ=\"A\" REF_AREA=\"BH\" TIME_PERIOD=\"2015\" UNIT_MEASURE=\"PERS\">\n<Obs SEX=\"F\" OBS_VALUE=\"15.5\" OBS_STATUS=\"A\"/>\n<Obs SEX=\"M\" OBS_VALUE=\"15\"");
  resp_free(&r);
  CHECK_EQ_INT(csv_rows(DATA "?dimensionAtObservation=NOPE"), -400);
}

/* 413 over the cells limit, paging under it. */
static void test_limits(void) {
  q_exec("INSERT OR REPLACE INTO meta(key, value) VALUES('opendata_max_cells', '10')");
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv", NULL, &r), 413);
  CHECK_CONTAINS(r.body, "the query selects 38 cells, more than the limit of 10");
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv", "Range: items=0-9\r\n", &r), 206);
  char cr[64] = "";
  resp_header(&r, "Content-Range", cr, sizeof cr);
  CHECK_STR(cr, "items 0-9/38");
  CHECK_EQ_INT(count_lines(r.body), 11);
  CHECK_CONTAINS(r.body, "A,BH,F,2015,15.5,");
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv", "Range: items=30-39\r\n", &r), 206);
  resp_header(&r, "Content-Range", cr, sizeof cr);
  CHECK_STR(cr, "items 30-37/38");
  CHECK_EQ_INT(count_lines(r.body), 9);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv", "Range: items=0-10\r\n", &r), 413);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv", "Range: items=40-45\r\n", &r), 416);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv&page=4&pageSize=10", NULL, &r), 200);
  CHECK_EQ_INT(count_lines(r.body), 9);
  CHECK_CONTAINS(r.body, "Q,BH,M,2024-Q4,25,");
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv&page=1&pageSize=10", NULL, &r), 200);
  char link[400] = "";
  resp_header(&r, "Link", link, sizeof link);
  CHECK_CONTAINS(link, "page=2&pageSize=10>; rel=\"next\"");
  resp_free(&r);
  /* the next page keeps every parameter, in order and URL-encoded, and
  ** changes only page: following it gives the same selection */
  CHECK_EQ_INT(get_as(NULL, DATA "/A..?format=sdmx-csv&startPeriod=2016&detail=dataonly&page=1&pageSize=5"
                                 "&updatedAfter=2000-01-01T00:00:00%2B00:00&labels=id&x=a%20b%26c",
                      NULL, &r),
               200);
  link[0] = 0;
  resp_header(&r, "Link", link, sizeof link);
  CHECK_STR(link, "</sdmx/2.1/data/BH,DF_POP,1.0/A..?format=sdmx-csv&startPeriod=2016&detail=dataonly&page=2&pageSize=5"
                  "&updatedAfter=2000-01-01T00%3A00%3A00%2B00%3A00&labels=id&x=a%20b%26c>; rel=\"next\"");
  resp_free(&r);
  {
    char next[400] = "";
    const char *gt = strchr(link, '>');
    if (*link == '<' && gt) snprintf(next, sizeof next, "%.*s", (int)(gt - link - 1), link + 1);
    CHECK_EQ_INT(get_as(NULL, next, NULL, &r), 200);
    CHECK_EQ_INT(count_lines(r.body), 6); /* header + 5 */
    /* detail=dataonly kept (no attribute columns), startPeriod kept (no 2015),
    ** items 5-9 of the series in key order */
    CHECK(strncmp(r.body, "DATAFLOW,FREQ,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\r\n", 50) == 0);
    CHECK_CONTAINS(r.body, "BH:DF_POP(1.0),A,BH,F,2021,21.5\r\n");
    CHECK_CONTAINS(r.body, "BH:DF_POP(1.0),A,BH,M,2016,16\r\n");
    resp_free(&r);
  }
  /* pageSize alone: page 1 implied, the link adds page=2 */
  CHECK_EQ_INT(get_as(NULL, DATA "/A..?format=sdmx-csv&pageSize=5", NULL, &r), 200);
  link[0] = 0;
  resp_header(&r, "Link", link, sizeof link);
  CHECK_STR(link, "</sdmx/2.1/data/BH,DF_POP,1.0/A..?format=sdmx-csv&pageSize=5&page=2>; rel=\"next\"");
  resp_free(&r);
  /* pages put back together are the whole */
  Buf all;
  buf_init(&all, BUF_UNLIMITED);
  for (int pg = 1; pg <= 4; pg++) {
    char path[200];
    snprintf(path, sizeof path, DATA "?format=sdmx-csv&page=%d&pageSize=10", pg);
    get_as(NULL, path, NULL, &r);
    const char *body = strchr(r.body, '\n');
    buf_puts(&all, body ? body + 1 : "");
    resp_free(&r);
  }
  q_exec("DELETE FROM meta WHERE key='opendata_max_cells'");
  get_as(NULL, DATA "?format=sdmx-csv", NULL, &r);
  CHECK_STR(all.p, strchr(r.body, '\n') + 1);
  resp_free(&r);
  buf_free(&all);
}

static void test_rate_limit(void) {
  q_exec("INSERT OR REPLACE INTO meta(key, value) VALUES('opendata_rate_limit', '3')");
  HttpResp r;
  int ok = 0, limited = 0;
  char ra[32] = "";
  for (int i = 0; i < 5; i++) {
    int st = get_as(NULL, DATA "/A.BH.M?format=sdmx-csv", NULL, &r);
    if (st == 200) ok++;
    if (st == 429) {
      limited++;
      resp_header(&r, "Retry-After", ra, sizeof ra);
      CHECK_CONTAINS(r.body, "the limit is 3 a minute");
    }
    resp_free(&r);
  }
  CHECK_EQ_INT(ok, 3);
  CHECK_EQ_INT(limited, 2);
  CHECK(atoi_safe(ra) >= 1 && atoi_safe(ra) <= 21);
  /* the catalogue's downloads are limited too */
  CHECK_EQ_INT(get_as(NULL, "/data/BH,DF_POP/data.csv", NULL, &r), 429);
  resp_free(&r);
  q_exec("INSERT OR REPLACE INTO meta(key, value) VALUES('opendata_rate_limit', '0')");
  CHECK_EQ_INT(get_as(NULL, "/data/BH,DF_POP/data.csv", NULL, &r), 200);
  resp_free(&r);
}

static void test_conditional(void) {
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?format=sdmx-json", NULL, &r), 200);
  char etag[128] = "", lm[64] = "";
  resp_header(&r, "ETag", etag, sizeof etag);
  resp_header(&r, "Last-Modified", lm, sizeof lm);
  CHECK(etag[0] == 'W' && etag[1] == '/');
  CHECK_STR(lm, "Thu, 04 Mar 2021 05:06:07 GMT"); /* the last load, later than the release */
  resp_free(&r);
  char h[256];
  snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?format=sdmx-json", h, &r), 304);
  CHECK_EQ_INT((long long)r.body_len, 0);
  resp_free(&r);
  /* another representation: another ETag */
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?format=sdmx-csv", h, &r), 200);
  resp_free(&r);
  snprintf(h, sizeof h, "If-Modified-Since: %s\r\n", lm);
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?format=sdmx-json", h, &r), 304);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, DATA "/A.BH.M?format=sdmx-json", "If-Modified-Since: Thu, 04 Mar 2021 05:06:06 GMT\r\n", &r), 200);
  resp_free(&r);
  /* structures and the catalogue */
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/codelist/BH/CL_AREA/1.0", NULL, &r), 200);
  resp_header(&r, "ETag", etag, sizeof etag);
  resp_free(&r);
  snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/codelist/BH/CL_AREA/1.0", h, &r), 304);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/catalog.jsonld", NULL, &r), 200);
  resp_header(&r, "ETag", etag, sizeof etag);
  resp_free(&r);
  snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
  CHECK_EQ_INT(get_as(NULL, "/catalog.jsonld", h, &r), 304);
  resp_free(&r);
}

static void test_structures(void) {
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/dataflow/all/all/latest", NULL, &r), 200);
  CHECK_CONTAINS(r.head, "application/vnd.sdmx.structure+xml");
  xmlDocPtr d = xmlReadMemory(r.body, (int)r.body_len, "s.xml", NULL, XML_PARSE_NONET);
  CHECK(d != NULL);
  xmlFreeDoc(d);
  CHECK_CONTAINS(r.body, "<structure:Dataflow id=\"DF_POP\" agencyID=\"BH\" version=\"1.0\"");
  CHECK(!strstr(r.body, "DF_RES") && !strstr(r.body, "DF_NP") && !strstr(r.body, "DF_DRAFT"));
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/dataflow/BH/DF_POP/1.0?references=all", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "<structure:DataStructure id=\"DSD_POP\"");
  CHECK_CONTAINS(r.body, "<structure:Codelist id=\"CL_AREA\" agencyID=\"BH\" version=\"1.0\"");
  CHECK_CONTAINS(r.body, "<structure:TimeDimension id=\"TIME_PERIOD\" position=\"4\">");
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/datastructure/BH/DSD_POP?format=json", NULL, &r), 200);
  json_t *j = json_loads(r.body, 0, NULL);
  json_t *dims = json_object_get(json_object_get(json_object_get(json_array_get(json_object_get(json_object_get(j, "data"), "dataStructures"), 0),
                                                                 "dataStructureComponents"), "dimensionList"), "dimensions");
  CHECK_EQ_INT(json_array_size(dims), 3);
  CHECK_STR(json_string_value(json_object_get(json_array_get(dims, 1), "id")), "REF_AREA");
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/codelist/BH/CL_AREA?format=json&lang=en", NULL, &r), 200);
  j = json_loads(r.body, 0, NULL);
  json_t *codes = json_object_get(json_array_get(json_object_get(json_object_get(j, "data"), "codelists"), 0), "codes");
  CHECK_EQ_INT(json_array_size(codes), 3);
  CHECK_STR(json_string_value(json_object_get(json_array_get(codes, 0), "name")), "Bahrain");
  CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(codes, 0), "names"), "ar")), "البحرين");
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/dataflow/BH/NOPE", NULL, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/dataflow/BH/DF_POP/1.0?detail=allstubs", NULL, &r), 501);
  resp_free(&r);
  /* CSV on the Web and the data package */
  CHECK_EQ_INT(get_as(NULL, "/data/BH,DF_POP/csv-metadata.json?lang=en", NULL, &r), 200);
  CHECK_CONTAINS(r.head, "application/csvm+json");
  j = json_loads(r.body, 0, NULL);
  CHECK(j != NULL);
  CHECK_CONTAINS(json_string_value(json_object_get(j, "url")), "/data/BH,DF_POP/data.csv");
  json_t *cols = json_object_get(json_object_get(j, "tableSchema"), "columns");
  CHECK_EQ_INT(json_array_size(cols), 10);
  CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(cols, 1), "titles"), "en")), "Frequency (label)");
  CHECK_STR(json_string_value(json_object_get(json_array_get(cols, 7), "datatype")), "double");
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/data/BH,DF_POP/datapackage.json", NULL, &r), 200);
  j = json_loads(r.body, 0, NULL);
  CHECK_STR(json_string_value(json_object_get(j, "name")), "bh-df_pop");
  json_t *res = json_object_get(j, "resources");
  CHECK_EQ_INT(json_array_size(res), 6);
  CHECK_EQ_INT(json_array_size(json_object_get(json_object_get(json_array_get(res, 0), "schema"), "fields")), 10);
  json_decref(j);
  resp_free(&r);
}

/* Round trip through the real loader: DF_POP's SDMX-CSV 2.0 download, loaded
** into a new flow with od_load_csv and published with od_publish, reads back
** the same in every format. */
static void test_roundtrip(void) {
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, DATA "?format=sdmx-csv2", NULL, &r), 200);
  Buf csv;
  buf_init(&csv, BUF_UNLIMITED);
  for (const char *p = r.body; p && *p;) { /* BH:DF_POP(1.0) -> BH:DF_RT(1.0) */
    const char *hit = strstr(p, "BH:DF_POP(1.0)");
    if (!hit) {
      buf_puts(&csv, p);
      break;
    }
    buf_append(&csv, p, (size_t)(hit - p));
    buf_puts(&csv, "BH:DF_RT(1.0)");
    p = hit + 14;
  }
  resp_free(&r);
  q_exec("INSERT INTO od_dataflow(agency, code, dsd_id, name_ar, name_en, access, created_at, created_by) VALUES"
         "('BH', 'DF_RT', %lld, 'ذهاب وإياب', 'Round trip', 'public', '2024-01-01T00:00:00Z', 'test')", (long long)dsd_of("DSD_POP"));
  q_exec("INSERT INTO od_version(dataflow_id, version, created_at, updated_at) SELECT id, '1.0', '2024-01-01T00:00:00Z', "
         "'2024-01-01T00:00:00Z' FROM od_dataflow WHERE code='DF_RT'");
  Actor who = audit_cli_actor();
  OdLoadReport rep;
  int rc = od_load_csv(g_db, &who, "BH,DF_RT", "roundtrip.csv", csv.p, csv.n, NULL, &rep);
  if (rc) printf("#   od_load_csv: %s\n", mj_errmsg());
  CHECK_EQ_INT(rc, 0);
  CHECK_EQ_INT(rep.rows, 38);
  rc = od_publish(g_db, &who, "BH,DF_RT", NULL, "round trip", (int64_t)time(NULL), NULL);
  if (rc) printf("#   od_publish: %s\n", mj_errmsg());
  CHECK_EQ_INT(rc, 0);
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/data/BH,DF_RT?format=sdmx-csv2", NULL, &r), 200);
  CHECK_STR(r.body, csv.p);
  resp_free(&r);
  buf_free(&csv);
  /* and in the other formats, the same count */
  static const char *fmts[] = {"sdmx-json", "sdmx-ml", "structurespecific", "jsonstat"};
  for (size_t i = 0; i < 4; i++) {
    char path[128];
    snprintf(path, sizeof path, "/sdmx/2.1/data/BH,DF_RT?format=%s", fmts[i]);
    CHECK_EQ_INT(get_as(NULL, path, NULL, &r), 200);
    int n = i == 0 ? check_sdmx_json(r.body) : i == 3 ? check_jsonstat(r.body) : check_sdmx_ml(r.body, r.body_len, i == 1);
    CHECK_EQ_INT(n, 38);
    resp_free(&r);
  }
}

/* Every output path of a flow, for the visibility checks. */
static const char *flow_paths[] = {
  "/sdmx/2.1/data/BH,%s",
  "/sdmx/2.1/data/BH,%s,latest/all?format=sdmx-csv",
  "/sdmx/2.1/data/%s/A..?format=sdmx-json",
  "/sdmx/2.1/data/BH,%s/all?format=structurespecific",
  "/sdmx/2.1/data/BH,%s/all?format=jsonstat",
  "/sdmx/2.1/data/BH,%s/all?format=xlsx",
  "/sdmx/2.1/data/BH,%s/all?format=csv",
  "/sdmx/2.1/dataflow/BH/%s",
  "/sdmx/2.1/dataflow/BH/%s/1.0?references=all",
  "/data/BH,%s/data.csv",
  "/data/BH,%s/csv-metadata.json",
  "/data/BH,%s/datapackage.json",
};

/* How many paths of flow `code` answer `want` for the token holder. */
static int paths_answer(const char *tok, const char *code, int want) {
  int n = 0;
  for (size_t i = 0; i < sizeof flow_paths / sizeof *flow_paths; i++) {
    char path[256];
    const char *at = strstr(flow_paths[i], "%s");
    snprintf(path, sizeof path, "%.*s%s%s", (int)(at - flow_paths[i]), flow_paths[i], code, at + 2);
    HttpResp r;
    int st = get_as(tok, path, NULL, &r);
    if (st == want) n++;
    else printf("#   %s as %s: %d, expected %d\n", path, tok ? "a user" : "anonymous", st, want);
    resp_free(&r);
  }
  return n;
}
static const int npaths = (int)(sizeof flow_paths / sizeof *flow_paths);

/* 1 when the catalogue (JSON-LD and Turtle) lists flow `code` for the token holder. */
static int catalogue_lists(const char *tok, const char *code) {
  HttpResp r;
  char want[64];
  snprintf(want, sizeof want, "/data/BH,%s\"", code);
  get_as(tok, "/catalog.jsonld", NULL, &r);
  int a = r.body && strstr(r.body, want) != NULL;
  resp_free(&r);
  snprintf(want, sizeof want, "/data/BH,%s>", code);
  get_as(tok, "/catalog.ttl", NULL, &r);
  int b = r.body && strstr(r.body, want) != NULL;
  resp_free(&r);
  if (a != b) printf("#   the JSON-LD and Turtle catalogues disagree on %s\n", code);
  return a && b;
}

static void test_access(void) {
  /* restricted: researchers and data officers */
  CHECK_EQ_INT(paths_answer(NULL, "DF_RES", 404), npaths);
  CHECK_EQ_INT(paths_answer(tok_member, "DF_RES", 404), npaths);
  CHECK_EQ_INT(paths_answer(tok_research, "DF_RES", 200), npaths);
  CHECK_EQ_INT(paths_answer(tok_officer, "DF_RES", 200), npaths);
  CHECK(!catalogue_lists(NULL, "DF_RES"));
  CHECK(catalogue_lists(tok_research, "DF_RES"));
  /* a restricted download is audited */
  CHECK(q_int("SELECT count(*) FROM audit WHERE action='dataset.download' AND user_name='res'") >= 6);
  /* non-public: data officers only */
  CHECK_EQ_INT(paths_answer(tok_research, "DF_NP", 404), npaths);
  CHECK_EQ_INT(paths_answer(tok_officer, "DF_NP", 200), npaths);
  CHECK(!catalogue_lists(tok_research, "DF_NP"));
  CHECK(catalogue_lists(tok_officer, "DF_NP"));
  /* a draft: data officers only */
  CHECK_EQ_INT(paths_answer(NULL, "DF_DRAFT", 404), npaths);
  CHECK_EQ_INT(paths_answer(tok_research, "DF_DRAFT", 404), npaths);
  CHECK_EQ_INT(paths_answer(tok_officer, "DF_DRAFT", 200), npaths);
  CHECK(!catalogue_lists(NULL, "DF_DRAFT"));
}

static void test_embargo(void) {
  if ((int64_t)time(NULL) >= emb_release) {
    printf("#   the embargo ended before the test could look (slow machine); skipping the before-release half\n");
  } else {
    CHECK_EQ_INT(paths_answer(NULL, "DF_EMB", 404), npaths);
    CHECK_EQ_INT(paths_answer(tok_research, "DF_EMB", 404), npaths);
    CHECK_EQ_INT(paths_answer(tok_member, "DF_EMB", 404), npaths);
    CHECK_EQ_INT(paths_answer(tok_officer, "DF_EMB", 200), npaths); /* data officers check it before it goes out */
    CHECK_EQ_INT(paths_answer(tok_admin, "DF_EMB", 200), npaths);
    CHECK(!catalogue_lists(NULL, "DF_EMB"));
    CHECK(!catalogue_lists(tok_research, "DF_EMB"));
    HttpResp r;
    CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/datastructure/BH/DSD_EMB", NULL, &r), 404);
    resp_free(&r);
  }
  /* wait (bounded) for the release time to pass */
  for (int i = 0; i < 100 && (int64_t)time(NULL) < emb_release; i++) poll(NULL, 0, 100);
  CHECK_EQ_INT(paths_answer(NULL, "DF_EMB", 200), npaths);
  CHECK_EQ_INT(paths_answer(tok_research, "DF_EMB", 200), npaths);
  CHECK_EQ_INT(paths_answer(tok_member, "DF_EMB", 200), npaths);
  CHECK(catalogue_lists(NULL, "DF_EMB"));
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, "/sdmx/2.1/datastructure/BH/DSD_EMB", NULL, &r), 200);
  resp_free(&r);
}

/* The DCAT-AP catalogue's content (the JSON-LD processing check is in test/cli/test_catalog.sh). */
static void test_catalogue(void) {
  HttpResp r;
  CHECK_EQ_INT(get_as(NULL, "/catalog.jsonld", NULL, &r), 200);
  CHECK_CONTAINS(r.head, "application/ld+json");
  json_t *j = json_loads(r.body, 0, NULL);
  CHECK(j != NULL);
  json_t *g = json_object_get(j, "@graph");
  json_t *ds = NULL;
  size_t i;
  json_t *n;
  json_array_foreach(g, i, n) if (strstr(json_string_value(json_object_get(n, "@id")) ?: "", "/data/BH,DF_POP")) ds = n;
  CHECK(ds != NULL);
  CHECK_STR(json_string_value(json_object_get(ds, "@type")), "dcat:Dataset");
  CHECK_EQ_INT(json_array_size(json_object_get(ds, "dct:title")), 3);
  CHECK_STR(json_string_value(json_object_get(json_object_get(ds, "dct:accessRights"), "@id")),
            "http://publications.europa.eu/resource/authority/access-right/PUBLIC");
  CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(ds, "dct:temporal"), "dcat:startDate"), "@value")),
            "2015-01-01");
  CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(ds, "dct:temporal"), "dcat:endDate"), "@value")),
            "2024-12-31");
  CHECK_STR(json_string_value(json_object_get(ds, "owl:versionInfo")), "1.0");
  CHECK_EQ_INT(json_array_size(json_object_get(ds, "dcat:theme")), 2);
  json_t *dists = json_object_get(ds, "dcat:distribution");
  CHECK_EQ_INT(json_array_size(dists), 6);
  /* the byte size of the SDMX-CSV distribution is the size of that download */
  json_t *d0 = json_array_get(dists, 0);
  const char *url = json_string_value(json_object_get(json_object_get(d0, "dcat:downloadURL"), "@id"));
  long long size = strtoll(json_string_value(json_object_get(json_object_get(d0, "dcat:byteSize"), "@value")) ?: "0", NULL, 10);
  const char *path = url ? strstr(url, "/sdmx/") : NULL;
  HttpResp f;
  CHECK_EQ_INT(path ? get_as(NULL, path, NULL, &f) : -1, 200);
  CHECK_EQ_INT((long long)f.body_len, size);
  resp_free(&f);
  /* every distribution's byteSize is the size of its download, the
  ** workbook too, fetched a second later (it used to carry the clock) */
  struct timespec pause = {1, 100000000};
  nanosleep(&pause, NULL);
  int same = 0;
  for (size_t k = 0; k < json_array_size(dists); k++) {
    json_t *dk = json_array_get(dists, k);
    const char *u = json_string_value(json_object_get(json_object_get(dk, "dcat:downloadURL"), "@id"));
    long long sz = strtoll(json_string_value(json_object_get(json_object_get(dk, "dcat:byteSize"), "@value")) ?: "-1", NULL, 10);
    const char *pth = u ? strstr(u, "/sdmx/") : NULL;
    if (pth && get_as(NULL, pth, NULL, &f) == 200) {
      if ((long long)f.body_len == sz) same++;
      else printf("#   %s: byteSize %lld, download %zu bytes\n", pth, sz, f.body_len);
      resp_free(&f);
    }
  }
  CHECK_EQ_INT(same, 6);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get_as(NULL, "/catalog.ttl", NULL, &r), 200);
  CHECK_CONTAINS(r.head, "text/turtle");
  CHECK_CONTAINS(r.body, "@prefix dcat: <http://www.w3.org/ns/dcat#> .");
  CHECK_CONTAINS(r.body, "a dcat:Catalog");
  CHECK_CONTAINS(r.body, "\"Population DF_POP\"@en");
  resp_free(&r);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (setup()) return 1;
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_embargo); /* first: its release is a few seconds after setup */
  RUN(test_formats);
  RUN(test_filters);
  RUN(test_limits);
  RUN(test_conditional);
  RUN(test_structures);
  RUN(test_access);
  RUN(test_catalogue);
  RUN(test_roundtrip);
  RUN(test_rate_limit);
  test_finish(srv);
  xmlCleanupParser();
  return DONE();
}
