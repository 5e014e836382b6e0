/*
** odquery.c: the data query engine (see odquery.h). Reads observations
** only through od_obs_each() of opendata.c, which applies the key, period,
** updatedAfter and first/last-N rules to the version the caller resolved
** for its Actor; adds the count that the 413 guard and the pager need,
** paging, the series boundaries the writers want, the SDMX detail levels
** and dimensionAtObservation.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "odquery.h"

/* Returned by a callback to stop od_obs_each at the end of a page; never
** escapes this file (MjCode values are small). */
#define ODQ_STOP 0x5709

int odq_parse_detail(const char *s, OdDetail *out) {
  static const char *names[] = {"full", "dataonly", "serieskeysonly", "nodata"};
  if (!s || !*s) {
    *out = OD_DETAIL_FULL;
    return MJ_OK;
  }
  for (int i = 0; i < 4; i++)
    if (strcmp(s, names[i]) == 0) {
      *out = (OdDetail)i;
      return MJ_OK;
    }
  return mj_fail(MJ_EINVAL, "detail must be one of full, dataonly, serieskeysonly, nodata (got '%s')", s);
}

static int dig(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}
static int numv(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

int odq_parse_datetime(const char *s, int64_t *out) {
  const char *usage = "an ISO 8601 date or date-time such as 2024-05-01 or 2024-05-01T09:00:00Z";
  size_t n = s ? strlen(s) : 0;
  if (n < 10 || !dig(s, 4) || s[4] != '-' || !dig(s + 5, 2) || s[7] != '-' || !dig(s + 8, 2))
    return mj_fail(MJ_EINVAL, "updatedAfter '%s' is not %s", s ? s : "", usage);
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  int y = numv(s, 4), mo = numv(s + 5, 2), d = numv(s + 8, 2);
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1]) return mj_fail(MJ_EINVAL, "updatedAfter '%s' is not a valid date", s);
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  const char *p = s + 10;
  int64_t off = 0;
  if (*p == 'T') {
    p++;
    if (!dig(p, 2) || p[2] != ':' || !dig(p + 3, 2)) return mj_fail(MJ_EINVAL, "updatedAfter '%s' is not %s", s, usage);
    tm.tm_hour = numv(p, 2);
    tm.tm_min = numv(p + 3, 2);
    p += 5;
    if (*p == ':' && dig(p + 1, 2)) {
      tm.tm_sec = numv(p + 1, 2);
      p += 3;
      if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) {
        }
    }
    if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) return mj_fail(MJ_EINVAL, "updatedAfter '%s' is not a valid time", s);
    if (*p == 'Z') p++;
    else if (*p == '+' || *p == '-' || *p == ' ') { /* ' ': a '+' decoded from a URL */
      int sign = *p == '-' ? -1 : 1;
      p++;
      if (dig(p, 2) && p[2] == ':' && dig(p + 3, 2)) {
        off = sign * (int64_t)(numv(p, 2) * 3600 + numv(p + 3, 2) * 60);
        p += 5;
      } else if (dig(p, 4)) {
        off = sign * (int64_t)(numv(p, 2) * 3600 + numv(p + 2, 2) * 60);
        p += 4;
      } else if (dig(p, 2)) {
        off = sign * (int64_t)numv(p, 2) * 3600;
        p += 2;
      } else {
        return mj_fail(MJ_EINVAL, "updatedAfter '%s': the zone must be Z, +HH:MM or -HH:MM", s);
      }
    }
  }
  if (*p) return mj_fail(MJ_EINVAL, "updatedAfter '%s' is not %s", s, usage);
  *out = (int64_t)timegm(&tm) - off;
  return MJ_OK;
}

static int parse_n(const char *s, const char *name, int *out) {
  long long v;
  *out = 0;
  if (!s || !*s) return MJ_OK;
  if (mj_parse_int(s, 1, 100000000, &v)) return mj_fail(MJ_EINVAL, "%s must be a whole number from 1 (got '%s')", name, s);
  *out = (int)v;
  return MJ_OK;
}

