/*
** opendata: open data and official statistics as SDMX 2.1 cubes (schema
** 0009, seeded by 0013; see doc/opendata.md). This module owns the model
** (agencies, code lists, concepts, structures, dataflows and their
** versions, series, observations), loading, governance (access levels,
** release times and embargo, immutable published versions, revisions,
** statistical disclosure control, audit) and the built-in dataflows computed
** from the parliamentary record.
**
** Every output (SDMX REST and files, JSON-stat, CSVW, XLSX, DCAT, pages,
** charts) reads the cube ONLY through od_flow_resolve()/od_flows_list() and
** od_obs_each(): they apply the visibility rule, so an output cannot show an
** embargoed, draft or non-public version by mistake.
**
** Visibility (od_version_visible):
**   - a draft is seen only by data officers (CAP_DATA);
**   - a published version is seen by anyone allowed the flow's access level
**     once release_at <= now, and by data officers at any time (to check an
**     embargoed release before it goes out);
**   - access level public: everyone; restricted: users holding
**     CAP_DATA_READ (role "researcher", and data officers, administrators);
**     non_public: data officers (CAP_DATA) only.
** A flow or version the actor may not see is MJ_ENOTFOUND, never
** MJ_EDENIED, so its existence is not revealed.
**
** Disclosure control is applied once, when a version is published (and to
** every built-in version before it is stored): suppressed cells are stored
** with value NULL, OBS_STATUS 'C' and CONF_STATUS 'C'. A published version
** never changes, so every output reads the same protected table and no
** output can forget the rule; the unprotected figures exist only in the
** draft, which only data officers see.
**
** Threads: functions take the caller's Db (a per-thread connection on the
** server). Strings in returned structures live in the caller's Arena.
*/
#ifndef MJ_OPENDATA_H
#define MJ_OPENDATA_H

#include <stdint.h>
#include <stdio.h>

#include "audit.h"
#include "base.h"
#include "db.h"

/* The agency of this parliament's own dataflows (seeded by 0013). */
#define OD_AGENCY "MAJLIS"

/* Limits of what a definition or a load may hold. */
#define OD_MAX_DIMS 16
#define OD_MAX_COMPONENTS 40
#define OD_MAX_LOAD_BYTES (64u << 20)

/* Text in the three languages (any may be NULL). */
typedef struct OdText {
  const char *ar, *en, *az;
} OdText;
/* The text in lang ("ar", "en", "az"), else Arabic, else English, else "". */
const char *od_text(const OdText *t, const char *lang);

typedef struct OdCode {
  const char *code;
  const char *parent; /* hierarchical code lists; NULL at the top */
  int position;
  OdText name;
} OdCode;

typedef struct OdCodelist {
  int64_t id;
  const char *agency, *code, *version;
  OdText name;
  OdCode *codes; /* in position order */
  int ncodes;
} OdCodelist;
/* The code, or NULL. */
const OdCode *od_code_find(const OdCodelist *cl, const char *code);

typedef enum OdKind { OD_DIMENSION = 0, OD_TIME, OD_MEASURE, OD_ATTRIBUTE } OdKind;

typedef struct OdComponent {
  const char *code;       /* the concept: FREQ, TIME_PERIOD, OBS_VALUE, OBS_STATUS ... */
  OdKind kind;
  const char *kind_name;  /* "dimension", "time", "measure", "attribute" */
  int position;           /* dimensions: 1-based order in the series key */
  OdText name;            /* the concept's name (the code when none is defined) */
  const char *concept_agency;
  const OdCodelist *codelist; /* NULL when the component is not coded */
  const char *attachment; /* attributes: "dataset", "series", "observation"; else NULL */
  int required;
} OdComponent;

typedef struct OdVersion {
  int64_t id;
  const char *version;    /* "1.0", "1.1", ... */
  const char *status;     /* "draft" or "published" */
  const char *release_at; /* ISO 8601 UTC; NULL for a draft */
  const char *note;       /* the version note, or NULL */
  const char *created_at, *published_at, *published_by;
  const char *updated_at; /* last change of its observations (ISO 8601 UTC) */
  int64_t nobs;           /* its observations */
} OdVersion;

