/*
** search_saved.h: the web face of saved searches (search_saved.c) and of
** the search synonyms' admin screen (search_admin.c), and their route table
** (routes_search.c). Private to the web face.
*/
#ifndef MJ_SEARCH_SAVED_H
#define MJ_SEARCH_SAVED_H

#include "web_int.h"

struct SearchQuery;

/* The route table of this module, listed in routes.c's tables[]. */
extern const Route search_routes[];
extern const int search_nroutes;

/* On the search page, under the count of results (pages.c page_search):
** for a signed-in reader a form to save the search shown; for anyone else
** a link to sign in first; when the page is a saved search being rerun
** (/searches/{id}), its name, feed and the links to manage it. */
void search_saved_box(Req *r, const struct SearchQuery *q);
/* The reader's saved searches as a section of the account page
** (account.c page_account) and of /searches. */
void search_saved_account(Req *r);

/* handlers: search_saved.c */
void page_searches(Req *r);
void page_searches_create(Req *r);
void page_saved_search(Req *r);
void page_saved_search_update(Req *r);
void page_saved_search_delete(Req *r);
void api_searches(Req *r);
void api_searches_create(Req *r);
void api_saved_search(Req *r);
void api_saved_search_update(Req *r);
void api_saved_search_delete(Req *r);
/* handlers: search_admin.c */
void page_admin_synonyms(Req *r);
void page_admin_synonyms_post(Req *r);

#endif
