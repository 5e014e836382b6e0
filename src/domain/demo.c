/*
** demo.c: builds the demonstration parliament: a 40-seat chamber with
** parliamentary blocs, five standing committees, a legislative term with
** its sessions, and a dozen sittings around the anchor date (past ones
** closed, with agendas, attendance, speeches and roll-call votes; future
** ones scheduled with their agendas). Everything is drawn from one Rng so a
** seed reproduces it; the text comes from demotext.c.
*/
#include "demo.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demotext.h"
#include "event.h"
#include "meeting.h"
#include "opendata.h"
#include "popolo.h"
#include "user.h"
#include "vote.h"

#define SEATS 40
#define NCOMMITTEES 5
#define MAXP 64

typedef struct G {
  Db *db;
  Rng rng;
  Arena *a;
  DemoResult *res;
  int64_t chamber, committees[NCOMMITTEES], *blocs;
  int nblocs;
  int64_t members[MAXP];
  int member_bloc[MAXP];
  const char *member_name_ar[MAXP], *member_name_en[MAXP], *member_email[MAXP];
  int nmembers;
  int64_t sessions[8];
  char session_start[8][11];
  int nsessions;
} G;

/* ---- dates ---- */
static time_t parse_date(const char *d) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (!strptime(d, "%Y-%m-%d", &tm)) return (time_t)-1;
  tm.tm_hour = 12;
  return timegm(&tm);
}
static void fmt_date(time_t t, char out[11]) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}
static int weekday(time_t t) {
  struct tm tm;
  gmtime_r(&t, &tm);
  return tm.tm_wday;
}

/* ---- inserts ---- */
static int step_done(G *g, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(g->db, what);
  db_done(st);
  return rc;
}
static int64_t last_id(G *g) { return sqlite3_last_insert_rowid(db_handle(g->db)); }

