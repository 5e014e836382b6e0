/*
** test_search_filters: the search filters of issue #6 end to end, over real
** sockets against an in-process server on a demo parliament (seed 7,
** 2026-11-23): type:vote (vote events found by their titles and their
** agenda items' titles through the analyzer, with the other filters, the
** result and counts, the type facet's "vote" row, the page and the feed),
** the form's term and session fields (select lists, merged into the query
** like the other fields), and recency (recency=1 puts a newer, equally
** relevant speech first; without it the order is by relevance). Every
** expected count comes from SQL over the same database.
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

static int64_t g_old2, g_new1, g_old_eq, g_new_eq; /* the recency fixture's speeches */

/* Closed votes whose title or agenda item's title has `like` (a LIKE
** pattern) and satisfy the extra SQL condition `cond` (over v and s). */
#define VOTES_WHERE(like)                                                                          \
  "FROM vote_event v JOIN sitting s ON s.id=v.sitting_id LEFT JOIN agenda_item a ON a.id=v.agenda_item_id " \
  "WHERE v.status='closed' AND (v.title LIKE '" like "' OR coalesce(a.title,'') LIKE '" like "') "

/* ---------------------------------------------------------------- type:vote */

static void test_vote_finds_titles(void) {
  /* the reviewer's query: it was a 400 "type:vote is not a kind of speech" */
  json_t *j = api("type:vote الموافقة", NULL);
  CHECK(j != NULL);
  int want = (int)q_int("SELECT count(*) " VOTES_WHERE("%%موافق%%"));
  CHECK(want > 3);
  CHECK_EQ_INT(total_of(j), want);
  json_t *res = results_of(j);
  CHECK(json_array_size(res) > 0);
  for (size_t i = 0; i < json_array_size(res); i++) {
    json_t *h = json_array_get(res, i);
    CHECK_STR(json_string_value(json_object_get(h, "type")), "vote");
    CHECK(json_is_null(json_object_get(h, "speech_id")));
    int64_t id = json_integer_value(json_object_get(h, "vote_id"));
    CHECK(id > 0);
    char url[64];
    snprintf(url, sizeof url, "/votes/%lld", (long long)id);
    CHECK_STR(json_string_value(json_object_get(h, "url")), url);
    /* the result and the counts are the vote's own */
    char *result = q_str("SELECT result FROM vote_event WHERE id=%lld", (long long)id);
    CHECK_STR(json_string_value(json_object_get(h, "result")), result);
    json_t *c = json_object_get(h, "counts");
    CHECK_EQ_INT(json_integer_value(json_object_get(c, "yes")), q_int("SELECT yes_count FROM vote_event WHERE id=%lld", (long long)id));
    CHECK_EQ_INT(json_integer_value(json_object_get(c, "no")), q_int("SELECT no_count FROM vote_event WHERE id=%lld", (long long)id));
    char *title = q_str("SELECT title FROM vote_event WHERE id=%lld", (long long)id);
    CHECK_STR(json_string_value(json_object_get(h, "title")), title);
    char tail[96];
    snprintf(tail, sizeof tail, "%s: yes %lld, no %lld", result,
             (long long)q_int("SELECT yes_count FROM vote_event WHERE id=%lld", (long long)id),
             (long long)q_int("SELECT no_count FROM vote_event WHERE id=%lld", (long long)id));
    CHECK_CONTAINS(json_string_value(json_object_get(h, "snippet_html")), tail);
    CHECK_CONTAINS(json_string_value(json_object_get(h, "snippet_html")), "<mark>");
    CHECK_EQ_INT(json_integer_value(json_object_get(h, "sitting_id")),
                 q_int("SELECT sitting_id FROM vote_event WHERE id=%lld", (long long)id));
    free(result);
    free(title);
  }
  /* ranked: scores never rise */
  for (size_t i = 1; i < json_array_size(res); i++)
    CHECK(json_real_value(json_object_get(json_array_get(res, i), "score")) <=
          json_real_value(json_object_get(json_array_get(res, i - 1), "score")) + 1e-12);
  /* facets: type is "vote" alone, years and bodies add up, no speakers */
  json_t *f = json_object_get(j, "facets");
  json_t *types = json_object_get(f, "type");
  CHECK_EQ_INT(json_array_size(types), 1);
  CHECK_STR(json_string_value(json_object_get(json_array_get(types, 0), "id")), "vote");
  CHECK_EQ_INT(json_integer_value(json_object_get(json_array_get(types, 0), "count")), want);
  int sum = 0;
  json_t *bodies = json_object_get(f, "body");
  for (size_t i = 0; i < json_array_size(bodies); i++)
    sum += (int)json_integer_value(json_object_get(json_array_get(bodies, i), "count"));
  CHECK_EQ_INT(sum, want);
  CHECK_EQ_INT(json_array_size(json_object_get(f, "speaker")), 0);
  json_decref(j);
  /* an agenda item's title counts too: a word only there */
  j = api("type:vote المبكرة", NULL);
  CHECK_EQ_INT(total_of(j), q_int("SELECT count(*) " VOTES_WHERE("%%المبكرة%%")));
  CHECK(total_of(j) >= 1 || q_int("SELECT count(*) FROM agenda_item WHERE title LIKE '%%المبكرة%%'") == 0);
  json_decref(j);
  /* the type field of the form and the API does the same */
  j = api("الموافقة", "type=vote");
  CHECK_EQ_INT(total_of(j), want);
  json_decref(j);
}

