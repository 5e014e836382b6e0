/*
** opendata_gov.c: governance of the cube. Publication (with its release
** time: the embargo), revisions as new versions copied from the newest
** one, the release calendar, and statistical disclosure control: primary
** suppression of small cells and secondary suppression until no suppressed
** cell can be computed back from the totals published beside it. The check
** is exact linear algebra over the table's additivity equations (see
** doc/opendata.md), not a rule of thumb, so the guarantee is the one the
** tests assert: every suppressed cell has more than one value consistent
** with everything published.
*/
#include "opendata_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

/* ======================================================================
** Disclosure control: the pure core
** ====================================================================== */

/* The unknowns of the table (suppressed cells) and, for each equation that
** involves one, its row of coefficients over them: +1 for the total, -1 for
** each child. Reduced to row echelon form; a cell is determined when the
** row space holds its unit vector. */
typedef struct Lin {
  int nu;          /* unknowns */
  int *col_of;     /* cell -> column, -1 when published */
  int *cell_of;    /* column -> cell */
  double *m;       /* rows x nu, reduced */
  int rows;
  int *pivot_row;  /* column -> its pivot row, -1 when free */
} Lin;

static void lin_free(Lin *l) {
  free(l->col_of);
  free(l->cell_of);
  free(l->m);
  free(l->pivot_row);
  memset(l, 0, sizeof *l);
}

static void lin_build(const OdSdcTable *t, Lin *l) {
  memset(l, 0, sizeof *l);
  l->col_of = xmalloc(sizeof(int) * (size_t)(t->ncells ? t->ncells : 1));
  l->cell_of = xmalloc(sizeof(int) * (size_t)(t->ncells ? t->ncells : 1));
  for (int i = 0; i < t->ncells; i++) {
    l->col_of[i] = t->cells[i].suppressed ? l->nu : -1;
    if (t->cells[i].suppressed) l->cell_of[l->nu++] = i;
  }
  int nu = l->nu;
  l->pivot_row = xmalloc(sizeof(int) * (size_t)(nu ? nu : 1));
  for (int j = 0; j < nu; j++) l->pivot_row[j] = -1;
  int cap = 0;
  for (int e = 0; e < t->neqs; e++) {
    int any = l->col_of[t->eqs[e].total] >= 0;
    for (int k = 0; k < t->eqs[e].nchildren && !any; k++) any = l->col_of[t->eqs[e].children[k]] >= 0;
    cap += any;
  }
  l->m = xcalloc((size_t)(cap ? cap : 1) * (size_t)(nu ? nu : 1), sizeof(double));
  for (int e = 0; e < t->neqs; e++) {
    const OdSdcEq *q = &t->eqs[e];
    double *row = l->m + (size_t)l->rows * (size_t)nu;
    int any = 0;
    if (l->col_of[q->total] >= 0) {
      row[l->col_of[q->total]] += 1;
      any = 1;
    }
    for (int k = 0; k < q->nchildren; k++)
      if (l->col_of[q->children[k]] >= 0) {
        row[l->col_of[q->children[k]]] -= 1;
        any = 1;
      }
    if (any) l->rows++;
  }
  /* Gauss-Jordan with partial pivoting; entries start as small integers */
  int r = 0;
  for (int j = 0; j < nu && r < l->rows; j++) {
    int best = -1;
    double bv = 1e-9;
    for (int i = r; i < l->rows; i++)
      if (fabs(l->m[(size_t)i * nu + j]) > bv) {
        bv = fabs(l->m[(size_t)i * nu + j]);
        best = i;
      }
    if (best < 0) continue;
    if (best != r)
      for (int k = 0; k < nu; k++) {
        double tmp = l->m[(size_t)r * nu + k];
        l->m[(size_t)r * nu + k] = l->m[(size_t)best * nu + k];
        l->m[(size_t)best * nu + k] = tmp;
      }
    double p = l->m[(size_t)r * nu + j];
    for (int k = 0; k < nu; k++) l->m[(size_t)r * nu + k] /= p;
    for (int i = 0; i < l->rows; i++) {
      if (i == r) continue;
      double f = l->m[(size_t)i * nu + j];
      if (fabs(f) < 1e-12) continue;
      for (int k = 0; k < nu; k++) l->m[(size_t)i * nu + k] -= f * l->m[(size_t)r * nu + k];
    }
    l->pivot_row[j] = r++;
  }
}

