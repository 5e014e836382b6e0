/*
** meeting.c: the eMeeting rules. Each public function is one transaction:
** BEGIN IMMEDIATE, check the actor and the state, write, audit, append the
** live event, COMMIT, then event_notify(). Because every ballot and every
** close take the write lock, a ballot either commits before the close (and
** is counted) or sees the vote closed (and is refused): nothing is counted
** after close. One ballot per member per vote is the ballot table's
** primary key, not only this code.
*/
#include "meeting.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "user.h"
#include "vote.h"

/* ---- small helpers ---- */
static void now_iso(char out[32]) { mj_iso8601(mj_now_ms() / 1000, out, 32); }

static int caps(const MeetingActor *w, unsigned need) { return (w->actor->caps & need) == need; }

static int deny(const MeetingActor *w, const char *what) {
  return mj_fail(w->actor->user_id || (w->actor->caps & ~CAP_READ_PUBLIC) ? MJ_EDENIED : MJ_EAUTH, "%s", what);
}

static int finish(Db *db, int rc) {
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

/* Appends a live event whose payload is a JSON object built with json_pack. */
static int emit(Db *db, int64_t sitting, const char *type, json_t *payload) {
  if (!payload) return mj_fail(MJ_EINTERNAL, "building the %s event", type);
  char *s = json_dumps(payload, JSON_COMPACT);
  json_decref(payload);
  int rc = event_append(db, sitting, type, s, NULL);
  free(s);
  return rc;
}

static int valid_date(const char *d) {
  if (!d || strlen(d) != 10) return 0;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = strptime(d, "%Y-%m-%d", &tm);
  if (!end || *end) return 0;
  char back[16];
  strftime(back, sizeof back, "%Y-%m-%d", &tm);
  /* strptime takes any day 1-31 in any month: the month's length decides */
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = tm.tm_year + 1900;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int last = tm.tm_mon >= 0 && tm.tm_mon < 12 ? mdays[tm.tm_mon] + (tm.tm_mon == 1 && leap) : 0;
  return strcmp(back, d) == 0 && tm.tm_mday >= 1 && tm.tm_mday <= last;
}

static int valid_time(const char *t) {
  return t && strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' && t[2] == ':' &&
         t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' && (t[0] < '2' || t[1] <= '3');
}

typedef struct SittingInfo {
  int64_t id, body_id;
  char status[16], date[16];
} SittingInfo;

static int load_sitting(Db *db, int64_t id, SittingInfo *s) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id, body_id, status, date FROM sitting WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    s->id = sqlite3_column_int64(st, 0);
    s->body_id = sqlite3_column_int64(st, 1);
    mj_strlcpy(s->status, (const char *)sqlite3_column_text(st, 2), sizeof s->status);
    mj_strlcpy(s->date, (const char *)sqlite3_column_text(st, 3), sizeof s->date);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

static int load_item_sitting(Db *db, int64_t item, SittingInfo *s) {
  int64_t sid = db_int(db, "SELECT sitting_id FROM agenda_item WHERE id=?1", 1, item, 0);
  if (!sid) return mj_fail(MJ_ENOTFOUND, "there is no agenda item %lld", (long long)item);
  return load_sitting(db, sid, s);
}

/* 1 when person is a member of body on date. */
static int is_member(Db *db, int64_t body, int64_t person, const char *date) {
  sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM membership WHERE organization_id=?1 AND person_id=?2 "
                                 "AND start_date<=?3 AND (end_date IS NULL OR end_date>=?3) LIMIT 1");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, body);
  sqlite3_bind_int64(st, 2, person);
  sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
  int yes = sqlite3_step(st) == SQLITE_ROW;
  db_done(st);
  return yes;
}

static int present_now(Db *db, int64_t sitting, int64_t person) {
  sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM attendance WHERE sitting_id=?1 AND person_id=?2 "
                                 "AND status='present' AND checked_out IS NULL");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int64(st, 2, person);
  int yes = sqlite3_step(st) == SQLITE_ROW;
  db_done(st);
  return yes;
}

static int step_done(Db *db, sqlite3_stmt *st, const char *what) {
  if (!st) return MJ_EIO;
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, what);
  db_done(st);
  return rc;
}

static void objname(char out[48], const char *kind, int64_t id) { snprintf(out, 48, "%s/%lld", kind, (long long)id); }

/* ---- sittings ---- */
int meeting_sitting_create(Db *db, const MeetingActor *who, const SittingInput *in, int64_t *id) {
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only a sittings clerk may schedule sittings");
  if (!valid_date(in->date)) return mj_fail(MJ_EINVAL, "the date must be a real date written YYYY-MM-DD");
  if (in->start_time && *in->start_time && !valid_time(in->start_time))
    return mj_fail(MJ_EINVAL, "the start time must be HH:MM (24 hours)");
  if (in->place && strlen(in->place) > 300) return mj_fail(MJ_EINVAL, "the place may have at most 300 characters");
  if (in->number < 0 || in->number > 100000) return mj_fail(MJ_EINVAL, "the sitting number must be positive");
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT classification, coalesce(parent_id, id) FROM organization WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, in->body_id);
  char cls[32] = "";
  int64_t chamber = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    mj_strlcpy(cls, (const char *)sqlite3_column_text(st, 0), sizeof cls);
    chamber = sqlite3_column_int64(st, 1);
  }
  db_done(st);
  if (strcmp(cls, "chamber") != 0 && strcmp(cls, "committee") != 0)
    return finish(db, mj_fail(MJ_EINVAL, "body %lld is not a chamber or a committee", (long long)in->body_id));
  int64_t session = in->session_id;
  if (!session) { /* the session of the chamber's term that covers the date */
    st = db_stmt(db, "SELECT se.id FROM session se JOIN term t ON t.id=se.term_id WHERE t.body_id=?1 "
                     "AND se.start_date<=?2 AND (se.end_date IS NULL OR se.end_date>=?2) ORDER BY se.start_date DESC LIMIT 1");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, chamber);
    sqlite3_bind_text(st, 2, in->date, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) session = sqlite3_column_int64(st, 0);
    db_done(st);
  } else if (!db_int(db, "SELECT count(*) FROM session WHERE id=?1", 1, session, 0)) {
    return finish(db, mj_fail(MJ_EINVAL, "there is no session %lld", (long long)session));
  }
  int number = in->number;
  if (!number) {
    st = db_stmt(db, "SELECT coalesce(max(number),0)+1 FROM sitting WHERE body_id=?1 AND session_id IS ?2");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, in->body_id);
    if (session) sqlite3_bind_int64(st, 2, session);
    number = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    db_done(st);
  }
  st = db_stmt(db, "INSERT INTO sitting(body_id,session_id,number,date,start_time,place) VALUES(?1,?2,?3,?4,?5,?6)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, in->body_id);
  if (session) sqlite3_bind_int64(st, 2, session);
  sqlite3_bind_int(st, 3, number);
  sqlite3_bind_text(st, 4, in->date, -1, SQLITE_STATIC);
  if (in->start_time && *in->start_time) sqlite3_bind_text(st, 5, in->start_time, -1, SQLITE_STATIC);
  if (in->place && *in->place) sqlite3_bind_text(st, 6, in->place, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = (sqlite3_extended_errcode(db_handle(db)) & 0xff) == SQLITE_CONSTRAINT
             ? mj_fail(MJ_ECONFLICT, "sitting number %d already exists in this body and session", number)
             : db_err(db, "scheduling the sitting");
    db_done(st);
    return finish(db, rc);
  }
  db_done(st);
  int64_t sid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "sitting", sid);
  rc = audit_append(db, who->actor, "sitting.create", obj, "scheduled sitting %d of body %lld on %s", number,
                    (long long)in->body_id, in->date);
  if (!rc) rc = emit(db, sid, "sitting.scheduled", json_pack("{s:I,s:i,s:s}", "sitting", (json_int_t)sid, "number", number, "date", in->date));
  if (!rc && id) *id = sid;
  return finish(db, rc);
}

