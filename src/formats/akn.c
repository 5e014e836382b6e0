/*
** akn.c: Akoma Ntoso 3.0 debates in and out (see akn.h). The reader walks
** the DOM libxml2 builds; the writer prints through the escaping writer in
** recxml.c; the validator is libxml2's XML Schema support over the OASIS
** schema. Mapping tables: doc/hansard.md, "Formats".
*/
#include "akn.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recxml.h"

/* The structures of the speechSection group (the AKN 3.0 schema): each is
** a section of the record. debateSection carries its own name attribute. */
static const char *const section_elems[] = {
  "administrationOfOath", "rollCall", "prayers", "oralStatements", "writtenStatements", "personalStatements",
  "ministerialStatements", "resolutions", "nationalInterest", "declarationOfVote", "communication", "petitions",
  "papers", "noticesOfMotion", "questions", "address", "proceduralMotions", "pointOfOrder", "adjournment",
  "debateSection", NULL};

static int in_list(const char *const *l, const char *s) {
  for (; s && *l; l++)
    if (strcmp(*l, s) == 0) return 1;
  return 0;
}

static const char *const no_text[] = {"noteRef", "authorialNote", "eol", "eop", NULL};

/* ---- reading ---- */

typedef struct Ref {
  const char *eid, *href, *show;
} Ref;

typedef struct Rd {
  RecDoc *d;
  const char *name;
  Ref *roles, *orgs;
  int nroles, norgs;
} Rd;

static const char *strip_hash(const char *s) { return s && *s == '#' ? s + 1 : s; }

static const Ref *ref_find(const Ref *r, int n, const char *eid) {
  for (int i = 0; eid && i < n; i++)
    if (r[i].eid && strcmp(r[i].eid, eid) == 0) return &r[i];
  return NULL;
}

static const char *eid_of(Arena *a, const xmlNode *n) {
  const char *e = recxml_attr(a, n, "eId", NULL);
  return e ? e : recxml_attr(a, n, "id", NULL);
}

/* The paragraphs of a container: each p (or other block) child is one
** paragraph; `from`, num, heading and subheading are not text. */
static const char *paragraphs(Arena *a, const xmlNode *n) {
  Buf b;
  buf_init(&b, RECXML_MAX_FILE);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (recxml_is(c, "from") || recxml_is(c, "num") || recxml_is(c, "heading") || recxml_is(c, "subheading"))
      continue;
    const char *t = recxml_text(a, c, no_text);
    if (!*t) continue;
    if (b.n) buf_putc(&b, '\n');
    buf_puts(&b, t);
  }
  const char *s = arena_strdup(a, b.p ? b.p : "");
  buf_free(&b);
  return s;
}

/* A speech, question or answer. */
static void read_speech(Rd *r, int section, const xmlNode *n, const char *kind) {
  RecDoc *d = r->d;
  RecSpeech *s = recdoc_speech(d, section, kind, recxml_line(n));
  s->ident = eid_of(d->a, n);
  const char *by = strip_hash(recxml_attr(d->a, n, "by", NULL));
  const char *as = strip_hash(recxml_attr(d->a, n, "as", NULL));
  xmlNode *from = recxml_child(n, "from");
  if (from) {
    s->label = recxml_text(d->a, from, no_text);
    if (!*s->label) s->label = NULL;
  }
  int p = recdoc_person_find(d, by);
  const Ref *role;
  if (p >= 0) {
    s->person = p;
    d->persons[p].used = 1;
  } else if ((role = ref_find(r->roles, r->nroles, by))) {
    s->role = role->show ? role->show : role->eid; /* by="#speaker": a role, no person */
  } else if (ref_find(r->orgs, r->norgs, by)) {
    /* by an organisation: the house itself; no person */
  } else if (by && *by) {
    /* a reference to nothing in the references: a person known by that key */
    recdoc_warn(d, s->line, "by=\"#%s\" names nothing in <references>; taken as a person of that name", by);
    p = recdoc_person(d, by, "akn", arena_printf(d->a, "#%s", by), s->label ? s->label : by);
    s->person = p;
    d->persons[p].used = 1;
  }
  if (as && *as) {
    role = ref_find(r->roles, r->nroles, as);
    s->role = role && role->show ? role->show : as;
  }
  int rep;
  s->start_time = recdoc_time(d->a, recxml_attr(d->a, n, "startTime", NULL), &rep);
  s->end_time = recdoc_time(d->a, recxml_attr(d->a, n, "endTime", NULL), &rep);
  s->text = paragraphs(d->a, n);
}

static void walk(Rd *r, int section, const xmlNode *n);

