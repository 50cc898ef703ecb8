/* literal.c - decoding literal tokens: strings and bytes with CEL's escapes,
 * integers, doubles. Errors point at the exact escape or digit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex.h"
#include "lv_utf8.h"

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void put_cp(char *out, uint32_t *n, uint32_t cp) {
  char tmp[4];
  int k = lv_utf8_encode(cp, tmp);
  memcpy(out + *n, tmp, (size_t)k);
  *n += (uint32_t)k;
}

/* Decodes s[from, to) with escapes (unless raw). bytes: \x and octal give
 * octets; \U is not allowed. The result is never longer than the input. */
static bool decode_body(lv_arena *a, lv_diags *d, lv_source *src, uint32_t from, uint32_t to,
                        bool raw, bool bytes, const char **out, uint32_t *outlen) {
  const char *s = src->text;
  char *buf = lv_arena_alloc(a, to - from + 1);
  uint32_t n = 0;
  bool ok = true;
  uint32_t i = from;
  while (i < to) {
    unsigned char c = (unsigned char)s[i];
    if (c != '\\' || raw) {
      if (c < 0x80) {
        /* A triple-quoted string keeps its line breaks as written, except
         * that CRLF is read as LF so files behave the same on any system. */
        if (c == '\r' && i + 1 < to && s[i + 1] == '\n') {
          i++;
          continue;
        }
        buf[n++] = (char)c;
        i++;
        continue;
      }
      uint32_t cp;
      int k = lv_utf8_decode((const unsigned char *)s + i, to - i, &cp);
      if (k <= 0) {
        lv_diag_add(d, LV_D_BAD_UTF8, src, lv_span_make(i, i + 1), "invalid UTF-8 byte 0x%02X in %s literal",
                    c, bytes ? "bytes" : "string");
        ok = false;
        i++;
        continue;
      }
      memcpy(buf + n, s + i, (size_t)k);
      n += (uint32_t)k;
      i += (uint32_t)k;
      continue;
    }
    /* An escape sequence. */
    uint32_t esc = i;
    if (i + 1 >= to) {
      /* Only an unterminated literal (already reported) can end so. */
      ok = false;
      break;
    }
    char e = s[i + 1];
    i += 2;
    switch (e) {
    case 'a': buf[n++] = '\a'; continue;
    case 'b': buf[n++] = '\b'; continue;
    case 'f': buf[n++] = '\f'; continue;
    case 'n': buf[n++] = '\n'; continue;
    case 'r': buf[n++] = '\r'; continue;
    case 't': buf[n++] = '\t'; continue;
    case 'v': buf[n++] = '\v'; continue;
    case '\\': case '?': case '"': case '\'': case '`': buf[n++] = e; continue;
    case 'x': case 'X': case 'u': case 'U': {
      int digits = (e == 'x' || e == 'X') ? 2 : e == 'u' ? 4 : 8;
      uint32_t v = 0;
      int k = 0;
      for (; k < digits && i + (uint32_t)k < to; k++) {
        int h = hexval(s[i + (uint32_t)k]);
        if (h < 0) break;
        v = v * 16 + (uint32_t)h;
      }
      if (k < digits) {
        lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, i + (uint32_t)k),
                    "escape \\%c needs %d hexadecimal digits", e, digits);
        ok = false;
        i += (uint32_t)k;
        continue;
      }
      i += (uint32_t)digits;
      if (e == 'U' && bytes) {
        lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, i),
                    "escape \\U is not allowed in bytes literals");
        ok = false;
        continue;
      }
      if ((e == 'x' || e == 'X') && bytes) {
        buf[n++] = (char)v;
        continue;
      }
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, i),
                    v > 0x10FFFF ? "escape \\%c%.*s is beyond the last Unicode code point"
                                 : "escape \\%c%.*s is a UTF-16 surrogate, not a code point",
                    e, digits, s + esc + 2);
        ok = false;
        continue;
      }
      put_cp(buf, &n, v);
      continue;
    }
    case '0': case '1': case '2': case '3': {
      uint32_t v = (uint32_t)(e - '0');
      int k = 0;
      for (; k < 2 && i + (uint32_t)k < to && s[i + (uint32_t)k] >= '0' && s[i + (uint32_t)k] <= '7'; k++)
        v = v * 8 + (uint32_t)(s[i + (uint32_t)k] - '0');
      if (k < 2) {
        lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, i + (uint32_t)k),
                    "octal escape needs three digits (\\000 to \\377)");
        ok = false;
        i += (uint32_t)k;
        continue;
      }
      i += 2;
      if (bytes) buf[n++] = (char)v;
      else put_cp(buf, &n, v);
      continue;
    }
    case '\n':
    case '\r':
      lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, esc + 1),
                  "a backslash cannot end a line: CEL strings have no line continuation");
      ok = false;
      i = esc + 1;
      continue;
    case '4': case '5': case '6': case '7':
      if (i + 1 < to && s[i] >= '0' && s[i] <= '7' && s[i + 1] >= '0' && s[i + 1] <= '7') {
        lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, i + 2),
                    "octal escape \\%.3s is above \\377, the largest byte", s + esc + 1);
        ok = false;
        i += 2;
        continue;
      }
      /* fall through */
    default: {
      uint32_t k = lv_text_unit_len(s + esc + 1, to - esc - 1);
      lv_diag *g = lv_diag_add(d, LV_D_BAD_ESCAPE, src, lv_span_make(esc, esc + 1 + k),
                               "invalid escape sequence '\\%.*s'", (int)k, s + esc + 1);
      lv_diag_help(g, d, "valid escapes: \\n \\t \\r \\\\ \\\" \\' \\xHH \\uHHHH \\UHHHHHHHH \\ooo; "
                         "a raw string r\"...\" keeps backslashes as they are");
      ok = false;
      i = esc + 1 + k;
      continue;
    }
    }
  }
  buf[n] = 0;
  *out = buf;
  *outlen = n;
  return ok;
}