int meeting_sitting_status(Db *db, const MeetingActor *who, int64_t sitting, const char *to) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the presiding officer may open, suspend or close a sitting");
  if (!to || (strcmp(to, "open") && strcmp(to, "suspended") && strcmp(to, "closed")))
    return mj_fail(MJ_EINVAL, "a sitting can be set to open, suspended or closed");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_sitting(db, sitting, &s))) return finish(db, rc);
  const char *from = s.status;
  int ok = (strcmp(to, "open") == 0 && (strcmp(from, "scheduled") == 0 || strcmp(from, "suspended") == 0)) ||
           (strcmp(to, "suspended") == 0 && strcmp(from, "open") == 0) ||
           (strcmp(to, "closed") == 0 && (strcmp(from, "open") == 0 || strcmp(from, "suspended") == 0));
  if (!ok) return finish(db, mj_fail(MJ_ECONFLICT, "a %s sitting cannot become %s", from, to));
  if (strcmp(to, "closed") == 0 && db_int(db, "SELECT count(*) FROM vote_event WHERE sitting_id=?1 AND status='open'", 1, sitting, 0))
    return finish(db, mj_fail(MJ_ECONFLICT, "a vote is still open; close it before closing the sitting"));
  char at[32];
  now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE sitting SET status=?2, "
                                 "opened_at=CASE WHEN ?2='open' THEN coalesce(opened_at, ?3) ELSE opened_at END, "
                                 "closed_at=CASE WHEN ?2='closed' THEN ?3 ELSE closed_at END WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
  if ((rc = step_done(db, st, "changing the sitting's status"))) return finish(db, rc);
  if (strcmp(to, "closed") == 0) {
    /* the floor and the current item end with the sitting */
    st = db_stmt(db, "UPDATE speaker_request SET status='done', ended_ms=?2, "
                     "seconds_used=seconds_used + (?2 - started_ms) / 1000 "
                     "WHERE status='speaking' AND agenda_item_id IN (SELECT id FROM agenda_item WHERE sitting_id=?1)");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, sitting);
    sqlite3_bind_int64(st, 2, mj_now_ms());
    if ((rc = step_done(db, st, "ending the current speech"))) return finish(db, rc);
    st = db_stmt(db, "UPDATE agenda_item SET status='done' WHERE sitting_id=?1 AND status='open'");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, sitting);
    if ((rc = step_done(db, st, "closing the current item"))) return finish(db, rc);
  }
  const char *ev = strcmp(to, "closed") == 0 ? "sitting.closed"
                   : strcmp(to, "suspended") == 0 ? "sitting.suspended"
                   : strcmp(from, "suspended") == 0 ? "sitting.resumed" : "sitting.opened";
  char obj[48];
  objname(obj, "sitting", sitting);
  rc = audit_append(db, who->actor, ev, obj, "sitting %s (was %s)", to, from);
  if (!rc) rc = emit(db, sitting, ev, json_pack("{s:I,s:s,s:s}", "sitting", (json_int_t)sitting, "status", to, "at", at));
  return finish(db, rc);
}

static int kind_ok(const char *k) {
  static const char *kinds[] = {"report", "bill", "question", "motion", "other"};
  for (size_t i = 0; k && i < MJ_COUNT(kinds); i++)
    if (strcmp(k, kinds[i]) == 0) return 1;
  return 0;
}

int meeting_item_add(Db *db, const MeetingActor *who, int64_t sitting, int64_t parent, const char *kind,
                     const char *title, int64_t *id) {
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only a sittings clerk may change the agenda");
  if (!kind_ok(kind)) return mj_fail(MJ_EINVAL, "an item's kind is report, bill, question, motion or other");
  size_t tl = title ? strlen(title) : 0;
  if (tl < 1 || tl > 2000) return mj_fail(MJ_EINVAL, "an item needs a title of 1 to 2000 characters");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_sitting(db, sitting, &s))) return finish(db, rc);
  if (strcmp(s.status, "closed") == 0) return finish(db, mj_fail(MJ_ECONFLICT, "the sitting is closed; its agenda cannot change"));
  if (parent && db_int(db, "SELECT sitting_id FROM agenda_item WHERE id=?1", 1, parent, 0) != sitting)
    return finish(db, mj_fail(MJ_EINVAL, "item %lld is not on this sitting's agenda", (long long)parent));
  int pos = (int)db_int(db, "SELECT coalesce(max(position),0)+1 FROM agenda_item WHERE sitting_id=?1", 1, sitting, 1);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO agenda_item(sitting_id,parent_id,position,kind,title) VALUES(?1,?2,?3,?4,?5)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  if (parent) sqlite3_bind_int64(st, 2, parent);
  sqlite3_bind_int(st, 3, pos);
  sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, title, -1, SQLITE_STATIC);
  if ((rc = step_done(db, st, "adding the item"))) return finish(db, rc);
  int64_t iid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "item", iid);
  rc = audit_append(db, who->actor, "agenda.add", obj, "item %d (%s) on sitting %lld", pos, kind, (long long)sitting);
  if (!rc) rc = emit(db, sitting, "agenda.changed", json_pack("{s:I,s:I,s:i,s:s,s:s}", "sitting", (json_int_t)sitting, "item", (json_int_t)iid, "position", pos, "kind", kind, "title", title));
  if (!rc && id) *id = iid;
  return finish(db, rc);
}

int meeting_item_open(Db *db, const MeetingActor *who, int64_t item) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the presiding officer may take up an item");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_item_sitting(db, item, &s))) return finish(db, rc);
  if (strcmp(s.status, "open") != 0) return finish(db, mj_fail(MJ_ECONFLICT, "open the sitting before taking up an item"));
  sqlite3_stmt *st = db_stmt(db, "UPDATE agenda_item SET status='done' WHERE sitting_id=?1 AND status='open' AND id<>?2");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, s.id);
  sqlite3_bind_int64(st, 2, item);
  if ((rc = step_done(db, st, "closing the previous item"))) return finish(db, rc);
  st = db_stmt(db, "UPDATE agenda_item SET status='open' WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  if ((rc = step_done(db, st, "opening the item"))) return finish(db, rc);
  st = db_stmt(db, "UPDATE sitting SET current_item_id=?2 WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, s.id);
  sqlite3_bind_int64(st, 2, item);
  if ((rc = step_done(db, st, "setting the current item"))) return finish(db, rc);
  char obj[48];
  objname(obj, "item", item);
  rc = audit_append(db, who->actor, "agenda.open", obj, "took up item %lld", (long long)item);
  sqlite3_stmt *t = db_stmt(db, "SELECT title, position FROM agenda_item WHERE id=?1");
  json_t *p = NULL;
  if (t) {
    sqlite3_bind_int64(t, 1, item);
    if (sqlite3_step(t) == SQLITE_ROW)
      p = json_pack("{s:I,s:I,s:s,s:i}", "sitting", (json_int_t)s.id, "item", (json_int_t)item, "title",
                    (const char *)sqlite3_column_text(t, 0), "position", sqlite3_column_int(t, 1));
    db_done(t);
  }
  if (!rc) rc = emit(db, s.id, "item.opened", p);
  else json_decref(p);
  return finish(db, rc);
}

/* Pages of a PDF: the number of page objects ("/Type /Page" not followed by
** "s"); good enough for a count shown beside a document and for the paper
** saved, not a PDF parser. */
static int pdf_pages(const unsigned char *p, size_t n) {
  int pages = 0;
  for (size_t i = 0; i + 10 < n; i++) {
    if (p[i] != '/' || memcmp(p + i, "/Type", 5) != 0) continue;
    size_t k = i + 5;
    while (k < n && (p[k] == ' ' || p[k] == '\r' || p[k] == '\n')) k++;
    if (k + 5 <= n && memcmp(p + k, "/Page", 5) == 0 && (k + 5 == n || p[k + 5] != 's')) pages++;
  }
  return pages;
}

int meeting_document_add(Db *db, const MeetingActor *who, int64_t item, const char *title, const char *mime,
                         const void *content, size_t len, int pages, int64_t *version_id, int *version) {
  static const char *mimes[] = {"application/pdf", "text/plain", "text/markdown", "image/png", "image/jpeg",
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only a sittings clerk may attach documents");
  size_t tl = title ? strlen(title) : 0;
  if (tl < 1 || tl > 300) return mj_fail(MJ_EINVAL, "a document needs a title of 1 to 300 characters");
  int mok = 0;
  for (size_t i = 0; mime && i < MJ_COUNT(mimes); i++) mok |= strcmp(mime, mimes[i]) == 0;
  if (!mok) return mj_fail(MJ_EINVAL, "documents may be PDF, plain text, Markdown, PNG, JPEG or DOCX");
  if (!content || !len) return mj_fail(MJ_EINVAL, "the document is empty");
  if (len > 50u << 20) return mj_fail(MJ_ETOOBIG, "a document may be at most 50 MiB");
  if (strcmp(mime, "application/pdf") == 0) {
    if (len < 5 || memcmp(content, "%PDF-", 5) != 0) return mj_fail(MJ_EINVAL, "this is not a PDF file");
    if (pages <= 0) pages = pdf_pages(content, len);
  }
  if (pages < 0 || pages > 100000) return mj_fail(MJ_EINVAL, "the page count must be 0 to 100000");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_item_sitting(db, item, &s))) return finish(db, rc);
  if (strcmp(s.status, "closed") == 0)
    return finish(db, mj_fail(MJ_ECONFLICT, "the sitting is closed; its documents cannot change"));
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO document(agenda_item_id, title) VALUES(?1,?2) "
                                 "ON CONFLICT(agenda_item_id, title) DO NOTHING");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
  if ((rc = step_done(db, st, "adding the document"))) return finish(db, rc);
  st = db_stmt(db, "SELECT id FROM document WHERE agenda_item_id=?1 AND title=?2");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
  int64_t doc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  int ver = (int)db_int(db, "SELECT coalesce(max(version),0)+1 FROM document_version WHERE document_id=?1", 1, doc, 1);
  unsigned char h[crypto_hash_sha256_BYTES];
  char hex[65], at[32];
  crypto_hash_sha256(h, content, len);
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  now_iso(at);
  st = db_stmt(db, "INSERT INTO document_version(document_id,version,mime,pages,bytes,sha256,content,created_at,created_by) "
                   "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, doc);
  sqlite3_bind_int(st, 2, ver);
  sqlite3_bind_text(st, 3, mime, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, pages);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)len);
  sqlite3_bind_text(st, 6, hex, -1, SQLITE_STATIC);
  sqlite3_bind_blob64(st, 7, content, len, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, at, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 9, who->actor->user_name, -1, SQLITE_STATIC);
  if ((rc = step_done(db, st, "storing the document"))) return finish(db, rc);
  int64_t vid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "document", doc);
  rc = audit_append(db, who->actor, "document.add", obj, "'%s' version %d (%d pages, %zu bytes, sha256 %.16s…)", title, ver,
                    pages, len, hex);
  if (!rc) rc = emit(db, s.id, "document.added", json_pack("{s:I,s:I,s:s,s:i,s:i}", "item", (json_int_t)item, "document", (json_int_t)doc, "title", title, "version", ver, "pages", pages));
  if (!rc) {
    if (version_id) *version_id = vid;
    if (version) *version = ver;
  }
  return finish(db, rc);
}