static int add_org(G *g, const char *ident, const char *cls, const char *ar, const char *en, const char *az,
                   int64_t parent, int seats, int64_t *id) {
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO organization(ident,classification,name_ar,name_en,name_az,"
                                    "parent_id,seats) VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, ident, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, cls, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, ar, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, en, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, az, -1, SQLITE_STATIC);
  if (parent) sqlite3_bind_int64(st, 6, parent);
  if (seats) sqlite3_bind_int(st, 7, seats);
  int rc = step_done(g, st, "adding an organisation");
  *id = last_id(g);
  return rc;
}

static int add_membership(G *g, int64_t person, int64_t org, const char *role, int64_t on_behalf,
                          const char *start, int64_t post) {
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO membership(person_id,organization_id,role,on_behalf_of_id,"
                                    "start_date,post_id) VALUES(?1,?2,?3,?4,?5,?6)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, person);
  sqlite3_bind_int64(st, 2, org);
  sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
  if (on_behalf) sqlite3_bind_int64(st, 4, on_behalf);
  sqlite3_bind_text(st, 5, start, -1, SQLITE_STATIC);
  if (post) sqlite3_bind_int64(st, 6, post);
  return step_done(g, st, "adding a membership");
}

static int add_person(G *g, const char *ident, const char *ar, const char *en, const char *gender,
                      const char *image, int64_t *id) {
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO person(ident,name_ar,name_en,gender,image) VALUES(?1,?2,?3,?4,?5)");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, ident, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, ar, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, en, -1, SQLITE_STATIC);
  if (gender && (!strcmp(gender, "male") || !strcmp(gender, "female") || !strcmp(gender, "other")))
    sqlite3_bind_text(st, 4, gender, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, image, -1, SQLITE_STATIC);
  int rc = step_done(g, st, "adding a person");
  *id = last_id(g);
  return rc;
}

static int add_speech(G *g, int64_t sitting, int64_t item, int *pos, int64_t person, const char *role,
                      const char *kind, const char *lang, const char *label, const char *time,
                      const char *text) {
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO speech(sitting_id,agenda_item_id,position,person_id,role,kind,"
                                    "lang,label,start_time,text,source) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,'generated')");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  if (item) sqlite3_bind_int64(st, 2, item);
  sqlite3_bind_int(st, 3, ++*pos);
  if (person) sqlite3_bind_int64(st, 4, person);
  sqlite3_bind_text(st, 5, role, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, label, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 9, time, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 10, text, -1, SQLITE_STATIC);
  g->res->speeches++;
  return step_done(g, st, "adding a speech");
}

/* ---- constituencies, contacts and biographies of generated members ----
** Bahrain elects its 40 representatives in single-member constituencies
** spread over four governorates. Nothing here draws on the Rng, so the
** rest of the demo stays as it was for a seed. */
static const struct {
  const char *ident, *ar, *en, *az;
  int seats;
} GOVERNORATES[] = {
  {"capital", "محافظة العاصمة", "Capital Governorate", "Paytaxt qubernatorluğu", 10},
  {"muharraq", "محافظة المحرق", "Muharraq Governorate", "Məhərrəq qubernatorluğu", 8},
  {"northern", "المحافظة الشمالية", "Northern Governorate", "Şimal qubernatorluğu", 12},
  {"southern", "المحافظة الجنوبية", "Southern Governorate", "Cənub qubernatorluğu", 10},
};
static const char *ORD_AR[] = {"الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة",
                               "السابعة", "الثامنة", "التاسعة", "العاشرة", "الحادية عشرة", "الثانية عشرة"};
static const char *ORD_EN[] = {"First", "Second", "Third", "Fourth", "Fifth", "Sixth",
                               "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth"};

/* Constituency k (0..39): its governorate and number within it. */
static int constituency_of(int k, int *num) {
  for (int gi = 0; gi < (int)MJ_COUNT(GOVERNORATES); gi++) {
    if (k < GOVERNORATES[gi].seats) {
      *num = k;
      return gi;
    }
    k -= GOVERNORATES[gi].seats;
  }
  *num = 0;
  return -1;
}

static int add_constituency(G *g, int k, int64_t *id) {
  int num, gi = constituency_of(k, &num);
  *id = 0;
  if (gi < 0 || num >= (int)MJ_COUNT(ORD_AR)) return MJ_OK;
  char ident[48], area[48];
  snprintf(ident, sizeof ident, "post/constituency/%d", k + 1);
  snprintf(area, sizeof area, "governorate/%s", GOVERNORATES[gi].ident);
  const char *ar = arena_printf(g->a, "الدائرة %s، %s", ORD_AR[num], GOVERNORATES[gi].ar);
  const char *en = arena_printf(g->a, "%s constituency, %s", ORD_EN[num], GOVERNORATES[gi].en);
  const char *az = arena_printf(g->a, "%s, %d saylı seçki dairəsi", GOVERNORATES[gi].az, num + 1);
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO post(ident,organization_id,label_ar,label_en,label_az,role,area) "
                                    "VALUES(?1,?2,?3,?4,?5,'constituency',?6)");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, ident, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, g->chamber);
  sqlite3_bind_text(st, 3, ar, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, en, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, az, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, area, -1, SQLITE_TRANSIENT);
  int rc = step_done(g, st, "adding a constituency");
  *id = last_id(g);
  return rc;
}

/* An address made of the English name: lower-case letters, dots between
** words, a number when an earlier member has the same one; the domain is
** a reserved test name, so no address can be mistaken for a real one. */
static const char *demo_email(G *g, const char *en, int upto) {
  Buf b;
  buf_init(&b, 256);
  int dot = 0;
  for (const char *c = en; *c; c++) {
    char ch = *c;
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if (ch >= 'a' && ch <= 'z') {
      if (dot && b.n) buf_putc(&b, '.');
      dot = 0;
      buf_putc(&b, ch);
    } else if (ch == ' ' || ch == '-') {
      dot = 1;
    }
  }
  if (!b.n) buf_puts(&b, "member");
  const char *base = arena_strdup(g->a, b.p);
  buf_free(&b);
  const char *mail = arena_printf(g->a, "%s@majlis.example", base);
  for (int n = 2;; n++) {
    int taken = 0;
    for (int i = 0; i < upto && !taken; i++)
      if (g->member_email[i] && strcmp(g->member_email[i], mail) == 0) taken = 1;
    if (!taken) return mail;
    mail = arena_printf(g->a, "%s.%d@majlis.example", base, n);
  }
}

