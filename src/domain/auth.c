/*
** auth.c: sign-in, sessions, TOTP, recovery codes, API tokens, throttling
** and account administration. Secrets handed out (session cookies, API
** tokens, recovery codes) are 32 random bytes (recovery codes: 50 bits) and
** only their SHA-256 is stored. TOTP secrets must be recoverable to check a
** code, so they are stored encrypted (XSalsa20-Poly1305, libsodium
** secretbox) under the instance key kept in a file beside the database.
*/
#include "auth.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *dummy_hash; /* spent on unknown users so replies take the same time */

static void init_once(void) {
  if (sodium_init() < 0) mj_die("libsodium failed to initialise");
  oath_init();
  if (user_password_hash("not a real password, only for timing", &dummy_hash)) mj_die("argon2 failed");
}

static int64_t now_s(void) { return mj_now_ms() / 1000; }

static void sha256_hex(const char *s, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
  sodium_bin2hex(out, 65, h, sizeof h);
}

/* ---- the instance key ---- */
static int key_path(Db *db, char *out, size_t n) {
  const char *env = getenv("MAJLIS_KEY_FILE");
  if (env && *env) snprintf(out, n, "%s", env);
  else snprintf(out, n, "%s.key", db_path(db));
  return MJ_OK;
}

static int load_key(Db *db, unsigned char key[crypto_secretbox_KEYBYTES], int create) {
  char path[1100];
  key_path(db, path, sizeof path);
  int fd = open(path, O_RDONLY);
  if (fd < 0 && errno == ENOENT && create) {
    unsigned char k[crypto_secretbox_KEYBYTES];
    mj_random_bytes(k, sizeof k);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      ssize_t w = write(fd, k, sizeof k);
      close(fd);
      if (w != (ssize_t)sizeof k) return mj_fail(MJ_EIO, "cannot write the instance key %s", path);
    }
    fd = open(path, O_RDONLY);
  }
  if (fd < 0)
    return mj_fail(MJ_EIO, "cannot read the instance key %s (it protects two-factor secrets; "
                           "restore it from the backup that holds the database)", path);
  ssize_t r = read(fd, key, crypto_secretbox_KEYBYTES);
  close(fd);
  if (r != crypto_secretbox_KEYBYTES) return mj_fail(MJ_EIO, "the instance key %s is damaged", path);
  return MJ_OK;
}

/* hex(nonce || secretbox(plain)) into the arena */
static int seal(Db *db, Arena *a, const char *plain, const char **out) {
  unsigned char key[crypto_secretbox_KEYBYTES];
  int rc = load_key(db, key, 1);
  if (rc) return rc;
  size_t pl = strlen(plain);
  size_t cl = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + pl;
  unsigned char *c = arena_alloc(a, cl);
  mj_random_bytes(c, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(c + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, pl, c, key);
  sodium_memzero(key, sizeof key);
  char *hex = arena_alloc(a, cl * 2 + 1);
  sodium_bin2hex(hex, cl * 2 + 1, c, cl);
  *out = hex;
  return MJ_OK;
}

static int unseal(Db *db, Arena *a, const char *hex, const char **out) {
  unsigned char key[crypto_secretbox_KEYBYTES];
  int rc = load_key(db, key, 0);
  if (rc) return rc;
  size_t hl = strlen(hex), bl;
  unsigned char *c = arena_alloc(a, hl / 2 + 1);
  if (sodium_hex2bin(c, hl / 2 + 1, hex, hl, NULL, &bl, NULL) != 0 ||
      bl < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return mj_fail(MJ_EINTERNAL, "a stored two-factor secret is damaged");
  size_t pl = bl - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  char *p = arena_alloc(a, pl + 1);
  if (crypto_secretbox_open_easy((unsigned char *)p, c + crypto_secretbox_NONCEBYTES,
                                 bl - crypto_secretbox_NONCEBYTES, c, key) != 0) {
    sodium_memzero(key, sizeof key);
    return mj_fail(MJ_EINTERNAL, "a stored two-factor secret does not open with this instance key");
  }
  sodium_memzero(key, sizeof key);
  p[pl] = 0;
  *out = p;
  return MJ_OK;
}

/* ---- principals ---- */
void auth_anonymous(Principal *p, const char *address) {
  memset(p, 0, sizeof *p);
  p->actor.user_name = "anonymous";
  p->actor.address = address ? address : "-";
  p->actor.caps = CAP_READ_PUBLIC;
}

int auth_totp_required(Db *db) {
  char *v = db_meta_get(db, "require_totp");
  int req = !(v && strcmp(v, "0") == 0);
  free(v);
  return req;
}

/* Fills p from the user row; MJ_EAUTH when missing or disabled. The strings
** in p->actor point into p itself. */
static int load_principal(Db *db, int64_t user_id, const char *address, Principal *p) {
  auth_anonymous(p, address);
  sqlite3_stmt *st = db_stmt(db, "SELECT u.name, coalesce(u.display_ar, u.name), u.person_id, u.disabled, "
                                 "u.totp_secret IS NOT NULL, "
                                 "(SELECT group_concat(role, ',') FROM (SELECT role FROM user_role "
                                 " WHERE user_id=u.id ORDER BY role)) FROM user u WHERE u.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, user_id);
  int rc = MJ_EAUTH;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 3) == 0) {
    mj_strlcpy(p->name, (const char *)sqlite3_column_text(st, 0), sizeof p->name);
    mj_strlcpy(p->display, (const char *)sqlite3_column_text(st, 1), sizeof p->display);
    p->person_id = sqlite3_column_int64(st, 2);
    p->totp_enabled = sqlite3_column_int(st, 4);
    const unsigned char *roles = sqlite3_column_text(st, 5);
    mj_strlcpy(p->roles, roles ? (const char *)roles : "", sizeof p->roles);
    rc = MJ_OK;
  }
  db_done(st);
  if (rc) {
    auth_anonymous(p, address);
    return mj_fail(MJ_EAUTH, "sign in to continue");
  }
  int required = auth_totp_required(db);
  unsigned all = CAP_READ_PUBLIC, unprotected = CAP_READ_PUBLIC;
  char list[256];
  mj_strlcpy(list, p->roles, sizeof list);
  int needs = 0;
  for (char *save = NULL, *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
    const RoleDef *d = user_role_find(r);
    if (!d) continue;
    all |= d->caps;
    if (d->needs_totp) needs = 1;
    else unprotected |= d->caps;
  }
  p->role_caps = all;
  p->totp_missing = required && needs && !p->totp_enabled;
  p->actor.caps = p->totp_missing ? unprotected : all;
  p->actor.user_id = user_id;
  p->actor.user_name = p->name;
  return MJ_OK;
}

int auth_session(Db *db, const char *cookie, const char *address, Principal *p) {
  pthread_once(&once, init_once);
  auth_anonymous(p, address);
  if (!cookie || strlen(cookie) != AUTH_TOKEN_HEX) return mj_fail(MJ_EAUTH, "sign in to continue");
  char h[65];
  sha256_hex(cookie, h);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, user_id, csrf, last_seen, expires_at, revoked FROM auth_session "
                                 "WHERE token_hash=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, h, -1, SQLITE_STATIC);
  int64_t sid = 0, uid = 0, last = 0, exp = 0;
  int revoked = 1;
  char csrf[AUTH_TOKEN_HEX + 1] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    sid = sqlite3_column_int64(st, 0);
    uid = sqlite3_column_int64(st, 1);
    mj_strlcpy(csrf, (const char *)sqlite3_column_text(st, 2), sizeof csrf);
    last = sqlite3_column_int64(st, 3);
    exp = sqlite3_column_int64(st, 4);
    revoked = sqlite3_column_int(st, 5);
  }
  db_done(st);
  int64_t now = now_s();
  if (!sid || revoked || now >= exp || now >= last + AUTH_IDLE_SECONDS)
    return mj_fail(MJ_EAUTH, "your session has ended; sign in again");
  int rc = load_principal(db, uid, address, p);
  if (rc) return rc;
  p->session_id = sid;
  mj_strlcpy(p->csrf, csrf, sizeof p->csrf);
  if (now - last >= 60) { /* bookkeeping, at most once a minute */
    st = db_stmt(db, "UPDATE auth_session SET last_seen=?2 WHERE id=?1");
    if (st) {
      sqlite3_bind_int64(st, 1, sid);
      sqlite3_bind_int64(st, 2, now);
      sqlite3_step(st);
      db_done(st);
    }
  }
  return MJ_OK;
}

