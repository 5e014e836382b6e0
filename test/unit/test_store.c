/*
** test_store.c: the database layer and the domain rules that sit on it:
** migrations and version refusal, constraints, the audit chain and its
** tamper detection, integrity checks, online backup, users, and the
** determinism of the demo parliament.
*/
#include <sodium.h>
#include <unistd.h>

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "harness.h"
#include "user.h"

static char path[512];

static Db *fresh(const char *tag) {
  th_tmpdb(path, sizeof path, tag);
  Db *db = NULL;
  int rc = db_open(path, DB_CREATE | DB_MUST_NEW, &db);
  if (rc) printf("#   db_open: %s\n", mj_errmsg());
  return db;
}

static void cleanup(void) {
  char w[600];
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
}

static void migrations_and_versions(void) {
  Db *db = fresh("mig");
  CHECK(db != NULL);
  if (!db) return;
  CHECK_EQ_INT(db_int(db, "PRAGMA user_version", 0, 0, -1), db_schema_version());
  CHECK_EQ_INT(db_int(db, "PRAGMA foreign_keys", 0, 0, -1), 1);
  /* one search index since schema 15: ours, no FTS5 table beside it */
  CHECK(db_int(db, "SELECT count(*) FROM sqlite_schema WHERE name='search_term'", 0, 0, 0) == 1);
  CHECK(db_int(db, "SELECT count(*) FROM sqlite_schema WHERE name='speech_fts'", 0, 0, -1) == 0);
  db_close(db);
  /* opening again does not migrate twice, and DB_MUST_NEW refuses */
  CHECK_EQ_INT(db_open(path, 0, &db), MJ_OK);
  db_close(db);
  CHECK_EQ_INT(db_open(path, DB_CREATE | DB_MUST_NEW, &db), MJ_ECONFLICT);
  /* a database from a newer Majlis is refused with a clear message */
  sqlite3 *h;
  sqlite3_open(path, &h);
  sqlite3_exec(h, "PRAGMA user_version=999", NULL, NULL, NULL);
  sqlite3_close(h);
  CHECK_EQ_INT(db_open(path, 0, &db), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "newer Majlis");
  cleanup();
  /* a SQLite file that is not ours is refused, and left untouched */
  sqlite3_open(path, &h);
  sqlite3_exec(h, "CREATE TABLE other(x); INSERT INTO other VALUES(1)", NULL, NULL, NULL);
  sqlite3_close(h);
  CHECK_EQ_INT(db_open(path, 0, &db), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "not a Majlis");
  cleanup();
  /* a missing file without DB_CREATE says how to create one */
  CHECK_EQ_INT(db_open(path, 0, &db), MJ_ENOTFOUND);
  CHECK_CONTAINS(mj_errmsg(), "majlis init");
  /* garbage is refused */
  FILE *f = fopen(path, "w");
  fputs("this is not a database, just text long enough to have a header..........................................", f);
  fclose(f);
  CHECK(db_open(path, 0, &db) != MJ_OK);
  cleanup();
}

static void constraints_hold(void) {
  Db *db = fresh("cons");
  if (!db) return;
  int rc = db_exec(db,
                   "INSERT INTO organization(id,classification,name_ar) VALUES(1,'chamber','مجلس');"
                   "INSERT INTO person(id,name_ar) VALUES(1,'أ'),(2,'ب');"
                   "INSERT INTO sitting(id,body_id,number,date) VALUES(1,1,1,'2026-01-06');"
                   "INSERT INTO vote_event(id,sitting_id,title,opened_at) VALUES(1,1,'t','2026-01-06T10:00:00');"
                   "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) VALUES(1,1,'yes','2026-01-06T10:01:00');");
  CHECK_EQ_INT(rc, MJ_OK);
  /* one ballot per member per vote event */
  CHECK(db_exec(db, "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) VALUES(1,1,'no','2026-01-06T10:02:00')") != MJ_OK);
  CHECK(db_exec(db, "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) VALUES(1,2,'maybe','2026-01-06T10:02:00')") != MJ_OK);
  CHECK(db_exec(db, "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) VALUES(1,99,'yes','2026-01-06T10:02:00')") != MJ_OK); /* foreign key */
  /* a closed vote must have a result and an open one none */
  CHECK(db_exec(db, "UPDATE vote_event SET status='closed' WHERE id=1") != MJ_OK);
  CHECK(db_exec(db, "INSERT INTO sitting(body_id,number,date) VALUES(1,2,'6 Jan 2026')") != MJ_OK);
  CHECK(db_exec(db, "INSERT INTO event(at,type,payload) VALUES(1,'x','not json')") != MJ_OK);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM ballot", 0, 0, -1), 1);
  db_close(db);
  cleanup();
}

