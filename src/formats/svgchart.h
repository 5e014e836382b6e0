/*
** svgchart: line and bar charts drawn as SVG on the server, so a chart is
** readable without JavaScript, in a feed reader, in a printed page and in
** an <img> on another site. Pure functions over arrays: the caller (the
** dataset page, chart.svg) has already chosen the series and translated the
** labels. Right to left is structural: in an Arabic chart the category axis
** runs from the right, the value axis sits on the right, and Arabic text
** carries direction="rtl" so the browser shapes and orders it correctly;
** numbers are always laid out left to right (a minus sign stays in front).
** Only presentation attributes are used (no <style>, no style=""), so the
** site's Content-Security-Policy (style-src 'self') leaves the chart intact.
*/
#ifndef MJ_SVGCHART_H
#define MJ_SVGCHART_H

#include "base.h"

/* ---- axis scale: "nice numbers" ------------------------------------------
** A value axis from lo to hi in steps of 1, 2 or 5 times a power of ten,
** with lo <= every value <= hi and at most max_ticks ticks (at least 2; 3
** when the range crosses zero, which needs a tick below, at and above it).
** include_zero widens the range to contain 0 (bars always start at zero).
** One value (min == max) gets a range around it; no value at all (min >
** max, or a NaN) gets 0..1. decimals: the digits after the point that the
** step needs (0 for integer steps). */
typedef struct SvgScale {
  double lo, hi, step;
  int nticks; /* (hi - lo) / step + 1 */
  int decimals;
} SvgScale;
void svgchart_scale(double min, double max, int max_ticks, int include_zero, SvgScale *out);

/* ---- numbers ---------------------------------------------------------------
** Appends v with `decimals` digits after the point (-1: as many as the value
** needs, at most 6), thousands grouped, a true minus sign (U+2212), in
** Western digits ("1,234.5") or, when arabic_digits, Arabic-Indic digits
** with the Arabic separators ("١٬٢٣٤٫٥"). No "-0". */
void svgchart_number(Buf *b, double v, int decimals, int arabic_digits);
/* The decimals a value needs (0..6), for a column of figures. */
int svgchart_decimals_of(double v);

/* ---- the chart ------------------------------------------------------------ */
enum { SVGCHART_LINE = 0, SVGCHART_BAR = 1 };
#define SVGCHART_MAX_SERIES 24
#define SVGCHART_MAX_CATS 2000

typedef struct SvgSeries {
  const char *label;    /* legend text, any script */
  const double *values; /* ncats values; NAN where there is no observation */
} SvgSeries;

typedef struct SvgChart {
  int kind;                /* SVGCHART_LINE or SVGCHART_BAR */
  const char *id;          /* prefix of element ids, unique in the page ("chart") */
  const char *title;       /* <title> and the visible heading */
  const char *desc;        /* <desc>: what the chart shows, where its figures are */
  const char *lang;        /* xml:lang of the labels ("ar") */
  int rtl;                 /* mirror the layout for a right-to-left reader */
  int arabic_digits;       /* Arabic-Indic digits on the axis */
  const char *const *cats; /* category (x axis) labels: periods or codes */
  int ncats;
  const SvgSeries *series;
  int nseries;
  const char *empty_text; /* shown inside the frame when there is no value */
  const char *unit;       /* value axis caption (unit of measure), or NULL */
  int width, height;      /* user units; 0: 720 x 360 (the legend adds rows) */
  int standalone;         /* 1: an SVG document (XML declaration, xmlns) */
} SvgChart;

/* Appends the chart to out. MJ_EINVAL (with a message) when the chart has
** more than SVGCHART_MAX_SERIES series or SVGCHART_MAX_CATS categories or an
** unknown kind; nothing is appended then. Every label is escaped for XML
** (control characters and invalid UTF-8 are replaced). Elements a test or
** a stylesheet may look for: one <path class="series"> per series of a line
** chart, one <rect class="bar"> per value of a bar chart, each with a
** <title> giving its category, series and value. */
int svgchart_render(Buf *out, const SvgChart *c);

#endif
