/*
** params.c: parsing of outside input that arrives before any handler runs:
** urlencoded form bodies, Cookie headers and Accept-Language. Everything
** here is fuzzed (test/fuzz/fuzz_params.c), allocates only from the
** request's arena, and never trusts a length it did not count itself.
*/
#include <string.h>
#include <strings.h>

#include "web.h"

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Strict UTF-8 check: no overlongs, no surrogates, nothing above U+10FFFF,
** and no NUL (which would silently truncate a C string). */
static int utf8_ok(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c == 0) return 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t k;
    unsigned min;
    if ((c & 0xE0) == 0xC0) k = 1, min = 0x80, c &= 0x1F;
    else if ((c & 0xF0) == 0xE0) k = 2, min = 0x800, c &= 0x0F;
    else if ((c & 0xF8) == 0xF0) k = 3, min = 0x10000, c &= 0x07;
    else return 0;
    if (i + k >= n) return 0; /* truncated sequence */
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80) return 0;
      c = (c << 6) | (s[i + j] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    i += k + 1;
  }
  return 1;
}

/* Decodes a urlencoded run ('+' is a space in forms) into the arena. */
static char *decode(Arena *a, const char *s, size_t n, int plus, size_t *outlen) {
  char *o = arena_alloc(a, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int h1, h2;
    if (s[i] == '%' && i + 2 < n && (h1 = hexval((unsigned char)s[i + 1])) >= 0 &&
        (h2 = hexval((unsigned char)s[i + 2])) >= 0) {
      o[k++] = (char)(h1 * 16 + h2);
      i += 2;
    } else if (plus && s[i] == '+') {
      o[k++] = ' ';
    } else {
      o[k++] = s[i];
    }
  }
  o[k] = 0;
  *outlen = k;
  return o;
}

int params_parse_form(Arena *a, const char *s, size_t len, Param **out, int max) {
  *out = NULL;
  if (!s || !len || max <= 0) return 0;
  int cap = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '&') cap++;
  cap = cap + 1 < max ? cap + 1 : max;
  Param *p = arena_alloc(a, sizeof(Param) * (size_t)cap);
  int n = 0;
  size_t i = 0;
  while (i < len && n < cap) {
    size_t j = i;
    while (j < len && s[j] != '&') j++;
    if (j > i) {
      size_t eq = i;
      while (eq < j && s[eq] != '=') eq++;
      size_t nl, vl;
      char *name = decode(a, s + i, eq - i, 1, &nl);
      char *value = eq < j ? decode(a, s + eq + 1, j - eq - 1, 1, &vl) : arena_strdup(a, "");
      if (eq >= j) vl = 0;
      if (nl && utf8_ok((unsigned char *)name, nl) && utf8_ok((unsigned char *)value, vl)) {
        p[n].name = name;
        p[n].value = value;
        n++;
      }
    }
    i = j + 1;
  }
  *out = p;
  return n;
}

int params_parse_cookies(Arena *a, const char *s, Param **out, int max) {
  *out = NULL;
  if (!s || max <= 0) return 0;
  size_t len = strlen(s);
  int cap = 1;
  for (size_t i = 0; i < len; i++)
    if (s[i] == ';') cap++;
  if (cap > max) cap = max;
  Param *p = arena_alloc(a, sizeof(Param) * (size_t)cap);
  int n = 0;
  size_t i = 0;
  while (i < len && n < cap) {
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    size_t j = i;
    while (j < len && s[j] != ';') j++;
    size_t eq = i;
    while (eq < j && s[eq] != '=') eq++;
    if (eq < j && eq > i) {
      size_t ne = eq;
      while (ne > i && (s[ne - 1] == ' ' || s[ne - 1] == '\t')) ne--;
      size_t vs = eq + 1, ve = j;
      while (ve > vs && (s[ve - 1] == ' ' || s[ve - 1] == '\t')) ve--;
      if (ve - vs >= 2 && s[vs] == '"' && s[ve - 1] == '"') vs++, ve--;
      if (ne > i && utf8_ok((const unsigned char *)s + i, ne - i) &&
          utf8_ok((const unsigned char *)s + vs, ve - vs)) {
        p[n].name = arena_strndup(a, s + i, ne - i);
        p[n].value = arena_strndup(a, s + vs, ve - vs);
        n++;
      }
    }
    i = j + 1;
  }
  *out = p;
  return n;
}

int params_accept_language(const char *s) {
  if (!s) return -1;
  int best = -1;
  int bestq = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    const char *tag = p;
    while (*p && *p != ',' && *p != ';' && *p != ' ') p++;
    size_t tl = (size_t)(p - tag);
    int q = 1000;
    while (*p == ' ') p++;
    if (*p == ';') {
      const char *qs = strstr(p, "q=");
      const char *end = strchr(p, ',');
      if (qs && (!end || qs < end)) {
        qs += 2;
        /* q = 0, 0.x, 0.xx, 0.xxx or 1, 1.0... */
        int v = 0, digits = 0;
        if (*qs == '1') v = 1000;
        else if (*qs == '0') {
          v = 0;
          if (qs[1] == '.') {
            int scale = 100;
            for (const char *d = qs + 2; *d >= '0' && *d <= '9' && digits < 3; d++, digits++) {
              v += (*d - '0') * scale;
              scale /= 10;
            }
          }
        } else v = 0;
        q = v;
      }
      while (*p && *p != ',') p++;
    }
    if (tl >= 2) {
      char code[3] = {tag[0], tag[1], 0};
      int lang = (tl == 2 || tag[2] == '-' || tag[2] == '_') ? i18n_parse(code) : -1;
      if (lang >= 0 && q > bestq) {
        best = lang;
        bestq = q;
      }
    }
    if (*p == ',') p++;
    else if (*p && *p != ' ') p++;
  }
  return best;
}
