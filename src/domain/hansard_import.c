/*
** hansard_import.c: speech-recognition segments into the record. In one
** transaction: the takes are extended to cover the segments, each segment
** is stored (asr_segment; its UNIQUE key makes a repeated one a no-op),
** its speaker is proposed from the sitting's speakers' list (the request
** on the floor at the segment's midpoint, in wall-clock time through
** record.media_started_at) or, failing that, from a speaker label in the
** file that names a person; consecutive segments of one speaker in one take
** become one draft speech; doubtful passages are flagged.
*/
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "hansard.h"
#include "hansard_int.h"
#include "sindex.h"
#include "user.h"

typedef struct Floor {
  int64_t person, item, from, to; /* epoch ms; to = INT64_MAX while speaking */
} Floor;

typedef struct TakeSpan {
  int64_t id, start, end;
} TakeSpan;

/* One segment being placed: its stored id, proposed speaker and take. */
typedef struct Placed {
  const Segment *seg;
  int64_t id, person, item, take;
  const char *hint;
  int overlap;
} Placed;

static int cmp_seg(const void *x, const void *y) {
  const Segment *a = *(const Segment *const *)x, *b = *(const Segment *const *)y;
  if (a->start_ms != b->start_ms) return a->start_ms < b->start_ms ? -1 : 1;
  if (a->end_ms != b->end_ms) return a->end_ms < b->end_ms ? -1 : 1;
  return a->line < b->line ? -1 : a->line > b->line;
}

static void hms(int64_t ms, char out[32]) {
  if (ms < 0) ms = 0;
  if (ms > SEG_MAX_MS) ms = SEG_MAX_MS;
  snprintf(out, 32, "%02lld:%02lld:%02lld", (long long)(ms / 3600000), (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60));
}

/* Wall-clock HH:MM:SS (UTC) of an epoch time. */
static void wall(int64_t epoch_ms, char out[32]) {
  int64_t s = epoch_ms / 1000 % 86400;
  snprintf(out, 32, "%02lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60), (long long)(s % 60));
}

static double threshold_of(Db *db, double given) {
  if (given >= 0) return given;
  char *v = db_meta_get(db, "hansard_low_confidence");
  double t = HANSARD_LOW_CONFIDENCE;
  if (v) {
    char *end = NULL;
    double x = strtod(v, &end);
    if (end && !*end && end != v && x >= 0 && x <= 1) t = x;
    free(v);
  }
  return t;
}

/* A person whose Arabic or English name is exactly the label (one only). */
static int64_t person_by_name(Db *db, const char *label) {
  if (!label || !*label) return 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE name_ar=?1 OR lower(name_en)=lower(?1) LIMIT 2");
  if (!st) return 0;
  sqlite3_bind_text(st, 1, label, -1, SQLITE_STATIC);
  int64_t id = 0;
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    id = sqlite3_column_int64(st, 0);
    n++;
  }
  db_done(st);
  return n == 1 ? id : 0;
}

static int add_flag(Db *db, int64_t sitting, int64_t speech, int64_t segment, const char *kind, int64_t s, int64_t e,
                    const char *detail, const char *at) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO record_flag(sitting_id,speech_id,segment_id,kind,start_ms,end_ms,detail,created_at) "
                                 "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  if (speech) sqlite3_bind_int64(st, 2, speech);
  if (segment) sqlite3_bind_int64(st, 3, segment);
  sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, s);
  sqlite3_bind_int64(st, 6, e);
  sqlite3_bind_text(st, 7, detail, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 8, at, -1, SQLITE_STATIC);
  return hansard_step(db, st, "flagging a passage");
}

