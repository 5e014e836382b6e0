/*
** testsql.h: the HTTP tests' own connection to their database and three
** helpers to query it with printf-style SQL (values the tests make
** themselves; never user input). Include once per test program.
*/
#ifndef MJ_TESTSQL_H
#define MJ_TESTSQL_H

#include <stdarg.h>
#include <stdio.h>

#include "db.h"

static Db *g_db;
static char g_dbpath[512];

static int64_t q_int(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *sql = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  sqlite3_stmt *st = NULL;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  else
    printf("#   query failed: %s: %s\n", sql, sqlite3_errmsg(db_handle(g_db)));
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return v;
}

/* The first column of the first row as a string the caller frees ("" if none). */
static char *q_str(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *sql = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  sqlite3_stmt *st = NULL;
  char *v = NULL;
  if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
  else
    printf("#   query failed: %s: %s\n", sql, sqlite3_errmsg(db_handle(g_db)));
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return v ? v : xstrdup("");
}

static int q_exec(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *sql = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  char *err = NULL;
  int rc = sqlite3_exec(db_handle(g_db), sql, NULL, NULL, &err);
  if (rc != SQLITE_OK) printf("#   exec failed: %s: %s\n", sql, err ? err : "?");
  sqlite3_free(err);
  sqlite3_free(sql);
  return rc == SQLITE_OK ? 0 : -1;
}

#endif
