/* "fmt".format(args) and strings.quote: every format and quote case of the
 * cel-spec conformance file string_ext.textproto (sections quote, format,
 * format_errors), the examples of the extension document, and the edges of
 * precision, nesting, invalid UTF-8 and resource limits. */
#include "check.h"
#include "lv_schema.h"
#include "lv_string.h"

#include <math.h>

static lv_arena arena;
static lv_ctx cx;

#define S(lit) lit, sizeof(lit) - 1
#define NARGS(a) (uint32_t)(sizeof(a) / sizeof(a)[0])

static lv_value str(const char *s) { return lv_value_string(s, strlen(s)); }
static lv_value byt(const char *s) { return lv_value_bytes(s, strlen(s)); }
static lv_value typ(uint32_t tag) {
  lv_value v = {LV_TYPE, tag, {.i = 0}};
  return v;
}

/* Formats fmt with the n values given; returns the result (or "ERROR: msg"). */
static const char *fmt_list(const char *fmt, const lv_value *args, uint32_t n, const lv_err **err) {
  lv_list l = {n, args};
  const char *p = NULL;
  size_t len = 0;
  *err = lv_string_format(&cx, &p, &len, fmt, strlen(fmt), &l);
  if (*err) return lv_arena_printf(&arena, "ERROR: %s", (*err)->msg);
  if (strlen(p) != len) return "(embedded NUL)";
  return p;
}

static const lv_err *last_err;

