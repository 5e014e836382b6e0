/* expect-line: 9 */
/* fmtcheck case: %R given a function call. */
#include "web.h"

static const char *label(int n);

static void show(Buf *b, int n) {
  html_printf(b, "<span>%s</span>", label(n));
  html_printf(b, "<span>%R</span>", label(n));
}
