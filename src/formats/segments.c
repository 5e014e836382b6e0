/*
** segments.c: strict readers of timed transcript segments (WebVTT, SRT,
** JSON) and the WebVTT writer. The readers never return part of an input:
** the first problem stops them with "FILE:LINE: reason". Text is checked to
** be UTF-8 without control characters before anything else, so every later
** step works on clean bytes. JSON goes through jansson (duplicate keys
** refused); its values carry no positions, so a small scanner over the
** already-valid text finds the line where each segment object begins.
*/
#include "segments.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ the list */
typedef struct SegList {
  Arena *a;
  Segment *v;
  int n, cap, skipped;
  const char *file;
} SegList;

static int bad(const SegList *l, int line, const char *fmt, ...) MJ_PRINTF(3, 4);
static int bad(const SegList *l, int line, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return mj_fail(MJ_EINVAL, "%s:%d: %s", l->file, line, msg);
}

/* Collapses whitespace runs (ASCII space, tab, CR, LF and U+00A0) into one
** space and trims; refuses other control characters. Returns the arena
** copy, "" when nothing is left, or NULL (error set) on a bad character. */
static const char *clean_text(SegList *l, int line, const char *s, size_t n) {
  char *out = arena_alloc(l->a, n + 1);
  size_t k = 0;
  int space = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
      ws = 1;
      i++;
    }
    if (ws) {
      space = k > 0;
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      bad(l, line, "control character 0x%02x in the text", c);
      return NULL;
    }
    if (space) out[k++] = ' ';
    space = 0;
    out[k++] = (char)c;
  }
  out[k] = 0;
  if (k > SEG_MAX_TEXT) {
    bad(l, line, "a segment's text has %zu bytes; at most %d are accepted", k, SEG_MAX_TEXT);
    return NULL;
  }
  return out;
}

static int add(SegList *l, int line, int64_t start, int64_t end, const char *text, double conf, const char *speaker) {
  if (start < 0 || end < 0) return bad(l, line, "a time may not be negative");
  if (start > SEG_MAX_MS || end > SEG_MAX_MS) return bad(l, line, "a time beyond 48 hours is not a sitting's recording");
  if (end < start) return bad(l, line, "the segment ends before it starts");
  if (!*text) {
    l->skipped++;
    return MJ_OK;
  }
  if (conf != -1 && !(conf >= 0 && conf <= 1)) return bad(l, line, "a confidence must be from 0 to 1");
  if (l->n == SEG_MAX_COUNT) return mj_fail(MJ_ETOOBIG, "%s:%d: more than %d segments", l->file, line, SEG_MAX_COUNT);
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 64;
    Segment *v = arena_alloc(l->a, sizeof *v * (size_t)cap);
    if (l->n) memcpy(v, l->v, sizeof *v * (size_t)l->n);
    l->v = v;
    l->cap = cap;
  }
  Segment *s = &l->v[l->n++];
  s->start_ms = start;
  s->end_ms = end;
  s->text = text;
  s->confidence = conf;
  s->speaker = speaker && *speaker ? speaker : NULL;
  s->line = line;
  return MJ_OK;
}

