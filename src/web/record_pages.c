/*
** record_pages.c: the Hansard's screens.
**
** Public (anyone): the record of a sitting (/sittings/ID/record), one edition
** (/sittings/ID/record/editions/N, with the changes since the edition
** before), the printable view, the PDF, the edition as Akoma Ntoso and as
** ParlaMint TEI (record.akn, record.tei) and a permalink per speech
** (/speeches/ID). These read published editions only — the frozen JSON
** snapshot of the edition table, through recsnap — never the live speech
** table, so a draft cannot reach a public page. A provisional edition says
** so on every view. Everything is rendered on the server and reads without
** JavaScript.
**
** Staff and members: the reporters' and editors' screen (takes with their
** media time codes, the machine draft beside the editable text, speaker
** pickers, flags), the members' review of their own speeches with proposed
** corrections, and the certifier's screen with the word-level difference
** since the last edition. Each form posts to a thin handler here that
** calls one hansard_* function (src/domain/hansard.h) and answers 303 back
** to the screen; assets/js/record.js enhances the editor (autosave through
** the JSON API, keyboard shortcuts, media seeking, the conflict dialog).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akn.h"
#include "embed.h"
#include "hansard.h"
#include "pdf.h"
#include "record_io.h"
#include "recsnap.h"
#include "record.h"
#include "tei.h"
#include "user.h"

/* ---------------------------------------------------------------- helpers */

static const char *lang_of(Req *r) { return i18n_code(r->lang); }

static int rtl_lang(const char *l) {
  return l && (strcmp(l, "ar") == 0 || strcmp(l, "fa") == 0 || strcmp(l, "ur") == 0 || strcmp(l, "he") == 0);
}

static const char *body_name(Req *r, const char *ar, const char *en) {
  if (r->lang != LANG_AR && en && *en) return en;
  return ar ? ar : "";
}

static const char *sitting_heading(Req *r, int number, const char *body_ar, const char *body_en) {
  return arena_printf(r->arena, "%s %d · %s", T(r, "Sitting"), number, body_name(r, body_ar, body_en));
}

/* "YYYY-MM-DD HH:MM UTC" of an ISO time, or the text itself. */
static const char *stamp(Req *r, const char *iso) {
  if (!iso || strlen(iso) < 16 || iso[10] != 'T') return iso ? iso : "";
  return arena_printf(r->arena, "%.10s %.5s UTC", iso, iso + 11);
}

/* Media time "m:ss" or "h:mm:ss". */
static const char *media_time(Req *r, int64_t ms) {
  if (ms < 0) return "";
  long long s = ms / 1000;
  if (s >= 3600) return arena_printf(r->arena, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return arena_printf(r->arena, "%lld:%02lld", s / 60, s % 60);
}

static const char *edition_label(Req *r, const char *kind, int number) {
  return arena_printf(r->arena, "%s %d",
                      kind && strcmp(kind, "final") == 0 ? T(r, "Final edition") : T(r, "Provisional edition"), number);
}

static const char *status_label(Req *r, const char *st) {
  if (!st) return "";
  if (strcmp(st, "drafting") == 0) return T(r, "Drafting");
  if (strcmp(st, "member_review") == 0) return T(r, "Members' review");
  if (strcmp(st, "certified") == 0) return T(r, "Certified");
  if (strcmp(st, "provisional") == 0) return T(r, "Provisional edition published");
  if (strcmp(st, "final") == 0) return T(r, "Final edition published");
  return st;
}

static const char *take_status_label(Req *r, const char *st) {
  if (strcmp(st, "edited") == 0) return T(r, "Edited");
  if (strcmp(st, "reviewed") == 0) return T(r, "Reviewed");
  return T(r, "Draft");
}

static const char *flag_kind_label(Req *r, const char *k) {
  if (strcmp(k, "low_confidence") == 0) return T(r, "Low confidence");
  if (strcmp(k, "overlap") == 0) return T(r, "Overlapping speech");
  if (strcmp(k, "attribution") == 0) return T(r, "Doubtful speaker");
  return T(r, "Note");
}

static const char *kind_label(Req *r, const char *kind) {
  if (!kind || strcmp(kind, "speech") == 0) return T(r, "Speech");
  if (strcmp(kind, "question") == 0) return T(r, "Question");
  if (strcmp(kind, "answer") == 0) return T(r, "Answer");
  if (strcmp(kind, "narrative") == 0) return T(r, "Narrative");
  if (strcmp(kind, "scene") == 0) return T(r, "Scene");
  if (strcmp(kind, "summary") == 0) return T(r, "Summary");
  return T(r, "Other");
}

/* A text's paragraphs (one newline between them in the record). */
static void paragraphs(Req *r, const char *text) {
  for (const char *t = text ? text : ""; *t;) {
    const char *e = strchr(t, '\n');
    size_t len = e ? (size_t)(e - t) : strlen(t);
    if (len) html_printf(&r->out, "<p>%s</p>", arena_strndup(r->arena, t, len));
    t += len;
    while (*t == '\n') t++;
  }
}

static const char *script_url(Req *r, const char *name) {
  const EmbedFile *f = embed_find(embed_assets, name);
  char v[17] = "0";
  if (f) {
    size_t n = strlen(f->etag);
    if (n >= 2) {
      size_t k = n - 2 < 16 ? n - 2 : 16;
      memcpy(v, f->etag + 1, k);
      v[k] = 0;
    }
  }
  return arena_printf(r->arena, "/static/%s?v=%s", name, v);
}

/* ------------------------------------------------------- published editions */

typedef struct Pub {
  HansardRecord rec;
  HansardEdition *eds; /* oldest first */
  int neds;
  HansardEdition ed;   /* the one shown, with content */
  Snap snap;
  int latest;          /* ed is the newest edition */
} Pub;

/* Loads sitting `sitting` and its edition `number` (0: the latest). Replies
** (404 for no sitting, no such edition) and returns 0 on failure; returns
** 1 with p->neds == 0 when nothing is published (and number was 0). */
static int pub_load(Req *r, int64_t sitting, long long number, Pub *p) {
  memset(p, 0, sizeof *p);
  int rc = hansard_record_status(r->db, r->arena, sitting, &p->rec);
  if (!rc) rc = hansard_editions(r->db, r->arena, sitting, &p->eds, &p->neds);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return 0;
  }
  if (!p->neds) {
    if (!number) return 1;
    reply_error(r, MJ_ENOTFOUND, "the record of this sitting has not been published yet");
    return 0;
  }
  int at = p->neds - 1;
  if (number) {
    at = -1;
    for (int i = 0; i < p->neds; i++)
      if (p->eds[i].number == number) at = i;
    if (at < 0) {
      reply_error(r, MJ_ENOTFOUND, arena_printf(r->arena, "this sitting has no edition %lld of its record", number));
      return 0;
    }
  }
  p->latest = at == p->neds - 1;
  if ((rc = hansard_edition(r->db, r->arena, p->eds[at].id, &p->ed)) || (rc = recsnap_parse(r->arena, p->ed.content, &p->snap))) {
    reply_error(r, rc, mj_errmsg());
    return 0;
  }
  return 1;
}

/* ?edition=N (absent: 0, the latest); replies 400 and returns 0 when bad. */
static int edition_param(Req *r, long long *n) {
  const char *s = req_query(r, "edition");
  *n = 0;
  if (!s || !*s) return 1;
  if (mj_parse_int(s, 1, 1000000, n)) {
    reply_error(r, MJ_EINVAL, "edition must be an edition number (1, 2, ...)");
    return 0;
  }
  return 1;
}

/* For the views of one published edition (print, PDF, AKN, TEI): the
** sitting from the path and the edition from ?edition=N (the latest when
** absent); 0 after replying 400 or 404 (nothing published yet). */
static int pub_published(Req *r, int64_t *sitting, Pub *p) {
  long long n;
  if (!page_path_id(r, 0, sitting) || !edition_param(r, &n) || !pub_load(r, *sitting, n, p)) return 0;
  if (!p->neds) {
    reply_error(r, MJ_ENOTFOUND, "the record of this sitting has not been published yet");
    return 0;
  }
  return 1;
}

/* The closed votes on an agenda item, as links. */
static void item_votes(Req *r, int64_t item) {
  if (!item) return;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT id, title, coalesce(result,'') FROM vote_event WHERE agenda_item_id=?1 "
                                    "AND status='closed' ORDER BY id LIMIT 50");
  if (!st) return;
  sqlite3_bind_int64(st, 1, item);
  int any = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *res = (const char *)sqlite3_column_text(st, 2);
    if (!any) html_printf(&r->out, "<ul class=\"rec-votes\">");
    any = 1;
    html_printf(&r->out, "<li><a href=\"/votes/%L\">%s: %s</a> <span class=\"result-%s\">%s</span></li>",
                (long long)sqlite3_column_int64(st, 0), T(r, "Vote"), (const char *)sqlite3_column_text(st, 1),
                strcmp(res, "pass") == 0 ? "pass" : "fail", strcmp(res, "pass") == 0 ? T(r, "Passed") : T(r, "Not passed"));
  }
  db_done(st);
  if (any) html_printf(&r->out, "</ul>");
}

static const char *item_title(Req *r, int64_t item) {
  if (!item) return NULL;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT title FROM agenda_item WHERE id=?1");
  if (!st) return NULL;
  sqlite3_bind_int64(st, 1, item);
  const char *t = NULL;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    t = arena_strdup(r->arena, (const char *)sqlite3_column_text(st, 0));
  db_done(st);
  return t;
}

