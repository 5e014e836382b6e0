/*
** svgchart.c: the server-side chart renderer (see svgchart.h).
**
** Layout is computed in left-to-right coordinates and mirrored at the end
** (px()) for a right-to-left chart, so one piece of geometry serves both.
** Text is the one thing that is not mirrored: each <text> gets the
** direction of its own content (Arabic letters: rtl; numbers, periods and
** Latin labels: ltr) and the text-anchor that puts its visual left, centre
** or right edge where the layout wants it (anchor()), because SVG's
** "start"/"end" follow the text's direction.
**
** Scales use Heckbert's "nice numbers" (Graphics Gems, 1990): the step is
** 1, 2 or 5 times a power of ten, and the axis is widened to whole steps.
*/
#include "svgchart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- scale */

/* A nice number near x: rounded (nearest) or not smaller than x (ceiling). */
static double nicenum(double x, int round_it) {
  double e = floor(log10(x));
  double p = pow(10, e);
  double f = x / p, nf;
  if (round_it)
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * p;
}

void svgchart_scale(double min, double max, int max_ticks, int include_zero, SvgScale *s) {
  if (max_ticks < 2) max_ticks = 2;
  if (!isfinite(min) || !isfinite(max) || min > max) {
    min = 0;
    max = 1;
  }
  if (include_zero) {
    if (min > 0) min = 0;
    if (max < 0) max = 0;
  }
  if (min == max) { /* one value: a range around it (or 0..1 for zero) */
    double d = min == 0 ? 1 : fabs(min) * 0.1;
    if (min == 0)
      max = 1;
    else if (include_zero && min > 0)
      max += d;
    else if (include_zero && max < 0)
      min -= d;
    else {
      min -= d;
      max += d;
    }
  }
  /* a range across zero needs a tick below it, zero and one above */
  if (min < 0 && max > 0 && max_ticks < 3) max_ticks = 3;
  double range = nicenum(max - min, 0);
  double step = nicenum(range / (max_ticks - 1), 1);
  double lo, hi;
  int n;
  for (int tries = 0;; tries++) {
    /* a tolerance relative to the quotient keeps 0.3/0.1 =
    ** 2.9999999999999996 from adding a step, and never moves a bound past
    ** the data */
    double ql = min / step, qh = max / step;
    lo = floor(ql + 1e-9 * fabs(ql)) * step;
    hi = ceil(qh - 1e-9 * fabs(qh)) * step;
    n = (int)llround((hi - lo) / step) + 1;
    if (n <= max_ticks || tries == 60) break;
    step = nicenum(step * 1.01, 0); /* the next nice step: 1 -> 2 -> 5 -> 10 */
  }
  if (lo == 0) lo = 0; /* no -0 */
  if (hi == 0) hi = 0;
  if (n < 2) { /* cannot happen once min < max, kept for safety */
    hi = lo + step;
    n = 2;
  }
  s->lo = lo;
  s->hi = hi;
  s->step = step;
  s->nticks = n;
  s->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  if (s->decimals > 6) s->decimals = 6;
}

/* ---------------------------------------------------------------- numbers */

int svgchart_decimals_of(double v) {
  if (!isfinite(v)) return 0;
  double p = 1;
  for (int d = 0; d < 6; d++, p *= 10) {
    double x = v * p;
    if (fabs(x - nearbyint(x)) < 1e-7 * fmax(1.0, fabs(x))) return d;
  }
  return 6;
}

