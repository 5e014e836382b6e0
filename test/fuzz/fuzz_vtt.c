/*
** fuzz_vtt.c: libFuzzer target for the WebVTT reader (src/formats/segments.c);
** the checks it makes are in segments_fuzz.h. `make fuzz` builds it with
** clang; `make check` replays the corpus test/fuzz/corpus/vtt/.
*/
#include "segments_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return segments_fuzz_one(data, size, SEG_VTT); }
