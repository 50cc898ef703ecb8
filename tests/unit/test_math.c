/* The math extension's C helpers: the greatest/least, round, abs, sqrt and
 * bit shift cases of the cel-spec conformance file math_ext.textproto, plus
 * exact mixed-type comparison at the edges of int, uint and double. */
#include "check.h"
#include "lv_math.h"

#include <math.h>

static lv_arena arena;
static lv_ctx cx;

#define NARGS(a) (uint32_t)(sizeof(a) / sizeof(a)[0])
#define I(x) lv_value_int(x)
#define U(x) lv_value_uint(x)
#define D(x) lv_value_double(x)

static lv_value result;

/* greatest (want 1) or least (want -1) of the arguments must be the value
 * `expect`, with its type. */
static void check_extreme(int line, int want, const lv_value *args, uint32_t n, lv_value expect) {
  lv_list l = {n, args};
  result = lv_value_null();
  const lv_err *e = want > 0 ? lv_math_greatest(&cx, &result, &l) : lv_math_least(&cx, &result, &l);
  check_count++;
  bool ok = e == NULL && result.tag == expect.tag &&
            (expect.tag == LV_DOUBLE ? (result.v.d == expect.v.d || (isnan(result.v.d) && isnan(expect.v.d)))
                                     : result.v.u == expect.v.u);
  if (!ok) {
    check_failures++;
    fprintf(stderr, "%s:%d: math.%s: got tag %u value %llx%s%s, want tag %u value %llx\n", __FILE__, line,
            want > 0 ? "greatest" : "least", result.tag, (unsigned long long)result.v.u, e ? " error: " : "",
            e ? e->msg : "", expect.tag, (unsigned long long)expect.v.u);
  }
}

#define GREATEST(expect, ...)                                                 \
  do {                                                                        \
    lv_value a_[] = {__VA_ARGS__};                                            \
    check_extreme(__LINE__, 1, a_, NARGS(a_), expect);                        \
  } while (0)
#define LEAST(expect, ...)                                                    \
  do {                                                                        \
    lv_value a_[] = {__VA_ARGS__};                                            \
    check_extreme(__LINE__, -1, a_, NARGS(a_), expect);                       \
  } while (0)

static void test_greatest(void) {
  /* greatest_int_result */
  GREATEST(I(-5), I(-5));
  GREATEST(I(5), I(5));
  GREATEST(I(1), I(1), I(1));
  GREATEST(I(1), I(1), D(1.0)); /* equal: the first wins, keeping its type */
  GREATEST(I(1), I(1), U(1));
  GREATEST(I(3), I(3), I(-3));
  GREATEST(I(5), I(-7), I(5));
  GREATEST(I(INT64_MAX), I(INT64_MAX), I(1));
  GREATEST(I(INT64_MAX), I(1), I(INT64_MAX));
  GREATEST(I(1), I(INT64_MIN), I(1));
  GREATEST(I(1), I(1), I(INT64_MIN));
  GREATEST(I(1), I(1), I(1), I(1));
  GREATEST(I(1), I(1), D(1.0), D(1.0));
  GREATEST(I(1), I(1), U(1), U(1));
  GREATEST(I(10), I(10), I(1), I(3));
  GREATEST(I(10), I(1), I(3), I(10));
  GREATEST(I(-1), I(-1), I(-2), I(-3));
  GREATEST(I(INT64_MAX), I(INT64_MAX), I(1), I(5));
  GREATEST(I(-1), I(-INT64_MAX), I(-1), I(-5));
  GREATEST(I(INT64_MAX), D(5.4), I(10), U(3), D(-5.0), I(INT64_MAX));
  GREATEST(I(10), D(5.4), I(10), U(3), D(-5.0), D(3.5));
  /* greatest_double_result */
  GREATEST(D(-5.0), D(-5.0));
  GREATEST(D(5.0), D(5.0));
  GREATEST(D(1.0), D(1.0), D(1.0));
  GREATEST(D(1.0), D(1.0), I(1));
  GREATEST(D(1.0), D(1.0), U(1));
  GREATEST(D(5.0), D(5.0), D(-7.0));
  GREATEST(D(3.0), D(-3.0), D(3.0));
  GREATEST(D(1.797693e308), D(1.797693e308), I(1));
  GREATEST(D(1.797693e308), I(1), D(1.797693e308));
  GREATEST(D(1.5), D(-1.797693e308), D(1.5));
  GREATEST(D(1.5), D(1.5), D(-1.797693e308));
  GREATEST(D(1.0), D(1.0), I(1), I(1));
  GREATEST(D(10.5), D(10.5), D(1.5), D(3.5));
  GREATEST(D(10.5), D(1.5), D(3.5), D(10.5));
  GREATEST(D(-1.5), D(-1.5), D(-2.5), D(-3.5));
  GREATEST(D(1.797693e308), D(1.797693e308), I(1), I(5));
  GREATEST(I(-1), D(-1.797693e308), I(-1), I(-5));
  GREATEST(D(1.797693e308), D(5.4), I(10), U(3), D(-5.0), D(1.797693e308));
  GREATEST(D(10.5), D(5.4), D(10.5), U(3), D(-5.0), D(3.5));
  /* greatest_uint_result */
  GREATEST(U(5), U(5));
  GREATEST(U(1), U(1), U(1));
  GREATEST(U(1), U(1), D(1.0));
  GREATEST(U(1), U(1), I(1));
  GREATEST(U(5), U(5), I(-7));
  GREATEST(U(3), I(-3), U(3));
  GREATEST(U(UINT64_MAX), U(UINT64_MAX), U(1));
  GREATEST(U(UINT64_MAX), U(1), U(UINT64_MAX));
  GREATEST(U(10), U(10), U(1), U(3));
  GREATEST(U(10), U(1), U(3), U(10));
  GREATEST(U(UINT64_MAX), D(5.4), I(10), U(3), D(-5.0), U(UINT64_MAX));
  GREATEST(U(10), D(5.4), U(10), U(3), D(-5.0), D(3.5));
}

