/*
** sdmx_struct.c: SDMX 2.1 structure messages: dataflows, data structure
** definitions and code lists, in SDMX-ML 2.1
** (application/vnd.sdmx.structure+xml;version=2.1) and SDMX-JSON
** (application/vnd.sdmx.structure+json;version=1.0). Names are given in
** every language the database holds (xml:lang / "names"), and "name" in the
** language asked for. Concepts are published in one concept scheme
** "CONCEPTS" (version 1.0) per agency that defines them, which the
** components' conceptIdentity references point to.
*/
#include <string.h>

#include "odwrite_int.h"

#define NS_MSG "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
#define NS_COM "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
#define NS_STR "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"

static const char *lcode[3] = {"ar", "en", "az"};

static const char *text_at(const OdText *t, int i) { return i == 0 ? t->ar : i == 1 ? t->en : t->az; }

/* The code lists the message carries: asked for, or used by its structures. */
static int collect_codelists(const OdStructMsg *m, const OdCodelist **out, int max) {
  int n = 0;
  for (int i = 0; i < m->ncodelists && n < max; i++) out[n++] = m->codelists[i];
  if (m->with_codelists)
    for (int i = 0; i < m->nflows; i++)
      for (int c = 0; c < m->flows[i]->ncomps; c++) {
        const OdCodelist *cl = m->flows[i]->comps[c].codelist;
        if (!cl) continue;
        int seen = 0;
        for (int k = 0; k < n; k++) seen |= out[k] == cl || out[k]->id == cl->id;
        if (!seen && n < max) out[n++] = cl;
      }
  return n;
}

static const char *concept_agency(const OdComponent *c, const OdFlow *f) {
  return c->concept_agency ? c->concept_agency : f->dsd_agency;
}

/* ---- SDMX-ML ---- */

static void xnames(OdOut *o, const OdText *t, const char *dflt) {
  int n = 0;
  for (int i = 0; i < 3; i++) {
    const char *v = text_at(t, i);
    if (!v || !*v) continue;
    odout_printf(o, "<common:Name xml:lang=\"%s\">", lcode[i]);
    odout_xml(o, v);
    odout_puts(o, "</common:Name>");
    n++;
  }
  if (!n) {
    odout_puts(o, "<common:Name xml:lang=\"en\">");
    odout_xml(o, dflt);
    odout_puts(o, "</common:Name>");
  }
}
static void xdescs(OdOut *o, const OdText *t) {
  for (int i = 0; i < 3; i++) {
    const char *v = text_at(t, i);
    if (!v || !*v) continue;
    odout_printf(o, "<common:Description xml:lang=\"%s\">", lcode[i]);
    odout_xml(o, v);
    odout_puts(o, "</common:Description>");
  }
}

/* id="X" agencyID="A" version="V" */
static void xident(OdOut *o, const char *id, const char *agency, const char *version) {
  odout_puts(o, " id=\"");
  odout_xml(o, id);
  odout_puts(o, "\" agencyID=\"");
  odout_xml(o, agency);
  odout_puts(o, "\" version=\"");
  odout_xml(o, version);
  odout_puts(o, "\"");
}
static void xurn(OdOut *o, const char *cls, const char *agency, const char *id, const char *version) {
  odout_printf(o, " urn=\"urn:sdmx:org.sdmx.infomodel.%s=", cls);
  odout_xml(o, agency);
  odout_puts(o, ":");
  odout_xml(o, id);
  odout_puts(o, "(");
  odout_xml(o, version);
  odout_puts(o, ")\"");
}

