/* fuzz_format.c - libFuzzer target for stdlib/lv_format.c, lv_string.c and
 * lv_conv.c.
 *
 * The input is a format string applied to a fixed list of mixed arguments
 * (every value kind, nested containers, NaN, invalid UTF-8 in bytes); the
 * input is also the text for every string -> scalar conversion, for base64
 * decoding and, when it is valid UTF-8, for the string functions, whose
 * results are checked against simple reference definitions. Any broken
 * invariant aborts, so the fuzzer reports it.
 *
 *   clang-19 -g -O1 -fsanitize=fuzzer,address,undefined -Istdlib \
 *     stdlib/lv_arena.c stdlib/lv_err.c stdlib/lv_utf8.c stdlib/lv_num.c \
 *     stdlib/lv_buf.c stdlib/lv_schema.c stdlib/lv_print.c stdlib/lv_time.c \
 *     stdlib/lv_tz.c stdlib/lv_string.c stdlib/lv_format.c stdlib/lv_conv.c \
 *     tests/fuzz/fuzz_format.c -o fuzz_format
 * (lv_print.c is there for lv_type_name; should its own dependencies grow,
 * link every .c file of stdlib instead.) */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lv_string.h"
#include "lv_utf8.h"

static lv_arena arena;

static bool valid_utf8(const char *s, size_t n) { return lv_utf8_validate(s, n) == n; }

/* --- format ----------------------------------------------------------------------- */

static lv_value args[16];
static lv_list arglist;

static void init_args(void) {
  static lv_value inner[3], mkeys[4], mvals[4], lkeys[2], lvals[2];
  static lv_map leaf = {2, 0, lkeys, lvals, NULL};
  static lv_list inner_list = {3, inner};
  static lv_map map = {4, 0, mkeys, mvals, NULL};
  lkeys[0] = lv_value_string("b", 1), lvals[0] = lv_value_double(-0.0);
  lkeys[1] = lv_value_string("a", 1), lvals[1] = lv_value_bytes("", 0);
  inner[0] = lv_value_double(NAN);
  inner[1] = lv_value_bytes("\xff\xfe", 2);
  inner[2] = lv_value_map(&leaf);
  mkeys[0] = lv_value_string("k", 1), mvals[0] = lv_value_list(&inner_list);
  mkeys[1] = lv_value_int(-3), mvals[1] = lv_value_duration(-1, -500000000);
  mkeys[2] = lv_value_bool(true), mvals[2] = lv_value_timestamp(253402300799, 999999999);
  mkeys[3] = lv_value_uint(7), mvals[3] = lv_value_null();
  lv_value t = {LV_TYPE, LV_DURATION, {.i = 0}};
  lv_value opt = {LV_OPTIONAL, 0, {.p = NULL}};
  args[0] = lv_value_int(INT64_MIN);
  args[1] = lv_value_uint(UINT64_MAX);
  args[2] = lv_value_double(-1.7976931348623157e308);
  args[3] = lv_value_string("h\xc3\xa9llo", 6);
  args[4] = lv_value_bytes("a\x80\xc3", 3);
  args[5] = lv_value_bool(false);
  args[6] = lv_value_null();
  args[7] = lv_value_list(&inner_list);
  args[8] = lv_value_map(&map);
  args[9] = lv_value_timestamp(-62135596800, 10);
  args[10] = lv_value_duration(315576000000, 999999999);
  args[11] = t;
  args[12] = lv_value_double(5e-324);
  args[13] = opt;
  args[14] = lv_value_double(INFINITY);
  args[15] = lv_value_int(0);
  arglist.len = 16;
  arglist.items = args;
}

static void fuzz_format(lv_ctx *cx, const char *s, size_t n) {
  const char *out;
  size_t on;
  /* all arguments, and rotations so each clause meets each kind */
  for (uint32_t r = 0; r < 16; r += 5) {
    lv_value rot[16];
    for (uint32_t i = 0; i < 16; i++) rot[i] = args[(i + r) % 16];
    lv_list l = {16, rot};
    const lv_err *e = lv_string_format(cx, &out, &on, s, n, &l);
    if (e) {
      REQUIRE_CEL_ERR(e);
      continue;
    }
    REQUIRE(out[on] == 0);
    if (valid_utf8(s, n)) REQUIRE(valid_utf8(out, on));
  }
  /* no arguments: only literal text and %% can succeed, and then the
   * result is the text with %% collapsed */
  const lv_err *e = lv_string_format(cx, &out, &on, s, n, NULL);
  if (e) {
    REQUIRE_CEL_ERR(e);
  } else {
    size_t k = 0;
    for (size_t i = 0; i < n; i++, k++) {
      REQUIRE(k < on && out[k] == s[i]);
      if (s[i] == '%') {
        REQUIRE(i + 1 < n && s[i + 1] == '%');
        i++;
      }
    }
    REQUIRE(k == on);
  }
  e = lv_string_quote(cx, &out, &on, s, n);
  if (e) {
    REQUIRE_CEL_ERR(e);
  } else {
    REQUIRE(on >= 2 && out[0] == '"' && out[on - 1] == '"' && valid_utf8(out, on));
  }
}