/* Column j is determined when its pivot row has no other non-zero entry. */
static int lin_determined(const Lin *l, int j) {
  int r = l->pivot_row[j];
  if (r < 0) return 0;
  for (int k = 0; k < l->nu; k++)
    if (k != j && fabs(l->m[(size_t)r * l->nu + k]) > 1e-9) return 0;
  return 1;
}

/* Tables split into independent parts: cells joined by equations (in
** practice one part per period, or per line of a one-dimensional
** hierarchy). Each part is solved alone, so memory and time follow the
** largest part, not the whole version. */
static int uf_find(int *up, int x) {
  while (up[x] != x) {
    up[x] = up[up[x]];
    x = up[x];
  }
  return x;
}

/* comp[i]: the part of cell i (the root cell's index). */
static void parts(const OdSdcTable *t, int *comp) {
  for (int i = 0; i < t->ncells; i++) comp[i] = i;
  for (int e = 0; e < t->neqs; e++) {
    int a = uf_find(comp, t->eqs[e].total);
    for (int k = 0; k < t->eqs[e].nchildren; k++) {
      int b = uf_find(comp, t->eqs[e].children[k]);
      if (a != b) comp[b] = a;
    }
  }
  for (int i = 0; i < t->ncells; i++) comp[i] = uf_find(comp, i);
}

/* The sub-table of part `root`: its cells (full index in *full) and its
** equations, renumbered. Caller frees with sub_free. */
typedef struct Sub {
  OdSdcTable t;
  int *full;     /* sub cell -> full cell */
  int *kids;     /* storage of the renumbered children */
} Sub;

static void sub_make(const OdSdcTable *t, const int *comp, int root, int *sub_of, Sub *s) {
  memset(s, 0, sizeof *s);
  int nc = 0, ne = 0, nk = 0;
  for (int i = 0; i < t->ncells; i++)
    if (comp[i] == root) nc++;
  for (int e = 0; e < t->neqs; e++)
    if (comp[t->eqs[e].total] == root) {
      ne++;
      nk += t->eqs[e].nchildren;
    }
  s->t.cells = xmalloc(sizeof *s->t.cells * (size_t)(nc ? nc : 1));
  s->full = xmalloc(sizeof(int) * (size_t)(nc ? nc : 1));
  s->t.eqs = xmalloc(sizeof *s->t.eqs * (size_t)(ne ? ne : 1));
  s->kids = xmalloc(sizeof(int) * (size_t)(nk ? nk : 1));
  for (int i = 0; i < t->ncells; i++)
    if (comp[i] == root) {
      sub_of[i] = s->t.ncells;
      s->full[s->t.ncells] = i;
      s->t.cells[s->t.ncells++] = t->cells[i];
    }
  int used = 0;
  for (int e = 0; e < t->neqs; e++) {
    if (comp[t->eqs[e].total] != root) continue;
    OdSdcEq *q = &s->t.eqs[s->t.neqs++];
    q->total = sub_of[t->eqs[e].total];
    q->children = s->kids + used;
    q->nchildren = t->eqs[e].nchildren;
    for (int k = 0; k < q->nchildren; k++) q->children[k] = sub_of[t->eqs[e].children[k]];
    used += q->nchildren;
  }
}

static void sub_free(Sub *s) {
  free(s->t.cells);
  free(s->t.eqs);
  free(s->full);
  free(s->kids);
}

int od_sdc_determined(const OdSdcTable *t, int i) {
  if (i < 0 || i >= t->ncells || !t->cells[i].suppressed) return 1; /* published: known */
  int *comp = xmalloc(sizeof(int) * (size_t)t->ncells), *sub_of = xmalloc(sizeof(int) * (size_t)t->ncells);
  parts(t, comp);
  Sub s;
  sub_make(t, comp, comp[i], sub_of, &s);
  Lin l;
  lin_build(&s.t, &l);
  int d = lin_determined(&l, l.col_of[sub_of[i]]);
  lin_free(&l);
  sub_free(&s);
  free(comp);
  free(sub_of);
  return d;
}