static void read_section(Rd *r, int parent, const xmlNode *n) {
  RecDoc *d = r->d;
  const char *name = arena_strdup(d->a, (const char *)n->name);
  if (strcmp(name, "debateSection") == 0) {
    const char *nm = recxml_attr(d->a, n, "name", NULL);
    name = nm && *nm ? recdoc_squash(d->a, nm) : "debateSection";
    if (!*name) name = "debateSection";
    if (strlen(name) > 64) name = arena_strndup(d->a, name, 64);
  }
  const char *heading = NULL;
  xmlNode *h = recxml_child(n, "heading"), *num = recxml_child(n, "num"), *sub = recxml_child(n, "subheading");
  if (h || num || sub) {
    const char *ht = h ? recxml_text(d->a, h, no_text) : "", *nt = num ? recxml_text(d->a, num, no_text) : "";
    const char *st = sub ? recxml_text(d->a, sub, no_text) : "";
    heading = arena_printf(d->a, "%s%s%s%s%s", nt, *nt && *ht ? " " : "", ht, *st && (*nt || *ht) ? " — " : "", st);
    if (!*heading) heading = NULL;
  }
  int s = recdoc_section(d, parent, name, heading, eid_of(d->a, n), recxml_line(n));
  walk(r, s, n);
}

/* The kind as a static string: names from the document die with it. */
static const char *kind_of(const char *el) {
  static const char *const kinds[] = {"speech", "question", "answer", "narrative", "scene", "summary", "other"};
  for (size_t i = 0; i < MJ_COUNT(kinds); i++)
    if (strcmp(el, kinds[i]) == 0) return kinds[i];
  return "other";
}

static void walk(Rd *r, int section, const xmlNode *n) {
  RecDoc *d = r->d;
  RecSpeech *loose = NULL; /* consecutive blocks directly in a section */
  Buf lb;
  buf_init(&lb, RECXML_MAX_FILE);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const char *nm = (const char *)c->name;
    if (strcmp(nm, "num") == 0 || strcmp(nm, "heading") == 0 || strcmp(nm, "subheading") == 0) continue;
    int is_loose = 0;
    if (in_list(section_elems, nm)) read_section(r, section, c);
    else if (strcmp(nm, "speech") == 0 || strcmp(nm, "question") == 0 || strcmp(nm, "answer") == 0)
      read_speech(r, section, c, kind_of(nm));
    else if (strcmp(nm, "speechGroup") == 0) walk(r, section, c); /* a group of speeches: its speeches */
    else if (strcmp(nm, "narrative") == 0 || strcmp(nm, "scene") == 0 || strcmp(nm, "summary") == 0) {
      RecSpeech *s = recdoc_speech(d, section, kind_of(nm), recxml_line(c));
      s->ident = eid_of(d->a, c);
      s->text = recxml_text_br(d->a, c, no_text);
    } else if (strcmp(nm, "other") == 0) {
      RecSpeech *s = recdoc_speech(d, section, "other", recxml_line(c));
      s->ident = eid_of(d->a, c);
      s->text = paragraphs(d->a, c);
    } else {
      /* a paragraph or another block directly in the section: consecutive
      ** ones become one 'other' item, each block a paragraph */
      const char *t = recxml_text(d->a, c, no_text);
      is_loose = 1;
      if (*t) {
        if (!loose) {
          loose = recdoc_speech(d, section, "other", recxml_line(c));
          buf_reset(&lb);
        }
        if (lb.n) buf_putc(&lb, '\n');
        buf_puts(&lb, t);
        loose->text = arena_strdup(d->a, lb.p);
      }
    }
    if (!is_loose) loose = NULL;
  }
  buf_free(&lb);
}

static xmlNode *find_desc(xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (recxml_is(c, name)) return c;
    xmlNode *x = find_desc(c, name);
    if (x) return x;
  }
  return NULL;
}

static int bad(Rd *r, const xmlNode *n, const char *fmt, ...) MJ_PRINTF(3, 4);
static int bad(Rd *r, const xmlNode *n, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return mj_fail(MJ_EINVAL, "%s:%d: %s", r->name, recxml_line(n), msg);
}

static int ns_ok(const char *ns, int *lenient) {
  *lenient = 0;
  if (strcmp(ns, AKN_NS) == 0) return 1;
  /* the 2016 working drafts and committee drafts: .../akn/3.0/WD17, CSD13 */
  if (strncmp(ns, AKN_NS "/", strlen(AKN_NS) + 1) == 0) {
    const char *v = ns + strlen(AKN_NS) + 1;
    if ((strncmp(v, "WD", 2) == 0 || strncmp(v, "CSD", 3) == 0) && strlen(v) < 8) return 1;
  }
  if (!*ns) {
    *lenient = 1;
    return 1;
  }
  return 0;
}

