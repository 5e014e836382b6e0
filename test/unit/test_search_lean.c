/*
** test_search_lean: our search index keeps no list of a speech's terms
** (schema 18, src/text/sindex.c): a deletion analyses the speech's fields
** again, from BEFORE triggers that run while the old values are there, and
** a checksum in search_doc guards it. Every path that changes what a
** speech's index entry is made of leaves `majlis check`'s sindex_check
** clean and a search finds the new words, not the old: an edited text, a
** renamed speaker, a changed label, a speech moved to another section, a
** renumbered speech, a section's changed and deleted heading (and a parent
** section's deletion, which cascades), an agenda item's changed title and
** its deletion (refused while speeches use it), a sitting's deletion
** (cascading to its sections, agenda items and speeches), a deferred batch
** with edits and deletions inside it. A mismatch made on purpose (a wrong
** checksum; a text changed while the triggers were away) makes the
** deletion fail with a message naming the speech and the rebuild, and the
** failing statement changes nothing. The dictionary is keyed by the normal
** form (no index on the text), new terms take search_stat.nextterm, and
** `majlis check` finds a repeated term id.
*/
#include "harness.h"

#include <sqlite3.h>

#include "db.h"
#include "search.h"
#include "sindex.h"

static char path[512];

static Db *fresh(void) {
  th_tmpdb(path, sizeof path, "slean");
  Db *db = NULL;
  if (db_open(path, DB_CREATE, &db) != MJ_OK) {
    printf("#   db_open: %s\n", mj_errmsg());
    return NULL;
  }
  int rc = db_exec(db,
                   "INSERT INTO organization(id,classification,name_ar) VALUES(1,'chamber','مجلس');"
                   "INSERT INTO person(id,name_ar,name_en) VALUES(1,'سالم زيتوني','Salem Zaytouni'),"
                   "(2,'خالد منصور','Khalid Mansour');"
                   "INSERT INTO sitting(id,body_id,number,date) VALUES(1,1,1,'2026-01-06'),(2,1,2,'2026-01-07');"
                   "INSERT INTO agenda_item(id,sitting_id,position,kind,title) VALUES"
                   "(1,1,1,'bill','مشروع قانون الزراعة'),(2,1,2,'question','أسئلة عن الموانئ'),"
                   "(3,2,1,'bill','مشروع قانون الغابات'),(4,2,2,'other','بند بلا كلمات');"
                   "INSERT INTO record_section(id,sitting_id,position,heading) VALUES(1,1,1,'قانون الكهرباء'),"
                   "(2,1,2,'أسئلة النواب'),(3,2,1,'قانون البحار');"
                   "INSERT INTO record_section(id,sitting_id,parent_id,position,heading) VALUES(4,2,3,2,'فرع المرجان');");
  CHECK_EQ_INT(rc, MJ_OK);
  return db;
}

static void cleanup(Db *db) {
  db_close(db);
  remove(path);
}

static int64_t add(Db *db, int sitting, int pos, int person, int section, int item, const char *text) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO speech(sitting_id,position,person_id,section_id,agenda_item_id,lang,text)"
                                 " VALUES(?1,?2,?3,?4,?5,'ar',?6)");
  sqlite3_bind_int(st, 1, sitting);
  sqlite3_bind_int(st, 2, pos);
  sqlite3_bind_int(st, 3, person);
  if (section) sqlite3_bind_int(st, 4, section);
  if (item) sqlite3_bind_int(st, 5, item);
  sqlite3_bind_text(st, 6, text, -1, SQLITE_TRANSIENT);
  int s = sqlite3_step(st);
  db_done(st);
  CHECK_EQ_INT(s, SQLITE_DONE);
  return sqlite3_last_insert_rowid(db_handle(db));
}

static int check_ok(Db *db) {
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  int rc = sindex_check(db_handle(db), &b);
  for (char *p = b.p, *e; rc && p && *p; p = e + 1) {
    e = strchr(p, '\n');
    if (!e) break;
    printf("#   %.*s\n", (int)(e - p), p);
  }
  buf_free(&b);
  return rc == MJ_OK;
}

/* How many speeches a search finds (-1 on error). */
static int found(Db *db, const char *q) {
  Arena *a = arena_new();
  SearchQuery sq;
  SearchResult res;
  SearchOptions o = {10, 0, 0, 0, 0};
  int n = -1;
  if (search_parse(a, q, &sq) || search_run(db, a, &sq, &o, &res)) printf("#   search %s: %s\n", q, mj_errmsg());
  else n = res.total;
  arena_free(a);
  return n;
}

static int count(Db *db, const char *sql) { return (int)db_int(db, sql, 0, 0, -1); }

/* sql, which ends with "id=", with the speech id after it. */
static const char *with_id(const char *sql, int64_t id) {
  static char q[512];
  snprintf(q, sizeof q, "%s%lld", sql, (long long)id);
  return q;
}

