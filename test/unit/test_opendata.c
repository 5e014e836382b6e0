/*
** test_opendata.c: the open-data model and its governance (src/domain/
** opendata*.c): reporting periods, definitions, loads refused whole with
** the line and the reason, visibility by access level, role and release
** time (one second before and at the release), immutable published
** versions, revisions that keep history, disclosure control (primary and
** secondary suppression, with an independent check that no suppressed cell
** can be recovered from the totals published beside it), the download
** audit, and the built-in flows against counts taken straight from the
** record.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "harness.h"
#include "opendata.h"
#include "user.h"

static char path[512];

static Db *fresh(const char *tag) {
  th_tmpdb(path, sizeof path, tag);
  Db *db = NULL;
  if (db_open(path, DB_CREATE | DB_MUST_NEW, &db)) printf("#   db_open: %s\n", mj_errmsg());
  return db;
}

static void cleanup(Db *db) {
  db_close(db);
  char w[600];
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
}

static int64_t count(Db *db, const char *sql) { return db_int(db, sql, 0, 0, -1); }

static const char *fixture(const char *name) {
  static char p[600];
  snprintf(p, sizeof p, "test/fixtures/opendata/%s", name);
  return p;
}

static Actor actor(unsigned caps, const char *name) {
  Actor a = {0, name, "test", caps};
  return a;
}

/* ---- periods ---- */
static void test_periods(void) {
  struct {
    const char *p, *start, *end;
    char freq;
  } ok[] = {
    {"2024", "2024-01-01", "2024-12-31", 'A'},    {"2024-S1", "2024-01-01", "2024-06-30", 'S'},
    {"2024-S2", "2024-07-01", "2024-12-31", 'S'}, {"2024-Q1", "2024-01-01", "2024-03-31", 'Q'},
    {"2023-Q4", "2023-10-01", "2023-12-31", 'Q'}, {"2024-02", "2024-02-01", "2024-02-29", 'M'},
    {"2023-02", "2023-02-01", "2023-02-28", 'M'}, {"2024-M03", "2024-03-01", "2024-03-31", 'M'},
    {"2024-W01", "2024-01-01", "2024-01-07", 'W'}, {"2024-W05", "2024-01-29", "2024-02-04", 'W'},
    {"2021-W01", "2021-01-04", "2021-01-10", 'W'}, {"2020-W53", "2020-12-28", "2021-01-03", 'W'},
    {"2024-03-05", "2024-03-05", "2024-03-05", 'D'}, {"2024-D060", "2024-02-29", "2024-02-29", 'D'},
    {"2024-A1", "2024-01-01", "2024-12-31", 'A'},
  };
  for (size_t i = 0; i < MJ_COUNT(ok); i++) {
    char s[11] = "", e[11] = "", f = 0;
    CHECK_EQ_INT(od_period_parse(ok[i].p, s, e, &f), MJ_OK);
    CHECK_STR(s, ok[i].start);
    CHECK_STR(e, ok[i].end);
    CHECK_EQ_INT(f, ok[i].freq);
  }
  const char *bad[] = {"24", "2024-Q5", "2024-S3", "2024-13", "2024-00", "2021-W53", "2024-W00", "2023-02-29",
                       "2024-3", "2024/03", "2024-03-05x", "", "2024-D367", "abcd"};
  for (size_t i = 0; i < MJ_COUNT(bad); i++) {
    char s[11], e[11], f;
    int rc = od_period_parse(bad[i], s, e, &f);
    CHECK_EQ_INT(rc, MJ_EINVAL);
    if (rc != MJ_EINVAL) printf("#   accepted '%s'\n", bad[i]);
  }
  int64_t t;
  CHECK_EQ_INT(od_iso_parse("2025-01-31T09:00:00Z", &t), MJ_OK);
  CHECK_EQ_INT(t, 1738314000);
  CHECK_EQ_INT(od_iso_parse("2025-01-31T12:00:00+03:00", &t), MJ_OK);
  CHECK_EQ_INT(t, 1738314000);
  CHECK_EQ_INT(od_iso_parse("2025-02-30T00:00:00Z", &t), MJ_EINVAL);
}

/* ---- definitions and loads ---- */
static Db *with_training(const char *tag) {
  Db *db = fresh(tag);
  Actor cli = audit_cli_actor();
  int64_t id = 0;
  CHECK_EQ_INT(od_define_file(db, &cli, fixture("training.json"), &id), MJ_OK);
  CHECK(id > 0);
  return db;
}

