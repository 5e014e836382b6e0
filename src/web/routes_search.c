/*
** routes_search.c: the routes of saved searches (search_saved.c) and of
** the search synonyms' admin screen (search_admin.c), joined into the route
** table by routes.c. GET /searches/{id} also serves /searches/{id}.atom
** (a pattern segment is a whole path segment); it needs no sign-in because
** a shared search is read with its token; the handler lets only the owner
** or the token's holder in.
*/
#include "search_saved.h"
#include "user.h"

const Route search_routes[] = {
  {"GET", "/searches", page_searches, AUTH_SIGNED_IN},
  {"POST", "/searches", page_searches_create, AUTH_SIGNED_IN},
  {"GET", "/searches/{id}", page_saved_search, 0},
  {"POST", "/searches/{id}", page_saved_search_update, AUTH_SIGNED_IN},
  {"POST", "/searches/{id}/delete", page_saved_search_delete, AUTH_SIGNED_IN},
  {"GET", "/api/v1/searches", api_searches, AUTH_SIGNED_IN},
  {"POST", "/api/v1/searches", api_searches_create, AUTH_SIGNED_IN},
  {"GET", "/api/v1/searches/{id}", api_saved_search, AUTH_SIGNED_IN},
  {"PATCH", "/api/v1/searches/{id}", api_saved_search_update, AUTH_SIGNED_IN},
  {"DELETE", "/api/v1/searches/{id}", api_saved_search_delete, AUTH_SIGNED_IN},
  {"GET", "/admin/search/synonyms", page_admin_synonyms, CAP_HANSARD_EDIT},
  {"POST", "/admin/search/synonyms", page_admin_synonyms_post, CAP_HANSARD_EDIT},
};
const int search_nroutes = (int)MJ_COUNT(search_routes);
