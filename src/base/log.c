/*
** log.c: the error log. One line per message with time and level; a mutex
** keeps lines from interleaving across worker threads.
*/
#include "base.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_fp;
static LogLevel log_level = LOG_INFO;

void log_setlevel(LogLevel lv) { log_level = lv; }

int log_setfile(const char *path) {
  FILE *f = fopen(path, "a");
  if (!f) return mj_fail(MJ_EIO, "cannot open log file %s for appending", path);
  setvbuf(f, NULL, _IOLBF, 0);
  pthread_mutex_lock(&log_mu);
  if (log_fp && log_fp != stderr) fclose(log_fp);
  log_fp = f;
  pthread_mutex_unlock(&log_mu);
  return MJ_OK;
}

void log_msg(LogLevel lv, const char *fmt, ...) {
  static const char *names[] = {"error", "warn", "info", "debug"};
  if (lv > log_level) return;
  char ts[32];
  mj_iso8601(mj_now_ms() / 1000, ts, sizeof ts);
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&log_mu);
  FILE *f = log_fp ? log_fp : stderr;
  fprintf(f, "%s [%s] ", ts, names[lv]);
  vfprintf(f, fmt, ap);
  fputc('\n', f);
  fflush(f);
  pthread_mutex_unlock(&log_mu);
  va_end(ap);
}
