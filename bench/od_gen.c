/*
** od_gen.c: builds the open-data benchmark database (bench/opendata.sh).
**   od_gen DB CSV AREAS INDICATORS DAYS [DB2 CSV2]
** Defines a dataflow BH:DF_BENCH (dimensions FREQ, REF_AREA, INDICATOR;
** TIME_PERIOD; OBS_VALUE; OBS_STATUS) with SQL into the schema-9 tables,
** writes an SDMX-CSV 2.0 file of AREAS x INDICATORS daily series of DAYS
** observations each (deterministic values, series by series), then loads it
** through the real loader (od_load_file, one transaction, as `majlis dataset
** load` does) and publishes it (od_publish). With DB2 and CSV2, the same
** rows are also written period by period (every series of a day, then the
** next day: the order many statistical exports use) and loaded into a
** second new database DB2, timed alone. Prints "rows load_ms publish_ms
** csv_bytes" and, with DB2, "load_by_period_ms".
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "opendata.h"

static void die(const char *what) {
  fprintf(stderr, "od_gen: %s: %s\n", what, mj_errmsg());
  exit(1);
}

/* A new database at path with the flow defined and an empty draft 1.0. */
static Db *define(const char *path, int areas, int inds) {
  Db *db;
  if (db_open(path, DB_CREATE | DB_MUST_NEW, &db)) die("open");
  Buf sql;
  buf_init(&sql, BUF_UNLIMITED);
  buf_puts(&sql, "BEGIN;INSERT INTO od_agency(id,name_ar,name_en) VALUES('BH','البحرين','Bahrain');"
                 "INSERT INTO od_codelist(agency,code,version,name_ar,name_en) VALUES('BH','CL_AREA','1.0','المنطقة','Area'),"
                 "('BH','CL_IND','1.0','المؤشر','Indicator');");
  for (int a = 0; a < areas; a++)
    buf_printf(&sql, "INSERT INTO od_code(codelist_id,code,position,name_ar,name_en) SELECT id,'A%02d',%d,'منطقة %d','Area %d' "
                     "FROM od_codelist WHERE code='CL_AREA';", a, a, a, a);
  for (int i = 0; i < inds; i++)
    buf_printf(&sql, "INSERT INTO od_code(codelist_id,code,position,name_ar,name_en) SELECT id,'I%03d',%d,'مؤشر %d','Indicator %d' "
                     "FROM od_codelist WHERE code='CL_IND';", i, i, i, i);
  buf_puts(&sql, "INSERT INTO od_dsd(agency,code,version,name_ar,name_en) VALUES('BH','DSD_BENCH','1.0','هيكل','Structure');"
                 "INSERT INTO od_component(dsd_id,code,kind,position,codelist_id,attachment) VALUES"
                 "(1,'FREQ','dimension',1,(SELECT id FROM od_codelist WHERE code='CL_FREQ'),NULL),"
                 "(1,'REF_AREA','dimension',2,(SELECT id FROM od_codelist WHERE code='CL_AREA'),NULL),"
                 "(1,'INDICATOR','dimension',3,(SELECT id FROM od_codelist WHERE code='CL_IND'),NULL),"
                 "(1,'TIME_PERIOD','time',4,NULL,NULL),(1,'OBS_VALUE','measure',5,NULL,NULL),"
                 "(1,'OBS_STATUS','attribute',6,(SELECT id FROM od_codelist WHERE code='CL_OBS_STATUS'),'observation');"
                 "INSERT INTO od_dataflow(agency,code,dsd_id,name_ar,name_en,access,created_at,created_by) VALUES"
                 "('BH','DF_BENCH',1,'قياس','Benchmark','public','2024-01-01T00:00:00Z','bench');"
                 "INSERT INTO od_version(dataflow_id,version,created_at,updated_at) VALUES(1,'1.0','2024-01-01T00:00:00Z',"
                 "'2024-01-01T00:00:00Z');COMMIT;");
  if (db_exec(db, sql.p)) die("define");
  buf_free(&sql);
  return db;
}

static void row(FILE *f, int a, int i, int d) {
  time_t t = (time_t)(1577836800 + (int64_t)d * 86400 + 43200); /* from 2020-01-01 */
  struct tm tm;
  gmtime_r(&t, &tm);
  fprintf(f, "dataflow,BH:DF_BENCH(1.0),I,D,A%02d,I%03d,%04d-%02d-%02d,%d.%02d,A\n", a, i, tm.tm_year + 1900, tm.tm_mon + 1,
          tm.tm_mday, (a * 31 + i * 7 + d) % 1000, (d * 13) % 100);
}

/* Writes the file series by series, or period by period; returns its size. */
static long write_csv(const char *path, int areas, int inds, int days, int by_period, long *rows) {
  FILE *f = fopen(path, "w");
  if (!f) die("csv");
  fputs("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n", f);
  *rows = 0;
  if (by_period) {
    for (int d = 0; d < days; d++)
      for (int a = 0; a < areas; a++)
        for (int i = 0; i < inds; i++, (*rows)++) row(f, a, i, d);
  } else {
    for (int a = 0; a < areas; a++)
      for (int i = 0; i < inds; i++)
        for (int d = 0; d < days; d++, (*rows)++) row(f, a, i, d);
  }
  long bytes = ftell(f);
  if (fclose(f)) die("csv");
  return bytes;
}

int main(int argc, char **argv) {
  if (argc != 6 && argc != 8) {
    fprintf(stderr, "usage: od_gen DB CSV AREAS INDICATORS DAYS [DB2 CSV2]\n");
    return 2;
  }
  int areas = (int)strtol(argv[3], NULL, 10), inds = (int)strtol(argv[4], NULL, 10), days = (int)strtol(argv[5], NULL, 10);
  Db *db = define(argv[1], areas, inds);
  long rows;
  long bytes = write_csv(argv[2], areas, inds, days, 0, &rows);
  Actor who = audit_cli_actor();
  OdLoadReport rep;
  int64_t t0 = mj_mono_ms();
  if (od_load_file(db, &who, "BH,DF_BENCH", argv[2], NULL, &rep)) die("load");
  int64_t t1 = mj_mono_ms();
  if (od_publish(db, &who, "BH,DF_BENCH", NULL, "benchmark", mj_now_ms() / 1000, NULL)) die("publish");
  int64_t t2 = mj_mono_ms();
  db_close(db);
  printf("%ld %lld %lld %ld", rows, (long long)(t1 - t0), (long long)(t2 - t1), bytes);
  int ok = rep.rows == rows;
  if (argc == 8) {
    Db *db2 = define(argv[6], areas, inds);
    long rows2;
    write_csv(argv[7], areas, inds, days, 1, &rows2);
    OdLoadReport rep2;
    int64_t t3 = mj_mono_ms();
    if (od_load_file(db2, &who, "BH,DF_BENCH", argv[7], NULL, &rep2)) die("load by period");
    printf(" %lld", (long long)(mj_mono_ms() - t3));
    ok = ok && rep2.rows == rows2 && rep2.added == rows2;
    db_close(db2);
  }
  printf("\n");
  return ok ? 0 : 1;
}
