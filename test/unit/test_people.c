/*
** test_people.c: Popolo and EveryPolitician-CSV import and the Popolo
** export, on small fixtures written here: a valid file, re-import without
** duplicates, a changed name updated and reported, conflicts kept and
** reported, malformed and truncated JSON, wrong types, missing ids, a
** membership naming an unknown person (nothing imported), CSV edge cases,
** and an export with a secret vote.
*/
#include <unistd.h>

#include "audit.h"
#include "db.h"
#include "harness.h"
#include "people.h"
#include "popolo.h"

static char path[512], file[600];

static Db *fresh(const char *tag) {
  th_tmpdb(path, sizeof path, tag);
  Db *db = NULL;
  if (db_open(path, DB_CREATE | DB_MUST_NEW, &db)) printf("#   db_open: %s\n", mj_errmsg());
  return db;
}

static void cleanup(Db *db) {
  char w[700];
  db_close(db);
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
  remove(file);
}

static void write_file(const char *text) {
  snprintf(file, sizeof file, "%s.in", path);
  FILE *fp = fopen(file, "wb");
  if (fp) {
    fputs(text, fp);
    fclose(fp);
  }
}

static int import_json(Db *db, const char *text, PeopleReport *r, const PeopleOptions *o) {
  write_file(text);
  Actor who = audit_cli_actor();
  people_report_init(r);
  return people_import_popolo(db, &who, file, o, r);
}

static int64_t count(Db *db, const char *sql) { return db_int(db, sql, 0, 0, -1); }

#define VALID                                                                                                   \
  "{\"persons\":["                                                                                              \
  "{\"id\":\"p1\",\"name\":\"أحمد علي\",\"other_names\":[{\"name\":\"Ahmed Ali\",\"lang\":\"en\"}],"             \
  "\"gender\":\"male\",\"birth_date\":\"1960-05\",\"email\":\"a@example.org\","                                  \
  "\"identifiers\":[{\"scheme\":\"wikidata\",\"identifier\":\"Q1\"}]},"                                          \
  "{\"id\":\"p2\",\"name\":\"Məmməd Əliyev\"}],"                                                                 \
  "\"organizations\":[{\"id\":\"o1\",\"name\":\"مجلس النواب\",\"classification\":\"lower house\",\"seats\":40},"   \
  "{\"id\":\"o2\",\"name\":\"Finance committee\",\"classification\":\"committee\",\"parent_id\":\"o1\"},"          \
  "{\"id\":\"party/x\",\"name\":\"Party X\",\"classification\":\"political party\"}],"                           \
  "\"events\":[{\"id\":\"term/1\",\"classification\":\"legislative period\",\"start_date\":\"2014-12-14\"}],"    \
  "\"memberships\":[{\"person_id\":\"p1\",\"organization_id\":\"o1\",\"legislative_period_id\":\"term/1\","     \
  "\"on_behalf_of_id\":\"party/x\"},"                                                                            \
  "{\"id\":\"m2\",\"person_id\":\"p2\",\"organization_id\":\"o2\",\"role\":\"Chairman\","                        \
  "\"start_date\":\"2015-01-01\",\"end_date\":\"2016-01-01\"}]}"

static void test_valid_and_reimport(void) {
  Db *db = fresh("people1");
  PeopleReport r;
  CHECK_EQ_INT(import_json(db, VALID, &r, NULL), MJ_OK);
  CHECK_EQ_INT(r.persons.added, 2);
  CHECK_EQ_INT(r.orgs.added, 3);
  CHECK_EQ_INT(r.memberships.added, 2);
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE name_ar='أحمد علي' AND name_en='Ahmed Ali' AND gender='male'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE ident='p2' AND name_az='Məmməd Əliyev'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM organization WHERE ident='o1' AND classification='chamber' AND seats=40"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM organization o JOIN organization p ON p.id=o.parent_id WHERE o.ident='o2' AND p.ident='o1'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM membership WHERE start_date='2014-12-14' AND on_behalf_of_id IS NOT NULL"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM membership WHERE ident='m2' AND role='chair' AND role_label='Chairman'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_identifier WHERE scheme='wikidata' AND identifier='Q1'"), 1);
  CHECK(count(db, "SELECT count(*) FROM audit WHERE action='person.import'") == 2);
  /* the same file again: nothing added, everything unchanged */
  CHECK_EQ_INT(import_json(db, VALID, &r, NULL), MJ_OK);
  CHECK_EQ_INT(r.persons.added + r.orgs.added + r.memberships.added, 0);
  CHECK_EQ_INT(r.persons.unchanged, 2);
  CHECK_EQ_INT(r.orgs.unchanged, 3);
  CHECK_EQ_INT(r.memberships.unchanged, 2);
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM membership"), 2);
  int64_t bad = 0, n = 0;
  CHECK_EQ_INT(audit_verify(db, &bad, &n), MJ_OK);
  cleanup(db);
}

