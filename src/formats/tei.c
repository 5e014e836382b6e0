/*
** tei.c: ParlaMint TEI in and out (see tei.h). The corpus root becomes
** Popolo records so that persons, parties and memberships go through the
** same matching and auditing as every other import (src/domain/people.c);
** a sitting becomes a RecDoc.
*/
#include "tei.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recxml.h"

#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define XI_NS "http://www.w3.org/2001/XInclude"

static const char *const no_text[] = {NULL};

static const char *xml_id(Arena *a, const xmlNode *n) { return recxml_attr(a, n, "id", XML_NS); }
static const char *strip_hash(const char *s) { return s && *s == '#' ? s + 1 : s; }

int tei_kind(const char *name, const char *data, size_t len, int *kind) {
  *kind = 0;
  xmlDocPtr doc;
  int rc = recxml_parse(name, data, len, 0, &doc);
  if (rc) return rc;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (strcmp(recxml_ns(root), TEI_NS) != 0)
    rc = mj_fail(MJ_EINVAL, "%s:%d: <%s> is not in the TEI namespace (%s): not a ParlaMint file", name,
                 recxml_line(root), (const char *)root->name, TEI_NS);
  else if (recxml_is(root, "teiCorpus")) *kind = TEI_CORPUS;
  else if (recxml_is(root, "TEI")) *kind = TEI_SITTING;
  else
    rc = mj_fail(MJ_EINVAL, "%s:%d: the root element is <%s>, not <teiCorpus> or <TEI>", name, recxml_line(root),
                 (const char *)root->name);
  xmlFreeDoc(doc);
  return rc;
}

/* ---- the corpus root ---- */

static xmlNode *find_desc(const xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (recxml_is(c, name)) return c;
    xmlNode *x = find_desc(c, name);
    if (x) return x;
  }
  return NULL;
}

static int count_children(const xmlNode *n, const char *name) {
  int k = 0;
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) k += recxml_is(c, name);
  return k;
}

static const char *org_class(const char *role) {
  if (!role) return "other";
  if (strcmp(role, "parliament") == 0) return "legislature";
  if (strcmp(role, "politicalParty") == 0) return "party";
  if (strcmp(role, "parliamentaryGroup") == 0 || strcmp(role, "politicalGroup") == 0) return "bloc";
  if (strcmp(role, "government") == 0 || strcmp(role, "ministry") == 0) return "ministry";
  if (strcmp(role, "committee") == 0) return "committee";
  return "other";
}

static const char *member_role(const char *role, const char **label) {
  *label = NULL;
  if (!role || strcmp(role, "MP") == 0 || strcmp(role, "member") == 0) return "member";
  if (strcmp(role, "head") == 0 || strcmp(role, "chair") == 0 || strcmp(role, "president") == 0) return "chair";
  if (strcmp(role, "deputyHead") == 0 || strcmp(role, "vicePresident") == 0 || strcmp(role, "deputyChair") == 0)
    return "deputy_chair";
  if (strcmp(role, "speaker") == 0) return "speaker";
  *label = role;
  return "member";
}

/* The date an event of the listOrg starts (ana="#TBMM.27" -> TBMM.27's from). */
static const char *event_from(Arena *a, const xmlNode *orgs, const char *ana) {
  if (!ana) return NULL;
  for (const char *p = ana; *p;) {
    while (*p == ' ') p++;
    const char *e = strchr(p, ' ');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    const char *id = strip_hash(arena_strndup(a, p, n));
    for (xmlNode *o = orgs ? orgs->children : NULL; o; o = o->next) {
      if (!recxml_is(o, "org")) continue;
      xmlNode *le = recxml_child(o, "listEvent");
      for (xmlNode *ev = le ? le->children : NULL; ev; ev = ev->next)
        if (recxml_is(ev, "event")) {
          const char *x = xml_id(a, ev);
          if (x && strcmp(x, id) == 0) return recxml_attr(a, ev, "from", NULL);
        }
    }
    p += n;
  }
  return NULL;
}

static const char *pers_name(Arena *a, const xmlNode *pn) {
  if (!pn) return NULL;
  Buf b;
  buf_init(&b, 4096);
  static const char *const order[] = {"roleName", "forename", "nameLink", "surname", "addName", NULL};
  int any = 0;
  for (int k = 0; order[k]; k++)
    for (xmlNode *c = pn->children; c; c = c->next)
      if (recxml_is(c, order[k])) {
        const char *t = recxml_text(a, c, no_text);
        if (*t) {
          if (b.n) buf_putc(&b, ' ');
          buf_puts(&b, t);
          any = 1;
        }
      }
  const char *s = any ? arena_strdup(a, b.p) : recxml_text(a, pn, no_text);
  buf_free(&b);
  return s && *s ? s : NULL;
}

