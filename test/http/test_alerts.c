/*
** test_alerts: e-mail alerts and the search feed in-process. A demo
** parliament (seed 7, 2026-11-23) is served on an ephemeral port; a tiny
** SMTP sink in a thread here receives the mails. Checked: e-mail off (page
** notice, POST refused, nothing stored); bad input; subscribing to a
** keyword search, the confirmation mail's headers and token; GET confirm
** changing nothing; confirm, replay; a new matching speech (inserted here,
** indexed by the real tokenizer) in the digest of alerts_run and nothing
** the second time; RFC 8058 one-click unsubscribe; /search.atom parsed by
** libxml2 with a speech holding control characters and invalid UTF-8.
*/
#include <arpa/inet.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "alerts.h"
#include "audit.h"
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "smtp.h"
#include "web.h"

static int port;
static int smtp_port, smtp_fd;
static pthread_mutex_t mail_mu = PTHREAD_MUTEX_INITIALIZER;
static char last_mail[1 << 16];
static int nmails;

/* ---------------------------------------------------------------- SMTP sink */
static void sink_session(int c) {
  char buf[1 << 16];
  size_t n = 0;
  int data = 0;
  const char *hello = "220 sink\r\n";
  if (write(c, hello, strlen(hello)) < 0) return;
  for (;;) {
    ssize_t k = read(c, buf + n, sizeof buf - 1 - n);
    if (k <= 0) return;
    n += (size_t)k;
    buf[n] = 0;
    for (;;) {
      if (data) {
        char *end = strstr(buf, "\r\n.\r\n");
        if (!end) break;
        pthread_mutex_lock(&mail_mu);
        size_t len = (size_t)(end - buf);
        if (len >= sizeof last_mail) len = sizeof last_mail - 1;
        memcpy(last_mail, buf, len);
        last_mail[len] = 0;
        nmails++;
        pthread_mutex_unlock(&mail_mu);
        size_t used = (size_t)(end - buf) + 5;
        memmove(buf, buf + used, n - used + 1);
        n -= used;
        data = 0;
        if (write(c, "250 ok\r\n", 8) < 0) return;
        continue;
      }
      char *eol = strstr(buf, "\r\n");
      if (!eol) break;
      *eol = 0;
      const char *reply = "250 ok\r\n";
      if (strncmp(buf, "EHLO", 4) == 0) reply = "250-sink\r\n250 8BITMIME\r\n";
      else if (strncmp(buf, "DATA", 4) == 0) {
        reply = "354 go\r\n";
        data = 1;
      } else if (strncmp(buf, "QUIT", 4) == 0) reply = "221 bye\r\n";
      if (write(c, reply, strlen(reply)) < 0) return;
      size_t used = (size_t)(eol - buf) + 2;
      memmove(buf, buf + used, n - used + 1);
      n -= used;
      if (strcmp(reply, "221 bye\r\n") == 0) return;
    }
  }
}

static void *sink_main(void *arg) {
  (void)arg;
  for (;;) {
    int c = accept(smtp_fd, NULL, NULL);
    if (c < 0) return NULL;
    sink_session(c);
    close(c);
  }
}

static int sink_start(void) {
  smtp_fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(smtp_fd, (struct sockaddr *)&a, sizeof a) || listen(smtp_fd, 8) ||
      getsockname(smtp_fd, (struct sockaddr *)&a, &len))
    return -1;
  smtp_port = ntohs(a.sin_port);
  pthread_t t;
  return pthread_create(&t, NULL, sink_main, NULL) ? -1 : 0;
}

/* ---------------------------------------------------------------- helpers */
static int post(const char *path, const char *body, HttpResp *r) {
  return http_req(port, "POST", path, "Content-Type: application/x-www-form-urlencoded\r\nAccept-Language: en\r\n", body,
                  strlen(body), r);
}
static int64_t count_subs(const char *status) {
  return q_int("SELECT count(*) FROM alert_subscription WHERE status='%q'", status);
}
static char *b64dec(const char *s) { /* decodes base64 lines (for the mail body) */
  static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = xcalloc(strlen(s) + 1, 1);
  unsigned v = 0;
  int bits = 0;
  size_t o = 0;
  for (const char *p = s; *p; p++) {
    const char *k = strchr(t, *p);
    if (!k || !*p) continue;
    v = (v << 6) | (unsigned)(k - t);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (char)((v >> bits) & 0xFF);
    }
  }
  return out;
}

