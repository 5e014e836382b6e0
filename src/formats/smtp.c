/*
** smtp.c: RFC 5322 messages and sending them with libcurl (see smtp.h).
*/
#include "smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void smtp_config_load(Db *db, SmtpConfig *c) {
  memset(c, 0, sizeof *c);
  c->url = db_meta_get(db, "smtp_url");
  c->from = db_meta_get(db, "smtp_from");
  c->user = db_meta_get(db, "smtp_user");
  c->password = db_meta_get(db, "smtp_password");
  c->public_url = db_meta_get(db, "public_url");
  char **all[] = {&c->url, &c->from, &c->user, &c->password, &c->public_url};
  for (size_t i = 0; i < MJ_COUNT(all); i++)
    if (*all[i] && !**all[i]) {
      free(*all[i]);
      *all[i] = NULL;
    }
}

void smtp_config_free(SmtpConfig *c) {
  free(c->url);
  free(c->from);
  free(c->user);
  free(c->password);
  free(c->public_url);
  memset(c, 0, sizeof *c);
}

int smtp_enabled(const SmtpConfig *c) { return c->url && c->from; }

static int printable_ascii(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p > 0x7E) return 0;
  return 1;
}

void smtp_bare_address(const char *from, char *out, size_t n) {
  const char *lt = strrchr(from, '<');
  const char *gt = lt ? strchr(lt, '>') : NULL;
  if (lt && gt && (size_t)(gt - lt - 1) < n) {
    memcpy(out, lt + 1, (size_t)(gt - lt - 1));
    out[gt - lt - 1] = 0;
  } else {
    mj_strlcpy(out, from, n);
  }
}

int smtp_setting_check(const char *key, const char *value) {
  if (strcmp(key, "smtp_url") == 0) {
    if (*value && !mj_startswith(value, "smtp://") && !mj_startswith(value, "smtps://"))
      return mj_fail(MJ_EINVAL, "smtp_url is smtp://HOST[:PORT] or smtps://HOST[:PORT] (empty turns e-mail off)");
    if (!printable_ascii(value) || strchr(value, ' '))
      return mj_fail(MJ_EINVAL, "smtp_url must be printable ASCII without spaces");
  } else if (strcmp(key, "smtp_from") == 0) {
    char a[300];
    smtp_bare_address(value, a, sizeof a);
    const char *at = strchr(a, '@');
    if (*value && (!printable_ascii(value) || !at || at == a || !at[1] || strchr(a, ' ') || strlen(value) > 250))
      return mj_fail(MJ_EINVAL, "smtp_from is an address (alerts@example.org) or \"Name <alerts@example.org>\", in ASCII");
  } else if (strcmp(key, "public_url") == 0) {
    size_t n = strlen(value);
    if (*value && ((!mj_startswith(value, "http://") && !mj_startswith(value, "https://")) || !printable_ascii(value) ||
                   strchr(value, ' ') || strchr(value, '"') || strchr(value, '<') || value[n - 1] == '/' || n > 200))
      return mj_fail(MJ_EINVAL, "public_url is the site's address, http(s)://HOST[:PORT][/PATH], without a trailing slash");
  }
  return MJ_OK;
}

/* ---- encoding ---- */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(Buf *out, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16;
    if (i + 1 < n) v |= (unsigned)p[i + 1] << 8;
    if (i + 2 < n) v |= p[i + 2];
    buf_putc(out, b64[(v >> 18) & 63]);
    buf_putc(out, b64[(v >> 12) & 63]);
    buf_putc(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
    buf_putc(out, i + 2 < n ? b64[v & 63] : '=');
  }
}

/* Length of the UTF-8 sequence starting at p (1 for a stray byte). */
static size_t u8seq(const unsigned char *p) {
  size_t k = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 1;
  for (size_t i = 1; i < k; i++)
    if (!p[i]) return i;
  return k;
}

