/*
** analyzer: the text analysis that full-text search uses for indexing and
** querying alike. It cuts UTF-8 text into words (runs of letters and digits,
** with combining marks kept inside the word), and gives each word
**   - its byte range in the ORIGINAL text, so highlights land on the
**     vocalised original;
**   - a normalised form: NFKC, case folding, the Arabic folds (marks and
**     tatweel removed, alef/yeh/teh marbuta/hamza-seat/Persian letters and
**     Eastern digits unified), Turkish dotted capital I to i;
**   - a light stem: Arabic prefixes and suffixes in the light10 tradition,
**     a minimal English suffix stemmer for Latin words (on a form without
**     diacritics, so "Sukru" finds "Şükrü").
** It also builds FTS5 query strings from a user's words (function words
** dropped from ranked queries) and registers the FTS5 tokenizer "majlis"
** (fts_tokenizer.c). doc/search.md describes every rule and its measured
** effect. Thread-safe: nothing here has mutable global state.
*/
#ifndef MJ_ANALYZER_H
#define MJ_ANALYZER_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* A run of more than this many code points is cut into several words, so
** the work per word is bounded and no buffer grows with the input. */
#define ANALYZER_MAX_WORD 64
/* Longest normalised form or stem in bytes (NFKC may expand a ligature),
** plus the terminating NUL. */
#define ANALYZER_MAX_BYTES (ANALYZER_MAX_WORD * 2 * 4 + 1)
/* In the index, a stem that differs from its word's normalised form is
** stored with this byte in front, so exact queries (normalised forms) never
** match a stem by accident; normalised forms never contain it. */
#define ANALYZER_STEM_MARK '~'
/* In an FTS5 query string, a leading '=' asks for exact (normalised, not
** stemmed) matching of the words in that string. */
#define ANALYZER_EXACT_MARK '='

/* AnalyzerConfig.flags */
enum {
  ANALYZER_FOLD = 1 << 0,         /* the Arabic letter folds (marks are always removed) */
  ANALYZER_STEM = 1 << 1,         /* compute stems (else stem == normalised form) */
  ANALYZER_SPLIT_DIGITS = 1 << 2, /* a digit next to an Arabic letter starts a new word ("2018م") */
  ANALYZER_EXPAND = 1 << 3,       /* queries also match words whose stem is the query word itself */
  ANALYZER_WAW_FIRST = 1 << 4,    /* strip و, then an article (light10); else one prefix only */
  ANALYZER_SUFFIX_SEQ = 1 << 5,   /* strip every suffix of the list in turn; else the longest one */
  ANALYZER_TEH = 1 << 6,          /* a ت left by an attached pronoun is the ة of the stem and goes too */
  ANALYZER_HAMZA = 1 << 7         /* the hamza seats ؤ and ئ are the hamza ء (مسؤول = مسئول) */
};

typedef struct AnalyzerConfig {
  unsigned flags;
  uint32_t prefix_off, suffix_off; /* bit i turns prefix or suffix rule i off */
  int prefix_min, suffix_min;      /* letters a prefix or suffix rule must leave */
} AnalyzerConfig;

/* The configuration the "majlis" tokenizer uses when given no arguments. */
void analyzer_config_default(AnalyzerConfig *c);
/* Applies one tokenizer argument (doc/search.md lists them: "nostem",
** "nofold", "nosplit", "noexpand", "-p:و", "-s:ات", "pmin=2", ...). MJ_EINVAL
** with a message naming the argument when it is unknown. */
int analyzer_config_arg(AnalyzerConfig *c, const char *arg);

typedef struct AnalyzerToken {
  const char *norm; /* normalised form, NUL-terminated, never empty */
  size_t nnorm;
  const char *stem; /* the stem; the same bytes as norm when no rule applied */
  size_t nstem;
  size_t start, end; /* byte range of the word in the original text */
  int arabic;        /* the word is Arabic letters only */
} AnalyzerToken;

/* Called once per word, in order. The token's strings live until the
** callback returns. A non-zero return stops the analysis and is returned. */
typedef int (*AnalyzerEmit)(void *ctx, const AnalyzerToken *t);

/* Analyses n bytes of text (need not be NUL-terminated; invalid UTF-8 bytes
** are skipped as separators). Returns 0 or the first non-zero value the
** callback returned. */
int analyzer_tokenize(const AnalyzerConfig *c, const char *text, size_t n, AnalyzerEmit emit, void *ctx);

/* The normalised form and stem of the first word in s (NUL-terminated);
** both outputs are ANALYZER_MAX_BYTES long. Returns 1 if s had a word, 0 if
** not (outputs set to ""). */
int analyzer_word(const AnalyzerConfig *c, const char *s, char *norm, char *stem);

/* Whether a normalised word is a function word (an Arabic preposition,
** conjunction, pronoun, question word ..., or a few English ones). */
int analyzer_is_stopword(const char *norm, size_t n);
/* 1 when norm names the kind of answer a question wants ("عدد" after "كم",
** "اسم" after "ما"): left out of ranked queries like a function word. */
int analyzer_is_answer_type(const char *prev, size_t nprev, const char *norm, size_t n);

/* analyzer_query_ranked flags */
enum {
  ANALYZER_Q_KEEP_STOP = 1,   /* keep function words */
  ANALYZER_Q_EXACT_BONUS = 2, /* also add each word's exact form as its own term */
  ANALYZER_Q_RAW = 4          /* for another tokenizer: de-duplicate by bytes, not by stem */
};
#define ANALYZER_MAX_QUERY_WORDS 32

/* Builds an FTS5 expression for a ranked query: the words of q (at most
** ANALYZER_MAX_QUERY_WORDS), each as a quoted string of its original bytes,
** joined by OR; function words are dropped unless every word is one;
** repeated words count once. Appends to out; returns the number of terms
** (0 when q has no words, and nothing is appended). */
int analyzer_query_ranked(const char *q, unsigned flags, Buf *out);
/* Builds an FTS5 phrase of all the words of q, function words included.
** exact != 0 matches normalised forms (no stemming). Returns the number of
** words (0: nothing appended). */
int analyzer_query_phrase(const char *q, int exact, Buf *out);

/* ---- the FTS5 tokenizer (fts_tokenizer.c) ----
** Registers the tokenizer "majlis" on this connection, so tables declared
** with tokenize='majlis [ARGS]' can be read and written. Indexing emits
** each word's normalised form and, when different, its marked stem at the
** same position (FTS5_TOKEN_COLOCATED), with offsets into the original.
** Querying emits the stem (matching the stem or an equal normalised form);
** a string starting with '=' emits normalised forms (exact matching); a
** prefix query matches normalised forms and stems that start with it.
** Also registers the SQL functions of the search index (sindex_register).
** MJ_EINTERNAL when this SQLite has no FTS5. */
int analyzer_fts5_register(sqlite3 *db);

#endif