/* One speech of an edition. print: no permalink controls. */
static void speech_html(Req *r, const Snap *s, const SnapSpeech *sp, int print) {
  Buf *b = &r->out;
  const char *who = recsnap_speaker(sp, lang_of(r));
  html_printf(b, "<article class=\"rec-speech kind-%s\" id=\"speech-%L\" lang=\"%s\" dir=\"%R\">", sp->kind, (long long)sp->id,
              sp->lang, rtl_lang(sp->lang) ? "rtl" : "ltr");
  html_printf(b, "<header class=\"rec-speaker\">");
  if (*who) {
    if (sp->person_id && !print)
      html_printf(b, "<a class=\"who\" href=\"/members/%L\"><strong>%s</strong></a>", (long long)sp->person_id, who);
    else
      html_printf(b, "<strong class=\"who\">%s</strong>", who);
  }
  if (sp->role && *sp->role) html_printf(b, " <span class=\"role\">(%s)</span>", sp->role);
  if (sp->start_time && *sp->start_time)
    html_printf(b, " <time class=\"at\" datetime=\"%s%R%s\" dir=\"ltr\">%s</time>", s->date ? s->date : "",
                s->date ? "T" : "", sp->start_time, arena_strndup(r->arena, sp->start_time, 5));
  if (strcmp(sp->kind, "speech") != 0) html_printf(b, " <span class=\"kind\">%s</span>", kind_label(r, sp->kind));
  if (!print)
    html_printf(b, " <a class=\"permalink\" href=\"/speeches/%L\" aria-label=\"%s\" title=\"%s\">#</a>", (long long)sp->id,
                T(r, "Permanent link to this speech"), T(r, "Permanent link to this speech"));
  html_printf(b, "</header><div class=\"rec-text\">");
  paragraphs(r, sp->text);
  html_printf(b, "</div></article>\n");
}

/* The text of an edition: headings and speeches in reading order. */
static void edition_body(Req *r, const Snap *s, int print) {
  Buf *b = &r->out;
  if (!s->nitems) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "This edition holds no speeches."));
    return;
  }
  for (int i = 0; i < s->nitems; i++) {
    if (!s->items[i].is_section) {
      speech_html(r, s, &s->speeches[s->items[i].index], print);
      continue;
    }
    const SnapSection *x = &s->sections[s->items[i].index];
    int lv = x->depth <= 0 ? 2 : x->depth == 1 ? 3 : 4;
    html_printf(b, "<h%d class=\"rec-section\" id=\"section-%L\">%s</h%d>\n", lv, (long long)x->id,
                x->heading && *x->heading ? x->heading : T(r, "Section"), lv);
    if (x->agenda_item_id && !print) {
      const char *t = item_title(r, x->agenda_item_id);
      html_printf(b, "<p class=\"rec-item\"><a href=\"/sittings/%L#item-%L\">%s%R%s</a></p>", (long long)s->sitting_id,
                  (long long)x->agenda_item_id, T(r, "Agenda item"), t ? ": " : "", t ? t : "");
      item_votes(r, x->agenda_item_id);
    }
  }
}

static void toc(Req *r, const Snap *s) {
  int any = 0;
  for (int i = 0; i < s->nsections; i++)
    if (s->sections[i].heading && *s->sections[i].heading) any = 1;
  if (!any) return;
  html_printf(&r->out, "<nav class=\"rec-toc\" aria-labelledby=\"toc-h\"><h2 id=\"toc-h\">%s</h2><ol>", T(r, "Contents"));
  for (int i = 0; i < s->nsections; i++) {
    const SnapSection *x = &s->sections[i];
    if (!x->heading || !*x->heading) continue;
    html_printf(&r->out, "<li class=\"depth-%d\"><a href=\"#section-%L\">%s</a></li>", x->depth > 2 ? 2 : x->depth,
                (long long)x->id, x->heading);
  }
  html_printf(&r->out, "</ol></nav>\n");
}

/* The notice every view of an edition carries. */
static void edition_notice(Req *r, const Pub *p) {
  int final = strcmp(p->ed.kind, "final") == 0;
  html_printf(&r->out, "<p class=\"rec-edition %R\"><span class=\"badge\">%s</span> %s <time datetime=\"%s\" dir=\"ltr\">%s</time>. %s</p>\n",
              final ? "final" : "provisional", edition_label(r, p->ed.kind, p->ed.number), T(r, "published on"),
              p->ed.published_at, stamp(r, p->ed.published_at),
              final ? T(r, "This is the official record of the sitting.")
                    : T(r, "Provisional: members and editors may still correct it before the final edition."));
}

/* Links to the other screens of the record, as far as the reader may use them. */
static void record_nav(Req *r, int64_t sitting, const char *current) {
  Buf *b = &r->out;
  unsigned caps = r->who.actor.caps;
  html_printf(b, "<nav class=\"screens rec-screens\" aria-label=\"%s\"><ul>", T(r, "Screens of the record"));
  html_printf(b, "<li><a href=\"/sittings/%L\">%s</a></li>", (long long)sitting, T(r, "The sitting"));
  html_printf(b, "<li><a href=\"/sittings/%L/record\"%R>%s</a></li>", (long long)sitting,
              strcmp(current, "public") == 0 ? " aria-current=\"page\"" : "", T(r, "Published record"));
  if (caps & (CAP_HANSARD_REPORT | CAP_HANSARD_EDIT))
    html_printf(b, "<li><a href=\"/sittings/%L/record/edit\"%R>%s</a></li>", (long long)sitting,
                strcmp(current, "edit") == 0 ? " aria-current=\"page\"" : "", T(r, "Edit the record"));
  if (r->who.person_id || (caps & CAP_HANSARD_EDIT))
    html_printf(b, "<li><a href=\"/sittings/%L/record/review\"%R>%s</a></li>", (long long)sitting,
                strcmp(current, "review") == 0 ? " aria-current=\"page\"" : "", T(r, "Members' review"));
  if (caps & CAP_HANSARD_CERTIFY)
    html_printf(b, "<li><a href=\"/sittings/%L/record/certify\"%R>%s</a></li>", (long long)sitting,
                strcmp(current, "certify") == 0 ? " aria-current=\"page\"" : "", T(r, "Certify and publish"));
  html_printf(b, "</ul></nav>\n");
}

static void editions_list(Req *r, const Pub *p) {
  Buf *b = &r->out;
  html_printf(b, "<section class=\"rec-editions\" aria-labelledby=\"eds-h\"><h2 id=\"eds-h\">%s</h2><ol>", T(r, "Editions"));
  for (int i = p->neds - 1; i >= 0; i--) {
    const HansardEdition *e = &p->eds[i];
    html_printf(b, "<li><a href=\"/sittings/%L/record/editions/%d\"%R>%s</a> · <time datetime=\"%s\" dir=\"ltr\">%s</time>",
                (long long)p->rec.sitting_id, e->number, e->number == p->ed.number ? " aria-current=\"page\"" : "",
                edition_label(r, e->kind, e->number), e->published_at, stamp(r, e->published_at));
    if (e->note && *e->note) html_printf(b, " · <span dir=\"auto\">%s</span>", e->note);
    if (i > 0)
      html_printf(b, " · <a href=\"/sittings/%L/record/editions/%d#changes\">%s</a>", (long long)p->rec.sitting_id, e->number,
                  T(r, "changes since the edition before"));
    html_printf(b, "</li>");
  }
  html_printf(b, "</ol></section>\n");
}

/* A word-level difference: unchanged words plain, insertions and deletions
** marked, and changes of diacritics or spelling only (same word under the
** search analyzer's folding) marked apart, with the old form for screen
** readers and on hover. Speeches without changes are left out unless all. */
static void diff_html(Req *r, const HansardDiff *d, const Snap *names, int all) {
  Buf *b = &r->out;
  html_printf(b, "<p class=\"diff-summary\">%s: %d · %s: %d · %s: %d</p>\n", T(r, "Words added"), d->ins, T(r, "Words removed"),
              d->del, T(r, "Diacritics or spelling only"), d->marks);
  html_printf(b, "<p class=\"diff-legend\"><ins>%s</ins> <del>%s</del> <span class=\"diff-marks\">%s</span></p>\n",
              T(r, "added"), T(r, "removed"), T(r, "diacritics only"));
  int i = 0, shown = 0;
  while (i < d->n) {
    int64_t sid = d->ops[i].speech_id;
    int j = i, changed = 0;
    for (; j < d->n && d->ops[j].speech_id == sid; j++) changed |= strcmp(d->ops[j].op, "eq") != 0;
    if (changed || all) {
      shown++;
      int k = names ? recsnap_find_speech(names, sid) : -1;
      const char *who = k >= 0 ? recsnap_speaker(&names->speeches[k], lang_of(r)) : "";
      const char *lang = k >= 0 ? names->speeches[k].lang : "ar";
      html_printf(b, "<article class=\"diff-speech\" id=\"diff-%L\"><h3>", (long long)sid);
      if (sid) html_printf(b, "<a href=\"#speech-%L\">%s #%L</a>", (long long)sid, T(r, "Speech"), (long long)sid);
      if (*who) html_printf(b, " · <bdi>%s</bdi>", who);
      html_printf(b, "</h3><p class=\"diff-text\" lang=\"%s\" dir=\"%R\">", lang, rtl_lang(lang) ? "rtl" : "ltr");
      for (int k2 = i; k2 < j; k2++) {
        const HansardDiffOp *o = &d->ops[k2];
        if (strcmp(o->op, "eq") == 0) html_printf(b, "%s", o->text);
        else if (strcmp(o->op, "ins") == 0) html_printf(b, "<ins>%s</ins>", o->text);
        else if (strcmp(o->op, "del") == 0) html_printf(b, "<del>%s</del>", o->text);
        else
          html_printf(b, "<span class=\"diff-marks\" title=\"%s: %s\"><span class=\"vh\">%s: %s; %s: </span>%s</span>",
                      T(r, "before"), o->old ? o->old : "", T(r, "before"), o->old ? o->old : "", T(r, "now"), o->text);
      }
      html_printf(b, "</p></article>\n");
    }
    i = j;
  }
  if (!shown) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No changes."));
}

