/* consts.c - compile-time constants in the generated module: literal lists
 * and maps become constant globals (no allocation per event), and regular
 * expressions with literal patterns go in the rule set's constant table,
 * compiled once when the rule set is loaded. */
#include <string.h>

#include "lower/lower_int.h"
#include "lv_values.h"

static bool is_literal(const lv_expr *e) {
  switch (e->kind) {
  case LV_EX_NULL: case LV_EX_BOOL: case LV_EX_INT: case LV_EX_UINT: case LV_EX_DOUBLE: case LV_EX_STRING:
  case LV_EX_BYTES:
    return true;
  default: return false;
  }
}

static lv_value host_value(const lv_expr *e);

/* A map literal whose keys the run-time constructor would accept (valid
 * types, no repeats): otherwise it must be built at run time, where it
 * fails with CEL's error. */
/* The map a literal's keys would build (values left null), in scratch;
 * NULL if the constructor rejects them. */
static const lv_map *host_map(const lv_expr *e, lv_arena *scratch) {
  uint32_t n = e->u.list.entries.n;
  lv_ctx cx = {scratch, NULL, NULL, NULL};
  lv_value *k = lv_arena_calloc(scratch, n + 1, sizeof *k), *v = lv_arena_calloc(scratch, n + 1, sizeof *v);
  for (uint32_t i = 0; i < n; i++) k[i] = host_value(e->u.list.entries.items[i].key);
  const lv_map *m = NULL;
  if (lv_map_new(&cx, &m, k, v, n) != NULL || m->len != n) return NULL;
  return m;
}

static bool map_builds(const lv_expr *e) {
  lv_arena scratch;
  lv_arena_init(&scratch, 4096, 0);
  bool ok = host_map(e, &scratch) != NULL;
  lv_arena_free(&scratch);
  return ok;
}

static bool is_constant(const lv_expr *e, int depth) {
  if (is_literal(e)) return true;
  if ((e->kind != LV_EX_LIST && e->kind != LV_EX_MAP) || depth > 8) return false;
  for (uint32_t i = 0; i < e->u.list.entries.n; i++) {
    const lv_entry *en = &e->u.list.entries.items[i];
    if (en->optional || !is_constant(en->value, depth + 1)) return false;
    if (en->key && !is_literal(en->key)) return false;
  }
  return e->kind == LV_EX_LIST || map_builds(e);
}

/* The boxed constant of a literal (strings point at module globals). */
static LLVMValueRef const_value(lv_lower *L, const lv_expr *e);

static LLVMValueRef const_boxed(lv_lower *L, uint32_t tag, uint32_t aux, LLVMValueRef payload) {
  LLVMValueRef f[3] = {lv_const_i32(L, tag), lv_const_i32(L, aux), payload};
  return LLVMConstNamedStruct(L->t_value, f, 3);
}

static LLVMValueRef const_value(lv_lower *L, const lv_expr *e) {
  switch (e->kind) {
  case LV_EX_NULL: return const_boxed(L, LV_NULL, 0, lv_const_i64(L, 0));
  case LV_EX_BOOL: return const_boxed(L, LV_BOOL, 0, lv_const_i64(L, e->u.b));
  case LV_EX_INT: return const_boxed(L, LV_INT, 0, lv_const_i64(L, (uint64_t)e->u.i));
  case LV_EX_UINT: return const_boxed(L, LV_UINT, 0, lv_const_i64(L, e->u.u));
  case LV_EX_DOUBLE: {
    uint64_t bits;
    memcpy(&bits, &e->u.d, 8);
    return const_boxed(L, LV_DOUBLE, 0, lv_const_i64(L, bits));
  }
  case LV_EX_STRING:
  case LV_EX_BYTES:
    return const_boxed(L, e->kind == LV_EX_STRING ? LV_STRING : LV_BYTES, e->u.str.len,
                       LLVMConstPtrToInt(lv_const_cstr_ptr(L, e->u.str.ptr, e->u.str.len), L->t_i64));
  default: {
    LLVMValueRef g = lv_const_container(L, (lv_expr *)e);
    return const_boxed(L, e->kind == LV_EX_LIST ? LV_LIST : LV_MAP, 0, LLVMConstPtrToInt(g, L->t_i64));
  }
  }
}

