/*
** portal.c: the public portal pages citizens use to follow their members:
** the members of the chamber, a member's profile, parties and committees,
** the closed votes with their CSV downloads, Atom feeds and the sitemap.
** Handlers read the portal read model (src/domain/portal.h) and render
** through html_printf.
**
** Photos: the Content-Security-Policy allows images from this site and
** data: URLs only, and it stays so. A member's image is shown only when it
** is a path on this site ("/static/..."); a remote address would be blocked
** by the policy (and proxying it would make this server fetch arbitrary
** URLs), so those members, like members without a photo, get their
** initials instead.
**
** XML (Atom, sitemap): text is written through xml_text below, which
** escapes & < > " ' (the same five html_escape escapes, which is valid XML
** escaping) and also drops what XML 1.0 forbids: control characters and
** invalid UTF-8, so a stray byte in a speech cannot make a feed unreadable.
*/
#include <stdio.h>
#include <string.h>

#include "parl.h"
#include "portal.h"
#include "web_int.h"

/* ---------------------------------------------------------------- helpers */

static const char *lang_of(Req *r) { return i18n_code(r->lang); }

static const char *role_label(Req *r, const char *role) {
  if (!role) return "";
  if (strcmp(role, "chair") == 0) return T(r, "Chair");
  if (strcmp(role, "deputy_chair") == 0) return T(r, "Deputy chair");
  if (strcmp(role, "rapporteur") == 0) return T(r, "Rapporteur");
  if (strcmp(role, "speaker") == 0) return T(r, "Speaker of the chamber");
  if (strcmp(role, "deputy_speaker") == 0) return T(r, "Deputy speaker");
  return T(r, "Member");
}

static const char *class_label(Req *r, const char *c) {
  if (!c) return "";
  if (strcmp(c, "chamber") == 0) return T(r, "Chamber");
  if (strcmp(c, "committee") == 0) return T(r, "Committee");
  if (strcmp(c, "party") == 0) return T(r, "Party");
  if (strcmp(c, "bloc") == 0) return T(r, "Bloc");
  return T(r, "Other body");
}

static const char *option_label(Req *r, const char *o) {
  if (!o) return T(r, "Secret ballot");
  if (strcmp(o, "yes") == 0) return T(r, "Yes");
  if (strcmp(o, "no") == 0) return T(r, "No");
  return T(r, "Abstain");
}

static const char *result_label(Req *r, const char *res) {
  if (!res) return T(r, "Voting open");
  return strcmp(res, "pass") == 0 ? T(r, "Passed") : T(r, "Not passed");
}

static const char *method_label(Req *r, const char *m) {
  if (m && strcmp(m, "secret") == 0) return T(r, "Secret ballot");
  if (m && strcmp(m, "show_of_hands") == 0) return T(r, "Show of hands");
  return T(r, "Roll call");
}

static const char *rule_label(Req *r, const char *rule) {
  if (rule && strcmp(rule, "absolute") == 0) return T(r, "Absolute majority");
  if (rule && strcmp(rule, "two_thirds") == 0) return T(r, "Two-thirds majority");
  if (rule && strcmp(rule, "custom") == 0) return T(r, "Custom majority");
  return T(r, "Simple majority");
}

/* The link of a body's own portal page, or NULL when it has none. */
static const char *org_href(Req *r, const char *cls, int64_t id) {
  if (!cls) return NULL;
  if (strcmp(cls, "committee") == 0) return arena_printf(r->arena, "/committees/%lld", (long long)id);
  if (strcmp(cls, "party") == 0 || strcmp(cls, "bloc") == 0)
    return arena_printf(r->arena, "/parties/%lld", (long long)id);
  return NULL;
}

static void org_link(Req *r, Buf *b, const char *cls, int64_t id, const Names *n) {
  const char *href = org_href(r, cls, id);
  if (href) html_printf(b, "<a href=\"%s\">%s</a>", href, parl_name(n, lang_of(r)));
  else html_printf(b, "%s", parl_name(n, lang_of(r)));
}

static void member_link(Req *r, Buf *b, int64_t id, const Names *n) {
  html_printf(b, "<a href=\"/members/%L\">%s</a>", (long long)id, parl_name(n, lang_of(r)));
}

/* A path id of digits only; 0 when it is not one. */
static int64_t path_id(Req *r, int i) {
  long long v;
  if (!r->pathvars[i] || mj_parse_int(r->pathvars[i], 1, INT64_MAX, &v)) return 0;
  return v;
}

static void not_found(Req *r, const char *what) { reply_error(r, MJ_ENOTFOUND, what); }

/* "12.5%" of part/whole, or "–" when whole is 0. */
static const char *percent(Req *r, int part, int whole) {
  if (whole <= 0) return "–";
  return arena_printf(r->arena, "%.1f%%", 100.0 * part / whole);
}

static const char *duration(Req *r, long long s) {
  return arena_printf(r->arena, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
}

/* Length of the UTF-8 sequence starting at p (1 for a stray byte). */
static size_t u8len(const unsigned char *p) {
  if (*p < 0x80) return 1;
  if ((*p & 0xE0) == 0xC0) return 2;
  if ((*p & 0xF0) == 0xE0) return 3;
  if ((*p & 0xF8) == 0xF0) return 4;
  return 1;
}

/* At most about `max` bytes of text, cut at a character boundary. */
static const char *excerpt(Req *r, const char *t, size_t max) {
  if (!t) return "";
  size_t n = strlen(t);
  if (n <= max) return t;
  size_t k = max;
  while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80) k--;
  return arena_printf(r->arena, "%.*s…", (int)k, t);
}

/* Up to two initials of a name (the first letters of its first two words). */
static const char *initials(Req *r, const char *name) {
  Buf b;
  buf_init(&b, 64);
  int words = 0;
  for (const unsigned char *p = (const unsigned char *)name; p && *p && words < 2;) {
    while (*p == ' ') p++;
    if (!*p) break;
    size_t k = u8len(p);
    size_t have = strnlen((const char *)p, k);
    buf_append(&b, p, have);
    words++;
    p += have;
    while (*p && *p != ' ') p++;
  }
  const char *out = arena_strdup(r->arena, b.p ? b.p : "");
  buf_free(&b);
  return out;
}

