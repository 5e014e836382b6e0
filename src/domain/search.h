/*
** search: finding speeches in the record (doc/search.md, "The query
** language"). A user's query is parsed (search_parse, pure, no database)
** into items (words, phrases, prefixes, OR groups, exclusions; also kept
** as an FTS5 expression) plus filters that become SQL conditions with
** bound parameters; search_run matches and ranks the speeches with our
** own index and ranking (src/text/sindex.h: BM25F over speaker, heading
** and text, a proximity boost, top-k pruning) or sorts them by date,
** counts facets over the whole result set and, when nothing matches,
** suggests a spelling from the FTS5 index's vocabulary, as the public
** record writes it. Snippets are cut from the original
** text around the densest cluster of matched words.
**
** Query language:
**   tax budget        ranked: speeches with any of the words, best first
**                     (function words dropped), the path the measured
**                     evaluation uses
**   "state budget"    a phrase: these words in this order (each matched
**                     like a search word: التصويت finds والتصويت);
**                     ="..." (or "=...") matches the exact forms only
**   a b OR c          with a phrase or an explicit OR (capitals) the query
**                     is boolean: juxtaposition is AND, OR binds loosest:
**                     (a AND b) OR c
**   -word -"a phrase" exclusion: speeches containing them are dropped
**   bud*              prefix (at least two letters before the *)
**   speaker:NAME party:NAME body:NAME (a name's words, any language, or
**   person/ID, party/ID, body/ID), type:speech|question|answer|narrative|
**   scene (or type:vote: vote events by their titles, search_vote.h),
**   from:YYYY-MM-DD to:YYYY-MM-DD (sitting date), term:N session:N
**   NAME may be quoted: speaker:"Ahmed Moosa". Each filter at most once.
** Without any word (filters or exclusions only) every speech the filters
** admit is listed, newest first.
*/
#ifndef MJ_SEARCH_H
#define MJ_SEARCH_H

#include <stdint.h>

#include "parl.h"

#define SEARCH_MAX_QUERY 2000 /* bytes of query text */
#define SEARCH_MAX_ITEMS 32   /* words, phrases, prefixes and exclusions */
#define SEARCH_MAX_TERMS 64   /* words kept for highlighting */
#define SEARCH_FACET_TOP 10

/* One word to highlight (and to check the spelling of): its normal form
** and stem, and its byte range in the query text. */
typedef struct SearchTerm {
  char norm[128], stem[128];
  size_t qstart, qend;
  int prefix, exact, in_phrase;
} SearchTerm;

/* One word, phrase or prefix of the query as parsed (what the ranking
** engine is given; src/text/sindex.h). */
typedef struct SearchItem {
  int kind; /* SEARCH_WORD, SEARCH_PHRASE, SEARCH_PREFIX */
  int exclude, exact, prefix;
  int group; /* boolean queries: its OR group */
  int skip;  /* a function word left out */
  size_t s, e; /* its bytes in text */
} SearchItem;
enum { SEARCH_WORD, SEARCH_PHRASE, SEARCH_PREFIX };

/* A word of a ranked query that no speech has, and what it was searched
** as instead (search_sx_respell; doc/search.md, "Words no speech has"). */
typedef struct SearchRespell {
  size_t qstart, qend; /* the word's bytes in SearchQuery.text */
  const char *as;      /* the word or two words searched instead (normal forms) */
  const char *shown;   /* the same as the record spells it, for the reader */
} SearchRespell;

typedef struct SearchQuery {
  const char *fts;     /* FTS5 expression of the positive part; NULL when none */
  const char *not_fts; /* FTS5 expression of the exclusions when there is no positive part */
  int boolean;         /* phrases or OR: juxtaposition means AND */
  int nitems;
  /* filters as written (NULL: absent) */
  const char *speaker, *party, *body, *type, *from, *to;
  int term, session; /* 0: absent */
  int64_t like_id;   /* "more like this": the speech itself is left out */
  int nothing;       /* "more like this" found no word to search with: no results */
  int recency;       /* not written in the query: set by the caller after search_parse (the page's
                     ** and API's recency=1, `majlis search --recency`); a ranked search multiplies
                     ** each score by 2^(-age/365 days) of the sitting (doc/search.md, "Recency") */
  int literal;       /* not written in the query either (the page's and API's respell=0, `majlis search
                     ** --no-respell`): a word no speech has is not searched as another (search_sx_respell) */
  const SearchRespell *respell; /* set by search_sx_respell (search_run calls it): nrespell of them */
  int nrespell;
  const char *text;  /* the query text parsed */
  SearchTerm terms[SEARCH_MAX_TERMS];
  int nterms;
  const SearchItem *items; /* nitems of them, in the order written */
} SearchQuery;

/* Parses q (at most SEARCH_MAX_QUERY bytes of UTF-8). MJ_OK with *out
** filled (strings in the arena), or MJ_EINVAL with a message that names
** the problem and how to fix it. Never produces FTS5 syntax errors: every
** word reaches FTS5 as a quoted string of analyzer words. */
int search_parse(Arena *a, const char *q, SearchQuery *out);
/* 1 when the query has nothing to search for and no filter. */
int search_query_empty(const SearchQuery *q);

