/*
** odwrite: the writers of open data. One cube model in memory (a flow's
** structure, series, observations) and one streaming writer per output
** format: SDMX-CSV 1.0, SDMX-JSON 1.0 (data), SDMX-ML 2.1 (generic and
** structure-specific data), JSON-stat 2.0, plain CSV, XLSX; plus the
** metadata files that go beside a download (CSV on the Web, Frictionless
** datapackage.json) and the SDMX structure messages (dataflow, data
** structure, code list) in SDMX-ML and SDMX-JSON.
**
** A writer knows bytes and formats, nothing of SQLite or HTTP: the query
** engine (src/domain/odquery.c) feeds it series and observations in key and
** period order, and it writes through an OdOut, a small buffered sink whose
** flush function is a file, a socket or a memory buffer. Every writer keeps
** constant memory in the number of observations, except JSON-stat (its
** category lists and sizes come first, so it takes the dimension values from
** the caller) and XLSX (libxlsxwriter's constant-memory mode writes rows to
** a temporary file; the zip is assembled at the end).
*/
#ifndef MJ_ODWRITE_H
#define MJ_ODWRITE_H

#include <stdint.h>
#include <stdio.h>

#include "base.h"

/* The cube's types (OdFlow, OdComponent, OdCodelist, OdObs, OdText) are
** declared in src/domain/opendata.h, which owns the model; this header
** uses them as plain data and calls nothing of the domain. */
#include "opendata.h"

/* The label in language lang (0 ar, 1 en, 2 az), else Arabic, else
** English, else dflt. */
const char *odw_text(const OdText *t, int lang, const char *dflt);
/* The label of `code` in component c's code list (the code itself when c is
** not coded or does not list it). */
const char *odw_code_label(const OdComponent *c, const char *code, int lang);
/* The index in f->comps of dimension `code` (0 .. ndims-1), -1 if none. */
int odw_dim_index(const OdFlow *f, const char *code);

/* A series as the writers see it: a time series (period NULL), or, when a
** dimension other than TIME_PERIOD is at the observation level, a cross
** section at one period whose dims[obs_dim] is NULL. */
typedef struct OdSeriesView {
  const char *key;          /* the series key ("A.BH.M"; the observation dimension left empty in a cross section) */
  const char *const *dims;  /* f->ndims codes */
  const char *attrs;        /* series-level attributes, a JSON object text */
  const char *period;       /* cross sections only */
} OdSeriesView;

/* A small open-addressing table from strings to their order of insertion,
** for value lists (SDMX-JSON, JSON-stat, the query engine). Owns copies of its keys. */
typedef struct OdIntern {
  char **keys;   /* in insertion order */
  int n, cap;
  int *slots;    /* hash slots holding index+1 */
  int nslots;
} OdIntern;
void odi_init(OdIntern *t);
void odi_free(OdIntern *t);
/* The index of s, adding it when new. */
int odi_get(OdIntern *t, const char *s);
/* The index of s, or -1. */
int odi_find(const OdIntern *t, const char *s);

/* ---- output ---- */

/* A buffered sink. `flush` receives each full buffer and the rest at the
** end; it returns 0 or an MjCode (a closed socket: MJ_EIO), which sticks in
** err and stops further writing. total counts every byte written. */
typedef struct OdOut {
  int (*flush)(void *ctx, const char *p, size_t n);
  void *ctx;
  char buf[16384];
  size_t n;
  uint64_t total;
  int err;
} OdOut;
void odout_init(OdOut *o, int (*flush)(void *ctx, const char *p, size_t n), void *ctx);
/* A sink that writes to a stdio stream. */
void odout_init_file(OdOut *o, FILE *fp);
/* A sink that appends to a Buf (bounded by the Buf's maximum: MJ_ETOOBIG). */
void odout_init_buf(OdOut *o, Buf *b);
void odout_write(OdOut *o, const char *p, size_t n);
void odout_puts(OdOut *o, const char *s);
void odout_printf(OdOut *o, const char *fmt, ...) MJ_PRINTF(2, 3);
/* s as the content of a JSON string (no quotes). */
void odout_json_str(OdOut *o, const char *s);
/* s quoted as a JSON string, or null. */
void odout_json_q(OdOut *o, const char *s);
/* s as a CSV field (RFC 4180: quoted when it holds , " CR or LF). */
void odout_csv(OdOut *o, const char *s);
/* s escaped for XML text and double-quoted attributes. */
void odout_xml(OdOut *o, const char *s);
/* A number as the shortest text that reads back as the same double. */
void odout_num(OdOut *o, double v);
/* Flushes the buffer; returns o->err. */
int odout_flush(OdOut *o);

/* ---- data writers ---- */

