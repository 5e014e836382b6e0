/*
** search: finding speeches in the record. The user's words, less Arabic
** function words, are an OR of terms over the FTS5 index built by our
** Arabic-aware tokenizer (normalised words and light stems at the same
** positions), ranked by bm25. The query language with phrases, filters and
** facets builds on this interface.
*/
#ifndef MJ_SEARCH_H
#define MJ_SEARCH_H

#include <stdint.h>

#include "parl.h"

typedef struct SearchHit {
  int64_t speech_id, sitting_id, person_id;
  Names speaker;
  const char *date, *lang, *text;
  int sitting_number;
  Names body;
} SearchHit;

/* q as a ranked FTS5 expression in the arena (analyzer_query_ranked: every
** word quoted, so no user input is FTS5 syntax). NULL when q has no words. */
const char *search_fts_query(Arena *a, const char *q);
/* Up to `limit` (1..100) hits from `offset`, best first; *total receives the
** number of matching speeches. */
int search_speeches(Db *db, Arena *a, const char *q, int limit, int offset, SearchHit **hits, int *n,
                    int *total);

#endif
