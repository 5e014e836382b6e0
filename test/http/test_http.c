/*
** test_http: the web face end to end. A fresh demo parliament (seed 7,
** anchored on 2026-11-23) is served in-process on an ephemeral port and
** every test talks to it over real sockets: pages in three languages,
** security headers, error replies, body limits, the JSON API and its
** OpenAPI document, static assets, live events (replay, reconnection,
** heartbeats, hundreds of idle clients) and, in a separate server process,
** graceful shutdown on SIGTERM. Every wait is bounded; nothing sleeps.
** Set MAJLIS_BIN to the majlis binary for the shutdown test (default: the
** one next to this test's build directory, then build/majlis).
*/
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "event.h"
#include "web.h"

static int port;           /* the in-process server */
static char g_bin[1024];   /* majlis binary for the shutdown test */

/* ---------------------------------------------------------------- helpers */

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remaining(int64_t deadline) {
  int64_t left = deadline - now_ms();
  return left < 0 ? 0 : (int)left;
}

/* One request with extra headers and/or a body. */
static int req(const char *method, const char *path, const char *headers, const char *body, HttpResp *r) {
  return http_req(port, method, path, headers, body, body ? strlen(body) : 0, r);
}

static int has_header(const HttpResp *r, const char *name) {
  char v[8];
  return resp_header(r, name, v, sizeof v);
}

/* The body as JSON (NULL if it does not parse). */
static json_t *resp_json(const HttpResp *r) {
  json_error_t e;
  return r->body ? json_loadb(r->body, r->body_len, 0, &e) : NULL;
}

/* Checks the one error shape {"error":{"code":code,"message":"..."}}. */
static int is_api_error(const HttpResp *r, const char *code) {
  char ct[128] = "";
  resp_header(r, "Content-Type", ct, sizeof ct);
  json_t *j = resp_json(r);
  json_t *e = j ? json_object_get(j, "error") : NULL;
  const char *c = json_string_value(json_object_get(e, "code"));
  int ok = strncmp(ct, "application/json", 16) == 0 && json_is_object(e) && c && strcmp(c, code) == 0 &&
           json_is_string(json_object_get(e, "message")) && json_string_length(json_object_get(e, "message")) > 0 &&
           json_object_size(j) == 1;
  json_decref(j);
  return ok;
}

/* Copies the attribute value that follows `marker` up to `end` into out. */
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

static int64_t db_max_event(void) { return event_last_id(g_db); }

/* One integer from the test's database. */
static int64_t q_int_http(const char *sql) { return db_int(g_db, sql, 0, 0, -1); }

/* Appends one live event as another part of the program would, and wakes
** the hub. Returns its id (0 on failure). */
static int64_t append_event(const char *type, const char *payload) {
  int64_t id = 0;
  if (db_begin(g_db)) return 0;
  if (event_append(g_db, 0, type, payload, &id)) {
    db_rollback(g_db);
    return 0;
  }
  if (db_commit(g_db)) return 0;
  event_notify();
  return id;
}

/* ---------------------------------------------------------------- streams
** A raw connection kept open: reads without blocking, de-chunks the body
** into `data` (NUL-terminated), and notices the end of the stream. */
typedef struct Stream {
  int fd, status, head_done, chunked, eof, ended;
  char head[2048];
  char *raw;
  size_t rn, rcap, rpos;
  char *data;
  size_t dn, dcap;
} Stream;

static void grow_add(char **p, size_t *n, size_t *cap, const char *src, size_t k) {
  if (*n + k + 1 > *cap) {
    size_t c = *cap ? *cap : 4096;
    while (c < *n + k + 1) c *= 2;
    *p = realloc(*p, c);
    *cap = c;
  }
  memcpy(*p + *n, src, k);
  *n += k;
  (*p)[*n] = 0;
}

static void stream_decode(Stream *s) {
  if (!s->head_done) {
    char *e = s->rn ? memmem(s->raw, s->rn, "\r\n\r\n", 4) : NULL;
    if (!e) return;
    size_t hl = (size_t)(e - s->raw);
    size_t k = hl < sizeof s->head - 1 ? hl : sizeof s->head - 1;
    memcpy(s->head, s->raw, k);
    s->head[k] = 0;
    sscanf(s->head, "HTTP/1.%*d %d", &s->status);
    s->chunked = strcasestr(s->head, "\ntransfer-encoding: chunked") != NULL;
    s->rpos = hl + 4;
    s->head_done = 1;
  }
  if (!s->chunked) {
    if (s->rn > s->rpos) grow_add(&s->data, &s->dn, &s->dcap, s->raw + s->rpos, s->rn - s->rpos);
    s->rpos = s->rn;
  } else {
    while (!s->ended && s->rpos < s->rn) {
      char *line = s->raw + s->rpos;
      size_t avail = s->rn - s->rpos;
      char *crlf = memmem(line, avail, "\r\n", 2);
      if (!crlf) break;
      unsigned long k = strtoul(line, NULL, 16);
      size_t hdr = (size_t)(crlf + 2 - line);
      if (k == 0) {
        s->ended = 1;
        s->rpos += hdr;
        break;
      }
      if (avail < hdr + k + 2) break;
      grow_add(&s->data, &s->dn, &s->dcap, line + hdr, k);
      s->rpos += hdr + k + 2;
    }
  }
  if (s->rpos == s->rn) s->rpos = s->rn = 0;
}

