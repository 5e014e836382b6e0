/*
** search_vote.c: `type:vote`, the query language over vote events (see
** search_vote.h and doc/search.md, "Votes").
**
** Why a scan and not our index: the ranking engine (sindex.c) indexes
** speeches, and a parliament holds tens of vote events a year against tens
** of thousands of speeches. Reading the closed votes the filters admit
** (one SQL query, filters as bound parameters) and analysing their titles
** on each search costs about 11 ms per thousand votes (doc/search.md,
** "Votes"), keeps the titles always current (no index to keep in step)
** and uses the very same analyzer (normal forms, stems) as the speech index.
**
** Matching follows the speech search: in a ranked query a vote matches when
** any word (function words dropped unless all are; a stem once) or prefix
** is in its titles; in a boolean one (phrases, OR) when every item of some
** OR group is; a phrase or a word of several analyzer words must match
** adjacent words; exclusions drop votes. Synonyms are not applied here.
** Ranking: BM25 (k1 1.2, b 0.75) over the words of the vote's title and its
** agenda item's title as one field, idf and average length over the votes
** the filters admit; ties and searches without words newest first.
*/
#include "search_vote.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "sindex.h"

#define VOTE_K1 1.2
#define VOTE_B 0.75
#define VOTE_MAX_UNITS (SEARCH_MAX_ITEMS + ANALYZER_MAX_QUERY_WORDS)
#define VOTE_MAX_WORDS 64 /* words of one unit (a phrase) */

double search_recency_factor(double age_days) {
  if (!(age_days > 0)) return 1.0;
  return pow(0.5, age_days / SEARCH_RECENCY_HALF_LIFE);
}

typedef struct Ranked {
  SxHit h;
  int at; /* the engine's order */
} Ranked;

static int by_recency(const void *pa, const void *pb) {
  const Ranked *x = pa, *y = pb;
  if (x->h.score != y->h.score) return x->h.score > y->h.score ? -1 : 1;
  return x->at - y->at;
}

int search_recency_rerank(Db *db, SxHit *top, int n) {
  if (n <= 0) return MJ_OK;
  sqlite3_stmt *st = db_stmt(db, "SELECT max(0, julianday('now') - julianday(s.date)) FROM speech sp"
                                 " JOIN sitting s ON s.id=sp.sitting_id WHERE sp.id=?1");
  if (!st) return MJ_EIO;
  Ranked *r = xmalloc(sizeof *r * (size_t)n);
  for (int i = 0; i < n; i++) {
    sqlite3_bind_int64(st, 1, top[i].doc);
    double age = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
    db_done(st);
    r[i].h = top[i];
    r[i].h.score *= search_recency_factor(age);
    r[i].at = i;
  }
  qsort(r, (size_t)n, sizeof *r, by_recency);
  for (int i = 0; i < n; i++) top[i] = r[i].h;
  free(r);
  return MJ_OK;
}

/* ------------------------------------------------------------------ words */

typedef struct VWord {
  char norm[128], stem[128]; /* longer forms are cut, as search.c's highlighting cuts them */
  int stop;
} VWord;

typedef struct VWords {
  VWord *w;
  int n, cap;
  int stops; /* mark function words (query words only: a title's are matched like any) */
} VWords;

static void vcopy(char *dst, size_t cap, const char *s, size_t n) {
  if (n >= cap) { /* never inside a UTF-8 sequence */
    n = cap - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, s, n);
  dst[n] = 0;
}

static int collect(void *ctx, const AnalyzerToken *t) {
  VWords *l = ctx;
  if (l->n == l->cap) {
    if (l->cap >= 1 << 16) return 1; /* a title this long is cut */
    l->cap = l->cap ? l->cap * 2 : 32;
    l->w = xrealloc(l->w, sizeof *l->w * (size_t)l->cap);
  }
  VWord *w = &l->w[l->n++];
  vcopy(w->norm, sizeof w->norm, t->norm, t->nnorm);
  vcopy(w->stem, sizeof w->stem, t->stem, t->nstem);
  w->stop = l->stops && analyzer_is_stopword(t->norm, t->nnorm);
  return 0;
}

