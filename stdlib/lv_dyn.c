/* lv_dyn.c - dynamic dispatch: the operators and conversions that compiled
 * code calls when an operand's static type is `dyn` (an element of a
 * list<dyn>, a JSON value, dyn(x)). The overload is chosen here, at run time,
 * from the operands' tags, with the same results and errors as the
 * statically typed code paths (which call the lv_string.h and lv_time.h
 * functions used below directly).
 *
 * Error messages follow cel-go's wording ("found no matching overload for
 * '_+_' applied to '(int, uint)'", "division by zero", "modulus by zero",
 * "no such key: ...") so that users can search for them. */
#include <math.h>
#include <string.h>

#include "lv_num.h"
#include "lv_string.h"
#include "lv_time.h"
#include "lv_utf8.h"
#include "lv_values.h"

static const lv_err err_mod_zero = {LV_E_DIV_ZERO, "modulus by zero"};

/* Longest key or field name quoted in an error message. */
#define ERR_QUOTE_MAX 64

static const char *op_name(int op) {
  switch (op) {
  case '+': return "_+_";
  case '-': return "_-_";
  case '*': return "_*_";
  case '/': return "_/_";
  case '%': return "_%_";
  default: return "?";
  }
}

static const lv_err *no_overload1(lv_ctx *cx, const char *fn, const lv_value *a) {
  return lv_err_new(cx, LV_E_NO_OVERLOAD, "found no matching overload for '%s' applied to '(%s)'",
                    fn, lv_value_type_name(cx, a));
}

static const lv_err *no_overload2(lv_ctx *cx, const char *fn, const lv_value *a, const lv_value *b) {
  return lv_err_new(cx, LV_E_NO_OVERLOAD, "found no matching overload for '%s' applied to '(%s, %s)'",
                    fn, lv_value_type_name(cx, a), lv_value_type_name(cx, b));
}

/* Length of at most max bytes of s that does not split a UTF-8 sequence. */
static size_t utf8_prefix(const char *s, size_t n, size_t max) {
  if (n <= max) return n;
  size_t k = max;
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
  return k;
}

/* "no such key: <key as a CEL literal>", the key cut short if long. */
static const lv_err *no_such_key(lv_ctx *cx, const lv_value *key) {
  lv_buf b = LV_BUF_INIT;
  lv_value_print_cel(&b, cx, key);
  size_t n = utf8_prefix(b.data, b.len, ERR_QUOTE_MAX);
  const lv_err *e = lv_err_new(cx, LV_E_NO_SUCH_KEY, "no such key: %.*s%s", (int)n, b.data,
                               n < b.len ? "..." : "");
  lv_buf_free(&b);
  return e;
}

static const lv_schema *schema_at(const lv_ctx *cx, uint32_t index) {
  if (!cx || !cx->rt || index >= cx->rt->nschemas || !cx->rt->schemas) return NULL;
  return cx->rt->schemas[index];
}

/* --- arithmetic ----------------------------------------------------------------- */

static const lv_err *arith_int(int op, int64_t x, int64_t y, int64_t *r) {
  bool ovf = false;
  switch (op) {
  case '+': ovf = __builtin_add_overflow(x, y, r); break;
  case '-': ovf = __builtin_sub_overflow(x, y, r); break;
  case '*': ovf = __builtin_mul_overflow(x, y, r); break;
  case '/':
  case '%':
    if (y == 0) return op == '/' ? lv_err_static(LV_E_DIV_ZERO) : &err_mod_zero;
    /* INT64_MIN / -1 does not fit, and both it and INT64_MIN % -1 trap on
     * x86; cel-go reports overflow for both. */
    if (x == INT64_MIN && y == -1) return lv_err_static(LV_E_OVERFLOW);
    *r = op == '/' ? x / y : x % y;
    break;
  default: return lv_err_static(LV_E_NO_OVERLOAD);
  }
  return ovf ? lv_err_static(LV_E_OVERFLOW) : NULL;
}

static const lv_err *arith_uint(int op, uint64_t x, uint64_t y, uint64_t *r) {
  bool ovf = false;
  switch (op) {
  case '+': ovf = __builtin_add_overflow(x, y, r); break;
  case '-': ovf = __builtin_sub_overflow(x, y, r); break;
  case '*': ovf = __builtin_mul_overflow(x, y, r); break;
  case '/':
  case '%':
    if (y == 0) return op == '/' ? lv_err_static(LV_E_DIV_ZERO) : &err_mod_zero;
    *r = op == '/' ? x / y : x % y;
    break;
  default: return lv_err_static(LV_E_NO_OVERLOAD);
  }
  return ovf ? lv_err_static(LV_E_OVERFLOW) : NULL;
}

