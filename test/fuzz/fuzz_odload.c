/*
** fuzz_odload.c: libFuzzer target for open-data loads (od_load_csv, with
** its CSV reader, codes, periods and values) and the period parser. Whatever
** the input: a load either succeeds or is refused with a message, and a
** refused load leaves the draft exactly as it was (one transaction). The
** database is a temporary file made once per process with the training
** dataflow of test/fixtures/opendata defined inline.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "db.h"
#include "opendata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char def[] =
  "{\"id\":\"DF_T\",\"name\":\"t\",\"codelists\":[{\"id\":\"CL_P\",\"name\":\"p\",\"codes\":["
  "{\"id\":\"_T\",\"name\":\"all\"},{\"id\":\"A1\",\"parent\":\"_T\",\"name\":\"a\"},{\"id\":\"B2\",\"parent\":\"_T\",\"name\":\"b\"}]}],"
  "\"structure\":{\"dimensions\":[{\"id\":\"FREQ\"},{\"id\":\"P\",\"codelist\":\"CL_P\"}],"
  "\"attributes\":[{\"id\":\"NOTE\",\"attachment\":\"observation\"},{\"id\":\"UNIT_MEASURE\",\"codelist\":\"MAJLIS:CL_UNIT\",\"attachment\":\"series\"}]}}";

static Db *db;
static char path[256];

static void gone(void) {
  if (db) db_close(db);
  char w[300];
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 16) return 0;
  Actor cli = audit_cli_actor();
  if (!db) {
    snprintf(path, sizeof path, "/tmp/majlis-fuzz-odload-%ld.db", (long)getpid());
    remove(path);
    if (db_open(path, DB_CREATE | DB_MUST_NEW, &db) || od_define_json(db, &cli, "def", def, sizeof def - 1, NULL)) abort();
    atexit(gone);
  }
  /* the period parser on the raw bytes */
  char p[64], s[11], e[11], f;
  size_t n = size < sizeof p - 1 ? size : sizeof p - 1;
  memcpy(p, data, n);
  p[n] = 0;
  if (od_period_parse(p, s, e, &f) == MJ_OK && (strlen(s) != 10 || strlen(e) != 10 || strcmp(s, e) > 0)) abort();
  /* a load, as SDMX-CSV and as a plain CSV with a map */
  int64_t before = db_int(db, "SELECT count(*) FROM od_obs", 0, 0, -1);
  OdLoadReport r;
  OdLoadOptions m = {"a=P,b=TIME_PERIOD,c=OBS_VALUE", "FREQ=A", 0};
  for (int k = 0; k < 2; k++) {
    mj_errclear();
    int rc = od_load_csv(db, &cli, "DF_T", "fuzz.csv", (const char *)data, size, k ? &m : NULL, &r);
    int64_t after = db_int(db, "SELECT count(*) FROM od_obs", 0, 0, -1);
    if (rc != MJ_OK) {
      if (!*mj_errmsg() || after != before) abort();
    } else {
      if (after != before + r.added) abort();
      if (db_exec(db, "DELETE FROM od_series")) abort(); /* back to empty for the next input */
    }
  }
  return 0;
}