typedef struct OdFlow {
  int64_t id;
  const char *agency, *code;
  OdText name, description;
  const char *access;        /* "public", "restricted", "non_public" */
  const char *themes_json;   /* JSON array of EU data themes: ["GOVE"] */
  const char *keywords_json; /* JSON array: [{"lang":"ar","value":"..."}] */
  const char *contact_name, *contact_email, *license;
  int builtin;
  int sdc_threshold;         /* 0: no disclosure control */
  const char *created_at, *created_by;
  /* the structure (DSD) */
  int64_t dsd_id;
  const char *dsd_agency, *dsd_code, *dsd_version;
  OdText dsd_name;
  OdComponent *comps;        /* all, in order: dimensions by position, time, measure, attributes */
  int ncomps;
  int ndims;                 /* comps[0 .. ndims-1] are the dimensions (TIME_PERIOD excluded) */
  int time_idx, measure_idx; /* indexes into comps */
  /* the chosen version (the one asked for, or the newest the actor sees) */
  OdVersion ver;
  /* every version the actor may see, newest first (ver is one of them) */
  OdVersion *versions;
  int nversions;
} OdFlow;

/* The component with that code, or NULL. */
const OdComponent *od_component(const OdFlow *f, const char *code);

/* ---- access ---- */

/* 1 when the actor may see flows of this access level at all (published
** and released versions), else 0. */
int od_access_allows(const Actor *who, const char *access);
/* The visibility rule above for one version; now: epoch seconds. */
int od_version_visible(const Actor *who, const char *access, const char *status, const char *release_at,
                       int64_t now);

/* ---- structure lookups ---- */

/* Resolves a flow reference for an actor at time now (epoch seconds):
**   "CODE", "AGENCY,CODE", "AGENCY,CODE,VERSION" (also "AGENCY:CODE(VERSION)",
**   as in SDMX-CSV). VERSION "latest", "*" or absent: the newest version the
**   actor may see; "+" too (the newest published one it may see).
** On success *out (in arena a) holds the flow, its structure with code lists
** and the chosen version. MJ_ENOTFOUND when the flow or the version does not
** exist OR the actor may not see it (drafts, embargoed releases, flows above
** the actor's access level); MJ_EINVAL for a malformed reference. */
int od_flow_resolve(Db *db, Arena *a, const Actor *who, int64_t now, const char *ref, OdFlow **out);
/* The same with the parts given apart (agency NULL or "all": any agency;
** version NULL, "latest", "*" or "+": the newest visible). */
int od_flow_get(Db *db, Arena *a, const Actor *who, int64_t now, const char *agency, const char *code,
                const char *version, OdFlow **out);
/* Every flow the actor may see (with at least one visible version), ordered
** by agency and code, each with its structure and newest visible version.
** agency NULL: all agencies. */
int od_flows_list(Db *db, Arena *a, const Actor *who, int64_t now, const char *agency, OdFlow ***out, int *n);
/* A code list by agency, code and version (NULL or "latest": the highest);
** code lists are public structural metadata. MJ_ENOTFOUND if missing. */
int od_codelist_get(Db *db, Arena *a, const char *agency, const char *code, const char *version,
                    const OdCodelist **out);
/* Every code list (agency NULL: all), ordered by agency, code, version. */
int od_codelists_list(Db *db, Arena *a, const char *agency, const OdCodelist ***out, int *n);

/* ---- observations ---- */

/* A series-key filter: for each dimension (in DSD order) the codes wanted,
** none meaning all. Parsed from the SDMX REST key syntax
** "A.COUNCIL+COMMITTEE_1." (positions separated by '.', codes joined by '+',
** empty = all; "all" or "" = everything). Unknown codes are MJ_EINVAL. */
typedef struct OdKeyFilter {
  int ndims;
  const char **codes[OD_MAX_DIMS];
  int ncodes[OD_MAX_DIMS];
} OdKeyFilter;
int od_key_parse(Arena *a, const OdFlow *f, const char *key, OdKeyFilter *out);

