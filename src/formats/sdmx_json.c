/*
** sdmx_json.c: SDMX-JSON 1.0 data messages
** (application/vnd.sdmx.data+json;version=1.0.0). Dimension and attribute
** values are given once, in the message's "structure", and referred to by
** index: a series key is "0:1:0" (the index of each series dimension's
** value), an observation "3": [value, attribute indexes...]. The indexes are
** assigned as values first appear, so the data can be streamed and the
** structure written last (JSON objects are unordered; SDMX-JSON readers
** look the structure up by name). Memory grows with the distinct values,
** not with the observations.
**
** dimensionAtObservation: TIME_PERIOD gives time series; a dimension X gives
** cross sections (series keyed by the other dimensions and TIME_PERIOD,
** observations by X); AllDimensions gives a flat "observations" object keyed
** by every dimension.
*/
#include <stdlib.h>
#include <string.h>

#include "odwrite_int.h"

typedef struct St {
  OdIntern *dim;    /* ndims + 1 (TIME_PERIOD last) */
  OdIntern *attr;   /* per attribute */
  int nseries;      /* series written so far */
  int nobs;         /* observations in the current series / data set */
  int in_series;
} St;

static int obs_level(const OdWriter *w) { return w->o->detail == OD_DETAIL_FULL || w->o->detail == OD_DETAIL_DATAONLY; }
static int with_attrs(const OdWriter *w) { return w->o->detail == OD_DETAIL_FULL || w->o->detail == OD_DETAIL_NODATA; }

static int begin(OdWriter *w) {
  St *s = xcalloc(1, sizeof *s);
  w->st = s;
  s->dim = xcalloc((size_t)w->f->ndims + 1, sizeof *s->dim);
  s->attr = xcalloc((size_t)w->nattr + 1, sizeof *s->attr);
  OdOut *o = w->out;
  odout_puts(o, "{\"header\":{\"id\":");
  odout_json_q(o, w->o->message_id ? w->o->message_id : "IREF");
  odout_puts(o, ",\"test\":false,\"prepared\":");
  odout_json_q(o, w->o->prepared);
  odout_puts(o, ",\"sender\":{\"id\":");
  odout_json_q(o, w->o->sender ? w->o->sender : w->f->agency);
  odout_puts(o, "}},\"dataSets\":[{\"action\":\"Information\",\"links\":[{\"urn\":\"");
  odout_printf(o, "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=");
  char ref[300];
  odout_json_str(o, odw_flow_ref(w->f, ref, sizeof ref));
  odout_puts(o, "\",\"rel\":\"dataflow\"}]");
  if (w->o->obs_dim == -2) odout_puts(o, ",\"observations\":{");
  else odout_puts(o, ",\"series\":{");
  return 0;
}

/* Writes the attribute indexes of the given attachment level. */
static void attr_indexes(OdWriter *w, int obs_attrs, const char *series_attrs, const OdObs *ob) {
  St *s = w->st;
  char tmp[64];
  int first = 1;
  for (int i = 0; i < w->nattr; i++) {
    if (odw_attr_at_obs(w->attr[i]) != obs_attrs) continue;
    const char *v = odw_attr_value(w, w->attr[i], series_attrs, ob, tmp, sizeof tmp);
    odout_puts(w->out, first ? "" : ",");
    first = 0;
    if (v) odout_printf(w->out, "%d", odi_get(&s->attr[i], v));
    else odout_puts(w->out, "null");
  }
}

