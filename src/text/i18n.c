/*
** i18n.c: reads GNU .mo files in place. The format: a header with a magic
** number, the string count N, and the offsets of two tables of (length,
** offset) pairs, originals and translations; msgfmt writes the originals
** sorted, so a binary search finds a msgid without building anything.
** We verify that order at start-up and fall back to a linear scan if a
** file was produced by a tool that does not sort.
*/
#include "i18n.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base.h"
#include "embed.h"

typedef struct MoTable {
  const unsigned char *data;
  size_t len;
  uint32_t n, orig, trans;
  int sorted;
} MoTable;

static MoTable tables[LANG_COUNT];

static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The string at index i of the table at offset `tab`; NULL if out of bounds. */
static const char *mo_str(const MoTable *t, uint32_t tab, uint32_t i) {
  size_t at = (size_t)tab + (size_t)i * 8;
  if (at + 8 > t->len) return NULL;
  uint32_t l = rd32(t->data + at), o = rd32(t->data + at + 4);
  if ((size_t)o + l >= t->len) return NULL;
  return (const char *)t->data + o;
}

static int load(Lang lang, const char *name) {
  const EmbedFile *f = embed_find(embed_locales, name);
  MoTable *t = &tables[lang];
  memset(t, 0, sizeof *t);
  if (!f) return MJ_OK; /* no file: every string falls back to its msgid */
  if (f->len < 28 || rd32(f->data) != 0x950412deu)
    return mj_fail(MJ_EINTERNAL, "embedded %s is not a little-endian .mo file", name);
  t->data = f->data;
  t->len = f->len;
  t->n = rd32(f->data + 8);
  t->orig = rd32(f->data + 12);
  t->trans = rd32(f->data + 16);
  t->sorted = 1;
  for (uint32_t i = 0; i < t->n; i++) {
    const char *a = mo_str(t, t->orig, i), *b = mo_str(t, t->trans, i);
    if (!a || !b) return mj_fail(MJ_EINTERNAL, "embedded %s is truncated", name);
    if (i && strcmp(mo_str(t, t->orig, i - 1), a) > 0) t->sorted = 0;
  }
  return MJ_OK;
}

int i18n_init(void) {
  int rc;
  if ((rc = load(LANG_AR, "ar.mo"))) return rc;
  if ((rc = load(LANG_EN, "en.mo"))) return rc;
  if ((rc = load(LANG_AZ, "az.mo"))) return rc;
  return MJ_OK;
}

const char *i18n_tr(Lang lang, const char *msgid) {
  if ((unsigned)lang >= LANG_COUNT) return msgid;
  const MoTable *t = &tables[lang];
  if (!t->data || !*msgid) return msgid;
  uint32_t lo = 0, hi = t->n;
  if (t->sorted) {
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      int c = strcmp(mo_str(t, t->orig, mid), msgid);
      if (c == 0) {
        const char *s = mo_str(t, t->trans, mid);
        return *s ? s : msgid;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return msgid;
  }
  for (uint32_t i = 0; i < t->n; i++)
    if (strcmp(mo_str(t, t->orig, i), msgid) == 0) {
      const char *s = mo_str(t, t->trans, i);
      return *s ? s : msgid;
    }
  return msgid;
}

int i18n_count(Lang lang) {
  if ((unsigned)lang >= LANG_COUNT) return 0;
  /* The header entry (empty msgid) is not a translation. */
  return tables[lang].n ? (int)tables[lang].n - 1 : 0;
}

const char *i18n_code(Lang lang) {
  static const char *c[] = {"ar", "en", "az"};
  return (unsigned)lang < LANG_COUNT ? c[lang] : "ar";
}
const char *i18n_dir(Lang lang) { return lang == LANG_AR ? "rtl" : "ltr"; }
const char *i18n_native_name(Lang lang) {
  static const char *c[] = {"العربية", "English", "Azərbaycanca"};
  return (unsigned)lang < LANG_COUNT ? c[lang] : "";
}
int i18n_parse(const char *code) {
  if (!code) return -1;
  for (int i = 0; i < LANG_COUNT; i++)
    if (strcasecmp(code, i18n_code((Lang)i)) == 0) return i;
  return -1;
}
