/* popolo.c: Popolo persons from a JSON file, strictly parsed by jansson. */
#include "popolo.h"

#include <jansson.h>
#include <string.h>

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
