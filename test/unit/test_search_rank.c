/*
** test_search_rank: the search engine's ranking and index (src/text/
** sindex.c) through the production path (search_run, search_sx_query):
** a speech whose speaker or heading matches outranks one that does not,
** all else equal; adjacent query words outrank scattered ones; a speech
** that opens with the query word outranks one that says it last; synonyms
** expand a query; the pruned top-k returns exactly the top 10 of scoring
** every match on a generated corpus (OR, phrase, AND, exclusion queries),
** and a phrase finds exactly the documents a brute-force scan of the
** generated words finds (positions read by block and by term);
** the index stays equal to a rebuild after inserts, updates and deletes of
** speeches, renamed people and changed headings; a speech's field lengths
** (kept once per speech, cached in memory) follow its edits on every
** connection; `majlis check`'s sindex_check detects a damaged index; the
** rebuild repairs it.
*/
#include "harness.h"

#include <math.h>
#include <sqlite3.h>

#include "analyzer.h"
#include "db.h"
#include "search.h"
#include "sindex.h"

static char path[512];

static Db *fresh(void) {
  th_tmpdb(path, sizeof path, "srank");
  Db *db = NULL;
  if (db_open(path, DB_CREATE, &db) != MJ_OK) {
    printf("#   db_open: %s\n", mj_errmsg());
    return NULL;
  }
  int rc = db_exec(db, "INSERT INTO organization(id,classification,name_ar) VALUES(1,'chamber','مجلس');"
                       "INSERT INTO person(id,name_ar,name_en) VALUES(1,'سالم زيتوني','Salem Zaytouni'),"
                       "(2,'خالد منصور','Khalid Mansour');"
                       "INSERT INTO sitting(id,body_id,number,date) VALUES(1,1,1,'2026-01-06');"
                       "INSERT INTO record_section(id,sitting_id,position,heading) VALUES(1,1,1,'مشروع قانون الكهرباء'),"
                       "(2,1,2,'أسئلة النواب');");
  CHECK_EQ_INT(rc, MJ_OK);
  return db;
}

static void cleanup(Db *db) {
  db_close(db);
  remove(path);
}

static int64_t add(Db *db, int pos, int person, int section, const char *text) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO speech(sitting_id,position,person_id,section_id,lang,text) "
                                 "VALUES(1,?1,?2,?3,'ar',?4)");
  sqlite3_bind_int(st, 1, pos);
  sqlite3_bind_int(st, 2, person);
  if (section) sqlite3_bind_int(st, 3, section);
  else sqlite3_bind_null(st, 3);
  sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
  int s = sqlite3_step(st);
  db_done(st);
  CHECK_EQ_INT(s, SQLITE_DONE);
  return sqlite3_last_insert_rowid(db_handle(db));
}

/* The speech ids of a search, best first, as "3,1" (at most 10). */
static const char *ranking(Db *db, Arena *a, const char *q, int *total) {
  SearchQuery sq;
  SearchResult res;
  SearchOptions o = {10, 0, 0, 0, 0};
  *total = -1;
  if (search_parse(a, q, &sq) || search_run(db, a, &sq, &o, &res)) {
    printf("#   search %s: %s\n", q, mj_errmsg());
    return "";
  }
  *total = res.total;
  Buf b;
  buf_init(&b, 4096);
  for (int i = 0; i < res.n; i++) buf_printf(&b, i ? ",%lld" : "%lld", (long long)res.hits[i].speech_id);
  const char *out = arena_strdup(a, b.p ? b.p : "");
  buf_free(&b);
  return out;
}

static int check_ok(Db *db) {
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  int rc = sindex_check(db_handle(db), &b);
  for (char *p = b.p, *e; rc && p && *p; p = e + 1) { /* the report, as TAP comments */
    e = strchr(p, '\n');
    if (!e) break;
    printf("#   %.*s\n", (int)(e - p), p);
  }
  buf_free(&b);
  return rc == MJ_OK;
}

static void speaker_and_heading_weigh(void) {
  Db *db = fresh();
  if (!db) return;
  Arena *a = arena_new();
  /* the same text; 2 is spoken by Salem Zaytouni, 1 by someone else */
  int64_t s1 = add(db, 1, 2, 0, "تحدث زيتوني عن الميزانية العامة للدولة");
  int64_t s2 = add(db, 2, 1, 0, "تحدث زيتوني عن الميزانية العامة للدولة");
  int total;
  char want[64];
  snprintf(want, sizeof want, "%lld,%lld", (long long)s2, (long long)s1);
  CHECK_STR(ranking(db, a, "زيتوني", &total), want);
  CHECK_EQ_INT(total, 2);
  /* a name matched only in the speaker field still finds the speech */
  CHECK_STR(ranking(db, a, "Zaytouni", &total), arena_printf(a, "%lld", (long long)s2));
  /* the same text; 4 is in the section headed "... الكهرباء" */
  int64_t s3 = add(db, 3, 2, 2, "ناقش المجلس تعرفة الكهرباء الجديدة");
  int64_t s4 = add(db, 4, 2, 1, "ناقش المجلس تعرفة الكهرباء الجديدة");
  snprintf(want, sizeof want, "%lld,%lld", (long long)s4, (long long)s3);
  CHECK_STR(ranking(db, a, "الكهرباء", &total), want);
  CHECK(check_ok(db));
  arena_free(a);
  cleanup(db);
}

