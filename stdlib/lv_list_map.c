/* lv_list_map.c - list and map construction, map lookup, key hashing.
 *
 * Lists and maps are immutable once shared, so concatenation may return an
 * operand unchanged and nothing is ever copied defensively. A NULL list or
 * map pointer (an absent container field) behaves as an empty one.
 *
 * Map keys are bool, int, uint or string. Lookup follows CEL's numeric
 * equality: int 1 and uint 1u are the same key, and a double finds the int
 * or uint key of the same value when it is integral. Small maps are scanned;
 * larger ones carry an open-addressing index (lv_map.index). */
#include <math.h>
#include <string.h>

#include "lv_values.h"

/* Maps up to this size are scanned linearly: comparing a few keys is faster
 * than hashing one, and they need no index. */
#define MAP_LINEAR_MAX 8u
/* Largest map we index: 2^31 slots of uint32_t is already 8 GiB, far past any
 * evaluation arena, and it keeps 1u << ibits defined. */
#define MAP_MAX_ENTRIES (1u << 30)

static const lv_list empty_list = {0, NULL};
static const lv_map empty_map = {0, 0, NULL, NULL, NULL};

static const lv_err err_repeated_key = {LV_E_INVALID_ARG, "Failed with repeated key"};
static const lv_err err_key_type = {LV_E_INVALID_ARG, "unsupported key type"};

/* --- lists ------------------------------------------------------------------ */

lv_list *lv_list_new(lv_ctx *cx, uint32_t n) {
  if (!cx || !cx->arena) return NULL;
  lv_list *l = lv_arena_alloc(cx->arena, sizeof *l);
  /* Zeroed (null values) so that a list abandoned half-filled after an
   * error never holds garbage; calloc also checks n * size for overflow. */
  lv_value *items = lv_arena_calloc(cx->arena, n, sizeof *items);
  if (!l || !items) return NULL;
  l->len = n;
  l->items = items;
  return l;
}

const lv_err *lv_list_concat(lv_ctx *cx, const lv_list **out, const lv_list *a, const lv_list *b) {
  uint32_t an = a ? a->len : 0, bn = b ? b->len : 0;
  if (bn == 0) {
    *out = a ? a : &empty_list;
    return NULL;
  }
  if (an == 0) {
    *out = b;
    return NULL;
  }
  if ((uint64_t)an + bn > UINT32_MAX) return lv_err_new(cx, LV_E_RESOURCE, "list too long");
  lv_list *l = lv_list_new(cx, an + bn);
  if (!l) return lv_err_static(LV_E_RESOURCE);
  lv_value *items = (lv_value *)l->items;
  memcpy(items, a->items, (size_t)an * sizeof *items);
  memcpy(items + an, b->items, (size_t)bn * sizeof *items);
  *out = l;
  return NULL;
}

/* --- hashing ------------------------------------------------------------------ */

/* A strong 64-bit mixer (the splitmix64 finaliser): map indexes use the low
 * bits, so every input bit must reach them. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/* Salts keep values of types that are never equal from sharing hashes
 * needlessly (true and 1 are different keys). */
#define SALT_BOOL 0x9e3779b97f4a7c15ULL
#define SALT_BYTES 0x2545f4914f6cdd1dULL
#define SALT_OTHER 0x5851f42d4c957f2dULL

uint64_t lv_value_hash(const lv_value *v) {
  switch (v->tag) {
  case LV_BOOL: return mix64(SALT_BOOL ^ (uint64_t)v->v.b);
  /* An int and a uint of the same value have the same bits, hence the same
   * hash; a negative int may collide with a huge uint, which is harmless. */
  case LV_INT: return mix64((uint64_t)v->v.i);
  case LV_UINT: return mix64(v->v.u);
  case LV_DOUBLE: {
    double d = v->v.d;
    if (d == trunc(d)) { /* integral (and not NaN or infinite) */
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        return mix64((uint64_t)(int64_t)d);
      if (d >= 0 && d < 18446744073709551616.0) return mix64((uint64_t)d);
    }
    if (isnan(d)) return mix64(SALT_OTHER);
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return mix64(bits);
  }
  case LV_STRING: return lv_hash_bytes(v->v.s, v->aux);
  case LV_BYTES: return lv_hash_bytes(v->v.s, v->aux) ^ SALT_BYTES;
  case LV_TIMESTAMP:
  case LV_DURATION:
    return mix64((uint64_t)v->v.i * 1000000007ULL + v->aux + v->tag);
  default:
    /* Containers and messages are never keys; a constant is consistent
     * with any equality. */
    return mix64(SALT_OTHER + v->tag);
  }
}

/* --- keys ----------------------------------------------------------------------- */

static bool is_key_type(uint32_t tag) {
  return tag == LV_BOOL || tag == LV_INT || tag == LV_UINT || tag == LV_STRING;
}

/* Turns a lookup key into the key type it can equal: an integral double
 * becomes the int (or, above the int range, uint) of the same value. Returns
 * false when the value can equal no map key. */
