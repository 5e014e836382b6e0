/*
** sdmx.c: the SDMX 2.1 REST API and the downloads of open data.
**
**   GET /sdmx/2.1/data/{flow}[/{key}[/{provider}]]   data (flow: ID, AGENCY,ID or AGENCY,ID,VERSION)
**   GET /sdmx/2.1/dataflow[/{agency}[/{id}[/{version}]]]       structure messages;
**   GET /sdmx/2.1/datastructure[/...]  /sdmx/2.1/codelist[/...]  "all" and "latest" as in SDMX
**   GET /data/{flow}/data.csv, /data/{flow}/csv-metadata.json (CSV on the Web),
**       /data/{flow}/datapackage.json (Frictionless)
**
** Every data and structure reply starts from od_flow_resolve()/od_flow_get()
** /od_flows_list() for the request's Actor at the request's time, so a flow
** or version the reader may not see (a draft, an embargoed release, a
** restricted flow) is 404 on every path, as if it did not exist.
**
** Guards: a per-address token bucket on every path here (429 with
** Retry-After; setting opendata_rate_limit, requests per minute); the cells
** a data query selects are counted before anything is sent (413 above the
** setting opendata_max_cells); paging with "Range: items=A-B" (206 and
** Content-Range) or ?page=N&pageSize=M; ETag and Last-Modified from the
** version, its update and release time, answered with 304.
**
** Data are streamed: a producer thread with its own database connection
** runs the query into a 256 KiB ring; libmicrohttpd pulls the ring as the
** client reads (chunked). Memory stays flat whatever the size, and a slow
** client holds the producer, not the server's memory.
*/
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "odquery.h"
#include "opendata.h"
#include "opendata_web.h"
#include "web_int.h"

/* ---- small helpers ---- */

long long odweb_setting(Req *r, const char *key, long long dflt, long long lo, long long hi) {
  char *v = db_meta_get(r->db, key);
  long long n;
  if (!v || mj_parse_int(v, lo, hi, &n)) n = dflt;
  free(v);
  return n;
}