/* ---- attendance ---- */
int meeting_quorum(Db *db, int64_t sitting, Quorum *q) {
  memset(q, 0, sizeof *q);
  sqlite3_stmt *st = db_stmt(db, "SELECT o.quorum_rule, "
                                 "(SELECT count(DISTINCT m.person_id) FROM membership m WHERE m.organization_id=s.body_id "
                                 " AND m.start_date<=s.date AND (m.end_date IS NULL OR m.end_date>=s.date)), "
                                 "(SELECT count(*) FROM attendance a WHERE a.sitting_id=s.id AND a.status='present' "
                                 " AND a.checked_out IS NULL) "
                                 "FROM sitting s JOIN organization o ON o.id=s.body_id WHERE s.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)sitting);
  static const char *rules[] = {"majority", "two_thirds", "third"};
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *r = (const char *)sqlite3_column_text(st, 0);
    q->rule = rules[0];
    for (size_t i = 0; i < MJ_COUNT(rules); i++)
      if (strcmp(r, rules[i]) == 0) q->rule = rules[i];
    q->members = sqlite3_column_int(st, 1);
    q->present = sqlite3_column_int(st, 2);
    q->needed = vote_quorum_needed(q->rule, q->members);
    q->met = q->members > 0 && q->present >= q->needed;
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

int meeting_attendance(Db *db, const MeetingActor *who, int64_t sitting, int64_t person, const char *status) {
  int member_self = caps(who, CAP_MEMBER_ACT) && who->person_id && who->person_id == person;
  int clerk = caps(who, CAP_SITTING_PREPARE);
  if (!status || (strcmp(status, "present") && strcmp(status, "left") && strcmp(status, "excused") && strcmp(status, "absent")))
    return mj_fail(MJ_EINVAL, "attendance is present, left, excused or absent");
  if (!clerk && !member_self) return deny(who, "a member checks in only for themselves; the clerk records the others");
  if (!clerk && strcmp(status, "present") && strcmp(status, "left"))
    return deny(who, "only the clerk records excused absences");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_sitting(db, sitting, &s))) return finish(db, rc);
  if (strcmp(s.status, "closed") == 0) return finish(db, mj_fail(MJ_ECONFLICT, "the sitting is closed"));
  if (!is_member(db, s.body_id, person, s.date))
    return finish(db, mj_fail(MJ_EDENIED, "person %lld is not a member of this body", (long long)person));
  char at[32];
  now_iso(at);
  const char *sql;
  if (strcmp(status, "present") == 0)
    sql = "INSERT INTO attendance(sitting_id,person_id,status,checked_in,recorded_by) VALUES(?1,?2,'present',?3,?4) "
          "ON CONFLICT(sitting_id,person_id) DO UPDATE SET status='present', checked_in=coalesce(checked_in,?3), "
          "checked_out=NULL, recorded_by=?4";
  else if (strcmp(status, "left") == 0)
    sql = "UPDATE attendance SET checked_out=?3, recorded_by=?4 WHERE sitting_id=?1 AND person_id=?2 AND status='present' "
          "AND checked_out IS NULL";
  else
    sql = "INSERT INTO attendance(sitting_id,person_id,status,recorded_by) VALUES(?1,?2,?5,?4) "
          "ON CONFLICT(sitting_id,person_id) DO UPDATE SET status=?5, checked_out=coalesce(checked_out,?3), recorded_by=?4";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int64(st, 2, person);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, who->actor->user_name, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count(st) >= 5) sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
  if ((rc = step_done(db, st, "recording attendance"))) return finish(db, rc);
  if (strcmp(status, "left") == 0 && sqlite3_changes(db_handle(db)) == 0)
    return finish(db, mj_fail(MJ_ECONFLICT, "person %lld has not checked in", (long long)person));
  Quorum q;
  meeting_quorum(db, sitting, &q);
  char obj[48];
  objname(obj, "sitting", sitting);
  rc = audit_append(db, who->actor, "attendance", obj, "person %lld: %s", (long long)person, status);
  if (!rc) rc = emit(db, sitting, "attendance", json_pack("{s:I,s:I,s:s,s:i,s:i,s:i,s:b}", "sitting", (json_int_t)sitting, "person", (json_int_t)person, "status", status, "present", q.present, "members", q.members, "quorum_needed", q.needed, "quorum_met", q.met));
  return finish(db, rc);
}

/* ---- speakers ---- */
/* The member's party or bloc (0 if none) on the date. */
static int64_t group_of(Db *db, int64_t person, const char *date) {
  sqlite3_stmt *st = db_stmt(db, "SELECT o.id FROM membership m JOIN organization o ON o.id=m.organization_id "
                                 "WHERE m.person_id=?1 AND o.classification IN ('party','bloc') AND m.start_date<=?2 "
                                 "AND (m.end_date IS NULL OR m.end_date>=?2) ORDER BY m.start_date DESC LIMIT 1");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, person);
  sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
  int64_t g = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  return g;
}

/* Seconds a group has left on an item under the body's group limit. */
static int group_left(Db *db, int64_t item, int64_t group, int group_seconds) {
  if (!group) return group_seconds;
  sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(sum(seconds_used),0) FROM speaker_request WHERE agenda_item_id=?1 AND group_id=?2");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, item);
  sqlite3_bind_int64(st, 2, group);
  int used = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  db_done(st);
  return group_seconds - used;
}

int meeting_speak_request(Db *db, const MeetingActor *who, int64_t item, int64_t person, const char *kind,
                          int64_t *request_id) {
  if (!kind) kind = "speech";
  if (strcmp(kind, "speech") && strcmp(kind, "point_of_order") && strcmp(kind, "reply"))
    return mj_fail(MJ_EINVAL, "a request to speak is a speech, a point_of_order or a reply");
  int self = caps(who, CAP_MEMBER_ACT) && who->person_id && who->person_id == person;
  if (!self && !caps(who, CAP_SITTING_PRESIDE) && !caps(who, CAP_SITTING_PREPARE))
    return deny(who, "a member asks to speak for themselves; the chair or the clerk may add others");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_item_sitting(db, item, &s))) return finish(db, rc);
  if (strcmp(s.status, "closed") == 0) return finish(db, mj_fail(MJ_ECONFLICT, "the sitting is closed"));
  if (!is_member(db, s.body_id, person, s.date))
    return finish(db, mj_fail(MJ_EDENIED, "person %lld is not a member of this body", (long long)person));
  int speech_s = (int)db_int(db, "SELECT speech_seconds FROM organization WHERE id=?1", 1, s.body_id, 300);
  int group_s = (int)db_int(db, "SELECT group_seconds FROM organization WHERE id=?1", 1, s.body_id, 1800);
  int64_t group = group_of(db, person, s.date);
  int pol = strcmp(kind, "point_of_order") == 0;
  if (!pol && group && group_left(db, item, group, group_s) <= 0)
    return finish(db, mj_fail(MJ_ECONFLICT, "this member's group has used all its speaking time on the item"));
  /* a point of order goes before everyone waiting */
  double pos;
  sqlite3_stmt *st = db_stmt(db, pol ? "SELECT coalesce(min(position),1)-1 FROM speaker_request WHERE agenda_item_id=?1 AND status='waiting'"
                                     : "SELECT coalesce(max(position),0)+1 FROM speaker_request WHERE agenda_item_id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  pos = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0) : 1;
  db_done(st);
  char at[32];
  now_iso(at);
  st = db_stmt(db, "INSERT INTO speaker_request(agenda_item_id,person_id,group_id,kind,position,requested_at,seconds_limit) "
                   "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  sqlite3_bind_int64(st, 2, person);
  if (group) sqlite3_bind_int64(st, 3, group);
  sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 5, pos);
  sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 7, pol ? (speech_s < 120 ? speech_s : 120) : speech_s);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = (sqlite3_extended_errcode(db_handle(db)) & 0xff) == SQLITE_CONSTRAINT
             ? mj_fail(MJ_ECONFLICT, "this member is already on the speakers' list of the item")
             : db_err(db, "adding to the speakers' list");
    db_done(st);
    return finish(db, rc);
  }
  db_done(st);
  int64_t rid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "item", item);
  rc = audit_append(db, who->actor, "speakers.request", obj, "person %lld asks for the floor (%s)", (long long)person, kind);
  if (!rc) rc = emit(db, s.id, "speakers.changed", json_pack("{s:I,s:I,s:I,s:s}", "item", (json_int_t)item, "request", (json_int_t)rid, "person", (json_int_t)person, "kind", kind));
  if (!rc && request_id) *request_id = rid;
  return finish(db, rc);
}

