/*
** odwrite.c: what the open-data writers share: the buffered sink (OdOut)
** and its escaping for JSON, CSV and XML, labels in a language, attribute
** values, a string-interning table, the format names and media types, and
** the dispatch from an OdWriter to its format's operations.
**
** JSON, CSV and XML are written by hand here rather than through jansson or
** libxml2's text writer: a download of a million observations is a million
** small records, and building a jansson tree or going through the writer's
** per-call encoding for each costs more than the query itself; the escaping
** below is the whole of what those formats need (RFC 8259 string escapes,
** RFC 4180 quoting, the five XML entities and no control characters).
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odwrite_int.h"

/* ---- the sink ---- */

void odout_init(OdOut *o, int (*flush)(void *ctx, const char *p, size_t n), void *ctx) {
  memset(o, 0, offsetof(OdOut, buf));
  o->flush = flush;
  o->ctx = ctx;
  o->n = 0;
  o->total = 0;
  o->err = 0;
}

static int flush_file(void *ctx, const char *p, size_t n) {
  return fwrite(p, 1, n, (FILE *)ctx) == n ? 0 : mj_fail(MJ_EIO, "cannot write the output (disk full or closed pipe?)");
}
void odout_init_file(OdOut *o, FILE *fp) { odout_init(o, flush_file, fp); }

static int flush_buf(void *ctx, const char *p, size_t n) {
  Buf *b = ctx;
  buf_append(b, p, n);
  return b->err ? mj_fail(MJ_ETOOBIG, "the reply grew past its limit of %zu bytes", b->max) : 0;
}
void odout_init_buf(OdOut *o, Buf *b) { odout_init(o, flush_buf, b); }

int odout_flush(OdOut *o) {
  if (!o->err && o->n) o->err = o->flush(o->ctx, o->buf, o->n);
  o->n = 0;
  return o->err;
}

void odout_write(OdOut *o, const char *p, size_t n) {
  if (o->err) return;
  o->total += n;
  while (n) {
    size_t room = sizeof o->buf - o->n;
    if (!room) {
      if (odout_flush(o)) return;
      room = sizeof o->buf;
    }
    size_t k = n < room ? n : room;
    memcpy(o->buf + o->n, p, k);
    o->n += k;
    p += k;
    n -= k;
  }
}

void odout_puts(OdOut *o, const char *s) { odout_write(o, s, strlen(s)); }

void odout_printf(OdOut *o, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (k < 0) return;
  if ((size_t)k < sizeof tmp) {
    odout_write(o, tmp, (size_t)k);
    return;
  }
  char *big = xmalloc((size_t)k + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)k + 1, fmt, ap);
  va_end(ap);
  odout_write(o, big, (size_t)k);
  free(big);
}

void odout_json_str(OdOut *o, const char *s) {
  static const char hx[] = "0123456789abcdef";
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
    odout_write(o, run, (size_t)(s - run));
    run = s + 1;
    switch (c) {
    case '"': odout_write(o, "\\\"", 2); break;
    case '\\': odout_write(o, "\\\\", 2); break;
    case '\n': odout_write(o, "\\n", 2); break;
    case '\r': odout_write(o, "\\r", 2); break;
    case '\t': odout_write(o, "\\t", 2); break;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hx[c >> 4], hx[c & 15]};
      odout_write(o, u, 6);
    }
    }
  }
  odout_write(o, run, (size_t)(s - run));
}

void odout_json_q(OdOut *o, const char *s) {
  if (!s) {
    odout_write(o, "null", 4);
    return;
  }
  odout_write(o, "\"", 1);
  odout_json_str(o, s);
  odout_write(o, "\"", 1);
}

void odout_csv(OdOut *o, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    odout_puts(o, s);
    return;
  }
  odout_write(o, "\"", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"') odout_write(o, "\"", 1);
    odout_write(o, p, 1);
  }
  odout_write(o, "\"", 1);
}

void odout_xml(OdOut *o, const char *s) {
  if (!s) return;
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    const char *rep = NULL;
    switch (c) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&apos;"; break;
    case '\n': rep = "&#10;"; break;
    case '\r': rep = "&#13;"; break;
    case '\t': rep = "&#9;"; break;
    default:
      if (c < 0x20) rep = ""; /* not allowed in XML 1.0: dropped */
    }
    if (!rep) continue;
    odout_write(o, run, (size_t)(s - run));
    odout_puts(o, rep);
    run = s + 1;
  }
  odout_write(o, run, (size_t)(s - run));
}

void odout_num(OdOut *o, double v) {
  char tmp[40];
  if (!isfinite(v)) {
    odout_puts(o, "NaN");
    return;
  }
  snprintf(tmp, sizeof tmp, "%.15g", v);
  if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
  odout_puts(o, tmp);
}

/* ---- labels and attributes ---- */

const char *odw_text(const OdText *t, int lang, const char *dflt) {
  if (!t) return dflt;
  const char *v = lang == 1 ? t->en : lang == 2 ? t->az : t->ar;
  if (v && *v) return v;
  if (t->ar && *t->ar) return t->ar;
  if (t->en && *t->en) return t->en;
  return dflt;
}

