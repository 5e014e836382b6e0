/*
** parl.c: the read models. Each function runs bound, cached statements and
** copies what it returns into the caller's arena, so callers never hold a
** statement open across their own work.
*/
#include "parl.h"

#include <string.h>

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

const char *parl_name(const Names *n, const char *lang) {
  if (lang && strcmp(lang, "en") == 0 && n->en && *n->en) return n->en;
  if (lang && strcmp(lang, "az") == 0) {
    if (n->az && *n->az) return n->az;
    if (n->en && *n->en) return n->en;
  }
  return n->ar ? n->ar : "";
}

static void read_org(Arena *a, sqlite3_stmt *st, OrgRow *o) {
  o->id = sqlite3_column_int64(st, 0);
  o->ident = col(a, st, 1);
  o->classification = col(a, st, 2);
  o->name.ar = col(a, st, 3);
  o->name.en = col(a, st, 4);
  o->name.az = col(a, st, 5);
  o->parent_id = sqlite3_column_int64(st, 6);
  o->seats = sqlite3_column_int(st, 7);
  o->members = sqlite3_column_int(st, 8);
}

#define ORG_COLS                                                                                   \
  "o.id, o.ident, o.classification, o.name_ar, o.name_en, o.name_az, o.parent_id, o.seats, "       \
  "(SELECT count(DISTINCT m.person_id) FROM membership m WHERE m.organization_id=o.id "            \
  " AND m.end_date IS NULL) "

int parl_chamber(Db *db, Arena *a, OrgRow *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLS "FROM organization o WHERE classification='chamber' "
                                 "ORDER BY id LIMIT 1");
  if (!st) return MJ_EIO;
  int rc = MJ_OK;
  if (sqlite3_step(st) == SQLITE_ROW) read_org(a, st, out);
  else rc = mj_fail(MJ_ENOTFOUND, "this database has no chamber yet; 'majlis demo' creates one");
  db_done(st);
  return rc;
}

int parl_orgs(Db *db, Arena *a, const char *classification, OrgRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLS "FROM organization o WHERE classification=?1 "
                                 "ORDER BY o.name_ar LIMIT 500");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, classification, -1, SQLITE_STATIC);
  int cap = 16;
  OrgRow *r = arena_alloc(a, sizeof(OrgRow) * (size_t)cap);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      OrgRow *nr = arena_alloc(a, sizeof(OrgRow) * (size_t)cap * 2);
      memcpy(nr, r, sizeof(OrgRow) * (size_t)cap);
      r = nr;
      cap *= 2;
    }
    read_org(a, st, &r[(*n)++]);
  }
  db_done(st);
  *rows = r;
  return MJ_OK;
}

#define SITTING_COLS                                                                               \
  "s.id, s.body_id, o.name_ar, o.name_en, o.name_az, o.classification, s.number, s.date, "         \
  "s.start_time, s.place, s.status, t.number, se.number, se.kind, "                                \
  "(SELECT count(*) FROM agenda_item WHERE sitting_id=s.id), "                                     \
  "(SELECT count(*) FROM attendance WHERE sitting_id=s.id AND status='present'), "                 \
  "(SELECT count(*) FROM public_speech WHERE sitting_id=s.id), "                                   \
  "(SELECT count(*) FROM vote_event WHERE sitting_id=s.id), "                                      \
  "EXISTS(SELECT 1 FROM unpublished_record WHERE sitting_id=s.id) "                                \
  "FROM sitting s JOIN organization o ON o.id=s.body_id "                                          \
  "LEFT JOIN session se ON se.id=s.session_id LEFT JOIN term t ON t.id=se.term_id "

static void read_sitting(Arena *a, sqlite3_stmt *st, SittingRow *s) {
  s->id = sqlite3_column_int64(st, 0);
  s->body_id = sqlite3_column_int64(st, 1);
  s->body.ar = col(a, st, 2);
  s->body.en = col(a, st, 3);
  s->body.az = col(a, st, 4);
  s->body_class = col(a, st, 5);
  s->number = sqlite3_column_int(st, 6);
  s->date = col(a, st, 7);
  s->start_time = col(a, st, 8);
  s->place = col(a, st, 9);
  s->status = col(a, st, 10);
  s->term = sqlite3_column_int(st, 11);
  s->session = sqlite3_column_int(st, 12);
  s->session_kind = col(a, st, 13);
  s->items = sqlite3_column_int(st, 14);
  s->present = sqlite3_column_int(st, 15);
  s->speeches = sqlite3_column_int(st, 16);
  s->votes = sqlite3_column_int(st, 17);
  s->record_pending = sqlite3_column_int(st, 18);
}

