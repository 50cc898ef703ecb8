/* lv_json_scan.c - the strict JSON scanner: the padded copy, strings,
 * numbers, literals, validation of whole values, errors and their paths,
 * scratch stacks and repeated keys. */
#include "lv_json_scan.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lv_json.h"
#include "lv_schema.h" /* lv_hash_bytes */
#include "lv_utf8.h"

bool lv_jscan_init(lv_jscan *s, const char *text, size_t len, uint32_t max_depth,
                   lv_arena *arena) {
  static const char empty[LV_JSCAN_PAD];
  s->depth = 0;
  if (max_depth == 0) max_depth = LV_JSON_DEFAULT_MAX_DEPTH;
  s->max_depth = max_depth > LV_JSON_DEPTH_CEILING ? LV_JSON_DEPTH_CEILING : max_depth;
  s->arena = arena;
  s->cx.arena = arena;
  s->cx.rt = NULL;
  s->cx.consts = NULL;
  s->cx.user = NULL;
  s->err_at = NULL;
  s->err_kind = 0;
  s->err_msg[0] = 0;
  s->path_at = LV_JSCAN_PATH_CAP;
  s->path_cut = false;
  s->skeys = s->skeys0;
  s->svals = s->svals0;
  s->soffs = s->soffs0;
  s->sn = 0;
  s->scap = LV_JSCAN_SCRATCH_LOCAL;
  char *copy = NULL;
  if (arena && len <= SIZE_MAX - LV_JSCAN_PAD) copy = lv_arena_alloc(arena, len + LV_JSCAN_PAD);
  if (!copy) {
    s->base = s->end = empty; /* all padding: nothing is read past it */
    lv_jscan_no_memory(s, NULL);
    return false;
  }
  if (len) memcpy(copy, text, len);
  memset(copy + len, 0, LV_JSCAN_PAD);
  s->base = copy;
  s->end = copy + len;
  return true;
}

/* --- errors ------------------------------------------------------------------ */

uint32_t lv_jscan_offset(const lv_jscan *s, const char *at) {
  if (!at || at < s->base) return 0;
  size_t off = (size_t)(at - s->base);
  return off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
}

void lv_jscan_append(char *dst, size_t cap, size_t *len, const char *text) {
  if (*len >= cap) return;
  size_t n = strlen(text), room = cap - 1 - *len;
  if (n > room) {
    n = room;
    while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--; /* text[n] starts the cut part */
  }
  memcpy(dst + *len, text, n);
  *len += n;
  dst[*len] = 0;
}

const char *lv_jscan_fail_kind(lv_jscan *s, const char *at, uint32_t kind, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->err_msg, sizeof s->err_msg, fmt, ap);
  va_end(ap);
  s->err_at = at;
  s->err_kind = kind;
  return NULL;
}

const char *lv_jscan_syntax(lv_jscan *s, const char *at, const char *what) {
  return lv_jscan_fail(s, at, "invalid JSON: %s", what);
}

const char *lv_jscan_expected(lv_jscan *s, const char *at, const char *what) {
  if (at >= s->end) return lv_jscan_fail(s, at, "invalid JSON: %s, found end of input", what);
  unsigned char c = (unsigned char)*at;
  if (c > 0x20 && c < 0x7f) return lv_jscan_fail(s, at, "invalid JSON: %s, found '%c'", what, c);
  return lv_jscan_fail(s, at, "invalid JSON: %s, found byte 0x%02x", what, c);
}

const char *lv_jscan_expected_value(lv_jscan *s, const char *at) {
  return lv_jscan_expected(s, at, "expected a value");
}

const char *lv_jscan_too_deep(lv_jscan *s, const char *at) {
  return lv_jscan_fail(s, at, "nesting deeper than the limit of %u", s->max_depth);
}

const char *lv_jscan_no_memory(lv_jscan *s, const char *at) {
  return lv_jscan_fail(s, at, "out of memory: the arena limit was reached");
}

static void path_prepend(lv_jscan *s, const char *t, size_t n) {
  if (s->path_cut) return;
  if (n > s->path_at) {
    /* The end of what does not fit still fills the buffer: dropping the
     * whole component would leave a long key's path as `$..."]`. The
     * buffer (256) outgrows what is shown (127), so the shown part is
     * always the true end of the path; path_get finds a character
     * boundary in it. */
    memcpy(s->path, t + (n - s->path_at), s->path_at);
    s->path_at = 0;
    s->path_cut = true;
    return;
  }
  s->path_at -= (uint32_t)n;
  memcpy(s->path + s->path_at, t, n);
}

