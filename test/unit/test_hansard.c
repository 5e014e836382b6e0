/*
** test_hansard: the electronic Hansard's domain. The word diff (Arabic
** diacritics reported apart from changed words), the segment readers
** (WebVTT, SRT, both JSON shapes) and their refusals with line numbers, and
** the workflow on a fresh demo parliament: segment import with speaker
** attribution from the speakers' list, flags, take rotation, optimistic
** concurrency, who may edit or correct what, certification refusals,
** immutable editions, re-import duplicating nothing.
*/
#include <stdint.h>
#include <time.h>

#include "harness.h"

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "hansard.h"
#include "segments.h"
#include "sindex.h"
#include "user.h"

static Db *db;
static char dbpath[512];

static int64_t qi(const char *sql, int64_t p) { return db_int(db, sql, 1, p, -1); }

/* ---------------------------------------------------------------- diff */
static int count_op(const HansardDiff *d, const char *op) {
  int n = 0;
  for (int i = 0; i < d->n; i++) n += strcmp(d->ops[i].op, op) == 0;
  return n;
}

static void test_diff_marks(void) {
  Arena *a = arena_new();
  HansardDiff d;
  /* قال -> قالَ and إن -> إنّ are diacritics only; الميزانية -> الموازنة is a new word */
  const char *old = "قال الوزير إن الميزانية متوازنة.";
  const char *neu = "قالَ الوزير إنّ الموازنة متوازنة.";
  CHECK_EQ_INT(hansard_diff_text(a, old, neu, 0, &d), MJ_OK);
  CHECK_EQ_INT(d.marks, 2);
  CHECK_EQ_INT(d.ins, 1);
  CHECK_EQ_INT(d.del, 1);
  CHECK_EQ_INT(count_op(&d, "marks"), 2);
  CHECK(d.n >= 5);
  CHECK_STR(d.ops[0].op, "marks");
  CHECK_STR(d.ops[0].text, "قالَ ");
  CHECK_STR(d.ops[0].old, "قال ");
  /* the new text is the concatenation of everything but deletions */
  Buf b;
  buf_init(&b, 4096);
  for (int i = 0; i < d.n; i++)
    if (strcmp(d.ops[i].op, "del")) buf_puts(&b, d.ops[i].text);
  CHECK_STR(b.p, neu);
  buf_reset(&b);
  for (int i = 0; i < d.n; i++)
    if (strcmp(d.ops[i].op, "ins")) buf_puts(&b, d.ops[i].old ? d.ops[i].old : d.ops[i].text);
  CHECK_STR(b.p, old);
  buf_free(&b);
  /* the word that changed is reported as itself */
  int found = 0;
  for (int i = 0; i < d.n; i++)
    if (!strcmp(d.ops[i].op, "del") && strstr(d.ops[i].text, "الميزانية")) found = 1;
  CHECK(found);
  /* identical texts: one eq op; punctuation changes are word changes */
  CHECK_EQ_INT(hansard_diff_text(a, "نعم، شكراً", "نعم، شكراً", 0, &d), MJ_OK);
  CHECK_EQ_INT(d.n, 1);
  CHECK_STR(d.ops[0].op, "eq");
  CHECK_EQ_INT(hansard_diff_text(a, "نعم، شكرا", "نعم. شكرا", 0, &d), MJ_OK);
  CHECK_EQ_INT(d.ins, 1);
  CHECK_EQ_INT(d.del, 1);
  CHECK_EQ_INT(d.marks, 0);
  /* a long text with one word inserted in the middle */
  Buf x, y;
  buf_init(&x, 1 << 20);
  buf_init(&y, 1 << 20);
  for (int i = 0; i < 3000; i++) {
    buf_printf(&x, "كلمة%d ", i);
    buf_printf(&y, "كلمة%d ", i);
    if (i == 1500) buf_puts(&y, "جديدة ");
  }
  CHECK_EQ_INT(hansard_diff_text(a, x.p, y.p, 0, &d), MJ_OK);
  CHECK_EQ_INT(d.ins, 1);
  CHECK_EQ_INT(d.del, 0);
  CHECK_EQ_INT(d.n, 3);
  buf_free(&x);
  buf_free(&y);
  arena_free(a);
}

/* ---------------------------------------------------------------- segment readers */
static int parse(Arena *a, const char *s, SegFormat f, Segment **v, int *n) {
  return segments_parse(a, s, strlen(s), f, "t", v, n, NULL);
}

