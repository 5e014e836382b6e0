/*
** embed.h: files compiled into the binary by tools/embed (CSS, JS, compiled
** translations, schema migrations). Each table ends with a zeroed entry.
*/
#ifndef MJ_EMBED_H
#define MJ_EMBED_H

#include <stddef.h>

typedef struct EmbedFile {
  const char *name;          /* path relative to its folder, e.g. "css/majlis.css" */
  const unsigned char *data; /* the bytes, followed by a NUL not counted in len */
  size_t len;
  const char *etag;          /* quoted content hash, e.g. "\"9f2c...\"" */
} EmbedFile;

extern const EmbedFile embed_assets[];     /* assets/ (css, js, img) */
extern const EmbedFile embed_locales[];    /* compiled .mo files: "ar.mo", ... */
extern const EmbedFile embed_migrations[]; /* src/store/migrations/NNNN_*.sql */

/* The entry named `name` in `table`, or NULL. */
const EmbedFile *embed_find(const EmbedFile *table, const char *name);

#endif
