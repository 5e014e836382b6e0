/*
** cmd_dataset.c: `majlis dataset list|show|define|load|publish|revise|
** refresh|export|announce|calendar`, the data officer's command line over
** src/domain/opendata.h. The command line acts with every capability (as
** every command does); --as ROLE reads as a user of that role would (e.g.
** --as public to see what the public sees), and --at TIME as of that time
** (an embargo check). See doc/opendata.md.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "db.h"
#include "odquery.h"
#include "opendata.h"
#include "user.h"

static int usage(void) {
  mj_fail(MJ_EINVAL, "usage: majlis dataset list|show|define|load|publish|revise|refresh|export|announce|calendar ...; "
                     "see 'majlis help dataset'");
  return fail(MJ_EINVAL);
}

/* The reader: the command line, or --as ROLE. */
static int reader(Args *a, Actor *who) {
  *who = audit_cli_actor();
  const char *as = opt(a, "as");
  if (!as) return MJ_OK;
  const RoleDef *r = user_role_find(as);
  if (!r) return mj_fail(MJ_EINVAL, "--as: no role '%s'; 'majlis help roles' lists them", as);
  who->caps = r->caps;
  who->user_name = r->caps & CAP_DATA ? who->user_name : "cli:reader";
  return MJ_OK;
}

static int when(Args *a, int64_t *now) {
  *now = mj_now_ms() / 1000;
  const char *at = opt(a, "at");
  if (at && od_iso_parse(at, now)) return od_fail_prefixed(MJ_EINVAL, "--at");
  return MJ_OK;
}

static const char *lang_of(Args *a) {
  const char *l = opt(a, "lang");
  return l && (!strcmp(l, "en") || !strcmp(l, "az")) ? l : "ar";
}

static int ds_list(Db *db, Args *a) {
  Actor who;
  int64_t now;
  int rc = reader(a, &who);
  if (!rc) rc = when(a, &now);
  if (rc) return rc;
  Arena *ar = arena_new();
  OdFlow **f;
  int n;
  rc = od_flows_list(db, ar, &who, now, NULL, &f, &n);
  if (!rc) {
    printf("%-28s %-8s %-10s %-21s %-11s %8s  %s\n", "dataflow", "version", "status", "release", "access", "obs", "name");
    for (int i = 0; i < n; i++) {
      const OdVersion *v = &f[i]->ver;
      int64_t rel = 0;
      const char *state = v->status;
      if (v->release_at && strcmp(v->status, "published") == 0 && od_iso_parse(v->release_at, &rel) == MJ_OK && rel > now)
        state = "embargoed";
      printf("%-28s %-8s %-10s %-21s %-11s %8lld  %s%s\n", arena_printf(ar, "%s,%s", f[i]->agency, f[i]->code), v->version,
             state, v->release_at ? v->release_at : "-", f[i]->access, (long long)v->nobs, od_text(&f[i]->name, lang_of(a)),
             f[i]->builtin ? " (built-in)" : "");
    }
    printf("%d dataflow%s\n", n, n == 1 ? "" : "s");
  }
  arena_free(ar);
  return rc;
}

static int ds_show(Db *db, Args *a) {
  if (a->npos != 2) return mj_fail(MJ_EINVAL, "usage: majlis dataset show FLOW [--as ROLE] [--at TIME]");
  Actor who;
  int64_t now;
  int rc = reader(a, &who);
  if (!rc) rc = when(a, &now);
  if (rc) return rc;
  Arena *ar = arena_new();
  OdFlow *f;
  const char *L = lang_of(a);
  rc = od_flow_resolve(db, ar, &who, now, a->pos[1], &f);
  if (!rc) {
    printf("dataflow     %s:%s(%s)%s\n", f->agency, f->code, f->ver.version, f->builtin ? " built-in" : "");
    printf("name         %s\n", od_text(&f->name, L));
    if (f->description.ar || f->description.en) printf("description  %s\n", od_text(&f->description, L));
    printf("access       %s\n", f->access);
    if (f->sdc_threshold) printf("disclosure   cells below %d suppressed (OBS_STATUS %s, CONF_STATUS %s)\n", f->sdc_threshold,
                                 OD_OBS_SUPPRESSED, OD_CONF_SUPPRESSED);
    if (f->license) printf("license      %s\n", f->license);
    if (f->contact_name || f->contact_email)
      printf("contact      %s %s\n", f->contact_name ? f->contact_name : "", f->contact_email ? f->contact_email : "");
    printf("themes       %s\nkeywords     %s\n", f->themes_json, f->keywords_json);
    printf("structure    %s:%s(%s)\ncomponents:\n", f->dsd_agency, f->dsd_code, f->dsd_version);
    for (int i = 0; i < f->ncomps; i++) {
      const OdComponent *c = &f->comps[i];
      printf("  %-10s %-16s %s%s%s%s%s%s\n", c->kind_name, c->code, od_text(&c->name, L), c->codelist ? "  codes: " : "",
             c->codelist ? arena_printf(ar, "%s:%s(%s), %d codes", c->codelist->agency, c->codelist->code,
                                        c->codelist->version, c->codelist->ncodes)
                         : "",
             c->attachment ? "  attached to the " : "", c->attachment ? c->attachment : "", c->required ? ", required" : "");
    }
    printf("versions (newest first):\n");
    for (int i = 0; i < f->nversions; i++) {
      const OdVersion *v = &f->versions[i];
      printf("  %-6s %-9s release %-20s %8lld observations, updated %s%s%s\n", v->version, v->status,
             v->release_at ? v->release_at : "-", (long long)v->nobs, v->updated_at, v->note ? "  note: " : "",
             v->note ? v->note : "");
    }
  }
  arena_free(ar);
  return rc;
}

