/*
** vote_fanout.c: the vote fan-out benchmark client. Holds CLIENTS live
** screens (server-sent-events streams of one sitting) on one epoll thread;
** checks the members in; opens a vote; has every member cast a ballot at
** once from its own thread (timing each ballot); closes the vote; then
** times how long each screen takes to receive the result. Talks to a
** running `majlis serve` on 127.0.0.1 only.
**
**   vote_fanout PORT SETUP_FILE CLIENTS SERVER_PID
**
** SETUP_FILE is what bench/vote_setup.c printed. Prints one "key value"
** line per figure. Every wait is bounded.
*/
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int port;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int dial(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  struct timeval tv = {10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

/* One request with a bearer token; returns the status (or -1); *id (may be
** NULL) receives the "id" of a created object. */
static int request(const char *method, const char *path, const char *token, const char *body, long long *id) {
  int fd = dial();
  if (fd < 0) return -1;
  char req[2048];
  int n = snprintf(req, sizeof req,
                   "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                   method, path, port, token, body ? strlen(body) : 0, body ? body : "");
  if (send(fd, req, (size_t)n, MSG_NOSIGNAL) != n) {
    close(fd);
    return -1;
  }
  char buf[8192];
  size_t got = 0;
  ssize_t k;
  while (got < sizeof buf - 1 && (k = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0) got += (size_t)k;
  buf[got] = 0;
  close(fd);
  int status = -1;
  sscanf(buf, "HTTP/1.1 %d", &status);
  if (status >= 400) fprintf(stderr, "vote_fanout: %s %s -> %d: %s\n", method, path, status, strstr(buf, "\r\n\r\n") ? strstr(buf, "\r\n\r\n") + 4 : "");
  char *idp = strstr(buf, "\"id\":");
  if (id) *id = idp ? strtoll(idp + 5, NULL, 10) : 0;
  return status;
}

typedef struct Voter {
  long long person;
  char token[80];
  double latency;
  int status;
} Voter;

static long long vote_id;
static pthread_barrier_t barrier;

static void *cast(void *arg) {
  Voter *v = arg;
  char path[128], body[128];
  snprintf(path, sizeof path, "/api/v1/votes/%lld/ballots", vote_id);
  snprintf(body, sizeof body, "{\"option\":\"%s\"}", v->person % 5 == 0 ? "no" : v->person % 7 == 0 ? "abstain" : "yes");
  pthread_barrier_wait(&barrier);
  double t = now_ms();
  v->status = request("POST", path, v->token, body, NULL);
  v->latency = now_ms() - t;
  return NULL;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static double pct(double *v, int n, double p) {
  if (!n) return -1;
  int i = (int)(p * (n - 1) + 0.5);
  return v[i];
}

static long rss_kib(int pid) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  FILE *f = fopen(path, "r");
  long v = -1;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0) v = strtol(line + 6, NULL, 10);
  if (f) fclose(f);
  return v;
}

typedef struct Screen {
  int fd;
  char tail[32];
  size_t tl;
  int started, done;
  double at;
} Screen;

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: vote_fanout PORT SETUP_FILE CLIENTS SERVER_PID\n");
    return 2;
  }
  port = atoi(argv[1]);
  int clients = atoi(argv[3]), spid = atoi(argv[4]);
  FILE *f = fopen(argv[2], "r");
  if (!f) {
    perror(argv[2]);
    return 2;
  }
  long long sitting = 0;
  char chair[80] = "";
  Voter *voters = calloc(1000, sizeof *voters);
  int nv = 0;
  char line[256];
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "sitting %lld", &sitting) == 1) continue;
    if (sscanf(line, "chair %79s", chair) == 1) continue;
    if (nv < 1000 && sscanf(line, "member %lld %79s", &voters[nv].person, voters[nv].token) == 2) nv++;
  }
  fclose(f);
  long rss0 = rss_kib(spid);

  /* the live screens */
  int ep = epoll_create1(0);
  Screen *sc = calloc((size_t)clients, sizeof *sc);
  char get[256];
  int gl = snprintf(get, sizeof get, "GET /api/v1/events?sitting=%lld HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n", sitting);
  int connected = 0;
  for (int i = 0; i < clients; i++) {
    sc[i].fd = dial();
    if (sc[i].fd < 0) break;
    if (send(sc[i].fd, get, (size_t)gl, MSG_NOSIGNAL) != gl) break;
    fcntl(sc[i].fd, F_SETFL, O_NONBLOCK);
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, sc[i].fd, &e);
    connected++;
  }
  struct epoll_event evs[512];
  char buf[65536];
  int started = 0, done = 0;
  double deadline = now_ms() + 20000;
  /* reads what is ready; marks streams started and those that saw the result */
  double t_close = 0;