static int read_doc(Rd *r, xmlDocPtr doc, const AknOptions *o) {
  RecDoc *d = r->d;
  Arena *a = d->a;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!recxml_is(root, "akomaNtoso"))
    return bad(r, root, "the root element is <%s>, not <akomaNtoso>: this is not an Akoma Ntoso document",
               (const char *)root->name);
  int lenient;
  if (!ns_ok(recxml_ns(root), &lenient))
    return bad(r, root, "the namespace \"%s\" is not Akoma Ntoso 3.0 (%s)", recxml_ns(root), AKN_NS);
  xmlNode *deb = NULL;
  for (xmlNode *c = root->children; c && !deb; c = c->next)
    if (c->type == XML_ELEMENT_NODE) deb = c;
  if (!deb) return bad(r, root, "<akomaNtoso> holds no document");
  if (!recxml_is(deb, "debate"))
    return bad(r, deb, "this is an Akoma Ntoso <%s>, not a <debate>: only the record of a sitting (a debate) can be "
                       "imported as a Hansard", (const char *)deb->name);
  if (lenient)
    recdoc_warn(d, recxml_line(root), "no Akoma Ntoso namespace: read leniently as an AKN 3.0 debate");
  xmlNode *meta = recxml_child(deb, "meta");
  xmlNode *ident = meta ? recxml_child(meta, "identification") : NULL;
  xmlNode *work = ident ? recxml_child(ident, "FRBRWork") : NULL;
  xmlNode *expr = ident ? recxml_child(ident, "FRBRExpression") : NULL;
  const char *author = NULL;
  if (work) {
    xmlNode *x;
    if ((x = recxml_child(work, "FRBRuri"))) d->source = recxml_attr(a, x, "value", NULL);
    if ((x = recxml_child(work, "FRBRdate"))) d->date = recxml_attr(a, x, "date", NULL);
    if ((x = recxml_child(work, "FRBRcountry"))) d->country = recxml_attr(a, x, "value", NULL);
    if ((x = recxml_child(work, "FRBRauthor"))) author = strip_hash(recxml_attr(a, x, "href", NULL));
    if ((x = recxml_child(work, "FRBRnumber"))) {
      long long v;
      const char *nv = recxml_attr(a, x, "value", NULL);
      if (nv && mj_parse_int(nv, 1, 1000000, &v) == MJ_OK) d->number = (int)v;
    }
  }
  if (expr) {
    xmlNode *x = recxml_child(expr, "FRBRlanguage");
    if (x) d->lang = recdoc_lang2(recxml_attr(a, x, "language", NULL));
  }
  /* references: persons, roles, organisations */
  xmlNode *refs = meta ? recxml_child(meta, "references") : NULL;
  int nref = 0;
  for (xmlNode *c = refs ? refs->children : NULL; c; c = c->next) nref += c->type == XML_ELEMENT_NODE;
  r->roles = arena_alloc(a, sizeof *r->roles * (size_t)(nref + 1));
  r->orgs = arena_alloc(a, sizeof *r->orgs * (size_t)(nref + 1));
  for (xmlNode *c = refs ? refs->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    Ref f = {eid_of(a, c), recxml_attr(a, c, "href", NULL), recxml_attr(a, c, "showAs", NULL)};
    if (!f.eid) continue;
    if (recxml_is(c, "TLCPerson")) {
      if (recdoc_person_find(d, f.eid) >= 0) {
        recdoc_warn(d, recxml_line(c), "TLCPerson \"%s\" is listed twice; the first is kept", f.eid);
        continue;
      }
      recdoc_person(d, f.eid, "akn", f.href && *f.href ? f.href : arena_printf(a, "#%s", f.eid),
                    f.show && *f.show ? recdoc_squash(a, f.show) : f.eid);
    } else if (recxml_is(c, "TLCRole")) {
      r->roles[r->nroles++] = f;
    } else if (recxml_is(c, "TLCOrganization")) {
      r->orgs[r->norgs++] = f;
    }
  }
  /* Two TLCPersons sharing one href are two people in the document (the
  ** OASIS example has Mr. epsilon and Mr. Eta on ".../eta"): their
  ** identifier takes the eId too, so they stay apart. */
  for (int i = 0; i < d->npersons; i++)
    for (int j = 0; j < d->npersons; j++)
      if (i != j && strcmp(d->persons[i].identifier, d->persons[j].identifier) == 0 &&
          !strchr(d->persons[i].identifier, '#')) {
        d->persons[i].identifier = arena_printf(a, "%s#%s", d->persons[i].identifier, d->persons[i].key);
        break;
      }
  for (int i = 0; i < d->npersons; i++)
    if (strchr(d->persons[i].identifier, '#') && d->persons[i].identifier[0] != '#') {
      /* already made unique above; make its partner unique as well */
      const char *base = arena_strndup(a, d->persons[i].identifier, (size_t)(strchr(d->persons[i].identifier, '#') - d->persons[i].identifier));
      for (int j = 0; j < d->npersons; j++)
        if (j != i && strcmp(d->persons[j].identifier, base) == 0)
          d->persons[j].identifier = arena_printf(a, "%s#%s", base, d->persons[j].key);
    }
  const Ref *org = ref_find(r->orgs, r->norgs, author);
  if (org) {
    d->body_name = org->show ? recdoc_squash(a, org->show) : org->eid;
    d->body_ident = org->href && *org->href ? org->href : NULL;
  }
  /* preface: title, number, date */
  xmlNode *pre = recxml_child(deb, "preface");
  xmlNode *t = find_desc(pre, "docTitle"), *num = find_desc(pre, "docNumber"), *dt = find_desc(pre, "docDate");
  if (t) d->title = recxml_text(a, t, no_text);
  if (num && !d->number) {
    long long v;
    if (mj_parse_int(recxml_text(a, num, no_text), 1, 1000000, &v) == MJ_OK) d->number = (int)v;
  }
  if (dt) {
    const char *v = recxml_attr(a, dt, "date", NULL);
    if (recdoc_date_ok(v)) d->date = v; /* the sitting's own date wins over the FRBR work date */
  }
  if (d->date && strlen(d->date) > 10 && d->date[10] == 'T') d->date = arena_strndup(a, d->date, 10);
  if (!d->date || !*d->date) {
    if (o && o->date) d->date = o->date;
    else
      return bad(r, deb, "no sitting date: the debate has neither FRBRWork/FRBRdate nor a preface docDate; pass "
                         "--date YYYY-MM-DD to import it anyway");
  }
  if (!recdoc_date_ok(d->date)) return bad(r, work ? work : deb, "the date \"%s\" is not YYYY-MM-DD", d->date);
  xmlNode *body = recxml_child(deb, "debateBody");
  if (!body) return bad(r, deb, "the debate has no <debateBody>");
  walk(r, -1, body);
  if (!d->source) d->source = arena_printf(a, "sha256:%s", d->sha256);
  return MJ_OK;
}

