/*
** parl: read models of the parliament for pages, the API and the command
** line: the chamber, bodies, sittings with their agendas, attendance,
** speeches and votes. Rows are allocated in the caller's arena.
*/
#ifndef MJ_PARL_H
#define MJ_PARL_H

#include <stdint.h>

#include "db.h"

typedef struct Names {
  const char *ar, *en, *az;
} Names;

typedef struct OrgRow {
  int64_t id, parent_id;
  const char *ident, *classification;
  Names name;
  int seats;
  int members; /* current members */
} OrgRow;

typedef struct SittingRow {
  int64_t id, body_id;
  Names body;
  const char *body_class;
  int number;
  const char *date, *start_time, *place, *status;
  int term, session;
  const char *session_kind;
  int items, present, speeches, votes; /* speeches: the public ones (view public_speech) */
  int record_pending; /* its record is in the Hansard workflow with no edition published yet */
} SittingRow;

typedef struct AgendaRow {
  int64_t id, parent_id;
  int position;
  const char *kind, *title;
} AgendaRow;

typedef struct SpeechRow {
  int64_t id, person_id, agenda_item_id;
  int position;
  Names speaker;
  const char *role, *kind, *lang, *label, *start_time, *text;
} SpeechRow;

typedef struct VoteRow {
  int64_t id, agenda_item_id, sitting_id;
  const char *title, *method, *rule, *status, *result, *opened_at, *closed_at;
  int yes, no, abstain;
} VoteRow;

typedef struct SittingDetail {
  SittingRow s;
  AgendaRow *items;
  int nitems;
  SpeechRow *speeches;
  int nspeeches;
  VoteRow *votes;
  int nvotes;
  int members, excused, absent;
} SittingDetail;

/* The chamber: the first organisation classified 'chamber'. */
int parl_chamber(Db *db, Arena *a, OrgRow *out);
/* Bodies of one classification ("committee", "party", ...), by name. */
int parl_orgs(Db *db, Arena *a, const char *classification, OrgRow **rows, int *n);

typedef enum { SITTINGS_ALL = 0, SITTINGS_UPCOMING, SITTINGS_RECENT } SittingWhen;
/* Sittings relative to `today` (YYYY-MM-DD): upcoming ones in date order,
** recent ones newest first; at most `limit` (1..500). */
int parl_sittings(Db *db, Arena *a, SittingWhen when, const char *today, int64_t body_id, int limit,
                  SittingRow **rows, int *n);
int parl_sitting(Db *db, Arena *a, int64_t id, SittingDetail *out);

/* The latest closed votes of every body, newest first (limit 1..100). */
int parl_recent_votes(Db *db, Arena *a, int limit, VoteRow **rows, int *n);

typedef struct ParlStats {
  int64_t persons, organizations, sittings, speeches, votes, events;
} ParlStats;
int parl_stats(Db *db, ParlStats *out);

/* Picks the name in the language code wanted ("ar", "en", "az"), falling
** back to Arabic, which every record has. */
const char *parl_name(const Names *n, const char *lang);

#endif
