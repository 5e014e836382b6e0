/*
** portal.c: the read models of the public portal (see portal.h). Bound,
** cached statements; every row is copied into the caller's arena.
*/
#include "portal.h"

#include <stdlib.h>
#include <string.h>

#include "sindex.h"

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

static void names(Arena *a, sqlite3_stmt *st, int i, Names *n) {
  n->ar = col(a, st, i);
  n->en = col(a, st, i + 1);
  n->az = col(a, st, i + 2);
}

/* Room for one more element in an arena array of `sz`-byte elements. */
static void *grow(Arena *a, void *p, int n, int *cap, size_t sz) {
  if (n < *cap) return p;
  int nc = *cap ? *cap * 2 : 16;
  void *np = arena_alloc(a, sz * (size_t)nc);
  if (n) memcpy(np, p, sz * (size_t)n);
  *cap = nc;
  return np;
}

/* A statement ended with an error rather than with its last row. */
static int step_failed(Db *db) {
  int e = sqlite3_errcode(db_handle(db));
  return e != SQLITE_OK && e != SQLITE_ROW && e != SQLITE_DONE;
}

/* The party or bloc of person P on date D: a membership in a party or bloc,
** else the party a chamber seat was held for. */
#define PARTY_AT(P, D)                                                                             \
  "coalesce((SELECT m2.organization_id FROM membership m2 JOIN organization o2 ON o2.id=m2.organization_id " \
  " WHERE m2.person_id=" P " AND o2.classification IN ('party','bloc') AND m2.start_date<=" D             \
  " AND (m2.end_date IS NULL OR m2.end_date>=" D ") ORDER BY m2.start_date DESC, m2.id DESC LIMIT 1), "   \
  "(SELECT m3.on_behalf_of_id FROM membership m3 JOIN organization o3 ON o3.id=m3.organization_id "      \
  " WHERE m3.person_id=" P " AND o3.classification='chamber' AND m3.start_date<=" D                        \
  " AND (m3.end_date IS NULL OR m3.end_date>=" D ") ORDER BY m3.start_date DESC, m3.id DESC LIMIT 1))"

#define CHAMBER_ID "(SELECT id FROM organization WHERE classification='chamber' ORDER BY id LIMIT 1)"

static void read_member(Arena *a, sqlite3_stmt *st, PortalMember *m) {
  memset(m, 0, sizeof *m);
  m->id = sqlite3_column_int64(st, 0);
  names(a, st, 1, &m->name);
  m->image = col(a, st, 4);
  m->chamber_role = col(a, st, 5);
  m->party_id = sqlite3_column_int64(st, 6);
  names(a, st, 7, &m->party);
  m->party_class = col(a, st, 10);
  names(a, st, 11, &m->post);
  m->current = 1;
}

#define MEMBER_SQL                                                                                 \
  "SELECT p.id, p.name_ar, p.name_en, p.name_az, p.image, m.role, g.id, g.name_ar, g.name_en, "    \
  "g.name_az, g.classification, ps.label_ar, ps.label_en, ps.label_az "                            \
  "FROM membership m JOIN person p ON p.id=m.person_id LEFT JOIN post ps ON ps.id=m.post_id "      \
  "LEFT JOIN organization g ON g.id=" PARTY_AT("p.id", "?1") " "                                   \
  "WHERE m.organization_id=" CHAMBER_ID " AND m.start_date<=?1 AND (m.end_date IS NULL OR m.end_date>=?1) " \
  "AND (?2=0 OR g.id=?2) AND (?3=0 OR p.id=?3) GROUP BY p.id ORDER BY p.name_ar, p.id"

