/* lv_num.h - number formatting shared by string(), JSON output and the
 * printing of CEL literals. Doubles are printed with the fewest digits that
 * read back to the same value. */
#ifndef LV_NUM_H
#define LV_NUM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LV_DOUBLE_BUF 40

/* For finite, non-zero |d|: writes the shortest round-trip decimal digits of
 * |d| (no sign, no trailing zeros) and returns how many; |d| = 0.DIGITS * 10^decpt. */
int lv_double_shortest(double d, char digits[18], int *decpt);

/* string(double) as CEL implementations print it (Go's %g with shortest
 * precision): "1.5", "100", "1e+06", "1e-05", "NaN", "+Inf", "-Inf". */
size_t lv_double_to_string(char out[LV_DOUBLE_BUF], double d);
/* Go's strconv.FormatFloat(d, 'f', -1, 64) for finite d: the shortest digits
 * that read back to d, never in exponent form ("100000000000000000000",
 * "0.000001", "-0"). The longest, for the smallest subnormals, take 328 bytes. */
#define LV_DOUBLE_FIXED_BUF 400
size_t lv_double_to_fixed(char out[LV_DOUBLE_FIXED_BUF], double d);
/* A JSON number (as JavaScript prints it: "1.5", "100", "1e+21"); NaN and the
 * infinities, which JSON cannot hold, as the strings "NaN", "Infinity", "-Infinity". */
size_t lv_double_to_json(char out[LV_DOUBLE_BUF], double d);
/* A CEL double literal that reads back to d: "1.0", "-2.5e-10", "1e+100";
 * NaN and infinities as double("NaN"), double("Infinity"), double("-Infinity"). */
size_t lv_double_to_cel(char out[LV_DOUBLE_BUF], double d);

#ifdef __cplusplus
}
#endif
#endif
