/* expect-line: 7 */
/* fmtcheck case: %R given a conditional with a non-literal branch. */
#include "web.h"

static void show(Buf *b, int selected, const char *extra) {
  html_printf(b, "<option%R>", selected ? " selected" : "");
  html_printf(b, "<option%R>", selected ? " selected" : extra);
}
