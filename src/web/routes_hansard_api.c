/*
** routes_hansard_api.c: the routes of the electronic Hansard's JSON API.
** The capability here is checked before the handler runs; the domain
** (src/domain/hansard.h) checks again, with the finer rules (a reporter's
** own takes, a member's own speeches). Documented in assets/openapi.json.
*/
#include "routes_hansard_api.h"
#include "user.h"

const Route hansard_api_routes[] = {
  {"GET", "/api/v1/sittings/{id}/record", api_hansard_record, 0},
  {"GET", "/api/v1/sittings/{id}/record/vtt", api_hansard_vtt, 0},
  {"POST", "/api/v1/sittings/{id}/record/takes", api_hansard_assign, CAP_HANSARD_EDIT},
  {"POST", "/api/v1/sittings/{id}/record/segments", api_hansard_segments, CAP_HANSARD_REPORT},
  {"POST", "/api/v1/sittings/{id}/record/flags", api_hansard_flag_add, CAP_HANSARD_REPORT},
  {"POST", "/api/v1/sittings/{id}/record/review", api_hansard_review, CAP_HANSARD_EDIT},
  {"POST", "/api/v1/sittings/{id}/record/certify", api_hansard_certify, CAP_HANSARD_CERTIFY},
  {"POST", "/api/v1/sittings/{id}/record/publish", api_hansard_publish, CAP_HANSARD_CERTIFY},
  {"GET", "/api/v1/sittings/{id}/editions", api_hansard_editions, 0},
  {"GET", "/api/v1/speeches/{id}", api_hansard_speech, 0},
  {"POST", "/api/v1/speeches/{id}", api_hansard_speech_edit, CAP_HANSARD_REPORT},
  {"POST", "/api/v1/speeches/{id}/corrections", api_hansard_correction_propose, AUTH_SIGNED_IN},
  {"POST", "/api/v1/corrections/{id}/decision", api_hansard_correction_decide, CAP_HANSARD_EDIT},
  {"POST", "/api/v1/takes/{id}/status", api_hansard_take_status, CAP_HANSARD_REPORT},
  {"POST", "/api/v1/flags/{id}/resolve", api_hansard_flag_resolve, CAP_HANSARD_EDIT},
  {"GET", "/api/v1/editions/{id}", api_hansard_edition, 0},
  {"GET", "/api/v1/editions/{id}/diff", api_hansard_diff, 0},
};
const int hansard_api_nroutes = (int)MJ_COUNT(hansard_api_routes);