static void test_define(void) {
  Db *db = with_training("define");
  Actor cli = audit_cli_actor();
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id WHERE "
                         "f.code='DF_TRAINING' AND v.version='1.0' AND v.status='draft'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_code c JOIN od_codelist l ON l.id=c.codelist_id WHERE l.code='CL_PROGRAMME'"), 4);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.define' AND object='DF_TRAINING'"), 1);
  /* the structure in order: dims, time, measure, attributes (status ones implicit) */
  Arena *a = arena_new();
  OdFlow *f;
  CHECK_EQ_INT(od_flow_resolve(db, a, &cli, mj_now_ms() / 1000, "MAJLIS,DF_TRAINING", &f), MJ_OK);
  CHECK_EQ_INT(f->ndims, 3);
  CHECK_STR(f->comps[0].code, "FREQ");
  CHECK_STR(f->comps[1].code, "PROGRAMME");
  CHECK_STR(f->comps[2].code, "SEX");
  CHECK_STR(f->comps[f->time_idx].code, "TIME_PERIOD");
  CHECK_STR(f->comps[f->measure_idx].code, "OBS_VALUE");
  CHECK(od_component(f, "OBS_STATUS") != NULL && od_component(f, "CONF_STATUS") != NULL);
  CHECK_STR(od_component(f, "UNIT_MEASURE")->attachment, "series");
  CHECK_STR(od_code_find(f->comps[1].codelist, "LEGIS")->parent, "_T");
  CHECK_STR(od_text(&f->comps[2].name, "az"), "Cins");
  CHECK_EQ_INT(f->sdc_threshold, 3);
  /* redefining the same is an update; a changed code list is a conflict */
  CHECK_EQ_INT(od_define_file(db, &cli, fixture("training.json"), NULL), MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.update'"), 1);
  const char *changed = "{\"id\":\"DF_OTHER\",\"name\":\"x\",\"codelists\":[{\"id\":\"CL_PROGRAMME\",\"name\":\"p\","
                        "\"codes\":[{\"id\":\"A\",\"name\":\"a\"}]}],\"structure\":{\"dimensions\":[{\"id\":\"P\",\"codelist\":\"CL_PROGRAMME\"}]}}";
  CHECK_EQ_INT(od_define_json(db, &cli, "changed.json", changed, strlen(changed), NULL), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "new \"version\"");
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_dataflow WHERE code='DF_OTHER'"), 0);
  /* bad definitions change nothing */
  const char *bads[] = {"{", "{\"id\":\"DF_X\"}", "{\"id\":\"DF_X\",\"name\":\"x\",\"access\":\"secret\",\"structure\":{\"dimensions\":[{\"id\":\"FREQ\"}]}}",
                        "{\"id\":\"DF_X\",\"name\":\"x\",\"structure\":{\"dimensions\":[{\"id\":\"P\",\"codelist\":\"CL_NOPE\"}]}}",
                        "{\"id\":\"DF_X\",\"name\":\"x\",\"codelists\":[{\"id\":\"CL_C\",\"name\":\"c\",\"codes\":[{\"id\":\"A\",\"parent\":\"B\",\"name\":\"a\"},{\"id\":\"B\",\"parent\":\"A\",\"name\":\"b\"}]}],\"structure\":{\"dimensions\":[{\"id\":\"P\",\"codelist\":\"CL_C\"}]}}"};
  int64_t before = count(db, "SELECT count(*) FROM audit");
  for (size_t i = 0; i < MJ_COUNT(bads); i++) CHECK(od_define_json(db, &cli, "bad.json", bads[i], strlen(bads[i]), NULL) != MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit"), before);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_dataflow WHERE code='DF_X'"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_codelist WHERE code='CL_C'"), 0);
  /* only a data officer defines */
  Actor pub = actor(CAP_READ_PUBLIC, "anon");
  CHECK_EQ_INT(od_define_file(db, &pub, fixture("training.json"), NULL), MJ_EDENIED);
  /* SDMX-ML structure import */
  CHECK_EQ_INT(od_define_file(db, &cli, fixture("structure.xml"), NULL), MJ_OK);
  CHECK_EQ_INT(od_flow_resolve(db, a, &cli, mj_now_ms() / 1000, "DF_VISITS", &f), MJ_OK);
  CHECK_EQ_INT(f->ndims, 2);
  CHECK_STR(f->comps[0].code, "FREQ"); /* position 1, listed second in the file */
  CHECK_STR(f->comps[1].code, "VISITOR");
  CHECK_STR(od_text(&f->name, "ar"), "زوار البرلمان");
  CHECK_STR(od_code_find(f->comps[1].codelist, "SCHOOL")->parent, "_T");
  CHECK(od_component(f, "UNIT_MEASURE")->required);
  arena_free(a);
  cleanup(db);
}

static void test_load_refused_whole(void) {
  Db *db = with_training("load");
  Actor cli = audit_cli_actor();
  OdLoadReport r;
  struct {
    const char *file, *want;
  } bad[] = {
    {"training_bad_code.csv", "training_bad_code.csv:4: 'COOKING' is not a code of PROGRAMME"},
    {"training_bad_period.csv", "training_bad_period.csv:3: '2025-Q5' is not a reporting period"},
    {"training_bad_value.csv", "training_bad_value.csv:4: OBS_VALUE '12a' is not a number"},
  };
  for (size_t i = 0; i < MJ_COUNT(bad); i++) {
    CHECK_EQ_INT(od_load_file(db, &cli, "DF_TRAINING", fixture(bad[i].file), NULL, &r), MJ_EINVAL);
    CHECK_CONTAINS(mj_errmsg(), bad[i].want);
  }
  /* nothing of the good rows before the bad one was kept */
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.load'"), 0);
  /* in-memory refusals: duplicates, frequency, missing column, unknown column */
  const char *hdr = "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\n";
  struct {
    const char *body, *want;
  } mem[] = {
    {"dataflow,MAJLIS:DF_TRAINING(1.0),I,A,LEGIS,F,2025,1,PERSONS\ndataflow,MAJLIS:DF_TRAINING(1.0),I,A,LEGIS,F,2025,2,PERSONS\n",
     "mem.csv:3: the observation A.LEGIS.F 2025 is already on line 2"},
    {"dataflow,MAJLIS:DF_TRAINING(1.0),I,A,LEGIS,F,2025-03,1,PERSONS\n", "mem.csv:2: the period '2025-03' is not of frequency A"},
    {"dataflow,MAJLIS:DF_TRAINING(1.0),I,A,LEGIS,F,2025,1,\n", "mem.csv:2: the attribute UNIT_MEASURE is required and empty"},
    {"dataflow,MAJLIS:DF_OTHER(1.0),I,A,LEGIS,F,2025,1,PERSONS\n", "mem.csv:2: the row is for dataflow"},
  };
  for (size_t i = 0; i < MJ_COUNT(mem); i++) {
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s", hdr, mem[i].body);
    CHECK_EQ_INT(od_load_csv(db, &cli, "DF_TRAINING", "mem.csv", buf, strlen(buf), NULL, &r), MJ_EINVAL);
    CHECK_CONTAINS(mj_errmsg(), mem[i].want);
  }
  const char *extra = "DATAFLOW,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,COLOUR\nMAJLIS:DF_TRAINING(1.0),A,LEGIS,F,2025,1,PERSONS,red\n";
  CHECK_EQ_INT(od_load_csv(db, &cli, NULL, "x.csv", extra, strlen(extra), NULL, &r), MJ_EINVAL);
  CHECK_CONTAINS(mj_errmsg(), "column 'COLOUR' is not a component");
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs"), 0);
  /* the good file, the flow named by the file itself */
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_OK);
  CHECK_EQ_INT(r.rows, 12);
  CHECK_EQ_INT(r.added, 12);
  CHECK_STR(r.version, "1.0");
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs"), 12);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs WHERE period_start='2024-01-01' AND period_end='2024-12-31'"), 12);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs WHERE json_extract(attrs,'$.COMMENT')='a small, new group'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_series WHERE json_extract(attrs,'$.UNIT_MEASURE')='PERSONS'"), 12);
  /* again: unchanged; a plain CSV with a map changes one and adds two */
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_OK);
  CHECK_EQ_INT(r.unchanged, 12);
  OdLoadOptions o = {"year=TIME_PERIOD,programme=PROGRAMME,sex=SEX,participants=OBS_VALUE", "FREQ=A,UNIT_MEASURE=PERSONS", 0};
  CHECK_EQ_INT(od_load_file(db, &cli, "DF_TRAINING", fixture("training_plain.csv"), &o, &r), MJ_OK);
  CHECK_EQ_INT(r.added, 3);
  CHECK_EQ_INT(count(db, "SELECT value FROM od_obs o JOIN od_series s ON s.id=o.series_id WHERE s.key='A.LEGIS._T' AND period='2025'"), 30);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.load'"), 3);
  Actor pub = actor(CAP_READ_PUBLIC, "anon");
  CHECK_EQ_INT(od_load_file(db, &pub, "DF_TRAINING", fixture("training.csv"), NULL, &r), MJ_EDENIED);
  cleanup(db);
}

