/*
** harness.h: the unit-test harness. A test file defines test functions and
** a main() that runs them with RUN(fn). CHECK records a failure with its
** file and line and carries on; each test prints one TAP line, "ok - name"
** or "not ok - name", which test/run.sh counts.
*/
#ifndef MJ_HARNESS_H
#define MJ_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int th_failed_total, th_failed_now, th_run;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      th_failed_now++;                                                                             \
      fprintf(stdout, "#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                 \
    }                                                                                              \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
  do {                                                                                             \
    long long th_a = (long long)(a), th_b = (long long)(b);                                        \
    if (th_a != th_b) {                                                                            \
      th_failed_now++;                                                                             \
      fprintf(stdout, "#   %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, th_a, \
              #b, th_b);                                                                           \
    }                                                                                              \
  } while (0)

#define CHECK_STR(a, b)                                                                            \
  do {                                                                                             \
    const char *th_a = (a), *th_b = (b);                                                           \
    if (!th_a || !th_b || strcmp(th_a, th_b) != 0) {                                               \
      th_failed_now++;                                                                             \
      fprintf(stdout, "#   %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,         \
              th_a ? th_a : "(null)", th_b ? th_b : "(null)");                                     \
    }                                                                                              \
  } while (0)

#define CHECK_CONTAINS(hay, needle)                                                                \
  do {                                                                                             \
    const char *th_h = (hay), *th_n = (needle);                                                    \
    if (!th_h || !strstr(th_h, th_n)) {                                                            \
      th_failed_now++;                                                                             \
      fprintf(stdout, "#   %s:%d: %s does not contain \"%s\"\n", __FILE__, __LINE__, #hay, th_n);  \
    }                                                                                              \
  } while (0)

#define RUN(fn)                                                                                    \
  do {                                                                                             \
    th_failed_now = 0;                                                                             \
    th_run++;                                                                                      \
    fn();                                                                                          \
    printf("%s - %s\n", th_failed_now ? "not ok" : "ok", #fn);                                     \
    fflush(stdout);                                                                                \
    th_failed_total += th_failed_now ? 1 : 0;                                                      \
  } while (0)

#define DONE() (th_failed_total ? 1 : 0)

/* A fresh temporary path for a database (caller removes it). */
static inline void th_tmpdb(char *out, size_t n, const char *tag) {
  const char *dir = getenv("TMPDIR");
  snprintf(out, n, "%s/majlis-test-%s-%ld.db", dir && *dir ? dir : "/tmp", tag, (long)getpid());
  remove(out);
  char w[600];
  snprintf(w, sizeof w, "%s-wal", out);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", out);
  remove(w);
}

#endif
