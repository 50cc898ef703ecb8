/* intern.h - interned names: one canonical NUL-terminated copy per distinct
 * string, so names compare by pointer. Lives as long as its arena. */
#ifndef LV_INTERN_H
#define LV_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "lv_arena.h"

typedef struct lv_interner {
  lv_arena *arena;
  const char **slots; /* open addressing; NULL = empty */
  uint32_t *lens;
  uint32_t cap, n;
} lv_interner;

void lv_interner_init(lv_interner *in, lv_arena *a);
void lv_interner_free(lv_interner *in);
const char *lv_intern(lv_interner *in, const char *s, size_t n);
static inline const char *lv_intern_cstr(lv_interner *in, const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return lv_intern(in, s, n);
}

#endif