/* ---- visibility ---- */
static int sees(Db *db, const Actor *who, int64_t now, const char *ref) {
  Arena *a = arena_new();
  OdFlow *f;
  int rc = od_flow_resolve(db, a, who, now, ref, &f);
  int ok = rc == MJ_OK;
  if (rc && rc != MJ_ENOTFOUND) printf("#   %s: %s\n", ref, mj_errmsg());
  arena_free(a);
  return ok;
}

static void test_visibility(void) {
  Db *db = with_training("vis");
  Actor cli = audit_cli_actor();
  OdLoadReport r;
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_OK);
  CHECK_EQ_INT(od_define_file(db, &cli, fixture("survey.json"), NULL), MJ_OK);
  CHECK_EQ_INT(od_load_file(db, &cli, "DF_STAFF_SURVEY", fixture("survey.csv"), NULL, &r), MJ_OK);
  /* a third, non-public flow: the survey's structure under another id */
  const char *np = "{\"id\":\"DF_INTERNAL\",\"name\":\"internal\",\"access\":\"non_public\",\"structure\":{\"id\":\"DSD_STAFF_SURVEY\","
                   "\"dimensions\":[{\"id\":\"FREQ\"},{\"id\":\"SEX\",\"codelist\":\"SDMX:CL_SEX\"}],"
                   "\"attributes\":[{\"id\":\"UNIT_MEASURE\",\"codelist\":\"MAJLIS:CL_UNIT\",\"attachment\":\"series\"}]}}";
  CHECK_EQ_INT(od_define_json(db, &cli, "np.json", np, strlen(np), NULL), MJ_OK);
  CHECK_EQ_INT(od_load_file(db, &cli, "DF_INTERNAL", fixture("survey.csv"), NULL, &r), MJ_EINVAL); /* rows name DF_STAFF_SURVEY */
  const char *np_csv = "DATAFLOW,FREQ,SEX,TIME_PERIOD,OBS_VALUE\nMAJLIS:DF_INTERNAL(1.0),A,F,2024,5\n";
  CHECK_EQ_INT(od_load_csv(db, &cli, "DF_INTERNAL", "np.csv", np_csv, strlen(np_csv), NULL, &r), MJ_OK);

  Actor pub = actor(CAP_READ_PUBLIC, "anon"), res = actor(user_role_find("researcher")->caps, "res"),
        off = actor(user_role_find("data_officer")->caps, "officer"), mem = actor(user_role_find("member")->caps, "mp");
  int64_t now = mj_now_ms() / 1000, T = now + 3600;
  const char *flows[3] = {"DF_TRAINING", "DF_STAFF_SURVEY", "DF_INTERNAL"};
  /* drafts: only the data officer */
  for (int i = 0; i < 3; i++) {
    CHECK(!sees(db, &pub, now, flows[i]));
    CHECK(!sees(db, &res, now, flows[i]));
    CHECK(sees(db, &off, now, flows[i]));
  }
  char rel[32];
  mj_iso8601(T, rel, sizeof rel);
  for (int i = 0; i < 3; i++) CHECK_EQ_INT(od_publish(db, &cli, flows[i], rel, "embargoed", now, NULL), MJ_OK);
  /* one second before the release: nobody but the officer */
  const Actor *readers[4] = {&pub, &mem, &res, &off};
  /* expected at release time: public, restricted, non_public per reader */
  int want_at[4][3] = {{1, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}};
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < 3; i++) {
      int before = sees(db, readers[k], T - 1, flows[i]), at = sees(db, readers[k], T, flows[i]);
      CHECK_EQ_INT(before, k == 3);
      CHECK_EQ_INT(at, want_at[k][i]);
      if (at != want_at[k][i] || before != (k == 3)) printf("#   reader %d flow %s\n", k, flows[i]);
    }
  /* the catalogue and the calendar follow the same rule */
  Arena *a = arena_new();
  OdFlow **list;
  int n;
  CHECK_EQ_INT(od_flows_list(db, a, &pub, T - 1, NULL, &list, &n), MJ_OK);
  CHECK_EQ_INT(n, 0);
  CHECK_EQ_INT(od_flows_list(db, a, &pub, T, NULL, &list, &n), MJ_OK);
  CHECK_EQ_INT(n, 1);
  CHECK_EQ_INT(od_flows_list(db, a, &res, T, NULL, &list, &n), MJ_OK);
  CHECK_EQ_INT(n, 2);
  OdRelease *rels;
  CHECK_EQ_INT(od_releases(db, a, &pub, T - 1, NULL, &rels, &n), MJ_OK);
  CHECK_EQ_INT(n, 1);
  if (n == 1) {
    CHECK_STR(rels[0].code, "DF_TRAINING");
    CHECK_EQ_INT(rels[0].released, 0);
  }
  CHECK_EQ_INT(od_releases(db, a, &pub, T, NULL, &rels, &n), MJ_OK);
  CHECK(n == 1 && rels[0].released == 1);
  /* observations of a public version at T, with the key filter */
  OdFlow *f;
  int rc = od_flow_resolve(db, a, &pub, T, "DF_TRAINING", &f);
  CHECK_EQ_INT(rc, MJ_OK);
  if (rc) {
    arena_free(a);
    cleanup(db);
    return;
  }
  OdKeyFilter k;
  CHECK_EQ_INT(od_key_parse(a, f, "A.DIGITAL+_T.", &k), MJ_OK);
  OdQuery q = {&k, NULL, NULL, 0, 0, 0};
  OdObs *obs;
  CHECK_EQ_INT(od_obs_fetch(db, a, f, &q, &obs, &n), MJ_OK);
  CHECK_EQ_INT(n, 6);
  CHECK_EQ_INT(od_key_parse(a, f, "A.COOKING.", &k), MJ_EINVAL);
  CHECK_EQ_INT(od_key_parse(a, f, "A.LEGIS", &k), MJ_EINVAL);
  /* a back-dated release is refused */
  CHECK_EQ_INT(od_revise(db, a, &cli, "DF_TRAINING", NULL, NULL), MJ_OK);
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", "2001-01-01T00:00:00Z", NULL, now, NULL), MJ_EINVAL);
  /* downloads of restricted flows are audited, public ones are not */
  CHECK_EQ_INT(od_flow_resolve(db, a, &res, T, "DF_STAFF_SURVEY", &f), MJ_OK);
  CHECK_EQ_INT(od_audit_download(db, &res, f, "sdmx-csv"), MJ_OK);
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, T, "DF_TRAINING", &f), MJ_OK);
  CHECK_EQ_INT(od_audit_download(db, &pub, f, "sdmx-csv"), MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.download'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.download' AND object='DF_STAFF_SURVEY' AND user_name='res'"), 1);
  arena_free(a);
  cleanup(db);
}

