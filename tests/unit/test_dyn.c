/* Dynamic dispatch on boxed operands: arithmetic, negation, indexing, field
 * selection, has(), in, size(), type() and conversions. Cases reproduce the
 * CEL conformance files integer_math, fp_math, lists, fields (maps) and
 * conversions (the parts without protobuf messages). */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>

#include "check.h"
#include "lv_values.h"

static lv_arena arena;
static lv_ctx cx;
static lv_value out;
static const lv_err *err;

static lv_value I(int64_t i) { return lv_value_int(i); }
static lv_value U(uint64_t u) { return lv_value_uint(u); }
static lv_value D(double d) { return lv_value_double(d); }
static lv_value S(const char *s) { return lv_value_string(s, strlen(s)); }
static lv_value BY(const char *s, size_t n) { return lv_value_bytes(s, n); }
static lv_value BO(bool b) { return lv_value_bool(b); }
static lv_value NUL(void) { return lv_value_null(); }
static lv_value TS(int64_t s, int32_t n) { return lv_value_timestamp(s, n); }
static lv_value DU(int64_t s, int32_t n) { return lv_value_duration(s, n); }

static lv_value L(uint32_t n, ...) {
  lv_list *l = lv_list_new(&cx, n);
  va_list ap;
  va_start(ap, n);
  for (uint32_t i = 0; i < n; i++) ((lv_value *)l->items)[i] = va_arg(ap, lv_value);
  va_end(ap);
  return lv_value_list(l);
}

static lv_value M(uint32_t n, ...) {
  lv_value k[16], v[16];
  va_list ap;
  va_start(ap, n);
  for (uint32_t i = 0; i < n; i++) {
    k[i] = va_arg(ap, lv_value);
    v[i] = va_arg(ap, lv_value);
  }
  va_end(ap);
  const lv_map *m = NULL;
  CHECK(lv_map_new(&cx, &m, k, v, n) == NULL);
  return lv_value_map(m);
}

/* Each operation stores its result in `out` and returns the error code
 * (0 = success); `err` keeps the error for message checks. */
static int code(const lv_err *e) {
  err = e;
  return e ? (int)e->code : 0;
}
static int arith(int op, lv_value a, lv_value b) { return code(lv_dyn_arith(&cx, &out, op, &a, &b)); }
static int neg(lv_value a) { return code(lv_dyn_negate(&cx, &out, &a)); }
static int idx(lv_value a, lv_value k) { return code(lv_dyn_index(&cx, &out, &a, &k)); }
static int sel(lv_value a, const char *f) { return code(lv_dyn_select(&cx, &out, &a, f, strlen(f))); }
static int conv(int target, lv_value a) { return code(lv_dyn_convert(&cx, &out, target, &a)); }
static bool has_r;
static int has(lv_value a, const char *f) { return code(lv_dyn_has(&cx, &has_r, &a, f, strlen(f))); }
static bool in_r;
static int in(lv_value e, lv_value c) { return code(lv_dyn_in(&cx, &in_r, &e, &c)); }
static int64_t size_r;
static int size(lv_value a) { return code(lv_dyn_size(&cx, &size_r, &a)); }

/* Same type and CEL-equal. */
static bool is(lv_value want) { return out.tag == want.tag && lv_value_equal(&cx, &out, &want); }
static const char *msg(void) { return err ? err->msg : "(no error)"; }

/* message Reading { device: string, temp: double, humidity: double? } */
typedef struct {
  uint64_t present[1];
  lv_str device;
  double temp;
  double humidity;
} reading_t;
static lv_field reading_fields[] = {
    {.name = "device", .json_name = "device", .json_len = 6, .type = {LV_K_STRING, NULL, NULL},
     .offset = offsetof(reading_t, device), .index = 0},
    {.name = "temp", .json_name = "temp", .json_len = 4, .type = {LV_K_DOUBLE, NULL, NULL},
     .offset = offsetof(reading_t, temp), .index = 1},
    {.name = "humidity", .json_name = "humidity", .json_len = 8, .type = {LV_K_DOUBLE, NULL, NULL},
     .offset = offsetof(reading_t, humidity), .index = 2, .optional = true},
};
static lv_schema reading_schema = {.name = "acme.Reading", .index = 0, .size = sizeof(reading_t),
                                   .nfields = 3, .fields = reading_fields};
static const lv_schema *schemas[] = {&reading_schema};
static const lv_rtinfo rt = {1, schemas};

