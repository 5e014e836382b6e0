/* expect-line: 6 */
/* fmtcheck case: %x is not a conversion of html_printf. */
#include "web.h"

static void show(Buf *b, unsigned n) {
  html_printf(b, "<p>0x%x</p>", n);
}