/* string + string and bytes + bytes: the same byte concatenation. */
static const lv_err *concat_span(lv_ctx *cx, lv_value *out, const lv_value *a, const lv_value *b) {
  const char *p = NULL;
  size_t n = 0;
  const lv_err *e = lv_string_concat(cx, &p, &n, a->v.s, a->aux, b->v.s, b->aux);
  if (e) return e;
  if (n > LV_STR_MAX) return lv_err_static(LV_E_RESOURCE);
  *out = a->tag == LV_STRING ? lv_value_string(p, n) : lv_value_bytes(p, n);
  return NULL;
}

static const lv_err *arith_time(lv_ctx *cx, lv_value *out, int op, const lv_value *a, const lv_value *b) {
  int64_t s = 0;
  int32_t ns = 0;
  const lv_err *e;
  lv_time x = lv_value_time(a), y = lv_value_time(b);
  uint32_t ta = a->tag, tb = b->tag;
  if (op == '+' && ta == LV_TIMESTAMP && tb == LV_DURATION) {
    e = lv_timestamp_add_duration(cx, &s, &ns, x.sec, x.nanos, y.sec, y.nanos);
    if (!e) *out = lv_value_timestamp(s, ns);
  } else if (op == '+' && ta == LV_DURATION && tb == LV_TIMESTAMP) {
    e = lv_timestamp_add_duration(cx, &s, &ns, y.sec, y.nanos, x.sec, x.nanos);
    if (!e) *out = lv_value_timestamp(s, ns);
  } else if (op == '+' && ta == LV_DURATION && tb == LV_DURATION) {
    e = lv_duration_add(cx, &s, &ns, x.sec, x.nanos, y.sec, y.nanos);
    if (!e) *out = lv_value_duration(s, ns);
  } else if (op == '-' && ta == LV_TIMESTAMP && tb == LV_DURATION) {
    e = lv_timestamp_sub_duration(cx, &s, &ns, x.sec, x.nanos, y.sec, y.nanos);
    if (!e) *out = lv_value_timestamp(s, ns);
  } else if (op == '-' && ta == LV_TIMESTAMP && tb == LV_TIMESTAMP) {
    e = lv_timestamp_sub_timestamp(cx, &s, &ns, x.sec, x.nanos, y.sec, y.nanos);
    if (!e) *out = lv_value_duration(s, ns);
  } else if (op == '-' && ta == LV_DURATION && tb == LV_DURATION) {
    e = lv_duration_sub(cx, &s, &ns, x.sec, x.nanos, y.sec, y.nanos);
    if (!e) *out = lv_value_duration(s, ns);
  } else {
    e = no_overload2(cx, op_name(op), a, b);
  }
  return e;
}

const lv_err *lv_dyn_arith(lv_ctx *cx, lv_value *out, int op, const lv_value *a, const lv_value *b) {
  if (op != '+' && op != '-' && op != '*' && op != '/' && op != '%') return no_overload2(cx, op_name(op), a, b);
  const lv_err *e;
  if (a->tag == LV_TIMESTAMP || a->tag == LV_DURATION) return arith_time(cx, out, op, a, b);
  if (a->tag != b->tag) return no_overload2(cx, op_name(op), a, b);
  switch (a->tag) {
  case LV_INT: {
    int64_t r = 0;
    if ((e = arith_int(op, a->v.i, b->v.i, &r))) return e;
    *out = lv_value_int(r);
    return NULL;
  }
  case LV_UINT: {
    uint64_t r = 0;
    if ((e = arith_uint(op, a->v.u, b->v.u, &r))) return e;
    *out = lv_value_uint(r);
    return NULL;
  }
  case LV_DOUBLE: {
    double x = a->v.d, y = b->v.d, r;
    switch (op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/': r = x / y; break; /* IEEE: 1.0/0.0 is +Inf, 0.0/0.0 NaN */
    default: return no_overload2(cx, op_name(op), a, b);
    }
    *out = lv_value_double(r);
    return NULL;
  }
  case LV_STRING:
  case LV_BYTES:
    if (op != '+') break;
    return concat_span(cx, out, a, b);
  case LV_LIST: {
    if (op != '+') break;
    const lv_list *l = NULL;
    if ((e = lv_list_concat(cx, &l, a->v.p, b->v.p))) return e;
    *out = lv_value_list(l);
    return NULL;
  }
  default: break;
  }
  return no_overload2(cx, op_name(op), a, b);
}

