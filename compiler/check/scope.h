/* scope.h - symbol tables: one per file (its declarations and its imports'),
 * one program-wide for qualified names and built-in type names. */
#ifndef LV_SCOPE_H
#define LV_SCOPE_H

#include "check/check.h"

typedef struct lv_scope_entry {
  const char *name; /* interned; the key */
  lv_sym *sym;
} lv_scope_entry;

typedef struct lv_scope {
  lv_scope_entry *slots; /* open addressing on the interned name pointer */
  uint32_t cap, n;
} lv_scope;

lv_scope *lv_scope_new(lv_arena *a);
void lv_scope_free(lv_scope *s);
lv_sym *lv_scope_find(const lv_scope *s, const char *name);
/* Adds sym under its own name unless the name is taken; returns the symbol
 * that holds the name. */
lv_sym *lv_scope_add(lv_scope *s, lv_sym *sym);
/* The same under another name (a qualified name for a package member). */
lv_sym *lv_scope_add_as(lv_scope *s, const char *name, lv_sym *sym);
/* Calls fn for each symbol (for suggestions). */
void lv_scope_each(const lv_scope *s, void (*fn)(void *ctx, lv_sym *sym), void *ctx);

/* "Did you mean": the candidate closest to name by edit distance, if close
 * enough to be a plausible typo; else NULL. */
typedef struct lv_suggest {
  const char *name;
  const char *best;
  uint32_t best_dist;
} lv_suggest;
void lv_suggest_init(lv_suggest *s, const char *name);
void lv_suggest_offer(lv_suggest *s, const char *candidate);
const char *lv_suggest_result(const lv_suggest *s);

#endif