/* Attaches current committee memberships to members[0..n). */
static int attach_committees(Db *db, Arena *a, const char *today, int64_t person, PortalMember *rows, int n) {
  sqlite3_stmt *st = db_stmt(db, "SELECT m.person_id, o.id, o.name_ar, o.name_en, o.name_az, m.role, m.start_date "
                                 "FROM membership m JOIN organization o ON o.id=m.organization_id "
                                 "WHERE o.classification='committee' AND m.start_date<=?1 "
                                 "AND (m.end_date IS NULL OR m.end_date>=?1) AND (?2=0 OR m.person_id=?2) "
                                 "ORDER BY o.name_ar, o.id");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, person);
  int *caps = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
  memset(caps, 0, sizeof(int) * (size_t)(n + 1));
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t pid = sqlite3_column_int64(st, 0);
    for (int i = 0; i < n; i++) {
      if (rows[i].id != pid) continue;
      PortalMember *m = &rows[i];
      m->committees = grow(a, m->committees, m->ncommittees, &caps[i], sizeof(PortalTie));
      PortalTie *t = &m->committees[m->ncommittees++];
      memset(t, 0, sizeof *t);
      t->person_id = pid;
      t->org_id = sqlite3_column_int64(st, 1);
      names(a, st, 2, &t->org);
      t->classification = "committee";
      t->role = col(a, st, 5);
      t->start_date = col(a, st, 6);
      break;
    }
  }
  db_done(st);
  return MJ_OK;
}

int portal_members(Db *db, Arena *a, const char *today, int64_t party_id, PortalMember **rows, int *n) {
  *rows = NULL;
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, MEMBER_SQL);
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, party_id);
  sqlite3_bind_int64(st, 3, 0);
  int cap = 0;
  PortalMember *r = NULL;
  while (*n < 5000 && sqlite3_step(st) == SQLITE_ROW) {
    r = grow(a, r, *n, &cap, sizeof *r);
    read_member(a, st, &r[(*n)++]);
  }
  db_done(st);
  *rows = r;
  return attach_committees(db, a, today, 0, r, *n);
}

/* ---- speeches ---- */

const char *portal_fts_words(Arena *a, const char *q) {
  if (!q) return NULL;
  Buf b;
  buf_init(&b, 8192);
  int nw = 0;
  for (const char *p = q; *p && nw < 16;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    const char *s = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    if (p == s) continue;
    if (nw++) buf_putc(&b, ' ');
    buf_putc(&b, '"');
    for (const char *c = s; c < p && c - s < 200; c++) {
      if (*c == '"') buf_putc(&b, '"');
      buf_putc(&b, *c);
    }
    buf_putc(&b, '"');
  }
  const char *out = nw && !b.err ? arena_strdup(a, b.p) : NULL;
  buf_free(&b);
  return out;
}

/* A member's public speeches (the view public_speech: published text only,
** never a draft; pubrec.h). The view has no index on the speaker, so the
** ids stored or published under the person narrow it first and the view's
** own person_id decides. The words (?3) match the full-text index, which
** holds the live text: a speech revised since its edition is left out of a
** search by words until the next edition, so a correction in progress
** cannot find it. */
#define PUBLIC_OF_PERSON                                                                           \
  "sp.person_id=?1 AND sp.id IN (SELECT id FROM speech WHERE person_id=?1 "                         \
  "UNION ALL SELECT id FROM edition_speech WHERE person_id=?1) "
#define SPEECH_WHERE                                                                               \
  "FROM public_speech sp JOIN sitting s ON s.id=sp.sitting_id JOIN organization o ON o.id=s.body_id " \
  "WHERE " PUBLIC_OF_PERSON "AND (?2=2 OR (?2=0 AND sp.kind<>'question') OR (?2=1 AND sp.kind='question')) " \
  "AND (?3 IS NULL OR (sp.id IN (SELECT value FROM json_each(?3)) "                                \
  "AND sp.id NOT IN (SELECT id FROM revised_speech))) "

/* The speeches holding every word of q (at most 16 words, each matched as
** a search word: التصويت finds والتصويت), from our search index, as a JSON
** array of ids for json_each; NULL when q has no word. */
static int words_ids(Db *db, Arena *a, const char *q, const char **out) {
  *out = NULL;
  if (!portal_fts_words(a, q)) return MJ_OK;
  SxIndex *ix = NULL;
  int rc = sx_open(db_handle(db), NULL, NULL, &ix);
  if (rc) return rc;
  SxQuery *sq = sxq_new(ix);
  int nw = 0, words = 0;
  for (const char *p = q; *p && nw < 16;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    const char *s = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    if (p == s) continue;
    nw++;
    sxq_item(sq, 0); /* one group: every word must be there */
    words += sxq_alt(sq, s, (size_t)(p - s > 200 ? 200 : p - s), 0, -1) > 0;
  }
  int64_t *m = NULL;
  size_t nm = 0;
  if (sxq_failed(sq)) rc = mj_fail(MJ_EINVAL, "the search words could not be used; try other words");
  else if (words) rc = sx_matches(sq, &m, &nm);
  if (!rc) {
    Buf b;
    buf_init(&b, 1 << 24);
    buf_putc(&b, '[');
    for (size_t i = 0; i < nm; i++) buf_printf(&b, i ? ",%lld" : "%lld", (long long)m[i]);
    buf_putc(&b, ']');
    *out = b.err ? NULL : arena_strdup(a, b.p);
    if (b.err) rc = mj_fail(MJ_ETOOBIG, "too many speeches match these words");
    buf_free(&b);
  }
  free(m);
  sxq_free(sq);
  sx_close(ix);
  return rc;
}

