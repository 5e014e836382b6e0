/*
** opendata_builtin.c: the dataflows Majlis computes from its own record
** (sittings, attendance, votes, speaking time, questions, documents and the
** paper they saved). A refresh recomputes each cube from closed sittings,
** compares it with the figures of the last refresh (a hash kept in meta) and
** publishes a new version only when they changed, with disclosure control
** for the flows made of personal data. Code lists that follow the record
** (bodies, sessions, members, parties) gain codes as the record grows and
** never lose one, so older versions stay valid. See doc/opendata.md.
*/
#include "opendata_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

/* ---- the flows ---- */
typedef struct BDim {
  const char *code;    /* concept */
  const char *cl;      /* code list (agency MAJLIS unless it starts with "SDMX:") */
} BDim;

typedef struct BFlow {
  const char *code, *dsd;
  const char *name_ar, *name_en, *name_az;
  const char *desc_ar, *desc_en, *desc_az;
  int threshold;       /* disclosure control (personal data), 0: none */
  const char *keywords;
  int ndims;
  BDim dims[5];
} BFlow;

#define KW(ar, en, az) "[{\"lang\":\"ar\",\"value\":\"" ar "\"},{\"lang\":\"en\",\"value\":\"" en "\"},{\"lang\":\"az\",\"value\":\"" az "\"}]"

static const BFlow flows[] = {
  {"DF_SITTINGS", "DSD_SITTINGS", "الجلسات", "Sittings", "İclaslar",
   "عدد الجلسات المنعقدة حسب الهيئة ونوع الجلسة ودور الانعقاد والسنة.",
   "Number of sittings held, by body, type of sitting, session and year.",
   "Keçirilmiş iclasların sayı: orqan, iclasın növü, sessiya və il üzrə.", 0,
   KW("جلسات", "sittings", "iclaslar"), 4,
   {{"FREQ", "SDMX:CL_FREQ"}, {"BODY", "CL_BODY"}, {"SITTING_TYPE", "CL_SITTING_TYPE"}, {"SESSION", "CL_SESSION"}}},
  {"DF_ATTENDANCE", "DSD_ATTENDANCE", "الحضور", "Attendance", "Davamiyyət",
   "عدد الجلسات التي حضرها كل عضو أو غاب عنها، حسب دور الانعقاد والسنة. بيانات شخصية: تُحجب الخلايا الصغيرة.",
   "Number of sittings each member attended or missed, by session and year. Personal data: small cells are suppressed.",
   "Hər üzvün iştirak etdiyi və ya buraxdığı iclasların sayı, sessiya və il üzrə. Şəxsi məlumat: kiçik xanalar gizlədilir.",
   3, KW("حضور", "attendance", "davamiyyət"), 4,
   {{"FREQ", "SDMX:CL_FREQ"}, {"MEMBER", "CL_MEMBER"}, {"SESSION", "CL_SESSION"}, {"ATTENDANCE", "CL_ATTENDANCE"}}},
  {"DF_VOTES", "DSD_VOTES", "عمليات التصويت ونتائجها", "Vote events and results", "Səsvermələr və nəticələri",
   "عمليات التصويت المغلقة ونتائجها وأعداد الأصوات حسب الهيئة ودور الانعقاد والسنة.",
   "Closed vote events, their results and the votes cast, by body, session and year.",
   "Bağlanmış səsvermələr, nəticələri və verilmiş səslər: orqan, sessiya və il üzrə.", 0,
   KW("تصويت", "votes", "səsvermə"), 4,
   {{"FREQ", "SDMX:CL_FREQ"}, {"BODY", "CL_BODY"}, {"SESSION", "CL_SESSION"}, {"VOTE_INDICATOR", "CL_VOTE_INDICATOR"}}},
  {"DF_SPEAKING_TIME", "DSD_SPEAKING_TIME", "مدة الكلام", "Speaking time", "Çıxış müddəti",
   "مدة كلام الأعضاء بالثواني حسب الهيئة والكتلة والعضو والسنة.",
   "Members' speaking time in seconds, by body, party or bloc, member and year.",
   "Üzvlərin çıxış müddəti (saniyə): orqan, partiya və ya blok, üzv və il üzrə.", 0,
   KW("مدة الكلام", "speaking time", "çıxış müddəti"), 4,
   {{"FREQ", "SDMX:CL_FREQ"}, {"BODY", "CL_BODY"}, {"PARTY", "CL_PARTY"}, {"MEMBER", "CL_MEMBER"}}},
  {"DF_QUESTIONS", "DSD_QUESTIONS", "الأسئلة", "Questions", "Suallar",
   "الأسئلة المطروحة في الجلسات والمدرجة في جدول الأعمال والإجابات عنها، حسب الهيئة والحالة والسنة.",
   "Questions asked in sittings and on the agenda, and answers, by body, status and year.",
   "İclaslarda verilmiş və gündəliyə daxil edilmiş suallar və cavablar: orqan, status və il üzrə.", 0,
   KW("أسئلة", "questions", "suallar"), 4,
   {{"FREQ", "SDMX:CL_FREQ"}, {"BODY", "CL_BODY"}, {"QUESTION_TYPE", "CL_QUESTION_TYPE"},
    {"QUESTION_STATUS", "CL_QUESTION_STATUS"}}},
  {"DF_DOCUMENTS", "DSD_DOCUMENTS", "الوثائق الموزعة رقمياً والورق الموفّر", "Documents distributed digitally and paper saved",
   "Rəqəmsal paylanmış sənədlər və qənaət edilmiş kağız",
   "وثائق الجلسات الموزعة على الأعضاء رقمياً، وصفحاتها ونسخها، والورق الذي كانت ستستهلكه لو طُبعت (صفحة لكل ورقة، نسخة لكل عضو، 4.99 غ للورقة A4).",
   "Sitting documents distributed to members digitally, their pages and copies, and the paper printing them would have "
   "used (one page per sheet, one copy per member, 4.99 g per A4 sheet).",
   "Üzvlərə rəqəmsal paylanmış iclas sənədləri, onların səhifələri və nüsxələri, çap olunsaydı sərf ediləcək kağız "
   "(vərəqə bir səhifə, hər üzvə bir nüsxə, A4 vərəqi 4,99 q).", 0,
   KW("ورق", "paper", "kağız"), 3,
   {{"FREQ", "SDMX:CL_FREQ"}, {"BODY", "CL_BODY"}, {"DOC_INDICATOR", "CL_DOC_INDICATOR"}}},
};

