/*
** test_search: search end to end over real sockets against an in-process
** server on a demo parliament (seed 7, 2026-11-23): the API's JSON shape,
** filters (speaker, type, dates), facets adding up, phrases, exclusion,
** snippets marking inflected forms and escaping injected HTML, pagination,
** errors in the one error shape, spelling suggestions, "more like this",
** and the search page.
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
#include "web.h"

static int64_t g_injected; /* the speech with <script> in it */

static int is_api_error(const HttpResp *r, int status, const char *code) {
  json_error_t e;
  json_t *j = r->body ? json_loadb(r->body, r->body_len, 0, &e) : NULL;
  json_t *er = json_object_get(j, "error");
  const char *c = json_string_value(json_object_get(er, "code"));
  const char *m = json_string_value(json_object_get(er, "message"));
  int ok = r->status == status && c && strcmp(c, code) == 0 && m && strlen(m) > 10 && json_object_size(j) == 1;
  if (!ok) printf("#   expected %d %s, got %d %s\n", status, code, r->status, r->body ? r->body : "");
  json_decref(j);
  return ok;
}

/* ---------------------------------------------------------------- tests */

static void test_finds_and_shape(void) {
  json_t *j = api("تصويت", NULL);
  CHECK(j != NULL);
  CHECK(total_of(j) > 10);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "page")), 1);
  CHECK(json_is_null(json_object_get(j, "suggestion")));
  json_t *res = results_of(j);
  CHECK(json_is_array(res) && json_array_size(res) == 20);
  json_t *h = json_array_get(res, 0);
  static const char *keys[] = {"speech_id", "sitting_id", "date", "speaker", "body", "type", "lang",
                               "snippet_html", "text_excerpt"};
  for (size_t i = 0; i < MJ_COUNT(keys); i++) {
    if (!json_object_get(h, keys[i])) printf("#   result lacks %s\n", keys[i]);
    CHECK(json_object_get(h, keys[i]) != NULL);
  }
  CHECK(json_is_string(json_object_get(json_object_get(h, "speaker"), "ar")));
  CHECK(json_is_string(json_object_get(json_object_get(h, "speaker"), "en")));
  CHECK_CONTAINS(json_string_value(json_object_get(h, "snippet_html")), "<mark>");
  json_t *f = json_object_get(j, "facets");
  static const char *facets[] = {"speaker", "party", "body", "year", "type"};
  for (size_t i = 0; i < MJ_COUNT(facets); i++) {
    json_t *l = json_object_get(f, facets[i]);
    CHECK(json_is_array(l) && json_array_size(l) >= 1 && json_array_size(l) <= 10);
    json_t *x = json_array_get(l, 0);
    CHECK(json_object_get(x, "id") && json_object_get(x, "name") && json_is_integer(json_object_get(x, "count")));
  }
  /* the type facet covers every speech: its counts add up to the total */
  json_t *types = json_object_get(f, "type");
  int sum = 0;
  for (size_t i = 0; i < json_array_size(types); i++)
    sum += (int)json_integer_value(json_object_get(json_array_get(types, i), "count"));
  CHECK_EQ_INT(sum, total_of(j));
  /* the same count as the index itself */
  /* (of the public record: drafts are never found; pubrec.h) */
  CHECK_EQ_INT(total_of(j), q_int("SELECT count(*) FROM oracle_fts WHERE oracle_fts MATCH '\"تصويت\"' "
                                  "AND rowid IN (SELECT id FROM public_speech)"));
  json_decref(j);
}

