/* expect-line: 6 */
/* fmtcheck case: one conversion, two arguments. */
#include "web.h"

static void show(Buf *b, const char *name, int n) {
  html_printf(b, "<p>%s</p>", name, n);
}
