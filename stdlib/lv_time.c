/* lv_time.c - CEL timestamps and durations: civil dates, RFC 3339 and
 * duration strings, range-checked arithmetic, conversions and accessors.
 * Time zones themselves are in lv_tz.c.
 *
 * All arithmetic is on (sec, nanos) pairs with __builtin_*_overflow, so no
 * input - even one outside the CEL ranges - can make it wrap or hit signed
 * overflow. */
#include "lv_time.h"

#include <string.h>

#define NANOS_PER_SEC 1000000000
#define SECS_PER_DAY 86400
/* Durations produced by arithmetic must fit in int64 nanoseconds. */
#define NS_DURATION_MAX_SEC (INT64_MAX / NANOS_PER_SEC)            /* 9223372036 */
#define NS_DURATION_MAX_NANOS ((int32_t)(INT64_MAX % NANOS_PER_SEC)) /* 854775807 */

/* --- errors ---------------------------------------------------------------
 * Every failure has a static error (no allocation, usable without cx); with
 * an arena the parse errors also quote the offending input. */

typedef struct time_err {
  lv_err err;          /* the static form; first, so &te->err == te */
  const char *subject; /* "timestamp" or "duration" */
  const char *reason;  /* NULL for range errors */
} time_err;

#define INVALID(name, subj, why) \
  static const time_err name = {{LV_E_INVALID_ARG, "invalid " subj ": " why}, subj, why}
#define RANGE(name, subj) \
  static const time_err name = {{LV_E_RANGE, subj " out of range"}, subj, NULL}

RANGE(ts_range, "timestamp");
RANGE(dur_range, "duration");
INVALID(ts_bad_date, "timestamp", "expected YYYY-MM-DD");
INVALID(ts_bad_t, "timestamp", "expected 'T' between date and time");
INVALID(ts_bad_time, "timestamp", "expected hh:mm:ss");
INVALID(ts_month, "timestamp", "month out of range");
INVALID(ts_day, "timestamp", "day out of range");
INVALID(ts_hour, "timestamp", "hour out of range");
INVALID(ts_minute, "timestamp", "minute out of range");
INVALID(ts_second, "timestamp", "second out of range");
INVALID(ts_fraction, "timestamp", "expected 1 to 9 fraction digits");
INVALID(ts_no_zone, "timestamp", "missing time zone offset (Z or +hh:mm)");
INVALID(ts_bad_zone, "timestamp", "bad time zone offset (Z or +hh:mm)");
INVALID(ts_trailing, "timestamp", "unexpected text after the time zone offset");
INVALID(dur_number, "duration", "expected a number");
INVALID(dur_no_unit, "duration", "missing unit (h, m, s, ms, us, ns)");
INVALID(dur_bad_unit, "duration", "unknown unit (h, m, s, ms, us, ns)");

static const lv_err int_overflow = {LV_E_OVERFLOW, "integer overflow: duration beyond int64 nanoseconds"};
static const lv_err bad_part = {LV_E_INVALID_ARG, "invalid time accessor"};
static const lv_err unknown_zone = {LV_E_INVALID_ARG, "unknown time zone"};

/* Copies at most 48 bytes of s into out as printable ASCII ('?' for the
 * rest, "..." when cut) so that an error message stays one short line. */
static void quote_input(char out[56], const char *s, size_t n) {
  size_t k = 0, lim = n > 48 ? 48 : n;
  for (size_t i = 0; i < lim; i++) {
    unsigned char c = (unsigned char)s[i];
    out[k++] = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? (char)c : '?';
  }
  if (n > lim) { memcpy(out + k, "...", 3); k += 3; }
  out[k] = '\0';
}

static const lv_err *input_err(lv_ctx *cx, const time_err *te, const char *s, size_t n) {
  if (!cx || !cx->arena) return &te->err;
  char q[56];
  quote_input(q, s, n);
  const lv_err *e = te->reason
      ? lv_err_new(cx, te->err.code, "invalid %s \"%s\": %s", te->subject, q, te->reason)
      : lv_err_new(cx, te->err.code, "%s \"%s\" out of range", te->subject, q);
  /* A full arena makes lv_err_new fall back to the generic static error;
   * ours says more. */
  return e == lv_err_static(te->err.code) ? &te->err : e;
}

