/*
** demo_hansard.c: the electronic Hansard of the demonstration parliament.
** After the parliament is built, through the Hansard's own domain functions
** (so the audit trail and live events are what real work leaves):
**   - Hansard staff accounts (reporter1, reporter2, editor, certifier) and a
**     member's account (member1), with the administrator's password;
**   - the oldest of the last three chamber sittings is fully published:
**     takes assigned and reviewed, a member review, certified, a
**     provisional edition, an editor's correction of diacritics, the final
**     edition (so the two editions differ by a "marks" change);
**   - the newest two get speech-recognition drafts instead of their
**     generated speeches: segments made from the demo's own text, with
**     media times, engine, version and confidences, imported with the
**     speakers' list of the sitting (recorded for the purpose), so
**     speakers are proposed and doubtful passages flagged. The middle one
**     is then partly edited (open flags and proposed speakers remain); the
**     newest is left as imported.
** A separate Rng (from the demo's seed) keeps the rest of the demo unchanged.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "hansard.h"
#include "user.h"

typedef struct Staff {
  Actor a;
  MeetingActor m;
} Staff;

static int staff(Db *db, const Actor *who, Staff *s, const char *name, const char *ar, const char *latin, const char *role,
                 int64_t person, const char *password) {
  memset(s, 0, sizeof *s);
  int64_t id;
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM user WHERE name=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  int rc = id ? MJ_OK : user_create(db, who, name, ar, latin, role, person, password, &id);
  if (rc) return rc;
  s->a.user_id = id;
  s->a.user_name = name;
  s->a.address = "local";
  s->a.caps = user_role_find(role)->caps;
  s->m.actor = &s->a;
  s->m.person_id = person;
  return MJ_OK;
}

/* Media time of "HH:MM" on a sitting that starts at 09:30 (0 before). */
static int64_t media_of(const char *hhmm) {
  if (!hhmm || strlen(hhmm) < 5) return 0;
  int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  int64_t v = ((int64_t)(h * 60 + m) - (9 * 60 + 30)) * 60000;
  return v > 0 ? v : 0;
}

typedef struct Sp {
  int64_t id, person, item;
  int64_t start, end; /* media ms */
  char *text, *role;
} Sp;

/* The sitting's speeches with media times: each from its start time to the
** next one's (the last gets two minutes). Caller frees texts via arena. */
static int load(Db *db, Arena *a, int64_t sitting, Sp **out, int *n) {
  *n = 0;
  int cap = (int)db_int(db, "SELECT count(*) FROM speech WHERE sitting_id=?1", 1, sitting, 0) + 1;
  Sp *v = arena_alloc(a, sizeof *v * (size_t)cap);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, coalesce(person_id,0), coalesce(agenda_item_id,0), start_time, text, role FROM speech "
                                 "WHERE sitting_id=?1 ORDER BY position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  while (*n < cap && sqlite3_step(st) == SQLITE_ROW) {
    Sp *s = &v[(*n)++];
    s->id = sqlite3_column_int64(st, 0);
    s->person = sqlite3_column_int64(st, 1);
    s->item = sqlite3_column_int64(st, 2);
    s->start = media_of((const char *)sqlite3_column_text(st, 3));
    s->text = arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
    s->role = sqlite3_column_text(st, 5) ? arena_strdup(a, (const char *)sqlite3_column_text(st, 5)) : NULL;
  }
  db_done(st);
  /* several speeches share a start minute: spread them over it */
  for (int i = 0; i < *n; i++) {
    if (i && v[i].start <= v[i - 1].start) v[i].start = v[i - 1].start + 20000;
  }
  for (int i = 0; i < *n; i++) v[i].end = i + 1 < *n && v[i + 1].start > v[i].start ? v[i + 1].start : v[i].start + 120000;
  *out = v;
  return MJ_OK;
}

static int set_media(Db *db, const Sp *v, int n) {
  for (int i = 0; i < n; i++) {
    sqlite3_stmt *st = db_stmt(db, "UPDATE speech SET media_start_ms=?2, media_end_ms=?3 WHERE id=?1");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, v[i].id);
    sqlite3_bind_int64(st, 2, v[i].start);
    sqlite3_bind_int64(st, 3, v[i].end);
    int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "timing a speech");
    db_done(st);
    if (rc) return rc;
  }
  return MJ_OK;
}

