/*
** recsnap.c: the reader of edition snapshots (see recsnap.h). The snapshot
** keeps sections and speeches as two lists, each with its own position;
** the reading order interleaves them: sections depth first by position,
** each section's heading just before its first speech (a section without
** speeches, and any ancestors, right after the previous one's).
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "recsnap.h"

static const char *str(Arena *a, json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? arena_strdup(a, s) : NULL;
}
static int64_t num(json_t *o, const char *key, int64_t dflt) {
  json_t *v = json_object_get(o, key);
  return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

static int cmp_speech(const void *x, const void *y) {
  const SnapSpeech *a = x, *b = y;
  return a->position < b->position ? -1 : a->position > b->position;
}

/* Appends the children of `parent` (0: the top) depth first. */
static void order_sections(const SnapSection *in, int n, int64_t parent, int depth, SnapSection *out, int *k,
                           char *used) {
  for (;;) {
    int best = -1;
    for (int i = 0; i < n; i++)
      if (!used[i] && in[i].parent_id == parent && (best < 0 || in[i].position < in[best].position)) best = i;
    if (best < 0 || depth > 64) return;
    used[best] = 1;
    out[*k] = in[best];
    out[*k].depth = depth;
    (*k)++;
    order_sections(in, n, in[best].id, depth + 1, out, k, used);
  }
}

int recsnap_parse(Arena *a, const char *json, Snap *out) {
  memset(out, 0, sizeof *out);
  json_error_t err;
  json_t *root = json ? json_loads(json, JSON_REJECT_DUPLICATES, &err) : NULL;
  if (!root) return mj_fail(MJ_EINVAL, "edition content: not JSON (line %d: %s)", json ? err.line : 0, json ? err.text : "none");
  json_t *s = json_object_get(root, "sitting");
  json_t *secs = json_object_get(root, "sections"), *sps = json_object_get(root, "speeches");
  if (!json_is_object(s) || !json_is_array(secs) || !json_is_array(sps)) {
    json_decref(root);
    return mj_fail(MJ_EINVAL, "edition content: not a record snapshot (sitting, sections and speeches expected)");
  }
  out->sitting_id = num(s, "id", 0);
  out->number = (int)num(s, "number", 0);
  out->body_id = num(s, "body_id", 0);
  out->date = str(a, s, "date");
  out->start_time = str(a, s, "start_time");
  json_t *body = json_object_get(s, "body");
  out->body_ar = str(a, body, "ar");
  out->body_en = str(a, body, "en");
  out->media_url = str(a, root, "media_url");
  out->certified_by = str(a, root, "certified_by");
  out->certified_at = str(a, root, "certified_at");

  size_t ns = json_array_size(secs), np = json_array_size(sps);
  SnapSection *raw = arena_alloc(a, sizeof *raw * (ns + 1));
  for (size_t i = 0; i < ns; i++) {
    json_t *o = json_array_get(secs, i);
    SnapSection *x = &raw[i];
    memset(x, 0, sizeof *x);
    x->id = num(o, "id", 0);
    x->parent_id = num(o, "parent_id", 0);
    x->agenda_item_id = num(o, "agenda_item_id", 0);
    x->position = (int)num(o, "position", (int64_t)i);
    x->name = str(a, o, "name");
    x->heading = str(a, o, "heading");
  }
  /* sections whose parent is not in the snapshot go to the top */
  for (size_t i = 0; i < ns; i++) {
    int found = 0;
    for (size_t k = 0; k < ns && raw[i].parent_id && !found; k++) found = raw[k].id == raw[i].parent_id && k != i;
    if (!found) raw[i].parent_id = 0;
  }
  out->sections = arena_alloc(a, sizeof *out->sections * (ns + 1));
  char *used = arena_alloc(a, ns + 1);
  memset(used, 0, ns + 1);
  int k = 0;
  order_sections(raw, (int)ns, 0, 0, out->sections, &k, used);
  for (size_t i = 0; i < ns; i++) /* a cycle of parents: keep them anyway, at the end */
    if (!used[i]) {
      out->sections[k] = raw[i];
      out->sections[k++].depth = 0;
    }
  out->nsections = k;

  out->speeches = arena_alloc(a, sizeof *out->speeches * (np + 1));
  for (size_t i = 0; i < np; i++) {
    json_t *o = json_array_get(sps, i);
    SnapSpeech *x = &out->speeches[i];
    memset(x, 0, sizeof *x);
    x->id = num(o, "id", 0);
    x->position = (int)num(o, "position", (int64_t)i);
    x->section_id = num(o, "section_id", 0);
    x->agenda_item_id = num(o, "agenda_item_id", 0);
    json_t *p = json_object_get(o, "person");
    if (json_is_object(p)) {
      x->person_id = num(p, "id", 0);
      x->person_ar = str(a, p, "name");
      x->person_en = str(a, p, "name_en");
    }
    x->label = str(a, o, "label");
    x->role = str(a, o, "role");
    x->kind = str(a, o, "kind");
    x->lang = str(a, o, "lang");
    x->start_time = str(a, o, "start_time");
    x->end_time = str(a, o, "end_time");
    x->text = str(a, o, "text");
    x->ident = str(a, o, "ident");
    x->media_start_ms = num(o, "media_start_ms", -1);
    x->media_end_ms = num(o, "media_end_ms", -1);
    x->version = (int)num(o, "version", 1);
    if (!x->kind) x->kind = "speech";
    if (!x->lang) x->lang = "ar";
    if (!x->text) x->text = "";
  }
  out->nspeeches = (int)np;
  json_decref(root);
  qsort(out->speeches, np, sizeof *out->speeches, cmp_speech);

  /* the reading order */
  out->items = arena_alloc(a, sizeof *out->items * (ns + np + 1));
  char *shown = arena_alloc(a, ns + 1);
  memset(shown, 0, ns + 1);
  int next = 0; /* sections before this index in document order are shown */
  for (int i = 0; i < out->nspeeches; i++) {
    int64_t sid = out->speeches[i].section_id;
    int at = -1;
    for (int j = 0; j < out->nsections && sid; j++)
      if (out->sections[j].id == sid) at = j;
    if (at >= 0 && !shown[at]) {
      for (int j = next; j <= at; j++)
        if (!shown[j]) {
          shown[j] = 1;
          out->items[out->nitems++] = (SnapItem){1, j};
        }
      if (at + 1 > next) next = at + 1;
    }
    out->items[out->nitems++] = (SnapItem){0, i};
  }
  for (int j = 0; j < out->nsections; j++)
    if (!shown[j]) out->items[out->nitems++] = (SnapItem){1, j};
  return MJ_OK;
}

int recsnap_find_speech(const Snap *s, int64_t id) {
  for (int i = 0; i < s->nspeeches; i++)
    if (s->speeches[i].id == id) return i;
  return -1;
}

const char *recsnap_speaker(const SnapSpeech *sp, const char *lang) {
  if (sp->person_id) {
    if (lang && strcmp(lang, "ar") != 0 && sp->person_en && *sp->person_en) return sp->person_en;
    if (sp->person_ar && *sp->person_ar) return sp->person_ar;
  }
  return sp->label ? sp->label : "";
}

const SnapSection *recsnap_section_of(const Snap *s, int i) {
  if (i < 0 || i >= s->nspeeches || !s->speeches[i].section_id) return NULL;
  for (int j = 0; j < s->nsections; j++)
    if (s->sections[j].id == s->speeches[i].section_id) return &s->sections[j];
  return NULL;
}