static void test_segments_good(void) {
  Arena *a = arena_new();
  Segment *v;
  int n;
  const char *vtt = "\xef\xbb\xbfWEBVTT - a sitting\nKind: captions\n\nNOTE a comment\nspanning lines\n\n"
                    "1\n00:00:01.000 --> 00:00:04.500 align:start\n<v أحمد الخاجة>بسم الله &amp; <i>الحمد</i> لله\n\n"
                    "01:02.250 --> 01:05.000\nسطر أول\nسطر ثان\n";
  CHECK_EQ_INT(parse(a, vtt, SEG_VTT, &v, &n), MJ_OK);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_EQ_INT(v[0].start_ms, 1000);
    CHECK_EQ_INT(v[0].end_ms, 4500);
    CHECK_STR(v[0].text, "بسم الله & الحمد لله");
    CHECK_STR(v[0].speaker, "أحمد الخاجة");
    CHECK_EQ_INT(v[0].line, 8);
    CHECK(v[0].confidence < 0);
    CHECK_EQ_INT(v[1].start_ms, 62250);
    CHECK_STR(v[1].text, "سطر أول سطر ثان");
  }
  const char *srt = "1\r\n00:00:00,000 --> 00:00:02,500\r\nالسلام عليكم\r\n\r\n2\r\n00:00:02,500 --> 00:00:05,000\r\n"
                    "<b>ورحمة</b> الله\r\n";
  CHECK_EQ_INT(parse(a, srt, SEG_SRT, &v, &n), MJ_OK);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_EQ_INT(v[1].start_ms, 2500);
    CHECK_EQ_INT(v[1].end_ms, 5000);
    CHECK_STR(v[1].text, "ورحمة الله");
    CHECK_EQ_INT(v[1].line, 6);
  }
  const char *whisper = "{\"systeminfo\":\"AVX = 1\",\"model\":{\"type\":\"base\",\"audio\":{\"ctx\":1500}},\n"
                        "\"transcription\":[\n"
                        " {\"timestamps\":{\"from\":\"00:00:00,000\",\"to\":\"00:00:03,000\"},\"offsets\":{\"from\":0,\"to\":3000},\n"
                        "  \"text\":\" بسم الله\",\"tokens\":[{\"text\":\"[_BEG_]\",\"p\":0.1},{\"text\":\" بسم\",\"p\":0.8},{\"text\":\" الله\",\"p\":0.6}]},\n"
                        " {\"timestamps\":{\"from\":\"00:00:03,000\",\"to\":\"00:00:07,120\"},\n"
                        "  \"text\":\" الرحمن الرحيم\"}\n]}";
  CHECK_EQ_INT(parse(a, whisper, SEG_AUTO, &v, &n), MJ_OK);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_EQ_INT(v[0].end_ms, 3000);
    CHECK(v[0].confidence > 0.69 && v[0].confidence < 0.71); /* mean of 0.8 and 0.6; [_BEG_] ignored */
    CHECK_STR(v[0].text, "بسم الله");
    CHECK_EQ_INT(v[0].line, 3);
    CHECK_EQ_INT(v[1].start_ms, 3000);
    CHECK_EQ_INT(v[1].end_ms, 7120);
    CHECK_EQ_INT(v[1].line, 5);
  }
  const char *list = "[\n{\"start\": 1.5, \"end\": 2.25, \"text\": \"نعم\", \"confidence\": 0.5, \"speaker\": \"SPEAKER_01\"},\n"
                     "{\"start\": 3, \"end\": 4, \"text\": \"لا\", \"avg_logprob\": -0.5, \"id\": 7},\n"
                     "{\"start\": 5, \"end\": 6, \"text\": \"   \"}]";
  int skipped = 0;
  CHECK_EQ_INT(segments_parse(a, list, strlen(list), SEG_JSON, "t", &v, &n, &skipped), MJ_OK);
  CHECK_EQ_INT(n, 2);
  CHECK_EQ_INT(skipped, 1);
  if (n == 2) {
    CHECK_EQ_INT(v[0].start_ms, 1500);
    CHECK_EQ_INT(v[0].end_ms, 2250);
    CHECK_STR(v[0].speaker, "SPEAKER_01");
    CHECK(v[1].confidence > 0.60 && v[1].confidence < 0.61); /* exp(-0.5) */
    CHECK_EQ_INT(v[1].line, 3);
  }
  /* the writer's output reads back the same */
  Buf out;
  buf_init(&out, 1 << 16);
  Segment w[2] = {{0, 1500, "أ & ب <ج>", -1, "الرئيس", 0}, {1500, 3000, "سطر\nثان", -1, NULL, 0}};
  segments_write_vtt(w, 2, &out);
  CHECK_EQ_INT(parse(a, out.p, SEG_VTT, &v, &n), MJ_OK);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_STR(v[0].text, "أ & ب <ج>");
    CHECK_STR(v[0].speaker, "الرئيس");
    CHECK_STR(v[1].text, "سطر ثان");
  }
  buf_free(&out);
  arena_free(a);
}

static void refused(const char *input, SegFormat f, const char *where, const char *why) {
  Arena *a = arena_new();
  Segment *v = (Segment *)1;
  int n = -1;
  int rc = segments_parse(a, input, strlen(input), f, "bad.seg", &v, &n, NULL);
  CHECK_EQ_INT(rc, MJ_EINVAL);
  CHECK(v == NULL && n == 0);
  CHECK_CONTAINS(mj_errmsg(), where);
  CHECK_CONTAINS(mj_errmsg(), why);
  arena_free(a);
}

static void test_segments_bad(void) {
  refused("WEBVTX\n\n00:01.000 --> 00:02.000\nx\n", SEG_VTT, "bad.seg:1:", "WEBVTT");
  refused("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:03.000 -> 00:04.000\nx\n", SEG_VTT, "bad.seg:6:", "cue timing");
  refused("WEBVTT\n\nid\nnot a timing\nx\n", SEG_VTT, "bad.seg:4:", "cue timing");
  refused("WEBVTT\n\n00:05.000 --> 00:02.000\nx\n", SEG_VTT, "bad.seg:3:", "ends before it starts");
  refused("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n00:03.000 --> 00:04.000\ny\n", SEG_VTT, "bad.seg:5:", "'-->' inside");
  refused("WEBVTT\n\n00:01.000 --> 00:61.000\nx\n", SEG_VTT, "bad.seg:3:", "end time");
  refused("WEBVTT\n\n00:01.000 --> 00:02.000\n<v unclosed\n", SEG_VTT, "bad.seg:4:", "not closed");
  refused("1\n00:00:01,000 --> 00:00:02,000\nok\n\nx\n00:00:03,000 --> 00:00:04,000\ny\n", SEG_SRT, "bad.seg:5:", "cue number");
  refused("1\n00:00:01 --> 00:00:02,000\nx\n", SEG_SRT, "bad.seg:2:", "start time");
  refused("", SEG_SRT, "bad.seg:1:", "no cues");
  refused("1\n00:00:01,000 --> 00:00:02,000\nbad \xff byte\n", SEG_SRT, "bad.seg:3:", "UTF-8");
  refused("[{\"start\":0,\"end\":1,\"text\":\"a\"},\n{\"start\":1,\"end\":2}]", SEG_JSON, "bad.seg:2:", "\"text\"");
  refused("[{\"start\":0,\"end\":1,\"text\":\"a\"},\n\n{\"start\":-1,\"end\":2,\"text\":\"b\"}]", SEG_JSON, "bad.seg:3:", "negative");
  refused("[{\"start\":0,\"end\":1,\"text\":\"a\",\"confidence\":1.5}]", SEG_JSON, "bad.seg:1:", "from 0 to 1");
  refused("[{\"start\":0,\"end\":1,\"text\":\"a\"},\n{\"start\":0,\n\"end\":1 \"text\":\"b\"}]", SEG_JSON, "bad.seg:3:", "malformed JSON");
  refused("{\"transcription\":[\n{\"text\":\"x\"}]}", SEG_JSON, "bad.seg:2:", "offsets");
  refused("{\"result\":{\"language\":\"ar\"}}", SEG_JSON, "bad.seg:1:", "whisper.cpp");
  refused("[{\"start\":0,\"end\":1,\"text\":\"a\",\"text\":\"b\"}]", SEG_JSON, "bad.seg:1:", "duplicate");
  refused("[{\"start\":2,\"end\":1,\"text\":\"a\"}]", SEG_JSON, "bad.seg:1:", "ends before");
}