/* --- integer helpers ------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b) { /* b > 0 */
  int64_t q = a / b;
  return (a % b < 0) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b) { /* b > 0 */
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

static unsigned days_in_month(bool leap, unsigned m) {
  static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap ? 29 : mdays[(m - 1) % 12];
}

/* --- civil dates -----------------------------------------------------------
 * Both directions count in 400-year eras of 146097 days, with years starting
 * on March 1st so that the leap day is the last day of a "year": then the day
 * of the year maps to the month by the linear formula (153 * mp + 2) / 5
 * (mp = 0 for March). Eras are found with floor division, so negative years
 * work the same as positive ones. */

int64_t lv_days_from_civil(int64_t y, unsigned m, unsigned d) {
  if (m <= 2) y -= 1;                       /* Jan, Feb belong to the previous March-year */
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;              /* [0, 399] */
  int64_t mp = (int64_t)((m + 9) % 12);     /* March = 0 .. February = 11 */
  int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
  return era * 146097 + doe - 719468;       /* 719468 days from 0000-03-01 to 1970-01-01 */
}

void lv_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  /* Rebase on 0000-03-01 without computing z + 719468 or era * 146097 (both
   * can overflow near INT64_MIN/MAX): 719468 = 4 eras + 135080 days. */
  int64_t era = floor_div(z, 146097);
  int64_t doe = floor_mod(z, 146097) + 135080;
  era += 4;
  if (doe >= 146097) { doe -= 146097; era += 1; }
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
  int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
  *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
  *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* --- timestamp parsing ---------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads exactly two digits at s[*i] and checks the separator after them
 * (sep 0: none). */
static bool two_digits(const char *s, size_t n, size_t *i, unsigned *out, char sep) {
  size_t k = *i;
  if (k + 2 > n || !is_digit(s[k]) || !is_digit(s[k + 1])) return false;
  if (sep && (k + 2 >= n || s[k + 2] != sep)) return false;
  *out = (unsigned)(s[k] - '0') * 10 + (unsigned)(s[k + 1] - '0');
  *i = k + 2 + (sep ? 1 : 0);
  return true;
}

const lv_err *lv_timestamp_parse(lv_ctx *cx, lv_time *out, const char *s, size_t n) {
  size_t i = 0, ydigits = 0;
  int64_t year = 0;
  unsigned y400 = 0; /* year mod 400: enough to know leap years of any length */
  while (i < n && is_digit(s[i])) {
    unsigned dg = (unsigned)(s[i] - '0');
    if (year < 100000000) year = year * 10 + dg; /* past 9999 it only matters that it is big */
    y400 = (y400 * 10 + dg) % 400;
    i++, ydigits++;
  }
  unsigned month, day, hour, minute, second;
  if (ydigits < 4 || i >= n || s[i] != '-') return input_err(cx, &ts_bad_date, s, n);
  i++;
  if (!two_digits(s, n, &i, &month, '-') || !two_digits(s, n, &i, &day, 0))
    return input_err(cx, &ts_bad_date, s, n);
  if (month < 1 || month > 12) return input_err(cx, &ts_month, s, n);
  bool leap = y400 % 4 == 0 && (y400 % 100 != 0 || y400 == 0);
  if (day < 1 || day > days_in_month(leap, month)) return input_err(cx, &ts_day, s, n);
  if (i >= n || (s[i] != 'T' && s[i] != 't')) return input_err(cx, &ts_bad_t, s, n);
  i++;
  if (!two_digits(s, n, &i, &hour, ':') || !two_digits(s, n, &i, &minute, ':') ||
      !two_digits(s, n, &i, &second, 0))
    return input_err(cx, &ts_bad_time, s, n);
  if (hour > 23) return input_err(cx, &ts_hour, s, n);
  if (minute > 59) return input_err(cx, &ts_minute, s, n);
  if (second > 59) return input_err(cx, &ts_second, s, n); /* no leap seconds, as Go */

  int32_t nanos = 0;
  if (i < n && s[i] == '.') {
    size_t start = ++i;
    while (i < n && is_digit(s[i])) i++;
    size_t nd = i - start;
    if (nd < 1 || nd > 9) return input_err(cx, &ts_fraction, s, n);
    for (size_t k = 0; k < 9; k++) nanos = nanos * 10 + (k < nd ? s[start + k] - '0' : 0);
  }

  int64_t offset = 0;
  if (i >= n) return input_err(cx, &ts_no_zone, s, n);
  if (s[i] == 'Z' || s[i] == 'z') {
    i++;
  } else if (s[i] == '+' || s[i] == '-') {
    bool neg = s[i] == '-';
    unsigned oh, om;
    i++;
    if (!two_digits(s, n, &i, &oh, ':') || !two_digits(s, n, &i, &om, 0) || oh > 23 || om > 59)
      return input_err(cx, &ts_bad_zone, s, n);
    offset = (int64_t)(oh * 3600 + om * 60) * (neg ? -1 : 1);
  } else {
    return input_err(cx, &ts_bad_zone, s, n);
  }
  if (i != n) return input_err(cx, &ts_trailing, s, n);

  /* Well formed; now the range (year 0000 is valid RFC 3339, but not CEL). */
  if (ydigits > 4 || year < 1) return input_err(cx, &ts_range, s, n);
  int64_t sec = lv_days_from_civil(year, month, day) * SECS_PER_DAY +
                (int64_t)(hour * 3600 + minute * 60 + second) - offset;
  if (sec < LV_TIMESTAMP_MIN_SEC || sec > LV_TIMESTAMP_MAX_SEC) return input_err(cx, &ts_range, s, n);
  out->sec = sec;
  out->nanos = nanos;
  return NULL;
}

/* --- formatting ----------------------------------------------------------- */

static size_t put_uint(char *p, uint64_t v, int width) {
  char tmp[24];
  int k = 0;
  do { tmp[k++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (k < width) tmp[k++] = '0';
  for (int j = 0; j < k; j++) p[j] = tmp[k - 1 - j];
  return (size_t)k;
}

size_t lv_timestamp_format(char out[40], int64_t sec, int32_t nanos) {
  int64_t days = floor_div(sec, SECS_PER_DAY);
  int64_t sod = floor_mod(sec, SECS_PER_DAY); /* not sec - days * 86400: overflows at INT64_MIN */
  int64_t y;
  unsigned m, d;
  lv_civil_from_days(days, &y, &m, &d);
  size_t k = 0;
  if (y < 0) {
    out[k++] = '-';
    k += put_uint(out + k, 0 - (uint64_t)y, 4);
  } else {
    k += put_uint(out + k, (uint64_t)y, 4);
  }
  out[k++] = '-';
  k += put_uint(out + k, m, 2);
  out[k++] = '-';
  k += put_uint(out + k, d, 2);
  out[k++] = 'T';
  k += put_uint(out + k, (uint64_t)(sod / 3600), 2);
  out[k++] = ':';
  k += put_uint(out + k, (uint64_t)(sod / 60 % 60), 2);
  out[k++] = ':';
  k += put_uint(out + k, (uint64_t)(sod % 60), 2);
  if (nanos < 0) nanos = 0; /* only outside the contract; keep the output well formed */
  if (nanos >= NANOS_PER_SEC) nanos = NANOS_PER_SEC - 1;
  if (nanos) {
    out[k++] = '.';
    if (nanos % 1000000 == 0) k += put_uint(out + k, (uint64_t)(nanos / 1000000), 3);
    else if (nanos % 1000 == 0) k += put_uint(out + k, (uint64_t)(nanos / 1000), 6);
    else k += put_uint(out + k, (uint64_t)nanos, 9);
  }
  out[k++] = 'Z';
  out[k] = '\0';
  return k;
}

size_t lv_duration_format(char out[40], int64_t sec, int32_t nanos) {
  bool neg = sec < 0 || (sec == 0 && nanos < 0);
  uint64_t us = sec < 0 ? 0 - (uint64_t)sec : (uint64_t)sec;
  int64_t an = nanos < 0 ? -(int64_t)nanos : nanos;
  if (an >= NANOS_PER_SEC) an = NANOS_PER_SEC - 1; /* only outside the contract */
  size_t k = 0;
  if (neg) out[k++] = '-';
  k += put_uint(out + k, us, 1);
  if (an) {
    int digits = 9;
    while (an % 10 == 0) an /= 10, digits--;
    out[k++] = '.';
    k += put_uint(out + k, (uint64_t)an, digits);
  }
  out[k++] = 's';
  out[k] = '\0';
  return k;
}

/* --- duration parsing ----------------------------------------------------- */

typedef struct dur_unit {
  const char *name;
  uint8_t len;
  uint64_t ns;
} dur_unit;

static const dur_unit dur_units[] = {
    {"ns", 2, 1},
    {"us", 2, 1000},
    {"\xC2\xB5s", 3, 1000}, /* U+00B5 MICRO SIGN */
    {"\xCE\xBCs", 3, 1000}, /* U+03BC GREEK SMALL LETTER MU */
    {"ms", 2, 1000000},
    {"s", 1, 1000000000ULL},
    {"m", 1, 60000000000ULL},
    {"h", 1, 3600000000000ULL},
};

static const dur_unit *find_unit(const char *u, size_t n) {
  for (size_t k = 0; k < sizeof dur_units / sizeof dur_units[0]; k++)
    if (dur_units[k].len == n && memcmp(dur_units[k].name, u, n) == 0) return &dur_units[k];
  return NULL;
}

/* floor(0.DIGITS * unit) exactly, for any number of digits: from the last
 * digit to the first, carry = (digit * unit + carry) / 10. By induction carry
 * is floor(unit * 0.d_i..d_k), always < unit, so nothing overflows. */
static uint64_t fraction_ns(const char *digits, size_t nd, uint64_t unit) {
  uint64_t carry = 0;
  for (size_t k = nd; k-- > 0;) carry = ((uint64_t)(digits[k] - '0') * unit + carry) / 10;
  return carry;
}

const lv_err *lv_duration_parse(lv_ctx *cx, lv_time *out, const char *s, size_t n) {
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (n - i == 1 && s[i] == '0') { /* "0" needs no unit, as in Go */
    out->sec = 0;
    out->nanos = 0;
    return NULL;
  }
  if (i >= n) return input_err(cx, &dur_number, s, n);

  /* Totals are kept as a magnitude; once past the range we only validate. */
  uint64_t sec = 0, ns = 0;
  bool too_big = false;
  while (i < n) {
    size_t int_start = i;
    uint64_t v = 0;
    bool v_big = false;
    while (i < n && is_digit(s[i])) {
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (uint64_t)(s[i] - '0'), &v))
        v_big = true;
      i++;
    }
    bool have_int = i > int_start;
    const char *frac = NULL;
    size_t nfrac = 0;
    if (i < n && s[i] == '.') {
      frac = s + ++i;
      while (i < n && is_digit(s[i])) i++;
      nfrac = (size_t)(s + i - frac);
    }
    if (!have_int && nfrac == 0) return input_err(cx, &dur_number, s, n);
    size_t ustart = i;
    while (i < n && !is_digit(s[i]) && s[i] != '.') i++;
    if (i == ustart) return input_err(cx, &dur_no_unit, s, n);
    const dur_unit *u = find_unit(s + ustart, i - ustart);
    if (!u) return input_err(cx, &dur_bad_unit, s, n);
    if (too_big || v_big) { too_big = true; continue; }

    uint64_t add_sec, add_ns;
    if (u->ns >= NANOS_PER_SEC) {
      if (__builtin_mul_overflow(v, u->ns / NANOS_PER_SEC, &add_sec)) { too_big = true; continue; }
      add_ns = 0;
    } else {
      uint64_t per_sec = NANOS_PER_SEC / u->ns;
      add_sec = v / per_sec;
      add_ns = (v % per_sec) * u->ns;
    }
    uint64_t f = fraction_ns(frac, nfrac, u->ns); /* < 3.6e12 */
    add_ns += f % NANOS_PER_SEC;
    ns += add_ns; /* three terms, each < 1e9 */
    if (__builtin_add_overflow(add_sec, f / NANOS_PER_SEC, &add_sec) ||
        __builtin_add_overflow(sec, add_sec, &sec) ||
        __builtin_add_overflow(sec, ns / NANOS_PER_SEC, &sec)) {
      too_big = true;
      continue;
    }
    ns %= NANOS_PER_SEC;
    if (sec > (uint64_t)LV_DURATION_MAX_SEC) too_big = true;
  }
  if (too_big) return input_err(cx, &dur_range, s, n);
  out->sec = neg ? -(int64_t)sec : (int64_t)sec;
  out->nanos = neg ? -(int32_t)ns : (int32_t)ns;
  return NULL;
}

/* --- arithmetic ------------------------------------------------------------ */

/* A timestamp from seconds plus any nanos (normalized into [0, 1e9)). */
static const lv_err *make_timestamp(int64_t *osec, int32_t *onanos, int64_t s, int64_t n) {
  int64_t carry = floor_div(n, NANOS_PER_SEC);
  n -= carry * NANOS_PER_SEC;
  if (__builtin_add_overflow(s, carry, &s)) return &ts_range.err;
  if (s < LV_TIMESTAMP_MIN_SEC || s > LV_TIMESTAMP_MAX_SEC) return &ts_range.err;
  *osec = s;
  *onanos = (int32_t)n;
  return NULL;
}

/* A duration from seconds plus nanos (|n| < 2^33): gives nanos the sign of
 * the seconds, then checks the result fits in int64 nanoseconds (arith) or
 * in the protobuf range. */
static const lv_err *make_duration(int64_t *osec, int32_t *onanos, int64_t s, int64_t n, bool arith) {
  int64_t carry = n / NANOS_PER_SEC;
  n -= carry * NANOS_PER_SEC;
  if (__builtin_add_overflow(s, carry, &s)) return &dur_range.err;
  if (s > 0 && n < 0) s -= 1, n += NANOS_PER_SEC;        /* s > 0: no overflow */
  else if (s < 0 && n > 0) s += 1, n -= NANOS_PER_SEC;   /* s < 0: no overflow */
  if (arith) {
    /* [INT64_MIN, INT64_MAX] ns = [-9223372036.854775808s, 9223372036.854775807s] */
    if (s > NS_DURATION_MAX_SEC || s < -NS_DURATION_MAX_SEC ||
        (s == NS_DURATION_MAX_SEC && n > NS_DURATION_MAX_NANOS) ||
        (s == -NS_DURATION_MAX_SEC && n < -NS_DURATION_MAX_NANOS - 1))
      return &dur_range.err;
  } else if (s > LV_DURATION_MAX_SEC || s < -LV_DURATION_MAX_SEC) {
    return &dur_range.err;
  }
  *osec = s;
  *onanos = (int32_t)n;
  return NULL;
}

const lv_err *lv_timestamp_add_duration(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                                        int64_t ts, int32_t tn, int64_t ds, int32_t dn) {
  (void)cx;
  int64_t s;
  if (__builtin_add_overflow(ts, ds, &s)) return &ts_range.err;
  return make_timestamp(osec, onanos, s, (int64_t)tn + dn);
}

const lv_err *lv_timestamp_sub_duration(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                                        int64_t ts, int32_t tn, int64_t ds, int32_t dn) {
  (void)cx;
  int64_t s;
  if (__builtin_sub_overflow(ts, ds, &s)) return &ts_range.err;
  return make_timestamp(osec, onanos, s, (int64_t)tn - dn);
}

const lv_err *lv_timestamp_sub_timestamp(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                                         int64_t as, int32_t an, int64_t bs, int32_t bn) {
  /* The time between two instants: the arithmetic (and range) of durations. */
  return lv_duration_sub(cx, osec, onanos, as, an, bs, bn);
}

const lv_err *lv_duration_add(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                              int64_t as, int32_t an, int64_t bs, int32_t bn) {
  (void)cx;
  int64_t s;
  if (__builtin_add_overflow(as, bs, &s)) return &dur_range.err;
  return make_duration(osec, onanos, s, (int64_t)an + bn, true);
}

const lv_err *lv_duration_sub(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                              int64_t as, int32_t an, int64_t bs, int32_t bn) {
  (void)cx;
  int64_t s;
  if (__builtin_sub_overflow(as, bs, &s)) return &dur_range.err;
  return make_duration(osec, onanos, s, (int64_t)an - bn, true);
}

const lv_err *lv_duration_neg(lv_ctx *cx, int64_t *osec, int32_t *onanos, int64_t s, int32_t n) {
  (void)cx;
  int64_t ns;
  if (__builtin_sub_overflow((int64_t)0, s, &ns)) return &dur_range.err;
  return make_duration(osec, onanos, ns, -(int64_t)n, false);
}

int lv_time_cmp(int64_t as, int32_t an, int64_t bs, int32_t bn) {
  if (as != bs) return as < bs ? -1 : 1;
  if (an != bn) return an < bn ? -1 : 1;
  return 0;
}

/* --- conversions ----------------------------------------------------------- */

const lv_err *lv_timestamp_from_int(lv_ctx *cx, int64_t *osec, int32_t *onanos, int64_t secs) {
  (void)cx;
  if (secs < LV_TIMESTAMP_MIN_SEC || secs > LV_TIMESTAMP_MAX_SEC) return &ts_range.err;
  *osec = secs;
  *onanos = 0;
  return NULL;
}

int64_t lv_timestamp_to_int(int64_t sec, int32_t nanos) {
  (void)nanos; /* nanos >= 0, so sec already is the floor */
  return sec;
}

const lv_err *lv_duration_to_int(lv_ctx *cx, int64_t *out, int64_t sec, int32_t nanos) {
  (void)cx;
  int64_t v;
  if (__builtin_mul_overflow(sec, (int64_t)NANOS_PER_SEC, &v) || __builtin_add_overflow(v, nanos, &v))
    return &int_overflow;
  *out = v;
  return NULL;
}

void lv_duration_from_int(int64_t *osec, int32_t *onanos, int64_t ns) {
  *osec = ns / NANOS_PER_SEC; /* C division truncates: nanos keep the sign */
  *onanos = (int32_t)(ns % NANOS_PER_SEC);
}

static const lv_err *arena_copy(lv_ctx *cx, const char **optr, size_t *olen, const char *s, size_t n) {
  char *p = (cx && cx->arena) ? lv_arena_alloc(cx->arena, n + 1) : NULL;
  if (!p) return lv_err_static(LV_E_RESOURCE);
  memcpy(p, s, n + 1);
  *optr = p;
  *olen = n;
  return NULL;
}

const lv_err *lv_timestamp_to_string(lv_ctx *cx, const char **optr, size_t *olen, int64_t sec, int32_t nanos) {
  char buf[40];
  return arena_copy(cx, optr, olen, buf, lv_timestamp_format(buf, sec, nanos));
}

const lv_err *lv_duration_to_string(lv_ctx *cx, const char **optr, size_t *olen, int64_t sec, int32_t nanos) {
  char buf[40];
  return arena_copy(cx, optr, olen, buf, lv_duration_format(buf, sec, nanos));
}

/* --- accessors ------------------------------------------------------------- */

/* The part of the civil time at local seconds `local`. */
static int64_t civil_part(int64_t local, int32_t nanos, int part) {
  int64_t days = floor_div(local, SECS_PER_DAY);
  int64_t sod = floor_mod(local, SECS_PER_DAY);
  int64_t y;
  unsigned m, d;
  switch (part) {
  case LV_TP_HOURS: return sod / 3600;
  case LV_TP_MINUTES: return sod / 60 % 60;
  case LV_TP_SECONDS: return sod % 60;
  case LV_TP_MILLISECONDS: return nanos / 1000000;
  case LV_TP_DAY_OF_WEEK: return floor_mod(days + 4, 7); /* 1970-01-01 was a Thursday */
  default: break;
  }
  lv_civil_from_days(days, &y, &m, &d);
  switch (part) {
  case LV_TP_FULL_YEAR: return y;
  case LV_TP_MONTH: return (int64_t)m - 1;
  case LV_TP_DATE: return d;
  case LV_TP_DAY_OF_MONTH: return (int64_t)d - 1;
  case LV_TP_DAY_OF_YEAR: return days - lv_days_from_civil(y, 1, 1);
  default: return 0;
  }
}

/* Local seconds = sec + offset, saturated: only out-of-contract inputs near
 * INT64_MIN/MAX can overflow, and they still get a defined answer. */
static int64_t local_seconds(int64_t sec, int32_t off) {
  int64_t local;
  if (__builtin_add_overflow(sec, (int64_t)off, &local)) local = off < 0 ? INT64_MIN : INT64_MAX;
  return local;
}

int64_t lv_timestamp_get_in(int64_t sec, int32_t nanos, int part, const lv_tz *tz) {
  if (part < LV_TP_FULL_YEAR || part > LV_TP_MILLISECONDS) return 0;
  int32_t off = tz ? lv_tz_offset(tz, sec) : 0;
  return civil_part(local_seconds(sec, off), nanos, part);
}

const lv_err *lv_timestamp_get(lv_ctx *cx, int64_t *out, int64_t sec, int32_t nanos,
                               int part, const char *tz, size_t tzlen) {
  if (part < LV_TP_FULL_YEAR || part > LV_TP_MILLISECONDS) return &bad_part;
  const lv_tz *zone = NULL;
  if (tz) {
    zone = lv_tz_find(tz, tzlen);
    if (!zone) {
      if (!cx || !cx->arena) return &unknown_zone;
      char q[56];
      quote_input(q, tz, tzlen);
      const lv_err *e = lv_err_new(cx, LV_E_INVALID_ARG, "unknown time zone \"%s\"", q);
      return e == lv_err_static(LV_E_INVALID_ARG) ? &unknown_zone : e;
    }
  }
  *out = lv_timestamp_get_in(sec, nanos, part, zone);
  return NULL;
}

int64_t lv_duration_get(int64_t sec, int32_t nanos, int part) {
  switch (part) {
  case LV_TP_HOURS: return sec / 3600; /* nanos share the sign: truncating sec is exact */
  case LV_TP_MINUTES: return sec / 60;
  case LV_TP_SECONDS: return sec;
  case LV_TP_MILLISECONDS: return nanos / 1000000;
  default: return 0;
  }
}