int tei_parse_corpus(const char *name, const char *data, size_t len, Arena *a, TeiCorpus *out) {
  memset(out, 0, sizeof *out);
  buf_init(&out->warnings, 1u << 20);
  xmlDocPtr doc;
  int rc = recxml_parse(name, data, len, 0, &doc);
  if (rc) return rc;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!recxml_is(root, "teiCorpus") || strcmp(recxml_ns(root), TEI_NS) != 0) {
    rc = mj_fail(MJ_EINVAL, "%s:%d: the root element is not a TEI <teiCorpus>", name, recxml_line(root));
    xmlFreeDoc(doc);
    return rc;
  }
  out->id = xml_id(a, root);
  PopoloFile *f = &out->people;
  f->path = arena_strdup(a, name);
  xmlNode *orgs = find_desc(root, "listOrg"), *persons = find_desc(root, "listPerson");
  int norg = count_children(orgs, "org"), nper = count_children(persons, "person");
  f->orgs = arena_alloc(a, sizeof *f->orgs * (size_t)(norg + 1));
  f->persons = arena_alloc(a, sizeof *f->persons * (size_t)(nper + 1));
  int naff = 0;
  for (xmlNode *p = persons ? persons->children : NULL; p; p = p->next) naff += count_children(p, "affiliation");
  f->memberships = arena_alloc(a, sizeof *f->memberships * (size_t)(naff + 1));
  for (xmlNode *o = orgs ? orgs->children : NULL; o; o = o->next) {
    if (!recxml_is(o, "org")) continue;
    const char *id = xml_id(a, o);
    if (!id) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: an <org> without xml:id", name, recxml_line(o));
      goto done;
    }
    PopoloOrg *g = &f->orgs[f->n_orgs++];
    memset(g, 0, sizeof *g);
    g->where = arena_printf(a, "line %d (org %s)", recxml_line(o), id);
    g->id = arena_printf(a, "parlamint:%s", id);
    g->classification = org_class(recxml_attr(a, o, "role", NULL));
    for (xmlNode *n = o->children; n; n = n->next) {
      if (!recxml_is(n, "orgName")) continue;
      const char *full = recxml_attr(a, n, "full", NULL), *lang = recxml_attr(a, n, "lang", XML_NS);
      const char *t = recxml_text(a, n, no_text);
      if (!*t || (full && strcmp(full, "yes") != 0 && g->name)) continue;
      if (!g->name) g->name = t;
      if (lang && strcmp(lang, "en") == 0 && !g->name_en) g->name_en = t;
    }
    if (!g->name) g->name = id;
    g->identifiers = arena_alloc(a, sizeof *g->identifiers);
    g->identifiers[0] = (PopoloIdent){"parlamint", id};
    g->n_identifiers = 1;
  }
  for (xmlNode *p = persons ? persons->children : NULL; p; p = p->next) {
    if (!recxml_is(p, "person")) continue;
    const char *id = xml_id(a, p);
    if (!id) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: a <person> without xml:id", name, recxml_line(p));
      goto done;
    }
    PopoloPerson *q = &f->persons[f->n_persons++];
    memset(q, 0, sizeof *q);
    q->where = arena_printf(a, "line %d (person %s)", recxml_line(p), id);
    q->id = arena_printf(a, "parlamint:%s", id);
    q->name = pers_name(a, recxml_child(p, "persName"));
    if (!q->name) q->name = id;
    xmlNode *sex = recxml_child(p, "sex");
    const char *sv = sex ? recxml_attr(a, sex, "value", NULL) : NULL;
    q->gender = !sv ? NULL : strcmp(sv, "M") == 0 ? "male" : strcmp(sv, "F") == 0 ? "female" : NULL;
    q->identifiers = arena_alloc(a, sizeof *q->identifiers);
    q->identifiers[0] = (PopoloIdent){"parlamint", id};
    q->n_identifiers = 1;
    for (xmlNode *af = p->children; af; af = af->next) {
      if (!recxml_is(af, "affiliation")) continue;
      const char *ref = strip_hash(recxml_attr(a, af, "ref", NULL)), *role = recxml_attr(a, af, "role", NULL);
      const char *from = recxml_attr(a, af, "from", NULL), *to = recxml_attr(a, af, "to", NULL);
      int known = 0;
      for (int k = 0; ref && k < f->n_orgs; k++) known |= strcmp(f->orgs[k].identifiers[0].identifier, ref) == 0;
      if (!known) {
        buf_printf(&out->warnings, "%s:%d: warning: affiliation of %s with \"%s\", which is not in the listOrg, left out\n",
                   name, recxml_line(af), id, ref ? ref : "");
        continue;
      }
      if (!from) from = event_from(a, orgs, recxml_attr(a, af, "ana", NULL));
      if (!from || !popolo_date_ok(from) || (to && !popolo_date_ok(to))) {
        buf_printf(&out->warnings, "%s:%d: warning: affiliation of %s with %s has no usable start date; left out\n", name,
                   recxml_line(af), id, ref);
        continue;
      }
      PopoloMembership *m = &f->memberships[f->n_memberships++];
      memset(m, 0, sizeof *m);
      m->where = arena_printf(a, "line %d (affiliation of %s)", recxml_line(af), id);
      m->person_id = q->id;
      m->organization_id = arena_printf(a, "parlamint:%s", ref);
      m->role = member_role(role, &m->role_label);
      m->start_date = from;
      m->end_date = to;
      m->id = arena_printf(a, "parlamint:%s:%s:%s:%s", id, ref, role ? role : "member", from);
    }
  }
  /* the sittings it includes */
  int ninc = 0;
  for (xmlNode *c = root->children; c; c = c->next) ninc += recxml_is(c, "include") && strcmp(recxml_ns(c), XI_NS) == 0;
  out->includes = arena_alloc(a, sizeof *out->includes * (size_t)(ninc + 1));
  out->include_lines = arena_alloc(a, sizeof *out->include_lines * (size_t)(ninc + 1));
  for (xmlNode *c = root->children; c; c = c->next)
    if (recxml_is(c, "include") && strcmp(recxml_ns(c), XI_NS) == 0) {
      const char *href = recxml_attr(a, c, "href", NULL);
      if (!href || !*href) continue;
      out->include_lines[out->nincludes] = recxml_line(c);
      out->includes[out->nincludes++] = href;
    }
