/* lv_format.c - "fmt".format(args) and strings.quote(s), as cel-go's strings
 * extension (version 4 and later, which follows the cel-spec strings
 * extension document; the conformance tests decide where they differ).
 *
 * A result past LV_STRING_RESULT_MAX bytes or one the arena cannot hold is
 * LV_E_RESOURCE. Errors name the clause and the type of the argument, with
 * cel-go's wording. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv_num.h"
#include "lv_string.h"
#include "lv_time.h"
#include "lv_utf8.h"
#include "lv_values.h"

/* Empty strings may arrive as (NULL, 0); pointer arithmetic on NULL is
 * undefined, so entry points swap in a real empty string. */
static inline const char *nz(const char *p) { return p ? p : ""; }

/* cel-go (strings version >= 5) caps precision so "%.999999999f" cannot
 * exhaust memory. */
#define FORMAT_MAX_PRECISION 100
#define FORMAT_DEFAULT_PRECISION 6
/* Lists and maps nest; recursion stops here rather than at the stack's end. */
#define FORMAT_MAX_DEPTH 200

/* --- output buffer ------------------------------------------------------------- */

/* Output is built in a scratch buffer (on the stack, then malloc'd) and
 * copied into the arena once at its final size: growing inside the arena
 * would abandon every smaller block and cost up to three times the result.
 * The scratch never grows past what the arena could still take, so an
 * oversized result fails early instead of allocating gigabytes first. */
typedef struct fbuf {
  lv_ctx *cx;
  char *p;
  size_t len, cap;
  bool heap;         /* p was malloc'd */
  const lv_err *err; /* first failure; later writes are dropped */
  char inl[128];
} fbuf;

static void fb_init(fbuf *b, lv_ctx *cx) {
  b->cx = cx;
  b->p = b->inl;
  b->len = 0;
  b->cap = sizeof b->inl;
  b->heap = false;
  b->err = NULL;
}

static void fb_free(fbuf *b) {
  if (b->heap) free(b->p);
  b->p = b->inl;
  b->heap = false;
}

/* Most bytes one more allocation from a can get. */
static size_t arena_room(const lv_arena *a) {
  if (!a->limit) return SIZE_MAX;
  size_t in_chunk = (size_t)(a->end - a->cur), fresh = a->limit > a->used ? a->limit - a->used : 0;
  return in_chunk > fresh ? in_chunk : fresh;
}

static void fb_fail_size(fbuf *b) {
  b->err = lv_err_new(b->cx, LV_E_RESOURCE, "format: result too long (limit %zu bytes)",
                      LV_STRING_RESULT_MAX);
}

static bool fb_reserve(fbuf *b, size_t extra) {
  if (b->err) return false;
  if (extra <= b->cap - b->len) return true;
  if (extra > LV_STRING_RESULT_MAX - b->len) {
    fb_fail_size(b);
    return false;
  }
  size_t need = b->len + extra;
  if (need >= arena_room(b->cx->arena)) {
    b->err = lv_err_static(LV_E_RESOURCE);
    return false;
  }
  size_t cap = b->cap > need / 2 ? 2 * b->cap : need;
  if (cap > LV_STRING_RESULT_MAX) cap = LV_STRING_RESULT_MAX;
  char *p = b->heap ? realloc(b->p, cap) : malloc(cap);
  if (!p) {
    b->err = lv_err_static(LV_E_RESOURCE);
    return false;
  }
  if (!b->heap) memcpy(p, b->inl, b->len);
  b->p = p;
  b->cap = cap;
  b->heap = true;
  return true;
}

static void fb_put(fbuf *b, const char *s, size_t n) {
  if (n && fb_reserve(b, n)) {
    memcpy(b->p + b->len, s, n);
    b->len += n;
  }
}

static void fb_puts(fbuf *b, const char *s) { fb_put(b, s, strlen(s)); }

static void fb_putc(fbuf *b, char c) { fb_put(b, &c, 1); }

/* Moves the text into the arena (NUL-terminated) and frees the scratch. */
static const lv_err *fb_finish(fbuf *b, const lv_err *e, const char **op, size_t *on) {
  if (!e) e = b->err;
  if (!e) {
    char *p = lv_arena_strndup(b->cx->arena, b->p, b->len);
    if (!p) e = lv_err_static(LV_E_RESOURCE);
    else *op = p, *on = b->len;
  }
  fb_free(b);
  return e;
}

