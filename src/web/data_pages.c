/*
** data_pages.c: the open-data pages of issue #8.
**
**   /data                  the catalogue: search and facets (theme, keyword,
**                          frequency, built-in or custom, and the access level
**                          for readers who may see more than public data)
**   /data/{flow}           a dataset: a pivot table of two dimensions the
**                          reader chooses (the others are filters), a chart
**                          drawn on the server, the SDMX REST query of what
**                          is on screen with a curl line, and the downloads
**   /data/{flow}/chart.svg the chart alone, for <img> on other sites
**   /data/{flow}/embed     the chart in a small page for an <iframe>
**   /data/calendar         the release calendar (times and titles only)
**   /admin/data            the data officer's screen: drafts, publishing,
**                          revisions, announced releases (CAP_DATA)
**
** Who sees what is decided once, in src/domain/opendata.h: every flow comes
** from od_flows_list() or od_flow_resolve() for the request's Actor at the
** current time, so a draft, an embargoed release or a flow above the
** reader's access level is absent from lists and 404 at its address.
** Figures come from the query engine (src/domain/odquery.h), never from SQL
** of our own, so the page, chart.svg and the SDMX REST reply of the URL the
** page shows select exactly the same observations.
**
** Numbers: Western digits by default in every language, as in the rest of
** the site and in Bahrain's official statistical tables, so that the chart,
** the table, the downloads and a copied figure agree; a reader who prefers
** Arabic-Indic digits chooses them (digits=arab, offered on Arabic pages)
** and the table and chart both follow. doc/opendata.md, "Pages".
*/
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "data_pages.h"
#include "odquery.h"
#include "opendata.h"
#include "opendata_web.h"
#include "svgchart.h"
#include "user.h"
#include "web_int.h"

/* A table or chart holds at most this many observations; a larger
** selection gets a message asking for a narrower one (and chart.svg a 413). */
#define DP_MAX_CELLS 20000
#define DP_MAX_AXIS 2000

/* ---------------------------------------------------------------- helpers */

static int64_t now_s(void) { return mj_now_ms() / 1000; }
static const char *lang_of(Req *r) { return i18n_code(r->lang); }

/* The path segment that names a flow: its code for this parliament's own
** agency, "AGENCY,CODE" otherwise (od_flow_resolve reads both). */
static const char *flow_seg(Req *r, const OdFlow *f) {
  if (strcmp(f->agency, OD_AGENCY) == 0) return f->code;
  return arena_printf(r->arena, "%s,%s", f->agency, f->code);
}

/* An SDMX identifier or code: letters, digits, _ @ $ - (1..50). */
static int id_ok(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 1 || n > 50) return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
          *p == '@' || *p == '$' || *p == '-'))
      return 0;
  return 1;
}

/* A period as the key of a table column: digits, letters and - only. */
static int period_ok(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 4 || n > 20) return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-')) return 0;
  return 1;
}

static void bad_request(Req *r, const char *msg) { reply_error(r, MJ_EINVAL, msg); }

/* scheme://host of this site for the absolute URLs of the API line, the
** curl command and the embed snippet: the public_url setting, else the
** request's Host (odweb_base, shared with the SDMX face and the catalogue). */
static const char *site_base(Req *r) { return odweb_base(r); }

/* The digits the reader chose: 0 Western (the default), 1 Arabic-Indic;
** -1 for a value that is neither. */
static int digits_param(Req *r) {
  const char *d = req_query(r, "digits");
  if (!d || !*d || strcmp(d, "latn") == 0) return 0;
  if (strcmp(d, "arab") == 0) return 1;
  return -1;
}

/* ---------------------------------------------------------------- labels */

static const char *comp_label(Req *r, const OdComponent *c) {
  const char *s = od_text(&c->name, lang_of(r));
  return s && *s ? s : c->code;
}

/* The label of a code of component c in the reader's language (the code when
** it is not coded or not listed); a period is its own label. */
static const char *code_label(Req *r, const OdComponent *c, const char *code) {
  if (!code) return "";
  if (c && c->codelist) {
    const OdCode *k = od_code_find(c->codelist, code);
    if (k) {
      const char *s = od_text(&k->name, lang_of(r));
      if (s && *s) return s;
    }
  }
  return code;
}

static int code_position(const OdComponent *c, const char *code) {
  if (!c || !c->codelist) return 0;
  for (int i = 0; i < c->codelist->ncodes; i++)
    if (strcmp(c->codelist->codes[i].code, code) == 0) return i;
  return c->codelist->ncodes;
}

static const char *access_label(Req *r, const char *a) {
  if (a && strcmp(a, "restricted") == 0) return T(r, "Restricted");
  if (a && strcmp(a, "non_public") == 0) return T(r, "Non-public");
  return T(r, "Public");
}

/* The EU data themes (the DCAT-AP vocabulary) by their codes. */
static const char *theme_label(Req *r, const char *t) {
  static const struct {
    const char *code, *en;
  } themes[] = {
      {"AGRI", "Agriculture, fisheries, forestry and food"},
      {"ECON", "Economy and finance"},
      {"EDUC", "Education, culture and sport"},
      {"ENER", "Energy"},
      {"ENVI", "Environment"},
      {"GOVE", "Government and public sector"},
      {"HEAL", "Health"},
      {"INTR", "International issues"},
      {"JUST", "Justice, legal system and public safety"},
      {"OP_DATPRO", "Provisional data"},
      {"REGI", "Regions and cities"},
      {"SOCI", "Population and society"},
      {"TECH", "Science and technology"},
      {"TRAN", "Transport"},
  };
  for (size_t i = 0; i < MJ_COUNT(themes); i++)
    if (strcmp(themes[i].code, t) == 0) return T(r, themes[i].en);
  return t;
}

static const char *status_label(Req *r, const OdVersion *v, int64_t now) {
  if (strcmp(v->status, "draft") == 0) return T(r, "Draft");
  int64_t at;
  if (v->release_at && odq_parse_datetime(v->release_at, &at) == MJ_OK && at > now)
    return T(r, "Embargoed until release");
  return T(r, "Published");
}

/* The built-in datasets follow the record: they are recomputed when the
** record has changed (od_builtin_maybe_refresh, at most every 5 minutes).
** The server runs a GET inside one read transaction and a refresh writes,
** so the read transaction ends first and a new one begins after it: the
** page still reads one consistent snapshot, which includes the refresh. */
static void refresh_builtin(Req *r, int64_t now) {
  int in_tx = !sqlite3_get_autocommit(db_handle(r->db));
  if (in_tx && db_exec(r->db, "COMMIT")) return;
  od_builtin_maybe_refresh(r->db, now, 300);
  if (in_tx) db_exec(r->db, "BEGIN");
}

/* ---------------------------------------------------------------- catalogue */

/* One flow with what the facets need. */
typedef struct CatEntry {
  OdFlow *f;
  const char **themes;
  int nthemes;
  const char **keywords; /* in the reader's language (all languages when it has none) */
  int nkeywords;
  const char **freqs; /* FREQ codes of its series */
  int nfreqs;
  const OdComponent *freq_comp;
  Buf text; /* normalised words and stems of its names, descriptions, keywords, code */
} CatEntry;

static const char **json_strings(Arena *a, const char *json, const char *lang, int *n) {
  *n = 0;
  json_error_t err;
  json_t *j = json ? json_loads(json, 0, &err) : NULL;
  if (!j || !json_is_array(j)) {
    json_decref(j);
    return NULL;
  }
  size_t cap = json_array_size(j);
  const char **out = arena_alloc(a, sizeof *out * (cap + 1));
  /* keywords are {"lang","value"}: the reader's language first, every
  ** language when it has none */
  for (int pass = 0; pass < 2 && *n == 0; pass++)
    for (size_t i = 0; i < cap; i++) {
      json_t *e = json_array_get(j, i);
      const char *v = NULL;
      if (json_is_string(e))
        v = json_string_value(e);
      else if (json_is_object(e)) {
        const char *l = json_string_value(json_object_get(e, "lang"));
        if (pass == 0 && lang && l && strcmp(l, lang) != 0) continue;
        v = json_string_value(json_object_get(e, "value"));
      }
      if (!v || !*v || strlen(v) > 200) continue;
      int dup = 0;
      for (int k = 0; k < *n && !dup; k++)
        dup = strcmp(out[k], v) == 0;
      if (!dup) out[(*n)++] = arena_strdup(a, v);
    }
  json_decref(j);
  return out;
}

typedef struct FreqCtx {
  Arena *a;
  int idx;
  const char **codes;
  int n, cap;
} FreqCtx;

static int freq_series(void *ctx, const OdSeriesView *s) {
  FreqCtx *x = ctx;
  const char *c = s->dims[x->idx];
  if (!c) return 0;
  for (int i = 0; i < x->n; i++)
    if (strcmp(x->codes[i], c) == 0) return 0;
  if (x->n == x->cap) return 0;
  x->codes[x->n++] = arena_strdup(x->a, c);
  return 0;
}

/* The FREQ codes a flow's series use (its key lists them; no observation
** is read: the engine's serieskeysonly walk). */
static void flow_freqs(Req *r, CatEntry *e) {
  const OdComponent *fc = od_component(e->f, "FREQ");
  if (!fc || fc->kind != OD_DIMENSION) return;
  int idx = (int)(fc - e->f->comps);
  FreqCtx x = {r->arena, idx, arena_alloc(r->arena, sizeof(char *) * 16), 0, 16};
  OdqParams p = {0};
  p.detail = "serieskeysonly";
  OdqQuery q;
  if (odq_prepare(r->arena, e->f, &p, &q)) return;
  OdqCallbacks cb = {freq_series, NULL, NULL};
  if (odq_run(r->db, r->arena, &q, &cb, &x)) return;
  e->freqs = x.codes;
  e->nfreqs = x.n;
  e->freq_comp = fc;
}

static int add_word(void *ctx, const AnalyzerToken *t) {
  Buf *b = ctx;
  buf_putc(b, ' ');
  buf_append(b, t->norm, t->nnorm);
  if (t->nstem != t->nnorm || memcmp(t->stem, t->norm, t->nnorm) != 0) {
    buf_putc(b, ' ');
    buf_append(b, t->stem, t->nstem);
  }
  return 0;
}

static void add_text(const AnalyzerConfig *ac, Buf *b, const char *s) {
  if (s && *s) analyzer_tokenize(ac, s, strlen(s), add_word, b);
}

/* 1 when every word of q (its stem, or its normalised form) begins a word
** of the entry: Arabic-aware matching with the search analyzer. */
typedef struct QueryMatch {
  const char *hay;
  int all;
} QueryMatch;