#define CHECK_FMT(fmt, want, ...)                                             \
  do {                                                                        \
    lv_value a_[] = {lv_value_null(), ##__VA_ARGS__};                         \
    CHECK_STR(fmt_list(fmt, a_ + 1, NARGS(a_) - 1, &last_err), want);         \
  } while (0)

#define CHECK_FMT_ERR(want_code, fmt, want, ...)                                   \
  do {                                                                        \
    lv_value a_[] = {lv_value_null(), ##__VA_ARGS__};                         \
    CHECK_STR(fmt_list(fmt, a_ + 1, NARGS(a_) - 1, &last_err), "ERROR: " want); \
    CHECK_INT(last_err ? (int)last_err->code : -1, want_code);                     \
  } while (0)

static lv_value list_of(const lv_value *items, uint32_t n) {
  lv_list *l = lv_arena_alloc(&arena, sizeof *l);
  lv_value *copy = lv_arena_alloc(&arena, n * sizeof *copy + 1);
  if (n) memcpy(copy, items, n * sizeof *copy);
  l->len = n;
  l->items = copy;
  return lv_value_list(l);
}

/* sizeof does not evaluate its operand: the items are built once. */
#define LIST(...) list_of((lv_value[]){__VA_ARGS__}, NARGS(((lv_value[]){__VA_ARGS__})))
#define LIST0() list_of(NULL, 0)

static lv_value map_of(const lv_value *kv, uint32_t n) {
  lv_map *m = lv_arena_calloc(&arena, 1, sizeof *m);
  lv_value *k = lv_arena_alloc(&arena, n * sizeof *k + 1), *v = lv_arena_alloc(&arena, n * sizeof *v + 1);
  for (uint32_t i = 0; i < n; i++) {
    k[i] = kv[2 * i];
    v[i] = kv[2 * i + 1];
  }
  m->len = n;
  m->keys = k;
  m->vals = v;
  return lv_value_map(m);
}

#define MAP(...) map_of((lv_value[]){__VA_ARGS__}, NARGS(((lv_value[]){__VA_ARGS__})) / 2)
#define MAP0() map_of(NULL, 0)

/* 2023-02-03T23:31:20Z, 2009-11-10T23:00:00Z */
#define TS_2023 lv_value_timestamp(1675467080, 0)
#define TS_2009 lv_value_timestamp(1257894000, 0)

static void test_conformance_format(void) {
  CHECK_FMT("no substitution", "no substitution");
  CHECK_FMT("str is %s and some more", "str is filler and some more", str("filler"));
  CHECK_FMT("%% and also %%", "% and also %");
  CHECK_FMT("%%%s%%", "%text%", str("text"));
  CHECK_FMT("%s%%", "percent on the right%", str("percent on the right"));
  CHECK_FMT("%%%s", "%percent on the left", str("percent on the left"));
  CHECK_FMT("%d %d %d, %s %s %s, %d %d %d, %s %s %s", "1 2 3, A B C, 4 5 6, D E F",
            lv_value_int(1), lv_value_int(2), lv_value_int(3), str("A"), str("B"), str("C"),
            lv_value_int(4), lv_value_int(5), lv_value_int(6), str("D"), str("E"), str("F"));
  CHECK_FMT("%%escaped %s%%", "%escaped percent%", str("percent"));
  CHECK_FMT("%.3f", "1.234", lv_value_double(1.2345));
  CHECK_FMT("this is 5 in binary: %b", "this is 5 in binary: 101", lv_value_int(5));
  CHECK_FMT("unsigned 64 in binary: %b", "unsigned 64 in binary: 1000000", lv_value_uint(64));
  CHECK_FMT("bit set from bool: %b", "bit set from bool: 1", lv_value_bool(true));
  CHECK_FMT("%o", "13", lv_value_int(11));
  CHECK_FMT("this is an unsigned octal: %o", "this is an unsigned octal: 177777", lv_value_uint(65535));
  CHECK_FMT("%x is 20 in hexadecimal", "1e is 20 in hexadecimal", lv_value_int(30));
  CHECK_FMT("%X is 20 in hexadecimal", "1E is 20 in hexadecimal", lv_value_int(30));
  CHECK_FMT("%X is 6000 in hexadecimal", "1770 is 6000 in hexadecimal", lv_value_uint(6000));
  CHECK_FMT("%x", "48656c6c6f20776f726c6421", str("Hello world!"));
  CHECK_FMT("%X", "48656C6C6F20776F726C6421", str("Hello world!"));
  CHECK_FMT("%x", "6279746520737472696e67", byt("byte string"));
  CHECK_FMT("%X", "6279746520737472696E67", byt("byte string"));
  CHECK_FMT("%.6e", "1.052033e+03", lv_value_double(1052.032911275));
  CHECK_FMT("%f", "2.718280", lv_value_double(2.71828));
  CHECK_FMT("%f", "2.000000", lv_value_int(2));
  CHECK_FMT("%f", "3.000000", lv_value_uint(3));
  CHECK_FMT("%e", "2.718280e+00", lv_value_double(2.71828));
  CHECK_FMT("%e", "2.000000e+00", lv_value_int(2));
  CHECK_FMT("%e", "3.000000e+00", lv_value_uint(3));
  CHECK_FMT("%e", "NaN", lv_value_double(NAN));
  CHECK_FMT("%e", "Infinity", lv_value_double(INFINITY));
  CHECK_FMT("%e", "-Infinity", lv_value_double(-INFINITY));
  CHECK_FMT("%d", "NaN", lv_value_double(NAN));
  CHECK_FMT("%d", "Infinity", lv_value_double(INFINITY));
  CHECK_FMT("%d", "-Infinity", lv_value_double(-INFINITY));
  CHECK_FMT("%f", "NaN", lv_value_double(NAN));
  CHECK_FMT("%f", "Infinity", lv_value_double(INFINITY));
  CHECK_FMT("%f", "-Infinity", lv_value_double(-INFINITY));
  CHECK_FMT("%d", "64", lv_value_uint(64));
  CHECK_FMT("%s", "null", lv_value_null());
  CHECK_FMT("%s", "999999999999", lv_value_int(999999999999));
  CHECK_FMT("%s", "xyz", byt("xyz"));
  CHECK_FMT("%s", "string", typ(LV_STRING));
  CHECK_FMT("%s", "2023-02-03T23:31:20Z", TS_2023);
  CHECK_FMT("%s", "6347s", lv_value_duration(6347, 0));
  CHECK_FMT("%s", "[abc, 3.14, null, [9, 8, 7, 6], 2023-02-03T23:31:20Z]",
            LIST(str("abc"), lv_value_double(3.14), lv_value_null(),
                 LIST(lv_value_int(9), lv_value_int(8), lv_value_int(7), lv_value_int(6)), TS_2023));
  CHECK_FMT("%s", "{key1: xyz, key2: 7200s, key3: 2.71828, key4: true, key5: null}",
            MAP(str("key1"), byt("xyz"), str("key5"), lv_value_null(), str("key2"),
                lv_value_duration(7200, 0), str("key4"), lv_value_bool(true), str("key3"),
                lv_value_double(2.71828)));
  CHECK_FMT("%s", "{1: value1, 2: value2, true: NaN}",
            MAP(lv_value_int(1), str("value1"), lv_value_uint(2), str("value2"), lv_value_bool(true),
                lv_value_double(NAN)));
  CHECK_FMT("%s, %s", "true, false", lv_value_bool(true), lv_value_bool(false));
  CHECK_FMT("%s", "a string", str("a string"));
  CHECK_FMT("%s, %s", "32, 56.8", lv_value_int(32), lv_value_double(56.8));
  CHECK_FMT("%d", "128", lv_value_int(128));
  CHECK_FMT("%d", "256", lv_value_uint(256));
  CHECK_FMT("%x", "16", lv_value_int(22));
  CHECK_FMT("%X", "1A", lv_value_int(26));
  CHECK_FMT("%x", "1f4", lv_value_uint(500));
  CHECK_FMT("%.3f", "4.500", lv_value_double(4.5));
  CHECK_FMT("%e", "2.718280e+00", lv_value_double(2.71828));
  CHECK_FMT("%s", "[NaN, Infinity, -Infinity]",
            LIST(lv_value_double(NAN), lv_value_double(INFINITY), lv_value_double(-INFINITY)));
  CHECK_FMT("%s", "2009-11-10T23:00:00Z", TS_2009);
  CHECK_FMT("%s", "8747s", lv_value_duration(8747, 0));
  CHECK_FMT("%s", "[6, 4.2, a string]", LIST(lv_value_int(6), lv_value_double(4.2), str("a string")));
  CHECK_FMT("%s", "{6: 422s, strKey: x, true: 42}",
            MAP(str("strKey"), str("x"), lv_value_int(6), lv_value_duration(422, 0), lv_value_bool(true),
                lv_value_int(42)));
  CHECK_FMT("%b", "101", lv_value_int(5));
  /* %f rounding: half to even on the exact binary value */
  CHECK_FMT("%.0f", "123", lv_value_double(123.0));
  CHECK_FMT("%.0f", "4", lv_value_double(3.5001));
  CHECK_FMT("%.0f", "3", lv_value_double(3.4999));
  CHECK_FMT("%.0f", "2", lv_value_double(1.5));
  CHECK_FMT("%.0f", "2", lv_value_double(2.5));
  CHECK_FMT("%.3f", "123.500", lv_value_double(123.4999));
  CHECK_FMT("%.3f", "123.499", lv_value_double(123.4994));
  CHECK_FMT("%.3f", "-123.500", lv_value_double(-123.4999));
  CHECK_FMT("%.3f", "-123.499", lv_value_double(-123.4994));
  CHECK_FMT("%.5f", "-1.20000", lv_value_double(-1.2));
}

static void test_conformance_format_errors(void) {
  lv_schema msg_schema = {.name = "cel.expr.conformance.proto3.TestAllTypes"};
  const lv_schema *schemas[] = {&msg_schema};
  lv_rtinfo rt = {1, schemas};
  cx.rt = &rt;
  char msg_struct[16] = {0};
  lv_value msg = {LV_MSG, 0, {.p = msg_struct}};

  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%a",
                "could not parse formatting clause: unrecognized formatting clause \"a\"", lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INDEX, "%d %d %d", "index 2 out of range", lv_value_int(0), lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "string is %b",
                "error during formatting: only ints, uints, and bools can be formatted as binary, "
                "was given string",
                str("abc"));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%d",
                "error during formatting: decimal clause can only be used on ints, uints, and doubles, "
                "was given google.protobuf.Duration",
                lv_value_duration(1802, 0));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "octal: %o",
                "error during formatting: octal clause can only be used on ints and uints, was given string",
                str("a string"));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "double is %x",
                "error during formatting: only ints, uints, bytes, and strings can be formatted as hex, "
                "was given double",
                lv_value_double(0.5));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "double is %E",
                "could not parse formatting clause: unrecognized formatting clause \"E\"",
                lv_value_double(0.5));