int portal_speeches(Db *db, Arena *a, int64_t person, PortalSpeechKind kind, const char *q, int limit,
                    PortalSpeech **rows, int *n, int *total) {
  *rows = NULL;
  *n = *total = 0;
  if (limit < 1 || limit > 200) return mj_fail(MJ_EINVAL, "limit must be from 1 to 200");
  const char *fq = NULL;
  int wrc = words_ids(db, a, q, &fq);
  if (wrc) return wrc;
  if (fq) kind = PORTAL_ANY_KIND; /* a search looks through everything the member said */
  sqlite3_stmt *st = db_stmt(db, "SELECT count(*) " SPEECH_WHERE);
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, person);
  sqlite3_bind_int(st, 2, (int)kind);
  if (fq) sqlite3_bind_text(st, 3, fq, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *total = sqlite3_column_int(st, 0);
  db_done(st);
  if (rc != SQLITE_ROW) return mj_fail(MJ_EINVAL, "the search words could not be used; try other words");
  st = db_stmt(db, "SELECT sp.id, sp.sitting_id, s.body_id, s.number, o.name_ar, o.name_en, o.name_az, s.date, "
                   "sp.kind, sp.lang, sp.text " SPEECH_WHERE "ORDER BY s.date DESC, sp.sitting_id DESC, sp.position DESC LIMIT ?4");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, person);
  sqlite3_bind_int(st, 2, (int)kind);
  if (fq) sqlite3_bind_text(st, 3, fq, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, limit);
  PortalSpeech *r = arena_alloc(a, sizeof *r * (size_t)limit);
  while (*n < limit && sqlite3_step(st) == SQLITE_ROW) {
    PortalSpeech *x = &r[(*n)++];
    x->id = sqlite3_column_int64(st, 0);
    x->sitting_id = sqlite3_column_int64(st, 1);
    x->body_id = sqlite3_column_int64(st, 2);
    x->sitting_number = sqlite3_column_int(st, 3);
    names(a, st, 4, &x->body);
    x->date = col(a, st, 7);
    x->kind = col(a, st, 8);
    x->lang = col(a, st, 9);
    x->text = col(a, st, 10);
  }
  int bad = step_failed(db);
  db_done(st);
  *rows = r;
  return bad ? mj_fail(MJ_EINVAL, "the search words could not be used; try other words") : MJ_OK;
}

/* ---- votes ---- */

#define VOTE_COLS                                                                                  \
  "v.id, v.sitting_id, s.body_id, s.number, o.name_ar, o.name_en, o.name_az, s.date, v.title, "     \
  "v.method, v.rule, v.status, v.result, v.closed_at, coalesce(v.yes_count,0), coalesce(v.no_count,0), " \
  "coalesce(v.abstain_count,0), (SELECT count(*) FROM ballot WHERE vote_event_id=v.id) "
#define VOTE_FROM "FROM vote_event v JOIN sitting s ON s.id=v.sitting_id JOIN organization o ON o.id=s.body_id "

static void read_vote(Arena *a, sqlite3_stmt *st, PortalVote *v) {
  memset(v, 0, sizeof *v);
  v->id = sqlite3_column_int64(st, 0);
  v->sitting_id = sqlite3_column_int64(st, 1);
  v->body_id = sqlite3_column_int64(st, 2);
  v->sitting_number = sqlite3_column_int(st, 3);
  names(a, st, 4, &v->body);
  v->date = col(a, st, 7);
  v->title = col(a, st, 8);
  v->method = col(a, st, 9);
  v->rule = col(a, st, 10);
  v->status = col(a, st, 11);
  v->result = col(a, st, 12);
  v->closed_at = col(a, st, 13);
  v->yes = sqlite3_column_int(st, 14);
  v->no = sqlite3_column_int(st, 15);
  v->abstain = sqlite3_column_int(st, 16);
  v->ballots = sqlite3_column_int(st, 17);
}

