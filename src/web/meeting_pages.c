/*
** meeting_pages.c: the eMeeting screens. The clerk's management page, the
** presiding officer's console, the member's tablet, the public live screen,
** the minutes, the iCalendar feed of a body and the agenda documents. Every
** rule lives in the domain (meeting.c): a POST handler reads its form, calls
** one domain function and answers 303 back to the screen it came from, or
** the error page. The screens render the whole state on the server, so they
** work without JavaScript; assets/js/live.js then keeps them current from
** the sitting's live events (sections marked data-live-refresh are fetched
** again and swapped; figures marked data-live are set from the event).
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "embed.h"
#include "event.h"
#include "parl.h"
#include "user.h"
#include "web_int.h"

/* ---- small helpers ---- */
static const char *pick(Req *r, const char *ar, const char *en, const char *az) {
  Names n = {ar, en, az};
  return parl_name(&n, i18n_code(r->lang));
}

static const char *col(Req *r, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(r->arena, (const char *)t) : NULL;
}
static const char *cols(Req *r, sqlite3_stmt *st, int i) {
  const char *s = col(r, st, i);
  return s ? s : "";
}

/* An optional whole number from the form: *out is 0 when absent or empty. */
static int form_num(Req *r, const char *name, long long lo, long long hi, long long *out) {
  const char *s = req_form(r, name);
  *out = 0;
  if (!s || !*s) return MJ_OK;
  if (mj_parse_int(s, lo, hi, out)) return mj_fail(MJ_EINVAL, "%s must be a whole number from %lld to %lld", name, lo, hi);
  return MJ_OK;
}

static const char *clock_text(Req *r, int secs) {
  int neg = secs < 0;
  if (neg) secs = -secs;
  return arena_printf(r->arena, "%s%d:%02d", neg ? "\xe2\x88\x92" : "", secs / 60, secs % 60);
}

static const char *item_status_label(Req *r, const char *st) {
  if (strcmp(st, "open") == 0) return T(r, "Under discussion");
  if (strcmp(st, "done") == 0) return T(r, "Dealt with");
  return T(r, "Pending");
}

static const char *request_kind_label(Req *r, const char *k) {
  if (strcmp(k, "point_of_order") == 0) return T(r, "Point of order");
  if (strcmp(k, "reply") == 0) return T(r, "Reply");
  return T(r, "Speech");
}

static const char *method_label(Req *r, const char *m) {
  if (strcmp(m, "secret") == 0) return T(r, "Secret ballot");
  if (strcmp(m, "show_of_hands") == 0) return T(r, "Show of hands");
  return T(r, "Roll call");
}

static const char *option_label(Req *r, const char *o) {
  if (strcmp(o, "yes") == 0) return T(r, "Yes");
  if (strcmp(o, "no") == 0) return T(r, "No");
  return T(r, "Abstain");
}

static const char *rule_label(Req *r, const char *rule, int num, int den, const char *base) {
  if (strcmp(rule, "absolute") == 0) return T(r, "Absolute majority");
  if (strcmp(rule, "two_thirds") == 0) return T(r, "Two-thirds majority");
  if (strcmp(rule, "custom") == 0) {
    const char *b = strcmp(base, "present") == 0   ? T(r, "of the members present")
                    : strcmp(base, "members") == 0 ? T(r, "of all members")
                                                   : T(r, "of the votes cast");
    return arena_printf(r->arena, "%s: %d/%d %s", T(r, "Custom majority"), num, den, b);
  }
  return T(r, "Simple majority");
}

static const char *mime_label(const char *m) {
  if (strcmp(m, "application/pdf") == 0) return "PDF";
  if (strcmp(m, "text/plain") == 0) return "TXT";
  if (strcmp(m, "text/markdown") == 0) return "MD";
  if (strcmp(m, "image/png") == 0) return "PNG";
  if (strcmp(m, "image/jpeg") == 0) return "JPEG";
  return "DOCX";
}

static const char *mime_ext(const char *m) {
  if (strcmp(m, "application/pdf") == 0) return "pdf";
  if (strcmp(m, "text/plain") == 0) return "txt";
  if (strcmp(m, "text/markdown") == 0) return "md";
  if (strcmp(m, "image/png") == 0) return "png";
  if (strcmp(m, "image/jpeg") == 0) return "jpg";
  if (strcmp(m, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") == 0) return "docx";
  return "bin";
}

static const char *size_label(Req *r, long long n) {
  if (n < 1024) return arena_printf(r->arena, "%lld B", n);
  if (n < 1024 * 1024) return arena_printf(r->arena, "%lld KB", (n + 1023) / 1024);
  return arena_printf(r->arena, "%lld.%lld MB", n / (1024 * 1024), (n % (1024 * 1024)) * 10 / (1024 * 1024));
}

/* "HH:MM UTC" of an ISO time "YYYY-MM-DDTHH:MM:SSZ", or the text itself. */
static const char *hhmm(Req *r, const char *iso) {
  if (!iso || strlen(iso) < 16 || iso[10] != 'T') return iso ? iso : "";
  return arena_printf(r->arena, "%.5s UTC", iso + 11);
}
/* "YYYY-MM-DD HH:MM UTC" of an ISO time, or the text itself. */
static const char *stamp_text(Req *r, const char *iso) {
  if (!iso || strlen(iso) < 16 || iso[10] != 'T') return iso ? iso : "";
  return arena_printf(r->arena, "%.10s %.5s UTC", iso, iso + 11);
}

/* ---- the sitting ---- */
typedef struct Sit {
  int64_t id, body_id, current_item;
  int number, allow_proxy;
  const char *date, *time, *place, *status, *body;
} Sit;

static int sit_load(Req *r, int64_t id, Sit *s) {
  memset(s, 0, sizeof *s);
  sqlite3_stmt *st = db_stmt(r->db, "SELECT s.id, s.body_id, s.number, s.date, coalesce(s.start_time,''), "
                                    "coalesce(s.place,''), s.status, coalesce(s.current_item_id,0), o.name_ar, o.name_en, "
                                    "o.name_az, o.allow_proxy FROM sitting s JOIN organization o ON o.id=s.body_id WHERE s.id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int rc = MJ_ENOTFOUND;
  if (sqlite3_step(st) == SQLITE_ROW) {
    s->id = sqlite3_column_int64(st, 0);
    s->body_id = sqlite3_column_int64(st, 1);
    s->number = sqlite3_column_int(st, 2);
    s->date = cols(r, st, 3);
    s->time = cols(r, st, 4);
    s->place = cols(r, st, 5);
    s->status = cols(r, st, 6);
    s->current_item = sqlite3_column_int64(st, 7);
    s->body = pick(r, cols(r, st, 8), col(r, st, 9), col(r, st, 10));
    s->allow_proxy = sqlite3_column_int(st, 11);
    rc = MJ_OK;
  }
  db_done(st);
  if (rc == MJ_ENOTFOUND) return mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)id);
  return rc;
}

/* The sitting named by the first path segment; replies and returns 0 when
** there is none. */
static int sit_from_path(Req *r, Sit *s) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return 0;
  int rc = sit_load(r, id, s);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return 0;
  }
  return 1;
}

static int is_open(const Sit *s) { return strcmp(s->status, "open") == 0; }
static int is_closed(const Sit *s) { return strcmp(s->status, "closed") == 0; }

typedef struct Item {
  int64_t id, parent;
  int position;
  const char *kind, *title, *status;
} Item;

static void items_load(Req *r, int64_t sitting, Item **out, int *n) {
  *n = 0;
  *out = arena_alloc(r->arena, sizeof **out * 500);
  sqlite3_stmt *st = db_stmt(r->db, "SELECT id, coalesce(parent_id,0), position, kind, title, status FROM agenda_item "
                                    "WHERE sitting_id=?1 ORDER BY position LIMIT 500");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sitting);
  while (*n < 500 && sqlite3_step(st) == SQLITE_ROW) {
    Item *it = &(*out)[(*n)++];
    it->id = sqlite3_column_int64(st, 0);
    it->parent = sqlite3_column_int64(st, 1);
    it->position = sqlite3_column_int(st, 2);
    it->kind = cols(r, st, 3);
    it->title = cols(r, st, 4);
    it->status = cols(r, st, 5);
  }
  db_done(st);
}

static const Item *item_find(const Item *items, int n, int64_t id) {
  for (int i = 0; i < n; i++)
    if (items[i].id == id) return &items[i];
  return NULL;
}

typedef struct Member {
  int64_t id;
  const char *name, *group;
  const char *att; /* "present", "left", "excused", "absent" or "none" */
  const char *since;
} Member;

/* The body's members on the sitting's date, with their party or bloc and
** their attendance at the sitting. */
static void members_load(Req *r, const Sit *s, Member **out, int *n) {
  *n = 0;
  *out = arena_alloc(r->arena, sizeof **out * 1000);
  sqlite3_stmt *st = db_stmt(r->db,
      "SELECT p.id, p.name_ar, p.name_en, p.name_az, g.name_ar, g.name_en, g.name_az, coalesce(a.status,''), "
      "coalesce(a.checked_out,''), coalesce(a.checked_in,'') FROM "
      "(SELECT DISTINCT m.person_id AS pid, (SELECT o.id FROM membership gm JOIN organization o ON o.id=gm.organization_id "
      "  WHERE gm.person_id=m.person_id AND o.classification IN ('party','bloc') AND gm.start_date<=?3 "
      "  AND (gm.end_date IS NULL OR gm.end_date>=?3) ORDER BY gm.start_date DESC LIMIT 1) AS gid "
      " FROM membership m WHERE m.organization_id=?2 AND m.start_date<=?3 AND (m.end_date IS NULL OR m.end_date>=?3)) x "
      "JOIN person p ON p.id=x.pid LEFT JOIN organization g ON g.id=x.gid "
      "LEFT JOIN attendance a ON a.sitting_id=?1 AND a.person_id=p.id ORDER BY p.name_ar LIMIT 1000");
  if (!st) return;
  sqlite3_bind_int64(st, 1, s->id);
  sqlite3_bind_int64(st, 2, s->body_id);
  sqlite3_bind_text(st, 3, s->date, -1, SQLITE_TRANSIENT);
  while (*n < 1000 && sqlite3_step(st) == SQLITE_ROW) {
    Member *m = &(*out)[(*n)++];
    m->id = sqlite3_column_int64(st, 0);
    m->name = pick(r, cols(r, st, 1), col(r, st, 2), col(r, st, 3));
    m->group = sqlite3_column_text(st, 4) ? pick(r, cols(r, st, 4), col(r, st, 5), col(r, st, 6)) : "";
    const char *a = cols(r, st, 7), *out_at = cols(r, st, 8);
    m->att = !*a                                          ? "none"
             : strcmp(a, "present") == 0 && *out_at       ? "left"
             : strcmp(a, "present") == 0                  ? "present"
             : strcmp(a, "excused") == 0                  ? "excused"
                                                          : "absent";
    m->since = strcmp(m->att, "left") == 0 ? out_at : cols(r, st, 9);
  }
  db_done(st);
}

