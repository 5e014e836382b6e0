/*
** people: persons, organisations and memberships from Popolo files and the
** EveryPolitician members CSV, and the Popolo export (with motions, vote
** events and speeches). An import is one transaction: every record is
** checked first, any invalid one refuses the whole file, and every record
** added or changed appends an audit row. Records are matched on their
** Popolo id (our ident), then on identifiers from other schemes; what
** counts as an update and what as a conflict is in doc/popolo.md.
*/
#ifndef MJ_PEOPLE_H
#define MJ_PEOPLE_H

#include <stdint.h>
#include <stdio.h>

#include "audit.h"
#include "base.h"
#include "db.h"
#include "popolo.h"

typedef struct PeopleCounts {
  int added, updated, unchanged, conflicts;
} PeopleCounts;

typedef struct PeopleReport {
  PeopleCounts persons, orgs, memberships, posts;
  int placeholders; /* persons created only because a membership named them */
  Buf log;          /* one line per update ("updated ...") and conflict ("conflict: ...") */
} PeopleReport;

void people_report_init(PeopleReport *r);
void people_report_free(PeopleReport *r);

typedef struct PeopleOptions {
  int placeholders;        /* create a placeholder person for an unknown person_id */
  int overwrite;           /* take the file's values where they conflict */
  const char *lang;        /* CSV: the language of the names (ar|en|az), NULL: by script */
  const char *term_start;  /* CSV: when a row and the body's term give no start date */
  const char *term_end;
} PeopleOptions;

/* Imports records already read (popolo_read, popolo_read_ep_csv) in one
** transaction. body_id: for the CSV, the body every membership is in
** (memberships with organization_id NULL); 0 otherwise. Needs CAP_DATA. */
int people_import(Db *db, const Actor *who, const PopoloFile *f, int64_t body_id, const PeopleOptions *o,
                  PeopleReport *r);
int people_import_popolo(Db *db, const Actor *who, const char *path, const PeopleOptions *o, PeopleReport *r);
/* body: an organisation's database id or its ident. */
int people_import_csv(Db *db, const Actor *who, const char *path, const char *body, const PeopleOptions *o,
                      PeopleReport *r);

/* Writes the database as one Popolo JSON object: persons (with
** contact_details, biography/summary, death_date), organizations, posts,
** memberships (with post_id), motions and vote_events (from vote_event and ballot; a
** secret vote has counts but no votes), speeches. Each record is built and
** written on its own, so memory stays bounded by the largest record. */
int people_export_popolo(Db *db, FILE *fp);
/* One list of the export ("persons", "organizations", "posts",
** "memberships", "motions", "vote_events", "speeches") as {"LIST": [...]},
** or all of them when part is NULL; MJ_ENOTFOUND for an unknown list. */
int people_export_popolo_part(Db *db, const char *part, FILE *fp);

#endif
