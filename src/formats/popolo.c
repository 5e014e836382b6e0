/*
** popolo.c: Popolo JSON (persons, organizations, memberships, events),
** strictly parsed by jansson, and the EveryPolitician members CSV with a
** small RFC 4180 reader. Every record is checked before any is returned.
*/
#include "popolo.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *opt(Arena *a, json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

int popolo_read_persons(const char *path, Arena *a, PopoloPerson **out, int *n) {
  *out = NULL;
  *n = 0;
  json_error_t err;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
  if (!root) return mj_fail(MJ_EINVAL, "%s:%d:%d: not valid JSON: %s", path, err.line, err.column, err.text);
  json_t *persons = json_object_get(root, "persons");
  if (!json_is_array(persons)) {
    json_decref(root);
    return mj_fail(MJ_EINVAL, "%s: no \"persons\" array; is this a Popolo file?", path);
  }
  size_t cnt = json_array_size(persons);
  if (cnt > 100000) {
    json_decref(root);
    return mj_fail(MJ_ETOOBIG, "%s: %zu persons is more than this reader accepts (100000)", path, cnt);
  }
  PopoloPerson *p = arena_alloc(a, sizeof *p * (cnt ? cnt : 1));
  for (size_t i = 0; i < cnt; i++) {
    json_t *o = json_array_get(persons, i);
    memset(&p[i], 0, sizeof p[i]);
    p[i].id = json_is_object(o) ? opt(a, o, "id") : NULL;
    p[i].name = json_is_object(o) ? opt(a, o, "name") : NULL;
    if (!p[i].id || !p[i].name || !*p[i].name) {
      json_decref(root);
      return mj_fail(MJ_EINVAL, "%s: person %zu has no id or no name", path, i + 1);
    }
    p[i].image = opt(a, o, "image");
    p[i].gender = opt(a, o, "gender");
    p[i].email = opt(a, o, "email");
    json_t *ids = json_object_get(o, "identifiers");
    if (json_is_array(ids) && json_array_size(ids))
      p[i].legacy_id = opt(a, json_array_get(ids, 0), "identifier");
  }
  json_decref(root);
  *out = p;
  *n = (int)cnt;
  return MJ_OK;
}

/* ---- the whole file ---------------------------------------------------- */

/* Where a record is, for messages, and the file it came from. */
typedef struct Rd {
  const char *file;
  Arena *a;
  const char *where;
} Rd;

static int rd_bad(Rd *r, const char *fmt, ...) MJ_PRINTF(2, 3);
static int rd_bad(Rd *r, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return mj_fail(MJ_EINVAL, "%s: %s: %s", r->file, r->where, msg);
}

static const char *json_kind(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "null";
  }
}

/* An optional string member: absent, null or "" give NULL; another type is
** an error naming the field. Leading and trailing spaces are trimmed. */
static int get_str(Rd *r, json_t *o, const char *k, const char **out) {
  *out = NULL;
  json_t *v = json_object_get(o, k);
  if (!v || json_is_null(v)) return MJ_OK;
  if (!json_is_string(v)) return rd_bad(r, "\"%s\" is %s, expected a string", k, json_kind(v));
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (memchr(s, 0, n)) return rd_bad(r, "\"%s\" contains a NUL character", k);
  while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
  if (n) *out = arena_strndup(r->a, s, n);
  return MJ_OK;
}

static int get_req(Rd *r, json_t *o, const char *k, const char **out) {
  int rc = get_str(r, o, k, out);
  if (rc) return rc;
  if (!*out) return rd_bad(r, "no \"%s\" (a non-empty string is required)", k);
  return MJ_OK;
}

static int get_date(Rd *r, json_t *o, const char *k, const char **out) {
  int rc = get_str(r, o, k, out);
  if (rc) return rc;
  if (*out && !popolo_date_ok(*out)) return rd_bad(r, "\"%s\" is \"%s\", expected YYYY, YYYY-MM or YYYY-MM-DD", k, *out);
  return MJ_OK;
}

int popolo_date_ok(const char *s) {
  if (!s) return 0;
  size_t n = strlen(s);
  if (n != 4 && n != 7 && n != 10) return 0;
  for (size_t i = 0; i < n; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return 0;
    } else if (s[i] < '0' || s[i] > '9') return 0;
  }
  if (n >= 7) {
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12) return 0;
  }
  if (n == 10) {
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (d < 1 || d > 31) return 0;
  }
  return 1;
}

/* Next code point of a valid UTF-8 string (jansson and the CSV reader have
** checked it), advancing *i. */
static uint32_t next_cp(const unsigned char *s, size_t *i) {
  uint32_t c = s[*i];
  int k = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  if (k) c &= 0x3F >> k;
  (*i)++;
  for (int j = 0; j < k && s[*i]; j++) c = (c << 6) | (s[(*i)++] & 0x3F);
  return c;
}

int popolo_is_arabic(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; u && u[i];) {
    uint32_t c = next_cp(u, &i);
    if ((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || (c >= 0x0750 && c <= 0x077F) ||
        (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC))
      return 1;
  }
  return 0;
}

const char *popolo_script_lang(const char *s) {
  if (popolo_is_arabic(s)) return "ar";
  static const uint32_t az[] = {0x259, 0x18F, 0x11F, 0x11E, 0x131, 0x130, 0x15F, 0x15E,
                                0xE7,  0xC7,  0xF6,  0xD6,  0xFC,  0xDC};
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; u && u[i];) {
    uint32_t c = next_cp(u, &i);
    for (size_t k = 0; k < MJ_COUNT(az); k++)
      if (c == az[k]) return "az";
  }
  return "en";
}

static int lang_is(const char *lang, const char *two) {
  return lang && strncmp(lang, two, 2) == 0 && (lang[2] == 0 || lang[2] == '-' || lang[2] == '_');
}

static int ieq(const char *a, const char *b) { return a && b && strcasecmp(a, b) == 0; }