/* grams of one A4 sheet of 80 g/m² paper (0.210 m x 0.297 m x 80 g) */
#define SHEET_GRAMS 4.9896

/* ---- a small int64 -> code map ---- */
typedef struct IdCode {
  int64_t *id;
  const char **code;
  int n, cap;
} IdCode;

static void ic_put(IdCode *m, Arena *a, int64_t id, const char *code) {
  if (m->n == m->cap) {
    int cap = m->cap ? m->cap * 2 : 64;
    int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)cap);
    const char **codes = arena_alloc(a, sizeof *codes * (size_t)cap);
    if (m->n) {
      memcpy(ids, m->id, sizeof *ids * (size_t)m->n);
      memcpy(codes, m->code, sizeof *codes * (size_t)m->n);
    }
    m->id = ids;
    m->code = codes;
    m->cap = cap;
  }
  m->id[m->n] = id;
  m->code[m->n++] = code;
}

static const char *ic_get(const IdCode *m, int64_t id) {
  /* filled in id order: binary search */
  int lo = 0, hi = m->n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (m->id[mid] == id) return m->code[mid];
    if (m->id[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

static int ic_has_code(const IdCode *m, const char *code) {
  for (int i = 0; i < m->n; i++)
    if (strcmp(m->code[i], code) == 0) return 1;
  return 0;
}

/* A code from an external identifier: upper case, other characters as _;
** prefix+id when the identifier gives nothing usable or is taken. */
static const char *code_of(Arena *a, const IdCode *taken, const char *ident, const char *prefix, int64_t id) {
  char buf[51];
  size_t n = 0;
  int ok = ident && *ident;
  for (const char *p = ident; ok && *p && n < 50; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80) {
      ok = 0;
      break;
    }
    if (c >= 'a' && c <= 'z') c = (unsigned char)(c - 32);
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) c = '_';
    buf[n++] = (char)c;
  }
  buf[n] = 0;
  if (ok && ident[n]) ok = 0; /* longer than 50 */
  if (ok && !(buf[0] >= 'A' && buf[0] <= 'Z')) ok = 0;
  if (ok && ic_has_code(taken, buf)) ok = 0;
  return ok ? arena_strdup(a, buf) : arena_printf(a, "%s%lld", prefix, (long long)id);
}

/* ---- dynamic code lists ---- */
static int64_t codelist_ensure(Db *db, const char *code, const char *ar, const char *en, const char *az) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_codelist(agency, code, version, name_ar, name_en, name_az) "
                                 "VALUES('" OD_AGENCY "', ?1, '1.0', ?2, ?3, ?4) ON CONFLICT DO NOTHING");
  if (!st) return 0;
  od_bind_text(st, 1, code);
  od_bind_text(st, 2, ar);
  od_bind_text(st, 3, en);
  od_bind_text(st, 4, az);
  if (od_step_done(db, st, "adding a code list")) return 0;
  st = db_stmt(db, "SELECT id FROM od_codelist WHERE agency='" OD_AGENCY "' AND code=?1 AND version='1.0'");
  if (!st) return 0;
  od_bind_text(st, 1, code);
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  return id;
}

/* Adds the code or refreshes its labels (a built-in code list follows the
** names in the record; codes are never removed). */
static int code_ensure(Db *db, int64_t cl, const char *code, const char *parent, int pos, const char *ar, const char *en,
                       const char *az) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az) "
                                 "VALUES(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(codelist_id, code) DO UPDATE SET "
                                 "name_ar=excluded.name_ar, name_en=excluded.name_en, name_az=excluded.name_az, "
                                 "position=excluded.position WHERE name_ar IS NOT excluded.name_ar OR "
                                 "name_en IS NOT excluded.name_en OR name_az IS NOT excluded.name_az OR "
                                 "position IS NOT excluded.position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, cl);
  od_bind_text(st, 2, code);
  od_bind_text(st, 3, parent);
  sqlite3_bind_int(st, 4, pos);
  od_bind_text(st, 5, ar && *ar ? ar : (en ? en : code));
  od_bind_text(st, 6, en);
  od_bind_text(st, 7, az);
  return od_step_done(db, st, "adding a code");
}

typedef struct Codes {
  IdCode body, session, member, party;
} Codes;

static int sync_codelists(Db *db, Arena *a, Codes *c) {
  memset(c, 0, sizeof *c);
  int64_t cl = codelist_ensure(db, "CL_BODY", "الهيئات", "Bodies", "Orqanlar");
  if (!cl) return MJ_EIO;
  int rc = MJ_OK, pos = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, ident, name_ar, name_en, name_az FROM organization o WHERE "
                                 "classification IN ('legislature','chamber','committee','parliament') OR "
                                 "EXISTS(SELECT 1 FROM sitting s WHERE s.body_id=o.id) ORDER BY id");
  if (!st) return MJ_EIO;
  typedef struct Row {
    int64_t id;
    const char *ident, *ar, *en, *az;
  } Row;
  Row *rows = NULL;
  int n = 0, cap = 0;
