/*
** fuzz_tei.c: libFuzzer target for the ParlaMint TEI readers (corpus root
** and sitting) and, on a sitting they accept, the writer and its
** structural check: an accepted sitting always writes a document that
** passes tei_check and reads back with the same number of speeches.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tei.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 17) return 0;
  const char *s = (const char *)data;
  Arena *a = arena_new();
  TeiCorpus c;
  if (tei_parse_corpus("fuzz.xml", s, size, a, &c) == MJ_OK) {
    for (int i = 0; i < c.people.n_persons; i++)
      if (!c.people.persons[i].id || !c.people.persons[i].name) abort();
  }
  buf_free(&c.warnings);
  arena_free(a);
  RecDoc d;
  recdoc_init(&d, "fuzz.xml", "parlamint");
  if (tei_parse_sitting("fuzz.xml", s, size, &d) == MJ_OK) {
    for (int i = 0; i < d.npersons; i++) d.persons[i].rowid = i + 1;
    Buf b;
    buf_init(&b, 1u << 26);
    if (tei_write(&d, &b) != MJ_OK) abort();
    if (tei_check(b.p, b.n) != MJ_OK) abort();
    RecDoc e;
    recdoc_init(&e, "again.xml", "parlamint");
    if (tei_parse_sitting("again.xml", b.p, b.n, &e) != MJ_OK) abort();
    int u1 = 0, u2 = 0;
    for (int i = 0; i < d.nspeeches; i++) u1 += strcmp(d.speeches[i].kind, "speech") == 0;
    for (int i = 0; i < e.nspeeches; i++) u2 += strcmp(e.speeches[i].kind, "speech") == 0;
    if (u1 != u2) abort();
    recdoc_free(&e);
    buf_free(&b);
  }
  recdoc_free(&d);
  return 0;
}
