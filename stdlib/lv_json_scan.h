/* lv_json_scan.h - the strict JSON (RFC 8259) scanner shared by lv_json_parse
 * (generic values) and the schema-driven event decoder (runtime/decode).
 *
 * Internal to the C library and the runtime: nothing here is called from
 * JIT-compiled code. Scanning functions take the position to start at and
 * return the position after what they read, or NULL after recording an error
 * (byte position and reason) in the scanner.
 *
 * The text is scanned in a copy (in the arena) followed by LV_JSCAN_PAD zero
 * bytes. The padding is what makes the scanner fast: a NUL fails every test
 * the scanner makes (it is not whitespace, a digit, a quote or any
 * structural character, and in a string it is a control character), so the
 * common paths read ahead freely - 16 bytes at a time in strings - without a
 * bounds check, and only the error paths ask whether a NUL is the end.
 *
 * Strictness: whitespace is space, tab, CR and LF only; no comments, no
 * trailing commas, no leading zeros, no NaN/Infinity literals; strings are
 * valid UTF-8 (no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF) with valid escapes and no raw control characters; \u surrogate
 * escapes must pair up; nesting is bounded by max_depth. */
#ifndef LV_JSON_SCAN_H
#define LV_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lv_value.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The recursion that nesting causes is bounded by this, whatever the caller
 * asks for: a limit of a million would otherwise be a stack overflow. */
#define LV_JSON_DEPTH_CEILING 512

/* Zero bytes after the text; every read ahead stays within them. */
#define LV_JSCAN_PAD 64

#define LV_JSCAN_MSG_CAP 256
#define LV_JSCAN_PATH_CAP 256
#define LV_JSCAN_SCRATCH_LOCAL 16

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LV_JSCAN_LE 1
#else
#define LV_JSCAN_LE 0
#endif

typedef struct lv_jscan {
  const char *base; /* start of the padded copy: offsets are relative to it */
  const char *end;  /* end of the text; LV_JSCAN_PAD zero bytes follow */
  uint32_t depth;     /* containers currently open */
  uint32_t max_depth; /* most containers open at once */
  lv_arena *arena;    /* the copy, values, unescaped strings, scratch growth */
  lv_ctx cx;          /* {arena}: for library calls that want a context */

  /* The first error: where, what. err_kind is for the caller to interpret
   * (the decoder uses it to wrap reasons with the field path); 0 = plain. */
  const char *err_at;
  uint32_t err_kind;
  char err_msg[LV_JSCAN_MSG_CAP];
  /* Path of the error, built while unwinding: components are prepended, so
   * the buffer fills from its end. */
  uint32_t path_at;
  bool path_cut;
  char path[LV_JSCAN_PATH_CAP];

  /* Scratch stacks for the members of open containers (keys, values, key
   * offsets), used as one stack by all nesting levels; they start in the
   * struct and move to the arena when they outgrow it. */
  lv_value *skeys, *svals;
  uint32_t *soffs;
  uint32_t sn, scap;
  lv_value skeys0[LV_JSCAN_SCRATCH_LOCAL], svals0[LV_JSCAN_SCRATCH_LOCAL];
  uint32_t soffs0[LV_JSCAN_SCRATCH_LOCAL];
} lv_jscan;

/* A scanned string: the raw body between the quotes (escapes not yet
 * resolved); valid UTF-8 with valid escapes. */
typedef struct lv_jstr {
  const char *ptr;
  size_t len;
  bool escaped; /* contains backslash escapes: unescape before use */
} lv_jstr;

/* A scanned number: where its parts are. Values are computed on demand, so
 * validation alone does no arithmetic. */
typedef struct lv_jnum {
  const char *ptr; /* the whole number */
  size_t len;
  const char *ip;  /* integer digits */
  size_t ni;
  const char *fp;  /* fraction digits; nf 0: no fraction */
  size_t nf;
  int64_t exp;     /* exponent, saturated at +-1e9 (beyond, every value is 0 or out of range) */
  bool neg;
  bool plain;      /* integer syntax: no fraction, no exponent */
} lv_jnum;

/* Copies text into the arena with its padding and prepares to scan it.
 * max_depth 0 means LV_JSON_DEFAULT_MAX_DEPTH (64); above
 * LV_JSON_DEPTH_CEILING it is that ceiling. Returns false (with an "out of
 * memory" error recorded) when the arena cannot hold the copy. */