int auth_bearer(Db *db, const char *token, const char *address, Principal *p) {
  pthread_once(&once, init_once);
  auth_anonymous(p, address);
  if (!token || !mj_startswith(token, "mjt_") || strlen(token) != 4 + AUTH_TOKEN_HEX)
    return mj_fail(MJ_EAUTH, "the API token is not valid");
  char h[65];
  sha256_hex(token, h);
  sqlite3_stmt *st = db_stmt(db, "SELECT id, user_id, expires_at, revoked_at FROM api_token WHERE token_hash=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, h, -1, SQLITE_STATIC);
  int64_t id = 0, uid = 0, exp = 0;
  int revoked = 1;
  if (sqlite3_step(st) == SQLITE_ROW) {
    id = sqlite3_column_int64(st, 0);
    uid = sqlite3_column_int64(st, 1);
    exp = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
    revoked = sqlite3_column_type(st, 3) != SQLITE_NULL;
  }
  db_done(st);
  int64_t now = now_s();
  if (!id || revoked || (exp && now >= exp))
    return mj_fail(MJ_EAUTH, "the API token is not valid, has expired or was revoked");
  int rc = load_principal(db, uid, address, p);
  if (rc) return mj_fail(MJ_EAUTH, "the API token's user is disabled");
  p->token_id = id;
  st = db_stmt(db, "UPDATE api_token SET last_used=?2 WHERE id=?1 AND (last_used IS NULL OR last_used < ?2 - 60)");
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_step(st);
    db_done(st);
  }
  return MJ_OK;
}

int auth_csrf_ok(const Principal *p, const char *token) {
  size_t n = strlen(p->csrf);
  return n == AUTH_TOKEN_HEX && token && strlen(token) == n && mj_ct_equal(p->csrf, token, n);
}

/* ---- throttling ---- */
/* A name backs off after 3 failures and locks after 10; an address, shared
** by everyone behind it, backs off after 10 and locks after 30, so one
** person's mistakes do not lock out the rest of the office. */
#define USER_BACKOFF_AFTER 3
#define USER_LOCK_AFTER 10
#define ADDR_BACKOFF_AFTER 10
#define ADDR_LOCK_AFTER 30
#define LOCK_SECONDS 900

/* Seconds to wait before another attempt under `key` (0: go ahead). */
static int64_t throttle_wait(Db *db, const char *key, int backoff_after) {
  sqlite3_stmt *st = db_stmt(db, "SELECT failures, last_failure, locked_until FROM login_throttle WHERE key=?1");
  if (!st) return 0;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int64_t wait = 0, now = now_s();
  if (sqlite3_step(st) == SQLITE_ROW) {
    int64_t f = sqlite3_column_int64(st, 0), last = sqlite3_column_int64(st, 1),
            locked = sqlite3_column_int64(st, 2);
    if (locked > now) wait = locked - now;
    else if (f >= backoff_after) {
      int64_t backoff = f - backoff_after >= 6 ? 60 : (int64_t)1 << (f - backoff_after); /* 1, 2, 4, ... 60 s */
      if (last + backoff > now) wait = last + backoff - now;
    }
  }
  db_done(st);
  return wait;
}

