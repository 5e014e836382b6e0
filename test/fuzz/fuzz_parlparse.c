/*
** fuzz_parlparse.c: libFuzzer target for the ParlParse reader: any input
** gives a code, never a crash; what it accepts is consistent (every ballot
** names a person of the file, every time is HH:MM[:SS] or absent).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parlparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_time(const char *t) {
  if (t && !(strlen(t) == 5 || strlen(t) == 8)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 17) return 0;
  RecDoc d;
  recdoc_init(&d, "fuzz.xml", "parlparse");
  if (parlparse_parse("fuzz.xml", (const char *)data, size, &d) == MJ_OK && !d.skip) {
    if (!recdoc_date_ok(d.date) || !d.source) abort();
    for (int i = 0; i < d.nspeeches; i++) check_time(d.speeches[i].start_time);
    for (int i = 0; i < d.nvotes; i++) {
      check_time(d.votes[i].time);
      for (int k = 0; k < d.votes[i].nballots; k++)
        if (d.votes[i].ballots[k].person < 0 || d.votes[i].ballots[k].person >= d.npersons) abort();
    }
  }
  recdoc_free(&d);
  return 0;
}
