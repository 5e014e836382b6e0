/*
** search_saved.c: saved searches on the web (domain: src/domain/
** savedsearch.h; doc/search-saved.md, "Saved searches").
**   GET  /searches                  the reader's saved searches
**   POST /searches                  save one (name, query, sort, shared)
**   GET  /searches/{id}             rerun it: the search page with its results
**   GET  /searches/{id}.atom        its newest 50 matches as an Atom feed
**   POST /searches/{id}             rename (name) and/or share (shared=1|0)
**   POST /searches/{id}/delete      delete it
**   GET, POST /api/v1/searches; GET, PATCH, DELETE /api/v1/searches/{id}
** A saved search is its owner's: anyone else gets 404, whatever the id. A
** shared one is also readable (page and feed, never changes) with
** ?token=<its share token>, which is how a feed reader, which cannot sign
** in, follows it. The rerun is the search page itself (page_search, with
** the saved query put in place of the request's), so results, snippets,
** facets and paging are the search page's; the feed is feed_search_write,
** the writer of /search.atom.
*/
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "savedsearch.h"
#include "search.h"
#include "search_saved.h"
#include "user.h"

/* ---------------------------------------------------------------- helpers */

/* The id of /searches/{id} or /searches/{id}.atom; 0 when it is neither. */
static int64_t path_saved_id(Req *r, int *atom) {
  const char *v = r->pathvars[0] ? r->pathvars[0] : "";
  size_t n = strlen(v);
  *atom = n > 5 && strcmp(v + n - 5, ".atom") == 0;
  char num[24];
  size_t k = *atom ? n - 5 : n;
  if (!k || k >= sizeof num) return 0;
  memcpy(num, v, k);
  num[k] = 0;
  long long id;
  return mj_parse_int(num, 1, INT64_MAX, &id) ? 0 : (int64_t)id;
}

/* The saved search this request may read: with ?token= a shared one, else
** one of the signed-in reader's own. */
static int readable(Req *r, int64_t id, SavedSearch *s) {
  const char *token = req_query(r, "token");
  if (token && *token) return savedsearch_get_shared(r->db, r->arena, id, token, s);
  return savedsearch_get(r->db, r->arena, &r->who.actor, id, s);
}

static int is_owner(Req *r, const SavedSearch *s) { return r->who.actor.user_id && r->who.actor.user_id == s->user_id; }

/* "?token=..." for a shared search reached by its token, else "". */
static const char *token_suffix(Req *r, const SavedSearch *s) {
  const char *t = req_query(r, "token");
  return t && *t && s->share_token ? arena_printf(r->arena, "?token=%s", s->share_token) : "";
}

static const char *sort_label(Req *r, const SavedSearch *s) {
  const char *order = s->sort && strcmp(s->sort, "date") == 0 ? T(r, "Newest first")
                      : s->recency                            ? T(r, "Relevance, favouring recent sittings")
                                                              : T(r, "Relevance");
  /* a search of the words as written (respell=0) says so beside its order */
  return s->literal ? arena_printf(r->arena, "%s · %s", order, T(r, "the words as written")) : order;
}

/* Runs s: page `page` of `limit` hits (sorted as saved, or newest first). */
static int run_saved(Req *r, const SavedSearch *s, int page, int limit, int newest, int facets, SearchQuery *q,
                     SearchResult *res) {
  int rc = search_parse(r->arena, s->query, q);
  if (rc) return rc;
  SearchOptions o;
  memset(&o, 0, sizeof o);
  o.limit = limit;
  o.offset = (page - 1) * limit;
  o.sort_date = newest || strcmp(s->sort, "date") == 0;
  q->recency = s->recency;
  q->literal = s->literal;
  o.facets = facets;
  o.suggest = facets;
  return search_run(r->db, r->arena, q, &o, res);
}

/* Only these pages are places to go back to after a change. */
static const char *back_of(Req *r, int64_t id) {
  const char *b = req_form(r, "back");
  if (b && strcmp(b, "/searches") == 0) return "/searches";
  if (b && strcmp(b, arena_printf(r->arena, "/searches/%lld", (long long)id)) == 0) return b;
  return "/account#saved-searches";
}

/* ---------------------------------------------------------------- on the search page */

