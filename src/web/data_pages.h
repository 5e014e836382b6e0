/*
** data_pages.h: the open-data pages (issue #8): the catalogue, a dataset's
** page with its pivot table, chart, API query and downloads, the embeddable
** chart (SVG and an /embed page), the release calendar and the data
** officer's screen. Handlers live in data_pages.c, routes in routes_data.c.
*/
#ifndef MJ_DATA_PAGES_H
#define MJ_DATA_PAGES_H

#include "web.h"

extern const Route data_routes[];
extern const int data_nroutes;

void page_data_catalogue(Req *r);      /* GET /data */
void page_data_calendar(Req *r);       /* GET /data/calendar */
void page_data_flow(Req *r);           /* GET /data/{flow} */
void page_data_chart_svg(Req *r);      /* GET /data/{flow}/chart.svg */
void page_data_embed(Req *r);          /* GET /data/{flow}/embed */
void page_admin_data(Req *r);          /* GET /admin/data (CAP_DATA) */
void page_admin_data_publish(Req *r);  /* POST /admin/data/{flow}/publish */
void page_admin_data_revise(Req *r);   /* POST /admin/data/{flow}/revise */
void page_admin_data_announce(Req *r); /* POST /admin/data/{flow}/releases */

#endif