/* Checks UTF-8 (no overlongs, no surrogates) and refuses NUL; reports the
** line of the first bad byte. */
static int check_utf8(SegList *l, const char *s, size_t n) {
  int line = 1;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') line++;
    if (c == 0) return bad(l, line, "a NUL byte; this is not a text file");
    if (c < 0x80) {
      i++;
      continue;
    }
    int k = (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (k < 0) return bad(l, line, "invalid UTF-8 (byte 0x%02x)", c);
    if (i + (size_t)k >= n) return bad(l, line, "invalid UTF-8 at the end");
    unsigned cp = k == 1 ? (c & 0x1f) : k == 2 ? (c & 0x0f) : (c & 0x07);
    for (int j = 1; j <= k; j++) {
      unsigned char d = (unsigned char)s[i + (size_t)j];
      if ((d & 0xc0) != 0x80) return bad(l, line, "invalid UTF-8 (byte 0x%02x)", c);
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((k == 1 && cp < 0x80) || (k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return bad(l, line, "invalid UTF-8 (overlong form or surrogate)");
    i += (size_t)k + 1;
  }
  return MJ_OK;
}

/* ------------------------------------------------------------ lines */
typedef struct Lines {
  const char *p, *end;
  int line; /* number of the line last returned */
} Lines;

/* The next line without its terminator (LF, CRLF or a lone CR); 0 at the end. */
static int next_line(Lines *ls, const char **s, size_t *n) {
  if (ls->p >= ls->end) return 0;
  const char *b = ls->p, *e = b;
  while (e < ls->end && *e != '\n' && *e != '\r') e++;
  *s = b;
  *n = (size_t)(e - b);
  if (e < ls->end) e += (*e == '\r' && e + 1 < ls->end && e[1] == '\n') ? 2 : 1;
  ls->p = e;
  ls->line++;
  return 1;
}

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t') return 0;
  return 1;
}

static int has_arrow(const char *s, size_t n) {
  for (size_t i = 0; i + 3 <= n; i++)
    if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>') return 1;
  return 0;
}

/* ------------------------------------------------------------ times */
static int digits(const char *s, size_t n, size_t *i, int min, int max, long long *v) {
  int k = 0;
  long long x = 0;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9' && k < max) {
    x = x * 10 + (s[*i] - '0');
    (*i)++;
    k++;
  }
  if (k < min || (*i < n && s[*i] >= '0' && s[*i] <= '9')) return -1;
  *v = x;
  return 0;
}

/* A timestamp at s[*i]: [h+:]mm:ss<sep>mmm. hours_optional for WebVTT;
** seps are the fraction separators accepted. */
static int parse_time(const char *s, size_t n, size_t *i, int hours_optional, const char *seps, int64_t *ms) {
  long long a, b, c, f;
  if (digits(s, n, i, 1, 6, &a)) return -1;
  if (*i >= n || s[*i] != ':') return -1;
  (*i)++;
  if (digits(s, n, i, 2, 2, &b)) return -1;
  long long h, m, sec;
  if (*i < n && s[*i] == ':') {
    (*i)++;
    if (digits(s, n, i, 2, 2, &c)) return -1;
    h = a;
    m = b;
    sec = c;
  } else {
    if (!hours_optional) return -1;
    h = 0;
    m = a;
    sec = b;
  }
  if (*i >= n || !strchr(seps, s[*i])) return -1;
  (*i)++;
  if (digits(s, n, i, 3, 3, &f)) return -1;
  if (m > 59 || sec > 59) return -1;
  *ms = ((h * 60 + m) * 60 + sec) * 1000 + f;
  return 0;
}

/* "START --> END[ settings]" */
static int parse_timing(SegList *l, int line, const char *s, size_t n, int vtt, int64_t *start, int64_t *end) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  const char *seps = vtt ? "." : ",.";
  if (parse_time(s, n, &i, vtt, seps, start))
    return bad(l, line, "the start time is not %s", vtt ? "[HH:]MM:SS.mmm" : "HH:MM:SS,mmm");
  size_t ws = i;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i == ws || i + 3 > n || strncmp(s + i, "-->", 3) != 0) return bad(l, line, "expected ' --> ' after the start time");
  i += 3;
  ws = i;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i == ws) return bad(l, line, "expected a space after '-->'");
  if (parse_time(s, n, &i, vtt, seps, end))
    return bad(l, line, "the end time is not %s", vtt ? "[HH:]MM:SS.mmm" : "HH:MM:SS,mmm");
  if (i < n && s[i] != ' ' && s[i] != '\t') return bad(l, line, "unexpected text after the end time");
  if (!vtt && !blank(s + i, n - i)) return bad(l, line, "unexpected text after the end time");
  if (*end < *start) return bad(l, line, "the cue ends before it starts");
  return MJ_OK;
}

/* ------------------------------------------------------------ cue text */
static int cue_text(SegList *l, int line, const char *s, size_t n, const char **text, const char **speaker);