const char *odweb_base(Req *r) {
  char *pub = db_meta_get(r->db, "public_url");
  if (pub && *pub) {
    size_t n = strlen(pub);
    while (n && pub[n - 1] == '/') pub[--n] = 0;
    const char *s = arena_strdup(r->arena, pub);
    free(pub);
    return s;
  }
  free(pub);
  const char *host = req_header(r, "Host");
  int ok = host && *host && strlen(host) < 200;
  for (const char *p = host; ok && *p; p++)
    ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
         *p == ':' || *p == '[' || *p == ']';
  const char *proto = req_header(r, "X-Forwarded-Proto");
  return arena_printf(r->arena, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", ok ? host : "localhost");
}

/* A plain-text error (SDMX REST clients read the status and the text). */
static void od_error(Req *r, int status, const char *msg) {
  r->kind = REPLY_BUF;
  r->status = status;
  r->ctype = "text/plain; charset=utf-8";
  buf_reset(&r->out);
  buf_puts(&r->out, msg);
  buf_putc(&r->out, '\n');
}
static void od_fail(Req *r, int code) {
  const char *m = mj_errmsg();
  od_error(r, http_status_of(code), *m ? m : "error");
}

/* ---- rate limit ---- */

#define RL_SLOTS 4096
#define RL_PROBE 8
typedef struct RlSlot {
  char addr[48];
  double tokens;
  int64_t last_ms;
} RlSlot;
static RlSlot rl_slots[RL_SLOTS];
static pthread_mutex_t rl_mu = PTHREAD_MUTEX_INITIALIZER;

int odweb_rate_ok(Req *r) {
  long long rate = odweb_setting(r, "opendata_rate_limit", 600, 0, 1000000000); /* per minute; 0: off */
  if (!rate) return 1;
  const char *addr = r->remote ? r->remote : "-";
  uint32_t h = 2166136261u;
  for (const char *p = addr; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
  int64_t now = mj_mono_ms();
  double wait = 0;
  pthread_mutex_lock(&rl_mu);
  RlSlot *s = NULL, *oldest = NULL;
  for (int i = 0; i < RL_PROBE; i++) {
    RlSlot *c = &rl_slots[(h + (uint32_t)i) % RL_SLOTS];
    if (strcmp(c->addr, addr) == 0) {
      s = c;
      break;
    }
    if (!oldest || c->last_ms < oldest->last_ms) oldest = c;
  }
  if (!s) { /* a new address takes the least recently used slot of its probe run */
    s = oldest;
    mj_strlcpy(s->addr, addr, sizeof s->addr);
    s->tokens = (double)rate;
    s->last_ms = now;
  }
  s->tokens += (double)(now - s->last_ms) * (double)rate / 60000.0;
  if (s->tokens > (double)rate) s->tokens = (double)rate;
  s->last_ms = now;
  if (s->tokens >= 1.0) s->tokens -= 1.0;
  else wait = (1.0 - s->tokens) * 60.0 / (double)rate;
  pthread_mutex_unlock(&rl_mu);
  if (wait <= 0) return 1;
  long long secs = (long long)wait + 1;
  req_add_header(r, "Retry-After", arena_printf(r->arena, "%lld", secs));
  od_error(r, 429, arena_printf(r->arena, "too many requests from %s: the limit is %lld a minute; retry in %lld s",
                                addr, rate, secs));
  return 0;
}

/* ---- conditional requests ---- */

static void http_date(int64_t t, char out[40]) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 40, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

int odweb_not_modified(Req *r, const char *etag, int64_t lm) {
  req_add_header(r, "ETag", etag);
  if (lm > 0) {
    char d[40];
    http_date(lm, d);
    req_add_header(r, "Last-Modified", arena_strdup(r->arena, d));
  }
  const char *inm = req_header(r, "If-None-Match");
  int hit = 0;
  if (inm) {
    /* weak comparison: W/"x" and "x" are the same entity */
    const char *bare = etag[0] == 'W' ? etag + 2 : etag;
    hit = strcmp(inm, "*") == 0 || strstr(inm, bare) != NULL;
  } else if (lm > 0) {
    const char *ims = req_header(r, "If-Modified-Since");
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (ims && strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm)) hit = (int64_t)timegm(&tm) >= lm;
  }
  if (!hit) return 0;
  r->kind = REPLY_BUF;
  r->status = 304;
  r->ctype = NULL;
  buf_reset(&r->out);
  return 1;
}

static uint64_t fnv64(uint64_t h, const char *s) {
  if (!h) h = 1469598103934665603ull;
  for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return (h ^ 0xff) * 1099511628211ull; /* a separator, so "ab","c" differs from "a","bc" */
}

static int64_t iso_secs(const char *s) {
  int64_t t;
  return s && odq_parse_datetime(s, &t) == MJ_OK ? t : 0;
}

/* ---- content negotiation ---- */

typedef struct Choice {
  int fmt;     /* OdFormat, or -1 */
  int csv_v2;
} Choice;

/* Picks the data format: ?format= first (for browsers), else the Accept
** header's best match (q-values honoured), else SDMX-ML generic data (the
** SDMX 2.1 default). -1 when nothing offered is acceptable (406). */
static Choice choose_data_format(Req *r) {
  Choice c = {-1, 0};
  const char *f = req_query(r, "format");
  if (f) {
    if (strcmp(f, "sdmx-csv2") == 0) {
      c.fmt = OD_FMT_SDMX_CSV;
      c.csv_v2 = 1;
    } else {
      c.fmt = od_format_parse(f);
    }
    return c;
  }
  const char *acc = req_header(r, "Accept");
  if (!acc || !*acc) {
    c.fmt = OD_FMT_SDMX_ML_GENERIC;
    return c;
  }
  static const struct {
    const char *type;
    int fmt;
  } types[] = {
    {"application/vnd.sdmx.data+csv", OD_FMT_SDMX_CSV},
    {"text/csv", OD_FMT_SDMX_CSV},
    {"application/vnd.sdmx.data+json", OD_FMT_SDMX_JSON},
    {"application/json", OD_FMT_SDMX_JSON},
    {"application/vnd.sdmx.genericdata+xml", OD_FMT_SDMX_ML_GENERIC},
    {"application/vnd.sdmx.structurespecificdata+xml", OD_FMT_SDMX_ML_SS},
    {"application/xml", OD_FMT_SDMX_ML_GENERIC},
    {"text/xml", OD_FMT_SDMX_ML_GENERIC},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OD_FMT_XLSX},
    {"*/*", OD_FMT_SDMX_ML_GENERIC},
    {"application/*", OD_FMT_SDMX_ML_GENERIC},
    {"text/*", OD_FMT_SDMX_CSV},
  };
  double best = 0;
  const char *p = acc;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char item[256];
    if (len >= sizeof item) len = sizeof item - 1;
    memcpy(item, p, len);
    item[len] = 0;
    char *semi = strchr(item, ';');
    char *params = semi ? semi + 1 : "";
    if (semi) *semi = 0;
    char *t = item;
    while (*t == ' ' || *t == '\t') t++;
    size_t tl = strlen(t);
    while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t')) t[--tl] = 0;
    double q = 1.0;
    const char *qs = strstr(params, "q=");
    if (qs) q = strtod(qs + 2, NULL);
    int v2 = strstr(params, "version=2") != NULL;
    for (size_t i = 0; i < MJ_COUNT(types); i++)
      if (strcasecmp(t, types[i].type) == 0 && q > best) {
        best = q;
        c.fmt = types[i].fmt;
        c.csv_v2 = types[i].fmt == OD_FMT_SDMX_CSV && v2;
      }
    if (!end) break;
    p = end + 1;
  }
  return c;
}