static const char *att_label(Req *r, const char *att) {
  if (strcmp(att, "present") == 0) return T(r, "Present");
  if (strcmp(att, "left") == 0) return T(r, "Checked out");
  if (strcmp(att, "excused") == 0) return T(r, "Absent with excuse");
  if (strcmp(att, "absent") == 0) return T(r, "Absent without excuse");
  return T(r, "Not recorded");
}

typedef struct OpenVote {
  int64_t id, item;
  const char *title, *method, *rule, *base;
  int num, den, allow_change, ballots;
} OpenVote;

static int open_vote(Req *r, int64_t sitting, OpenVote *v) {
  memset(v, 0, sizeof *v);
  sqlite3_stmt *st = db_stmt(r->db, "SELECT v.id, v.title, v.method, v.rule, coalesce(v.custom_num,0), "
                                    "coalesce(v.custom_den,0), coalesce(v.custom_base,''), v.allow_change, "
                                    "coalesce(v.agenda_item_id,0), (SELECT count(*) FROM ballot b WHERE b.vote_event_id=v.id) "
                                    "FROM vote_event v WHERE v.sitting_id=?1 AND v.status='open' ORDER BY v.id DESC LIMIT 1");
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, sitting);
  if (sqlite3_step(st) == SQLITE_ROW) {
    v->id = sqlite3_column_int64(st, 0);
    v->title = cols(r, st, 1);
    v->method = cols(r, st, 2);
    v->rule = cols(r, st, 3);
    v->num = sqlite3_column_int(st, 4);
    v->den = sqlite3_column_int(st, 5);
    v->base = cols(r, st, 6);
    v->allow_change = sqlite3_column_int(st, 7);
    v->item = sqlite3_column_int64(st, 8);
    v->ballots = sqlite3_column_int(st, 9);
  }
  db_done(st);
  return v->id != 0;
}

/* The script of the live screens, with the embedded file's content hash as
** its version (as page.c does for majlis.js). */
static void live_script(Req *r) {
  const EmbedFile *f = embed_find(embed_assets, "js/live.js");
  char v[17] = "0";
  if (f) {
    size_t n = strlen(f->etag);
    if (n >= 2) {
      size_t k = n - 2 < 16 ? n - 2 : 16;
      memcpy(v, f->etag + 1, k);
      v[k] = 0;
    }
  }
  html_printf(&r->out, "<script nonce=\"%s\" src=\"/static/js/live.js?v=%s\" defer></script>\n", r->nonce, v);
}

/* A section of a screen. `refresh`: the live events after which live.js
** fetches the screen again and swaps this section ("" for none; every
** section is swapped after a form sent from the screen). */
static void section_open(Req *r, const char *id, const char *cls, const char *refresh, const char *heading) {
  html_printf(&r->out,
              "<section id=\"%s\" class=\"panel %s\" tabindex=\"-1\" aria-labelledby=\"%s-h\" data-live-refresh=\"%s\">"
              "<h2 id=\"%s-h\">%s</h2>\n",
              id, cls, id, refresh, id, heading);
}
static void section_close(Req *r) { html_printf(&r->out, "</section>\n"); }

#define SITTING_EVENTS "sitting.opened sitting.suspended sitting.resumed sitting.closed"

/* The head of every eMeeting screen: the root element live.js works from
** (with the strings it announces, in the page's language), the title, the
** sitting's state, links between the screens, the connection status and
** the live regions. live: 0 for a screen without live updates. */
static void screen_begin(Req *r, const Sit *s, const char *role, const char *screen, int live) {
  const char *heading = arena_printf(r->arena, "%s %d · %s", T(r, "Sitting"), s->number, s->body);
  page_begin(r, arena_printf(r->arena, "%s · %s", screen, heading), heading);
  Buf *b = &r->out;
  html_printf(b, "<div class=\"meeting meeting-%s\" id=\"live-root\" data-live-role=\"%s\"", role, role);
  if (live)
    html_printf(b, " data-live-sitting=\"%L\" data-live-since=\"%L\" data-live-now=\"%L\" data-live-lang=\"%s\" data-live-person=\"%L\"",
                (long long)s->id, (long long)event_last_id(r->db), (long long)mj_now_ms(), i18n_code(r->lang),
                (long long)r->who.person_id);
  html_printf(b,
              " data-msg-connecting=\"%s\" data-msg-live=\"%s\" data-msg-lost=\"%s\" data-msg-back=\"%s\""
              " data-msg-opened=\"%s\" data-msg-suspended=\"%s\" data-msg-resumed=\"%s\" data-msg-closed=\"%s\""
              " data-msg-item=\"%s\" data-msg-speaking=\"%s\" data-msg-floor-free=\"%s\" data-msg-vote-open=\"%s\""
              " data-msg-vote-closed=\"%s\" data-msg-passed=\"%s\" data-msg-failed=\"%s\" data-msg-yes=\"%s\""
              " data-msg-no=\"%s\" data-msg-abstain=\"%s\" data-msg-quorum-met=\"%s\" data-msg-no-quorum=\"%s\""
              " data-msg-agenda=\"%s\" data-msg-speakers=\"%s\" data-msg-document=\"%s\" data-msg-checked-in=\"%s\""
              " data-msg-checked-out=\"%s\" data-msg-present=\"%s\" data-msg-result=\"%s\""
              " data-msg-failed-send=\"%s\">\n",
              T(r, "Connecting to live updates…"), T(r, "Live"), T(r, "Connection lost; reconnecting…"),
              T(r, "Reconnected; the screen is up to date."), T(r, "The sitting is open."), T(r, "The sitting is suspended."),
              T(r, "The sitting has resumed."), T(r, "The sitting is closed."), T(r, "Now on the agenda:"),
              T(r, "Now speaking:"), T(r, "The floor is free."), T(r, "A vote is open:"), T(r, "Vote closed:"),
              T(r, "Passed"), T(r, "Not passed"), T(r, "Yes"), T(r, "No"), T(r, "Abstain"), T(r, "Quorum met"),
              T(r, "No quorum"), T(r, "The agenda has changed."), T(r, "The speakers' list has changed."),
              T(r, "New document:"), T(r, "You are checked in."), T(r, "You have checked out."), T(r, "Present"),
              T(r, "Last vote result"), T(r, "Could not send; check the connection and try again."));
  html_printf(b, "<header class=\"meeting-head\"><div class=\"titles\"><p class=\"screen-name\">%s</p><h1>%s</h1>\n", screen,
              heading);
  html_printf(b,
              "<p id=\"state\" class=\"state\" tabindex=\"-1\" data-live-refresh=\"%s\"><span class=\"badge status-%s\">%s</span> "
              "<time datetime=\"%s\">%s</time>%R%s%R<bdi>%s</bdi></p></div>\n",
              SITTING_EVENTS, s->status, web_status_label(r, s->status), s->date, s->date, *s->time ? " · " : "", s->time,
              *s->place ? " · " : "", s->place);
  if (live)
    html_printf(b, "<p class=\"conn\" id=\"live-conn\" data-state=\"connecting\" hidden><span class=\"dot\" aria-hidden=\"true\"></span>"
                "<span class=\"conn-text\">%s</span></p>\n",
                T(r, "Connecting to live updates…"));
  html_printf(b, "<nav class=\"screens\" aria-label=\"%s\"><ul><li><a href=\"/sittings/%L\">%s</a></li>", T(r, "Screens of this sitting"),
              (long long)s->id, T(r, "Public page"));
  unsigned caps = r->who.actor.caps;
  if (caps & CAP_SITTING_PREPARE)
    html_printf(b, "<li><a href=\"/sittings/%L/manage\"%R>%s</a></li>", (long long)s->id,
                strcmp(role, "manage") == 0 ? " aria-current=\"page\"" : "", T(r, "Prepare the sitting"));
  if (caps & CAP_SITTING_PRESIDE)
    html_printf(b, "<li><a href=\"/sittings/%L/console\"%R>%s</a></li>", (long long)s->id,
                strcmp(role, "console") == 0 ? " aria-current=\"page\"" : "", T(r, "Presiding console"));
  if (r->who.person_id || strcmp(role, "tablet") == 0)
    html_printf(b, "<li><a href=\"/sittings/%L/tablet\"%R>%s</a></li>", (long long)s->id,
                strcmp(role, "tablet") == 0 ? " aria-current=\"page\"" : "", T(r, "Member's tablet"));
  html_printf(b, "<li><a href=\"/sittings/%L/live\"%R>%s</a></li><li><a href=\"/sittings/%L/minutes\"%R>%s</a></li>"
              "<li><a href=\"/bodies/%L/calendar.ics\">%s</a></li></ul></nav>\n",
              (long long)s->id, strcmp(role, "screen") == 0 ? " aria-current=\"page\"" : "", T(r, "Live screen"),
              (long long)s->id, strcmp(role, "minutes") == 0 ? " aria-current=\"page\"" : "", T(r, "Minutes"),
              (long long)s->body_id, T(r, "Calendar (iCalendar)"));
  html_printf(b, "</header>\n");
  if (live)
    html_printf(b, "<p id=\"live-last\" class=\"announce\" hidden></p>"
                "<p id=\"live-polite\" class=\"vh\" role=\"status\" aria-live=\"polite\"></p>"
                "<p id=\"live-assertive\" class=\"vh\" role=\"alert\" aria-live=\"assertive\"></p>"
                "<p id=\"live-error\" class=\"error-msg\" role=\"alert\" hidden></p>\n");
}

static void screen_end(Req *r, int live) {
  html_printf(&r->out, "</div>\n");
  if (live) live_script(r);
  page_end(r);
}

/* ---- blocks shared by the screens ---- */
static void quorum_section(Req *r, const Sit *s) {
  Quorum q;
  if (meeting_quorum(r->db, s->id, &q)) memset(&q, 0, sizeof q);
  section_open(r, "quorum", "quorum", "sitting.closed", T(r, "Quorum"));
  html_printf(&r->out,
              "<p class=\"q-figures\"><span class=\"q-big\"><span data-live=\"present\">%d</span> / "
              "<span data-live=\"members\">%d</span></span> <span class=\"q-label\">%s</span></p>"
              "<p class=\"q-needed\">%s: <span data-live=\"needed\">%d</span></p>"
              "<p class=\"q-state %R\" data-live=\"quorum-met\">%s</p>\n",
              q.present, q.members, T(r, "members present"), T(r, "Needed for quorum"), q.needed,
              q.met ? "q-met" : "q-not", q.met ? T(r, "Quorum met") : T(r, "No quorum"));
  section_close(r);
}