/* The published cell to suppress next so that cell i stops being
** determined: the smallest published cell of an equation holding i
** (children before totals, so totals stay visible where they can); when
** those are all suppressed already, the smallest published cell of any
** equation holding a suppressed cell. -1 when none is left. */
static int pick_partner(const OdSdcTable *t, int i) {
  int best = -1, best_total = 1;
  double bv = 0;
  for (int pass = 0; pass < 2 && best < 0; pass++)
    for (int e = 0; e < t->neqs; e++) {
      const OdSdcEq *q = &t->eqs[e];
      int holds = 0;
      if (pass == 0) {
        holds = q->total == i;
        for (int k = 0; k < q->nchildren && !holds; k++) holds = q->children[k] == i;
      } else {
        holds = t->cells[q->total].suppressed != 0;
        for (int k = 0; k < q->nchildren && !holds; k++) holds = t->cells[q->children[k]].suppressed != 0;
      }
      if (!holds) continue;
      for (int k = -1; k < q->nchildren; k++) {
        int c = k < 0 ? q->total : q->children[k];
        const OdSdcCell *cell = &t->cells[c];
        if (cell->suppressed || !cell->has_value) continue;
        int is_total = k < 0;
        if (best < 0 || (best_total && !is_total) || (best_total == is_total && cell->value < bv)) {
          best = c;
          bv = cell->value;
          best_total = is_total;
        }
      }
    }
  return best;
}

void od_sdc_protect(OdSdcTable *t, int threshold, OdSdcReport *r) {
  OdSdcReport none;
  if (!r) r = &none;
  memset(r, 0, sizeof *r);
  r->cells = t->ncells;
  for (int i = 0; i < t->ncells; i++) {
    OdSdcCell *c = &t->cells[i];
    if (!c->suppressed && c->has_value && c->value >= 0 && c->value < threshold) {
      c->suppressed = 1;
      r->primary++;
    }
  }
  /* secondary, part by part: while some suppressed cell is determined,
  ** suppress a partner for each such cell, then check again (each round
  ** suppresses at least one more cell, so this ends) */
  if (!t->ncells) return;
  int *comp = xmalloc(sizeof(int) * (size_t)t->ncells), *sub_of = xmalloc(sizeof(int) * (size_t)t->ncells);
  parts(t, comp);
  char *has = xcalloc((size_t)t->ncells, 1); /* parts holding a suppressed cell */
  for (int i = 0; i < t->ncells; i++)
    if (t->cells[i].suppressed) has[comp[i]] = 1;
  for (int root = 0; root < t->ncells; root++) {
    if (comp[root] != root || !has[root]) continue;
    Sub s;
    sub_make(t, comp, root, sub_of, &s);
    for (int round = 0; round <= s.t.ncells; round++) {
      Lin l;
      lin_build(&s.t, &l);
      int added = 0;
      for (int j = 0; j < l.nu; j++) {
        if (!lin_determined(&l, j)) continue;
        int p = pick_partner(&s.t, l.cell_of[j]);
        if (p < 0) continue;
        s.t.cells[p].suppressed = 2;
        r->secondary++;
        added++;
      }
      lin_free(&l);
      if (!added) break;
    }
    for (int i = 0; i < s.t.ncells; i++) t->cells[s.full[i]].suppressed = s.t.cells[i].suppressed;
    sub_free(&s);
  }
  free(has);
  free(comp);
  free(sub_of);
}

/* ======================================================================
** Disclosure control of a stored version
** ====================================================================== */

/* The children of code P in a code list: explicit (parent = P), or for a
** _T code without explicit children, every top-level code that does not
** start with '_' (the SDMX special codes _Z, _U, _O are not parts of a
** total). */
static int children_of(const OdCodelist *cl, const char *p, const char **out) {
  int n = 0;
  for (int i = 0; i < cl->ncodes; i++)
    if (cl->codes[i].parent && strcmp(cl->codes[i].parent, p) == 0) out[n++] = cl->codes[i].code;
  if (!n && strcmp(p, "_T") == 0)
    for (int i = 0; i < cl->ncodes; i++)
      if (!cl->codes[i].parent && cl->codes[i].code[0] != '_') out[n++] = cl->codes[i].code;
  return n;
}

typedef struct CellMap {
  const char **k;
  int *v;
  size_t cap;
} CellMap;

