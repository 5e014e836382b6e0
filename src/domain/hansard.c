/*
** hansard.c: the read models of the electronic Hansard (the working record
** of a sitting, its speeches, takes, flags, corrections and editions) and
** the record snapshot that editions freeze. The workflow (changes) lives in
** hansard_flow.c, the word diff in hansard_diff.c, segment import in
** hansard_import.c; hansard_int.h holds what they share.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "hansard.h"
#include "hansard_int.h"

const char *hansard_col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

static int64_t col_ms(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

/* Grows an arena array of `size`-byte rows (doubling). */
void *hansard_grow(Arena *a, void *v, int n, int *cap, size_t size) {
  if (n < *cap) return v;
  int nc = *cap ? *cap * 2 : 16;
  void *nv = arena_alloc(a, size * (size_t)nc);
  if (n) memcpy(nv, v, size * (size_t)n);
  *cap = nc;
  return nv;
}

/* ---------------------------------------------------------------- record */
int hansard_record_status(Db *db, Arena *a, int64_t sitting, HansardRecord *r) {
  memset(r, 0, sizeof *r);
  sqlite3_stmt *st = db_stmt(db, "SELECT s.id, s.number, s.date, s.start_time, s.status, s.body_id, o.name_ar, o.name_en, "
                                 "r.sitting_id IS NOT NULL, coalesce(r.status,'drafting'), coalesce(r.take_seconds,600), "
                                 "r.media_url, r.media_started_at, r.review_until, r.certified_by, r.certified_at, r.updated_at, "
                                 "coalesce(r.status='member_review' AND r.review_until > strftime('%Y-%m-%dT%H:%M:%SZ','now'),0) "
                                 "FROM sitting s JOIN organization o ON o.id=s.body_id "
                                 "LEFT JOIN record r ON r.sitting_id=s.id WHERE s.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)sitting);
  if (sqlite3_step(st) == SQLITE_ROW) {
    r->sitting_id = sqlite3_column_int64(st, 0);
    r->number = sqlite3_column_int(st, 1);
    r->date = hansard_col(a, st, 2);
    r->start_time = hansard_col(a, st, 3);
    r->sitting_status = hansard_col(a, st, 4);
    r->body_id = sqlite3_column_int64(st, 5);
    r->body_ar = hansard_col(a, st, 6);
    r->body_en = hansard_col(a, st, 7);
    r->exists = sqlite3_column_int(st, 8);
    r->status = hansard_col(a, st, 9);
    r->take_seconds = sqlite3_column_int(st, 10);
    r->media_url = hansard_col(a, st, 11);
    r->media_started_at = hansard_col(a, st, 12);
    r->review_until = hansard_col(a, st, 13);
    r->certified_by = hansard_col(a, st, 14);
    r->certified_at = hansard_col(a, st, 15);
    r->updated_at = hansard_col(a, st, 16);
    r->review_open = sqlite3_column_int(st, 17);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

/* ---------------------------------------------------------------- speeches */
#define SPEECH_COLS                                                                                          \
  "sp.id, sp.sitting_id, coalesce(sp.agenda_item_id,0), coalesce(sp.section_id,0), coalesce(sp.take_id,0), " \
  "coalesce(sp.person_id,0), sp.position, p.name_ar, p.name_en, sp.role, sp.kind, sp.lang, sp.label, "       \
  "sp.start_time, sp.end_time, sp.media_start_ms, sp.media_end_ms, sp.text, sp.draft_text, sp.source, "      \
  "sp.engine, sp.engine_version, sp.confidence, sp.attribution, sp.version, sp.edited_by, sp.edited_at, "    \
  "sp.ident, s.date, p.ident "                                                                                      \
  "FROM speech sp JOIN sitting s ON s.id=sp.sitting_id LEFT JOIN person p ON p.id=sp.person_id "

static void read_speech(Arena *a, sqlite3_stmt *st, HansardSpeech *s) {
  s->id = sqlite3_column_int64(st, 0);
  s->sitting_id = sqlite3_column_int64(st, 1);
  s->agenda_item_id = sqlite3_column_int64(st, 2);
  s->section_id = sqlite3_column_int64(st, 3);
  s->take_id = sqlite3_column_int64(st, 4);
  s->person_id = sqlite3_column_int64(st, 5);
  s->position = sqlite3_column_int(st, 6);
  s->person_ar = hansard_col(a, st, 7);
  s->person_en = hansard_col(a, st, 8);
  s->role = hansard_col(a, st, 9);
  s->kind = hansard_col(a, st, 10);
  s->lang = hansard_col(a, st, 11);
  s->label = hansard_col(a, st, 12);
  s->start_time = hansard_col(a, st, 13);
  s->end_time = hansard_col(a, st, 14);
  s->media_start_ms = col_ms(st, 15);
  s->media_end_ms = col_ms(st, 16);
  s->text = hansard_col(a, st, 17);
  s->draft_text = hansard_col(a, st, 18);
  s->source = hansard_col(a, st, 19);
  s->engine = hansard_col(a, st, 20);
  s->engine_version = hansard_col(a, st, 21);
  s->confidence = sqlite3_column_type(st, 22) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 22);
  s->attribution = hansard_col(a, st, 23);
  s->version = sqlite3_column_int(st, 24);
  s->edited_by = hansard_col(a, st, 25);
  s->edited_at = hansard_col(a, st, 26);
  s->ident = hansard_col(a, st, 27);
  s->sitting_date = hansard_col(a, st, 28);
  s->person_ident = hansard_col(a, st, 29);
}

int hansard_speech(Db *db, Arena *a, int64_t speech, HansardSpeech *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT " SPEECH_COLS "WHERE sp.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, speech);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no speech %lld", (long long)speech);
  if (sqlite3_step(st) == SQLITE_ROW) {
    read_speech(a, st, out);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

int hansard_speeches(Db *db, Arena *a, int64_t sitting, HansardSpeech **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT " SPEECH_COLS "WHERE sp.sitting_id=?1 ORDER BY sp.position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int cap = 0;
  HansardSpeech *v = NULL;
  while (sqlite3_step(st) == SQLITE_ROW) {
    v = hansard_grow(a, v, *n, &cap, sizeof *v);
    read_speech(a, st, &v[(*n)++]);
  }
  db_done(st);
  *rows = v;
  return MJ_OK;
}

/* ---------------------------------------------------------------- takes */
#define TAKE_COLS                                                                                       \
  "t.id, t.sitting_id, coalesce(t.reporter_id,0), t.number, t.start_ms, t.end_ms, u.name, "           \
  "coalesce(nullif(u.display_ar,''), nullif(u.display_latin,''), u.name), t.status, t.updated_at, "   \
  "t.updated_by, (SELECT count(*) FROM speech WHERE take_id=t.id), "                                  \
  "(SELECT count(*) FROM record_flag f JOIN speech x ON x.id=f.speech_id WHERE x.take_id=t.id AND f.status='open') " \
  "FROM take t LEFT JOIN user u ON u.id=t.reporter_id "

static void read_take(Arena *a, sqlite3_stmt *st, HansardTake *t) {
  t->id = sqlite3_column_int64(st, 0);
  t->sitting_id = sqlite3_column_int64(st, 1);
  t->reporter_id = sqlite3_column_int64(st, 2);
  t->number = sqlite3_column_int(st, 3);
  t->start_ms = sqlite3_column_int64(st, 4);
  t->end_ms = sqlite3_column_int64(st, 5);
  t->reporter = hansard_col(a, st, 6);
  t->reporter_display = hansard_col(a, st, 7);
  t->status = hansard_col(a, st, 8);
  t->updated_at = hansard_col(a, st, 9);
  t->updated_by = hansard_col(a, st, 10);
  t->speeches = sqlite3_column_int(st, 11);
  t->open_flags = sqlite3_column_int(st, 12);
}

int hansard_take(Db *db, Arena *a, int64_t take, HansardTake *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT " TAKE_COLS "WHERE t.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, take);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no take %lld", (long long)take);
  if (sqlite3_step(st) == SQLITE_ROW) {
    read_take(a, st, out);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

/* ---------------------------------------------------------------- corrections */
#define CORR_COLS                                                                                        \
  "c.id, c.speech_id, c.person_id, sp.sitting_id, c.base_version, p.name_ar, p.name_en, c.proposed_text, " \
  "c.reason, c.status, c.proposed_by, c.proposed_at, c.decided_by, c.decided_at, c.decision_note, sp.text " \
  "FROM speech_correction c JOIN speech sp ON sp.id=c.speech_id LEFT JOIN person p ON p.id=c.person_id "

static void read_corr(Arena *a, sqlite3_stmt *st, HansardCorrection *c) {
  c->id = sqlite3_column_int64(st, 0);
  c->speech_id = sqlite3_column_int64(st, 1);
  c->person_id = sqlite3_column_int64(st, 2);
  c->sitting_id = sqlite3_column_int64(st, 3);
  c->base_version = sqlite3_column_int(st, 4);
  c->person_ar = hansard_col(a, st, 5);
  c->person_en = hansard_col(a, st, 6);
  c->proposed_text = hansard_col(a, st, 7);
  c->reason = hansard_col(a, st, 8);
  c->status = hansard_col(a, st, 9);
  c->proposed_by = hansard_col(a, st, 10);
  c->proposed_at = hansard_col(a, st, 11);
  c->decided_by = hansard_col(a, st, 12);
  c->decided_at = hansard_col(a, st, 13);
  c->decision_note = hansard_col(a, st, 14);
  c->current_text = hansard_col(a, st, 15);
}

int hansard_corrections(Db *db, Arena *a, int64_t sitting, const char *status, int64_t person,
                        HansardCorrection **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT " CORR_COLS "WHERE sp.sitting_id=?1 AND (?2 IS NULL OR c.status=?2) "
                                 "AND (?3=0 OR c.person_id=?3) ORDER BY sp.position, c.id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  if (status) sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, person);
  int cap = 0;
  HansardCorrection *v = NULL;
  while (sqlite3_step(st) == SQLITE_ROW) {
    v = hansard_grow(a, v, *n, &cap, sizeof *v);
    read_corr(a, st, &v[(*n)++]);
  }
  db_done(st);
  *rows = v;
  return MJ_OK;
}

int hansard_correction(Db *db, Arena *a, int64_t id, HansardCorrection *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT " CORR_COLS "WHERE c.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no correction %lld", (long long)id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    read_corr(a, st, out);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

/* ---------------------------------------------------------------- editions */
static void read_edition(Arena *a, sqlite3_stmt *st, HansardEdition *e, int content) {
  e->id = sqlite3_column_int64(st, 0);
  e->sitting_id = sqlite3_column_int64(st, 1);
  e->number = sqlite3_column_int(st, 2);
  e->kind = hansard_col(a, st, 3);
  e->published_at = hansard_col(a, st, 4);
  e->published_by = hansard_col(a, st, 5);
  e->note = hansard_col(a, st, 6);
  e->sha256 = hansard_col(a, st, 7);
  e->content = content ? hansard_col(a, st, 8) : NULL;
}

int hansard_editions(Db *db, Arena *a, int64_t sitting, HansardEdition **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, sitting_id, number, kind, published_at, published_by, note, sha256 "
                                 "FROM edition WHERE sitting_id=?1 ORDER BY number");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int cap = 0;
  HansardEdition *v = NULL;
  while (sqlite3_step(st) == SQLITE_ROW) {
    v = hansard_grow(a, v, *n, &cap, sizeof *v);
    read_edition(a, st, &v[(*n)++], 0);
  }
  db_done(st);
  *rows = v;
  return MJ_OK;
}

int hansard_edition(Db *db, Arena *a, int64_t edition, HansardEdition *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, sitting_id, number, kind, published_at, published_by, note, sha256, content "
                                 "FROM edition WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, edition);
  int rc = mj_fail(MJ_ENOTFOUND, "there is no edition %lld", (long long)edition);
  if (sqlite3_step(st) == SQLITE_ROW) {
    read_edition(a, st, out, 1);
    rc = MJ_OK;
  }
  db_done(st);
  return rc;
}

int hansard_edition_latest(Db *db, Arena *a, int64_t sitting, HansardEdition *out) {
  int64_t id = db_int(db, "SELECT id FROM edition WHERE sitting_id=?1 ORDER BY number DESC LIMIT 1", 1, sitting, 0);
  if (!id) {
    memset(out, 0, sizeof *out);
    return mj_fail(MJ_ENOTFOUND, "sitting %lld has no published edition", (long long)sitting);
  }
  return hansard_edition(db, a, id, out);
}

int hansard_public_view(Db *db, int64_t sitting, int64_t *edition_id) {
  int64_t e = db_int(db, "SELECT id FROM edition WHERE sitting_id=?1 ORDER BY number DESC LIMIT 1", 1, sitting, 0);
  if (edition_id) *edition_id = e;
  if (e) return HANSARD_PUBLIC_EDITION;
  return db_int(db, "SELECT count(*) FROM record WHERE sitting_id=?1", 1, sitting, 0) ? HANSARD_PUBLIC_NONE : HANSARD_PUBLIC_LEGACY;
}

/* ---------------------------------------------------------------- sections */
const char *hansard_item_section_name(const char *kind) {
  return kind && strcmp(kind, "question") == 0 ? "questions" : "debate";
}

int hansard_agenda_sections(Db *db, Arena *a, int64_t sitting, HansardSection **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, coalesce(parent_id,0), position, kind, title FROM agenda_item WHERE sitting_id=?1 "
                                 "ORDER BY position, id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    *rows = hansard_grow(a, *rows, *n, &cap, sizeof **rows);
    HansardSection *s = &(*rows)[(*n)++];
    memset(s, 0, sizeof *s);
    s->id = s->agenda_item_id = sqlite3_column_int64(st, 0);
    s->parent_id = sqlite3_column_int64(st, 1);
    s->position = sqlite3_column_int(st, 2);
    s->name = hansard_item_section_name((const char *)sqlite3_column_text(st, 3));
    s->heading = hansard_col(a, st, 4);
  }
  db_done(st);
  return MJ_OK;
}

void hansard_sections_follow(const HansardSection *secs, int nsecs, const int64_t *item_of, int64_t *section_of, int n) {
  int64_t cur = 0;
  for (int i = 0; i < n; i++) {
    if (section_of[i]) {
      cur = section_of[i];
      continue;
    }
    int64_t mine = 0;
    for (int j = 0; item_of[i] && j < nsecs && !mine; j++)
      if (secs[j].agenda_item_id == item_of[i]) mine = secs[j].id;
    if (mine) cur = mine;
    section_of[i] = cur;
  }
}

/* ---------------------------------------------------------------- the view */
int hansard_record(Db *db, Arena *a, int64_t sitting, HansardView *out) {
  memset(out, 0, sizeof *out);
  int rc = hansard_record_status(db, a, sitting, &out->rec);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, coalesce(parent_id,0), coalesce(agenda_item_id,0), position, name, heading, ident "
                                 "FROM record_section WHERE sitting_id=?1 ORDER BY position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->sections = hansard_grow(a, out->sections, out->nsections, &cap, sizeof *out->sections);
    HansardSection *s = &out->sections[out->nsections++];
    s->id = sqlite3_column_int64(st, 0);
    s->parent_id = sqlite3_column_int64(st, 1);
    s->agenda_item_id = sqlite3_column_int64(st, 2);
    s->position = sqlite3_column_int(st, 3);
    s->name = hansard_col(a, st, 4);
    s->heading = hansard_col(a, st, 5);
    s->ident = hansard_col(a, st, 6);
  }
  db_done(st);
  if ((rc = hansard_speeches(db, a, sitting, &out->speeches, &out->nspeeches))) return rc;
  if (!out->nsections) { /* no sections stored: the agenda's */
    if ((rc = hansard_agenda_sections(db, a, sitting, &out->sections, &out->nsections))) return rc;
    int64_t *item = arena_alloc(a, sizeof *item * (size_t)(out->nspeeches + 1));
    int64_t *sec = arena_alloc(a, sizeof *sec * (size_t)(out->nspeeches + 1));
    for (int i = 0; i < out->nspeeches; i++) {
      item[i] = out->speeches[i].agenda_item_id;
      sec[i] = 0;
    }
    hansard_sections_follow(out->sections, out->nsections, item, sec, out->nspeeches);
    for (int i = 0; i < out->nspeeches; i++) out->speeches[i].section_id = sec[i];
  }
  for (int i = 0; i < out->nspeeches; i++) out->proposed += strcmp(out->speeches[i].attribution, "proposed") == 0;
  st = db_stmt(db, "SELECT " TAKE_COLS "WHERE t.sitting_id=?1 ORDER BY t.number");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->takes = hansard_grow(a, out->takes, out->ntakes, &cap, sizeof *out->takes);
    read_take(a, st, &out->takes[out->ntakes++]);
  }
  db_done(st);
  st = db_stmt(db, "SELECT id, sitting_id, coalesce(speech_id,0), coalesce(segment_id,0), kind, start_ms, end_ms, detail, "
                   "status, resolution, created_at, resolved_by, resolved_at FROM record_flag WHERE sitting_id=?1 "
                   "ORDER BY status='resolved', coalesce(start_ms, 0), id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->flags = hansard_grow(a, out->flags, out->nflags, &cap, sizeof *out->flags);
    HansardFlag *f = &out->flags[out->nflags++];
    f->id = sqlite3_column_int64(st, 0);
    f->sitting_id = sqlite3_column_int64(st, 1);
    f->speech_id = sqlite3_column_int64(st, 2);
    f->segment_id = sqlite3_column_int64(st, 3);
    f->kind = hansard_col(a, st, 4);
    f->start_ms = col_ms(st, 5);
    f->end_ms = col_ms(st, 6);
    f->detail = hansard_col(a, st, 7);
    f->status = hansard_col(a, st, 8);
    f->resolution = hansard_col(a, st, 9);
    f->created_at = hansard_col(a, st, 10);
    f->resolved_by = hansard_col(a, st, 11);
    f->resolved_at = hansard_col(a, st, 12);
    out->open_flags += strcmp(f->status, "open") == 0;
  }
  db_done(st);
  if ((rc = hansard_corrections(db, a, sitting, "pending", 0, &out->corrections, &out->ncorrections))) return rc;
  return hansard_editions(db, a, sitting, &out->editions, &out->neditions);
}

/* ---------------------------------------------------------------- snapshot */
static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* The snapshot: everything a reader of an edition needs, in a stable key
** order (JSON_PRESERVE_ORDER), so the same record gives the same bytes and
** the same SHA-256. */
int hansard_snapshot(Db *db, int64_t sitting, char **json) {
  *json = NULL;
  Arena *a = arena_new();
  HansardView v;
  int rc = hansard_record(db, a, sitting, &v);
  if (rc) {
    arena_free(a);
    return rc;
  }
  json_t *root = json_object();
  json_t *s = json_object();
  json_object_set_new(s, "id", json_integer(sitting));
  json_object_set_new(s, "number", json_integer(v.rec.number));
  json_object_set_new(s, "date", jstr(v.rec.date));
  json_object_set_new(s, "start_time", jstr(v.rec.start_time));
  json_object_set_new(s, "body_id", json_integer(v.rec.body_id));
  json_t *b = json_object();
  json_object_set_new(b, "ar", jstr(v.rec.body_ar));
  json_object_set_new(b, "en", jstr(v.rec.body_en ? v.rec.body_en : v.rec.body_ar));
  json_object_set_new(s, "body", b);
  json_object_set_new(root, "sitting", s);
  json_object_set_new(root, "media_url", jstr(v.rec.media_url));
  json_object_set_new(root, "media_started_at", jstr(v.rec.media_started_at));
  json_object_set_new(root, "certified_by", jstr(v.rec.certified_by));
  json_object_set_new(root, "certified_at", jstr(v.rec.certified_at));
  json_t *secs = json_array();
  for (int i = 0; i < v.nsections; i++) {
    const HansardSection *x = &v.sections[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(x->id));
    json_object_set_new(o, "parent_id", x->parent_id ? json_integer(x->parent_id) : json_null());
    json_object_set_new(o, "position", json_integer(x->position));
    json_object_set_new(o, "name", jstr(x->name));
    json_object_set_new(o, "heading", jstr(x->heading));
    json_object_set_new(o, "agenda_item_id", x->agenda_item_id ? json_integer(x->agenda_item_id) : json_null());
    json_array_append_new(secs, o);
  }
  json_object_set_new(root, "sections", secs);
  json_t *sps = json_array();
  for (int i = 0; i < v.nspeeches; i++) {
    const HansardSpeech *x = &v.speeches[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(x->id));
    json_object_set_new(o, "position", json_integer(x->position));
    json_object_set_new(o, "section_id", x->section_id ? json_integer(x->section_id) : json_null());
    json_object_set_new(o, "agenda_item_id", x->agenda_item_id ? json_integer(x->agenda_item_id) : json_null());
    if (x->person_id) {
      json_t *p = json_object();
      json_object_set_new(p, "id", json_integer(x->person_id));
      json_object_set_new(p, "name", jstr(x->person_ar));
      json_object_set_new(p, "name_en", jstr(x->person_en));
      json_object_set_new(p, "ident", jstr(x->person_ident));
      json_object_set_new(o, "person", p);
    } else {
      json_object_set_new(o, "person", json_null());
    }
    json_object_set_new(o, "label", jstr(x->label));
    json_object_set_new(o, "role", jstr(x->role));
    json_object_set_new(o, "kind", jstr(x->kind));
    json_object_set_new(o, "lang", jstr(x->lang));
    json_object_set_new(o, "start_time", jstr(x->start_time));
    json_object_set_new(o, "end_time", jstr(x->end_time));
    json_object_set_new(o, "media_start_ms", x->media_start_ms >= 0 ? json_integer(x->media_start_ms) : json_null());
    json_object_set_new(o, "media_end_ms", x->media_end_ms >= 0 ? json_integer(x->media_end_ms) : json_null());
    json_object_set_new(o, "text", jstr(x->text));
    json_object_set_new(o, "source", jstr(x->source));
    json_object_set_new(o, "engine", jstr(x->engine));
    json_object_set_new(o, "engine_version", jstr(x->engine_version));
    json_object_set_new(o, "confidence", x->confidence >= 0 ? json_real(x->confidence) : json_null());
    json_object_set_new(o, "version", json_integer(x->version));
    json_object_set_new(o, "ident", jstr(x->ident));
    json_array_append_new(sps, o);
  }
  json_object_set_new(root, "speeches", sps);
  *json = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(root);
  arena_free(a);
  return *json ? MJ_OK : mj_fail(MJ_EINTERNAL, "building the record snapshot");
}
