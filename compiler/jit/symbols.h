/* symbols.h - the allow-list of host functions for generated code. */
#ifndef LV_JIT_SYMBOLS_H
#define LV_JIT_SYMBOLS_H

typedef struct lv_jit_symbol {
  const char *name;
  void *addr; /* NULL: an INLINE table entry, not a symbol */
} lv_jit_symbol;

extern const lv_jit_symbol lv_jit_symbols[]; /* ends with {NULL, NULL} */

#endif
