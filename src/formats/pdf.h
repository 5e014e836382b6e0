/*
** pdf: a sitting's record as a print-ready PDF (A4, right to left for
** Arabic), drawn with cairo and laid out with pango so that Arabic is
** shaped (joined letters, ligatures, marks) and mixed-direction lines are
** ordered by the Unicode bidirectional algorithm. The caller fills a PdfDoc
** (the strings in the reader's language, the blocks of one edition) and gets
** the bytes of the file; this module knows nothing of the database or HTTP.
**
** Fonts: the Debian font Amiri (fonts-hosny-amiri) when fontconfig finds
** it; otherwise the first installed of a short list of fonts with Arabic
** glyphs, and PdfInfo says so (the callers print or log the warning).
*/
#ifndef MJ_PDF_H
#define MJ_PDF_H

#include "base.h"
#include "recsnap.h"

typedef enum { PDF_HEADING = 1, PDF_SPEECH } PdfBlockType;

typedef struct PdfBlock {
  PdfBlockType type;
  int level;           /* headings: 0 a section, 1 a section inside one, ... */
  const char *text;    /* the heading, or the speech's paragraphs separated by "\n" */
  const char *speaker; /* the speaker as printed, in bold (NULL or "": none, e.g. narrative) */
  const char *role;    /* printed after the name in parentheses (NULL: none) */
  const char *time;    /* "HH:MM" shown beside the speaker (NULL: none) */
  const char *lang;    /* the text's language ("ar", "en", ...) */
  const char *kind;    /* speech, question, answer, narrative, scene, ... (scene and
                          narrative are set in italics) */
} PdfBlock;

typedef struct PdfDoc {
  const char *lang;        /* the document's language: "ar" (and other RTL languages) lay it out right to left */
  const char *parliament;  /* running header and title page */
  const char *title;       /* "Sitting 12 · Council of Representatives" */
  const char *date;        /* the sitting's date as printed */
  const char *edition;     /* "Provisional edition 2, published 2026-11-20" */
  const char *notice;      /* footer line on every page, e.g. "Provisional: subject to correction" (NULL: none) */
  const char *page_word;   /* "Page" */
  const char *of_word;     /* "of" */
  const char *created;     /* ISO 8601 creation time written into the file's metadata
                              (the edition's publication time: the same edition gives the same file) */
  const PdfBlock *blocks;
  int nblocks;
} PdfDoc;

typedef struct PdfInfo {
  int pages;
  char font[64];      /* the font family used */
  int font_fallback;  /* 1 when Amiri was not found */
  char warning[256];  /* a sentence for the operator when font_fallback */
} PdfInfo;

/* The font family for the record: "Amiri" when installed, else a
** fallback (and a warning in info). Thread-safe. */
void pdf_pick_font(PdfInfo *info);

/* Renders the document into out (a Buf with its maximum; MJ_ETOOBIG when
** the file would not fit). info (may be NULL) receives the page count and
** the font. Errors: MJ_EINVAL (no blocks, missing strings), MJ_EIO (cairo
** failed), with a message. Thread-safe: each call has its own surface and
** pango context. */
int pdf_render(const PdfDoc *d, Buf *out, PdfInfo *info);

/* The blocks of an edition (headings and speeches in reading order), with
** speakers named in language `lang`; sets d->blocks and d->nblocks only
** (the caller sets the strings of the page). Arrays in the arena. */
void pdf_blocks_from_snap(Arena *a, const Snap *s, const char *lang, PdfDoc *d);

/* The whole document of edition `number` of kind "provisional" or "final",
** published at `published_at` (ISO 8601), with every page string in the
** interface language `lang` (a Lang of i18n.h; call i18n_init() first).
** The web route and `majlis export pdf` both use it, so they give the same
** file for the same edition and language. */
void pdf_edition_doc(Arena *a, const Snap *s, int lang, int number, const char *kind, const char *published_at,
                     PdfDoc *d);

#endif
