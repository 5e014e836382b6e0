/*
** opendata.c: the cube model's read side: access and visibility, flow
** references, structures with their code lists, observations with the
** SDMX REST filters, reporting periods, the download audit and a minimal
** SDMX-CSV writer. Loads and definitions are in opendata_load.c, governance
** (publish, revise, disclosure control, releases) in opendata_gov.c, the
** built-in flows in opendata_builtin.c. See opendata.h and doc/opendata.md.
*/
#include "opendata_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "user.h"

/* ---- small helpers shared by the module ---- */
const char *od_col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? arena_strdup(a, (const char *)s) : NULL;
}

void od_bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

int od_step_done(Db *db, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, what);
  db_done(st);
  return rc;
}

const char *od_text(const OdText *t, const char *lang) {
  if (lang && lang[0] == 'e' && t->en && *t->en) return t->en;
  if (lang && lang[0] == 'a' && lang[1] == 'z' && t->az && *t->az) return t->az;
  if (t->ar && *t->ar) return t->ar;
  if (t->en && *t->en) return t->en;
  return t->az ? t->az : "";
}

int od_id_ok(const char *s) {
  if (!s || !*s || strlen(s) > 50) return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
          *p == '@' || *p == '$' || *p == '-'))
      return 0;
  return 1;
}

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static int num(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

static int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

int od_iso_parse(const char *s, int64_t *out) {
  size_t n = s ? strlen(s) : 0;
  if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
    return mj_fail(MJ_EINVAL, "'%s' is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM:SSZ)", s ? s : "");
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = num(s, 4) - 1900;
  tm.tm_mon = num(s + 5, 2) - 1;
  tm.tm_mday = num(s + 8, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > days_in_month(num(s, 4), tm.tm_mon + 1))
    return mj_fail(MJ_EINVAL, "'%s' is not a valid date", s);
  const char *p = s + 10;
  int64_t off = 0;
  if (*p == 'T' || *p == ' ') {
    p++;
    if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2))
      return mj_fail(MJ_EINVAL, "'%s': the time must be HH:MM or HH:MM:SS", s);
    tm.tm_hour = num(p, 2);
    tm.tm_min = num(p + 3, 2);
    p += 5;
    if (*p == ':') {
      if (!digits(p + 1, 2)) return mj_fail(MJ_EINVAL, "'%s': the seconds must be two digits", s);
      tm.tm_sec = num(p + 1, 2);
      p += 3;
      if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) {}
    }
    if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) return mj_fail(MJ_EINVAL, "'%s' is not a valid time", s);
    if (*p == 'Z') p++;
    else if ((*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2)) {
      off = (int64_t)(num(p + 1, 2) * 3600 + num(p + 4, 2) * 60) * (*p == '+' ? 1 : -1);
      p += 6;
    }
  }
  if (*p) return mj_fail(MJ_EINVAL, "'%s' is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM:SSZ)", s);
  *out = (int64_t)timegm(&tm) - off;
  return MJ_OK;
}

int64_t od_version_rank(const char *v) {
  if (!v) return -1;
  const char *dot = strchr(v, '.');
  if (!dot || dot == v || !dot[1] || dot - v > 5 || strlen(dot + 1) > 5) return -1;
  if (!digits(v, (int)(dot - v)) || !digits(dot + 1, (int)strlen(dot + 1))) return -1;
  return (int64_t)num(v, (int)(dot - v)) * 100000 + num(dot + 1, (int)strlen(dot + 1));
}

int od_fail_prefixed(int code, const char *prefix) {
  char why[512];
  mj_strlcpy(why, mj_errmsg(), sizeof why);
  return mj_fail(code, "%s: %s", prefix, why);
}

/* ---- access ---- */
int od_access_allows(const Actor *who, const char *access) {
  if (!access) return 0;
  if (strcmp(access, "public") == 0) return 1;
  if (strcmp(access, "restricted") == 0) return (who->caps & (CAP_DATA_READ | CAP_DATA)) != 0;
  if (strcmp(access, "non_public") == 0) return (who->caps & CAP_DATA) != 0;
  return 0;
}

int od_version_visible(const Actor *who, const char *access, const char *status, const char *release_at,
                       int64_t now) {
  if (who->caps & CAP_DATA) return 1; /* data officers: drafts and embargoed releases too */
  if (!status || strcmp(status, "published") != 0 || !release_at) return 0;
  if (!od_access_allows(who, access)) return 0;
  int64_t t;
  if (od_iso_parse(release_at, &t)) {
    mj_errclear();
    return 0;
  }
  return t <= now;
}

/* ---- references ---- */
int od_ref_split(Arena *a, const char *ref, const char **agency, const char **code, const char **version) {
  *agency = *code = *version = NULL;
  if (!ref || !*ref || strlen(ref) > 200) return mj_fail(MJ_EINVAL, "a dataflow reference is CODE, AGENCY,CODE or AGENCY,CODE,VERSION");
  const char *colon = strchr(ref, ':');
  if (colon) { /* AGENCY:CODE(VERSION), as in SDMX-CSV */
    *agency = arena_strndup(a, ref, (size_t)(colon - ref));
    const char *par = strchr(colon, '(');
    if (par) {
      const char *close = strchr(par, ')');
      if (!close || close[1]) return mj_fail(MJ_EINVAL, "dataflow reference '%s': expected AGENCY:CODE(VERSION)", ref);
      *code = arena_strndup(a, colon + 1, (size_t)(par - colon - 1));
      *version = arena_strndup(a, par + 1, (size_t)(close - par - 1));
    } else {
      *code = arena_strdup(a, colon + 1);
    }
  } else {
    const char *c1 = strchr(ref, ',');
    if (!c1) *code = arena_strdup(a, ref);
    else {
      const char *c2 = strchr(c1 + 1, ',');
      *agency = arena_strndup(a, ref, (size_t)(c1 - ref));
      if (!c2) *code = arena_strdup(a, c1 + 1);
      else {
        if (strchr(c2 + 1, ','))
          return mj_fail(MJ_EINVAL, "dataflow reference '%s': at most AGENCY,CODE,VERSION", ref);
        *code = arena_strndup(a, c1 + 1, (size_t)(c2 - c1 - 1));
        *version = arena_strdup(a, c2 + 1);
      }
    }
  }
  if (*agency && (strcmp(*agency, "all") == 0 || strcmp(*agency, "*") == 0 || !**agency)) *agency = NULL;
  if (*version && (!**version || strcmp(*version, "latest") == 0 || strcmp(*version, "*") == 0)) *version = NULL;
  if (*agency && !od_id_ok(*agency)) return mj_fail(MJ_EINVAL, "dataflow reference '%s': '%s' is not an agency id", ref, *agency);
  if (!od_id_ok(*code)) return mj_fail(MJ_EINVAL, "dataflow reference '%s': '%s' is not a dataflow id", ref, *code);
  if (*version && strcmp(*version, "+") != 0 && od_version_rank(*version) < 0)
    return mj_fail(MJ_EINVAL, "dataflow reference '%s': the version is MAJOR.MINOR (1.0) or latest", ref);
  return MJ_OK;
}