static void test_vote_language(void) {
  int both = (int)q_int("SELECT count(*) " VOTES_WHERE("%%موافق%%") "AND (v.title LIKE '%%بيئ%%' OR "
                        "coalesce(a.title,'') LIKE '%%بيئ%%')");
  int agree = (int)q_int("SELECT count(*) " VOTES_WHERE("%%موافق%%"));
  int env = (int)q_int("SELECT count(*) " VOTES_WHERE("%%بيئ%%"));
  if (!(both > 0 && env > both)) printf("#   agree %d, environment %d, both %d\n", agree, env, both);
  CHECK(both > 0 && env > both);
  /* exclusion */
  json_t *j = api("type:vote الموافقة -البيئة", NULL);
  CHECK_EQ_INT(total_of(j), agree - both);
  json_decref(j);
  /* AND through a phrase and a word */
  j = api("type:vote \"قانون البيئة\" الموافقة", NULL);
  CHECK_EQ_INT(total_of(j), q_int("SELECT count(*) " VOTES_WHERE("%%قانون البيئة%%") "AND (v.title LIKE '%%موافق%%' "
                                  "OR coalesce(a.title,'') LIKE '%%موافق%%')"));
  CHECK(total_of(j) > 0 && total_of(j) < both);
  json_decref(j);
  /* OR of two words: the union */
  j = api("type:vote الموافقة OR البيئة", NULL);
  CHECK_EQ_INT(total_of(j), agree + env - both);
  json_decref(j);
  /* a stem: "بيئة" finds "البيئة" and "والبيئة"; the exact form does not */
  j = api("type:vote بيئة", NULL);
  CHECK_EQ_INT(total_of(j), env);
  json_decref(j);
  j = api("type:vote =بيئة", NULL);
  CHECK_EQ_INT(total_of(j), 0);
  json_decref(j);
  /* a prefix */
  j = api("type:vote البيئ*", NULL);
  CHECK_EQ_INT(total_of(j), env);
  json_decref(j);
  /* filters alone: every closed vote, newest first */
  j = api("type:vote", NULL);
  CHECK_EQ_INT(total_of(j), q_int("SELECT count(*) FROM vote_event WHERE status='closed'"));
  json_t *res = results_of(j);
  for (size_t i = 1; i < json_array_size(res); i++)
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(res, i - 1), "date")),
                 json_string_value(json_object_get(json_array_get(res, i), "date"))) >= 0);
  json_decref(j);
  /* an open vote is never found (no result yet, as /votes) */
  int64_t open = q_int("SELECT coalesce(max(id),0) FROM vote_event WHERE status='open'");
  if (open) {
    j = api("type:vote", "limit=100");
    res = results_of(j);
    for (size_t i = 0; i < json_array_size(res); i++)
      CHECK(json_integer_value(json_object_get(json_array_get(res, i), "vote_id")) != open);
    json_decref(j);
  }
}

