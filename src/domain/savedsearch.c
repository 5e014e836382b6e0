/*
** savedsearch.c: a user's saved searches (see savedsearch.h). The query is
** checked with the search parser when saved, so a saved search always
** reruns; the search itself is search_run's, as on the search page.
*/
#include "savedsearch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "search.h"

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

/* A name's display form: valid UTF-8, no control characters, white space
** runs made one space and trimmed, NFC, 1..SAVED_NAME_MAX characters. */
static int clean_name(Arena *a, const char *s, const char **out) {
  if (!s) return mj_fail(MJ_EINVAL, "give the saved search a name");
  size_t n = strlen(s);
  if (n > SAVED_NAME_MAX * 4 + 64) return mj_fail(MJ_EINVAL, "a name may have at most %d characters", SAVED_NAME_MAX);
  Buf b;
  buf_init(&b, n + 1);
  int space = 1;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      buf_free(&b);
      return mj_fail(MJ_EINVAL, "the name is not valid UTF-8 (byte %zu)", i + 1);
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    int ws = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS;
    if (!ws && (cat == UTF8PROC_CATEGORY_CC || cp == 0x2028 || cp == 0x2029)) {
      buf_free(&b);
      return mj_fail(MJ_EINVAL, "a name may not contain control characters (U+%04X)", (unsigned)cp);
    }
    if (ws) {
      if (!space) buf_putc(&b, ' ');
      space = 1;
    } else {
      buf_append(&b, s + i, (size_t)k);
      space = 0;
    }
    i += (size_t)k;
  }
  if (b.n && b.p[b.n - 1] == ' ') b.p[--b.n] = 0;
  if (!b.n) {
    buf_free(&b);
    return mj_fail(MJ_EINVAL, "give the saved search a name");
  }
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)b.p);
  buf_free(&b);
  if (!nfc) return mj_fail(MJ_EINVAL, "the name is not valid UTF-8");
  size_t chars = 0;
  for (const unsigned char *p = nfc; *p; p++) chars += (*p & 0xC0) != 0x80;
  if (chars > SAVED_NAME_MAX) {
    free(nfc);
    return mj_fail(MJ_EINVAL, "a name may have at most %d characters (this one has %zu)", SAVED_NAME_MAX, chars);
  }
  *out = arena_strdup(a, (const char *)nfc);
  free(nfc);
  return MJ_OK;
}

int savedsearch_check(Arena *a, const char *name, const char *query, const char *sort, const char **out,
                      const char **qout) {
  int rc;
  if (out) *out = NULL;
  if (qout) *qout = NULL;
  if (out && (rc = clean_name(a, name, out))) return rc;
  if (qout) {
    if (!query) return mj_fail(MJ_EINVAL, "the query is empty: give words to search for, or a filter such as speaker:NAME");
    size_t n = strlen(query);
    if (n > SEARCH_MAX_QUERY)
      return mj_fail(MJ_EINVAL, "a query may have at most %d bytes with its filters; shorten it", SEARCH_MAX_QUERY);
    size_t s = 0, e = n;
    while (s < e && (query[s] == ' ' || query[s] == '\t' || query[s] == '\n' || query[s] == '\r')) s++;
    while (e > s && (query[e - 1] == ' ' || query[e - 1] == '\t' || query[e - 1] == '\n' || query[e - 1] == '\r')) e--;
    const char *q = arena_strndup(a, query + s, e - s);
    SearchQuery sq;
    if ((rc = search_parse(a, q, &sq))) return rc;
    if (search_query_empty(&sq))
      return mj_fail(MJ_EINVAL, "the query is empty: give words to search for, or a filter such as speaker:NAME");
    *qout = q;
  }
  if (sort && *sort && strcmp(sort, "relevance") != 0 && strcmp(sort, "date") != 0)
    return mj_fail(MJ_EINVAL, "sort must be relevance or date");
  return MJ_OK;
}

static int signed_in(const Actor *who) {
  return who && who->user_id ? MJ_OK : mj_fail(MJ_EAUTH, "sign in to keep saved searches");
}

#define SS_COLS "id, user_id, name, query, sort, share_token, created_at, updated_at, recency, literal"