/* ---------------------------------------------------------------- workflow */
typedef struct Who {
  Actor a;
  MeetingActor m;
} Who;

static void who_of(Who *w, const char *name, const char *role, int64_t person) {
  memset(w, 0, sizeof *w);
  int64_t id = 0;
  if (user_create(db, &(Actor){0, "cli:test", "local", ~0u}, name, name, name, role, person, "correct horse battery", &id))
    printf("#   user_create %s: %s\n", name, mj_errmsg());
  w->a.user_id = id;
  w->a.user_name = name;
  w->a.address = "local";
  w->a.caps = user_role_find(role)->caps;
  w->m.actor = &w->a;
  w->m.person_id = person;
}

static Who rep1, rep2, ed, cert, mem1, mem2;
static int64_t sitting, p1, p2, item;

static int setup(void) {
  th_tmpdb(dbpath, sizeof dbpath, "hansard");
  if (db_open(dbpath, DB_CREATE, &db)) return -1;
  Actor cli = audit_cli_actor();
  DemoOptions o = {7, "2026-11-23", NULL, NULL, NULL};
  DemoResult res;
  if (demo_create(db, &cli, &o, &res)) return -1;
  int64_t chamber = db_int(db, "SELECT id FROM organization WHERE classification='chamber' ORDER BY id LIMIT 1", 0, 0, 0);
  p1 = db_int(db, "SELECT min(person_id) FROM membership WHERE organization_id=?1", 1, chamber, 0);
  p2 = db_int(db, "SELECT min(person_id) FROM membership WHERE organization_id=?1 AND person_id>" "(SELECT min(person_id) "
              "FROM membership WHERE organization_id=?1)", 1, chamber, 0);
  who_of(&rep1, "t_rep1", "reporter", 0);
  who_of(&rep2, "t_rep2", "reporter", 0);
  who_of(&ed, "t_editor", "editor", 0);
  who_of(&cert, "t_cert", "certifier", 0);
  who_of(&mem1, "t_mem1", "member", p1);
  who_of(&mem2, "t_mem2", "member", p2);
  MeetingActor clerk = {&cli, 0};
  SittingInput in = {chamber, 0, 0, "2026-12-01", "09:30", NULL};
  if (meeting_sitting_create(db, &clerk, &in, &sitting)) return -1;
  if (meeting_item_add(db, &clerk, sitting, 0, "bill", "مشروع قانون", &item)) return -1;
  /* who had the floor: p1 for the first minute, p2 from 60 s to 130 s */
  int64_t t0;
  struct tm tm = {0};
  tm.tm_year = 126;
  tm.tm_mon = 11;
  tm.tm_mday = 1;
  tm.tm_hour = 9;
  tm.tm_min = 30;
  t0 = (int64_t)timegm(&tm) * 1000;
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO speaker_request(agenda_item_id,person_id,position,status,requested_at,started_ms,ended_ms,seconds_limit) "
           "VALUES(%lld,%lld,1,'done','x',%lld,%lld,300),(%lld,%lld,2,'done','x',%lld,%lld,300)",
           (long long)item, (long long)p1, (long long)t0, (long long)(t0 + 60000), (long long)item, (long long)p2,
           (long long)(t0 + 60000), (long long)(t0 + 130000));
  return db_exec(db, sql);
}

static const char *SEGS = "[\n"
                          "{\"start\":0,\"end\":20,\"text\":\"بسم الله الرحمن الرحيم\",\"confidence\":0.9},\n"
                          "{\"start\":20,\"end\":50,\"text\":\"نناقش اليوم مشروع القانون\",\"confidence\":0.4},\n"
                          "{\"start\":60.5,\"end\":90,\"text\":\"شكرا سيدي الرئيس\",\"confidence\":0.95},\n"
                          "{\"start\":85,\"end\":100,\"text\":\"نقطة نظام\",\"confidence\":0.9},\n"
                          "{\"start\":140,\"end\":150,\"text\":\"رفعت الجلسة\"}\n]";

