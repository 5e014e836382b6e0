/*
** recxml.c: libxml2 glue for the record formats (see recxml.h). Parsing
** goes through a parser context with error printing off, so the first
** error comes back as one message with its line; the writer escapes by
** construction, so an exported document is well-formed whatever the
** database holds.
*/
#include "recxml.h"

#include "recdoc.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int recxml_slurp(const char *path, char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return mj_fail(errno == ENOENT ? MJ_ENOTFOUND : MJ_EIO, "%s: cannot open: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return mj_fail(MJ_EIO, "%s: not a regular file", path);
  }
  if ((unsigned long long)st.st_size > RECXML_MAX_FILE) {
    fclose(f);
    return mj_fail(MJ_ETOOBIG, "%s: %lld bytes is more than a record file may have (%u MiB)", path,
                   (long long)st.st_size, RECXML_MAX_FILE >> 20);
  }
  char *p = xmalloc((size_t)st.st_size + 1);
  size_t n = fread(p, 1, (size_t)st.st_size, f);
  int bad = ferror(f);
  fclose(f);
  if (bad || n != (size_t)st.st_size) {
    free(p);
    return mj_fail(MJ_EIO, "%s: read failed", path);
  }
  p[n] = 0;
  *data = p;
  *len = n;
  return MJ_OK;
}

/* libxml2 would otherwise print to stderr through the generic handler for
** some errors raised outside the context (encoding conversion). */
static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

/* The first error of a parse (libxml2 goes on after some errors; the
** first is the one that names the real fault). */
typedef struct First {
  int line, set;
  char msg[300];
} First;

static void first_error(void *arg, xmlErrorPtr e) {
  First *f = arg;
  if (f->set || !e || e->level < XML_ERR_ERROR) return;
  f->set = 1;
  f->line = e->line;
  mj_strlcpy(f->msg, e->message ? e->message : "unreadable", sizeof f->msg);
}

int recxml_parse(const char *name, const char *data, size_t len, int entities, xmlDocPtr *out) {
  *out = NULL;
  if (len > INT32_MAX) return mj_fail(MJ_ETOOBIG, "%s: too large", name);
  xmlParserCtxtPtr ctx = xmlNewParserCtxt();
  if (!ctx) return mj_fail(MJ_EINTERNAL, "%s: out of memory starting the XML parser", name);
  xmlSetGenericErrorFunc(NULL, quiet);
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  if (entities) opts |= XML_PARSE_NOENT; /* internal subset only: no DTDLOAD */
  First first;
  memset(&first, 0, sizeof first);
  xmlSetStructuredErrorFunc(&first, first_error);
  xmlDocPtr doc = xmlCtxtReadMemory(ctx, data, (int)len, name, NULL, opts);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (!doc || !ctx->wellFormed) {
    xmlErrorPtr e = xmlCtxtGetLastError(ctx);
    char msg[300];
    mj_strlcpy(msg, first.set ? first.msg : e && e->message ? e->message : "unreadable", sizeof msg);
    size_t l = strlen(msg);
    while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' ')) msg[--l] = 0;
    int line = first.set ? first.line : e ? e->line : 0;
    if (doc) xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctx);
    return mj_fail(MJ_EINVAL, "%s:%d: not well-formed XML: %s", name, line, msg);
  }
  xmlFreeParserCtxt(ctx);
  if (!xmlDocGetRootElement(doc)) {
    xmlFreeDoc(doc);
    return mj_fail(MJ_EINVAL, "%s:1: no root element", name);
  }
  *out = doc;
  return MJ_OK;
}

int recxml_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

const char *recxml_ns(const xmlNode *n) { return n && n->ns && n->ns->href ? (const char *)n->ns->href : ""; }

const char *recxml_attr(Arena *a, const xmlNode *n, const char *name, const char *ns) {
  xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
                  : xmlGetNoNsProp(n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = arena_strdup(a, (const char *)v);
  xmlFree(v);
  return s;
}

xmlNode *recxml_child(const xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (recxml_is(c, name)) return c;
  return NULL;
}

int recxml_line(const xmlNode *n) { return n ? (int)xmlGetLineNo(n) : 0; }

static int skipped(const xmlNode *n, const char *const *skip) {
  for (; skip && *skip; skip++)
    if (recxml_is(n, *skip)) return 1;
  return 0;
}

static int is_token(const xmlNode *n) { return recxml_is(n, "w") || recxml_is(n, "pc"); }

static int join_is(const xmlNode *n, const char *v) {
  xmlChar *j = xmlGetNoNsProp(n, (const xmlChar *)"join");
  int r = j && strcmp((const char *)j, v) == 0;
  if (j) xmlFree(j);
  return r;
}

/* Next token element after n in document order within the same parent chain
** (good enough for join="left" on punctuation). */
static const xmlNode *next_elem(const xmlNode *n) {
  for (const xmlNode *s = n->next; s; s = s->next)
    if (s->type == XML_ELEMENT_NODE) return s;
  return NULL;
}

static int blank(const xmlChar *s) {
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
  return 1;
}

/* Indentation between tokens is not text: the tokens say where spaces go. */
static int beside_token(const xmlNode *c) {
  const xmlNode *p = c->prev, *n = c->next;
  while (p && p->type != XML_ELEMENT_NODE) p = p->prev;
  while (n && n->type != XML_ELEMENT_NODE) n = n->next;
  return (p && is_token(p)) || (n && is_token(n));
}

static void gather(Buf *b, const xmlNode *n, const char *const *skip) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->type == XML_TEXT_NODE && blank(c->content) && beside_token(c)) continue;
      if (c->content) buf_puts(b, (const char *)c->content);
    } else if (c->type == XML_ENTITY_REF_NODE) {
      gather(b, c, skip); /* an entity not substituted: its expansion */
    } else if (c->type == XML_ELEMENT_NODE) {
      if (skipped(c, skip)) {
        buf_putc(b, ' ');
        continue;
      }
      if (recxml_is(c, "br")) {
        buf_putc(b, ' ');
        continue;
      }
      if (is_token(c)) {
        gather(b, c, skip);
        const xmlNode *nx = next_elem(c);
        if (!join_is(c, "right") && !(nx && join_is(nx, "left"))) buf_putc(b, ' ');
        continue;
      }
      gather(b, c, skip);
    }
  }
}