int od_flow_row(Db *db, Arena *a, const char *agency, const char *code, OdFlowRow *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, agency, code, access, dsd_id, builtin, coalesce(sdc_threshold,0) "
                                 "FROM od_dataflow WHERE code=?2 AND (?1 IS NULL OR agency=?1) "
                                 "ORDER BY agency='" OD_AGENCY "' DESC, agency LIMIT 1");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  od_bind_text(st, 2, code);
  int rc = MJ_ENOTFOUND;
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->id = sqlite3_column_int64(st, 0);
    out->agency = od_col(a, st, 1);
    out->code = od_col(a, st, 2);
    out->access = od_col(a, st, 3);
    out->dsd_id = sqlite3_column_int64(st, 4);
    out->builtin = sqlite3_column_int(st, 5);
    out->sdc_threshold = sqlite3_column_int(st, 6);
    rc = MJ_OK;
  }
  db_done(st);
  if (rc) return mj_fail(rc, "no dataflow %s%s%s", agency ? agency : "", agency ? "," : "", code);
  return MJ_OK;
}

int64_t od_draft_of(Db *db, int64_t flow_id) {
  return db_int(db, "SELECT id FROM od_version WHERE dataflow_id=?1 AND status='draft' ORDER BY id DESC LIMIT 1", 1,
                flow_id, 0);
}

int od_version_touch(Db *db, int64_t version_id, int64_t now) {
  char at[32];
  mj_iso8601(now, at, sizeof at);
  sqlite3_stmt *st = db_stmt(db, "UPDATE od_version SET updated_at=?2 WHERE id=?1 AND status='draft'");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, version_id);
  sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
  return od_step_done(db, st, "marking the version changed");
}

/* ---- structures ---- */
const OdCode *od_code_find(const OdCodelist *cl, const char *code) {
  if (!cl || !code) return NULL;
  /* code lists are small (a few hundred codes at most): a linear scan */
  for (int i = 0; i < cl->ncodes; i++)
    if (strcmp(cl->codes[i].code, code) == 0) return &cl->codes[i];
  return NULL;
}

const OdComponent *od_component(const OdFlow *f, const char *code) {
  for (int i = 0; i < f->ncomps; i++)
    if (strcmp(f->comps[i].code, code) == 0) return &f->comps[i];
  return NULL;
}

static int codelist_by_id(Db *db, Arena *a, int64_t id, OdCodelist **out) {
  sqlite3_stmt *st = db_stmt(db, "SELECT agency, code, version, name_ar, name_en, name_az FROM od_codelist WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_done(st);
    return mj_fail(MJ_ENOTFOUND, "no code list %lld", (long long)id);
  }
  OdCodelist *cl = arena_alloc(a, sizeof *cl);
  memset(cl, 0, sizeof *cl);
  cl->id = id;
  cl->agency = od_col(a, st, 0);
  cl->code = od_col(a, st, 1);
  cl->version = od_col(a, st, 2);
  cl->name = (OdText){od_col(a, st, 3), od_col(a, st, 4), od_col(a, st, 5)};
  db_done(st);
  cl->ncodes = (int)db_int(db, "SELECT count(*) FROM od_code WHERE codelist_id=?1", 1, id, 0);
  cl->codes = arena_alloc(a, sizeof *cl->codes * (size_t)(cl->ncodes ? cl->ncodes : 1));
  st = db_stmt(db, "SELECT code, parent, position, name_ar, name_en, name_az FROM od_code WHERE codelist_id=?1 "
                   "ORDER BY position, code");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW && n < cl->ncodes) {
    OdCode *c = &cl->codes[n++];
    c->code = od_col(a, st, 0);
    c->parent = od_col(a, st, 1);
    c->position = sqlite3_column_int(st, 2);
    c->name = (OdText){od_col(a, st, 3), od_col(a, st, 4), od_col(a, st, 5)};
  }
  db_done(st);
  cl->ncodes = n;
  *out = cl;
  return MJ_OK;
}

static const char *kind_names[] = {"dimension", "time", "measure", "attribute"};

int od_load_structure(Db *db, Arena *a, OdFlow *f) {
  sqlite3_stmt *st = db_stmt(db, "SELECT agency, code, version, name_ar, name_en, name_az FROM od_dsd WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, f->dsd_id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_done(st);
    return mj_fail(MJ_EINTERNAL, "dataflow %s has no data structure", f->code);
  }
  f->dsd_agency = od_col(a, st, 0);
  f->dsd_code = od_col(a, st, 1);
  f->dsd_version = od_col(a, st, 2);
  f->dsd_name = (OdText){od_col(a, st, 3), od_col(a, st, 4), od_col(a, st, 5)};
  db_done(st);
  f->comps = arena_alloc(a, sizeof *f->comps * OD_MAX_COMPONENTS);
  memset(f->comps, 0, sizeof *f->comps * OD_MAX_COMPONENTS);
  f->ncomps = f->ndims = 0;
  f->time_idx = f->measure_idx = -1;
  /* dimensions by position, then time, measure, attributes (by position) */
  st = db_stmt(db,
               "SELECT c.code, c.kind, c.position, c.codelist_id, c.attachment, c.required, "
               " coalesce(k.name_ar, s.name_ar), coalesce(k.name_en, s.name_en), coalesce(k.name_az, s.name_az), "
               " CASE WHEN k.code IS NOT NULL THEN ?2 WHEN s.code IS NOT NULL THEN 'SDMX' END "
               "FROM od_component c "
               "LEFT JOIN od_concept k ON k.agency=?2 AND k.code=c.code "
               "LEFT JOIN od_concept s ON s.agency='SDMX' AND s.code=c.code "
               "WHERE c.dsd_id=?1 ORDER BY CASE c.kind WHEN 'dimension' THEN 0 WHEN 'time' THEN 1 "
               " WHEN 'measure' THEN 2 ELSE 3 END, c.position, c.code");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, f->dsd_id);
  sqlite3_bind_text(st, 2, f->dsd_agency, -1, SQLITE_TRANSIENT);
  int64_t clids[OD_MAX_COMPONENTS];
  while (sqlite3_step(st) == SQLITE_ROW && f->ncomps < OD_MAX_COMPONENTS) {
    OdComponent *c = &f->comps[f->ncomps];
    c->code = od_col(a, st, 0);
    const char *k = (const char *)sqlite3_column_text(st, 1);
    c->kind = k[0] == 'd' ? OD_DIMENSION : k[0] == 't' ? OD_TIME : k[0] == 'm' ? OD_MEASURE : OD_ATTRIBUTE;
    c->kind_name = kind_names[c->kind];
    c->position = sqlite3_column_int(st, 2);
    clids[f->ncomps] = sqlite3_column_int64(st, 3);
    c->attachment = od_col(a, st, 4);
    c->required = sqlite3_column_int(st, 5);
    c->name = (OdText){od_col(a, st, 6), od_col(a, st, 7), od_col(a, st, 8)};
    if (!c->name.ar && !c->name.en) c->name.ar = c->name.en = c->code;
    c->concept_agency = od_col(a, st, 9);
    if (c->kind == OD_DIMENSION) f->ndims++;
    if (c->kind == OD_TIME) f->time_idx = f->ncomps;
    if (c->kind == OD_MEASURE) f->measure_idx = f->ncomps;
    f->ncomps++;
  }
  db_done(st);
  for (int i = 0; i < f->ncomps; i++) {
    if (!clids[i]) continue;
    /* the same code list is shared by reference when two components use it */
    for (int j = 0; j < i; j++)
      if (clids[j] == clids[i]) f->comps[i].codelist = f->comps[j].codelist;
    if (f->comps[i].codelist) continue;
    OdCodelist *cl;
    int rc = codelist_by_id(db, a, clids[i], &cl);
    if (rc) return rc;
    f->comps[i].codelist = cl;
  }
  if (f->ndims > OD_MAX_DIMS) return mj_fail(MJ_EINTERNAL, "dataflow %s has too many dimensions", f->code);
  return MJ_OK;
}