static void test_update_and_conflict(void) {
  Db *db = fresh("people2");
  PeopleReport r;
  CHECK_EQ_INT(import_json(db, VALID, &r, NULL), MJ_OK);
  people_report_free(&r);
  /* a changed English name and end date: updated and reported */
  CHECK_EQ_INT(import_json(db,
                           "{\"persons\":[{\"id\":\"p1\",\"name\":\"أحمد علي\",\"other_names\":[{\"name\":\"Ahmad Ali\",\"lang\":\"en\"}]}],"
                           "\"memberships\":[{\"id\":\"m2\",\"person_id\":\"p2\",\"organization_id\":\"o2\",\"role\":\"Chairman\","
                           "\"start_date\":\"2015-01-01\",\"end_date\":\"2017-01-01\"}]}",
                           &r, NULL),
               MJ_OK);
  CHECK_EQ_INT(r.persons.updated, 1);
  CHECK_EQ_INT(r.memberships.updated, 1);
  CHECK_CONTAINS(r.log.p, "updated person p1: name_en \"Ahmed Ali\" -> \"Ahmad Ali\"");
  CHECK_CONTAINS(r.log.p, "end_date \"2016-01-01\" -> \"2017-01-01\"");
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE name_en='Ahmad Ali'"), 1);
  /* a different Arabic name for the same id: a conflict, nothing changed */
  const char *other = "{\"persons\":[{\"id\":\"p1\",\"name\":\"محمود حسن\",\"email\":\"new@example.org\"}]}";
  CHECK_EQ_INT(import_json(db, other, &r, NULL), MJ_OK);
  CHECK_EQ_INT(r.persons.conflicts, 1);
  CHECK_EQ_INT(r.persons.updated, 0);
  CHECK_CONTAINS(r.log.p, "conflict: person p1");
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE name_ar='أحمد علي' AND email='a@example.org'"), 1);
  /* --overwrite takes it */
  PeopleOptions o = {0};
  o.overwrite = 1;
  CHECK_EQ_INT(import_json(db, other, &r, &o), MJ_OK);
  CHECK_EQ_INT(r.persons.updated, 1);
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE name_ar='محمود حسن' AND email='new@example.org'"), 1);
  /* an identifier that belongs to another person: a conflict */
  CHECK_EQ_INT(import_json(db, "{\"persons\":[{\"id\":\"p2\",\"name\":\"Məmməd Əliyev\","
                               "\"identifiers\":[{\"scheme\":\"wikidata\",\"identifier\":\"Q1\"}]}]}", &r, NULL),
               MJ_OK);
  CHECK_EQ_INT(r.persons.conflicts, 1);
  CHECK_CONTAINS(r.log.p, "identifier wikidata:Q1 belongs to another person");
  people_report_free(&r);
  /* matching on an identifier: a new id with a known identifier is the same person */
  CHECK_EQ_INT(import_json(db, "{\"persons\":[{\"id\":\"other-scheme/77\",\"name\":\"محمود حسن\",\"gender\":\"male\","
                               "\"identifiers\":[{\"scheme\":\"wikidata\",\"identifier\":\"Q1\"}]}]}", &r, NULL),
               MJ_OK);
  CHECK_EQ_INT(r.persons.added, 0);
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 2);
  cleanup(db);
}