/* Removes <tags>, takes the first <v NAME> as the speaker and decodes the
** character references WebVTT defines (and numeric ones). */
static int cue_text(SegList *l, int line, const char *s, size_t n, const char **text, const char **speaker) {
  Buf b;
  buf_init(&b, (size_t)SEG_MAX_TEXT * 4 + 64);
  *speaker = NULL;
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (c == '<') {
      const char *e = memchr(s + i, '>', n - i);
      if (!e) {
        buf_free(&b);
        return bad(l, line, "a '<' tag is not closed with '>'");
      }
      size_t tl = (size_t)(e - (s + i)) - 1;
      const char *t = s + i + 1;
      if (tl >= 1 && t[0] == 'v' && (tl == 1 || t[1] == ' ' || t[1] == '.' || t[1] == '\t') && !*speaker) {
        size_t k = 1;
        while (k < tl && t[k] != ' ' && t[k] != '\t') k++; /* classes */
        while (k < tl && (t[k] == ' ' || t[k] == '\t')) k++;
        if (k < tl) { /* the annotation may hold character references */
          const char *sp, *none;
          if (cue_text(l, line, t + k, tl - k, &sp, &none)) {
            buf_free(&b);
            return MJ_EINVAL;
          }
          *speaker = sp;
        }
      }
      i = (size_t)(e - s) + 1;
      continue;
    }
    if (c == '&') {
      static const struct {
        const char *name, *utf8;
      } ents[] = {{"amp;", "&"},  {"lt;", "<"},           {"gt;", ">"},           {"quot;", "\""},
                  {"apos;", "'"}, {"nbsp;", "\xc2\xa0"}, {"lrm;", "\xe2\x80\x8e"}, {"rlm;", "\xe2\x80\x8f"}};
      int done = 0;
      for (size_t k = 0; k < MJ_COUNT(ents) && !done; k++) {
        size_t el = strlen(ents[k].name);
        if (n - i - 1 >= el && strncmp(s + i + 1, ents[k].name, el) == 0) {
          buf_puts(&b, ents[k].utf8);
          i += 1 + el;
          done = 1;
        }
      }
      if (!done && i + 2 < n && s[i + 1] == '#') {
        size_t k = i + 2;
        int hex = k < n && (s[k] == 'x' || s[k] == 'X');
        if (hex) k++;
        unsigned long cp = 0;
        size_t d0 = k;
        while (k < n && k - d0 < 7 &&
               ((s[k] >= '0' && s[k] <= '9') || (hex && ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'f')))) {
          int v = s[k] <= '9' ? s[k] - '0' : (s[k] | 32) - 'a' + 10;
          cp = cp * (hex ? 16 : 10) + (unsigned long)v;
          k++;
        }
        if (k > d0 && k < n && s[k] == ';' && cp >= 0x20 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) &&
            cp != 0x7f) {
          char u[4];
          int m = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
          if (m == 1) u[0] = (char)cp;
          else if (m == 2) {
            u[0] = (char)(0xc0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3f));
          } else if (m == 3) {
            u[0] = (char)(0xe0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
            u[2] = (char)(0x80 | (cp & 0x3f));
          } else {
            u[0] = (char)(0xf0 | (cp >> 18));
            u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
            u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
            u[3] = (char)(0x80 | (cp & 0x3f));
          }
          buf_append(&b, u, (size_t)m);
          i = k + 1;
          done = 1;
        }
      }
      if (!done) {
        buf_putc(&b, '&');
        i++;
      }
      continue;
    }
    buf_putc(&b, c);
    i++;
  }
  if (b.err) {
    buf_free(&b);
    return bad(l, line, "a cue's text is longer than %d bytes", SEG_MAX_TEXT);
  }
  *text = clean_text(l, line, b.p ? b.p : "", b.n);
  buf_free(&b);
  return *text ? MJ_OK : MJ_EINVAL;
}