static void result_section(Req *r, const Sit *s) {
  int64_t vid = db_int(r->db, "SELECT id FROM vote_event WHERE sitting_id=?1 AND status='closed' "
                              "ORDER BY closed_at DESC, id DESC LIMIT 1", 1, s->id, 0);
  section_open(r, "last-result", "result", "vote.closed", T(r, "Last vote result"));
  VoteResult v;
  if (!vid || meeting_vote_result(r->db, r->arena, vid, &v) || !v.result) {
    html_printf(&r->out, "<p class=\"empty\">%s</p>\n", T(r, "No vote has been closed in this sitting yet."));
  } else {
    int pass = strcmp(v.result, "pass") == 0;
    html_printf(&r->out,
                "<p class=\"vote-title\" dir=\"auto\">%s</p><p class=\"verdict %R\">%s</p>"
                "<dl class=\"counts\"><div class=\"c-yes\"><dt>%s</dt><dd>%d</dd></div>"
                "<div class=\"c-no\"><dt>%s</dt><dd>%d</dd></div><div class=\"c-abstain\"><dt>%s</dt><dd>%d</dd></div></dl>"
                "<p class=\"meta\">%s: %d / %d · %s</p>\n",
                v.title, pass ? "result-pass" : "result-fail", pass ? T(r, "Passed") : T(r, "Not passed"), T(r, "Yes"),
                v.yes, T(r, "No"), v.no, T(r, "Abstain"), v.abstain, T(r, "Present"), v.present, v.members,
                v.quorum_met ? T(r, "Quorum met") : T(r, "No quorum"));
  }
  section_close(r);
}

/* The agenda item documents, newest version first, older ones linked. */
static void item_docs(Req *r, int64_t item) {
  sqlite3_stmt *st = db_stmt(r->db, "SELECT d.id, d.title, v.id, v.version, v.mime, v.pages, v.bytes FROM document d "
                                    "JOIN document_version v ON v.document_id=d.id WHERE d.agenda_item_id=?1 "
                                    "ORDER BY d.title, d.id, v.version DESC LIMIT 500");
  if (!st) return;
  sqlite3_bind_int64(st, 1, item);
  Buf *b = &r->out;
  int64_t cur = 0;
  int older = 0, any = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t did = sqlite3_column_int64(st, 0), vid = sqlite3_column_int64(st, 2);
    int ver = sqlite3_column_int(st, 3);
    if (did != cur) {
      if (older) html_printf(b, "</span>");
      html_printf(b, "%R", !any ? "<ul class=\"docs\">" : "</li>");
      any = 1;
      older = 0;
      cur = did;
      const char *title = cols(r, st, 1), *mime = cols(r, st, 4);
      html_printf(b,
                  "<li><a href=\"/documents/%L/%d\" download dir=\"auto\">%s</a> <span class=\"meta\">%s %d · %s: %d · %s · %s</span>",
                  (long long)vid, ver, title, T(r, "Version"), ver, T(r, "Pages"), sqlite3_column_int(st, 5), mime_label(mime),
                  size_label(r, sqlite3_column_int64(st, 6)));
    } else {
      if (!older) html_printf(b, " <span class=\"older\">%s:", T(r, "Earlier versions"));
      older = 1;
      html_printf(b, " <a href=\"/documents/%L/%d\" download>%d</a>", (long long)vid, ver, ver);
    }
  }
  db_done(st);
  if (older) html_printf(b, "</span>");
  if (any) html_printf(b, "</li></ul>\n");
}

/* The one speaking now on the sitting's current item: name, group and the
** countdown (live.js ticks it every second from started_ms). */
static void speaking_now(Req *r, const Sit *s, SpeakerRow *rows, int n) {
  Buf *b = &r->out;
  const SpeakerRow *sp = NULL;
  for (int i = 0; i < n; i++)
    if (strcmp(rows[i].status, "speaking") == 0) sp = &rows[i];
  (void)s;
  if (!sp) {
    html_printf(b, "<p class=\"speaker-name empty\" data-live=\"speaker-name\" dir=\"auto\">%s</p>"
                "<p class=\"timer-line\"><span class=\"timer\" role=\"timer\" dir=\"ltr\" aria-label=\"%s\" "
                "data-timer-start=\"0\" data-timer-limit=\"0\" hidden></span></p>\n",
                T(r, "The floor is free."), T(r, "Speaking time left"));
    return;
  }
  int left = sp->seconds_limit - (int)((mj_now_ms() - sp->started_ms) / 1000);
  if (mj_now_ms() < sp->started_ms) left = sp->seconds_limit;
  html_printf(b, "<p class=\"speaker-name\" data-live=\"speaker-name\" dir=\"auto\">%s</p>", pick(r, sp->name_ar, sp->name_en, NULL));
  if (sp->group_ar || strcmp(sp->kind, "speech") != 0)
    html_printf(b, "<p class=\"speaker-group\">%s%R%s</p>", sp->group_ar ? pick(r, sp->group_ar, sp->group_en, NULL) : "",
                sp->group_ar && strcmp(sp->kind, "speech") != 0 ? " · " : "",
                strcmp(sp->kind, "speech") != 0 ? request_kind_label(r, sp->kind) : "");
  html_printf(b, "<p class=\"timer-line\"><span class=\"timer%R\" role=\"timer\" dir=\"ltr\" aria-label=\"%s\" "
              "data-timer-start=\"%L\" data-timer-limit=\"%d\">%s</span></p>\n",
              left < 0 ? " over" : "", T(r, "Speaking time left"), (long long)sp->started_ms, sp->seconds_limit,
              clock_text(r, left));
}

/* ---- the clerk's management page ---- */
static void agenda_manage(Req *r, const Sit *s, const Item *items, int n) {
  Buf *b = &r->out;
  section_open(r, "agenda", "agenda", "agenda.changed item.opened document.added sitting.closed", T(r, "Agenda"));
  if (!n) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "The agenda is empty."));
  else html_printf(b, "<ol class=\"agenda-items\">\n");
  for (int i = 0; i < n; i++) {
    const Item *it = &items[i];
    html_printf(b,
                "<li id=\"item-%L\" class=\"item item-%s%R\"%R><div class=\"item-head\"><span class=\"kind\">%s</span> "
                "<span class=\"item-title\" dir=\"auto\">%s</span> <span class=\"badge item-status\">%s</span></div>",
                (long long)it->id, it->status, it->parent ? " sub" : "", strcmp(it->status, "open") == 0 ? " aria-current=\"true\"" : "",
                web_kind_label(r, it->kind), it->title, item_status_label(r, it->status));
    item_docs(r, it->id);
    html_printf(b, "</li>\n");
  }
  if (n) html_printf(b, "</ol>\n");
  html_printf(b, "<p class=\"help\">%s <code dir=\"ltr\">POST /api/v1/items/{id}/documents</code></p>\n",
              T(r, "Documents are attached to an item through the API:"));
  section_close(r);

  section_open(r, "agenda-add", "agenda-add", "agenda.changed sitting.closed", T(r, "Add an agenda item"));
  if (is_closed(s)) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "The sitting is closed; its agenda cannot change."));
  } else {
    html_printf(b, "<form method=\"post\" action=\"/sittings/%L/items\" class=\"stack\">", (long long)s->id);
    page_form_hidden(r, arena_printf(r->arena, "/sittings/%lld/manage", (long long)s->id));
    html_printf(b,
                "<label for=\"ai-kind\">%s</label><select id=\"ai-kind\" name=\"kind\">"
                "<option value=\"report\">%s</option><option value=\"bill\">%s</option><option value=\"question\">%s</option>"
                "<option value=\"motion\">%s</option><option value=\"other\">%s</option></select>"
                "<label for=\"ai-title\">%s</label><textarea id=\"ai-title\" name=\"title\" rows=\"2\" required maxlength=\"2000\" "
                "dir=\"auto\"></textarea><label for=\"ai-parent\">%s</label><select id=\"ai-parent\" name=\"parent\">"
                "<option value=\"\">%s</option>",
                T(r, "Kind"), T(r, "Report"), T(r, "Bill"), T(r, "Question"), T(r, "Motion"), T(r, "Other business"),
                T(r, "Title"), T(r, "Under the item"), T(r, "None (a main item)"));
    for (int i = 0; i < n; i++)
      html_printf(b, "<option value=\"%L\">%d. %s</option>", (long long)items[i].id, items[i].position, items[i].title);
    html_printf(b, "</select><button type=\"submit\" id=\"ai-submit\">%s</button></form>\n", T(r, "Add to the agenda"));
  }
  section_close(r);
}

static void attendance_manage(Req *r, const Sit *s) {
  Buf *b = &r->out;
  Member *m;
  int n;
  members_load(r, s, &m, &n);
  section_open(r, "attendance", "attendance", "attendance sitting.closed", T(r, "Attendance"));
  int cnt[5] = {0};
  static const char *keys[5] = {"present", "left", "excused", "absent", "none"};
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 5; k++)
      if (strcmp(m[i].att, keys[k]) == 0) cnt[k]++;
  html_printf(b, "<p class=\"att-summary\">%s: %d · %s: %d · %s: %d · %s: %d · %s: %d</p>\n", T(r, "Present"), cnt[0],
              T(r, "Checked out"), cnt[1], T(r, "Excused"), cnt[2], T(r, "Absent"), cnt[3], T(r, "Not recorded"), cnt[4]);
  if (!n) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "This body has no members on the sitting's date."));
    section_close(r);
    return;
  }
  html_printf(b, "<table class=\"list attendance\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
              "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
              T(r, "Member"), T(r, "Party or bloc"), T(r, "Status"), T(r, "Record"));
  const char *back = arena_printf(r->arena, "/sittings/%lld/manage", (long long)s->id);
  for (int i = 0; i < n; i++) {
    const Member *p = &m[i];
    html_printf(b, "<tr id=\"att-%L\" class=\"att-%s\"><th scope=\"row\" id=\"att-%L-name\">%s</th><td>%s</td>"
                "<td class=\"att-status\">%s</td><td>",
                (long long)p->id, p->att, (long long)p->id, p->name, p->group, att_label(r, p->att));
    if (!is_closed(s)) {
      html_printf(b, "<form method=\"post\" action=\"/sittings/%L/attendance\" class=\"row-actions\">", (long long)s->id);
      page_form_hidden(r, back);
      html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%L\">", (long long)p->id);
      int present = strcmp(p->att, "present") == 0;
      if (!present)
        html_printf(b, "<button type=\"submit\" name=\"status\" value=\"present\" id=\"att-%L-present\" class=\"act-in\" "
                    "aria-describedby=\"att-%L-name\">%s</button>",
                    (long long)p->id, (long long)p->id, T(r, "Check in"));
      else
        html_printf(b, "<button type=\"submit\" name=\"status\" value=\"left\" id=\"att-%L-left\" class=\"act-out\" "
                    "aria-describedby=\"att-%L-name\">%s</button>",
                    (long long)p->id, (long long)p->id, T(r, "Check out"));
      if (strcmp(p->att, "excused") != 0)
        html_printf(b, "<button type=\"submit\" name=\"status\" value=\"excused\" id=\"att-%L-excused\" class=\"secondary\" "
                    "aria-describedby=\"att-%L-name\">%s</button>",
                    (long long)p->id, (long long)p->id, T(r, "Mark as excused"));
      if (strcmp(p->att, "absent") != 0)
        html_printf(b, "<button type=\"submit\" name=\"status\" value=\"absent\" id=\"att-%L-absent\" class=\"secondary\" "
                    "aria-describedby=\"att-%L-name\">%s</button>",
                    (long long)p->id, (long long)p->id, T(r, "Mark as absent"));
      html_printf(b, "</form>");
    }
    html_printf(b, "</td></tr>\n");
  }
  html_printf(b, "</tbody></table>\n");
  section_close(r);
}