static void xconcept_ref(OdOut *o, const OdComponent *c, const OdFlow *f) {
  odout_puts(o, "<structure:ConceptIdentity><Ref id=\"");
  odout_xml(o, c->code);
  odout_puts(o, "\" maintainableParentID=\"CONCEPTS\" maintainableParentVersion=\"1.0\" agencyID=\"");
  odout_xml(o, concept_agency(c, f));
  odout_puts(o, "\" package=\"conceptscheme\" class=\"Concept\"/></structure:ConceptIdentity>");
}
static void xrepr(OdOut *o, const OdComponent *c) {
  if (c->codelist) {
    odout_puts(o, "<structure:LocalRepresentation><structure:Enumeration><Ref");
    xident(o, c->codelist->code, c->codelist->agency, c->codelist->version);
    odout_puts(o, " package=\"codelist\" class=\"Codelist\"/></structure:Enumeration></structure:LocalRepresentation>");
  } else if (c->kind == OD_TIME) {
    odout_puts(o, "<structure:LocalRepresentation><structure:TextFormat textType=\"ObservationalTimePeriod\"/></structure:LocalRepresentation>");
  } else if (c->kind == OD_MEASURE) {
    odout_puts(o, "<structure:LocalRepresentation><structure:TextFormat textType=\"Double\"/></structure:LocalRepresentation>");
  }
}

static void xheader(OdOut *o, const OdWriteOpts *w) {
  odout_puts(o, "<message:Header><message:ID>");
  odout_xml(o, w->message_id ? w->message_id : "IREF");
  odout_puts(o, "</message:ID><message:Test>false</message:Test><message:Prepared>");
  odout_xml(o, w->prepared);
  odout_puts(o, "</message:Prepared><message:Sender id=\"");
  odout_xml(o, w->sender ? w->sender : "MAJLIS");
  odout_puts(o, "\"/></message:Header>");
}

static void xdataflow(OdOut *o, const OdFlow *f) {
  odout_puts(o, "<structure:Dataflow");
  xident(o, f->code, f->agency, f->ver.version);
  xurn(o, "datastructure.Dataflow", f->agency, f->code, f->ver.version);
  odout_printf(o, " isFinal=\"%s\">", f->ver.status && strcmp(f->ver.status, "published") == 0 ? "true" : "false");
  xnames(o, &f->name, f->code);
  xdescs(o, &f->description);
  odout_puts(o, "<structure:Structure><Ref");
  xident(o, f->dsd_code, f->dsd_agency, f->dsd_version);
  odout_puts(o, " package=\"datastructure\" class=\"DataStructure\"/></structure:Structure></structure:Dataflow>");
}

static void xcodelist(OdOut *o, const OdCodelist *cl) {
  odout_puts(o, "<structure:Codelist");
  xident(o, cl->code, cl->agency, cl->version);
  xurn(o, "codelist.Codelist", cl->agency, cl->code, cl->version);
  odout_puts(o, " isFinal=\"true\">");
  xnames(o, &cl->name, cl->code);
  for (int i = 0; i < cl->ncodes; i++) {
    const OdCode *c = &cl->codes[i];
    odout_puts(o, "<structure:Code id=\"");
    odout_xml(o, c->code);
    odout_puts(o, "\" urn=\"urn:sdmx:org.sdmx.infomodel.codelist.Code=");
    odout_xml(o, cl->agency);
    odout_puts(o, ":");
    odout_xml(o, cl->code);
    odout_puts(o, "(");
    odout_xml(o, cl->version);
    odout_puts(o, ").");
    odout_xml(o, c->code);
    odout_puts(o, "\">");
    xnames(o, &c->name, c->code);
    if (c->parent) {
      odout_puts(o, "<structure:Parent><Ref id=\"");
      odout_xml(o, c->parent);
      odout_puts(o, "\"/></structure:Parent>");
    }
    odout_puts(o, "</structure:Code>");
  }
  odout_puts(o, "</structure:Codelist>");
}