typedef struct OdQuery {
  const OdKeyFilter *key;   /* NULL: all series */
  const char *start_period; /* SDMX period or date; observations ending before it are left out */
  const char *end_period;   /* observations starting after it are left out */
  int64_t updated_after;    /* epoch seconds; 0: all */
  int first_n, last_n;      /* per series (firstNObservations / lastNObservations); 0: all */
} OdQuery;

/* One observation as od_obs_each() gives it. dims[i] is the code of
** dimension i (comps[i]); value is meaningful only when has_value. */
typedef struct OdObs {
  int64_t series_id;
  const char *key;         /* "A.COUNCIL.ORDINARY" */
  const char **dims;       /* ndims codes */
  const char *series_attrs;/* JSON object of series-level attributes */
  const char *period, *period_start, *period_end;
  int has_value;
  double value;
  const char *status;      /* OBS_STATUS */
  const char *conf;        /* CONF_STATUS */
  const char *attrs;       /* JSON object of other observation attributes, or NULL */
  int64_t updated_at;      /* epoch seconds */
} OdObs;
/* Called per observation in series-key then period order; a non-zero
** return stops the walk and is returned. The OdObs is valid during the call. */
typedef int (*OdObsFn)(void *arg, const OdFlow *f, const OdObs *o);
/* Walks the chosen version's observations matching q (NULL: all). The
** flow must come from od_flow_resolve/od_flow_get/od_flows_list (which
** checked visibility). *count (may be NULL) receives how many were given. */
int od_obs_each(Db *db, const OdFlow *f, const OdQuery *q, OdObsFn fn, void *arg, int64_t *count);
/* Counts what od_obs_each(f, q) would give, without reading any
** observation out: the series with at least one, the observations, and the
** newest updated_at among them (epoch seconds; 0 if none). */
int od_obs_count(Db *db, const OdFlow *f, const OdQuery *q, int64_t *nseries, int64_t *nobs, int64_t *max_updated);
/* The same, collected into an arena array. */
int od_obs_fetch(Db *db, Arena *a, const OdFlow *f, const OdQuery *q, OdObs **out, int *n);
/* Dataset-level attributes of the chosen version as a JSON object text. */
const char *od_dataset_attrs(Db *db, Arena *a, const OdFlow *f);

/* ---- periods and times ---- */

/* An ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][.fff]
** with Z or +HH:MM; no zone means UTC) to epoch seconds; MJ_EINVAL with a
** reason otherwise. release_at values are written as YYYY-MM-DDTHH:MM:SSZ. */
int od_iso_parse(const char *s, int64_t *out);
/* Sets the error to "<prefix>: <the current error message>" (a copy is
** taken first: mj_fail cannot format its own message) and returns code. */
int od_fail_prefixed(int code, const char *prefix);

/* Parses an SDMX reporting period: 2024 (A), 2024-S1 (S), 2024-Q1 (Q),
** 2024-03 (M), 2024-W05 (W, ISO 8601 week), 2024-03-05 (D); also 2024-A1,
** 2024-M03 and 2024-D065 (day of year). Writes its first and last day as
** YYYY-MM-DD and its frequency letter. MJ_EINVAL with a reason otherwise. */
int od_period_parse(const char *p, char start[11], char end[11], char *freq);

/* ---- definitions ---- */

/* Defines (or updates the metadata of) a dataflow from the JSON definition
** format of doc/opendata.md: code lists, concepts, the structure and the
** flow. One transaction, audited; needs CAP_DATA. A code list or structure
** that exists with the same agency, id and version must be identical (else
** MJ_ECONFLICT: give it a new version). A flow that exists keeps its
** structure; its names, access level, threshold and catalogue metadata are
** updated. A new flow gets an empty draft version 1.0. name: the file name
** for messages. *flow_id (may be NULL) receives the flow's id. */
int od_define_json(Db *db, const Actor *who, const char *name, const char *json, size_t len, int64_t *flow_id);
int od_define_file(Db *db, const Actor *who, const char *path, int64_t *flow_id);
/* The same from an SDMX-ML 2.1 Structure message holding one dataflow (its
** code lists, concepts and data structure); access level public. */
int od_define_sdmxml(Db *db, const Actor *who, const char *name, const char *xml, size_t len, int64_t *flow_id);

/* ---- loads ---- */