/* ---- immutability and revisions ---- */
static void test_versions(void) {
  Db *db = with_training("ver");
  Actor cli = audit_cli_actor();
  OdLoadReport r;
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_OK);
  int64_t now = mj_now_ms() / 1000;
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", NULL, "first", now, NULL), MJ_OK);
  /* published: no load, no second publish, no change through SQL */
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "majlis dataset revise DF_TRAINING");
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", NULL, NULL, now, NULL), MJ_ECONFLICT);
  CHECK(db_exec(db, "UPDATE od_obs SET value=1") != MJ_OK);
  CHECK(db_exec(db, "DELETE FROM od_obs") != MJ_OK);
  CHECK(db_exec(db, "UPDATE od_version SET note='x'") != MJ_OK);
  CHECK(db_exec(db, "DELETE FROM od_version") != MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT value FROM od_obs o JOIN od_series s ON s.id=o.series_id WHERE s.key='A.DIGITAL.F'"), 20);
  /* a revision: a copy, then a correction */
  Arena *a = arena_new();
  const char *v;
  CHECK_EQ_INT(od_revise(db, a, &cli, "DF_TRAINING", "corrected digital skills", &v), MJ_OK);
  CHECK_STR(v, "1.1");
  CHECK_EQ_INT(od_revise(db, a, &cli, "DF_TRAINING", NULL, &v), MJ_ECONFLICT);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs o JOIN od_series s ON s.id=o.series_id JOIN od_version v "
                         "ON v.id=s.version_id WHERE v.version='1.1'"), 12);
  const char *fix = "DATAFLOW,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\n"
                    "MAJLIS:DF_TRAINING(1.1),A,DIGITAL,F,2024,21,PERSONS\nMAJLIS:DF_TRAINING(1.1),A,DIGITAL,_T,2024,39,PERSONS\n"
                    "MAJLIS:DF_TRAINING(1.1),A,_T,F,2024,35,PERSONS\nMAJLIS:DF_TRAINING(1.1),A,_T,_T,2024,77,PERSONS\n";
  CHECK_EQ_INT(od_load_csv(db, &cli, NULL, "fix.csv", fix, strlen(fix), NULL, &r), MJ_OK);
  CHECK_EQ_INT(r.changed, 4);
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", NULL, NULL, now, NULL), MJ_OK);
  /* both versions readable; latest is 1.1; 1.0 keeps its figures */
  Actor pub = actor(CAP_READ_PUBLIC, "anon");
  OdFlow *f;
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, now, "MAJLIS,DF_TRAINING,latest", &f), MJ_OK);
  CHECK_STR(f->ver.version, "1.1");
  CHECK_EQ_INT(f->nversions, 2);
  CHECK_STR(f->ver.note, "corrected digital skills");
  OdKeyFilter k;
  CHECK_EQ_INT(od_key_parse(a, f, "A.DIGITAL.F", &k), MJ_OK);
  OdQuery q = {&k, NULL, NULL, 0, 0, 0};
  OdObs *o;
  int n;
  CHECK_EQ_INT(od_obs_fetch(db, a, f, &q, &o, &n), MJ_OK);
  CHECK(n == 1 && o[0].has_value && o[0].value == 21);
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, now, "MAJLIS,DF_TRAINING,1.0", &f), MJ_OK);
  CHECK_EQ_INT(od_obs_fetch(db, a, f, &q, &o, &n), MJ_OK);
  CHECK(n == 1 && o[0].has_value && o[0].value == 20);
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, now, "MAJLIS:DF_TRAINING(1.7)", &f), MJ_ENOTFOUND);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action IN ('dataset.publish','dataset.revise')"), 3);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_release"), 2);
  arena_free(a);
  cleanup(db);
}

