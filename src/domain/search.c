/* search.c: the first search over speeches (see search.h). */
#include "search.h"

#include <string.h>

#include "analyzer.h"

const char *search_fts_query(Arena *a, const char *q) {
  Buf b;
  buf_init(&b, 16384);
  int n = analyzer_query_ranked(q, 0, &b);
  const char *out = n > 0 && !b.err ? arena_strdup(a, b.p) : NULL;
  buf_free(&b);
  return out;
}

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

int search_speeches(Db *db, Arena *a, const char *q, int limit, int offset, SearchHit **hits, int *n,
                    int *total) {
  *hits = NULL;
  *n = *total = 0;
  if (limit < 1 || limit > 100 || offset < 0 || offset > 10000)
    return mj_fail(MJ_EINVAL, "limit must be 1 to 100 and offset 0 to 10000");
  const char *fq = search_fts_query(a, q ? q : "");
  if (!fq) return MJ_OK;
  sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM speech_fts WHERE speech_fts MATCH ?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, fq, -1, SQLITE_STATIC);
  *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  db_done(st);
  st = db_stmt(db, "SELECT sp.id, sp.sitting_id, sp.person_id, p.name_ar, p.name_en, p.name_az, s.date, sp.lang, "
                   "sp.text, s.number, o.name_ar, o.name_en, o.name_az "
                   "FROM speech_fts f JOIN speech sp ON sp.id=f.rowid JOIN sitting s ON s.id=sp.sitting_id "
                   "JOIN organization o ON o.id=s.body_id LEFT JOIN person p ON p.id=sp.person_id "
                   "WHERE speech_fts MATCH ?1 ORDER BY bm25(speech_fts) LIMIT ?2 OFFSET ?3");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, fq, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, limit);
  sqlite3_bind_int(st, 3, offset);
  SearchHit *h = arena_alloc(a, sizeof *h * (size_t)limit);
  while (*n < limit && sqlite3_step(st) == SQLITE_ROW) {
    SearchHit *x = &h[(*n)++];
    x->speech_id = sqlite3_column_int64(st, 0);
    x->sitting_id = sqlite3_column_int64(st, 1);
    x->person_id = sqlite3_column_int64(st, 2);
    x->speaker.ar = col(a, st, 3);
    x->speaker.en = col(a, st, 4);
    x->speaker.az = col(a, st, 5);
    x->date = col(a, st, 6);
    x->lang = col(a, st, 7);
    x->text = col(a, st, 8);
    x->sitting_number = sqlite3_column_int(st, 9);
    x->body.ar = col(a, st, 10);
    x->body.en = col(a, st, 11);
    x->body.az = col(a, st, 12);
  }
  int rc = MJ_OK;
  if (sqlite3_errcode(db_handle(db)) != SQLITE_OK && sqlite3_errcode(db_handle(db)) != SQLITE_DONE &&
      sqlite3_errcode(db_handle(db)) != SQLITE_ROW)
    rc = db_err(db, "searching");
  db_done(st);
  *hits = h;
  return rc;
}