/* ---- the streaming producer ---- */

#define RING (256 * 1024)
static atomic_int g_streams;

typedef struct Stream {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  char *ring;
  size_t head, len;
  int done, failed, cancelled, refs;
  /* the job: everything copied, since the request's memory may go first */
  char *db_path, *ref, *user_name, *address, *prepared, *base, *msgid, *format_name;
  Actor who;
  int64_t now;
  int fmt, lang, csv_labels, csv_v2;
  char *s[8]; /* the query's strings: key start end updated first last detail dimAtObs */
  long long offset, limit;
} Stream;

static void stream_unref(Stream *s) {
  pthread_mutex_lock(&s->mu);
  int left = --s->refs;
  pthread_mutex_unlock(&s->mu);
  if (left) return;
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
  free(s->ring);
  free(s->db_path);
  free(s->ref);
  free(s->user_name);
  free(s->address);
  free(s->prepared);
  free(s->base);
  free(s->msgid);
  free(s->format_name);
  for (int i = 0; i < 8; i++) free(s->s[i]);
  free(s);
  atomic_fetch_sub(&g_streams, 1);
}

/* The producer's sink: into the ring, waiting while it is full. */
static int ring_put(void *ctx, const char *p, size_t n) {
  Stream *s = ctx;
  pthread_mutex_lock(&s->mu);
  while (n) {
    while (s->len == RING && !s->cancelled) pthread_cond_wait(&s->cv, &s->mu);
    if (s->cancelled) {
      pthread_mutex_unlock(&s->mu);
      return mj_fail(MJ_EIO, "the client went away");
    }
    size_t tail = (s->head + s->len) % RING;
    size_t room = RING - s->len;
    size_t k = n < room ? n : room;
    if (k > RING - tail) k = RING - tail;
    memcpy(s->ring + tail, p, k);
    s->len += k;
    p += k;
    n -= k;
    pthread_cond_broadcast(&s->cv);
  }
  pthread_mutex_unlock(&s->mu);
  return 0;
}

static void *producer(void *arg) {
  Stream *s = arg;
  Db *db = NULL;
  Arena *a = arena_new();
  OdOut *out = xmalloc(sizeof *out);
  odout_init(out, ring_put, s);
  int rc = db_open(s->db_path, 0, &db);
  OdFlow *f = NULL;
  if (!rc) rc = od_flow_resolve(db, a, &s->who, s->now, s->ref, &f);
  OdqQuery q;
  if (!rc) {
    OdqParams p = {s->s[0], s->s[1], s->s[2], s->s[3], s->s[4], s->s[5], s->s[6], s->s[7], s->offset, s->limit};
    rc = odq_prepare(a, f, &p, &q);
  }
  if (!rc) rc = od_audit_download(db, &s->who, f, s->format_name);
  if (!rc) {
    OdWriteOpts o;
    memset(&o, 0, sizeof o);
    o.lang = s->lang;
    o.base_url = s->base;
    o.prepared = s->prepared;
    o.message_id = s->msgid;
    o.sender = f->agency;
    o.csv_labels = s->csv_labels;
    o.csv_v2 = s->csv_v2;
    rc = odq_write(db, a, &q, (OdFormat)s->fmt, &o, out);
  }
  if (rc && rc != MJ_EIO) log_warn("open data stream %s: %s", s->ref, mj_errmsg());
  if (db) db_close(db);
  arena_free(a);
  free(out);
  pthread_mutex_lock(&s->mu);
  if (rc) s->failed = 1;
  s->done = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  stream_unref(s);
  return NULL;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  Stream *s = cls;
  pthread_mutex_lock(&s->mu);
  while (!s->len && !s->done) pthread_cond_wait(&s->cv, &s->mu);
  ssize_t n;
  if (s->len) {
    size_t k = s->len < max ? s->len : max;
    if (k > RING - s->head) k = RING - s->head;
    memcpy(buf, s->ring + s->head, k);
    s->head = (s->head + k) % RING;
    s->len -= k;
    n = (ssize_t)k;
    pthread_cond_broadcast(&s->cv);
  } else {
    n = s->failed ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
  }
  pthread_mutex_unlock(&s->mu);
  return n;
}