#define READ_ROWS()                                                                   \
  n = 0;                                                                              \
  while (sqlite3_step(st) == SQLITE_ROW) {                                            \
    if (n == cap) {                                                                   \
      cap = cap ? cap * 2 : 64;                                                       \
      Row *g = arena_alloc(a, sizeof *g * (size_t)cap);                               \
      if (n) memcpy(g, rows, sizeof *g * (size_t)n);                                  \
      rows = g;                                                                       \
    }                                                                                 \
    rows[n] = (Row){sqlite3_column_int64(st, 0), od_col(a, st, 1), od_col(a, st, 2),  \
                    od_col(a, st, 3), od_col(a, st, 4)};                              \
    n++;                                                                              \
  }                                                                                   \
  db_done(st)
  READ_ROWS();
  for (int i = 0; i < n && !rc; i++) {
    const char *code = code_of(a, &c->body, rows[i].ident, "B", rows[i].id);
    ic_put(&c->body, a, rows[i].id, code);
    rc = code_ensure(db, cl, code, NULL, ++pos, rows[i].ar, rows[i].en, rows[i].az);
  }
  if (rc) return rc;
  /* sessions: T<term>_<O|X><number> */
  if (!(cl = codelist_ensure(db, "CL_SESSION", "أدوار الانعقاد", "Sessions", "Sessiyalar"))) return MJ_EIO;
  if ((rc = code_ensure(db, cl, "_T", NULL, 0, "جميع أدوار الانعقاد", "All sessions", "Bütün sessiyalar"))) return rc;
  if ((rc = code_ensure(db, cl, "_Z", NULL, 1, "خارج أدوار الانعقاد", "Outside a session", "Sessiyadan kənar"))) return rc;
  st = db_stmt(db, "SELECT s.id, t.number, s.kind, s.number FROM session s JOIN term t ON t.id=s.term_id ORDER BY s.id");
  if (!st) return MJ_EIO;
  pos = 1;
  while (sqlite3_step(st) == SQLITE_ROW && !rc) {
    int64_t id = sqlite3_column_int64(st, 0);
    int term = sqlite3_column_int(st, 1), num = sqlite3_column_int(st, 3);
    int ord = strcmp((const char *)sqlite3_column_text(st, 2), "ordinary") == 0;
    const char *code = arena_printf(a, "T%d_%c%d", term, ord ? 'O' : 'X', num);
    if (ic_has_code(&c->session, code)) code = arena_printf(a, "S%lld", (long long)id);
    ic_put(&c->session, a, id, code);
    /* the code list is written after this statement is done */
  }
  db_done(st);
  st = db_stmt(db, "SELECT s.id, t.number, s.kind, s.number FROM session s JOIN term t ON t.id=s.term_id ORDER BY s.id");
  if (!st) return MJ_EIO;
  typedef struct SRow {
    int64_t id;
    int term, ord, num;
  } SRow;
  SRow *srows = arena_alloc(a, sizeof *srows * (size_t)(c->session.n ? c->session.n : 1));
  int ns = 0;
  while (sqlite3_step(st) == SQLITE_ROW && ns < c->session.n)
    srows[ns++] = (SRow){sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                         strcmp((const char *)sqlite3_column_text(st, 2), "ordinary") == 0, sqlite3_column_int(st, 3)};
  db_done(st);
  for (int i = 0; i < ns && !rc; i++) {
    const SRow *r = &srows[i];
    rc = code_ensure(db, cl, ic_get(&c->session, r->id), NULL, ++pos,
                     arena_printf(a, "الفصل التشريعي %d، دور الانعقاد %s %d", r->term, r->ord ? "العادي" : "غير العادي", r->num),
                     arena_printf(a, "Term %d, %s session %d", r->term, r->ord ? "ordinary" : "extraordinary", r->num),
                     arena_printf(a, "%d-ci çağırış, %s sessiya %d", r->term, r->ord ? "növbəti" : "növbədənkənar", r->num));
  }
  if (rc) return rc;
  /* members: everyone who attended, spoke or voted */
  if (!(cl = codelist_ensure(db, "CL_MEMBER", "الأعضاء", "Members", "Üzvlər"))) return MJ_EIO;
  if ((rc = code_ensure(db, cl, "_T", NULL, 0, "جميع الأعضاء", "All members", "Bütün üzvlər"))) return rc;
  st = db_stmt(db, "SELECT id, ident, name_ar, name_en, name_az FROM person p WHERE "
                   "EXISTS(SELECT 1 FROM attendance a WHERE a.person_id=p.id) OR "
                   "EXISTS(SELECT 1 FROM speech s WHERE s.person_id=p.id) OR "
                   "EXISTS(SELECT 1 FROM membership m JOIN organization o ON o.id=m.organization_id "
                   "WHERE m.person_id=p.id AND o.classification IN ('chamber','committee','legislature')) ORDER BY id");
  if (!st) return MJ_EIO;
  READ_ROWS();
  pos = 0;
  for (int i = 0; i < n && !rc; i++) {
    const char *code = code_of(a, &c->member, rows[i].ident, "P", rows[i].id);
    if (strcmp(code, "_T") == 0) code = arena_printf(a, "P%lld", (long long)rows[i].id);
    ic_put(&c->member, a, rows[i].id, code);
    rc = code_ensure(db, cl, code, "_T", ++pos, rows[i].ar, rows[i].en, rows[i].az);
  }
  if (rc) return rc;
  /* parties and blocs */
  if (!(cl = codelist_ensure(db, "CL_PARTY", "الكتل والأحزاب", "Parties and blocs", "Partiyalar və bloklar"))) return MJ_EIO;
  if ((rc = code_ensure(db, cl, "_T", NULL, 0, "الجميع", "All", "Hamısı"))) return rc;
  if ((rc = code_ensure(db, cl, "_Z", "_T", 1, "بلا كتلة", "No party or bloc", "Partiyasız"))) return rc;
  st = db_stmt(db, "SELECT id, ident, name_ar, name_en, name_az FROM organization WHERE classification IN ('party','bloc') "
                   "ORDER BY id");
  if (!st) return MJ_EIO;
  READ_ROWS();
#undef READ_ROWS
  pos = 1;
  for (int i = 0; i < n && !rc; i++) {
    const char *code = code_of(a, &c->party, rows[i].ident, "G", rows[i].id);
    ic_put(&c->party, a, rows[i].id, code);
    rc = code_ensure(db, cl, code, "_T", ++pos, rows[i].ar, rows[i].en, rows[i].az);
  }
  return rc;
}

