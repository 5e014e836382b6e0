/*
** search: finding speeches in the record. This first version runs the
** user's words as an AND of quoted terms over the FTS5 index (unicode61
** with diacritics removed) ranked by bm25; the Arabic-aware analyzer and
** query language replace it without changing this interface's callers.
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

/* Words of q (at most 16, each at most 64 bytes) as an FTS5 query in the
** arena: every word quoted, so no user input is FTS5 syntax. NULL when q
** has no words. */
const char *search_fts_query(Arena *a, const char *q);
/* Up to `limit` (1..100) hits from `offset`, best first; *total receives the
** number of matching speeches. */
int search_speeches(Db *db, Arena *a, const char *q, int limit, int offset, SearchHit **hits, int *n,
                    int *total);

#endif
