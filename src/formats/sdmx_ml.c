/*
** sdmx_ml.c: SDMX-ML 2.1 data messages, generic
** (application/vnd.sdmx.genericdata+xml;version=2.1) and structure-specific
** (application/vnd.sdmx.structurespecificdata+xml;version=2.1), streamed.
** Generic data spells every value out as <generic:Value id= value=>;
** structure-specific data writes components as XML attributes named after
** them, which a schema derived from the structure can validate.
** dimensionAtObservation: TIME_PERIOD (time series), a dimension (cross
** sections: the series carries TIME_PERIOD), or AllDimensions (flat
** observations, no series).
*/
#include <stdlib.h>
#include <string.h>

#include "odwrite_int.h"

#define NS_MSG "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
#define NS_COM "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
#define NS_GEN "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
#define NS_SS "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"

typedef struct St {
  int in_series;
} St;

static int generic(const OdWriter *w) { return w->fmt == OD_FMT_SDMX_ML_GENERIC; }
static int full(const OdWriter *w) { return w->o->detail == OD_DETAIL_FULL; }
static int obs_level(const OdWriter *w) { return w->o->detail == OD_DETAIL_FULL || w->o->detail == OD_DETAIL_DATAONLY; }
static int series_attrs_shown(const OdWriter *w) { return w->o->detail == OD_DETAIL_FULL || w->o->detail == OD_DETAIL_NODATA; }

static const char *obs_dim_id(const OdWriter *w) {
  if (w->o->obs_dim == -2) return "AllDimensions";
  if (w->o->obs_dim >= 0) return w->f->comps[w->o->obs_dim].code;
  return w->f->comps[w->f->time_idx].code;
}

static void structure_id(OdOut *o, const OdFlow *f) {
  odout_xml(o, f->dsd_agency);
  odout_puts(o, "_");
  odout_xml(o, f->dsd_code);
  odout_puts(o, "_");
  for (const char *p = f->dsd_version; p && *p; p++) odout_write(o, *p == '.' ? "_" : p, 1);
}

static int begin(OdWriter *w) {
  w->st = xcalloc(1, sizeof(St));
  OdOut *o = w->out;
  const OdFlow *f = w->f;
  odout_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  if (generic(w))
    odout_puts(o, "<message:GenericData xmlns:message=\"" NS_MSG "\" xmlns:common=\"" NS_COM "\" xmlns:generic=\"" NS_GEN "\">\n");
  else {
    odout_puts(o, "<message:StructureSpecificData xmlns:message=\"" NS_MSG "\" xmlns:common=\"" NS_COM
                  "\" xmlns:ss=\"" NS_SS "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:ns1=\"");
    odout_printf(o, "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=");
    odout_xml(o, f->dsd_agency);
    odout_puts(o, ":");
    odout_xml(o, f->dsd_code);
    odout_puts(o, "(");
    odout_xml(o, f->dsd_version);
    odout_puts(o, "):ObsLevelDim:");
    odout_xml(o, obs_dim_id(w));
    odout_puts(o, "\">\n");
  }
  odout_puts(o, "<message:Header><message:ID>");
  odout_xml(o, w->o->message_id ? w->o->message_id : "IREF");
  odout_puts(o, "</message:ID><message:Test>false</message:Test><message:Prepared>");
  odout_xml(o, w->o->prepared);
  odout_puts(o, "</message:Prepared><message:Sender id=\"");
  odout_xml(o, w->o->sender ? w->o->sender : f->agency);
  odout_puts(o, "\"/><message:Structure structureID=\"");
  structure_id(o, f);
  if (!generic(w)) {
    odout_puts(o, "\" namespace=\"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=");
    odout_xml(o, f->dsd_agency);
    odout_puts(o, ":");
    odout_xml(o, f->dsd_code);
    odout_puts(o, "(");
    odout_xml(o, f->dsd_version);
    odout_puts(o, "):ObsLevelDim:");
    odout_xml(o, obs_dim_id(w));
  }
  odout_puts(o, "\" dimensionAtObservation=\"");
  odout_xml(o, obs_dim_id(w));
  odout_puts(o, "\"><common:StructureUsage><Ref agencyID=\"");
  odout_xml(o, f->agency);
  odout_puts(o, "\" id=\"");
  odout_xml(o, f->code);
  odout_puts(o, "\" version=\"");
  odout_xml(o, f->ver.version);
  odout_puts(o, "\"/></common:StructureUsage></message:Structure><message:DataSetAction>Information</message:DataSetAction>");
  odout_puts(o, "</message:Header>\n");
  if (generic(w)) {
    odout_puts(o, "<message:DataSet structureRef=\"");
    structure_id(o, f);
    odout_puts(o, "\" action=\"Information\">\n");
  } else {
    odout_puts(o, "<message:DataSet ss:structureRef=\"");
    structure_id(o, f);
    odout_puts(o, "\" xsi:type=\"ns1:DataSetType\" ss:dataScope=\"DataStructure\" action=\"Information\">\n");
  }
  return 0;
}

static void gvalue(OdOut *o, const char *id, const char *v) {
  odout_puts(o, "<generic:Value id=\"");
  odout_xml(o, id);
  odout_puts(o, "\" value=\"");
  odout_xml(o, v);
  odout_puts(o, "\"/>");
}
static void ssattr(OdOut *o, const char *id, const char *v) {
  odout_puts(o, " ");
  odout_xml(o, id); /* component ids are identifiers ([A-Za-z0-9_]); escaped all the same */
  odout_puts(o, "=\"");
  odout_xml(o, v);
  odout_puts(o, "\"");
}

