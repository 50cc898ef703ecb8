/* lv_equal.c - CEL equality and ordering of boxed values.
 *
 * Equality is heterogeneous (langdef "Equality"): int, uint and double
 * compare as points on one number line, any other pair of different types is
 * simply unequal, and equality never fails. Ordering is defined only for
 * numbers (across types), strings, bytes, bools, timestamps and durations.
 *
 * Numbers: int against uint is exact. int or uint against double converts
 * the integer to double, as cel-go does and the conformance suite expects:
 * dyn(9223372036854775807) < 9223372036854775808.0 is false, because the int
 * rounds to 2^63. */
#include <math.h>
#include <string.h>

#include "lv_values.h"

/* Containers nest only as deep as an expression or a (bounded) JSON
 * document, so this guard never triggers on real data; it exists so that no
 * input can exhaust the stack. Deeper values compare unequal. */
#define EQUAL_MAX_DEPTH 1000

static bool is_number(uint32_t tag) { return tag == LV_INT || tag == LV_UINT || tag == LV_DOUBLE; }

static int cmp_i64(int64_t a, int64_t b) { return (a > b) - (a < b); }
static int cmp_u64(uint64_t a, uint64_t b) { return (a > b) - (a < b); }
/* 2 = unordered (a NaN is involved). */
static int cmp_double(double a, double b) {
  if (isnan(a) || isnan(b)) return 2;
  return (a > b) - (a < b);
}

/* Three-way numeric comparison across int, uint and double; 2 = NaN. */
static int cmp_number(const lv_value *a, const lv_value *b) {
  switch (a->tag * LV_TAG_COUNT + b->tag) {
  case LV_INT * LV_TAG_COUNT + LV_INT: return cmp_i64(a->v.i, b->v.i);
  case LV_UINT * LV_TAG_COUNT + LV_UINT: return cmp_u64(a->v.u, b->v.u);
  case LV_DOUBLE * LV_TAG_COUNT + LV_DOUBLE: return cmp_double(a->v.d, b->v.d);
  case LV_INT * LV_TAG_COUNT + LV_UINT:
    return a->v.i < 0 ? -1 : cmp_u64((uint64_t)a->v.i, b->v.u);
  case LV_UINT * LV_TAG_COUNT + LV_INT:
    return b->v.i < 0 ? 1 : cmp_u64(a->v.u, (uint64_t)b->v.i);
  case LV_INT * LV_TAG_COUNT + LV_DOUBLE: return cmp_double((double)a->v.i, b->v.d);
  case LV_DOUBLE * LV_TAG_COUNT + LV_INT: return cmp_double(a->v.d, (double)b->v.i);
  case LV_UINT * LV_TAG_COUNT + LV_DOUBLE: return cmp_double((double)a->v.u, b->v.d);
  case LV_DOUBLE * LV_TAG_COUNT + LV_UINT: return cmp_double(a->v.d, (double)b->v.u);
  default: return 2;
  }
}

/* Byte-wise lexicographic order (= code point order for UTF-8). */
static int cmp_span(const char *a, size_t an, const char *b, size_t bn) {
  size_t n = an < bn ? an : bn;
  int c = n ? memcmp(a, b, n) : 0;
  if (c) return c < 0 ? -1 : 1;
  return (an > bn) - (an < bn);
}

/* Timestamps and durations: nanos share the sign of sec (or sec is 0), so
 * (sec, nanos) pairs order lexicographically. */
static int cmp_time(const lv_value *a, const lv_value *b) {
  int c = cmp_i64(a->v.i, b->v.i);
  if (c) return c;
  return cmp_i64((int32_t)a->aux, (int32_t)b->aux);
}

static const lv_schema *schema_at(const lv_ctx *cx, uint32_t index) {
  if (!cx || !cx->rt || index >= cx->rt->nschemas || !cx->rt->schemas) return NULL;
  return cx->rt->schemas[index];
}

static bool msg_has(const void *msg, uint32_t index) { return msg && lv_msg_has(msg, index); }

static bool equal_at(const lv_ctx *cx, const lv_value *a, const lv_value *b, int depth);

static bool equal_lists(const lv_ctx *cx, const lv_list *a, const lv_list *b, int depth) {
  uint32_t an = a ? a->len : 0, bn = b ? b->len : 0;
  if (an != bn) return false;
  for (uint32_t i = 0; i < an; i++)
    if (!equal_at(cx, &a->items[i], &b->items[i], depth)) return false;
  return true;
}

