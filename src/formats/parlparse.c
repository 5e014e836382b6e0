/*
** parlparse.c: ParlParse (TheyWorkForYou) XML into a RecDoc (see
** parlparse.h). One pass over the children of <publicwhip> in document
** order: headings open sections, speeches and divisions fall in the
** current one.
*/
#include "parlparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recxml.h"

/* Record types by the id's second part: the chamber each belongs to. */
static const struct {
  const char *type, *ident, *name, *classification;
} bodies[] = {
  {"debate", "parlparse:commons", "House of Commons", "chamber"},
  {"westminhall", "parlparse:commons", "House of Commons", "chamber"},
  {"wrans", "parlparse:commons", "House of Commons", "chamber"},
  {"wms", "parlparse:commons", "House of Commons", "chamber"},
  {"lords", "parlparse:lords", "House of Lords", "chamber"},
  {"lordswrans", "parlparse:lords", "House of Lords", "chamber"},
  {"lordswms", "parlparse:lords", "House of Lords", "chamber"},
  {"spor", "parlparse:scotland", "Scottish Parliament", "legislature"},
  {"spwa", "parlparse:scotland", "Scottish Parliament", "legislature"},
  {"ni", "parlparse:ni", "Northern Ireland Assembly", "legislature"},
};

/* "uk.org.publicwhip/debate/2009-10-26b.1.2" -> type "debate", date
** "2009-10-26"; 0 when the id is not of that shape. */
static int split_id(Arena *a, const char *id, const char **type, const char **date) {
  static const char pre[] = "uk.org.publicwhip/";
  if (!id || strncmp(id, pre, sizeof pre - 1) != 0) return 0;
  const char *t = id + sizeof pre - 1, *slash = strchr(t, '/');
  if (!slash || slash == t) return 0;
  char dt[11];
  if (strlen(slash + 1) < 10) return 0;
  memcpy(dt, slash + 1, 10);
  dt[10] = 0;
  if (!recdoc_date_ok(dt)) return 0;
  *type = arena_strndup(a, t, (size_t)(slash - t));
  *date = arena_strdup(a, dt);
  return 1;
}

typedef struct Pp {
  RecDoc *d;
  const char *name;
  int major, minor;       /* current sections, -1 none */
  const char *heading;    /* the latest heading text, for division titles */
  const char *bad_times[64];
  int nbad[64], nbadtimes, badlines[64];
} Pp;

static const char *const no_text[] = {NULL};

/* A time attribute, repaired or dropped; distinct bad values are reported
** once each with how often they occur. */
static const char *pp_time(Pp *p, const xmlNode *n) {
  RecDoc *d = p->d;
  const char *raw = recxml_attr(d->a, n, "time", NULL);
  if (!raw || !*raw) return NULL;
  int repaired;
  const char *t = recdoc_time(d->a, raw, &repaired);
  if (t && !repaired) return t;
  int i;
  for (i = 0; i < p->nbadtimes; i++)
    if (strcmp(p->bad_times[i], raw) == 0) break;
  if (i == p->nbadtimes && i < 64) {
    p->bad_times[i] = raw;
    p->badlines[i] = recxml_line(n);
    p->nbadtimes++;
  }
  if (i < 64) p->nbad[i]++;
  return t;
}

static int person_ref(Pp *p, const xmlNode *n, const char *id, const char *name) {
  RecDoc *d = p->d;
  if (!id || !*id) return -1;
  int k = recdoc_person_find(d, id);
  if (k < 0) k = recdoc_person(d, id, "parlparse", id, name && *name ? name : id);
  (void)n;
  return k;
}

static const char *paras(Arena *a, const xmlNode *n) {
  Buf b;
  buf_init(&b, RECXML_MAX_FILE);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const char *t = recxml_text(a, c, no_text);
    if (!*t) continue;
    if (b.n) buf_putc(&b, '\n');
    buf_puts(&b, t);
  }
  const char *s = arena_strdup(a, b.p ? b.p : "");
  buf_free(&b);
  return s;
}