static void test_int_math(void) {
  /* integer_math.textproto int64_math */
  CHECK_INT(arith('+', I(40), I(2)), 0);
  CHECK(is(I(42)));
  CHECK_INT(arith('+', I(42), I(-7)), 0);
  CHECK(is(I(35)));
  CHECK_INT(arith('+', I(-4), I(-2)), 0);
  CHECK(is(I(-6)));
  CHECK_INT(arith('-', I(42), I(12)), 0);
  CHECK(is(I(30)));
  CHECK_INT(arith('-', I(42), I(-22)), 0);
  CHECK(is(I(64)));
  CHECK_INT(arith('-', I(-42), I(-12)), 0);
  CHECK(is(I(-30)));
  CHECK_INT(arith('*', I(42), I(2)), 0);
  CHECK(is(I(84)));
  CHECK_INT(arith('*', I(40), I(-2)), 0);
  CHECK(is(I(-80)));
  CHECK_INT(arith('*', I(-30), I(-2)), 0);
  CHECK(is(I(60)));
  CHECK_INT(arith('/', I(42), I(2)), 0);
  CHECK(is(I(21)));
  CHECK_INT(arith('/', I(-20), I(2)), 0);
  CHECK(is(I(-10)));
  CHECK_INT(arith('/', I(-80), I(-2)), 0);
  CHECK(is(I(40)));
  CHECK_INT(arith('/', I(7), I(-2)), 0); /* truncation toward zero */
  CHECK(is(I(-3)));
  CHECK_INT(arith('%', I(47), I(5)), 0);
  CHECK(is(I(2)));
  CHECK_INT(arith('%', I(43), I(-5)), 0);
  CHECK(is(I(3)));
  CHECK_INT(arith('%', I(-42), I(-5)), 0);
  CHECK(is(I(-2)));
  CHECK_INT(arith('%', I(-3), I(5)), 0);
  CHECK(is(I(-3)));
  CHECK_INT(neg(I(42)), 0);
  CHECK(is(I(-42)));
  CHECK_INT(neg(I(-42)), 0);
  CHECK(is(I(42)));
  CHECK_INT(neg(U(42)), LV_E_NO_OVERLOAD); /* unary_minus_no_overload */
  CHECK_STR(msg(), "found no matching overload for '-_' applied to '(uint)'");
  CHECK_INT(neg(BO(false)), LV_E_NO_OVERLOAD); /* unary_minus_not_bool */
  CHECK_INT(arith('%', I(34), I(0)), LV_E_DIV_ZERO); /* mod_zero */
  CHECK_STR(msg(), "modulus by zero");
  CHECK_INT(neg(I(0)), 0);
  CHECK(is(I(0)));
  CHECK_INT(arith('/', I(15), I(0)), LV_E_DIV_ZERO); /* divide_zero */
  CHECK_STR(msg(), "division by zero");
  CHECK_INT(arith('*', I(15), I(0)), 0);
  CHECK(is(I(0)));
  CHECK_INT(arith('+', I(0), I(17)), 0);
  CHECK(is(I(17)));
  CHECK_INT(arith('*', I(-25), I(1)), 0);
  CHECK(is(I(-25)));
  CHECK_INT(arith('+', I(INT64_MAX), I(1)), LV_E_OVERFLOW);     /* int64_overflow_positive */
  CHECK_STR(msg(), "integer overflow");
  CHECK_INT(arith('-', I(INT64_MIN), I(1)), LV_E_OVERFLOW);     /* int64_overflow_negative */
  CHECK_INT(arith('+', I(INT64_MIN), I(-1)), LV_E_OVERFLOW);    /* int64_overflow_add_negative */
  CHECK_INT(arith('-', I(1), I(-INT64_MAX)), LV_E_OVERFLOW);    /* int64_overflow_sub_positive */
  CHECK_INT(neg(I(INT64_MIN)), LV_E_OVERFLOW);                  /* int64_min_negate */
  CHECK_INT(arith('*', I(INT64_MIN), I(-1)), LV_E_OVERFLOW);    /* int64_min_negate_mul */
  CHECK_INT(arith('/', I(INT64_MIN), I(-1)), LV_E_OVERFLOW);    /* int64_min_negate_div */
  CHECK_INT(arith('%', I(INT64_MIN), I(-1)), LV_E_OVERFLOW);    /* as cel-go */
  CHECK_INT(arith('*', I(5000000000), I(5000000000)), LV_E_OVERFLOW);
  CHECK_INT(arith('*', I(-5000000000), I(5000000000)), LV_E_OVERFLOW);
  CHECK_INT(arith('+', I(INT64_MAX), I(0)), 0);
  CHECK(is(I(INT64_MAX)));
  CHECK_INT(arith('-', I(-1), I(INT64_MAX)), 0);
  CHECK(is(I(INT64_MIN)));
  CHECK_INT(arith('/', I(INT64_MIN), I(1)), 0);
  CHECK(is(I(INT64_MIN)));
  /* uint64_math */
  CHECK_INT(arith('+', U(42), U(2)), 0);
  CHECK(is(U(44)));
  CHECK_INT(arith('-', U(42), U(12)), 0);
  CHECK(is(U(30)));
  CHECK_INT(arith('*', U(40), U(2)), 0);
  CHECK(is(U(80)));
  CHECK_INT(arith('/', U(60), U(2)), 0);
  CHECK(is(U(30)));
  CHECK_INT(arith('%', U(42), U(5)), 0);
  CHECK(is(U(2)));
  CHECK_INT(neg(U(5)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('%', U(34), U(0)), LV_E_DIV_ZERO);
  CHECK_STR(msg(), "modulus by zero");
  CHECK_INT(arith('/', U(15), U(0)), LV_E_DIV_ZERO);
  CHECK_INT(arith('*', U(15), U(0)), 0);
  CHECK(is(U(0)));
  CHECK_INT(arith('+', U(UINT64_MAX), U(1)), LV_E_OVERFLOW);   /* uint64_overflow_positive */
  CHECK_INT(arith('-', U(0), U(1)), LV_E_OVERFLOW);            /* uint64_overflow_negative */
  CHECK_INT(arith('*', U(5000000000), U(5000000000)), LV_E_OVERFLOW);
  CHECK_INT(arith('+', U(UINT64_MAX - 1), U(1)), 0);
  CHECK(is(U(UINT64_MAX)));
  /* No mixed-type arithmetic: 1 + 1u fails to dispatch. */
  CHECK_INT(arith('+', I(1), U(1)), LV_E_NO_OVERLOAD);
  CHECK_STR(msg(), "found no matching overload for '_+_' applied to '(int, uint)'");
  CHECK_INT(arith('*', D(1.0), I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('+', BO(true), BO(true)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('+', NUL(), NUL()), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('^', I(1), I(1)), LV_E_NO_OVERLOAD);
}

static void test_fp_math(void) {
  CHECK_INT(arith('+', D(4.25), D(15.25)), 0);
  CHECK(is(D(19.5)));
  CHECK_INT(arith('+', D(17.75), D(-7.75)), 0);
  CHECK(is(D(10)));
  CHECK_INT(arith('+', D(-4.125), D(-2.125)), 0);
  CHECK(is(D(-6.25)));
  CHECK_INT(arith('-', D(42.0), D(12.0)), 0);
  CHECK(is(D(30)));
  CHECK_INT(arith('-', D(42.875), D(-22.0)), 0);
  CHECK(is(D(64.875)));
  CHECK_INT(arith('-', D(-4.875), D(-0.125)), 0);
  CHECK(is(D(-4.75)));
  CHECK_INT(arith('*', D(42.5), D(0.2)), 0);
  CHECK(is(D(8.5)));
  CHECK_INT(arith('*', D(40.75), D(-2.25)), 0);
  CHECK(is(D(-91.6875)));
  CHECK_INT(arith('*', D(-3.0), D(-2.5)), 0);
  CHECK(is(D(7.5)));
  CHECK_INT(arith('/', D(0.0625), D(0.002)), 0);
  CHECK(is(D(31.25)));
  CHECK_INT(arith('/', D(-2.0), D(2.0)), 0);
  CHECK(is(D(-1)));
  CHECK_INT(arith('/', D(-8.875), D(-0.0625)), 0);
  CHECK(is(D(142)));
  CHECK_INT(arith('%', D(47.5), D(5.5)), LV_E_NO_OVERLOAD); /* mod_not_support */
  CHECK_STR(msg(), "found no matching overload for '_%_' applied to '(double, double)'");
  CHECK_INT(neg(D(4.5)), 0);
  CHECK(is(D(-4.5)));
  CHECK_INT(neg(D(-1.25)), 0);
  CHECK(is(D(1.25)));
  CHECK_INT(neg(D(0.0)), 0); /* negative_zero */
  CHECK(out.tag == LV_DOUBLE && out.v.d == 0 && signbit(out.v.d));
  CHECK_INT(arith('/', D(15.75), D(0.0)), 0); /* divide_zero */
  CHECK(out.tag == LV_DOUBLE && isinf(out.v.d) && out.v.d > 0);
  CHECK_INT(arith('/', D(0.0), D(0.0)), 0);
  CHECK(out.tag == LV_DOUBLE && isnan(out.v.d));
  CHECK_INT(arith('*', D(15.36), D(0.0)), 0);
  CHECK(is(D(0)));
  CHECK_INT(arith('+', D(0.0), D(1.75)), 0);
  CHECK(is(D(1.75)));
  CHECK_INT(arith('*', D(-25.25), D(1.0)), 0);
  CHECK(is(D(-25.25)));
  CHECK_INT(arith('*', D(2.0), D(8.988466e+307)), 0); /* fp_overflow_positive */
  CHECK(isinf(out.v.d) && out.v.d > 0);
  CHECK_INT(arith('*', D(2.0), D(-8.988466e+307)), 0);
  CHECK(isinf(out.v.d) && out.v.d < 0);
  CHECK_INT(arith('/', D(5e-324), D(2.0)), 0); /* fp_underflow: the least subnormal halved */
  CHECK(is(D(0)));
}

static void test_concat(void) {
  CHECK_INT(arith('+', S("Hello, "), S("world!")), 0);
  CHECK(is(S("Hello, world!")));
  CHECK_INT(arith('+', S(""), S("")), 0);
  CHECK(is(S("")));
  CHECK_INT(arith('+', BY("a\0", 2), BY("\xff", 1)), 0);
  CHECK(is(BY("a\0\xff", 3)));
  CHECK_INT(arith('+', S("a"), BY("b", 1)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('-', S("a"), S("b")), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('*', BY("a", 1), BY("b", 1)), LV_E_NO_OVERLOAD);
  /* lists.textproto concatenation */
  CHECK_INT(arith('+', L(3, I(0), I(1), I(2)), L(3, I(3), I(4), I(5))), 0);
  CHECK(is(L(6, I(0), I(1), I(2), I(3), I(4), I(5))));
  CHECK(!is(L(6, I(3), I(4), I(5), I(0), I(1), I(2))));
  CHECK_INT(arith('+', L(1, I(2)), L(1, I(2))), 0);
  CHECK(is(L(2, I(2), I(2))));
  CHECK_INT(arith('+', L(0), L(0)), 0);
  CHECK(is(L(0)));
  CHECK_INT(arith('+', L(0), L(2, I(3), I(4))), 0);
  CHECK(is(L(2, I(3), I(4))));
  CHECK_INT(arith('+', L(2, I(1), I(2)), L(0)), 0);
  CHECK(is(L(2, I(1), I(2))));
  CHECK_INT(arith('+', L(1, I(1)), L(2, S("a"), NUL())), 0); /* heterogeneous at run time */
  CHECK(is(L(3, I(1), S("a"), NUL())));
  CHECK_INT(arith('-', L(1, I(1)), L(1, I(1))), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('+', L(1, I(1)), I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('+', M(0), M(0)), LV_E_NO_OVERLOAD);
}

static void test_time_math(void) {
  /* 2009-02-13T23:31:30Z = 1234567890 */
  CHECK_INT(arith('+', TS(1234567890, 0), DU(86400, 0)), 0);
  CHECK(is(TS(1234654290, 0)));
  CHECK_INT(arith('+', DU(1, 500000000), TS(1234567890, 600000000)), 0);
  CHECK(is(TS(1234567892, 100000000)));
  CHECK_INT(arith('+', DU(60, 0), DU(1, 0)), 0); /* duration('1m') + duration('1s') */
  CHECK(is(DU(61, 0)));
  CHECK_INT(arith('-', DU(60, 0), DU(1, 0)), 0);
  CHECK(is(DU(59, 0)));
  CHECK_INT(arith('-', TS(1673352000, 0), TS(1673308800, 0)), 0); /* 12h */
  CHECK(is(DU(43200, 0)));
  CHECK_INT(arith('-', TS(0, 0), TS(1, 500000000)), 0);
  CHECK(is(DU(-1, -500000000)));
  CHECK_INT(arith('-', TS(10, 0), DU(0, 1)), 0);
  CHECK(is(TS(9, 999999999)));
  /* Range errors come from lv_time. */
  CHECK_INT(arith('+', TS(LV_TIMESTAMP_MAX_SEC, 0), DU(1, 0)), LV_E_RANGE);
  CHECK_INT(arith('-', TS(LV_TIMESTAMP_MIN_SEC, 0), DU(1, 0)), LV_E_RANGE);
  CHECK_INT(arith('+', DU(LV_DURATION_MAX_SEC, 0), DU(1, 0)), LV_E_RANGE);
  /* No overloads. */
  CHECK_INT(arith('+', TS(0, 0), TS(0, 0)), LV_E_NO_OVERLOAD);
  CHECK_STR(msg(), "found no matching overload for '_+_' applied to "
                   "'(google.protobuf.Timestamp, google.protobuf.Timestamp)'");
  CHECK_INT(arith('-', DU(1, 0), TS(0, 0)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('*', DU(1, 0), DU(2, 0)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('+', TS(0, 0), I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(arith('+', I(1), DU(1, 0)), LV_E_NO_OVERLOAD);
  CHECK_INT(neg(DU(1, 500000000)), 0);
  CHECK(is(DU(-1, -500000000)));
  CHECK_INT(neg(TS(1, 0)), LV_E_NO_OVERLOAD);
}

static void test_index(void) {
  /* lists.textproto index */
  CHECK_INT(idx(L(3, I(7), I(8), I(9)), I(0)), 0);
  CHECK(is(I(7)));
  CHECK_INT(idx(L(3, I(7), I(8), I(9)), D(0.0)), 0); /* zero_based_double */
  CHECK(is(I(7)));
  CHECK_INT(idx(L(3, I(7), I(8), I(9)), D(0.1)), LV_E_INVALID_ARG); /* zero_based_double_error */
  CHECK_STR(msg(), "unsupported index value 0.1 in list");
  CHECK_INT(idx(L(3, I(7), I(8), I(9)), U(0)), 0); /* zero_based_uint */
  CHECK(is(I(7)));
  CHECK_INT(idx(L(1, S("foo")), I(0)), 0);
  CHECK(is(S("foo")));
  CHECK_INT(idx(L(8, I(0), I(1), I(1), I(2), I(3), I(5), I(8), I(13)), I(4)), 0);
  CHECK(is(I(3)));
  CHECK_INT(idx(L(4, S("George"), S("John"), S("Paul"), S("Ringo")), I(3)), 0);
  CHECK(is(S("Ringo")));
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), I(3)), LV_E_INDEX); /* index_out_of_bounds */
  CHECK_STR(msg(), "index out of range: 3 (list size 3)");
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), I(-1)), LV_E_INDEX);
  CHECK_STR(msg(), "index out of range: -1 (list size 3)");
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), U(UINT64_MAX)), LV_E_INDEX);
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), D(2.0)), 0);
  CHECK(is(I(3)));
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), D(-1.0)), LV_E_INDEX);
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), D(NAN)), LV_E_INVALID_ARG);
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), D(1e30)), LV_E_INVALID_ARG);
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), S("")), LV_E_INVALID_ARG); /* bad_index_type */
  CHECK_STR(msg(), "unsupported index type 'string' in list");
  CHECK_INT(idx(L(3, I(1), I(2), I(3)), NUL()), LV_E_INVALID_ARG);
  CHECK_INT(idx(lv_value_list(NULL), I(0)), LV_E_INDEX);
  /* fields.textproto map_fields */
  CHECK_INT(idx(M(3, I(0), I(1), I(2), I(2), I(5), BO(true)), I(5)), 0);
  CHECK(is(BO(true)));
  CHECK_INT(idx(M(3, U(0), U(1), U(2), S("happy"), U(5), U(3)), U(2)), 0);
  CHECK(is(S("happy")));
  CHECK_INT(idx(M(1, S("name"), U(100)), S("name")), 0);
  CHECK(is(U(100)));
  CHECK_INT(idx(M(1, BO(true), I(5)), BO(true)), 0);
  CHECK(is(I(5)));
  CHECK_INT(idx(M(3, BO(true), I(1), I(2), I(2), U(5), I(3)), BO(true)), 0);
  CHECK(is(I(1)));
  lv_value nums = M(3, U(1), D(1.0), I(2), D(2.0), U(3), D(3.0));
  CHECK_INT(idx(nums, D(3.0)), 0);
  CHECK(is(D(3.0)));
  CHECK_INT(idx(nums, D(3.1)), LV_E_NO_SUCH_KEY); /* map_key_mixed_numbers_lossy_double_key */
  CHECK_STR(msg(), "no such key: 3.1");
  CHECK_INT(idx(nums, U(2)), 0);
  CHECK(is(D(2.0)));
  CHECK_INT(idx(nums, I(1)), 0);
  CHECK(is(D(1.0)));
  CHECK_INT(idx(M(3, I(0), I(1), I(2), I(2), I(5), I(3)), I(1)), LV_E_NO_SUCH_KEY); /* map_no_such_key */
  CHECK_STR(msg(), "no such key: 1");
  CHECK_INT(idx(M(3, I(0), I(1), I(2), I(2), I(5), I(3)), BY("", 0)), LV_E_NO_SUCH_KEY); /* map_bad_key_type */
  CHECK_STR(msg(), "no such key: b\"\"");
  CHECK_INT(idx(M(1, S("a"), I(1)), S("b\n")), LV_E_NO_SUCH_KEY);
  CHECK_STR(msg(), "no such key: \"b\\n\"");
  /* A long key is cut short in the message, never mid-character. */
  char longkey[200];
  memset(longkey, 'x', sizeof longkey - 1);
  memcpy(longkey + 62, "\xc3\xa9", 2); /* é straddles the 64-byte cut */
  longkey[199] = 0;
  CHECK_INT(idx(M(0), S(longkey)), LV_E_NO_SUCH_KEY);
  char want[100] = "no such key: \"";
  memset(want + 14, 'x', 62); /* 1 quote + 62 x = 63 bytes; the 64th would split the é */
  strcpy(want + 76, "...");
  CHECK_STR(msg(), want);
  CHECK_INT(idx(I(1), I(0)), LV_E_NO_OVERLOAD);
  CHECK_STR(msg(), "found no matching overload for '_[_]' applied to '(int, int)'");
  CHECK_INT(idx(S("abc"), I(0)), LV_E_NO_OVERLOAD);
}

