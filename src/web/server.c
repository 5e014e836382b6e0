/*
** server.c: libmicrohttpd glue. One epoll listener with a small pool of
** worker threads; each request gets a context (arena, bounded body) that
** lives until MHD reports it completed. The route table lives in routes.c;
** this file turns a filled-in Req into an MHD response with the security
** headers every reply carries, writes the access log, and shuts down
** gracefully: stop accepting, end live streams, let requests in flight
** finish, then stop.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "sse.h"
#include "web.h"
#include "web_int.h"

struct Server {
  struct MHD_Daemon *d;
  char *cert, *key; /* PEM text for TLS, kept while the daemon runs */
  ServerConfig cfg;
  FILE *access;
  atomic_int inflight;
  int port;
};

/* One per request: created on MHD's first call, freed on completion. */
typedef struct Ctx {
  Req r;
  Buf body;
  int too_big;
  int status; /* for the access log */
  uint64_t bytes;
  const char *ua, *referer;
  int64_t start_ms;
} Ctx;

static Server *g_server; /* the running server, for server_request_stop */
static int stop_pipe[2] = {-1, -1};

int http_status_of(int code) {
  switch (code) {
  case MJ_OK: return 200;
  case MJ_EINVAL: return 400;
  case MJ_EAUTH: return 401;
  case MJ_EDENIED: return 403;
  case MJ_ENOTFOUND: return 404;
  case MJ_ECONFLICT: return 409;
  case MJ_ETOOBIG: return 413;
  default: return 500;
  }
}

const char *req_header(Req *r, const char *name) {
  return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

static const char *find_param(const Param *p, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(p[i].name, name) == 0) return p[i].value;
  return NULL;
}
const char *req_query(Req *r, const char *name) { return find_param(r->query, r->nquery, name); }
const char *req_form(Req *r, const char *name) { return find_param(r->form, r->nform, name); }
const char *req_cookie(Req *r, const char *name) { return find_param(r->cookies, r->ncookies, name); }

void req_add_header(Req *r, const char *name, const char *value) {
  if (r->nhdr < (int)MJ_COUNT(r->hdr_names)) {
    r->hdr_names[r->nhdr] = name;
    r->hdr_values[r->nhdr] = value;
    r->nhdr++;
  }
}

void reply_redirect(Req *r, const char *location) {
  r->status = 303;
  req_add_header(r, "Location", location);
  r->ctype = "text/plain; charset=utf-8";
  buf_reset(&r->out);
}

typedef struct ArgCollect {
  Req *r;
  int cap;
  int nul; /* a name or value held a NUL byte (%00) */
} ArgCollect;

/* With the sizes, so that a %00 inside a parameter is seen: as a C string it
** would silently cut the value short (q=a%00b searching for "a"). */
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                   const char *value, size_t value_size) {
  (void)kind;
  ArgCollect *ac = cls;
  Req *r = ac->r;
  if (r->nquery >= ac->cap) return MHD_NO; /* stop: too many parameters */
  if (!key) return MHD_YES;
  if (strlen(key) != key_size || (value && strlen(value) != value_size)) {
    ac->nul = 1;
    return MHD_NO;
  }
  r->query[r->nquery].name = arena_strdup(r->arena, key);
  r->query[r->nquery].value = arena_strdup(r->arena, value ? value : "");
  r->nquery++;
  return MHD_YES;
}

static void choose_language(Req *r) {
  int l = i18n_parse(req_query(r, "lang"));
  if (l < 0) l = i18n_parse(req_cookie(r, "lang"));
  if (l < 0) l = params_accept_language(req_header(r, "Accept-Language"));
  if (l < 0) l = web_config()->default_lang;
  r->lang = (Lang)l;
}

