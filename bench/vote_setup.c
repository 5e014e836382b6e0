/*
** vote_setup.c: prepares the vote fan-out benchmark in a demo database: a
** body of 125 members (the size of Azerbaijan's Milli Majlis), a user and an
** API token for each, a chair, and a scheduled sitting of that body. Writes
** "sitting ID", "chair TOKEN" and one "member PERSON_ID TOKEN" line per
** member to standard output. Linked against build/libmajlis.a, so it uses
** the same domain functions as the server.
**
**   vote_setup DB [MEMBERS]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "meeting.h"
#include "user.h"

static void die(const char *what) {
  fprintf(stderr, "vote_setup: %s: %s\n", what, mj_errmsg());
  exit(1);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: vote_setup DB [MEMBERS]\n");
    return 2;
  }
  long long n = 125;
  if (argc > 2 && mj_parse_int(argv[2], 1, 10000, &n)) die("members");
  Db *db;
  if (db_open(argv[1], 0, &db)) die("open");
  Actor who = audit_cli_actor();
  if (db_meta_set(db, "require_totp", "0")) die("settings");
  if (db_begin(db)) die("begin");
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO organization(ident,classification,name_ar,name_en,seats,allow_ballot_change) "
           "VALUES('bench','committee','لجنة القياس','Benchmark committee',%lld,0)", n);
  if (db_exec(db, sql)) die("body");
  int64_t body = sqlite3_last_insert_rowid(db_handle(db));
  for (long long i = 0; i < n; i++) {
    snprintf(sql, sizeof sql, "INSERT INTO person(ident,name_ar,name_en) VALUES('bench/%lld','عضو %lld','Member %lld')",
             i + 1, i + 1, i + 1);
    if (db_exec(db, sql)) die("person");
    int64_t pid = sqlite3_last_insert_rowid(db_handle(db));
    snprintf(sql, sizeof sql, "INSERT INTO membership(person_id,organization_id,start_date) VALUES(%lld,%lld,'2000-01-01')",
             (long long)pid, (long long)body);
    if (db_exec(db, sql)) die("membership");
  }
  if (db_commit(db)) die("commit");
  /* the chair */
  if (user_create(db, &who, "bench_chair", NULL, "Chair", "presiding,clerk", 0, NULL, NULL)) die("chair");
  char tok[AUTH_TOKEN_HEX + 8];
  if (auth_token_create(db, &who, "bench_chair", "bench", 1, tok, NULL)) die("chair token");
  MeetingActor chair = {&who, 0};
  SittingInput in = {body, 0, 0, "2026-11-23", "10:00", "Benchmark"};
  int64_t sid;
  if (meeting_sitting_create(db, &chair, &in, &sid)) die("sitting");
  printf("sitting %lld\nchair %s\n", (long long)sid, tok);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db_handle(db), "SELECT person_id FROM membership WHERE organization_id=?1 ORDER BY person_id", -1,
                         &st, NULL) != SQLITE_OK)
    die("members");
  sqlite3_bind_int64(st, 1, body);
  int64_t *pids = malloc(sizeof(int64_t) * (size_t)n);
  int k = 0;
  while (k < n && sqlite3_step(st) == SQLITE_ROW) pids[k++] = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  for (int i = 0; i < k; i++) {
    char name[32];
    snprintf(name, sizeof name, "bench_m%d", i + 1);
    if (user_create(db, &who, name, NULL, name, "member", pids[i], NULL, NULL)) die("member");
    if (auth_token_create(db, &who, name, "bench", 1, tok, NULL)) die("member token");
    printf("member %lld %s\n", (long long)pids[i], tok);
  }
  free(pids);
  db_close(db);
  return 0;
}