/* --- numbers -------------------------------------------------------------------- */

/* Go's strconv.FormatFloat(d, 'f', -1, 64) ("1e+20" prints as
 * 100000000000000000000), with NaN and the infinities as cel-go names them. */
static void put_double_plain(fbuf *b, double d) {
  if (isnan(d)) return fb_puts(b, "NaN");
  if (isinf(d)) return fb_puts(b, d < 0 ? "-Infinity" : "Infinity");
  char out[LV_DOUBLE_FIXED_BUF];
  fb_put(b, out, lv_double_to_fixed(out, d));
}

/* An integer in base 2, 8, 10 or 16, '-' first for negatives, no padding. */
static void put_radix(fbuf *b, uint64_t mag, bool neg, unsigned base, bool upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[66];
  size_t k = sizeof tmp;
  do {
    tmp[--k] = digits[mag % base];
    mag /= base;
  } while (mag);
  if (neg) tmp[--k] = '-';
  fb_put(b, tmp + k, sizeof tmp - k);
}

static void put_int(fbuf *b, int64_t v, unsigned base, bool upper) {
  put_radix(b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0, base, upper);
}

/* %f and %e: C's printf rounds the exact binary value half to even, as Go's
 * fmt does, so the digits agree. */
static void put_float_clause(fbuf *b, double d, int prec, char verb) {
  if (isnan(d) || isinf(d)) return put_double_plain(b, d);
  char tmp[512]; /* %.100f of 1.8e308 is 411 bytes */
  int k = verb == 'f' ? snprintf(tmp, sizeof tmp, "%.*f", prec, d)
                      : snprintf(tmp, sizeof tmp, "%.*e", prec, d);
  if (k < 0 || (size_t)k >= sizeof tmp) {
    b->err = lv_err_static(LV_E_RESOURCE); /* not reached with prec <= 100 */
    return;
  }
  fb_put(b, tmp, (size_t)k);
}

/* --- %s ------------------------------------------------------------------------- */

/* Bytes as text: each run of bytes that are not valid UTF-8 becomes one
 * U+FFFD, as the strings extension document asks. */
static void put_bytes_as_text(fbuf *b, const char *s, size_t n) {
  if (n == 0) return;
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, run = 0;
  while (i < n) {
    uint32_t cp;
    int k = u[i] < 0x80 ? 1 : lv_utf8_decode(u + i, n - i, &cp);
    if (k > 0) {
      i += (size_t)k;
      run += (size_t)k;
      continue;
    }
    fb_put(b, s + i - run, run);
    run = 0;
    fb_puts(b, "\xEF\xBF\xBD");
    i++;
    while (i < n && (u[i] >= 0x80 && lv_utf8_decode(u + i, n - i, &cp) <= 0)) i++;
  }
  fb_put(b, s + i - run, run);
}

/* Go's RFC3339Nano in UTC: the fraction without trailing zeros. */
static void put_timestamp(fbuf *b, int64_t sec, int32_t nanos) {
  char out[40];
  size_t k = lv_timestamp_format(out, sec, nanos);
  char *dot = memchr(out, '.', k);
  if (dot && k >= 2 && out[k - 1] == 'Z') {
    size_t e = k - 1; /* index of 'Z' */
    while (e > (size_t)(dot - out) + 1 && out[e - 1] == '0') e--;
    if (e == (size_t)(dot - out) + 1) e--; /* all zeros: drop the '.' too */
    out[e] = 'Z';
    k = e + 1;
  }
  fb_put(b, out, k);
}

static const lv_err *clause_error(lv_ctx *cx, const char *what, const lv_value *v) {
  return lv_err_new(cx, LV_E_INVALID_ARG, "error during formatting: %s, was given %s", what,
                    lv_value_type_name(cx, v));
}

static const char STRING_CLAUSE_TYPES[] =
    "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, "
    "types, durations, and timestamps";

typedef struct map_ent {
  const char *k;
  size_t kn;
  uint32_t idx;
} map_ent;

