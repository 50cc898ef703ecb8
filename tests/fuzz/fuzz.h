/* fuzz.h - what the fuzz targets share: libFuzzer's entry point, and
 * invariants that abort (libFuzzer then saves the input as a crash). */
#ifndef LEVIN_FUZZ_H
#define LEVIN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                               \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                      \
    }                                                                               \
  } while (0)

/* A CEL error (const lv_err *) is well formed: a known code, a short message. */
#define REQUIRE_CEL_ERR(e)                                                          \
  do {                                                                              \
    REQUIRE((e)->code > LV_E_NONE && (e)->code < LV_E_CODE_COUNT);                  \
    REQUIRE((e)->msg && strlen((e)->msg) < 256);                                    \
  } while (0)

#endif
