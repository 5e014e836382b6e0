/*
** sse.c: server-sent events. The hub holds a ring of recent events and a
** list of clients behind one mutex. A client's content reader writes what
** is pending; with nothing to write it suspends its connection (under the
** hub lock, so the hub never resumes a connection that is not suspended).
** The hub thread wakes on event_notify(), or every second to pick up events
** written by other processes (the command line), and resumes the clients
** that have something new or owe a heartbeat.
*/
#include "sse.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"

#define RING 8192
#define PEND_MAX (64 * 1024)

typedef struct Ev {
  int64_t id, sitting;
  char *text; /* the formatted SSE record */
  size_t len;
} Ev;

typedef struct Client {
  struct Client *prev, *next;
  struct MHD_Connection *conn;
  int64_t sitting, sent_id;
  int suspended, started;
  int64_t last_write;
  Buf pend;
  size_t off;
} Client;

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  Ev ring[RING];
  int head, count;  /* ring[head] is the oldest */
  int64_t base;     /* events with id <= base are only in the database */
  int64_t last_id;  /* highest id the hub has seen */
  Client *clients;
  int nclients;
  int running, stopping, kick;
  int heartbeat_ms;
  pthread_t th;
  Db *db;
} H = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void format_event(Buf *b, int64_t id, const char *type, const char *payload) {
  buf_printf(b, "id: %lld\nevent: %s\n", (long long)id, type);
  const char *p = payload;
  for (;;) {
    const char *nl = strchr(p, '\n');
    buf_puts(b, "data: ");
    buf_append(b, p, nl ? (size_t)(nl - p) : strlen(p));
    buf_putc(b, '\n');
    if (!nl) break;
    p = nl + 1;
  }
  buf_putc(b, '\n');
}

/* Loads events newer than last_id into the ring; hub lock held. */
static void load_new(void) {
  sqlite3_stmt *st = db_stmt(H.db, "SELECT id, coalesce(sitting_id,0), type, payload FROM event "
                                   "WHERE id > ?1 ORDER BY id LIMIT 2000");
  if (!st) return;
  sqlite3_bind_int64(st, 1, H.last_id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    Buf b;
    buf_init(&b, BUF_UNLIMITED);
    int64_t id = sqlite3_column_int64(st, 0);
    format_event(&b, id, (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
    if (H.count == RING) { /* evict the oldest */
      Ev *old = &H.ring[H.head];
      H.base = old->id;
      free(old->text);
      H.head = (H.head + 1) % RING;
      H.count--;
    }
    Ev *e = &H.ring[(H.head + H.count) % RING];
    e->id = id;
    e->sitting = sqlite3_column_int64(st, 1);
    e->len = b.n;
    e->text = buf_take(&b);
    H.count++;
    H.last_id = id;
  }
  db_done(st);
}

static void *hub_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&H.mu);
  while (!H.stopping) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int wait = H.heartbeat_ms / 2 < 1000 ? H.heartbeat_ms / 2 : 1000;
    if (wait < 10) wait = 10;
    ts.tv_sec += wait / 1000;
    ts.tv_nsec += (long)(wait % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
    if (!H.kick) pthread_cond_timedwait(&H.cv, &H.mu, &ts);
    H.kick = 0;
    if (H.stopping) break;
    load_new();
    int64_t now = mj_mono_ms();
    for (Client *c = H.clients; c; c = c->next)
      if (c->suspended && (c->sent_id < H.last_id || now - c->last_write >= H.heartbeat_ms)) {
        c->suspended = 0;
        MHD_resume_connection(c->conn);
      }
  }
  pthread_mutex_unlock(&H.mu);
  return NULL;
}

static void on_event(void) {
  pthread_mutex_lock(&H.mu);
  H.kick = 1;
  pthread_cond_signal(&H.cv);
  pthread_mutex_unlock(&H.mu);
}

int sse_init(const char *db_path, int heartbeat_ms) {
  pthread_mutex_lock(&H.mu);
  if (H.running) {
    pthread_mutex_unlock(&H.mu);
    return mj_fail(MJ_ECONFLICT, "the live-event hub is already running");
  }
  int rc = db_open(db_path, 0, &H.db);
  if (rc) {
    pthread_mutex_unlock(&H.mu);
    return rc;
  }
  H.last_id = H.base = event_last_id(H.db);
  H.head = H.count = 0;
  H.stopping = H.kick = 0;
  H.heartbeat_ms = heartbeat_ms;
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&H.cv, &ca);
  pthread_condattr_destroy(&ca);
  H.running = 1;
  pthread_create(&H.th, NULL, hub_main, NULL);
  pthread_mutex_unlock(&H.mu);
  event_set_listener(on_event);
  return MJ_OK;
}