const char *popolo_classification(const char *s) {
  static const struct { const char *from, *to; } map[] = {
    {"legislature", "legislature"}, {"parliament", "parliament"}, {"chamber", "chamber"},
    {"lower house", "chamber"}, {"upper house", "chamber"}, {"house", "chamber"},
    {"committee", "committee"}, {"subcommittee", "committee"}, {"commission", "committee"},
    {"party", "party"}, {"political party", "party"}, {"bloc", "bloc"},
    {"parliamentary group", "bloc"}, {"political group", "bloc"}, {"group", "bloc"},
    {"caucus", "bloc"}, {"faction", "bloc"}, {"ministry", "ministry"},
    {"government department", "ministry"}, {"department", "ministry"}, {"executive", "ministry"},
    {"international", "international"}, {"international organization", "international"},
    {"other", "other"}};
  for (size_t i = 0; s && i < MJ_COUNT(map); i++)
    if (ieq(s, map[i].from)) return map[i].to;
  return "other";
}

static void map_role(Arena *a, const char *src, const char **role, const char **label) {
  static const struct { const char *from, *to; } map[] = {
    {"member", "member"}, {"chair", "chair"}, {"chairman", "chair"}, {"chairwoman", "chair"},
    {"chairperson", "chair"}, {"deputy_chair", "deputy_chair"}, {"deputy chair", "deputy_chair"},
    {"vice chair", "deputy_chair"}, {"vice-chair", "deputy_chair"}, {"deputy chairman", "deputy_chair"},
    {"vice-chairman", "deputy_chair"}, {"rapporteur", "rapporteur"}, {"speaker", "speaker"},
    {"deputy_speaker", "deputy_speaker"}, {"deputy speaker", "deputy_speaker"}};
  *role = "member";
  *label = NULL;
  if (!src) return;
  for (size_t i = 0; i < MJ_COUNT(map); i++)
    if (ieq(src, map[i].from)) {
      *role = map[i].to;
      if (strcmp(src, map[i].to) != 0) *label = arena_strdup(a, src);
      return;
    }
  *label = arena_strdup(a, src);
}

static const char *map_gender(const char *g) {
  if (!g) return NULL;
  if (ieq(g, "male") || ieq(g, "m") || ieq(g, "man")) return "male";
  if (ieq(g, "female") || ieq(g, "f") || ieq(g, "woman")) return "female";
  return "other";
}

static int get_array(Rd *r, json_t *o, const char *k, json_t **out) {
  *out = json_object_get(o, k);
  if (*out && json_is_null(*out)) *out = NULL;
  if (*out && !json_is_array(*out)) return rd_bad(r, "\"%s\" is %s, expected an array", k, json_kind(*out));
  return MJ_OK;
}

static int read_idents(Rd *r, json_t *o, PopoloIdent **out, int *n) {
  json_t *arr;
  int rc = get_array(r, o, "identifiers", &arr);
  *out = NULL;
  *n = 0;
  if (rc || !arr) return rc;
  size_t cnt = json_array_size(arr);
  *out = arena_alloc(r->a, sizeof **out * (cnt ? cnt : 1));
  for (size_t i = 0; i < cnt; i++) {
    json_t *e = json_array_get(arr, i);
    if (!json_is_object(e)) return rd_bad(r, "identifiers[%zu] is %s, expected an object", i, json_kind(e));
    PopoloIdent *d = &(*out)[*n];
    if ((rc = get_str(r, e, "identifier", &d->identifier)) || (rc = get_str(r, e, "scheme", &d->scheme))) return rc;
    if (!d->identifier) return rd_bad(r, "identifiers[%zu] has no \"identifier\"", i);
    if (!d->scheme) d->scheme = "unspecified";
    (*n)++;
  }
  return MJ_OK;
}

/* other_names: kept, and a name with lang ar/en/az fills that slot. */
static int read_names(Rd *r, json_t *o, PopoloName **out, int *n, const char **ar, const char **en,
                      const char **az) {
  json_t *arr;
  int rc = get_array(r, o, "other_names", &arr);
  *out = NULL;
  *n = 0;
  if (rc || !arr) return rc;
  size_t cnt = json_array_size(arr);
  *out = arena_alloc(r->a, sizeof **out * (cnt ? cnt : 1));
  for (size_t i = 0; i < cnt; i++) {
    json_t *e = json_array_get(arr, i);
    if (!json_is_object(e)) return rd_bad(r, "other_names[%zu] is %s, expected an object", i, json_kind(e));
    PopoloName *d = &(*out)[*n];
    if ((rc = get_str(r, e, "name", &d->name)) || (rc = get_str(r, e, "lang", &d->lang)) ||
        (rc = get_str(r, e, "note", &d->note)))
      return rc;
    if (!d->name) return rd_bad(r, "other_names[%zu] has no \"name\"", i);
    if (lang_is(d->lang, "ar") && !*ar) *ar = d->name;
    else if (lang_is(d->lang, "en") && !*en) *en = d->name;
    else if (lang_is(d->lang, "az") && !*az) *az = d->name;
    (*n)++;
  }
  return MJ_OK;
}

/* The preferred name goes to the slot of its script, over other_names. */
static void place_name(const char *name, const char **ar, const char **en, const char **az) {
  const char *l = popolo_script_lang(name);
  if (l[1] == 'r') *ar = name;
  else if (l[1] == 'z') *az = name;
  else *en = name;
}

static const char *map_contact(const char *t) {
  static const struct { const char *from, *to; } map[] = {
    {"email", "email"}, {"e-mail", "email"}, {"phone", "phone"}, {"voice", "phone"}, {"tel", "phone"},
    {"telephone", "phone"}, {"cell", "phone"}, {"mobile", "phone"}, {"fax", "fax"}, {"address", "address"},
    {"postal", "address"}, {"twitter", "twitter"}, {"facebook", "facebook"}, {"website", "website"},
    {"url", "website"}, {"homepage", "website"}, {"web", "website"}};
  for (size_t i = 0; t && i < MJ_COUNT(map); i++)
    if (ieq(t, map[i].from)) return map[i].to;
  return NULL;
}