static void test_filters(void) {
  int all = 0;
  json_t *j = api("تصويت", NULL);
  all = total_of(j);
  json_decref(j);
  /* speaker by id and by name give the same speeches, all theirs */
  int64_t pid = q_int("SELECT person_id FROM speech WHERE person_id IS NOT NULL GROUP BY person_id "
                      "ORDER BY count(*) DESC LIMIT 1");
  char *name = q_str("SELECT name_en FROM person WHERE id=%lld", (long long)pid);
  char q[512];
  snprintf(q, sizeof q, "تصويت speaker:person/%lld", (long long)pid);
  j = api(q, NULL);
  int by_id = total_of(j);
  CHECK(by_id > 0 && by_id < all);
  json_t *res = results_of(j);
  for (size_t i = 0; i < json_array_size(res); i++) {
    int64_t sid = json_integer_value(json_object_get(json_array_get(res, i), "speech_id"));
    CHECK_EQ_INT(q_int("SELECT person_id FROM speech WHERE id=%lld", (long long)sid), pid);
  }
  json_decref(j);
  snprintf(q, sizeof q, "تصويت speaker:\"%s\"", name);
  j = api(q, NULL);
  CHECK_EQ_INT(total_of(j), by_id);
  json_decref(j);
  /* the speaker field of the form is merged into the query */
  char extra[512] = "speaker=";
  url_add(extra, sizeof extra, name);
  j = api("تصويت", extra);
  CHECK_EQ_INT(total_of(j), by_id);
  json_decref(j);
  free(name);
  /* type: without words, every question */
  j = api("type:question", NULL);
  int nq = (int)q_int("SELECT count(*) FROM speech WHERE kind='question'");
  CHECK(nq > 0);
  CHECK_EQ_INT(total_of(j), nq);
  res = results_of(j);
  for (size_t i = 0; i < json_array_size(res); i++)
    CHECK_STR(json_string_value(json_object_get(json_array_get(res, i), "type")), "question");
  json_decref(j);
  /* from/to on the sitting date */
  j = api("تصويت from:2026-10-01 to:2026-10-31", NULL);
  int in_oct = total_of(j);
  CHECK(in_oct > 0 && in_oct < all);
  CHECK_EQ_INT(in_oct, q_int("SELECT count(*) FROM oracle_fts JOIN speech sp ON sp.id=oracle_fts.rowid "
                             "JOIN sitting s ON s.id=sp.sitting_id WHERE oracle_fts MATCH '\"تصويت\"' "
                             "AND s.date BETWEEN '2026-10-01' AND '2026-10-31'"));
  res = results_of(j);
  for (size_t i = 0; i < json_array_size(res); i++) {
    const char *d = json_string_value(json_object_get(json_array_get(res, i), "date"));
    CHECK(d && strcmp(d, "2026-10-01") >= 0 && strcmp(d, "2026-10-31") <= 0);
  }
  json_decref(j);
  /* party: each facet entry, used as a filter, gives at least its count */
  j = api("تصويت", NULL);
  json_t *party = json_array_get(json_object_get(json_object_get(j, "facets"), "party"), 0);
  int pcount = (int)json_integer_value(json_object_get(party, "count"));
  snprintf(extra, sizeof extra, "party=party%%2F%lld", (long long)json_integer_value(json_object_get(party, "id")));
  json_decref(j);
  j = api("تصويت", extra);
  CHECK(total_of(j) >= pcount && total_of(j) < all);
  json_decref(j);
  /* sorted by date: newest first */
  j = api("تصويت", "sort=date");
  res = results_of(j);
  for (size_t i = 1; i < json_array_size(res); i++)
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(res, i - 1), "date")),
                 json_string_value(json_object_get(json_array_get(res, i), "date"))) >= 0);
  json_decref(j);
}

static void test_phrase_and_exclusion(void) {
  json_t *j = api("\"نتيجة التصويت\"", NULL);
  int fwd = total_of(j);
  json_decref(j);
  j = api("\"التصويت نتيجة\"", NULL);
  int rev = total_of(j);
  json_decref(j);
  CHECK(fwd > 0);
  CHECK_EQ_INT(rev, 0);
  /* phrases match the sequence only: fewer than both words anywhere */
  j = api("نتيجة التصويت", NULL);
  CHECK(total_of(j) >= fwd);
  json_decref(j);
  j = api("تصويت", NULL);
  int all = total_of(j);
  json_decref(j);
  j = api("تصويت -نتيجة", NULL);
  int less = total_of(j);
  CHECK(less > 0 && less < all);
  json_t *res = results_of(j);
  for (size_t i = 0; i < json_array_size(res); i++) {
    int64_t sid = json_integer_value(json_object_get(json_array_get(res, i), "speech_id"));
    CHECK_EQ_INT(q_int("SELECT instr(text, 'نتيجة') FROM speech WHERE id=%lld", (long long)sid), 0);
  }
  json_decref(j);
  /* an explicit OR is the union */
  j = api("نتيجة OR ميزانية", NULL);
  int u = total_of(j);
  json_decref(j);
  j = api("نتيجة", NULL);
  CHECK(u >= total_of(j));
  json_decref(j);
}

