/*
** synonyms.c: the editors' groups of equivalent search terms (see
** synonyms.h for the rules). Terms are compared by the analyzer's normal
** forms; the table is small (at most SYN_TOTAL_MAX terms), so a check for a
** duplicate reads every term once inside the write transaction rather than
** keeping a second, derived column in step.
*/
#include "synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "analyzer.h"
#include "user.h"

/* ---- why a change was refused (synonyms_problem) ---- */

static __thread SynProblem tl_problem;

/* Copies s into a problem's field, never cutting a UTF-8 sequence. */
static void copy_field(char *dst, size_t cap, const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  if (n) memcpy(dst, s, n);
  dst[n] = 0;
}

/* Notes why (kind, with its term, other term, group) and returns rc, the
** code mj_fail returned with the English message. */
static int problem(int kind, const char *term, const char *other, int64_t grp, int rc) {
  memset(&tl_problem, 0, sizeof tl_problem);
  tl_problem.kind = kind;
  copy_field(tl_problem.term, sizeof tl_problem.term, term);
  copy_field(tl_problem.other, sizeof tl_problem.other, other);
  tl_problem.grp = grp;
  return rc;
}

static void no_problem(void) { memset(&tl_problem, 0, sizeof tl_problem); }

void synonyms_problem(SynProblem *out) { *out = tl_problem; }

/* ---- terms ---- */

int synonyms_clean(Arena *a, const char *term, const char **out) {
  *out = NULL;
  no_problem();
  if (!term)
    return problem(SYN_PROBLEM_EMPTY, NULL, NULL, 0, mj_fail(MJ_EINVAL, "a synonym term is empty; give a word or name"));
  size_t n = strlen(term);
  if (n > SYN_TERM_MAX * 4 + 64)
    return problem(SYN_PROBLEM_TOO_LONG, NULL, NULL, 0,
                   mj_fail(MJ_EINVAL, "a synonym term may have at most %d characters", SYN_TERM_MAX));
  /* validate, and map every white space to one space, before NFC */
  Buf b;
  buf_init(&b, n + 1);
  int space = 1; /* drops leading white space */
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)term + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      buf_free(&b);
      return problem(SYN_PROBLEM_BAD_UTF8, NULL, NULL, 0,
                     mj_fail(MJ_EINVAL, "a synonym term is not valid UTF-8 (byte %zu)", i + 1));
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    int ws = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS;
    if (!ws && (cat == UTF8PROC_CATEGORY_CC || cp == 0x2028 || cp == 0x2029)) {
      buf_free(&b);
      return problem(SYN_PROBLEM_CONTROL, NULL, NULL, 0,
                     mj_fail(MJ_EINVAL, "a synonym term may not contain control characters (U+%04X)", (unsigned)cp));
    }
    if (ws) {
      if (!space) buf_putc(&b, ' ');
      space = 1;
    } else {
      buf_append(&b, term + i, (size_t)k);
      space = 0;
    }
    i += (size_t)k;
  }
  if (b.n && b.p[b.n - 1] == ' ') b.p[--b.n] = 0;
  if (!b.n) {
    buf_free(&b);
    return problem(SYN_PROBLEM_EMPTY, NULL, NULL, 0, mj_fail(MJ_EINVAL, "a synonym term is empty; give a word or name"));
  }
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)b.p);
  buf_free(&b);
  if (!nfc) return problem(SYN_PROBLEM_BAD_UTF8, NULL, NULL, 0, mj_fail(MJ_EINVAL, "a synonym term is not valid UTF-8"));
  size_t chars = 0;
  for (const unsigned char *p = nfc; *p; p++) chars += (*p & 0xC0) != 0x80;
  if (chars > SYN_TERM_MAX) {
    free(nfc);
    return problem(SYN_PROBLEM_TOO_LONG, NULL, NULL, 0,
                   mj_fail(MJ_EINVAL, "a synonym term may have at most %d characters (this one has %zu)", SYN_TERM_MAX,
                           chars));
  }
  const char *s = arena_strdup(a, (const char *)nfc);
  free(nfc);
  if (!*synonyms_key(a, s))
    return problem(SYN_PROBLEM_NO_LETTER, s, NULL, 0, mj_fail(MJ_EINVAL, "the synonym term \"%s\" has no letter or digit", s));
  *out = s;
  return MJ_OK;
}