void smtp_encode_header(const char *s, Buf *out) {
  /* no CR or LF ever reaches a header */
  if (printable_ascii(s) && strlen(s) < 900) {
    buf_puts(out, s);
    return;
  }
  const unsigned char *p = (const unsigned char *)s;
  int first = 1;
  while (*p) {
    /* at most 45 bytes per word: 60 base64 characters, 72 with the frame */
    size_t n = 0;
    while (p[n]) {
      size_t k = u8seq(p + n);
      if (n + k > 45) break;
      n += k;
    }
    /* control characters become spaces */
    unsigned char chunk[48];
    for (size_t i = 0; i < n; i++) chunk[i] = p[i] < 0x20 || p[i] == 0x7F ? ' ' : p[i];
    if (!first) buf_puts(out, "\r\n ");
    buf_puts(out, "=?UTF-8?B?");
    base64(out, chunk, n);
    buf_puts(out, "?=");
    first = 0;
    p += n;
  }
}

static void rfc5322_date(int64_t now, char *out, size_t n) {
  static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t t = (time_t)now;
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
           tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void smtp_format(const MailMessage *m, int64_t now, Buf *out) {
  char date[64], addr[300], id[33];
  rfc5322_date(now, date, sizeof date);
  smtp_bare_address(m->from, addr, sizeof addr);
  const char *dom = strchr(addr, '@');
  mj_random_hex(id, 16);
  buf_puts(out, "From: ");
  buf_puts(out, m->from);
  buf_puts(out, "\r\nTo: ");
  buf_puts(out, m->to);
  buf_puts(out, "\r\nSubject: ");
  smtp_encode_header(m->subject, out);
  buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\nMIME-Version: 1.0\r\n", date, id,
             dom && dom[1] ? dom + 1 : "majlis.invalid");
  buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n");
  if (m->unsubscribe_url) {
    buf_puts(out, "List-Unsubscribe: <");
    buf_puts(out, m->unsubscribe_url);
    buf_puts(out, ">\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  }
  buf_puts(out, "Auto-Submitted: auto-generated\r\n\r\n");
  /* the body with CRLF line ends, then base64 in lines of 76 */
  Buf crlf;
  buf_init(&crlf, BUF_UNLIMITED);
  for (const char *p = m->body; *p; p++) {
    if (*p == '\n') buf_putc(&crlf, '\r');
    if (*p != '\r') buf_putc(&crlf, *p);
  }
  const unsigned char *b = (const unsigned char *)(crlf.p ? crlf.p : "");
  for (size_t i = 0; i < crlf.n; i += 57) {
    base64(out, b + i, crlf.n - i < 57 ? crlf.n - i : 57);
    buf_puts(out, "\r\n");
  }
  buf_free(&crlf);
}

/* ---- sending ---- */
typedef struct Upload {
  const char *p;
  size_t left;
} Upload;

static size_t upload_read(char *dst, size_t size, size_t nmemb, void *arg) {
  Upload *u = arg;
  size_t n = size * nmemb < u->left ? size * nmemb : u->left;
  memcpy(dst, u->p, n);
  u->p += n;
  u->left -= n;
  return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_start(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

int smtp_send(const SmtpConfig *c, const char *to, const char *msg, size_t len) {
  if (!smtp_enabled(c)) return mj_fail(MJ_ECONFLICT, "e-mail is off: set smtp_url and smtp_from (majlis settings)");
  pthread_once(&curl_once, curl_start);
  CURL *h = curl_easy_init();
  if (!h) return mj_fail(MJ_EIO, "cannot start libcurl");
  char from[300];
  smtp_bare_address(c->from, from, sizeof from);
  char mfrom[310], rcpt[310];
  snprintf(mfrom, sizeof mfrom, "<%s>", from);
  snprintf(rcpt, sizeof rcpt, "<%s>", to);
  struct curl_slist *rc_list = curl_slist_append(NULL, rcpt);
  Upload u = {msg, len};
  char err[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, c->url);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mfrom);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rc_list);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
  if (c->user) {
    curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
    curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL); /* never a password in clear */
  } else {
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
  }
  CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(rc_list);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return mj_fail(MJ_EIO, "sending mail through %s failed: %s", c->url, *err ? err : curl_easy_strerror(rc));
  return MJ_OK;
}