static void stream_free(void *cls) {
  Stream *s = cls;
  pthread_mutex_lock(&s->mu);
  s->cancelled = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  stream_unref(s);
}

static char *dup0(const char *s) { return s ? xstrdup(s) : NULL; }

/* ---- data ---- */

static const char *paging_from(Req *r, long long *offset, long long *limit, int *ranged, const char **err) {
  *offset = *limit = 0;
  *ranged = 0;
  *err = NULL;
  const char *range = req_header(r, "Range");
  const char *page = req_query(r, "page"), *size = req_query(r, "pageSize");
  if (range) {
    long long a0, b0;
    const char *dash;
    if (strncmp(range, "items=", 6) != 0 || !(dash = strchr(range + 6, '-'))) {
      *err = "Range must be items=FIRST-LAST (0-based, inclusive), e.g. items=0-999";
      return NULL;
    }
    char first[24], last[24];
    size_t fl = (size_t)(dash - (range + 6));
    if (fl >= sizeof first || strlen(dash + 1) >= sizeof last) {
      *err = "Range: the numbers are too long";
      return NULL;
    }
    memcpy(first, range + 6, fl);
    first[fl] = 0;
    mj_strlcpy(last, dash + 1, sizeof last);
    if (mj_parse_int(first, 0, INT64_MAX / 2, &a0) || mj_parse_int(last, a0, INT64_MAX / 2, &b0)) {
      *err = "Range must be items=FIRST-LAST with FIRST <= LAST, e.g. items=0-999";
      return NULL;
    }
    *offset = a0;
    *limit = b0 - a0 + 1;
    *ranged = 1;
    return "range";
  }
  if (page || size) {
    long long pg = 1, ps = 1000;
    if ((page && mj_parse_int(page, 1, 1000000000, &pg)) || (size && mj_parse_int(size, 1, 100000000, &ps))) {
      *err = "page is a page number from 1 and pageSize a number of observations from 1";
      return NULL;
    }
    *offset = (pg - 1) * ps;
    *limit = ps;
    *ranged = 2;
    return "page";
  }
  return NULL;
}

/* The Link header of the next page: this request's path and every query
** parameter in its order, URL-encoded again (they arrive decoded), with
** page replaced by `pg` (added when the request gave only pageSize). */
static const char *next_page_link(Req *r, long long pg) {
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  buf_putc(&b, '<');
  /* the path: keep '/' and the characters SDMX paths use (',' '+' '.' ...),
  ** encode the rest, '<' and '>' above all */
  static const char hx[] = "0123456789ABCDEF";
  for (const unsigned char *c = (const unsigned char *)r->path; *c; c++) {
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("/-._~,+:@!$'()*;=", *c)) {
      buf_putc(&b, (char)*c);
    } else {
      char e[3] = {'%', hx[*c >> 4], hx[*c & 15]};
      buf_append(&b, e, 3);
    }
  }
  int seen = 0;
  for (int i = 0; i < r->nquery; i++) {
    buf_putc(&b, seen++ ? '&' : '?');
    if (strcmp(r->query[i].name, "page") == 0)
      html_printf(&b, "page=%L", pg);
    else
      html_printf(&b, "%U=%U", r->query[i].name, r->query[i].value ? r->query[i].value : "");
  }
  if (!req_query(r, "page")) html_printf(&b, "%Rpage=%L", seen ? "&" : "?", pg);
  html_printf(&b, ">; rel=\"next\"");
  const char *s = arena_strdup(r->arena, b.p);
  buf_free(&b);
  return s;
}

