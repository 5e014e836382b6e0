/*
** hansard_flow.c: the Hansard workflow. Each public function is one write
** transaction: BEGIN IMMEDIATE, check the actor's capability and the
** record's state, write, append the audit row and a live event, COMMIT,
** then event_notify(). The rules are listed in hansard.h and doc/hansard.md;
** the ones the database can hold are constraints there too (one record per
** sitting, take numbers, immutable editions).
*/
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "hansard.h"
#include "hansard_int.h"
#include "user.h"

/* ---------------------------------------------------------------- helpers */
void hansard_now_iso(char out[32]) { mj_iso8601(mj_now_ms() / 1000, out, 32); }

static int can(const MeetingActor *w, unsigned need) { return (w->actor->caps & need) == need; }

int hansard_deny(const MeetingActor *w, const char *what) {
  return mj_fail(w->actor->user_id || (w->actor->caps & ~CAP_READ_PUBLIC) ? MJ_EDENIED : MJ_EAUTH, "%s", what);
}

int hansard_finish(Db *db, int rc) {
  if (rc) {
    db_rollback(db);
    return rc;
  }
  if ((rc = db_commit(db))) {
    db_rollback(db);
    return rc;
  }
  event_notify();
  return MJ_OK;
}

int hansard_emit(Db *db, int64_t sitting, const char *type, json_t *payload) {
  if (!payload) return mj_fail(MJ_EINTERNAL, "building the %s event", type);
  char *s = json_dumps(payload, JSON_COMPACT);
  json_decref(payload);
  int rc = event_append(db, sitting, type, s, NULL);
  free(s);
  return rc;
}

int hansard_step(Db *db, sqlite3_stmt *st, const char *what) {
  if (!st) return MJ_EIO;
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, what);
  db_done(st);
  return rc;
}

static void objname(char out[48], const char *kind, int64_t id) { snprintf(out, 48, "%s/%lld", kind, (long long)id); }

/* Parses an ISO 8601 date-time "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM]"
** (a space may stand for T; no zone means UTC) into epoch milliseconds. */
int hansard_iso_ms(const char *s, int64_t *ms) {
  if (!s) return -1;
  int y, mo, d, h, mi, sec = 0, n = 0;
  if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n != 16) return -1;
  const char *p = s + 16;
  long frac = 0;
  if (*p == ':') {
    if (p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9') return -1;
    sec = (p[1] - '0') * 10 + (p[2] - '0');
    p += 3;
    if (*p == '.') {
      int k = 0;
      p++;
      while (*p >= '0' && *p <= '9') {
        if (k < 3) frac = frac * 10 + (*p - '0');
        k++;
        p++;
      }
      if (!k) return -1;
      while (k < 3) {
        frac *= 10;
        k++;
      }
    }
  }
  int off = 0;
  if (*p == 'Z') p++;
  else if (*p == '+' || *p == '-') {
    int oh, om;
    if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6 || oh > 23 || om > 59) return -1;
    off = (oh * 60 + om) * (*p == '+' ? 1 : -1);
    p += 6;
  }
  if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return -1;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  if (t == (time_t)-1) return -1;
  *ms = ((int64_t)t - (int64_t)off * 60) * 1000 + frac;
  return 0;
}

/* 1 when text is valid UTF-8 without control characters other than line
** breaks and tabs. */
int hansard_text_ok(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0) return 0;
    if (n == 0 && (c < 0x20 || c == 0x7f) && c != '\n' && c != '\r' && c != '\t') return 0;
    unsigned cp = n == 0 ? c : n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
    for (int i = 1; i <= n; i++) {
      if ((p[i] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return 0;
    p += n + 1;
  }
  return 1;
}

static int check_text(const char *text, const char *what) {
  if (!text) return mj_fail(MJ_EINVAL, "%s needs a text", what);
  size_t n = strlen(text);
  size_t k = 0;
  while (k < n && (text[k] == ' ' || text[k] == '\n' || text[k] == '\r' || text[k] == '\t')) k++;
  if (k == n) return mj_fail(MJ_EINVAL, "%s: the text is empty", what);
  if (n > HANSARD_MAX_TEXT) return mj_fail(MJ_ETOOBIG, "%s: the text may have at most %u bytes", what, HANSARD_MAX_TEXT);
  if (!hansard_text_ok(text)) return mj_fail(MJ_EINVAL, "%s: the text must be UTF-8 without control characters", what);
  return MJ_OK;
}

/* Gives each speech of the sitting without a section the section of its
** agenda item, else that of the speech before it (hansard.h, "Sections
** tied to the agenda"). Only in a record whose sections are the agenda's:
** an imported record keeps its own structure. Inside a transaction. */
int hansard_sections_link(Db *db, int64_t sitting) {
  if (!db_int(db, "SELECT count(*) FROM record_section WHERE sitting_id=?1 AND agenda_item_id IS NOT NULL", 1, sitting, 0) ||
      !db_int(db, "SELECT count(*) FROM speech WHERE sitting_id=?1 AND section_id IS NULL", 1, sitting, 0))
    return MJ_OK;
  Arena *a = arena_new();
  HansardSection *secs = NULL;
  int nsecs = 0, cap = 0, n = 0, rc = MJ_OK;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, coalesce(agenda_item_id,0) FROM record_section WHERE sitting_id=?1 ORDER BY position");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, sitting);
    while (sqlite3_step(st) == SQLITE_ROW) {
      secs = hansard_grow(a, secs, nsecs, &cap, sizeof *secs);
      memset(&secs[nsecs], 0, sizeof *secs);
      secs[nsecs].id = sqlite3_column_int64(st, 0);
      secs[nsecs++].agenda_item_id = sqlite3_column_int64(st, 1);
    }
    db_done(st);
  }
  int total = (int)db_int(db, "SELECT count(*) FROM speech WHERE sitting_id=?1", 1, sitting, 0);
  int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(total + 1)), *item = arena_alloc(a, sizeof *item * (size_t)(total + 1));
  int64_t *sec = arena_alloc(a, sizeof *sec * (size_t)(total + 1)), *had = arena_alloc(a, sizeof *had * (size_t)(total + 1));
  if (!rc && !(st = db_stmt(db, "SELECT id, coalesce(agenda_item_id,0), coalesce(section_id,0) FROM speech WHERE sitting_id=?1 "
                                "ORDER BY position")))
    rc = MJ_EIO;
  if (!rc) {
    sqlite3_bind_int64(st, 1, sitting);
    while (n < total && sqlite3_step(st) == SQLITE_ROW) {
      ids[n] = sqlite3_column_int64(st, 0);
      item[n] = sqlite3_column_int64(st, 1);
      sec[n] = had[n] = sqlite3_column_int64(st, 2);
      n++;
    }
    db_done(st);
  }
  if (!rc) hansard_sections_follow(secs, nsecs, item, sec, n);
  for (int i = 0; i < n && !rc; i++) {
    if (had[i] || !sec[i]) continue;
    if (!(st = db_stmt(db, "UPDATE speech SET section_id=?2 WHERE id=?1"))) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, ids[i]);
    sqlite3_bind_int64(st, 2, sec[i]);
    rc = hansard_step(db, st, "placing a speech in its section");
  }
  arena_free(a);
  return rc;
}