/* ---- structures of the built-in flows ---- */
static int64_t cl_id(Db *db, const char *ref) {
  const char *agency = OD_AGENCY, *code = ref;
  if (mj_startswith(ref, "SDMX:")) {
    agency = "SDMX";
    code = ref + 5;
  }
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM od_codelist WHERE agency=?1 AND code=?2 ORDER BY id DESC LIMIT 1");
  if (!st) return 0;
  od_bind_text(st, 1, agency);
  od_bind_text(st, 2, code);
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  return id;
}

static int add_comp(Db *db, int64_t dsd, const char *code, const char *kind, int pos, int64_t cl, const char *att, int req) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_component(dsd_id, code, kind, position, codelist_id, attachment, required) "
                                 "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, dsd);
  od_bind_text(st, 2, code);
  od_bind_text(st, 3, kind);
  sqlite3_bind_int(st, 4, pos);
  if (cl) sqlite3_bind_int64(st, 5, cl);
  od_bind_text(st, 6, att);
  sqlite3_bind_int(st, 7, req);
  return od_step_done(db, st, "adding a component");
}

/* ---- the data contact (DCAT-AP dcat:contactPoint) ---- */

void od_data_contact(Db *db, Arena *a, const char **name, const char **email) {
  char *n = db_meta_get(db, "opendata_contact_name"), *e = db_meta_get(db, "opendata_contact_email");
  if (n && *n) {
    *name = arena_strdup(a, n);
  } else {
    char *inst = db_meta_get(db, "instance_name");
    *name = inst && *inst ? arena_printf(a, "Secretariat — %s", inst) : "Secretariat";
    free(inst);
  }
  *email = e && *e ? arena_strdup(a, e) : NULL;
  free(n);
  free(e);
}

int od_builtin_contact_sync(Db *db, const Actor *who) {
  Arena *a = arena_new();
  const char *name, *email;
  od_data_contact(db, a, &name, &email);
  int rc = MJ_EIO;
  sqlite3_stmt *st = db_stmt(db, "UPDATE od_dataflow SET contact_name=?1, contact_email=?2 WHERE builtin=1 AND "
                                 "(contact_name IS NOT ?1 OR contact_email IS NOT ?2)");
  if (st) {
    od_bind_text(st, 1, name);
    od_bind_text(st, 2, email);
    rc = od_step_done(db, st, "setting the contact of the built-in dataflows");
  }
  if (!rc && sqlite3_changes(db_handle(db)) > 0)
    rc = audit_append(db, who, "dataset.update", "builtin", "the built-in dataflows' contact is now %s%s%s%s", name,
                      email ? " <" : "", email ? email : "", email ? ">" : "");
  arena_free(a);
  return rc;
}

/* The flow's id, creating its structure and row on first use. */
static int flow_ensure(Db *db, const Actor *who, const BFlow *b, int64_t now, int64_t *fid) {
  *fid = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM od_dataflow WHERE agency='" OD_AGENCY "' AND code=?1");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, b->code);
  *fid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  if (*fid) return MJ_OK;
  st = db_stmt(db, "INSERT INTO od_dsd(agency, code, version, name_ar, name_en, name_az) VALUES('" OD_AGENCY "',?1,'1.0',?2,?3,?4)");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, b->dsd);
  od_bind_text(st, 2, b->name_ar);
  od_bind_text(st, 3, b->name_en);
  od_bind_text(st, 4, b->name_az);
  int rc = od_step_done(db, st, "adding a built-in structure");
  if (rc) return rc;
  int64_t dsd = sqlite3_last_insert_rowid(db_handle(db));
  for (int i = 0; i < b->ndims && !rc; i++) {
    int64_t cl = cl_id(db, b->dims[i].cl);
    if (!cl) return mj_fail(MJ_EINTERNAL, "the code list %s of %s is missing", b->dims[i].cl, b->code);
    rc = add_comp(db, dsd, b->dims[i].code, "dimension", i + 1, cl, NULL, 0);
  }
  if (!rc) rc = add_comp(db, dsd, "TIME_PERIOD", "time", b->ndims + 1, 0, NULL, 1);
  if (!rc) rc = add_comp(db, dsd, "OBS_VALUE", "measure", 1, 0, NULL, 0);
  if (!rc) rc = add_comp(db, dsd, "UNIT_MEASURE", "attribute", 1, cl_id(db, "CL_UNIT"), "series", 1);
  if (!rc) rc = add_comp(db, dsd, "OBS_STATUS", "attribute", 100, cl_id(db, "SDMX:CL_OBS_STATUS"), "observation", 0);
  if (!rc) rc = add_comp(db, dsd, "CONF_STATUS", "attribute", 101, cl_id(db, "SDMX:CL_CONF_STATUS"), "observation", 0);
  if (rc) return rc;
  char at[32];
  mj_iso8601(now, at, sizeof at);
  st = db_stmt(db, "INSERT INTO od_dataflow(agency, code, dsd_id, name_ar, name_en, name_az, description_ar, description_en, "
                   "description_az, access, themes, keywords, license, builtin, sdc_threshold, created_at, created_by, "
                   "contact_name, contact_email) "
                   "VALUES('" OD_AGENCY "',?1,?2,?3,?4,?5,?6,?7,?8,'public','[\"GOVE\"]',?9,"
                   "'https://creativecommons.org/licenses/by/4.0/',1,?10,?11,?12,?13,?14)");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, b->code);
  sqlite3_bind_int64(st, 2, dsd);
  od_bind_text(st, 3, b->name_ar);
  od_bind_text(st, 4, b->name_en);
  od_bind_text(st, 5, b->name_az);
  od_bind_text(st, 6, b->desc_ar);
  od_bind_text(st, 7, b->desc_en);
  od_bind_text(st, 8, b->desc_az);
  od_bind_text(st, 9, b->keywords);
  if (b->threshold) sqlite3_bind_int(st, 10, b->threshold);
  od_bind_text(st, 11, at);
  od_bind_text(st, 12, who->user_name);
  Arena *ca = arena_new();
  const char *cname, *cemail;
  od_data_contact(db, ca, &cname, &cemail);
  od_bind_text(st, 13, cname);
  od_bind_text(st, 14, cemail);
  rc = od_step_done(db, st, "adding a built-in dataflow");
  arena_free(ca);
  if (rc) return rc;
  *fid = sqlite3_last_insert_rowid(db_handle(db));
  return audit_append(db, who, "dataset.define", b->code, "defined the built-in dataflow %s:%s", OD_AGENCY, b->code);
}