/* Reads whatever is available without blocking. */
static void stream_pump(Stream *s) {
  char tmp[16384];
  for (;;) {
    ssize_t k = recv(s->fd, tmp, sizeof tmp, MSG_DONTWAIT);
    if (k > 0) {
      grow_add(&s->raw, &s->rn, &s->rcap, tmp, (size_t)k);
      continue;
    }
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (k < 0 && errno == EINTR) continue;
    s->eof = 1;
    break;
  }
  stream_decode(s);
}

/* Connects and sends a GET; 0 on success. */
static int stream_open_port(Stream *s, int p, const char *path, const char *extra) {
  memset(s, 0, sizeof *s);
  s->fd = http_connect(p);
  if (s->fd < 0) return -1;
  char head[1024];
  int n = snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n%s\r\n",
                   path, p, extra ? extra : "");
  return send_all(s->fd, head, (size_t)n);
}

static int stream_open(Stream *s, const char *path, const char *extra) {
  return stream_open_port(s, port, path, extra);
}

static void stream_close(Stream *s) {
  if (s->fd >= 0) close(s->fd);
  free(s->raw);
  free(s->data);
  memset(s, 0, sizeof *s);
  s->fd = -1;
}

/* Waits until `needle` appears in the body at or after offset `from`;
** returns its offset, or -1 on timeout or end of stream. */
static long stream_wait(Stream *s, size_t from, const char *needle, int timeout_ms) {
  int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    if (s->data && s->dn > from) {
      char *p = memmem(s->data + from, s->dn - from, needle, strlen(needle));
      if (p) return (long)(p - s->data);
    }
    if (s->eof || s->ended || remaining(deadline) == 0) return -1;
    struct pollfd pf = {s->fd, POLLIN, 0};
    if (poll(&pf, 1, remaining(deadline)) > 0) stream_pump(s);
  }
}

/* Waits until the peer closes the connection; 1 if it did in time. */
static int stream_wait_eof(Stream *s, int timeout_ms) {
  int64_t deadline = now_ms() + timeout_ms;
  while (!s->eof) {
    if (remaining(deadline) == 0) return 0;
    struct pollfd pf = {s->fd, POLLIN, 0};
    if (poll(&pf, 1, remaining(deadline)) > 0) stream_pump(s);
  }
  return 1;
}

/* Waits until every stream has `needle` after its own from[i]; returns how
** many did before the deadline. */
static int streams_wait_all(Stream *ss, int n, const size_t *from, const char *needle, int timeout_ms) {
  int64_t deadline = now_ms() + timeout_ms;
  char *done = calloc((size_t)n, 1);
  struct pollfd *pf = calloc((size_t)n, sizeof *pf);
  int *idx = calloc((size_t)n, sizeof *idx);
  int ndone = 0;
  for (;;) {
    int np = 0;
    for (int i = 0; i < n; i++) {
      if (done[i]) continue;
      Stream *s = &ss[i];
      if (s->data && s->dn > from[i] && memmem(s->data + from[i], s->dn - from[i], needle, strlen(needle))) {
        done[i] = 1;
        ndone++;
        continue;
      }
      if (s->eof || s->ended) continue;
      pf[np].fd = s->fd;
      pf[np].events = POLLIN;
      pf[np].revents = 0;
      idx[np++] = i;
    }
    if (!np || remaining(deadline) == 0) break;
    if (poll(pf, (nfds_t)np, remaining(deadline)) <= 0) continue;
    for (int k = 0; k < np; k++)
      if (pf[k].revents) stream_pump(&ss[idx[k]]);
  }
  free(done);
  free(pf);
  free(idx);
  return ndone;
}

/* The ids of the "id: N" lines of an event stream, in order. */
static int stream_ids(const char *data, int64_t *ids, int max) {
  int n = 0;
  for (const char *p = data; p && *p && n < max; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
    if (strncmp(p, "id: ", 4) == 0) ids[n++] = strtoll(p + 4, NULL, 10);
  return n;
}

/* The sitting calendar: the month's grid, Saturday first, its sittings
** linked; a bad month is refused. */
static void test_calendar(void) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/calendar?month=2026-11", &r), 200);
  CHECK_CONTAINS(r.body, "نوفمبر 2026");
  CHECK_CONTAINS(r.body, "<th scope=\"col\">السبت</th>");
  /* 1 November 2026 is a Sunday: one empty Saturday cell, then the 1st */
  CHECK_CONTAINS(r.body, "<tr><td class=\"pad\"></td><td><span class=\"day\">1</span>");
  int64_t sid = q_int_http("SELECT id FROM sitting WHERE date='2026-11-17' LIMIT 1");
  char link[64];
  snprintf(link, sizeof link, "href=\"/sittings/%lld\"", (long long)sid);
  CHECK_CONTAINS(r.body, link);
  CHECK_CONTAINS(r.body, "/calendar.ics");
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/calendar?month=2026-13", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/calendar?month=abc", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/calendar?month=2026-11&lang=en", &r), 200);
  CHECK_CONTAINS(r.body, "November 2026");
  resp_free(&r);
}

