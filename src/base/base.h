/*
** base: the bottom layer of Majlis. Error codes, memory, bounded buffers,
** per-request arenas, logging, time and a deterministic random generator.
** Nothing here knows about SQLite, HTTP or the parliament.
*/
#ifndef MJ_BASE_H
#define MJ_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define MJ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define MJ_NORETURN __attribute__((noreturn))
#define MJ_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors ------------------------------------------------------------
** Every function that can fail returns one of these. The human-readable
** reason lives in a thread-local buffer set by mj_fail(); it names what was
** wrong and, where possible, how to fix it. */
typedef enum MjCode {
  MJ_OK = 0,
  MJ_EINVAL,    /* bad input from the caller or the user */
  MJ_ENOTFOUND, /* the thing named does not exist */
  MJ_EAUTH,     /* not signed in (HTTP 401) */
  MJ_EDENIED,   /* signed in but not allowed (HTTP 403) */
  MJ_ECONFLICT, /* state does not allow it (already exists, closed, ...) */
  MJ_ETOOBIG,   /* over a size limit */
  MJ_EIO,       /* file, socket or database failure */
  MJ_EINTERNAL  /* a bug or an impossible state */
} MjCode;

/* Sets the thread's error message and returns `code`, so callers write
** `return mj_fail(MJ_EINVAL, "...", ...)`. */
int mj_fail(int code, const char *fmt, ...) MJ_PRINTF(2, 3);
/* The message of the last mj_fail() on this thread ("" if none). */
const char *mj_errmsg(void);
void mj_errclear(void);
/* A stable short name for a code ("invalid", "not_found", ...). */
const char *mj_codename(int code);

/* ---- memory --------------------------------------------------------------
** Allocation failure aborts the program: there is no sensible recovery in a
** server that has run out of memory, and checking every call hides bugs. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
MJ_NORETURN void mj_die(const char *fmt, ...) MJ_PRINTF(1, 2);

/* ---- bounded growable buffer ----------------------------------------------
** Always NUL-terminated. Appending past `max` stops appending and sets
** `err = MJ_ETOOBIG`; the caller checks once at the end. */
typedef struct Buf {
  char *p;
  size_t n, cap, max;
  int err;
} Buf;

#define BUF_UNLIMITED ((size_t)-1)
void buf_init(Buf *b, size_t max);
void buf_free(Buf *b);
void buf_reset(Buf *b);
void buf_append(Buf *b, const void *data, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) MJ_PRINTF(2, 3);
void buf_vprintf(Buf *b, const char *fmt, va_list ap) MJ_PRINTF(2, 0);
/* Hands the bytes to the caller (who frees them) and empties the buffer. */
char *buf_take(Buf *b);

/* ---- arena -----------------------------------------------------------------
** One per request or per command: every allocation is freed by arena_free. */
typedef struct Arena Arena;
Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) MJ_PRINTF(2, 3);
size_t arena_used(const Arena *a);

/* ---- strings ---------------------------------------------------------------*/
/* Copies at most dstsz-1 bytes and always terminates; returns strlen(src). */
size_t mj_strlcpy(char *dst, const char *src, size_t dstsz);
/* Parses a whole decimal integer in [lo, hi]; MJ_EINVAL otherwise. */
int mj_parse_int(const char *s, long long lo, long long hi, long long *out);
int mj_streq(const char *a, const char *b);
int mj_startswith(const char *s, const char *prefix);
/* The length of the longest prefix of UTF-8 text s of at most max bytes
** that does not end inside a character (cutting with %.*s keeps the text
** valid UTF-8); strlen(s) when s is shorter. */
size_t mj_utf8_cut(const char *s, size_t max);
/* Constant-time comparison of two byte strings of length n. */
int mj_ct_equal(const void *a, const void *b, size_t n);

/* ---- logging ----------------------------------------------------------------
** Levels as in syslog, written to the error log (stderr by default) with a
** timestamp. log_setfile() redirects it; thread-safe. */
typedef enum { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG } LogLevel;
void log_setlevel(LogLevel lv);
int log_setfile(const char *path);
void log_msg(LogLevel lv, const char *fmt, ...) MJ_PRINTF(2, 3);
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)

/* ---- time ---------------------------------------------------------------- */
int64_t mj_now_ms(void);   /* wall clock, milliseconds since the epoch */
int64_t mj_mono_ms(void);  /* monotonic clock for durations */
/* Formats epoch seconds as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void mj_iso8601(int64_t secs, char *out, size_t outsz);

/* ---- random --------------------------------------------------------------
** mj_random_bytes draws from the kernel (getrandom); never seeded, for
** secrets. Rng is a small deterministic generator (splitmix64) for the demo
** and tests, where a seed must give the same parliament every time. */
void mj_random_bytes(void *out, size_t n);
/* n random bytes as lowercase hex into out (2n+1 bytes). */
void mj_random_hex(char *out, size_t n);
typedef struct Rng { uint64_t s; } Rng;
void rng_seed(Rng *r, uint64_t seed);
uint64_t rng_next(Rng *r);
/* Uniform in [0, n). */
uint32_t rng_below(Rng *r, uint32_t n);

#endif
