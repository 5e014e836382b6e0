/*
** opendata_int.h: what the files of the open-data module share and nobody
** else uses (opendata.c, opendata_load.c, opendata_gov.c,
** opendata_builtin.c). The public interface is opendata.h.
*/
#ifndef MJ_OPENDATA_INT_H
#define MJ_OPENDATA_INT_H

#include <jansson.h>

#include "opendata.h"

/* A column as an arena copy, or NULL. */
const char *od_col(Arena *a, sqlite3_stmt *st, int i);
void od_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Steps a statement that returns no rows; db_err naming `what` on failure. */
int od_step_done(Db *db, sqlite3_stmt *st, const char *what);

/* "M.m" -> comparable number (major * 100000 + minor); -1 if malformed. */
int64_t od_version_rank(const char *v);
/* 1 for an SDMX identifier [A-Za-z0-9_@$-]{1,50}. */
int od_id_ok(const char *s);

/* The flow row (by agency/code) regardless of visibility: id, access,
** dsd id, builtin, threshold. MJ_ENOTFOUND if missing. */
typedef struct OdFlowRow {
  int64_t id, dsd_id;
  const char *agency, *code, *access;
  int builtin, sdc_threshold;
} OdFlowRow;
int od_flow_row(Db *db, Arena *a, const char *agency, const char *code, OdFlowRow *out);
/* Splits a reference into agency (may be NULL), code, version (may be NULL). */
int od_ref_split(Arena *a, const char *ref, const char **agency, const char **code, const char **version);
/* Loads the flow's structure into f (comps, dims, codelists). */
int od_load_structure(Db *db, Arena *a, OdFlow *f);
/* The draft version of a flow (0 when none). */
int64_t od_draft_of(Db *db, int64_t flow_id);
/* Touches a version's updated_at. */
int od_version_touch(Db *db, int64_t version_id, int64_t now);

/* Disclosure control of one stored version (used by publish and the
** built-in refresh): builds its table, protects it, writes the
** suppressions. Must run inside the caller's transaction. */
int od_sdc_apply(Db *db, int64_t version_id, int threshold, OdSdcReport *r);

/* Applies disclosure control (threshold > 0) to a draft and publishes it
** with release time relz (ISO 8601 UTC) and note. Inside the caller's
** transaction; no audit row (the caller writes it). */
int od_freeze(Db *db, const Actor *who, int64_t draft, int threshold, const char *relz, const char *note, int64_t now,
              OdSdcReport *sdc);
/* Defines from a parsed JSON definition (od_define_json after parsing; the
** SDMX-ML import builds one). Its own transaction. */
int od_define_root(Db *db, const Actor *who, const char *name, json_t *root, int64_t *flow_id);
/* The next version number after the flow's newest ("1.0" when none). */
const char *od_next_version(Db *db, Arena *a, int64_t flow_id);

#endif