/* ---------------------------------------------------------------- 1 */
static void test_home_languages(void) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  CHECK_CONTAINS(r.body, "الجلسات القادمة");
  /* the chamber today: the sitting in progress with its live screen, and the latest votes */
  CHECK_CONTAINS(r.body, "منعقدة الآن");
  CHECK_CONTAINS(r.body, "/live\">");
  CHECK_CONTAINS(r.body, "آخر التصويتات");
  CHECK_CONTAINS(r.body, "href=\"/votes/");
  char ct[128] = "";
  resp_header(&r, "Content-Type", ct, sizeof ct);
  CHECK_STR(ct, "text/html; charset=utf-8");
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/?lang=en", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"en\" dir=\"ltr\">");
  CHECK_CONTAINS(r.body, "Upcoming sittings");
  CHECK(!strstr(r.body, "الجلسات القادمة"));
  resp_free(&r);

  CHECK_EQ_INT(req("GET", "/", "Accept-Language: az,en;q=0.5\r\n", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"az\" dir=\"ltr\">");
  CHECK_CONTAINS(r.body, "Qarşıdakı iclaslar");
  resp_free(&r);

  CHECK_EQ_INT(req("GET", "/", "Accept-Language: az,en;q=0.5\r\nCookie: lang=en\r\n", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"en\" dir=\"ltr\">");
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/?lang=xx", &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  resp_free(&r);
  /* an invalid ?lang= falls back to the next hint, not straight to the default */
  CHECK_EQ_INT(req("GET", "/?lang=xx", "Accept-Language: az\r\n", NULL, &r), 200);
  CHECK_CONTAINS(r.body, "<html lang=\"az\" dir=\"ltr\">");
  resp_free(&r);
}

/* ---------------------------------------------------------------- 2 */
static void check_security_headers(const HttpResp *r, const char *what) {
  char csp[512] = "", v[128] = "";
  if (!resp_header(r, "Content-Security-Policy", csp, sizeof csp)) printf("#   no CSP on %s\n", what);
  CHECK_CONTAINS(csp, "frame-ancestors 'none'");
  CHECK_CONTAINS(csp, "'nonce-");
  CHECK(resp_header(r, "X-Content-Type-Options", v, sizeof v));
  CHECK_STR(v, "nosniff");
  v[0] = 0;
  CHECK(resp_header(r, "Referrer-Policy", v, sizeof v));
  CHECK(v[0] != 0);
}

/* The CSP nonce of a reply and the nonce of its page's <script>. */
static void nonces(const HttpResp *r, char *hdr, char *page, size_t n) {
  char csp[512] = "";
  hdr[0] = page[0] = 0;
  resp_header(r, "Content-Security-Policy", csp, sizeof csp);
  extract(csp, "'nonce-", '\'', hdr, n);
  extract(r->body, "<script nonce=\"", '"', page, n);
}

static void test_security_headers(void) {
  HttpResp a, b;
  char ha[64], pa[64], hb[64], pb[64];
  CHECK_EQ_INT(GET(port, "/", &a), 200);
  CHECK_EQ_INT(GET(port, "/", &b), 200);
  check_security_headers(&a, "the home page");
  nonces(&a, ha, pa, sizeof ha);
  nonces(&b, hb, pb, sizeof hb);
  CHECK(strlen(ha) >= 16);
  CHECK_STR(pa, ha);
  CHECK_STR(pb, hb);
  CHECK(strcmp(ha, hb) != 0);
  resp_free(&a);
  resp_free(&b);

  CHECK_EQ_INT(GET(port, "/api/v1/health", &a), 200);
  check_security_headers(&a, "an API reply");
  resp_free(&a);

  CHECK_EQ_INT(GET(port, "/static/css/majlis.css", &a), 200);
  check_security_headers(&a, "a static file");
  resp_free(&a);

  CHECK_EQ_INT(GET(port, "/no/such/page", &a), 404);
  check_security_headers(&a, "the 404 page");
  nonces(&a, ha, pa, sizeof ha);
  CHECK(ha[0] != 0);
  CHECK_STR(pa, ha);
  resp_free(&a);

  CHECK_EQ_INT(GET(port, "/api/v1/nope", &a), 404);
  check_security_headers(&a, "an API error");
  resp_free(&a);
}

/* ---------------------------------------------------------------- 3 */
static void test_errors(void) {
  HttpResp r;
  char v[256];
  CHECK_EQ_INT(GET(port, "/no/such/page", &r), 404);
  v[0] = 0;
  resp_header(&r, "Content-Type", v, sizeof v);
  CHECK_CONTAINS(v, "text/html");
  CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  CHECK_CONTAINS(r.body, "<title>الصفحة غير موجودة");
  CHECK_CONTAINS(r.body, "<h1>الصفحة غير موجودة</h1>");
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/no/such/page?lang=en", &r), 404);
  CHECK_CONTAINS(r.body, "<title>Page not found");
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/api/v1/nope", &r), 404);
  CHECK(is_api_error(&r, "not_found"));
  resp_free(&r);

  CHECK_EQ_INT(req("DELETE", "/", NULL, NULL, &r), 405);
  v[0] = 0;
  CHECK(resp_header(&r, "Allow", v, sizeof v));
  CHECK_CONTAINS(v, "GET");
  /* the page says what happened, in the request's language */
  CHECK_CONTAINS(r.body, "<title>الطريقة غير مسموح بها");
  resp_free(&r);

  CHECK_EQ_INT(req("POST", "/api/v1/health", NULL, "", &r), 405);
  v[0] = 0;
  CHECK(resp_header(&r, "Allow", v, sizeof v));
  CHECK_CONTAINS(v, "GET");
  json_t *j = resp_json(&r);
  CHECK(json_is_object(json_object_get(j, "error")));
  json_decref(j);
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/sittings/999999", &r), 404);
  CHECK_CONTAINS(r.body, "الصفحة غير موجودة");
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/sittings/abc", &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/api/v1/sittings/999999", &r), 404);
  CHECK(is_api_error(&r, "not_found"));
  resp_free(&r);
}

