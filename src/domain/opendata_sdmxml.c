/*
** opendata_sdmxml.c: importing an SDMX-ML 2.1 Structure message (one
** dataflow with its data structure, code lists and concepts). The message
** is read with libxml2 (no network, no entity expansion) and turned into the
** JSON definition of doc/opendata.md, so it goes through exactly the same
** checks as `majlis dataset define FILE.json`.
*/
#include "opendata_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "user.h"

static int is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *attr(const xmlNode *n, const char *name) {
  for (xmlAttr *a = n->properties; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

/* The first descendant element with that local name. */
static xmlNode *find(xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (is(c, name)) return c;
    xmlNode *d = find(c, name);
    if (d) return d;
  }
  return NULL;
}

/* Every descendant element with that local name, in document order. */
typedef void (*EachFn)(xmlNode *n, void *arg);
static void each(xmlNode *n, const char *name, EachFn fn, void *arg) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (is(c, name)) fn(c, arg);
    else each(c, name, fn, arg);
  }
}

/* {"ar":..,"en":..,"az":..} from the direct <Name xml:lang> children. */
static json_t *names(xmlNode *n) {
  json_t *o = json_object();
  for (xmlNode *c = n->children; c; c = c->next) {
    if (!is(c, "Name")) continue;
    xmlChar *lang = xmlNodeGetLang(c);
    xmlChar *txt = xmlNodeGetContent(c);
    const char *l = lang ? (const char *)lang : "en";
    if ((!strcmp(l, "ar") || !strcmp(l, "en") || !strcmp(l, "az")) && txt && !json_object_get(o, l))
      json_object_set_new(o, l, json_string((const char *)txt));
    xmlFree(lang);
    xmlFree(txt);
  }
  return o;
}

static const char *ref_id(xmlNode *n, const char *container) {
  xmlNode *c = find(n, container);
  xmlNode *r = c ? find(c, "Ref") : NULL;
  return r ? attr(r, "id") : NULL;
}

typedef struct Ctx {
  json_t *codelists, *concepts, *agencies;
} Ctx;

static void agency_note(Ctx *x, const char *id) {
  if (!id) return;
  for (size_t i = 0; i < json_array_size(x->agencies); i++)
    if (strcmp(json_string_value(json_object_get(json_array_get(x->agencies, i), "id")), id) == 0) return;
  json_array_append_new(x->agencies, json_pack("{s:s,s:{s:s}}", "id", id, "name", "en", id));
}

static void one_code(xmlNode *n, void *arg) {
  json_t *codes = arg;
  const char *id = attr(n, "id");
  if (!id) return;
  json_t *c = json_pack("{s:s,s:o}", "id", id, "name", names(n));
  const char *parent = attr(n, "parentCode"); /* some writers use the attribute */
  if (!parent) parent = ref_id(n, "Parent");
  if (parent) json_object_set_new(c, "parent", json_string(parent));
  json_array_append_new(codes, c);
}

static void one_codelist(xmlNode *n, void *arg) {
  Ctx *x = arg;
  const char *id = attr(n, "id");
  if (!id) return;
  json_t *codes = json_array();
  each(n, "Code", one_code, codes);
  json_t *cl = json_pack("{s:s,s:s,s:s,s:o,s:o}", "id", id, "agency", attr(n, "agencyID") ? attr(n, "agencyID") : OD_AGENCY,
                         "version", attr(n, "version") ? attr(n, "version") : "1.0", "name", names(n), "codes", codes);
  agency_note(x, attr(n, "agencyID"));
  json_array_append_new(x->codelists, cl);
}

static void one_concept(xmlNode *n, void *arg) {
  Ctx *x = arg;
  const char *id = attr(n, "id");
  if (id) json_array_append_new(x->concepts, json_pack("{s:s,s:o}", "id", id, "name", names(n)));
}

/* "AGENCY:ID(VERSION)" of a component's enumeration, or NULL. */
static const char *enum_ref(Arena *a, xmlNode *comp) {
  xmlNode *lr = find(comp, "LocalRepresentation");
  xmlNode *en = lr ? find(lr, "Enumeration") : NULL;
  xmlNode *r = en ? find(en, "Ref") : NULL;
  if (!r || !attr(r, "id")) return NULL;
  const char *ag = attr(r, "agencyID"), *v = attr(r, "version");
  return arena_printf(a, "%s%s%s%s%s%s", ag ? ag : "", ag ? ":" : "", attr(r, "id"), v ? "(" : "", v ? v : "", v ? ")" : "");
}

typedef struct DimCtx {
  Arena *a;
  json_t *dims;
} DimCtx;

