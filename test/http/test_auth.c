/*
** test_auth: who may do what, end to end. A fresh demo parliament is served
** in-process on an ephemeral port, with one user per role (each enrolled in
** TOTP directly, so nothing is withheld) plus a few users of its own for
** each test. Every route of the table is tried by the public and by every
** role, signed in through the real sign-in form; refused changes must leave
** the database exactly as it was. Then sign-in (same reply for every kind
** of failure, TOTP replay, recovery codes, throttling), sessions (rotation,
** sign-out, idle and absolute expiry, role changes), CSRF and origin
** checks, API tokens, capability withholding, password changes and the
** audit trail. Time passing is simulated in the database; nothing sleeps.
*/
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <time.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "user.h"
#include "web.h"

#define PW "a long test password"
#define PW_FORM "a+long+test+password"

static int port;
static Arena *g_arena;

/* A signed-in browser: its session cookie and the session's CSRF token. */
typedef struct Sess {
  char cookie[AUTH_TOKEN_HEX + 1];
  char csrf[AUTH_TOKEN_HEX + 1];
} Sess;

typedef struct RoleUser {
  const char *role;
  char name[40];
  const char *secret; /* base32, in g_arena */
  char codes[10][12];
  int next_code;
  unsigned caps;
  Sess s;
  int signed_in;
} RoleUser;

static const char *const role_names[] = {"administrator", "clerk", "presiding", "member", "reporter", "editor",
                                         "certifier", "committee_secretary", "relations", "data_officer",
                                         "ai_officer", "staff"};
#define NROLES ((int)(sizeof role_names / sizeof role_names[0]))
static RoleUser g_users[NROLES];

/* ---------------------------------------------------------------- the database */




static int64_t now_s(void) { return (int64_t)time(NULL); }

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t audit_count(void) { return q_int("SELECT count(*) FROM audit"); }

/* The counts the brief names, and a digest of everything a refused request
** could have changed (not last_seen, which a read may refresh). */
typedef struct Snap {
  char *counts, *digest;
} Snap;

static void snap(Snap *s) {
  s->counts = q_str("SELECT 'audit=' || (SELECT count(*) FROM audit) || ' user=' || (SELECT count(*) FROM user) || "
                    "' user_role=' || (SELECT count(*) FROM user_role) || ' api_token=' || (SELECT count(*) FROM api_token) || "
                    "' sessions=' || (SELECT count(*) FROM auth_session WHERE revoked=0)");
  s->digest = q_str(
      "SELECT coalesce((SELECT group_concat(x, ';') FROM (SELECT id||':'||name||':'||disabled||':'||coalesce(pw_hash,'')||':'||"
      "coalesce(totp_secret,'')||':'||coalesce(totp_pending,'')||':'||totp_last_step AS x FROM user ORDER BY id)),'') || '|' || "
      "coalesce((SELECT group_concat(x, ';') FROM (SELECT user_id||':'||role AS x FROM user_role ORDER BY user_id, role)),'') || '|' || "
      "coalesce((SELECT group_concat(x, ';') FROM (SELECT id||':'||coalesce(revoked_at,'')||':'||coalesce(expires_at,'') AS x "
      "FROM api_token ORDER BY id)),'') || '|' || "
      "coalesce((SELECT group_concat(x, ';') FROM (SELECT id||':'||revoked||':'||expires_at AS x FROM auth_session ORDER BY id)),'') || '|' || "
      "coalesce((SELECT group_concat(x, ';') FROM (SELECT key||'='||coalesce(value,'') AS x FROM meta ORDER BY key)),'') || '|' || "
      "coalesce((SELECT group_concat(x, ';') FROM (SELECT user_id||':'||coalesce(used_at,'') AS x FROM recovery_code ORDER BY id)),'')");
}

static void snap_free(Snap *s) {
  free(s->counts);
  free(s->digest);
}

/* 1 when nothing changed between a and b. */
static int snap_same(const Snap *a, const Snap *b) {
  return strcmp(a->counts, b->counts) == 0 && strcmp(a->digest, b->digest) == 0;
}

/* ---------------------------------------------------------------- HTTP */

/* One request as a browser (or a script) would send it: English pages, the
** session cookie when s is given, extra header lines, and a body of type
** ctype. */
static int hreq(const char *method, const char *path, const Sess *s, const char *extra, const char *ctype,
                const char *body, HttpResp *r) {
  char headers[1024];
  snprintf(headers, sizeof headers, "Accept-Language: en\r\n%s%s%s%s%s%s", s ? "Cookie: mj_session=" : "",
           s ? s->cookie : "", s ? "\r\n" : "", extra ? extra : "", ctype ? "Content-Type: " : "",
           ctype ? ctype : "");
  if (ctype) mj_strlcpy(headers + strlen(headers), "\r\n", sizeof headers - strlen(headers));
  return http_req(port, method, path, headers, body, body ? strlen(body) : 0, r);
}

static int get(const char *path, const Sess *s, HttpResp *r) { return hreq("GET", path, s, NULL, NULL, NULL, r); }

static int post_form(const char *path, const Sess *s, const char *extra, const char *body, HttpResp *r) {
  return hreq("POST", path, s, extra, "application/x-www-form-urlencoded", body, r);
}

/* The status of a request whose reply may never end (a live stream): only
** the head is read, then the connection is closed. */
static int status_only(const char *path, const Sess *s, const char *extra, char *location, size_t ln) {
  int fd = http_connect(port);
  if (fd < 0) return -1;
  char head[2048];
  int n = snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Language: en\r\n%s%s%s%s\r\n",
                   path, port, s ? "Cookie: mj_session=" : "", s ? s->cookie : "", s ? "\r\n" : "",
                   extra ? extra : "");
  if (send_all(fd, head, (size_t)n)) {
    close(fd);
    return -1;
  }
  char buf[8192];
  size_t got = 0;
  int64_t deadline = mono_ms() + 5000;
  while (got < sizeof buf - 1) {
    int64_t left = deadline - mono_ms();
    struct pollfd p = {fd, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, (int)left) <= 0) break;
    ssize_t k = recv(fd, buf + got, sizeof buf - 1 - got, 0);
    if (k <= 0) break;
    got += (size_t)k;
    buf[got] = 0;
    if (strstr(buf, "\r\n\r\n")) break;
  }
  buf[got] = 0;
  close(fd);
  int status = -1;
  sscanf(buf, "HTTP/1.%*d %d", &status);
  if (location && ln) {
    location[0] = 0;
    char *l = strcasestr(buf, "\r\nLocation: ");
    if (l) {
      l += 12;
      size_t k = strcspn(l, "\r\n");
      if (k >= ln) k = ln - 1;
      memcpy(location, l, k);
      location[k] = 0;
    }
  }
  return status;
}