/* A view of one edition: the public record page and an edition's page. */
static void render_edition(Req *r, Pub *p, int edition_page) {
  const char *heading = sitting_heading(r, p->rec.number, p->rec.body_ar, p->rec.body_en);
  const char *title = arena_printf(r->arena, "%s · %s", T(r, "Record of proceedings"), heading);
  page_begin(r, title,
             arena_printf(r->arena, "%s, %s (%s)", T(r, "The verbatim record"), heading, p->rec.date ? p->rec.date : ""));
  Buf *b = &r->out;
  int64_t sid = p->rec.sitting_id;
  html_printf(b, "<article class=\"record-page\"><header class=\"rec-head\"><h1>%s</h1>"
              "<p class=\"rec-sitting\"><a href=\"/sittings/%L\">%s</a> · <time datetime=\"%s\">%s</time></p>\n",
              T(r, "Record of proceedings"), (long long)sid, heading, p->rec.date, p->rec.date);
  edition_notice(r, p);
  if (!p->latest)
    html_printf(b, "<p class=\"rec-older\" role=\"note\">%s <a href=\"/sittings/%L/record\">%s</a></p>\n",
                T(r, "A later edition of this record has been published."), (long long)sid, T(r, "Read the latest edition"));
  const char *q = edition_page ? arena_printf(r->arena, "?edition=%d", p->ed.number) : "";
  html_printf(b, "<ul class=\"rec-actions\"><li><a href=\"/sittings/%L/record/print%s\">%s</a></li>"
              "<li><a href=\"/sittings/%L/record.pdf%s\" type=\"application/pdf\">%s</a></li>"
              "<li><a href=\"/sittings/%L/record.akn%s\" type=\"application/akn+xml\">%s</a></li>"
              "<li><a href=\"/sittings/%L/record.tei%s\" type=\"application/tei+xml\">%s</a></li></ul>\n",
              (long long)sid, q, T(r, "Printable version"), (long long)sid, q, T(r, "PDF (A4)"), (long long)sid, q,
              T(r, "Akoma Ntoso (XML)"), (long long)sid, q, T(r, "ParlaMint TEI (XML)"));
  html_printf(b, "</header>\n");
  record_nav(r, sid, edition_page ? "" : "public");
  toc(r, &p->snap);
  html_printf(b, "<div class=\"rec-body\">\n");
  edition_body(r, &p->snap, 0);
  html_printf(b, "</div>\n");
  if (edition_page && p->ed.number > 1) {
    /* the changes since the edition before, word by word */
    const HansardEdition *prev = NULL;
    for (int i = 0; i < p->neds; i++)
      if (p->eds[i].number < p->ed.number) prev = &p->eds[i];
    HansardDiff d;
    if (prev && hansard_diff(r->db, r->arena, prev->id, p->ed.id, &d) == MJ_OK) {
      html_printf(b, "<section class=\"rec-diff\" id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">%s %d</h2>\n",
                  T(r, "Changes since edition"), prev->number);
      diff_html(r, &d, &p->snap, 0);
      html_printf(b, "</section>\n");
    }
  }
  editions_list(r, p);
  html_printf(b, "</article>\n");
  page_end(r);
}

void page_record(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  Pub p;
  if (!pub_load(r, sitting, 0, &p)) return;
  if (p.neds) {
    render_edition(r, &p, 0);
    return;
  }
  const char *heading = sitting_heading(r, p.rec.number, p.rec.body_ar, p.rec.body_en);
  page_begin(r, arena_printf(r->arena, "%s · %s", T(r, "Record of proceedings"), heading), heading);
  html_printf(&r->out, "<article class=\"record-page\"><header class=\"rec-head\"><h1>%s</h1>"
              "<p class=\"rec-sitting\"><a href=\"/sittings/%L\">%s</a> · <time datetime=\"%s\">%s</time></p></header>\n",
              T(r, "Record of proceedings"), (long long)sitting, heading, p.rec.date, p.rec.date);
  record_nav(r, sitting, "public");
  html_printf(&r->out, "<p class=\"empty\">%s</p>\n<p>%s: %s</p></article>\n",
              T(r, "The record of this sitting has not been published yet."), T(r, "Where it stands"),
              p.rec.exists ? status_label(r, p.rec.status) : T(r, "Not started"));
  page_end(r);
}

void page_record_edition(Req *r) {
  int64_t sitting, n;
  if (!page_path_id(r, 0, &sitting) || !page_path_id(r, 1, &n)) return;
  Pub p;
  if (!pub_load(r, sitting, n, &p)) return;
  render_edition(r, &p, 1);
}

void page_record_print(Req *r) {
  int64_t sitting;
  Pub p;
  if (!pub_published(r, &sitting, &p)) return;
  /* a document of its own: no site navigation, the stylesheet's print rules */
  r->ctype = "text/html; charset=utf-8";
  Buf *b = &r->out;
  const char *heading = sitting_heading(r, p.rec.number, p.rec.body_ar, p.rec.body_en);
  html_printf(b,
              "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>%s · %s</title>\n<meta name=\"description\" content=\"%s · %s\">\n"
              "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"%s\">\n</head>\n"
              "<body class=\"print-view\">\n<header class=\"print-head\"><p class=\"parliament\">%s</p>"
              "<h1>%s</h1><p><time datetime=\"%s\">%s</time></p>\n",
              i18n_code(r->lang), i18n_dir(r->lang), T(r, "Record of proceedings"), heading, T(r, "Record of proceedings"),
              heading, script_url(r, "css/majlis.css"), T(r, "Council of Representatives"), heading, p.rec.date, p.rec.date);
  if (web_config()->demo)
    html_printf(b, "<p class=\"demo-banner\">%s</p>",
                T(r, "Demonstration data: the sittings, speeches and votes shown here are generated and fictional."));
  edition_notice(r, &p);
  html_printf(b, "<p class=\"no-print\"><a href=\"/sittings/%L/record\">%s</a> · <a href=\"/sittings/%L/record.pdf%s\">%s</a></p>"
              "</header>\n<main id=\"main\">\n",
              (long long)sitting, T(r, "Back to the record"), (long long)sitting,
              p.latest ? "" : arena_printf(r->arena, "?edition=%d", p.ed.number), T(r, "PDF (A4)"));
  edition_body(r, &p.snap, 1);
  html_printf(b, "</main>\n<footer class=\"print-foot\"><p>%s · %s · /sittings/%L/record</p></footer>\n</body>\n</html>\n",
              T(r, "Council of Representatives"), edition_label(r, p.ed.kind, p.ed.number), (long long)sitting);
}

void page_record_pdf(Req *r) {
  int64_t sitting;
  Pub p;
  if (!pub_published(r, &sitting, &p)) return;
  /* an edition never changes: its hash and the language name the file */
  const char *etag = arena_printf(r->arena, "\"%.32s-%s\"", p.ed.sha256, lang_of(r));
  req_add_header(r, "ETag", etag);
  const char *named = req_query(r, "edition"); /* a URL naming its edition never changes */
  req_add_header(r, "Cache-Control", named && *named ? "public, max-age=31536000, immutable" : "public, max-age=300");
  req_add_header(r, "Content-Disposition",
                 arena_printf(r->arena, "inline; filename=\"sitting-%lld-record-%d.pdf\"", (long long)sitting, p.ed.number));
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strstr(inm, etag)) {
    r->status = 304;
    return;
  }
  PdfDoc doc;
  PdfInfo info;
  pdf_edition_doc(r->arena, &p.snap, (int)r->lang, p.ed.number, p.ed.kind, p.ed.published_at, &doc);
  if (web_config()->demo) /* as every page of a demo says */
    doc.notice = arena_printf(r->arena, "%s %s", doc.notice,
                              T(r, "Demonstration data: the sittings, speeches and votes shown here are generated and fictional."));
  buf_reset(&r->out);
  int rc = pdf_render(&doc, &r->out, &info);
  if (rc) {
    buf_reset(&r->out);
    r->out.err = 0;
    r->nhdr = 0;
    reply_error(r, rc, mj_errmsg());
    return;
  }
  if (info.font_fallback) log_warn("record.pdf: %s", info.warning);
  r->ctype = "application/pdf";
}

/* GET /sittings/ID/record.akn and record.tei [?edition=N]: the latest (or
** Nth) published edition as an Akoma Ntoso 3.0 debate or a ParlaMint TEI
** document, written from the edition's snapshot as `majlis export akn|
** parlamint` writes it. The export date in the document changes daily, so
** the bytes are not immutable like the PDF's: cached five minutes. */
static void record_xml(Req *r, int akn) {
  int64_t sitting;
  Pub p;
  if (!pub_published(r, &sitting, &p)) return;
  RecDoc d;
  recdoc_init(&d, arena_printf(r->arena, "sitting %lld", (long long)sitting), akn ? "akn" : "parlamint");
  buf_reset(&r->out);
  int rc = recio_load_edition(r->db, sitting, p.ed.id, &d);
  if (!rc) rc = akn ? akn_write(&d, &r->out) : tei_write(&d, &r->out);
  recdoc_free(&d);
  if (rc) {
    buf_reset(&r->out);
    r->out.err = 0;
    reply_error(r, rc, mj_errmsg());
    return;
  }
  req_add_header(r, "Cache-Control", "public, max-age=300");
  req_add_header(r, "Content-Disposition", arena_printf(r->arena, "inline; filename=\"sitting-%lld-record-%d.%s.xml\"",
                                                        (long long)sitting, p.ed.number, akn ? "akn" : "tei"));
  r->ctype = akn ? "application/akn+xml; charset=utf-8" : "application/tei+xml; charset=utf-8";
}

