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
#include "odquery.h"
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

/* A revision copies the newest version; when that one is under embargo,
** the revision is never released before it, on any path: publishing now
** or a second early is refused (naming both times) and changes nothing;
** at the embargo's end it goes. */
static void test_revision_embargo(void) {
  Db *db = with_training("revemb");
  Actor cli = audit_cli_actor(), pub = actor(CAP_READ_PUBLIC, "anon");
  OdLoadReport r;
  CHECK_EQ_INT(od_load_file(db, &cli, NULL, fixture("training.csv"), NULL, &r), MJ_OK);
  int64_t now = mj_now_ms() / 1000, T = now + 3 * 365 * 86400;
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", NULL, "1.0", now, NULL), MJ_OK);
  Arena *a = arena_new();
  const char *fix = "DATAFLOW,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\n"
                    "MAJLIS:DF_TRAINING(1.1),A,DIGITAL,F,2024,99,PERSONS\n";
  CHECK_EQ_INT(od_revise(db, a, &cli, "DF_TRAINING", "embargoed figures", NULL), MJ_OK);
  CHECK_EQ_INT(od_load_csv(db, &cli, NULL, "fix.csv", fix, strlen(fix), NULL, &r), MJ_OK);
  char rel[32], early[32];
  mj_iso8601(T, rel, sizeof rel);
  mj_iso8601(T - 1, early, sizeof early);
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", rel, NULL, now, NULL), MJ_OK); /* 1.1 under embargo until T */
  CHECK_EQ_INT(od_revise(db, a, &cli, "DF_TRAINING", "a correction", NULL), MJ_OK); /* 1.2: a copy of 1.1 */
  int64_t pubs = count(db, "SELECT count(*) FROM audit WHERE action='dataset.publish'");
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", NULL, NULL, now, NULL), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), "version 1.2 cannot be released at");
  CHECK_CONTAINS(mj_errmsg(), arena_printf(a, "version 1.1, whose figures a revision copies, is under embargo until %s", rel));
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", early, NULL, now, NULL), MJ_ECONFLICT);
  CHECK_CONTAINS(mj_errmsg(), arena_printf(a, "cannot be released at %s", early));
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_version WHERE status='draft' AND version='1.2'"), 1);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_release WHERE version_id=(SELECT id FROM od_version WHERE version='1.2')"), 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.publish'"), pubs);
  /* the public still reads 1.0 a second before T: 99 is nowhere */
  OdFlow *f;
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, T - 1, "DF_TRAINING", &f), MJ_OK);
  CHECK_STR(f->ver.version, "1.0");
  CHECK_EQ_INT(od_publish(db, &cli, "DF_TRAINING", rel, NULL, now, NULL), MJ_OK);
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, T - 1, "DF_TRAINING", &f), MJ_OK);
  CHECK_STR(f->ver.version, "1.0");
  CHECK_EQ_INT(od_flow_resolve(db, a, &pub, T, "DF_TRAINING", &f), MJ_OK);
  CHECK_STR(f->ver.version, "1.2");
  arena_free(a);
  cleanup(db);
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
  /* every built-in flow has a contact point: by default the secretariat of
  ** the instance; the settings change it (audited), an empty e-mail is none */
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_dataflow WHERE builtin=1 AND contact_name='Secretariat — مجلس النواب' "
                         "AND contact_email IS NULL"), 6);
  {
    const char *cn, *ce;
    od_data_contact(db, a, &cn, &ce);
    CHECK_STR(cn, "Secretariat — مجلس النواب");
    CHECK(ce == NULL);
    CHECK_EQ_INT(db_meta_set(db, "opendata_contact_email", "data@parliament.example"), MJ_OK);
    CHECK_EQ_INT(db_begin(db), MJ_OK);
    CHECK_EQ_INT(od_builtin_contact_sync(db, &cli), MJ_OK);
    CHECK_EQ_INT(od_builtin_contact_sync(db, &cli), MJ_OK); /* unchanged: no second audit row */
    CHECK_EQ_INT(db_commit(db), MJ_OK);
    CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_dataflow WHERE builtin=1 AND contact_email='data@parliament.example'"), 6);
    CHECK_EQ_INT(count(db, "SELECT count(*) FROM audit WHERE action='dataset.update' AND object='builtin'"), 1);
    CHECK_EQ_INT(db_meta_set(db, "opendata_contact_email", ""), MJ_OK);
    od_data_contact(db, a, &cn, &ce);
    CHECK(ce == NULL);
  }
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
               count(db, "SELECT count(*) FROM public_speech x JOIN sitting s ON s.id=x.sitting_id WHERE x.kind='question' AND s.status='closed'"));
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
                             "FROM public_speech x JOIN sitting s ON s.id=x.sitting_id WHERE s.status='closed') "
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

