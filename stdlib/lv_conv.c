/* lv_conv.c - conversions between strings and scalars, and base64.
 *
 * Text is parsed with the syntax cel-go accepts, which is Go's strconv:
 * ParseInt/ParseUint in base 10 (an optional sign for int only; no spaces,
 * no underscores), ParseFloat (decimal or 0x hexadecimal with a p exponent,
 * digit-separating underscores, "inf"/"infinity" with an optional sign and
 * "nan", any case) and ParseBool. Unlike cel-go, which reports every failure
 * as a type conversion error, an out-of-range number is LV_E_OVERFLOW. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv_num.h"
#include "lv_string.h"
#include "lv_utf8.h"
#include "lv_values.h"

/* Empty strings may arrive as (NULL, 0); pointer arithmetic on NULL is
 * undefined, so entry points swap in a real empty string. */
static inline const char *nz(const char *p) { return p ? p : ""; }

/* --- error helpers -------------------------------------------------------------- */

/* An excerpt of the offending text for messages: at most 32 bytes, cut on a
 * code point boundary. */
static int excerpt_len(const char *s, size_t n) {
  if (n <= 32) return (int)n;
  size_t k = 32;
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
  return (int)k;
}

/* The excerpt as a CEL string literal, "..." before the closing quote when
 * cut. Escaped, so that a NUL or a line break in the text shows ("1\x00")
 * instead of ending or breaking the message. */
static void put_excerpt(lv_buf *b, lv_ctx *cx, const char *s, size_t n) {
  size_t k = (size_t)excerpt_len(s, n);
  lv_value v = lv_value_string(s, k);
  lv_value_print_cel(b, cx, &v);
  if (k < n && b->len) {
    b->len--; /* the closing quote */
    lv_buf_puts(b, "...\"");
  }
}

static const lv_err *syntax_error(lv_ctx *cx, const char *type, const char *what, const char *s,
                                  size_t n) {
  if (!s) s = "";
  lv_buf b = LV_BUF_INIT;
  put_excerpt(&b, cx, s, n);
  const lv_err *e = lv_err_new(cx, LV_E_INVALID_ARG, "type conversion error from 'string' to '%s': %s is not %s",
                               type, b.data, what);
  lv_buf_free(&b);
  return e;
}

static const lv_err *range_error(lv_ctx *cx, const char *type, const char *s, size_t n) {
  if (!s) s = "";
  lv_buf b = LV_BUF_INIT;
  put_excerpt(&b, cx, s, n);
  const lv_err *e = lv_err_new(cx, LV_E_OVERFLOW, "range error converting %s to %s", b.data, type);
  lv_buf_free(&b);
  return e;
}

/* --- string -> number ------------------------------------------------------------- */

/* Decimal digits only; *out saturates and *overflow tells. */
static bool parse_digits(const char *s, size_t n, uint64_t *out, bool *overflow) {
  if (n == 0) return false;
  uint64_t v = 0;
  *overflow = false;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned char)s[i] - '0';
    if (d > 9) return false;
    if (v > (UINT64_MAX - d) / 10) *overflow = true;
    else v = v * 10 + d;
  }
  *out = v;
  return true;
}

const lv_err *lv_string_to_int(lv_ctx *cx, int64_t *out, const char *s, size_t n) {
  s = nz(s);
  bool neg = n > 0 && s[0] == '-';
  size_t sign = n > 0 && (s[0] == '-' || s[0] == '+');
  uint64_t mag;
  bool ovf;
  if (!parse_digits(s + sign, n - sign, &mag, &ovf))
    return syntax_error(cx, "int", "a decimal integer", s, n);
  if (ovf || mag > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
    return range_error(cx, "int", s, n);
  *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
  return NULL;
}

const lv_err *lv_string_to_uint(lv_ctx *cx, uint64_t *out, const char *s, size_t n) {
  s = nz(s);
  uint64_t v;
  bool ovf;
  if (!parse_digits(s, n, &v, &ovf))
    return syntax_error(cx, "uint", "an unsigned decimal integer", s, n);
  if (ovf) return range_error(cx, "uint", s, n);
  *out = v;
  return NULL;
}

static bool ieq(const char *s, size_t n, const char *lower) {
  size_t m = strlen(lower);
  if (n != m) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

static bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Go's rule: an underscore must sit between digits (a 0x prefix counts as a
 * digit), checked over the whole literal. */
static bool underscores_ok(const char *s, size_t n, bool hex) {
  size_t i = 0;
  char saw = '^';
  if (n && (s[0] == '+' || s[0] == '-')) i++;
  if (hex) {
    i += 2;
    saw = '0';
  }
  for (; i < n; i++) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && is_hex_digit(c))) {
      saw = '0';
    } else if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

