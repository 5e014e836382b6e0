/*
** savedsearch: a signed-in user's named searches (schema
** 0011_saved_search.sql; doc/search-saved.md, "Saved searches"). A saved search
** is the query text in the search language (its filters speaker: from: ...
** included, exactly as the search page composes them) and a sort order.
** It belongs to one user: every read and change here is by its owner, and
** anyone else gets MJ_ENOTFOUND, so ids reveal nothing. The owner may mark
** it shared: it then carries a random token (32 bytes, hex) with which
** anyone holding the link may read it and its results and feed, never
** change it. Unsharing drops the token; sharing again issues a new one.
** Changes run in one transaction each and are audited by id only (the
** append-only trail keeps no one's search words).
*/
#ifndef MJ_SAVEDSEARCH_H
#define MJ_SAVEDSEARCH_H

#include <stdint.h>

#include "audit.h"
#include "base.h"
#include "db.h"

#define SAVED_NAME_MAX 100 /* characters of a name */
#define SAVED_PER_USER 100 /* saved searches one user may keep */
#define SAVED_TOKEN_HEX 64

typedef struct SavedSearch {
  int64_t id, user_id;
  const char *name;
  const char *query;       /* the search language, filters included */
  const char *sort;        /* "relevance" or "date" */
  int recency;             /* 1: relevance favours recent sittings (doc/search.md, "Recency") */
  int literal;             /* 1: the words as written, none respelt (the search's respell=0; schema 19) */
  const char *share_token; /* NULL: private */
  const char *created_at, *updated_at;
} SavedSearch;

/* Checks a name (display form into *out: NFC, white space collapsed, 1 to
** SAVED_NAME_MAX characters, no control characters), a query (parses, has
** something to search for, at most SEARCH_MAX_QUERY bytes; trimmed copy
** into *qout) and a sort (NULL or "" is relevance). MJ_EINVAL with a
** message naming the field. Any output pointer may be NULL. */
int savedsearch_check(Arena *a, const char *name, const char *query, const char *sort, const char **out,
                      const char **qout);

/* How a saved search ranks and reads its words (savedsearch_create's flags). */
enum { SAVED_RECENCY = 1, SAVED_LITERAL = 2 };

/* Saves a search for who (a signed-in user: MJ_EAUTH otherwise), with flags
** SAVED_RECENCY and SAVED_LITERAL (0: relevance as usual, words respelt).
** MJ_ECONFLICT when the user already has one of that name or has
** SAVED_PER_USER of them. *out receives the stored row. */
int savedsearch_create(Db *db, const Actor *who, Arena *a, const char *name, const char *query, const char *sort,
                       unsigned flags, int shared, SavedSearch *out);
/* One of who's saved searches; MJ_ENOTFOUND when there is none with this
** id or it is someone else's. */
int savedsearch_get(Db *db, Arena *a, const Actor *who, int64_t id, SavedSearch *out);
/* A shared saved search by id and token (compared in constant time);
** MJ_ENOTFOUND when the id is unknown, private, or the token wrong. */
int savedsearch_get_shared(Db *db, Arena *a, int64_t id, const char *token, SavedSearch *out);
/* who's saved searches, by name. */
int savedsearch_list(Db *db, Arena *a, const Actor *who, SavedSearch **out, int *n);
/* Renames (name not NULL) and/or shares (shared 1) or unshares (0; -1
** leaves it). MJ_ENOTFOUND as savedsearch_get. *out (may be NULL) receives
** the row as stored. */
int savedsearch_update(Db *db, const Actor *who, Arena *a, int64_t id, const char *name, int shared, SavedSearch *out);
/* Deletes one of who's saved searches; MJ_ENOTFOUND as savedsearch_get. */
int savedsearch_delete(Db *db, const Actor *who, int64_t id);

#endif