void search_saved_box(Req *r, const SearchQuery *q) {
  Buf *b = &r->out;
  const char *sid = req_query(r, "saved");
  long long id;
  SavedSearch s;
  if (sid && !mj_parse_int(sid, 1, INT64_MAX, &id) && !readable(r, (int64_t)id, &s) && q->text &&
      strcmp(q->text, s.query) == 0) {
    const char *tok = token_suffix(r, &s);
    html_printf(b, "<section class=\"saved-search\" id=\"saved-search\" aria-labelledby=\"saved-search-h\">"
                "<h2 id=\"saved-search-h\">%s: <bdi dir=\"auto\">%s</bdi></h2>\n<p class=\"meta\">%s · %s</p>\n"
                "<p class=\"links\"><a type=\"application/atom+xml\" href=\"/searches/%L.atom%s\">%s</a>",
                T(r, "Saved search"), s.name, sort_label(r, &s),
                s.share_token ? T(r, "Anyone with the link may read it") : T(r, "Private"), (long long)s.id, tok,
                T(r, "Atom feed of new matches"));
    if (is_owner(r, &s)) html_printf(b, " · <a href=\"/searches\">%s</a>", T(r, "Your saved searches"));
    html_printf(b, "</p>\n");
    if (is_owner(r, &s) && s.share_token)
      html_printf(b, "<p class=\"share\">%s <code dir=\"ltr\">/searches/%L?token=%s</code></p>\n",
                  T(r, "Link to share:"), (long long)s.id, s.share_token);
    html_printf(b, "</section>\n");
    return;
  }
  if (q->like_id || !q->text || !*q->text) return;
  if (!r->who.actor.user_id) {
    Buf u;
    buf_init(&u, 1 << 16);
    html_printf(&u, "/search?q=%U", q->text);
    if (u.n < 500)
      html_printf(b, "<p class=\"links\"><a href=\"/login?next=%U\">%s</a></p>\n", u.p, T(r, "Sign in to save this search"));
    buf_free(&u);
    return;
  }
  const char *sort = req_query(r, "sort");
  int recent = q->recency && !(sort && strcmp(sort, "date") == 0);
  size_t chars = 0;
  for (const unsigned char *p = (const unsigned char *)q->text; *p; p++) chars += (*p & 0xC0) != 0x80;
  html_printf(b, "<details class=\"save-search\"><summary>%s</summary>"
              "<form method=\"post\" action=\"/searches\" class=\"stack\">",
              T(r, "Save this search"));
  page_csrf_field(r);
  html_printf(b,
              "<input type=\"hidden\" name=\"query\" value=\"%s\"><input type=\"hidden\" name=\"sort\" value=\"%R\">"
              "<input type=\"hidden\" name=\"recency\" value=\"%R\"><input type=\"hidden\" name=\"respell\" value=\"%R\">"
              "<label for=\"ss-name\">%s</label><input id=\"ss-name\" name=\"name\" required maxlength=\"100\" dir=\"auto\" "
              "value=\"%s\"><label><input type=\"checkbox\" name=\"shared\" value=\"1\"> %s</label>"
              "<button type=\"submit\">%s</button></form></details>\n",
              q->text, sort && strcmp(sort, "date") == 0 ? "date" : "relevance", recent ? "1" : "0",
              q->literal ? "0" : "1", T(r, "Name"),
              chars <= 100 ? q->text : "", T(r, "Anyone with the link may read it and follow its feed"),
              T(r, "Save"));
}

/* ---------------------------------------------------------------- the list */

/* Where the list's forms come back to: /searches when shown there. */
static void back_field(Req *r) {
  if (strcmp(r->path, "/searches") == 0) html_printf(&r->out, "<input type=\"hidden\" name=\"back\" value=\"/searches\">");
}