static void words(const char *s, size_t n, VWords *l) {
  AnalyzerConfig c;
  analyzer_config_default(&c);
  l->n = 0;
  analyzer_tokenize(&c, s, n, collect, l);
}

/* ------------------------------------------------------------------ the query's units */

/* A word, or adjacent words (a phrase), to find in a vote's titles. */
typedef struct Unit {
  VWord w[VOTE_MAX_WORDS];
  int nw, exact, prefix;
  int group; /* boolean: its OR group; ranked: 0; exclusions: -1 */
} Unit;

typedef struct Units {
  Unit *u;
  int n, positive, boolean;
} Units;

static Unit *unit_add(Units *us, const VWord *w, int nw, int exact, int prefix, int group) {
  if (us->n >= VOTE_MAX_UNITS || nw <= 0) return NULL;
  Unit *u = &us->u[us->n++];
  if (nw > VOTE_MAX_WORDS) nw = VOTE_MAX_WORDS;
  memcpy(u->w, w, sizeof *w * (size_t)nw);
  u->nw = nw;
  u->exact = exact;
  u->prefix = prefix;
  u->group = group;
  if (group >= 0) us->positive++;
  return u;
}

static void units_of(const SearchQuery *q, Units *us) {
  memset(us, 0, sizeof *us);
  us->u = xcalloc(VOTE_MAX_UNITS, sizeof *us->u);
  us->boolean = q->boolean;
  const char *text = q->text ? q->text : "";
  VWords l = {NULL, 0, 0, 1};
  if (!q->boolean) {
    /* ranked: every word of the word items, as the speech search reads them */
    VWords all = {NULL, 0, 0, 1};
    for (int i = 0; i < q->nitems; i++) {
      const SearchItem *it = &q->items[i];
      if (it->exclude || it->kind != SEARCH_WORD) continue;
      words(text + it->s, it->e - it->s, &l);
      for (int j = 0; j < l.n && all.n < ANALYZER_MAX_QUERY_WORDS; j++) {
        if (all.n == all.cap) {
          all.cap = all.cap ? all.cap * 2 : 32;
          all.w = xrealloc(all.w, sizeof *all.w * (size_t)all.cap);
        }
        all.w[all.n++] = l.w[j];
      }
    }
    int all_stop = 1;
    for (int i = 0; i < all.n; i++) all_stop &= all.w[i].stop;
    for (int i = 0; i < all.n; i++) {
      if (all.w[i].stop && !all_stop) continue;
      int dup = 0;
      for (int j = 0; j < i && !dup; j++) dup = (!all.w[j].stop || all_stop) && strcmp(all.w[j].stem, all.w[i].stem) == 0;
      if (!dup) unit_add(us, &all.w[i], 1, 0, 0, 0);
    }
    free(all.w);
  }
  for (int i = 0; i < q->nitems; i++) {
    const SearchItem *it = &q->items[i];
    if (!q->boolean && !it->exclude && it->kind == SEARCH_WORD) continue; /* done above */
    if (it->skip) continue;
    words(text + it->s, it->e - it->s, &l);
    unit_add(us, l.w, l.n, it->exact, it->prefix, it->exclude ? -1 : q->boolean ? it->group : 0);
  }
  free(l.w);
}

static int starts(const char *s, const char *p) { return *p && strncmp(s, p, strlen(p)) == 0; }

/* The rule of the speech search's highlighting (search.c, term_match). */
static int word_match(const VWord *q, int exact, int prefix, const VWord *d) {
  if (exact) return prefix ? starts(d->norm, q->norm) : strcmp(d->norm, q->norm) == 0;
  if (prefix) return starts(d->norm, q->norm) || starts(d->stem, q->norm) || starts(d->stem, q->stem);
  return strcmp(d->stem, q->stem) == 0 || strcmp(d->norm, q->stem) == 0 || strcmp(d->stem, q->norm) == 0 ||
         strcmp(d->norm, q->norm) == 0;
}