static void throttle_fail(Db *db, const char *key, int lock_after) {
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO login_throttle(key, failures, last_failure) VALUES(?1, 1, ?2) "
                                 "ON CONFLICT(key) DO UPDATE SET "
                                 "failures=CASE WHEN ?2 - last_failure > ?4 THEN 1 ELSE failures+1 END, last_failure=?2, "
                                 "locked_until=CASE WHEN ?2 - last_failure <= ?4 AND failures+1 >= ?3 THEN ?2 + ?4 ELSE locked_until END");
  if (!st) return;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, now_s());
  sqlite3_bind_int(st, 3, lock_after);
  sqlite3_bind_int(st, 4, LOCK_SECONDS);
  sqlite3_step(st);
  db_done(st);
}

static void throttle_clear(Db *db, const char *key) {
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM login_throttle WHERE key=?1");
  if (!st) return;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_step(st);
  db_done(st);
}

static int revoke_all(Db *db, int64_t uid, int tokens_too);

/* ---- TOTP ---- */
const char *auth_totp_uri(Arena *a, const char *account, const char *secret_b32) {
  Buf b;
  buf_init(&b, 1024);
  buf_puts(&b, "otpauth://totp/Majlis:");
  for (const unsigned char *c = (const unsigned char *)account; *c; c++) {
    if (isalnum(*c) || *c == '.' || *c == '_' || *c == '-') buf_putc(&b, (char)*c);
    else buf_printf(&b, "%%%02X", *c);
  }
  buf_printf(&b, "?secret=%s&issuer=Majlis&algorithm=SHA1&digits=6&period=30", secret_b32);
  const char *s = arena_strdup(a, b.p);
  buf_free(&b);
  return s;
}

static int b32_decode(const char *b32, char **raw, size_t *len) {
  if (oath_base32_decode(b32, strlen(b32), raw, len) != OATH_OK) return mj_fail(MJ_EINTERNAL, "bad TOTP secret");
  return MJ_OK;
}

int auth_totp_code(const char *secret_b32, int64_t t, char out[7]) {
  pthread_once(&once, init_once);
  char *raw;
  size_t len;
  int rc = b32_decode(secret_b32, &raw, &len);
  if (rc) return rc;
  rc = oath_totp_generate(raw, len, (time_t)t, 30, 0, 6, out) == OATH_OK ? MJ_OK
                                                                       : mj_fail(MJ_EINTERNAL, "TOTP failed");
  free(raw);
  return rc;
}

/* Checks a 6-digit code against a base32 secret (one step either side) and
** that it is newer than the last accepted one. *step receives its counter. */
static int totp_check(const char *secret_b32, const char *code, int64_t last_step, int64_t *step) {
  if (!code || strlen(code) != 6) return 0;
  for (int i = 0; i < 6; i++)
    if (!isdigit((unsigned char)code[i])) return 0;
  char *raw;
  size_t len;
  if (b32_decode(secret_b32, &raw, &len)) return 0;
  int pos;
  uint64_t counter = 0;
  int rc = oath_totp_validate3(raw, len, (time_t)now_s(), 30, 0, 1, &pos, &counter, code);
  free(raw);
  if (rc < 0 || (int64_t)counter <= last_step) return 0;
  *step = (int64_t)counter;
  return 1;
}

static void new_secret(Arena *a, const char **b32) {
  unsigned char raw[20];
  mj_random_bytes(raw, sizeof raw);
  char *out;
  size_t len;
  oath_base32_encode((const char *)raw, sizeof raw, &out, &len);
  *b32 = arena_strndup(a, out, len);
  free(out);
  sodium_memzero(raw, sizeof raw);
}

static void make_recovery_codes(char codes[10][12]) {
  static const char alpha[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* 31 letters: ~4.95 bits each */
  for (int i = 0; i < 10; i++) {
    unsigned char r[10];
    mj_random_bytes(r, sizeof r);
    for (int k = 0, o = 0; k < 10; k++) {
      if (k == 5) codes[i][o++] = '-';
      codes[i][o++] = alpha[r[k] % (sizeof alpha - 1)];
    }
    codes[i][11] = 0;
  }
}

/* Replaces the user's recovery codes; inside the caller's transaction. */
static int store_recovery_codes(Db *db, int64_t uid, char codes[10][12]) {
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM recovery_code WHERE user_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, uid);
  sqlite3_step(st);
  db_done(st);
  make_recovery_codes(codes);
  for (int i = 0; i < 10; i++) {
    char h[65];
    sha256_hex(codes[i], h);
    st = db_stmt(db, "INSERT INTO recovery_code(user_id, hash) VALUES(?1, ?2)");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, h, -1, SQLITE_TRANSIENT);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    db_done(st);
    if (!ok) return db_err(db, "storing recovery codes");
  }
  return MJ_OK;
}

/* Spends a recovery code; 1 if it was valid and unused. Inside a transaction. */
static int use_recovery_code(Db *db, int64_t uid, const char *code) {
  char norm[16];
  size_t k = 0;
  for (const char *c = code; *c && k < sizeof norm - 1; c++) norm[k++] = (char)tolower((unsigned char)*c);
  norm[k] = 0;
  if (strlen(norm) != 11) return 0;
  char h[65];
  sha256_hex(norm, h);
  sqlite3_stmt *st = db_stmt(db, "UPDATE recovery_code SET used_at=datetime('now') "
                                 "WHERE user_id=?1 AND hash=?2 AND used_at IS NULL");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, uid);
  sqlite3_bind_text(st, 2, h, -1, SQLITE_STATIC);
  sqlite3_step(st);
  int used = sqlite3_changes(db_handle(db)) == 1;
  db_done(st);
  return used;
}