bool lv_jscan_init(lv_jscan *s, const char *text, size_t len, uint32_t max_depth,
                   lv_arena *arena);

/* --- errors (all return NULL so that `return lv_jscan_...;` reads well) ---- */
/* "invalid JSON: <what>" at `at`. */
const char *lv_jscan_syntax(lv_jscan *s, const char *at, const char *what);
/* A reason formatted as given, at `at`, with err_kind `kind` (how the
 * caller wraps it; 0 = plain). */
const char *lv_jscan_fail_kind(lv_jscan *s, const char *at, uint32_t kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A plain reason formatted as given, at `at`. */
#define lv_jscan_fail(s, at, ...) lv_jscan_fail_kind((s), (at), 0, __VA_ARGS__)
/* "invalid JSON: expected a value, found 'x'" / "found end of input". */
const char *lv_jscan_expected_value(lv_jscan *s, const char *at);
/* "invalid JSON: <what>, found 'x'" / "found end of input" / "found byte 0x01". */
const char *lv_jscan_expected(lv_jscan *s, const char *at, const char *what);
/* "nesting deeper than the limit of N" at the container that is too deep. */
const char *lv_jscan_too_deep(lv_jscan *s, const char *at);
/* The arena ran out ("out of memory: ..."). */
const char *lv_jscan_no_memory(lv_jscan *s, const char *at);
uint32_t lv_jscan_offset(const lv_jscan *s, const char *at);
/* Appends text to dst (NUL-terminated, cap bytes in all) at *len, cut at a
 * UTF-8 boundary when it does not fit. */
void lv_jscan_append(char *dst, size_t cap, size_t *len, const char *text);

/* Path components, prepended while an error unwinds: ".name" (or
 * ["raw key"] when the key is not an identifier) and "[i]". */
void lv_jscan_path_key(lv_jscan *s, const char *raw, size_t n);
void lv_jscan_path_index(lv_jscan *s, uint32_t i);
/* Writes "$" followed by the path into out[cap]. A path that does not fit
 * keeps its end, after "$...": cut at a UTF-8 character boundary, without a
 * leading '.', so "$..." is always followed by something else than '.' and
 * a whole path never starts with "$..". */
void lv_jscan_path_get(const lv_jscan *s, char *out, size_t cap);

/* How values read in reasons: a number's text (cut to 40 bytes) and a
 * string as a quoted, escaped excerpt. out needs 48 and 64 bytes. */
void lv_jscan_describe_number(char *out, size_t cap, const char *num, size_t n);
void lv_jscan_describe_string(char *out, size_t cap, const char *s, size_t n);

/* --- scanning ------------------------------------------------------------- */
static inline bool lv_jscan_is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
static inline const char *lv_jscan_ws(const char *p) {
  /* Compact JSON has no whitespace: one comparison decides the common case. */
  if ((unsigned char)*p > ' ') return p;
  while (lv_jscan_is_ws(*p)) p++;
  return p;
}
static inline bool lv_jscan_digit(char c) { return (unsigned char)(c - '0') < 10; }

/* The first byte at or after q that a string body cannot simply contain or
 * that ends it: '"', '\\', a control character (the padding's NUL among
 * them) or a non-ASCII byte (to validate). */
static inline const char *lv_jscan_find_special(const char *q) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                space = _mm_set1_epi8(0x20);
  for (;;) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    /* Signed: bytes >= 0x80 are negative, so "< 0x20" also catches them. */
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                             _mm_cmplt_epi8(v, space));
    unsigned mask = (unsigned)_mm_movemask_epi8(m);
    if (mask) return q + __builtin_ctz(mask);
    q += 16;
  }
#elif LV_JSCAN_LE
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  for (;;) {
    uint64_t w;
    memcpy(&w, q, 8);
    /* The lowest marked byte is exact (borrows only travel upwards from a
     * real match). */
    uint64_t a = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t m = (((a - ones) & ~a) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w) & highs;
    if (m) return q + (__builtin_ctzll(m) >> 3);
    q += 8;
  }
#else
  for (;;) {
    unsigned char c = (unsigned char)*q;
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return q;
    q++;
  }
