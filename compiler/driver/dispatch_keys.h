/* dispatch_keys.h - the rule index's keys, shared by building the tree
 * (driver/dispatch_build.c) and walking it (driver/dispatch_walk.c): both
 * must hash and compare exactly alike. */
#ifndef LV_DISPATCH_KEYS_H
#define LV_DISPATCH_KEYS_H

#include <string.h>

#include "driver/dispatch.h"
#include "lv_schema.h"

/* The index's own string hash, on every event for every equality node on
 * the path: whole words rather than FNV's byte at a time (keys are compared
 * in full, so the hash only spreads them). */
static inline uint64_t lv_dkey_str_hash(const char *s, uint32_t len) {
  uint64_t h = (len + 1) * 0x9E3779B97F4A7C15ULL, w;
  if (len >= 8) {
    for (uint32_t i = 0; i + 8 < len; i += 8) {
      memcpy(&w, s + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
      h ^= h >> 29;
    }
    memcpy(&w, s + len - 8, 8); /* the last word, overlapping the loop's */
    h ^= w;
  } else if (len >= 4) {
    uint32_t x, y;
    memcpy(&x, s, 4);
    memcpy(&y, s + len - 4, 4);
    h ^= (uint64_t)x << 32 | y;
  } else if (len > 0) {
    const unsigned char *u = (const unsigned char *)s;
    h ^= (uint64_t)u[0] << 16 | (uint64_t)u[len / 2] << 8 | u[len - 1];
  }
  h *= 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

static inline uint64_t lv_dkey_hash(uint32_t fkind, const char *s, uint32_t len, uint64_t bits) {
  if (fkind == LV_K_STRING) return lv_dkey_str_hash(s, len);
  uint64_t h = bits * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}

static inline bool lv_dkey_eq(uint32_t fkind, const lv_deq_entry *a, const lv_deq_entry *b) {
  if (fkind == LV_K_STRING) return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
  return a->bits == b->bits;
}

/* What a table slot keeps of a key: a string's first 8 bytes, zero-padded,
 * or the bits of any other key. */
static inline uint64_t lv_dkey_prefix(uint32_t fkind, const lv_deq_entry *k) {
  if (fkind != LV_K_STRING) return k->bits;
  uint64_t v = 0;
  memcpy(&v, k->s, k->len < 8 ? k->len : 8);
  return v;
}

#endif