static void test_least(void) {
  /* least_int_result */
  LEAST(I(-5), I(-5));
  LEAST(I(5), I(5));
  LEAST(I(1), I(1), I(1));
  LEAST(I(1), I(1), D(1.0));
  LEAST(I(1), I(1), U(1));
  LEAST(I(-3), I(-3), I(3));
  LEAST(I(-7), I(5), I(-7));
  LEAST(I(1), I(INT64_MAX), I(1));
  LEAST(I(1), I(1), I(INT64_MAX));
  LEAST(I(INT64_MIN), I(INT64_MIN), I(1));
  LEAST(I(INT64_MIN), I(1), I(INT64_MIN));
  LEAST(I(0), I(0), I(1), I(3));
  LEAST(I(0), I(1), I(3), I(0));
  LEAST(I(-3), I(-1), I(-2), I(-3));
  LEAST(I(1), I(INT64_MAX), I(1), I(5));
  LEAST(I(INT64_MIN), I(INT64_MIN), I(-1), I(-5));
  LEAST(D(-5.0), D(5.4), I(10), U(3), D(-5.0), I(INT64_MAX));
  LEAST(D(-5.0), D(5.4), I(10), U(3), D(-5.0), D(3.5));
  /* least_double_result */
  LEAST(D(-5.5), D(-5.5));
  LEAST(D(5.5), D(5.5));
  LEAST(D(1.5), D(1.5), D(1.5));
  LEAST(D(1.0), D(1.0), I(1));
  LEAST(D(-3.5), D(-3.5), D(3.5));
  LEAST(D(-7.5), D(5.5), D(-7.5));
  LEAST(D(1.5), D(1.797693e308), D(1.5));
  LEAST(D(1.5), D(1.5), D(1.797693e308));
  LEAST(D(-1.797693e308), D(-1.797693e308), D(1.5));
  LEAST(D(-1.797693e308), D(1.5), D(-1.797693e308));
  LEAST(D(0.5), D(0.5), D(1.5), D(3.5));
  LEAST(D(0.5), D(1.5), D(3.5), D(0.5));
  LEAST(D(-3.5), D(-1.5), D(-2.5), D(-3.5));
  LEAST(I(1), D(1.797693e308), I(1), I(5));
  LEAST(D(-1.797693e308), D(-1.797693e308), I(-1), I(-5));
  LEAST(D(-5.0), D(5.4), I(10), U(3), D(-5.0), D(1.797693e308));
  LEAST(D(-5.0), D(5.4), D(10.5), U(3), D(-5.0), D(3.5));
  /* least_uint_result */
  LEAST(U(5), U(5));
  LEAST(U(1), U(1), U(1));
  LEAST(U(1), U(1), D(1.0));
  LEAST(U(1), U(1), I(1));
  LEAST(U(1), U(1), U(3));
  LEAST(U(2), U(5), U(2));
  LEAST(U(1), U(UINT64_MAX), U(1));
  LEAST(U(1), U(1), U(UINT64_MAX));
  LEAST(U(1), U(10), U(3), U(1));
  LEAST(U(1), D(5.4), I(10), U(3), U(1), U(UINT64_MAX));
  LEAST(U(1), D(5.4), U(10), U(3), U(1), D(3.5));
}