/* A photo the page may show: a path on this site (the CSP allows 'self'). */
static int local_image(const char *s) {
  if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\') return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p <= 0x20 || *p == '\\' || *p == 0x7f || *p == '"' || *p == '\'') return 0;
  return strlen(s) < 500;
}

/* A date parameter: absent/empty (NULL) or YYYY-MM-DD; -1 when malformed. */
static int date_param(Req *r, const char *name, const char **out) {
  const char *s = req_query(r, name);
  *out = NULL;
  if (!s || !*s) return 0;
  if (strlen(s) != 10) return -1;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return -1;
    } else if (s[i] < '0' || s[i] > '9') {
      return -1;
    }
  }
  *out = s;
  return 0;
}

/* ---------------------------------------------------------------- XML */

/* Text for XML content and attribute values (see the head comment). */
static void xml_text(Buf *b, const char *s) {
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
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') buf_putc(b, (char)c);
      }
      p++;
      continue;
    }
    size_t k = u8len(p);
    int ok = k > 1;
    for (size_t i = 1; ok && i < k; i++) ok = (p[i] & 0xC0) == 0x80;
    if (ok && k == 3 && c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) ok = 0; /* U+FFFE/F */
    if (ok) {
      buf_append(b, p, k);
      p += k;
    } else {
      buf_puts(b, "\xEF\xBF\xBD");
      p++;
    }
  }
}

/* scheme://host of this site, from the request (for absolute URLs in feeds
** and the sitemap). A Host header with anything but host characters is
** ignored. */
static const char *site_base(Req *r) {
  const char *host = req_header(r, "Host");
  int ok = host && *host && strlen(host) < 200;
  for (const char *p = host; ok && *p; p++)
    ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
         *p == '-' || *p == ':' || *p == '[' || *p == ']';
  const char *proto = req_header(r, "X-Forwarded-Proto");
  const char *scheme = proto && strcmp(proto, "https") == 0 ? "https" : "http";
  return arena_printf(r->arena, "%s://%s", scheme, ok ? host : "localhost");
}

typedef struct Feed {
  Req *r;
  Buf *b;
  const char *base;
} Feed;

