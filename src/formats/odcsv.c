/*
** odcsv.c: the plain CSV download and the metadata that goes beside it.
** The CSV has a header row of column names (the component ids, and for
** each coded dimension a "<ID>_label" column with its label in the
** language asked for), one row per observation, UTF-8, CRLF (RFC 4180).
** Its CSV on the Web metadata (W3C "Metadata Vocabulary for Tabular Data",
** served as .../csv-metadata.json) gives each column its titles in ar, en
** and az, its datatype and the primary key; the Frictionless data package
** (datapackage.json) lists every download of the flow as a resource, the
** CSV one with its table schema.
*/
#include <string.h>

#include "odwrite_int.h"

static const char *lang_code(int lang) { return lang == 1 ? "en" : lang == 2 ? "az" : "ar"; }

/* ---- the CSV ---- */

static int begin(OdWriter *w) {
  const OdFlow *f = w->f;
  for (int i = 0; i < f->ndims; i++) {
    if (i) odout_write(w->out, ",", 1);
    odout_csv(w->out, f->comps[i].code);
    if (f->comps[i].codelist) {
      odout_write(w->out, ",", 1);
      odout_csv(w->out, f->comps[i].code);
      odout_puts(w->out, "_label");
    }
  }
  odout_puts(w->out, f->ndims ? "," : "");
  odout_csv(w->out, f->comps[f->time_idx].code);
  odout_write(w->out, ",", 1);
  odout_csv(w->out, f->comps[f->measure_idx].code);
  for (int i = 0; i < w->nattr; i++) {
    odout_write(w->out, ",", 1);
    odout_csv(w->out, w->attr[i]->code);
  }
  odout_write(w->out, "\r\n", 2);
  return 0;
}

static int obs(OdWriter *w, const OdSeriesView *s, const OdObs *o) {
  (void)s;
  const OdFlow *f = w->f;
  char tmp[64];
  for (int i = 0; i < f->ndims; i++) {
    if (i) odout_write(w->out, ",", 1);
    odout_csv(w->out, o->dims[i]);
    if (f->comps[i].codelist) {
      odout_write(w->out, ",", 1);
      odout_csv(w->out, odw_code_label(&f->comps[i], o->dims[i], w->o->lang));
    }
  }
  odout_puts(w->out, f->ndims ? "," : "");
  odout_csv(w->out, o->period);
  odout_write(w->out, ",", 1);
  if (o->has_value) odout_num(w->out, o->value);
  for (int i = 0; i < w->nattr; i++) {
    odout_write(w->out, ",", 1);
    odout_csv(w->out, odw_attr_value(w, w->attr[i], o->series_attrs, o, tmp, sizeof tmp));
  }
  odout_write(w->out, "\r\n", 2);
  return 0;
}

const OdWriterOps odw_ops_csv = {begin, NULL, obs, NULL, NULL, NULL};

/* ---- CSV on the Web ---- */

static void titles(OdOut *o, const OdText *t, const char *dflt, const char *suffix) {
  const char *v[3] = {t->ar, t->en, t->az};
  static const char *codes[3] = {"ar", "en", "az"};
  odout_puts(o, "{");
  int n = 0;
  for (int i = 0; i < 3; i++) {
    if (!v[i] || !*v[i]) continue;
    odout_puts(o, n++ ? "," : "");
    odout_printf(o, "\"%s\":\"", codes[i]);
    odout_json_str(o, v[i]);
    if (suffix) odout_json_str(o, suffix);
    odout_puts(o, "\"");
  }
  if (!n) {
    odout_puts(o, "\"und\":");
    odout_json_q(o, dflt);
  }
  odout_puts(o, "}");
}

static void column(OdOut *o, const char *name, const OdText *t, const char *datatype, int required,
                   const char *suffix) {
  odout_puts(o, "{\"name\":\"");
  odout_json_str(o, name);
  if (suffix) odout_puts(o, "_label");
  odout_puts(o, "\",\"titles\":");
  titles(o, t, name, suffix ? " (label)" : NULL);
  odout_printf(o, ",\"datatype\":\"%s\",\"required\":%s}", datatype, required ? "true" : "false");
}