static void xconcepts(OdOut *o, const OdStructMsg *m) {
  /* one scheme per agency; agencies in order of first appearance */
  const char *ag[16];
  int nag = 0;
  for (int i = 0; i < m->nflows; i++)
    for (int c = 0; c < m->flows[i]->ncomps; c++) {
      const char *a = concept_agency(&m->flows[i]->comps[c], m->flows[i]);
      int seen = 0;
      for (int k = 0; k < nag; k++) seen |= strcmp(ag[k], a) == 0;
      if (!seen && nag < 16) ag[nag++] = a;
    }
  if (!nag) return;
  odout_puts(o, "<structure:Concepts>");
  for (int k = 0; k < nag; k++) {
    odout_puts(o, "<structure:ConceptScheme");
    xident(o, "CONCEPTS", ag[k], "1.0");
    xurn(o, "conceptscheme.ConceptScheme", ag[k], "CONCEPTS", "1.0");
    odout_puts(o, " isFinal=\"true\"><common:Name xml:lang=\"en\">Concepts</common:Name><common:Name xml:lang=\"ar\">المفاهيم</common:Name>");
    const char *done[OD_MAX_COMPONENTS * 4];
    int ndone = 0;
    for (int i = 0; i < m->nflows; i++)
      for (int c = 0; c < m->flows[i]->ncomps; c++) {
        const OdComponent *cp = &m->flows[i]->comps[c];
        if (strcmp(concept_agency(cp, m->flows[i]), ag[k]) != 0) continue;
        int seen = 0;
        for (int d = 0; d < ndone; d++) seen |= strcmp(done[d], cp->code) == 0;
        if (seen || ndone >= (int)MJ_COUNT(done)) continue;
        done[ndone++] = cp->code;
        odout_puts(o, "<structure:Concept id=\"");
        odout_xml(o, cp->code);
        odout_puts(o, "\">");
        xnames(o, &cp->name, cp->code);
        odout_puts(o, "</structure:Concept>");
      }
    odout_puts(o, "</structure:ConceptScheme>");
  }
  odout_puts(o, "</structure:Concepts>");
}

static void xdsd(OdOut *o, const OdFlow *f) {
  odout_puts(o, "<structure:DataStructure");
  xident(o, f->dsd_code, f->dsd_agency, f->dsd_version);
  xurn(o, "datastructure.DataStructure", f->dsd_agency, f->dsd_code, f->dsd_version);
  odout_puts(o, " isFinal=\"true\">");
  xnames(o, &f->dsd_name, f->dsd_code);
  odout_puts(o, "<structure:DataStructureComponents><structure:DimensionList id=\"DimensionDescriptor\">");
  for (int i = 0; i < f->ndims; i++) {
    odout_puts(o, "<structure:Dimension id=\"");
    odout_xml(o, f->comps[i].code);
    odout_printf(o, "\" position=\"%d\">", i + 1);
    xconcept_ref(o, &f->comps[i], f);
    xrepr(o, &f->comps[i]);
    odout_puts(o, "</structure:Dimension>");
  }
  const OdComponent *t = &f->comps[f->time_idx];
  odout_puts(o, "<structure:TimeDimension id=\"");
  odout_xml(o, t->code);
  odout_printf(o, "\" position=\"%d\">", f->ndims + 1);
  xconcept_ref(o, t, f);
  xrepr(o, t);
  odout_puts(o, "</structure:TimeDimension></structure:DimensionList>");
  int nattr = 0;
  for (int i = 0; i < f->ncomps; i++) nattr += f->comps[i].kind == OD_ATTRIBUTE;
  if (nattr) {
    odout_puts(o, "<structure:AttributeList id=\"AttributeDescriptor\">");
    for (int i = 0; i < f->ncomps; i++) {
      const OdComponent *a = &f->comps[i];
      if (a->kind != OD_ATTRIBUTE) continue;
      odout_puts(o, "<structure:Attribute id=\"");
      odout_xml(o, a->code);
      odout_printf(o, "\" assignmentStatus=\"%s\">", a->required ? "Mandatory" : "Conditional");
      xconcept_ref(o, a, f);
      xrepr(o, a);
      odout_puts(o, "<structure:AttributeRelationship>");
      if (odw_attr_at_obs(a)) {
        odout_puts(o, "<structure:PrimaryMeasure><Ref id=\"");
        odout_xml(o, f->comps[f->measure_idx].code);
        odout_puts(o, "\"/></structure:PrimaryMeasure>");
      } else if (strcmp(a->attachment, "dataset") == 0) {
        odout_puts(o, "<structure:None/>");
      } else {
        for (int d = 0; d < f->ndims; d++) {
          odout_puts(o, "<structure:Dimension><Ref id=\"");
          odout_xml(o, f->comps[d].code);
          odout_puts(o, "\"/></structure:Dimension>");
        }
      }
      odout_puts(o, "</structure:AttributeRelationship></structure:Attribute>");
    }
    odout_puts(o, "</structure:AttributeList>");
  }
  const OdComponent *me = &f->comps[f->measure_idx];
  odout_puts(o, "<structure:MeasureList id=\"MeasureDescriptor\"><structure:PrimaryMeasure id=\"");
  odout_xml(o, me->code);
  odout_puts(o, "\">");
  xconcept_ref(o, me, f);
  xrepr(o, me);
  odout_puts(o, "</structure:PrimaryMeasure></structure:MeasureList></structure:DataStructureComponents></structure:DataStructure>");
}