static void proxies_manage(Req *r, const Sit *s) {
  Buf *b = &r->out;
  section_open(r, "proxies", "proxies", "", T(r, "Proxies"));
  if (!s->allow_proxy) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "This body's rules do not allow proxy votes."));
    section_close(r);
    return;
  }
  sqlite3_stmt *st = db_stmt(r->db, "SELECT g.name_ar, g.name_en, g.name_az, h.name_ar, h.name_en, h.name_az FROM proxy x "
                                    "JOIN person g ON g.id=x.grantor_id JOIN person h ON h.id=x.holder_id "
                                    "WHERE x.sitting_id=?1 ORDER BY x.id LIMIT 500");
  int any = 0;
  if (st) {
    sqlite3_bind_int64(st, 1, s->id);
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (!any) html_printf(b, "<ul class=\"proxies\">");
      any = 1;
      html_printf(b, "<li>%s → %s</li>", pick(r, cols(r, st, 0), col(r, st, 1), col(r, st, 2)),
                  pick(r, cols(r, st, 3), col(r, st, 4), col(r, st, 5)));
    }
    db_done(st);
  }
  if (any) html_printf(b, "</ul>\n");
  else html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No proxy has been recorded for this sitting."));
  html_printf(b, "<p class=\"help\">%s <code dir=\"ltr\">POST /api/v1/sittings/%L/proxies</code> · <a href=\"/api/v1/openapi.json\">%s</a></p>\n",
              T(r, "Proxies are recorded through the API:"), (long long)s->id, T(r, "Open API"));
  section_close(r);
}

static void minutes_form(Req *r, const Sit *s) {
  Buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"/sittings/%L/minutes\" class=\"inline\" data-live-nav>", (long long)s->id);
  page_form_hidden(r, arena_printf(r->arena, "/sittings/%lld/minutes", (long long)s->id));
  html_printf(b, "<label for=\"mg-lang\">%s</label><select id=\"mg-lang\" name=\"lang\"><option value=\"ar\"%R>%s</option>"
              "<option value=\"en\"%R>%s</option></select><button type=\"submit\" id=\"mg-submit\">%s</button></form>\n",
              T(r, "Language of the minutes"), r->lang == LANG_EN ? "" : " selected", "العربية",
              r->lang == LANG_EN ? " selected" : "", "English", T(r, "Generate minutes"));
}

static void new_sitting_form(Req *r, const Sit *s) {
  Buf *b = &r->out;
  section_open(r, "new-sitting", "new-sitting", "", T(r, "Schedule a sitting"));
  html_printf(b, "<form method=\"post\" action=\"/sittings/new\" class=\"stack\" data-live-nav>");
  page_csrf_field(r);
  html_printf(b, "<label for=\"ns-body\">%s</label><select id=\"ns-body\" name=\"body\">", T(r, "Body"));
  sqlite3_stmt *st = db_stmt(r->db, "SELECT id, name_ar, name_en, name_az FROM organization "
                                    "WHERE classification IN ('chamber','committee') ORDER BY classification<>'chamber', name_ar LIMIT 200");
  if (st) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      int64_t id = sqlite3_column_int64(st, 0);
      html_printf(b, "<option value=\"%L\"%R>%s</option>", (long long)id, id == s->body_id ? " selected" : "",
                  pick(r, cols(r, st, 1), col(r, st, 2), col(r, st, 3)));
    }
    db_done(st);
  }
  html_printf(b,
              "</select><label for=\"ns-date\">%s</label><input id=\"ns-date\" name=\"date\" type=\"date\" required dir=\"ltr\">"
              "<label for=\"ns-time\">%s</label><input id=\"ns-time\" name=\"time\" type=\"time\" dir=\"ltr\" value=\"%s\">"
              "<label for=\"ns-place\">%s</label><input id=\"ns-place\" name=\"place\" maxlength=\"300\" dir=\"auto\" value=\"%s\">"
              "<button type=\"submit\" id=\"ns-submit\">%s</button></form>\n",
              T(r, "Date"), T(r, "Start time"), s->time, T(r, "Place"), s->place, T(r, "Schedule the sitting"));
  section_close(r);
}

void page_sitting_manage(Req *r) {
  Sit s;
  if (!sit_from_path(r, &s)) return;
  Item *items;
  int n;
  items_load(r, s.id, &items, &n);
  screen_begin(r, &s, "manage", T(r, "Sitting management"), 1);
  Buf *b = &r->out;
  html_printf(b, "<div class=\"cols\">\n<div class=\"col-main\">\n");
  agenda_manage(r, &s, items, n);
  attendance_manage(r, &s);
  html_printf(b, "</div>\n<div class=\"col-side\">\n");
  quorum_section(r, &s);
  section_open(r, "minutes-box", "minutes-box", "", T(r, "Minutes"));
  html_printf(b, "<p><a href=\"/sittings/%L/minutes\">%s</a></p>\n", (long long)s.id, T(r, "Minutes of this sitting"));
  minutes_form(r, &s);
  section_close(r);
  proxies_manage(r, &s);
  new_sitting_form(r, &s);
  html_printf(b, "</div>\n</div>\n");
  screen_end(r, 1);
}

void page_sitting_create(Req *r) {
  long long body, number;
  const char *bs = req_form(r, "body");
  if (!bs || mj_parse_int(bs, 1, INT64_MAX, &body)) {
    reply_error(r, MJ_EINVAL, "choose the body that sits (a chamber or a committee)");
    return;
  }
  int rc = form_num(r, "number", 1, 100000, &number);
  int64_t id = 0;
  if (!rc) {
    SittingInput in = {.body_id = body, .number = (int)number, .date = req_form(r, "date"),
                       .start_time = req_form(r, "time"), .place = req_form(r, "place")};
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_sitting_create(r->db, &m, &in, &id);
  }
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, arena_printf(r->arena, "/sittings/%lld/manage", (long long)id));
}

void page_item_add(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  long long parent;
  int rc = form_num(r, "parent", 1, INT64_MAX, &parent);
  if (!rc) {
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_item_add(r->db, &m, sitting, parent, req_form(r, "kind"), req_form(r, "title"), NULL);
  }
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/manage", (long long)sitting));
}

void page_attendance(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  long long person;
  int rc = form_num(r, "person", 1, INT64_MAX, &person);
  if (!rc && !person) person = r->who.person_id;
  if (!rc && !person) rc = mj_fail(MJ_EINVAL, "say whose attendance this is (person)");
  if (!rc) {
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_attendance(r->db, &m, sitting, person, req_form(r, "status"));
  }
  const char *dflt = (r->who.actor.caps & CAP_SITTING_PREPARE) && person != r->who.person_id
                         ? arena_printf(r->arena, "/sittings/%lld/manage", (long long)sitting)
                         : arena_printf(r->arena, "/sittings/%lld/tablet", (long long)sitting);
  page_finish_post(r, rc, dflt);
}

/* ---- the presiding console ---- */
static void controls_section(Req *r, const Sit *s) {
  Buf *b = &r->out;
  section_open(r, "controls", "controls", SITTING_EVENTS, T(r, "Conduct of the sitting"));
  html_printf(b, "<p>%s: <strong class=\"badge status-%s\">%s</strong></p>\n", T(r, "Status"), s->status,
              web_status_label(r, s->status));
  if (is_closed(s)) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "The sitting is closed."));
    section_close(r);
    return;
  }
  html_printf(b, "<form method=\"post\" action=\"/sittings/%L/status\" class=\"buttons\">", (long long)s->id);
  page_form_hidden(r, arena_printf(r->arena, "/sittings/%lld/console", (long long)s->id));
  if (strcmp(s->status, "scheduled") == 0)
    html_printf(b, "<button type=\"submit\" name=\"to\" value=\"open\" id=\"st-open\" class=\"big\">%s</button>", T(r, "Open the sitting"));
  else if (is_open(s))
    html_printf(b, "<button type=\"submit\" name=\"to\" value=\"suspended\" id=\"st-suspend\" class=\"secondary\">%s</button>",
                T(r, "Suspend the sitting"));
  else
    html_printf(b, "<button type=\"submit\" name=\"to\" value=\"open\" id=\"st-resume\" class=\"big\">%s</button>", T(r, "Resume the sitting"));
  if (!strcmp(s->status, "open") || !strcmp(s->status, "suspended"))
    html_printf(b, "<button type=\"submit\" name=\"to\" value=\"closed\" id=\"st-close\" class=\"danger\">%s</button>",
                T(r, "Close the sitting"));
  html_printf(b, "</form>\n");
  section_close(r);
}

static void agenda_console(Req *r, const Sit *s, const Item *items, int n) {
  Buf *b = &r->out;
  section_open(r, "agenda", "agenda", "agenda.changed item.opened " SITTING_EVENTS, T(r, "Agenda"));
  if (!n) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "The agenda is empty."));
    section_close(r);
    return;
  }
  html_printf(b, "<ol class=\"agenda-items\">\n");
  const char *back = arena_printf(r->arena, "/sittings/%lld/console", (long long)s->id);
  for (int i = 0; i < n; i++) {
    const Item *it = &items[i];
    int current = strcmp(it->status, "open") == 0;
    html_printf(b,
                "<li id=\"item-%L\" class=\"item item-%s%R\"%R><div class=\"item-head\"><span class=\"kind\">%s</span> "
                "<span class=\"item-title\" id=\"item-%L-t\" dir=\"auto\">%s</span> <span class=\"badge item-status\">%s</span></div>",
                (long long)it->id, it->status, it->parent ? " sub" : "", current ? " aria-current=\"true\"" : "",
                web_kind_label(r, it->kind), (long long)it->id, it->title, item_status_label(r, it->status));
    if (!current && is_open(s)) {
      html_printf(b, "<form method=\"post\" action=\"/items/%L/open\" class=\"row-actions\">", (long long)it->id);
      page_form_hidden(r, back);
      html_printf(b, "<button type=\"submit\" id=\"take-%L\" aria-describedby=\"item-%L-t\">%s</button></form>",
                  (long long)it->id, (long long)it->id, T(r, "Take up"));
    }
    html_printf(b, "</li>\n");
  }
  html_printf(b, "</ol>\n");
  section_close(r);
}