static int map_ent_cmp(const void *a, const void *b) {
  const map_ent *x = a, *y = b;
  int c = lv_bytes_compare(x->k, x->kn, y->k, y->kn);
  if (c) return c;
  return x->idx < y->idx ? -1 : x->idx > y->idx; /* stable, as cel-go's sort */
}

static const lv_err *put_string_value(fbuf *b, const lv_value *v, int depth);

/* A map key as text, in the arena (its own function, so the scratch buffer
 * is off the stack before values recurse). */
static const lv_err *format_key(lv_ctx *cx, map_ent *ent, const lv_value *key, int depth) {
  fbuf kb;
  fb_init(&kb, cx);
  const lv_err *e = put_string_value(&kb, key, depth);
  return fb_finish(&kb, e, &ent->k, &ent->kn);
}

static const lv_err *put_map(fbuf *b, const lv_map *m, int depth) {
  uint32_t n = m ? m->len : 0;
  map_ent *ents = n ? lv_arena_calloc(b->cx->arena, n, sizeof *ents) : NULL;
  if (n && !ents) return lv_err_static(LV_E_RESOURCE);
  /* Entries print sorted by their formatted keys; values go straight into
   * the output in that order. */
  for (uint32_t i = 0; i < n; i++) {
    const lv_err *e = format_key(b->cx, &ents[i], &m->keys[i], depth + 1);
    if (e) return e;
    ents[i].idx = i;
  }
  if (n > 1) qsort(ents, n, sizeof *ents, map_ent_cmp);
  fb_putc(b, '{');
  for (uint32_t i = 0; i < n; i++) {
    if (i) fb_puts(b, ", ");
    fb_put(b, ents[i].k, ents[i].kn);
    fb_puts(b, ": ");
    const lv_err *e = put_string_value(b, &m->vals[ents[i].idx], depth + 1);
    if (e) return e;
  }
  fb_putc(b, '}');
  return NULL;
}

static const lv_err *put_string_value(fbuf *b, const lv_value *v, int depth) {
  if (depth > FORMAT_MAX_DEPTH)
    return lv_err_new(b->cx, LV_E_RESOURCE, "error during formatting: value nested deeper than %d",
                      FORMAT_MAX_DEPTH);
  switch (v->tag) {
  case LV_NULL: fb_puts(b, "null"); return NULL;
  case LV_BOOL: fb_puts(b, v->v.b ? "true" : "false"); return NULL;
  case LV_INT: put_int(b, v->v.i, 10, false); return NULL;
  case LV_UINT: put_radix(b, v->v.u, false, 10, false); return NULL;
  case LV_DOUBLE: put_double_plain(b, v->v.d); return NULL;
  case LV_STRING: fb_put(b, v->v.s, v->aux); return NULL;
  case LV_BYTES: put_bytes_as_text(b, v->v.s, v->aux); return NULL;
  case LV_TIMESTAMP: put_timestamp(b, v->v.i, (int32_t)v->aux); return NULL;
  case LV_DURATION: {
    /* Seconds as a double, as the extension document and cel-go specify
     * (large durations lose their nanoseconds, as there). */
    lv_time t = lv_value_time(v);
    put_double_plain(b, (double)t.sec + (double)t.nanos / 1e9);
    fb_putc(b, 's');
    return NULL;
  }
  case LV_TYPE: fb_puts(b, lv_type_name(b->cx, v)); return NULL;
  case LV_LIST: {
    const lv_list *l = v->v.p;
    fb_putc(b, '[');
    for (uint32_t i = 0; l && i < l->len; i++) {
      if (i) fb_puts(b, ", ");
      const lv_err *e = put_string_value(b, &l->items[i], depth + 1);
      if (e) return e;
    }
    fb_putc(b, ']');
    return NULL;
  }
  case LV_MAP: return put_map(b, v->v.p, depth);
  default: /* messages and optionals, as cel-go and the conformance tests */
    return clause_error(b->cx, STRING_CLAUSE_TYPES, v);
  }
}

/* --- the other clauses --------------------------------------------------------- */

static const lv_err *put_decimal(fbuf *b, const lv_value *v) {
  switch (v->tag) {
  case LV_INT: put_int(b, v->v.i, 10, false); return NULL;
  case LV_UINT: put_radix(b, v->v.u, false, 10, false); return NULL;
  case LV_DOUBLE: put_double_plain(b, v->v.d); return NULL;
  default:
    return clause_error(b->cx, "decimal clause can only be used on ints, uints, and doubles", v);
  }
}