void lv_jscan_path_index(lv_jscan *s, uint32_t i) {
  char b[16];
  int n = snprintf(b, sizeof b, "[%u]", i);
  path_prepend(s, b, (size_t)n);
}

static bool is_ident(const char *k, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)k[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

void lv_jscan_path_key(lv_jscan *s, const char *raw, size_t n) {
  /* Components are prepended: the closing part goes first. */
  if (is_ident(raw, n)) {
    path_prepend(s, raw, n);
    path_prepend(s, ".", 1);
  } else {
    /* raw is the key's JSON body, so it can sit between quotes as it is. */
    path_prepend(s, "\"]", 2);
    path_prepend(s, raw, n);
    path_prepend(s, "[\"", 2);
  }
}

void lv_jscan_path_get(const lv_jscan *s, char *out, size_t cap) {
  if (cap == 0) return;
  const char *p = s->path + s->path_at;
  size_t n = LV_JSCAN_PATH_CAP - s->path_at;
  if (!s->path_cut && n + 2 <= cap) {
    out[0] = '$';
    memcpy(out + 1, p, n);
    out[n + 1] = 0;
    return;
  }
  /* Keep the innermost part, which says most about the problem. */
  if (cap < 6) {
    out[0] = 0;
    return;
  }
  size_t room = cap - 5; /* "$..." and NUL */
  if (n > room) {
    p += n - room;
    n = room;
  }
  /* Never a cut character; and the "..." marks the cut alone, so a kept
   * part that starts with a component's '.' loses it ("$...b", not
   * "$....b"). */
  while (n && ((unsigned char)*p & 0xC0) == 0x80) p++, n--;
  while (n && *p == '.') p++, n--;
  memcpy(out, "$...", 4);
  memcpy(out + 4, p, n);
  out[4 + n] = 0;
}

void lv_jscan_describe_number(char *out, size_t cap, const char *num, size_t n) {
  if (cap < 48) {
    if (cap) out[0] = 0;
    return;
  }
  if (n <= 40) {
    memcpy(out, num, n);
    out[n] = 0;
  } else {
    memcpy(out, num, 37);
    memcpy(out + 37, "...", 4);
  }
}

void lv_jscan_describe_string(char *out, size_t cap, const char *str, size_t n) {
  /* A quoted, escaped excerpt: reasons end up in JSON dead letters and
   * terminals, so no raw control characters and never a cut UTF-8 sequence. */
  static const char hex[] = "0123456789abcdef";
  if (cap < 16) {
    if (cap) out[0] = 0;
    return;
  }
  size_t o = 0, limit = cap - 5, shown = 0, i = 0; /* room for `..."` and NUL */
  out[o++] = '"';
  while (i < n) {
    unsigned char c = (unsigned char)str[i];
    size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (k > n - i) k = n - i;
    size_t need = c < 0x20 ? 6 : (c == '"' || c == '\\') ? 2 : k;
    if (o + need > limit || shown >= 32) break;
    if (c < 0x20) {
      memcpy(out + o, "\\u00", 4);
      out[o + 4] = hex[c >> 4];
      out[o + 5] = hex[c & 15];
    } else if (c == '"' || c == '\\') {
      out[o] = '\\';
      out[o + 1] = (char)c;
    } else {
      memcpy(out + o, str + i, k);
    }
    o += need;
    i += k;
    shown++;
  }
  if (i < n) {
    memcpy(out + o, "...", 3);
    o += 3;
  }
  out[o++] = '"';
  out[o] = 0;
}

/* --- strings ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (p[0] >= 0x80), 0 if invalid:
 * RFC 3629 - no overlong forms, no surrogates, nothing above U+10FFFF. The
 * padding's NUL is no continuation byte, so truncation is caught too. */
static inline size_t utf8_seq(const unsigned char *p) {
  unsigned c = p[0];
  if (c < 0xC2) return 0;
  if (c < 0xE0) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c < 0xF5) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

static inline int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* The code unit of the \uXXXX escape at q (q[0] == '\\', q[1] == 'u'). */
static int scan_hex4(lv_jscan *s, const char *open, const char *q) {
  int v = 0;
  for (int i = 2; i < 6; i++) {
    int h = hexval((unsigned char)q[i]);
    if (h < 0) {
      if (q + i >= s->end) lv_jscan_syntax(s, open, "unterminated string");
      else lv_jscan_syntax(s, q, "invalid \\u escape (expected 4 hex digits)");
      return -1;
    }
    v = v * 16 + h;
  }
  return v;
}

static const char *scan_escape(lv_jscan *s, const char *open, const char *q) {
  if (q + 1 >= s->end) return lv_jscan_syntax(s, open, "unterminated string");
  unsigned char e = (unsigned char)q[1];
  switch (e) {
  case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
    return q + 2;
  case 'u':
    break;
  default:
    if (e > 0x20 && e < 0x7f) return lv_jscan_fail(s, q, "invalid JSON: invalid escape \\%c", e);
    return lv_jscan_fail(s, q, "invalid JSON: invalid escape: '\\' followed by byte 0x%02x", e);
  }
  int cp = scan_hex4(s, open, q);
  if (cp < 0) return NULL;
  if (cp >= 0xDC00 && cp <= 0xDFFF)
    return lv_jscan_fail(s, q, "invalid JSON: lone surrogate \\%.5s", q + 1);
  if (cp < 0xD800 || cp > 0xDBFF) return q + 6;
  /* A high surrogate: only a low surrogate escape may follow. */
  if (q + 6 >= s->end || (q[6] == '\\' && q + 7 >= s->end))
    return lv_jscan_syntax(s, open, "unterminated string");
  if (q[6] != '\\' || q[7] != 'u')
    return lv_jscan_fail(s, q, "invalid JSON: lone surrogate \\%.5s", q + 1);
  int lo = scan_hex4(s, open, q + 6);
  if (lo < 0) return NULL;
  if (lo < 0xDC00 || lo > 0xDFFF)
    return lv_jscan_fail(s, q, "invalid JSON: high surrogate \\%.5s followed by \\%.5s, "
                         "not by a low surrogate", q + 1, q + 7);
  return q + 12;
}

const char *lv_jscan_string_slow(lv_jscan *s, const char *open, const char *q, lv_jstr *out) {
  bool escaped = false;
  for (;;) {
    unsigned char c = (unsigned char)*q;
    if (c == '"') break;
    if (c == '\\') {
      q = scan_escape(s, open, q);
      if (!q) return NULL;
      escaped = true;
    } else if (c < 0x20) {
      if (q >= s->end) return lv_jscan_syntax(s, open, "unterminated string");
      return lv_jscan_syntax(s, q, "control character in string");
    } else {
      size_t k = utf8_seq((const unsigned char *)q);
      if (!k || q + k > s->end) return lv_jscan_syntax(s, q, "invalid UTF-8 in string");
      q += k;
    }
    q = lv_jscan_find_special(q);
  }
  out->ptr = open + 1;
  out->len = (size_t)(q - (open + 1));
  out->escaped = escaped;
  return q + 1;
}

static unsigned hex4_at(const char *p) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) v = v * 16 + (unsigned)hexval((unsigned char)p[i]);
  return v;
}