/* ---- key-filtered queries read exactly what a filter over everything reads ----
** od_obs_each picks the matching series first (a key-prefix range of the
** (version_id, key) index) and reads each through its primary key. Here its
** answers, and odq_count's, are compared with a brute-force filter (in this
** test) over every observation of the version read by one plain joined,
** sorted SELECT (what od_obs_each itself ran before). Area codes A1/A10 make
** one key a prefix of another; monthly and daily series mix the two ways of
** writing a period (2024-03 / 2024-M02, 2024-03-05 / 2024-D066), so period
** text order differs from time order. */
typedef struct KtObs {
  char key[32], period[16], start[11], end[11];
  int64_t sid, updated;
  int has_value;
  double value;
} KtObs;

/* 1 when the series key matches the SDMX key spec ("M.A1+A10." etc.). */
static int kt_key_match(const char *spec, const char *key) {
  if (!*spec || strcmp(spec, "all") == 0) return 1;
  char sp[64], k[32];
  snprintf(sp, sizeof sp, "%s", spec);
  snprintf(k, sizeof k, "%s", key);
  char *ps = sp, *pk = k;
  for (int d = 0; d < 3; d++) {
    char *ds = strchr(ps, '.'), *dk = strchr(pk, '.');
    if (ds) *ds = 0;
    if (dk) *dk = 0;
    if (*ps) { /* one of the '+' alternatives must equal the code */
      int hit = 0;
      for (char *t = ps; t && !hit;) {
        char *plus = strchr(t, '+');
        size_t len = plus ? (size_t)(plus - t) : strlen(t);
        hit = len == strlen(pk) && strncmp(t, pk, len) == 0;
        t = plus ? plus + 1 : NULL;
      }
      if (!hit) return 0;
    }
    ps = ds ? ds + 1 : ps + strlen(ps);
    pk = dk ? dk + 1 : pk + strlen(pk);
  }
  return 1;
}

