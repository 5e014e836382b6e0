/*
** demo: a deterministic demonstration parliament. The same seed and the
** same anchor date always give the same database content (apart from the
** administrator's password, which is drawn from the system's randomness).
*/
#ifndef MJ_DEMO_H
#define MJ_DEMO_H

#include <stdint.h>

#include "audit.h"
#include "db.h"

typedef struct DemoOptions {
  uint64_t seed;
  const char *today;        /* YYYY-MM-DD anchor: sittings fall before and after it */
  const char *members_file; /* Popolo file of real members, or NULL for generated ones */
  void (*progress)(const char *step, void *arg);
  void *arg;
} DemoOptions;

typedef struct DemoResult {
  int members, committees, blocs, sittings, agenda_items, speeches, votes, ballots;
  int present_today; /* members checked in to the sitting in progress */
  char admin_user[32];
  char admin_password[32];
} DemoResult;

/* Fills an empty database (one transaction; nothing is written on error). */
int demo_create(Db *db, const Actor *who, const DemoOptions *o, DemoResult *res);

/* The demo's electronic Hansard (demo_hansard.c), after the parliament is
** built: staff accounts reporter1, reporter2, editor, certifier and member1
** with `password`; the oldest of the last three chamber sittings published
** (provisional, then final), the other two as speech-recognition drafts
** (one partly edited). Each step is its own transaction. */
int demo_hansard(Db *db, const Actor *who, uint64_t seed, const char *password);

#endif