int akn_parse(const char *name, const char *data, size_t len, const AknOptions *o, RecDoc *d) {
  recdoc_sha256(data, len, d->sha256);
  xmlDocPtr doc;
  int rc = recxml_parse(name, data, len, 0, &doc);
  if (rc) return rc;
  Rd r = {d, name, NULL, NULL, 0, 0};
  rc = read_doc(&r, doc, o);
  xmlFreeDoc(doc);
  return rc;
}

int akn_read(const char *path, const AknOptions *o, RecDoc *d) {
  char *data;
  size_t len;
  int rc = recxml_slurp(path, &data, &len);
  if (rc) return rc;
  rc = akn_parse(path, data, len, o, d);
  free(data);
  return rc;
}

/* ---- writing ---- */

/* An eId: letters, digits, '_', '-', '.' only (the schema wants no white
** space; the naming convention uses these). */
static int eid_ok(const char *s) {
  if (!s || !*s || strlen(s) > 120) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
          *s == '-' || *s == '.'))
      return 0;
  return 1;
}

typedef struct Item {
  int is_section, idx, order;
} Item;

typedef struct Wr {
  const RecDoc *d;
  Buf *b;
  Arena *a;
  const char **person_eid;
  const char **roles; /* distinct role texts */
  int nroles;
  const char *body_eid;
  Item **kids; /* per section + 1 (index 0: the top) */
  int *nkids;
  const char **sec_eid; /* each section's eId, as the body was written */
} Wr;

static int item_cmp(const void *x, const void *y) {
  const Item *a = x, *b = y;
  return (a->order > b->order) - (a->order < b->order);
}

static int role_index(const Wr *w, const char *role) {
  for (int i = 0; role && i < w->nroles; i++)
    if (strcmp(w->roles[i], role) == 0) return i;
  return -1;
}

static void write_paras(Wr *w, int indent, const char *text) {
  const char *p = text ? text : "";
  int any = 0;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) {
      recxml_leaf(w->b, indent, "p", NULL, arena_strndup(w->a, p, n));
      any = 1;
    }
    p += n + (nl ? 1 : 0);
  }
  if (!any) recxml_leaf(w->b, indent, "p", NULL, ""); /* a speech needs one block */
}

static const char *iso_time(Wr *w, const char *t) {
  if (!t || !*t) return NULL;
  /* xsd:dateTime: the sitting's date and the time (seconds added) */
  return arena_printf(w->a, "%sT%s%s", w->d->date, t, strlen(t) == 5 ? ":00" : "");
}

static void write_speech(Wr *w, int indent, int idx, const char *eid) {
  const RecSpeech *s = &w->d->speeches[idx];
  const char *k = s->kind;
  if (strcmp(k, "speech") == 0 || strcmp(k, "question") == 0 || strcmp(k, "answer") == 0) {
    int ri = role_index(w, s->role);
    const char *by = s->person >= 0 ? arena_printf(w->a, "#%s", w->person_eid[s->person])
                     : ri >= 0      ? arena_printf(w->a, "#role_%d", ri + 1)
                                    : arena_printf(w->a, "#%s", w->body_eid);
    const char *as = ri >= 0 && s->person >= 0 ? arena_printf(w->a, "#role_%d", ri + 1) : NULL;
    const char *attrs[] = {"eId", eid, "by", by, "as", as, "startTime", iso_time(w, s->start_time), "endTime",
                           iso_time(w, s->end_time), NULL};
    recxml_open(w->b, indent, k, attrs, 0);
    if (s->label && *s->label) recxml_leaf(w->b, indent + 1, "from", NULL, s->label);
    write_paras(w, indent + 1, s->text);
    recxml_close(w->b, indent, k);
  } else if (strcmp(k, "narrative") == 0 || strcmp(k, "scene") == 0 || strcmp(k, "summary") == 0) {
    /* inline content: paragraphs are separated by <br/> */
    const char *attrs[] = {"eId", eid, NULL};
    const char *t = s->text ? s->text : "";
    if (!strchr(t, '\n')) {
      recxml_leaf(w->b, indent, k, attrs, t);
      return;
    }
    for (int i = 0; i < indent; i++) buf_puts(w->b, "  ");
    buf_printf(w->b, "<%s eId=\"", k);
    recxml_esc(w->b, eid, 1);
    buf_puts(w->b, "\">");
    for (const char *p = t; *p;) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      recxml_esc(w->b, arena_strndup(w->a, p, n), 0);
      if (nl) buf_puts(w->b, "<br/>");
      p += n + (nl ? 1 : 0);
    }
    buf_printf(w->b, "</%s>\n", k);
  } else { /* other: blocks */
    const char *attrs[] = {"eId", eid, NULL};
    recxml_open(w->b, indent, "other", attrs, 0);
    write_paras(w, indent + 1, s->text);
    recxml_close(w->b, indent, "other");
  }
}