/* ---------------------------------------------------------------- 4 */
static void test_too_big(void) {
  HttpResp r;
  size_t n = 100 * 1024;
  char *big = malloc(n + 1);
  memset(big, ' ', n);
  big[0] = '{';
  big[n - 1] = '}';
  big[n] = 0;
  CHECK_EQ_INT(http_req(port, "POST", "/api/v1/preferences/language", "Content-Type: application/json\r\n", big, n, &r),
               413);
  CHECK(is_api_error(&r, "too_big"));
  CHECK(!has_header(&r, "Set-Cookie"));
  resp_free(&r);
  free(big);

  /* announces 10 MB, sends a few bytes: refused without waiting for the rest */
  int fd = http_connect(port);
  CHECK(fd >= 0);
  if (fd < 0) return;
  char head[512];
  int hn = snprintf(head, sizeof head,
                    "POST /api/v1/preferences/language HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                    "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{\"lang\":",
                    port);
  CHECK_EQ_INT(send_all(fd, head, (size_t)hn), 0);
  int64_t t0 = now_ms();
  size_t len;
  char *raw = read_all(fd, &len, 3000);
  close(fd);
  memset(&r, 0, sizeof r);
  parse_resp(raw, len, &r);
  CHECK_EQ_INT(r.status, 413);
  CHECK(now_ms() - t0 < 2500); /* answered at once, not after a timeout */
  CHECK(is_api_error(&r, "too_big"));
  resp_free(&r);
}

/* ---------------------------------------------------------------- 5 */
static void test_malformed_json(void) {
  static const char *bad[] = {"{\"lang\":", "not json", "{\"lang\":\"en\",\"lang\":\"ar\"}", "{\"lang\":\"fr\"}",
                              "[\"en\"]", "{\"lang\":1}"};
  const char *ct = "Content-Type: application/json\r\n";
  for (size_t i = 0; i < MJ_COUNT(bad); i++) {
    HttpResp r;
    int st = req("POST", "/api/v1/preferences/language", ct, bad[i], &r);
    if (st != 400 || !is_api_error(&r, "invalid")) printf("#   body %s: status %d: %s\n", bad[i], st, r.body);
    CHECK_EQ_INT(st, 400);
    CHECK(is_api_error(&r, "invalid"));
    CHECK(!has_header(&r, "Set-Cookie"));
    resp_free(&r);
  }
  HttpResp r;
  CHECK_EQ_INT(req("POST", "/api/v1/preferences/language", ct, NULL, &r), 400);
  CHECK(is_api_error(&r, "invalid"));
  resp_free(&r);

  CHECK_EQ_INT(req("POST", "/api/v1/preferences/language", ct, "{\"lang\":\"en\"}", &r), 200);
  char cookie[256] = "";
  CHECK(resp_header(&r, "Set-Cookie", cookie, sizeof cookie));
  CHECK(strncmp(cookie, "lang=en;", 8) == 0);
  json_t *j = resp_json(&r);
  CHECK_STR(json_string_value(json_object_get(j, "lang")), "en");
  json_decref(j);
  resp_free(&r);
}

/* ---------------------------------------------------------------- 6 */
static void test_lang_form(void) {
  const char *form = "Content-Type: application/x-www-form-urlencoded\r\n";
  HttpResp r;
  char v[512];
  CHECK_EQ_INT(req("POST", "/lang", form, "lang=en&back=%2Fsittings", &r), 303);
  v[0] = 0;
  resp_header(&r, "Location", v, sizeof v);
  CHECK_STR(v, "/sittings");
  v[0] = 0;
  CHECK(resp_header(&r, "Set-Cookie", v, sizeof v));
  CHECK(strncmp(v, "lang=en;", 8) == 0);
  resp_free(&r);

  CHECK_EQ_INT(req("POST", "/lang", form, "lang=az&back=//evil.example", &r), 303);
  v[0] = 0;
  resp_header(&r, "Location", v, sizeof v);
  CHECK_STR(v, "/");
  resp_free(&r);

  CHECK_EQ_INT(req("POST", "/lang", form, "lang=az&back=https%3A%2F%2Fevil.example%2F", &r), 303);
  v[0] = 0;
  resp_header(&r, "Location", v, sizeof v);
  CHECK_STR(v, "/");
  resp_free(&r);

  char hdrs[256];
  snprintf(hdrs, sizeof hdrs, "%sOrigin: http://evil.example\r\n", form);
  CHECK_EQ_INT(req("POST", "/lang", hdrs, "lang=en&back=%2F", &r), 403);
  CHECK(!has_header(&r, "Set-Cookie"));
  resp_free(&r);

  /* the same origin is fine */
  snprintf(hdrs, sizeof hdrs, "%sOrigin: http://127.0.0.1:%d\r\n", form, port);
  CHECK_EQ_INT(req("POST", "/lang", hdrs, "lang=en&back=%2F", &r), 303);
  CHECK(has_header(&r, "Set-Cookie"));
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/lang", &r), 405);
  v[0] = 0;
  CHECK(resp_header(&r, "Allow", v, sizeof v));
  CHECK_CONTAINS(v, "POST");
  resp_free(&r);
}

/* ---------------------------------------------------------------- 7 */
static void test_static(void) {
  HttpResp r;
  char css[512] = "", etag[128] = "", v[256] = "";
  CHECK_EQ_INT(GET(port, "/", &r), 200);
  CHECK(extract(r.body, "<link rel=\"stylesheet\" href=\"", '"', css, sizeof css));
  resp_free(&r);
  CHECK(strncmp(css, "/static/css/majlis.css?v=", 25) == 0);
  if (!css[0]) return;

  CHECK_EQ_INT(GET(port, css, &r), 200);
  resp_header(&r, "Content-Type", v, sizeof v);
  CHECK_STR(v, "text/css; charset=utf-8");
  CHECK(resp_header(&r, "ETag", etag, sizeof etag));
  CHECK(strlen(etag) > 2 && etag[0] == '"');
  v[0] = 0;
  resp_header(&r, "Cache-Control", v, sizeof v);
  CHECK_CONTAINS(v, "max-age=31536000");
  CHECK(r.body_len > 100);
  /* the version in the link is the content hash */
  if (strlen(etag) > 2) {
    char ver[64];
    size_t k = strlen(etag) - 2 < 16 ? strlen(etag) - 2 : 16;
    memcpy(ver, etag + 1, k);
    ver[k] = 0;
    CHECK_STR(css + 25, ver);
  }
  resp_free(&r);

  char hdr[256];
  snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
  CHECK_EQ_INT(req("GET", css, hdr, NULL, &r), 304);
  CHECK_EQ_INT(r.body_len, 0);
  v[0] = 0;
  CHECK(resp_header(&r, "ETag", v, sizeof v));
  CHECK_STR(v, etag);
  resp_free(&r);

  CHECK_EQ_INT(req("GET", css, "If-None-Match: \"0123456789abcdef\"\r\n", NULL, &r), 200);
  CHECK(r.body_len > 100);
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/static/nope.css", &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/static/css/nope.css", &r), 404);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/static/..%2Fopenapi.json", &r), 404);
  resp_free(&r);
}