/* Each bad file is refused with a message naming the record and reason,
** and leaves the database as it was. */
static void refused(Db *db, const char *json, const char *needle) {
  PeopleReport r;
  int64_t before = count(db, "SELECT count(*) FROM person") + count(db, "SELECT count(*) FROM membership") +
                   count(db, "SELECT count(*) FROM organization") + count(db, "SELECT count(*) FROM audit");
  int rc = import_json(db, json, &r, NULL);
  CHECK(rc != MJ_OK);
  CHECK_CONTAINS(mj_errmsg(), needle);
  if (rc == MJ_OK || !strstr(mj_errmsg(), needle)) printf("#   message: %s\n", mj_errmsg());
  CHECK_EQ_INT(r.persons.added + r.orgs.added + r.memberships.added, 0);
  people_report_free(&r);
  int64_t after = count(db, "SELECT count(*) FROM person") + count(db, "SELECT count(*) FROM membership") +
                  count(db, "SELECT count(*) FROM organization") + count(db, "SELECT count(*) FROM audit");
  CHECK_EQ_INT(after, before);
}

static void test_refusals(void) {
  Db *db = fresh("people3");
  refused(db, "{\"persons\":[{\"id\":\"a\",\"name\":\"A\"}", "not valid JSON");         /* truncated */
  refused(db, "{\"persons\":[{\"id\":\"a\" \"name\":\"A\"}]}", "not valid JSON");       /* malformed */
  refused(db, "[1,2]", "expected an object");
  refused(db, "{\"persons\":{}}", "\"persons\" is an object, expected an array");
  refused(db, "{\"persons\":[{\"id\":7,\"name\":\"A\"}]}", "persons[0]: \"id\" is an integer, expected a string");
  refused(db, "{\"persons\":[{\"name\":\"A\"}]}", "persons[0]: no \"id\"");
  refused(db, "{\"persons\":[{\"id\":\"a\"}]}", "persons[0] (id \"a\"): no \"name\"");
  refused(db, "{\"persons\":[{\"id\":\"a\",\"name\":\"A\",\"birth_date\":\"5 May\"}]}", "\"birth_date\" is \"5 May\"");
  refused(db, "{\"persons\":[{\"id\":\"a\",\"name\":\"A\"},{\"id\":\"a\",\"name\":\"B\"}]}", "have the same id");
  refused(db, "{\"organizations\":[{\"id\":\"o\",\"name\":\"O\",\"seats\":\"forty\"}]}", "\"seats\" is a string");
  refused(db, "{\"organizations\":[{\"id\":\"o\",\"name\":\"O\",\"parent_id\":\"nowhere\"}]}", "parent_id \"nowhere\"");
  refused(db, "{\"persons\":[{\"id\":\"a\",\"name\":\"A\"}],\"organizations\":[{\"id\":\"o\",\"name\":\"O\"}],"
              "\"memberships\":[{\"person_id\":\"a\",\"organization_id\":\"o\"}]}",
          "memberships[0] (person_id \"a\"): no \"start_date\"");
  refused(db, "{\"persons\":[{\"id\":\"a\",\"name\":\"A\"}],\"organizations\":[{\"id\":\"o\",\"name\":\"O\"}],"
              "\"memberships\":[{\"person_id\":\"a\",\"organization_id\":\"o\",\"start_date\":\"2020\",\"end_date\":\"2019\"}]}",
          "is before \"start_date\"");
  /* a valid person and organisation, then a membership naming an unknown person: nothing imported */
  refused(db, "{\"persons\":[{\"id\":\"a\",\"name\":\"A\"}],\"organizations\":[{\"id\":\"o\",\"name\":\"O\"}],"
              "\"memberships\":[{\"id\":\"m\",\"person_id\":\"a\",\"organization_id\":\"o\",\"start_date\":\"2020\"},"
              "{\"id\":\"m9\",\"person_id\":\"ghost\",\"organization_id\":\"o\",\"start_date\":\"2020\"}]}",
          "memberships[1] (id \"m9\"): person_id \"ghost\" is neither in this file nor in the database");
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person"), 0);
  /* with placeholders the same file imports */
  PeopleReport r;
  PeopleOptions o = {0};
  o.placeholders = 1;
  CHECK_EQ_INT(import_json(db, "{\"organizations\":[{\"id\":\"o\",\"name\":\"O\"}],\"memberships\":[{\"id\":\"m9\","
                               "\"person_id\":\"ghost\",\"organization_id\":\"o\",\"start_date\":\"2020\"}]}", &r, &o),
               MJ_OK);
  CHECK_EQ_INT(r.placeholders, 1);
  people_report_free(&r);
  cleanup(db);
}

