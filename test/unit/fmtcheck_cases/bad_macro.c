/* expect-line: 7 */
/* fmtcheck case: an error inside a macro that spans lines. */
#include "web.h"

#define CELL(b, v)                        \
  do {                                    \
    html_printf((b), "<td>%R</td>",       \
                (v));                     \
  } while (0)
