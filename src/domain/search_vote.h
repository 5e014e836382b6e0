/*
** search_vote.h: the query language over vote events (`type:vote`,
** doc/search.md, "Votes"). Speeches go through our ranking engine
** (sindex.h); vote events are few (tens a year), so their titles (the
** vote's own and its agenda item's) are read and analysed on each search,
** matched with the analyzer's normal forms and stems like speech text, and
** ranked by BM25 over those words (or by date). Only closed votes, the ones
** /votes shows, are searched.
*/
#ifndef MJ_SEARCH_VOTE_H
#define MJ_SEARCH_VOTE_H

#include "search.h"

/* The JSON arrays of ids that search_run resolved the speaker:, party: and
** body: filters to (NULL: no such filter). */
typedef struct SearchVoteIds {
  const char *speaker, *party, *body;
} SearchVoteIds;

/* The vote events q finds, as hits of kind "vote" with facets (body, year,
** type; none for speaker and party), best first or, with o->sort_date or
** without words, newest first. speaker: keeps the votes in which that
** member cast a ballot, party: those in which a member of that party or
** bloc (on the sitting's date) did; body:, from:, to:, term:, session: as
** for speeches. MJ_EIO on a database failure. */
int search_votes(Db *db, Arena *a, const SearchQuery *q, const SearchOptions *o, const SearchVoteIds *ids,
                 SearchResult *res);

/* A search of speeches without type: gets, in its type facet (res->facets,
** as run with facets), a row "vote": how many vote events the same words
** and filters find, so the reader can turn to them. Nothing for "more like
** this" or when none is found. */
int search_votes_facet(Db *db, const SearchQuery *q, const SearchVoteIds *ids, SearchResult *res);

/* The recency factor of a relevance score: 2^(-age_days/SEARCH_RECENCY_HALF_LIFE),
** 1 for a sitting today or in the future. */
#define SEARCH_RECENCY_HALF_LIFE 365.0
double search_recency_factor(double age_days);
/* A ranked search of speeches with recency takes the best
** max(SEARCH_RECENCY_POOL, offset + limit) by relevance from the engine
** (its top-k pruning knows nothing of dates) and reorders them here: each
** score times the factor of its sitting's age, ties in the engine's order. */
#define SEARCH_RECENCY_POOL 100
struct SxHit;
int search_recency_rerank(Db *db, struct SxHit *top, int n);

/* The search form's lists (term:N and session:N): the legislative terms
** (number, first start and last end date, newest first) and the session
** numbers that exist (ascending). */
typedef struct SearchTermRow {
  int number;
  const char *start, *end; /* end NULL while the term runs */
} SearchTermRow;
int search_form_periods(Db *db, Arena *a, SearchTermRow **terms, int *nterms, int **sessions, int *nsessions);

/* Bytes of a vote's titles shown around the matched words (all of most titles). */
#define SEARCH_VOTE_SNIPPET 1200

/* Adds a vote hit's own fields to its API object (vote_id, url, title,
** item_title, result, counts; speech_id null) and its result and counts to
** the snippet. */
struct json_t;
void search_vote_json(Arena *a, const SearchQuery *q, const SearchHit *h, struct json_t *x);

#endif
