/* lv_math.c - the parts of the CEL math extension (cel-go ext.Math) that are
 * more than one machine instruction: greatest/least over mixed numbers, abs
 * with its overflow check, bit shifts with their range rules. */
#include "lv_math.h"

#include <math.h>

static bool is_number(const lv_value *v) {
  return v->tag == LV_INT || v->tag == LV_UINT || v->tag == LV_DOUBLE;
}

/* Exact three-way comparison of an integer with a non-NaN double: the double
 * is split at its integral part, which is exact when it is in range. */
static int cmp_int_double(int64_t i, double d) {
  if (d >= 9223372036854775808.0) return -1;
  if (d < -9223372036854775808.0) return 1;
  double t = trunc(d);
  int64_t ti = (int64_t)t;
  if (i != ti) return i < ti ? -1 : 1;
  return d > t ? -1 : d < t ? 1 : 0;
}

static int cmp_uint_double(uint64_t u, double d) {
  if (d >= 18446744073709551616.0) return -1;
  if (d < 0) return 1;
  double t = trunc(d);
  uint64_t tu = (uint64_t)t;
  if (u != tu) return u < tu ? -1 : 1;
  return d > t ? -1 : 0;
}

static int cmp_int_uint(int64_t i, uint64_t u) {
  if (i < 0) return -1;
  return (uint64_t)i < u ? -1 : (uint64_t)i > u;
}

/* Numbers only, no NaN. */
static int cmp_numbers(const lv_value *a, const lv_value *b) {
  switch (a->tag) {
  case LV_INT:
    if (b->tag == LV_INT) return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
    if (b->tag == LV_UINT) return cmp_int_uint(a->v.i, b->v.u);
    return cmp_int_double(a->v.i, b->v.d);
  case LV_UINT:
    if (b->tag == LV_UINT) return a->v.u < b->v.u ? -1 : a->v.u > b->v.u;
    if (b->tag == LV_INT) return -cmp_int_uint(b->v.i, a->v.u);
    return cmp_uint_double(a->v.u, b->v.d);
  default:
    if (b->tag == LV_DOUBLE) return a->v.d < b->v.d ? -1 : a->v.d > b->v.d;
    if (b->tag == LV_INT) return -cmp_int_double(b->v.i, a->v.d);
    return -cmp_uint_double(b->v.u, a->v.d);
  }
}

static const lv_err *extreme(lv_ctx *cx, lv_value *out, const lv_list *args, int want,
                             const char *fn) {
  uint32_t n = args ? args->len : 0;
  if (n == 0) return lv_err_new(cx, LV_E_INVALID_ARG, "%s() argument must not be empty", fn);
  for (uint32_t i = 0; i < n; i++) {
    const lv_value *v = &args->items[i];
    if (!is_number(v))
      return lv_err_new(cx, LV_E_NO_OVERLOAD, "no such overload: %s() argument %u is not a number",
                        fn, i + 1);
    if (n > 1 && v->tag == LV_DOUBLE && isnan(v->v.d))
      return lv_err_new(cx, LV_E_INVALID_ARG, "%s(): NaN values cannot be ordered", fn);
  }
  const lv_value *best = &args->items[0];
  for (uint32_t i = 1; i < n; i++)
    if (cmp_numbers(&args->items[i], best) == want) best = &args->items[i];
  *out = *best;
  return NULL;
}

const lv_err *lv_math_greatest(lv_ctx *cx, lv_value *out, const lv_list *args) {
  return extreme(cx, out, args, 1, "math.greatest");
}

const lv_err *lv_math_least(lv_ctx *cx, lv_value *out, const lv_list *args) {
  return extreme(cx, out, args, -1, "math.least");
}

double lv_math_round(double x) { return round(x); /* C's round: ties away from zero */ }

double lv_math_sqrt(double x) { return sqrt(x); }

const lv_err *lv_math_abs_int(lv_ctx *cx, int64_t *out, int64_t x) {
  if (x == INT64_MIN)
    return lv_err_new(cx, LV_E_OVERFLOW, "integer overflow: math.abs(%lld)", (long long)x);
  *out = x < 0 ? -x : x;
  return NULL;
}

const lv_err *lv_math_shift_left(lv_ctx *cx, uint64_t *out, uint64_t x, int64_t n) {
  if (n < 0)
    return lv_err_new(cx, LV_E_INVALID_ARG, "math.bitShiftLeft() negative offset: %lld", (long long)n);
  *out = n >= 64 ? 0 : x << n;
  return NULL;
}

const lv_err *lv_math_shift_right(lv_ctx *cx, uint64_t *out, uint64_t x, int64_t n) {
  if (n < 0)
    return lv_err_new(cx, LV_E_INVALID_ARG, "math.bitShiftRight() negative offset: %lld", (long long)n);
  *out = n >= 64 ? 0 : x >> n;
  return NULL;
}
