/*
** hansard_bench.c: the in-process half of bench/hansard.sh. Generates a
** sitting of about WORDS Arabic words as speech-recognition segments (a
** JSON list, eight speakers taking turns, the project's demo text), then
** times, on database DB and sitting SITTING:
**   import    hansard_import_segments_file (the segments into draft speeches)
**   editor    what the editors do before certifying: every take reviewed,
**             every proposed speaker confirmed (reported apart: people's work)
**   certify   hansard_certify
**   publish   hansard_publish, a provisional edition (the JSON snapshot)
** and prints one line per step: "step NAME MS PEAK_RSS_KB". The exports
** (web page, AKN, TEI, PDF) are timed by the script, each in its own
** process, so each one's peak memory is its own.
**
** usage: hansard_bench DB SITTING WORDS OUTDIR
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "audit.h"
#include "db.h"
#include "demotext.h"
#include "hansard.h"

static long peak_kb(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

static int64_t t0;
static void step(const char *name) {
  printf("step %s %lld %ld\n", name, (long long)(mj_mono_ms() - t0), peak_kb());
  fflush(stdout);
  t0 = mj_mono_ms();
}

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', f);
    if ((unsigned char)*s < 0x20) fputc(' ', f);
    else fputc(*s, f);
  }
  fputc('"', f);
}

/* Writes the segments: about 20 words each, 6 s each, a new speaker every
** 12 segments. Returns the number of words written. */
static long generate(const char *path, long words) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  Rng r;
  rng_seed(&r, 2026);
  Buf b;
  buf_init(&b, 1u << 20);
  long done = 0;
  int seg = 0;
  fputs("[\n", f);
  while (done < words) {
    buf_reset(&b);
    demotext_speech(&r, DEMOTEXT_AR, (int)rng_below(&r, 1000), &b);
    /* cut the speech into segments of about 20 words */
    char *p = b.p;
    while (p && *p && done < words) {
      char *q = p;
      int n = 0;
      while (*q && n < 20) {
        while (*q == ' ' || *q == '\n') q++;
        if (!*q) break;
        while (*q && *q != ' ' && *q != '\n') q++;
        n++;
      }
      char keep = *q;
      *q = 0;
      if (n) {
        fprintf(f, "%s{\"start\": %d.0, \"end\": %d.5, \"speaker\": \"SPEAKER_%02d\", \"confidence\": 0.93, \"text\": ",
                seg ? ",\n" : "", seg * 6, seg * 6 + 5, (seg / 12) % 8);
        json_str(f, p);
        fputc('}', f);
        seg++;
        done += n;
      }
      *q = keep;
      p = *q ? q + 1 : NULL;
    }
  }
  fputs("\n]\n", f);
  buf_free(&b);
  return fclose(f) == 0 ? done : -1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: hansard_bench DB SITTING WORDS OUTDIR\n");
    return 2;
  }
  long long sitting, words;
  if (mj_parse_int(argv[2], 1, INT64_MAX, &sitting) || mj_parse_int(argv[3], 1, 10000000, &words)) return 2;
  char seg[1024];
  snprintf(seg, sizeof seg, "%s/segments.json", argv[4]);
  long w = generate(seg, words);
  if (w < 0) {
    perror(seg);
    return 1;
  }
  printf("words %ld\n", w);
  Db *db;
  if (db_open(argv[1], 0, &db)) {
    fprintf(stderr, "hansard_bench: %s\n", mj_errmsg());
    return 1;
  }
  Actor cli = audit_cli_actor();
  MeetingActor who = {&cli, 0};
  HansardImport in = {"bench-asr", "1", "ar", -1, NULL};
  HansardImportResult res;
  t0 = mj_mono_ms();
  int rc = hansard_import_segments_file(db, &who, sitting, seg, SEG_JSON, &in, &res);
  if (rc) goto fail;
  printf("segments %d speeches %d takes %d flags %d\n", res.segments, res.speeches, res.takes, res.flags);
  step("import");
  /* the editors' part: review every take, confirm every proposed speaker */
  Arena *a = arena_new();
  HansardView v;
  if ((rc = hansard_record(db, a, sitting, &v))) goto fail;
  for (int i = 0; i < v.ntakes && !rc; i++)
    if (strcmp(v.takes[i].status, "reviewed") != 0) rc = hansard_take_status(db, &who, v.takes[i].id, "reviewed");
  for (int i = 0; i < v.nflags && !rc; i++)
    if (strcmp(v.flags[i].status, "open") == 0) rc = hansard_flag_resolve(db, &who, v.flags[i].id, "checked");
  for (int i = 0; i < v.nspeeches && !rc; i++) {
    if (strcmp(v.speeches[i].attribution, "proposed") != 0) continue;
    HansardEdit e = {NULL, v.speeches[i].version, 0, NULL, NULL, 1};
    int nv;
    rc = hansard_speech_edit(db, &who, v.speeches[i].id, &e, &nv, NULL);
  }
  arena_free(a);
  if (rc) goto fail;
  step("editor");
  if ((rc = hansard_certify(db, &who, sitting))) goto fail;
  step("certify");
  int64_t ed;
  int number;
  if ((rc = hansard_publish(db, &who, sitting, "provisional", "bench", &ed, &number))) goto fail;
  step("publish");
  db_close(db);
  return 0;
fail:
  fprintf(stderr, "hansard_bench: %s\n", mj_errmsg());
  db_close(db);
  return 1;
}