/* The period bound rule of od_obs_each: a date-time gives its date, a
** period its first (start) or last (end) day. */
static int bound(const char *p, int want_end, const char *name, char out[11]) {
  char s[11], e[11], fq;
  out[0] = 0;
  if (!p || !*p) return MJ_OK;
  char head[11];
  mj_strlcpy(head, p, sizeof head);
  const char *use = strlen(p) > 10 && p[10] == 'T' ? head : p;
  if (od_period_parse(use, s, e, &fq)) {
    char why[300];
    mj_strlcpy(why, mj_errmsg(), sizeof why);
    return mj_fail(MJ_EINVAL, "%s: %s", name, why);
  }
  mj_strlcpy(out, want_end ? e : s, 11);
  return MJ_OK;
}

int odq_prepare(Arena *a, const OdFlow *f, const OdqParams *p, OdqQuery *q) {
  memset(q, 0, sizeof *q);
  q->flow = f;
  q->obs_dim = -1;
  int rc = od_key_parse(a, f, p->key, &q->key);
  if (rc) return rc;
  q->q.key = &q->key;
  char tmp[11];
  if ((rc = bound(p->start_period, 0, "startPeriod", tmp))) return rc;
  if ((rc = bound(p->end_period, 1, "endPeriod", tmp))) return rc;
  q->q.start_period = p->start_period && *p->start_period ? arena_strdup(a, p->start_period) : NULL;
  q->q.end_period = p->end_period && *p->end_period ? arena_strdup(a, p->end_period) : NULL;
  if (p->updated_after && *p->updated_after) {
    if ((rc = odq_parse_datetime(p->updated_after, &q->q.updated_after))) return rc;
    if (q->q.updated_after < 0) q->q.updated_after = 0;
  }
  if ((rc = parse_n(p->first_n, "firstNObservations", &q->q.first_n))) return rc;
  if ((rc = parse_n(p->last_n, "lastNObservations", &q->q.last_n))) return rc;
  if ((rc = odq_parse_detail(p->detail, &q->detail))) return rc;
  if (p->dim_at_obs && *p->dim_at_obs && strcmp(p->dim_at_obs, f->comps[f->time_idx].code) != 0) {
    if (strcmp(p->dim_at_obs, "AllDimensions") == 0) q->obs_dim = -2;
    else if ((q->obs_dim = odw_dim_index(f, p->dim_at_obs)) < 0)
      return mj_fail(MJ_EINVAL, "dimensionAtObservation must be %s, AllDimensions or a dimension of %s (got '%s')",
                     f->comps[f->time_idx].code, f->code, p->dim_at_obs);
  }
  if (p->offset < 0 || p->limit < 0) return mj_fail(MJ_EINVAL, "the page must not be negative");
  q->offset = p->offset;
  q->limit = p->limit;
  return MJ_OK;
}

int odq_count(Db *db, OdqQuery *q) {
  char sp[11] = "", ep[11] = "";
  int rc;
  if ((rc = bound(q->q.start_period, 0, "startPeriod", sp)) || (rc = bound(q->q.end_period, 1, "endPeriod", ep))) return rc;
  /* od_obs_count makes od_obs_each's walk (the matching series, then each
  ** one's observations through the (series_id, period) primary key) with
  ** an aggregate per series: no observation is read out. */
  return od_obs_count(db, q->flow, &q->q, &q->nseries, &q->nobs, &q->max_updated);
}

static int series_level(const OdqQuery *q) {
  return q->detail == OD_DETAIL_SERIESKEYSONLY || q->detail == OD_DETAIL_NODATA;
}

int64_t odq_total(const OdqQuery *q) { return series_level(q) ? q->nseries : q->nobs; }