#define VOTE_FILTER                                                                                \
  "WHERE v.status='closed' AND (?1=0 OR s.body_id=?1) AND (?2 IS NULL OR v.result=?2) "             \
  "AND (?3 IS NULL OR s.date>=?3) AND (?4 IS NULL OR s.date<=?4) "

static void bind_filter(sqlite3_stmt *st, const PortalVoteFilter *f) {
  sqlite3_bind_int64(st, 1, f->body_id);
  if (f->result) sqlite3_bind_text(st, 2, f->result, -1, SQLITE_TRANSIENT);
  if (f->from) sqlite3_bind_text(st, 3, f->from, -1, SQLITE_TRANSIENT);
  if (f->to) sqlite3_bind_text(st, 4, f->to, -1, SQLITE_TRANSIENT);
}

int portal_votes(Db *db, Arena *a, const PortalVoteFilter *f, PortalVote **rows, int *n, int *total) {
  *rows = NULL;
  *n = *total = 0;
  if (f->limit < 1 || f->limit > 500 || f->offset < 0) return mj_fail(MJ_EINVAL, "limit must be from 1 to 500");
  sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM vote_event v JOIN sitting s ON s.id=v.sitting_id " VOTE_FILTER);
  if (!st) return MJ_EIO;
  bind_filter(st, f);
  if (sqlite3_step(st) == SQLITE_ROW) *total = sqlite3_column_int(st, 0);
  db_done(st);
  st = db_stmt(db, "SELECT " VOTE_COLS VOTE_FROM VOTE_FILTER "ORDER BY s.date DESC, v.id DESC LIMIT ?5 OFFSET ?6");
  if (!st) return MJ_EIO;
  bind_filter(st, f);
  sqlite3_bind_int(st, 5, f->limit);
  sqlite3_bind_int(st, 6, f->offset);
  PortalVote *r = arena_alloc(a, sizeof *r * (size_t)f->limit);
  while (*n < f->limit && sqlite3_step(st) == SQLITE_ROW) read_vote(a, st, &r[(*n)++]);
  db_done(st);
  *rows = r;
  return MJ_OK;
}

int portal_vote(Db *db, Arena *a, int64_t id, PortalVote *v, PortalBallot **ballots, int *nb) {
  *ballots = NULL;
  *nb = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT " VOTE_COLS VOTE_FROM "WHERE v.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) read_vote(a, st, v);
  db_done(st);
  if (!found) return mj_fail(MJ_ENOTFOUND, "there is no vote %lld", (long long)id);
  st = db_stmt(db, "SELECT b.person_id, p.name_ar, p.name_en, p.name_az, "
                   "CASE WHEN v.method='secret' THEN NULL ELSE b.option END, b.weight, g.id, g.name_ar, g.name_en, g.name_az "
                   "FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id JOIN sitting s ON s.id=v.sitting_id "
                   "JOIN person p ON p.id=b.person_id "
                   "LEFT JOIN organization g ON g.id=" PARTY_AT("b.person_id", "s.date") " "
                   "WHERE b.vote_event_id=?1 ORDER BY p.name_ar, p.id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int cap = 0;
  PortalBallot *r = NULL;
  while (sqlite3_step(st) == SQLITE_ROW) {
    r = grow(a, r, *nb, &cap, sizeof *r);
    PortalBallot *b = &r[(*nb)++];
    memset(b, 0, sizeof *b);
    b->person_id = sqlite3_column_int64(st, 0);
    names(a, st, 1, &b->name);
    b->option = col(a, st, 4);
    b->weight = sqlite3_column_int(st, 5);
    b->party_id = sqlite3_column_int64(st, 6);
    names(a, st, 7, &b->party);
  }
  db_done(st);
  if (v->method && strcmp(v->method, "secret") == 0)
    for (int i = 0; i < *nb; i++) r[i].option = NULL;
  *ballots = r;
  return MJ_OK;
}