done:
  xmlFreeDoc(doc);
  return rc;
}

/* ---- a sitting ---- */

typedef struct Tr {
  RecDoc *d;
  const char *name;
  const char *time;  /* from the latest note type="time" */
  const char *label; /* from a note type="speaker" just before an utterance */
} Tr;

static const char *ana_role(Arena *a, const char *ana) {
  if (!ana) return NULL;
  const char *r = NULL;
  for (const char *p = ana; *p;) {
    while (*p == ' ') p++;
    const char *e = strchr(p, ' ');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    const char *v = strip_hash(arena_strndup(a, p, n));
    if (*v && strcmp(v, "regular") != 0 && !r) r = v;
    p += n;
  }
  return r;
}

/* A person named only by its xml:id ("Levent.Gök"): shown as "Levent Gök"
** until the corpus root gives the real name. */
static const char *name_from_id(Arena *a, const char *id) {
  char *s = arena_strdup(a, id);
  for (char *p = s; *p; p++)
    if (*p == '.' || *p == '_') *p = ' ';
  return s;
}

static const char *incident_text(Arena *a, const xmlNode *n) {
  xmlNode *desc = recxml_child(n, "desc");
  const char *t = recxml_text(a, desc ? desc : n, no_text);
  if (!*t) {
    const char *type = recxml_attr(a, n, "type", NULL), *reason = recxml_attr(a, n, "reason", NULL);
    t = arena_printf(a, "[%s%s%s]", (const char *)n->name, type || reason ? ": " : "", type ? type : reason ? reason : "");
  }
  return t;
}