static void test_import_attribution(void) {
  Arena *a = arena_new();
  HansardConfig c = {NULL, "2026-12-01T09:30:00Z", 60};
  CHECK_EQ_INT(hansard_configure(db, &ed.m, sitting, &c), MJ_OK);
  CHECK_EQ_INT(hansard_configure(db, &rep1.m, sitting, &c), MJ_EDENIED);
  Segment *v;
  int n;
  CHECK_EQ_INT(segments_parse(a, SEGS, strlen(SEGS), SEG_JSON, "t.json", &v, &n, NULL), MJ_OK);
  HansardImport in = {"whisper.cpp", "1.7.4", "ar", -1, NULL};
  HansardImportResult r;
  CHECK_EQ_INT(hansard_import_segments(db, &mem1.m, sitting, v, n, &in, &r), MJ_EDENIED);
  CHECK_EQ_INT(hansard_import_segments(db, &rep1.m, sitting, v, n, &in, &r), MJ_OK);
  CHECK_EQ_INT(r.segments, 5);
  CHECK_EQ_INT(r.speeches, 3);
  CHECK_EQ_INT(r.takes, 3);
  CHECK_EQ_INT(r.flags, 3);
  HansardView hv;
  CHECK_EQ_INT(hansard_record(db, a, sitting, &hv), MJ_OK);
  CHECK_EQ_INT(hv.nspeeches, 3);
  CHECK_EQ_INT(hv.ntakes, 3);
  if (hv.nspeeches == 3) {
    HansardSpeech *s = hv.speeches;
    CHECK_EQ_INT(s[0].person_id, p1);
    CHECK_STR(s[0].attribution, "proposed");
    CHECK_STR(s[0].text, "بسم الله الرحمن الرحيم نناقش اليوم مشروع القانون");
    CHECK_STR(s[0].draft_text, s[0].text);
    CHECK_STR(s[0].source, "asr");
    CHECK_STR(s[0].engine, "whisper.cpp");
    CHECK_STR(s[0].engine_version, "1.7.4");
    CHECK(s[0].confidence > 0.649 && s[0].confidence < 0.651);
    CHECK_STR(s[0].start_time, "09:30:00");
    CHECK_EQ_INT(s[0].agenda_item_id, item);
    CHECK_EQ_INT(s[1].person_id, p2);
    CHECK_EQ_INT(s[1].media_start_ms, 60500);
    CHECK_EQ_INT(s[1].media_end_ms, 100000);
    CHECK_EQ_INT(s[2].person_id, 0);
    CHECK(s[2].confidence < 0);
    CHECK_EQ_INT(s[0].take_id, hv.takes[0].id);
    CHECK_EQ_INT(s[1].take_id, hv.takes[1].id);
    CHECK_EQ_INT(s[2].take_id, hv.takes[2].id);
    /* the record's sections were made from the agenda when it was opened:
    ** the item's section holds its speeches, and the one after them (no
    ** item: the floor was empty) continues it */
    int64_t sec = qi("SELECT id FROM record_section WHERE sitting_id=?1 AND agenda_item_id IS NOT NULL", sitting);
    CHECK_EQ_INT(qi("SELECT count(*) FROM record_section WHERE sitting_id=?1", sitting), 1);
    CHECK_EQ_INT(qi("SELECT agenda_item_id FROM record_section WHERE id=?1", sec), item);
    CHECK_EQ_INT(hv.nsections, 1);
    if (hv.nsections == 1) {
      CHECK_STR(hv.sections[0].heading, "مشروع قانون");
      CHECK_STR(hv.sections[0].name, "debate");
    }
    CHECK_EQ_INT(s[0].section_id, sec);
    CHECK_EQ_INT(s[1].section_id, sec);
    CHECK_EQ_INT(s[2].section_id, sec);
  }
  CHECK_EQ_INT(hv.open_flags, 3);
  /* the search index: the import's speeches were indexed together before
  ** the commit (sindex_defer/sindex_flush), exactly as one by one */
  for (int i = 0; i < hv.nspeeches; i++)
    CHECK_EQ_INT(qi("SELECT count(*) FROM search_doc WHERE id=?1", hv.speeches[i].id), 1);
  Buf rep;
  buf_init(&rep, BUF_UNLIMITED);
  CHECK_EQ_INT(sindex_check(db_handle(db), &rep), MJ_OK);
  CHECK_CONTAINS(rep.p ? rep.p : "", "search index: ok");
  buf_free(&rep);
  /* and deferring ended with the import: a later insert is indexed at once */
  CHECK_EQ_INT(db_exec(db, "INSERT INTO speech(sitting_id,position,kind,lang,text) VALUES(1,9999,'speech','ar','نص بعد الاستيراد')"), MJ_OK);
  CHECK_EQ_INT(qi("SELECT count(*) FROM search_doc WHERE id=?1", sqlite3_last_insert_rowid(db_handle(db))), 1);
  CHECK_EQ_INT(db_exec(db, "DELETE FROM speech WHERE sitting_id=1 AND position=9999"), MJ_OK);
  int low = 0, ov = 0, at = 0;
  for (int i = 0; i < hv.nflags; i++) {
    low += !strcmp(hv.flags[i].kind, "low_confidence") && hv.flags[i].start_ms == 20000;
    ov += !strcmp(hv.flags[i].kind, "overlap") && hv.flags[i].start_ms == 85000;
    at += !strcmp(hv.flags[i].kind, "attribution") && hv.flags[i].speech_id == hv.speeches[2].id;
  }
  CHECK_EQ_INT(low, 1);
  CHECK_EQ_INT(ov, 1);
  CHECK_EQ_INT(at, 1);
  /* the same segments again: nothing new */
  int64_t before = qi("SELECT count(*) FROM speech WHERE sitting_id=?1", sitting);
  CHECK_EQ_INT(hansard_import_segments(db, &rep1.m, sitting, v, n, &in, &r), MJ_OK);
  CHECK_EQ_INT(r.segments, 0);
  CHECK_EQ_INT(r.duplicates, 5);
  CHECK_EQ_INT(r.speeches, 0);
  CHECK_EQ_INT(qi("SELECT count(*) FROM speech WHERE sitting_id=?1", sitting), before);
  CHECK_EQ_INT(qi("SELECT count(*) FROM asr_segment WHERE sitting_id=?1", sitting), 5);
  /* a file: imported once, then recognised by its hash */
  char path[600];
  snprintf(path, sizeof path, "%s.vtt", dbpath);
  FILE *f = fopen(path, "w");
  fputs("WEBVTT\n\n00:02:31.000 --> 00:02:35.000\nنعم\n", f);
  fclose(f);
  CHECK_EQ_INT(hansard_import_segments_file(db, &rep1.m, sitting, path, SEG_AUTO, &in, &r), MJ_OK);
  CHECK_EQ_INT(r.segments, 1);
  CHECK_EQ_INT(r.already, 0);
  CHECK_EQ_INT(hansard_import_segments_file(db, &rep1.m, sitting, path, SEG_AUTO, &in, &r), MJ_OK);
  CHECK_EQ_INT(r.already, 1);
  CHECK_EQ_INT(r.segments, 0);
  CHECK_EQ_INT(qi("SELECT count(*) FROM asr_segment WHERE sitting_id=?1", sitting), 6);
  CHECK_EQ_INT(qi("SELECT count(*) FROM record_source WHERE scheme='segments' AND sitting_id=?1", sitting), 1);
  /* a bad file changes nothing and says where */
  f = fopen(path, "w");
  fputs("WEBVTT\n\n00:03:00.000 --> 00:03:05.000\nجيد\n\n00:03:06.000 --> 00:03:0x.000\nسيئ\n", f);
  fclose(f);
  int64_t segs0 = qi("SELECT count(*) FROM asr_segment WHERE sitting_id=?1", sitting);
  CHECK_EQ_INT(hansard_import_segments_file(db, &rep1.m, sitting, path, SEG_AUTO, &in, &r), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), ".vtt:6:");
  CHECK_EQ_INT(qi("SELECT count(*) FROM asr_segment WHERE sitting_id=?1", sitting), segs0);
  remove(path);
  arena_free(a);
}

