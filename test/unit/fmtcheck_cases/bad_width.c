/* expect-line: 6 */
/* fmtcheck case: widths are not allowed. */
#include "web.h"

static void show(Buf *b, const char *name) {
  html_printf(b, "<pre>%5s</pre>", name);
}