/* A new record's sections: one per agenda item (hansard.h), unless the
** sitting has sections already (an imported record); its speeches placed
** in them. Inside a transaction. */
static int sections_from_agenda(Db *db, int64_t sitting) {
  if (db_int(db, "SELECT count(*) FROM record_section WHERE sitting_id=?1", 1, sitting, 0)) return MJ_OK;
  Arena *a = arena_new();
  HansardSection *v;
  int n, rc = hansard_agenda_sections(db, a, sitting, &v, &n);
  int64_t *rowid = arena_alloc(a, sizeof *rowid * (size_t)(n + 1));
  for (int i = 0; i < n && !rc; i++) {
    int64_t parent = 0;
    for (int j = 0; j < i; j++) /* items come by position; a parent item before its children */
      if (v[i].parent_id && v[j].agenda_item_id == v[i].parent_id) parent = rowid[j];
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO record_section(sitting_id,parent_id,agenda_item_id,position,name,heading) "
                                   "VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, sitting);
    if (parent) sqlite3_bind_int64(st, 2, parent);
    sqlite3_bind_int64(st, 3, v[i].agenda_item_id);
    sqlite3_bind_int(st, 4, i + 1);
    sqlite3_bind_text(st, 5, v[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, v[i].heading, -1, SQLITE_STATIC);
    rc = hansard_step(db, st, "making the record's sections from the agenda");
    rowid[i] = sqlite3_last_insert_rowid(db_handle(db));
  }
  arena_free(a);
  return rc ? rc : hansard_sections_link(db, sitting);
}

/* Creates the record row when missing, with its sections from the agenda;
** inside a transaction. MJ_ENOTFOUND when there is no such sitting.
** *created (may be NULL) is 1 when made. */
int hansard_ensure_row(Db *db, int64_t sitting, int *created) {
  if (created) *created = 0;
  if (!db_int(db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0))
    return mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)sitting);
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO record(sitting_id, updated_at) VALUES(?1, ?2)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
  int rc = hansard_step(db, st, "creating the record");
  int made = !rc && sqlite3_changes(db_handle(db)) > 0;
  if (made) rc = sections_from_agenda(db, sitting);
  if (!rc && created) *created = made;
  return rc;
}

/* The record's status (after ensuring the row) into out. */
int hansard_status_of(Db *db, int64_t sitting, char out[16]) {
  int rc = hansard_ensure_row(db, sitting, NULL);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT status FROM record WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  out[0] = 0;
  if (sqlite3_step(st) == SQLITE_ROW) mj_strlcpy(out, (const char *)sqlite3_column_text(st, 0), 16);
  db_done(st);
  return MJ_OK;
}

static int set_status(Db *db, int64_t sitting, const char *status) {
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE record SET status=?2, updated_at=?3, "
                                 "certified_by=CASE WHEN ?2 IN ('drafting','member_review') THEN NULL ELSE certified_by END, "
                                 "certified_at=CASE WHEN ?2 IN ('drafting','member_review') THEN NULL ELSE certified_at END "
                                 "WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
  return hansard_step(db, st, "changing the record's status");
}

static int touch(Db *db, int64_t sitting) {
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE record SET updated_at=?2 WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
  return hansard_step(db, st, "updating the record");
}

/* May the text of this sitting's record change now, and by whom? editor:
** the actor has CAP_HANSARD_EDIT. A change after a provisional edition
** takes the record back to drafting (audited); it must be certified again. */
static int open_for_change(Db *db, const MeetingActor *who, int64_t sitting, int editor, const char *what) {
  char status[16];
  int rc = hansard_status_of(db, sitting, status);
  if (rc) return rc;
  if (strcmp(status, "final") == 0)
    return mj_fail(MJ_ECONFLICT, "the final edition of sitting %lld is published; its record no longer changes", (long long)sitting);
  if (strcmp(status, "certified") == 0)
    return mj_fail(MJ_ECONFLICT, "the record of sitting %lld is certified; publish an edition before %s", (long long)sitting, what);
  if (strcmp(status, "member_review") == 0 && !editor)
    return hansard_deny(who, "during the member review only an editor changes the record");
  if (strcmp(status, "provisional") == 0) {
    if (!editor) return hansard_deny(who, "after a provisional edition only an editor reopens the record");
    if ((rc = set_status(db, sitting, "drafting"))) return rc;
    char obj[48];
    objname(obj, "record", sitting);
    rc = audit_append(db, who->actor, "record.reopen", obj, "reopened after the provisional edition for %s", what);
    if (!rc) rc = hansard_emit(db, sitting, "hansard.record", json_pack("{s:I,s:s}", "sitting", (json_int_t)sitting, "status", "drafting"));
  }
  return rc;
}

/* ---------------------------------------------------------------- record */
int hansard_record_ensure(Db *db, const MeetingActor *who, int64_t sitting) {
  if (!can(who, CAP_HANSARD_REPORT) && !can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only the Hansard staff open a record");
  int rc = db_begin(db);
  if (rc) return rc;
  int created;
  if ((rc = hansard_ensure_row(db, sitting, &created))) return hansard_finish(db, rc);
  if (created) {
    char obj[48];
    objname(obj, "record", sitting);
    rc = audit_append(db, who->actor, "record.create", obj, "record of sitting %lld opened", (long long)sitting);
  }
  return hansard_finish(db, rc);
}

int hansard_configure(Db *db, const MeetingActor *who, int64_t sitting, const HansardConfig *c) {
  if (!can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only a Hansard editor sets the recording's details");
  int64_t ms;
  if (c->media_started_at && hansard_iso_ms(c->media_started_at, &ms))
    return mj_fail(MJ_EINVAL, "the recording's start must be a date-time YYYY-MM-DDTHH:MM:SS (UTC, or with +HH:MM)");
  if (c->take_seconds && (c->take_seconds < 60 || c->take_seconds > 7200))
    return mj_fail(MJ_EINVAL, "a take lasts from 60 to 7200 seconds, not %d", c->take_seconds);
  if (c->media_url && (strlen(c->media_url) > 1000 || !hansard_text_ok(c->media_url) || strchr(c->media_url, '\n')))
    return mj_fail(MJ_EINVAL, "the media address must be one line of at most 1000 characters");
  int rc = db_begin(db);
  if (rc) return rc;
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "final") == 0) return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the final edition is published; nothing changes"));
  if (c->take_seconds && db_int(db, "SELECT count(*) FROM take WHERE sitting_id=?1 AND status<>'draft'", 1, sitting, 0))
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "takes are already being worked on; their length no longer changes"));
  char iso[40] = "";
  if (c->media_started_at) {
    char base[32];
    mj_iso8601(ms / 1000, base, sizeof base);
    if (ms % 1000) snprintf(iso, sizeof iso, "%.19s.%03dZ", base, (int)(ms % 1000));
    else mj_strlcpy(iso, base, sizeof iso);
  }
  sqlite3_stmt *st = db_stmt(db, "UPDATE record SET media_url=CASE WHEN ?2 IS NULL THEN media_url ELSE nullif(?2,'') END, "
                                 "media_started_at=coalesce(?3, media_started_at), "
                                 "take_seconds=CASE WHEN ?4>0 THEN ?4 ELSE take_seconds END WHERE sitting_id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  if (c->media_url) sqlite3_bind_text(st, 2, c->media_url, -1, SQLITE_STATIC);
  if (*iso) sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, c->take_seconds);
  if ((rc = hansard_step(db, st, "setting the recording's details"))) return hansard_finish(db, rc);
  if ((rc = touch(db, sitting))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "record", sitting);
  rc = audit_append(db, who->actor, "record.configure", obj, "media %s, started %s, takes %d s", c->media_url ? c->media_url : "(unchanged)",
                    *iso ? iso : "(unchanged)", c->take_seconds);
  return hansard_finish(db, rc);
}