static void test_csv(void) {
  Arena *a = arena_new();
  PopoloCsv c;
  const char *t = "\xEF\xBB\xBFid,name,note\r\n1,\"Əliyev, Ə.\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",x\n\n";
  CHECK_EQ_INT(popolo_csv_parse("t.csv", t, strlen(t), a, &c), MJ_OK);
  CHECK_EQ_INT(c.ncol, 3);
  CHECK_STR(c.head[0], "id");
  CHECK_EQ_INT(c.nrows, 2);
  if (c.nrows == 2) {
    CHECK_STR(c.rows[0][1], "Əliyev, Ə.");
    CHECK_STR(c.rows[0][2], "say \"hi\"");
    CHECK_STR(c.rows[1][1], "two\nlines");
    CHECK_EQ_INT(c.line[1], 3);
  }
  const char *bad[][2] = {
    {"id,name\n1,\"open\n", "t.csv:2: a quoted field is not closed"},
    {"id,name\n1,a\"b\n", "t.csv:2: a quote inside the unquoted field 2"},
    {"id,name\n1,\"a\"b\n", "t.csv:2: text after the closing quote"},
    {"id,name\n1,a\n2\n", "t.csv:3: 1 fields, but the header has 2"},
    {"id,name\n1,\xC3\x28\n", "t.csv:2: not valid UTF-8"},
    {"id,name\n1,\xED\xA0\x80\n", "t.csv:2: not valid UTF-8"},
    {"", "t.csv: empty"},
  };
  for (size_t i = 0; i < MJ_COUNT(bad); i++) {
    int rc = popolo_csv_parse("t.csv", bad[i][0], strlen(bad[i][0]), a, &c);
    CHECK(rc == MJ_EINVAL);
    CHECK_CONTAINS(mj_errmsg(), bad[i][1]);
  }
  /* the EveryPolitician shape */
  PopoloFile f;
  const char *ep = "id,name,email,group,group_id,term,start_date,end_date,gender,wikidata\n"
                   "a1,Adil Abış oğlu Əliyev,,Independent,IND,5,,,male,Q9\n"
                   "a2,\"Aqil Məhəmməd oğlu Abbas\",x@y.az,Yeni Azərbaycan Partiyası,YAP,5,2015-11-30,,,\n"
                   "a1,Adil Abış oğlu Əliyev,,Independent,IND,5,2016-01-01,2017-01-01,male,Q9\n";
  CHECK_EQ_INT(popolo_parse_ep_csv("ep.csv", ep, strlen(ep), NULL, a, &f), MJ_OK);
  CHECK_EQ_INT(f.n_persons, 2);
  CHECK_EQ_INT(f.n_orgs, 2);
  CHECK_EQ_INT(f.n_memberships, 3);
  if (f.n_persons == 2) CHECK_STR(f.persons[0].name_az, "Adil Abış oğlu Əliyev");
  if (f.n_orgs == 2) CHECK_STR(f.orgs[1].id, "party/YAP");
  const char *ep_bad = "id,name,term\na1,Adil,5\na1,Adil Other,5\n";
  CHECK_EQ_INT(popolo_parse_ep_csv("ep.csv", ep_bad, strlen(ep_bad), NULL, a, &f), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "ep.csv:3: person a1 is named");
  const char *ep_date = "id,name,term,start_date\na1,Adil,5,30/11/2015\n";
  CHECK_EQ_INT(popolo_parse_ep_csv("ep.csv", ep_date, strlen(ep_date), NULL, a, &f), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "ep.csv:2: start_date \"30/11/2015\"");
  arena_free(a);

  /* into a database: the body's term gives the dates; a second run changes nothing */
  Db *db = fresh("people4");
  PeopleReport r;
  CHECK_EQ_INT(import_json(db, "{\"organizations\":[{\"id\":\"mm\",\"name\":\"Milli Məclis\",\"classification\":\"legislature\"}]}", &r, NULL), MJ_OK);
  people_report_free(&r);
  db_exec(db, "INSERT INTO term(body_id,number,start_date,end_date) SELECT id,5,'2015-11-30','2020-02-09' FROM organization WHERE ident='mm'");
  write_file(ep);
  Actor who = audit_cli_actor();
  for (int run = 0; run < 2; run++) {
    people_report_init(&r);
    CHECK_EQ_INT(people_import_csv(db, &who, file, "mm", NULL, &r), MJ_OK);
    CHECK_EQ_INT(r.memberships.added, run ? 0 : 3);
    CHECK_EQ_INT(r.memberships.unchanged, run ? 3 : 0);
    people_report_free(&r);
  }
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM membership m JOIN organization o ON o.id=m.on_behalf_of_id "
                         "WHERE o.ident='party/IND' AND m.start_date='2015-11-30' AND m.end_date='2020-02-09'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE name_az='Aqil Məhəmməd oğlu Abbas'"), 1);
  /* a bad row: the whole file is refused */
  write_file("id,name,term\nz1,Zaur,5\nz2,\"Zaur \"x\",5\n");
  people_report_init(&r);
  CHECK_EQ_INT(people_import_csv(db, &who, file, "mm", NULL, &r), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), ":3: text after the closing quote");
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE ident='z1'"), 0);
  people_report_init(&r);
  CHECK(people_import_csv(db, &who, file, "no-such-body", NULL, &r) == MJ_ENOTFOUND);
  people_report_free(&r);
  cleanup(db);
}