static uint64_t h64(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}
static void cm_put(CellMap *m, const char *k, int v) {
  size_t i = h64(k) & (m->cap - 1);
  while (m->k[i] && strcmp(m->k[i], k) != 0) i = (i + 1) & (m->cap - 1);
  m->k[i] = k;
  m->v[i] = v;
}
static int cm_get(const CellMap *m, const char *k) {
  size_t i = h64(k) & (m->cap - 1);
  while (m->k[i]) {
    if (strcmp(m->k[i], k) == 0) return m->v[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}

int od_sdc_table(Db *db, Arena *a, int64_t version_id, OdSdcTable *t, OdSdcRef **refs) {
  memset(t, 0, sizeof *t);
  *refs = NULL;
  OdFlow *f = arena_alloc(a, sizeof *f);
  memset(f, 0, sizeof *f);
  sqlite3_stmt *st = db_stmt(db, "SELECT f.id, f.code, f.dsd_id FROM od_version v JOIN od_dataflow f ON f.id=v.dataflow_id "
                                 "WHERE v.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, version_id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_done(st);
    return mj_fail(MJ_ENOTFOUND, "no version %lld", (long long)version_id);
  }
  f->id = sqlite3_column_int64(st, 0);
  f->code = od_col(a, st, 1);
  f->dsd_id = sqlite3_column_int64(st, 2);
  db_done(st);
  int rc = od_load_structure(db, a, f);
  if (rc) return rc;
  int n = (int)db_int(db, "SELECT count(*) FROM od_obs o JOIN od_series s ON s.id=o.series_id WHERE s.version_id=?1", 1,
                      version_id, 0);
  t->cells = arena_alloc(a, sizeof *t->cells * (size_t)(n ? n : 1));
  OdSdcRef *rf = arena_alloc(a, sizeof *rf * (size_t)(n ? n : 1));
  const char ***dims = arena_alloc(a, sizeof(char **) * (size_t)(n ? n : 1));
  CellMap cm = {NULL, NULL, 16};
  while (cm.cap < (size_t)n * 2 + 2) cm.cap *= 2;
  cm.k = xcalloc(cm.cap, sizeof *cm.k);
  cm.v = xcalloc(cm.cap, sizeof *cm.v);
  st = db_stmt(db, "SELECT s.id, s.key, o.period, o.value, o.status, o.conf FROM od_obs o JOIN od_series s "
                   "ON s.id=o.series_id WHERE s.version_id=?1 ORDER BY s.key, o.period");
  if (!st) {
    free(cm.k);
    free(cm.v);
    return MJ_EIO;
  }
  sqlite3_bind_int64(st, 1, version_id);
  while (sqlite3_step(st) == SQLITE_ROW && t->ncells < n) {
    const char *status = (const char *)sqlite3_column_text(st, 4), *conf = (const char *)sqlite3_column_text(st, 5);
    int null = sqlite3_column_type(st, 3) == SQLITE_NULL;
    int withheld = null && (strcmp(status, OD_OBS_SUPPRESSED) == 0 || strcmp(conf, "F") != 0);
    if (null && !withheld) continue; /* a missing value: not part of any sum */
    int i = t->ncells++;
    t->cells[i].has_value = !null;
    t->cells[i].value = null ? 0 : sqlite3_column_double(st, 3);
    t->cells[i].suppressed = withheld ? 3 : 0;
    rf[i].series_id = sqlite3_column_int64(st, 0);
    rf[i].key = od_col(a, st, 1);
    rf[i].period = od_col(a, st, 2);
    dims[i] = arena_alloc(a, sizeof(char *) * (size_t)(f->ndims ? f->ndims : 1));
    const char *p = rf[i].key;
    for (int d = 0; d < f->ndims; d++) {
      const char *dot = strchr(p, '.');
      size_t len = dot && d + 1 < f->ndims ? (size_t)(dot - p) : strlen(p);
      dims[i][d] = arena_strndup(a, p, len);
      p += len + (dot && d + 1 < f->ndims);
    }
    cm_put(&cm, arena_printf(a, "%s|%s", rf[i].key, rf[i].period), i);
  }
  db_done(st);
  /* equations: for each cell whose code in dimension d has children, the
  ** cells that differ from it only by a child code in d */
  int capeq = 0;
  OdSdcEq *eqs = NULL;
  Buf kb;
  buf_init(&kb, 1 << 16);
  const char **kids = NULL;
  for (int d = 0; d < f->ndims; d++) {
    const OdCodelist *cl = f->comps[d].codelist;
    if (!cl) continue;
    kids = arena_alloc(a, sizeof(char *) * (size_t)(cl->ncodes ? cl->ncodes : 1));
    for (int i = 0; i < t->ncells; i++) {
      int nk = children_of(cl, dims[i][d], kids);
      if (!nk) continue;
      int *ch = arena_alloc(a, sizeof(int) * (size_t)nk);
      int nch = 0;
      for (int k = 0; k < nk; k++) {
        buf_reset(&kb);
        for (int e = 0; e < f->ndims; e++) {
          if (e) buf_putc(&kb, '.');
          buf_puts(&kb, e == d ? kids[k] : dims[i][e]);
        }
        buf_printf(&kb, "|%s", rf[i].period);
        int c = cm_get(&cm, kb.p);
        if (c >= 0) ch[nch++] = c;
      }
      if (!nch) continue;
      if (t->neqs == capeq) {
        capeq = capeq ? capeq * 2 : 64;
        OdSdcEq *g = arena_alloc(a, sizeof *g * (size_t)capeq);
        if (t->neqs) memcpy(g, eqs, sizeof *g * (size_t)t->neqs);
        eqs = g;
      }
      eqs[t->neqs++] = (OdSdcEq){i, ch, nch};
    }
  }
  buf_free(&kb);
  free(cm.k);
  free(cm.v);
  t->eqs = eqs;
  *refs = rf;
  return MJ_OK;
}

int od_sdc_apply(Db *db, int64_t version_id, int threshold, OdSdcReport *r) {
  OdSdcReport none;
  if (!r) r = &none;
  memset(r, 0, sizeof *r);
  if (threshold <= 0) return MJ_OK;
  Arena *a = arena_new();
  OdSdcTable t;
  OdSdcRef *refs;
  int rc = od_sdc_table(db, a, version_id, &t, &refs);
  if (!rc) od_sdc_protect(&t, threshold, r);
  for (int i = 0; !rc && i < t.ncells; i++) {
    if (t.cells[i].suppressed != 1 && t.cells[i].suppressed != 2) continue;
    sqlite3_stmt *st = db_stmt(db, "UPDATE od_obs SET value=NULL, status='" OD_OBS_SUPPRESSED "', conf='" OD_CONF_SUPPRESSED
                                   "' WHERE series_id=?1 AND period=?2");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, refs[i].series_id);
    od_bind_text(st, 2, refs[i].period);
    rc = od_step_done(db, st, "suppressing a cell");
  }
  arena_free(a);
  return rc;
}

/* ======================================================================
** Publication, revisions, the calendar
** ====================================================================== */

/* The embargo rule of revisions: a version is never released before an
** earlier version of its flow. A revision is a copy of the newest version
** (od_revise), so when that one is still under embargo the copy holds its
** figures, and releasing the copy earlier would publish them early. Every
** publication goes through od_freeze (publish, the built-in refresh), so
** the check here covers every path: release_at of the draft must not be
** before the latest release_at of the flow's published versions. */
static int release_order_ok(Db *db, int64_t draft, const char *relz) {
  sqlite3_stmt *st = db_stmt(db, "SELECT p.version, p.release_at, d.version FROM od_version d JOIN od_version p "
                                 "ON p.dataflow_id=d.dataflow_id AND p.status='published' AND p.id<>d.id "
                                 "WHERE d.id=?1 AND p.release_at>?2 ORDER BY p.release_at DESC LIMIT 1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, draft);
  od_bind_text(st, 2, relz);
  int rc = MJ_OK;
  if (sqlite3_step(st) == SQLITE_ROW)
    rc = mj_fail(MJ_ECONFLICT, "version %s cannot be released at %s: version %s, whose figures a revision copies, is under "
                 "embargo until %s, and a later version is never released before an earlier one (release it at %s or later: "
                 "--release-at %s)",
                 (const char *)sqlite3_column_text(st, 2), relz, (const char *)sqlite3_column_text(st, 0),
                 (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 1),
                 (const char *)sqlite3_column_text(st, 1));
  db_done(st);
  return rc;
}

int od_freeze(Db *db, const Actor *who, int64_t draft, int threshold, const char *relz, const char *note, int64_t now,
              OdSdcReport *sdc) {
  char at[32];
  mj_iso8601(now, at, sizeof at);
  int rc = release_order_ok(db, draft, relz);
  if (rc) return rc;
  rc = threshold > 0 ? od_sdc_apply(db, draft, threshold, sdc) : MJ_OK;
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "UPDATE od_version SET status='published', release_at=?2, note=coalesce(?3, note), "
                                 "published_at=?4, published_by=?5, nobs=(SELECT count(*) FROM od_obs o JOIN od_series s "
                                 "ON s.id=o.series_id WHERE s.version_id=?1) WHERE id=?1 AND status='draft'");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, draft);
  od_bind_text(st, 2, relz);
  od_bind_text(st, 3, note);
  od_bind_text(st, 4, at);
  od_bind_text(st, 5, who->user_name);
  return od_step_done(db, st, "publishing the version");
}