/* ---------------------------------------------------------------- tests */
static void test_mail_off(void) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/alerts", &r), 200);
  CHECK_CONTAINS(r.body, "id=\"mail-off\"");
  resp_free(&r);
  CHECK_EQ_INT(post("/alerts", "email=a%40example.org&kind=keyword&target=budget", &r), 409);
  CHECK_CONTAINS(r.body, "E-mail is off");
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM alert_subscription"), 0);
  CHECK_EQ_INT(nmails, 0);
}

static void test_bad_input(void) {
  q_exec("INSERT OR REPLACE INTO meta(key,value) VALUES('smtp_url','smtp://127.0.0.1:%d'),('smtp_from','alerts@majlis.test'),"
         "('public_url','http://majlis.test')", smtp_port);
  const char *bodies[] = {"email=bad&kind=keyword&target=budget", "email=a%40example.org&kind=keyword&target=",
                          "email=a%40example.org&kind=vote&target=1", "email=a%40example.org&kind=member&target=abc",
                          "email=a%40example.org&kind=member&target=987654", "email=a%40example.org&kind=committee&target=987654",
                          "email=a%0d%0a%40example.org&kind=keyword&target=budget", "kind=keyword&target=budget"};
  int want[] = {400, 400, 400, 400, 404, 404, 400, 400};
  for (size_t i = 0; i < MJ_COUNT(bodies); i++) {
    HttpResp r;
    int st = post("/alerts", bodies[i], &r);
    if (st != want[i]) printf("#   %s: %d\n", bodies[i], st);
    CHECK_EQ_INT(st, want[i]);
    CHECK_CONTAINS(r.body, "error-msg");
    resp_free(&r);
  }
  CHECK_EQ_INT(q_int("SELECT count(*) FROM alert_subscription"), 0);
  CHECK_EQ_INT(nmails, 0);
}

static char g_token[65], g_unsub[65];

static void test_subscribe_confirm(void) {
  HttpResp r;
  CHECK_EQ_INT(post("/alerts", "email=Reader%40Example.org&kind=keyword&target=ZEBRAWORD", &r), 202);
  CHECK_CONTAINS(r.body, "alert-requested");
  resp_free(&r);
  CHECK_EQ_INT(nmails, 1);
  pthread_mutex_lock(&mail_mu);
  char *mail = xstrdup(last_mail);
  pthread_mutex_unlock(&mail_mu);
  CHECK_CONTAINS(mail, "From: alerts@majlis.test\r\n");
  CHECK_CONTAINS(mail, "To: reader@example.org\r\n");
  CHECK_CONTAINS(mail, "MIME-Version: 1.0\r\n");
  CHECK_CONTAINS(mail, "Content-Type: text/plain; charset=UTF-8\r\n");
  CHECK_CONTAINS(mail, "Message-ID: <");
  CHECK_CONTAINS(mail, "\r\nDate: ");
  char *body = b64dec(strstr(mail, "\r\n\r\n") ? strstr(mail, "\r\n\r\n") + 4 : "");
  const char *t = strstr(body, "confirm?token=");
  CHECK(t != NULL);
  if (t) mj_strlcpy(g_token, t + 14, sizeof g_token);
  CHECK_EQ_INT(strlen(g_token), 64);
  CHECK_CONTAINS(body, "http://majlis.test/alerts/confirm?token=");
  free(body);
  free(mail);
  /* GET shows a button and changes nothing */
  char path[200];
  snprintf(path, sizeof path, "/alerts/confirm?token=%s", g_token);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK_CONTAINS(r.body, "action=\"/alerts/confirm\"");
  resp_free(&r);
  CHECK_EQ_INT(count_subs("pending"), 1);
  char form[200];
  snprintf(form, sizeof form, "token=%s", g_token);
  CHECK_EQ_INT(post("/alerts/confirm", form, &r), 200);
  resp_free(&r);
  CHECK_EQ_INT(count_subs("active"), 1);
  CHECK_EQ_INT(post("/alerts/confirm", form, &r), 404); /* replay */
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit WHERE action='alert.confirm'"), 1);
  char *u = q_str("SELECT unsub_token FROM alert_subscription WHERE status='active'");
  mj_strlcpy(g_unsub, u, sizeof g_unsub);
  free(u);
}