static int add_profile(G *g, int i, int64_t post, const char *gender) {
  int num, gi = constituency_of(i, &num);
  g->member_email[i] = demo_email(g, g->member_name_en[i], i);
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO person_contact(person_id,type,value,label) VALUES(?1,'email',?2,?3)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, g->members[i]);
  sqlite3_bind_text(st, 2, g->member_email[i], -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, "Office", -1, SQLITE_STATIC);
  int rc = step_done(g, st, "adding a contact detail");
  if (rc || gi < 0 || num >= (int)MJ_COUNT(ORD_AR) || !post) return rc;
  int female = gender && strcmp(gender, "female") == 0;
  DemoName bloc = g->member_bloc[i] >= 0 ? demotext_party(g->member_bloc[i]) : (DemoName){NULL, NULL, NULL};
  const char *ar = arena_printf(g->a, "%s عن الدائرة %s في %s منذ بداية الفصل التشريعي%s%s.",
                                female ? "نائبة" : "نائب", ORD_AR[num], GOVERNORATES[gi].ar,
                                bloc.ar ? female ? "، وعضوة في " : "، وعضو في " : "", bloc.ar ? bloc.ar : "");
  const char *en = arena_printf(g->a, "Represents the %s constituency of the %s since the start of the legislative term%s%s.",
                                ORD_EN[num], GOVERNORATES[gi].en, bloc.en ? ", and sits with the " : "",
                                bloc.en ? bloc.en : "");
  st = db_stmt(g->db, "UPDATE person SET biography_ar=?2,biography_en=?3 WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, g->members[i]);
  sqlite3_bind_text(st, 2, ar, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, en, -1, SQLITE_STATIC);
  return step_done(g, st, "adding a biography");
}

/* ---- the parts ---- */
static int build_bodies(G *g, int real_members) {
  int rc = add_org(g, "chamber", "chamber", "مجلس النواب", "Council of Representatives", "Nümayəndələr Şurası",
                   0, SEATS, &g->chamber);
  if (rc) return rc;
  /* Real members keep no invented party, so no blocs are made for them. */
  g->nblocs = real_members ? 0 : demotext_party_count();
  g->blocs = arena_alloc(g->a, sizeof(int64_t) * (size_t)(g->nblocs + 1));
  for (int i = 0; i < g->nblocs; i++) {
    DemoName n = demotext_party(i);
    char ident[32];
    snprintf(ident, sizeof ident, "bloc/%d", i + 1);
    if ((rc = add_org(g, ident, "bloc", n.ar, n.en, NULL, g->chamber, 0, &g->blocs[i]))) return rc;
  }
  g->res->blocs = g->nblocs;
  int nc = demotext_committee_count() < NCOMMITTEES ? demotext_committee_count() : NCOMMITTEES;
  for (int i = 0; i < nc; i++) {
    DemoName n = demotext_committee(i);
    char ident[32];
    snprintf(ident, sizeof ident, "committee/%d", i + 1);
    if ((rc = add_org(g, ident, "committee", n.ar, n.en, NULL, g->chamber, 0, &g->committees[i]))) return rc;
  }
  g->res->committees = nc;
  return MJ_OK;
}