static void test_takes_rotation(void) {
  Arena *a = arena_new();
  HansardAssign in = {0, "t_rep1,t_rep2", 0};
  HansardAssignResult r;
  CHECK_EQ_INT(hansard_assign(db, &rep1.m, sitting, &in, &r), MJ_EDENIED);
  HansardAssign bad = {0, "t_rep1,t_mem1", 0};
  CHECK_EQ_INT(hansard_assign(db, &ed.m, sitting, &bad, &r), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "t_mem1");
  CHECK_EQ_INT(hansard_assign(db, &ed.m, sitting, &in, &r), MJ_OK);
  CHECK_EQ_INT(r.takes, 3);
  CHECK_EQ_INT(r.reporters, 2);
  HansardView v;
  CHECK_EQ_INT(hansard_record(db, a, sitting, &v), MJ_OK);
  CHECK_EQ_INT(v.ntakes, 3);
  if (v.ntakes == 3) {
    CHECK_STR(v.takes[0].reporter, "t_rep1");
    CHECK_STR(v.takes[1].reporter, "t_rep2");
    CHECK_STR(v.takes[2].reporter, "t_rep1");
    CHECK_EQ_INT(v.takes[1].start_ms, 60000);
    CHECK_EQ_INT(v.takes[1].end_ms, 120000);
    CHECK_EQ_INT(v.takes[0].speeches, 1);
    CHECK_EQ_INT(v.takes[2].speeches, 2);
  }
  /* speeches follow the re-cut takes */
  CHECK_EQ_INT(qi("SELECT count(*) FROM speech WHERE sitting_id=?1 AND take_id IS NULL", sitting), 0);
  /* five-minute takes in rotation over three reporters: 1,2,3,1 */
  Who rep3;
  who_of(&rep3, "t_rep3", "reporter", 0);
  HansardAssign in3 = {300, "t_rep3,t_rep1,t_rep2", 16 * 60 * 1000};
  CHECK_EQ_INT(hansard_assign(db, &ed.m, sitting, &in3, &r), MJ_OK);
  CHECK_EQ_INT(r.takes, 4);
  CHECK_EQ_INT(hansard_record(db, a, sitting, &v), MJ_OK);
  if (v.ntakes == 4) {
    CHECK_STR(v.takes[0].reporter, "t_rep3");
    CHECK_STR(v.takes[1].reporter, "t_rep1");
    CHECK_STR(v.takes[3].reporter, "t_rep3");
  }
  /* back to one-minute takes, alternating rep1 and rep2 */
  HansardAssign in1 = {60, "t_rep1,t_rep2", 0};
  CHECK_EQ_INT(hansard_assign(db, &ed.m, sitting, &in1, &r), MJ_OK);
  CHECK_EQ_INT(r.takes, 3);
  arena_free(a);
}

/* The id of the k-th speech (0-based) of the test sitting. */
static int64_t speech_at(int k) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM speech WHERE sitting_id=?1 ORDER BY position LIMIT 1 OFFSET ?2");
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int(st, 2, k);
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  return id;
}

static void test_edit_conflict_and_rights(void) {
  int64_t s0 = speech_at(0), s1 = speech_at(1);
  int ver = 0;
  HansardConflict c;
  HansardEdit e = {"بسم الله الرحمن الرحيم. نناقش اليوم مشروع القانون.", 1, 0, NULL, NULL, 0};
  /* rep2 does not hold take 1; a member never edits; a reporter does not attribute */
  CHECK_EQ_INT(hansard_speech_edit(db, &rep2.m, s0, &e, &ver, &c), MJ_EDENIED);
  CHECK_EQ_INT(hansard_speech_edit(db, &mem1.m, s0, &e, &ver, &c), MJ_EDENIED);
  HansardEdit ea = {NULL, 1, p2, NULL, NULL, 1};
  CHECK_EQ_INT(hansard_speech_edit(db, &rep1.m, s0, &ea, &ver, &c), MJ_EDENIED);
  CHECK_EQ_INT(hansard_speech_edit(db, &rep1.m, s0, &e, &ver, &c), MJ_OK);
  CHECK_EQ_INT(ver, 2);
  /* the editor edits the version they loaded (1): conflict, nothing written */
  HansardEdit e2 = {"نص آخر", 1, 0, NULL, NULL, 0};
  CHECK_EQ_INT(hansard_speech_edit(db, &ed.m, s0, &e2, &ver, &c), MJ_ECONFLICT);
  CHECK_EQ_INT(c.current_version, 2);
  CHECK_STR(c.edited_by, "t_rep1");
  CHECK(strlen(c.edited_at) >= 20);
  CHECK_CONTAINS(mj_errmsg(), "t_rep1");
  Arena *a = arena_new();
  HansardSpeech sp;
  CHECK_EQ_INT(hansard_speech(db, a, s0, &sp), MJ_OK);
  CHECK_STR(sp.text, e.text);
  CHECK_EQ_INT(sp.version, 2);
  CHECK_STR(sp.draft_text, "بسم الله الرحمن الرحيم نناقش اليوم مشروع القانون");
  CHECK_STR(sp.engine, "whisper.cpp");
  /* the editor confirms the proposed speaker of the second speech */
  HansardEdit e3 = {NULL, 1, 0, NULL, NULL, 1};
  CHECK_EQ_INT(hansard_speech_edit(db, &ed.m, s1, &e3, &ver, &c), MJ_OK);
  CHECK_EQ_INT(hansard_speech(db, a, s1, &sp), MJ_OK);
  CHECK_STR(sp.attribution, "confirmed");
  CHECK_EQ_INT(sp.person_id, p2);
  /* a reporter moves their own take to edited, not someone else's, not to reviewed */
  int64_t t1 = qi("SELECT take_id FROM speech WHERE id=?1", s0), t2 = qi("SELECT take_id FROM speech WHERE id=?1", s1);
  CHECK_EQ_INT(hansard_take_status(db, &rep1.m, t2, "edited"), MJ_EDENIED);
  CHECK_EQ_INT(hansard_take_status(db, &rep1.m, t1, "reviewed"), MJ_EDENIED);
  CHECK_EQ_INT(hansard_take_status(db, &rep1.m, t1, "edited"), MJ_OK);
  CHECK_EQ_INT(hansard_take_status(db, &rep1.m, t1, "bogus"), MJ_EINVAL);
  CHECK_EQ_INT(hansard_take_status(db, &ed.m, t1, "reviewed"), MJ_OK);
  /* a reviewed take is the editor's now */
  HansardEdit e4 = {"تعديل", 2, 0, NULL, NULL, 0};
  CHECK_EQ_INT(hansard_speech_edit(db, &rep1.m, s0, &e4, &ver, &c), MJ_EDENIED);
  arena_free(a);
}