static void read_row(Arena *a, sqlite3_stmt *st, SavedSearch *s) {
  s->id = sqlite3_column_int64(st, 0);
  s->user_id = sqlite3_column_int64(st, 1);
  s->name = col(a, st, 2);
  s->query = col(a, st, 3);
  s->sort = col(a, st, 4);
  s->share_token = col(a, st, 5);
  s->created_at = col(a, st, 6);
  s->updated_at = col(a, st, 7);
  s->recency = sqlite3_column_int(st, 8);
  s->literal = sqlite3_column_int(st, 9);
}

/* The row with this id whatever its owner; MJ_ENOTFOUND when none. */
static int load(Db *db, Arena *a, int64_t id, SavedSearch *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT " SS_COLS " FROM saved_search WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) read_row(a, st, out);
  db_done(st);
  if (step == SQLITE_ROW) return MJ_OK;
  if (step != SQLITE_DONE) return db_err(db, "reading a saved search");
  return mj_fail(MJ_ENOTFOUND, "there is no saved search %lld of yours", (long long)id);
}

static int load_own(Db *db, Arena *a, const Actor *who, int64_t id, SavedSearch *out) {
  int rc = load(db, a, id, out);
  if (!rc && out->user_id != who->user_id) {
    memset(out, 0, sizeof *out);
    rc = mj_fail(MJ_ENOTFOUND, "there is no saved search %lld of yours", (long long)id);
  }
  return rc;
}

static void now_iso(char out[32]) { mj_iso8601(mj_now_ms() / 1000, out, 32); }

int savedsearch_create(Db *db, const Actor *who, Arena *a, const char *name, const char *query, const char *sort,
                       unsigned flags, int shared, SavedSearch *out) {
  memset(out, 0, sizeof *out);
  int rc = signed_in(who);
  if (rc) return rc;
  const char *nm, *q;
  if ((rc = savedsearch_check(a, name, query, sort, &nm, &q))) return rc;
  if (!sort || !*sort) sort = "relevance";
  char token[SAVED_TOKEN_HEX + 1], at[32];
  if (shared) mj_random_hex(token, SAVED_TOKEN_HEX / 2);
  now_iso(at);
  if ((rc = db_begin(db))) return rc;
  if (db_int(db, "SELECT count(*) FROM saved_search WHERE user_id=?1", 1, who->user_id, 0) >= SAVED_PER_USER)
    rc = mj_fail(MJ_ECONFLICT, "you have %d saved searches, the most one may keep; delete one first", SAVED_PER_USER);
  int64_t id = 0;
  if (!rc) {
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO saved_search(user_id, name, query, sort, share_token, created_at, updated_at, "
                                   "recency, literal) VALUES(?1,?2,?3,?4,?5,?6,?6,?7,?8)");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, who->user_id);
      sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 3, q, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 4, sort, -1, SQLITE_STATIC);
      if (shared) sqlite3_bind_text(st, 5, token, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
      sqlite3_bind_int(st, 7, (flags & SAVED_RECENCY) != 0);
      sqlite3_bind_int(st, 8, (flags & SAVED_LITERAL) != 0);
      int step = sqlite3_step(st);
      if ((step & 0xff) == SQLITE_CONSTRAINT)
        rc = mj_fail(MJ_ECONFLICT, "you already have a saved search named \"%s\"; choose another name", nm);
      else if (step != SQLITE_DONE) rc = db_err(db, "saving a search");
      else id = sqlite3_last_insert_rowid(db_handle(db));
      db_done(st);
    }
  }
  if (!rc)
    rc = audit_append(db, who, "savedsearch.create", arena_printf(a, "saved_search/%lld", (long long)id),
                      "saved a search (%s)", shared ? "shared by link" : "private");
  if (!rc) rc = db_commit(db);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return load(db, a, id, out);
}

int savedsearch_get(Db *db, Arena *a, const Actor *who, int64_t id, SavedSearch *out) {
  memset(out, 0, sizeof *out);
  int rc = signed_in(who);
  return rc ? rc : load_own(db, a, who, id, out);
}