void page_record_akn(Req *r) { record_xml(r, 1); }
void page_record_tei(Req *r) { record_xml(r, 0); }

/* The sitting of speech `id`: from the speech table, else (a speech removed
** after it was published) from the editions that hold it. 0: none. */
static int64_t speech_sitting(Req *r, int64_t id) {
  int64_t s = db_int(r->db, "SELECT sitting_id FROM speech WHERE id=?1", 1, id, 0);
  if (s) return s;
  return db_int(r->db, "SELECT e.sitting_id FROM edition e, json_each(e.content, '$.speeches') j "
                       "WHERE json_extract(j.value, '$.id')=?1 ORDER BY e.id DESC LIMIT 1", 1, id, 0);
}

void page_speech(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  int64_t sitting = speech_sitting(r, id);
  Pub p;
  memset(&p, 0, sizeof p);
  int k = -1;
  if (sitting) {
    if (!pub_load(r, sitting, 0, &p)) return;
    /* the newest edition that holds it */
    for (int e = p.neds - 1; e >= 0 && k < 0; e--) {
      if (e != p.neds - 1) {
        Pub q;
        if (!pub_load(r, sitting, p.eds[e].number, &q)) return;
        p.ed = q.ed;
        p.snap = q.snap;
        p.latest = 0;
      }
      k = recsnap_find_speech(&p.snap, id);
    }
  }
  if (k < 0) {
    reply_error(r, MJ_ENOTFOUND, "no published record holds this speech");
    return;
  }
  const SnapSpeech *sp = &p.snap.speeches[k];
  const char *who = recsnap_speaker(sp, lang_of(r));
  const char *heading = sitting_heading(r, p.rec.number, p.rec.body_ar, p.rec.body_en);
  const char *title = *who ? arena_printf(r->arena, "%s · %s", who, heading) : heading;
  /* the description: the speech's first words */
  char lead[240];
  mj_strlcpy(lead, sp->text, sizeof lead);
  if (strlen(sp->text) >= sizeof lead) { /* cut inside a character: drop its first bytes */
    size_t ln = strlen(lead);
    while (ln && ((unsigned char)lead[ln - 1] & 0xC0) == 0x80) lead[--ln] = 0;
    if (ln && (unsigned char)lead[ln - 1] >= 0xC0) lead[--ln] = 0;
  }
  page_begin(r, title, lead);
  Buf *b = &r->out;
  html_printf(b, "<article class=\"speech-page\"><header class=\"rec-head\"><h1>%s</h1>"
              "<p class=\"rec-sitting\"><a href=\"/sittings/%L\">%s</a> · <time datetime=\"%s\">%s</time></p>",
              *who ? who : T(r, "Speech"), (long long)sitting, heading, p.rec.date, p.rec.date);
  const SnapSection *sec = recsnap_section_of(&p.snap, k);
  if (sec && sec->heading) html_printf(b, "<p class=\"rec-in\">%s: <a href=\"/sittings/%L/record#section-%L\">%s</a></p>",
                                       T(r, "Section"), (long long)sitting, (long long)sec->id, sec->heading);
  int64_t item = sp->agenda_item_id ? sp->agenda_item_id : sec ? sec->agenda_item_id : 0;
  if (item) {
    const char *t = item_title(r, item);
    html_printf(b, "<p class=\"rec-item\"><a href=\"/sittings/%L#item-%L\">%s%R%s</a></p>", (long long)sitting, (long long)item,
                T(r, "Agenda item"), t ? ": " : "", t ? t : "");
    item_votes(r, item);
  }
  edition_notice(r, &p);
  html_printf(b, "</header>\n");
  speech_html(r, &p.snap, sp, 0);
  html_printf(b, "<nav class=\"rec-around\" aria-label=\"%s\"><ul>", T(r, "Around this speech"));
  if (k > 0) {
    const SnapSpeech *x = &p.snap.speeches[k - 1];
    html_printf(b, "<li><a rel=\"prev\" href=\"/speeches/%L\">%s</a>%R<bdi>%s</bdi></li>", (long long)x->id, T(r, "Previous speech"),
                *recsnap_speaker(x, lang_of(r)) ? ": " : "", recsnap_speaker(x, lang_of(r)));
  }
  html_printf(b, "<li><a href=\"/sittings/%L/record%s#speech-%L\">%s</a></li>", (long long)sitting,
              p.latest ? "" : arena_printf(r->arena, "/editions/%d", p.ed.number), (long long)id, T(r, "Read it in the record"));
  if (k + 1 < p.snap.nspeeches) {
    const SnapSpeech *x = &p.snap.speeches[k + 1];
    html_printf(b, "<li><a rel=\"next\" href=\"/speeches/%L\">%s</a>%R<bdi>%s</bdi></li>", (long long)x->id, T(r, "Next speech"),
                *recsnap_speaker(x, lang_of(r)) ? ": " : "", recsnap_speaker(x, lang_of(r)));
  }
  html_printf(b, "<li><a href=\"/search?like=%L\">%s</a></li></ul></nav>\n</article>\n", (long long)id, T(r, "More like this"));
  page_end(r);
}

int record_sitting_block(Req *r, int64_t sitting) {
  int exists = db_int(r->db, "SELECT count(*) FROM record WHERE sitting_id=?1", 1, sitting, 0) > 0;
  HansardEdition ed;
  int have = hansard_edition_latest(r->db, r->arena, sitting, &ed) == MJ_OK;
  if (!exists && !have) return 0;
  Buf *b = &r->out;
  html_printf(b, "<section aria-labelledby=\"record\"><h2 id=\"record\">%s</h2>\n", T(r, "Record of proceedings"));
  Snap s;
  if (!have || recsnap_parse(r->arena, ed.content, &s)) {
    html_printf(b, "<p class=\"empty\">%s</p></section>\n", T(r, "The record of this sitting is being prepared; it appears here once published."));
    return 1;
  }
  int final = strcmp(ed.kind, "final") == 0;
  html_printf(b, "<p class=\"rec-edition %R\"><span class=\"badge\">%s</span> <a href=\"/sittings/%L/record\">%s</a> · "
              "<a href=\"/sittings/%L/record.pdf\" type=\"application/pdf\">PDF</a></p>\n",
              final ? "final" : "provisional", edition_label(r, ed.kind, ed.number), (long long)sitting,
              T(r, "The record with its contents and editions"), (long long)sitting);
  for (int i = 0; i < s.nspeeches; i++) speech_html(r, &s, &s.speeches[i], 0);
  html_printf(b, "</section>\n");
  return 1;
}

/* ------------------------------------------------------------------ forms */

static MeetingActor actor(Req *r) {
  MeetingActor m = {&r->who.actor, r->who.person_id};
  return m;
}

static int64_t speech_sitting_live(Req *r, int64_t id) {
  return db_int(r->db, "SELECT sitting_id FROM speech WHERE id=?1", 1, id, 0);
}

/* The speech edit form (the editor's screen without JavaScript). On a
** conflict it shows both versions and lets the editor choose. */
void page_record_speech_save(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  long long version = 0, person = 0;
  if (mj_parse_int(req_form(r, "version") ? req_form(r, "version") : "", 1, 1000000000, &version)) {
    reply_error(r, MJ_EINVAL, "version: the speech's version number is missing; reload the page");
    return;
  }
  const char *ps = req_form(r, "person_id");
  if (ps && *ps && mj_parse_int(ps, 1, INT64_MAX, &person)) {
    reply_error(r, MJ_EINVAL, "person_id must be a person's number");
    return;
  }
  HansardEdit e = {req_form(r, "text"), (int)version, (int64_t)person, req_form(r, "label"), req_form(r, "role"),
                   req_form(r, "confirm_attribution") != NULL};
  int nv = 0;
  HansardConflict c;
  memset(&c, 0, sizeof c);
  MeetingActor m = actor(r);
  int rc = hansard_speech_edit(r->db, &m, id, &e, &nv, &c);
  int64_t sitting = speech_sitting_live(r, id);
  if (rc != MJ_ECONFLICT) {
    page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/record/edit#sp-%lld", (long long)sitting, (long long)id));
    return;
  }
  /* someone saved first: their text and ours, and a choice */
  HansardSpeech cur;
  if (hansard_speech(r->db, r->arena, id, &cur)) {
    reply_error(r, MJ_ECONFLICT, mj_errmsg());
    return;
  }
  r->status = 409;
  page_begin(r, T(r, "Someone else changed this speech"), T(r, "Edit conflict"));
  Buf *b = &r->out;
  const char *back = req_form(r, "back");
  if (!page_safe_back(back)) back = arena_printf(r->arena, "/sittings/%lld/record/edit", (long long)sitting);
  html_printf(b, "<section class=\"conflict\"><h1>%s</h1><p>%s <bdi>%s</bdi> · <time dir=\"ltr\">%s</time> (%s %d)</p>\n"
              "<div class=\"conflict-cols\"><div><h2>%s</h2><div class=\"rec-text\" dir=\"auto\">",
              T(r, "Someone else changed this speech"), T(r, "Saved by"), cur.edited_by ? cur.edited_by : "",
              stamp(r, cur.edited_at), T(r, "version"), cur.version, T(r, "Their version (saved)"));
  paragraphs(r, cur.text);
  html_printf(b, "</div></div><div><h2>%s</h2><div class=\"rec-text\" dir=\"auto\">", T(r, "Your version (not saved)"));
  paragraphs(r, e.text);
  html_printf(b, "</div></div></div>\n<form method=\"post\" action=\"/speeches/%L/edit\" class=\"stack\">", (long long)id);
  page_form_hidden(r, back);
  html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%d\">"
              "<label for=\"cf-text\">%s</label><textarea id=\"cf-text\" name=\"text\" rows=\"10\" dir=\"auto\">%s</textarea>"
              "<button type=\"submit\">%s</button></form>\n<p><a href=\"%s\">%s</a></p></section>\n",
              cur.version, T(r, "Your text (edit it, then save over their version)"), e.text ? e.text : "",
              T(r, "Save my version"), back, T(r, "Keep their version"));
  page_end(r);
}

