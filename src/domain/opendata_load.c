/*
** opendata_load.c: defining dataflows (the JSON definition format of
** doc/opendata.md) and loading observations from SDMX-CSV or plain CSV with
** a column map. Both are one transaction each, refused whole on the first
** invalid thing with the file, the line and the reason, and audited.
*/
#include "opendata_int.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "popolo.h"
#include "user.h"

/* ---- a string -> int64 map (series keys, observation keys) ---- */
typedef struct SMap {
  const char **k;
  int64_t *v;
  size_t cap, n;
} SMap;

static uint64_t s_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static void smap_put(SMap *m, const char *k, int64_t v) {
  if ((m->n + 1) * 2 > m->cap) {
    SMap g = {NULL, NULL, m->cap ? m->cap * 2 : 256, 0};
    g.k = xcalloc(g.cap, sizeof *g.k);
    g.v = xcalloc(g.cap, sizeof *g.v);
    for (size_t i = 0; i < m->cap; i++)
      if (m->k[i]) smap_put(&g, m->k[i], m->v[i]);
    free(m->k);
    free(m->v);
    *m = g;
  }
  size_t i = s_hash(k) & (m->cap - 1);
  while (m->k[i] && strcmp(m->k[i], k) != 0) i = (i + 1) & (m->cap - 1);
  if (!m->k[i]) m->n++;
  m->k[i] = k;
  m->v[i] = v;
}

static int64_t smap_get(const SMap *m, const char *k) {
  if (!m->cap) return 0;
  size_t i = s_hash(k) & (m->cap - 1);
  while (m->k[i]) {
    if (strcmp(m->k[i], k) == 0) return m->v[i];
    i = (i + 1) & (m->cap - 1);
  }
  return 0;
}

/* Sizes an empty map for n keys up front (no rehashing while it fills). */
static void smap_reserve(SMap *m, size_t n) {
  size_t cap = 256;
  while (cap < n * 2 + 2) cap *= 2;
  if (m->cap >= cap || m->n) return;
  free(m->k);
  free(m->v);
  m->k = xcalloc(cap, sizeof *m->k);
  m->v = xcalloc(cap, sizeof *m->v);
  m->cap = cap;
}

static void smap_free(SMap *m) {
  free(m->k);
  free(m->v);
  memset(m, 0, sizeof *m);
}

/* ---- reading files ---- */
static int read_file(const char *path, size_t max, char **out, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return mj_fail(MJ_ENOTFOUND, "cannot open %s: %s", path, strerror(errno));
  Buf b;
  buf_init(&b, max);
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0) buf_append(&b, tmp, n);
  int err = ferror(fp);
  fclose(fp);
  if (b.err) {
    buf_free(&b);
    return mj_fail(MJ_ETOOBIG, "%s is larger than %zu MB", path, max >> 20);
  }
  if (err) {
    buf_free(&b);
    return mj_fail(MJ_EIO, "reading %s failed", path);
  }
  *len = b.n;
  *out = b.p ? buf_take(&b) : xstrdup("");
  return MJ_OK;
}

/* ======================================================================
** Definitions
** ====================================================================== */

typedef struct Def {
  Db *db;
  const Actor *who;
  const char *name; /* file name for messages */
  Arena *a;
  const char *agency;
  int64_t now;
} Def;

static const char *jstr(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return v && json_is_string(v) ? json_string_value(v) : NULL;
}

/* A multilingual name: {"ar":..,"en":..,"az":..} or a plain string (Arabic
** or English by its letters). */
static int jtext(Def *d, json_t *o, const char *k, const char *what, int need, OdText *t) {
  memset(t, 0, sizeof *t);
  json_t *v = json_object_get(o, k);
  if (!v || json_is_null(v)) {
    if (need) return mj_fail(MJ_EINVAL, "%s: %s has no \"%s\"", d->name, what, k);
    return MJ_OK;
  }
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    if (popolo_is_arabic(s)) t->ar = s;
    else t->en = s;
  } else if (json_is_object(v)) {
    t->ar = jstr(v, "ar");
    t->en = jstr(v, "en");
    t->az = jstr(v, "az");
  } else {
    return mj_fail(MJ_EINVAL, "%s: %s: \"%s\" is a text or {\"ar\":..,\"en\":..,\"az\":..}", d->name, what, k);
  }
  if (need && !(t->ar && *t->ar) && !(t->en && *t->en))
    return mj_fail(MJ_EINVAL, "%s: %s: \"%s\" needs an Arabic or English text", d->name, what, k);
  const char *all[3] = {t->ar, t->en, t->az};
  for (int i = 0; i < 3; i++)
    if (all[i] && strlen(all[i]) > 2000) return mj_fail(MJ_EINVAL, "%s: %s: a text of \"%s\" is over 2000 bytes", d->name, what, k);
  return MJ_OK;
}

/* The Arabic column is NOT NULL: an English-only name fills it. */
static const char *ar_or(const OdText *t) { return t->ar && *t->ar ? t->ar : t->en ? t->en : ""; }

/* Canonical text of a code list's content, to compare a definition with
** what is stored. */
static void canon_code(Buf *b, const char *code, const char *parent, const char *ar, const char *en, const char *az) {
  buf_printf(b, "%s|%s|%s|%s|%s\n", code, parent ? parent : "", ar ? ar : "", en ? en : "", az ? az : "");
}