static int build_members(G *g, const DemoOptions *o, const char *term_start) {
  int rc;
  PopoloPerson *pp = NULL;
  int np = 0;
  if (o->members_file) {
    if ((rc = popolo_read_persons(o->members_file, g->a, &pp, &np))) return rc;
    if (np < 10) return mj_fail(MJ_EINVAL, "%s has %d persons; a chamber needs at least 10", o->members_file, np);
    if (np > MAXP) np = MAXP;
  }
  int n = o->members_file ? np : SEATS;
  for (int i = 0; i < n; i++) {
    Buf ar, en;
    buf_init(&ar, 1024);
    buf_init(&en, 1024);
    const char *gender = NULL, *ident, *image = NULL;
    char idbuf[32];
    if (pp) {
      buf_puts(&ar, pp[i].name);
      gender = pp[i].gender;
      ident = pp[i].id;
      image = pp[i].image;
    } else {
      demotext_person(&g->rng, &ar, &en, &gender);
      snprintf(idbuf, sizeof idbuf, "person/%d", i + 1);
      ident = idbuf;
    }
    rc = add_person(g, ident, ar.p, en.n ? en.p : NULL, gender, image, &g->members[i]);
    g->member_name_ar[i] = arena_strdup(g->a, ar.p);
    g->member_name_en[i] = arena_strdup(g->a, en.n ? en.p : ar.p);
    buf_free(&ar);
    buf_free(&en);
    if (rc) return rc;
    /* Generated members sit in blocs; real members keep no invented party. */
    g->member_bloc[i] = pp ? -1 : (int)rng_below(&g->rng, (uint32_t)g->nblocs);
    /* Generated members get a constituency, an office e-mail and a short
    ** biography; real members get nothing invented. */
    int64_t post = 0;
    if (!pp && (rc = add_constituency(g, i, &post))) return rc;
    if (!pp && (rc = add_profile(g, i, post, gender))) return rc;
    const char *role = i == 0 ? "speaker" : (i <= 2 ? "deputy_speaker" : "member");
    if ((rc = add_membership(g, g->members[i], g->chamber, role,
                             g->member_bloc[i] >= 0 ? g->blocs[g->member_bloc[i]] : 0, term_start, post)))
      return rc;
    if (g->member_bloc[i] >= 0 &&
        (rc = add_membership(g, g->members[i], g->blocs[g->member_bloc[i]], "member", 0, term_start, 0)))
      return rc;
  }
  g->nmembers = n;
  g->res->members = n;
  /* Committees: seven members each, drawn without repeats within one
  ** committee; the first three are chair, deputy and rapporteur. */
  for (int c = 0; c < g->res->committees; c++) {
    int used[MAXP] = {0};
    for (int k = 0; k < 7; k++) {
      int m;
      do m = 3 + (int)rng_below(&g->rng, (uint32_t)(g->nmembers - 3));
      while (used[m]);
      used[m] = 1;
      const char *role = k == 0 ? "chair" : k == 1 ? "deputy_chair" : k == 2 ? "rapporteur" : "member";
      if ((rc = add_membership(g, g->members[m], g->committees[c], role, 0, term_start, 0))) return rc;
    }
  }
  return MJ_OK;
}

static int build_calendar(G *g, time_t today, char term_start[24]) {
  struct tm tm;
  gmtime_r(&today, &tm);
  int y = tm.tm_year + 1900;
  /* The term began in December three years before the current session's
  ** year; an ordinary session opens every October. */
  int cur = tm.tm_mon >= 9 ? y : y - 1; /* year the current session opened */
  int first = cur - 3;
  snprintf(term_start, 24, "%04d-12-12", first);
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO term(body_id,number,start_date) VALUES(?1,6,?2)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, g->chamber);
  sqlite3_bind_text(st, 2, term_start, -1, SQLITE_TRANSIENT);
  int rc = step_done(g, st, "adding the term");
  if (rc) return rc;
  int64_t term = last_id(g);
  g->nsessions = 0;
  for (int k = 0; k < 4; k++) {
    char start[24], end[24];
    if (k == 0) mj_strlcpy(start, term_start, sizeof start);
    else snprintf(start, sizeof start, "%04d-10-01", first + k);
    snprintf(end, sizeof end, "%04d-06-30", first + k + 1);
    st = db_stmt(g->db, "INSERT INTO session(term_id,number,kind,start_date,end_date) VALUES(?1,?2,'ordinary',?3,?4)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, term);
    sqlite3_bind_int(st, 2, k + 1);
    sqlite3_bind_text(st, 3, start, -1, SQLITE_TRANSIENT);
    if (k < 3) sqlite3_bind_text(st, 4, end, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(g, st, "adding a session"))) return rc;
    g->sessions[g->nsessions] = last_id(g);
    mj_strlcpy(g->session_start[g->nsessions], start, 11);
    g->nsessions++;
  }
  return MJ_OK;
}

static int64_t session_of(G *g, const char *date) {
  int64_t s = g->sessions[0];
  for (int i = 0; i < g->nsessions; i++)
    if (strcmp(g->session_start[i], date) <= 0) s = g->sessions[i];
  return s;
}

static const char *kinds[] = {"report", "bill", "bill", "question", "motion", "report", "other"};

