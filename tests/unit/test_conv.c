/* Conversions between strings and scalars, double -> int/uint, and base64:
 * the cases of the cel-spec conformance files conversions.textproto and
 * encoders_ext.textproto, and the edges of Go's strconv syntax that cel-go
 * inherits. */
#include "check.h"
#include "lv_string.h"

#include <math.h>

static lv_arena arena;
static lv_ctx cx;

#define S(lit) lit, sizeof(lit) - 1

#define CHECK_CODE(e, want_code)                                              \
  do {                                                                        \
    const lv_err *e_ = (e);                                                   \
    CHECK(e_ != NULL);                                                        \
    CHECK_INT(e_ ? (int)e_->code : -1, want_code);                            \
  } while (0)

static int64_t i64;
static uint64_t u64;
static double dbl;
static bool bl;

#define CHECK_INT_OF(text, want)                                              \
  do {                                                                        \
    i64 = -42;                                                                \
    CHECK(lv_string_to_int(&cx, &i64, S(text)) == NULL);                      \
    CHECK_INT(i64, want);                                                     \
  } while (0)
#define CHECK_UINT_OF(text, want)                                             \
  do {                                                                        \
    u64 = 42;                                                                 \
    CHECK(lv_string_to_uint(&cx, &u64, S(text)) == NULL);                     \
    CHECK(u64 == (uint64_t)(want));                                           \
  } while (0)
/* Exact comparison (also of the sign of zero). */
#define CHECK_DOUBLE_OF(text, want)                                           \
  do {                                                                        \
    dbl = -42;                                                                \
    const lv_err *e_ = lv_string_to_double(&cx, &dbl, S(text));               \
    CHECK(e_ == NULL);                                                        \
    double w_ = (want);                                                       \
    CHECK(dbl == w_ && signbit(dbl) == signbit(w_));                          \
    if (dbl != w_) fprintf(stderr, "  double(\"%s\") = %.17g, want %.17g\n", text, dbl, w_); \
  } while (0)
#define CHECK_BOOL_OF(text, want)                                             \
  do {                                                                        \
    bl = !(want);                                                             \
    CHECK(lv_string_to_bool(&cx, &bl, S(text)) == NULL);                      \
    CHECK(bl == (want));                                                      \
  } while (0)

