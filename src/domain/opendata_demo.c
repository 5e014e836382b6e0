/*
** opendata_demo.c: the open data of the demonstration parliament. The
** built-in flows computed from the generated record, and two datasets a
** data officer would have made: participants in training programmes
** (published, with disclosure control on its small cells) and visitors to
** the parliament (published with an embargo until 09:00 UTC tomorrow, so
** the release calendar and the embargo can be seen at work). They go
** through the same define, load and publish functions as the command line.
** The figures are generated, like everything in the demo.
*/
#include "opendata_int.h"

#include <string.h>

static const char training_def[] =
  "{\"id\":\"DF_TRAINING\",\"access\":\"public\",\"sdc_threshold\":3,\"themes\":[\"GOVE\",\"EDUC\"],"
  "\"name\":{\"ar\":\"المشاركون في برامج التدريب\",\"en\":\"Participants in training programmes\",\"az\":\"Təlim proqramlarının iştirakçıları\"},"
  "\"description\":{\"ar\":\"عدد المشاركين في برامج التدريب البرلماني حسب البرنامج والجنس (بيانات مولّدة للعرض).\","
  "\"en\":\"Participants in parliamentary training programmes, by programme and sex (generated demonstration data).\","
  "\"az\":\"Parlament təlim proqramlarının iştirakçıları, proqram və cins üzrə (nümayiş üçün yaradılmış məlumat).\"},"
  "\"keywords\":[{\"lang\":\"ar\",\"value\":\"تدريب\"},{\"lang\":\"en\",\"value\":\"training\"},{\"lang\":\"az\",\"value\":\"təlim\"}],"
  "\"contact\":{\"name\":\"Data office\",\"email\":\"data@majlis.example\"},"
  "\"license\":\"https://creativecommons.org/licenses/by/4.0/\","
  "\"codelists\":[{\"id\":\"CL_PROGRAMME\",\"name\":{\"ar\":\"برامج التدريب\",\"en\":\"Training programmes\",\"az\":\"Təlim proqramları\"},"
  "\"codes\":[{\"id\":\"_T\",\"name\":{\"ar\":\"جميع البرامج\",\"en\":\"All programmes\",\"az\":\"Bütün proqramlar\"}},"
  "{\"id\":\"LEGIS\",\"parent\":\"_T\",\"name\":{\"ar\":\"الصياغة التشريعية\",\"en\":\"Legislative drafting\",\"az\":\"Qanunvericilik texnikası\"}},"
  "{\"id\":\"BUDGET\",\"parent\":\"_T\",\"name\":{\"ar\":\"الرقابة على الميزانية\",\"en\":\"Budget oversight\",\"az\":\"Büdcə nəzarəti\"}},"
  "{\"id\":\"DIGITAL\",\"parent\":\"_T\",\"name\":{\"ar\":\"المهارات الرقمية\",\"en\":\"Digital skills\",\"az\":\"Rəqəmsal bacarıqlar\"}}]}],"
  "\"concepts\":[{\"id\":\"PROGRAMME\",\"name\":{\"ar\":\"البرنامج\",\"en\":\"Programme\",\"az\":\"Proqram\"}}],"
  "\"structure\":{\"id\":\"DSD_TRAINING\",\"dimensions\":[{\"id\":\"FREQ\"},{\"id\":\"PROGRAMME\",\"codelist\":\"CL_PROGRAMME\"},"
  "{\"id\":\"SEX\",\"codelist\":\"SDMX:CL_SEX\"}],"
  "\"attributes\":[{\"id\":\"UNIT_MEASURE\",\"codelist\":\"MAJLIS:CL_UNIT\",\"attachment\":\"series\",\"required\":true}]}}";

static const char visitors_def[] =
  "{\"id\":\"DF_VISITORS\",\"access\":\"public\",\"themes\":[\"GOVE\"],"
  "\"name\":{\"ar\":\"زوار المجلس\",\"en\":\"Visitors to the parliament\",\"az\":\"Parlamentin ziyarətçiləri\"},"
  "\"description\":{\"ar\":\"زوار مبنى المجلس شهرياً حسب فئة الزائر (بيانات مولّدة للعرض).\","
  "\"en\":\"Monthly visitors to the parliament building, by kind of visitor (generated demonstration data).\","
  "\"az\":\"Parlament binasının aylıq ziyarətçiləri, ziyarətçi növü üzrə (nümayiş üçün yaradılmış məlumat).\"},"
  "\"license\":\"https://creativecommons.org/licenses/by/4.0/\","
  "\"codelists\":[{\"id\":\"CL_VISITOR\",\"name\":{\"ar\":\"فئات الزوار\",\"en\":\"Kinds of visitor\",\"az\":\"Ziyarətçi növləri\"},"
  "\"codes\":[{\"id\":\"_T\",\"name\":{\"ar\":\"جميع الزوار\",\"en\":\"All visitors\",\"az\":\"Bütün ziyarətçilər\"}},"
  "{\"id\":\"SCHOOL\",\"parent\":\"_T\",\"name\":{\"ar\":\"مجموعات مدرسية\",\"en\":\"School groups\",\"az\":\"Məktəb qrupları\"}},"
  "{\"id\":\"PUBLIC\",\"parent\":\"_T\",\"name\":{\"ar\":\"عامة الناس\",\"en\":\"Members of the public\",\"az\":\"Vətəndaşlar\"}},"
  "{\"id\":\"OFFICIAL\",\"parent\":\"_T\",\"name\":{\"ar\":\"وفود رسمية\",\"en\":\"Official delegations\",\"az\":\"Rəsmi nümayəndə heyətləri\"}}]}],"
  "\"concepts\":[{\"id\":\"VISITOR\",\"name\":{\"ar\":\"فئة الزائر\",\"en\":\"Kind of visitor\",\"az\":\"Ziyarətçi növü\"}}],"
  "\"structure\":{\"id\":\"DSD_VISITORS\",\"dimensions\":[{\"id\":\"FREQ\"},{\"id\":\"VISITOR\",\"codelist\":\"CL_VISITOR\"}],"
  "\"attributes\":[{\"id\":\"UNIT_MEASURE\",\"codelist\":\"MAJLIS:CL_UNIT\",\"attachment\":\"series\",\"required\":true}]}}";