#define STRING_CLAUSE                                                                              \
  "error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, " \
  "maps, lists, types, durations, and timestamps, was given "
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "object is %s", STRING_CLAUSE "cel.expr.conformance.proto3.TestAllTypes",
                msg);
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%s", STRING_CLAUSE "cel.expr.conformance.proto3.TestAllTypes",
                LIST(lv_value_int(1), lv_value_int(2), msg));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%s", STRING_CLAUSE "cel.expr.conformance.proto3.TestAllTypes",
                MAP(lv_value_int(1), str("a"), lv_value_int(2), msg));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %d",
                "error during formatting: decimal clause can only be used on ints, uints, and doubles, "
                "was given null_type",
                lv_value_null());
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %e",
                "error during formatting: scientific clause can only be used on ints, uints, and doubles, "
                "was given null_type",
                lv_value_null());
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %f",
                "error during formatting: fixed-point clause can only be used on ints, uints, and doubles, "
                "was given null_type",
                lv_value_null());
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %x",
                "error during formatting: only ints, uints, bytes, and strings can be formatted as hex, "
                "was given null_type",
                lv_value_null());
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %X",
                "error during formatting: only ints, uints, bytes, and strings can be formatted as hex, "
                "was given null_type",
                lv_value_null());
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %b",
                "error during formatting: only ints, uints, and bools can be formatted as binary, "
                "was given null_type",
                lv_value_null());
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "null: %o",
                "error during formatting: octal clause can only be used on ints and uints, was given null_type",
                lv_value_null());
  /* type names of every other kind, and of type values */
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%d",
                "error during formatting: decimal clause can only be used on ints, uints, and doubles, "
                "was given google.protobuf.Timestamp",
                TS_2009);
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%b",
                "error during formatting: only ints, uints, and bools can be formatted as binary, was given list",
                LIST(lv_value_int(1)));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%x",
                "error during formatting: only ints, uints, bytes, and strings can be formatted as hex, "
                "was given map",
                MAP(lv_value_int(1), lv_value_int(2)));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%f",
                "error during formatting: fixed-point clause can only be used on ints, uints, and doubles, "
                "was given bool",
                lv_value_bool(true));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%e",
                "error during formatting: scientific clause can only be used on ints, uints, and doubles, "
                "was given type",
                typ(LV_INT));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%o",
                "error during formatting: octal clause can only be used on ints and uints, was given bytes",
                byt("x"));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%o",
                "error during formatting: octal clause can only be used on ints and uints, was given double",
                lv_value_double(1));
  lv_value none = {LV_OPTIONAL, 0, {.p = NULL}};
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%s", STRING_CLAUSE "optional_type", none);
  /* a message type value prints its name */
  lv_value msg_type = {LV_TYPE, LV_MSG, {.i = 0}};
  CHECK_FMT("%s", "cel.expr.conformance.proto3.TestAllTypes", msg_type);
  cx.rt = NULL;
}

