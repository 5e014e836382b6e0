/*
** cmd_record.c: the record formats on the command line.
**
**   majlis import akn|parlamint|parlparse FILE|DIR... [--db F] [--body ID] [--date D] [--replace]
**   majlis export akn|parlamint --sitting ID [-o FILE] [--validate [SCHEMA]] [--schema F] [--edition N | --current]
**
** Each file is read, checked and imported in its own transaction: a file
** that fails imports nothing and the others go on. Counts on standard
** output; warnings and errors on standard error as FILE:LINE: reason. The
** exit status is 0 when every file was imported (or skipped on purpose).
*/
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "akn.h"
#include "hansard.h"
#include "audit.h"
#include "cli.h"
#include "db.h"
#include "parlparse.h"
#include "people.h"
#include "record_io.h"
#include "recxml.h"
#include "tei.h"

typedef struct Files {
  char **v;
  int n, cap;
} Files;

static void files_add(Files *f, const char *p) {
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 32;
    f->v = xrealloc(f->v, sizeof *f->v * (size_t)f->cap);
  }
  f->v[f->n++] = xstrdup(p);
}

static void files_free(Files *f) {
  for (int i = 0; i < f->n; i++) free(f->v[i]);
  free(f->v);
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A directory stands for the .xml files in it, in name order. */
static int expand(const char *p, Files *f) {
  struct stat st;
  if (stat(p, &st) != 0) return mj_fail(MJ_ENOTFOUND, "%s: no such file or directory", p);
  if (!S_ISDIR(st.st_mode)) {
    files_add(f, p);
    return MJ_OK;
  }
  DIR *d = opendir(p);
  if (!d) return mj_fail(MJ_EIO, "%s: cannot read the directory", p);
  int first = f->n;
  for (struct dirent *e; (e = readdir(d));) {
    size_t l = strlen(e->d_name);
    if (l > 4 && strcmp(e->d_name + l - 4, ".xml") == 0 && e->d_name[0] != '.') {
      char path[PATH_MAX];
      snprintf(path, sizeof path, "%s/%s", p, e->d_name);
      files_add(f, path);
    }
  }
  closedir(d);
  qsort(f->v + first, (size_t)(f->n - first), sizeof *f->v, name_cmp);
  return MJ_OK;
}

typedef struct Totals {
  int files, skipped, failed;
  RecImportReport r;
  int persons_added, persons_updated, orgs_added, memberships_added;
} Totals;

static void warn_out(const Buf *w) {
  if (w->n) fputs(w->p, stderr);
}

static void print_report(const char *path, const RecDoc *d, const RecImportReport *r) {
  if (r->sittings_unchanged) {
    printf("%s: already imported as sitting %lld; nothing changed\n", path, (long long)r->sitting_id);
    return;
  }
  printf("%s: sitting %lld (%s)%s: %d sections, %d speeches, %d speakers (%d new persons)", path,
         (long long)r->sitting_id, d->date, r->replaced ? " replaced" : r->sittings ? "" : " added to", r->sections,
         r->speeches, r->speakers, r->persons_added);
  if (d->nvotes) printf(", %d divisions with %d votes (%d divisions already there)", r->votes, r->ballots, r->votes_unchanged);
  printf("\n");
}

static void add(Totals *t, const RecImportReport *r) {
  t->r.sittings += r->sittings;
  t->r.sittings_unchanged += r->sittings_unchanged;
  t->r.replaced += r->replaced;
  t->r.sections += r->sections;
  t->r.speeches += r->speeches;
  t->r.speakers += r->speakers;
  t->r.persons_added += r->persons_added;
  t->r.votes += r->votes;
  t->r.votes_unchanged += r->votes_unchanged;
  t->r.ballots += r->ballots;
}

/* Reads one record file into d with the reader of `fmt` and imports it. */
static int import_one(Db *db, const Actor *who, const char *fmt, const char *path, Args *a, Totals *t) {
  RecDoc d;
  recdoc_init(&d, path, fmt);
  int rc;
  if (strcmp(fmt, "akn") == 0) {
    AknOptions o = {opt(a, "date")};
    rc = akn_read(path, &o, &d);
  } else if (strcmp(fmt, "parlparse") == 0) {
    rc = parlparse_read(path, &d);
  } else {
    char *data;
    size_t len;
    rc = recxml_slurp(path, &data, &len);
    if (!rc) {
      rc = tei_parse_sitting(path, data, len, &d);
      free(data);
    }
  }
  warn_out(&d.warnings);
  buf_reset(&d.warnings);
  t->files++;
  if (!rc && d.skip) {
    fprintf(stderr, "%s: skipped: %s\n", path, d.skip_reason);
    printf("%s: skipped (%s)\n", path, d.skip_reason);
    t->skipped++;
    recdoc_free(&d);
    return MJ_OK;
  }
  RecImportReport r;
  memset(&r, 0, sizeof r);
  if (!rc) {
    RecImportOptions io = {opt(a, "body"), opt(a, "replace") != NULL};
    rc = recio_import(db, who, &d, &io, &r);
    warn_out(&d.warnings); /* the importer may add some */
  }
  if (rc) {
    fprintf(stderr, "majlis: %s\n", mj_errmsg());
    fprintf(stderr, "majlis: %s: nothing imported from this file\n", path);
    t->failed++;
  } else {
    print_report(path, &d, &r);
    add(t, &r);
  }
  recdoc_free(&d);
  return rc;
}

static int import_corpus(Db *db, const Actor *who, const char *path, const char *data, size_t len, Files *sittings,
                         Totals *t) {
  Arena *ar = arena_new();
  TeiCorpus c;
  int rc = tei_parse_corpus(path, data, len, ar, &c);
  warn_out(&c.warnings);
  t->files++;
  if (!rc) {
    PeopleReport pr;
    people_report_init(&pr);
    PeopleOptions po = {0};
    rc = people_import(db, who, &c.people, 0, &po, &pr);
    if (pr.log.n) fputs(pr.log.p, stderr);
    if (!rc) {
      printf("%s: corpus %s: persons %d added, %d updated, %d unchanged; organisations %d added, %d unchanged; "
             "affiliations %d added, %d unchanged; %d sitting files included\n",
             path, c.id ? c.id : "", pr.persons.added, pr.persons.updated, pr.persons.unchanged, pr.orgs.added,
             pr.orgs.unchanged, pr.memberships.added, pr.memberships.unchanged, c.nincludes);
      t->persons_added += pr.persons.added;
      t->orgs_added += pr.orgs.added;
      t->memberships_added += pr.memberships.added;
    }
    people_report_free(&pr);
  }
  if (rc) {
    fprintf(stderr, "majlis: %s\nmajlis: %s: nothing imported from this file\n", mj_errmsg(), path);
    t->failed++;
  } else {
    /* the included sittings, relative to the root's folder */
    const char *slash = strrchr(path, '/');
    for (int i = 0; i < c.nincludes; i++) {
      char p[PATH_MAX];
      if (c.includes[i][0] == '/' || !slash) snprintf(p, sizeof p, "%s", c.includes[i]);
      else snprintf(p, sizeof p, "%.*s/%s", (int)(slash - path), path, c.includes[i]);
      struct stat st;
      if (stat(p, &st) != 0) {
        fprintf(stderr, "%s:%d: warning: the included sitting %s is not there; skipped\n", path, c.include_lines[i], p);
        continue;
      }
      files_add(sittings, p);
    }
  }
  buf_free(&c.warnings);
  arena_free(ar);
  return rc;
}

int cmd_record_import(Args *a) {
  const char *fmt = a->pos[0];
  if (a->npos < 2) {
    mj_fail(MJ_EINVAL, "usage: majlis import %s FILE|DIR... [--body ID]; see 'majlis help import'", fmt);
    return fail(MJ_EINVAL);
  }
  if (opt(a, "date") && !recdoc_date_ok(opt(a, "date"))) {
    mj_fail(MJ_EINVAL, "import: --date wants YYYY-MM-DD, not '%s'", opt(a, "date"));
    return fail(MJ_EINVAL);
  }
  Files f = {0}, sittings = {0};
  int rc = MJ_OK;
  for (int i = 1; i < a->npos && !rc; i++) rc = expand(a->pos[i], &f);
  if (rc) {
    files_free(&f);
    return fail(rc);
  }
  Db *db;
  rc = db_open(db_path_of(a), 0, &db);
  if (rc) {
    files_free(&f);
    return fail(rc);
  }
  if (opt(a, "body")) {
    int64_t id;
    if ((rc = recio_body(db, opt(a, "body"), &id))) {
      db_close(db);
      files_free(&f);
      return fail(rc);
    }
  }
  Actor who = audit_cli_actor();
  Totals t;
  memset(&t, 0, sizeof t);
  int64_t t0 = mj_mono_ms();
  if (strcmp(fmt, "parlamint") == 0) {
    /* corpus roots first (they bring the persons), then every sitting once */
    for (int i = 0; i < f.n; i++) {
      char *data;
      size_t len;
      int kind = 0;
      int r1 = recxml_slurp(f.v[i], &data, &len);
      if (!r1) {
        r1 = tei_kind(f.v[i], data, len, &kind);
        if (!r1 && kind == TEI_CORPUS) import_corpus(db, &who, f.v[i], data, len, &sittings, &t);
        else if (!r1) files_add(&sittings, f.v[i]);
        free(data);
      }
      if (r1) {
        fprintf(stderr, "majlis: %s\nmajlis: %s: nothing imported from this file\n", mj_errmsg(), f.v[i]);
        t.files++;
        t.failed++;
      }
    }
    for (int i = 0; i < sittings.n; i++) {
      char real_i[PATH_MAX];
      int dup = 0;
      if (!realpath(sittings.v[i], real_i)) mj_strlcpy(real_i, sittings.v[i], sizeof real_i);
      for (int j = 0; j < i && !dup; j++) {
        char real_j[PATH_MAX];
        if (!realpath(sittings.v[j], real_j)) mj_strlcpy(real_j, sittings.v[j], sizeof real_j);
        dup = strcmp(real_i, real_j) == 0;
      }
      if (!dup) import_one(db, &who, "parlamint", sittings.v[i], a, &t);
    }
  } else {
    for (int i = 0; i < f.n; i++) import_one(db, &who, fmt, f.v[i], a, &t);
  }
  db_close(db);
  printf("%s: %d file%s in %lld ms: %d sittings added, %d unchanged%s; %d sections, %d speeches, %d speakers "
         "(%d new persons); %d divisions with %d votes",
         fmt, t.files, t.files == 1 ? "" : "s", (long long)(mj_mono_ms() - t0), t.r.sittings, t.r.sittings_unchanged,
         t.r.replaced ? " (some replaced)" : "", t.r.sections, t.r.speeches, t.r.speakers, t.r.persons_added, t.r.votes,
         t.r.ballots);
  if (strcmp(fmt, "parlamint") == 0)
    printf("; corpus: %d persons, %d organisations, %d affiliations added", t.persons_added, t.orgs_added,
           t.memberships_added);
  printf("; %d skipped, %d failed\n", t.skipped, t.failed);
  files_free(&f);
  files_free(&sittings);
  return t.failed ? 2 : 0;
}

int cmd_record_export(Args *a) {
  const char *fmt = a->pos[0], *out = opt(a, "out"), *schema = opt(a, "schema");
  int validate = opt(a, "validate") != NULL;
  for (int i = 1; i < a->npos; i++) {
    if (strcmp(a->pos[i], "-o") == 0 && i + 1 < a->npos) out = a->pos[++i];
    else if (validate && !schema) schema = a->pos[i];
    else {
      mj_fail(MJ_EINVAL, "usage: majlis export %s --sitting ID [-o FILE]%s [--edition N | --current]; see 'majlis help export'", fmt,
              strcmp(fmt, "akn") == 0 ? " [--validate [SCHEMA]]" : "");
      return fail(MJ_EINVAL);
    }
  }
  long long sitting;
  if (!opt(a, "sitting") || mj_parse_int(opt(a, "sitting"), 1, INT64_MAX, &sitting)) {
    mj_fail(MJ_EINVAL, "export %s needs --sitting ID (a sitting's number in the database)", fmt);
    return fail(MJ_EINVAL);
  }
  long long number = 0;
  if (opt(a, "edition") && (mj_parse_int(opt(a, "edition"), 1, 1000000, &number) || opt(a, "current"))) {
    mj_fail(MJ_EINVAL, opt(a, "current") ? "export %s: --edition N and --current exclude each other"
                                         : "export %s: --edition must be an edition number (1, 2, ...)",
            fmt);
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), DB_READONLY, &db);
  if (rc) return fail(rc);
  RecDoc d;
  recdoc_init(&d, db_path_of(a), fmt);
  Buf b;
  buf_init(&b, 1u << 30);
  /* The latest published edition, as the public has it: text edited after
  ** it (for the next edition) stays out. A record with no edition yet (an
  ** import, a sitting in editing) is written as it stands, its workflow
  ** state in the document (AKN lifecycle, TEI note), and said so here, so an
  ** import round-trips; --current always writes it as it stands. */
  int64_t edition = 0;
  int none = !opt(a, "current") && !number && hansard_public_view(db, sitting, &edition) == HANSARD_PUBLIC_NONE &&
             db_int(db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0);
  if (number) { /* --edition N: that edition, as it was published */
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM edition WHERE sitting_id=?1 AND number=?2");
    if (st) {
      sqlite3_bind_int64(st, 1, sitting);
      sqlite3_bind_int64(st, 2, number);
      if (sqlite3_step(st) == SQLITE_ROW) edition = sqlite3_column_int64(st, 0);
      db_done(st);
    }
    rc = edition ? recio_load_edition(db, sitting, edition, &d)
                 : mj_fail(MJ_ENOTFOUND, "export %s: sitting %lld has no edition %lld of its record", fmt, sitting, number);
  } else {
    rc = opt(a, "current") || none ? recio_load(db, sitting, &d) : recio_load_public(db, sitting, &d);
  }
  if (!rc && none)
    fprintf(stderr, "majlis: sitting %lld has no published edition of its record: writing it as it stands (%s)\n", sitting,
            d.status ? d.status : "drafting");
  db_close(db);
  if (!rc) rc = strcmp(fmt, "akn") == 0 ? akn_write(&d, &b) : tei_write(&d, &b);
  /* every export is checked: AKN against the OASIS schema when asked (the
  ** schema takes a moment to load), TEI always against our structural rules */
  if (!rc && strcmp(fmt, "akn") == 0 && validate) rc = akn_validate(b.p, b.n, schema);
  if (!rc && strcmp(fmt, "parlamint") == 0) rc = tei_check(b.p, b.n);
  if (!rc) {
    FILE *fp = stdout;
    if (out && strcmp(out, "-") != 0 && !(fp = fopen(out, "w"))) rc = mj_fail(MJ_EIO, "export: cannot write %s", out);
    if (!rc && fwrite(b.p, 1, b.n, fp) != b.n) rc = mj_fail(MJ_EIO, "export: writing %s failed", out ? out : "the output");
    if (fp && fp != stdout && fclose(fp) && !rc) rc = mj_fail(MJ_EIO, "export: cannot finish writing %s", out);
    if (!rc && out && strcmp(out, "-") != 0)
      fprintf(stderr, "majlis: wrote sitting %lld as %s to %s (%d sections, %d speeches%s)\n", sitting,
              strcmp(fmt, "akn") == 0 ? "Akoma Ntoso" : "ParlaMint TEI", out, d.nsections, d.nspeeches,
              validate || strcmp(fmt, "parlamint") == 0 ? ", validated" : "");
  }
  buf_free(&b);
  recdoc_free(&d);
  return rc ? fail(rc) : 0;
}