static int exec_in_tx(Db *db, int (*fn)(Db *, const Sp *, int), const Sp *v, int n) {
  int rc = db_begin(db);
  if (rc) return rc;
  if ((rc = fn(db, v, n))) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

/* Segments from the speeches' sentences: about 0.45 s a word, confidences
** drawn around 0.85 with some under 0.6; members' speeches are on the
** speakers' list, the chair's carry a diarisation label only. */
static int segments_of(Arena *a, Rng *r, const Sp *v, int n, Segment **out, int *ns) {
  int cap = 64, k = 0;
  Segment *s = arena_alloc(a, sizeof *s * (size_t)cap);
  for (int i = 0; i < n; i++) {
    int64_t t = v[i].start + 400;
    const char *p = v[i].text;
    while (*p) {
      while (*p == ' ' || *p == '\n') p++;
      if (!*p) break;
      const char *e = p;
      int words = 1;
      while (*e && !(*e == '.' || *e == '\n' || (e[0] == '\xd8' && e[1] == '\x9f'))) { /* . newline ؟ */
        if (*e == ' ') words++;
        e++;
      }
      if (*e == '.') e++;
      else if (*e == '\xd8') e += 2;
      if (k == cap) {
        Segment *ns2 = arena_alloc(a, sizeof *s * (size_t)cap * 2);
        memcpy(ns2, s, sizeof *s * (size_t)cap);
        s = ns2;
        cap *= 2;
      }
      int64_t dur = (int64_t)words * 450 + 300;
      uint32_t x = rng_below(r, 100);
      s[k].start_ms = t;
      s[k].end_ms = t + dur;
      s[k].text = arena_strndup(a, p, (size_t)(e - p));
      s[k].confidence = x < 10 ? 0.38 + rng_below(r, 20) / 100.0 : 0.72 + rng_below(r, 27) / 100.0;
      s[k].speaker = v[i].person && !v[i].role ? NULL : "SPEAKER_00";
      s[k].line = k + 1;
      /* now and then two voices at once: the next one starts early */
      t += dur + (rng_below(r, 12) == 0 ? -700 : 250);
      k++;
      p = e;
    }
  }
  *out = s;
  *ns = k;
  return MJ_OK;
}

/* Who had the floor: a done request per member speech, in wall-clock
** epoch ms from the sitting's 09:30 (UTC, as media_started_at says). */
static int floor_of(Db *db, int64_t zero, const Sp *v, int n) {
  int pos = 0;
  for (int i = 0; i < n; i++) {
    if (!v[i].person || v[i].role || !v[i].item) continue;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO speaker_request(agenda_item_id,person_id,kind,position,status,requested_at,started_ms,"
                                   "ended_ms,seconds_limit,seconds_used) VALUES(?1,?2,'speech',?3,'done',?4,?5,?6,300,?7)");
    if (!st) return MJ_EIO;
    char at[32];
    mj_iso8601((zero + v[i].start) / 1000 - 60, at, sizeof at);
    sqlite3_bind_int64(st, 1, v[i].item);
    sqlite3_bind_int64(st, 2, v[i].person);
    sqlite3_bind_int(st, 3, ++pos);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, zero + v[i].start);
    sqlite3_bind_int64(st, 6, zero + v[i].end);
    sqlite3_bind_int64(st, 7, (v[i].end - v[i].start) / 1000);
    int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "recording the speakers' list");
    db_done(st);
    if (rc) return rc;
  }
  return MJ_OK;
}

static int drop_speeches(Db *db, int64_t sitting) {
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM speech WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "replacing generated speeches");
  db_done(st);
  return rc;
}

