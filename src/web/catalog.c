/*
** catalog.c: the DCAT-AP catalogue of the open data, as JSON-LD
** (/catalog.jsonld) and Turtle (/catalog.ttl). One graph is built (a
** jansson tree in compacted JSON-LD whose keys are prefixed names such as
** "dct:title"), sent as it is for JSON-LD and turned into Turtle by a small
** walker that knows that shape: objects with "@id" are subjects, objects
** without are blank nodes, {"@value","@language"|"@type"} are literals.
**
** Only the flows the reader may see are listed (od_flows_list: public ones
** for the anonymous; restricted ones too for researchers and data officers;
** drafts and embargoed versions for data officers only). Each dataset has
** the DCAT-AP mandatory and recommended properties: titles, descriptions
** and keywords per language, publisher, contact point (vCard), themes (EU
** data-theme vocabulary), temporal coverage, access rights, licence,
** issued, modified, version, conformsTo (its SDMX structure), landing page,
** and one distribution per download format with access and download URL,
** media type, format, byte size (computed, cached per version) and licence.
** The SDMX REST API is a dcat:DataService.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "odquery.h"
#include "opendata.h"
#include "opendata_web.h"
#include "web_int.h"

#define EU_LANG "http://publications.europa.eu/resource/authority/language/"
#define EU_THEME "http://publications.europa.eu/resource/authority/data-theme/"
#define EU_ACCESS "http://publications.europa.eu/resource/authority/access-right/"
#define EU_FTYPE "http://publications.europa.eu/resource/authority/file-type/"
#define IANA "https://www.iana.org/assignments/media-types/"
#define DEFAULT_LICENSE "https://creativecommons.org/licenses/by/4.0/"

static const char *lcodes[3] = {"ar", "en", "az"};

static json_t *lit_lang(const char *v, const char *lang) { return json_pack("{s:s,s:s}", "@value", v, "@language", lang); }
static json_t *lit_typed(const char *v, const char *type) { return json_pack("{s:s,s:s}", "@value", v, "@type", type); }
static json_t *iri(const char *v) { return json_pack("{s:s}", "@id", v); }

/* Language-tagged literals of t (each language present); dflt when none. */
static json_t *texts(const OdText *t, const char *dflt) {
  json_t *a = json_array();
  const char *v[3] = {t->ar, t->en, t->az};
  for (int i = 0; i < 3; i++)
    if (v[i] && *v[i]) json_array_append_new(a, lit_lang(v[i], lcodes[i]));
  if (!json_array_size(a) && dflt) json_array_append_new(a, lit_lang(dflt, "ar"));
  return a;
}

static json_t *context(void) {
  return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "dcat", "http://www.w3.org/ns/dcat#", "dct",
                   "http://purl.org/dc/terms/", "foaf", "http://xmlns.com/foaf/0.1/", "vcard",
                   "http://www.w3.org/2006/vcard/ns#", "xsd", "http://www.w3.org/2001/XMLSchema#", "owl",
                   "http://www.w3.org/2002/07/owl#", "adms", "http://www.w3.org/ns/adms#", "rdfs",
                   "http://www.w3.org/2000/01/rdf-schema#");
}

/* A date-time literal from an ISO 8601 UTC text (date alone: xsd:date). */
static json_t *when(const char *iso) {
  if (!iso || !*iso) return NULL;
  return lit_typed(iso, strlen(iso) > 10 ? "xsd:dateTime" : "xsd:date");
}

static void set_opt(json_t *o, const char *k, json_t *v) {
  if (v) json_object_set_new(o, k, v);
}

