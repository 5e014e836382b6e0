/*
** audit.c: appending to and verifying the hash chain. The chain is
** computed over a canonical encoding (netstrings) rather than SQLite's text
** of the row, so that verification does not depend on how a value happens
** to be stored.
*/
#include "audit.h"

#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

Actor audit_cli_actor(void) {
  static __thread char name[80];
  const char *login = getenv("USER");
  if (!login || !*login) {
    struct passwd *pw = getpwuid(getuid());
    login = pw ? pw->pw_name : "unknown";
  }
  snprintf(name, sizeof name, "cli:%s", login);
  Actor a = {0, name, "local", ~0u};
  return a;
}

static void netstring(Buf *b, const char *s) {
  if (!s) s = "";
  buf_printf(b, "%zu:", strlen(s));
  buf_puts(b, s);
  buf_putc(b, ',');
}

/* hex(SHA-256(prev_hex || encoding)) into out[65]. */
static void chain_hash(const char *prev_hex, int64_t id, const char *at, int64_t user_id,
                       const char *user_name, const char *address, const char *action,
                       const char *object, const char *summary, char out[65]) {
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  char num[32];
  buf_puts(&b, prev_hex);
  snprintf(num, sizeof num, "%lld", (long long)id);
  netstring(&b, num);
  netstring(&b, at);
  snprintf(num, sizeof num, "%lld", (long long)user_id);
  netstring(&b, num);
  netstring(&b, user_name);
  netstring(&b, address);
  netstring(&b, action);
  netstring(&b, object);
  netstring(&b, summary);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)b.p, b.n);
  sodium_bin2hex(out, 65, h, sizeof h);
  buf_free(&b);
}

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

int audit_append(Db *db, const Actor *who, const char *action, const char *object,
                 const char *summary_fmt, ...) {
  Buf sum;
  buf_init(&sum, 4096);
  va_list ap;
  va_start(ap, summary_fmt);
  buf_vprintf(&sum, summary_fmt, ap);
  va_end(ap);
  char prev[65];
  int64_t last_id = 0;
  mj_strlcpy(prev, GENESIS, sizeof prev);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (!st) {
    buf_free(&sum);
    return MJ_EIO;
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    last_id = sqlite3_column_int64(st, 0);
    mj_strlcpy(prev, (const char *)sqlite3_column_text(st, 1), sizeof prev);
  }
  db_done(st);
  int64_t id = last_id + 1;
  char at[32];
  int64_t ms = mj_now_ms();
  mj_iso8601(ms / 1000, at, sizeof at);
  char hash[65];
  const char *summary = sum.p ? sum.p : "";
  chain_hash(prev, id, at, who->user_id, who->user_name, who->address, action, object, summary, hash);
  st = db_stmt(db, "INSERT INTO audit(id,at,user_id,user_name,address,action,object,summary,hash) "
                   "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  if (!st) {
    buf_free(&sum);
    return MJ_EIO;
  }
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
  if (who->user_id) sqlite3_bind_int64(st, 3, who->user_id);
  sqlite3_bind_text(st, 4, who->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, who->address, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, action, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, object, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, summary, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 9, hash, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "appending to the audit trail");
  db_done(st);
  buf_free(&sum);
  return rc;
}

int audit_verify(Db *db, int64_t *bad_id, int64_t *count) {
  *bad_id = 0;
  *count = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id,at,user_id,user_name,address,action,object,summary,hash "
                                 "FROM audit ORDER BY id");
  if (!st) return MJ_EIO;
  char prev[65];
  mj_strlcpy(prev, GENESIS, sizeof prev);
  int64_t expect = 1;
  int rc = MJ_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    char h[65];
#define COL(i) ((const char *)sqlite3_column_text(st, i))
    chain_hash(prev, id, COL(1), sqlite3_column_int64(st, 2), COL(3), COL(4), COL(5), COL(6), COL(7), h);
    const char *stored = COL(8);
#undef COL
    (*count)++;
    if (id != expect) {
      *bad_id = id;
      rc = mj_fail(MJ_EINVAL, "audit row %lld: expected row %lld here; rows were deleted or reordered",
                   (long long)id, (long long)expect);
      break;
    }
    if (!stored || strcmp(stored, h) != 0) {
      *bad_id = id;
      rc = mj_fail(MJ_EINVAL, "audit row %lld: its content or its place in the chain was altered",
                   (long long)id);
      break;
    }
    mj_strlcpy(prev, stored, sizeof prev);
    expect++;
  }
  db_done(st);
  return rc;
}

int audit_export(Db *db, const char *since, void *fpv) {
  FILE *fp = fpv;
  sqlite3_stmt *st = db_stmt(db, "SELECT id,at,user_id,user_name,address,action,object,summary,hash "
                                 "FROM audit WHERE ?1 IS NULL OR at >= ?1 ORDER BY id");
  if (!st) return MJ_EIO;
  if (since) sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
  static const char *keys[] = {"id", "at", "user_id", "user", "address", "action", "object", "summary", "hash"};
  while (sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    for (int i = 0; i < 9; i++) {
      if (sqlite3_column_type(st, i) == SQLITE_NULL) json_object_set_new(o, keys[i], json_null());
      else if (i == 0 || i == 2) json_object_set_new(o, keys[i], json_integer(sqlite3_column_int64(st, i)));
      else json_object_set_new(o, keys[i], json_string((const char *)sqlite3_column_text(st, i)));
    }
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputs(line, fp);
    fputc('\n', fp);
    free(line);
    json_decref(o);
  }
  db_done(st);
  return MJ_OK;
}
