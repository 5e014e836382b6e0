/*
** api_util.c: the request-reading helpers the JSON API handlers share
** (api_meeting.c, api_hansard.c). A body is one JSON object, duplicate keys
** refused, unknown fields refused, every field type-checked; on any problem
** the helper sends the one error reply (MJ_EINVAL with a clear message) and
** returns -1 or NULL, so a handler only has to return.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

void api_fail_domain(Req *r, int rc) { reply_error(r, rc ? rc : MJ_EINTERNAL, mj_errmsg()); }

void api_fail_input(Req *r, const char *msg) { reply_error(r, MJ_EINVAL, msg); }

int api_path_id(Req *r, int k, const char *what, int64_t *out) {
  long long v;
  if (!r->pathvars[k] || mj_parse_int(r->pathvars[k], 1, INT64_MAX, &v)) {
    api_fail_input(r, arena_printf(r->arena, "a %s id is a positive whole number", what));
    return -1;
  }
  *out = (int64_t)v;
  return 0;
}

json_t *api_body_object(Req *r, int optional, const char *const *fields) {
  if (!r->body || !r->body_len) {
    if (optional) return json_object();
    api_fail_input(r, "send a JSON object as the request body");
    return NULL;
  }
  json_error_t err;
  json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
  if (!j) {
    api_fail_input(r, arena_printf(r->arena, "malformed JSON at line %d column %d: %s", err.line, err.column, err.text));
    return NULL;
  }
  if (!json_is_object(j)) {
    json_decref(j);
    api_fail_input(r, "the request body must be a JSON object");
    return NULL;
  }
  const char *key;
  json_t *v;
  json_object_foreach(j, key, v) {
    int known = 0;
    for (int i = 0; fields && fields[i] && !known; i++) known = strcmp(key, fields[i]) == 0;
    if (!known) {
      api_fail_input(r, arena_printf(r->arena, "unknown field \"%.60s\"", key));
      json_decref(j);
      return NULL;
    }
  }
  return j;
}

int api_opt_str(Req *r, json_t *j, const char *name, const char **out) {
  json_t *v = json_object_get(j, name);
  *out = NULL;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_string(v)) {
    api_fail_input(r, arena_printf(r->arena, "\"%s\" must be a string", name));
    return -1;
  }
  if (strlen(json_string_value(v)) != json_string_length(v)) {
    api_fail_input(r, arena_printf(r->arena, "\"%s\" may not contain NUL", name));
    return -1;
  }
  *out = arena_strndup(r->arena, json_string_value(v), json_string_length(v));
  return 0;
}

int api_req_str(Req *r, json_t *j, const char *name, const char **out) {
  if (api_opt_str(r, j, name, out)) return -1;
  if (!*out) {
    api_fail_input(r, arena_printf(r->arena, "\"%s\" is required", name));
    return -1;
  }
  return 0;
}

int api_opt_int(Req *r, json_t *j, const char *name, long long lo, long long hi, long long dflt, long long *out) {
  json_t *v = json_object_get(j, name);
  *out = dflt;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
    api_fail_input(r, arena_printf(r->arena, "\"%s\" must be a whole number from %lld to %lld", name, lo, hi));
    return -1;
  }
  *out = json_integer_value(v);
  return 0;
}

int api_opt_bool(Req *r, json_t *j, const char *name, int *out) {
  json_t *v = json_object_get(j, name);
  *out = 0;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_boolean(v)) {
    api_fail_input(r, arena_printf(r->arena, "\"%s\" must be true or false", name));
    return -1;
  }
  *out = json_is_true(v);
  return 0;
}

json_t *api_jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* The common prologue of an action on one object: its id from the path and
** a body of exactly one required string field. Replies (404/400) and returns
** -1 when either is wrong. */
int api_id_and_string(Req *r, const char *what, const char *field, int64_t *id, const char **val) {
  const char *const fields[] = {field, NULL};
  if (api_path_id(r, 0, what, id)) return -1;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return -1;
  int bad = api_req_str(r, j, field, val);
  json_decref(j);
  return bad;
}