/* ---- cubes ---- */
typedef struct Cell {
  const char *key, *period, *unit;
  double value;
} Cell;

typedef struct Cube {
  Arena *a;
  Cell *c;
  int n, cap;
  const char **hk; /* key|period -> index+1 */
  int *hv;
  size_t hcap;
} Cube;

static uint64_t fnv(const char *s, uint64_t h) {
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static void cube_free(Cube *q) {
  free(q->hk);
  free(q->hv);
  memset(q, 0, sizeof *q);
}

static void cube_rehash(Cube *q) {
  size_t cap = q->hcap ? q->hcap * 2 : 1024;
  free(q->hk);
  free(q->hv);
  q->hk = xcalloc(cap, sizeof *q->hk);
  q->hv = xcalloc(cap, sizeof *q->hv);
  q->hcap = cap;
  for (int i = 0; i < q->n; i++) {
    const char *k = arena_printf(q->a, "%s|%s", q->c[i].key, q->c[i].period);
    size_t j = fnv(k, 1469598103934665603ull) & (cap - 1);
    while (q->hk[j]) j = (j + 1) & (cap - 1);
    q->hk[j] = k;
    q->hv[j] = i + 1;
  }
}

/* Adds v to the cell key/period (created at 0 when new). */
static void cube_add(Cube *q, const char *key, const char *period, const char *unit, double v) {
  if ((size_t)(q->n + 1) * 2 > q->hcap) cube_rehash(q);
  char k[600];
  snprintf(k, sizeof k, "%s|%s", key, period);
  size_t j = fnv(k, 1469598103934665603ull) & (q->hcap - 1);
  while (q->hk[j]) {
    if (strcmp(q->hk[j], k) == 0) {
      q->c[q->hv[j] - 1].value += v;
      return;
    }
    j = (j + 1) & (q->hcap - 1);
  }
  if (q->n == q->cap) {
    q->cap = q->cap ? q->cap * 2 : 256;
    Cell *g = arena_alloc(q->a, sizeof *g * (size_t)q->cap);
    if (q->n) memcpy(g, q->c, sizeof *g * (size_t)q->n);
    q->c = g;
  }
  q->c[q->n] = (Cell){arena_strdup(q->a, key), arena_strdup(q->a, period), unit, v};
  q->hk[j] = arena_strdup(q->a, k);
  q->hv[j] = ++q->n;
}

static const char *sess(const Codes *c, int64_t id) {
  const char *s = id ? ic_get(&c->session, id) : NULL;
  return s ? s : "_Z";
}
static const char *body(const Codes *c, int64_t id) {
  const char *s = ic_get(&c->body, id);
  return s ? s : "_Z";
}
static const char *member(const Codes *c, int64_t id) { return ic_get(&c->member, id); }
static const char *party(const Codes *c, int64_t id) {
  const char *s = id ? ic_get(&c->party, id) : NULL;
  return s ? s : "_Z";
}

#define K(...) arena_printf(q->a, __VA_ARGS__)

static int cube_sittings(Db *db, const Codes *c, Cube *q) {
  sqlite3_stmt *st = db_stmt(db, "SELECT s.body_id, coalesce(s.session_id,0), coalesce(se.kind,''), substr(s.date,1,4), "
                                 "count(*) FROM sitting s LEFT JOIN session se ON se.id=s.session_id "
                                 "WHERE s.status='closed' GROUP BY 1,2,3,4");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *kind = (const char *)sqlite3_column_text(st, 2);
    const char *type = !*kind ? "_Z" : strcmp(kind, "ordinary") == 0 ? "ORDINARY" : "EXTRAORDINARY";
    cube_add(q, K("A.%s.%s.%s", body(c, sqlite3_column_int64(st, 0)), type, sess(c, sqlite3_column_int64(st, 1))),
             (const char *)sqlite3_column_text(st, 3), "SITTINGS", sqlite3_column_double(st, 4));
  }
  db_done(st);
  return MJ_OK;
}

static int cube_attendance(Db *db, const Codes *c, Cube *q) {
  sqlite3_stmt *st = db_stmt(db, "SELECT a.person_id, coalesce(s.session_id,0), a.status, substr(s.date,1,4), count(*) "
                                 "FROM attendance a JOIN sitting s ON s.id=a.sitting_id WHERE s.status='closed' "
                                 "GROUP BY 1,2,3,4");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *m = member(c, sqlite3_column_int64(st, 0));
    if (!m) continue;
    const char *se = sess(c, sqlite3_column_int64(st, 1));
    const char *status = (const char *)sqlite3_column_text(st, 2);
    const char *a = status[0] == 'p' ? "PRESENT" : status[0] == 'e' ? "EXCUSED" : "ABSENT";
    const char *y = (const char *)sqlite3_column_text(st, 3);
    double v = sqlite3_column_double(st, 4);
    /* the cell and its totals over members, sessions and status */
    const char *ms[2] = {m, "_T"}, *ss[2] = {se, "_T"}, *as[2] = {a, "_T"};
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++)
        for (int k = 0; k < 2; k++) cube_add(q, K("A.%s.%s.%s", ms[i], ss[j], as[k]), y, "SITTINGS", v);
  }
  db_done(st);
  return MJ_OK;
}

