/*
** db.c: the store. Every connection gets the same pragmas; the schema is a
** sequence of numbered SQL migrations compiled into the binary, applied in
** order inside one transaction each, with PRAGMA user_version recording the
** last one applied and PRAGMA application_id marking the file as ours.
*/
#include "db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "embed.h"

#define MJ_APPLICATION_ID 0x4d4a4c53 /* "MJLS" */

typedef struct StmtSlot {
  const char *sql;
  sqlite3_stmt *st;
} StmtSlot;

struct Db {
  sqlite3 *h;
  char *path;
  StmtSlot *cache; /* grows; its keys are SQL literals, so it is bounded */
  int ncache, capcache;
  int holds_write; /* this connection holds the process's write mutex */
};

static int migration_number(const char *name) {
  int n = 0;
  for (int i = 0; i < 4 && name[i] >= '0' && name[i] <= '9'; i++) n = n * 10 + (name[i] - '0');
  return n;
}

int db_schema_version(void) {
  int v = 0;
  for (const EmbedFile *f = embed_migrations; f->name; f++) {
    int n = migration_number(f->name);
    if (n > v) v = n;
  }
  return v;
}

sqlite3 *db_handle(Db *db) { return db->h; }
const char *db_path(Db *db) { return db->path; }

int db_err(Db *db, const char *what) {
  int rc = sqlite3_extended_errcode(db->h);
  int prim = rc & 0xff;
  int code = MJ_EIO;
  if (prim == SQLITE_CONSTRAINT) code = MJ_ECONFLICT;
  else if (prim == SQLITE_TOOBIG) code = MJ_ETOOBIG;
  else if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED) code = MJ_ECONFLICT;
  return mj_fail(code, "%s: %s", what, sqlite3_errmsg(db->h));
}

int db_exec(Db *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
    int rc = mj_fail(MJ_EIO, "database error: %s", msg ? msg : sqlite3_errmsg(db->h));
    sqlite3_free(msg);
    return rc;
  }
  return MJ_OK;
}

/* Writers of this process queue on one mutex before BEGIN IMMEDIATE: a
** waiting thread is woken the moment the lock is free, where SQLite's busy
** handler would sleep in steps of up to 100 ms. Other processes (the command
** line beside a running server) still meet SQLite's lock and busy_timeout. */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

int db_begin(Db *db) {
  if (db->holds_write) return mj_fail(MJ_EINTERNAL, "a write transaction is already open on this connection");
  pthread_mutex_lock(&write_mu);
  db->holds_write = 1;
  int rc = db_exec(db, "BEGIN IMMEDIATE");
  if (rc) {
    db->holds_write = 0;
    pthread_mutex_unlock(&write_mu);
  }
  return rc;
}

static void release_write(Db *db) {
  if (db->holds_write && sqlite3_get_autocommit(db->h)) {
    db->holds_write = 0;
    pthread_mutex_unlock(&write_mu);
  }
}

int db_commit(Db *db) {
  int rc = db_exec(db, "COMMIT");
  release_write(db); /* a failed COMMIT leaves the transaction open: rollback releases */
  return rc;
}

void db_rollback(Db *db) {
  if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
  release_write(db);
}

sqlite3_stmt *db_stmt(Db *db, const char *sql) {
  for (int i = 0; i < db->ncache; i++)
    if (db->cache[i].sql == sql) {
      sqlite3_reset(db->cache[i].st);
      sqlite3_clear_bindings(db->cache[i].st);
      return db->cache[i].st;
    }
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
    db_err(db, "preparing a statement");
    log_error("%s [%s]", mj_errmsg(), sql);
    return NULL;
  }
  if (db->ncache == db->capcache) {
    db->capcache = db->capcache ? db->capcache * 2 : 32;
    db->cache = xrealloc(db->cache, sizeof(StmtSlot) * (size_t)db->capcache);
  }
  db->cache[db->ncache].sql = sql;
  db->cache[db->ncache].st = st;
  db->ncache++;
  return st;
}

void db_done(sqlite3_stmt *st) {
  if (st) sqlite3_reset(st);
}

int64_t db_int(Db *db, const char *sql, int have_param, int64_t param, int64_t dflt) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return dflt;
  if (have_param) sqlite3_bind_int64(st, 1, param);
  int64_t v = dflt;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    v = sqlite3_column_int64(st, 0);
  db_done(st);
  return v;
}

