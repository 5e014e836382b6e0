/*
** fts_tokenizer.c: the FTS5 tokenizer "majlis", the analyzer seen through
** SQLite's first tokenizer API (fts5_tokenizer: xCreate, xDelete,
** xTokenize; 3.40 has no other). Each table's tokenize='majlis ARGS' gets
** its own configuration from ARGS (analyzer_config_arg).
**
** What it emits, per word:
**   document and auxiliary (highlight, snippet) calls: the normalised form,
**     then, if the stem differs, '~' + stem with FTS5_TOKEN_COLOCATED, both
**     with the byte range of the word in the original text;
**   query calls: the stem and '~' + stem at one position (FTS5 treats
**     colocated query tokens as alternatives), so a query word matches any
**     word with that stem or with that normal form; with "expand" (the
**     default) also '~' + the query word's normal form, so "وزير" finds
**     "الوزير" even though light stemming takes its و;
**   query calls on a string starting with '=': the normalised form only
**     (exact matching; the '=' is a separator to the analyzer);
**   prefix queries ("word*"): the normalised form, '~' + it and '~' + its
**     stem, all as prefixes, so "مجل*" finds "المجلس" through ~مجلس.
*/
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "sindex.h"

typedef struct MajlisTokenizer {
  AnalyzerConfig cfg;
} MajlisTokenizer;

typedef struct EmitCtx {
  void *pctx;
  int (*xtoken)(void *, int, const char *, int, int, int);
  int query, exact, prefix;
  int expand;
  char marked[ANALYZER_MAX_BYTES + 1];
} EmitCtx;

static int tok_create(void *ud, const char **args, int nargs, Fts5Tokenizer **out) {
  (void)ud;
  MajlisTokenizer *t = xcalloc(1, sizeof *t);
  analyzer_config_default(&t->cfg);
  for (int i = 0; i < nargs; i++)
    if (analyzer_config_arg(&t->cfg, args[i]) != MJ_OK) {
      free(t);
      *out = NULL;
      return SQLITE_ERROR;
    }
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p) { free(p); }

static int emit_marked(EmitCtx *e, int flags, const char *s, size_t n, const AnalyzerToken *t) {
  e->marked[0] = ANALYZER_STEM_MARK;
  memcpy(e->marked + 1, s, n);
  return e->xtoken(e->pctx, flags, e->marked, (int)n + 1, (int)t->start, (int)t->end);
}

static int emit(void *ctx, const AnalyzerToken *t) {
  EmitCtx *e = ctx;
  int s = (int)t->start, en = (int)t->end;
  int differ = t->stem != t->norm;
  if (!e->query) {
    int rc = e->xtoken(e->pctx, 0, t->norm, (int)t->nnorm, s, en);
    if (rc == SQLITE_OK && differ) rc = emit_marked(e, FTS5_TOKEN_COLOCATED, t->stem, t->nstem, t);
    return rc;
  }
  if (e->exact) return e->xtoken(e->pctx, 0, t->norm, (int)t->nnorm, s, en);
  if (e->prefix) { /* "مجل*" finds المجلس through its stem ~مجلس */
    int rc = e->xtoken(e->pctx, 0, t->norm, (int)t->nnorm, s, en);
    if (rc == SQLITE_OK) rc = emit_marked(e, FTS5_TOKEN_COLOCATED, t->norm, t->nnorm, t);
    if (rc == SQLITE_OK && differ) rc = emit_marked(e, FTS5_TOKEN_COLOCATED, t->stem, t->nstem, t);
    return rc;
  }
  int rc = e->xtoken(e->pctx, 0, t->stem, (int)t->nstem, s, en);
  if (rc == SQLITE_OK) rc = emit_marked(e, FTS5_TOKEN_COLOCATED, t->stem, t->nstem, t);
  if (rc == SQLITE_OK && differ && e->expand) rc = emit_marked(e, FTS5_TOKEN_COLOCATED, t->norm, t->nnorm, t);
  return rc;
}

static int tok_tokenize(Fts5Tokenizer *p, void *pctx, int flags, const char *text, int ntext,
                        int (*xtoken)(void *, int, const char *, int, int, int)) {
  MajlisTokenizer *t = (MajlisTokenizer *)p;
  if (!text || ntext <= 0) return SQLITE_OK;
  EmitCtx *e = xmalloc(sizeof *e);
  e->pctx = pctx;
  e->xtoken = xtoken;
  e->query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  e->exact = e->query && text[0] == ANALYZER_EXACT_MARK;
  e->prefix = e->query && (flags & FTS5_TOKENIZE_PREFIX);
  e->expand = (t->cfg.flags & ANALYZER_EXPAND) != 0;
  int rc = analyzer_tokenize(&t->cfg, text, (size_t)ntext, emit, e);
  free(e);
  return rc;
}

int analyzer_fts5_register(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
    return mj_fail(MJ_EINTERNAL, "this SQLite has no FTS5 (%s); Majlis needs SQLite built with FTS5",
                   sqlite3_errmsg(db));
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (!api) return mj_fail(MJ_EINTERNAL, "this SQLite has no FTS5 API; Majlis needs SQLite built with FTS5");
  static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
  if (api->xCreateTokenizer(api, "majlis", NULL, &tok, NULL) != SQLITE_OK)
    return mj_fail(MJ_EINTERNAL, "registering the majlis tokenizer: %s", sqlite3_errmsg(db));
  /* and the functions the search index's triggers call (sindex.h): db_open
  ** calls this on every connection before migrating */
  return sindex_register(db);
}