static void test_key_filter_equivalence(void) {
  Db *db = fresh("keyfilter");
  Actor cli = audit_cli_actor();
  const char *def = "{\"agency\":\"MAJLIS\",\"id\":\"DF_KEYTEST\",\"name\":{\"ar\":\"اختبار المفاتيح\",\"en\":\"Key test\"},"
                    "\"access\":\"public\",\"codelists\":[{\"id\":\"CL_KT_AREA\",\"version\":\"1.0\",\"name\":\"areas\",\"codes\":["
                    "{\"id\":\"A1\",\"name\":\"a1\"},{\"id\":\"A10\",\"name\":\"a10\"},{\"id\":\"A2\",\"name\":\"a2\"},"
                    "{\"id\":\"B\",\"name\":\"b\"}]},{\"id\":\"CL_KT_IND\",\"version\":\"1.0\",\"name\":\"indicators\",\"codes\":["
                    "{\"id\":\"X\",\"name\":\"x\"},{\"id\":\"XY\",\"name\":\"xy\"},{\"id\":\"X_1\",\"name\":\"x1\"}]}],\"structure\":{\"id\":\"DSD_KEYTEST\",\"version\":\"1.0\",\"dimensions\":["
                    "{\"id\":\"FREQ\"},{\"id\":\"REF_AREA\",\"codelist\":\"CL_KT_AREA\"},{\"id\":\"IND\",\"codelist\":\"CL_KT_IND\"}],"
                    "\"attributes\":[{\"id\":\"NOTE_S\",\"attachment\":\"series\"}]}}";
  int drc = od_define_json(db, &cli, "keytest.json", def, strlen(def), NULL);
  if (drc) printf("#   define: %s\n", mj_errmsg());
  CHECK_EQ_INT(drc, MJ_OK);
  static const char *freqs[] = {"M", "D", "W", "A"}, *areas[] = {"A1", "A10", "A2", "B"}, *inds[] = {"X", "XY", "X_1"};
  /* weeks and years around new year: 2019-W01 starts 2018-12-31, 2020-W53 ends 2021-01-03 */
  static const char *weeks[] = {"2019-W01", "2020-W53", "2021-W01", "2024-W10", "2024-W52"},
                    *years[] = {"2018", "2019", "2021", "2024"};
  Buf csv;
  buf_init(&csv, BUF_UNLIMITED);
  buf_puts(&csv, "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,IND,TIME_PERIOD,OBS_VALUE,NOTE_S\n");
  int noted = 0;
  int rows = 0;
  for (int fi = 0; fi < 4; fi++)
    for (int ai = 0; ai < 4; ai++)
      for (int ii = 0; ii < 3; ii++) {
        if ((fi + ai + ii) % 4 == 3) continue; /* not every combination is a series */
        int n = fi == 0 ? 6 : fi == 1 ? 8 : fi == 2 ? 5 : 4;
        /* XY series: rows newest first, the series attribute on the first row only (the
        ** loader writes in key order, yet the series must get it) */
        int rev = ii == 1;
        noted += rev;
        for (int k = 1; k <= n; k++) {
          int t = rev ? n + 1 - k : k;
          char per[32];
          if (fi == 2) snprintf(per, sizeof per, "%s", weeks[t - 1]);
          else if (fi == 3) snprintf(per, sizeof per, "%s", years[t - 1]);
          else if (!fi) snprintf(per, sizeof per, t % 2 ? "2024-%02d" : "2024-M%02d", t);
          else if (t % 2) snprintf(per, sizeof per, "2024-03-%02d", t);
          else snprintf(per, sizeof per, "2024-D%03d", 60 + t); /* 2024-03-t: day 61 is 1 March */
          buf_printf(&csv, "dataflow,MAJLIS:DF_KEYTEST(1.0),I,%s,%s,%s,%s,", freqs[fi], areas[ai], inds[ii], per);
          if ((t + ai) % 5) buf_printf(&csv, "%d.5", fi * 1000 + ai * 100 + ii * 10 + t);
          if (rev && k == 1) buf_printf(&csv, ",note %s.%s.%s", freqs[fi], areas[ai], inds[ii]);
          else buf_putc(&csv, ',');
          buf_putc(&csv, '\n');
          rows++;
        }
      }
  OdLoadReport rep;
  int lrc = od_load_csv(db, &cli, "MAJLIS,DF_KEYTEST", "keytest.csv", csv.p, csv.n, NULL, &rep);
  if (lrc) printf("#   load: %s\n", mj_errmsg());
  CHECK_EQ_INT(lrc, MJ_OK);
  CHECK_EQ_INT(rep.rows, rows);
  buf_free(&csv);
  CHECK(noted > 0);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_series WHERE json_extract(attrs, '$.NOTE_S') = 'note ' || key"), noted);
  CHECK_EQ_INT(count(db, "SELECT count(*) FROM od_series WHERE attrs <> '{}'"), noted);
  /* varied update times (the draft may change): three groups by series */
  CHECK_EQ_INT(db_exec(db, "UPDATE od_obs SET updated_at = 1700000000 + (series_id % 3) * 1000 + length(period)"), MJ_OK);
  Arena *a = arena_new();
  OdFlow *f = NULL;
  CHECK_EQ_INT(od_flow_resolve(db, a, &cli, mj_now_ms() / 1000, "MAJLIS,DF_KEYTEST", &f), MJ_OK);
  if (!f) {
    arena_free(a);
    cleanup(db);
    return;
  }
  /* every observation, by the plain joined and sorted SELECT */
  KtObs *all = calloc((size_t)rows, sizeof *all);
  int nall = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT s.id, s.key, o.period, o.period_start, o.period_end, o.value, o.updated_at "
                                 "FROM od_series s JOIN od_obs o ON o.series_id=s.id WHERE s.version_id=?1 "
                                 "ORDER BY s.key, o.period_start, o.period");
  sqlite3_bind_int64(st, 1, f->ver.id);
  while (st && sqlite3_step(st) == SQLITE_ROW && nall < rows) {
    KtObs *o = &all[nall++];
    o->sid = sqlite3_column_int64(st, 0);
    snprintf(o->key, sizeof o->key, "%s", (const char *)sqlite3_column_text(st, 1));
    snprintf(o->period, sizeof o->period, "%s", (const char *)sqlite3_column_text(st, 2));
    snprintf(o->start, sizeof o->start, "%s", (const char *)sqlite3_column_text(st, 3));
    snprintf(o->end, sizeof o->end, "%s", (const char *)sqlite3_column_text(st, 4));
    o->has_value = sqlite3_column_type(st, 5) != SQLITE_NULL;
    o->value = sqlite3_column_double(st, 5);
    o->updated = sqlite3_column_int64(st, 6);
  }
  db_done(st);
  CHECK_EQ_INT(nall, rows);
  static const char *keys[] = {"all", "", "M..", "M.A1.", "M.A1.X", "M.A1+A10.", ".A1.", "..X", "M+D.A10.XY",
                               "D.A2.X_1", "D.B.X", ".A1+B.X+XY", "D.A10.", ".A2+A1.X_1"};
  static const struct {
    const char *start, *end, *after, *first, *last;
    const char *sd, *ed; /* the bounds as dates, for the brute force */
    int64_t after_s;
  } opts[] = {
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
    {"2024-03-01", NULL, NULL, NULL, NULL, "2024-03-01", NULL, 0},
    {NULL, "2024-03", NULL, NULL, NULL, NULL, "2024-03-31", 0},
    {"2024-02", "2024-03-05", NULL, NULL, NULL, "2024-02-01", "2024-03-05", 0},
    {NULL, NULL, "2023-11-14T22:30:00Z", NULL, NULL, NULL, NULL, 1700001000},
    {NULL, NULL, NULL, "2", NULL, NULL, NULL, 0},
    {NULL, NULL, NULL, NULL, "3", NULL, NULL, 0},
    {"2024-Q1", NULL, NULL, "4", "2", "2024-01-01", NULL, 0},
    {NULL, "2024-03-06", "2023-11-14T22:13:27Z", NULL, "1", NULL, "2024-03-06", 1700000007},
    /* bounds at the turn of a year (the key range on the period text must keep these) */
    {"2021-01-02", NULL, NULL, NULL, NULL, "2021-01-02", NULL, 0},
    {"2021-01-03T10:00:00Z", "2021-01-04", NULL, NULL, NULL, "2021-01-03", "2021-01-04", 0},
    {NULL, "2018-12-31", NULL, NULL, NULL, NULL, "2018-12-31", 0},
    {"2020-12-29", "2020-12-31", NULL, NULL, "2", "2020-12-29", "2020-12-31", 0},
    {"2019", "2021-Q1", NULL, NULL, NULL, "2019-01-01", "2021-03-31", 0},
  };
  int compared = 0, nonempty = 0;
  for (size_t ki = 0; ki < MJ_COUNT(keys); ki++)
    for (size_t oi = 0; oi < MJ_COUNT(opts); oi++) {
      /* the brute force: every filter over all observations, then first/last N per series */
      int first_n = opts[oi].first ? (int)strtol(opts[oi].first, NULL, 10) : 0;
      int last_n = opts[oi].last ? (int)strtol(opts[oi].last, NULL, 10) : 0;
      int *want = calloc((size_t)rows, sizeof *want), nwant = 0, nseries = 0;
      for (int i = 0; i < nall;) {
        int j = i, sel[64], nsel = 0;
        while (j < nall && all[j].sid == all[i].sid) {
          const KtObs *o = &all[j];
          if (kt_key_match(keys[ki], o->key) && (!opts[oi].sd || strcmp(o->end, opts[oi].sd) >= 0) &&
              (!opts[oi].ed || strcmp(o->start, opts[oi].ed) <= 0) && o->updated > opts[oi].after_s && nsel < 64)
            sel[nsel++] = j;
          j++;
        }
        if (first_n && nsel > first_n) nsel = first_n;
        int from = last_n && nsel > last_n ? nsel - last_n : 0;
        for (int k = from; k < nsel; k++) want[nwant++] = sel[k];
        nseries += nsel > from;
        i = j;
      }
      OdqParams p;
      memset(&p, 0, sizeof p);
      p.key = keys[ki];
      p.start_period = opts[oi].start;
      p.end_period = opts[oi].end;
      p.updated_after = opts[oi].after;
      p.first_n = opts[oi].first;
      p.last_n = opts[oi].last;
      OdqQuery q;
      int rc = odq_prepare(a, f, &p, &q);
      CHECK_EQ_INT(rc, MJ_OK);
      OdObs *got = NULL;
      int ngot = -1;
      if (!rc) rc = od_obs_fetch(db, a, f, &q.q, &got, &ngot);
      CHECK_EQ_INT(rc, MJ_OK);
      int same = ngot == nwant;
      for (int i = 0; same && i < ngot; i++) {
        const KtObs *w = &all[want[i]];
        same = strcmp(got[i].key, w->key) == 0 && strcmp(got[i].period, w->period) == 0 &&
               got[i].has_value == w->has_value && (!w->has_value || got[i].value == w->value) &&
               got[i].updated_at == w->updated && strcmp(got[i].period_start, w->start) == 0;
        char dk[32];
        snprintf(dk, sizeof dk, "%s.%s.%s", got[i].dims[0], got[i].dims[1], got[i].dims[2]);
        same = same && strcmp(dk, w->key) == 0;
      }
      if (!same) {
        printf("#   key '%s', options %d: %d observations, expected %d\n", keys[ki], (int)oi, ngot, nwant);
        for (int i = 0; i < ngot && i < nwant; i++)
          if (strcmp(got[i].key, all[want[i]].key) || strcmp(got[i].period, all[want[i]].period)) {
            printf("#     at %d: %s %s, expected %s %s\n", i, got[i].key, got[i].period, all[want[i]].key,
                   all[want[i]].period);
            break;
          }
      }
      CHECK(same);
      /* the count before a reply says the same */
      CHECK_EQ_INT(odq_count(db, &q), MJ_OK);
      CHECK_EQ_INT(q.nobs, nwant);
      CHECK_EQ_INT(q.nseries, nseries);
      compared++;
      nonempty += nwant > 0;
      free(want);
    }
  CHECK_EQ_INT(compared, (int)(MJ_COUNT(keys) * MJ_COUNT(opts)));
  CHECK(nonempty > compared / 2); /* the comparisons are not all of empty results */
  free(all);
  arena_free(a);
  cleanup(db);
}

int main(void) {
  RUN(test_periods);
  RUN(test_define);
  RUN(test_load_refused_whole);
  RUN(test_visibility);
  RUN(test_versions);
  RUN(test_revision_embargo);
  RUN(test_sdc_table);
  RUN(test_sdc_published);
  RUN(test_builtin);
  RUN(test_key_filter_equivalence);
  return DONE();
}
