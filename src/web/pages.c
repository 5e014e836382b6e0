/*
** pages.c: the public pages of the foundation: home, the sittings list, a
** sitting, the language switch, static assets and robots.txt. Each handler
** reads its input, calls the parl read model, and renders through
** html_printf.
*/
#include <string.h>
#include <strings.h>

#include "embed.h"
#include "parl.h"
#include "search.h"
#include "user.h"
#include "web_int.h"

const char *web_status_label(Req *r, const char *status) {
  if (!status) return "";
  if (strcmp(status, "scheduled") == 0) return T(r, "Scheduled");
  if (strcmp(status, "open") == 0) return T(r, "In progress");
  if (strcmp(status, "suspended") == 0) return T(r, "Suspended");
  if (strcmp(status, "closed") == 0) return T(r, "Closed");
  return status;
}

const char *web_kind_label(Req *r, const char *kind) {
  if (strcmp(kind, "report") == 0) return T(r, "Report");
  if (strcmp(kind, "bill") == 0) return T(r, "Bill");
  if (strcmp(kind, "question") == 0) return T(r, "Question");
  if (strcmp(kind, "motion") == 0) return T(r, "Motion");
  return T(r, "Other business");
}

static void sitting_title(Req *r, Buf *b, const SittingRow *s) {
  html_printf(b, "%s %d · %s", T(r, "Sitting"), s->number, parl_name(&s->body, i18n_code(r->lang)));
}

static void sitting_list(Req *r, const SittingRow *rows, int n, const char *empty) {
  Buf *b = &r->out;
  if (!n) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", empty);
    return;
  }
  html_printf(b, "<ul class=\"sittings\">\n");
  for (int i = 0; i < n; i++) {
    const SittingRow *s = &rows[i];
    Buf t;
    buf_init(&t, 4096);
    sitting_title(r, &t, s);
    html_printf(b,
                "<li class=\"sitting status-%s\"><a href=\"/sittings/%L\">%H</a>"
                "<span class=\"meta\"><time datetime=\"%s\">%s</time> · %s",
                s->status, (long long)s->id, &t, s->date, s->date, web_status_label(r, s->status));
    if (s->items) html_printf(b, " · %s: %d", T(r, "Agenda items"), s->items);
    if (s->votes) html_printf(b, " · %s: %d", T(r, "Votes"), s->votes);
    html_printf(b, "</span></li>\n");
    buf_free(&t);
  }
  html_printf(b, "</ul>\n");
}

void page_home(Req *r) {
  OrgRow ch;
  const char *lang = i18n_code(r->lang);
  int have = parl_chamber(r->db, r->arena, &ch) == MJ_OK;
  char today[11];
  web_today(today);
  page_begin(r, T(r, "Home"), T(r, "Sittings, records and votes of the Council of Representatives"));
  Buf *b = &r->out;
  if (!have) {
    html_printf(b, "<section class=\"hero\"><h1>%s</h1><p>%s</p></section>\n", T(r, "Welcome to Majlis"),
                T(r, "This parliament has no chamber yet. An administrator can create one, or run the demo."));
    page_end(r);
    return;
  }
  html_printf(b,
              "<section class=\"hero\"><h1>%s</h1>"
              "<p class=\"facts\"><span>%s: %d</span> · <span>%s: %d</span></p>\n"
              "<form class=\"search\" role=\"search\" method=\"get\" action=\"/search\">"
              "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" dir=\"auto\" "
              "placeholder=\"%s\"><button type=\"submit\">%s</button></form></section>\n",
              parl_name(&ch.name, lang), T(r, "Seats"), ch.seats, T(r, "Members"), ch.members,
              T(r, "Search the record"), T(r, "Words, names or phrases"), T(r, "Search"));
  SittingRow *rows;
  int n;
  html_printf(b, "<div class=\"columns\">\n<section aria-labelledby=\"up\"><h2 id=\"up\">%s</h2>\n",
              T(r, "Upcoming sittings"));
  if (parl_sittings(r->db, r->arena, SITTINGS_UPCOMING, today, 0, 6, &rows, &n) == MJ_OK)
    sitting_list(r, rows, n, T(r, "No sittings are scheduled."));
  html_printf(b, "</section>\n<section aria-labelledby=\"recent\"><h2 id=\"recent\">%s</h2>\n",
              T(r, "Recent sittings"));
  if (parl_sittings(r->db, r->arena, SITTINGS_RECENT, today, 0, 6, &rows, &n) == MJ_OK)
    sitting_list(r, rows, n, T(r, "No sittings have been held yet."));
  html_printf(b, "<p><a href=\"/sittings\">%s</a></p></section>\n</div>\n", T(r, "All sittings"));
  OrgRow *cm;
  int ncm;
  if (parl_orgs(r->db, r->arena, "committee", &cm, &ncm) == MJ_OK && ncm) {
    html_printf(b, "<section aria-labelledby=\"cm\"><h2 id=\"cm\">%s</h2><ul class=\"bodies\">\n",
                T(r, "Standing committees"));
    for (int i = 0; i < ncm; i++)
      html_printf(b, "<li>%s <span class=\"meta\">%s: %d</span></li>\n", parl_name(&cm[i].name, lang),
                  T(r, "Members"), cm[i].members);
    html_printf(b, "</ul></section>\n");
  }
  page_end(r);
}