/* ---- a member ---- */

static int member_history(Db *db, Arena *a, int64_t id, PortalMemberDetail *out) {
  sqlite3_stmt *st = db_stmt(db, "SELECT o.id, o.name_ar, o.name_en, o.name_az, o.classification, m.role, "
                                 "m.start_date, m.end_date FROM membership m JOIN organization o ON o.id=m.organization_id "
                                 "WHERE m.person_id=?1 ORDER BY (m.end_date IS NULL) DESC, m.start_date DESC, "
                                 "o.classification='chamber' DESC, o.name_ar LIMIT 500");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->history = grow(a, out->history, out->nhistory, &cap, sizeof(PortalTie));
    PortalTie *t = &out->history[out->nhistory++];
    memset(t, 0, sizeof *t);
    t->person_id = id;
    t->org_id = sqlite3_column_int64(st, 0);
    names(a, st, 1, &t->org);
    t->classification = col(a, st, 4);
    t->role = col(a, st, 5);
    t->start_date = col(a, st, 6);
    t->end_date = col(a, st, 7);
  }
  db_done(st);
  return MJ_OK;
}

static int member_votes(Db *db, Arena *a, int64_t id, PortalMemberDetail *out) {
  sqlite3_stmt *st = db_stmt(db, "SELECT count(*), "
                                 "coalesce(sum(v.method<>'secret' AND b.option='yes'),0), "
                                 "coalesce(sum(v.method<>'secret' AND b.option='no'),0), "
                                 "coalesce(sum(v.method<>'secret' AND b.option='abstain'),0), "
                                 "coalesce(sum(v.method='secret'),0) "
                                 "FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id "
                                 "WHERE b.person_id=?1 AND v.status='closed'");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->cast = sqlite3_column_int(st, 0);
    out->yes = sqlite3_column_int(st, 1);
    out->no = sqlite3_column_int(st, 2);
    out->abstain = sqlite3_column_int(st, 3);
    out->secret = sqlite3_column_int(st, 4);
  }
  db_done(st);
  st = db_stmt(db, "SELECT " VOTE_COLS ", CASE WHEN v.method='secret' THEN NULL ELSE b.option END "
                   "FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id JOIN sitting s ON s.id=v.sitting_id "
                   "JOIN organization o ON o.id=s.body_id WHERE b.person_id=?1 AND v.status='closed' "
                   "ORDER BY s.date DESC, v.id DESC LIMIT 500");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->votes = grow(a, out->votes, out->nvotes, &cap, sizeof(PortalVote));
    PortalVote *v = &out->votes[out->nvotes++];
    read_vote(a, st, v);
    v->option = strcmp(v->method, "secret") == 0 ? NULL : col(a, st, 18);
  }
  db_done(st);
  return MJ_OK;
}

/* Attendance: closed sittings of each body held while the person was a
** member of it (membership dates around the sitting's date), by session. */
static int member_attendance(Db *db, Arena *a, int64_t id, PortalMemberDetail *out) {
  sqlite3_stmt *st = db_stmt(db, "SELECT s.session_id, t.number, se.number, se.kind, s.body_id, o.name_ar, o.name_en, "
                                 "o.name_az, count(*), coalesce(sum(at.status='present'),0), "
                                 "coalesce(sum(at.status='excused'),0), coalesce(sum(at.status='absent'),0) "
                                 "FROM sitting s JOIN organization o ON o.id=s.body_id "
                                 "LEFT JOIN session se ON se.id=s.session_id LEFT JOIN term t ON t.id=se.term_id "
                                 "LEFT JOIN attendance at ON at.sitting_id=s.id AND at.person_id=?1 "
                                 "WHERE s.status='closed' AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id=?1 "
                                 " AND m.organization_id=s.body_id AND m.start_date<=s.date "
                                 " AND (m.end_date IS NULL OR m.end_date>=s.date)) "
                                 "GROUP BY s.session_id, s.body_id "
                                 "ORDER BY t.number DESC, se.number DESC, o.classification='chamber' DESC, o.name_ar LIMIT 500");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->att = grow(a, out->att, out->natt, &cap, sizeof(PortalAttendance));
    PortalAttendance *x = &out->att[out->natt++];
    memset(x, 0, sizeof *x);
    x->session_id = sqlite3_column_int64(st, 0);
    x->term = sqlite3_column_int(st, 1);
    x->session = sqlite3_column_int(st, 2);
    x->session_kind = col(a, st, 3);
    x->body_id = sqlite3_column_int64(st, 4);
    names(a, st, 5, &x->body);
    x->held = sqlite3_column_int(st, 8);
    x->present = sqlite3_column_int(st, 9);
    x->excused = sqlite3_column_int(st, 10);
    x->absent = sqlite3_column_int(st, 11);
    out->held += x->held;
    out->present += x->present;
  }
  db_done(st);
  st = db_stmt(db, "SELECT coalesce(sum(seconds_used),0), coalesce(sum(seconds_used>0),0), "
                   "(SELECT count(*) FROM public_speech sp WHERE " PUBLIC_OF_PERSON ") "
                   "FROM speaker_request WHERE person_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->seconds = sqlite3_column_int64(st, 0);
    out->turns = sqlite3_column_int(st, 1);
    out->speeches = sqlite3_column_int(st, 2);
  }
  db_done(st);
  return MJ_OK;
}