/* ---------------------------------------------------------------- 8 */
static void test_api(void) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/api/v1/health", &r), 200);
  json_t *j = resp_json(&r);
  CHECK(j != NULL);
  CHECK_STR(json_string_value(json_object_get(j, "status")), "ok");
  json_t *d = json_object_get(j, "database");
  CHECK(json_is_integer(json_object_get(d, "schema_version")));
  CHECK_EQ_INT(json_integer_value(json_object_get(d, "schema_version")), db_schema_version());
  json_decref(j);
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/api/v1/sittings?when=upcoming", &r), 200);
  j = resp_json(&r);
  json_t *arr = json_object_get(j, "sittings");
  /* today's sitting (in progress) first, then next week's (scheduled) */
  CHECK_EQ_INT(json_array_size(arr), 2);
  CHECK_STR(json_string_value(json_object_get(json_array_get(arr, 0), "status")), "open");
  CHECK_STR(json_string_value(json_object_get(json_array_get(arr, 0), "date")), "2026-11-23");
  CHECK_STR(json_string_value(json_object_get(json_array_get(arr, 1), "status")), "scheduled");
  json_decref(j);
  resp_free(&r);

  CHECK_EQ_INT(GET(port, "/api/v1/sittings/1", &r), 200);
  j = resp_json(&r);
  CHECK(j != NULL);
  CHECK_EQ_INT(json_integer_value(json_object_get(j, "id")), 1);
  CHECK(json_array_size(json_object_get(j, "agenda")) > 0);
  json_t *sp = json_object_get(j, "speeches");
  CHECK(json_array_size(sp) > 0);
  int with_creator = 0;
  for (size_t i = 0; i < json_array_size(sp); i++) {
    json_t *s = json_array_get(sp, i);
    json_t *c = json_object_get(s, "creator_id");
    CHECK(c != NULL && (json_is_null(c) || json_is_string(c)));
    if (json_is_string(c) && strncmp(json_string_value(c), "person/", 7) == 0) with_creator++;
    CHECK(json_is_string(json_object_get(s, "text")) && json_string_length(json_object_get(s, "text")) > 0);
  }
  CHECK(with_creator > 0);
  json_t *ves = json_object_get(j, "vote_events");
  CHECK(json_array_size(ves) > 0);
  for (size_t i = 0; i < json_array_size(ves); i++) {
    json_t *ve = json_array_get(ves, i);
    const char *ident = json_string_value(json_object_get(ve, "identifier"));
    CHECK(ident && strncmp(ident, "vote/", 5) == 0);
    if (!ident || strncmp(ident, "vote/", 5) != 0) continue;
    long long vid = strtoll(ident + 5, NULL, 10);
    json_t *counts = json_object_get(ve, "counts");
    CHECK_EQ_INT(json_array_size(counts), 3);
    long long sum = 0;
    for (size_t k = 0; k < json_array_size(counts); k++)
      sum += json_integer_value(json_object_get(json_array_get(counts, k), "value"));
    int64_t ballots = db_int(g_db, "SELECT count(*) FROM ballot WHERE vote_event_id = ?1", 1, vid, -1);
    CHECK(ballots > 0);
    CHECK_EQ_INT(sum, ballots);
  }
  json_decref(j);
  resp_free(&r);

  static const char *bad[] = {"/api/v1/sittings?limit=0", "/api/v1/sittings?limit=abc", "/api/v1/sittings?when=soon",
                              "/api/v1/sittings?limit=501", "/api/v1/sittings/abc", "/api/v1/organizations?classification=x"};
  for (size_t i = 0; i < MJ_COUNT(bad); i++) {
    int st = GET(port, bad[i], &r);
    if (st != 400) printf("#   %s: status %d\n", bad[i], st);
    CHECK_EQ_INT(st, 400);
    CHECK(is_api_error(&r, "invalid"));
    resp_free(&r);
  }
}