/* Fills f from the flow row at the statement's current row (see FLOW_COLS). */
#define FLOW_COLS                                                                                   \
  "f.id, f.agency, f.code, f.dsd_id, f.name_ar, f.name_en, f.name_az, f.description_ar, "           \
  "f.description_en, f.description_az, f.access, f.themes, f.keywords, f.contact_name, "            \
  "f.contact_email, f.license, f.builtin, coalesce(f.sdc_threshold,0), f.created_at, f.created_by"
static void flow_from_row(Arena *a, sqlite3_stmt *st, OdFlow *f) {
  memset(f, 0, sizeof *f);
  f->id = sqlite3_column_int64(st, 0);
  f->agency = od_col(a, st, 1);
  f->code = od_col(a, st, 2);
  f->dsd_id = sqlite3_column_int64(st, 3);
  f->name = (OdText){od_col(a, st, 4), od_col(a, st, 5), od_col(a, st, 6)};
  f->description = (OdText){od_col(a, st, 7), od_col(a, st, 8), od_col(a, st, 9)};
  f->access = od_col(a, st, 10);
  f->themes_json = od_col(a, st, 11);
  f->keywords_json = od_col(a, st, 12);
  f->contact_name = od_col(a, st, 13);
  f->contact_email = od_col(a, st, 14);
  f->license = od_col(a, st, 15);
  f->builtin = sqlite3_column_int(st, 16);
  f->sdc_threshold = sqlite3_column_int(st, 17);
  f->created_at = od_col(a, st, 18);
  f->created_by = od_col(a, st, 19);
}

/* The versions of f the actor may see, newest first; picks the one asked
** for. MJ_ENOTFOUND when none fits. */
static int load_versions(Db *db, Arena *a, const Actor *who, int64_t now, OdFlow *f, const char *want) {
  int n = (int)db_int(db, "SELECT count(*) FROM od_version WHERE dataflow_id=?1", 1, f->id, 0);
  f->versions = arena_alloc(a, sizeof *f->versions * (size_t)(n ? n : 1));
  f->nversions = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, version, status, release_at, note, created_at, published_at, published_by, "
                                 "updated_at, coalesce(v.nobs, (SELECT count(*) FROM od_obs o JOIN od_series s ON s.id=o.series_id "
                                 "WHERE s.version_id=v.id)) FROM od_version v WHERE dataflow_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, f->id);
  while (sqlite3_step(st) == SQLITE_ROW && f->nversions < n) {
    const char *status = (const char *)sqlite3_column_text(st, 2);
    const char *rel = (const char *)sqlite3_column_text(st, 3);
    if (!od_version_visible(who, f->access, status, rel, now)) continue;
    OdVersion *v = &f->versions[f->nversions++];
    v->id = sqlite3_column_int64(st, 0);
    v->version = od_col(a, st, 1);
    v->status = od_col(a, st, 2);
    v->release_at = od_col(a, st, 3);
    v->note = od_col(a, st, 4);
    v->created_at = od_col(a, st, 5);
    v->published_at = od_col(a, st, 6);
    v->published_by = od_col(a, st, 7);
    v->updated_at = od_col(a, st, 8);
    v->nobs = sqlite3_column_int64(st, 9);
  }
  db_done(st);
  /* newest first (insertion sort: a flow has a handful of versions) */
  for (int i = 1; i < f->nversions; i++) {
    OdVersion t = f->versions[i];
    int j = i - 1;
    while (j >= 0 && od_version_rank(f->versions[j].version) < od_version_rank(t.version)) {
      f->versions[j + 1] = f->versions[j];
      j--;
    }
    f->versions[j + 1] = t;
  }
  for (int i = 0; i < f->nversions; i++) {
    const OdVersion *v = &f->versions[i];
    if (want && strcmp(want, "+") == 0) {
      if (strcmp(v->status, "published") != 0) continue;
    } else if (want && strcmp(want, v->version) != 0) {
      continue;
    }
    f->ver = *v;
    return MJ_OK;
  }
  return mj_fail(MJ_ENOTFOUND, "no dataflow %s,%s%s%s", f->agency, f->code, want ? " version " : "",
                 want ? want : "");
}