/* How many times the unit occurs in the words d (a phrase: in order, adjacent). */
static int unit_tf(const Unit *u, const VWords *d) {
  int tf = 0;
  for (int p = 0; p + u->nw <= d->n; p++) {
    int j = 0;
    while (j < u->nw && word_match(&u->w[j], u->exact, u->prefix && j == u->nw - 1, &d->w[p + j])) j++;
    tf += j == u->nw;
  }
  return tf;
}

/* ------------------------------------------------------------------ the scan */

typedef struct VRow {
  SearchHit h; /* strings in the scan's own arena */
  int64_t body_id;
  double age, score;
  int len;
  int *tf;
} VRow;

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

static void bind_text(sqlite3_stmt *st, const char *name, const char *v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i > 0 && v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_int(sqlite3_stmt *st, const char *name, int v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i > 0 && v) sqlite3_bind_int(st, i, v);
}

/* Closed votes only (as /votes); every filter a bound parameter, NULL when absent. */
#define VOTE_SQL                                                                                              \
  "SELECT v.id, v.sitting_id, s.date, s.number, o.id, o.name_ar, o.name_en, o.name_az, v.title, a.title,"    \
  " v.result, coalesce(v.yes_count,0), coalesce(v.no_count,0), coalesce(v.abstain_count,0),"                \
  " max(0, julianday('now') - julianday(s.date))"                                                            \
  " FROM vote_event v JOIN sitting s ON s.id=v.sitting_id JOIN organization o ON o.id=s.body_id"            \
  " LEFT JOIN agenda_item a ON a.id=v.agenda_item_id"                                                         \
  " WHERE v.status='closed'"                                                                                  \
  " AND (:body IS NULL OR s.body_id IN (SELECT value FROM json_each(:body)))"                                \
  " AND (:from IS NULL OR s.date>=:from) AND (:to IS NULL OR s.date<=:to)"                                    \
  " AND ((:term IS NULL AND :session IS NULL) OR s.session_id IN (SELECT se.id FROM session se"              \
  " JOIN term t ON t.id=se.term_id WHERE (:term IS NULL OR t.number=:term)"                                   \
  " AND (:session IS NULL OR se.number=:session)))"                                                           \
  " AND (:speaker IS NULL OR EXISTS (SELECT 1 FROM ballot b WHERE b.vote_event_id=v.id"                      \
  " AND b.person_id IN (SELECT value FROM json_each(:speaker))))"                                             \
  " AND (:party IS NULL OR EXISTS (SELECT 1 FROM ballot b JOIN membership m2 ON m2.person_id=b.person_id"    \
  " WHERE b.vote_event_id=v.id AND (m2.organization_id IN (SELECT value FROM json_each(:party))"              \
  " OR m2.on_behalf_of_id IN (SELECT value FROM json_each(:party)))"                                          \
  " AND m2.start_date<=s.date AND (m2.end_date IS NULL OR m2.end_date>=s.date)))"                             \
  " ORDER BY s.date DESC, v.id DESC"