int portal_member(Db *db, Arena *a, int64_t id, const char *today, PortalMemberDetail *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, name_ar, name_en, name_az, image, gender, birth_date, death_date, "
                                 "biography_ar, biography_en FROM person WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) {
    out->m.id = id;
    names(a, st, 1, &out->m.name);
    out->m.image = col(a, st, 4);
    out->gender = col(a, st, 5);
    out->birth_date = col(a, st, 6);
    out->death_date = col(a, st, 7);
    out->biography_ar = col(a, st, 8);
    out->biography_en = col(a, st, 9);
  }
  db_done(st);
  if (!found) return mj_fail(MJ_ENOTFOUND, "there is no member %lld", (long long)id);

  st = db_stmt(db, "SELECT type, value, label FROM person_contact WHERE person_id=?1 ORDER BY "
                   "CASE type WHEN 'email' THEN 1 WHEN 'website' THEN 2 WHEN 'phone' THEN 3 WHEN 'fax' THEN 4 "
                   "WHEN 'address' THEN 5 ELSE 6 END, type, value LIMIT 100");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int ccap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->contacts = grow(a, out->contacts, out->ncontacts, &ccap, sizeof *out->contacts);
    PortalContact *c = &out->contacts[out->ncontacts++];
    c->type = col(a, st, 0);
    c->value = col(a, st, 1);
    c->label = col(a, st, 2);
  }
  db_done(st);

  /* the current seat, party and committees, when the person sits today */
  st = db_stmt(db, MEMBER_SQL);
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, 0);
  sqlite3_bind_int64(st, 3, id);
  if (sqlite3_step(st) == SQLITE_ROW) read_member(a, st, &out->m);
  db_done(st);
  int rc;
  if (out->m.current && (rc = attach_committees(db, a, today, id, &out->m, 1))) return rc;
  if ((rc = member_history(db, a, id, out)) || (rc = member_votes(db, a, id, out)) ||
      (rc = member_attendance(db, a, id, out)))
    return rc;
  return MJ_OK;
}

/* ---- a committee or a party ---- */

static int role_rank(const char *role) {
  static const char *const order[] = {"chair", "speaker", "deputy_chair", "deputy_speaker", "rapporteur"};
  for (size_t i = 0; i < MJ_COUNT(order); i++)
    if (role && strcmp(role, order[i]) == 0) return (int)i;
  return (int)MJ_COUNT(order);
}

static int tie_cmp(const PortalOrgMember *x, const PortalOrgMember *y) {
  int cx = x->tie.end_date == NULL, cy = y->tie.end_date == NULL;
  if (cx != cy) return cy - cx;
  int rx = role_rank(x->tie.role), ry = role_rank(y->tie.role);
  if (rx != ry) return rx - ry;
  int c = strcmp(x->tie.person.ar ? x->tie.person.ar : "", y->tie.person.ar ? y->tie.person.ar : "");
  return c ? c : (x->tie.person_id < y->tie.person_id ? -1 : x->tie.person_id > y->tie.person_id);
}