/* ---- sign-in ---- */
static const char WRONG[] = "the user name, password or code is wrong";

int auth_login(Db *db, const char *name, const char *password, const char *totp, const char *address,
               const char *user_agent, char token_out[AUTH_TOKEN_HEX + 1], Principal *p) {
  pthread_once(&once, init_once);
  auth_anonymous(p, address);
  token_out[0] = 0;
  if (!name || !password || strlen(name) > 64 || strlen(password) > 256) return mj_fail(MJ_EAUTH, WRONG);
  char ukey[80], akey[80];
  snprintf(ukey, sizeof ukey, "user:%s", name);
  snprintf(akey, sizeof akey, "addr:%s", address ? address : "-");
  int64_t wait = throttle_wait(db, ukey, USER_BACKOFF_AFTER), wa = throttle_wait(db, akey, ADDR_BACKOFF_AFTER);
  if (wa > wait) wait = wa;
  if (wait > 0)
    return mj_fail(MJ_EDENIED, "too many failed sign-ins; try again in %lld seconds", (long long)wait);

  sqlite3_stmt *st = db_stmt(db, "SELECT id, pw_hash, disabled, totp_secret, totp_last_step FROM user WHERE name=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int64_t uid = 0, last_step = 0;
  int disabled = 1;
  char *hash = NULL, *secret_sealed = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    uid = sqlite3_column_int64(st, 0);
    if (sqlite3_column_text(st, 1)) hash = xstrdup((const char *)sqlite3_column_text(st, 1));
    disabled = sqlite3_column_int(st, 2);
    if (sqlite3_column_text(st, 3)) secret_sealed = xstrdup((const char *)sqlite3_column_text(st, 3));
    last_step = sqlite3_column_int64(st, 4);
  }
  db_done(st);
  /* the same work whether or not the user exists */
  int ok = user_password_verify(hash ? hash : dummy_hash, password) && uid && !disabled && hash;
  int rc = db_begin(db);
  if (rc) goto out;
  int64_t step = 0;
  int used_recovery = 0;
  if (ok && secret_sealed) {
    Arena *a = arena_new();
    const char *b32 = NULL;
    if (unseal(db, a, secret_sealed, &b32)) ok = 0;
    else if (totp && totp_check(b32, totp, last_step, &step)) ok = 1;
    else if (totp && strlen(totp) >= 10 && use_recovery_code(db, uid, totp)) ok = used_recovery = 1;
    else ok = 0;
    arena_free(a);
  }
  if (!ok) {
    throttle_fail(db, ukey, USER_LOCK_AFTER);
    throttle_fail(db, akey, ADDR_LOCK_AFTER);
    Actor anon = {0, "anonymous", address ? address : "-", 0};
    audit_append(db, &anon, "auth.login_failed", uid ? "user" : "unknown", "failed sign-in as '%s'", name);
    rc = db_commit(db);
    if (!rc) rc = mj_fail(MJ_EAUTH, WRONG);
    goto out;
  }
  /* Only the name's count is cleared: a valid account must not reset the
  ** count of its address, which then decays after LOCK_SECONDS of quiet. */
  throttle_clear(db, ukey);
  if (step) {
    st = db_stmt(db, "UPDATE user SET totp_last_step=?2 WHERE id=?1");
    if (!st) {
      rc = MJ_EIO;
      goto fail;
    }
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, step);
    sqlite3_step(st);
    db_done(st);
  }
  /* upgrade the hash when its parameters are older than today's */
  char *fresh = NULL;
  if (user_password_hash_outdated(hash) && user_password_hash(password, &fresh) == MJ_OK) {
    st = db_stmt(db, "UPDATE user SET pw_hash=?2 WHERE id=?1");
    if (st) {
      sqlite3_bind_int64(st, 1, uid);
      sqlite3_bind_text(st, 2, fresh, -1, SQLITE_STATIC);
      sqlite3_step(st);
      db_done(st);
    }
    free(fresh);
  }
  char token[AUTH_TOKEN_HEX + 1], csrf[AUTH_TOKEN_HEX + 1], th[65];
  mj_random_hex(token, AUTH_TOKEN_HEX / 2);
  mj_random_hex(csrf, AUTH_TOKEN_HEX / 2);
  sha256_hex(token, th);
  int64_t now = now_s();
  st = db_stmt(db, "INSERT INTO auth_session(token_hash,user_id,csrf,created_at,last_seen,expires_at,address,user_agent) "
                   "VALUES(?1,?2,?3,?4,?4,?5,?6,?7)");
  if (!st) {
    rc = MJ_EIO;
    goto fail;
  }
  sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, uid);
  sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, now);
  sqlite3_bind_int64(st, 5, now + AUTH_ABSOLUTE_SECONDS);
  sqlite3_bind_text(st, 6, address ? address : "-", -1, SQLITE_STATIC);
  if (user_agent) sqlite3_bind_text(st, 7, user_agent, (int)(strlen(user_agent) > 300 ? 300 : strlen(user_agent)), SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = db_err(db, "starting a session");
    db_done(st);
    goto fail;
  }
  db_done(st);
  int64_t sid = sqlite3_last_insert_rowid(db_handle(db));
  Actor who = {uid, name, address ? address : "-", 0};
  char obj[48];
  snprintf(obj, sizeof obj, "session/%lld", (long long)sid);
  if ((rc = audit_append(db, &who, "auth.login", obj, "signed in%s%s", secret_sealed ? " with a TOTP code" : "",
                         used_recovery ? " (a recovery code was used)" : "")))
    goto fail;
  if ((rc = db_commit(db))) goto fail;
  mj_strlcpy(token_out, token, AUTH_TOKEN_HEX + 1);
  rc = load_principal(db, uid, address, p);
  p->session_id = sid;
  mj_strlcpy(p->csrf, csrf, sizeof p->csrf);
  goto out;
