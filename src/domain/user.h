/*
** user: accounts, roles and capabilities. A role is a named set of
** capabilities; the domain layer checks capabilities, never role names, so
** the matrix lives in one table (user.c) that `majlis help roles` prints.
*/
#ifndef MJ_USER_H
#define MJ_USER_H

#include <stdint.h>

#include "audit.h"
#include "db.h"

enum {
  CAP_READ_PUBLIC = 1u << 0,   /* read what the public may read */
  CAP_USERS = 1u << 1,         /* manage users, roles, tokens */
  CAP_AUDIT = 1u << 2,         /* read and export the audit trail */
  CAP_SITTING_PREPARE = 1u << 3, /* schedule sittings, agendas, attendance (clerk) */
  CAP_SITTING_PRESIDE = 1u << 4, /* open items, call speakers, open/close votes */
  CAP_MEMBER_ACT = 1u << 5,    /* check in, ask to speak, vote for oneself */
  CAP_HANSARD_REPORT = 1u << 6,
  CAP_HANSARD_EDIT = 1u << 7,
  CAP_HANSARD_CERTIFY = 1u << 8,
  CAP_COMMITTEE = 1u << 9,
  CAP_RELATIONS = 1u << 10,
  CAP_DATA = 1u << 11,
  CAP_AI_GOVERN = 1u << 12,
  CAP_STAFF = 1u << 13,
  CAP_SETTINGS = 1u << 14,     /* instance settings, backups */
  CAP_DATA_READ = 1u << 15     /* read restricted datasets (open data; doc/opendata.md) */
};

typedef struct RoleDef {
  const char *name;    /* "administrator", "clerk", ... */
  const char *title;   /* English title, translated in pages */
  unsigned caps;
  int needs_totp;      /* can change the record or votes */
} RoleDef;

const RoleDef *user_roles(int *n);
const RoleDef *user_role_find(const char *name);
/* Capability names in bit order, for the matrix. */
const char *user_cap_name(int bit);
int user_cap_count(void);

/* Checks a new password: length and the list of common passwords. */
int user_password_acceptable(const char *pw);
/* argon2id hash in the PHC string format (caller frees). */
int user_password_hash(const char *pw, char **out);
/* 1 when a stored hash was made with other parameters than today's (so a
** successful sign-in should rehash the password). */
int user_password_hash_outdated(const char *stored);
/* 1 when pw matches the stored PHC string, 0 otherwise. */
int user_password_verify(const char *stored, const char *pw);
/* A random password of n (>= 12) characters from an unambiguous alphabet. */
void user_password_generate(char *out, size_t n);

/* Creates a user with roles (comma-separated names); inside its own
** transaction, audited. *id (may be NULL) receives the new id. */
int user_create(Db *db, const Actor *who, const char *name, const char *display_ar,
                const char *display_latin, const char *roles, int64_t person_id,
                const char *password, int64_t *id);

#endif