void page_sittings(Req *r) {
  char today[11];
  web_today(today);
  SittingRow *rows;
  int n;
  int rc = parl_sittings(r->db, r->arena, SITTINGS_ALL, today, 0, 200, &rows, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  page_begin(r, T(r, "Sittings"), T(r, "Every sitting of the chamber and its committees"));
  html_printf(&r->out, "<h1>%s</h1>\n", T(r, "Sittings"));
  sitting_list(r, rows, n, T(r, "No sittings yet."));
  page_end(r);
}

void page_sitting(Req *r) {
  long long id;
  if (mj_parse_int(r->pathvars[0], 1, INT64_MAX, &id)) {
    reply_error(r, MJ_ENOTFOUND, "a sitting is named by its number, for example /sittings/1");
    return;
  }
  SittingDetail d;
  int rc = parl_sitting(r->db, r->arena, id, &d);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *lang = i18n_code(r->lang);
  Buf title;
  buf_init(&title, 4096);
  sitting_title(r, &title, &d.s);
  page_begin(r, title.p, title.p);
  Buf *b = &r->out;
  html_printf(b, "<article class=\"sitting-page\"><h1>%H</h1>\n<dl class=\"facts\">"
              "<dt>%s</dt><dd><time datetime=\"%s\">%s</time></dd>"
              "<dt>%s</dt><dd>%s</dd>",
              &title, T(r, "Date"), d.s.date, d.s.date, T(r, "Status"), web_status_label(r, d.s.status));
  if (d.s.place) html_printf(b, "<dt>%s</dt><dd>%s</dd>", T(r, "Place"), d.s.place);
  if (d.s.term)
    html_printf(b, "<dt>%s</dt><dd>%s %d · %s %d</dd>", T(r, "Term and session"), T(r, "Term"), d.s.term,
                T(r, "Session"), d.s.session);
  if (strcmp(d.s.status, "scheduled") != 0)
    html_printf(b, "<dt>%s</dt><dd>%d / %d · %s: %d · %s: %d</dd>", T(r, "Attendance"), d.s.present, d.members,
                T(r, "Excused"), d.excused, T(r, "Absent"), d.absent);
  html_printf(b, "</dl>\n");
  buf_free(&title);
  /* the screens of this sitting, as far as the reader may use them */
  html_printf(b, "<nav class=\"screens\" aria-label=\"%s\"><ul>", T(r, "Screens of this sitting"));
  if (strcmp(d.s.status, "closed") != 0)
    html_printf(b, "<li><a href=\"/sittings/%L/live\">%s</a></li>", (long long)d.s.id, T(r, "Live screen"));
  if (r->who.actor.caps & CAP_MEMBER_ACT)
    html_printf(b, "<li><a href=\"/sittings/%L/tablet\">%s</a></li>", (long long)d.s.id, T(r, "Member's tablet"));
  if (r->who.actor.caps & CAP_SITTING_PRESIDE)
    html_printf(b, "<li><a href=\"/sittings/%L/console\">%s</a></li>", (long long)d.s.id, T(r, "Presiding console"));
  if (r->who.actor.caps & CAP_SITTING_PREPARE)
    html_printf(b, "<li><a href=\"/sittings/%L/manage\">%s</a></li>", (long long)d.s.id, T(r, "Prepare the sitting"));
  html_printf(b, "<li><a href=\"/sittings/%L/minutes\">%s</a></li><li><a href=\"/bodies/%L/calendar.ics\">%s</a></li></ul></nav>\n",
              (long long)d.s.id, T(r, "Minutes"), (long long)d.s.body_id, T(r, "Calendar (iCalendar)"));

  html_printf(b, "<section aria-labelledby=\"agenda\"><h2 id=\"agenda\">%s</h2>\n", T(r, "Agenda"));
  if (!d.nitems) html_printf(b, "<p class=\"empty\">%s</p>", T(r, "The agenda has not been published yet."));
  else {
    html_printf(b, "<ol class=\"agenda\">\n");
    for (int i = 0; i < d.nitems; i++)
      html_printf(b, "<li id=\"item-%L\"><span class=\"kind\">%s</span> %s</li>\n", (long long)d.items[i].id,
                  web_kind_label(r, d.items[i].kind), d.items[i].title);
    html_printf(b, "</ol>\n");
  }
  html_printf(b, "</section>\n");

  if (d.nvotes) {
    html_printf(b, "<section aria-labelledby=\"votes\"><h2 id=\"votes\">%s</h2>\n<table class=\"votes\">"
                "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Votes"), T(r, "Motion"), T(r, "Yes"), T(r, "No"), T(r, "Abstain"), T(r, "Result"));
    for (int i = 0; i < d.nvotes; i++) {
      const VoteRow *v = &d.votes[i];
      const char *res = !v->result ? T(r, "Voting open")
                        : strcmp(v->result, "pass") == 0 ? T(r, "Passed") : T(r, "Not passed");
      html_printf(b, "<tr id=\"vote-%L\"><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td class=\"result-%s\">%s</td></tr>\n",
                  (long long)v->id, v->title, v->yes, v->no, v->abstain, v->result ? v->result : "open", res);
    }
    html_printf(b, "</tbody></table></section>\n");
  }

  if (d.nspeeches) {
    html_printf(b, "<section aria-labelledby=\"record\"><h2 id=\"record\">%s</h2>\n", T(r, "Record of proceedings"));
    for (int i = 0; i < d.nspeeches; i++) {
      const SpeechRow *sp = &d.speeches[i];
      const char *who = sp->person_id ? parl_name(&sp->speaker, lang) : (sp->label ? sp->label : "");
      /* the speech's own language sets its direction, whatever the page's */
      html_printf(b, "<div class=\"speech kind-%s\" id=\"speech-%L\" lang=\"%s\" dir=\"%R\">", sp->kind,
                  (long long)sp->id, sp->lang, strcmp(sp->lang, "ar") == 0 ? "rtl" : "ltr");
      if (*who) html_printf(b, "<p class=\"speaker\"><strong>%s</strong>%R%s</p>", who,
                            sp->role ? " · " : "", sp->role ? sp->role : "");
      /* paragraphs are separated by blank lines in the stored text */
      const char *t = sp->text;
      while (*t) {
        const char *e = strstr(t, "\n\n");
        size_t len = e ? (size_t)(e - t) : strlen(t);
        char *para = arena_strndup(r->arena, t, len);
        html_printf(b, "<p>%s</p>", para);
        t += len;
        while (*t == '\n') t++;
      }
      html_printf(b, "</div>\n");
    }
    html_printf(b, "</section>\n");
  }
  html_printf(b, "<p class=\"live\" data-sitting=\"%L\" aria-live=\"polite\"></p></article>\n", (long long)d.s.id);
  page_end(r);
}