static void test_certify_publish(void) {
  Arena *a = arena_new();
  /* not yet: open flags, takes not reviewed, a proposed speaker */
  CHECK_EQ_INT(hansard_certify(db, &ed.m, sitting), MJ_EDENIED);
  CHECK_EQ_INT(hansard_certify(db, &cert.m, sitting), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "open flags");
  CHECK_CONTAINS(mj_errmsg(), "not reviewed");
  CHECK_CONTAINS(mj_errmsg(), "proposed speaker");
  /* an uncertified record cannot be published */
  int64_t eid;
  int num;
  CHECK_EQ_INT(hansard_publish(db, &cert.m, sitting, "provisional", NULL, &eid, &num), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "uncertified");
  CHECK_EQ_INT(qi("SELECT count(*) FROM edition WHERE sitting_id=?1", sitting), 0);
  /* the editor clears it: flags, speakers, takes */
  HansardView v;
  CHECK_EQ_INT(hansard_record(db, a, sitting, &v), MJ_OK);
  for (int i = 0; i < v.nflags; i++)
    if (!strcmp(v.flags[i].status, "open") && strcmp(v.flags[i].kind, "attribution"))
      CHECK_EQ_INT(hansard_flag_resolve(db, &ed.m, v.flags[i].id, "checked against the recording"), MJ_OK);
  CHECK(v.nflags > 0);
  if (v.nflags) CHECK_EQ_INT(hansard_flag_resolve(db, &rep1.m, v.flags[0].id, "x"), MJ_EDENIED);
  int ver;
  HansardConflict c;
  for (int i = 0; i < v.nspeeches; i++)
    if (!strcmp(v.speeches[i].attribution, "proposed")) {
      HansardEdit e = {NULL, v.speeches[i].version, v.speeches[i].person_id ? 0 : p1, NULL, NULL, 1};
      CHECK_EQ_INT(hansard_speech_edit(db, &ed.m, v.speeches[i].id, &e, &ver, &c), MJ_OK);
    }
  CHECK_EQ_INT(qi("SELECT count(*) FROM record_flag WHERE sitting_id=?1 AND status='open'", sitting), 0);
  /* the member review needs every take merged */
  CHECK_EQ_INT(hansard_review_open(db, &ed.m, sitting, 48), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "not reviewed");
  for (int i = 0; i < v.ntakes; i++) CHECK_EQ_INT(hansard_take_status(db, &ed.m, v.takes[i].id, "reviewed"), MJ_OK);
  CHECK_EQ_INT(hansard_review_open(db, &ed.m, sitting, 0), MJ_EINVAL);
  CHECK_EQ_INT(hansard_review_open(db, &ed.m, sitting, 48), MJ_OK);
  /* members: only their own speeches */
  int64_t s0 = speech_at(0), s1 = speech_at(1);
  int64_t cid = 0;
  CHECK_EQ_INT(hansard_correction_propose(db, &mem2.m, s0, "تصحيح", "خطأ", &cid), MJ_EDENIED);
  CHECK_EQ_INT(hansard_correction_propose(db, &rep1.m, s0, "تصحيح", "خطأ", &cid), MJ_EDENIED);
  HansardEdit em = {"تعديل", 1, 0, NULL, NULL, 0};
  CHECK_EQ_INT(hansard_speech_edit(db, &mem2.m, s1, &em, &ver, &c), MJ_EDENIED);
  const char *fixed = "بسمِ اللهِ الرحمنِ الرحيمِ. نناقش اليوم مشروع القانون.";
  CHECK_EQ_INT(hansard_correction_propose(db, &mem1.m, s0, fixed, "التشكيل", &cid), MJ_OK);
  CHECK(cid > 0);
  int64_t rej = 0;
  CHECK_EQ_INT(hansard_correction_propose(db, &mem2.m, s1, "شكرا جزيلا سيدي الرئيس نقطة نظام", NULL, &rej), MJ_OK);
  /* not yet: the window is open and corrections are pending */
  CHECK_EQ_INT(hansard_certify(db, &cert.m, sitting), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "pending correction");
  CHECK_CONTAINS(mj_errmsg(), "member review is still open");
  CHECK_EQ_INT(hansard_correction_decide(db, &mem1.m, cid, 1, NULL), MJ_EDENIED);
  CHECK_EQ_INT(hansard_correction_decide(db, &ed.m, cid, 1, "مقبول"), MJ_OK);
  CHECK_EQ_INT(hansard_correction_decide(db, &ed.m, cid, 0, NULL), MJ_ECONFLICT);
  CHECK_EQ_INT(hansard_correction_decide(db, &ed.m, rej, 0, "النص يطابق التسجيل"), MJ_OK);
  HansardSpeech sp;
  CHECK_EQ_INT(hansard_speech(db, a, s0, &sp), MJ_OK);
  CHECK_STR(sp.text, fixed);
  CHECK_EQ_INT(hansard_review_close(db, &ed.m, sitting), MJ_OK);
  CHECK_EQ_INT(hansard_correction_propose(db, &mem1.m, s0, "متأخر", NULL, &cid), MJ_ECONFLICT);
  CHECK_EQ_INT(hansard_certify(db, &cert.m, sitting), MJ_OK);
  /* certified: no more edits until published */
  CHECK_EQ_INT(hansard_speech(db, a, s0, &sp), MJ_OK);
  HansardEdit ec = {"x", sp.version, 0, NULL, NULL, 0};
  CHECK_EQ_INT(hansard_speech_edit(db, &ed.m, s0, &ec, &ver, &c), MJ_ECONFLICT);
  CHECK_EQ_INT(hansard_publish(db, &ed.m, sitting, "provisional", NULL, &eid, &num), MJ_EDENIED);
  CHECK_EQ_INT(hansard_publish(db, &cert.m, sitting, "draft", NULL, &eid, &num), MJ_EINVAL);
  int64_t e1 = 0;
  CHECK_EQ_INT(hansard_publish(db, &cert.m, sitting, "provisional", "الطبعة المؤقتة", &e1, &num), MJ_OK);
  CHECK_EQ_INT(num, 1);
  HansardEdition ed1;
  CHECK_EQ_INT(hansard_edition(db, a, e1, &ed1), MJ_OK);
  CHECK_STR(ed1.kind, "provisional");
  CHECK_EQ_INT(ed1.sha256 ? (int64_t)strlen(ed1.sha256) : 0, 64);
  CHECK_CONTAINS(ed1.content, fixed);
  /* the edition cannot change, in SQL or otherwise */
  char sql[200];
  snprintf(sql, sizeof sql, "UPDATE edition SET content='{}' WHERE id=%lld", (long long)e1);
  CHECK(db_exec(db, sql) != MJ_OK);
  CHECK_CONTAINS(mj_errmsg(), "cannot change");
  snprintf(sql, sizeof sql, "DELETE FROM edition WHERE id=%lld", (long long)e1);
  CHECK(db_exec(db, sql) != MJ_OK);
  CHECK_EQ_INT(qi("SELECT count(*) FROM edition WHERE id=?1", e1), 1);
  /* a correction after the provisional edition reopens the record */
  CHECK_EQ_INT(hansard_speech(db, a, s1, &sp), MJ_OK);
  HansardEdit e5 = {"شكراً سيدي الرئيس. نقطة نظام.", sp.version, 0, NULL, NULL, 0};
  CHECK_EQ_INT(hansard_speech_edit(db, &rep2.m, s1, &e5, &ver, &c), MJ_EDENIED);
  CHECK_EQ_INT(hansard_speech_edit(db, &ed.m, s1, &e5, &ver, &c), MJ_OK);
  HansardRecord rec;
  CHECK_EQ_INT(hansard_record_status(db, a, sitting, &rec), MJ_OK);
  CHECK_STR(rec.status, "drafting");
  CHECK_EQ_INT(hansard_publish(db, &cert.m, sitting, "final", NULL, &eid, &num), MJ_ECONFLICT);
  CHECK_EQ_INT(hansard_certify(db, &cert.m, sitting), MJ_OK);
  int64_t e2 = 0;
  CHECK_EQ_INT(hansard_publish(db, &cert.m, sitting, "final", NULL, &e2, &num), MJ_OK);
  CHECK_EQ_INT(num, 2);
  /* the final edition freezes the record */
  CHECK_EQ_INT(hansard_speech(db, a, s1, &sp), MJ_OK);
  HansardEdit e6 = {"y", sp.version, 0, NULL, NULL, 0};
  CHECK_EQ_INT(hansard_speech_edit(db, &ed.m, s1, &e6, &ver, &c), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "final");
  CHECK_EQ_INT(hansard_publish(db, &cert.m, sitting, "final", NULL, &eid, &num), MJ_ECONFLICT);
  CHECK_EQ_INT(hansard_certify(db, &cert.m, sitting), MJ_ECONFLICT);
  CHECK_EQ_INT(hansard_import_segments(db, &rep1.m, sitting, NULL, 0, &(HansardImport){"x", NULL, NULL, -1, NULL}, &(HansardImportResult){0}),
               MJ_ECONFLICT);
  /* the two editions compare word by word */
  HansardDiff d;
  CHECK_EQ_INT(hansard_diff(db, a, e1, e2, &d), MJ_OK);
  CHECK_EQ_INT(d.marks, 1); /* شكرا -> شكراً */
  CHECK(d.ins >= 2);        /* the full stops */
  int on_s1 = 1;
  for (int i = 0; i < d.n; i++)
    if (strcmp(d.ops[i].op, "eq") && d.ops[i].speech_id != s1) on_s1 = 0;
  CHECK(on_s1);
  CHECK_EQ_INT(hansard_diff(db, a, e2, 0, &d), MJ_OK);
  CHECK_EQ_INT(d.ins + d.del + d.marks, 0);
  /* exports come from the final edition */
  Buf vtt;
  buf_init(&vtt, 1 << 20);
  CHECK_EQ_INT(hansard_export_vtt(db, sitting, 0, &vtt), MJ_OK);
  CHECK(mj_startswith(vtt.p, "WEBVTT\n"));
  CHECK_CONTAINS(vtt.p, "00:01:00.500 --> 00:01:40.000");
  CHECK_CONTAINS(vtt.p, "شكراً سيدي الرئيس. نقطة نظام.");
  buf_free(&vtt);
  char *pj = NULL;
  CHECK_EQ_INT(hansard_export_popolo(db, sitting, 0, &pj), MJ_OK);
  CHECK_CONTAINS(pj, "\"creator_id\"");
  CHECK_CONTAINS(pj, "\"start_ms\": 60500");
  free(pj);
  /* every step audited; the chain holds */
  CHECK(qi("SELECT count(*) FROM audit WHERE action LIKE 'speech.%' OR action LIKE 'record.%' OR action LIKE 'edition.%' "
           "OR action LIKE 'correction.%' OR action LIKE 'take.%' OR action LIKE 'flag.%' OR action='hansard.import' AND ?1", 1) >= 20);
  int64_t bad, n;
  CHECK_EQ_INT(audit_verify(db, &bad, &n), MJ_OK);
  arena_free(a);
}

