/*
** pdf.c: a sitting's record as a print-ready PDF. Pango shapes and orders
** the text (Arabic joining, the bidirectional algorithm, line breaking and
** justification); cairo writes the PDF. The document is A4 with 20 mm side
** margins; every page has a running header (the parliament, the sitting and
** its date, "page n of m") and a footer notice; speaker names are bold; a
** heading keeps at least two lines of what follows on its page; sections are
** also PDF bookmarks.
**
** "Page n of m" needs m before page 1 is drawn, so the document is laid out
** twice with the same code: the first pass only counts pages, the second
** draws; what the first shapes, the second reuses. Speech paragraphs are
** broken into lines here from words shaped once each (see "speech
** paragraphs" below: shaping is most of the time); headings and the rest
** are pango layouts flowed line by line (PangoLayoutIter). A long speech
** breaks across pages anywhere between lines.
**
** Direction: the pango context's base direction is the document's (RTL for
** Arabic); each paragraph finds its own direction from its first strong
** character (auto-dir), so an English speech in an Arabic record is set left
** to right. Pango mirrors the alignment of a paragraph whose direction is
** opposite to the base, so "start" alignment is RIGHT in an RTL document and
** an LTR paragraph inside it ends up on the left, as it should.
*/
#include <string.h>

#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "i18n.h"
#include "pdf.h"

/* A4 in PostScript points, and the margins (20 mm sides, room for the
** running header above and the footer below). */
#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define MARGIN_X 56.6929
#define MARGIN_TOP 79.0
#define MARGIN_BOTTOM 68.0
#define TEXT_W (PAGE_W - 2 * MARGIN_X)

#define SIZE_BODY 12.5
#define SIZE_HEAD 9.0
#define SIZE_H0 15.0
#define SIZE_H1 13.5
#define SIZE_TITLE 19.0
#define PARA_GAP 4.0    /* between paragraphs of one speech */
#define SPEECH_GAP 9.0  /* between speeches */

/* Fonts with Arabic glyphs, best first: Amiri is what the record is set in;
** the others only stand in when it is missing. */
static const char *const fonts[] = {"Amiri", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", "FreeSerif"};

void pdf_pick_font(PdfInfo *info) {
  memset(info->font, 0, sizeof info->font);
  info->font_fallback = 0;
  info->warning[0] = 0;
  PangoFontMap *fm = pango_cairo_font_map_get_default(); /* per thread; not ours to free */
  PangoFontFamily **fams = NULL;
  int n = 0;
  pango_font_map_list_families(fm, &fams, &n);
  size_t best = MJ_COUNT(fonts);
  for (int i = 0; i < n; i++) {
    const char *name = pango_font_family_get_name(fams[i]);
    for (size_t k = 0; k < best; k++)
      if (g_ascii_strcasecmp(name, fonts[k]) == 0) best = k;
  }
  g_free(fams);
  if (best == 0) {
    mj_strlcpy(info->font, "Amiri", sizeof info->font);
    return;
  }
  info->font_fallback = 1;
  mj_strlcpy(info->font, best < MJ_COUNT(fonts) ? fonts[best] : "Sans", sizeof info->font);
  snprintf(info->warning, sizeof info->warning,
           "the font Amiri is not installed (Debian package fonts-hosny-amiri); the PDF is set in %s instead",
           info->font);
}

/* ---- output ---- */
static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len) {
  Buf *b = closure;
  buf_append(b, data, len);
  return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static int is_rtl_lang(const char *l) {
  static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"};
  if (!l) return 0;
  for (size_t i = 0; i < MJ_COUNT(rtl); i++)
    if (strcmp(l, rtl[i]) == 0) return 1;
  return 0;
}

/* ---- the pen: where the next line goes, on which page ---- */
typedef struct Pen {
  const PdfDoc *d;
  cairo_t *cr;
  cairo_surface_t *surface;
  PangoContext *ctx[2]; /* left to right, right to left */
  const char *font;
  int rtl;
  int draw;   /* 0: the counting pass */
  int page;   /* 1-based */
  int pages;  /* the total (known in the drawing pass) */
  double y;
  int outline_parent[8]; /* bookmark ids of the open headings by level */
  GPtrArray *kept;       /* the text's layouts, made in the counting pass */
  guint next;            /* the next one to reuse in the drawing pass */
  GArray *paras;         /* per speech paragraph, how many of `lines` are its lines */
  GPtrArray *lines;      /* the speech paragraphs' lines (PLine), made in the counting pass */
  guint next_para, next_line;
  GHashTable *words;     /* word(): each distinct word shaped once, by style, language and text */
  PangoLayout *mlay[4];  /* word()'s layouts, by italic and direction */
  const char *mlang[4];  /* ... and the language each was made for */
  PangoLayout *head[3];  /* the running header's parliament and sitting lines and the footer: the same on every page */
  GArray *g, *cl;        /* glyphs and clusters being gathered for cairo */
  GString *u;
} Pen;

/* Shaping (HarfBuzz, through pango's line breaking) is most of the time a
** document takes, so the text's layouts are made once, in the counting
** pass, and reused in the same order by the drawing pass: reuse() gives
** the next kept layout (drawing pass) or NULL (counting pass: make it and
** keep() it). The running header and footer are made in the drawing pass
** only, outside this. */
static PangoLayout *reuse(Pen *p) {
  if (!p->draw || p->next >= p->kept->len) return NULL;
  return g_object_ref(g_ptr_array_index(p->kept, p->next++));
}
static void keep(Pen *p, PangoLayout *l) {
  if (!p->draw) g_ptr_array_add(p->kept, g_object_ref(l));
}

static PangoFontDescription *font_desc(const Pen *p, double size, int bold, int italic) {
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, p->font);
  pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  if (italic) pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
  return fd;
}

typedef enum { AL_START, AL_CENTER, AL_END } Align;