#endif
}

#if defined(__SSE2__)
/* Bit i set when q[i] is '"', '\\', a control character or non-ASCII. */
static inline unsigned lv_jscan_special16(const char *q) {
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                space = _mm_set1_epi8(0x20);
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                           _mm_cmplt_epi8(v, space));
  return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* Continues a string whose fast scan stopped at q (not a plain closing quote). */
const char *lv_jscan_string_slow(lv_jscan *s, const char *open, const char *q, lv_jstr *out);
/* p at the opening '"'. The common case (ASCII, no escapes) stays inline. */
static inline const char *lv_jscan_string(lv_jscan *s, const char *p, lv_jstr *out) {
  const char *q = lv_jscan_find_special(p + 1);
  if (*q == '"') {
    out->ptr = p + 1;
    out->len = (size_t)(q - (p + 1));
    out->escaped = false;
    return q + 1;
  }
  return lv_jscan_string_slow(s, p, q, out);
}

/* Resolves the escapes of a scanned body into dst (room for n bytes: the
 * result is never longer). Returns the length written. */
size_t lv_jscan_unescape(char *dst, const char *raw, size_t n);
/* The body as text: raw when it has no escapes, else unescaped into the
 * arena (or into buf[cap] when it fits and buf is given). NULL when the arena
 * is exhausted. */
const char *lv_jscan_str_text(lv_jscan *s, const lv_jstr *str, char *buf, size_t cap,
                              size_t *len);

/* --- numbers ------------------------------------------------------------------ */
/* How many of the 8 bytes of w (in memory order) are ASCII digits before
 * the first that is not. Little-endian only. */
