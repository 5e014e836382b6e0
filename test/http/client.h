/*
** client.h: a small blocking HTTP/1.1 client for the HTTP tests, talking to
** the real server on 127.0.0.1. One request per connection unless a test
** keeps the socket itself (live streams). Bounded: every read has a
** timeout, and replies over 8 MiB fail the test.
*/
#ifndef MJ_TEST_CLIENT_H
#define MJ_TEST_CLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct HttpResp {
  int status;
  char *head; /* status line and headers */
  char *body;
  size_t body_len;
} HttpResp;

static inline void resp_free(HttpResp *r) {
  free(r->head);
  free(r->body);
  memset(r, 0, sizeof *r);
}

/* The value of header `name` (case-insensitive) copied into out; 1 if found. */
static inline int resp_header(const HttpResp *r, const char *name, char *out, size_t n) {
  if (!r->head) return 0;
  size_t nl = strlen(name);
  for (const char *p = strchr(r->head, '\n'); p; p = strchr(p, '\n')) {
    p++;
    if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
      const char *v = p + nl + 1;
      while (*v == ' ') v++;
      size_t k = strcspn(v, "\r\n");
      if (k >= n) k = n - 1;
      memcpy(out, v, k);
      out[k] = 0;
      return 1;
    }
  }
  return 0;
}

static inline int http_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static inline int send_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
    if (k <= 0) return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Reads until the peer closes or timeout_ms passes without data. */
static inline char *read_all(int fd, size_t *len, int timeout_ms) {
  size_t cap = 65536, n = 0;
  char *b = malloc(cap);
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    if (n + 4096 > cap) {
      if (cap >= (8u << 20)) break;
      cap *= 2;
      b = realloc(b, cap);
    }
    ssize_t k = recv(fd, b + n, cap - n - 1, 0);
    if (k <= 0) break;
    n += (size_t)k;
  }
  b[n] = 0;
  *len = n;
  return b;
}

/* Splits raw bytes into head and (de-chunked) body. */
static inline void parse_resp(char *raw, size_t n, HttpResp *r) {
  char *sep = strstr(raw, "\r\n\r\n");
  if (!sep) {
    r->head = raw;
    r->body = calloc(1, 1);
    return;
  }
  *sep = 0;
  r->head = strdup(raw);
  sscanf(raw, "HTTP/1.%*d %d", &r->status);
  char *body = sep + 4;
  size_t blen = n - (size_t)(body - raw);
  char te[64] = "";
  resp_header(r, "Transfer-Encoding", te, sizeof te);
  if (strcasecmp(te, "chunked") == 0) {
    char *out = malloc(blen + 1);
    size_t o = 0;
    char *p = body, *end = body + blen;
    while (p < end) {
      char *e;
      unsigned long k = strtoul(p, &e, 16);
      char *crlf = strstr(p, "\r\n");
      if (!crlf || k == 0) break;
      p = crlf + 2;
      if (p + k > end) k = (unsigned long)(end - p);
      memcpy(out + o, p, k);
      o += k;
      p += k + 2;
    }
    out[o] = 0;
    r->body = out;
    r->body_len = o;
  } else {
    r->body = malloc(blen + 1);
    memcpy(r->body, body, blen);
    r->body[blen] = 0;
    r->body_len = blen;
  }
  free(raw);
}

/* One request. extra_headers: "Name: value\r\n" lines or NULL. Returns the
** status, or -1 if the server could not be reached. */
static inline int http_req(int port, const char *method, const char *path, const char *extra_headers,
                           const char *body, size_t body_len, HttpResp *r) {
  memset(r, 0, sizeof *r);
  int fd = http_connect(port);
  if (fd < 0) return -1;
  char head[4096];
  int hn = snprintf(head, sizeof head,
                    "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s%s",
                    method, path, port, extra_headers ? extra_headers : "", body ? "" : "\r\n");
  if (body) hn += snprintf(head + hn, sizeof head - (size_t)hn, "Content-Length: %zu\r\n\r\n", body_len);
  if (send_all(fd, head, (size_t)hn) || (body && body_len && send_all(fd, body, body_len))) {
    /* the server may answer (413) and close before reading everything */
  }
  size_t n;
  char *raw = read_all(fd, &n, 5000);
  close(fd);
  parse_resp(raw, n, r);
  return r->status;
}

#define GET(port, path, r) http_req(port, "GET", path, NULL, NULL, 0, r)

#endif