int od_publish(Db *db, const Actor *who, const char *flowref, const char *release_at, const char *note, int64_t now,
               OdSdcReport *sdc) {
  OdSdcReport none;
  if (!sdc) sdc = &none;
  memset(sdc, 0, sizeof *sdc);
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may publish datasets");
  int64_t rel = now;
  if (release_at && *release_at) {
    int rc = od_iso_parse(release_at, &rel);
    if (rc) return od_fail_prefixed(MJ_EINVAL, "--release-at");
    if (rel < now)
      return mj_fail(MJ_EINVAL, "the release time %s is in the past; a release cannot be back-dated (omit it to publish now)",
                     release_at);
  }
  if (note && strlen(note) > 4000) return mj_fail(MJ_EINVAL, "a version note has at most 4000 bytes");
  char relz[32];
  mj_iso8601(rel, relz, sizeof relz);
  Arena *a = arena_new();
  const char *ag, *code, *ver;
  OdFlowRow fr;
  int rc = od_ref_split(a, flowref, &ag, &code, &ver);
  if (!rc) rc = od_flow_row(db, a, ag, code, &fr);
  if (rc) {
    arena_free(a);
    return rc;
  }
  if ((rc = db_begin(db))) {
    arena_free(a);
    return rc;
  }
  int64_t draft = od_draft_of(db, fr.id);
  char vname[16] = "";
  if (!draft) rc = mj_fail(MJ_ECONFLICT, "%s has no draft to publish (its versions are all published; start a revision with "
                           "'majlis dataset revise %s')", fr.code, fr.code);
  if (!rc) {
    sqlite3_stmt *st = db_stmt(db, "SELECT version FROM od_version WHERE id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, draft);
      if (sqlite3_step(st) == SQLITE_ROW) mj_strlcpy(vname, (const char *)sqlite3_column_text(st, 0), sizeof vname);
      db_done(st);
    }
    if (ver && strcmp(ver, "+") && strcmp(ver, vname))
      rc = mj_fail(MJ_ECONFLICT, "%s version %s is not the draft (the draft is %s)", fr.code, ver, vname);
  }
  if (!rc && !db_int(db, "SELECT count(*) FROM od_obs o JOIN od_series s ON s.id=o.series_id WHERE s.version_id=?1", 1,
                     draft, 0))
    rc = mj_fail(MJ_ECONFLICT, "%s draft %s has no observations; load some first (majlis dataset load)", fr.code, vname);
  if (!rc) rc = od_freeze(db, who, draft, fr.sdc_threshold, relz, note, now, sdc);
  /* the calendar: the announced entry at that time, else a new one */
  if (!rc) {
    sqlite3_stmt *st = db_stmt(db, "UPDATE od_release SET version_id=?2 WHERE dataflow_id=?1 AND version_id IS NULL "
                                   "AND release_at=?3");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, fr.id);
      sqlite3_bind_int64(st, 2, draft);
      od_bind_text(st, 3, relz);
      rc = od_step_done(db, st, "linking the release");
    }
    if (!rc && sqlite3_changes(db_handle(db)) == 0) {
      st = db_stmt(db, "INSERT INTO od_release(dataflow_id, release_at, title_ar, title_en, version_id) "
                       "SELECT id, ?2, name_ar || ' ' || ?3, coalesce(name_en, code) || ' ' || ?3, ?4 FROM od_dataflow WHERE id=?1");
      if (!st) rc = MJ_EIO;
      else {
        sqlite3_bind_int64(st, 1, fr.id);
        od_bind_text(st, 2, relz);
        od_bind_text(st, 3, vname);
        sqlite3_bind_int64(st, 4, draft);
        rc = od_step_done(db, st, "adding the release to the calendar");
      }
    }
  }
  if (!rc)
    rc = audit_append(db, who, "dataset.publish", fr.code, "published %s:%s version %s, %s from %s%s%s (%d cells "
                      "suppressed: %d primary, %d secondary)", fr.agency, fr.code, vname,
                      strcmp(fr.access, "restricted") == 0   ? "released to restricted readers"
                      : strcmp(fr.access, "non_public") == 0 ? "released to data officers only"
                                                             : "public",
                      relz, note ? ": " : "",
                      note ? note : "", sdc->primary + sdc->secondary, sdc->primary, sdc->secondary);
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  arena_free(a);
  return rc;
}