void page_record_take_status(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  MeetingActor m = actor(r);
  int rc = hansard_take_status(r->db, &m, id, req_form(r, "status"));
  int64_t sitting = db_int(r->db, "SELECT sitting_id FROM take WHERE id=?1", 1, id, 0);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/record/edit", (long long)sitting));
}

void page_record_flag_resolve(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  MeetingActor m = actor(r);
  int rc = hansard_flag_resolve(r->db, &m, id, req_form(r, "resolution"));
  int64_t sitting = db_int(r->db, "SELECT sitting_id FROM record_flag WHERE id=?1", 1, id, 0);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/record/edit", (long long)sitting));
}

void page_record_review_open(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  long long hours = 0;
  const char *h = req_form(r, "hours");
  if (!h || mj_parse_int(h, 1, 2160, &hours)) {
    reply_error(r, MJ_EINVAL, "hours: the review window is a whole number of hours from 1 to 2160");
    return;
  }
  MeetingActor m = actor(r);
  int rc = req_form(r, "close") ? hansard_review_close(r->db, &m, sitting) : hansard_review_open(r->db, &m, sitting, (int)hours);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/record/review", (long long)sitting));
}

void page_record_correction_propose(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  MeetingActor m = actor(r);
  int64_t cid = 0;
  int rc = hansard_correction_propose(r->db, &m, id, req_form(r, "text"), req_form(r, "reason"), &cid);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/record/review#sp-%lld", (long long)speech_sitting_live(r, id),
                                  (long long)id));
}

void page_record_correction_decide(Req *r) {
  int64_t id;
  if (!page_path_id(r, 0, &id)) return;
  const char *acc = req_form(r, "accept");
  if (!acc || (strcmp(acc, "1") != 0 && strcmp(acc, "0") != 0)) {
    reply_error(r, MJ_EINVAL, "accept must be 1 (accept the correction) or 0 (reject it)");
    return;
  }
  MeetingActor m = actor(r);
  int rc = hansard_correction_decide(r->db, &m, id, strcmp(acc, "1") == 0, req_form(r, "note"));
  int64_t sitting = db_int(r->db, "SELECT s.sitting_id FROM speech_correction c JOIN speech s ON s.id=c.speech_id WHERE c.id=?1", 1,
                           id, 0);
  page_finish_post(r, rc, arena_printf(r->arena, "/sittings/%lld/record/review", (long long)sitting));
}

void page_record_certify_post(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  MeetingActor m = actor(r);
  page_finish_post(r, hansard_certify(r->db, &m, sitting), arena_printf(r->arena, "/sittings/%lld/record/certify", (long long)sitting));
}

void page_record_publish(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  MeetingActor m = actor(r);
  int64_t eid = 0;
  int number = 0;
  const char *note = req_form(r, "note");
  int rc = hansard_publish(r->db, &m, sitting, req_form(r, "kind"), note && *note ? note : NULL, &eid, &number);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, arena_printf(r->arena, "/sittings/%lld/record", (long long)sitting));
}

/* ----------------------------------------------------- the editor's screen */

typedef struct Person {
  int64_t id;
  const char *name;
} Person;

/* The members of the sitting's body on its date, for the speaker pickers. */
static int people_load(Req *r, const HansardRecord *rec, Person **out) {
  Person *p = arena_alloc(r->arena, sizeof *p * 1000);
  int n = 0;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT p.id, p.name_ar, p.name_en, p.name_az FROM person p WHERE p.id IN "
                                    "(SELECT person_id FROM membership WHERE organization_id=?1 AND start_date<=?2 "
                                    "AND (end_date IS NULL OR end_date>=?2)) ORDER BY p.name_ar LIMIT 1000");
  if (st) {
    sqlite3_bind_int64(st, 1, rec->body_id);
    sqlite3_bind_text(st, 2, rec->date ? rec->date : "", -1, SQLITE_TRANSIENT);
    while (n < 1000 && sqlite3_step(st) == SQLITE_ROW) {
      const char *ar = (const char *)sqlite3_column_text(st, 1), *en = (const char *)sqlite3_column_text(st, 2);
      const char *az = (const char *)sqlite3_column_text(st, 3);
      const char *name = r->lang == LANG_EN && en && *en ? en : r->lang == LANG_AZ && az && *az ? az
                         : r->lang == LANG_AZ && en && *en ? en : ar ? ar : "";
      p[n].id = sqlite3_column_int64(st, 0);
      p[n].name = arena_strdup(r->arena, name);
      n++;
    }
    db_done(st);
  }
  *out = p;
  return n;
}

static const char *person_name(Req *r, const HansardSpeech *sp) {
  if (sp->person_id) {
    if (r->lang != LANG_AR && sp->person_en && *sp->person_en) return sp->person_en;
    if (sp->person_ar) return sp->person_ar;
  }
  return sp->label ? sp->label : "";
}

/* Where the media plays from: a link to the recording at that second (works
** without JavaScript), which record.js turns into seeking the player. */
static void seek_link(Req *r, const HansardRecord *rec, int64_t start, int64_t end) {
  if (start < 0) return;
  const char *range = end >= 0 ? arena_printf(r->arena, "%s–%s", media_time(r, start), media_time(r, end)) : media_time(r, start);
  if (rec->media_url && *rec->media_url)
    html_printf(&r->out, "<a class=\"seek\" href=\"%s#t=%L\" data-ms=\"%L\" dir=\"ltr\" title=\"%s\">%s</a>", rec->media_url,
                (long long)(start / 1000), (long long)start, T(r, "Play from here"), range);
  else
    html_printf(&r->out, "<span class=\"timecode\" dir=\"ltr\">%s</span>", range);
}

static void flag_item(Req *r, const HansardRecord *rec, const HansardFlag *f, const char *back) {
  Buf *b = &r->out;
  int open = strcmp(f->status, "open") == 0;
  html_printf(b, "<li class=\"ed-flag %s kind-%s\" id=\"flag-%L\" tabindex=\"-1\"><span class=\"badge\">%s</span> ", f->status,
              f->kind, (long long)f->id, flag_kind_label(r, f->kind));
  seek_link(r, rec, f->start_ms, f->end_ms);
  if (f->detail && *f->detail) html_printf(b, " <span dir=\"auto\">%s</span>", f->detail);
  if (!open) {
    html_printf(b, " · %s: <span dir=\"auto\">%s</span></li>\n", T(r, "Resolved"), f->resolution ? f->resolution : "");
    return;
  }
  if (r->who.actor.caps & CAP_HANSARD_EDIT) {
    html_printf(b, "<form method=\"post\" action=\"/flags/%L/resolve\" class=\"inline ed-resolve\" data-flag=\"%L\">", (long long)f->id,
                (long long)f->id);
    page_form_hidden(r, back);
    html_printf(b, "<label for=\"fr-%L\" class=\"vh\">%s</label><input id=\"fr-%L\" name=\"resolution\" required maxlength=\"500\" "
                "dir=\"auto\" placeholder=\"%s\"><button type=\"submit\">%s</button></form>",
                (long long)f->id, T(r, "How it was resolved"), (long long)f->id, T(r, "How it was resolved"), T(r, "Resolve"));
  }
  html_printf(b, "</li>\n");
}

