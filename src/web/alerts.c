/*
** alerts.c: e-mail alerts for the public and the Atom feed of a saved
** search (domain: src/domain/alerts.h; mail: src/formats/smtp.h).
**   GET  /alerts                 what alerts are, and the form
**   POST /alerts                 a pending subscription and its confirmation mail
**   GET  /alerts/confirm?token=  a button; POST /alerts/confirm confirms
**   GET  /alerts/unsubscribe?token=  a button; POST unsubscribes (also the
**                                RFC 8058 one-click body List-Unsubscribe=One-Click)
**   GET  /search.atom?q=         the newest 50 speeches matching a search
** (feed_search_write also writes the feeds of saved searches: search_saved.c.)
** GET never changes anything. The reply to POST /alerts is the same
** whether the address is new, pending or already subscribed. E-mail is on
** when smtp_url, smtp_from and public_url are set (links in mails never
** come from a request's Host header).
*/
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "search.h"
#include "smtp.h"
#include "web_int.h"

static int mail_on(const SmtpConfig *c) { return smtp_enabled(c) && c->public_url; }

static int64_t now_s(void) { return mj_now_ms() / 1000; }

static const char *param(Req *r, const char *name) {
  const char *v = req_form(r, name);
  if (!v) v = req_query(r, name);
  return v;
}

/* ---------------------------------------------------------------- the form */

static void alerts_form(Req *r, const SmtpConfig *c, const char *error, const char *email, const char *kind,
                        const char *target) {
  page_begin(r, T(r, "E-mail alerts"), T(r, "Follow a search, a member or a committee by e-mail or Atom feed"));
  Buf *b = &r->out;
  html_printf(b, "<section class=\"narrow\" id=\"alerts\"><h1>%s</h1>\n<p>%s</p>\n", T(r, "E-mail alerts"),
              T(r, "Follow a keyword search, a member's speeches or a committee's sittings. You get at most one e-mail a day, only when there is something new. Every e-mail has a link to stop them at once."));
  html_printf(b, "<p>%s</p>\n", T(r, "We keep only your e-mail address, the language of the e-mails and what you follow; unsubscribing erases the address."));
  if (!mail_on(c))
    html_printf(b, "<p class=\"error-msg\" id=\"mail-off\" role=\"status\">%s</p>\n",
                T(r, "E-mail is off on this site: no mail server is configured. The Atom feeds still work."));
  if (error) html_printf(b, "<p class=\"error-msg\" role=\"alert\">%s</p>\n", error);
  const char *k = kind && *kind ? kind : "keyword";
  html_printf(b, "<form method=\"post\" action=\"/alerts\" class=\"stack\">");
  page_csrf_field(r);
  html_printf(b,
              "<label for=\"email\">%s</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" "
              "dir=\"ltr\" required maxlength=\"254\" value=\"%s\">"
              "<label for=\"kind\">%s</label><select id=\"kind\" name=\"kind\">"
              "<option value=\"keyword\"%R>%s</option><option value=\"member\"%R>%s</option>"
              "<option value=\"committee\"%R>%s</option></select>"
              "<label for=\"target\">%s</label><input id=\"target\" name=\"target\" required maxlength=\"200\" "
              "dir=\"auto\" value=\"%s\" aria-describedby=\"target-help\">"
              "<p id=\"target-help\" class=\"help\">%s</p>"
              "<button type=\"submit\"%R>%s</button></form>\n",
              T(r, "E-mail address"), email ? email : "", T(r, "Follow"),
              strcmp(k, "keyword") == 0 ? " selected" : "", T(r, "a keyword search"),
              strcmp(k, "member") == 0 ? " selected" : "", T(r, "a member's speeches"),
              strcmp(k, "committee") == 0 ? " selected" : "", T(r, "a committee's sittings"), T(r, "What to follow"),
              target ? target : "",
              T(r, "Search words as on the search page, or the number of the member or committee (the links on their pages fill it in)."),
              mail_on(c) ? "" : " disabled", T(r, "Subscribe"));
  if (kind && strcmp(kind, "keyword") == 0 && target && *target)
    html_printf(b, "<p class=\"links\"><a type=\"application/atom+xml\" href=\"/search.atom?q=%U\">%s</a></p>\n", target,
                T(r, "Atom feed of this search"));
  html_printf(b, "</section>\n");
  page_end(r);
}

void page_alerts(Req *r) {
  SmtpConfig c;
  smtp_config_load(r->db, &c);
  alerts_form(r, &c, NULL, NULL, req_query(r, "kind"), req_query(r, "target"));
  smtp_config_free(&c);
}