int portal_org(Db *db, Arena *a, int64_t id, PortalOrgKind kind, PortalOrg *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT o.id, o.ident, o.classification, o.name_ar, o.name_en, o.name_az, o.parent_id, "
                                 "o.seats, (SELECT count(DISTINCT m.person_id) FROM membership m WHERE "
                                 "(m.organization_id=o.id OR m.on_behalf_of_id=o.id) AND m.end_date IS NULL) "
                                 "FROM organization o WHERE o.id=?1 AND (CASE ?2 WHEN 0 THEN o.classification='committee' "
                                 "ELSE o.classification IN ('party','bloc') END)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, (int)kind);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) {
    OrgRow *o = &out->o;
    o->id = sqlite3_column_int64(st, 0);
    o->ident = col(a, st, 1);
    o->classification = col(a, st, 2);
    names(a, st, 3, &o->name);
    o->parent_id = sqlite3_column_int64(st, 6);
    o->seats = sqlite3_column_int(st, 7);
    o->members = sqlite3_column_int(st, 8);
  }
  db_done(st);
  if (!found)
    return mj_fail(MJ_ENOTFOUND, kind == PORTAL_COMMITTEE ? "there is no committee %lld" : "there is no party or bloc %lld",
                   (long long)id);
  /* direct memberships, and for a party the seats held on its behalf by
  ** members who have no membership of the party itself */
  st = db_stmt(db, "SELECT m.person_id, p.name_ar, p.name_en, p.name_az, m.role, m.start_date, m.end_date "
                   "FROM membership m JOIN person p ON p.id=m.person_id WHERE m.organization_id=?1 "
                   "UNION ALL SELECT m.person_id, p.name_ar, p.name_en, p.name_az, 'member', m.start_date, m.end_date "
                   "FROM membership m JOIN person p ON p.id=m.person_id WHERE ?2=1 AND m.on_behalf_of_id=?1 "
                   "AND NOT EXISTS (SELECT 1 FROM membership x WHERE x.organization_id=?1 AND x.person_id=m.person_id) "
                   "LIMIT 2000");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, (int)kind);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out->members = grow(a, out->members, out->nmembers, &cap, sizeof(PortalOrgMember));
    PortalOrgMember *m = &out->members[out->nmembers++];
    memset(m, 0, sizeof *m);
    m->tie.org_id = id;
    m->tie.org = out->o.name;
    m->tie.classification = out->o.classification;
    m->tie.person_id = sqlite3_column_int64(st, 0);
    names(a, st, 1, &m->tie.person);
    m->tie.role = col(a, st, 4);
    m->tie.start_date = col(a, st, 5);
    m->tie.end_date = col(a, st, 6);
  }
  db_done(st);
  /* insertion sort: bodies are small */
  for (int i = 1; i < out->nmembers; i++) {
    PortalOrgMember t = out->members[i];
    int j = i - 1;
    for (; j >= 0 && tie_cmp(&out->members[j], &t) > 0; j--) out->members[j + 1] = out->members[j];
    out->members[j + 1] = t;
  }
  if (kind != PORTAL_PARTY) return MJ_OK;
  /* roll-call ballots cast while a member of the party */
  st = db_stmt(db, "SELECT b.person_id, coalesce(sum(b.option='yes'),0), coalesce(sum(b.option='no'),0), "
                   "coalesce(sum(b.option='abstain'),0) FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id "
                   "JOIN sitting s ON s.id=v.sitting_id WHERE v.status='closed' AND v.method='roll_call' "
                   "AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id=b.person_id "
                   " AND (m.organization_id=?1 OR m.on_behalf_of_id=?1) AND m.start_date<=s.date "
                   " AND (m.end_date IS NULL OR m.end_date>=s.date)) GROUP BY b.person_id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t pid = sqlite3_column_int64(st, 0);
    int y = sqlite3_column_int(st, 1), n = sqlite3_column_int(st, 2), ab = sqlite3_column_int(st, 3);
    out->yes += y;
    out->no += n;
    out->abstain += ab;
    for (int i = 0; i < out->nmembers; i++)
      if (out->members[i].tie.person_id == pid) {
        out->members[i].yes = y;
        out->members[i].no = n;
        out->members[i].abstain = ab;
        break; /* the first (current) row of the person carries the figures */
      }
  }
  db_done(st);
  return MJ_OK;
}