static void test_more_format(void) {
  const lv_err *e;
  /* the extension document's examples */
  CHECK_FMT("%s", "foo", str("foo"));
  CHECK_FMT("%s", "foo", byt("foo"));
  CHECK_FMT("%d", "1", lv_value_int(1));
  CHECK_FMT("%d", "1", lv_value_uint(1));
  CHECK_FMT("%d", "3.14", lv_value_double(3.14));
  CHECK_FMT("%f", "1.000000", lv_value_int(1));
  CHECK_FMT("%f", "1.000000", lv_value_uint(1));
  CHECK_FMT("%f", "3.140000", lv_value_double(3.14));
  CHECK_FMT("%.1f", "3.1", lv_value_double(3.14));
  CHECK_FMT("%e", "1.000000e+00", lv_value_int(1));
  CHECK_FMT("%e", "1.000000e+00", lv_value_uint(1));
  CHECK_FMT("%e", "3.140000e+00", lv_value_double(3.14));
  CHECK_FMT("%.1e", "3.1e+00", lv_value_double(3.14));
  CHECK_FMT("%.1e", "-3.1e+00", lv_value_double(-3.14));
  /* cel-go's examples */
  CHECK_FMT("this is a string: %s\nand an integer: %d", "this is a string: str\nand an integer: 42",
            str("str"), lv_value_int(42));
  CHECK_FMT("a double substituted with %%s: %s", "a double substituted with %s: 64.2", lv_value_double(64.2));
  CHECK_FMT("30 in octal: %o", "30 in octal: 36", lv_value_int(30));
  CHECK_FMT("a map inside a list: %s", "a map inside a list: [1, 2, 3, {a: x, b: y, c: z}]",
            LIST(lv_value_int(1), lv_value_int(2), lv_value_int(3),
                 MAP(str("a"), str("x"), str("c"), str("z"), str("b"), str("y"))));
  /* doubles under %s and %d: shortest digits, never an exponent */
  CHECK_FMT("%s", "100000000000000000000", lv_value_double(1e20));
  CHECK_FMT("%s", "0.0000001", lv_value_double(1e-7));
  CHECK_FMT("%s", "-0", lv_value_double(-0.0));
  CHECK_FMT("%s", "0", lv_value_double(0.0));
  CHECK_FMT("%s", "0.30000000000000004", lv_value_double(0.1 + 0.2));
  CHECK_FMT("%s", "1", lv_value_double(1.0));
  CHECK_FMT("%d", "-2.5", lv_value_double(-2.5));
  CHECK_FMT("%s", "123456789", lv_value_double(123456789.0));
  /* integers in every base */
  CHECK_FMT("%b %o %x %X %d", "-101 -10 -ff -FF -255", lv_value_int(-5), lv_value_int(-8),
            lv_value_int(-255), lv_value_int(-255), lv_value_int(-255));
  CHECK_FMT("%x", "-8000000000000000", lv_value_int(INT64_MIN));
  CHECK_FMT("%d", "-9223372036854775808", lv_value_int(INT64_MIN));
  CHECK_FMT("%b", "-1000000000000000000000000000000000000000000000000000000000000000", lv_value_int(INT64_MIN));
  CHECK_FMT("%x %o %d", "ffffffffffffffff 1777777777777777777777 18446744073709551615",
            lv_value_uint(UINT64_MAX), lv_value_uint(UINT64_MAX), lv_value_uint(UINT64_MAX));
  CHECK_FMT("%b %b %x %o", "0 0 0 0", lv_value_bool(false), lv_value_int(0), lv_value_int(0), lv_value_uint(0));
  CHECK_FMT("%x", "", str(""));
  CHECK_FMT("%x", "c3bf00ff", lv_value_bytes("\xc3\xbf\x00\xff", 4));
  /* %f and %e of large and tiny values, precision 0 and the maximum */
  CHECK_FMT("%.2f", "12345678901234567168.00", lv_value_uint(12345678901234567890ULL));
  CHECK_FMT("%e", "1.234568e+19", lv_value_uint(12345678901234567890ULL));
  CHECK_FMT("%.0e", "1e+100", lv_value_double(1e100));
  CHECK_FMT("%e", "1.000000e-300", lv_value_double(1e-300));
  CHECK_FMT("%f", "-0.000000", lv_value_double(-0.0));
  CHECK_FMT("%.0f", "-9223372036854775808", lv_value_int(INT64_MIN));
  {
    lv_value a[] = {lv_value_double(0.1)};
    const char *got = fmt_list("%.100f", a, 1, &e);
    CHECK(e == NULL && strlen(got) == 102);
    CHECK(strncmp(got, "0.1000000000000000055511151231257827021181583404541015625000", 60) == 0);
    a[0] = lv_value_double(-1.7976931348623157e308);
    got = fmt_list("%.100f", a, 1, &e);
    CHECK(e == NULL && strlen(got) == 1 + 309 + 1 + 100);
    CHECK(strncmp(got, "-17976931348623157081", 21) == 0);
  }
  /* precision is parsed for every clause and ignored where it means nothing */
  CHECK_FMT("%.2s|%.9d|%.0x", "abc|7|ff", str("abc"), lv_value_int(7), lv_value_int(255));
  CHECK_FMT("%.00003f", "1.000", lv_value_double(1));
  /* timestamps: RFC 3339 in UTC, fraction without trailing zeros (Go's RFC3339Nano) */
  CHECK_FMT("%s", "2009-11-10T23:00:00.5Z", lv_value_timestamp(1257894000, 500000000));
  CHECK_FMT("%s", "2009-11-10T23:00:00.123456789Z", lv_value_timestamp(1257894000, 123456789));
  CHECK_FMT("%s", "2009-11-10T23:00:00.00000001Z", lv_value_timestamp(1257894000, 10));
  CHECK_FMT("%s", "2009-11-10T23:00:00.00012Z", lv_value_timestamp(1257894000, 120000));
  CHECK_FMT("%s", "0001-01-01T00:00:00Z", lv_value_timestamp(-62135596800, 0));
  CHECK_FMT("%s", "9999-12-31T23:59:59.999999999Z", lv_value_timestamp(253402300799, 999999999));
  CHECK_FMT("%s", "1970-01-01T00:00:00Z", lv_value_timestamp(0, 0));
  /* durations: seconds as a double */
  CHECK_FMT("%s", "1.5s", lv_value_duration(1, 500000000));
  CHECK_FMT("%s", "-1.5s", lv_value_duration(-1, -500000000));
  CHECK_FMT("%s", "0.000000001s", lv_value_duration(0, 1));
  CHECK_FMT("%s", "-0.000000001s", lv_value_duration(0, -1));
  CHECK_FMT("%s", "0s", lv_value_duration(0, 0));
  CHECK_FMT("%s", "315576000000s", lv_value_duration(315576000000, 0));
  /* type values */
  CHECK_FMT("%s %s %s %s %s %s", "int type list map null_type google.protobuf.Timestamp", typ(LV_INT),
            typ(LV_TYPE), typ(LV_LIST), typ(LV_MAP), typ(LV_NULL), typ(LV_TIMESTAMP));
  CHECK_FMT("%s %s %s %s %s", "uint double bool bytes google.protobuf.Duration", typ(LV_UINT),
            typ(LV_DOUBLE), typ(LV_BOOL), typ(LV_BYTES), typ(LV_DURATION));
  /* bytes under %s: each run of invalid UTF-8 becomes one U+FFFD */
  CHECK_FMT("%s", "a\xEF\xBF\xBD" "b", byt("a\xff\xfe" "b"));
  CHECK_FMT("%s", "\xEF\xBF\xBD", byt("\xff"));
  CHECK_FMT("%s", "\xEF\xBF\xBDx", byt("\xe2\x82x"));
  CHECK_FMT("%s", "\xEF\xBF\xBD\xE2\x82\xAC\xEF\xBF\xBD", byt("\xc0\xaf\xe2\x82\xac\xed\xa0\x80"));
  CHECK_FMT("%s", "\xEF\xBF\xBD\xEF\xBF\xBD", byt("\xff\xEF\xBF\xBD")); /* a real U+FFFD stays */
  CHECK_FMT("%s", "[\xEF\xBF\xBD]", LIST(byt("\x80\x80")));
  CHECK_FMT("%s", "", lv_value_bytes("", 0));
  CHECK_FMT("%s", "a\x01" "b", lv_value_bytes("a\x01" "b", 3));
  /* containers */
  CHECK_FMT("%s", "[]", LIST0());
  CHECK_FMT("%s", "{}", MAP0());
  CHECK_FMT("%s", "{a: 2, b: 1, c: [1, {y: 2, z: 1}]}",
            MAP(str("b"), lv_value_int(1), str("a"), lv_value_int(2), str("c"),
                LIST(lv_value_int(1), MAP(str("z"), lv_value_int(1), str("y"), lv_value_int(2)))));
  /* keys sort by their formatted text, byte-wise */
  CHECK_FMT("%s", "{-1: z, 10: x, 9: y}",
            MAP(lv_value_int(10), str("x"), lv_value_int(9), str("y"), lv_value_int(-1), str("z")));
  CHECK_FMT("%s", "{1: a, 1: b}", MAP(lv_value_uint(1), str("a"), lv_value_int(1), str("b")));
  CHECK_FMT("%s", "{1: b, 1: a}", MAP(lv_value_int(1), str("b"), lv_value_uint(1), str("a")));
  CHECK_FMT("%s", "[[[]], [1u]]", LIST(LIST(LIST0()), LIST(str("1u"))));
  CHECK_FMT("%s", "[1.5, 2e-7]", LIST(lv_value_double(1.5), str("2e-7")));
  CHECK_FMT("%s", "[0.0000002, 20000000]", LIST(lv_value_double(2e-7), lv_value_double(2e7)));
  /* literal text around clauses, UTF-8 and NUL in the format string */
  CHECK_FMT("π=%.2f€", "π=3.14€", lv_value_double(3.14159));
  {
    lv_value a[] = {str("x")};
    lv_list l = {1, a};
    const char *p;
    size_t n;
    e = lv_string_format(&cx, &p, &n, "a\0%s", 4, &l);
    CHECK(e == NULL && n == 3 && memcmp(p, "a\0x", 3) == 0);
    e = lv_string_format(&cx, &p, &n, "", 0, NULL);
    CHECK(e == NULL && n == 0);
    e = lv_string_format(&cx, &p, &n, NULL, 0, NULL);
    CHECK(e == NULL && n == 0 && p && p[0] == 0);
    e = lv_string_quote(&cx, &p, &n, NULL, 0);
    CHECK(e == NULL && n == 2 && memcmp(p, "\"\"", 2) == 0);
    lv_value nulls[] = {lv_value_string(NULL, 0), lv_value_bytes(NULL, 0)};
    e = lv_string_format(&cx, &p, &n, "[%s%s%x%X]", 10, &(lv_list){2, (lv_value[]){nulls[0], nulls[1]}});
    CHECK(e && e->code == LV_E_INDEX);
    e = lv_string_format(&cx, &p, &n, "[%s%x]", 6, &(lv_list){2, nulls});
    CHECK(e == NULL && n == 2 && memcmp(p, "[]", 2) == 0);
    e = lv_string_format(&cx, &p, &n, "%s", 2, NULL);
    CHECK(e && e->code == LV_E_INDEX && strcmp(e->msg, "index 0 out of range") == 0);
  }
  /* extra arguments are allowed at run time */
  CHECK_FMT("%s", "a", str("a"), str("b"));
}

