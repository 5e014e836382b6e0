/*
** test_formats_record.c: the record formats (Akoma Ntoso, ParlaMint TEI,
** ParlParse) on hand-written fixtures in test/fixtures/record/: what the
** readers take from a file, what they refuse and with which message and
** line, the traps (2016 namespace, no namespace, latest="yes", entities in
** ISO-8859-1, malformed times), the writers (AKN validated against the
** OASIS schema when the shared data is there; TEI against our structural
** checks), and the database import (counts, re-import changes nothing, a
** failing file leaves nothing behind, divisions with their votes).
*/
#include <stdlib.h>
#include <unistd.h>

#include "akn.h"
#include "audit.h"
#include "db.h"
#include "harness.h"
#include "parlparse.h"
#include "people.h"
#include "record_io.h"
#include "recxml.h"
#include "tei.h"

#define FX "test/fixtures/record/"

static char dbpath[512];

static Db *fresh(const char *tag) {
  th_tmpdb(dbpath, sizeof dbpath, tag);
  Db *db = NULL;
  if (db_open(dbpath, DB_CREATE | DB_MUST_NEW, &db)) printf("#   db_open: %s\n", mj_errmsg());
  return db;
}

static void cleanup(Db *db) {
  char w[700];
  db_close(db);
  remove(dbpath);
  snprintf(w, sizeof w, "%s-wal", dbpath);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", dbpath);
  remove(w);
}

static int64_t count(Db *db, const char *sql) { return db_int(db, sql, 0, 0, -1); }

/* The OASIS schema when the shared data is there, else NULL. */
static const char *schema(void) {
  const char *p = akn_schema_default();
  return access(p, R_OK) == 0 ? p : NULL;
}

static int used_persons(const RecDoc *d) {
  int n = 0;
  for (int i = 0; i < d->npersons; i++) n += d->persons[i].used;
  return n;
}

static void test_akn_read(void) {
  RecDoc d;
  recdoc_init(&d, FX "akn_debate.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_debate.xml", NULL, &d), MJ_OK);
  CHECK_STR(d.source, "/akn/bh/debate/2024-03-05/12");
  CHECK_STR(d.date, "2024-03-05");
  CHECK_STR(d.lang, "ar");
  CHECK_STR(d.country, "bh");
  CHECK_EQ_INT(d.number, 12);
  CHECK_STR(d.title, "الجلسة الثانية عشرة");
  CHECK_STR(d.body_name, "مجلس النواب");
  CHECK_EQ_INT(d.nsections, 3);
  CHECK_EQ_INT(d.nspeeches, 5);
  CHECK_EQ_INT(used_persons(&d), 2);
  if (d.nsections == 3 && d.nspeeches == 5) {
    CHECK_STR(d.sections[0].name, "prayers");
    CHECK_STR(d.sections[0].heading, "تلاوة");
    CHECK_STR(d.sections[1].name, "questions");
    CHECK_EQ_INT(d.sections[2].parent, 1);
    CHECK_STR(d.speeches[0].kind, "narrative");
    CHECK_STR(d.speeches[1].kind, "question");
    CHECK_STR(d.speeches[1].start_time, "09:15:00");
    CHECK_STR(d.speeches[1].label, "النائب أحمد علي:");
    CHECK_STR(d.persons[d.speeches[1].person].identifier, "/akn/ontology/person/bh/ahmed");
    CHECK_STR(d.speeches[2].kind, "answer");
    CHECK_STR(d.speeches[2].role, "وزير المالية");
    CHECK_STR(d.speeches[2].text, "الخطة في ثلاث مراحل.\nالمرحلة الأولى تبدأ هذا العام & تنتهي في العام القادم.");
    CHECK_STR(d.speeches[3].kind, "scene");
    /* by="#speaker" names a TLCRole: a role, no person */
    CHECK_EQ_INT(d.speeches[4].person, -1);
    CHECK_STR(d.speeches[4].role, "رئيس المجلس");
    CHECK_EQ_INT(d.speeches[4].section, 2);
  }
  recdoc_free(&d);
}

