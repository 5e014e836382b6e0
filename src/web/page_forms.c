/*
** page_forms.c: the small helpers the HTML screens with forms share
** (meeting_pages.c, record_pages.c, pages.c): the id of a path segment, the
** redirect after a POST and the hidden fields every form carries.
*/
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

int page_path_id(Req *r, int i, int64_t *id) {
  long long v;
  if (!r->pathvars[i] || mj_parse_int(r->pathvars[i], 1, INT64_MAX, &v)) {
    reply_error(r, MJ_ENOTFOUND, "there is nothing at this address");
    return 0;
  }
  *id = (int64_t)v;
  return 1;
}

/* "/..." but not "//..." (another host) and nothing with a backslash or a
** control character. */
int page_safe_back(const char *s) {
  if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\') return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == '\\' || *p == 0x7f) return 0;
  return strlen(s) < 1024;
}

void page_finish_post(Req *r, int rc, const char *dflt) {
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  const char *back = req_form(r, "back");
  reply_redirect(r, page_safe_back(back) ? back : dflt);
}

void page_form_hidden(Req *r, const char *back) {
  page_csrf_field(r);
  html_printf(&r->out, "<input type=\"hidden\" name=\"back\" value=\"%s\">", back);
}