const char *recxml_text(Arena *a, const xmlNode *n, const char *const *skip) {
  Buf b;
  buf_init(&b, RECXML_MAX_FILE);
  gather(&b, n, skip);
  const char *s = recdoc_squash(a, b.p ? b.p : "");
  buf_free(&b);
  return s;
}

const char *recxml_text_br(Arena *a, const xmlNode *n, const char *const *skip) {
  Buf out, cur;
  buf_init(&out, RECXML_MAX_FILE);
  buf_init(&cur, RECXML_MAX_FILE);
  for (const xmlNode *c = n->children;; c = c->next) {
    if (!c || recxml_is(c, "br")) {
      const char *p = recdoc_squash(a, cur.p ? cur.p : "");
      if (*p) {
        if (out.n) buf_putc(&out, '\n');
        buf_puts(&out, p);
      }
      buf_reset(&cur);
      if (!c) break;
      continue;
    }
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) buf_puts(&cur, (const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE && !skipped(c, skip)) {
      gather(&cur, c, skip);
    }
  }
  const char *s = arena_strdup(a, out.p ? out.p : "");
  buf_free(&out);
  buf_free(&cur);
  return s;
}

/* ---- writing ---- */

void recxml_esc(Buf *b, const char *s, int attr) {
  if (!s) return;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    if (c < 0x80) {
      if (c == '&') buf_puts(b, "&amp;");
      else if (c == '<') buf_puts(b, "&lt;");
      else if (c == '>') buf_puts(b, "&gt;");
      else if (attr && c == '"') buf_puts(b, "&quot;");
      else if (c == '\n' || c == '\t' || c == '\r') {
        if (attr) buf_printf(b, "&#%u;", c);
        else buf_putc(b, (char)c);
      } else if (c < 0x20) buf_puts(b, "\xEF\xBF\xBD");
      else buf_putc(b, (char)c);
      p++;
      continue;
    }
    /* a UTF-8 sequence: check it is well-formed */
    int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    int ok = len > 0;
    for (int i = 1; ok && i < len; i++) ok = (p[i] & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      ok = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    } else if (ok && len == 4) {
      unsigned cp = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
      ok = cp >= 0x10000 && cp <= 0x10FFFF;
    }
    if (!ok) {
      buf_puts(b, "\xEF\xBF\xBD");
      p++;
      continue;
    }
    buf_append(b, p, (size_t)len);
    p += len;
  }
}

static void pad(Buf *b, int indent) {
  for (int i = 0; i < indent; i++) buf_puts(b, "  ");
}

void recxml_open(Buf *b, int indent, const char *name, const char *const *attrs, int empty) {
  pad(b, indent);
  buf_putc(b, '<');
  buf_puts(b, name);
  for (; attrs && attrs[0]; attrs += 2) {
    if (!attrs[1]) continue;
    buf_printf(b, " %s=\"", attrs[0]);
    recxml_esc(b, attrs[1], 1);
    buf_putc(b, '"');
  }
  buf_puts(b, empty ? "/>\n" : ">\n");
}

void recxml_close(Buf *b, int indent, const char *name) {
  pad(b, indent);
  buf_printf(b, "</%s>\n", name);
}

void recxml_leaf(Buf *b, int indent, const char *name, const char *const *attrs, const char *text) {
  if (!text) return;
  pad(b, indent);
  buf_putc(b, '<');
  buf_puts(b, name);
  for (; attrs && attrs[0]; attrs += 2) {
    if (!attrs[1]) continue;
    buf_printf(b, " %s=\"", attrs[0]);
    recxml_esc(b, attrs[1], 1);
    buf_putc(b, '"');
  }
  buf_putc(b, '>');
  recxml_esc(b, text, 0);
  buf_printf(b, "</%s>\n", name);
}