int meeting_speak_withdraw(Db *db, const MeetingActor *who, int64_t request_id) {
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT agenda_item_id, person_id, status FROM speaker_request WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, request_id);
  int64_t item = 0, person = 0;
  char status[16] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    item = sqlite3_column_int64(st, 0);
    person = sqlite3_column_int64(st, 1);
    mj_strlcpy(status, (const char *)sqlite3_column_text(st, 2), sizeof status);
  }
  db_done(st);
  if (!item) return finish(db, mj_fail(MJ_ENOTFOUND, "there is no request %lld", (long long)request_id));
  int self = caps(who, CAP_MEMBER_ACT) && who->person_id == person;
  if (!self && !caps(who, CAP_SITTING_PRESIDE)) return finish(db, deny(who, "only the member or the chair may withdraw a request"));
  if (strcmp(status, "waiting") != 0) return finish(db, mj_fail(MJ_ECONFLICT, "only a waiting request can be withdrawn"));
  st = db_stmt(db, "UPDATE speaker_request SET status='withdrawn' WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, request_id);
  if ((rc = step_done(db, st, "withdrawing the request"))) return finish(db, rc);
  SittingInfo s;
  load_item_sitting(db, item, &s);
  char obj[48];
  objname(obj, "item", item);
  rc = audit_append(db, who->actor, "speakers.withdraw", obj, "request %lld withdrawn", (long long)request_id);
  if (!rc) rc = emit(db, s.id, "speakers.changed", json_pack("{s:I,s:I}", "item", (json_int_t)item, "withdrawn", (json_int_t)request_id));
  return finish(db, rc);
}

/* Ends the current speech of an item (inside a transaction); *ended gets the
** request id (0 if nobody was speaking). */
static int end_current(Db *db, int64_t item, int64_t *ended) {
  *ended = db_int(db, "SELECT id FROM speaker_request WHERE agenda_item_id=?1 AND status='speaking'", 1, item, 0);
  if (!*ended) return MJ_OK;
  sqlite3_stmt *st = db_stmt(db, "UPDATE speaker_request SET status='done', ended_ms=?2, "
                                 "seconds_used=seconds_used + MAX(0, (?2 - started_ms) / 1000) WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, *ended);
  sqlite3_bind_int64(st, 2, mj_now_ms());
  return step_done(db, st, "ending the speech");
}

int meeting_speaker_next(Db *db, const MeetingActor *who, int64_t item, int64_t *request_id) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the chair gives the floor");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_item_sitting(db, item, &s))) return finish(db, rc);
  if (strcmp(s.status, "open") != 0) return finish(db, mj_fail(MJ_ECONFLICT, "the sitting is not open"));
  int64_t ended;
  if ((rc = end_current(db, item, &ended))) return finish(db, rc);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, person_id, group_id, seconds_limit FROM speaker_request "
                                 "WHERE agenda_item_id=?1 AND status='waiting' ORDER BY position, id LIMIT 1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  int64_t next = 0, person = 0, group = 0;
  int limit = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    next = sqlite3_column_int64(st, 0);
    person = sqlite3_column_int64(st, 1);
    group = sqlite3_column_int64(st, 2);
    limit = sqlite3_column_int(st, 3);
  }
  db_done(st);
  int64_t started = mj_now_ms();
  if (next) {
    int group_s = (int)db_int(db, "SELECT group_seconds FROM organization WHERE id=?1", 1, s.body_id, 1800);
    int left = group_left(db, item, group, group_s);
    if (group && left < limit) limit = left > 0 ? left : 0;
    st = db_stmt(db, "UPDATE speaker_request SET status='speaking', started_ms=?2, seconds_limit=?3 WHERE id=?1");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, next);
    sqlite3_bind_int64(st, 2, started);
    sqlite3_bind_int(st, 3, limit);
    if ((rc = step_done(db, st, "giving the floor"))) return finish(db, rc);
  }
  char obj[48];
  objname(obj, "item", item);
  rc = audit_append(db, who->actor, "speakers.next", obj, "floor to request %lld (ended %lld)", (long long)next, (long long)ended);
  json_t *p = json_pack("{s:I,s:I,s:I,s:I,s:i,s:I}", "item", (json_int_t)item, "request", (json_int_t)next, "person",
                        (json_int_t)person, "ended", (json_int_t)ended, "seconds_limit", limit, "started_ms", (json_int_t)started);
  if (p && person) {
    sqlite3_stmt *n = db_stmt(db, "SELECT name_ar, coalesce(name_en, name_ar) FROM person WHERE id=?1");
    if (n) {
      sqlite3_bind_int64(n, 1, person);
      if (sqlite3_step(n) == SQLITE_ROW) {
        json_object_set_new(p, "name_ar", json_string((const char *)sqlite3_column_text(n, 0)));
        json_object_set_new(p, "name_en", json_string((const char *)sqlite3_column_text(n, 1)));
      }
      db_done(n);
    }
  }
  if (!rc) rc = emit(db, s.id, "speaker.changed", p);
  else json_decref(p);
  if (!rc && request_id) *request_id = next;
  return finish(db, rc);
}

int meeting_speaker_stop(Db *db, const MeetingActor *who, int64_t item) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the chair ends a speech");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_item_sitting(db, item, &s))) return finish(db, rc);
  int64_t ended;
  if ((rc = end_current(db, item, &ended))) return finish(db, rc);
  if (!ended) return finish(db, mj_fail(MJ_ECONFLICT, "nobody has the floor"));
  char obj[48];
  objname(obj, "item", item);
  rc = audit_append(db, who->actor, "speakers.stop", obj, "ended request %lld", (long long)ended);
  if (!rc) rc = emit(db, s.id, "speaker.changed", json_pack("{s:I,s:I,s:I}", "item", (json_int_t)item, "request", (json_int_t)0, "ended", (json_int_t)ended));
  return finish(db, rc);
}

int meeting_speaker_move(Db *db, const MeetingActor *who, int64_t request_id, int place) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the chair sets the order of speakers");
  if (place < 1 || place > 10000) return mj_fail(MJ_EINVAL, "a place in the queue is 1 or more");
  int rc = db_begin(db);
  if (rc) return rc;
  int64_t item = db_int(db, "SELECT agenda_item_id FROM speaker_request WHERE id=?1 AND status='waiting'", 1, request_id, 0);
  if (!item) return finish(db, mj_fail(MJ_ENOTFOUND, "request %lld is not waiting", (long long)request_id));
  {
    SittingInfo si;
    if ((rc = load_item_sitting(db, item, &si))) return finish(db, rc);
    if (strcmp(si.status, "closed") == 0) return finish(db, mj_fail(MJ_ECONFLICT, "the sitting is closed"));
  }
  /* renumber the waiting queue 1..n with the request at `place` */
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM speaker_request WHERE agenda_item_id=?1 AND status='waiting' AND id<>?2 "
                                 "ORDER BY position, id");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, item);
  sqlite3_bind_int64(st, 2, request_id);
  int64_t ids[2048];
  int n = 0;
  while (n < 2047 && sqlite3_step(st) == SQLITE_ROW) ids[n++] = sqlite3_column_int64(st, 0);
  db_done(st);
  if (place > n + 1) place = n + 1;
  memmove(ids + place, ids + place - 1, sizeof(int64_t) * (size_t)(n - place + 1));
  ids[place - 1] = request_id;
  n++;
  for (int i = 0; i < n && !rc; i++) {
    st = db_stmt(db, "UPDATE speaker_request SET position=?2 WHERE id=?1");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, ids[i]);
    sqlite3_bind_double(st, 2, i + 1);
    rc = step_done(db, st, "reordering the speakers");
  }
  if (rc) return finish(db, rc);
  SittingInfo s;
  load_item_sitting(db, item, &s);
  char obj[48];
  objname(obj, "item", item);
  rc = audit_append(db, who->actor, "speakers.move", obj, "request %lld to place %d", (long long)request_id, place);
  if (!rc) rc = emit(db, s.id, "speakers.changed", json_pack("{s:I,s:I,s:i}", "item", (json_int_t)item, "moved", (json_int_t)request_id, "place", place));
  return finish(db, rc);
}

int meeting_speakers(Db *db, Arena *a, int64_t item, SpeakerRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.person_id, p.name_ar, coalesce(p.name_en,p.name_ar), r.kind, r.status, "
                                 "o.name_ar, coalesce(o.name_en,o.name_ar), r.seconds_limit, r.seconds_used, coalesce(r.started_ms,0) "
                                 "FROM speaker_request r JOIN person p ON p.id=r.person_id LEFT JOIN organization o ON o.id=r.group_id "
                                 "WHERE r.agenda_item_id=?1 AND r.status<>'withdrawn' "
                                 "ORDER BY CASE r.status WHEN 'done' THEN 0 WHEN 'speaking' THEN 1 ELSE 2 END, "
                                 "CASE WHEN r.status='done' THEN r.ended_ms END, r.position, r.id LIMIT 1000");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, item);
  SpeakerRow *r = arena_alloc(a, sizeof *r * 1000);