/* contact_details: [{type, value, label}]; types we do not keep are skipped. */
static int read_contacts(Rd *r, json_t *o, PopoloContact **out, int *n) {
  json_t *arr;
  int rc = get_array(r, o, "contact_details", &arr);
  *out = NULL;
  *n = 0;
  if (rc || !arr) return rc;
  size_t cnt = json_array_size(arr);
  *out = arena_alloc(r->a, sizeof **out * (cnt ? cnt : 1));
  for (size_t i = 0; i < cnt; i++) {
    json_t *e = json_array_get(arr, i);
    if (!json_is_object(e)) return rd_bad(r, "contact_details[%zu] is %s, expected an object", i, json_kind(e));
    PopoloContact *d = &(*out)[*n];
    const char *type;
    if ((rc = get_str(r, e, "type", &type)) || (rc = get_str(r, e, "value", &d->value)) ||
        (rc = get_str(r, e, "label", &d->label)))
      return rc;
    if (!type || !d->value) return rd_bad(r, "contact_details[%zu] has no \"type\" or no \"value\"", i);
    if (strlen(d->value) > 500) return rd_bad(r, "contact_details[%zu]: \"value\" is longer than 500 bytes", i);
    d->type = map_contact(type);
    if (d->type) (*n)++;
  }
  return MJ_OK;
}

/* A text in Arabic goes to the Arabic slot, any other to the English one;
** the first text for a slot wins. */
static void place_bio(const char *s, const char **ar, const char **en) {
  if (!s) return;
  if (popolo_is_arabic(s)) {
    if (!*ar) *ar = s;
  } else if (!*en) *en = s;
}

static int read_person(Rd *r, json_t *o, PopoloPerson *p) {
  int rc;
  memset(p, 0, sizeof *p);
  if (!json_is_object(o)) return rd_bad(r, "is %s, expected an object", json_kind(o));
  const char *gender;
  if ((rc = get_req(r, o, "id", &p->id)) || (rc = get_req(r, o, "name", &p->name)) ||
      (rc = get_str(r, o, "image", &p->image)) || (rc = get_str(r, o, "gender", &gender)) ||
      (rc = get_str(r, o, "email", &p->email)) || (rc = get_date(r, o, "birth_date", &p->birth_date)) ||
      (rc = read_idents(r, o, &p->identifiers, &p->n_identifiers)) ||
      (rc = read_names(r, o, &p->other_names, &p->n_other_names, &p->name_ar, &p->name_en, &p->name_az)) ||
      (rc = read_contacts(r, o, &p->contacts, &p->n_contacts)) || (rc = get_date(r, o, "death_date", &p->death_date)))
    return rc;
  const char *bio, *summary;
  if ((rc = get_str(r, o, "biography", &bio)) || (rc = get_str(r, o, "summary", &summary))) return rc;
  place_bio(bio, &p->biography_ar, &p->biography_en);
  place_bio(summary, &p->biography_ar, &p->biography_en);
  if (strlen(p->name) > 200) return rd_bad(r, "\"name\" is longer than 200 bytes");
  p->gender = map_gender(gender);
  place_name(p->name, &p->name_ar, &p->name_en, &p->name_az);
  if (p->n_identifiers) p->legacy_id = p->identifiers[0].identifier;
  return MJ_OK;
}

static int read_org(Rd *r, json_t *o, PopoloOrg *g) {
  int rc;
  memset(g, 0, sizeof *g);
  if (!json_is_object(o)) return rd_bad(r, "is %s, expected an object", json_kind(o));
  const char *cls;
  PopoloName *names;
  int nn;
  if ((rc = get_req(r, o, "id", &g->id)) || (rc = get_req(r, o, "name", &g->name)) ||
      (rc = get_str(r, o, "classification", &cls)) || (rc = get_str(r, o, "parent_id", &g->parent_id)) ||
      (rc = get_date(r, o, "founding_date", &g->founding_date)) ||
      (rc = get_date(r, o, "dissolution_date", &g->dissolution_date)) ||
      (rc = read_idents(r, o, &g->identifiers, &g->n_identifiers)) ||
      (rc = read_names(r, o, &names, &nn, &g->name_ar, &g->name_en, &g->name_az)))
    return rc;
  if (strlen(g->name) > 300) return rd_bad(r, "\"name\" is longer than 300 bytes");
  g->classification = popolo_classification(cls);
  place_name(g->name, &g->name_ar, &g->name_en, &g->name_az);
  json_t *seats = json_object_get(o, "seats");
  if (seats && !json_is_null(seats)) {
    if (!json_is_integer(seats)) return rd_bad(r, "\"seats\" is %s, expected an integer", json_kind(seats));
    g->seats = json_integer_value(seats);
    if (g->seats <= 0 || g->seats > 100000) return rd_bad(r, "\"seats\" is %lld, expected 1 to 100000", g->seats);
  }
  if (g->parent_id && strcmp(g->parent_id, g->id) == 0) return rd_bad(r, "\"parent_id\" is its own id");
  return MJ_OK;
}

static int read_post(Rd *r, json_t *o, PopoloPost *t) {
  int rc;
  memset(t, 0, sizeof *t);
  if (!json_is_object(o)) return rd_bad(r, "is %s, expected an object", json_kind(o));
  json_t *others;
  if ((rc = get_req(r, o, "id", &t->id)) || (rc = get_req(r, o, "label", &t->label)) ||
      (rc = get_str(r, o, "organization_id", &t->organization_id)) || (rc = get_str(r, o, "role", &t->role)) ||
      (rc = get_str(r, o, "area_id", &t->area)) || (rc = get_array(r, o, "other_label", &others)))
    return rc;
  if (!t->organization_id) return rd_bad(r, "no \"organization_id\" (a post is held in an organisation)");
  if (strlen(t->label) > 300) return rd_bad(r, "\"label\" is longer than 300 bytes");
  json_t *area = json_object_get(o, "area");
  if (!t->area && json_is_object(area) && (rc = get_str(r, area, "name", &t->area))) return rc;
  if (!t->area && json_is_string(area) && (rc = get_str(r, o, "area", &t->area))) return rc;
  place_name(t->label, &t->label_ar, &t->label_en, &t->label_az);
  for (size_t i = 0; others && i < json_array_size(others); i++) {
    json_t *v = json_array_get(others, i);
    if (!json_is_string(v)) return rd_bad(r, "other_label[%zu] is %s, expected a string", i, json_kind(v));
    if (!json_string_length(v) || json_string_length(v) > 300) continue;
    const char *l = arena_strdup(r->a, json_string_value(v)), *ar = NULL, *en = NULL, *az = NULL;
    place_name(l, &ar, &en, &az);
    if (ar && !t->label_ar) t->label_ar = ar;
    if (en && !t->label_en) t->label_en = en;
    if (az && !t->label_az) t->label_az = az;
  }
  return MJ_OK;
}