static inline unsigned lv_jscan_digits8(uint64_t w) {
  uint64_t t = (w & 0xF0F0F0F0F0F0F0F0ULL) | (((w + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4);
  uint64_t x = t ^ 0x3333333333333333ULL; /* zero in digit bytes (below the first non-digit) */
  return x ? (unsigned)__builtin_ctzll(x) >> 3 : 8;
}
/* The value of the first k (1..8) digit bytes of w: three multiplications
 * combine neighbouring digits, then pairs, then quads. */
static inline uint64_t lv_jscan_value8(uint64_t w, unsigned k) {
  w <<= 8 * (8 - k); /* the digits become the low end of an 8-digit number */
  w = ((w & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
  w = ((w & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
  return ((w & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
}
/* Past the digits at q (a non-digit, if only the padding, ends them). */
static inline const char *lv_jscan_skip_digits(const char *q) {
#if LV_JSCAN_LE
  for (;;) {
    uint64_t w;
    memcpy(&w, q, 8);
    unsigned k = lv_jscan_digits8(w);
    q += k;
    if (k < 8) return q;
  }
#else
  while (lv_jscan_digit(*q)) q++;
  return q;
#endif
}
/* The value of the n (<= 19) digits at p. */
static inline uint64_t lv_jscan_digits_value(const char *p, size_t n) {
  uint64_t m = 0;
#if LV_JSCAN_LE
  static const uint64_t p10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  uint64_t w;
  while (n >= 8) {
    memcpy(&w, p, 8);
    m = m * 100000000 + lv_jscan_value8(w, 8);
    p += 8;
    n -= 8;
  }
  if (n) {
    memcpy(&w, p, 8);
    m = m * p10[n] + lv_jscan_value8(w, (unsigned)n);
  }
#else
  while (n--) m = m * 10 + (uint64_t)(*p++ - '0');
#endif
  return m;
}

/* The JSON number at p. The bytes after it must be readable for
 * LV_JSCAN_PAD bytes and the number must be followed by something that
 * cannot continue it (padding, a quote, a structural character). Returns the
 * position after it, or NULL with *why set ("leading zeros are not
 * allowed", ...) and *at at the offending byte. Records no error. */
const char *lv_jnum_scan_slow(lv_jnum *n, const char *p, const char **at, const char **why);
static inline const char *lv_jnum_scan(lv_jnum *n, const char *p, const char **at,
                                       const char **why) {
  /* Inline: -?(0|[1-9]d*)(.d+)? - nearly every number in events. Exponents
   * and every error take the full scanner. */
  const char *q = p;
  bool neg = *q == '-';
  q += neg;
  if (lv_jscan_digit(*q)) {
    const char *ip = q;
    q = *q == '0' ? q + 1 : lv_jscan_skip_digits(q + 1);
    const char *ie = q, *fp = q;
    if (*q == '.' && lv_jscan_digit(q[1])) {
      fp = q + 1;
      q = lv_jscan_skip_digits(fp + 1);
    }
    if (!lv_jscan_digit(*q) && (*q | 0x20) != 'e' && *q != '.') {
      n->ptr = p;
      n->len = (size_t)(q - p);
      n->ip = ip;
      n->ni = (size_t)(ie - ip);
      n->fp = fp;
      n->nf = fp == ie ? 0 : (size_t)(q - fp);
      n->exp = 0;
      n->neg = neg;
      n->plain = fp == ie;
      return q;
    }
  }
  return lv_jnum_scan_slow(n, p, at, why);
}
/* lv_jnum_scan on the scanned text, recording a syntax error on failure. */
const char *lv_jscan_number(lv_jscan *s, const char *p, lv_jnum *n);

/* Exact conversions. */
typedef enum lv_jnum_status {
  LV_JNUM_OK = 0,
  LV_JNUM_NOT_INTEGRAL, /* 1.5 */
  LV_JNUM_RANGE,        /* beyond int64 / uint64 / double */
  LV_JNUM_NEGATIVE,     /* uint from a negative number */
  LV_JNUM_NO_MEMORY
} lv_jnum_status;

/* Correctly rounded (strtod in the C locale, with an exact fast path for
 * short mantissas). A finite number whose magnitude rounds beyond DBL_MAX is
 * LV_JNUM_RANGE. arena is for numbers too long for a stack copy. */
lv_jnum_status lv_jnum_double_slow(const lv_jnum *n, lv_arena *arena, double *out);
static inline lv_jnum_status lv_jnum_double(const lv_jnum *n, lv_arena *arena, double *out) {
#if defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ == 0
  /* Clinger's fast path: with at most 19 digits the mantissa is an exact
   * integer; when it is at most 2^53 and |e| <= 22, it and 10^|e| are exact
   * doubles, so one IEEE multiplication or division rounds correctly. */
  static const double pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  static const uint64_t p10[19] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL,
                                   1000000ULL, 10000000ULL, 100000000ULL, 1000000000ULL,
                                   10000000000ULL, 100000000000ULL, 1000000000000ULL,
                                   10000000000000ULL, 100000000000000ULL,
                                   1000000000000000ULL, 10000000000000000ULL,
                                   100000000000000000ULL, 1000000000000000000ULL};
  if (n->ni + n->nf <= 19) {
    int64_t e = n->exp - (int64_t)n->nf;
    if (e >= -22 && e <= 22) {
      uint64_t m = lv_jscan_digits_value(n->ip, n->ni);
      if (n->nf) m = m * p10[n->nf] + lv_jscan_digits_value(n->fp, n->nf);
      if (m <= (1ULL << 53)) {
        double d = (double)m;
        d = e < 0 ? d / pow10[-e] : d * pow10[e];
        *out = n->neg ? -d : d;
        return LV_JNUM_OK;
      }
    }
  }
#endif
  return lv_jnum_double_slow(n, arena, out);
}
/* The number when it is an exact integer in range ("1.0", "1e3" count). */
lv_jnum_status lv_jnum_int(const lv_jnum *n, int64_t *out);
lv_jnum_status lv_jnum_uint(const lv_jnum *n, uint64_t *out);

/* Records why the number at p (scanned into n) has no double: "number out
 * of the range of double: <number>", or out of memory (st). */
const char *lv_jscan_double_error(lv_jscan *s, const char *p, const lv_jnum *n, lv_jnum_status st);
/* The number at p as a double, as a JSON value of type dyn becomes one;
 * false with the error recorded when it has none. */
static inline bool lv_jscan_double(lv_jscan *s, double *out, const char *p, const lv_jnum *n) {
  lv_jnum_status st = lv_jnum_double(n, s->arena, out);
  if (st == LV_JNUM_OK) return true;
  lv_jscan_double_error(s, p, n, st);
  return false;
}

/* --- literals and whole values -------------------------------------------------- */
/* "true", "false" or "null" at p; NULL with a syntax error otherwise. */
static inline bool lv_jscan_is_true(const char *p) { return memcmp(p, "true", 4) == 0; }
static inline bool lv_jscan_is_false(const char *p) { return memcmp(p, "false", 5) == 0; }
static inline bool lv_jscan_is_null(const char *p) { return memcmp(p, "null", 4) == 0; }
const char *lv_jscan_bad_literal(lv_jscan *s, const char *p);
static inline const char *lv_jscan_literal(lv_jscan *s, const char *p) {
  switch (*p) {
  case 't': if (lv_jscan_is_true(p)) return p + 4; break;
  case 'f': if (lv_jscan_is_false(p)) return p + 5; break;
  case 'n': if (lv_jscan_is_null(p)) return p + 4; break;
  default: break;
  }
  return lv_jscan_bad_literal(s, p);
}

/* Validates one value at p (whitespace already skipped) without building
 * anything: syntax, UTF-8, escapes, depth. With as_dyn, exactly what
 * lv_json_build would reject is rejected too: repeated keys ("duplicate key
 * \"k\"", which needs the arena) and numbers beyond double's range. */
const char *lv_jscan_skip(lv_jscan *s, const char *p, bool as_dyn);
/* Whether the whole text is one JSON value followed by whitespace only
 * (syntax, UTF-8, escapes, nesting; as lv_jscan_skip without as_dyn), read
 * again from its start whatever was scanned before. False with the first
 * problem recorded, its path rebuilt. For error paths: a caller that met
 * another kind of error first can tell whether the text is JSON at all.
 * Allocates nothing. */
bool lv_jscan_check_text(lv_jscan *s);
/* Whether the recorded error is about the text as JSON - its syntax
 * ("invalid JSON: ...") or its nesting - rather than about what a value
 * means. */
bool lv_jscan_error_in_text(const lv_jscan *s);

/* --- scratch and duplicate keys --------------------------------------------- */
/* Makes room for one more scratch entry; false when the arena is exhausted. */
bool lv_jscan_scratch_grow(lv_jscan *s);
static inline bool lv_jscan_push(lv_jscan *s, const lv_value *key, const lv_value *val,
                                 uint32_t off) {
  if (s->sn == s->scap && !lv_jscan_scratch_grow(s)) return false;
  if (key) s->skeys[s->sn] = *key;
  if (val) s->svals[s->sn] = *val;
  s->soffs[s->sn] = off;
  s->sn++;
  return true;
}
/* Index (from 0) of the first of keys[0..n) equal to an earlier one, -1 when
 * all differ, -2 when the arena is exhausted. Keys are LV_STRING values. */
int64_t lv_jscan_find_dup(lv_jscan *s, const lv_value *keys, uint32_t n);
/* Checks scratch entries [base, sn) for a repeated key; on one records
 * "duplicate key \"k\"" at its offset and returns false. */
bool lv_jscan_check_dups(lv_jscan *s, uint32_t base);
/* Whether the recorded error is a repeated key (as opposed to memory). */
bool lv_jscan_error_is_dup(const lv_jscan *s);

/* --- walking arrays and objects ------------------------------------------------ */
/* Every container loop (validation, generic values, the event decoder) has
 * this shape; the helpers inline to what the loop would say itself:
 *
 *   bool more = lv_jscan_enter(s, &p, ']');    p at '['
 *   for (uint32_t i = 0; more; i++) {
 *     const char *q = <the element at p>;
 *     if (!q) { lv_jscan_path_index(s, i); return NULL; }
 *     more = lv_jscan_next(s, &p, q, ']');
 *   }
 *   if (!p) return NULL;                        too deep, or a bad separator
 *   s->depth--;                                 p is past the ']'
 *
 * An object member is lv_jscan_key, then lv_jscan_colon (or both at once,
 * with the key as a value: lv_jscan_member), then its value. */

/* *p at the opening bracket of a container that ends with `close`: one more
 * level of nesting, then *p moves to the first element (true) or past the
 * closing bracket of an empty container (false). Beyond max_depth: false
 * and *p NULL, with the error recorded. */
static inline bool lv_jscan_enter(lv_jscan *s, const char **p, char close) {
  if (++s->depth > s->max_depth) {
    *p = lv_jscan_too_deep(s, *p);
    return false;
  }
  const char *q = lv_jscan_ws(*p + 1);
  bool more = *q != close;
  *p = more ? q : q + 1;
  return more;
}

/* After an element that ends at q: *p moves past the ',' to the next
 * element (true) or past the closing bracket (false). A trailing comma or
 * anything else: false and *p NULL, with the error recorded. */
static inline bool lv_jscan_next(lv_jscan *s, const char **p, const char *q, char close) {
  const bool obj = close == '}';
  q = lv_jscan_ws(q);
  if (*q == ',') {
    q++;
    /* Compact objects: the next key follows at once. */
    if (!(obj && *q == '"')) {
      q = lv_jscan_ws(q);
      if (*q == close) {
        *p = lv_jscan_syntax(s, q, obj ? "trailing comma in object" : "trailing comma in array");
        return false;
      }
    }
    *p = q;
    return true;
  }
  if (*q == close) {
    *p = q + 1;
    return false;
  }
  *p = lv_jscan_syntax(s, q, obj ? "expected ',' or '}' after object member"
                                 : "expected ',' or ']' after array element");
  return false;
}

/* p at an object member: past its key (a string; its body in *key). */
static inline const char *lv_jscan_key(lv_jscan *s, const char *p, lv_jstr *key) {
  if (*p != '"') return lv_jscan_syntax(s, p, "expected an object key (a string)");
  return lv_jscan_string(s, p, key);
}

/* p after an object key: past the ':' and the whitespace around it, at the value. */
static inline const char *lv_jscan_colon(lv_jscan *s, const char *p) {
  if (*p == ':') {
    p++;
  } else {
    p = lv_jscan_ws(p);
    if (*p != ':') return lv_jscan_syntax(s, p, "expected ':' after object key");
    p++;
  }
  return lv_jscan_ws(p);
}

/* The key at kp (scanned into key) as a string value for the scratch stack:
 * its text, unescaped into the arena when it has escapes. False with the
 * error recorded at kp when the arena is exhausted or the key is longer than
 * LV_STR_MAX (that reason with err_kind `kind`). */
static inline bool lv_jscan_key_value(lv_jscan *s, lv_value *out, const char *kp,
                                      const lv_jstr *key, uint32_t kind) {
  size_t len;
  const char *text = lv_jscan_str_text(s, key, NULL, 0, &len);
  if (!text) {
    lv_jscan_no_memory(s, kp);
    return false;
  }
  if (len > LV_STR_MAX) {
    lv_jscan_fail_kind(s, kp, kind, "key longer than %zu bytes", LV_STR_MAX);
    return false;
  }
  *out = lv_value_string(text, len);
  return true;
}

/* An object member up to its value, for a container that keeps its keys:
 * *p at the member moves to the value; the key's body in *raw, its value
 * (lv_jscan_key_value, with kind) in *key. False with the error recorded. */
static inline bool lv_jscan_member(lv_jscan *s, const char **p, lv_jstr *raw, lv_value *key,
                                   uint32_t kind) {
  const char *kp = *p, *q = lv_jscan_key(s, kp, raw);
  if (!q || !lv_jscan_key_value(s, key, kp, raw, kind)) return false;
  *p = lv_jscan_colon(s, q);
  return *p != NULL;
}

/* --- building values (lv_json.c) ---------------------------------------------- */
/* Builds the value at p by the CEL JSON mapping (null, bool, double, string,
 * list, map<string, dyn>). Strings without escapes point into the scanner's
 * copy of the text; everything lives in the arena. Duplicate keys and
 * numbers beyond double's range are errors. */
const char *lv_json_build(lv_jscan *s, const char *p, lv_value *out);
/* The values on the scratch stack from base up as a new list, or, with the
 * keys, as a new map (duplicate keys are reported as "duplicate key \"k\"" at
 * the repeated key); the entries are popped. NULL with an error recorded at
 * `at` (the container's start) otherwise. */
const lv_list *lv_jscan_list_from_scratch(lv_jscan *s, uint32_t base, const char *at);
const lv_map *lv_jscan_map_from_scratch(lv_jscan *s, uint32_t base, const char *at);

#ifdef __cplusplus
}
#endif
#endif