typedef struct Dist {
  OdFormat fmt;
  const char *title, *query, *mime, *ftype, *conforms;
} Dist;
static const Dist dists[] = {
  {OD_FMT_SDMX_CSV, "SDMX-CSV 1.0", "format=sdmx-csv", "application/vnd.sdmx.data+csv", "CSV",
   "https://github.com/sdmx-twg/sdmx-csv"},
  {OD_FMT_SDMX_JSON, "SDMX-JSON 1.0", "format=sdmx-json", "application/vnd.sdmx.data+json", "JSON",
   "https://github.com/sdmx-twg/sdmx-json"},
  {OD_FMT_SDMX_ML_GENERIC, "SDMX-ML 2.1", "format=sdmx-ml", "application/vnd.sdmx.genericdata+xml", "XML",
   "https://sdmx.org/?page_id=5008"},
  {OD_FMT_CSV, "CSV", "format=csv", "text/csv", "CSV", "http://www.w3.org/TR/tabular-data-model/"},
  {OD_FMT_JSONSTAT, "JSON-stat 2.0", "format=jsonstat", "application/json", "JSON", "https://json-stat.org/format/"},
  {OD_FMT_XLSX, "XLSX", "format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", NULL},
};

static json_t *publisher(const char *base, const char *name) {
  json_t *p = json_pack("{s:s,s:s}", "@id", base, "@type", "foaf:Agent");
  json_object_set_new(p, "foaf:name", json_string(name));
  return p;
}

