/* fuzz_decode.c - libFuzzer target for lv_decode and lv_json_parse.
 *
 *   clang-19 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE \
 *     -Istdlib -Iruntime tests/fuzz/fuzz_decode.c runtime/decode/decode.c \
 *     runtime/decode/decode_scalar.c $(ls stdlib/lv_[a-q]*.c stdlib/lv_[s-z]*.c) -lm \
 *     -o fuzz_decode && ./fuzz_decode -max_total_time=600 corpus/
 * (the stdlib sources without the regex engine, which this target does not use)
 *
 * Beyond "never crashes", every input is checked three ways against one
 * schema that has every kind (nested and recursive messages, lists, maps,
 * dyn, optional fields, defaults, a capture):
 *   1. decoded with every field needed and with none needed: the verdicts
 *      must be identical (same reason, path and offset) - validation must
 *      not depend on what rules read;
 *   2. against lv_json_parse on the same bytes: a syntax error for one is a
 *      syntax error for the other, at the same offset;
 *   3. when both accept, every decoded field equals what the generic tree
 *      holds for its key. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "decode/decode.h"
#include "lv_json.h"
#include "lv_values.h"

#define FAIL(...)                                                                    \
  do {                                                                               \
    fprintf(stderr, "fuzz_decode: " __VA_ARGS__);                                    \
    fprintf(stderr, "\n");                                                           \
    abort();                                                                         \
  } while (0)

/* --- the schema: two copies, all needed and none needed ------------------------- */

enum { NF_TOP = 19, NF_NODE = 4 };

typedef struct variant {
  lv_field top[NF_TOP], node[NF_NODE];
  lv_schema top_s, node_s;
  lv_rtype node_t, list_node_t, list_int_t;
} variant;

static lv_arena meta;
static variant needed, lazy;
static const lv_rtype t_int = {LV_K_INT, NULL, NULL};
static const lv_rtype t_string = {LV_K_STRING, NULL, NULL};
static const lv_rtype t_double = {LV_K_DOUBLE, NULL, NULL};

static lv_field *add(lv_field *fs, uint32_t *n, const char *name, lv_kind k, const lv_rtype *elem,
                     bool optional) {
  lv_field *f = &fs[*n];
  memset(f, 0, sizeof *f);
  f->name = f->json_name = name;
  f->json_len = (uint32_t)strlen(name);
  f->type.kind = k;
  f->type.elem = elem;
  f->index = (*n)++;
  f->optional = optional;
  return f;
}

static void layout(lv_schema *s, lv_field *fs, uint32_t n, bool need) {
  uint32_t off = lv_presence_words(n) * 8;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t sz = lv_kind_slot_size((lv_kind)fs[i].type.kind), al = sz >= 8 ? 8 : sz;
    off = (off + al - 1) / al * al;
    fs[i].offset = off;
    fs[i].needed = need;
    off += sz;
  }
  s->size = (off + 7) / 8 * 8;
  s->nfields = n;
  s->fields = fs;
  lv_schema_finish(s, &meta);
}

static void build(variant *v, bool need) {
  uint32_t n = 0;
  /* Node { x: double, z: string = "zz", k: list<Node>?, h: int? } - recursive */
  v->node_s.name = "fuzz.Node";
  v->node_s.index = 1;
  v->node_t = (lv_rtype){LV_K_MSG, NULL, &v->node_s};
  v->list_node_t = (lv_rtype){LV_K_LIST, &v->node_t, NULL};
  v->list_int_t = (lv_rtype){LV_K_LIST, &t_int, NULL};
  add(v->node, &n, "x", LV_K_DOUBLE, NULL, false);
  lv_field *z = add(v->node, &n, "z", LV_K_STRING, NULL, false);
  z->has_default = true;
  z->default_value = lv_value_string("zz", 2);
  add(v->node, &n, "k", LV_K_LIST, &v->node_t, true);
  add(v->node, &n, "h", LV_K_INT, NULL, true);
  layout(&v->node_s, v->node, n, need);

  n = 0;
  v->top_s.name = "fuzz.Top";
  v->top_s.index = 0;
  add(v->top, &n, "b", LV_K_BOOL, NULL, true);
  add(v->top, &n, "i", LV_K_INT, NULL, false); /* required */
  add(v->top, &n, "u", LV_K_UINT, NULL, true);
  add(v->top, &n, "d", LV_K_DOUBLE, NULL, true);
  add(v->top, &n, "s", LV_K_STRING, NULL, true);
  add(v->top, &n, "c", LV_K_STRING, NULL, false); /* captured */
  add(v->top, &n, "y", LV_K_BYTES, NULL, true);
  add(v->top, &n, "t", LV_K_TIMESTAMP, NULL, true);
  add(v->top, &n, "r", LV_K_DURATION, NULL, true);
  add(v->top, &n, "l", LV_K_LIST, &t_int, true);
  add(v->top, &n, "L", LV_K_LIST, &t_string, true);
  add(v->top, &n, "g", LV_K_LIST, &v->list_int_t, true);
  add(v->top, &n, "m", LV_K_MAP, &t_double, true);
  add(v->top, &n, "n", LV_K_MSG, NULL, true)->type.schema = &v->node_s;
  add(v->top, &n, "M", LV_K_MAP, &v->node_t, true);
  add(v->top, &n, "v", LV_K_DYN, NULL, true);
  lv_field *w = add(v->top, &n, "w", LV_K_INT, NULL, false);
  w->has_default = true;
  w->default_value = lv_value_int(5);
  add(v->top, &n, "V", LV_K_DYN, NULL, false); /* required dyn: null is a value */
  v->top[n - 1].has_default = true;
  v->top[n - 1].default_value = lv_value_bool(true);
  lv_field *j = add(v->top, &n, "jj", LV_K_STRING, NULL, true);
  j->json_name = "j-j";
  j->json_len = 3;
  layout(&v->top_s, v->top, n, need);
}