static void test_select_has(void) {
  /* fields.textproto map_field_access */
  lv_value m = M(2, S("name"), I(1024), I(1), S("one"));
  CHECK_INT(sel(m, "name"), 0);
  CHECK(is(I(1024)));
  CHECK_INT(sel(m, "nope"), LV_E_NO_SUCH_KEY);
  CHECK_STR(msg(), "no such key: \"nope\"");
  CHECK_INT(has(m, "name"), 0);
  CHECK(has_r);
  CHECK_INT(has(m, "nope"), 0);
  CHECK(!has_r);
  CHECK_INT(has(lv_value_map(NULL), "x"), 0);
  CHECK(!has_r);
  CHECK_INT(sel(I(1), "x"), LV_E_NO_OVERLOAD);
  CHECK_STR(msg(), "type 'int' does not support field selection");
  CHECK_INT(has(L(0), "x"), LV_E_NO_OVERLOAD);
  CHECK_INT(sel(NUL(), "x"), LV_E_NO_OVERLOAD);
  /* messages */
  reading_t r;
  memset(&r, 0, sizeof r);
  r.device = (lv_str){"d1", 2};
  r.temp = 85.0;
  lv_msg_set_present(&r, 0);
  lv_msg_set_present(&r, 1);
  lv_value v = {LV_MSG, 0, {.p = &r}};
  CHECK_INT(sel(v, "device"), 0);
  CHECK(is(S("d1")));
  CHECK_INT(sel(v, "temp"), 0);
  CHECK(is(D(85.0)));
  CHECK_INT(sel(v, "humidity"), LV_E_NO_SUCH_FIELD);
  CHECK_STR(msg(), "field 'humidity' is absent");
  CHECK_INT(sel(v, "color"), LV_E_NO_SUCH_FIELD);
  CHECK_STR(msg(), "no such field 'color'");
  CHECK_INT(has(v, "humidity"), 0);
  CHECK(!has_r);
  CHECK_INT(has(v, "device"), 0);
  CHECK(has_r);
  CHECK_INT(has(v, "color"), LV_E_NO_SUCH_FIELD);
  r.humidity = 91.5;
  lv_msg_set_present(&r, 2);
  CHECK_INT(has(v, "humidity"), 0);
  CHECK(has_r);
  CHECK_INT(sel(v, "humidity"), 0);
  CHECK(is(D(91.5)));
  /* Without the schema table nothing can be selected, but nothing crashes. */
  lv_ctx bare = {&arena, NULL, NULL, NULL};
  CHECK(lv_dyn_select(&bare, &out, &v, "temp", 4) != NULL);
  lv_value null_msg = {LV_MSG, 0, {.p = NULL}};
  CHECK_INT(sel(null_msg, "temp"), LV_E_NO_SUCH_FIELD);
  CHECK_INT(has(null_msg, "temp"), 0);
  CHECK(!has_r);
}