static int build_sitting(G *g, int64_t body, int committee, int number, const char *date, int past) {
  Rng *r = &g->rng;
  Buf t;
  buf_init(&t, 1 << 16);
  demotext_place(r, DEMOTEXT_AR, committee, &t); /* -1: the chamber's hall */
  sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO sitting(body_id,session_id,number,date,start_time,place,status) "
                                    "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) {
    buf_free(&t);
    return MJ_EIO;
  }
  sqlite3_bind_int64(st, 1, body);
  sqlite3_bind_int64(st, 2, session_of(g, date));
  sqlite3_bind_int(st, 3, number);
  sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, committee >= 0 ? "10:00" : "09:30", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, t.p, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, past ? "closed" : "scheduled", -1, SQLITE_STATIC);
  int rc = step_done(g, st, "adding a sitting");
  buf_free(&t);
  if (rc) return rc;
  int64_t sid = last_id(g);
  g->res->sittings++;

  /* who sits in this body */
  int who[MAXP] = {0}, nwho = 0;
  if (committee < 0) {
    for (int i = 0; i < g->nmembers; i++) who[nwho++] = i;
  } else {
    st = db_stmt(g->db, "SELECT person_id FROM membership WHERE organization_id=?1 ORDER BY id");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, body);
    while (sqlite3_step(st) == SQLITE_ROW && nwho < MAXP) {
      int64_t pid = sqlite3_column_int64(st, 0);
      for (int i = 0; i < g->nmembers; i++)
        if (g->members[i] == pid) who[nwho++] = i;
    }
    db_done(st);
  }
  int chair = who[0];

  /* attendance: about nine in ten present */
  int present[MAXP] = {0}, npresent = 0;
  if (past) {
    for (int k = 0; k < nwho; k++) {
      uint32_t x = rng_below(r, 100);
      const char *status = (x < 90 || who[k] == chair) ? "present" : x < 95 ? "excused" : "absent";
      present[who[k]] = status[0] == 'p';
      npresent += present[who[k]];
      st = db_stmt(g->db, "INSERT INTO attendance(sitting_id,person_id,status,checked_in) VALUES(?1,?2,?3,?4)");
      if (!st) return MJ_EIO;
      sqlite3_bind_int64(st, 1, sid);
      sqlite3_bind_int64(st, 2, g->members[who[k]]);
      sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
      char tin[32];
      snprintf(tin, sizeof tin, "%sT%s:%02u:00", date, committee >= 0 ? "09" : "09", 10 + rng_below(r, 19));
      if (status[0] == 'p') sqlite3_bind_text(st, 4, tin, -1, SQLITE_TRANSIENT);
      if ((rc = step_done(g, st, "recording attendance"))) return rc;
    }
  }

  int pos = 0;
  Buf txt;
  buf_init(&txt, 1 << 16);
  const char *chair_role = committee < 0 ? "الرئيس" : "رئيس اللجنة";
  if (past) {
    demotext_chair_open(r, DEMOTEXT_AR, number, &txt);
    rc = add_speech(g, sid, 0, &pos, g->members[chair], chair_role, "speech", "ar", NULL, "09:30", txt.p);
    if (rc) goto out;
  }
  int nitems = 3 + (int)rng_below(r, 3);
  int minute = 35;
  for (int i = 0; i < nitems && !rc; i++) {
    const char *kind = kinds[rng_below(r, MJ_COUNT(kinds))];
    int topic = (int)rng_below(r, (uint32_t)demotext_topic_count());
    buf_reset(&txt);
    demotext_agenda_title(r, DEMOTEXT_AR, kind, topic, &txt);
    st = db_stmt(g->db, "INSERT INTO agenda_item(sitting_id,position,kind,title) VALUES(?1,?2,?3,?4)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_int(st, 2, i + 1);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, txt.p, -1, SQLITE_STATIC);
    if ((rc = step_done(g, st, "adding an agenda item"))) break;
    int64_t item = last_id(g);
    g->res->agenda_items++;
    if (!past) continue;
    int nsp = 2 + (int)rng_below(r, 3);
    for (int k = 0; k < nsp && !rc; k++) {
      int m;
      int guard = 0;
      do m = who[rng_below(r, (uint32_t)nwho)];
      while ((m == chair || !present[m]) && ++guard < 100);
      char tm[16];
      snprintf(tm, sizeof tm, "%02d:%02d", 9 + minute / 60, minute % 60);
      buf_reset(&txt);
      demotext_chair_floor(DEMOTEXT_AR, g->member_name_ar[m], &txt);
      if ((rc = add_speech(g, sid, item, &pos, g->members[chair], chair_role, "speech", "ar", NULL, tm, txt.p))) break;
      /* about one speech in eight is in English (a member addressing a
      ** visiting delegation, say); the rest in Arabic */
      int en = rng_below(r, 8) == 0;
      buf_reset(&txt);
      demotext_speech(r, en ? DEMOTEXT_EN : DEMOTEXT_AR, topic, &txt);
      rc = add_speech(g, sid, item, &pos, g->members[m], NULL, kind[0] == 'q' && k == 0 ? "question" : "speech",
                      en ? "en" : "ar", NULL, tm, txt.p);
      minute += 4 + (int)rng_below(r, 9);
    }
    if (rc || !(strcmp(kind, "bill") == 0 || strcmp(kind, "report") == 0 || strcmp(kind, "motion") == 0)) continue;
    /* a roll-call vote, ballots from those present, leaning by bloc */
    const char *rule = rng_below(r, 10) == 0 ? "two_thirds" : rng_below(r, 4) == 0 ? "absolute" : "simple";
    buf_reset(&txt);
    demotext_vote_title(r, DEMOTEXT_AR, topic, &txt);
    char opened[32], closed[32];
    snprintf(opened, sizeof opened, "%sT%02d:%02d:00", date, 9 + minute / 60, minute % 60);
    minute += 3;
    snprintf(closed, sizeof closed, "%sT%02d:%02d:00", date, 9 + minute / 60, minute % 60);
    st = db_stmt(g->db, "INSERT INTO vote_event(sitting_id,agenda_item_id,title,method,rule,status,result,"
                        "opened_at,closed_at) VALUES(?1,?2,?3,'roll_call',?4,'closed','fail',?5,?6)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_int64(st, 2, item);
    sqlite3_bind_text(st, 3, txt.p, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, opened, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, closed, -1, SQLITE_STATIC);
    if ((rc = step_done(g, st, "adding a vote event"))) break;
    int64_t ve = last_id(g);
    g->res->votes++;
    int yes = 0, no = 0, ab = 0;
    int lean = 55 + (int)rng_below(r, 35); /* percent yes for this motion */
    for (int k = 0; k < nwho && !rc; k++) {
      int m = who[k];
      if (!present[m]) continue;
      int b = g->member_bloc[m];
      int p = lean + (b >= 0 ? (b % 3 - 1) * 10 : 0);
      uint32_t x = rng_below(r, 100);
      const char *opt = (int)x < p ? "yes" : x < 93 ? "no" : "abstain";
      yes += opt[0] == 'y';
      no += opt[0] == 'n';
      ab += opt[0] == 'a';
      st = db_stmt(g->db, "INSERT INTO ballot(vote_event_id,person_id,option,cast_at) VALUES(?1,?2,?3,?4)");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, ve);
      sqlite3_bind_int64(st, 2, g->members[m]);
      sqlite3_bind_text(st, 3, opt, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 4, opened, -1, SQLITE_STATIC);
      rc = step_done(g, st, "casting a ballot");
      g->res->ballots++;
    }
    if (rc) break;
    int pass = vote_passes(rule, yes, no, ab, nwho);
    st = db_stmt(g->db, "UPDATE vote_event SET result=?2, yes_count=?3, no_count=?4, abstain_count=?5, "
                        "members_count=?6, present_count=?7, quorum_met=?8 WHERE id=?1");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, ve);
    sqlite3_bind_text(st, 2, pass ? "pass" : "fail", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, yes);
    sqlite3_bind_int(st, 4, no);
    sqlite3_bind_int(st, 5, ab);
    sqlite3_bind_int(st, 6, nwho);
    sqlite3_bind_int(st, 7, npresent);
    sqlite3_bind_int(st, 8, npresent >= vote_quorum_needed("majority", nwho));
    if ((rc = step_done(g, st, "recording a result"))) break;
    buf_reset(&txt);
    demotext_chair_result(DEMOTEXT_AR, yes, no, ab, pass, &txt);
    char tm[16];
    snprintf(tm, sizeof tm, "%02d:%02d", 9 + minute / 60, minute % 60);
    if ((rc = add_speech(g, sid, item, &pos, g->members[chair], chair_role, "speech", "ar", NULL, tm, txt.p))) break;
    char payload[256];
    snprintf(payload, sizeof payload,
             "{\"vote_event\":%lld,\"result\":\"%s\",\"counts\":{\"yes\":%d,\"no\":%d,\"abstain\":%d}}",
             (long long)ve, pass ? "pass" : "fail", yes, no, ab);
    rc = event_append(g->db, sid, "vote.closed", payload, NULL);
  }
  if (!rc && past) {
    char payload[128];
    snprintf(payload, sizeof payload, "{\"sitting\":%lld,\"present\":%d}", (long long)sid, npresent);
    rc = event_append(g->db, sid, "sitting.closed", payload, NULL);
  }
