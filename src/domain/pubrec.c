/* pubrec.c: what the public sees of the record -- the sets the search needs
** beside the rule (the view public_speech, schema 12), an index of the
** published text of revised speeches, and the check (see pubrec.h and
** doc/hansard.md, "What the public sees"). */
#include "pubrec.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "search.h"
#include "sindex.h"

static int read_ids(Db *db, const char *sql, int64_t **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return MJ_EIO;
  size_t cap = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) *out = xrealloc(*out, sizeof **out * (cap = cap ? cap * 2 : 64));
    (*out)[(*n)++] = sqlite3_column_int64(st, 0);
  }
  db_done(st);
  if (step != SQLITE_DONE) {
    free(*out);
    *out = NULL;
    *n = 0;
    return db_err(db, "reading what the public may see of the record");
  }
  return MJ_OK;
}

int pubrec_sets(Db *db, PubrecSets *out) {
  memset(out, 0, sizeof *out);
  int rc = read_ids(db, "SELECT id FROM unpublished_speech ORDER BY id", &out->hidden, &out->nhidden);
  if (!rc) rc = read_ids(db, "SELECT id FROM revised_speech ORDER BY id", &out->revised, &out->nrevised);
  if (rc) pubrec_sets_free(out);
  return rc;
}

void pubrec_sets_free(PubrecSets *s) {
  free(s->hidden);
  free(s->revised);
  memset(s, 0, sizeof *s);
}

int pubrec_has(const int64_t *v, size_t n, int64_t id) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (v[m] < id) lo = m + 1;
    else hi = m;
  }
  return lo < n && v[lo] == id;
}

/* A public speech's fields as the search index reads a speech's (the
** speaker's names and printed label, the section heading or agenda title,
** the text: SPEECH_FIELDS_SQL in src/text/sindex.c), from public_speech. */
#define PUBLIC_FIELDS_SQL                                                                                   \
  "SELECT sp.id, coalesce(p.name_ar, '') || char(10) || coalesce(nullif(p.name_en, p.name_ar), '') || char(10)" \
  " || coalesce(nullif(nullif(p.name_az, p.name_en), p.name_ar), '') || char(10)"                           \
  " || coalesce(nullif(nullif(nullif(sp.label, p.name_ar), p.name_en), p.name_az), ''),"                  \
  " coalesce(nullif(rs.heading, ''), ai.title), sp.text"                                                    \
  " FROM public_speech sp LEFT JOIN person p ON p.id=sp.person_id"                                          \
  " LEFT JOIN record_section rs ON rs.id=sp.section_id LEFT JOIN agenda_item ai ON ai.id=sp.agenda_item_id" \
  " WHERE sp.id=?1"

int pubrec_index(Db *db, const int64_t *ids, size_t n, sqlite3 **out) {
  *out = NULL;
  sqlite3 *mem = NULL;
  if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
    sqlite3_close(mem);
    return mj_fail(MJ_EIO, "opening a memory database for the published text");
  }
  int rc = sx_create_tables(mem);
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  SxBuilder *b = rc ? NULL : sx_builder_new(&cfg);
  sqlite3_stmt *st = rc ? NULL : db_stmt(db, PUBLIC_FIELDS_SQL);
  if (!rc && !st) rc = MJ_EIO;
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_bind_int64(st, 1, ids[i]);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
      const char *f[SX_NFIELDS];
      for (int k = 0; k < SX_NFIELDS; k++) f[k] = (const char *)sqlite3_column_text(st, 1 + k);
      rc = sx_builder_add(b, ids[i], f);
    } else if (step != SQLITE_DONE) {
      rc = db_err(db, "reading the published text");
    }
    sqlite3_reset(st);
  }
  if (st) db_done(st);
  if (!rc) rc = sx_builder_write(b, mem);
  /* the editors' synonyms, so the query reads the same as on the main index */
  sqlite3_stmt *syn = NULL;
  if (!rc && sqlite3_exec(mem, "CREATE TABLE search_synonym(id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, term TEXT NOT NULL)",
                          NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(mem, "INSERT INTO search_synonym(id, grp, term) VALUES(?1, ?2, ?3)", -1, &syn, NULL) == SQLITE_OK &&
      (st = db_stmt(db, "SELECT id, grp, term FROM search_synonym ORDER BY id"))) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      sqlite3_bind_int64(syn, 1, sqlite3_column_int64(st, 0));
      sqlite3_bind_int64(syn, 2, sqlite3_column_int64(st, 1));
      sqlite3_bind_text(syn, 3, (const char *)sqlite3_column_text(st, 2), -1, SQLITE_TRANSIENT);
      sqlite3_step(syn);
      sqlite3_reset(syn);
    }
    db_done(st);
  }
  sqlite3_finalize(syn);
  if (b) sx_builder_free(b);
  if (rc) {
    sqlite3_close(mem);
    return rc;
  }
  *out = mem;
  return MJ_OK;
}