static void adjacent_words_outrank_scattered(void) {
  Db *db = fresh();
  if (!db) return;
  Arena *a = arena_new();
  /* the same words, the same length, the two query words at the same two
  ** places (so their early-mention bonuses are equal): in 1 they stand in
  ** the order "الموازنة العامة", in 2 in the order "العامة الموازنة" */
  int64_t s1 = add(db, 1, 2, 0, "تحتاج مراجعة دقيقة قبل الموازنة العامة القادمة");
  int64_t s2 = add(db, 2, 2, 0, "تحتاج مراجعة دقيقة قبل العامة الموازنة القادمة");
  add(db, 3, 2, 0, "كلام آخر لا صلة له");
  int total;
  CHECK_STR(ranking(db, a, "الموازنة العامة", &total), arena_printf(a, "%lld,%lld", (long long)s1, (long long)s2));
  CHECK_EQ_INT(total, 2);
  CHECK_STR(ranking(db, a, "العامة الموازنة", &total), arena_printf(a, "%lld,%lld", (long long)s2, (long long)s1));
  /* a phrase finds only the adjacent one */
  CHECK_STR(ranking(db, a, "\"الموازنة العامة\"", &total), arena_printf(a, "%lld", (long long)s1));
  CHECK_EQ_INT(total, 1);
  /* exclusion */
  CHECK_STR(ranking(db, a, "الموازنة -القادمة", &total), "");
  CHECK_EQ_INT(total, 0);
  CHECK_STR(ranking(db, a, "الموازنة -قبل", &total), "");
  /* exclusions alone list every other speech */
  CHECK_STR(ranking(db, a, "-الموازنة", &total), "3");
  CHECK_EQ_INT(total, 1);
  arena_free(a);
  cleanup(db);
}

/* The early-mention bonus (sindex.h, SxParams.early): of two speeches with
** the same words, the one that opens with the query word ranks first in a
** search of plain words; a phrase (a boolean query) ranks them by BM25
** alone, equal, so by id. */
static void opening_word_ranks_first(void) {
  Db *db = fresh();
  if (!db) return;
  Arena *a = arena_new();
  int64_t s1 = add(db, 1, 2, 0, "تحتاج مراجعة دقيقة قبل إقرار الموازنة");
  int64_t s2 = add(db, 2, 2, 0, "الموازنة تحتاج مراجعة دقيقة قبل إقرار");
  add(db, 3, 2, 0, "كلام آخر لا صلة له");
  int total;
  CHECK_STR(ranking(db, a, "الموازنة", &total), arena_printf(a, "%lld,%lld", (long long)s2, (long long)s1));
  CHECK_STR(ranking(db, a, "الموازنة مراجعة", &total), arena_printf(a, "%lld,%lld", (long long)s2, (long long)s1));
  CHECK_STR(ranking(db, a, "\"الموازنة\"", &total), arena_printf(a, "%lld,%lld", (long long)s1, (long long)s2));
  /* a word in the heading only gets no bonus: the speech of section 1
  ** (heading "مشروع قانون الكهرباء") and one that says الكهرباء last */
  int64_t s4 = add(db, 4, 2, 1, "تحتاج مراجعة دقيقة قبل إقرار المشروع");
  int64_t s5 = add(db, 5, 2, 1, "تحتاج مراجعة دقيقة قبل إقرار الكهرباء");
  CHECK_STR(ranking(db, a, "الكهرباء", &total), arena_printf(a, "%lld,%lld", (long long)s5, (long long)s4));
  arena_free(a);
  cleanup(db);
}

