/*
** opendata_web.h: the machine-readable open-data outputs of the web face
** (issue #8): the SDMX 2.1 REST API (sdmx.c), the downloads beside it (plain
** CSV with its CSV on the Web metadata, the Frictionless data package) and
** the DCAT-AP catalogue (catalog.c). Routes in routes_opendata.c.
*/
#ifndef MJ_OPENDATA_WEB_H
#define MJ_OPENDATA_WEB_H

#include "web.h"

extern const Route opendata_routes[];
extern const int opendata_nroutes;

/* sdmx.c */
void sdmx_data(Req *r);          /* GET /sdmx/2.1/data/{flow}[/{key}[/{provider}]] */
void sdmx_dataflow(Req *r);      /* GET /sdmx/2.1/dataflow[/{agency}[/{id}[/{version}]]] */
void sdmx_datastructure(Req *r); /* GET /sdmx/2.1/datastructure[/...] */
void sdmx_codelist(Req *r);      /* GET /sdmx/2.1/codelist[/...] */
void od_download_csv(Req *r);    /* GET /data/{flow}/data.csv */
void od_download_csvw(Req *r);   /* GET /data/{flow}/csv-metadata.json, /data/{flow}/data.csv-metadata.json */
void od_download_datapackage(Req *r); /* GET /data/{flow}/datapackage.json */
/* catalog.c */
void catalog_jsonld(Req *r);     /* GET /catalog.jsonld */
void catalog_ttl(Req *r);        /* GET /catalog.ttl */

/* Shared by sdmx.c and catalog.c. */
/* The site's base URL without a trailing slash: the public_url setting, else
** http(s)://Host of the request. Arena string. */
const char *odweb_base(Req *r);
/* The per-address rate limit of /sdmx and downloads: 1 when the request may
** proceed; otherwise it has replied 429 with Retry-After and returns 0. */
int odweb_rate_ok(Req *r);
/* Conditional GET: sets ETag and Last-Modified (epoch seconds) and replies
** 304 when If-None-Match or If-Modified-Since say the client has it;
** returns 1 when it replied. */
int odweb_not_modified(Req *r, const char *etag, int64_t last_modified);
/* An instance setting as a whole number in [lo, hi], else dflt. */
long long odweb_setting(Req *r, const char *key, long long dflt, long long lo, long long hi);

#endif