static void test_export(void) {
  Db *db = fresh("people5");
  PeopleReport r;
  CHECK_EQ_INT(import_json(db, VALID, &r, NULL), MJ_OK);
  people_report_free(&r);
  CHECK_EQ_INT(db_exec(db,
                       "INSERT INTO sitting(id,body_id,number,date,start_time) SELECT 1,id,1,'2024-01-10','10:00' FROM organization WHERE ident='o1';"
                       "INSERT INTO speech(sitting_id,position,person_id,lang,text) SELECT 1,1,id,'ar','نص الكلمة' FROM person WHERE ident='p1';"
                       "INSERT INTO vote_event(id,sitting_id,title,method,status,result,opened_at,closed_at) VALUES"
                       "(1,1,'Open vote','roll_call','closed','pass','2024-01-10T10:00:00Z','2024-01-10T10:05:00Z'),"
                       "(2,1,'Secret vote','secret','closed','fail','2024-01-10T11:00:00Z','2024-01-10T11:05:00Z');"
                       "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) SELECT 1,id,'yes','x' FROM person;"
                       "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) SELECT 2,id,NULL,'x' FROM person;"
                       "INSERT INTO vote_tally(vote_event_id,option,count) VALUES(2,'yes',1),(2,'no',1);"),
               MJ_OK);
  char *out = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&out, &len);
  CHECK_EQ_INT(people_export_popolo(db, fp), MJ_OK);
  fclose(fp);
  CHECK_CONTAINS(out, "\"persons\": [");
  CHECK_CONTAINS(out, "\"name\":\"أحمد علي\"");
  CHECK_CONTAINS(out, "\"role\":\"Chairman\"");
  CHECK_CONTAINS(out, "\"parent_id\":\"o1\"");
  CHECK_CONTAINS(out, "\"counts\":[{\"option\":\"yes\",\"value\":2}],\"votes\":[{\"voter_id\":\"p1\",\"option\":\"yes\"}");
  CHECK_CONTAINS(out, "\"classification\":\"secret\"");
  char *secret = out ? strstr(out, "\"classification\":\"secret\"") : NULL;
  CHECK(secret && !strstr(secret, "\"votes\""));
  CHECK_CONTAINS(out, "\"text\":\"نص الكلمة\"");
  CHECK_CONTAINS(out, "\"date\":\"2024-01-10\",\"event_id\":\"majlis:sitting/1\"");
  /* the export reads back: same counts in a fresh database (fresh() moves
  ** the one path this file keeps, so remember the first database's) */
  char first[sizeof path];
  mj_strlcpy(first, path, sizeof first);
  Db *db2 = fresh("people6");
  PopoloFile f;
  Arena *a = arena_new();
  CHECK_EQ_INT(popolo_parse("export", out, len, a, &f), MJ_OK);
  Actor who = audit_cli_actor();
  people_report_init(&r);
  CHECK_EQ_INT(people_import(db2, &who, &f, 0, NULL, &r), MJ_OK);
  CHECK_EQ_INT(r.persons.added, 2);
  CHECK_EQ_INT(r.orgs.added, 3);
  CHECK_EQ_INT(r.memberships.added, 2);
  people_report_free(&r);
  arena_free(a);
  cleanup(db2);
  free(out);
  mj_strlcpy(path, first, sizeof path);
  cleanup(db);
}