/* Writes the speech made of placed[from..to) and links and flags its
** segments. */
static int flush(Db *db, Arena *a, int64_t sitting, Placed *p, int from, int to, const HansardImport *in, double threshold,
                 int64_t zero, const char *at, HansardImportResult *res) {
  Buf text;
  buf_init(&text, (size_t)SEG_MAX_TEXT * (size_t)(to - from) + 16);
  double sum = 0;
  int nconf = 0;
  for (int i = from; i < to; i++) {
    if (i > from) buf_putc(&text, ' ');
    buf_puts(&text, p[i].seg->text);
    if (p[i].seg->confidence >= 0) {
      sum += p[i].seg->confidence;
      nconf++;
    }
  }
  int64_t s0 = p[from].seg->start_ms, s1 = p[from].seg->end_ms;
  for (int i = from; i < to; i++)
    if (p[i].seg->end_ms > s1) s1 = p[i].seg->end_ms;
  int pos = (int)db_int(db, "SELECT coalesce(max(position),0)+1 FROM speech WHERE sitting_id=?1", 1, sitting, 1);
  char t0[32], t1[32];
  if (zero) {
    wall(zero + s0, t0);
    wall(zero + s1, t1);
  }
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO speech(sitting_id,agenda_item_id,take_id,position,person_id,kind,lang,label,"
                                 "start_time,end_time,media_start_ms,media_end_ms,text,source,engine,engine_version,confidence,"
                                 "draft_text,attribution,version) "
                                 "VALUES(?1,?2,?3,?4,?5,'speech',?6,?7,?8,?9,?10,?11,?12,'asr',?13,?14,?15,?12,'proposed',1)");
  if (!st) {
    buf_free(&text);
    return MJ_EIO;
  }
  sqlite3_bind_int64(st, 1, sitting);
  if (p[from].item) sqlite3_bind_int64(st, 2, p[from].item);
  if (p[from].take) sqlite3_bind_int64(st, 3, p[from].take);
  sqlite3_bind_int(st, 4, pos);
  if (p[from].person) sqlite3_bind_int64(st, 5, p[from].person);
  sqlite3_bind_text(st, 6, in->lang && *in->lang ? in->lang : "ar", -1, SQLITE_STATIC);
  if (!p[from].person && p[from].hint) sqlite3_bind_text(st, 7, p[from].hint, -1, SQLITE_STATIC);
  if (zero) {
    sqlite3_bind_text(st, 8, t0, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, t1, -1, SQLITE_TRANSIENT);
  }
  sqlite3_bind_int64(st, 10, s0);
  sqlite3_bind_int64(st, 11, s1);
  sqlite3_bind_text(st, 12, text.p, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 13, in->engine, -1, SQLITE_STATIC);
  if (in->engine_version && *in->engine_version) sqlite3_bind_text(st, 14, in->engine_version, -1, SQLITE_STATIC);
  if (nconf) sqlite3_bind_double(st, 15, sum / nconf);
  int rc = text.err ? mj_fail(MJ_ETOOBIG, "a merged speech is too long") : hansard_step(db, st, "adding a draft speech");
  buf_free(&text);
  if (rc) return rc;
  int64_t sid = sqlite3_last_insert_rowid(db_handle(db));
  res->speeches++;
  for (int i = from; i < to && !rc; i++) {
    st = db_stmt(db, "UPDATE asr_segment SET speech_id=?2 WHERE id=?1");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, p[i].id);
    sqlite3_bind_int64(st, 2, sid);
    if ((rc = hansard_step(db, st, "linking a segment"))) break;
    const Segment *g = p[i].seg;
    char a0[32], a1[32];
    hms(g->start_ms, a0);
    hms(g->end_ms, a1);
    if (g->confidence >= 0 && g->confidence < threshold) {
      size_t cut = mj_utf8_cut(g->text, 120); /* whole characters only: the detail stays valid UTF-8 */
      const char *d = arena_printf(a, "confidence %.2f below %.2f at %s-%s: %.*s%s", g->confidence, threshold, a0, a1, (int)cut,
                                   g->text, g->text[cut] ? "…" : "");
      rc = add_flag(db, sitting, sid, p[i].id, "low_confidence", g->start_ms, g->end_ms, d, at);
      res->flags++;
    }
    if (!rc && p[i].overlap) {
      const char *d = arena_printf(a, "overlaps the previous segment at %s-%s (more than one voice?)", a0, a1);
      rc = add_flag(db, sitting, sid, p[i].id, "overlap", g->start_ms, g->end_ms, d, at);
      res->flags++;
    }
  }
  if (!rc && !p[from].person) {
    char a0[32];
    hms(s0, a0);
    const char *d = zero ? arena_printf(a, "no one was on the speakers' list at %s (media %s)%s%s", t0, a0,
                                        p[from].hint ? "; the engine's label: " : "", p[from].hint ? p[from].hint : "")
                         : arena_printf(a, "the recording's start time is unknown, so the speakers' list cannot say who spoke "
                                           "at media %s%s%s", a0, p[from].hint ? "; the engine's label: " : "",
                                        p[from].hint ? p[from].hint : "");
    rc = add_flag(db, sitting, sid, 0, "attribution", s0, s1, d, at);
    res->flags++;
  }
  return rc;
}

