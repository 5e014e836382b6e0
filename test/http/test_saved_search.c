/*
** test_saved_search: saved searches and the search synonyms' admin screen,
** end to end. A demo parliament (seed 7, 2026-11-23) is served in-process;
** two readers (ann, bob) sign in through the real form, and also hold API
** tokens; an editor keeps synonyms. Checked: the "save this search" control
** on the search page; saving, listing on /account and over the API; the
** rerun giving the same total as the search itself; the Atom feed (parsed
** by libxml2) with a speech holding markup, control characters and invalid
** UTF-8, a name with markup, new matches appearing, private (404 to anyone
** else) and shared through its token, the token dying when unshared;
** another user can neither see, rename nor delete (404, nothing changed);
** CSRF and origin refused (403, nothing changed); bad input (400/409,
** nothing saved, nothing audited); rename and delete; the synonyms screen
** for editors only, with a refused duplicate changing nothing.
*/
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <signal.h>
#include <stdint.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "synonyms.h"
#include "user.h"
#include "web.h"

#define PW "a long test password"
#define PW_FORM "a+long+test+password"

static int port;

typedef struct Sess {
  char cookie[AUTH_TOKEN_HEX + 1];
  char csrf[AUTH_TOKEN_HEX + 1];
  char token[AUTH_TOKEN_HEX + 8]; /* API token */
} Sess;

static Sess ann, bob, ed;

/* ---------------------------------------------------------------- HTTP */

static int hreq(const char *method, const char *path, const Sess *s, const char *extra, const char *ctype,
                const char *body, HttpResp *r) {
  char headers[1024];
  snprintf(headers, sizeof headers, "Accept-Language: en\r\n%s%s%s%s%s%s%s", s ? "Cookie: mj_session=" : "",
           s ? s->cookie : "", s ? "\r\n" : "", extra ? extra : "", ctype ? "Content-Type: " : "", ctype ? ctype : "",
           ctype ? "\r\n" : "");
  return http_req(port, method, path, headers, body, body ? strlen(body) : 0, r);
}

static int get(const char *path, const Sess *s, HttpResp *r) { return hreq("GET", path, s, NULL, NULL, NULL, r); }

/* A form POST from the signed-in browser s, with its CSRF token appended
** when csrf is set. */
static int post(const char *path, const Sess *s, int csrf, const char *body, HttpResp *r) {
  char b[8192];
  snprintf(b, sizeof b, "%s%s%s", body, s && csrf ? "&csrf=" : "", s && csrf ? s->csrf : "");
  return hreq("POST", path, s, NULL, "application/x-www-form-urlencoded", b, r);
}

/* An API call with s's bearer token. */
static int api(const char *method, const char *path, const Sess *s, const char *json, HttpResp *r) {
  char auth[200];
  snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", s->token);
  return hreq(method, path, NULL, auth, json ? "application/json" : NULL, json, r);
}

static int extract(const char *s, const char *marker, char end, char *out, size_t n) {
  const char *p = s ? strstr(s, marker) : NULL;
  if (!p) return 0;
  p += strlen(marker);
  const char *e = strchr(p, end);
  if (!e || (size_t)(e - p) >= n) return 0;
  memcpy(out, p, (size_t)(e - p));
  out[e - p] = 0;
  return 1;
}