/* The data reply for flow reference `ref` and key `key`; fmt_forced >= 0
** for the fixed downloads (data.csv). */
static void data_reply(Req *r, const char *ref, const char *key, int fmt_forced) {
  if (!odweb_rate_ok(r)) return;
  int64_t now = (int64_t)time(NULL);
  OdFlow *f;
  int rc = od_flow_resolve(r->db, r->arena, &r->who.actor, now, ref, &f);
  if (rc) {
    od_fail(r, rc);
    return;
  }
  Choice ch = {fmt_forced, 0};
  if (fmt_forced < 0) ch = choose_data_format(r);
  if (ch.fmt < 0) {
    if (req_query(r, "format"))
      od_error(r, 400, "format must be one of csv, sdmx-csv, sdmx-json (json), sdmx-ml (xml), structurespecific, jsonstat, xlsx");
    else
      od_error(r, 406, "none of the media types in Accept is served here; ask for application/vnd.sdmx.data+csv;version=1.0.0, "
                       "application/vnd.sdmx.data+json;version=1.0.0, application/vnd.sdmx.genericdata+xml;version=2.1, "
                       "application/vnd.sdmx.structurespecificdata+xml;version=2.1 or use ?format=");
    return;
  }
  long long offset, limit;
  int ranged;
  const char *perr;
  paging_from(r, &offset, &limit, &ranged, &perr);
  if (perr) {
    od_error(r, 400, perr);
    return;
  }
  const char *provider = r->pathvars[2];
  if (provider && strcmp(provider, "all") != 0 && strcmp(provider, f->agency) != 0) {
    od_error(r, 404, "no data from that provider: this service is the only provider of its dataflows (use all)");
    return;
  }
  OdqParams p = {key,
                 req_query(r, "startPeriod"),
                 req_query(r, "endPeriod"),
                 req_query(r, "updatedAfter"),
                 req_query(r, "firstNObservations"),
                 req_query(r, "lastNObservations"),
                 req_query(r, "detail"),
                 req_query(r, "dimensionAtObservation"),
                 offset,
                 limit};
  OdqQuery q;
  if ((rc = odq_prepare(r->arena, f, &p, &q))) {
    od_fail(r, rc);
    return;
  }
  const char *labels = req_query(r, "labels");
  if (labels && strcmp(labels, "both") != 0 && strcmp(labels, "id") != 0) {
    od_error(r, 400, "labels must be id or both");
    return;
  }
  /* the representation's identity: the version and its times, the format,
  ** the language and the query string, the page */
  uint64_t h = fnv64(0, f->agency);
  h = fnv64(h, f->code);
  h = fnv64(h, f->ver.version);
  h = fnv64(h, f->ver.updated_at);
  h = fnv64(h, f->ver.release_at);
  h = fnv64(h, od_format_name((OdFormat)ch.fmt));
  h = fnv64(h, ch.csv_v2 ? "v2" : "v1");
  h = fnv64(h, i18n_code(r->lang));
  h = fnv64(h, key);
  for (int i = 0; i < r->nquery; i++) {
    h = fnv64(h, r->query[i].name);
    h = fnv64(h, r->query[i].value);
  }
  h = fnv64(h, req_header(r, "Range"));
  const char *etag = arena_printf(r->arena, "W/\"od%lld-%016llx\"", (long long)f->ver.id, (unsigned long long)h);
  int64_t lm = iso_secs(f->ver.updated_at), rel = iso_secs(f->ver.release_at);
  if (rel > lm && rel <= now) lm = rel;
  int is_public = strcmp(f->access, "public") == 0 && f->ver.status && strcmp(f->ver.status, "published") == 0;
  req_add_header(r, "Cache-Control", is_public ? "public, no-cache" : "private, no-cache");
  req_add_header(r, "Vary", "Accept, Accept-Language, Cookie, Authorization, Range");
  if (odweb_not_modified(r, etag, lm)) return;
  /* count before sending anything */
  if ((rc = odq_count(r->db, &q))) {
    od_fail(r, rc);
    return;
  }
  long long maxc = odweb_setting(r, "opendata_max_cells", 1000000, 1, 1000000000000LL);
  int64_t total = odq_total(&q), cells = odq_cells(&q);
  if (cells > maxc) {
    od_error(r, 413, arena_printf(r->arena,
                                  "the query selects %lld cells, more than the limit of %lld; narrow it (key, startPeriod, "
                                  "endPeriod, lastNObservations) or take it in pages (Range: items=0-%lld, or "
                                  "?page=1&pageSize=%lld)",
                                  (long long)cells, maxc, maxc - 1, maxc));
    return;
  }
  if (ch.fmt == OD_FMT_XLSX && cells >= 1048576) {
    od_error(r, 413, arena_printf(r->arena, "a spreadsheet holds at most 1048575 rows and the query selects %lld; "
                                            "narrow it, take it in pages, or download CSV", (long long)cells));
    return;
  }
  if (ranged && offset > 0 && offset >= total) {
    req_add_header(r, "Content-Range", arena_printf(r->arena, "items */%lld", (long long)total));
    od_error(r, 416, arena_printf(r->arena, "the page starts at %lld but the query selects %lld cells", offset, (long long)total));
    return;
  }
  if (!total && !ranged) {
    /* SDMX: a query that matches nothing is 404 NoResultsFound */
    od_error(r, 404, "no data match the query (NoResultsFound)");
    return;
  }
  if (ranged == 1) {
    r->status = 206;
    req_add_header(r, "Content-Range", arena_printf(r->arena, "items %lld-%lld/%lld", offset,
                                                     offset + (cells ? cells : 1) - 1, (long long)total));
  } else if (ranged == 2 && offset + cells < total) {
    long long pg = offset / (limit ? limit : 1) + 2;
    req_add_header(r, "Link", next_page_link(r, pg));
  }
  if (req_query(r, "format") || fmt_forced >= 0)
    req_add_header(r, "Content-Disposition",
                   arena_printf(r->arena, "attachment; filename=\"%s-%s-%s.%s\"", f->agency, f->code, f->ver.version,
                                od_format_ext((OdFormat)ch.fmt)));
  r->ctype = od_format_mime((OdFormat)ch.fmt);
  if (ch.fmt == OD_FMT_SDMX_CSV && ch.csv_v2) r->ctype = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8";
  if (strcmp(r->method, "HEAD") == 0) return;
  if (atomic_fetch_add(&g_streams, 1) >= 64) {
    atomic_fetch_sub(&g_streams, 1);
    req_add_header(r, "Retry-After", "5");
    od_error(r, 503, "too many downloads are running; retry in a few seconds");
    return;
  }
  Stream *s = xcalloc(1, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  s->ring = xmalloc(RING);
  s->refs = 2;
  s->db_path = xstrdup(db_path(r->db));
  s->ref = xstrdup(arena_printf(r->arena, "%s,%s,%s", f->agency, f->code, f->ver.version));
  s->user_name = dup0(r->who.actor.user_name);
  s->address = dup0(r->who.actor.address);
  s->who = r->who.actor;
  s->who.user_name = s->user_name;
  s->who.address = s->address;
  s->now = now;
  s->fmt = ch.fmt;
  s->csv_v2 = ch.csv_v2;
  s->csv_labels = labels && strcmp(labels, "both") == 0;
  s->lang = (int)r->lang;
  char prepared[32];
  mj_iso8601(now, prepared, sizeof prepared);
  s->prepared = xstrdup(prepared);
  s->base = xstrdup(odweb_base(r));
  s->msgid = xstrdup(arena_printf(r->arena, "IREF%016llx", (unsigned long long)h));
  s->format_name = xstrdup(od_format_name((OdFormat)ch.fmt));
  const char *vals[8] = {key, p.start_period, p.end_period, p.updated_after, p.first_n, p.last_n, p.detail, p.dim_at_obs};
  for (int i = 0; i < 8; i++) s->s[i] = dup0(vals[i]);
  s->offset = offset;
  s->limit = limit;
  pthread_t t;
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&t, &at, producer, s) != 0) {
    pthread_attr_destroy(&at);
    s->refs = 1;
    stream_unref(s);
    od_error(r, 503, "cannot start the download; retry");
    return;
  }
  pthread_attr_destroy(&at);
  r->kind = REPLY_CALLBACK;
  r->body_read = stream_read;
  r->body_free = stream_free;
  r->body_cls = s;
}