static void test_format_errors(void) {
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "abc %", "unexpected end of string", lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INDEX, "abc %", "index 0 out of range");
  CHECK_FMT_ERR(LV_E_INDEX, "%s %s", "index 1 out of range", lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.3",
                "could not parse formatting clause: error while parsing precision: "
                "could not find end of precision specifier",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.",
                "could not parse formatting clause: error while parsing precision: "
                "could not find end of precision specifier",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.f",
                "could not parse formatting clause: error while parsing precision: no digits after '.'",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.101f",
                "could not parse formatting clause: error while parsing precision: "
                "precision 101 exceeds maximum allowed precision 100",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.99999999999999999999999999f",
                "could not parse formatting clause: error while parsing precision: "
                "precision 999999999999999999999999 exceeds maximum allowed precision 100",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.-1f",
                "could not parse formatting clause: error while parsing precision: no digits after '.'",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%.2%", "could not parse formatting clause: unrecognized formatting clause \"%\"",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%é", "could not parse formatting clause: unrecognized formatting clause \"é\"",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "% d", "could not parse formatting clause: unrecognized formatting clause \" \"",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%5d", "could not parse formatting clause: unrecognized formatting clause \"5\"",
                lv_value_int(1));
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%\xff", "could not parse formatting clause: unrecognized formatting clause \"\\xff\"",
                lv_value_int(1));
  /* the first bad clause decides, even after good output */
  CHECK_FMT_ERR(LV_E_INVALID_ARG, "%s %d",
                "error during formatting: decimal clause can only be used on ints, uints, and doubles, "
                "was given string",
                str("ok"), str("bad"));
  /* nesting has a limit instead of a stack overflow */
  lv_value v = lv_value_int(1);
  for (int i = 0; i < 300; i++) v = list_of(&v, 1);
  CHECK_FMT_ERR(LV_E_RESOURCE, "%s", "error during formatting: value nested deeper than 200", v);
  v = lv_value_int(1);
  for (int i = 0; i < 150; i++) v = list_of(&v, 1);
  {
    lv_value a[] = {v};
    const lv_err *e;
    const char *got = fmt_list("%s", a, 1, &e);
    CHECK(e == NULL && strlen(got) == 301 && got[150] == '1');
  }
}