int parl_sittings(Db *db, Arena *a, SittingWhen when, const char *today, int64_t body_id, int limit,
                  SittingRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  if (limit < 1 || limit > 500) return mj_fail(MJ_EINVAL, "limit must be from 1 to 500, got %d", limit);
  const char *sql;
  switch (when) {
  case SITTINGS_UPCOMING:
    sql = "SELECT " SITTING_COLS "WHERE s.date >= ?1 AND s.status IN ('scheduled','open','suspended') "
          "AND (?2 = 0 OR s.body_id = ?2) ORDER BY s.date, s.start_time, s.id LIMIT ?3";
    break;
  case SITTINGS_RECENT:
    sql = "SELECT " SITTING_COLS "WHERE (s.date < ?1 OR s.status = 'closed') "
          "AND (?2 = 0 OR s.body_id = ?2) ORDER BY s.date DESC, s.id DESC LIMIT ?3";
    break;
  default:
    sql = "SELECT " SITTING_COLS "WHERE ?1 IS NOT NULL AND (?2 = 0 OR s.body_id = ?2) "
          "ORDER BY s.date DESC, s.id DESC LIMIT ?3";
  }
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, today ? today : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, body_id);
  sqlite3_bind_int(st, 3, limit);
  SittingRow *r = arena_alloc(a, sizeof(SittingRow) * (size_t)limit);
  while (*n < limit && sqlite3_step(st) == SQLITE_ROW) read_sitting(a, st, &r[(*n)++]);
  db_done(st);
  *rows = r;
  return MJ_OK;
}

int parl_sitting(Db *db, Arena *a, int64_t id, SittingDetail *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT " SITTING_COLS "WHERE s.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) read_sitting(a, st, &out->s);
  db_done(st);
  if (!found) return mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)id);

  out->items = arena_alloc(a, sizeof(AgendaRow) * (size_t)(out->s.items + 1));
  st = db_stmt(db, "SELECT id, parent_id, position, kind, title FROM agenda_item WHERE sitting_id=?1 "
                   "ORDER BY position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  while (out->nitems < out->s.items && sqlite3_step(st) == SQLITE_ROW) {
    AgendaRow *it = &out->items[out->nitems++];
    it->id = sqlite3_column_int64(st, 0);
    it->parent_id = sqlite3_column_int64(st, 1);
    it->position = sqlite3_column_int(st, 2);
    it->kind = col(a, st, 3);
    it->title = col(a, st, 4);
  }
  db_done(st);

  out->speeches = arena_alloc(a, sizeof(SpeechRow) * (size_t)(out->s.speeches + 1));
  st = db_stmt(db, "SELECT sp.id, sp.person_id, sp.agenda_item_id, sp.position, p.name_ar, p.name_en, "
                   "p.name_az, sp.role, sp.kind, sp.lang, sp.label, sp.start_time, sp.text "
                   "FROM public_speech sp LEFT JOIN person p ON p.id=sp.person_id WHERE sp.sitting_id=?1 "
                   "ORDER BY sp.position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  while (out->nspeeches < out->s.speeches && sqlite3_step(st) == SQLITE_ROW) {
    SpeechRow *sp = &out->speeches[out->nspeeches++];
    sp->id = sqlite3_column_int64(st, 0);
    sp->person_id = sqlite3_column_int64(st, 1);
    sp->agenda_item_id = sqlite3_column_int64(st, 2);
    sp->position = sqlite3_column_int(st, 3);
    sp->speaker.ar = col(a, st, 4);
    sp->speaker.en = col(a, st, 5);
    sp->speaker.az = col(a, st, 6);
    sp->role = col(a, st, 7);
    sp->kind = col(a, st, 8);
    sp->lang = col(a, st, 9);
    sp->label = col(a, st, 10);
    sp->start_time = col(a, st, 11);
    sp->text = col(a, st, 12);
  }
  db_done(st);

  out->votes = arena_alloc(a, sizeof(VoteRow) * (size_t)(out->s.votes + 1));
  st = db_stmt(db, "SELECT v.id, v.agenda_item_id, v.title, v.method, v.rule, v.status, v.result, "
                   "v.opened_at, v.closed_at, "
                   "coalesce(v.yes_count, 0), coalesce(v.no_count, 0), coalesce(v.abstain_count, 0) "
                   "FROM vote_event v WHERE v.sitting_id=?1 ORDER BY v.id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  while (out->nvotes < out->s.votes && sqlite3_step(st) == SQLITE_ROW) {
    VoteRow *v = &out->votes[out->nvotes++];
    v->id = sqlite3_column_int64(st, 0);
    v->agenda_item_id = sqlite3_column_int64(st, 1);
    v->title = col(a, st, 2);
    v->method = col(a, st, 3);
    v->rule = col(a, st, 4);
    v->status = col(a, st, 5);
    v->result = col(a, st, 6);
    v->opened_at = col(a, st, 7);
    v->closed_at = col(a, st, 8);
    v->yes = sqlite3_column_int(st, 9);
    v->no = sqlite3_column_int(st, 10);
    v->abstain = sqlite3_column_int(st, 11);
  }
  db_done(st);

  st = db_stmt(db, "SELECT (SELECT count(DISTINCT person_id) FROM membership m JOIN sitting s ON s.id=?1 "
                   " WHERE m.organization_id=s.body_id AND m.start_date<=s.date "
                   " AND (m.end_date IS NULL OR m.end_date>=s.date)), "
                   "(SELECT count(*) FROM attendance WHERE sitting_id=?1 AND status='excused'), "
                   "(SELECT count(*) FROM attendance WHERE sitting_id=?1 AND status='absent')");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->members = sqlite3_column_int(st, 0);
    out->excused = sqlite3_column_int(st, 1);
    out->absent = sqlite3_column_int(st, 2);
  }
  db_done(st);
  return MJ_OK;
}