static int ds_define(Db *db, Args *a) {
  if (a->npos != 2) return mj_fail(MJ_EINVAL, "usage: majlis dataset define FILE (a JSON definition or an SDMX-ML structure)");
  Actor who = audit_cli_actor();
  int64_t id = 0;
  int rc = od_define_file(db, &who, a->pos[1], &id);
  if (!rc) {
    sqlite3_stmt *st = db_stmt(db, "SELECT f.agency, f.code, (SELECT group_concat(version || ' ' || status, ', ') FROM "
                                   "od_version WHERE dataflow_id=f.id) FROM od_dataflow f WHERE f.id=?1");
    if (st) {
      sqlite3_bind_int64(st, 1, id);
      if (sqlite3_step(st) == SQLITE_ROW)
        printf("defined %s,%s (versions: %s)\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
               sqlite3_column_text(st, 2));
      db_done(st);
    }
  }
  return rc;
}

static int ds_load(Db *db, Args *a) {
  if (a->npos != 2 && a->npos != 3)
    return mj_fail(MJ_EINVAL, "usage: majlis dataset load [FLOW] FILE [--map 'col=COMPONENT,...'] [--fixed 'COMPONENT=CODE,...'] [--replace]");
  Actor who = audit_cli_actor();
  const char *flow = a->npos == 3 ? a->pos[1] : NULL, *file = a->pos[a->npos - 1];
  OdLoadOptions o = {opt(a, "map"), opt(a, "fixed"), opt(a, "replace") != NULL};
  OdLoadReport r;
  int64_t t0 = mj_mono_ms();
  int rc = od_load_file(db, &who, flow, file, &o, &r);
  if (!rc)
    printf("loaded %s into draft %s in %lld ms: %d rows, %d observations added, %d changed, %d unchanged, %d new series\n",
           file, r.version, (long long)(mj_mono_ms() - t0), r.rows, r.added, r.changed, r.unchanged, r.series_added);
  return rc;
}

static int ds_publish(Db *db, Args *a) {
  if (a->npos != 2) return mj_fail(MJ_EINVAL, "usage: majlis dataset publish FLOW [--release-at ISO] [--note TEXT]");
  Actor who = audit_cli_actor();
  OdSdcReport s;
  int64_t now = mj_now_ms() / 1000;
  int rc = od_publish(db, &who, a->pos[1], opt(a, "release-at"), opt(a, "note"), now, &s);
  if (!rc) {
    Arena *ar = arena_new();
    OdFlow *f;
    /* who may read it from then: the flow's access level */
    if (od_flow_resolve(db, ar, &who, now, a->pos[1], &f) == MJ_OK)
      printf("published %s,%s version %s: %s from %s%s\n", f->agency, f->code, f->ver.version,
             strcmp(f->access, "restricted") == 0   ? "released to restricted readers"
             : strcmp(f->access, "non_public") == 0 ? "released to data officers only"
                                                    : "public",
             f->ver.release_at, opt(a, "release-at") ? " (embargoed until then)" : "");
    if (s.primary || s.secondary)
      printf("disclosure control: %d of %d cells suppressed (%d below the threshold, %d to protect them)\n",
             s.primary + s.secondary, s.cells, s.primary, s.secondary);
    arena_free(ar);
  }
  return rc;
}

static int ds_revise(Db *db, Args *a) {
  if (a->npos != 2) return mj_fail(MJ_EINVAL, "usage: majlis dataset revise FLOW [--note TEXT]");
  Actor who = audit_cli_actor();
  Arena *ar = arena_new();
  const char *v;
  int rc = od_revise(db, ar, &who, a->pos[1], opt(a, "note"), &v);
  if (!rc) printf("started revision %s of %s (a draft copied from the newest version; published versions are kept)\n", v, a->pos[1]);
  arena_free(ar);
  return rc;
}

static int ds_refresh(Db *db, Args *a) {
  (void)a;
  Actor who = audit_cli_actor();
  OdRefreshReport r;
  int rc = od_builtin_refresh(db, &who, mj_now_ms() / 1000, &r);
  if (!rc) printf("built-in datasets: %d checked, %d new versions published, %d unchanged\n", r.flows, r.versions, r.unchanged);
  return rc;
}

