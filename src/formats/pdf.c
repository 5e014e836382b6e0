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
** draws. Paragraphs are flowed line by line (PangoLayoutIter), so a long
** speech breaks across pages anywhere between lines.
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
  PangoLayout *l1 = layout_new(p, d->parliament, SIZE_HEAD, 1, 0, AL_START, p->rtl, 0, d->lang);
  PangoLayout *l2 = layout_new(p, pg, SIZE_HEAD, 0, 0, AL_END, p->rtl, 0, d->lang);
  GString *mid = g_string_new(NULL);
  isolate_dates(mid, d->title);
  g_string_append(mid, " · ");
  isolate_dates(mid, d->date);
  PangoLayout *l3 = layout_new(p, mid->str, SIZE_HEAD, 0, 0, AL_CENTER, p->rtl, 0, d->lang);
  g_string_free(mid, TRUE);
  /* line 1: the parliament at the start, the page at the end; line 2: the
  ** sitting and its date, centred (one line, cut short if ever too long) */
  pango_layout_set_ellipsize(l3, PANGO_ELLIPSIZE_END);
  double y = 30;
  show_at(p, l1, y);
  show_at(p, l2, y);
  double hh = layout_h(l1);
  show_at(p, l3, y + hh + 1);
  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, MARGIN_X, y + 2 * hh + 6);
  cairo_line_to(p->cr, PAGE_W - MARGIN_X, y + 2 * hh + 6);
  cairo_stroke(p->cr);
  if (d->notice && *d->notice) {
    PangoLayout *f = layout_new(p, d->notice, SIZE_HEAD, 0, 1, AL_CENTER, p->rtl, 0, d->lang);
    cairo_move_to(p->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14);
    cairo_line_to(p->cr, PAGE_W - MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14);
    cairo_stroke(p->cr);
    show_at(p, f, PAGE_H - MARGIN_BOTTOM + 20);
    g_object_unref(f);
  }
  g_object_unref(l1);
  g_object_unref(l2);
  g_object_unref(l3);
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
static void show_line(cairo_t *cr, PangoLayoutLine *line, double x, double y) {
  const char *text = pango_layout_get_text(line->layout);
  for (GSList *l = line->runs; l; l = l->next) {
    PangoGlyphItem *run = l->data;
    PangoGlyphString *gs = run->glyphs;
    PangoItem *item = run->item;
    int n = gs->num_glyphs, rtl = item->analysis.level % 2;
    cairo_glyph_t *g = g_new(cairo_glyph_t, n > 0 ? n : 1);
    cairo_text_cluster_t *cl = g_new(cairo_text_cluster_t, n > 0 ? n : 1);
    GString *u = g_string_sized_new((gsize)item->length + 8);
    int ng = 0, nc = 0;
    double gx = x;
    for (int i = 0; i < n;) {
      /* one cluster: the glyphs sharing a log_cluster value */
      int start = gs->log_clusters[i], j = i, drawn = 0;
      for (; j < n && gs->log_clusters[j] == start; j++) {
        PangoGlyphInfo *gi = &gs->glyphs[j];
        if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
          g[ng].index = gi->glyph;
          g[ng].x = gx + gi->geometry.x_offset / (double)PANGO_SCALE;
          g[ng].y = y + gi->geometry.y_offset / (double)PANGO_SCALE;
          ng++;
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
            cl[nc].num_bytes = (int)(nx - q);
            cl[nc].num_glyphs = 1;
            nc++;
            q = nx;
          }
        } else {
          cl[nc].num_bytes = (int)(u->len - before);
          cl[nc].num_glyphs = drawn;
          nc++;
        }
      }
      i = j;
    }
    if (ng) {
      cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font));
      if (sf) {
        cairo_set_scaled_font(cr, sf);
        cairo_show_text_glyphs(cr, u->str, (int)u->len, g, ng, cl, nc, 0);
      }
    }
    g_string_free(u, TRUE);
    g_free(g);
    g_free(cl);
    x = gx;
  }
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

static void speech(Pen *p, const PdfBlock *b) {
  int italic = b->kind && (strcmp(b->kind, "scene") == 0 || strcmp(b->kind, "narrative") == 0);
  const char *text = b->text ? b->text : "";
  int has_speaker = b->speaker && *b->speaker;
  int first = 1;
  while (first || *text) {
    const char *e = strchr(text, '\n');
    size_t len = e ? (size_t)(e - text) : strlen(text);
    PangoLayout *l = reuse(p);
    if (!l) {
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
      l = layout_new(p, s->str, SIZE_BODY, 0, italic, italic ? AL_CENTER : AL_START, block_rtl(p, b), !italic, b->lang);
      if (bold_end) {
        PangoAttrList *al = pango_layout_get_attributes(l);
        PangoAttrList *mine = al ? pango_attr_list_copy(al) : pango_attr_list_new();
        PangoAttribute *w = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        w->start_index = 0;
        w->end_index = (guint)bold_end;
        pango_attr_list_insert(mine, w);
        pango_layout_set_attributes(l, mine);
        pango_attr_list_unref(mine);
      }
      g_string_free(s, TRUE);
      keep(p, l);
    }
    flow(p, l, first ? 2 : 1);
    g_object_unref(l);
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
  p.draw = 0;
  pass(&p);
  p.pages = p.page;
  p.draw = 1;
  cairo_set_source_rgb(cr, 0, 0, 0);
  pass(&p);
  info->pages = p.pages;
  g_ptr_array_free(p.kept, TRUE);

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