fail:
  db_rollback(db);
out:
  free(hash);
  free(secret_sealed);
  return rc;
}

/* Runs `sql` with (?1 = a, ?2 = b) and an audit row, in one transaction. */
static int change(Db *db, const Actor *who, const char *sql, int64_t a, int64_t b, const char *action,
                  const char *object, const char *summary) {
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) {
    db_rollback(db);
    return MJ_EIO;
  }
  sqlite3_bind_int64(st, 1, a);
  sqlite3_bind_int64(st, 2, b);
  rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, action);
  db_done(st);
  if (!rc) rc = audit_append(db, who, action, object, "%s", summary);
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  return rc;
}

int auth_logout(Db *db, const Principal *p) {
  if (!p->session_id) return mj_fail(MJ_EAUTH, "not signed in");
  char obj[48];
  snprintf(obj, sizeof obj, "session/%lld", (long long)p->session_id);
  return change(db, &p->actor, "UPDATE auth_session SET revoked=1 WHERE id=?1 AND ?2=?2", p->session_id, 0,
                "auth.logout", obj, "signed out");
}

int auth_sessions(Db *db, Arena *a, const Principal *p, SessionRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in to see your sessions");
  sqlite3_stmt *st = db_stmt(db, "SELECT id, created_at, last_seen, expires_at, address, user_agent FROM auth_session "
                                 "WHERE user_id=?1 AND revoked=0 AND expires_at>?2 AND last_seen>?3 "
                                 "ORDER BY last_seen DESC LIMIT 50");
  if (!st) return MJ_EIO;
  int64_t now = now_s();
  sqlite3_bind_int64(st, 1, p->actor.user_id);
  sqlite3_bind_int64(st, 2, now);
  sqlite3_bind_int64(st, 3, now - AUTH_IDLE_SECONDS);
  SessionRow *r = arena_alloc(a, sizeof *r * 50);
  while (*n < 50 && sqlite3_step(st) == SQLITE_ROW) {
    SessionRow *x = &r[(*n)++];
    x->id = sqlite3_column_int64(st, 0);
    x->created_at = sqlite3_column_int64(st, 1);
    x->last_seen = sqlite3_column_int64(st, 2);
    x->expires_at = sqlite3_column_int64(st, 3);
    x->address = arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
    x->user_agent = sqlite3_column_text(st, 5) ? arena_strdup(a, (const char *)sqlite3_column_text(st, 5)) : "";
    x->current = x->id == p->session_id;
  }
  db_done(st);
  *rows = r;
  return MJ_OK;
}

int auth_session_revoke(Db *db, const Principal *p, int64_t session_id) {
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in first");
  int64_t owner = db_int(db, "SELECT user_id FROM auth_session WHERE id=?1", 1, session_id, 0);
  if (!owner) return mj_fail(MJ_ENOTFOUND, "there is no session %lld", (long long)session_id);
  if (owner != p->actor.user_id && !(p->actor.caps & CAP_USERS))
    return mj_fail(MJ_EDENIED, "you may end only your own sessions");
  char obj[48];
  snprintf(obj, sizeof obj, "session/%lld", (long long)session_id);
  return change(db, &p->actor, "UPDATE auth_session SET revoked=1 WHERE id=?1 AND ?2=?2", session_id, 0,
                "auth.session_revoke", obj, "ended a session");
}

/* Checks `password` for the signed-in user. */
static int check_password(Db *db, int64_t uid, const char *password) {
  sqlite3_stmt *st = db_stmt(db, "SELECT pw_hash FROM user WHERE id=?1");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, uid);
  char *h = NULL;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) h = xstrdup((const char *)sqlite3_column_text(st, 0));
  db_done(st);
  int ok = h && password && user_password_verify(h, password);
  free(h);
  return ok;
}

int auth_password_change(Db *db, const Principal *p, const char *current, const char *fresh) {
  pthread_once(&once, init_once);
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in first");
  if (!check_password(db, p->actor.user_id, current)) return mj_fail(MJ_EINVAL, "the current password is wrong");
  int rc = user_password_acceptable(fresh ? fresh : "");
  if (rc) return rc;
  char *hash;
  if ((rc = user_password_hash(fresh, &hash))) return rc;
  if ((rc = db_begin(db))) {
    free(hash);
    return rc;
  }
  sqlite3_stmt *st = db_stmt(db, "UPDATE user SET pw_hash=?2, pw_changed_at=datetime('now') WHERE id=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, p->actor.user_id);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "changing the password");
    db_done(st);
  }
  if (!rc) { /* every other session of this user ends */
    st = db_stmt(db, "UPDATE auth_session SET revoked=1 WHERE user_id=?1 AND id<>?2");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, p->actor.user_id);
      sqlite3_bind_int64(st, 2, p->session_id);
      sqlite3_step(st);
      db_done(st);
    }
  }
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)p->actor.user_id);
  if (!rc) rc = audit_append(db, &p->actor, "auth.password_change", obj, "changed own password");
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  free(hash);
  return rc;
}