/* Validates Go float syntax over all of s[0..n); reports underscores and
 * whether the literal is hexadecimal. */
static bool float_syntax_ok(const char *s, size_t n, bool *has_us, bool *hex) {
  size_t i = 0;
  *has_us = false;
  *hex = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  if (i + 2 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    *hex = true;
    i += 2;
  }
  bool dot = false, digits = false;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '_') *has_us = true;
    else if (c == '.' && !dot) dot = true;
    else if ((c >= '0' && c <= '9') || (*hex && is_hex_digit(c))) digits = true;
    else break;
  }
  if (!digits) return false;
  char expc = *hex ? 'p' : 'e';
  if (i < n && (s[i] == expc || s[i] == expc - 'a' + 'A')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (i >= n || s[i] < '0' || s[i] > '9') return false;
    for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++)
      if (s[i] == '_') *has_us = true;
  } else if (*hex) {
    return false; /* hexadecimal floats need their exponent */
  }
  if (i != n) return false;
  return !*has_us || underscores_ok(s, n, *hex);
}

const lv_err *lv_string_to_double(lv_ctx *cx, double *out, const char *s, size_t n) {
  s = nz(s);
  size_t sign = n > 0 && (s[0] == '+' || s[0] == '-');
  if (ieq(s + sign, n - sign, "inf") || ieq(s + sign, n - sign, "infinity")) {
    *out = s[0] == '-' ? -INFINITY : INFINITY;
    return NULL;
  }
  if (ieq(s, n, "nan")) { /* Go takes no sign on NaN */
    *out = NAN;
    return NULL;
  }
  bool has_us, hex;
  if (!float_syntax_ok(s, n, &has_us, &hex))
    return syntax_error(cx, "double", "a number", s, n);
  /* strtod needs a NUL-terminated copy without underscores. */
  char small[128], *buf = small;
  if (n >= sizeof small) {
    buf = lv_arena_alloc(cx->arena, n + 1);
    if (!buf) return lv_err_static(LV_E_RESOURCE);
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] != '_') buf[k++] = s[i];
  buf[k] = 0;
  char *end;
  errno = 0;
  double d = strtod(buf, &end);
  if (end != buf + k) return syntax_error(cx, "double", "a number", s, n);
  /* Go reports overflow to infinity as a range error; underflow is fine. */
  if (isinf(d)) return range_error(cx, "double", s, n);
  *out = d;
  return NULL;
}

const lv_err *lv_string_to_bool(lv_ctx *cx, bool *out, const char *s, size_t n) {
  s = nz(s);
  static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (lv_bytes_equal(s, n, yes[i], strlen(yes[i]))) {
      *out = true;
      return NULL;
    }
    if (lv_bytes_equal(s, n, no[i], strlen(no[i]))) {
      *out = false;
      return NULL;
    }
  }
  return syntax_error(cx, "bool", "one of true, false, True, False, TRUE, FALSE, t, f, T, F, 1, 0",
                      s, n);
}

/* --- number -> string ------------------------------------------------------------- */

static const lv_err *arena_copy(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  char *p = lv_arena_strndup(cx->arena, s, n);
  if (!p) return lv_err_static(LV_E_RESOURCE);
  *op = p, *on = n;
  return NULL;
}

const lv_err *lv_int_to_string(lv_ctx *cx, const char **op, size_t *on, int64_t v) {
  char tmp[24];
  int k = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
  return arena_copy(cx, op, on, tmp, (size_t)k);
}

const lv_err *lv_uint_to_string(lv_ctx *cx, const char **op, size_t *on, uint64_t v) {
  char tmp[24];
  int k = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
  return arena_copy(cx, op, on, tmp, (size_t)k);
}

const lv_err *lv_double_to_string_cel(lv_ctx *cx, const char **op, size_t *on, double v) {
  char tmp[LV_DOUBLE_BUF];
  size_t k = lv_double_to_string(tmp, v);
  return arena_copy(cx, op, on, tmp, k);
}