/* What the index tables hold, as one string (to see that a failed
** statement changed nothing). */
static void index_state(Db *db, char *out, size_t n) {
  sqlite3_stmt *st = db_stmt(
      db, "SELECT (SELECT count(*) || ',' || total(df) || ',' || total(length(docs)) || ',' || total(length(pos))"
          " FROM search_term) || ';' || (SELECT count(*) || ',' || total(length(docs)) FROM search_block) || ';' ||"
          " (SELECT count(*) || ',' || total(length(pos)) FROM search_pos) || ';' || (SELECT count(*) || ',' ||"
          " total(sum % 1000003) FROM search_doc) || ';' || (SELECT docs || ',' || len0 || ',' || len1 || ',' || len2"
          " FROM search_stat)");
  out[0] = 0;
  if (sqlite3_step(st) == SQLITE_ROW) mj_strlcpy(out, (const char *)sqlite3_column_text(st, 0), n);
  db_done(st);
}

static void every_trigger_path(void) {
  Db *db = fresh();
  if (!db) return;
  /* sitting 1: sections 1 and 2 with agenda items; sitting 2: sections 3 and
  ** 4 (4 inside 3), agenda items 3 and 4 */
  for (int i = 0; i < 30; i++)
    add(db, 1, i + 1, 1 + i % 2, i % 3, 1 + i % 2,
        i % 2 ? "التصويت على مشروع القانون في المجلس" : "ناقش النواب الميزانية العامة");
  for (int i = 0; i < 20; i++)
    add(db, 2, i + 1, 1 + i % 2, i % 4 == 0 ? 0 : 3 + i % 2, 3 + i % 2, "تحدث النائب عن الصيد والمرجان");
  CHECK(check_ok(db));
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM search_doc"), 50);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM pragma_table_info('search_doc') WHERE name='terms'"), 0);

  /* an edited text */
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET text='الميزانية والبرتقال معا' WHERE sitting_id=1 AND position % 5 = 1"),
               MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "البرتقال"), 6);
  /* a renamed speaker; a changed label */
  CHECK_EQ_INT(db_exec(db, "UPDATE person SET name_ar='سالم قرنفلي' WHERE id=1"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "زيتوني"), 0);
  CHECK_EQ_INT(found(db, "قرنفلي"), count(db, "SELECT count(*) FROM speech WHERE person_id=1"));
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET label='الرئيس المناوب' WHERE position = 2"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المناوب"), 2);
  /* moved to another section, renumbered */
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET section_id=2 WHERE sitting_id=1 AND section_id=1 AND position < 10"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET id=id+1000 WHERE sitting_id=1 AND position > 25"), MJ_OK);
  CHECK(check_ok(db));
  /* a section's heading changed, then the section deleted: its speeches
  ** fall back to their agenda item's title, or have no heading */
  CHECK_EQ_INT(db_exec(db, "UPDATE record_section SET heading='قانون المياه' WHERE id=1"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المياه"), count(db, "SELECT count(*) FROM speech WHERE section_id=1"));
  CHECK(count(db, "SELECT count(*) FROM speech WHERE section_id=1") > 0);
  int with_item = count(db, "SELECT count(*) FROM speech WHERE section_id=1 AND agenda_item_id=1");
  int zira = found(db, "الزراعة");
  CHECK(with_item > 0);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM record_section WHERE id=1"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المياه"), 0);
  CHECK_EQ_INT(found(db, "الزراعة"), zira + with_item);
  /* a parent section deleted: its child goes too (ON DELETE CASCADE) */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM record_section WHERE id=3"), MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM record_section WHERE id=4"), 0);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المرجان"), 20); /* in their texts still */
  CHECK_EQ_INT(found(db, "البحار"), 0);
  /* an agenda item's title changed; its deletion refused while speeches
  ** use it (the index as it was), allowed once they do not */
  CHECK_EQ_INT(db_exec(db, "UPDATE agenda_item SET title='أسئلة عن المطارات' WHERE id=2"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المطارات"), count(db, "SELECT count(*) FROM speech WHERE agenda_item_id=2 AND"
                                              " coalesce((SELECT heading FROM record_section r WHERE r.id=section_id),'')=''"));
  CHECK(found(db, "المطارات") > 0);
  char before[512], after[512];
  index_state(db, before, sizeof before);
  CHECK(db_exec(db, "DELETE FROM agenda_item WHERE id=2") != MJ_OK);
  index_state(db, after, sizeof after);
  CHECK_STR(after, before);
  CHECK(check_ok(db));
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET agenda_item_id=NULL WHERE agenda_item_id=2"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM agenda_item WHERE id=2"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المطارات"), 0);
  /* with the foreign keys deferred, an agenda item (or a person) may go
  ** before its speeches: they leave the index first, and come back when
  ** they point elsewhere */
  int kalimat = found(db, "كلمات");
  CHECK(kalimat > 0);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "PRAGMA defer_foreign_keys=ON"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM agenda_item WHERE id=4"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE agenda_item_id=4 AND position < 10"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET agenda_item_id=3 WHERE agenda_item_id=4"), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "كلمات"), 0);
  CHECK_EQ_INT(found(db, "الغابات"), count(db, "SELECT count(*) FROM speech WHERE agenda_item_id=3 AND section_id IS NULL"));
  CHECK_EQ_INT(db_exec(db, "INSERT INTO person(id,name_ar) VALUES(3,'نائب عابر')"), MJ_OK);
  add(db, 2, 50, 3, 0, 3, "كلمة قصيرة");
  add(db, 2, 51, 3, 0, 3, "كلمة أخرى");
  CHECK_EQ_INT(found(db, "عابر"), 2);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "PRAGMA defer_foreign_keys=ON"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM person WHERE id=3"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE position=50 AND sitting_id=2"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET person_id=2 WHERE person_id=3"), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "عابر"), 0);
  /* a sitting deleted: its agenda items, sections and speeches go in one
  ** statement, in SQLite's order */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM sitting WHERE id=2"), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "المرجان"), 0);
  CHECK_EQ_INT(found(db, "الغابات"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM search_doc"), count(db, "SELECT count(*) FROM speech"));
  /* a deferred batch: inserts, edits of new and old speeches, deletions */
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_defer(db_handle(db), 1), MJ_OK);
  for (int i = 0; i < 10; i++) add(db, 1, 100 + i, 2, 2, 0, "كلمة جديدة عن الليمون");
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET text='الليمون الأخضر' WHERE position IN (100, 3, 4)"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "UPDATE person SET name_en='Khalid Mansour Jr' WHERE id=2"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE position IN (101, 5)"), MJ_OK);
  CHECK_EQ_INT(sindex_flush(db_handle(db)), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "الليمون"), 11);
  CHECK_EQ_INT(found(db, "Jr"), count(db, "SELECT count(*) FROM speech WHERE person_id=2"));
  /* a rolled back deletion of everything */
  index_state(db, before, sizeof before);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM sitting"), MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM search_doc"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM search_term"), 0);
  db_rollback(db);
  index_state(db, after, sizeof after);
  CHECK_STR(after, before);
  CHECK(check_ok(db));
  cleanup(db);
}

