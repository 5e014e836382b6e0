/*
** searcheval.c: the search evaluation (see searcheval.h). Inputs are read
** whole and validated before anything is indexed, so a bad line fails fast
** with its file and line number. Each tokenizer gets its own in-memory
** database; queries go through analyzer_query_ranked, the same builder the
** speech search uses, so the figures measure what users get.
**
** Metrics, per query with at least one relevant document (rel > 0), then
** averaged: reciprocal rank of the first relevant document within the top
** k (0 if none); Recall@c = relevant documents in the top c / all relevant
** documents; nDCG@k with gain = rel and discount log2(rank + 1), as
** trec_eval computes it. Ties in bm25 are broken by document order.
*/
#include "searcheval.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "search.h"
#include "sindex.h"

typedef struct Doc {
  char *id, *title, *text;
} Doc;

typedef struct DocKey {
  const char *id;
  int row; /* index into docs */
  int line;
} DocKey;

typedef struct Query {
  char *id, *text;
} Query;

typedef struct Qrel {
  char *qid;
  int doc, rel, line;
} Qrel;

typedef struct Collection {
  Doc *docs;
  int ndocs;
  DocKey *keys; /* sorted by id */
  Query *queries;
  int nqueries;
  Qrel *qrels; /* sorted by query id */
  int nqrels;
} Collection;

void searcheval_defaults(SearchEvalOptions *o) {
  memset(o, 0, sizeof *o);
  o->tokenizers = "majlis";
  o->k = 10;
  o->title_weight = 2.0;
}

static void collection_free(Collection *c) {
  for (int i = 0; i < c->ndocs; i++) {
    free(c->docs[i].id);
    free(c->docs[i].title);
    free(c->docs[i].text);
  }
  for (int i = 0; i < c->nqueries; i++) {
    free(c->queries[i].id);
    free(c->queries[i].text);
  }
  for (int i = 0; i < c->nqrels; i++) free(c->qrels[i].qid);
  free(c->docs);
  free(c->keys);
  free(c->queries);
  free(c->qrels);
  memset(c, 0, sizeof *c);
}

static int open_input(const char *path, const char *what, FILE **f) {
  *f = NULL;
  if (!path || !*path) return mj_fail(MJ_EINVAL, "eval search needs --%s FILE", what);
  *f = fopen(path, "r");
  if (!*f)
    return mj_fail(errno == ENOENT ? MJ_ENOTFOUND : MJ_EIO, "cannot read the %s file %s: %s", what, path,
                   strerror(errno));
  return MJ_OK;
}

/* Strips the line end; returns the length. */
static size_t chomp(char *s, ssize_t n) {
  size_t l = (size_t)n;
  while (l && (s[l - 1] == '\n' || s[l - 1] == '\r')) s[--l] = 0;
  return l;
}

static int blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t') return 0;
  return 1;
}

static int key_cmp(const void *a, const void *b) {
  return strcmp(((const DocKey *)a)->id, ((const DocKey *)b)->id);
}

static const char *json_str(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static int load_docs(Collection *c, const char *path) {
  FILE *f;
  int rc = open_input(path, "docs", &f);
  if (rc) return rc;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  int lineno = 0, alloc = 0;
  while (!rc && (got = getline(&line, &cap, f)) >= 0) {
    lineno++;
    size_t len = chomp(line, got);
    if (blank(line)) continue;
    json_error_t err;
    json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &err);
    if (!o) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: not valid JSON: %s", path, lineno, err.text);
      break;
    }
    const char *id = json_str(o, "id"), *text = json_str(o, "text"), *title = json_str(o, "title");
    json_t *tv = json_object_get(o, "title");
    if (!json_is_object(o))
      rc = mj_fail(MJ_EINVAL, "%s:%d: expected a JSON object {\"id\",\"title\",\"text\"}", path, lineno);
    else if (!id || !*id) rc = mj_fail(MJ_EINVAL, "%s:%d: \"id\" must be a non-empty string", path, lineno);
    else if (!text) rc = mj_fail(MJ_EINVAL, "%s:%d: \"text\" must be a string", path, lineno);
    else if (tv && !json_is_null(tv) && !title)
      rc = mj_fail(MJ_EINVAL, "%s:%d: \"title\" must be a string", path, lineno);
    if (!rc) {
      if (c->ndocs == alloc) {
        alloc = alloc ? alloc * 2 : 256;
        c->docs = xrealloc(c->docs, sizeof *c->docs * (size_t)alloc);
        c->keys = xrealloc(c->keys, sizeof *c->keys * (size_t)alloc);
      }
      Doc *d = &c->docs[c->ndocs];
      d->id = xstrdup(id);
      d->title = xstrdup(title ? title : "");
      d->text = xstrdup(text);
      c->keys[c->ndocs] = (DocKey){d->id, c->ndocs, lineno};
      c->ndocs++;
    }
    json_decref(o);
  }
  free(line);
  if (!rc && ferror(f)) rc = mj_fail(MJ_EIO, "reading %s: %s", path, strerror(errno));
  fclose(f);
  if (rc) return rc;
  if (!c->ndocs) return mj_fail(MJ_EINVAL, "%s has no documents", path);
  qsort(c->keys, (size_t)c->ndocs, sizeof *c->keys, key_cmp);
  for (int i = 1; i < c->ndocs; i++)
    if (strcmp(c->keys[i].id, c->keys[i - 1].id) == 0) {
      int l = c->keys[i].line > c->keys[i - 1].line ? c->keys[i].line : c->keys[i - 1].line;
      return mj_fail(MJ_EINVAL, "%s:%d: document id \"%s\" appears twice", path, l, c->keys[i].id);
    }
  return MJ_OK;
}