bool lv_lit_string(lv_arena *a, lv_diags *d, lv_source *src, lv_span tok, bool *is_bytes,
                   const char **out, uint32_t *outlen) {
  const char *s = src->text;
  uint32_t i = tok.start, end = tok.end;
  bool bytes = false, raw = false;
  if (s[i] == 'b' || s[i] == 'B') {
    bytes = true;
    i++;
  }
  if (s[i] == 'r' || s[i] == 'R') {
    raw = true;
    i++;
  }
  *is_bytes = bytes;
  char q = s[i];
  uint32_t qlen = (i + 2 < end && s[i + 1] == q && s[i + 2] == q) ? 3 : 1;
  /* Find the closing quote(s) with the lexer's rules; an unterminated
   * literal (already reported) runs to the end of the token. */
  uint32_t from = i + qlen, to = end;
  for (uint32_t k = from; k < end;) {
    if (s[k] == '\\' && !raw) {
      k += 2;
      continue;
    }
    if (s[k] == q && (qlen == 1 || (k + 2 < end && s[k + 1] == q && s[k + 2] == q))) {
      to = k;
      break;
    }
    k++;
  }
  return decode_body(a, d, src, from, to, raw, bytes, out, outlen);
}

bool lv_lit_template_text(lv_arena *a, lv_diags *d, lv_source *src, uint32_t start, uint32_t end,
                          const char **out, uint32_t *outlen) {
  return decode_body(a, d, src, start, end, false, false, out, outlen);
}

/* The value of an integer literal's digits (decimal or 0x hex, an optional
 * u suffix). A malformed literal, already reported by the lexer, stops at its
 * first character that is not a digit. Returns false on overflow. */
static bool int_value(const char *s, uint32_t n, uint64_t *out) {
  if (n && (s[n - 1] == 'u' || s[n - 1] == 'U')) n--;
  bool hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  uint64_t base = hex ? 16 : 10, v = 0;
  for (uint32_t i = hex ? 2 : 0; i < n; i++) {
    int digit = hex ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
    if (digit < 0) break;
    if (v > (UINT64_MAX - (uint64_t)digit) / base) return false;
    v = v * base + (uint64_t)digit;
  }
  *out = v;
  return true;
}