int od_demo(Db *db, const Actor *who, const char *today, uint64_t seed) {
  Rng r;
  rng_seed(&r, seed ^ 0x6f70656e64617461ull);
  int y = 2000;
  if (today && strlen(today) >= 4) y = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
  int mon = today && strlen(today) >= 7 ? (today[5] - '0') * 10 + (today[6] - '0') : 1;
  int rc = od_builtin_refresh(db, who, mj_now_ms() / 1000, NULL);
  if (!rc) rc = od_define_json(db, who, "demo training", training_def, sizeof training_def - 1, NULL);
  /* training: two years, three programmes by sex, with their totals */
  Buf csv;
  buf_init(&csv, 1 << 20);
  buf_puts(&csv, "DATAFLOW,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\n");
  static const char *prog[] = {"LEGIS", "BUDGET", "DIGITAL"};
  for (int yr = y - 2; yr < y; yr++) {
    int tf = 0, tm = 0;
    for (int p = 0; p < 3; p++) {
      /* one small cell a year, so disclosure control has something to do */
      int f = p == 1 && yr == y - 1 ? 2 : 6 + (int)rng_below(&r, 20), m = 5 + (int)rng_below(&r, 20);
      tf += f;
      tm += m;
      buf_printf(&csv, "MAJLIS:DF_TRAINING(1.0),A,%s,F,%d,%d,PERSONS\n", prog[p], yr, f);
      buf_printf(&csv, "MAJLIS:DF_TRAINING(1.0),A,%s,M,%d,%d,PERSONS\n", prog[p], yr, m);
      buf_printf(&csv, "MAJLIS:DF_TRAINING(1.0),A,%s,_T,%d,%d,PERSONS\n", prog[p], yr, f + m);
    }
    buf_printf(&csv, "MAJLIS:DF_TRAINING(1.0),A,_T,F,%d,%d,PERSONS\n", yr, tf);
    buf_printf(&csv, "MAJLIS:DF_TRAINING(1.0),A,_T,M,%d,%d,PERSONS\n", yr, tm);
    buf_printf(&csv, "MAJLIS:DF_TRAINING(1.0),A,_T,_T,%d,%d,PERSONS\n", yr, tf + tm);
  }
  OdLoadReport lr;
  if (!rc) rc = od_load_csv(db, who, "DF_TRAINING", "demo training.csv", csv.p, csv.n, NULL, &lr);
  int64_t now = mj_now_ms() / 1000;
  if (!rc) rc = od_publish(db, who, "DF_TRAINING", NULL, "demonstration release", now, NULL);
  /* visitors: the twelve months before the anchor date, embargoed */
  if (!rc) rc = od_define_json(db, who, "demo visitors", visitors_def, sizeof visitors_def - 1, NULL);
  buf_reset(&csv);
  buf_puts(&csv, "DATAFLOW,FREQ,VISITOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\n");
  for (int k = 12; k >= 1; k--) {
    int yy = y, mm = mon - k;
    while (mm < 1) {
      mm += 12;
      yy--;
    }
    int s = 80 + (int)rng_below(&r, 400), p = 150 + (int)rng_below(&r, 300), o = 3 + (int)rng_below(&r, 12);
    buf_printf(&csv, "MAJLIS:DF_VISITORS(1.0),M,SCHOOL,%04d-%02d,%d,PERSONS\n", yy, mm, s);
    buf_printf(&csv, "MAJLIS:DF_VISITORS(1.0),M,PUBLIC,%04d-%02d,%d,PERSONS\n", yy, mm, p);
    buf_printf(&csv, "MAJLIS:DF_VISITORS(1.0),M,OFFICIAL,%04d-%02d,%d,PERSONS\n", yy, mm, o);
    buf_printf(&csv, "MAJLIS:DF_VISITORS(1.0),M,_T,%04d-%02d,%d,PERSONS\n", yy, mm, s + p + o);
  }
  if (!rc) rc = od_load_csv(db, who, "DF_VISITORS", "demo visitors.csv", csv.p, csv.n, NULL, &lr);
  buf_free(&csv);
  char rel[32];
  mj_iso8601((now / 86400 + 1) * 86400 + 9 * 3600, rel, sizeof rel); /* tomorrow, 09:00 UTC */
  if (!rc) rc = od_release_announce(db, who, "DF_VISITORS", rel, "زوار المجلس: الأشهر الاثنا عشر الماضية",
                                    "Visitors to the parliament: the last twelve months");
  if (!rc) rc = od_publish(db, who, "DF_VISITORS", rel, "monthly release (embargoed until 09:00 UTC)", now, NULL);
  return rc;
}