void sdmx_data(Req *r) {
  const char *key = r->pathvars[1];
  data_reply(r, r->pathvars[0], key && strcmp(key, "all") != 0 ? key : NULL, -1);
}

void od_download_csv(Req *r) { data_reply(r, r->pathvars[0], req_query(r, "key"), OD_FMT_CSV); }

/* ---- metadata beside the downloads ---- */

static void meta_reply(Req *r, int datapackage) {
  if (!odweb_rate_ok(r)) return;
  int64_t now = (int64_t)time(NULL);
  OdFlow *f;
  int rc = od_flow_resolve(r->db, r->arena, &r->who.actor, now, r->pathvars[0], &f);
  if (rc) {
    od_fail(r, rc);
    return;
  }
  uint64_t h = fnv64(fnv64(fnv64(0, f->ver.version), f->ver.updated_at), f->ver.release_at);
  h = fnv64(fnv64(h, i18n_code(r->lang)), odweb_base(r));
  const char *etag = arena_printf(r->arena, "W/\"odm%d%lld-%016llx\"", datapackage, (long long)f->ver.id, (unsigned long long)h);
  req_add_header(r, "Vary", "Accept-Language, Cookie, Authorization");
  if (odweb_not_modified(r, etag, iso_secs(f->ver.updated_at))) return;
  OdOut *out = xmalloc(sizeof *out);
  odout_init_buf(out, &r->out);
  const char *base = odweb_base(r);
  const char *seg = arena_printf(r->arena, "%s,%s", f->agency, f->code);
  if (datapackage) {
    od_write_datapackage(out, f, (int)r->lang, base);
    r->ctype = "application/json; charset=utf-8";
  } else {
    od_write_csvw(out, f, (int)r->lang, arena_printf(r->arena, "%s/data/%s/data.csv", base, seg));
    r->ctype = "application/csvm+json; charset=utf-8";
  }
  rc = odout_flush(out);
  free(out);
  if (rc) od_fail(r, rc);
}