/* ---------------------------------------------------------------- 9 */
static void test_openapi(void) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/api/v1/openapi.json", &r), 200);
  json_t *j = resp_json(&r);
  CHECK(j != NULL);
  CHECK_STR(json_string_value(json_object_get(j, "openapi")), "3.1.0");
  json_t *paths = json_object_get(j, "paths");
  CHECK(json_is_object(paths));
  int n, napi = 0;
  const Route *rt = web_routes(&n);
  for (int i = 0; i < n; i++) {
    if (strncmp(rt[i].pattern, "/api/", 5) != 0) continue;
    napi++;
    char m[16];
    size_t k = 0;
    for (; rt[i].method[k] && k < sizeof m - 1; k++) m[k] = (char)(rt[i].method[k] | 0x20);
    m[k] = 0;
    json_t *op = json_object_get(json_object_get(paths, rt[i].pattern), m);
    if (!json_is_object(op)) printf("#   OpenAPI lacks %s %s\n", rt[i].method, rt[i].pattern);
    CHECK(json_is_object(op));
  }
  CHECK(napi >= 5);
  json_decref(j);
  resp_free(&r);
}

/* ---------------------------------------------------------------- 10 */
static void test_sse(void) {
  Stream s;
  int64_t maxid = db_max_event();
  CHECK(maxid > 0);

  /* replay of everything already in the database */
  CHECK_EQ_INT(stream_open(&s, "/api/v1/events?since=0", NULL), 0);
  char want[64];
  snprintf(want, sizeof want, "id: %lld\n", (long long)maxid);
  CHECK(stream_wait(&s, 0, want, 3000) >= 0);
  CHECK_EQ_INT(s.status, 200);
  CHECK(strcasestr(s.head, "\ncontent-type: text/event-stream") != NULL);
  CHECK(strncmp(s.data ? s.data : "", ": majlis live events\n", 21) == 0);
  int64_t ids[256];
  int nid = stream_ids(s.data, ids, 256);
  CHECK_EQ_INT(nid, maxid);
  for (int i = 1; i < nid; i++) CHECK(ids[i] > ids[i - 1]);
  CHECK_CONTAINS(s.data, "\nevent: vote.closed\n");
  CHECK_CONTAINS(s.data, "\ndata: {");
  stream_close(&s);

  /* Last-Event-ID: only what comes after it */
  char hdr[64];
  snprintf(hdr, sizeof hdr, "Last-Event-ID: %lld\r\n", (long long)(maxid - 3));
  CHECK_EQ_INT(stream_open(&s, "/api/v1/events?since=0", hdr), 0);
  CHECK(stream_wait(&s, 0, want, 3000) >= 0);
  nid = stream_ids(s.data, ids, 256);
  CHECK_EQ_INT(nid, 3);
  if (nid == 3) {
    CHECK_EQ_INT(ids[0], maxid - 2);
    CHECK_EQ_INT(ids[2], maxid);
  }
  stream_close(&s);

  /* from now: nothing old, then a new event at once */
  CHECK_EQ_INT(stream_open(&s, "/api/v1/events", NULL), 0);
  CHECK(stream_wait(&s, 0, ": majlis live events\n", 3000) >= 0);
  int64_t ping = append_event("test.ping", "{\"n\":1}");
  CHECK(ping > maxid);
  long at = stream_wait(&s, 0, "event: test.ping\n", 3000);
  CHECK(at >= 0);
  nid = stream_ids(s.data, ids, 256);
  CHECK_EQ_INT(nid, 1);
  if (nid >= 1) CHECK_EQ_INT(ids[0], ping);
  CHECK_CONTAINS(s.data, "data: {\"n\":1}\n\n");
  stream_close(&s);

  /* away for a while: two events; reconnecting gets both, in order, once */
  int64_t a = append_event("test.a", "{\"n\":2}");
  int64_t b = append_event("test.b", "{\"n\":3}");
  CHECK(a > ping && b > a);
  snprintf(hdr, sizeof hdr, "Last-Event-ID: %lld\r\n", (long long)ping);
  CHECK_EQ_INT(stream_open(&s, "/api/v1/events", hdr), 0);
  CHECK(stream_wait(&s, 0, "event: test.b\n", 3000) >= 0);
  nid = stream_ids(s.data, ids, 256);
  CHECK_EQ_INT(nid, 2);
  if (nid == 2) {
    CHECK_EQ_INT(ids[0], a);
    CHECK_EQ_INT(ids[1], b);
  }
  const char *pa = s.data ? strstr(s.data, "event: test.a\n") : NULL;
  const char *pb = s.data ? strstr(s.data, "event: test.b\n") : NULL;
  CHECK(pa && pb && pa < pb);
  CHECK(!strstr(s.data ? s.data : "", "test.ping"));

  /* an idle stream carries heartbeats (heartbeat_ms = 300) */
  size_t mark = s.dn;
  int64_t t0 = now_ms();
  CHECK(stream_wait(&s, mark, ": heartbeat\n", 1200) >= 0);
  if (now_ms() - t0 > 1200) printf("#   heartbeat after %lld ms\n", (long long)(now_ms() - t0));
  stream_close(&s);

  /* a sitting filter that is not a number */
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/api/v1/events?sitting=abc", &r), 400);
  CHECK(is_api_error(&r, "invalid"));
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/api/v1/events?since=-1", &r), 400);
  resp_free(&r);
}

