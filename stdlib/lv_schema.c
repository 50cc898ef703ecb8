/* lv_schema.c - schema descriptions: slot sizes, field lookup, boxing. */
#include "lv_schema.h"

#include <string.h>

uint64_t lv_hash_bytes(const void *p, size_t n) {
  /* FNV-1a with a final avalanche: short keys (field names, map keys) are
   * the common case, so simplicity beats a block hash here. */
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

uint32_t lv_kind_slot_size(lv_kind k) {
  switch (k) {
  case LV_K_BOOL: return 1;
  case LV_K_INT: case LV_K_UINT: case LV_K_DOUBLE: return 8;
  case LV_K_STRING: case LV_K_BYTES: return sizeof(lv_str);
  case LV_K_TIMESTAMP: case LV_K_DURATION: return sizeof(lv_time);
  case LV_K_LIST: case LV_K_MAP: case LV_K_MSG: return sizeof(void *);
  case LV_K_DYN: return sizeof(lv_value);
  default: return 8;
  }
}

void lv_schema_finish(lv_schema *s, lv_arena *arena) {
  uint32_t bits = 1;
  while ((1u << bits) < s->nfields * 2 + 2) bits++;
  uint16_t *tab = lv_arena_calloc(arena, (size_t)1 << bits, sizeof *tab);
  uint32_t mask = (1u << bits) - 1;
  for (uint32_t i = 0; i < s->nfields; i++) {
    const lv_field *f = &s->fields[i];
    uint32_t h = (uint32_t)lv_hash_bytes(f->json_name, f->json_len) & mask;
    while (tab[h]) h = (h + 1) & mask;
    tab[h] = (uint16_t)(i + 1);
  }
  s->lookup_bits = bits;
  s->lookup = tab;
}

const lv_field *lv_schema_field_by_json(const lv_schema *s, const char *key, size_t len) {
  if (!s->lookup) return NULL;
  uint32_t mask = (1u << s->lookup_bits) - 1;
  uint32_t h = (uint32_t)lv_hash_bytes(key, len) & mask;
  for (;;) {
    uint16_t slot = s->lookup[h];
    if (!slot) return NULL;
    const lv_field *f = &s->fields[slot - 1];
    if (f->json_len == len && memcmp(f->json_name, key, len) == 0) return f;
    h = (h + 1) & mask;
  }
}

const lv_field *lv_schema_field_by_name(const lv_schema *s, const char *name, size_t len) {
  for (uint32_t i = 0; i < s->nfields; i++) {
    const lv_field *f = &s->fields[i];
    if (strlen(f->name) == len && memcmp(f->name, name, len) == 0) return f;
  }
  return NULL;
}

lv_value lv_field_get(const lv_field *f, const void *msg) {
  const char *slot = (const char *)msg + f->offset;
  lv_value v = lv_value_null();
  switch ((lv_kind)f->type.kind) {
  case LV_K_BOOL: v = lv_value_bool(*(const uint8_t *)slot != 0); break;
  case LV_K_INT: v = lv_value_int(*(const int64_t *)slot); break;
  case LV_K_UINT: v = lv_value_uint(*(const uint64_t *)slot); break;
  case LV_K_DOUBLE: v = lv_value_double(*(const double *)slot); break;
  case LV_K_STRING: {
    const lv_str *s = (const lv_str *)slot;
    v = lv_value_string(s->ptr, s->len);
    break;
  }
  case LV_K_BYTES: {
    const lv_str *s = (const lv_str *)slot;
    v = lv_value_bytes(s->ptr, s->len);
    break;
  }
  case LV_K_TIMESTAMP: {
    const lv_time *t = (const lv_time *)slot;
    v = lv_value_timestamp(t->sec, t->nanos);
    break;
  }
  case LV_K_DURATION: {
    const lv_time *t = (const lv_time *)slot;
    v = lv_value_duration(t->sec, t->nanos);
    break;
  }
  case LV_K_LIST: v = lv_value_list(*(const lv_list *const *)slot); break;
  case LV_K_MAP: v = lv_value_map(*(const lv_map *const *)slot); break;
  case LV_K_MSG:
    v.tag = LV_MSG;
    v.aux = f->type.schema->index;
    v.v.p = *(const void *const *)slot;
    break;
  case LV_K_DYN: v = *(const lv_value *)slot; break;
  default: break;
  }
  return v;
}
