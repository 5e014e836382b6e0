/*
** html.c: the escaping formatter every page is written through. Its
** conversions escape for the context they name, so a handler cannot emit a
** string unescaped by accident; the only raw conversion, %R, is checked at
** build time (tools/fmtcheck) to take string literals only.
*/
#include <string.h>

#include "web.h"

void html_escape(Buf *b, const char *s) {
  if (!s) return;
  const char *run = s;
  for (; *s; s++) {
    const char *rep;
    switch (*s) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    buf_append(b, run, (size_t)(s - run));
    buf_puts(b, rep);
    run = s + 1;
  }
  buf_append(b, run, (size_t)(s - run));
}

static void url_escape(Buf *b, const char *s) {
  static const char hx[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    unsigned c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      buf_putc(b, (char)c);
    } else {
      char e[3] = {'%', hx[c >> 4], hx[c & 15]};
      buf_append(b, e, 3);
    }
  }
}

/* JSON string content, with <, >, & and the line separators escaped so the
** text cannot close a <script> element or break a JavaScript string. */
static void json_escape(Buf *b, const char *s) {
  static const char hx[] = "0123456789abcdef";
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    unsigned c = *p;
    if (c == '"' || c == '\\') {
      buf_putc(b, '\\');
      buf_putc(b, (char)c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
      char e[6] = {'\\', 'u', '0', '0', hx[c >> 4], hx[c & 15]};
      buf_append(b, e, 6);
    } else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
      buf_puts(b, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
      p += 2;
    } else {
      buf_putc(b, (char)c);
    }
  }
}

void html_vprintf(Buf *b, const char *fmt, va_list ap) {
  const char *run = fmt;
  for (const char *f = fmt; *f; f++) {
    if (*f != '%') continue;
    buf_append(b, run, (size_t)(f - run));
    f++;
    switch (*f) {
    case 's': html_escape(b, va_arg(ap, const char *)); break;
    case 'U': url_escape(b, va_arg(ap, const char *)); break;
    case 'J': json_escape(b, va_arg(ap, const char *)); break;
    case 'R': {
      const char *s = va_arg(ap, const char *);
      if (s) buf_puts(b, s);
      break;
    }
    case 'H': {
      const Buf *h = va_arg(ap, const Buf *);
      if (h && h->p) buf_append(b, h->p, h->n);
      break;
    }
    case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
    case 'L': buf_printf(b, "%lld", va_arg(ap, long long)); break;
    case 'z': buf_printf(b, "%zu", va_arg(ap, size_t)); break;
    case '%': buf_putc(b, '%'); break;
    default:
      /* fmtcheck rejects this at build time; never reached in a clean build */
      mj_die("html_printf: unknown conversion %%%c in \"%s\"", *f ? *f : '?', fmt);
    }
    run = f + 1;
  }
  buf_puts(b, run);
}

void html_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  html_vprintf(b, fmt, ap);
  va_end(ap);
}