static const lv_err *put_float(fbuf *b, const lv_value *v, int prec, char verb) {
  double d;
  switch (v->tag) {
  case LV_INT: d = (double)v->v.i; break;
  case LV_UINT: d = (double)v->v.u; break;
  case LV_DOUBLE: d = v->v.d; break;
  default:
    return clause_error(b->cx,
                        verb == 'f' ? "fixed-point clause can only be used on ints, uints, and doubles"
                                    : "scientific clause can only be used on ints, uints, and doubles",
                        v);
  }
  put_float_clause(b, d, prec, verb);
  return NULL;
}

static const lv_err *put_binary(fbuf *b, const lv_value *v) {
  switch (v->tag) {
  case LV_BOOL: fb_putc(b, v->v.b ? '1' : '0'); return NULL;
  case LV_INT: put_int(b, v->v.i, 2, false); return NULL;
  case LV_UINT: put_radix(b, v->v.u, false, 2, false); return NULL;
  default: return clause_error(b->cx, "only ints, uints, and bools can be formatted as binary", v);
  }
}

static const lv_err *put_octal(fbuf *b, const lv_value *v) {
  switch (v->tag) {
  case LV_INT: put_int(b, v->v.i, 8, false); return NULL;
  case LV_UINT: put_radix(b, v->v.u, false, 8, false); return NULL;
  default: return clause_error(b->cx, "octal clause can only be used on ints and uints", v);
  }
}

static const lv_err *put_hex(fbuf *b, const lv_value *v, bool upper) {
  switch (v->tag) {
  case LV_INT: put_int(b, v->v.i, 16, upper); return NULL;
  case LV_UINT: put_radix(b, v->v.u, false, 16, upper); return NULL;
  case LV_STRING:
  case LV_BYTES: {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t n = v->aux;
    if (n > LV_STRING_RESULT_MAX / 2) {
      if (!b->err) fb_fail_size(b);
      return NULL;
    }
    if (!fb_reserve(b, 2 * n)) return NULL;
    for (size_t i = 0; i < n; i++) {
      unsigned char c = (unsigned char)v->v.s[i];
      b->p[b->len++] = digits[c >> 4];
      b->p[b->len++] = digits[c & 15];
    }
    return NULL;
  }
  default:
    return clause_error(b->cx, "only ints, uints, bytes, and strings can be formatted as hex", v);
  }
}

/* --- the format string ------------------------------------------------------------ */

static const lv_err *parse_error(lv_ctx *cx, const char *what) {
  return lv_err_new(cx, LV_E_INVALID_ARG, "could not parse formatting clause: %s", what);
}

/* Parses "[.precision]verb" at f[0..n) (just after '%'). On success *used is
 * the clause length. */
static const lv_err *parse_clause(lv_ctx *cx, const char *f, size_t n, size_t *used, int *prec,
                                  char *verb) {
  size_t i = 0;
  *prec = FORMAT_DEFAULT_PRECISION;
  if (f[0] == '.') {
    i = 1;
    size_t d0 = i;
    long long p = 0;
    while (i < n && f[i] >= '0' && f[i] <= '9') {
      if (p <= FORMAT_MAX_PRECISION) p = p * 10 + (f[i] - '0');
      i++;
    }
    if (i >= n)
      return parse_error(cx, "error while parsing precision: could not find end of precision specifier");
    if (i == d0) return parse_error(cx, "error while parsing precision: no digits after '.'");
    if (p > FORMAT_MAX_PRECISION)
      return lv_err_new(cx, LV_E_INVALID_ARG,
                        "could not parse formatting clause: error while parsing precision: "
                        "precision %.*s exceeds maximum allowed precision %d",
                        (int)(i - d0 > 24 ? 24 : i - d0), f + d0, FORMAT_MAX_PRECISION);
    *prec = (int)p;
  }
  char c = f[i];
  switch (c) {
  case 's': case 'd': case 'f': case 'e': case 'b': case 'x': case 'X': case 'o':
    *verb = c;
    *used = i + 1;
    return NULL;
  default: {
    uint32_t cp;
    int k = lv_utf8_decode((const unsigned char *)f + i, n - i, &cp);
    if (k <= 0)
      return lv_err_new(cx, LV_E_INVALID_ARG,
                        "could not parse formatting clause: unrecognized formatting clause \"\\x%02x\"",
                        (unsigned char)c);
    return lv_err_new(cx, LV_E_INVALID_ARG,
                      "could not parse formatting clause: unrecognized formatting clause \"%.*s\"", k,
                      f + i);
  }
  }
}