#define S(i) (sqlite3_column_text(st, i) ? arena_strdup(a, (const char *)sqlite3_column_text(st, i)) : NULL)
  while (*n < 1000 && sqlite3_step(st) == SQLITE_ROW) {
    SpeakerRow *x = &r[(*n)++];
    x->id = sqlite3_column_int64(st, 0);
    x->person_id = sqlite3_column_int64(st, 1);
    x->name_ar = S(2);
    x->name_en = S(3);
    x->kind = S(4);
    x->status = S(5);
    x->group_ar = S(6);
    x->group_en = S(7);
    x->seconds_limit = sqlite3_column_int(st, 8);
    x->seconds_used = sqlite3_column_int(st, 9);
    x->started_ms = sqlite3_column_int64(st, 10);
  }
#undef S
  db_done(st);
  *rows = r;
  return MJ_OK;
}

int meeting_speaking_time(Db *db, Arena *a, int64_t sitting, int by_group, SpeakingTime **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, by_group
      ? "SELECT o.id, o.name_ar, coalesce(o.name_en,o.name_ar), sum(r.seconds_used) FROM speaker_request r "
        "JOIN agenda_item i ON i.id=r.agenda_item_id JOIN organization o ON o.id=r.group_id "
        "WHERE i.sitting_id=?1 GROUP BY o.id ORDER BY 4 DESC LIMIT 500"
      : "SELECT p.id, p.name_ar, coalesce(p.name_en,p.name_ar), sum(r.seconds_used) FROM speaker_request r "
        "JOIN agenda_item i ON i.id=r.agenda_item_id JOIN person p ON p.id=r.person_id "
        "WHERE i.sitting_id=?1 GROUP BY p.id ORDER BY 4 DESC LIMIT 500");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  SpeakingTime *r = arena_alloc(a, sizeof *r * 500);
  while (*n < 500 && sqlite3_step(st) == SQLITE_ROW) {
    SpeakingTime *x = &r[(*n)++];
    x->id = sqlite3_column_int64(st, 0);
    x->name_ar = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
    x->name_en = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
    x->seconds = sqlite3_column_int(st, 3);
  }
  db_done(st);
  *rows = r;
  return MJ_OK;
}

/* ---- votes ---- */
int meeting_rule_passes(const char *rule, int num, int den, const char *base, int yes, int no, int abstain,
                        int present, int members) {
  if (!rule) return -1;
  if (strcmp(rule, "custom") != 0) return vote_passes(rule, yes, no, abstain, members);
  if (num < 1 || den < 1 || num > den || !base) return -1;
  long long b = strcmp(base, "cast") == 0 ? (long long)yes + no + abstain
                : strcmp(base, "present") == 0 ? present
                : strcmp(base, "members") == 0 ? members : -1;
  if (b < 0) return -1;
  return b > 0 && (long long)yes * den >= (long long)num * b;
}

int meeting_vote_open(Db *db, const MeetingActor *who, const VoteInput *in, int64_t *id) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the presiding officer opens a vote");
  const char *method = in->method ? in->method : "roll_call";
  const char *rule = in->rule ? in->rule : "simple";
  if (strcmp(method, "roll_call") && strcmp(method, "secret") && strcmp(method, "show_of_hands"))
    return mj_fail(MJ_EINVAL, "the method is roll_call, secret or show_of_hands");
  if (strcmp(rule, "simple") && strcmp(rule, "absolute") && strcmp(rule, "two_thirds") && strcmp(rule, "custom"))
    return mj_fail(MJ_EINVAL, "the rule is simple, absolute, two_thirds or custom");
  int custom = strcmp(rule, "custom") == 0;
  if (custom && (in->custom_num < 1 || in->custom_den < 1 || in->custom_num > in->custom_den || in->custom_den > 1000 ||
                 !in->custom_base || (strcmp(in->custom_base, "cast") && strcmp(in->custom_base, "present") &&
                                      strcmp(in->custom_base, "members"))))
    return mj_fail(MJ_EINVAL, "a custom rule needs a fraction num/den (1 <= num <= den <= 1000) of cast, present or members");
  size_t tl = in->title ? strlen(in->title) : 0;
  if (tl < 1 || tl > 2000) return mj_fail(MJ_EINVAL, "a vote needs a motion text of 1 to 2000 characters");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_sitting(db, in->sitting_id, &s))) return finish(db, rc);
  if (strcmp(s.status, "open") != 0) return finish(db, mj_fail(MJ_ECONFLICT, "votes are held only while the sitting is open"));
  if (in->item_id && db_int(db, "SELECT sitting_id FROM agenda_item WHERE id=?1", 1, in->item_id, 0) != s.id)
    return finish(db, mj_fail(MJ_EINVAL, "item %lld is not on this sitting's agenda", (long long)in->item_id));
  if (db_int(db, "SELECT count(*) FROM vote_event WHERE sitting_id=?1 AND status='open'", 1, s.id, 0))
    return finish(db, mj_fail(MJ_ECONFLICT, "another vote is open in this sitting; close it first"));
  int allow_change = strcmp(method, "secret") != 0 &&
                     db_int(db, "SELECT allow_ballot_change FROM organization WHERE id=?1", 1, s.body_id, 1);
  char at[32];
  now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO vote_event(sitting_id,agenda_item_id,title,method,rule,status,opened_at,"
                                 "custom_num,custom_den,custom_base,allow_change) VALUES(?1,?2,?3,?4,?5,'open',?6,?7,?8,?9,?10)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, s.id);
  if (in->item_id) sqlite3_bind_int64(st, 2, in->item_id);
  sqlite3_bind_text(st, 3, in->title, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, method, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, rule, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
  if (custom) {
    sqlite3_bind_int(st, 7, in->custom_num);
    sqlite3_bind_int(st, 8, in->custom_den);
    sqlite3_bind_text(st, 9, in->custom_base, -1, SQLITE_STATIC);
  }
  sqlite3_bind_int(st, 10, allow_change);
  if ((rc = step_done(db, st, "opening the vote"))) return finish(db, rc);
  int64_t vid = sqlite3_last_insert_rowid(db_handle(db));
  if (strcmp(method, "secret") == 0) {
    st = db_stmt(db, "INSERT INTO vote_tally(vote_event_id, option) VALUES(?1,'yes'),(?1,'no'),(?1,'abstain')");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, vid);
    if ((rc = step_done(db, st, "preparing the tally"))) return finish(db, rc);
  }
  char obj[48];
  objname(obj, "vote", vid);
  rc = audit_append(db, who->actor, "vote.open", obj, "%s vote, %s rule, on sitting %lld", method, rule, (long long)s.id);
  if (!rc) rc = emit(db, s.id, "vote.opened", json_pack("{s:I,s:I,s:s,s:s,s:s}", "vote", (json_int_t)vid, "sitting", (json_int_t)s.id, "title", in->title, "method", method, "rule", rule));
  if (!rc && id) *id = vid;
  return finish(db, rc);
}

typedef struct VoteInfo {
  int64_t id, sitting;
  char status[16], method[16];
  int allow_change;
} VoteInfo;