static void test_akn_namespaces_and_refusals(void) {
  RecDoc d;
  /* the 2016 working-draft namespace is accepted */
  recdoc_init(&d, FX "akn_wd17.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_wd17.xml", NULL, &d), MJ_OK);
  CHECK_STR(d.date, "2024-03-06");
  CHECK_EQ_INT(d.nspeeches, 5);
  recdoc_free(&d);
  /* a document that is not a debate */
  recdoc_init(&d, FX "akn_act.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_act.xml", NULL, &d), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "akn_act.xml:3:");
  CHECK_CONTAINS(mj_errmsg(), "<act>, not a <debate>");
  recdoc_free(&d);
  /* malformed XML: the first error, with its line */
  recdoc_init(&d, FX "akn_malformed.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_malformed.xml", NULL, &d), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "akn_malformed.xml:6: not well-formed XML");
  recdoc_free(&d);
  /* no namespace, no date: refused unless a date is given */
  recdoc_init(&d, FX "akn_nonamespace.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_nonamespace.xml", NULL, &d), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "--date");
  recdoc_free(&d);
  recdoc_init(&d, FX "akn_nonamespace.xml", "akn");
  AknOptions o = {"2020-07-15"};
  CHECK_EQ_INT(akn_read(FX "akn_nonamespace.xml", &o, &d), MJ_OK);
  CHECK_STR(d.date, "2020-07-15");
  CHECK_CONTAINS(d.warnings.p, "no Akoma Ntoso namespace");
  CHECK_CONTAINS(d.warnings.p, "yb-unknown");
  CHECK_EQ_INT(d.nspeeches, 2);
  if (d.nspeeches == 2) CHECK_STR(d.speeches[0].text, "Salam sejahtera. Selamat pagi.");
  CHECK_EQ_INT(strncmp(d.source, "sha256:", 7), 0);
  recdoc_free(&d);
  /* another namespace, another root, truncated input */
  static const char other_ns[] = "<akomaNtoso xmlns=\"http://example.org/x\"><debate/></akomaNtoso>";
  recdoc_init(&d, "x.xml", "akn");
  CHECK_EQ_INT(akn_parse("x.xml", other_ns, sizeof other_ns - 1, NULL, &d), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "is not Akoma Ntoso 3.0");
  recdoc_free(&d);
  static const char html[] = "<html><body/></html>";
  recdoc_init(&d, "x.xml", "akn");
  CHECK_EQ_INT(akn_parse("x.xml", html, sizeof html - 1, NULL, &d), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "not <akomaNtoso>");
  recdoc_free(&d);
  char *data;
  size_t len;
  if (recxml_slurp(FX "akn_debate.xml", &data, &len) == MJ_OK) {
    recdoc_init(&d, "cut.xml", "akn");
    CHECK_EQ_INT(akn_parse("cut.xml", data, len / 2, NULL, &d), MJ_EINVAL);
    CHECK_CONTAINS(mj_errmsg(), "cut.xml:");
    recdoc_free(&d);
    free(data);
  }
}

/* Writes d as AKN, validates it when the schema is there, reads it back and
** compares what must survive: sections, speeches, kinds, texts, speakers. */
static void akn_round_trip(RecDoc *d, int wrapped) {
  for (int i = 0; i < d->npersons; i++) d->persons[i].rowid = i + 1;
  Buf b;
  buf_init(&b, 1u << 26);
  CHECK_EQ_INT(akn_write(d, &b), MJ_OK);
  if (schema()) {
    int rc = akn_validate(b.p, b.n, schema());
    if (rc) printf("#   %s\n", mj_errmsg());
    CHECK_EQ_INT(rc, MJ_OK);
  } else {
    printf("# skip: schema validation (no %s)\n", akn_schema_default());
  }
  RecDoc e;
  recdoc_init(&e, "export.xml", "akn");
  CHECK_EQ_INT(akn_parse("export.xml", b.p, b.n, NULL, &e), MJ_OK);
  CHECK_EQ_INT(e.nsections, d->nsections + wrapped); /* speeches outside sections get one */
  CHECK_EQ_INT(e.nspeeches, d->nspeeches);
  CHECK_EQ_INT(used_persons(&e), used_persons(d));
  for (int i = 0; i < d->nspeeches && i < e.nspeeches; i++) {
    CHECK_STR(e.speeches[i].kind, d->speeches[i].kind);
    CHECK_STR(e.speeches[i].text, d->speeches[i].text);
    CHECK_EQ_INT(e.speeches[i].person >= 0, d->speeches[i].person >= 0);
  }
  recdoc_free(&e);
  buf_free(&b);
}