/* --- comparing a decoded struct with the generic tree --------------------------- */

static bool generic_equal(const lv_value *a, const lv_value *b) {
  if (a->tag != b->tag) return false;
  switch (a->tag) {
  case LV_NULL: return true;
  case LV_BOOL: return a->v.b == b->v.b;
  case LV_DOUBLE: return memcmp(&a->v.d, &b->v.d, sizeof(double)) == 0;
  case LV_STRING: return a->aux == b->aux && (a->aux == 0 || memcmp(a->v.s, b->v.s, a->aux) == 0);
  case LV_LIST: {
    const lv_list *x = a->v.p, *y = b->v.p;
    if (x->len != y->len) return false;
    for (uint32_t i = 0; i < x->len; i++)
      if (!generic_equal(&x->items[i], &y->items[i])) return false;
    return true;
  }
  case LV_MAP: {
    const lv_map *x = a->v.p, *y = b->v.p;
    if (x->len != y->len) return false;
    for (uint32_t i = 0; i < x->len; i++) {
      const lv_value *o = lv_map_find(y, &x->keys[i]);
      if (!o || !generic_equal(&x->vals[i], o)) return false;
    }
    return true;
  }
  default: return false;
  }
}

static void compare_msg(const lv_schema *s, const void *msg, const lv_map *gen, int depth);

/* A decoded (boxed) value of type t against the generic value of its JSON. */
static void compare_value(const lv_rtype *t, const lv_value *dv, const lv_value *g, int depth) {
  switch ((lv_kind)t->kind) {
  case LV_K_BOOL:
    if (g->tag != LV_BOOL || g->v.b != dv->v.b) FAIL("bool differs");
    break;
  case LV_K_INT:
    if (g->tag == LV_DOUBLE && fabs(g->v.d) < 9007199254740992.0 && (double)dv->v.i != g->v.d)
      FAIL("int %lld differs from %.17g", (long long)dv->v.i, g->v.d);
    if (g->tag != LV_DOUBLE && g->tag != LV_STRING) FAIL("int from a %u", g->tag);
    break;
  case LV_K_UINT:
    if (g->tag == LV_DOUBLE && g->v.d < 9007199254740992.0 && (double)dv->v.u != g->v.d)
      FAIL("uint %llu differs from %.17g", (unsigned long long)dv->v.u, g->v.d);
    break;
  case LV_K_DOUBLE:
    if (g->tag == LV_DOUBLE && memcmp(&g->v.d, &dv->v.d, sizeof(double)) != 0)
      FAIL("double %.17g differs from %.17g", dv->v.d, g->v.d);
    if (g->tag != LV_DOUBLE && g->tag != LV_STRING) FAIL("double from a %u", g->tag);
    break;
  case LV_K_STRING:
    if (!generic_equal(dv, g)) FAIL("string differs");
    break;
  case LV_K_LIST: {
    if (g->tag != LV_LIST) FAIL("list from a %u", g->tag);
    const lv_list *x = dv->v.p, *y = g->v.p;
    if (x->len != y->len) FAIL("list length %u vs %u", x->len, y->len);
    for (uint32_t i = 0; i < x->len; i++) compare_value(t->elem, &x->items[i], &y->items[i], depth + 1);
    break;
  }
  case LV_K_MAP: {
    if (g->tag != LV_MAP) FAIL("map from a %u", g->tag);
    const lv_map *x = dv->v.p, *y = g->v.p;
    if (x->len != y->len) FAIL("map size %u vs %u", x->len, y->len);
    for (uint32_t i = 0; i < x->len; i++) {
      const lv_value *o = lv_map_find(y, &x->keys[i]);
      if (!o) FAIL("map key missing in the generic tree");
      compare_value(t->elem, &x->vals[i], o, depth + 1);
    }
    break;
  }
  case LV_K_MSG:
    if (g->tag != LV_MAP || dv->tag != LV_MSG || dv->aux != t->schema->index) FAIL("message mismatch");
    compare_msg(t->schema, dv->v.p, g->v.p, depth + 1);
    break;
  case LV_K_DYN:
    if (!generic_equal(dv, g)) FAIL("dyn differs");
    break;
  default:
    break; /* bytes, timestamps, durations: checked by their parsers' own tests */
  }
}