/* Only a path on this site may be a redirect target: "/..." but not "//..."
** (another host) and nothing with a backslash or control character. */
static int safe_back(const char *s) {
  if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\') return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == '\\' || *p == 0x7f) return 0;
  return strlen(s) < 1024;
}

void page_lang(Req *r) {
  int l = i18n_parse(req_form(r, "lang"));
  if (l < 0) {
    reply_error(r, MJ_EINVAL, "choose one of the languages: ar, en, az");
    return;
  }
  const char *back = req_form(r, "back");
  req_add_header(r, "Set-Cookie",
                 arena_printf(r->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", i18n_code((Lang)l)));
  reply_redirect(r, safe_back(back) ? back : "/");
}

void page_static(Req *r) {
  const char *name = r->pathvars[1] ? arena_printf(r->arena, "%s/%s", r->pathvars[0], r->pathvars[1])
                                    : r->pathvars[0];
  const EmbedFile *f = embed_find(embed_assets, name);
  if (!f || strstr(name, "..")) {
    reply_error(r, MJ_ENOTFOUND, "no such file");
    return;
  }
  const char *ext = strrchr(name, '.');
  r->ctype = !ext                          ? "application/octet-stream"
             : strcmp(ext, ".css") == 0   ? "text/css; charset=utf-8"
             : strcmp(ext, ".js") == 0    ? "text/javascript; charset=utf-8"
             : strcmp(ext, ".svg") == 0   ? "image/svg+xml"
             : strcmp(ext, ".png") == 0   ? "image/png"
             : strcmp(ext, ".woff2") == 0 ? "font/woff2"
             : strcmp(ext, ".json") == 0  ? "application/json"
                                          : "application/octet-stream";
  req_add_header(r, "ETag", f->etag);
  req_add_header(r, "Cache-Control", "public, max-age=31536000, immutable");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && (strstr(inm, f->etag) || strcmp(inm, "*") == 0)) {
    r->status = 304;
    r->ctype = NULL;
    return;
  }
  r->kind = REPLY_STATIC;
  r->static_data = f->data;
  r->static_len = f->len;
}

void page_robots(Req *r) {
  r->ctype = "text/plain; charset=utf-8";
  buf_puts(&r->out, "User-agent: *\nAllow: /\nDisallow: /api/v1/events\nDisallow: /account\nDisallow: /admin\n");
  /* the sitemap needs an absolute address: this host, when its name is sane */
  const char *host = req_header(r, "Host");
  int sane = host && *host && strlen(host) < 256;
  for (const char *p = host; sane && *p; p++)
    sane = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
           *p == '-' || *p == ':' || *p == '[' || *p == ']';
  if (sane) {
    const char *proto = req_header(r, "X-Forwarded-Proto");
    buf_printf(&r->out, "Sitemap: %s://%s/sitemap.xml\n", proto && strcmp(proto, "https") == 0 ? "https" : "http", host);
  }
}

void reply_error(Req *r, int code, const char *message) {
  int status = http_status_of(code);
  r->kind = REPLY_BUF;
  if (req_is_api(r)) {
    buf_reset(&r->out);
    r->status = status;
    r->ctype = "application/json";
    html_printf(&r->out, "{\"error\":{\"code\":\"%J\",\"message\":\"%J\"}}\n", mj_codename(code), message);
    return;
  }
  page_error(r, status, message);
}

/* ---- search ---- */

/* A window of the text around the first match, escaped, with every query
** word wrapped in <mark>. Built from byte offsets on the original text, so
** nothing the user or a speaker wrote reaches the page unescaped. */
static void snippet(Req *r, Buf *b, const char *text, const char *q) {
  const char *words[16];
  size_t wl[16];
  int nw = 0;
  for (const char *p = q; *p && nw < 16;) {
    while (*p == ' ' || *p == '\t') p++;
    const char *s = p;
    while (*p && *p != ' ' && *p != '\t') p++;
    if (p > s && (size_t)(p - s) >= 2) {
      words[nw] = s;
      wl[nw++] = (size_t)(p - s) > 64 ? 64 : (size_t)(p - s);
    }
  }
  size_t len = strlen(text), first = len;
  for (int i = 0; i < nw; i++)
    for (size_t k = 0; k + wl[i] <= len && k < first; k++)
      if (strncasecmp(text + k, words[i], wl[i]) == 0) {
        first = k;
        break;
      }
  if (first == len) first = 0;
  size_t start = first > 120 ? first - 120 : 0, end = start + 320 < len ? start + 320 : len;
  while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80) start++;
  while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80) end--;
  if (start) buf_puts(b, "… ");
  size_t run = start;
  for (size_t k = start; k < end;) {
    int hit = -1;
    for (int i = 0; i < nw && hit < 0; i++)
      if (k + wl[i] <= end && strncasecmp(text + k, words[i], wl[i]) == 0) hit = i;
    if (hit < 0) {
      k++;
      continue;
    }
    html_printf(b, "%s<mark>%s</mark>", arena_strndup(r->arena, text + run, k - run),
                arena_strndup(r->arena, text + k, wl[hit]));
    k += wl[hit];
    run = k;
  }
  html_printf(b, "%s", arena_strndup(r->arena, text + run, end - run));
  if (end < len) buf_puts(b, " …");
}