static json_t *dataset(Req *r, const OdFlow *f, const char *base, const char *license_default, char issued_out[32],
                       char modified_out[32]) {
  const char *seg = arena_printf(r->arena, "%s,%s", f->agency, f->code);
  const char *landing = arena_printf(r->arena, "%s/data/%s", base, seg);
  json_t *d = json_object();
  json_object_set_new(d, "@id", json_string(landing));
  json_object_set_new(d, "@type", json_string("dcat:Dataset"));
  json_object_set_new(d, "dct:identifier", json_string(arena_printf(r->arena, "%s:%s", f->agency, f->code)));
  json_object_set_new(d, "dct:title", texts(&f->name, f->code));
  json_t *desc = texts(&f->description, NULL);
  if (!json_array_size(desc)) { /* DCAT-AP: a description is mandatory; fall back on the title */
    json_decref(desc);
    desc = texts(&f->name, f->code);
  }
  json_object_set_new(d, "dct:description", desc);
  json_object_set_new(d, "dct:publisher", iri(arena_printf(r->arena, "%s/#publisher", base)));
  /* contact point: the flow's own, else the instance's data contact
  ** (od_data_contact: settings opendata_contact_name/_email, by default the
  ** secretariat); never a dataset without one. Without an e-mail the
  ** vCard points at the site's open-data page. */
  {
    const char *cname = f->contact_name && *f->contact_name ? f->contact_name : NULL;
    const char *cemail = f->contact_email && *f->contact_email ? f->contact_email : NULL;
    if (!cname && !cemail) od_data_contact(r->db, r->arena, &cname, &cemail);
    json_t *c = json_pack("{s:s}", "@type", "vcard:Organization");
    json_object_set_new(c, "vcard:fn", json_string(cname ? cname : cemail));
    if (cemail) json_object_set_new(c, "vcard:hasEmail", iri(arena_printf(r->arena, "mailto:%s", cemail)));
    else json_object_set_new(c, "vcard:hasURL", iri(arena_printf(r->arena, "%s/data", base)));
    json_object_set_new(d, "dcat:contactPoint", c);
  }
  /* themes and keywords */
  json_t *th = json_array(), *tj = json_loads(f->themes_json ? f->themes_json : "[]", 0, NULL);
  size_t i;
  json_t *v;
  json_array_foreach(tj, i, v) if (json_is_string(v))
    json_array_append_new(th, iri(arena_printf(r->arena, EU_THEME "%s", json_string_value(v))));
  json_decref(tj);
  if (json_array_size(th)) json_object_set_new(d, "dcat:theme", th);
  else json_decref(th);
  json_t *kw = json_array(), *kj = json_loads(f->keywords_json ? f->keywords_json : "[]", 0, NULL);
  json_array_foreach(kj, i, v) {
    const char *val = json_string_value(json_object_get(v, "value"));
    const char *lang = json_string_value(json_object_get(v, "lang"));
    if (json_is_string(v)) val = json_string_value(v);
    if (val && *val) json_array_append_new(kw, lang && i18n_parse(lang) >= 0 ? lit_lang(val, lang) : json_string(val));
  }
  json_decref(kj);
  if (json_array_size(kw)) json_object_set_new(d, "dcat:keyword", kw);
  else json_decref(kw);
  /* temporal coverage */
  char ts[11], te[11];
  int64_t nobs = 0;
  if (odq_coverage(r->db, f, ts, te, &nobs) == MJ_OK && *ts) {
    json_t *pt = json_pack("{s:s}", "@type", "dct:PeriodOfTime");
    json_object_set_new(pt, "dcat:startDate", lit_typed(ts, "xsd:date"));
    json_object_set_new(pt, "dcat:endDate", lit_typed(te, "xsd:date"));
    json_object_set_new(d, "dct:temporal", pt);
  }
  const char *acc = !strcmp(f->access, "public") ? "PUBLIC" : !strcmp(f->access, "restricted") ? "RESTRICTED" : "NON_PUBLIC";
  json_object_set_new(d, "dct:accessRights", iri(arena_printf(r->arena, EU_ACCESS "%s", acc)));
  const char *lic = f->license && *f->license ? f->license : license_default;
  json_object_set_new(d, "dct:license", iri(lic));
  /* issued: the first release the reader may see; modified: the version's last change */
  const char *issued = NULL;
  for (int k = 0; k < f->nversions; k++) {
    const char *at = f->versions[k].release_at ? f->versions[k].release_at : f->versions[k].created_at;
    if (at && (!issued || strcmp(at, issued) < 0)) issued = at;
  }
  if (!issued) issued = f->created_at;
  const char *modified = f->ver.updated_at;
  if (f->ver.release_at && (!modified || strcmp(f->ver.release_at, modified) > 0)) modified = f->ver.release_at;
  set_opt(d, "dct:issued", when(issued));
  set_opt(d, "dct:modified", when(modified));
  mj_strlcpy(issued_out, issued ? issued : "", 32);
  mj_strlcpy(modified_out, modified ? modified : "", 32);
  json_object_set_new(d, "owl:versionInfo", json_string(f->ver.version));
  json_object_set_new(d, "dcat:version", json_string(f->ver.version));
  if (f->ver.note) json_object_set_new(d, "adms:versionNotes", json_string(f->ver.note));
  json_object_set_new(d, "dct:conformsTo", iri(arena_printf(r->arena, "%s/sdmx/2.1/datastructure/%s/%s/%s", base, f->dsd_agency,
                                                          f->dsd_code, f->dsd_version)));
  json_object_set_new(d, "dcat:landingPage", iri(landing));
  json_object_set_new(d, "dct:language", json_pack("[{s:s},{s:s},{s:s}]", "@id", EU_LANG "ARA", "@id", EU_LANG "ENG", "@id",
                                                   EU_LANG "AZE"));
  /* distributions */
  json_t *ds = json_array();
  const char *data = arena_printf(r->arena, "%s/sdmx/2.1/data/%s,%s,%s", base, f->agency, f->code, f->ver.version);
  for (size_t k = 0; k < MJ_COUNT(dists); k++) {
    const Dist *x = &dists[k];
    const char *url = arena_printf(r->arena, "%s?%s&lang=%s", data, x->query, i18n_code(r->lang));
    json_t *o = json_object();
    json_object_set_new(o, "@id", json_string(url));
    json_object_set_new(o, "@type", json_string("dcat:Distribution"));
    json_object_set_new(o, "dct:title", json_string(x->title));
    json_object_set_new(o, "dcat:accessURL", iri(landing));
    json_object_set_new(o, "dcat:downloadURL", iri(url));
    json_object_set_new(o, "dcat:mediaType", iri(arena_printf(r->arena, IANA "%s", x->mime)));
    json_object_set_new(o, "dct:format", iri(arena_printf(r->arena, EU_FTYPE "%s", x->ftype)));
    json_object_set_new(o, "dct:license", iri(lic));
    if (x->conforms) json_object_set_new(o, "dct:conformsTo", iri(x->conforms));
    if (x->fmt == OD_FMT_CSV)
      json_object_set_new(o, "rdfs:seeAlso", iri(arena_printf(r->arena, "%s/data/%s/csv-metadata.json", base, seg)));
    int64_t bytes;
    if (odq_byte_size(r->db, f, x->fmt, (int)r->lang, &bytes) == MJ_OK)
      json_object_set_new(o, "dcat:byteSize", lit_typed(arena_printf(r->arena, "%lld", (long long)bytes), "xsd:nonNegativeInteger"));
    set_opt(o, "dct:modified", when(modified));
    json_array_append_new(ds, o);
  }
  json_object_set_new(d, "dcat:distribution", ds);
  return d;
}