static int series(OdWriter *w, const OdSeriesView *sv) {
  St *s = w->st;
  if (w->o->obs_dim == -2) return 0;
  const OdFlow *f = w->f;
  odout_puts(w->out, s->nseries++ ? ",\"" : "\"");
  int first = 1;
  for (int i = 0; i < f->ndims; i++) {
    if (i == w->o->obs_dim) continue;
    odout_printf(w->out, first ? "%d" : ":%d", odi_get(&s->dim[i], sv->dims[i]));
    first = 0;
  }
  if (w->o->obs_dim >= 0) odout_printf(w->out, first ? "%d" : ":%d", odi_get(&s->dim[f->ndims], sv->period));
  odout_puts(w->out, "\":{");
  if (with_attrs(w)) {
    odout_puts(w->out, "\"attributes\":[");
    attr_indexes(w, 0, sv->attrs, NULL);
    odout_puts(w->out, "]");
  }
  if (obs_level(w)) odout_puts(w->out, with_attrs(w) ? ",\"observations\":{" : "\"observations\":{");
  s->in_series = 1;
  s->nobs = 0;
  return 0;
}

static int obs(OdWriter *w, const OdSeriesView *sv, const OdObs *ob) {
  (void)sv;
  St *s = w->st;
  const OdFlow *f = w->f;
  if (!obs_level(w)) return 0;
  odout_puts(w->out, s->nobs++ ? ",\"" : "\"");
  if (w->o->obs_dim == -2) {
    for (int i = 0; i < f->ndims; i++) odout_printf(w->out, "%d:", odi_get(&s->dim[i], ob->dims[i]));
    odout_printf(w->out, "%d", odi_get(&s->dim[f->ndims], ob->period));
  } else if (w->o->obs_dim >= 0) {
    odout_printf(w->out, "%d", odi_get(&s->dim[w->o->obs_dim], ob->dims[w->o->obs_dim]));
  } else {
    odout_printf(w->out, "%d", odi_get(&s->dim[f->ndims], ob->period));
  }
  odout_puts(w->out, "\":[");
  if (ob->has_value) odout_num(w->out, ob->value);
  else odout_puts(w->out, "null");
  if (w->o->detail == OD_DETAIL_FULL) {
    int nobsattr = 0;
    for (int i = 0; i < w->nattr; i++) nobsattr += odw_attr_at_obs(w->attr[i]) || w->o->obs_dim == -2;
    if (nobsattr) {
      odout_puts(w->out, ",");
      if (w->o->obs_dim == -2) { /* no series level: every attribute on the observation */
        char tmp[64];
        for (int i = 0; i < w->nattr; i++) {
          const char *v = odw_attr_value(w, w->attr[i], ob->series_attrs, ob, tmp, sizeof tmp);
          odout_puts(w->out, i ? "," : "");
          if (v) odout_printf(w->out, "%d", odi_get(&s->attr[i], v));
          else odout_puts(w->out, "null");
        }
      } else {
        attr_indexes(w, 1, ob->series_attrs, ob);
      }
    }
  }
  odout_puts(w->out, "]");
  return 0;
}

static int series_end(OdWriter *w) {
  St *s = w->st;
  if (w->o->obs_dim == -2 || !s->in_series) return 0;
  odout_puts(w->out, obs_level(w) ? "}}" : "}");
  s->in_series = 0;
  return 0;
}

static void names(OdOut *o, const OdText *t, int lang, const char *dflt) {
  odout_puts(o, "\"name\":");
  odout_json_q(o, odw_text(t, lang, dflt));
}

static void values(OdWriter *w, const OdComponent *c, OdIntern *t, int is_time) {
  odout_puts(w->out, ",\"values\":[");
  for (int k = 0; k < t->n; k++) {
    odout_puts(w->out, k ? ",{\"id\":" : "{\"id\":");
    odout_json_q(w->out, t->keys[k]);
    odout_puts(w->out, ",\"name\":");
    odout_json_q(w->out, is_time ? t->keys[k] : odw_code_label(c, t->keys[k], w->o->lang));
    odout_puts(w->out, "}");
  }
  odout_puts(w->out, "]}");
}