static void tei_walk(Tr *t, int section, const xmlNode *n) {
  RecDoc *d = t->d;
  Arena *a = d->a;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (recxml_is(c, "head")) continue;
    if (recxml_is(c, "div")) {
      xmlNode *h = recxml_child(c, "head");
      const char *type = recxml_attr(a, c, "type", NULL);
      int s = recdoc_section(d, section, type && *type ? type : "debateSection", h ? recxml_text(a, h, no_text) : NULL,
                             xml_id(a, c), recxml_line(c));
      if (d->sections[s].heading && !*d->sections[s].heading) d->sections[s].heading = NULL;
      tei_walk(t, s, c);
    } else if (recxml_is(c, "u")) {
      RecSpeech *s = recdoc_speech(d, section, "speech", recxml_line(c));
      s->ident = xml_id(a, c);
      s->lang = recdoc_lang2(recxml_attr(a, c, "lang", XML_NS));
      s->role = ana_role(a, recxml_attr(a, c, "ana", NULL));
      s->start_time = t->time;
      s->label = t->label;
      t->label = NULL;
      const char *who = strip_hash(recxml_attr(a, c, "who", NULL));
      if (who && *who) {
        int p = recdoc_person_find(d, who);
        if (p < 0) p = recdoc_person(d, who, "parlamint", who, name_from_id(a, who));
        d->persons[p].used = 1;
        s->person = p;
      }
      Buf b;
      buf_init(&b, RECXML_MAX_FILE);
      for (const xmlNode *g = c->children; g; g = g->next) {
        if (g->type != XML_ELEMENT_NODE) continue;
        /* a transcriber's mark inside an utterance stays in its place, in
        ** brackets, as a paragraph of its own */
        const char *x = recxml_is(g, "seg") ? recxml_text(a, g, no_text)
                                            : arena_printf(a, "(%s)", incident_text(a, g));
        if (!*x) continue;
        if (b.n) buf_putc(&b, '\n');
        buf_puts(&b, x);
      }
      s->text = arena_strdup(a, b.p ? b.p : "");
      buf_free(&b);
    } else if (recxml_is(c, "note")) {
      const char *type = recxml_attr(a, c, "type", NULL), *x = recxml_text(a, c, no_text);
      if (type && strcmp(type, "speaker") == 0) {
        t->label = *x ? x : NULL; /* the label of the next utterance */
        continue;
      }
      if (type && strcmp(type, "time") == 0) {
        const char *tm = recdoc_time(a, x, NULL);
        if (tm) t->time = tm;
        else recdoc_warn(d, recxml_line(c), "time note \"%s\" is not a time of day", x);
      }
      RecSpeech *s = recdoc_speech(d, section, type && strcmp(type, "summary") == 0 ? "summary" : "narrative",
                                   recxml_line(c));
      s->ident = xml_id(a, c);
      s->text = x;
    } else if (recxml_is(c, "kinesic") || recxml_is(c, "vocal") || recxml_is(c, "incident") || recxml_is(c, "gap")) {
      RecSpeech *s = recdoc_speech(d, section, "scene", recxml_line(c));
      s->ident = xml_id(a, c);
      s->text = incident_text(a, c);
    } else {
      /* anything else with text (a p, a quote) is kept as narrative */
      const char *x = recxml_text(a, c, no_text);
      if (!*x) continue;
      RecSpeech *s = recdoc_speech(d, section, "narrative", recxml_line(c));
      s->ident = xml_id(a, c);
      s->text = x;
    }
  }
}

int tei_parse_sitting(const char *name, const char *data, size_t len, RecDoc *d) {
  recdoc_sha256(data, len, d->sha256);
  xmlDocPtr doc;
  int rc = recxml_parse(name, data, len, 0, &doc);
  if (rc) return rc;
  Arena *a = d->a;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!recxml_is(root, "TEI") || strcmp(recxml_ns(root), TEI_NS) != 0) {
    rc = mj_fail(MJ_EINVAL, "%s:%d: the root element is not a TEI <TEI> (a sitting of a ParlaMint corpus)", name,
                 recxml_line(root));
    goto done;
  }
  d->source = xml_id(a, root);
  /* the linguistically annotated file is the same sitting as the plain one */
  if (d->source && strlen(d->source) > 4 && strcmp(d->source + strlen(d->source) - 4, ".ana") == 0)
    d->source = arena_strndup(a, d->source, strlen(d->source) - 4);
  d->lang = recdoc_lang2(recxml_attr(a, root, "lang", XML_NS));
  xmlNode *hdr = recxml_child(root, "teiHeader");
  xmlNode *title = hdr ? find_desc(hdr, "titleStmt") : NULL;
  for (xmlNode *c = title ? title->children : NULL; c; c = c->next) {
    if (recxml_is(c, "title") && !d->title) d->title = recxml_text(a, c, no_text);
    if (recxml_is(c, "meeting")) {
      const char *ana = recxml_attr(a, c, "ana", NULL), *nv = recxml_attr(a, c, "n", NULL);
      const char *corresp = strip_hash(recxml_attr(a, c, "corresp", NULL));
      long long v;
      int sitting = ana && strstr(ana, "parla.sitting"), session = ana && strstr(ana, "parla.session");
      if ((sitting || (session && !d->number)) && nv && mj_parse_int(nv, 1, 1000000, &v) == MJ_OK) d->number = (int)v;
      if (corresp && *corresp && !d->body_ident) {
        d->body_ident = arena_printf(a, "parlamint:%s", corresp);
        d->body_name = corresp;
        d->body_classification = "legislature";
      }
    }
  }
  xmlNode *setting = hdr ? find_desc(hdr, "setting") : NULL;
  for (xmlNode *c = setting ? setting->children : NULL; c; c = c->next) {
    if (recxml_is(c, "date")) {
      const char *w = recxml_attr(a, c, "when", NULL);
      if (recdoc_date_ok(w)) d->date = w;
    }
    if (recxml_is(c, "name")) {
      const char *type = recxml_attr(a, c, "type", NULL), *key = recxml_attr(a, c, "key", NULL);
      if (type && strcmp(type, "country") == 0 && key && strlen(key) == 2)
        d->country = arena_printf(a, "%c%c", key[0] | 0x20, key[1] | 0x20);
    }
  }
  if (!d->date) { /* else the source's date */
    xmlNode *bibl = hdr ? find_desc(hdr, "sourceDesc") : NULL;
    xmlNode *dt = bibl ? find_desc(bibl, "date") : NULL;
    const char *w = dt ? recxml_attr(a, dt, "when", NULL) : NULL;
    if (recdoc_date_ok(w)) d->date = w;
  }
  if (!d->date) {
    rc = mj_fail(MJ_EINVAL, "%s:%d: no sitting date (teiHeader settingDesc/setting/date@when)", name,
                 recxml_line(hdr ? hdr : root));
    goto done;
  }
  if (!d->source || !*d->source) d->source = arena_printf(a, "sha256:%s", d->sha256);
  xmlNode *text = recxml_child(root, "text"), *body = text ? recxml_child(text, "body") : NULL;
  if (!body) {
    rc = mj_fail(MJ_EINVAL, "%s:%d: no <text><body>: not a sitting", name, recxml_line(text ? text : root));
    goto done;
  }
  if (!d->lang && text) d->lang = recdoc_lang2(recxml_attr(a, text, "lang", XML_NS));
  Tr t = {d, name, NULL, NULL};
  tei_walk(&t, -1, body);
  for (int i = 0; i < d->nspeeches && !d->start_time; i++) d->start_time = d->speeches[i].start_time;