int od_flow_get(Db *db, Arena *a, const Actor *who, int64_t now, const char *agency, const char *code,
                const char *version, OdFlow **out) {
  *out = NULL;
  if (agency && (strcmp(agency, "all") == 0 || strcmp(agency, "*") == 0 || !*agency)) agency = NULL;
  if (version && (!*version || strcmp(version, "latest") == 0 || strcmp(version, "*") == 0)) version = NULL;
  sqlite3_stmt *st = db_stmt(db, "SELECT " FLOW_COLS " FROM od_dataflow f WHERE f.code=?2 AND (?1 IS NULL OR "
                                 "f.agency=?1) ORDER BY f.agency='" OD_AGENCY "' DESC, f.agency LIMIT 1");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  od_bind_text(st, 2, code);
  OdFlow *f = arena_alloc(a, sizeof *f);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) flow_from_row(a, st, f);
  db_done(st);
  /* not found, and not visible, read the same */
  if (!found || (!(who->caps & CAP_DATA) && !od_access_allows(who, f->access)))
    return mj_fail(MJ_ENOTFOUND, "no dataflow %s%s%s", agency ? agency : "", agency ? "," : "", code ? code : "");
  int rc = load_versions(db, a, who, now, f, version);
  if (!rc) rc = od_load_structure(db, a, f);
  if (!rc) *out = f;
  return rc;
}

int od_flow_resolve(Db *db, Arena *a, const Actor *who, int64_t now, const char *ref, OdFlow **out) {
  const char *agency, *code, *version;
  *out = NULL;
  int rc = od_ref_split(a, ref, &agency, &code, &version);
  if (rc) return rc;
  return od_flow_get(db, a, who, now, agency, code, version, out);
}

int od_flows_list(Db *db, Arena *a, const Actor *who, int64_t now, const char *agency, OdFlow ***out, int *n) {
  *out = NULL;
  *n = 0;
  if (agency && (strcmp(agency, "all") == 0 || strcmp(agency, "*") == 0 || !*agency)) agency = NULL;
  int cap = (int)db_int(db, "SELECT count(*) FROM od_dataflow", 0, 0, 0);
  OdFlow **list = arena_alloc(a, sizeof *list * (size_t)(cap ? cap : 1));
  /* read the rows first: load_versions and the structure use statements of their own */
  OdFlow *rows = arena_alloc(a, sizeof *rows * (size_t)(cap ? cap : 1));
  int nrows = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT " FLOW_COLS " FROM od_dataflow f WHERE (?1 IS NULL OR f.agency=?1) "
                                 "ORDER BY f.agency, f.code");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  while (sqlite3_step(st) == SQLITE_ROW && nrows < cap) flow_from_row(a, st, &rows[nrows++]);
  db_done(st);
  for (int i = 0; i < nrows; i++) {
    OdFlow *f = &rows[i];
    if (!(who->caps & CAP_DATA) && !od_access_allows(who, f->access)) continue;
    int rc = load_versions(db, a, who, now, f, NULL);
    if (rc == MJ_ENOTFOUND) {
      mj_errclear();
      continue; /* nothing the actor may see yet (a draft, an embargo) */
    }
    if (!rc) rc = od_load_structure(db, a, f);
    if (rc) return rc;
    list[(*n)++] = f;
  }
  *out = list;
  return MJ_OK;
}

int od_codelist_get(Db *db, Arena *a, const char *agency, const char *code, const char *version,
                    const OdCodelist **out) {
  if (agency && (strcmp(agency, "all") == 0 || !*agency)) agency = NULL;
  if (version && (strcmp(version, "latest") == 0 || !*version || strcmp(version, "*") == 0)) version = NULL;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, version FROM od_codelist WHERE code=?2 AND (?1 IS NULL OR agency=?1) "
                                 "AND (?3 IS NULL OR version=?3) ORDER BY agency");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  od_bind_text(st, 2, code);
  od_bind_text(st, 3, version);
  int64_t best = 0, rank = -2;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t r = od_version_rank((const char *)sqlite3_column_text(st, 1));
    if (r > rank) {
      rank = r;
      best = sqlite3_column_int64(st, 0);
    }
  }
  db_done(st);
  if (!best) return mj_fail(MJ_ENOTFOUND, "no code list %s%s%s", agency ? agency : "", agency ? "," : "", code);
  OdCodelist *cl;
  int rc = codelist_by_id(db, a, best, &cl);
  if (!rc) *out = cl;
  return rc;
}

int od_codelists_list(Db *db, Arena *a, const char *agency, const OdCodelist ***out, int *n) {
  if (agency && (strcmp(agency, "all") == 0 || !*agency)) agency = NULL;
  *n = 0;
  int cap = (int)db_int(db, "SELECT count(*) FROM od_codelist", 0, 0, 0);
  int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(cap ? cap : 1));
  int nids = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM od_codelist WHERE ?1 IS NULL OR agency=?1 ORDER BY agency, code, version");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  while (sqlite3_step(st) == SQLITE_ROW && nids < cap) ids[nids++] = sqlite3_column_int64(st, 0);
  db_done(st);
  const OdCodelist **list = arena_alloc(a, sizeof *list * (size_t)(nids ? nids : 1));
  for (int i = 0; i < nids; i++) {
    OdCodelist *cl;
    int rc = codelist_by_id(db, a, ids[i], &cl);
    if (rc) return rc;
    list[(*n)++] = cl;
  }
  *out = list;
  return MJ_OK;
}

/* ---- periods ---- */
static void ymd(int y, int m, int d, char out[11]) {
  /* y in [1000, 9999], m in [1, 12], d in [1, 31]: always 10 characters */
  unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
  snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
}