/* Writes fmt with its clauses filled in to b. */
static const lv_err *format_into(fbuf *b, const char *fmt, size_t fmtn, const lv_list *args) {
  lv_ctx *cx = b->cx;
  uint32_t nargs = args ? args->len : 0, argi = 0;
  size_t i = 0, lit = 0; /* lit: start of the pending literal run */
  while (i < fmtn) {
    if (fmt[i] != '%') {
      i++;
      continue;
    }
    fb_put(b, fmt + lit, i - lit);
    if (i + 1 < fmtn && fmt[i + 1] == '%') {
      fb_putc(b, '%');
      i += 2;
      lit = i;
      continue;
    }
    /* cel-go checks the argument before the clause. */
    if (argi >= nargs) return lv_err_new(cx, LV_E_INDEX, "index %u out of range", argi);
    if (i + 1 >= fmtn) return lv_err_new(cx, LV_E_INVALID_ARG, "unexpected end of string");
    size_t used = 0;
    int prec = 0;
    char verb = 0;
    const lv_err *e = parse_clause(cx, fmt + i + 1, fmtn - i - 1, &used, &prec, &verb);
    if (e) return e;
    const lv_value *v = &args->items[argi++];
    switch (verb) {
    case 's': e = put_string_value(b, v, 0); break;
    case 'd': e = put_decimal(b, v); break;
    case 'f': case 'e': e = put_float(b, v, prec, verb); break;
    case 'b': e = put_binary(b, v); break;
    case 'o': e = put_octal(b, v); break;
    default: e = put_hex(b, v, verb == 'X'); break;
    }
    if (e) return e;
    if (b->err) return b->err;
    i += 1 + used;
    lit = i;
  }
  fb_put(b, fmt + lit, i - lit);
  return NULL;
}

const lv_err *lv_string_format(lv_ctx *cx, const char **op, size_t *on,
                               const char *fmt, size_t fmtn, const lv_list *args) {
  fmt = nz(fmt);
  fbuf b;
  fb_init(&b, cx);
  const lv_err *e = format_into(&b, fmt, fmtn, args);
  return fb_finish(&b, e, op, on);
}

/* --- strings.quote ---------------------------------------------------------------- */

const lv_err *lv_string_quote(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  s = nz(s);
  fbuf b;
  fb_init(&b, cx);
  const unsigned char *u = (const unsigned char *)s;
  if (n < LV_STRING_RESULT_MAX) fb_reserve(&b, n + 2);
  fb_putc(&b, '"');
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c = u[i];
    const char *esc = NULL;
    switch (c) {
    case '\a': esc = "\\a"; break;
    case '\b': esc = "\\b"; break;
    case '\f': esc = "\\f"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    case '\v': esc = "\\v"; break;
    case '\\': esc = "\\\\"; break;
    case '"': esc = "\\\""; break;
    default: break;
    }
    if (esc) {
      fb_put(&b, s + i - run, run);
      run = 0;
      fb_puts(&b, esc);
      i++;
      continue;
    }
    if (c < 0x80) {
      i++;
      run++;
      continue;
    }
    uint32_t cp;
    int k = lv_utf8_decode(u + i, n - i, &cp);
    if (k > 0) {
      i += (size_t)k;
      run += (size_t)k;
      continue;
    }
    /* Not valid UTF-8 (callers should not pass it): one U+FFFD per byte, as cel-go. */
    fb_put(&b, s + i - run, run);
    run = 0;
    fb_puts(&b, "\xEF\xBF\xBD");
    i++;
  }
  fb_put(&b, s + i - run, run);
  fb_putc(&b, '"');
  return fb_finish(&b, NULL, op, on);
}
