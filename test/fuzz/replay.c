/*
** replay.c: runs each file named on the command line through a fuzz
** target, so its corpus is a regression test without libFuzzer (gcc, and
** the sanitizer build). Exits non-zero if a file cannot be read.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      return 2;
    }
    uint8_t *buf = malloc(1 << 17);
    size_t n = fread(buf, 1, 1 << 17, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
  }
  printf("replayed %d inputs\n", argc - 1);
  return 0;
}
