/*
** store: the one SQLite database file. Opening with the house pragmas,
** schema migrations embedded in the binary, a per-connection statement
** cache, short write transactions, per-thread connections for the web
** server, integrity checks and online backup.
*/
#ifndef MJ_DB_H
#define MJ_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "base.h"

/* The schema version this binary writes; PRAGMA user_version holds it. */
int db_schema_version(void);

typedef struct Db Db;

enum {
  DB_CREATE = 1,   /* create the file if missing and migrate it */
  DB_MUST_NEW = 2, /* refuse an existing non-empty database */
  DB_READONLY = 4  /* open read-only (no migration) */
};

/* Opens `path` with WAL, foreign_keys, busy_timeout. Migrates an older
** schema forward; refuses a newer one (MJ_ECONFLICT) or a file that is not
** a Majlis database. On success *out is owned by the caller (db_close). */
int db_open(const char *path, int flags, Db **out);
void db_close(Db *db);
sqlite3 *db_handle(Db *db);
const char *db_path(Db *db);

/* A cached prepared statement for `sql` (a string literal: its address is
** the cache key). Reset and unbound; the caller steps it and must call
** db_done(stmt) (a reset) when finished. NULL on a prepare error, with
** mj_errmsg() set. */
sqlite3_stmt *db_stmt(Db *db, const char *sql);
void db_done(sqlite3_stmt *st);

/* Runs SQL without results; MJ_EIO with the SQLite message on failure. */
int db_exec(Db *db, const char *sql);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int db_begin(Db *db);
int db_commit(Db *db);
void db_rollback(Db *db);
/* Maps a SQLite result code to ours, with a message naming `what`. */
int db_err(Db *db, const char *what);

/* Single-value helpers for simple queries with up to one int64 parameter
** (pass have_param=0 to bind nothing). */
int64_t db_int(Db *db, const char *sql, int have_param, int64_t param, int64_t dflt);
/* Meta key/value store (instance settings). Returned text from db_meta_get
** is the caller's to free; NULL when missing. */
char *db_meta_get(Db *db, const char *key);
int db_meta_set(Db *db, const char *key, const char *value);

/* Integrity: SQLite integrity_check and the full-text index check. Writes
** findings to *report (caller frees); MJ_OK when all is well. */
int db_check(Db *db, char **report);
/* Consistent online copy of the database to dest (which must not exist),
** using SQLite's backup API in steps so writers are not blocked for long.
** progress (may be NULL) is called with remaining/total pages. */
int db_backup(Db *db, const char *dest, void (*progress)(int remaining, int total, void *), void *arg);

/* ---- per-thread connections (web server) ----
** db_pool_init records the path; db_thread() opens this thread's connection
** on first use and keeps it; db_pool_close_all() closes every one of them
** (call after all threads have stopped). */
void db_pool_init(const char *path);
Db *db_thread(void);
void db_pool_close_all(void);

#endif
