/*
** recxml: what the XML record readers and writers share over libxml2:
** parsing from memory with the first error reported as FILE:LINE: reason
** (never printed by libxml2 itself), reading a file whole (with its
** SHA-256), attribute and text access into an arena, and an XML writer
** into a Buf that escapes every text and attribute.
*/
#ifndef MJ_RECXML_H
#define MJ_RECXML_H

#include <libxml/tree.h>

#include "base.h"

/* Most bytes a record file may have (the largest real ParlParse day is
** under 1 MB; a 100,000-word sitting is about 1.5 MB). */
#define RECXML_MAX_FILE (256u << 20)

/* Reads a whole file; caller frees *data. MJ_ENOTFOUND / MJ_EIO / MJ_ETOOBIG
** with the path in the message. */
int recxml_slurp(const char *path, char **data, size_t *len);

/* Parses XML from memory. entities: substitute entities declared in the
** document's internal subset (ParlParse's HTML entities); never loads an
** external DTD or anything from the network. On malformed input returns
** MJ_EINVAL with "NAME:LINE: not well-formed XML: <libxml2's reason>".
** Caller frees *out with xmlFreeDoc. */
int recxml_parse(const char *name, const char *data, size_t len, int entities, xmlDocPtr *out);

/* The node's local name equals `name` (any namespace). */
int recxml_is(const xmlNode *n, const char *name);
/* The namespace URI of an element, "" when none. */
const char *recxml_ns(const xmlNode *n);
/* An attribute's value copied into the arena (NULL when absent). ns NULL:
** an attribute without namespace; else that namespace's. */
const char *recxml_attr(Arena *a, const xmlNode *n, const char *name, const char *ns);
/* The first element child with this local name, NULL if none. */
xmlNode *recxml_child(const xmlNode *n, const char *name);
/* The text of a subtree, white space squashed; `br` counts as a space;
** TEI tokens (w, pc) are joined with a space unless join="right" or the
** next one is join="left"; elements named in `skip` (NULL-terminated
** list, may be NULL) are left out. Returns "" for no text. */
const char *recxml_text(Arena *a, const xmlNode *n, const char *const *skip);
/* The same, but a `br` child of n ends a paragraph: paragraphs joined by
** '\n', empty ones dropped (AKN's inline narrative, scene, summary). */
const char *recxml_text_br(Arena *a, const xmlNode *n, const char *const *skip);
int recxml_line(const xmlNode *n);

/* ---- writing ---- */
/* Appends s escaped for XML text (& < >) or, with attr, for a double-quoted
** attribute (also " and control characters as references). Invalid UTF-8
** and characters XML 1.0 forbids are replaced by U+FFFD. */
void recxml_esc(Buf *b, const char *s, int attr);
/* Appends an element start `<name a="v" ...>`: attrs is a NULL-terminated
** list of name, value pairs; pairs whose value is NULL are left out.
** empty: write `/>`. */
void recxml_open(Buf *b, int indent, const char *name, const char *const *attrs, int empty);
void recxml_close(Buf *b, int indent, const char *name);
/* <name attrs>text</name> on one line (nothing when text is NULL). */
void recxml_leaf(Buf *b, int indent, const char *name, const char *const *attrs, const char *text);

#endif
