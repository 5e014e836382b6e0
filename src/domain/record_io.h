/*
** record_io: sittings' records in and out of the database for the record
** formats (Akoma Ntoso, ParlaMint TEI, ParlParse). The readers in
** src/formats/ turn a file into a RecDoc; recio_import writes it as a
** sitting with its record (sections, speeches, speakers, divisions) in one
** transaction, with an audit row; recio_load reads a sitting back into a
** RecDoc for the writers.
**
** Re-importing never duplicates: a source already imported with the same
** bytes (record_source: scheme, ident, sha256) changes nothing; persons are
** matched on person_identifier (scheme akn / parlamint / parlparse);
** divisions on vote_event.ident. A source imported before with different
** bytes is refused (MJ_ECONFLICT) unless `replace` is set and the record is
** still in drafting: then the sitting's imported record is replaced.
*/
#ifndef MJ_RECORD_IO_H
#define MJ_RECORD_IO_H

#include <stdint.h>

#include "audit.h"
#include "db.h"
#include "recdoc.h"

typedef struct RecImportOptions {
  const char *body; /* the chamber: organisation id or ident; NULL: the file's, found or created */
  int replace;      /* replace an earlier import of the same source with other bytes */
} RecImportOptions;

typedef struct RecImportReport {
  int sittings, sittings_unchanged, replaced;
  int sections, speeches, speakers;        /* speakers: distinct persons who speak */
  int persons_added, persons_matched;
  int votes, votes_unchanged, ballots;
  int64_t sitting_id;
} RecImportReport;

/* Imports d (CAP_HANSARD_EDIT or CAP_DATA) in one transaction; the report
** adds to *r. On any error nothing is written and *r is unchanged. */
int recio_import(Db *db, const Actor *who, RecDoc *d, const RecImportOptions *o, RecImportReport *r);

/* Reads sitting `sitting` into d (recdoc_init'ed by the caller): sitting
** facts, the chamber, sections, speeches in order, and the persons who speak
** with their identifiers (the 'akn' one, else 'parlamint', else their
** ident). MJ_ENOTFOUND when there is no such sitting. */
int recio_load(Db *db, int64_t sitting, RecDoc *d);

/* The sitting's record as the public has it (the rule of schema 12): its
** latest published edition, as that edition printed it (sections, speeches,
** speakers); a sitting that never entered the Hansard workflow (no record
** row: generated records) as stored. MJ_ENOTFOUND when there is no such
** sitting, or when its record has no published edition yet (a draft is
** never exported under the record's name; recio_load is the staff's view).
** d->status is then the edition's kind (provisional, final). */
int recio_load_public(Db *db, int64_t sitting, RecDoc *d);
/* Sitting `sitting` as its edition `edition` (an edition row's id) printed
** it; MJ_ENOTFOUND when that is not an edition of the sitting. */
int recio_load_edition(Db *db, int64_t sitting, int64_t edition, RecDoc *d);

/* Resolves --body: an organisation's id or ident; MJ_ENOTFOUND otherwise. */
int recio_body(Db *db, const char *body, int64_t *id);

#endif