/* Unicode directional isolates: a date, a time or a name keeps its own
** order inside a line of the other direction ("2026-11-20" would otherwise
** read "20-11-2026" in an Arabic line). */
#define LRI "\xe2\x81\xa6"
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"
static void isolate(GString *s, const char *text, const char *open) {
  if (!text || !*text) return;
  if (open) g_string_append(s, open);
  g_string_append(s, text);
  if (open) g_string_append(s, PDI);
}

/* Copies text, isolating every ISO date (YYYY-MM-DD, with a time after it
** if any) left to right: the chrome strings carry dates in the sentences the
** callers compose ("published 2026-11-21"). */
static void isolate_dates(GString *s, const char *text) {
  for (const char *t = text; t && *t;) {
    int date = 1;
    for (int i = 0; i < 10 && date; i++) date = i == 4 || i == 7 ? t[i] == '-' : g_ascii_isdigit(t[i]);
    if (!date) {
      g_string_append_c(s, *t++);
      continue;
    }
    size_t n = 10;
    if ((t[10] == ' ' || t[10] == 'T') && g_ascii_isdigit(t[11]))
      for (n = 11; g_ascii_isdigit(t[n]) || t[n] == ':'; n++) {}
    g_string_append(s, LRI);
    g_string_append_len(s, t, (gssize)n);
    g_string_append(s, PDI);
    t += n;
  }
}

/* A block's direction: its language's, else the document's. */
static int block_rtl(const Pen *p, const PdfBlock *b) { return b->lang && *b->lang ? is_rtl_lang(b->lang) : p->rtl; }