typedef struct KeyCtx {
  Buf *b;
} KeyCtx;

static int key_word(void *ctx, const AnalyzerToken *t) {
  KeyCtx *k = ctx;
  if (k->b->n) buf_putc(k->b, ' ');
  buf_append(k->b, t->norm, t->nnorm);
  return 0;
}

const char *synonyms_key(Arena *a, const char *term) {
  AnalyzerConfig c;
  analyzer_config_default(&c);
  Buf b;
  buf_init(&b, BUF_UNLIMITED);
  KeyCtx k = {&b};
  analyzer_tokenize(&c, term ? term : "", term ? strlen(term) : 0, key_word, &k);
  const char *s = arena_strdup(a, b.p ? b.p : "");
  buf_free(&b);
  return s;
}

static int lang_ok(const char *lang) {
  if (!lang || !*lang) return 1;
  size_t n = strlen(lang);
  if (n < 2 || n > 3) return 0;
  for (size_t i = 0; i < n; i++)
    if (lang[i] < 'a' || lang[i] > 'z') return 0;
  return 1;
}

static int may_edit(const Actor *who) {
  if (who && (who->caps & CAP_HANSARD_EDIT)) return MJ_OK;
  return problem(SYN_PROBLEM_DENIED, NULL, NULL, 0,
                 mj_fail(MJ_EDENIED, "changing search synonyms needs the Hansard editor's role (edit record)"));
}

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

/* Validates n terms: display forms and keys into clean[] and keys[] (arena),
** distinct among themselves. */
static int clean_terms(Arena *a, const char *const *terms, int n, const char **clean, const char **keys) {
  for (int i = 0; i < n; i++) {
    int rc = synonyms_clean(a, terms[i], &clean[i]);
    if (rc) return rc;
    keys[i] = synonyms_key(a, clean[i]);
    for (int j = 0; j < i; j++)
      if (strcmp(keys[i], keys[j]) == 0)
        return problem(SYN_PROBLEM_REPEATED, clean[i], clean[j], 0,
                       mj_fail(MJ_ECONFLICT, "\"%s\" and \"%s\" are the same term for search; give each once", clean[j],
                               clean[i]));
  }
  return MJ_OK;
}

/* Inside the transaction: refuses a term whose key is already in a group,
** and too many terms in all. */
static int check_new(Db *db, Arena *a, const char **clean, const char **keys, int n) {
  sqlite3_stmt *st = db_stmt(db, "SELECT grp, term FROM search_synonym");
  if (!st) return MJ_EIO;
  int rc = MJ_OK, total = 0;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    total++;
    const char *t = (const char *)sqlite3_column_text(st, 1);
    const char *k = synonyms_key(a, t ? t : "");
    for (int i = 0; i < n && !rc; i++)
      if (strcmp(k, keys[i]) == 0)
        rc = problem(SYN_PROBLEM_TAKEN, clean[i], t, sqlite3_column_int64(st, 0),
                     mj_fail(MJ_ECONFLICT, "\"%s\" is already in synonym group %lld (as \"%s\"); a term belongs to one group only",
                             clean[i], (long long)sqlite3_column_int64(st, 0), t ? t : ""));
  }
  db_done(st);
  if (!rc && total + n > SYN_TOTAL_MAX)
    rc = problem(SYN_PROBLEM_TOTAL, NULL, NULL, 0, mj_fail(MJ_ETOOBIG, "at most %d synonym terms may be kept in all", SYN_TOTAL_MAX));
  return rc;
}