static int find_doc(const Collection *c, const char *id) {
  DocKey k = {id, 0, 0};
  const DocKey *f = bsearch(&k, c->keys, (size_t)c->ndocs, sizeof k, key_cmp);
  return f ? f->row : -1;
}

static int load_queries(Collection *c, const char *path) {
  FILE *f;
  int rc = open_input(path, "queries", &f);
  if (rc) return rc;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  int lineno = 0, alloc = 0;
  while (!rc && (got = getline(&line, &cap, f)) >= 0) {
    lineno++;
    chomp(line, got);
    if (blank(line)) continue;
    char *tab = strchr(line, '\t');
    if (!tab) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: expected id<TAB>text", path, lineno);
      break;
    }
    if (tab == line) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: the query id (before the first tab) is empty", path, lineno);
      break;
    }
    char *end = strchr(tab + 1, '\t');
    if (c->nqueries == alloc) {
      alloc = alloc ? alloc * 2 : 256;
      c->queries = xrealloc(c->queries, sizeof *c->queries * (size_t)alloc);
    }
    Query *q = &c->queries[c->nqueries++];
    q->id = xstrndup(line, (size_t)(tab - line));
    q->text = end ? xstrndup(tab + 1, (size_t)(end - tab - 1)) : xstrdup(tab + 1);
    for (int i = 0; i + 1 < c->nqueries && !rc; i++)
      if (strcmp(c->queries[i].id, q->id) == 0)
        rc = mj_fail(MJ_EINVAL, "%s:%d: query id \"%s\" appears twice", path, lineno, q->id);
  }
  free(line);
  if (!rc && ferror(f)) rc = mj_fail(MJ_EIO, "reading %s: %s", path, strerror(errno));
  fclose(f);
  if (!rc && !c->nqueries) rc = mj_fail(MJ_EINVAL, "%s has no queries", path);
  return rc;
}

static int qrel_cmp(const void *a, const void *b) {
  const Qrel *x = a, *y = b;
  int d = strcmp(x->qid, y->qid);
  return d ? d : x->doc - y->doc;
}