static void speakers_console(Req *r, const Sit *s, const Item *cur) {
  Buf *b = &r->out;
  section_open(r, "speakers", "speakers", "speakers.changed speaker.changed item.opened " SITTING_EVENTS, T(r, "Speakers' list"));
  if (!cur) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No item has been taken up yet."));
    section_close(r);
    return;
  }
  html_printf(b, "<p class=\"current-item\"><span class=\"label\">%s</span> <span data-live=\"item-title\" dir=\"auto\">%s</span></p>\n",
              T(r, "Now on the agenda:"), cur->title);
  SpeakerRow *rows;
  int n;
  if (meeting_speakers(r->db, r->arena, cur->id, &rows, &n)) n = 0;
  const char *back = arena_printf(r->arena, "/sittings/%lld/console", (long long)s->id);
  int speaking = 0, waiting = 0, done = 0;
  for (int i = 0; i < n; i++) {
    if (strcmp(rows[i].status, "speaking") == 0) speaking = 1;
    if (strcmp(rows[i].status, "waiting") == 0) waiting++;
    if (strcmp(rows[i].status, "done") == 0) done++;
  }
  html_printf(b, "<div class=\"speaking-now\"><h3>%s</h3>", T(r, "Speaking now"));
  speaking_now(r, s, rows, n);
  html_printf(b, "</div>\n");
  if (is_open(s)) {
    html_printf(b, "<div class=\"buttons\"><form method=\"post\" action=\"/items/%L/speakers/next\">", (long long)cur->id);
    page_form_hidden(r, back);
    html_printf(b, "<button type=\"submit\" id=\"sp-next\" class=\"big\"%R>%s</button></form>", waiting ? "" : " disabled",
                T(r, "Next speaker"));
    if (speaking) {
      html_printf(b, "<form method=\"post\" action=\"/items/%L/speakers/stop\">", (long long)cur->id);
      page_form_hidden(r, back);
      html_printf(b, "<button type=\"submit\" id=\"sp-stop\" class=\"danger\">%s</button></form>", T(r, "Stop"));
    }
    html_printf(b, "</div>\n");
  }
  html_printf(b, "<h3>%s (%d)</h3>\n", T(r, "Waiting"), waiting);
  if (!waiting) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "Nobody is waiting to speak."));
  else html_printf(b, "<ol class=\"queue\">\n");
  int k = 0;
  for (int i = 0; i < n; i++) {
    const SpeakerRow *q = &rows[i];
    if (strcmp(q->status, "waiting") != 0) continue;
    k++;
    html_printf(b, "<li id=\"req-%L\"><span class=\"who\" id=\"req-%L-name\" dir=\"auto\">%s</span>", (long long)q->id, (long long)q->id,
                pick(r, q->name_ar, q->name_en, NULL));
    if (strcmp(q->kind, "speech") != 0) html_printf(b, " <span class=\"kind\">%s</span>", request_kind_label(r, q->kind));
    if (q->group_ar) html_printf(b, " <span class=\"meta\">%s</span>", pick(r, q->group_ar, q->group_en, NULL));
    html_printf(b, "<div class=\"row-actions\">");
    if (k > 1) {
      html_printf(b, "<form method=\"post\" action=\"/speakers/%L/move\">", (long long)q->id);
      page_form_hidden(r, back);
      html_printf(b, "<input type=\"hidden\" name=\"place\" value=\"%d\"><button type=\"submit\" class=\"secondary\" id=\"req-%L-up\" "
                  "aria-describedby=\"req-%L-name\">%s</button></form>",
                  k - 1, (long long)q->id, (long long)q->id, T(r, "Move up"));
    }
    if (k < waiting) {
      html_printf(b, "<form method=\"post\" action=\"/speakers/%L/move\">", (long long)q->id);
      page_form_hidden(r, back);
      html_printf(b, "<input type=\"hidden\" name=\"place\" value=\"%d\"><button type=\"submit\" class=\"secondary\" id=\"req-%L-down\" "
                  "aria-describedby=\"req-%L-name\">%s</button></form>",
                  k + 1, (long long)q->id, (long long)q->id, T(r, "Move down"));
    }
    html_printf(b, "<form method=\"post\" action=\"/speakers/%L/withdraw\">", (long long)q->id);
    page_form_hidden(r, back);
    html_printf(b, "<button type=\"submit\" class=\"secondary\" id=\"req-%L-withdraw\" aria-describedby=\"req-%L-name\">%s</button></form>",
                (long long)q->id, (long long)q->id, T(r, "Withdraw"));
    html_printf(b, "</div></li>\n");
  }
  if (waiting) html_printf(b, "</ol>\n");
  if (done) {
    html_printf(b, "<h3>%s (%d)</h3><ol class=\"done\">\n", T(r, "Have spoken"), done);
    for (int i = 0; i < n; i++) {
      const SpeakerRow *q = &rows[i];
      if (strcmp(q->status, "done") != 0) continue;
      html_printf(b, "<li>%s <span class=\"meta\">%s %s / %s</span></li>\n", pick(r, q->name_ar, q->name_en, NULL),
                  T(r, "Time used"), clock_text(r, q->seconds_used), clock_text(r, q->seconds_limit));
    }
    html_printf(b, "</ol>\n");
  }
  if (!is_closed(s)) {
    Member *m;
    int nm;
    members_load(r, s, &m, &nm);
    html_printf(b, "<details class=\"add-speaker\"><summary>%s</summary><form method=\"post\" action=\"/items/%L/speakers\" class=\"stack\">",
                T(r, "Add a member to the list"), (long long)cur->id);
    page_form_hidden(r, back);
    html_printf(b, "<label for=\"as-person\">%s</label><select id=\"as-person\" name=\"person\">", T(r, "Member"));
    for (int i = 0; i < nm; i++)
      html_printf(b, "<option value=\"%L\">%s</option>", (long long)m[i].id, m[i].name);
    html_printf(b, "</select><label for=\"as-kind\">%s</label><select id=\"as-kind\" name=\"kind\"><option value=\"speech\">%s</option>"
                "<option value=\"point_of_order\">%s</option><option value=\"reply\">%s</option></select>"
                "<button type=\"submit\" id=\"as-submit\">%s</button></form></details>\n",
                T(r, "Kind"), T(r, "Speech"), T(r, "Point of order"), T(r, "Reply"), T(r, "Add to the list"));
  }
  section_close(r);
}

static void vote_console(Req *r, const Sit *s, const Item *cur) {
  Buf *b = &r->out;
  OpenVote v;
  int have = open_vote(r, s->id, &v);
  int hands = have && strcmp(v.method, "show_of_hands") == 0;
  section_open(r, "vote", "vote", hands ? "vote.opened vote.closed vote.ballot " SITTING_EVENTS
                                        : "vote.opened vote.closed item.opened " SITTING_EVENTS,
               T(r, "Vote"));
  const char *back = arena_printf(r->arena, "/sittings/%lld/console", (long long)s->id);
  if (have) {
    Quorum q;
    if (meeting_quorum(r->db, s->id, &q)) memset(&q, 0, sizeof q);
    html_printf(b, "<p class=\"vote-title\" data-vote-id=\"%L\" dir=\"auto\">%s</p><p class=\"meta\">%s · %s</p>"
                "<p class=\"ballots\">%s: <strong data-live=\"ballots\" data-vote=\"%L\">%d</strong> / "
                "<span data-live=\"present\">%d</span> %s</p>\n",
                (long long)v.id, v.title, method_label(r, v.method), rule_label(r, v.rule, v.num, v.den, v.base),
                T(r, "Ballots cast"), (long long)v.id, v.ballots, q.present, T(r, "members present"));
    if (hands) {
      /* the clerk (or the chair) records each member's hand */
      Member *m;
      int nm;
      members_load(r, s, &m, &nm);
      html_printf(b, "<table class=\"list hands\"><caption>%s</caption><tbody>\n", T(r, "Record the show of hands"));
      for (int i = 0; i < nm; i++) {
        if (strcmp(m[i].att, "present") != 0) continue;
        sqlite3_stmt *st = db_stmt(r->db, "SELECT coalesce(option,'') FROM ballot WHERE vote_event_id=?1 AND person_id=?2");
        const char *opt = "";
        if (st) {
          sqlite3_bind_int64(st, 1, v.id);
          sqlite3_bind_int64(st, 2, m[i].id);
          if (sqlite3_step(st) == SQLITE_ROW) opt = cols(r, st, 0);
          db_done(st);
        }
        html_printf(b, "<tr><th scope=\"row\" id=\"h-%L-name\">%s</th><td>%s</td><td>", (long long)m[i].id, m[i].name,
                    *opt ? option_label(r, opt) : "—");
        html_printf(b, "<form method=\"post\" action=\"/votes/%L/ballots\" class=\"row-actions\">", (long long)v.id);
        page_form_hidden(r, back);
        html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%L\">"
                    "<button type=\"submit\" name=\"option\" value=\"yes\" class=\"vote-yes\" id=\"h-%L-yes\" aria-describedby=\"h-%L-name\">%s</button>"
                    "<button type=\"submit\" name=\"option\" value=\"no\" class=\"vote-no\" id=\"h-%L-no\" aria-describedby=\"h-%L-name\">%s</button>"
                    "<button type=\"submit\" name=\"option\" value=\"abstain\" class=\"vote-abstain\" id=\"h-%L-abstain\" aria-describedby=\"h-%L-name\">%s</button>"
                    "</form></td></tr>\n",
                    (long long)m[i].id, (long long)m[i].id, (long long)m[i].id, T(r, "Yes"), (long long)m[i].id,
                    (long long)m[i].id, T(r, "No"), (long long)m[i].id, (long long)m[i].id, T(r, "Abstain"));
      }
      html_printf(b, "</tbody></table>\n");
    }
    html_printf(b, "<form method=\"post\" action=\"/votes/%L/close\" class=\"buttons\">", (long long)v.id);
    page_form_hidden(r, back);
    html_printf(b, "<button type=\"submit\" id=\"vote-close\" class=\"danger big\">%s</button></form>\n", T(r, "Close the vote"));
  } else if (!is_open(s)) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "Votes are held only while the sitting is open."));
  } else {
    html_printf(b, "<form method=\"post\" action=\"/sittings/%L/votes\" class=\"stack\" id=\"vote-open-form\">", (long long)s->id);
    page_form_hidden(r, back);
    if (cur) html_printf(b, "<input type=\"hidden\" name=\"item\" value=\"%L\">", (long long)cur->id);
    html_printf(b,
                "<label for=\"vo-title\">%s</label><textarea id=\"vo-title\" name=\"title\" rows=\"2\" required maxlength=\"2000\" "
                "dir=\"auto\">%s</textarea>"
                "<label for=\"vo-method\">%s</label><select id=\"vo-method\" name=\"method\"><option value=\"roll_call\">%s</option>"
                "<option value=\"secret\">%s</option><option value=\"show_of_hands\">%s</option></select>"
                "<label for=\"vo-rule\">%s</label><select id=\"vo-rule\" name=\"rule\"><option value=\"simple\">%s</option>"
                "<option value=\"absolute\">%s</option><option value=\"two_thirds\">%s</option><option value=\"custom\">%s</option></select>"
                "<fieldset class=\"custom-rule\"><legend>%s</legend><label for=\"vo-num\">%s</label>"
                "<input id=\"vo-num\" name=\"num\" type=\"number\" min=\"1\" max=\"1000\" inputmode=\"numeric\" dir=\"ltr\">"
                "<label for=\"vo-den\">%s</label><input id=\"vo-den\" name=\"den\" type=\"number\" min=\"1\" max=\"1000\" "
                "inputmode=\"numeric\" dir=\"ltr\"><label for=\"vo-base\">%s</label><select id=\"vo-base\" name=\"base\">"
                "<option value=\"cast\">%s</option><option value=\"present\">%s</option><option value=\"members\">%s</option></select>"
                "</fieldset><button type=\"submit\" id=\"vo-submit\" class=\"big\">%s</button></form>\n",
                T(r, "Motion put to the vote"), cur ? cur->title : "", T(r, "Method"), T(r, "Roll call"), T(r, "Secret ballot"),
                T(r, "Show of hands"), T(r, "Majority required"), T(r, "Simple majority"), T(r, "Absolute majority"),
                T(r, "Two-thirds majority"), T(r, "Custom majority"), T(r, "Custom majority (only with that rule)"),
                T(r, "Numerator"), T(r, "Denominator"), T(r, "Of"), T(r, "of the votes cast"), T(r, "of the members present"),
                T(r, "of all members"), T(r, "Open the vote"));
  }
  section_close(r);
}