static void add_security_headers(struct MHD_Response *resp, Req *r) {
  char csp[400];
  snprintf(csp, sizeof csp,
           "default-src 'none'; script-src 'self' 'nonce-%s'; style-src 'self'; img-src 'self' data:; "
           "media-src 'self' https:; " /* the Hansard editor's player: recordings are served elsewhere */
           "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
           "frame-ancestors %s",
           r->nonce, r->frameable ? "*" : "'none'");
  MHD_add_response_header(resp, "Content-Security-Policy", csp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
  if (!r->frameable) MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
}

static enum MHD_Result send_reply(Server *s, struct MHD_Connection *c, Ctx *x) {
  Req *r = &x->r;
  const char *secure = s->cfg.secure_cookies || s->cfg.tls_cert ? "; Secure" : "";
  if (r->new_session)
    req_add_header(r, "Set-Cookie", arena_printf(r->arena, "mj_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
                                                  r->new_session, AUTH_ABSOLUTE_SECONDS, secure));
  else if (r->end_session)
    req_add_header(r, "Set-Cookie", arena_printf(r->arena, "mj_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s", secure));
  struct MHD_Response *resp;
  if (r->kind == REPLY_STREAM) {
    resp = sse_response(r);
  } else if (r->kind == REPLY_CALLBACK) { /* streamed downloads (sdmx.c) */
    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, r->body_read,
                                             r->body_cls, r->body_free);
    if (!resp && r->body_free) r->body_free(r->body_cls);
  } else if (r->kind == REPLY_STATIC) {
    resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_data, MHD_RESPMEM_PERSISTENT);
    x->bytes = r->static_len;
  } else {
    if (r->out.err) { /* a page grew past its bound: never send half of it */
      buf_free(&r->out);
      buf_init(&r->out, 1 << 16);
      r->status = 500;
      r->ctype = "text/plain; charset=utf-8";
      buf_puts(&r->out, "internal error: reply too large\n");
    }
    size_t n = r->out.n;
    x->bytes = n;
    resp = MHD_create_response_from_buffer(n, buf_take(&r->out), MHD_RESPMEM_MUST_FREE);
  }
  if (!resp) return MHD_NO;
  add_security_headers(resp, r);
  if (r->ctype) MHD_add_response_header(resp, "Content-Type", r->ctype);
  for (int i = 0; i < r->nhdr; i++) MHD_add_response_header(resp, r->hdr_names[i], r->hdr_values[i]);
  x->status = r->status ? r->status : 200;
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)x->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static void ctx_free(Ctx *x) {
  buf_free(&x->body);
  buf_free(&x->r.out);
  arena_free(x->r.arena);
  free(x);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size,
                                  void **con_cls) {
  (void)version;
  Server *s = cls;
  Ctx *x = *con_cls;
  if (!x) {
    x = xcalloc(1, sizeof *x);
    *con_cls = x;
    atomic_fetch_add(&s->inflight, 1);
    x->start_ms = mj_now_ms();
    buf_init(&x->body, s->cfg.max_body);
    x->r.arena = arena_new();
    x->r.conn = c;
    x->r.method = arena_strdup(x->r.arena, method);
    x->r.path = arena_strdup(x->r.arena, url);
    buf_init(&x->r.out, 8u << 20);
    mj_random_hex(x->r.nonce, 16);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    long long clen;
    if (cl && (mj_parse_int(cl, 0, (long long)1 << 40, &clen) || (unsigned long long)clen > s->cfg.max_body))
      x->too_big = 1;
    const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
    const char *ref = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
    x->ua = ua ? arena_strdup(x->r.arena, ua) : "-";
    x->referer = ref ? arena_strdup(x->r.arena, ref) : "-";
    if (!x->too_big) return MHD_YES;
  }
  Req *r = &x->r;
  if (*upload_size && !x->too_big) {
    buf_append(&x->body, upload, *upload_size);
    if (x->body.err) x->too_big = 1;
    *upload_size = 0;
    if (!x->too_big) return MHD_YES;
  }
  if (x->too_big) {
    if (x->status) { /* reply already queued; discard the rest */
      *upload_size = 0;
      return MHD_YES;
    }
    *upload_size = 0;
    r->db = NULL;
    choose_language(r);
    char msg[96];
    snprintf(msg, sizeof msg, "the request body is larger than the limit of %zu bytes", s->cfg.max_body);
    reply_error(r, MJ_ETOOBIG, msg);
    req_add_header(r, "Connection", "close");
    return send_reply(s, c, x);
  }
  /* Final call: the whole request is here. */
  r->query = arena_alloc(r->arena, sizeof(Param) * 64);
  ArgCollect ac = {r, 64, 0};
  MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect_arg, &ac);
  r->ncookies = params_parse_cookies(r->arena, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie"),
                                     &r->cookies, 32);
  if (x->body.n) {
    r->body = arena_strndup(r->arena, x->body.p, x->body.n);
    r->body_len = x->body.n;
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ct && mj_startswith(ct, "application/x-www-form-urlencoded"))
      r->nform = params_parse_form(r->arena, r->body, r->body_len, &r->form, 256);
  }
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char addr[INET6_ADDRSTRLEN] = "-";
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
  }
  r->remote = arena_strdup(r->arena, addr);
  choose_language(r);
  auth_anonymous(&r->who, r->remote);
  if (ac.nul) {
    r->db = NULL;
    reply_error(r, MJ_EINVAL, "a query parameter contains a NUL byte (%00); remove it");
    return send_reply(s, c, x);
  }
  r->db = db_thread();
  if (!r->db) {
    reply_error(r, MJ_EIO, "the database is not available; see the error log");
    return send_reply(s, c, x);
  }
  /* Who is asking: an API token wins; a bad one is refused outright rather
  ** than treated as anonymous. A stale session cookie is simply anonymous. */
  const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
  if (authz) {
    if (strncasecmp(authz, "Bearer ", 7) != 0 || auth_bearer(r->db, authz + 7, r->remote, &r->who)) {
      req_add_header(r, "WWW-Authenticate", "Bearer realm=\"majlis\"");
      reply_error(r, MJ_EAUTH, "the API token is not valid, has expired or was revoked");
      return send_reply(s, c, x);
    }
  } else if (req_cookie(r, "mj_session")) {
    if (auth_session(r->db, req_cookie(r, "mj_session"), r->remote, &r->who)) r->end_session = 1;
  }
  /* A page reads many tables: one read transaction for the whole request
  ** is both consistent and cheaper than one per statement. Writes (POST and
  ** friends) open their own short write transactions in the domain. */
  int reading = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
  sqlite3_stmt *tx = reading ? db_stmt(r->db, "BEGIN") : NULL;
  int in_tx = tx && sqlite3_step(tx) == SQLITE_DONE;
  db_done(tx);
  web_dispatch(r);
  if (in_tx && !sqlite3_get_autocommit(db_handle(r->db))) {
    tx = db_stmt(r->db, "COMMIT");
    if (!tx || sqlite3_step(tx) != SQLITE_DONE) db_rollback(r->db);
    db_done(tx);
  }
  return send_reply(s, c, x);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)c;
  (void)toe;
  Server *s = cls;
  Ctx *x = *con_cls;
  if (!x) return;
  *con_cls = NULL;
  if (s->access && !s->cfg.quiet) {
    char ts[40];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S %z", &tm);
    fprintf(s->access, "%s - - [%s] \"%s %s HTTP/1.1\" %d %llu \"%s\" \"%s\"\n",
            x->r.remote ? x->r.remote : "-", ts, x->r.method, x->r.path, x->status,
            (unsigned long long)x->bytes, x->referer, x->ua);
    fflush(s->access);
  }
  ctx_free(x);
  atomic_fetch_sub(&s->inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n && msg[n - 1] == '\n') msg[--n] = 0;
  /* A client closing a live stream is normal, not a warning. */
  int routine = strstr(msg, "no longer available") || strstr(msg, "closed by remote") || strstr(msg, "Connection reset");
  log_msg(routine ? LOG_DEBUG : LOG_WARN, "http: %s", msg);
}