/* Renumbers the sitting's speeches by media time when every speech has one
** (a record made only of timed drafts); otherwise new speeches stay last. */
static int renumber(Db *db, Arena *a, int64_t sitting) {
  if (db_int(db, "SELECT count(*) FROM speech WHERE sitting_id=?1 AND media_start_ms IS NULL", 1, sitting, 0)) return MJ_OK;
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM speech WHERE sitting_id=?1 ORDER BY media_start_ms, position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int64_t *ids = NULL;
  int n = 0, cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ids = hansard_grow(a, ids, n, &cap, sizeof *ids);
    ids[n++] = sqlite3_column_int64(st, 0);
  }
  db_done(st);
  st = db_stmt(db, "UPDATE speech SET position=-position WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int rc = hansard_step(db, st, "ordering speeches");
  for (int i = 0; i < n && !rc; i++) {
    st = db_stmt(db, "UPDATE speech SET position=?2 WHERE id=?1");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, ids[i]);
    sqlite3_bind_int(st, 2, i + 1);
    rc = hansard_step(db, st, "ordering speeches");
  }
  return rc;
}

int hansard_import_segments(Db *db, const MeetingActor *who, int64_t sitting, const Segment *segs, int n, const HansardImport *in,
                            HansardImportResult *res) {
  memset(res, 0, sizeof *res);
  if (!(who->actor->caps & (CAP_HANSARD_REPORT | CAP_HANSARD_EDIT)))
    return hansard_deny(who, "only the Hansard staff import speech-recognition segments");
  if (!in->engine || !*in->engine || strlen(in->engine) > 100 || !hansard_text_ok(in->engine))
    return mj_fail(MJ_EINVAL, "name the speech-recognition engine (at most 100 characters)");
  if (in->engine_version && (strlen(in->engine_version) > 100 || !hansard_text_ok(in->engine_version)))
    return mj_fail(MJ_EINVAL, "the engine version may have at most 100 characters");
  const char *lang = in->lang && *in->lang ? in->lang : "ar";
  size_t ll = strlen(lang);
  if ((ll != 2 && ll != 3) || strspn(lang, "abcdefghijklmnopqrstuvwxyz") != ll)
    return mj_fail(MJ_EINVAL, "the language is a two- or three-letter code (ar, en, tr), not '%s'", lang);
  if (in->low_confidence > 1) return mj_fail(MJ_EINVAL, "the low-confidence threshold is from 0 to 1");
  int rc = db_begin(db);
  if (rc) return rc;
  Arena *a = arena_new();
  char status[16];
  if ((rc = hansard_status_of(db, sitting, status))) goto out;
  if (in->source_sha256) { /* the same file again: nothing to do */
    sqlite3_stmt *st = db_stmt(db, "SELECT sitting_id FROM record_source WHERE scheme='segments' AND ident=?1");
    if (!st) {
      rc = MJ_EIO;
      goto out;
    }
    sqlite3_bind_text(st, 1, in->source_sha256, -1, SQLITE_STATIC);
    int64_t other = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_done(st);
    if (other >= 0 && (other == sitting || strcmp(status, "drafting") == 0)) { /* else: the target's state says why */
      if (other != sitting) {
        rc = mj_fail(MJ_ECONFLICT, "this file was already imported into sitting %lld", (long long)other);
        goto out;
      }
      res->already = 1;
      arena_free(a);
      db_rollback(db);
      return MJ_OK;
    }
  }
  if (strcmp(status, "drafting") != 0) {
    rc = strcmp(status, "final") == 0
             ? mj_fail(MJ_ECONFLICT, "sitting %lld is final: its final edition is published and its record no longer changes",
                       (long long)sitting)
             : mj_fail(MJ_ECONFLICT, "segments are imported while the record is being drafted; it is %s", status);
    goto out;
  }
  if (!n) {
    rc = mj_fail(MJ_EINVAL, "there are no segments to import");
    goto out;
  }
  /* the search index: the new speeches are indexed once, together, before
  ** the commit (each speech's trigger would rewrite the last block of every
  ** common word, once per speech) */
  if ((rc = sindex_defer(db_handle(db), 1))) goto out;
  double threshold = threshold_of(db, in->low_confidence);
  int64_t zero = hansard_media_zero(db, sitting);
  const char *by = who->actor->user_name;
  char at[32];
  hansard_now_iso(at);

  /* segments in time order */
  const Segment **order = arena_alloc(a, sizeof *order * (size_t)n);
  int64_t last_end = 0;
  for (int i = 0; i < n; i++) {
    order[i] = &segs[i];
    if (segs[i].end_ms > last_end) last_end = segs[i].end_ms;
    if (segs[i].start_ms < 0 || segs[i].end_ms < segs[i].start_ms || !segs[i].text || !*segs[i].text) {
      rc = mj_fail(MJ_EINVAL, "segment %d (line %d) has bad times or no text", i + 1, segs[i].line);
      goto out;
    }
  }
  qsort(order, (size_t)n, sizeof *order, cmp_seg);

  /* takes covering the segments; new ones rotate among the reporters */
  int64_t *rep;
  int nrep, created = 0;
  if ((rc = hansard_reporters(db, a, NULL, &rep, &nrep))) goto out;
  int seconds = (int)db_int(db, "SELECT take_seconds FROM record WHERE sitting_id=?1", 1, sitting, HANSARD_TAKE_SECONDS);
  if ((rc = hansard_extend_takes(db, sitting, last_end, seconds, rep, nrep, by, &created))) goto out;
  res->takes = created;
  TakeSpan *takes = NULL;
  int ntakes = 0, cap = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, start_ms, end_ms FROM take WHERE sitting_id=?1 ORDER BY start_ms");
  if (!st) {
    rc = MJ_EIO;
    goto out;
  }
  sqlite3_bind_int64(st, 1, sitting);
  while (sqlite3_step(st) == SQLITE_ROW) {
    takes = hansard_grow(a, takes, ntakes, &cap, sizeof *takes);
    takes[ntakes].id = sqlite3_column_int64(st, 0);
    takes[ntakes].start = sqlite3_column_int64(st, 1);
    takes[ntakes++].end = sqlite3_column_int64(st, 2);
  }
  db_done(st);

  /* who had the floor, and when (epoch ms) */
  Floor *fl = NULL;
  int nfl = 0;
  cap = 0;
  st = db_stmt(db, "SELECT r.person_id, r.agenda_item_id, r.started_ms, r.ended_ms FROM speaker_request r JOIN agenda_item i "
                   "ON i.id=r.agenda_item_id WHERE i.sitting_id=?1 AND r.started_ms IS NOT NULL ORDER BY r.started_ms");
  if (!st) {
    rc = MJ_EIO;
    goto out;
  }
  sqlite3_bind_int64(st, 1, sitting);
  while (sqlite3_step(st) == SQLITE_ROW) {
    fl = hansard_grow(a, fl, nfl, &cap, sizeof *fl);
    fl[nfl].person = sqlite3_column_int64(st, 0);
    fl[nfl].item = sqlite3_column_int64(st, 1);
    fl[nfl].from = sqlite3_column_int64(st, 2);
    fl[nfl++].to = sqlite3_column_type(st, 3) == SQLITE_NULL ? INT64_MAX : sqlite3_column_int64(st, 3);
  }
  db_done(st);

  /* store and place each segment */
  Placed *p = arena_alloc(a, sizeof *p * (size_t)n);
  struct {
    const char *label;
    int64_t person;
  } *memo = NULL;
  int nmemo = 0, memocap = 0;
  int np = 0;
  int64_t prev_end = -1;
  for (int i = 0; i < n && !rc; i++) {
    const Segment *g = order[i];
    int64_t take = 0;
    for (int k = 0; k < ntakes; k++)
      if (g->start_ms >= takes[k].start && g->start_ms < takes[k].end) take = takes[k].id;
    st = db_stmt(db, "INSERT OR IGNORE INTO asr_segment(sitting_id,take_id,start_ms,end_ms,text,confidence,engine,engine_version,"
                     "speaker_hint,imported_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, sitting);
    if (take) sqlite3_bind_int64(st, 2, take);
    sqlite3_bind_int64(st, 3, g->start_ms);
    sqlite3_bind_int64(st, 4, g->end_ms);
    sqlite3_bind_text(st, 5, g->text, -1, SQLITE_STATIC);
    if (g->confidence >= 0) sqlite3_bind_double(st, 6, g->confidence);
    sqlite3_bind_text(st, 7, in->engine, -1, SQLITE_STATIC);
    if (in->engine_version && *in->engine_version) sqlite3_bind_text(st, 8, in->engine_version, -1, SQLITE_STATIC);
    if (g->speaker) sqlite3_bind_text(st, 9, g->speaker, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, at, -1, SQLITE_STATIC);
    if ((rc = hansard_step(db, st, "storing a segment"))) break;
    if (sqlite3_changes(db_handle(db)) == 0) {
      res->duplicates++;
      continue;
    }
    res->segments++;
    Placed *x = &p[np++];
    memset(x, 0, sizeof *x);
    x->seg = g;
    x->id = sqlite3_last_insert_rowid(db_handle(db));
    x->take = take;
    x->hint = g->speaker;
    x->overlap = prev_end > g->start_ms;
    if (g->end_ms > prev_end) prev_end = g->end_ms;
    if (zero) {
      int64_t mid = zero + (g->start_ms + g->end_ms) / 2;
      for (int k = 0; k < nfl; k++) /* the latest request on the floor at mid */
        if (fl[k].from <= mid && mid < fl[k].to) {
          x->person = fl[k].person;
          x->item = fl[k].item;
        }
    }
    if (!x->person && g->speaker) { /* labels repeat: the first 256 are looked up once each (a scan of person) */
      int k = 0;
      while (k < nmemo && strcmp(memo[k].label, g->speaker) != 0) k++;
      if (k == nmemo && nmemo < 256) {
        memo = hansard_grow(a, memo, nmemo, &memocap, sizeof *memo);
        memo[nmemo].label = g->speaker;
        memo[nmemo++].person = person_by_name(db, g->speaker);
      }
      x->person = k < nmemo ? memo[k].person : person_by_name(db, g->speaker);
    }
  }
  if (rc) goto out;

  /* consecutive segments of one speaker within one take make one speech */
  for (int i = 0; i < np && !rc;) {
    int j = i + 1;
    while (j < np && p[j].take == p[i].take && p[j].person == p[i].person &&
           (p[i].person || mj_streq(p[j].hint ? p[j].hint : "", p[i].hint ? p[i].hint : "")))
      j++;
    rc = flush(db, a, sitting, p, i, j, in, threshold, zero, at, res);
    i = j;
  }
  if (!rc) rc = renumber(db, a, sitting);
  if (!rc) rc = hansard_sections_link(db, sitting); /* the new speeches into their agenda items' sections */
  if (!rc) rc = sindex_flush(db_handle(db));
  if (!rc && in->source_sha256) {
    st = db_stmt(db, "INSERT INTO record_source(scheme,ident,sitting_id,sha256,imported_at) VALUES('segments',?1,?2,?1,?3)");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_text(st, 1, in->source_sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 2, sitting);
      sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
      rc = hansard_step(db, st, "recording the source file");
    }
  }
  if (!rc) {
    st = db_stmt(db, "UPDATE record SET updated_at=?2 WHERE sitting_id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, sitting);
      sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
      rc = hansard_step(db, st, "updating the record");
    }
  }
  if (!rc) {
    char obj[48];
    snprintf(obj, sizeof obj, "record/%lld", (long long)sitting);
    rc = audit_append(db, who->actor, "hansard.import", obj,
                      "%d segments from %s %s (%d already stored): %d draft speeches, %d new takes, %d flags%s%s", res->segments,
                      in->engine, in->engine_version ? in->engine_version : "", res->duplicates, res->speeches, res->takes, res->flags,
                      in->source_sha256 ? ", file sha256 " : "", in->source_sha256 ? in->source_sha256 : "");
  }
  if (!rc)
    rc = hansard_emit(db, sitting, "hansard.imported", json_pack("{s:I,s:i,s:i,s:i}", "sitting", (json_int_t)sitting, "segments",
                                                                 res->segments, "speeches", res->speeches, "flags", res->flags));
out:
  sindex_defer(db_handle(db), 0); /* nothing noted is left (flushed, or rolled back) */
  arena_free(a);
  if (rc) memset(res, 0, sizeof *res);
  return hansard_finish(db, rc);
}

