/* expect-line: 7 */
/* fmtcheck case: %R given a variable. */
#include "web.h"

static void show(Buf *b, const char *markup) {
  html_printf(b, "<div>%R</div>", "<hr>");
  html_printf(b, "<div>%R</div>", markup);
}