int64_t odq_cells(const OdqQuery *q) {
  int64_t t = odq_total(q) - q->offset;
  if (t < 0) t = 0;
  if (q->limit && t > q->limit) t = q->limit;
  return t;
}

/* ---- running ---- */

typedef struct Run {
  const OdqQuery *q;
  const OdqCallbacks *cb;
  void *ctx;
  int64_t cur;        /* current series id (0: none) */
  int open;           /* a series was begun and not ended */
  int64_t skipped, given;
} Run;

static int page_full(Run *r) { return r->q->limit && r->given >= r->q->limit; }

static int on_obs(void *arg, const OdFlow *f, const OdObs *o) {
  (void)f;
  Run *r = arg;
  int rc;
  int new_series = o->series_id != r->cur;
  if (series_level(r->q)) { /* one cell per series */
    if (!new_series) return 0;
    r->cur = o->series_id;
    if (r->skipped < r->q->offset) {
      r->skipped++;
      return 0;
    }
    if (page_full(r)) return ODQ_STOP;
    OdSeriesView v = {o->key, o->dims, o->series_attrs ? o->series_attrs : "{}", NULL};
    if (r->cb->series_begin && (rc = r->cb->series_begin(r->ctx, &v))) return rc;
    if (r->cb->series_end && (rc = r->cb->series_end(r->ctx))) return rc;
    r->given++;
    return 0;
  }
  if (r->skipped < r->q->offset) {
    r->skipped++;
    return 0;
  }
  if (page_full(r)) return ODQ_STOP;
  OdSeriesView v = {o->key, o->dims, o->series_attrs ? o->series_attrs : "{}", NULL};
  if (new_series) {
    if (r->open && r->cb->series_end && (rc = r->cb->series_end(r->ctx))) return rc;
    r->open = 0;
    r->cur = o->series_id;
    if (r->cb->series_begin && (rc = r->cb->series_begin(r->ctx, &v))) return rc;
    r->open = 1;
  }
  if (r->cb->obs && (rc = r->cb->obs(r->ctx, &v, o))) return rc;
  r->given++;
  return 0;
}

/* Cross sections: order by (key without the observation dimension, period,
** the observation dimension's code). */
static int g_xdim, g_ndims; /* set under the sort below; qsort has no context argument */
static int cmp_cross(const OdObs *a, const OdObs *b, int xdim, int ndims) {
  for (int d = 0; d < ndims; d++) {
    if (d == xdim) continue;
    int c = strcmp(a->dims[d], b->dims[d]);
    if (c) return c;
  }
  int c = strcmp(a->period_start ? a->period_start : "", b->period_start ? b->period_start : "");
  if (!c) c = strcmp(a->period, b->period);
  if (!c) c = strcmp(a->dims[xdim], b->dims[xdim]);
  return c;
}
static int cmp_cross_q(const void *x, const void *y) { return cmp_cross(x, y, g_xdim, g_ndims); }

static int same_section(const OdObs *a, const OdObs *b, int xdim, int ndims) {
  for (int d = 0; d < ndims; d++)
    if (d != xdim && strcmp(a->dims[d], b->dims[d]) != 0) return 0;
  return strcmp(a->period, b->period) == 0;
}

static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