static void read_speech(Pp *p, const xmlNode *n) {
  RecDoc *d = p->d;
  Arena *a = d->a;
  int sec = p->minor >= 0 ? p->minor : p->major;
  const char *nospeaker = recxml_attr(a, n, "nospeaker", NULL);
  const char *pid = recxml_attr(a, n, "person_id", NULL);
  if (!pid) pid = recxml_attr(a, n, "speakerid", NULL);
  if (pid && strcmp(pid, "unknown") == 0) pid = NULL;
  const char *name = recdoc_squash(a, recxml_attr(a, n, "speakername", NULL));
  int silent = nospeaker && strcmp(nospeaker, "true") == 0 && !pid && !name;
  RecSpeech *s = recdoc_speech(d, sec, silent ? "narrative" : "speech", recxml_line(n));
  s->ident = recxml_attr(a, n, "id", NULL);
  s->label = name && *name ? name : NULL;
  s->role = recdoc_squash(a, recxml_attr(a, n, "speakeroffice", NULL));
  if (s->role && !*s->role) s->role = NULL;
  s->start_time = pp_time(p, n);
  if (!d->start_time && s->start_time) d->start_time = s->start_time;
  s->person = person_ref(p, n, pid, name);
  if (s->person >= 0) d->persons[s->person].used = 1;
  s->text = paras(a, n);
}

static void read_division(Pp *p, const xmlNode *n) {
  RecDoc *d = p->d;
  Arena *a = d->a;
  RecVote *v = recdoc_vote(d, recxml_line(n));
  v->ident = recxml_attr(a, n, "id", NULL);
  v->time = pp_time(p, n);
  const char *no = recxml_attr(a, n, "divnumber", NULL);
  v->title = arena_printf(a, "%s%sDivision No. %s", p->heading ? p->heading : "", p->heading ? " — " : "",
                          no ? no : "?");
  xmlNode *cnt = recxml_child(n, "divisioncount");
  if (cnt) {
    /* Commons: ayes/noes exclude the tellers, who are named in the lists;
    ** the counts kept are those of the named votes, tellers included.
    ** Lords: content/not-content. */
    long long ay = -1, nn = -1, ta = 0, tn = 0;
    const char *s;
    if ((s = recxml_attr(a, cnt, "ayes", NULL)) || (s = recxml_attr(a, cnt, "content", NULL)))
      if (mj_parse_int(s, 0, 100000, &ay)) ay = -1;
    if ((s = recxml_attr(a, cnt, "noes", NULL)) || (s = recxml_attr(a, cnt, "not-content", NULL)))
      if (mj_parse_int(s, 0, 100000, &nn)) nn = -1;
    if ((s = recxml_attr(a, cnt, "tellerayes", NULL)) && mj_parse_int(s, 0, 1000, &ta)) ta = 0;
    if ((s = recxml_attr(a, cnt, "tellernoes", NULL)) && mj_parse_int(s, 0, 1000, &tn)) tn = 0;
    if (ay >= 0) v->yes = (int)(ay + ta);
    if (nn >= 0) v->no = (int)(nn + tn);
  }
  for (const xmlNode *l = n->children; l; l = l->next) {
    if (!recxml_is(l, "mplist") && !recxml_is(l, "lordlist") && !recxml_is(l, "msplist") && !recxml_is(l, "mlalist"))
      continue;
    const char *lv = recxml_attr(a, l, "vote", NULL);
    for (const xmlNode *m = l->children; m; m = m->next) {
      if (m->type != XML_ELEMENT_NODE) continue;
      const char *id = recxml_attr(a, m, "person_id", NULL);
      if (!id) id = recxml_attr(a, m, "id", NULL);
      const char *vote = recxml_attr(a, m, "vote", NULL);
      if (!vote) vote = lv;
      const char *opt = !vote ? NULL
                        : strcmp(vote, "aye") == 0 || strcmp(vote, "content") == 0 || strcmp(vote, "for") == 0 ? "yes"
                        : strcmp(vote, "no") == 0 || strcmp(vote, "not-content") == 0 || strcmp(vote, "against") == 0
                            ? "no"
                        : strcmp(vote, "abstain") == 0 || strcmp(vote, "abstention") == 0 || strcmp(vote, "both") == 0
                            ? "abstain"
                            : NULL;
      if (!id || !opt) {
        recdoc_warn(d, recxml_line(m), "a vote without %s is left out", !id ? "a member id" : "a known vote");
        continue;
      }
      int k = person_ref(p, m, id, recxml_text(a, m, no_text));
      d->persons[k].used = 1;
      recdoc_ballot(d, v, k, opt);
    }
  }
  if (v->yes >= 0 && v->no >= 0) v->result = v->yes > v->no ? "pass" : "fail";
}