void od_write_csvw(OdOut *o, const OdFlow *f, int lang, const char *csv_url) {
  odout_printf(o, "{\"@context\":[\"http://www.w3.org/ns/csvw\",{\"@language\":\"%s\"}],\"url\":", lang_code(lang));
  odout_json_q(o, csv_url);
  odout_puts(o, ",\"dc:title\":");
  odout_json_q(o, odw_text(&f->name, lang, f->code));
  odout_puts(o, ",\"dc:description\":");
  odout_json_q(o, odw_text(&f->description, lang, ""));
  if (f->license) {
    odout_puts(o, ",\"dc:license\":{\"@id\":");
    odout_json_q(o, f->license);
    odout_puts(o, "}");
  }
  odout_puts(o, ",\"dc:modified\":");
  odout_json_q(o, f->ver.updated_at);
  odout_puts(o, ",\"dialect\":{\"header\":true,\"encoding\":\"utf-8\",\"lineTerminators\":[\"\\r\\n\"]}");
  odout_puts(o, ",\"tableSchema\":{\"columns\":[");
  int n = 0;
  for (int i = 0; i < f->ndims; i++) {
    odout_puts(o, n++ ? "," : "");
    column(o, f->comps[i].code, &f->comps[i].name, "string", 1, NULL);
    if (f->comps[i].codelist) {
      odout_puts(o, ",");
      column(o, f->comps[i].code, &f->comps[i].name, "string", 0, "_label");
    }
  }
  odout_puts(o, n++ ? "," : "");
  column(o, f->comps[f->time_idx].code, &f->comps[f->time_idx].name, "string", 1, NULL);
  odout_puts(o, ",");
  column(o, f->comps[f->measure_idx].code, &f->comps[f->measure_idx].name, "double", 0, NULL);
  for (int i = 0; i < f->ncomps; i++)
    if (f->comps[i].kind == OD_ATTRIBUTE) {
      odout_puts(o, ",");
      column(o, f->comps[i].code, &f->comps[i].name, "string", f->comps[i].required, NULL);
    }
  odout_puts(o, "],\"primaryKey\":[");
  for (int i = 0; i < f->ndims; i++) {
    odout_json_q(o, f->comps[i].code);
    odout_puts(o, ",");
  }
  odout_json_q(o, f->comps[f->time_idx].code);
  odout_puts(o, "]}}\n");
}

/* ---- Frictionless data package ---- */

/* A package or resource name: lowercase letters, digits, '-', '_', '.'. */
static void pkg_name(OdOut *o, const char *a, const char *b) {
  char tmp[220];
  snprintf(tmp, sizeof tmp, "%s-%s", a, b);
  for (char *p = tmp; *p; p++) {
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')) *p = '-';
  }
  odout_json_q(o, tmp);
}

static void field(OdOut *o, const char *name, const char *suffix, const OdText *t, int lang, const char *type) {
  odout_puts(o, "{\"name\":\"");
  odout_json_str(o, name);
  if (suffix) odout_json_str(o, suffix);
  odout_puts(o, "\",\"title\":");
  odout_json_q(o, odw_text(t, lang, name));
  odout_printf(o, ",\"type\":\"%s\"}", type);
}

