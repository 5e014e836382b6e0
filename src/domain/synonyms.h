/*
** synonyms: groups of equivalent search terms kept by the Hansard editors
** (schema 0011_saved_search.sql, table search_synonym; doc/search-saved.md,
** "Synonyms"). A group holds the ways one name or word is written: a
** member's name transliterated several ways (Ahmed, Ahmad, أحمد), spelling
** variants the analyzer's folds do not reach (مسؤول, مسئول). A term may be
** several words. The search core expands a query with the other terms of a
** group at query time (src/domain/search.c); this module only keeps them.
**
** Rules, checked here and nowhere else:
**  - A term is stored in its display form: valid UTF-8, NFC, white space
**    trimmed and each run of it made one space, no control characters,
**    1 to SYN_TERM_MAX characters, at least one letter or digit.
**  - Two terms are the same term when the analyzer reads them as the same
**    words (its normal forms: marks, hamza seats, alef forms, case and
**    tatweel folded), so "أحمد" and "احمد" or "Ahmed" and "AHMED" are one
**    term. A term belongs to at most one group: adding it to a second
**    group, or twice to one group, is refused (MJ_ECONFLICT) and names the
**    group that has it.
**  - A new group needs at least two terms; a group whose last term is
**    removed no longer exists. Term ids and group numbers are never
**    reused (the search core's cache of the groups relies on it).
**  - Every change needs CAP_HANSARD_EDIT (the command line has every
**    capability), runs in one transaction and is audited (synonym.*).
*/
#ifndef MJ_SYNONYMS_H
#define MJ_SYNONYMS_H

#include <stdint.h>

#include "audit.h"
#include "base.h"
#include "db.h"

#define SYN_TERM_MAX 100     /* characters of a term (the schema's CHECK) */
#define SYN_GROUP_MAX 50     /* terms in one group */
#define SYN_TOTAL_MAX 20000  /* terms in all groups */

typedef struct SynTerm {
  int64_t id, grp;
  const char *term;       /* display form */
  const char *lang;       /* NULL when not given */
  const char *created_by, *created_at;
} SynTerm;

typedef struct SynGroup {
  int64_t grp;
  SynTerm *terms; /* in the order they were added */
  int n;
} SynGroup;

/* The display form of a term (arena), or MJ_EINVAL with a message naming
** what is wrong with it. */
int synonyms_clean(Arena *a, const char *term, const char **out);
/* The comparison key of a display form: the analyzer's normal forms of its
** words joined by one space ("" when it has no word). */
const char *synonyms_key(Arena *a, const char *term);

/* Creates a group of n (2..SYN_GROUP_MAX) terms, all in language `lang`
** (NULL or "": none; else a two- or three-letter code). *grp receives its
** number. Nothing is stored unless every term is acceptable. */
int synonyms_add_group(Db *db, const Actor *who, Arena *a, const char *const *terms, int n, const char *lang,
                       int64_t *grp);
/* Adds n terms to existing group grp (MJ_ENOTFOUND when there is none). */
int synonyms_add_terms(Db *db, const Actor *who, Arena *a, int64_t grp, const char *const *terms, int n,
                       const char *lang);
/* Removes the term with this id, or the term equal to `term` (by key) when
** id is 0. *grp (may be NULL) receives its group. */
int synonyms_remove_term(Db *db, const Actor *who, Arena *a, int64_t id, const char *term, int64_t *grp);
/* Removes a whole group; *n (may be NULL) receives how many terms went. */
int synonyms_remove_group(Db *db, const Actor *who, int64_t grp, int *n);

/* Why the last synonyms_* call of this thread refused a change, for a
** screen that says it in the reader's language (src/web/search_admin.c);
** mj_errmsg keeps the English message the command line prints. kind is
** SYN_PROBLEM_NONE after a success or a failure of another kind (the
** database's). term and other are display forms (cut to fit), grp a group
** number, id a term id, as the kind says. */
enum {
  SYN_PROBLEM_NONE = 0,
  SYN_PROBLEM_EMPTY,      /* a term is empty */
  SYN_PROBLEM_TOO_LONG,   /* a term has more than SYN_TERM_MAX characters */
  SYN_PROBLEM_BAD_UTF8,   /* a term is not valid UTF-8 */
  SYN_PROBLEM_CONTROL,    /* a term has a control character */
  SYN_PROBLEM_NO_LETTER,  /* term has no letter or digit */
  SYN_PROBLEM_REPEATED,   /* other and term are the same term for search */
  SYN_PROBLEM_TAKEN,      /* term is already in group grp, as other */
  SYN_PROBLEM_TOTAL,      /* SYN_TOTAL_MAX terms would be passed */
  SYN_PROBLEM_LANG,       /* the language is not a two- or three-letter code */
  SYN_PROBLEM_FEW,        /* a new group with fewer than two terms */
  SYN_PROBLEM_NOTHING,    /* no term to add */
  SYN_PROBLEM_GROUP_FULL, /* a group would pass SYN_GROUP_MAX terms */
  SYN_PROBLEM_NO_GROUP,   /* there is no group grp */
  SYN_PROBLEM_NO_TERM,    /* no term id (id != 0), or no group has term */
  SYN_PROBLEM_DENIED      /* the actor may not change synonyms */
};
typedef struct SynProblem {
  int kind;
  char term[SYN_TERM_MAX * 4 + 1], other[SYN_TERM_MAX * 4 + 1];
  int64_t grp, id;
} SynProblem;
void synonyms_problem(SynProblem *out);

/* Every group, ordered by number, each with its terms. */
int synonyms_list(Db *db, Arena *a, SynGroup **groups, int *n);
/* The group holding `term` (compared by key) into *g; MJ_ENOTFOUND when no
** group has it. For query-time expansion and for the command line. */
int synonyms_find(Db *db, Arena *a, const char *term, SynGroup *g);

#endif