int hansard_import_segments_file(Db *db, const MeetingActor *who, int64_t sitting, const char *path, SegFormat format,
                                 const HansardImport *in, HansardImportResult *res) {
  memset(res, 0, sizeof *res);
  FILE *f = fopen(path, "rb");
  if (!f) return mj_fail(MJ_EIO, "cannot read %s", path);
  Buf b;
  buf_init(&b, SEG_MAX_BYTES);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && !b.err) buf_append(&b, chunk, k);
  int ioerr = ferror(f);
  fclose(f);
  if (ioerr) {
    buf_free(&b);
    return mj_fail(MJ_EIO, "reading %s failed", path);
  }
  if (b.err) {
    buf_free(&b);
    return mj_fail(MJ_ETOOBIG, "%s is larger than %u MiB", path, SEG_MAX_BYTES >> 20);
  }
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)(b.p ? b.p : ""), b.n);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  if (format == SEG_AUTO) format = segments_sniff(path, b.p ? b.p : "", b.n);
  Arena *a = arena_new();
  Segment *segs;
  int n, skipped;
  int rc = segments_parse(a, b.p ? b.p : "", b.n, format, path, &segs, &n, &skipped);
  buf_free(&b);
  if (!rc) {
    HansardImport x = *in;
    x.source_sha256 = hex;
    rc = hansard_import_segments(db, who, sitting, segs, n, &x, res);
    if (!rc) res->skipped = skipped;
  }
  arena_free(a);
  return rc;
}