void od_write_datapackage(OdOut *o, const OdFlow *f, int lang, const char *base_url) {
  char dl[600];
  snprintf(dl, sizeof dl, "%s/sdmx/2.1/data/%s,%s,%s", base_url ? base_url : "", f->agency, f->code,
           f->ver.version ? f->ver.version : "latest");
  odout_puts(o, "{\"profile\":\"data-package\",\"name\":");
  pkg_name(o, f->agency, f->code);
  odout_puts(o, ",\"id\":");
  odout_json_q(o, dl);
  odout_puts(o, ",\"title\":");
  odout_json_q(o, odw_text(&f->name, lang, f->code));
  odout_puts(o, ",\"description\":");
  odout_json_q(o, odw_text(&f->description, lang, ""));
  odout_puts(o, ",\"version\":");
  odout_json_q(o, f->ver.version);
  odout_puts(o, ",\"created\":");
  odout_json_q(o, f->ver.release_at ? f->ver.release_at : f->ver.created_at);
  if (f->license) {
    odout_puts(o, ",\"licenses\":[{\"path\":");
    odout_json_q(o, f->license);
    odout_puts(o, ",\"name\":");
    odout_json_q(o, strstr(f->license, "by/4.0") ? "CC-BY-4.0" : strstr(f->license, "zero") ? "CC0-1.0" : "other");
    odout_puts(o, "}]");
  }
  if (f->contact_name || f->contact_email) {
    odout_puts(o, ",\"contributors\":[{\"title\":");
    odout_json_q(o, f->contact_name ? f->contact_name : f->contact_email);
    if (f->contact_email) {
      odout_puts(o, ",\"email\":");
      odout_json_q(o, f->contact_email);
    }
    odout_puts(o, ",\"role\":\"publisher\"}]");
  }
  odout_puts(o, ",\"resources\":[{\"name\":\"data\",\"path\":");
  odout_printf(o, "\"");
  odout_json_str(o, dl);
  odout_puts(o, "?format=csv\",\"format\":\"csv\",\"mediatype\":\"text/csv\",\"encoding\":\"utf-8\"");
  odout_puts(o, ",\"dialect\":{\"delimiter\":\",\",\"lineTerminator\":\"\\r\\n\",\"header\":true}");
  odout_puts(o, ",\"schema\":{\"fields\":[");
  for (int i = 0; i < f->ndims; i++) {
    field(o, f->comps[i].code, NULL, &f->comps[i].name, lang, "string");
    odout_puts(o, ",");
    if (f->comps[i].codelist) {
      field(o, f->comps[i].code, "_label", &f->comps[i].name, lang, "string");
      odout_puts(o, ",");
    }
  }
  field(o, f->comps[f->time_idx].code, NULL, &f->comps[f->time_idx].name, lang, "string");
  odout_puts(o, ",");
  field(o, f->comps[f->measure_idx].code, NULL, &f->comps[f->measure_idx].name, lang, "number");
  for (int i = 0; i < f->ncomps; i++)
    if (f->comps[i].kind == OD_ATTRIBUTE) {
      odout_puts(o, ",");
      field(o, f->comps[i].code, NULL, &f->comps[i].name, lang, "string");
    }
  odout_puts(o, "],\"primaryKey\":[");
  for (int i = 0; i < f->ndims; i++) {
    odout_json_q(o, f->comps[i].code);
    odout_puts(o, ",");
  }
  odout_json_q(o, f->comps[f->time_idx].code);
  odout_puts(o, "]}}");
  static const struct {
    const char *name, *fmt, *mime, *ext;
  } others[] = {
    {"sdmx-csv", "sdmx-csv", "application/vnd.sdmx.data+csv;version=1.0.0", "csv"},
    {"sdmx-json", "sdmx-json", "application/vnd.sdmx.data+json;version=1.0.0", "json"},
    {"sdmx-ml", "xml", "application/vnd.sdmx.genericdata+xml;version=2.1", "xml"},
    {"json-stat", "jsonstat", "application/json", "json"},
    {"xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
  };
  for (size_t i = 0; i < MJ_COUNT(others); i++) {
    odout_printf(o, ",{\"name\":\"%s\",\"path\":\"", others[i].name);
    odout_json_str(o, dl);
    odout_printf(o, "?format=%s\",\"format\":\"%s\",\"mediatype\":\"%s\"}", others[i].fmt, others[i].ext,
                 others[i].mime);
  }
  odout_puts(o, "]}\n");
}