static void synonyms_expand(void) {
  Db *db = fresh();
  if (!db) return;
  Arena *a = arena_new();
  int64_t s1 = add(db, 1, 2, 0, "ارتفع سعر الوقود هذا الشهر");
  int64_t s2 = add(db, 2, 2, 0, "قرار الأمم المتحدة الأخير");
  add(db, 3, 2, 0, "لا شيء هنا عن ذلك");
  int total;
  CHECK_STR(ranking(db, a, "بنزين", &total), "");
  CHECK_STR(ranking(db, a, "UN", &total), "");
  int has = db_int(db, "SELECT count(*) FROM sqlite_schema WHERE name='search_synonym'", 0, 0, 0) > 0;
  if (!has) {
    printf("# skip: no search_synonym table in this schema\n");
  } else {
    CHECK_EQ_INT(db_exec(db, "INSERT INTO search_synonym(grp,term,created_by,created_at) VALUES"
                             "(1,'بنزين','t','2026-01-01'),(1,'وقود','t','2026-01-01'),"
                             "(2,'UN','t','2026-01-01'),(2,'الأمم المتحدة','t','2026-01-01')"),
                 MJ_OK);
    /* a word finds its synonym, inflected (الوقود) */
    CHECK_STR(ranking(db, a, "بنزين", &total), arena_printf(a, "%lld", (long long)s1));
    CHECK_EQ_INT(total, 1);
    /* a word finds a several-word term as a phrase, and back */
    CHECK_STR(ranking(db, a, "UN", &total), arena_printf(a, "%lld", (long long)s2));
    CHECK_STR(ranking(db, a, "\"الأمم المتحدة\"", &total), arena_printf(a, "%lld", (long long)s2));
    /* the group's words apart are not the phrase */
    add(db, 4, 2, 0, "المتحدة قالت إن الأمم");
    CHECK_STR(ranking(db, a, "UN", &total), arena_printf(a, "%lld", (long long)s2));
    /* and exclusions expand too */
    CHECK_STR(ranking(db, a, "سعر -بنزين", &total), "");
    CHECK_EQ_INT(total, 0);
    /* removing the group ends it */
    CHECK_EQ_INT(db_exec(db, "DELETE FROM search_synonym WHERE grp=1"), MJ_OK);
    CHECK_STR(ranking(db, a, "بنزين", &total), "");
  }
  arena_free(a);
  cleanup(db);
}