/* Copies what follows `marker` up to `end` into out. */
static int extract(const char *s, const char *marker, char end, char *out, size_t n) {
  const char *p = s ? strstr(s, marker) : NULL;
  if (!p) return 0;
  p += strlen(marker);
  const char *e = strchr(p, end);
  if (!e || (size_t)(e - p) >= n) return 0;
  memcpy(out, p, (size_t)(e - p));
  out[e - p] = 0;
  return 1;
}

/* The mj_session value a reply sets ("" when it sets none or clears it). */
static void set_cookie_value(const HttpResp *r, char *out, size_t n) {
  char v[512] = "";
  out[0] = 0;
  if (resp_header(r, "Set-Cookie", v, sizeof v)) extract(v, "mj_session=", ';', out, n);
}

static json_t *resp_json(const HttpResp *r) {
  json_error_t e;
  return r->body ? json_loadb(r->body, r->body_len, 0, &e) : NULL;
}

/* 1 when the JSON array `caps` holds the string `name`. */
static int has_cap(json_t *caps, const char *name) {
  size_t i;
  json_t *v;
  json_array_foreach(caps, i, v) if (json_is_string(v) && strcmp(json_string_value(v), name) == 0) return 1;
  return 0;
}

/* ---------------------------------------------------------------- signing in */

/* A TOTP code the server will accept now: the current step or the next
** one, whichever is newer than the last code it took from this user. */
static int fresh_code(const char *name, const char *secret, char code[7]) {
  int64_t last = q_int("SELECT totp_last_step FROM user WHERE name=%Q", name);
  int64_t step = now_s() / 30;
  for (int64_t s = step; s <= step + 1; s++)
    if (s > last) return auth_totp_code(secret, s * 30, code) == MJ_OK;
  return 0;
}

/* POST /login with a name, password and code (NULL: none). cur, when given,
** is the browser's current session (its cookie and CSRF token go along).
** On success out gets the new cookie. Returns the status. */
static int login_post(const char *name, const char *pw_form, const char *code, const Sess *cur, Sess *out,
                      HttpResp *r) {
  char body[600];
  snprintf(body, sizeof body, "name=%s&password=%s%s%s%s%s", name, pw_form, code ? "&code=" : "", code ? code : "",
           cur ? "&csrf=" : "", cur ? cur->csrf : "");
  int st = post_form("/login", cur, NULL, body, r);
  if (out) {
    memset(out, 0, sizeof *out);
    set_cookie_value(r, out->cookie, sizeof out->cookie);
  }
  return st;
}

/* Reads the session's CSRF token from the account page. */
static int fetch_csrf(Sess *s) {
  HttpResp r;
  int st = get("/account", s, &r);
  int ok = st == 200 && extract(r.body, "name=\"csrf\" value=\"", '"', s->csrf, sizeof s->csrf) &&
           strlen(s->csrf) == AUTH_TOKEN_HEX;
  resp_free(&r);
  return ok;
}

/* Signs `name` in through the form (with a fresh TOTP code when secret is
** given) and fetches its CSRF token; 1 on success. */
static int sign_in(const char *name, const char *secret, Sess *s) {
  char code[7] = "";
  if (secret && !fresh_code(name, secret, code)) {
    printf("#   no unused TOTP code for %s in this step\n", name);
    return 0;
  }
  HttpResp r;
  int st = login_post(name, PW_FORM, secret ? code : NULL, NULL, s, &r);
  resp_free(&r);
  if (st != 303 || strlen(s->cookie) != AUTH_TOKEN_HEX) {
    printf("#   sign-in of %s: status %d\n", name, st);
    return 0;
  }
  return fetch_csrf(s);
}

static int64_t user_id(const char *name) { return q_int("SELECT coalesce((SELECT id FROM user WHERE name=%Q),0)", name); }

/* A user made in-process (argon2 only once per user). */
static int make_user(const char *name, const char *roles) {
  Actor cli = audit_cli_actor();
  int rc = user_create(g_db, &cli, name, NULL, name, roles, 0, PW, NULL);
  if (rc) printf("#   user_create %s: %s\n", name, mj_errmsg());
  return rc == MJ_OK;
}

static void clear_throttle(void) { q_exec("DELETE FROM login_throttle"); }

/* ---------------------------------------------------------------- 1: the matrix */

/* The route's pattern with plausible values for its {placeholders}. */
static void fill_pattern(const char *pattern, char *out, size_t n) {
  size_t o = 0;
  int has_dir = strstr(pattern, "{dir}") != NULL;
  for (const char *p = pattern; *p && o + 1 < n;) {
    if (*p == '{') {
      const char *e = strchr(p, '}');
      if (!e) break;
      size_t k = (size_t)(e - p - 1);
      const char *v = "1";
      if (k == 4 && strncmp(p + 1, "name", 4) == 0) v = "u_staff";
      else if (k == 3 && strncmp(p + 1, "dir", 3) == 0) v = "css";
      else if (k == 4 && strncmp(p + 1, "file", 4) == 0) v = has_dir ? "majlis.css" : "openapi.json";
      o += (size_t)snprintf(out + o, n - o, "%s", v);
      if (o >= n) o = n - 1;
      p = e + 1;
      continue;
    }
    out[o++] = *p++;
  }
  out[o] = 0;
}

