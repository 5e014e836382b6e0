/*
** routes.c: the route table and dispatch. A pattern is a path whose
** segments are literal or "{name}" (one segment, captured in order into
** r->pathvars). A path that matches a pattern under another method gets
** 405 with Allow; nothing matching gets 404. HEAD is served as GET (MHD
** drops the body).
*/
#include <string.h>

#include "sse.h"
#include "web_int.h"

static const Route routes[] = {
  {"GET", "/", page_home},
  {"GET", "/sittings", page_sittings},
  {"GET", "/sittings/{id}", page_sitting},
  {"GET", "/search", page_search},
  {"POST", "/lang", page_lang},
  {"GET", "/static/{file}", page_static},
  {"GET", "/static/{dir}/{file}", page_static},
  {"GET", "/robots.txt", page_robots},
  {"GET", "/api/v1/health", api_health},
  {"GET", "/api/v1/openapi.json", api_openapi},
  {"GET", "/api/v1/sittings", api_sittings},
  {"GET", "/api/v1/sittings/{id}", api_sitting},
  {"GET", "/api/v1/organizations", api_organizations},
  {"GET", "/api/v1/events", api_events},
  {"POST", "/api/v1/preferences/language", api_lang},
};

const Route *web_routes(int *n) {
  *n = (int)MJ_COUNT(routes);
  return routes;
}

/* Matches path against pattern; fills vars (arena copies). */
static int match(Req *r, const char *pattern, const char *path, const char **vars) {
  int nv = 0;
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (*p == '{') {
      const char *pe = strchr(p, '}');
      if (!pe) return 0;
      const char *se = strchr(s, '/');
      size_t len = se ? (size_t)(se - s) : strlen(s);
      if (!len || nv >= 4) return 0;
      vars[nv++] = arena_strndup(r->arena, s, len);
      p = pe + 1;
      s += len;
      continue;
    }
    if (*p != *s) return 0;
    p++;
    s++;
  }
  return *p == 0 && *s == 0;
}

void web_dispatch(Req *r) {
  const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
  const char *allow[8];
  int nallow = 0;
  for (size_t i = 0; i < MJ_COUNT(routes); i++) {
    const char *vars[4] = {0};
    if (!match(r, routes[i].pattern, r->path, vars)) continue;
    if (strcmp(routes[i].method, method) == 0) {
      memcpy(r->pathvars, vars, sizeof vars);
      r->status = 200;
      routes[i].fn(r);
      return;
    }
    if (nallow < 8) allow[nallow++] = routes[i].method;
  }
  if (nallow) {
    Buf b;
    buf_init(&b, 256);
    for (int i = 0; i < nallow; i++) {
      if (i) buf_puts(&b, ", ");
      buf_puts(&b, allow[i]);
      if (strcmp(allow[i], "GET") == 0) buf_puts(&b, ", HEAD");
    }
    req_add_header(r, "Allow", arena_strdup(r->arena, b.p));
    buf_free(&b);
    const char *msg = "this address does not accept that method";
    if (req_is_api(r)) {
      reply_error(r, MJ_EINVAL, msg);
      r->status = 405;
    } else {
      page_error(r, 405, msg);
    }
    return;
  }
  reply_error(r, MJ_ENOTFOUND, "there is nothing at this address");
}

int req_is_api(const Req *r) { return mj_startswith(r->path, "/api/"); }