/* ---------------------------------------------------------------- demo */
/* 1 when the n bytes at s are valid UTF-8 (shortest forms, no surrogates),
** written here apart from the code under test. */
static int utf8_valid(const unsigned char *s, int n) {
  for (int i = 0; i < n;) {
    unsigned c = s[i];
    int k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    if (k < 0 || i + k >= n) return 0; /* not a lead byte, or the character runs past the end */
    for (int j = 1; j <= k; j++)
      if ((s[i + j] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) || (c == 0xF0 && s[i + 1] < 0x90) ||
        (c == 0xF4 && s[i + 1] > 0x8F))
      return 0;
    i += k + 1;
  }
  return 1;
}

static void test_utf8_cut(void) {
  const char *ar = "المتقاعدين"; /* two bytes a letter */
  CHECK_EQ_INT(mj_utf8_cut(ar, 7), 6);
  CHECK_EQ_INT(mj_utf8_cut(ar, 8), 8);
  CHECK_EQ_INT(mj_utf8_cut(ar, 1000), strlen(ar));
  CHECK_EQ_INT(mj_utf8_cut("abc", 2), 2);
  CHECK_EQ_INT(mj_utf8_cut("a\xe2\x80\xa6", 3), 1); /* inside the three bytes of … */
  CHECK_EQ_INT(mj_utf8_cut("", 5), 0);
  CHECK(utf8_valid((const unsigned char *)ar, 6));
  CHECK(!utf8_valid((const unsigned char *)ar, 7));
}

