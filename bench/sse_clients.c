/*
** sse_clients: opens N idle live-event (SSE) clients to a Majlis server on
** 127.0.0.1, confirms each one is streaming, then holds them open for a
** number of seconds while checking, once a second, that the server still
** answers a normal request (GET /api/v1/health) and how fast.
**
**   sse_clients PORT N HOLD_SECONDS [PATH]      (PATH default /api/v1/events)
**
** Prints lines of "key value..." on stdout, for bench/run.sh to read:
**   streaming K N MS          K of N answered 200 text/event-stream, in MS ms
**   ready                     all are connected (measure the server now)
**   health MS LIVE STATUS     one health request: latency, live_clients, status
**   held OPEN N BYTES         at the end: still open, of N, bytes received
** Diagnostics go to stderr. Exits 0 when all N streamed and stayed open
** and every health request answered 200, 1 otherwise.
** Bounded in time: every wait has a deadline; nothing retries forever.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX 2048

typedef struct {
  int fd;
  int state; /* 0 waiting for headers, 1 streaming, -1 failed or closed */
  size_t got;
  char head[HEAD_MAX];
} Conn;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int connect_to(int port, int timeout_ms) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int send_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

/* One GET /api/v1/health on a new connection; returns the latency in ms
   (connect to last byte) or -1, and sets *status and *live. */
static double health(int port, int *status, long *live) {
  char req[256], buf[8192];
  *status = 0;
  *live = -1;
  double t0 = now_ms();
  int fd = connect_to(port, 5000);
  if (fd < 0) return -1;
  int n = snprintf(req, sizeof req,
                   "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n", port);
  if (send_all(fd, req, (size_t)n) != 0) {
    close(fd);
    return -1;
  }
  size_t got = 0;
  for (;;) {
    if (got + 1 >= sizeof buf) break;
    ssize_t r = recv(fd, buf + got, sizeof buf - 1 - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  double t1 = now_ms();
  close(fd);
  buf[got] = 0;
  if (sscanf(buf, "HTTP/1.%*d %d", status) != 1) return -1;
  const char *p = strstr(buf, "\"live_clients\":");
  if (p) *live = strtol(p + 15, NULL, 10);
  return t1 - t0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: sse_clients PORT N HOLD_SECONDS [PATH]\n");
    return 2;
  }
  int port = (int)strtol(argv[1], NULL, 10);
  int n = (int)strtol(argv[2], NULL, 10);
  int hold = (int)strtol(argv[3], NULL, 10);
  const char *path = argc > 4 ? argv[4] : "/api/v1/events";
  if (port <= 0 || port > 65535 || n <= 0 || n > 100000 || hold < 0 || hold > 3600) {
    fprintf(stderr, "sse_clients: bad arguments\n");
    return 2;
  }
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 32) {
    fprintf(stderr, "sse_clients: open-file limit %llu is too low for %d clients (ulimit -n)\n",
            (unsigned long long)rl.rlim_cur, n);
    return 2;
  }

  Conn *c = calloc((size_t)n, sizeof *c);
  struct pollfd *pf = calloc((size_t)n, sizeof *pf);
  int *idx = calloc((size_t)n, sizeof *idx); /* pf[j] is client idx[j] */
  if (!c || !pf || !idx) return 2;
  char req[512];
  int reqlen = snprintf(req, sizeof req,
                        "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n"
                        "Cache-Control: no-cache\r\n\r\n", path, port);

  /* Connect and send every request first, then read the answers. */
  double t0 = now_ms();
  int failed = 0;
  for (int i = 0; i < n; i++) {
    c[i].fd = connect_to(port, 5000);
    if (c[i].fd < 0 || send_all(c[i].fd, req, (size_t)reqlen) != 0) {
      if (failed++ < 5) fprintf(stderr, "sse_clients: client %d: connect/send: %s\n", i, strerror(errno));
      if (c[i].fd >= 0) close(c[i].fd);
      c[i].fd = -1;
      c[i].state = -1;
      continue;
    }
    fcntl(c[i].fd, F_SETFL, fcntl(c[i].fd, F_GETFL) | O_NONBLOCK);
  }

  /* Wait (at most 15 s) for every response's headers: 200 and an event stream. */
  int streaming = 0, pending = n - failed;
  double deadline = now_ms() + 15000;
  while (pending > 0 && now_ms() < deadline) {
    int k = 0;
    for (int i = 0; i < n; i++)
      if (c[i].state == 0) {
        idx[k] = i;
        pf[k++] = (struct pollfd){.fd = c[i].fd, .events = POLLIN};
      }
    if (poll(pf, (nfds_t)k, 200) < 0 && errno != EINTR) break;
    for (int j = 0; j < k; j++) {
      int i = idx[j];
      if (!pf[j].revents) continue;
      ssize_t r = recv(c[i].fd, c[i].head + c[i].got, HEAD_MAX - 1 - c[i].got, 0);
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (r <= 0) {
        c[i].state = -1;
        pending--;
        continue;
      }
      c[i].got += (size_t)r;
      c[i].head[c[i].got] = 0;
      char *end = strstr(c[i].head, "\r\n\r\n");
      if (!end && c[i].got < HEAD_MAX - 1) continue;
      int st = 0;
      sscanf(c[i].head, "HTTP/1.%*d %d", &st);
      int ok = end && st == 200 && strcasestr(c[i].head, "\ncontent-type: text/event-stream");
      if (!ok && failed++ < 5) fprintf(stderr, "sse_clients: client %d: not an event stream:\n%.300s\n", i, c[i].head);
      c[i].state = ok ? 1 : -1;
      pending--;
      if (ok) streaming++;
    }
  }
  printf("streaming %d %d %.1f\n", streaming, n, now_ms() - t0);
  printf("ready\n");
  fflush(stdout);

  /* Hold: drain heartbeats, notice closes, ask for /api/v1/health each second. */
  long long bytes = 0;
  int bad_health = 0;
  double start = now_ms(), next_health = start + 1000;
  char sink[4096];
  while (now_ms() - start < hold * 1000.0) {
    int k = 0;
    for (int i = 0; i < n; i++)
      if (c[i].state == 1) {
        idx[k] = i;
        pf[k++] = (struct pollfd){.fd = c[i].fd, .events = POLLIN};
      }
    int wait = (int)(next_health - now_ms());
    if (wait < 0) wait = 0;
    if (wait > 200) wait = 200;
    if (poll(pf, (nfds_t)k, wait) > 0) {
      for (int j = 0; j < k; j++) {
        int i = idx[j];
        if (!pf[j].revents) continue;
        ssize_t r = recv(c[i].fd, sink, sizeof sink, 0);
        if (r > 0) bytes += r;
        else if (r == 0 || (errno != EAGAIN && errno != EINTR)) c[i].state = -1;
      }
    }
    if (now_ms() >= next_health) {
      int st;
      long live;
      double ms = health(port, &st, &live);
      printf("health %.2f %ld %d\n", ms, live, st);
      fflush(stdout);
      if (ms < 0 || st != 200) bad_health++;
      next_health += 1000;
    }
  }
  int open_n = 0;
  for (int i = 0; i < n; i++)
    if (c[i].state == 1) open_n++;
  printf("held %d %d %lld\n", open_n, n, bytes);
  fflush(stdout);
  for (int i = 0; i < n; i++)
    if (c[i].fd >= 0) close(c[i].fd);
  free(c);
  free(pf);
  free(idx);
  return streaming == n && open_n == n && bad_health == 0 ? 0 : 1;
}
