/*
** test_portal: the public portal end to end. A fresh demo parliament (seed
** 7, anchored on 2026-11-23) is served in-process on an ephemeral port; the
** test adds a member whose name holds a comma and quotes, and a closed
** secret vote whose ballot rows even hold options (which the schema leaves
** NULL for secret votes: the pages must hide them whatever the table says).
** Then: every portal page in Arabic and English with its title, description
** and Open Graph tags; a member's attendance rate and vote counts against
** figures recomputed here from the raw tables; secret ballots never shown;
** the CSV of a vote; the Atom feeds and the sitemap parsed with libxml2;
** bad ids; and hostile search words.
*/
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <signal.h>
#include <stdint.h>

#include "harness.h"
#include "client.h"
#include "testsql.h"

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "web.h"

static int port;
static int64_t g_member;   /* a chamber member with ballots and attendance */
static int64_t g_comma;    /* the member named with a comma and quotes */
static int64_t g_secret;   /* the secret vote */
static int64_t g_rollcall; /* a closed roll-call vote */

static int get_lang(const char *path, const char *lang, HttpResp *r) {
  char h[64];
  snprintf(h, sizeof h, "Accept-Language: %s\r\n", lang);
  return http_req(port, "GET", path, h, NULL, 0, r);
}

/* Percent-encodes s for a query string. */
static void urlenc(const char *s, char *out, size_t n) {
  static const char hx[] = "0123456789ABCDEF";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < n; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_') {
      out[o++] = (char)*p;
    } else {
      out[o++] = '%';
      out[o++] = hx[*p >> 4];
      out[o++] = hx[*p & 15];
    }
  }
  out[o] = 0;
}

/* The integer inside the element that follows `marker`, e.g. class="held">. */
static long long num_after(const char *body, const char *marker) {
  const char *p = body ? strstr(body, marker) : NULL;
  if (!p) return -1;
  return strtoll(p + strlen(marker), NULL, 10);
}

static void check_page(const char *path, const char *lang) {
  HttpResp r;
  int st = get_lang(path, lang, &r);
  if (st != 200) printf("#   %s (%s): %d\n", path, lang, st);
  CHECK_EQ_INT(st, 200);
  if (strcmp(lang, "ar") == 0) CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
  else {
    char want[64];
    snprintf(want, sizeof want, "<html lang=\"%s\" dir=\"ltr\">", lang);
    CHECK_CONTAINS(r.body, want);
  }
  CHECK_CONTAINS(r.body, "<title>");
  CHECK_CONTAINS(r.body, "<meta name=\"description\" content=\"");
  CHECK_CONTAINS(r.body, "<meta property=\"og:title\" content=\"");
  CHECK_CONTAINS(r.body, "<meta property=\"og:description\" content=\"");
  CHECK_CONTAINS(r.body, "</html>");
  resp_free(&r);
}