int auth_totp_begin(Db *db, Arena *a, const Principal *p, const char **secret_b32, const char **uri) {
  pthread_once(&once, init_once);
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in first");
  new_secret(a, secret_b32);
  const char *sealed;
  int rc = seal(db, a, *secret_b32, &sealed);
  if (rc) return rc;
  if ((rc = db_begin(db))) return rc;
  sqlite3_stmt *st = db_stmt(db, "UPDATE user SET totp_pending=?2 WHERE id=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, p->actor.user_id);
    sqlite3_bind_text(st, 2, sealed, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "starting two-factor enrolment");
    db_done(st);
  }
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)p->actor.user_id);
  if (!rc) rc = audit_append(db, &p->actor, "auth.totp_begin", obj, "began two-factor enrolment");
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  *uri = auth_totp_uri(a, p->name, *secret_b32);
  return rc;
}

/* Makes `sealed` the user's TOTP secret and issues recovery codes; in a
** transaction of its own. */
static int enable_totp(Db *db, const Actor *who, int64_t uid, const char *sealed, int64_t step,
                       char codes[10][12]) {
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "UPDATE user SET totp_secret=?2, totp_pending=NULL, totp_last_step=?3 WHERE id=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, sealed, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, step);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "enabling two-factor sign-in");
    db_done(st);
  }
  if (!rc) rc = store_recovery_codes(db, uid, codes);
  /* a privilege change (withheld capabilities become available): every
  ** session of the user ends, and they sign in again with a code */
  if (!rc) rc = revoke_all(db, uid, 0);
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)uid);
  if (!rc) rc = audit_append(db, who, "auth.totp_enable", obj, "two-factor sign-in enabled; ten recovery codes issued");
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  return rc;
}

int auth_totp_confirm(Db *db, const Principal *p, const char *code, char codes[10][12]) {
  pthread_once(&once, init_once);
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in first");
  sqlite3_stmt *st = db_stmt(db, "SELECT totp_pending FROM user WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, p->actor.user_id);
  char *pending = NULL;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) pending = xstrdup((const char *)sqlite3_column_text(st, 0));
  db_done(st);
  if (!pending) return mj_fail(MJ_ECONFLICT, "start enrolment first: no two-factor secret is waiting for a code");
  Arena *a = arena_new();
  const char *b32;
  int64_t step = 0;
  int rc = unseal(db, a, pending, &b32);
  if (!rc && !totp_check(b32, code, 0, &step))
    rc = mj_fail(MJ_EINVAL, "that code does not match; check the time on your device and try the next code");
  if (!rc) rc = enable_totp(db, &p->actor, p->actor.user_id, pending, step, codes);
  arena_free(a);
  free(pending);
  return rc;
}

int auth_totp_enrol_direct(Db *db, Arena *a, const Actor *who, const char *name, const char **secret_b32,
                           const char **uri, char codes[10][12]) {
  pthread_once(&once, init_once);
  if (!(who->caps & CAP_USERS)) return mj_fail(MJ_EDENIED, "only an administrator may enrol another user");
  int64_t uid = 0;
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM user WHERE name=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) uid = sqlite3_column_int64(st, 0);
  db_done(st);
  if (!uid) return mj_fail(MJ_ENOTFOUND, "there is no user '%s'", name);
  new_secret(a, secret_b32);
  const char *sealed;
  int rc = seal(db, a, *secret_b32, &sealed);
  if (rc) return rc;
  *uri = auth_totp_uri(a, name, *secret_b32);
  return enable_totp(db, who, uid, sealed, 0, codes);
}

int auth_totp_remove(Db *db, const Principal *p, const char *password) {
  pthread_once(&once, init_once);
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in first");
  if (!check_password(db, p->actor.user_id, password)) return mj_fail(MJ_EINVAL, "the password is wrong");
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)p->actor.user_id);
  int rc = change(db, &p->actor, "UPDATE user SET totp_secret=NULL, totp_pending=NULL WHERE id=?1 AND ?2=?2",
                  p->actor.user_id, 0, "auth.totp_remove", obj, "two-factor sign-in removed");
  if (!rc) {
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM recovery_code WHERE user_id=?1");
    if (st) {
      sqlite3_bind_int64(st, 1, p->actor.user_id);
      sqlite3_step(st);
      db_done(st);
    }
  }
  return rc;
}

int auth_recovery_regenerate(Db *db, const Principal *p, char codes[10][12]) {
  if (!p->actor.user_id) return mj_fail(MJ_EAUTH, "sign in first");
  if (!p->totp_enabled) return mj_fail(MJ_ECONFLICT, "recovery codes go with two-factor sign-in; enrol first");
  int rc = db_begin(db);
  if (rc) return rc;
  rc = store_recovery_codes(db, p->actor.user_id, codes);
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)p->actor.user_id);
  if (!rc) rc = audit_append(db, &p->actor, "auth.recovery_regenerate", obj, "ten new recovery codes; the old ones no longer work");
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  return rc;
}

/* ---- API tokens ---- */
static int64_t user_id_of(Db *db, const char *name) {
  sqlite3_stmt *st = db_stmt(db, "SELECT id FROM user WHERE name=?1");
  if (!st) return 0;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_done(st);
  return id;
}