/* ------------------------------------------------------------ WebVTT */
static int parse_vtt(SegList *l, const char *data, size_t len) {
  Lines ls = {data, data + len, 0};
  const char *s;
  size_t n;
  if (!next_line(&ls, &s, &n) || n < 6 || strncmp(s, "WEBVTT", 6) != 0 || (n > 6 && s[6] != ' ' && s[6] != '\t'))
    return bad(l, 1, "a WebVTT file starts with the line WEBVTT");
  /* the header block runs to the first blank line */
  while (next_line(&ls, &s, &n) && !blank(s, n))
    if (has_arrow(s, n)) return bad(l, ls.line, "a blank line must separate the WEBVTT header from the first cue");
  Buf text;
  buf_init(&text, (size_t)SEG_MAX_TEXT * 4);
  int rc = MJ_OK;
  while (!rc && next_line(&ls, &s, &n)) {
    if (blank(s, n)) continue;
    int first = ls.line;
    if ((n >= 4 && strncmp(s, "NOTE", 4) == 0 && (n == 4 || s[4] == ' ' || s[4] == '\t')) ||
        (n >= 5 && strncmp(s, "STYLE", 5) == 0 && blank(s + 5, n - 5)) ||
        (n >= 6 && strncmp(s, "REGION", 6) == 0 && blank(s + 6, n - 6))) {
      while (next_line(&ls, &s, &n) && !blank(s, n)) {
      }
      continue;
    }
    if (!has_arrow(s, n)) { /* a cue identifier, then the timing */
      size_t i = 0;
      int64_t t;
      if (!parse_time(s, n, &i, 1, ".", &t)) {
        rc = bad(l, first, "a cue timing line is 'START --> END'");
        break;
      }
      if (!next_line(&ls, &s, &n) || blank(s, n) || !has_arrow(s, n)) {
        rc = bad(l, first + 1, "expected a cue timing line 'START --> END' after the cue identifier");
        break;
      }
    }
    int tline = ls.line;
    int64_t st, en;
    if ((rc = parse_timing(l, tline, s, n, 1, &st, &en))) break;
    buf_reset(&text);
    while (next_line(&ls, &s, &n) && !blank(s, n)) {
      if (has_arrow(s, n)) {
        rc = bad(l, ls.line, "'-->' inside a cue's text (is a blank line missing before this cue?)");
        break;
      }
      if (text.n) buf_putc(&text, '\n');
      buf_append(&text, s, n);
    }
    if (rc) break;
    if (text.err) {
      rc = bad(l, tline, "a cue's text is longer than %d bytes", SEG_MAX_TEXT);
      break;
    }
    const char *t, *speaker;
    if ((rc = cue_text(l, tline + 1, text.p ? text.p : "", text.n, &t, &speaker))) break;
    rc = add(l, tline, st, en, t, -1, speaker);
  }
  buf_free(&text);
  return rc;
}

/* ------------------------------------------------------------ SRT */
static int parse_srt(SegList *l, const char *data, size_t len) {
  Lines ls = {data, data + len, 0};
  const char *s;
  size_t n;
  Buf text;
  buf_init(&text, (size_t)SEG_MAX_TEXT * 4);
  int rc = MJ_OK, cues = 0;
  while (!rc && next_line(&ls, &s, &n)) {
    if (blank(s, n)) continue;
    int first = ls.line;
    long long idx;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    size_t j = i;
    if (digits(s, n, &j, 1, 9, &idx) || !blank(s + j, n - j)) {
      rc = bad(l, first, has_arrow(s, n) ? "a cue's number is missing before its timing line"
                                          : "expected a cue number (a line with only digits)");
      break;
    }
    if (!next_line(&ls, &s, &n) || blank(s, n)) {
      rc = bad(l, first + 1, "expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm' after cue %lld", idx);
      break;
    }
    int tline = ls.line;
    int64_t st, en;
    if ((rc = parse_timing(l, tline, s, n, 0, &st, &en))) break;
    buf_reset(&text);
    while (next_line(&ls, &s, &n) && !blank(s, n)) {
      if (has_arrow(s, n)) {
        rc = bad(l, ls.line, "a timing line inside a cue's text (is a blank line missing?)");
        break;
      }
      if (text.n) buf_putc(&text, '\n');
      buf_append(&text, s, n);
    }
    if (rc) break;
    if (text.err) {
      rc = bad(l, tline, "a cue's text is longer than %d bytes", SEG_MAX_TEXT);
      break;
    }
    const char *t, *speaker;
    if ((rc = cue_text(l, tline + 1, text.p ? text.p : "", text.n, &t, &speaker))) break;
    rc = add(l, tline, st, en, t, -1, speaker);
    cues++;
  }
  buf_free(&text);
  if (!rc && !cues) rc = bad(l, 1, "no cues: an SRT file is numbered cues with 'HH:MM:SS,mmm --> HH:MM:SS,mmm' timings");
  return rc;
}