static int cube_votes(Db *db, const Codes *c, Cube *q) {
  sqlite3_stmt *st = db_stmt(db,
                             "SELECT s.body_id, coalesce(s.session_id,0), substr(s.date,1,4), count(*), "
                             "sum(v.result='pass'), sum(v.result='fail'), "
                             "sum(coalesce(v.yes_count, (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id AND b.option='yes'))), "
                             "sum(coalesce(v.no_count, (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id AND b.option='no'))), "
                             "sum(coalesce(v.abstain_count, (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id AND b.option='abstain'))) "
                             "FROM vote_event v JOIN sitting s ON s.id=v.sitting_id "
                             "WHERE v.status='closed' AND s.status='closed' GROUP BY 1,2,3");
  if (!st) return MJ_EIO;
  static const char *ind[] = {"VOTE_EVENTS", "PASSED", "FAILED", "YES", "NO", "ABSTAIN"};
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *b = body(c, sqlite3_column_int64(st, 0)), *se = sess(c, sqlite3_column_int64(st, 1));
    const char *y = (const char *)sqlite3_column_text(st, 2);
    for (int i = 0; i < 6; i++) cube_add(q, K("A.%s.%s.%s", b, se, ind[i]), y, "VOTES", sqlite3_column_double(st, 3 + i));
  }
  db_done(st);
  return MJ_OK;
}

/* "HH:MM[:SS]" -> seconds of the day, -1 if not a time. */
static int tod(const char *s) {
  if (!s || strlen(s) < 5 || s[2] != ':') return -1;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0'), sec = 0;
  if (s[5] == ':' && s[6] && s[7]) sec = (s[6] - '0') * 10 + (s[7] - '0');
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return -1;
  return h * 3600 + m * 60 + sec;
}

int od_speech_seconds(int64_t media_start, int64_t media_end, int have_media, const char *start, const char *end,
                      const char *next_start, int *secs) {
  *secs = 0;
  int d = -1;
  if (have_media && media_end > media_start) d = (int)((media_end - media_start + 500) / 1000);
  else if (tod(start) >= 0 && tod(end) > tod(start)) d = tod(end) - tod(start);
  else if (tod(start) >= 0 && tod(next_start) >= tod(start)) d = tod(next_start) - tod(start);
  if (d < 0) d = 0;
  if (d > 7200) d = 7200;
  *secs = d;
  return MJ_OK;
}

static int cube_speaking(Db *db, const Codes *c, Cube *q) {
  sqlite3_stmt *st = db_stmt(
      db, "SELECT sp.sitting_id, sp.person_id, sp.kind, sp.start_time, sp.end_time, sp.media_start_ms, sp.media_end_ms, "
          "s.body_id, substr(s.date,1,4), "
          "coalesce((SELECT m.on_behalf_of_id FROM membership m WHERE m.person_id=sp.person_id AND m.on_behalf_of_id IS NOT NULL "
          "  AND m.start_date<=s.date AND (m.end_date IS NULL OR m.end_date>=s.date) ORDER BY m.start_date DESC LIMIT 1), "
          " (SELECT m.organization_id FROM membership m JOIN organization o ON o.id=m.organization_id WHERE "
          "  m.person_id=sp.person_id AND o.classification IN ('party','bloc') AND m.start_date<=s.date AND "
          "  (m.end_date IS NULL OR m.end_date>=s.date) ORDER BY m.start_date DESC LIMIT 1), 0) "
          "FROM public_speech sp JOIN sitting s ON s.id=sp.sitting_id WHERE s.status='closed' ORDER BY sp.sitting_id, sp.position");
  if (!st) return MJ_EIO;
  /* each speech needs the next one's start: hold one row back */
  typedef struct Sp {
    int64_t sitting, person, body, party, ms0, ms1;
    int have_media, counts;
    char start[16], end[16], year[8];
  } Sp;
  Sp prev, cur;
  int have = 0;
  for (;;) {
    int row = sqlite3_step(st) == SQLITE_ROW;
    if (row) {
      memset(&cur, 0, sizeof cur);
      cur.sitting = sqlite3_column_int64(st, 0);
      cur.person = sqlite3_column_int64(st, 1);
      const char *kind = (const char *)sqlite3_column_text(st, 2);
      cur.counts = cur.person && (!strcmp(kind, "speech") || !strcmp(kind, "question") || !strcmp(kind, "answer"));
      const char *s0 = (const char *)sqlite3_column_text(st, 3), *s1 = (const char *)sqlite3_column_text(st, 4);
      mj_strlcpy(cur.start, s0 ? s0 : "", sizeof cur.start);
      mj_strlcpy(cur.end, s1 ? s1 : "", sizeof cur.end);
      cur.have_media = sqlite3_column_type(st, 5) != SQLITE_NULL && sqlite3_column_type(st, 6) != SQLITE_NULL;
      cur.ms0 = sqlite3_column_int64(st, 5);
      cur.ms1 = sqlite3_column_int64(st, 6);
      cur.body = sqlite3_column_int64(st, 7);
      const char *y = (const char *)sqlite3_column_text(st, 8);
      mj_strlcpy(cur.year, y ? y : "", sizeof cur.year);
      cur.party = sqlite3_column_int64(st, 9);
    }
    if (have && prev.counts) {
      const char *next = row && cur.sitting == prev.sitting ? cur.start : "";
      int secs;
      od_speech_seconds(prev.ms0, prev.ms1, prev.have_media, prev.start, prev.end, next, &secs);
      const char *m = member(c, prev.person);
      if (m) {
        const char *b = body(c, prev.body), *p = party(c, prev.party);
        cube_add(q, K("A.%s.%s.%s", b, p, m), prev.year, "SECONDS", secs);
        cube_add(q, K("A.%s.%s._T", b, p), prev.year, "SECONDS", secs);
        cube_add(q, K("A.%s._T.%s", b, m), prev.year, "SECONDS", secs);
        cube_add(q, K("A.%s._T._T", b), prev.year, "SECONDS", secs);
      }
    }
    if (!row) break;
    prev = cur;
    have = 1;
  }
  db_done(st);
  return MJ_OK;
}