/* The votes q finds, in *rows (in tmp), ranked when ranked is set. */
static int scan(Db *db, Arena *tmp, const SearchQuery *q, const SearchVoteIds *ids, int ranked, int recency,
                VRow **rows, int *nrows) {
  *rows = NULL;
  *nrows = 0;
  if (q->like_id || q->nothing) return MJ_OK; /* "more like this" is of speeches */
  sqlite3_stmt *st = db_stmt(db, VOTE_SQL);
  if (!st) return MJ_EIO;
  bind_text(st, ":body", ids->body);
  bind_text(st, ":speaker", ids->speaker);
  bind_text(st, ":party", ids->party);
  bind_text(st, ":from", q->from);
  bind_text(st, ":to", q->to);
  bind_int(st, ":term", q->term);
  bind_int(st, ":session", q->session);
  Units us;
  units_of(q, &us);
  VWords d = {NULL, 0, 0, 0};
  VRow *r = NULL;
  int n = 0, cap = 0, step;
  int *df = xcalloc((size_t)us.n + 1, sizeof *df);
  double sumlen = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *title = (const char *)sqlite3_column_text(st, 8), *item = (const char *)sqlite3_column_text(st, 9);
    if (!title) title = "";
    if (item && strcmp(item, title) == 0) item = NULL;
    const char *text = item ? arena_printf(tmp, "%s — %s", title, item) : arena_strdup(tmp, title);
    int *tf = NULL;
    if (us.n) {
      words(text, strlen(text), &d);
      tf = arena_alloc(tmp, sizeof *tf * (size_t)us.n);
      int excluded = 0, any = 0;
      for (int u = 0; u < us.n; u++) {
        tf[u] = unit_tf(&us.u[u], &d);
        if (us.u[u].group < 0 && tf[u]) excluded = 1;
      }
      if (us.positive && !us.boolean) {
        for (int u = 0; u < us.n && !any; u++) any = us.u[u].group >= 0 && tf[u] > 0;
      } else if (us.positive) { /* some OR group with every item found */
        for (int u = 0; u < us.n && !any; u++) {
          if (us.u[u].group < 0) continue;
          int all = 1;
          for (int v = 0; v < us.n && all; v++)
            if (us.u[v].group == us.u[u].group) all = tf[v] > 0;
          any = all;
        }
      } else {
        any = 1;
      }
      if (excluded || !any) continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      r = xrealloc(r, sizeof *r * (size_t)cap);
    }
    VRow *x = &r[n++];
    memset(x, 0, sizeof *x);
    x->h.vote_id = sqlite3_column_int64(st, 0);
    x->h.sitting_id = sqlite3_column_int64(st, 1);
    x->h.date = col(tmp, st, 2);
    x->h.sitting_number = sqlite3_column_int(st, 3);
    x->body_id = sqlite3_column_int64(st, 4);
    x->h.body.ar = col(tmp, st, 5);
    x->h.body.en = col(tmp, st, 6);
    x->h.body.az = col(tmp, st, 7);
    x->h.title = arena_strdup(tmp, title);
    x->h.item_title = item ? arena_strdup(tmp, item) : NULL;
    x->h.text = text;
    x->h.kind = "vote";
    x->h.result = col(tmp, st, 10);
    x->h.yes = sqlite3_column_int(st, 11);
    x->h.no = sqlite3_column_int(st, 12);
    x->h.abstain = sqlite3_column_int(st, 13);
    x->age = sqlite3_column_double(st, 14);
    x->len = us.n ? d.n : 0;
    x->tf = tf;
    sumlen += x->len;
    for (int u = 0; u < us.n; u++) df[u] += tf[u] > 0;
  }
  int rc = step == SQLITE_DONE ? MJ_OK : mj_fail(MJ_EIO, "searching the votes: %s", sqlite3_errmsg(db_handle(db)));
  db_done(st);
  if (!rc && ranked && us.positive) {
    double avg = n ? sumlen / n : 1;
    if (avg <= 0) avg = 1;
    for (int i = 0; i < n; i++) {
      double s = 0, norm = VOTE_K1 * (1 - VOTE_B + VOTE_B * r[i].len / avg);
      for (int u = 0; u < us.n; u++) {
        if (us.u[u].group < 0 || !r[i].tf[u]) continue;
        double idf = log(1 + (n - df[u] + 0.5) / (df[u] + 0.5));
        s += idf * r[i].tf[u] * (VOTE_K1 + 1) / (r[i].tf[u] + norm);
      }
      if (recency) s *= search_recency_factor(r[i].age);
      r[i].score = s;
    }
  }
  free(df);
  free(d.w);
  free(us.u);
  if (rc) {
    free(r);
    return rc;
  }
  *rows = r;
  *nrows = n;
  return MJ_OK;
}

/* Best first, then newest first (the scan's order: date, then id, descending). */
static int by_score(const void *pa, const void *pb) {
  const VRow *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  int c = strcmp(y->h.date ? y->h.date : "", x->h.date ? x->h.date : "");
  if (c) return c;
  return x->h.vote_id < y->h.vote_id ? 1 : x->h.vote_id > y->h.vote_id ? -1 : 0;
}

static const char *dup(Arena *a, const char *s) { return s ? arena_strdup(a, s) : NULL; }

