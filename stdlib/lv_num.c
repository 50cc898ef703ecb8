/* lv_num.c - shortest round-trip double formatting.
 *
 * The shortest digits come from printf's correctly rounded %e: if a k-digit
 * decimal reads back to d for some k <= 15, then rounding d to 15 digits gives
 * that decimal padded with zeros (doubles carry more than 15 digits), so it is
 * enough to try 15, 16 and 17 digits and strip trailing zeros (subnormals,
 * with fewer digits of precision, are searched from one digit). */
#include "lv_num.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lv_double_shortest(double d, char digits[18], int *decpt) {
  char tmp[40];
  double a = fabs(d);
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

size_t lv_double_to_string(char out[LV_DOUBLE_BUF], double d) {
  if (isnan(d)) return (size_t)sprintf(out, "NaN");
  if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "-Inf" : "+Inf");
  size_t k = 0;
  if (signbit(d)) out[k++] = '-';
  if (d == 0) {
    out[k++] = '0';
    out[k] = 0;
    return k;
  }
  char dig[18];
  int decpt, n = lv_double_shortest(d, dig, &decpt);
  int e = decpt - 1;
  /* Go's %g with shortest precision switches to exponent form at 1e+06. */
  if (e < -4 || e >= 6) return k + put_exp(out + k, dig, n, decpt, 2);
  return k + put_fixed(out + k, dig, n, decpt);
}

size_t lv_double_to_json(char out[LV_DOUBLE_BUF], double d) {
  if (isnan(d)) return (size_t)sprintf(out, "\"NaN\"");
  if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "\"-Infinity\"" : "\"Infinity\"");
  size_t k = 0;
  if (d == 0) {
    out[k++] = '0';
    out[k] = 0;
    return k;
  }
  if (d < 0) out[k++] = '-';
  char dig[18];
  int decpt, n = lv_double_shortest(d, dig, &decpt);
  if (decpt < -5 || decpt > 21) return k + put_exp(out + k, dig, n, decpt, 1);
  return k + put_fixed(out + k, dig, n, decpt);
}

size_t lv_double_to_cel(char out[LV_DOUBLE_BUF], double d) {
  if (isnan(d)) return (size_t)sprintf(out, "double(\"NaN\")");
  if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")");
  size_t k = 0;
  if (signbit(d)) out[k++] = '-';
  if (d == 0) return k + (size_t)sprintf(out + k, "0.0");
  char dig[18];
  int decpt, n = lv_double_shortest(d, dig, &decpt);
  if (decpt < -5 || decpt > 21) return k + put_exp(out + k, dig, n, decpt, 1);
  k += put_fixed(out + k, dig, n, decpt);
  if (!strchr(out, '.')) {
    out[k++] = '.';
    out[k++] = '0';
    out[k] = 0;
  }
  return k;
}
