/*
** record_io.c: a RecDoc into the database and back (see record_io.h). The
** import resolves everything inside one write transaction and rolls all of
** it back on the first error, so a file that fails imports nothing.
*/
#include "record_io.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hansard.h"
#include "recsnap.h"
#include "user.h"

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t v) {
  if (v > 0) sqlite3_bind_int64(st, i, v);
  else sqlite3_bind_null(st, i);
}

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? arena_strdup(a, (const char *)s) : NULL;
}

/* Steps a statement that returns no rows; on failure the SQLite message
** names what was being written and where in the file it came from. */
static int run(Db *db, sqlite3_stmt *st, const RecDoc *d, int line, const char *what) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE) {
    if (line > 0)
      rc = mj_fail(MJ_EINVAL, "%s:%d: %s: the database refused it: %s", d->path, line, what, sqlite3_errmsg(db_handle(db)));
    else
      rc = mj_fail(MJ_EINVAL, "%s: %s: the database refused it: %s", d->path, what, sqlite3_errmsg(db_handle(db)));
    db_done(st);
    return rc;
  }
  db_done(st);
  return MJ_OK;
}

static int64_t one_id(sqlite3_stmt *st) {
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  return id;
}

int recio_body(Db *db, const char *body, int64_t *id) {
  long long v;
  *id = 0;
  if (!body || !*body) return mj_fail(MJ_EINVAL, "no chamber named (--body ID)");
  if (mj_parse_int(body, 1, INT64_MAX, &v) == MJ_OK) *id = db_int(db, "SELECT id FROM organization WHERE id=?1", 1, v, 0);
  if (!*id) {
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM organization WHERE ident=?1");
    if (!st) return MJ_EIO;
    bind_text(st, 1, body);
    *id = one_id(st);
  }
  return *id ? MJ_OK : mj_fail(MJ_ENOTFOUND, "no organisation %s in the database (--body takes an id or an ident)", body);
}

static void now_iso(char *out, size_t n) { mj_iso8601(mj_now_ms() / 1000, out, n); }

/* The chamber: --body, else the file's by ident, else created. */
static int find_body(Db *db, const Actor *who, RecDoc *d, const RecImportOptions *o, int64_t *body) {
  if (o && o->body) return recio_body(db, o->body, body);
  if (d->body_ident) {
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM organization WHERE ident=?1");
    if (!st) return MJ_EIO;
    bind_text(st, 1, d->body_ident);
    if ((*body = one_id(st))) return MJ_OK;
  }
  if (!d->body_name && !d->body_ident)
    return mj_fail(MJ_EINVAL, "%s: the file does not name its chamber; pass --body ID", d->path);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO organization(ident,classification,name_ar) VALUES(?1,?2,?3)");
  if (!st) return MJ_EIO;
  bind_text(st, 1, d->body_ident);
  bind_text(st, 2, d->body_classification ? d->body_classification : "chamber");
  const char *name = d->body_name ? d->body_name : d->body_ident;
  sqlite3_bind_text(st, 3, name, strlen(name) > 300 ? 300 : -1, SQLITE_STATIC);
  int rc = run(db, st, d, 0, "the chamber");
  if (rc) return rc;
  *body = sqlite3_last_insert_rowid(db_handle(db));
  return audit_append(db, who, "organization.import", arena_printf(d->a, "organization/%lld", (long long)*body),
                      "added chamber \"%s\" named by %s", name, d->path);
}

static int person_of(Db *db, const Actor *who, RecDoc *d, RecPerson *p, RecImportReport *r) {
  sqlite3_stmt *st = db_stmt(db, "SELECT person_id FROM person_identifier WHERE scheme=?1 AND identifier=?2");
  if (!st) return MJ_EIO;
  bind_text(st, 1, p->scheme);
  bind_text(st, 2, p->identifier);
  if ((p->rowid = one_id(st))) {
    r->persons_matched++;
    return MJ_OK;
  }
  const char *name = p->name && *p->name ? p->name : p->key;
  st = db_stmt(db, "INSERT INTO person(name_ar) VALUES(?1)");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, name, strlen(name) > 200 ? 200 : -1, SQLITE_STATIC);
  int rc = run(db, st, d, 0, "a speaker");
  if (rc) return rc;
  p->rowid = sqlite3_last_insert_rowid(db_handle(db));
  st = db_stmt(db, "INSERT INTO person_identifier(person_id,scheme,identifier) VALUES(?1,?2,?3)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, p->rowid);
  bind_text(st, 2, p->scheme);
  sqlite3_bind_text(st, 3, p->identifier, strlen(p->identifier) > 300 ? 300 : -1, SQLITE_STATIC);
  if ((rc = run(db, st, d, 0, "a speaker's identifier"))) return rc;
  r->persons_added++;
  return audit_append(db, who, "person.import", arena_printf(d->a, "person/%lld", (long long)p->rowid),
                      "added person \"%s\" (%s %s) from %s", name, p->scheme, p->identifier, d->path);
}