int parl_recent_votes(Db *db, Arena *a, int limit, VoteRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  if (limit < 1 || limit > 100) return mj_fail(MJ_EINVAL, "limit must be from 1 to 100");
  sqlite3_stmt *st = db_stmt(db, "SELECT v.id, coalesce(v.agenda_item_id,0), v.sitting_id, v.title, v.method, v.rule, "
                                 "v.result, v.closed_at, coalesce(v.yes_count,0), coalesce(v.no_count,0), "
                                 "coalesce(v.abstain_count,0) FROM vote_event v WHERE v.status='closed' "
                                 "ORDER BY v.closed_at DESC, v.id DESC LIMIT ?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int(st, 1, limit);
  VoteRow *r = arena_alloc(a, sizeof *r * (size_t)limit);
  while (*n < limit && sqlite3_step(st) == SQLITE_ROW) {
    VoteRow *v = &r[(*n)++];
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(st, 0);
    v->agenda_item_id = sqlite3_column_int64(st, 1);
    v->sitting_id = sqlite3_column_int64(st, 2);
    v->title = col(a, st, 3);
    v->method = col(a, st, 4);
    v->rule = col(a, st, 5);
    v->result = col(a, st, 6);
    v->closed_at = col(a, st, 7);
    v->status = "closed";
    v->yes = sqlite3_column_int(st, 8);
    v->no = sqlite3_column_int(st, 9);
    v->abstain = sqlite3_column_int(st, 10);
  }
  db_done(st);
  *rows = r;
  return MJ_OK;
}

int parl_stats(Db *db, ParlStats *out) {
  sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM organization), "
                                 "(SELECT count(*) FROM sitting), (SELECT count(*) FROM speech), "
                                 "(SELECT count(*) FROM vote_event), (SELECT count(*) FROM event)");
  if (!st) return MJ_EIO;
  memset(out, 0, sizeof *out);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->persons = sqlite3_column_int64(st, 0);
    out->organizations = sqlite3_column_int64(st, 1);
    out->sittings = sqlite3_column_int64(st, 2);
    out->speeches = sqlite3_column_int64(st, 3);
    out->votes = sqlite3_column_int64(st, 4);
    out->events = sqlite3_column_int64(st, 5);
  }
  db_done(st);
  return MJ_OK;
}
