/*
** testsql.h: the HTTP tests' own connection to their database and three
** helpers to query it with printf-style SQL (values the tests make
** themselves; never user input). Include once per test program.
*/
#ifndef MJ_TESTSQL_H
#define MJ_TESTSQL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "demo.h"
#include "web.h"

static Db *g_db;
static char g_dbpath[512];

__attribute__((unused)) static int64_t q_int(const char *fmt, ...) {
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
__attribute__((unused)) static char *q_str(const char *fmt, ...) {
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

__attribute__((unused)) static int q_exec(const char *fmt, ...) {
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

/* ---- the database and the server every HTTP test starts from ---- */

/* Removes the test database and the files SQLite and Majlis keep beside it. */
__attribute__((unused)) static void test_remove_db(void) {
  static const char *sfx[] = {"", "-wal", "-shm", ".key"};
  for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
    char w[600];
    snprintf(w, sizeof w, "%s%s", g_dbpath, sfx[i]);
    remove(w);
  }
}

/* A fresh demo parliament (seed 7, anchored on 2026-11-23) in g_db. Prints a
** "not ok" line and returns 1 on failure. */
__attribute__((unused)) static int test_open_demo(const char *tag) {
  th_tmpdb(g_dbpath, sizeof g_dbpath, tag);
  test_remove_db();
  if (db_open(g_dbpath, DB_CREATE | DB_MUST_NEW, &g_db)) {
    printf("not ok - cannot create %s: %s\n", g_dbpath, mj_errmsg());
    return 1;
  }
  Actor who = audit_cli_actor();
  DemoOptions o = {7, "2026-11-23", NULL, NULL, NULL};
  DemoResult res;
  if (demo_create(g_db, &who, &o, &res)) {
    printf("not ok - demo_create: %s\n", mj_errmsg());
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  return 0;
}

/* The real server in-process on an ephemeral loopback port, with the test
** settings (short heartbeats, 64 KiB bodies, no per-address cap). Prints a
** "not ok" line, closes and removes the database, and returns 1 on failure. */
__attribute__((unused)) static int test_start_server(Server **srv, int *port) {
  ServerConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.db_path = g_dbpath;
  cfg.listen = "127.0.0.1:0";
  cfg.quiet = 1;
  cfg.threads = 2;
  cfg.per_ip_limit = 0;
  cfg.heartbeat_ms = 300;
  cfg.max_body = 65536;
  if (server_start(&cfg, srv, port) || *port <= 0) {
    printf("not ok - server_start: %s\n", mj_errmsg());
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  return 0;
}

__attribute__((unused)) static void test_finish(Server *srv) {
  server_stop(srv);
  db_close(g_db);
  test_remove_db();
}

#endif
