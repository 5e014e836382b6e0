/*
** auth: who is making a request, and the account operations around it:
** sign-in with password and TOTP, sessions, CSRF tokens, API tokens,
** recovery codes and login throttling. Every state change is audited in
** its own transaction. Capabilities are computed here, once: a role's
** capabilities that can change the record or votes are withheld from a
** user who has not enrolled TOTP, unless the instance turns that off.
*/
#ifndef MJ_AUTH_H
#define MJ_AUTH_H

#include <stdint.h>

#include "audit.h"
#include "db.h"

/* Session lifetimes (seconds). */
#define AUTH_IDLE_SECONDS (30 * 60)
#define AUTH_ABSOLUTE_SECONDS (12 * 60 * 60)
#define AUTH_TOKEN_HEX 64 /* a session or API secret: 32 random bytes in hex */

typedef struct Principal {
  Actor actor;             /* user, address and effective capabilities */
  int64_t session_id;      /* 0 unless signed in with a session cookie */
  int64_t token_id;        /* 0 unless authenticated with an API token */
  int64_t person_id;
  char name[65];
  char display[201];
  char csrf[AUTH_TOKEN_HEX + 1]; /* the session's CSRF token; "" otherwise */
  unsigned role_caps;      /* capabilities of the roles, before withholding */
  int totp_enabled;
  int totp_missing;        /* capabilities withheld until TOTP is enrolled */
  char roles[256];         /* comma-separated */
} Principal;

/* The anonymous public at `address`. */
void auth_anonymous(Principal *p, const char *address);

/* Resolves a session cookie value; refreshes its idle timer. MJ_EAUTH when
** unknown, revoked, expired or the user is disabled (p is then anonymous). */
int auth_session(Db *db, const char *cookie, const char *address, Principal *p);
/* Resolves "Authorization: Bearer <token>"; MJ_EAUTH when unknown, revoked,
** expired or the user is disabled. */
int auth_bearer(Db *db, const char *token, const char *address, Principal *p);

/* Signs in. totp may be NULL or "" for users without TOTP; it may also be a
** recovery code. Unknown user, wrong password and wrong code all give the
** same MJ_EAUTH and take the same time; throttled attempts give MJ_EDENIED
** with the wait in the message. On success token_out receives the new
** session's cookie value (to be sent once) and p the principal. */
int auth_login(Db *db, const char *name, const char *password, const char *totp, const char *address,
               const char *user_agent, char token_out[AUTH_TOKEN_HEX + 1], Principal *p);
int auth_logout(Db *db, const Principal *p);

/* CSRF: 1 when `token` equals the session's CSRF token (constant time). */
int auth_csrf_ok(const Principal *p, const char *token);

typedef struct SessionRow {
  int64_t id;
  int64_t created_at, last_seen, expires_at;
  const char *address, *user_agent;
  int current;
} SessionRow;
int auth_sessions(Db *db, Arena *a, const Principal *p, SessionRow **rows, int *n);
/* Revokes one of the caller's own sessions (or any, with CAP_USERS). */
int auth_session_revoke(Db *db, const Principal *p, int64_t session_id);

/* Changes the caller's password after checking the current one; other
** sessions of the user are revoked. */
int auth_password_change(Db *db, const Principal *p, const char *current, const char *fresh);

/* TOTP enrolment: begin stores a pending secret and returns its base32 form
** and otpauth URI (arena); confirm checks a code against it, enables TOTP
** and returns ten new recovery codes (each "xxxxx-xxxxx"). */
int auth_totp_begin(Db *db, Arena *a, const Principal *p, const char **secret_b32, const char **uri);
int auth_totp_confirm(Db *db, const Principal *p, const char *code, char codes[10][12]);
/* Removes TOTP after checking the password. */
int auth_totp_remove(Db *db, const Principal *p, const char *password);
int auth_recovery_regenerate(Db *db, const Principal *p, char codes[10][12]);
/* For the command line: enrols user `name` at once (administrator). */
int auth_totp_enrol_direct(Db *db, Arena *a, const Actor *who, const char *name, const char **secret_b32,
                           const char **uri, char codes[10][12]);

/* The otpauth URI for a base32 secret. */
const char *auth_totp_uri(Arena *a, const char *account, const char *secret_b32);
/* The current TOTP code for a base32 secret at time t (tests, the CLI). */
int auth_totp_code(const char *secret_b32, int64_t t, char out[7]);

typedef struct TokenRow {
  int64_t id;
  const char *name, *user;
  int64_t created_at, expires_at, last_used;
  int revoked;
} TokenRow;
/* Creates an API token for user `user_name` (oneself, or anyone with
** CAP_USERS), expiring after `days` (0: never). token_out gets the secret,
** shown once: "mjt_" followed by 64 hex digits. */
int auth_token_create(Db *db, const Actor *who, const char *user_name, const char *name, int days,
                      char token_out[AUTH_TOKEN_HEX + 8], int64_t *id);
int auth_token_revoke(Db *db, const Actor *who, int64_t id);
int auth_tokens(Db *db, Arena *a, const Actor *who, int all, TokenRow **rows, int *n);

/* ---- administration (CAP_USERS) ---- */
typedef struct UserRow {
  int64_t id, person_id;
  const char *name, *display_ar, *display_latin, *roles, *created_at;
  int disabled, totp;
} UserRow;
int auth_users(Db *db, Arena *a, const Actor *who, UserRow **rows, int *n);
/* Replaces a user's roles; the user's sessions are revoked (they sign in
** again with the new privileges). */
int auth_user_set_roles(Db *db, const Actor *who, const char *name, const char *roles);
int auth_user_set_disabled(Db *db, const Actor *who, const char *name, int disabled);
int auth_user_set_password(Db *db, const Actor *who, const char *name, const char *password);

/* Instance setting: is TOTP required for the roles that need it? */
int auth_totp_required(Db *db);

#endif