static void one_dimension(xmlNode *n, void *arg) {
  DimCtx *d = arg;
  const char *id = attr(n, "id");
  if (!id) id = ref_id(n, "ConceptIdentity");
  if (!id) return;
  json_t *o = json_pack("{s:s}", "id", id);
  const char *cl = enum_ref(d->a, n);
  if (cl) json_object_set_new(o, "codelist", json_string(cl));
  const char *pos = attr(n, "position");
  json_object_set_new(o, "_pos", json_integer(pos ? strtol(pos, NULL, 10) : (long)json_array_size(d->dims) + 1));
  json_array_append_new(d->dims, o);
}

static void one_attribute(xmlNode *n, void *arg) {
  DimCtx *d = arg;
  const char *id = attr(n, "id");
  if (!id) id = ref_id(n, "ConceptIdentity");
  if (!id) return;
  json_t *o = json_pack("{s:s}", "id", id);
  const char *cl = enum_ref(d->a, n);
  if (cl) json_object_set_new(o, "codelist", json_string(cl));
  const char *st = attr(n, "assignmentStatus");
  json_object_set_new(o, "required", json_boolean(st && strcmp(st, "Mandatory") == 0));
  xmlNode *rel = find(n, "AttributeRelationship");
  const char *att = "observation";
  if (rel && find(rel, "None")) att = "dataset";
  else if (rel && (find(rel, "Dimension") || find(rel, "AttachmentGroup"))) att = "series";
  json_object_set_new(o, "attachment", json_string(att));
  json_array_append_new(d->dims, o);
}

int od_define_sdmxml(Db *db, const Actor *who, const char *name, const char *xml, size_t len, int64_t *flow_id) {
  if (!(who->caps & CAP_DATA)) return mj_fail(MJ_EDENIED, "only a data officer may define datasets");
  if (len > (16u << 20)) return mj_fail(MJ_ETOOBIG, "%s: a structure message over 16 MB", name);
  xmlDoc *doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    return mj_fail(MJ_EINVAL, "%s:%d: not well-formed XML: %s", name, e ? e->line : 0,
                   e && e->message ? e->message : "parse error");
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  int rc = MJ_OK;
  Arena *a = arena_new();
  json_t *def = NULL;
  if (!is(root, "Structure")) {
    rc = mj_fail(MJ_EINVAL, "%s: not an SDMX-ML 2.1 Structure message (the root is <%s>)", name, root ? (const char *)root->name : "?");
    goto out;
  }
  xmlNode *flow = find(root, "Dataflow"), *dsd = find(root, "DataStructure");
  if (!flow || !dsd) {
    rc = mj_fail(MJ_EINVAL, "%s: the message needs one <Dataflow> and its <DataStructure>", name);
    goto out;
  }
  Ctx x = {json_array(), json_array(), json_array()};
  each(root, "Codelist", one_codelist, &x);
  each(root, "Concept", one_concept, &x);
  agency_note(&x, attr(flow, "agencyID"));
  DimCtx dims = {a, json_array()}, attrs = {a, json_array()};
  xmlNode *dl = find(dsd, "DimensionList"), *al = find(dsd, "AttributeList");
  each(dl, "Dimension", one_dimension, &dims);
  each(al, "Attribute", one_attribute, &attrs);
  /* dimensions in their position order, without the helper key */
  size_t nd = json_array_size(dims.dims);
  for (size_t i = 1; i < nd; i++)
    for (size_t j = i; j > 0; j--) {
      json_t *p = json_array_get(dims.dims, j - 1), *q = json_array_get(dims.dims, j);
      if (json_integer_value(json_object_get(p, "_pos")) <= json_integer_value(json_object_get(q, "_pos"))) break;
      json_incref(p);
      json_array_set(dims.dims, j - 1, q);
      json_array_set_new(dims.dims, j, p);
    }
  for (size_t i = 0; i < nd; i++) json_object_del(json_array_get(dims.dims, i), "_pos");
  def = json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:{s:s,s:s,s:s,s:o,s:o,s:o}}", "agency",
                  attr(flow, "agencyID") ? attr(flow, "agencyID") : OD_AGENCY, "id", attr(flow, "id") ? attr(flow, "id") : "",
                  "name", names(flow), "access", "public", "agencies", x.agencies, "codelists", x.codelists, "concepts",
                  x.concepts, "structure", "id", attr(dsd, "id") ? attr(dsd, "id") : "", "agency",
                  attr(dsd, "agencyID") ? attr(dsd, "agencyID") : OD_AGENCY, "version",
                  attr(dsd, "version") ? attr(dsd, "version") : "1.0", "name", names(dsd), "dimensions", dims.dims,
                  "attributes", attrs.dims);
  if (!def) {
    rc = mj_fail(MJ_EINVAL, "%s: the dataflow or structure lacks an id", name);
    goto out;
  }
  rc = od_define_root(db, who, name, def, flow_id);
out:
  json_decref(def);
  arena_free(a);
  xmlFreeDoc(doc);
  return rc;
}