const lv_err *lv_dyn_negate(lv_ctx *cx, lv_value *out, const lv_value *a) {
  switch (a->tag) {
  case LV_INT: {
    int64_t r;
    if (__builtin_sub_overflow((int64_t)0, a->v.i, &r)) return lv_err_static(LV_E_OVERFLOW);
    *out = lv_value_int(r);
    return NULL;
  }
  case LV_DOUBLE: *out = lv_value_double(-a->v.d); return NULL;
  case LV_DURATION: {
    int64_t s = 0;
    int32_t ns = 0;
    lv_time t = lv_value_time(a);
    const lv_err *e = lv_duration_neg(cx, &s, &ns, t.sec, t.nanos);
    if (e) return e;
    *out = lv_value_duration(s, ns);
    return NULL;
  }
  default: return no_overload1(cx, "-_", a);
  }
}

/* --- access ------------------------------------------------------------------------- */

static const lv_err *index_list(lv_ctx *cx, lv_value *out, const lv_list *l, const lv_value *key) {
  uint32_t len = l ? l->len : 0;
  uint64_t i;
  bool neg = false;
  switch (key->tag) {
  case LV_INT:
    neg = key->v.i < 0;
    i = (uint64_t)key->v.i;
    break;
  case LV_UINT: i = key->v.u; break;
  case LV_DOUBLE: {
    /* An integral double indexes like the int of the same value. */
    double d = key->v.d;
    if (d != trunc(d) || !(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      char num[LV_DOUBLE_BUF];
      lv_double_to_string(num, d);
      return lv_err_new(cx, LV_E_INVALID_ARG, "unsupported index value %s in list", num);
    }
    neg = d < 0;
    i = (uint64_t)(int64_t)d;
    break;
  }
  default:
    return lv_err_new(cx, LV_E_INVALID_ARG, "unsupported index type '%s' in list",
                      lv_value_type_name(cx, key));
  }
  if (neg || i >= len) {
    if (neg)
      return lv_err_new(cx, LV_E_INDEX, "index out of range: %lld (list size %u)", (long long)(int64_t)i, len);
    return lv_err_new(cx, LV_E_INDEX, "index out of range: %llu (list size %u)", (unsigned long long)i, len);
  }
  *out = l->items[i];
  return NULL;
}

const lv_err *lv_dyn_index(lv_ctx *cx, lv_value *out, const lv_value *a, const lv_value *key) {
  switch (a->tag) {
  case LV_LIST: return index_list(cx, out, a->v.p, key);
  case LV_MAP: {
    /* Any key type may be looked up: one that no key can equal (bytes,
     * 1.5) is simply absent, as in cel-go. */
    const lv_value *v = lv_map_find(a->v.p, key);
    if (!v) return no_such_key(cx, key);
    *out = *v;
    return NULL;
  }
  default: return no_overload2(cx, "_[_]", a, key);
  }
}

/* The field named f of a message value, or an error. */
static const lv_err *msg_field(lv_ctx *cx, const lv_field **out, const lv_value *a, const char *f, size_t n) {
  const lv_schema *s = schema_at(cx, a->aux);
  const lv_field *fd = s ? lv_schema_field_by_name(s, f, n) : NULL;
  if (!fd) {
    size_t k = utf8_prefix(f, n, ERR_QUOTE_MAX);
    return lv_err_new(cx, LV_E_NO_SUCH_FIELD, "no such field '%.*s'%s", (int)k, f, k < n ? "..." : "");
  }
  *out = fd;
  return NULL;
}

const lv_err *lv_dyn_select(lv_ctx *cx, lv_value *out, const lv_value *a, const char *f, size_t n) {
  switch (a->tag) {
  case LV_MAP: {
    const lv_value *v = lv_map_find_str(a->v.p, f, n);
    if (!v) {
      lv_value key = lv_value_string(f, n > LV_STR_MAX ? LV_STR_MAX : n);
      return no_such_key(cx, &key);
    }
    *out = *v;
    return NULL;
  }
  case LV_MSG: {
    const lv_field *fd = NULL;
    const lv_err *e = msg_field(cx, &fd, a, f, n);
    if (e) return e;
    if (!a->v.p || !lv_msg_has(a->v.p, fd->index))
      return lv_err_new(cx, LV_E_NO_SUCH_FIELD, "field '%s' is absent", fd->name);
    *out = lv_field_get(fd, a->v.p);
    return NULL;
  }
  default:
    return lv_err_new(cx, LV_E_NO_OVERLOAD, "type '%s' does not support field selection",
                      lv_value_type_name(cx, a));
  }
}

const lv_err *lv_dyn_has(lv_ctx *cx, bool *out, const lv_value *a, const char *f, size_t n) {
  switch (a->tag) {
  case LV_MAP: *out = lv_map_find_str(a->v.p, f, n) != NULL; return NULL;
  case LV_MSG: {
    const lv_field *fd = NULL;
    const lv_err *e = msg_field(cx, &fd, a, f, n);
    if (e) return e;
    *out = a->v.p && lv_msg_has(a->v.p, fd->index);
    return NULL;
  }
  default:
    return lv_err_new(cx, LV_E_NO_OVERLOAD, "type '%s' does not support field selection",
                      lv_value_type_name(cx, a));
  }
}

const lv_err *lv_dyn_in(lv_ctx *cx, bool *out, const lv_value *elem, const lv_value *container) {
  switch (container->tag) {
  case LV_LIST: {
    const lv_list *l = container->v.p;
    uint32_t len = l ? l->len : 0;
    for (uint32_t i = 0; i < len; i++) {
      if (lv_value_equal(cx, elem, &l->items[i])) {
        *out = true;
        return NULL;
      }
    }
    *out = false;
    return NULL;
  }
  case LV_MAP: *out = lv_map_find(container->v.p, elem) != NULL; return NULL;
  default: return no_overload2(cx, "@in", elem, container);
  }
}

const lv_err *lv_dyn_size(lv_ctx *cx, int64_t *out, const lv_value *a) {
  switch (a->tag) {
  case LV_STRING: *out = (int64_t)lv_utf8_count(a->v.s, a->aux); return NULL;
  case LV_BYTES: *out = a->aux; return NULL;
  case LV_LIST: *out = a->v.p ? ((const lv_list *)a->v.p)->len : 0; return NULL;
  case LV_MAP: *out = a->v.p ? ((const lv_map *)a->v.p)->len : 0; return NULL;
  default: return no_overload1(cx, "size", a);
  }
}

void lv_dyn_type(lv_value *out, const lv_value *a) {
  uint32_t tag = a->tag < LV_TAG_COUNT ? a->tag : LV_NULL;
  out->tag = LV_TYPE;
  out->aux = tag;
  out->v.i = tag == LV_MSG ? (int64_t)a->aux : 0;
}

/* --- conversions ------------------------------------------------------------------------ */

static const lv_err *to_int(lv_ctx *cx, lv_value *out, const lv_value *a) {
  int64_t r = 0;
  const lv_err *e = NULL;
  switch (a->tag) {
  case LV_INT: r = a->v.i; break;
  case LV_UINT:
    if (a->v.u > (uint64_t)INT64_MAX)
      return lv_err_new(cx, LV_E_OVERFLOW, "range error converting %llu to int", (unsigned long long)a->v.u);
    r = (int64_t)a->v.u;
    break;
  case LV_DOUBLE: e = lv_double_to_int(cx, &r, a->v.d); break;
  case LV_STRING: e = lv_string_to_int(cx, &r, a->v.s, a->aux); break;
  case LV_TIMESTAMP: r = lv_timestamp_to_int(a->v.i, (int32_t)a->aux); break;
  case LV_DURATION: e = lv_duration_to_int(cx, &r, a->v.i, (int32_t)a->aux); break;
  default: return no_overload1(cx, "int", a);
  }
  if (e) return e;
  *out = lv_value_int(r);
  return NULL;
}

static const lv_err *to_uint(lv_ctx *cx, lv_value *out, const lv_value *a) {
  uint64_t r = 0;
  const lv_err *e = NULL;
  switch (a->tag) {
  case LV_UINT: r = a->v.u; break;
  case LV_INT:
    if (a->v.i < 0)
      return lv_err_new(cx, LV_E_OVERFLOW, "range error converting %lld to uint", (long long)a->v.i);
    r = (uint64_t)a->v.i;
    break;
  case LV_DOUBLE: e = lv_double_to_uint(cx, &r, a->v.d); break;
  case LV_STRING: e = lv_string_to_uint(cx, &r, a->v.s, a->aux); break;
  default: return no_overload1(cx, "uint", a);
  }
  if (e) return e;
  *out = lv_value_uint(r);
  return NULL;
}

static const lv_err *to_double(lv_ctx *cx, lv_value *out, const lv_value *a) {
  double r = 0;
  const lv_err *e = NULL;
  switch (a->tag) {
  case LV_DOUBLE: r = a->v.d; break;
  case LV_INT: r = (double)a->v.i; break;
  case LV_UINT: r = (double)a->v.u; break;
  case LV_STRING: e = lv_string_to_double(cx, &r, a->v.s, a->aux); break;
  default: return no_overload1(cx, "double", a);
  }
  if (e) return e;
  *out = lv_value_double(r);
  return NULL;
}

static const lv_err *to_string(lv_ctx *cx, lv_value *out, const lv_value *a) {
  const char *p = NULL;
  size_t n = 0;
  const lv_err *e;
  switch (a->tag) {
  case LV_STRING: *out = *a; return NULL;
  case LV_BOOL:
    *out = a->v.b ? lv_value_string("true", 4) : lv_value_string("false", 5);
    return NULL;
  case LV_INT: e = lv_int_to_string(cx, &p, &n, a->v.i); break;
  case LV_UINT: e = lv_uint_to_string(cx, &p, &n, a->v.u); break;
  case LV_DOUBLE: e = lv_double_to_string_cel(cx, &p, &n, a->v.d); break;
  case LV_BYTES: e = lv_bytes_to_string(cx, &p, &n, a->v.s, a->aux); break;
  case LV_TIMESTAMP: e = lv_timestamp_to_string(cx, &p, &n, a->v.i, (int32_t)a->aux); break;
  case LV_DURATION: e = lv_duration_to_string(cx, &p, &n, a->v.i, (int32_t)a->aux); break;
  default: return no_overload1(cx, "string", a);
  }
  if (e) return e;
  if (n > LV_STR_MAX) return lv_err_static(LV_E_RESOURCE);
  *out = lv_value_string(p, n);
  return NULL;
}

static const lv_err *to_timestamp(lv_ctx *cx, lv_value *out, const lv_value *a) {
  lv_time t = {0, 0};
  const lv_err *e;
  switch (a->tag) {
  case LV_TIMESTAMP: *out = *a; return NULL;
  case LV_STRING: e = lv_timestamp_parse(cx, &t, a->v.s, a->aux); break;
  case LV_INT: e = lv_timestamp_from_int(cx, &t.sec, &t.nanos, a->v.i); break;
  default: return no_overload1(cx, "timestamp", a);
  }
  if (e) return e;
  *out = lv_value_timestamp(t.sec, t.nanos);
  return NULL;
}

static const lv_err *to_duration(lv_ctx *cx, lv_value *out, const lv_value *a) {
  lv_time t = {0, 0};
  switch (a->tag) {
  case LV_DURATION: *out = *a; return NULL;
  case LV_STRING: {
    const lv_err *e = lv_duration_parse(cx, &t, a->v.s, a->aux);
    if (e) return e;
    break;
  }
  case LV_INT: lv_duration_from_int(&t.sec, &t.nanos, a->v.i); break;
  default: return no_overload1(cx, "duration", a);
  }
  *out = lv_value_duration(t.sec, t.nanos);
  return NULL;
}

const lv_err *lv_dyn_convert(lv_ctx *cx, lv_value *out, int target, const lv_value *a) {
  switch (target) {
  case LV_INT: return to_int(cx, out, a);
  case LV_UINT: return to_uint(cx, out, a);
  case LV_DOUBLE: return to_double(cx, out, a);
  case LV_STRING: return to_string(cx, out, a);
  case LV_BYTES:
    if (a->tag == LV_BYTES || a->tag == LV_STRING) {
      /* bytes(string): the UTF-8 bytes; values are immutable, so no copy. */
      *out = lv_value_bytes(a->v.s, a->aux);
      return NULL;
    }
    return no_overload1(cx, "bytes", a);
  case LV_BOOL:
    if (a->tag == LV_BOOL) {
      *out = *a;
      return NULL;
    }
    if (a->tag == LV_STRING) {
      bool r = false;
      const lv_err *e = lv_string_to_bool(cx, &r, a->v.s, a->aux);
      if (e) return e;
      *out = lv_value_bool(r);
      return NULL;
    }
    return no_overload1(cx, "bool", a);
  case LV_TIMESTAMP: return to_timestamp(cx, out, a);
  case LV_DURATION: return to_duration(cx, out, a);
  case LV_TYPE: lv_dyn_type(out, a); return NULL;
  default: return lv_err_new(cx, LV_E_NO_OVERLOAD, "no conversion to type tag %d", target);
  }
}
