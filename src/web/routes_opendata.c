/*
** routes_opendata.c: the routes of the machine-readable open-data outputs:
** the SDMX 2.1 REST API (sdmx.c), the downloads beside the dataset pages,
** and the DCAT-AP catalogue (catalog.c). Open to everyone: what a reader
** may see is decided per flow by od_flow_resolve()/od_flows_list().
*/
#include "opendata_web.h"

const Route opendata_routes[] = {
  {"GET", "/sdmx/2.1/data/{flow}", sdmx_data, 0},
  {"GET", "/sdmx/2.1/data/{flow}/{key}", sdmx_data, 0},
  {"GET", "/sdmx/2.1/data/{flow}/{key}/{provider}", sdmx_data, 0},
  {"GET", "/sdmx/2.1/dataflow", sdmx_dataflow, 0},
  {"GET", "/sdmx/2.1/dataflow/{agency}", sdmx_dataflow, 0},
  {"GET", "/sdmx/2.1/dataflow/{agency}/{id}", sdmx_dataflow, 0},
  {"GET", "/sdmx/2.1/dataflow/{agency}/{id}/{version}", sdmx_dataflow, 0},
  {"GET", "/sdmx/2.1/datastructure", sdmx_datastructure, 0},
  {"GET", "/sdmx/2.1/datastructure/{agency}", sdmx_datastructure, 0},
  {"GET", "/sdmx/2.1/datastructure/{agency}/{id}", sdmx_datastructure, 0},
  {"GET", "/sdmx/2.1/datastructure/{agency}/{id}/{version}", sdmx_datastructure, 0},
  {"GET", "/sdmx/2.1/codelist", sdmx_codelist, 0},
  {"GET", "/sdmx/2.1/codelist/{agency}", sdmx_codelist, 0},
  {"GET", "/sdmx/2.1/codelist/{agency}/{id}", sdmx_codelist, 0},
  {"GET", "/sdmx/2.1/codelist/{agency}/{id}/{version}", sdmx_codelist, 0},
  {"GET", "/data/{flow}/data.csv", od_download_csv, 0},
  {"GET", "/data/{flow}/csv-metadata.json", od_download_csvw, 0},
  {"GET", "/data/{flow}/data.csv-metadata.json", od_download_csvw, 0},
  {"GET", "/data/{flow}/datapackage.json", od_download_datapackage, 0},
  {"GET", "/catalog.jsonld", catalog_jsonld, 0},
  {"GET", "/catalog.ttl", catalog_ttl, 0},
};
const int opendata_nroutes = (int)MJ_COUNT(opendata_routes);