static void test_vote_filters(void) {
  /* dates */
  char *mid = q_str("SELECT s.date FROM vote_event v JOIN sitting s ON s.id=v.sitting_id WHERE v.status='closed' "
                    "ORDER BY s.date LIMIT 1 OFFSET (SELECT count(*)/2 FROM vote_event WHERE status='closed')");
  char q[256];
  snprintf(q, sizeof q, "type:vote from:%s", mid);
  json_t *j = api(q, NULL);
  int after = (int)q_int("SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id WHERE v.status='closed' "
                         "AND s.date>='%q'", mid);
  CHECK(after > 0);
  CHECK_EQ_INT(total_of(j), after);
  json_decref(j);
  snprintf(q, sizeof q, "type:vote to:%s", mid);
  j = api(q, NULL);
  CHECK_EQ_INT(total_of(j), q_int("SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id "
                                  "WHERE v.status='closed' AND s.date<='%q'", mid));
  json_decref(j);
  free(mid);
  /* speaker: the votes in which that member cast a ballot */
  int64_t who = q_int("SELECT b.person_id FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id WHERE v.status='closed' "
                      "GROUP BY b.person_id ORDER BY count(*), b.person_id LIMIT 1");
  int cast = (int)q_int("SELECT count(*) FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id WHERE v.status='closed' "
                        "AND b.person_id=%lld", (long long)who);
  CHECK(cast > 0);
  snprintf(q, sizeof q, "type:vote speaker:person/%lld", (long long)who);
  j = api(q, NULL);
  CHECK_EQ_INT(total_of(j), cast);
  json_decref(j);
  /* body: */
  int64_t body = q_int("SELECT s.body_id FROM vote_event v JOIN sitting s ON s.id=v.sitting_id WHERE v.status='closed' "
                       "GROUP BY s.body_id ORDER BY count(*), s.body_id LIMIT 1");
  snprintf(q, sizeof q, "type:vote body:body/%lld", (long long)body);
  j = api(q, NULL);
  CHECK_EQ_INT(total_of(j), q_int("SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id "
                                  "WHERE v.status='closed' AND s.body_id=%lld", (long long)body));
  json_decref(j);
  /* term: and session: (also as the form's fields) */
  int64_t sess = q_int("SELECT se.number FROM vote_event v JOIN sitting s ON s.id=v.sitting_id "
                       "JOIN session se ON se.id=s.session_id WHERE v.status='closed' ORDER BY s.date DESC LIMIT 1");
  int in_sess = (int)q_int("SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id JOIN session se "
                           "ON se.id=s.session_id WHERE v.status='closed' AND se.number=%lld", (long long)sess);
  int64_t term = q_int("SELECT max(number) FROM term");
  snprintf(q, sizeof q, "type:vote term:%lld session:%lld", (long long)term, (long long)sess);
  j = api(q, NULL);
  CHECK(in_sess > 0);
  CHECK_EQ_INT(total_of(j), in_sess);
  json_decref(j);
  char extra[128];
  snprintf(extra, sizeof extra, "type=vote&term=%lld&session=%lld", (long long)term, (long long)sess);
  j = api("", extra);
  CHECK_EQ_INT(total_of(j), in_sess);
  json_decref(j);
  j = api("type:vote term:99", NULL);
  CHECK_EQ_INT(total_of(j), 0);
  json_decref(j);
  /* sort=date: newest first */
  j = api("type:vote الموافقة", "sort=date&limit=100");
  json_t *res = results_of(j);
  CHECK(json_array_size(res) > 1);
  for (size_t i = 1; i < json_array_size(res); i++)
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(res, i - 1), "date")),
                 json_string_value(json_object_get(json_array_get(res, i), "date"))) >= 0);
  json_decref(j);
}

static void test_vote_facet_row(void) {
  /* a search of speeches counts the votes the same words find, as a type row */
  int votes = (int)q_int("SELECT count(*) " VOTES_WHERE("%%مستهلك%%"));
  json_t *j = api("المستهلك", NULL);
  CHECK(total_of(j) > 0);
  json_t *types = json_object_get(json_object_get(j, "facets"), "type");
  int found = -1, speeches = 0;
  for (size_t i = 0; i < json_array_size(types); i++) {
    json_t *x = json_array_get(types, i);
    int c = (int)json_integer_value(json_object_get(x, "count"));
    if (strcmp(json_string_value(json_object_get(x, "id")), "vote") == 0) found = c;
    else speeches += c;
    if (i) CHECK(c <= json_integer_value(json_object_get(json_array_get(types, i - 1), "count")));
  }
  CHECK_EQ_INT(found, votes);
  CHECK_EQ_INT(speeches, total_of(j)); /* the speech kinds still add up to the total of speeches */
  /* and the hits are speeches */
  json_t *res = results_of(j);
  for (size_t i = 0; i < json_array_size(res); i++)
    CHECK(json_integer_value(json_object_get(json_array_get(res, i), "speech_id")) > 0);
  json_decref(j);
  /* with type: given, no vote row */
  j = api("المستهلك type:speech", NULL);
  types = json_object_get(json_object_get(j, "facets"), "type");
  for (size_t i = 0; i < json_array_size(types); i++)
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(types, i), "id")), "vote") != 0);
  json_decref(j);
}