/* ---------------------------------------------------------------- 11 */
#define NSTREAMS 200
static void test_many_sse(void) {
  Stream *ss = calloc(NSTREAMS, sizeof *ss);
  size_t *from = calloc(NSTREAMS, sizeof *from);
  int opened = 0;
  for (int i = 0; i < NSTREAMS; i++) {
    if (stream_open(&ss[i], "/api/v1/events", NULL) == 0) opened++;
    else ss[i].eof = 1;
  }
  CHECK_EQ_INT(opened, NSTREAMS);
  CHECK_EQ_INT(streams_wait_all(ss, NSTREAMS, from, ": majlis live events\n", 5000), NSTREAMS);

  HttpResp r;
  int64_t t0 = now_ms();
  CHECK_EQ_INT(GET(port, "/api/v1/health", &r), 200);
  int64_t took = now_ms() - t0;
  if (took > 1000) printf("#   health took %lld ms with %d live clients\n", (long long)took, NSTREAMS);
  CHECK(took < 1000);
  json_t *j = resp_json(&r);
  CHECK(json_integer_value(json_object_get(j, "live_clients")) >= NSTREAMS);
  json_decref(j);
  resp_free(&r);

  for (int i = 0; i < NSTREAMS; i++) from[i] = ss[i].dn;
  int64_t id = append_event("test.bulk", "{\"n\":200}");
  CHECK(id > 0);
  int got = streams_wait_all(ss, NSTREAMS, from, "event: test.bulk\n", 5000);
  if (got != NSTREAMS) printf("#   %d of %d streams received the event\n", got, NSTREAMS);
  CHECK_EQ_INT(got, NSTREAMS);
  for (int i = 0; i < NSTREAMS; i++) stream_close(&ss[i]);
  free(ss);
  free(from);
}

/* ---------------------------------------------------------------- 12 */
/* Reads the server's stderr log until it names its port. */
static int wait_for_port(const char *logpath, pid_t pid, int timeout_ms) {
  int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    FILE *f = fopen(logpath, "r");
    if (f) {
      char buf[4096];
      size_t n = fread(buf, 1, sizeof buf - 1, f);
      fclose(f);
      buf[n] = 0;
      const char *p = strstr(buf, "on http://127.0.0.1:");
      if (p) {
        long v = strtol(p + 20, NULL, 10);
        if (v > 0 && v < 65536) return (int)v;
      }
    }
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      printf("#   the server exited before listening (status %d)\n", st);
      return -1;
    }
    if (remaining(deadline) == 0) return 0;
    poll(NULL, 0, 10);
  }
}

/* waitpid with a deadline; 1 and *status when the process ended in time. */
static int wait_exit(pid_t pid, int *status, int timeout_ms) {
  int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    pid_t w = waitpid(pid, status, WNOHANG);
    if (w == pid) return 1;
    if (w < 0 || remaining(deadline) == 0) return 0;
    poll(NULL, 0, 10);
  }
}