static int stored_codelist_canon(Db *db, int64_t id, Buf *b) {
  sqlite3_stmt *st = db_stmt(db, "SELECT code, parent, name_ar, name_en, name_az FROM od_code WHERE codelist_id=?1 ORDER BY code");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  while (sqlite3_step(st) == SQLITE_ROW)
    canon_code(b, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
               (const char *)sqlite3_column_text(st, 4));
  db_done(st);
  return MJ_OK;
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

static int define_codelist(Def *d, json_t *cl) {
  const char *id = jstr(cl, "id");
  const char *agency = jstr(cl, "agency") ? jstr(cl, "agency") : d->agency;
  const char *version = jstr(cl, "version") ? jstr(cl, "version") : "1.0";
  if (!od_id_ok(id)) return mj_fail(MJ_EINVAL, "%s: a code list needs an \"id\" (letters, digits, _ @ $ -)", d->name);
  if (od_version_rank(version) < 0) return mj_fail(MJ_EINVAL, "%s: code list %s: the version is MAJOR.MINOR", d->name, id);
  sqlite3_stmt *st = db_stmt(d->db, "SELECT 1 FROM od_agency WHERE id=?1");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  int known = sqlite3_step(st) == SQLITE_ROW;
  db_done(st);
  if (!known) return mj_fail(MJ_EINVAL, "%s: code list %s: no agency '%s' (define it under \"agencies\")", d->name, id, agency);
  const char *what = arena_printf(d->a, "code list %s", id);
  OdText name;
  int rc = jtext(d, cl, "name", what, 1, &name);
  if (rc) return rc;
  json_t *codes = json_object_get(cl, "codes");
  if (!json_is_array(codes) || json_array_size(codes) == 0)
    return mj_fail(MJ_EINVAL, "%s: code list %s needs \"codes\": [{\"id\":..,\"name\":..}, ...]", d->name, id);
  if (json_array_size(codes) > 20000) return mj_fail(MJ_ETOOBIG, "%s: code list %s has over 20000 codes", d->name, id);
  /* check the codes: ids, duplicates, parents that exist, no cycles */
  size_t nc = json_array_size(codes);
  const char **ids = arena_alloc(d->a, sizeof(char *) * nc);
  Buf canon;
  buf_init(&canon, 64u << 20);
  const char **lines = arena_alloc(d->a, sizeof(char *) * nc);
  for (size_t i = 0; i < nc; i++) {
    json_t *c = json_array_get(codes, i);
    ids[i] = json_is_object(c) ? jstr(c, "id") : NULL;
    if (!od_id_ok(ids[i])) {
      buf_free(&canon);
      return mj_fail(MJ_EINVAL, "%s: code list %s: code %zu has no valid \"id\" (letters, digits, _ @ $ -)", d->name, id, i + 1);
    }
    for (size_t j = 0; j < i; j++)
      if (strcmp(ids[j], ids[i]) == 0) {
        buf_free(&canon);
        return mj_fail(MJ_EINVAL, "%s: code list %s: code %s is listed twice", d->name, id, ids[i]);
      }
  }
  for (size_t i = 0; i < nc; i++) {
    json_t *c = json_array_get(codes, i);
    const char *parent = jstr(c, "parent");
    if (parent) {
      size_t j = 0;
      while (j < nc && strcmp(ids[j], parent) != 0) j++;
      if (j == nc || j == i) {
        buf_free(&canon);
        return mj_fail(MJ_EINVAL, "%s: code list %s: the parent '%s' of %s is not a code of the list", d->name, id, parent, ids[i]);
      }
      /* walk up: a cycle never reaches the top */
      const char *up = parent;
      for (size_t steps = 0; up; steps++) {
        if (steps > nc) {
          buf_free(&canon);
          return mj_fail(MJ_EINVAL, "%s: code list %s: the parents of %s go round in a circle", d->name, id, ids[i]);
        }
        size_t k = 0;
        while (k < nc && strcmp(ids[k], up) != 0) k++;
        up = k < nc ? jstr(json_array_get(codes, k), "parent") : NULL;
      }
    }
    OdText cn;
    int r = jtext(d, c, "name", arena_printf(d->a, "code list %s, code %s", id, ids[i]), 1, &cn);
    if (r) {
      buf_free(&canon);
      return r;
    }
    Buf one;
    buf_init(&one, 1 << 16);
    canon_code(&one, ids[i], parent, ar_or(&cn), cn.en, cn.az);
    lines[i] = arena_strdup(d->a, one.p ? one.p : "");
    buf_free(&one);
  }
  qsort(lines, nc, sizeof *lines, cmp_str);
  for (size_t i = 0; i < nc; i++) buf_puts(&canon, lines[i]);
  /* exists? */
  st = db_stmt(d->db, "SELECT id FROM od_codelist WHERE agency=?1 AND code=?2 AND version=?3");
  if (!st) {
    buf_free(&canon);
    return MJ_EIO;
  }
  od_bind_text(st, 1, agency);
  od_bind_text(st, 2, id);
  od_bind_text(st, 3, version);
  int64_t existing = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  if (existing) {
    Buf have;
    buf_init(&have, 64u << 20);
    rc = stored_codelist_canon(d->db, existing, &have);
    int same = !rc && strcmp(have.p ? have.p : "", canon.p ? canon.p : "") == 0;
    buf_free(&have);
    buf_free(&canon);
    if (rc) return rc;
    if (!same)
      return mj_fail(MJ_ECONFLICT, "%s: code list %s:%s(%s) exists with other codes or labels; give the changed list a new "
                     "\"version\" (a code list in use never changes)", d->name, agency, id, version);
    return MJ_OK;
  }
  buf_free(&canon);
  st = db_stmt(d->db, "INSERT INTO od_codelist(agency, code, version, name_ar, name_en, name_az) VALUES(?1,?2,?3,?4,?5,?6)");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, agency);
  od_bind_text(st, 2, id);
  od_bind_text(st, 3, version);
  od_bind_text(st, 4, ar_or(&name));
  od_bind_text(st, 5, name.en);
  od_bind_text(st, 6, name.az);
  if ((rc = od_step_done(d->db, st, "adding a code list"))) return rc;
  int64_t clid = sqlite3_last_insert_rowid(db_handle(d->db));
  for (size_t i = 0; i < nc; i++) {
    json_t *c = json_array_get(codes, i);
    OdText cn;
    jtext(d, c, "name", "code", 1, &cn);
    st = db_stmt(d->db, "INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az) "
                        "VALUES(?1,?2,?3,?4,?5,?6,?7)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, clid);
    od_bind_text(st, 2, ids[i]);
    od_bind_text(st, 3, jstr(c, "parent"));
    sqlite3_bind_int(st, 4, (int)i + 1);
    od_bind_text(st, 5, ar_or(&cn));
    od_bind_text(st, 6, cn.en);
    od_bind_text(st, 7, cn.az);
    if ((rc = od_step_done(d->db, st, "adding a code"))) return rc;
  }
  return audit_append(d->db, d->who, "dataset.codelist", id, "defined code list %s:%s(%s) with %zu codes", agency, id,
                      version, nc);
}

/* A code list reference: "CL_X", "AGENCY:CL_X" or "AGENCY:CL_X(1.0)"; an
** unqualified one is looked up in the definition's agency, then SDMX. */
static int resolve_codelist(Def *d, const char *ref, int64_t *id) {
  const char *agency = NULL, *code = ref, *version = NULL;
  const char *colon = strchr(ref, ':');
  if (colon) {
    agency = arena_strndup(d->a, ref, (size_t)(colon - ref));
    code = colon + 1;
  }
  const char *par = strchr(code, '(');
  if (par) {
    const char *close = strchr(par, ')');
    if (!close) return mj_fail(MJ_EINVAL, "%s: code list reference '%s': expected AGENCY:ID(VERSION)", d->name, ref);
    version = arena_strndup(d->a, par + 1, (size_t)(close - par - 1));
    code = arena_strndup(d->a, code, (size_t)(par - code));
  }
  const char *tries[2] = {agency ? agency : d->agency, agency ? NULL : "SDMX"};
  for (int t = 0; t < 2 && tries[t]; t++) {
    sqlite3_stmt *st = db_stmt(d->db, "SELECT id, version FROM od_codelist WHERE agency=?1 AND code=?2 AND (?3 IS NULL OR version=?3)");
    if (!st) return MJ_EIO;
    od_bind_text(st, 1, tries[t]);
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
    if (best) {
      *id = best;
      return MJ_OK;
    }
  }
  return mj_fail(MJ_EINVAL, "%s: no code list '%s' (define it under \"codelists\", or name one such as SDMX:CL_FREQ)", d->name, ref);
}

typedef struct DefComp {
  const char *code, *kind, *attachment;
  int position, required;
  int64_t codelist;
} DefComp;

static void canon_comps(Buf *b, const DefComp *c, int n) {
  for (int i = 0; i < n; i++)
    buf_printf(b, "%s|%s|%d|%lld|%s|%d\n", c[i].code, c[i].kind, c[i].position, (long long)c[i].codelist,
               c[i].attachment ? c[i].attachment : "", c[i].required);
}

static int stored_comps_canon(Db *db, int64_t dsd, Buf *b) {
  sqlite3_stmt *st = db_stmt(db, "SELECT code, kind, position, coalesce(codelist_id,0), attachment, required "
                                 "FROM od_component WHERE dsd_id=?1 ORDER BY CASE kind WHEN 'dimension' THEN 0 "
                                 "WHEN 'time' THEN 1 WHEN 'measure' THEN 2 ELSE 3 END, position, code");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, dsd);
  while (sqlite3_step(st) == SQLITE_ROW) {
    DefComp c = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                 (const char *)sqlite3_column_text(st, 4), sqlite3_column_int(st, 2), sqlite3_column_int(st, 5),
                 sqlite3_column_int64(st, 3)};
    canon_comps(b, &c, 1);
  }
  db_done(st);
  return MJ_OK;
}

static int define_concept(Def *d, json_t *c) {
  const char *id = jstr(c, "id");
  if (!od_id_ok(id)) return mj_fail(MJ_EINVAL, "%s: a concept needs an \"id\"", d->name);
  OdText name;
  int rc = jtext(d, c, "name", arena_printf(d->a, "concept %s", id), 1, &name);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(d->db, "INSERT INTO od_concept(agency, code, name_ar, name_en, name_az) VALUES(?1,?2,?3,?4,?5) "
                                    "ON CONFLICT(agency, code) DO UPDATE SET name_ar=excluded.name_ar, "
                                    "name_en=excluded.name_en, name_az=excluded.name_az");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, d->agency);
  od_bind_text(st, 2, id);
  od_bind_text(st, 3, ar_or(&name));
  od_bind_text(st, 4, name.en);
  od_bind_text(st, 5, name.az);
  return od_step_done(d->db, st, "adding a concept");
}

