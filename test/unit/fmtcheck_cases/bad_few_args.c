/* expect-line: 6 */
/* fmtcheck case: three conversions, two arguments. */
#include "web.h"

static void show(Buf *b, const char *name, int n) {
  html_printf(b, "<p>%s has %d of %d</p>",
              name, n);
}