static void test_akn_write(void) {
  RecDoc d;
  recdoc_init(&d, FX "akn_debate.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_debate.xml", NULL, &d), MJ_OK);
  /* characters that must be escaped, and a speech outside any section */
  RecSpeech *s = recdoc_speech(&d, -1, "speech", 0);
  s->person = 0;
  s->text = "<b>\"x\" & 'y'</b>\nسطر ثان";
  s->label = "A & B";
  akn_round_trip(&d, 1);
  recdoc_free(&d);
}

static void test_tei(void) {
  char *data;
  size_t len;
  Arena *a = arena_new();
  TeiCorpus c;
  CHECK_EQ_INT(recxml_slurp(FX "tei_corpus.xml", &data, &len), MJ_OK);
  int kind = 0;
  CHECK_EQ_INT(tei_kind("c", data, len, &kind), MJ_OK);
  CHECK_EQ_INT(kind, TEI_CORPUS);
  CHECK_EQ_INT(tei_parse_corpus(FX "tei_corpus.xml", data, len, a, &c), MJ_OK);
  free(data);
  CHECK_EQ_INT(c.people.n_orgs, 2);
  CHECK_EQ_INT(c.people.n_persons, 2);
  CHECK_EQ_INT(c.people.n_memberships, 3);
  CHECK_EQ_INT(c.nincludes, 2);
  CHECK_CONTAINS(c.warnings.p, "party.Missing");
  if (c.people.n_persons == 2) {
    CHECK_STR(c.people.persons[0].name, "Ayşe Yılmaz");
    CHECK_STR(c.people.persons[0].gender, "female");
  }
  if (c.people.n_memberships == 3) {
    CHECK_STR(c.people.memberships[0].start_date, "2018-07-07"); /* from the term's event */
    CHECK_STR(c.people.memberships[2].role, "chair");
  }
  buf_free(&c.warnings);
  arena_free(a);

  RecDoc d;
  recdoc_init(&d, FX "tei_sitting.xml", "parlamint");
  CHECK_EQ_INT(recxml_slurp(FX "tei_sitting.xml", &data, &len), MJ_OK);
  CHECK_EQ_INT(tei_parse_sitting(FX "tei_sitting.xml", data, len, &d), MJ_OK);
  free(data);
  CHECK_STR(d.source, "ParlaMint-XX_2018-07-10");
  CHECK_STR(d.date, "2018-07-10");
  CHECK_EQ_INT(d.number, 3);
  CHECK_STR(d.body_ident, "parlamint:TBMM");
  CHECK_EQ_INT(d.nspeeches, 6);
  if (d.nspeeches == 6) {
    CHECK_STR(d.speeches[1].label, "BAŞKAN İsmail Kaya");
    CHECK_STR(d.speeches[1].role, "chair");
    CHECK_STR(d.speeches[1].start_time, "15:00");
    CHECK_STR(d.speeches[1].text, "Birleşimi açıyorum.\nGündeme geçiyoruz.");
    CHECK_STR(d.speeches[2].kind, "scene");
    CHECK_STR(d.speeches[2].text, "Alkışlar");
    CHECK_EQ_INT(d.speeches[5].person, -1);
  }
  for (int i = 0; i < d.npersons; i++) d.persons[i].rowid = i + 1;
  Buf b;
  buf_init(&b, 1u << 24);
  CHECK_EQ_INT(tei_write(&d, &b), MJ_OK);
  int rc = tei_check(b.p, b.n);
  if (rc) printf("#   %s\n", mj_errmsg());
  CHECK_EQ_INT(rc, MJ_OK);
  RecDoc e;
  recdoc_init(&e, "tei-export", "parlamint");
  CHECK_EQ_INT(tei_parse_sitting("tei-export", b.p, b.n, &e), MJ_OK);
  CHECK_EQ_INT(e.nspeeches, d.nspeeches);
  for (int i = 0; i < d.nspeeches && i < e.nspeeches; i++) CHECK_STR(e.speeches[i].text, d.speeches[i].text);
  CHECK_STR(e.speeches[1].label, "BAŞKAN İsmail Kaya");
  recdoc_free(&e);
  /* the structural check fails on what it must */
  Buf m;
  buf_init(&m, 1u << 24);
  const char *who = strstr(b.p, "who=\"#");
  if (who) {
    buf_append(&m, b.p, (size_t)(who - b.p) + 6);
    buf_puts(&m, "nobody-");
    buf_puts(&m, who + 6);
  }
  CHECK_EQ_INT(tei_check(m.p ? m.p : "", m.n), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "names no person");
  buf_free(&m);
  char *bad = xstrdup(b.p);
  char *q = strstr(bad, "unit=\"speeches\" quantity=\"");
  if (q) q[26] = '9';
  CHECK_EQ_INT(tei_check(bad, strlen(bad)), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "utterances");
  free(bad);
  akn_round_trip(&d, 0); /* a TEI sitting exports as valid AKN too */
  buf_free(&b);
  recdoc_free(&d);
}

