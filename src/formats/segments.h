/*
** segments: timed transcript segments as speech-recognition engines write
** them. Readers for WebVTT, SRT and two JSON shapes (whisper.cpp's -oj
** output and a plain list), and a WebVTT writer. The readers are strict: the
** first problem refuses the whole input with "FILE:LINE: reason" in
** mj_errmsg(), and nothing is returned. doc/hansard.md lists the accepted
** shapes. Pure: no database, no global state; fuzzed (test/fuzz/fuzz_vtt.c,
** fuzz_srt.c, fuzz_segjson.c).
*/
#ifndef MJ_SEGMENTS_H
#define MJ_SEGMENTS_H

#include <stdint.h>

#include "base.h"

typedef enum { SEG_AUTO = 0, SEG_VTT, SEG_SRT, SEG_JSON } SegFormat;

/* Limits: a larger input is refused (MJ_ETOOBIG). */
#define SEG_MAX_BYTES (64u << 20)
#define SEG_MAX_COUNT 200000
#define SEG_MAX_TEXT 8000        /* bytes of one segment's text */
#define SEG_MAX_MS (48LL * 3600 * 1000) /* 48 hours */

typedef struct Segment {
  int64_t start_ms, end_ms;
  const char *text;    /* UTF-8, whitespace collapsed, never empty */
  double confidence;   /* 0..1, or -1 when the input gives none */
  const char *speaker; /* a speaker label or diarisation tag, or NULL */
  int line;            /* where the segment starts in the input (1-based) */
} Segment;

/* "vtt", "srt", "json" (or "auto") to a format; -1 when unknown. */
int segments_format_parse(const char *name);
const char *segments_format_name(SegFormat f);
/* The format of a file from its name's extension, else from its first
** bytes ("WEBVTT", '{' or '[', a digit); SEG_AUTO when it cannot tell. */
SegFormat segments_sniff(const char *name, const char *data, size_t len);

/* Parses len bytes (need not be NUL-terminated). `file` names the input in
** messages. Segments (and their strings) are allocated in the arena;
** segments whose text is empty after markup is removed are skipped and
** counted in *skipped (may be NULL). On error *segs is NULL, *n is 0 and
** mj_errmsg() is "FILE:LINE: reason". */
int segments_parse(Arena *a, const char *data, size_t len, SegFormat fmt, const char *file, Segment **segs, int *n,
                   int *skipped);

/* Formats milliseconds as HH:MM:SS.mmm (sep '.') or HH:MM:SS,mmm (sep ',');
** out has at least 16 bytes. */
void segments_time(int64_t ms, char sep, char out[16]);

/* Appends a WebVTT file: the header, then one cue per segment with
** "<v SPEAKER>" when speaker is set; text is escaped (& < >) and its line
** breaks kept; an empty line never occurs inside a cue. */
void segments_write_vtt(const Segment *segs, int n, Buf *out);

#endif