static int load_vote(Db *db, int64_t id, VoteInfo *v) {
  sqlite3_stmt *st = db_stmt(db, "SELECT sitting_id, status, method, allow_change FROM vote_event WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no vote %lld", (long long)id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    v->id = id;
    v->sitting = sqlite3_column_int64(st, 0);
    mj_strlcpy(v->status, (const char *)sqlite3_column_text(st, 1), sizeof v->status);
    mj_strlcpy(v->method, (const char *)sqlite3_column_text(st, 2), sizeof v->method);
    v->allow_change = sqlite3_column_int(st, 3);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

int meeting_ballot(Db *db, const MeetingActor *who, int64_t vote, int64_t person, const char *option) {
  if (!option || (strcmp(option, "yes") && strcmp(option, "no") && strcmp(option, "abstain")))
    return mj_fail(MJ_EINVAL, "a ballot is yes, no or abstain");
  int rc = db_begin(db);
  if (rc) return rc;
  VoteInfo v;
  if ((rc = load_vote(db, vote, &v))) return finish(db, rc);
  if (strcmp(v.status, "open") != 0) return finish(db, mj_fail(MJ_ECONFLICT, "the vote is closed; nothing more is counted"));
  SittingInfo s;
  if ((rc = load_sitting(db, v.sitting, &s))) return finish(db, rc);
  int secret = strcmp(v.method, "secret") == 0, hands = strcmp(v.method, "show_of_hands") == 0;
  int64_t cast_by = 0;
  if (hands) {
    if (!caps(who, CAP_SITTING_PREPARE)) return finish(db, deny(who, "in a show of hands the clerk records the votes"));
  } else if (caps(who, CAP_MEMBER_ACT) && who->person_id && who->person_id == person) {
    /* a member's own ballot */
  } else if (caps(who, CAP_MEMBER_ACT) && who->person_id &&
             db_int(db, "SELECT allow_proxy FROM organization WHERE id=?1", 1, s.body_id, 0)) {
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM proxy WHERE sitting_id=?1 AND grantor_id=?2 AND holder_id=?3");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, s.id);
    sqlite3_bind_int64(st, 2, person);
    sqlite3_bind_int64(st, 3, who->person_id);
    int held = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    if (!held) return finish(db, deny(who, "a member votes only for themselves or as a recorded proxy"));
    cast_by = who->person_id;
  } else {
    return finish(db, deny(who, "a member votes only for themselves or as a recorded proxy"));
  }
  if (!is_member(db, s.body_id, person, s.date))
    return finish(db, mj_fail(MJ_EDENIED, "person %lld is not a member of this body", (long long)person));
  int64_t present_one = cast_by ? cast_by : person;
  if (!present_now(db, s.id, present_one))
    return finish(db, mj_fail(MJ_EDENIED, "check in before voting: only members present may vote"));
  int weight = 1;
  if (db_int(db, "SELECT weighted_votes FROM organization WHERE id=?1", 1, s.body_id, 0)) {
    /* the weight of the member's seat in this body on the sitting's date,
    ** not of any other membership the person holds */
    sqlite3_stmt *w = db_stmt(db, "SELECT max(vote_weight) FROM membership WHERE organization_id=?1 AND person_id=?2 "
                                  "AND start_date<=?3 AND (end_date IS NULL OR end_date>=?3)");
    if (!w) return finish(db, MJ_EIO);
    sqlite3_bind_int64(w, 1, s.body_id);
    sqlite3_bind_int64(w, 2, person);
    sqlite3_bind_text(w, 3, s.date, -1, SQLITE_STATIC);
    if (sqlite3_step(w) == SQLITE_ROW && sqlite3_column_int(w, 0) > 0) weight = sqlite3_column_int(w, 0);
    db_done(w);
  }
  char at[32];
  now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO ballot(vote_event_id,person_id,option,cast_at,weight,cast_by) VALUES(?1,?2,?3,?4,?5,?6)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, vote);
  sqlite3_bind_int64(st, 2, person);
  if (!secret) sqlite3_bind_text(st, 3, option, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 5, weight);
  if (cast_by) sqlite3_bind_int64(st, 6, cast_by);
  int changed = 0;
  if (sqlite3_step(st) != SQLITE_DONE) {
    int ext = sqlite3_extended_errcode(db_handle(db));
    db_done(st);
    if (ext != SQLITE_CONSTRAINT_PRIMARYKEY) return finish(db, db_err(db, "casting the ballot"));
    if (!v.allow_change || secret)
      return finish(db, mj_fail(MJ_ECONFLICT, "this member has already voted, and this vote allows no change"));
    st = db_stmt(db, "UPDATE ballot SET option=?3, cast_at=?4, cast_by=?5 WHERE vote_event_id=?1 AND person_id=?2");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, vote);
    sqlite3_bind_int64(st, 2, person);
    sqlite3_bind_text(st, 3, option, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
    if (cast_by) sqlite3_bind_int64(st, 5, cast_by);
    if ((rc = step_done(db, st, "changing the ballot"))) return finish(db, rc);
    changed = 1;
  } else {
    db_done(st);
  }
  if (secret) {
    st = db_stmt(db, "UPDATE vote_tally SET count=count+?3 WHERE vote_event_id=?1 AND option=?2");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, vote);
    sqlite3_bind_text(st, 2, option, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, weight);
    if ((rc = step_done(db, st, "counting the ballot"))) return finish(db, rc);
  }
  int ballots = (int)db_int(db, "SELECT count(*) FROM ballot WHERE vote_event_id=?1", 1, vote, 0);
  char obj[48];
  objname(obj, "vote", vote);
  /* the audit keeps who voted; how, only for open votes */
  rc = audit_append(db, who->actor, changed ? "vote.ballot_change" : "vote.ballot", obj, "person %lld%s%s%s", (long long)person,
                    secret ? "" : ": ", secret ? " voted (secret)" : option, cast_by ? " (by proxy)" : "");
  if (!rc) rc = emit(db, s.id, "vote.ballot", json_pack("{s:I,s:i}", "vote", (json_int_t)vote, "ballots", ballots));
  return finish(db, rc);
}

static int read_result(Db *db, int64_t vote, VoteResult *r, Arena *a) {
  memset(r, 0, sizeof *r);
  sqlite3_stmt *st = db_stmt(db, "SELECT v.id, v.sitting_id, v.title, v.method, v.rule, v.status, v.result, "
                                 "coalesce(v.yes_count, (SELECT coalesce(sum(weight),0) FROM ballot WHERE vote_event_id=v.id AND option='yes')), "
                                 "coalesce(v.no_count, (SELECT coalesce(sum(weight),0) FROM ballot WHERE vote_event_id=v.id AND option='no')), "
                                 "coalesce(v.abstain_count, (SELECT coalesce(sum(weight),0) FROM ballot WHERE vote_event_id=v.id AND option='abstain')), "
                                 "(SELECT count(*) FROM ballot WHERE vote_event_id=v.id), coalesce(v.members_count,0), "
                                 "coalesce(v.present_count,0), coalesce(v.quorum_met,0) FROM vote_event v WHERE v.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, vote);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no vote %lld", (long long)vote);
  if (sqlite3_step(st) == SQLITE_ROW) {
#define S(i) (sqlite3_column_text(st, i) ? (a ? arena_strdup(a, (const char *)sqlite3_column_text(st, i)) : "") : NULL)
    r->id = sqlite3_column_int64(st, 0);
    r->sitting_id = sqlite3_column_int64(st, 1);
    r->title = S(2);
    r->method = S(3);
    r->rule = S(4);
    r->status = S(5);
    r->result = S(6);
#undef S
    r->yes = sqlite3_column_int(st, 7);
    r->no = sqlite3_column_int(st, 8);
    r->abstain = sqlite3_column_int(st, 9);
    r->ballots = sqlite3_column_int(st, 10);
    r->members = sqlite3_column_int(st, 11);
    r->present = sqlite3_column_int(st, 12);
    r->quorum_met = sqlite3_column_int(st, 13);
    rc = MJ_OK;
  }
  db_done(st);
  /* a secret vote's options exist only in its tally, and only once closed
  ** are they shown */
  if (!rc && r->method && a && strcmp(r->method, "secret") == 0 && r->status && strcmp(r->status, "open") == 0)
    r->yes = r->no = r->abstain = 0;
  return rc;
}

int meeting_vote_result(Db *db, Arena *a, int64_t vote, VoteResult *res) { return read_result(db, vote, res, a); }

int meeting_vote_close(Db *db, const MeetingActor *who, int64_t vote, VoteResult *res) {
  if (!caps(who, CAP_SITTING_PRESIDE)) return deny(who, "only the presiding officer closes a vote");
  int rc = db_begin(db);
  if (rc) return rc;
  VoteInfo v;
  if ((rc = load_vote(db, vote, &v))) return finish(db, rc);
  if (strcmp(v.status, "open") != 0) return finish(db, mj_fail(MJ_ECONFLICT, "the vote is already closed"));
  int yes = 0, no = 0, ab = 0;
  int secret = strcmp(v.method, "secret") == 0;
  sqlite3_stmt *st = db_stmt(db, secret ? "SELECT option, count FROM vote_tally WHERE vote_event_id=?1"
                                        : "SELECT option, sum(weight) FROM ballot WHERE vote_event_id=?1 GROUP BY option");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, vote);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *o = (const char *)sqlite3_column_text(st, 0);
    int c = sqlite3_column_int(st, 1);
    if (!o) continue;
    if (strcmp(o, "yes") == 0) yes = c;
    else if (strcmp(o, "no") == 0) no = c;
    else if (strcmp(o, "abstain") == 0) ab = c;
  }
  db_done(st);
  Quorum q;
  if ((rc = meeting_quorum(db, v.sitting, &q))) return finish(db, rc);
  /* rule parameters */
  char rule[16] = "simple", base[16] = "";
  int num = 0, den = 0;
  st = db_stmt(db, "SELECT rule, coalesce(custom_num,0), coalesce(custom_den,0), coalesce(custom_base,'') FROM vote_event WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, vote);
  if (sqlite3_step(st) == SQLITE_ROW) {
    mj_strlcpy(rule, (const char *)sqlite3_column_text(st, 0), sizeof rule);
    num = sqlite3_column_int(st, 1);
    den = sqlite3_column_int(st, 2);
    mj_strlcpy(base, (const char *)sqlite3_column_text(st, 3), sizeof base);
  }
  db_done(st);
  int passes = meeting_rule_passes(rule, num, den, base, yes, no, ab, q.present, q.members) == 1;
  int pass = passes && q.met;
  char at[32];
  now_iso(at);
  st = db_stmt(db, "UPDATE vote_event SET status='closed', result=?2, closed_at=?3, yes_count=?4, no_count=?5, "
                   "abstain_count=?6, members_count=?7, present_count=?8, quorum_met=?9 WHERE id=?1 AND status='open'");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, vote);
  sqlite3_bind_text(st, 2, pass ? "pass" : "fail", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, yes);
  sqlite3_bind_int(st, 5, no);
  sqlite3_bind_int(st, 6, ab);
  sqlite3_bind_int(st, 7, q.members);
  sqlite3_bind_int(st, 8, q.present);
  sqlite3_bind_int(st, 9, q.met);
  if ((rc = step_done(db, st, "closing the vote"))) return finish(db, rc);
  char obj[48];
  objname(obj, "vote", vote);
  rc = audit_append(db, who->actor, "vote.close", obj, "%s: yes %d, no %d, abstain %d; %d of %d present%s", pass ? "passed" : "not passed",
                    yes, no, ab, q.present, q.members, q.met ? "" : " (no quorum)");
  if (!rc) rc = emit(db, v.sitting, "vote.closed", json_pack("{s:I,s:s,s:{s:i,s:i,s:i},s:i,s:i,s:b}", "vote", (json_int_t)vote, "result", pass ? "pass" : "fail", "counts", "yes", yes, "no", no, "abstain", ab, "present", q.present, "members", q.members, "quorum_met", q.met));
  rc = finish(db, rc);
  if (!rc && res) {
    read_result(db, vote, res, NULL); /* without an arena its strings are "" */
    res->status = "closed";
    res->result = pass ? "pass" : "fail";
  }
  return rc;
}