/* Days since 1970-01-01 of a date, and back. */
static int64_t day_number(int y, int m, int d) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = 12;
  return (int64_t)timegm(&tm) / 86400;
}
static void from_day_number(int64_t dn, char out[11]) {
  time_t t = (time_t)(dn * 86400 + 43200);
  struct tm tm;
  gmtime_r(&t, &tm);
  ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

int od_period_parse(const char *p, char start[11], char end[11], char *freq) {
  size_t n = p ? strlen(p) : 0;
  if (n < 4 || !digits(p, 4))
    return mj_fail(MJ_EINVAL, "'%s' is not a reporting period (2024, 2024-S1, 2024-Q1, 2024-03, 2024-W05, 2024-03-05)",
                   p ? p : "");
  int y = num(p, 4);
  if (y < 1000) return mj_fail(MJ_EINVAL, "'%s': the year must have four digits from 1000", p);
  if (n == 4 || (n == 7 && p[4] == '-' && p[5] == 'A' && p[6] == '1')) {
    ymd(y, 1, 1, start);
    ymd(y, 12, 31, end);
    *freq = 'A';
    return MJ_OK;
  }
  if (p[4] != '-') return mj_fail(MJ_EINVAL, "'%s': a '-' must follow the year", p);
  const char *q = p + 5;
  size_t m = n - 5;
  if (m == 2 && q[0] == 'S' && (q[1] == '1' || q[1] == '2')) {
    int s = q[1] - '0';
    ymd(y, s == 1 ? 1 : 7, 1, start);
    ymd(y, s == 1 ? 6 : 12, s == 1 ? 30 : 31, end);
    *freq = 'S';
    return MJ_OK;
  }
  if (m == 2 && q[0] == 'Q' && q[1] >= '1' && q[1] <= '4') {
    int k = q[1] - '0', m0 = (k - 1) * 3 + 1;
    ymd(y, m0, 1, start);
    ymd(y, m0 + 2, days_in_month(y, m0 + 2), end);
    *freq = 'Q';
    return MJ_OK;
  }
  if ((m == 2 && digits(q, 2)) || (m == 3 && q[0] == 'M' && digits(q + 1, 2))) {
    int mo = num(q + (m == 3), 2);
    if (mo < 1 || mo > 12) return mj_fail(MJ_EINVAL, "'%s': there is no month %d", p, mo);
    ymd(y, mo, 1, start);
    ymd(y, mo, days_in_month(y, mo), end);
    *freq = 'M';
    return MJ_OK;
  }
  if (m == 3 && q[0] == 'W' && digits(q + 1, 2)) {
    int w = num(q + 1, 2);
    /* ISO 8601: week 1 holds 4 January; weeks start on Monday */
    int64_t jan4 = day_number(y, 1, 4);
    int wd = (int)((jan4 + 3) % 7); /* 1970-01-01 was a Thursday: 0 = Monday */
    int64_t week1 = jan4 - wd;
    int64_t next1 = day_number(y + 1, 1, 4);
    int64_t weeks = (next1 - (int)((next1 + 3) % 7) - week1) / 7;
    if (w < 1 || w > weeks) return mj_fail(MJ_EINVAL, "'%s': %d has %lld ISO weeks", p, y, (long long)weeks);
    from_day_number(week1 + (w - 1) * 7, start);
    from_day_number(week1 + (w - 1) * 7 + 6, end);
    *freq = 'W';
    return MJ_OK;
  }
  if (m == 5 && digits(q, 2) && q[2] == '-' && digits(q + 3, 2)) {
    int mo = num(q, 2), d = num(q + 3, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return mj_fail(MJ_EINVAL, "'%s' is not a date", p);
    ymd(y, mo, d, start);
    mj_strlcpy(end, start, 11);
    *freq = 'D';
    return MJ_OK;
  }
  if (m == 4 && q[0] == 'D' && digits(q + 1, 3)) {
    int d = num(q + 1, 3), len = days_in_month(y, 2) == 29 ? 366 : 365;
    if (d < 1 || d > len) return mj_fail(MJ_EINVAL, "'%s': %d has %d days", p, y, len);
    from_day_number(day_number(y, 1, 1) + d - 1, start);
    mj_strlcpy(end, start, 11);
    *freq = 'D';
    return MJ_OK;
  }
  return mj_fail(MJ_EINVAL, "'%s' is not a reporting period (2024, 2024-S1, 2024-Q1, 2024-03, 2024-W05, 2024-03-05)", p);
}

/* ---- observations ---- */
int od_key_parse(Arena *a, const OdFlow *f, const char *key, OdKeyFilter *out) {
  memset(out, 0, sizeof *out);
  out->ndims = f->ndims;
  if (!key || !*key || strcmp(key, "all") == 0) return MJ_OK;
  const char *p = key;
  for (int d = 0;; d++) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    if (d >= f->ndims)
      return mj_fail(MJ_EINVAL, "the key '%s' has more positions than %s's %d dimensions", key, f->code, f->ndims);
    if (len) {
      int cnt = 1;
      for (size_t i = 0; i < len; i++) cnt += p[i] == '+';
      out->codes[d] = arena_alloc(a, sizeof(char *) * (size_t)cnt);
      const char *s = p;
      for (int k = 0; k < cnt; k++) {
        const char *plus = memchr(s, '+', (size_t)(p + len - s));
        size_t l = plus ? (size_t)(plus - s) : (size_t)(p + len - s);
        char *c = arena_strndup(a, s, l);
        const OdComponent *comp = &f->comps[d];
        if (!*c || (comp->codelist && !od_code_find(comp->codelist, c)))
          return mj_fail(MJ_EINVAL, "the key '%s': '%s' is not a code of %s", key, c, comp->code);
        out->codes[d][out->ncodes[d]++] = c;
        s = plus ? plus + 1 : s + l;
      }
    }
    if (!dot) {
      if (d + 1 != f->ndims)
        return mj_fail(MJ_EINVAL, "the key '%s' has %d positions; %s has %d dimensions (leave a position empty for all)",
                       key, d + 1, f->code, f->ndims);
      break;
    }
    p = dot + 1;
  }
  return MJ_OK;
}

/* Splits a series key, in place, into ndims codes. 0 when it has fewer
** positions than that (the last code keeps any further dots). */
static int split_key(char *key, int ndims, const char **dims) {
  char *p = key;
  for (int d = 0; d < ndims; d++) {
    dims[d] = p;
    if (d + 1 == ndims) break;
    char *dot = strchr(p, '.');
    if (!dot) return 0;
    *dot = 0;
    p = dot + 1;
  }
  return 1;
}

static int key_matches(const OdKeyFilter *k, const char **dims, int ndims) {
  if (!k) return 1;
  for (int d = 0; d < ndims && d < k->ndims; d++) {
    if (!k->ncodes[d]) continue;
    int hit = 0;
    for (int i = 0; i < k->ncodes[d] && !hit; i++) hit = strcmp(k->codes[d][i], dims[d]) == 0;
    if (!hit) return 0;
  }
  return 1;
}

/* The range of series keys a filter can match: the leading positions that
** name a single code fix a prefix ("D.A01." for "D.A01."), so the walk
** reads only [lo, hi) of the (version_id, key) index (hi: lo with its last
** byte raised by one). 0 when the first position is open (all keys). */
static int key_range(const OdKeyFilter *k, int ndims, Buf *lo, Buf *hi) {
  buf_reset(lo);
  buf_reset(hi);
  if (!k) return 0;
  int d = 0;
  for (; d < ndims && d < k->ndims && k->ncodes[d] == 1; d++) {
    buf_puts(lo, k->codes[d][0]);
    if (d + 1 < ndims) buf_putc(lo, '.');
  }
  if (!d || !lo->n || lo->err || (unsigned char)lo->p[lo->n - 1] == 0xff) return 0;
  buf_append(hi, lo->p, lo->n);
  hi->p[hi->n - 1]++;
  return 1;
}

/* A statement of its own (not the connection's cache): the walks below may
** be nested (a callback may run another query), and a cached statement
** would be reset under the outer walk. */
static sqlite3_stmt *own_stmt(Db *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
    db_err(db, "preparing a query of observations");
    sqlite3_finalize(st);
    return NULL;
  }
  return st;
}