static void test_parlparse(void) {
  RecDoc d;
  recdoc_init(&d, FX "pp_debates2009-10-26b.xml", "parlparse");
  CHECK_EQ_INT(parlparse_read(FX "pp_debates2009-10-26b.xml", &d), MJ_OK);
  CHECK_EQ_INT(d.skip, 0);
  CHECK_STR(d.date, "2009-10-26");
  CHECK_STR(d.body_ident, "parlparse:commons");
  CHECK_EQ_INT(d.nsections, 2);
  CHECK_EQ_INT(d.nspeeches, 3);
  if (d.nsections == 2 && d.nspeeches == 3) {
    /* ISO-8859-1 bytes and DTD entities decoded */
    CHECK_STR(d.sections[0].heading, "Café Licensing");
    CHECK_STR(d.sections[1].heading, "Fees – Review");
    CHECK_STR(d.speeches[0].label, "Renée Smith");
    CHECK_STR(d.speeches[0].text, "The fee is £5 a year.\nThat is fair–I think.");
    /* 015:47:00 repaired; 99:99:99 dropped; both reported */
    CHECK_STR(d.speeches[1].start_time, "15:47:00");
    CHECK_STR(d.speeches[1].role, "The Minister");
    CHECK(d.speeches[2].start_time == NULL);
    CHECK_STR(d.speeches[2].kind, "narrative");
  }
  CHECK_CONTAINS(d.warnings.p, "malformed time \"015:47:00\" read as 15:47:00");
  CHECK_CONTAINS(d.warnings.p, "malformed time \"99:99:99\" left out");
  CHECK_EQ_INT(d.nvotes, 1);
  if (d.nvotes == 1) {
    CHECK_EQ_INT(d.votes[0].nballots, 5);
    CHECK_EQ_INT(d.votes[0].yes, 3); /* 2 ayes and 1 teller */
    CHECK_EQ_INT(d.votes[0].no, 2);
    CHECK_STR(d.votes[0].result, "pass");
    CHECK_STR(d.votes[0].time, "22:00:00");
  }
  recdoc_free(&d);
  /* only latest="yes" counts */
  recdoc_init(&d, FX "pp_debates2009-10-26a.xml", "parlparse");
  CHECK_EQ_INT(parlparse_read(FX "pp_debates2009-10-26a.xml", &d), MJ_OK);
  CHECK_EQ_INT(d.skip, 1);
  CHECK_CONTAINS(d.skip_reason, "latest=\"no\"");
  recdoc_free(&d);
  /* an entity the DTD does not declare */
  recdoc_init(&d, FX "pp_undeclared_entity.xml", "parlparse");
  CHECK_EQ_INT(parlparse_read(FX "pp_undeclared_entity.xml", &d), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "pp_undeclared_entity.xml:11:");
  CHECK_CONTAINS(mj_errmsg(), "bogus");
  recdoc_free(&d);
  /* times: repairs and refusals */
  Arena *a = arena_new();
  int rep;
  CHECK_STR(recdoc_time(a, "015:47:00", &rep), "15:47:00");
  CHECK_EQ_INT(rep, 1);
  CHECK_STR(recdoc_time(a, "2011-06-10T10:02:00+02:00", &rep), "10:02:00");
  CHECK_EQ_INT(rep, 0);
  CHECK_STR(recdoc_time(a, "14.01", NULL), "14:01");
  CHECK(recdoc_time(a, "115:47:00", NULL) == NULL);
  CHECK(recdoc_time(a, "24:00", NULL) == NULL);
  CHECK(recdoc_time(a, "", NULL) == NULL);
  arena_free(a);
}