/* The whole of a small file (PEM), NUL-terminated; NULL on failure. */
static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  Buf b;
  buf_init(&b, 1 << 20);
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(&b, tmp, n);
  fclose(f);
  if (b.err || !b.n) {
    buf_free(&b);
    return NULL;
  }
  return buf_take(&b);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len) {
  memset(ss, 0, sizeof *ss);
  const char *colon = strrchr(listen, ':');
  if (!colon) return mj_fail(MJ_EINVAL, "--listen wants ADDRESS:PORT (for example 127.0.0.1:8080), got '%s'", listen);
  long long port;
  if (mj_parse_int(colon + 1, 0, 65535, &port))
    return mj_fail(MJ_EINVAL, "--listen: the port in '%s' must be a number from 0 to 65535", listen);
  char host[64];
  size_t hl = (size_t)(colon - listen);
  if (hl >= sizeof host) return mj_fail(MJ_EINVAL, "--listen: address too long");
  memcpy(host, listen, hl);
  host[hl] = 0;
  if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
    host[hl - 1] = 0;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
      return mj_fail(MJ_EINVAL, "--listen: '%s' is not an IPv6 address", host + 1);
    *len = sizeof *a6;
    return MJ_OK;
  }
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  a4->sin_family = AF_INET;
  a4->sin_port = htons((uint16_t)port);
  if (strcmp(host, "localhost") == 0) mj_strlcpy(host, "127.0.0.1", sizeof host);
  if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
    return mj_fail(MJ_EINVAL, "--listen: '%s' is not an IPv4 address (use [::1]:PORT for IPv6)", host);
  *len = sizeof *a4;
  return MJ_OK;
}