/* The CREATE TRIGGER statements of the speech's search triggers. */
static char *speech_triggers(Db *db) {
  sqlite3_stmt *st = db_stmt(db, "SELECT group_concat(sql || ';', char(10)) FROM sqlite_schema"
                                 " WHERE type='trigger' AND name GLOB 'search_speech_*'");
  char *s = NULL;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) s = xstrdup((const char *)sqlite3_column_text(st, 0));
  db_done(st);
  return s;
}

static void mismatch_fails(void) {
  Db *db = fresh();
  if (!db) return;
  int64_t a = add(db, 1, 1, 1, 1, 0, "الميزانية العامة للدولة");
  int64_t b = add(db, 1, 2, 2, 2, 0, "الميزانية والضرائب");
  add(db, 1, 3, 2, 2, 0, "الضرائب على الدخل");
  CHECK(check_ok(db));
  char before[512], after[512], want[256];

  /* a wrong checksum: the deletion (here the delete half of an edit) fails,
  ** naming the speech and the rebuild, and nothing changes */
  CHECK_EQ_INT(db_exec(db, with_id("UPDATE search_doc SET sum=sum+1 WHERE id=", (long long)a)), MJ_OK);
  CHECK(!check_ok(db)); /* majlis check sees it too */
  index_state(db, before, sizeof before);
  CHECK(db_exec(db, with_id("UPDATE speech SET text='نص آخر' WHERE id=", (long long)a)) != MJ_OK);
  snprintf(want, sizeof want, "speech %lld no longer reads as it was indexed", (long long)a);
  CHECK_CONTAINS(mj_errmsg(), want);
  CHECK_CONTAINS(mj_errmsg(), "run majlis search --rebuild");
  CHECK_EQ_INT(count(db, with_id("SELECT text='الميزانية العامة للدولة' FROM speech WHERE id=", (long long)a)),
               1);
  index_state(db, after, sizeof after);
  CHECK_STR(after, before);
  CHECK(db_exec(db, with_id("DELETE FROM speech WHERE id=", (long long)a)) != MJ_OK);
  CHECK_CONTAINS(mj_errmsg(), want);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech"), 3);
  /* the rebuild repairs it */
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_rebuild(db_handle(db), NULL), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(db_exec(db, with_id("DELETE FROM speech WHERE id=", (long long)a)), MJ_OK);
  CHECK(check_ok(db));

  /* a text changed while the speech's triggers were away: the next change
  ** (a rename of its speaker, whose BEFORE trigger removes it) fails */
  char *trig = speech_triggers(db);
  CHECK(trig != NULL && strstr(trig, "BEFORE UPDATE") != NULL);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DROP TRIGGER search_speech_bu; DROP TRIGGER search_speech_au"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, with_id("UPDATE speech SET text='نص لم يره الفهرس' WHERE id=", (long long)b)),
               MJ_OK);
  /* put the triggers back as they were */
  CHECK_EQ_INT(db_exec(db, "DROP TRIGGER search_speech_ai; DROP TRIGGER search_speech_bd"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, trig ? trig : ""), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  free(trig);
  CHECK(!check_ok(db));
  index_state(db, before, sizeof before);
  CHECK(db_exec(db, "UPDATE person SET name_ar='خالد المنصوري' WHERE id=2") != MJ_OK);
  snprintf(want, sizeof want, "speech %lld no longer reads as it was indexed", (long long)b);
  CHECK_CONTAINS(mj_errmsg(), want);
  CHECK_EQ_INT(count(db, "SELECT name_ar='خالد منصور' FROM person WHERE id=2"), 1);
  index_state(db, after, sizeof after);
  CHECK_STR(after, before);
  /* a put of a speech still indexed under other fields fails too */
  CHECK(sindex_put_speech(db_handle(db), b) != MJ_OK);
  CHECK_CONTAINS(mj_errmsg(), want);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_rebuild(db_handle(db), NULL), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(sindex_put_speech(db_handle(db), b), MJ_OK); /* indexed as it reads: nothing to do */
  CHECK(check_ok(db));
  CHECK_EQ_INT(sindex_put_speech(db_handle(db), 999), MJ_OK); /* neither a speech nor indexed */
  CHECK(check_ok(db));
  /* a speech deleted while its triggers were away: it cannot be found again */
  trig = speech_triggers(db);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DROP TRIGGER search_speech_bd"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, with_id("DELETE FROM speech WHERE id=", b)), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DROP TRIGGER search_speech_ai; DROP TRIGGER search_speech_bu; DROP TRIGGER search_speech_au"),
               MJ_OK);
  CHECK_EQ_INT(db_exec(db, trig ? trig : ""), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  free(trig);
  CHECK(!check_ok(db));
  CHECK(sindex_put_speech(db_handle(db), b) != MJ_OK);
  snprintf(want, sizeof want, "speech %lld is indexed but no longer in the speech table", (long long)b);
  CHECK_CONTAINS(mj_errmsg(), want);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM search_doc"), 2);
  cleanup(db);
}