static void message_page(Req *r, const char *title, const char *text, const char *id) {
  page_begin(r, title, title);
  html_printf(&r->out, "<section class=\"narrow\" id=\"%s\"><h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/alerts\">%s</a></p></section>\n",
              id, title, text, T(r, "E-mail alerts"));
  page_end(r);
}

void page_alerts_post(Req *r) {
  SmtpConfig c;
  smtp_config_load(r->db, &c);
  const char *email = req_form(r, "email"), *kind = req_form(r, "kind"), *target = req_form(r, "target");
  const char *err = NULL;
  int code = MJ_EINVAL;
  if (!mail_on(&c)) {
    err = T(r, "E-mail is off on this site: no mail server is configured. The Atom feeds still work.");
    code = MJ_ECONFLICT;
  } else if (!email || !*email) err = T(r, "Give your e-mail address.");
  else if (!alerts_email_valid(email)) err = T(r, "That does not look like an e-mail address (name@example.org).");
  else if (!kind || (strcmp(kind, "keyword") && strcmp(kind, "member") && strcmp(kind, "committee")))
    err = T(r, "Choose what to follow: a keyword search, a member or a committee.");
  else if (!target || !*target) err = T(r, "Say what to follow: search words, or the number of the member or committee.");
  if (err) {
    alerts_form(r, &c, err, email, kind, target);
    r->status = http_status_of(code);
    smtp_config_free(&c);
    return;
  }
  AlertSub s;
  char token[65];
  int rc = alerts_subscribe(r->db, r->arena, email, i18n_code(r->lang), kind, target, r->remote, now_s(), &s, token);
  if (rc) {
    const char *msg = rc == MJ_ENOTFOUND ? (strcmp(kind, "member") == 0 ? T(r, "There is no member with that number.")
                                                                          : T(r, "There is no committee with that number."))
                                         : mj_errmsg();
    alerts_form(r, &c, msg, email, kind, target);
    r->status = rc == MJ_ECONFLICT ? 429 : http_status_of(rc);
    smtp_config_free(&c);
    return;
  }
  if (s.id) {
    Buf subj, body, msg;
    buf_init(&subj, 4096);
    buf_init(&body, 65536);
    buf_init(&msg, 1 << 20);
    alerts_confirm_mail(&s, c.public_url, token, &subj, &body);
    MailMessage m = {c.from, s.email, subj.p, body.p, NULL};
    smtp_format(&m, now_s(), &msg);
    rc = smtp_send(&c, s.email, msg.p, msg.n);
    buf_free(&subj);
    buf_free(&body);
    buf_free(&msg);
    if (rc) {
      log_error("alerts: confirmation mail for subscription %lld: %s", (long long)s.id, mj_errmsg());
      alerts_forget(r->db, s.id);
      alerts_form(r, &c, T(r, "The confirmation e-mail could not be sent just now. Please try again later."), email, kind,
                  target);
      r->status = 503;
      smtp_config_free(&c);
      return;
    }
  }
  smtp_config_free(&c);
  r->status = 202;
  message_page(r, T(r, "Check your e-mail"),
               T(r, "If the address can receive mail, a message with a confirmation link is on its way. Alerts start only after you confirm."),
               "alert-requested");
}

/* ---------------------------------------------------------------- confirm and unsubscribe */

static void token_form(Req *r, const char *action, const char *title, const char *text, const char *label,
                       const char *button, const char *token) {
  page_begin(r, title, title);
  Buf *b = &r->out;
  html_printf(b, "<section class=\"narrow\"><h1>%s</h1>\n<p>%s</p>\n<p><strong dir=\"auto\">%s</strong></p>\n"
              "<form method=\"post\" action=\"%s\" class=\"stack\"><input type=\"hidden\" name=\"token\" value=\"%s\">",
              title, text, label, action, token);
  page_csrf_field(r);
  html_printf(b, "<button type=\"submit\">%s</button></form></section>\n", button);
  page_end(r);
}

void page_alerts_confirm(Req *r) {
  const char *token = req_query(r, "token");
  AlertSub s;
  if (alerts_confirm_lookup(r->db, r->arena, token, now_s(), &s)) {
    reply_error(r, MJ_ENOTFOUND, T(r, "This confirmation link is unknown, already used or expired. Subscribe again."));
    return;
  }
  token_form(r, "/alerts/confirm", T(r, "Confirm your e-mail alert"), T(r, "Press the button to start e-mail alerts about:"),
             s.label, T(r, "Confirm"), token);
}