void od_download_csvw(Req *r) { meta_reply(r, 0); }
void od_download_datapackage(Req *r) { meta_reply(r, 1); }

/* ---- structure ---- */

typedef enum { ST_XML, ST_JSON } StructFmt;

static int choose_struct_format(Req *r, StructFmt *out) {
  const char *f = req_query(r, "format");
  if (f) {
    if (!strcmp(f, "xml") || !strcmp(f, "sdmx-ml")) *out = ST_XML;
    else if (!strcmp(f, "json") || !strcmp(f, "sdmx-json")) *out = ST_JSON;
    else return 0;
    return 1;
  }
  const char *acc = req_header(r, "Accept");
  *out = ST_XML;
  if (!acc || strstr(acc, "*/*") || strstr(acc, "xml")) {
    if (acc && (strstr(acc, "structure+json") || (strstr(acc, "application/json") && !strstr(acc, "xml")))) *out = ST_JSON;
    return 1;
  }
  if (strstr(acc, "json")) {
    *out = ST_JSON;
    return 1;
  }
  return 0;
}

/* "all" or absent: NULL. */
static const char *part(Req *r, int i) {
  const char *v = r->pathvars[i];
  return v && strcmp(v, "all") != 0 ? v : NULL;
}

static int version_matches(const char *want, const char *have) {
  return !want || !strcmp(want, "latest") || !strcmp(want, "*") || !strcmp(want, "+") || (have && !strcmp(want, have));
}

static void struct_reply(Req *r, OdStructMsg *m) {
  StructFmt sf;
  if (!choose_struct_format(r, &sf)) {
    od_error(r, 406, "structures are served as application/vnd.sdmx.structure+xml;version=2.1 or "
                     "application/vnd.sdmx.structure+json;version=1.0 (or ?format=xml|json)");
    return;
  }
  const char *refs = req_query(r, "references");
  if (refs && strcmp(refs, "none") && strcmp(refs, "children") && strcmp(refs, "descendants") && strcmp(refs, "all") &&
      strcmp(refs, "datastructure") && strcmp(refs, "codelist")) {
    od_error(r, 400, "references must be none, children, descendants, all, datastructure or codelist");
    return;
  }
  const char *detail = req_query(r, "detail");
  if (detail && strcmp(detail, "full") != 0) {
    od_error(r, 501, "only detail=full is implemented");
    return;
  }
  if (refs && strcmp(refs, "none") != 0) m->with_codelists = 1;
  if (m->kind == OD_STRUCT_DATASTRUCTURE && !(refs && strcmp(refs, "none") != 0)) m->with_codelists = 0;
  char prepared[32];
  mj_iso8601((int64_t)time(NULL), prepared, sizeof prepared);
  OdWriteOpts o;
  memset(&o, 0, sizeof o);
  o.lang = (int)r->lang;
  o.prepared = prepared;
  o.sender = OD_AGENCY;
  o.message_id = "IREF-STRUCTURE";
  OdOut *out = xmalloc(sizeof *out);
  odout_init_buf(out, &r->out);
  if (sf == ST_XML) {
    od_write_structure_xml(out, m, &o);
    r->ctype = "application/vnd.sdmx.structure+xml; version=2.1";
  } else {
    od_write_structure_json(out, m, &o);
    r->ctype = "application/vnd.sdmx.structure+json; version=1.0; charset=utf-8";
  }
  int rc = odout_flush(out);
  free(out);
  if (rc) {
    od_fail(r, rc);
    return;
  }
  /* the ETag is the body's hash without the prepared time */
  uint64_t h = 0;
  const char *prep = strstr(r->out.p, prepared);
  Buf tmp;
  buf_init(&tmp, BUF_UNLIMITED);
  if (prep) {
    buf_append(&tmp, r->out.p, (size_t)(prep - r->out.p));
    h = fnv64(h, tmp.p);
    h = fnv64(h, prep + strlen(prepared));
  } else {
    h = fnv64(h, r->out.p);
  }
  buf_free(&tmp);
  req_add_header(r, "Vary", "Accept, Accept-Language, Cookie, Authorization");
  req_add_header(r, "Cache-Control", "no-cache");
  odweb_not_modified(r, arena_printf(r->arena, "W/\"st%016llx\"", (unsigned long long)h), 0);
}

/* The flows of a dataflow or datastructure query the reader may see. */
static int visible_flows(Req *r, OdFlow ***flows, int *n) {
  return od_flows_list(r->db, r->arena, &r->who.actor, (int64_t)time(NULL), NULL, flows, n);
}