int savedsearch_get_shared(Db *db, Arena *a, int64_t id, const char *token, SavedSearch *out) {
  int rc = load(db, a, id, out);
  if (rc && rc != MJ_ENOTFOUND) return rc;
  int ok = !rc && out->share_token && token && strlen(token) == SAVED_TOKEN_HEX &&
           strlen(out->share_token) == SAVED_TOKEN_HEX && mj_ct_equal(out->share_token, token, SAVED_TOKEN_HEX);
  if (!ok) {
    memset(out, 0, sizeof *out);
    return mj_fail(MJ_ENOTFOUND, "there is no shared search at this address; ask for a new link");
  }
  return MJ_OK;
}

int savedsearch_list(Db *db, Arena *a, const Actor *who, SavedSearch **out, int *n) {
  *out = NULL;
  *n = 0;
  int rc = signed_in(who);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT " SS_COLS " FROM saved_search WHERE user_id=?1 ORDER BY name COLLATE NOCASE, id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, who->user_id);
  int cap = 0, step;
  SavedSearch *v = NULL;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      int ncap = cap ? cap * 2 : 8;
      SavedSearch *nv = arena_alloc(a, sizeof *nv * (size_t)ncap);
      if (*n) memcpy(nv, v, sizeof *nv * (size_t)*n);
      v = nv;
      cap = ncap;
    }
    read_row(a, st, &v[(*n)++]);
  }
  if (step != SQLITE_DONE) rc = db_err(db, "reading saved searches");
  db_done(st);
  *out = v;
  return rc;
}

int savedsearch_update(Db *db, const Actor *who, Arena *a, int64_t id, const char *name, int shared, SavedSearch *out) {
  SavedSearch cur;
  if (out) memset(out, 0, sizeof *out);
  int rc = signed_in(who);
  if (rc) return rc;
  const char *nm = NULL;
  if (name && (rc = clean_name(a, name, &nm))) return rc;
  if (!nm && shared < 0) return mj_fail(MJ_EINVAL, "nothing to change: give a new name, or share or unshare it");
  if ((rc = db_begin(db))) return rc;
  rc = load_own(db, a, who, id, &cur);
  const char *token = cur.share_token;
  char fresh[SAVED_TOKEN_HEX + 1];
  if (!rc && shared == 0) token = NULL;
  if (!rc && shared == 1 && !token) {
    mj_random_hex(fresh, SAVED_TOKEN_HEX / 2);
    token = fresh;
  }
  if (!rc) {
    char at[32];
    now_iso(at);
    sqlite3_stmt *st = db_stmt(db, "UPDATE saved_search SET name=?2, share_token=?3, updated_at=?4 WHERE id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, id);
      sqlite3_bind_text(st, 2, nm ? nm : cur.name, -1, SQLITE_STATIC);
      if (token) sqlite3_bind_text(st, 3, token, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
      int step = sqlite3_step(st);
      if ((step & 0xff) == SQLITE_CONSTRAINT)
        rc = mj_fail(MJ_ECONFLICT, "you already have a saved search named \"%s\"; choose another name", nm);
      else if (step != SQLITE_DONE) rc = db_err(db, "changing a saved search");
      db_done(st);
    }
  }
  if (!rc) {
    const char *what = nm && shared == 1 ? "renamed; shared by link"
                       : nm && shared == 0 ? "renamed; private"
                       : nm                ? "renamed"
                       : shared == 1       ? (cur.share_token ? "shared by link (unchanged)" : "shared by link")
                                           : "made private";
    rc = audit_append(db, who, "savedsearch.update", arena_printf(a, "saved_search/%lld", (long long)id), "%s", what);
  }
  if (!rc) rc = db_commit(db);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return out ? load(db, a, id, out) : MJ_OK;
}

int savedsearch_delete(Db *db, const Actor *who, int64_t id) {
  int rc = signed_in(who);
  if (rc) return rc;
  if ((rc = db_begin(db))) return rc;
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM saved_search WHERE id=?1 AND user_id=?2");
  int n = 0;
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, who->user_id);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "deleting a saved search");
    else n = sqlite3_changes(db_handle(db));
    db_done(st);
  }
  if (!rc && !n) rc = mj_fail(MJ_ENOTFOUND, "there is no saved search %lld of yours", (long long)id);
  if (!rc) {
    char obj[48];
    snprintf(obj, sizeof obj, "saved_search/%lld", (long long)id);
    rc = audit_append(db, who, "savedsearch.delete", obj, "deleted a saved search");
  }
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  return rc;
}