static int cube_questions(Db *db, const Codes *c, Cube *q) {
  /* the public record only (view public_speech, pubrec.h): never a draft */
  sqlite3_stmt *st = db_stmt(db, "SELECT s.body_id, substr(s.date,1,4), EXISTS(SELECT 1 FROM public_speech a WHERE "
                                 "a.sitting_id=x.sitting_id AND a.kind='answer' AND a.agenda_item_id IS x.agenda_item_id "
                                 "AND a.position>x.position), count(*) FROM public_speech x JOIN sitting s ON s.id=x.sitting_id "
                                 "WHERE x.kind='question' AND s.status='closed' GROUP BY 1,2,3");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW)
    cube_add(q, K("A.%s.ORAL.%s", body(c, sqlite3_column_int64(st, 0)), sqlite3_column_int(st, 2) ? "ANSWERED" : "UNANSWERED"),
             (const char *)sqlite3_column_text(st, 1), "QUESTIONS", sqlite3_column_double(st, 3));
  db_done(st);
  st = db_stmt(db, "SELECT s.body_id, substr(s.date,1,4), count(*) FROM public_speech x JOIN sitting s ON s.id=x.sitting_id "
                   "WHERE x.kind='answer' AND s.status='closed' GROUP BY 1,2");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW)
    cube_add(q, K("A.%s.ANSWER._Z", body(c, sqlite3_column_int64(st, 0))), (const char *)sqlite3_column_text(st, 1),
             "QUESTIONS", sqlite3_column_double(st, 2));
  db_done(st);
  st = db_stmt(db, "SELECT s.body_id, substr(s.date,1,4), EXISTS(SELECT 1 FROM public_speech a WHERE a.agenda_item_id=i.id AND "
                   "a.kind='answer'), count(*) FROM agenda_item i JOIN sitting s ON s.id=i.sitting_id "
                   "WHERE i.kind='question' AND s.status='closed' GROUP BY 1,2,3");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW)
    cube_add(q, K("A.%s.AGENDA.%s", body(c, sqlite3_column_int64(st, 0)), sqlite3_column_int(st, 2) ? "ANSWERED" : "UNANSWERED"),
             (const char *)sqlite3_column_text(st, 1), "QUESTIONS", sqlite3_column_double(st, 3));
  db_done(st);
  return MJ_OK;
}

static int cube_documents(Db *db, const Codes *c, Cube *q) {
  static const char *ind[] = {"DOCUMENTS", "PAGES", "COPIES", "SHEETS_SAVED", "PAPER_KG"};
  static const char *unit[] = {"DOCUMENTS", "PAGES", "NUMBER", "SHEETS", "KG"};
  /* every body and year with closed sittings has its row, zero included */
  sqlite3_stmt *st = db_stmt(db, "SELECT DISTINCT body_id, substr(date,1,4) FROM sitting WHERE status='closed'");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW)
    for (int i = 0; i < 5; i++)
      cube_add(q, K("A.%s.%s", body(c, sqlite3_column_int64(st, 0)), ind[i]), (const char *)sqlite3_column_text(st, 1),
               unit[i], 0);
  db_done(st);
  /* per sitting: its documents (newest version's pages) and the members of
  ** its body on the day (else the body's seats) */
  st = db_stmt(db, "SELECT s.body_id, substr(s.date,1,4), count(*), sum(dv.pages), "
                   "coalesce(nullif((SELECT count(DISTINCT m.person_id) FROM membership m WHERE m.organization_id=s.body_id "
                   "  AND m.start_date<=s.date AND (m.end_date IS NULL OR m.end_date>=s.date)),0), "
                   "  (SELECT seats FROM organization WHERE id=s.body_id), 0) "
                   "FROM sitting s JOIN agenda_item i ON i.sitting_id=s.id JOIN document d ON d.agenda_item_id=i.id "
                   "JOIN document_version dv ON dv.document_id=d.id AND "
                   "  dv.version=(SELECT max(version) FROM document_version WHERE document_id=d.id) "
                   "WHERE s.status='closed' GROUP BY s.id");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *b = body(c, sqlite3_column_int64(st, 0)), *y = (const char *)sqlite3_column_text(st, 1);
    double docs = sqlite3_column_double(st, 2), pages = sqlite3_column_double(st, 3), members = sqlite3_column_double(st, 4);
    double v[5] = {docs, pages, docs * members, pages * members, pages * members * SHEET_GRAMS / 1000.0};
    for (int i = 0; i < 5; i++) cube_add(q, K("A.%s.%s", b, ind[i]), y, unit[i], v[i]);
  }
  db_done(st);
  /* kilograms to three decimals */
  for (int i = 0; i < q->n; i++)
    if (strcmp(q->c[i].unit, "KG") == 0) q->c[i].value = (double)(int64_t)(q->c[i].value * 1000 + 0.5) / 1000.0;
  return MJ_OK;
}
#undef K

typedef int (*CubeFn)(Db *, const Codes *, Cube *);
static const CubeFn cube_fns[] = {cube_sittings, cube_attendance, cube_votes, cube_speaking, cube_questions, cube_documents};

static int cmp_cell(const void *x, const void *y) {
  const Cell *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  return c ? c : strcmp(a->period, b->period);
}