void page_alerts_confirm_post(Req *r) {
  AlertSub s;
  if (alerts_confirm(r->db, r->arena, param(r, "token"), now_s(), &s)) {
    reply_error(r, MJ_ENOTFOUND, T(r, "This confirmation link is unknown, already used or expired. Subscribe again."));
    return;
  }
  message_page(r, T(r, "Alerts confirmed"),
               T(r, "You will get an e-mail when there is something new. Each e-mail has a link to unsubscribe."),
               "alert-confirmed");
}

void page_alerts_unsubscribe(Req *r) {
  const char *token = req_query(r, "token");
  AlertSub s;
  if (alerts_unsub_lookup(r->db, r->arena, token, &s)) {
    reply_error(r, MJ_ENOTFOUND, T(r, "This unsubscribe link is unknown. Copy the whole link from the e-mail."));
    return;
  }
  if (strcmp(s.status, "unsubscribed") == 0) {
    message_page(r, T(r, "Unsubscribed"), T(r, "You are unsubscribed from these alerts; your address has been erased."),
                 "alert-unsubscribed");
    return;
  }
  token_form(r, "/alerts/unsubscribe", T(r, "Unsubscribe"), T(r, "Press the button to stop e-mail alerts about:"), s.label,
             T(r, "Unsubscribe"), token);
}

void page_alerts_unsubscribe_post(Req *r) {
  /* RFC 8058: the token is in the List-Unsubscribe URL's query, the body
  ** is List-Unsubscribe=One-Click; a browser form sends the token field */
  AlertSub s;
  if (alerts_unsubscribe(r->db, r->arena, param(r, "token"), &s)) {
    reply_error(r, MJ_ENOTFOUND, T(r, "This unsubscribe link is unknown. Copy the whole link from the e-mail."));
    return;
  }
  message_page(r, T(r, "Unsubscribed"), T(r, "You are unsubscribed from these alerts; your address has been erased."),
               "alert-unsubscribed");
}

/* ---------------------------------------------------------------- Atom */