/* ---------------------------------------------------------------- takes */
/* Users who may report: names given (comma-separated), else every enabled
** user with the role reporter, by name. Ids into the arena. */
int hansard_reporters(Db *db, Arena *a, const char *names, int64_t **ids, int *n) {
  *ids = NULL;
  *n = 0;
  int cap = 0;
  if (names && *names) {
    char *list = arena_strdup(a, names);
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      while (*t == ' ') t++;
      size_t l = strlen(t);
      while (l && t[l - 1] == ' ') t[--l] = 0;
      if (!*t) continue;
      sqlite3_stmt *st = db_stmt(db, "SELECT u.id, u.disabled, group_concat(r.role) FROM user u LEFT JOIN user_role r "
                                     "ON r.user_id=u.id WHERE u.name=?1 GROUP BY u.id");
      if (!st) return MJ_EIO;
      sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
      int64_t id = 0;
      int disabled = 0;
      unsigned caps = 0;
      if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        disabled = sqlite3_column_int(st, 1);
        const char *roles = (const char *)sqlite3_column_text(st, 2);
        char rb[256];
        mj_strlcpy(rb, roles ? roles : "", sizeof rb);
        for (char *s2 = NULL, *r = strtok_r(rb, ",", &s2); r; r = strtok_r(NULL, ",", &s2)) {
          const RoleDef *rd = user_role_find(r);
          if (rd) caps |= rd->caps;
        }
      }
      db_done(st);
      if (!id) return mj_fail(MJ_EINVAL, "there is no user '%s' to assign takes to", t);
      if (disabled) return mj_fail(MJ_EINVAL, "user '%s' is disabled", t);
      if (!(caps & CAP_HANSARD_REPORT)) return mj_fail(MJ_EINVAL, "user '%s' has no Hansard reporting role", t);
      for (int i = 0; i < *n; i++)
        if ((*ids)[i] == id) return mj_fail(MJ_EINVAL, "user '%s' is named twice", t);
      *ids = hansard_grow(a, *ids, *n, &cap, sizeof **ids);
      (*ids)[(*n)++] = id;
    }
    if (!*n) return mj_fail(MJ_EINVAL, "name at least one reporter");
    return MJ_OK;
  }
  sqlite3_stmt *st = db_stmt(db, "SELECT u.id FROM user u JOIN user_role r ON r.user_id=u.id AND r.role='reporter' "
                                 "WHERE u.disabled=0 ORDER BY u.name");
  if (!st) return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW) {
    *ids = hansard_grow(a, *ids, *n, &cap, sizeof **ids);
    (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
  }
  db_done(st);
  return MJ_OK;
}

/* Media time 0 in epoch ms: record.media_started_at, else the sitting's
** opening; 0 when neither is known. */
int64_t hansard_media_zero(Db *db, int64_t sitting) {
  sqlite3_stmt *st = db_stmt(db, "SELECT r.media_started_at, s.opened_at, s.date, s.start_time FROM sitting s "
                                 "LEFT JOIN record r ON r.sitting_id=s.id WHERE s.id=?1");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, sitting);
  int64_t ms = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *m = (const char *)sqlite3_column_text(st, 0), *o = (const char *)sqlite3_column_text(st, 1);
    if (!(m && !hansard_iso_ms(m, &ms)) && !(o && !hansard_iso_ms(o, &ms))) ms = 0;
  }
  db_done(st);
  return ms;
}

/* Re-links speeches and segments to the take covering their start. */
static int relink(Db *db, int64_t sitting) {
  sqlite3_stmt *st = db_stmt(db, "UPDATE speech SET take_id=(SELECT t.id FROM take t WHERE t.sitting_id=speech.sitting_id "
                                 "AND speech.media_start_ms>=t.start_ms AND speech.media_start_ms<t.end_ms ORDER BY t.number LIMIT 1) "
                                 "WHERE sitting_id=?1 AND media_start_ms IS NOT NULL");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int rc = hansard_step(db, st, "linking speeches to takes");
  if (rc) return rc;
  st = db_stmt(db, "UPDATE asr_segment SET take_id=(SELECT t.id FROM take t WHERE t.sitting_id=asr_segment.sitting_id "
                   "AND asr_segment.start_ms>=t.start_ms AND asr_segment.start_ms<t.end_ms ORDER BY t.number LIMIT 1) "
                   "WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  return hansard_step(db, st, "linking segments to takes");
}

static int insert_take(Db *db, int64_t sitting, int number, int64_t start, int64_t end, int64_t reporter, const char *by) {
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO take(sitting_id,number,start_ms,end_ms,reporter_id,updated_at,updated_by) "
                                 "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int(st, 2, number);
  sqlite3_bind_int64(st, 3, start);
  sqlite3_bind_int64(st, 4, end);
  if (reporter) sqlite3_bind_int64(st, 5, reporter);
  sqlite3_bind_text(st, 6, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 7, by, -1, SQLITE_STATIC);
  return hansard_step(db, st, "adding a take");
}

/* Appends takes of `seconds` after the last one until upto_ms is covered;
** reporters (may be none) rotate by take number. Inside a transaction. */
int hansard_extend_takes(Db *db, int64_t sitting, int64_t upto_ms, int seconds, const int64_t *rep, int nrep,
                         const char *by, int *created) {
  *created = 0;
  int64_t len = (int64_t)seconds * 1000;
  int64_t end = db_int(db, "SELECT coalesce(max(end_ms),0) FROM take WHERE sitting_id=?1", 1, sitting, 0);
  int number = (int)db_int(db, "SELECT coalesce(max(number),0) FROM take WHERE sitting_id=?1", 1, sitting, 0);
  int rc = MJ_OK;
  while (!rc && end <= upto_ms && upto_ms > 0) {
    number++;
    rc = insert_take(db, sitting, number, end, end + len, nrep ? rep[(number - 1) % nrep] : 0, by);
    end += len;
    (*created)++;
    if (number > 100000) return mj_fail(MJ_ETOOBIG, "more than 100000 takes");
  }
  return rc;
}

/* The recording's length: segments and speeches, else the speakers' list,
** else the sitting's opening to its closing. 0 when unknown. */
static int64_t recording_length(Db *db, int64_t sitting) {
  int64_t end = db_int(db, "SELECT max(coalesce((SELECT max(end_ms) FROM asr_segment WHERE sitting_id=?1),0), "
                           "coalesce((SELECT max(media_end_ms) FROM speech WHERE sitting_id=?1),0))", 1, sitting, 0);
  if (end > 0) return end;
  int64_t zero = hansard_media_zero(db, sitting);
  if (zero > 0) {
    int64_t last = db_int(db, "SELECT max(coalesce(r.ended_ms, r.started_ms)) FROM speaker_request r JOIN agenda_item i "
                              "ON i.id=r.agenda_item_id WHERE i.sitting_id=?1", 1, sitting, 0);
    if (last > zero) return last - zero;
  }
  sqlite3_stmt *st = db_stmt(db, "SELECT opened_at, closed_at FROM sitting WHERE id=?1");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, sitting);
  int64_t a = 0, b = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *o = (const char *)sqlite3_column_text(st, 0), *c = (const char *)sqlite3_column_text(st, 1);
    if (!o || hansard_iso_ms(o, &a)) a = 0;
    if (!c || hansard_iso_ms(c, &b)) b = 0;
  }
  db_done(st);
  return a && b > a ? b - a : 0;
}