/* A layout of `text` in the text block's width, set in direction `rtl`
** (the document's for the chrome, the language's for a speech: an English
** speech in an Arabic record runs left to right whatever its first letter). */
static PangoLayout *layout_new(const Pen *p, const char *text, double size, int bold, int italic, Align al, int rtl,
                               int justify, const char *lang) {
  PangoLayout *lay = pango_layout_new(p->ctx[rtl ? 1 : 0]);
  PangoFontDescription *fd = font_desc(p, size, bold, italic);
  pango_layout_set_font_description(lay, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(lay, (int)(TEXT_W * PANGO_SCALE));
  pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_auto_dir(lay, FALSE);
  /* start and end in the layout's direction */
  PangoAlignment a = al == AL_CENTER ? PANGO_ALIGN_CENTER
                     : (al == AL_START) == !!rtl ? PANGO_ALIGN_RIGHT
                                                : PANGO_ALIGN_LEFT;
  pango_layout_set_alignment(lay, a);
  pango_layout_set_justify(lay, justify);
  pango_layout_set_text(lay, text, -1);
  if (lang && *lang) {
    PangoAttrList *al2 = pango_attr_list_new();
    pango_attr_list_insert(al2, pango_attr_language_new(pango_language_from_string(lang)));
    pango_layout_set_attributes(lay, al2);
    pango_attr_list_unref(al2);
  }
  return lay;
}

static void show_line(cairo_t *cr, PangoLayoutLine *line, double x, double y);

/* A whole layout with its top at y (the running header and footer). */
static void show_at(const Pen *p, PangoLayout *lay, double y) {
  PangoLayoutIter *it = pango_layout_get_iter(lay);
  do {
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    show_line(p->cr, pango_layout_iter_get_line_readonly(it), MARGIN_X + log.x / (double)PANGO_SCALE,
              y + pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE);
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

static double layout_h(PangoLayout *lay) {
  int w, h;
  pango_layout_get_size(lay, &w, &h);
  return h / (double)PANGO_SCALE;
}

/* The running header and the footer of the current page. */
static void chrome(Pen *p) {
  if (!p->draw) return;
  const PdfDoc *d = p->d;
  cairo_save(p->cr);
  cairo_set_source_rgb(p->cr, 0.25, 0.25, 0.25);
  char pg[160];
  snprintf(pg, sizeof pg, "%s %d %s %d", d->page_word, p->page, d->of_word, p->pages);
  if (!p->head[0]) {
    p->head[0] = layout_new(p, d->parliament, SIZE_HEAD, 1, 0, AL_START, p->rtl, 0, d->lang);
    GString *mid = g_string_new(NULL);
    isolate_dates(mid, d->title);
    g_string_append(mid, " · ");
    isolate_dates(mid, d->date);
    p->head[1] = layout_new(p, mid->str, SIZE_HEAD, 0, 0, AL_CENTER, p->rtl, 0, d->lang);
    g_string_free(mid, TRUE);
    /* line 1: the parliament at the start, the page at the end; line 2: the
    ** sitting and its date, centred (one line, cut short if ever too long) */
    pango_layout_set_ellipsize(p->head[1], PANGO_ELLIPSIZE_END);
    if (d->notice && *d->notice) p->head[2] = layout_new(p, d->notice, SIZE_HEAD, 0, 1, AL_CENTER, p->rtl, 0, d->lang);
  }
  PangoLayout *l1 = p->head[0], *l3 = p->head[1];
  PangoLayout *l2 = layout_new(p, pg, SIZE_HEAD, 0, 0, AL_END, p->rtl, 0, d->lang);
  double y = 30;
  show_at(p, l1, y);
  show_at(p, l2, y);
  double hh = layout_h(l1);
  show_at(p, l3, y + hh + 1);
  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, MARGIN_X, y + 2 * hh + 6);
  cairo_line_to(p->cr, PAGE_W - MARGIN_X, y + 2 * hh + 6);
  cairo_stroke(p->cr);
  if (p->head[2]) {
    PangoLayout *f = p->head[2];
    cairo_move_to(p->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14);
    cairo_line_to(p->cr, PAGE_W - MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14);
    cairo_stroke(p->cr);
    show_at(p, f, PAGE_H - MARGIN_BOTTOM + 20);
  }
  g_object_unref(l2);
  cairo_restore(p->cr);
}

static void new_page(Pen *p) {
  if (p->draw) cairo_show_page(p->cr);
  p->page++;
  p->y = MARGIN_TOP;
  chrome(p);
}

/* Draws one laid-out line with its left end of the baseline at (x, y).
** Pango's own pango_cairo_show_layout_line() hands cairo the glyphs of a
** right-to-left run in logical order (cairo's "backward" clusters), which
** cairo writes as glyphs stepping leftwards; text extractors (pdftotext,
** copy and paste in viewers) then break Arabic words apart glyph by glyph.
** So each run is written here in visual order, left to right, with each
** cluster's characters mapped to its glyphs in visual order too (reversed
** inside an RTL cluster, e.g. lam-alef): what the extractors expect, and how
** they restore the logical order. Positions are pango's, unchanged. */
/* Appends one run as cairo glyphs (positions from x, y), clusters and
** text, in visual order as described above, to g, cl and u; returns the x
** after the run. */
static double run_glyphs(const PangoGlyphItem *run, const char *text, double x, double y, GArray *g, GArray *cl,
                         GString *u) {
  PangoGlyphString *gs = run->glyphs;
  PangoItem *item = run->item;
  int n = gs->num_glyphs, rtl = item->analysis.level % 2;
  double gx = x;
  for (int i = 0; i < n;) {
    /* one cluster: the glyphs sharing a log_cluster value */
    int start = gs->log_clusters[i], j = i, drawn = 0;
    for (; j < n && gs->log_clusters[j] == start; j++) {
      PangoGlyphInfo *gi = &gs->glyphs[j];
      if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
        cairo_glyph_t cg = {gi->glyph, gx + gi->geometry.x_offset / (double)PANGO_SCALE,
                            y + gi->geometry.y_offset / (double)PANGO_SCALE};
        g_array_append_val(g, cg);
        drawn++;
      }
      gx += gi->geometry.width / (double)PANGO_SCALE;
    }
    /* its bytes: from start to the next cluster's start in logical order */
    int end = item->length;
    for (int k = 0; k < n; k++)
      if (gs->log_clusters[k] > start && gs->log_clusters[k] < end) end = gs->log_clusters[k];
    if (drawn) {
      const char *c = text + item->offset + start, *ce = text + item->offset + end;
      gsize before = u->len;
      if (!rtl) {
        g_string_append_len(u, c, ce - c);
      } else { /* the cluster's characters in visual order */
        for (const char *q = ce; q > c;) {
          const char *prev = g_utf8_find_prev_char(c, q);
          if (!prev) prev = c;
          g_string_append_len(u, prev, q - prev);
          q = prev;
        }
      }
      /* as many glyphs as characters (e.g. a shadda and a vowel drawn as
      ** two marks): one each, so that each glyph carries its own
      ** character, not a replacement one under /ActualText */
      const char *cs = u->str + before;
      glong nch = g_utf8_strlen(cs, (gssize)(u->len - before));
      if (drawn > 1 && nch == drawn) {
        for (const char *q = cs; q < u->str + u->len;) {
          const char *nx = g_utf8_next_char(q);
          cairo_text_cluster_t k = {(int)(nx - q), 1};
          g_array_append_val(cl, k);
          q = nx;
        }
      } else {
        cairo_text_cluster_t k = {(int)(u->len - before), drawn};
        g_array_append_val(cl, k);
      }
    }
    i = j;
  }
  return gx;
}

static cairo_scaled_font_t *run_font(const PangoGlyphItem *run) {
  return pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
}

static void show_glyphs(cairo_t *cr, cairo_scaled_font_t *sf, GArray *g, GArray *cl, GString *u) {
  if (g->len && sf) {
    cairo_set_scaled_font(cr, sf);
    cairo_show_text_glyphs(cr, u->str, (int)u->len, (cairo_glyph_t *)(void *)g->data, (int)g->len,
                           (cairo_text_cluster_t *)(void *)cl->data, (int)cl->len, 0);
  }
  g_array_set_size(g, 0);
  g_array_set_size(cl, 0);
  g_string_truncate(u, 0);
}

static void show_line(cairo_t *cr, PangoLayoutLine *line, double x, double y) {
  const char *text = pango_layout_get_text(line->layout);
  GArray *g = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t)), *cl = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
  GString *u = g_string_new(NULL);
  for (GSList *l = line->runs; l; l = l->next) {
    x = run_glyphs(l->data, text, x, y, g, cl, u);
    show_glyphs(cr, run_font(l->data), g, cl, u);
  }
  g_array_free(g, TRUE);
  g_array_free(cl, TRUE);
  g_string_free(u, TRUE);
}

