/* intern.c - string interning with an open-addressing hash set. */
#include "intern.h"

#include <stdlib.h>
#include <string.h>

#include "lv_schema.h" /* lv_hash_bytes */

void lv_interner_init(lv_interner *in, lv_arena *a) {
  memset(in, 0, sizeof *in);
  in->arena = a;
}

void lv_interner_free(lv_interner *in) {
  free(in->slots);
  free(in->lens);
  in->slots = NULL;
  in->lens = NULL;
  in->cap = in->n = 0;
}

static void grow(lv_interner *in) {
  uint32_t cap = in->cap ? in->cap * 2 : 256;
  const char **slots = calloc(cap, sizeof *slots);
  uint32_t *lens = calloc(cap, sizeof *lens);
  if (!slots || !lens) abort();
  for (uint32_t i = 0; i < in->cap; i++) {
    if (!in->slots[i]) continue;
    uint32_t h = (uint32_t)lv_hash_bytes(in->slots[i], in->lens[i]) & (cap - 1);
    while (slots[h]) h = (h + 1) & (cap - 1);
    slots[h] = in->slots[i];
    lens[h] = in->lens[i];
  }
  free(in->slots);
  free(in->lens);
  in->slots = slots;
  in->lens = lens;
  in->cap = cap;
}

const char *lv_intern(lv_interner *in, const char *s, size_t n) {
  if ((in->n + 1) * 2 > in->cap) grow(in);
  uint32_t mask = in->cap - 1;
  uint32_t h = (uint32_t)lv_hash_bytes(s, n) & mask;
  while (in->slots[h]) {
    if (in->lens[h] == n && memcmp(in->slots[h], s, n) == 0) return in->slots[h];
    h = (h + 1) & mask;
  }
  const char *copy = lv_arena_strndup(in->arena, s, n);
  in->slots[h] = copy;
  in->lens[h] = (uint32_t)n;
  in->n++;
  return copy;
}
