/*
** user.c: the role matrix, password hashing (argon2id in the PHC string
** format, so the parameters travel with each hash) and account creation.
*/
#include "user.h"

#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ALL_CAPS 0xffffu

static const RoleDef roles[] = {
  {"administrator", "Administrator", ALL_CAPS & ~(unsigned)CAP_MEMBER_ACT, 1},
  {"clerk", "Sittings clerk", CAP_READ_PUBLIC | CAP_SITTING_PREPARE, 1},
  {"presiding", "Presiding officer", CAP_READ_PUBLIC | CAP_SITTING_PRESIDE | CAP_SITTING_PREPARE, 1},
  {"member", "Member", CAP_READ_PUBLIC | CAP_MEMBER_ACT, 0},
  {"reporter", "Hansard reporter", CAP_READ_PUBLIC | CAP_HANSARD_REPORT, 0},
  {"editor", "Hansard editor", CAP_READ_PUBLIC | CAP_HANSARD_REPORT | CAP_HANSARD_EDIT, 1},
  {"certifier", "Hansard certifier", CAP_READ_PUBLIC | CAP_HANSARD_EDIT | CAP_HANSARD_CERTIFY, 1},
  {"committee_secretary", "Committee secretary", CAP_READ_PUBLIC | CAP_COMMITTEE, 0},
  {"relations", "Relations officer", CAP_READ_PUBLIC | CAP_RELATIONS, 0},
  {"data_officer", "Data officer", CAP_READ_PUBLIC | CAP_DATA | CAP_DATA_READ, 1},
  {"researcher", "Researcher (restricted data)", CAP_READ_PUBLIC | CAP_DATA_READ, 0},
  {"ai_officer", "AI governance officer", CAP_READ_PUBLIC | CAP_AI_GOVERN | CAP_AUDIT, 0},
  {"staff", "Staff", CAP_READ_PUBLIC | CAP_STAFF, 0},
  {"public", "Public (anonymous)", CAP_READ_PUBLIC, 0},
};

const RoleDef *user_roles(int *n) {
  *n = (int)MJ_COUNT(roles);
  return roles;
}

const RoleDef *user_role_find(const char *name) {
  for (size_t i = 0; i < MJ_COUNT(roles); i++)
    if (strcmp(roles[i].name, name) == 0) return &roles[i];
  return NULL;
}

static const char *cap_names[] = {"read public", "users",   "audit",   "prepare sittings",
                                  "preside",     "act as member", "report", "edit record",
                                  "certify record", "committees", "relations", "data",
                                  "AI governance", "staff",  "settings", "read restricted data"};
const char *user_cap_name(int bit) {
  return bit >= 0 && bit < (int)MJ_COUNT(cap_names) ? cap_names[bit] : "?";
}
int user_cap_count(void) { return (int)MJ_COUNT(cap_names); }

/* A short list of the passwords most often found in breach corpora; the
** length rule already excludes most of them, the rest are caught here. */
static const char *common_pw[] = {
  "123456789012", "password1234", "qwertyuiopas", "111111111111", "000000000000",
  "123123123123", "abcdefghijkl", "passwordpassword", "iloveyou1234", "administrator",
  "adminadminadmin", "letmeinletmein", "welcome12345", "qwerty123456", "1q2w3e4r5t6y",
  "password12345", "majlismajlis", "parliament123", "qwertyqwerty", "123456123456",
};

int user_password_acceptable(const char *pw) {
  size_t n = strlen(pw);
  if (n < 12) return mj_fail(MJ_EINVAL, "a password needs at least 12 characters (this one has %zu)", n);
  if (n > 256) return mj_fail(MJ_EINVAL, "a password may have at most 256 characters");
  for (size_t i = 0; i < MJ_COUNT(common_pw); i++)
    if (strcasecmp(pw, common_pw[i]) == 0)
      return mj_fail(MJ_EINVAL, "that password is on the list of common passwords; choose another");
  size_t same = 1;
  for (size_t i = 1; i < n; i++) same += pw[i] == pw[0];
  if (same == n) return mj_fail(MJ_EINVAL, "a password of one repeated character is too easy to guess");
  return MJ_OK;
}

/* argon2id parameters: 19 MiB, 2 passes, 1 lane (the OWASP baseline). */
#define PW_T 2
#define PW_M 19456
#define PW_P 1