void search_saved_account(Req *r) {
  Buf *b = &r->out;
  SavedSearch *v;
  int n;
  if (savedsearch_list(r->db, r->arena, &r->who.actor, &v, &n)) return;
  html_printf(b, "<section id=\"saved-searches\" aria-labelledby=\"saved-searches-h\"><h2 id=\"saved-searches-h\">%s</h2>\n",
              T(r, "Saved searches"));
  if (!n)
    html_printf(b, "<p class=\"empty\">%s</p>\n",
                T(r, "You have no saved searches. Search the record, then save a search from under its results."));
  else {
    html_printf(b, "<table class=\"list saved-searches\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Name"), T(r, "Search"), T(r, "Sort by"), T(r, "Feed"), T(r, "Change"));
    for (int i = 0; i < n; i++) {
      const SavedSearch *s = &v[i];
      html_printf(b, "<tr id=\"saved-%L\"><td><a href=\"/searches/%L\"><bdi dir=\"auto\">%s</bdi></a></td>"
                  "<td><bdi dir=\"auto\">%s</bdi></td><td>%s</td><td><a type=\"application/atom+xml\" href=\"/searches/%L.atom\">%s</a>",
                  (long long)s->id, (long long)s->id, s->name, s->query, sort_label(r, s), (long long)s->id,
                  T(r, "Atom feed"));
      if (s->share_token)
        html_printf(b, "<br><span class=\"meta\">%s</span> <a type=\"application/atom+xml\" href=\"/searches/%L.atom?token=%s\">"
                    "<code dir=\"ltr\">/searches/%L.atom?token=%s</code></a>",
                    T(r, "Public feed:"), (long long)s->id, s->share_token, (long long)s->id, s->share_token);
      html_printf(b, "</td><td><form method=\"post\" action=\"/searches/%L\" class=\"inline\">", (long long)s->id);
      page_csrf_field(r);
      back_field(r);
      html_printf(b, "<label for=\"rn-%L\" class=\"vh\">%s</label><input id=\"rn-%L\" name=\"name\" required "
                  "maxlength=\"100\" dir=\"auto\" value=\"%s\"><button type=\"submit\">%s</button></form>",
                  (long long)s->id, T(r, "New name"), (long long)s->id, s->name, T(r, "Rename"));
      html_printf(b, "<form method=\"post\" action=\"/searches/%L\" class=\"inline\">", (long long)s->id);
      page_csrf_field(r);
      back_field(r);
      html_printf(b, "<input type=\"hidden\" name=\"shared\" value=\"%R\"><button type=\"submit\">%s</button></form>",
                  s->share_token ? "0" : "1", s->share_token ? T(r, "Make private") : T(r, "Share by link"));
      html_printf(b, "<form method=\"post\" action=\"/searches/%L/delete\" class=\"inline\">", (long long)s->id);
      page_csrf_field(r);
      back_field(r);
      html_printf(b, "<button type=\"submit\" class=\"danger\">%s</button></form></td></tr>\n", T(r, "Delete"));
    }
    html_printf(b, "</tbody></table>\n");
  }
  if (r->who.actor.caps & CAP_HANSARD_EDIT)
    html_printf(b, "<p><a href=\"/admin/search/synonyms\">%s</a></p>\n", T(r, "Search synonyms and spelling variants"));
  html_printf(b, "</section>\n");
}

void page_searches(Req *r) {
  page_begin(r, T(r, "Saved searches"), T(r, "Your saved searches"));
  html_printf(&r->out, "<h1>%s</h1>\n", T(r, "Your saved searches"));
  search_saved_account(r);
  html_printf(&r->out, "<p><a href=\"/search\">%s</a></p>\n", T(r, "Search the record"));
  page_end(r);
}

/* ---------------------------------------------------------------- changes */

void page_searches_create(Req *r) {
  const char *shared = req_form(r, "shared"), *recency = req_form(r, "recency"), *respell = req_form(r, "respell");
  if (recency && *recency && strcmp(recency, "0") != 0 && strcmp(recency, "1") != 0) {
    reply_error(r, MJ_EINVAL, T(r, "recency must be 1 (favour recent sittings) or 0"));
    return;
  }
  if (respell && *respell && strcmp(respell, "0") != 0 && strcmp(respell, "1") != 0) {
    reply_error(r, MJ_EINVAL, T(r, "respell must be 1 (respell words no speech has) or 0 (the words as written)"));
    return;
  }
  unsigned flags = (recency && strcmp(recency, "1") == 0 ? SAVED_RECENCY : 0) |
                   (respell && strcmp(respell, "0") == 0 ? SAVED_LITERAL : 0);
  SavedSearch s;
  int rc = savedsearch_create(r->db, &r->who.actor, r->arena, req_form(r, "name"), req_form(r, "query"),
                              req_form(r, "sort"), flags, shared && strcmp(shared, "1") == 0, &s);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, arena_printf(r->arena, "/searches/%lld", (long long)s.id));
}

void page_saved_search_update(Req *r) {
  int atom;
  int64_t id = path_saved_id(r, &atom);
  if (!id || atom) {
    reply_error(r, MJ_ENOTFOUND, "there is no saved search at this address");
    return;
  }
  const char *name = req_form(r, "name"), *shared = req_form(r, "shared");
  int sh = -1;
  if (shared && *shared) {
    if (strcmp(shared, "1") && strcmp(shared, "0")) {
      reply_error(r, MJ_EINVAL, "shared must be 1 (anyone with the link) or 0 (private)");
      return;
    }
    sh = shared[0] == '1';
  }
  int rc = savedsearch_update(r->db, &r->who.actor, r->arena, id, name, sh, NULL);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, back_of(r, id));
}