char *db_meta_get(Db *db, const char *key) {
  sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key=?1");
  if (!st) return NULL;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  char *v = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) v = xstrdup((const char *)sqlite3_column_text(st, 0));
  db_done(st);
  return v;
}

int db_meta_set(Db *db, const char *key, const char *value) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO meta(key,value) VALUES(?1,?2) "
                                  "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "saving a setting");
  db_done(st);
  return rc;
}

static int migrate(Db *db, int from) {
  int target = db_schema_version();
  for (int v = from + 1; v <= target; v++) {
    const EmbedFile *m = NULL;
    for (const EmbedFile *f = embed_migrations; f->name; f++)
      if (migration_number(f->name) == v) m = f;
    if (!m) return mj_fail(MJ_EINTERNAL, "schema migration %d is missing from this build", v);
    int rc = db_begin(db);
    if (rc) return rc;
    rc = db_exec(db, (const char *)m->data);
    if (!rc) {
      char pragma[96];
      snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d; PRAGMA application_id=%d;", v,
               MJ_APPLICATION_ID);
      rc = db_exec(db, pragma);
    }
    if (rc) {
      db_rollback(db);
      char why[512]; /* mj_fail must not format its own buffer into itself */
      mj_strlcpy(why, mj_errmsg(), sizeof why);
      return mj_fail(rc, "applying schema migration %s: %s", m->name, why);
    }
    rc = db_commit(db);
    if (rc) return rc;
  }
  return MJ_OK;
}

int db_open(const char *path, int flags, Db **out) {
  *out = NULL;
  struct stat stt;
  int exists = stat(path, &stt) == 0 && stt.st_size > 0;
  if (!exists && !(flags & DB_CREATE))
    return mj_fail(MJ_ENOTFOUND,
                   "no database at %s; create one with 'majlis init --db %s' or 'majlis demo --db %s'",
                   path, path, path);
  if (exists && (flags & DB_MUST_NEW))
    return mj_fail(MJ_ECONFLICT, "%s already exists; choose a new file name or remove it first", path);
  Db *db = xcalloc(1, sizeof *db);
  db->path = xstrdup(path);
  int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY
                                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  oflags |= SQLITE_OPEN_NOMUTEX; /* one connection per thread */
  if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
    int rc = mj_fail(MJ_EIO, "cannot open database %s: %s", path,
                     db->h ? sqlite3_errmsg(db->h) : "out of memory");
    db_close(db);
    return rc;
  }
  int trc = analyzer_fts5_register(db->h); /* before any table with tokenize='majlis' is touched */
  if (trc) {
    db_close(db);
    return trc;
  }
  sqlite3_extended_result_codes(db->h, 1);
  sqlite3_busy_timeout(db->h, 5000);
  int rc = MJ_OK;
  int64_t appid = 0, uv = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    appid = sqlite3_column_int64(st, 0);
  else {
    sqlite3_finalize(st);
    rc = mj_fail(MJ_EINVAL, "%s is not a SQLite database (%s)", path, sqlite3_errmsg(db->h));
    goto fail;
  }
  sqlite3_finalize(st);
  uv = 0;
  if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    uv = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (exists && appid != MJ_APPLICATION_ID) {
    int64_t ntab = 0;
    if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      ntab = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (ntab > 0) {
      rc = mj_fail(MJ_EINVAL, "%s is a SQLite database but not a Majlis one; refusing to touch it", path);
      goto fail;
    }
  }
  if (uv > db_schema_version()) {
    rc = mj_fail(MJ_ECONFLICT,
                 "%s was written by a newer Majlis (schema %lld; this program knows up to %d); "
                 "upgrade majlis before opening it",
                 path, (long long)uv, db_schema_version());
    goto fail;
  }
  if (!(flags & DB_READONLY)) {
    rc = db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    if (rc) goto fail;
    if (uv < db_schema_version()) {
      rc = migrate(db, (int)uv);
      if (rc) goto fail;
    }
  } else {
    rc = db_exec(db, "PRAGMA foreign_keys=ON;");
    if (rc) goto fail;
    if (uv < db_schema_version()) {
      rc = mj_fail(MJ_ECONFLICT, "%s has an older schema (%lld); open it read-write once to upgrade it",
                   path, (long long)uv);
      goto fail;
    }
  }
  *out = db;
  return MJ_OK;
fail:
  db_close(db);
  return rc;
}

