/* types.c - the hash-consed type table. */
#include "check/types.h"

#include <stdlib.h>
#include <string.h>

static uint64_t type_hash(lv_type_kind kind, const lv_type *a, const lv_type *b, const void *s,
                          const char *name) {
  uint64_t h = (uint64_t)kind * 0x9E3779B97F4A7C15ULL;
  h ^= (uint64_t)(uintptr_t)a * 0xBF58476D1CE4E5B9ULL;
  h ^= (uint64_t)(uintptr_t)b * 0x94D049BB133111EBULL;
  h ^= (uint64_t)(uintptr_t)s * 0xD6E8FEB86659FD93ULL;
  h ^= (uint64_t)(uintptr_t)name * 0xA0761D6478BD642FULL;
  h ^= h >> 31;
  return h;
}

static void grow(lv_types *t) {
  uint32_t cap = t->cap ? t->cap * 2 : 256;
  const lv_type **slots = calloc(cap, sizeof *slots);
  if (!slots) abort();
  for (uint32_t i = 0; i < t->cap; i++) {
    const lv_type *x = t->slots[i];
    if (!x) continue;
    uint32_t h = (uint32_t)type_hash(x->kind, x->a, x->b, x->schema, x->name) & (cap - 1);
    while (slots[h]) h = (h + 1) & (cap - 1);
    slots[h] = x;
  }
  free(t->slots);
  t->slots = slots;
  t->cap = cap;
}

static const lv_type *intern(lv_types *t, lv_type_kind kind, const lv_type *a, const lv_type *b,
                             const struct lv_schema_info *s, const char *name) {
  if ((t->n + 1) * 2 > t->cap) grow(t);
  uint32_t mask = t->cap - 1;
  uint32_t h = (uint32_t)type_hash(kind, a, b, s, name) & mask;
  while (t->slots[h]) {
    const lv_type *x = t->slots[h];
    if (x->kind == kind && x->a == a && x->b == b && x->schema == s && x->name == name) return x;
    h = (h + 1) & mask;
  }
  lv_type *x = lv_arena_calloc(t->arena, 1, sizeof *x);
  x->kind = kind;
  x->a = a;
  x->b = b;
  x->schema = s;
  x->name = name;
  t->slots[h] = x;
  t->n++;
  return x;
}

void lv_types_init(lv_types *t, lv_arena *a) {
  memset(t, 0, sizeof *t);
  t->arena = a;
  t->error = intern(t, LV_T_ERROR, NULL, NULL, NULL, NULL);
  t->dyn = intern(t, LV_T_DYN, NULL, NULL, NULL, NULL);
  t->null = intern(t, LV_T_NULL, NULL, NULL, NULL, NULL);
  t->bool_ = intern(t, LV_T_BOOL, NULL, NULL, NULL, NULL);
  t->int_ = intern(t, LV_T_INT, NULL, NULL, NULL, NULL);
  t->uint_ = intern(t, LV_T_UINT, NULL, NULL, NULL, NULL);
  t->double_ = intern(t, LV_T_DOUBLE, NULL, NULL, NULL, NULL);
  t->string = intern(t, LV_T_STRING, NULL, NULL, NULL, NULL);
  t->bytes = intern(t, LV_T_BYTES, NULL, NULL, NULL, NULL);
  t->timestamp = intern(t, LV_T_TIMESTAMP, NULL, NULL, NULL, NULL);
  t->duration = intern(t, LV_T_DURATION, NULL, NULL, NULL, NULL);
  static const char unknown_name[] = "_"; /* distinct from dyn in the table; printed as dyn */
  t->unknown = intern(t, LV_T_DYN, NULL, NULL, NULL, unknown_name);
}

void lv_types_free(lv_types *t) {
  free(t->slots);
  t->slots = NULL;
  t->cap = t->n = 0;
}

const lv_type *lv_type_simple(lv_types *t, lv_type_kind kind) {
  return intern(t, kind, NULL, NULL, NULL, NULL);
}
const lv_type *lv_type_list(lv_types *t, const lv_type *elem) {
  return intern(t, LV_T_LIST, elem, NULL, NULL, NULL);
}
const lv_type *lv_type_map(lv_types *t, const lv_type *key, const lv_type *val) {
  return intern(t, LV_T_MAP, key, val, NULL, NULL);
}
const lv_type *lv_type_msg(lv_types *t, const struct lv_schema_info *s, const char *name) {
  return intern(t, LV_T_MSG, NULL, NULL, s, name);
}
const lv_type *lv_type_type(lv_types *t, const lv_type *of) {
  return intern(t, LV_T_TYPE, of, NULL, NULL, NULL);
}
const lv_type *lv_type_optional_of(lv_types *t, const lv_type *of) {
  return intern(t, LV_T_OPTIONAL, of, NULL, NULL, NULL);
}
const lv_type *lv_type_param(lv_types *t, const char *name) {
  return intern(t, LV_T_PARAM, NULL, NULL, NULL, name);
}

