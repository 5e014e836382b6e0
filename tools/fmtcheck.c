/*
** fmtcheck: a build-time checker for calls of the escaping HTML formatter.
** Pages are written only through html_printf (src/web/web.h) and wrappers of
** the same shape, f(Buf *b, const char *fmt, ...); this program makes sure
** every such call in the given C files is well formed, so that nothing
** reaches a page unescaped by mistake.
**
**   fmtcheck [-f NAME]... FILE.c...     (no -f: NAME is html_printf)
**
** Rules, for each call of a listed NAME:
**  - The format (second argument) is one or more adjacent string literals.
**  - Its conversions are %s %U %J %d %L %z %H %R and %%; no flags, widths or
**    precisions. There are exactly as many further arguments as conversions.
**  - %R (raw, not escaped) takes a string literal (adjacent literals allowed)
**    or a conditional whose branches are such literals (or conditionals of
**    them), possibly parenthesised: sel ? " selected" : "".
** The scan skips comments, string and character literals, and treats
** backslash-newline as white space, so calls inside multi-line macros count.
** A NAME followed by "(" is a call unless it is declared or defined there:
** the token before it is "*", or an identifier other than return/else/do
** (as in "void NAME(", "Status NAME("), except the name of a #define, whose
** body is code. "#define NAME(" itself is skipped too.
** Each problem is printed as "file:line: message", with the line of NAME.
** Exit status: 0 all well, 1 problems found, 2 usage or I/O error.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 64
#define MAX_ARGS 256

static const char *names[MAX_NAMES];
static int nnames;
static int problems;
static const char *cur_file;

typedef struct {
  const char *s, *e; /* [s, e) */
} Span;

enum { T_NONE, T_IDENT, T_NUM, T_STR, T_PUNCT };
typedef struct {
  int kind;
  const char *s;
  size_t n;
} Tok;

static void report(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "%s:%d: ", cur_file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  problems++;
}

/* p is at a quote; returns the position after the closing quote (or at an
** unterminated literal's newline or the end). */
static const char *skip_lit(const char *p, const char *end) {
  char q = *p++;
  while (p < end && *p != q && *p != '\n') p += (*p == '\\' && p + 1 < end) ? 2 : 1;
  return p < end && *p == q ? p + 1 : p;
}

/* Skips one comment or backslash-newline at p; returns p if there is none. */
static const char *skip_comment(const char *p, const char *end) {
  if (p + 1 >= end) return p;
  if (p[0] == '\\' && p[1] == '\n') return p + 2;
  if (p[0] == '\\' && p[1] == '\r' && p + 2 < end && p[2] == '\n') return p + 3;
  if (p[0] == '/' && p[1] == '*') {
    for (p += 2; p + 1 < end; p++)
      if (p[0] == '*' && p[1] == '/') return p + 2;
    return end;
  }
  if (p[0] == '/' && p[1] == '/') {
    for (p += 2; p < end && *p != '\n'; p++)
      if (*p == '\\' && p + 1 < end) p++; /* continued // comment */
    return p;
  }
  return p;
}

/* Skips white space, comments and line continuations. */
static const char *skip_ws(const char *p, const char *end) {
  for (;;) {
    if (p < end && isspace((unsigned char)*p)) {
      p++;
      continue;
    }
    const char *q = skip_comment(p, end);
    if (q == p) return p;
    p = q;
  }
}

/* Skips a comment or literal at p; returns p if there is none. */
static const char *skip_atom(const char *p, const char *end) {
  if (p < end && (*p == '"' || *p == '\'')) return skip_lit(p, end);
  return skip_comment(p, end);
}

/* A copy of the span with comments, continuations and runs of white space
** turned into single spaces, trimmed. Literals are kept as written. */
static char *normalize(Span a) {
  char *out = malloc((size_t)(a.e - a.s) + 1);
  size_t n = 0;
  if (!out) exit(2);
  for (const char *p = skip_ws(a.s, a.e); p < a.e;) {
    const char *q = skip_ws(p, a.e);
    if (q != p) {
      if (q < a.e) out[n++] = ' ';
      p = q;
    } else if (*p == '"' || *p == '\'') {
      q = skip_lit(p, a.e);
      memcpy(out + n, p, (size_t)(q - p));
      n += (size_t)(q - p);
      p = q;
    } else {
      out[n++] = *p++;
    }
  }
  out[n] = 0;
  return out;
}

static int is_ident(int c) { return isalnum(c) || c == '_'; }