static void compare_msg(const lv_schema *s, const void *msg, const lv_map *gen, int depth) {
  if (depth > 80) FAIL("runaway recursion");
  for (uint32_t i = 0; i < s->nfields; i++) {
    const lv_field *f = &s->fields[i];
    const lv_value *g = lv_map_find_str(gen, f->json_name, f->json_len);
    bool present = lv_msg_has(msg, f->index);
    if (depth == 0 && strcmp(f->name, "c") == 0) { /* the capture wins */
      lv_value v = lv_field_get(f, msg);
      if (!present || v.aux != 3 || memcmp(v.v.s, "cap", 3) != 0) FAIL("capture not applied");
      continue;
    }
    bool carried = g && (g->tag != LV_NULL || f->type.kind == LV_K_DYN);
    if (carried) {
      if (!present) FAIL("field %s carried but absent", f->name);
      lv_value v = lv_field_get(f, msg);
      compare_value(&f->type, &v, g, depth);
    } else if (present != f->has_default) {
      FAIL("field %s: presence %d without a value", f->name, present);
    }
  }
}

/* --- the target ---------------------------------------------------------------- */

static bool is_syntax(const char *reason) {
  return strncmp(reason, "invalid JSON: ", 14) == 0 || strncmp(reason, "nesting deeper", 14) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bool ready;
  static lv_arena arena;
  if (!ready) {
    lv_arena_init(&meta, 0, 0);
    build(&needed, true);
    build(&lazy, false);
    lv_arena_init(&arena, 64 * 1024, 64 * 1024 * 1024);
    ready = true;
  }
  const char *json = (const char *)data;
  lv_capture cap = {5, "cap", 3};
  lv_decode_limits lim = {24, 1 << 20};
  void *a = NULL, *b = NULL;
  lv_decode_error ea, eb;
  int ra = lv_decode(&a, &arena, &needed.top_s, json, size, &cap, 1, &lim, &ea);
  int rb = lv_decode(&b, &arena, &lazy.top_s, json, size, &cap, 1, &lim, &eb);
  if (ra != rb) FAIL("needed %d (%s) vs lazy %d (%s)", ra, ra ? ea.reason : "ok", rb, rb ? eb.reason : "ok");
  if (ra) {
    if (strcmp(ea.reason, eb.reason) || strcmp(ea.path, eb.path) || ea.offset != eb.offset)
      FAIL("needed: %s at %s (%u); lazy: %s at %s (%u)", ea.reason, ea.path, ea.offset, eb.reason,
           eb.path, eb.offset);
    if (a || b) FAIL("failed decode returned a struct");
  }

  lv_ctx cx = {&arena, NULL, NULL, NULL};
  lv_value g;
  lv_json_error ge;
  int rg = lv_json_parse(&cx, &g, json, size, 24, &ge);
  if (rg && is_syntax(ge.msg) && ra == 0) FAIL("generic: %s at %u, but the decoder accepted", ge.msg, ge.offset);
  if (ra && is_syntax(ea.reason)) {
    if (rg == 0) FAIL("decoder: %s at %u, but the generic parser accepted", ea.reason, ea.offset);
    if (is_syntax(ge.msg) && (ge.offset != ea.offset || strcmp(ge.msg, ea.reason)))
      FAIL("decoder: %s at %u; generic: %s at %u", ea.reason, ea.offset, ge.msg, ge.offset);
  }
  if (ra == 0) {
    if (rg) {
      /* The decoder does not look for repeated keys in objects no field
       * takes, nor range-check numbers nobody converts to double. */
      if (strncmp(ge.msg, "duplicate key", 13) && strncmp(ge.msg, "number out of the range", 23))
        FAIL("decoder accepted; generic: %s at %u", ge.msg, ge.offset);
    } else {
      if (g.tag != LV_MAP) FAIL("accepted a non-object");
      compare_msg(&needed.top_s, a, g.v.p, 0);
      for (uint32_t i = 0; i < lazy.top_s.nfields; i++)
        if (lv_msg_has(b, i)) FAIL("lazy field %u present", i);
    }
  }
  lv_arena_reset(&arena);
  return 0;
}