/* The sitting's agenda and the item under discussion (NULL if none). */
static const Item *current_item(Req *r, const Sit *s, Item **items, int *n) {
  items_load(r, s->id, items, n);
  const Item *cur = s->current_item ? item_find(*items, *n, s->current_item) : NULL;
  return cur && strcmp(cur->status, "open") == 0 ? cur : NULL;
}

void page_console(Req *r) {
  Sit s;
  if (!sit_from_path(r, &s)) return;
  Item *items;
  int n;
  const Item *cur = current_item(r, &s, &items, &n);
  screen_begin(r, &s, "console", T(r, "Presiding console"), 1);
  Buf *b = &r->out;
  html_printf(b, "<div class=\"cols cols-3\">\n<div class=\"col\">\n");
  controls_section(r, &s);
  agenda_console(r, &s, items, n);
  html_printf(b, "</div>\n<div class=\"col\">\n");
  speakers_console(r, &s, cur);
  html_printf(b, "</div>\n<div class=\"col\">\n");
  quorum_section(r, &s);
  vote_console(r, &s, cur);
  result_section(r, &s);
  html_printf(b, "</div>\n</div>\n");
  screen_end(r, 1);
}

void page_sitting_status(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_sitting_status(r->db, &m, sitting, req_form(r, "to"));
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)sitting));
}

static int64_t item_sitting(Req *r, int64_t item) {
  return db_int(r->db, "SELECT sitting_id FROM agenda_item WHERE id=?1", 1, item, 0);
}

void page_item_open(Req *r) {
  int64_t item;
  if (!page_path_id(r, 0, &item)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_item_open(r->db, &m, item);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)item_sitting(r, item)));
}

void page_speak_request(Req *r) {
  int64_t item;
  if (!page_path_id(r, 0, &item)) return;
  long long person;
  int rc = form_num(r, "person", 1, INT64_MAX, &person);
  if (!rc && !person) person = r->who.person_id;
  if (!rc && !person) rc = mj_fail(MJ_EDENIED, "your account is not linked to a member; say who asks to speak (person)");
  const char *kind = req_form(r, "kind");
  if (!rc) {
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_speak_request(r->db, &m, item, person, kind && *kind ? kind : "speech", NULL);
  }
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/tablet", (long long)item_sitting(r, item)));
}

void page_speaker_next(Req *r) {
  int64_t item;
  if (!page_path_id(r, 0, &item)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_speaker_next(r->db, &m, item, NULL);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)item_sitting(r, item)));
}

void page_speaker_stop(Req *r) {
  int64_t item;
  if (!page_path_id(r, 0, &item)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_speaker_stop(r->db, &m, item);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)item_sitting(r, item)));
}

static int64_t request_sitting(Req *r, int64_t request) {
  return db_int(r->db, "SELECT i.sitting_id FROM speaker_request q JOIN agenda_item i ON i.id=q.agenda_item_id WHERE q.id=?1", 1,
                request, 0);
}

void page_speak_withdraw(Req *r) {
  int64_t req;
  if (!page_path_id(r, 0, &req)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_speak_withdraw(r->db, &m, req);
  const char *screen = (r->who.actor.caps & CAP_SITTING_PRESIDE) ? "console" : "tablet";
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/%s", (long long)request_sitting(r, req), screen));
}

void page_speaker_move(Req *r) {
  int64_t req;
  if (!page_path_id(r, 0, &req)) return;
  long long place;
  int rc = form_num(r, "place", 1, 10000, &place);
  if (!rc && !place) rc = mj_fail(MJ_EINVAL, "say the place in the queue (1 = next)");
  if (!rc) {
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_speaker_move(r->db, &m, req, (int)place);
  }
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)request_sitting(r, req)));
}

void page_vote_open(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  long long item = 0, num = 0, den = 0;
  int rc = form_num(r, "item", 1, INT64_MAX, &item);
  if (!rc) rc = form_num(r, "num", 1, 1000, &num);
  if (!rc) rc = form_num(r, "den", 1, 1000, &den);
  if (!rc) {
    const char *rule = req_form(r, "rule"), *method = req_form(r, "method"), *base = req_form(r, "base");
    VoteInput in = {.sitting_id = sitting, .item_id = item, .title = req_form(r, "title"),
                    .method = method && *method ? method : NULL, .rule = rule && *rule ? rule : NULL,
                    .custom_num = (int)num, .custom_den = (int)den, .custom_base = base && *base ? base : NULL};
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_vote_open(r->db, &m, &in, NULL);
  }
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)sitting));
}

static int64_t vote_sitting(Req *r, int64_t vote) {
  return db_int(r->db, "SELECT sitting_id FROM vote_event WHERE id=?1", 1, vote, 0);
}

void page_ballot(Req *r) {
  int64_t vote;
  if (!page_path_id(r, 0, &vote)) return;
  long long person;
  int rc = form_num(r, "person", 1, INT64_MAX, &person);
  if (!rc && !person) person = r->who.person_id;
  if (!rc && !person) rc = mj_fail(MJ_EDENIED, "your account is not linked to a member, so it has no vote");
  if (!rc) {
    MeetingActor m = web_meeting_actor(r);
    rc = meeting_ballot(r->db, &m, vote, person, req_form(r, "option"));
  }
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/tablet", (long long)vote_sitting(r, vote)));
}

void page_vote_close(Req *r) {
  int64_t vote;
  if (!page_path_id(r, 0, &vote)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_vote_close(r->db, &m, vote, NULL);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/console", (long long)vote_sitting(r, vote)));
}

/* ---- the member's tablet ---- */
static void tablet_attendance(Req *r, const Sit *s, int64_t me) {
  Buf *b = &r->out;
  section_open(r, "my-attendance", "my-attendance", "attendance " SITTING_EVENTS, T(r, "Your attendance"));
  sqlite3_stmt *st = db_stmt(r->db, "SELECT status, coalesce(checked_in,''), coalesce(checked_out,'') FROM attendance "
                                    "WHERE sitting_id=?1 AND person_id=?2");
  const char *att = "none", *at = "";
  if (st) {
    sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_int64(st, 2, me);
    if (sqlite3_step(st) == SQLITE_ROW) {
      const char *a = cols(r, st, 0), *in = cols(r, st, 1), *out = cols(r, st, 2);
      att = strcmp(a, "present") == 0 ? (*out ? "left" : "present") : strcmp(a, "excused") == 0 ? "excused" : "absent";
      at = strcmp(att, "left") == 0 ? out : in;
    }
    db_done(st);
  }
  int present = strcmp(att, "present") == 0;
  html_printf(b, "<p class=\"my-status att-%s\" id=\"my-att-status\">%s", att, att_label(r, att));
  if (*at && (present || strcmp(att, "left") == 0))
    html_printf(b, " <span class=\"meta\"><bdi dir=\"ltr\">%s</bdi></span>", hhmm(r, at));
  html_printf(b, "</p>\n");
  if (!is_closed(s)) {
    html_printf(b, "<form method=\"post\" action=\"/sittings/%L/attendance\" class=\"buttons\">", (long long)s->id);
    page_form_hidden(r, arena_printf(r->arena, "/sittings/%lld/tablet", (long long)s->id));
    html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%L\">", (long long)me);
    if (present)
      html_printf(b, "<button type=\"submit\" name=\"status\" value=\"left\" id=\"my-checkout\" class=\"big secondary\">%s</button>",
                  T(r, "Check out"));
    else
      html_printf(b, "<button type=\"submit\" name=\"status\" value=\"present\" id=\"my-checkin\" class=\"big\">%s</button>",
                  T(r, "Check in"));
    html_printf(b, "</form>\n");
  }
  section_close(r);
}

static void current_item_section(Req *r, const Sit *s, const Item *cur, int docs) {
  Buf *b = &r->out;
  (void)s;
  section_open(r, "current-item", "current-item", "item.opened agenda.changed document.added sitting.closed", T(r, "On the agenda now"));
  if (!cur) {
    html_printf(b, "<p class=\"item-title empty\" data-live=\"item-title\" dir=\"auto\">%s</p>\n", T(r, "No item has been taken up yet."));
  } else {
    html_printf(b, "<p class=\"item-kind\"><span class=\"kind\">%s</span> %s %d</p><p class=\"item-title\" data-live=\"item-title\" dir=\"auto\">%s</p>\n",
                web_kind_label(r, cur->kind), T(r, "Item"), cur->position, cur->title);
    if (docs) item_docs(r, cur->id);
  }
  section_close(r);
}

static void tablet_speak(Req *r, const Sit *s, const Item *cur, int64_t me) {
  Buf *b = &r->out;
  section_open(r, "my-speak", "my-speak", "speakers.changed speaker.changed item.opened " SITTING_EVENTS, T(r, "The floor"));
  if (!cur) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No item has been taken up yet."));
    section_close(r);
    return;
  }
  SpeakerRow *rows;
  int n;
  if (meeting_speakers(r->db, r->arena, cur->id, &rows, &n)) n = 0;
  speaking_now(r, s, rows, n);
  const SpeakerRow *mine = NULL;
  int place = 0, k = 0;
  for (int i = 0; i < n; i++) {
    if (strcmp(rows[i].status, "waiting") == 0) k++;
    if (rows[i].person_id == me && (strcmp(rows[i].status, "waiting") == 0 || strcmp(rows[i].status, "speaking") == 0)) {
      mine = &rows[i];
      place = k;
    }
  }
  const char *back = arena_printf(r->arena, "/sittings/%lld/tablet", (long long)s->id);
  if (mine && strcmp(mine->status, "speaking") == 0) {
    html_printf(b, "<p class=\"my-status you-speak\">%s</p>\n", T(r, "You have the floor."));
  } else if (mine) {
    html_printf(b, "<p class=\"my-status\" id=\"my-place\">%s: <strong>%d</strong>%R%s</p>\n", T(r, "Your place in the queue"), place,
                strcmp(mine->kind, "speech") != 0 ? " · " : "", strcmp(mine->kind, "speech") != 0 ? request_kind_label(r, mine->kind) : "");
    html_printf(b, "<form method=\"post\" action=\"/speakers/%L/withdraw\" class=\"buttons\">", (long long)mine->id);
    page_form_hidden(r, back);
    html_printf(b, "<button type=\"submit\" id=\"my-withdraw\" class=\"big secondary\" aria-describedby=\"my-place\">%s</button></form>\n",
                T(r, "Withdraw my request"));
  } else if (!is_closed(s)) {
    html_printf(b, "<p class=\"meta\">%s: %d</p>\n", T(r, "Waiting to speak"), k);
    html_printf(b, "<form method=\"post\" action=\"/items/%L/speakers\" class=\"buttons\">", (long long)cur->id);
    page_form_hidden(r, back);
    html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%L\">"
                "<button type=\"submit\" name=\"kind\" value=\"speech\" id=\"my-speak-req\" class=\"big\">%s</button>"
                "<button type=\"submit\" name=\"kind\" value=\"point_of_order\" id=\"my-poo\" class=\"big secondary\">%s</button></form>\n",
                (long long)me, T(r, "Request to speak"), T(r, "Point of order"));
  }
  section_close(r);
}