int hansard_assign(Db *db, const MeetingActor *who, int64_t sitting, const HansardAssign *in, HansardAssignResult *res) {
  memset(res, 0, sizeof *res);
  if (!can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only a Hansard editor assigns takes");
  if (in->take_seconds && (in->take_seconds < 60 || in->take_seconds > 7200))
    return mj_fail(MJ_EINVAL, "a take lasts from 60 to 7200 seconds (1 to 120 minutes), not %d seconds", in->take_seconds);
  if (in->duration_ms < 0 || in->duration_ms > SEG_MAX_MS) return mj_fail(MJ_EINVAL, "the recording lasts at most 48 hours");
  int rc = db_begin(db);
  if (rc) return rc;
  Arena *a = arena_new();
  char status[16];
  int64_t *rep = NULL;
  int nrep = 0;
  if ((rc = hansard_status_of(db, sitting, status))) goto out;
  if (strcmp(status, "drafting") != 0) {
    rc = mj_fail(MJ_ECONFLICT, "takes are assigned while the record is being drafted; it is in %s", status);
    goto out;
  }
  if ((rc = hansard_reporters(db, a, in->reporters, &rep, &nrep))) goto out;
  if (!nrep) {
    rc = mj_fail(MJ_ECONFLICT, "there are no reporters: give users the role reporter, or name them (--reporters a,b)");
    goto out;
  }
  res->reporters = nrep;
  int seconds = in->take_seconds ? in->take_seconds
                                 : (int)db_int(db, "SELECT take_seconds FROM record WHERE sitting_id=?1", 1, sitting, HANSARD_TAKE_SECONDS);
  int64_t length = in->duration_ms ? in->duration_ms : recording_length(db, sitting);
  int64_t have = db_int(db, "SELECT count(*) FROM take WHERE sitting_id=?1", 1, sitting, 0);
  int64_t moved = db_int(db, "SELECT count(*) FROM take WHERE sitting_id=?1 AND status<>'draft'", 1, sitting, 0);
  if (!length && !have) {
    rc = mj_fail(MJ_EINVAL, "cannot tell how long the recording is (no segments, speeches with times, speakers' list "
                            "or opening and closing times): give its duration (--duration-minutes N on the command "
                            "line, duration_minutes in the API)");
    goto out;
  }
  const char *by = who->actor->user_name;
  sqlite3_stmt *st;
  if (!moved) {
    /* nothing worked on yet: cut the recording afresh */
    if (in->take_seconds && in->take_seconds != seconds) seconds = in->take_seconds;
    st = db_stmt(db, "UPDATE record SET take_seconds=?2 WHERE sitting_id=?1");
    if (!st) {
      rc = MJ_EIO;
      goto out;
    }
    sqlite3_bind_int64(st, 1, sitting);
    sqlite3_bind_int(st, 2, seconds);
    if ((rc = hansard_step(db, st, "setting the take length"))) goto out;
    if (!length) length = db_int(db, "SELECT max(end_ms) FROM take WHERE sitting_id=?1", 1, sitting, 0);
    st = db_stmt(db, "DELETE FROM take WHERE sitting_id=?1");
    if (!st) {
      rc = MJ_EIO;
      goto out;
    }
    sqlite3_bind_int64(st, 1, sitting);
    if ((rc = hansard_step(db, st, "re-cutting the takes"))) goto out;
    int64_t len = (int64_t)seconds * 1000;
    int number = 0;
    for (int64_t t = 0; t < length && !rc; t += len) {
      number++;
      rc = insert_take(db, sitting, number, t, t + len, rep[(number - 1) % nrep], by);
      res->assigned++;
    }
    res->created = number;
    if (rc) goto out;
  } else {
    if (in->take_seconds && in->take_seconds != seconds) {
      rc = mj_fail(MJ_ECONFLICT, "takes are already being worked on; their length (%d s) no longer changes", seconds);
      goto out;
    }
    /* rotate the reporters of the takes still in draft; cover the rest */
    st = db_stmt(db, "SELECT id, number FROM take WHERE sitting_id=?1 AND status='draft' ORDER BY number");
    if (!st) {
      rc = MJ_EIO;
      goto out;
    }
    sqlite3_bind_int64(st, 1, sitting);
    int64_t *tid = NULL;
    int *tnum = NULL, nt = 0, c1 = 0, c2 = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      tid = hansard_grow(a, tid, nt, &c1, sizeof *tid);
      tnum = hansard_grow(a, tnum, nt, &c2, sizeof *tnum);
      tid[nt] = sqlite3_column_int64(st, 0);
      tnum[nt++] = sqlite3_column_int(st, 1);
    }
    db_done(st);
    char at[32];
    hansard_now_iso(at);
    for (int i = 0; i < nt && !rc; i++) {
      st = db_stmt(db, "UPDATE take SET reporter_id=?2, updated_at=?3, updated_by=?4 WHERE id=?1");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, tid[i]);
      sqlite3_bind_int64(st, 2, rep[(tnum[i] - 1) % nrep]);
      sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
      rc = hansard_step(db, st, "assigning a take");
      res->assigned++;
    }
    if (!rc && length) {
      int created = 0;
      int64_t end = db_int(db, "SELECT max(end_ms) FROM take WHERE sitting_id=?1", 1, sitting, 0);
      if (length > end) rc = hansard_extend_takes(db, sitting, length - 1, seconds, rep, nrep, by, &created);
      res->created = created;
      res->assigned += created;
    }
    if (rc) goto out;
  }
  if ((rc = relink(db, sitting))) goto out;
  if ((rc = touch(db, sitting))) goto out;
  res->takes = (int)db_int(db, "SELECT count(*) FROM take WHERE sitting_id=?1", 1, sitting, 0);
  char obj[48];
  objname(obj, "record", sitting);
  rc = audit_append(db, who->actor, "take.assign", obj, "%d takes of %d s (%d new), %d assigned in rotation to %d reporters",
                    res->takes, seconds, res->created, res->assigned, nrep);
  if (!rc) rc = hansard_emit(db, sitting, "hansard.takes", json_pack("{s:I,s:i}", "sitting", (json_int_t)sitting, "takes", res->takes));
out:
  arena_free(a);
  return hansard_finish(db, rc);
}

int hansard_take_status(Db *db, const MeetingActor *who, int64_t take, const char *to) {
  if (!to || (strcmp(to, "draft") && strcmp(to, "edited") && strcmp(to, "reviewed")))
    return mj_fail(MJ_EINVAL, "a take's status is draft, edited or reviewed");
  int editor = can(who, CAP_HANSARD_EDIT);
  if (!editor && !can(who, CAP_HANSARD_REPORT)) return hansard_deny(who, "only the Hansard staff change a take");
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT sitting_id, coalesce(reporter_id,0), status, number FROM take WHERE id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, take);
  int64_t sitting = 0, reporter = 0;
  int number = 0;
  char from[16] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    sitting = sqlite3_column_int64(st, 0);
    reporter = sqlite3_column_int64(st, 1);
    mj_strlcpy(from, (const char *)sqlite3_column_text(st, 2), sizeof from);
    number = sqlite3_column_int(st, 3);
  }
  db_done(st);
  if (!sitting) return hansard_finish(db, mj_fail(MJ_ENOTFOUND, "there is no take %lld", (long long)take));
  if (strcmp(from, to) == 0) return hansard_finish(db, MJ_OK);
  if (!editor) {
    if (reporter != who->actor->user_id)
      return hansard_finish(db, hansard_deny(who, "this take is assigned to another reporter"));
    if (strcmp(from, "draft") != 0 || strcmp(to, "edited") != 0)
      return hansard_finish(db, hansard_deny(who, "a reporter marks their own take edited; an editor reviews it"));
  }
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "drafting") != 0)
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "takes change while the record is being drafted; it is in %s", status));
  char at[32];
  hansard_now_iso(at);
  st = db_stmt(db, "UPDATE take SET status=?2, updated_at=?3, updated_by=?4 WHERE id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, take);
  sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, who->actor->user_name, -1, SQLITE_STATIC);
  if ((rc = hansard_step(db, st, "changing the take"))) return hansard_finish(db, rc);
  if ((rc = touch(db, sitting))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "take", take);
  rc = audit_append(db, who->actor, "take.status", obj, "take %d of sitting %lld: %s -> %s%s", number, (long long)sitting, from, to,
                    strcmp(to, "reviewed") == 0 ? " (merged into the record)" : "");
  if (!rc)
    rc = hansard_emit(db, sitting, "hansard.take", json_pack("{s:I,s:I,s:i,s:s}", "sitting", (json_int_t)sitting, "take",
                                                             (json_int_t)take, "number", number, "status", to));
  return hansard_finish(db, rc);
}