int pubrec_filter(Db *db, const SearchQuery *q, int positive, int64_t **ids, size_t *n) {
  PubrecSets s;
  int rc = pubrec_sets(db, &s);
  if (rc) return rc;
  int64_t *v = *ids;
  size_t k = 0, touched = 0;
  for (size_t i = 0; i < *n; i++)
    if (!pubrec_has(s.hidden, s.nhidden, v[i])) {
      v[k++] = v[i];
      touched += pubrec_has(s.revised, s.nrevised, v[i]);
    }
  *n = k;
  if (s.nrevised && (touched || !positive)) {
    sqlite3 *mem = NULL;
    SxIndex *mix = NULL;
    SxQuery *msq = NULL;
    int64_t *m = NULL;
    size_t nm = 0;
    rc = pubrec_index(db, s.revised, s.nrevised, &mem);
    if (!rc) rc = sx_open(mem, NULL, NULL, &mix);
    if (!rc) rc = search_sx_query(mix, q, &msq);
    if (!rc) rc = sx_matches(msq, &m, &nm);
    if (!rc) {
      /* the others as they are; the revised ones as their published text says */
      int64_t *w = xmalloc(sizeof *w * (k + nm + 1));
      size_t nw = 0, i = 0, j = 0;
      while (i < k || j < nm) {
        if (j >= nm || (i < k && v[i] < m[j])) {
          int64_t id = v[i++];
          if (!pubrec_has(s.revised, s.nrevised, id)) w[nw++] = id;
        } else {
          int64_t id = m[j++];
          int live = i < k && v[i] == id;
          if (live) i++;
          if (live || !positive) w[nw++] = id;
        }
      }
      free(v);
      *ids = w;
      *n = nw;
    }
    free(m);
    sxq_free(msq);
    sx_close(mix);
    sqlite3_close(mem);
  }
  pubrec_sets_free(&s);
  return rc;
}

int pubrec_word_public(Db *db, const char *word) {
  PubrecSets s;
  if (pubrec_sets(db, &s)) return 0;
  SxIndex *ix = NULL;
  int found = 0;
  if (!sx_open(db_handle(db), NULL, NULL, &ix)) {
    SxQuery *sq = sxq_new(ix);
    sxq_item(sq, 0);
    int64_t *m = NULL;
    size_t nm = 0;
    if (sxq_alt(sq, word, strlen(word), 0, 0) > 0 && !sxq_failed(sq) && !sx_matches(sq, &m, &nm))
      for (size_t i = 0; i < nm && !found; i++)
        found = !pubrec_has(s.hidden, s.nhidden, m[i]) && !pubrec_has(s.revised, s.nrevised, m[i]);
    free(m);
    sxq_free(sq);
    sx_close(ix);
  }
  pubrec_sets_free(&s);
  return found;
}