/* Flows a layout's lines down the page, breaking pages between lines.
** keep: the number of its first lines that must not be split from each
** other (a heading with what follows is handled by the caller). */
static void flow(Pen *p, PangoLayout *lay, int keep) {
  PangoLayoutIter *it = pango_layout_get_iter(lay);
  int i = 0;
  double bottom = PAGE_H - MARGIN_BOTTOM;
  do {
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    double h = log.height / (double)PANGO_SCALE;
    double need = i == 0 && keep > 1 ? h * keep : h;
    if (p->y + need > bottom && p->y > MARGIN_TOP) new_page(p);
    if (p->draw) {
      int base = pango_layout_iter_get_baseline(it);
      show_line(p->cr, pango_layout_iter_get_line_readonly(it), MARGIN_X + log.x / (double)PANGO_SCALE,
                p->y + (base - log.y) / (double)PANGO_SCALE);
    }
    p->y += h;
    i++;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

static void title_block(Pen *p) {
  const PdfDoc *d = p->d;
  struct {
    const char *text;
    double size;
    int bold;
    double gap;
  } lines[4] = {{d->parliament, SIZE_TITLE, 1, 6}, {d->title, SIZE_H0, 1, 4}, {d->date, SIZE_BODY, 0, 2},
                {d->edition, SIZE_BODY, 0, 0}};
  for (int i = 0; i < 4; i++) {
    if (!lines[i].text || !*lines[i].text) continue;
    PangoLayout *l = reuse(p);
    if (!l) {
      GString *t = g_string_new(NULL);
      isolate_dates(t, lines[i].text);
      l = layout_new(p, t->str, lines[i].size, lines[i].bold, 0, AL_CENTER, p->rtl, 0, d->lang);
      g_string_free(t, TRUE);
      keep(p, l);
    }
    flow(p, l, 1);
    g_object_unref(l);
    p->y += lines[i].gap;
  }
  if (p->draw) {
    cairo_set_line_width(p->cr, 1.0);
    cairo_move_to(p->cr, MARGIN_X + TEXT_W / 3, p->y + 8);
    cairo_line_to(p->cr, PAGE_W - MARGIN_X - TEXT_W / 3, p->y + 8);
    cairo_stroke(p->cr);
  }
  p->y += 22;
}

static void heading(Pen *p, const PdfBlock *b) {
  double size = b->level <= 0 ? SIZE_H0 : SIZE_H1;
  PangoLayout *l = reuse(p);
  if (!l) {
    l = layout_new(p, b->text ? b->text : "", size, 1, 0, b->level <= 0 ? AL_CENTER : AL_START, block_rtl(p, b), 0, b->lang);
    keep(p, l);
  }
  double h = layout_h(l);
  /* a heading never ends a page: it keeps two body lines below it */
  double keep = h + 6 + 2 * SIZE_BODY * 1.9;
  p->y += 8;
  if (p->y + keep > PAGE_H - MARGIN_BOTTOM && p->y > MARGIN_TOP + 8) new_page(p);
  if (p->draw) {
    int lv = b->level < 0 ? 0 : b->level > 6 ? 6 : b->level;
    int parent = lv ? p->outline_parent[lv - 1] : CAIRO_PDF_OUTLINE_ROOT;
    char attrs[96];
    snprintf(attrs, sizeof attrs, "page=%d pos=[%.1f %.1f]", p->page, MARGIN_X, p->y);
    if (b->text && *b->text)
      p->outline_parent[lv] = cairo_pdf_surface_add_outline(p->surface, parent, b->text, attrs, 0);
    for (int k = lv + 1; k < 8; k++) p->outline_parent[k] = p->outline_parent[lv];
  }
  flow(p, l, 1);
  g_object_unref(l);
  p->y += 6;
}

/* ---- speech paragraphs: words shaped once, lines made here ----
**
** Pango's own line breaking shapes a paragraph's text about 2.7 times (the
** paragraph, then each line's piece again to fit it), and HarfBuzz with
** Amiri was two thirds of a 100,000-word record's time. Words do not
** change shape across a space (Arabic joining stops there), so a speech
** paragraph is cut here into units at pango's own line-break
** opportunities (its log attrs: after a run of spaces; never inside a
** directional isolate such as the speaker's name), each distinct unit is
** shaped once for the whole document (word(): a one-line layout, its glyph
** runs kept ready for cairo), lines are filled greedily, ordered by the
** bidirectional algorithm's levels (pango_log2vis_get_embedding_levels,
** rule L2 over the units), justified by widening the spaces (as pango
** does) and drawn from the kept glyphs, so that every run still comes out
** in visual order with its characters (show_line's property). A line whose
** units mix levels, and a paragraph with a word wider than the line or with
** explicit embeddings (LRE ... PDF), is laid out by pango as before. */

/* A unit shaped: its runs as cairo glyphs from x = 0 on the baseline. */
typedef struct WRun {
  cairo_scaled_font_t *sf;
  cairo_glyph_t *g;
  cairo_text_cluster_t *cl;
  char *u;
  int ng, nc, nu;
} WRun;

typedef struct Word {
  double width, ascent, descent; /* points */
  int nruns;
  WRun *runs;
} Word;

static void word_free(gpointer x) {
  Word *w = x;
  for (int i = 0; i < w->nruns; i++) {
    cairo_scaled_font_destroy(w->runs[i].sf);
    g_free(w->runs[i].g);
    g_free(w->runs[i].cl);
    g_free(w->runs[i].u);
  }
  g_free(w->runs);
  g_free(w);
}

/* The unit t[0..n) alone, its first `bold` bytes bold; NULL when pango
** sets it on more than one line (never, without a width). */
static const Word *word(Pen *p, const char *t, size_t n, size_t bold, int italic, int rtl, const char *lang) {
  GString *key = g_string_sized_new(n + 24);
  g_string_append_printf(key, "%zu.%d%d%s", bold, italic, rtl, lang ? lang : "");
  g_string_append_c(key, '\x01');
  g_string_append_len(key, t, (gssize)n);
  gpointer v;
  if (g_hash_table_lookup_extended(p->words, key->str, NULL, &v)) {
    g_string_free(key, TRUE);
    return v;
  }
  int k = (italic ? 2 : 0) | (rtl ? 1 : 0);
  if (!p->mlay[k] || g_strcmp0(p->mlang[k], lang) != 0) {
    if (p->mlay[k]) g_object_unref(p->mlay[k]);
    p->mlay[k] = layout_new(p, "", SIZE_BODY, 0, italic, AL_START, rtl, 0, lang);
    pango_layout_set_width(p->mlay[k], -1);
    p->mlang[k] = lang;
  }
  PangoLayout *l = p->mlay[k];
  pango_layout_set_text(l, t, (int)n);
  PangoAttrList *al = pango_attr_list_new();
  if (lang && *lang) pango_attr_list_insert(al, pango_attr_language_new(pango_language_from_string(lang)));
  if (bold) {
    PangoAttribute *w = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    w->start_index = 0;
    w->end_index = (guint)bold;
    pango_attr_list_insert(al, w);
  }
  pango_layout_set_attributes(l, al);
  pango_attr_list_unref(al);
  Word *w = NULL;
  if (pango_layout_get_line_count(l) == 1) {
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    PangoRectangle log;
    pango_layout_line_get_extents(line, NULL, &log);
    w = g_new0(Word, 1);
    w->width = log.width / (double)PANGO_SCALE;
    w->ascent = -log.y / (double)PANGO_SCALE;
    w->descent = (log.height + log.y) / (double)PANGO_SCALE;
    w->runs = g_new0(WRun, g_slist_length(line->runs) + 1);
    const char *text = pango_layout_get_text(l);
    double x = 0;
    for (GSList *r = line->runs; r; r = r->next) {
      x = run_glyphs(r->data, text, x, 0, p->g, p->cl, p->u);
      cairo_scaled_font_t *sf = run_font(r->data);
      if (p->g->len && sf) {
        WRun *wr = &w->runs[w->nruns++];
        wr->sf = cairo_scaled_font_reference(sf);
        wr->ng = (int)p->g->len;
        wr->nc = (int)p->cl->len;
        wr->nu = (int)p->u->len;
        wr->g = g_memdup2(p->g->data, sizeof(cairo_glyph_t) * p->g->len);
        wr->cl = g_memdup2(p->cl->data, sizeof(cairo_text_cluster_t) * p->cl->len);
        wr->u = g_memdup2(p->u->str, p->u->len + 1);
      }
      g_array_set_size(p->g, 0);
      g_array_set_size(p->cl, 0);
      g_string_truncate(p->u, 0);
    }
  }
  g_hash_table_insert(p->words, g_string_free(key, FALSE), w);
  return w;
}

/* One piece of a line: a unit or a run of spaces. */
typedef struct Piece {
  const Word *w;
  int spaces; /* > 0: a run of this many spaces (w is their shape) */
  int level;
} Piece;

/* A line of a speech paragraph: pieces in visual order, or a pango layout. */
typedef struct PLine {
  PangoLayout *lay; /* a line (or a whole paragraph) laid out by pango */
  Piece *pc;
  int n;
  double dx, extra, ascent, height;
} PLine;

static void pline_free(gpointer x) {
  PLine *l = x;
  if (l->lay) g_object_unref(l->lay);
  g_free(l->pc);
  g_free(l);
}

static int is_isolate_open(const unsigned char *c) { return c[0] == 0xe2 && c[1] == 0x81 && c[2] >= 0xa6 && c[2] <= 0xa8; }
static int is_pdi(const unsigned char *c) { return c[0] == 0xe2 && c[1] == 0x81 && c[2] == 0xa9; }

typedef struct Unit {
  size_t a, e, next; /* the unit's text [a, e), its spaces [e, next) */
} Unit;

/* Cuts paragraph s into units (see above). 0 when pango should lay it out. */
static int cut_units(const char *s, size_t n, int rtl, const char *lang, GArray *units) {
  for (size_t i = 0; i + 2 < n; i++) /* LRE RLE PDF LRO RLO: pango's way */
    if ((unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0xaa &&
        (unsigned char)s[i + 2] <= 0xae)
      return 0;
  glong nch = g_utf8_strlen(s, (gssize)n);
  PangoLogAttr *la = g_new(PangoLogAttr, nch + 1);
  pango_get_log_attrs(s, (int)n, rtl ? 1 : 0, lang && *lang ? pango_language_from_string(lang) : NULL, la, (int)nch + 1);
  size_t i = 0, a = 0;
  glong ci = 0;
  int depth = 0;
  while (i < n) {
    const unsigned char *c = (const unsigned char *)s + i;
    if (i + 2 < n && is_isolate_open(c)) depth++;
    if (i + 2 < n && is_pdi(c) && depth > 0) depth--;
    if (c[0] != ' ') {
      i = (size_t)(g_utf8_next_char(s + i) - s);
      ci++;
      continue;
    }
    size_t j = i;
    glong cj = ci;
    while (j < n && s[j] == ' ') {
      j++;
      cj++;
    }
    if (depth == 0 && j < n && i > a && la[cj].is_line_break) {
      Unit u = {a, i, j};
      g_array_append_val(units, u);
      a = j;
    }
    i = j;
    ci = cj;
  }
  if (a < n) {
    Unit u = {a, n, n};
    g_array_append_val(units, u);
  }
  g_free(la);
  return (int)units->len;
}

/* The PLine of units u[0..k) of paragraph s (the last line if `last`), or
** NULL when its units mix bidirectional levels (pango sets it then). */
static PLine *make_line(const char *s, const Unit *u, int k, const Word *const *uw, const Word *space, int italic, int rtl,
                        int last, Align al) {
  size_t a = u[0].a, e = u[k - 1].e;
  int base = rtl ? 1 : 0;
  PangoDirection dir = rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
  guint8 *lv = pango_log2vis_get_embedding_levels(s + a, (int)(e - a), &dir);
  PLine *L = g_new0(PLine, 1);
  L->pc = g_new0(Piece, 2 * k);
  double width = 0;
  int spaces = 0, ok = 1, maxlv = base, minodd = 127;
  glong ci = 0; /* character index in s[a..e) */
  const char *q = s + a;
  for (int i = 0; i < k && ok; i++) {
    /* the unit's level: its characters' outside isolates, when they agree;
    ** when they do not (a number and its full stop, "2018."), the unit
    ** still moves as a block at the paragraph's level if it resolves alone
    ** as it does in the line and the spaces around it are at that level */
    int depth = 0, level = -1, mixed = 0;
    const char *u0 = q, *ue = s + u[i].e;
    glong c0 = ci;
    for (; q < ue; q = g_utf8_next_char(q), ci++) {
      const unsigned char *c = (const unsigned char *)q;
      int iso = is_isolate_open(c), pdi = is_pdi(c);
      if (level < 0) level = lv[ci];
      else if (depth == 0 && !iso && !pdi && lv[ci] != level && *q != ' ') mixed = 1;
      if (iso) depth++;
      if (pdi && depth > 0) depth--;
    }
    if (mixed) {
      PangoDirection d2 = rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
      guint8 *own = pango_log2vis_get_embedding_levels(u0, (int)(ue - u0), &d2);
      glong nc = ci - c0;
      for (glong x = 0; x < nc && ok; x++)
        if (own[x] != lv[c0 + x] || own[x] < base) ok = 0;
      g_free(own);
      if ((c0 > 0 && lv[c0 - 1] != base) || (i + 1 < k && lv[ci] != base)) ok = 0;
      level = base;
    }
    Piece *pc = &L->pc[L->n++];
    pc->w = uw[i];
    pc->level = level < 0 ? base : level;
    width += uw[i]->width;
    if (i + 1 < k) { /* the spaces after it */
      int ns = (int)(u[i].next - u[i].e);
      Piece *sp = &L->pc[L->n++];
      sp->w = space;
      sp->spaces = ns;
      sp->level = lv[ci];
      spaces += ns;
      width += ns * space->width;
      for (; q < s + u[i].next; q++) ci++;
    }
  }
  g_free(lv);
  if (!ok) {
    pline_free(L);
    return NULL;
  }
  for (int i = 0; i < L->n; i++) {
    if (L->pc[i].level > maxlv) maxlv = L->pc[i].level;
    if (L->pc[i].level % 2 && L->pc[i].level < minodd) minodd = L->pc[i].level;
    if (L->pc[i].w->ascent > L->ascent) L->ascent = L->pc[i].w->ascent;
    if (L->pc[i].w->ascent + L->pc[i].w->descent > L->height) L->height = L->pc[i].w->ascent + L->pc[i].w->descent;
  }
  /* rule L2: from the highest level to the lowest odd one, reverse every
  ** run of pieces at that level or higher */
  for (int lev = maxlv; lev >= minodd && lev > 0; lev--)
    for (int i = 0; i < L->n;) {
      if (L->pc[i].level < lev) {
        i++;
        continue;
      }
      int j = i;
      while (j < L->n && L->pc[j].level >= lev) j++;
      for (int x = i, y = j - 1; x < y; x++, y--) {
        Piece t = L->pc[x];
        L->pc[x] = L->pc[y];
        L->pc[y] = t;
      }
      i = j;
    }
  double room = TEXT_W - width;
  if (room < 0) room = 0;
  if (!italic && !last && spaces) L->extra = room / spaces; /* justified */
  else if (al == AL_CENTER) L->dx = room / 2;
  else if ((al == AL_START) == !!rtl) L->dx = room;
  return L;
}

/* Draws a PLine with the left end of its baseline at (x, y). */
static void show_pline(Pen *p, const PLine *L, double x, double y) {
  cairo_scaled_font_t *cur = NULL;
  for (int i = 0; i < L->n; i++) {
    const Piece *pc = &L->pc[i];
    int reps = pc->spaces ? pc->spaces : 1;
    for (int r = 0; r < reps; r++) {
      for (int k = 0; k < pc->w->nruns; k++) {
        const WRun *wr = &pc->w->runs[k];
        if (wr->sf != cur) {
          show_glyphs(p->cr, cur, p->g, p->cl, p->u);
          cur = wr->sf;
        }
        for (int g = 0; g < wr->ng; g++) {
          cairo_glyph_t cg = wr->g[g];
          cg.x += x;
          cg.y += y;
          g_array_append_val(p->g, cg);
        }
        g_array_append_vals(p->cl, wr->cl, (guint)wr->nc);
        g_string_append_len(p->u, wr->u, wr->nu);
      }
      x += pc->w->width + (pc->spaces ? L->extra : 0);
    }
  }
  show_glyphs(p->cr, cur, p->g, p->cl, p->u);
}

/* The lines of paragraph s (its first bold_end bytes bold), appended to
** p->lines; returns how many. */
static int make_lines(Pen *p, const char *s, size_t bold_end, int italic, int rtl, const char *lang, Align al) {
  size_t n = strlen(s);
  GArray *units = g_array_new(FALSE, FALSE, sizeof(Unit));
  int nu = n ? cut_units(s, n, rtl, lang, units) : 0;
  const Word **uw = g_new0(const Word *, nu + 1);
  const Word *space = word(p, " ", 1, 0, italic, rtl, lang);
  for (int i = 0; i < nu && space; i++) {
    Unit *x = &g_array_index(units, Unit, i);
    uw[i] = word(p, s + x->a, x->e - x->a, bold_end > x->a ? (bold_end < x->e ? bold_end : x->e) - x->a : 0, italic, rtl, lang);
    if (!uw[i] || uw[i]->width > TEXT_W) { /* a word wider than the line: pango breaks inside it */
      nu = 0;
      break;
    }
  }
  int made = 0;
  if (!nu || !space) { /* pango lays the paragraph out, as a whole */
    PLine *L = g_new0(PLine, 1);
    L->lay = layout_new(p, s, SIZE_BODY, 0, italic, al, rtl, !italic, lang);
    if (bold_end) {
      PangoAttrList *at = pango_layout_get_attributes(L->lay);
      PangoAttrList *mine = at ? pango_attr_list_copy(at) : pango_attr_list_new();
      PangoAttribute *w = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
      w->start_index = 0;
      w->end_index = (guint)bold_end;
      pango_attr_list_insert(mine, w);
      pango_layout_set_attributes(L->lay, mine);
      pango_attr_list_unref(mine);
    }
    g_ptr_array_add(p->lines, L);
    made = 1;
  }
  const Unit *u = (const Unit *)(void *)units->data;
  for (int i = 0; i < nu;) {
    /* fill the line greedily */
    double w = uw[i]->width;
    int j = i + 1;
    while (j < nu && w + (double)(u[j - 1].next - u[j - 1].e) * space->width + uw[j]->width <= TEXT_W) {
      w += (double)(u[j - 1].next - u[j - 1].e) * space->width + uw[j]->width;
      j++;
    }
    PLine *L = make_line(s, u + i, j - i, uw + i, space, italic, rtl, j == nu, al);
    if (!L) { /* mixed levels: pango sets this line (its text, not wrapped) */
      L = g_new0(PLine, 1);
      size_t a = u[i].a, e = u[j - 1].e;
      char *t = g_strndup(s + a, e - a);
      L->lay = layout_new(p, t, SIZE_BODY, 0, italic, al, rtl, !italic && j < nu, lang);
      g_free(t);
      if (!italic && j < nu) pango_layout_set_justify_last_line(L->lay, TRUE);
      if (bold_end > a) {
        PangoAttrList *at = pango_layout_get_attributes(L->lay);
        PangoAttrList *mine = at ? pango_attr_list_copy(at) : pango_attr_list_new();
        PangoAttribute *bw = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        bw->start_index = 0;
        bw->end_index = (guint)((bold_end < e ? bold_end : e) - a);
        pango_attr_list_insert(mine, bw);
        pango_layout_set_attributes(L->lay, mine);
        pango_attr_list_unref(mine);
      }
      /* if pango finds it longer than its words measured apart, it wraps it:
      ** then its last line is not justified (letters would be spread) */
      if (pango_layout_get_line_count(L->lay) > 1) pango_layout_set_justify_last_line(L->lay, FALSE);
    }
    g_ptr_array_add(p->lines, L);
    made++;
    i = j;
  }
  g_free(uw);
  g_array_free(units, TRUE);
  return made;
}

/* Flows lines ls[0..n) as one paragraph (keep: as flow()). */
static void flow_lines(Pen *p, PLine **ls, int n, int keep) {
  double bottom = PAGE_H - MARGIN_BOTTOM;
  for (int i = 0; i < n; i++) {
    PLine *L = ls[i];
    if (L->lay) {
      flow(p, L->lay, i == 0 ? keep : 1);
      continue;
    }
    double need = i == 0 && keep > 1 ? L->height * keep : L->height;
    if (p->y + need > bottom && p->y > MARGIN_TOP) new_page(p);
    if (p->draw) show_pline(p, L, MARGIN_X + L->dx, p->y + L->ascent);
    p->y += L->height;
  }
}

static void speech(Pen *p, const PdfBlock *b) {
  int italic = b->kind && (strcmp(b->kind, "scene") == 0 || strcmp(b->kind, "narrative") == 0);
  const char *text = b->text ? b->text : "";
  int has_speaker = b->speaker && *b->speaker;
  int first = 1;
  int rtl = block_rtl(p, b);
  Align al = italic ? AL_CENTER : AL_START;
  while (first || *text) {
    const char *e = strchr(text, '\n');
    size_t len = e ? (size_t)(e - text) : strlen(text);
    guint n = 0;
    PLine **ls;
    if (p->draw) { /* the lines made in the counting pass */
      n = p->next_para < p->paras->len ? g_array_index(p->paras, guint, p->next_para++) : 0;
      if (p->next_line + n > p->lines->len) n = 0;
      ls = (PLine **)p->lines->pdata + p->next_line;
      p->next_line += n;
    } else {
      /* the first paragraph opens with the speaker's name in bold */
      GString *s = g_string_new(NULL);
      size_t bold_end = 0;
      if (first && has_speaker) {
        /* isolated, so that a name in another script keeps its own order */
        isolate(s, b->speaker, FSI);
        bold_end = s->len;
        if (b->role && *b->role) {
          g_string_append(s, " (");
          isolate(s, b->role, FSI);
          g_string_append(s, ")");
        }
        if (b->time && *b->time) {
          g_string_append(s, " [");
          isolate(s, b->time, LRI);
          g_string_append(s, "]");
        }
        g_string_append(s, ": ");
      }
      g_string_append_len(s, text, (gssize)len);
      n = (guint)make_lines(p, s->str, bold_end, italic, rtl, b->lang, al);
      g_string_free(s, TRUE);
      g_array_append_val(p->paras, n);
      ls = (PLine **)p->lines->pdata + (p->lines->len - n);
    }
    flow_lines(p, ls, (int)n, first ? 2 : 1);
    p->y += PARA_GAP;
    first = 0;
    text += len;
    while (*text == '\n') text++;
  }
  p->y += SPEECH_GAP - PARA_GAP;
}

static int valid(const char *s) { return !s || g_utf8_validate(s, -1, NULL); }

/* One pass over the document (see the file's comment). */
static void pass(Pen *p) {
  p->next = 0;
  p->next_para = 0;
  p->next_line = 0;
  p->page = 1;
  p->y = MARGIN_TOP;
  for (int k = 0; k < 8; k++) p->outline_parent[k] = CAIRO_PDF_OUTLINE_ROOT;
  chrome(p);
  title_block(p);
  for (int i = 0; i < p->d->nblocks; i++) {
    const PdfBlock *b = &p->d->blocks[i];
    if (b->type == PDF_HEADING) heading(p, b);
    else speech(p, b);
  }
  if (p->draw) cairo_show_page(p->cr);
}

int pdf_render(const PdfDoc *d, Buf *out, PdfInfo *info) {
  PdfInfo local;
  if (!info) info = &local;
  memset(info, 0, sizeof *info);
  if (!d || !d->title || !d->parliament || !d->date || !d->page_word || !d->of_word)
    return mj_fail(MJ_EINVAL, "pdf: the document needs a parliament, a title, a date and the page words");
  if (d->nblocks <= 0 || !d->blocks) return mj_fail(MJ_EINVAL, "pdf: the record has no sections or speeches to print");
  const char *all[] = {d->lang, d->parliament, d->title, d->date, d->edition, d->notice, d->page_word, d->of_word};
  for (size_t i = 0; i < MJ_COUNT(all); i++)
    if (!valid(all[i])) return mj_fail(MJ_EINVAL, "pdf: a heading string is not valid UTF-8");
  for (int i = 0; i < d->nblocks; i++) {
    const PdfBlock *b = &d->blocks[i];
    if (b->type != PDF_HEADING && b->type != PDF_SPEECH)
      return mj_fail(MJ_EINVAL, "pdf: block %d has an unknown type", i + 1);
    if (!valid(b->text) || !valid(b->speaker) || !valid(b->role) || !valid(b->time))
      return mj_fail(MJ_EINVAL, "pdf: block %d is not valid UTF-8", i + 1);
  }
  pdf_pick_font(info);

  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    return mj_fail(MJ_EIO, "pdf: cairo cannot create a PDF surface");
  }
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, d->title);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, d->parliament);
  if (d->edition) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, d->edition);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Majlis");
  if (d->created && *d->created) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, d->created);
  cairo_t *cr = cairo_create(surf);

  PangoFontMap *fm = pango_cairo_font_map_get_default();
  PangoContext *ctx[2];
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  for (int k = 0; k < 2; k++) {
    ctx[k] = pango_font_map_create_context(fm);
    /* one unit is one point: font sizes are in points */
    pango_cairo_context_set_resolution(ctx[k], 72.0);
    pango_cairo_context_set_font_options(ctx[k], fo);
    pango_cairo_update_context(cr, ctx[k]);
    pango_context_set_base_dir(ctx[k], k ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    if (d->lang) pango_context_set_language(ctx[k], pango_language_from_string(d->lang));
  }
  cairo_font_options_destroy(fo);
  int rtl = is_rtl_lang(d->lang);

  Pen p;
  memset(&p, 0, sizeof p);
  p.d = d;
  p.cr = cr;
  p.surface = surf;
  p.ctx[0] = ctx[0];
  p.ctx[1] = ctx[1];
  p.font = info->font;
  p.rtl = rtl;
  p.kept = g_ptr_array_new_with_free_func(g_object_unref);
  p.paras = g_array_new(FALSE, FALSE, sizeof(guint));
  p.lines = g_ptr_array_new_with_free_func(pline_free);
  p.words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, word_free);
  p.g = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
  p.cl = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
  p.u = g_string_new(NULL);
  p.draw = 0;
  pass(&p);
  p.pages = p.page;
  p.draw = 1;
  cairo_set_source_rgb(cr, 0, 0, 0);
  pass(&p);
  info->pages = p.pages;
  g_ptr_array_free(p.kept, TRUE);
  g_array_free(p.paras, TRUE);
  g_ptr_array_free(p.lines, TRUE);
  g_hash_table_destroy(p.words);
  for (int k = 0; k < 4; k++)
    if (p.mlay[k]) g_object_unref(p.mlay[k]);
  for (int k = 0; k < 3; k++)
    if (p.head[k]) g_object_unref(p.head[k]);
  g_array_free(p.g, TRUE);
  g_array_free(p.cl, TRUE);
  g_string_free(p.u, TRUE);

  g_object_unref(ctx[0]);
  g_object_unref(ctx[1]);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  cairo_status_t st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  if (out->err) return mj_fail(MJ_ETOOBIG, "pdf: the file would be larger than %zu bytes", out->max);
  if (st != CAIRO_STATUS_SUCCESS) return mj_fail(MJ_EIO, "pdf: cairo failed: %s", cairo_status_to_string(st));
  return MJ_OK;
}