static int match_word(void *ctx, const AnalyzerToken *t) {
  QueryMatch *m = ctx;
  if (analyzer_is_stopword(t->norm, t->nnorm)) return 0;
  int found = 0;
  for (int k = 0; k < 2 && !found; k++) {
    const char *w = k ? t->stem : t->norm;
    size_t n = k ? t->nstem : t->nnorm;
    for (const char *p = strstr(m->hay, " "); p && !found; p = strstr(p + 1, " "))
      found = strncmp(p + 1, w, n) == 0;
  }
  if (!found) m->all = 0;
  return 0;
}

typedef struct CatFilter {
  const char *q, *theme, *keyword, *access, *kind, *freq;
} CatFilter;

/* Which filters an entry passes; skip: one facet to ignore (for its counts). */
static int cat_match(const CatEntry *e, const CatFilter *cf, const AnalyzerConfig *ac, const char *skip) {
  if (cf->theme && strcmp(skip, "theme") != 0) {
    int ok = 0;
    for (int i = 0; i < e->nthemes && !ok; i++)
      ok = strcmp(e->themes[i], cf->theme) == 0;
    if (!ok) return 0;
  }
  if (cf->keyword && strcmp(skip, "keyword") != 0) {
    int ok = 0;
    for (int i = 0; i < e->nkeywords && !ok; i++)
      ok = strcmp(e->keywords[i], cf->keyword) == 0;
    if (!ok) return 0;
  }
  if (cf->access && strcmp(skip, "access") != 0 && strcmp(e->f->access, cf->access) != 0) return 0;
  if (cf->kind && strcmp(skip, "kind") != 0 && (strcmp(cf->kind, "builtin") == 0) != (e->f->builtin != 0))
    return 0;
  if (cf->freq && strcmp(skip, "freq") != 0) {
    int ok = 0;
    for (int i = 0; i < e->nfreqs && !ok; i++)
      ok = strcmp(e->freqs[i], cf->freq) == 0;
    if (!ok) return 0;
  }
  if (cf->q && *cf->q) {
    QueryMatch m = {e->text.p ? e->text.p : "", 1};
    analyzer_tokenize(ac, cf->q, strlen(cf->q), match_word, &m);
    if (!m.all) return 0;
  }
  return 1;
}

/* The catalogue URL with the current filters, one of them replaced (value
** NULL: removed). */
static void cat_href(Buf *b, const CatFilter *cf, const char *name, const char *value) {
  const char *names[] = {"q", "theme", "keyword", "access", "kind", "freq"};
  const char *vals[] = {cf->q, cf->theme, cf->keyword, cf->access, cf->kind, cf->freq};
  int first = 1;
  html_printf(b, "/data");
  for (size_t i = 0; i < MJ_COUNT(names); i++) {
    const char *v = strcmp(names[i], name) == 0 ? value : vals[i];
    if (!v || !*v) continue;
    html_printf(b, "%R%s=%U", first ? "?" : "&amp;", names[i], v);
    first = 0;
  }
}

typedef struct Facet {
  const char *value, *label;
  int count;
} Facet;

static void facet_add(Req *r, Facet **fs, int *n, int *cap, const char *value, const char *label,
                      int matched) {
  for (int i = 0; i < *n; i++)
    if (strcmp((*fs)[i].value, value) == 0) {
      (*fs)[i].count += matched;
      return;
    }
  if (*n == *cap) {
    int nc = *cap ? *cap * 2 : 16;
    Facet *g = arena_alloc(r->arena, sizeof *g * (size_t)nc);
    if (*n) memcpy(g, *fs, sizeof *g * (size_t)*n);
    *fs = g;
    *cap = nc;
  }
  (*fs)[(*n)++] = (Facet){value, label, matched};
}

static int facet_cmp(const void *a, const void *b) {
  const Facet *x = a, *y = b;
  if (x->count != y->count) return y->count - x->count;
  return strcmp(x->label, y->label);
}

static void facet_section(Req *r, const char *id, const char *title, const char *name, const char *current,
                          Facet *fs, int n, const CatFilter *cf) {
  if (!n) return;
  Buf *b = &r->out;
  qsort(fs, (size_t)n, sizeof *fs, facet_cmp);
  html_printf(b, "<section aria-labelledby=\"facet-%s\"><h2 id=\"facet-%s\">%s</h2><ul>", id, id, title);
  for (int i = 0; i < n; i++) {
    Buf h;
    buf_init(&h, 4096);
    int on = current && strcmp(current, fs[i].value) == 0;
    cat_href(&h, cf, name, on ? NULL : fs[i].value);
    html_printf(b, "<li class=\"facet-%s\"><a href=\"%H\"%R>%s</a> <span class=\"count\">%d</span></li>", id,
                &h, on ? " aria-current=\"true\" class=\"on\"" : "", fs[i].label, fs[i].count);
    buf_free(&h);
  }
  html_printf(b, "</ul></section>\n");
}