int parlparse_parse(const char *name, const char *data, size_t len, RecDoc *d) {
  recdoc_sha256(data, len, d->sha256);
  xmlDocPtr doc;
  int rc = recxml_parse(name, data, len, 1, &doc);
  if (rc) return rc;
  Arena *a = d->a;
  Pp p = {d, name, -1, -1, NULL, {0}, {0}, 0, {0}};
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!recxml_is(root, "publicwhip")) {
    rc = mj_fail(MJ_EINVAL, "%s:%d: the root element is <%s>, not <publicwhip>: not a ParlParse file", name,
                 recxml_line(root), (const char *)root->name);
    xmlFreeDoc(doc);
    return rc;
  }
  const char *latest = recxml_attr(a, root, "latest", NULL), *version = recxml_attr(a, root, "scrapeversion", NULL);
  /* the record type and the day, from the first id */
  const char *type = NULL, *date = NULL, *first_id = NULL;
  for (xmlNode *c = root->children; c && !type; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || recxml_is(c, "gidredirect")) continue;
    first_id = recxml_attr(a, c, "id", NULL);
    split_id(a, first_id, &type, &date);
  }
  if (latest && strcmp(latest, "yes") != 0) {
    /* an older version of a day: not imported, whatever it holds */
    d->skip = 1;
    d->skip_reason = arena_printf(a, "version %s of %s %s is not the latest (latest=\"%s\"); only the file with "
                                     "latest=\"yes\" counts", version ? version : "?", type ? type : "the record",
                                  date ? date : "of this day", latest);
    xmlFreeDoc(doc);
    return MJ_OK;
  }
  if (!type) {
    int line = recxml_line(root);
    xmlFreeDoc(doc);
    return mj_fail(MJ_EINVAL, "%s:%d: no element with a ParlParse id (uk.org.publicwhip/TYPE/YYYY-MM-DD...): the day "
                              "of the record is unknown", name, line);
  }
  d->date = date;
  d->lang = "en";
  d->country = "gb";
  for (size_t i = 0; i < MJ_COUNT(bodies); i++)
    if (strcmp(bodies[i].type, type) == 0) {
      d->body_ident = bodies[i].ident;
      d->body_name = bodies[i].name;
      d->body_classification = bodies[i].classification;
    }
  if (!d->body_ident) {
    d->body_ident = arena_printf(a, "parlparse:%s", type);
    d->body_name = d->body_ident;
  }
  /* one file: the id up to the day and its version, and its kind (the
  ** divisions-only files repeat ids of the debates) */
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  int divonly = strncmp(base, "divisions", 9) == 0 || strncmp(base, "lordsdivisions", 14) == 0;
  d->day = arena_printf(a, "day:uk.org.publicwhip/%s/%s", type, date);
  d->source = arena_printf(a, "%suk.org.publicwhip/%s/%s%s", divonly ? "divisions:" : "", type, date,
                           version ? version : "");
  d->title = arena_printf(a, "%s, %s", d->body_name, date);
  for (xmlNode *c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (recxml_is(c, "major-heading") || recxml_is(c, "oral-heading")) {
      const char *h = recxml_text(a, c, no_text);
      if (!*h) h = NULL;
      const char *nm = recxml_is(c, "oral-heading") || (h && strncmp(h, "Oral Answers", 12) == 0) ? "questions" : "debate";
      p.major = recdoc_section(d, -1, nm, h, recxml_attr(a, c, "id", NULL), recxml_line(c));
      p.minor = -1;
      if (h) p.heading = h;
    } else if (recxml_is(c, "minor-heading")) {
      const char *h = recxml_text(a, c, no_text);
      if (!*h) h = NULL;
      p.minor = recdoc_section(d, p.major, "debateSection", h, recxml_attr(a, c, "id", NULL), recxml_line(c));
      if (h) p.heading = h;
    } else if (recxml_is(c, "speech") || recxml_is(c, "ques") || recxml_is(c, "reply")) {
      read_speech(&p, c);
      if (recxml_is(c, "ques")) d->speeches[d->nspeeches - 1].kind = "question";
      if (recxml_is(c, "reply")) d->speeches[d->nspeeches - 1].kind = "answer";
    } else if (recxml_is(c, "division")) {
      read_division(&p, c);
    }
  }
  for (int i = 0; i < p.nbadtimes; i++) {
    int repaired;
    const char *t = recdoc_time(a, p.bad_times[i], &repaired);
    if (t)
      recdoc_warn(d, p.badlines[i], "malformed time \"%s\" read as %s (%d time%s)", p.bad_times[i], t, p.nbad[i],
                  p.nbad[i] == 1 ? "" : "s");
    else
      recdoc_warn(d, p.badlines[i], "malformed time \"%s\" left out (%d time%s)", p.bad_times[i], p.nbad[i],
                  p.nbad[i] == 1 ? "" : "s");
  }
  xmlFreeDoc(doc);
  return MJ_OK;
}

int parlparse_read(const char *path, RecDoc *d) {
  char *data;
  size_t len;
  int rc = recxml_slurp(path, &data, &len);
  if (rc) return rc;
  rc = parlparse_parse(path, data, len, d);
  free(data);
  return rc;
}