static void feed_begin(Feed *f, Req *r, const char *self, const char *alternate, const char *title,
                       const char *updated) {
  f->r = r;
  f->b = &r->out;
  f->base = site_base(r);
  r->ctype = "application/atom+xml; charset=utf-8";
  Buf *b = f->b;
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
  xml_text(b, lang_of(r));
  buf_puts(b, "\">\n<id>");
  xml_text(b, f->base);
  xml_text(b, self);
  buf_puts(b, "</id>\n<title>");
  xml_text(b, title);
  buf_puts(b, "</title>\n<updated>");
  xml_text(b, updated);
  buf_puts(b, "</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
  xml_text(b, f->base);
  xml_text(b, self);
  buf_puts(b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
  xml_text(b, f->base);
  xml_text(b, alternate);
  buf_puts(b, "\"/>\n<author><name>");
  xml_text(b, T(r, "Council of Representatives"));
  buf_puts(b, "</name></author>\n<generator>Majlis</generator>\n");
}

static void feed_entry(Feed *f, const char *path, const char *title, const char *updated, const char *summary) {
  Buf *b = f->b;
  buf_puts(b, "<entry>\n<id>");
  xml_text(b, f->base);
  xml_text(b, path);
  buf_puts(b, "</id>\n<title>");
  xml_text(b, title);
  buf_puts(b, "</title>\n<updated>");
  xml_text(b, updated);
  buf_puts(b, "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
  xml_text(b, f->base);
  xml_text(b, path);
  buf_puts(b, "\"/>\n<summary>");
  xml_text(b, summary);
  buf_puts(b, "</summary>\n</entry>\n");
}

static void feed_end(Feed *f) { buf_puts(f->b, "</feed>\n"); }

/* A date YYYY-MM-DD as an RFC 3339 time at midnight UTC. */
static const char *date_time(Req *r, const char *date) {
  return arena_printf(r->arena, "%.10sT00:00:00Z", date && strlen(date) >= 10 ? date : "1970-01-01");
}

/* ---------------------------------------------------------------- members */

void page_members(Req *r) {
  char today[11];
  web_today(today);
  long long party = 0;
  const char *ps = req_query(r, "party");
  if (ps && *ps && mj_parse_int(ps, 1, INT64_MAX, &party)) {
    reply_error(r, MJ_EINVAL, T(r, "Choose a party or bloc from the list."));
    return;
  }
  PortalMember *m;
  int n;
  int rc = portal_members(r->db, r->arena, today, party, &m, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  OrgRow *parties, *blocs;
  int np = 0, nb = 0;
  if (parl_orgs(r->db, r->arena, "party", &parties, &np)) np = 0;
  if (parl_orgs(r->db, r->arena, "bloc", &blocs, &nb)) nb = 0;
  const char *lang = lang_of(r);
  page_begin(r, T(r, "Members"), T(r, "The members of the Council of Representatives, their parties, blocs and committees"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n<form class=\"filters\" method=\"get\" action=\"/members\">"
              "<label for=\"party\">%s</label><select id=\"party\" name=\"party\"><option value=\"\">%s</option>",
              T(r, "Members"), T(r, "Party or bloc"), T(r, "All"));
  for (int k = 0; k < 2; k++) {
    OrgRow *o = k ? blocs : parties;
    int no = k ? nb : np;
    for (int i = 0; i < no; i++)
      html_printf(b, "<option value=\"%L\"%R>%s</option>", (long long)o[i].id, o[i].id == party ? " selected" : "",
                  parl_name(&o[i].name, lang));
  }
  html_printf(b, "</select><button type=\"submit\">%s</button></form>\n", T(r, "Filter"));
  html_printf(b, "<p class=\"count\" role=\"status\">%s: %d</p>\n", T(r, "Members"), n);
  if (!n) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No members match."));
    page_end(r);
    return;
  }
  html_printf(b, "<div class=\"table-wrap\"><table class=\"portal members\"><thead><tr><th scope=\"col\">%s</th>"
              "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
              T(r, "Name"), T(r, "Party or bloc"), T(r, "Constituency"), T(r, "Committees"));
  for (int i = 0; i < n; i++) {
    html_printf(b, "<tr><th scope=\"row\">");
    member_link(r, b, m[i].id, &m[i].name);
    if (m[i].chamber_role && strcmp(m[i].chamber_role, "member") != 0)
      html_printf(b, " <span class=\"role\">%s</span>", role_label(r, m[i].chamber_role));
    html_printf(b, "</th><td>");
    if (m[i].party_id) org_link(r, b, m[i].party_class, m[i].party_id, &m[i].party);
    html_printf(b, "</td><td>");
    if (m[i].post.ar) html_printf(b, "%s", parl_name(&m[i].post, lang));
    html_printf(b, "</td><td>");
    for (int k = 0; k < m[i].ncommittees; k++) {
      const PortalTie *t = &m[i].committees[k];
      if (k) html_printf(b, "<br>");
      org_link(r, b, "committee", t->org_id, &t->org);
      if (t->role && strcmp(t->role, "member") != 0) html_printf(b, " <span class=\"role\">(%s)</span>", role_label(r, t->role));
    }
    html_printf(b, "</td></tr>\n");
  }
  html_printf(b, "</tbody></table></div>\n");
  page_end(r);
}

static void speech_list(Req *r, const PortalSpeech *s, int n) {
  Buf *b = &r->out;
  html_printf(b, "<ol class=\"portal-speeches\">\n");
  for (int i = 0; i < n; i++)
    html_printf(b, "<li><a href=\"/sittings/%L#speech-%L\">%s %d · %s</a> <span class=\"meta\"><time datetime=\"%s\">%s</time>"
                " · <a href=\"/sittings/%L/record\">%s</a></span><p lang=\"%s\" dir=\"auto\">%s</p></li>\n",
                (long long)s[i].sitting_id, (long long)s[i].id, T(r, "Sitting"), s[i].sitting_number,
                parl_name(&s[i].body, lang_of(r)), s[i].date, s[i].date, (long long)s[i].sitting_id, T(r, "Record of proceedings"),
                s[i].lang, excerpt(r, s[i].text, 360));
  html_printf(b, "</ol>\n");
}

static int web_url(const char *v) {
  return v && (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0) && !strpbrk(v, " \t\r\n");
}

static const char *contact_label(Req *r, const char *type) {
  if (strcmp(type, "email") == 0) return T(r, "E-mail");
  if (strcmp(type, "website") == 0) return T(r, "Website");
  if (strcmp(type, "phone") == 0) return T(r, "Phone");
  if (strcmp(type, "fax") == 0) return T(r, "Fax");
  if (strcmp(type, "address") == 0) return T(r, "Address");
  if (strcmp(type, "twitter") == 0) return T(r, "Twitter");
  if (strcmp(type, "facebook") == 0) return T(r, "Facebook");
  return type;
}

/* The biography in the reader's language (Arabic when there is none in
** it), then the contact details: e-mail as mailto:, a telephone as tel:,
** a web address as a link no search engine should credit. */
static void member_profile(Req *r, const PortalMemberDetail *d) {
  Buf *b = &r->out;
  const char *lang = lang_of(r);
  const char *bio = d->biography_ar, *bio_lang = "ar";
  if ((strcmp(lang, "en") == 0 && d->biography_en && *d->biography_en) || !bio || !*bio) {
    bio = d->biography_en;
    bio_lang = "en";
  }
  if (bio && *bio)
    html_printf(b, "<section aria-labelledby=\"bio\"><h2 id=\"bio\">%s</h2><p class=\"biography\" lang=\"%s\" dir=\"auto\">%s</p>"
                "</section>\n", T(r, "Biography"), bio_lang, bio);
  if (!d->ncontacts) return;
  html_printf(b, "<section aria-labelledby=\"contact\"><h2 id=\"contact\">%s</h2><dl class=\"contacts\">", T(r, "Contact"));
  for (int i = 0; i < d->ncontacts; i++) {
    const PortalContact *c = &d->contacts[i];
    html_printf(b, "<dt>%s</dt><dd>", c->label && *c->label ? c->label : contact_label(r, c->type));
    if (strcmp(c->type, "email") == 0)
      html_printf(b, "<a class=\"email\" href=\"mailto:%U\" dir=\"ltr\">%s</a>", c->value, c->value);
    else if (strcmp(c->type, "phone") == 0)
      html_printf(b, "<a class=\"phone\" href=\"tel:%U\" dir=\"ltr\">%s</a>", c->value, c->value);
    else if (strcmp(c->type, "address") != 0 && strcmp(c->type, "fax") != 0 && web_url(c->value))
      html_printf(b, "<a class=\"%s\" href=\"%s\" rel=\"nofollow noopener\" dir=\"ltr\">%s</a>", c->type, c->value, c->value);
    else
      html_printf(b, "<span dir=\"auto\">%s</span>", c->value);
    html_printf(b, "</dd>");
  }
  html_printf(b, "</dl></section>\n");
}

void page_member(Req *r) {
  int64_t id = path_id(r, 0);
  char today[11];
  web_today(today);
  PortalMemberDetail d;
  int rc = id ? portal_member(r->db, r->arena, id, today, &d) : MJ_ENOTFOUND;
  if (rc) {
    if (rc == MJ_ENOTFOUND) not_found(r, T(r, "There is no member at this address."));
    else reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *q = req_query(r, "q");
  if (q && strlen(q) > 200) {
    reply_error(r, MJ_EINVAL, T(r, "A search may have at most 200 characters."));
    return;
  }
  int searching = portal_fts_words(r->arena, q) != NULL;
  PortalSpeech *sp = NULL, *qs = NULL;
  int nsp = 0, tsp = 0, nqs = 0, tqs = 0;
  if ((rc = portal_speeches(r->db, r->arena, id, PORTAL_SPEECHES, q, 20, &sp, &nsp, &tsp)) ||
      (rc = portal_speeches(r->db, r->arena, id, PORTAL_QUESTIONS, NULL, 20, &qs, &nqs, &tqs))) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *lang = lang_of(r);
  const char *name = parl_name(&d.m.name, lang);
  const char *desc = arena_printf(r->arena, "%s: %s", name,
                                  T(r, "party, committees, speeches, votes and attendance in the Council of Representatives"));
  page_begin(r, name, desc);
  Buf *b = &r->out;
  html_printf(b, "<article class=\"member-page\">\n<header class=\"member-head\">");
  if (local_image(d.m.image))
    html_printf(b, "<img class=\"avatar\" src=\"%s\" alt=\"%s\" width=\"96\" height=\"96\">", d.m.image, name);
  else
    html_printf(b, "<span class=\"avatar initials\" aria-hidden=\"true\">%s</span>", initials(r, name));
  html_printf(b, "<div><h1>%s</h1><p class=\"meta\">", name);
  if (d.m.current) {
    html_printf(b, "%s", role_label(r, d.m.chamber_role));
    if (d.m.party_id) {
      html_printf(b, " · ");
      org_link(r, b, d.m.party_class, d.m.party_id, &d.m.party);
    }
  } else {
    html_printf(b, "%s", T(r, "Not a member of the chamber today"));
  }
  if (d.m.current && d.m.post.ar)
    html_printf(b, " · <span class=\"constituency\">%s</span>", parl_name(&d.m.post, lang));
  html_printf(b, "</p><p class=\"links\"><a rel=\"bookmark\" href=\"/members/%L\">%s</a> · "
              "<a type=\"application/atom+xml\" href=\"/members/%L/speeches.atom\">%s</a> · "
              "<a href=\"/alerts?kind=member&amp;target=%L\">%s</a></p></div></header>\n",
              (long long)id, T(r, "Permalink"), (long long)id, T(r, "Speeches feed (Atom)"), (long long)id, T(r, "Get e-mail alerts"));

  member_profile(r, &d);

  /* committees now, and every membership over time */
  if (d.m.ncommittees) {
    html_printf(b, "<section aria-labelledby=\"cm\"><h2 id=\"cm\">%s</h2><ul class=\"bodies\">", T(r, "Committees"));
    for (int i = 0; i < d.m.ncommittees; i++) {
      html_printf(b, "<li>");
      org_link(r, b, "committee", d.m.committees[i].org_id, &d.m.committees[i].org);
      html_printf(b, " <span class=\"meta\">%s</span></li>", role_label(r, d.m.committees[i].role));
    }
    html_printf(b, "</ul></section>\n");
  }
  html_printf(b, "<section aria-labelledby=\"hist\"><h2 id=\"hist\">%s</h2>\n", T(r, "Memberships and roles over time"));
  if (!d.nhistory) html_printf(b, "<p class=\"empty\">%s</p>", T(r, "No memberships are recorded."));
  else {
    html_printf(b, "<div class=\"table-wrap\"><table class=\"portal\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Body"), T(r, "Kind"), T(r, "Role"), T(r, "From"), T(r, "Until"));
    for (int i = 0; i < d.nhistory; i++) {
      const PortalTie *t = &d.history[i];
      html_printf(b, "<tr><td>");
      org_link(r, b, t->classification, t->org_id, &t->org);
      html_printf(b, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", class_label(r, t->classification),
                  role_label(r, t->role), t->start_date, t->end_date ? t->end_date : T(r, "to date"));
    }
    html_printf(b, "</tbody></table></div>\n");
  }
  html_printf(b, "</section>\n");

  /* attendance */
  html_printf(b, "<section aria-labelledby=\"att\"><h2 id=\"att\">%s</h2>\n"
              "<p class=\"figure\" id=\"attendance-rate\"><strong>%s</strong> · %s: <span class=\"present\">%d</span> / "
              "<span class=\"held\">%d</span></p>\n<p class=\"basis\">%s</p>\n",
              T(r, "Attendance"), percent(r, d.present, d.held), T(r, "Present at sittings held"), d.present, d.held,
              T(r, "The rate is the number of sittings the member attended divided by the closed sittings of each body held while they were a member of it. Excused and absent both count as not present."));
  if (d.natt) {
    html_printf(b, "<div class=\"table-wrap\"><table class=\"portal\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Session"), T(r, "Body"), T(r, "Sittings held"), T(r, "Present"), T(r, "Excused"), T(r, "Absent"),
                T(r, "Rate"));
    for (int i = 0; i < d.natt; i++) {
      const PortalAttendance *x = &d.att[i];
      if (x->term) html_printf(b, "<tr><td>%s %d · %s %d</td><td>", T(r, "Term"), x->term, T(r, "Session"), x->session);
      else html_printf(b, "<tr><td>–</td><td>");
      html_printf(b, "%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>\n", parl_name(&x->body, lang),
                  x->held, x->present, x->excused, x->absent, percent(r, x->present, x->held));
    }
    html_printf(b, "</tbody></table></div>\n");
  }
  html_printf(b, "</section>\n");

  /* speaking time */
  html_printf(b, "<section aria-labelledby=\"st\"><h2 id=\"st\">%s</h2><p id=\"speaking-time\">"
              "<strong>%s</strong> · %s: %d · %s: %d</p></section>\n",
              T(r, "Speaking time"), duration(r, d.seconds), T(r, "Timed turns at the lectern"), d.turns,
              T(r, "Speeches in the record"), d.speeches);

  /* votes */
  html_printf(b, "<section aria-labelledby=\"votes\"><h2 id=\"votes\">%s</h2>\n<p id=\"vote-counts\">"
              "%s: <span class=\"cast\">%d</span> · %s: <span class=\"yes\">%d</span> · %s: <span class=\"no\">%d</span> · "
              "%s: <span class=\"abstain\">%d</span> · %s: <span class=\"secret\">%d</span></p>\n",
              T(r, "Votes cast"), T(r, "Ballots cast"), d.cast, T(r, "Yes"), d.yes, T(r, "No"), d.no, T(r, "Abstain"),
              d.abstain, T(r, "Secret ballot"), d.secret);
  if (d.nvotes) {
    html_printf(b, "<div class=\"table-wrap\"><table class=\"portal\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Date"), T(r, "Motion"), T(r, "Vote"), T(r, "Result"));
    for (int i = 0; i < d.nvotes; i++) {
      const PortalVote *v = &d.votes[i];
      html_printf(b, "<tr><td><time datetime=\"%s\">%s</time></td><td><a href=\"/votes/%L\">%s</a></td>"
                  "<td class=\"opt-%s\">%s</td><td class=\"result-%s\">%s</td></tr>\n",
                  v->date, v->date, (long long)v->id, v->title, v->option ? v->option : "secret", option_label(r, v->option),
                  v->result ? v->result : "open", result_label(r, v->result));
    }
    html_printf(b, "</tbody></table></div>\n");
  }
  html_printf(b, "</section>\n");

  /* speeches with the search-inside box */
  html_printf(b, "<section aria-labelledby=\"speeches\"><h2 id=\"speeches\">%s</h2>\n"
              "<form class=\"search\" role=\"search\" method=\"get\" action=\"/members/%L#speeches\">"
              "<label for=\"mq\">%s</label><input id=\"mq\" name=\"q\" type=\"search\" dir=\"auto\" maxlength=\"200\" value=\"%s\">"
              "<button type=\"submit\">%s</button></form>\n",
              T(r, "Speeches"), (long long)id, T(r, "Search this member's speeches"), q ? q : "", T(r, "Search"));
  if (searching)
    html_printf(b, "<p class=\"count\" role=\"status\">%s: %d · <a href=\"/members/%L#speeches\">%s</a></p>\n",
                T(r, "Speeches found"), tsp, (long long)id, T(r, "Show all speeches"));
  if (nsp) speech_list(r, sp, nsp);
  else html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No speeches."));
  html_printf(b, "</section>\n<section aria-labelledby=\"questions\"><h2 id=\"questions\">%s</h2>\n", T(r, "Questions asked"));
  if (nqs) speech_list(r, qs, nqs);
  else html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No questions."));
  html_printf(b, "</section>\n</article>\n");
  page_end(r);
}

/* ---------------------------------------------------------------- parties, committees */

static void org_index(Req *r, int party) {
  OrgRow *a = NULL, *c = NULL;
  int na = 0, nc = 0;
  int rc = parl_orgs(r->db, r->arena, party ? "party" : "committee", &a, &na);
  if (!rc && party) rc = parl_orgs(r->db, r->arena, "bloc", &c, &nc);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *title = party ? T(r, "Parties and blocs") : T(r, "Committees");
  page_begin(r, title, party ? T(r, "The parties and blocs of the Council of Representatives and their members")
                             : T(r, "The committees of the Council of Representatives, their members and sittings"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n", title);
  if (!na && !nc) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "None yet."));
  else {
    html_printf(b, "<ul class=\"bodies\">\n");
    for (int k = 0; k < 2; k++)
      for (int i = 0; i < (k ? nc : na); i++) {
        const OrgRow *o = k ? &c[i] : &a[i];
        html_printf(b, "<li>");
        org_link(r, b, o->classification, o->id, &o->name);
        html_printf(b, " <span class=\"meta\">%s · %s: %d</span></li>\n", class_label(r, o->classification),
                    T(r, "Members"), o->members);
      }
    html_printf(b, "</ul>\n");
  }
  page_end(r);
}

void page_parties(Req *r) { org_index(r, 1); }
void page_committees(Req *r) { org_index(r, 0); }

static void org_page(Req *r, PortalOrgKind kind) {
  int64_t id = path_id(r, 0);
  PortalOrg d;
  int rc = id ? portal_org(r->db, r->arena, id, kind, &d) : MJ_ENOTFOUND;
  if (rc) {
    if (rc == MJ_ENOTFOUND)
      not_found(r, kind == PORTAL_COMMITTEE ? T(r, "There is no committee at this address.")
                                            : T(r, "There is no party or bloc at this address."));
    else reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *lang = lang_of(r);
  const char *name = parl_name(&d.o.name, lang);
  const char *desc = arena_printf(r->arena, "%s: %s", name,
                                  kind == PORTAL_COMMITTEE ? T(r, "members, roles and sittings of the committee")
                                                           : T(r, "members and how they voted"));
  page_begin(r, name, desc);
  Buf *b = &r->out;
  html_printf(b, "<article class=\"org-page\"><h1>%s</h1>\n<p class=\"meta\">%s · %s: %d", name,
              class_label(r, d.o.classification), T(r, "Current members"), d.o.members);
  if (d.o.seats) html_printf(b, " · %s: %d", T(r, "Seats"), d.o.seats);
  html_printf(b, "</p>\n");
  int party = kind == PORTAL_PARTY;
  if (party) {
    int all = d.yes + d.no + d.abstain;
    html_printf(b, "<section aria-labelledby=\"vs\"><h2 id=\"vs\">%s</h2><p id=\"vote-summary\">%s: %d · %s: %d (%s) · "
                "%s: %d (%s) · %s: %d (%s)</p><p class=\"basis\">%s</p></section>\n",
                T(r, "How the members voted"), T(r, "Ballots cast"), all, T(r, "Yes"), d.yes, percent(r, d.yes, all),
                T(r, "No"), d.no, percent(r, d.no, all), T(r, "Abstain"), d.abstain, percent(r, d.abstain, all),
                T(r, "Roll-call votes only, counting the ballots members cast while they belonged to this party or bloc; secret ballots are never counted."));
  }
  html_printf(b, "<section aria-labelledby=\"mem\"><h2 id=\"mem\">%s</h2>\n", T(r, "Members"));
  if (!d.nmembers) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No members are recorded."));
  else {
    html_printf(b, "<div class=\"table-wrap\"><table class=\"portal\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
                T(r, "Name"), T(r, "Role"), T(r, "From"), T(r, "Until"));
    if (party)
      html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>", T(r, "Yes"), T(r, "No"),
                  T(r, "Abstain"));
    html_printf(b, "</tr></thead><tbody>\n");
    for (int i = 0; i < d.nmembers; i++) {
      const PortalOrgMember *m = &d.members[i];
      html_printf(b, "<tr%R><th scope=\"row\">", m->tie.end_date ? " class=\"past\"" : "");
      member_link(r, b, m->tie.person_id, &m->tie.person);
      html_printf(b, "</th><td>%s</td><td>%s</td><td>%s</td>", role_label(r, m->tie.role), m->tie.start_date,
                  m->tie.end_date ? m->tie.end_date : T(r, "to date"));
      if (party) html_printf(b, "<td>%d</td><td>%d</td><td>%d</td>", m->yes, m->no, m->abstain);
      html_printf(b, "</tr>\n");
    }
    html_printf(b, "</tbody></table></div>\n");
  }
  html_printf(b, "</section>\n");
  if (!party) {
    char today[11];
    web_today(today);
    SittingRow *s;
    int n;
    html_printf(b, "<section aria-labelledby=\"sit\"><h2 id=\"sit\">%s</h2>\n"
                "<p class=\"links\"><a type=\"application/atom+xml\" href=\"/committees/%L/sittings.atom\">%s</a> · "
                "<a href=\"/bodies/%L/calendar.ics\">%s</a> · <a href=\"/alerts?kind=committee&amp;target=%L\">%s</a></p>\n",
                T(r, "Sittings"), (long long)id, T(r, "Sittings feed (Atom)"), (long long)id, T(r, "Calendar (iCalendar)"),
                (long long)id, T(r, "Get e-mail alerts"));
    if (parl_sittings(r->db, r->arena, SITTINGS_ALL, today, id, 200, &s, &n) == MJ_OK && n) {
      html_printf(b, "<ul class=\"sittings\">\n");
      for (int i = 0; i < n; i++)
        html_printf(b, "<li><a href=\"/sittings/%L\">%s %d</a> <span class=\"meta\"><time datetime=\"%s\">%s</time> · %s</span></li>\n",
                    (long long)s[i].id, T(r, "Sitting"), s[i].number, s[i].date, s[i].date, web_status_label(r, s[i].status));
      html_printf(b, "</ul>\n");
    } else {
      html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No sittings yet."));
    }
    html_printf(b, "</section>\n");
  }
  html_printf(b, "</article>\n");
  page_end(r);
}

void page_party(Req *r) { org_page(r, PORTAL_PARTY); }
void page_committee(Req *r) { org_page(r, PORTAL_COMMITTEE); }

/* ---------------------------------------------------------------- votes */

#define VOTES_PER_PAGE 50

void page_votes(Req *r) {
  PortalVoteFilter f = {0, NULL, NULL, NULL, VOTES_PER_PAGE, 0};
  long long body = 0, page = 1;
  const char *bs = req_query(r, "body"), *res = req_query(r, "result"), *pg = req_query(r, "page");
  if ((bs && *bs && mj_parse_int(bs, 1, INT64_MAX, &body)) || (pg && *pg && mj_parse_int(pg, 1, 10000, &page)) ||
      date_param(r, "from", &f.from) || date_param(r, "to", &f.to)) {
    reply_error(r, MJ_EINVAL, T(r, "The filter is not valid: dates are YYYY-MM-DD and the page a number."));
    return;
  }
  if (res && *res) {
    if (strcmp(res, "pass") != 0 && strcmp(res, "fail") != 0) {
      reply_error(r, MJ_EINVAL, T(r, "The result is pass or fail."));
      return;
    }
    f.result = res;
  }
  f.body_id = body;
  f.offset = (int)(page - 1) * VOTES_PER_PAGE;
  PortalVote *v;
  int n, total;
  int rc = portal_votes(r->db, r->arena, &f, &v, &n, &total);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *lang = lang_of(r);
  OrgRow ch, *cm = NULL;
  int have_ch = parl_chamber(r->db, r->arena, &ch) == MJ_OK, ncm = 0;
  if (parl_orgs(r->db, r->arena, "committee", &cm, &ncm)) ncm = 0;
  page_begin(r, T(r, "Votes"), T(r, "Every closed vote of the Council of Representatives and its committees, with each member's vote"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n<form class=\"filters\" method=\"get\" action=\"/votes\">"
              "<label for=\"vbody\">%s</label><select id=\"vbody\" name=\"body\"><option value=\"\">%s</option>",
              T(r, "Votes"), T(r, "Body"), T(r, "All"));
  if (have_ch)
    html_printf(b, "<option value=\"%L\"%R>%s</option>", (long long)ch.id, ch.id == body ? " selected" : "",
                parl_name(&ch.name, lang));
  for (int i = 0; i < ncm; i++)
    html_printf(b, "<option value=\"%L\"%R>%s</option>", (long long)cm[i].id, cm[i].id == body ? " selected" : "",
                parl_name(&cm[i].name, lang));
  html_printf(b, "</select><label for=\"vres\">%s</label><select id=\"vres\" name=\"result\"><option value=\"\">%s</option>"
              "<option value=\"pass\"%R>%s</option><option value=\"fail\"%R>%s</option></select>"
              "<label for=\"vfrom\">%s</label><input id=\"vfrom\" name=\"from\" type=\"date\" value=\"%s\">"
              "<label for=\"vto\">%s</label><input id=\"vto\" name=\"to\" type=\"date\" value=\"%s\">"
              "<button type=\"submit\">%s</button></form>\n",
              T(r, "Result"), T(r, "All"), f.result && strcmp(f.result, "pass") == 0 ? " selected" : "", T(r, "Passed"),
              f.result && strcmp(f.result, "fail") == 0 ? " selected" : "", T(r, "Not passed"), T(r, "From"),
              f.from ? f.from : "", T(r, "Until"), f.to ? f.to : "", T(r, "Filter"));
  html_printf(b, "<p class=\"count\" role=\"status\">%s: %d</p>\n", T(r, "Votes found"), total);
  if (n) {
    html_printf(b, "<div class=\"table-wrap\"><table class=\"portal votes-list\"><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Date"), T(r, "Body"), T(r, "Motion"), T(r, "Yes"), T(r, "No"), T(r, "Abstain"), T(r, "Result"));
    for (int i = 0; i < n; i++)
      html_printf(b, "<tr><td><time datetime=\"%s\">%s</time></td><td>%s</td><td><a href=\"/votes/%L\">%s</a></td>"
                  "<td>%d</td><td>%d</td><td>%d</td><td class=\"result-%s\">%s</td></tr>\n",
                  v[i].date, v[i].date, parl_name(&v[i].body, lang), (long long)v[i].id, v[i].title, v[i].yes, v[i].no,
                  v[i].abstain, v[i].result ? v[i].result : "open", result_label(r, v[i].result));
    html_printf(b, "</tbody></table></div>\n");
  } else {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No votes match."));
  }
  const char *qs = arena_printf(r->arena, "body=%s&result=%s&from=%s&to=%s", body ? bs : "", f.result ? f.result : "",
                                f.from ? f.from : "", f.to ? f.to : "");
  html_printf(b, "<nav class=\"pager\" aria-label=\"%s\">", T(r, "Pages"));
  if (page > 1) html_printf(b, "<a rel=\"prev\" href=\"/votes?%s&amp;page=%L\">%s</a> ", qs, page - 1, T(r, "Previous page"));
  if ((long long)page * VOTES_PER_PAGE < total)
    html_printf(b, "<a rel=\"next\" href=\"/votes?%s&amp;page=%L\">%s</a>", qs, page + 1, T(r, "Next page"));
  html_printf(b, "</nav>\n");
  page_end(r);
}

/* One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
static void csv_field(Buf *b, const char *s) {
  if (!s) s = "";
  if (!strpbrk(s, ",\"\r\n")) {
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') buf_putc(b, '"');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

static void vote_csv(Req *r, const PortalVote *v, const PortalBallot *bl, int nb) {
  Buf *b = &r->out;
  buf_puts(b, "person_id,name_ar,name_en,name_az,party,option\r\n");
  for (int i = 0; i < nb; i++) {
    buf_printf(b, "%lld,", (long long)bl[i].person_id);
    csv_field(b, bl[i].name.ar);
    buf_putc(b, ',');
    csv_field(b, bl[i].name.en);
    buf_putc(b, ',');
    csv_field(b, bl[i].name.az);
    buf_putc(b, ',');
    csv_field(b, bl[i].party_id ? parl_name(&bl[i].party, "en") : "");
    buf_putc(b, ',');
    csv_field(b, bl[i].option); /* NULL (empty) for a secret vote */
    buf_puts(b, "\r\n");
  }
  r->ctype = "text/csv; charset=utf-8";
  req_add_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"vote-%lld.csv\"", (long long)v->id));
}

