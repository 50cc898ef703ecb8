/* lv_regex_class.c - sets of code points for character classes: building,
 * case folding, negation, and the named classes (\d, [:alpha:], \p{Greek}). */
#include <stdlib.h>
#include <string.h>

#include "lv_regex_int.h"

void rx_set_init(rx_set *s, lv_arena *a) {
  memset(s, 0, sizeof *s);
  s->a = a;
}

void rx_set_add(rx_set *s, uint32_t lo, uint32_t hi) {
  if (s->oom) return;
  if (s->n == s->cap) {
    uint32_t cap = s->cap ? s->cap * 2 : 8;
    rx_range *r = lv_arena_grow(s->a, s->r, s->n * sizeof *r, cap * sizeof *r);
    if (!r) {
      s->oom = true;
      return;
    }
    s->r = r;
    s->cap = cap;
  }
  s->r[s->n].lo = lo;
  s->r[s->n].hi = hi;
  s->n++;
}

void rx_set_add_set(rx_set *s, const rx_set *t) {
  if (t->oom) s->oom = true;
  for (uint32_t i = 0; i < t->n; i++) rx_set_add(s, t->r[i].lo, t->r[i].hi);
  /* A class of many large items ([\pL\pN\pL...]) would otherwise hold every
   * copy until the end: merge as it grows, keeping it near its true size. */
  if (s->n > 2 * s->norm_n + 1024) {
    rx_set_normalize(s);
    s->norm_n = s->n;
  }
}