/* ---------------------------------------------------------------- speeches */
typedef struct SpeechState {
  int64_t sitting, take, person;
  int version;
  char attribution[16], edited_by[80], edited_at[32], take_status[16];
  int64_t take_reporter;
  char *text;
} SpeechState;

static int load_speech(Db *db, int64_t speech, SpeechState *s) {
  memset(s, 0, sizeof *s);
  sqlite3_stmt *st = db_stmt(db, "SELECT sp.sitting_id, coalesce(sp.take_id,0), coalesce(sp.person_id,0), sp.version, "
                                 "sp.attribution, coalesce(sp.edited_by,''), coalesce(sp.edited_at,''), coalesce(t.status,''), "
                                 "coalesce(t.reporter_id,0), sp.text FROM speech sp LEFT JOIN take t ON t.id=sp.take_id WHERE sp.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, speech);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no speech %lld", (long long)speech);
  if (sqlite3_step(st) == SQLITE_ROW) {
    s->sitting = sqlite3_column_int64(st, 0);
    s->take = sqlite3_column_int64(st, 1);
    s->person = sqlite3_column_int64(st, 2);
    s->version = sqlite3_column_int(st, 3);
    mj_strlcpy(s->attribution, (const char *)sqlite3_column_text(st, 4), sizeof s->attribution);
    mj_strlcpy(s->edited_by, (const char *)sqlite3_column_text(st, 5), sizeof s->edited_by);
    mj_strlcpy(s->edited_at, (const char *)sqlite3_column_text(st, 6), sizeof s->edited_at);
    mj_strlcpy(s->take_status, (const char *)sqlite3_column_text(st, 7), sizeof s->take_status);
    s->take_reporter = sqlite3_column_int64(st, 8);
    s->text = xstrdup((const char *)sqlite3_column_text(st, 9));
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

/* Resolves the open attribution flags of a speech. */
static int resolve_attribution_flags(Db *db, int64_t speech, const char *by, const char *why) {
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE record_flag SET status='resolved', resolution=?2, resolved_by=?3, resolved_at=?4 "
                                 "WHERE speech_id=?1 AND kind='attribution' AND status='open'");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, speech);
  sqlite3_bind_text(st, 2, why, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
  return hansard_step(db, st, "resolving attribution flags");
}

int hansard_speech_edit(Db *db, const MeetingActor *who, int64_t speech, const HansardEdit *e, int *new_version,
                        HansardConflict *conflict) {
  if (conflict) memset(conflict, 0, sizeof *conflict);
  int editor = can(who, CAP_HANSARD_EDIT);
  if (!editor && !can(who, CAP_HANSARD_REPORT))
    return hansard_deny(who, "only Hansard reporters and editors edit the record; a member proposes corrections to their own speeches");
  int rc;
  if (e->text && (rc = check_text(e->text, "editing a speech"))) return rc;
  if (e->version < 1) return mj_fail(MJ_EINVAL, "give the version of the speech you edited (for conflict detection)");
  int attrib = e->person_id || e->confirm_attribution;
  if (attrib && !editor) return hansard_deny(who, "only an editor attributes a speech to a speaker");
  if (e->label && (strlen(e->label) > 300 || !hansard_text_ok(e->label) || strchr(e->label, '\n')))
    return mj_fail(MJ_EINVAL, "the speaker label is one line of at most 300 characters");
  if (e->role && (strlen(e->role) > 200 || !hansard_text_ok(e->role) || strchr(e->role, '\n')))
    return mj_fail(MJ_EINVAL, "the role is one line of at most 200 characters");
  if (!e->text && !attrib && !e->label && !e->role) return mj_fail(MJ_EINVAL, "nothing to change: give a text or an attribution");
  if ((rc = db_begin(db))) return rc;
  SpeechState s;
  if ((rc = load_speech(db, speech, &s))) return hansard_finish(db, rc);
  if (!editor) {
    if (s.take && s.take_reporter != who->actor->user_id) {
      free(s.text);
      return hansard_finish(db, hansard_deny(who, "this speech is in a take assigned to another reporter"));
    }
    if (strcmp(s.take_status, "reviewed") == 0) {
      free(s.text);
      return hansard_finish(db, hansard_deny(who, "this take is reviewed; only an editor changes it now"));
    }
  }
  if (e->version != s.version) {
    if (conflict) {
      conflict->current_version = s.version;
      mj_strlcpy(conflict->edited_by, *s.edited_by ? s.edited_by : "(the import)", sizeof conflict->edited_by);
      mj_strlcpy(conflict->edited_at, s.edited_at, sizeof conflict->edited_at);
    }
    rc = mj_fail(MJ_ECONFLICT, "speech %lld was changed by %s at %s (now version %d, you edited version %d); reload it and "
                 "apply your change again", (long long)speech, *s.edited_by ? s.edited_by : "the import",
                 *s.edited_at ? s.edited_at : "import", s.version, e->version);
    free(s.text);
    return hansard_finish(db, rc);
  }
  free(s.text);
  if (e->person_id && !db_int(db, "SELECT count(*) FROM person WHERE id=?1", 1, e->person_id, 0))
    return hansard_finish(db, mj_fail(MJ_EINVAL, "there is no person %lld", (long long)e->person_id));
  if ((rc = open_for_change(db, who, s.sitting, editor, "editing a speech"))) return hansard_finish(db, rc);
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE speech SET text=coalesce(?3,text), version=version+1, edited_by=?4, edited_at=?5, "
                                 "person_id=CASE WHEN ?6>0 THEN ?6 ELSE person_id END, "
                                 "label=CASE WHEN ?7 IS NULL THEN label ELSE nullif(?7,'') END, "
                                 "role=CASE WHEN ?8 IS NULL THEN role ELSE nullif(?8,'') END, "
                                 "attribution=CASE WHEN ?9 THEN 'confirmed' ELSE attribution END "
                                 "WHERE id=?1 AND version=?2");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, speech);
  sqlite3_bind_int(st, 2, e->version);
  if (e->text) sqlite3_bind_text(st, 3, e->text, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, who->actor->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 6, e->person_id);
  if (e->label) sqlite3_bind_text(st, 7, e->label, -1, SQLITE_STATIC);
  if (e->role) sqlite3_bind_text(st, 8, e->role, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 9, attrib);
  if ((rc = hansard_step(db, st, "saving the speech"))) return hansard_finish(db, rc);
  if (sqlite3_changes(db_handle(db)) != 1) return hansard_finish(db, mj_fail(MJ_ECONFLICT, "speech %lld changed meanwhile", (long long)speech));
  if (attrib && (rc = resolve_attribution_flags(db, speech, who->actor->user_name, "attribution confirmed by the editor")))
    return hansard_finish(db, rc);
  if ((rc = touch(db, s.sitting))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "speech", speech);
  rc = audit_append(db, who->actor, "speech.edit", obj, "version %d -> %d%s%s%s", e->version, e->version + 1,
                    e->text ? "; text edited" : "", attrib ? "; attribution confirmed" : "",
                    e->person_id ? " (speaker changed)" : "");
  if (!rc)
    rc = hansard_emit(db, s.sitting, "hansard.speech", json_pack("{s:I,s:I,s:i}", "sitting", (json_int_t)s.sitting, "speech",
                                                                 (json_int_t)speech, "version", e->version + 1));
  if (!rc && new_version) *new_version = e->version + 1;
  return hansard_finish(db, rc);
}