static void tablet_vote(Req *r, const Sit *s, int64_t me) {
  Buf *b = &r->out;
  section_open(r, "my-vote", "my-vote", "vote.opened vote.closed attendance " SITTING_EVENTS, T(r, "Vote"));
  OpenVote v;
  if (!open_vote(r, s->id, &v)) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No vote is open."));
    section_close(r);
    return;
  }
  int secret = strcmp(v.method, "secret") == 0, hands = strcmp(v.method, "show_of_hands") == 0;
  html_printf(b, "<p class=\"vote-title\" id=\"my-vote-title\" data-vote-id=\"%L\" dir=\"auto\">%s</p><p class=\"meta\">%s · %s · %s: "
              "<strong data-live=\"ballots\" data-vote=\"%L\">%d</strong></p>\n",
              (long long)v.id, v.title, method_label(r, v.method), rule_label(r, v.rule, v.num, v.den, v.base), T(r, "Ballots cast"),
              (long long)v.id, v.ballots);
  int voted = 0;
  const char *opt = "";
  sqlite3_stmt *st = db_stmt(r->db, "SELECT coalesce(option,'') FROM ballot WHERE vote_event_id=?1 AND person_id=?2");
  if (st) {
    sqlite3_bind_int64(st, 1, v.id);
    sqlite3_bind_int64(st, 2, me);
    if (sqlite3_step(st) == SQLITE_ROW) {
      voted = 1;
      opt = cols(r, st, 0);
    }
    db_done(st);
  }
  sqlite3_stmt *ps = db_stmt(r->db, "SELECT 1 FROM attendance WHERE sitting_id=?1 AND person_id=?2 AND status='present' "
                                    "AND checked_out IS NULL");
  int present = 0;
  if (ps) {
    sqlite3_bind_int64(ps, 1, s->id);
    sqlite3_bind_int64(ps, 2, me);
    present = sqlite3_step(ps) == SQLITE_ROW;
    db_done(ps);
  }
  if (!voted)
    html_printf(b, "<p class=\"my-ballot\" id=\"my-ballot\">%s</p>\n", T(r, "You have not voted yet."));
  else if (*opt)
    html_printf(b, "<p class=\"my-ballot voted\" id=\"my-ballot\">%s: <strong>%s</strong></p>\n", T(r, "Your vote"), option_label(r, opt));
  else
    html_printf(b, "<p class=\"my-ballot voted\" id=\"my-ballot\">%s</p>\n", T(r, "Your secret ballot has been cast."));
  if (hands) {
    html_printf(b, "<p class=\"help\">%s</p>\n", T(r, "This vote is by show of hands; the clerk records each member's vote."));
  } else if (!present) {
    html_printf(b, "<p class=\"warning\">%s</p>\n", T(r, "Check in to vote: only members present may vote."));
  } else if (!voted || (v.allow_change && !secret)) {
    html_printf(b, "<form method=\"post\" action=\"/votes/%L/ballots\" class=\"ballot\">", (long long)v.id);
    page_form_hidden(r, arena_printf(r->arena, "/sittings/%lld/tablet", (long long)s->id));
    html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%L\"><fieldset><legend class=\"vh\">%s</legend>"
                "<button type=\"submit\" name=\"option\" value=\"yes\" id=\"ballot-yes\" class=\"vote-yes\" aria-pressed=\"%R\">%s</button>"
                "<button type=\"submit\" name=\"option\" value=\"no\" id=\"ballot-no\" class=\"vote-no\" aria-pressed=\"%R\">%s</button>"
                "<button type=\"submit\" name=\"option\" value=\"abstain\" id=\"ballot-abstain\" class=\"vote-abstain\" aria-pressed=\"%R\">%s</button>"
                "</fieldset></form>\n",
                (long long)me, T(r, "Your vote"), strcmp(opt, "yes") == 0 ? "true" : "false", T(r, "Yes"),
                strcmp(opt, "no") == 0 ? "true" : "false", T(r, "No"), strcmp(opt, "abstain") == 0 ? "true" : "false",
                T(r, "Abstain"));
    if (voted) html_printf(b, "<p class=\"help\">%s</p>\n", T(r, "You may change your vote until the vote is closed."));
  }
  section_close(r);
}

void page_tablet(Req *r) {
  Sit s;
  if (!sit_from_path(r, &s)) return;
  int64_t me = r->who.person_id;
  screen_begin(r, &s, "tablet", T(r, "Member's tablet"), me != 0);
  Buf *b = &r->out;
  if (!me) {
    html_printf(b, "<p class=\"warning\" role=\"note\">%s</p><p><a href=\"/sittings/%L/live\">%s</a></p>\n",
                T(r, "Your account is not linked to a member of parliament, so there is nothing to check in or vote for here."),
                (long long)s.id, T(r, "Follow the sitting on the live screen"));
    screen_end(r, 0);
    return;
  }
  sqlite3_stmt *st = db_stmt(r->db, "SELECT p.name_ar, p.name_en, p.name_az, (SELECT count(*) FROM membership m WHERE "
                                    "m.person_id=p.id AND m.organization_id=?2 AND m.start_date<=?3 AND "
                                    "(m.end_date IS NULL OR m.end_date>=?3)) FROM person p WHERE p.id=?1");
  const char *name = "";
  int member = 0;
  if (st) {
    sqlite3_bind_int64(st, 1, me);
    sqlite3_bind_int64(st, 2, s.body_id);
    sqlite3_bind_text(st, 3, s.date, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
      name = pick(r, cols(r, st, 0), col(r, st, 1), col(r, st, 2));
      member = sqlite3_column_int(st, 3) > 0;
    }
    db_done(st);
  }
  html_printf(b, "<p class=\"member-name\">%s: <strong>%s</strong></p>\n", T(r, "Member"), name);
  if (!member) {
    html_printf(b, "<p class=\"warning\" role=\"note\">%s</p>\n", T(r, "You are not a member of this body on the sitting's date."));
    html_printf(b, "<div class=\"cols cols-2\">\n<div class=\"col\">\n");
  } else {
    html_printf(b, "<div class=\"cols cols-2\">\n<div class=\"col\">\n");
  }
  Item *items;
  int n;
  const Item *cur = current_item(r, &s, &items, &n);
  if (member) tablet_vote(r, &s, me);
  current_item_section(r, &s, cur, 1);
  if (member) tablet_speak(r, &s, cur, me);
  html_printf(b, "</div>\n<div class=\"col\">\n");
  if (member) tablet_attendance(r, &s, me);
  quorum_section(r, &s);
  result_section(r, &s);
  html_printf(b, "</div>\n</div>\n");
  screen_end(r, 1);
}

/* ---- the public live screen ---- */
void page_live(Req *r) {
  Sit s;
  if (!sit_from_path(r, &s)) return;
  Item *items;
  int n;
  const Item *cur = current_item(r, &s, &items, &n);
  screen_begin(r, &s, "screen", T(r, "Live screen"), 1);
  Buf *b = &r->out;
  html_printf(b, "<div class=\"screen-grid\">\n");
  current_item_section(r, &s, cur, 0);
  section_open(r, "speaker", "speaker", "speaker.changed speakers.changed item.opened " SITTING_EVENTS, T(r, "Speaking now"));
  if (cur) {
    SpeakerRow *rows;
    int ns;
    if (meeting_speakers(r->db, r->arena, cur->id, &rows, &ns)) ns = 0;
    speaking_now(r, &s, rows, ns);
  } else {
    speaking_now(r, &s, NULL, 0);
  }
  section_close(r);
  OpenVote v;
  section_open(r, "vote", "vote", "vote.opened vote.closed " SITTING_EVENTS, T(r, "Vote"));
  if (open_vote(r, s.id, &v))
    html_printf(b, "<p class=\"vote-title\" data-vote-id=\"%L\" dir=\"auto\">%s</p><p class=\"meta\">%s · %s</p>"
                "<p class=\"ballots\">%s: <strong data-live=\"ballots\" data-vote=\"%L\">%d</strong></p>\n",
                (long long)v.id, v.title, method_label(r, v.method), rule_label(r, v.rule, v.num, v.den, v.base),
                T(r, "Ballots cast"), (long long)v.id, v.ballots);
  else
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No vote is open."));
  section_close(r);
  quorum_section(r, &s);
  result_section(r, &s);
  html_printf(b, "</div>\n");
  screen_end(r, 1);
}

/* ---- minutes ---- */
typedef struct MinRow {
  int64_t id;
  int version;
  const char *lang, *status, *text, *created, *approved_at, *approved_by;
} MinRow;

static void minutes_text(Req *r, const MinRow *m) {
  html_printf(&r->out, "<div class=\"minutes-text\" lang=\"%s\" dir=\"%R\">%s</div>\n", m->lang,
              strcmp(m->lang, "ar") == 0 ? "rtl" : "ltr", m->text);
}

static const char *lang_name(Req *r, const char *l) { return strcmp(l, "ar") == 0 ? T(r, "Arabic") : T(r, "English"); }