void page_data_catalogue(Req *r) {
  CatFilter cf = {req_query(r, "q"),      req_query(r, "theme"), req_query(r, "keyword"),
                  req_query(r, "access"), req_query(r, "kind"),  req_query(r, "freq")};
  if (cf.q && !*cf.q) cf.q = NULL;
  if (cf.theme && !*cf.theme) cf.theme = NULL;
  if (cf.keyword && !*cf.keyword) cf.keyword = NULL;
  if (cf.access && !*cf.access) cf.access = NULL;
  if (cf.kind && !*cf.kind) cf.kind = NULL;
  if (cf.freq && !*cf.freq) cf.freq = NULL;
  if (cf.q && strlen(cf.q) > 200) {
    bad_request(r, T(r, "A search may have at most 200 characters."));
    return;
  }
  if (cf.theme && !id_ok(cf.theme)) {
    bad_request(r, T(r, "Choose a theme from the list."));
    return;
  }
  if (cf.keyword && strlen(cf.keyword) > 200) {
    bad_request(r, T(r, "Choose a keyword from the list."));
    return;
  }
  if (cf.access && strcmp(cf.access, "public") != 0 && strcmp(cf.access, "restricted") != 0 &&
      strcmp(cf.access, "non_public") != 0) {
    bad_request(r, T(r, "The access level is public, restricted or non_public."));
    return;
  }
  if (cf.kind && strcmp(cf.kind, "builtin") != 0 && strcmp(cf.kind, "custom") != 0) {
    bad_request(r, T(r, "The kind of dataset is builtin or custom."));
    return;
  }
  if (cf.freq && !id_ok(cf.freq)) {
    bad_request(r, T(r, "Choose a frequency from the list."));
    return;
  }

  int64_t now = now_s();
  refresh_builtin(r, now);
  OdFlow **flows;
  int n;
  int rc = od_flows_list(r->db, r->arena, &r->who.actor, now, NULL, &flows, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *lang = lang_of(r);
  AnalyzerConfig ac;
  analyzer_config_default(&ac);
  CatEntry *es = arena_alloc(r->arena, sizeof *es * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    CatEntry *e = &es[i];
    memset(e, 0, sizeof *e);
    e->f = flows[i];
    e->themes = json_strings(r->arena, e->f->themes_json, NULL, &e->nthemes);
    e->keywords = json_strings(r->arena, e->f->keywords_json, lang, &e->nkeywords);
    flow_freqs(r, e);
    buf_init(&e->text, 1 << 20);
    buf_putc(&e->text, ' ');
    const OdText *ts[] = {&e->f->name, &e->f->description};
    for (size_t k = 0; k < MJ_COUNT(ts); k++) {
      add_text(&ac, &e->text, ts[k]->ar);
      add_text(&ac, &e->text, ts[k]->en);
      add_text(&ac, &e->text, ts[k]->az);
    }
    int nk;
    const char **allk = json_strings(r->arena, e->f->keywords_json, "*", &nk);
    for (int k = 0; k < nk; k++)
      add_text(&ac, &e->text, allk[k]);
    add_text(&ac, &e->text, e->f->code);
    buf_putc(&e->text, ' ');
  }
  /* the access facet only for readers who may see more than public data */
  int show_access =
      od_access_allows(&r->who.actor, "restricted") || od_access_allows(&r->who.actor, "non_public");

  Facet *ft = NULL, *fk = NULL, *fa = NULL, *fb = NULL, *ff = NULL;
  int nt = 0, ct = 0, nk = 0, ck = 0, na = 0, ca = 0, nb = 0, cb = 0, nf = 0, cfq = 0, hits = 0;
  for (int i = 0; i < n; i++) {
    CatEntry *e = &es[i];
    if (cat_match(e, &cf, &ac, "")) hits++;
    int m = cat_match(e, &cf, &ac, "theme");
    for (int k = 0; k < e->nthemes; k++)
      facet_add(r, &ft, &nt, &ct, e->themes[k], theme_label(r, e->themes[k]), m);
    m = cat_match(e, &cf, &ac, "keyword");
    for (int k = 0; k < e->nkeywords; k++)
      facet_add(r, &fk, &nk, &ck, e->keywords[k], e->keywords[k], m);
    m = cat_match(e, &cf, &ac, "access");
    if (show_access) facet_add(r, &fa, &na, &ca, e->f->access, access_label(r, e->f->access), m);
    m = cat_match(e, &cf, &ac, "kind");
    facet_add(r, &fb, &nb, &cb, e->f->builtin ? "builtin" : "custom",
              e->f->builtin ? T(r, "Built in (from the record)") : T(r, "Published by the data office"), m);
    m = cat_match(e, &cf, &ac, "freq");
    for (int k = 0; k < e->nfreqs; k++)
      facet_add(r, &ff, &nf, &cfq, e->freqs[k], code_label(r, e->freq_comp, e->freqs[k]), m);
  }

  page_begin(r, T(r, "Open data"),
             T(r, "Statistics and datasets of the Council of Representatives, free to download and reuse"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", T(r, "Open data"),
              T(r, "Statistics about the work of the Council of Representatives, as tables, charts and "
                   "downloads in open formats (SDMX, CSV, JSON, spreadsheets)."));
  html_printf(b,
              "<p class=\"links\"><a href=\"/data/calendar\">%s</a> · <a href=\"/catalog.jsonld\" "
              "type=\"application/ld+json\">%s</a>",
              T(r, "Release calendar"), T(r, "The catalogue in DCAT-AP (JSON-LD)"));
  if (r->who.actor.caps & CAP_DATA)
    html_printf(b, " · <a href=\"/admin/data\">%s</a>", T(r, "Manage datasets"));
  html_printf(
      b,
      "</p>\n<form class=\"search\" role=\"search\" method=\"get\" action=\"/data\">"
      "<label for=\"dq\">%s</label><input id=\"dq\" name=\"q\" type=\"search\" dir=\"auto\" value=\"%s\">",
      T(r, "Search the datasets"), cf.q ? cf.q : "");
  const char *keep[] = {"theme", "keyword", "access", "kind", "freq"};
  const char *keepv[] = {cf.theme, cf.keyword, cf.access, cf.kind, cf.freq};
  for (size_t i = 0; i < MJ_COUNT(keep); i++)
    if (keepv[i]) html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", keep[i], keepv[i]);
  html_printf(b, "<button type=\"submit\">%s</button></form>\n", T(r, "Search"));
  html_printf(b,
              "<div class=\"search-results data-catalogue\">\n<section aria-labelledby=\"ds-h\"><h2 "
              "id=\"ds-h\" class=\"count\">%s: %d</h2>\n",
              T(r, "Datasets"), hits);
  if (!hits)
    html_printf(b, "<p class=\"empty\">%s</p>\n",
                T(r, "No dataset matches. Remove a filter or search for other words."));
  else
    html_printf(b, "<ul class=\"datasets\">\n");
  for (int i = 0; i < n; i++) {
    CatEntry *e = &es[i];
    if (!cat_match(e, &cf, &ac, "")) continue;
    const OdFlow *f = e->f;
    html_printf(b, "<li class=\"dataset\"><h3><a href=\"/data/%U\">%s</a></h3>", flow_seg(r, f),
                od_text(&f->name, lang));
    const char *d = od_text(&f->description, lang);
    if (d && *d) html_printf(b, "<p class=\"desc\">%s</p>", d);
    html_printf(b, "<p class=\"meta\"><span class=\"code\" dir=\"ltr\">%s</span> · %s %s", f->code,
                T(r, "Version"), f->ver.version);
    if (f->ver.updated_at)
      html_printf(b, " · %s <time datetime=\"%s\">%s</time>", T(r, "Updated"), f->ver.updated_at,
                  arena_strndup(r->arena, f->ver.updated_at, 10));
    html_printf(b, " · %s",
                f->builtin ? T(r, "Built in (from the record)") : T(r, "Published by the data office"));
    for (int k = 0; k < e->nfreqs; k++)
      html_printf(b, " · %s", code_label(r, e->freq_comp, e->freqs[k]));
    if (strcmp(f->access, "public") != 0)
      html_printf(b, " · <span class=\"badge access\">%s</span>", access_label(r, f->access));
    int64_t at;
    int embargoed = f->ver.release_at && odq_parse_datetime(f->ver.release_at, &at) == MJ_OK && at > now;
    if (strcmp(f->ver.status, "published") != 0 || embargoed)
      html_printf(b, " · <span class=\"badge status\">%s</span>", status_label(r, &f->ver, now));
    html_printf(b, "</p>");
    if (e->nthemes) {
      html_printf(b, "<p class=\"themes\">");
      for (int k = 0; k < e->nthemes; k++)
        html_printf(b, "%R<span class=\"theme\">%s</span>", k ? " · " : "", theme_label(r, e->themes[k]));
      html_printf(b, "</p>");
    }
    html_printf(b, "</li>\n");
  }
  if (hits) html_printf(b, "</ul>\n");
  html_printf(b, "</section>\n<aside class=\"facets\" aria-label=\"%s\">\n", T(r, "Filter the datasets"));
  facet_section(r, "theme", T(r, "Theme"), "theme", cf.theme, ft, nt, &cf);
  facet_section(r, "freq", T(r, "Frequency"), "freq", cf.freq, ff, nf, &cf);
  facet_section(r, "kind", T(r, "Source"), "kind", cf.kind, fb, nb, &cf);
  if (show_access) facet_section(r, "access", T(r, "Access level"), "access", cf.access, fa, na, &cf);
  facet_section(r, "keyword", T(r, "Keyword"), "keyword", cf.keyword, fk, nk, &cf);
  html_printf(b, "</aside>\n</div>\n");
  for (int i = 0; i < n; i++)
    buf_free(&es[i].text);
  page_end(r);
}

/* ---------------------------------------------------------------- the cube as a grid */

/* Observations collected as a grid: rows are combinations of the components
** in rowset, columns the codes (or periods) of component x. */
typedef struct Grid {
  Req *r;
  const OdFlow *f;
  int x; /* component index of the columns (f->time_idx for periods) */
  int rowset[OD_MAX_DIMS + 1];
  int nrowset;
  const char **cols; /* distinct column codes */
  int ncols;
  const char ***rows; /* distinct rows: nrowset codes each */
  int nrows;
  int *ri, *ci; /* per observation */
  double *v;
  unsigned char *has;
  const char **status;
  int nobs, cap;
  int too_many;
  int last_row;
  int digits; /* periods in Arabic-Indic digits */
} Grid;

/* The code of component i of an observation (the period for TIME_PERIOD). */
static const char *coord(const OdFlow *f, const OdObs *o, int i) {
  return i == f->time_idx ? o->period : o->dims[i];
}

static int grid_obs(void *ctx, const OdSeriesView *s, const OdObs *o) {
  (void)s;
  Grid *g = ctx;
  if (g->nobs >= g->cap) {
    g->too_many = 1;
    return MJ_ETOOBIG;
  }
  const char *cx = coord(g->f, o, g->x);
  int c = -1;
  for (int i = g->ncols - 1; i >= 0 && c < 0; i--)
    if (strcmp(g->cols[i], cx) == 0) c = i;
  if (c < 0) {
    if (g->ncols >= DP_MAX_AXIS) {
      g->too_many = 1;
      return MJ_ETOOBIG;
    }
    g->cols[g->ncols] = arena_strdup(g->r->arena, cx);
    c = g->ncols++;
  }
  /* observations come series by series: the previous row first */
  int row = -1;
  for (int t = -1; t < g->nrows && row < 0; t++) {
    int i = t < 0 ? g->last_row : t;
    if (i >= g->nrows || (t >= 0 && i == g->last_row)) continue;
    int same = 1;
    for (int j = 0; j < g->nrowset && same; j++)
      same = strcmp(g->rows[i][j], coord(g->f, o, g->rowset[j])) == 0;
    if (same) row = i;
  }
  if (row < 0) {
    if (g->nrows >= DP_MAX_AXIS) {
      g->too_many = 1;
      return MJ_ETOOBIG;
    }
    const char **codes = arena_alloc(g->r->arena, sizeof *codes * (size_t)(g->nrowset ? g->nrowset : 1));
    for (int j = 0; j < g->nrowset; j++)
      codes[j] = arena_strdup(g->r->arena, coord(g->f, o, g->rowset[j]));
    g->rows[g->nrows] = codes;
    row = g->nrows++;
  }
  g->last_row = row;
  int k = g->nobs++;
  g->ri[k] = row;
  g->ci[k] = c;
  g->has[k] = (unsigned char)(o->has_value != 0);
  g->v[k] = o->has_value ? o->value : NAN;
  g->status[k] = o->status ? arena_strdup(g->r->arena, o->status) : NULL;
  return 0;
}

/* Runs the query into a grid; MJ_ETOOBIG when the selection holds more
** than DP_MAX_CELLS observations or DP_MAX_AXIS rows or columns. */
static int grid_fill(Req *r, const OdFlow *f, OdqQuery *q, int x, const int *rowset, int nrowset, int digits,
                     Grid *g) {
  memset(g, 0, sizeof *g);
  g->r = r;
  g->digits = digits;
  g->f = f;
  g->x = x;
  memcpy(g->rowset, rowset, sizeof *rowset * (size_t)nrowset);
  g->nrowset = nrowset;
  int rc = odq_count(r->db, q);
  if (rc) return rc;
  if (q->nobs > DP_MAX_CELLS) return mj_fail(MJ_ETOOBIG, "too many observations");
  g->cap = (int)q->nobs;
  size_t n = (size_t)(g->cap ? g->cap : 1);
  g->cols = arena_alloc(r->arena, sizeof *g->cols * DP_MAX_AXIS);
  g->rows = arena_alloc(r->arena, sizeof *g->rows * DP_MAX_AXIS);
  g->ri = arena_alloc(r->arena, sizeof *g->ri * n);
  g->ci = arena_alloc(r->arena, sizeof *g->ci * n);
  g->v = arena_alloc(r->arena, sizeof *g->v * n);
  g->has = arena_alloc(r->arena, n);
  g->status = arena_alloc(r->arena, sizeof *g->status * n);
  OdqCallbacks cb = {NULL, grid_obs, NULL};
  rc = odq_run(r->db, r->arena, q, &cb, g);
  if (g->too_many) return mj_fail(MJ_ETOOBIG, "too many observations");
  return rc;
}

/* Sorting rows and columns: codes in code-list order, periods in time
** order (qsort_r: the comparison needs the grid). */
static int cmp_code(const Grid *g, int comp, const char *a, const char *b) {
  if (comp == g->f->time_idx) return strcmp(a, b);
  const OdComponent *c = &g->f->comps[comp];
  int pa = code_position(c, a), pb = code_position(c, b);
  return pa != pb ? pa - pb : strcmp(a, b);
}
static int cmp_cols(const void *a, const void *b, void *ctx) {
  const Grid *g = ctx;
  int i = *(const int *)a, j = *(const int *)b;
  return cmp_code(g, g->x, g->cols[i], g->cols[j]);
}
static int cmp_rows(const void *a, const void *b, void *ctx) {
  const Grid *g = ctx;
  int i = *(const int *)a, j = *(const int *)b;
  for (int k = 0; k < g->nrowset; k++) {
    int c = cmp_code(g, g->rowset[k], g->rows[i][k], g->rows[j][k]);
    if (c) return c;
  }
  return 0;
}

/* The grid in display order: rorder/corder list the original indexes in
** display order; cell[row * ncols + col] is the observation index or -1. */
typedef struct Layout {
  int *rorder, *corder, *cell;
  int varying[OD_MAX_DIMS + 1]; /* rowset positions whose codes differ between rows */
  int nvarying;
} Layout;

static void grid_layout(Req *r, const Grid *g, Layout *l) {
  l->rorder = arena_alloc(r->arena, sizeof(int) * (size_t)(g->nrows + 1));
  l->corder = arena_alloc(r->arena, sizeof(int) * (size_t)(g->ncols + 1));
  for (int i = 0; i < g->nrows; i++)
    l->rorder[i] = i;
  for (int i = 0; i < g->ncols; i++)
    l->corder[i] = i;
  qsort_r(l->rorder, (size_t)g->nrows, sizeof(int), cmp_rows, (void *)g);
  qsort_r(l->corder, (size_t)g->ncols, sizeof(int), cmp_cols, (void *)g);
  int *rpos = arena_alloc(r->arena, sizeof(int) * (size_t)(g->nrows + 1));
  int *cpos = arena_alloc(r->arena, sizeof(int) * (size_t)(g->ncols + 1));
  for (int i = 0; i < g->nrows; i++)
    rpos[l->rorder[i]] = i;
  for (int i = 0; i < g->ncols; i++)
    cpos[l->corder[i]] = i;
  size_t n = (size_t)g->nrows * (size_t)g->ncols;
  l->cell = arena_alloc(r->arena, sizeof(int) * (n ? n : 1));
  for (size_t i = 0; i < n; i++)
    l->cell[i] = -1;
  for (int k = 0; k < g->nobs; k++)
    l->cell[(size_t)rpos[g->ri[k]] * (size_t)g->ncols + (size_t)cpos[g->ci[k]]] = k;
  l->nvarying = 0;
  for (int j = 0; j < g->nrowset; j++) {
    int differs = 0;
    for (int i = 1; i < g->nrows && !differs; i++)
      differs = strcmp(g->rows[i][j], g->rows[0][j]) != 0;
    if (differs) l->varying[l->nvarying++] = j;
  }
  if (!l->nvarying && g->nrowset) l->varying[l->nvarying++] = 0;
}

/* A period as the reader wants its digits (Arabic-Indic: 2024-Q1 -> ٢٠٢٤-Q1). */
static const char *period_text(Req *r, const char *p, int arabic) {
  if (!arabic) return p;
  Buf b;
  buf_init(&b, 256);
  for (const char *c = p; *c; c++) {
    if (*c >= '0' && *c <= '9') {
      char d[2] = {(char)0xD9, (char)(0xA0 + (*c - '0'))};
      buf_append(&b, d, 2);
    } else {
      buf_putc(&b, *c);
    }
  }
  const char *out = arena_strdup(r->arena, b.p ? b.p : "");
  buf_free(&b);
  return out;
}

/* A row's label: the labels of the components that vary between rows. */
static const char *row_label(Req *r, const Grid *g, const Layout *l, int row) {
  Buf b;
  buf_init(&b, 4096);
  for (int k = 0; k < l->nvarying; k++) {
    int j = l->varying[k];
    int comp = g->rowset[j];
    if (k) buf_puts(&b, " \xC2\xB7 ");
    buf_puts(&b, comp == g->f->time_idx ? period_text(r, g->rows[row][j], g->digits)
                                        : code_label(r, &g->f->comps[comp], g->rows[row][j]));
  }
  const char *s = arena_strdup(r->arena, b.p ? b.p : "");
  buf_free(&b);
  return s;
}

static const char *col_label(Req *r, const Grid *g, int col) {
  return g->x == g->f->time_idx ? period_text(r, g->cols[col], g->digits)
                                : code_label(r, &g->f->comps[g->x], g->cols[col]);
}

/* ---------------------------------------------------------------- chart */

typedef struct ChartSpec {
  int kind;   /* SVGCHART_LINE / SVGCHART_BAR */
  int digits; /* 1: Arabic-Indic */
  const char *title, *desc, *id;
  int standalone;
} ChartSpec;

/* Draws the grid: columns are the categories, rows the series. */
static int grid_chart(Req *r, const Grid *g, const Layout *l, const ChartSpec *cs, Buf *out) {
  if (g->nrows > SVGCHART_MAX_SERIES)
    return mj_fail(MJ_EINVAL, "%s",
                   T(r, "A chart draws at most 24 lines or groups of bars; this selection has more. Choose "
                        "other rows or fewer codes."));
  const char **cats = arena_alloc(r->arena, sizeof(char *) * (size_t)(g->ncols + 1));
  for (int c = 0; c < g->ncols; c++)
    cats[c] = col_label(r, g, l->corder[c]);
  SvgSeries *ss = arena_alloc(r->arena, sizeof *ss * (size_t)(g->nrows + 1));
  for (int i = 0; i < g->nrows; i++) {
    double *v = arena_alloc(r->arena, sizeof(double) * (size_t)(g->ncols + 1));
    for (int c = 0; c < g->ncols; c++) {
      int k = l->cell[(size_t)i * (size_t)g->ncols + (size_t)c];
      v[c] = k >= 0 && g->has[k] ? g->v[k] : NAN;
    }
    ss[i].label = g->nrows > 1 ? row_label(r, g, l, l->rorder[i]) : "";
    ss[i].values = v;
  }
  SvgChart c = {.kind = cs->kind,
                .id = cs->id,
                .title = cs->title,
                .desc = cs->desc,
                .lang = lang_of(r),
                .rtl = strcmp(i18n_dir(r->lang), "rtl") == 0,
                .arabic_digits = cs->digits,
                .cats = cats,
                .ncats = g->ncols,
                .series = ss,
                .nseries = g->nrows,
                .empty_text = T(r, "No figures for this selection."),
                .standalone = cs->standalone};
  return svgchart_render(out, &c);
}

/* ---------------------------------------------------------------- the selection */

/* What the reader asked to see of a flow. */
typedef struct Sel {
  OdFlow *f;
  int rows, cols;                 /* component indexes (dimensions or f->time_idx) */
  const char *fixed[OD_MAX_DIMS]; /* the code of each other dimension */
  const char *period;             /* the period when TIME_PERIOD is not an axis */
  const char *start, *end;        /* startPeriod, endPeriod */
  int kind;                       /* chart */
  int digits;
  const char *key; /* the SDMX key of the selection */
  char ***values;  /* codes present in the version, per dimension; [ndims]: periods */
  int *nvalues;
} Sel;

static int comp_index(const OdFlow *f, const char *code) {
  if (!code) return -1;
  if (strcmp(code, "TIME_PERIOD") == 0) return f->time_idx;
  for (int i = 0; i < f->ndims; i++)
    if (strcmp(f->comps[i].code, code) == 0) return i;
  return -1;
}

static int present(const Sel *s, int dim, const char *code) {
  int k = dim == s->f->time_idx ? s->f->ndims : dim;
  for (int i = 0; i < s->nvalues[k]; i++)
    if (strcmp(s->values[k][i], code) == 0) return 1;
  return 0;
}

static const char *build_key(Req *r, const OdFlow *f, const int *free_dims, const char *const *fixed) {
  Buf b;
  buf_init(&b, 4096);
  for (int i = 0; i < f->ndims; i++) {
    if (i) buf_putc(&b, '.');
    if (!free_dims[i] && fixed[i]) buf_puts(&b, fixed[i]);
  }
  const char *k = arena_strdup(r->arena, b.p ? b.p : "");
  buf_free(&b);
  return k;
}

/* Reads the dataset page's parameters against the flow, with defaults
** from the data; MJ_EINVAL with a message in the reader's language. */
static int sel_read(Req *r, OdFlow *f, Sel *s) {
  memset(s, 0, sizeof *s);
  s->f = f;
  OdqParams all = {0};
  OdqQuery qa;
  int rc = odq_prepare(r->arena, f, &all, &qa);
  if (!rc) rc = odq_dim_values(r->db, r->arena, &qa, &s->values, &s->nvalues);
  if (rc) return rc;
  s->digits = digits_param(r);
  if (s->digits < 0)
    return mj_fail(MJ_EINVAL, "%s", T(r, "Digits are latn (Western) or arab (Arabic-Indic)."));
  const char *rp = req_query(r, "rows"), *cp = req_query(r, "cols");
  s->rows = rp && *rp ? comp_index(f, rp) : -2;
  s->cols = cp && *cp ? comp_index(f, cp) : -2;
  if (s->rows == -1 || s->cols == -1)
    return mj_fail(MJ_EINVAL, "%s", T(r, "Rows and columns are dimensions of the dataset or TIME_PERIOD."));
  if (s->cols == -2) s->cols = f->time_idx;
  if (s->rows == -2) { /* the first dimension with more than one code, else the first */
    s->rows = -1;
    for (int i = 0; i < f->ndims && s->rows < 0; i++)
      if (i != s->cols && s->nvalues[i] > 1) s->rows = i;
    for (int i = 0; i < f->ndims && s->rows < 0; i++)
      if (i != s->cols) s->rows = i;
    if (s->rows < 0) s->rows = f->time_idx == s->cols ? 0 : f->time_idx;
  }
  if (s->rows == s->cols)
    return mj_fail(MJ_EINVAL, "%s", T(r, "Rows and columns must be two different dimensions."));
  for (int i = 0; i < f->ndims; i++) {
    if (i == s->rows || i == s->cols) continue;
    const char *name = arena_printf(r->arena, "d.%s", f->comps[i].code);
    const char *v = req_query(r, name);
    if (v && *v) {
      if (!id_ok(v) || !present(s, i, v))
        return mj_fail(MJ_EINVAL, "%s %s", T(r, "This code is not in the dataset:"),
                       comp_label(r, &f->comps[i]));
      s->fixed[i] = v;
    } else if (present(s, i, "_T")) { /* the total when there is one */
      s->fixed[i] = "_T";
    } else { /* else the code with the most figures, given the codes chosen so far */
      s->fixed[i] = s->nvalues[i] ? s->values[i][0] : "";
      int64_t best = -1;
      for (int k = 0; k < s->nvalues[i] && k < 200 && s->nvalues[i] > 1; k++) {
        int free_dims[OD_MAX_DIMS] = {0};
        const char *try_codes[OD_MAX_DIMS] = {0};
        for (int j = 0; j < f->ndims; j++) {
          try_codes[j] = j < i ? s->fixed[j] : j == i ? s->values[i][k] : NULL;
          free_dims[j] = j == s->rows || j == s->cols || !try_codes[j];
        }
        OdqParams p = {0};
        p.key = build_key(r, f, free_dims, try_codes);
        OdqQuery q;
        if (odq_prepare(r->arena, f, &p, &q) || odq_count(r->db, &q)) continue;
        if (q.nobs > best) {
          best = q.nobs;
          s->fixed[i] = s->values[i][k];
        }
      }
    }
  }
  if (s->rows != f->time_idx && s->cols != f->time_idx) {
    const char *p = req_query(r, "period");
    int np = s->nvalues[f->ndims];
    if (p && *p) {
      if (!period_ok(p) || !present(s, f->time_idx, p))
        return mj_fail(MJ_EINVAL, "%s", T(r, "Choose a period from the list."));
      s->period = p;
    } else if (np) {
      s->period = s->values[f->ndims][np - 1];
    }
    s->start = s->end = s->period;
  } else {
    const char *a = req_query(r, "startPeriod"), *e = req_query(r, "endPeriod");
    s->start = a && *a ? a : NULL;
    s->end = e && *e ? e : NULL;
  }
  const char *t = req_query(r, "type");
  if (t && *t && strcmp(t, "line") != 0 && strcmp(t, "bar") != 0)
    return mj_fail(MJ_EINVAL, "%s", T(r, "The chart type is line or bar."));
  s->kind = t && *t ? (strcmp(t, "bar") == 0 ? SVGCHART_BAR : SVGCHART_LINE)
                    : (s->cols == f->time_idx && s->nvalues[f->ndims] > 1 ? SVGCHART_LINE : SVGCHART_BAR);
  int free_dims[OD_MAX_DIMS] = {0};
  if (s->rows < f->ndims) free_dims[s->rows] = 1;
  if (s->cols < f->ndims) free_dims[s->cols] = 1;
  s->key = build_key(r, f, free_dims, s->fixed);
  return MJ_OK;
}

/* The query of a selection (key, periods) prepared for the engine. */
static int sel_query(Req *r, const Sel *s, OdqQuery *q) {
  OdqParams p = {0};
  p.key = s->key;
  p.start_period = s->start;
  p.end_period = s->end;
  return odq_prepare(r->arena, s->f, &p, q);
}

/* The flow named in the path (and ?version=), as the reader may see it. */
static int flow_from_path(Req *r, OdFlow **f) {
  const char *seg = r->pathvars[0];
  const char *ver = req_query(r, "version");
  if (!seg || strlen(seg) > 120) return mj_fail(MJ_ENOTFOUND, "no such dataset");
  if (ver && *ver) {
    if (strlen(ver) > 20) return mj_fail(MJ_EINVAL, "%s", T(r, "A version is written like 1.0."));
    const char *ref = strchr(seg, ',') ? arena_printf(r->arena, "%s,%s", seg, ver)
                                       : arena_printf(r->arena, "%s,%s,%s", OD_AGENCY, seg, ver);
    return od_flow_resolve(r->db, r->arena, &r->who.actor, now_s(), ref, f);
  }
  return od_flow_resolve(r->db, r->arena, &r->who.actor, now_s(), seg, f);
}

static void flow_error(Req *r, int rc) {
  if (rc == MJ_ENOTFOUND)
    reply_error(r, MJ_ENOTFOUND, T(r, "There is no dataset at this address."));
  else
    reply_error(r, rc, mj_errmsg());
}

/* The query string of the chart and embed URLs for a selection. */
static void chart_query(Req *r, Buf *b, const Sel *s) {
  html_printf(b, "key=%U&amp;x=%U&amp;type=%s&amp;lang=%s", s->key, s->f->comps[s->cols].code,
              s->kind == SVGCHART_BAR ? "bar" : "line", lang_of(r));
  if (s->start) html_printf(b, "&amp;startPeriod=%U", s->start);
  if (s->end) html_printf(b, "&amp;endPeriod=%U", s->end);
  if (s->digits) html_printf(b, "&amp;digits=arab");
  if (req_query(r, "version")) html_printf(b, "&amp;version=%U", s->f->ver.version);
}

/* The SDMX REST data URL of a selection (path and query, without the
** host), and the flow reference it uses: AGENCY,CODE,VERSION. */
static const char *sdmx_path(Req *r, const Sel *s, const char *format) {
  Buf b;
  buf_init(&b, 4096);
  html_printf(&b, "/sdmx/2.1/data/%U,%U,%U/%U", s->f->agency, s->f->code, s->f->ver.version,
              *s->key ? s->key : "all");
  char sep = '?';
  if (s->start) {
    html_printf(&b, "?startPeriod=%U", s->start);
    sep = '&';
  }
  if (s->end) {
    html_printf(&b, "%RendPeriod=%U", sep == '?' ? "?" : "&", s->end);
    sep = '&';
  }
  if (format) html_printf(&b, "%Rformat=%U", sep == '?' ? "?" : "&", format);
  const char *p = arena_strdup(r->arena, b.p);
  buf_free(&b);
  return p;
}

/* ---------------------------------------------------------------- the dataset page */

static void select_dim(Req *r, const Sel *s, const char *name, const char *id, const char *label,
                       int current) {
  Buf *b = &r->out;
  const OdFlow *f = s->f;
  html_printf(b, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", id, label, id, name);
  for (int i = 0; i < f->ndims; i++)
    html_printf(b, "<option value=\"%s\"%R>%s</option>", f->comps[i].code, i == current ? " selected" : "",
                comp_label(r, &f->comps[i]));
  html_printf(b, "<option value=\"TIME_PERIOD\"%R>%s</option></select>",
              current == f->time_idx ? " selected" : "", T(r, "Period"));
}

/* The form that chooses the table: rows, columns, a code for each other
** dimension, the periods, the chart type and the digits. GET, so every view
** has its own address. */
static void sel_form(Req *r, const Sel *s) {
  Buf *b = &r->out;
  const OdFlow *f = s->f;
  html_printf(b, "<form class=\"filters data-select\" method=\"get\" action=\"/data/%U\">", flow_seg(r, f));
  if (req_query(r, "version"))
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%s\">", f->ver.version);
  html_printf(b, "<div>");
  select_dim(r, s, "rows", "sel-rows", T(r, "Rows"), s->rows);
  html_printf(b, "</div><div>");
  select_dim(r, s, "cols", "sel-cols", T(r, "Columns"), s->cols);
  html_printf(b, "</div>");
  for (int i = 0; i < f->ndims; i++) {
    if (i == s->rows || i == s->cols) continue;
    html_printf(b, "<div><label for=\"sel-d%d\">%s</label><select id=\"sel-d%d\" name=\"d.%s\">", i,
                comp_label(r, &f->comps[i]), i, f->comps[i].code);
    for (int k = 0; k < s->nvalues[i]; k++)
      html_printf(b, "<option value=\"%s\"%R>%s</option>", s->values[i][k],
                  strcmp(s->values[i][k], s->fixed[i]) == 0 ? " selected" : "",
                  code_label(r, &f->comps[i], s->values[i][k]));
    html_printf(b, "</select></div>");
  }
  int np = s->nvalues[f->ndims];
  if (s->period) {
    html_printf(b, "<div><label for=\"sel-period\">%s</label><select id=\"sel-period\" name=\"period\">",
                T(r, "Period"));
    for (int k = np - 1; k >= 0; k--)
      html_printf(b, "<option value=\"%s\"%R>%s</option>", s->values[f->ndims][k],
                  strcmp(s->values[f->ndims][k], s->period) == 0 ? " selected" : "", s->values[f->ndims][k]);
    html_printf(b, "</select></div>");
  } else {
    html_printf(b,
                "<div><label for=\"sel-start\">%s</label><input id=\"sel-start\" name=\"startPeriod\" "
                "dir=\"ltr\" size=\"10\" "
                "value=\"%s\" placeholder=\"%s\"></div>"
                "<div><label for=\"sel-end\">%s</label><input id=\"sel-end\" name=\"endPeriod\" dir=\"ltr\" "
                "size=\"10\" "
                "value=\"%s\" placeholder=\"%s\"></div>",
                T(r, "From period"), s->start ? s->start : "", np ? s->values[f->ndims][0] : "2020",
                T(r, "To period"), s->end ? s->end : "", np ? s->values[f->ndims][np - 1] : "2025");
  }
  html_printf(b,
              "<div><label for=\"sel-type\">%s</label><select id=\"sel-type\" name=\"type\">"
              "<option value=\"line\"%R>%s</option><option value=\"bar\"%R>%s</option></select></div>",
              T(r, "Chart"), s->kind == SVGCHART_LINE ? " selected" : "", T(r, "Lines"),
              s->kind == SVGCHART_BAR ? " selected" : "", T(r, "Bars"));
  if (r->lang == LANG_AR || s->digits)
    html_printf(b,
                "<div><label for=\"sel-digits\">%s</label><select id=\"sel-digits\" name=\"digits\">"
                "<option value=\"latn\"%R>0123</option><option "
                "value=\"arab\"%R>\xD9\xA0\xD9\xA1\xD9\xA2\xD9\xA3</option></select></div>",
                T(r, "Digits"), s->digits ? "" : " selected", s->digits ? " selected" : "");
  html_printf(b, "<div><button type=\"submit\">%s</button></div></form>\n", T(r, "Show"));
}

/* Observation status flags shown beside a figure (OBS_STATUS codes other
** than A, normal), explained under the table from the flow's code list. */
static void status_flag(Req *r, Buf *b, const OdFlow *f, const char *st) {
  if (!st || !*st || strcmp(st, "A") == 0) return;
  html_printf(b, " <abbr class=\"flag\" title=\"%s\">%s</abbr>",
              code_label(r, od_component(f, "OBS_STATUS"), st), st);
}

/* The pivot table: one row per row code, one column per column code;
** a figure, or a dash when there is no observation, or the status of a
** withheld value (C confidential, M missing). */
static void pivot_table(Req *r, const Sel *s, const Grid *g, const Layout *l) {
  Buf *b = &r->out;
  const OdFlow *f = s->f;
  int decimals = 0;
  for (int k = 0; k < g->nobs; k++)
    if (g->has[k]) {
      int d = svgchart_decimals_of(g->v[k]);
      if (d > decimals) decimals = d;
    }
  /* the caption says what the fixed dimensions are */
  Buf cap;
  buf_init(&cap, 1 << 16);
  html_printf(&cap, "%s", od_text(&f->name, lang_of(r)));
  for (int i = 0; i < f->ndims; i++)
    if (i != s->rows && i != s->cols && s->fixed[i] && s->nvalues[i] > 1)
      html_printf(&cap, " · %s: %s", comp_label(r, &f->comps[i]), code_label(r, &f->comps[i], s->fixed[i]));
  if (s->period) html_printf(&cap, " · %s: %s", T(r, "Period"), s->period);
  html_printf(b,
              "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"pivot-cap\" tabindex=\"0\">"
              "<table class=\"portal pivot\" id=\"pivot\"><caption id=\"pivot-cap\">%H</caption>\n<thead><tr>"
              "<th scope=\"col\">%s \\ %s</th>",
              &cap, comp_label(r, &f->comps[s->rows]), comp_label(r, &f->comps[s->cols]));
  buf_free(&cap);
  for (int c = 0; c < g->ncols; c++)
    html_printf(b, "<th scope=\"col\" data-code=\"%s\">%s</th>", g->cols[l->corder[c]],
                col_label(r, g, l->corder[c]));
  html_printf(b, "</tr></thead>\n<tbody>\n");
  for (int i = 0; i < g->nrows; i++) {
    int row = l->rorder[i];
    html_printf(b, "<tr><th scope=\"row\" data-code=\"%s\">%s</th>", g->rows[row][0],
                row_label(r, g, l, row));
    for (int c = 0; c < g->ncols; c++) {
      int k = l->cell[(size_t)i * (size_t)g->ncols + (size_t)c];
      if (k < 0) {
        html_printf(b, "<td class=\"num none\">\xE2\x80\x93</td>");
      } else if (!g->has[k]) {
        const char *st = g->status[k] && *g->status[k] ? g->status[k] : "M";
        html_printf(b, "<td class=\"num withheld\"><abbr title=\"%s\">%s</abbr></td>",
                    code_label(r, od_component(f, "OBS_STATUS"), st), st);
      } else {
        Buf num;
        buf_init(&num, 256);
        svgchart_number(&num, g->v[k], decimals, s->digits);
        html_printf(b, "<td class=\"num\"><bdi dir=\"ltr\">%s</bdi>", num.p);
        buf_free(&num);
        status_flag(r, b, f, g->status[k]);
        html_printf(b, "</td>");
      }
    }
    html_printf(b, "</tr>\n");
  }
  html_printf(b, "</tbody></table></div>\n");
}

static void versions_list(Req *r, const OdFlow *f, int64_t now) {
  Buf *b = &r->out;
  html_printf(b, "<section aria-labelledby=\"ver-h\"><h2 id=\"ver-h\">%s</h2><ul class=\"versions\">",
              T(r, "Versions"));
  for (int i = 0; i < f->nversions; i++) {
    const OdVersion *v = &f->versions[i];
    html_printf(b, "<li><a href=\"/data/%U?version=%U\"%R>%s %s</a> · %s", flow_seg(r, f), v->version,
                v->id == f->ver.id ? " aria-current=\"page\"" : "", T(r, "Version"), v->version,
                status_label(r, v, now));
    if (v->release_at) html_printf(b, " · <time datetime=\"%s\">%s</time>", v->release_at, v->release_at);
    if (v->note && *v->note) html_printf(b, " · <span dir=\"auto\">%s</span>", v->note);
    html_printf(b, "</li>");
  }
  html_printf(b, "</ul></section>\n");
}

void page_data_flow(Req *r) {
  OdFlow *f;
  int64_t now = now_s();
  refresh_builtin(r, now);
  int rc = flow_from_path(r, &f);
  if (rc) {
    flow_error(r, rc);
    return;
  }
  Sel s;
  if ((rc = sel_read(r, f, &s))) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  OdqQuery q;
  if ((rc = sel_query(r, &s, &q))) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  Grid g;
  int rowset[1] = {s.rows};
  rc = grid_fill(r, f, &q, s.cols, rowset, 1, s.digits, &g);
  if (rc && rc != MJ_ETOOBIG) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  int too_big = rc == MJ_ETOOBIG, charted = 0;
  const char *lang = lang_of(r);
  const char *name = od_text(&f->name, lang);
  const char *desc = od_text(&f->description, lang);
  page_begin(r, name, desc && *desc ? desc : name);
  Buf *b = &r->out;
  html_printf(b,
              "<article class=\"dataset-page\">\n<nav class=\"crumbs\" aria-label=\"%s\"><a "
              "href=\"/data\">%s</a></nav>\n<h1>%s</h1>\n",
              T(r, "Breadcrumbs"), T(r, "Open data"), name);
  if (desc && *desc) html_printf(b, "<p class=\"lead\">%s</p>\n", desc);
  html_printf(b, "<dl class=\"facts\"><dt>%s</dt><dd dir=\"ltr\">%s:%s(%s)</dd><dt>%s</dt><dd>%s</dd>",
              T(r, "Identifier"), f->agency, f->code, f->ver.version, T(r, "Status"),
              status_label(r, &f->ver, now));
  if (f->ver.release_at)
    html_printf(b, "<dt>%s</dt><dd><time datetime=\"%s\">%s</time></dd>", T(r, "Released"), f->ver.release_at,
                f->ver.release_at);
  if (f->ver.updated_at)
    html_printf(b, "<dt>%s</dt><dd><time datetime=\"%s\">%s</time></dd>", T(r, "Last updated"),
                f->ver.updated_at, f->ver.updated_at);
  if (strcmp(f->access, "public") != 0)
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", T(r, "Access level"), access_label(r, f->access));
  html_printf(b, "<dt>%s</dt><dd>%s</dd>", T(r, "Source"),
              f->builtin ? T(r, "Built in (from the record)") : T(r, "Published by the data office"));
  if (f->license && *f->license)
    html_printf(b, "<dt>%s</dt><dd dir=\"ltr\">%s</dd>", T(r, "Licence"), f->license);
  if (f->contact_email && *f->contact_email)
    html_printf(b, "<dt>%s</dt><dd><a href=\"mailto:%U\" dir=\"ltr\">%s</a></dd>", T(r, "Contact"),
                f->contact_email, f->contact_name && *f->contact_name ? f->contact_name : f->contact_email);
  html_printf(b, "</dl>\n");

  /* the view: the form, the table, the chart */
  html_printf(b, "<section aria-labelledby=\"view-h\"><h2 id=\"view-h\">%s</h2>\n", T(r, "Table and chart"));
  sel_form(r, &s);
  Layout l;
  memset(&l, 0, sizeof l);
  if (too_big) {
    html_printf(b, "<p class=\"empty\" role=\"status\">%s</p>\n",
                T(r, "This selection holds too many figures for a page. Choose fewer periods or other "
                     "filters, or download the data."));
  } else if (!g.nobs) {
    html_printf(b, "<p class=\"empty\" role=\"status\">%s</p>\n", T(r, "No figures for this selection."));
  } else {
    grid_layout(r, &g, &l);
    pivot_table(r, &s, &g, &l);
    /* the chart, drawn here; the table above is its text alternative */
    Buf svg;
    buf_init(&svg, 4u << 20);
    const char *ctitle = arena_printf(r->arena, "%s", name);
    const char *cdesc =
        arena_printf(r->arena, "%s %s", s.kind == SVGCHART_BAR ? T(r, "Bar chart.") : T(r, "Line chart."),
                     T(r, "The table above gives every figure of the chart."));
    ChartSpec cs = {s.kind, s.digits, ctitle, cdesc, "dchart", 0};
    charted = grid_chart(r, &g, &l, &cs, &svg) == MJ_OK;
    if (charted) {
      /* svgchart escapes every label for XML, which is also HTML-safe */
      Buf cq;
      buf_init(&cq, 1 << 16);
      chart_query(r, &cq, &s);
      html_printf(b,
                  "<figure class=\"chart\">%H<figcaption><a href=\"/data/%U/chart.svg?%H\">%s</a> · "
                  "<a href=\"/data/%U/embed?%H\">%s</a></figcaption></figure>\n",
                  &svg, flow_seg(r, f), &cq, T(r, "The chart as an SVG image"), flow_seg(r, f), &cq,
                  T(r, "The chart on its own page"));
      buf_free(&cq);
    } else {
      html_printf(b, "<p class=\"empty\" role=\"status\">%s</p>\n", mj_errmsg());
    }
    buf_free(&svg);
  }
  html_printf(b, "</section>\n");

  /* the API query of what is on screen, and a curl line */
  const char *base = site_base(r);
  const char *api = sdmx_path(r, &s, NULL);
  html_printf(b,
              "<section aria-labelledby=\"api-h\"><h2 id=\"api-h\">%s</h2><p>%s</p>"
              "<p class=\"api-url\"><a href=\"%s\" dir=\"ltr\" id=\"api-url\">%s%s</a></p>"
              "<pre class=\"code\" dir=\"ltr\" id=\"api-curl\"><code>curl -H &#39;Accept: "
              "application/vnd.sdmx.data+csv;version=1.0.0&#39; &#39;%s%s&#39;</code></pre></section>\n",
              T(r, "The same data through the API"),
              T(r, "The SDMX 2.1 REST query that returns exactly the figures on screen:"), api, base, api,
              base, api);

  /* downloads: the selection and the whole dataset, in every format */
  static const struct {
    const char *fmt, *label;
  } formats[] = {
      {"csv", "CSV (codes and labels)"}, {"sdmx-csv", "SDMX-CSV"},      {"sdmx-json", "SDMX-JSON"},
      {"sdmx-ml", "SDMX-ML 2.1"},        {"jsonstat", "JSON-stat 2.0"}, {"xlsx", "Spreadsheet (XLSX)"},
  };
  html_printf(b,
              "<section aria-labelledby=\"dl-h\"><h2 id=\"dl-h\">%s</h2><div class=\"columns downloads\">"
              "<div><h3>%s</h3><ul>",
              T(r, "Downloads"), T(r, "What is on screen"));
  for (size_t i = 0; i < MJ_COUNT(formats); i++)
    html_printf(b, "<li><a href=\"%s\" download>%s</a></li>", sdmx_path(r, &s, formats[i].fmt),
                T(r, formats[i].label));
  Sel whole = s;
  whole.key = "";
  whole.start = whole.end = NULL;
  html_printf(b, "</ul></div><div><h3>%s</h3><ul>", T(r, "The whole dataset"));
  for (size_t i = 0; i < MJ_COUNT(formats); i++)
    html_printf(b, "<li><a href=\"%s\" download>%s</a></li>", sdmx_path(r, &whole, formats[i].fmt),
                T(r, formats[i].label));
  /* the files that describe a download (sdmx.c) */
  html_printf(b,
              "<li><a href=\"/data/%U/data.csv\" download>%s</a> (<a "
              "href=\"/data/%U/data.csv-metadata.json\">%s</a>)</li>"
              "<li><a href=\"/data/%U/datapackage.json\">%s</a></li>",
              flow_seg(r, f), T(r, "CSV (codes and labels)"), flow_seg(r, f), T(r, "CSV on the Web metadata"),
              flow_seg(r, f), T(r, "Frictionless data package"));
  html_printf(b, "</ul></div></div></section>\n");

  /* embedding */
  if (charted) {
    Buf cq;
    buf_init(&cq, 1 << 16);
    chart_query(r, &cq, &s);
    html_printf(b,
                "<section aria-labelledby=\"emb-h\"><h2 id=\"emb-h\">%s</h2><p>%s</p>"
                "<label for=\"emb-iframe\">%s</label><textarea id=\"emb-iframe\" class=\"code\" dir=\"ltr\" "
                "rows=\"3\" readonly>"
                "&lt;iframe src=&quot;%s/data/%U/embed?%H&quot; width=&quot;740&quot; height=&quot;520&quot; "
                "title=&quot;%s&quot; loading=&quot;lazy&quot;&gt;&lt;/iframe&gt;</textarea>"
                "<label for=\"emb-img\">%s</label><textarea id=\"emb-img\" class=\"code\" dir=\"ltr\" "
                "rows=\"3\" readonly>"
                "&lt;img src=&quot;%s/data/%U/chart.svg?%H&quot; alt=&quot;%s&quot; "
                "width=&quot;720&quot;&gt;</textarea></section>\n",
                T(r, "Embed the chart"),
                T(r, "Copy one of these into another web page: the chart stays up to date with the data."),
                T(r, "In a frame, with the figures"), base, flow_seg(r, f), &cq, name, T(r, "As an image"),
                base, flow_seg(r, f), &cq, name);
    buf_free(&cq);
  }

  /* the structure: what each dimension means */
  html_printf(b, "<section aria-labelledby=\"str-h\"><h2 id=\"str-h\">%s</h2><dl class=\"structure\">",
              T(r, "Dimensions"));
  for (int i = 0; i < f->ndims; i++)
    html_printf(b, "<dt>%s <span class=\"code\" dir=\"ltr\">%s</span></dt><dd>%s: %d</dd>",
                comp_label(r, &f->comps[i]), f->comps[i].code, T(r, "Codes in this version"), s.nvalues[i]);
  html_printf(
      b, "<dt>%s <span class=\"code\" dir=\"ltr\">TIME_PERIOD</span></dt><dd>%s: %d</dd></dl></section>\n",
      T(r, "Period"), T(r, "Periods in this version"), s.nvalues[f->ndims]);
  versions_list(r, f, now);
  html_printf(b, "</article>\n");
  page_end(r);
}

/* ---------------------------------------------------------------- chart.svg and embed */

/* Reads chart.svg/embed parameters into a grid: key (SDMX), x (the
** category component, TIME_PERIOD by default), type, startPeriod,
** endPeriod, digits. The series are every combination of the other
** components that the key leaves open. */
static int chart_read(Req *r, OdFlow *f, Sel *s, Grid *g, Layout *l) {
  memset(s, 0, sizeof *s);
  s->f = f;
  const char *key = req_query(r, "key");
  if (key && strlen(key) > 2000) return mj_fail(MJ_EINVAL, "%s", T(r, "The key is too long."));
  s->key = key && *key && strcmp(key, "all") != 0 ? key : "";
  const char *x = req_query(r, "x");
  s->cols = x && *x ? comp_index(f, x) : f->time_idx;
  if (s->cols < 0)
    return mj_fail(MJ_EINVAL, "%s", T(r, "Rows and columns are dimensions of the dataset or TIME_PERIOD."));
  const char *t = req_query(r, "type");
  if (t && *t && strcmp(t, "line") != 0 && strcmp(t, "bar") != 0)
    return mj_fail(MJ_EINVAL, "%s", T(r, "The chart type is line or bar."));
  s->kind = t && strcmp(t, "bar") == 0 ? SVGCHART_BAR : SVGCHART_LINE;
  s->digits = digits_param(r);
  if (s->digits < 0)
    return mj_fail(MJ_EINVAL, "%s", T(r, "Digits are latn (Western) or arab (Arabic-Indic)."));
  const char *a = req_query(r, "startPeriod"), *e = req_query(r, "endPeriod");
  s->start = a && *a ? a : NULL;
  s->end = e && *e ? e : NULL;
  OdqQuery q;
  int rc = sel_query(r, s, &q);
  if (rc) return rc;
  int rowset[OD_MAX_DIMS + 1], n = 0;
  for (int i = 0; i < f->ndims; i++)
    if (i != s->cols) rowset[n++] = i;
  if (s->cols != f->time_idx) rowset[n++] = f->time_idx;
  if ((rc = grid_fill(r, f, &q, s->cols, rowset, n, s->digits, g))) return rc;
  grid_layout(r, g, l);
  return MJ_OK;
}

/* The chart's title: the flow and what the key fixed. */
static const char *chart_title(Req *r, const Grid *g, const Layout *l) {
  Buf b;
  buf_init(&b, 1 << 16);
  buf_puts(&b, od_text(&g->f->name, lang_of(r)));
  if (g->nrows) {
    for (int j = 0; j < g->nrowset; j++) {
      int varies = 0;
      for (int k = 0; k < l->nvarying; k++)
        varies |= l->varying[k] == j && g->nrows > 1;
      int comp = g->rowset[j];
      if (varies || comp == g->f->time_idx) continue;
      const OdComponent *c = &g->f->comps[comp];
      if (c->codelist && c->codelist->ncodes <= 1) continue;
      buf_puts(&b, " \xC2\xB7 ");
      buf_puts(&b, code_label(r, c, g->rows[0][j]));
    }
  }
  const char *s = arena_strdup(r->arena, b.p);
  buf_free(&b);
  return s;
}

void page_data_chart_svg(Req *r) {
  OdFlow *f;
  int rc = flow_from_path(r, &f);
  if (rc) {
    flow_error(r, rc);
    return;
  }
  Sel s;
  Grid g;
  Layout l;
  if ((rc = chart_read(r, f, &s, &g, &l))) {
    if (rc == MJ_ETOOBIG)
      rc = mj_fail(MJ_ETOOBIG, "%s",
                   T(r, "This selection holds too many figures for a chart; narrow the key or the periods."));
    {
      reply_error(r, rc, mj_errmsg());
      return;
    }
  }
  const char *title = chart_title(r, &g, &l);
  const char *desc = arena_printf(r->arena, "%s %s %s/data/%s",
                                  s.kind == SVGCHART_BAR ? T(r, "Bar chart.") : T(r, "Line chart."),
                                  T(r, "The figures are published at"), site_base(r), flow_seg(r, f));
  ChartSpec cs = {s.kind, s.digits, title, desc, "chart", 1};
  Buf svg;
  buf_init(&svg, 4u << 20);
  rc = grid_chart(r, &g, &l, &cs, &svg);
  if (rc) {
    buf_free(&svg);
    {
      reply_error(r, rc, mj_errmsg());
      return;
    }
  }
  buf_free(&r->out);
  r->out = svg;
  r->ctype = "image/svg+xml; charset=utf-8";
  req_add_header(r, "Cache-Control",
                 strcmp(f->access, "public") == 0 ? "public, max-age=300" : "private, no-store");
  r->frameable = 1;
}

/* The chart in a page of its own for an <iframe> on another site: the
** chart, its table (the text alternative, folded), and a link to the
** dataset. No site chrome; the one page Majlis lets others frame. */
void page_data_embed(Req *r) {
  OdFlow *f;
  int rc = flow_from_path(r, &f);
  if (rc) {
    flow_error(r, rc);
    return;
  }
  Sel s;
  Grid g;
  Layout l;
  if ((rc = chart_read(r, f, &s, &g, &l))) {
    if (rc == MJ_ETOOBIG)
      rc = mj_fail(MJ_ETOOBIG, "%s",
                   T(r, "This selection holds too many figures for a chart; narrow the key or the periods."));
    {
      reply_error(r, rc, mj_errmsg());
      return;
    }
  }
  const char *title = chart_title(r, &g, &l);
  ChartSpec cs = {s.kind,
                  s.digits,
                  title,
                  arena_printf(r->arena, "%s %s",
                               s.kind == SVGCHART_BAR ? T(r, "Bar chart.") : T(r, "Line chart."),
                               T(r, "The table under the chart gives every figure.")),
                  "echart",
                  0};
  Buf svg;
  buf_init(&svg, 4u << 20);
  if ((rc = grid_chart(r, &g, &l, &cs, &svg))) {
    buf_free(&svg);
    {
      reply_error(r, rc, mj_errmsg());
      return;
    }
  }
  r->ctype = "text/html; charset=utf-8";
  r->frameable = 1;
  Buf *b = &r->out;
  html_printf(
      b,
      "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n"
      "<link rel=\"stylesheet\" href=\"/static/css/majlis.css\">\n</head>\n<body class=\"embed\">\n<main>\n"
      "<figure class=\"chart\">%H<figcaption><a href=\"/data/%U\" target=\"_blank\" rel=\"noopener\">%s</a> "
      "· %s</figcaption></figure>\n",
      i18n_code(r->lang), i18n_dir(r->lang), title, &svg, flow_seg(r, f), od_text(&f->name, lang_of(r)),
      T(r, "Council of Representatives"));
  buf_free(&svg);
  /* the figures, for readers who cannot see the chart */
  html_printf(
      b,
      "<details><summary>%s</summary><div class=\"table-wrap\"><table class=\"portal\"><thead><tr><td></td>",
      T(r, "The figures"));
  for (int c = 0; c < g.ncols; c++)
    html_printf(b, "<th scope=\"col\">%s</th>", col_label(r, &g, l.corder[c]));
  html_printf(b, "</tr></thead><tbody>");
  for (int i = 0; i < g.nrows; i++) {
    html_printf(b, "<tr><th scope=\"row\">%s</th>", row_label(r, &g, &l, l.rorder[i]));
    for (int c = 0; c < g.ncols; c++) {
      int k = l.cell[(size_t)i * (size_t)g.ncols + (size_t)c];
      Buf num;
      buf_init(&num, 256);
      if (k >= 0 && g.has[k])
        svgchart_number(&num, g.v[k], -1, s.digits);
      else
        buf_puts(&num, k >= 0 && g.status[k] ? g.status[k] : "\xE2\x80\x93");
      html_printf(b, "<td class=\"num\"><bdi dir=\"ltr\">%s</bdi></td>", num.p);
      buf_free(&num);
    }
    html_printf(b, "</tr>");
  }
  html_printf(b, "</tbody></table></div></details>\n</main>\n</body>\n</html>\n");
}

/* ---------------------------------------------------------------- release calendar */

void page_data_calendar(Req *r) {
  int64_t now = now_s();
  char from[32];
  mj_iso8601(now - 90 * 86400, from, sizeof from);
  OdRelease *rel;
  int n;
  int rc = od_releases(r->db, r->arena, &r->who.actor, now, from, &rel, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  page_begin(r, T(r, "Release calendar"), T(r, "When the Council's statistics are published"));
  Buf *b = &r->out;
  html_printf(b,
              "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/data\">%s</a></nav>\n<h1>%s</h1>\n<p "
              "class=\"lead\">%s</p>\n",
              T(r, "Breadcrumbs"), T(r, "Open data"), T(r, "Release calendar"),
              T(r, "Statistics are published at the announced time, not a minute before; times are in UTC."));
  for (int pass = 0; pass < 2; pass++) {
    int any = 0;
    html_printf(b, "<section aria-labelledby=\"rel-%d\"><h2 id=\"rel-%d\">%s</h2>\n", pass, pass,
                pass == 0 ? T(r, "Upcoming releases") : T(r, "Recent releases"));
    for (int i = pass == 0 ? 0 : n - 1; pass == 0 ? i < n : i >= 0; i += pass == 0 ? 1 : -1) {
      const OdRelease *e = &rel[i];
      int64_t at = 0;
      int upcoming = !e->released && (odq_parse_datetime(e->release_at, &at) != MJ_OK || at > now);
      if (upcoming != (pass == 0)) continue;
      if (!any)
        html_printf(
            b,
            "<div class=\"table-wrap\"><table class=\"portal releases\"><thead><tr><th scope=\"col\">%s</th>"
            "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
            "scope=\"col\">%s</th></tr></thead><tbody>\n",
            T(r, "Time (UTC)"), T(r, "Dataset"), T(r, "Release"), T(r, "Version"));
      any = 1;
      const char *title = r->lang == LANG_AR ? (e->title_ar && *e->title_ar ? e->title_ar : e->title_en)
                                             : (e->title_en && *e->title_en ? e->title_en : e->title_ar);
      html_printf(b, "<tr><td><time datetime=\"%s\">%s</time></td><td>", e->release_at,
                  arena_strndup(r->arena, e->release_at, 16));
      const char *fname = od_text(&e->flow_name, lang_of(r));
      if (e->released)
        html_printf(b, "<a href=\"/data/%U\">%s</a>",
                    strcmp(e->agency, OD_AGENCY) == 0 ? e->code
                                                      : arena_printf(r->arena, "%s,%s", e->agency, e->code),
                    fname);
      else
        html_printf(b, "%s", fname);
      html_printf(b, "</td><td dir=\"auto\">%s</td><td>%s</td></tr>\n", title ? title : "",
                  e->version ? e->version : "");
    }
    if (any)
      html_printf(b, "</tbody></table></div>\n");
    else
      html_printf(b, "<p class=\"empty\">%s</p>\n",
                  pass == 0 ? T(r, "No release is announced.") : T(r, "No release in the last 90 days."));
    html_printf(b, "</section>\n");
  }
  page_end(r);
}

/* ---------------------------------------------------------------- the data officer's screen */

static const char *done_message(Req *r, const char *d) {
  if (!d) return NULL;
  if (strcmp(d, "published") == 0)
    return T(r, "The version is published. It is public from its release time.");
  if (strcmp(d, "revised") == 0) return T(r, "A new draft version is ready for loading.");
  if (strcmp(d, "announced") == 0) return T(r, "The release is in the calendar.");
  return NULL;
}

void page_admin_data(Req *r) {
  int64_t now = now_s();
  OdFlow **flows;
  int n;
  int rc = od_flows_list(r->db, r->arena, &r->who.actor, now, NULL, &flows, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  page_begin(r, T(r, "Manage datasets"), T(r, "Drafts, publication and the release calendar of open data"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n", T(r, "Manage datasets"));
  const char *msg = done_message(r, req_query(r, "done"));
  if (msg) html_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n", msg);
  html_printf(
      b, "<p>%s</p>\n",
      T(r, "Load figures into a draft with the command line (majlis dataset load), check them here, then "
           "publish: a published version never changes, and it is public from its release time."));
  int drafts = 0;
  html_printf(b, "<section aria-labelledby=\"drafts-h\"><h2 id=\"drafts-h\">%s</h2>\n", T(r, "Drafts"));
  for (int i = 0; i < n; i++) {
    const OdFlow *f = flows[i];
    for (int k = 0; k < f->nversions; k++) {
      const OdVersion *v = &f->versions[k];
      if (strcmp(v->status, "draft") != 0) continue;
      drafts++;
      const char *seg = flow_seg(r, f);
      html_printf(b,
                  "<article class=\"draft\" aria-labelledby=\"dr-%L\"><h3 id=\"dr-%L\"><a "
                  "href=\"/data/%U?version=%U\">%s</a> · %s %s</h3>"
                  "<p class=\"meta\">%s: %L · %s <time datetime=\"%s\">%s</time></p>",
                  (long long)v->id, (long long)v->id, seg, v->version, od_text(&f->name, lang_of(r)),
                  T(r, "Version"), v->version, T(r, "Observations"), (long long)v->nobs, T(r, "Last updated"),
                  v->updated_at ? v->updated_at : "", v->updated_at ? v->updated_at : "");
      html_printf(b, "<form class=\"filters\" method=\"post\" action=\"/admin/data/%U/publish\">", seg);
      page_csrf_field(r);
      html_printf(b,
                  "<div><label for=\"rel-%L\">%s</label><input id=\"rel-%L\" name=\"release_at\" "
                  "type=\"datetime-local\" dir=\"ltr\"></div>"
                  "<div><label for=\"note-%L\">%s</label><input id=\"note-%L\" name=\"note\" dir=\"auto\" "
                  "maxlength=\"1000\"></div>"
                  "<div><button type=\"submit\">%s</button></div></form></article>\n",
                  (long long)v->id, T(r, "Release time (UTC; empty: now)"), (long long)v->id,
                  (long long)v->id, T(r, "Version note"), (long long)v->id, T(r, "Publish"));
    }
  }
  if (!drafts) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No draft is waiting."));
  html_printf(b, "</section>\n");

  html_printf(b, "<section aria-labelledby=\"flows-h\"><h2 id=\"flows-h\">%s</h2>\n", T(r, "Datasets"));
  if (!n)
    html_printf(b, "<p class=\"empty\">%s</p>\n",
                T(r, "No dataset is defined yet. Define one with majlis dataset define."));
  else
    html_printf(
        b,
        "<div class=\"table-wrap\"><table class=\"portal\"><thead><tr><th scope=\"col\">%s</th><th "
        "scope=\"col\">%s</th>"
        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
        T(r, "Dataset"), T(r, "Newest version"), T(r, "Access level"), T(r, "Start a revision"),
        T(r, "Announce a release"));
  for (int i = 0; i < n; i++) {
    const OdFlow *f = flows[i];
    const char *seg = flow_seg(r, f);
    int has_draft = 0;
    for (int k = 0; k < f->nversions; k++)
      has_draft |= strcmp(f->versions[k].status, "draft") == 0;
    html_printf(b,
                "<tr><th scope=\"row\"><a href=\"/data/%U\">%s</a> <span class=\"code\" "
                "dir=\"ltr\">%s</span></th><td>%s · %s</td><td>%s</td><td>",
                seg, od_text(&f->name, lang_of(r)), f->code, f->ver.version, status_label(r, &f->ver, now),
                access_label(r, f->access));
    if (!has_draft && !f->builtin) {
      html_printf(b, "<form method=\"post\" action=\"/admin/data/%U/revise\">", seg);
      page_csrf_field(r);
      html_printf(
          b,
          "<label for=\"rv-%L\">%s</label><input id=\"rv-%L\" name=\"note\" dir=\"auto\" maxlength=\"1000\">"
          "<button type=\"submit\">%s</button></form>",
          (long long)f->id, T(r, "Version note"), (long long)f->id, T(r, "Start a revision"));
    } else {
      html_printf(b, "%s", has_draft ? T(r, "A draft exists") : T(r, "Computed from the record"));
    }
    html_printf(b, "</td><td><form method=\"post\" action=\"/admin/data/%U/releases\">", seg);
    page_csrf_field(r);
    html_printf(
        b,
        "<label for=\"an-at-%L\">%s</label><input id=\"an-at-%L\" name=\"release_at\" "
        "type=\"datetime-local\" dir=\"ltr\" required>"
        "<label for=\"an-ar-%L\">%s</label><input id=\"an-ar-%L\" name=\"title_ar\" dir=\"rtl\" lang=\"ar\">"
        "<label for=\"an-en-%L\">%s</label><input id=\"an-en-%L\" name=\"title_en\" dir=\"ltr\" lang=\"en\">"
        "<button type=\"submit\">%s</button></form></td></tr>\n",
        (long long)f->id, T(r, "Release time (UTC)"), (long long)f->id, (long long)f->id,
        T(r, "Title in Arabic"), (long long)f->id, (long long)f->id, T(r, "Title in English"),
        (long long)f->id, T(r, "Announce"));
  }
  if (n) html_printf(b, "</tbody></table></div>\n");
  html_printf(b, "</section>\n<p><a href=\"/data/calendar\">%s</a></p>\n", T(r, "Release calendar"));
  page_end(r);
}

/* A release time from a form: "YYYY-MM-DDTHH:MM[:SS]" (datetime-local,
** read as UTC) or a full ISO 8601 time; "" means now (NULL). */
static int form_time(Req *r, const char *name, int required, const char **out) {
  const char *v = req_form(r, name);
  *out = NULL;
  if (!v || !*v) return required ? mj_fail(MJ_EINVAL, "%s", T(r, "Give the release time.")) : MJ_OK;
  if (strlen(v) > 40)
    return mj_fail(MJ_EINVAL, "%s", T(r, "The release time is written like 2026-12-01T09:00."));
  const char *iso = v;
  if (strlen(v) == 16 || strlen(v) == 19)
    iso = arena_printf(r->arena, "%sZ", strlen(v) == 16 ? arena_printf(r->arena, "%s:00", v) : v);
  int64_t t;
  if (odq_parse_datetime(iso, &t) || strchr(v, 'T') == NULL)
    return mj_fail(MJ_EINVAL, "%s", T(r, "The release time is written like 2026-12-01T09:00."));
  char buf[32];
  mj_iso8601(t, buf, sizeof buf);
  *out = arena_strdup(r->arena, buf);
  return MJ_OK;
}

static const char *flow_ref_of_path(Req *r) {
  const char *seg = r->pathvars[0];
  if (!seg || strlen(seg) > 120) return NULL;
  return strchr(seg, ',') ? seg : arena_printf(r->arena, "%s,%s", OD_AGENCY, seg);
}

void page_admin_data_publish(Req *r) {
  const char *ref = flow_ref_of_path(r), *at, *note = req_form(r, "note");
  if (!ref) {
    flow_error(r, MJ_ENOTFOUND);
    return;
  }
  int rc = form_time(r, "release_at", 0, &at);
  if (!rc && note && strlen(note) > 1000)
    rc = mj_fail(MJ_EINVAL, "%s", T(r, "A version note has at most 1000 characters."));
  if (!rc) rc = od_publish(r->db, &r->who.actor, ref, at, note && *note ? note : NULL, now_s(), NULL);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, "/admin/data?done=published");
}

void page_admin_data_revise(Req *r) {
  const char *ref = flow_ref_of_path(r), *note = req_form(r, "note");
  if (!ref) {
    flow_error(r, MJ_ENOTFOUND);
    return;
  }
  int rc = note && strlen(note) > 1000
               ? mj_fail(MJ_EINVAL, "%s", T(r, "A version note has at most 1000 characters."))
               : MJ_OK;
  if (!rc) rc = od_revise(r->db, r->arena, &r->who.actor, ref, note && *note ? note : NULL, NULL);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, "/admin/data?done=revised");
}

void page_admin_data_announce(Req *r) {
  const char *ref = flow_ref_of_path(r), *at, *ar = req_form(r, "title_ar"), *en = req_form(r, "title_en");
  if (!ref) {
    flow_error(r, MJ_ENOTFOUND);
    return;
  }
  int rc = form_time(r, "release_at", 1, &at);
  if (!rc && ((ar && strlen(ar) > 300) || (en && strlen(en) > 300)))
    rc = mj_fail(MJ_EINVAL, "%s", T(r, "A release title has at most 300 characters."));
  if (!rc)
    rc = od_release_announce(r->db, &r->who.actor, ref, at, ar && *ar ? ar : NULL, en && *en ? en : NULL);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, "/admin/data?done=announced");
}
