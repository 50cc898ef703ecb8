/* lv_math.h - the CEL math extension (cel-go ext.Math) beyond what lowering
 * emits inline. Scalar-only JIT convention (lv_value.h). */
#ifndef LV_MATH_H
#define LV_MATH_H

#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* math.greatest / math.least over a list of numbers of mixed types (int,
 * uint, double; compared by numeric value, so 2^63 as a uint is greater than
 * any int). The result keeps its own type; of equal values the first wins
 * (math.greatest(1, 1.0) is the int 1). An empty list (LV_E_INVALID_ARG), a
 * non-number (LV_E_NO_OVERLOAD) or a NaN among two or more numbers
 * (LV_E_INVALID_ARG, as cel-go: NaN cannot be ordered) is an error. */
const lv_err *lv_math_greatest(lv_ctx *cx, lv_value *out, const lv_list *args);
const lv_err *lv_math_least(lv_ctx *cx, lv_value *out, const lv_list *args);
/* math.round: half away from zero. */
double lv_math_round(double x);
/* math.abs(int): INT64_MIN is an LV_E_OVERFLOW error. */
const lv_err *lv_math_abs_int(lv_ctx *cx, int64_t *out, int64_t x);
/* math.sqrt (double, int and uint arguments converted to double first): a
 * negative argument gives NaN, as cel-go, not an error. */
double lv_math_sqrt(double x);
/* math.bitShiftLeft/Right for int and uint (an int passes its bit pattern):
 * a negative shift is an LV_E_INVALID_ARG error, >= 64 gives 0; right shift
 * of an int is logical, filling with zeros (as cel-go). */
const lv_err *lv_math_shift_left(lv_ctx *cx, uint64_t *out, uint64_t x, int64_t n);
const lv_err *lv_math_shift_right(lv_ctx *cx, uint64_t *out, uint64_t x, int64_t n);

#ifdef __cplusplus
}
#endif
#endif