static int load_qrels(Collection *c, const char *path, const char *docs_path) {
  FILE *f;
  int rc = open_input(path, "qrels", &f);
  if (rc) return rc;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  int lineno = 0, alloc = 0;
  while (!rc && (got = getline(&line, &cap, f)) >= 0) {
    lineno++;
    chomp(line, got);
    if (blank(line)) continue;
    char *field[5];
    int nf = 0;
    for (char *p = line; *p && nf < 5;) {
      while (*p == ' ' || *p == '\t') p++;
      if (!*p) break;
      field[nf++] = p;
      while (*p && *p != ' ' && *p != '\t') p++;
      if (*p) *p++ = 0;
    }
    long long rel;
    if (nf != 4) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: expected 4 fields \"qid 0 docid relevance\", found %d", path, lineno,
                   nf);
      break;
    }
    if (mj_parse_int(field[3], -1000, 1000, &rel)) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: the relevance \"%s\" is not a whole number", path, lineno, field[3]);
      break;
    }
    int doc = find_doc(c, field[2]);
    if (doc < 0) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: document \"%s\" is not in %s", path, lineno, field[2], docs_path);
      break;
    }
    if (c->nqrels == alloc) {
      alloc = alloc ? alloc * 2 : 256;
      c->qrels = xrealloc(c->qrels, sizeof *c->qrels * (size_t)alloc);
    }
    c->qrels[c->nqrels++] = (Qrel){xstrdup(field[0]), doc, (int)rel, lineno};
  }
  free(line);
  if (!rc && ferror(f)) rc = mj_fail(MJ_EIO, "reading %s: %s", path, strerror(errno));
  fclose(f);
  if (rc) return rc;
  if (!c->nqrels) return mj_fail(MJ_EINVAL, "%s has no judgements", path);
  qsort(c->qrels, (size_t)c->nqrels, sizeof *c->qrels, qrel_cmp);
  for (int i = 1; i < c->nqrels; i++)
    if (qrel_cmp(&c->qrels[i], &c->qrels[i - 1]) == 0) {
      const Qrel *x = &c->qrels[i], *y = &c->qrels[i - 1];
      return mj_fail(MJ_EINVAL, "%s:%d: query %s judges document %s a second time (first on line %d)", path,
                     x->line > y->line ? x->line : y->line, x->qid, c->docs[x->doc].id,
                     x->line > y->line ? y->line : x->line);
    }
  return MJ_OK;
}

/* The judgements of query qid: [*lo, *hi) in c->qrels. */
static void qrels_of(const Collection *c, const char *qid, int *lo, int *hi) {
  int a = 0, b = c->nqrels;
  while (a < b) {
    int m = (a + b) / 2;
    if (strcmp(c->qrels[m].qid, qid) < 0) a = m + 1;
    else b = m;
  }
  *lo = a;
  while (b < c->nqrels && strcmp(c->qrels[b].qid, qid) == 0) b++;
  *hi = b;
}

static int rel_cmp_desc(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }

/* A tokenizer spec ("majlis ARGS" or "unicode61") as an FTS5 tokenize
** option; *ours says whether it is the majlis tokenizer. */
static int tokenize_option(const char *spec, Buf *out, int *ours, int *engine, AnalyzerConfig *cfg) {
  char word[256];
  const char *p = spec;
  while (*p == ' ') p++;
  size_t l = strcspn(p, " ");
  if (l >= sizeof word) return mj_fail(MJ_EINVAL, "unknown tokenizer \"%s\"; use majlis, majlis-fts5 or unicode61", spec);
  memcpy(word, p, l);
  word[l] = 0;
  p += l;
  if (strcmp(word, "unicode61") == 0) {
    while (*p == ' ') p++;
    if (*p) return mj_fail(MJ_EINVAL, "tokenizer unicode61 takes no arguments here (it is the baseline)");
    buf_puts(out, "unicode61 remove_diacritics 2");
    *ours = 0;
    *engine = 0;
    return MJ_OK;
  }
  if (strcmp(word, "majlis") != 0 && strcmp(word, "majlis-fts5") != 0)
    return mj_fail(MJ_EINVAL, "unknown tokenizer \"%s\"; use majlis, majlis-fts5 or unicode61", word);
  *ours = 1;
  *engine = strcmp(word, "majlis") == 0;
  buf_puts(out, "majlis");
  analyzer_config_default(cfg);
  for (;;) {
    while (*p == ' ') p++;
    if (!*p) break;
    l = strcspn(p, " ");
    if (l >= sizeof word) return mj_fail(MJ_EINVAL, "tokenizer argument too long: %.40s...", p);
    memcpy(word, p, l);
    word[l] = 0;
    p += l;
    int rc = analyzer_config_arg(cfg, word);
    if (rc) return rc;
    buf_puts(out, " '"); /* FTS5 takes an argument as a bareword or an SQL string literal */
    for (char *w = word; *w; w++) {
      if (*w == '\'') buf_putc(out, '\'');
      buf_putc(out, *w);
    }
    buf_putc(out, '\'');
  }
  return MJ_OK;
}

static int sql_fail(sqlite3 *db, const char *what) {
  return mj_fail(MJ_EIO, "%s: %s", what, sqlite3_errmsg(db));
}