/* The next of a never-reused number: one more than both the largest in
** use and the largest ever issued (meta key `mark`, updated by the caller
** through set_mark in the same transaction). */
static int64_t next_number(Db *db, int grp) {
  return grp ? db_int(db, "SELECT max(coalesce((SELECT max(grp) FROM search_synonym), 0), coalesce((SELECT CAST(value AS "
                          "INTEGER) FROM meta WHERE key='search_synonym_last_grp'), 0)) + 1", 0, 0, 1)
             : db_int(db, "SELECT max(coalesce((SELECT max(id) FROM search_synonym), 0), coalesce((SELECT CAST(value AS "
                          "INTEGER) FROM meta WHERE key='search_synonym_last_id'), 0)) + 1", 0, 0, 1);
}

static int set_mark(Db *db, const char *key, int64_t v) {
  char s[24];
  snprintf(s, sizeof s, "%lld", (long long)v);
  return db_meta_set(db, key, s);
}

/* Term ids are never reused (nor group numbers): a term removed and
** another added leave the table with a new largest id, so a reader that
** caches the groups until the row count or the largest id changes (the
** search core does) never keeps a stale copy; and the audit trail's
** synonym_group/N always means one group. */
static int insert_terms(Db *db, const Actor *who, Arena *a, int64_t grp, const char **clean, int n, const char *lang,
                        const char *action) {
  char at[32];
  mj_iso8601(mj_now_ms() / 1000, at, sizeof at);
  int64_t id = next_number(db, 0);
  Buf list;
  buf_init(&list, 1 << 16);
  for (int i = 0; i < n; i++, id++) {
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO search_synonym(id, grp, term, lang, created_by, created_at) "
                                   "VALUES(?6,?1,?2,?3,?4,?5)");
    if (!st) {
      buf_free(&list);
      return MJ_EIO;
    }
    sqlite3_bind_int64(st, 6, id);
    sqlite3_bind_int64(st, 1, grp);
    sqlite3_bind_text(st, 2, clean[i], -1, SQLITE_STATIC);
    if (lang && *lang) sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, who->user_name ? who->user_name : "?", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    db_done(st);
    if (!ok) {
      buf_free(&list);
      return db_err(db, "saving a synonym term");
    }
    buf_printf(&list, "%s\"%s\"", i ? ", " : "", clean[i]);
  }
  int rc = set_mark(db, "search_synonym_last_id", id - 1);
  if (!rc) rc = set_mark(db, "search_synonym_last_grp", next_number(db, 1) - 1); /* grp is in the table now */
  if (!rc) rc = audit_append(db, who, action, arena_printf(a, "synonym_group/%lld", (long long)grp), "%s: %s%s%s",
                        strcmp(action, "synonym.group_add") == 0 ? "new synonym group" : "terms added", list.p,
                        lang && *lang ? " lang " : "", lang && *lang ? lang : "");
  buf_free(&list);
  return rc;
}