/* Writes attributes of one level: generic as <generic:Attributes>, else XML attributes. */
static void attrs(OdWriter *w, int at_obs, const char *series_attrs, const OdObs *ob) {
  char tmp[64];
  int opened = 0;
  for (int i = 0; i < w->nattr; i++) {
    int lvl = w->o->obs_dim == -2 ? 1 : odw_attr_at_obs(w->attr[i]);
    if (lvl != at_obs) continue;
    const char *v = odw_attr_value(w, w->attr[i], series_attrs, ob, tmp, sizeof tmp);
    if (!v) continue;
    if (generic(w)) {
      if (!opened++) odout_puts(w->out, "<generic:Attributes>");
      gvalue(w->out, w->attr[i]->code, v);
    } else {
      ssattr(w->out, w->attr[i]->code, v);
    }
  }
  if (opened) odout_puts(w->out, "</generic:Attributes>");
}

static int series(OdWriter *w, const OdSeriesView *s) {
  if (w->o->obs_dim == -2) return 0;
  const OdFlow *f = w->f;
  St *st = w->st;
  OdOut *o = w->out;
  if (generic(w)) {
    odout_puts(o, "<generic:Series><generic:SeriesKey>");
    for (int i = 0; i < f->ndims; i++)
      if (i != w->o->obs_dim) gvalue(o, f->comps[i].code, s->dims[i]);
    if (w->o->obs_dim >= 0) gvalue(o, f->comps[f->time_idx].code, s->period);
    odout_puts(o, "</generic:SeriesKey>");
    if (series_attrs_shown(w)) attrs(w, 0, s->attrs, NULL);
    odout_puts(o, "\n");
  } else {
    odout_puts(o, "<Series");
    for (int i = 0; i < f->ndims; i++)
      if (i != w->o->obs_dim) ssattr(o, f->comps[i].code, s->dims[i]);
    if (w->o->obs_dim >= 0) ssattr(o, f->comps[f->time_idx].code, s->period);
    if (series_attrs_shown(w)) attrs(w, 0, s->attrs, NULL);
    odout_puts(o, obs_level(w) ? ">\n" : "/>\n");
  }
  st->in_series = 1;
  return 0;
}

static int obs(OdWriter *w, const OdSeriesView *s, const OdObs *ob) {
  (void)s;
  if (!obs_level(w)) return 0;
  const OdFlow *f = w->f;
  OdOut *o = w->out;
  char num[40];
  const char *v = NULL;
  if (ob->has_value) {
    snprintf(num, sizeof num, "%.15g", ob->value);
    if (strtod(num, NULL) != ob->value) snprintf(num, sizeof num, "%.17g", ob->value);
    v = num;
  }
  if (generic(w)) {
    odout_puts(o, "<generic:Obs>");
    if (w->o->obs_dim == -2) {
      odout_puts(o, "<generic:ObsKey>");
      for (int i = 0; i < f->ndims; i++) gvalue(o, f->comps[i].code, ob->dims[i]);
      gvalue(o, f->comps[f->time_idx].code, ob->period);
      odout_puts(o, "</generic:ObsKey>");
    } else {
      odout_puts(o, "<generic:ObsDimension value=\"");
      odout_xml(o, w->o->obs_dim >= 0 ? ob->dims[w->o->obs_dim] : ob->period);
      odout_puts(o, "\"/>");
    }
    odout_puts(o, "<generic:ObsValue value=\"");
    odout_puts(o, v ? v : "NaN");
    odout_puts(o, "\"/>");
    if (full(w)) attrs(w, 1, ob->series_attrs, ob);
    odout_puts(o, "</generic:Obs>\n");
  } else {
    odout_puts(o, "<Obs");
    if (w->o->obs_dim == -2) {
      for (int i = 0; i < f->ndims; i++) ssattr(o, f->comps[i].code, ob->dims[i]);
      ssattr(o, f->comps[f->time_idx].code, ob->period);
    } else if (w->o->obs_dim >= 0) {
      ssattr(o, f->comps[w->o->obs_dim].code, ob->dims[w->o->obs_dim]);
    } else {
      ssattr(o, f->comps[f->time_idx].code, ob->period);
    }
    ssattr(o, f->comps[f->measure_idx].code, v ? v : "NaN");
    if (full(w)) attrs(w, 1, ob->series_attrs, ob);
    odout_puts(o, "/>\n");
  }
  return 0;
}

static int series_end(OdWriter *w) {
  St *st = w->st;
  if (!st->in_series) return 0;
  st->in_series = 0;
  if (generic(w)) odout_puts(w->out, "</generic:Series>\n");
  else if (obs_level(w)) odout_puts(w->out, "</Series>\n");
  return 0;
}

static int end(OdWriter *w) {
  odout_puts(w->out, "</message:DataSet>\n");
  odout_puts(w->out, generic(w) ? "</message:GenericData>\n" : "</message:StructureSpecificData>\n");
  return 0;
}

static void st_free(OdWriter *w) { free(w->st); }

const OdWriterOps odw_ops_sdmx_ml = {begin, series, obs, series_end, end, st_free};