static void copy_hit(Arena *a, const VRow *x, SearchHit *h) {
  *h = x->h;
  h->date = dup(a, x->h.date);
  h->body.ar = dup(a, x->h.body.ar);
  h->body.en = dup(a, x->h.body.en);
  h->body.az = dup(a, x->h.body.az);
  h->title = dup(a, x->h.title);
  h->item_title = dup(a, x->h.item_title);
  h->text = dup(a, x->h.text);
  h->result = dup(a, x->h.result);
  h->score = -x->score; /* the convention of bm25(): lower is better */
}

/* The facet rows (at most SEARCH_FACET_TOP) of the bodies or years of the
** rows, most first. */
static void facet(Arena *a, const VRow *r, int n, int years, FacetRow *out, int *nout) {
  *nout = 0;
  FacetRow *all = xcalloc((size_t)n + 1, sizeof *all);
  int m = 0;
  for (int i = 0; i < n; i++) {
    int k;
    for (k = 0; k < m; k++)
      if (years ? strncmp(all[k].key, r[i].h.date ? r[i].h.date : "0000", 4) == 0 : all[k].id == r[i].body_id) break;
    if (k == m) {
      m++;
      if (years) all[k].key = arena_strndup(a, r[i].h.date ? r[i].h.date : "0000", 4);
      else {
        all[k].id = r[i].body_id;
        all[k].name.ar = dup(a, r[i].h.body.ar);
        all[k].name.en = dup(a, r[i].h.body.en);
        all[k].name.az = dup(a, r[i].h.body.az);
      }
    }
    all[k].count++;
  }
  for (int i = 0; i < m && *nout < SEARCH_FACET_TOP; i++) { /* selection: m is small */
    int best = -1;
    for (int k = 0; k < m; k++) {
      if (all[k].count < 0) continue;
      if (best < 0 || all[k].count > all[best].count ||
          (all[k].count == all[best].count &&
           (years ? strcmp(all[k].key, all[best].key) > 0 : all[k].id < all[best].id)))
        best = k;
    }
    out[(*nout)++] = all[best];
    all[best].count = -1;
  }
  free(all);
}

int search_votes(Db *db, Arena *a, const SearchQuery *q, const SearchOptions *o, const SearchVoteIds *ids,
                 SearchResult *res) {
  memset(res, 0, sizeof *res);
  int ranked = !o->sort_date && q->fts != NULL;
  Arena *tmp = arena_new();
  VRow *r;
  int n;
  int rc = scan(db, tmp, q, ids, ranked, q->recency, &r, &n);
  if (!rc) {
    if (ranked && n > 1) qsort(r, (size_t)n, sizeof *r, by_score);
    res->total = n;
    res->hits = arena_alloc(a, sizeof *res->hits * (size_t)(o->limit + 1));
    for (int i = o->offset; i < n && res->n < o->limit; i++) copy_hit(a, &r[i], &res->hits[res->n++]);
    for (int f = 0; f < FACET_COUNT; f++) res->facets[f] = arena_alloc(a, sizeof(FacetRow) * SEARCH_FACET_TOP);
    if (o->facets) {
      facet(a, r, n, 0, res->facets[FACET_BODY], &res->nfacets[FACET_BODY]);
      facet(a, r, n, 1, res->facets[FACET_YEAR], &res->nfacets[FACET_YEAR]);
      if (n) {
        FacetRow *t = &res->facets[FACET_TYPE][0];
        memset(t, 0, sizeof *t);
        t->key = "vote";
        t->count = n;
        res->nfacets[FACET_TYPE] = 1;
      }
    }
  }
  free(r);
  arena_free(tmp);
  return rc;
}

int search_votes_facet(Db *db, const SearchQuery *q, const SearchVoteIds *ids, SearchResult *res) {
  if (q->type || q->like_id || !res->facets[FACET_TYPE]) return MJ_OK;
  Arena *tmp = arena_new();
  VRow *r;
  int n;
  int rc = scan(db, tmp, q, ids, 0, 0, &r, &n);
  free(r);
  arena_free(tmp);
  if (rc || !n) return rc;
  /* in its place among the kinds of speech, most first */
  FacetRow *t = res->facets[FACET_TYPE];
  int k = res->nfacets[FACET_TYPE];
  while (k > 0 && t[k - 1].count < n) k--;
  if (k >= SEARCH_FACET_TOP) return MJ_OK;
  int m = res->nfacets[FACET_TYPE] < SEARCH_FACET_TOP ? res->nfacets[FACET_TYPE] : SEARCH_FACET_TOP - 1;
  memmove(&t[k + 1], &t[k], sizeof *t * (size_t)(m - k));
  memset(&t[k], 0, sizeof *t);
  t[k].key = "vote";
  t[k].count = n;
  res->nfacets[FACET_TYPE] = m + 1;
  return MJ_OK;
}

