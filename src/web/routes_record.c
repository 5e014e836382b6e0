/*
** routes_record.c: the routes of the Hansard's screens (record_pages.c),
** joined to the others by routes.c. The JSON API of the record is the
** domain's (h1's api_hansard.c); these are pages and the forms they post.
*/
#include "record.h"
#include "user.h"

const Route record_routes[] = {
  /* public: published editions only */
  {"GET", "/sittings/{id}/record", page_record, 0},
  {"GET", "/sittings/{id}/record/print", page_record_print, 0},
  {"GET", "/sittings/{id}/record.pdf", page_record_pdf, 0},
  {"GET", "/sittings/{id}/record.akn", page_record_akn, 0},
  {"GET", "/sittings/{id}/record.tei", page_record_tei, 0},
  {"GET", "/sittings/{id}/record/editions/{n}", page_record_edition, 0},
  {"GET", "/speeches/{id}", page_speech, 0},
  /* reporters, editors, members, certifiers */
  {"GET", "/sittings/{id}/record/edit", page_record_edit, CAP_HANSARD_REPORT},
  {"GET", "/sittings/{id}/record/review", page_record_review, AUTH_SIGNED_IN},
  {"GET", "/sittings/{id}/record/certify", page_record_certify, CAP_HANSARD_CERTIFY},
  {"POST", "/speeches/{id}/edit", page_record_speech_save, CAP_HANSARD_REPORT},
  {"POST", "/takes/{id}/status", page_record_take_status, CAP_HANSARD_REPORT},
  {"POST", "/flags/{id}/resolve", page_record_flag_resolve, CAP_HANSARD_EDIT},
  {"POST", "/sittings/{id}/record/review", page_record_review_open, CAP_HANSARD_EDIT},
  {"POST", "/speeches/{id}/corrections", page_record_correction_propose, AUTH_SIGNED_IN},
  {"POST", "/corrections/{id}/decision", page_record_correction_decide, CAP_HANSARD_EDIT},
  {"POST", "/sittings/{id}/record/certify", page_record_certify_post, CAP_HANSARD_CERTIFY},
  {"POST", "/sittings/{id}/record/publish", page_record_publish, CAP_HANSARD_CERTIFY},
};
const int record_nroutes = (int)MJ_COUNT(record_routes);