static void test_graceful_shutdown(void) {
  char sub[512], logpath[600];
  th_tmpdb(sub, sizeof sub, "http-shutdown");
  snprintf(logpath, sizeof logpath, "%s.log", sub);
  CHECK_EQ_INT(db_backup(g_db, sub, NULL, NULL), MJ_OK);
  if (access(g_bin, X_OK) != 0) {
    printf("#   no server binary at %s (set MAJLIS_BIN)\n", g_bin);
    CHECK(access(g_bin, X_OK) == 0);
    return;
  }
  int lfd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(lfd >= 0);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int nul = open("/dev/null", O_RDWR);
    dup2(nul, 0);
    dup2(nul, 1);
    dup2(lfd, 2);
    execl(g_bin, g_bin, "serve", "--db", sub, "--listen", "127.0.0.1:0", "--quiet", (char *)NULL);
    _exit(127);
  }
  close(lfd);
  CHECK(pid > 0);
  if (pid <= 0) return;
  int sport = wait_for_port(logpath, pid, 5000);
  CHECK(sport > 0);
  int status = 0, exited = 0;
  if (sport > 0) {
    HttpResp r;
    int st = -1;
    int64_t deadline = now_ms() + 5000;
    while ((st = http_req(sport, "GET", "/api/v1/health", NULL, NULL, 0, &r)) != 200 && remaining(deadline)) {
      resp_free(&r);
      poll(NULL, 0, 20);
    }
    CHECK_EQ_INT(st, 200);
    resp_free(&r);

    /* a live stream, open when the signal comes */
    Stream s;
    CHECK_EQ_INT(stream_open_port(&s, sport, "/api/v1/events", "Connection: close\r\n"), 0);
    CHECK(stream_wait(&s, 0, ": majlis live events\n", 3000) >= 0);

    /* a request whose body is only half there when the signal comes; the
    ** 100 Continue says the server has taken it in hand */
    int fd = http_connect(sport);
    CHECK(fd >= 0);
    char head[512];
    int hn = snprintf(head, sizeof head,
                      "POST /api/v1/preferences/language HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                      "Content-Type: application/json\r\nContent-Length: 13\r\nExpect: 100-continue\r\n\r\n",
                      sport);
    CHECK_EQ_INT(send_all(fd, head, (size_t)hn), 0);
    char cont[256];
    size_t cn = 0;
    deadline = now_ms() + 3000;
    while (cn < sizeof cont - 1 && !memmem(cont, cn, "\r\n\r\n", 4) && remaining(deadline)) {
      struct pollfd pf = {fd, POLLIN, 0};
      if (poll(&pf, 1, remaining(deadline)) <= 0) break;
      ssize_t k = recv(fd, cont + cn, sizeof cont - 1 - cn, 0);
      if (k <= 0) break;
      cn += (size_t)k;
    }
    cont[cn] = 0;
    CHECK(strncmp(cont, "HTTP/1.1 100", 12) == 0);
    const char *body = "{\"lang\":\"en\"}";
    CHECK_EQ_INT(send_all(fd, body, 5), 0);

    CHECK_EQ_INT(kill(pid, SIGTERM), 0);
    /* the stream ends (and so the server has begun shutting down) */
    CHECK(stream_wait_eof(&s, 3000));
    stream_close(&s);

    CHECK_EQ_INT(send_all(fd, body + 5, 8), 0);
    size_t n;
    char *raw = read_all(fd, &n, 3000);
    close(fd);
    memset(&r, 0, sizeof r);
    parse_resp(raw, n, &r);
    CHECK_EQ_INT(r.status, 200);
    char v[128] = "";
    resp_header(&r, "Set-Cookie", v, sizeof v);
    CHECK(strncmp(v, "lang=en;", 8) == 0);
    json_t *j = resp_json(&r);
    CHECK_STR(json_string_value(json_object_get(j, "lang")), "en");
    json_decref(j);
    resp_free(&r);

    exited = wait_exit(pid, &status, 5000);
    CHECK(exited);
    CHECK(exited && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (exited && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) printf("#   exit status %d\n", status);
    int fd2 = http_connect(sport);
    CHECK(fd2 < 0);
    if (fd2 >= 0) close(fd2);
  }
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  char w[640];
  remove(sub);
  snprintf(w, sizeof w, "%s-wal", sub);
  remove(w);
  snprintf(w, sizeof w, "%s-shm", sub);
  remove(w);
  remove(logpath);
}

/* ---------------------------------------------------------------- 13 */
static void test_head(void) {
  HttpResp r;
  CHECK_EQ_INT(req("HEAD", "/", NULL, NULL, &r), 200);
  CHECK_EQ_INT(r.body_len, 0);
  char v[128] = "";
  resp_header(&r, "Content-Type", v, sizeof v);
  CHECK_CONTAINS(v, "text/html");
  resp_free(&r);
  CHECK_EQ_INT(req("HEAD", "/api/v1/health", NULL, NULL, &r), 200);
  CHECK_EQ_INT(r.body_len, 0);
  resp_free(&r);
}

/* ---------------------------------------------------------------- main */
static void find_binary(const char *argv0) {
  const char *env = getenv("MAJLIS_BIN");
  if (env && *env) {
    snprintf(g_bin, sizeof g_bin, "%s", env);
    return;
  }
  /* <build>/test/test_http -> <build>/majlis (so build-asan tests its own) */
  const char *slash = strrchr(argv0, '/');
  if (slash) {
    char dir[900];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - argv0), argv0);
    char *up = strrchr(dir, '/');
    if (up && strcmp(up, "/test") == 0) {
      *up = 0;
      snprintf(g_bin, sizeof g_bin, "%s/majlis", dir);
      if (access(g_bin, X_OK) == 0) return;
    }
  }
  snprintf(g_bin, sizeof g_bin, "build/majlis");
}

int main(int argc, char **argv) {
  (void)argc;
  signal(SIGPIPE, SIG_IGN);
  find_binary(argv[0]);
  if (test_open_demo("http")) return 1;
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;

  RUN(test_home_languages);
  RUN(test_calendar);
  RUN(test_security_headers);
  RUN(test_errors);
  RUN(test_too_big);
  RUN(test_malformed_json);
  RUN(test_lang_form);
  RUN(test_static);
  RUN(test_api);
  RUN(test_openapi);
  RUN(test_sse);
  RUN(test_many_sse);
  RUN(test_graceful_shutdown);
  RUN(test_head);

  test_finish(srv);
  return DONE();
}