static json_t *resp_json(const HttpResp *r) {
  json_error_t e;
  return r->body ? json_loadb(r->body, r->body_len, 0, &e) : NULL;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

static int make_user(const char *name, const char *role, Sess *s) {
  Actor cli = audit_cli_actor();
  memset(s, 0, sizeof *s);
  if (user_create(g_db, &cli, name, NULL, name, role, 0, PW, NULL) ||
      auth_token_create(g_db, &cli, name, "test", 0, s->token, NULL)) {
    printf("#   user %s: %s\n", name, mj_errmsg());
    return 0;
  }
  return 1;
}

static int sign_in(const char *name, Sess *s) {
  HttpResp r;
  char body[300], v[512] = "";
  snprintf(body, sizeof body, "name=%s&password=%s", name, PW_FORM);
  int st = hreq("POST", "/login", NULL, NULL, "application/x-www-form-urlencoded", body, &r);
  if (resp_header(&r, "Set-Cookie", v, sizeof v)) extract(v, "mj_session=", ';', s->cookie, sizeof s->cookie);
  resp_free(&r);
  if (st != 303 || strlen(s->cookie) != AUTH_TOKEN_HEX) {
    printf("#   sign-in of %s: status %d\n", name, st);
    return 0;
  }
  st = get("/account", s, &r);
  int ok = st == 200 && extract(r.body, "name=\"csrf\" value=\"", '"', s->csrf, sizeof s->csrf);
  resp_free(&r);
  return ok;
}

static int64_t nsaved(void) { return q_int("SELECT count(*) FROM saved_search"); }
static int64_t naudit(const char *action) { return q_int("SELECT count(*) FROM audit WHERE action=%Q", action); }

static int64_t add_speech(const char *text) {
  int64_t sit = q_int("SELECT max(id) FROM sitting");
  q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES(%lld, "
         "(SELECT coalesce(max(position),0)+1 FROM speech WHERE sitting_id=%lld), NULL, 'speech', 'en', %Q)",
         (long long)sit, (long long)sit, text);
  return q_int("SELECT max(id) FROM speech");
}

/* The id at the end of a 303's Location /searches/N (0 if none). */
static int64_t saved_id_of(const HttpResp *r) {
  char loc[200] = "";
  resp_header(r, "Location", loc, sizeof loc);
  long long id = 0;
  if (strncmp(loc, "/searches/", 10) == 0) sscanf(loc + 10, "%lld", &id);
  return id;
}

/* ---------------------------------------------------------------- tests */

static int64_t g_budget; /* ann's "Budget watch" */

static void test_search_page_control(void) {
  HttpResp r;
  CHECK_EQ_INT(get("/search?q=budget", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "href=\"/login?next=%2Fsearch%3Fq%3Dbudget\"");
  CHECK(strstr(r.body, "action=\"/searches\"") == NULL);
  resp_free(&r);
  CHECK_EQ_INT(get("/search?q=budget&sort=date&type=question", &ann, &r), 200);
  CHECK_CONTAINS(r.body, "action=\"/searches\"");
  CHECK_CONTAINS(r.body, "name=\"query\" value=\"budget type:&quot;question&quot;\"");
  CHECK_CONTAINS(r.body, "name=\"sort\" value=\"date\"");
  CHECK_CONTAINS(r.body, ann.csrf);
  resp_free(&r);
  /* "more like this" is not a query one can save */
  CHECK_EQ_INT(get("/search?like=1", &ann, &r), 200);
  CHECK(strstr(r.body, "action=\"/searches\"") == NULL);
  resp_free(&r);
}

static void test_save_list(void) {
  HttpResp r;
  int64_t before = naudit("savedsearch.create");
  CHECK_EQ_INT(post("/searches", &ann, 1, "name=Budget+watch&query=budget&sort=date", &r), 303);
  g_budget = saved_id_of(&r);
  resp_free(&r);
  CHECK(g_budget > 0);
  CHECK_EQ_INT(nsaved(), 1);
  CHECK_EQ_INT(naudit("savedsearch.create"), before + 1);
  char *row = q_str("SELECT name || '|' || query || '|' || sort || '|' || (share_token IS NULL) FROM saved_search WHERE id=%lld",
                    (long long)g_budget);
  CHECK_STR(row, "Budget watch|budget|date|1");
  free(row);
  /* the audit keeps no search words */
  row = q_str("SELECT summary FROM audit WHERE action='savedsearch.create' ORDER BY id DESC LIMIT 1");
  CHECK(strstr(row, "budget") == NULL);
  free(row);
  char want[80];
  snprintf(want, sizeof want, "href=\"/searches/%lld\"", (long long)g_budget);
  CHECK_EQ_INT(get("/account", &ann, &r), 200);
  CHECK_CONTAINS(r.body, "id=\"saved-searches\"");
  CHECK_CONTAINS(r.body, "Budget watch");
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  CHECK_EQ_INT(get("/searches", &ann, &r), 200);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  CHECK_EQ_INT(api("GET", "/api/v1/searches", &ann, NULL, &r), 200);
  json_t *j = resp_json(&r);
  json_t *arr = json_object_get(j, "searches");
  CHECK_EQ_INT(json_array_size(arr), 1);
  json_t *o = json_array_get(arr, 0);
  CHECK_EQ_INT(json_integer_value(json_object_get(o, "id")), g_budget);
  CHECK_STR(json_string_value(json_object_get(o, "name")), "Budget watch");
  CHECK_STR(json_string_value(json_object_get(o, "query")), "budget");
  CHECK_STR(json_string_value(json_object_get(o, "sort")), "date");
  CHECK(json_is_false(json_object_get(o, "shared")));
  CHECK(json_object_get(o, "share_token") == NULL);
  json_decref(j);
  resp_free(&r);
  /* over the API, with filters in the query */
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &ann,
                   "{\"name\":\"\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xa7\xd8\xb2\xd9\x86\xd8\xa9\",\"query\":\"budget type:question\"}", &r),
               201);
  j = resp_json(&r);
  CHECK_STR(json_string_value(json_object_get(j, "sort")), "relevance");
  CHECK_STR(json_string_value(json_object_get(j, "name")), "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xa7\xd8\xb2\xd9\x86\xd8\xa9");
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(nsaved(), 2);
}

