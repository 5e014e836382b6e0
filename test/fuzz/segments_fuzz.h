/*
** segments_fuzz.h: the body the subtitle/transcript reader fuzz targets
** share (fuzz_vtt.c, fuzz_srt.c, fuzz_segjson.c), one reader format each.
** Whatever the input, the reader returns either an error with a
** "FILE:LINE: reason" message and no segments, or segments that keep its
** promises: times in order and within 48 hours, non-empty text without
** control characters, confidences in 0..1; and the WebVTT writer's output
** of them reads back as the same number of segments.
*/
#ifndef MJ_SEGMENTS_FUZZ_H
#define MJ_SEGMENTS_FUZZ_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "segments.h"

static inline int segments_fuzz_one(const uint8_t *data, size_t size, SegFormat fmt) {
  if (size > 1 << 20) return 0;
  Arena *a = arena_new();
  Segment *v;
  int n, skipped;
  int rc = segments_parse(a, (const char *)data, size, fmt, "fuzz", &v, &n, &skipped);
  if (rc) {
    if (v || n || strncmp(mj_errmsg(), "fuzz", 4) != 0) abort();
  } else {
    for (int i = 0; i < n; i++) {
      const Segment *s = &v[i];
      if (s->start_ms < 0 || s->end_ms < s->start_ms || s->end_ms > SEG_MAX_MS) abort();
      if (!s->text || !*s->text || strlen(s->text) > SEG_MAX_TEXT) abort();
      for (const unsigned char *p = (const unsigned char *)s->text; *p; p++)
        if (*p < 0x20 || *p == 0x7f) abort();
      if (s->confidence != -1 && !(s->confidence >= 0 && s->confidence <= 1)) abort();
    }
    Buf b;
    buf_init(&b, BUF_UNLIMITED);
    segments_write_vtt(v, n, &b);
    Segment *w;
    int m;
    if (segments_parse(a, b.p, b.n, SEG_VTT, "out", &w, &m, NULL) || m != n) abort();
    buf_free(&b);
  }
  arena_free(a);
  return 0;
}
#endif
