/* fmtcheck case: every call of html_printf in this file is valid.
** Comments may mention calls that would be wrong: html_printf(b, fmt);
** html_printf(b, "%x %5s %R", name, label(x)); are not calls at all. */
#include "web.h"

// html_printf(b, user_supplied_format);

void html_printf(Buf *b, const char *fmt, ...); /* the declaration is skipped */
void html_vprintf(Buf *b, const char *fmt, va_list ap);

static const char *fake = "html_printf(b, fmt, x, \"%R\", y)";
static const char quote = '"', comma = ',', paren = ')';

static const char *label(int n);

static void render_row(Buf *b, const char *name, int n, long long id, size_t size,
                       const Buf *inner, int selected) {
  html_printf(b, "<p>%s</p>\n", name);
  html_printf(b, "<a href=\"/u/%U\">%s</a>", name, name);
  html_printf(b,
              "<li id=\"item-%L\">%d of %z" /* concatenated */
              " items</li>\n",
              id, n, size);
  html_printf(b, "<div>%H</div>", inner);
  html_printf(b, "<option%R>%s</option>", selected ? " selected" : "", name);
  html_printf(b, "<option%R>", (selected ? (" selected") : ""));
  html_printf(b, "%R", n > 1 ? "many" : n == 1 ? "one" : "none");
  html_printf(b, "%R%R", "<hr>"
                         "\n", ("<br>"));
  html_printf(b, "100%% done: %s (%d)", label(n), paren == ')' ? n : -n);
  html_printf(b, "%s", selected ? label(n) : "x,y");
  html_printf(b, "<script>var s = \"%J\";</script>", name);
  html_printf(b, "\045s and \x25" "d", name, (int)strlen(fake));
  html_printf(b, "no conversions, \"%%\" only");
  html_vprintf(b, fake, (va_list){0});
  if (quote == comma) html_printf(b, "%s", "a \"quoted, comma\"");
  else html_printf(b, "%d", (int)(struct { int x; }){ .x = 1 }.x);
}

#define ROW(b, k, v)                                  \
  html_printf((b), "<tr><th>%s</th>"                  \
                   "<td>%d</td></tr>\n", (k), (v))

#define SEPARATOR html_printf(b, "%R", "<hr>")