void page_search(Req *r) {
  const char *q = req_query(r, "q");
  long long page = 1;
  const char *ps = req_query(r, "page");
  if (ps && mj_parse_int(ps, 1, 500, &page)) {
    reply_error(r, MJ_EINVAL, "page must be a number from 1 to 500");
    return;
  }
  if (q && strlen(q) > 500) {
    reply_error(r, MJ_EINVAL, "a search may have at most 500 characters");
    return;
  }
  SearchHit *hits = NULL;
  int n = 0, total = 0;
  if (q && *q) {
    int rc = search_speeches(r->db, r->arena, q, 20, (int)(page - 1) * 20, &hits, &n, &total);
    if (rc) {
      reply_error(r, rc, mj_errmsg());
      return;
    }
  }
  const char *lang = i18n_code(r->lang);
  page_begin(r, T(r, "Search"), T(r, "Search the record"));
  Buf *b = &r->out;
  html_printf(b,
              "<h1>%s</h1><form class=\"search\" role=\"search\" method=\"get\" action=\"/search\">"
              "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" dir=\"auto\" value=\"%s\">"
              "<button type=\"submit\">%s</button></form>\n",
              T(r, "Search the record"), T(r, "Words, names or phrases"), q ? q : "", T(r, "Search"));
  if (q && *q) {
    html_printf(b, "<p class=\"count\" role=\"status\">%s: %d</p>\n<ol class=\"hits\">\n", T(r, "Speeches found"), total);
    for (int i = 0; i < n; i++) {
      const SearchHit *h = &hits[i];
      html_printf(b, "<li><a href=\"/sittings/%L#speech-%L\">%s %d · %s</a> <span class=\"meta\">%s · %s</span>"
                  "<p lang=\"%s\" dir=\"auto\">",
                  (long long)h->sitting_id, (long long)h->speech_id, T(r, "Sitting"), h->sitting_number,
                  parl_name(&h->body, lang), h->person_id ? parl_name(&h->speaker, lang) : "", h->date, h->lang);
      snippet(r, b, h->text, q);
      html_printf(b, "</p></li>\n");
    }
    html_printf(b, "</ol>\n");
    if (total > (int)page * 20)
      html_printf(b, "<p><a rel=\"next\" href=\"/search?q=%U&amp;page=%L\">%s</a></p>", q, page + 1, T(r, "More results"));
  }
  page_end(r);
}