int auth_token_create(Db *db, const Actor *who, const char *user_name, const char *name, int days,
                      char token_out[AUTH_TOKEN_HEX + 8], int64_t *id) {
  pthread_once(&once, init_once);
  token_out[0] = 0;
  if (!who->user_id && !(who->caps & CAP_USERS)) return mj_fail(MJ_EAUTH, "sign in first");
  if (!name || !*name || strlen(name) > 100) return mj_fail(MJ_EINVAL, "a token needs a name of 1 to 100 characters");
  if (days < 0 || days > 3650) return mj_fail(MJ_EINVAL, "a token expires after 1 to 3650 days (0 for never)");
  int64_t uid = user_id_of(db, user_name);
  if (!uid) return mj_fail(MJ_ENOTFOUND, "there is no user '%s'", user_name);
  if (uid != who->user_id && !(who->caps & CAP_USERS))
    return mj_fail(MJ_EDENIED, "you may create tokens only for yourself");
  char secret[AUTH_TOKEN_HEX + 1], token[AUTH_TOKEN_HEX + 8], h[65];
  mj_random_hex(secret, AUTH_TOKEN_HEX / 2);
  snprintf(token, sizeof token, "mjt_%s", secret);
  sha256_hex(token, h);
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "INSERT INTO api_token(user_id,name,token_hash,created_at,expires_at) VALUES(?1,?2,?3,?4,?5)");
  if (!st) {
    db_rollback(db);
    return MJ_EIO;
  }
  int64_t now = now_s();
  sqlite3_bind_int64(st, 1, uid);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, h, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, now);
  if (days) sqlite3_bind_int64(st, 5, now + (int64_t)days * 86400);
  rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "creating the token");
  db_done(st);
  int64_t tid = sqlite3_last_insert_rowid(db_handle(db));
  char obj[48];
  snprintf(obj, sizeof obj, "token/%lld", (long long)tid);
  if (!rc) rc = audit_append(db, who, "auth.token_create", obj, "API token '%s' for %s%s", name, user_name,
                             days ? "" : " (no expiry)");
  if (!rc) rc = db_commit(db);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  mj_strlcpy(token_out, token, AUTH_TOKEN_HEX + 8);
  if (id) *id = tid;
  return MJ_OK;
}

int auth_token_revoke(Db *db, const Actor *who, int64_t id) {
  int64_t owner = db_int(db, "SELECT user_id FROM api_token WHERE id=?1", 1, id, 0);
  if (!owner) return mj_fail(MJ_ENOTFOUND, "there is no API token %lld", (long long)id);
  if (owner != who->user_id && !(who->caps & CAP_USERS))
    return mj_fail(MJ_EDENIED, "you may revoke only your own tokens");
  char obj[48];
  snprintf(obj, sizeof obj, "token/%lld", (long long)id);
  return change(db, who, "UPDATE api_token SET revoked_at=coalesce(revoked_at, ?2) WHERE id=?1", id, now_s(),
                "auth.token_revoke", obj, "revoked an API token");
}

int auth_tokens(Db *db, Arena *a, const Actor *who, int all, TokenRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  if (all && !(who->caps & CAP_USERS)) return mj_fail(MJ_EDENIED, "only an administrator may list every token");
  if (!all && !who->user_id) return mj_fail(MJ_EAUTH, "sign in first");
  sqlite3_stmt *st = db_stmt(db, "SELECT t.id, t.name, u.name, t.created_at, coalesce(t.expires_at,0), "
                                 "coalesce(t.last_used,0), t.revoked_at IS NOT NULL FROM api_token t "
                                 "JOIN user u ON u.id=t.user_id WHERE ?1 OR t.user_id=?2 ORDER BY t.id DESC LIMIT 500");
  if (!st) return MJ_EIO;
  sqlite3_bind_int(st, 1, all);
  sqlite3_bind_int64(st, 2, who->user_id);
  TokenRow *r = arena_alloc(a, sizeof *r * 500);
  while (*n < 500 && sqlite3_step(st) == SQLITE_ROW) {
    TokenRow *x = &r[(*n)++];
    x->id = sqlite3_column_int64(st, 0);
    x->name = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
    x->user = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
    x->created_at = sqlite3_column_int64(st, 3);
    x->expires_at = sqlite3_column_int64(st, 4);
    x->last_used = sqlite3_column_int64(st, 5);
    x->revoked = sqlite3_column_int(st, 6);
  }
  db_done(st);
  *rows = r;
  return MJ_OK;
}

/* ---- administration ---- */
int auth_users(Db *db, Arena *a, const Actor *who, UserRow **rows, int *n) {
  *rows = NULL;
  *n = 0;
  if (!(who->caps & CAP_USERS)) return mj_fail(who->user_id ? MJ_EDENIED : MJ_EAUTH, "only an administrator may list users");
  sqlite3_stmt *st = db_stmt(db, "SELECT u.id, coalesce(u.person_id,0), u.name, u.display_ar, u.display_latin, "
                                 "(SELECT group_concat(role, ',') FROM (SELECT role FROM user_role WHERE user_id=u.id ORDER BY role)), "
                                 "u.created_at, u.disabled, u.totp_secret IS NOT NULL FROM user u ORDER BY u.name LIMIT 2000");
  if (!st) return MJ_EIO;
  UserRow *r = arena_alloc(a, sizeof *r * 2000);
  while (*n < 2000 && sqlite3_step(st) == SQLITE_ROW) {
    UserRow *x = &r[(*n)++];
    x->id = sqlite3_column_int64(st, 0);
    x->person_id = sqlite3_column_int64(st, 1);
#define S(i) (sqlite3_column_text(st, i) ? arena_strdup(a, (const char *)sqlite3_column_text(st, i)) : "")
    x->name = S(2);
    x->display_ar = S(3);
    x->display_latin = S(4);
    x->roles = S(5);
    x->created_at = S(6);
#undef S
    x->disabled = sqlite3_column_int(st, 7);
    x->totp = sqlite3_column_int(st, 8);
  }
  db_done(st);
  *rows = r;
  return MJ_OK;
}

