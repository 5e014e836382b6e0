/*
** search_speed: the search engine's speed at scale, beside FTS5 unicode61
** in the same run (bench/search_speed.sh; doc/search.md "Speed").
**
**   search_speed NEWS.jsonl.xz OUTDIR [SCALE]
**
** Reads the news corpus (JSON lines: title, content, author; decompressed
** with xz), then for the corpus itself (scale 1) and for a generated one
** SCALE times larger:
**   - FTS5 unicode61 (remove_diacritics 2), a regular table holding title
**     and content, as the issue measured it: build time and file size;
**     at scale 1 also contentless ones (the index alone), with unicode61
**     and with our tokenizer `majlis` (the index `speech_fts` that a Majlis
**     database keeps beside ours for the member portal and suggestions);
**   - ours: the documents in a plain table (author as speaker, title as
**     heading, content as text), then our index built from them with the
**     production builder (src/text/sindex.c): build time, index size (file
**     growth) and file size;
**   - latency of fixed queries: two- and three-word runs of Arabic words
**     sampled from the documents with a fixed seed, each as an OR query
**     and as a phrase, top 10 ranked: FTS5 `MATCH ... ORDER BY rank LIMIT
**     10`; ours through the production path (search_parse,
**     search_sx_respell, sx_top; the engine's statements cached on the
**     connection as search_run's are, as FTS5's one statement is reused).
**     Every query runs once to warm the cache, then once timed; median
**     and p95 over the queries. Ours again with its field lengths not in
**     memory (the stamp renewed before each query, as any write does):
**     what a query pays after a change;
**   - the cost of a write: 200 documents spread over the corpus indexed
**     again one by one (sindex_put), ms per document;
**   - where our index's bytes are (SQLite's dbstat table), at scale 1.
** The generated corpus: document lengths drawn from the corpus' length
** distribution, words from its unigram distribution (whitespace words,
** as written), titles likewise; xorshift with seed 20261123 per document.
** Prints a Markdown report on stdout. Research data: no text of the
** corpus is printed.
*/
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "base.h"
#include "search.h"
#include "sindex.h"

#define NQUERIES 200 /* per kind: half two-word, half three-word runs */
#define SEED 20261123u

typedef struct Doc {
  char *title, *text, *author;
} Doc;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long long file_size(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

static void die(const char *what, sqlite3 *db) {
  fprintf(stderr, "search_speed: %s: %s\n", what, db ? sqlite3_errmsg(db) : mj_errmsg());
  exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) die(sql, db);
}

static sqlite3 *open_fresh(const char *path) {
  unlink(path);
  sqlite3 *db;
  if (sqlite3_open(path, &db) != SQLITE_OK) die(path, db);
  exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
  if (analyzer_fts5_register(db)) die("register", NULL);
  return db;
}

/* ---- the corpus and the generator ---- */

static Doc *docs;
static size_t ndocs;

static void load(const char *path) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "xz -dc '%s'", path);
  FILE *f = popen(cmd, "r");
  if (!f) die("xz", NULL);
  char *line = NULL;
  size_t cap = 0, alloc = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0) {
    json_t *o = json_loadb(line, (size_t)n, 0, NULL);
    if (!o) continue;
    const char *t = json_string_value(json_object_get(o, "title"));
    const char *c = json_string_value(json_object_get(o, "content"));
    const char *a = json_string_value(json_object_get(o, "author"));
    if (c) {
      if (ndocs == alloc) {
        alloc = alloc ? alloc * 2 : 4096;
        docs = xrealloc(docs, sizeof *docs * alloc);
      }
      docs[ndocs].title = xstrdup(t ? t : "");
      docs[ndocs].text = xstrdup(c);
      docs[ndocs].author = xstrdup(a ? a : "");
      ndocs++;
    }
    json_decref(o);
  }
  free(line);
  if (pclose(f) != 0 || !ndocs) die("reading the corpus (is xz installed?)", NULL);
}