void page_saved_search_delete(Req *r) {
  int atom;
  int64_t id = path_saved_id(r, &atom);
  int rc = id && !atom ? savedsearch_delete(r->db, &r->who.actor, id)
                       : mj_fail(MJ_ENOTFOUND, "there is no saved search at this address");
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *b = back_of(r, id);
  reply_redirect(r, strcmp(b, "/searches") == 0 ? b : "/account#saved-searches");
}

/* ---------------------------------------------------------------- rerun and feed */

static void saved_feed(Req *r, const SavedSearch *s) {
  SearchQuery q;
  SearchResult res;
  int rc = run_saved(r, s, 1, 50, 1, 0, &q, &res);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *tok = token_suffix(r, s);
  feed_search_write(r, &q, &res, arena_printf(r->arena, "%s: %s", T(r, "Saved search"), s->name),
                    arena_printf(r->arena, "saved-search/%lld", (long long)s->id),
                    arena_printf(r->arena, "/searches/%lld.atom%s", (long long)s->id, tok),
                    arena_printf(r->arena, "/searches/%lld%s", (long long)s->id, tok));
}

void page_saved_search(Req *r) {
  int atom;
  int64_t id = path_saved_id(r, &atom);
  if (!id) {
    reply_error(r, MJ_ENOTFOUND, "there is no saved search at this address");
    return;
  }
  const char *token = req_query(r, "token");
  if (!atom && !r->who.actor.user_id && !(token && *token)) {
    reply_redirect(r, arena_printf(r->arena, "/login?next=/searches/%lld", (long long)id));
    return;
  }
  SavedSearch s;
  int rc = readable(r, id, &s);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  /* a link shared with some people is not for search engines */
  req_add_header(r, "X-Robots-Tag", "noindex");
  if (atom) {
    saved_feed(r, &s);
    return;
  }
  /* the search page, asked for this search: its query and sort in place of
  ** the request's, the page number kept */
  const char *page = req_query(r, "page");
  Param *p = arena_alloc(r->arena, sizeof *p * 7);
  int n = 0;
  p[n++] = (Param){"q", s.query};
  p[n++] = (Param){"sort", s.sort};
  if (s.recency) p[n++] = (Param){"recency", "1"};
  if (s.literal) p[n++] = (Param){"respell", "0"};
  p[n++] = (Param){"saved", arena_printf(r->arena, "%lld", (long long)s.id)};
  if (page && *page) p[n++] = (Param){"page", page};
  if (token && *token) p[n++] = (Param){"token", token};
  r->query = p;
  r->nquery = n;
  page_search(r);
}

/* ---------------------------------------------------------------- the API */

static json_t *saved_json(const SavedSearch *s) {
  json_t *o = json_object();
  char path[96];
  json_object_set_new(o, "id", json_integer(s->id));
  json_object_set_new(o, "name", json_string(s->name));
  json_object_set_new(o, "query", json_string(s->query));
  json_object_set_new(o, "sort", json_string(s->sort));
  json_object_set_new(o, "recency", json_boolean(s->recency));
  json_object_set_new(o, "respell", json_boolean(!s->literal));
  json_object_set_new(o, "shared", json_boolean(s->share_token != NULL));
  json_object_set_new(o, "created_at", json_string(s->created_at));
  json_object_set_new(o, "updated_at", json_string(s->updated_at));
  snprintf(path, sizeof path, "/searches/%lld", (long long)s->id);
  json_object_set_new(o, "url", json_string(path));
  snprintf(path, sizeof path, "/searches/%lld.atom", (long long)s->id);
  json_object_set_new(o, "feed_url", json_string(path));
  if (s->share_token) {
    char url[160];
    json_object_set_new(o, "share_token", json_string(s->share_token));
    snprintf(url, sizeof url, "/searches/%lld?token=%s", (long long)s->id, s->share_token);
    json_object_set_new(o, "share_url", json_string(url));
    snprintf(url, sizeof url, "/searches/%lld.atom?token=%s", (long long)s->id, s->share_token);
    json_object_set_new(o, "share_feed_url", json_string(url));
  }
  return o;
}