/* Replaces a sitting's generated speeches with a speech-recognition draft. */
static int asr_sitting(Db *db, Arena *a, Rng *r, const Staff *ed, const Staff *rep, int64_t sitting, const char *date) {
  Sp *v;
  int n;
  int rc = load(db, a, sitting, &v, &n);
  if (rc) return rc;
  char start[32];
  snprintf(start, sizeof start, "%sT09:30:00Z", date);
  HansardConfig c = {arena_printf(a, "https://media.majlis.example/sittings/%lld.mp3", (long long)sitting), start, 300};
  if ((rc = hansard_configure(db, &ed->m, sitting, &c))) return rc;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  strptime(date, "%Y-%m-%d", &tm);
  tm.tm_hour = 9;
  tm.tm_min = 30;
  int64_t zero = (int64_t)timegm(&tm) * 1000;
  Segment *segs;
  int ns;
  segments_of(a, r, v, n, &segs, &ns);
  if ((rc = db_begin(db))) return rc;
  if ((rc = floor_of(db, zero, v, n)) || (rc = drop_speeches(db, sitting))) {
    db_rollback(db);
    return rc;
  }
  if ((rc = db_commit(db))) return rc;
  HansardImport in = {"whisper.cpp", "1.7.4 (ggml-large-v3)", "ar", -1, NULL};
  HansardImportResult res;
  return hansard_import_segments(db, &rep->m, sitting, segs, ns, &in, &res);
}