static void test_pages_languages(void) {
  char p[9][160];
  snprintf(p[0], sizeof p[0], "/members");
  snprintf(p[1], sizeof p[1], "/members/%lld", (long long)g_member);
  snprintf(p[2], sizeof p[2], "/parties/%lld", (long long)q_int("SELECT min(id) FROM organization WHERE classification='bloc'"));
  snprintf(p[3], sizeof p[3], "/committees/%lld", (long long)q_int("SELECT min(id) FROM organization WHERE classification='committee'"));
  snprintf(p[4], sizeof p[4], "/votes");
  snprintf(p[5], sizeof p[5], "/votes/%lld", (long long)g_rollcall);
  snprintf(p[6], sizeof p[6], "/votes?body=1&result=pass&from=2026-10-01&to=2026-11-30&page=1");
  snprintf(p[7], sizeof p[7], "/parties");
  snprintf(p[8], sizeof p[8], "/committees");
  for (int i = 0; i < 9; i++) {
    check_page(p[i], "ar");
    check_page(p[i], "en");
  }
  check_page("/members", "az");
  /* the members list links names and filters by party */
  HttpResp r;
  char path[160];
  int64_t bloc = q_int("SELECT on_behalf_of_id FROM membership WHERE person_id=%lld AND organization_id=1", (long long)g_member);
  snprintf(path, sizeof path, "/members?party=%lld", (long long)bloc);
  CHECK_EQ_INT(get_lang(path, "en", &r), 200);
  char link[64];
  snprintf(link, sizeof link, "<a href=\"/members/%lld\">", (long long)g_member);
  CHECK_CONTAINS(r.body, link);
  int64_t in_bloc = q_int("SELECT count(*) FROM membership m WHERE m.organization_id=1 AND m.end_date IS NULL AND "
                          "m.person_id IN (SELECT person_id FROM membership WHERE organization_id=%lld)", (long long)bloc);
  char cnt[64];
  snprintf(cnt, sizeof cnt, "Members: %lld</p>", (long long)in_bloc);
  CHECK_CONTAINS(r.body, cnt);
  resp_free(&r);
  CHECK_EQ_INT(get_lang("/members?party=x", "en", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(get_lang("/votes?from=2026-13", "en", &r), 400);
  resp_free(&r);
  CHECK_EQ_INT(get_lang("/votes?result=maybe", "en", &r), 400);
  resp_free(&r);
}

/* The check: figures on the member page recomputed from raw tables. */
static void test_member_figures(void) {
  int64_t ids[3] = {g_member, g_comma, q_int("SELECT max(person_id) FROM membership WHERE organization_id=1")};
  for (int k = 0; k < 3; k++) {
    int64_t id = ids[k];
    /* closed sittings of each body held while a member, and presence at them */
    int64_t held = q_int("SELECT count(*) FROM (SELECT DISTINCT s.id FROM sitting s JOIN membership m ON m.organization_id=s.body_id "
                         "WHERE m.person_id=%lld AND s.status='closed' AND s.date>=m.start_date "
                         "AND (m.end_date IS NULL OR s.date<=m.end_date))", (long long)id);
    int64_t present = q_int("SELECT count(*) FROM attendance a WHERE a.person_id=%lld AND a.status='present' AND a.sitting_id IN "
                            "(SELECT DISTINCT s.id FROM sitting s JOIN membership m ON m.organization_id=s.body_id "
                            "WHERE m.person_id=%lld AND s.status='closed' AND s.date>=m.start_date "
                            "AND (m.end_date IS NULL OR s.date<=m.end_date))", (long long)id, (long long)id);
    int64_t cast = q_int("SELECT count(*) FROM ballot b, vote_event v WHERE v.id=b.vote_event_id AND b.person_id=%lld "
                         "AND v.status='closed'", (long long)id);
    int64_t opt[3];
    const char *names[3] = {"yes", "no", "abstain"};
    for (int i = 0; i < 3; i++)
      opt[i] = q_int("SELECT count(*) FROM ballot b, vote_event v WHERE v.id=b.vote_event_id AND b.person_id=%lld "
                     "AND v.status='closed' AND v.method<>'secret' AND b.option='%q'", (long long)id, names[i]);
    int64_t secret = q_int("SELECT count(*) FROM ballot b, vote_event v WHERE v.id=b.vote_event_id AND b.person_id=%lld "
                           "AND v.status='closed' AND v.method='secret'", (long long)id);
    int64_t secs = q_int("SELECT coalesce(sum(seconds_used),0) FROM speaker_request WHERE person_id=%lld", (long long)id);
    /* the public record only: published editions, never drafts (pubrec.h) */
    int64_t nspeech = q_int("SELECT count(*) FROM public_speech WHERE person_id=%lld", (long long)id);
    char path[64];
    snprintf(path, sizeof path, "/members/%lld?lang=en", (long long)id);
    HttpResp r;
    CHECK_EQ_INT(GET(port, path, &r), 200);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"held\">"), held);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"present\">"), present);
    char rate[64];
    if (held) snprintf(rate, sizeof rate, "<strong>%.1f%%</strong>", 100.0 * (double)present / (double)held);
    else snprintf(rate, sizeof rate, "<strong>–</strong>");
    CHECK_CONTAINS(r.body, rate);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"cast\">"), cast);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"yes\">"), opt[0]);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"no\">"), opt[1]);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"abstain\">"), opt[2]);
    CHECK_EQ_INT(num_after(r.body, "<span class=\"secret\">"), secret);
    char st[128];
    snprintf(st, sizeof st, "<strong>%lld:%02lld:%02lld</strong>", (long long)(secs / 3600), (long long)(secs / 60 % 60),
             (long long)(secs % 60));
    CHECK_CONTAINS(r.body, st);
    snprintf(st, sizeof st, "Speeches in the record: %lld</p>", (long long)nspeech);
    CHECK_CONTAINS(r.body, st);
    if (k == 0) {
      CHECK(held > 0 && cast > 0);
      CHECK_CONTAINS(r.body, "rel=\"bookmark\"");
      char feed[80];
      snprintf(feed, sizeof feed, "href=\"/members/%lld/speeches.atom\"", (long long)id);
      CHECK_CONTAINS(r.body, feed);
      CHECK_CONTAINS(r.body, "#speech-");
      CHECK_CONTAINS(r.body, "class=\"avatar initials\""); /* no local photo: initials */
    }
    resp_free(&r);
  }
}