static const char *kind_elem(const char *k) {
  return strcmp(k, "speech") == 0 || strcmp(k, "question") == 0 || strcmp(k, "answer") == 0 ||
                 strcmp(k, "narrative") == 0 || strcmp(k, "scene") == 0 || strcmp(k, "summary") == 0
             ? k
             : "other";
}

static void write_children(Wr *w, int indent, int sec, const char *prefix);

static void write_section(Wr *w, int indent, int idx, const char *eid) {
  const RecSection *s = &w->d->sections[idx];
  int named = in_list(section_elems, s->name) && strcmp(s->name, "debateSection") != 0;
  const char *el = named ? s->name : "debateSection";
  const char *attrs[] = {"eId", eid, "name", named ? NULL : s->name, NULL};
  w->sec_eid[idx] = eid;
  recxml_open(w->b, indent, el, attrs, 0);
  if (s->heading && *s->heading) recxml_leaf(w->b, indent + 1, "heading", NULL, s->heading);
  write_children(w, indent + 1, idx, eid);
  recxml_close(w->b, indent, el);
}

/* The children of a section (sec -1: the body) in document order, each
** with an eId under its parent's: dbsect_2__speech_3. */
static void write_children(Wr *w, int indent, int sec, const char *prefix) {
  int n = w->nkids[sec + 1];
  Item *k = w->kids[sec + 1];
  int count[8] = {0}; /* per element kind, for eIds */
  static const char *const kinds[] = {"dbsect", "speech", "question", "answer", "narrative", "scene", "summary", "other"};
  int wrapped = 0, wrap_no = 0;
  for (int i = 0; i < n; i++) {
    int kind = 0;
    if (!k[i].is_section) {
      const char *e = kind_elem(w->d->speeches[k[i].idx].kind);
      for (int j = 1; j < 8; j++)
        if (strcmp(kinds[j], e) == 0) kind = j;
    }
    /* debateBody holds only sections: speeches at the top are wrapped, a run
    ** of them in one debateSection */
    if (sec < 0 && !k[i].is_section && !wrapped) {
      wrap_no = ++count[0];
      const char *attrs[] = {"eId", arena_printf(w->a, "dbsect_%d", wrap_no), "name", "debate", NULL};
      recxml_open(w->b, indent, "debateSection", attrs, 0);
      wrapped = 1;
      memset(count + 1, 0, sizeof count - sizeof count[0]);
    } else if (sec < 0 && k[i].is_section && wrapped) {
      recxml_close(w->b, indent, "debateSection");
      wrapped = 0;
    }
    int no = ++count[kind];
    if (k[i].is_section) {
      const char *eid = prefix ? arena_printf(w->a, "%s__dbsect_%d", prefix, no) : arena_printf(w->a, "dbsect_%d", no);
      write_section(w, indent, k[i].idx, eid);
    } else {
      const char *pre = wrapped ? arena_printf(w->a, "dbsect_%d", wrap_no) : prefix;
      const char *eid = arena_printf(w->a, "%s%s%s_%d", pre ? pre : "", pre ? "__" : "", kinds[kind], no);
      write_speech(w, indent + (wrapped ? 1 : 0), k[i].idx, eid);
    }
  }
  if (wrapped) recxml_close(w->b, indent, "debateSection");
}