typedef struct OdLoadOptions {
  const char *map;     /* plain CSV: "col=COMPONENT,..." (NULL: the file is SDMX-CSV) */
  const char *fixed;   /* "COMPONENT=CODE,...": values for components the file lacks */
  int replace;         /* empty the draft first (else observations are added or replaced one by one) */
} OdLoadOptions;

typedef struct OdLoadReport {
  int rows;            /* data rows read */
  int added, changed, unchanged;
  int series_added;
  char version[16];    /* the draft loaded into */
} OdLoadReport;

/* Loads observations into the flow's draft version (MJ_ECONFLICT when the
** newest version is published: start a revision first). The whole file is
** checked; any invalid code, period or value refuses all of it with
** "FILE:LINE: reason". One transaction, audited; needs CAP_DATA. flow: a
** reference as in od_flow_resolve (a data officer sees drafts); NULL takes
** the flow from the SDMX-CSV's DATAFLOW/STRUCTURE_ID column. */
int od_load_csv(Db *db, const Actor *who, const char *flow, const char *name, const char *data, size_t len,
                const OdLoadOptions *o, OdLoadReport *r);
int od_load_file(Db *db, const Actor *who, const char *flow, const char *path, const OdLoadOptions *o,
                 OdLoadReport *r);

/* ---- governance ---- */

typedef struct OdSdcReport {
  int cells;           /* cells in the tables checked */
  int primary;         /* below the threshold */
  int secondary;       /* suppressed so that the primary ones cannot be recovered */
} OdSdcReport;

/* Publishes the flow's draft: applies disclosure control (if the flow has
** a threshold), fixes release_at (ISO 8601, e.g. 2025-01-31T09:00:00Z;
** NULL: now) and the note, freezes it, and records a release-calendar
** entry. The version is public from release_at, not a second before.
** Needs CAP_DATA; one transaction, audited. *sdc (may be NULL) receives what
** was suppressed. */
int od_publish(Db *db, const Actor *who, const char *flow, const char *release_at, const char *note,
               int64_t now, OdSdcReport *sdc);
/* Starts a revision: a new draft version (minor number + 1) holding a copy
** of the newest version's series and observations; the published versions
** stay as they were. MJ_ECONFLICT when a draft already exists. *version
** (may be NULL) receives the new version's number (arena a). */
int od_revise(Db *db, Arena *a, const Actor *who, const char *flow, const char *note, const char **version);
/* Announces a release in the calendar (a flow, a time, a title). */
int od_release_announce(Db *db, const Actor *who, const char *flow, const char *release_at, const char *title_ar,
                        const char *title_en);

typedef struct OdRelease {
  int64_t id;
  const char *agency, *code;
  OdText flow_name;
  const char *release_at, *title_ar, *title_en;
  const char *version;     /* the version released (or to be), or NULL */
  int released;            /* release_at <= now and the version is published */
} OdRelease;
/* The release calendar from `from` (ISO date/time; NULL: all) for the
** flows the actor may see, in time order. Embargoed entries show the flow
** and the time, never the figures. */
int od_releases(Db *db, Arena *a, const Actor *who, int64_t now, const char *from, OdRelease **out, int *n);

/* Records a download of a restricted or non-public flow in the audit trail
** (public downloads are not audited: nothing to protect, and it would
** flood the trail). format: "sdmx-csv", "xlsx", ...; opens its own
** transaction. MJ_OK without writing anything for public flows. */
int od_audit_download(Db *db, const Actor *who, const OdFlow *f, const char *format);

/* How a suppressed cell is marked (SDMX cross-domain codes): OBS_STATUS Q
** "Missing value; suppressed", CONF_STATUS C "Confidential statistical
** information" (primary and secondary alike, so the marks do not tell
** which cells were small). */
#define OD_OBS_SUPPRESSED "Q"
#define OD_CONF_SUPPRESSED "C"