/* The secret vote: the member page shows the vote without the option, the
** vote page lists nobody's option, and the CSV leaves the option empty. */
static void test_secret_never_shown(void) {
  char path[96];
  HttpResp r;
  snprintf(path, sizeof path, "/members/%lld?lang=en", (long long)g_member);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  const char *row = r.body ? strstr(r.body, "SECRET-MOTION-X") : NULL;
  CHECK(row != NULL);
  if (row) {
    const char *end = strstr(row, "</tr>");
    size_t n = end ? (size_t)(end - row) : strlen(row);
    char *tr = strndup(row, n);
    CHECK_CONTAINS(tr, "opt-secret");
    CHECK(!strstr(tr, "opt-no") && !strstr(tr, "opt-yes") && !strstr(tr, "opt-abstain"));
    free(tr);
  }
  resp_free(&r);
  snprintf(path, sizeof path, "/votes/%lld?lang=en", (long long)g_secret);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK_CONTAINS(r.body, "secret ballot");
  CHECK(!strstr(r.body, "opt-"));
  resp_free(&r);
  snprintf(path, sizeof path, "/votes/%lld.csv", (long long)g_secret);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  int lines = 0;
  for (char *p = r.body; p && *p; p++)
    if (*p == '\n') {
      lines++;
      if (lines > 1) CHECK(p[-1] == '\r' && p[-2] == ','); /* the option field is empty */
    }
  CHECK_EQ_INT(lines - 1, q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)g_secret));
  CHECK(!strstr(r.body, ",no\r") && !strstr(r.body, ",yes\r"));
  resp_free(&r);
  /* and no party page counts it */
  int64_t bloc = q_int("SELECT on_behalf_of_id FROM membership WHERE person_id=%lld AND organization_id=1", (long long)g_member);
  int64_t y = q_int("SELECT count(*) FROM ballot b JOIN vote_event v ON v.id=b.vote_event_id WHERE v.status='closed' "
                    "AND v.method='roll_call' AND b.option='no' AND b.person_id IN (SELECT person_id FROM membership "
                    "WHERE organization_id=%lld OR on_behalf_of_id=%lld)", (long long)bloc, (long long)bloc);
  snprintf(path, sizeof path, "/parties/%lld?lang=en", (long long)bloc);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  char want[64];
  snprintf(want, sizeof want, " · No: %lld (", (long long)y);
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
}

static void test_vote_csv(void) {
  for (int k = 0; k < 2; k++) {
    char path[64];
    snprintf(path, sizeof path, "/votes/%lld%s", (long long)g_rollcall, k ? "?format=csv" : ".csv");
    HttpResp r;
    CHECK_EQ_INT(GET(port, path, &r), 200);
    char ct[128] = "";
    resp_header(&r, "Content-Type", ct, sizeof ct);
    CHECK_STR(ct, "text/csv; charset=utf-8");
    int lines = 0;
    for (char *p = r.body; p && *p; p++) lines += *p == '\n';
    CHECK_EQ_INT(lines - 1, q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)g_rollcall));
    CHECK(r.body && strncmp(r.body, "person_id,name_ar,name_en,name_az,party,option\r\n", 48) == 0);
    char row[160];
    snprintf(row, sizeof row, "\r\n%lld,\"دو، \"\"الصغير\"\"\",\"Doe, \"\"Jr\"\" <b>\",\"Doe, \"\"Jr\"\" <b>\",", (long long)g_comma);
    CHECK_CONTAINS(r.body, row);
    resp_free(&r);
  }
  /* the page itself: every ballot listed, links to both downloads */
  char path[64];
  snprintf(path, sizeof path, "/votes/%lld?lang=en", (long long)g_rollcall);
  HttpResp r;
  CHECK_EQ_INT(GET(port, path, &r), 200);
  int rows = 0;
  for (const char *p = r.body; p && (p = strstr(p, "<td class=\"opt-")); p++) rows++;
  CHECK_EQ_INT(rows, q_int("SELECT count(*) FROM ballot WHERE vote_event_id=%lld", (long long)g_rollcall));
  char l[64];
  snprintf(l, sizeof l, "href=\"/votes/%lld.csv\"", (long long)g_rollcall);
  CHECK_CONTAINS(r.body, l);
  snprintf(l, sizeof l, "href=\"/api/v1/votes/%lld\"", (long long)g_rollcall);
  CHECK_CONTAINS(r.body, l);
  CHECK_CONTAINS(r.body, "Doe, &quot;Jr&quot; &lt;b&gt;");
  resp_free(&r);
}