/* The sitting's closed votes, as the meta's parliamentary analysis: each a
** voting with its outcome, its counts and a link to the section of its
** agenda item (the ballots by name are in the Popolo export: AKN counts
** take no names). The TLCs they refer to are written by write_vote_refs. */
static void write_votes(Wr *w) {
  const RecDoc *d = w->d;
  if (!d->nvotes) return;
  recxml_open(w->b, 3, "analysis", (const char *[]){"source", "#majlis", NULL}, 0);
  recxml_open(w->b, 4, "parliamentary", NULL, 0);
  for (int i = 0; i < d->nvotes; i++) {
    const RecVote *v = &d->votes[i];
    const char *eid = arena_printf(w->a, "vote_%d", i + 1);
    const char *sec = v->section >= 0 && w->sec_eid[v->section] ? arena_printf(w->a, "#%s", w->sec_eid[v->section]) : NULL;
    const char *outcome = v->result && strcmp(v->result, "pass") == 0 ? "#vote_passed"
                          : v->result && strcmp(v->result, "fail") == 0 ? "#vote_rejected"
                                                                        : NULL;
    recxml_open(w->b, 5, "voting",
                (const char *[]){"eId", eid, "refersTo", arena_printf(w->a, "#%s_event", eid), "outcome", outcome, "href",
                                 sec, NULL},
                0);
    static const char *const opts[] = {"yes", "no", "abstain"};
    const int n[] = {v->yes, v->no, v->abstain};
    for (int k = 0; k < 3; k++)
      if (n[k] >= 0)
        recxml_open(w->b, 6, "count",
                    (const char *[]){"eId", arena_printf(w->a, "%s__%s", eid, opts[k]), "value", arena_printf(w->a, "%d", n[k]),
                                     "refersTo", arena_printf(w->a, "#vote_%s", opts[k]), NULL},
                    1);
    recxml_close(w->b, 5, "voting");
  }
  recxml_close(w->b, 4, "parliamentary");
  recxml_close(w->b, 3, "analysis");
}

static void write_vote_refs(Wr *w) {
  const RecDoc *d = w->d;
  if (!d->nvotes) return;
  for (int i = 0; i < d->nvotes; i++) {
    const RecVote *v = &d->votes[i];
    const char *when = v->time && *v->time ? arena_printf(w->a, " (%s)", v->time) : "";
    recxml_open(w->b, 4, "TLCEvent",
                (const char *[]){"eId", arena_printf(w->a, "vote_%d_event", i + 1), "href",
                                 arena_printf(w->a, "/akn/ontology/event/majlis/%s", v->ident ? v->ident : "vote"), "showAs",
                                 arena_printf(w->a, "%s%s", v->title && *v->title ? v->title : "vote", when), NULL},
                1);
  }
  static const char *const concepts[][2] = {{"vote_yes", "yes"}, {"vote_no", "no"}, {"vote_abstain", "abstain"},
                                            {"vote_passed", "passed"}, {"vote_rejected", "rejected"}};
  for (int k = 0; k < 5; k++)
    recxml_open(w->b, 4, "TLCConcept",
                (const char *[]){"eId", concepts[k][0], "href",
                                 arena_printf(w->a, "/akn/ontology/concept/majlis/%s", concepts[k][1]), "showAs",
                                 concepts[k][1], NULL},
                1);
}