size_t lv_jscan_unescape(char *dst, const char *raw, size_t n) {
  const char *p = raw, *e = raw + n;
  char *o = dst;
  while (p < e) {
    const char *bs = memchr(p, '\\', (size_t)(e - p));
    if (!bs) {
      memcpy(o, p, (size_t)(e - p));
      o += e - p;
      break;
    }
    memcpy(o, p, (size_t)(bs - p));
    o += bs - p;
    p = bs + 2;
    switch (bs[1]) {
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case 'u': {
      uint32_t cp = hex4_at(p);
      p += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) { /* validated: a low surrogate escape follows */
        uint32_t lo = hex4_at(p + 2);
        p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      o += lv_utf8_encode(cp, o);
      break;
    }
    default: *o++ = bs[1]; break; /* '"', '\\', '/' */
    }
  }
  return (size_t)(o - dst);
}

const char *lv_jscan_str_text(lv_jscan *s, const lv_jstr *str, char *buf, size_t cap,
                              size_t *len) {
  if (!str->escaped) {
    *len = str->len;
    return str->ptr;
  }
  char *d = buf;
  if (!d || str->len > cap) {
    d = s->arena ? lv_arena_alloc(s->arena, str->len) : NULL;
    if (!d) return NULL;
  }
  *len = lv_jscan_unescape(d, str->ptr, str->len);
  return d;
}

/* --- numbers ------------------------------------------------------------------- */