static int ds_export(Db *db, Args *a) {
  const char *out = opt(a, "out");
  if (a->npos == 4 && strcmp(a->pos[2], "-o") == 0) {
    out = a->pos[3];
    a->npos = 2;
  }
  if (a->npos != 2)
    return mj_fail(MJ_EINVAL, "usage: majlis dataset export FLOW [-o FILE] [--format F] [--key KEY] [--start-period P] "
                              "[--end-period P] [--as ROLE] [--at TIME]");
  Actor who;
  int64_t now;
  int rc = reader(a, &who);
  if (!rc) rc = when(a, &now);
  if (rc) return rc;
  const char *format = opt(a, "format") ? opt(a, "format") : "sdmx-csv";
  Arena *ar = arena_new();
  OdFlow *f;
  rc = od_flow_resolve(db, ar, &who, now, a->pos[1], &f);
  FILE *fp = stdout;
  if (!rc && out && strcmp(out, "-") != 0 && !(fp = fopen(out, "wb"))) rc = mj_fail(MJ_EIO, "export: cannot write %s", out);
  int64_t count = -1;
  if (!rc) {
    if (strcmp(format, "sdmx-csv") == 0 && !opt(a, "lang")) {
      /* our own writer: SDMX-CSV 2.0 (STRUCTURE,STRUCTURE_ID,ACTION,...) */
      OdKeyFilter k;
      OdQuery q;
      memset(&q, 0, sizeof q);
      rc = od_key_parse(ar, f, opt(a, "key"), &k);
      q.key = &k;
      q.start_period = opt(a, "start-period");
      q.end_period = opt(a, "end-period");
      if (!rc) rc = od_write_sdmx_csv(db, f, &q, fp, &count);
    } else {
      OdqParams p;
      memset(&p, 0, sizeof p);
      p.key = opt(a, "key");
      p.start_period = opt(a, "start-period");
      p.end_period = opt(a, "end-period");
      const char *l = lang_of(a);
      rc = odq_export(db, f, format, &p, l[0] == 'e' ? 1 : l[1] == 'z' ? 2 : 0, fp);
    }
  }
  if (fp && fp != stdout && fclose(fp) && !rc) rc = mj_fail(MJ_EIO, "export: cannot finish writing %s", out);
  if (!rc) rc = od_audit_download(db, &who, f, format);
  if (!rc && out && strcmp(out, "-") != 0)
    printf("wrote %s,%s version %s to %s%s\n", f->agency, f->code, f->ver.version, out,
           count >= 0 ? arena_printf(ar, " (%lld observations)", (long long)count) : "");
  arena_free(ar);
  return rc;
}

static int ds_announce(Db *db, Args *a) {
  if (a->npos != 2 || !opt(a, "release-at"))
    return mj_fail(MJ_EINVAL, "usage: majlis dataset announce FLOW --release-at ISO [--title TEXT] [--title-en TEXT]");
  Actor who = audit_cli_actor();
  int rc = od_release_announce(db, &who, a->pos[1], opt(a, "release-at"), opt(a, "title"), opt(a, "title-en"));
  if (!rc) printf("announced a release of %s at %s\n", a->pos[1], opt(a, "release-at"));
  return rc;
}

static int ds_calendar(Db *db, Args *a) {
  Actor who;
  int64_t now;
  int rc = reader(a, &who);
  if (!rc) rc = when(a, &now);
  if (rc) return rc;
  Arena *ar = arena_new();
  OdRelease *r;
  int n;
  rc = od_releases(db, ar, &who, now, opt(a, "from"), &r, &n);
  for (int i = 0; !rc && i < n; i++)
    printf("%-21s %-28s %-6s %-10s %s\n", r[i].release_at, arena_printf(ar, "%s,%s", r[i].agency, r[i].code),
           r[i].version ? r[i].version : "-", r[i].released ? "released" : "upcoming",
           r[i].title_en && !strcmp(lang_of(a), "en") ? r[i].title_en : r[i].title_ar ? r[i].title_ar : od_text(&r[i].flow_name, lang_of(a)));
  if (!rc) printf("%d release%s\n", n, n == 1 ? "" : "s");
  arena_free(ar);
  return rc;
}

int cmd_dataset(Args *a) {
  if (a->npos < 1) return usage();
  const char *sub = a->pos[0];
  static const struct {
    const char *name;
    int (*fn)(Db *, Args *);
    int writes;
  } subs[] = {{"list", ds_list, 0},       {"show", ds_show, 0},         {"define", ds_define, 1},
              {"load", ds_load, 1},       {"publish", ds_publish, 1},   {"revise", ds_revise, 1},
              {"refresh", ds_refresh, 1}, {"export", ds_export, 0},     {"announce", ds_announce, 1},
              {"calendar", ds_calendar, 0}};
  for (size_t i = 0; i < MJ_COUNT(subs); i++) {
    if (strcmp(subs[i].name, sub) != 0) continue;
    if (subs[i].writes && opt(a, "as")) {
      mj_fail(MJ_EINVAL, "--as only applies to reading (list, show, export, calendar)");
      return fail(MJ_EINVAL);
    }
    Db *db;
    int rc = db_open(db_path_of(a), 0, &db);
    if (rc) return fail(rc);
    rc = subs[i].fn(db, a);
    db_close(db);
    return rc ? fail(rc) : 0;
  }
  return usage();
}