static void audit_chain_detects_tampering(void) {
  Db *db = fresh("audit");
  if (!db) return;
  Actor who = {7, "tester", "127.0.0.1", ~0u};
  for (int i = 0; i < 4; i++) {
    CHECK_EQ_INT(db_begin(db), MJ_OK);
    CHECK_EQ_INT(audit_append(db, &who, "test.act", "thing/1", "change number %d", i), MJ_OK);
    CHECK_EQ_INT(db_commit(db), MJ_OK);
  }
  int64_t bad, n;
  CHECK_EQ_INT(audit_verify(db, &bad, &n), MJ_OK);
  CHECK_EQ_INT(n, 4);
  /* the application cannot change the trail */
  CHECK(db_exec(db, "UPDATE audit SET summary='x' WHERE id=2") != MJ_OK);
  CHECK(db_exec(db, "DELETE FROM audit WHERE id=2") != MJ_OK);
  /* someone with the file can, but verification names the row */
  CHECK_EQ_INT(db_exec(db, "DROP TRIGGER audit_no_update; UPDATE audit SET summary='forged' WHERE id=3"), MJ_OK);
  CHECK_EQ_INT(audit_verify(db, &bad, &n), MJ_EINVAL);
  CHECK_EQ_INT(bad, 3);
  CHECK_CONTAINS(mj_errmsg(), "row 3");
  /* putting the original text back restores the chain; deleting a row breaks it at the next */
  CHECK_EQ_INT(db_exec(db, "UPDATE audit SET summary='change number 2' WHERE id=3"), MJ_OK);
  CHECK_EQ_INT(audit_verify(db, &bad, &n), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=2"), MJ_OK);
  CHECK_EQ_INT(audit_verify(db, &bad, &n), MJ_EINVAL);
  CHECK_EQ_INT(bad, 3);
  db_close(db);
  cleanup();
}

static void integrity_and_backup(void) {
  Db *db = fresh("backup");
  if (!db) return;
  Actor who = audit_cli_actor();
  DemoOptions o = {11, "2026-11-23", NULL, NULL, NULL};
  DemoResult res;
  CHECK_EQ_INT(demo_create(db, &who, &o, &res), MJ_OK);
  char *report = NULL;
  CHECK_EQ_INT(db_check(db, &report), MJ_OK);
  CHECK_CONTAINS(report, "database: ok");
  free(report);
  char dest[600];
  snprintf(dest, sizeof dest, "%s.copy", path);
  remove(dest);
  CHECK_EQ_INT(db_backup(db, dest, NULL, NULL), MJ_OK);
  CHECK_EQ_INT(db_backup(db, dest, NULL, NULL), MJ_ECONFLICT); /* never overwrites */
  Db *copy;
  CHECK_EQ_INT(db_open(dest, DB_READONLY, &copy), MJ_OK);
  if (copy) {
    CHECK_EQ_INT(db_int(copy, "SELECT count(*) FROM speech", 0, 0, -1), res.speeches);
    CHECK_EQ_INT(db_int(copy, "SELECT count(*) FROM ballot", 0, 0, -1), res.ballots);
    int64_t bad, n;
    CHECK_EQ_INT(audit_verify(copy, &bad, &n), MJ_OK);
    db_close(copy);
  }
  remove(dest);
  /* an FTS5 table of one's own (the tokenizer is on every connection) is
  ** checked too, and one out of step with its content is reported */
  CHECK_EQ_INT(db_exec(db, "CREATE VIRTUAL TABLE probe_fts USING fts5(text, content='speech', content_rowid='id', "
                           "tokenize='majlis'); INSERT INTO probe_fts(probe_fts) VALUES('rebuild')"), MJ_OK);
  CHECK_EQ_INT(db_check(db, &report), MJ_OK);
  CHECK_CONTAINS(report, "full-text index probe_fts: ok");
  free(report);
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET text='altered behind the index' WHERE id=5"), MJ_OK);
  CHECK(db_check(db, &report) != MJ_OK);
  CHECK_CONTAINS(report, "full-text index probe_fts: ");
  CHECK(strstr(report, "probe_fts: ok") == NULL);
  free(report);
  db_close(db);
  cleanup();
}

static void users_and_passwords(void) {
  CHECK_EQ_INT(user_password_acceptable("short"), MJ_EINVAL);
  CHECK_EQ_INT(user_password_acceptable("password1234"), MJ_EINVAL);
  CHECK_EQ_INT(user_password_acceptable("aaaaaaaaaaaaaa"), MJ_EINVAL);
  CHECK_EQ_INT(user_password_acceptable("correct horse battery staple"), MJ_OK);
  char *h = NULL;
  CHECK_EQ_INT(user_password_hash("correct horse battery staple", &h), MJ_OK);
  CHECK(h && mj_startswith(h, "$argon2id$"));
  CHECK(user_password_verify(h, "correct horse battery staple"));
  CHECK(!user_password_verify(h, "correct horse battery stapler"));
  free(h);
  char gen[20];
  user_password_generate(gen, 16);
  CHECK_EQ_INT(strlen(gen), 16);
  CHECK_EQ_INT(user_password_acceptable(gen), MJ_OK);

  Db *db = fresh("users");
  if (!db) return;
  Actor admin = audit_cli_actor();
  Actor nobody = {0, "anon", "127.0.0.1", CAP_READ_PUBLIC};
  int64_t id = 0;
  CHECK_EQ_INT(user_create(db, &admin, "clerk1", "كاتب", "Clerk", "clerk,member", 0, "a long enough pass", &id), MJ_OK);
  CHECK(id > 0);
  int64_t audits = db_int(db, "SELECT count(*) FROM audit", 0, 0, -1);
  /* refused requests change nothing */
  CHECK_EQ_INT(user_create(db, &admin, "clerk1", NULL, NULL, "clerk", 0, NULL, NULL), MJ_ECONFLICT);
  CHECK_EQ_INT(user_create(db, &admin, "x2", NULL, NULL, "clerk,wizard", 0, NULL, NULL), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "wizard");
  CHECK_EQ_INT(user_create(db, &admin, "Bad Name", NULL, NULL, "clerk", 0, NULL, NULL), MJ_EINVAL);
  CHECK_EQ_INT(user_create(db, &admin, "x3", NULL, NULL, "clerk", 0, "short", NULL), MJ_EINVAL);
  CHECK_EQ_INT(user_create(db, &nobody, "x4", NULL, NULL, "clerk", 0, NULL, NULL), MJ_EDENIED);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM user", 0, 0, -1), 1);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM user_role", 0, 0, -1), 2);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM audit", 0, 0, -1), audits);
  db_close(db);
  cleanup();
}

