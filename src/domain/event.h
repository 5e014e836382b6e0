/*
** event: the live-event log. A domain change that a screen must show
** appends an event (monotonic id, sitting, type, JSON payload) in its own
** transaction, then calls event_notify() after commit so that listeners
** (the web server's live hub) pick it up at once.
*/
#ifndef MJ_EVENT_H
#define MJ_EVENT_H

#include <stdint.h>

#include "db.h"

/* Inserts one event; run inside the caller's write transaction. payload must
** be a JSON object text. *id (may be NULL) receives its id. */
int event_append(Db *db, int64_t sitting_id, const char *type, const char *payload, int64_t *id);
/* Registers the one process-wide listener (called with no locks held). */
void event_set_listener(void (*fn)(void));
/* Tells the listener that new events were committed. */
void event_notify(void);
/* The highest event id (0 when none). */
int64_t event_last_id(Db *db);

#endif