int meeting_proxy(Db *db, const MeetingActor *who, int64_t sitting, int64_t grantor, int64_t holder) {
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only the clerk records proxies");
  if (grantor == holder) return mj_fail(MJ_EINVAL, "a member cannot hold their own proxy");
  int rc = db_begin(db);
  if (rc) return rc;
  SittingInfo s;
  if ((rc = load_sitting(db, sitting, &s))) return finish(db, rc);
  if (!db_int(db, "SELECT allow_proxy FROM organization WHERE id=?1", 1, s.body_id, 0))
    return finish(db, mj_fail(MJ_ECONFLICT, "this body's rules do not allow proxy votes"));
  if (!is_member(db, s.body_id, grantor, s.date) || !is_member(db, s.body_id, holder, s.date))
    return finish(db, mj_fail(MJ_EINVAL, "both must be members of the body"));
  char at[32];
  now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO proxy(sitting_id,grantor_id,holder_id,created_at) VALUES(?1,?2,?3,?4)");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int64(st, 2, grantor);
  sqlite3_bind_int64(st, 3, holder);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    db_done(st);
    return finish(db, mj_fail(MJ_ECONFLICT, "person %lld has already given a proxy for this sitting", (long long)grantor));
  }
  db_done(st);
  char obj[48];
  objname(obj, "sitting", sitting);
  rc = audit_append(db, who->actor, "vote.proxy", obj, "person %lld votes through %lld", (long long)grantor, (long long)holder);
  return finish(db, rc);
}

/* ---- minutes ---- */
static const char *L(int ar, const char *a, const char *e) { return ar ? a : e; }

/* Writes the minutes text from the record; inside a transaction. */
static int write_minutes(Db *db, int64_t sitting, int ar, Buf *b) {
  sqlite3_stmt *st = db_stmt(db, "SELECT s.number, s.date, coalesce(s.start_time,''), coalesce(s.place,''), s.status, "
                                 "coalesce(replace(substr(s.opened_at,1,16),'T',' ') || ' UTC',''), "
                                 "coalesce(replace(substr(s.closed_at,1,16),'T',' ') || ' UTC',''), o.name_ar, coalesce(o.name_en,o.name_ar) "
                                 "FROM sitting s JOIN organization o ON o.id=s.body_id WHERE s.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_done(st);
    return mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)sitting);
  }
#define C(i) ((const char *)sqlite3_column_text(st, i))
  buf_printf(b, "%s %d — %s\n", L(ar, "محضر الجلسة رقم", "Minutes of sitting"), sqlite3_column_int(st, 0), ar ? C(7) : C(8));
  buf_printf(b, "%s: %s%s%s\n", L(ar, "التاريخ", "Date"), C(1), *C(2) ? " " : "", C(2));
  if (*C(3)) buf_printf(b, "%s: %s\n", L(ar, "المكان", "Place"), C(3));
  if (*C(5)) buf_printf(b, "%s: %s\n", L(ar, "افتُتحت الجلسة", "Opened"), C(5));
  if (*C(6)) buf_printf(b, "%s: %s\n", L(ar, "اختُتمت الجلسة", "Closed"), C(6));
#undef C
  db_done(st);
  Quorum q;
  meeting_quorum(db, sitting, &q);
  buf_printf(b, "\n%s\n", L(ar, "الحضور", "Attendance"));
  static const char *statuses[] = {"present", "excused", "absent"};
  for (int k = 0; k < 3; k++) {
    st = db_stmt(db, "SELECT group_concat(n, '، ') FROM (SELECT CASE WHEN ?3 THEN p.name_ar ELSE coalesce(p.name_en,p.name_ar) END AS n "
                     "FROM attendance a JOIN person p ON p.id=a.person_id WHERE a.sitting_id=?1 AND a.status=?2 ORDER BY p.name_ar)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, sitting);
    sqlite3_bind_text(st, 2, statuses[k], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, ar);
    const char *names = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    const char *label = k == 0 ? L(ar, "الحاضرون", "Present") : k == 1 ? L(ar, "المعتذرون", "Excused") : L(ar, "الغائبون", "Absent");
    buf_printf(b, "- %s: %s\n", label, names ? names : L(ar, "لا أحد", "none"));
    db_done(st);
  }
  buf_printf(b, "- %s: %d / %d (%s %d)\n", L(ar, "النصاب", "Quorum"), q.present, q.members, L(ar, "المطلوب", "needed"), q.needed);
  buf_printf(b, "\n%s\n", L(ar, "جدول الأعمال وما تم فيه", "Business transacted"));
  st = db_stmt(db, "SELECT id, position, title FROM agenda_item WHERE sitting_id=?1 ORDER BY position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  /* items first, so that the statements for each item's speakers and votes
  ** run after this one is done */
  Arena *a = arena_new();
  int64_t *ids = arena_alloc(a, sizeof(int64_t) * 1000);
  int *pos = arena_alloc(a, sizeof(int) * 1000);
  const char **titles = arena_alloc(a, sizeof(char *) * 1000);
  int n = 0;
  while (n < 1000 && sqlite3_step(st) == SQLITE_ROW) {
    ids[n] = sqlite3_column_int64(st, 0);
    pos[n] = sqlite3_column_int(st, 1);
    titles[n] = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
    n++;
  }
  db_done(st);
  int rc = MJ_OK;
  for (int i = 0; i < n && !rc; i++) {
    buf_printf(b, "\n%d. %s\n", pos[i], titles[i]);
    st = db_stmt(db, "SELECT group_concat(x, '، ') FROM (SELECT CASE WHEN ?2 THEN p.name_ar ELSE coalesce(p.name_en,p.name_ar) END "
                     "|| ' (' || (r.seconds_used / 60) || ':' || printf('%02d', r.seconds_used % 60) || ')' AS x "
                     "FROM speaker_request r JOIN person p ON p.id=r.person_id WHERE r.agenda_item_id=?1 AND r.status='done' "
                     "ORDER BY r.ended_ms)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, ids[i]);
    sqlite3_bind_int(st, 2, ar);
    const char *sp = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (sp) buf_printf(b, "   %s: %s\n", L(ar, "المتحدثون", "Speakers"), sp);
    db_done(st);
    st = db_stmt(db, "SELECT title, result, coalesce(yes_count,0), coalesce(no_count,0), coalesce(abstain_count,0) "
                     "FROM vote_event WHERE agenda_item_id=?1 AND status='closed' ORDER BY id");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, ids[i]);
    while (sqlite3_step(st) == SQLITE_ROW) {
      int pass = strcmp((const char *)sqlite3_column_text(st, 1), "pass") == 0;
      buf_printf(b, "   %s: %s — %s %d%s %s %d%s %s %d: %s\n", L(ar, "التصويت", "Vote"),
                 (const char *)sqlite3_column_text(st, 0), L(ar, "موافق", "yes"), sqlite3_column_int(st, 2), L(ar, "،", ","),
                 L(ar, "غير موافق", "no"), sqlite3_column_int(st, 3), L(ar, "،", ","), L(ar, "ممتنع", "abstain"),
                 sqlite3_column_int(st, 4), pass ? L(ar, "أُقر", "passed") : L(ar, "لم يُقر", "not passed"));
    }
    db_done(st);
  }
  arena_free(a);
  if (rc) return rc;
  /* votes taken on the sitting rather than on an item */
  st = db_stmt(db, "SELECT title, result, coalesce(yes_count,0), coalesce(no_count,0), coalesce(abstain_count,0) "
                   "FROM vote_event WHERE sitting_id=?1 AND agenda_item_id IS NULL AND status='closed' ORDER BY id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int other = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (!other++) buf_printf(b, "\n%s\n", L(ar, "تصويتات أخرى", "Other votes"));
    int pass = strcmp((const char *)sqlite3_column_text(st, 1), "pass") == 0;
    buf_printf(b, "   %s: %s — %s %d%s %s %d%s %s %d: %s\n", L(ar, "التصويت", "Vote"), (const char *)sqlite3_column_text(st, 0),
               L(ar, "موافق", "yes"), sqlite3_column_int(st, 2), L(ar, "،", ","), L(ar, "غير موافق", "no"),
               sqlite3_column_int(st, 3), L(ar, "،", ","), L(ar, "ممتنع", "abstain"), sqlite3_column_int(st, 4),
               pass ? L(ar, "أُقر", "passed") : L(ar, "لم يُقر", "not passed"));
  }
  db_done(st);
  return b->err ? mj_fail(MJ_ETOOBIG, "the minutes are too long") : MJ_OK;
}

int meeting_minutes_generate(Db *db, const MeetingActor *who, int64_t sitting, const char *lang, int64_t *id) {
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only a sittings clerk prepares minutes");
  if (!lang || (strcmp(lang, "ar") && strcmp(lang, "en"))) return mj_fail(MJ_EINVAL, "minutes are generated in ar or en");
  int rc = db_begin(db);
  if (rc) return rc;
  Buf b;
  buf_init(&b, 4u << 20);
  if ((rc = write_minutes(db, sitting, strcmp(lang, "ar") == 0, &b))) {
    buf_free(&b);
    return finish(db, rc);
  }
  char at[32];
  now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO minutes(sitting_id,lang,version,text,created_at) VALUES(?1,?2,"
                                 "(SELECT coalesce(max(version),0)+1 FROM minutes WHERE sitting_id=?1 AND lang=?2),?3,?4)");
  if (!st) {
    buf_free(&b);
    return finish(db, MJ_EIO);
  }
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, b.p, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
  rc = step_done(db, st, "saving the minutes");
  buf_free(&b);
  if (rc) return finish(db, rc);
  int64_t mid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  objname(obj, "minutes", mid);
  rc = audit_append(db, who->actor, "minutes.generate", obj, "draft minutes (%s) of sitting %lld", lang, (long long)sitting);
  if (!rc && id) *id = mid;
  return finish(db, rc);
}

int meeting_minutes_edit(Db *db, const MeetingActor *who, int64_t minutes_id, const char *text) {
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only a sittings clerk edits minutes");
  if (!text || !*text || strlen(text) > (4u << 20)) return mj_fail(MJ_EINVAL, "minutes need text (at most 4 MiB)");
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT sitting_id, lang, status FROM minutes WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, minutes_id);
  int64_t sitting = 0;
  char lang[4] = "", status[16] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    sitting = sqlite3_column_int64(st, 0);
    mj_strlcpy(lang, (const char *)sqlite3_column_text(st, 1), sizeof lang);
    mj_strlcpy(status, (const char *)sqlite3_column_text(st, 2), sizeof status);
  }
  db_done(st);
  if (!sitting) return finish(db, mj_fail(MJ_ENOTFOUND, "there are no minutes %lld", (long long)minutes_id));
  char at[32];
  now_iso(at);
  char obj[48];
  if (strcmp(status, "approved") == 0) {
    /* approved minutes are locked: an amendment is a new draft version */
    st = db_stmt(db, "INSERT INTO minutes(sitting_id,lang,version,text,created_at) VALUES(?1,?2,"
                     "(SELECT max(version)+1 FROM minutes WHERE sitting_id=?1 AND lang=?2),?3,?4)");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, sitting);
    sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
    if ((rc = step_done(db, st, "amending the minutes"))) return finish(db, rc);
    objname(obj, "minutes", sqlite3_last_insert_rowid(db_handle(db)));
    rc = audit_append(db, who->actor, "minutes.amend", obj, "amendment of approved minutes %lld", (long long)minutes_id);
  } else {
    st = db_stmt(db, "UPDATE minutes SET text=?2 WHERE id=?1");
    if (!st) return finish(db, MJ_EIO);
    sqlite3_bind_int64(st, 1, minutes_id);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    if ((rc = step_done(db, st, "editing the minutes"))) return finish(db, rc);
    objname(obj, "minutes", minutes_id);
    rc = audit_append(db, who->actor, "minutes.edit", obj, "draft edited (%zu bytes)", strlen(text));
  }
  return finish(db, rc);
}