const char *lv_jnum_scan_slow(lv_jnum *n, const char *p, const char **at, const char **why) {
  const char *q = p;
  bool neg = *q == '-';
  q += neg;
  if (!lv_jscan_digit(*q)) {
    *at = q;
    *why = neg ? "expected a digit after '-'" : "expected a digit";
    return NULL;
  }
  const char *ip = q;
  if (*q == '0') {
    q++;
    if (lv_jscan_digit(*q)) {
      *at = q - 1;
      *why = "leading zeros are not allowed";
      return NULL;
    }
  } else {
    q = lv_jscan_skip_digits(q + 1);
  }
  const char *ie = q, *fp = q;
  size_t nf = 0;
  if (*q == '.') {
    q++;
    if (!lv_jscan_digit(*q)) {
      *at = q;
      *why = "expected a digit after the decimal point";
      return NULL;
    }
    fp = q;
    q = lv_jscan_skip_digits(q);
    nf = (size_t)(q - fp);
  }
  int64_t e = 0;
  if (*q == 'e' || *q == 'E') {
    q++;
    bool eneg = *q == '-';
    if (*q == '+' || *q == '-') q++;
    if (!lv_jscan_digit(*q)) {
      *at = q;
      *why = "expected a digit in the exponent";
      return NULL;
    }
    do {
      /* Saturate: beyond 10^9 every value is out of range or zero anyway. */
      if (e < 1000000000) e = e * 10 + (*q - '0');
      q++;
    } while (lv_jscan_digit(*q));
    if (eneg) e = -e;
  }
  n->ptr = p;
  n->len = (size_t)(q - p);
  n->ip = ip;
  n->ni = (size_t)(ie - ip);
  n->fp = fp;
  n->nf = nf;
  n->exp = e;
  n->neg = neg;
  n->plain = q == ie;
  return q;
}

const char *lv_jscan_double_error(lv_jscan *s, const char *p, const lv_jnum *n, lv_jnum_status st) {
  if (st == LV_JNUM_NO_MEMORY) return lv_jscan_no_memory(s, p);
  char shown[48];
  lv_jscan_describe_number(shown, sizeof shown, n->ptr, n->len);
  return lv_jscan_fail(s, p, "number out of the range of double: %s", shown);
}

