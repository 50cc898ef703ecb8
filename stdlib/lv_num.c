/* lv_num.c - shortest round-trip double formatting.
 *
 * The shortest digits come from printf's correctly rounded %e: if a k-digit
 * decimal reads back to d for some k <= 15, then rounding d to 15 digits gives
 * that decimal padded with zeros (doubles carry more than 15 digits), so it is
 * enough to try 15, 16 and 17 digits and strip trailing zeros (subnormals,
 * with fewer digits of precision, are searched from one digit). */
#include "lv_num.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sensor-style values (85.5, 0.125, 1013.25) are short decimals. If
 * a * 10^k is an integer m below 10^15 and m / 10^k == a (one correctly
 * rounded division: exactly what strtod would give), the decimal m*10^-k has
 * at most 15 digits and reads back to a, so - by the argument above - it is
 * what the printf search would find. No printf, no strtod. */
static int shortest_fast(double a, char digits[18], int *decpt) {
  static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                               1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (!(a >= 1e-9 && a < 1e15)) return 0;
  for (int k = 0; k <= 15; k++) {
    double m = a * p10[k];
    if (m >= 1e15) return 0;
    if (m != floor(m) || m / p10[k] != a) continue;
    uint64_t v = (uint64_t)m;
    char rev[20];
    int n = 0;
    while (v) {
      rev[n++] = (char)('0' + v % 10);
      v /= 10;
    }
    /* value = 0.DIGITS * 10^decpt, with n digits before the k decimals */
    *decpt = n - k;
    int lead = 0;
    while (lead < n - 1 && rev[lead] == '0') lead++; /* trailing zeros of m */
    int count = 0;
    for (int i = n - 1; i >= lead; i--) digits[count++] = rev[i];
    digits[count] = 0;
    return count;
  }
  return 0;
}

int lv_double_shortest(double d, char digits[18], int *decpt) {
  char tmp[40];
  double a = fabs(d);
  int fast = shortest_fast(a, digits, decpt);
  if (fast) return fast;
  /* Subnormals carry fewer digits than 15, so search them from one digit. */
  for (int prec = a < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, a);
    if (prec < 17 && strtod(tmp, NULL) != a) continue;
    /* tmp is "D.DDDDe[+-]XX" */
    int n = 0;
    for (const char *p = tmp; *p && *p != 'e'; p++)
      if (*p >= '0' && *p <= '9') digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0') n--;
    digits[n] = 0;
    *decpt = atoi(strchr(tmp, 'e') + 1) + 1;
    return n;
  }
  return 0; /* not reached */
}

/* Writes digits as fixed-point notation. */
static size_t put_fixed(char *out, const char *dig, int n, int decpt) {
  size_t k = 0;
  if (decpt <= 0) {
    out[k++] = '0';
    out[k++] = '.';
    for (int i = 0; i < -decpt; i++) out[k++] = '0';
    for (int i = 0; i < n; i++) out[k++] = dig[i];
  } else {
    for (int i = 0; i < decpt; i++) out[k++] = i < n ? dig[i] : '0';
    if (n > decpt) {
      out[k++] = '.';
      for (int i = decpt; i < n; i++) out[k++] = dig[i];
    }
  }
  out[k] = 0;
  return k;
}

/* Writes digits as D[.DDD]e[+-]XX with at least min_exp_digits exponent digits. */
static size_t put_exp(char *out, const char *dig, int n, int decpt, int min_exp_digits) {
  size_t k = 0;
  out[k++] = dig[0];
  if (n > 1) {
    out[k++] = '.';
    for (int i = 1; i < n; i++) out[k++] = dig[i];
  }
  int e = decpt - 1;
  out[k++] = 'e';
  out[k++] = e < 0 ? '-' : '+';
  if (e < 0) e = -e;
  k += (size_t)sprintf(out + k, "%0*d", min_exp_digits, e);
  return k;
}

/* Finite d: '-' when its sign bit is set, then "0" for zero, else its
 * shortest digits, in exponent form (with at least exp_digits exponent
 * digits) when |d| = 0.DIGITS * 10^decpt has decpt outside [lo, hi], else
 * in fixed-point notation. */
static size_t put_shortest(char *out, double d, int lo, int hi, int exp_digits) {
  size_t k = 0;
  if (signbit(d)) out[k++] = '-';
  if (d == 0) {
    out[k++] = '0';
    out[k] = 0;
    return k;
  }
  char dig[18];
  int decpt, n = lv_double_shortest(d, dig, &decpt);
  if (decpt < lo || decpt > hi) return k + put_exp(out + k, dig, n, decpt, exp_digits);
  return k + put_fixed(out + k, dig, n, decpt);
}

size_t lv_double_to_string(char out[LV_DOUBLE_BUF], double d) {
  if (isnan(d)) return (size_t)sprintf(out, "NaN");
  if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "-Inf" : "+Inf");
  /* Go's %g with shortest precision: exponent form below 1e-04 and from 1e+06. */
  return put_shortest(out, d, -3, 6, 2);
}

size_t lv_double_to_fixed(char out[LV_DOUBLE_FIXED_BUF], double d) {
  return put_shortest(out, d, INT_MIN, INT_MAX, 1);
}

size_t lv_double_to_json(char out[LV_DOUBLE_BUF], double d) {
  if (isnan(d)) return (size_t)sprintf(out, "\"NaN\"");
  if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "\"-Infinity\"" : "\"Infinity\"");
  /* -0 keeps its sign (JSON's grammar allows it, protojson writes it, and
   * the decoder reads it back as -0.0: a payload that goes through one rule
   * into another stream keeps 1.0/x's sign). */
  if (d == 0) return (size_t)sprintf(out, signbit(d) ? "-0" : "0");
  return put_shortest(out, d, -5, 21, 1);
}

size_t lv_double_to_cel(char out[LV_DOUBLE_BUF], double d) {
  if (isnan(d)) return (size_t)sprintf(out, "double(\"NaN\")");
  if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")");
  size_t k = put_shortest(out, d, -5, 21, 1);
  if (!strchr(out, '.') && !strchr(out, 'e')) { /* an integral value in fixed form: "1" reads as an int */
    out[k++] = '.';
    out[k++] = '0';
    out[k] = 0;
  }
  return k;
}
