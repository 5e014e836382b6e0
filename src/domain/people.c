/*
** people.c: Popolo import and export of persons, organisations and
** memberships (see people.h and doc/popolo.md). The import resolves every
** record against the database inside one write transaction and rolls all of
** it back on the first error; the export streams one record at a time.
*/
#include "people.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

void people_report_init(PeopleReport *r) {
  memset(r, 0, sizeof *r);
  buf_init(&r->log, 16u << 20);
}

void people_report_free(PeopleReport *r) { buf_free(&r->log); }

/* ---- a small string -> rowid map (file ids to database rows) ---- */
typedef struct Map {
  const char **k;
  int64_t *v;
  size_t cap, n;
} Map;

static uint64_t str_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static void map_put(Map *m, const char *k, int64_t v) {
  if ((m->n + 1) * 2 > m->cap) {
    Map g = {NULL, NULL, m->cap ? m->cap * 2 : 64, 0};
    g.k = xcalloc(g.cap, sizeof *g.k);
    g.v = xcalloc(g.cap, sizeof *g.v);
    for (size_t i = 0; i < m->cap; i++)
      if (m->k[i]) map_put(&g, m->k[i], m->v[i]);
    free(m->k);
    free(m->v);
    *m = g;
  }
  size_t i = str_hash(k) & (m->cap - 1);
  while (m->k[i] && strcmp(m->k[i], k) != 0) i = (i + 1) & (m->cap - 1);
  if (!m->k[i]) m->n++;
  m->k[i] = k;
  m->v[i] = v;
}

static int64_t map_get(const Map *m, const char *k) {
  if (!m->cap || !k) return 0;
  size_t i = str_hash(k) & (m->cap - 1);
  while (m->k[i]) {
    if (strcmp(m->k[i], k) == 0) return m->v[i];
    i = (i + 1) & (m->cap - 1);
  }
  return 0;
}

static void map_free(Map *m) {
  free(m->k);
  free(m->v);
}

/* ---- the import ---- */
typedef struct Imp {
  Db *db;
  const Actor *who;
  const PopoloFile *f;
  const PeopleOptions *o;
  PeopleReport *r;
  Arena *a;
  Map persons, orgs, posts;
} Imp;

static void note(Imp *m, const char *fmt, ...) MJ_PRINTF(2, 3);
static void note(Imp *m, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&m->r->log, fmt, ap);
  va_end(ap);
  buf_putc(&m->r->log, '\n');
}

static int streq0(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? arena_strdup(a, (const char *)s) : NULL;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t v) {
  if (v) sqlite3_bind_int64(st, i, v);
  else sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no rows; on failure the SQLite message
** names what was being written. */
static int run(Imp *m, sqlite3_stmt *st, const char *where) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE) {
    rc = mj_fail(MJ_EINVAL, "%s: %s: the database refused it: %s", m->f->path, where,
                 sqlite3_errmsg(db_handle(m->db)));
    db_done(st);
    return rc;
  }
  db_done(st);
  return MJ_OK;
}

static int64_t lookup1(Db *db, sqlite3_stmt *st) {
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  (void)db;
  return id;
}

static int64_t person_by_ident(Db *db, const char *ident) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE ident=?1");
  if (!st) return -1;
  bind_text(st, 1, ident);
  return lookup1(db, st);
}

static int64_t org_by_ident(Db *db, const char *ident) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM organization WHERE ident=?1");
  if (!st) return -1;
  bind_text(st, 1, ident);
  return lookup1(db, st);
}

static int64_t ident_owner(Db *db, int org, const PopoloIdent *id) {
  sqlite3_stmt *st = org ? db_stmt(db, "SELECT organization_id FROM organization_identifier WHERE scheme=?1 AND identifier=?2")
                         : db_stmt(db, "SELECT person_id FROM person_identifier WHERE scheme=?1 AND identifier=?2");
  if (!st) return -1;
  bind_text(st, 1, id->scheme);
  bind_text(st, 2, id->identifier);
  return lookup1(db, st);
}

/* One field's old and new value, for the report. */
typedef struct Change {
  const char *col, *old, *now;
} Change;

/* Compares a field present in the file with the stored one. */
static void diff(Change *ch, int *n, const char *c, const char *stored, const char *incoming) {
  if (incoming && !streq0(stored, incoming)) ch[(*n)++] = (Change){c, stored, incoming};
}

static void report_changes(Imp *m, const char *kind, const char *ident, const Change *ch, int n) {
  Buf b;
  buf_init(&b, 4096);
  for (int i = 0; i < n; i++)
    buf_printf(&b, "%s%s \"%.60s\" -> \"%.60s\"", i ? ", " : "", ch[i].col, ch[i].old ? ch[i].old : "",
               ch[i].now ? ch[i].now : "");
  note(m, "updated %s %s: %s", kind, ident, b.p);
  buf_free(&b);
}

/* The Arabic-name rule shared by persons and organisations: a stored
** Arabic-script name_ar differing from the file's Arabic-script name is a
** conflict; a stored name_ar that is not Arabic (a display fallback) is
** replaced by the file's Arabic name, or by the file's preferred name. */
static const char *name_ar_rule(const char *stored, const char *in_ar, const char *in_name, int *conflict) {
  *conflict = 0;
  if (in_ar) {
    if (popolo_is_arabic(stored) && strcmp(stored, in_ar) != 0) *conflict = 1;
    return in_ar;
  }
  if (!popolo_is_arabic(stored)) return in_name;
  return NULL; /* keep */
}