static void test_format_limits(void) {
  lv_arena small;
  lv_arena_init(&small, 1024, 64 * 1024);
  lv_ctx scx = {&small, NULL, NULL, NULL};
  static char big[40000];
  memset(big, 'z', sizeof big);
  lv_value a[] = {lv_value_string(big, sizeof big)};
  lv_list l = {1, a};
  const char *p;
  size_t n;
  const lv_err *e = lv_string_format(&scx, &p, &n, S("%s"), &l);
  CHECK(e == NULL && n == sizeof big);
  e = lv_string_format(&scx, &p, &n, S("%x"), &l); /* 80 KB */
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_reset(&small);
  e = lv_string_format(&scx, &p, &n, S("%s%s"), &(lv_list){2, (lv_value[]){a[0], a[0]}});
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_reset(&small);
  e = lv_string_quote(&scx, &p, &n, big, sizeof big);
  CHECK(e == NULL && n == sizeof big + 2);
  e = lv_string_quote(&scx, &p, &n, big, sizeof big);
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_free(&small);
  /* the 2 GiB cap is checked before memory is touched */
  lv_value huge[] = {lv_value_bytes(big, (uint32_t)(LV_STRING_RESULT_MAX / 2 + 1))};
  e = lv_string_format(&cx, &p, &n, S("%x"), &(lv_list){1, huge});
  CHECK(e && e->code == LV_E_RESOURCE && strstr(e->msg, "too long"));
}