int server_start(const ServerConfig *cfg, Server **out, int *port) {
  *out = NULL;
  int rc = web_init(cfg);
  if (rc) return rc;
  struct sockaddr_storage ss;
  socklen_t sl;
  if ((rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &ss, &sl))) return rc;
  Server *s = xcalloc(1, sizeof *s);
  s->cfg = *cfg;
  if (!s->cfg.max_body) s->cfg.max_body = 1u << 20;
  if (!s->cfg.timeout_s) s->cfg.timeout_s = 30;
  if (!s->cfg.max_connections) s->cfg.max_connections = 20000;
  if (!s->cfg.heartbeat_ms) s->cfg.heartbeat_ms = 15000;
  int threads = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  if (!cfg->quiet) {
    if (!cfg->access_log || strcmp(cfg->access_log, "-") == 0) s->access = stdout;
    else if (!(s->access = fopen(cfg->access_log, "a"))) {
      free(s);
      return mj_fail(MJ_EIO, "cannot open access log %s for appending", cfg->access_log);
    }
  }
  /* Thousands of live clients need thousands of descriptors. */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  db_pool_init(cfg->db_path);
  if ((rc = sse_init(cfg->db_path, s->cfg.heartbeat_ms))) {
    if (s->access && s->access != stdout) fclose(s->access);
    free(s);
    return rc;
  }
  char *cert = NULL, *key = NULL;
  if (cfg->tls_cert || cfg->tls_key) {
    if (!cfg->tls_cert || !cfg->tls_key) rc = mj_fail(MJ_EINVAL, "TLS needs both --tls-cert and --tls-key");
    else if (!(cert = read_file(cfg->tls_cert)) || !(key = read_file(cfg->tls_key)))
      rc = mj_fail(MJ_EIO, "cannot read the TLS certificate or key (%s, %s)", cfg->tls_cert, cfg->tls_key);
    if (rc) {
      free(cert);
      free(key);
      sse_stop();
      if (s->access && s->access != stdout) fclose(s->access);
      free(s);
      return rc;
    }
  }
  struct MHD_OptionItem opts[] = {
    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL},
    {MHD_OPTION_SOCK_ADDR, 0, &ss},
    {MHD_OPTION_THREAD_POOL_SIZE, threads, NULL},
    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)s->cfg.timeout_s, NULL},
    {MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections, NULL},
    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit, NULL},
    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, 16 * 1024, NULL}, /* bounds headers; most of an idle stream's memory */
    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s},
    {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
    {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
    {cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
    {MHD_OPTION_END, 0, NULL},
  };
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (cert) flags |= MHD_USE_TLS;
  s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
  /* MHD copies nothing: the PEM text must live as long as the daemon */
  s->cert = cert;
  s->key = key;
  if (!s->d) {
    int err = errno;
    sse_stop();
    if (s->access && s->access != stdout) fclose(s->access);
    free(cert);
    free(key);
    free(s);
    errno = err;
    return mj_fail(MJ_EIO, "cannot listen on %s (%s); is another server using the port? Choose another with --listen",
                   cfg->listen ? cfg->listen : "127.0.0.1:8080", strerror(errno));
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : 0;
  if (port) *port = s->port;
  *out = s;
  return MJ_OK;
}

void server_stop(Server *s) {
  if (!s) return;
  MHD_socket lfd = MHD_quiesce_daemon(s->d); /* no new connections: */
  if (lfd != MHD_INVALID_SOCKET) close(lfd);  /* refused at once, not queued */
  sse_stop();                                /* end live streams */
  int64_t deadline = mj_mono_ms() + 10000;   /* let requests in flight finish */
  while (atomic_load(&s->inflight) > 0 && mj_mono_ms() < deadline) poll(NULL, 0, 10);
  MHD_stop_daemon(s->d);
  db_pool_close_all();
  if (s->access && s->access != stdout) fclose(s->access);
  free(s->cert);
  free(s->key);
  free(s);
}

static void on_signal(int sig) {
  (void)sig;
  server_request_stop();
}

void server_request_stop(void) {
  if (stop_pipe[1] >= 0) {
    char c = 1;
    ssize_t k = write(stop_pipe[1], &c, 1);
    (void)k;
  }
}

int server_run(const ServerConfig *cfg) {
  if (pipe(stop_pipe)) return mj_fail(MJ_EIO, "pipe: %s", strerror(errno));
  signal(SIGPIPE, SIG_IGN);
  Server *s;
  int port;
  int rc = server_start(cfg, &s, &port);
  if (rc) return rc;
  g_server = s;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  const char *host = cfg->listen ? cfg->listen : "127.0.0.1:8080";
  char shown[80];
  mj_strlcpy(shown, host, sizeof shown);
  char *colon = strrchr(shown, ':');
  if (colon) snprintf(colon, sizeof shown - (size_t)(colon - shown), ":%d", port);
  fprintf(stderr, "majlis: serving %s on %s://%s/ (Ctrl-C or SIGTERM stops)\n", cfg->db_path,
          cfg->tls_cert ? "https" : "http", shown);
  log_info("listening on %s", shown);
  char c;
  while (read(stop_pipe[0], &c, 1) < 0 && errno == EINTR) {
  }
  log_info("shutting down: finishing requests in flight");
  server_stop(s);
  g_server = NULL;
  log_info("stopped");
  return MJ_OK;
}
