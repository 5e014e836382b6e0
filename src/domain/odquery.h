/*
** odquery: the data query engine of open data, with the semantics of the
** SDMX 2.1 REST data query. Over a flow that the caller has resolved for its
** Actor with od_flow_resolve()/od_flow_get() (src/domain/opendata.h: the
** visibility, embargo and access rules live there, once), it
**   - parses the SDMX key ("A.BH..M": empty positions mean any code, '+'
**     joins alternatives) and the query parameters (startPeriod, endPeriod,
**     updatedAfter, firstNObservations, lastNObservations, detail,
**     dimensionAtObservation) and the page (offset, limit);
**   - counts what a query selects before running it (series, observations),
**     so that a face can refuse an oversized query (413) before sending a
**     byte, and tell a pager the total;
**   - streams the result through callbacks, series in key order and
**     observations in period order, in constant memory: it reads through
**     od_obs_each(), which walks the (version, key) and (series, period)
**     indexes and collects nothing;
**   - or writes it straight into any output format of src/formats/odwrite.h.
** A dimensionAtObservation other than TIME_PERIOD or AllDimensions groups
** observations into cross sections: those are collected (bounded by the
** cells limit the face enforces first) and sorted in memory.
**
** Disclosure control needs nothing here: od_publish() stores suppressed
** cells as missing (status C), and only data officers see drafts.
** Threads: every function uses only the Db and Arena it is given.
*/
#ifndef MJ_ODQUERY_H
#define MJ_ODQUERY_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "odwrite.h"
#include "opendata.h"

/* The parameters of a data query, as text from a URL or the command line
** (NULL: absent). */
typedef struct OdqParams {
  const char *key;           /* "A.BH..M", "A+Q.BH..", "all", "" or NULL: everything */
  const char *start_period;  /* startPeriod: an SDMX period or date */
  const char *end_period;    /* endPeriod */
  const char *updated_after; /* updatedAfter: ISO 8601 date or date-time (Z, +03:00) */
  const char *first_n;       /* firstNObservations: per series, a positive whole number */
  const char *last_n;        /* lastNObservations */
  const char *detail;        /* full (default), dataonly, serieskeysonly, nodata */
  const char *dim_at_obs;    /* dimensionAtObservation: TIME_PERIOD (default), AllDimensions, or a dimension id */
  long long offset;          /* the page: skip this many cells (observations; series for serieskeysonly/nodata) */
  long long limit;           /* and return at most this many (0: no limit) */
} OdqParams;

typedef struct OdqQuery {
  const OdFlow *flow;
  OdKeyFilter key;         /* parsed key */
  OdQuery q;               /* what od_obs_each filters on */
  OdDetail detail;
  int obs_dim;             /* -1 TIME_PERIOD, -2 AllDimensions, else the index of a dimension */
  long long offset, limit;
  /* filled by odq_count: */
  int64_t nseries;         /* series with at least one selected observation */
  int64_t nobs;            /* observations selected (before paging) */
  int64_t max_updated;     /* the newest updated_at among them (epoch seconds; 0 if none) */
} OdqQuery;

/* Parses "full", "dataonly", "serieskeysonly", "nodata" (NULL: full). */
int odq_parse_detail(const char *s, OdDetail *out);
/* Parses an ISO 8601 date or date-time with optional zone (Z, +03:00,
** +0300; a '+' that URL decoding turned into a space is accepted) into
** epoch seconds; a date alone is its midnight UTC. MJ_EINVAL otherwise. */
int odq_parse_datetime(const char *s, int64_t *out);
/* Validates p against f and compiles it into q (strings in arena a).
** MJ_EINVAL with a message naming the parameter (key position, startPeriod,
** firstNObservations, dimensionAtObservation, ...). */
int odq_prepare(Arena *a, const OdFlow *f, const OdqParams *p, OdqQuery *q);
/* Counts what q selects, before paging, into q->nseries, q->nobs and
** q->max_updated, with the same rules as od_obs_each (key, periods,
** updatedAfter, first/last N per series), as aggregates over the version's
** indexes: no observation is read out. */
int odq_count(Db *db, OdqQuery *q);
/* The cells a reply to q holds after paging: observations (detail full or
** dataonly), or series (serieskeysonly, nodata). Call after odq_count. */
int64_t odq_cells(const OdqQuery *q);
/* The total the page is taken from (observations or series). */
int64_t odq_total(const OdqQuery *q);

/* Streaming callbacks; each returns 0 or an MjCode, which stops the run
** and is returned by odq_run. series_begin comes before the first
** observation of each series in the page (for serieskeysonly and nodata:
** once per series, with no observation after it). The views are valid
** during the call only. */
typedef struct OdqCallbacks {
  int (*series_begin)(void *ctx, const OdSeriesView *s);
  int (*obs)(void *ctx, const OdSeriesView *s, const OdObs *o);
  int (*series_end)(void *ctx);
} OdqCallbacks;
/* Runs q (series in key order, observations in period order, or cross
** sections in key-then-period order), honouring the page. */
int odq_run(Db *db, Arena *a, const OdqQuery *q, const OdqCallbacks *cb, void *ctx);

/* The distinct codes of every dimension in q's result, in code-list order,
** and, last (index f->ndims), the distinct periods in order. One extra
** pass; for writers that list categories first (JSON-stat). */
int odq_dim_values(Db *db, Arena *a, const OdqQuery *q, char ****values, int **nvalues);

/* Runs q into a new writer of format fmt over out (opts filled by the
** caller; dim_values and obs_dim are filled here). */
int odq_write(Db *db, Arena *a, const OdqQuery *q, OdFormat fmt, OdWriteOpts *opts, OdOut *out);

/* The temporal coverage of f's chosen version (its first and last day as
** YYYY-MM-DD, "" when it has no observation) and its observation count,
** as aggregates over the version's observations (for the catalogue). */
int odq_coverage(Db *db, const OdFlow *f, char start[11], char end[11], int64_t *nobs);
/* The size in bytes of f's chosen version in format fmt with labels in
** lang, computed by running the writer into a counting sink. Cached in
** memory per version, its update time, format and language (a published
** version never changes). */
int odq_byte_size(Db *db, const OdFlow *f, OdFormat fmt, int lang, int64_t *bytes);

/* For the command line (`majlis dataset export --format F`): writes the
** resolved flow f (its chosen version) to fp in format `format` (a name
** od_format_parse accepts: sdmx-csv, sdmx-json, sdmx-ml, structurespecific,
** csv, jsonstat, xlsx; or "csvw" / "datapackage" for the metadata files)
** with labels in lang (0 ar, 1 en, 2 az). p may be NULL (everything).
** The caller resolved f with od_flow_resolve (visibility) and records the
** download with od_audit_download. MJ_EINVAL for an unknown format or a bad
** parameter, with a message. */
int odq_export(Db *db, const OdFlow *f, const char *format, const OdqParams *p, int lang, FILE *fp);

#endif