#define POSTS                                                                                                   \
  "{\"persons\":[{\"id\":\"p1\",\"name\":\"أحمد علي\",\"biography\":\"نائب عن الدائرة الأولى.\","               \
  "\"summary\":\"Represents the First constituency.\",\"death_date\":\"2020-02-03\","                             \
  "\"contact_details\":[{\"type\":\"email\",\"value\":\"ahmed.ali@majlis.example\",\"label\":\"Office\"},"          \
  "{\"type\":\"voice\",\"value\":\"+973 1700 0000\"},{\"type\":\"pigeon\",\"value\":\"coop 7\"},"               \
  "{\"type\":\"url\",\"value\":\"https://majlis.example/ahmed\"}]}],"                                             \
  "\"organizations\":[{\"id\":\"o1\",\"name\":\"مجلس النواب\",\"classification\":\"lower house\"}],"                 \
  "\"posts\":[{\"id\":\"post/c1\",\"label\":\"الدائرة الأولى، محافظة العاصمة\",\"organization_id\":\"o1\","      \
  "\"role\":\"constituency\",\"area_id\":\"area/capital\","                                                      \
  "\"other_label\":[\"First constituency, Capital Governorate\"]}],"                                               \
  "\"memberships\":[{\"id\":\"m1\",\"person_id\":\"p1\",\"organization_id\":\"o1\",\"post_id\":\"post/c1\","      \
  "\"start_date\":\"2014-12-14\"}]}"

