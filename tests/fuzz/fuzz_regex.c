/* fuzz_regex.c - libFuzzer target for the regex engine. The input is a
 * pattern, a NUL byte, then the text (no NUL: the whole input is the
 * pattern and the text is empty). Compiles, matches with every engine, and
 * aborts if they disagree: besides crashes, this finds a DFA or a fast path
 * that answers differently from the Pike VM.
 *
 *   clang-19 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Istdlib \
 *     stdlib/lv_arena.c stdlib/lv_utf8.c stdlib/lv_err.c stdlib/lv_regex*.c \
 *     tests/fuzz/fuzz_regex.c -o fuzz_regex */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lv_regex.h"
#include "lv_regex_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *pat = (const char *)data;
  const char *nul = memchr(data, 0, size);
  size_t plen = nul ? (size_t)(nul - pat) : size;
  const char *text = nul ? nul + 1 : "";
  size_t tlen = nul ? size - plen - 1 : 0;

  lv_regex_error err;
  lv_regex *re = lv_regex_compile(pat, plen, &err);
  if (!re) {
    /* The message must be a C string within its buffer, in valid UTF-8. */
    size_t n = strnlen(err.msg, sizeof err.msg);
    if (n == sizeof err.msg || lv_utf8_validate(err.msg, n) != n) abort();
    if (err.offset > plen) abort();
    return 0;
  }
  lv_arena arena;
  lv_arena_init(&arena, 4096, 1u << 20);
  lv_ctx cx = {&arena, NULL, NULL, NULL};
  bool got[3];
  for (int e = 0; e < 3; e++) {
    const lv_err *x = rx_match_with(e == 1 ? &cx : NULL, &got[e], re, text, tlen, (rx_engine)e);
    if (x && x->code != LV_E_RESOURCE) abort();
    if (x) got[e] = got[0]; /* the arena's limit: not a disagreement */
  }
  if (got[0] != got[1] || got[1] != got[2]) {
    fprintf(stderr, "engines disagree: auto %d pike %d dfa %d\n", got[0], got[1], got[2]);
    abort();
  }
  bool cached;
  const lv_err *x = lv_string_matches(&cx, &cached, text, tlen, pat, plen);
  if (x ? x->code != LV_E_RESOURCE : cached != got[0]) abort();
  lv_arena_free(&arena);
  lv_regex_free(re);
  return 0;
}