static void index_follows_edits(void) {
  Db *db = fresh();
  if (!db) return;
  Arena *a = arena_new();
  for (int i = 0; i < 40; i++)
    add(db, i + 1, 1 + i % 2, i % 3, i % 2 ? "التصويت على مشروع القانون في المجلس" : "ناقش النواب الميزانية العامة");
  CHECK(check_ok(db));
  int total;
  ranking(db, a, "الميزانية", &total);
  CHECK_EQ_INT(total, 20);
  CHECK_EQ_INT(db_exec(db, "UPDATE speech SET text='الميزانية والتصويت معا' WHERE id IN (SELECT id FROM speech WHERE position % 5 = 1)"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE position % 7 = 0"), MJ_OK);
  CHECK(check_ok(db));
  ranking(db, a, "الميزانية", &total);
  CHECK_EQ_INT(total, (int)db_int(db, "SELECT count(*) FROM speech WHERE text LIKE '%الميزانية%'", 0, 0, -1));
  /* a renamed speaker and a changed heading reach the index */
  CHECK_EQ_INT(db_exec(db, "UPDATE person SET name_ar='سالم برتقالي' WHERE id=1"), MJ_OK);
  ranking(db, a, "برتقالي", &total);
  CHECK_EQ_INT(total, (int)db_int(db, "SELECT count(*) FROM speech WHERE person_id=1", 0, 0, -1));
  ranking(db, a, "زيتوني", &total);
  CHECK_EQ_INT(total, 0);
  CHECK_EQ_INT(db_exec(db, "UPDATE record_section SET heading='قانون المياه' WHERE id=1"), MJ_OK);
  ranking(db, a, "المياه", &total);
  CHECK_EQ_INT(total, (int)db_int(db, "SELECT count(*) FROM speech WHERE section_id=1", 0, 0, -1));
  /* a section deleted: its speeches lose the heading (ON DELETE SET NULL fires the trigger) */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM record_section WHERE id=1"), MJ_OK);
  ranking(db, a, "المياه", &total);
  CHECK_EQ_INT(total, 0);
  /* many postings of one word: blocks split */
  for (int i = 0; i < 300; i++) add(db, 100 + i, 2, 0, "كلمة مكررة الميزانية");
  CHECK(db_int(db, "SELECT count(*) FROM search_block WHERE k >> 32 = (SELECT id FROM search_term WHERE term='الميزانيه')", 0,
               0, 0) >= 3);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE position BETWEEN 150 AND 260"), MJ_OK);
  CHECK(check_ok(db));
  /* a rolled back change leaves the index as it was */
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech"), MJ_OK);
  db_rollback(db);
  CHECK(check_ok(db));
  /* damage is detected, and the rebuild repairs it */
  CHECK_EQ_INT(db_exec(db, "UPDATE search_term SET df=df+1 WHERE term='الميزانيه'"), MJ_OK);
  CHECK(!check_ok(db));
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_rebuild(db_handle(db), NULL), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  CHECK_EQ_INT(db_exec(db, "DELETE FROM search_pos WHERE k & 4294967295 = (SELECT max(k & 4294967295) FROM search_pos)"), MJ_OK);
  CHECK(!check_ok(db));
  arena_free(a);
  cleanup(db);
}

/* A term's layout: 1 when its postings are in its row, 0 in blocks, -1 gone. */
static int term_inline(Db *db, const char *norm) {
  sqlite3_stmt *st = db_stmt(db, "SELECT docs IS NOT NULL, (SELECT count(*) FROM search_block b WHERE b.k >> 32 = t.id)"
                                 " FROM search_term t WHERE term=?1");
  sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
  int r = -1;
  if (sqlite3_step(st) == SQLITE_ROW) r = sqlite3_column_int(st, 0) && !sqlite3_column_int(st, 1) ? 1
                                          : !sqlite3_column_int(st, 0) && sqlite3_column_int(st, 1) ? 0 : -2;
  db_done(st);
  return r;
}

/* A word in at most SX_INLINE speeches keeps its postings in its
** dictionary row; past it they move to blocks and back, through puts,
** deletes, edits and a deferred batch, and the index stays equal to a
** rebuild. */
static void inline_postings_move(void) {
  Db *db = fresh();
  if (!db) return;
  Arena *a = arena_new();
  int total;
  int64_t id[SX_INLINE + 8];
  for (int i = 0; i < SX_INLINE; i++) id[i] = add(db, i + 1, 1, i % 2, "كان البرتقال وفيرا هذا العام");
  CHECK_EQ_INT(term_inline(db, "البرتقال"), 1);
  CHECK(check_ok(db));
  CHECK_STR(ranking(db, a, "\"البرتقال وفيرا\"", &total), "1,2,3,4,5,6,7,8,9,10");
  CHECK_EQ_INT(total, SX_INLINE);
  id[SX_INLINE] = add(db, 1000, 2, 0, "البرتقال وفيرا");
  CHECK_EQ_INT(term_inline(db, "البرتقال"), 0); /* SX_INLINE + 1: blocks */
  CHECK(check_ok(db));
  ranking(db, a, "\"البرتقال وفيرا\"", &total);
  CHECK_EQ_INT(total, SX_INLINE + 1);
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "DELETE FROM speech WHERE id=%lld", (long long)id[3])), MJ_OK);
  CHECK_EQ_INT(term_inline(db, "البرتقال"), 1); /* back in the row */
  CHECK(check_ok(db));
  ranking(db, a, "البرتقال", &total);
  CHECK_EQ_INT(total, SX_INLINE);
  /* an edit that drops the word, then one that brings it back past the line */
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "UPDATE speech SET text='لا شيء' WHERE id=%lld", (long long)id[5])), MJ_OK);
  CHECK(check_ok(db));
  ranking(db, a, "البرتقال", &total);
  CHECK_EQ_INT(total, SX_INLINE - 1);
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "UPDATE speech SET text='البرتقال والبرتقال' WHERE id IN (%lld, %lld)",
                                        (long long)id[5], (long long)id[7])),
               MJ_OK);
  CHECK(check_ok(db));
  /* a deferred batch crosses the line in one flush */
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_defer(db_handle(db), 1), MJ_OK);
  for (int i = 0; i < 5; i++) add(db, 2000 + i, 1, 0, "البرتقال وفيرا مرة أخرى");
  CHECK_EQ_INT(sindex_flush(db_handle(db)), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK_EQ_INT(term_inline(db, "البرتقال"), 0);
  CHECK(check_ok(db));
  ranking(db, a, "\"البرتقال وفيرا\"", &total);
  CHECK_EQ_INT(total, (int)db_int(db, "SELECT count(*) FROM speech WHERE text LIKE '%البرتقال وفيرا%'", 0, 0, -1));
  /* the last posting gone: the row too */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE text LIKE '%البرتقال%'"), MJ_OK);
  CHECK_EQ_INT(term_inline(db, "البرتقال"), -1);
  CHECK(check_ok(db));
  /* block keys hold a speech id below 2^32: others are refused, not wrapped */
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  SxBuilder *sb = sx_builder_new(&cfg);
  const char *fl[SX_NFIELDS] = {NULL, NULL, "كلمة"};
  CHECK_EQ_INT(sx_builder_add(sb, 4294967295LL, fl), MJ_OK);
  CHECK(sx_builder_add(sb, 4294967296LL, fl) != MJ_OK);
  CHECK(strstr(mj_errmsg(), "out of the index's range") != NULL);
  sx_builder_free(sb);
  CHECK(sindex_put(db_handle(db), &cfg, 4294967296LL, fl) != MJ_OK);
  /* damage to a row's postings is found */
  add(db, 3000, 1, 0, "تفاح أحمر");
  CHECK_EQ_INT(term_inline(db, "تفاح"), 1);
  CHECK_EQ_INT(db_exec(db, "UPDATE search_term SET pos=x'05' WHERE term='تفاح'"), MJ_OK);
  CHECK(!check_ok(db));
  CHECK_EQ_INT(db_exec(db, "UPDATE search_term SET pos=NULL, docs=NULL WHERE term='تفاح'"), MJ_OK);
  CHECK(!check_ok(db));
  /* a term in blocks whose block rows are gone: the deletion that would move its
  ** postings back into its row fails with a message, it does not crash */
  for (int i = 0; i < SX_INLINE + 2; i++) add(db, 4000 + i, 1, 0, "ليمون أصفر");
  CHECK_EQ_INT(term_inline(db, "ليمون"), 0);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM search_block WHERE k >> 32 = (SELECT id FROM search_term WHERE term='ليمون')"),
               MJ_OK);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE position = 4000"), MJ_OK); /* df 130 -> 129: blocks */
  CHECK(db_exec(db, "DELETE FROM speech WHERE position = 4001") != MJ_OK);     /* 129 -> 128: into the row */
  CHECK(strstr(mj_errmsg(), "corrupt") != NULL);
  arena_free(a);
  cleanup(db);
}