/* Walks the series of f's chosen version matching k (NULL: all) in key
** order, reading only the range of the (version_id, key) index that the
** key's leading single-code positions fix. Safe to nest. */
typedef int (*SeriesFn)(void *arg, int64_t series_id, const char *key, const char **dims, const char *attrs);
static int series_each(Db *db, const OdFlow *f, const OdKeyFilter *k, SeriesFn fn, void *arg) {
  Buf lo, hi, key;
  buf_init(&lo, BUF_UNLIMITED);
  buf_init(&hi, BUF_UNLIMITED);
  buf_init(&key, BUF_UNLIMITED);
  int ranged = key_range(k, f->ndims, &lo, &hi);
  /* series in key order straight from the UNIQUE(version_id, key) index */
  sqlite3_stmt *st = own_stmt(db, ranged ? "SELECT id, key, attrs FROM od_series WHERE version_id=?1 AND key>=?2 AND "
                                           "key<?3 ORDER BY key"
                                         : "SELECT id, key, attrs FROM od_series WHERE version_id=?1 ORDER BY key");
  int rc = st ? MJ_OK : MJ_EIO, r = SQLITE_DONE;
  if (st) {
    sqlite3_bind_int64(st, 1, f->ver.id);
    if (ranged) {
      sqlite3_bind_text(st, 2, lo.p, (int)lo.n, SQLITE_STATIC);
      sqlite3_bind_text(st, 3, hi.p, (int)hi.n, SQLITE_STATIC);
    }
    const char *dims[OD_MAX_DIMS + 1];
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
      const char *kt = (const char *)sqlite3_column_text(st, 1);
      /* split a copy: the key itself is passed on too */
      buf_reset(&key);
      buf_puts(&key, kt ? kt : "");
      char empty[1] = "";
      if (!split_key(key.p ? key.p : empty, f->ndims, dims) || !key_matches(k, dims, f->ndims)) continue;
      const char *attrs = (const char *)sqlite3_column_text(st, 2);
      if ((rc = fn(arg, sqlite3_column_int64(st, 0), kt ? kt : "", dims, attrs ? attrs : "{}"))) break;
    }
    if (!rc && r != SQLITE_DONE) rc = db_err(db, "reading series");
    sqlite3_finalize(st);
  }
  buf_free(&lo);
  buf_free(&hi);
  buf_free(&key);
  return rc;
}

/* A period bound as a date: an SDMX period gives its first (start) or last
** (end) day; a date or date-time gives its date. */
static int period_bound(const char *p, int want_end, char out[11]) {
  char s[11], e[11], fq;
  if (!p || !*p) return 0;
  if (strlen(p) > 10 && p[10] == 'T') {
    mj_strlcpy(out, p, 11);
    return 1;
  }
  if (od_period_parse(p, s, e, &fq)) return -1;
  mj_strlcpy(out, want_end ? e : s, 11);
  return 1;
}

/* What od_obs_each and od_obs_count ask of each series' observations: the
** period bounds as dates, a range of the primary key's period text implied
** by them, updatedAfter. */
typedef struct ObsFilter {
  char sp[11], ep[11];   /* period_end >= sp, period_start <= ep ("" : none) */
  char plo[12], phi[12]; /* period >= plo, period < phi ("" : none) */
  int64_t updated_after;
} ObsFilter;

static int date_ok(const char *d) {
  return strlen(d) == 10 && digits(d, 4) && d[4] == '-' && digits(d + 5, 2) && d[7] == '-' && digits(d + 8, 2);
}

/* Every stored period was checked by od_period_parse, so its text starts
** with its four-digit year Y, and it lies within [Y-1-12-29, Y+1-01-03]
** (ISO weeks cross the new year by at most three days; every other period
** lies within its year). Hence period_end >= sp needs Y >= year(sp), or
** year(sp) - 1 when sp is on or before 3 January; and period_start <= ep
** needs Y <= year(ep), or year(ep) + 1 when ep is on or after 29 December.
** Those year bounds are a range of the (series_id, period) key, so a query
** of one month reads about a year of each series, not all of it; the exact
** date conditions are still applied to what the range gives. */
static void obs_filter(const char *sp, const char *ep, int64_t updated_after, ObsFilter *fl) {
  memset(fl, 0, sizeof *fl);
  mj_strlcpy(fl->sp, sp, sizeof fl->sp);
  mj_strlcpy(fl->ep, ep, sizeof fl->ep);
  fl->updated_after = updated_after;
  if (date_ok(sp)) {
    int y = num(sp, 4) - (strcmp(sp + 5, "01-03") <= 0);
    snprintf(fl->plo, sizeof fl->plo, "%04d", y);
  }
  if (date_ok(ep)) {
    int y = num(ep, 4) + (strcmp(ep + 5, "12-29") >= 0) + 1;
    if (y <= 9999) snprintf(fl->phi, sizeof fl->phi, "%04d", y);
  }
}

/* "SELECT cols FROM od_obs WHERE series_id=?1 <the filter> tail", prepared
** as its own statement (see own_stmt) with the filter bound; the caller
** binds ?1 (and ?7 when tail uses it). */
static sqlite3_stmt *obs_stmt(Db *db, const ObsFilter *fl, const char *cols, const char *tail) {
  Buf sql;
  buf_init(&sql, BUF_UNLIMITED);
  buf_printf(&sql, "SELECT %s FROM od_obs WHERE series_id=?1", cols);
  if (*fl->plo) buf_puts(&sql, " AND period >= ?2");
  if (*fl->phi) buf_puts(&sql, " AND period < ?3");
  if (*fl->sp) buf_puts(&sql, " AND period_end >= ?4");
  if (*fl->ep) buf_puts(&sql, " AND period_start <= ?5");
  buf_printf(&sql, " AND updated_at > ?6 %s", tail);
  sqlite3_stmt *st = own_stmt(db, sql.p);
  buf_free(&sql);
  if (!st) return NULL;
  if (*fl->plo) sqlite3_bind_text(st, 2, fl->plo, -1, SQLITE_TRANSIENT);
  if (*fl->phi) sqlite3_bind_text(st, 3, fl->phi, -1, SQLITE_TRANSIENT);
  if (*fl->sp) sqlite3_bind_text(st, 4, fl->sp, -1, SQLITE_TRANSIENT);
  if (*fl->ep) sqlite3_bind_text(st, 5, fl->ep, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 6, fl->updated_after);
  return st;
}