/* ---- disclosure control (the pure core; doc/opendata.md) ----
** A table is a set of cells and additivity equations "total = sum of
** children" (one per line of a hierarchical or _T code in one dimension,
** others fixed). */
typedef struct OdSdcCell {
  double value;
  int has_value;
  int suppressed;      /* 0, 1 primary, 2 secondary, 3 already withheld (NULL) */
} OdSdcCell;
typedef struct OdSdcEq {
  int total;           /* cell index */
  int *children;
  int nchildren;
} OdSdcEq;
typedef struct OdSdcTable {
  OdSdcCell *cells;
  int ncells;
  OdSdcEq *eqs;
  int neqs;
} OdSdcTable;
/* Primary suppression of cells with 0 <= value < threshold, then secondary
** suppression until no suppressed cell is determined by the equations.
** Returns the counts. */
void od_sdc_protect(OdSdcTable *t, int threshold, OdSdcReport *r);
/* 1 when the equations and the published (unsuppressed) cells determine
** the value of cell i uniquely (exact linear algebra over the equations). */
int od_sdc_determined(const OdSdcTable *t, int i);
/* Where a cell of a stored table lives. */
typedef struct OdSdcRef {
  int64_t series_id;
  const char *key, *period;
} OdSdcRef;
/* Builds the table of one version's observations: a cell per observation
** (value NULL with CONF_STATUS C or OBS_STATUS Q: already withheld;
** missing values (O, M, L) are left out), and an equation per line of a
** dimension whose code list has a hierarchy or a _T total, the other
** dimensions and the period fixed. Arena a; *refs[i] locates cell i. */
int od_sdc_table(Db *db, Arena *a, int64_t version_id, OdSdcTable *t, OdSdcRef **refs);

/* ---- built-in dataflows (computed from the record) ---- */

typedef struct OdRefreshReport {
  int flows;           /* built-in flows checked */
  int versions;        /* new versions published */
  int unchanged;       /* flows whose figures did not change */
} OdRefreshReport;
/* Recomputes every built-in flow from the record (closed sittings only, so
** figures do not move during a sitting) and publishes a new version of each
** whose figures changed (release now, note "refreshed from the record").
** Needs CAP_DATA; audited. */
int od_builtin_refresh(Db *db, const Actor *who, int64_t now, OdRefreshReport *r);
/* For readers (the server's pages and REST): refreshes when the record
** changed since the last refresh (a cheap marker over the record's tables)
** and at most once every min_interval seconds per process. Acts as
** "system". Safe to call from any thread; cheap when nothing is due. */
int od_builtin_maybe_refresh(Db *db, int64_t now, int min_interval);
/* The instance's data contact (opendata_builtin.c): the settings
** opendata_contact_name and opendata_contact_email; the name defaults to
** "Secretariat — <instance_name>", the e-mail to none (*email NULL). The
** built-in flows carry it; outputs use it for a flow without a contact. */
void od_data_contact(Db *db, Arena *a, const char **name, const char **email);
/* Gives the built-in flows the current data contact (audited as
** dataset.update when it changed). Inside the caller's transaction. */
int od_builtin_contact_sync(Db *db, const Actor *who);
/* A speech's duration in seconds, as DF_SPEAKING_TIME counts it: media
** times (ms) when both are known, else its start and end times (HH:MM[:SS]),
** else the time until the next speech of the sitting starts (next_start;
** "" for the last speech: 0). Capped at two hours. */
int od_speech_seconds(int64_t media_start, int64_t media_end, int have_media, const char *start, const char *end,
                      const char *next_start, int *secs);
/* The record's change marker (exposed for tests). */
char *od_record_marker(Db *db, Arena *a);

/* The demo's open data (called by demo_create once the record exists): the
** built-in flows, a published dataset (DF_TRAINING) and one embargoed until
** 09:00 UTC tomorrow (DF_VISITORS, announced in the calendar). Figures are
** drawn from seed; today (YYYY-MM-DD) anchors their periods. */
int od_demo(Db *db, const Actor *who, const char *today, uint64_t seed);

/* ---- SDMX-CSV (the minimal writer the CLI export uses) ---- */
/* Writes the observations of a resolved flow as SDMX-CSV 2.0
** (STRUCTURE,STRUCTURE_ID,ACTION,dims...,TIME_PERIOD,OBS_VALUE,attrs...). */
int od_write_sdmx_csv(Db *db, const OdFlow *f, const OdQuery *q, FILE *fp, int64_t *count);

#endif