static void test_extreme_edges(void) {
  /* exact comparison where converting to double would round */
  GREATEST(I(9007199254740993), I(9007199254740993), D(9007199254740992.0));
  GREATEST(I(9007199254740993), D(9007199254740992.0), I(9007199254740993));
  LEAST(D(9007199254740992.0), I(9007199254740993), D(9007199254740992.0));
  GREATEST(U(UINT64_MAX), D(18446744073709549568.0), U(UINT64_MAX));
  GREATEST(D(18446744073709551616.0), U(UINT64_MAX), D(18446744073709551616.0));
  GREATEST(D(9223372036854775808.0), I(INT64_MAX), D(9223372036854775808.0));
  LEAST(D(-9223372036854777856.0), I(INT64_MIN), D(-9223372036854777856.0));
  LEAST(I(INT64_MIN), I(INT64_MIN), D(-9223372036854775808.0)); /* equal: first wins */
  LEAST(D(-9223372036854775808.0), D(-9223372036854775808.0), I(INT64_MIN));
  GREATEST(U(9223372036854775808ULL), I(INT64_MAX), U(9223372036854775808ULL));
  LEAST(I(-1), U(0), I(-1));
  GREATEST(D(0.5), I(0), D(0.5));
  LEAST(D(-0.5), I(0), D(-0.5));
  LEAST(D(-0.5), U(0), D(-0.5));
  GREATEST(D(1.5), U(1), D(1.5));
  LEAST(U(1), D(1.5), U(1));
  GREATEST(D(INFINITY), D(INFINITY), I(INT64_MAX), U(UINT64_MAX));
  LEAST(D(-INFINITY), U(0), D(-INFINITY), I(INT64_MIN));
  GREATEST(D(NAN), D(NAN)); /* a lone NaN is not compared */
  /* errors */
  lv_list empty = {0, NULL};
  CHECK_ERR(lv_math_greatest(&cx, &result, &empty), LV_E_INVALID_ARG,
            "math.greatest() argument must not be empty");
  CHECK_ERR(lv_math_least(&cx, &result, NULL), LV_E_INVALID_ARG, "math.least() argument must not be empty");
  lv_value nan2[] = {I(1), D(NAN)};
  lv_list ln = {2, nan2};
  CHECK_ERR(lv_math_greatest(&cx, &result, &ln), LV_E_INVALID_ARG,
            "math.greatest(): NaN values cannot be ordered");
  CHECK_ERR(lv_math_least(&cx, &result, &ln), LV_E_INVALID_ARG, "math.least(): NaN values cannot be ordered");
  lv_value str[] = {I(1), lv_value_string("2", 1)};
  lv_list ls = {2, str};
  CHECK_ERR(lv_math_greatest(&cx, &result, &ls), LV_E_NO_OVERLOAD,
            "no such overload: math.greatest() argument 2 is not a number");
  lv_value one_str[] = {lv_value_string("a", 1)};
  lv_list l1 = {1, one_str};
  CHECK_ERR(lv_math_least(&cx, &result, &l1), LV_E_NO_OVERLOAD,
            "no such overload: math.least() argument 1 is not a number");
  lv_value boolv[] = {lv_value_bool(true), I(1)};
  lv_list lb = {2, boolv};
  CHECK_ERR(lv_math_least(&cx, &result, &lb), LV_E_NO_OVERLOAD,
            "no such overload: math.least() argument 1 is not a number");
}

static bool same(double a, double b) { return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b)); }