static int add_common(Db *db, const Actor *who, Arena *a, int64_t grp, int create, const char *const *terms, int n,
                      const char *lang, int64_t *grp_out) {
  no_problem();
  int rc = may_edit(who);
  if (rc) return rc;
  if (!lang_ok(lang))
    return problem(SYN_PROBLEM_LANG, NULL, NULL, 0,
                   mj_fail(MJ_EINVAL, "a language is a two- or three-letter code such as ar, en or az"));
  if (create && n < 2)
    return problem(SYN_PROBLEM_FEW, NULL, NULL, 0, mj_fail(MJ_EINVAL, "a synonym group needs at least two terms"));
  if (!create && n < 1)
    return problem(SYN_PROBLEM_NOTHING, NULL, NULL, 0, mj_fail(MJ_EINVAL, "give at least one term to add"));
  if (n > SYN_GROUP_MAX)
    return problem(SYN_PROBLEM_GROUP_FULL, NULL, NULL, 0,
                   mj_fail(MJ_EINVAL, "a synonym group may have at most %d terms", SYN_GROUP_MAX));
  const char **clean = arena_alloc(a, sizeof *clean * (size_t)n), **keys = arena_alloc(a, sizeof *keys * (size_t)n);
  if ((rc = clean_terms(a, terms, n, clean, keys))) return rc;
  if ((rc = db_begin(db))) return rc;
  if (create) {
    grp = next_number(db, 1);
  } else {
    int64_t have = db_int(db, "SELECT count(*) FROM search_synonym WHERE grp=?1", 1, grp, 0);
    if (have <= 0)
      rc = problem(SYN_PROBLEM_NO_GROUP, NULL, NULL, grp,
                   mj_fail(MJ_ENOTFOUND, "there is no synonym group %lld; 'majlis synonyms list' shows them", (long long)grp));
    else if (have + n > SYN_GROUP_MAX)
      rc = problem(SYN_PROBLEM_GROUP_FULL, NULL, NULL, grp,
                   mj_fail(MJ_EINVAL, "a synonym group may have at most %d terms", SYN_GROUP_MAX));
  }
  if (!rc) rc = check_new(db, a, clean, keys, n);
  if (!rc) rc = insert_terms(db, who, a, grp, clean, n, lang, create ? "synonym.group_add" : "synonym.add");
  if (!rc) rc = db_commit(db);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  if (grp_out) *grp_out = grp;
  return MJ_OK;
}

int synonyms_add_group(Db *db, const Actor *who, Arena *a, const char *const *terms, int n, const char *lang,
                       int64_t *grp) {
  return add_common(db, who, a, 0, 1, terms, n, lang, grp);
}

int synonyms_add_terms(Db *db, const Actor *who, Arena *a, int64_t grp, const char *const *terms, int n,
                       const char *lang) {
  return add_common(db, who, a, grp, 0, terms, n, lang, NULL);
}

int synonyms_remove_term(Db *db, const Actor *who, Arena *a, int64_t id, const char *term, int64_t *grp_out) {
  no_problem();
  int rc = may_edit(who);
  if (rc) return rc;
  const char *key = NULL;
  if (!id) {
    const char *clean;
    if ((rc = synonyms_clean(a, term, &clean))) return rc;
    key = synonyms_key(a, clean);
  }
  if ((rc = db_begin(db))) return rc;
  int64_t grp = 0;
  const char *text = NULL;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, grp, term FROM search_synonym WHERE ?1 = 0 OR id = ?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, id);
    while (!text && sqlite3_step(st) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(st, 2);
      if (!key || strcmp(synonyms_key(a, t ? t : ""), key) == 0) {
        id = sqlite3_column_int64(st, 0);
        grp = sqlite3_column_int64(st, 1);
        text = arena_strdup(a, t ? t : "");
      }
    }
    db_done(st);
  }
  if (!rc && !text) {
    rc = key ? problem(SYN_PROBLEM_NO_TERM, term, NULL, 0, mj_fail(MJ_ENOTFOUND, "no synonym group has the term \"%s\"", term))
             : problem(SYN_PROBLEM_NO_TERM, NULL, NULL, 0, mj_fail(MJ_ENOTFOUND, "there is no synonym term %lld", (long long)id));
    tl_problem.id = key ? 0 : id;
  }
  if (!rc) {
    st = db_stmt(db, "DELETE FROM search_synonym WHERE id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, id);
      if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "removing a synonym term");
      db_done(st);
    }
  }
  if (!rc)
    rc = audit_append(db, who, "synonym.remove", arena_printf(a, "synonym_group/%lld", (long long)grp),
                      "term \"%s\" removed", text);
  if (!rc) rc = db_commit(db);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  if (grp_out) *grp_out = grp;
  return MJ_OK;
}

