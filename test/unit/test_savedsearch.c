/*
** test_savedsearch.c: the domain rules of search synonyms and saved
** searches, below the faces: the display form and comparison key of a term
** (NFC, white space, marks and hamza seats, case), duplicates within and
** across groups, the capability check (a reader is refused and nothing is
** stored), transactions left clean after a refusal, the audit rows; saved
** searches' checks, owner-only reads, share tokens, the per-user limit and
** the name rules.
*/
#include <unistd.h>

#include "audit.h"
#include "db.h"
#include "harness.h"
#include "savedsearch.h"
#include "synonyms.h"
#include "user.h"

static char path[512];
static Db *db;
static Arena *ar;

static int64_t count(const char *sql) { return db_int(db, sql, 0, 0, -1); }

static int64_t make_user(const char *name) {
  Actor cli = audit_cli_actor();
  int64_t id = 0;
  if (user_create(db, &cli, name, NULL, name, "staff", 0, NULL, &id)) printf("#   user_create: %s\n", mj_errmsg());
  return id;
}

/* ---------------------------------------------------------------- synonyms */

static void test_clean_and_key(void) {
  const char *s;
  CHECK_EQ_INT(synonyms_clean(ar, "  Ahmed \t Al\n Khayyat  ", &s), MJ_OK);
  CHECK_STR(s, "Ahmed Al Khayyat");
  /* NFC: e + combining acute is stored composed */
  CHECK_EQ_INT(synonyms_clean(ar, "Jose\xCC\x81", &s), MJ_OK);
  CHECK_STR(s, "Jos\xC3\xA9");
  /* no-break space is white space */
  CHECK_EQ_INT(synonyms_clean(ar, "a\xC2\xA0" "b", &s), MJ_OK);
  CHECK_STR(s, "a b");
  CHECK_EQ_INT(synonyms_clean(ar, "", &s), MJ_EINVAL);
  CHECK_EQ_INT(synonyms_clean(ar, "   ", &s), MJ_EINVAL);
  CHECK_EQ_INT(synonyms_clean(ar, NULL, &s), MJ_EINVAL);
  CHECK_EQ_INT(synonyms_clean(ar, "a\x01" "b", &s), MJ_EINVAL);
  CHECK_EQ_INT(synonyms_clean(ar, "bad \xC3\x28 utf8", &s), MJ_EINVAL);
  CHECK_EQ_INT(synonyms_clean(ar, "!?!", &s), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "no letter or digit");
  char hundred[401], more[404];
  for (int i = 0; i < 100; i++) memcpy(hundred + 2 * i, "\xD8\xA8", 2); /* 100 letters, 200 bytes */
  hundred[200] = 0;
  CHECK_EQ_INT(synonyms_clean(ar, hundred, &s), MJ_OK);
  snprintf(more, sizeof more, "%sx", hundred);
  CHECK_EQ_INT(synonyms_clean(ar, more, &s), MJ_EINVAL);
  /* keys: what search reads */
  CHECK_STR(synonyms_key(ar, "\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF"), synonyms_key(ar, "\xD8\xA7\xD8\xAD\xD9\x85\xD8\xAF")); /* أحمد احمد */
  CHECK_STR(synonyms_key(ar, "AHMED  al"), "ahmed al");
  CHECK_STR(synonyms_key(ar, "\xD9\x85\xD9\x8F\xD8\xAD\xD9\x8E\xD9\x85\xD9\x8E\xD9\x91\xD8\xAF"), synonyms_key(ar, "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF")); /* vocalised */
  /* مسؤول and مسئول are one word since schema 14; مسوول (no hamza) is another */
  CHECK_STR(synonyms_key(ar, "مسؤول"), synonyms_key(ar, "مسئول"));
  CHECK(strcmp(synonyms_key(ar, "مسؤول"), synonyms_key(ar, "مسوول")) != 0);
}