/* True if s[0..n) is one or more adjacent string literals (n > 0, no
** comments: the text is normalized). */
static int is_lits(const char *s, size_t n) {
  const char *p = s, *end = s + n;
  int seen = 0;
  for (;;) {
    while (p < end && *p == ' ') p++;
    if (p >= end || *p != '"') break;
    p = skip_lit(p, end);
    seen = 1;
  }
  return seen && p == end;
}

/* Acceptable argument of %R: literals, a parenthesised acceptable argument,
** or cond ? acceptable : acceptable. s is normalized text. */
static int raw_ok(const char *s, size_t n) {
  while (n && s[0] == ' ') s++, n--;
  while (n && s[n - 1] == ' ') n--;
  if (!n) return 0;
  if (is_lits(s, n)) return 1;
  size_t i, q = n, c = n;
  int depth = 0, nest = 0, closed = 0;
  for (i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '"' || ch == '\'') {
      i = (size_t)(skip_lit(s + i, s + n) - s) - 1;
    } else if (ch == '(' || ch == '[' || ch == '{') {
      depth++;
    } else if (ch == ')' || ch == ']' || ch == '}') {
      if (--depth == 0 && s[0] == '(' && !closed) {
        if (i == n - 1) return raw_ok(s + 1, n - 2); /* (e) */
        closed = 1;
      }
    } else if (depth == 0 && ch == '?') {
      if (q == n) q = i;
      else nest++;
    } else if (depth == 0 && ch == ':' && q != n) {
      if (nest == 0) {
        c = i;
        break;
      }
      nest--;
    }
  }
  if (q == n || c == n) return 0;
  return raw_ok(s + q + 1, c - q - 1) && raw_ok(s + c + 1, n - c - 1);
}

/* Decodes adjacent string literals in span a into out (room for the span's
** length). Returns the decoded length, or -1 if a is not only literals. */
static long decode_lits(Span a, char *out) {
  const char *p = skip_ws(a.s, a.e);
  long n = 0;
  if (p >= a.e || *p != '"') return -1;
  while (p < a.e && *p == '"') {
    for (p++; p < a.e && *p != '"' && *p != '\n'; p++) {
      if (*p != '\\' || p + 1 >= a.e) {
        out[n++] = *p;
        continue;
      }
      char c = *++p;
      if (c == '\n') continue; /* continuation inside the literal */
      if (c >= '0' && c <= '7') {
        int v = 0;
        for (int k = 0; k < 3 && p < a.e && *p >= '0' && *p <= '7'; k++) v = v * 8 + (*p++ - '0');
        p--;
        out[n++] = (char)v;
      } else if (c == 'x') {
        int v = 0;
        while (p + 1 < a.e && isxdigit((unsigned char)p[1])) {
          p++;
          v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
        }
        out[n++] = (char)v;
      } else {
        const char *from = "abfnrtv", *to = "\a\b\f\n\r\t\v";
        const char *k = strchr(from, c);
        out[n++] = k ? to[k - from] : c;
      }
    }
    if (p >= a.e || *p != '"') return -1; /* unterminated */
    p = skip_ws(p + 1, a.e);
  }
  return p == a.e ? n : -1;
}

/* Prints at most 80 characters of s. */
static const char *clip(char *s) {
  if (strlen(s) > 80) memcpy(s + 77, "...", 4);
  return s;
}