/* Parses XML; returns the document or NULL. */
static xmlDocPtr parse_xml(const HttpResp *r) {
  return r->body ? xmlReadMemory(r->body, (int)r->body_len, "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) return c;
  return NULL;
}

static int has_text(xmlNodePtr n) {
  if (!n) return 0;
  xmlChar *t = xmlNodeGetContent(n);
  int ok = t && *t;
  xmlFree(t);
  return ok;
}

static void check_feed(const char *path, int want_entries) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, path, &r), 200);
  char ct[128] = "";
  resp_header(&r, "Content-Type", ct, sizeof ct);
  CHECK(strncmp(ct, "application/atom+xml", 20) == 0);
  xmlDocPtr doc = parse_xml(&r);
  CHECK(doc != NULL);
  if (!doc) {
    printf("#   %s does not parse: %.200s\n", path, r.body ? r.body : "");
    resp_free(&r);
    return;
  }
  xmlNodePtr feed = xmlDocGetRootElement(doc);
  CHECK(feed && strcmp((const char *)feed->name, "feed") == 0);
  CHECK(feed && feed->ns && strcmp((const char *)feed->ns->href, "http://www.w3.org/2005/Atom") == 0);
  CHECK(has_text(child(feed, "id")) && has_text(child(feed, "title")) && has_text(child(feed, "updated")));
  CHECK(has_text(child(child(feed, "author"), "name")));
  int self = 0, entries = 0;
  for (xmlNodePtr c = feed ? feed->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (strcmp((const char *)c->name, "link") == 0) {
      xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel"), *href = xmlGetProp(c, (const xmlChar *)"href");
      if (rel && strcmp((char *)rel, "self") == 0 && href && strstr((char *)href, path)) self = 1;
      xmlFree(rel);
      xmlFree(href);
    }
    if (strcmp((const char *)c->name, "entry") == 0) {
      entries++;
      CHECK(has_text(child(c, "id")) && has_text(child(c, "title")) && has_text(child(c, "updated")));
      CHECK(child(c, "link") != NULL && (has_text(child(c, "summary")) || has_text(child(c, "content"))));
      xmlNodePtr u = child(c, "updated");
      xmlChar *t = u ? xmlNodeGetContent(u) : NULL;
      CHECK(t && strlen((char *)t) == 20 && t[10] == 'T' && t[19] == 'Z');
      xmlFree(t);
    }
  }
  CHECK(self);
  if (want_entries) CHECK(entries > 0);
  xmlFreeDoc(doc);
  resp_free(&r);
}

static void test_feeds(void) {
  check_feed("/feeds/records.atom", 1);
  char p[80];
  snprintf(p, sizeof p, "/members/%lld/speeches.atom", (long long)g_member);
  check_feed(p, 1);
  int64_t cm = q_int("SELECT body_id FROM sitting s JOIN organization o ON o.id=s.body_id WHERE o.classification='committee' "
                     "AND s.status='closed' LIMIT 1");
  snprintf(p, sizeof p, "/committees/%lld/sittings.atom", (long long)cm);
  check_feed(p, 1);
  /* a hostile speech text still makes a well-formed feed */
  q_exec("INSERT INTO speech(sitting_id, position, person_id, kind, lang, text) VALUES(1, 9001, %lld, 'speech', 'en', "
         "'Bad bytes: \x01\x02 & <tags> ]]> \"quotes\" \xff\xfe end')", (long long)g_comma);
  snprintf(p, sizeof p, "/members/%lld/speeches.atom", (long long)g_comma);
  check_feed(p, 1);
  q_exec("DELETE FROM speech WHERE sitting_id=1 AND position=9001");
}