int search_form_periods(Db *db, Arena *a, SearchTermRow **terms, int *nterms, int **sessions, int *nsessions) {
  *terms = NULL;
  *sessions = NULL;
  *nterms = *nsessions = 0;
  int nt = (int)db_int(db, "SELECT count(DISTINCT number) FROM term", 0, 0, 0);
  int ns = (int)db_int(db, "SELECT count(DISTINCT number) FROM session", 0, 0, 0);
  if (nt > 1000) nt = 1000;
  if (ns > 1000) ns = 1000;
  SearchTermRow *t = arena_alloc(a, sizeof *t * (size_t)(nt + 1));
  int *se = arena_alloc(a, sizeof *se * (size_t)(ns + 1));
  sqlite3_stmt *st = db_stmt(db, "SELECT number, min(start_date), CASE WHEN count(*)=count(end_date) THEN"
                                 " max(end_date) END FROM term GROUP BY number ORDER BY number DESC");
  if (!st) return MJ_EIO;
  while (*nterms < nt && sqlite3_step(st) == SQLITE_ROW) {
    SearchTermRow *x = &t[(*nterms)++];
    x->number = sqlite3_column_int(st, 0);
    x->start = col(a, st, 1);
    x->end = col(a, st, 2);
  }
  db_done(st);
  st = db_stmt(db, "SELECT DISTINCT number FROM session ORDER BY number");
  if (!st) return MJ_EIO;
  while (*nsessions < ns && sqlite3_step(st) == SQLITE_ROW) se[(*nsessions)++] = sqlite3_column_int(st, 0);
  db_done(st);
  *terms = t;
  *sessions = se;
  return MJ_OK;
}

/* ------------------------------------------------------------------ JSON */

void search_vote_json(Arena *a, const SearchQuery *q, const SearchHit *h, json_t *x) {
  json_object_set_new(x, "speech_id", json_null());
  json_object_set_new(x, "vote_id", json_integer(h->vote_id));
  char url[64];
  snprintf(url, sizeof url, "/votes/%lld", (long long)h->vote_id);
  json_object_set_new(x, "url", json_string(url));
  json_object_set_new(x, "title", json_string(h->title ? h->title : ""));
  json_object_set_new(x, "item_title", h->item_title ? json_string(h->item_title) : json_null());
  json_object_set_new(x, "result", h->result ? json_string(h->result) : json_null());
  json_t *c = json_object();
  json_object_set_new(c, "yes", json_integer(h->yes));
  json_object_set_new(c, "no", json_integer(h->no));
  json_object_set_new(c, "abstain", json_integer(h->abstain));
  json_object_set_new(x, "counts", c);
  /* the result and counts after the snippet (plain ASCII: nothing to escape) */
  char tail[160];
  snprintf(tail, sizeof tail, " \xC2\xB7 %s: yes %d, no %d, abstain %d", h->result ? h->result : "", h->yes, h->no,
           h->abstain);
  /* the whole of the titles (they are short), matched words marked */
  Snippet sn;
  search_snippet(a, q, h->text, SEARCH_VOTE_SNIPPET, &sn);
  Buf b;
  buf_init(&b, 1 << 20);
  search_snippet_html(&sn, &b);
  buf_puts(&b, tail);
  json_object_set_new(x, "snippet_html", json_string(b.p ? b.p : ""));
  buf_reset(&b);
  for (int k = 0; k < sn.n; k++) buf_puts(&b, sn.parts[k].text);
  buf_puts(&b, tail);
  json_object_set_new(x, "text_excerpt", json_string(b.p ? b.p : ""));
  buf_free(&b);
}
