/*
** api_search.c: search over the JSON API (GET /api/v1/search, GET
** /api/v1/speeches/{id}/similar) and the request reading the search page
** shares with it: the query text, the filter fields merged into it, "more
** like this", page, limit, sort, recency and respell.
*/
#include <jansson.h>
#include <string.h>

#include "search.h"
#include "web_int.h"

static const char *const merged_fields[] = {"speaker", "party", "body", "type", "from", "to", "term", "session"};

int web_search_request(Req *r, int default_limit, SearchQuery *q, SearchOptions *o, int *page) {
  memset(o, 0, sizeof *o);
  long long n = 1, limit = default_limit;
  const char *ps = req_query(r, "page"), *ls = req_query(r, "limit"), *sort = req_query(r, "sort");
  if (ps && *ps && mj_parse_int(ps, 1, 500, &n))
    return mj_fail(MJ_EINVAL, "page must be a whole number from 1 to 500");
  if (ls && *ls && mj_parse_int(ls, 1, 100, &limit))
    return mj_fail(MJ_EINVAL, "limit must be a whole number from 1 to 100");
  if (sort && *sort && strcmp(sort, "relevance") != 0 && strcmp(sort, "date") != 0)
    return mj_fail(MJ_EINVAL, "sort must be relevance or date");
  const char *recency = req_query(r, "recency");
  if (recency && *recency && strcmp(recency, "0") != 0 && strcmp(recency, "1") != 0)
    return mj_fail(MJ_EINVAL, "recency must be 1 (newer sittings count more) or 0");
  const char *respell = req_query(r, "respell");
  if (respell && *respell && strcmp(respell, "0") != 0 && strcmp(respell, "1") != 0)
    return mj_fail(MJ_EINVAL, "respell must be 1 (a word no speech has is searched as the nearest one the record has) or 0");
  if ((n - 1) * limit > 10000)
    return mj_fail(MJ_EINVAL, "only the first 10000 results can be paged through; narrow the search with filters");
  *page = (int)n;
  o->limit = (int)limit;
  o->offset = (int)((n - 1) * limit);
  o->sort_date = sort && strcmp(sort, "date") == 0;
  o->facets = 1;
  o->suggest = 1;
  const char *like = req_query(r, "like");
  if (like && *like) {
    long long id;
    if (mj_parse_int(like, 1, INT64_MAX, &id)) return mj_fail(MJ_EINVAL, "like must be a speech id (a positive whole number)");
    return search_like(r->db, r->arena, id, q);
  }
  const char *text = req_query(r, "q");
  Buf b;
  buf_init(&b, SEARCH_MAX_QUERY + 1);
  if (text) buf_puts(&b, text);
  for (size_t i = 0; i < MJ_COUNT(merged_fields); i++) {
    const char *v = req_query(r, merged_fields[i]);
    if (!v || !*v) continue;
    buf_printf(&b, " %s:\"", merged_fields[i]);
    for (const char *p = v; *p; p++)
      if (*p != '"') buf_putc(&b, *p);
    buf_putc(&b, '"');
  }
  if (b.err) {
    buf_free(&b);
    return mj_fail(MJ_EINVAL, "a search may have at most %d bytes with its filters; shorten it", SEARCH_MAX_QUERY);
  }
  int rc = search_parse(r->arena, b.p ? b.p : "", q);
  buf_free(&b);
  q->recency = recency && strcmp(recency, "1") == 0; /* a ranking option, not in the query (doc/search.md) */
  q->literal = respell && strcmp(respell, "0") == 0; /* words as written (doc/search.md, "Words no speech has") */
  return rc;
}

void api_search(Req *r) {
  SearchQuery q;
  SearchOptions o;
  SearchResult res;
  int page, rc = web_search_request(r, 20, &q, &o, &page);
  if (!rc && search_query_empty(&q))
    rc = mj_fail(MJ_EINVAL, "q is empty: give words to search for, or a filter such as speaker:NAME or type:question");
  if (!rc) rc = search_run(r->db, r->arena, &q, &o, &res);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  api_reply(r, 200, search_json(r->arena, &q, &res, page));
}

void api_speech_similar(Req *r) {
  long long id;
  if (mj_parse_int(r->pathvars[0], 1, INT64_MAX, &id)) {
    reply_error(r, MJ_EINVAL, "a speech id is a positive whole number");
    return;
  }
  SearchQuery q;
  SearchResult res;
  SearchOptions o = {10, 0, 0, 0, 0};
  int rc = search_like(r->db, r->arena, id, &q);
  if (!rc) rc = search_run(r->db, r->arena, &q, &o, &res);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *j = search_json(r->arena, &q, &res, 1);
  json_object_del(j, "facets");
  json_object_del(j, "suggestion");
  json_object_del(j, "respelled");
  json_object_del(j, "page");
  json_t *terms = json_array();
  for (int i = 0; i < q.nterms; i++)
    json_array_append_new(terms, json_stringn(q.text + q.terms[i].qstart, q.terms[i].qend - q.terms[i].qstart));
  json_t *o2 = json_object();
  json_object_set_new(o2, "speech_id", json_integer(id));
  json_object_set_new(o2, "terms", terms);
  json_object_update(o2, j);
  json_decref(j);
  api_reply(r, 200, o2);
}
