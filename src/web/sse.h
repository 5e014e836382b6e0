/*
** sse: the live-event hub behind GET /api/v1/events. Idle clients are
** suspended MHD connections, so they cost no thread and no polling; when an
** event is committed (or a heartbeat falls due) the hub resumes exactly the
** clients concerned, and each writes what it has not yet sent from an
** in-memory ring of recent events, reading older ones from the database.
*/
#ifndef MJ_SSE_H
#define MJ_SSE_H

#include <stdint.h>

#include "web.h"

struct MHD_Response;

/* Starts the hub thread (its own database connection for new events). */
int sse_init(const char *db_path, int heartbeat_ms);
/* Ends every stream and stops the hub; safe to call twice. */
void sse_stop(void);
/* Makes r a stream: events after last_id (0 with `from_now`: only new ones)
** for one sitting (0: all). */
void sse_open(Req *r, int64_t sitting_id, int64_t last_id, int from_now);
struct MHD_Response *sse_response(Req *r);
/* Number of connected clients (for health and the benchmark). */
int sse_clients(void);

#endif