static int read_membership(Rd *r, json_t *o, PopoloMembership *m) {
  int rc;
  memset(m, 0, sizeof *m);
  if (!json_is_object(o)) return rd_bad(r, "is %s, expected an object", json_kind(o));
  const char *role;
  if ((rc = get_str(r, o, "id", &m->id)) || (rc = get_req(r, o, "person_id", &m->person_id)) ||
      (rc = get_req(r, o, "organization_id", &m->organization_id)) ||
      (rc = get_str(r, o, "on_behalf_of_id", &m->on_behalf_of_id)) || (rc = get_str(r, o, "role", &role)) ||
      (rc = get_date(r, o, "start_date", &m->start_date)) || (rc = get_date(r, o, "end_date", &m->end_date)) ||
      (rc = get_str(r, o, "legislative_period_id", &m->legislative_period_id)) ||
      (rc = get_str(r, o, "post_id", &m->post_id)))
    return rc;
  map_role(r->a, role, &m->role, &m->role_label);
  return MJ_OK;
}

static int read_event(Rd *r, json_t *o, PopoloEvent *e) {
  int rc;
  memset(e, 0, sizeof *e);
  if (!json_is_object(o)) return rd_bad(r, "is %s, expected an object", json_kind(o));
  if ((rc = get_str(r, o, "id", &e->id)) || (rc = get_str(r, o, "classification", &e->classification)) ||
      (rc = get_date(r, o, "start_date", &e->start_date)) || (rc = get_date(r, o, "end_date", &e->end_date)) ||
      (rc = get_str(r, o, "organization_id", &e->organization_id)))
    return rc;
  return MJ_OK;
}

/* Refuses two records with the same id in one array. */
typedef struct IdAt {
  const char *id, *where;
  int idx;
} IdAt;
static int idat_cmp(const void *x, const void *y) {
  const IdAt *a = x, *b = y;
  int c = strcmp(a->id, b->id);
  return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}
/* A repeated organisation that says the same apart from the letter case of
** its name. */
static int same_org(const PopoloOrg *a, const PopoloOrg *b) {
  return strcasecmp(a->name, b->name) == 0 && strcmp(a->classification, b->classification) == 0 &&
         (a->parent_id ? b->parent_id && strcmp(a->parent_id, b->parent_id) == 0 : !b->parent_id) &&
         a->seats == b->seats;
}
static int no_dup_ids(const char *file, IdAt *v, int n, PopoloFile *f) {
  qsort(v, (size_t)n, sizeof *v, idat_cmp);
  for (int i = 1; i < n; i++)
    if (strcmp(v[i - 1].id, v[i].id) == 0) {
      if (f && same_org(&f->orgs[v[i - 1].idx], &f->orgs[v[i].idx])) {
        f->orgs[v[i].idx].duplicate = 1;
        f->n_merged++;
        continue;
      }
      return mj_fail(MJ_EINVAL, "%s: %s and %s have the same id; ids must be unique", file, v[i - 1].where,
                     v[i].where);
    }
  return MJ_OK;
}

static const char *where_of(Arena *a, const char *arr, size_t i, const char *idk, json_t *o) {
  json_t *id = json_is_object(o) ? json_object_get(o, idk) : NULL;
  if (json_is_string(id))
    return arena_printf(a, "%s[%zu] (%s \"%.80s\")", arr, i, idk, json_string_value(id));
  return arena_printf(a, "%s[%zu]", arr, i);
}

#define POPOLO_MAX 1000000

static int get_list(const char *file, json_t *root, const char *k, json_t **out) {
  *out = json_object_get(root, k);
  if (*out && json_is_null(*out)) *out = NULL;
  if (*out && !json_is_array(*out))
    return mj_fail(MJ_EINVAL, "%s: \"%s\" is %s, expected an array", file, k, json_kind(*out));
  if (*out && json_array_size(*out) > POPOLO_MAX)
    return mj_fail(MJ_ETOOBIG, "%s: %zu %s is more than this reader accepts (%d)", file, json_array_size(*out), k,
                   POPOLO_MAX);
  return MJ_OK;
}