/* ---- disclosure control ---- */

/* The independent check: no equation whose total is published has exactly
** one suppressed cell (which would be its total minus the others). */
static int single_unknown_lines(const OdSdcTable *t) {
  int bad = 0;
  for (int e = 0; e < t->neqs; e++) {
    int unknown = t->cells[t->eqs[e].total].suppressed != 0;
    for (int k = 0; k < t->eqs[e].nchildren; k++) unknown += t->cells[t->eqs[e].children[k]].suppressed != 0;
    bad += unknown == 1;
  }
  return bad;
}

/* A 3x3 table of counts with row, column and grand totals (16 cells). */
static void table_4x4(OdSdcTable *t, OdSdcCell *cells, OdSdcEq *eqs, int kids[][4], const double v[3][3]) {
  /* cell (r,c) at r*4+c; index 3 is the total */
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++) {
      double x = 0;
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          if ((r == 3 || r == i) && (c == 3 || c == j)) x += v[i][j];
      cells[r * 4 + c] = (OdSdcCell){x, 1, 0};
    }
  int ne = 0;
  for (int r = 0; r < 4; r++) { /* row lines: (r,3) = sum (r,0..2) */
    for (int j = 0; j < 3; j++) kids[ne][j] = r * 4 + j;
    eqs[ne] = (OdSdcEq){r * 4 + 3, kids[ne], 3};
    ne++;
  }
  for (int c = 0; c < 4; c++) {
    for (int i = 0; i < 3; i++) kids[ne][i] = i * 4 + c;
    eqs[ne] = (OdSdcEq){12 + c, kids[ne], 3};
    ne++;
  }
  t->cells = cells;
  t->ncells = 16;
  t->eqs = eqs;
  t->neqs = ne;
}