static int run_cross(Db *db, Arena *a, const OdqQuery *q, const OdqCallbacks *cb, void *ctx) {
  const OdFlow *f = q->flow;
  OdObs *v;
  int n, rc = od_obs_fetch(db, a, f, &q->q, &v, &n);
  if (rc) return rc;
  pthread_mutex_lock(&sort_mu);
  g_xdim = q->obs_dim;
  g_ndims = f->ndims;
  qsort(v, (size_t)n, sizeof *v, cmp_cross_q);
  pthread_mutex_unlock(&sort_mu);
  int64_t skipped = 0, given = 0;
  int open = 0;
  const OdObs *head = NULL;
  const char **dims = arena_alloc(a, sizeof(char *) * (size_t)(f->ndims + 1));
  Buf key;
  buf_init(&key, 4096);
  for (int i = 0; i < n && !rc; i++) {
    int newsec = !head || !same_section(head, &v[i], q->obs_dim, f->ndims);
    if (series_level(q) && !newsec) continue;
    if (skipped < q->offset) {
      skipped++;
      if (newsec) head = &v[i];
      if (newsec && open) open = 0; /* a skipped section was never begun */
      continue;
    }
    if (q->limit && given >= q->limit) break;
    if (newsec) {
      if (open && cb->series_end && (rc = cb->series_end(ctx))) break;
      open = 0;
      head = &v[i];
      buf_reset(&key);
      for (int d = 0; d < f->ndims; d++) {
        if (d) buf_putc(&key, '.');
        dims[d] = d == q->obs_dim ? NULL : v[i].dims[d];
        if (d != q->obs_dim) buf_puts(&key, v[i].dims[d]);
      }
      OdSeriesView sv = {key.p, dims, v[i].series_attrs, v[i].period};
      if (cb->series_begin && (rc = cb->series_begin(ctx, &sv))) break;
      open = 1;
      if (series_level(q)) {
        if (cb->series_end && (rc = cb->series_end(ctx))) break;
        open = 0;
        given++;
        continue;
      }
    }
    OdSeriesView sv = {key.p, dims, head->series_attrs, head->period};
    if (cb->obs && (rc = cb->obs(ctx, &sv, &v[i]))) break;
    given++;
  }
  if (!rc && open && cb->series_end) rc = cb->series_end(ctx);
  buf_free(&key);
  return rc;
}

int odq_run(Db *db, Arena *a, const OdqQuery *q, const OdqCallbacks *cb, void *ctx) {
  if (q->obs_dim >= 0) return run_cross(db, a, q, cb, ctx);
  Run r = {q, cb, ctx, 0, 0, 0, 0};
  int rc = od_obs_each(db, q->flow, &q->q, on_obs, &r, NULL);
  if (rc == ODQ_STOP) rc = MJ_OK;
  if (!rc && r.open && cb->series_end) rc = cb->series_end(ctx);
  return rc;
}

/* ---- distinct values ---- */

typedef struct Distinct {
  const OdFlow *f;
  OdIntern *t; /* ndims + 1 */
} Distinct;

static int dv_obs(void *ctx, const OdSeriesView *s, const OdObs *o) {
  (void)s;
  Distinct *d = ctx;
  for (int i = 0; i < d->f->ndims; i++) odi_get(&d->t[i], o->dims[i]);
  odi_get(&d->t[d->f->ndims], o->period);
  return 0;
}

static const OdCodelist *g_cl; /* under sort_mu */
static int code_pos(const OdCodelist *cl, const char *c) {
  for (int i = 0; cl && i < cl->ncodes; i++)
    if (strcmp(cl->codes[i].code, c) == 0) return i;
  return 1 << 30;
}
static int cmp_code(const void *x, const void *y) {
  const char *a = *(char *const *)x, *b = *(char *const *)y;
  int pa = code_pos(g_cl, a), pb = code_pos(g_cl, b);
  return pa != pb ? (pa < pb ? -1 : 1) : strcmp(a, b);
}
static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

