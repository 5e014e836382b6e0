/*
** sindex: Majlis's own inverted index and ranking (doc/search.md, "Ranking"
** and "Speed"). The postings live in the same SQLite file as the speeches
** (tables search_term, search_block, search_pos, search_doc, search_norm,
** search_stat; schema 10, laid out anew by schemas 14 and 18), so a backup,
** a transaction or a
** rollback covers them like any other row. Why our own and not FTS5's bm25(): FTS5 scores every
** matching row before it sorts; this index keeps, per block of 128
** postings, upper bounds of what a posting can score, so a ranked query
** scores only documents that can still reach the top k (MaxScore), and it
** ranks with field weights (speaker, heading, text: BM25F) and a bounded
** proximity boost for query words found next to each other.
**
** What is indexed: each word's normal form (analyzer.h), per field, with
** its positions; a normal form's stem is kept beside it in the dictionary,
** so a query word finds every normal form that shares its stem (the same
** matching as the FTS5 tokenizer "majlis": stem, normal form equal to the
** stem, and with "expand" stems equal to the query word's normal form).
**
** Writing: sindex_put / sindex_delete change one document inside the
** caller's transaction (the triggers of schema 18 call them through the SQL
** functions majlis_search_put(id) and majlis_search_delete(id): the
** deletion from BEFORE triggers, as it analyses the speech's fields as
** they were indexed, the put from AFTER triggers); a bulk
** change may defer the puts and index them in one batch (sindex_defer);
** sindex_rebuild builds everything again from the speech table.
** Reading: sx_open, then an SxQuery, then sx_top (the best k) or
** sx_matches (every match).
*/
#ifndef MJ_SINDEX_H
#define MJ_SINDEX_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "base.h"

enum { SX_SPEAKER, SX_HEADING, SX_TEXT, SX_NFIELDS };
extern const char *const sx_field_names[SX_NFIELDS];

/* Postings per block (a block is split in two when it grows past this). */
#define SX_BLOCK 128
/* A term in at most this many documents (one block's worth) keeps its
** postings and positions in its dictionary row (search_term.docs, .pos)
** instead of a block row and a position row: 87% of the terms of the news
** corpus, each saving two rows and, at query time, a statement. */
#define SX_INLINE SX_BLOCK

/* Ranking parameters. BM25F: a word's field frequencies are weighted and
** length-normalised per field, tf' = sum_f w_f tf_f / (1 - b_f + b_f L_f /
** avgL_f), and score = idf * tf' (k1 + 1) / (k1 + tf'); idf = ln(1 + (N -
** df + 0.5) / (df + 0.5)). Proximity: for each pair of query words next to
** each other in the query, prox * min(idf) * c / (c + 1), c = how often
** the second follows the first within the query's distance + proxwin
** words. Early mention: for each query word in a document's text, early *
** idf * earlywin / (earlywin + p), p its first position in the text (0 for
** the first word): a text that opens with the word is about it. Only in
** queries of plain words (sxq_plain). */
typedef struct SxParams {
  double k1;
  double b[SX_NFIELDS];
  double w[SX_NFIELDS];
  double prox;
  int proxwin;
  double early, earlywin;
} SxParams;
void sx_params_default(SxParams *p);
/* "k1=1.2,bt=0.75,bh=0.5,bs=0.5,wt=1,wh=2,ws=2,prox=1,proxwin=1,early=0.5,earlywin=15": any of them. */
int sx_params_parse(SxParams *p, const char *spec);

/* ---- writing ---- */

/* Registers the SQL functions majlis_search_put(id), majlis_search_delete(id)
** and majlis_search_rebuild() on this connection (the schema's triggers and
** migration call them). */
int sindex_register(sqlite3 *db);
/* Indexes (or indexes again) speech `id` from the database: its text, its
** speaker's names and label, its section heading or agenda item title. */
int sindex_put_speech(sqlite3 *db, int64_t id);
/* Indexes document `id` with these fields (NULL: empty). A document
** already indexed is left as it is when these fields give what was indexed
** (the checksum in search_doc), else this fails (remove it first, while its
** old fields can still be read). */
int sindex_put(sqlite3 *db, const AnalyzerConfig *cfg, int64_t id, const char *const fields[SX_NFIELDS]);
/* Removes speech `id` from the index (no error when it is not there): its
** fields are read from the database and analysed again, so call it before
** they change (the BEFORE triggers do); fails, changing nothing, when they
** no longer give what was indexed (a message names the speech and says to
** run majlis search --rebuild). */
int sindex_delete(sqlite3 *db, int64_t id);
/* Removes document `id` given the fields it was indexed with (no error
** when it is not indexed): sindex_delete for documents that are not
** speeches (the benchmark's); fails, changing nothing, when they do not
** give what was indexed. */
int sindex_remove(sqlite3 *db, const AnalyzerConfig *cfg, int64_t id, const char *const fields[SX_NFIELDS]);
/* Deferred indexing, for a bulk change inside one transaction (an import
** of a sitting's speeches): after sindex_defer(db, 1) the triggers' puts on
** this connection only note the speech; sindex_flush indexes the noted
** speeches as they then stand, each term's dictionary row and blocks read
** and written once for all of them, and stops deferring (call it before
** the transaction commits); sindex_defer(db, 0) stops deferring and
** forgets what was noted (after a rollback). A deletion is never deferred. */
int sindex_defer(sqlite3 *db, int on);
int sindex_flush(sqlite3 *db);
/* Empties the index tables and builds them again from the speech table.
** *ndocs (may be NULL) gets the number of speeches indexed. */
int sindex_rebuild(sqlite3 *db, int64_t *ndocs);