void api_searches(Req *r) {
  SavedSearch *v;
  int n;
  int rc = savedsearch_list(r->db, r->arena, &r->who.actor, &v, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(arr, saved_json(&v[i]));
  api_reply(r, 200, json_pack("{s:o}", "searches", arr));
}

/* The body as a JSON object with only the given fields, each of the given
** type ('s' a string without NUL, 'b' true or false); NULL (reply sent)
** otherwise. */
static json_t *body_fields(Req *r, const char *const *names, const char *types) {
  if (!r->body || !r->body_len) {
    reply_error(r, MJ_EINVAL, "send a JSON object as the request body");
    return NULL;
  }
  json_error_t err;
  json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
  if (!j || !json_is_object(j)) {
    reply_error(r, MJ_EINVAL, j ? "the request body must be a JSON object"
                                : arena_printf(r->arena, "malformed JSON at line %d column %d: %s", err.line, err.column, err.text));
    json_decref(j);
    return NULL;
  }
  const char *key;
  json_t *val;
  json_object_foreach(j, key, val) {
    int k = -1;
    for (int i = 0; names[i]; i++)
      if (strcmp(key, names[i]) == 0) k = i;
    const char *msg = NULL;
    if (k < 0) msg = arena_printf(r->arena, "unknown field \"%.60s\"", key);
    else if (types[k] == 's' && (!json_is_string(val) || strlen(json_string_value(val)) != json_string_length(val)))
      msg = arena_printf(r->arena, "\"%s\" must be a string (without NUL characters)", key);
    else if (types[k] == 'b' && !json_is_boolean(val)) msg = arena_printf(r->arena, "\"%s\" must be true or false", key);
    if (msg) {
      reply_error(r, MJ_EINVAL, msg);
      json_decref(j);
      return NULL;
    }
  }
  return j;
}

static const char *jstr(Req *r, json_t *j, const char *name) {
  const char *v = json_string_value(json_object_get(j, name));
  return v ? arena_strdup(r->arena, v) : NULL;
}

void api_searches_create(Req *r) {
  static const char *const names[] = {"name", "query", "sort", "recency", "shared", "respell", NULL};
  json_t *j = body_fields(r, names, "sssbbb");
  if (!j) return;
  const char *name = jstr(r, j, "name"), *query = jstr(r, j, "query"), *sort = jstr(r, j, "sort");
  int shared = json_is_true(json_object_get(j, "shared")), recency = json_is_true(json_object_get(j, "recency"));
  int literal = json_is_false(json_object_get(j, "respell")); /* absent: respelt, as a search */
  json_decref(j);
  SavedSearch s;
  int rc = savedsearch_create(r->db, &r->who.actor, r->arena, name, query, sort,
                              (recency ? SAVED_RECENCY : 0) | (literal ? SAVED_LITERAL : 0), shared, &s);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  req_add_header(r, "Location", arena_printf(r->arena, "/api/v1/searches/%lld", (long long)s.id));
  api_reply(r, 201, saved_json(&s));
}

static int api_id(Req *r, int64_t *id) {
  long long v;
  if (mj_parse_int(r->pathvars[0], 1, INT64_MAX, &v)) {
    reply_error(r, MJ_ENOTFOUND, "a saved search is named by its number, for example /api/v1/searches/1");
    return 0;
  }
  *id = v;
  return 1;
}

void api_saved_search(Req *r) {
  int64_t id;
  if (!api_id(r, &id)) return;
  long long page = 1, limit = 20;
  const char *ps = req_query(r, "page"), *ls = req_query(r, "limit");
  if ((ps && *ps && mj_parse_int(ps, 1, 500, &page)) || (ls && *ls && mj_parse_int(ls, 1, 100, &limit))) {
    reply_error(r, MJ_EINVAL, "page must be a whole number from 1 to 500 and limit from 1 to 100");
    return;
  }
  if ((page - 1) * limit > 10000) {
    reply_error(r, MJ_EINVAL, "only the first 10000 results can be paged through");
    return;
  }
  SavedSearch s;
  SearchQuery q;
  SearchResult res;
  int rc = savedsearch_get(r->db, r->arena, &r->who.actor, id, &s);
  if (!rc) rc = run_saved(r, &s, (int)page, (int)limit, 0, 1, &q, &res);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *o = saved_json(&s);
  json_object_set_new(o, "results", search_json(r->arena, &q, &res, (int)page));
  api_reply(r, 200, o);
}

void api_saved_search_update(Req *r) {
  int64_t id;
  if (!api_id(r, &id)) return;
  static const char *const names[] = {"name", "shared", NULL};
  json_t *j = body_fields(r, names, "sb");
  if (!j) return;
  const char *name = jstr(r, j, "name");
  json_t *sh = json_object_get(j, "shared");
  int shared = sh ? json_is_true(sh) : -1;
  json_decref(j);
  SavedSearch s;
  int rc = savedsearch_update(r->db, &r->who.actor, r->arena, id, name, shared, &s);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  api_reply(r, 200, saved_json(&s));
}

void api_saved_search_delete(Req *r) {
  int64_t id;
  if (!api_id(r, &id)) return;
  int rc = savedsearch_delete(r->db, &r->who.actor, id);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  api_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}
