/*
** searchtest.h: what the search HTTP tests share (test_search.c,
** test_search_filters.c): the port of the in-process server, which the test
** sets once it has started it, and GETs of /api/v1/search with the query
** url-encoded. Include after client.h.
*/
#ifndef MJ_SEARCHTEST_H
#define MJ_SEARCHTEST_H
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int port;

/* Appends s to out (n bytes) percent-encoded. */
static inline void url_add(char *out, size_t n, const char *s) {
  size_t k = strlen(out);
  static const char hex[] = "0123456789ABCDEF";
  for (; *s && k + 4 < n; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.') {
      out[k++] = (char)c;
    } else {
      out[k++] = '%';
      out[k++] = hex[c >> 4];
      out[k++] = hex[c & 15];
    }
  }
  out[k] = 0;
}

/* GET path + url-encoded q + extra (already encoded) */
static inline int get_q(const char *path, const char *q, const char *extra, HttpResp *r) {
  char url[8192];
  snprintf(url, sizeof url, "%s", path);
  if (q) {
    size_t k = strlen(url);
    snprintf(url + k, sizeof url - k, "%sq=", strchr(url, '?') ? "&" : "?");
    url_add(url, sizeof url, q);
  }
  if (extra) {
    size_t k = strlen(url);
    snprintf(url + k, sizeof url - k, "%s%s", strchr(url, '?') ? "&" : "?", extra);
  }
  return http_req(port, "GET", url, NULL, NULL, 0, r);
}

/* The JSON of /api/v1/search?q=...&extra, NULL (and a note) unless 200. */
static inline json_t *api(const char *q, const char *extra) {
  HttpResp r;
  json_t *j = NULL;
  if (get_q("/api/v1/search", q, extra, &r) == 200) {
    json_error_t e;
    j = json_loadb(r.body, r.body_len, 0, &e);
  } else {
    printf("#   search %s %s: status %d %s\n", q ? q : "", extra ? extra : "", r.status, r.body ? r.body : "");
  }
  resp_free(&r);
  return j;
}

static inline int total_of(json_t *j) { return j ? (int)json_integer_value(json_object_get(j, "total")) : -1; }
static inline json_t *results_of(json_t *j) { return json_object_get(j, "results"); }
#endif