static void test_sdc_table(void) {
  OdSdcCell cells[16];
  OdSdcEq eqs[8];
  int kids[8][4];
  OdSdcTable t;
  const double v[3][3] = {{12, 2, 9}, {20, 18, 15}, {7, 30, 11}};
  table_4x4(&t, cells, eqs, kids, v);
  /* with only the primary cell suppressed it is recoverable: the check bites */
  cells[1].suppressed = 1;
  CHECK_EQ_INT(od_sdc_determined(&t, 1), 1);
  CHECK_EQ_INT(single_unknown_lines(&t), 2);
  cells[1].suppressed = 0;
  OdSdcReport r;
  od_sdc_protect(&t, 3, &r);
  CHECK_EQ_INT(r.cells, 16);
  CHECK_EQ_INT(r.primary, 1);
  CHECK(r.secondary >= 3);
  CHECK_EQ_INT(cells[1].suppressed, 1);
  int nsup = 0;
  for (int i = 0; i < 16; i++) {
    if (!cells[i].suppressed) continue;
    nsup++;
    CHECK_EQ_INT(od_sdc_determined(&t, i), 0);
  }
  CHECK_EQ_INT(nsup, r.primary + r.secondary);
  CHECK_EQ_INT(single_unknown_lines(&t), 0);
  /* totals stay published where children could be used instead */
  CHECK_EQ_INT(cells[15].suppressed, 0);
  /* the bridge case: suppression with two per line that is still
  ** recoverable through the combination of lines is caught by the rank check */
  OdSdcCell c2[16];
  OdSdcEq e2[8];
  int k2[8][4];
  OdSdcTable t2;
  const double w[3][3] = {{10, 10, 10}, {10, 10, 10}, {10, 10, 10}};
  table_4x4(&t2, c2, e2, k2, w);
  /* cells (0,0),(0,1),(1,1),(1,2),(2,0),(2,2) and nothing else: every line
  ** has 0 or 2 unknowns, and the 6-cycle leaves them all undetermined */
  int cyc[6] = {0, 1, 5, 6, 8, 10};
  for (int i = 0; i < 6; i++) c2[cyc[i]].suppressed = 1;
  CHECK_EQ_INT(single_unknown_lines(&t2), 0);
  for (int i = 0; i < 6; i++) CHECK_EQ_INT(od_sdc_determined(&t2, cyc[i]), 0);
  /* a cell on no cycle: (0,0),(0,1),(1,0),(1,1) plus (2,2),(2,3)... */
  for (int i = 0; i < 16; i++) c2[i].suppressed = 0;
  int sq[4] = {0, 1, 4, 5};
  for (int i = 0; i < 4; i++) c2[sq[i]].suppressed = 1;
  for (int i = 0; i < 4; i++) CHECK_EQ_INT(od_sdc_determined(&t2, sq[i]), 0);
  c2[2].suppressed = 1; /* (0,2): row 0 now has three unknowns, column 2 one */
  CHECK_EQ_INT(od_sdc_determined(&t2, 2), 1);
}

static void test_sdc_published(void) {
  Db *db = with_training("sdc");
  Actor cli = audit_cli_actor();
  OdLoadReport r;
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_OK);
  OdSdcReport s;
  int64_t now = mj_now_ms() / 1000;
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", NULL, NULL, now, &s), MJ_OK);
  CHECK_EQ_INT(s.cells, 12);
  CHECK_EQ_INT(s.primary, 1); /* BUDGET,F = 2 < 3 */
  CHECK_EQ_INT(s.secondary, 3);
  /* stored: NULL with the documented marks */
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs WHERE value IS NULL AND status='" OD_OBS_SUPPRESSED
                         "' AND conf='" OD_CONF_SUPPRESSED "'"), 4);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_obs o JOIN od_series s ON s.id=o.series_id WHERE s.key='A.BUDGET.F' "
                         "AND o.value IS NULL"), 1);
  /* the published table: no suppressed cell determined by its totals */
  Arena *a = arena_new();
  OdSdcTable t;
  OdSdcRef *refs;
  int64_t vid = count(db, "SELECT id FROM od_version WHERE status='published'");
  CHECK_EQ_INT(od_sdc_table(db, a, vid, &t, &refs), MJ_OK);
  CHECK_EQ_INT(t.ncells, 12);
  CHECK_EQ_INT(t.neqs, 7); /* 4 programme rows over sex, 3 sex columns over programme (incl. _T) */
  int sup = 0;
  for (int i = 0; i < t.ncells; i++)
    if (t.cells[i].suppressed) {
      sup++;
      CHECK_EQ_INT(od_sdc_determined(&t, i), 0);
    }
  CHECK_EQ_INT(sup, 4);
  CHECK_EQ_INT(single_unknown_lines(&t), 0);
  /* the public sees no value for them */
  Actor pub = actor(CAP_READ_PUBLIC, "anon");
  OdFlow *f;
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, now, "DF_TRAINING", &f), MJ_OK);
  OdObs *o;
  int n, hidden = 0;
  CHECK_EQ_INT(od_obs_fetch(db, a, f, NULL, &o, &n), MJ_OK);
  for (int i = 0; i < n; i++) hidden += !o[i].has_value && !strcmp(o[i].status, "Q") && !strcmp(o[i].conf, "C");
  CHECK_EQ_INT(hidden, 4);
  arena_free(a);
  cleanup(db);
}

/* ---- built-in flows ---- */
static double obs_value(Db *db, Arena *a, const char *flow, const char *key, const char *period, int *found) {
  Actor pub = actor(CAP_READ_PUBLIC, "anon");
  OdFlow *f;
  *found = 0;
  if (od_flow_resolve(db, a, &pub, mj_now_ms() / 1000, flow, &f)) return -1;
  OdKeyFilter k;
  if (od_key_parse(a, f, key, &k)) return -1;
  OdQuery q = {&k, period, period, 0, 0, 0};
  OdObs *o;
  int n;
  if (od_obs_fetch(db, a, f, &q, &o, &n) || n != 1 || !o[0].has_value) return -1;
  *found = 1;
  return o[0].value;
}