static void test_string_to_int(void) {
  CHECK_INT_OF("987", 987); /* conversions.textproto int/string */
  CHECK_INT_OF("-12", -12);
  CHECK_INT_OF("+5", 5);
  CHECK_INT_OF("-0", 0);
  CHECK_INT_OF("007", 7);
  CHECK_INT_OF("9223372036854775807", INT64_MAX);
  CHECK_INT_OF("-9223372036854775808", INT64_MIN);
  CHECK_ERR(lv_string_to_int(&cx, &i64, S("9223372036854775808")), LV_E_OVERFLOW,
            "range error converting \"9223372036854775808\" to int");
  CHECK_CODE(lv_string_to_int(&cx, &i64, S("-9223372036854775809")), LV_E_OVERFLOW);
  CHECK_CODE(lv_string_to_int(&cx, &i64, S("99999999999999999999999999")), LV_E_OVERFLOW);
  CHECK_ERR(lv_string_to_int(&cx, &i64, S("12a")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'int': \"12a\" is not a decimal integer");
  CHECK_ERR(lv_string_to_int(&cx, &i64, S("")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'int': \"\" is not a decimal integer");
  CHECK_ERR(lv_string_to_int(&cx, &i64, S("1234567890123456789012345678901234567890x")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'int': \"12345678901234567890123456789012...\" "
            "is not a decimal integer");
  /* the excerpt is cut on a code point boundary */
  CHECK_ERR(lv_string_to_int(&cx, &i64, S("1234567890123456789012345678901é")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'int': \"1234567890123456789012345678901...\" "
            "is not a decimal integer");
  static const char *const bad[] = {" 1", "1 ", "-", "+", "1_000", "0x10", "1.0", "1e3", "--1", "+-1",
                                    "\xef\xbc\x91" /* fullwidth 1 */};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    CHECK_CODE(lv_string_to_int(&cx, &i64, bad[k], strlen(bad[k])), LV_E_INVALID_ARG);
  CHECK_CODE(lv_string_to_int(&cx, &i64, NULL, 0), LV_E_INVALID_ARG);
}

static void test_string_to_uint(void) {
  CHECK_UINT_OF("300", 300); /* conversions.textproto uint/string */
  CHECK_UINT_OF("0", 0);
  CHECK_UINT_OF("00012", 12);
  CHECK_UINT_OF("18446744073709551615", UINT64_MAX);
  CHECK_ERR(lv_string_to_uint(&cx, &u64, S("18446744073709551616")), LV_E_OVERFLOW,
            "range error converting \"18446744073709551616\" to uint");
  CHECK_ERR(lv_string_to_uint(&cx, &u64, S("-1")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'uint': \"-1\" is not an unsigned decimal integer");
  static const char *const bad[] = {"+1", "-0", "", " 1", "1u", "1_0", "0x1"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    CHECK_CODE(lv_string_to_uint(&cx, &u64, bad[k], strlen(bad[k])), LV_E_INVALID_ARG);
}

static void test_string_to_double(void) {
  /* conversions.textproto double/string_* */
  CHECK_DOUBLE_OF("0", 0.0);
  CHECK_DOUBLE_OF("0.0", 0.0);
  CHECK_DOUBLE_OF("-0.0", -0.0);
  CHECK_DOUBLE_OF("123", 123.0);
  CHECK_DOUBLE_OF("123.456", 123.456);
  CHECK_DOUBLE_OF("-987.654", -987.654);
  CHECK_DOUBLE_OF("6.02214e23", 6.02214e23);
  CHECK_DOUBLE_OF("1.38e-23", 1.38e-23);
  CHECK_DOUBLE_OF("-84.32e7", -8.432e8);
  CHECK_DOUBLE_OF("-5.43e-21", -5.43e-21);
  /* Go's ParseFloat syntax */
  CHECK_DOUBLE_OF("1e3", 1000.0);
  CHECK_DOUBLE_OF("1E3", 1000.0);
  CHECK_DOUBLE_OF("+1.5", 1.5);
  CHECK_DOUBLE_OF(".5", 0.5);
  CHECK_DOUBLE_OF("5.", 5.0);
  CHECK_DOUBLE_OF("1_000.5", 1000.5);
  CHECK_DOUBLE_OF("1e1_0", 1e10);
  CHECK_DOUBLE_OF("0x1p-2", 0.25);
  CHECK_DOUBLE_OF("0x1.8p1", 3.0);
  CHECK_DOUBLE_OF("-0X_1P+0", -1.0);
  CHECK_DOUBLE_OF("0x.8p1", 1.0);
  CHECK_DOUBLE_OF("0x1_0p0", 16.0);
  CHECK_DOUBLE_OF("inf", INFINITY);
  CHECK_DOUBLE_OF("+Inf", INFINITY);
  CHECK_DOUBLE_OF("-Infinity", -INFINITY);
  CHECK_DOUBLE_OF("INFINITY", INFINITY);
  CHECK_DOUBLE_OF("1e-400", 0.0); /* underflow rounds to zero without error */
  CHECK_DOUBLE_OF("4.9e-324", 4.9e-324);
  CHECK_DOUBLE_OF("1.7976931348623157e308", 1.7976931348623157e308);
  CHECK_DOUBLE_OF("0.1000000000000000055511151231257827021181583404541015625", 0.1);
  CHECK_DOUBLE_OF("9007199254740993", 9007199254740992.0); /* ties to even */
  static const char *const nans[] = {"NaN", "nan", "NAN", "nAn"};
  for (size_t k = 0; k < 4; k++) {
    dbl = 0;
    CHECK(lv_string_to_double(&cx, &dbl, nans[k], strlen(nans[k])) == NULL && isnan(dbl));
  }
  CHECK_ERR(lv_string_to_double(&cx, &dbl, S("abc")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'double': \"abc\" is not a number");
  CHECK_ERR(lv_string_to_double(&cx, &dbl, S("1e400")), LV_E_OVERFLOW,
            "range error converting \"1e400\" to double");
  CHECK_CODE(lv_string_to_double(&cx, &dbl, S("-1e400")), LV_E_OVERFLOW);
  CHECK_CODE(lv_string_to_double(&cx, &dbl, S("0x1p1024")), LV_E_OVERFLOW);
  static const char *const bad[] = {
      "",     "+nan", "-nan",   "infinit", "infinityx", "in",  "1__0", "_1",  "1_",   "1_.5", "1._5",
      "0x1",  "0x",   "0xp1",   "0x1p",    ".",         "1e",  "1e+",  "e5",  " 1",   "1 ",   "1.5.5",
      "1e_10", "1e10_", "--1",  "+",       "0x1.8",     "1f",  "1e5.5", "0b101p0", "0o17", "1,5", "١",
      "Infinity!", "nan1", "0x_p1"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    const lv_err *e = lv_string_to_double(&cx, &dbl, bad[k], strlen(bad[k]));
    CHECK(e != NULL && e->code == LV_E_INVALID_ARG);
    if (!e) fprintf(stderr, "  double(\"%s\") was accepted: %g\n", bad[k], dbl);
  }
  /* long inputs (the scratch copy comes from the arena) */
  char lng[2000];
  memset(lng, '0', sizeof lng);
  lng[0] = '1';
  CHECK_CODE(lv_string_to_double(&cx, &dbl, lng, sizeof lng), LV_E_OVERFLOW);
  lng[0] = '0';
  lng[1] = '.';
  lng[sizeof lng - 1] = '7';
  dbl = 1;
  CHECK(lv_string_to_double(&cx, &dbl, lng, sizeof lng) == NULL && dbl == 0.0);
  memset(lng, '1', 300);
  dbl = 0;
  CHECK(lv_string_to_double(&cx, &dbl, lng, 300) == NULL && fabs(dbl / 1.1111111111111111e299 - 1) < 1e-15);
}

static void test_string_to_bool(void) {
  CHECK_BOOL_OF("1", true);
  CHECK_BOOL_OF("t", true);
  CHECK_BOOL_OF("T", true);
  CHECK_BOOL_OF("true", true);
  CHECK_BOOL_OF("TRUE", true);
  CHECK_BOOL_OF("True", true);
  CHECK_BOOL_OF("0", false);
  CHECK_BOOL_OF("f", false);
  CHECK_BOOL_OF("F", false);
  CHECK_BOOL_OF("false", false);
  CHECK_BOOL_OF("FALSE", false);
  CHECK_BOOL_OF("False", false);
  CHECK_ERR(lv_string_to_bool(&cx, &bl, S("TrUe")), LV_E_INVALID_ARG,
            "type conversion error from 'string' to 'bool': \"TrUe\" is not one of true, false, True, "
            "False, TRUE, FALSE, t, f, T, F, 1, 0");
  static const char *const bad[] = {"FaLsE", "", "yes", "tRUE", " true", "true ", "2", "tr"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    CHECK_CODE(lv_string_to_bool(&cx, &bl, bad[k], strlen(bad[k])), LV_E_INVALID_ARG);
}

static const char *rp;
static size_t rn;

#define CHECK_OK_SPAN(call, want)                                             \
  do {                                                                        \
    rp = NULL;                                                                \
    rn = 0;                                                                   \
    const lv_err *e_ = (call);                                                \
    CHECK(e_ == NULL);                                                        \
    if (!e_) CHECK_SPAN(rp, rn, want);                                        \
  } while (0)

static void test_to_string(void) {
  /* conversions.textproto, section string */
  CHECK_OK_SPAN(lv_int_to_string(&cx, &rp, &rn, 123), "123");
  CHECK_OK_SPAN(lv_int_to_string(&cx, &rp, &rn, -456), "-456");
  CHECK_OK_SPAN(lv_uint_to_string(&cx, &rp, &rn, 9876), "9876");
  CHECK_OK_SPAN(lv_double_to_string_cel(&cx, &rp, &rn, 123.456), "123.456");
  CHECK_OK_SPAN(lv_double_to_string_cel(&cx, &rp, &rn, -4.5e-3), "-0.0045");
  CHECK_OK_SPAN(lv_bytes_to_string(&cx, &rp, &rn, S("abc")), "abc");
  CHECK_OK_SPAN(lv_bytes_to_string(&cx, &rp, &rn, S("\303\277")), "ÿ");
  CHECK_ERR(lv_bytes_to_string(&cx, &rp, &rn, S("\000\xff")), LV_E_INVALID_ARG,
            "invalid UTF-8 in bytes at offset 1, cannot convert to string");
  /* more */
  CHECK_OK_SPAN(lv_int_to_string(&cx, &rp, &rn, INT64_MIN), "-9223372036854775808");
  CHECK_OK_SPAN(lv_int_to_string(&cx, &rp, &rn, 0), "0");
  CHECK_OK_SPAN(lv_uint_to_string(&cx, &rp, &rn, UINT64_MAX), "18446744073709551615");
  CHECK_OK_SPAN(lv_double_to_string_cel(&cx, &rp, &rn, 1e6), "1e+06");
  CHECK_OK_SPAN(lv_double_to_string_cel(&cx, &rp, &rn, 100), "100");
  CHECK_OK_SPAN(lv_double_to_string_cel(&cx, &rp, &rn, NAN), "NaN");
  CHECK_OK_SPAN(lv_double_to_string_cel(&cx, &rp, &rn, -INFINITY), "-Inf");
  CHECK_OK_SPAN(lv_bytes_to_string(&cx, &rp, &rn, S("")), "");
  CHECK_OK_SPAN(lv_bytes_to_string(&cx, &rp, &rn, S("\xf0\x9f\x98\x80!")), "\U0001F600!");
  CHECK_ERR(lv_bytes_to_string(&cx, &rp, &rn, S("ab\xe2\x82")), LV_E_INVALID_ARG,
            "invalid UTF-8 in bytes at offset 2, cannot convert to string");
  CHECK_CODE(lv_bytes_to_string(&cx, &rp, &rn, S("\xed\xa0\x80")), LV_E_INVALID_ARG); /* surrogate */
  CHECK_CODE(lv_bytes_to_string(&cx, &rp, &rn, S("\xc0\xaf")), LV_E_INVALID_ARG);     /* overlong */
  CHECK_CODE(lv_bytes_to_string(&cx, &rp, &rn, S("\xf4\x90\x80\x80")), LV_E_INVALID_ARG); /* > U+10FFFF */
  /* valid bytes are shared, not copied */
  static const char shared[] = "shared";
  CHECK(lv_bytes_to_string(&cx, &rp, &rn, shared, 6) == NULL && rp == shared);
}

static void test_double_to_integer(void) {
  const lv_err *e;
  /* conversions.textproto int/double_* and uint/double_* */
  CHECK(lv_double_to_int(&cx, &i64, -123.456) == NULL && i64 == -123);
  CHECK(lv_double_to_int(&cx, &i64, 1.9) == NULL && i64 == 1);
  CHECK(lv_double_to_int(&cx, &i64, -7.9) == NULL && i64 == -7);
  CHECK(lv_double_to_int(&cx, &i64, 11.5) == NULL && i64 == 11);
  CHECK(lv_double_to_int(&cx, &i64, -3.5) == NULL && i64 == -3);
  CHECK(lv_double_to_int(&cx, &i64, (double)36028797018963968LL) == NULL && i64 == 36028797018963968LL);
  CHECK(lv_double_to_int(&cx, &i64, (double)36028797018963969LL) == NULL && i64 == 36028797018963968LL);
  e = lv_double_to_int(&cx, &i64, 9223372036854775807.0);
  CHECK_ERR(e, LV_E_OVERFLOW, "range error converting 9.22337e+18 to int");
  CHECK_CODE(lv_double_to_int(&cx, &i64, -9223372036854775808.0), LV_E_OVERFLOW);
  CHECK_CODE(lv_double_to_int(&cx, &i64, 1e99), LV_E_OVERFLOW);
  CHECK_CODE(lv_double_to_int(&cx, &i64, 18446744073709551615.0), LV_E_OVERFLOW);
  CHECK(lv_double_to_uint(&cx, &u64, 3.14159265) == NULL && u64 == 3);
  CHECK(lv_double_to_uint(&cx, &u64, 1.9) == NULL && u64 == 1);
  CHECK(lv_double_to_uint(&cx, &u64, 25.5) == NULL && u64 == 25);
  CHECK(lv_double_to_uint(&cx, &u64, (double)36028797018963968ULL) == NULL && u64 == 36028797018963968ULL);
  CHECK(lv_double_to_uint(&cx, &u64, (double)36028797018963969ULL) == NULL && u64 == 36028797018963968ULL);
  CHECK_ERR(lv_double_to_uint(&cx, &u64, 6.022e23), LV_E_OVERFLOW, "range error converting 6.022e+23 to uint");
  /* the edges */
  CHECK(lv_double_to_int(&cx, &i64, 9223372036854774784.0) == NULL && i64 == 9223372036854774784LL);
  CHECK(lv_double_to_int(&cx, &i64, -9223372036854774784.0) == NULL && i64 == -9223372036854774784LL);
  CHECK(lv_double_to_int(&cx, &i64, -0.0) == NULL && i64 == 0);
  CHECK(lv_double_to_int(&cx, &i64, -0.99) == NULL && i64 == 0);
  CHECK_CODE(lv_double_to_int(&cx, &i64, NAN), LV_E_OVERFLOW);
  CHECK_CODE(lv_double_to_int(&cx, &i64, INFINITY), LV_E_OVERFLOW);
  CHECK_CODE(lv_double_to_int(&cx, &i64, -INFINITY), LV_E_OVERFLOW);
  CHECK(lv_double_to_uint(&cx, &u64, 18446744073709549568.0) == NULL && u64 == 18446744073709549568ULL);
  CHECK_CODE(lv_double_to_uint(&cx, &u64, 18446744073709551616.0), LV_E_OVERFLOW);
  CHECK(lv_double_to_uint(&cx, &u64, -0.0) == NULL && u64 == 0);
  CHECK_ERR(lv_double_to_uint(&cx, &u64, -0.5), LV_E_OVERFLOW, "range error converting -0.5 to uint");
  CHECK_CODE(lv_double_to_uint(&cx, &u64, NAN), LV_E_OVERFLOW);
  CHECK_CODE(lv_double_to_uint(&cx, &u64, INFINITY), LV_E_OVERFLOW);
}

static const char *enc(const char *in, size_t n) {
  static char out[128];
  size_t k = lv_base64_encode(out, in, n);
  out[k] = 0;
  CHECK_INT(k, lv_base64_encoded_len(n));
  return out;
}

static long dec(const char *in, char *out) { return (long)lv_base64_decode(out, in, strlen(in)); }

static void test_base64(void) {
  /* RFC 4648 test vectors */
  CHECK_STR(enc(S("")), "");
  CHECK_STR(enc(S("f")), "Zg==");
  CHECK_STR(enc(S("fo")), "Zm8=");
  CHECK_STR(enc(S("foo")), "Zm9v");
  CHECK_STR(enc(S("foob")), "Zm9vYg==");
  CHECK_STR(enc(S("fooba")), "Zm9vYmE=");
  CHECK_STR(enc(S("foobar")), "Zm9vYmFy");
  CHECK_STR(enc(S("hello")), "aGVsbG8=");
  CHECK_STR(enc(S("\xfb\xff\xbf")), "+/+/");
  CHECK_STR(enc(S("\0\0\0")), "AAAA");
  CHECK_INT(lv_base64_encoded_len(0), 0);
  CHECK_INT(lv_base64_encoded_len(1), 4);
  CHECK_INT(lv_base64_encoded_len(3), 4);
  CHECK_INT(lv_base64_encoded_len(4), 8);
  char out[64];
  CHECK_INT(dec("Zm9vYmFy", out), 6);
  CHECK(memcmp(out, "foobar", 6) == 0);
  CHECK_INT(dec("Zm9vYg==", out), 4);
  CHECK(memcmp(out, "foob", 4) == 0);
  CHECK_INT(dec("Zm9vYg", out), 4);
  CHECK_INT(dec("Zm9vYmE=", out), 5);
  CHECK_INT(dec("Zm9vYmE", out), 5);
  CHECK(memcmp(out, "fooba", 5) == 0);
  CHECK_INT(dec("", out), 0);
  CHECK_INT(dec("+/+/", out), 3);
  CHECK(memcmp(out, "\xfb\xff\xbf", 3) == 0);
  CHECK_INT(dec("-_-_", out), 3); /* URL-safe alphabet */
  CHECK(memcmp(out, "\xfb\xff\xbf", 3) == 0);
  CHECK_INT(dec("Zh==", out), 1); /* stray low bits are ignored, as Go's decoder */
  CHECK(out[0] == 'f');
  static const char *const bad[] = {"Z",        "Zm9vY",   "Zm9vYg=",  "Zm9vYg===", "Zm9v=",  "=",
                                    "==",       "Zg==Zg==", "Zm9 v",   "Zm9v\n",    "Zm9v!", "Z===",
                                    "Zm9vYmFy="};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    long r = dec(bad[k], out);
    CHECK(r == -1);
    if (r != -1) fprintf(stderr, "  \"%s\" decoded to %ld bytes\n", bad[k], r);
  }
  /* base64.encode / base64.decode (encoders_ext.textproto) */
  CHECK_OK_SPAN(lv_base64_encode_cel(&cx, &rp, &rn, S("hello")), "aGVsbG8=");
  CHECK_OK_SPAN(lv_base64_decode_cel(&cx, &rp, &rn, S("aGVsbG8=")), "hello");
  CHECK_OK_SPAN(lv_base64_decode_cel(&cx, &rp, &rn, S("aGVsbG8")), "hello");
  CHECK_OK_SPAN(lv_base64_encode_cel(&cx, &rp, &rn, S("Hello World!")), "SGVsbG8gV29ybGQh");
  CHECK_OK_SPAN(lv_base64_decode_cel(&cx, &rp, &rn, S("SGVsbG8gV29ybGQh")), "Hello World!");
  CHECK_OK_SPAN(lv_base64_encode_cel(&cx, &rp, &rn, S("")), "");
  CHECK_OK_SPAN(lv_base64_decode_cel(&cx, &rp, &rn, S("")), "");
  CHECK_ERR(lv_base64_decode_cel(&cx, &rp, &rn, S("aGV*bG8=")), LV_E_INVALID_ARG,
            "base64.decode: illegal base64 data at input byte 3");
  CHECK_ERR(lv_base64_decode_cel(&cx, &rp, &rn, S("aGVsbG8==")), LV_E_INVALID_ARG,
            "base64.decode: illegal base64 data at input byte 7");
  CHECK_ERR(lv_base64_decode_cel(&cx, &rp, &rn, S("aGVsb")), LV_E_INVALID_ARG,
            "base64.decode: illegal base64 data at input byte 4");
  /* round trip of every byte value and length */
  char all[256], b64[400], back[300];
  for (int i = 0; i < 256; i++) all[i] = (char)i;
  for (size_t n = 0; n <= 256; n += 37) {
    size_t k = lv_base64_encode(b64, all, n);
    CHECK(lv_base64_decode(back, b64, k) == n && memcmp(back, all, n) == 0);
    while (k > 0 && b64[k - 1] == '=') k--; /* unpadded too */
    CHECK(lv_base64_decode(back, b64, k) == n && memcmp(back, all, n) == 0);
  }
  /* limits */
  lv_arena small;
  lv_arena_init(&small, 1024, 4096);
  lv_ctx scx = {&small, NULL, NULL, NULL};
  static char big[8192];
  CHECK_CODE(lv_base64_encode_cel(&scx, &rp, &rn, big, sizeof big), LV_E_RESOURCE);
  memset(big, 'A', sizeof big);
  CHECK_CODE(lv_base64_decode_cel(&scx, &rp, &rn, big, sizeof big), LV_E_RESOURCE);
  memset(big, '1', sizeof big);
  CHECK_CODE(lv_string_to_double(&scx, &dbl, big, sizeof big), LV_E_RESOURCE);
  lv_arena_free(&small);
}

int main(void) {
  lv_arena_init(&arena, 0, (size_t)16 << 20);
  cx.arena = &arena;
  test_string_to_int();
  test_string_to_uint();
  test_string_to_double();
  test_string_to_bool();
  test_to_string();
  test_double_to_integer();
  test_base64();
  lv_arena_free(&arena);
  return check_done();
}
