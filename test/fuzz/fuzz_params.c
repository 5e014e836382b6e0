/*
** fuzz_params.c: libFuzzer target for the parsing of outside input that
** happens before any handler runs: urlencoded forms and query strings,
** Cookie headers and Accept-Language. `make fuzz` builds it with clang's
** libFuzzer; `make check` replays the corpus through test/fuzz/replay.c
** (also under AddressSanitizer and UndefinedBehaviorSanitizer).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 16) return 0;
  Arena *a = arena_new();
  Param *p;
  int n = params_parse_form(a, (const char *)data, size, &p, 64);
  for (int i = 0; i < n; i++)
    if (!p[i].name || !p[i].value || !*p[i].name) abort(); /* every pair is usable */
  char *s = arena_strndup(a, (const char *)data, size); /* headers are C strings */
  n = params_parse_cookies(a, s, &p, 32);
  for (int i = 0; i < n; i++)
    if (!p[i].name || !p[i].value || strchr(p[i].name, ';')) abort();
  int l = params_accept_language(s);
  if (l < -1 || l > 2) abort();
  arena_free(a);
  return 0;
}
