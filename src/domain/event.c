/* event.c: append to the live-event log and wake the listener. */
#include "event.h"

static void (*listener)(void);

int event_append(Db *db, int64_t sitting_id, const char *type, const char *payload, int64_t *id) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO event(at,sitting_id,type,payload) VALUES(?1,?2,?3,?4)");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, mj_now_ms());
  if (sitting_id > 0) sqlite3_bind_int64(st, 2, sitting_id);
  sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, payload, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "recording a live event");
  if (!rc && id) *id = sqlite3_last_insert_rowid(db_handle(db));
  db_done(st);
  return rc;
}

void event_set_listener(void (*fn)(void)) { listener = fn; }

void event_notify(void) {
  if (listener) listener();
}

int64_t event_last_id(Db *db) { return db_int(db, "SELECT max(id) FROM event", 0, 0, 0); }