static int import_file(Db *db, const char *fmt, const char *path, RecImportReport *r) {
  RecDoc d;
  recdoc_init(&d, path, fmt);
  int rc;
  if (strcmp(fmt, "akn") == 0) rc = akn_read(path, NULL, &d);
  else if (strcmp(fmt, "parlparse") == 0) rc = parlparse_read(path, &d);
  else {
    char *data;
    size_t len;
    rc = recxml_slurp(path, &data, &len);
    if (!rc) rc = tei_parse_sitting(path, data, len, &d);
    if (!rc) free(data);
  }
  Actor who = audit_cli_actor();
  if (!rc && !d.skip) rc = recio_import(db, &who, &d, NULL, r);
  recdoc_free(&d);
  return rc;
}

static void test_import_akn(void) {
  Db *db = fresh("rec-akn");
  if (!db) return;
  RecImportReport r;
  memset(&r, 0, sizeof r);
  CHECK_EQ_INT(import_file(db, "akn", FX "akn_debate.xml", &r), MJ_OK);
  CHECK_EQ_INT(r.sittings, 1);
  CHECK_EQ_INT(r.sections, 3);
  CHECK_EQ_INT(r.speeches, 5);
  CHECK_EQ_INT(r.speakers, 2);
  CHECK_EQ_INT(r.persons_added, 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech WHERE source='import'"), 5);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_identifier WHERE scheme='akn'"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM record_source WHERE scheme='akn'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='record.import'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM organization WHERE ident='/akn/ontology/organization/bh/council'"), 1);
  /* again: nothing changes */
  memset(&r, 0, sizeof r);
  CHECK_EQ_INT(import_file(db, "akn", FX "akn_debate.xml", &r), MJ_OK);
  CHECK_EQ_INT(r.sittings_unchanged, 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech"), 5);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting"), 1);
  /* the 2016 draft of another day: its speakers are the same persons */
  memset(&r, 0, sizeof r);
  CHECK_EQ_INT(import_file(db, "akn", FX "akn_wd17.xml", &r), MJ_OK);
  CHECK_EQ_INT(r.persons_matched, 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting"), 2);
  /* load and write back: the record as imported */
  RecDoc d;
  recdoc_init(&d, "db", "akn");
  CHECK_EQ_INT(recio_load(db, 1, &d), MJ_OK);
  CHECK_EQ_INT(d.nsections, 3);
  CHECK_EQ_INT(d.nspeeches, 5);
  CHECK_STR(d.country, "bh");
  if (d.nspeeches == 5) CHECK_STR(d.speeches[2].text, "الخطة في ثلاث مراحل.\nالمرحلة الأولى تبدأ هذا العام & تنتهي في العام القادم.");
  akn_round_trip(&d, 0);
  recdoc_free(&d);
  recdoc_init(&d, "db", "akn");
  CHECK_EQ_INT(recio_load(db, 99, &d), MJ_ENOTFOUND);
  recdoc_free(&d);
  cleanup(db);
}

static void test_import_atomic(void) {
  Db *db = fresh("rec-atomic");
  if (!db) return;
  RecDoc d;
  recdoc_init(&d, FX "akn_debate.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_debate.xml", NULL, &d), MJ_OK);
  d.speeches[d.nspeeches - 1].kind = "bogus"; /* the database refuses the last speech */
  RecImportReport r;
  memset(&r, 0, sizeof r);
  Actor who = audit_cli_actor();
  CHECK_EQ_INT(recio_import(db, &who, &d, NULL, &r), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "akn_debate.xml:");
  CHECK_EQ_INT(r.speeches, 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM record_source"), 0);
  recdoc_free(&d);
  /* a changed file of the same source is refused without --replace */
  recdoc_init(&d, FX "akn_debate.xml", "akn");
  CHECK_EQ_INT(akn_read(FX "akn_debate.xml", NULL, &d), MJ_OK);
  CHECK_EQ_INT(recio_import(db, &who, &d, NULL, &r), MJ_OK);
  d.sha256[0] = d.sha256[0] == 'a' ? 'b' : 'a';
  CHECK_EQ_INT(recio_import(db, &who, &d, NULL, &r), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "--replace");
  RecImportOptions o = {NULL, 1};
  memset(&r, 0, sizeof r);
  CHECK_EQ_INT(recio_import(db, &who, &d, &o, &r), MJ_OK);
  CHECK_EQ_INT(r.replaced, 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech"), 5);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting"), 1);
  /* no capability, no import */
  Actor nobody = {0, "nobody", "local", 0};
  CHECK_EQ_INT(recio_import(db, &nobody, &d, &o, &r), MJ_EDENIED);
  recdoc_free(&d);
  cleanup(db);
}