/* ------------------------------------------------------------ JSON */
/* Lines where the objects of the segment array begin: depth is the nesting
** of those objects (1 for a top-level list, 2 inside "transcription").
** The text is valid JSON already. */
static int *object_lines(Arena *a, const char *s, size_t n, int whisper, int count) {
  int *lines = arena_alloc(a, sizeof(int) * (size_t)(count + 1));
  int k = 0, line = 1, depth = 0, in_arr = !whisper;
  int key_tx = 0; /* the last key at depth 1 was "transcription" */
  for (size_t i = 0; i < n && k < count; i++) {
    char c = s[i];
    if (c == '\n') line++;
    else if (c == '"') {
      size_t b = i + 1;
      for (i++; i < n && s[i] != '"'; i++)
        if (s[i] == '\\') i++;
      if (whisper && depth == 1) {
        size_t e = i;
        size_t j = e + 1;
        while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) j++;
        if (j < n && s[j] == ':') key_tx = e - b == 13 && strncmp(s + b, "transcription", 13) == 0;
      }
    } else if (c == '{' || c == '[') {
      if (whisper && c == '[' && depth == 1 && key_tx) in_arr = 1;
      else if (c == '{' && in_arr && depth == (whisper ? 2 : 1)) lines[k++] = line;
      depth++;
    } else if (c == '}' || c == ']') {
      depth--;
      if (whisper && depth == 1 && c == ']' && in_arr) in_arr = 0;
    }
  }
  while (k < count) lines[k++] = line;
  return lines;
}

static int json_ms(json_t *v, int64_t *ms) {
  if (json_is_integer(v)) {
    *ms = json_integer_value(v);
    return 0;
  }
  return -1;
}

static int json_seconds(json_t *v, int64_t *ms) {
  if (!json_is_number(v)) return -1;
  double d = json_number_value(v);
  if (!(d >= 0 && d <= (double)SEG_MAX_MS / 1000.0)) return d < 0 ? -2 : -3;
  *ms = (int64_t)llround(d * 1000.0);
  return 0;
}

