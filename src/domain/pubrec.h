/*
** pubrec: what the public sees of the record (doc/hansard.md, "What the
** public sees").
**
** The rule lives in one place, the view public_speech of schema 12
** (src/store/migrations/0012_public_speech.sql): a speech is public when its
** sitting has no record row (a record that never entered the Hansard
** workflow), or when it is in the latest published edition of its
** sitting's record -- and then as that edition printed it. Every public
** path (search, members' pages and feeds, alerts, the JSON API, Popolo,
** open data) selects FROM public_speech, never FROM speech; staff screens
** read speech through the hansard_* functions.
**
** The search index (src/text/sindex.c) holds every speech's live text, so
** a search also needs the speeches the index must never return and the
** published ones whose live text has changed since their edition; this
** module gives those two sets and an index of the published text of the
** second, against which the search checks its hits (src/domain/search.c).
*/
#ifndef MJ_PUBREC_H
#define MJ_PUBREC_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "db.h"

typedef struct PubrecSets {
  int64_t *hidden;  /* speeches that are not public (view unpublished_speech), ascending */
  size_t nhidden;
  int64_t *revised; /* public speeches changed since their edition (view revised_speech), ascending */
  size_t nrevised;
} PubrecSets;

/* Reads both sets (malloc'd; pubrec_sets_free). Costs one look at each
** record that is not in 'provisional' or 'final' and its speeches. */
int pubrec_sets(Db *db, PubrecSets *out);
void pubrec_sets_free(PubrecSets *s);

/* 1 when id is in the ascending array v[0..n). */
int pubrec_has(const int64_t *v, size_t n, int64_t id);

/* A new in-memory database holding a search index (sindex tables) of the
** published fields (speaker, heading, text, as sindex indexes them) of the
** public speeches ids[0..n) (ascending). The caller closes *out with
** sqlite3_close. */
int pubrec_index(Db *db, const int64_t *ids, size_t n, sqlite3 **out);

/* Narrows the search index's matches of a query to what the public may
** see. ids[0..*n) are sx_matches' answer for q (ascending, malloc'd; may
** be reallocated). The unpublished speeches go; a revised one is decided on
** its published fields (the same query run on pubrec_index): with a
** positive part (positive != 0) it stays only when it matches there too,
** so a word that only a correction in progress added finds nothing; for
** exclusions only, it is listed exactly when its published fields hold an
** excluded word. */
struct SearchQuery;
int pubrec_filter(Db *db, const struct SearchQuery *q, int positive, int64_t **ids, size_t *n);

/* 1 when the search word `word` finds a public speech that has not been
** revised since its edition (spelling suggestions come from the index's
** whole vocabulary and must not offer a word of a draft). */
int pubrec_word_public(Db *db, const char *word);

/* For `majlis check`: the published speeches (edition_speech) agree with
** each sitting's latest edition, and each record in 'provisional' or
** 'final' reads exactly as its latest edition (no speech added, changed or
** re-attributed since). Appends "public record: ok (...)" or the
** differences to report; MJ_OK or MJ_EINVAL. */
int pubrec_check(Db *db, Buf *report);

#endif