static void test_matrix(void) {
  clear_throttle();
  for (int i = 0; i < NROLES; i++) {
    RoleUser *u = &g_users[i];
    u->signed_in = sign_in(u->name, u->secret, &u->s);
    CHECK(u->signed_in);
  }
  int nroutes;
  const Route *routes = web_routes(&nroutes);
  int refusals = 0, allowed_checked = 0, failures = 0;
  for (int i = 0; i < nroutes; i++) {
    const Route *rt = &routes[i];
    char path[256];
    fill_pattern(rt->pattern, path, sizeof path);
    int changes = strcmp(rt->method, "GET") != 0;
    int api = strncmp(rt->pattern, "/api/", 5) == 0;
    int stream = strcmp(rt->pattern, "/api/v1/events") == 0;
    for (int p = -1; p < NROLES; p++) {
      const RoleUser *u = p >= 0 ? &g_users[p] : NULL;
      if (u && !u->signed_in) continue;
      const char *who = u ? u->name : "anonymous";
      int allowed = rt->need == 0 || (u && (rt->need == AUTH_SIGNED_IN || (u->caps & rt->need)));
      if (changes && allowed) continue; /* exercised by the tests below */
      int st;
      char loc[256] = "", www[128] = "";
      HttpResp r;
      memset(&r, 0, sizeof r);
      Snap before = {NULL, NULL}, after = {NULL, NULL};
      if (changes) {
        /* a refused change, with everything a handler would need to act:
        ** a valid CSRF token, and a body that would do harm */
        char body[600], extra[200] = "";
        snprintf(body, sizeof body,
                 "name=x_evil&password=" PW_FORM "&display_latin=Evil&role=administrator&days=1"
                 "&current=" PW_FORM "&new=another+long+password%s%s",
                 u ? "&csrf=" : "", u ? u->s.csrf : "");
        if (u) snprintf(extra, sizeof extra, "X-CSRF-Token: %s\r\n", u->s.csrf);
        snap(&before);
        st = api ? hreq(rt->method, path, u ? &u->s : NULL, extra, "application/json",
                        "{\"user\":\"x_evil\",\"password\":\"" PW "\"}", &r)
                 : post_form(path, u ? &u->s : NULL, extra, body, &r);
        snap(&after);
        resp_header(&r, "WWW-Authenticate", www, sizeof www);
      } else if (stream) {
        st = status_only(path, u ? &u->s : NULL, NULL, loc, sizeof loc);
      } else {
        st = get(path, u ? &u->s : NULL, &r);
        resp_header(&r, "Location", loc, sizeof loc);
        resp_header(&r, "WWW-Authenticate", www, sizeof www);
      }
      int ok;
      if (allowed) {
        ok = st > 0 && st != 401 && st != 403;
        allowed_checked++;
      } else {
        refusals++;
        if (!u && !changes && !api) {
          char want[300];
          snprintf(want, sizeof want, "/login?next=%s", path);
          ok = st == 303 && strcmp(loc, want) == 0;
        } else if (!u) {
          ok = st == 401 && (!api || strncmp(www, "Bearer", 6) == 0);
        } else {
          ok = st == 403 && r.body && strstr(r.body, "your role does not allow this");
        }
        if (changes && !snap_same(&before, &after)) {
          ok = 0;
          printf("#   %s %s as %s changed the database: %s -> %s\n", rt->method, path, who, before.counts, after.counts);
        }
      }
      if (changes) {
        snap_free(&before);
        snap_free(&after);
      }
      if (!ok) {
        failures++;
        printf("#   %s %s as %s: status %d (%s expected)%s%s\n", rt->method, path, who, st,
               allowed ? "allowed" : "refusal", *loc ? ", Location " : "", loc);
      }
      resp_free(&r);
    }
  }
  CHECK_EQ_INT(failures, 0);
  CHECK(refusals > 100);
  printf("# matrix: %d routes x %d principals, %d refusals checked, %d allowed requests checked\n", nroutes,
         NROLES + 1, refusals, allowed_checked);
}

/* ---------------------------------------------------------------- 3: failures look alike */

/* The body with the CSP nonce and the submitted name taken out. */
static char *normalise(const HttpResp *r, const char *name) {
  char csp[600] = "", nonce[64] = "";
  resp_header(r, "Content-Security-Policy", csp, sizeof csp);
  extract(csp, "'nonce-", '\'', nonce, sizeof nonce);
  Buf b;
  buf_init(&b, 1 << 20);
  const char *p = r->body ? r->body : "";
  size_t nl = strlen(nonce), ml = strlen(name);
  while (*p) {
    if (nl && strncmp(p, nonce, nl) == 0) {
      buf_puts(&b, "NONCE");
      p += nl;
    } else if (ml && strncmp(p, name, ml) == 0) {
      buf_puts(&b, "NAME");
      p += ml;
    } else {
      buf_putc(&b, *p++);
    }
  }
  char *s = xstrdup(b.p ? b.p : "");
  buf_free(&b);
  return s;
}