void sdmx_dataflow(Req *r) {
  if (!odweb_rate_ok(r)) return;
  const char *agency = part(r, 0), *id = part(r, 1), *version = r->pathvars[2];
  if (version && !strcmp(version, "all")) version = NULL;
  OdStructMsg m;
  memset(&m, 0, sizeof m);
  m.kind = OD_STRUCT_DATAFLOW;
  int rc;
  if (id) {
    OdFlow *f;
    rc = od_flow_get(r->db, r->arena, &r->who.actor, (int64_t)time(NULL), agency, id, version, &f);
    if (rc) {
      od_fail(r, rc);
      return;
    }
    if (r->pathvars[2] && !strcmp(r->pathvars[2], "all") && f->nversions > 1) { /* every visible version */
      m.flows = arena_alloc(r->arena, sizeof(OdFlow *) * (size_t)f->nversions);
      for (int i = 0; i < f->nversions; i++) {
        OdFlow *c = arena_alloc(r->arena, sizeof *c);
        *c = *f;
        c->ver = f->versions[i];
        m.flows[m.nflows++] = c;
      }
    } else {
      m.flows = arena_alloc(r->arena, sizeof(OdFlow *));
      m.flows[m.nflows++] = f;
    }
  } else {
    OdFlow **all;
    int n;
    if ((rc = visible_flows(r, &all, &n))) {
      od_fail(r, rc);
      return;
    }
    m.flows = arena_alloc(r->arena, sizeof(OdFlow *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
      if (!agency || !strcmp(agency, all[i]->agency)) m.flows[m.nflows++] = all[i];
  }
  if (!m.nflows) {
    od_error(r, 404, "no dataflow matches (NoResultsFound)");
    return;
  }
  struct_reply(r, &m);
}

void sdmx_datastructure(Req *r) {
  if (!odweb_rate_ok(r)) return;
  const char *agency = part(r, 0), *id = part(r, 1), *version = r->pathvars[2];
  if (version && !strcmp(version, "all")) version = NULL;
  OdFlow **all;
  int n, rc;
  if ((rc = visible_flows(r, &all, &n))) {
    od_fail(r, rc);
    return;
  }
  OdStructMsg m;
  memset(&m, 0, sizeof m);
  m.kind = OD_STRUCT_DATASTRUCTURE;
  m.flows = arena_alloc(r->arena, sizeof(OdFlow *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    const OdFlow *f = all[i];
    if ((agency && strcmp(agency, f->dsd_agency)) || (id && strcmp(id, f->dsd_code)) || !version_matches(version, f->dsd_version))
      continue;
    int dup = 0;
    for (int k = 0; k < m.nflows; k++) dup |= m.flows[k]->dsd_id == f->dsd_id;
    if (!dup) m.flows[m.nflows++] = all[i];
  }
  if (!m.nflows) {
    od_error(r, 404, "no data structure matches (NoResultsFound)");
    return;
  }
  struct_reply(r, &m);
}

void sdmx_codelist(Req *r) {
  if (!odweb_rate_ok(r)) return;
  const char *agency = part(r, 0), *id = part(r, 1), *version = r->pathvars[2];
  if (version && !strcmp(version, "all")) version = NULL;
  OdStructMsg m;
  memset(&m, 0, sizeof m);
  m.kind = OD_STRUCT_CODELIST;
  int rc;
  if (id && version && strcmp(version, "latest") != 0) {
    const OdCodelist *cl;
    if ((rc = od_codelist_get(r->db, r->arena, agency, id, version, &cl))) {
      od_fail(r, rc);
      return;
    }
    m.codelists = arena_alloc(r->arena, sizeof(OdCodelist *));
    m.codelists[m.ncodelists++] = cl;
  } else {
    const OdCodelist **all;
    int n;
    if ((rc = od_codelists_list(r->db, r->arena, agency, &all, &n))) {
      od_fail(r, rc);
      return;
    }
    m.codelists = arena_alloc(r->arena, sizeof(OdCodelist *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
      if (id && strcmp(id, all[i]->code)) continue;
      if (version && !strcmp(version, "latest")) { /* only the highest version of each list */
        int newer = 0;
        for (int k = 0; k < n; k++)
          newer |= k != i && !strcmp(all[k]->agency, all[i]->agency) && !strcmp(all[k]->code, all[i]->code) &&
                   strverscmp(all[k]->version, all[i]->version) > 0;
        if (newer) continue;
      }
      m.codelists[m.ncodelists++] = all[i];
    }
  }
  if (!m.ncodelists) {
    od_error(r, 404, "no code list matches (NoResultsFound)");
    return;
  }
  struct_reply(r, &m);
}