static int add_identifiers(Imp *m, int org, int64_t id, const PopoloIdent *ids, int n, const char *where,
                           int *added) {
  *added = 0;
  for (int i = 0; i < n; i++) {
    sqlite3_stmt *st = org ? db_stmt(m->db, "INSERT OR IGNORE INTO organization_identifier(organization_id,scheme,identifier) VALUES(?1,?2,?3)")
                           : db_stmt(m->db, "INSERT OR IGNORE INTO person_identifier(person_id,scheme,identifier) VALUES(?1,?2,?3)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, ids[i].scheme);
    bind_text(st, 3, ids[i].identifier);
    int rc = run(m, st, where);
    if (rc) return rc;
    *added += sqlite3_changes(db_handle(m->db));
  }
  return MJ_OK;
}

static int add_contacts(Imp *m, int64_t id, const PopoloPerson *p, int *added) {
  *added = 0;
  for (int i = 0; i < p->n_contacts; i++) {
    sqlite3_stmt *st = db_stmt(m->db, "INSERT OR IGNORE INTO person_contact(person_id,type,value,label) VALUES(?1,?2,?3,?4)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, p->contacts[i].type);
    bind_text(st, 3, p->contacts[i].value);
    bind_text(st, 4, p->contacts[i].label);
    int rc = run(m, st, p->where);
    if (rc) return rc;
    *added += sqlite3_changes(db_handle(m->db));
  }
  return MJ_OK;
}

/* A conflict on identifiers: one of the record's identifiers already
** belongs to another row. Returns the first such identifier or NULL. */
static const PopoloIdent *ident_clash(Imp *m, int org, int64_t id, const PopoloIdent *ids, int n) {
  for (int i = 0; i < n; i++) {
    int64_t owner = ident_owner(m->db, org, &ids[i]);
    if (owner > 0 && owner != id) return &ids[i];
  }
  return NULL;
}

static int import_person(Imp *m, const PopoloPerson *p) {
  int rc;
  int64_t id = person_by_ident(m->db, p->id);
  const char *how = "id";
  for (int i = 0; !id && i < p->n_identifiers; i++) {
    id = ident_owner(m->db, 0, &p->identifiers[i]);
    how = "identifier";
  }
  if (id < 0) return MJ_EIO;
  if (!id) {
    sqlite3_stmt *st = db_stmt(m->db, "INSERT INTO person(ident,name_ar,name_en,name_az,gender,birth_date,image,email,"
                                      "biography_ar,biography_en,death_date) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    if (!st) return MJ_EIO;
    bind_text(st, 1, p->id);
    bind_text(st, 2, p->name_ar ? p->name_ar : p->name);
    bind_text(st, 3, p->name_en);
    bind_text(st, 4, p->name_az);
    bind_text(st, 5, p->gender);
    bind_text(st, 6, p->birth_date);
    bind_text(st, 7, p->image);
    bind_text(st, 8, p->email);
    bind_text(st, 9, p->biography_ar);
    bind_text(st, 10, p->biography_en);
    bind_text(st, 11, p->death_date);
    if ((rc = run(m, st, p->where))) return rc;
    id = sqlite3_last_insert_rowid(db_handle(m->db));
    int added;
    if ((rc = add_identifiers(m, 0, id, p->identifiers, p->n_identifiers, p->where, &added)) ||
        (rc = add_contacts(m, id, p, &added)))
      return rc;
    for (int i = 0; i < p->n_other_names; i++) {
      st = db_stmt(m->db, "INSERT OR IGNORE INTO person_other_name(person_id,name,lang,note) VALUES(?1,?2,?3,?4)");
      if (!st) return MJ_EIO;
      sqlite3_bind_int64(st, 1, id);
      bind_text(st, 2, p->other_names[i].name);
      bind_text(st, 3, p->other_names[i].lang);
      bind_text(st, 4, p->other_names[i].note);
      if ((rc = run(m, st, p->where))) return rc;
    }
    map_put(&m->persons, p->id, id);
    m->r->persons.added++;
    return audit_append(m->db, m->who, "person.import", arena_printf(m->a, "person/%lld", (long long)id),
                        "added person %s from %s", p->id, m->f->path);
  }
  map_put(&m->persons, p->id, id);
  sqlite3_stmt *st = db_stmt(m->db, "SELECT ident,name_ar,name_en,name_az,gender,birth_date,image,email,biography_ar,"
                                    "biography_en,death_date FROM person WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  const char *s[11] = {0};
  if (sqlite3_step(st) == SQLITE_ROW)
    for (int i = 0; i < 11; i++) s[i] = col(m->a, st, i);
  db_done(st);
  int conflict;
  const char *ar = name_ar_rule(s[1], p->name_ar, p->name, &conflict);
  const char *shown = s[0] ? s[0] : p->id;
  if (conflict && !m->o->overwrite) {
    m->r->persons.conflicts++;
    note(m, "conflict: person %s (%s): the database has the Arabic name \"%s\", the file \"%s\"; kept the stored "
            "record unchanged (--overwrite takes the file's)", shown, p->where, s[1], p->name_ar);
    return MJ_OK;
  }
  const PopoloIdent *clash = ident_clash(m, 0, id, p->identifiers, p->n_identifiers);
  if (clash) {
    m->r->persons.conflicts++;
    note(m, "conflict: person %s (%s): identifier %s:%s belongs to another person in the database; kept the "
            "stored record unchanged", shown, p->where, clash->scheme, clash->identifier);
    return MJ_OK;
  }
  Change ch[16];
  int n = 0;
  diff(ch, &n, "name_ar", s[1], ar);
  diff(ch, &n, "name_en", s[2], p->name_en);
  diff(ch, &n, "name_az", s[3], p->name_az);
  diff(ch, &n, "gender", s[4], p->gender);
  diff(ch, &n, "birth_date", s[5], p->birth_date);
  diff(ch, &n, "image", s[6], p->image);
  diff(ch, &n, "email", s[7], p->email);
  diff(ch, &n, "biography_ar", s[8], p->biography_ar);
  diff(ch, &n, "biography_en", s[9], p->biography_en);
  diff(ch, &n, "death_date", s[10], p->death_date);
  if (!s[0]) ch[n++] = (Change){"ident", NULL, p->id};
  if (n) {
    st = db_stmt(m->db, "UPDATE person SET ident=coalesce(ident,?2),name_ar=coalesce(?3,name_ar),"
                        "name_en=coalesce(?4,name_en),name_az=coalesce(?5,name_az),gender=coalesce(?6,gender),"
                        "birth_date=coalesce(?7,birth_date),image=coalesce(?8,image),email=coalesce(?9,email),"
                        "biography_ar=coalesce(?10,biography_ar),biography_en=coalesce(?11,biography_en),"
                        "death_date=coalesce(?12,death_date) WHERE id=?1");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, p->id);
    bind_text(st, 3, ar);
    bind_text(st, 4, p->name_en);
    bind_text(st, 5, p->name_az);
    bind_text(st, 6, p->gender);
    bind_text(st, 7, p->birth_date);
    bind_text(st, 8, p->image);
    bind_text(st, 9, p->email);
    bind_text(st, 10, p->biography_ar);
    bind_text(st, 11, p->biography_en);
    bind_text(st, 12, p->death_date);
    if ((rc = run(m, st, p->where))) return rc;
  }
  int added;
  if ((rc = add_identifiers(m, 0, id, p->identifiers, p->n_identifiers, p->where, &added))) return rc;
  if (added) ch[n++] = (Change){"identifiers", NULL, arena_printf(m->a, "%d added", added)};
  if ((rc = add_contacts(m, id, p, &added))) return rc;
  if (added) ch[n++] = (Change){"contact_details", NULL, arena_printf(m->a, "%d added", added)};
  if (!n) {
    m->r->persons.unchanged++;
    return MJ_OK;
  }
  m->r->persons.updated++;
  if (strcmp(how, "identifier") == 0 && s[0] && strcmp(s[0], p->id) != 0)
    note(m, "matched person %s (%s) on an identifier to the stored person %s", p->id, p->where, s[0]);
  report_changes(m, "person", shown, ch, n);
  return audit_append(m->db, m->who, "person.import", arena_printf(m->a, "person/%lld", (long long)id),
                      "updated person %s from %s (%d fields)", shown, m->f->path, n);
}

static int import_org(Imp *m, const PopoloOrg *g, int *skip) {
  int rc;
  *skip = 0;
  int64_t id = org_by_ident(m->db, g->id);
  for (int i = 0; !id && i < g->n_identifiers; i++) id = ident_owner(m->db, 1, &g->identifiers[i]);
  if (id < 0) return MJ_EIO;
  int added;
  if (!id) {
    sqlite3_stmt *st = db_stmt(m->db, "INSERT INTO organization(ident,classification,name_ar,name_en,name_az,seats) "
                                      "VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) return MJ_EIO;
    bind_text(st, 1, g->id);
    bind_text(st, 2, g->classification);
    bind_text(st, 3, g->name_ar ? g->name_ar : g->name);
    bind_text(st, 4, g->name_en);
    bind_text(st, 5, g->name_az);
    bind_id(st, 6, g->seats);
    if ((rc = run(m, st, g->where))) return rc;
    id = sqlite3_last_insert_rowid(db_handle(m->db));
    if ((rc = add_identifiers(m, 1, id, g->identifiers, g->n_identifiers, g->where, &added))) return rc;
    map_put(&m->orgs, g->id, id);
    m->r->orgs.added++;
    *skip = 2; /* added: its parent is set without a report */
    return audit_append(m->db, m->who, "organization.import", arena_printf(m->a, "organization/%lld", (long long)id),
                        "added organisation %s from %s", g->id, m->f->path);
  }
  map_put(&m->orgs, g->id, id);
  sqlite3_stmt *st = db_stmt(m->db, "SELECT ident,classification,name_ar,name_en,name_az,seats FROM organization WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  const char *s[6] = {0};
  if (sqlite3_step(st) == SQLITE_ROW)
    for (int i = 0; i < 6; i++) s[i] = col(m->a, st, i);
  db_done(st);
  int conflict;
  const char *ar = name_ar_rule(s[2], g->name_ar, g->name, &conflict);
  const char *shown = s[0] ? s[0] : g->id;
  const PopoloIdent *clash = ident_clash(m, 1, id, g->identifiers, g->n_identifiers);
  if ((conflict && !m->o->overwrite) || clash) {
    m->r->orgs.conflicts++;
    *skip = 1;
    if (clash)
      note(m, "conflict: organisation %s (%s): identifier %s:%s belongs to another organisation; kept the stored "
              "record unchanged", shown, g->where, clash->scheme, clash->identifier);
    else
      note(m, "conflict: organisation %s (%s): the database has the Arabic name \"%s\", the file \"%s\"; kept the "
              "stored record unchanged (--overwrite takes the file's)", shown, g->where, s[2], g->name_ar);
    return MJ_OK;
  }
  Change ch[8];
  int n = 0;
  diff(ch, &n, "classification", s[1], g->classification);
  diff(ch, &n, "name_ar", s[2], ar);
  diff(ch, &n, "name_en", s[3], g->name_en);
  diff(ch, &n, "name_az", s[4], g->name_az);
  diff(ch, &n, "seats", s[5], g->seats ? arena_printf(m->a, "%lld", g->seats) : NULL);
  if (!s[0]) ch[n++] = (Change){"ident", NULL, g->id};
  if (n) {
    st = db_stmt(m->db, "UPDATE organization SET ident=coalesce(ident,?2),classification=?3,name_ar=coalesce(?4,name_ar),"
                        "name_en=coalesce(?5,name_en),name_az=coalesce(?6,name_az),seats=coalesce(?7,seats) WHERE id=?1");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, g->id);
    bind_text(st, 3, g->classification);
    bind_text(st, 4, ar);
    bind_text(st, 5, g->name_en);
    bind_text(st, 6, g->name_az);
    bind_id(st, 7, g->seats);
    if ((rc = run(m, st, g->where))) return rc;
  }
  if ((rc = add_identifiers(m, 1, id, g->identifiers, g->n_identifiers, g->where, &added))) return rc;
  if (added) ch[n++] = (Change){"identifiers", NULL, arena_printf(m->a, "%d added", added)};
  if (!n) {
    m->r->orgs.unchanged++;
    return MJ_OK;
  }
  m->r->orgs.updated++;
  *skip = 3; /* updated: already counted */
  report_changes(m, "organisation", shown, ch, n);
  return audit_append(m->db, m->who, "organization.import", arena_printf(m->a, "organization/%lld", (long long)id),
                      "updated organisation %s from %s (%d fields)", shown, m->f->path, n);
}

/* Resolves a file id to an organisation row: this file first, then the
** database by ident. */
static int64_t org_ref(Imp *m, const char *ident) {
  int64_t id = map_get(&m->orgs, ident);
  return id ? id : org_by_ident(m->db, ident);
}

static int set_parent(Imp *m, const PopoloOrg *g, int state) {
  int64_t id = map_get(&m->orgs, g->id), parent = 0;
  if (g->parent_id) {
    parent = org_ref(m, g->parent_id);
    if (parent <= 0)
      return mj_fail(MJ_EINVAL, "%s: %s: parent_id \"%s\" is neither in this file nor in the database", m->f->path,
                     g->where, g->parent_id);
  }
  if (state == 1 || !g->parent_id) return MJ_OK; /* a conflict, or nothing said */
  int64_t stored = db_int(m->db, "SELECT coalesce(parent_id,0) FROM organization WHERE id=?1", 1, id, 0);
  if (stored == parent) return MJ_OK;
  /* no cycles: the new parent must not be below this organisation */
  for (int64_t up = parent, hops = 0; up; hops++) {
    if (up == id || hops > 1000)
      return mj_fail(MJ_EINVAL, "%s: %s: parent_id \"%s\" would make a cycle of parents", m->f->path, g->where,
                     g->parent_id);
    up = db_int(m->db, "SELECT coalesce(parent_id,0) FROM organization WHERE id=?1", 1, up, 0);
  }
  sqlite3_stmt *st = db_stmt(m->db, "UPDATE organization SET parent_id=?2 WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, parent);
  int rc = run(m, st, g->where);
  if (rc || state == 2) return rc;
  if (state == 0) {
    m->r->orgs.unchanged--;
    m->r->orgs.updated++;
  }
  note(m, "updated organisation %s: parent -> \"%s\"", g->id, g->parent_id);
  return audit_append(m->db, m->who, "organization.import", arena_printf(m->a, "organization/%lld", (long long)id),
                      "organisation %s: parent set to %s from %s", g->id, g->parent_id, m->f->path);
}

static int64_t post_by_ident(Db *db, const char *ident) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM post WHERE ident=?1");
  if (!st) return -1;
  bind_text(st, 1, ident);
  return lookup1(db, st);
}

/* A post: matched on its id; the file's label, role and area replace the
** stored ones where given (label_ar only when the file has an Arabic
** label, or the stored one is not Arabic). body_id: the organisation of a
** post without organization_id (the CSV). */
static int import_post(Imp *m, const PopoloPost *t, int64_t body_id) {
  int rc;
  int64_t oid = body_id;
  if (t->organization_id) {
    oid = org_ref(m, t->organization_id);
    if (oid <= 0)
      return mj_fail(MJ_EINVAL, "%s: %s: organization_id \"%s\" is neither in this file nor in the database",
                     m->f->path, t->where, t->organization_id);
  }
  if (!oid) return mj_fail(MJ_EINVAL, "%s: %s: no organization_id", m->f->path, t->where);
  int64_t id = post_by_ident(m->db, t->id);
  if (id < 0) return MJ_EIO;
  if (!id) {
    sqlite3_stmt *st = db_stmt(m->db, "INSERT INTO post(ident,organization_id,label_ar,label_en,label_az,role,area) "
                                      "VALUES(?1,?2,?3,?4,?5,?6,?7)");
    if (!st) return MJ_EIO;
    bind_text(st, 1, t->id);
    sqlite3_bind_int64(st, 2, oid);
    bind_text(st, 3, t->label_ar ? t->label_ar : t->label);
    bind_text(st, 4, t->label_en);
    bind_text(st, 5, t->label_az);
    bind_text(st, 6, t->role);
    bind_text(st, 7, t->area);
    if ((rc = run(m, st, t->where))) return rc;
    id = sqlite3_last_insert_rowid(db_handle(m->db));
    map_put(&m->posts, t->id, id);
    m->r->posts.added++;
    return audit_append(m->db, m->who, "post.import", arena_printf(m->a, "post/%lld", (long long)id),
                        "added post %s from %s", t->id, m->f->path);
  }
  map_put(&m->posts, t->id, id);
  sqlite3_stmt *st = db_stmt(m->db, "SELECT organization_id,label_ar,label_en,label_az,role,area FROM post WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  const char *s[6] = {0};
  if (sqlite3_step(st) == SQLITE_ROW)
    for (int i = 0; i < 6; i++) s[i] = col(m->a, st, i);
  db_done(st);
  const char *ar = t->label_ar ? t->label_ar : (!popolo_is_arabic(s[1]) ? t->label : NULL);
  Change ch[8];
  int n = 0;
  diff(ch, &n, "organization", s[0], arena_printf(m->a, "%lld", (long long)oid));
  diff(ch, &n, "label_ar", s[1], ar);
  diff(ch, &n, "label_en", s[2], t->label_en);
  diff(ch, &n, "label_az", s[3], t->label_az);
  diff(ch, &n, "role", s[4], t->role);
  diff(ch, &n, "area", s[5], t->area);
  if (!n) {
    m->r->posts.unchanged++;
    return MJ_OK;
  }
  st = db_stmt(m->db, "UPDATE post SET organization_id=?2,label_ar=coalesce(?3,label_ar),label_en=coalesce(?4,label_en),"
                      "label_az=coalesce(?5,label_az),role=coalesce(?6,role),area=coalesce(?7,area) WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, oid);
  bind_text(st, 3, ar);
  bind_text(st, 4, t->label_en);
  bind_text(st, 5, t->label_az);
  bind_text(st, 6, t->role);
  bind_text(st, 7, t->area);
  if ((rc = run(m, st, t->where))) return rc;
  m->r->posts.updated++;
  report_changes(m, "post", t->id, ch, n);
  return audit_append(m->db, m->who, "post.import", arena_printf(m->a, "post/%lld", (long long)id),
                      "updated post %s from %s (%d fields)", t->id, m->f->path, n);
}

/* A person named by a membership: this file, the database, or (with the
** option) a placeholder. */
static int person_ref(Imp *m, const PopoloMembership *ms, int64_t *out) {
  int64_t id = map_get(&m->persons, ms->person_id);
  if (!id) id = person_by_ident(m->db, ms->person_id);
  if (id < 0) return MJ_EIO;
  if (!id && m->o->placeholders) {
    sqlite3_stmt *st = db_stmt(m->db, "INSERT INTO person(ident,name_ar) VALUES(?1,?2)");
    if (!st) return MJ_EIO;
    bind_text(st, 1, ms->person_id);
    sqlite3_bind_text(st, 2, ms->person_id, strlen(ms->person_id) > 200 ? 200 : -1, SQLITE_STATIC);
    int rc = run(m, st, ms->where);
    if (rc) return rc;
    id = sqlite3_last_insert_rowid(db_handle(m->db));
    map_put(&m->persons, ms->person_id, id);
    m->r->persons.added++;
    m->r->placeholders++;
    if ((rc = audit_append(m->db, m->who, "person.import", arena_printf(m->a, "person/%lld", (long long)id),
                           "added placeholder person %s (named by a membership) from %s", ms->person_id, m->f->path)))
      return rc;
  }
  if (!id)
    return mj_fail(MJ_EINVAL, "%s: %s: person_id \"%s\" is neither in this file nor in the database (import the "
                              "persons first, or pass --placeholders)", m->f->path, ms->where, ms->person_id);
  *out = id;
  return MJ_OK;
}

static int import_membership(Imp *m, const PopoloMembership *ms, int64_t body_id) {
  int rc;
  int64_t pid = 0, oid = ms->organization_rowid ? ms->organization_rowid : body_id, behalf = 0;
  if ((rc = person_ref(m, ms, &pid))) return rc;
  if (ms->organization_id) {
    oid = org_ref(m, ms->organization_id);
    if (oid <= 0)
      return mj_fail(MJ_EINVAL, "%s: %s: organization_id \"%s\" is neither in this file nor in the database",
                     m->f->path, ms->where, ms->organization_id);
  }
  if (!oid) return mj_fail(MJ_EINVAL, "%s: %s: no organization_id", m->f->path, ms->where);
  if (ms->on_behalf_of_id) {
    behalf = org_ref(m, ms->on_behalf_of_id);
    if (behalf <= 0)
      return mj_fail(MJ_EINVAL, "%s: %s: on_behalf_of_id \"%s\" is neither in this file nor in the database",
                     m->f->path, ms->where, ms->on_behalf_of_id);
  }
  int64_t post = 0;
  if (ms->post_id) {
    post = map_get(&m->posts, ms->post_id);
    if (!post) post = post_by_ident(m->db, ms->post_id);
    if (post <= 0)
      return mj_fail(MJ_EINVAL, "%s: %s: post_id \"%s\" is neither in this file nor in the database", m->f->path,
                     ms->where, ms->post_id);
  }
  const char *start = ms->start_date, *end = ms->end_date;
  if ((!start || !end) && ms->term) {
    sqlite3_stmt *st = db_stmt(m->db, "SELECT start_date,end_date FROM term WHERE body_id=?1 AND number=?2");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, oid);
    sqlite3_bind_int(st, 2, ms->term);
    if (sqlite3_step(st) == SQLITE_ROW) {
      if (!start) start = col(m->a, st, 0);
      if (!end && !ms->start_date) end = col(m->a, st, 1);
    }
    db_done(st);
  }
  if (!start) start = m->o->term_start;
  if (!end && !ms->start_date) end = m->o->term_end;
  if (!start)
    return mj_fail(MJ_EINVAL, "%s: %s: no start_date, and the body has no term %d in the database to take it from; "
                              "pass --term-start YYYY-MM-DD", m->f->path, ms->where, ms->term);
  if (end && strcmp(end, start) < 0)
    return mj_fail(MJ_EINVAL, "%s: %s: end date %s is before start date %s", m->f->path, ms->where, end, start);
  int64_t id = 0;
  sqlite3_stmt *st;
  if (ms->id) {
    st = db_stmt(m->db, "SELECT id FROM membership WHERE ident=?1");
    if (!st) return MJ_EIO;
    bind_text(st, 1, ms->id);
  } else {
    st = db_stmt(m->db, "SELECT id FROM membership WHERE organization_id=?2 AND person_id=?1 AND role=?3 AND "
                        "coalesce(role_label,'')=coalesce(?4,'') AND start_date=?5 AND ident IS NULL");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_int64(st, 2, oid);
    bind_text(st, 3, ms->role);
    bind_text(st, 4, ms->role_label);
    bind_text(st, 5, start);
  }
  id = lookup1(m->db, st);
  if (!id) {
    st = db_stmt(m->db, "INSERT INTO membership(person_id,organization_id,role,role_label,on_behalf_of_id,start_date,"
                        "end_date,ident,post_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_int64(st, 2, oid);
    bind_text(st, 3, ms->role);
    bind_text(st, 4, ms->role_label);
    bind_id(st, 5, behalf);
    bind_text(st, 6, start);
    bind_text(st, 7, end);
    bind_text(st, 8, ms->id);
    bind_id(st, 9, post);
    if ((rc = run(m, st, ms->where))) return rc;
    id = sqlite3_last_insert_rowid(db_handle(m->db));
    m->r->memberships.added++;
    return audit_append(m->db, m->who, "membership.import", arena_printf(m->a, "membership/%lld", (long long)id),
                        "added membership of %s in %s from %s", ms->person_id,
                        ms->organization_id ? ms->organization_id : "the body", m->f->path);
  }
  st = db_stmt(m->db, "SELECT person_id,organization_id,role,role_label,coalesce(on_behalf_of_id,0),start_date,end_date,"
                      "coalesce(post_id,0) FROM membership WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  const char *s[8] = {0};
  if (sqlite3_step(st) == SQLITE_ROW)
    for (int i = 0; i < 8; i++) s[i] = col(m->a, st, i);
  db_done(st);
  Change ch[9];
  int n = 0;
  diff(ch, &n, "person", s[0], arena_printf(m->a, "%lld", (long long)pid));
  diff(ch, &n, "organization", s[1], arena_printf(m->a, "%lld", (long long)oid));
  diff(ch, &n, "role", s[2], ms->role);
  if (!streq0(s[3], ms->role_label)) ch[n++] = (Change){"role_label", s[3], ms->role_label};
  diff(ch, &n, "on_behalf_of", s[4], arena_printf(m->a, "%lld", (long long)behalf));
  diff(ch, &n, "start_date", s[5], start);
  if (!streq0(s[6], end)) ch[n++] = (Change){"end_date", s[6], end};
  diff(ch, &n, "post", s[7], arena_printf(m->a, "%lld", (long long)post));
  if (!n) {
    m->r->memberships.unchanged++;
    return MJ_OK;
  }
  st = db_stmt(m->db, "UPDATE membership SET person_id=?2,organization_id=?3,role=?4,role_label=?5,on_behalf_of_id=?6,"
                      "start_date=?7,end_date=?8,post_id=?9 WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, pid);
  sqlite3_bind_int64(st, 3, oid);
  bind_text(st, 4, ms->role);
  bind_text(st, 5, ms->role_label);
  bind_id(st, 6, behalf);
  bind_text(st, 7, start);
  bind_text(st, 8, end);
  bind_id(st, 9, post);
  if ((rc = run(m, st, ms->where))) return rc;
  m->r->memberships.updated++;
  report_changes(m, "membership", ms->id ? ms->id : ms->where, ch, n);
  return audit_append(m->db, m->who, "membership.import", arena_printf(m->a, "membership/%lld", (long long)id),
                      "updated membership %s from %s (%d fields)", ms->id ? ms->id : ms->where, m->f->path, n);
}

static int import_all(Imp *m, int64_t body_id) {
  int rc;
  const PopoloFile *f = m->f;
  int *state = arena_alloc(m->a, sizeof *state * (size_t)(f->n_orgs ? f->n_orgs : 1));
  for (int i = 0; i < f->n_orgs; i++)
    if (!f->orgs[i].duplicate && (rc = import_org(m, &f->orgs[i], &state[i]))) return rc;
  for (int i = 0; i < f->n_orgs; i++) {
    if (f->orgs[i].duplicate) {
      note(m, "note: %s repeats the id of an earlier organisation with only the letter case of its name "
              "differing; the first is kept", f->orgs[i].where);
      continue;
    }
    if ((rc = set_parent(m, &f->orgs[i], state[i]))) return rc;
  }
  for (int i = 0; i < f->n_posts; i++)
    if ((rc = import_post(m, &f->posts[i], body_id))) return rc;
  for (int i = 0; i < f->n_persons; i++)
    if ((rc = import_person(m, &f->persons[i]))) return rc;
  for (int i = 0; i < f->n_memberships; i++)
    if ((rc = import_membership(m, &f->memberships[i], body_id))) return rc;
  PeopleReport *r = m->r;
  return audit_append(m->db, m->who, "people.import", f->path,
                      "imported %s: persons %d added, %d updated, %d unchanged, %d conflicts; organisations %d added, "
                      "%d updated, %d unchanged, %d conflicts; posts %d added, %d updated, %d unchanged; "
                      "memberships %d added, %d updated, %d unchanged",
                      f->path, r->persons.added, r->persons.updated, r->persons.unchanged, r->persons.conflicts,
                      r->orgs.added, r->orgs.updated, r->orgs.unchanged, r->orgs.conflicts, r->posts.added,
                      r->posts.updated, r->posts.unchanged, r->memberships.added, r->memberships.updated,
                      r->memberships.unchanged);
}

int people_import(Db *db, const Actor *who, const PopoloFile *f, int64_t body_id, const PeopleOptions *o,
                  PeopleReport *r) {
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "importing people needs the data capability");
  PeopleOptions none = {0};
  Imp m = {db, who, f, o ? o : &none, r, arena_new(), {0}, {0}, {0}};
  PeopleReport before = *r;
  int rc = db_begin(db);
  if (!rc) {
    rc = import_all(&m, body_id);
    if (!rc) rc = db_commit(db);
    else db_rollback(db);
  }
  if (rc) { /* nothing was imported: the counts say so */
    Buf log = r->log;
    *r = before;
    r->log = log;
  }
  map_free(&m.persons);
  map_free(&m.orgs);
  map_free(&m.posts);
  arena_free(m.a);
  return rc;
}

int people_import_popolo(Db *db, const Actor *who, const char *path, const PeopleOptions *o, PeopleReport *r) {
  Arena *a = arena_new();
  PopoloFile f;
  int rc = popolo_read(path, a, &f);
  if (!rc) rc = people_import(db, who, &f, 0, o, r);
  arena_free(a);
  return rc;
}

int people_import_csv(Db *db, const Actor *who, const char *path, const char *body, const PeopleOptions *o,
                      PeopleReport *r) {
  long long bid = 0;
  if (!body || !*body) return mj_fail(MJ_EINVAL, "members-csv needs --body ID (the chamber's id or ident)");
  if (mj_parse_int(body, 1, INT64_MAX, &bid) == MJ_OK)
    bid = db_int(db, "SELECT id FROM organization WHERE id=?1", 1, bid, 0);
  else
    bid = org_by_ident(db, body);
  if (bid <= 0) return mj_fail(MJ_ENOTFOUND, "no organisation %s in the database to put the members in", body);
  Arena *a = arena_new();
  PopoloFile f;
  int rc = popolo_read_ep_csv(path, o ? o->lang : NULL, a, &f);
  if (!rc) rc = people_import(db, who, &f, bid, o, r);
  arena_free(a);
  return rc;
}

/* ---- the export ---- */

static void set_str(json_t *o, const char *k, sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  if (s && *s) json_object_set_new(o, k, json_string((const char *)s));
}

/* Writes one record of a streamed array. */
static int emit(FILE *fp, json_t *o, int *first) {
  if (!*first) fputs(",\n", fp);
  *first = 0;
  int rc = json_dumpf(o, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return rc ? mj_fail(MJ_EIO, "writing the export failed") : MJ_OK;
}

static json_t *names_of(sqlite3_stmt *st, int ar, int en, int az) {
  json_t *a = json_array();
  static const char *langs[] = {"ar", "en", "az"};
  int cols[] = {ar, en, az};
  for (int i = 0; i < 3; i++) {
    const unsigned char *s = sqlite3_column_text(st, cols[i]);
    if (!s || !*s || (i == 0 && !popolo_is_arabic((const char *)s))) continue;
    json_array_append_new(a, json_pack("{s:s,s:s}", "name", (const char *)s, "lang", langs[i]));
  }
  return a;
}

static json_t *idents_of(Db *db, int org, int64_t id) {
  json_t *a = json_array();
  sqlite3_stmt *st = org ? db_stmt(db, "SELECT scheme,identifier FROM organization_identifier WHERE organization_id=?1 ORDER BY 1,2")
                         : db_stmt(db, "SELECT scheme,identifier FROM person_identifier WHERE person_id=?1 ORDER BY 1,2");
  if (!st) return a;
  sqlite3_bind_int64(st, 1, id);
  while (sqlite3_step(st) == SQLITE_ROW)
    json_array_append_new(a, json_pack("{s:s,s:s}", "identifier", (const char *)sqlite3_column_text(st, 1), "scheme",
                                       (const char *)sqlite3_column_text(st, 0)));
  db_done(st);
  return a;
}

#define PID(t) "coalesce(" t ".ident,'majlis:person/'||" t ".id)"
#define OID(t) "coalesce(" t ".ident,'majlis:organization/'||" t ".id)"

static int export_persons(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, "SELECT p.id," PID("p") ",name_ar,name_en,name_az,gender,birth_date,image,email,"
                                 "biography_ar,biography_en,death_date FROM person p ORDER BY p.id");
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK, step;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    json_t *o = json_object();
    set_str(o, "id", st, 1);
    set_str(o, "name", st, 2);
    json_t *names = names_of(st, 2, 3, 4);
    sqlite3_stmt *on = db_stmt(db, "SELECT name,lang,note FROM person_other_name WHERE person_id=?1 ORDER BY name");
    if (on) {
      sqlite3_bind_int64(on, 1, id);
      while (sqlite3_step(on) == SQLITE_ROW) {
        json_t *n = json_object();
        set_str(n, "name", on, 0);
        set_str(n, "lang", on, 1);
        set_str(n, "note", on, 2);
        json_array_append_new(names, n);
      }
      db_done(on);
    }
    if (json_array_size(names)) json_object_set_new(o, "other_names", names);
    else json_decref(names);
    json_t *ids = idents_of(db, 0, id);
    if (json_array_size(ids)) json_object_set_new(o, "identifiers", ids);
    else json_decref(ids);
    set_str(o, "gender", st, 5);
    set_str(o, "birth_date", st, 6);
    set_str(o, "image", st, 7);
    set_str(o, "email", st, 8);
    /* biography: the Arabic text when there is one; summary: the English */
    const unsigned char *bar = sqlite3_column_text(st, 9), *ben = sqlite3_column_text(st, 10);
    if (bar && *bar) {
      set_str(o, "biography", st, 9);
      set_str(o, "summary", st, 10);
    } else if (ben && *ben) {
      set_str(o, "biography", st, 10);
    }
    set_str(o, "death_date", st, 11);
    json_t *cd = json_array();
    sqlite3_stmt *c = db_stmt(db, "SELECT type,value,label FROM person_contact WHERE person_id=?1 ORDER BY type,value");
    if (c) {
      sqlite3_bind_int64(c, 1, id);
      while (sqlite3_step(c) == SQLITE_ROW) {
        json_t *d = json_object();
        set_str(d, "type", c, 0);
        set_str(d, "value", c, 1);
        set_str(d, "label", c, 2);
        json_array_append_new(cd, d);
      }
      db_done(c);
    }
    if (json_array_size(cd)) json_object_set_new(o, "contact_details", cd);
    else json_decref(cd);
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

static int export_orgs(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, "SELECT o.id," OID("o") ",o.name_ar,o.name_en,o.name_az,o.classification,"
                                 "CASE WHEN o.parent_id IS NULL THEN NULL ELSE " OID("q") " END,o.seats "
                                 "FROM organization o LEFT JOIN organization q ON q.id=o.parent_id ORDER BY o.id");
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    set_str(o, "id", st, 1);
    set_str(o, "name", st, 2);
    json_t *names = names_of(st, 2, 3, 4);
    if (json_array_size(names)) json_object_set_new(o, "other_names", names);
    else json_decref(names);
    json_t *ids = idents_of(db, 1, sqlite3_column_int64(st, 0));
    if (json_array_size(ids)) json_object_set_new(o, "identifiers", ids);
    else json_decref(ids);
    set_str(o, "classification", st, 5);
    set_str(o, "parent_id", st, 6);
    if (sqlite3_column_type(st, 7) != SQLITE_NULL) json_object_set_new(o, "seats", json_integer(sqlite3_column_int64(st, 7)));
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

#define POSTID(t) "coalesce(" t ".ident,'majlis:post/'||" t ".id)"

static int export_posts(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, "SELECT " POSTID("t") ",t.label_ar,t.label_en,t.label_az," OID("o") ",t.role,t.area "
                                 "FROM post t JOIN organization o ON o.id=t.organization_id ORDER BY t.id");
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    set_str(o, "id", st, 0);
    set_str(o, "label", st, 1);
    json_t *other = json_array();
    for (int i = 2; i <= 3; i++) {
      const unsigned char *l = sqlite3_column_text(st, i);
      if (l && *l) json_array_append_new(other, json_string((const char *)l));
    }
    if (json_array_size(other)) json_object_set_new(o, "other_label", other);
    else json_decref(other);
    set_str(o, "role", st, 5);
    set_str(o, "organization_id", st, 4);
    set_str(o, "area_id", st, 6);
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

static int export_memberships(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, "SELECT m.ident," PID("p") "," OID("o") ",coalesce(m.role_label,m.role),"
                                 "CASE WHEN m.on_behalf_of_id IS NULL THEN NULL ELSE " OID("b") " END,m.start_date,m.end_date,"
                                 "CASE WHEN m.post_id IS NULL THEN NULL ELSE " POSTID("t") " END "
                                 "FROM membership m JOIN person p ON p.id=m.person_id JOIN organization o ON o.id=m.organization_id "
                                 "LEFT JOIN organization b ON b.id=m.on_behalf_of_id LEFT JOIN post t ON t.id=m.post_id ORDER BY m.id");
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    set_str(o, "id", st, 0);
    set_str(o, "person_id", st, 1);
    set_str(o, "organization_id", st, 2);
    set_str(o, "role", st, 3);
    set_str(o, "on_behalf_of_id", st, 4);
    set_str(o, "post_id", st, 7);
    set_str(o, "start_date", st, 5);
    set_str(o, "end_date", st, 6);
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

static const char *rule_text(const char *rule) {
  if (!rule) return NULL;
  if (strcmp(rule, "simple") == 0) return "simple majority";
  if (strcmp(rule, "absolute") == 0) return "absolute majority";
  if (strcmp(rule, "two_thirds") == 0) return "two-thirds majority";
  return "custom majority";
}

#define VE_SQL                                                                                                        \
  "SELECT v.id,v.title,v.method,v.rule,v.status,v.result,v.opened_at,v.closed_at,s.date," OID("o") ",s.id "          \
  "FROM vote_event v JOIN sitting s ON s.id=v.sitting_id JOIN organization o ON o.id=s.body_id ORDER BY v.id"

static int export_motions(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, VE_SQL);
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_sprintf("majlis:motion/%lld", (long long)sqlite3_column_int64(st, 0)));
    set_str(o, "organization_id", st, 9);
    set_str(o, "text", st, 1);
    set_str(o, "date", st, 8);
    const char *req = rule_text((const char *)sqlite3_column_text(st, 3));
    if (req) json_object_set_new(o, "requirement", json_string(req));
    const unsigned char *res = sqlite3_column_text(st, 5);
    if (res) json_object_set_new(o, "result", json_string(strcmp((const char *)res, "pass") == 0 ? "passed" : "failed"));
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

static int export_vote_events(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, VE_SQL);
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    int secret = sqlite3_column_text(st, 2) && strcmp((const char *)sqlite3_column_text(st, 2), "secret") == 0;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_sprintf("majlis:vote_event/%lld", (long long)id));
    json_object_set_new(o, "motion_id", json_sprintf("majlis:motion/%lld", (long long)id));
    set_str(o, "organization_id", st, 9);
    json_object_set_new(o, "legislative_session_id", json_sprintf("majlis:sitting/%lld", (long long)sqlite3_column_int64(st, 10)));
    set_str(o, "identifier", st, 1);
    set_str(o, "classification", st, 2);
    set_str(o, "start_date", st, 6);
    set_str(o, "end_date", st, 7);
    set_str(o, "result", st, 5);
    json_t *counts = json_array(), *votes = json_array();
    sqlite3_stmt *c = secret ? db_stmt(db, "SELECT option,count FROM vote_tally WHERE vote_event_id=?1 ORDER BY option")
                             : db_stmt(db, "SELECT option,sum(weight) FROM ballot WHERE vote_event_id=?1 AND option IS NOT NULL "
                                           "GROUP BY option ORDER BY option");
    if (c) {
      sqlite3_bind_int64(c, 1, id);
      while (sqlite3_step(c) == SQLITE_ROW)
        json_array_append_new(counts, json_pack("{s:s,s:I}", "option", (const char *)sqlite3_column_text(c, 0), "value",
                                                (json_int_t)sqlite3_column_int64(c, 1)));
      db_done(c);
    }
    if (!secret) {
      sqlite3_stmt *b = db_stmt(db, "SELECT " PID("p") ",b.option,b.weight FROM ballot b JOIN person p ON p.id=b.person_id "
                                    "WHERE b.vote_event_id=?1 AND b.option IS NOT NULL ORDER BY p.id");
      if (b) {
        sqlite3_bind_int64(b, 1, id);
        while (sqlite3_step(b) == SQLITE_ROW) {
          json_t *v = json_pack("{s:s,s:s}", "voter_id", (const char *)sqlite3_column_text(b, 0), "option",
                                (const char *)sqlite3_column_text(b, 1));
          if (sqlite3_column_int64(b, 2) != 1) json_object_set_new(v, "weight", json_integer(sqlite3_column_int64(b, 2)));
          json_array_append_new(votes, v);
        }
        db_done(b);
      }
    }
    json_object_set_new(o, "counts", counts);
    if (!secret) json_object_set_new(o, "votes", votes);
    else json_decref(votes);
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

/* The public record only (the view public_speech, pubrec.h): a sitting's
** speeches as its latest edition published them, or as stored when it never
** entered the Hansard workflow; never a draft. */
static int export_speeches(Db *db, FILE *fp) {
  sqlite3_stmt *st = db_stmt(db, "SELECT sp.id,CASE WHEN sp.person_id IS NULL THEN NULL ELSE " PID("p") " END,sp.role,"
                                 "sp.label,sp.text,sp.kind,sp.position,s.date,sp.start_time,s.id,sp.lang "
                                 "FROM public_speech sp JOIN sitting s ON s.id=sp.sitting_id LEFT JOIN person p ON p.id=sp.person_id "
                                 "ORDER BY sp.sitting_id,sp.position");
  if (!st) return MJ_EIO;
  int first = 1, rc = MJ_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_sprintf("majlis:speech/%lld", (long long)sqlite3_column_int64(st, 0)));
    set_str(o, "creator_id", st, 1);
    set_str(o, "role", st, 2);
    set_str(o, "attribution_text", st, 3);
    set_str(o, "text", st, 4);
    set_str(o, "type", st, 5);
    json_object_set_new(o, "position", json_integer(sqlite3_column_int64(st, 6)));
    const char *date = (const char *)sqlite3_column_text(st, 7), *tm = (const char *)sqlite3_column_text(st, 8);
    if (date && tm && strlen(tm) >= 5 && tm[2] == ':' && strlen(tm) <= 8)
      json_object_set_new(o, "date", json_sprintf("%sT%s", date, tm));
    else if (date)
      json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "event_id", json_sprintf("majlis:sitting/%lld", (long long)sqlite3_column_int64(st, 9)));
    set_str(o, "lang", st, 10);
    rc = emit(fp, o, &first);
  }
  db_done(st);
  return rc;
}

int people_export_popolo_part(Db *db, const char *part, FILE *fp) {
  static const struct {
    const char *key;
    int (*fn)(Db *, FILE *);
  } parts[] = {{"persons", export_persons},         {"organizations", export_orgs},
               {"posts", export_posts},             {"memberships", export_memberships}, {"motions", export_motions},
               {"vote_events", export_vote_events}, {"speeches", export_speeches}};
  int found = !part;
  for (size_t i = 0; part && i < MJ_COUNT(parts); i++) found |= strcmp(part, parts[i].key) == 0;
  if (!found)
    return mj_fail(MJ_ENOTFOUND, "no Popolo list '%s'; the lists are persons, organizations, posts, memberships, "
                                 "motions, vote_events and speeches", part);
  /* one read transaction, so the parts agree with each other (the web
  ** server already reads in one) */
  int own = sqlite3_get_autocommit(db_handle(db));
  int rc = own ? db_exec(db, "BEGIN") : MJ_OK;
  if (rc) return rc;
  fputs("{", fp);
  int n = 0;
  for (size_t i = 0; !rc && i < MJ_COUNT(parts); i++) {
    if (part && strcmp(part, parts[i].key) != 0) continue;
    fprintf(fp, "%s\"%s\": [\n", n++ ? ",\n" : "", parts[i].key);
    rc = parts[i].fn(db, fp);
    fputs("\n]", fp);
  }
  fputs("}\n", fp);
  if (own) db_exec(db, "COMMIT");
  if (!rc && (fflush(fp) || ferror(fp))) rc = mj_fail(MJ_EIO, "writing the export failed");
  return rc;
}

int people_export_popolo(Db *db, FILE *fp) { return people_export_popolo_part(db, NULL, fp); }