static int cmp_ll(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static void test_signin_failures_alike(void) {
  const RoleUser *m = &g_users[3]; /* member, with TOTP */
  CHECK_STR(m->role, "member");
  char good[7], bad[16] = "000000";
  int64_t step = now_s() / 30;
  /* a code that is none of the three the server would take */
  for (int k = 0; k < 1000; k++) {
    snprintf(bad, sizeof bad, "%06u", (unsigned)(k * 7919 + 123457) % 1000000u);
    int clash = 0;
    for (int64_t s = step - 1; s <= step + 2; s++)
      if (auth_totp_code(m->secret, s * 30, good) == MJ_OK && strcmp(good, bad) == 0) clash = 1;
    if (!clash) break;
  }
  struct {
    const char *name, *pw, *code;
  } cases[] = {
    {"u_member", "wrong+password+here", NULL}, /* wrong password (and no code) */
    {"u_nobody", PW_FORM, NULL},               /* unknown user, same length of name */
    {"u_member", PW_FORM, bad},                /* right password, wrong code */
  };
  int st[3];
  char *body[3];
  int64_t before = audit_count();
  for (int i = 0; i < 3; i++) {
    clear_throttle();
    HttpResp r;
    st[i] = login_post(cases[i].name, cases[i].pw, cases[i].code, NULL, NULL, &r);
    body[i] = normalise(&r, cases[i].name);
    char c[256] = "";
    resp_header(&r, "Set-Cookie", c, sizeof c);
    CHECK(strncmp(c, "mj_session=;", 12) == 0 || c[0] == 0); /* no session handed out */
    CHECK_CONTAINS(r.body, "The user name, password or code is wrong.");
    resp_free(&r);
  }
  CHECK_EQ_INT(st[0], 401);
  CHECK_EQ_INT(st[1], st[0]);
  CHECK_EQ_INT(st[2], st[0]);
  CHECK(strcmp(body[0], body[1]) == 0);
  CHECK(strcmp(body[0], body[2]) == 0);
  for (int i = 0; i < 3; i++) free(body[i]);
  /* failures are audited (one row each), successes are not claimed */
  CHECK_EQ_INT(audit_count() - before, 3);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit WHERE id>%lld AND action='auth.login_failed'", (long long)before), 3);

  /* the JSON API says the same for all three, too */
  const char *api_bodies[] = {"{\"user\":\"u_member\",\"password\":\"wrong password here\"}",
                              "{\"user\":\"u_nobody\",\"password\":\"" PW "\"}", NULL};
  char third[200];
  snprintf(third, sizeof third, "{\"user\":\"u_member\",\"password\":\"" PW "\",\"code\":\"%s\"}", bad);
  api_bodies[2] = third;
  char *msg[3];
  for (int i = 0; i < 3; i++) {
    clear_throttle();
    HttpResp r;
    st[i] = hreq("POST", "/api/v1/session", NULL, NULL, "application/json", api_bodies[i], &r);
    msg[i] = xstrdup(r.body ? r.body : "");
    resp_free(&r);
  }
  CHECK_EQ_INT(st[0], 401);
  CHECK_EQ_INT(st[1], 401);
  CHECK_EQ_INT(st[2], 401);
  CHECK_STR(msg[1], msg[0]);
  CHECK_STR(msg[2], msg[0]);
  for (int i = 0; i < 3; i++) free(msg[i]);

  /* unknown user and wrong password take about as long (argon2 either way) */
  int64_t t_unknown[5], t_wrong[5];
  for (int i = 0; i < 5; i++) {
    HttpResp r;
    clear_throttle();
    int64_t t0 = mono_ms();
    login_post("u_member", "wrong+password+here", NULL, NULL, NULL, &r);
    t_wrong[i] = mono_ms() - t0;
    resp_free(&r);
    clear_throttle();
    t0 = mono_ms();
    login_post("u_nobody", "wrong+password+here", NULL, NULL, NULL, &r);
    t_unknown[i] = mono_ms() - t0;
    resp_free(&r);
  }
  clear_throttle();
  qsort(t_unknown, 5, sizeof t_unknown[0], cmp_ll);
  qsort(t_wrong, 5, sizeof t_wrong[0], cmp_ll);
  int64_t mu = t_unknown[2] ? t_unknown[2] : 1, mw = t_wrong[2] ? t_wrong[2] : 1;
  printf("# sign-in time, median of 5: unknown user %lld ms, wrong password %lld ms\n", (long long)mu, (long long)mw);
  CHECK(mu * 3 >= mw && mw * 3 >= mu);
}

/* ---------------------------------------------------------------- 4: TOTP */
static const char *totp_secret;
static char totp_codes[10][12];

static void test_totp(void) {
  clear_throttle();
  char code[7];
  CHECK(fresh_code("t_totp", totp_secret, code));
  HttpResp r;
  Sess s;
  CHECK_EQ_INT(login_post("t_totp", PW_FORM, code, NULL, &s, &r), 303);
  char c[512] = "", loc[128] = "";
  resp_header(&r, "Set-Cookie", c, sizeof c);
  resp_header(&r, "Location", loc, sizeof loc);
  CHECK_STR(loc, "/account");
  CHECK_EQ_INT(strlen(s.cookie), AUTH_TOKEN_HEX);
  CHECK(strncmp(c, "mj_session=", 11) == 0);
  CHECK_CONTAINS(c, "; HttpOnly");
  CHECK_CONTAINS(c, "; SameSite=Lax");
  CHECK_CONTAINS(c, "; Path=/");
  CHECK(strstr(c, "Secure") == NULL); /* plain HTTP */
  resp_free(&r);
  CHECK(fetch_csrf(&s));
  CHECK(q_int("SELECT count(*) FROM audit WHERE action='auth.login' AND user_name='t_totp' AND summary LIKE '%%TOTP%%'") == 1);

  /* the same code again: a replay */
  CHECK_EQ_INT(login_post("t_totp", PW_FORM, code, NULL, NULL, &r), 401);
  resp_free(&r);
  /* the password alone is not enough */
  clear_throttle();
  CHECK_EQ_INT(login_post("t_totp", PW_FORM, NULL, NULL, NULL, &r), 401);
  resp_free(&r);
  /* a recovery code works once, in place of a code (any case) */
  char upper[12];
  for (int i = 0; i < 12; i++) upper[i] = (char)(totp_codes[0][i] >= 'a' && totp_codes[0][i] <= 'z' ? totp_codes[0][i] - 32 : totp_codes[0][i]);
  CHECK_EQ_INT(login_post("t_totp", PW_FORM, upper, NULL, NULL, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM recovery_code WHERE user_id=%lld AND used_at IS NOT NULL", (long long)user_id("t_totp")), 1);
  CHECK(q_int("SELECT count(*) FROM audit WHERE action='auth.login' AND user_name='t_totp' AND summary LIKE '%%recovery code%%'") == 1);
  CHECK_EQ_INT(login_post("t_totp", PW_FORM, totp_codes[0], NULL, NULL, &r), 401);
  resp_free(&r);
  /* a recovery code with the wrong password does nothing, and stays unused */
  clear_throttle();
  CHECK_EQ_INT(login_post("t_totp", "wrong+password+here", totp_codes[1], NULL, NULL, &r), 401);
  resp_free(&r);
  CHECK_EQ_INT(login_post("t_totp", PW_FORM, totp_codes[1], NULL, NULL, &r), 303);
  resp_free(&r);
  clear_throttle();
}

/* ---------------------------------------------------------------- 5: throttling */
static void test_throttle(void) {
  clear_throttle();
  HttpResp r;
  /* three wrong passwords: each an ordinary refusal */
  for (int i = 0; i < 3; i++) {
    CHECK_EQ_INT(login_post("t_thr", "wrong+password+here", NULL, NULL, NULL, &r), 401);
    resp_free(&r);
  }
  /* three more, each after the back-off has passed (time moved in the db) */
  for (int i = 0; i < 3; i++) {
    q_exec("UPDATE login_throttle SET last_failure=last_failure-120");
    CHECK_EQ_INT(login_post("t_thr", "wrong+password+here", NULL, NULL, NULL, &r), 401);
    resp_free(&r);
  }
  /* now the back-off is 8 s: the right password is refused all the same */
  Sess s;
  CHECK_EQ_INT(login_post("t_thr", PW_FORM, NULL, NULL, &s, &r), 429);
  CHECK_CONTAINS(r.body, "Too many failed sign-ins");
  CHECK_EQ_INT(strlen(s.cookie), 0);
  resp_free(&r);
  CHECK_EQ_INT(hreq("POST", "/api/v1/session", NULL, NULL, "application/json",
                    "{\"user\":\"t_thr\",\"password\":\"" PW "\"}", &r), 429);
  CHECK_CONTAINS(r.body, "too many failed sign-ins");
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT coalesce((SELECT failures FROM login_throttle WHERE key='user:t_thr'),0)"), 6);
  CHECK_EQ_INT(q_int("SELECT coalesce((SELECT failures FROM login_throttle WHERE key='addr:127.0.0.1'),0)"), 6);
  /* another user at the same address is not locked out by someone else's
  ** mistakes: the address has a higher threshold */
  Sess s2;
  CHECK_EQ_INT(login_post("t_thr2", PW_FORM, NULL, NULL, &s2, &r), 303);
  CHECK_EQ_INT(strlen(s2.cookie), AUTH_TOKEN_HEX);
  resp_free(&r);
  /* and a valid account does not reset the address's count */
  CHECK_EQ_INT(q_int("SELECT coalesce((SELECT failures FROM login_throttle WHERE key='addr:127.0.0.1'),0)"), 6);
  /* but enough failures from one address slow everyone there down */
  q_exec("INSERT OR REPLACE INTO login_throttle(key, failures, last_failure) VALUES('addr:127.0.0.1', 12, %lld)", (long long)now_s());
  CHECK_EQ_INT(login_post("t_thr2", PW_FORM, NULL, NULL, NULL, &r), 429);
  resp_free(&r);
  q_exec("DELETE FROM login_throttle WHERE key='addr:127.0.0.1'");
  /* time passes for the name: the right password works again, and clears it */
  q_exec("UPDATE login_throttle SET last_failure=last_failure-3600 WHERE key='user:t_thr'");
  CHECK_EQ_INT(login_post("t_thr", PW_FORM, NULL, NULL, &s, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM login_throttle WHERE key='user:t_thr'"), 0);
  /* the tenth failure locks the name for a quarter of an hour, back-off or not */
  /* (nine failures, the last two minutes ago: past the back-off, within the
  ** quarter of an hour after which a count starts again) */
  q_exec("INSERT INTO login_throttle(key, failures, last_failure) VALUES('user:t_thr', 9, %lld)", (long long)(now_s() - 120));
  CHECK_EQ_INT(login_post("t_thr", "wrong+password+here", NULL, NULL, NULL, &r), 401);
  resp_free(&r);
  CHECK(q_int("SELECT locked_until FROM login_throttle WHERE key='user:t_thr'") > now_s() + 800);
  q_exec("UPDATE login_throttle SET last_failure=last_failure-3600 WHERE key='user:t_thr'");
  CHECK_EQ_INT(login_post("t_thr", PW_FORM, NULL, NULL, NULL, &r), 429);
  resp_free(&r);
  q_exec("UPDATE login_throttle SET locked_until=%lld WHERE key='user:t_thr'", (long long)(now_s() - 1));
  CHECK_EQ_INT(login_post("t_thr", PW_FORM, NULL, NULL, NULL, &r), 303);
  resp_free(&r);
  clear_throttle();
}

/* ---------------------------------------------------------------- 6: sessions */

/* 1 when the session is signed in: the account page answers (200) rather
** than sending the reader to sign in. */
static int session_works(const Sess *s) {
  HttpResp r;
  int st = get("/account", s, &r);
  char loc[128] = "";
  resp_header(&r, "Location", loc, sizeof loc);
  resp_free(&r);
  if (st == 200) return 1;
  if (!(st == 303 && strcmp(loc, "/login?next=/account") == 0)) printf("#   /account: unexpected status %d\n", st);
  return 0;
}

static int api_me_status(const Sess *s) {
  HttpResp r;
  int st = get("/api/v1/me", s, &r);
  resp_free(&r);
  return st;
}

static int64_t last_session_of(const char *name) {
  return q_int("SELECT coalesce(max(id),0) FROM auth_session WHERE user_id=%lld", (long long)user_id(name));
}

static void test_sessions(void) {
  clear_throttle();
  Sess a, b;
  CHECK(sign_in("t_sess", NULL, &a));
  CHECK(session_works(&a));
  /* signing in again from the same browser: a new cookie, the old one ends */
  HttpResp r;
  CHECK_EQ_INT(login_post("t_sess", PW_FORM, NULL, &a, &b, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(strlen(b.cookie), AUTH_TOKEN_HEX);
  CHECK(strcmp(a.cookie, b.cookie) != 0);
  CHECK(!session_works(&a));
  CHECK(fetch_csrf(&b));
  CHECK(strcmp(a.csrf, b.csrf) != 0);
  /* a stale cookie is cleared */
  get("/account", &a, &r);
  char c[256] = "";
  resp_header(&r, "Set-Cookie", c, sizeof c);
  CHECK(strncmp(c, "mj_session=;", 12) == 0 && strstr(c, "Max-Age=0"));
  resp_free(&r);

  /* sign out */
  char body[120];
  snprintf(body, sizeof body, "csrf=%s", b.csrf);
  CHECK_EQ_INT(post_form("/logout", &b, NULL, body, &r), 303);
  char loc[64] = "";
  resp_header(&r, "Location", loc, sizeof loc);
  CHECK_STR(loc, "/");
  c[0] = 0;
  resp_header(&r, "Set-Cookie", c, sizeof c);
  CHECK(strncmp(c, "mj_session=;", 12) == 0 && strstr(c, "Max-Age=0"));
  resp_free(&r);
  CHECK(!session_works(&b));
  CHECK_EQ_INT(api_me_status(&b), 401);

  /* idle: fine just under the limit (and the idle timer restarts), ended past it */
  Sess s;
  CHECK(sign_in("t_sess", NULL, &s));
  int64_t sid = last_session_of("t_sess");
  q_exec("UPDATE auth_session SET last_seen=%lld WHERE id=%lld", (long long)(now_s() - AUTH_IDLE_SECONDS + 120), (long long)sid);
  CHECK(session_works(&s));
  CHECK(q_int("SELECT last_seen FROM auth_session WHERE id=%lld", (long long)sid) >= now_s() - 5);
  q_exec("UPDATE auth_session SET last_seen=%lld WHERE id=%lld", (long long)(now_s() - AUTH_IDLE_SECONDS - 5), (long long)sid);
  CHECK(!session_works(&s));
  CHECK_EQ_INT(api_me_status(&s), 401);

  /* absolute expiry, however busy the session */
  CHECK(sign_in("t_sess", NULL, &s));
  sid = last_session_of("t_sess");
  CHECK(q_int("SELECT expires_at - created_at FROM auth_session WHERE id=%lld", (long long)sid) == AUTH_ABSOLUTE_SECONDS);
  q_exec("UPDATE auth_session SET expires_at=%lld WHERE id=%lld", (long long)(now_s() - 1), (long long)sid);
  CHECK(!session_works(&s));

  /* a change of roles ends the user's sessions: through the admin page ... */
  const RoleUser *admin = &g_users[0];
  CHECK_STR(admin->role, "administrator");
  CHECK(sign_in("t_sess", NULL, &s));
  CHECK(session_works(&s));
  int64_t before = audit_count();
  snprintf(body, sizeof body, "csrf=%s&role=staff&role=member", admin->s.csrf);
  CHECK_EQ_INT(post_form("/admin/users/t_sess/roles", &admin->s, NULL, body, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(audit_count() - before, 1);
  CHECK(q_int("SELECT count(*) FROM audit WHERE id>%lld AND action='user.roles' AND user_name='u_administrator'", (long long)before) == 1);
  char *roles = q_str("SELECT group_concat(role) FROM (SELECT role FROM user_role WHERE user_id=%lld ORDER BY role)",
                      (long long)user_id("t_sess"));
  CHECK_STR(roles, "member,staff");
  free(roles);
  CHECK(!session_works(&s));
  CHECK(session_works(&admin->s)); /* the administrator's own session goes on */
  /* ... and in-process */
  CHECK(sign_in("t_sess", NULL, &s));
  Actor cli = audit_cli_actor();
  CHECK_EQ_INT(auth_user_set_roles(g_db, &cli, "t_sess", "staff"), MJ_OK);
  CHECK(!session_works(&s));
  CHECK_EQ_INT(q_int("SELECT count(*) FROM auth_session WHERE user_id=%lld AND revoked=0", (long long)user_id("t_sess")), 0);
  /* disabling a user ends their sessions too, and they cannot sign in */
  CHECK(sign_in("t_sess", NULL, &s));
  CHECK_EQ_INT(auth_user_set_disabled(g_db, &cli, "t_sess", 1), MJ_OK);
  CHECK(!session_works(&s));
  CHECK_EQ_INT(login_post("t_sess", PW_FORM, NULL, NULL, NULL, &r), 401);
  resp_free(&r);
  CHECK_EQ_INT(auth_user_set_disabled(g_db, &cli, "t_sess", 0), MJ_OK);
  clear_throttle();
}

/* ---------------------------------------------------------------- 7: CSRF and origin */
static void test_csrf_origin(void) {
  clear_throttle();
  Sess s;
  CHECK(sign_in("t_csrf", NULL, &s));
  int64_t uid = user_id("t_csrf");
  int64_t audit0 = audit_count(), tok0 = q_int("SELECT count(*) FROM api_token WHERE user_id=%lld", (long long)uid);
  HttpResp r;
  char body[300], origin[100];
  snprintf(origin, sizeof origin, "Origin: http://127.0.0.1:%d\r\n", port);
  struct {
    const char *what, *csrf, *extra;
  } bad[] = {
    {"no csrf field", NULL, NULL},
    {"a wrong csrf", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL},
    {"a short csrf", "abc", NULL},
    {"an empty csrf", "", NULL},
    {"a cross-site Origin", s.csrf, "Origin: http://evil.example\r\n"},
    {"a cross-site Referer", s.csrf, "Referer: http://evil.example/form\r\n"},
    {"Origin null", s.csrf, "Origin: null\r\n"},
    {"a look-alike Origin", s.csrf, NULL},
  };
  char lookalike[120];
  snprintf(lookalike, sizeof lookalike, "Origin: http://127.0.0.1:%d.evil.example\r\n", port);
  bad[7].extra = lookalike;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (bad[i].csrf) snprintf(body, sizeof body, "name=t1&days=1&csrf=%s", bad[i].csrf);
    else snprintf(body, sizeof body, "name=t1&days=1");
    int st = post_form("/account/tokens", &s, bad[i].extra, body, &r);
    if (st != 403) printf("#   %s: status %d\n", bad[i].what, st);
    CHECK_EQ_INT(st, 403);
    CHECK(r.body && !strstr(r.body, "mjt_"));
    resp_free(&r);
  }
  CHECK_EQ_INT(audit_count(), audit0);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM api_token WHERE user_id=%lld", (long long)uid), tok0);
  /* the right token from this site: a token page */
  snprintf(body, sizeof body, "name=t1&days=1&csrf=%s", s.csrf);
  CHECK_EQ_INT(post_form("/account/tokens", &s, origin, body, &r), 200);
  CHECK_CONTAINS(r.body, "mjt_");
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM api_token WHERE user_id=%lld", (long long)uid), tok0 + 1);
  CHECK_EQ_INT(audit_count(), audit0 + 1);
  /* the header works in place of the field (scripts on the page) */
  char hdr[200];
  snprintf(hdr, sizeof hdr, "%sX-CSRF-Token: %s\r\n", origin, s.csrf);
  CHECK_EQ_INT(post_form("/account/tokens", &s, hdr, "name=t2&days=1", &r), 200);
  resp_free(&r);

  /* reads never change anything */
  int64_t a1 = audit_count();
  CHECK_EQ_INT(get("/logout", &s, &r), 405);
  resp_free(&r);
  CHECK(session_works(&s));
  CHECK_EQ_INT(get("/account", &s, &r), 200);
  resp_free(&r);
  CHECK_EQ_INT(get("/api/v1/me", &s, &r), 200);
  resp_free(&r);
  CHECK_EQ_INT(audit_count(), a1);

  /* signing out through the API needs the token too */
  CHECK_EQ_INT(hreq("DELETE", "/api/v1/session", &s, NULL, NULL, NULL, &r), 403);
  resp_free(&r);
  CHECK(session_works(&s));
  snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s\r\n", s.csrf);
  CHECK_EQ_INT(hreq("DELETE", "/api/v1/session", &s, hdr, NULL, NULL, &r), 200);
  resp_free(&r);
  CHECK(!session_works(&s));
}

/* ---------------------------------------------------------------- 8: API tokens */
static int bearer_get(const char *path, const char *token, HttpResp *r) {
  char h[200];
  snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", token);
  return hreq("GET", path, NULL, h, NULL, NULL, r);
}

static void test_tokens(void) {
  clear_throttle();
  Sess s;
  CHECK(sign_in("t_tok", NULL, &s));
  HttpResp r;
  char body[200], tok[AUTH_TOKEN_HEX + 8] = "";
  snprintf(body, sizeof body, "name=script&days=30&csrf=%s", s.csrf);
  CHECK_EQ_INT(post_form("/account/tokens", &s, NULL, body, &r), 200);
  CHECK(extract(r.body, "<code class=\"secret\" dir=\"ltr\">", '<', tok, sizeof tok));
  resp_free(&r);
  CHECK_EQ_INT(strlen(tok), 4 + AUTH_TOKEN_HEX);
  CHECK(strncmp(tok, "mjt_", 4) == 0);
  int64_t tid = q_int("SELECT coalesce(max(id),0) FROM api_token WHERE user_id=%lld", (long long)user_id("t_tok"));

  /* the token is the user */
  CHECK_EQ_INT(bearer_get("/api/v1/me", tok, &r), 200);
  json_t *j = resp_json(&r);
  CHECK_STR(json_string_value(json_object_get(j, "user")), "t_tok");
  CHECK(has_cap(json_object_get(j, "capabilities"), "staff"));
  json_decref(j);
  resp_free(&r);
  /* a token cannot mint another token or touch the account's credentials */
  {
    char hdr[200];
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", tok);
    int64_t before = q_int("SELECT count(*) FROM api_token");
    CHECK_EQ_INT(hreq("POST", "/account/tokens", NULL, hdr, "application/x-www-form-urlencoded", "name=x&days=0", &r), 403);
    resp_free(&r);
    CHECK_EQ_INT(hreq("POST", "/account/password", NULL, hdr, "application/x-www-form-urlencoded",
                      "current=a+long+test+password&new=another+long+password", &r), 403);
    resp_free(&r);
    CHECK_EQ_INT(q_int("SELECT count(*) FROM api_token"), before);
  }
  /* the language switch works for a signed-in user (its form carries the token) */
  CHECK_EQ_INT(get("/account", &s, &r), 200);
  CHECK_CONTAINS(r.body, "action=\"/lang\"><input type=\"hidden\" name=\"back\"");
  resp_free(&r);
  snprintf(body, sizeof body, "lang=ar&back=%%2Faccount&csrf=%s", s.csrf);
  CHECK_EQ_INT(post_form("/lang", &s, NULL, body, &r), 303);
  resp_free(&r);
  /* with the user's capabilities only */
  CHECK_EQ_INT(bearer_get("/api/v1/users", tok, &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(bearer_get("/api/v1/audit", tok, &r), 403);
  resp_free(&r);

  /* a bad token is refused, never taken for the public */
  char wrong[AUTH_TOKEN_HEX + 8];
  snprintf(wrong, sizeof wrong, "%s", tok);
  wrong[10] = wrong[10] == '0' ? '1' : '0';
  const char *bad[] = {wrong, "mjt_0000000000000000000000000000000000000000000000000000000000000000", "garbage", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK_EQ_INT(bearer_get("/api/v1/me", bad[i], &r), 401);
    char w[128] = "";
    CHECK(resp_header(&r, "WWW-Authenticate", w, sizeof w) && strncmp(w, "Bearer", 6) == 0);
    resp_free(&r);
    CHECK_EQ_INT(bearer_get("/api/v1/health", bad[i], &r), 401);
    resp_free(&r);
  }
  CHECK_EQ_INT(hreq("GET", "/api/v1/health", NULL, "Authorization: Basic dTpw\r\n", NULL, NULL, &r), 401);
  resp_free(&r);
  /* a bad token on a page is refused too */
  CHECK_EQ_INT(bearer_get("/", bad[1], &r), 401);
  resp_free(&r);

  /* stored only as a hash: neither the token nor its secret part is there */
  CHECK_EQ_INT(q_int("SELECT count(*) FROM api_token WHERE instr(id||'|'||user_id||'|'||name||'|'||token_hash||'|'||created_at||'|'||"
                     "coalesce(expires_at,'')||'|'||coalesce(revoked_at,'')||'|'||coalesce(last_used,''), %Q) > 0",
                     tok + 4),
               0);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM auth_session WHERE instr(token_hash||'|'||csrf, %Q) > 0", s.cookie), 0);
  CHECK_EQ_INT(q_int("SELECT length(token_hash) FROM api_token WHERE id=%lld", (long long)tid), 64);

  /* someone else's token cannot be revoked by this user */
  Actor cli = audit_cli_actor();
  char other[AUTH_TOKEN_HEX + 8];
  int64_t oid;
  CHECK_EQ_INT(auth_token_create(g_db, &cli, "u_reporter", "reporter's", 0, other, &oid), MJ_OK);
  snprintf(body, sizeof body, "csrf=%s", s.csrf);
  char path[80];
  snprintf(path, sizeof path, "/account/tokens/%lld/revoke", (long long)oid);
  CHECK_EQ_INT(post_form(path, &s, NULL, body, &r), 403);
  resp_free(&r);
  CHECK_EQ_INT(bearer_get("/api/v1/me", other, &r), 200);
  resp_free(&r);

  /* revoked: refused */
  snprintf(path, sizeof path, "/account/tokens/%lld/revoke", (long long)tid);
  CHECK_EQ_INT(post_form(path, &s, NULL, body, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(bearer_get("/api/v1/me", tok, &r), 401);
  resp_free(&r);

  /* expired: refused */
  char exp[AUTH_TOKEN_HEX + 8];
  int64_t eid;
  CHECK_EQ_INT(auth_token_create(g_db, &cli, "t_tok", "expiring", 1, exp, &eid), MJ_OK);
  CHECK_EQ_INT(bearer_get("/api/v1/me", exp, &r), 200);
  resp_free(&r);
  q_exec("UPDATE api_token SET expires_at=%lld WHERE id=%lld", (long long)(now_s() - 1), (long long)eid);
  CHECK_EQ_INT(bearer_get("/api/v1/me", exp, &r), 401);
  resp_free(&r);

  /* an administrator's token may list users */
  char atok[AUTH_TOKEN_HEX + 8];
  CHECK_EQ_INT(auth_token_create(g_db, &cli, "u_administrator", "admin script", 1, atok, NULL), MJ_OK);
  CHECK_EQ_INT(bearer_get("/api/v1/users", atok, &r), 200);
  CHECK_CONTAINS(r.body, "\"t_tok\"");
  resp_free(&r);
}

/* ---------------------------------------------------------------- 9: withholding */
static void test_withholding(void) {
  clear_throttle();
  HttpResp r;
  CHECK_EQ_INT(hreq("POST", "/api/v1/session", NULL, NULL, "application/json",
                    "{\"user\":\"t_clerk2\",\"password\":\"" PW "\"}", &r), 200);
  Sess s;
  memset(&s, 0, sizeof s);
  set_cookie_value(&r, s.cookie, sizeof s.cookie);
  json_t *j = resp_json(&r);
  CHECK(json_is_true(json_object_get(j, "totp_required_missing")));
  CHECK(!has_cap(json_object_get(j, "capabilities"), "prepare sittings"));
  CHECK(has_cap(json_object_get(j, "capabilities"), "read public"));
  const char *csrf = json_string_value(json_object_get(j, "csrf_token"));
  CHECK(csrf && strlen(csrf) == AUTH_TOKEN_HEX);
  if (csrf) mj_strlcpy(s.csrf, csrf, sizeof s.csrf);
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get("/api/v1/me", &s, &r), 200);
  j = resp_json(&r);
  CHECK(json_is_true(json_object_get(j, "totp_required_missing")));
  CHECK(!has_cap(json_object_get(j, "capabilities"), "prepare sittings"));
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get("/account", &s, &r), 200);
  CHECK_CONTAINS(r.body, "Your role needs two-factor sign-in");
  resp_free(&r);

  /* an administrator without TOTP is refused the user list, and told why */
  Sess a;
  CHECK(sign_in("t_admin2", NULL, &a));
  CHECK_EQ_INT(get("/api/v1/users", &a, &r), 403);
  CHECK_CONTAINS(r.body, "two-factor");
  resp_free(&r);

  /* the instance turns the requirement off: the next request has it all */
  CHECK_EQ_INT(db_meta_set(g_db, "require_totp", "0"), MJ_OK);
  CHECK_EQ_INT(get("/api/v1/me", &s, &r), 200);
  j = resp_json(&r);
  CHECK(json_is_false(json_object_get(j, "totp_required_missing")));
  CHECK(has_cap(json_object_get(j, "capabilities"), "prepare sittings"));
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get("/api/v1/users", &a, &r), 200);
  resp_free(&r);
  /* and back on */
  CHECK_EQ_INT(db_meta_set(g_db, "require_totp", "1"), MJ_OK);
  CHECK_EQ_INT(get("/api/v1/me", &s, &r), 200);
  j = resp_json(&r);
  CHECK(!has_cap(json_object_get(j, "capabilities"), "prepare sittings"));
  json_decref(j);
  resp_free(&r);
  CHECK_EQ_INT(get("/api/v1/users", &a, &r), 403);
  resp_free(&r);
}

/* ---------------------------------------------------------------- 10: passwords */
static void test_passwords(void) {
  clear_throttle();
  Sess s1, s2;
  CHECK(sign_in("t_pw", NULL, &s1));
  CHECK(sign_in("t_pw", NULL, &s2));
  char *h0 = q_str("SELECT pw_hash FROM user WHERE name='t_pw'");
  CHECK(strncmp(h0, "$argon2id$", 10) == 0);
  HttpResp r;
  char body[300];
  int64_t a0 = audit_count();
  snprintf(body, sizeof body, "csrf=%s&current=wrong+password+here&new=another+long+password", s1.csrf);
  CHECK_EQ_INT(post_form("/account/password", &s1, NULL, body, &r), 400);
  resp_free(&r);
  snprintf(body, sizeof body, "csrf=%s&current=" PW_FORM "&new=short", s1.csrf);
  CHECK_EQ_INT(post_form("/account/password", &s1, NULL, body, &r), 400);
  CHECK_CONTAINS(r.body, "12 characters");
  resp_free(&r);
  snprintf(body, sizeof body, "csrf=%s&current=" PW_FORM "&new=password1234", s1.csrf);
  CHECK_EQ_INT(post_form("/account/password", &s1, NULL, body, &r), 400); /* a common one */
  resp_free(&r);
  snprintf(body, sizeof body, "csrf=%s&current=" PW_FORM, s1.csrf);
  CHECK_EQ_INT(post_form("/account/password", &s1, NULL, body, &r), 400); /* no new one */
  resp_free(&r);
  char *h1 = q_str("SELECT pw_hash FROM user WHERE name='t_pw'");
  CHECK_STR(h1, h0);
  CHECK_EQ_INT(audit_count(), a0);
  CHECK(session_works(&s2));
  snprintf(body, sizeof body, "csrf=%s&current=" PW_FORM "&new=another+long+password", s1.csrf);
  CHECK_EQ_INT(post_form("/account/password", &s1, NULL, body, &r), 303);
  resp_free(&r);
  char *h2 = q_str("SELECT pw_hash FROM user WHERE name='t_pw'");
  CHECK(strcmp(h2, h0) != 0);
  CHECK(strncmp(h2, "$argon2id$", 10) == 0);
  CHECK(session_works(&s1));
  CHECK(!session_works(&s2));
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit WHERE id>%lld AND action='auth.password_change' AND user_name='t_pw'", (long long)a0), 1);
  CHECK_EQ_INT(login_post("t_pw", PW_FORM, NULL, NULL, NULL, &r), 401);
  resp_free(&r);
  clear_throttle();
  CHECK_EQ_INT(login_post("t_pw", "another+long+password", NULL, NULL, NULL, &r), 303);
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM user WHERE pw_hash IS NOT NULL AND pw_hash NOT LIKE '$argon2id$%%'"), 0);
  CHECK(q_int("SELECT count(*) FROM user WHERE pw_hash LIKE '$argon2id$%%'") >= NROLES);
  free(h0);
  free(h1);
  free(h2);
}

/* ---------------------------------------------------------------- 11: the audit trail */
static void test_audit(void) {
  const char *actions[] = {"user.create", "auth.totp_enable", "auth.login", "auth.login_failed", "auth.logout",
                           "auth.token_create", "auth.token_revoke", "user.roles", "user.disable", "user.enable",
                           "auth.password_change"};
  for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
    int64_t n = q_int("SELECT count(*) FROM audit WHERE action=%Q", actions[i]);
    if (n < 1) printf("#   no audit row for %s\n", actions[i]);
    CHECK(n >= 1);
  }
  /* one sign-in row per role user at least, made from the test's address */
  for (int i = 0; i < NROLES; i++)
    CHECK(q_int("SELECT count(*) FROM audit WHERE action='auth.login' AND user_name=%Q AND address='127.0.0.1'",
                g_users[i].name) >= 1);
  int64_t bad = 0, n = 0;
  int rc = audit_verify(g_db, &bad, &n);
  if (rc) printf("#   audit_verify: %s (row %lld)\n", mj_errmsg(), (long long)bad);
  CHECK_EQ_INT(rc, MJ_OK);
  CHECK_EQ_INT(n, audit_count());
}

/* ---------------------------------------------------------------- main */
static void remove_db(const char *path) {
  char w[600];
  remove(path);
  snprintf(w, sizeof w, "%s-wal", path);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", path);
  remove(w);
  snprintf(w, sizeof w, "%s.key", path);
  remove(w);
}

static int setup_users(void) {
  Actor cli = audit_cli_actor();
  for (int i = 0; i < NROLES; i++) {
    RoleUser *u = &g_users[i];
    u->role = role_names[i];
    snprintf(u->name, sizeof u->name, "u_%s", u->role);
    const RoleDef *d = user_role_find(u->role);
    if (!d) {
      printf("#   no role %s\n", u->role);
      return 0;
    }
    u->caps = d->caps;
    if (!make_user(u->name, u->role)) return 0;
    const char *uri;
    if (auth_totp_enrol_direct(g_db, g_arena, &cli, u->name, &u->secret, &uri, u->codes)) {
      printf("#   auth_totp_enrol_direct %s: %s\n", u->name, mj_errmsg());
      return 0;
    }
  }
  const char *uri;
  if (!make_user("t_totp", "member") ||
      auth_totp_enrol_direct(g_db, g_arena, &cli, "t_totp", &totp_secret, &uri, totp_codes))
    return 0;
  return make_user("t_thr", "staff") && make_user("t_thr2", "staff") && make_user("t_sess", "staff") &&
         make_user("t_csrf", "staff") && make_user("t_tok", "staff") && make_user("t_clerk2", "clerk") &&
         make_user("t_admin2", "administrator") && make_user("t_pw", "staff");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  th_tmpdb(g_dbpath, sizeof g_dbpath, "auth");
  {
    char k[600];
    snprintf(k, sizeof k, "%s.key", g_dbpath);
    remove(k);
  }
  int rc = db_open(g_dbpath, DB_CREATE | DB_MUST_NEW, &g_db);
  if (rc) {
    printf("not ok - cannot create %s: %s\n", g_dbpath, mj_errmsg());
    return 1;
  }
  g_arena = arena_new();
  Actor who = audit_cli_actor();
  DemoOptions o = {7, "2026-11-23", NULL, NULL, NULL};
  DemoResult res;
  if ((rc = demo_create(g_db, &who, &o, &res)) || !setup_users()) {
    printf("not ok - setting up: %s\n", mj_errmsg());
    db_close(g_db);
    remove_db(g_dbpath);
    return 1;
  }
  ServerConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.db_path = g_dbpath;
  cfg.listen = "127.0.0.1:0";
  cfg.quiet = 1;
  cfg.threads = 2;
  cfg.heartbeat_ms = 300;
  cfg.max_body = 65536;
  Server *srv;
  if ((rc = server_start(&cfg, &srv, &port)) || port <= 0) {
    printf("not ok - server_start: %s\n", mj_errmsg());
    db_close(g_db);
    remove_db(g_dbpath);
    return 1;
  }

  RUN(test_matrix);
  RUN(test_signin_failures_alike);
  RUN(test_totp);
  RUN(test_throttle);
  RUN(test_sessions);
  RUN(test_csrf_origin);
  RUN(test_tokens);
  RUN(test_withholding);
  RUN(test_passwords);
  RUN(test_audit);

  server_stop(srv);
  arena_free(g_arena);
  db_close(g_db);
  remove_db(g_dbpath);
  return DONE();
}