const char *odw_code_label(const OdComponent *c, const char *code, int lang) {
  if (!code) return "";
  if (!c || !c->codelist) return code;
  const OdCodelist *cl = c->codelist;
  for (int i = 0; i < cl->ncodes; i++)
    if (strcmp(cl->codes[i].code, code) == 0) return odw_text(&cl->codes[i].name, lang, code);
  return code;
}

int odw_dim_index(const OdFlow *f, const char *code) {
  for (int i = 0; i < f->ndims; i++)
    if (strcmp(f->comps[i].code, code) == 0) return i;
  return -1;
}

int odw_attr_at_obs(const OdComponent *a) {
  return !a->attachment || strcmp(a->attachment, "observation") == 0;
}

const char *odw_flow_ref(const OdFlow *f, char *out, size_t n) {
  snprintf(out, n, "%s:%s(%s)", f->agency, f->code, f->ver.version ? f->ver.version : "1.0");
  return out;
}

static const char *json_text(json_t *v, char *tmp, size_t ntmp) {
  if (json_is_string(v)) return json_string_value(v);
  if (json_is_integer(v)) {
    snprintf(tmp, ntmp, "%lld", (long long)json_integer_value(v));
    return tmp;
  }
  if (json_is_real(v)) {
    snprintf(tmp, ntmp, "%.15g", json_real_value(v));
    return tmp;
  }
  if (json_is_true(v)) return "true";
  if (json_is_false(v)) return "false";
  return NULL;
}

const char *odw_attr_value(OdWriter *w, const OdComponent *a, const char *series_attrs, const OdObs *o,
                           char *tmp, size_t ntmp) {
  if (strcmp(a->code, "OBS_STATUS") == 0 && o) return o->status;
  if (strcmp(a->code, "CONF_STATUS") == 0 && o) return o->conf;
  if (odw_attr_at_obs(a)) {
    if (!o || !o->attrs || !*o->attrs) return NULL;
    json_t *j = json_loads(o->attrs, 0, NULL);
    const char *v = j ? json_text(json_object_get(j, a->code), tmp, ntmp) : NULL;
    if (v && v != tmp) {
      mj_strlcpy(tmp, v, ntmp);
      v = tmp;
    }
    json_decref(j);
    return v;
  }
  if (a->attachment && strcmp(a->attachment, "dataset") == 0) {
    if (!w->o->dataset_attrs) return NULL;
    if (!w->ds_attrs) w->ds_attrs = json_loads(w->o->dataset_attrs, 0, NULL);
    const char *v = w->ds_attrs ? json_text(json_object_get(w->ds_attrs, a->code), tmp, ntmp) : NULL;
    if (v) return v; /* else perhaps repeated on the series */
  }
  if (!series_attrs) return NULL;
  if (!w->attrs_src || w->attrs_src != series_attrs || strcmp(w->attrs_copy, series_attrs) != 0) {
    json_decref(w->attrs);
    free(w->attrs_copy);
    w->attrs = json_loads(series_attrs, 0, NULL);
    w->attrs_copy = xstrdup(series_attrs);
    w->attrs_src = series_attrs;
  }
  return w->attrs ? json_text(json_object_get(w->attrs, a->code), tmp, ntmp) : NULL;
}

/* ---- interning ---- */

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

void odi_init(OdIntern *t) { memset(t, 0, sizeof *t); }
void odi_free(OdIntern *t) {
  for (int i = 0; i < t->n; i++) free(t->keys[i]);
  free(t->keys);
  free(t->slots);
  memset(t, 0, sizeof *t);
}

int odi_find(const OdIntern *t, const char *s) {
  if (!t->nslots) return -1;
  for (uint32_t i = hash_str(s) & (uint32_t)(t->nslots - 1);; i = (i + 1) & (uint32_t)(t->nslots - 1)) {
    int k = t->slots[i];
    if (!k) return -1;
    if (strcmp(t->keys[k - 1], s) == 0) return k - 1;
  }
}

int odi_get(OdIntern *t, const char *s) {
  int k = odi_find(t, s);
  if (k >= 0) return k;
  if ((t->n + 1) * 2 > t->nslots) { /* grow and rehash */
    int ns = t->nslots ? t->nslots * 2 : 64;
    free(t->slots);
    t->slots = xcalloc((size_t)ns, sizeof *t->slots);
    t->nslots = ns;
    for (int j = 0; j < t->n; j++) {
      uint32_t i = hash_str(t->keys[j]) & (uint32_t)(ns - 1);
      while (t->slots[i]) i = (i + 1) & (uint32_t)(ns - 1);
      t->slots[i] = j + 1;
    }
  }
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 32;
    t->keys = xrealloc(t->keys, sizeof *t->keys * (size_t)t->cap);
  }
  t->keys[t->n] = xstrdup(s);
  uint32_t i = hash_str(s) & (uint32_t)(t->nslots - 1);
  while (t->slots[i]) i = (i + 1) & (uint32_t)(t->nslots - 1);
  t->slots[i] = t->n + 1;
  return t->n++;
}

/* ---- formats ---- */