static void test_snippets_escape(void) {
  json_t *j = api("قرنفلي تصويت", NULL);
  json_t *h = json_array_get(results_of(j), 0);
  CHECK_EQ_INT(json_integer_value(json_object_get(h, "speech_id")), g_injected);
  const char *s = json_string_value(json_object_get(h, "snippet_html"));
  CHECK_CONTAINS(s, "<mark>والتصويت</mark>");
  CHECK_CONTAINS(s, "<mark>القرنفلي</mark>");
  CHECK_CONTAINS(s, "&lt;script&gt;");
  CHECK(s && !strstr(s, "<script"));
  CHECK_CONTAINS(json_string_value(json_object_get(h, "text_excerpt")), "<script>");
  json_decref(j);
  HttpResp r;
  CHECK(get_q("/search", "قرنفلي", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(r.body && !strstr(r.body, "<script>alert"));
  CHECK_CONTAINS(r.body, "<mark>القرنفلي</mark>");
  resp_free(&r);
}

static void test_pagination(void) {
  json_t *a = api("تصويت", "limit=5&page=1"), *b = api("تصويت", "limit=5&page=2");
  CHECK_EQ_INT(json_array_size(results_of(a)), 5);
  CHECK_EQ_INT(json_array_size(results_of(b)), 5);
  CHECK_EQ_INT(json_integer_value(json_object_get(b, "page")), 2);
  for (size_t i = 0; i < 5; i++)
    for (size_t k = 0; k < 5; k++)
      CHECK(json_integer_value(json_object_get(json_array_get(results_of(a), i), "speech_id")) !=
            json_integer_value(json_object_get(json_array_get(results_of(b), k), "speech_id")));
  int total = total_of(a);
  json_decref(a);
  json_decref(b);
  char extra[64];
  snprintf(extra, sizeof extra, "limit=10&page=%d", total / 10 + 1);
  a = api("تصويت", extra);
  CHECK_EQ_INT((int)json_array_size(results_of(a)), total % 10);
  json_decref(a);
  a = api("تصويت", "limit=10&page=400");
  CHECK_EQ_INT(json_array_size(results_of(a)), 0);
  json_decref(a);
  /* the page: 20 a page, a next link carrying the query */
  HttpResp r;
  CHECK(get_q("/search", "تصويت", NULL, &r) > 0);
  CHECK_CONTAINS(r.body, "rel=\"next\"");
  CHECK_CONTAINS(r.body, "page=2");
  CHECK_CONTAINS(r.body, "class=\"facets\"");
  CHECK_CONTAINS(r.body, "speaker=person%2F");
  CHECK_CONTAINS(r.body, "/search?like=");
  CHECK_CONTAINS(r.body, "#speech-");
  int items = 0;
  for (const char *p = r.body; (p = strstr(p, "<li class=\"hit\"")); p++) items++;
  CHECK_EQ_INT(items, 20);
  resp_free(&r);
  CHECK(get_q("/search", "تصويت", "page=2&type=speech", &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "rel=\"prev\"");
  resp_free(&r);
}

static void test_errors(void) {
  static const struct {
    const char *q, *extra;
  } bad[] = {
    {"from:2025-13-01", NULL}, {"speaker:", NULL},      {"type:nonsense", NULL}, {"b*", NULL},
    {"تصويت", "limit=0"},      {"تصويت", "limit=101"}, {"تصويت", "page=0"},     {"تصويت", "sort=random"},
    {"", NULL},                {NULL, NULL},           {"تصويت", "from=2025-02-30"},
    {"speaker:a speaker:b", NULL}, {"\"الميزانية", NULL}, {"foo:bar تصويت", NULL}, {"speaker:\"Ali", NULL},
  };
  for (size_t i = 0; i < MJ_COUNT(bad); i++) {
    HttpResp r;
    CHECK(get_q("/api/v1/search", bad[i].q, bad[i].extra, &r) > 0);
    CHECK(is_api_error(&r, 400, "invalid"));
    resp_free(&r);
  }
  /* 3 kB of query: over the 2000-byte limit */
  char *big = malloc(3001); /* the unit test sends 10 kB to the parser; a URL here must fit the client */
  memset(big, 'a', 3000);
  big[3000] = 0;
  HttpResp r;
  CHECK(get_q("/api/v1/search", big, NULL, &r) > 0);
  CHECK(r.status == 400 || r.status == 413 || r.status == 414);
  resp_free(&r);
  free(big);
  /* a %00 inside a parameter is refused, not cut short (q=a%00b searched for "a") */
  CHECK(http_req(port, "GET", "/api/v1/search?q=%D8%AA%D8%B5%D9%88%D9%8A%D8%AA%00x", NULL, NULL, 0, &r) > 0);
  CHECK(is_api_error(&r, 400, "invalid"));
  resp_free(&r);
  /* the page: 400, the search form again with the reader's words, what is
  ** wrong, and the help in the reader's language (Arabic by default) */
  CHECK(get_q("/search", "to:yesterday", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 400);
  CHECK(r.body && strstr(r.body, "<form") && strstr(r.body, "value=\"to:yesterday\""));
  CHECK(r.body && strstr(r.body, "to:yesterday is not a date"));
  CHECK(r.body && strstr(r.body, "تعذّر تنفيذ هذا البحث"));
  resp_free(&r);
  CHECK(get_q("/search", "foo:bar", "lang=az", &r) > 0);
  CHECK_EQ_INT(r.status, 400);
  CHECK(r.body && strstr(r.body, "foo: is not a filter") && strstr(r.body, "Bu axtarışı aparmaq mümkün olmadı"));
  resp_free(&r);
  /* hostile but valid: no FTS5 syntax reaches SQLite */
  static const char *odd[] = {"\"\"", "-", "*", "( ) AND NOT", "NEAR(a b)", "\"تصويت\"", "a\"b\"c", "^x", "{text}: x", "10:30"};
  for (size_t i = 0; i < MJ_COUNT(odd); i++) {
    CHECK(get_q("/api/v1/search", odd[i], NULL, &r) > 0);
    if (r.status != 200 && r.status != 400) printf("#   %s: %d\n", odd[i], r.status);
    CHECK(r.status == 200 || is_api_error(&r, 400, "invalid"));
    resp_free(&r);
  }
}

static void test_suggestion(void) {
  /* with the words as written (respell=0), nothing matches and a spelling
  ** is suggested */
  json_t *j = api("تصويط", "respell=0");
  CHECK_EQ_INT(total_of(j), 0);
  /* the nearest indexed word is the stem تصويت, which the demo never writes
  ** alone: the suggestion is its commonest spelling in the record */
  CHECK_STR(json_string_value(json_object_get(j, "suggestion")), "التصويت");
  CHECK_EQ_INT(json_array_size(json_object_get(j, "respelled")), 0);
  json_decref(j);
  HttpResp r;
  CHECK(get_q("/search", "تصويط", "respell=0", &r) > 0);
  CHECK_CONTAINS(r.body, "class=\"suggest\"");
  CHECK_CONTAINS(r.body, ">التصويت</a>");
  CHECK(strstr(r.body, "class=\"respelled\"") == NULL);
  resp_free(&r);
  j = api("zzqqxxw", NULL);
  CHECK(json_is_null(json_object_get(j, "suggestion")));
  CHECK_EQ_INT(json_array_size(json_object_get(j, "respelled")), 0);
  json_decref(j);
  /* by default the word no speech has is searched as that word (rule 3 of
  ** search_sx_respell): the speeches of the stem, and no suggestion */
  j = api("تصويط", NULL);
  json_t *stem = api("تصويت", NULL);
  CHECK(total_of(j) > 0);
  CHECK_EQ_INT(total_of(j), total_of(stem));
  json_t *rs = json_array_get(json_object_get(j, "respelled"), 0);
  CHECK_STR(json_string_value(json_object_get(rs, "word")), "تصويط");
  CHECK_STR(json_string_value(json_object_get(rs, "searched_as")), "التصويت");
  CHECK(json_is_null(json_object_get(j, "suggestion")));
  json_decref(j);
  json_decref(stem);
}

static void test_similar(void) {
  /* the speeches on agenda items: share of results on the same agenda
  ** item against the share of all speeches on it (chance) */
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db_handle(g_db),
                     "SELECT id, agenda_item_id FROM public_speech WHERE agenda_item_id IS NOT NULL AND kind='speech' "
                     "AND lang='ar' ORDER BY length(text) DESC LIMIT 8", -1, &st, NULL);
  double same = 0, chance = 0;
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0), item = sqlite3_column_int64(st, 1);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/speeches/%lld/similar", (long long)id);
    HttpResp r;
    CHECK(http_req(port, "GET", path, NULL, NULL, 0, &r) > 0);
    CHECK_EQ_INT(r.status, 200);
    json_error_t e;
    json_t *j = json_loadb(r.body, r.body_len, 0, &e);
    resp_free(&r);
    json_t *res = results_of(j);
    CHECK_EQ_INT(json_array_size(res), 10);
    CHECK(json_array_size(json_object_get(j, "terms")) >= 1 && json_array_size(json_object_get(j, "terms")) <= 12);
    CHECK_EQ_INT(json_integer_value(json_object_get(j, "speech_id")), id);
    int k = 0;
    for (size_t i = 0; i < json_array_size(res); i++) {
      int64_t other = json_integer_value(json_object_get(json_array_get(res, i), "speech_id"));
      CHECK(other != id);
      k += q_int("SELECT agenda_item_id=%lld FROM speech WHERE id=%lld", (long long)item, (long long)other) == 1;
    }
    same += (double)k / 10;
    chance += (double)(q_int("SELECT count(*) FROM speech WHERE agenda_item_id=%lld", (long long)item) - 1) /
              (double)(q_int("SELECT count(*) FROM speech") - 1);
    n++;
    json_decref(j);
  }
  sqlite3_finalize(st);
  printf("#   similar: %.2f of results on the same agenda item, chance %.2f (%d speeches)\n", same / n, chance / n, n);
  CHECK(n == 8);
  CHECK(same > chance);
  HttpResp r;
  CHECK(http_req(port, "GET", "/api/v1/speeches/999999/similar", NULL, NULL, 0, &r) > 0);
  CHECK(is_api_error(&r, 404, "not_found"));
  resp_free(&r);
  CHECK(http_req(port, "GET", "/api/v1/speeches/x/similar", NULL, NULL, 0, &r) > 0);
  CHECK(is_api_error(&r, 400, "invalid"));
  resp_free(&r);
  /* the page's "More like this" */
  CHECK(http_req(port, "GET", "/search?like=10", NULL, NULL, 0, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "class=\"like-of\"");
  CHECK_CONTAINS(r.body, "<li class=\"hit\"");
  CHECK(!strstr(r.body, "#speech-10\""));
  resp_free(&r);
}

static void test_page_languages(void) {
  HttpResp r;
  CHECK(get_q("/search", "budget", "type=question", &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "<option value=\"question\" selected>");
  resp_free(&r);
  CHECK(http_req(port, "GET", "/search", "Cookie: lang=ar\r\n", NULL, 0, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "dir=\"rtl\"");
  resp_free(&r);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (test_open_demo("search")) return 1;
  q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES("
         "(SELECT min(id) FROM sitting), 9999, (SELECT min(id) FROM person), 'speech', 'ar', "
         "'بدأ النقاش <script>alert(1)</script> حول الورد القرنفلي ثم والتصويت على المقترح & \"غيره\"')");
  g_injected = q_int("SELECT id FROM speech WHERE position=9999");
  /* an independent count to compare with: FTS5 with the same tokenizer over
  ** the speeches (Majlis keeps no FTS5 index since schema 15; this one is
  ** the test's own, built after the last change to the speeches) */
  q_exec("CREATE VIRTUAL TABLE oracle_fts USING fts5(text, content='speech', content_rowid='id', tokenize='majlis');"
         "INSERT INTO oracle_fts(oracle_fts) VALUES('rebuild')");
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_finds_and_shape);
  RUN(test_filters);
  RUN(test_phrase_and_exclusion);
  RUN(test_snippets_escape);
  RUN(test_pagination);
  RUN(test_errors);
  RUN(test_suggestion);
  RUN(test_similar);
  RUN(test_page_languages);
  test_finish(srv);
  return DONE();
}