const char *od_next_version(Db *db, Arena *a, int64_t flow_id) {
  int64_t rank = -1;
  sqlite3_stmt *st = db_stmt(db, "SELECT version FROM od_version WHERE dataflow_id=?1");
  if (!st) return "1.0";
  sqlite3_bind_int64(st, 1, flow_id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t r = od_version_rank((const char *)sqlite3_column_text(st, 0));
    if (r > rank) rank = r;
  }
  db_done(st);
  if (rank < 0) return "1.0";
  return arena_printf(a, "%lld.%lld", (long long)(rank / 100000), (long long)(rank % 100000 + 1));
}

int od_revise(Db *db, Arena *a, const Actor *who, const char *flowref, const char *note, const char **version) {
  if (version) *version = NULL;
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may revise datasets");
  if (note && strlen(note) > 4000) return mj_fail(MJ_EINVAL, "a version note has at most 4000 bytes");
  const char *ag, *code, *ver;
  OdFlowRow fr;
  int rc = od_ref_split(a, flowref, &ag, &code, &ver);
  if (!rc) rc = od_flow_row(db, a, ag, code, &fr);
  if (rc) return rc;
  if (fr.builtin)
    return mj_fail(MJ_ECONFLICT, "%s is a built-in dataflow: its versions come from the record (majlis dataset refresh)", fr.code);
  if ((rc = db_begin(db))) return rc;
  if (od_draft_of(db, fr.id)) rc = mj_fail(MJ_ECONFLICT, "%s already has a draft; load into it or publish it", fr.code);
  /* the newest version */
  int64_t from = 0, rank = -1;
  const char *fromv = NULL;
  if (!rc) {
    sqlite3_stmt *st = db_stmt(db, "SELECT id, version FROM od_version WHERE dataflow_id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, fr.id);
      while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t r = od_version_rank((const char *)sqlite3_column_text(st, 1));
        if (r > rank) {
          rank = r;
          from = sqlite3_column_int64(st, 0);
          fromv = od_col(a, st, 1);
        }
      }
      db_done(st);
    }
  }
  const char *nv = NULL;
  int64_t nid = 0;
  char at[32];
  mj_iso8601(mj_now_ms() / 1000, at, sizeof at);
  if (!rc) {
    nv = from ? arena_printf(a, "%lld.%lld", (long long)(rank / 100000), (long long)(rank % 100000 + 1)) : "1.0";
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_version(dataflow_id, version, status, note, created_at, updated_at, attrs) "
                                   "VALUES(?1,?2,'draft',?3,?4,?4,coalesce((SELECT attrs FROM od_version WHERE id=?5),'{}'))");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, fr.id);
      od_bind_text(st, 2, nv);
      od_bind_text(st, 3, note);
      od_bind_text(st, 4, at);
      sqlite3_bind_int64(st, 5, from);
      rc = od_step_done(db, st, "adding the revision");
      nid = sqlite3_last_insert_rowid(db_handle(db));
    }
  }
  if (!rc && from) {
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_series(version_id, key, attrs) SELECT ?2, key, attrs FROM od_series "
                                   "WHERE version_id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, from);
      sqlite3_bind_int64(st, 2, nid);
      rc = od_step_done(db, st, "copying the series");
    }
    if (!rc) {
      st = db_stmt(db, "INSERT INTO od_obs(series_id, period, period_start, period_end, value, status, conf, attrs, updated_at) "
                       "SELECT ns.id, o.period, o.period_start, o.period_end, o.value, o.status, o.conf, o.attrs, o.updated_at "
                       "FROM od_obs o JOIN od_series os ON os.id=o.series_id "
                       "JOIN od_series ns ON ns.version_id=?2 AND ns.key=os.key WHERE os.version_id=?1");
      if (!st) rc = MJ_EIO;
      else {
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, nid);
        rc = od_step_done(db, st, "copying the observations");
      }
    }
  }
  if (!rc)
    rc = audit_append(db, who, "dataset.revise", fr.code, "started revision %s of %s:%s from version %s%s%s", nv, fr.agency,
                      fr.code, fromv ? fromv : "(none)", note ? ": " : "", note ? note : "");
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  if (!rc && version) *version = nv;
  return rc;
}