/* Builds the catalogue graph; NULL with the reply set on error. */
static json_t *build(Req *r, const char **etag) {
  int64_t now = (int64_t)time(NULL);
  OdFlow **flows;
  int n;
  int rc = od_flows_list(r->db, r->arena, &r->who.actor, now, NULL, &flows, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return NULL;
  }
  const char *base = odweb_base(r);
  /* the ETag: what the reader sees, in which language, from which address */
  uint64_t h = 1469598103934665603ull;
  Buf k;
  buf_init(&k, BUF_UNLIMITED);
  buf_printf(&k, "%s|%s|%s", base, i18n_code(r->lang), web_config()->instance_name);
  const char *dcname, *dcemail; /* the instance's data contact, shown for flows without one */
  od_data_contact(r->db, r->arena, &dcname, &dcemail);
  buf_printf(&k, "|%s|%s", dcname, dcemail ? dcemail : "");
  int64_t lm = 0;
  for (int i = 0; i < n; i++) {
    const OdFlow *f = flows[i];
    buf_printf(&k, "|%lld:%s:%s:%s:%s:%s:%s:%s", (long long)f->ver.id, f->ver.version, f->ver.updated_at ? f->ver.updated_at : "",
               f->ver.release_at ? f->ver.release_at : "", f->access, f->contact_name ? f->contact_name : "",
               f->contact_email ? f->contact_email : "", f->license ? f->license : "");
    int64_t t;
    if (f->ver.updated_at && odq_parse_datetime(f->ver.updated_at, &t) == MJ_OK && t > lm) lm = t;
    if (f->ver.release_at && odq_parse_datetime(f->ver.release_at, &t) == MJ_OK && t > lm && t <= now) lm = t;
  }
  for (size_t i = 0; i < k.n; i++) h = (h ^ (unsigned char)k.p[i]) * 1099511628211ull;
  buf_free(&k);
  *etag = arena_printf(r->arena, "W/\"cat%016llx\"", (unsigned long long)h);
  req_add_header(r, "Vary", "Accept-Language, Cookie, Authorization");
  req_add_header(r, "Cache-Control", "no-cache");
  /* Last-Modified: the newest change or release of a listed version (the
  ** catalogue's dct:modified). It is sent for information; the 304 is
  ** decided by the ETag alone, because edits of a flow's metadata and of the
  ** settings carry no time of their own and If-Modified-Since would miss them. */
  if (lm > 0) {
    char d[40];
    struct tm tm;
    time_t tt = (time_t)lm;
    gmtime_r(&tt, &tm);
    strftime(d, sizeof d, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    req_add_header(r, "Last-Modified", arena_strdup(r->arena, d));
  }
  if (odweb_not_modified(r, *etag, 0)) return NULL;
  char *lic = db_meta_get(r->db, "opendata_license");
  const char *license = lic && *lic ? arena_strdup(r->arena, lic) : DEFAULT_LICENSE;
  free(lic);
  const char *name = web_config()->instance_name[0] ? web_config()->instance_name : "Majlis";
  json_t *g = json_array();
  json_t *cat = json_object();
  json_object_set_new(cat, "@id", json_string(arena_printf(r->arena, "%s/catalog", base)));
  json_object_set_new(cat, "@type", json_string("dcat:Catalog"));
  json_object_set_new(cat, "dct:title", json_pack("[o,o,o]", lit_lang(arena_printf(r->arena, "البيانات المفتوحة — %s", name), "ar"),
                                                  lit_lang(arena_printf(r->arena, "%s — open data", name), "en"),
                                                  lit_lang(arena_printf(r->arena, "%s — açıq məlumatlar", name), "az")));
  json_object_set_new(cat, "dct:description",
                      json_pack("[o,o,o]",
                                lit_lang("إحصاءات البرلمان ومجموعات بياناته المفتوحة بمعيار SDMX 2.1: الجلسات والتصويت والحضور وغيرها.", "ar"),
                                lit_lang("The parliament's statistics and open datasets in SDMX 2.1: sittings, votes, attendance and more.", "en"),
                                lit_lang("Parlamentin statistikası və açıq məlumat dəstləri SDMX 2.1 formatında: iclaslar, səsvermələr, iştirak və s.", "az")));
  json_object_set_new(cat, "dct:publisher", iri(arena_printf(r->arena, "%s/#publisher", base)));
  json_object_set_new(cat, "foaf:homepage", iri(arena_printf(r->arena, "%s/data", base)));
  json_object_set_new(cat, "dct:language", json_pack("[{s:s},{s:s},{s:s}]", "@id", EU_LANG "ARA", "@id", EU_LANG "ENG", "@id",
                                                     EU_LANG "AZE"));
  json_object_set_new(cat, "dct:license", iri(license));
  json_object_set_new(cat, "dcat:themeTaxonomy", iri("http://publications.europa.eu/resource/authority/data-theme"));
  json_t *sets = json_array();
  char first[32] = "", last[32] = "";
  json_t *nodes = json_array();
  for (int i = 0; i < n; i++) {
    char is[32], mo[32];
    json_t *d = dataset(r, flows[i], base, license, is, mo);
    json_array_append_new(sets, iri(json_string_value(json_object_get(d, "@id"))));
    json_array_append_new(nodes, d);
    if (*is && (!*first || strcmp(is, first) < 0)) mj_strlcpy(first, is, sizeof first);
    if (*mo && strcmp(mo, last) > 0) mj_strlcpy(last, mo, sizeof last);
  }
  set_opt(cat, "dct:issued", when(*first ? first : NULL));
  set_opt(cat, "dct:modified", when(*last ? last : NULL));
  json_object_set_new(cat, "dcat:dataset", sets);
  const char *svc = arena_printf(r->arena, "%s/sdmx/2.1", base);
  json_object_set_new(cat, "dcat:service", iri(svc));
  json_array_append_new(g, cat);
  json_array_append_new(g, publisher(arena_printf(r->arena, "%s/#publisher", base), name));
  json_t *service = json_pack("{s:s,s:s}", "@id", svc, "@type", "dcat:DataService");
  json_object_set_new(service, "dct:title", json_pack("[o,o]", lit_lang("SDMX 2.1 REST", "en"), lit_lang("واجهة SDMX 2.1", "ar")));
  json_object_set_new(service, "dcat:endpointURL", iri(svc));
  json_object_set_new(service, "dct:conformsTo", iri("https://github.com/sdmx-twg/sdmx-rest"));
  json_object_set_new(service, "dct:license", iri(license));
  json_t *served = json_array();
  for (size_t i = 0; i < json_array_size(sets); i++) json_array_append(served, json_array_get(sets, i));
  json_object_set_new(service, "dcat:servesDataset", served);
  json_array_append_new(g, service);
  size_t j;
  json_t *d;
  json_array_foreach(nodes, j, d) json_array_append(g, d);
  json_decref(nodes);
  return json_pack("{s:o,s:o}", "@context", context(), "@graph", g);
}

void catalog_jsonld(Req *r) {
  const char *etag;
  json_t *doc = build(r, &etag);
  if (!doc) return;
  char *s = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  r->status = 200;
  r->ctype = "application/ld+json; charset=utf-8";
  buf_reset(&r->out);
  buf_puts(&r->out, s ? s : "{}");
  buf_putc(&r->out, '\n');
  free(s);
}

/* ---- Turtle ---- */

static void ttl_string(Buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    switch (*s) {
    case '"': buf_puts(b, "\\\""); break;
    case '\\': buf_puts(b, "\\\\"); break;
    case '\n': buf_puts(b, "\\n"); break;
    case '\r': buf_puts(b, "\\r"); break;
    case '\t': buf_puts(b, "\\t"); break;
    default:
      if ((unsigned char)*s < 0x20) buf_printf(b, "\\u%04x", (unsigned char)*s);
      else buf_putc(b, *s);
    }
  }
  buf_putc(b, '"');
}