static double sum_flow(Db *db, Arena *a, const char *flow, const char *key) {
  Actor pub = actor(CAP_READ_PUBLIC, "anon");
  OdFlow *f;
  if (od_flow_resolve(db, a, &pub, mj_now_ms() / 1000, flow, &f)) return -1;
  OdKeyFilter k;
  if (od_key_parse(a, f, key, &k)) return -1;
  OdQuery q = {&k, NULL, NULL, 0, 0, 0};
  OdObs *o;
  int n;
  if (od_obs_fetch(db, a, f, &q, &o, &n)) return -1;
  double s = 0;
  for (int i = 0; i < n; i++) s += o[i].has_value ? o[i].value : 0;
  return s;
}

static void test_builtin(void) {
  Db *db = fresh("builtin");
  Actor cli = audit_cli_actor();
  DemoOptions o = {7, "2025-03-10", NULL, NULL, NULL};
  DemoResult dr;
  CHECK_EQ_INT(demo_create(db, &cli, &o, &dr), MJ_OK);
  OdRefreshReport rr;
  int64_t now = mj_now_ms() / 1000;
  CHECK_EQ_INT(od_builtin_refresh(db, &cli, now, &rr), MJ_OK);
  CHECK_EQ_INT(rr.flows, 6);
  CHECK_EQ_INT(rr.unchanged + rr.versions, 6);
  Arena *a = arena_new();
  int found;
  /* sittings: closed ones per body */
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_SITTINGS", "A.CHAMBER.."),
               count(db, "SELECT count(*) FROM sitting s JOIN organization o ON o.id=s.body_id WHERE o.ident='chamber' AND s.status='closed'"));
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_SITTINGS", ""), count(db, "SELECT count(*) FROM sitting WHERE status='closed'"));
  CHECK(count(db, "SELECT count(*) FROM sitting WHERE status='closed'") >= 8);
  /* votes */
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_VOTES", "A...VOTE_EVENTS"),
               count(db, "SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id WHERE v.status='closed' AND s.status='closed'"));
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_VOTES", "A...PASSED"),
               count(db, "SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id WHERE v.result='pass' AND s.status='closed'"));
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_VOTES", "A...YES"),
               count(db, "SELECT count(*) FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id JOIN sitting s ON s.id=v.sitting_id "
                         "WHERE b.option='yes' AND v.status='closed' AND s.status='closed'"));
  /* attendance: the grand total and every published member cell */
  CHECK_EQ_INT((int64_t)obs_value(db, a, "DF_ATTENDANCE", "A._T._T._T", "2025", &found),
               count(db, "SELECT count(*) FROM attendance a JOIN sitting s ON s.id=a.sitting_id WHERE s.status='closed'"));
  CHECK(found);
  CHECK_EQ_INT((int64_t)obs_value(db, a, "DF_ATTENDANCE", "A._T._T.PRESENT", "2025", &found),
               count(db, "SELECT count(*) FROM attendance a JOIN sitting s ON s.id=a.sitting_id WHERE s.status='closed' AND a.status='present'"));
  {
    Actor pub = actor(CAP_READ_PUBLIC, "anon");
    OdFlow *f;
    CHECK_EQ_INT(od_flow_resolve(db, a, &pub, now, "DF_ATTENDANCE", &f), MJ_OK);
    OdObs *ob;
    int n, checked = 0, suppressed = 0, mismatch = 0;
    CHECK_EQ_INT(od_obs_fetch(db, a, f, NULL, &ob, &n), MJ_OK);
    for (int i = 0; i < n; i++) {
      if (!ob[i].has_value) {
        suppressed++;
        continue;
      }
      if (!strcmp(ob[i].dims[1], "_T") || strcmp(ob[i].dims[2], "_T") || !strcmp(ob[i].dims[3], "_T")) continue;
      sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM attendance a JOIN sitting s ON s.id=a.sitting_id JOIN person p "
                                     "ON p.id=a.person_id WHERE s.status='closed' AND upper(replace(p.ident,'/','_'))=?1 "
                                     "AND upper(a.status)=?2 AND substr(s.date,1,4)=?3");
      sqlite3_bind_text(st, 1, ob[i].dims[1], -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 2, ob[i].dims[3], -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 3, ob[i].period, -1, SQLITE_STATIC);
      int64_t direct = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
      db_done(st);
      mismatch += direct != (int64_t)ob[i].value;
      checked++;
      if (ob[i].value < 3) mismatch++; /* a small cell was published */
    }
    if (checked <= 10) printf("#   checked %d suppressed %d of %d\n", checked, suppressed, n);
    CHECK(checked > 10);
    CHECK(suppressed > 0);
    CHECK_EQ_INT(mismatch, 0);
    /* and the published attendance table protects every suppressed cell */
    OdSdcTable t;
    OdSdcRef *refs;
    CHECK_EQ_INT(od_sdc_table(db, a, f->ver.id, &t, &refs), MJ_OK);
    int undetermined = 1;
    for (int i = 0; i < t.ncells; i++)
      if (t.cells[i].suppressed && od_sdc_determined(&t, i)) undetermined = 0;
    CHECK(undetermined);
    CHECK_EQ_INT(single_unknown_lines(&t), 0);
  }
  /* questions */
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_QUESTIONS", "A..ORAL."),
               count(db, "SELECT count(*) FROM speech x JOIN sitting s ON s.id=x.sitting_id WHERE x.kind='question' AND s.status='closed'"));
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_QUESTIONS", "A..AGENDA."),
               count(db, "SELECT count(*) FROM agenda_item i JOIN sitting s ON s.id=i.sitting_id WHERE i.kind='question' AND s.status='closed'"));
  /* speaking time: the time to the next speech, computed here with a window function */
  int64_t direct = count(db, "SELECT sum(min(7200, max(0, d))) FROM (SELECT CASE "
                             "WHEN media_start_ms IS NOT NULL AND media_end_ms > media_start_ms THEN (media_end_ms - media_start_ms + 500) / 1000 "
                             "WHEN end_time > start_time THEN strftime('%s','2000-01-01 '||end_time) - strftime('%s','2000-01-01 '||start_time) "
                             "WHEN nxt >= start_time THEN strftime('%s','2000-01-01 '||nxt) - strftime('%s','2000-01-01 '||start_time) "
                             "ELSE 0 END d FROM "
                             "(SELECT x.person_id, x.kind, x.start_time, x.end_time, x.media_start_ms, x.media_end_ms, "
                             "lead(x.start_time) OVER (PARTITION BY x.sitting_id ORDER BY x.position) nxt "
                             "FROM speech x JOIN sitting s ON s.id=x.sitting_id WHERE s.status='closed') "
                             "WHERE person_id IS NOT NULL AND kind IN ('speech','question','answer'))");
  CHECK(direct > 0);
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_SPEAKING_TIME", "A.._T._T"), direct);
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_SPEAKING_TIME", "A..._T") , 2 * direct); /* per party + all parties */
  /* documents: none in the demo, zero rows; one of 10 pages for the chamber */
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_DOCUMENTS", "A..DOCUMENTS"), 0);
  int64_t members = count(db, "SELECT count(DISTINCT m.person_id) FROM membership m JOIN organization o ON o.id=m.organization_id "
                              "WHERE o.ident='chamber'");
  CHECK_EQ_INT(db_exec(db, "INSERT INTO document(agenda_item_id,title) SELECT i.id,'Report' FROM agenda_item i JOIN sitting s "
                           "ON s.id=i.sitting_id JOIN organization o ON o.id=s.body_id WHERE s.status='closed' AND o.ident='chamber' "
                           "ORDER BY i.id LIMIT 1"), MJ_OK);
  CHECK_EQ_INT(db_exec(db, "INSERT INTO document_version(document_id,version,mime,pages,bytes,sha256,content,created_at,created_by) "
                           "SELECT id,1,'application/pdf',10,100,'x',x'00','2025-01-01','t' FROM document"), MJ_OK);
  /* a second refresh sees the change; a third does nothing */
  CHECK_EQ_INT(od_builtin_refresh(db, &cli, now, &rr), MJ_OK);
  CHECK_EQ_INT(rr.versions, 1);
  CHECK_EQ_INT(rr.unchanged, 5);
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_DOCUMENTS", "A..DOCUMENTS"), 1);
  CHECK_EQ_INT((int64_t)sum_flow(db, a, "DF_DOCUMENTS", "A..SHEETS_SAVED"), 10 * members);
  CHECK(members >= 40);
  CHECK_EQ_INT(od_builtin_refresh(db, &cli, now, &rr), MJ_OK);
  CHECK_EQ_INT(rr.versions, 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id WHERE f.code='DF_DOCUMENTS'"), 2);
  /* the change marker: nothing changed, nothing refreshed */
  char *m1 = od_record_marker(db, a);
  CHECK(m1 != NULL);
  CHECK_EQ_INT(od_builtin_maybe_refresh(db, now, 0), MJ_OK);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id WHERE f.builtin=1"), 7);
  /* built-in flows take no loads */
  OdLoadReport lr;
  const char *csv = "DATAFLOW,FREQ,BODY,DOC_INDICATOR,TIME_PERIOD,OBS_VALUE\nMAJLIS:DF_DOCUMENTS(1.0),A,CHAMBER,PAGES,2025,1\n";
  CHECK_EQ_INT(od_load_csv(db, &cli, NULL, "x.csv", csv, strlen(csv), NULL, &lr), MJ_ECONFLICT);
  CHECK_EQ_INT(od_revise(db, a, &cli, "DF_SITTINGS", NULL, NULL), MJ_ECONFLICT);
  CHECK_EQ_INT(od_publish(db, &cli, "DF_SITTINGS", NULL, NULL, now, NULL), MJ_ECONFLICT);
  /* durations */
  int secs;
  od_speech_seconds(1000, 61000, 1, "09:00", "09:30", "10:00", &secs);
  CHECK_EQ_INT(secs, 60);
  od_speech_seconds(0, 0, 0, "09:00", "09:05:30", "10:00", &secs);
  CHECK_EQ_INT(secs, 330);
  od_speech_seconds(0, 0, 0, "09:00", NULL, "09:12", &secs);
  CHECK_EQ_INT(secs, 720);
  od_speech_seconds(0, 0, 0, "09:00", NULL, "", &secs);
  CHECK_EQ_INT(secs, 0);
  arena_free(a);
  cleanup(db);
}

int main(void) {
  RUN(test_periods);
  RUN(test_define);
  RUN(test_load_refused_whole);
  RUN(test_visibility);
  RUN(test_versions);
  RUN(test_sdc_table);
  RUN(test_sdc_published);
  RUN(test_builtin);
  return DONE();
}