/* Bulk building, for the rebuild, the evaluation and the benchmark: add
** documents with increasing ids, then write into empty index tables. */
typedef struct SxBuilder SxBuilder;
SxBuilder *sx_builder_new(const AnalyzerConfig *cfg);
int sx_builder_add(SxBuilder *b, int64_t id, const char *const fields[SX_NFIELDS]);
int sx_builder_write(SxBuilder *b, sqlite3 *db);
void sx_builder_free(SxBuilder *b);
/* Creates the index tables on a connection that has none (the evaluation's
** and the benchmark's databases; schema 18 creates them in Majlis files). */
int sx_create_tables(sqlite3 *db);

/* Compares the stored index with one built afresh from the speech table:
** every term, posting, frequency, position, field length (per speech, and
** as scoring reads them: search_norm), bound and statistic.
** Appends "search index: ok" or the differences found to report; returns
** MJ_OK or MJ_EINVAL when it differs. */
int sindex_check(sqlite3 *db, Buf *report);

/* ---- reading ---- */

typedef struct SxIndex SxIndex;
int sx_open(sqlite3 *db, const AnalyzerConfig *cfg, const SxParams *p, SxIndex **out);
/* The same, with statements from a cache that outlives the index (search_run
** passes db_stmt's, so a search does not parse its SQL again: about a tenth
** of a query's instructions): prepare(ctx, sql) returns a prepared statement
** of db for sql, the same one for the same pointer (sql is a static
** string), or NULL on an error; the cache finalizes them. */
typedef sqlite3_stmt *(*SxPrepare)(void *ctx, const char *sql);
int sx_open_cached(sqlite3 *db, const AnalyzerConfig *cfg, const SxParams *p, SxPrepare prepare, void *ctx,
                   SxIndex **out);
void sx_close(SxIndex *ix);
int64_t sx_ndocs(const SxIndex *ix);
/* The documents a query word is in, as the ranking counts them (the sum of
** the document frequencies of the normal forms it matches); 0 when the
** index knows none of them. Several words: the smallest of theirs. -1 on a
** database failure. */
int64_t sx_word_df(SxIndex *ix, const char *text, size_t n);
sqlite3 *sx_db(const SxIndex *ix);

typedef struct SxQuery SxQuery;
enum {
  SXQ_EXACT = 1,  /* normal forms only, no stems */
  SXQ_PREFIX = 2  /* the last word is a prefix */
};
#define SXQ_EXCLUDE (-1)
SxQuery *sxq_new(SxIndex *ix);
/* Marks the query as a reader's plain words (a ranked search, not a phrase
** or boolean one): the early-mention bonus (SxParams.early) then applies.
** Call it before the first sxq_alt. */
void sxq_plain(SxQuery *q);
void sxq_free(SxQuery *q);
/* Starts an item in positive group `group` (0, 1, ...: items of a group are
** ANDed, groups ORed) or an exclusion (SXQ_EXCLUDE). */
void sxq_item(SxQuery *q, int group);
/* Adds an alternative to the current item: the words of text[0..n) as a
** phrase (one word: a word). qpos: the query position of its first word,
** for proximity (-1: not part of the proximity sequence, as a synonym). Returns the number of words (0: nothing added). */
int sxq_alt(SxQuery *q, const char *text, size_t n, unsigned flags, int qpos);
/* The documents the last alternative added is in, as sx_word_df counts
** them (0: the index knows one of its words in no form). */
int64_t sxq_last_df(const SxQuery *q);
/* Whether the query has a positive part. */
int sxq_positive(const SxQuery *q);
/* Whether building the query failed (a database error: mj_errmsg says). */
int sxq_failed(const SxQuery *q);

typedef struct SxHit {
  int64_t doc;
  double score; /* higher is better */
} SxHit;
/* A filter: non-zero when doc may be returned. */
typedef int (*SxAllow)(void *ctx, int64_t doc);
/* The best k matches (k >= 1), best first, ties by document id; allow may
** be NULL. exhaustive != 0 scores every match (the reference the pruned
** path must agree with; tests only). */
int sx_top(SxQuery *q, int k, SxAllow allow, void *ctx, int exhaustive, SxHit *out, int *n);
/* Every match, in id order (malloc'd; the caller frees *docs). */
int sx_matches(SxQuery *q, int64_t **docs, size_t *n);
/* Work counters of the last sx_top (for the benchmark and the tests). */
typedef struct SxStats {
  long candidates, scored, positions, blocks_loaded, blocks_decoded;
  long norms_read; /* chunks of field lengths read from the file (not in memory), by the whole query */
} SxStats;
void sx_stats(const SxQuery *q, SxStats *s);

#endif
