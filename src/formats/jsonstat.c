/*
** jsonstat.c: JSON-stat 2.0 datasets (https://json-stat.org/format/). The
** cube is given as its dimensions ("id", "size", each with its categories
** and their labels in the language asked for) and then the values, keyed by
** their row-major position in the cube. Values are written as a sparse
** object ({"17": 4.5}), so a sparse selection does not expand into a dense
** array of nulls; the observation statuses other than A (normal) follow in
** "status", in the same form. The categories must come first, so the caller
** passes the distinct values of each dimension (odq_dim_values); the
** observations are then streamed.
*/
#include <stdlib.h>
#include <string.h>

#include "odwrite_int.h"

typedef struct St {
  OdIntern *cat;    /* ndims + 1 */
  int64_t *stride;
  int nvalues;
  Buf status;       /* "\"idx\":\"M\"," pairs */
} St;

static void label_obj(OdOut *o, const OdText *t, int lang, const char *dflt) { odout_json_q(o, odw_text(t, lang, dflt)); }

static int begin(OdWriter *w) {
  const OdFlow *f = w->f;
  const OdWriteOpts *op = w->o;
  if (!op->dim_values || !op->dim_nvalues) return mj_fail(MJ_EINTERNAL, "JSON-stat needs the dimension values first");
  St *s = xcalloc(1, sizeof *s);
  w->st = s;
  int nd = f->ndims + 1;
  s->cat = xcalloc((size_t)nd, sizeof *s->cat);
  s->stride = xcalloc((size_t)nd, sizeof *s->stride);
  buf_init(&s->status, BUF_UNLIMITED);
  for (int i = 0; i < nd; i++)
    for (int k = 0; k < op->dim_nvalues[i]; k++) odi_get(&s->cat[i], op->dim_values[i][k]);
  int64_t st = 1;
  for (int i = nd - 1; i >= 0; i--) {
    s->stride[i] = st;
    st *= s->cat[i].n ? s->cat[i].n : 1;
  }
  OdOut *o = w->out;
  char ref[300];
  odout_puts(o, "{\"version\":\"2.0\",\"class\":\"dataset\",\"label\":");
  label_obj(o, &f->name, op->lang, f->code);
  odout_puts(o, ",\"source\":");
  odout_json_q(o, f->agency);
  odout_puts(o, ",\"updated\":");
  odout_json_q(o, f->ver.updated_at);
  odout_puts(o, ",\"extension\":{\"sdmx\":{\"dataflow\":");
  odout_json_q(o, odw_flow_ref(f, ref, sizeof ref));
  odout_puts(o, "}");
  if (f->license) {
    odout_puts(o, ",\"license\":");
    odout_json_q(o, f->license);
  }
  odout_puts(o, "},\"id\":[");
  for (int i = 0; i < f->ndims; i++) {
    odout_json_q(o, f->comps[i].code);
    odout_puts(o, ",");
  }
  odout_json_q(o, f->comps[f->time_idx].code);
  odout_puts(o, "],\"size\":[");
  for (int i = 0; i < nd; i++) odout_printf(o, i ? ",%d" : "%d", s->cat[i].n);
  odout_puts(o, "],\"role\":{\"time\":[");
  odout_json_q(o, f->comps[f->time_idx].code);
  odout_puts(o, "]");
  int geo = -1;
  for (int i = 0; i < f->ndims; i++)
    if (strcmp(f->comps[i].code, "REF_AREA") == 0) geo = i;
  if (geo >= 0) {
    odout_puts(o, ",\"geo\":[");
    odout_json_q(o, f->comps[geo].code);
    odout_puts(o, "]");
  }
  odout_puts(o, "},\"dimension\":{");
  for (int i = 0; i < nd; i++) {
    const OdComponent *c = i == f->ndims ? &f->comps[f->time_idx] : &f->comps[i];
    odout_puts(o, i ? "," : "");
    odout_json_q(o, c->code);
    odout_puts(o, ":{\"label\":");
    label_obj(o, &c->name, op->lang, c->code);
    odout_puts(o, ",\"category\":{\"index\":[");
    for (int k = 0; k < s->cat[i].n; k++) {
      odout_puts(o, k ? "," : "");
      odout_json_q(o, s->cat[i].keys[k]);
    }
    odout_puts(o, "],\"label\":{");
    for (int k = 0; k < s->cat[i].n; k++) {
      odout_puts(o, k ? "," : "");
      odout_json_q(o, s->cat[i].keys[k]);
      odout_puts(o, ":");
      odout_json_q(o, i == f->ndims ? s->cat[i].keys[k] : odw_code_label(c, s->cat[i].keys[k], op->lang));
    }
    odout_puts(o, "}}}");
  }
  odout_puts(o, "},\"value\":{");
  return 0;
}

static int obs(OdWriter *w, const OdSeriesView *sv, const OdObs *ob) {
  (void)sv;
  St *s = w->st;
  const OdFlow *f = w->f;
  int64_t idx = 0;
  for (int i = 0; i <= f->ndims; i++) {
    int k = odi_find(&s->cat[i], i == f->ndims ? ob->period : ob->dims[i]);
    if (k < 0) return mj_fail(MJ_EINTERNAL, "JSON-stat: a value outside the dimension lists");
    idx += (int64_t)k * s->stride[i];
  }
  odout_printf(w->out, s->nvalues++ ? ",\"%lld\":" : "\"%lld\":", (long long)idx);
  if (ob->has_value) odout_num(w->out, ob->value);
  else odout_puts(w->out, "null");
  if (ob->status && strcmp(ob->status, "A") != 0) {
    buf_printf(&s->status, "%s\"%lld\":\"", s->status.n ? "," : "", (long long)idx);
    for (const char *p = ob->status; *p; p++)
      if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) buf_putc(&s->status, *p);
    buf_putc(&s->status, '"');
  }
  return 0;
}

static int end(OdWriter *w) {
  St *s = w->st;
  odout_puts(w->out, "}");
  if (s->status.n) {
    odout_puts(w->out, ",\"status\":{");
    odout_write(w->out, s->status.p, s->status.n);
    odout_puts(w->out, "}");
  }
  odout_puts(w->out, "}\n");
  return 0;
}

static void st_free(OdWriter *w) {
  St *s = w->st;
  if (!s) return;
  for (int i = 0; i <= w->f->ndims; i++) odi_free(&s->cat[i]);
  free(s->cat);
  free(s->stride);
  buf_free(&s->status);
  free(s);
}

const OdWriterOps odw_ops_jsonstat = {begin, NULL, obs, NULL, end, st_free};