/* ---------------------------------------------------------------- flags */
int hansard_flag_add(Db *db, const MeetingActor *who, int64_t sitting, int64_t speech, const char *kind, const char *detail,
                     int64_t *id) {
  if (!can(who, CAP_HANSARD_REPORT) && !can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only the Hansard staff raise flags");
  if (!kind || (strcmp(kind, "note") && strcmp(kind, "attribution")))
    return mj_fail(MJ_EINVAL, "a flag raised by hand is a note or an attribution doubt");
  if (!detail || !*detail || strlen(detail) > 1000 || !hansard_text_ok(detail))
    return mj_fail(MJ_EINVAL, "say what the flag is about (at most 1000 characters)");
  int rc = db_begin(db);
  if (rc) return rc;
  int64_t ms0 = -1, ms1 = -1;
  if (speech) {
    sqlite3_stmt *st = db_stmt(db, "SELECT sitting_id, media_start_ms, media_end_ms FROM speech WHERE id=?1");
    if (!st) return hansard_finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, speech);
    int64_t s = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
      s = sqlite3_column_int64(st, 0);
      if (sqlite3_column_type(st, 1) != SQLITE_NULL) ms0 = sqlite3_column_int64(st, 1);
      if (sqlite3_column_type(st, 2) != SQLITE_NULL) ms1 = sqlite3_column_int64(st, 2);
    }
    db_done(st);
    if (!s) return hansard_finish(db, mj_fail(MJ_ENOTFOUND, "there is no speech %lld", (long long)speech));
    if (sitting && sitting != s) return hansard_finish(db, mj_fail(MJ_EINVAL, "speech %lld is not in sitting %lld", (long long)speech, (long long)sitting));
    sitting = s;
  }
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "drafting") && strcmp(status, "member_review"))
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "flags are raised while the record is drafted or reviewed; it is %s", status));
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO record_flag(sitting_id,speech_id,kind,start_ms,end_ms,detail,created_at) "
                                 "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  if (speech) sqlite3_bind_int64(st, 2, speech);
  sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
  if (ms0 >= 0) sqlite3_bind_int64(st, 4, ms0);
  if (ms1 >= 0) sqlite3_bind_int64(st, 5, ms1);
  sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, at, -1, SQLITE_TRANSIENT);
  if ((rc = hansard_step(db, st, "raising a flag"))) return hansard_finish(db, rc);
  int64_t fid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "flag", fid);
  rc = audit_append(db, who->actor, "flag.raise", obj, "%s flag on sitting %lld speech %lld", kind, (long long)sitting, (long long)speech);
  if (!rc) rc = hansard_emit(db, sitting, "hansard.flag", json_pack("{s:I,s:I,s:s}", "sitting", (json_int_t)sitting, "flag", (json_int_t)fid, "status", "open"));
  if (!rc && id) *id = fid;
  return hansard_finish(db, rc);
}

int hansard_flag_resolve(Db *db, const MeetingActor *who, int64_t flag, const char *resolution) {
  if (!can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only a Hansard editor resolves flags");
  if (!resolution || !*resolution || strlen(resolution) > 1000 || !hansard_text_ok(resolution))
    return mj_fail(MJ_EINVAL, "say how the flag was resolved (at most 1000 characters)");
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT sitting_id, status, kind FROM record_flag WHERE id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, flag);
  int64_t sitting = 0;
  char fstatus[16] = "", kind[24] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    sitting = sqlite3_column_int64(st, 0);
    mj_strlcpy(fstatus, (const char *)sqlite3_column_text(st, 1), sizeof fstatus);
    mj_strlcpy(kind, (const char *)sqlite3_column_text(st, 2), sizeof kind);
  }
  db_done(st);
  if (!sitting) return hansard_finish(db, mj_fail(MJ_ENOTFOUND, "there is no flag %lld", (long long)flag));
  if (strcmp(fstatus, "open") != 0) return hansard_finish(db, mj_fail(MJ_ECONFLICT, "flag %lld is already resolved", (long long)flag));
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "drafting") && strcmp(status, "member_review"))
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the record is %s; flags are resolved before certification", status));
  char at[32];
  hansard_now_iso(at);
  st = db_stmt(db, "UPDATE record_flag SET status='resolved', resolution=?2, resolved_by=?3, resolved_at=?4 WHERE id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, flag);
  sqlite3_bind_text(st, 2, resolution, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, who->actor->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
  if ((rc = hansard_step(db, st, "resolving the flag"))) return hansard_finish(db, rc);
  if ((rc = touch(db, sitting))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "flag", flag);
  rc = audit_append(db, who->actor, "flag.resolve", obj, "%s flag resolved: %.200s", kind, resolution);
  if (!rc) rc = hansard_emit(db, sitting, "hansard.flag", json_pack("{s:I,s:I,s:s}", "sitting", (json_int_t)sitting, "flag", (json_int_t)flag, "status", "resolved"));
  return hansard_finish(db, rc);
}

/* ---------------------------------------------------------------- member review */
/* Runs sql (one int64 parameter: the sitting) and lists the first max
** values of its first column in b, "1, 2, 3 and 4 more"; returns the count
** (-1 on a database error). */
static int list_ints(Db *db, const char *sql, int64_t sitting, Buf *b, int max) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, sitting);
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (n < max) buf_printf(b, "%s%lld", n ? ", " : "", (long long)sqlite3_column_int64(st, 0));
    n++;
  }
  if (n > max) buf_printf(b, " and %d more", n - max);
  db_done(st);
  return n;
}