void lv_type_print(lv_buf *b, const lv_type *t) {
  switch (t->kind) {
  case LV_T_ERROR: lv_buf_puts(b, "*error*"); return;
  case LV_T_DYN: lv_buf_puts(b, "dyn"); return;
  case LV_T_NULL: lv_buf_puts(b, "null_type"); return;
  case LV_T_BOOL: lv_buf_puts(b, "bool"); return;
  case LV_T_INT: lv_buf_puts(b, "int"); return;
  case LV_T_UINT: lv_buf_puts(b, "uint"); return;
  case LV_T_DOUBLE: lv_buf_puts(b, "double"); return;
  case LV_T_STRING: lv_buf_puts(b, "string"); return;
  case LV_T_BYTES: lv_buf_puts(b, "bytes"); return;
  case LV_T_TIMESTAMP: lv_buf_puts(b, "timestamp"); return;
  case LV_T_DURATION: lv_buf_puts(b, "duration"); return;
  case LV_T_LIST:
    lv_buf_puts(b, "list<");
    lv_type_print(b, t->a);
    lv_buf_putc(b, '>');
    return;
  case LV_T_MAP:
    lv_buf_puts(b, "map<");
    lv_type_print(b, t->a);
    lv_buf_puts(b, ", ");
    lv_type_print(b, t->b);
    lv_buf_putc(b, '>');
    return;
  case LV_T_MSG: lv_buf_puts(b, t->name); return;
  case LV_T_TYPE:
    lv_buf_puts(b, "type");
    if (t->a) {
      lv_buf_putc(b, '<');
      lv_type_print(b, t->a);
      lv_buf_putc(b, '>');
    }
    return;
  case LV_T_OPTIONAL:
    lv_buf_puts(b, "optional<");
    lv_type_print(b, t->a);
    lv_buf_putc(b, '>');
    return;
  case LV_T_PARAM: lv_buf_puts(b, t->name); return;
  default: lv_buf_puts(b, "?"); return;
  }
}

const char *lv_type_str(lv_arena *a, const lv_type *t) {
  lv_buf b = LV_BUF_INIT;
  lv_type_print(&b, t);
  const char *s = lv_arena_strndup(a, b.data, b.len);
  lv_buf_free(&b);
  return s;
}

bool lv_type_is_dynamic(const lv_type *t) {
  if (!t) return false;
  if (t->kind == LV_T_DYN || t->kind == LV_T_ERROR || t->kind == LV_T_PARAM) return true;
  return lv_type_is_dynamic(t->a) || lv_type_is_dynamic(t->b);
}

bool lv_type_assignable(const lv_type *to, const lv_type *from) {
  if (to == from) return true;
  if (to->kind == LV_T_DYN || from->kind == LV_T_DYN) return true;
  if (to->kind == LV_T_ERROR || from->kind == LV_T_ERROR) return true;
  if (from->kind == LV_T_NULL)
    return to->kind == LV_T_OPTIONAL || to->kind == LV_T_MSG || to->kind == LV_T_NULL;
  if (to->kind != from->kind) return false;
  switch (to->kind) {
  case LV_T_LIST:
  case LV_T_OPTIONAL: return lv_type_assignable(to->a, from->a);
  case LV_T_MAP: return lv_type_assignable(to->a, from->a) && lv_type_assignable(to->b, from->b);
  case LV_T_TYPE: return !to->a || !from->a || lv_type_assignable(to->a, from->a);
  case LV_T_MSG: return to->schema == from->schema;
  default: return true;
  }
}

const lv_type *lv_type_join(lv_types *t, const lv_type *x, const lv_type *y) {
  if (x == y) return x;
  if (x->kind == LV_T_ERROR || x == t->unknown) return y;
  if (y->kind == LV_T_ERROR || y == t->unknown) return x;
  if (x->kind == y->kind) {
    if (x->kind == LV_T_LIST) return lv_type_list(t, lv_type_join(t, x->a, y->a));
    if (x->kind == LV_T_MAP) return lv_type_map(t, lv_type_join(t, x->a, y->a), lv_type_join(t, x->b, y->b));
    if (x->kind == LV_T_OPTIONAL) return lv_type_optional_of(t, lv_type_join(t, x->a, y->a));
    if (x->kind == LV_T_TYPE) return lv_type_type(t, NULL);
  }
  return t->dyn;
}

/* cel-go's mostGeneral (types.h). */
const lv_type *lv_type_more_general(lv_types *t, const lv_type *a, const lv_type *b) {
  if (a->kind == LV_T_ERROR || a == t->unknown) return b;
  if (b->kind == LV_T_ERROR || b == t->unknown) return a;
  if (a->kind == LV_T_DYN) return a;
  if (b->kind == LV_T_DYN) return b;
  if (a->kind == LV_T_NULL) return b;
  if (b->kind == LV_T_NULL) return a;
  if (a->kind == LV_T_LIST) return lv_type_list(t, lv_type_more_general(t, a->a, b->a));
  if (a->kind == LV_T_OPTIONAL) return lv_type_optional_of(t, lv_type_more_general(t, a->a, b->a));
  if (a->kind == LV_T_MAP)
    return lv_type_map(t, lv_type_more_general(t, a->a, b->a), lv_type_more_general(t, a->b, b->b));
  return a;
}
