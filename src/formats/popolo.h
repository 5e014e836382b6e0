/*
** popolo: reading Popolo JSON (persons for now; organisations, memberships
** and votes come with the members issue). Knows files and JSON, nothing of
** the database.
*/
#ifndef MJ_POPOLO_H
#define MJ_POPOLO_H

#include "base.h"

typedef struct PopoloPerson {
  const char *id, *name, *image, *gender, *email;
  const char *legacy_id; /* an identifier from another scheme, if any */
} PopoloPerson;

/* Reads the "persons" array of a Popolo file into arena-allocated rows.
** MJ_EINVAL with the file and the JSON error position on malformed input;
** persons without an id or a name are refused with their index. */
int popolo_read_persons(const char *path, Arena *a, PopoloPerson **out, int *n);

#endif