void sse_stop(void) {
  pthread_mutex_lock(&H.mu);
  if (!H.running) {
    pthread_mutex_unlock(&H.mu);
    return;
  }
  H.stopping = 1;
  for (Client *c = H.clients; c; c = c->next)
    if (c->suspended) {
      c->suspended = 0;
      MHD_resume_connection(c->conn);
    }
  pthread_cond_signal(&H.cv);
  pthread_mutex_unlock(&H.mu);
  pthread_join(H.th, NULL);
  event_set_listener(NULL);
  /* wait (bounded) for the streams to end, so MHD_stop_daemon never meets a
  ** suspended connection */
  int64_t deadline = mj_mono_ms() + 5000;
  for (;;) {
    pthread_mutex_lock(&H.mu);
    int n = H.nclients;
    pthread_mutex_unlock(&H.mu);
    if (!n || mj_mono_ms() > deadline) break;
    struct timespec d = {0, 5000000};
    nanosleep(&d, NULL);
  }
  pthread_mutex_lock(&H.mu);
  for (int i = 0; i < H.count; i++) free(H.ring[(H.head + i) % RING].text);
  H.count = 0;
  db_close(H.db);
  H.db = NULL;
  H.running = 0;
  pthread_cond_destroy(&H.cv);
  pthread_mutex_unlock(&H.mu);
}

int sse_clients(void) {
  pthread_mutex_lock(&H.mu);
  int n = H.nclients;
  pthread_mutex_unlock(&H.mu);
  return n;
}

/* Replays events (after, upto] from the database into c->pend; called
** without the hub lock, on the worker thread's own connection. */
static void replay_from_db(Client *c, int64_t upto) {
  Db *db = db_thread();
  if (!db) return;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, type, payload FROM event WHERE id > ?1 AND id <= ?2 "
                                 "AND (?3 = 0 OR sitting_id = ?3) ORDER BY id LIMIT 500");
  if (!st) return;
  sqlite3_bind_int64(st, 1, c->sent_id);
  sqlite3_bind_int64(st, 2, upto);
  sqlite3_bind_int64(st, 3, c->sitting);
  int n = 0;
  int64_t last = c->sent_id;
  while (sqlite3_step(st) == SQLITE_ROW) {
    last = sqlite3_column_int64(st, 0);
    format_event(&c->pend, last, (const char *)sqlite3_column_text(st, 1),
                 (const char *)sqlite3_column_text(st, 2));
    n++;
  }
  db_done(st);
  c->sent_id = n < 500 ? upto : last;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max) {
  (void)pos;
  Client *c = cls;
  pthread_mutex_lock(&H.mu);
  if (c->off >= c->pend.n) {
    buf_reset(&c->pend);
    c->off = 0;
    if (!c->started) {
      buf_puts(&c->pend, ": majlis live events\nretry: 3000\n\n");
      c->started = 1;
    }
    if (H.stopping) {
      pthread_mutex_unlock(&H.mu);
      return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (c->sent_id < H.base) {
      int64_t upto = H.base;
      pthread_mutex_unlock(&H.mu);
      replay_from_db(c, upto);
      pthread_mutex_lock(&H.mu);
    }
    if (c->sent_id >= H.base) {
      for (int i = 0; i < H.count && c->pend.n < PEND_MAX; i++) {
        const Ev *e = &H.ring[(H.head + i) % RING];
        if (e->id <= c->sent_id) continue;
        if (!c->sitting || e->sitting == c->sitting) buf_append(&c->pend, e->text, e->len);
        c->sent_id = e->id;
      }
    }
    if (!c->pend.n) {
      if (mj_mono_ms() - c->last_write >= H.heartbeat_ms) {
        buf_puts(&c->pend, ": heartbeat\n\n");
      } else {
        c->suspended = 1;
        MHD_suspend_connection(c->conn);
        pthread_mutex_unlock(&H.mu);
        return 0;
      }
    }
  }
  size_t k = c->pend.n - c->off;
  if (k > max) k = max;
  memcpy(out, c->pend.p + c->off, k);
  c->off += k;
  c->last_write = mj_mono_ms();
  pthread_mutex_unlock(&H.mu);
  return (ssize_t)k;
}

static void sse_free(void *cls) {
  Client *c = cls;
  pthread_mutex_lock(&H.mu);
  if (c->prev) c->prev->next = c->next;
  else if (H.clients == c) H.clients = c->next;
  if (c->next) c->next->prev = c->prev;
  H.nclients--;
  pthread_mutex_unlock(&H.mu);
  buf_free(&c->pend);
  free(c);
}

void sse_open(Req *r, int64_t sitting_id, int64_t last_id, int from_now) {
  pthread_mutex_lock(&H.mu);
  int ok = H.running && !H.stopping;
  int64_t now_id = H.last_id;
  pthread_mutex_unlock(&H.mu);
  if (!ok) {
    reply_error(r, MJ_EIO, "the server is shutting down; reconnect shortly");
    r->status = 503;
    return;
  }
  Client *c = xcalloc(1, sizeof *c);
  c->sitting = sitting_id;
  c->sent_id = from_now ? now_id : last_id;
  c->last_write = mj_mono_ms();
  buf_init(&c->pend, BUF_UNLIMITED);
  r->kind = REPLY_STREAM;
  r->stream = c;
  r->status = 200;
  r->ctype = "text/event-stream; charset=utf-8";
  req_add_header(r, "Cache-Control", "no-store");
  req_add_header(r, "X-Accel-Buffering", "no");
}

struct MHD_Response *sse_response(Req *r) {
  Client *c = r->stream;
  c->conn = r->conn;
  struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read, c, sse_free);
  if (!resp) {
    buf_free(&c->pend);
    free(c);
    return NULL;
  }
  pthread_mutex_lock(&H.mu);
  c->next = H.clients;
  if (H.clients) H.clients->prev = c;
  H.clients = c;
  H.nclients++;
  pthread_mutex_unlock(&H.mu);
  return resp;
}