static void test_posts_contacts_biography(void) {
  Db *db = fresh("people7");
  PeopleReport r;
  CHECK_EQ_INT(import_json(db, POSTS, &r, NULL), MJ_OK);
  CHECK_EQ_INT(r.posts.added, 1);
  CHECK_EQ_INT(r.persons.added, 1);
  CHECK_EQ_INT(r.memberships.added, 1);
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM post t JOIN organization o ON o.id=t.organization_id WHERE t.ident='post/c1' "
                         "AND o.ident='o1' AND t.label_ar='الدائرة الأولى، محافظة العاصمة' "
                         "AND t.label_en='First constituency, Capital Governorate' AND t.area='area/capital' "
                         "AND t.role='constituency'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM membership m JOIN post t ON t.id=m.post_id WHERE m.ident='m1'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person WHERE biography_ar='نائب عن الدائرة الأولى.' "
                         "AND biography_en='Represents the First constituency.' AND death_date='2020-02-03'"), 1);
  /* voice -> phone, url -> website; a type we do not keep is skipped */
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact"), 3);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact WHERE type='email' AND value='ahmed.ali@majlis.example' AND label='Office'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact WHERE type='phone' AND value='+973 1700 0000'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact WHERE type='website'"), 1);
  /* re-import: nothing added, nothing changed */
  CHECK_EQ_INT(import_json(db, POSTS, &r, NULL), MJ_OK);
  CHECK_EQ_INT(r.posts.unchanged, 1);
  CHECK_EQ_INT(r.persons.unchanged, 1);
  CHECK_EQ_INT(r.memberships.unchanged, 1);
  CHECK_EQ_INT(r.posts.added + r.posts.updated + r.persons.updated + r.memberships.updated, 0);
  people_report_free(&r);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact"), 3);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM post"), 1);
  /* an unknown post_id refuses the file */
  refused(db, "{\"memberships\":[{\"person_id\":\"p1\",\"organization_id\":\"o1\",\"post_id\":\"post/none\","
              "\"start_date\":\"2015\"}]}", "post_id \"post/none\" is neither");
  refused(db, "{\"posts\":[{\"id\":\"x\",\"label\":\"X\"}]}", "no \"organization_id\"");
  refused(db, "{\"persons\":[{\"id\":\"q\",\"name\":\"Q\",\"contact_details\":[{\"type\":\"email\"}]}]}",
          "contact_details[0] has no");

  /* the export carries them and reads back the same into a fresh database */
  char *out = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&out, &len);
  CHECK_EQ_INT(people_export_popolo(db, fp), MJ_OK);
  fclose(fp);
  CHECK_CONTAINS(out, "\"posts\": [");
  CHECK_CONTAINS(out, "\"id\":\"post/c1\",\"label\":\"الدائرة الأولى، محافظة العاصمة\"");
  CHECK_CONTAINS(out, "\"post_id\":\"post/c1\"");
  CHECK_CONTAINS(out, "\"biography\":\"نائب عن الدائرة الأولى.\",\"summary\":\"Represents the First constituency.\"");
  CHECK_CONTAINS(out, "\"death_date\":\"2020-02-03\"");
  CHECK_CONTAINS(out, "{\"type\":\"email\",\"value\":\"ahmed.ali@majlis.example\",\"label\":\"Office\"}");
  char first7[sizeof path];
  mj_strlcpy(first7, path, sizeof first7);
  Db *db2 = fresh("people8");
  PopoloFile f;
  Arena *a = arena_new();
  CHECK_EQ_INT(popolo_parse("export", out, len, a, &f), MJ_OK);
  Actor who = audit_cli_actor();
  for (int run = 0; run < 2; run++) {
    people_report_init(&r);
    CHECK_EQ_INT(people_import(db2, &who, &f, 0, NULL, &r), MJ_OK);
    CHECK_EQ_INT(r.posts.added, run ? 0 : 1);
    CHECK_EQ_INT(r.persons.updated + r.posts.updated + r.memberships.updated, 0);
    people_report_free(&r);
  }
  CHECK_EQ_INT(count(db2, "SELECT count(*) FROM post WHERE label_en='First constituency, Capital Governorate' AND area='area/capital'"), 1);
  CHECK_EQ_INT(count(db2, "SELECT count(*) FROM membership WHERE post_id IS NOT NULL"), 1);
  CHECK_EQ_INT(count(db2, "SELECT count(*) FROM person_contact"), 3);
  CHECK_EQ_INT(count(db2, "SELECT count(*) FROM person WHERE biography_en='Represents the First constituency.' AND death_date='2020-02-03'"), 1);
  arena_free(a);
  cleanup(db2);
  free(out);

  /* the members CSV: area columns give a constituency, email/twitter contacts */
  CHECK_EQ_INT(db_exec(db, "INSERT INTO term(body_id,number,start_date) SELECT id,5,'2015-11-30' FROM organization WHERE ident='o1'"), MJ_OK);
  const char *csv = "id,name,email,twitter,facebook,area_id,area,term\n"
                    "c1,Adil Əliyev,adil@majlis.example,adil_tw,,20,Nərimanov II seçim dairəsi,5\n"
                    "c2,Aqil Abbas,,,,20,Nərimanov II seçim dairəsi,5\n";
  write_file(csv);
  for (int run = 0; run < 2; run++) {
    people_report_init(&r);
    CHECK_EQ_INT(people_import_csv(db, &who, file, "o1", NULL, &r), MJ_OK);
    CHECK_EQ_INT(r.posts.added, run ? 0 : 1);
    CHECK_EQ_INT(r.memberships.unchanged, run ? 2 : 0);
    people_report_free(&r);
  }
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM post WHERE ident='post/20' AND label_az='Nərimanov II seçim dairəsi' AND area='20'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM membership m JOIN post t ON t.id=m.post_id WHERE t.ident='post/20'"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact c JOIN person p ON p.id=c.person_id WHERE p.ident='c1'"), 2);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM person_contact WHERE type='twitter' AND value='adil_tw'"), 1);
  mj_strlcpy(path, first7, sizeof path);
  cleanup(db);
}

int main(void) {
  RUN(test_valid_and_reimport);
  RUN(test_posts_contacts_biography);
  RUN(test_update_and_conflict);
  RUN(test_refusals);
  RUN(test_csv);
  RUN(test_export);
  return DONE();
}