out:
  buf_free(&txt);
  return rc;
}

/* Today's sitting, in progress: opened through the eMeeting rules so that
** its event log, audit trail and live state are what a real one leaves.
** Most members have checked in, the first item is under debate with a
** speaker on the floor and others waiting, and a roll-call vote is open with
** some ballots cast. Each step is its own transaction. */
static int build_live_sitting(G *g, const Actor *who, const char *date, int number) {
  Rng *r = &g->rng;
  MeetingActor chair = {who, 0};
  SittingInput in = {g->chamber, 0, number, date, "09:30", NULL};
  Buf t;
  buf_init(&t, 1 << 16);
  demotext_place(r, DEMOTEXT_AR, -1, &t);
  in.place = t.p;
  int64_t sid = 0, items[3] = {0};
  int rc = meeting_sitting_create(g->db, &chair, &in, &sid);
  static const char *kinds3[] = {"bill", "report", "question"};
  for (int i = 0; i < 3 && !rc; i++) {
    buf_reset(&t);
    demotext_agenda_title(r, DEMOTEXT_AR, kinds3[i], (int)rng_below(r, (uint32_t)demotext_topic_count()), &t);
    rc = meeting_item_add(g->db, &chair, sid, 0, kinds3[i], t.p, &items[i]);
  }
  if (!rc) rc = meeting_sitting_status(g->db, &chair, sid, "open");
  int present[MAXP] = {0};
  for (int i = 0; i < g->nmembers && !rc; i++) {
    if (i > 2 && rng_below(r, 100) >= 85) continue; /* about one in seven not (yet) here */
    MeetingActor m = {who, g->members[i]};
    rc = meeting_attendance(g->db, &m, sid, g->members[i], "present");
    present[i] = 1;
    g->res->present_today++;
  }
  if (!rc) rc = meeting_item_open(g->db, &chair, items[0]);
  int asked = 0;
  for (int i = 3; i < g->nmembers && asked < 4 && !rc; i++) {
    if (!present[i] || rng_below(r, 3)) continue;
    MeetingActor m = {who, g->members[i]};
    rc = meeting_speak_request(g->db, &m, items[0], g->members[i], "speech", NULL);
    asked++;
  }
  if (!rc && asked) rc = meeting_speaker_next(g->db, &chair, items[0], NULL);
  buf_reset(&t);
  demotext_vote_title(r, DEMOTEXT_AR, 0, &t);
  VoteInput vi = {sid, items[0], t.p, "roll_call", "simple", 0, 0, NULL};
  int64_t vid = 0;
  if (!rc) rc = meeting_vote_open(g->db, &chair, &vi, &vid);
  for (int i = 0; i < g->nmembers && !rc; i++) {
    if (!present[i] || rng_below(r, 2)) continue;
    MeetingActor m = {who, g->members[i]};
    uint32_t x = rng_below(r, 100);
    rc = meeting_ballot(g->db, &m, vid, g->members[i], x < 70 ? "yes" : x < 90 ? "no" : "abstain");
    if (!rc) g->res->ballots++;
  }
  buf_free(&t);
  if (!rc) {
    g->res->sittings++;
    g->res->agenda_items += 3;
    g->res->votes++;
  }
  return rc;
}