/* Whitespace words and their counts; lengths of texts and titles. */
typedef struct Vocab {
  char **w;
  double *cum; /* cumulative counts, for sampling */
  size_t n;
  uint32_t *len, *tlen;
  uint64_t words;
} Vocab;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void vocab_build(Vocab *v) {
  size_t cap = 1 << 20, n = 0;
  char **all = xmalloc(sizeof *all * cap);
  v->len = xmalloc(sizeof *v->len * ndocs);
  v->tlen = xmalloc(sizeof *v->tlen * ndocs);
  for (size_t i = 0; i < ndocs; i++) {
    for (int k = 0; k < 2; k++) {
      const char *s = k ? docs[i].title : docs[i].text;
      uint32_t c = 0;
      while (*s) {
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') s++;
        if (!*s) break;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\n' && *e != '\t' && *e != '\r') e++;
        if (n == cap) {
          cap *= 2;
          all = xrealloc(all, sizeof *all * cap);
        }
        all[n++] = xstrndup(s, (size_t)(e - s));
        c++;
        s = e;
      }
      if (k) v->tlen[i] = c;
      else v->len[i] = c;
    }
  }
  v->words = n;
  qsort(all, n, sizeof *all, cmp_str);
  v->w = xmalloc(sizeof *v->w * n);
  v->cum = xmalloc(sizeof *v->cum * n);
  double acc = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && strcmp(all[j], all[i]) == 0) j++;
    acc += (double)(j - i);
    v->w[v->n] = all[i];
    v->cum[v->n++] = acc;
    for (size_t k = i + 1; k < j; k++) free(all[k]);
    i = j;
  }
  free(all);
}

static uint64_t xs(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

static const char *sample_word(const Vocab *v, uint64_t *s) {
  double r = (double)(xs(s) >> 11) / 9007199254740992.0 * v->cum[v->n - 1];
  size_t lo = 0, hi = v->n - 1;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (v->cum[m] <= r) lo = m + 1;
    else hi = m;
  }
  return v->w[lo];
}

/* Generated document i (deterministic): title and text into the buffers. */
static void gen_doc(const Vocab *v, size_t i, Buf *title, Buf *text) {
  uint64_t s = (SEED ^ (0x9E3779B97F4A7C15ull * (i + 1))) | 1;
  for (int k = 0; k < 4; k++) xs(&s);
  buf_reset(title);
  buf_reset(text);
  size_t src = (size_t)(xs(&s) % ndocs);
  for (uint32_t k = 0; k < v->tlen[src]; k++) {
    if (k) buf_putc(title, ' ');
    buf_puts(title, sample_word(v, &s));
  }
  for (uint32_t k = 0; k < v->len[src]; k++) {
    if (k) buf_putc(text, k % 20 == 0 ? '\n' : ' ');
    buf_puts(text, sample_word(v, &s));
  }
}

/* ---- queries ---- */

static int arabic_word(const char *s, size_t n) {
  if (n < 4) return 0; /* at least two letters */
  for (size_t i = 0; i < n; i += 2)
    if (i + 1 >= n || (unsigned char)s[i] < 0xD8 || (unsigned char)s[i] > 0xD9) return 0;
  return 1;
}

/* A run of k Arabic words from text, with rng state s; 0 if none found. */
static int pick_run(const char *text, int k, uint64_t *s, char *out, size_t cap) {
  size_t n = strlen(text);
  if (n < 20) return 0;
  for (int tries = 0; tries < 20; tries++) {
    size_t at = (size_t)(xs(s) % n);
    while (at > 0 && text[at - 1] != ' ' && text[at - 1] != '\n') at--;
    size_t o = 0;
    int got = 0;
    const char *p = text + at;
    while (got < k && *p) {
      const char *e = p;
      while (*e && *e != ' ' && *e != '\n' && *e != '\t') e++;
      if (!arabic_word(p, (size_t)(e - p)) || o + (size_t)(e - p) + 2 >= cap) break;
      if (got) out[o++] = ' ';
      memcpy(out + o, p, (size_t)(e - p));
      o += (size_t)(e - p);
      got++;
      p = e;
      if (*p != ' ') break;
      p++;
    }
    out[o] = 0;
    if (got == k) return 1;
  }
  return 0;
}

typedef struct QSet {
  char *q[NQUERIES];
  int n;
} QSet;

typedef const char *(*DocText)(size_t i, void *ctx);