static void dim_desc(OdWriter *w, int i, int keypos, int *first) {
  St *s = w->st;
  const OdFlow *f = w->f;
  const OdComponent *c = i == f->ndims ? &f->comps[f->time_idx] : &f->comps[i];
  odout_puts(w->out, *first ? "{\"id\":" : ",{\"id\":");
  *first = 0;
  odout_json_q(w->out, c->code);
  odout_puts(w->out, ",");
  names(w->out, &c->name, w->o->lang, c->code);
  odout_printf(w->out, ",\"keyPosition\":%d", keypos);
  if (i == f->ndims) odout_puts(w->out, ",\"role\":\"time\"");
  values(w, c, &s->dim[i], i == f->ndims);
}

static void attr_desc(OdWriter *w, int obs_attrs) {
  St *s = w->st;
  int first = 1;
  for (int i = 0; i < w->nattr; i++) {
    int at_obs = w->o->obs_dim == -2 ? 1 : odw_attr_at_obs(w->attr[i]);
    if (at_obs != obs_attrs) continue;
    odout_puts(w->out, first ? "{\"id\":" : ",{\"id\":");
    first = 0;
    odout_json_q(w->out, w->attr[i]->code);
    odout_puts(w->out, ",");
    names(w->out, &w->attr[i]->name, w->o->lang, w->attr[i]->code);
    odout_printf(w->out, ",\"relationship\":%s", obs_attrs ? "{\"primaryMeasure\":\"OBS_VALUE\"}" : "{\"dimensions\":[]}");
    values(w, w->attr[i], &s->attr[i], 0);
  }
}

static int end(OdWriter *w) {
  St *s = w->st;
  const OdFlow *f = w->f;
  OdOut *o = w->out;
  odout_puts(o, "}}],\"structure\":{\"links\":[{\"urn\":\"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=");
  odout_json_str(o, f->dsd_agency);
  odout_puts(o, ":");
  odout_json_str(o, f->dsd_code);
  odout_puts(o, "(");
  odout_json_str(o, f->dsd_version);
  odout_puts(o, ")\",\"rel\":\"datastructure\"}],");
  names(o, &f->name, w->o->lang, f->code);
  odout_puts(o, ",\"description\":");
  odout_json_q(o, odw_text(&f->description, w->o->lang, ""));
  odout_puts(o, ",\"dimensions\":{\"dataSet\":[],\"series\":[");
  int first = 1, pos = 0;
  if (w->o->obs_dim != -2) {
    for (int i = 0; i < f->ndims; i++)
      if (i != w->o->obs_dim) dim_desc(w, i, pos++, &first);
    if (w->o->obs_dim >= 0) dim_desc(w, f->ndims, pos++, &first);
  }
  odout_puts(o, "],\"observation\":[");
  first = 1;
  if (w->o->obs_dim == -2) {
    for (int i = 0; i <= f->ndims; i++) dim_desc(w, i, i, &first);
  } else if (w->o->obs_dim >= 0) {
    dim_desc(w, w->o->obs_dim, pos, &first);
  } else {
    dim_desc(w, f->ndims, f->ndims, &first);
  }
  odout_puts(o, "]},\"attributes\":{\"dataSet\":[],\"series\":[");
  if (w->o->detail != OD_DETAIL_DATAONLY && w->o->detail != OD_DETAIL_SERIESKEYSONLY) attr_desc(w, 0);
  odout_puts(o, "],\"observation\":[");
  if (w->o->detail == OD_DETAIL_FULL) attr_desc(w, 1);
  odout_puts(o, "]}}}\n");
  (void)s;
  return 0;
}

static void st_free(OdWriter *w) {
  St *s = w->st;
  if (!s) return;
  for (int i = 0; i <= w->f->ndims; i++) odi_free(&s->dim[i]);
  for (int i = 0; i < w->nattr; i++) odi_free(&s->attr[i]);
  free(s->dim);
  free(s->attr);
  free(s);
}

const OdWriterOps odw_ops_sdmx_json = {begin, series, obs, series_end, end, st_free};