void svgchart_number(Buf *b, double v, int decimals, int arabic_digits) {
  if (!isfinite(v)) {
    buf_puts(b, "\xE2\x80\x93"); /* en dash */
    return;
  }
  if (decimals < 0) decimals = svgchart_decimals_of(v);
  if (decimals > 6) decimals = 6;
  char tmp[400];
  snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v));
  int neg = v < 0 && strspn(tmp, "0.") != strlen(tmp); /* never "-0" */
  if (neg) buf_puts(b, "\xE2\x88\x92");                /* U+2212 MINUS SIGN */
  const char *dot = strchr(tmp, '.');
  size_t ni = dot ? (size_t)(dot - tmp) : strlen(tmp);
  for (const char *p = tmp; *p; p++) {
    size_t i = (size_t)(p - tmp);
    if (*p == '.') {
      buf_puts(b, arabic_digits ? "\xD9\xAB" : "."); /* U+066B ARABIC DECIMAL SEPARATOR */
      continue;
    }
    if (i < ni && i > 0 && (ni - i) % 3 == 0)
      buf_puts(b, arabic_digits ? "\xD9\xAC" : ","); /* U+066C ARABIC THOUSANDS SEPARATOR */
    if (arabic_digits) {
      char d[2] = {(char)0xD9, (char)(0xA0 + (*p - '0'))}; /* U+0660 + digit */
      buf_append(b, d, 2);
    } else {
      buf_putc(b, *p);
    }
  }
}

/* ---------------------------------------------------------------- text */

static size_t u8len(const unsigned char *p) {
  if (*p < 0x80) return 1;
  if ((*p & 0xE0) == 0xC0) return 2;
  if ((*p & 0xF0) == 0xE0) return 3;
  if ((*p & 0xF8) == 0xF0) return 4;
  return 1;
}

/* XML text and attribute content: the five escapes, control characters
** dropped, invalid UTF-8 replaced by U+FFFD; at most max_chars characters
** (an ellipsis marks a cut; 0: no limit). */
static void xml_text(Buf *b, const char *s, size_t max_chars) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t chars = 0;
  while (*p) {
    if (max_chars && chars == max_chars) {
      buf_puts(b, "\xE2\x80\xA6");
      return;
    }
    chars++;
    unsigned c = *p;
    if (c < 0x80) {
      switch (c) {
      case '&': buf_puts(b, "&amp;"); break;
      case '<': buf_puts(b, "&lt;"); break;
      case '>': buf_puts(b, "&gt;"); break;
      case '"': buf_puts(b, "&quot;"); break;
      case '\'': buf_puts(b, "&#39;"); break;
      default:
        if (c >= 0x20 || c == '\t' || c == '\n') buf_putc(b, (char)(c < 0x20 ? ' ' : c));
      }
      p++;
      continue;
    }
    size_t k = u8len(p);
    int ok = k > 1;
    for (size_t i = 1; ok && i < k; i++)
      ok = (p[i] & 0xC0) == 0x80;
    if (ok && k == 3 && c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) ok = 0;
    if (ok) {
      buf_append(b, p, k);
      p += k;
    } else {
      buf_puts(b, "\xEF\xBF\xBD");
      p++;
    }
  }
}

static size_t u8chars(const char *s) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
    if ((*p & 0xC0) != 0x80) n++;
  return n;
}

/* 1 when s holds a letter of an Arabic-script block. */
static int has_arabic(const char *s) {
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (p[0] >= 0xD8 && p[0] <= 0xDB && p[1]) return 1;         /* U+0600..U+06FF */
    if (p[0] == 0xDD && p[1] >= 0x90 && p[1] <= 0xBF) return 1; /* U+0750..U+077F */
    if (p[0] == 0xEF && p[1] >= 0xAD && p[1] <= 0xBB) return 1; /* U+FB50..U+FEFF (forms) */
  }
  return 0;
}

/* The text-anchor that puts the visual edge `edge` ('l', 'c', 'r') of a text
** of direction rtl/ltr at its x. */
static const char *anchor(char edge, int rtl_text) {
  if (edge == 'c') return "middle";
  if (edge == 'l') return rtl_text ? "end" : "start";
  return rtl_text ? "start" : "end";
}

typedef struct Ctx {
  Buf *b;
  const SvgChart *c;
  double W;
  int rtl;
} Ctx;

/* x in left-to-right layout coordinates, mirrored for a right-to-left chart. */
static double px(const Ctx *x, double v) { return x->rtl ? x->W - v : v; }