static void test_sitemap(void) {
  HttpResp r;
  CHECK_EQ_INT(GET(port, "/sitemap.xml", &r), 200);
  xmlDocPtr doc = parse_xml(&r);
  CHECK(doc != NULL);
  if (doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    CHECK(root && strcmp((const char *)root->name, "urlset") == 0);
    int urls = 0, lastmods = 0;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE) {
        urls++;
        CHECK(has_text(child(c, "loc")));
        lastmods += child(c, "lastmod") != NULL;
      }
    int64_t want = 6 + q_int("SELECT count(*) FROM sitting") + q_int("SELECT count(*) FROM vote_event WHERE status='closed'") +
                   q_int("SELECT count(*) FROM organization WHERE classification IN ('party','bloc','committee')");
    CHECK(urls >= want);
    CHECK(lastmods > 0);
    xmlFreeDoc(doc);
  }
  char loc[80];
  snprintf(loc, sizeof loc, "/members/%lld</loc>", (long long)g_member);
  CHECK_CONTAINS(r.body, loc);
  CHECK_CONTAINS(r.body, "<loc>http://127.0.0.1:");
  resp_free(&r);
}

static void test_not_found(void) {
  static const char *const paths[] = {"/members/999999", "/members/abc", "/members/0", "/votes/999999", "/votes/x.csv",
                                      "/parties/9", "/committees/2", "/parties/999999", "/members/999999/speeches.atom",
                                      "/committees/2/sittings.atom"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    HttpResp r;
    CHECK_EQ_INT(get_lang(paths[i], "en", &r), 404);
    CHECK_CONTAINS(r.body, "<html lang=\"en\" dir=\"ltr\">");
    CHECK_CONTAINS(r.body, "Page not found");
    resp_free(&r);
    CHECK_EQ_INT(get_lang(paths[i], "ar", &r), 404);
    CHECK_CONTAINS(r.body, "<html lang=\"ar\" dir=\"rtl\">");
    CHECK(!strstr(r.body, "Page not found"));
    resp_free(&r);
  }
}

static void test_search_inside(void) {
  static const char *const hostile[] = {"<script>alert(1)</script>", "\"", "\"\"", "NEAR(", "NEAR(a b, 3)", "*", "a*",
                                        "a OR b", "NOT", "AND", "^x", "-x", "x:y", "{a b}:c", "text:x", "(", ")",
                                        "'; DROP TABLE speech; --", "\" OR \"", "\\", "a\"b\"c", "   ", "+"};
  char path[512], enc[400];
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
    urlenc(hostile[i], enc, sizeof enc);
    snprintf(path, sizeof path, "/members/%lld?lang=en&q=%s", (long long)g_member, enc);
    HttpResp r;
    int st = GET(port, path, &r);
    if (st != 200) printf("#   q=%s: %d\n", hostile[i], st);
    CHECK_EQ_INT(st, 200);
    resp_free(&r);
  }
  urlenc("<script>alert(1)</script>", enc, sizeof enc);
  snprintf(path, sizeof path, "/members/%lld?lang=en&q=%s", (long long)g_member, enc);
  HttpResp r;
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK(!strstr(r.body, "<script>alert"));
  CHECK_CONTAINS(r.body, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"");
  resp_free(&r);
  /* a word of one of the member's speeches finds it, and only the member's */
  char *text = q_str("SELECT text FROM speech WHERE person_id=%lld AND kind='speech' ORDER BY id LIMIT 1", (long long)g_member);
  char word[128] = "";
  const char *s = text;
  while (*s) { /* the first word of letters only (Arabic or Latin), 6 bytes or more */
    const char *e = s;
    int letters = 1;
    while (*e && *e != ' ' && *e != '\n') {
      unsigned char c = (unsigned char)*e++;
      if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) letters = 0;
      if (c == 0xD8 && (unsigned char)*e == 0x8C) letters = 0; /* the Arabic comma */
    }
    if (letters && e - s >= 6 && e - s < 100) {
      memcpy(word, s, (size_t)(e - s));
      word[e - s] = 0;
      break;
    }
    s = *e ? e + 1 : e;
  }
  free(text);
  CHECK(word[0] != 0);
  urlenc(word, enc, sizeof enc);
  snprintf(path, sizeof path, "/members/%lld?lang=en&q=%s", (long long)g_member, enc);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  long long found = num_after(r.body, "Speeches found: ");
  if (found < 1) printf("#   searching for \"%s\" found %lld\n", word, found);
  CHECK(found >= 1);
  resp_free(&r);
  /* every word must be there: with a word no speech has, nothing */
  char both[256];
  snprintf(both, sizeof both, "%s zzqqxxw", word);
  urlenc(both, enc, sizeof enc);
  snprintf(path, sizeof path, "/members/%lld?lang=en&q=%s", (long long)g_member, enc);
  CHECK_EQ_INT(GET(port, path, &r), 200);
  CHECK_EQ_INT(num_after(r.body, "Speeches found: "), 0);
  resp_free(&r);
}