const char *lv_jscan_number(lv_jscan *s, const char *p, lv_jnum *n) {
  const char *at = p, *why = NULL;
  const char *q = lv_jnum_scan(n, p, &at, &why);
  if (!q) return lv_jscan_syntax(s, at, why);
  return q;
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void c_locale_init(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

lv_jnum_status lv_jnum_double_slow(const lv_jnum *n, lv_arena *arena, double *out) {
  char local[128], *buf = local;
  if (n->len >= sizeof local) {
    buf = arena ? lv_arena_alloc(arena, n->len + 1) : NULL;
    if (!buf) return LV_JNUM_NO_MEMORY;
  }
  memcpy(buf, n->ptr, n->len);
  buf[n->len] = 0;
  pthread_once(&c_locale_once, c_locale_init);
  /* The C locale: the decimal point is '.' whatever the process's locale. */
  double d = c_locale ? strtod_l(buf, NULL, c_locale) : strtod(buf, NULL);
  if (isinf(d)) return LV_JNUM_RANGE;
  *out = d;
  return LV_JNUM_OK;
}

/* |value| as an integer: exact, from the digits (any number of them). */
static lv_jnum_status magnitude(const lv_jnum *n, uint64_t *mag) {
  const char *ib = n->ip, *fb = n->fp;
  int64_t ni = (int64_t)n->ni, nf = (int64_t)n->nf;
#define DIGIT(k) ((k) < ni ? ib[(k)] : fb[(k) - ni])
  int64_t total = ni + nf, first = -1, last = -1;
  for (int64_t k = 0; k < total; k++)
    if (DIGIT(k) != '0') {
      if (first < 0) first = k;
      last = k;
    }
  if (first < 0) {
    *mag = 0;
    return LV_JNUM_OK;
  }
  int64_t scale = ni - 1 - last + n->exp; /* the power of ten of the last non-zero digit */
  if (scale < 0) return LV_JNUM_NOT_INTEGRAL;
  if (last - first + 1 + scale > 20) return LV_JNUM_RANGE;
  uint64_t m = 0;
  for (int64_t k = first; k <= last; k++) {
    unsigned d = (unsigned)(DIGIT(k) - '0');
    if (m > (UINT64_MAX - d) / 10) return LV_JNUM_RANGE;
    m = m * 10 + d;
  }
#undef DIGIT
  for (; scale > 0; scale--) {
    if (m > UINT64_MAX / 10) return LV_JNUM_RANGE;
    m *= 10;
  }
  *mag = m;
  return LV_JNUM_OK;
}

/* magnitude(), with plain integers of up to 19 digits (which fit) inline. */
static inline lv_jnum_status abs_value(const lv_jnum *n, uint64_t *mag) {
  if (n->plain && n->ni <= 19) {
    *mag = lv_jscan_digits_value(n->ip, n->ni);
    return LV_JNUM_OK;
  }
  return magnitude(n, mag);
}

lv_jnum_status lv_jnum_int(const lv_jnum *n, int64_t *out) {
  uint64_t mag;
  lv_jnum_status st = abs_value(n, &mag);
  if (st != LV_JNUM_OK) return st;
  if (n->neg) {
    if (mag > (1ULL << 63)) return LV_JNUM_RANGE;
    *out = mag == (1ULL << 63) ? INT64_MIN : -(int64_t)mag;
  } else {
    if (mag > (uint64_t)INT64_MAX) return LV_JNUM_RANGE;
    *out = (int64_t)mag;
  }
  return LV_JNUM_OK;
}

lv_jnum_status lv_jnum_uint(const lv_jnum *n, uint64_t *out) {
  uint64_t mag;
  lv_jnum_status st = abs_value(n, &mag);
  if (st == LV_JNUM_RANGE && n->neg) return LV_JNUM_NEGATIVE;
  if (st != LV_JNUM_OK) return st;
  if (n->neg && mag != 0) return LV_JNUM_NEGATIVE;
  *out = mag;
  return LV_JNUM_OK;
}

/* --- literals and whole values ---------------------------------------------------- */

const char *lv_jscan_bad_literal(lv_jscan *s, const char *p) {
  switch (*p) {
  case 't': return lv_jscan_syntax(s, p, "invalid literal, expected true");
  case 'f': return lv_jscan_syntax(s, p, "invalid literal, expected false");
  case 'n': return lv_jscan_syntax(s, p, "invalid literal, expected null");
  default: return lv_jscan_expected_value(s, p);
  }
}

static const char *skip_object(lv_jscan *s, const char *p, bool dups);
static const char *skip_array(lv_jscan *s, const char *p, bool dups);

/* One value; scalars inline, containers by recursion. */
static inline const char *skip_one(lv_jscan *s, const char *p, bool dups) {
  switch (*p) {
  case '"': {
    lv_jstr t;
    return lv_jscan_string(s, p, &t);
  }
  case '-': case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9': {
    lv_jnum n;
    const char *at, *why;
    const char *q = lv_jnum_scan(&n, p, &at, &why);
    if (!q) return lv_jscan_syntax(s, at, why);
    /* As a dyn value it becomes a double: only an exponent or hundreds of
     * digits can take it out of range. */
    double d;
    if (dups && (n.exp || n.ni > 300) && !lv_jscan_double(s, &d, p, &n)) return NULL;
    return q;
  }
  case '{': return skip_object(s, p, dups);
  case '[': return skip_array(s, p, dups);
  default: return lv_jscan_literal(s, p);
  }
}

static const char *skip_array(lv_jscan *s, const char *p, bool dups) {
  bool more = lv_jscan_enter(s, &p, ']');
  for (uint32_t i = 0; more; i++) {
    const char *q = skip_one(s, p, dups);
    if (!q) {
      lv_jscan_path_index(s, i);
      return NULL;
    }
    more = lv_jscan_next(s, &p, q, ']');
  }
  if (!p) return NULL;
  s->depth--;
  return p;
}

static const char *skip_object(lv_jscan *s, const char *p, bool dups) {
  uint32_t base = s->sn;
  bool more = lv_jscan_enter(s, &p, '}');
  while (more) {
    const char *kp = p;
    lv_jstr k;
    p = lv_jscan_key(s, p, &k);
    if (!p) return NULL;
    if (dups) { /* pushed before the value: the value's own entries come and go above it */
      lv_value kv;
      if (!lv_jscan_key_value(s, &kv, kp, &k, 0)) return NULL;
      if (!lv_jscan_push(s, &kv, NULL, lv_jscan_offset(s, kp))) return lv_jscan_no_memory(s, kp);
    }
    p = lv_jscan_colon(s, p);
    if (!p) return NULL;
    const char *q = skip_one(s, p, dups);
    if (!q) {
      lv_jscan_path_key(s, k.ptr, k.len);
      return NULL;
    }
    more = lv_jscan_next(s, &p, q, '}');
  }
  if (!p) return NULL;
  if (dups) {
    if (!lv_jscan_check_dups(s, base)) return NULL;
    s->sn = base;
  }
  s->depth--;
  return p;
}

const char *lv_jscan_skip(lv_jscan *s, const char *p, bool as_dyn) {
  return skip_one(s, p, as_dyn);
}

bool lv_jscan_check_text(lv_jscan *s) {
  s->depth = 0;
  s->path_at = LV_JSCAN_PATH_CAP;
  s->path_cut = false;
  const char *p = skip_one(s, lv_jscan_ws(s->base), false);
  if (!p) return false;
  p = lv_jscan_ws(p);
  if (p < s->end) {
    lv_jscan_syntax(s, p, "trailing characters after the JSON value");
    return false;
  }
  return true;
}

bool lv_jscan_error_in_text(const lv_jscan *s) {
  return s->err_kind == 0 && (strncmp(s->err_msg, "invalid JSON: ", 14) == 0 ||
                              strncmp(s->err_msg, "nesting deeper than ", 20) == 0);
}

/* --- scratch and duplicate keys ------------------------------------------------------ */

bool lv_jscan_scratch_grow(lv_jscan *s) {
  if (!s->arena || s->scap > UINT32_MAX / 2) return false;
  uint32_t cap = s->scap * 2;
  lv_value *k = lv_arena_alloc(s->arena, (size_t)cap * sizeof *k);
  lv_value *v = lv_arena_alloc(s->arena, (size_t)cap * sizeof *v);
  uint32_t *o = lv_arena_alloc(s->arena, (size_t)cap * sizeof *o);
  if (!k || !v || !o) return false;
  /* The old blocks are abandoned (arena); entries above sn are garbage. */
  memcpy(k, s->skeys, (size_t)s->sn * sizeof *k);
  memcpy(v, s->svals, (size_t)s->sn * sizeof *v);
  memcpy(o, s->soffs, (size_t)s->sn * sizeof *o);
  s->skeys = k;
  s->svals = v;
  s->soffs = o;
  s->scap = cap;
  return true;
}

static inline bool key_eq(const lv_value *a, const lv_value *b) {
  return a->aux == b->aux && memcmp(a->v.s, b->v.s, a->aux) == 0;
}

int64_t lv_jscan_find_dup(lv_jscan *s, const lv_value *keys, uint32_t n) {
  if (n <= 8) {
    for (uint32_t j = 1; j < n; j++)
      for (uint32_t i = 0; i < j; i++)
        if (key_eq(&keys[i], &keys[j])) return j;
    return -1;
  }
  uint32_t bits = 4;
  while ((1u << bits) < n * 2) bits++;
  uint32_t mask = (1u << bits) - 1;
  uint32_t *tab = lv_arena_calloc(s->arena, (size_t)1 << bits, sizeof *tab);
  if (!tab) return -2;
  for (uint32_t j = 0; j < n; j++) {
    uint32_t h = (uint32_t)lv_hash_bytes(keys[j].v.s, keys[j].aux) & mask;
    while (tab[h]) {
      if (key_eq(&keys[tab[h] - 1], &keys[j])) return j;
      h = (h + 1) & mask;
    }
    tab[h] = j + 1;
  }
  return -1;
}

bool lv_jscan_check_dups(lv_jscan *s, uint32_t base) {
  uint32_t n = s->sn - base;
  int64_t j = lv_jscan_find_dup(s, s->skeys + base, n);
  if (j == -1) return true;
  const char *at = s->base + s->soffs[base + (j < 0 ? 0 : j)];
  if (j == -2) {
    lv_jscan_no_memory(s, at);
    return false;
  }
  char shown[64];
  const lv_value *k = &s->skeys[base + j];
  lv_jscan_describe_string(shown, sizeof shown, k->v.s, k->aux);
  lv_jscan_fail(s, at, "duplicate key %s", shown);
  return false;
}

bool lv_jscan_error_is_dup(const lv_jscan *s) {
  return strncmp(s->err_msg, "duplicate key ", 14) == 0;
}
