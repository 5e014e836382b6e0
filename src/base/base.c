/*
** base.c: errors, memory, buffers, arenas, strings, time and randomness.
** Small, dependency-free helpers every other layer uses.
*/
#include "base.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* ---- errors ---- */
static __thread char tl_errmsg[512];

int mj_fail(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tl_errmsg, sizeof tl_errmsg, fmt, ap);
  va_end(ap);
  return code;
}
const char *mj_errmsg(void) { return tl_errmsg; }
void mj_errclear(void) { tl_errmsg[0] = 0; }

const char *mj_codename(int code) {
  switch (code) {
  case MJ_OK: return "ok";
  case MJ_EINVAL: return "invalid";
  case MJ_ENOTFOUND: return "not_found";
  case MJ_EAUTH: return "unauthenticated";
  case MJ_EDENIED: return "forbidden";
  case MJ_ECONFLICT: return "conflict";
  case MJ_ETOOBIG: return "too_big";
  case MJ_EIO: return "io";
  default: return "internal";
  }
}

/* ---- memory ---- */
void mj_die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("majlis: fatal: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}
void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) mj_die("out of memory (%zu bytes)", n);
  return p;
}
void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) mj_die("out of memory (%zu x %zu bytes)", n, size);
  return p;
}
void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) mj_die("out of memory (%zu bytes)", n);
  return q;
}
char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}
char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

/* ---- Buf ---- */
void buf_init(Buf *b, size_t max) {
  b->p = NULL;
  b->n = b->cap = 0;
  b->max = max;
  b->err = 0;
}
void buf_free(Buf *b) {
  free(b->p);
  buf_init(b, b->max);
}
void buf_reset(Buf *b) {
  b->n = 0;
  b->err = 0;
  if (b->p) b->p[0] = 0;
}
static int buf_reserve(Buf *b, size_t add) {
  if (b->err) return 0;
  if (add > b->max || b->n + add > b->max) {
    b->err = MJ_ETOOBIG;
    return 0;
  }
  if (b->n + add + 1 > b->cap) {
    size_t c = b->cap ? b->cap * 2 : 256;
    while (c < b->n + add + 1) c *= 2;
    b->p = xrealloc(b->p, c);
    b->cap = c;
  }
  return 1;
}
void buf_append(Buf *b, const void *data, size_t n) {
  if (!buf_reserve(b, n)) return;
  memcpy(b->p + b->n, data, n);
  b->n += n;
  b->p[b->n] = 0;
}
void buf_puts(Buf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(Buf *b, char c) { buf_append(b, &c, 1); }
void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int k = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (k < 0 || !buf_reserve(b, (size_t)k)) return;
  vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
  b->n += (size_t)k;
}
void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}
char *buf_take(Buf *b) {
  char *p = b->p ? b->p : xstrdup("");
  buf_init(b, b->max);
  return p;
}

/* ---- Arena ---- */
typedef struct ArenaBlock {
  struct ArenaBlock *next;
  size_t used, size;
  max_align_t data[];
} ArenaBlock;
struct Arena {
  ArenaBlock *head;
  size_t total;
};
Arena *arena_new(void) { return xcalloc(1, sizeof(Arena)); }
void arena_free(Arena *a) {
  if (!a) return;
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *n = b->next;
    free(b);
    b = n;
  }
  free(a);
}
void *arena_alloc(Arena *a, size_t n) {
  size_t al = sizeof(max_align_t);
  n = (n + al - 1) / al * al;
  if (!a->head || a->head->size - a->head->used < n) {
    size_t sz = n > 8192 ? n : 8192;
    ArenaBlock *b = xmalloc(sizeof(ArenaBlock) + sz);
    b->size = sz;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)a->head->data + a->head->used;
  a->head->used += n;
  a->total += n;
  return p;
}
char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}
char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }
char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int k = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(a, (size_t)(k < 0 ? 0 : k) + 1);
  vsnprintf(p, (size_t)(k < 0 ? 0 : k) + 1, fmt, ap2);
  va_end(ap2);
  return p;
}
size_t arena_used(const Arena *a) { return a->total; }

/* ---- strings ---- */
size_t mj_strlcpy(char *dst, const char *src, size_t dstsz) {
  size_t n = strlen(src);
  if (dstsz) {
    size_t k = n < dstsz - 1 ? n : dstsz - 1;
    memcpy(dst, src, k);
    dst[k] = 0;
  }
  return n;
}
int mj_parse_int(const char *s, long long lo, long long hi, long long *out) {
  if (!s || !*s) return mj_fail(MJ_EINVAL, "expected a whole number, got nothing");
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || end == s || v < lo || v > hi)
    return mj_fail(MJ_EINVAL, "expected a whole number from %lld to %lld, got '%.40s'", lo, hi, s);
  *out = v;
  return MJ_OK;
}
int mj_streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
int mj_startswith(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}
size_t mj_utf8_cut(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  /* the byte after the prefix continues a character: end before that character */
  while (n && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  return n;
}
int mj_ct_equal(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  unsigned char d = 0;
  for (size_t i = 0; i < n; i++) d |= (unsigned char)(x[i] ^ y[i]);
  return d == 0;
}

/* ---- time ---- */
int64_t mj_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
int64_t mj_mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
void mj_iso8601(int64_t secs, char *out, size_t outsz) {
  time_t t = (time_t)secs;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- random ---- */
void mj_random_bytes(void *out, size_t n) {
  unsigned char *p = out;
  while (n) {
    ssize_t k = getrandom(p, n, 0);
    if (k < 0) {
      if (errno == EINTR) continue;
      mj_die("getrandom failed: %s", strerror(errno));
    }
    p += k;
    n -= (size_t)k;
  }
}
void mj_random_hex(char *out, size_t n) {
  static const char hx[] = "0123456789abcdef";
  unsigned char tmp[64];
  size_t o = 0;
  while (n) {
    size_t k = n < sizeof tmp ? n : sizeof tmp;
    mj_random_bytes(tmp, k);
    for (size_t i = 0; i < k; i++) {
      out[o++] = hx[tmp[i] >> 4];
      out[o++] = hx[tmp[i] & 15];
    }
    n -= k;
  }
  out[o] = 0;
}
void rng_seed(Rng *r, uint64_t seed) { r->s = seed; }
uint64_t rng_next(Rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
uint32_t rng_below(Rng *r, uint32_t n) {
  return n ? (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32) : 0;
}