int odq_dim_values(Db *db, Arena *a, const OdqQuery *q, char ****values, int **nvalues) {
  const OdFlow *f = q->flow;
  Distinct d = {f, xcalloc((size_t)f->ndims + 1, sizeof(OdIntern))};
  OdqQuery flat = *q;
  flat.obs_dim = -1;
  flat.detail = OD_DETAIL_FULL;
  OdqCallbacks cb = {NULL, dv_obs, NULL};
  int rc = odq_run(db, a, &flat, &cb, &d);
  char ***vals = arena_alloc(a, sizeof(char **) * (size_t)(f->ndims + 1));
  int *nv = arena_alloc(a, sizeof(int) * (size_t)(f->ndims + 1));
  for (int i = 0; i <= f->ndims; i++) {
    nv[i] = d.t[i].n;
    vals[i] = arena_alloc(a, sizeof(char *) * (size_t)(d.t[i].n + 1));
    for (int k = 0; k < d.t[i].n; k++) vals[i][k] = arena_strdup(a, d.t[i].keys[k]);
    pthread_mutex_lock(&sort_mu);
    if (i < f->ndims) {
      g_cl = f->comps[i].codelist;
      qsort(vals[i], (size_t)nv[i], sizeof(char *), cmp_code);
    } else {
      qsort(vals[i], (size_t)nv[i], sizeof(char *), cmp_str);
    }
    pthread_mutex_unlock(&sort_mu);
    odi_free(&d.t[i]);
  }
  free(d.t);
  *values = vals;
  *nvalues = nv;
  return rc;
}

/* ---- into a writer ---- */

static int w_series(void *ctx, const OdSeriesView *s) { return od_writer_series(ctx, s); }
static int w_obs(void *ctx, const OdSeriesView *s, const OdObs *o) { return od_writer_obs(ctx, s, o); }
static int w_end(void *ctx) { return od_writer_series_end(ctx); }

int odq_write(Db *db, Arena *a, const OdqQuery *q, OdFormat fmt, OdWriteOpts *opts, OdOut *out) {
  OdqQuery qq = *q;
  int structured = fmt == OD_FMT_SDMX_JSON || fmt == OD_FMT_SDMX_ML_GENERIC || fmt == OD_FMT_SDMX_ML_SS;
  if (!structured) qq.obs_dim = -1; /* flat formats: every row carries the whole key */
  if (fmt == OD_FMT_JSONSTAT || fmt == OD_FMT_XLSX || fmt == OD_FMT_CSV) qq.detail = OD_DETAIL_FULL;
  if (!opts->dataset_attrs) opts->dataset_attrs = od_dataset_attrs(db, a, q->flow);
  opts->obs_dim = qq.obs_dim;
  opts->detail = qq.detail;
  int rc;
  if (fmt == OD_FMT_JSONSTAT && (rc = odq_dim_values(db, a, &qq, &opts->dim_values, &opts->dim_nvalues))) return rc;
  OdWriter *w = od_writer_new(fmt, q->flow, opts, out);
  if (!w) return mj_fail(MJ_EINVAL, "unknown output format");
  rc = od_writer_begin(w);
  OdqCallbacks cb = {w_series, w_obs, w_end};
  if (!rc) rc = odq_run(db, a, &qq, &cb, w);
  if (!rc) rc = od_writer_end(w);
  od_writer_free(w);
  return rc;
}

int odq_export(Db *db, const OdFlow *f, const char *format, const OdqParams *p, int lang, FILE *fp) {
  OdOut *out = xmalloc(sizeof *out);
  odout_init_file(out, fp);
  Arena *a = arena_new();
  int rc = MJ_OK;
  char *pub = db_meta_get(db, "public_url");
  const char *base = pub ? pub : "";
  size_t bl = strlen(base);
  if (bl && base[bl - 1] == '/') pub[bl - 1] = 0;
  char now[32];
  mj_iso8601(mj_now_ms() / 1000, now, sizeof now);
  if (format && strcmp(format, "csvw") == 0) {
    char *url = arena_printf(a, "%s/sdmx/2.1/data/%s,%s,%s?format=csv", base, f->agency, f->code, f->ver.version);
    od_write_csvw(out, f, lang, url);
    rc = odout_flush(out);
  } else if (format && strcmp(format, "datapackage") == 0) {
    od_write_datapackage(out, f, lang, base);
    rc = odout_flush(out);
  } else {
    int fmt = od_format_parse(format ? format : "sdmx-csv");
    if (fmt < 0) {
      rc = mj_fail(MJ_EINVAL, "unknown format '%s'; use sdmx-csv, sdmx-json, sdmx-ml, structurespecific, csv, jsonstat, "
                              "xlsx, csvw or datapackage", format);
    } else {
      OdqParams none;
      memset(&none, 0, sizeof none);
      OdqQuery q;
      rc = odq_prepare(a, f, p ? p : &none, &q);
      OdWriteOpts o;
      memset(&o, 0, sizeof o);
      o.lang = lang;
      o.base_url = base;
      o.prepared = now;
      o.sender = f->agency;
      o.message_id = arena_printf(a, "%s-%s-%s", f->agency, f->code, f->ver.version);
      if (!rc) rc = odq_write(db, a, &q, (OdFormat)fmt, &o, out);
    }
  }
  free(pub);
  arena_free(a);
  free(out);
  return rc;
}