static void test_groups(void) {
  Actor cli = audit_cli_actor();
  int64_t g = 0;
  const char *t1[] = {"أحمد", "Ahmed", "Ahmad"};
  CHECK_EQ_INT(synonyms_add_group(db, &cli, ar, t1, 3, "ar", &g), MJ_OK);
  CHECK_EQ_INT(g, 1);
  const char *t2[] = {"مسؤول", "مسوول"};
  CHECK_EQ_INT(synonyms_add_group(db, &cli, ar, t2, 2, NULL, &g), MJ_OK);
  CHECK_EQ_INT(g, 2);
  CHECK_EQ_INT(count("SELECT count(*) FROM search_synonym"), 5);
  CHECK_EQ_INT(count("SELECT count(*) FROM audit WHERE action='synonym.group_add'"), 2);
  int64_t audits = count("SELECT count(*) FROM audit");
  /* refusals change nothing, and leave no transaction open */
  const char *dup[] = {"Akhmed", "احمد"};
  CHECK_EQ_INT(synonyms_add_group(db, &cli, ar, dup, 2, NULL, &g), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "already in synonym group 1");
  const char *same[] = {"Zeta", "ZETA"};
  CHECK_EQ_INT(synonyms_add_group(db, &cli, ar, same, 2, NULL, &g), MJ_ECONFLICT);
  const char *one[] = {"Solo"};
  CHECK_EQ_INT(synonyms_add_group(db, &cli, ar, one, 1, NULL, &g), MJ_EINVAL);
  CHECK_EQ_INT(synonyms_add_group(db, &cli, ar, t2, 2, "Arabic", &g), MJ_EINVAL);
  const char *dup2[] = {"مسئول"}; /* the key of مسؤول, in group 2 */
  CHECK_EQ_INT(synonyms_add_terms(db, &cli, ar, 1, dup2, 1, NULL), MJ_ECONFLICT);
  CHECK_EQ_INT(synonyms_add_terms(db, &cli, ar, 42, one, 1, NULL), MJ_ENOTFOUND);
  Actor reader = {7, "reader", "local", CAP_READ_PUBLIC | CAP_HANSARD_REPORT};
  const char *t3[] = {"Foo", "Bar"};
  CHECK_EQ_INT(synonyms_add_group(db, &reader, ar, t3, 2, NULL, &g), MJ_EDENIED);
  CHECK_EQ_INT(synonyms_remove_group(db, &reader, 1, NULL), MJ_EDENIED);
  CHECK_EQ_INT(synonyms_remove_term(db, &reader, ar, 1, NULL, NULL), MJ_EDENIED);
  CHECK_EQ_INT(count("SELECT count(*) FROM search_synonym"), 5);
  CHECK_EQ_INT(count("SELECT count(*) FROM audit"), audits);
  CHECK_EQ_INT(db_begin(db), MJ_OK); /* nothing was left open */
  db_rollback(db);
  /* an editor may */
  Actor editor = {8, "editor", "local", CAP_READ_PUBLIC | CAP_HANSARD_EDIT};
  const char *add[] = {"Akhmed"};
  CHECK_EQ_INT(synonyms_add_terms(db, &editor, ar, 1, add, 1, "en"), MJ_OK);
  CHECK_EQ_INT(count("SELECT count(*) FROM search_synonym WHERE grp=1 AND created_by='editor' AND lang='en'"), 1);
  /* find by any spelling of a member */
  SynGroup sg;
  CHECK_EQ_INT(synonyms_find(db, ar, "AHMAD", &sg), MJ_OK);
  CHECK_EQ_INT(sg.grp, 1);
  CHECK_EQ_INT(sg.n, 4);
  CHECK_STR(sg.terms[0].term, "أحمد");
  CHECK_STR(sg.terms[3].term, "Akhmed");
  CHECK_EQ_INT(synonyms_find(db, ar, "Nobody", &sg), MJ_ENOTFOUND);
  /* list */
  SynGroup *gs;
  int n;
  CHECK_EQ_INT(synonyms_list(db, ar, &gs, &n), MJ_OK);
  CHECK_EQ_INT(n, 2);
  CHECK_EQ_INT(gs[1].n, 2);
  CHECK(gs[1].terms[0].lang == NULL);
  /* remove */
  int64_t grp = 0;
  CHECK_EQ_INT(synonyms_remove_term(db, &editor, ar, 0, "احمد", &grp), MJ_OK); /* stored as أحمد */
  CHECK_EQ_INT(grp, 1);
  CHECK_EQ_INT(count("SELECT count(*) FROM search_synonym WHERE grp=1"), 3);
  CHECK_EQ_INT(synonyms_remove_term(db, &editor, ar, 999, NULL, NULL), MJ_ENOTFOUND);
  int k = 0;
  CHECK_EQ_INT(synonyms_remove_group(db, &editor, 2, &k), MJ_OK);
  CHECK_EQ_INT(k, 2);
  CHECK_EQ_INT(synonyms_remove_group(db, &editor, 2, &k), MJ_ENOTFOUND);
  /* a removed term may be used again, elsewhere */
  const char *again[] = {"مسوول", "أحمد"};
  CHECK_EQ_INT(synonyms_add_group(db, &editor, ar, again, 2, NULL, &g), MJ_OK);
  CHECK_EQ_INT(g, 3); /* group numbers are never reused */
  /* nor term ids: the newest removed, another added, gets a new one */
  int64_t top = count("SELECT max(id) FROM search_synonym");
  CHECK_EQ_INT(synonyms_remove_term(db, &editor, ar, top, NULL, NULL), MJ_OK);
  const char *other[] = {"Ahmet"};
  CHECK_EQ_INT(synonyms_add_terms(db, &editor, ar, 3, other, 1, NULL), MJ_OK);
  CHECK_EQ_INT(count("SELECT max(id) FROM search_synonym"), top + 1);
  CHECK_EQ_INT(count("SELECT id FROM search_synonym WHERE term='Ahmet'"), top + 1);
  CHECK_EQ_INT(count("SELECT count(*) FROM audit WHERE action LIKE 'synonym.%'"), 8);
}