static void speech_editor(Req *r, const HansardView *v, const HansardSpeech *sp, const Person *people, int npeople,
                          const char *back) {
  Buf *b = &r->out;
  int editor = (r->who.actor.caps & CAP_HANSARD_EDIT) != 0;
  int locked = strcmp(v->rec.status, "certified") == 0 || strcmp(v->rec.status, "final") == 0;
  long long id = (long long)sp->id;
  html_printf(b, "<article class=\"ed-speech%R\" id=\"sp-%L\" data-speech=\"%L\" data-version=\"%d\" data-start=\"%L\" "
              "data-end=\"%L\" tabindex=\"-1\" aria-labelledby=\"sp-%L-h\">",
              strcmp(sp->attribution, "proposed") == 0 ? " proposed" : "", id, id, sp->version, (long long)sp->media_start_ms,
              (long long)sp->media_end_ms, id);
  html_printf(b, "<header><h3 id=\"sp-%L-h\"><span class=\"pos\">%d.</span> <bdi>%s</bdi></h3><p class=\"meta\">", id, sp->position,
              *person_name(r, sp) ? person_name(r, sp) : T(r, "Speaker not known"));
  seek_link(r, &v->rec, sp->media_start_ms, sp->media_end_ms);
  if (sp->start_time) html_printf(b, " · <span dir=\"ltr\">%s</span>", sp->start_time);
  html_printf(b, " · %s", kind_label(r, sp->kind));
  if (strcmp(sp->source, "asr") == 0) {
    html_printf(b, " · %s: <bdi>%s %s</bdi>", T(r, "Speech recognition"), sp->engine ? sp->engine : "",
                sp->engine_version ? sp->engine_version : "");
    if (sp->confidence >= 0)
      html_printf(b, " · %s <span class=\"conf%R\">%d%%</span>", T(r, "confidence"), sp->confidence < HANSARD_LOW_CONFIDENCE ? " low" : "",
                  (int)(sp->confidence * 100 + 0.5));
  }
  if (strcmp(sp->attribution, "proposed") == 0)
    html_printf(b, " · <span class=\"badge warn\">%s</span>", T(r, "Speaker proposed, not confirmed"));
  html_printf(b, " · %s <span class=\"ver\">%d</span>", T(r, "version"), sp->version);
  if (sp->edited_by) html_printf(b, " · %s <bdi>%s</bdi>", T(r, "last saved by"), sp->edited_by);
  html_printf(b, "</p></header>\n");

  html_printf(b, "<form method=\"post\" action=\"/speeches/%L/edit\" class=\"ed-form\" data-speech=\"%L\">", id, id);
  page_form_hidden(r, back);
  html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%d\" class=\"ed-version\">", sp->version);
  html_printf(b, "<div class=\"ed-cols\"><div class=\"ed-draft\"><h4 id=\"dr-%L\">%s</h4><div class=\"rec-text\" lang=\"%s\" dir=\"%R\">",
              id, T(r, "Machine draft"), sp->lang, rtl_lang(sp->lang) ? "rtl" : "ltr");
  if (sp->draft_text && *sp->draft_text) paragraphs(r, sp->draft_text);
  else html_printf(b, "<p class=\"empty\">%s</p>", T(r, "No machine draft: the text was typed or imported."));
  html_printf(b, "</div></div><div class=\"ed-edit\"><label for=\"tx-%L\">%s</label>"
              "<textarea id=\"tx-%L\" name=\"text\" class=\"ed-text\" rows=\"8\" lang=\"%s\" dir=\"%R\" aria-describedby=\"dr-%L\"%R>%s</textarea>"
              "</div></div>\n",
              id, T(r, "Text of the record"), id, sp->lang, rtl_lang(sp->lang) ? "rtl" : "ltr", id, locked ? " readonly" : "",
              sp->text);
  html_printf(b, "<fieldset class=\"ed-speaker\"><legend>%s</legend><label for=\"pp-%L\">%s</label>"
              "<select id=\"pp-%L\" name=\"person_id\" class=\"ed-person\"%R><option value=\"\">%s</option>",
              T(r, "Speaker"), id, T(r, "Member"), id, editor ? "" : " disabled", T(r, "None: use the printed label"));
  int listed = 0;
  for (int i = 0; i < npeople; i++) {
    listed |= people[i].id == sp->person_id;
    html_printf(b, "<option value=\"%L\"%R>%s</option>", (long long)people[i].id, people[i].id == sp->person_id ? " selected" : "",
                people[i].name);
  }
  if (sp->person_id && !listed)
    html_printf(b, "<option value=\"%L\" selected>%s</option>", (long long)sp->person_id, person_name(r, sp));
  html_printf(b, "</select><label for=\"lb-%L\">%s</label><input id=\"lb-%L\" name=\"label\" value=\"%s\" maxlength=\"200\" dir=\"auto\">"
              "<label for=\"rl-%L\">%s</label><input id=\"rl-%L\" name=\"role\" value=\"%s\" maxlength=\"200\" dir=\"auto\">",
              id, T(r, "Printed label"), id, sp->label ? sp->label : "", id, T(r, "Role"), id, sp->role ? sp->role : "");
  if (editor)
    html_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"confirm_attribution\" value=\"1\"%R> %s</label>",
                strcmp(sp->attribution, "confirmed") == 0 ? " checked" : "", T(r, "Speaker confirmed"));
  html_printf(b, "</fieldset><p class=\"ed-actions\"><button type=\"submit\" class=\"ed-save\"%R>%s</button> "
              "<span class=\"ed-state\" role=\"status\" aria-live=\"polite\"></span></p></form>\n",
              locked ? " disabled" : "", T(r, "Save"));
  int nf = 0;
  for (int i = 0; i < v->nflags; i++) nf += v->flags[i].speech_id == sp->id;
  if (nf) {
    html_printf(b, "<ul class=\"ed-flags\" aria-label=\"%s\">", T(r, "Flags"));
    for (int i = 0; i < v->nflags; i++)
      if (v->flags[i].speech_id == sp->id) flag_item(r, &v->rec, &v->flags[i], back);
    html_printf(b, "</ul>\n");
  }
  html_printf(b, "</article>\n");
}

/* The data record.js needs: the sitting, the CSRF token for the API, and
** what it says, in the page's language. */
static void editor_root(Req *r, int64_t sitting) {
  html_printf(&r->out,
              "<div class=\"rec-editor\" id=\"rec-editor\" data-sitting=\"%L\" data-csrf=\"%s\" data-msg-saved=\"%s\""
              " data-msg-saving=\"%s\" data-msg-unsaved=\"%s\" data-msg-failed=\"%s\" data-msg-conflict=\"%s\""
              " data-msg-offline=\"%s\" data-msg-no-media=\"%s\">\n",
              (long long)sitting, r->who.session_id ? r->who.csrf : "", T(r, "Saved"), T(r, "Saving…"), T(r, "Unsaved changes"),
              T(r, "Could not save; check the connection and try again."),
              T(r, "Someone else saved this speech meanwhile: choose which text to keep."),
              T(r, "Offline: your text is kept here and saved when the connection returns."),
              T(r, "The recording cannot be played here."));
}

static void conflict_dialog(Req *r) {
  html_printf(&r->out,
              "<dialog id=\"conflict\" class=\"conflict\" aria-labelledby=\"cf-h\"><h2 id=\"cf-h\">%s</h2>"
              "<p class=\"cf-who\"></p><div class=\"conflict-cols\"><div><h3>%s</h3><div class=\"cf-theirs rec-text\" dir=\"auto\"></div></div>"
              "<div><h3>%s</h3><div class=\"cf-mine rec-text\" dir=\"auto\"></div></div></div>"
              "<p class=\"buttons\"><button type=\"button\" class=\"cf-keep-mine\">%s</button> "
              "<button type=\"button\" class=\"cf-take-theirs\">%s</button> <button type=\"button\" class=\"cf-cancel\">%s</button></p>"
              "</dialog>\n",
              T(r, "Someone else changed this speech"), T(r, "Their version (saved)"), T(r, "Your version (not saved)"),
              T(r, "Keep my version"), T(r, "Take their version"), T(r, "Decide later"));
}

static void shortcuts_help(Req *r) {
  html_printf(&r->out,
              "<details class=\"ed-keys\"><summary>%s</summary><dl>"
              "<dt><kbd>Ctrl</kbd>+<kbd>S</kbd></dt><dd>%s</dd><dt><kbd>Alt</kbd>+<kbd>N</kbd></dt><dd>%s</dd>"
              "<dt><kbd>Alt</kbd>+<kbd>P</kbd></dt><dd>%s</dd><dt><kbd>Alt</kbd>+<kbd>F</kbd></dt><dd>%s</dd>"
              "<dt><kbd>Alt</kbd>+<kbd>K</kbd></dt><dd>%s</dd><dt><kbd>Alt</kbd>+<kbd>J</kbd> / <kbd>Alt</kbd>+<kbd>L</kbd></dt><dd>%s</dd>"
              "</dl><p>%s</p></details>\n",
              T(r, "Keyboard shortcuts"), T(r, "Save the speech now"), T(r, "Next speech"), T(r, "Previous speech"),
              T(r, "Next open flag"), T(r, "Play or pause the recording from this speech"),
              T(r, "Back or forward five seconds in the recording"),
              T(r, "Changes are saved by themselves two seconds after you stop typing."));
}