static int query_filter(const OdQuery *q, ObsFilter *fl) {
  char sp[11] = "", ep[11] = "";
  if (q && period_bound(q->start_period, 0, sp) < 0)
    return mj_fail(MJ_EINVAL, "startPeriod '%s' is not a period or date", q->start_period);
  if (q && period_bound(q->end_period, 1, ep) < 0)
    return mj_fail(MJ_EINVAL, "endPeriod '%s' is not a period or date", q->end_period);
  obs_filter(sp, ep, q ? q->updated_after : 0, fl);
  return MJ_OK;
}

/* The observations of one series in period order, through the (series_id,
** period) primary key, with the per-series limits as LIMIT
** (lastNObservations reads backwards and is given back in order). */
#define OBS_COLS "period, period_start, period_end, value, status, conf, attrs, updated_at"

typedef struct ObsWalk {
  const OdFlow *f;
  OdObsFn fn;
  void *arg;
  sqlite3_stmt *fwd, *back; /* in order (LIMIT first N or all); backwards (LIMIT last N) */
  int first_n, last_n;
  int64_t given;
  Db *db;
} ObsWalk;

static void obs_from_row(sqlite3_stmt *st, OdObs *o) {
  o->period = (const char *)sqlite3_column_text(st, 0);
  o->period_start = (const char *)sqlite3_column_text(st, 1);
  o->period_end = (const char *)sqlite3_column_text(st, 2);
  o->has_value = sqlite3_column_type(st, 3) != SQLITE_NULL;
  o->value = sqlite3_column_double(st, 3);
  o->status = (const char *)sqlite3_column_text(st, 4);
  o->conf = (const char *)sqlite3_column_text(st, 5);
  o->attrs = (const char *)sqlite3_column_text(st, 6);
  o->updated_at = sqlite3_column_int64(st, 7);
}

static int obs_series(void *arg, int64_t sid, const char *key, const char **dims, const char *attrs) {
  ObsWalk *w = arg;
  OdObs o;
  memset(&o, 0, sizeof o);
  o.series_id = sid;
  o.key = key;
  o.dims = dims;
  o.series_attrs = attrs;
  int rc = MJ_OK, r;
  if (!w->last_n) { /* streamed row by row */
    sqlite3_stmt *st = w->fwd;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, sid);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
      obs_from_row(st, &o);
      w->given++;
      if ((rc = w->fn(w->arg, w->f, &o))) break;
    }
    if (!rc && r != SQLITE_DONE) rc = db_err(w->db, "reading observations");
    sqlite3_reset(st);
    return rc;
  }
  /* lastNObservations: at most last_n rows of this series are held (with
  ** firstNObservations too: the first first_n, of which the last last_n go) */
  sqlite3_stmt *st = w->first_n ? w->fwd : w->back;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, sid);
  Arena *a = arena_new();
  int cap = w->first_n ? w->first_n : w->last_n, n = 0;
  if (cap > 4096) cap = 4096;
  OdObs *held = xmalloc(sizeof *held * (size_t)cap);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    if (n == cap) {
      cap *= 2;
      held = xrealloc(held, sizeof *held * (size_t)cap);
    }
    OdObs *h = &held[n++];
    *h = o;
    obs_from_row(st, h);
    h->period = arena_strdup(a, h->period);
    h->period_start = arena_strdup(a, h->period_start);
    h->period_end = arena_strdup(a, h->period_end);
    h->status = arena_strdup(a, h->status);
    h->conf = arena_strdup(a, h->conf);
    h->attrs = h->attrs ? arena_strdup(a, h->attrs) : NULL;
  }
  if (r != SQLITE_DONE) rc = db_err(w->db, "reading observations");
  sqlite3_reset(st);
  if (w->first_n) { /* in order: give the tail */
    for (int i = n > w->last_n ? n - w->last_n : 0; i < n && !rc; i++) {
      w->given++;
      rc = w->fn(w->arg, w->f, &held[i]);
    }
  } else { /* read backwards: give them in order */
    for (int i = n - 1; i >= 0 && !rc; i--) {
      w->given++;
      rc = w->fn(w->arg, w->f, &held[i]);
    }
  }
  free(held);
  arena_free(a);
  return rc;
}

int od_obs_each(Db *db, const OdFlow *f, const OdQuery *q, OdObsFn fn, void *arg, int64_t *count) {
  if (count) *count = 0;
  ObsFilter fl;
  int rc = query_filter(q, &fl);
  if (rc) return rc;
  ObsWalk w = {f, fn, arg, NULL, NULL, q ? q->first_n : 0, q ? q->last_n : 0, 0, db};
  /* The matching series first (series_each: key order, key prefix as an
  ** index range), then each one's observations through its primary key.
  ** Both statements stay open for the whole walk, so it reads one
  ** snapshot. */
  w.fwd = obs_stmt(db, &fl, OBS_COLS, "ORDER BY period_start, period LIMIT ?7");
  if (w.last_n && !w.first_n) w.back = obs_stmt(db, &fl, OBS_COLS, "ORDER BY period_start DESC, period DESC LIMIT ?7");
  if (!w.fwd || (w.last_n && !w.first_n && !w.back)) rc = MJ_EIO;
  if (w.fwd) sqlite3_bind_int64(w.fwd, 7, w.first_n ? w.first_n : -1);
  if (w.back) sqlite3_bind_int64(w.back, 7, w.last_n);
  if (!rc) rc = series_each(db, f, q ? q->key : NULL, obs_series, &w);
  sqlite3_finalize(w.fwd);
  sqlite3_finalize(w.back);
  if (count) *count = w.given;
  return rc;
}

typedef struct ObsCount {
  Db *db;
  sqlite3_stmt *st;
  int first_n, last_n;
  int64_t nseries, nobs, max_updated;
} ObsCount;

static int count_series(void *arg, int64_t sid, const char *key, const char **dims, const char *attrs) {
  (void)key;
  (void)dims;
  (void)attrs;
  ObsCount *c = arg;
  sqlite3_reset(c->st);
  sqlite3_bind_int64(c->st, 1, sid);
  if (sqlite3_step(c->st) != SQLITE_ROW) return db_err(c->db, "counting observations");
  int64_t n = sqlite3_column_int64(c->st, 0);
  if (c->first_n && n > c->first_n) n = c->first_n;
  if (c->last_n && n > c->last_n) n = c->last_n;
  if (n) {
    c->nseries++;
    c->nobs += n;
    int64_t u = sqlite3_column_int64(c->st, 1);
    if (u > c->max_updated) c->max_updated = u;
  }
  sqlite3_reset(c->st);
  return MJ_OK;
}

