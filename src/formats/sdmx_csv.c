/*
** sdmx_csv.c: SDMX-CSV data. Version 1.0 (the media type
** application/vnd.sdmx.data+csv;version=1.0.0, the one SDMX 2.1 REST
** services send): a first column DATAFLOW holding "AGENCY:ID(VERSION)",
** then the dimensions, TIME_PERIOD, OBS_VALUE and the attributes. Version
** 2.0 (asked for with version=2.0.0) begins STRUCTURE,STRUCTURE_ID,ACTION
** instead, the shape `majlis dataset load` reads. One row per observation;
** with detail=serieskeysonly one row per series key, with nodata one per
** series with its series-level attributes. labels=both writes "A: Annual"
** in the language asked for. Missing values are empty cells.
*/
#include <string.h>

#include "odwrite_int.h"

static void cell_label(OdWriter *w, const char *code, const char *label) {
  if (!w->o->csv_labels || !code || !label || strcmp(code, label) == 0) {
    odout_csv(w->out, code);
    return;
  }
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%s: %s", code, label);
  odout_csv(w->out, tmp);
}

static void head_col(OdWriter *w, const OdComponent *c) {
  odout_write(w->out, ",", 1);
  cell_label(w, c->code, w->o->csv_labels ? odw_text(&c->name, w->o->lang, c->code) : NULL);
}

static int with_obs(const OdWriter *w) {
  return w->o->detail == OD_DETAIL_FULL || w->o->detail == OD_DETAIL_DATAONLY;
}
static int with_attr(const OdWriter *w, const OdComponent *a) {
  if (w->o->detail == OD_DETAIL_FULL) return 1;
  if (w->o->detail == OD_DETAIL_NODATA) return !odw_attr_at_obs(a);
  return 0;
}

static int begin(OdWriter *w) {
  const OdFlow *f = w->f;
  odout_puts(w->out, w->o->csv_v2 ? "STRUCTURE,STRUCTURE_ID,ACTION" : "DATAFLOW");
  for (int i = 0; i < f->ndims; i++) head_col(w, &f->comps[i]);
  if (with_obs(w)) {
    head_col(w, &f->comps[f->time_idx]);
    head_col(w, &f->comps[f->measure_idx]);
  }
  for (int i = 0; i < w->nattr; i++)
    if (with_attr(w, w->attr[i])) head_col(w, w->attr[i]);
  odout_write(w->out, "\r\n", 2);
  return 0;
}

static void row_start(OdWriter *w, const char *const *dims) {
  char ref[300];
  if (w->o->csv_v2) {
    odout_puts(w->out, "dataflow,");
    odout_csv(w->out, odw_flow_ref(w->f, ref, sizeof ref));
    odout_puts(w->out, ",I");
  } else {
    odout_csv(w->out, odw_flow_ref(w->f, ref, sizeof ref));
  }
  for (int i = 0; i < w->f->ndims; i++) {
    odout_write(w->out, ",", 1);
    cell_label(w, dims[i], w->o->csv_labels ? odw_code_label(&w->f->comps[i], dims[i], w->o->lang) : NULL);
  }
}

static void attrs_cells(OdWriter *w, const char *series_attrs, const OdObs *o) {
  char tmp[64];
  for (int i = 0; i < w->nattr; i++) {
    if (!with_attr(w, w->attr[i])) continue;
    odout_write(w->out, ",", 1);
    const char *v = odw_attr_value(w, w->attr[i], series_attrs, o, tmp, sizeof tmp);
    if (v) cell_label(w, v, w->o->csv_labels ? odw_code_label(w->attr[i], v, w->o->lang) : NULL);
  }
}

static int series(OdWriter *w, const OdSeriesView *s) {
  if (with_obs(w)) return 0;
  row_start(w, s->dims);
  attrs_cells(w, s->attrs, NULL);
  odout_write(w->out, "\r\n", 2);
  return 0;
}

static int obs(OdWriter *w, const OdSeriesView *s, const OdObs *o) {
  (void)s;
  row_start(w, o->dims);
  odout_write(w->out, ",", 1);
  odout_csv(w->out, o->period);
  odout_write(w->out, ",", 1);
  if (o->has_value) odout_num(w->out, o->value);
  attrs_cells(w, o->series_attrs, o);
  odout_write(w->out, "\r\n", 2);
  return 0;
}

const OdWriterOps odw_ops_sdmx_csv = {begin, series, obs, NULL, NULL, NULL};