/* An IRI in <...>: characters Turtle forbids there are percent-encoded. */
static void ttl_iri(Buf *b, const char *s) {
  buf_putc(b, '<');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c <= 0x20 || strchr("<>\"{}|^`\\", c)) buf_printf(b, "%%%02X", c);
    else buf_putc(b, (char)c);
  }
  buf_putc(b, '>');
}

static void ttl_node(Buf *b, json_t *o, int depth);

static void ttl_value(Buf *b, json_t *v, int depth) {
  if (json_is_string(v)) {
    ttl_string(b, json_string_value(v));
  } else if (json_is_object(v)) {
    json_t *val = json_object_get(v, "@value");
    json_t *id = json_object_get(v, "@id");
    if (val) {
      ttl_string(b, json_string_value(val));
      const char *lang = json_string_value(json_object_get(v, "@language"));
      const char *type = json_string_value(json_object_get(v, "@type"));
      if (lang) buf_printf(b, "@%s", lang);
      else if (type) buf_printf(b, "^^%s", type);
    } else if (id && json_object_size(v) == 1) {
      ttl_iri(b, json_string_value(id));
    } else if (id) { /* a subject of its own, written at the top level */
      ttl_iri(b, json_string_value(id));
    } else {
      buf_puts(b, "[\n");
      ttl_node(b, v, depth + 1);
      buf_printf(b, "%*s]", depth * 2, "");
    }
  } else if (json_is_integer(v)) {
    buf_printf(b, "%lld", (long long)json_integer_value(v));
  }
}