int synonyms_remove_group(Db *db, const Actor *who, int64_t grp, int *n_out) {
  no_problem();
  int rc = may_edit(who);
  if (rc) return rc;
  if ((rc = db_begin(db))) return rc;
  int n = 0;
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM search_synonym WHERE grp=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, grp);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "removing a synonym group");
    else n = sqlite3_changes(db_handle(db));
    db_done(st);
  }
  if (!rc && !n) rc = problem(SYN_PROBLEM_NO_GROUP, NULL, NULL, grp, mj_fail(MJ_ENOTFOUND, "there is no synonym group %lld", (long long)grp));
  if (!rc) {
    char obj[48];
    snprintf(obj, sizeof obj, "synonym_group/%lld", (long long)grp);
    rc = audit_append(db, who, "synonym.group_remove", obj, "synonym group removed with its %d term%s", n, n == 1 ? "" : "s");
  }
  if (!rc) rc = db_commit(db);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  if (n_out) *n_out = n;
  return MJ_OK;
}

/* ---- reading ---- */

/* Rows ordered by group then id, gathered into groups. grp 0: all. */
static int read_groups(Db *db, Arena *a, int64_t only, SynGroup **out, int *nout) {
  *out = NULL;
  *nout = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id, grp, term, lang, created_by, created_at FROM search_synonym "
                                 "WHERE ?1 = 0 OR grp = ?1 ORDER BY grp, id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, only);
  int cap = 0, n = 0;
  SynGroup *g = NULL;
  int rc = MJ_OK, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t grp = sqlite3_column_int64(st, 1);
    if (!n || g[n - 1].grp != grp) {
      if (n == cap) {
        int ncap = cap ? cap * 2 : 16;
        SynGroup *ng = arena_alloc(a, sizeof *ng * (size_t)ncap);
        if (n) memcpy(ng, g, sizeof *ng * (size_t)n);
        g = ng;
        cap = ncap;
      }
      memset(&g[n], 0, sizeof g[n]);
      g[n].grp = grp;
      n++;
    }
    SynGroup *cur = &g[n - 1];
    /* grow the group's terms by doubling in the arena */
    if (!(cur->n & (cur->n - 1))) {
      int ncap = cur->n ? cur->n * 2 : 1;
      SynTerm *nt = arena_alloc(a, sizeof *nt * (size_t)ncap);
      if (cur->n) memcpy(nt, cur->terms, sizeof *nt * (size_t)cur->n);
      cur->terms = nt;
    }
    SynTerm *t = &cur->terms[cur->n++];
    t->id = sqlite3_column_int64(st, 0);
    t->grp = grp;
    t->term = col(a, st, 2);
    t->lang = col(a, st, 3);
    t->created_by = col(a, st, 4);
    t->created_at = col(a, st, 5);
  }
  if (step != SQLITE_DONE) rc = db_err(db, "reading synonyms");
  db_done(st);
  *out = g;
  *nout = n;
  return rc;
}

int synonyms_list(Db *db, Arena *a, SynGroup **groups, int *n) { return read_groups(db, a, 0, groups, n); }

int synonyms_find(Db *db, Arena *a, const char *term, SynGroup *g) {
  memset(g, 0, sizeof *g);
  const char *clean;
  int rc = synonyms_clean(a, term, &clean);
  if (rc) return rc;
  const char *key = synonyms_key(a, clean);
  int64_t grp = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT grp, term FROM search_synonym");
  if (!st) return MJ_EIO;
  while (!grp && sqlite3_step(st) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 1);
    if (strcmp(synonyms_key(a, t ? t : ""), key) == 0) grp = sqlite3_column_int64(st, 0);
  }
  db_done(st);
  if (!grp) return mj_fail(MJ_ENOTFOUND, "no synonym group has the term \"%s\"", clean);
  SynGroup *gs;
  int n;
  if ((rc = read_groups(db, a, grp, &gs, &n))) return rc;
  if (n != 1) return mj_fail(MJ_ENOTFOUND, "no synonym group has the term \"%s\"", clean);
  *g = gs[0];
  return MJ_OK;
}