typedef struct SearchHit {
  int64_t speech_id, sitting_id, person_id;
  Names speaker;
  const char *date, *lang, *text, *kind;
  int sitting_number;
  Names body;
  double score; /* minus the engine's score (lower is better, as bm25()); 0 when sorted by date */
  /* a vote event (type:vote, search_vote.h): speech_id and person_id are 0,
  ** kind is "vote", text is its title and its agenda item's title */
  int64_t vote_id;
  const char *title, *item_title, *result; /* result: "pass" or "fail" */
  int yes, no, abstain;
} SearchHit;

enum { FACET_SPEAKER, FACET_PARTY, FACET_BODY, FACET_YEAR, FACET_TYPE, FACET_COUNT };
typedef struct FacetRow {
  int64_t id;      /* person or organisation id; 0 for year and type */
  const char *key; /* year or type; NULL otherwise */
  Names name;
  int count;
} FacetRow;

typedef struct SearchOptions {
  int limit, offset; /* 1..100, 0..10000 */
  int sort_date;     /* newest first instead of by relevance */
  int facets;        /* compute facets (top SEARCH_FACET_TOP per facet) */
  int suggest;       /* when nothing matches, look for a spelling suggestion */
} SearchOptions;

typedef struct SearchResult {
  SearchHit *hits;
  int n, total;
  FacetRow *facets[FACET_COUNT];
  int nfacets[FACET_COUNT];
  const char *suggestion; /* the query with misspelt words replaced; NULL if none */
} SearchResult;

extern const char *const search_facet_names[FACET_COUNT]; /* "speaker", "party", ... */

/* Runs a parsed query. MJ_EINVAL for bad options or a filter naming too
** many people or bodies; MJ_EIO on a database failure. A search of the
** speeches builds its query with search_sx_respell, which sets q->respell. */
int search_run(Db *db, Arena *a, SearchQuery *q, const SearchOptions *o, SearchResult *res);

/* "More like this": a query for the speeches most like speech `id`, an OR
** of its 12 most distinctive words: function words and words of fewer
** than 3 letters left out, document frequencies from the index's
** vocabulary (fts5vocab), words in no other speech or in more than half of
** them left out, the rest ranked by tf * idf. The speech itself is left
** out of the results. MJ_ENOTFOUND when there is no such speech. */
int search_like(Db *db, Arena *a, int64_t id, SearchQuery *out);

/* The ranking engine's query for q (src/text/sindex.h): in a ranked search
** each word (function words dropped, repeated stems once) is a group of its
** own, so any of them matches; in a boolean one the items of an OR group
** are ANDed; exclusions are excluded. Each word or phrase that a synonym
** group of the editors (table search_synonym, when it exists) has is
** OR-ed with the group's other terms. The production path: the search
** page, the API, the command line and `majlis eval search` all use it.
** A word that search_sx_respell respelt is OR-ed with what it was searched as. */
struct SxIndex;
struct SxQuery;
int search_sx_query(struct SxIndex *ix, const SearchQuery *q, struct SxQuery **out);

/* search_sx_query, and words no speech has. In a ranked query (no phrase,
** no OR, no exact word; q->literal not set), a word that the index does
** not know, nor any form its stem matches, nor an editors' synonym of it,
** is searched as the first of these that the index knows as well
** (doc/search.md, "Words no speech has"):
**   1. the word without a one-letter prefix the stemmer leaves on (ل ب ف ك,
**      after an optional و): لسويسرا as سويسرا;
**   2. the word cut in two words of at least 3 letters that stand side by
**      side in some speech (a missing space): الاسكندرالاكبر;
**   3. the indexed word or stem nearest in edit distance with the same
**      first letter (first three after the article ال): 1 edit for words
**      of 5 to 7 letters, 2 from 8; none for shorter words; among the
**      nearest, the one in most public speeches; for at most 4 words of a
**      query.
** Sets q->respell (strings in arena a). With db, the speeches the public
** does not see play no part: a word only they hold counts as unknown, a
** replacement must be in a public speech (rule 3: that normal form), and
** `shown` is the record's spelling of it; db NULL (the evaluation's
** collections) takes the index as it is. search_run calls it. */
int search_sx_respell(Db *db, Arena *a, struct SxIndex *ix, SearchQuery *q, struct SxQuery **out);

/* The old interface: q ranked, no filters (kept for callers that want
** only hits). */
int search_speeches(Db *db, Arena *a, const char *q, int limit, int offset, SearchHit **hits, int *n,
                    int *total);

/* A snippet: about `window` bytes of text around the densest cluster of
** words matching the query's terms (normal form or stem) or the words of
** their synonyms (the editors' groups, as the last search read them), cut
** at word boundaries. parts alternate between plain text and matched words. */
typedef struct SnippetPart {
  const char *text; /* arena copy, unescaped */
  int mark;
} SnippetPart;
typedef struct Snippet {
  SnippetPart *parts;
  int n;
  int lead, trail; /* text was cut before / after */
} Snippet;
void search_snippet(Arena *a, const SearchQuery *q, const char *text, size_t window, Snippet *out);
/* The snippet as escaped HTML with <mark>, or as plain text with the
** matched words in [brackets]. */
void search_snippet_html(const Snippet *s, Buf *out);
void search_snippet_plain(const Snippet *s, Buf *out);

/* The result as the API's JSON object (total, page, results, facets,
** suggestion), owned by the caller (json_decref). */
struct json_t;
struct json_t *search_json(Arena *a, const SearchQuery *q, const SearchResult *res, int page);

#endif