/* The member page shows the constituency (in the reader's language), the
** contact details as links and the biography, escaped. */
static void test_member_profile(void) {
  char path[96], want[512];
  char *ar = q_str("SELECT t.label_ar FROM membership m JOIN post t ON t.id=m.post_id WHERE m.person_id=%lld AND m.organization_id=1",
                   (long long)g_member);
  char *en = q_str("SELECT t.label_en FROM membership m JOIN post t ON t.id=m.post_id WHERE m.person_id=%lld AND m.organization_id=1",
                   (long long)g_member);
  char *mail = q_str("SELECT value FROM person_contact WHERE person_id=%lld AND type='email'", (long long)g_member);
  char *bio_ar = q_str("SELECT biography_ar FROM person WHERE id=%lld", (long long)g_member);
  char *bio_en = q_str("SELECT biography_en FROM person WHERE id=%lld", (long long)g_member);
  CHECK(ar && en && mail && bio_ar && bio_en);
  CHECK(mail && strstr(mail, "@majlis.example"));
  CHECK(en && strstr(en, "constituency, ") && strstr(en, "Governorate"));
  CHECK(ar && strstr(ar, "الدائرة "));
  HttpResp r;
  snprintf(path, sizeof path, "/members/%lld?lang=en", (long long)g_member);
  CHECK_EQ_INT(get_lang(path, "en", &r), 200);
  snprintf(want, sizeof want, "<span class=\"constituency\">%s</span>", en ? en : "?");
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, ">%s</a>", mail ? mail : "?");
  CHECK_CONTAINS(r.body, want);
  CHECK_CONTAINS(r.body, "href=\"mailto:");
  CHECK_CONTAINS(r.body, "%40majlis.example\"");
  snprintf(want, sizeof want, "<p class=\"biography\" lang=\"en\" dir=\"auto\">%s</p>", bio_en ? bio_en : "?");
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  snprintf(path, sizeof path, "/members/%lld", (long long)g_member);
  CHECK_EQ_INT(get_lang(path, "ar", &r), 200);
  snprintf(want, sizeof want, "<span class=\"constituency\">%s</span>", ar ? ar : "?");
  CHECK_CONTAINS(r.body, want);
  snprintf(want, sizeof want, "<p class=\"biography\" lang=\"ar\" dir=\"auto\">%s</p>", bio_ar ? bio_ar : "?");
  CHECK_CONTAINS(r.body, want);
  CHECK_CONTAINS(r.body, "البريد الإلكتروني");
  resp_free(&r);
  /* the members list has the constituency column */
  CHECK_EQ_INT(get_lang("/members?lang=en", "en", &r), 200);
  CHECK_CONTAINS(r.body, "<th scope=\"col\">Constituency</th>");
  snprintf(want, sizeof want, "<td>%s</td>", en ? en : "?");
  CHECK_CONTAINS(r.body, want);
  resp_free(&r);
  free(ar);
  free(en);
  free(mail);
  free(bio_ar);
  free(bio_en);

  /* HTML in a biography and in contact values is escaped; only http(s)
  ** addresses become links */
  snprintf(path, sizeof path, "/members/%lld?lang=en", (long long)g_comma);
  CHECK_EQ_INT(get_lang(path, "en", &r), 200);
  CHECK_CONTAINS(r.body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;bio&quot;");
  CHECK(r.body && !strstr(r.body, "<script>alert(1)"));
  CHECK_CONTAINS(r.body, "<a class=\"website\" href=\"https://majlis.example/doe?a=1&amp;b=2\" rel=\"nofollow noopener\"");
  CHECK_CONTAINS(r.body, "href=\"tel:%2B973%2017000000\"");
  CHECK(r.body && !strstr(r.body, "href=\"javascript:"));
  CHECK_CONTAINS(r.body, "<span dir=\"auto\">javascript:alert(&quot;x&quot;)</span>");
  resp_free(&r);
}

