/*
** cmd_synonyms.c: `majlis synonyms list|add|remove`, the command-line face
** of the editors' search synonyms (src/domain/synonyms.h; doc/search-saved.md,
** "Synonyms"). Every rule lives in the domain; this file reads arguments,
** calls it and prints. Changes are audited as cli:<login name>.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "audit.h"
#include "db.h"
#include "synonyms.h"

#define SYN_USAGE                                                                                          \
  "usage: majlis synonyms list [--json] | majlis synonyms add TERM TERM... [--lang L] | "                   \
  "majlis synonyms add --group N TERM... | majlis synonyms remove TERM | majlis synonyms remove --group N"

static int list_groups(Db *db, Arena *ar, int json) {
  SynGroup *g;
  int n;
  int rc = synonyms_list(db, ar, &g, &n);
  if (rc) return rc;
  if (json) {
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
      json_t *terms = json_array();
      for (int k = 0; k < g[i].n; k++) {
        const SynTerm *t = &g[i].terms[k];
        json_array_append_new(terms, json_pack("{s:I,s:s,s:s?,s:s,s:s}", "id", (json_int_t)t->id, "term", t->term, "lang",
                                               t->lang, "created_by", t->created_by, "created_at", t->created_at));
      }
      json_array_append_new(arr, json_pack("{s:I,s:o}", "group", (json_int_t)g[i].grp, "terms", terms));
    }
    json_t *o = json_pack("{s:o}", "groups", arr);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (s) printf("%s\n", s);
    free(s);
    return MJ_OK;
  }
  for (int i = 0; i < n; i++) {
    printf("group %lld:", (long long)g[i].grp);
    for (int k = 0; k < g[i].n; k++) {
      const SynTerm *t = &g[i].terms[k];
      printf("%s %s", k ? " |" : "", t->term);
      if (t->lang) printf(" [%s]", t->lang);
    }
    printf("\n");
  }
  printf("%d group%s\n", n, n == 1 ? "" : "s");
  return MJ_OK;
}

int cmd_synonyms(Args *a) {
  const char *sub = a->npos ? a->pos[0] : "";
  int list = strcmp(sub, "list") == 0, add = strcmp(sub, "add") == 0, remove = strcmp(sub, "remove") == 0;
  const char *gs = opt(a, "group");
  long long grp = 0;
  if (!list && !add && !remove) {
    mj_fail(MJ_EINVAL, "%s", SYN_USAGE);
    return fail(MJ_EINVAL);
  }
  if (gs && mj_parse_int(gs, 1, INT64_MAX, &grp)) {
    mj_fail(MJ_EINVAL, "--group takes a group's number (majlis synonyms list shows them)");
    return fail(MJ_EINVAL);
  }
  if ((list && a->npos != 1) || (add && a->npos < 2) || (remove && (gs ? a->npos != 1 : a->npos != 2))) {
    mj_fail(MJ_EINVAL, "%s", SYN_USAGE);
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  Arena *ar = arena_new();
  if (list) rc = list_groups(db, ar, opt(a, "json") != NULL);
  else if (add) {
    const char *const *terms = a->pos + 1;
    int n = a->npos - 1;
    if (gs) {
      rc = synonyms_add_terms(db, &who, ar, grp, terms, n, opt(a, "lang"));
      if (!rc) printf("added %d term%s to group %lld\n", n, n == 1 ? "" : "s", grp);
    } else {
      int64_t g = 0;
      rc = synonyms_add_group(db, &who, ar, terms, n, opt(a, "lang"), &g);
      if (!rc) printf("created group %lld with %d terms\n", (long long)g, n);
    }
  } else if (gs) {
    int n = 0;
    rc = synonyms_remove_group(db, &who, grp, &n);
    if (!rc) printf("removed group %lld (%d term%s)\n", grp, n, n == 1 ? "" : "s");
  } else {
    int64_t g = 0;
    rc = synonyms_remove_term(db, &who, ar, 0, a->pos[1], &g);
    if (!rc) printf("removed \"%s\" from group %lld\n", a->pos[1], (long long)g);
  }
  arena_free(ar);
  db_close(db);
  return rc ? fail(rc) : 0;
}
