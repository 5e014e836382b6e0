/*
** cmd_search.c: `majlis search --rebuild [--db FILE]`, one command that
** rebuilds every search structure after an analyzer change (or after
** `majlis check` found the index damaged): our postings (search_term,
** search_block, search_pos, search_doc, search_stat; src/text/sindex.c),
** which every search, the member portal, the spelling suggestions and
** "more like this" read (since schema 15 there is no FTS5 index beside
** it). One transaction, audited as search.rebuild.
*/
#include <stdio.h>

#include "audit.h"
#include "cli.h"
#include "db.h"
#include "sindex.h"

int cmd_search_rebuild(Args *a) {
  if (a->npos) {
    mj_fail(MJ_EINVAL, "usage: majlis search --rebuild [--db FILE] (no query with --rebuild)");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  int64_t t0 = mj_mono_ms(), n = 0;
  progress("rebuilding the search index", NULL);
  Actor who = audit_cli_actor();
  rc = db_begin(db);
  if (!rc) rc = sindex_rebuild(db_handle(db), &n);
  int64_t terms = rc ? 0 : db_int(db, "SELECT count(*) FROM search_term", 0, 0, 0);
  if (!rc)
    rc = audit_append(db, &who, "search.rebuild", "search_index", "search index rebuilt: %lld speeches, %lld terms",
                      (long long)n, (long long)terms);
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  if (!rc)
    printf("search index rebuilt: %lld speeches, %lld terms, %.2f s\n", (long long)n, (long long)terms,
           (double)(mj_mono_ms() - t0) / 1000.0);
  db_close(db);
  return rc ? fail(rc) : 0;
}