static int lang_ok(const char *l) {
  size_t n = l ? strlen(l) : 0;
  if (n != 2 && n != 3) return 0;
  for (size_t i = 0; i < n; i++)
    if (l[i] < 'a' || l[i] > 'z') return 0;
  return 1;
}

/* Removes what an earlier import of this source wrote into the sitting. */
static int clear_record(Db *db, RecDoc *d, int64_t sitting) {
  sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM edition WHERE sitting_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int64_t eds = one_id(st);
  st = db_stmt(db, "SELECT coalesce((SELECT status FROM record WHERE sitting_id=?1),'drafting')");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  const char *status = sqlite3_step(st) == SQLITE_ROW ? col(d->a, st, 0) : "drafting";
  db_done(st);
  if (eds || strcmp(status, "drafting") != 0)
    return mj_fail(MJ_ECONFLICT, "%s: sitting %lld already has a record in '%s'%s; it can no longer be replaced by an "
                                 "import", d->path, (long long)sitting, status, eds ? " with published editions" : "");
  static const char *const del[] = {"DELETE FROM speech WHERE sitting_id=?1",
                                    "DELETE FROM record_section WHERE sitting_id=?1",
                                    "DELETE FROM vote_event WHERE sitting_id=?1 AND ident IS NOT NULL"};
  for (size_t i = 0; i < MJ_COUNT(del); i++) {
    st = i == 0 ? db_stmt(db, "DELETE FROM speech WHERE sitting_id=?1")
         : i == 1 ? db_stmt(db, "DELETE FROM record_section WHERE sitting_id=?1")
                  : db_stmt(db, "DELETE FROM vote_event WHERE sitting_id=?1 AND ident IS NOT NULL");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, sitting);
    int rc = run(db, st, d, 0, del[i]);
    if (rc) return rc;
  }
  return MJ_OK;
}

