/* scope.c - symbol tables and spelling suggestions. */
#include "check/scope.h"

#include <stdlib.h>
#include <string.h>

static uint32_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (uint32_t)x;
}

lv_scope *lv_scope_new(lv_arena *a) {
  (void)a;
  lv_scope *s = calloc(1, sizeof *s);
  if (!s) abort();
  return s;
}

void lv_scope_free(lv_scope *s) {
  if (!s) return;
  free(s->slots);
  free(s);
}

lv_sym *lv_scope_find(const lv_scope *s, const char *name) {
  if (!s || !s->cap) return NULL;
  uint32_t mask = s->cap - 1, h = ptr_hash(name) & mask;
  while (s->slots[h].name) {
    if (s->slots[h].name == name) return s->slots[h].sym;
    h = (h + 1) & mask;
  }
  return NULL;
}

static void grow(lv_scope *s) {
  uint32_t cap = s->cap ? s->cap * 2 : 32;
  lv_scope_entry *slots = calloc(cap, sizeof *slots);
  if (!slots) abort();
  for (uint32_t i = 0; i < s->cap; i++) {
    lv_scope_entry x = s->slots[i];
    if (!x.name) continue;
    uint32_t h = ptr_hash(x.name) & (cap - 1);
    while (slots[h].name) h = (h + 1) & (cap - 1);
    slots[h] = x;
  }
  free(s->slots);
  s->slots = slots;
  s->cap = cap;
}

lv_sym *lv_scope_add_as(lv_scope *s, const char *name, lv_sym *sym) {
  lv_sym *old = lv_scope_find(s, name);
  if (old) return old;
  if ((s->n + 1) * 2 > s->cap) grow(s);
  uint32_t mask = s->cap - 1, h = ptr_hash(name) & mask;
  while (s->slots[h].name) h = (h + 1) & mask;
  s->slots[h].name = name;
  s->slots[h].sym = sym;
  s->n++;
  return sym;
}

lv_sym *lv_scope_add(lv_scope *s, lv_sym *sym) { return lv_scope_add_as(s, sym->name, sym); }

void lv_scope_each(const lv_scope *s, void (*fn)(void *ctx, lv_sym *sym), void *ctx) {
  if (!s) return;
  for (uint32_t i = 0; i < s->cap; i++)
    if (s->slots[i].name && s->slots[i].name == s->slots[i].sym->name) fn(ctx, s->slots[i].sym);
}

/* Damerau-Levenshtein (optimal string alignment) distance, bounded. */
static uint32_t edit_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 64 || m > 64) return 1000;
  uint32_t d[65][65];
  for (size_t i = 0; i <= n; i++) d[i][0] = (uint32_t)i;
  for (size_t j = 0; j <= m; j++) d[0][j] = (uint32_t)j;
  for (size_t i = 1; i <= n; i++) {
    for (size_t j = 1; j <= m; j++) {
      /* Case differences cost less: tmp vs Temp is likely the same word. */
      uint32_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      uint32_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  }
  return d[n][m];
}

void lv_suggest_init(lv_suggest *s, const char *name) {
  s->name = name;
  s->best = NULL;
  s->best_dist = 1000;
}

void lv_suggest_offer(lv_suggest *s, const char *candidate) {
  if (!candidate || strcmp(candidate, s->name) == 0) return;
  uint32_t d = edit_distance(s->name, candidate);
  size_t len = strlen(s->name);
  uint32_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
  if (d <= limit && (d < s->best_dist || (d == s->best_dist && strcmp(candidate, s->best) < 0))) {
    s->best = candidate;
    s->best_dist = d;
  }
}

const char *lv_suggest_result(const lv_suggest *s) { return s->best; }
