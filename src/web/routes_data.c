/*
** routes_data.c: the routes of the open-data pages (data_pages.c). The
** literal /data/calendar comes before /data/{flow} so that it is not read
** as a dataset named "calendar".
*/
#include "data_pages.h"
#include "user.h"

const Route data_routes[] = {
    {"GET", "/data", page_data_catalogue, 0},
    {"GET", "/data/calendar", page_data_calendar, 0},
    {"GET", "/data/{flow}", page_data_flow, 0},
    {"GET", "/data/{flow}/chart.svg", page_data_chart_svg, 0},
    {"GET", "/data/{flow}/embed", page_data_embed, 0},
    {"GET", "/admin/data", page_admin_data, CAP_DATA},
    {"POST", "/admin/data/{flow}/publish", page_admin_data_publish, CAP_DATA},
    {"POST", "/admin/data/{flow}/revise", page_admin_data_revise, CAP_DATA},
    {"POST", "/admin/data/{flow}/releases", page_admin_data_announce, CAP_DATA},
};
const int data_nroutes = (int)MJ_COUNT(data_routes);