/* The ranking of "البرتقال" by search_run on another connection. */
static const char *ranking_on(Db *db, Arena *a) {
  int total;
  return ranking(db, a, "البرتقال", &total);
}

/* Field lengths live once per speech (search_norm) and queries keep them in
** memory by search_stat.stamp: an edit that changes a speech's length
** changes its score at once, on this connection and on another one, inside
** a transaction and after its rollback; damage to them is found. */
static void lengths_follow_edits(void) {
  Db *db = fresh();
  if (!db) return;
  Db *other = NULL;
  CHECK_EQ_INT(db_open(path, 0, &other), MJ_OK);
  if (!other) {
    cleanup(db);
    return;
  }
  Arena *a = arena_new();
  static const char *const longer = "البرتقال ثم كلام طويل عن أمور أخرى كثيرة في الجلسة لا صلة لها بالموضوع أبدا"
                                    " ولا بالفاكهة ولا بالزراعة ولا بالتجارة ولا بالأسعار";
  int64_t s1 = add(db, 1, 1, 0, "البرتقال");
  int64_t s2 = add(db, 2, 1, 0, longer);
  const char *first = arena_printf(a, "%lld,%lld", (long long)s1, (long long)s2);
  const char *second = arena_printf(a, "%lld,%lld", (long long)s2, (long long)s1);
  CHECK_STR(ranking_on(db, a), first); /* the shorter speech first */
  CHECK_STR(ranking_on(other, a), first);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM search_norm", 0, 0, -1), 1);
  /* the lengths swapped: both connections see it (their copies are stale) */
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "UPDATE speech SET text='%s' WHERE id=%lld", longer, (long long)s1)), MJ_OK);
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "UPDATE speech SET text='البرتقال' WHERE id=%lld", (long long)s2)), MJ_OK);
  CHECK_STR(ranking_on(other, a), second);
  CHECK_STR(ranking_on(db, a), second);
  CHECK(check_ok(db));
  /* inside a transaction the change is seen; after its rollback, the old lengths again */
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "UPDATE speech SET text='%s' WHERE id=%lld", longer, (long long)s2)), MJ_OK);
  CHECK_EQ_INT(db_exec(db, arena_printf(a, "UPDATE speech SET text='البرتقال' WHERE id=%lld", (long long)s1)), MJ_OK);
  CHECK_STR(ranking_on(db, a), first);
  db_rollback(db);
  CHECK_STR(ranking_on(db, a), second);
  CHECK_STR(ranking_on(other, a), second);
  CHECK(check_ok(db));
  /* a speech deleted leaves no length behind; a chunk with none has no row */
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech"), MJ_OK);
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM search_norm", 0, 0, -1), 0);
  CHECK(check_ok(db));
  /* damage is found, with the speech it concerns */
  int64_t s3 = add(db, 3, 1, 0, "البرتقال");
  add(db, 4, 1, 0, longer);
  CHECK(check_ok(db));
  CHECK_EQ_INT(db_exec(db, "UPDATE search_norm SET q = zeroblob(length(q))"), MJ_OK);
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  CHECK(sindex_check(db_handle(db), &b) != MJ_OK);
  CHECK(b.p && strstr(b.p, arena_printf(a, "speech %lld: its field lengths (search_norm) differ", (long long)s3)));
  buf_free(&b);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM search_norm"), MJ_OK);
  buf_init(&b, BUF_UNLIMITED);
  CHECK(sindex_check(db_handle(db), &b) != MJ_OK);
  CHECK(b.p && strstr(b.p, "field lengths (search_norm) are missing"));
  buf_free(&b);
  CHECK_EQ_INT(db_begin(db), MJ_OK);
  CHECK_EQ_INT(sindex_rebuild(db_handle(db), NULL), MJ_OK);
  CHECK_EQ_INT(db_commit(db), MJ_OK);
  CHECK(check_ok(db));
  arena_free(a);
  db_close(other);
  cleanup(db);
}