static int revoke_all(Db *db, int64_t uid, int tokens_too) {
  sqlite3_stmt *st = db_stmt(db, "UPDATE auth_session SET revoked=1 WHERE user_id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, uid);
  sqlite3_step(st);
  db_done(st);
  if (tokens_too) {
    st = db_stmt(db, "UPDATE api_token SET revoked_at=coalesce(revoked_at, ?2) WHERE user_id=?1");
    if (!st) return MJ_EIO;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, now_s());
    sqlite3_step(st);
    db_done(st);
  }
  return MJ_OK;
}

int auth_user_set_roles(Db *db, const Actor *who, const char *name, const char *roles) {
  if (!(who->caps & CAP_USERS)) return mj_fail(who->user_id ? MJ_EDENIED : MJ_EAUTH, "only an administrator may change roles");
  int64_t uid = user_id_of(db, name);
  if (!uid) return mj_fail(MJ_ENOTFOUND, "there is no user '%s'", name);
  char list[256];
  if (!roles || strlen(roles) >= sizeof list) return mj_fail(MJ_EINVAL, "give the roles as a comma-separated list");
  mj_strlcpy(list, roles, sizeof list);
  int nroles = 0;
  for (char *save = NULL, *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
    if (!user_role_find(r) || strcmp(r, "public") == 0)
      return mj_fail(MJ_EINVAL, "unknown role '%s'; 'majlis help roles' lists them", r);
    nroles++;
  }
  if (!nroles) return mj_fail(MJ_EINVAL, "a user needs at least one role");
  /* never leave the instance without an enabled administrator (a user who
  ** is not one can always be given other roles) */
  if (!strstr(roles, "administrator") &&
      db_int(db, "SELECT count(*) FROM user_role WHERE user_id=?1 AND role='administrator'", 1, uid, 0) > 0 &&
      db_int(db, "SELECT count(*) FROM user_role r JOIN user u ON u.id=r.user_id WHERE r.role='administrator' "
                 "AND u.disabled=0 AND u.id<>?1", 1, uid, 0) == 0)
    return mj_fail(MJ_ECONFLICT, "'%s' is the last administrator; make someone else one first", name);
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM user_role WHERE user_id=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_step(st);
    db_done(st);
  }
  mj_strlcpy(list, roles, sizeof list);
  for (char *save = NULL, *r = strtok_r(list, ",", &save); r && !rc; r = strtok_r(NULL, ",", &save)) {
    st = db_stmt(db, "INSERT OR IGNORE INTO user_role(user_id, role) VALUES(?1, ?2)");
    if (!st) {
      rc = MJ_EIO;
      break;
    }
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, r, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "assigning a role");
    db_done(st);
  }
  if (!rc) rc = revoke_all(db, uid, 0);
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)uid);
  if (!rc) rc = audit_append(db, who, "user.roles", obj, "roles of %s set to %s; their sessions ended", name, roles);
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  return rc;
}

int auth_user_set_disabled(Db *db, const Actor *who, const char *name, int disabled) {
  if (!(who->caps & CAP_USERS)) return mj_fail(who->user_id ? MJ_EDENIED : MJ_EAUTH, "only an administrator may disable users");
  int64_t uid = user_id_of(db, name);
  if (!uid) return mj_fail(MJ_ENOTFOUND, "there is no user '%s'", name);
  if (disabled && uid == who->user_id) return mj_fail(MJ_ECONFLICT, "you cannot disable yourself");
  if (disabled &&
      db_int(db, "SELECT count(*) FROM user_role r JOIN user u ON u.id=r.user_id WHERE r.role='administrator' "
                 "AND u.disabled=0 AND u.id<>?1", 1, uid, 0) == 0 &&
      db_int(db, "SELECT count(*) FROM user_role WHERE user_id=?1 AND role='administrator'", 1, uid, 0) > 0)
    return mj_fail(MJ_ECONFLICT, "'%s' is the last administrator", name);
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = db_stmt(db, "UPDATE user SET disabled=?2 WHERE id=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    sqlite3_step(st);
    db_done(st);
  }
  if (!rc && disabled) rc = revoke_all(db, uid, 1);
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)uid);
  if (!rc) rc = audit_append(db, who, disabled ? "user.disable" : "user.enable", obj, "%s %s%s", disabled ? "disabled" : "enabled", name,
                             disabled ? "; sessions and tokens revoked" : "");
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  return rc;
}

int auth_user_set_password(Db *db, const Actor *who, const char *name, const char *password) {
  if (!(who->caps & CAP_USERS)) return mj_fail(who->user_id ? MJ_EDENIED : MJ_EAUTH, "only an administrator may set passwords");
  int64_t uid = user_id_of(db, name);
  if (!uid) return mj_fail(MJ_ENOTFOUND, "there is no user '%s'", name);
  int rc = user_password_acceptable(password ? password : "");
  if (rc) return rc;
  char *hash;
  if ((rc = user_password_hash(password, &hash))) return rc;
  if ((rc = db_begin(db))) {
    free(hash);
    return rc;
  }
  sqlite3_stmt *st = db_stmt(db, "UPDATE user SET pw_hash=?2, pw_changed_at=datetime('now') WHERE id=?1");
  if (!st) rc = MJ_EIO;
  else {
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    sqlite3_step(st);
    db_done(st);
  }
  if (!rc) rc = revoke_all(db, uid, 0);
  char obj[48];
  snprintf(obj, sizeof obj, "user/%lld", (long long)uid);
  if (!rc) rc = audit_append(db, who, "user.password", obj, "password of %s set; their sessions ended", name);
  if (!rc) rc = db_commit(db);
  if (rc) db_rollback(db);
  free(hash);
  return rc;
}