int demo_create(Db *db, const Actor *who, const DemoOptions *o, DemoResult *res) {
  memset(res, 0, sizeof *res);
  if (!(who->caps & CAP_SETTINGS)) return mj_fail(MJ_EDENIED, "only an administrator may create the demo");
  time_t today = parse_date(o->today);
  if (today == (time_t)-1) return mj_fail(MJ_EINVAL, "the demo date must be YYYY-MM-DD, got '%s'", o->today);
  if (db_int(db, "SELECT count(*) FROM organization", 0, 0, 0) > 0)
    return mj_fail(MJ_ECONFLICT, "%s already holds a parliament; the demo needs a new database file", db_path(db));
  G g;
  memset(&g, 0, sizeof g);
  g.db = db;
  g.a = arena_new();
  g.res = res;
  rng_seed(&g.rng, o->seed);
  int rc = db_begin(db);
  if (rc) {
    arena_free(g.a);
    return rc;
  }
  char term_start[24];
  if (o->progress) o->progress("bodies and members", o->arg);
  if ((rc = build_bodies(&g, o->members_file != NULL))) goto fail;
  if ((rc = build_calendar(&g, today, term_start))) goto fail;
  if ((rc = build_members(&g, o, term_start))) goto fail;
  if (o->progress) o->progress("sittings", o->arg);
  /* Chamber sittings on Tuesdays: eight before the anchor date, two after;
  ** two committee meetings on the Wednesdays in between. */
  time_t tue = today;
  while (weekday(tue) != 2) tue -= 86400;
  if (tue >= today) tue -= 7 * 86400;
  int number = 1;
  for (int k = 7; k >= 0 && !rc; k--) {
    char d[11];
    fmt_date(tue - (time_t)k * 7 * 86400, d);
    rc = build_sitting(&g, g.chamber, -1, number++, d, 1);
    if (!rc && (k == 5 || k == 2)) {
      char dc[11];
      fmt_date(tue - (time_t)k * 7 * 86400 + 86400, dc);
      int c = k == 5 ? 0 : 1;
      rc = build_sitting(&g, g.committees[c], c, k == 5 ? 1 : 1, dc, 1);
    }
  }
  /* the next Tuesday's sitting is scheduled with its agenda; today's (the
  ** anchor date) is held after this transaction, through the eMeeting rules */
  {
    char d[11];
    fmt_date(tue + (time_t)7 * 86400, d);
    rc = build_sitting(&g, g.chamber, -1, number + 1, d, 0);
  }
  if (rc) goto fail;
  char seedtxt[32];
  snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)o->seed);
  if ((rc = db_meta_set(db, "instance_name", "مجلس النواب"))) goto fail;
  if ((rc = db_meta_set(db, "default_lang", "ar"))) goto fail;
  if ((rc = db_meta_set(db, "demo", "1"))) goto fail;
  if ((rc = db_meta_set(db, "demo_seed", seedtxt))) goto fail;
  if ((rc = db_meta_set(db, "demo_today", o->today))) goto fail;
  if ((rc = audit_append(db, who, "demo.create", "parliament",
                         "demo parliament (seed %s, date %s): %d members, %d sittings, %d speeches, %d votes",
                         seedtxt, o->today, res->members, res->sittings, res->speeches, res->votes)))
    goto fail;
  if ((rc = db_commit(db))) goto fail;
  event_notify();
  if (o->progress) o->progress("a sitting in progress", o->arg);
  rc = build_live_sitting(&g, who, o->today, number);
  arena_free(g.a);
  if (rc) return rc;
  /* The administrator, in a transaction of its own (user_create). */
  if (o->progress) o->progress("administrator", o->arg);
  mj_strlcpy(res->admin_user, "admin", sizeof res->admin_user);
  user_password_generate(res->admin_password, 16);
  rc = user_create(db, who, res->admin_user, "مدير النظام", "Administrator", "administrator", 0,
                   res->admin_password, NULL);
  /* The Hansard: staff accounts, a published record and two drafts. */
  if (!rc && o->progress) o->progress("the Hansard", o->arg);
  if (!rc) rc = demo_hansard(db, who, o->seed, res->admin_password);
  /* two sittings' generated speeches became speech-recognition drafts */
  if (!rc) res->speeches = (int)db_int(db, "SELECT count(*) FROM speech", 0, 0, 0);
  /* Open data: the built-in flows of this record and two datasets. */
  if (!rc && o->progress) o->progress("open data", o->arg);
  if (!rc) rc = od_demo(db, who, o->today, o->seed);
  return rc;
fail:
  db_rollback(db);
  arena_free(g.a);
  memset(res, 0, sizeof *res);
  return rc;
}