/* ---- for the catalogue ---- */

int odq_coverage(Db *db, const OdFlow *f, char start[11], char end[11], int64_t *nobs) {
  start[0] = end[0] = 0;
  *nobs = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT min(o.period_start), max(o.period_end), count(*) FROM od_series s "
                                 "JOIN od_obs o ON o.series_id=s.id WHERE s.version_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, f->ver.id);
  int rc = MJ_OK;
  if (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_text(st, 0)) mj_strlcpy(start, (const char *)sqlite3_column_text(st, 0), 11);
    if (sqlite3_column_text(st, 1)) mj_strlcpy(end, (const char *)sqlite3_column_text(st, 1), 11);
    *nobs = sqlite3_column_int64(st, 2);
  } else {
    rc = db_err(db, "reading the coverage of a version");
  }
  db_done(st);
  return rc;
}

static int count_only(void *ctx, const char *p, size_t n) {
  (void)ctx;
  (void)p;
  (void)n;
  return 0;
}

typedef struct SizeEntry {
  int64_t version_id;
  char updated[32];
  int fmt, lang;
  int64_t bytes;
} SizeEntry;
static SizeEntry size_cache[512];
static int size_next;
static pthread_mutex_t size_mu = PTHREAD_MUTEX_INITIALIZER;

int odq_byte_size(Db *db, const OdFlow *f, OdFormat fmt, int lang, int64_t *bytes) {
  const char *upd = f->ver.updated_at ? f->ver.updated_at : "";
  pthread_mutex_lock(&size_mu);
  for (size_t i = 0; i < MJ_COUNT(size_cache); i++) {
    SizeEntry *e = &size_cache[i];
    if (e->version_id == f->ver.id && e->fmt == (int)fmt && e->lang == lang && strcmp(e->updated, upd) == 0) {
      *bytes = e->bytes;
      pthread_mutex_unlock(&size_mu);
      return MJ_OK;
    }
  }
  pthread_mutex_unlock(&size_mu);
  Arena *a = arena_new();
  OdOut *out = xmalloc(sizeof *out);
  odout_init(out, count_only, NULL);
  OdqParams none;
  memset(&none, 0, sizeof none);
  OdqQuery q;
  int rc = odq_prepare(a, f, &none, &q);
  OdWriteOpts o;
  memset(&o, 0, sizeof o);
  o.lang = lang;
  o.prepared = "2000-01-01T00:00:00Z"; /* same length as any time: the size does not depend on it */
  o.sender = f->agency;
  o.message_id = "IREF0000000000000000";
  if (!rc) rc = odq_write(db, a, &q, fmt, &o, out);
  *bytes = (int64_t)out->total;
  free(out);
  arena_free(a);
  if (rc) return rc;
  pthread_mutex_lock(&size_mu);
  SizeEntry *e = &size_cache[size_next++ % (int)MJ_COUNT(size_cache)];
  e->version_id = f->ver.id;
  mj_strlcpy(e->updated, upd, sizeof e->updated);
  e->fmt = (int)fmt;
  e->lang = lang;
  e->bytes = *bytes;
  pthread_mutex_unlock(&size_mu);
  return MJ_OK;
}