int akn_write(const RecDoc *d, Buf *b) {
  Arena *a = arena_new();
  Wr w = {d, b, a, NULL, NULL, 0, NULL, NULL, NULL, NULL};
  const char *cc = d->country && strlen(d->country) == 2 ? d->country : "xx";
  const char *l3 = recdoc_lang3(d->lang ? d->lang : "ar");
  int number = d->number > 0 ? d->number : 1;
  const char *work = arena_printf(a, "/akn/%s/debate/%s/%d", cc, d->date, number);
  const char *exprn = arena_printf(a, "%s/%s@", work, l3);
  w.body_eid = "chamber";
  /* persons: their eIds, unique */
  w.person_eid = arena_alloc(a, sizeof *w.person_eid * (size_t)(d->npersons + 1));
  for (int i = 0; i < d->npersons; i++) {
    const char *e = d->persons[i].key;
    /* not the eIds this writer gives other references: the chamber, Majlis,
    ** roles, votes and the record's state (the lifecycle's TLCEvent) */
    int dup = !eid_ok(e) || strcmp(e, "chamber") == 0 || strcmp(e, "majlis") == 0 || strncmp(e, "role_", 5) == 0 ||
              strncmp(e, "vote_", 5) == 0 || (d->status && strcmp(e, d->status) == 0);
    for (int j = 0; !dup && j < i; j++) dup = strcmp(w.person_eid[j], e) == 0;
    w.person_eid[i] = dup ? arena_printf(a, "person_%lld", (long long)(d->persons[i].rowid ? d->persons[i].rowid : i + 1))
                          : e;
  }
  w.roles = arena_alloc(a, sizeof *w.roles * (size_t)(d->nspeeches + 1));
  for (int i = 0; i < d->nspeeches; i++)
    if (d->speeches[i].role && *d->speeches[i].role && role_index(&w, d->speeches[i].role) < 0)
      w.roles[w.nroles++] = d->speeches[i].role;
  /* children of every section, in document order */
  w.nkids = arena_alloc(a, sizeof *w.nkids * (size_t)(d->nsections + 1));
  w.kids = arena_alloc(a, sizeof *w.kids * (size_t)(d->nsections + 1));
  memset(w.nkids, 0, sizeof *w.nkids * (size_t)(d->nsections + 1));
  for (int i = 0; i < d->nsections; i++) w.nkids[d->sections[i].parent + 1]++;
  for (int i = 0; i < d->nspeeches; i++) w.nkids[d->speeches[i].section + 1]++;
  for (int i = 0; i <= d->nsections; i++) {
    w.kids[i] = arena_alloc(a, sizeof(Item) * (size_t)(w.nkids[i] + 1));
    w.nkids[i] = 0;
  }
  for (int i = 0; i < d->nsections; i++) {
    int p = d->sections[i].parent + 1;
    w.kids[p][w.nkids[p]++] = (Item){1, i, d->sections[i].order};
  }
  for (int i = 0; i < d->nspeeches; i++) {
    int p = d->speeches[i].section + 1;
    w.kids[p][w.nkids[p]++] = (Item){0, i, d->speeches[i].order};
  }
  for (int i = 0; i <= d->nsections; i++) qsort(w.kids[i], (size_t)w.nkids[i], sizeof(Item), item_cmp);

  char today[32];
  mj_iso8601(mj_now_ms() / 1000, today, sizeof today);
  today[10] = 0;
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  const char *root[] = {"xmlns", AKN_NS, NULL};
  recxml_open(b, 0, "akomaNtoso", root, 0);
  const char *deb[] = {"name", "hansard", NULL};
  recxml_open(b, 1, "debate", deb, 0);
  /* the body first (into its own buffer): the votes in the meta name the
  ** sections' eIds */
  w.sec_eid = arena_alloc(a, sizeof *w.sec_eid * (size_t)(d->nsections + 1));
  memset(w.sec_eid, 0, sizeof *w.sec_eid * (size_t)(d->nsections + 1));
  Buf body;
  buf_init(&body, b->max);
  w.b = &body;
  recxml_open(&body, 2, "debateBody", NULL, 0);
  if (!d->nsections && !d->nspeeches) {
    recxml_open(&body, 3, "debateSection", (const char *[]){"eId", "dbsect_1", "name", "debate", NULL}, 0);
    recxml_leaf(&body, 4, "heading", NULL, d->title && *d->title ? d->title : d->date);
    recxml_close(&body, 3, "debateSection");
  } else {
    write_children(&w, 3, -1, NULL);
  }
  recxml_close(&body, 2, "debateBody");
  w.b = b;
  recxml_open(b, 2, "meta", NULL, 0);
  const char *idn[] = {"source", "#majlis", NULL};
  recxml_open(b, 3, "identification", idn, 0);
  recxml_open(b, 4, "FRBRWork", NULL, 0);
  recxml_open(b, 5, "FRBRthis", (const char *[]){"value", arena_printf(a, "%s/!main", work), NULL}, 1);
  recxml_open(b, 5, "FRBRuri", (const char *[]){"value", work, NULL}, 1);
  recxml_open(b, 5, "FRBRdate", (const char *[]){"date", d->date, "name", "sitting", NULL}, 1);
  recxml_open(b, 5, "FRBRauthor", (const char *[]){"href", "#chamber", NULL}, 1);
  recxml_open(b, 5, "FRBRcountry", (const char *[]){"value", cc, NULL}, 1);
  recxml_open(b, 5, "FRBRnumber", (const char *[]){"value", arena_printf(a, "%d", number), NULL}, 1);
  recxml_close(b, 4, "FRBRWork");
  recxml_open(b, 4, "FRBRExpression", NULL, 0);
  recxml_open(b, 5, "FRBRthis", (const char *[]){"value", arena_printf(a, "%s/!main", exprn), NULL}, 1);
  recxml_open(b, 5, "FRBRuri", (const char *[]){"value", exprn, NULL}, 1);
  recxml_open(b, 5, "FRBRdate", (const char *[]){"date", d->date, "name", "sitting", NULL}, 1);
  recxml_open(b, 5, "FRBRauthor", (const char *[]){"href", "#chamber", NULL}, 1);
  recxml_open(b, 5, "FRBRlanguage", (const char *[]){"language", l3, NULL}, 1);
  recxml_close(b, 4, "FRBRExpression");
  recxml_open(b, 4, "FRBRManifestation", NULL, 0);
  recxml_open(b, 5, "FRBRthis", (const char *[]){"value", arena_printf(a, "%s/!main.xml", exprn), NULL}, 1);
  recxml_open(b, 5, "FRBRuri", (const char *[]){"value", arena_printf(a, "%s.akn", exprn), NULL}, 1);
  recxml_open(b, 5, "FRBRdate", (const char *[]){"date", today, "name", "export", NULL}, 1);
  recxml_open(b, 5, "FRBRauthor", (const char *[]){"href", "#majlis", NULL}, 1);
  recxml_close(b, 4, "FRBRManifestation");
  recxml_close(b, 3, "identification");
  if (d->status) {
    /* the record's state in the workflow, as a lifecycle event */
    recxml_open(b, 3, "lifecycle", (const char *[]){"source", "#majlis", NULL}, 0);
    recxml_open(b, 4, "eventRef",
                (const char *[]){"eId", "evt_1", "date", d->date, "source", "#majlis", "refersTo",
                                 arena_printf(a, "#%s", d->status), NULL},
                1);
    recxml_close(b, 3, "lifecycle");
  }
  write_votes(&w);
  recxml_open(b, 3, "references", (const char *[]){"source", "#majlis", NULL}, 0);
  recxml_open(b, 4, "TLCOrganization",
              (const char *[]){"eId", "chamber", "href",
                               d->body_ident && *d->body_ident && d->body_ident[0] == '/'
                                   ? d->body_ident
                                   : arena_printf(a, "/akn/ontology/organization/%s/chamber", cc),
                               "showAs", d->body_name && *d->body_name ? d->body_name : "Chamber", NULL},
              1);
  recxml_open(b, 4, "TLCOrganization",
              (const char *[]){"eId", "majlis", "href", "/akn/ontology/organization/majlis", "showAs", "Majlis", NULL}, 1);
  for (int i = 0; i < d->npersons; i++) {
    if (!d->persons[i].used) continue;
    const char *href = d->persons[i].identifier && d->persons[i].identifier[0] == '/'
                           ? d->persons[i].identifier
                           : arena_printf(a, "/akn/ontology/person/majlis/%s", w.person_eid[i]);
    recxml_open(b, 4, "TLCPerson",
                (const char *[]){"eId", w.person_eid[i], "href", href, "showAs",
                                 d->persons[i].name && *d->persons[i].name ? d->persons[i].name : w.person_eid[i], NULL},
                1);
  }
  for (int i = 0; i < w.nroles; i++)
    recxml_open(b, 4, "TLCRole",
                (const char *[]){"eId", arena_printf(a, "role_%d", i + 1), "href",
                                 arena_printf(a, "/akn/ontology/role/majlis/role_%d", i + 1), "showAs", w.roles[i], NULL},
                1);
  if (d->status)
    recxml_open(b, 4, "TLCEvent",
                (const char *[]){"eId", d->status, "href", arena_printf(a, "/akn/ontology/event/majlis/%s", d->status),
                                 "showAs", d->status, NULL},
                1);
  write_vote_refs(&w);
  recxml_close(b, 3, "references");
  recxml_close(b, 2, "meta");
  recxml_open(b, 2, "preface", NULL, 0);
  if (d->title && *d->title) {
    recxml_open(b, 3, "p", NULL, 0);
    recxml_leaf(b, 4, "docTitle", NULL, d->title);
    recxml_close(b, 3, "p");
  }
  recxml_open(b, 3, "p", NULL, 0);
  recxml_leaf(b, 4, "docNumber", NULL, arena_printf(a, "%d", number));
  recxml_close(b, 3, "p");
  recxml_open(b, 3, "p", NULL, 0);
  recxml_leaf(b, 4, "docDate", (const char *[]){"date", d->date, NULL}, d->date);
  recxml_close(b, 3, "p");
  recxml_close(b, 2, "preface");
  buf_append(b, body.p, body.n);
  if (body.err) b->err = 1;
  buf_free(&body);
  recxml_close(b, 1, "debate");
  recxml_close(b, 0, "akomaNtoso");
  arena_free(a);
  return b->err ? mj_fail(MJ_ETOOBIG, "the Akoma Ntoso document grew past its limit") : MJ_OK;
}

