/* expect-line: 11 */
/* fmtcheck-args: -f html_printf -f page_printf */
/* fmtcheck case: a wrapper named with -f is checked like html_printf. */
#include "web.h"

void page_printf(Req *r, const char *fmt, ...);

static void show(Req *r, const char *title) {
  page_printf(r, "<h1>%s</h1>", title);
  html_printf(&r->body, "<p>%d</p>", 1);
  page_printf(r, "<title>%R</title>", title);
}