int od_obs_count(Db *db, const OdFlow *f, const OdQuery *q, int64_t *nseries, int64_t *nobs, int64_t *max_updated) {
  *nseries = *nobs = *max_updated = 0;
  ObsFilter fl;
  int rc = query_filter(q, &fl);
  if (rc) return rc;
  ObsCount c = {db, obs_stmt(db, &fl, "count(*), max(updated_at)", ""), q ? q->first_n : 0, q ? q->last_n : 0, 0, 0, 0};
  if (!c.st) return MJ_EIO;
  /* the same walk as od_obs_each, with an aggregate per matching series */
  rc = series_each(db, f, q ? q->key : NULL, count_series, &c);
  sqlite3_finalize(c.st);
  *nseries = c.nseries;
  *nobs = c.nobs;
  *max_updated = c.max_updated;
  return rc;
}

typedef struct Collect {
  Arena *a;
  OdObs *v;
  int n, cap;
} Collect;

static int collect_one(void *arg, const OdFlow *f, const OdObs *o) {
  Collect *c = arg;
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 64;
    OdObs *g = arena_alloc(c->a, sizeof *g * (size_t)c->cap);
    if (c->n) memcpy(g, c->v, sizeof *g * (size_t)c->n);
    c->v = g;
  }
  OdObs *d = &c->v[c->n++];
  *d = *o;
  d->key = arena_strdup(c->a, o->key);
  d->dims = arena_alloc(c->a, sizeof(char *) * (size_t)(f->ndims ? f->ndims : 1));
  for (int i = 0; i < f->ndims; i++) d->dims[i] = arena_strdup(c->a, o->dims[i]);
  d->series_attrs = arena_strdup(c->a, o->series_attrs ? o->series_attrs : "{}");
  d->period = arena_strdup(c->a, o->period);
  d->period_start = arena_strdup(c->a, o->period_start);
  d->period_end = arena_strdup(c->a, o->period_end);
  d->status = arena_strdup(c->a, o->status);
  d->conf = arena_strdup(c->a, o->conf);
  d->attrs = o->attrs ? arena_strdup(c->a, o->attrs) : NULL;
  return 0;
}

int od_obs_fetch(Db *db, Arena *a, const OdFlow *f, const OdQuery *q, OdObs **out, int *n) {
  Collect c = {a, NULL, 0, 0};
  int rc = od_obs_each(db, f, q, collect_one, &c, NULL);
  *out = c.v;
  *n = c.n;
  return rc;
}

const char *od_dataset_attrs(Db *db, Arena *a, const OdFlow *f) {
  sqlite3_stmt *st = db_stmt(db, "SELECT attrs FROM od_version WHERE id=?1");
  if (!st) return "{}";
  sqlite3_bind_int64(st, 1, f->ver.id);
  const char *s = sqlite3_step(st) == SQLITE_ROW ? od_col(a, st, 0) : NULL;
  db_done(st);
  return s ? s : "{}";
}

/* ---- audit of downloads ---- */
int od_audit_download(Db *db, const Actor *who, const OdFlow *f, const char *format) {
  if (!f || strcmp(f->access, "public") == 0) return MJ_OK;
  int rc = db_begin(db);
  if (rc) return rc;
  rc = audit_append(db, who, "dataset.download", f->code, "downloaded %s,%s,%s (%s, access %s) as %s", f->agency,
                    f->code, f->ver.version, f->ver.status, f->access, format ? format : "?");
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  return rc;
}

/* ---- SDMX-CSV ---- */
static void csv_field(FILE *fp, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    if (*s == '"') fputc('"', fp);
    fputc(*s, fp);
  }
  fputc('"', fp);
}

typedef struct CsvOut {
  FILE *fp;
  const char *structure_id;
  json_t *dataset_attrs;
} CsvOut;

/* An attribute's value for one observation: the status columns, then the
** observation's, the series' and the dataset's attributes. */
static const char *attr_value(const OdComponent *c, const OdObs *o, json_t **cache_obs, json_t **cache_series,
                              json_t *ds) {
  if (strcmp(c->code, "OBS_STATUS") == 0) return o->status;
  if (strcmp(c->code, "CONF_STATUS") == 0) return o->conf;
  json_t *src = NULL;
  if (!c->attachment || strcmp(c->attachment, "observation") == 0) {
    if (!*cache_obs && o->attrs) *cache_obs = json_loads(o->attrs, 0, NULL);
    src = *cache_obs;
  } else if (strcmp(c->attachment, "series") == 0) {
    if (!*cache_series && o->series_attrs) *cache_series = json_loads(o->series_attrs, 0, NULL);
    src = *cache_series;
  } else {
    src = ds;
  }
  json_t *v = src ? json_object_get(src, c->code) : NULL;
  return v && json_is_string(v) ? json_string_value(v) : NULL;
}

static int csv_row(void *arg, const OdFlow *f, const OdObs *o) {
  CsvOut *c = arg;
  fputs("dataflow,", c->fp);
  csv_field(c->fp, c->structure_id);
  fputs(",I", c->fp);
  for (int i = 0; i < f->ndims; i++) {
    fputc(',', c->fp);
    csv_field(c->fp, o->dims[i]);
  }
  fputc(',', c->fp);
  csv_field(c->fp, o->period);
  fputc(',', c->fp);
  if (o->has_value) fprintf(c->fp, "%.15g", o->value);
  json_t *jo = NULL, *js = NULL;
  for (int i = 0; i < f->ncomps; i++) {
    if (f->comps[i].kind != OD_ATTRIBUTE) continue;
    fputc(',', c->fp);
    csv_field(c->fp, attr_value(&f->comps[i], o, &jo, &js, c->dataset_attrs));
  }
  json_decref(jo);
  json_decref(js);
  fputc('\n', c->fp);
  return ferror(c->fp) ? mj_fail(MJ_EIO, "writing the CSV failed") : 0;
}

int od_write_sdmx_csv(Db *db, const OdFlow *f, const OdQuery *q, FILE *fp, int64_t *count) {
  Arena *a = arena_new();
  fputs("STRUCTURE,STRUCTURE_ID,ACTION", fp);
  for (int i = 0; i < f->ndims; i++) fprintf(fp, ",%s", f->comps[i].code);
  fputs(",TIME_PERIOD,OBS_VALUE", fp);
  for (int i = 0; i < f->ncomps; i++)
    if (f->comps[i].kind == OD_ATTRIBUTE) fprintf(fp, ",%s", f->comps[i].code);
  fputc('\n', fp);
  CsvOut c = {fp, arena_printf(a, "%s:%s(%s)", f->agency, f->code, f->ver.version), NULL};
  c.dataset_attrs = json_loads(od_dataset_attrs(db, a, f), 0, NULL);
  int rc = od_obs_each(db, f, q, csv_row, &c, count);
  json_decref(c.dataset_attrs);
  arena_free(a);
  return rc;
}