void od_write_structure_xml(OdOut *o, const OdStructMsg *m, const OdWriteOpts *w) {
  odout_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:Structure xmlns:message=\"" NS_MSG
                "\" xmlns:structure=\"" NS_STR "\" xmlns:common=\"" NS_COM "\">");
  xheader(o, w);
  odout_puts(o, "<message:Structures>");
  int dataflows = m->kind == OD_STRUCT_DATAFLOW;
  int dsds = m->kind == OD_STRUCT_DATASTRUCTURE || (dataflows && m->with_codelists);
  if (dataflows && m->nflows) {
    odout_puts(o, "<structure:Dataflows>");
    for (int i = 0; i < m->nflows; i++) xdataflow(o, m->flows[i]);
    odout_puts(o, "</structure:Dataflows>");
  }
  const OdCodelist *cls[256];
  int ncl = collect_codelists(m, cls, (int)MJ_COUNT(cls));
  if (ncl) {
    odout_puts(o, "<structure:Codelists>");
    for (int i = 0; i < ncl; i++) xcodelist(o, cls[i]);
    odout_puts(o, "</structure:Codelists>");
  }
  if (dsds && m->nflows) {
    xconcepts(o, m);
    odout_puts(o, "<structure:DataStructures>");
    for (int i = 0; i < m->nflows; i++) {
      int dup = 0; /* two flows may share a structure */
      for (int k = 0; k < i; k++) dup |= m->flows[k]->dsd_id == m->flows[i]->dsd_id;
      if (!dup) xdsd(o, m->flows[i]);
    }
    odout_puts(o, "</structure:DataStructures>");
  }
  odout_puts(o, "</message:Structures></message:Structure>\n");
}

/* ---- SDMX-JSON ---- */

static void jnames(OdOut *o, const OdText *t, int lang, const char *dflt) {
  odout_puts(o, "\"name\":");
  odout_json_q(o, odw_text(t, lang, dflt));
  odout_puts(o, ",\"names\":{");
  int n = 0;
  for (int i = 0; i < 3; i++) {
    const char *v = text_at(t, i);
    if (!v || !*v) continue;
    odout_printf(o, "%s\"%s\":", n++ ? "," : "", lcode[i]);
    odout_json_q(o, v);
  }
  odout_puts(o, "}");
}
static void jident(OdOut *o, const char *id, const char *agency, const char *version) {
  odout_puts(o, "\"id\":");
  odout_json_q(o, id);
  odout_puts(o, ",\"agencyID\":");
  odout_json_q(o, agency);
  odout_puts(o, ",\"version\":");
  odout_json_q(o, version);
}
static void jurn(OdOut *o, const char *cls, const char *agency, const char *id, const char *version) {
  odout_printf(o, "\"urn:sdmx:org.sdmx.infomodel.%s=", cls);
  odout_json_str(o, agency);
  odout_puts(o, ":");
  odout_json_str(o, id);
  odout_puts(o, "(");
  odout_json_str(o, version);
  odout_puts(o, ")\"");
}
static void jcomp(OdOut *o, const OdComponent *c, const OdFlow *f, int position) {
  odout_puts(o, "{\"id\":");
  odout_json_q(o, c->code);
  if (position) odout_printf(o, ",\"position\":%d", position);
  odout_puts(o, ",\"conceptIdentity\":\"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=");
  odout_json_str(o, concept_agency(c, f));
  odout_puts(o, ":CONCEPTS(1.0).");
  odout_json_str(o, c->code);
  odout_puts(o, "\"");
  if (c->codelist) {
    odout_puts(o, ",\"localRepresentation\":{\"enumeration\":");
    jurn(o, "codelist.Codelist", c->codelist->agency, c->codelist->code, c->codelist->version);
    odout_puts(o, "}");
  } else if (c->kind == OD_TIME) {
    odout_puts(o, ",\"localRepresentation\":{\"textFormat\":{\"textType\":\"ObservationalTimePeriod\"}}");
  }
  if (c->kind == OD_ATTRIBUTE) {
    odout_printf(o, ",\"assignmentStatus\":\"%s\",\"attributeRelationship\":", c->required ? "Mandatory" : "Conditional");
    if (odw_attr_at_obs(c)) odout_puts(o, "{\"primaryMeasure\":\"OBS_VALUE\"}");
    else if (strcmp(c->attachment, "dataset") == 0) odout_puts(o, "{\"none\":{}}");
    else {
      odout_puts(o, "{\"dimensions\":[");
      for (int d = 0; d < f->ndims; d++) {
        odout_puts(o, d ? "," : "");
        odout_json_q(o, f->comps[d].code);
      }
      odout_puts(o, "]}");
    }
  }
  odout_puts(o, "}");
}