int hansard_review_open(Db *db, const MeetingActor *who, int64_t sitting, int hours) {
  if (!can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only a Hansard editor opens the member review");
  if (hours < 1 || hours > 2160) return mj_fail(MJ_EINVAL, "the review window lasts from 1 hour to 90 days (2160 hours), not %d", hours);
  int rc = db_begin(db);
  if (rc) return rc;
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "drafting") && strcmp(status, "provisional") && strcmp(status, "member_review"))
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the member review opens on a record being drafted or a provisional edition; "
                                                    "this one is %s", status));
  Buf b;
  buf_init(&b, 1024);
  int n = list_ints(db, "SELECT number FROM take WHERE sitting_id=?1 AND status<>'reviewed' ORDER BY number", sitting, &b, 10);
  if (n) {
    rc = mj_fail(MJ_ECONFLICT, "members review the merged record: take%s %s %s not reviewed yet", n == 1 ? "" : "s", b.p,
                 n == 1 ? "is" : "are");
    buf_free(&b);
    return hansard_finish(db, rc);
  }
  buf_free(&b);
  if (!db_int(db, "SELECT count(*) FROM speech WHERE sitting_id=?1", 1, sitting, 0))
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "sitting %lld has no speeches to review", (long long)sitting));
  char until[32];
  mj_iso8601(mj_now_ms() / 1000 + (int64_t)hours * 3600, until, sizeof until);
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE record SET status='member_review', review_until=?2, updated_at=?3, certified_by=NULL, "
                                 "certified_at=NULL WHERE sitting_id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, until, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
  if ((rc = hansard_step(db, st, "opening the member review"))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "record", sitting);
  rc = audit_append(db, who->actor, "record.review", obj, "member review open for %d hours, until %s (was %s)", hours, until, status);
  if (!rc)
    rc = hansard_emit(db, sitting, "hansard.record", json_pack("{s:I,s:s,s:s}", "sitting", (json_int_t)sitting, "status", "member_review",
                                                                "review_until", until));
  return hansard_finish(db, rc);
}

int hansard_review_close(Db *db, const MeetingActor *who, int64_t sitting) {
  if (!can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only a Hansard editor closes the member review");
  int rc = db_begin(db);
  if (rc) return rc;
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "member_review") != 0)
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the record is %s, not in member review", status));
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE record SET review_until=?2, updated_at=?2 WHERE sitting_id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
  if ((rc = hansard_step(db, st, "closing the member review"))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "record", sitting);
  rc = audit_append(db, who->actor, "record.review_close", obj, "member review closed at %s", at);
  if (!rc)
    rc = hansard_emit(db, sitting, "hansard.record", json_pack("{s:I,s:s,s:s}", "sitting", (json_int_t)sitting, "status", "member_review",
                                                                "review_until", at));
  return hansard_finish(db, rc);
}

int hansard_correction_propose(Db *db, const MeetingActor *who, int64_t speech, const char *text, const char *reason, int64_t *id) {
  if (!who->person_id) return hansard_deny(who, "only a member proposes corrections, to their own speeches");
  int rc = check_text(text, "a correction");
  if (rc) return rc;
  if (reason && (strlen(reason) > 1000 || !hansard_text_ok(reason))) return mj_fail(MJ_EINVAL, "the reason may have at most 1000 characters");
  if ((rc = db_begin(db))) return rc;
  SpeechState s;
  if ((rc = load_speech(db, speech, &s))) return hansard_finish(db, rc);
  int same = strcmp(s.text, text) == 0;
  free(s.text);
  if (s.person != who->person_id)
    return hansard_finish(db, mj_fail(MJ_EDENIED, "a member may correct only their own speeches; speech %lld is someone else's",
                                      (long long)speech));
  sqlite3_stmt *st = db_stmt(db, "SELECT status, review_until, review_until > strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                                 "FROM record WHERE sitting_id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, s.sitting);
  char status[16] = "drafting", until[32] = "";
  int open = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    mj_strlcpy(status, (const char *)sqlite3_column_text(st, 0), sizeof status);
    if (sqlite3_column_text(st, 1)) mj_strlcpy(until, (const char *)sqlite3_column_text(st, 1), sizeof until);
    open = sqlite3_column_int(st, 2);
  }
  db_done(st);
  if (strcmp(status, "member_review") != 0)
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "corrections are proposed during the member review; the record is %s", status));
  if (!open) return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the member review closed at %s", until));
  if (same) return hansard_finish(db, mj_fail(MJ_EINVAL, "the proposed text is the speech's text as it stands"));
  char at[32];
  hansard_now_iso(at);
  st = db_stmt(db, "INSERT INTO speech_correction(speech_id,person_id,base_version,proposed_text,reason,proposed_by,proposed_at) "
                   "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, speech);
  sqlite3_bind_int64(st, 2, who->person_id);
  sqlite3_bind_int(st, 3, s.version);
  sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
  if (reason && *reason) sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, who->actor->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, at, -1, SQLITE_TRANSIENT);
  if ((rc = hansard_step(db, st, "recording the correction"))) return hansard_finish(db, rc);
  int64_t cid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "correction", cid);
  rc = audit_append(db, who->actor, "correction.propose", obj, "correction of speech %lld (version %d) proposed", (long long)speech, s.version);
  if (!rc)
    rc = hansard_emit(db, s.sitting, "hansard.correction", json_pack("{s:I,s:I,s:I,s:s}", "sitting", (json_int_t)s.sitting, "speech",
                                                                     (json_int_t)speech, "correction", (json_int_t)cid, "status", "pending"));
  if (!rc && id) *id = cid;
  return hansard_finish(db, rc);
}