static int parse_root(const char *file, json_t *root, Arena *a, PopoloFile *f) {
  int rc;
  memset(f, 0, sizeof *f);
  f->path = arena_strdup(a, file);
  if (!json_is_object(root)) return mj_fail(MJ_EINVAL, "%s: the top level is %s, expected an object", file, json_kind(root));
  json_t *ps, *os, *ms, *es, *ts;
  if ((rc = get_list(file, root, "persons", &ps)) || (rc = get_list(file, root, "organizations", &os)) ||
      (rc = get_list(file, root, "memberships", &ms)) || (rc = get_list(file, root, "events", &es)) ||
      (rc = get_list(file, root, "posts", &ts)))
    return rc;
  if (!ps && !os && !ms && !ts)
    return mj_fail(MJ_EINVAL, "%s: no \"persons\", \"organizations\" or \"memberships\"; is this a Popolo file?", file);
  Rd r = {file, a, NULL};
  size_t n;
  IdAt *ids;
  n = ps ? json_array_size(ps) : 0;
  f->persons = arena_alloc(a, sizeof *f->persons * (n ? n : 1));
  ids = arena_alloc(a, sizeof *ids * (n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(ps, i);
    r.where = where_of(a, "persons", i, "id", o);
    if ((rc = read_person(&r, o, &f->persons[i]))) return rc;
    f->persons[i].where = r.where;
    ids[i] = (IdAt){f->persons[i].id, r.where, (int)i};
  }
  f->n_persons = (int)n;
  if ((rc = no_dup_ids(file, ids, (int)n, NULL))) return rc;

  n = os ? json_array_size(os) : 0;
  f->orgs = arena_alloc(a, sizeof *f->orgs * (n ? n : 1));
  ids = arena_alloc(a, sizeof *ids * (n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(os, i);
    r.where = where_of(a, "organizations", i, "id", o);
    if ((rc = read_org(&r, o, &f->orgs[i]))) return rc;
    f->orgs[i].where = r.where;
    ids[i] = (IdAt){f->orgs[i].id, r.where, (int)i};
  }
  f->n_orgs = (int)n;
  if ((rc = no_dup_ids(file, ids, (int)n, f))) return rc;

  n = ts ? json_array_size(ts) : 0;
  f->posts = arena_alloc(a, sizeof *f->posts * (n ? n : 1));
  ids = arena_alloc(a, sizeof *ids * (n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(ts, i);
    r.where = where_of(a, "posts", i, "id", o);
    if ((rc = read_post(&r, o, &f->posts[i]))) return rc;
    f->posts[i].where = r.where;
    ids[i] = (IdAt){f->posts[i].id, r.where, (int)i};
  }
  f->n_posts = (int)n;
  if ((rc = no_dup_ids(file, ids, (int)n, NULL))) return rc;

  n = es ? json_array_size(es) : 0;
  f->events = arena_alloc(a, sizeof *f->events * (n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(es, i);
    r.where = where_of(a, "events", i, "id", o);
    if ((rc = read_event(&r, o, &f->events[i]))) return rc;
  }
  f->n_events = (int)n;

  n = ms ? json_array_size(ms) : 0;
  f->memberships = arena_alloc(a, sizeof *f->memberships * (n ? n : 1));
  ids = arena_alloc(a, sizeof *ids * (n ? n : 1));
  int nid = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(ms, i);
    json_t *mid = json_is_object(o) ? json_object_get(o, "id") : NULL;
    r.where = where_of(a, "memberships", i, json_is_string(mid) ? "id" : "person_id", o);
    PopoloMembership *m = &f->memberships[i];
    if ((rc = read_membership(&r, o, m))) return rc;
    m->where = r.where;
    if (m->id) ids[nid++] = (IdAt){m->id, r.where, (int)i};
    if (!m->start_date && m->legislative_period_id)
      for (int k = 0; k < f->n_events; k++)
        if (f->events[k].id && strcmp(f->events[k].id, m->legislative_period_id) == 0) m->start_date = f->events[k].start_date;
    if (!m->start_date)
      for (int k = 0; k < f->n_orgs; k++)
        if (strcmp(f->orgs[k].id, m->organization_id) == 0) m->start_date = f->orgs[k].founding_date;
    if (!m->start_date)
      return rd_bad(&r, "no \"start_date\", and neither a legislative period (an event in this file named by "
                        "\"legislative_period_id\") nor the organisation's \"founding_date\" gives one; add a start_date");
    if (m->end_date && strcmp(m->end_date, m->start_date) < 0)
      return rd_bad(&r, "\"end_date\" %s is before \"start_date\" %s", m->end_date, m->start_date);
  }
  f->n_memberships = (int)n;
  return no_dup_ids(file, ids, nid, NULL);
}

/* ---- single objects and embedded objects ----
** Popolo also writes one object alone (a person, an organisation, a post, a
** membership, as in the specification's examples) and embeds related
** objects: a person's memberships, an organisation's posts and memberships,
** a post's organisation and memberships, a membership's person, organisation
** and post. lift_* turn those into the collection form the reader takes:
** embedded objects are lifted out, the ids they imply are filled in, and an
** object met twice is kept once. Depth is bounded by the shapes themselves. */
static void lift_person(json_t *c, json_t *o);
static void lift_org(json_t *c, json_t *o);
static void lift_post(json_t *c, json_t *o);
static void lift_membership(json_t *c, json_t *o);

/* Appends a copy of o without the keys in `drop` to c[list] unless an object
** with its id is already there; returns the copy kept (borrowed) or NULL. */
static json_t *lift_add(json_t *c, const char *list, json_t *o, const char *const *drop) {
  json_t *arr = json_object_get(c, list);
  json_t *id = json_object_get(o, "id");
  if (json_is_string(id))
    for (size_t i = 0; i < json_array_size(arr); i++)
      if (json_equal(json_object_get(json_array_get(arr, i), "id"), id)) return NULL;
  json_t *copy = json_copy(o);
  for (int i = 0; drop[i]; i++) json_object_del(copy, drop[i]);
  json_array_append_new(arr, copy);
  return copy;
}

/* Gives each embedded membership the id of the object it sits in. */
static void lift_embedded(json_t *c, json_t *o, const char *key, const char *idkey, const char *idkey2, json_t *id2) {
  json_t *ms = json_object_get(o, "memberships");
  json_t *id = json_object_get(o, "id");
  for (size_t i = 0; json_is_array(ms) && i < json_array_size(ms); i++) {
    json_t *m = json_array_get(ms, i);
    if (!json_is_object(m)) continue;
    json_t *mc = json_copy(m);
    if (json_is_string(id) && !json_object_get(mc, idkey)) json_object_set(mc, idkey, id);
    if (idkey2 && json_is_string(id2) && !json_object_get(mc, idkey2)) json_object_set(mc, idkey2, id2);
    lift_membership(c, mc);
    json_decref(mc);
  }
  (void)key;
}

static void lift_person(json_t *c, json_t *o) {
  static const char *const drop[] = {"memberships", NULL};
  lift_add(c, "persons", o, drop);
  lift_embedded(c, o, "memberships", "person_id", NULL, NULL);
}

static void lift_org(json_t *c, json_t *o) {
  static const char *const drop[] = {"memberships", "posts", NULL};
  lift_add(c, "organizations", o, drop);
  json_t *id = json_object_get(o, "id");
  json_t *ps = json_object_get(o, "posts");
  for (size_t i = 0; json_is_array(ps) && i < json_array_size(ps); i++) {
    json_t *p = json_array_get(ps, i);
    if (!json_is_object(p)) continue;
    json_t *pc = json_copy(p);
    if (json_is_string(id) && !json_object_get(pc, "organization_id")) json_object_set(pc, "organization_id", id);
    lift_post(c, pc);
    json_decref(pc);
  }
  lift_embedded(c, o, "memberships", "organization_id", NULL, NULL);
}

static void lift_post(json_t *c, json_t *o) {
  static const char *const drop[] = {"memberships", "organization", NULL};
  json_t *org = json_object_get(o, "organization");
  json_t *oc = json_copy(o);
  if (json_is_object(org)) {
    lift_org(c, org);
    if (!json_object_get(oc, "organization_id") && json_is_string(json_object_get(org, "id")))
      json_object_set(oc, "organization_id", json_object_get(org, "id"));
  }
  lift_add(c, "posts", oc, drop);
  lift_embedded(c, oc, "memberships", "post_id", "organization_id", json_object_get(oc, "organization_id"));
  json_decref(oc);
}

static void lift_membership(json_t *c, json_t *o) {
  static const char *const drop[] = {"person", "organization", "post", NULL};
  json_t *mc = json_copy(o);
  json_t *p = json_object_get(o, "person"), *org = json_object_get(o, "organization"), *post = json_object_get(o, "post");
  if (json_is_object(p)) {
    lift_person(c, p);
    if (!json_object_get(mc, "person_id")) json_object_set(mc, "person_id", json_object_get(p, "id"));
  }
  if (json_is_object(org)) {
    lift_org(c, org);
    if (!json_object_get(mc, "organization_id")) json_object_set(mc, "organization_id", json_object_get(org, "id"));
  }
  if (json_is_object(post)) {
    json_t *pc = json_copy(post);
    if (!json_object_get(pc, "organization_id") && json_is_object(org) && json_object_get(org, "id"))
      json_object_set(pc, "organization_id", json_object_get(org, "id"));
    lift_post(c, pc);
    json_decref(pc);
    if (!json_object_get(mc, "post_id")) json_object_set(mc, "post_id", json_object_get(post, "id"));
    if (!json_object_get(mc, "organization_id") && json_object_get(post, "organization_id"))
      json_object_set(mc, "organization_id", json_object_get(post, "organization_id"));
  }
  lift_add(c, "memberships", mc, drop);
  json_decref(mc);
}

/* The collection form of root: root itself when it has the lists; else the
** single object it is, lifted (a new reference in both cases; NULL when
** root is not an object of a kind we know). */
static json_t *collection_of(json_t *root) {
  if (!json_is_object(root)) return NULL;
  /* a collection has lists and no id of its own; an object with an id is one
  ** object, whatever it embeds */
  if (!json_is_string(json_object_get(root, "id")) &&
      (json_object_get(root, "persons") || json_object_get(root, "organizations") ||
       json_object_get(root, "memberships") || json_object_get(root, "posts"))) {
    json_incref(root);
    return root;
  }
  json_t *c = json_pack("{s:[],s:[],s:[],s:[]}", "persons", "organizations", "posts", "memberships");
#define HAS(k) (json_object_get(root, k) != NULL)
  if (HAS("person_id") || HAS("person")) lift_membership(c, root);
  else if ((HAS("label") && (HAS("organization_id") || HAS("organization"))) || (HAS("label") && HAS("role")))
    lift_post(c, root);
  else if (HAS("classification") || HAS("founding_date") || HAS("dissolution_date") || HAS("posts") || HAS("parent_id"))
    lift_org(c, root);
  else if (HAS("name") && HAS("id"))
    lift_person(c, root);
  else {
    json_decref(c);
    c = NULL;
  }
#undef HAS
  return c;
}

int popolo_parse(const char *name, const char *json, size_t len, Arena *a, PopoloFile *out) {
  json_error_t err;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
  if (!root) return mj_fail(MJ_EINVAL, "%s:%d:%d: not valid JSON: %s", name, err.line, err.column, err.text);
  json_t *coll = collection_of(root);
  int rc = parse_root(name, coll ? coll : root, a, out);
  json_decref(coll);
  json_decref(root);
  return rc;
}

/* Reads a whole file into memory (at most `max` bytes). */
static int slurp(const char *path, size_t max, char **out, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return mj_fail(MJ_EIO, "%s: cannot open: %s", path, strerror(errno));
  Buf b;
  buf_init(&b, max);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(&b, chunk, k);
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    buf_free(&b);
    return mj_fail(MJ_EIO, "%s: read error", path);
  }
  if (b.err) {
    buf_free(&b);
    return mj_fail(MJ_ETOOBIG, "%s: larger than %zu bytes", path, max);
  }
  *len = b.n;
  *out = buf_take(&b);
  return MJ_OK;
}

int popolo_read(const char *path, Arena *a, PopoloFile *out) {
  char *data;
  size_t len;
  int rc = slurp(path, (size_t)1 << 30, &data, &len);
  if (rc) return rc;
  rc = popolo_parse(path, data, len, a, out);
  free(data);
  return rc;
}

/* ---- CSV ----------------------------------------------------------------- */

/* The line of the first invalid UTF-8 sequence, 0 when all is valid. */
static int utf8_bad_line(const unsigned char *s, size_t n) {
  int line = 1;
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c == '\n') line++;
    if (c < 0x80) {
      if (c == 0) return line;
      i++;
      continue;
    }
    size_t k;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) k = 1, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, cp = c & 0x07, min = 0x10000;
    else return line;
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return line;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return line;
    i += k + 1;
  }
  return 0;
}

