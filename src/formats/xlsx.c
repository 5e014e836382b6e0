/*
** xlsx.c: Office Open XML workbooks through libxlsxwriter. A sheet "data"
** (one row per observation: each dimension's code and label, the period,
** the value as a number, the attributes; right to left for Arabic) and a
** sheet "about" (the flow's title, description, version, release, licence
** and contact, and each column's id and label). libxlsxwriter's
** constant-memory mode writes each row to a temporary file as soon as the
** next one starts, so memory does not grow with the rows; the workbook is
** zipped into a temporary file at the end and copied to the output. A sheet
** holds at most 1,048,576 rows: a larger selection is refused (MJ_ETOOBIG)
** with a message pointing to CSV.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "odwrite_int.h"

typedef struct St {
  lxw_workbook *wb;
  lxw_worksheet *data, *about;
  lxw_format *bold;
  char path[512];
  lxw_row_t row;
  int ncols;
} St;

static void put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f) {
  if (s && *s) worksheet_write_string(ws, r, c, s, f);
}

static int begin(OdWriter *w) {
  St *s = xcalloc(1, sizeof *s);
  w->st = s;
  const OdFlow *f = w->f;
  const OdWriteOpts *op = w->o;
  const char *dir = op->xlsx_tmpdir ? op->xlsx_tmpdir : getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  snprintf(s->path, sizeof s->path, "%s/majlis-xlsx-XXXXXX", dir);
  int fd = mkstemp(s->path);
  if (fd < 0) return mj_fail(MJ_EIO, "cannot create a temporary file in %s for the workbook", dir);
  close(fd);
  lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
  s->wb = workbook_new_opt(s->path, &wo);
  if (!s->wb) return mj_fail(MJ_EIO, "cannot start the workbook");
  s->data = workbook_add_worksheet(s->wb, "data");
  s->about = workbook_add_worksheet(s->wb, "about");
  s->bold = workbook_add_format(s->wb);
  format_set_bold(s->bold);
  if (op->lang == 0) {
    worksheet_right_to_left(s->data);
    worksheet_right_to_left(s->about);
  }
  lxw_doc_properties props = {0};
  props.title = (char *)odw_text(&f->name, op->lang, f->code);
  props.author = (char *)f->agency;
  props.comments = (char *)odw_text(&f->description, op->lang, "");
  /* The workbook's creation time is the version's (its last change, else
  ** its release), not the clock: libxlsxwriter otherwise writes the time of
  ** writing into docProps/core.xml, so every download of the same version
  ** would differ and the advertised byteSize and the ETag would wobble. The
  ** zip entries carry a fixed date of their own. */
  int64_t created = 0;
  if ((!f->ver.updated_at || od_iso_parse(f->ver.updated_at, &created) != MJ_OK) &&
      (!f->ver.release_at || od_iso_parse(f->ver.release_at, &created) != MJ_OK))
    created = 0;
  props.created = created > 0 ? (time_t)created : (time_t)1; /* 0 would mean "now" to libxlsxwriter */
  workbook_set_properties(s->wb, &props);
  /* the header row */
  lxw_col_t c = 0;
  for (int i = 0; i < f->ndims; i++) {
    put_str(s->data, 0, c++, f->comps[i].code, s->bold);
    if (f->comps[i].codelist) put_str(s->data, 0, c++, odw_text(&f->comps[i].name, op->lang, f->comps[i].code), s->bold);
  }
  put_str(s->data, 0, c++, f->comps[f->time_idx].code, s->bold);
  put_str(s->data, 0, c++, f->comps[f->measure_idx].code, s->bold);
  for (int i = 0; i < w->nattr; i++) put_str(s->data, 0, c++, w->attr[i]->code, s->bold);
  s->ncols = c;
  worksheet_freeze_panes(s->data, 1, 0);
  s->row = 1;
  /* the about sheet */
  static const char *lbl[3][8] = {
    {"العنوان", "الوصف", "المعرّف", "الإصدار", "تاريخ النشر", "آخر تحديث", "الترخيص", "جهة الاتصال"},
    {"Title", "Description", "Identifier", "Version", "Released", "Last updated", "Licence", "Contact"},
    {"Başlıq", "Təsvir", "İdentifikator", "Versiya", "Dərc edilib", "Son yenilənmə", "Lisenziya", "Əlaqə"},
  };
  int L = op->lang >= 0 && op->lang < 3 ? op->lang : 0;
  char ref[300];
  const char *vals[8] = {odw_text(&f->name, L, f->code), odw_text(&f->description, L, ""), odw_flow_ref(f, ref, sizeof ref),
                         f->ver.version, f->ver.release_at, f->ver.updated_at, f->license,
                         f->contact_email ? f->contact_email : f->contact_name};
  lxw_row_t r = 0;
  for (int i = 0; i < 8; i++) {
    put_str(s->about, r, 0, lbl[L][i], s->bold);
    put_str(s->about, r++, 1, vals[i], NULL);
  }
  r++;
  for (int i = 0; i < f->ncomps; i++) {
    put_str(s->about, r, 0, f->comps[i].code, s->bold);
    put_str(s->about, r++, 1, odw_text(&f->comps[i].name, L, f->comps[i].code), NULL);
  }
  worksheet_set_column(s->about, 0, 0, 24, NULL);
  worksheet_set_column(s->about, 1, 1, 80, NULL);
  return 0;
}

static int obs(OdWriter *w, const OdSeriesView *sv, const OdObs *ob) {
  (void)sv;
  St *s = w->st;
  const OdFlow *f = w->f;
  if (s->row >= LXW_ROW_MAX)
    return mj_fail(MJ_ETOOBIG, "a spreadsheet holds at most %u rows; narrow the query (key, startPeriod, endPeriod) or "
                               "download CSV", (unsigned)LXW_ROW_MAX - 1);
  lxw_col_t c = 0;
  char tmp[64];
  for (int i = 0; i < f->ndims; i++) {
    put_str(s->data, s->row, c++, ob->dims[i], NULL);
    if (f->comps[i].codelist) put_str(s->data, s->row, c++, odw_code_label(&f->comps[i], ob->dims[i], w->o->lang), NULL);
  }
  put_str(s->data, s->row, c++, ob->period, NULL);
  if (ob->has_value) worksheet_write_number(s->data, s->row, c, ob->value, NULL);
  c++;
  for (int i = 0; i < w->nattr; i++)
    put_str(s->data, s->row, c++, odw_attr_value(w, w->attr[i], ob->series_attrs, ob, tmp, sizeof tmp), NULL);
  s->row++;
  return 0;
}

static int end(OdWriter *w) {
  St *s = w->st;
  lxw_error e = workbook_close(s->wb);
  s->wb = NULL;
  if (e != LXW_NO_ERROR) return mj_fail(MJ_EIO, "cannot write the workbook: %s", lxw_strerror(e));
  FILE *fp = fopen(s->path, "rb");
  if (!fp) return mj_fail(MJ_EIO, "cannot read back the workbook");
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && !w->out->err) odout_write(w->out, buf, n);
  fclose(fp);
  return w->out->err;
}

static void st_free(OdWriter *w) {
  St *s = w->st;
  if (!s) return;
  if (s->wb) workbook_close(s->wb); /* an abandoned workbook: close to free it */
  if (s->path[0]) unlink(s->path);
  free(s);
}

const OdWriterOps odw_ops_xlsx = {begin, NULL, obs, NULL, end, st_free};
