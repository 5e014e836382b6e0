/* expect-line: 9 */
/* fmtcheck case: the format is a variable, not a string literal. */
#include "web.h"

static void greet(Buf *b, const char *user_format, const char *name) {
  /* html_printf(b, "%s", name); is fine, but not what is done here: */
  html_printf(b, "<p>%s</p>", name);
  const char *fmt = user_format;
  html_printf(b,
              fmt, name);
}