static LLVMValueRef global_of(lv_lower *L, LLVMValueRef init, const char *name) {
  LLVMValueRef g = LLVMAddGlobal(L->mod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  return g;
}

/* A literal's compile-time boxed value, to build map indexes here exactly
 * as lv_map_new would at run time. */
static lv_value host_value(const lv_expr *e) {
  switch (e->kind) {
  case LV_EX_BOOL: return lv_value_bool(e->u.b);
  case LV_EX_INT: return lv_value_int(e->u.i);
  case LV_EX_UINT: return lv_value_uint(e->u.u);
  case LV_EX_DOUBLE: return lv_value_double(e->u.d);
  case LV_EX_STRING: return lv_value_string(e->u.str.ptr, e->u.str.len);
  case LV_EX_BYTES: return lv_value_bytes(e->u.str.ptr, e->u.str.len);
  default: return lv_value_null();
  }
}

LLVMValueRef lv_const_container(lv_lower *L, lv_expr *e) {
  if (!is_constant(e, 0)) return NULL;
  uint32_t n = e->u.list.entries.n;
  LLVMValueRef *vals = lv_arena_alloc(L->prog->arena, sizeof *vals * (n + 1));
  for (uint32_t i = 0; i < n; i++) vals[i] = const_value(L, e->u.list.entries.items[i].value);
  LLVMValueRef items = global_of(L, LLVMConstArray2(L->t_value, vals, n), "items");
  if (e->kind == LV_EX_LIST) {
    LLVMValueRef f[2] = {lv_const_i32(L, n), items};
    return global_of(L, LLVMConstNamedStruct(L->t_list, f, 2), "list");
  }
  /* Maps: keys must be distinct (else the run-time constructor reports it)
   * and the index is computed now, with the same code lv_map_new runs. */
  lv_arena scratch;
  lv_arena_init(&scratch, 4096, 0);
  const lv_map *m = host_map(e, &scratch); /* is_constant checked that it builds */
  if (!m) {
    lv_arena_free(&scratch);
    return NULL;
  }
  LLVMValueRef *keys = lv_arena_alloc(L->prog->arena, sizeof *keys * (n + 1));
  for (uint32_t i = 0; i < n; i++) keys[i] = const_value(L, e->u.list.entries.items[i].key);
  LLVMValueRef kg = global_of(L, LLVMConstArray2(L->t_value, keys, n), "keys");
  LLVMValueRef index = LLVMConstNull(L->t_ptr);
  if (m->index) {
    uint32_t slots = 1u << m->ibits;
    LLVMValueRef *iv = lv_arena_alloc(L->prog->arena, sizeof *iv * slots);
    for (uint32_t i = 0; i < slots; i++) iv[i] = lv_const_i32(L, m->index[i]);
    index = global_of(L, LLVMConstArray2(L->t_i32, iv, slots), "index");
  }
  LLVMValueRef f[5] = {lv_const_i32(L, n), lv_const_i32(L, m->ibits), kg, items, index};
  lv_arena_free(&scratch);
  return global_of(L, LLVMConstNamedStruct(L->t_map, f, 5), "map");
}

uint32_t lv_regex_const(lv_lower *L, const char *pattern, uint32_t len) {
  lv_lower_consts *c = L->consts;
  for (uint32_t i = 0; i < c->nregexes; i++)
    if (c->regexes[i].len == len && memcmp(c->regexes[i].pattern, pattern, len) == 0) return i;
  if (c->nregexes == c->capregexes) {
    uint32_t cap = c->capregexes ? c->capregexes * 2 : 8;
    c->regexes = lv_arena_grow(L->prog->arena, c->regexes, c->nregexes * sizeof *c->regexes, cap * sizeof *c->regexes);
    c->capregexes = cap;
  }
  c->regexes[c->nregexes].pattern = pattern;
  c->regexes[c->nregexes].len = len;
  return c->nregexes++;
}

LLVMValueRef lv_load_const(lv_lower *L, uint32_t index) {
  LLVMValueRef tp = LLVMBuildStructGEP2(L->b, L->t_ctx, L->cx, 2, "");
  LLVMValueRef table = LLVMBuildLoad2(L->b, L->t_ptr, tp, "consts");
  LLVMValueRef ep = LLVMBuildGEP2(L->b, L->t_ptr, table, (LLVMValueRef[]){lv_const_i64(L, index)}, 1, "");
  return LLVMBuildLoad2(L->b, L->t_ptr, ep, "const");
}
