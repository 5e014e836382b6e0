/*
** cmd_hansard.c: the electronic Hansard on the command line. `majlis
** hansard` runs the workflow for an operator (status, takes and reporters,
** flags, member review, corrections, certification, editions and their
** differences); `majlis import segments` brings speech-recognition output
** into a sitting's record; `majlis export vtt|popolo --sitting` writes the
** record out. Each command validates its arguments, calls one domain
** function (src/domain/hansard.h) as the command-line actor, and prints
** what happened; errors are "majlis: ..." with a non-zero exit status.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "hansard.h"
#include "segments.h"

static int usage(const char *msg) {
  mj_fail(MJ_EINVAL, "%s; see 'majlis help hansard'", msg);
  return fail(MJ_EINVAL);
}

/* A positive id from s; 0 (error set) when it is not one. */
static int64_t id_of(const char *s, const char *what) {
  long long v;
  if (!s || mj_parse_int(s, 1, INT64_MAX, &v)) {
    mj_fail(MJ_EINVAL, "%s must be a positive whole number, not '%s'", what, s ? s : "");
    return 0;
  }
  return (int64_t)v;
}

/* The sitting: --sitting ID, else the second positional argument. */
static int64_t sitting_of(Args *a) {
  const char *s = opt(a, "sitting");
  if (!s && a->npos >= 2) s = a->pos[1];
  if (!s) {
    mj_fail(MJ_EINVAL, "name the sitting: --sitting ID");
    return 0;
  }
  return id_of(s, "the sitting");
}