done:
  xmlFreeDoc(doc);
  return rc;
}

/* ---- writing ---- */

/* An xml:id must be an NCName: letters, digits, '.', '-', '_' (no colon),
** not starting with a digit, '.' or '-'. Non-ASCII letters are allowed;
** bytes >= 0x80 are passed through as part of UTF-8 letters. */
static int ncname(const char *s) {
  if (!s || !*s || strlen(s) > 200) return 0;
  unsigned char c0 = (unsigned char)*s;
  if ((c0 >= '0' && c0 <= '9') || c0 == '.' || c0 == '-') return 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_'))
      return 0;
  }
  return 1;
}

typedef struct Item {
  int is_section, idx, order;
} Item;

static int item_cmp(const void *x, const void *y) {
  const Item *a = x, *b = y;
  return (a->order > b->order) - (a->order < b->order);
}

typedef struct Tw {
  const RecDoc *d;
  Buf *b;
  Arena *a;
  const char **pid;
  Item **kids;
  int *nkids;
  const char *prefix;
  int uno, nno;
} Tw;

static void tw_children(Tw *w, int indent, int sec) {
  const RecDoc *d = w->d;
  Arena *a = w->a;
  for (int i = 0; i < w->nkids[sec + 1]; i++) {
    Item it = w->kids[sec + 1][i];
    if (it.is_section) {
      const RecSection *s = &d->sections[it.idx];
      const char *type = ncname(s->name) ? s->name : "debateSection";
      recxml_open(w->b, indent, "div", (const char *[]){"type", type, NULL}, 0);
      if (s->heading && *s->heading) recxml_leaf(w->b, indent + 1, "head", NULL, s->heading);
      tw_children(w, indent + 1, it.idx);
      recxml_close(w->b, indent, "div");
      continue;
    }
    const RecSpeech *s = &d->speeches[it.idx];
    const char *k = s->kind ? s->kind : "speech";
    const char *text = s->text ? s->text : "";
    if (strcmp(k, "speech") == 0 || strcmp(k, "question") == 0 || strcmp(k, "answer") == 0) {
      if (s->label && *s->label) recxml_leaf(w->b, indent, "note", (const char *[]){"type", "speaker", NULL}, s->label);
      const char *uid = arena_printf(a, "%s.u%d", w->prefix, ++w->uno);
      const char *ana = s->role && *s->role && ncname(s->role) ? arena_printf(a, "#%s", s->role) : "#regular";
      const char *who = s->person >= 0 ? arena_printf(a, "#%s", w->pid[s->person]) : NULL;
      recxml_open(w->b, indent, "u",
                  (const char *[]){"xml:id", uid, "who", who, "ana", ana, "xml:lang",
                                   s->lang && d->lang && strcmp(s->lang, d->lang) != 0 ? s->lang : NULL, NULL},
                  0);
      int segs = 0;
      for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) {
          segs++;
          recxml_leaf(w->b, indent + 1, "seg", (const char *[]){"xml:id", arena_printf(a, "%s.s%d", uid, segs), NULL},
                      arena_strndup(a, p, n));
        }
        p += n + (nl ? 1 : 0);
      }
      if (!segs) recxml_leaf(w->b, indent + 1, "seg", (const char *[]){"xml:id", arena_printf(a, "%s.s1", uid), NULL}, "…");
      recxml_close(w->b, indent, "u");
    } else if (strcmp(k, "scene") == 0) {
      recxml_open(w->b, indent, "incident", NULL, 0);
      recxml_leaf(w->b, indent + 1, "desc", NULL, text);
      recxml_close(w->b, indent, "incident");
    } else {
      /* narrative, summary, other: notes, one per paragraph */
      const char *type = strcmp(k, "narrative") == 0 ? NULL : k;
      for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) recxml_leaf(w->b, indent, "note", (const char *[]){"type", type, NULL}, arena_strndup(a, p, n));
        p += n + (nl ? 1 : 0);
      }
    }
  }
}