/* A digest of everything the demo wrote that does not depend on the clock. */
static void demo_digest(Db *db, unsigned char out[32]) {
  crypto_hash_sha256_state s;
  crypto_hash_sha256_init(&s);
  static const char *qs[] = {
    "SELECT group_concat(name_ar || coalesce(name_en,''), '|') FROM (SELECT * FROM person ORDER BY id)",
    "SELECT group_concat(text, '|') FROM (SELECT text FROM speech ORDER BY id)",
    "SELECT group_concat(vote_event_id || person_id || option, '|') FROM (SELECT * FROM ballot ORDER BY 1,2)",
    "SELECT group_concat(date || status || coalesce(place,''), '|') FROM (SELECT * FROM sitting ORDER BY id)",
  };
  for (size_t i = 0; i < MJ_COUNT(qs); i++) {
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db), qs[i], -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      crypto_hash_sha256_update(&s, sqlite3_column_text(st, 0), (unsigned long long)sqlite3_column_bytes(st, 0));
    sqlite3_finalize(st);
  }
  crypto_hash_sha256_final(&s, out);
}

static void demo_is_deterministic(void) {
  unsigned char d[3][32];
  uint64_t seeds[3] = {5, 5, 6};
  DemoResult res;
  for (int k = 0; k < 3; k++) {
    Db *db = fresh("demo");
    if (!db) return;
    Actor who = audit_cli_actor();
    DemoOptions o = {seeds[k], "2026-11-23", NULL, NULL, NULL};
    CHECK_EQ_INT(demo_create(db, &who, &o, &res), MJ_OK);
    demo_digest(db, d[k]);
    if (k == 0) {
      CHECK_EQ_INT(res.members, 40);
      CHECK_EQ_INT(res.committees, 5);
      CHECK_EQ_INT(res.sittings, 12);
      CHECK(res.votes > 0 && res.speeches > 100);
      /* the counts it reports are what is in the database */
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM speech", 0, 0, -1), res.speeches);
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM vote_event", 0, 0, -1), res.votes);
      /* two sittings are upcoming and scheduled, the rest closed */
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM sitting WHERE date > '2026-11-23' AND status='scheduled'", 0, 0, -1), 1);
      /* today's sitting is in progress: open, an item under debate, a vote open */
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM sitting WHERE date = '2026-11-23' AND status='open' "
                              "AND current_item_id IS NOT NULL", 0, 0, -1), 1);
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM vote_event WHERE status='open'", 0, 0, -1), 1);
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM speaker_request WHERE status='speaking'", 0, 0, -1), 1);
      CHECK(res.present_today >= 21); /* quorum */
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM sitting WHERE date < '2026-11-23' AND status='closed'", 0, 0, -1), 10);
      /* every result agrees with its ballots and rule */
      CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM vote_event v WHERE result IS NULL AND status='closed'", 0, 0, -1), 0);
      CHECK(db_int(db, "SELECT count(*) FROM speech WHERE lang='en'", 0, 0, -1) > 0);
      CHECK(db_int(db, "SELECT count(*) FROM speech WHERE lang='ar'", 0, 0, -1) > 100);
      /* a second demo into the same file is refused */
      CHECK_EQ_INT(demo_create(db, &who, &o, &res), MJ_ECONFLICT);
    }
    db_close(db);
    cleanup();
  }
  CHECK(memcmp(d[0], d[1], 32) == 0);
  CHECK(memcmp(d[0], d[2], 32) != 0);
  /* a bad date changes nothing */
  Db *db = fresh("demo-bad");
  if (!db) return;
  Actor who = audit_cli_actor();
  DemoOptions o = {1, "23/11/2026", NULL, NULL, NULL};
  CHECK_EQ_INT(demo_create(db, &who, &o, &res), MJ_EINVAL);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM person", 0, 0, -1), 0);
  db_close(db);
  cleanup();
}

int main(void) {
  if (sodium_init() < 0) return 1;
  RUN(migrations_and_versions);
  RUN(constraints_hold);
  RUN(audit_chain_detects_tampering);
  RUN(integrity_and_backup);
  RUN(users_and_passwords);
  RUN(demo_is_deterministic);
  return DONE();
}