/* Writes the cube as a new version and publishes it at once. */
static int write_version(Db *db, const Actor *who, const BFlow *b, int64_t fid, Cube *q, int64_t now, const char *hash) {
  Arena *a = arena_new();
  const char *v = od_next_version(db, a, fid);
  char at[32];
  mj_iso8601(now, at, sizeof at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_version(dataflow_id, version, status, note, created_at, updated_at) "
                                 "VALUES(?1,?2,'draft','refreshed from the record',?3,?3)");
  int rc = st ? MJ_OK : MJ_EIO;
  if (!rc) {
    sqlite3_bind_int64(st, 1, fid);
    od_bind_text(st, 2, v);
    od_bind_text(st, 3, at);
    rc = od_step_done(db, st, "adding a built-in version");
  }
  int64_t vid = sqlite3_last_insert_rowid(db_handle(db));
  int64_t sid = 0;
  const char *last = NULL;
  for (int i = 0; i < q->n && !rc; i++) {
    const Cell *cell = &q->c[i];
    if (!last || strcmp(last, cell->key) != 0) {
      st = db_stmt(db, "INSERT INTO od_series(version_id, key, attrs) VALUES(?1,?2,json_object('UNIT_MEASURE',?3))");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, vid);
      od_bind_text(st, 2, cell->key);
      od_bind_text(st, 3, cell->unit);
      if ((rc = od_step_done(db, st, "adding a series"))) break;
      sid = sqlite3_last_insert_rowid(db_handle(db));
      last = cell->key;
    }
    char ps[11], pe[11], fq;
    if ((rc = od_period_parse(cell->period, ps, pe, &fq))) break;
    st = db_stmt(db, "INSERT INTO od_obs(series_id, period, period_start, period_end, value, updated_at) VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, sid);
    od_bind_text(st, 2, cell->period);
    od_bind_text(st, 3, ps);
    od_bind_text(st, 4, pe);
    sqlite3_bind_double(st, 5, cell->value);
    sqlite3_bind_int64(st, 6, now);
    rc = od_step_done(db, st, "adding an observation");
  }
  OdSdcReport sdc;
  memset(&sdc, 0, sizeof sdc);
  if (!rc) rc = od_freeze(db, who, vid, b->threshold, at, NULL, now, &sdc);
  if (!rc) rc = db_meta_set(db, arena_printf(a, "od_builtin_hash:%s", b->code), hash);
  if (!rc)
    rc = audit_append(db, who, "dataset.refresh", b->code, "published %s:%s version %s from the record: %d observations "
                      "(%d cells suppressed: %d primary, %d secondary)", OD_AGENCY, b->code, v, q->n,
                      sdc.primary + sdc.secondary, sdc.primary, sdc.secondary);
  arena_free(a);
  return rc;
}

static const Actor system_actor = {0, "system", "local", CAP_READ_PUBLIC | CAP_DATA | CAP_DATA_READ};

char *od_record_marker(Db *db, Arena *a) {
  sqlite3_stmt *st = db_stmt(
      db, "SELECT (SELECT count(*) || '.' || coalesce(max(id),0) || '.' || coalesce(sum(status='closed'),0) FROM sitting) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(sum(status='present'),0) FROM attendance) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) || '.' || coalesce(sum(version),0) FROM speech) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) || '.' || coalesce(sum(status='closed'),0) FROM vote_event) "
          "|| ':' || (SELECT count(*) FROM ballot) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM agenda_item) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM document_version) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM membership) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM person) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM organization) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM session) "
          "|| ':' || (SELECT count(*) || '.' || coalesce(max(id),0) FROM edition)");
  if (!st) return NULL;
  char *s = sqlite3_step(st) == SQLITE_ROW ? (char *)od_col(a, st, 0) : NULL;
  db_done(st);
  return s;
}

int od_builtin_refresh(Db *db, const Actor *who, int64_t now, OdRefreshReport *r) {
  OdRefreshReport none;
  if (!r) r = &none;
  memset(r, 0, sizeof *r);
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may refresh the built-in datasets");
  Arena *a = arena_new();
  int rc = db_begin(db);
  if (rc) {
    arena_free(a);
    return rc;
  }
  Codes codes;
  rc = sync_codelists(db, a, &codes);
  if (!rc) rc = od_builtin_contact_sync(db, who); /* the flows that exist; new ones get it when made */
  for (size_t i = 0; i < MJ_COUNT(flows) && !rc; i++) {
    const BFlow *b = &flows[i];
    int64_t fid;
    if ((rc = flow_ensure(db, who, b, now, &fid))) break;
    if (od_draft_of(db, fid)) {
      rc = mj_fail(MJ_ECONFLICT, "the built-in dataflow %s has a draft; built-in flows are published by the refresh only", b->code);
      break;
    }
    Cube q = {a, NULL, 0, 0, NULL, NULL, 0};
    if ((rc = cube_fns[i](db, &codes, &q))) {
      cube_free(&q);
      break;
    }
    if (q.n) qsort(q.c, (size_t)q.n, sizeof *q.c, cmp_cell);
    /* the figures' fingerprint: unchanged figures make no new version */
    uint64_t h = 1469598103934665603ull;
    char num[64];
    for (int k = 0; k < q.n; k++) {
      snprintf(num, sizeof num, "|%.15g|", q.c[k].value);
      h = fnv(q.c[k].unit, fnv(num, fnv(q.c[k].period, fnv(q.c[k].key, h))));
    }
    char hash[24];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)h);
    char *old = db_meta_get(db, arena_printf(a, "od_builtin_hash:%s", b->code));
    int same = old && strcmp(old, hash) == 0 &&
               db_int(db, "SELECT count(*) FROM od_version WHERE dataflow_id=?1 AND status='published'", 1, fid, 0) > 0;
    free(old);
    r->flows++;
    if (same) r->unchanged++;
    else {
      rc = write_version(db, who, b, fid, &q, now, hash);
      r->versions++;
    }
    cube_free(&q);
  }
  char *marker = rc ? NULL : od_record_marker(db, a);
  if (!rc && marker) rc = db_meta_set(db, "od_record_marker", marker);
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  arena_free(a);
  return rc;
}

static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t refresh_checked;

int od_builtin_maybe_refresh(Db *db, int64_t now, int min_interval) {
  pthread_mutex_lock(&refresh_lock);
  int due = refresh_checked == 0 || now - refresh_checked >= min_interval;
  if (due) refresh_checked = now;
  pthread_mutex_unlock(&refresh_lock);
  if (!due) return MJ_OK;
  Arena *a = arena_new();
  char *marker = od_record_marker(db, a);
  char *old = db_meta_get(db, "od_record_marker");
  int changed = !marker || !old || strcmp(marker, old) != 0;
  free(old);
  arena_free(a);
  if (!changed) return MJ_OK;
  int rc = od_builtin_refresh(db, &system_actor, now, NULL);
  if (rc) log_warn("refreshing the built-in datasets: %s", mj_errmsg());
  return rc;
}