static void test_round_abs_sqrt(void) {
  CHECK(same(lv_math_round(-1.6), -2.0));
  CHECK(same(lv_math_round(-1.4), -1.0));
  CHECK(same(lv_math_round(-1.5), -2.0));
  CHECK(same(lv_math_round(1.2), 1.0));
  CHECK(same(lv_math_round(1.5), 2.0));
  CHECK(same(lv_math_round(2.5), 3.0)); /* away from zero, not to even */
  CHECK(same(lv_math_round(-2.5), -3.0));
  CHECK(same(lv_math_round(0.49999999999999994), 0.0));
  CHECK(same(lv_math_round(-0.4), -0.0));
  CHECK(same(lv_math_round(4503599627370497.0), 4503599627370497.0));
  CHECK(isnan(lv_math_round(NAN)));
  CHECK(same(lv_math_round(-INFINITY), -INFINITY));

  int64_t r = 0;
  CHECK(lv_math_abs_int(&cx, &r, 1) == NULL && r == 1);
  CHECK(lv_math_abs_int(&cx, &r, -11) == NULL && r == 11);
  CHECK(lv_math_abs_int(&cx, &r, 0) == NULL && r == 0);
  CHECK(lv_math_abs_int(&cx, &r, -INT64_MAX) == NULL && r == INT64_MAX);
  CHECK_ERR(lv_math_abs_int(&cx, &r, INT64_MIN), LV_E_OVERFLOW,
            "integer overflow: math.abs(-9223372036854775808)");

  CHECK(same(lv_math_sqrt(81), 9.0));
  CHECK(same(lv_math_sqrt(985.25), 31.388692231439016));
  CHECK(isnan(lv_math_sqrt(-15)));
  CHECK(same(lv_math_sqrt(INFINITY), INFINITY));
  CHECK(same(lv_math_sqrt(-0.0), -0.0));
}

static void test_shifts(void) {
  uint64_t r = 0;
  CHECK(lv_math_shift_left(&cx, &r, 1, 2) == NULL && r == 4);
  CHECK(lv_math_shift_left(&cx, &r, 1, 200) == NULL && r == 0);
  CHECK(lv_math_shift_left(&cx, &r, (uint64_t)-1, 200) == NULL && r == 0);
  CHECK(lv_math_shift_left(&cx, &r, (uint64_t)-1, 2) == NULL && (int64_t)r == -4);
  CHECK(lv_math_shift_left(&cx, &r, 1, 63) == NULL && r == 0x8000000000000000ULL);
  CHECK(lv_math_shift_left(&cx, &r, 1, 64) == NULL && r == 0);
  CHECK(lv_math_shift_left(&cx, &r, 5, 0) == NULL && r == 5);
  CHECK_ERR(lv_math_shift_left(&cx, &r, 1, -1), LV_E_INVALID_ARG, "math.bitShiftLeft() negative offset: -1");
  CHECK(lv_math_shift_right(&cx, &r, 1024, 2) == NULL && r == 256);
  CHECK(lv_math_shift_right(&cx, &r, 1024, 64) == NULL && r == 0);
  CHECK(lv_math_shift_right(&cx, &r, (uint64_t)-1024, 3) == NULL && (int64_t)r == 2305843009213693824LL);
  CHECK(lv_math_shift_right(&cx, &r, (uint64_t)-1024, 64) == NULL && r == 0);
  CHECK(lv_math_shift_right(&cx, &r, 1024, 200) == NULL && r == 0);
  CHECK(lv_math_shift_right(&cx, &r, UINT64_MAX, 63) == NULL && r == 1);
  CHECK(lv_math_shift_right(&cx, &r, 7, INT64_MAX) == NULL && r == 0);
  CHECK_ERR(lv_math_shift_right(&cx, &r, 1, -1), LV_E_INVALID_ARG, "math.bitShiftRight() negative offset: -1");
  CHECK_ERR(lv_math_shift_right(&cx, &r, 1, INT64_MIN), LV_E_INVALID_ARG,
            "math.bitShiftRight() negative offset: -9223372036854775808");
}

int main(void) {
  lv_arena_init(&arena, 0, (size_t)1 << 20);
  cx.arena = &arena;
  test_greatest();
  test_least();
  test_extreme_edges();
  test_round_abs_sqrt();
  test_shifts();
  lv_arena_free(&arena);
  return check_done();
}
