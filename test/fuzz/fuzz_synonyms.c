/*
** fuzz_synonyms.c: libFuzzer target for the checks of what editors and
** readers type into synonyms and saved searches (src/domain/synonyms.c,
** src/domain/savedsearch.c), before anything reaches the database: a
** synonym term's display form and comparison key, and a saved search's
** name, query and sort. Invariants: an accepted term is valid UTF-8, has
** no control character, no leading, trailing or double space, at most
** SYN_TERM_MAX characters, a non-empty key, and cleaning it again changes
** nothing; an accepted name likewise; an accepted query parses.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "savedsearch.h"
#include "synonyms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_display(const char *s, size_t max_chars) {
  size_t n = strlen(s), chars = 0;
  if (!n || s[0] == ' ' || s[n - 1] == ' ' || strstr(s, "  ")) abort();
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) abort();
    chars += (*p & 0xC0) != 0x80;
  }
  if (chars > max_chars) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 14) return 0;
  Arena *a = arena_new();
  /* the input split at its first NUL: a term or name, then a query */
  char *s = arena_strndup(a, (const char *)data, size);
  size_t k = strlen(s);
  const char *rest = k < size ? arena_strndup(a, (const char *)data + k + 1, size - k - 1) : "";
  const char *t, *t2;
  if (synonyms_clean(a, s, &t) == MJ_OK) {
    check_display(t, SYN_TERM_MAX);
    if (!*synonyms_key(a, t)) abort();
    /* idempotent, so a stored term keys the same whenever it is read (keys
    ** are only ever taken of cleaned terms: the analyzer cuts words at 64
    ** code points, so NFC can move a cut in a raw one) */
    if (synonyms_clean(a, t, &t2) != MJ_OK || strcmp(t, t2) != 0) abort();
    if (strcmp(synonyms_key(a, t), synonyms_key(a, t2)) != 0) abort();
  }
  const char *nm, *q;
  if (savedsearch_check(a, s, rest, size & 1 ? "date" : NULL, &nm, &q) == MJ_OK) {
    check_display(nm, SAVED_NAME_MAX);
    if (strlen(q) > 2000) abort();
  }
  arena_free(a);
  return 0;
}