int demo_hansard(Db *db, const Actor *who, uint64_t seed, const char *password) {
  Rng r;
  rng_seed(&r, seed ^ 0x68616e7361726400ull);
  Arena *a = arena_new();
  Staff rep1, rep2, ed, cert, mem;
  int64_t chamber = db_int(db, "SELECT id FROM organization WHERE classification='chamber' ORDER BY id LIMIT 1", 0, 0, 0);
  int64_t ids[3] = {0};
  char dates[3][11] = {"", "", ""};
  sqlite3_stmt *st = db_stmt(db, "SELECT id, date FROM sitting WHERE body_id=?1 AND status='closed' ORDER BY date DESC LIMIT 3");
  if (!st) {
    arena_free(a);
    return MJ_EIO;
  }
  sqlite3_bind_int64(st, 1, chamber);
  int k = 0;
  while (k < 3 && sqlite3_step(st) == SQLITE_ROW) {
    ids[k] = sqlite3_column_int64(st, 0);
    mj_strlcpy(dates[k], (const char *)sqlite3_column_text(st, 1), sizeof dates[k]);
    k++;
  }
  db_done(st);
  /* member1: a member who speaks in the middle sitting */
  int64_t person = ids[1] ? db_int(db, "SELECT person_id FROM speech WHERE sitting_id=?1 AND role IS NULL AND person_id IS NOT NULL "
                                       "ORDER BY position LIMIT 1", 1, ids[1], 0) : 0;
  int rc = staff(db, who, &rep1, "reporter1", "مراسل المضبطة الأول", "Hansard reporter 1", "reporter", 0, password);
  if (!rc) rc = staff(db, who, &rep2, "reporter2", "مراسل المضبطة الثاني", "Hansard reporter 2", "reporter", 0, password);
  if (!rc) rc = staff(db, who, &ed, "editor", "محرر المضبطة", "Hansard editor", "editor", 0, password);
  if (!rc) rc = staff(db, who, &cert, "certifier", "مصدّق المضبطة", "Hansard certifier", "certifier", 0, password);
  if (!rc && person) rc = staff(db, who, &mem, "member1", "عضو المجلس", "Member", "member", person, password);
  if (rc || k < 3) {
    arena_free(a);
    return rc;
  }

  /* the oldest of the three: published, provisional then final */
  Sp *v;
  int n;
  int64_t s = ids[2];
  if (!(rc = load(db, a, s, &v, &n))) rc = exec_in_tx(db, set_media, v, n);
  char start[32];
  snprintf(start, sizeof start, "%sT09:30:00Z", dates[2]);
  HansardConfig c = {arena_printf(a, "https://media.majlis.example/sittings/%lld.mp3", (long long)s), start, 600};
  if (!rc) rc = hansard_configure(db, &ed.m, s, &c);
  HansardAssign as = {600, "reporter1,reporter2", 0};
  HansardAssignResult ar;
  if (!rc) rc = hansard_assign(db, &ed.m, s, &as, &ar);
  HansardView hv;
  if (!rc) rc = hansard_record(db, a, s, &hv);
  for (int i = 0; !rc && i < hv.ntakes; i++) {
    const Staff *rep = hv.takes[i].reporter_id == rep1.a.user_id ? &rep1 : &rep2;
    rc = hansard_take_status(db, &rep->m, hv.takes[i].id, "edited");
    if (!rc) rc = hansard_take_status(db, &ed.m, hv.takes[i].id, "reviewed");
  }
  if (!rc) rc = hansard_review_open(db, &ed.m, s, 72);
  if (!rc) rc = hansard_review_close(db, &ed.m, s);
  if (!rc) rc = hansard_certify(db, &cert.m, s);
  int64_t eid;
  int num;
  if (!rc) rc = hansard_publish(db, &cert.m, s, "provisional", "الطبعة المؤقتة", &eid, &num);
  /* the editor restores the vowel marks of a word in the opening speech:
  ** the final edition differs from the provisional by a "marks" change */
  if (!rc && hv.nspeeches) {
    const HansardSpeech *sp = &hv.speeches[0];
    const char *text = sp->text;
    const char *hit = strstr(text, "الجلسة");
    Buf b;
    buf_init(&b, 1 << 20);
    if (hit) {
      buf_append(&b, text, (size_t)(hit - text));
      buf_puts(&b, "الجَلسة");
      buf_puts(&b, hit + strlen("الجلسة"));
    } else {
      buf_puts(&b, text);
      buf_puts(&b, " وشكراً.");
    }
    int ver;
    HansardEdit e = {b.p, sp->version, 0, NULL, NULL, 0};
    rc = hansard_speech_edit(db, &ed.m, sp->id, &e, &ver, NULL);
    buf_free(&b);
  }
  if (!rc) rc = hansard_certify(db, &cert.m, s);
  if (!rc) rc = hansard_publish(db, &cert.m, s, "final", "الطبعة النهائية", &eid, &num);

  /* the newest two: speech-recognition drafts */
  if (!rc) rc = asr_sitting(db, a, &r, &ed, &rep1, ids[1], dates[1]);
  if (!rc) rc = asr_sitting(db, a, &r, &ed, &rep2, ids[0], dates[0]);
  HansardAssign as2 = {300, "reporter1,reporter2", 0};
  if (!rc) rc = hansard_assign(db, &ed.m, ids[0], &as2, &ar);
  if (!rc) rc = hansard_assign(db, &ed.m, ids[1], &as2, &ar);
  /* the middle one is being edited: the first take done and reviewed, a
  ** speaker confirmed, a flag resolved; the rest still open */
  if (!rc) rc = hansard_record(db, a, ids[1], &hv);
  if (!rc && hv.ntakes && hv.nspeeches) {
    const HansardTake *t = &hv.takes[0];
    const Staff *rep = t->reporter_id == rep1.a.user_id ? &rep1 : &rep2;
    for (int i = 0; !rc && i < hv.nspeeches; i++) {
      const HansardSpeech *sp = &hv.speeches[i];
      if (sp->take_id != t->id) continue;
      int ver;
      /* the reporter's punctuation */
      size_t l = strlen(sp->text);
      HansardEdit e = {arena_printf(a, "%s%s", sp->text, l && sp->text[l - 1] != '.' ? "." : ""), sp->version, 0, NULL, NULL, 0};
      rc = hansard_speech_edit(db, &rep->m, sp->id, &e, &ver, NULL);
      if (!rc && sp->person_id) {
        HansardEdit e2 = {NULL, ver, 0, NULL, NULL, 1};
        rc = hansard_speech_edit(db, &ed.m, sp->id, &e2, &ver, NULL);
      }
    }
    if (!rc) rc = hansard_take_status(db, &rep->m, t->id, "edited");
    if (!rc) rc = hansard_take_status(db, &ed.m, t->id, "reviewed");
    for (int i = 0; !rc && i < hv.nflags; i++)
      if (!strcmp(hv.flags[i].kind, "low_confidence")) {
        rc = hansard_flag_resolve(db, &ed.m, hv.flags[i].id, "checked against the recording; the text is right");
        break;
      }
  }
  arena_free(a);
  return rc;
}