static void test_in_size_type(void) {
  /* lists.textproto in */
  CHECK_INT(in(I(7), L(0)), 0);
  CHECK(!in_r);
  CHECK_INT(in(U(4), L(1, U(4))), 0);
  CHECK(in_r);
  CHECK_INT(in(S("alpha"), L(3, S("alpha"), S("beta"), S("gamma"))), 0);
  CHECK(in_r);
  CHECK_INT(in(I(3), L(5, I(5), I(4), I(3), I(2), I(1))), 0);
  CHECK(in_r);
  CHECK_INT(in(U(20), L(5, U(4), U(6), U(8), U(12), U(20))), 0);
  CHECK(in_r);
  CHECK_INT(in(D(3.0), L(5, I(5), I(4), I(3), I(2), I(1))), 0); /* double_in_ints */
  CHECK(in_r);
  CHECK_INT(in(U(3), L(5, I(5), I(4), I(3), I(2), I(1))), 0);   /* uint_in_ints */
  CHECK(in_r);
  CHECK_INT(in(I(3), L(5, D(5), D(4), D(3), D(2), D(1))), 0);   /* int_in_doubles */
  CHECK(in_r);
  CHECK_INT(in(U(3), L(5, D(5), D(4), D(3), D(2), D(1))), 0);   /* uint_in_doubles */
  CHECK(in_r);
  CHECK_INT(in(I(3), L(5, U(5), U(4), U(3), U(2), U(1))), 0);   /* int_in_uints */
  CHECK(in_r);
  CHECK_INT(in(D(3.0), L(5, U(5), U(4), U(3), U(2), U(1))), 0); /* double_in_uints */
  CHECK(in_r);
  CHECK_INT(in(S("hawaiian"), L(4, S("meat"), S("veggie"), S("margarita"), S("cheese"))), 0);
  CHECK(!in_r);
  CHECK_INT(in(D(NAN), L(1, D(NAN))), 0);
  CHECK(!in_r);
  /* comparisons.textproto in_list_literal / in_map_literal */
  CHECK_INT(in(S("elem"), L(3, I(1), S("elem"), I(2))), 0);
  CHECK(in_r);
  CHECK_INT(in(S("elem"), L(4, U(1), S("str"), I(2), BY("bytes", 5))), 0);
  CHECK(!in_r);
  CHECK_INT(in(S("empty"), M(0)), 0);
  CHECK(!in_r);
  CHECK_INT(in(S("key"), M(2, S("key"), S("1"), S("other"), S("2"))), 0);
  CHECK(in_r);
  CHECK_INT(in(S("key"), M(2, S("lock"), I(1), S("gate"), I(2))), 0);
  CHECK(!in_r);
  CHECK_INT(in(S("key"), M(2, I(3), D(3.0), S("key"), U(2))), 0);
  CHECK(in_r);
  CHECK_INT(in(S("key"), M(2, U(1), S("str"), I(2), BY("bytes", 5))), 0);
  CHECK(!in_r);
  CHECK_INT(in(I(3), M(2, I(1), S("one"), I(2), S("two"))), 0);
  CHECK(!in_r);
  CHECK_INT(in(D(2.0), M(2, I(1), S("one"), I(2), S("two"))), 0);
  CHECK(in_r);
  CHECK_INT(in(BY("a", 1), M(1, S("a"), I(1))), 0);
  CHECK(!in_r);
  CHECK_INT(in(I(1), I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(in(I(1), S("1")), LV_E_NO_OVERLOAD);
  /* lists.textproto size */
  CHECK_INT(size(L(0)), 0);
  CHECK_INT(size_r, 0);
  CHECK_INT(size(L(3, I(1), I(2), I(3))), 0);
  CHECK_INT(size_r, 3);
  CHECK_INT(size(M(0)), 0);
  CHECK_INT(size_r, 0);
  CHECK_INT(size(M(3, I(1), S("one"), I(2), S("two"), I(3), S("three"))), 0);
  CHECK_INT(size_r, 3);
  CHECK_INT(size(S("h\u00e9llo \U0001f431")), 0); /* code points */
  CHECK_INT(size_r, 7);
  CHECK_INT(size(BY("h\xc3\xa9", 3)), 0);
  CHECK_INT(size_r, 3);
  CHECK_INT(size(I(3)), LV_E_NO_OVERLOAD);
  CHECK_STR(msg(), "found no matching overload for 'size' applied to '(int)'");
  /* type() */
  lv_value t;
  lv_value one = I(1), s = S("a"), l = L(0), r = {LV_MSG, 0, {.p = NULL}};
  lv_dyn_type(&t, &one);
  CHECK(t.tag == LV_TYPE && t.aux == LV_INT);
  CHECK_STR(lv_type_name(&cx, &t), "int");
  lv_dyn_type(&t, &s);
  CHECK_STR(lv_type_name(&cx, &t), "string");
  lv_dyn_type(&t, &l);
  CHECK_STR(lv_type_name(&cx, &t), "list"); /* dyn_heterogeneous_list */
  lv_dyn_type(&t, &r);
  CHECK(t.aux == LV_MSG && t.v.i == 0);
  CHECK_STR(lv_type_name(&cx, &t), "acme.Reading");
  lv_value tt;
  lv_dyn_type(&tt, &t); /* type(type(x)) == type */
  CHECK(tt.tag == LV_TYPE && tt.aux == LV_TYPE);
  CHECK_STR(lv_type_name(&cx, &tt), "type");
  lv_value t1, t2, seven = I(7), seven_u = U(7);
  lv_dyn_type(&t1, &seven);
  lv_dyn_type(&t2, &seven_u);
  CHECK(!lv_value_equal(&cx, &t1, &t2)); /* eq_diff */
  lv_value bad = {LV_TAG_COUNT + 9, 0, {.i = 0}};
  lv_dyn_type(&t, &bad);
  CHECK(t.tag == LV_TYPE && t.aux < LV_TAG_COUNT);
}

static void test_convert(void) {
  /* conversions.textproto */
  CHECK_INT(conv(LV_BYTES, S("")), 0);
  CHECK(is(BY("", 0)));
  CHECK_INT(conv(LV_BYTES, S("\u00ff")), 0);
  CHECK(is(BY("\303\277", 2)));
  CHECK_INT(conv(LV_DOUBLE, I(1000000000000)), 0);
  CHECK(is(D(1e12)));
  CHECK_INT(conv(LV_DOUBLE, I(INT64_MAX)), 0);
  CHECK(is(D(9.223372036854775807e18)));
  CHECK_INT(conv(LV_DOUBLE, U(UINT64_MAX)), 0);
  CHECK(is(D(1.8446744073709551615e19)));
  CHECK_INT(conv(LV_DOUBLE, S("-987.654")), 0);
  CHECK(is(D(-987.654)));
  CHECK_INT(conv(LV_DOUBLE, S("6.02214e23")), 0);
  CHECK(is(D(6.02214e23)));
  CHECK_INT(conv(LV_INT, U(42)), 0);
  CHECK(is(I(42)));
  CHECK_INT(conv(LV_INT, U(9223372036854775807ULL)), 0);
  CHECK(is(I(INT64_MAX)));
  CHECK_INT(conv(LV_INT, U(UINT64_MAX)), LV_E_OVERFLOW); /* uint_range */
  CHECK_STR(msg(), "range error converting 18446744073709551615 to int");
  CHECK_INT(conv(LV_INT, D(-123.456)), 0);
  CHECK(is(I(-123)));
  CHECK_INT(conv(LV_INT, D(1.9)), 0);
  CHECK(is(I(1)));
  CHECK_INT(conv(LV_INT, D(-7.9)), 0);
  CHECK(is(I(-7)));
  CHECK_INT(conv(LV_INT, D(9223372036854775807.0)), LV_E_OVERFLOW); /* double_int_max_range */
  CHECK_INT(conv(LV_INT, D(-9223372036854775808.0)), LV_E_OVERFLOW); /* double_int_min_range */
  CHECK_INT(conv(LV_INT, D(1e99)), LV_E_OVERFLOW);
  CHECK_INT(conv(LV_INT, S("987")), 0);
  CHECK(is(I(987)));
  CHECK_INT(conv(LV_INT, TS(1095379199, 0)), 0);
  CHECK(is(I(1095379199)));
  CHECK_INT(conv(LV_INT, DU(1, 500)), 0); /* nanoseconds, as cel-go */
  CHECK(is(I(1000000500)));
  CHECK_INT(conv(LV_INT, BO(true)), LV_E_NO_OVERLOAD);
  CHECK_STR(msg(), "found no matching overload for 'int' applied to '(bool)'");
  CHECK_INT(conv(LV_STRING, I(-456)), 0);
  CHECK(is(S("-456")));
  CHECK_INT(conv(LV_STRING, U(9876)), 0);
  CHECK(is(S("9876")));
  CHECK_INT(conv(LV_STRING, D(-4.5e-3)), 0);
  CHECK(is(S("-0.0045")));
  CHECK_INT(conv(LV_STRING, BY("\303\277", 2)), 0);
  CHECK(is(S("\u00ff")));
  CHECK_INT(conv(LV_STRING, BY("\000\xff", 2)), LV_E_INVALID_ARG); /* bytes_invalid */
  CHECK_INT(conv(LV_STRING, BO(false)), 0);
  CHECK(is(S("false")));
  CHECK_INT(conv(LV_STRING, S("same")), 0);
  CHECK(is(S("same")));
  CHECK_INT(conv(LV_STRING, TS(1234567890, 0)), 0);
  CHECK(is(S("2009-02-13T23:31:30Z")));
  CHECK_INT(conv(LV_STRING, DU(60, 1000000)), 0); /* string(duration('1m1ms')) */
  CHECK(is(S("60.001s")));
  CHECK_INT(conv(LV_STRING, NUL()), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_STRING, L(0)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_UINT, I(1729)), 0);
  CHECK(is(U(1729)));
  CHECK_INT(conv(LV_UINT, I(-1)), LV_E_OVERFLOW); /* int_neg */
  CHECK_STR(msg(), "range error converting -1 to uint");
  CHECK_INT(conv(LV_UINT, D(3.14159265)), 0);
  CHECK(is(U(3)));
  CHECK_INT(conv(LV_UINT, D(6.022e23)), LV_E_OVERFLOW); /* double_range_beyond_uint */
  CHECK_INT(conv(LV_UINT, S("300")), 0);
  CHECK(is(U(300)));
  CHECK_INT(conv(LV_UINT, TS(0, 0)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_BOOL, S("true")), 0);
  CHECK(is(BO(true)));
  CHECK_INT(conv(LV_BOOL, S("0")), 0);
  CHECK(is(BO(false)));
  CHECK_INT(conv(LV_BOOL, S("maybe")), LV_E_INVALID_ARG);
  CHECK_INT(conv(LV_BOOL, I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_BOOL, BO(true)), 0);
  CHECK(is(BO(true)));
  CHECK_INT(conv(LV_TIMESTAMP, S("2009-02-13T23:31:30Z")), 0);
  CHECK(is(TS(1234567890, 0)));
  CHECK_INT(conv(LV_TIMESTAMP, S("yesterday")), LV_E_INVALID_ARG);
  CHECK_INT(conv(LV_TIMESTAMP, I(1234567890)), 0);
  CHECK(is(TS(1234567890, 0)));
  CHECK_INT(conv(LV_TIMESTAMP, TS(5, 6)), 0);
  CHECK(is(TS(5, 6)));
  CHECK_INT(conv(LV_TIMESTAMP, D(1.0)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_DURATION, S("1.5s")), 0);
  CHECK(is(DU(1, 500000000)));
  CHECK_INT(conv(LV_DURATION, S("forever")), LV_E_INVALID_ARG);
  CHECK_INT(conv(LV_DURATION, I(-1500000000)), 0);
  CHECK(is(DU(-1, -500000000)));
  CHECK_INT(conv(LV_DURATION, BO(true)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_TYPE, U(1)), 0);
  CHECK(out.tag == LV_TYPE && out.aux == LV_UINT);
  CHECK_INT(conv(LV_BYTES, I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(LV_LIST, I(1)), LV_E_NO_OVERLOAD);
  CHECK_INT(conv(-1, I(1)), LV_E_NO_OVERLOAD);
}

int main(void) {
  lv_arena_init(&arena, 0, 0);
  cx.arena = &arena;
  cx.rt = &rt;
  lv_schema_finish(&reading_schema, &arena);
  test_int_math();
  test_fp_math();
  test_concat();
  test_time_math();
  test_index();
  test_select_has();
  test_in_size_type();
  test_convert();
  lv_arena_free(&arena);
  return check_done();
}