void page_record_edit(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  HansardView v;
  int rc = hansard_record(r->db, r->arena, sitting, &v);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *tq = req_query(r, "take");
  long long want = 0;
  int all = tq && strcmp(tq, "all") == 0;
  if (tq && *tq && !all && mj_parse_int(tq, 1, 100000, &want)) {
    reply_error(r, MJ_EINVAL, "take must be a take's number, or all");
    return;
  }
  const HansardTake *take = NULL;
  for (int i = 0; i < v.ntakes && !all; i++)
    if (want ? v.takes[i].number == want : strcmp(v.takes[i].status, "reviewed") != 0) {
      take = &v.takes[i];
      break;
    }
  if (want && !take) {
    reply_error(r, MJ_ENOTFOUND, arena_printf(r->arena, "this sitting has no take %lld", want));
    return;
  }
  if (!take && !all && v.ntakes) take = &v.takes[0];
  const char *heading = sitting_heading(r, v.rec.number, v.rec.body_ar, v.rec.body_en);
  page_begin(r, arena_printf(r->arena, "%s · %s", T(r, "Edit the record"), heading), heading);
  Buf *b = &r->out;
  editor_root(r, sitting);
  html_printf(b, "<header class=\"rec-head\"><p class=\"screen-name\">%s</p><h1>%s</h1>"
              "<p class=\"state\"><span class=\"badge rec-%s\">%s</span> · %s: %d · %s: %d · %s: %d · %s: %d</p></header>\n",
              T(r, "Edit the record"), heading, v.rec.status, status_label(r, v.rec.status), T(r, "Takes"), v.ntakes,
              T(r, "Open flags"), v.open_flags, T(r, "Corrections to decide"), v.ncorrections, T(r, "Speakers to confirm"),
              v.proposed);
  record_nav(r, sitting, "edit");
  if (strcmp(v.rec.status, "certified") == 0 || strcmp(v.rec.status, "final") == 0)
    html_printf(b, "<p class=\"notice\" role=\"note\">%s</p>\n",
                strcmp(v.rec.status, "final") == 0 ? T(r, "The final edition is published; the record no longer changes.")
                                                    : T(r, "The record is certified; it cannot be edited until it is published."));
  shortcuts_help(r);

  /* the takes */
  html_printf(b, "<section class=\"panel ed-takes\" aria-labelledby=\"takes-h\"><h2 id=\"takes-h\">%s</h2>\n", T(r, "Takes"));
  if (!v.ntakes) {
    html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "The recording has not been cut into takes; every speech is shown below."));
  } else {
    html_printf(b, "<table class=\"list\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Take"), T(r, "Media time"), T(r, "Reporter"), T(r, "Status"), T(r, "Speeches"), T(r, "Open flags"));
    for (int i = 0; i < v.ntakes; i++) {
      const HansardTake *t = &v.takes[i];
      html_printf(b, "<tr class=\"take-%s\"><th scope=\"row\"><a href=\"/sittings/%L/record/edit?take=%d\"%R>%s %d</a></th>"
                  "<td dir=\"ltr\">%s–%s</td><td><bdi>%s</bdi></td><td>%s</td><td>%d</td><td>%d</td></tr>\n",
                  t->status, (long long)sitting, t->number, take == t ? " aria-current=\"true\"" : "", T(r, "Take"), t->number,
                  media_time(r, t->start_ms), media_time(r, t->end_ms),
                  t->reporter_display ? t->reporter_display : T(r, "Not assigned"), take_status_label(r, t->status), t->speeches,
                  t->open_flags);
    }
    html_printf(b, "</tbody></table><p><a href=\"/sittings/%L/record/edit?take=all\"%R>%s</a></p>\n", (long long)sitting,
                all ? " aria-current=\"true\"" : "", T(r, "All speeches of the sitting"));
  }
  html_printf(b, "</section>\n");

  /* the take (or the whole record) being edited */
  const char *back = take ? arena_printf(r->arena, "/sittings/%lld/record/edit?take=%d", (long long)sitting, take->number)
                          : arena_printf(r->arena, "/sittings/%lld/record/edit%s", (long long)sitting, all ? "?take=all" : "");
  html_printf(b, "<section class=\"panel ed-take\" aria-labelledby=\"take-h\"><h2 id=\"take-h\">");
  if (take) {
    html_printf(b, "%s %d <span class=\"meta\" dir=\"ltr\">%s–%s</span></h2>\n<p class=\"meta\">%s: <bdi>%s</bdi> · %s: %s</p>\n",
                T(r, "Take"), take->number, media_time(r, take->start_ms), media_time(r, take->end_ms), T(r, "Reporter"),
                take->reporter_display ? take->reporter_display : T(r, "Not assigned"), T(r, "Status"),
                take_status_label(r, take->status));
    html_printf(b, "<form method=\"post\" action=\"/takes/%L/status\" class=\"buttons ed-take-status\">", (long long)take->id);
    page_form_hidden(r, back);
    if (strcmp(take->status, "draft") == 0)
      html_printf(b, "<button type=\"submit\" name=\"status\" value=\"edited\">%s</button>", T(r, "Mark the take as edited"));
    if (r->who.actor.caps & CAP_HANSARD_EDIT) {
      if (strcmp(take->status, "reviewed") != 0)
        html_printf(b, "<button type=\"submit\" name=\"status\" value=\"reviewed\">%s</button>", T(r, "Review and merge into the record"));
      if (strcmp(take->status, "draft") != 0)
        html_printf(b, "<button type=\"submit\" name=\"status\" value=\"draft\">%s</button>", T(r, "Back to draft"));
    }
    html_printf(b, "</form>\n");
  } else {
    html_printf(b, "%s</h2>\n", T(r, "All speeches of the sitting"));
  }
  if (v.rec.media_url && *v.rec.media_url)
    html_printf(b, "<audio id=\"ed-media\" class=\"ed-media\" controls preload=\"none\" src=\"%s\" data-start=\"%L\"></audio>\n",
                v.rec.media_url, take ? (long long)take->start_ms : 0LL);
  else
    html_printf(b, "<p class=\"help\">%s</p>\n", T(r, "No recording is linked to this sitting; time codes are shown as text."));
  Person *people;
  int npeople = people_load(r, &v.rec, &people);
  int shown = 0;
  for (int i = 0; i < v.nspeeches; i++) {
    const HansardSpeech *sp = &v.speeches[i];
    if (take && sp->take_id != take->id) continue;
    speech_editor(r, &v, sp, people, npeople, back);
    shown++;
  }
  if (!shown) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No speeches in this take yet."));
  html_printf(b, "</section>\n");

  /* flags that are not on a speech shown above */
  int other = 0;
  for (int i = 0; i < v.nflags; i++) {
    const HansardFlag *f = &v.flags[i];
    int here = 0;
    for (int k = 0; k < v.nspeeches && f->speech_id; k++)
      if (v.speeches[k].id == f->speech_id) here = !take || v.speeches[k].take_id == take->id;
    if (here || strcmp(f->status, "open") != 0) continue;
    if (!other) html_printf(b, "<section class=\"panel\" aria-labelledby=\"of-h\"><h2 id=\"of-h\">%s</h2><ul class=\"ed-flags\">",
                            T(r, "Other open flags"));
    other++;
    flag_item(r, &v.rec, f, back);
  }
  if (other) html_printf(b, "</ul></section>\n");
  conflict_dialog(r);
  html_printf(b, "</div>\n<script nonce=\"%s\" src=\"%s\" defer></script>\n", r->nonce, script_url(r, "js/record.js"));
  page_end(r);
}

/* ------------------------------------------------------ the members' review */

void page_record_review(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  HansardRecord rec;
  int rc = hansard_record_status(r->db, r->arena, sitting, &rec);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  int editor = (r->who.actor.caps & CAP_HANSARD_EDIT) != 0;
  int64_t me = r->who.person_id;
  const char *heading = sitting_heading(r, rec.number, rec.body_ar, rec.body_en);
  page_begin(r, arena_printf(r->arena, "%s · %s", T(r, "Members' review"), heading), heading);
  Buf *b = &r->out;
  /* Any signed-in user may open the page; one who is neither a member nor
  ** an editor is told why there is nothing for them here. */
  if (!me && !editor) {
    html_printf(b, "<h1>%s</h1><p class=\"notice\">%s</p>", T(r, "Members' review"),
                T(r, "The members' review is for members: your account is not linked to a member."));
    page_end(r);
    return;
  }
  const char *back = arena_printf(r->arena, "/sittings/%lld/record/review", (long long)sitting);
  html_printf(b, "<div class=\"rec-review\"><header class=\"rec-head\"><p class=\"screen-name\">%s</p><h1>%s</h1>"
              "<p class=\"state\"><span class=\"badge rec-%s\">%s</span>",
              T(r, "Members' review"), heading, rec.status, status_label(r, rec.status));
  if (rec.review_until)
    html_printf(b, " · %s <time datetime=\"%s\" dir=\"ltr\">%s</time>", rec.review_open ? T(r, "open until") : T(r, "closed on"),
                rec.review_until, stamp(r, rec.review_until));
  html_printf(b, "</p></header>\n");
  record_nav(r, sitting, "review");
  if (editor) {
    html_printf(b, "<section class=\"panel\" aria-labelledby=\"win-h\"><h2 id=\"win-h\">%s</h2>"
                "<form method=\"post\" action=\"/sittings/%L/record/review\" class=\"inline\">",
                T(r, "The review window"), (long long)sitting);
    page_form_hidden(r, back);
    html_printf(b, "<label for=\"rv-hours\">%s</label><input id=\"rv-hours\" name=\"hours\" type=\"number\" min=\"1\" max=\"2160\" "
                "value=\"48\" dir=\"ltr\"><button type=\"submit\">%s</button>",
                T(r, "Hours members have to review"), T(r, "Open the members' review"));
    if (rec.review_open)
      html_printf(b, " <button type=\"submit\" name=\"close\" value=\"1\">%s</button>", T(r, "End the review now"));
    html_printf(b, "</form></section>\n");
  }

  if (me) {
    html_printf(b, "<section class=\"panel\" aria-labelledby=\"mine-h\"><h2 id=\"mine-h\">%s</h2>\n", T(r, "Your speeches"));
    if (!rec.review_open)
      html_printf(b, "<p class=\"notice\" role=\"note\">%s</p>\n",
                  T(r, "The review window is not open: you can read your speeches but not propose corrections now."));
    HansardSpeech *sp;
    int n;
    HansardCorrection *cs;
    int nc;
    if ((rc = hansard_speeches(r->db, r->arena, sitting, &sp, &n)) ||
        (rc = hansard_corrections(r->db, r->arena, sitting, NULL, me, &cs, &nc))) {
      n = nc = 0;
    }
    int mine = 0;
    for (int i = 0; i < n; i++) {
      if (sp[i].person_id != me) continue;
      mine++;
      long long id = (long long)sp[i].id;
      html_printf(b, "<article class=\"rv-speech\" id=\"sp-%L\" aria-labelledby=\"sp-%L-h\"><h3 id=\"sp-%L-h\">%s %d%R<span dir=\"ltr\">%s</span></h3>"
                  "<div class=\"rec-text\" lang=\"%s\" dir=\"%R\">",
                  id, id, id, T(r, "Speech"), sp[i].position, sp[i].start_time ? " · " : "", sp[i].start_time ? sp[i].start_time : "",
                  sp[i].lang, rtl_lang(sp[i].lang) ? "rtl" : "ltr");
      paragraphs(r, sp[i].text);
      html_printf(b, "</div>");
      for (int k = 0; k < nc; k++) {
        if (cs[k].speech_id != sp[i].id) continue;
        html_printf(b, "<div class=\"rv-correction st-%s\"><p><span class=\"badge\">%s</span> %s <time dir=\"ltr\">%s</time>%R<span dir=\"auto\">%s</span></p>",
                    cs[k].status,
                    strcmp(cs[k].status, "pending") == 0    ? T(r, "Correction pending")
                    : strcmp(cs[k].status, "accepted") == 0 ? T(r, "Correction accepted")
                                                            : T(r, "Correction rejected"),
                    T(r, "proposed on"), stamp(r, cs[k].proposed_at), cs[k].decision_note ? " · " : "",
                    cs[k].decision_note ? cs[k].decision_note : "");
        HansardDiff d;
        if (strcmp(cs[k].status, "pending") == 0 && hansard_diff_text(r->arena, sp[i].text, cs[k].proposed_text, sp[i].id, &d) == MJ_OK)
          diff_html(r, &d, NULL, 1);
        html_printf(b, "</div>");
      }
      if (rec.review_open) {
        html_printf(b, "<details class=\"rv-propose\"><summary>%s</summary><form method=\"post\" action=\"/speeches/%L/corrections\" class=\"stack wide\">",
                    T(r, "Propose a correction"), id);
        page_form_hidden(r, arena_printf(r->arena, "%s#sp-%lld", back, id));
        html_printf(b, "<label for=\"cr-%L\">%s</label><textarea id=\"cr-%L\" name=\"text\" rows=\"8\" required lang=\"%s\" dir=\"%R\">%s</textarea>"
                    "<label for=\"cw-%L\">%s</label><input id=\"cw-%L\" name=\"reason\" maxlength=\"500\" dir=\"auto\">"
                    "<button type=\"submit\">%s</button></form></details>",
                    id, T(r, "Your corrected text"), id, sp[i].lang, rtl_lang(sp[i].lang) ? "rtl" : "ltr", sp[i].text, id,
                    T(r, "Why (optional)"), id, T(r, "Send the correction"));
      }
      html_printf(b, "</article>\n");
    }
    if (!mine) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "You have no speeches in this sitting's record."));
    html_printf(b, "</section>\n");
  }

  if (editor) {
    HansardCorrection *cs;
    int nc = 0;
    if (hansard_corrections(r->db, r->arena, sitting, "pending", 0, &cs, &nc)) nc = 0;
    html_printf(b, "<section class=\"panel\" aria-labelledby=\"dec-h\"><h2 id=\"dec-h\">%s</h2>\n", T(r, "Corrections to decide"));
    if (!nc) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No correction is waiting for a decision."));
    for (int k = 0; k < nc; k++) {
      const HansardCorrection *c = &cs[k];
      const char *who = r->lang != LANG_AR && c->person_en ? c->person_en : c->person_ar ? c->person_ar : "";
      html_printf(b, "<article class=\"rv-decide\" id=\"cor-%L\"><h3><bdi>%s</bdi> · <a href=\"/sittings/%L/record/edit?take=all#sp-%L\">%s #%L</a></h3>",
                  (long long)c->id, who, (long long)sitting, (long long)c->speech_id, T(r, "Speech"), (long long)c->speech_id);
      if (c->reason && *c->reason) html_printf(b, "<p>%s: <span dir=\"auto\">%s</span></p>", T(r, "Reason"), c->reason);
      HansardDiff d;
      if (hansard_diff_text(r->arena, c->current_text, c->proposed_text, c->speech_id, &d) == MJ_OK) diff_html(r, &d, NULL, 1);
      html_printf(b, "<form method=\"post\" action=\"/corrections/%L/decision\" class=\"inline\">", (long long)c->id);
      page_form_hidden(r, back);
      html_printf(b, "<label for=\"dn-%L\">%s</label><input id=\"dn-%L\" name=\"note\" maxlength=\"500\" dir=\"auto\">"
                  "<button type=\"submit\" name=\"accept\" value=\"1\">%s</button> <button type=\"submit\" name=\"accept\" value=\"0\">%s</button>"
                  "</form></article>\n",
                  (long long)c->id, T(r, "Note to the member (optional)"), (long long)c->id, T(r, "Accept"), T(r, "Reject"));
    }
    html_printf(b, "</section>\n");
  }
  html_printf(b, "</div>\n");
  page_end(r);
}