int meeting_minutes_approve(Db *db, const MeetingActor *who, int64_t minutes_id) {
  if (!caps(who, CAP_SITTING_PREPARE)) return deny(who, "only a sittings clerk approves minutes");
  int rc = db_begin(db);
  if (rc) return rc;
  char at[32];
  now_iso(at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE minutes SET status='approved', approved_at=?2, approved_by=?3 WHERE id=?1 AND status='draft'");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, minutes_id);
  sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, who->actor->user_name, -1, SQLITE_STATIC);
  if ((rc = step_done(db, st, "approving the minutes"))) return finish(db, rc);
  if (sqlite3_changes(db_handle(db)) != 1) {
    if (!db_int(db, "SELECT count(*) FROM minutes WHERE id=?1", 1, minutes_id, 0))
      return finish(db, mj_fail(MJ_ENOTFOUND, "there are no minutes %lld", (long long)minutes_id));
    return finish(db, mj_fail(MJ_ECONFLICT, "minutes %lld are already approved", (long long)minutes_id));
  }
  char obj[48];
  objname(obj, "minutes", minutes_id);
  rc = audit_append(db, who->actor, "minutes.approve", obj, "minutes approved and locked");
  return finish(db, rc);
}

/* ---- the rules of a body ---- */
static const struct {
  const char *key, *sql;
} body_rules[] = {
  {"quorum_rule", "UPDATE organization SET quorum_rule=?2 WHERE id=?1"},
  {"allow_ballot_change", "UPDATE organization SET allow_ballot_change=?2 WHERE id=?1"},
  {"allow_proxy", "UPDATE organization SET allow_proxy=?2 WHERE id=?1"},
  {"weighted_votes", "UPDATE organization SET weighted_votes=?2 WHERE id=?1"},
  {"speech_seconds", "UPDATE organization SET speech_seconds=?2 WHERE id=?1"},
  {"group_seconds", "UPDATE organization SET group_seconds=?2 WHERE id=?1"},
};

int meeting_body_rule_set(Db *db, const MeetingActor *who, int64_t body, const char *key, const char *value) {
  if (!caps(who, CAP_SETTINGS)) return deny(who, "only an administrator changes a body's rules");
  int k = -1;
  for (size_t i = 0; key && i < MJ_COUNT(body_rules); i++)
    if (strcmp(key, body_rules[i].key) == 0) k = (int)i;
  if (k < 0)
    return mj_fail(MJ_EINVAL, "unknown rule '%s'; rules: quorum_rule, allow_ballot_change, allow_proxy, "
                              "weighted_votes, speech_seconds, group_seconds", key ? key : "");
  long long n = 0;
  if (k == 0) {
    if (!value || vote_quorum_needed(value, 10) < 0) return mj_fail(MJ_EINVAL, "quorum_rule is majority, two_thirds or third");
  } else if (k <= 3) {
    if (mj_parse_int(value, 0, 1, &n)) return mj_fail(MJ_EINVAL, "%s is 0 or 1", key);
  } else if (mj_parse_int(value, 1, 86400, &n)) {
    return mj_fail(MJ_EINVAL, "%s is a number of seconds from 1 to 86400", key);
  }
  int rc = db_begin(db);
  if (rc) return rc;
  const char *cls = NULL;
  sqlite3_stmt *st = db_stmt(db, "SELECT classification FROM organization WHERE id=?1");
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, body);
  char c[32] = "";
  if (sqlite3_step(st) == SQLITE_ROW) mj_strlcpy(c, (const char *)sqlite3_column_text(st, 0), sizeof c);
  db_done(st);
  cls = c;
  if (strcmp(cls, "chamber") && strcmp(cls, "committee"))
    return finish(db, mj_fail(MJ_ENOTFOUND, "body %lld is not a chamber or a committee", (long long)body));
  st = db_stmt(db, body_rules[k].sql);
  if (!st) return finish(db, MJ_EIO);
  sqlite3_bind_int64(st, 1, body);
  if (k == 0) sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
  else sqlite3_bind_int64(st, 2, n);
  if ((rc = step_done(db, st, "changing the rule"))) return finish(db, rc);
  char obj[48];
  objname(obj, "body", body);
  rc = audit_append(db, who->actor, "body.rule", obj, "%s set to %s", key, value);
  return finish(db, rc);
}

int meeting_body_rules(Db *db, int64_t body, Buf *out) {
  sqlite3_stmt *st = db_stmt(db, "SELECT name_ar, coalesce(name_en,''), classification, quorum_rule, allow_ballot_change, "
                                 "allow_proxy, weighted_votes, speech_seconds, group_seconds FROM organization WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, body);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no body %lld", (long long)body);
  if (sqlite3_step(st) == SQLITE_ROW) {
    buf_printf(out, "body %lld: %s / %s (%s)\n", (long long)body, (const char *)sqlite3_column_text(st, 0),
               (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2));
    buf_printf(out, "quorum_rule %s\nallow_ballot_change %d\nallow_proxy %d\nweighted_votes %d\nspeech_seconds %d\ngroup_seconds %d\n",
               (const char *)sqlite3_column_text(st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
               sqlite3_column_int(st, 6), sqlite3_column_int(st, 7), sqlite3_column_int(st, 8));
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}