typedef struct Got {
  int n;
  char body[1 << 15], unsub[300];
} Got;
static int got_mail(void *arg, const AlertSub *s, const char *subject, const char *body, const char *unsub) {
  Got *g = arg;
  (void)s;
  (void)subject;
  g->n++;
  mj_strlcpy(g->body, body, sizeof g->body);
  mj_strlcpy(g->unsub, unsub, sizeof g->unsub);
  return MJ_OK;
}

static void add_speech(const char *text) {
  int64_t sit = q_int("SELECT max(id) FROM sitting");
  q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES(%lld, "
         "(SELECT coalesce(max(position),0)+1 FROM speech WHERE sitting_id=%lld), NULL, 'speech', 'en', '%q')",
         (long long)sit, (long long)sit, text);
}

static void test_digest(void) {
  Got g;
  memset(&g, 0, sizeof g);
  AlertRun run;
  CHECK_EQ_INT(alerts_run(g_db, "http://majlis.test", 0, mj_now_ms() / 1000, got_mail, &g, &run), MJ_OK);
  CHECK_EQ_INT(g.n, 0); /* nothing new since confirming */
  add_speech("The zebraword appears in this new speech about the budget.");
  CHECK_EQ_INT(alerts_run(g_db, "http://majlis.test", 0, mj_now_ms() / 1000, got_mail, &g, &run), MJ_OK);
  CHECK_EQ_INT(g.n, 1);
  CHECK_CONTAINS(g.body, "zebraword appears");
  CHECK_CONTAINS(g.body, "#speech-");
  CHECK_CONTAINS(g.unsub, g_unsub);
  CHECK_EQ_INT(alerts_run(g_db, "http://majlis.test", 0, mj_now_ms() / 1000, got_mail, &g, &run), MJ_OK);
  CHECK_EQ_INT(g.n, 1); /* not twice */
  /* the mail as the CLI formats it */
  MailMessage m = {"Majlis <alerts@majlis.test>", "reader@example.org", "جديد في المضبطة: كلمات عضو طويل الاسم جدًا", "x\n", g.unsub};
  Buf b;
  buf_init(&b, 1 << 16);
  smtp_format(&m, 0, &b);
  CHECK_CONTAINS(b.p, "Subject: =?UTF-8?B?");
  CHECK_CONTAINS(b.p, "?=\r\n =?UTF-8?B?"); /* folded into several words */
  CHECK_CONTAINS(b.p, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n");
  CHECK_CONTAINS(b.p, "List-Unsubscribe: <http://majlis.test/alerts/unsubscribe?token=");
  CHECK_CONTAINS(b.p, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  buf_free(&b);
}

static void test_unsubscribe(void) {
  HttpResp r;
  char path[200];
  snprintf(path, sizeof path, "/alerts/unsubscribe?token=%s", g_unsub);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK_CONTAINS(r.body, "action=\"/alerts/unsubscribe\"");
  resp_free(&r);
  CHECK_EQ_INT(count_subs("active"), 1);
  CHECK_EQ_INT(post(path, "List-Unsubscribe=One-Click", &r), 200);
  resp_free(&r);
  CHECK_EQ_INT(count_subs("unsubscribed"), 1);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM alert_subscription WHERE email IS NOT NULL AND status='unsubscribed'"), 0);
  CHECK_EQ_INT(post(path, "List-Unsubscribe=One-Click", &r), 200); /* idempotent */
  resp_free(&r);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM audit WHERE action='alert.unsubscribe'"), 1);
  add_speech("Another zebraword speech.");
  Got g;
  memset(&g, 0, sizeof g);
  AlertRun run;
  CHECK_EQ_INT(alerts_run(g_db, "http://majlis.test", 0, mj_now_ms() / 1000, got_mail, &g, &run), MJ_OK);
  CHECK_EQ_INT(g.n, 0);
}

static void test_feed(void) {
  add_speech("zebraword with controls \x01\x02 & <tags> and bad bytes \xC3\x28 \xED\xA0\x80 end");
  HttpResp r;
  CHECK_EQ_INT(http_req(port, "GET", "/search.atom?q=zebraword", "Host: majlis.test:8080\r\n", NULL, 0, &r), 200);
  char ct[100] = "";
  resp_header(&r, "Content-Type", ct, sizeof ct);
  CHECK_CONTAINS(ct, "application/atom+xml");
  xmlDocPtr d = r.body ? xmlReadMemory(r.body, (int)r.body_len, "feed.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR) : NULL;
  CHECK(d != NULL);
  if (d) xmlFreeDoc(d);
  CHECK_CONTAINS(r.body, "<id>tag:majlis.test,2026:speech/");
  CHECK_CONTAINS(r.body, "&lt;tags&gt;");
  CHECK_CONTAINS(r.body, "\xEF\xBF\xBD");
  CHECK(strstr(r.body, "\x01") == NULL);
  int entries = 0;
  for (const char *p = r.body; (p = strstr(p, "<entry>")); p++) entries++;
  CHECK_EQ_INT(entries, 3);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/search.atom", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(GET(port, "/search.atom?q=budget", &r), 200);
  int n = 0;
  for (const char *p = r.body; (p = strstr(p, "<entry>")); p++) n++;
  CHECK(n > 0 && n <= 50);
  resp_free(&r);
  /* the links on the search, member and committee pages */
  CHECK_EQ_INT(GET(port, "/search?q=budget", &r), 200);
  CHECK_CONTAINS(r.body, "/search.atom?q=budget");
  CHECK_CONTAINS(r.body, "/alerts?kind=keyword&amp;target=budget");
  resp_free(&r);
  char path[120], want[120];
  int64_t mem = q_int("SELECT min(person_id) FROM membership WHERE organization_id=1");
  int64_t com = q_int("SELECT min(id) FROM organization WHERE classification='committee'");
  snprintf(path, sizeof path, "/members/%lld", (long long)mem);
  snprintf(want, sizeof want, "/alerts?kind=member&amp;target=%lld", (long long)mem);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  snprintf(path, sizeof path, "/committees/%lld", (long long)com);
  snprintf(want, sizeof want, "/alerts?kind=committee&amp;target=%lld", (long long)com);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
}

static void test_rate_limit(void) {
  HttpResp r;
  int st = 0;
  for (int i = 0; i < 6; i++) {
    st = post("/alerts", "email=many%40example.org&kind=keyword&target=budget", &r);
    resp_free(&r);
  }
  CHECK_EQ_INT(st, 429);
  CHECK_EQ_INT(q_int("SELECT count(*) FROM alert_subscription WHERE email='many@example.org'"), 5);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  xmlInitParser();
  i18n_init();
  th_tmpdb(g_dbpath, sizeof g_dbpath, "alerts");
  int rc = db_open(g_dbpath, DB_CREATE | DB_MUST_NEW, &g_db);
  if (rc) {
    printf("not ok - cannot create %s: %s\n", g_dbpath, mj_errmsg());
    return 1;
  }
  Actor who = audit_cli_actor();
  DemoOptions o = {7, "2026-11-23", NULL, NULL, NULL};
  DemoResult res;
  if ((rc = demo_create(g_db, &who, &o, &res)) || sink_start()) {
    printf("not ok - setup: %s\n", mj_errmsg());
    db_close(g_db);
    test_remove_db();
    return 1;
  }
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_mail_off);
  RUN(test_bad_input);
  RUN(test_subscribe_confirm);
  RUN(test_digest);
  RUN(test_unsubscribe);
  RUN(test_feed);
  RUN(test_rate_limit);
  test_finish(srv);
  xmlCleanupParser();
  return DONE();
}