void pdf_blocks_from_snap(Arena *a, const Snap *s, const char *lang, PdfDoc *d) {
  PdfBlock *b = arena_alloc(a, sizeof *b * (size_t)(s->nitems + 1));
  int n = 0;
  for (int i = 0; i < s->nitems; i++) {
    memset(&b[n], 0, sizeof b[n]);
    if (s->items[i].is_section) {
      const SnapSection *x = &s->sections[s->items[i].index];
      if (!x->heading || !*x->heading) continue;
      b[n].type = PDF_HEADING;
      b[n].level = x->depth;
      b[n].text = x->heading;
      n++;
      continue;
    }
    const SnapSpeech *x = &s->speeches[s->items[i].index];
    b[n].type = PDF_SPEECH;
    b[n].text = x->text;
    b[n].speaker = recsnap_speaker(x, lang);
    b[n].role = x->role;
    b[n].time = x->start_time && strlen(x->start_time) >= 5 ? arena_strndup(a, x->start_time, 5) : NULL;
    b[n].lang = x->lang;
    b[n].kind = x->kind;
    n++;
  }
  d->blocks = b;
  d->nblocks = n;
}

/* Translations in the document's language: T(r, msgid) as in the web face,
** with r the Lang here, so that test/cli/test_po.sh finds these strings
** (and checks their translations) as it finds the pages'. */
#define T(r, s) i18n_tr((Lang)(r), (s))

void pdf_edition_doc(Arena *a, const Snap *s, int lang, int number, const char *kind, const char *published_at,
                     PdfDoc *d) {
  memset(d, 0, sizeof *d);
  const int r = lang;
  const char *code = i18n_code((Lang)lang);
  int final = kind && strcmp(kind, "final") == 0;
  const char *body = strcmp(code, "ar") != 0 && s->body_en && *s->body_en ? s->body_en : s->body_ar ? s->body_ar : "";
  d->lang = code;
  d->parliament = T(r, "Council of Representatives");
  d->title = arena_printf(a, "%s %d · %s", T(r, "Sitting"), s->number, body);
  d->date = s->date ? s->date : "";
  d->edition = arena_printf(a, "%s %d · %s %.10s", final ? T(r, "Final edition") : T(r, "Provisional edition"), number,
                            T(r, "published on"), published_at ? published_at : "");
  d->notice = final ? T(r, "Final edition: the official record of the sitting.")
                    : T(r, "Provisional edition: subject to correction.");
  d->page_word = T(r, "Page");
  d->of_word = T(r, "of");
  d->created = published_at;
  pdf_blocks_from_snap(a, s, code, d);
}