/* ---- validation ---- */

typedef struct Errs {
  Buf b;
  int n;
} Errs;

static void collect(void *arg, xmlErrorPtr e) {
  Errs *x = arg;
  if (!e || e->level < XML_ERR_ERROR) return;
  if (x->n++ >= 5) return;
  char msg[400];
  mj_strlcpy(msg, e->message ? e->message : "invalid", sizeof msg);
  size_t l = strlen(msg);
  while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' ')) msg[--l] = 0;
  buf_printf(&x->b, "%sline %d: %s", x->b.n ? "; " : "", e->line, msg);
}

int akn_validate(const char *xml, size_t len, const char *schema_path) {
  if (!schema_path || !*schema_path) schema_path = akn_schema_default();
  FILE *f = fopen(schema_path, "rb");
  if (!f)
    return mj_fail(MJ_ENOTFOUND, "the Akoma Ntoso schema %s cannot be read (set MAJLIS_DATA, or name the schema "
                                 "file)", schema_path);
  fclose(f);
  Errs x;
  buf_init(&x.b, 8192);
  x.n = 0;
  xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(schema_path);
  xmlSchemaSetParserStructuredErrors(pc, collect, &x);
  xmlSchemaPtr schema = xmlSchemaParse(pc);
  xmlSchemaFreeParserCtxt(pc);
  if (!schema) {
    int rc = mj_fail(MJ_EIO, "the schema %s could not be loaded: %s", schema_path, x.b.p ? x.b.p : "");
    buf_free(&x.b);
    return rc;
  }
  xmlDocPtr doc;
  int rc = recxml_parse("(export)", xml, len, 0, &doc);
  if (!rc) {
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(vc, collect, &x);
    int v = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    if (v != 0)
      rc = mj_fail(MJ_EINVAL, "the document does not validate against %s (%d error%s): %s", schema_path, x.n,
                   x.n == 1 ? "" : "s", x.b.p ? x.b.p : "internal error");
  }
  xmlSchemaFree(schema);
  buf_free(&x.b);
  return rc;
}

const char *akn_schema_default(void) {
  static char path[1024];
  const char *base = getenv("MAJLIS_DATA");
  snprintf(path, sizeof path, "%s/akoma-ntoso/schema/akomantoso30.xsd", base && *base ? base : "../shared/data");
  return path;
}