int od_release_announce(Db *db, const Actor *who, const char *flowref, const char *release_at, const char *title_ar,
                        const char *title_en) {
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may announce releases");
  int64_t t;
  if (od_iso_parse(release_at, &t)) return od_fail_prefixed(MJ_EINVAL, "the release time");
  if (t < mj_now_ms() / 1000) return mj_fail(MJ_EINVAL, "the release time %s is in the past", release_at);
  if ((title_ar && strlen(title_ar) > 500) || (title_en && strlen(title_en) > 500))
    return mj_fail(MJ_EINVAL, "a release title has at most 500 bytes");
  char relz[32];
  mj_iso8601(t, relz, sizeof relz);
  Arena *a = arena_new();
  const char *ag, *code, *ver;
  OdFlowRow fr;
  int rc = od_ref_split(a, flowref, &ag, &code, &ver);
  if (!rc) rc = od_flow_row(db, a, ag, code, &fr);
  if (!rc) rc = db_begin(db);
  if (rc) {
    arena_free(a);
    return rc;
  }
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO od_release(dataflow_id, release_at, title_ar, title_en) VALUES(?1,?2,?3,?4)");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, fr.id);
    od_bind_text(st, 2, relz);
    od_bind_text(st, 3, title_ar);
    od_bind_text(st, 4, title_en);
    rc = od_step_done(db, st, "announcing the release");
  }
  if (!rc) rc = audit_append(db, who, "dataset.announce", fr.code, "announced a release of %s:%s at %s", fr.agency, fr.code, relz);
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  arena_free(a);
  return rc;
}