static int import_tx(Db *db, const Actor *who, RecDoc *d, const RecImportOptions *o, RecImportReport *r) {
  int rc;
  char now[32];
  now_iso(now, sizeof now);
  /* the source: imported before? */
  sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(sitting_id,0),sha256 FROM record_source WHERE scheme=?1 AND ident=?2");
  if (!st) return MJ_EIO;
  bind_text(st, 1, d->format);
  bind_text(st, 2, d->source);
  int64_t sitting = 0;
  const char *sha = NULL;
  int known = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    known = 1;
    sitting = sqlite3_column_int64(st, 0);
    sha = col(d->a, st, 1);
  }
  db_done(st);
  if (known && sha && strcmp(sha, d->sha256) == 0) {
    r->sittings_unchanged++;
    r->sitting_id = sitting;
    for (int i = 0; i < d->nvotes; i++) r->votes_unchanged++;
    return MJ_OK;
  }
  if (known && !(o && o->replace))
    return mj_fail(MJ_ECONFLICT, "%s: %s %s was imported before (sitting %lld) from a file with other contents; "
                                 "pass --replace to replace that sitting's record with this one",
                   d->path, d->format, d->source, (long long)sitting);
  int64_t body = 0;
  int merge = 0; /* another file of the same sitting was imported before */
  if (!known && d->day) {
    st = db_stmt(db, "SELECT coalesce(sitting_id,0) FROM record_source WHERE scheme=?1 AND ident=?2");
    if (!st) return MJ_EIO;
    bind_text(st, 1, d->format);
    bind_text(st, 2, d->day);
    sitting = one_id(st);
    merge = sitting > 0;
  }
  if (merge) {
    st = db_stmt(db, "INSERT INTO record_source(scheme,ident,sitting_id,sha256,imported_at) VALUES(?1,?2,?3,?4,?5)");
    if (!st) return MJ_EIO;
    bind_text(st, 1, d->format);
    bind_text(st, 2, d->source);
    sqlite3_bind_int64(st, 3, sitting);
    bind_text(st, 4, d->sha256);
    bind_text(st, 5, now);
    if ((rc = run(db, st, d, 0, "the source"))) return rc;
  } else if (known && sitting) {
    if ((rc = clear_record(db, d, sitting))) return rc;
    st = db_stmt(db, "UPDATE record_source SET sha256=?3,imported_at=?4 WHERE scheme=?1 AND ident=?2");
    if (!st) return MJ_EIO;
    bind_text(st, 1, d->format);
    bind_text(st, 2, d->source);
    bind_text(st, 3, d->sha256);
    bind_text(st, 4, now);
    if ((rc = run(db, st, d, 0, "the source"))) return rc;
    r->replaced++;
  } else {
    if ((rc = find_body(db, who, d, o, &body))) return rc;
    int number = d->number;
    if (number > 0) {
      st = db_stmt(db, "SELECT count(*) FROM sitting WHERE body_id=?1 AND number=?2 AND session_id IS NULL");
      if (!st) return MJ_EIO;
      sqlite3_bind_int64(st, 1, body);
      sqlite3_bind_int(st, 2, number);
      if (one_id(st)) number = 0;
    }
    if (number <= 0)
      number = (int)db_int(db, "SELECT coalesce(max(number),0)+1 FROM sitting WHERE body_id=?1", 1, body, 1);
    st = db_stmt(db, "INSERT INTO sitting(body_id,number,date,start_time,status) VALUES(?1,?2,?3,?4,'closed')");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, body);
    sqlite3_bind_int(st, 2, number);
    bind_text(st, 3, d->date);
    bind_text(st, 4, d->start_time);
    if ((rc = run(db, st, d, 0, "the sitting"))) return rc;
    sitting = sqlite3_last_insert_rowid(db_handle(db));
    r->sittings++;
    st = db_stmt(db, "INSERT OR IGNORE INTO record(sitting_id,updated_at) VALUES(?1,?2)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, sitting);
    bind_text(st, 2, now);
    if ((rc = run(db, st, d, 0, "the record"))) return rc;
    st = db_stmt(db, "INSERT INTO record_source(scheme,ident,sitting_id,sha256,imported_at) VALUES(?1,?2,?3,?4,?5)");
    if (!st) return MJ_EIO;
    bind_text(st, 1, d->format);
    bind_text(st, 2, d->source);
    sqlite3_bind_int64(st, 3, sitting);
    bind_text(st, 4, d->sha256);
    bind_text(st, 5, now);
    if ((rc = run(db, st, d, 0, "the source"))) return rc;
    if (d->day) {
      st = db_stmt(db, "INSERT OR IGNORE INTO record_source(scheme,ident,sitting_id,sha256,imported_at) VALUES(?1,?2,?3,?4,?5)");
      if (!st) return MJ_EIO;
      bind_text(st, 1, d->format);
      bind_text(st, 2, d->day);
      sqlite3_bind_int64(st, 3, sitting);
      bind_text(st, 4, d->sha256);
      bind_text(st, 5, now);
      if ((rc = run(db, st, d, 0, "the source"))) return rc;
    }
  }
  d->sitting_id = sitting;
  /* positions continue after what the sitting already holds */
  int base = (int)db_int(db, "SELECT max(coalesce((SELECT max(position) FROM speech WHERE sitting_id=?1),0),"
                             "coalesce((SELECT max(position) FROM record_section WHERE sitting_id=?1),0))", 1, sitting, 0);
  r->sitting_id = sitting;
  /* speakers and voters */
  for (int i = 0; i < d->npersons; i++)
    if (d->persons[i].used && (rc = person_of(db, who, d, &d->persons[i], r))) return rc;
  /* sections, parents first (they come first in document order) */
  for (int i = 0; i < d->nsections; i++) {
    RecSection *s = &d->sections[i];
    if (merge && s->ident) {
      st = db_stmt(db, "SELECT id FROM record_section WHERE sitting_id=?1 AND ident=?2");
      if (!st) return MJ_EIO;
      sqlite3_bind_int64(st, 1, sitting);
      bind_text(st, 2, s->ident);
      if ((s->rowid = one_id(st))) continue;
    }
    st = db_stmt(db, "INSERT INTO record_section(sitting_id,parent_id,position,name,heading,ident) VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, sitting);
    bind_id(st, 2, s->parent >= 0 ? d->sections[s->parent].rowid : 0);
    sqlite3_bind_int(st, 3, base + s->order);
    sqlite3_bind_text(st, 4, s->name, strlen(s->name) > 64 ? 64 : -1, SQLITE_STATIC);
    bind_text(st, 5, s->heading);
    bind_text(st, 6, s->ident);
    if ((rc = run(db, st, d, s->line, "a section"))) return rc;
    s->rowid = sqlite3_last_insert_rowid(db_handle(db));
    r->sections++;
  }
  /* speeches */
  const char *doc_lang = lang_ok(d->lang) ? d->lang : "ar";
  char *spoke = calloc((size_t)d->npersons + 1, 1);
  for (int i = 0; i < d->nspeeches; i++) {
    RecSpeech *s = &d->speeches[i];
    const char *ident = s->ident;
    if (ident) { /* the source repeats an id: keep the speech, drop the id */
      st = db_stmt(db, "SELECT id FROM speech WHERE sitting_id=?1 AND ident=?2");
      if (!st) {
        free(spoke);
        return MJ_EIO;
      }
      sqlite3_bind_int64(st, 1, sitting);
      bind_text(st, 2, ident);
      if ((s->rowid = one_id(st))) {
        if (merge) continue; /* the same speech from another file of the day */
        recdoc_warn(d, s->line, "the id \"%s\" is used twice; the second keeps no id", ident);
        ident = NULL;
      }
    }
    st = db_stmt(db, "INSERT INTO speech(sitting_id,section_id,position,person_id,role,kind,lang,label,start_time,"
                     "end_time,text,source,ident) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,'import',?12)");
    if (!st) {
      free(spoke);
      return MJ_EIO;
    }
    sqlite3_bind_int64(st, 1, sitting);
    bind_id(st, 2, s->section >= 0 ? d->sections[s->section].rowid : 0);
    sqlite3_bind_int(st, 3, base + s->order);
    bind_id(st, 4, s->person >= 0 ? d->persons[s->person].rowid : 0);
    bind_text(st, 5, s->role);
    bind_text(st, 6, s->kind);
    bind_text(st, 7, lang_ok(s->lang) ? s->lang : doc_lang);
    bind_text(st, 8, s->label);
    bind_text(st, 9, s->start_time);
    bind_text(st, 10, s->end_time);
    bind_text(st, 11, s->text ? s->text : "");
    bind_text(st, 12, ident);
    if ((rc = run(db, st, d, s->line, "a speech"))) {
      free(spoke);
      return rc;
    }
    s->rowid = sqlite3_last_insert_rowid(db_handle(db));
    r->speeches++;
    if (s->person >= 0 && !spoke[s->person]) {
      spoke[s->person] = 1;
      r->speakers++;
    }
  }
  free(spoke);
  /* divisions */
  for (int i = 0; i < d->nvotes; i++) {
    RecVote *v = &d->votes[i];
    st = db_stmt(db, "SELECT id FROM vote_event WHERE ident=?1");
    if (!st) return MJ_EIO;
    bind_text(st, 1, v->ident);
    if (v->ident && one_id(st)) {
      r->votes_unchanged++;
      continue;
    }
    int yes = 0, no = 0, abst = 0;
    for (int k = 0; k < v->nballots; k++) {
      const char *op = v->ballots[k].option;
      yes += strcmp(op, "yes") == 0;
      no += strcmp(op, "no") == 0;
      abst += strcmp(op, "abstain") == 0;
    }
    const char *result = v->result;
    if (!result) {
      int y = v->yes >= 0 ? v->yes : yes, n = v->no >= 0 ? v->no : no;
      result = y > n ? "pass" : "fail";
    }
    const char *at = v->time ? arena_printf(d->a, "%sT%s%s", d->date, v->time, strlen(v->time) == 5 ? ":00" : "")
                             : d->date;
    st = db_stmt(db, "INSERT INTO vote_event(sitting_id,title,method,rule,status,result,opened_at,closed_at,yes_count,"
                     "no_count,abstain_count,ident,allow_change) VALUES(?1,?2,'roll_call','simple','closed',?3,?4,?4,?5,?6,?7,?8,0)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, sitting);
    bind_text(st, 2, v->title && *v->title ? v->title : arena_printf(d->a, "Division %d", i + 1));
    bind_text(st, 3, result);
    bind_text(st, 4, at);
    sqlite3_bind_int(st, 5, v->yes >= 0 ? v->yes : yes);
    sqlite3_bind_int(st, 6, v->no >= 0 ? v->no : no);
    sqlite3_bind_int(st, 7, v->abstain >= 0 ? v->abstain : abst);
    bind_text(st, 8, v->ident);
    if ((rc = run(db, st, d, v->line, "a division"))) return rc;
    int64_t ve = sqlite3_last_insert_rowid(db_handle(db));
    r->votes++;
    for (int k = 0; k < v->nballots; k++) {
      st = db_stmt(db, "INSERT OR IGNORE INTO ballot(vote_event_id,person_id,option,cast_at) VALUES(?1,?2,?3,?4)");
      if (!st) return MJ_EIO;
      sqlite3_bind_int64(st, 1, ve);
      sqlite3_bind_int64(st, 2, d->persons[v->ballots[k].person].rowid);
      bind_text(st, 3, v->ballots[k].option);
      bind_text(st, 4, at);
      if ((rc = run(db, st, d, v->line, "a vote"))) return rc;
      if (sqlite3_changes(db_handle(db))) r->ballots++;
      else
        recdoc_warn(d, v->line, "division %s names %s twice; the first vote is kept", v->ident ? v->ident : "",
                    d->persons[v->ballots[k].person].name);
    }
  }
  return audit_append(db, who, "record.import", arena_printf(d->a, "sitting/%lld", (long long)sitting),
                      "imported the record of sitting %lld from %s (%s %s): %d sections, %d speeches, %d speakers, "
                      "%d divisions with %d votes", (long long)sitting, d->path, d->format, d->source, r->sections,
                      r->speeches, r->speakers, r->votes, r->ballots);
}

int recio_import(Db *db, const Actor *who, RecDoc *d, const RecImportOptions *o, RecImportReport *r) {
  if (!(who->caps & (CAP_HANSARD_EDIT | CAP_DATA)))
    return mj_fail(MJ_EDENIED, "importing a record needs the Hansard editing or the data capability");
  if (!d->source || !*d->source || !recdoc_date_ok(d->date))
    return mj_fail(MJ_EINVAL, "%s: the record has no source id or no valid date", d->path);
  RecImportReport mine;
  memset(&mine, 0, sizeof mine);
  int rc = db_begin(db);
  if (rc) return rc;
  rc = import_tx(db, who, d, o, &mine);
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  if (rc) return rc;
  r->sittings += mine.sittings;
  r->sittings_unchanged += mine.sittings_unchanged;
  r->replaced += mine.replaced;
  r->sections += mine.sections;
  r->speeches += mine.speeches;
  r->speakers += mine.speakers;
  r->persons_added += mine.persons_added;
  r->persons_matched += mine.persons_matched;
  r->votes += mine.votes;
  r->votes_unchanged += mine.votes_unchanged;
  r->ballots += mine.ballots;
  r->sitting_id = mine.sitting_id;
  return MJ_OK;
}

/* ---- loading a sitting for the writers ---- */

/* The identifier a writer shows for a person, and a short key for eIds /
** xml:ids: the akn identifier (its last segment), else parlamint's, else
** parlparse's, else the person's ident, else person_ROWID. */
static void person_load(Db *db, RecDoc *d, RecPerson *p) {
  Arena *a = d->a;
  sqlite3_stmt *st = db_stmt(db, "SELECT name_ar,name_en,ident FROM person WHERE id=?1");
  const char *ar = NULL, *en = NULL, *ident = NULL;
  if (st) {
    sqlite3_bind_int64(st, 1, p->rowid);
    if (sqlite3_step(st) == SQLITE_ROW) {
      ar = col(a, st, 0);
      en = col(a, st, 1);
      ident = col(a, st, 2);
    }
    db_done(st);
  }
  p->name = ar ? ar : en;
  st = db_stmt(db, "SELECT scheme,identifier FROM person_identifier WHERE person_id=?1 AND scheme IN "
                   "('akn','parlamint','parlparse') ORDER BY CASE scheme WHEN 'akn' THEN 0 WHEN 'parlamint' THEN 1 "
                   "ELSE 2 END LIMIT 1");
  if (st) {
    sqlite3_bind_int64(st, 1, p->rowid);
    if (sqlite3_step(st) == SQLITE_ROW) {
      p->scheme = col(a, st, 0);
      p->identifier = col(a, st, 1);
    }
    db_done(st);
  }
  if (p->identifier) {
    const char *k = p->identifier;
    const char *h = strrchr(k, '#'), *s = strrchr(k, '/');
    if (h && h[1]) k = h + 1;
    else if (s && s[1]) k = s + 1;
    p->key = strcmp(p->scheme, "parlparse") == 0 ? arena_printf(a, "member_%s", k) : k;
  } else if (ident) {
    p->key = ident;
  }
  if (!p->key) p->key = arena_printf(a, "person_%lld", (long long)p->rowid);
  if (!p->identifier) {
    p->scheme = "majlis";
    p->identifier = arena_printf(a, "/akn/ontology/person/majlis/%lld", (long long)p->rowid);
  }
}

static void finish_load(Db *db, RecDoc *d, int tied);
static int doc_person(RecDoc *d, int64_t person);
static void load_votes(Db *db, RecDoc *d);

int recio_load(Db *db, int64_t sitting, RecDoc *d) {
  Arena *a = d->a;
  sqlite3_stmt *st = db_stmt(db, "SELECT s.number,s.date,s.start_time,o.name_ar,o.name_en,o.ident,"
                                 "coalesce(r.status,'drafting'),o.id FROM sitting s JOIN organization o ON o.id=s.body_id "
                                 "LEFT JOIN record r ON r.sitting_id=s.id WHERE s.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_done(st);
    return mj_fail(MJ_ENOTFOUND, "no sitting %lld", (long long)sitting);
  }
  d->sitting_id = sitting;
  d->number = sqlite3_column_int(st, 0);
  d->date = col(a, st, 1);
  d->start_time = col(a, st, 2);
  d->body_name = col(a, st, 3);
  d->body_ident = col(a, st, 5);
  d->status = col(a, st, 6);
  db_done(st);
  d->title = arena_printf(a, "%s, %d (%s)", d->body_name ? d->body_name : "", d->number, d->date);
  /* where it came from, for the FRBR country and the TEI id */
  st = db_stmt(db, "SELECT scheme,ident FROM record_source WHERE sitting_id=?1 ORDER BY imported_at LIMIT 1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *scheme = col(a, st, 0), *ident = col(a, st, 1);
    if (strcmp(scheme, "akn") == 0 && strncmp(ident, "/akn/", 5) == 0 && ident[5] && ident[6] && ident[7] == '/')
      d->country = arena_strndup(a, ident + 5, 2);
    d->source = ident;
  }
  db_done(st);
  /* the language most speeches are in */
  st = db_stmt(db, "SELECT lang FROM speech WHERE sitting_id=?1 GROUP BY lang ORDER BY count(*) DESC LIMIT 1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  d->lang = sqlite3_step(st) == SQLITE_ROW ? col(a, st, 0) : NULL;
  db_done(st);
  if (!d->lang) {
    char *dl = db_meta_get(db, "default_lang");
    d->lang = arena_strdup(a, dl ? dl : "ar");
    free(dl);
  }
  /* sections: by position; parents resolved afterwards */
  st = db_stmt(db, "SELECT id,coalesce(parent_id,0),position,name,heading,ident,coalesce(agenda_item_id,0) FROM record_section "
                   "WHERE sitting_id=?1 ORDER BY position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  int64_t *parent_of = NULL;
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int i = recdoc_section(d, -1, col(a, st, 3), col(a, st, 4), col(a, st, 5), 0);
    d->sections[i].rowid = sqlite3_column_int64(st, 0);
    d->sections[i].order = sqlite3_column_int(st, 2);
    d->sections[i].agenda_item = sqlite3_column_int64(st, 6);
    if (i >= cap) {
      cap = cap ? cap * 2 : 64;
      parent_of = xrealloc(parent_of, sizeof *parent_of * (size_t)cap);
    }
    parent_of[i] = sqlite3_column_int64(st, 1);
  }
  db_done(st);
  /* none stored (a sitting that never entered the workflow): its agenda's */
  HansardSection *agenda = NULL;
  int nagenda = 0;
  if (!d->nsections) {
    int rc = hansard_agenda_sections(db, a, sitting, &agenda, &nagenda);
    if (rc) {
      free(parent_of);
      return rc;
    }
    for (int k = 0; k < nagenda; k++) {
      int i = recdoc_section(d, -1, agenda[k].name, agenda[k].heading, NULL, 0);
      d->sections[i].rowid = agenda[k].id;
      d->sections[i].order = agenda[k].position;
      d->sections[i].agenda_item = agenda[k].agenda_item_id;
      if (i >= cap) {
        cap = cap ? cap * 2 : 64;
        parent_of = xrealloc(parent_of, sizeof *parent_of * (size_t)cap);
      }
      parent_of[i] = agenda[k].parent_id;
    }
  }
  for (int i = 0; i < d->nsections; i++)
    for (int j = 0; parent_of[i] && j < d->nsections; j++)
      if (d->sections[j].rowid == parent_of[i] && j != i) d->sections[i].parent = j;
  free(parent_of);
  /* speeches in order */
  st = db_stmt(db, "SELECT id,coalesce(section_id,0),position,coalesce(person_id,0),role,kind,lang,label,start_time,"
                   "end_time,text,ident,coalesce(agenda_item_id,0) FROM speech WHERE sitting_id=?1 ORDER BY position");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, sitting);
  while (sqlite3_step(st) == SQLITE_ROW) {
    RecSpeech *s = recdoc_speech(d, -1, col(a, st, 5), 0);
    s->rowid = sqlite3_column_int64(st, 0);
    s->order = sqlite3_column_int(st, 2);
    int64_t sec = sqlite3_column_int64(st, 1), person = sqlite3_column_int64(st, 3);
    if (nagenda) { /* by the rule of hansard_sections_follow: its item's section, else the one before */
      int64_t item = sqlite3_column_int64(st, 12);
      sec = 0;
      for (int j = 0; item && j < nagenda && !sec; j++)
        if (agenda[j].agenda_item_id == item) sec = agenda[j].id;
      if (!sec && d->nspeeches > 1 && d->speeches[d->nspeeches - 2].section >= 0)
        sec = d->sections[d->speeches[d->nspeeches - 2].section].rowid;
    }
    for (int j = 0; sec && j < d->nsections; j++)
      if (d->sections[j].rowid == sec) s->section = j;
    if (person) s->person = doc_person(d, person);
    s->role = col(a, st, 4);
    s->lang = col(a, st, 6);
    s->label = col(a, st, 7);
    s->start_time = col(a, st, 8);
    s->end_time = col(a, st, 9);
    s->text = col(a, st, 10);
    s->ident = col(a, st, 11);
  }
  db_done(st);
  finish_load(db, d,
              nagenda > 0 ||
                  db_int(db, "SELECT count(*) FROM record_section WHERE sitting_id=?1 AND agenda_item_id IS NOT NULL", 1,
                         sitting, 0) > 0);
  return MJ_OK;
}

/* The persons' names and identifiers, and where each section reads: where
** its first speech is (records made from segments number sections and
** speeches apart; sections made from the agenda (tied) are numbered as its
** items); an empty one keeps its position. */
static void finish_load(Db *db, RecDoc *d, int tied) {
  load_votes(db, d);
  for (int i = 0; i < d->npersons; i++) person_load(db, d, &d->persons[i]);
  int *first = malloc(sizeof *first * (size_t)(d->nsections + 1));
  for (int i = 0; i < d->nsections; i++) first[i] = INT_MAX;
  for (int i = 0; i < d->nspeeches; i++)
    for (int s = d->speeches[i].section, hops = 0; s >= 0 && hops < 1000; s = d->sections[s].parent, hops++)
      if (d->speeches[i].order < first[s]) first[s] = d->speeches[i].order;
  for (int i = 0; i < d->nsections; i++)
    if (first[i] != INT_MAX && (tied || first[i] < d->sections[i].order)) d->sections[i].order = first[i];
  free(first);
}

/* The sitting's closed votes (they are final when closed, whatever the
** record's state): title, time, result, counts and the section of their
** agenda item. Not the named ballots: the writers print counts (AKN's count
** takes no names; the names are in the Popolo export). */
static void load_votes(Db *db, RecDoc *d) {
  Arena *a = d->a;
  sqlite3_stmt *st = db_stmt(
      db, "SELECT v.id, coalesce(v.ident, 'vote-' || v.id), v.title, substr(v.closed_at, 12, 8), v.result,"
          " coalesce(v.yes_count, (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id AND b.option='yes')),"
          " coalesce(v.no_count, (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id AND b.option='no')),"
          " coalesce(v.abstain_count, (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id AND b.option='abstain')),"
          " coalesce(v.agenda_item_id, 0)"
          " FROM vote_event v WHERE v.sitting_id=?1 AND v.status='closed' ORDER BY v.closed_at, v.id");
  if (!st) return;
  sqlite3_bind_int64(st, 1, d->sitting_id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    RecVote *v = recdoc_vote(d, 0);
    v->rowid = sqlite3_column_int64(st, 0);
    v->ident = col(a, st, 1);
    v->title = col(a, st, 2);
    v->time = col(a, st, 3);
    v->result = col(a, st, 4);
    v->yes = sqlite3_column_int(st, 5);
    v->no = sqlite3_column_int(st, 6);
    v->abstain = sqlite3_column_int(st, 7);
    int64_t item = sqlite3_column_int64(st, 8);
    for (int j = 0; item && j < d->nsections && v->section < 0; j++)
      if (d->sections[j].agenda_item == item) v->section = j;
  }
  db_done(st);
}

/* The person of d with database id `person`, added when new. */
static int doc_person(RecDoc *d, int64_t person) {
  for (int j = 0; j < d->npersons; j++)
    if (d->persons[j].rowid == person) return j;
  int p = recdoc_person(d, NULL, NULL, NULL, NULL);
  d->persons[p].rowid = person;
  d->persons[p].used = 1;
  return p;
}

int recio_load_public(Db *db, int64_t sitting, RecDoc *d) {
  int64_t edition = 0;
  int view = hansard_public_view(db, sitting, &edition);
  if (view == HANSARD_PUBLIC_EDITION) return recio_load_edition(db, sitting, edition, d);
  int rc = recio_load(db, sitting, d);
  if (!rc && view == HANSARD_PUBLIC_NONE)
    rc = mj_fail(MJ_ENOTFOUND, "sitting %lld has no published edition of its record yet", (long long)sitting);
  return rc;
}

int recio_load_edition(Db *db, int64_t sitting, int64_t edition, RecDoc *d) {
  HansardEdition e;
  Snap s;
  int rc = hansard_edition(db, d->a, edition, &e);
  if (!rc && e.sitting_id != sitting)
    rc = mj_fail(MJ_ENOTFOUND, "edition %lld is not of sitting %lld", (long long)edition, (long long)sitting);
  /* the sitting's facts (its body is replaced below), then the edition's */
  if (rc || (rc = recio_load(db, sitting, d)) || (rc = recsnap_parse(d->a, e.content, &s))) return rc;
  d->nsections = d->nspeeches = d->npersons = d->nvotes = 0;
  d->status = e.kind;
  int tied = 0;
  for (int i = 0; i < s.nsections; i++) {
    const SnapSection *x = &s.sections[i];
    int k = recdoc_section(d, -1, x->name, x->heading, NULL, 0);
    d->sections[k].rowid = x->id;
    d->sections[k].order = x->position;
    d->sections[k].agenda_item = x->agenda_item_id;
    tied |= x->agenda_item_id != 0;
  }
  for (int i = 0; i < s.nsections; i++) /* document order: a parent comes before its children */
    for (int j = 0; s.sections[i].parent_id && j < i; j++)
      if (s.sections[j].id == s.sections[i].parent_id) d->sections[i].parent = j;
  for (int i = 0; i < s.nspeeches; i++) { /* by position */
    const SnapSpeech *x = &s.speeches[i];
    RecSpeech *sp = recdoc_speech(d, -1, x->kind, 0);
    sp->rowid = x->id;
    sp->order = x->position;
    for (int j = 0; x->section_id && j < d->nsections; j++)
      if (d->sections[j].rowid == x->section_id) sp->section = j;
    if (x->person_id) sp->person = doc_person(d, x->person_id);
    sp->role = x->role;
    sp->lang = x->lang;
    sp->label = x->label;
    sp->start_time = x->start_time;
    sp->end_time = x->end_time;
    sp->text = x->text;
    sp->ident = x->ident;
  }
  finish_load(db, d, tied);
  return MJ_OK;
}