static void make_queries(QSet *qs, size_t n, DocText text, void *ctx) {
  uint64_t s = SEED;
  qs->n = 0;
  char run[512];
  while (qs->n < NQUERIES) {
    size_t d = (size_t)(xs(&s) % n);
    int k = qs->n < NQUERIES / 2 ? 2 : 3;
    if (pick_run(text(d, ctx), k, &s, run, sizeof run)) qs->q[qs->n++] = xstrdup(run);
  }
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct Lat {
  double median, p95;
  double hits; /* mean hits returned */
  double scored; /* mean documents scored (ours) */
} Lat;

static Lat summarise(double *ms, int n, double hits, double scored) {
  qsort(ms, (size_t)n, sizeof *ms, cmp_dbl);
  Lat l = {ms[n / 2], ms[(int)ceil(0.95 * n) - 1], hits / n, scored / n};
  return l;
}

static Lat run_fts(sqlite3 *db, const QSet *qs, int phrase) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ?1 ORDER BY rank LIMIT 10", -1, &st, NULL)) die("fts query", db);
  double ms[NQUERIES], hits = 0;
  Buf b;
  buf_init(&b, 1 << 16);
  for (int pass = 0; pass < 2; pass++) {
    hits = 0;
    for (int i = 0; i < qs->n; i++) {
      buf_reset(&b);
      if (phrase) {
        buf_printf(&b, "\"%s\"", qs->q[i]);
      } else {
        const char *p = qs->q[i];
        while (*p) {
          const char *e = strchr(p, ' ');
          size_t l = e ? (size_t)(e - p) : strlen(p);
          buf_printf(&b, "%s\"%.*s\"", b.n ? " OR " : "", (int)l, p);
          p += l;
          if (*p) p++;
        }
      }
      double t0 = now_s();
      sqlite3_bind_text(st, 1, b.p, -1, SQLITE_STATIC);
      int n = 0;
      while (sqlite3_step(st) == SQLITE_ROW) n++;
      sqlite3_reset(st);
      ms[i] = (now_s() - t0) * 1000;
      hits += n;
    }
  }
  buf_free(&b);
  sqlite3_finalize(st);
  return summarise(ms, qs->n, hits, 0);
}

/* The engine's statements cached on the connection, as search_run has them
** from db_stmt (sx_open_cached): a query parses none of its SQL again. */
static struct {
  const char *sql;
  sqlite3_stmt *st;
} stmts[32];
static sqlite3_stmt *cached_stmt(void *db, const char *sql) {
  for (int i = 0; i < (int)(sizeof stmts / sizeof stmts[0]); i++) {
    if (stmts[i].sql == sql) {
      sqlite3_reset(stmts[i].st);
      sqlite3_clear_bindings(stmts[i].st);
      return stmts[i].st;
    }
    if (!stmts[i].sql) {
      if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmts[i].st, NULL) != SQLITE_OK) return NULL;
      stmts[i].sql = sql;
      return stmts[i].st;
    }
  }
  return NULL;
}
static void cached_free(void) {
  for (int i = 0; i < (int)(sizeof stmts / sizeof stmts[0]); i++) {
    sqlite3_finalize(stmts[i].st);
    stmts[i].sql = NULL;
    stmts[i].st = NULL;
  }
}