int od_releases(Db *db, Arena *a, const Actor *who, int64_t now, const char *from, OdRelease **out, int *n) {
  *out = NULL;
  *n = 0;
  int cap = (int)db_int(db, "SELECT count(*) FROM od_release", 0, 0, 0);
  OdRelease *v = arena_alloc(a, sizeof *v * (size_t)(cap ? cap : 1));
  sqlite3_stmt *st = db_stmt(db, "SELECT r.id, f.agency, f.code, f.name_ar, f.name_en, f.name_az, r.release_at, r.title_ar, "
                                 "r.title_en, v.version, v.status, f.access FROM od_release r "
                                 "JOIN od_dataflow f ON f.id=r.dataflow_id LEFT JOIN od_version v ON v.id=r.version_id "
                                 "WHERE ?1 IS NULL OR r.release_at >= ?1 ORDER BY r.release_at, r.id");
  if (!st) return MJ_EIO;
  od_bind_text(st, 1, from);
  while (sqlite3_step(st) == SQLITE_ROW && *n < cap) {
    const char *access = (const char *)sqlite3_column_text(st, 11);
    if (!(who->caps & CAP_DATA) && !od_access_allows(who, access)) continue;
    OdRelease *r = &v[(*n)++];
    r->id = sqlite3_column_int64(st, 0);
    r->agency = od_col(a, st, 1);
    r->code = od_col(a, st, 2);
    r->flow_name = (OdText){od_col(a, st, 3), od_col(a, st, 4), od_col(a, st, 5)};
    r->release_at = od_col(a, st, 6);
    r->title_ar = od_col(a, st, 7);
    r->title_en = od_col(a, st, 8);
    r->version = od_col(a, st, 9);
    const char *status = (const char *)sqlite3_column_text(st, 10);
    int64_t t = 0;
    int ok = od_iso_parse(r->release_at, &t) == MJ_OK;
    r->released = ok && t <= now && status && strcmp(status, "published") == 0;
  }
  db_done(st);
  mj_errclear();
  *out = v;
  return MJ_OK;
}