void page_vote(Req *r) {
  /* "/votes/12.csv" arrives as the id "12.csv" */
  const char *raw = r->pathvars[0] ? r->pathvars[0] : "";
  size_t len = strlen(raw);
  int csv = 0;
  if (len > 4 && strcmp(raw + len - 4, ".csv") == 0) {
    csv = 1;
    r->pathvars[0] = arena_strndup(r->arena, raw, len - 4);
  }
  const char *format = req_query(r, "format");
  if (format && strcmp(format, "csv") == 0) csv = 1;
  int64_t id = path_id(r, 0);
  PortalVote v;
  PortalBallot *bl;
  int nb;
  int rc = id ? portal_vote(r->db, r->arena, id, &v, &bl, &nb) : MJ_ENOTFOUND;
  if (rc) {
    if (rc == MJ_ENOTFOUND) not_found(r, T(r, "There is no vote at this address."));
    else reply_error(r, rc, mj_errmsg());
    return;
  }
  if (csv) {
    vote_csv(r, &v, bl, nb);
    return;
  }
  const char *lang = lang_of(r);
  int secret = strcmp(v.method, "secret") == 0, closed = strcmp(v.status, "closed") == 0;
  page_begin(r, v.title, arena_printf(r->arena, "%s: %s · %s %d, %s", result_label(r, v.result), v.title, T(r, "Yes"),
                                      v.yes, v.date));
  Buf *b = &r->out;
  html_printf(b, "<article class=\"vote-page\"><h1>%s</h1>\n<dl class=\"facts\">"
              "<dt>%s</dt><dd><a href=\"/sittings/%L#vote-%L\">%s %d · %s</a></dd>"
              "<dt>%s</dt><dd><time datetime=\"%s\">%s</time></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
              "<dt>%s</dt><dd class=\"result-%s\"><strong>%s</strong></dd></dl>\n",
              v.title, T(r, "Sitting"), (long long)v.sitting_id, (long long)v.id, T(r, "Sitting"), v.sitting_number,
              parl_name(&v.body, lang), T(r, "Date"), v.date, v.date, T(r, "Method"), method_label(r, v.method),
              T(r, "Majority required"), rule_label(r, v.rule), T(r, "Result"), v.result ? v.result : "open",
              result_label(r, v.result));
  if (closed)
    html_printf(b, "<dl class=\"counts\"><div class=\"c-yes\"><dt>%s</dt><dd>%d</dd></div><div class=\"c-no\"><dt>%s</dt><dd>%d</dd></div>"
                "<div class=\"c-abstain\"><dt>%s</dt><dd>%d</dd></div><div><dt>%s</dt><dd>%d</dd></div></dl>\n",
                T(r, "Yes"), v.yes, T(r, "No"), v.no, T(r, "Abstain"), v.abstain, T(r, "Ballots cast"), v.ballots);
  html_printf(b, "<p class=\"links\">%s: <a href=\"/votes/%L.csv\" download>CSV</a> · "
              "<a href=\"/api/v1/votes/%L\" type=\"application/json\">Popolo JSON</a></p>\n",
              T(r, "Download"), (long long)v.id, (long long)v.id);
  html_printf(b, "<section aria-labelledby=\"each\"><h2 id=\"each\">%s</h2>\n", T(r, "How each member voted"));
  if (secret) {
    html_printf(b, "<p class=\"note\">%s</p>\n", T(r, "This was a secret ballot: only the totals are public, never how a member voted."));
  } else if (!closed) {
    html_printf(b, "<p class=\"note\">%s</p>\n", T(r, "Voting is still open; each member's vote is published when it closes."));
  } else if (!nb) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No individual votes are recorded."));
  } else {
    html_printf(b, "<div class=\"table-wrap\"><table class=\"portal ballots\"><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Name"), T(r, "Party or bloc"), T(r, "Vote"));
    for (int i = 0; i < nb; i++) {
      html_printf(b, "<tr><th scope=\"row\">");
      member_link(r, b, bl[i].person_id, &bl[i].name);
      html_printf(b, "</th><td>");
      if (bl[i].party_id) html_printf(b, "<a href=\"/parties/%L\">%s</a>", (long long)bl[i].party_id, parl_name(&bl[i].party, lang));
      html_printf(b, "</td><td class=\"opt-%s\">%s</td></tr>\n", bl[i].option ? bl[i].option : "none",
                  option_label(r, bl[i].option));
    }
    html_printf(b, "</tbody></table></div>\n");
  }
  html_printf(b, "</section></article>\n");
  page_end(r);
}