/* A logical edge ('s' start of reading, 'e' its end, 'c') as a visual one. */
static char edge_of(const Ctx *x, char logical) {
  if (logical == 'c') return 'c';
  if (logical == 's') return x->rtl ? 'r' : 'l';
  return x->rtl ? 'l' : 'r';
}

/* A <text> at logical x (already mirrored by the caller with px), with its
** visual edge `edge`; extra: literal attributes. */
static void text_at(Ctx *x, double at_x, double at_y, char edge, const char *s, size_t max_chars,
                    const char *extra) {
  int r = has_arabic(s);
  buf_printf(x->b,
             "<text x=\"%.1f\" y=\"%.1f\" direction=\"%s\" unicode-bidi=\"embed\" text-anchor=\"%s\"%s%s>",
             at_x, at_y, r ? "rtl" : "ltr", anchor(edge, r), extra && *extra ? " " : "", extra ? extra : "");
  xml_text(x->b, s, max_chars);
  buf_puts(x->b, "</text>\n");
}

static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000"};
static const char *const dashes[] = {"", "6 3", "2 3", "8 3 2 3"};

/* ---------------------------------------------------------------- render */

int svgchart_render(Buf *out, const SvgChart *c) {
  if (c->kind != SVGCHART_LINE && c->kind != SVGCHART_BAR) return mj_fail(MJ_EINVAL, "unknown chart type");
  if (c->nseries < 0 || c->nseries > SVGCHART_MAX_SERIES)
    return mj_fail(MJ_EINVAL, "a chart shows at most %d series; filter the others out", SVGCHART_MAX_SERIES);
  if (c->ncats < 0 || c->ncats > SVGCHART_MAX_CATS)
    return mj_fail(MJ_EINVAL, "a chart shows at most %d periods or categories; narrow the range",
                   SVGCHART_MAX_CATS);
  Ctx x = {out, c, c->width > 0 ? c->width : 720, c->rtl};
  double W = x.W, H = c->height > 0 ? c->height : 360;
  const char *id = c->id && *c->id ? c->id : "chart";

  /* the data range */
  double min = INFINITY, max = -INFINITY;
  int any = 0;
  for (int s = 0; s < c->nseries; s++)
    for (int i = 0; i < c->ncats; i++) {
      double v = c->series[s].values[i];
      if (!isfinite(v)) continue;
      any++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  /* bars start at zero; a line does too when its values are not far from it */
  int zero =
      c->kind == SVGCHART_BAR || (any && min > 0 && min < max / 2) || (any && max < 0 && max > min / 2);
  SvgScale sc;
  svgchart_scale(any ? min : 0, any ? max : 1, 6, zero, &sc);

  /* tick labels, and the room they need (about 7 units a character) */
  Buf lab[16];
  size_t widest = 1;
  int nt = sc.nticks < 16 ? sc.nticks : 16;
  for (int i = 0; i < nt; i++) {
    buf_init(&lab[i], 256);
    svgchart_number(&lab[i], sc.lo + i * sc.step, sc.decimals, c->arabic_digits);
    size_t k = u8chars(lab[i].p);
    if (k > widest) widest = k;
  }
  double ylab = fmin(160, fmax(36, (double)widest * 7 + 14));
  int legend = c->nseries > 1 || (c->nseries == 1 && c->series[0].label && *c->series[0].label);
  int rows = legend ? c->nseries : 0;
  double top = 36 + (c->unit && *c->unit ? 18 : 0);
  double x0 = ylab, x1 = W - 16, y0 = top, y1 = H - 30;
  double Ht = H + (rows ? rows * 20 + 6 : 0);

  /* the document */
  if (c->standalone) buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  buf_printf(
      out,
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\"",
      W, Ht);
  if (c->standalone) {
    buf_printf(out, " width=\"%.0f\" height=\"%.0f\" xml:lang=\"", W, Ht);
    xml_text(out, c->lang ? c->lang : "ar", 16);
    buf_puts(out, "\"");
  }
  buf_printf(out, " role=\"img\" aria-labelledby=\"");
  xml_text(out, id, 64);
  buf_puts(out, "-t ");
  xml_text(out, id, 64);
  buf_printf(out, "-d\" direction=\"%s\" font-size=\"12\" font-family=\"%s\">\n", x.rtl ? "rtl" : "ltr",
             x.rtl ? "'Noto Naskh Arabic', Amiri, 'DejaVu Sans', sans-serif"
                   : "'DejaVu Sans', Arial, sans-serif");
  buf_puts(out, "<title id=\"");
  xml_text(out, id, 64);
  buf_puts(out, "-t\">");
  xml_text(out, c->title, 0);
  buf_puts(out, "</title>\n<desc id=\"");
  xml_text(out, id, 64);
  buf_puts(out, "-d\">");
  xml_text(out, c->desc, 0);
  buf_puts(out, "</desc>\n");
  buf_printf(out, "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", W,
             Ht);
  text_at(&x, px(&x, 8), 22, edge_of(&x, 's'), c->title, 90,
          "font-size=\"15\" font-weight=\"bold\" fill=\"#1d2428\"");
  if (c->unit && *c->unit) text_at(&x, px(&x, 8), 40, edge_of(&x, 's'), c->unit, 90, "fill=\"#5b6770\"");

  /* value axis: grid lines and tick labels (the labels beside the axis,
  ** on the left in a left-to-right chart and on the right in Arabic) */
  double span = sc.hi - sc.lo;
#define YOF(v) (y1 - ((v)-sc.lo) / span * (y1 - y0))
  buf_puts(out, "<g class=\"axis y\" fill=\"#5b6770\">\n");
  for (int i = 0; i < nt; i++) {
    double v = sc.lo + i * sc.step, y = YOF(v);
    buf_printf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e0d8\"/>\n",
               px(&x, x0), px(&x, x1), y, y);
    text_at(&x, px(&x, x0 - 6), y + 4, edge_of(&x, 'e'), lab[i].p, 0, NULL);
  }
  buf_puts(out, "</g>\n");
  for (int i = 0; i < nt; i++)
    buf_free(&lab[i]);
  double base = sc.lo <= 0 && sc.hi >= 0 ? 0 : sc.lo;
  buf_printf(
      out, "<line class=\"baseline\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#5b6770\"/>\n",
      px(&x, x0), px(&x, x1), YOF(base), YOF(base));

  /* category axis: thinned labels so they do not overlap */
  double gw = c->ncats ? (x1 - x0) / c->ncats : 0;
  if (c->ncats) {
    size_t longest = 1;
    for (int i = 0; i < c->ncats; i++) {
      size_t k = u8chars(c->cats[i]);
      if (k > longest) longest = k;
    }
    if (longest > 24) longest = 24;
    double need = (double)longest * 6.5 + 10;
    int every = (int)ceil(need / gw);
    if (every < 1) every = 1;
    buf_puts(out, "<g class=\"axis x\" fill=\"#5b6770\">\n");
    for (int i = 0; i < c->ncats; i += every)
      text_at(&x, px(&x, x0 + (i + 0.5) * gw), y1 + 18, 'c', c->cats[i], 24, NULL);
    buf_puts(out, "</g>\n");
  }

  /* the data */
  if (!any) {
    text_at(&x, W / 2, (y0 + y1) / 2, 'c', c->empty_text ? c->empty_text : "", 80,
            "font-size=\"14\" fill=\"#5b6770\"");
  } else if (c->kind == SVGCHART_BAR) {
    double bw = gw * 0.8 / (c->nseries ? c->nseries : 1);
    for (int s = 0; s < c->nseries; s++) {
      buf_printf(out, "<g class=\"series s%d\" fill=\"%s\">\n", s, palette[s % MJ_COUNT(palette)]);
      for (int i = 0; i < c->ncats; i++) {
        double v = c->series[s].values[i];
        if (!isfinite(v)) continue;
        double left = x0 + i * gw + gw * 0.1 + s * bw;
        double ya = YOF(v), yb = YOF(base);
        double rx = x.rtl ? W - (left + bw) : left;
        buf_printf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
                   rx, fmin(ya, yb), fmax(bw - 1, 1), fabs(yb - ya));
        xml_text(out, c->cats[i], 0);
        if (c->series[s].label && *c->series[s].label) {
          buf_puts(out, " \xC2\xB7 ");
          xml_text(out, c->series[s].label, 0);
        }
        buf_puts(out, ": ");
        svgchart_number(out, v, -1, c->arabic_digits);
        buf_puts(out, "</title></rect>\n");
      }
      buf_puts(out, "</g>\n");
    }
  } else {
    for (int s = 0; s < c->nseries; s++) {
      const char *col = palette[s % MJ_COUNT(palette)];
      const char *dash = dashes[s % MJ_COUNT(dashes)];
      buf_printf(out,
                 "<path class=\"series s%d\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                 "stroke-linejoin=\"round\"%s%s%s d=\"",
                 s, col, *dash ? " stroke-dasharray=\"" : "", dash, *dash ? "\"" : "");
      int pen = 0, first = 1; /* a missing value lifts the pen: the line shows the gap */
      for (int i = 0; i < c->ncats; i++) {
        double v = c->series[s].values[i];
        if (!isfinite(v)) {
          pen = 0;
          continue;
        }
        buf_printf(out, "%s%.1f %.1f", pen ? " L" : first ? "M" : " M", px(&x, x0 + (i + 0.5) * gw), YOF(v));
        pen = 1;
        first = 0;
      }
      buf_puts(out, "\"/>\n");
      /* markers: every point of a short series, and lone points always (a
      ** path of one point draws nothing) */
      buf_printf(out, "<g class=\"points s%d\" fill=\"%s\">\n", s, col);
      for (int i = 0; i < c->ncats; i++) {
        double v = c->series[s].values[i];
        if (!isfinite(v)) continue;
        int lone = (i == 0 || !isfinite(c->series[s].values[i - 1])) &&
                   (i == c->ncats - 1 || !isfinite(c->series[s].values[i + 1]));
        if (c->ncats > 60 && !lone) continue;
        buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>", px(&x, x0 + (i + 0.5) * gw),
                   YOF(v));
        xml_text(out, c->cats[i], 0);
        if (c->series[s].label && *c->series[s].label) {
          buf_puts(out, " \xC2\xB7 ");
          xml_text(out, c->series[s].label, 0);
        }
        buf_puts(out, ": ");
        svgchart_number(out, v, -1, c->arabic_digits);
        buf_puts(out, "</title></circle>\n");
      }
      buf_puts(out, "</g>\n");
    }
  }
#undef YOF

  /* the legend: one row per series, a swatch then the label, from the
  ** reader's starting side */
  if (rows) {
    buf_puts(out, "<g class=\"legend\" fill=\"#1d2428\">\n");
    for (int s = 0; s < c->nseries; s++) {
      double ly = H + s * 20 + 6;
      const char *col = palette[s % MJ_COUNT(palette)];
      if (c->kind == SVGCHART_BAR)
        buf_printf(out,
                   "<rect class=\"swatch\" x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"%s\"/>\n",
                   x.rtl ? W - x0 - 14 : x0, ly, col);
      else {
        const char *dash = dashes[s % MJ_COUNT(dashes)];
        buf_printf(out,
                   "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-width=\"2\"%s%s%s/>\n",
                   px(&x, x0), px(&x, x0 + 18), ly + 5, ly + 5, col, *dash ? " stroke-dasharray=\"" : "",
                   dash, *dash ? "\"" : "");
      }
      text_at(&x, px(&x, x0 + 24), ly + 10, edge_of(&x, 's'), c->series[s].label ? c->series[s].label : "",
              90, NULL);
    }
    buf_puts(out, "</g>\n");
  }
  buf_puts(out, "</svg>\n");
  return MJ_OK;
}