bool lv_lit_uint(lv_diags *d, lv_source *src, lv_span tok, uint64_t *out) {
  if (!int_value(src->text + tok.start, tok.end - tok.start, out)) {
    lv_diag *g = lv_diag_add(d, LV_D_INT_RANGE, src, tok, "integer literal '%.*s' is out of range for uint",
                             (int)(tok.end - tok.start), src->text + tok.start);
    lv_diag_help(g, d, "uint is 64-bit unsigned: 0u to 18446744073709551615u; write a larger number as a double");
    *out = 0;
    return false;
  }
  return true;
}

bool lv_lit_int(lv_diags *d, lv_source *src, lv_span tok, bool neg, int64_t *out) {
  uint64_t v = 0;
  bool fits = int_value(src->text + tok.start, tok.end - tok.start, &v);
  uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  if (!fits || v > limit) {
    lv_diag *g = lv_diag_add(d, LV_D_INT_RANGE, src, tok, "integer literal '%.*s' is out of range for int",
                             (int)(tok.end - tok.start), src->text + tok.start);
    if (fits)
      lv_diag_help(g, d, "int is 64-bit signed: -9223372036854775808 to 9223372036854775807; "
                         "add a 'u' suffix for a uint, or write it as a double");
    else
      lv_diag_help(g, d, "int is 64-bit signed: -9223372036854775808 to 9223372036854775807; "
                         "write a larger number as a double");
    *out = 0;
    return false;
  }
  *out = (int64_t)v; /* callers negate; INT64_MIN arrives as its own bit pattern */
  return true;
}

bool lv_lit_double(lv_diags *d, lv_source *src, lv_span tok, double *out) {
  char buf[128];
  uint32_t n = tok.end - tok.start;
  if (n >= sizeof buf) {
    /* Long literals: strtod on an arena copy. */
    char *big = malloc(n + 1);
    if (!big) return false;
    memcpy(big, src->text + tok.start, n);
    big[n] = 0;
    errno = 0;
    *out = strtod(big, NULL);
    free(big);
  } else {
    memcpy(buf, src->text + tok.start, n);
    buf[n] = 0;
    errno = 0;
    *out = strtod(buf, NULL);
  }
  if (errno == ERANGE && (*out > 1 || *out < -1)) {
    lv_diag_add(d, LV_D_INT_RANGE, src, tok, "number '%.*s' is out of the range of double",
                (int)(n > 40 ? 40 : n), src->text + tok.start);
    return false;
  }
  return true;
}

static bool is_line_end(char c) { return c == '\n' || c == '\r'; }

uint32_t lv_lit_template_expr_end(const char *s, uint32_t i, uint32_t end, bool *closed) {
  int depth = 1;
  while (i < end && !is_line_end(s[i])) {
    char c = s[i];
    if (c == '"' || c == '\'') {
      /* A string: if it runs to the end of the line, so does the ${. */
      i++;
      while (i < end && s[i] != c && !is_line_end(s[i]))
        i += (s[i] == '\\' && i + 1 < end && !is_line_end(s[i + 1])) ? 2 : 1;
      if (i < end && s[i] == c) i++;
      continue;
    }
    if (c == '`') {
      /* A quoted field name. Without its closing backtick on the line it is
       * a stray character, which the expression's own lexer reports. */
      uint32_t close = i + 1;
      while (close < end && s[close] != '`' && s[close] && !is_line_end(s[close])) close++;
      i = close < end && s[close] == '`' && close > i + 1 ? close + 1 : i + 1;
      continue;
    }
    if (c == '{') depth++;
    else if (c == '}' && --depth == 0) {
      *closed = true;
      return i;
    }
    i++;
  }
  *closed = false;
  return i;
}