int tei_write(const RecDoc *d, Buf *b) {
  Arena *a = arena_new();
  Tw w = {d, b, a, NULL, NULL, NULL, NULL, 0, 0};
  w.prefix = arena_printf(a, "Majlis_%s_%d", d->date, d->number > 0 ? d->number : 1);
  const char *lang = d->lang ? d->lang : "ar";
  const char *body_id = "chamber";
  /* persons: unique xml:ids */
  w.pid = arena_alloc(a, sizeof *w.pid * (size_t)(d->npersons + 1));
  for (int i = 0; i < d->npersons; i++) {
    const char *k = d->persons[i].key;
    int dup = !ncname(k) || strcmp(k, body_id) == 0 || strncmp(k, "Majlis_", 7) == 0;
    for (int j = 0; !dup && j < i; j++) dup = strcmp(w.pid[j], k) == 0;
    w.pid[i] = dup ? arena_printf(a, "person_%lld", (long long)(d->persons[i].rowid ? d->persons[i].rowid : i + 1)) : k;
  }
  /* children in document order */
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
  int nu = 0;
  long words = 0;
  for (int i = 0; i < d->nspeeches; i++) {
    const char *k = d->speeches[i].kind ? d->speeches[i].kind : "speech";
    if (strcmp(k, "speech") == 0 || strcmp(k, "question") == 0 || strcmp(k, "answer") == 0) {
      nu++;
      long wc = recdoc_words(d->speeches[i].text);
      words += wc ? wc : 1; /* an empty utterance is written as one "…" */
    }
  }
  char today[32];
  mj_iso8601(mj_now_ms() / 1000, today, sizeof today);
  today[10] = 0;
  int n = d->number > 0 ? d->number : 1;
  const char *title = d->title && *d->title ? d->title : arena_printf(a, "Sitting %d, %s", n, d->date);
  const char *body_name = d->body_name && *d->body_name ? d->body_name : "Chamber";
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  recxml_open(b, 0, "TEI",
              (const char *[]){"xmlns", TEI_NS, "xml:id", w.prefix, "xml:lang", lang, "ana", "#parla.sitting", NULL}, 0);
  recxml_open(b, 1, "teiHeader", NULL, 0);
  recxml_open(b, 2, "fileDesc", NULL, 0);
  recxml_open(b, 3, "titleStmt", NULL, 0);
  recxml_leaf(b, 4, "title", (const char *[]){"type", "main", NULL}, title);
  recxml_leaf(b, 4, "meeting",
              (const char *[]){"n", arena_printf(a, "%d", n), "corresp", arena_printf(a, "#%s", body_id), "ana",
                               "#parla.sitting", NULL},
              arena_printf(a, "%d", n));
  recxml_close(b, 3, "titleStmt");
  recxml_open(b, 3, "extent", NULL, 0);
  recxml_leaf(b, 4, "measure", (const char *[]){"unit", "speeches", "quantity", arena_printf(a, "%d", nu), NULL},
              arena_printf(a, "%d speeches", nu));
  recxml_leaf(b, 4, "measure", (const char *[]){"unit", "words", "quantity", arena_printf(a, "%ld", words), NULL},
              arena_printf(a, "%ld words", words));
  recxml_close(b, 3, "extent");
  recxml_open(b, 3, "publicationStmt", NULL, 0);
  recxml_open(b, 4, "publisher", NULL, 0);
  recxml_leaf(b, 5, "orgName", NULL, body_name);
  recxml_close(b, 4, "publisher");
  recxml_leaf(b, 4, "date", (const char *[]){"when", today, NULL}, today);
  recxml_close(b, 3, "publicationStmt");
  recxml_open(b, 3, "sourceDesc", NULL, 0);
  recxml_open(b, 4, "bibl", NULL, 0);
  recxml_leaf(b, 5, "title", (const char *[]){"type", "main", NULL}, title);
  if (d->status) recxml_leaf(b, 5, "note", (const char *[]){"type", "status", NULL}, d->status);
  recxml_leaf(b, 5, "date", (const char *[]){"when", d->date, NULL}, d->date);
  recxml_close(b, 4, "bibl");
  recxml_close(b, 3, "sourceDesc");
  recxml_close(b, 2, "fileDesc");
  recxml_open(b, 2, "profileDesc", NULL, 0);
  recxml_open(b, 3, "settingDesc", NULL, 0);
  recxml_open(b, 4, "setting", NULL, 0);
  if (d->country && strlen(d->country) == 2)
    recxml_leaf(b, 5, "name", (const char *[]){"type", "country", "key", d->country, NULL}, d->country);
  recxml_leaf(b, 5, "date", (const char *[]){"when", d->date, "ana", "#parla.sitting", NULL}, d->date);
  recxml_close(b, 4, "setting");
  recxml_close(b, 3, "settingDesc");
  recxml_open(b, 3, "particDesc", NULL, 0);
  recxml_open(b, 4, "listOrg", NULL, 0);
  recxml_open(b, 5, "org", (const char *[]){"xml:id", body_id, "role", "parliament", NULL}, 0);
  recxml_leaf(b, 6, "orgName", (const char *[]){"full", "yes", NULL}, body_name);
  recxml_close(b, 5, "org");
  recxml_close(b, 4, "listOrg");
  recxml_open(b, 4, "listPerson", NULL, 0);
  for (int i = 0; i < d->npersons; i++) {
    if (!d->persons[i].used) continue;
    recxml_open(b, 5, "person", (const char *[]){"xml:id", w.pid[i], NULL}, 0);
    recxml_leaf(b, 6, "persName", NULL, d->persons[i].name && *d->persons[i].name ? d->persons[i].name : w.pid[i]);
    if (d->persons[i].identifier)
      recxml_leaf(b, 6, "idno", (const char *[]){"type", d->persons[i].scheme ? d->persons[i].scheme : "majlis", NULL},
                  d->persons[i].identifier);
    recxml_close(b, 5, "person");
  }
  recxml_close(b, 4, "listPerson");
  recxml_close(b, 3, "particDesc");
  recxml_open(b, 3, "langUsage", NULL, 0);
  recxml_leaf(b, 4, "language", (const char *[]){"ident", lang, NULL}, lang);
  recxml_close(b, 3, "langUsage");
  recxml_close(b, 2, "profileDesc");
  recxml_close(b, 1, "teiHeader");
  recxml_open(b, 1, "text", (const char *[]){"xml:lang", lang, NULL}, 0);
  recxml_open(b, 2, "body", NULL, 0);
  /* speeches outside any section go in a div of their own; a body needs one */
  int top_speech = 0;
  for (int i = 0; i < w.nkids[0]; i++) top_speech |= !w.kids[0][i].is_section;
  if (top_speech || !w.nkids[0]) {
    recxml_open(b, 3, "div", (const char *[]){"type", "debateSection", NULL}, 0);
    tw_children(&w, 4, -1);
    if (!w.nkids[0]) recxml_leaf(b, 4, "note", NULL, title);
    recxml_close(b, 3, "div");
  } else {
    tw_children(&w, 3, -1);
  }
  recxml_close(b, 2, "body");
  recxml_close(b, 1, "text");
  recxml_close(b, 0, "TEI");
  arena_free(a);
  return b->err ? mj_fail(MJ_ETOOBIG, "the TEI document grew past its limit") : MJ_OK;
}