static const char *eu_themes[] = {"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR",
                                  "JUST", "OP_DATPRO", "REGI", "SOCI", "TECH", "TRAN"};

static int define_run(Def *d, json_t *root, int64_t *flow_id) {
  if (!json_is_object(root)) return mj_fail(MJ_EINVAL, "%s: a definition is a JSON object", d->name);
  d->agency = jstr(root, "agency") ? jstr(root, "agency") : OD_AGENCY;
  const char *code = jstr(root, "id");
  if (!code || !od_id_ok(code) || !((code[0] >= 'A' && code[0] <= 'Z') || (code[0] >= 'a' && code[0] <= 'z')))
    return mj_fail(MJ_EINVAL, "%s: the definition needs an \"id\" for the dataflow: a letter, then letters, digits or _ (DF_TRAINING)", d->name);
  int rc;
  /* agencies */
  json_t *ags = json_object_get(root, "agencies");
  if (ags && !json_is_array(ags)) return mj_fail(MJ_EINVAL, "%s: \"agencies\" is a list", d->name);
  for (size_t i = 0; ags && i < json_array_size(ags); i++) {
    json_t *g = json_array_get(ags, i);
    const char *gid = jstr(g, "id");
    OdText gn;
    if (!gid || !od_id_ok(gid) || !((gid[0] >= 'A' && gid[0] <= 'Z') || (gid[0] >= 'a' && gid[0] <= 'z')))
      return mj_fail(MJ_EINVAL, "%s: agency %zu needs an \"id\" of letters", d->name, i + 1);
    if ((rc = jtext(d, g, "name", arena_printf(d->a, "agency %s", gid), 1, &gn))) return rc;
    sqlite3_stmt *st = db_stmt(d->db, "INSERT INTO od_agency(id, name_ar, name_en, name_az) VALUES(?1,?2,?3,?4) "
                                      "ON CONFLICT(id) DO NOTHING");
    if (!st) return MJ_EIO;
    od_bind_text(st, 1, gid);
    od_bind_text(st, 2, ar_or(&gn));
    od_bind_text(st, 3, gn.en);
    od_bind_text(st, 4, gn.az);
    if ((rc = od_step_done(d->db, st, "adding an agency"))) return rc;
  }
  if (!db_int(d->db, "SELECT count(*) FROM od_agency", 0, 0, 0)) return MJ_EIO;
  {
    sqlite3_stmt *st = db_stmt(d->db, "SELECT 1 FROM od_agency WHERE id=?1");
    if (!st) return MJ_EIO;
    od_bind_text(st, 1, d->agency);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    if (!ok) return mj_fail(MJ_EINVAL, "%s: no agency '%s'; define it under \"agencies\"", d->name, d->agency);
  }
  OdText fname, fdesc;
  if ((rc = jtext(d, root, "name", "the dataflow", 1, &fname))) return rc;
  if ((rc = jtext(d, root, "description", "the dataflow", 0, &fdesc))) return rc;
  const char *access = jstr(root, "access") ? jstr(root, "access") : "public";
  if (strcmp(access, "public") && strcmp(access, "restricted") && strcmp(access, "non_public"))
    return mj_fail(MJ_EINVAL, "%s: \"access\" is public, restricted or non_public, not '%s'", d->name, access);
  json_t *thr = json_object_get(root, "sdc_threshold");
  long long threshold = 0;
  if (thr && !json_is_null(thr)) {
    if (!json_is_integer(thr) || json_integer_value(thr) < 1 || json_integer_value(thr) > 1000000)
      return mj_fail(MJ_EINVAL, "%s: \"sdc_threshold\" is a whole number from 1 (or null for none)", d->name);
    threshold = json_integer_value(thr);
  }
  json_t *themes = json_object_get(root, "themes");
  if (themes && !json_is_array(themes)) return mj_fail(MJ_EINVAL, "%s: \"themes\" is a list of EU data themes (GOVE, ...)", d->name);
  for (size_t i = 0; themes && i < json_array_size(themes); i++) {
    const char *t = json_string_value(json_array_get(themes, i));
    int ok = 0;
    for (size_t k = 0; t && k < MJ_COUNT(eu_themes); k++) ok |= strcmp(t, eu_themes[k]) == 0;
    if (!ok)
      return mj_fail(MJ_EINVAL, "%s: theme '%s' is not an EU data theme (AGRI ECON EDUC ENER ENVI GOVE HEAL INTR JUST "
                     "OP_DATPRO REGI SOCI TECH TRAN)", d->name, t ? t : "?");
  }
  json_t *kw = json_object_get(root, "keywords");
  if (kw && !json_is_array(kw)) return mj_fail(MJ_EINVAL, "%s: \"keywords\" is a list of {\"lang\",\"value\"}", d->name);
  for (size_t i = 0; kw && i < json_array_size(kw); i++) {
    json_t *k = json_array_get(kw, i);
    const char *l = jstr(k, "lang");
    if (!l || !jstr(k, "value") || (strcmp(l, "ar") && strcmp(l, "en") && strcmp(l, "az")))
      return mj_fail(MJ_EINVAL, "%s: keyword %zu is {\"lang\":\"ar|en|az\",\"value\":\"...\"}", d->name, i + 1);
  }
  json_t *contact = json_object_get(root, "contact");
  const char *cname = contact ? jstr(contact, "name") : NULL, *cmail = contact ? jstr(contact, "email") : NULL;
  if (cmail && !strchr(cmail, '@')) return mj_fail(MJ_EINVAL, "%s: the contact e-mail '%s' has no @", d->name, cmail);
  const char *license = jstr(root, "license");

  /* code lists and concepts */
  json_t *cls = json_object_get(root, "codelists");
  if (cls && !json_is_array(cls)) return mj_fail(MJ_EINVAL, "%s: \"codelists\" is a list", d->name);
  for (size_t i = 0; cls && i < json_array_size(cls); i++)
    if ((rc = define_codelist(d, json_array_get(cls, i)))) return rc;
  json_t *cons = json_object_get(root, "concepts");
  if (cons && !json_is_array(cons)) return mj_fail(MJ_EINVAL, "%s: \"concepts\" is a list", d->name);
  for (size_t i = 0; cons && i < json_array_size(cons); i++)
    if ((rc = define_concept(d, json_array_get(cons, i)))) return rc;

  /* the structure */
  json_t *s = json_object_get(root, "structure");
  if (!json_is_object(s)) return mj_fail(MJ_EINVAL, "%s: the definition needs a \"structure\" with \"dimensions\"", d->name);
  const char *dsd_code = jstr(s, "id");
  if (!dsd_code) dsd_code = arena_printf(d->a, "DSD_%s", mj_startswith(code, "DF_") ? code + 3 : code);
  const char *dsd_agency = jstr(s, "agency") ? jstr(s, "agency") : d->agency;
  const char *dsd_version = jstr(s, "version") ? jstr(s, "version") : "1.0";
  if (!od_id_ok(dsd_code) || od_version_rank(dsd_version) < 0)
    return mj_fail(MJ_EINVAL, "%s: the structure's \"id\" or \"version\" (MAJOR.MINOR) is not valid", d->name);
  OdText sname;
  if ((rc = jtext(d, s, "name", "the structure", 0, &sname))) return rc;
  if (!sname.ar && !sname.en) sname = fname;
  json_t *dims = json_object_get(s, "dimensions");
  json_t *attrs = json_object_get(s, "attributes");
  if (!json_is_array(dims) || json_array_size(dims) < 1)
    return mj_fail(MJ_EINVAL, "%s: the structure needs \"dimensions\": [{\"id\":..,\"codelist\":..}, ...]", d->name);
  if (attrs && !json_is_array(attrs)) return mj_fail(MJ_EINVAL, "%s: \"attributes\" is a list", d->name);
  size_t nd = json_array_size(dims), na = attrs ? json_array_size(attrs) : 0;
  if (nd > OD_MAX_DIMS) return mj_fail(MJ_EINVAL, "%s: at most %d dimensions", d->name, OD_MAX_DIMS);
  if (nd + na + 4 > OD_MAX_COMPONENTS) return mj_fail(MJ_EINVAL, "%s: at most %d components", d->name, OD_MAX_COMPONENTS);
  DefComp comps[OD_MAX_COMPONENTS];
  int nc = 0;
  for (size_t i = 0; i < nd + na; i++) {
    int is_dim = i < nd;
    json_t *c = is_dim ? json_array_get(dims, i) : json_array_get(attrs, i - nd);
    const char *cid = json_is_object(c) ? jstr(c, "id") : NULL;
    if (!od_id_ok(cid))
      return mj_fail(MJ_EINVAL, "%s: %s %zu needs an \"id\"", d->name, is_dim ? "dimension" : "attribute", is_dim ? i + 1 : i - nd + 1);
    if (!strcmp(cid, "TIME_PERIOD") || !strcmp(cid, "OBS_VALUE"))
      return mj_fail(MJ_EINVAL, "%s: %s is implicit (the time dimension and the measure); do not list it", d->name, cid);
    for (int k = 0; k < nc; k++)
      if (strcmp(comps[k].code, cid) == 0) return mj_fail(MJ_EINVAL, "%s: component %s is listed twice", d->name, cid);
    DefComp *dc = &comps[nc++];
    memset(dc, 0, sizeof *dc);
    dc->code = cid;
    dc->kind = is_dim ? "dimension" : "attribute";
    dc->position = is_dim ? (int)i + 1 : (int)(i - nd) + 1;
    const char *clref = jstr(c, "codelist");
    if (is_dim && !clref && strcmp(cid, "FREQ") == 0) clref = "SDMX:CL_FREQ";
    if (is_dim && !clref)
      return mj_fail(MJ_EINVAL, "%s: dimension %s needs a \"codelist\" (dimensions are coded)", d->name, cid);
    if (clref && (rc = resolve_codelist(d, clref, &dc->codelist))) return rc;
    if (!is_dim) {
      dc->attachment = jstr(c, "attachment") ? jstr(c, "attachment") : "observation";
      if (strcmp(dc->attachment, "dataset") && strcmp(dc->attachment, "series") && strcmp(dc->attachment, "observation"))
        return mj_fail(MJ_EINVAL, "%s: attribute %s: \"attachment\" is dataset, series or observation", d->name, cid);
      json_t *req = json_object_get(c, "required");
      dc->required = req && json_is_true(req);
    }
  }
  /* the implicit components: TIME_PERIOD, OBS_VALUE, OBS_STATUS, CONF_STATUS */
  int64_t cl_obs = 0, cl_conf = 0;
  if ((rc = resolve_codelist(d, "SDMX:CL_OBS_STATUS", &cl_obs)) || (rc = resolve_codelist(d, "SDMX:CL_CONF_STATUS", &cl_conf)))
    return rc;
  comps[nc++] = (DefComp){"TIME_PERIOD", "time", NULL, (int)nd + 1, 1, 0};
  comps[nc++] = (DefComp){"OBS_VALUE", "measure", NULL, 1, 0, 0};
  const char *implicit[2] = {"OBS_STATUS", "CONF_STATUS"};
  for (int k = 0; k < 2; k++) {
    int have = 0;
    for (int j = 0; j < nc; j++) have |= strcmp(comps[j].code, implicit[k]) == 0;
    if (!have) comps[nc++] = (DefComp){implicit[k], "attribute", "observation", 100 + k, 0, k ? cl_conf : cl_obs};
  }
  for (int j = 0; j < nc; j++) {
    if ((strcmp(comps[j].code, "OBS_STATUS") == 0 || strcmp(comps[j].code, "CONF_STATUS") == 0) &&
        (strcmp(comps[j].kind, "attribute") || strcmp(comps[j].attachment, "observation")))
      return mj_fail(MJ_EINVAL, "%s: %s is an attribute attached to the observation", d->name, comps[j].code);
  }
  /* order as stored: dimensions, time, measure, attributes */
  DefComp sorted[OD_MAX_COMPONENTS];
  int ns = 0;
  const char *order[4] = {"dimension", "time", "measure", "attribute"};
  for (int o = 0; o < 4; o++)
    for (int j = 0; j < nc; j++)
      if (strcmp(comps[j].kind, order[o]) == 0) sorted[ns++] = comps[j];
  Buf want;
  buf_init(&want, 1 << 20);
  canon_comps(&want, sorted, ns);
  sqlite3_stmt *st = db_stmt(d->db, "SELECT id FROM od_dsd WHERE agency=?1 AND code=?2 AND version=?3");
  if (!st) {
    buf_free(&want);
    return MJ_EIO;
  }
  od_bind_text(st, 1, dsd_agency);
  od_bind_text(st, 2, dsd_code);
  od_bind_text(st, 3, dsd_version);
  int64_t dsd = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  if (dsd) {
    Buf have;
    buf_init(&have, 1 << 20);
    rc = stored_comps_canon(d->db, dsd, &have);
    int same = !rc && strcmp(have.p ? have.p : "", want.p ? want.p : "") == 0;
    buf_free(&have);
    if (!rc && !same)
      rc = mj_fail(MJ_ECONFLICT, "%s: structure %s:%s(%s) exists with other components; give the changed structure a new "
                   "\"version\"", d->name, dsd_agency, dsd_code, dsd_version);
    if (rc) {
      buf_free(&want);
      return rc;
    }
  } else {
    st = db_stmt(d->db, "INSERT INTO od_dsd(agency, code, version, name_ar, name_en, name_az) VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) {
      buf_free(&want);
      return MJ_EIO;
    }
    od_bind_text(st, 1, dsd_agency);
    od_bind_text(st, 2, dsd_code);
    od_bind_text(st, 3, dsd_version);
    od_bind_text(st, 4, ar_or(&sname));
    od_bind_text(st, 5, sname.en);
    od_bind_text(st, 6, sname.az);
    if ((rc = od_step_done(d->db, st, "adding a data structure"))) {
      buf_free(&want);
      return rc;
    }
    dsd = sqlite3_last_insert_rowid(db_handle(d->db));
    for (int j = 0; j < ns && !rc; j++) {
      st = db_stmt(d->db, "INSERT INTO od_component(dsd_id, code, kind, position, codelist_id, attachment, required) "
                          "VALUES(?1,?2,?3,?4,?5,?6,?7)");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, dsd);
      od_bind_text(st, 2, sorted[j].code);
      od_bind_text(st, 3, sorted[j].kind);
      sqlite3_bind_int(st, 4, sorted[j].position);
      if (sorted[j].codelist) sqlite3_bind_int64(st, 5, sorted[j].codelist);
      od_bind_text(st, 6, sorted[j].attachment);
      sqlite3_bind_int(st, 7, sorted[j].required);
      rc = od_step_done(d->db, st, "adding a component");
    }
    if (!rc)
      rc = audit_append(d->db, d->who, "dataset.structure", dsd_code, "defined data structure %s:%s(%s) with %d components",
                        dsd_agency, dsd_code, dsd_version, ns);
    if (rc) {
      buf_free(&want);
      return rc;
    }
  }
  buf_free(&want);

  /* the flow: new, or metadata of an existing one */
  char *themes_txt = themes ? json_dumps(themes, JSON_COMPACT) : xstrdup("[]");
  char *kw_txt = kw ? json_dumps(kw, JSON_COMPACT) : xstrdup("[]");
  st = db_stmt(d->db, "SELECT id, dsd_id, builtin FROM od_dataflow WHERE agency=?1 AND code=?2");
  if (!st) {
    free(themes_txt);
    free(kw_txt);
    return MJ_EIO;
  }
  od_bind_text(st, 1, d->agency);
  od_bind_text(st, 2, code);
  int64_t fid = 0, fdsd = 0;
  int fbuiltin = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    fid = sqlite3_column_int64(st, 0);
    fdsd = sqlite3_column_int64(st, 1);
    fbuiltin = sqlite3_column_int(st, 2);
  }
  db_done(st);
  char at[32];
  mj_iso8601(d->now, at, sizeof at);
  if (fid && fbuiltin) rc = mj_fail(MJ_ECONFLICT, "%s: %s is a built-in dataflow; it is defined by Majlis itself", d->name, code);
  else if (fid && fdsd != dsd)
    rc = mj_fail(MJ_ECONFLICT, "%s: dataflow %s:%s exists with another structure; a flow keeps its structure (define a new "
                 "flow for the new structure)", d->name, d->agency, code);
  else if (fid) {
    st = db_stmt(d->db, "UPDATE od_dataflow SET name_ar=?2, name_en=?3, name_az=?4, description_ar=?5, description_en=?6, "
                        "description_az=?7, access=?8, themes=?9, keywords=?10, contact_name=?11, contact_email=?12, "
                        "license=?13, sdc_threshold=?14 WHERE id=?1");
  } else {
    st = db_stmt(d->db, "INSERT INTO od_dataflow(agency, code, name_ar, name_en, name_az, description_ar, description_en, "
                        "description_az, access, themes, keywords, contact_name, contact_email, license, sdc_threshold, "
                        "dsd_id, created_at, created_by) VALUES(?15,?16,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?17,?18,?19)");
  }
  if (!rc && !st) rc = MJ_EIO;
  if (!rc) {
    if (fid) sqlite3_bind_int64(st, 1, fid);
    od_bind_text(st, 2, ar_or(&fname));
    od_bind_text(st, 3, fname.en);
    od_bind_text(st, 4, fname.az);
    od_bind_text(st, 5, fdesc.ar);
    od_bind_text(st, 6, fdesc.en);
    od_bind_text(st, 7, fdesc.az);
    od_bind_text(st, 8, access);
    od_bind_text(st, 9, themes_txt);
    od_bind_text(st, 10, kw_txt);
    od_bind_text(st, 11, cname);
    od_bind_text(st, 12, cmail);
    od_bind_text(st, 13, license);
    if (threshold) sqlite3_bind_int64(st, 14, threshold);
    if (!fid) {
      od_bind_text(st, 15, d->agency);
      od_bind_text(st, 16, code);
      sqlite3_bind_int64(st, 17, dsd);
      od_bind_text(st, 18, at);
      od_bind_text(st, 19, d->who->user_name);
    }
    rc = od_step_done(d->db, st, fid ? "updating the dataflow" : "adding the dataflow");
  }
  free(themes_txt);
  free(kw_txt);
  if (rc) return rc;
  if (!fid) {
    fid = sqlite3_last_insert_rowid(db_handle(d->db));
    st = db_stmt(d->db, "INSERT INTO od_version(dataflow_id, version, status, created_at, updated_at) VALUES(?1,'1.0','draft',?2,?2)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, fid);
    od_bind_text(st, 2, at);
    if ((rc = od_step_done(d->db, st, "adding the first version"))) return rc;
    rc = audit_append(d->db, d->who, "dataset.define", code, "defined dataflow %s:%s (structure %s:%s(%s), access %s%s%s), "
                      "draft 1.0", d->agency, code, dsd_agency, dsd_code, dsd_version, access,
                      threshold ? ", disclosure threshold " : "", threshold ? arena_printf(d->a, "%lld", threshold) : "");
  } else {
    rc = audit_append(d->db, d->who, "dataset.update", code, "updated the metadata of dataflow %s:%s (access %s%s%s)",
                      d->agency, code, access, threshold ? ", disclosure threshold " : "",
                      threshold ? arena_printf(d->a, "%lld", threshold) : "");
  }
  if (flow_id) *flow_id = fid;
  return rc;
}