static void test_rerun(void) {
  HttpResp r;
  /* the search itself */
  CHECK_EQ_INT(get("/api/v1/search?q=budget&sort=date", NULL, &r), 200);
  json_t *j = resp_json(&r);
  long long total = json_integer_value(json_object_get(j, "total"));
  const char *first = json_string_value(json_object_get(json_array_get(json_object_get(j, "results"), 0), "text"));
  long long first_id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "results"), 0), "speech_id"));
  (void)first;
  json_decref(j);
  resp_free(&r);
  CHECK(total > 0);
  /* the saved search rerun over the API gives the same */
  char path[120];
  snprintf(path, sizeof path, "/api/v1/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(api("GET", path, &ann, NULL, &r), 200);
  j = resp_json(&r);
  json_t *res = json_object_get(j, "results");
  CHECK_EQ_INT(json_integer_value(json_object_get(res, "total")), total);
  CHECK_EQ_INT(json_integer_value(json_object_get(json_array_get(json_object_get(res, "results"), 0), "speech_id")), first_id);
  CHECK_STR(json_string_value(json_object_get(j, "name")), "Budget watch");
  json_decref(j);
  resp_free(&r);
  /* and on its page */
  snprintf(path, sizeof path, "/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(get(path, &ann, &r), 200);
  char want[120];
  snprintf(want, sizeof want, "Speeches found: %lld<", total);
  CHECK_CONTAINS(r.body, want);
  CHECK_CONTAINS(r.body, "id=\"saved-search\"");
  CHECK_CONTAINS(r.body, "Budget watch");
  snprintf(want, sizeof want, "href=\"/searches/%lld.atom\"", (long long)g_budget);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "#speech-%lld\"", first_id);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  /* signed out: sign in first */
  CHECK_EQ_INT(get(path, NULL, &r), 303);
  char loc[200] = "";
  resp_header(&r, "Location", loc, sizeof loc);
  snprintf(want, sizeof want, "/login?next=/searches/%lld", (long long)g_budget);
  CHECK_STR(loc, want);
  resp_free(&r);
  CHECK_EQ_INT(get("/searches/abc", &ann, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(get("/searches/0", &ann, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(get("/searches/999999", &ann, &r), 404);
  resp_free(&r);
}

static int entries(const char *body) { return count(body, "<entry>"); }

static int parses(const HttpResp *r) {
  xmlDocPtr d = r->body ? xmlReadMemory(r->body, (int)r->body_len, "feed.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR) : NULL;
  if (d) xmlFreeDoc(d);
  return d != NULL;
}

static void test_feed(void) {
  add_speech("A quaggaword speech.");
  int64_t s2 = add_speech("quaggaword with controls \x01\x02 & <tags> and bad bytes \xC3\x28 \xED\xA0\x80 end");
  HttpResp r;
  CHECK_EQ_INT(post("/searches", &ann, 1, "name=Quagga+%3Cb%3E+%26+co&query=quaggaword", &r), 303);
  int64_t id = saved_id_of(&r);
  resp_free(&r);
  CHECK(id > 0);
  char path[160], want[200];
  snprintf(path, sizeof path, "/searches/%lld.atom", (long long)id);
  CHECK_EQ_INT(get(path, &ann, &r), 200);
  char ct[100] = "";
  resp_header(&r, "Content-Type", ct, sizeof ct);
  CHECK_CONTAINS(ct, "application/atom+xml");
  CHECK(parses(&r));
  CHECK_EQ_INT(entries(r.body), 2);
  CHECK_CONTAINS(r.body, "<title>Saved search: Quagga &lt;b&gt; &amp; co</title>");
  CHECK_CONTAINS(r.body, "&lt;tags&gt;");
  CHECK_CONTAINS(r.body, "\xEF\xBF\xBD");
  CHECK(strstr(r.body, "\x01") == NULL);
  snprintf(want, sizeof want, "<id>tag:majlis.test,2026:saved-search/%lld</id>", (long long)id);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "href=\"http://majlis.test/searches/%lld.atom\"", (long long)id);
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "tag:majlis.test,2026:speech/%lld<", (long long)s2);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  /* a new match appears in the feed */
  int64_t s3 = add_speech("Yet another quaggaword, later.");
  CHECK_EQ_INT(get(path, &ann, &r), 200);
  CHECK_EQ_INT(entries(r.body), 3);
  snprintf(want, sizeof want, ",2026:speech/%lld<", (long long)s3);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  /* private: nobody else reads it (signed out: sign in, whatever the id) */
  CHECK_EQ_INT(get(path, NULL, &r), 401);
  resp_free(&r);
  CHECK_EQ_INT(get("/searches/999999.atom", NULL, &r), 401);
  resp_free(&r);
  CHECK_EQ_INT(get(path, &bob, &r), 404);
  resp_free(&r);
  /* shared: anyone with the token */
  char upd[100];
  snprintf(upd, sizeof upd, "/searches/%lld", (long long)id);
  CHECK_EQ_INT(post(upd, &ann, 1, "shared=1", &r), 303);
  resp_free(&r);
  char *tok = q_str("SELECT coalesce(share_token,'') FROM saved_search WHERE id=%lld", (long long)id);
  CHECK_EQ_INT(strlen(tok), 64);
  char tpath[300];
  snprintf(tpath, sizeof tpath, "%s?token=%s", path, tok);
  CHECK_EQ_INT(get(tpath, NULL, &r), 200);
  CHECK(parses(&r));
  CHECK_EQ_INT(entries(r.body), 3);
  snprintf(want, sizeof want, "href=\"http://majlis.test/searches/%lld.atom?token=%s\"", (long long)id, tok);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  snprintf(tpath, sizeof tpath, "/searches/%lld?token=%s", (long long)id, tok);
  CHECK_EQ_INT(get(tpath, NULL, &r), 200);
  char robots[40] = "";
  resp_header(&r, "X-Robots-Tag", robots, sizeof robots);
  CHECK_STR(robots, "noindex");
  CHECK_CONTAINS(r.body, "Speeches found: 3<");
  CHECK_CONTAINS(r.body, "Quagga &lt;b&gt; &amp; co");
  CHECK(strstr(r.body, "Quagga <b>") == NULL);
  resp_free(&r);
  snprintf(tpath, sizeof tpath, "%s?token=%.63s0", path, tok); /* one hex digit wrong (or the same: then 1) */
  if (tok[63] == '0') tpath[strlen(tpath) - 1] = '1';
  CHECK_EQ_INT(get(tpath, NULL, &r), 404);
  resp_free(&r);
  /* the ann's page shows the link to share */
  CHECK_EQ_INT(get("/account", &ann, &r), 200);
  CHECK_CONTAINS(r.body, tok);
  resp_free(&r);
  /* unshared: the token is dead */
  CHECK_EQ_INT(post(upd, &ann, 1, "shared=0", &r), 303);
  resp_free(&r);
  snprintf(tpath, sizeof tpath, "%s?token=%s", path, tok);
  CHECK_EQ_INT(get(tpath, NULL, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM saved_search WHERE id=%lld AND share_token IS NULL", (long long)id), 1);
  free(tok);
}

/* Everything a refused request might have changed. */
static char *digest(void) {
  return q_str("SELECT (SELECT count(*) FROM audit) || '|' || coalesce((SELECT group_concat(x, ';') FROM (SELECT id||':'||user_id||':'||"
               "name||':'||query||':'||sort||':'||coalesce(share_token,'')||':'||updated_at AS x FROM saved_search ORDER BY id)),'')");
}

static void test_other_user(void) {
  char *before = digest();
  HttpResp r;
  char path[120];
  snprintf(path, sizeof path, "/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(get(path, &bob, &r), 404);
  CHECK(strstr(r.body, "Budget watch") == NULL);
  resp_free(&r);
  CHECK_EQ_INT(post(path, &bob, 1, "name=Mine+now", &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(post(path, &bob, 1, "shared=1", &r), 404);
  resp_free(&r);
  snprintf(path, sizeof path, "/searches/%lld/delete", (long long)g_budget);
  CHECK_EQ_INT(post(path, &bob, 1, "x=1", &r), 404);
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(api("GET", path, &bob, NULL, &r), 404);
  CHECK_CONTAINS(r.body, "\"code\":\"not_found\"");
  resp_free(&r);
  CHECK_EQ_INT(api("DELETE", path, &bob, NULL, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(api("PATCH", path, &bob, "{\"name\":\"Mine now\"}", &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(api("GET", "/api/v1/searches", &bob, NULL, &r), 200);
  CHECK_CONTAINS(r.body, "{\"searches\":[]}");
  resp_free(&r);
  CHECK_EQ_INT(get("/account", &bob, &r), 200);
  CHECK(strstr(r.body, "Budget watch") == NULL);
  CHECK_CONTAINS(r.body, "You have no saved searches");
  resp_free(&r);
  /* not signed in at all */
  CHECK_EQ_INT(hreq("GET", "/api/v1/searches", NULL, NULL, NULL, NULL, &r), 401);
  resp_free(&r);
  CHECK_EQ_INT(post("/searches", NULL, 0, "name=x&query=budget", &r), 401);
  resp_free(&r);
  char *after = digest();
  CHECK_STR(after, before);
  free(before);
  free(after);
}

static void test_csrf(void) {
  char *before = digest();
  HttpResp r;
  CHECK_EQ_INT(post("/searches", &ann, 0, "name=No+token&query=budget", &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(post("/searches", &ann, 0, "name=Wrong+token&query=budget&csrf=0000000000000000000000000000000000000000000000000000000000000000", &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(post("/searches", &ann, 0, "name=Bob%27s+token&query=budget&csrf=", &r), 403);
  resp_free(&r);
  char path[120], body[200];
  snprintf(path, sizeof path, "/searches/%lld/delete", (long long)g_budget);
  CHECK_EQ_INT(post(path, &ann, 0, "x=1", &r), 403);
  resp_free(&r);
  snprintf(body, sizeof body, "x=1&csrf=%s", bob.csrf); /* another session's token */
  CHECK_EQ_INT(post(path, &ann, 0, body, &r), 403);
  resp_free(&r);
  /* another site's form, even with the right token */
  snprintf(body, sizeof body, "name=Evil&query=budget&csrf=%s", ann.csrf);
  CHECK_EQ_INT(hreq("POST", "/searches", &ann, "Origin: http://evil.example\r\n", "application/x-www-form-urlencoded", body, &r), 403);
  resp_free(&r);
  /* the API with the session cookie needs X-CSRF-Token */
  CHECK_EQ_INT(hreq("POST", "/api/v1/searches", &ann, NULL, "application/json", "{\"name\":\"x\",\"query\":\"budget\"}", &r), 403);
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(hreq("DELETE", path, &ann, NULL, NULL, NULL, &r), 403);
  resp_free(&r);
  char *after = digest();
  CHECK_STR(after, before);
  free(before);
  free(after);
}

static void test_bad_input(void) {
  char *before = digest();
  static char longq[2600], longname[400], body[3000];
  memset(longq, 'a', sizeof longq - 1);
  for (int i = 0; i < 101; i++) memcpy(longname + 2 * i, "\xd8\xa8", 2); /* 101 Arabic letters */
  const struct {
    const char *body;
    int status;
  } forms[] = {
    {"name=&query=budget", 400},
    {"name=+++&query=budget", 400},
    {"query=budget", 400},
    {"name=Ctl%01x&query=budget", 400},
    {"name=Bad&query=", 400},
    {"name=Bad&query=+++", 400},
    {"name=Bad", 400},
    {"name=Bad&query=budget&sort=sideways", 400},
    {"name=Bad&query=from%3A2025-13-45", 400},
    {"name=Budget+watch&query=tax", 409}, /* the name is taken */
    {"name=Budget++watch&query=tax", 409}, /* the same once white space is collapsed */
  };
  HttpResp r;
  for (size_t i = 0; i < MJ_COUNT(forms); i++) {
    int st = post("/searches", &ann, 1, forms[i].body, &r);
    if (st != forms[i].status) printf("#   %s: %d\n", forms[i].body, st);
    CHECK_EQ_INT(st, forms[i].status);
    resp_free(&r);
  }
  snprintf(body, sizeof body, "name=Long&query=%s", longq);
  CHECK_EQ_INT(post("/searches", &ann, 1, body, &r), 400);
  CHECK_CONTAINS(r.body, "at most 2000 bytes");
  resp_free(&r);
  snprintf(body, sizeof body, "name=%s&query=budget", longname);
  CHECK_EQ_INT(post("/searches", &ann, 1, body, &r), 400);
  CHECK_CONTAINS(r.body, "at most 100 characters");
  resp_free(&r);
  const struct {
    const char *json;
    int status;
  } apis[] = {
    {"{\"name\":\"x\",\"query\":", 400},
    {"[1,2]", 400},
    {"{\"name\":\"x\",\"query\":\"budget\",\"owner\":2}", 400},
    {"{\"name\":7,\"query\":\"budget\"}", 400},
    {"{\"name\":\"x\",\"query\":\"budget\",\"shared\":\"yes\"}", 400},
    {"{\"name\":\"x\"}", 400},
    {"{\"name\":\"x\\u0000y\",\"query\":\"budget\"}", 400},
    {"{\"name\":\"x\",\"query\":\"budget\",\"name\":\"y\"}", 400},
    {"{\"name\":\"Budget watch\",\"query\":\"budget\"}", 409},
  };
  for (size_t i = 0; i < MJ_COUNT(apis); i++) {
    int st = api("POST", "/api/v1/searches", &ann, apis[i].json, &r);
    if (st != apis[i].status) printf("#   %s: %d\n", apis[i].json, st);
    CHECK_EQ_INT(st, apis[i].status);
    CHECK_CONTAINS(r.body, "\"error\"");
    resp_free(&r);
  }
  char path[120];
  snprintf(path, sizeof path, "/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(post(path, &ann, 1, "shared=maybe", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(post(path, &ann, 1, "name=+", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(post(path, &ann, 1, "x=1", &r), 400); /* nothing to change */
  resp_free(&r);
  char *after = digest();
  CHECK_STR(after, before);
  free(before);
  free(after);
}

static void test_rename_delete(void) {
  HttpResp r;
  char path[120], want[120];
  snprintf(path, sizeof path, "/searches/%lld", (long long)g_budget);
  int64_t upd = naudit("savedsearch.update");
  CHECK_EQ_INT(post(path, &ann, 1, "name=State+budget&back=/searches", &r), 303);
  char loc[200] = "";
  resp_header(&r, "Location", loc, sizeof loc);
  CHECK_STR(loc, "/searches");
  resp_free(&r);
  char *nm = q_str("SELECT name FROM saved_search WHERE id=%lld", (long long)g_budget);
  CHECK_STR(nm, "State budget");
  free(nm);
  CHECK_EQ_INT(naudit("savedsearch.update"), upd + 1);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", (long long)g_budget);
  CHECK_EQ_INT(api("PATCH", path, &ann, "{\"name\":\"Budget, renamed\",\"shared\":true}", &r), 200);
  json_t *j = resp_json(&r);
  CHECK_STR(json_string_value(json_object_get(j, "name")), "Budget, renamed");
  CHECK(json_is_true(json_object_get(j, "shared")));
  CHECK_EQ_INT(strlen(json_string_value(json_object_get(j, "share_token")) ? json_string_value(json_object_get(j, "share_token")) : ""), 64);
  snprintf(want, sizeof want, "/searches/%lld?token=", (long long)g_budget);
  CHECK(json_string_value(json_object_get(j, "share_url")) && strstr(json_string_value(json_object_get(j, "share_url")), want));
  json_decref(j);
  resp_free(&r);
  /* renaming onto another of one's names is refused */
  CHECK_EQ_INT(api("PATCH", path, &ann, "{\"name\":\"Quagga <b> & co\"}", &r), 409);
  resp_free(&r);
  int64_t del = naudit("savedsearch.delete"), n = nsaved();
  CHECK_EQ_INT(api("DELETE", path, &ann, NULL, &r), 200);
  CHECK_CONTAINS(r.body, "\"deleted\":true");
  resp_free(&r);
  CHECK_EQ_INT(nsaved(), n - 1);
  CHECK_EQ_INT(naudit("savedsearch.delete"), del + 1);
  CHECK_EQ_INT(api("GET", path, &ann, NULL, &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(api("DELETE", path, &ann, NULL, &r), 404);
  resp_free(&r);
  /* and through the page's button */
  int64_t other = q_int("SELECT min(id) FROM saved_search WHERE user_id=(SELECT id FROM user WHERE name='t_ann')");
  snprintf(path, sizeof path, "/searches/%lld/delete", (long long)other);
  CHECK_EQ_INT(post(path, &ann, 1, "x=1", &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(nsaved(), n - 2);
  /* bob's own, for the matrix of who sees what */
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &bob, "{\"name\":\"Bob's\",\"query\":\"budget\"}", &r), 201);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM saved_search WHERE user_id=(SELECT id FROM user WHERE name='t_bob')"), 1);
}

/* The speech ids of a search's first page in JSON o ("results"), as text. */
static void ids_of(json_t *o, char *out, size_t n) {
  size_t k = 0;
  out[0] = 0;
  json_t *res = json_object_get(o, "results");
  for (size_t i = 0; i < json_array_size(res) && k + 24 < n; i++)
    k += (size_t)snprintf(out + k, n - k, "%lld ",
                          (long long)json_integer_value(json_object_get(json_array_get(res, i), "speech_id")));
}

/* "Favour recent sittings" is kept with a saved search (schema 17), from the
** API and from the search page's form, and running it again ranks as the
** search with recency=1 does; bad values are refused. */
static void test_recency(void) {
  HttpResp r;
  char plain[2048], recent[2048], saved[2048], path[120];
  CHECK_EQ_INT(get("/api/v1/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%B2%D8%A7%D9%86%D9%8A%D8%A9", NULL, &r), 200);
  json_t *j = resp_json(&r);
  ids_of(j, plain, sizeof plain);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get("/api/v1/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%B2%D8%A7%D9%86%D9%8A%D8%A9&recency=1", NULL, &r), 200);
  j = resp_json(&r);
  ids_of(j, recent, sizeof recent);
  json_decref(j);
  resp_free(&r);
  /* the budget (الميزانية): a word whose hits recency reorders in the demo */
  CHECK(strcmp(plain, recent) != 0); /* else this test could not tell them apart */
  /* the API */
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &ann, "{\"name\":\"Recent budget\",\"query\":\"الميزانية\",\"recency\":true}", &r),
               201);
  j = resp_json(&r);
  CHECK(json_is_true(json_object_get(j, "recency")));
  long long id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", id);
  CHECK_EQ_INT(api("GET", path, &ann, NULL, &r), 200);
  j = resp_json(&r);
  CHECK(json_is_true(json_object_get(j, "recency")));
  ids_of(json_object_get(j, "results"), saved, sizeof saved);
  json_decref(j);
  resp_free(&r);
  CHECK_STR(saved, recent);
  /* the page: the label, and the search form with the box ticked */
  snprintf(path, sizeof path, "/searches/%lld?lang=en", id);
  CHECK_EQ_INT(get(path, &ann, &r), 200);
  CHECK_CONTAINS(r.body, "Relevance, favouring recent sittings");
  CHECK_CONTAINS(r.body, "name=\"recency\" value=\"1\" checked");
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", id);
  CHECK_EQ_INT(api("DELETE", path, &ann, NULL, &r), 200);
  resp_free(&r);
  /* the search page's form keeps it too */
  CHECK_EQ_INT(get("/search?q=budget&recency=1&lang=en", &ann, &r), 200);
  CHECK_CONTAINS(r.body, "name=\"recency\" value=\"1\"><input type=\"hidden\" name=\"respell\" value=\"1\"><label for=\"ss-name\"");
  resp_free(&r);
  int before = nsaved();
  CHECK_EQ_INT(post("/searches", &ann, 1, "name=Recent+form&query=budget&recency=1", &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT recency FROM saved_search WHERE name='Recent form'"), 1);
  CHECK_EQ_INT(post("/searches", &ann, 1, "name=Bad+recency&query=budget&recency=7", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &ann, "{\"name\":\"Bad\",\"query\":\"budget\",\"recency\":\"yes\"}", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(nsaved(), before + 1); /* the refused ones changed nothing */
  q_exec("DELETE FROM saved_search WHERE name='Recent form'");
}

/* A saved search keeps "the words as written" (respell=0, schema 19): its
** rerun, its page and its feed search as written, by the API and the form. */
static void test_respell_kept(void) {
  HttpResp r;
  /* تصويط is in no speech: respelt as التصويت unless respell=0 */
  CHECK_EQ_INT(get("/api/v1/search?q=%D8%AA%D8%B5%D9%88%D9%8A%D8%B7", NULL, &r), 200);
  json_t *j = resp_json(&r);
  int respelt = (int)json_integer_value(json_object_get(j, "total"));
  CHECK(respelt > 0);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &ann, "{\"name\":\"Typo as written\",\"query\":\"تصويط\",\"respell\":false}", &r),
               201);
  j = resp_json(&r);
  CHECK(json_is_false(json_object_get(j, "respell")));
  long long id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  resp_free(&r);
  char path[120];
  snprintf(path, sizeof path, "/api/v1/searches/%lld", id);
  CHECK_EQ_INT(api("GET", path, &ann, NULL, &r), 200);
  j = resp_json(&r);
  CHECK(json_is_false(json_object_get(j, "respell")));
  json_t *res = json_object_get(j, "results");
  CHECK_EQ_INT(json_integer_value(json_object_get(res, "total")), 0);
  CHECK_EQ_INT(json_array_size(json_object_get(res, "respelled")), 0);
  json_decref(j);
  resp_free(&r);
  snprintf(path, sizeof path, "/searches/%lld?lang=en", id);
  CHECK_EQ_INT(get(path, &ann, &r), 200);
  CHECK(strstr(r.body, "class=\"respelled\"") == NULL);
  CHECK_CONTAINS(r.body, "class=\"suggest\""); /* nothing found as written: did you mean */
  CHECK_CONTAINS(r.body, "Relevance · the words as written");
  resp_free(&r);
  CHECK_EQ_INT(get("/searches?lang=en", &ann, &r), 200); /* the list says it too */
  CHECK_CONTAINS(r.body, "Relevance · the words as written");
  resp_free(&r);
  snprintf(path, sizeof path, "/searches/%lld.atom", id);
  CHECK_EQ_INT(get(path, &ann, &r), 200);
  CHECK(strstr(r.body, "<entry>") == NULL);
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", id);
  CHECK_EQ_INT(api("DELETE", path, &ann, NULL, &r), 200);
  resp_free(&r);
  /* without the field: respelt, as a search */
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &ann, "{\"name\":\"Typo respelt\",\"query\":\"تصويط\"}", &r), 201);
  j = resp_json(&r);
  CHECK(json_is_true(json_object_get(j, "respell")));
  id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  resp_free(&r);
  snprintf(path, sizeof path, "/api/v1/searches/%lld", id);
  CHECK_EQ_INT(api("GET", path, &ann, NULL, &r), 200);
  j = resp_json(&r);
  CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(j, "results"), "total")), respelt);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(api("DELETE", path, &ann, NULL, &r), 200);
  resp_free(&r);
  /* the search page's save form carries it, and so does its feed link */
  CHECK_EQ_INT(get("/search?q=%D8%AA%D8%B5%D9%88%D9%8A%D8%B7&respell=0&lang=en", &ann, &r), 200);
  CHECK_CONTAINS(r.body, "name=\"respell\" value=\"0\"");
  CHECK_CONTAINS(r.body, "/search.atom?q=%D8%AA%D8%B5%D9%88%D9%8A%D8%B7&amp;respell=0");
  resp_free(&r);
  CHECK_EQ_INT(get("/search.atom?q=%D8%AA%D8%B5%D9%88%D9%8A%D8%B7&respell=0", NULL, &r), 200);
  CHECK(strstr(r.body, "<entry>") == NULL);
  CHECK_CONTAINS(r.body, "respell=0");
  resp_free(&r);
  CHECK_EQ_INT(get("/search.atom?q=%D8%AA%D8%B5%D9%88%D9%8A%D8%B7", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "<entry>");
  resp_free(&r);
  int before = nsaved();
  CHECK_EQ_INT(post("/searches", &ann, 1, "name=Form+as+written&query=%D8%AA%D8%B5%D9%88%D9%8A%D8%B7&respell=0", &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT literal FROM saved_search WHERE name='Form as written'"), 1);
  CHECK_EQ_INT(post("/searches", &ann, 1, "name=Bad+respell&query=budget&respell=no", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(api("POST", "/api/v1/searches", &ann, "{\"name\":\"Bad\",\"query\":\"budget\",\"respell\":0}", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(nsaved(), before + 1); /* the refused ones changed nothing */
  q_exec("DELETE FROM saved_search WHERE name='Form as written'");
}

static void test_synonyms_screen(void) {
  HttpResp r;
  CHECK_EQ_INT(get("/admin/search/synonyms", &ann, &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(get("/admin/search/synonyms", NULL, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ann, 1, "action=add-group&terms=a%0Ab", &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym"), 0);
  CHECK_EQ_INT(get("/admin/search/synonyms", &ed, &r), 200);
  CHECK_CONTAINS(r.body, "No synonyms yet.");
  resp_free(&r);
  /* Ahmed, أحمد, Ahmad, and a term with markup */
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1,
                    "action=add-group&lang=&terms=Ahmed%0D%0A%D8%A3%D8%AD%D9%85%D8%AF%0A%0A++Ahmad++%0A%3Cscript%3E+x", &r),
               303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym WHERE grp=1"), 4);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym WHERE term='Ahmad' AND created_by='t_ed'"), 1);
  CHECK_EQ_INT(naudit("synonym.group_add"), 1);
  CHECK_EQ_INT(get("/admin/search/synonyms", &ed, &r), 200);
  CHECK_CONTAINS(r.body, "&lt;script&gt; x");
  CHECK(strstr(r.body, "<script> x") == NULL);
  CHECK_CONTAINS(r.body, "\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF");
  resp_free(&r);
  /* احمد is أحمد for search: refused, nothing changed */
  int64_t audits = q_int("SELECT count(*) FROM audit");
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=add-group&terms=%D8%A7%D8%AD%D9%85%D8%AF%0AAhmet", &r), 409);
  CHECK_CONTAINS(r.body, "already in another synonym group");
  CHECK_CONTAINS(r.body, "<bdi dir=\"auto\">&quot;\xD8\xA7\xD8\xAD\xD9\x85\xD8\xAF&quot; (Group 1: &quot;\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF&quot;)</bdi>");
  CHECK_CONTAINS(r.body, "Ahmet"); /* the input is shown again */
  resp_free(&r);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=add-term&group=1&term=AHMED", &r), 409);
  resp_free(&r);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=add-term&group=99&term=Akhmed", &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=add-group&terms=Solo", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=explode", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 0, "action=add-term&group=1&term=Akhmed", &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym"), 4);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit"), audits);
  /* add and remove */
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=add-term&group=1&term=Akhmed&lang=en", &r), 303);
  resp_free(&r);
  int64_t tid = q_int("SELECT id FROM search_synonym WHERE term='Akhmed' AND lang='en'");
  CHECK(tid > 0);
  char body[100];
  snprintf(body, sizeof body, "action=remove-term&id=%lld", (long long)tid);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, body, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym"), 4);
  CHECK_EQ_INT(post("/admin/search/synonyms", &ed, 1, "action=remove-group&group=1", &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym"), 0);
  CHECK_EQ_INT(naudit("synonym.group_remove"), 1);
  /* the editor's account page links to the screen; a reader's does not */
  CHECK_EQ_INT(get("/account", &ed, &r), 200);
  CHECK_CONTAINS(r.body, "href=\"/admin/search/synonyms\"");
  resp_free(&r);
  CHECK_EQ_INT(get("/account", &ann, &r), 200);
  CHECK(strstr(r.body, "href=\"/admin/search/synonyms\"") == NULL);
  resp_free(&r);
}

/* A form POST from the editor's browser in language lang (Accept-Language). */
static int post_lang(const char *lang, const char *body, HttpResp *r) {
  char b[4096], extra[128];
  snprintf(b, sizeof b, "%s&csrf=%s", body, ed.csrf);
  snprintf(extra, sizeof extra, "Cookie: mj_session=%s\r\n", ed.cookie);
  char headers[1024];
  snprintf(headers, sizeof headers, "Accept-Language: %s\r\n%sContent-Type: application/x-www-form-urlencoded\r\n", lang,
           extra);
  return http_req(port, "POST", "/admin/search/synonyms", headers, b, strlen(b), r);
}

/* The synonyms screen says why it refused a change in the reader's
** language (the domain's English message is for the command line only):
** a term already in a group (with the term, the group and its stored
** form beside the sentence), a group of one term, an unknown group, an
** unknown action; Arabic, Azerbaijani and English. */
static void test_synonyms_screen_messages(void) {
  Actor cli = audit_cli_actor();
  Arena *a = arena_new();
  const char *terms[] = {"\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF", "Ahmed"}; /* أحمد */
  int64_t g = 0;
  CHECK_EQ_INT(synonyms_add_group(g_db, &cli, a, terms, 2, NULL, &g), MJ_OK);
  char grp[48];
  snprintf(grp, sizeof grp, " %lld: ", (long long)g);
  HttpResp r;
  /* احمد (the same term as أحمد for search) and foo */
  CHECK_EQ_INT(post_lang("ar", "action=add-group&terms=%D8%A7%D8%AD%D9%85%D8%AF%0Afoo", &r), 409);
  CHECK_CONTAINS(r.body, "هذا المصطلح موجود في مجموعة مرادفات أخرى؛ لا ينتمي المصطلح إلا إلى مجموعة واحدة:");
  CHECK_CONTAINS(r.body, "&quot;احمد&quot; (المجموعة");
  CHECK_CONTAINS(r.body, grp);
  CHECK(strstr(r.body, "already in") == NULL);
  CHECK(strstr(r.body, "a term belongs to one group only") == NULL);
  resp_free(&r);
  static const struct {
    const char *lang, *body;
    int status;
    const char *shown, *not_shown; /* not_shown: the English message, NULL: not checked */
  } t[] = {
    {"ar", "action=add-group&terms=onlyone", 400, "تحتاج مجموعة المرادفات إلى مصطلحين على الأقل.",
     "needs at least two terms"},
    {"az", "action=add-group&terms=onlyone", 400, "Sinonim qrupunda ən azı iki termin olmalıdır.", NULL},
    {"en", "action=add-group&terms=onlyone", 400, "A synonym group needs at least two terms.", NULL},
    {"ar", "action=add-term&group=999&term=Akhmed", 404,
     "لا توجد مجموعة مرادفات بهذا الرقم: <bdi dir=\"auto\">999</bdi>", "there is no synonym group"},
    {"ar", "action=add-term&group=x&term=Akhmed", 400, "أي مجموعة؟ اذكر رقم المجموعة.", NULL},
    {"az", "action=explode", 400, "Naməlum dəyişiklik: qrup və ya termin əlavə edin, ya da birini silin.",
     "action must be"},
    {"ar", "action=add-group&terms=%21%3F%21%0Afoo", 400, /* "!?!" */
     "هذا المصطلح ليس فيه حرف ولا رقم: <bdi dir=\"auto\">&quot;!?!&quot;</bdi>", NULL},
  };
  for (size_t i = 0; i < MJ_COUNT(t); i++) {
    CHECK_EQ_INT(post_lang(t[i].lang, t[i].body, &r), t[i].status);
    CHECK_CONTAINS(r.body, t[i].shown);
    if (t[i].not_shown) CHECK(strstr(r.body, t[i].not_shown) == NULL);
    resp_free(&r);
  }
  CHECK_EQ_INT(q_int("SELECT count(*) FROM search_synonym"), 2); /* nothing changed */
  /* the command line keeps the English message */
  const char *dup[] = {"\xD8\xA7\xD8\xAD\xD9\x85\xD8\xAF", "foo"};
  CHECK_EQ_INT(synonyms_add_group(g_db, &cli, a, dup, 2, NULL, NULL), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "is already in synonym group");
  CHECK_EQ_INT(synonyms_remove_group(g_db, &cli, g, NULL), MJ_OK);
  arena_free(a);
}

/* The search's total for q over the API (-1 on failure). */
static long long api_total(const char *q) {
  char path[300];
  Buf u;
  buf_init(&u, 1024);
  for (const unsigned char *p = (const unsigned char *)q; *p; p++) buf_printf(&u, "%%%02X", *p);
  snprintf(path, sizeof path, "/api/v1/search?q=%s", u.p ? u.p : "");
  buf_free(&u);
  HttpResp r;
  long long t = -1;
  if (get(path, NULL, &r) == 200) {
    json_t *j = resp_json(&r);
    t = json_integer_value(json_object_get(j, "total"));
    json_decref(j);
  }
  resp_free(&r);
  return t;
}

/* The server applies the groups as they are now, also right after a term
** was removed and another added with no search in between (the search
** core keeps the groups until the row count or largest id changes; ids
** are never reused, so that pair always changes). */
static void test_synonyms_applied(void) {
  Actor cli = audit_cli_actor();
  Arena *a = arena_new();
  const char *w1 = "الميزانية", *w2 = "المجلس";
  long long t1 = api_total(w1), t2 = api_total(w2);
  CHECK(t1 > 0 && t2 > 0 && t1 != t2);
  CHECK_EQ_INT(api_total("qqvariantq"), 0);
  const char *terms[] = {"qqvariantq", w1};
  int64_t g = 0;
  CHECK_EQ_INT(synonyms_add_group(g_db, &cli, a, terms, 2, NULL, &g), MJ_OK);
  CHECK_EQ_INT(api_total("qqvariantq"), t1);
  CHECK_EQ_INT(synonyms_remove_term(g_db, &cli, a, 0, w1, NULL), MJ_OK);
  if (synonyms_add_terms(g_db, &cli, a, g, &w2, 1, NULL)) {
    printf("#   %s\n", mj_errmsg());
    CHECK(0);
  }
  CHECK_EQ_INT(api_total("qqvariantq"), t2);
  CHECK_EQ_INT(synonyms_remove_group(g_db, &cli, g, NULL), MJ_OK);
  CHECK_EQ_INT(api_total("qqvariantq"), 0);
  arena_free(a);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  xmlInitParser();
  i18n_init();
  if (test_open_demo("savedsearch")) return 1;
  /* links in feeds are made from public_url */
  if (db_meta_set(g_db, "require_totp", "0") || db_meta_set(g_db, "public_url", "http://majlis.test") || !make_user("t_ann", "staff", &ann) || !make_user("t_bob", "member", &bob) ||
      !make_user("t_ed", "editor", &ed)) {
    printf("not ok - setup: %s\n", mj_errmsg());
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  if (!sign_in("t_ann", &ann) || !sign_in("t_bob", &bob) || !sign_in("t_ed", &ed)) {
    printf("not ok - sign-in\n");
    test_finish(srv);
    return 1;
  }
  RUN(test_search_page_control);
  RUN(test_save_list);
  RUN(test_rerun);
  RUN(test_feed);
  RUN(test_other_user);
  RUN(test_csrf);
  RUN(test_bad_input);
  RUN(test_rename_delete);
  RUN(test_recency);
  RUN(test_respell_kept);
  RUN(test_synonyms_screen);
  RUN(test_synonyms_screen_messages);
  RUN(test_synonyms_applied);
  test_finish(srv);
  xmlCleanupParser();
  return DONE();
}