int hansard_correction_decide(Db *db, const MeetingActor *who, int64_t correction, int accept, const char *note) {
  if (!can(who, CAP_HANSARD_EDIT)) return hansard_deny(who, "only a Hansard editor decides on corrections");
  if (note && (strlen(note) > 1000 || !hansard_text_ok(note))) return mj_fail(MJ_EINVAL, "the note may have at most 1000 characters");
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT c.speech_id, c.base_version, c.status, c.proposed_text, sp.version, sp.sitting_id, c.proposed_by "
                                 "FROM speech_correction c JOIN speech sp ON sp.id=c.speech_id WHERE c.id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, correction);
  int64_t speech = 0, sitting = 0;
  int base = 0, cur = 0;
  char cstatus[16] = "", by[80] = "";
  char *text = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    speech = sqlite3_column_int64(st, 0);
    base = sqlite3_column_int(st, 1);
    mj_strlcpy(cstatus, (const char *)sqlite3_column_text(st, 2), sizeof cstatus);
    text = xstrdup((const char *)sqlite3_column_text(st, 3));
    cur = sqlite3_column_int(st, 4);
    sitting = sqlite3_column_int64(st, 5);
    mj_strlcpy(by, (const char *)sqlite3_column_text(st, 6), sizeof by);
  }
  db_done(st);
  if (!speech) return hansard_finish(db, mj_fail(MJ_ENOTFOUND, "there is no correction %lld", (long long)correction));
  if (strcmp(cstatus, "pending") != 0) {
    free(text);
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "correction %lld is already %s", (long long)correction, cstatus));
  }
  if (accept && base != cur) {
    free(text);
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "speech %lld changed since the correction was proposed (version %d, now %d): "
                                                    "reject it, or edit the speech by hand", (long long)speech, base, cur));
  }
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status)) ||
      (accept && (rc = open_for_change(db, who, sitting, 1, "accepting a correction")))) {
    free(text);
    return hansard_finish(db, rc);
  }
  if (!accept && strcmp(status, "drafting") && strcmp(status, "member_review")) {
    free(text);
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the record is %s", status));
  }
  char at[32];
  hansard_now_iso(at);
  if (accept) {
    st = db_stmt(db, "UPDATE speech SET text=?2, version=version+1, edited_by=?3, edited_at=?4 WHERE id=?1 AND version=?5");
    if (!st) {
      free(text);
      return hansard_finish(db, MJ_EIO);
    }
    sqlite3_bind_int64(st, 1, speech);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, who->actor->user_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, cur);
    rc = hansard_step(db, st, "applying the correction");
  }
  free(text);
  if (rc) return hansard_finish(db, rc);
  st = db_stmt(db, "UPDATE speech_correction SET status=?2, decided_by=?3, decided_at=?4, decision_note=?5 WHERE id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, correction);
  sqlite3_bind_text(st, 2, accept ? "accepted" : "rejected", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, who->actor->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
  if (note && *note) sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
  if ((rc = hansard_step(db, st, "recording the decision"))) return hansard_finish(db, rc);
  if ((rc = touch(db, sitting))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "correction", correction);
  if (accept)
    rc = audit_append(db, who->actor, "correction.accept", obj, "correction by %s of speech %lld accepted (version %d -> %d)%s%.200s",
                      by, (long long)speech, cur, cur + 1, note && *note ? ": " : "", note ? note : "");
  else
    rc = audit_append(db, who->actor, "correction.reject", obj, "correction by %s of speech %lld rejected%s%.200s", by,
                      (long long)speech, note && *note ? ": " : "", note ? note : "");
  if (!rc)
    rc = hansard_emit(db, sitting, "hansard.correction", json_pack("{s:I,s:I,s:I,s:s}", "sitting", (json_int_t)sitting, "speech",
                                                                   (json_int_t)speech, "correction", (json_int_t)correction, "status",
                                                                   accept ? "accepted" : "rejected"));
  return hansard_finish(db, rc);
}

/* ---------------------------------------------------------------- certify, publish */
int hansard_certify(Db *db, const MeetingActor *who, int64_t sitting) {
  if (!can(who, CAP_HANSARD_CERTIFY)) return hansard_deny(who, "only the Hansard certifier certifies the record");
  int rc = db_begin(db);
  if (rc) return rc;
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "certified") == 0) return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the record is already certified; publish it"));
  if (strcmp(status, "final") == 0) return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the final edition is published; nothing to certify"));
  if (strcmp(status, "provisional") == 0)
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "the provisional edition is certified and unchanged since; publish the final "
                                                    "edition, or correct the record first"));
  Buf why, b;
  buf_init(&why, 4096);
  buf_init(&b, 1024);
  int reasons = 0;
  if (!db_int(db, "SELECT count(*) FROM speech WHERE sitting_id=?1", 1, sitting, 0)) {
    buf_puts(&why, "there are no speeches");
    reasons++;
  }
  int n = list_ints(db, "SELECT id FROM record_flag WHERE sitting_id=?1 AND status='open' ORDER BY id", sitting, &b, 10);
  if (n > 0) buf_printf(&why, "%s%d open flag%s (%s)", reasons++ ? "; " : "", n, n == 1 ? "" : "s", b.p);
  buf_reset(&b);
  n = list_ints(db, "SELECT number FROM take WHERE sitting_id=?1 AND status<>'reviewed' ORDER BY number", sitting, &b, 10);
  if (n > 0) buf_printf(&why, "%stake%s %s not reviewed", reasons++ ? "; " : "", n == 1 ? "" : "s", b.p);
  buf_reset(&b);
  n = list_ints(db, "SELECT c.id FROM speech_correction c JOIN speech s ON s.id=c.speech_id WHERE s.sitting_id=?1 "
                    "AND c.status='pending' ORDER BY c.id", sitting, &b, 10);
  if (n > 0) buf_printf(&why, "%s%d pending correction%s (%s)", reasons++ ? "; " : "", n, n == 1 ? "" : "s", b.p);
  buf_reset(&b);
  n = list_ints(db, "SELECT id FROM speech WHERE sitting_id=?1 AND attribution='proposed' ORDER BY position", sitting, &b, 10);
  if (n > 0) buf_printf(&why, "%s%d speech%s with only a proposed speaker (%s)", reasons++ ? "; " : "", n, n == 1 ? "" : "es", b.p);
  if (strcmp(status, "member_review") == 0 &&
      db_int(db, "SELECT count(*) FROM record WHERE sitting_id=?1 AND review_until > strftime('%Y-%m-%dT%H:%M:%SZ','now')", 1, sitting, 0))
    buf_printf(&why, "%sthe member review is still open", reasons++ ? "; " : "");
  buf_free(&b);
  if (reasons) {
    rc = mj_fail(MJ_ECONFLICT, "the record of sitting %lld cannot be certified yet: %s", (long long)sitting, why.p);
    buf_free(&why);
    return hansard_finish(db, rc);
  }
  buf_free(&why);
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE record SET status='certified', certified_by=?2, certified_at=?3, updated_at=?3 WHERE sitting_id=?1");
  if (!st) return hansard_finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, who->actor->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
  if ((rc = hansard_step(db, st, "certifying the record"))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "record", sitting);
  rc = audit_append(db, who->actor, "record.certify", obj, "record of sitting %lld certified (was %s)", (long long)sitting, status);
  if (!rc) rc = hansard_emit(db, sitting, "hansard.record", json_pack("{s:I,s:s}", "sitting", (json_int_t)sitting, "status", "certified"));
  return hansard_finish(db, rc);
}

int hansard_publish(Db *db, const MeetingActor *who, int64_t sitting, const char *kind, const char *note, int64_t *edition_id,
                    int *number) {
  if (!can(who, CAP_HANSARD_CERTIFY)) return hansard_deny(who, "only the Hansard certifier publishes editions");
  if (!kind || (strcmp(kind, "provisional") && strcmp(kind, "final")))
    return mj_fail(MJ_EINVAL, "an edition is provisional or final");
  if (note && (strlen(note) > 1000 || !hansard_text_ok(note))) return mj_fail(MJ_EINVAL, "the note may have at most 1000 characters");
  int rc = db_begin(db);
  if (rc) return rc;
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) return hansard_finish(db, rc);
  if (strcmp(status, "certified") != 0)
    return hansard_finish(db, mj_fail(MJ_ECONFLICT, "an uncertified record cannot be published: the record of sitting %lld is %s",
                                      (long long)sitting, strcmp(status, "final") == 0 ? "final already" : status));
  char *json = NULL;
  if ((rc = hansard_snapshot(db, sitting, &json))) return hansard_finish(db, rc);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)json, strlen(json));
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  int num = (int)db_int(db, "SELECT coalesce(max(number),0)+1 FROM edition WHERE sitting_id=?1", 1, sitting, 1);
  char at[32];
  hansard_now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO edition(sitting_id,number,kind,published_at,published_by,note,content,sha256) "
                                 "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  if (!st) {
    free(json);
    return hansard_finish(db, MJ_EIO);
  }
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int(st, 2, num);
  sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, who->actor->user_name, -1, SQLITE_STATIC);
  if (note && *note) sqlite3_bind_text(st, 6, note, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, json, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, hex, -1, SQLITE_TRANSIENT);
  rc = hansard_step(db, st, "publishing the edition");
  free(json);
  if (rc) return hansard_finish(db, rc);
  int64_t eid = sqlite3_last_insert_rowid(db_handle(db));
  if ((rc = set_status(db, sitting, kind))) return hansard_finish(db, rc);
  char obj[48];
  objname(obj, "edition", eid);
  rc = audit_append(db, who->actor, "edition.publish", obj, "%s edition %d of sitting %lld published, sha256 %s", kind, num,
                    (long long)sitting, hex);
  if (!rc)
    rc = hansard_emit(db, sitting, "hansard.edition", json_pack("{s:I,s:I,s:i,s:s}", "sitting", (json_int_t)sitting, "edition",
                                                                (json_int_t)eid, "number", num, "kind", kind));
  if (!rc) {
    if (edition_id) *edition_id = eid;
    if (number) *number = num;
  }
  return hansard_finish(db, rc);
}