int popolo_csv_col(const PopoloCsv *c, const char *name) {
  for (int i = 0; i < c->ncol; i++)
    if (strcmp(c->head[i], name) == 0) return i;
  return -1;
}

int popolo_csv_parse(const char *name, const char *data, size_t len, Arena *a, PopoloCsv *out) {
  memset(out, 0, sizeof *out);
  const unsigned char *d = (const unsigned char *)data;
  int bl = utf8_bad_line(d, len);
  if (bl) return mj_fail(MJ_EINVAL, "%s:%d: not valid UTF-8 (or a NUL byte); save the file as UTF-8", name, bl);
  size_t i = 0;
  if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) i = 3;
  int line = 1, rc = MJ_OK;
  Buf f;
  buf_init(&f, 1 << 20);
  char **fields = NULL;
  int nf = 0, capf = 0;
  char ***rows = NULL;
  int *lines = NULL, nrows = 0, caprows = 0;
  while (i < len) {
    int rec_line = line, last_quoted = 0;
    nf = 0;
    for (;;) {
      buf_reset(&f);
      int quoted = 0;
      if (i < len && d[i] == '"') {
        quoted = 1;
        int qline = line;
        i++;
        for (;;) {
          if (i >= len) {
            rc = mj_fail(MJ_EINVAL, "%s:%d: a quoted field is not closed before the end of the file", name, qline);
            goto out;
          }
          char c = (char)d[i++];
          if (c == '"') {
            if (i < len && d[i] == '"') {
              buf_putc(&f, '"');
              i++;
              continue;
            }
            break;
          }
          if (c == '\n') line++;
          buf_putc(&f, c);
        }
        if (i < len && d[i] != ',' && d[i] != '\n' && d[i] != '\r') {
          rc = mj_fail(MJ_EINVAL, "%s:%d: text after the closing quote of field %d; a quote inside a quoted field is written twice (\"\")",
                       name, line, nf + 1);
          goto out;
        }
      } else {
        while (i < len && d[i] != ',' && d[i] != '\n' && d[i] != '\r') {
          if (d[i] == '"') {
            rc = mj_fail(MJ_EINVAL, "%s:%d: a quote inside the unquoted field %d; quote the whole field and double the quote",
                         name, line, nf + 1);
            goto out;
          }
          buf_putc(&f, (char)d[i++]);
        }
      }
      if (f.err) {
        rc = mj_fail(MJ_ETOOBIG, "%s:%d: field %d is longer than 1 MB", name, rec_line, nf + 1);
        goto out;
      }
      if (nf == capf) {
        capf = capf ? capf * 2 : 32;
        fields = xrealloc(fields, sizeof *fields * (size_t)capf);
      }
      fields[nf++] = arena_strndup(a, f.p, f.n);
      last_quoted = quoted;
      if (i < len && d[i] == ',') {
        i++;
        continue;
      }
      if (i < len && d[i] == '\r') i++;
      if (i < len && d[i] == '\n') i++;
      line++;
      break;
    }
    if (nf == 1 && !*fields[0] && !last_quoted) continue; /* a blank line */
    if (!out->head) {
      out->head = arena_alloc(a, sizeof(char *) * (size_t)nf);
      memcpy(out->head, fields, sizeof(char *) * (size_t)nf);
      out->ncol = nf;
      continue;
    }
    if (nf != out->ncol) {
      rc = mj_fail(MJ_EINVAL, "%s:%d: %d fields, but the header has %d", name, rec_line, nf, out->ncol);
      goto out;
    }
    if (nrows == caprows) {
      caprows = caprows ? caprows * 2 : 64;
      rows = xrealloc(rows, sizeof *rows * (size_t)caprows);
      lines = xrealloc(lines, sizeof *lines * (size_t)caprows);
    }
    rows[nrows] = arena_alloc(a, sizeof(char *) * (size_t)nf);
    memcpy(rows[nrows], fields, sizeof(char *) * (size_t)nf);
    lines[nrows++] = rec_line;
  }
  if (!out->head) {
    rc = mj_fail(MJ_EINVAL, "%s: empty; expected a header line", name);
    goto out;
  }
  out->rows = arena_alloc(a, sizeof *rows * (size_t)(nrows ? nrows : 1));
  out->line = arena_alloc(a, sizeof *lines * (size_t)(nrows ? nrows : 1));
  if (nrows) {
    memcpy(out->rows, rows, sizeof *rows * (size_t)nrows);
    memcpy(out->line, lines, sizeof *lines * (size_t)nrows);
  }
  out->nrows = nrows;
