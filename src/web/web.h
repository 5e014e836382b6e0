/*
** web: the HTTP face. A request (Req) carries its arena, the parsed method,
** path, parameters and cookies, the chosen interface language and a CSP
** nonce; a handler fills in the reply (status, type, headers, body) and
** returns. Handlers are thin: validate, call one domain function, render.
*/
#ifndef MJ_WEB_H
#define MJ_WEB_H

#include <stdint.h>
#include <sys/types.h>

#include "auth.h"
#include "base.h"
#include "db.h"
#include "i18n.h"

typedef struct Param {
  const char *name, *value;
} Param;

typedef struct ServerConfig {
  const char *db_path;
  const char *listen; /* "127.0.0.1:8080" */
  int threads;        /* worker threads (0: number of cores) */
  int per_ip_limit;   /* concurrent connections per address (0: unlimited) */
  int max_connections;
  unsigned timeout_s; /* idle and header timeout */
  size_t max_body;    /* request body limit, bytes */
  const char *access_log; /* NULL: standard output; "-" too */
  const char *error_log;  /* NULL: standard error */
  int quiet;              /* no access log */
  int secure_cookies;     /* mark cookies Secure (served over TLS or behind a TLS proxy) */
  const char *tls_cert, *tls_key; /* PEM files: serve HTTPS */
  int heartbeat_ms;       /* SSE heartbeat period */
} ServerConfig;

typedef enum { REPLY_BUF = 0, REPLY_STATIC, REPLY_STREAM, REPLY_CALLBACK } ReplyKind;

typedef struct Req {
  Arena *arena;
  Db *db;
  const char *method; /* "GET", "POST", ... */
  const char *path;   /* decoded, without query */
  Param *query;       /* GET arguments */
  int nquery;
  Param *form;        /* urlencoded POST body fields */
  int nform;
  Param *cookies;
  int ncookies;
  const char *body;   /* raw body, NUL-terminated (NULL if none) */
  size_t body_len;
  const char *remote; /* client address text */
  const char *pathvars[4]; /* values of {..} segments in route order */
  Lang lang;
  Principal who;  /* the signed-in user, an API token's user, or anonymous */
  const char *new_session; /* set by a login handler: the cookie to send */
  int end_session;         /* set by a logout handler: clear the cookie */
  char nonce[33]; /* per-response CSP nonce (hex) */
  void *conn;     /* the MHD connection (opaque to handlers) */
  /* reply */
  int status;
  const char *ctype;
  Buf out;
  ReplyKind kind;
  const unsigned char *static_data; /* REPLY_STATIC: bytes owned elsewhere */
  size_t static_len;
  const char *hdr_names[8], *hdr_values[8];
  int nhdr;
  void *stream; /* REPLY_STREAM: an SSE client (sse.c) */
  int frameable;  /* other sites may frame this reply (embeddable charts, data_pages.c) */
  /* REPLY_CALLBACK: a body of unknown length made while it is sent (chunked):
  ** an MHD content reader (returns bytes, -1 at the end, -2 on error) and
  ** its free function, called once when the reply is done or abandoned. */
  ssize_t (*body_read)(void *cls, uint64_t pos, char *buf, size_t max);
  void (*body_free)(void *cls);
  void *body_cls;
} Req;

typedef void (*Handler)(Req *r);

/* ---- requests ---- */
const char *req_query(Req *r, const char *name);   /* NULL when absent */
const char *req_form(Req *r, const char *name);
const char *req_cookie(Req *r, const char *name);
const char *req_header(Req *r, const char *name);
/* Adds a reply header; both strings must outlive the request (arena). */
void req_add_header(Req *r, const char *name, const char *value);

/* ---- parameter parsing (fuzzed: test/fuzz/fuzz_params.c) ----
** Parse application/x-www-form-urlencoded text and Cookie headers into
** arena-allocated arrays. Invalid percent escapes are kept literally;
** names and values that are not valid UTF-8 are dropped; at most `max`
** pairs are kept. Return the number of pairs. */
int params_parse_form(Arena *a, const char *s, size_t len, Param **out, int max);
int params_parse_cookies(Arena *a, const char *s, Param **out, int max);
/* Picks the best supported language from an Accept-Language header value;
** returns -1 when none is acceptable. */
int params_accept_language(const char *s);

/* ---- replies ---- */
/* Sets status and a JSON body {"error":{"code","message"}} (API paths) or the
** error page (other paths). `code` is an MjCode; its HTTP status comes from
** the one mapping table in http.c. */
void reply_error(Req *r, int code, const char *message);
/* HTTP status of an MjCode. */
int http_status_of(int code);
void reply_redirect(Req *r, const char *location);

/* ---- the escaping formatter ----
** Conversions: %s HTML-escaped text (text and quoted attributes), %U URL
** component, %J JSON string content (safe inside <script>), %d int,
** %L long long, %z size_t, %H a Buf of HTML produced by this formatter,
** %R raw text, allowed by tools/fmtcheck only for literal arguments. */
void html_printf(Buf *b, const char *fmt, ...);
void html_vprintf(Buf *b, const char *fmt, va_list ap);
void html_escape(Buf *b, const char *s);

/* ---- pages ---- */
/* Short alias for translations in the request's language. */
#define T(r, s) i18n_tr((r)->lang, (s))
void page_begin(Req *r, const char *title, const char *description);
void page_end(Req *r);
void page_error(Req *r, int status, const char *message);

/* ---- server ---- */
/* Runs the server until SIGTERM/SIGINT (or server_stop); returns an MjCode. */
int server_run(const ServerConfig *cfg);
/* For tests: start in the background and report the bound port. */
typedef struct Server Server;
int server_start(const ServerConfig *cfg, Server **out, int *port);
void server_stop(Server *s);
/* Asks a running server_run() to shut down gracefully (signal-safe). */
void server_request_stop(void);

/* The route table, for the OpenAPI completeness test. */
/* A route: method, pattern, handler and the capability it needs (0: open
** to everyone; AUTH_SIGNED_IN: any signed-in user). Checked in dispatch,
** before the handler runs; the domain checks again. */
#define AUTH_SIGNED_IN 0x80000000u
typedef struct Route {
  const char *method, *pattern;
  Handler fn;
  unsigned need;
} Route;
const Route *web_routes(int *n);

#endif