static int range_cmp(const void *a, const void *b) {
  const rx_range *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void rx_set_normalize(rx_set *s) {
  if (s->n < 2) return;
  /* Ranges usually arrive sorted (named classes, single ranges): skip the sort. */
  bool sorted = true;
  for (uint32_t i = 1; i < s->n && sorted; i++) sorted = s->r[i - 1].lo <= s->r[i].lo;
  if (!sorted) qsort(s->r, s->n, sizeof *s->r, range_cmp);
  uint32_t w = 0;
  for (uint32_t i = 1; i < s->n; i++) {
    rx_range *last = &s->r[w];
    /* Merge overlapping and touching ranges (hi + 1 cannot overflow: hi <= RX_BAD). */
    if (s->r[i].lo <= last->hi + 1) {
      if (s->r[i].hi > last->hi) last->hi = s->r[i].hi;
    } else {
      s->r[++w] = s->r[i];
    }
  }
  s->n = w + 1;
}

void rx_set_negate(rx_set *s) {
  /* In place from the left: gap i (before range i) never overtakes range i. */
  uint32_t n = s->n, w = 0, next = 0;
  rx_range *r = s->r;
  for (uint32_t i = 0; i < n; i++) {
    rx_range cur = r[i];
    if (cur.lo > next) r[w++] = (rx_range){next, cur.lo - 1};
    next = cur.hi + 1;
  }
  s->n = w;
  if (next <= RX_BAD) rx_set_add(s, next, RX_BAD);
}

/* Index of the first fold pair whose code point is >= c. */
static uint32_t fold_lower_bound(uint32_t c) {
  uint32_t lo = 0, hi = lv_rx_fold_pairs_count / 2;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (lv_rx_fold_pairs[2 * mid] < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

uint32_t rx_fold_next(uint32_t c) {
  uint32_t i = fold_lower_bound(c);
  if (i < lv_rx_fold_pairs_count / 2 && lv_rx_fold_pairs[2 * i] == c) return lv_rx_fold_pairs[2 * i + 1];
  return c;
}

void rx_set_fold(rx_set *s) {
  uint32_t n = s->n, npairs = lv_rx_fold_pairs_count / 2;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t lo = s->r[k].lo, hi = s->r[k].hi; /* copy: adding may move s->r */
    for (uint32_t i = fold_lower_bound(lo); i < npairs && lv_rx_fold_pairs[2 * i] <= hi; i++) {
      uint32_t c = lv_rx_fold_pairs[2 * i];
      for (uint32_t d = lv_rx_fold_pairs[2 * i + 1]; d != c; d = rx_fold_next(d))
        if (d < lo || d > hi) rx_set_add(s, d, d);
    }
  }
  rx_set_normalize(s);
}

/* Adds the runs of a generated run table whose value is selected. */
static void add_runs(rx_set *s, const uint32_t *runs, uint32_t count, unsigned bits, const bool *want) {
  for (uint32_t i = 0; i < count; i++) {
    if (!want[runs[i] & ((1u << bits) - 1)]) continue;
    uint32_t lo = runs[i] >> bits;
    uint32_t hi = i + 1 < count ? (runs[i + 1] >> bits) - 1 : RX_MAX_RUNE;
    if (s->n && s->r[s->n - 1].hi + 1 == lo) s->r[s->n - 1].hi = hi; /* keep it compact */
    else rx_set_add(s, lo, hi);
  }
}

static bool name_is(const char *name, size_t n, const char *want) {
  return strlen(want) == n && memcmp(name, want, n) == 0;
}

bool rx_set_add_unicode(rx_set *s, const char *name, size_t n) {
  if (name_is(name, n, "Any")) {
    rx_set_add(s, 0, RX_MAX_RUNE);
    return true;
  }
  /* General categories: two letters exactly, or one letter for the union of
   * its two-letter ones. Cn (unassigned) is not offered, and C is
   * Cc|Cf|Co|Cs, as in RE2 and Go. */
  bool want[256] = {false};
  bool any = false;
  if (n == 1 || n == 2) {
    for (uint32_t i = 0; i < lv_rx_gc_names_count; i++) {
      const char *g = lv_rx_gc_names[i];
      if (strcmp(g, "Cn") == 0) continue;
      if ((n == 1 && g[0] == name[0]) || (n == 2 && g[0] == name[0] && g[1] == name[1]))
        want[i] = any = true;
    }
    if (any) {
      add_runs(s, lv_rx_gc_runs, lv_rx_gc_runs_count, 5, want);
      return true;
    }
  }
  for (uint32_t i = 0; i < lv_rx_sc_names_count; i++) {
    if (!name_is(name, n, lv_rx_sc_names[i]) || name_is(name, n, "Unknown")) continue;
    want[i] = true;
    add_runs(s, lv_rx_sc_runs, lv_rx_sc_runs_count, 8, want);
    return true;
  }
  return false;
}

/* ASCII classes as range lists: pairs of bounds, terminated by 0, 0 (no
 * class contains only NUL). */
static const struct {
  const char *name;
  uint8_t r[12];
} posix_classes[] = {
    {"alnum", {'0', '9', 'A', 'Z', 'a', 'z'}},
    {"alpha", {'A', 'Z', 'a', 'z'}},
    {"ascii", {0, 0x7F}},
    {"blank", {'\t', '\t', ' ', ' '}},
    {"cntrl", {0, 0x1F, 0x7F, 0x7F}},
    {"digit", {'0', '9'}},
    {"graph", {'!', '~'}},
    {"lower", {'a', 'z'}},
    {"print", {' ', '~'}},
    {"punct", {'!', '/', ':', '@', '[', '`', '{', '~'}},
    {"space", {'\t', '\r', ' ', ' '}},
    {"upper", {'A', 'Z'}},
    {"word", {'0', '9', 'A', 'Z', 'a', 'z', '_', '_'}},
    {"xdigit", {'0', '9', 'A', 'F', 'a', 'f'}},
};

static void add_pairs(rx_set *s, const uint8_t *r, size_t max) {
  for (size_t i = 0; i + 1 < max; i += 2) {
    if (i > 0 && r[i] == 0 && r[i + 1] == 0) break;
    rx_set_add(s, r[i], r[i + 1]);
  }
}

bool rx_set_add_posix(rx_set *s, const char *name, size_t n) {
  for (size_t i = 0; i < sizeof posix_classes / sizeof posix_classes[0]; i++) {
    if (!name_is(name, n, posix_classes[i].name)) continue;
    add_pairs(s, posix_classes[i].r, sizeof posix_classes[i].r);
    return true;
  }
  return false;
}

void rx_set_add_perl(rx_set *s, char c) {
  /* RE2's Perl classes are ASCII; \s is [\t\n\f\r ] (no \v). */
  static const uint8_t d[] = {'0', '9'};
  static const uint8_t sp[] = {'\t', '\n', '\f', '\r', ' ', ' '};
  static const uint8_t w[] = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
  if (c == 'd') add_pairs(s, d, sizeof d);
  else if (c == 's') add_pairs(s, sp, sizeof sp);
  else add_pairs(s, w, sizeof w);
}
