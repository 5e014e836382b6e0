/*
** fuzz_akn.c: libFuzzer target for the Akoma Ntoso reader (akn_parse) and,
** on what it accepts, the writer: whatever the input, the reader returns
** a code without crashing, and a debate it reads writes back as a document
** that is well-formed XML the reader accepts again with the same number of
** speeches (speeches outside any section gain one wrapping section).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 17) return 0;
  RecDoc d;
  recdoc_init(&d, "fuzz.xml", "akn");
  AknOptions o = {"2020-01-01"};
  int rc = akn_parse("fuzz.xml", (const char *)data, size, &o, &d);
  if (rc == MJ_OK) {
    for (int i = 0; i < d.npersons; i++) d.persons[i].rowid = i + 1;
    Buf b;
    buf_init(&b, 1u << 26);
    if (akn_write(&d, &b) != MJ_OK) abort();
    RecDoc e;
    recdoc_init(&e, "again.xml", "akn");
    if (akn_parse("again.xml", b.p, b.n, &o, &e) != MJ_OK) abort();
    if (e.nspeeches != d.nspeeches) abort();
    recdoc_free(&e);
    buf_free(&b);
  } else if (!*mj_errmsg()) {
    abort(); /* a refusal always says why */
  }
  recdoc_free(&d);
  return 0;
}