static int parse_json(SegList *l, const char *data, size_t len) {
  json_error_t err;
  json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
  if (!root) return bad(l, err.line > 0 ? err.line : 1, "malformed JSON (column %d): %s", err.column, err.text);
  json_t *arr = NULL;
  int whisper = 0;
  if (json_is_array(root)) arr = root;
  else if (json_is_object(root) && json_is_array(json_object_get(root, "transcription"))) {
    arr = json_object_get(root, "transcription");
    whisper = 1;
  } else {
    json_decref(root);
    return bad(l, 1, "expected whisper.cpp output {\"transcription\":[...]} or a list of segments [{\"start\",\"end\",\"text\"}]");
  }
  int count = (int)json_array_size(arr);
  if (count > SEG_MAX_COUNT) {
    json_decref(root);
    return mj_fail(MJ_ETOOBIG, "%s: more than %d segments", l->file, SEG_MAX_COUNT);
  }
  int *lines = object_lines(l->a, data, len, whisper, count);
  int rc = MJ_OK;
  for (int i = 0; i < count && !rc; i++) {
    json_t *o = json_array_get(arr, (size_t)i);
    int line = lines[i];
    if (!json_is_object(o)) {
      rc = bad(l, line, "segment %d is not an object", i + 1);
      break;
    }
    int64_t st = 0, en = 0;
    double conf = -1;
    if (whisper) {
      json_t *off = json_object_get(o, "offsets"), *ts = json_object_get(o, "timestamps");
      if (off) {
        if (!json_is_object(off) || json_ms(json_object_get(off, "from"), &st) || json_ms(json_object_get(off, "to"), &en)) {
          rc = bad(l, line, "segment %d: \"offsets\" must be {\"from\": ms, \"to\": ms} in whole milliseconds", i + 1);
          break;
        }
      } else if (ts) {
        json_t *f = json_is_object(ts) ? json_object_get(ts, "from") : NULL, *t = json_is_object(ts) ? json_object_get(ts, "to") : NULL;
        size_t k1 = 0, k2 = 0;
        const char *fs = json_string_value(f), *tt = json_string_value(t);
        if (!fs || !tt || parse_time(fs, strlen(fs), &k1, 0, ",.", &st) || k1 != strlen(fs) ||
            parse_time(tt, strlen(tt), &k2, 0, ",.", &en) || k2 != strlen(tt)) {
          rc = bad(l, line, "segment %d: \"timestamps\" must be {\"from\": \"HH:MM:SS,mmm\", \"to\": \"HH:MM:SS,mmm\"}", i + 1);
          break;
        }
      } else {
        rc = bad(l, line, "segment %d has neither \"offsets\" nor \"timestamps\"", i + 1);
        break;
      }
      json_t *toks = json_object_get(o, "tokens");
      if (toks && json_is_array(toks)) {
        double sum = 0;
        int nt = 0;
        size_t k;
        json_t *tk;
        json_array_foreach(toks, k, tk) {
          const char *tx = json_string_value(json_object_get(tk, "text"));
          json_t *p = json_object_get(tk, "p");
          if (tx && strncmp(tx, "[_", 2) == 0) continue; /* special tokens */
          if (p && json_is_number(p)) {
            double pv = json_number_value(p);
            if (!(pv >= 0 && pv <= 1)) {
              rc = bad(l, line, "segment %d: a token's \"p\" must be from 0 to 1", i + 1);
              break;
            }
            sum += pv;
            nt++;
          }
        }
        if (rc) break;
        if (nt) conf = sum / nt;
      }
    } else {
      int e1 = json_seconds(json_object_get(o, "start"), &st), e2 = json_seconds(json_object_get(o, "end"), &en);
      if (e1 || e2) {
        rc = bad(l, line, "segment %d: %s", i + 1,
                 (e1 == -2 || e2 == -2) ? "a time may not be negative"
                 : (e1 == -3 || e2 == -3) ? "a time beyond 48 hours is not a sitting's recording"
                                          : "\"start\" and \"end\" must be numbers of seconds");
        break;
      }
      json_t *c;
      if ((c = json_object_get(o, "confidence")) || (c = json_object_get(o, "p"))) {
        if (!json_is_number(c) || !(json_number_value(c) >= 0 && json_number_value(c) <= 1)) {
          rc = bad(l, line, "segment %d: the confidence must be a number from 0 to 1", i + 1);
          break;
        }
        conf = json_number_value(c);
      } else if ((c = json_object_get(o, "avg_logprob"))) {
        if (!json_is_number(c) || !(json_number_value(c) <= 0)) {
          rc = bad(l, line, "segment %d: \"avg_logprob\" must be a number at most 0", i + 1);
          break;
        }
        conf = exp(json_number_value(c));
      }
    }
    json_t *tx = json_object_get(o, "text");
    if (!json_is_string(tx)) {
      rc = bad(l, line, "segment %d: \"text\" must be a string", i + 1);
      break;
    }
    const char *text = clean_text(l, line, json_string_value(tx), json_string_length(tx));
    if (!text) {
      rc = MJ_EINVAL;
      break;
    }
    const char *speaker = NULL;
    json_t *sp = json_object_get(o, "speaker");
    if (sp && !json_is_null(sp)) {
      if (json_is_integer(sp)) speaker = arena_printf(l->a, "SPEAKER_%02lld", (long long)json_integer_value(sp));
      else if (json_is_string(sp)) {
        if (!(speaker = clean_text(l, line, json_string_value(sp), json_string_length(sp)))) {
          rc = MJ_EINVAL;
          break;
        }
        if (strlen(speaker) > 200) {
          rc = bad(l, line, "segment %d: the speaker label is longer than 200 bytes", i + 1);
          break;
        }
      } else {
        rc = bad(l, line, "segment %d: \"speaker\" must be a string", i + 1);
        break;
      }
    }
    rc = add(l, line, st, en, text, conf, speaker);
  }
  json_decref(root);
  return rc;
}

/* ------------------------------------------------------------ public */
int segments_format_parse(const char *name) {
  if (!name || !*name || strcmp(name, "auto") == 0) return SEG_AUTO;
  if (strcmp(name, "vtt") == 0 || strcmp(name, "webvtt") == 0) return SEG_VTT;
  if (strcmp(name, "srt") == 0) return SEG_SRT;
  if (strcmp(name, "json") == 0) return SEG_JSON;
  return -1;
}

const char *segments_format_name(SegFormat f) {
  return f == SEG_VTT ? "vtt" : f == SEG_SRT ? "srt" : f == SEG_JSON ? "json" : "auto";
}