/* The predicate-object list of object o (without its subject). */
static void ttl_node(Buf *b, json_t *o, int depth) {
  const char *k;
  json_t *v;
  int first = 1;
  json_object_foreach(o, k, v) {
    if (!strcmp(k, "@id")) continue;
    if (!first) buf_puts(b, " ;\n");
    first = 0;
    buf_printf(b, "%*s%s ", depth * 2, "", !strcmp(k, "@type") ? "a" : k);
    if (json_is_array(v)) {
      size_t i;
      json_t *e;
      json_array_foreach(v, i, e) {
        if (i) buf_puts(b, ", ");
        if (!strcmp(k, "@type")) buf_puts(b, json_string_value(e));
        else ttl_value(b, e, depth);
      }
    } else if (!strcmp(k, "@type")) {
      buf_puts(b, json_string_value(v));
    } else {
      ttl_value(b, v, depth);
    }
  }
  buf_puts(b, "\n");
}

/* Writes o as a subject, then every nested object with an @id of its own. */
static void ttl_subject(Buf *b, json_t *o) {
  ttl_iri(b, json_string_value(json_object_get(o, "@id")));
  buf_puts(b, "\n");
  ttl_node(b, o, 1);
  b->n && b->p[b->n - 1] == '\n' ? (void)(b->p[--b->n] = 0) : (void)0;
  buf_puts(b, " .\n\n");
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    json_t *items = json_is_array(v) ? v : NULL;
    size_t n = items ? json_array_size(items) : 1;
    for (size_t i = 0; i < n; i++) {
      json_t *e = items ? json_array_get(items, i) : v;
      if (json_is_object(e) && json_object_get(e, "@id") && json_object_size(e) > 1) ttl_subject(b, e);
    }
  }
}

void catalog_ttl(Req *r) {
  const char *etag;
  json_t *doc = build(r, &etag);
  if (!doc) return;
  buf_reset(&r->out);
  const char *k;
  json_t *v;
  json_object_foreach(json_object_get(doc, "@context"), k, v) {
    buf_printf(&r->out, "@prefix %s: ", k);
    ttl_iri(&r->out, json_string_value(v));
    buf_puts(&r->out, " .\n");
  }
  buf_puts(&r->out, "\n");
  size_t i;
  json_array_foreach(json_object_get(doc, "@graph"), i, v) ttl_subject(&r->out, v);
  json_decref(doc);
  r->status = 200;
  r->ctype = "text/turtle; charset=utf-8";
}