static int build_index(sqlite3 *db, const Collection *c, const char *tokenize) {
  char *sql = sqlite3_mprintf("CREATE VIRTUAL TABLE d USING fts5(title, text, tokenize=%Q)", tokenize);
  char *msg = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) {
    rc = mj_fail(MJ_EINVAL, "cannot create the index with tokenize='%s': %s", tokenize, msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
  }
  sqlite3_stmt *st = NULL;
  if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, text) VALUES(?1, ?2, ?3)", -1, &st, NULL) !=
          SQLITE_OK)
    return sql_fail(db, "preparing the index");
  rc = MJ_OK;
  for (int i = 0; i < c->ndocs && !rc; i++) {
    sqlite3_bind_int(st, 1, i + 1);
    sqlite3_bind_text(st, 2, c->docs[i].title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->docs[i].text, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = sql_fail(db, "indexing a document");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (!rc && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) rc = sql_fail(db, "indexing");
  return rc;
}

/* The production index (src/text/sindex.c) of the collection: a title is
** the heading field, the text the text field, no speaker. */
static int build_engine(sqlite3 *db, const Collection *c, const AnalyzerConfig *cfg) {
  int rc = sx_create_tables(db);
  if (!rc && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) rc = sql_fail(db, "indexing");
  SxBuilder *b = rc ? NULL : sx_builder_new(cfg);
  for (int i = 0; i < c->ndocs && !rc; i++) {
    const char *f[SX_NFIELDS] = {NULL, c->docs[i].title, c->docs[i].text};
    rc = sx_builder_add(b, i + 1, f);
  }
  if (!rc) rc = sx_builder_write(b, db);
  sx_builder_free(b);
  if (!rc && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) rc = sql_fail(db, "indexing");
  return rc;
}

/* The split of the queries (doc/search.md, "Held-out evaluation"): a
** query is in the tuning half when the FNV-1a hash of its id is even. */
static int split_of(const char *qid) {
  uint64_t h = 1469598103934665603ull;
  for (const char *p = qid; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
  return (h & 1) ? SEARCHEVAL_HELD_OUT : SEARCHEVAL_TUNE;
}

/* The engine's ranking of one query, through the production path: the
** query language's parser, search_sx_query, sx_top. -1 when the query has
** no word to search for. */
static int engine_rank(SxIndex *ix, const char *text, int depth, int *ranked, double *scores, int *n) {
  *n = 0;
  Arena *a = arena_new();
  SearchQuery q;
  SxQuery *sq = NULL;
  /* A judged query is a question in plain words, not the query language:
  ** its quotation marks are punctuation (ARCD has «وصل "ذا العشيرة؟» with
  ** one), and so is a colon after Latin letters when the parser would take
  ** it for a filter. */
  char *words = arena_strdup(a, text);
  for (char *p = words; *p; p++)
    if (*p == '"') *p = ' ';
  int rc = search_parse(a, words, &q);
  if (rc == MJ_EINVAL) {
    mj_errclear();
    for (char *p = words; *p; p++)
      if (*p == ':') *p = ' ';
    rc = search_parse(a, words, &q);
  }
  if (rc || (!q.fts && !q.not_fts)) {
    arena_free(a);
    mj_errclear();
    return -1;
  }
  rc = search_sx_respell(NULL, a, ix, &q, &sq); /* words the collection lacks respelt, as a search does */
  SxHit *top = xmalloc(sizeof *top * (size_t)depth);
  if (!rc) rc = sx_top(sq, depth, NULL, NULL, 0, top, n);
  for (int i = 0; i < *n; i++) {
    ranked[i] = (int)top[i].doc - 1;
    scores[i] = -top[i].score;
  }
  free(top);
  sxq_free(sq);
  arena_free(a);
  return rc;
}

static int evaluate(const SearchEvalOptions *o, const Collection *c, const char *spec, SearchEvalResult *r,
                    SearchEvalScores *s, FILE *run) {
  Buf tok;
  buf_init(&tok, 4096);
  int ours = 0, engine = 0;
  AnalyzerConfig cfg;
  int rc = tokenize_option(spec, &tok, &ours, &engine, &cfg);
  if (rc) {
    buf_free(&tok);
    return rc;
  }
  mj_strlcpy(s->tokenizer, spec, sizeof s->tokenizer);
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    rc = mj_fail(MJ_EIO, "cannot open an in-memory database");
  } else if (!(rc = analyzer_fts5_register(db))) {
    rc = engine ? build_engine(db, c, &cfg) : build_index(db, c, tok.p);
  }
  buf_free(&tok);
  sqlite3_stmt *st = NULL;
  SxIndex *ix = NULL;
  SxParams params;
  sx_params_default(&params);
  if (!rc && o->params) rc = sx_params_parse(&params, o->params);
  if (!rc && engine) rc = sx_open(db, &cfg, &params, &ix);
  if (!rc && !engine && sqlite3_prepare_v2(db, "SELECT rowid, bm25(d, ?2, 1.0) FROM d WHERE d MATCH ?1 "
                                    "ORDER BY bm25(d, ?2, 1.0), rowid LIMIT ?3",
                                -1, &st, NULL) != SQLITE_OK)
    rc = sql_fail(db, "preparing the query");
  int depth = o->k > 10 ? o->k : 10;
  int *ranked = xmalloc(sizeof *ranked * (size_t)depth);
  double *scores = xmalloc(sizeof *scores * (size_t)depth);
  int nq = 0, unjudged = 0;
  double mrr = 0, r1 = 0, r5 = 0, r10 = 0, ndcg = 0;
  unsigned qflags = (o->keep_stopwords ? ANALYZER_Q_KEEP_STOP : 0) |
                    (ours ? (o->exact_bonus ? ANALYZER_Q_EXACT_BONUS : 0) : ANALYZER_Q_RAW);
  Buf q;
  buf_init(&q, 1 << 16);
  for (int i = 0; !rc && i < c->nqueries; i++) {
    int lo, hi, nrel = 0;
    qrels_of(c, c->queries[i].id, &lo, &hi);
    for (int j = lo; j < hi; j++) nrel += c->qrels[j].rel > 0;
    if (!nrel) {
      unjudged++;
      continue;
    }
    if (o->split && split_of(c->queries[i].id) != o->split) continue;
    nq++;
    int n = 0;
    if (engine) {
      int e = engine_rank(ix, c->queries[i].text, depth, ranked, scores, &n);
      if (e < 0) {
        s->no_terms++;
        continue;
      }
      if (e) rc = e;
      goto metrics;
    }
    buf_reset(&q);
    if (!analyzer_query_ranked(c->queries[i].text, qflags, &q)) {
      s->no_terms++;
      continue;
    }
    sqlite3_bind_text(st, 1, q.p, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 2, o->title_weight);
    sqlite3_bind_int(st, 3, depth);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < depth) {
      ranked[n] = sqlite3_column_int(st, 0) - 1;
      scores[n++] = sqlite3_column_double(st, 1);
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
      rc = mj_fail(MJ_EIO, "query %s (%s): %s", c->queries[i].id, q.p, sqlite3_errmsg(db));
    sqlite3_reset(st);
  metrics:;
    /* metrics */
    double dcg = 0, idcg = 0, rr = 0;
    int hits1 = 0, hits5 = 0, hits10 = 0;
    for (int p = 0; p < n; p++) {
      int rel = 0;
      for (int j = lo; j < hi; j++)
        if (c->qrels[j].doc == ranked[p]) rel = c->qrels[j].rel;
      if (rel > 0) {
        if (!rr && p < o->k) rr = 1.0 / (p + 1);
        hits1 += p < 1;
        hits5 += p < 5;
        hits10 += p < 10;
        if (p < o->k) dcg += rel / log2(p + 2.0);
      }
      if (run)
        fprintf(run, "%s Q0 %s %d %.6f %s\n", c->queries[i].id, c->docs[ranked[p]].id, p + 1, -scores[p],
                spec);
    }
    int *rels = xmalloc(sizeof *rels * (size_t)(hi - lo));
    for (int j = lo; j < hi; j++) rels[j - lo] = c->qrels[j].rel;
    qsort(rels, (size_t)(hi - lo), sizeof *rels, rel_cmp_desc);
    for (int j = 0; j < hi - lo && j < o->k && rels[j] > 0; j++) idcg += rels[j] / log2(j + 2.0);
    free(rels);
    mrr += rr;
    r1 += (double)hits1 / nrel;
    r5 += (double)hits5 / nrel;
    r10 += (double)hits10 / nrel;
    ndcg += idcg > 0 ? dcg / idcg : 0;
  }
  buf_free(&q);
  free(ranked);
  free(scores);
  sqlite3_finalize(st);
  sx_close(ix);
  sqlite3_close(db);
  if (rc) return rc;
  if (!nq) return mj_fail(MJ_EINVAL, "no query in %s has a relevant document in %s", o->queries, o->qrels);
  r->queries = nq;
  r->unjudged = unjudged;
  s->mrr = mrr / nq;
  s->recall1 = r1 / nq;
  s->recall5 = r5 / nq;
  s->recall10 = r10 / nq;
  s->ndcg = ndcg / nq;
  return MJ_OK;
}

int searcheval_run(const SearchEvalOptions *o, SearchEvalResult *r) {
  memset(r, 0, sizeof *r);
  if (o->k < 1 || o->k > 100) return mj_fail(MJ_EINVAL, "--k must be 1 to 100");
  if (!(o->title_weight >= 0 && o->title_weight <= 100))
    return mj_fail(MJ_EINVAL, "--title-weight must be 0 to 100");
  if (!o->tokenizers || !*o->tokenizers)
    return mj_fail(MJ_EINVAL, "--tokenizer needs a value: majlis or unicode61");
  Collection c;
  memset(&c, 0, sizeof c);
  int rc = load_docs(&c, o->docs);
  if (!rc) rc = load_queries(&c, o->queries);
  if (!rc) rc = load_qrels(&c, o->qrels, o->docs);
  r->documents = c.ndocs;
  r->k = o->k;
  FILE *run = NULL;
  if (!rc && o->run && !(run = fopen(o->run, "w")))
    rc = mj_fail(MJ_EIO, "cannot write the run file %s: %s", o->run, strerror(errno));
  const char *p = o->tokenizers;
  while (!rc && *p) {
    size_t l = strcspn(p, ",");
    if (r->nruns == SEARCHEVAL_MAX_RUNS) {
      rc = mj_fail(MJ_EINVAL, "at most %d tokenizers in one run", SEARCHEVAL_MAX_RUNS);
      break;
    }
    char spec[128];
    if (l == 0 || l >= sizeof spec) {
      rc = mj_fail(MJ_EINVAL, "--tokenizer: a list of majlis or unicode61, separated by commas");
      break;
    }
    memcpy(spec, p, l);
    spec[l] = 0;
    rc = evaluate(o, &c, spec, r, &r->runs[r->nruns], r->nruns == 0 ? run : NULL);
    r->nruns++;
    p += l;
    if (*p == ',') p++;
  }
  if (run && fclose(run) != 0 && !rc) rc = mj_fail(MJ_EIO, "writing the run file %s failed", o->run);
  collection_free(&c);
  return rc;
}

static double round4(double x) { return floor(x * 10000.0 + 0.5) / 10000.0; }

void searcheval_format(const SearchEvalResult *r, int json, Buf *out) {
  if (json) {
    json_t *o = json_object();
    json_object_set_new(o, "documents", json_integer(r->documents));
    json_object_set_new(o, "queries", json_integer(r->queries));
    json_object_set_new(o, "queries_without_judgements", json_integer(r->unjudged));
    json_object_set_new(o, "k", json_integer(r->k));
    json_t *runs = json_array();
    for (int i = 0; i < r->nruns; i++) {
      const SearchEvalScores *s = &r->runs[i];
      json_t *x = json_object();
      json_object_set_new(x, "tokenizer", json_string(s->tokenizer));
      json_object_set_new(x, "mrr", json_real(round4(s->mrr)));
      json_object_set_new(x, "recall_1", json_real(round4(s->recall1)));
      json_object_set_new(x, "recall_5", json_real(round4(s->recall5)));
      json_object_set_new(x, "recall_10", json_real(round4(s->recall10)));
      json_object_set_new(x, "ndcg", json_real(round4(s->ndcg)));
      json_object_set_new(x, "queries_without_words", json_integer(s->no_terms));
      json_array_append_new(runs, x);
    }
    json_object_set_new(o, "runs", runs);
    char *txt = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    buf_puts(out, txt);
    buf_putc(out, '\n');
    free(txt);
    json_decref(o);
    return;
  }
  buf_printf(out, "%d documents, %d queries with judgements", r->documents, r->queries);
  if (r->unjudged) buf_printf(out, " (%d without, skipped)", r->unjudged);
  buf_puts(out, "\n");
  char mrr[16], ndcg[16];
  snprintf(mrr, sizeof mrr, "MRR@%d", r->k);
  snprintf(ndcg, sizeof ndcg, "nDCG@%d", r->k);
  buf_printf(out, "%-24s %8s %8s %8s %8s %8s %8s\n", "tokenizer", "queries", mrr, "R@1", "R@5", "R@10", ndcg);
  for (int i = 0; i < r->nruns; i++) {
    const SearchEvalScores *s = &r->runs[i];
    buf_printf(out, "%-24s %8d %8.4f %8.4f %8.4f %8.4f %8.4f\n", s->tokenizer, r->queries, s->mrr, s->recall1,
               s->recall5, s->recall10, s->ndcg);
  }
}