static void add_fixtures(void) {
  g_member = q_int("SELECT m.person_id FROM membership m WHERE m.organization_id=1 AND m.role='member' AND "
                   "EXISTS (SELECT 1 FROM speech WHERE person_id=m.person_id AND kind='speech') AND "
                   "(SELECT count(*) FROM ballot WHERE person_id=m.person_id) > 3 ORDER BY m.person_id LIMIT 1");
  g_rollcall = q_int("SELECT min(id) FROM vote_event WHERE status='closed' AND method='roll_call'");
  int64_t bloc = q_int("SELECT min(id) FROM organization WHERE classification='bloc'");
  q_exec("INSERT INTO person(name_ar, name_en, name_az) VALUES('دو، \"الصغير\"', 'Doe, \"Jr\" <b>', 'Doe, \"Jr\" <b>')");
  g_comma = q_int("SELECT max(id) FROM person");
  q_exec("UPDATE person SET biography_ar='<script>alert(1)</script> & \"bio\"' WHERE id=%lld", (long long)g_comma);
  q_exec("INSERT INTO person_contact(person_id, type, value) VALUES(%lld, 'website', 'https://majlis.example/doe?a=1&b=2'), "
         "(%lld, 'phone', '+973 17000000'), (%lld, 'facebook', 'javascript:alert(\"x\")')",
         (long long)g_comma, (long long)g_comma, (long long)g_comma);
  q_exec("INSERT INTO membership(person_id, organization_id, role, on_behalf_of_id, start_date) VALUES(%lld, 1, 'member', %lld, '2023-12-12')",
         (long long)g_comma, (long long)bloc);
  q_exec("INSERT INTO membership(person_id, organization_id, role, start_date) VALUES(%lld, %lld, 'member', '2023-12-12')",
         (long long)g_comma, (long long)bloc);
  q_exec("INSERT INTO ballot(vote_event_id, person_id, option, cast_at) VALUES(%lld, %lld, 'yes', '2026-09-29T10:14:00')",
         (long long)g_rollcall, (long long)g_comma);
  q_exec("INSERT INTO attendance(sitting_id, person_id, status) VALUES(1, %lld, 'present')", (long long)g_comma);
  /* a closed secret vote; its ballot rows hold options on purpose */
  q_exec("INSERT INTO vote_event(sitting_id, title, method, status, result, opened_at, closed_at, yes_count, no_count, abstain_count) "
         "VALUES(1, 'SECRET-MOTION-X', 'secret', 'closed', 'pass', '2026-09-29T11:00:00', '2026-09-29T11:05:00', 2, 1, 0)");
  g_secret = q_int("SELECT max(id) FROM vote_event");
  int64_t other = q_int("SELECT min(person_id) FROM membership WHERE organization_id=1 AND person_id<>%lld", (long long)g_member);
  q_exec("INSERT INTO ballot(vote_event_id, person_id, option, cast_at) VALUES(%lld, %lld, 'no', '2026-09-29T11:01:00'), "
         "(%lld, %lld, 'yes', '2026-09-29T11:01:00'), (%lld, %lld, 'yes', '2026-09-29T11:01:00')",
         (long long)g_secret, (long long)g_member, (long long)g_secret, (long long)g_comma, (long long)g_secret, (long long)other);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  xmlInitParser();
  if (test_open_demo("portal")) return 1;
  add_fixtures();
  Server *srv;
  if (test_start_server(&srv, &port)) return 1;
  RUN(test_pages_languages);
  RUN(test_member_figures);
  RUN(test_secret_never_shown);
  RUN(test_vote_csv);
  RUN(test_feeds);
  RUN(test_sitemap);
  RUN(test_not_found);
  RUN(test_search_inside);
  RUN(test_member_profile);
  test_finish(srv);
  xmlCleanupParser();
  return DONE();
}