int user_password_hash(const char *pw, char **out) {
  unsigned char salt[16];
  mj_random_bytes(salt, sizeof salt);
  size_t enclen = argon2_encodedlen(PW_T, PW_M, PW_P, sizeof salt, 32, Argon2_id);
  char *enc = xmalloc(enclen);
  int rc = argon2id_hash_encoded(PW_T, PW_M, PW_P, pw, strlen(pw), salt, sizeof salt, 32, enc, enclen);
  if (rc != ARGON2_OK) {
    free(enc);
    return mj_fail(MJ_EINTERNAL, "password hashing failed: %s", argon2_error_message(rc));
  }
  *out = enc;
  return MJ_OK;
}

int user_password_hash_outdated(const char *stored) {
  char want[64];
  snprintf(want, sizeof want, "$argon2id$v=19$m=%d,t=%d,p=%d$", PW_M, PW_T, PW_P);
  return stored && !mj_startswith(stored, want);
}

int user_password_verify(const char *stored, const char *pw) {
  if (!stored || !mj_startswith(stored, "$argon2id$")) return 0;
  return argon2id_verify(stored, pw, strlen(pw)) == ARGON2_OK;
}

void user_password_generate(char *out, size_t n) {
  static const char alpha[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  unsigned char r[128];
  if (n > sizeof r) n = sizeof r;
  for (;;) {
    mj_random_bytes(r, n);
    for (size_t i = 0; i < n; i++) out[i] = alpha[r[i] % (sizeof alpha - 1)];
    out[n] = 0;
    if (user_password_acceptable(out) == MJ_OK) return;
  }
}

int user_create(Db *db, const Actor *who, const char *name, const char *display_ar,
                const char *display_latin, const char *rolelist, int64_t person_id,
                const char *password, int64_t *id) {
  if (!(who->caps & CAP_USERS)) return mj_fail(MJ_EDENIED, "only an administrator may create users");
  size_t nl = strlen(name);
  if (nl < 1 || nl > 64) return mj_fail(MJ_EINVAL, "a user name has 1 to 64 characters");
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
      return mj_fail(MJ_EINVAL, "user name '%s': use lowercase Latin letters, digits, '.', '_' or '-'", name);
  /* validate every role before writing anything */
  char *list = xstrdup(rolelist ? rolelist : "");
  int nroles = 0;
  for (char *save = NULL, *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
    if (!user_role_find(r) || strcmp(r, "public") == 0) {
      int rc = mj_fail(MJ_EINVAL, "unknown role '%s'; 'majlis help roles' lists them", r);
      free(list);
      return rc;
    }
    nroles++;
  }
  free(list);
  if (!nroles) {
    return mj_fail(MJ_EINVAL, "a user needs at least one role");
  }
  char *hash = NULL;
  int rc = MJ_OK;
  if (password) {
    if ((rc = user_password_acceptable(password))) return rc;
    if ((rc = user_password_hash(password, &hash))) return rc;
  }
  if ((rc = db_begin(db))) goto done;
  char at[32];
  mj_iso8601(mj_now_ms() / 1000, at, sizeof at);
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO user(name,display_ar,display_latin,person_id,pw_hash,created_at) "
                                 "VALUES(?1,?2,?3,?4,?5,?6)");
  if (!st) {
    rc = MJ_EIO;
    goto fail;
  }
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, display_ar, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, display_latin, -1, SQLITE_STATIC);
  if (person_id > 0) sqlite3_bind_int64(st, 4, person_id);
  sqlite3_bind_text(st, 5, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = (sqlite3_extended_errcode(db_handle(db)) == SQLITE_CONSTRAINT_UNIQUE)
             ? mj_fail(MJ_ECONFLICT, "a user named '%s' already exists", name)
             : db_err(db, "creating the user");
    db_done(st);
    goto fail;
  }
  db_done(st);
  int64_t uid = sqlite3_last_insert_rowid(db_handle(db));
  list = xstrdup(rolelist);
  for (char *save = NULL, *r = strtok_r(list, ",", &save); r && !rc; r = strtok_r(NULL, ",", &save)) {
    st = db_stmt(db, "INSERT OR IGNORE INTO user_role(user_id, role) VALUES(?1,?2)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, r, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "assigning a role");
    db_done(st);
  }
  free(list);
  if (rc) goto fail;
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)uid);
  if ((rc = audit_append(db, who, "user.create", obj, "created user %s with roles %s", name, rolelist)))
    goto fail;
  if ((rc = db_commit(db))) goto fail;
  if (id) *id = uid;
  goto done;
fail:
  db_rollback(db);
done:
  free(hash);
  return rc;
}