void db_close(Db *db) {
  if (!db) return;
  db_rollback(db);
  for (int i = 0; i < db->ncache; i++) sqlite3_finalize(db->cache[i].st);
  free(db->cache);
  if (db->h) sqlite3_close(db->h);
  free(db->path);
  free(db);
}

int db_check(Db *db, char **report) {
  Buf b;
  buf_init(&b, 1 << 20);
  int bad = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
    *report = NULL;
    return db_err(db, "integrity_check");
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *r = (const char *)sqlite3_column_text(st, 0);
    if (r && strcmp(r, "ok") != 0) {
      bad = 1;
      buf_printf(&b, "database: %s\n", r);
    }
  }
  sqlite3_finalize(st);
  if (!bad) buf_puts(&b, "database: ok\n");
  /* Every FTS5 table we own is checked against its content table. */
  if (sqlite3_prepare_v2(db->h,
                         "SELECT name FROM sqlite_schema WHERE type='table' AND sql LIKE "
                         "'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name",
                         -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(st, 0);
      char *sql = sqlite3_mprintf("INSERT INTO \"%w\"(\"%w\", rank) VALUES('integrity-check', 1)", t, t);
      char *msg = NULL;
      if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        bad = 1;
        buf_printf(&b, "full-text index %s: %s\n", t, msg ? msg : "corrupt");
      } else {
        buf_printf(&b, "full-text index %s: ok\n", t);
      }
      sqlite3_free(msg);
      sqlite3_free(sql);
    }
    sqlite3_finalize(st);
  }
  *report = buf_take(&b);
  return bad ? mj_fail(MJ_EINVAL, "integrity problems found") : MJ_OK;
}

int db_backup(Db *db, const char *dest, void (*progress)(int, int, void *), void *arg) {
  if (access(dest, F_OK) == 0)
    return mj_fail(MJ_ECONFLICT, "%s already exists; a backup never overwrites a file", dest);
  sqlite3 *to = NULL;
  if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    int rc = mj_fail(MJ_EIO, "cannot create %s: %s", dest, to ? sqlite3_errmsg(to) : "out of memory");
    sqlite3_close(to);
    return rc;
  }
  sqlite3_backup *bk = sqlite3_backup_init(to, "main", db->h, "main");
  if (!bk) {
    int rc = mj_fail(MJ_EIO, "cannot start backup: %s", sqlite3_errmsg(to));
    sqlite3_close(to);
    unlink(dest);
    return rc;
  }
  int src;
  do {
    src = sqlite3_backup_step(bk, 256);
    if (progress) progress(sqlite3_backup_remaining(bk), sqlite3_backup_pagecount(bk), arg);
    if (src == SQLITE_BUSY || src == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED);
  sqlite3_backup_finish(bk);
  int rc = MJ_OK;
  if (src != SQLITE_DONE) rc = mj_fail(MJ_EIO, "backup failed: %s", sqlite3_errstr(src));
  else if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
    rc = mj_fail(MJ_EIO, "backup finished but could not be finalised: %s", sqlite3_errmsg(to));
  sqlite3_close(to);
  if (rc) unlink(dest);
  return rc;
}

/* ---- per-thread connections ---- */
static char *pool_path;
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static Db **pool_all;
static int pool_n, pool_cap;
static __thread Db *tl_db;

void db_pool_init(const char *path) {
  free(pool_path);
  pool_path = xstrdup(path);
}

Db *db_thread(void) {
  if (tl_db) return tl_db;
  Db *db = NULL;
  if (db_open(pool_path, 0, &db)) {
    log_error("worker cannot open database: %s", mj_errmsg());
    return NULL;
  }
  pthread_mutex_lock(&pool_mu);
  if (pool_n == pool_cap) {
    pool_cap = pool_cap ? pool_cap * 2 : 16;
    pool_all = xrealloc(pool_all, sizeof(Db *) * (size_t)pool_cap);
  }
  pool_all[pool_n++] = db;
  pthread_mutex_unlock(&pool_mu);
  tl_db = db;
  return db;
}

void db_pool_close_all(void) {
  pthread_mutex_lock(&pool_mu);
  for (int i = 0; i < pool_n; i++) db_close(pool_all[i]);
  pool_n = 0;
  pthread_mutex_unlock(&pool_mu);
  tl_db = NULL; /* only the calling thread's pointer; others have exited */
}