/* ------------------------------------------------------ the certifier's */

void page_record_certify(Req *r) {
  int64_t sitting;
  if (!page_path_id(r, 0, &sitting)) return;
  HansardView v;
  int rc = hansard_record(r->db, r->arena, sitting, &v);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *heading = sitting_heading(r, v.rec.number, v.rec.body_ar, v.rec.body_en);
  page_begin(r, arena_printf(r->arena, "%s · %s", T(r, "Certify and publish"), heading), heading);
  Buf *b = &r->out;
  const char *back = arena_printf(r->arena, "/sittings/%lld/record/certify", (long long)sitting);
  html_printf(b, "<div class=\"rec-certify\"><header class=\"rec-head\"><p class=\"screen-name\">%s</p><h1>%s</h1>"
              "<p class=\"state\"><span class=\"badge rec-%s\">%s</span></p></header>\n",
              T(r, "Certify and publish"), heading, v.rec.status, status_label(r, v.rec.status));
  record_nav(r, sitting, "certify");

  /* what stands in the way */
  int notrev = 0;
  for (int i = 0; i < v.ntakes; i++) notrev += strcmp(v.takes[i].status, "reviewed") != 0;
  html_printf(b, "<section class=\"panel\" aria-labelledby=\"chk-h\"><h2 id=\"chk-h\">%s</h2><ul class=\"checks\">"
              "<li class=\"%R\">%s: %d</li><li class=\"%R\">%s: %d</li><li class=\"%R\">%s: %d</li><li class=\"%R\">%s: %d</li>"
              "<li class=\"%R\">%s</li></ul>\n",
              T(r, "Before certifying"), v.open_flags ? "bad" : "good", T(r, "Open flags"), v.open_flags, notrev ? "bad" : "good",
              T(r, "Takes not reviewed"), notrev, v.ncorrections ? "bad" : "good", T(r, "Corrections to decide"), v.ncorrections,
              v.proposed ? "bad" : "good", T(r, "Speakers to confirm"), v.proposed, v.rec.review_open ? "bad" : "good",
              v.rec.review_open ? T(r, "The members' review is still open") : T(r, "The members' review is closed"));
  if (strcmp(v.rec.status, "drafting") == 0 || strcmp(v.rec.status, "member_review") == 0) {
    html_printf(b, "<form method=\"post\" action=\"/sittings/%L/record/certify\" class=\"buttons\">", (long long)sitting);
    page_form_hidden(r, back);
    html_printf(b, "<button type=\"submit\" class=\"big\">%s</button></form>\n", T(r, "Certify the record"));
  } else if (strcmp(v.rec.status, "certified") == 0) {
    html_printf(b, "<p>%s <bdi>%s</bdi> · <bdi dir=\"ltr\">%s</bdi></p>", T(r, "Certified by"), v.rec.certified_by ? v.rec.certified_by : "",
                stamp(r, v.rec.certified_at));
    html_printf(b, "<form method=\"post\" action=\"/sittings/%L/record/publish\" class=\"stack\">", (long long)sitting);
    page_form_hidden(r, back);
    html_printf(b, "<label for=\"pb-note\">%s</label><input id=\"pb-note\" name=\"note\" maxlength=\"500\" dir=\"auto\">"
                "<p class=\"buttons\"><button type=\"submit\" name=\"kind\" value=\"provisional\">%s</button> "
                "<button type=\"submit\" name=\"kind\" value=\"final\">%s</button></p></form>\n",
                T(r, "Note on the edition (optional)"), T(r, "Publish a provisional edition"), T(r, "Publish the final edition"));
  }
  html_printf(b, "</section>\n");

  /* the difference since the last edition (or the whole text, the first time) */
  html_printf(b, "<section class=\"panel rec-diff\" aria-labelledby=\"df-h\"><h2 id=\"df-h\">");
  HansardDiff d;
  memset(&d, 0, sizeof d);
  char *cur = NULL;
  Snap names;
  memset(&names, 0, sizeof names);
  if (hansard_snapshot(r->db, sitting, &cur) == MJ_OK) {
    recsnap_parse(r->arena, cur, &names);
    if (v.neditions) {
      const HansardEdition *last = &v.editions[v.neditions - 1];
      html_printf(b, "%s (%s)</h2>\n", T(r, "Changes since the last edition"), edition_label(r, last->kind, last->number));
      HansardEdition full;
      rc = hansard_edition(r->db, r->arena, last->id, &full);
      if (!rc) rc = hansard_diff_snapshots(r->arena, full.content, cur, &d);
    } else {
      html_printf(b, "%s</h2>\n", T(r, "No edition yet: the whole text is new"));
      rc = hansard_diff_snapshots(r->arena, "{\"sitting\":{},\"sections\":[],\"speeches\":[]}", cur, &d);
    }
    free(cur);
  } else {
    rc = MJ_EIO;
    html_printf(b, "%s</h2>\n", T(r, "Changes since the last edition"));
  }
  if (rc) html_printf(b, "<p class=\"error-msg\">%s</p>\n", mj_errmsg());
  else diff_html(r, &d, &names, 0);
  html_printf(b, "</section>\n");
  if (v.neditions) {
    html_printf(b, "<section class=\"panel\" aria-labelledby=\"ced-h\"><h2 id=\"ced-h\">%s</h2><ol>", T(r, "Editions"));
    for (int i = v.neditions - 1; i >= 0; i--)
      html_printf(b, "<li><a href=\"/sittings/%L/record/editions/%d\">%s</a> · <bdi dir=\"ltr\">%s</bdi> · <bdi>%s</bdi></li>", (long long)sitting,
                  v.editions[i].number, edition_label(r, v.editions[i].kind, v.editions[i].number),
                  stamp(r, v.editions[i].published_at), v.editions[i].published_by);
    html_printf(b, "</ol></section>\n");
  }
  html_printf(b, "</div>\n");
  page_end(r);
}