/* Same size and every key of a found in b with an equal value: with
 * distinct keys on both sides, that makes the key sets equal. */
static bool equal_maps(const lv_ctx *cx, const lv_map *a, const lv_map *b, int depth) {
  uint32_t an = a ? a->len : 0, bn = b ? b->len : 0;
  if (an != bn) return false;
  for (uint32_t i = 0; i < an; i++) {
    const lv_value *bv = lv_map_find(b, &a->keys[i]);
    if (!bv || !equal_at(cx, &a->vals[i], bv, depth)) return false;
  }
  return true;
}

/* Field-wise: the same fields present, and present fields equal. */
static bool equal_msgs(const lv_ctx *cx, const lv_schema *s, const void *a, const void *b, int depth) {
  if (a == b) return true;
  for (uint32_t i = 0; i < s->nfields; i++) {
    const lv_field *f = &s->fields[i];
    bool ha = msg_has(a, f->index), hb = msg_has(b, f->index);
    if (ha != hb) return false;
    if (!ha) continue;
    lv_value fa = lv_field_get(f, a), fb = lv_field_get(f, b);
    if (f->type.kind == LV_K_MSG) {
      /* Nested messages: the field's own schema, no lookup through cx. */
      if (depth > EQUAL_MAX_DEPTH) return false;
      if (!f->type.schema) {
        if (fa.v.p != fb.v.p) return false;
      } else if (!equal_msgs(cx, f->type.schema, fa.v.p, fb.v.p, depth + 1)) {
        return false;
      }
    } else if (!equal_at(cx, &fa, &fb, depth)) {
      return false;
    }
  }
  return true;
}

static bool equal_at(const lv_ctx *cx, const lv_value *a, const lv_value *b, int depth) {
  if (depth > EQUAL_MAX_DEPTH) return false;
  if (is_number(a->tag) && is_number(b->tag)) return cmp_number(a, b) == 0;
  if (a->tag != b->tag) return false;
  switch (a->tag) {
  case LV_NULL: return true;
  case LV_BOOL: return a->v.b == b->v.b;
  case LV_STRING:
  case LV_BYTES:
    return a->aux == b->aux && (a->aux == 0 || memcmp(a->v.s, b->v.s, a->aux) == 0);
  case LV_TIMESTAMP:
  case LV_DURATION: return cmp_time(a, b) == 0;
  case LV_LIST: return equal_lists(cx, a->v.p, b->v.p, depth + 1);
  case LV_MAP: return equal_maps(cx, a->v.p, b->v.p, depth + 1);
  case LV_MSG: {
    if (a->aux != b->aux) return false;
    const lv_schema *s = schema_at(cx, a->aux);
    /* Without the schema the fields cannot be read: identity only. */
    if (!s) return a->v.p == b->v.p;
    return equal_msgs(cx, s, a->v.p, b->v.p, depth + 1);
  }
  case LV_TYPE:
    return a->aux == b->aux && (a->aux != LV_MSG || a->v.i == b->v.i);
  case LV_OPTIONAL: {
    const lv_value *x = a->v.p, *y = b->v.p;
    if (!x || !y) return x == y;
    return equal_at(cx, x, y, depth + 1);
  }
  default: return false;
  }
}

bool lv_value_equal(const lv_ctx *cx, const lv_value *a, const lv_value *b) {
  return equal_at(cx, a, b, 0);
}

const lv_err *lv_value_compare(lv_ctx *cx, int *out, const lv_value *a, const lv_value *b) {
  if (is_number(a->tag) && is_number(b->tag)) {
    *out = cmp_number(a, b);
    return NULL;
  }
  if (a->tag == b->tag) {
    switch (a->tag) {
    case LV_BOOL: *out = (int)a->v.b - (int)b->v.b; return NULL;
    case LV_STRING:
    case LV_BYTES: *out = cmp_span(a->v.s, a->aux, b->v.s, b->aux); return NULL;
    case LV_TIMESTAMP:
    case LV_DURATION: *out = cmp_time(a, b); return NULL;
    default: break;
    }
  }
  return lv_err_new(cx, LV_E_NO_OVERLOAD, "no such overload: cannot compare %s with %s",
                    lv_value_type_name(cx, a), lv_value_type_name(cx, b));
}