/* The dictionary is keyed by the normal form (WITHOUT ROWID, no index on
** the text); ids, which key the blocks, come from search_stat.nextterm and
** are never given twice; a prefix query and the stem lookup still work. */
static void dictionary_by_term(void) {
  Db *db = fresh();
  if (!db) return;
  add(db, 1, 1, 1, 0, 0, "المكتبات والمكتبة مكتبة كبيرة");
  add(db, 1, 2, 2, 0, 0, "كتب كثيرة");
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sqlite_schema WHERE tbl_name='search_term' AND type='index'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM pragma_index_list('search_term') WHERE origin='pk'"), 1);
  int next = count(db, "SELECT nextterm FROM search_stat");
  CHECK_EQ_INT(next, count(db, "SELECT max(id) + 1 FROM search_term"));
  add(db, 1, 3, 1, 0, 0, "زيتون");
  CHECK_EQ_INT(count(db, "SELECT id FROM search_term WHERE term='زيتون'"), next);
  CHECK_EQ_INT(count(db, "SELECT nextterm FROM search_stat"), next + 1);
  /* a term that goes keeps its id unused: the next new one does not take it */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE position=3"), MJ_OK);
  add(db, 1, 4, 1, 0, 0, "رمان");
  CHECK_EQ_INT(count(db, "SELECT id FROM search_term WHERE term='رمان'"), next + 1);
  CHECK(check_ok(db));
  CHECK_EQ_INT(found(db, "مكتب*"), 1);
  CHECK_EQ_INT(found(db, "المكتبة"), 1);
  /* a repeated id, or one past nextterm, is found by majlis check */
  CHECK_EQ_INT(db_exec(db, "UPDATE search_term SET id=(SELECT id FROM search_term WHERE term='رمان') WHERE term='كتب'"),
               MJ_OK);
  CHECK(!check_ok(db));
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_rebuild(db_handle(db), NULL), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(db_exec(db, "UPDATE search_stat SET nextterm=nextterm-1"), MJ_OK);
  CHECK(!check_ok(db));
  cleanup(db);
}

int main(void) {
  RUN(every_trigger_path);
  RUN(mismatch_fails);
  RUN(dictionary_by_term);
  return DONE();
}