SegFormat segments_sniff(const char *name, const char *data, size_t len) {
  const char *dot = name ? strrchr(name, '.') : NULL;
  if (dot) {
    if (strcmp(dot, ".vtt") == 0) return SEG_VTT;
    if (strcmp(dot, ".srt") == 0) return SEG_SRT;
    if (strcmp(dot, ".json") == 0) return SEG_JSON;
  }
  size_t i = 0;
  if (len >= 3 && (unsigned char)data[0] == 0xef && (unsigned char)data[1] == 0xbb && (unsigned char)data[2] == 0xbf) i = 3;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) i++;
  if (len - i >= 6 && strncmp(data + i, "WEBVTT", 6) == 0) return SEG_VTT;
  if (i < len && (data[i] == '{' || data[i] == '[')) return SEG_JSON;
  if (i < len && data[i] >= '0' && data[i] <= '9') return SEG_SRT;
  return SEG_AUTO;
}

int segments_parse(Arena *a, const char *data, size_t len, SegFormat fmt, const char *file, Segment **segs, int *n,
                   int *skipped) {
  *segs = NULL;
  *n = 0;
  if (skipped) *skipped = 0;
  SegList l = {a, NULL, 0, 0, 0, file && *file ? file : "input"};
  if (len > SEG_MAX_BYTES) return mj_fail(MJ_ETOOBIG, "%s: larger than %u MiB", l.file, SEG_MAX_BYTES >> 20);
  if (len >= 3 && (unsigned char)data[0] == 0xef && (unsigned char)data[1] == 0xbb && (unsigned char)data[2] == 0xbf) {
    data += 3;
    len -= 3;
  }
  if (fmt == SEG_AUTO) fmt = segments_sniff(NULL, data, len);
  if (fmt == SEG_AUTO) return bad(&l, 1, "not WebVTT, SRT or JSON segments (say which with --format)");
  int rc = check_utf8(&l, data, len);
  if (!rc) rc = fmt == SEG_VTT ? parse_vtt(&l, data, len) : fmt == SEG_SRT ? parse_srt(&l, data, len) : parse_json(&l, data, len);
  if (rc) return rc;
  *segs = l.v;
  *n = l.n;
  if (skipped) *skipped = l.skipped;
  return MJ_OK;
}

void segments_time(int64_t ms, char sep, char out[16]) {
  if (ms < 0) ms = 0;
  long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
  if (h > 99) h = 99;
  snprintf(out, 16, "%02lld:%02lld:%02lld%c%03lld", h, m, s, sep, f);
}

static void vtt_escape(Buf *out, const char *s, int keep_lines) {
  for (; *s; s++) {
    if (*s == '&') buf_puts(out, "&amp;");
    else if (*s == '<') buf_puts(out, "&lt;");
    else if (*s == '>') buf_puts(out, "&gt;");
    else if (*s == '\r') continue;
    else if (*s == '\n') {
      if (!keep_lines) buf_putc(out, ' ');
      else {
        /* no blank line inside a cue: collapse runs of line breaks */
        while (s[1] == '\n' || s[1] == '\r') s++;
        if (s[1]) buf_putc(out, '\n');
      }
    } else if (*s == '-' && s[1] == '-' && s[2] == '>') {
      buf_puts(out, "--&gt;");
      s += 2;
    } else buf_putc(out, *s);
  }
}

void segments_write_vtt(const Segment *segs, int n, Buf *out) {
  buf_puts(out, "WEBVTT\n");
  char a[16], b[16];
  for (int i = 0; i < n; i++) {
    segments_time(segs[i].start_ms, '.', a);
    segments_time(segs[i].end_ms < segs[i].start_ms ? segs[i].start_ms : segs[i].end_ms, '.', b);
    buf_printf(out, "\n%d\n%s --> %s\n", i + 1, a, b);
    if (segs[i].speaker && *segs[i].speaker) {
      buf_puts(out, "<v ");
      vtt_escape(out, segs[i].speaker, 0);
      /* "-->" may not appear in a cue: a name ending in '-' gets a space */
      size_t sl = strlen(segs[i].speaker);
      buf_puts(out, segs[i].speaker[sl - 1] == '-' ? " >" : ">");
    }
    vtt_escape(out, segs[i].text ? segs[i].text : "", 1);
    buf_putc(out, '\n');
  }
}