/* ---------------------------------------------------------------- feeds */

static const char *sitting_label(Req *r, const SittingRow *s) {
  return arena_printf(r->arena, "%s %d · %s", T(r, "Sitting"), s->number, parl_name(&s->body, lang_of(r)));
}

/* records: 1 for the records feed, which leaves out a sitting whose record
** is still being prepared (no edition published yet: pubrec.h). */
static void sittings_feed(Req *r, int64_t body, const char *self, const char *alternate, const char *title, int records) {
  char today[11];
  web_today(today);
  SittingRow *s;
  int n;
  int rc = parl_sittings(r->db, r->arena, SITTINGS_ALL, today, body, 200, &s, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  /* closed sittings only: their record is final */
  int k = 0;
  for (int i = 0; i < n && k < 20; i++)
    if (strcmp(s[i].status, "closed") == 0 && !(records && s[i].record_pending)) s[k++] = s[i];
  Feed f;
  feed_begin(&f, r, self, alternate, title, date_time(r, k ? s[0].date : "1970-01-01"));
  for (int i = 0; i < k; i++) {
    const char *sum = arena_printf(r->arena, "%s: %s · %s: %d · %s: %d · %s: %d", T(r, "Date"), s[i].date,
                                   T(r, "Agenda items"), s[i].items, T(r, "Votes"), s[i].votes, T(r, "Present"), s[i].present);
    feed_entry(&f, arena_printf(r->arena, "/sittings/%lld", (long long)s[i].id), sitting_label(r, &s[i]),
               date_time(r, s[i].date), sum);
  }
  feed_end(&f);
}

void feed_records(Req *r) {
  sittings_feed(r, 0, "/feeds/records.atom", "/sittings", T(r, "Records of the closed sittings"), 1);
}

void feed_committee_sittings(Req *r) {
  int64_t id = path_id(r, 0);
  PortalOrg d;
  int rc = id ? portal_org(r->db, r->arena, id, PORTAL_COMMITTEE, &d) : MJ_ENOTFOUND;
  if (rc) {
    if (rc == MJ_ENOTFOUND) not_found(r, T(r, "There is no committee at this address."));
    else reply_error(r, rc, mj_errmsg());
    return;
  }
  sittings_feed(r, id, arena_printf(r->arena, "/committees/%lld/sittings.atom", (long long)id),
                arena_printf(r->arena, "/committees/%lld", (long long)id),
                arena_printf(r->arena, "%s: %s", parl_name(&d.o.name, lang_of(r)), T(r, "Sittings")), 0);
}

void feed_member_speeches(Req *r) {
  int64_t id = path_id(r, 0);
  char today[11];
  web_today(today);
  PortalMemberDetail d;
  int rc = id ? portal_member(r->db, r->arena, id, today, &d) : MJ_ENOTFOUND;
  PortalSpeech *sp = NULL;
  int n = 0, total = 0;
  if (!rc) rc = portal_speeches(r->db, r->arena, id, PORTAL_ANY_KIND, NULL, 20, &sp, &n, &total);
  if (rc) {
    if (rc == MJ_ENOTFOUND) not_found(r, T(r, "There is no member at this address."));
    else reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *name = parl_name(&d.m.name, lang_of(r));
  Feed f;
  feed_begin(&f, r, arena_printf(r->arena, "/members/%lld/speeches.atom", (long long)id),
             arena_printf(r->arena, "/members/%lld", (long long)id),
             arena_printf(r->arena, "%s: %s", name, T(r, "Speeches")), date_time(r, n ? sp[0].date : "1970-01-01"));
  for (int i = 0; i < n; i++)
    feed_entry(&f, arena_printf(r->arena, "/sittings/%lld#speech-%lld", (long long)sp[i].sitting_id, (long long)sp[i].id),
               arena_printf(r->arena, "%s · %s %d · %s", name, T(r, "Sitting"), sp[i].sitting_number,
                            parl_name(&sp[i].body, lang_of(r))),
               date_time(r, sp[i].date), excerpt(r, sp[i].text, 1200));
  feed_end(&f);
}

/* ---------------------------------------------------------------- sitemap */

static void sm_url(Req *r, const char *base, const char *path, const char *lastmod) {
  Buf *b = &r->out;
  buf_puts(b, "<url><loc>");
  xml_text(b, base);
  xml_text(b, path);
  buf_puts(b, "</loc>");
  if (lastmod && strlen(lastmod) >= 10) {
    buf_puts(b, "<lastmod>");
    xml_text(b, arena_strndup(r->arena, lastmod, 10));
    buf_puts(b, "</lastmod>");
  }
  buf_puts(b, "</url>\n");
}

void page_sitemap(Req *r) {
  char today[11];
  web_today(today);
  const char *base = site_base(r);
  SittingRow *s;
  int ns = 0;
  if (parl_sittings(r->db, r->arena, SITTINGS_ALL, today, 0, 500, &s, &ns)) ns = 0;
  PortalMember *m;
  int nm = 0;
  if (portal_members(r->db, r->arena, today, 0, &m, &nm)) nm = 0;
  PortalVoteFilter f = {0, NULL, NULL, NULL, 500, 0};
  PortalVote *v;
  int nv = 0, tv = 0;
  if (portal_votes(r->db, r->arena, &f, &v, &nv, &tv)) nv = 0;
  const char *last = NULL; /* the latest held sitting */
  for (int i = 0; i < ns && !last; i++)
    if (strcmp(s[i].status, "scheduled") != 0) last = s[i].date;
  r->ctype = "application/xml; charset=utf-8";
  buf_puts(&r->out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
  sm_url(r, base, "/", last);
  sm_url(r, base, "/sittings", last);
  sm_url(r, base, "/members", NULL);
  sm_url(r, base, "/votes", nv ? v[0].date : NULL);
  sm_url(r, base, "/parties", NULL);
  sm_url(r, base, "/committees", NULL);
  for (int i = 0; i < ns; i++) sm_url(r, base, arena_printf(r->arena, "/sittings/%lld", (long long)s[i].id), s[i].date);
  for (int i = 0; i < nm; i++) sm_url(r, base, arena_printf(r->arena, "/members/%lld", (long long)m[i].id), NULL);
  static const char *const classes[] = {"party", "bloc", "committee"};
  for (size_t k = 0; k < MJ_COUNT(classes); k++) {
    OrgRow *o;
    int no;
    if (parl_orgs(r->db, r->arena, classes[k], &o, &no)) continue;
    for (int i = 0; i < no; i++)
      sm_url(r, base, arena_printf(r->arena, "/%s/%lld", k < 2 ? "parties" : "committees", (long long)o[i].id), NULL);
  }
  for (int i = 0; i < nv; i++) sm_url(r, base, arena_printf(r->arena, "/votes/%lld", (long long)v[i].id), v[i].date);
  buf_puts(&r->out, "</urlset>\n");
}