/* ---- structural checks ---- */

typedef struct Ck {
  Arena *a;
  const char **ids;
  int nids, cids;
  const char **persons;
  int npersons, cpersons;
  int us;
  long words;
  int rc;
} Ck;

static int ck_fail(Ck *c, const xmlNode *n, const char *fmt, ...) MJ_PRINTF(3, 4);
static int ck_fail(Ck *c, const xmlNode *n, const char *fmt, ...) {
  if (c->rc) return c->rc;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return c->rc = mj_fail(MJ_EINVAL, "TEI check: line %d: %s", recxml_line(n), msg);
}

static int str_cmp(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

static void ck_collect(Ck *c, const xmlNode *n) {
  for (const xmlNode *x = n; x; x = x->next) {
    if (x->type != XML_ELEMENT_NODE) continue;
    const char *id = xml_id(c->a, x);
    if (id) {
      if (c->nids == c->cids) {
        c->cids = c->cids ? c->cids * 2 : 256;
        c->ids = xrealloc(c->ids, sizeof *c->ids * (size_t)c->cids);
      }
      c->ids[c->nids++] = id;
      if (recxml_is(x, "person")) {
        if (c->npersons == c->cpersons) {
          c->cpersons = c->cpersons ? c->cpersons * 2 : 64;
          c->persons = xrealloc(c->persons, sizeof *c->persons * (size_t)c->cpersons);
        }
        c->persons[c->npersons++] = id;
      }
    }
    ck_collect(c, x->children);
  }
}

static void ck_u(Ck *c, const xmlNode *n) {
  for (const xmlNode *x = n; x && !c->rc; x = x->next) {
    if (x->type != XML_ELEMENT_NODE) continue;
    if (recxml_is(x, "u")) {
      c->us++;
      if (!xml_id(c->a, x)) ck_fail(c, x, "an utterance without xml:id");
      const char *who = recxml_attr(c->a, x, "who", NULL);
      if (who) {
        const char *key = strip_hash(who);
        if (*who != '#' || !bsearch(&key, c->persons, (size_t)c->npersons, sizeof *c->persons, str_cmp))
          ck_fail(c, x, "who=\"%s\" names no person of the listPerson", who);
      }
      int segs = 0;
      for (const xmlNode *s = x->children; s; s = s->next)
        if (recxml_is(s, "seg")) {
          const char *t = recxml_text(c->a, s, no_text);
          if (!*t) ck_fail(c, s, "an empty seg");
          c->words += recdoc_words(t);
          segs++;
        }
      if (!segs) ck_fail(c, x, "an utterance without seg");
      continue;
    }
    ck_u(c, x->children);
  }
}

int tei_check(const char *xml, size_t len) {
  xmlDocPtr doc;
  int rc = recxml_parse("(TEI export)", xml, len, 0, &doc);
  if (rc) return rc;
  Ck c;
  memset(&c, 0, sizeof c);
  c.a = arena_new();
  xmlNode *root = xmlDocGetRootElement(doc);
  xmlNode *hdr = recxml_child(root, "teiHeader"), *text = recxml_child(root, "text");
  xmlNode *body = text ? recxml_child(text, "body") : NULL;
  xmlNode *ts = hdr ? find_desc(hdr, "titleStmt") : NULL, *setting = hdr ? find_desc(hdr, "setting") : NULL;
  xmlNode *sdate = setting ? recxml_child(setting, "date") : NULL;
  if (!recxml_is(root, "TEI") || strcmp(recxml_ns(root), TEI_NS) != 0) ck_fail(&c, root, "the root is not TEI <TEI>");
  else if (!xml_id(c.a, root) || !recxml_attr(c.a, root, "lang", XML_NS)) ck_fail(&c, root, "<TEI> needs xml:id and xml:lang");
  else if (!ts || !recxml_child(ts, "title")) ck_fail(&c, root, "no teiHeader/fileDesc/titleStmt/title");
  else if (!recxml_child(ts, "meeting")) ck_fail(&c, ts, "no meeting in the titleStmt");
  else if (!sdate || !recdoc_date_ok(recxml_attr(c.a, sdate, "when", NULL)))
    ck_fail(&c, hdr, "no settingDesc/setting/date with when=\"YYYY-MM-DD\"");
  else if (!body || !recxml_child(body, "div")) ck_fail(&c, root, "no text/body/div");
  if (!c.rc) {
    ck_collect(&c, root);
    qsort(c.ids, (size_t)c.nids, sizeof *c.ids, str_cmp);
    for (int i = 1; i < c.nids && !c.rc; i++)
      if (strcmp(c.ids[i - 1], c.ids[i]) == 0) ck_fail(&c, root, "xml:id \"%s\" is used twice", c.ids[i]);
    if (c.persons) qsort(c.persons, (size_t)c.npersons, sizeof *c.persons, str_cmp);
  }
  if (!c.rc) ck_u(&c, body);
  if (!c.rc) {
    long want_u = -1, want_w = -1;
    xmlNode *ext = find_desc(hdr, "extent");
    for (xmlNode *m = ext ? ext->children : NULL; m; m = m->next) {
      if (!recxml_is(m, "measure")) continue;
      const char *unit = recxml_attr(c.a, m, "unit", NULL), *q = recxml_attr(c.a, m, "quantity", NULL);
      long long v;
      if (!unit || !q || mj_parse_int(q, 0, INT64_MAX, &v)) continue;
      if (strcmp(unit, "speeches") == 0) want_u = (long)v;
      if (strcmp(unit, "words") == 0) want_w = (long)v;
    }
    if (want_u >= 0 && want_u != c.us)
      ck_fail(&c, ext, "the extent says %ld speeches, the body has %d utterances", want_u, c.us);
    else if (want_w >= 0 && want_w != c.words)
      ck_fail(&c, ext, "the extent says %ld words, the segs have %ld", want_w, c.words);
  }
  free(c.ids);
  free(c.persons);
  arena_free(c.a);
  xmlFreeDoc(doc);
  return c.rc;
}