#define CHECK_QUOTE(in, want)                                                 \
  do {                                                                        \
    const char *p_ = NULL;                                                    \
    size_t n_ = 0;                                                            \
    const lv_err *e_ = lv_string_quote(&cx, &p_, &n_, S(in));                 \
    CHECK(e_ == NULL);                                                        \
    if (!e_) CHECK_SPAN(p_, n_, want);                                        \
  } while (0)

static void test_quote(void) {
  CHECK_QUOTE("first\nsecond", "\"first\\nsecond\"");
  CHECK_QUOTE("bell\a", "\"bell\\a\"");
  CHECK_QUOTE("\bbackspace", "\"\\bbackspace\"");
  CHECK_QUOTE("\fform feed", "\"\\fform feed\"");
  CHECK_QUOTE("carriage \r return", "\"carriage \\r return\"");
  CHECK_QUOTE("horizontal tab\t", "\"horizontal tab\\t\"");
  CHECK_QUOTE("vertical \v tab", "\"vertical \\v tab\"");
  CHECK_QUOTE("double \\\\ slash", "\"double \\\\\\\\ slash\"");
  CHECK_QUOTE("two escape sequences \\a\\n", "\"two escape sequences \\\\a\\\\n\"");
  CHECK_QUOTE("verbatim", "\"verbatim\"");
  CHECK_QUOTE("ends with \\", "\"ends with \\\\\"");
  CHECK_QUOTE("\\ starts with", "\"\\\\ starts with\"");
  CHECK_QUOTE("printable unicode😀", "\"printable unicode😀\"");
  CHECK_QUOTE("mid string \" quote", "\"mid string \\\" quote\"");
  CHECK_QUOTE("single-quote with \"double quote\"", "\"single-quote with \\\"double quote\\\"\"");
  CHECK_QUOTE("size('ÿ')", "\"size('ÿ')\"");
  CHECK_QUOTE("size('πέντε')", "\"size('πέντε')\"");
  CHECK_QUOTE("завтра", "\"завтра\"");
  CHECK_QUOTE("\U0001F431\U0001F600\U0001F61B", "\"🐱😀😛\"");
  CHECK_QUOTE("ta©o©αT", "\"ta©o©αT\"");
  CHECK_QUOTE("", "\"\"");
  /* other control characters pass through, as cel-go; bad bytes become U+FFFD */
  CHECK_QUOTE("a\x01z", "\"a\x01z\"");
  CHECK_QUOTE("x\xff\xfey", "\"x\xEF\xBF\xBD\xEF\xBF\xBDy\"");
  CHECK_QUOTE("'", "\"'\"");
}

int main(void) {
  lv_arena_init(&arena, 0, (size_t)64 << 20);
  cx.arena = &arena;
  test_conformance_format();
  test_conformance_format_errors();
  test_more_format();
  test_format_errors();
  test_format_limits();
  test_quote();
  lv_arena_free(&arena);
  return check_done();
}