static const struct {
  const char *name, *mime, *ext;
} formats[OD_FMT_COUNT] = {
  [OD_FMT_SDMX_CSV] = {"sdmx-csv", "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8", "csv"},
  [OD_FMT_SDMX_JSON] = {"sdmx-json", "application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8", "json"},
  [OD_FMT_SDMX_ML_GENERIC] = {"sdmx-ml", "application/vnd.sdmx.genericdata+xml; version=2.1", "xml"},
  [OD_FMT_SDMX_ML_SS] = {"structurespecific", "application/vnd.sdmx.structurespecificdata+xml; version=2.1", "xml"},
  [OD_FMT_CSV] = {"csv", "text/csv; charset=utf-8; header=present", "csv"},
  [OD_FMT_JSONSTAT] = {"jsonstat", "application/json; charset=utf-8", "json"},
  [OD_FMT_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
};

int od_format_parse(const char *name) {
  if (!name) return -1;
  static const struct {
    const char *alias;
    OdFormat f;
  } alias[] = {
    {"sdmx-csv", OD_FMT_SDMX_CSV}, {"sdmxcsv", OD_FMT_SDMX_CSV},
    {"sdmx-json", OD_FMT_SDMX_JSON}, {"json", OD_FMT_SDMX_JSON}, {"sdmxjson", OD_FMT_SDMX_JSON},
    {"sdmx-ml", OD_FMT_SDMX_ML_GENERIC}, {"xml", OD_FMT_SDMX_ML_GENERIC}, {"genericdata", OD_FMT_SDMX_ML_GENERIC},
    {"generic", OD_FMT_SDMX_ML_GENERIC}, {"structurespecific", OD_FMT_SDMX_ML_SS},
    {"structurespecificdata", OD_FMT_SDMX_ML_SS}, {"sdmx-ml-ss", OD_FMT_SDMX_ML_SS},
    {"csv", OD_FMT_CSV}, {"jsonstat", OD_FMT_JSONSTAT}, {"json-stat", OD_FMT_JSONSTAT}, {"xlsx", OD_FMT_XLSX},
  };
  for (size_t i = 0; i < MJ_COUNT(alias); i++)
    if (strcmp(alias[i].alias, name) == 0) return (int)alias[i].f;
  return -1;
}
const char *od_format_name(OdFormat f) { return f < OD_FMT_COUNT ? formats[f].name : "?"; }
const char *od_format_mime(OdFormat f) { return f < OD_FMT_COUNT ? formats[f].mime : "application/octet-stream"; }
const char *od_format_ext(OdFormat f) { return f < OD_FMT_COUNT ? formats[f].ext : "bin"; }

/* ---- the writer ---- */

OdWriter *od_writer_new(OdFormat fmt, const OdFlow *f, const OdWriteOpts *o, OdOut *out) {
  static const OdWriterOps *ops[OD_FMT_COUNT] = {
    [OD_FMT_SDMX_CSV] = &odw_ops_sdmx_csv, [OD_FMT_SDMX_JSON] = &odw_ops_sdmx_json,
    [OD_FMT_SDMX_ML_GENERIC] = &odw_ops_sdmx_ml, [OD_FMT_SDMX_ML_SS] = &odw_ops_sdmx_ml,
    [OD_FMT_CSV] = &odw_ops_csv, [OD_FMT_JSONSTAT] = &odw_ops_jsonstat, [OD_FMT_XLSX] = &odw_ops_xlsx,
  };
  if ((unsigned)fmt >= OD_FMT_COUNT) return NULL;
  OdWriter *w = xcalloc(1, sizeof *w);
  w->ops = ops[fmt];
  w->fmt = fmt;
  w->f = f;
  w->o = o;
  w->out = out;
  w->attr = xcalloc((size_t)f->ncomps + 1, sizeof *w->attr);
  for (int i = 0; i < f->ncomps; i++)
    if (f->comps[i].kind == OD_ATTRIBUTE) w->attr[w->nattr++] = &f->comps[i];
  return w;
}

int od_writer_begin(OdWriter *w) { return w->ops->begin ? w->ops->begin(w) : 0; }
int od_writer_series(OdWriter *w, const OdSeriesView *s) {
  int rc = w->ops->series ? w->ops->series(w, s) : 0;
  return rc ? rc : w->out->err;
}
int od_writer_obs(OdWriter *w, const OdSeriesView *s, const OdObs *o) {
  int rc = w->ops->obs ? w->ops->obs(w, s, o) : 0;
  return rc ? rc : w->out->err;
}
int od_writer_series_end(OdWriter *w) {
  int rc = w->ops->series_end ? w->ops->series_end(w) : 0;
  return rc ? rc : w->out->err;
}
int od_writer_end(OdWriter *w) {
  int rc = w->ops->end ? w->ops->end(w) : 0;
  int frc = odout_flush(w->out);
  return rc ? rc : frc;
}
void od_writer_free(OdWriter *w) {
  if (!w) return;
  if (w->ops->free) w->ops->free(w);
  json_decref(w->attrs);
  json_decref(w->ds_attrs);
  free(w->attrs_copy);
  free(w->attr);
  free(w);
}
