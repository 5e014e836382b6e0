/*
** hansard_int.h: private to the hansard module's files (hansard.c,
** hansard_flow.c, hansard_import.c, hansard_diff.c).
*/
#ifndef MJ_HANSARD_INT_H
#define MJ_HANSARD_INT_H

#include "hansard.h"

/* An arena copy of a text column (NULL for SQL NULL). */
const char *hansard_col(Arena *a, sqlite3_stmt *st, int i);
/* Grows an arena array of `size`-byte rows to hold n + 1 (doubling). */
void *hansard_grow(Arena *a, void *v, int n, int *cap, size_t size);

/* Shared by the workflow files (hansard_flow.c). */
struct json_t;
void hansard_now_iso(char out[32]);
int hansard_deny(const MeetingActor *w, const char *what);
/* Commits (and notifies live listeners) when rc is MJ_OK, else rolls back;
** returns rc or the commit's error. */
int hansard_finish(Db *db, int rc);
/* Appends a live event; takes ownership of payload. */
int hansard_emit(Db *db, int64_t sitting, const char *type, struct json_t *payload);
int hansard_step(Db *db, sqlite3_stmt *st, const char *what);
int hansard_iso_ms(const char *s, int64_t *ms);
int hansard_text_ok(const char *s);
int hansard_ensure_row(Db *db, int64_t sitting, int *created);
int hansard_sections_link(Db *db, int64_t sitting);
int hansard_status_of(Db *db, int64_t sitting, char out[16]);
int hansard_reporters(Db *db, Arena *a, const char *names, int64_t **ids, int *n);
int64_t hansard_media_zero(Db *db, int64_t sitting);
int hansard_extend_takes(Db *db, int64_t sitting, int64_t upto_ms, int seconds, const int64_t *rep, int nrep,
                         const char *by, int *created);

#endif
