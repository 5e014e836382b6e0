/*
** audit: the tamper-evident trail. Every state change made through the
** domain layer appends one row in the same transaction as the change.
** hash = SHA-256(previous hash || canonical encoding of this row), where the
** canonical encoding is each field as a netstring ("<len>:<bytes>,") in the
** order id, at, user_id, user_name, address, action, object, summary.
*/
#ifndef MJ_AUDIT_H
#define MJ_AUDIT_H

#include <stdint.h>

#include "db.h"

/* Who is acting: a signed-in user, a token, or the command line. */
typedef struct Actor {
  int64_t user_id;       /* 0: no user (the command line or the system) */
  const char *user_name; /* "cli:root", "system", a user name */
  const char *address;   /* client address, or "local" */
  unsigned caps;         /* capabilities (see user.h); ~0u for the command line */
} Actor;

/* The command line acts with every capability as "cli:<login name>". */
Actor audit_cli_actor(void);

/* Appends a row; must run inside the caller's write transaction. summary is
** a short human-readable description (printf-style). */
int audit_append(Db *db, const Actor *who, const char *action, const char *object,
                 const char *summary_fmt, ...) MJ_PRINTF(5, 6);

/* Walks the chain from the first row. MJ_OK if intact; otherwise MJ_EINVAL,
** *bad_id set to the first row whose content or order was altered, and
** mj_errmsg() saying what. *count receives the number of rows checked. */
int audit_verify(Db *db, int64_t *bad_id, int64_t *count);

/* Writes rows at or after `since` (an ISO date or date-time, or NULL for all)
** as JSON lines to fp. */
int audit_export(Db *db, const char *since, void *fp);

#endif
