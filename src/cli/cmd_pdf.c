/*
** cmd_pdf.c: `majlis export pdf --sitting ID [-o FILE] [--edition N]
** [--lang ar|en|az]`: a published edition of a sitting's record as a
** print-ready PDF (src/formats/pdf.c), the same file the web route
** /sittings/ID/record.pdf serves. Only published editions are printed:
** a record that has none is an error, never a draft.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "hansard.h"
#include "i18n.h"
#include "pdf.h"
#include "recsnap.h"

/* The edition to print: number N of the sitting, or its latest. */
static int pick_edition(Db *db, Arena *ar, long long sitting, long long number, HansardEdition *out) {
  if (!number) {
    int rc = hansard_edition_latest(db, ar, sitting, out);
    if (rc == MJ_ENOTFOUND)
      return mj_fail(MJ_ENOTFOUND, "export pdf: sitting %lld has no published edition of its record yet", sitting);
    return rc;
  }
  HansardEdition *rows;
  int n;
  int rc = hansard_editions(db, ar, sitting, &rows, &n);
  if (rc) return rc;
  for (int i = 0; i < n; i++)
    if (rows[i].number == number) return hansard_edition(db, ar, rows[i].id, out);
  return mj_fail(MJ_ENOTFOUND, "export pdf: sitting %lld has no edition %lld (it has %d)", sitting, number, n);
}

int cmd_export_pdf(Args *a) {
  const char *out = opt(a, "out");
  if (a->npos == 3 && strcmp(a->pos[1], "-o") == 0) out = a->pos[2];
  else if (a->npos != 1) {
    mj_fail(MJ_EINVAL, "usage: majlis export pdf --sitting ID [-o FILE] [--edition N] [--lang ar|en|az]");
    return fail(MJ_EINVAL);
  }
  long long sitting = 0, number = 0;
  if (!opt(a, "sitting") || mj_parse_int(opt(a, "sitting"), 1, INT64_MAX, &sitting)) {
    mj_fail(MJ_EINVAL, "export pdf: --sitting needs the sitting's number (a whole number from 1)");
    return fail(MJ_EINVAL);
  }
  if (opt(a, "edition") && mj_parse_int(opt(a, "edition"), 1, 1000000, &number)) {
    mj_fail(MJ_EINVAL, "export pdf: --edition needs an edition number (1, 2, ...)");
    return fail(MJ_EINVAL);
  }
  int lang = opt(a, "lang") ? i18n_parse(opt(a, "lang")) : LANG_AR;
  if (lang < 0) {
    mj_fail(MJ_EINVAL, "export pdf: --lang must be ar, en or az");
    return fail(MJ_EINVAL);
  }
  if (!out || !*out) {
    mj_fail(MJ_EINVAL, "export pdf: give the file to write with -o FILE (or -o - for standard output)");
    return fail(MJ_EINVAL);
  }
  int rc = i18n_init();
  if (rc) return fail(rc);
  Db *db;
  if ((rc = db_open(db_path_of(a), DB_READONLY, &db))) return fail(rc);
  Arena *ar = arena_new();
  HansardEdition ed;
  Snap snap;
  PdfDoc doc;
  PdfInfo info;
  Buf pdf;
  buf_init(&pdf, (size_t)256 << 20);
  rc = pick_edition(db, ar, sitting, number, &ed);
  if (!rc) rc = recsnap_parse(ar, ed.content, &snap);
  if (!rc) {
    pdf_edition_doc(ar, &snap, lang, ed.number, ed.kind, ed.published_at, &doc);
    char *demo = db_meta_get(db, "demo");
    if (demo && strcmp(demo, "1") == 0) /* as every page of a demo says */
      doc.notice = arena_printf(ar, "%s %s", doc.notice,
                                i18n_tr((Lang)lang, "Demonstration data: the sittings, speeches and votes shown here are generated and fictional."));
    free(demo);
    rc = pdf_render(&doc, &pdf, &info);
  }
  db_close(db);
  if (!rc) {
    if (info.font_fallback) fprintf(stderr, "majlis: warning: %s\n", info.warning);
    FILE *fp = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
    if (!fp) rc = mj_fail(MJ_EIO, "export pdf: cannot write %s", out);
    else {
      size_t w = fwrite(pdf.p, 1, pdf.n, fp);
      int bad = fp == stdout ? fflush(fp) != 0 : fclose(fp) != 0;
      if (w != pdf.n || bad) rc = mj_fail(MJ_EIO, "export pdf: cannot finish writing %s", out);
    }
    if (!rc && strcmp(out, "-") != 0)
      printf("sitting %lld, %s edition %d: %d pages (%zu bytes, font %s) written to %s\n", sitting, ed.kind,
              ed.number, info.pages, pdf.n, info.font, out);
  }
  buf_free(&pdf);
  arena_free(ar);
  return rc ? fail(rc) : 0;
}