/* The demo's flags: every detail valid UTF-8, long passages cut on a
** character and marked with an ellipsis. */
static void test_demo_flags(void) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id, kind, detail FROM record_flag ORDER BY id");
  int n = 0, bad = 0, cut = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *d = sqlite3_column_blob(st, 2);
    int len = sqlite3_column_bytes(st, 2);
    n++;
    if (!d || !utf8_valid(d, len)) {
      if (bad++ < 3) printf("#   flag %lld: detail is not valid UTF-8\n", (long long)sqlite3_column_int64(st, 0));
      continue;
    }
    cut += len > 3 && memcmp(d + len - 3, "\xe2\x80\xa6", 3) == 0;
  }
  db_done(st);
  CHECK(n >= 10);
  CHECK_EQ_INT(bad, 0);
  CHECK(cut >= 1);
}

/* Sections tied to agenda items: the demo's published record has one per
** item, in its editions too; a sitting that never entered the workflow
** reads with sections derived from its agenda. */
static void test_demo_sections(void) {
  Arena *a = arena_new();
  int64_t pub = db_int(db, "SELECT sitting_id FROM record WHERE status='final'", 0, 0, 0);
  CHECK(pub > 0);
  int64_t items = qi("SELECT count(*) FROM agenda_item WHERE sitting_id=?1", pub);
  CHECK(items >= 2);
  CHECK_EQ_INT(qi("SELECT count(*) FROM record_section rs JOIN agenda_item i ON i.id=rs.agenda_item_id "
                  "WHERE rs.sitting_id=?1 AND rs.heading=i.title AND rs.name=CASE i.kind WHEN 'question' THEN 'questions' "
                  "ELSE 'debate' END", pub), items);
  CHECK_EQ_INT(qi("SELECT count(*) FROM speech sp JOIN record_section rs ON rs.id=sp.section_id "
                  "WHERE sp.sitting_id=?1 AND sp.agenda_item_id IS NOT NULL AND rs.agenda_item_id<>sp.agenda_item_id", pub), 0);
  CHECK_EQ_INT(qi("SELECT count(*) FROM speech WHERE sitting_id=?1 AND agenda_item_id IS NOT NULL AND section_id IS NULL", pub), 0);
  CHECK_EQ_INT(qi("SELECT json_array_length(content, '$.sections') FROM edition WHERE sitting_id=?1 AND kind='final'", pub), items);
  /* the speech-recognition drafts: their imported speeches in their items' sections */
  CHECK_EQ_INT(db_int(db, "SELECT count(*) FROM speech sp JOIN record r ON r.sitting_id=sp.sitting_id WHERE "
                          "sp.agenda_item_id IS NOT NULL AND (sp.section_id IS NULL OR sp.section_id<>(SELECT id FROM "
                          "record_section rs WHERE rs.agenda_item_id=sp.agenda_item_id))", 0, 0, -1), 0);
  /* never in the workflow: derived, not stored */
  int64_t old = db_int(db, "SELECT s.id FROM sitting s WHERE s.status='closed' AND NOT EXISTS (SELECT 1 FROM record r "
                           "WHERE r.sitting_id=s.id) ORDER BY s.id LIMIT 1", 0, 0, 0);
  CHECK(old > 0);
  HansardView v;
  CHECK_EQ_INT(hansard_record(db, a, old, &v), MJ_OK);
  CHECK_EQ_INT(v.nsections, qi("SELECT count(*) FROM agenda_item WHERE sitting_id=?1", old));
  CHECK_EQ_INT(qi("SELECT count(*) FROM record_section WHERE sitting_id=?1", old), 0);
  int placed = 0, wrong = 0;
  for (int i = 0; i < v.nspeeches; i++) {
    const HansardSpeech *sp = &v.speeches[i];
    if (!sp->agenda_item_id) continue;
    placed++;
    wrong += sp->section_id != sp->agenda_item_id;
  }
  CHECK(placed > 5);
  CHECK_EQ_INT(wrong, 0);
  for (int i = 0; i < v.nsections; i++) {
    const char *t = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT title FROM agenda_item WHERE id=?1");
    sqlite3_bind_int64(st, 1, v.sections[i].agenda_item_id);
    if (sqlite3_step(st) == SQLITE_ROW) t = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
    db_done(st);
    CHECK_STR(v.sections[i].heading, t ? t : "?");
  }
  char *snap = NULL;
  CHECK_EQ_INT(hansard_snapshot(db, old, &snap), MJ_OK);
  CHECK_CONTAINS(snap ? snap : "", "\"sections\":[{\"id\":");
  free(snap);
  arena_free(a);
}

int main(void) {
  RUN(test_diff_marks);
  RUN(test_segments_good);
  RUN(test_segments_bad);
  if (setup()) {
    printf("not ok - setup: %s\n", mj_errmsg());
    return 1;
  }
  RUN(test_utf8_cut);
  RUN(test_demo_flags);
  RUN(test_demo_sections);
  RUN(test_import_attribution);
  RUN(test_takes_rotation);
  RUN(test_edit_conflict_and_rights);
  RUN(test_certify_publish);
  db_close(db);
  remove(dbpath);
  char w[600];
  snprintf(w, sizeof w, "%s-wal", dbpath);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", dbpath);
  remove(w);
  return DONE();
}