/* ---- pruned top-k against scoring every match ---- */

static const char *const vocab[] = {"مجلس", "النواب", "قانون", "الميزانية", "تصويت", "والتصويت", "الحكومة", "وزير",
                                    "الوزير", "لجنة", "المالية", "التعليم", "الصحة", "النفط", "الكهرباء", "المياه",
                                    "جلسة", "رئيس", "سؤال", "جواب", "مشروع", "تعديل", "المادة", "الأولى", "الثانية",
                                    "budget", "vote", "committee", "law", "minister",
                                    /* rare: a few documents each, so their postings sit in the term's row */
                                    "برتقال", "زيتون", "ليمون", "رمان", "مشمش", "خوخ"};
enum { NCOMMON = 30, NRARE = (int)MJ_COUNT(vocab) - NCOMMON };

static uint64_t rng = 88172645463325252ull;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 11);
}
/* Zipf-like: word k with weight 1/(k+1), and once in 8192 one of the rare
** words; *k (may be NULL) gets its index */
static const char *word_k(int *kk) {
  int n = NCOMMON;
  if (next() % 8192 == 0) {
    int k = NCOMMON + (int)(next() % NRARE);
    if (kk) *kk = k;
    return vocab[k];
  }
  double tot = 0;
  for (int k = 0; k < n; k++) tot += 1.0 / (k + 1);
  double r = (double)next() / 4294967296.0 * tot; /* next() is 32 bits: r in [0, tot) */
  for (int k = 0; k < n; k++) {
    r -= 1.0 / (k + 1);
    if (r <= 0) {
      if (kk) *kk = k;
      return vocab[k];
    }
  }
  if (kk) *kk = n - 1;
  return vocab[n - 1];
}
static const char *word(void) { return word_k(NULL); }

/* The brute-force phrase match, from the analyzer's forms of the words:
** query word q matches a document word w when w's normal form is q's stem,
** or w's stem is q's stem, or ("expand") w's stem is q's own normal form. */
typedef struct VForm {
  char norm[64], stem[64];
} VForm;
static int vform_emit(void *ctx, const AnalyzerToken *t) {
  VForm *v = ctx;
  snprintf(v->norm, sizeof v->norm, "%.*s", (int)t->nnorm, t->norm);
  snprintf(v->stem, sizeof v->stem, "%.*s", (int)t->nstem, t->stem);
  return 1;
}
static int vmatch(const VForm *f, int q, int w) {
  return strcmp(f[w].norm, f[q].stem) == 0 || strcmp(f[w].stem, f[q].stem) == 0 ||
         (strcmp(f[q].norm, f[q].stem) != 0 && strcmp(f[w].stem, f[q].norm) == 0);
}
static int field_has_phrase(const VForm *f, const int *w, int nw, const int *ph, int np) {
  for (int i = 0; i + np <= nw; i++) {
    int j = 0;
    while (j < np && vmatch(f, ph[j], w[i + j])) j++;
    if (j == np) return 1;
  }
  return 0;
}

/* A statement cache as db_stmt's, for sx_open_cached: counts what it prepares. */
static struct {
  const char *sql;
  sqlite3_stmt *st;
} tcache[16];
static int tprepared;
static sqlite3_stmt *tprep(void *db, const char *sql) {
  for (int i = 0; i < (int)MJ_COUNT(tcache); i++) {
    if (tcache[i].sql == sql) {
      sqlite3_reset(tcache[i].st);
      sqlite3_clear_bindings(tcache[i].st);
      return tcache[i].st;
    }
    if (!tcache[i].sql) {
      if (sqlite3_prepare_v2(db, sql, -1, &tcache[i].st, NULL) != SQLITE_OK) return NULL;
      tcache[i].sql = sql;
      tprepared++;
      return tcache[i].st;
    }
  }
  return NULL;
}

