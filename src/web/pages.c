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
#include "record.h"
#include "search.h"
#include "search_saved.h"
#include "search_vote.h"
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
  /* the chamber today: a sitting in progress comes first, with its live screen */
  if (parl_sittings(r->db, r->arena, SITTINGS_UPCOMING, today, 0, 6, &rows, &n) == MJ_OK)
    for (int i = 0; i < n; i++)
      if (strcmp(rows[i].status, "open") == 0 || strcmp(rows[i].status, "suspended") == 0) {
        Buf t;
        buf_init(&t, 4096);
        sitting_title(r, &t, &rows[i]);
        /* ids per sitting: two sittings may be in session at once */
        html_printf(b, "<section class=\"now\" aria-labelledby=\"now-%L now-%L-s\"><h2 id=\"now-%L\">%s</h2>"
                    "<p><a id=\"now-%L-s\" href=\"/sittings/%L\">%H</a> · %s</p><p><a class=\"button\" href=\"/sittings/%L/live\">%s</a></p>"
                    "</section>\n",
                    (long long)rows[i].id, (long long)rows[i].id, (long long)rows[i].id, T(r, "In session now"),
                    (long long)rows[i].id, (long long)rows[i].id, &t, web_status_label(r, rows[i].status),
                    (long long)rows[i].id, T(r, "Watch it live"));
        buf_free(&t);
      }
  html_printf(b, "<div class=\"columns\">\n<section aria-labelledby=\"up\"><h2 id=\"up\">%s</h2>\n",
              T(r, "Upcoming sittings"));
  if (parl_sittings(r->db, r->arena, SITTINGS_UPCOMING, today, 0, 6, &rows, &n) == MJ_OK)
    sitting_list(r, rows, n, T(r, "No sittings are scheduled."));
  html_printf(b, "</section>\n<section aria-labelledby=\"recent\"><h2 id=\"recent\">%s</h2>\n",
              T(r, "Recent sittings"));
  if (parl_sittings(r->db, r->arena, SITTINGS_RECENT, today, 0, 6, &rows, &n) == MJ_OK)
    sitting_list(r, rows, n, T(r, "No sittings have been held yet."));
  html_printf(b, "<p><a href=\"/sittings\">%s</a></p></section>\n", T(r, "All sittings"));
  VoteRow *votes;
  int nv;
  html_printf(b, "<section aria-labelledby=\"lv\"><h2 id=\"lv\">%s</h2>\n", T(r, "Latest votes"));
  if (parl_recent_votes(r->db, r->arena, 5, &votes, &nv) == MJ_OK && nv) {
    html_printf(b, "<ul class=\"sittings\">\n");
    for (int i = 0; i < nv; i++)
      html_printf(b, "<li><a href=\"/votes/%L\">%s</a><span class=\"meta\"><span class=\"result-%s\">%s</span> · "
                  "%s %d · %s %d · %s %d</span></li>\n",
                  (long long)votes[i].id, votes[i].title, strcmp(votes[i].result, "pass") == 0 ? "pass" : "fail",
                  strcmp(votes[i].result, "pass") == 0 ? T(r, "Passed") : T(r, "Not passed"), T(r, "Yes"), votes[i].yes,
                  T(r, "No"), votes[i].no, T(r, "Abstain"), votes[i].abstain);
    html_printf(b, "</ul>\n");
  } else {
    html_printf(b, "<p class=\"empty\">%s</p>", T(r, "No votes yet."));
  }
  html_printf(b, "<p><a href=\"/votes\">%s</a></p></section>\n</div>\n", T(r, "All votes"));
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
  html_printf(b, "<li><a href=\"/sittings/%L/record\">%s</a></li>", (long long)d.s.id, T(r, "Record of proceedings"));
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

  /* the record: the published edition once the Hansard has it (record.h) */
  if (!record_sitting_block(r, d.s.id) && d.nspeeches) {
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

void page_lang(Req *r) {
  int l = i18n_parse(req_form(r, "lang"));
  if (l < 0) {
    reply_error(r, MJ_EINVAL, "choose one of the languages: ar, en, az");
    return;
  }
  const char *back = req_form(r, "back");
  req_add_header(r, "Set-Cookie",
                 arena_printf(r->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", i18n_code((Lang)l)));
  reply_redirect(r, page_safe_back(back) ? back : "/");
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

/* The snippet of a hit: text escaped by the formatter, matched words in
** <mark> (search_snippet cuts it from the original around the densest
** cluster of matched words). */
static void snippet(Req *r, Buf *b, const SearchQuery *q, const char *text, size_t window) {
  Snippet s;
  search_snippet(r->arena, q, text, window, &s);
  if (s.lead) html_printf(b, "… ");
  for (int i = 0; i < s.n; i++) {
    if (s.parts[i].mark) html_printf(b, "<mark>%s</mark>", s.parts[i].text);
    else html_printf(b, "%s", s.parts[i].text);
  }
  if (s.trail) html_printf(b, " …");
}

static const char *const search_fields[] = {"q",  "speaker", "party", "body",    "type",   "from",
                                            "to", "term",    "session", "sort", "recency", "respell", "like"};

/* A /search address carrying the current request's fields, with `name`
** set to `value` (NULL: dropped) and, when name2 is set, name2 to value2;
** the page number is left out (a new selection starts on page 1). */
static void search_url(Req *r, Buf *u, const char *name, const char *value, const char *name2, const char *value2) {
  html_printf(u, "/search?");
  int first = 1;
  for (size_t i = 0; i < MJ_COUNT(search_fields); i++) {
    const char *f = search_fields[i];
    const char *v = req_query(r, f);
    if (name && strcmp(f, name) == 0) v = value;
    if (name2 && strcmp(f, name2) == 0) v = value2;
    if (!v || !*v) continue;
    if (!first) html_printf(u, "&amp;");
    html_printf(u, "%s=%U", f, v);
    first = 0;
  }
}

static const char *kind_label(Req *r, const char *kind) {
  if (!kind) return "";
  if (strcmp(kind, "speech") == 0) return T(r, "Speech");
  if (strcmp(kind, "question") == 0) return T(r, "Question");
  if (strcmp(kind, "answer") == 0) return T(r, "Answer");
  if (strcmp(kind, "narrative") == 0) return T(r, "Narrative");
  if (strcmp(kind, "scene") == 0) return T(r, "Scene");
  if (strcmp(kind, "summary") == 0) return T(r, "Summary");
  if (strcmp(kind, "vote") == 0) return T(r, "Vote");
  return T(r, "Other");
}

static void org_select(Req *r, Buf *b, const char *field, const char *label, const char *idword, const char *cls1,
                       const char *cls2) {
  const char *cur = req_query(r, field);
  const char *lang = i18n_code(r->lang);
  html_printf(b, "<label>%s <select name=\"%s\"><option value=\"\">%s</option>", label, field, T(r, "All"));
  const char *cls[2] = {cls1, cls2};
  for (int c = 0; c < 2; c++) {
    OrgRow *rows;
    int n;
    if (!cls[c] || parl_orgs(r->db, r->arena, cls[c], &rows, &n) != MJ_OK) continue;
    for (int i = 0; i < n; i++) {
      const char *v = arena_printf(r->arena, "%s/%lld", idword, (long long)rows[i].id);
      html_printf(b, "<option value=\"%s\"%s>%s</option>", v, cur && strcmp(cur, v) == 0 ? " selected" : "",
                  parl_name(&rows[i].name, lang));
    }
  }
  html_printf(b, "</select></label>");
}

/* The legislative terms and session numbers that exist, as select lists
** mapped to term:N and session:N like the other fields. */
static void period_selects(Req *r, Buf *b) {
  SearchTermRow *t;
  int *se, nt, ns;
  if (search_form_periods(r->db, r->arena, &t, &nt, &se, &ns) != MJ_OK) return;
  const char *ct = req_query(r, "term"), *cs = req_query(r, "session");
  html_printf(b, "<label>%s <select name=\"term\"><option value=\"\">%s</option>", T(r, "Term"), T(r, "All"));
  for (int i = 0; i < nt; i++) {
    const char *v = arena_printf(r->arena, "%d", t[i].number);
    html_printf(b, "<option value=\"%s\"%s>%d (%s–%s)</option>", v, ct && strcmp(ct, v) == 0 ? " selected" : "",
                t[i].number, t[i].start ? arena_strndup(r->arena, t[i].start, 4) : "",
                t[i].end ? arena_strndup(r->arena, t[i].end, 4) : "");
  }
  html_printf(b, "</select></label><label>%s <select name=\"session\"><option value=\"\">%s</option>", T(r, "Session"),
              T(r, "All"));
  for (int i = 0; i < ns; i++) {
    const char *v = arena_printf(r->arena, "%d", se[i]);
    html_printf(b, "<option value=\"%s\"%s>%d</option>", v, cs && strcmp(cs, v) == 0 ? " selected" : "", se[i]);
  }
  html_printf(b, "</select></label>");
}

static void search_form(Req *r, Buf *b) {
  const char *q = req_query(r, "q"), *sp = req_query(r, "speaker"), *ty = req_query(r, "type");
  const char *from = req_query(r, "from"), *to = req_query(r, "to"), *sort = req_query(r, "sort");
  const char *rec = req_query(r, "recency");
  int open = (sp && *sp) || (ty && *ty) || (from && *from) || (to && *to) || (req_query(r, "party") && *req_query(r, "party")) ||
             (req_query(r, "body") && *req_query(r, "body")) || (req_query(r, "term") && *req_query(r, "term")) ||
             (req_query(r, "session") && *req_query(r, "session")) || (rec && strcmp(rec, "1") == 0);
  html_printf(b,
              "<form class=\"search search-full\" role=\"search\" method=\"get\" action=\"/search\">"
              "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" dir=\"auto\" value=\"%s\">"
              "<button type=\"submit\">%s</button>\n<details class=\"filters\"%s><summary>%s</summary>"
              "<label>%s <input name=\"speaker\" dir=\"auto\" value=\"%s\"></label>",
              T(r, "Words, names or phrases"), q ? q : "", T(r, "Search"), open ? " open" : "", T(r, "Filters"),
              T(r, "Speaker"), sp ? sp : "");
  org_select(r, b, "party", T(r, "Party or bloc"), "party", "party", "bloc");
  org_select(r, b, "body", T(r, "Chamber or committee"), "body", "chamber", "committee");
  period_selects(r, b);
  static const char *const kinds[] = {"speech", "question", "answer", "narrative", "scene", "vote"};
  html_printf(b, "<label>%s <select name=\"type\"><option value=\"\">%s</option>", T(r, "Type"), T(r, "All"));
  for (size_t i = 0; i < MJ_COUNT(kinds); i++)
    html_printf(b, "<option value=\"%s\"%s>%s</option>", kinds[i], ty && strcmp(ty, kinds[i]) == 0 ? " selected" : "",
                kind_label(r, kinds[i]));
  html_printf(b,
              "</select></label><label>%s <input name=\"from\" type=\"date\" value=\"%s\"></label>"
              "<label>%s <input name=\"to\" type=\"date\" value=\"%s\"></label>"
              "<label>%s <select name=\"sort\"><option value=\"relevance\">%s</option>"
              "<option value=\"date\"%s>%s</option></select></label>"
              "<label class=\"check\"><input type=\"checkbox\" name=\"recency\" value=\"1\"%s> %s</label>"
              "<p class=\"help\">%s</p></details></form>\n",
              T(r, "From"), from ? from : "", T(r, "To"), to ? to : "", T(r, "Sort by"), T(r, "Relevance"),
              sort && strcmp(sort, "date") == 0 ? " selected" : "", T(r, "Newest first"),
              rec && strcmp(rec, "1") == 0 ? " checked" : "", T(r, "Favour recent sittings"),
              T(r, "Tips: put a phrase in quotes; -word leaves a word out; budg* finds words that begin so; a OR b; filters such as speaker:NAME type:question from:2025-01-01"));
}

static void search_facets(Req *r, Buf *b, const SearchResult *res) {
  static const char *const fields[FACET_COUNT] = {"speaker", "party", "body", NULL, "type"};
  static const char *const idwords[FACET_COUNT] = {"person", "party", "body", NULL, NULL};
  const char *titles[FACET_COUNT] = {T(r, "Speaker"), T(r, "Party or bloc"), T(r, "Chamber or committee"),
                                     T(r, "Year"), T(r, "Type")};
  const char *lang = i18n_code(r->lang);
  html_printf(b, "<aside class=\"facets\" aria-label=\"%s\">\n", T(r, "Narrow the results"));
  for (int f = 0; f < FACET_COUNT; f++) {
    if (!res->nfacets[f]) continue;
    html_printf(b, "<section><h2>%s</h2><ul>\n", titles[f]);
    for (int i = 0; i < res->nfacets[f]; i++) {
      const FacetRow *x = &res->facets[f][i];
      Buf u;
      buf_init(&u, 1 << 16);
      const char *label;
      if (f == FACET_YEAR) {
        search_url(r, &u, "from", arena_printf(r->arena, "%s-01-01", x->key), "to",
                   arena_printf(r->arena, "%s-12-31", x->key));
        label = x->key;
      } else if (f == FACET_TYPE) {
        search_url(r, &u, fields[f], x->key, NULL, NULL);
        label = kind_label(r, x->key);
      } else {
        search_url(r, &u, fields[f], arena_printf(r->arena, "%s/%lld", idwords[f], (long long)x->id), NULL, NULL);
        label = parl_name(&x->name, lang);
      }
      html_printf(b, "<li><a href=\"%H\">%s</a> <span class=\"count\">%d</span></li>\n", &u, label, x->count);
      buf_free(&u);
    }
    html_printf(b, "</ul></section>\n");
  }
  html_printf(b, "</aside>\n");
}

/* A search that cannot run (a date that is not one, a quote never closed,
** an unknown filter ...): the search page again with the reader's words in
** the form, what is wrong, and how filters are written. The detail comes
** from the query parser, in English; the rest is in the reader's language. */
static void search_bad_query(Req *r, const char *detail) {
  char *msg = arena_strdup(r->arena, detail);
  page_begin(r, T(r, "Search"), T(r, "Search the record"));
  r->status = 400;
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n", T(r, "Search the record"));
  search_form(r, b);
  html_printf(b,
              "<section class=\"error search-error\" role=\"alert\"><h2>%s</h2>"
              "<p class=\"detail\" lang=\"en\" dir=\"ltr\">%s</p><ul>"
              "<li>%s</li><li>%s</li><li>%s</li><li>%s</li></ul></section>\n",
              T(r, "This search could not be run. Correct it in the form above."), msg,
              T(r, "Filters are written name:value: speaker:, party:, body:, type:, from:, to:, term: and session:."),
              T(r, "Dates are written YYYY-MM-DD, for example from:2025-01-31."),
              T(r, "Close every quotation mark; to search for text with a colon, put it in quotes."),
              T(r, "A word ending in * needs at least two letters before the *."));
  page_end(r);
}

void page_search(Req *r) {
  SearchQuery q;
  SearchOptions o;
  SearchResult res;
  memset(&res, 0, sizeof res);
  int page = 1;
  int rc = web_search_request(r, 20, &q, &o, &page);
  int searched = !rc && !search_query_empty(&q);
  if (searched) rc = search_run(r->db, r->arena, &q, &o, &res);
  if (rc == MJ_EINVAL) { /* the reader's words or filters: say so beside the form, to fix them there */
    search_bad_query(r, mj_errmsg());
    return;
  }
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *lang = i18n_code(r->lang);
  page_begin(r, T(r, "Search"), T(r, "Search the record"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n", T(r, "Search the record"));
  search_form(r, b);
  if (!searched) {
    page_end(r);
    return;
  }
  if (q.like_id)
    html_printf(b, "<p class=\"like-of\">%s #%L</p>\n", T(r, "Speeches like speech"), (long long)q.like_id);
  html_printf(b, "<div class=\"search-results\">\n<section class=\"results\">\n<p class=\"count\" role=\"status\">%s: %d</p>\n",
              q.type && strcmp(q.type, "vote") == 0 ? T(r, "Votes found") : T(r, "Speeches found"), res.total);
  const char *qtext = req_query(r, "q");
  if (!q.like_id && qtext && *qtext)
    html_printf(b, "<p class=\"links\"><a href=\"/alerts?kind=keyword&amp;target=%U\">%s</a> · <a type=\"application/atom+xml\" "
                "href=\"/search.atom?q=%U%s\">%s</a></p>\n", qtext, T(r, "Get e-mail alerts"), qtext,
                q.literal ? "&respell=0" : "", T(r, "Atom feed of this search"));
  search_saved_box(r, &q); /* save this search, or the saved search being rerun (search_saved.c) */
  if (q.nrespell) { /* words no speech has, searched as others (doc/search.md, "Words no speech has") */
    int ar = strcmp(lang, "ar") == 0; /* the Arabic comma and semicolon on an Arabic page */
    html_printf(b, "<p class=\"respelled\" role=\"note\">");
    for (int i = 0; i < q.nrespell; i++)
      html_printf(b, "%s%s <q dir=\"auto\">%s</q>%s %s <q dir=\"auto\">%s</q>", i ? (ar ? "؛ " : "; ") : "",
                  T(r, "Not in any speech:"),
                  arena_strndup(r->arena, q.text + q.respell[i].qstart, q.respell[i].qend - q.respell[i].qstart),
                  ar ? "،" : ",", T(r, "searched as:"), q.respell[i].shown);
    Buf u;
    buf_init(&u, 1 << 16);
    search_url(r, &u, "respell", "0", NULL, NULL);
    html_printf(b, ". <a href=\"%H\">%s</a></p>\n", &u, T(r, "Search for the words as written"));
    buf_free(&u);
  }
  if (!res.total && res.suggestion) {
    Buf u;
    buf_init(&u, 1 << 16);
    search_url(r, &u, "q", res.suggestion, NULL, NULL);
    html_printf(b, "<p class=\"suggest\">%s <a href=\"%H\" dir=\"auto\">%s</a></p>\n", T(r, "Did you mean:"), &u,
                res.suggestion);
    buf_free(&u);
  }
  html_printf(b, "<ol class=\"hits\" start=\"%d\">\n", o.offset + 1);
  for (int i = 0; i < res.n; i++) {
    const SearchHit *h = &res.hits[i];
    if (h->vote_id) { /* type:vote: a vote event (search_vote.h) */
      int pass = h->result && strcmp(h->result, "pass") == 0;
      html_printf(b,
                  "<li class=\"hit hit-vote\"><h2><a href=\"/votes/%L\">%s · %s %d · %s</a></h2>"
                  "<p class=\"meta\"><time datetime=\"%s\">%s</time> · <span class=\"%s\">%s</span></p>"
                  "<p class=\"snippet\" dir=\"auto\">",
                  (long long)h->vote_id, T(r, "Vote"), T(r, "Sitting"), h->sitting_number, parl_name(&h->body, lang),
                  h->date, h->date, pass ? "result-pass" : "result-fail", pass ? T(r, "Passed") : T(r, "Not passed"));
      snippet(r, b, &q, h->text, SEARCH_VOTE_SNIPPET);
      html_printf(b, "</p><p class=\"tally\">%s %d · %s %d · %s %d</p></li>\n", T(r, "Yes"), h->yes, T(r, "No"), h->no,
                  T(r, "Abstain"), h->abstain);
      continue;
    }
    html_printf(b,
                "<li class=\"hit\"><h2><a href=\"/sittings/%L#speech-%L\">%s %d · %s</a></h2>"
                "<p class=\"meta\">%s%s<time datetime=\"%s\">%s</time> · %s</p><p class=\"snippet\" lang=\"%s\" dir=\"auto\">",
                (long long)h->sitting_id, (long long)h->speech_id, T(r, "Sitting"), h->sitting_number,
                parl_name(&h->body, lang), h->person_id ? parl_name(&h->speaker, lang) : "",
                h->person_id ? " · " : "", h->date, h->date, kind_label(r, h->kind), h->lang);
    snippet(r, b, &q, h->text, 300);
    html_printf(b, "</p><a class=\"like\" href=\"/search?like=%L\">%s</a></li>\n", (long long)h->speech_id,
                T(r, "More like this"));
  }
  html_printf(b, "</ol>\n");
  int pages = (res.total + o.limit - 1) / o.limit;
  if (pages > 500) pages = 500;
  if (pages > 1) {
    html_printf(b, "<nav class=\"pager\" aria-label=\"%s\">", T(r, "Pages"));
    if (page > 1) {
      Buf u;
      buf_init(&u, 1 << 16);
      search_url(r, &u, NULL, NULL, NULL, NULL);
      html_printf(b, "<a rel=\"prev\" href=\"%H&amp;page=%d\">%s</a> ", &u, page - 1, T(r, "Previous"));
      buf_free(&u);
    }
    html_printf(b, "<span>%s %d / %d</span>", T(r, "Page"), page, pages);
    if (page < pages) {
      Buf u;
      buf_init(&u, 1 << 16);
      search_url(r, &u, NULL, NULL, NULL, NULL);
      html_printf(b, " <a rel=\"next\" href=\"%H&amp;page=%d\">%s</a>", &u, page + 1, T(r, "More results"));
      buf_free(&u);
    }
    html_printf(b, "</nav>\n");
  }
  html_printf(b, "</section>\n");
  if (res.total) search_facets(r, b, &res);
  html_printf(b, "</div>\n");
  page_end(r);
}