static void test_vote_page_and_feed(void) {
  HttpResp r;
  CHECK(get_q("/search", "الموافقة", "type=vote", &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "<li class=\"hit hit-vote\">");
  CHECK_CONTAINS(r.body, "href=\"/votes/");
  CHECK_CONTAINS(r.body, "<option value=\"vote\" selected>");
  CHECK_CONTAINS(r.body, "class=\"tally\"");
  CHECK(!strstr(r.body, "#speech-"));
  resp_free(&r);
  /* the count says votes (English page) */
  CHECK(get_q("/search", "type:vote الموافقة", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  resp_free(&r);
  CHECK(http_req(port, "GET", "/search?q=type%3Avote&lang=en", "Cookie: lang=en\r\n", NULL, 0, &r) > 0);
  CHECK_CONTAINS(r.body, "Votes found");
  resp_free(&r);
  /* the Atom feed links votes, not speech 0 */
  CHECK(get_q("/search.atom", "type:vote الموافقة", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "/votes/");
  CHECK_CONTAINS(r.body, ":vote/");
  CHECK(!strstr(r.body, "speech/0<"));
  resp_free(&r);
  /* bad types still fail, and say vote is one */
  CHECK(get_q("/api/v1/search", "type:votes", NULL, &r) > 0);
  CHECK_EQ_INT(r.status, 400);
  CHECK_CONTAINS(r.body, "or vote");
  resp_free(&r);
}

/* ---------------------------------------------------------------- term and session fields */

static void test_form_term_session(void) {
  HttpResp r;
  CHECK(http_req(port, "GET", "/search", NULL, NULL, 0, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "<select name=\"term\">");
  CHECK_CONTAINS(r.body, "<select name=\"session\">");
  char opt[64];
  int64_t term = q_int("SELECT max(number) FROM term");
  snprintf(opt, sizeof opt, "<option value=\"%lld\">%lld (", (long long)term, (long long)term);
  CHECK_CONTAINS(r.body, opt);
  int nsess = (int)q_int("SELECT count(DISTINCT number) FROM session");
  CHECK(nsess >= 2);
  for (int s = 1; s <= nsess; s++) {
    snprintf(opt, sizeof opt, "<option value=\"%d\">%d</option>", s, s);
    CHECK_CONTAINS(r.body, opt);
  }
  CHECK_CONTAINS(r.body, "name=\"recency\"");
  resp_free(&r);
  /* the fields narrow the search like term:N session:N, and stay selected */
  int64_t sess = q_int("SELECT se.number FROM public_speech sp JOIN sitting s ON s.id=sp.sitting_id JOIN session se "
                       "ON se.id=s.session_id GROUP BY se.number ORDER BY count(*) LIMIT 1");
  char extra[128], q[128];
  snprintf(extra, sizeof extra, "term=%lld&session=%lld", (long long)term, (long long)sess);
  snprintf(q, sizeof q, "تصويت term:%lld session:%lld", (long long)term, (long long)sess);
  json_t *a = api("تصويت", extra), *b = api(q, NULL), *all = api("تصويت", NULL);
  CHECK(total_of(a) > 0);
  CHECK_EQ_INT(total_of(a), total_of(b));
  CHECK(total_of(a) < total_of(all));
  json_t *res = results_of(a);
  for (size_t i = 0; i < json_array_size(res); i++)
    CHECK_EQ_INT(q_int("SELECT se.number FROM sitting s JOIN session se ON se.id=s.session_id WHERE s.id=%lld",
                       (long long)json_integer_value(json_object_get(json_array_get(res, i), "sitting_id"))),
                 sess);
  json_decref(a);
  json_decref(b);
  json_decref(all);
  CHECK(get_q("/search", "تصويت", extra, &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  snprintf(opt, sizeof opt, "<option value=\"%lld\" selected>", (long long)sess);
  CHECK_CONTAINS(r.body, opt);
  CHECK_CONTAINS(r.body, "<details class=\"filters\" open>");
  /* the facet and pager links keep them */
  snprintf(opt, sizeof opt, "term=%lld&amp;session=%lld", (long long)term, (long long)sess);
  CHECK_CONTAINS(r.body, opt);
  resp_free(&r);
  /* bad values fail with the query language's message */
  CHECK(get_q("/api/v1/search", "تصويت", "session=x", &r) > 0);
  CHECK_EQ_INT(r.status, 400);
  CHECK_CONTAINS(r.body, "session:x is not a number");
  resp_free(&r);
}

/* ---------------------------------------------------------------- recency */

static int rank_of(json_t *j, int64_t id) {
  json_t *res = results_of(j);
  for (size_t i = 0; i < json_array_size(res); i++)
    if (json_integer_value(json_object_get(json_array_get(res, i), "speech_id")) == id) return (int)i;
  return -1;
}

static void test_recency(void) {
  /* more relevant but old (the word twice, 2016) against less relevant but new (once, 2025) */
  json_t *j = api("زعفرانية", NULL);
  CHECK_EQ_INT(total_of(j), 2);
  CHECK_EQ_INT(rank_of(j, g_old2), 0);
  CHECK_EQ_INT(rank_of(j, g_new1), 1);
  double s_old = json_real_value(json_object_get(json_array_get(results_of(j), 0), "score"));
  json_decref(j);
  j = api("زعفرانية", "recency=1");
  CHECK_EQ_INT(total_of(j), 2);
  CHECK_EQ_INT(rank_of(j, g_new1), 0);
  CHECK_EQ_INT(rank_of(j, g_old2), 1);
  /* the old one's score is its relevance times 2^(-age/365): about ten years, under 1/500 */
  double s_old_rec = json_real_value(json_object_get(json_array_get(results_of(j), 1), "score"));
  CHECK(s_old_rec > 0 && s_old_rec < s_old / 500);
  json_decref(j);
  /* equally relevant (the same text): without recency the engine's order
  ** (ties by id: the older speech, inserted first), with it the newer first */
  j = api("قرنفلية", NULL);
  CHECK_EQ_INT(total_of(j), 2);
  CHECK_EQ_INT(rank_of(j, g_old_eq), 0);
  json_decref(j);
  j = api("قرنفلية", "recency=1");
  CHECK_EQ_INT(rank_of(j, g_new_eq), 0);
  CHECK_EQ_INT(rank_of(j, g_old_eq), 1);
  json_decref(j);
  /* sorting by date ignores it; a bad value fails */
  HttpResp r;
  CHECK(get_q("/api/v1/search", "زعفرانية", "recency=yes", &r) > 0);
  CHECK_EQ_INT(r.status, 400);
  CHECK_CONTAINS(r.body, "recency must be 1");
  resp_free(&r);
  /* the page's checkbox */
  CHECK(get_q("/search", "زعفرانية", "recency=1", &r) > 0);
  CHECK_EQ_INT(r.status, 200);
  CHECK_CONTAINS(r.body, "name=\"recency\" value=\"1\" checked");
  char a[64], b[64];
  snprintf(a, sizeof a, "#speech-%lld\"", (long long)g_new1);
  snprintf(b, sizeof b, "#speech-%lld\"", (long long)g_old2);
  const char *pa = strstr(r.body, a), *pb = strstr(r.body, b);
  CHECK(pa && pb && pa < pb);
  resp_free(&r);
  CHECK(get_q("/search", "زعفرانية", NULL, &r) > 0);
  pa = strstr(r.body, a);
  pb = strstr(r.body, b);
  CHECK(pa && pb && pb < pa);
  resp_free(&r);
  /* type:vote takes it too: among equal titles the newer vote first */
  j = api("type:vote \"حماية المستهلك\" الدراسة", "recency=1");
  json_t *res = results_of(j);
  for (size_t i = 1; i < json_array_size(res); i++)
    CHECK(json_real_value(json_object_get(json_array_get(res, i), "score")) <=
          json_real_value(json_object_get(json_array_get(res, i - 1), "score")) + 1e-12);
  json_decref(j);
}

static int64_t add_speech(const char *date, int number, const char *text) {
  q_exec("INSERT INTO sitting(body_id, number, date, status) VALUES((SELECT min(id) FROM organization "
         "WHERE classification='chamber'), %d, '%q', 'closed')",
         number, date);
  int64_t sitting = q_int("SELECT max(id) FROM sitting");
  q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES(%lld, 1, "
         "(SELECT min(id) FROM person), 'speech', 'ar', '%q')",
         (long long)sitting, text);
  return q_int("SELECT max(id) FROM speech");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (test_open_demo("searchfilters")) return 1;
  g_old2 = add_speech("2016-03-01", 901, "تحدث النائب عن الزعفرانية ثم عاد إلى الزعفرانية في نهاية كلمته");
  g_new1 = add_speech("2025-03-01", 902, "تحدث النائب عن الزعفرانية في نهاية كلمته اليوم");
  g_old_eq = add_speech("2016-04-01", 903, "سؤال عن الحديقة القرنفلية");
  g_new_eq = add_speech("2025-04-01", 904, "سؤال عن الحديقة القرنفلية");
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_vote_finds_titles);
  RUN(test_vote_language);
  RUN(test_vote_filters);
  RUN(test_vote_facet_row);
  RUN(test_vote_page_and_feed);
  RUN(test_form_term_session);
  RUN(test_recency);
  test_finish(srv);
  return DONE();
}