static void topk_equals_exhaustive(void) {
  sqlite3 *db = NULL;
  sqlite3_open(":memory:", &db);
  CHECK_EQ_INT(sx_create_tables(db), MJ_OK);
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  SxBuilder *b = sx_builder_new(&cfg);
  Buf t, h;
  buf_init(&t, BUF_UNLIMITED);
  buf_init(&h, BUF_UNLIMITED);
  enum { NDOC = 3000 };
  VForm vf[MJ_COUNT(vocab)];
  for (size_t k = 0; k < MJ_COUNT(vocab); k++) analyzer_tokenize(&cfg, vocab[k], strlen(vocab[k]), vform_emit, &vf[k]);
  int *dw[NDOC + 1], dn[NDOC + 1], hw[NDOC + 1][2], hn[NDOC + 1]; /* each document's words (vocab indexes) */
  int sw[2] = {7, 10};                                            /* the speaker "وزير المالية" */
  for (int d = 1; d <= NDOC; d++) {
    buf_reset(&t);
    buf_reset(&h);
    int len = 3 + (int)(next() % 300);
    dw[d] = malloc(sizeof *dw[d] * (size_t)len);
    dn[d] = len;
    for (int i = 0; i < len; i++) buf_printf(&t, "%s ", word_k(&dw[d][i]));
    hn[d] = 0;
    if (d % 4 == 0) {
      const char *h1 = word_k(&hw[d][0]), *h2 = word_k(&hw[d][1]);
      buf_printf(&h, "%s %s", h1, h2);
      hn[d] = 2;
    }
    const char *f[SX_NFIELDS] = {d % 9 == 0 ? "وزير المالية" : NULL, h.p, t.p};
    CHECK_EQ_INT(sx_builder_add(b, d * 3, f), MJ_OK); /* ids with gaps */
  }
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  CHECK_EQ_INT(sx_builder_write(b, db), MJ_OK);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sx_builder_free(b);
  /* the rare words' postings are in their rows, the others' in blocks */
  sqlite3_stmt *cs = NULL;
  sqlite3_prepare_v2(db,
                     "SELECT count(*), sum(docs IS NULL), (SELECT count(DISTINCT k >> 32) FROM search_block)"
                     " FROM search_term WHERE df > 1",
                     -1, &cs, NULL);
  CHECK(cs && sqlite3_step(cs) == SQLITE_ROW);
  int nterm = sqlite3_column_int(cs, 0), nblockterms = sqlite3_column_int(cs, 1);
  CHECK(nterm - nblockterms >= 4); /* inline, in more than one document */
  printf("# %d terms in more than one document, %d of them in blocks\n", nterm, nblockterms);
  CHECK(nblockterms >= 20);
  CHECK_EQ_INT(sqlite3_column_int(cs, 2), nblockterms);
  sqlite3_finalize(cs);
  /* the same index built one document at a time is identical in use */
  SxIndex *ix;
  CHECK_EQ_INT(sx_open(db, NULL, NULL, &ix), MJ_OK);
  int mismatches = 0, queries = 0, pruned_less = 0, phrases = 0, phrase_wrong = 0, phrase_hits = 0, cached_differ = 0,
      respelt = 0;
  Arena *a = arena_new();
  for (int qi = 0; qi < 300; qi++) {
    buf_reset(&t);
    int kind = qi % 5, n = 1 + (int)(next() % 4), ph[4];
    if (kind == 3) buf_puts(&t, "\"");
    for (int i = 0; i < n; i++) {
      const char *wd = word_k(&ph[i]);
      if (i == 0 && qi % 7 == 0) { /* a rare word: its postings inline */
        ph[0] = NCOMMON + (qi / 7) % NRARE;
        wd = vocab[ph[0]];
      }
      buf_printf(&t, "%s%s", i ? " " : "", wd);
    }
    if (kind == 3) buf_puts(&t, "\"");
    if (kind == 2) buf_printf(&t, " -%s", word());
    if (kind == 4) buf_printf(&t, " OR \"%s %s\"", word(), word());
    /* words the index does not have, respelt into items of several
    ** alternatives: with a prefix (لقانون), two words joined (a phrase
    ** alternative), a slip (التعليمم) */
    if (kind == 0 && qi % 3 == 0) buf_printf(&t, " ل%s", vocab[2 + (qi / 3) % 3]);
    if (kind == 1 && qi % 3 == 0) buf_printf(&t, " %s%s", word(), word());
    if (kind == 0 && qi % 3 == 1) buf_printf(&t, " %sم", vocab[11 + (qi / 3) % 5]);
    SearchQuery q;
    if (search_parse(a, t.p, &q) != MJ_OK) continue;
    SxQuery *s1 = NULL, *s2 = NULL;
    if (search_sx_respell(NULL, a, ix, &q, &s1) || search_sx_query(ix, &q, &s2)) {
      mismatches++;
      continue;
    }
    respelt += q.nrespell > 0;
    SxHit x[10], y[10], z[10];
    int nx = 0, ny = 0, nz = 0;
    CHECK_EQ_INT(sx_top(s1, 10, NULL, NULL, 0, x, &nx), MJ_OK);
    /* an index with cached statements, opened again for each query, ranks the same */
    SxIndex *cix = NULL;
    SxQuery *s3 = NULL;
    CHECK_EQ_INT(sx_open_cached(db, NULL, NULL, tprep, db, &cix), MJ_OK);
    if (cix && search_sx_query(cix, &q, &s3) == MJ_OK) {
      CHECK_EQ_INT(sx_top(s3, 10, NULL, NULL, 0, z, &nz), MJ_OK);
      int same3 = nz == nx;
      for (int i = 0; i < nx && same3; i++) same3 = z[i].doc == x[i].doc && z[i].score == x[i].score;
      cached_differ += !same3;
    }
    sxq_free(s3);
    sx_close(cix);
    SxStats st1, st2;
    sx_stats(s1, &st1);
    CHECK_EQ_INT(sx_top(s2, 10, NULL, NULL, 1, y, &ny), MJ_OK);
    sx_stats(s2, &st2);
    queries++;
    pruned_less += st1.scored < st2.scored;
    int same = nx == ny;
    for (int i = 0; i < nx && same; i++) same = x[i].doc == y[i].doc && fabs(x[i].score - y[i].score) < 1e-9;
    if (!same) {
      if (mismatches < 3) printf("#   query %s: pruned and exhaustive differ\n", t.p);
      mismatches++;
    }
    /* and sx_matches agrees with the exhaustive ranking's count when it is below 10 */
    int64_t *all;
    size_t na;
    CHECK_EQ_INT(sx_matches(s1, &all, &na), MJ_OK);
    if (na < 10) CHECK_EQ_INT((int)na, ny);
    if (kind == 3) { /* a phrase: exactly the documents a brute-force scan finds, and its top 10 among them */
      size_t k = 0;
      int wrong = 0;
      for (int d = 1; d <= NDOC; d++) {
        int want = field_has_phrase(vf, dw[d], dn[d], ph, n) || field_has_phrase(vf, hw[d], hn[d], ph, n) ||
                   (d % 9 == 0 && field_has_phrase(vf, sw, 2, ph, n));
        int got = k < na && all[k] == (int64_t)d * 3;
        if (got) k++;
        wrong += want != got;
      }
      wrong += k != na;
      for (int i = 0; i < nx; i++) {
        int in = 0;
        for (size_t j = 0; j < na && !in; j++) in = all[j] == x[i].doc;
        wrong += !in;
      }
      if (wrong && phrase_wrong < 3) printf("#   phrase %s: %d documents differ from a brute-force scan\n", t.p, wrong);
      phrase_wrong += wrong != 0;
      phrases++;
      phrase_hits += (int)na;
    }
    free(all);
    sxq_free(s1);
    sxq_free(s2);
  }
  CHECK_EQ_INT(mismatches, 0);
  CHECK_EQ_INT(cached_differ, 0);
  /* each statement prepared once for the 300 indexes: BEGIN, COMMIT, the statistics, the
  ** word, block and position reads (no prefix or exact-form query here) */
  CHECK(tprepared >= 5 && tprepared <= 8);
  for (int i = 0; i < (int)MJ_COUNT(tcache); i++) sqlite3_finalize(tcache[i].st);
  CHECK_EQ_INT(phrase_wrong, 0);
  CHECK(phrases >= 50 && phrase_hits > 1000); /* phrases that match, many spread over several blocks */
  for (int d = 1; d <= NDOC; d++) free(dw[d]);
  CHECK(queries >= 250);
  CHECK(pruned_less > queries / 3); /* the pruning does skip work */
  CHECK(respelt >= 40);             /* items of several alternatives, pruned as exhaustively scored */
  printf("# %d queries (%d with a respelt word); the pruned path scored fewer documents in %d; %d phrases (%d matches)"
         " checked against a brute-force scan; %d statements prepared for the cached indexes\n",
         queries, respelt, pruned_less, phrases, phrase_hits, tprepared);
  arena_free(a);
  buf_free(&t);
  buf_free(&h);
  sx_close(ix);
  sqlite3_close(db);
}

int main(void) {
  RUN(speaker_and_heading_weigh);
  RUN(adjacent_words_outrank_scattered);
  RUN(synonyms_expand);
  RUN(index_follows_edits);
  RUN(inline_postings_move);
  RUN(lengths_follow_edits);
  RUN(opening_word_ranks_first);
  RUN(topk_equals_exhaustive);
  return DONE();
}