void od_write_structure_json(OdOut *o, const OdStructMsg *m, const OdWriteOpts *w) {
  int lang = w->lang;
  odout_puts(o, "{\"meta\":{\"id\":");
  odout_json_q(o, w->message_id ? w->message_id : "IREF");
  odout_puts(o, ",\"test\":false,\"prepared\":");
  odout_json_q(o, w->prepared);
  odout_puts(o, ",\"contentLanguages\":[\"");
  odout_puts(o, lcode[lang >= 0 && lang < 3 ? lang : 0]);
  odout_puts(o, "\"],\"sender\":{\"id\":");
  odout_json_q(o, w->sender ? w->sender : "MAJLIS");
  odout_puts(o, "}},\"data\":{");
  int sect = 0;
  int dataflows = m->kind == OD_STRUCT_DATAFLOW;
  int dsds = m->kind == OD_STRUCT_DATASTRUCTURE || (dataflows && m->with_codelists);
  if (dataflows) {
    odout_puts(o, "\"dataflows\":[");
    for (int i = 0; i < m->nflows; i++) {
      const OdFlow *f = m->flows[i];
      odout_puts(o, i ? ",{" : "{");
      jident(o, f->code, f->agency, f->ver.version);
      odout_puts(o, ",\"urn\":");
      jurn(o, "datastructure.Dataflow", f->agency, f->code, f->ver.version);
      odout_printf(o, ",\"isFinal\":%s,", f->ver.status && strcmp(f->ver.status, "published") == 0 ? "true" : "false");
      jnames(o, &f->name, lang, f->code);
      odout_puts(o, ",\"description\":");
      odout_json_q(o, odw_text(&f->description, lang, ""));
      odout_puts(o, ",\"structure\":");
      jurn(o, "datastructure.DataStructure", f->dsd_agency, f->dsd_code, f->dsd_version);
      odout_puts(o, "}");
    }
    odout_puts(o, "]");
    sect++;
  }
  if (dsds) {
    odout_puts(o, sect++ ? ",\"dataStructures\":[" : "\"dataStructures\":[");
    int n = 0;
    for (int i = 0; i < m->nflows; i++) {
      const OdFlow *f = m->flows[i];
      int dup = 0;
      for (int k = 0; k < i; k++) dup |= m->flows[k]->dsd_id == f->dsd_id;
      if (dup) continue;
      odout_puts(o, n++ ? ",{" : "{");
      jident(o, f->dsd_code, f->dsd_agency, f->dsd_version);
      odout_puts(o, ",\"urn\":");
      jurn(o, "datastructure.DataStructure", f->dsd_agency, f->dsd_code, f->dsd_version);
      odout_puts(o, ",\"isFinal\":true,");
      jnames(o, &f->dsd_name, lang, f->dsd_code);
      odout_puts(o, ",\"dataStructureComponents\":{\"dimensionList\":{\"id\":\"DimensionDescriptor\",\"dimensions\":[");
      for (int d = 0; d < f->ndims; d++) {
        odout_puts(o, d ? "," : "");
        jcomp(o, &f->comps[d], f, d + 1);
      }
      odout_puts(o, "],\"timeDimensions\":[");
      jcomp(o, &f->comps[f->time_idx], f, f->ndims + 1);
      odout_puts(o, "]},\"attributeList\":{\"id\":\"AttributeDescriptor\",\"attributes\":[");
      int na = 0;
      for (int c = 0; c < f->ncomps; c++)
        if (f->comps[c].kind == OD_ATTRIBUTE) {
          odout_puts(o, na++ ? "," : "");
          jcomp(o, &f->comps[c], f, 0);
        }
      odout_puts(o, "]},\"measureList\":{\"id\":\"MeasureDescriptor\",\"primaryMeasure\":");
      jcomp(o, &f->comps[f->measure_idx], f, 0);
      odout_puts(o, "}}}");
    }
    odout_puts(o, "],\"conceptSchemes\":[");
    const char *done[256];
    int ndone = 0, ns = 0;
    for (int i = 0; i < m->nflows; i++)
      for (int c = 0; c < m->flows[i]->ncomps; c++) {
        const OdComponent *cp = &m->flows[i]->comps[c];
        const char *ag = concept_agency(cp, m->flows[i]);
        int seen = 0;
        for (int d = 0; d < ndone; d++) seen |= strcmp(done[d], ag) == 0;
        if (seen || ndone >= 256) continue;
        done[ndone++] = ag;
        odout_puts(o, ns++ ? ",{" : "{");
        jident(o, "CONCEPTS", ag, "1.0");
        odout_puts(o, ",\"isFinal\":true,\"name\":\"Concepts\",\"concepts\":[");
        int nc = 0;
        const char *cdone[256];
        for (int i2 = 0; i2 < m->nflows; i2++)
          for (int c2 = 0; c2 < m->flows[i2]->ncomps; c2++) {
            const OdComponent *q = &m->flows[i2]->comps[c2];
            if (strcmp(concept_agency(q, m->flows[i2]), ag) != 0) continue;
            int s2 = 0;
            for (int d = 0; d < nc; d++) s2 |= strcmp(cdone[d], q->code) == 0;
            if (s2 || nc >= 256) continue;
            odout_puts(o, nc ? ",{\"id\":" : "{\"id\":");
            cdone[nc++] = q->code;
            odout_json_q(o, q->code);
            odout_puts(o, ",");
            jnames(o, &q->name, lang, q->code);
            odout_puts(o, "}");
          }
        odout_puts(o, "]}");
      }
    odout_puts(o, "]");
  }
  const OdCodelist *cls[256];
  int ncl = collect_codelists(m, cls, (int)MJ_COUNT(cls));
  if (ncl || m->kind == OD_STRUCT_CODELIST) {
    odout_puts(o, sect++ ? ",\"codelists\":[" : "\"codelists\":[");
    for (int i = 0; i < ncl; i++) {
      const OdCodelist *cl = cls[i];
      odout_puts(o, i ? ",{" : "{");
      jident(o, cl->code, cl->agency, cl->version);
      odout_puts(o, ",\"urn\":");
      jurn(o, "codelist.Codelist", cl->agency, cl->code, cl->version);
      odout_puts(o, ",\"isFinal\":true,");
      jnames(o, &cl->name, lang, cl->code);
      odout_puts(o, ",\"codes\":[");
      for (int k = 0; k < cl->ncodes; k++) {
        odout_puts(o, k ? ",{\"id\":" : "{\"id\":");
        odout_json_q(o, cl->codes[k].code);
        odout_puts(o, ",");
        jnames(o, &cl->codes[k].name, lang, cl->codes[k].code);
        if (cl->codes[k].parent) {
          odout_puts(o, ",\"parent\":");
          odout_json_q(o, cl->codes[k].parent);
        }
        odout_puts(o, "}");
      }
      odout_puts(o, "]}");
    }
    odout_puts(o, "]");
  }
  odout_puts(o, "}}\n");
}