#define PUMP(timeout)                                                                              \
  do {                                                                                             \
    int k = epoll_wait(ep, evs, 512, timeout);                                                     \
    double t = now_ms();                                                                           \
    for (int j = 0; j < k; j++) {                                                                  \
      Screen *s = &sc[evs[j].data.u32];                                                            \
      ssize_t r;                                                                                   \
      while ((r = recv(s->fd, buf, sizeof buf, 0)) > 0) {                                          \
        if (!s->started) s->started = 1, started++;                                                \
        if (!s->done && t_close > 0) {                                                             \
          /* look for the result in what arrived, across the chunk edge */                        \
          char join[64 + 32];                                                                      \
          size_t jl = s->tl;                                                                       \
          memcpy(join, s->tail, s->tl);                                                            \
          size_t take = (size_t)r < 64 ? (size_t)r : 64;                                           \
          memcpy(join + jl, buf, take);                                                            \
          jl += take;                                                                              \
          if (memmem(join, jl, "vote.closed", 11) || memmem(buf, (size_t)r, "vote.closed", 11)) {   \
            s->done = 1, s->at = t - t_close, done++;                                              \
          }                                                                                        \
        }                                                                                          \
        size_t keep = (size_t)r < 16 ? (size_t)r : 16;                                             \
        memcpy(s->tail, buf + r - (ssize_t)keep, keep);                                            \
        s->tl = keep;                                                                              \
      }                                                                                            \
    }                                                                                              \
  } while (0)
  while (started < connected && now_ms() < deadline) PUMP(100);
  long rss1 = rss_kib(spid);
  printf("screens_connected %d\nscreens_streaming %d\n", connected, started);
  printf("server_rss_kib_before %ld\nserver_rss_kib_with_screens %ld\n", rss0, rss1);

  /* members check in; the chair opens the sitting and a vote */
  char path[128], body[256];
  snprintf(path, sizeof path, "/api/v1/sittings/%lld/status", sitting);
  request("POST", path, chair, "{\"status\":\"open\"}", NULL);
  snprintf(path, sizeof path, "/api/v1/sittings/%lld/attendance", sitting);
  for (int i = 0; i < nv; i++) {
    request("POST", path, voters[i].token, "{\"status\":\"present\"}", NULL);
    PUMP(0);
  }
  snprintf(path, sizeof path, "/api/v1/sittings/%lld/votes", sitting);
  snprintf(body, sizeof body, "{\"title\":\"benchmark motion %ld\",\"rule\":\"simple\"}", (long)time(NULL));
  int r = request("POST", path, chair, body, &vote_id);
  if (r != 201 || vote_id <= 0) {
    fprintf(stderr, "vote_fanout: could not open a vote (%d)\n", r);
    return 1;
  }
  /* all ballots at once, each member from its own thread */
  pthread_barrier_init(&barrier, NULL, (unsigned)nv + 1);
  pthread_t *th = calloc((size_t)nv, sizeof *th);
  for (int i = 0; i < nv; i++) pthread_create(&th[i], NULL, cast, &voters[i]);
  double tb = now_ms();
  pthread_barrier_wait(&barrier);
  for (int i = 0; i < nv; i++) {
    while (pthread_tryjoin_np(th[i], NULL) == EBUSY) PUMP(1);
  }
  double ballots_ms = now_ms() - tb;
  double *lat = calloc((size_t)nv, sizeof *lat);
  int ok = 0;
  for (int i = 0; i < nv; i++) {
    lat[i] = voters[i].latency;
    ok += voters[i].status >= 200 && voters[i].status < 300;
  }
  qsort(lat, (size_t)nv, sizeof *lat, cmpd);
  printf("ballots %d\nballots_accepted %d\nballots_wall_ms %.1f\nballot_p50_ms %.2f\nballot_p99_ms %.2f\nballot_max_ms %.2f\n", nv,
         ok, ballots_ms, pct(lat, nv, .5), pct(lat, nv, .99), lat[nv - 1]);
  /* let the ballot events reach the screens before timing the result */
  double settle = now_ms() + 2000;
  while (now_ms() < settle) PUMP(50);
  /* close, and time the result on every screen */
  snprintf(path, sizeof path, "/api/v1/votes/%lld/close", vote_id);
  t_close = now_ms();
  r = request("POST", path, chair, "", NULL);
  double close_ms = now_ms() - t_close;
  deadline = now_ms() + 10000;
  while (done < connected && now_ms() < deadline) PUMP(20);
  double *at = calloc((size_t)connected + 1, sizeof *at);
  int na = 0;
  for (int i = 0; i < connected; i++)
    if (sc[i].done) at[na++] = sc[i].at;
  qsort(at, (size_t)na, sizeof *at, cmpd);
  printf("close_status %d\nclose_request_ms %.2f\nscreens_with_result %d\n", r, close_ms, na);
  printf("result_p50_ms %.1f\nresult_p99_ms %.1f\nresult_max_ms %.1f\n", pct(at, na, .5), pct(at, na, .99),
         na ? at[na - 1] : -1.0);
  printf("server_rss_kib_after %ld\n", rss_kib(spid));
  for (int i = 0; i < connected; i++) close(sc[i].fd);
  return na == connected && connected == clients ? 0 : 1;
}