static void ms_text(int64_t ms, char out[16]) {
  if (ms < 0) {
    mj_strlcpy(out, "--:--:--", 16);
    return;
  }
  if (ms > 359999999) ms = 359999999;
  snprintf(out, 16, "%02d:%02d:%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60), (int)(ms / 1000 % 60));
}

static void print_flag(const HansardFlag *f) {
  char a[16], b[16];
  ms_text(f->start_ms, a);
  ms_text(f->end_ms, b);
  printf("  flag %-5lld %-14s %s-%s  speech %-6lld %s%s%s\n", (long long)f->id, f->kind, a, b, (long long)f->speech_id,
         f->detail ? f->detail : "", strcmp(f->status, "open") ? "  -> resolved: " : "",
         strcmp(f->status, "open") ? (f->resolution ? f->resolution : "") : "");
}

static int status_cmd(Db *db, int64_t sitting, int all) {
  Arena *ar = arena_new();
  HansardView v;
  int rc = hansard_record(db, ar, sitting, &v);
  if (rc) {
    arena_free(ar);
    return rc;
  }
  const HansardRecord *r = &v.rec;
  printf("sitting %lld (no. %d, %s, %s): record %s%s\n", (long long)sitting, r->number, r->date,
         r->body_en ? r->body_en : r->body_ar, r->status, r->exists ? "" : " (not started)");
  printf("takes of %d s; media %s, started %s\n", r->take_seconds, r->media_url ? r->media_url : "(none)",
         r->media_started_at ? r->media_started_at : "(unknown)");
  if (r->review_until) printf("member review %s %s\n", r->review_open ? "open until" : "closed at", r->review_until);
  if (r->certified_at) printf("certified by %s at %s\n", r->certified_by, r->certified_at);
  int asr = 0;
  for (int i = 0; i < v.nspeeches; i++) asr += strcmp(v.speeches[i].source, "asr") == 0;
  printf("speeches: %d (%d from speech recognition, %d with a proposed speaker)\n", v.nspeeches, asr, v.proposed);
  printf("takes: %d\n", v.ntakes);
  for (int i = 0; i < v.ntakes; i++) {
    const HansardTake *t = &v.takes[i];
    char a[16], b[16];
    ms_text(t->start_ms, a);
    ms_text(t->end_ms, b);
    printf("  take %-3d id %-5lld %s-%s  %-16s %-8s %d speech%s, %d open flag%s\n", t->number, (long long)t->id, a, b,
           t->reporter ? t->reporter : "(unassigned)", t->status, t->speeches, t->speeches == 1 ? "" : "es", t->open_flags,
           t->open_flags == 1 ? "" : "s");
  }
  printf("open flags: %d\n", v.open_flags);
  for (int i = 0; i < v.nflags; i++)
    if (all || !strcmp(v.flags[i].status, "open")) print_flag(&v.flags[i]);
  printf("pending corrections: %d\n", v.ncorrections);
  for (int i = 0; i < v.ncorrections; i++) {
    const HansardCorrection *c = &v.corrections[i];
    printf("  correction %-5lld speech %-6lld by %s (%s) at %s%s%s\n", (long long)c->id, (long long)c->speech_id,
           c->person_ar ? c->person_ar : "?", c->proposed_by, c->proposed_at, c->reason ? ": " : "", c->reason ? c->reason : "");
  }
  printf("editions: %d\n", v.neditions);
  for (int i = 0; i < v.neditions; i++) {
    const HansardEdition *e = &v.editions[i];
    printf("  edition %-5lld no. %d %-11s %s by %s sha256 %s%s%s\n", (long long)e->id, e->number, e->kind, e->published_at,
           e->published_by, e->sha256, e->note ? "  " : "", e->note ? e->note : "");
  }
  arena_free(ar);
  return MJ_OK;
}

static int diff_cmd(Db *db, const char *from, const char *to) {
  int64_t a = id_of(from, "the first edition");
  if (!a) return MJ_EINVAL;
  int64_t b = 0;
  if (strcmp(to, "current") != 0 && !(b = id_of(to, "the second edition (or 'current')"))) return MJ_EINVAL;
  Arena *ar = arena_new();
  HansardDiff d;
  int rc = hansard_diff(db, ar, a, b, &d);
  if (!rc) {
    /* changes only, speech by speech: [-deleted-] {+inserted+} ~old=>new~ */
    int64_t cur = -1;
    for (int i = 0; i < d.n; i++) {
      const HansardDiffOp *o = &d.ops[i];
      if (!strcmp(o->op, "eq")) continue;
      if (o->speech_id != cur) {
        printf("%sspeech %lld:\n", cur >= 0 ? "\n" : "", (long long)o->speech_id);
        cur = o->speech_id;
      }
      if (!strcmp(o->op, "ins")) printf("  {+%s+}\n", o->text);
      else if (!strcmp(o->op, "del")) printf("  [-%s-]\n", o->text);
      else printf("  ~%s=>%s~ (marks only)\n", o->old, o->text);
    }
    printf("%s%d word%s inserted, %d deleted, %d with changed marks only\n", cur >= 0 ? "\n" : "", d.ins, d.ins == 1 ? "" : "s",
           d.del, d.marks);
  }
  arena_free(ar);
  return rc;
}

static int minutes_opt(Args *a, const char *name, long long lo, long long hi, long long *out) {
  *out = 0;
  const char *v = opt(a, name);
  if (v && mj_parse_int(v, lo, hi, out))
    return mj_fail(MJ_EINVAL, "--%s must be a whole number from %lld to %lld", name, lo, hi);
  return MJ_OK;
}

int cmd_hansard(Args *a) {
  const char *sub = a->npos ? a->pos[0] : "";
  static const char *subs[] = {"status", "assign", "configure", "take", "flags", "resolve", "review", "corrections", "decide",
                               "confirm", "edit", "certify", "publish", "editions", "diff"};
  int known = 0;
  for (size_t i = 0; i < MJ_COUNT(subs); i++) known |= strcmp(sub, subs[i]) == 0;
  if (!known)
    return usage("usage: majlis hansard status|assign|configure|take|flags|resolve|review|corrections|decide|confirm|edit|"
                 "certify|publish|editions|diff ...");
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  MeetingActor m = {&who, 0};
  int64_t sitting = 0, id = 0;
  if (!strcmp(sub, "status")) {
    if ((sitting = sitting_of(a))) rc = status_cmd(db, sitting, opt(a, "all") != NULL);
    else rc = MJ_EINVAL;
  } else if (!strcmp(sub, "assign")) {
    long long tm, dm;
    if (!(sitting = sitting_of(a))) rc = MJ_EINVAL;
    else if (!(rc = minutes_opt(a, "take-minutes", 1, 120, &tm)) && !(rc = minutes_opt(a, "duration-minutes", 1, 2880, &dm))) {
      HansardAssign in = {(int)tm * 60, opt(a, "reporters"), dm * 60000};
      HansardAssignResult r;
      rc = hansard_assign(db, &m, sitting, &in, &r);
      if (!rc) {
        printf("sitting %lld: %d takes (%d new), %d assigned in rotation to %d reporters\n", (long long)sitting, r.takes, r.created,
               r.assigned, r.reporters);
        rc = status_cmd(db, sitting, 0);
      }
    }
  } else if (!strcmp(sub, "configure")) {
    long long tm;
    if (!(sitting = sitting_of(a))) rc = MJ_EINVAL;
    else if (!(rc = minutes_opt(a, "take-minutes", 1, 120, &tm))) {
      HansardConfig c = {opt(a, "media-url"), opt(a, "media-start"), (int)tm * 60};
      if (!c.media_url && !c.media_started_at && !c.take_seconds)
        rc = mj_fail(MJ_EINVAL, "configure needs --media-url URL, --media-start DATE-TIME or --take-minutes N");
      else if (!(rc = hansard_configure(db, &m, sitting, &c))) rc = status_cmd(db, sitting, 0);
    }
  } else if (!strcmp(sub, "take")) {
    if (a->npos != 3) rc = mj_fail(MJ_EINVAL, "usage: majlis hansard take TAKE-ID draft|edited|reviewed");
    else if (!(id = id_of(a->pos[1], "the take"))) rc = MJ_EINVAL;
    else if (!(rc = hansard_take_status(db, &m, id, a->pos[2]))) printf("take %lld is %s\n", (long long)id, a->pos[2]);
  } else if (!strcmp(sub, "flags")) {
    if ((sitting = sitting_of(a))) {
      Arena *ar = arena_new();
      HansardView v;
      if (!(rc = hansard_record(db, ar, sitting, &v))) {
        printf("%d open flag%s of %d\n", v.open_flags, v.open_flags == 1 ? "" : "s", v.nflags);
        for (int i = 0; i < v.nflags; i++)
          if (opt(a, "all") || !strcmp(v.flags[i].status, "open")) print_flag(&v.flags[i]);
      }
      arena_free(ar);
    } else {
      rc = MJ_EINVAL;
    }
  } else if (!strcmp(sub, "resolve")) {
    Buf t;
    buf_init(&t, 2000);
    for (int i = 2; i < a->npos; i++) {
      if (i > 2) buf_putc(&t, ' ');
      buf_puts(&t, a->pos[i]);
    }
    if (a->npos < 3) rc = mj_fail(MJ_EINVAL, "usage: majlis hansard resolve FLAG-ID HOW IT WAS RESOLVED");
    else if (!(id = id_of(a->pos[1], "the flag"))) rc = MJ_EINVAL;
    else if (!(rc = hansard_flag_resolve(db, &m, id, t.p))) printf("flag %lld resolved\n", (long long)id);
    buf_free(&t);
  } else if (!strcmp(sub, "review")) {
    long long days, hours;
    if (!(sitting = sitting_of(a))) rc = MJ_EINVAL;
    else if (opt(a, "close")) {
      if (!(rc = hansard_review_close(db, &m, sitting))) printf("member review of sitting %lld closed\n", (long long)sitting);
    } else if (!(rc = minutes_opt(a, "days", 1, 90, &days)) && !(rc = minutes_opt(a, "hours", 1, 2160, &hours))) {
      int h = (int)(days * 24 + hours);
      if (!h) rc = mj_fail(MJ_EINVAL, "review needs --days N or --hours N (or --close)");
      else if (!(rc = hansard_review_open(db, &m, sitting, h))) rc = status_cmd(db, sitting, 0);
    }
  } else if (!strcmp(sub, "corrections")) {
    if ((sitting = sitting_of(a))) {
      Arena *ar = arena_new();
      HansardCorrection *c;
      int n;
      if (!(rc = hansard_corrections(db, ar, sitting, opt(a, "all") ? NULL : "pending", 0, &c, &n))) {
        printf("%d correction%s\n", n, n == 1 ? "" : "s");
        for (int i = 0; i < n; i++)
          printf("  correction %-5lld %-8s speech %-6lld by %s (%s)%s%s\n    proposed: %s\n", (long long)c[i].id, c[i].status,
                 (long long)c[i].speech_id, c[i].person_ar ? c[i].person_ar : "?", c[i].proposed_by, c[i].reason ? ": " : "",
                 c[i].reason ? c[i].reason : "", c[i].proposed_text);
      }
      arena_free(ar);
    } else {
      rc = MJ_EINVAL;
    }
  } else if (!strcmp(sub, "decide")) {
    if (a->npos != 3 || (strcmp(a->pos[2], "accept") && strcmp(a->pos[2], "reject")))
      rc = mj_fail(MJ_EINVAL, "usage: majlis hansard decide CORRECTION-ID accept|reject [--note T]");
    else if (!(id = id_of(a->pos[1], "the correction"))) rc = MJ_EINVAL;
    else if (!(rc = hansard_correction_decide(db, &m, id, !strcmp(a->pos[2], "accept"), opt(a, "note"))))
      printf("correction %lld %sed\n", (long long)id, a->pos[2]);
  } else if (!strcmp(sub, "confirm") || !strcmp(sub, "edit")) {
    int edit = !strcmp(sub, "edit");
    Arena *ar = arena_new();
    HansardSpeech sp;
    long long person = 0;
    char *text = NULL;
    if (a->npos != 2) rc = mj_fail(MJ_EINVAL, edit ? "usage: majlis hansard edit SPEECH-ID --version N (--text T | --file F)"
                                                  : "usage: majlis hansard confirm SPEECH-ID [--person ID]");
    else if (!(id = id_of(a->pos[1], "the speech"))) rc = MJ_EINVAL;
    else if (opt(a, "person") && mj_parse_int(opt(a, "person"), 1, INT64_MAX, &person))
      rc = mj_fail(MJ_EINVAL, "--person is a person's id");
    else if (!(rc = hansard_speech(db, ar, id, &sp))) {
      HansardEdit e = {NULL, sp.version, person, NULL, NULL, !edit || person};
      if (edit) {
        long long ver;
        if (!opt(a, "version") || mj_parse_int(opt(a, "version"), 1, 1000000000, &ver))
          rc = mj_fail(MJ_EINVAL, "edit needs --version N: the version you edited (conflicts are refused)");
        else {
          e.version = (int)ver;
          if (opt(a, "text")) text = xstrdup(opt(a, "text"));
          else if (opt(a, "file")) {
            FILE *f = fopen(opt(a, "file"), "rb");
            Buf b;
            buf_init(&b, HANSARD_MAX_TEXT);
            char chunk[8192];
            size_t k;
            if (!f) rc = mj_fail(MJ_EIO, "cannot read %s", opt(a, "file"));
            else {
              while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
              fclose(f);
              if (b.err) rc = mj_fail(MJ_ETOOBIG, "%s is longer than a speech may be", opt(a, "file"));
              else text = buf_take(&b);
            }
            buf_free(&b);
          } else {
            rc = mj_fail(MJ_EINVAL, "edit needs --text T or --file F");
          }
          e.text = text;
        }
      }
      HansardConflict c;
      int ver = 0;
      if (!rc && !(rc = hansard_speech_edit(db, &m, id, &e, &ver, &c)))
        printf("speech %lld is now version %d%s\n", (long long)id, ver, e.confirm_attribution ? " (speaker confirmed)" : "");
    }
    free(text);
    arena_free(ar);
  } else if (!strcmp(sub, "certify")) {
    if (!(sitting = sitting_of(a))) rc = MJ_EINVAL;
    else if (!(rc = hansard_certify(db, &m, sitting))) printf("the record of sitting %lld is certified\n", (long long)sitting);
  } else if (!strcmp(sub, "publish")) {
    const char *kind = opt(a, "kind");
    int64_t eid = 0;
    int num = 0;
    if (!(sitting = sitting_of(a))) rc = MJ_EINVAL;
    else if (!kind) rc = mj_fail(MJ_EINVAL, "publish needs --kind provisional|final");
    else if (!(rc = hansard_publish(db, &m, sitting, kind, opt(a, "note"), &eid, &num))) {
      Arena *ar = arena_new();
      HansardEdition e;
      if (!hansard_edition(db, ar, eid, &e))
        printf("published %s edition %d of sitting %lld (edition id %lld, sha256 %s)\n", kind, num, (long long)sitting, (long long)eid,
               e.sha256);
      arena_free(ar);
    }
  } else if (!strcmp(sub, "editions")) {
    if ((sitting = sitting_of(a))) {
      Arena *ar = arena_new();
      HansardEdition *e;
      int n;
      if (!(rc = hansard_editions(db, ar, sitting, &e, &n))) {
        printf("%d edition%s\n", n, n == 1 ? "" : "s");
        for (int i = 0; i < n; i++)
          printf("  edition %-5lld no. %d %-11s %s by %s sha256 %s\n", (long long)e[i].id, e[i].number, e[i].kind, e[i].published_at,
                 e[i].published_by, e[i].sha256);
      }
      arena_free(ar);
    } else {
      rc = MJ_EINVAL;
    }
  } else if (!strcmp(sub, "diff")) {
    if (a->npos != 3) rc = mj_fail(MJ_EINVAL, "usage: majlis hansard diff EDITION-ID EDITION-ID|current");
    else rc = diff_cmd(db, a->pos[1], a->pos[2]);
  }
  db_close(db);
  return rc ? fail(rc) : 0;
}

int cmd_import_segments(Args *a) {
  if (a->npos != 2) {
    mj_fail(MJ_EINVAL, "usage: majlis import segments FILE --sitting ID [--engine NAME --engine-version V] [--format vtt|srt|json]");
    return fail(MJ_EINVAL);
  }
  if (!opt(a, "sitting")) {
    mj_fail(MJ_EINVAL, "import segments: --sitting ID is required (the sitting whose record the segments go into)");
    return fail(MJ_EINVAL);
  }
  int64_t sitting = id_of(opt(a, "sitting"), "--sitting");
  if (!sitting) return fail(MJ_EINVAL);
  int fmt = segments_format_parse(opt(a, "format"));
  if (fmt < 0) {
    mj_fail(MJ_EINVAL, "--format is vtt, srt or json, not '%s'", opt(a, "format"));
    return fail(MJ_EINVAL);
  }
  double low = -1;
  if (opt(a, "low-confidence")) {
    char *end = NULL;
    low = strtod(opt(a, "low-confidence"), &end);
    if (!end || *end || end == opt(a, "low-confidence") || !(low >= 0 && low <= 1)) {
      mj_fail(MJ_EINVAL, "--low-confidence is a number from 0 to 1");
      return fail(MJ_EINVAL);
    }
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  MeetingActor m = {&who, 0};
  HansardImport in = {opt(a, "engine") ? opt(a, "engine") : "unknown", opt(a, "engine-version"), opt(a, "lang"), low, NULL};
  HansardImportResult r;
  int64_t t0 = mj_mono_ms();
  rc = hansard_import_segments_file(db, &m, sitting, a->pos[1], (SegFormat)fmt, &in, &r);
  db_close(db);
  if (rc) return fail(rc);
  if (r.already) {
    printf("%s was already imported into sitting %lld; nothing changed\n", a->pos[1], (long long)sitting);
    return 0;
  }
  printf("imported %s into sitting %lld in %lld ms\n", a->pos[1], (long long)sitting, (long long)(mj_mono_ms() - t0));
  printf("segments: %d new, %d already stored, %d empty skipped\n", r.segments, r.duplicates, r.skipped);
  printf("speeches: %d\ntakes: %d new\nflags: %d\n", r.speeches, r.takes, r.flags);
  return 0;
}

int cmd_export_hansard(Args *a) {
  int vtt = a->npos >= 1 && strcmp(a->pos[0], "vtt") == 0;
  const char *out = opt(a, "out");
  if (a->npos == 3 && strcmp(a->pos[1], "-o") == 0) out = a->pos[2];
  else if (a->npos != 1) {
    mj_fail(MJ_EINVAL, "usage: majlis export vtt|popolo --sitting ID [-o FILE] [--current]");
    return fail(MJ_EINVAL);
  }
  if (!opt(a, "sitting")) {
    mj_fail(MJ_EINVAL, "export %s: --sitting ID is required", vtt ? "vtt" : "popolo");
    return fail(MJ_EINVAL);
  }
  int64_t sitting = id_of(opt(a, "sitting"), "--sitting");
  if (!sitting) return fail(MJ_EINVAL);
  Db *db;
  int rc = db_open(db_path_of(a), DB_READONLY, &db);
  if (rc) return fail(rc);
  int current = opt(a, "current") != NULL;
  /* the published record only, as `export pdf`: a draft never leaves
  ** silently under the name of the record; --current is the staff's view */
  if (!current && !db_int(db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0))
    rc = mj_fail(MJ_ENOTFOUND, "export %s: there is no sitting %lld", vtt ? "vtt" : "popolo", (long long)sitting);
  else if (!current && !db_int(db, "SELECT count(*) FROM edition WHERE sitting_id=?1", 1, sitting, 0))
    rc = mj_fail(MJ_ENOTFOUND, "export %s: sitting %lld has no published edition of its record yet; add --current to export "
                               "the text as it stands now (a draft, for the Hansard staff)", vtt ? "vtt" : "popolo",
                 (long long)sitting);
  if (rc) {
    db_close(db);
    return fail(rc);
  }
  Buf b;
  buf_init(&b, 256u << 20);
  char *json = NULL;
  if (vtt) rc = hansard_export_vtt(db, sitting, current, &b);
  else if (!(rc = hansard_export_popolo(db, sitting, current, &json))) {
    buf_puts(&b, json);
    buf_putc(&b, '\n');
    free(json);
  }
  db_close(db);
  if (!rc) {
    FILE *fp = stdout;
    if (out && strcmp(out, "-") != 0 && !(fp = fopen(out, "w"))) rc = mj_fail(MJ_EIO, "export: cannot write %s", out);
    else {
      if (fwrite(b.p, 1, b.n, fp) != b.n) rc = mj_fail(MJ_EIO, "export: writing failed");
      if (fp != stdout && fclose(fp) && !rc) rc = mj_fail(MJ_EIO, "export: cannot finish writing %s", out);
    }
  }
  buf_free(&b);
  return rc ? fail(rc) : 0;
}