int od_define_root(Db *db, const Actor *who, const char *name, json_t *root, int64_t *flow_id) {
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may define datasets");
  Def d = {db, who, name, arena_new(), OD_AGENCY, mj_now_ms() / 1000};
  int rc = db_begin(db);
  if (!rc) {
    rc = define_run(&d, root, flow_id);
    if (!rc) rc = db_commit(db);
    else db_rollback(db);
  }
  arena_free(d.a);
  return rc;
}

int od_define_json(Db *db, const Actor *who, const char *name, const char *json, size_t len, int64_t *flow_id) {
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may define datasets");
  json_error_t err;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
  if (!root) return mj_fail(MJ_EINVAL, "%s:%d: not valid JSON: %s", name, err.line, err.text);
  int rc = od_define_root(db, who, name, root, flow_id);
  json_decref(root);
  return rc;
}

int od_define_file(Db *db, const Actor *who, const char *path, int64_t *flow_id) {
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may define datasets");
  char *data;
  size_t len;
  int rc = read_file(path, 16u << 20, &data, &len);
  if (rc) return rc;
  const char *p = data;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (mj_startswith(p, "\xEF\xBB\xBF")) p += 3;
  if (*p == '<') rc = od_define_sdmxml(db, who, path, data, len, flow_id);
  else rc = od_define_json(db, who, path, data, len, flow_id);
  free(data);
  return rc;
}