/* cold: the index's field lengths are not in memory when a query starts (a
** new stamp before each, as any write gives): each reads the chunks it
** needs. *nread (may be NULL): chunks read per timed query, on average.
** Returns zeros when the index has no stamp (an index before schema 18). */
static Lat run_ours(sqlite3 *db, const QSet *qs, int phrase, int cold, double *nread) {
  double ms[NQUERIES], hits = 0, scored = 0, nr = 0;
  char text[1024];
  sqlite3_stmt *bump = NULL;
  if (cold && sqlite3_prepare_v2(db, "UPDATE search_stat SET stamp = random() >> 1", -1, &bump, NULL) != SQLITE_OK) {
    Lat none = {0, 0, 0, 0};
    return none;
  }
  for (int pass = 0; pass < 2; pass++) {
    hits = scored = nr = 0;
    for (int i = 0; i < qs->n; i++) {
      snprintf(text, sizeof text, phrase ? "\"%s\"" : "%s", qs->q[i]);
      if (bump && (sqlite3_step(bump) != SQLITE_DONE || sqlite3_reset(bump) != SQLITE_OK)) die("new stamp", db);
      double t0 = now_s();
      Arena *a = arena_new();
      SearchQuery q;
      SxIndex *ix = NULL;
      SxQuery *sq = NULL;
      SxHit top[10];
      int n = 0;
      if (search_parse(a, text, &q) || sx_open_cached(db, NULL, NULL, cached_stmt, db, &ix) ||
          search_sx_respell(NULL, a, ix, &q, &sq) ||
          sx_top(sq, 10, NULL, NULL, 0, top, &n))
        die("our query", NULL);
      SxStats stt = {0};
      sx_stats(sq, &stt);
      sxq_free(sq);
      sx_close(ix);
      arena_free(a);
      ms[i] = (now_s() - t0) * 1000;
      hits += n;
      scored += (double)stt.scored;
      nr += (double)stt.norms_read;
      if (pass && getenv("SEARCH_SPEED_VERBOSE") && ms[i] > 2)
        fprintf(stderr, "slow %s %.2f ms: candidates %ld scored %ld positions %ld blocks %ld/%ld [%s]\n",
                phrase ? "phrase" : "or", ms[i], stt.candidates, stt.scored, stt.positions, stt.blocks_decoded,
                stt.blocks_loaded, qs->q[i]);
    }
  }
  cached_free();
  sqlite3_finalize(bump);
  if (nread) *nread = nr / qs->n;
  return summarise(ms, qs->n, hits, scored);
}

/* Writing: NPUTS documents spread over the corpus indexed again one by one
** as an edit of a speech does it (sindex_remove, then sindex_put: the BEFORE
** and AFTER triggers, each a writing call of its own; a put of a document
** still indexed as it reads changes nothing), in one transaction, rolled
** back after (the dbstat table printed later is the index as built); ms
** per document (both calls), median and p95. */
#define NPUTS 200
static Lat run_puts(sqlite3 *db, size_t ndoc) {
  double ms[NPUTS];
  sqlite3_stmt *st;
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  if (sqlite3_prepare_v2(db, "SELECT speaker, heading, text FROM doc WHERE id=?1", -1, &st, NULL)) die("put read", db);
  /* a rollback needs a journal (the benchmark's files have none: with
  ** journal_mode=OFF a ROLLBACK leaves whatever the cache already spilled) */
  exec(db, "PRAGMA journal_mode=MEMORY");
  exec(db, "BEGIN");
  uint64_t seed = SEED ^ 0x5bd1e995u;
  for (int i = 0; i < NPUTS; i++) {
    int64_t id = (int64_t)(xs(&seed) % ndoc) + 1;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) die("put read", db);
    const char *fl[SX_NFIELDS] = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                                  (const char *)sqlite3_column_text(st, 2)};
    double t0 = now_s();
    if (sindex_remove(db, &cfg, id, fl) || sindex_put(db, &cfg, id, fl)) die("remove and put", NULL);
    ms[i] = (now_s() - t0) * 1000;
    sqlite3_reset(st);
  }
  exec(db, "ROLLBACK");
  exec(db, "PRAGMA journal_mode=OFF");
  sqlite3_finalize(st);
  return summarise(ms, NPUTS, 0, 0);
}

/* ---- one scale ---- */

typedef struct Source {
  const Vocab *v;
  int generated;
  size_t n;
  Buf title, text;
} Source;

static void doc_at(Source *s, size_t i, const char **title, const char **text, const char **author) {
  if (!s->generated) {
    *title = docs[i].title;
    *text = docs[i].text;
    *author = docs[i].author;
    return;
  }
  gen_doc(s->v, i, &s->title, &s->text);
  *title = s->title.p ? s->title.p : "";
  *text = s->text.p ? s->text.p : "";
  *author = NULL;
}

static const char *text_of(size_t i, void *ctx) {
  const char *t, *x, *a;
  doc_at(ctx, i, &t, &x, &a);
  return x;
}