out:
  buf_free(&f);
  free(fields);
  free(rows);
  free(lines);
  return rc;
}

/* ---- the EveryPolitician members CSV ------------------------------------- */

static const char *cell(const PopoloCsv *c, int row, int col) {
  if (col < 0) return NULL;
  const char *s = c->rows[row][col];
  return *s ? s : NULL;
}

int popolo_parse_ep_csv(const char *name, const char *data, size_t len, const char *lang, Arena *a,
                        PopoloFile *out) {
  PopoloCsv c;
  int rc = popolo_csv_parse(name, data, len, a, &c);
  if (rc) return rc;
  memset(out, 0, sizeof *out);
  out->path = arena_strdup(a, name);
  int cid = popolo_csv_col(&c, "id"), cname = popolo_csv_col(&c, "name");
  if (cid < 0 || cname < 0)
    return mj_fail(MJ_EINVAL, "%s:1: the header has no \"id\" or no \"name\" column; is this an EveryPolitician CSV?", name);
  int cemail = popolo_csv_col(&c, "email"), cgroup = popolo_csv_col(&c, "group"),
      cgid = popolo_csv_col(&c, "group_id"), cterm = popolo_csv_col(&c, "term"),
      cstart = popolo_csv_col(&c, "start_date"), cend = popolo_csv_col(&c, "end_date"),
      cimage = popolo_csv_col(&c, "image"), cgender = popolo_csv_col(&c, "gender"),
      cwd = popolo_csv_col(&c, "wikidata"), cwdg = popolo_csv_col(&c, "wikidata_group"),
      carea = popolo_csv_col(&c, "area"), caid = popolo_csv_col(&c, "area_id"),
      ctw = popolo_csv_col(&c, "twitter"), cfb = popolo_csv_col(&c, "facebook");
  if (!lang) {
    lang = "en";
    for (int i = 0; i < c.nrows; i++) {
      const char *l = cell(&c, i, cname) ? popolo_script_lang(cell(&c, i, cname)) : "en";
      if (l[1] == 'r') lang = "ar";
      if (l[1] == 'z' && lang[1] != 'r') lang = "az";
    }
  }
  int n = c.nrows;
  out->persons = arena_alloc(a, sizeof *out->persons * (size_t)(n ? n : 1));
  out->orgs = arena_alloc(a, sizeof *out->orgs * (size_t)(n ? n : 1));
  out->memberships = arena_alloc(a, sizeof *out->memberships * (size_t)(n ? n : 1));
  out->posts = arena_alloc(a, sizeof *out->posts * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    int ln = c.line[i];
    const char *id = cell(&c, i, cid), *nm = cell(&c, i, cname);
    if (!id) return mj_fail(MJ_EINVAL, "%s:%d: no id", name, ln);
    const char *where = arena_printf(a, "line %d (id \"%.80s\")", ln, id);
    if (!nm) return mj_fail(MJ_EINVAL, "%s:%d: the person %s has no name", name, ln, id);
    if (strlen(nm) > 200) return mj_fail(MJ_EINVAL, "%s:%d: the name is longer than 200 bytes", name, ln);
    const char *sd = cell(&c, i, cstart), *ed = cell(&c, i, cend);
    if ((sd && !popolo_date_ok(sd)) || (ed && !popolo_date_ok(ed)))
      return mj_fail(MJ_EINVAL, "%s:%d: start_date \"%s\" or end_date \"%s\" is not YYYY[-MM[-DD]]", name, ln,
                     sd ? sd : "", ed ? ed : "");
    if (sd && ed && strcmp(ed, sd) < 0)
      return mj_fail(MJ_EINVAL, "%s:%d: end_date %s is before start_date %s", name, ln, ed, sd);
    long long term = 0;
    if (cell(&c, i, cterm) && mj_parse_int(cell(&c, i, cterm), 1, 1000, &term))
      return mj_fail(MJ_EINVAL, "%s:%d: term \"%s\" is not a number from 1 to 1000", name, ln, cell(&c, i, cterm));
    /* the person, once */
    PopoloPerson *p = NULL;
    for (int k = 0; k < out->n_persons && !p; k++)
      if (strcmp(out->persons[k].id, id) == 0) p = &out->persons[k];
    if (p) {
      if (strcmp(p->name, nm) != 0)
        return mj_fail(MJ_EINVAL, "%s:%d: person %s is named \"%s\" here but \"%s\" on %s", name, ln, id, nm, p->name,
                       p->where);
    } else {
      p = &out->persons[out->n_persons++];
      memset(p, 0, sizeof *p);
      p->where = where;
      p->id = id;
      p->name = nm;
      if (lang[1] == 'r') p->name_ar = nm;
      else if (lang[1] == 'z') p->name_az = nm;
      else p->name_en = nm;
      p->email = cell(&c, i, cemail);
      p->image = cell(&c, i, cimage);
      p->gender = map_gender(cell(&c, i, cgender));
      if (cell(&c, i, cwd)) {
        p->identifiers = arena_alloc(a, sizeof *p->identifiers);
        p->identifiers[0] = (PopoloIdent){"wikidata", cell(&c, i, cwd)};
        p->n_identifiers = 1;
        p->legacy_id = cell(&c, i, cwd);
      }
      static const char *ctypes[] = {"email", "twitter", "facebook"};
      int ccols[] = {cemail, ctw, cfb};
      p->contacts = arena_alloc(a, sizeof *p->contacts * MJ_COUNT(ctypes));
      for (size_t k = 0; k < MJ_COUNT(ctypes); k++) {
        const char *v = cell(&c, i, ccols[k]);
        if (!v) continue;
        if (strlen(v) > 500) return mj_fail(MJ_EINVAL, "%s:%d: the %s is longer than 500 bytes", name, ln, ctypes[k]);
        p->contacts[p->n_contacts++] = (PopoloContact){ctypes[k], v, NULL};
      }
    }
    /* the constituency, once */
    const char *aid = cell(&c, i, caid), *aname = cell(&c, i, carea), *post = NULL;
    if (aid || aname) {
      if (aname && strlen(aname) > 300) return mj_fail(MJ_EINVAL, "%s:%d: the area is longer than 300 bytes", name, ln);
      post = arena_printf(a, "post/%s", aid ? aid : aname);
      PopoloPost *t = NULL;
      for (int k = 0; k < out->n_posts && !t; k++)
        if (strcmp(out->posts[k].id, post) == 0) t = &out->posts[k];
      if (!t) {
        t = &out->posts[out->n_posts++];
        memset(t, 0, sizeof *t);
        t->where = where;
        t->id = post;
        t->label = aname ? aname : aid;
        t->role = "constituency";
        t->area = aid ? aid : aname;
        place_name(t->label, &t->label_ar, &t->label_en, &t->label_az);
      }
    }
    /* the party, once */
    const char *gid = cell(&c, i, cgid), *gname = cell(&c, i, cgroup);
    const char *party = NULL;
    if (gid || gname) {
      party = arena_printf(a, "party/%s", gid ? gid : gname);
      PopoloOrg *g = NULL;
      for (int k = 0; k < out->n_orgs && !g; k++)
        if (strcmp(out->orgs[k].id, party) == 0) g = &out->orgs[k];
      if (!g) {
        g = &out->orgs[out->n_orgs++];
        memset(g, 0, sizeof *g);
        g->where = where;
        g->id = party;
        g->name = gname ? gname : gid;
        g->classification = "party";
        place_name(g->name, &g->name_ar, &g->name_en, &g->name_az);
        if (cell(&c, i, cwdg)) {
          g->identifiers = arena_alloc(a, sizeof *g->identifiers);
          g->identifiers[0] = (PopoloIdent){"wikidata", cell(&c, i, cwdg)};
          g->n_identifiers = 1;
        }
      }
    }
    PopoloMembership *m = &out->memberships[out->n_memberships++];
    memset(m, 0, sizeof *m);
    m->where = where;
    m->person_id = id;
    m->on_behalf_of_id = party;
    m->post_id = post;
    m->role = "member";
    m->start_date = sd;
    m->end_date = ed;
    m->term = (int)term;
  }
  return MJ_OK;
}

int popolo_read_ep_csv(const char *path, const char *lang, Arena *a, PopoloFile *out) {
  char *data;
  size_t len;
  int rc = slurp(path, (size_t)256 << 20, &data, &len);
  if (rc) return rc;
  rc = popolo_parse_ep_csv(path, data, len, lang, a, out);
  free(data);
  return rc;
}
