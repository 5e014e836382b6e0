/*
** odwrite_int.h: private to the open-data writers (src/formats/od*.c,
** sdmx_*.c, jsonstat.c, xlsx.c). The writer object, each format's
** operations, and helpers the formats share.
*/
#ifndef MJ_ODWRITE_INT_H
#define MJ_ODWRITE_INT_H

#include <jansson.h>

#include "odwrite.h"

typedef struct OdWriterOps {
  int (*begin)(OdWriter *w);
  int (*series)(OdWriter *w, const OdSeriesView *s);
  int (*obs)(OdWriter *w, const OdSeriesView *s, const OdObs *o);
  int (*series_end)(OdWriter *w);
  int (*end)(OdWriter *w);
  void (*free)(OdWriter *w);
} OdWriterOps;

struct OdWriter {
  const OdWriterOps *ops;
  OdFormat fmt;
  const OdFlow *f;
  const OdWriteOpts *o;
  OdOut *out;
  void *st;             /* the format's state */
  /* the series attributes last parsed (cached by pointer and text) */
  const char *attrs_src;
  char *attrs_copy;
  json_t *attrs;
  json_t *ds_attrs;     /* the dataset-level attributes, parsed once */
  int nattr;            /* attributes of the structure */
  const OdComponent **attr; /* them, in order */
};

extern const OdWriterOps odw_ops_sdmx_csv, odw_ops_sdmx_json, odw_ops_sdmx_ml, odw_ops_csv,
    odw_ops_jsonstat, odw_ops_xlsx;

/* The value of attribute a for observation o of a series with attributes
** series_attrs (JSON object text): OBS_STATUS and CONF_STATUS from their
** columns, series- and dataset-level ones from the series' object, others
** from the observation's. Returns NULL when absent. Text valid until the
** next call for another series (numbers are formatted into tmp). */
const char *odw_attr_value(OdWriter *w, const OdComponent *a, const char *series_attrs, const OdObs *o,
                           char *tmp, size_t ntmp);
/* 1 when attribute a is attached at the observation level. */
int odw_attr_at_obs(const OdComponent *a);
/* The dataflow's SDMX reference "AGENCY:ID(VERSION)". */
const char *odw_flow_ref(const OdFlow *f, char *out, size_t n);
/* A period's first day as an ISO date for JSON-stat/XLSX labels: the period itself. */

#endif