/* An FTS5 table of the documents with the given tokenizer, holding their
** content or (contentless) the index alone: its build time, less the time
** the generator took to make the documents, and its file size. Returns the
** open database (the caller closes it). */
static sqlite3 *build_fts(const char *path, Source *src, const char *tokenize, int contentless, double *build,
                          long long *size) {
  sqlite3 *c = open_fresh(path);
  char sql[256];
  snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE d USING fts5(title, content%s, tokenize='%s')",
           contentless ? ", content=''" : "", tokenize);
  exec(c, sql);
  sqlite3_stmt *st;
  double t0 = now_s(), gen = 0;
  exec(c, "BEGIN");
  if (sqlite3_prepare_v2(c, "INSERT INTO d(rowid, title, content) VALUES(?1, ?2, ?3)", -1, &st, NULL)) die("fts", c);
  for (size_t i = 0; i < src->n; i++) {
    const char *t, *x, *a;
    double g0 = now_s();
    doc_at(src, i, &t, &x, &a);
    gen += now_s() - g0;
    sqlite3_bind_int64(st, 1, (int64_t)i + 1);
    sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, x, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) die("fts insert", c);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  exec(c, "COMMIT");
  *build = now_s() - t0 - gen;
  *size = file_size(path);
  return c;
}

static void scale(const char *dir, const char *name, Source *src, int contentless) {
  char p1[4096], p2[4096], p3[4096];
  snprintf(p1, sizeof p1, "%s/fts5-%s.db", dir, name);
  snprintf(p2, sizeof p2, "%s/fts5-contentless-%s.db", dir, name);
  snprintf(p3, sizeof p3, "%s/ours-%s.db", dir, name);
  uint64_t words = 0;
  /* FTS5 unicode61 with its content, as the issue measured it */
  double fts_build;
  long long fts_size;
  sqlite3 *f = build_fts(p1, src, "unicode61 remove_diacritics 2", 0, &fts_build, &fts_size);
  double fcl_build = 0, fmj_build = 0;
  long long fcl_size = 0, fmj_size = 0;
  if (contentless) { /* the index alone; and with our tokenizer, what speech_fts cost a database */
    sqlite3_close(build_fts(p2, src, "unicode61 remove_diacritics 2", 1, &fcl_build, &fcl_size));
    unlink(p2);
    sqlite3_close(build_fts(p2, src, "majlis", 1, &fmj_build, &fmj_size));
    unlink(p2);
  }
  sqlite3_stmt *st;
  double t0;
  /* ours: the documents, then the index from them */
  sqlite3 *o = open_fresh(p3);
  exec(o, "CREATE TABLE doc(id INTEGER PRIMARY KEY, speaker TEXT, heading TEXT, text TEXT NOT NULL)");
  exec(o, "BEGIN");
  if (sqlite3_prepare_v2(o, "INSERT INTO doc VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL)) die("doc", o);
  for (size_t i = 0; i < src->n; i++) {
    const char *t, *x, *a;
    doc_at(src, i, &t, &x, &a);
    sqlite3_bind_int64(st, 1, (int64_t)i + 1);
    sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, x, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) die("doc insert", o);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  exec(o, "COMMIT");
  long long content_size = file_size(p3);
  t0 = now_s();
  exec(o, "BEGIN");
  if (sx_create_tables(o)) die("tables", NULL);
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  SxBuilder *b = sx_builder_new(&cfg);
  if (sqlite3_prepare_v2(o, "SELECT id, speaker, heading, text FROM doc ORDER BY id", -1, &st, NULL)) die("read", o);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *fl[SX_NFIELDS] = {(const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
                                  (const char *)sqlite3_column_text(st, 3)};
    words++;
    if (sx_builder_add(b, sqlite3_column_int64(st, 0), fl)) die("index", NULL);
  }
  sqlite3_finalize(st);
  if (sx_builder_write(b, o)) die("write", NULL);
  sx_builder_free(b);
  exec(o, "COMMIT");
  double ours_build = now_s() - t0;
  long long ours_size = file_size(p3);
  /* queries */
  QSet qs;
  make_queries(&qs, src->n, text_of, src);
  Lat fo = run_fts(f, &qs, 0), fp = run_fts(f, &qs, 1);
  double nro = 0, nrp = 0, nco = 0, ncp = 0;
  Lat oo = run_ours(o, &qs, 0, 0, &nro), op = run_ours(o, &qs, 1, 0, &nrp);
  Lat co = run_ours(o, &qs, 0, 1, &nco), cp = run_ours(o, &qs, 1, 1, &ncp);
  Lat pu = run_puts(o, src->n);
  printf("\n### %s: %zu documents\n\n", name, src->n);
  printf("| engine | build s | size MB | OR median / p95 ms | phrase median / p95 ms | hits OR / phrase (mean) |\n");
  printf("| --- | ---: | ---: | --- | --- | --- |\n");
  printf("| FTS5 unicode61 (with its content) | %.1f | %.1f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f |\n", fts_build,
         fts_size / 1e6, fo.median, fo.p95, fp.median, fp.p95, fo.hits, fp.hits);
  if (contentless) {
    printf("| FTS5 unicode61 contentless (index only) | %.1f | %.1f | | | |\n", fcl_build, fcl_size / 1e6);
    printf("| FTS5 with our tokenizer `majlis`, contentless (what `speech_fts` cost beside ours until"
           " schema 15) | %.1f | %.1f | | | |\n", fmj_build, fmj_size / 1e6);
  }
  printf("| ours: content table | | %.1f | | | |\n", content_size / 1e6);
  printf("| ours: index (built from the table) | %.1f | %.1f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f |\n", ours_build,
         (ours_size - content_size) / 1e6, oo.median, oo.p95, op.median, op.p95, oo.hits, op.hits);
  if (co.median > 0)
    printf("| ours, field lengths not in memory (a write before each query) | | | %.2f / %.2f | %.2f / %.2f | |\n",
           co.median, co.p95, cp.median, cp.p95);
  printf("| ours: content + index | | %.1f | | | |\n", ours_size / 1e6);
  printf("\nOurs scored on average %.0f documents per OR query and %.0f per phrase query (MaxScore and bounds"
         " skip the rest).\n",
         oo.scored, op.scored);
  printf("Writing: %d documents indexed again one by one, as an edit does it (sindex_remove, then sindex_put; in"
         " one transaction, rolled back): %.2f ms median,"
         " %.2f ms p95 a document.\n", NPUTS, pu.median, pu.p95);
  if (co.median > 0)
    printf("Chunks of field lengths read per query (not found in memory): %.2f OR, %.2f phrase; after a write"
           " %.2f OR, %.2f phrase.\n",
           nro, nrp, nco, ncp);
  if (contentless) { /* where our index's bytes are (SQLite's dbstat table) */
    printf("\n| `dbstat`: our index's tables and indexes | MB |\n| --- | ---: |\n");
    if (sqlite3_prepare_v2(o, "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
                           " ORDER BY name", -1, &st, NULL) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW)
        printf("| `%s` | %.2f |\n", (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1) / 1e6);
      sqlite3_finalize(st);
    } else {
      printf("| (this SQLite has no dbstat table) | |\n");
    }
  }
  fflush(stdout);
  for (int i = 0; i < qs.n; i++) free(qs.q[i]);
  sqlite3_close(f);
  sqlite3_close(o);
  if (!getenv("SEARCH_SPEED_KEEP")) {
    unlink(p1);
    unlink(p3);
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: search_speed NEWS.jsonl.xz OUTDIR [SCALE]\n");
    return 2;
  }
  int sc = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 10;
  if (sc < 1 || sc > 100) sc = 10;
  double t0 = now_s();
  load(argv[1]);
  Vocab v;
  memset(&v, 0, sizeof v);
  vocab_build(&v);
  printf("Corpus: %zu documents, %llu whitespace words, %zu distinct; read in %.1f s.\n", ndocs,
         (unsigned long long)v.words, v.n, now_s() - t0);
  Source s1 = {&v, 0, ndocs, {0}, {0}};
  scale(argv[2], "corpus", &s1, 1);
  if (sc > 1) {
    Source sg = {&v, 1, ndocs * (size_t)sc, {0}, {0}};
    buf_init(&sg.title, BUF_UNLIMITED);
    buf_init(&sg.text, BUF_UNLIMITED);
    char name[32];
    snprintf(name, sizeof name, "generated-x%d", sc);
    scale(argv[2], name, &sg, 0);
    buf_free(&sg.title);
    buf_free(&sg.text);
  }
  printf("\nTotal time of this benchmark: %.0f s.\n", now_s() - t0);
  return 0;
}