/* Checks one call; open is at its "(". */
static void check_call(const char *name, int line, const char *open, const char *end) {
  Span args[MAX_ARGS];
  int nargs = 0, depth = 0;
  const char *p = open + 1, *start = p;
  for (;;) {
    if (p >= end) {
      report(line, "unterminated call of %s", name);
      return;
    }
    const char *q = skip_atom(p, end);
    if (q != p) {
      p = q;
      continue;
    }
    char c = *p;
    if (c == '(' || c == '[' || c == '{') depth++;
    else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
    else if (depth == 0 && (c == ',' || c == ')')) {
      if (nargs == MAX_ARGS) {
        report(line, "too many arguments to %s to check", name);
        return;
      }
      args[nargs++] = (Span){start, p};
      start = p + 1;
      if (c == ')') break;
    }
    p++;
  }
  if (nargs == 1 && skip_ws(args[0].s, args[0].e) == args[0].e) nargs = 0;
  if (nargs < 2) {
    report(line, "call of %s has no format argument", name);
    return;
  }
  char *fmt = malloc((size_t)(args[1].e - args[1].s) + 1);
  char *convs = malloc((size_t)(args[1].e - args[1].s) + 1);
  if (!fmt || !convs) exit(2);
  long n = decode_lits(args[1], fmt);
  int nconv = 0, bad = 0;
  if (n < 0) {
    report(line, "format of %s is not a string literal", name);
    bad = 1;
  }
  for (long i = 0; i < n; i++) {
    if (fmt[i] != '%') continue;
    if (++i == n) {
      report(line, "format of %s ends with a lone %%", name);
      bad = 1;
      break;
    }
    char c = fmt[i];
    if (c == '%') continue;
    if (c && strchr("sUJdLzHR", c)) {
      convs[nconv++] = c;
    } else if (c && strchr("-+ #0123456789.*'", c)) {
      long j = i;
      while (j < n && fmt[j] && strchr("-+ #0123456789.*'", fmt[j])) j++;
      if (j < n && isalpha((unsigned char)fmt[j])) j++;
      report(line, "flag, width or precision in conversion '%%%.*s' of %s", (int)(j - i), fmt + i, name);
      bad = 1;
    } else if (isprint((unsigned char)c)) {
      report(line, "unknown conversion '%%%c' in format of %s", c, name);
      bad = 1;
    } else {
      report(line, "unknown conversion '%%\\x%02x' in format of %s", (unsigned char)c, name);
      bad = 1;
    }
  }
  if (!bad && nconv != nargs - 2)
    report(line, "%s: %d conversion%s, %d argument%s", name, nconv, nconv == 1 ? "" : "s", nargs - 2,
           nargs == 3 ? "" : "s");
  for (int k = 0; !bad && k < nconv && k + 2 < nargs; k++) {
    if (convs[k] != 'R') continue;
    char *text = normalize(args[k + 2]);
    if (!raw_ok(text, strlen(text)))
      report(line, "unescaped %%R conversion takes a non-literal argument: %s", clip(text));
    free(text);
  }
  free(fmt);
  free(convs);
}

static int tok_is(Tok t, const char *w) {
  return t.kind == T_IDENT && t.n == strlen(w) && memcmp(t.s, w, t.n) == 0;
}

/* A call of NAME whose preceding tokens are prev2 prev is a declaration or
** definition (see the rules at the top). */
static int is_decl(Tok prev2, Tok prev) {
  if (prev.kind == T_PUNCT && *prev.s == '*') return 1;
  if (prev.kind != T_IDENT) return 0;
  if (tok_is(prev, "return") || tok_is(prev, "else") || tok_is(prev, "do")) return 0;
  return !tok_is(prev2, "define");
}

static void check_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  size_t cap = 65536, len = 0, got;
  char *buf = malloc(cap);
  if (!buf) exit(2);
  while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += got;
    if (cap - len - 1 == 0) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) exit(2);
      buf = nb;
    }
  }
  if (ferror(f)) {
    perror(path);
    exit(2);
  }
  fclose(f);
  buf[len] = 0;
  cur_file = path;
  const char *p = buf, *end = buf + len, *counted = buf;
  int line = 1;
  Tok prev = {T_NONE, "", 0}, prev2 = prev;
  while (p < end) {
    const char *q = skip_comment(p, end);
    if (q != p) {
      p = q;
      continue;
    }
    if (isspace((unsigned char)*p)) {
      p++;
      continue;
    }
    Tok t = {T_PUNCT, p, 1};
    if (*p == '"' || *p == '\'') {
      t.kind = T_STR;
      q = skip_lit(p, end);
    } else if (is_ident((unsigned char)*p)) {
      t.kind = isdigit((unsigned char)*p) ? T_NUM : T_IDENT;
      for (q = p; q < end && is_ident((unsigned char)*q);) q++;
      t.n = (size_t)(q - p);
      for (int i = 0; t.kind == T_IDENT && i < nnames; i++) {
        if (strlen(names[i]) != t.n || memcmp(names[i], p, t.n) != 0) continue;
        const char *r = skip_ws(q, end);
        if (r >= end || *r != '(' || is_decl(prev2, prev)) break;
        for (; counted < p; counted++) line += *counted == '\n';
        check_call(names[i], line, r, end);
        break;
      }
    } else {
      q = p + 1;
    }
    prev2 = prev;
    prev = t;
    p = q;
  }
  free(buf);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    const char *nm = NULL;
    if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) nm = argv[++i];
    else if (strncmp(argv[i], "-f", 2) == 0 && argv[i][2]) nm = argv[i] + 2;
    if (!nm || nnames == MAX_NAMES) {
      fprintf(stderr, "usage: fmtcheck [-f NAME]... FILE.c...\n");
      return 2;
    }
    names[nnames++] = nm;
  }
  if (nnames == 0) names[nnames++] = "html_printf";
  if (i == argc) {
    fprintf(stderr, "usage: fmtcheck [-f NAME]... FILE.c...\n");
    return 2;
  }
  for (; i < argc; i++) check_file(argv[i]);
  return problems ? 1 : 0;
}