static void test_import_parlparse_tei(void) {
  Db *db = fresh("rec-pp");
  if (!db) return;
  RecImportReport r;
  memset(&r, 0, sizeof r);
  CHECK_EQ_INT(import_file(db, "parlparse", FX "pp_debates2009-10-26a.xml", &r), MJ_OK); /* skipped */
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting"), 0);
  CHECK_EQ_INT(import_file(db, "parlparse", FX "pp_debates2009-10-26b.xml", &r), MJ_OK);
  CHECK_EQ_INT(import_file(db, "parlparse", FX "divisions2009-10-26b.xml", &r), MJ_OK);
  CHECK_EQ_INT(import_file(db, "parlparse", FX "divisions2009-10-26b.xml", &r), MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech"), 3);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM vote_event"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM ballot"), 8);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM ballot WHERE option='yes'"), 4);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 5);
  CHECK_EQ_INT(count(db, "SELECT yes_count FROM vote_event WHERE ident LIKE '%.1.5'"), 3);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM vote_event WHERE result='fail' AND ident LIKE '%.1.9'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech WHERE start_time='15:47:00'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE name_ar='Renée Smith'"), 1);
  /* ParlaMint: the corpus's persons are the sitting's speakers */
  char *data;
  size_t len;
  Arena *a = arena_new();
  TeiCorpus c;
  if (recxml_slurp(FX "tei_corpus.xml", &data, &len) == MJ_OK) {
    CHECK_EQ_INT(tei_parse_corpus(FX "tei_corpus.xml", data, len, a, &c), MJ_OK);
    free(data);
    PeopleReport pr;
    people_report_init(&pr);
    PeopleOptions po = {0};
    Actor who = audit_cli_actor();
    CHECK_EQ_INT(people_import(db, &who, &c.people, 0, &po, &pr), MJ_OK);
    CHECK_EQ_INT(pr.persons.added, 2);
    CHECK_EQ_INT(pr.memberships.added, 3);
    people_report_free(&pr);
    buf_free(&c.warnings);
  }
  arena_free(a);
  memset(&r, 0, sizeof r);
  CHECK_EQ_INT(import_file(db, "parlamint", FX "tei_sitting.xml", &r), MJ_OK);
  CHECK_EQ_INT(r.speeches, 6);
  CHECK_EQ_INT(r.speakers, 2);
  CHECK_EQ_INT(r.persons_matched, 2);
  CHECK_EQ_INT(r.persons_added, 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM speech s JOIN person p ON p.id=s.person_id WHERE p.name_ar='Ayşe Yılmaz'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM sitting s JOIN organization o ON o.id=s.body_id WHERE o.ident='parlamint:TBMM'"), 1);
  cleanup(db);
}

int main(void) {
  RUN(test_akn_read);
  RUN(test_akn_namespaces_and_refusals);
  RUN(test_akn_write);
  RUN(test_tei);
  RUN(test_parlparse);
  RUN(test_import_akn);
  RUN(test_import_atomic);
  RUN(test_import_parlparse_tei);
  return DONE();
}