/* XML text: escapes markup characters, drops control characters other than
** tab and newline, replaces invalid UTF-8 (and U+FFFE/U+FFFF) with U+FFFD. */
static void xml_esc(Buf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  while (*p) {
    unsigned c = *p;
    if (c < 0x80) {
      switch (c) {
      case '&': buf_puts(b, "&amp;"); break;
      case '<': buf_puts(b, "&lt;"); break;
      case '>': buf_puts(b, "&gt;"); break;
      case '"': buf_puts(b, "&quot;"); break;
      case '\'': buf_puts(b, "&#39;"); break;
      default:
        if (c >= 0x20 && c != 0x7F) buf_putc(b, (char)c);
        else if (c == '\t' || c == '\n') buf_putc(b, (char)c);
      }
      p++;
      continue;
    }
    size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    int ok = k > 0;
    for (size_t i = 1; ok && i < k; i++) ok = (p[i] & 0xC0) == 0x80;
    if (ok && k == 3) {
      unsigned cp = ((c & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) ok = 0;
    } else if (ok && k == 4) {
      unsigned cp = ((c & 0x07) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
      if (cp < 0x10000 || cp > 0x10FFFF) ok = 0;
    } else if (ok && k == 2) {
      unsigned cp = ((c & 0x1F) << 6) | (p[1] & 0x3Fu);
      if (cp >= 0x80 && cp <= 0x9F) ok = 0; /* C1 controls */
    }
    if (ok) {
      buf_append(b, p, k);
      p += k;
    } else {
      buf_puts(b, "\xEF\xBF\xBD");
      p++;
    }
  }
}

static int host_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
}

/* The site's base URL and its host name (for tag: URIs). */
static void feed_site(Req *r, const char **base, const char **host) {
  char *pub = db_meta_get(r->db, "public_url");
  const char *h = NULL;
  if (pub && *pub) {
    *base = arena_strdup(r->arena, pub);
    const char *s = strstr(*base, "://");
    h = s ? s + 3 : *base;
  } else {
    const char *hh = req_header(r, "Host");
    int ok = hh && *hh && strlen(hh) < 200;
    for (const char *p = hh; ok && *p; p++) ok = host_char(*p) || *p == ':';
    const char *proto = req_header(r, "X-Forwarded-Proto");
    *base = arena_printf(r->arena, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", ok ? hh : "localhost");
    h = ok ? hh : "localhost";
  }
  free(pub);
  size_t n = 0;
  while (h[n] && host_char(h[n])) n++;
  *host = n ? arena_strndup(r->arena, h, n) : "localhost";
}

void feed_search(Req *r) {
  SearchQuery q;
  SearchOptions o;
  int page;
  int rc = web_search_request(r, 50, &q, &o, &page);
  if (!rc && search_query_empty(&q))
    rc = mj_fail(MJ_EINVAL, "%s", T(r, "Give search words or a filter in q, e.g. /search.atom?q=budget"));
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  o.limit = 50;
  o.offset = 0;
  o.sort_date = 1;
  o.facets = 0;
  o.suggest = 0;
  SearchResult res;
  if ((rc = search_run(r->db, r->arena, &q, &o, &res))) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *qtext = req_query(r, "q") ? req_query(r, "q") : "";
  Buf esc;
  buf_init(&esc, 8192);
  for (const unsigned char *p = (const unsigned char *)qtext; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
      buf_putc(&esc, (char)*p);
    else
      buf_printf(&esc, "%%%02X", *p);
  }
  const char *e = esc.p ? esc.p : "";
  const char *lit = q.literal ? "&respell=0" : ""; /* the words as written: a feed of its own */
  feed_search_write(r, &q, &res, arena_printf(r->arena, "%s: %s", T(r, "Search"), qtext),
                    arena_printf(r->arena, "search/%s%s", e, q.literal ? ";respell=0" : ""),
                    arena_printf(r->arena, "/search.atom?q=%s%s", e, lit), arena_printf(r->arena, "/search?q=%s%s", e, lit));
  buf_free(&esc);
}

void feed_search_write(Req *r, const SearchQuery *q, const SearchResult *res, const char *title, const char *tag,
                       const char *self, const char *alternate) {
  const char *base, *host;
  feed_site(r, &base, &host);
  const char *lang = i18n_code(r->lang);
  r->ctype = "application/atom+xml; charset=utf-8";
  Buf *b = &r->out;
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
  xml_esc(b, lang);
  buf_puts(b, "\">\n<id>");
  xml_esc(b, arena_printf(r->arena, "tag:%s,2026:", host));
  xml_esc(b, tag);
  buf_puts(b, "</id>\n<title>");
  xml_esc(b, title);
  buf_puts(b, "</title>\n<updated>");
  xml_esc(b, arena_printf(r->arena, "%.10sT00:00:00Z", res->n && res->hits[0].date ? res->hits[0].date : "1970-01-01"));
  buf_puts(b, "</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
  xml_esc(b, base);
  xml_esc(b, self);
  buf_puts(b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
  xml_esc(b, base);
  xml_esc(b, alternate);
  buf_puts(b, "\"/>\n<author><name>");
  xml_esc(b, T(r, "Council of Representatives"));
  buf_puts(b, "</name></author>\n<generator>Majlis</generator>\n");
  Buf sn;
  buf_init(&sn, 65536);
  for (int i = 0; i < res->n; i++) {
    const SearchHit *h = &res->hits[i];
    buf_puts(b, "<entry>\n<id>");
    xml_esc(b, h->vote_id ? arena_printf(r->arena, "tag:%s,2026:vote/%lld", host, (long long)h->vote_id) /* type:vote */
                          : arena_printf(r->arena, "tag:%s,2026:speech/%lld", host, (long long)h->speech_id));
    buf_puts(b, "</id>\n<title>");
    const char *who = h->vote_id ? T(r, "Vote") : h->person_id ? parl_name(&h->speaker, lang) : "";
    xml_esc(b, arena_printf(r->arena, "%s%s%s %d \xC2\xB7 %s", who, *who ? " \xC2\xB7 " : "", T(r, "Sitting"),
                            h->sitting_number, parl_name(&h->body, lang)));
    buf_puts(b, "</title>\n<updated>");
    xml_esc(b, arena_printf(r->arena, "%.10sT00:00:00Z", h->date && strlen(h->date) >= 10 ? h->date : "1970-01-01"));
    buf_puts(b, "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_esc(b, h->vote_id ? arena_printf(r->arena, "%s/votes/%lld", base, (long long)h->vote_id)
                          : arena_printf(r->arena, "%s/sittings/%lld#speech-%lld", base, (long long)h->sitting_id,
                                         (long long)h->speech_id));
    buf_puts(b, "\"/>\n<summary>");
    Snippet s;
    search_snippet(r->arena, q, h->text, 400, &s);
    buf_reset(&sn);
    search_snippet_plain(&s, &sn);
    if (h->vote_id) /* a vote: its result and counts */
      buf_printf(&sn, " \xC2\xB7 %s: %s %d, %s %d, %s %d",
                 h->result && strcmp(h->result, "pass") == 0 ? T(r, "Passed") : T(r, "Not passed"), T(r, "Yes"), h->yes,
                 T(r, "No"), h->no, T(r, "Abstain"), h->abstain);
    xml_esc(b, sn.p);
    buf_puts(b, "</summary>\n</entry>\n");
  }
  buf_free(&sn);
  buf_puts(b, "</feed>\n");
}