/* --- conversions ------------------------------------------------------------------ */

static bool ref_is_int_syntax(const char *s, size_t n, bool sign_ok) {
  size_t i = sign_ok && n > 0 && (s[0] == '+' || s[0] == '-');
  if (i == n) return false;
  for (; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static void fuzz_conversions(lv_ctx *cx, const char *s, size_t n) {
  char tmp[64];
  int64_t i;
  const lv_err *e = lv_string_to_int(cx, &i, s, n);
  if (e) {
    REQUIRE_CEL_ERR(e);
    REQUIRE(e->code == LV_E_INVALID_ARG || e->code == LV_E_OVERFLOW);
    REQUIRE(ref_is_int_syntax(s, n, true) == (e->code == LV_E_OVERFLOW));
  } else {
    REQUIRE(ref_is_int_syntax(s, n, true));
  }
  if (!e && n < 40) { /* cross-check with strtoll */
    memcpy(tmp, s, n);
    tmp[n] = 0;
    errno = 0;
    REQUIRE(strtoll(tmp, NULL, 10) == i && errno == 0);
  }
  uint64_t u;
  e = lv_string_to_uint(cx, &u, s, n);
  if (e) {
    REQUIRE_CEL_ERR(e);
    if (e->code == LV_E_INVALID_ARG) REQUIRE(!ref_is_int_syntax(s, n, false));
    else REQUIRE(e->code == LV_E_OVERFLOW && ref_is_int_syntax(s, n, false));
  } else {
    REQUIRE(ref_is_int_syntax(s, n, false));
    const char *p;
    size_t pn;
    REQUIRE(lv_uint_to_string(cx, &p, &pn, u) == NULL);
    uint64_t back;
    REQUIRE(lv_string_to_uint(cx, &back, p, pn) == NULL && back == u);
  }
  double d;
  e = lv_string_to_double(cx, &d, s, n);
  if (e) {
    REQUIRE_CEL_ERR(e);
    REQUIRE(e->code == LV_E_INVALID_ARG || e->code == LV_E_OVERFLOW || e->code == LV_E_RESOURCE);
  } else {
    /* what parses prints and parses back to the same value */
    const char *p;
    size_t pn;
    REQUIRE(lv_double_to_string_cel(cx, &p, &pn, d) == NULL);
    double back;
    REQUIRE(lv_string_to_double(cx, &back, p, pn) == NULL);
    REQUIRE((isnan(d) && isnan(back)) || (back == d && signbit(back) == signbit(d)));
    int64_t di;
    uint64_t du;
    e = lv_double_to_int(cx, &di, d);
    REQUIRE(!e == (d > -9223372036854775808.0 && d < 9223372036854775808.0));
    e = lv_double_to_uint(cx, &du, d);
    REQUIRE(!e == (d >= 0 && d < 18446744073709551616.0));
  }
  bool b;
  e = lv_string_to_bool(cx, &b, s, n);
  if (e) REQUIRE_CEL_ERR(e);
  const char *p;
  size_t pn;
  e = lv_bytes_to_string(cx, &p, &pn, s, n);
  REQUIRE(!e == valid_utf8(s, n));
  /* base64: what decodes encodes to a text that decodes to the same bytes */
  e = lv_base64_decode_cel(cx, &p, &pn, s, n);
  if (e) {
    REQUIRE_CEL_ERR(e);
  } else {
    const char *enc;
    size_t en;
    REQUIRE(lv_base64_encode_cel(cx, &enc, &en, p, pn) == NULL);
    const char *back;
    size_t bn;
    REQUIRE(lv_base64_decode_cel(cx, &back, &bn, enc, en) == NULL);
    REQUIRE(bn == pn && memcmp(back, p, pn) == 0);
  }
}

/* --- string functions (valid UTF-8 only, as their contract says) ----------------- */

static int64_t ref_index(const char *s, size_t n, const char *sub, size_t sn, size_t from_byte, bool last,
                         size_t last_start_byte) {
  int64_t found = -1;
  for (size_t i = from_byte; i + sn <= n; i++) {
    if ((s[i] & 0xC0) == 0x80) continue;
    if (last && i > last_start_byte) break;
    if (memcmp(s + i, sub, sn) == 0) {
      found = (int64_t)lv_utf8_count(s, i);
      if (!last) break;
    }
  }
  return found;
}

static void fuzz_strings(lv_ctx *cx, const char *s, size_t n) {
  const char *p, *q;
  size_t pn, qn;
  int64_t size = lv_string_size(s, n);
  /* reverse twice is the identity */
  REQUIRE(lv_string_reverse(cx, &p, &pn, s, n) == NULL && pn == n);
  REQUIRE(lv_string_reverse(cx, &q, &qn, p, pn) == NULL && qn == n && memcmp(q, s, n) == 0);
  /* trim gives a valid middle part */
  REQUIRE(lv_string_trim(cx, &p, &pn, s, n) == NULL && p >= s && p + pn <= s + n && valid_utf8(p, pn));
  /* a needle: the first code point or two of the input, split at its middle */
  size_t half = 0;
  while (half < n / 2) half++;
  while (half > 0 && (s[half] & 0xC0) == 0x80) half--;
  const char *sub = s + half;
  size_t sn = n - half > 3 ? 3 : n - half;
  while (sn > 0 && sn < n - half && (sub[sn] & 0xC0) == 0x80) sn--;
  int64_t idx;
  for (int64_t start = 0; start <= size; start += 1 + size / 4) {
    size_t from;
    REQUIRE(lv_string_substring(cx, &p, &pn, s, n, start, false, 0) == NULL);
    from = (size_t)(p - s);
    REQUIRE(lv_string_index_of(cx, &idx, s, n, sub, sn, start) == NULL);
    REQUIRE(idx == (sn == 0 ? start : ref_index(s, n, sub, sn, from, false, 0)));
    REQUIRE(lv_string_last_index_of(cx, &idx, s, n, sub, sn, true, start) == NULL);
    if (sn == 0) REQUIRE(idx == start);
    else if (start == size) REQUIRE(idx == -1);
    else REQUIRE(idx == ref_index(s, n, sub, sn, 0, true, from));
    REQUIRE(lv_string_char_at(cx, &p, &pn, s, n, start) == NULL);
    REQUIRE(start == size ? pn == 0 : lv_string_size(p, pn) == 1);
  }
  REQUIRE(lv_string_index_of(cx, &idx, s, n, sub, sn, size + 1) != NULL);
  REQUIRE(lv_string_last_index_of(cx, &idx, s, n, sub, sn, false, 0) == NULL);
  REQUIRE(idx == (sn == 0 ? size : ref_index(s, n, sub, sn, 0, true, n)));
  /* split then join is the identity; replace agrees with split + join */
  if (sn > 0) {
    const lv_list *parts;
    REQUIRE(lv_string_split(cx, &parts, s, n, sub, sn, -1) == NULL);
    REQUIRE(lv_list_join(cx, &p, &pn, parts, sub, sn) == NULL && pn == n && memcmp(p, s, n) == 0);
    const char *joined;
    size_t jn;
    REQUIRE(lv_list_join(cx, &joined, &jn, parts, "<>", 2) == NULL);
    REQUIRE(lv_string_replace(cx, &p, &pn, s, n, sub, sn, "<>", 2, -1) == NULL);
    REQUIRE(pn == jn && memcmp(p, joined, pn) == 0);
    REQUIRE(lv_string_split(cx, &parts, s, n, sub, sn, 2) == NULL && parts->len >= 1 && parts->len <= 2);
  }
  const lv_list *cps;
  REQUIRE(lv_string_split(cx, &cps, s, n, "", 0, -1) == NULL && (int64_t)cps->len == size);
  REQUIRE(lv_string_replace(cx, &p, &pn, s, n, "", 0, "", 0, -1) == NULL && pn == n);
  REQUIRE(lv_string_upper_ascii(cx, &p, &pn, s, n) == NULL && pn == n && valid_utf8(p, pn));
  REQUIRE(lv_string_lower_ascii(cx, &p, &pn, s, n) == NULL && pn == n && valid_utf8(p, pn));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!arena.chunk_size) {
    lv_arena_init(&arena, 0, (size_t)64 << 20);
    init_args();
  }
  lv_ctx cx = {&arena, NULL, NULL, NULL};
  const char *s = (const char *)data;
  fuzz_format(&cx, s, size);
  lv_arena_reset(&arena);
  fuzz_conversions(&cx, s, size);
  lv_arena_reset(&arena);
  if (valid_utf8(s, size)) fuzz_strings(&cx, s, size);
  lv_arena_reset(&arena);
  return 0;
}