const lv_err *lv_bytes_to_string(lv_ctx *cx, const char **op, size_t *on, const char *b, size_t n) {
  b = nz(b);
  size_t bad = lv_utf8_validate(b, n);
  if (bad != n)
    return lv_err_new(cx, LV_E_INVALID_ARG,
                      "invalid UTF-8 in bytes at offset %zu, cannot convert to string", bad);
  *op = b, *on = n; /* bytes are immutable: the string can share them */
  return NULL;
}

/* --- double -> integer ------------------------------------------------------------ */

const lv_err *lv_double_to_int(lv_ctx *cx, int64_t *out, double v) {
  /* As cel-go: both ends are exclusive, so -2^63 itself is out of range. */
  if (!(v > -9223372036854775808.0 && v < 9223372036854775808.0))
    return lv_err_new(cx, LV_E_OVERFLOW, "range error converting %g to int", v);
  *out = (int64_t)v;
  return NULL;
}

const lv_err *lv_double_to_uint(lv_ctx *cx, uint64_t *out, double v) {
  /* As cel-go: any negative value, even -0.5, is out of range. */
  if (!(v >= 0 && v < 18446744073709551616.0))
    return lv_err_new(cx, LV_E_OVERFLOW, "range error converting %g to uint", v);
  *out = (uint64_t)v;
  return NULL;
}

/* --- base64 ------------------------------------------------------------------------ */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t lv_base64_encoded_len(size_t n) {
  if (n > SIZE_MAX / 4 * 3 - 2) return SIZE_MAX;
  return (n + 2) / 3 * 4;
}

size_t lv_base64_encode(char *out, const char *in, size_t n) {
  const unsigned char *u = (const unsigned char *)in;
  size_t k = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t w = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
    out[k++] = B64[w >> 18];
    out[k++] = B64[(w >> 12) & 63];
    out[k++] = B64[(w >> 6) & 63];
    out[k++] = B64[w & 63];
  }
  if (n - i == 1) {
    uint32_t w = (uint32_t)u[i] << 16;
    out[k++] = B64[w >> 18];
    out[k++] = B64[(w >> 12) & 63];
    out[k++] = '=';
    out[k++] = '=';
  } else if (n - i == 2) {
    uint32_t w = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8;
    out[k++] = B64[w >> 18];
    out[k++] = B64[(w >> 12) & 63];
    out[k++] = B64[(w >> 6) & 63];
    out[k++] = '=';
  }
  return k;
}

/* Value of a base64 character in either alphabet, or -1. */
static int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

/* Decodes; on failure returns (size_t)-1 and the offending offset in *bad. */
static size_t b64_decode(char *out, const char *in, size_t n, size_t *bad) {
  size_t data = n;
  while (data > 0 && n - data < 2 && in[data - 1] == '=') data--;
  if (data < n && n % 4 != 0) { /* padded text comes in whole quads */
    *bad = data;
    return (size_t)-1;
  }
  if (data % 4 == 1) {
    *bad = data - 1;
    return (size_t)-1;
  }
  size_t k = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < data; i++) {
    int v = b64_value((unsigned char)in[i]);
    if (v < 0) {
      *bad = i;
      return (size_t)-1;
    }
    acc = acc << 6 | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (char)(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  return k; /* leftover bits (non-zero or not) are ignored, as Go's decoder */
}

size_t lv_base64_decode(char *out, const char *in, size_t n) {
  size_t bad;
  return b64_decode(out, in, n, &bad);
}

const lv_err *lv_base64_encode_cel(lv_ctx *cx, const char **op, size_t *on, const char *b, size_t n) {
  b = nz(b);
  size_t len = lv_base64_encoded_len(n);
  if (len > LV_STRING_RESULT_MAX)
    return lv_err_new(cx, LV_E_RESOURCE, "base64.encode: result too long (limit %zu bytes)",
                      LV_STRING_RESULT_MAX);
  char *p = lv_arena_alloc(cx->arena, len + 1);
  if (!p) return lv_err_static(LV_E_RESOURCE);
  p[lv_base64_encode(p, b, n)] = 0;
  *op = p, *on = len;
  return NULL;
}

const lv_err *lv_base64_decode_cel(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  s = nz(s);
  char *p = lv_arena_alloc(cx->arena, n / 4 * 3 + 3);
  if (!p) return lv_err_static(LV_E_RESOURCE);
  size_t bad, k = b64_decode(p, s, n, &bad);
  if (k == (size_t)-1)
    return lv_err_new(cx, LV_E_INVALID_ARG, "base64.decode: illegal base64 data at input byte %zu", bad);
  *op = p, *on = k;
  return NULL;
}