static bool key_normalize(lv_value *out, const lv_value *key) {
  if (key->tag == LV_DOUBLE) {
    double d = key->v.d;
    if (d != trunc(d)) return false; /* fractional, NaN, or infinite */
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      *out = lv_value_int((int64_t)d);
      return true;
    }
    if (d >= 0 && d < 18446744073709551616.0) {
      *out = lv_value_uint((uint64_t)d);
      return true;
    }
    return false;
  }
  if (!is_key_type(key->tag)) return false;
  *out = *key;
  return true;
}

/* Equality of two key-typed values (after key_normalize). */
static bool key_equal(const lv_value *a, const lv_value *b) {
  if (a->tag == LV_INT || a->tag == LV_UINT) {
    if (b->tag != LV_INT && b->tag != LV_UINT) return false;
    if (a->tag == b->tag) return a->v.u == b->v.u;
    int64_t i = a->tag == LV_INT ? a->v.i : b->v.i;
    uint64_t u = a->tag == LV_UINT ? a->v.u : b->v.u;
    return i >= 0 && (uint64_t)i == u;
  }
  if (a->tag != b->tag) return false;
  if (a->tag == LV_BOOL) return a->v.b == b->v.b;
  if (a->tag == LV_STRING)
    return a->aux == b->aux && (a->aux == 0 || memcmp(a->v.s, b->v.s, a->aux) == 0);
  return false;
}

/* Index of the entry with a key equal to k (a normalized key), or -1. */
static int64_t map_lookup(const lv_map *m, const lv_value *k) {
  if (!m->index) {
    for (uint32_t i = 0; i < m->len; i++)
      if (key_equal(&m->keys[i], k)) return i;
    return -1;
  }
  uint32_t mask = (1u << m->ibits) - 1;
  uint32_t h = (uint32_t)lv_value_hash(k) & mask;
  for (;;) {
    uint32_t slot = m->index[h];
    if (!slot) return -1;
    if (key_equal(&m->keys[slot - 1], k)) return slot - 1;
    h = (h + 1) & mask;
  }
}

/* --- maps ------------------------------------------------------------------------ */

const lv_err *lv_map_new(lv_ctx *cx, const lv_map **out, const lv_value *keys,
                         const lv_value *vals, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (!is_key_type(keys[i].tag)) return &err_key_type;
  if (n == 0) {
    *out = &empty_map;
    return NULL;
  }
  if (n > MAP_MAX_ENTRIES) return lv_err_new(cx, LV_E_RESOURCE, "map too large");
  if (!cx || !cx->arena) return lv_err_static(LV_E_RESOURCE);
  lv_map *m = lv_arena_alloc(cx->arena, sizeof *m);
  lv_value *k = lv_arena_alloc(cx->arena, (size_t)n * sizeof *k);
  lv_value *v = lv_arena_alloc(cx->arena, (size_t)n * sizeof *v);
  if (!m || !k || !v) return lv_err_static(LV_E_RESOURCE);
  memcpy(k, keys, (size_t)n * sizeof *k);
  memcpy(v, vals, (size_t)n * sizeof *v);
  m->keys = k;
  m->vals = v;
  m->index = NULL;
  m->ibits = 0;
  if (n <= MAP_LINEAR_MAX) {
    for (uint32_t i = 1; i < n; i++)
      for (uint32_t j = 0; j < i; j++)
        if (key_equal(&k[i], &k[j])) return &err_repeated_key;
    m->len = n;
    *out = m;
    return NULL;
  }
  /* At most half full, so probes stay short and always reach an empty slot. */
  uint32_t bits = 4;
  while ((1u << bits) < 2 * n) bits++;
  uint32_t *index = lv_arena_calloc(cx->arena, (size_t)1 << bits, sizeof *index);
  if (!index) return lv_err_static(LV_E_RESOURCE);
  uint32_t mask = (1u << bits) - 1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t h = (uint32_t)lv_value_hash(&k[i]) & mask;
    while (index[h]) {
      if (key_equal(&k[index[h] - 1], &k[i])) return &err_repeated_key;
      h = (h + 1) & mask;
    }
    index[h] = i + 1;
  }
  m->len = n;
  m->ibits = bits;
  m->index = index;
  *out = m;
  return NULL;
}

const lv_value *lv_map_find(const lv_map *m, const lv_value *key) {
  if (!m || !key || m->len == 0) return NULL;
  lv_value k;
  if (!key_normalize(&k, key)) return NULL;
  int64_t i = map_lookup(m, &k);
  return i < 0 ? NULL : &m->vals[i];
}

const lv_value *lv_map_find_str(const lv_map *m, const char *s, size_t n) {
  if (!m || m->len == 0 || n > LV_STR_MAX) return NULL;
  lv_value k = lv_value_string(s, n);
  int64_t i = map_lookup(m, &k);
  return i < 0 ? NULL : &m->vals[i];
}