typedef enum {
  OD_FMT_SDMX_CSV = 0, /* application/vnd.sdmx.data+csv;version=1.0.0 */
  OD_FMT_SDMX_JSON,    /* application/vnd.sdmx.data+json;version=1.0.0 */
  OD_FMT_SDMX_ML_GENERIC,   /* application/vnd.sdmx.genericdata+xml;version=2.1 */
  OD_FMT_SDMX_ML_SS,        /* application/vnd.sdmx.structurespecificdata+xml;version=2.1 */
  OD_FMT_CSV,          /* plain CSV with codes and labels (text/csv) */
  OD_FMT_JSONSTAT,     /* JSON-stat 2.0 (application/json) */
  OD_FMT_XLSX,         /* Office Open XML workbook */
  OD_FMT_COUNT
} OdFormat;

/* "csv" "sdmx-csv" "json" "sdmx-json" "xml" "sdmx-ml" "genericdata"
** "structurespecificdata" "jsonstat" "xlsx" -> a format; -1 when unknown. */
int od_format_parse(const char *name);
const char *od_format_name(OdFormat f);      /* "sdmx-csv", ... */
const char *od_format_mime(OdFormat f);      /* the media type sent */
const char *od_format_ext(OdFormat f);       /* "csv", "json", "xml", "xlsx" */

typedef enum { OD_DETAIL_FULL = 0, OD_DETAIL_DATAONLY, OD_DETAIL_SERIESKEYSONLY, OD_DETAIL_NODATA } OdDetail;

typedef struct OdWriteOpts {
  int lang;              /* labels */
  OdDetail detail;
  int obs_dim;           /* -1: TIME_PERIOD at observation level; -2: AllDimensions; else a dimension index */
  const char *base_url;  /* "https://host" for links (structure URLs); "" when unknown */
  const char *message_id;/* SDMX message header ID */
  const char *prepared;  /* ISO 8601 UTC of the message */
  const char *sender;    /* the sending agency */
  int csv_labels;        /* SDMX-CSV labels=both: "CODE: Label" */
  int csv_v2;            /* SDMX-CSV 2.0 (STRUCTURE,STRUCTURE_ID,ACTION) instead of 1.0 (DATAFLOW) */
  /* JSON-stat: the values of each dimension present in the result, in
  ** order (ndims + 1 lists; the last one is TIME_PERIOD). Required there
  ** because JSON-stat gives the categories before the values. */
  char ***dim_values;
  int *dim_nvalues;
  const char *xlsx_tmpdir; /* where libxlsxwriter may write (NULL: $TMPDIR or /tmp) */
  const char *dataset_attrs; /* the version's dataset-level attributes (JSON object text) or NULL */
} OdWriteOpts;

typedef struct OdWriter OdWriter;
/* A writer for format `fmt` over `out`. The flow and options must outlive
** it. Call begin, then for each series in order: series, obs..., series_end;
** then end, then od_writer_free. Each returns 0 or an MjCode. XLSX writes
** its workbook to out at end (it needs the whole sheet before zipping). */
OdWriter *od_writer_new(OdFormat fmt, const OdFlow *f, const OdWriteOpts *o, OdOut *out);
int od_writer_begin(OdWriter *w);
int od_writer_series(OdWriter *w, const OdSeriesView *s);
int od_writer_obs(OdWriter *w, const OdSeriesView *s, const OdObs *o);
int od_writer_series_end(OdWriter *w);
int od_writer_end(OdWriter *w);
void od_writer_free(OdWriter *w);

/* ---- metadata beside a download ---- */

/* CSV on the Web (W3C tabular metadata) describing the plain CSV at csv_url. */
void od_write_csvw(OdOut *o, const OdFlow *f, int lang, const char *csv_url);
/* A Frictionless data package with one resource per download format. */
void od_write_datapackage(OdOut *o, const OdFlow *f, int lang, const char *base_url);

/* ---- SDMX structure messages ---- */

typedef enum { OD_STRUCT_DATAFLOW, OD_STRUCT_DATASTRUCTURE, OD_STRUCT_CODELIST } OdStructKind;
typedef struct OdStructMsg {
  OdStructKind kind;
  int nflows;
  OdFlow **flows;          /* dataflow and datastructure messages */
  int ncodelists;
  const OdCodelist **codelists;  /* codelist messages; with references=all also the others */
  int with_codelists;      /* datastructure: also the code lists the structures use */
} OdStructMsg;
/* SDMX-ML 2.1 structure message. */
void od_write_structure_xml(OdOut *o, const OdStructMsg *m, const OdWriteOpts *w);
/* SDMX-JSON structure message (1.0 draft shape: data.dataflows etc.). */
void od_write_structure_json(OdOut *o, const OdStructMsg *m, const OdWriteOpts *w);

#endif