void page_minutes(Req *r) {
  Sit s;
  if (!sit_from_path(r, &s)) return;
  int clerk = (r->who.actor.caps & CAP_SITTING_PREPARE) != 0;
  MinRow *rows = arena_alloc(r->arena, sizeof *rows * 200);
  int n = 0;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT id, lang, version, status, text, created_at, coalesce(approved_at,''), "
                                    "coalesce(approved_by,'') FROM minutes WHERE sitting_id=?1 ORDER BY lang, version DESC LIMIT 200");
  if (st) {
    sqlite3_bind_int64(st, 1, s.id);
    while (n < 200 && sqlite3_step(st) == SQLITE_ROW) {
      MinRow *m = &rows[n++];
      m->id = sqlite3_column_int64(st, 0);
      m->lang = cols(r, st, 1);
      m->version = sqlite3_column_int(st, 2);
      m->status = cols(r, st, 3);
      m->text = cols(r, st, 4);
      m->created = cols(r, st, 5);
      m->approved_at = cols(r, st, 6);
      m->approved_by = cols(r, st, 7);
    }
    db_done(st);
  }
  screen_begin(r, &s, "minutes", T(r, "Minutes"), 0);
  Buf *b = &r->out;
  /* the approved minutes: the newest approved version in each language */
  section_open(r, "approved", "approved", "", T(r, "Approved minutes"));
  int shown = 0;
  static const char *langs[2] = {"ar", "en"};
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < n; i++) {
      if (strcmp(rows[i].lang, langs[l]) != 0 || strcmp(rows[i].status, "approved") != 0) continue;
      html_printf(b, "<article class=\"minutes\" id=\"minutes-%L\"><h3>%s</h3><p class=\"meta\">%s %d · %s <bdi dir=\"ltr\">%s</bdi></p>\n",
                  (long long)rows[i].id, lang_name(r, rows[i].lang), T(r, "Version"), rows[i].version, T(r, "Approved on"),
                  stamp_text(r, rows[i].approved_at));
      minutes_text(r, &rows[i]);
      html_printf(b, "</article>\n");
      shown = 1;
      break;
    }
  if (!shown) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "The minutes of this sitting have not been approved yet."));
  section_close(r);
  if (clerk) {
    section_open(r, "drafts", "drafts", "", T(r, "Drafts and versions"));
    minutes_form(r, &s);
    if (!n) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No minutes have been generated yet."));
    const char *back = arena_printf(r->arena, "/sittings/%lld/minutes", (long long)s.id);
    for (int i = 0; i < n; i++) {
      const MinRow *m = &rows[i];
      int latest = i == 0 || strcmp(rows[i - 1].lang, m->lang) != 0;
      int draft = strcmp(m->status, "draft") == 0;
      html_printf(b, "<article class=\"minutes minutes-%s\" id=\"minutes-%L\"><h3>%s · %s %d · <span class=\"badge\">%s</span></h3>"
                  "<p class=\"meta\">%s <bdi dir=\"ltr\">%s</bdi>",
                  m->status, (long long)m->id, lang_name(r, m->lang), T(r, "Version"), m->version,
                  draft ? T(r, "Draft") : T(r, "Approved"), T(r, "Generated on"), stamp_text(r, m->created));
      if (!draft)
        html_printf(b, " · %s <bdi dir=\"ltr\">%s</bdi> · <bdi dir=\"ltr\">%s</bdi>", T(r, "Approved on"),
                    stamp_text(r, m->approved_at), m->approved_by);
      html_printf(b, "</p>\n");
      if (latest) {
        html_printf(b, "<form method=\"post\" action=\"/minutes/%L\" class=\"stack wide\">", (long long)m->id);
        page_form_hidden(r, arena_printf(r->arena, "%s#minutes-%lld", back, (long long)m->id));
        html_printf(b, "<label for=\"mt-%L\">%s</label><textarea id=\"mt-%L\" name=\"text\" rows=\"16\" lang=\"%s\" dir=\"%R\">%s</textarea>"
                    "<button type=\"submit\" id=\"mt-%L-save\">%s</button></form>\n",
                    (long long)m->id, draft ? T(r, "Text of the draft") : T(r, "Amend (saved as a new draft version)"),
                    (long long)m->id, m->lang, strcmp(m->lang, "ar") == 0 ? "rtl" : "ltr", m->text, (long long)m->id,
                    draft ? T(r, "Save the draft") : T(r, "Save as a new version"));
        if (draft) {
          html_printf(b, "<form method=\"post\" action=\"/minutes/%L/approve\" class=\"buttons\">", (long long)m->id);
          page_form_hidden(r, arena_printf(r->arena, "%s#minutes-%lld", back, (long long)m->id));
          html_printf(b, "<button type=\"submit\" id=\"mt-%L-approve\" class=\"big\">%s</button></form>\n", (long long)m->id,
                      T(r, "Approve these minutes"));
        }
      } else {
        html_printf(b, "<details><summary>%s</summary>", T(r, "Show the text"));
        minutes_text(r, m);
        html_printf(b, "</details>\n");
      }
      html_printf(b, "</article>\n");
    }
    section_close(r);
  }
  screen_end(r, 0);
}

void page_minutes_generate(Req *r) {
  int64_t sitting, id = 0;
  if (!page_path_id(r, 0, &sitting)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_minutes_generate(r->db, &m, sitting, req_form(r, "lang"), &id);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, arena_printf(r->arena, "/sittings/%lld/minutes#minutes-%lld", (long long)sitting, (long long)id));
}

static int64_t minutes_sitting(Req *r, int64_t id) {
  return db_int(r->db, "SELECT sitting_id FROM minutes WHERE id=?1", 1, id, 0);
}

void page_minutes_edit(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_minutes_edit(r->db, &m, id, req_form(r, "text"));
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/minutes", (long long)minutes_sitting(r, id)));
}

void page_minutes_approve(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  MeetingActor m = web_meeting_actor(r);
  int rc = meeting_minutes_approve(r->db, &m, id);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/minutes", (long long)minutes_sitting(r, id)));
}

/* ---- iCalendar (RFC 5545) ---- */
/* Appends one content line, folded at 75 octets (a fold is CRLF and a space,
** which counts on the next line) without splitting a UTF-8 character. */
static void ics_line(Buf *b, const char *line) {
  size_t n = strlen(line), col_ = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)line[i];
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > n) len = n - i;
    if (col_ + len > 75) {
      buf_puts(b, "\r\n ");
      col_ = 1;
    }
    buf_append(b, line + i, len);
    col_ += len;
    i += len;
  }
  buf_puts(b, "\r\n");
}

/* TEXT value escaping: backslash, semicolon, comma and newlines. */
static const char *ics_text(Req *r, const char *s) {
  Buf t;
  buf_init(&t, 1 << 16);
  for (; s && *s; s++) {
    if (*s == '\\' || *s == ';' || *s == ',') {
      buf_putc(&t, '\\');
      buf_putc(&t, *s);
    } else if (*s == '\n') {
      buf_puts(&t, "\\n");
    } else if (*s != '\r') {
      buf_putc(&t, *s);
    }
  }
  const char *out = arena_strdup(r->arena, t.p ? t.p : "");
  buf_free(&t);
  return out;
}

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

void page_calendar(Req *r) {
  int64_t body;
  if (!page_path_id(r, 0, &body)) return;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT name_ar, name_en, name_az FROM organization WHERE id=?1 "
                                    "AND classification IN ('chamber','committee')");
  if (!st) {
    reply_error(r, MJ_EIO, mj_errmsg());
    return;
  }
  sqlite3_bind_int64(st, 1, body);
  const char *name = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) name = pick(r, cols(r, st, 0), col(r, st, 1), col(r, st, 2));
  db_done(st);
  if (!name) {
    reply_error(r, MJ_ENOTFOUND, "there is no chamber or committee with this number");
    return;
  }
  Buf *b = &r->out;
  char stamp[32];
  time_t now = (time_t)(mj_now_ms() / 1000);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  ics_line(b, "BEGIN:VCALENDAR");
  ics_line(b, "VERSION:2.0");
  ics_line(b, "PRODID:-//Majlis//Majlis " MAJLIS_VERSION "//EN");
  ics_line(b, "CALSCALE:GREGORIAN");
  ics_line(b, "METHOD:PUBLISH");
  ics_line(b, arena_printf(r->arena, "X-WR-CALNAME:%s", ics_text(r, name)));
  st = db_stmt(r->db, "SELECT id, number, date, coalesce(start_time,''), coalesce(place,''), status FROM sitting "
                      "WHERE body_id=?1 ORDER BY date, start_time, id LIMIT 5000");
  if (st) {
    sqlite3_bind_int64(st, 1, body);
    while (sqlite3_step(st) == SQLITE_ROW) {
      long long id = sqlite3_column_int64(st, 0);
      int number = sqlite3_column_int(st, 1);
      const char *date = cols(r, st, 2), *tm_ = cols(r, st, 3), *place = cols(r, st, 4), *status = cols(r, st, 5);
      if (strlen(date) != 10 || !digits(date, 4) || !digits(date + 5, 2) || !digits(date + 8, 2)) continue;
      char d[9] = {date[0], date[1], date[2], date[3], date[5], date[6], date[8], date[9], 0};
      ics_line(b, "BEGIN:VEVENT");
      ics_line(b, arena_printf(r->arena, "UID:sitting-%lld@majlis", id));
      ics_line(b, arena_printf(r->arena, "DTSTAMP:%s", stamp));
      if (strlen(tm_) == 5 && digits(tm_, 2) && tm_[2] == ':' && digits(tm_ + 3, 2))
        ics_line(b, arena_printf(r->arena, "DTSTART:%sT%.2s%.2s00", d, tm_, tm_ + 3)); /* floating local time */
      else
        ics_line(b, arena_printf(r->arena, "DTSTART;VALUE=DATE:%s", d));
      ics_line(b, arena_printf(r->arena, "SUMMARY:%s", ics_text(r, arena_printf(r->arena, "%s %d — %s", T(r, "Sitting"), number, name))));
      if (*place) ics_line(b, arena_printf(r->arena, "LOCATION:%s", ics_text(r, place)));
      ics_line(b, strcmp(status, "cancelled") == 0 ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
      ics_line(b, "END:VEVENT");
    }
    db_done(st);
  }
  ics_line(b, "END:VCALENDAR");
  r->ctype = "text/calendar; charset=utf-8";
  req_add_header(r, "Content-Disposition", arena_printf(r->arena, "inline; filename=\"body-%lld.ics\"", (long long)body));
}

/* ---- agenda documents ---- */
void page_document(Req *r) {
  int64_t vid, ver;
  if (!page_path_id(r, 0, &vid) || !page_path_id(r, 1, &ver)) return;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT v.mime, v.content, v.sha256, d.title FROM document_version v "
                                    "JOIN document d ON d.id=v.document_id WHERE v.id=?1 AND v.version=?2");
  if (!st) {
    reply_error(r, MJ_EIO, mj_errmsg());
    return;
  }
  sqlite3_bind_int64(st, 1, vid);
  sqlite3_bind_int64(st, 2, ver);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_done(st);
    reply_error(r, MJ_ENOTFOUND, "there is no such document version");
    return;
  }
  const char *mime = cols(r, st, 0), *sha = cols(r, st, 2), *title = cols(r, st, 3);
  const void *data = sqlite3_column_blob(st, 1);
  size_t len = (size_t)sqlite3_column_bytes(st, 1);
  buf_free(&r->out);
  buf_init(&r->out, len + 1);
  if (len) buf_append(&r->out, data, len);
  db_done(st);
  if (r->out.err) {
    reply_error(r, MJ_EIO, "the document could not be read");
    return;
  }
  r->ctype = mj_startswith(mime, "text/") ? arena_printf(r->arena, "%s; charset=utf-8", mime) : mime;
  /* filename: an ASCII fallback, and the title itself (RFC 6266, RFC 8187) */
  Buf cd;
  buf_init(&cd, 8192);
  buf_printf(&cd, "attachment; filename=\"document-%lld-v%lld.%s\"; filename*=UTF-8''", (long long)vid, (long long)ver, mime_ext(mime));
  static const char hx[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)title; *p && cd.n < 7000; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
      buf_putc(&cd, (char)*p);
    } else {
      buf_putc(&cd, '%');
      buf_putc(&cd, hx[*p >> 4]);
      buf_putc(&cd, hx[*p & 15]);
    }
  }
  buf_printf(&cd, ".%s", mime_ext(mime));
  req_add_header(r, "Content-Disposition", arena_strdup(r->arena, cd.p));
  buf_free(&cd);
  const char *etag = arena_printf(r->arena, "\"%s\"", sha);
  req_add_header(r, "ETag", etag);
  req_add_header(r, "Cache-Control", "public, max-age=86400");
  /* a version never changes: a client holding it needs nothing more */
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strstr(inm, etag)) {
    buf_reset(&r->out);
    r->status = 304;
    r->ctype = NULL;
  }
}