int pubrec_check(Db *db, Buf *report) {
  /* 1. edition_speech against each sitting's latest edition */
  sqlite3_stmt *st = db_stmt(
      db, "WITH latest AS (SELECT e.id, e.sitting_id, e.content FROM edition e"
          "  WHERE e.number = (SELECT max(x.number) FROM edition x WHERE x.sitting_id = e.sitting_id)),"
          " snap AS (SELECT l.id AS edition_id, l.sitting_id AS sitting_id, json_extract(j.value, '$.id') AS id,"
          "  coalesce(json_extract(j.value, '$.version'), 1) AS version, json_extract(j.value, '$.person.id') AS person_id,"
          "  coalesce(json_extract(j.value, '$.text'), '') AS text FROM latest l, json_each(l.content, '$.speeches') j"
          "  WHERE json_extract(j.value, '$.id') IS NOT NULL)"
          " SELECT (SELECT count(*) FROM snap),"
          "  (SELECT count(*) FROM snap s WHERE NOT EXISTS (SELECT 1 FROM edition_speech es WHERE es.id = s.id"
          "   AND es.edition_id = s.edition_id AND es.sitting_id = s.sitting_id AND es.version = s.version"
          "   AND es.person_id IS s.person_id AND es.text = s.text)),"
          "  (SELECT count(*) FROM edition_speech es WHERE NOT EXISTS (SELECT 1 FROM snap s WHERE s.id = es.id"
          "   AND s.edition_id = es.edition_id)),"
          "  (SELECT count(*) FROM latest)");
  if (!st) return MJ_EIO;
  int64_t published = 0, missing = 0, extra = 0, editions = 0;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    published = sqlite3_column_int64(st, 0);
    missing = sqlite3_column_int64(st, 1);
    extra = sqlite3_column_int64(st, 2);
    editions = sqlite3_column_int64(st, 3);
  }
  db_done(st);
  if (step != SQLITE_ROW) return db_err(db, "checking the published speeches");
  /* 2. a record in 'provisional' or 'final' reads as its latest edition */
  st = db_stmt(db, "SELECT (SELECT count(*) FROM record r WHERE r.status IN ('provisional','final')"
                   "  AND NOT EXISTS (SELECT 1 FROM edition e WHERE e.sitting_id = r.sitting_id)),"
                   " (SELECT count(*) FROM record r JOIN speech sp ON sp.sitting_id = r.sitting_id"
                   "  LEFT JOIN edition_speech es ON es.id = sp.id AND es.sitting_id = sp.sitting_id"
                   "  WHERE r.status IN ('provisional','final')"
                   "  AND (es.id IS NULL OR es.version <> sp.version OR es.person_id IS NOT sp.person_id)),"
                   " (SELECT count(*) FROM edition_speech es WHERE NOT EXISTS (SELECT 1 FROM speech sp"
                   "  WHERE sp.id = es.id AND sp.sitting_id = es.sitting_id)),"
                   " (SELECT group_concat(r.sitting_id, ', ') FROM record r WHERE r.status IN ('provisional','final')"
                   "  AND EXISTS (SELECT 1 FROM speech sp LEFT JOIN edition_speech es ON es.id = sp.id"
                   "   AND es.sitting_id = sp.sitting_id WHERE sp.sitting_id = r.sitting_id"
                   "   AND (es.id IS NULL OR es.version <> sp.version OR es.person_id IS NOT sp.person_id)))");
  if (!st) return MJ_EIO;
  int64_t noedition = 0, drift = 0, gone = 0;
  const char *which = NULL;
  char which_buf[200] = "";
  step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    noedition = sqlite3_column_int64(st, 0);
    drift = sqlite3_column_int64(st, 1);
    gone = sqlite3_column_int64(st, 2);
    which = (const char *)sqlite3_column_text(st, 3);
    if (which) mj_strlcpy(which_buf, which, sizeof which_buf);
  }
  db_done(st);
  if (step != SQLITE_ROW) return db_err(db, "checking the published records");
  if (!missing && !extra && !noedition && !drift && !gone) {
    buf_printf(report, "public record: ok (published speeches %lld, sittings with an edition %lld)\n",
               (long long)published, (long long)editions);
    return MJ_OK;
  }
  buf_printf(report, "public record: DIFFERS\n");
  if (missing || extra)
    buf_printf(report, "  published speeches (edition_speech): %lld missing or different, %lld not in any latest "
                       "edition; the editions are right, this table is derived from them\n",
               (long long)missing, (long long)extra);
  if (noedition) buf_printf(report, "  %lld records are 'provisional' or 'final' without an edition\n", (long long)noedition);
  if (drift)
    buf_printf(report, "  %lld speeches of records in 'provisional' or 'final' differ from their latest edition "
                       "(sittings %s): a change that did not reopen the record\n",
               (long long)drift, which_buf);
  if (gone)
    buf_printf(report, "  %lld published speeches are no longer in the speech table: their editions still print "
                       "them, but search, members' pages and the API no longer list them\n", (long long)gone);
  return MJ_EINVAL;
}