/* ======================================================================
** Loads
** ====================================================================== */

typedef struct LoadCol {
  int col;             /* CSV column, -1 when absent */
  const char *fixed;   /* a value from --fixed */
} LoadCol;

static const char *cell_of(const PopoloCsv *c, int row, const LoadCol *lc) {
  if (lc->col >= 0) {
    const char *s = c->rows[row][lc->col];
    if (s && *s) return s;
  }
  return lc->fixed && *lc->fixed ? lc->fixed : NULL;
}

/* Parses "a=b,c=d" into pairs (arena copies). */
static int parse_pairs(Arena *a, const char *spec, const char *what, const char ***left, const char ***right, int *n) {
  *n = 0;
  *left = *right = NULL;
  if (!spec || !*spec) return MJ_OK;
  int cap = 1;
  for (const char *p = spec; *p; p++) cap += *p == ',';
  *left = arena_alloc(a, sizeof(char *) * (size_t)cap);
  *right = arena_alloc(a, sizeof(char *) * (size_t)cap);
  const char *p = spec;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (!eq || eq == p || (size_t)(eq - p) + 1 >= len)
      return mj_fail(MJ_EINVAL, "%s: '%.*s' is not NAME=VALUE", what, (int)len, p);
    (*left)[*n] = arena_strndup(a, p, (size_t)(eq - p));
    (*right)[*n] = arena_strndup(a, eq + 1, len - (size_t)(eq - p) - 1);
    (*n)++;
    p += len + (comma != NULL);
  }
  return MJ_OK;
}

static int value_parse(const char *s, double *v) {
  char *end;
  errno = 0;
  *v = strtod(s, &end);
  return !(end == s || *end || errno == ERANGE || !isfinite(*v));
}

/* The codes of each coded component as a hash set, built once per load:
** a file of a million rows looks a code up a million times per dimension. */
static void code_sets(const OdFlow *f, SMap *sets) {
  for (int i = 0; i < f->ncomps; i++) {
    const OdCodelist *cl = f->comps[i].codelist;
    if (!cl) continue;
    smap_reserve(&sets[i], (size_t)cl->ncodes);
    for (int k = 0; k < cl->ncodes; k++) smap_put(&sets[i], cl->codes[k].code, 1);
  }
}