/* ---------------------------------------------------------------- saved searches */

static void test_saved(void) {
  int64_t ua = make_user("u_a"), ub = make_user("u_b");
  Actor a = {ua, "u_a", "local", CAP_READ_PUBLIC}, b = {ub, "u_b", "local", CAP_READ_PUBLIC}, anon = {0, "public", "web", 0};
  SavedSearch s, t;
  const char *nm, *q;
  CHECK_EQ_INT(savedsearch_check(ar, "  Tax \n watch ", "  budget  ", "date", &nm, &q), MJ_OK);
  CHECK_STR(nm, "Tax watch");
  CHECK_STR(q, "budget");
  CHECK_EQ_INT(savedsearch_check(ar, "x", "budget", "random", &nm, &q), MJ_EINVAL);
  CHECK_EQ_INT(savedsearch_check(ar, "x", "", NULL, &nm, &q), MJ_EINVAL);
  CHECK_EQ_INT(savedsearch_check(ar, "x", "speaker:", NULL, &nm, &q), MJ_EINVAL);
  CHECK_EQ_INT(savedsearch_create(db, &anon, ar, "x", "budget", NULL, 0, 0, &s), MJ_EAUTH);
  CHECK_EQ_INT(savedsearch_create(db, &a, ar, "Tax", "tax from:2025-01-01", NULL, 1, 0, &s), MJ_OK);
  CHECK_STR(s.sort, "relevance");
  CHECK_EQ_INT(s.recency, 1); /* favour recent sittings, kept */
  CHECK(s.share_token == NULL);
  CHECK_EQ_INT(s.user_id, ua);
  CHECK_EQ_INT(savedsearch_create(db, &a, ar, "Tax", "other", NULL, 0, 0, &t), MJ_ECONFLICT);
  CHECK_EQ_INT(savedsearch_create(db, &b, ar, "Tax", "other", NULL, 0, 1, &t), MJ_OK); /* names are per user */
  CHECK_EQ_INT(strlen(t.share_token), 64);
  CHECK_EQ_INT(t.recency, 0);
  /* owner only */
  CHECK_EQ_INT(savedsearch_get(db, ar, &b, s.id, &t), MJ_ENOTFOUND);
  CHECK_EQ_INT(savedsearch_get(db, ar, &a, s.id, &t), MJ_OK);
  CHECK_STR(t.query, "tax from:2025-01-01");
  CHECK_EQ_INT(t.recency, 1); /* read back from the row */
  CHECK_EQ_INT(t.literal, 0); /* words respelt unless asked */
  SavedSearch w;
  CHECK_EQ_INT(savedsearch_create(db, &a, ar, "As written", "budgit", NULL, SAVED_LITERAL, 0, &w), MJ_OK);
  CHECK_EQ_INT(w.literal, 1);
  CHECK_EQ_INT(w.recency, 0);
  CHECK_EQ_INT(savedsearch_get(db, ar, &a, w.id, &t), MJ_OK);
  CHECK_EQ_INT(t.literal, 1); /* read back from the row */
  CHECK_EQ_INT(savedsearch_delete(db, &a, w.id), MJ_OK);
  CHECK_EQ_INT(savedsearch_update(db, &b, ar, s.id, "Mine", -1, NULL), MJ_ENOTFOUND);
  CHECK_EQ_INT(savedsearch_delete(db, &b, s.id), MJ_ENOTFOUND);
  CHECK_EQ_INT(count("SELECT count(*) FROM saved_search"), 2);
  /* shared */
  CHECK_EQ_INT(savedsearch_get_shared(db, ar, s.id, "", &t), MJ_ENOTFOUND);
  CHECK_EQ_INT(savedsearch_update(db, &a, ar, s.id, NULL, 1, &t), MJ_OK);
  char tok[65];
  mj_strlcpy(tok, t.share_token, sizeof tok);
  CHECK_EQ_INT(savedsearch_get_shared(db, ar, s.id, tok, &t), MJ_OK);
  CHECK_EQ_INT(savedsearch_update(db, &a, ar, s.id, NULL, 1, &t), MJ_OK); /* sharing again keeps the link */
  CHECK_STR(t.share_token, tok);
  CHECK_EQ_INT(savedsearch_get_shared(db, ar, s.id + 1, tok, &t), MJ_ENOTFOUND); /* another id */
  CHECK_EQ_INT(savedsearch_update(db, &a, ar, s.id, NULL, 0, &t), MJ_OK);
  CHECK_EQ_INT(savedsearch_get_shared(db, ar, s.id, tok, &t), MJ_ENOTFOUND);
  CHECK_EQ_INT(savedsearch_update(db, &a, ar, s.id, NULL, 1, &t), MJ_OK);
  CHECK(strcmp(t.share_token, tok) != 0); /* a new link */
  CHECK_EQ_INT(savedsearch_update(db, &a, ar, s.id, NULL, -1, &t), MJ_EINVAL);
  CHECK_EQ_INT(savedsearch_update(db, &a, ar, s.id, "Renamed", -1, &t), MJ_OK);
  CHECK_STR(t.name, "Renamed");
  /* the limit per user */
  for (int i = 1; i < SAVED_PER_USER; i++) {
    char name[32];
    snprintf(name, sizeof name, "n%d", i);
    if (savedsearch_create(db, &a, ar, name, "budget", NULL, 0, 0, &t)) {
      printf("#   %s: %s\n", name, mj_errmsg());
      CHECK(0);
      break;
    }
  }
  CHECK_EQ_INT(count("SELECT count(*) FROM saved_search WHERE user_id=(SELECT id FROM user WHERE name='u_a')"), SAVED_PER_USER);
  CHECK_EQ_INT(savedsearch_create(db, &a, ar, "one more", "budget", NULL, 0, 0, &t), MJ_ECONFLICT);
  SavedSearch *v;
  int n;
  CHECK_EQ_INT(savedsearch_list(db, ar, &a, &v, &n), MJ_OK);
  CHECK_EQ_INT(n, SAVED_PER_USER);
  CHECK_STR(v[0].name, "n1"); /* by name */
  CHECK_EQ_INT(savedsearch_list(db, ar, &b, &v, &n), MJ_OK);
  CHECK_EQ_INT(n, 1);
  CHECK_EQ_INT(savedsearch_delete(db, &a, s.id), MJ_OK);
  CHECK_EQ_INT(savedsearch_delete(db, &a, s.id), MJ_ENOTFOUND);
  /* (+1 and +1: the "As written" search, saved and deleted above) */
  CHECK_EQ_INT(count("SELECT count(*) FROM audit WHERE action='savedsearch.create'"), SAVED_PER_USER + 2);
  CHECK_EQ_INT(count("SELECT count(*) FROM audit WHERE action='savedsearch.delete'"), 2);
  /* a user's saved searches go with the user */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM user WHERE name='u_b'"), MJ_OK);
  CHECK_EQ_INT(count("SELECT count(*) FROM saved_search WHERE user_id NOT IN (SELECT id FROM user)"), 0);
}

int main(void) {
  th_tmpdb(path, sizeof path, "savedsearch");
  if (db_open(path, DB_CREATE | DB_MUST_NEW, &db)) {
    printf("not ok - db_open: %s\n", mj_errmsg());
    return 1;
  }
  ar = arena_new();
  RUN(test_clean_and_key);
  RUN(test_groups);
  RUN(test_saved);
  arena_free(ar);
  db_close(db);
  char w[600];
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
  return DONE();
}
