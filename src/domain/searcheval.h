/*
** searcheval: measuring search quality on a test collection, so every
** analyzer rule is kept or dropped on numbers. It reads documents (JSON
** lines {"id","title","text"}), queries (id<TAB>text, further columns
** ignored) and TREC qrels ("qid 0 docid rel"), indexes the documents in an
** in-memory FTS5 table (title and text columns) with the tokenizer under
** test, runs each query as an OR of its words ranked by bm25 (the title
** weighted), and averages MRR@k, Recall@1/5/10 and nDCG@k over the queries
** that have at least one relevant document. doc/search.md has the figures.
*/
#ifndef MJ_SEARCHEVAL_H
#define MJ_SEARCHEVAL_H

#include "base.h"

typedef struct SearchEvalOptions {
  const char *docs, *queries, *qrels; /* file paths */
  /* Comma-separated systems to compare in one run: "majlis" (the search
  ** engine as the speeches use it: our index and ranking, src/text/
  ** sindex.c; optionally with tokenizer arguments: "majlis nostem"),
  ** "majlis-fts5" (FTS5 with our tokenizer, ranked by bm25()) or
  ** "unicode61" (FTS5's own, with remove_diacritics 2). */
  const char *tokenizers;
  int k;               /* cut-off of MRR and nDCG (1..100; default 10) */
  double title_weight; /* FTS5 runs: bm25 weight of the title column (text is 1) */
  int keep_stopwords;  /* FTS5 runs: do not drop function words from queries */
  int exact_bonus;     /* majlis-fts5 only: add each word's exact form as a term */
  const char *run;     /* if set, write a TREC run file of the first tokenizer's results here */
  int split;           /* 0 every query, SEARCHEVAL_TUNE or SEARCHEVAL_HELD_OUT: that half only */
  const char *params;  /* ranking parameters of the engine (sx_params_parse), for tuning */
} SearchEvalOptions;
enum { SEARCHEVAL_ALL, SEARCHEVAL_TUNE, SEARCHEVAL_HELD_OUT };

typedef struct SearchEvalScores {
  char tokenizer[128];
  double mrr, recall1, recall5, recall10, ndcg;
  int no_terms; /* queries left with no words to search for */
} SearchEvalScores;

#define SEARCHEVAL_MAX_RUNS 8
typedef struct SearchEvalResult {
  int documents, queries; /* queries evaluated: those with a relevant document */
  int unjudged;           /* queries without a relevant document (skipped) */
  int k;
  int nruns;
  SearchEvalScores runs[SEARCHEVAL_MAX_RUNS];
} SearchEvalResult;

void searcheval_defaults(SearchEvalOptions *o);
/* Runs the evaluation. MJ_ENOTFOUND for a missing file; MJ_EINVAL for a
** malformed line (the message names the file and line), an unknown
** tokenizer or an empty collection; MJ_EIO for an SQLite failure. */
int searcheval_run(const SearchEvalOptions *o, SearchEvalResult *r);
/* The result as a plain text table, or as one JSON object. */
void searcheval_format(const SearchEvalResult *r, int json, Buf *out);

#endif