/* A reporting period parsed once per distinct text (a file repeats each
** period once per series). */
typedef struct PeriodInfo {
  char start[11], end[11], freq;
} PeriodInfo;
typedef struct PeriodCache {
  SMap map;            /* period text -> index + 1 into v */
  PeriodInfo *v;
  size_t n, cap;
} PeriodCache;

static int period_cached(PeriodCache *pc, const char *p, char start[11], char end[11], char *freq, int64_t *num) {
  int64_t i = smap_get(&pc->map, p);
  if (!i) {
    PeriodInfo pi;
    if (od_period_parse(p, pi.start, pi.end, &pi.freq)) return MJ_EINVAL;
    if (pc->n == pc->cap) {
      pc->cap = pc->cap ? pc->cap * 2 : 256;
      pc->v = xrealloc(pc->v, sizeof *pc->v * pc->cap);
    }
    pc->v[pc->n++] = pi;
    i = (int64_t)pc->n;
    smap_put(&pc->map, p, i); /* p lives in the load's arena */
  }
  *num = i;
  const PeriodInfo *pi = &pc->v[i - 1];
  memcpy(start, pi->start, 11);
  memcpy(end, pi->end, 11);
  *freq = pi->freq;
  return MJ_OK;
}

/* The order rows are written in: by series (its first row in the file),
** then period, i.e. the (series_id, period) primary key's order for the
** series the load adds; a file sorted by period instead (all series of a
** day, then the next day) would otherwise insert all over the table's
** B-tree. Every observation is in a file once, so the order of writing
** changes nothing but the speed. */
typedef struct WriteOrder {
  int64_t first;        /* the series' first row + 1 */
  const char *period;
  int row;
} WriteOrder;

static int cmp_write(const void *x, const void *y) {
  const WriteOrder *a = x, *b = y;
  if (a->first != b->first) return a->first < b->first ? -1 : 1;
  return strcmp(a->period, b->period);
}

/* The duplicate check: an observation is (its series' first row, its
** period's number in the period cache), one 64-bit key, mapped to its
** line. Sized once for every row of the file; 0 marks a free slot. */
typedef struct ObsSet {
  uint64_t *k;
  int64_t *line;
  size_t mask;
} ObsSet;

static void obsset_init(ObsSet *o, size_t rows) {
  size_t cap = 256;
  while (cap < rows * 2 + 2) cap *= 2;
  o->k = xcalloc(cap, sizeof *o->k);
  o->line = xcalloc(cap, sizeof *o->line);
  o->mask = cap - 1;
}

/* The line already holding k, or 0 after recording it on line. */
static int64_t obsset_add(ObsSet *o, uint64_t k, int64_t line) {
  size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & o->mask;
  while (o->line[i]) {
    if (o->k[i] == k) return o->line[i];
    i = (i + 1) & o->mask;
  }
  o->k[i] = k;
  o->line[i] = line;
  return 0;
}

static void obsset_free(ObsSet *o) {
  free(o->k);
  free(o->line);
  memset(o, 0, sizeof *o);
}

int od_load_csv(Db *db, const Actor *who, const char *flowref, const char *name, const char *data, size_t len,
                const OdLoadOptions *o, OdLoadReport *r) {
  memset(r, 0, sizeof *r);
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may load datasets");
  OdLoadOptions none = {0};
  if (!o) o = &none;
  if (len > OD_MAX_LOAD_BYTES) return mj_fail(MJ_ETOOBIG, "%s is larger than %u MB", name, OD_MAX_LOAD_BYTES >> 20);
  Arena *a = arena_new();
  PopoloCsv c;
  int rc = popolo_csv_parse(name, data, len, a, &c);
  SMap seriesk = {0}, *codes = NULL;
  ObsSet obsk = {0};
  int ncodes = 0;
  PeriodCache pc;
  memset(&pc, 0, sizeof pc);
  if (rc) goto out;
  int sdmx = !o->map;
  int cflow = popolo_csv_col(&c, "DATAFLOW"), cstruct = popolo_csv_col(&c, "STRUCTURE"),
      csid = popolo_csv_col(&c, "STRUCTURE_ID"), caction = popolo_csv_col(&c, "ACTION");
  if (sdmx && cflow < 0 && csid < 0) {
    rc = mj_fail(MJ_EINVAL, "%s:1: not SDMX-CSV: the header has no DATAFLOW or STRUCTURE_ID column (for a plain CSV, give "
                 "--map 'column=COMPONENT,...')", name);
    goto out;
  }
  int cref = csid >= 0 ? csid : cflow;
  if (!flowref) {
    if (cref < 0 || !c.nrows) {
      rc = mj_fail(MJ_EINVAL, "%s: name the dataflow to load into (the file does not)", name);
      goto out;
    }
    flowref = c.rows[0][cref];
  }
  const char *fag, *fcode, *fver;
  if ((rc = od_ref_split(a, flowref, &fag, &fcode, &fver))) goto out;
  OdFlowRow fr;
  if ((rc = od_flow_row(db, a, fag, fcode, &fr))) goto out;
  if (fr.builtin) {
    rc = mj_fail(MJ_ECONFLICT, "%s is a built-in dataflow computed from the record; it cannot be loaded", fr.code);
    goto out;
  }
  OdFlow *f = arena_alloc(a, sizeof *f);
  memset(f, 0, sizeof *f);
  f->id = fr.id;
  f->agency = fr.agency;
  f->code = fr.code;
  f->dsd_id = fr.dsd_id;
  f->access = fr.access;
  if ((rc = od_load_structure(db, a, f))) goto out;
  int64_t draft = od_draft_of(db, f->id);
  if (!draft) {
    rc = mj_fail(MJ_ECONFLICT, "%s: its newest version is published and cannot change; start a revision first "
                 "(majlis dataset revise %s)", f->code, f->code);
    goto out;
  }
  {
    sqlite3_stmt *st = db_stmt(db, "SELECT version FROM od_version WHERE id=?1");
    if (!st) {
      rc = MJ_EIO;
      goto out;
    }
    sqlite3_bind_int64(st, 1, draft);
    if (sqlite3_step(st) == SQLITE_ROW) mj_strlcpy(r->version, (const char *)sqlite3_column_text(st, 0), sizeof r->version);
    db_done(st);
  }
  if (fver && strcmp(fver, "+") != 0 && strcmp(fver, r->version) != 0) {
    rc = mj_fail(MJ_ECONFLICT, "%s: the file is for version %s, but the draft of %s is version %s", name, fver, f->code, r->version);
    goto out;
  }
  /* which column feeds which component */
  LoadCol *cols = arena_alloc(a, sizeof *cols * (size_t)f->ncomps);
  for (int i = 0; i < f->ncomps; i++) {
    cols[i].col = popolo_csv_col(&c, f->comps[i].code);
    cols[i].fixed = NULL;
  }
  const char **ml, **mr;
  int nm;
  if ((rc = parse_pairs(a, o->map, "--map", &ml, &mr, &nm))) goto out;
  for (int k = 0; k < nm; k++) {
    int col = popolo_csv_col(&c, ml[k]);
    const OdComponent *comp = od_component(f, mr[k]);
    if (col < 0) {
      rc = mj_fail(MJ_EINVAL, "%s:1: --map names the column '%s', which the header does not have", name, ml[k]);
      goto out;
    }
    if (!comp) {
      rc = mj_fail(MJ_EINVAL, "--map: '%s' is not a component of %s", mr[k], f->code);
      goto out;
    }
    cols[comp - f->comps].col = col;
  }
  if ((rc = parse_pairs(a, o->fixed, "--fixed", &ml, &mr, &nm))) goto out;
  for (int k = 0; k < nm; k++) {
    const OdComponent *comp = od_component(f, ml[k]);
    if (!comp) {
      rc = mj_fail(MJ_EINVAL, "--fixed: '%s' is not a component of %s", ml[k], f->code);
      goto out;
    }
    cols[comp - f->comps].fixed = mr[k];
  }
  if (sdmx) { /* SDMX-CSV: every column must be known */
    for (int j = 0; j < c.ncol; j++) {
      if (j == cflow || j == cstruct || j == csid || j == caction) continue;
      int used = 0;
      for (int i = 0; i < f->ncomps; i++) used |= cols[i].col == j;
      if (!used) {
        rc = mj_fail(MJ_EINVAL, "%s:1: column '%s' is not a component of %s (its components: see 'majlis dataset show %s')",
                     name, c.head[j], f->code, f->code);
        goto out;
      }
    }
  }
  for (int i = 0; i < f->ncomps; i++) {
    const OdComponent *comp = &f->comps[i];
    if ((comp->kind == OD_DIMENSION || comp->kind == OD_TIME || comp->kind == OD_MEASURE) && cols[i].col < 0 && !cols[i].fixed) {
      rc = mj_fail(MJ_EINVAL, "%s:1: no column for %s %s%s", name, comp->kind_name, comp->code,
                   sdmx ? "" : " (map one with --map 'column=COMPONENT', or give --fixed COMPONENT=VALUE)");
      goto out;
    }
  }
  /* check every row first */
  int ti = f->time_idx, mi = f->measure_idx, freq_dim = -1;
  for (int i = 0; i < f->ndims; i++)
    if (strcmp(f->comps[i].code, "FREQ") == 0) freq_dim = i;
  typedef struct Row {
    const char *key, *period, *status, *conf, *attrs, *sattrs;
    char ps[11], pe[11];
    int has_value, del;
    double value;
  } Row;
  Row *rows = arena_alloc(a, sizeof *rows * (size_t)(c.nrows ? c.nrows : 1));
  WriteOrder *order = arena_alloc(a, sizeof *order * (size_t)(c.nrows ? c.nrows : 1));
  codes = xcalloc((size_t)f->ncomps, sizeof *codes);
  ncodes = f->ncomps;
  code_sets(f, codes);
  obsset_init(&obsk, (size_t)c.nrows);
  const char *ref_ok = NULL; /* the last DATAFLOW/STRUCTURE_ID text checked */
  json_t *ds_attrs = json_object();
  Buf kb;
  buf_init(&kb, 1 << 16);
  for (int i = 0; i < c.nrows && !rc; i++) {
    int line = c.line[i];
    Row *w = &rows[i];
    memset(w, 0, sizeof *w);
    if (cref >= 0 && sdmx) {
      const char *ref = c.rows[i][cref];
      const char *ra, *rcode, *rv;
      if (!ref_ok || strcmp(ref, ref_ok) != 0) { /* rows repeat the same reference: check each new text once */
        if (od_ref_split(a, ref, &ra, &rcode, &rv) || strcmp(rcode, f->code) != 0 || (ra && strcmp(ra, f->agency) != 0)) {
          rc = mj_fail(MJ_EINVAL, "%s:%d: the row is for dataflow '%s', not %s:%s", name, line, ref, f->agency, f->code);
          break;
        }
        ref_ok = ref;
      }
      if (cstruct >= 0 && c.rows[i][cstruct][0] && strcasecmp(c.rows[i][cstruct], "dataflow") != 0) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: STRUCTURE is '%s'; only dataflow rows can be loaded", name, line, c.rows[i][cstruct]);
        break;
      }
    }
    if (caction >= 0 && sdmx) {
      const char *act = c.rows[i][caction];
      if (*act && strcmp(act, "I") && strcmp(act, "A") && strcmp(act, "R") && strcmp(act, "M") && strcmp(act, "D")) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: ACTION '%s' is not I, A, R, M or D", name, line, act);
        break;
      }
      w->del = strcmp(act, "D") == 0;
    }
    buf_reset(&kb);
    for (int d = 0; d < f->ndims; d++) {
      const OdComponent *comp = &f->comps[d];
      const char *v = cell_of(&c, i, &cols[d]);
      if (!v) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: %s is empty", name, line, comp->code);
        break;
      }
      if (!od_id_ok(v)) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: %s '%s' is not a code (letters, digits, _ @ $ -)", name, line, comp->code, v);
        break;
      }
      if (comp->codelist && !smap_get(&codes[d], v)) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: '%s' is not a code of %s (code list %s:%s)", name, line, v, comp->code,
                     comp->codelist->agency, comp->codelist->code);
        break;
      }
      if (d) buf_putc(&kb, '.');
      buf_puts(&kb, v);
    }
    if (rc) break;
    w->key = arena_strdup(a, kb.p ? kb.p : "");
    w->period = cell_of(&c, i, &cols[ti]);
    char fq;
    if (!w->period) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: TIME_PERIOD is empty", name, line);
      break;
    }
    int64_t pnum;
    if (period_cached(&pc, w->period, w->ps, w->pe, &fq, &pnum)) {
      rc = od_fail_prefixed(MJ_EINVAL, arena_printf(a, "%s:%d", name, line));
      break;
    }
    if (freq_dim >= 0) {
      const char *fc = cell_of(&c, i, &cols[freq_dim]);
      if (fc && strlen(fc) == 1 && strchr("ASQMWD", fc[0]) && fc[0] != fq) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: the period '%s' is not of frequency %s", name, line, w->period, fc);
        break;
      }
    }
    /* duplicates within the file; seriesk: a key -> its first row + 1 */
    int64_t first = smap_get(&seriesk, w->key);
    if (!first) smap_put(&seriesk, w->key, i + 1);
    order[i] = (WriteOrder){first ? first : i + 1, w->period, i};
    int64_t prev = obsset_add(&obsk, (uint64_t)order[i].first << 32 | (uint64_t)pnum, line);
    if (prev) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: the observation %s %s is already on line %lld", name, line, w->key, w->period,
                   (long long)prev);
      break;
    }
    const char *val = cell_of(&c, i, &cols[mi]);
    w->status = "A";
    w->conf = "F";
    if (!val || strcmp(val, "NaN") == 0) {
      w->has_value = 0;
      w->status = "O"; /* missing value, unless the row says why */
    } else if (!value_parse(val, &w->value)) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: OBS_VALUE '%s' is not a number", name, line, val);
      break;
    } else {
      w->has_value = 1;
    }
    /* attribute objects only for rows that carry attributes beyond the two statuses */
    json_t *oattrs = NULL, *sattrs = NULL;
    for (int k = 0; k < f->ncomps && !rc; k++) {
      const OdComponent *comp = &f->comps[k];
      if (comp->kind != OD_ATTRIBUTE) continue;
      const char *v = cell_of(&c, i, &cols[k]);
      if (!v) {
        if (comp->required)
          rc = mj_fail(MJ_EINVAL, "%s:%d: the attribute %s is required and empty", name, line, comp->code);
        continue;
      }
      if (comp->codelist && !smap_get(&codes[k], v)) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: '%s' is not a code of %s (code list %s:%s)", name, line, v, comp->code,
                     comp->codelist->agency, comp->codelist->code);
        break;
      }
      if (strlen(v) > 1000) {
        rc = mj_fail(MJ_EINVAL, "%s:%d: the attribute %s is longer than 1000 bytes", name, line, comp->code);
        break;
      }
      if (strcmp(comp->code, "OBS_STATUS") == 0) w->status = v;
      else if (strcmp(comp->code, "CONF_STATUS") == 0) w->conf = v;
      else {
        const char *att = comp->attachment ? comp->attachment : "observation";
        if (att[0] == 'o' && !oattrs) oattrs = json_object();
        if (att[0] == 's' && !sattrs) sattrs = json_object();
        json_t *target = att[0] == 'o' ? oattrs : att[0] == 's' ? sattrs : ds_attrs;
        json_t *had = json_object_get(target, comp->code);
        if (had && strcmp(json_string_value(had), v) != 0) {
          rc = mj_fail(MJ_EINVAL, "%s:%d: the %s attribute %s is '%s' here but '%s' earlier in the file", name, line, att,
                       comp->code, v, json_string_value(had));
          break;
        }
        json_object_set_new(target, comp->code, json_string(v));
      }
    }
    if (!rc && w->has_value && strcmp(w->status, "O") != 0 && (strcmp(w->status, "M") == 0 || strcmp(w->status, "L") == 0))
      rc = mj_fail(MJ_EINVAL, "%s:%d: OBS_STATUS %s says the value is missing, but OBS_VALUE is %s", name, line, w->status, val);
    if (!rc && !w->has_value && strcmp(w->status, "A") == 0) w->status = "O";
    if (!rc) {
      char *s1 = oattrs && json_object_size(oattrs) ? json_dumps(oattrs, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
      char *s2 = sattrs && json_object_size(sattrs) ? json_dumps(sattrs, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
      w->attrs = s1 ? arena_strdup(a, s1) : NULL;
      w->sattrs = s2 ? arena_strdup(a, s2) : "{}";
      free(s1);
      free(s2);
      /* series attributes must agree across the series' rows */
      if (first && strcmp(rows[first - 1].sattrs, w->sattrs) != 0 && sattrs && json_object_size(sattrs))
        rc = mj_fail(MJ_EINVAL, "%s:%d: the series attributes of %s differ from those on line %d", name, line, w->key,
                     c.line[first - 1]);
    }
    json_decref(oattrs);
    json_decref(sattrs);
  }
  buf_free(&kb);
  if (rc) {
    json_decref(ds_attrs);
    goto out;
  }
  r->rows = c.nrows;
  /* write */
  int64_t now = mj_now_ms() / 1000;
  if ((rc = db_begin(db))) {
    json_decref(ds_attrs);
    goto out;
  }
  if (o->replace) {
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM od_series WHERE version_id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, draft);
      rc = od_step_done(db, st, "emptying the draft");
    }
  }
  if (!rc && json_object_size(ds_attrs)) {
    char *s = json_dumps(ds_attrs, JSON_COMPACT | JSON_SORT_KEYS);
    sqlite3_stmt *st = db_stmt(db, "UPDATE od_version SET attrs=json_patch(attrs, ?2) WHERE id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, draft);
      od_bind_text(st, 2, s);
      rc = od_step_done(db, st, "setting dataset attributes");
    }
    free(s);
  }
  json_decref(ds_attrs);
  smap_free(&seriesk);
  int sorted = 1;
  for (int i = 1; i < c.nrows && sorted; i++) sorted = cmp_write(&order[i - 1], &order[i]) <= 0;
  if (!sorted) qsort(order, (size_t)c.nrows, sizeof *order, cmp_write);
  /* seriesk now maps a key to its series id * 2, + 1 when the series holds
  ** no observation from before this load (added now, or the draft was
  ** emptied): then no row can meet an existing observation (a file holds
  ** each observation once), and the lookup of one is skipped. */
  for (int i = 0; i < c.nrows && !rc; i++) {
    Row *w = &rows[order[i].row];
    int64_t sv = smap_get(&seriesk, w->key);
    int64_t sid = sv / 2;
    int fresh = (int)(sv & 1) || o->replace;
    /* the series' attributes are its first row's (the check pass allowed
    ** later rows only the same or none); rows are not written in file order */
    const char *sattrs = rows[order[i].first - 1].sattrs;
    if (!sid) {
      sqlite3_stmt *st = db_stmt(db, "SELECT id FROM od_series WHERE version_id=?1 AND key=?2");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, draft);
      od_bind_text(st, 2, w->key);
      sid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
      db_done(st);
      if (sid && strcmp(sattrs, "{}") != 0) {
        st = db_stmt(db, "UPDATE od_series SET attrs=json_patch(attrs, ?2) WHERE id=?1");
        if (!st) {
          rc = MJ_EIO;
          break;
        }
        sqlite3_bind_int64(st, 1, sid);
        od_bind_text(st, 2, sattrs);
        if ((rc = od_step_done(db, st, "setting series attributes"))) break;
      }
      if (!sid && !w->del) {
        st = db_stmt(db, "INSERT INTO od_series(version_id, key, attrs) VALUES(?1,?2,?3)");
        if (!st) {
          rc = MJ_EIO;
          break;
        }
        sqlite3_bind_int64(st, 1, draft);
        od_bind_text(st, 2, w->key);
        od_bind_text(st, 3, sattrs);
        if ((rc = od_step_done(db, st, "adding a series"))) break;
        sid = sqlite3_last_insert_rowid(db_handle(db));
        r->series_added++;
        fresh = 1;
      }
      if (sid) smap_put(&seriesk, w->key, sid * 2 + fresh);
    }
    if (!sid) continue; /* deleting from a series that does not exist */
    sqlite3_stmt *st = NULL;
    int exists = 0, same = 0;
    if (!fresh) {
      st = db_stmt(db, "SELECT value, status, conf, attrs FROM od_obs WHERE series_id=?1 AND period=?2");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, sid);
      od_bind_text(st, 2, w->period);
    }
    if (st && sqlite3_step(st) == SQLITE_ROW) {
      exists = 1;
      int hv = sqlite3_column_type(st, 0) != SQLITE_NULL;
      const char *at = (const char *)sqlite3_column_text(st, 3);
      same = hv == w->has_value && (!hv || sqlite3_column_double(st, 0) == w->value) &&
             strcmp((const char *)sqlite3_column_text(st, 1), w->status) == 0 &&
             strcmp((const char *)sqlite3_column_text(st, 2), w->conf) == 0 &&
             ((!at && !w->attrs) || (at && w->attrs && strcmp(at, w->attrs) == 0));
    }
    db_done(st);
    if (w->del) {
      if (!exists) continue;
      st = db_stmt(db, "DELETE FROM od_obs WHERE series_id=?1 AND period=?2");
      if (!st) {
        rc = MJ_EIO;
        break;
      }
      sqlite3_bind_int64(st, 1, sid);
      od_bind_text(st, 2, w->period);
      rc = od_step_done(db, st, "deleting an observation");
      r->changed++;
      continue;
    }
    if (same) {
      r->unchanged++;
      continue;
    }
    st = db_stmt(db, "INSERT OR REPLACE INTO od_obs(series_id, period, period_start, period_end, value, status, conf, "
                     "attrs, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    /* the row's texts outlive the step: bound without a copy */
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_text(st, 2, w->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, w->ps, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, w->pe, -1, SQLITE_STATIC);
    if (w->has_value) sqlite3_bind_double(st, 5, w->value);
    sqlite3_bind_text(st, 6, w->status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, w->conf, -1, SQLITE_STATIC);
    if (w->attrs) sqlite3_bind_text(st, 8, w->attrs, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, now);
    if ((rc = od_step_done(db, st, "writing an observation"))) break;
    if (exists) r->changed++;
    else r->added++;
  }
  if (!rc) rc = od_version_touch(db, draft, now);
  if (!rc)
    rc = audit_append(db, who, "dataset.load", f->code, "loaded %s into %s:%s draft %s: %d rows, %d added, %d changed, "
                      "%d unchanged%s", name, f->agency, f->code, r->version, r->rows, r->added,
                      r->changed, r->unchanged, o->replace ? " (replacing the draft)" : "");
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
out:
  obsset_free(&obsk);
  smap_free(&seriesk);
  for (int i = 0; i < ncodes; i++) smap_free(&codes[i]);
  free(codes);
  smap_free(&pc.map);
  free(pc.v);
  arena_free(a);
  if (rc) memset(r, 0, sizeof *r);
  return rc;
}

int od_load_file(Db *db, const Actor *who, const char *flow, const char *path, const OdLoadOptions *o,
                 OdLoadReport *r) {
  memset(r, 0, sizeof *r);
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may load datasets");
  char *data;
  size_t len;
  int rc = read_file(path, OD_MAX_LOAD_BYTES, &data, &len);
  if (rc) return rc;
  rc = od_load_csv(db, who, flow, path, data, len, o, r);
  free(data);
  return rc;
}
