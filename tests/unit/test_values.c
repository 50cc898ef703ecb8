/* Boxed values: list and map construction, map lookup and hashing, CEL
 * equality and ordering. Cases marked with a conformance name reproduce the
 * CEL spec's tests/simple/testdata (comparisons, lists, fields) on boxed
 * values; "dyn(x) op y" there is exactly a call with two boxed operands. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>

#include "check.h"
#include "lv_values.h"

static lv_arena arena;
static lv_ctx cx;

static lv_value I(int64_t i) { return lv_value_int(i); }
static lv_value U(uint64_t u) { return lv_value_uint(u); }
static lv_value D(double d) { return lv_value_double(d); }
static lv_value S(const char *s) { return lv_value_string(s, strlen(s)); }
static lv_value BY(const char *s, size_t n) { return lv_value_bytes(s, n); }
static lv_value BO(bool b) { return lv_value_bool(b); }
static lv_value NUL(void) { return lv_value_null(); }

/* L(n, v1, ..., vn): a list. */
static lv_value L(uint32_t n, ...) {
  lv_list *l = lv_list_new(&cx, n);
  va_list ap;
  va_start(ap, n);
  for (uint32_t i = 0; i < n; i++) ((lv_value *)l->items)[i] = va_arg(ap, lv_value);
  va_end(ap);
  return lv_value_list(l);
}

/* M(n, k1, v1, ..., kn, vn): a map that must build. */
static lv_value M(uint32_t n, ...) {
  lv_value k[64], v[64];
  va_list ap;
  va_start(ap, n);
  for (uint32_t i = 0; i < n; i++) {
    k[i] = va_arg(ap, lv_value);
    v[i] = va_arg(ap, lv_value);
  }
  va_end(ap);
  const lv_map *m = NULL;
  const lv_err *e = lv_map_new(&cx, &m, k, v, n);
  CHECK(e == NULL);
  return lv_value_map(m);
}

static bool eq(lv_value a, lv_value b) { return lv_value_equal(&cx, &a, &b); }

/* Three-way result, or 100 + error code. */
static int cmp(lv_value a, lv_value b) {
  int out = 99;
  const lv_err *e = lv_value_compare(&cx, &out, &a, &b);
  return e ? 100 + (int)e->code : out;
}
static bool lt(lv_value a, lv_value b) { return cmp(a, b) == -1; }
static bool gt(lv_value a, lv_value b) { return cmp(a, b) == 1; }
static bool le(lv_value a, lv_value b) { int c = cmp(a, b); return c == -1 || c == 0; }
static bool ge(lv_value a, lv_value b) { int c = cmp(a, b); return c == 1 || c == 0; }
#define CMP_ERR (100 + LV_E_NO_OVERLOAD)

static const double nan_v = NAN;

/* --- a hand-built schema: message Reading { device: string (JSON "dev"),
 * temp: double, humidity: double?, loc: Location, tags: list<string> } and
 * Location { lat: double, lon: double } ------------------------------------------ */
typedef struct {
  uint64_t present[1];
  double lat, lon;
} location_t;
typedef struct {
  uint64_t present[1];
  lv_str device;
  double temp;
  double humidity;
  const void *loc;
  const lv_list *tags;
} reading_t;

static lv_field location_fields[] = {
    {.name = "lat", .json_name = "lat", .json_len = 3, .type = {LV_K_DOUBLE, NULL, NULL},
     .offset = offsetof(location_t, lat), .index = 0},
    {.name = "lon", .json_name = "lon", .json_len = 3, .type = {LV_K_DOUBLE, NULL, NULL},
     .offset = offsetof(location_t, lon), .index = 1},
};
static lv_schema location_schema = {.name = "acme.Location", .index = 1, .size = sizeof(location_t),
                                    .nfields = 2, .fields = location_fields};
static const lv_rtype string_type = {LV_K_STRING, NULL, NULL};
static lv_field reading_fields[] = {
    {.name = "device", .json_name = "dev", .json_len = 3, .type = {LV_K_STRING, NULL, NULL},
     .offset = offsetof(reading_t, device), .index = 0},
    {.name = "temp", .json_name = "temp", .json_len = 4, .type = {LV_K_DOUBLE, NULL, NULL},
     .offset = offsetof(reading_t, temp), .index = 1},
    {.name = "humidity", .json_name = "humidity", .json_len = 8, .type = {LV_K_DOUBLE, NULL, NULL},
     .offset = offsetof(reading_t, humidity), .index = 2, .optional = true},
    {.name = "loc", .json_name = "loc", .json_len = 3, .type = {LV_K_MSG, NULL, &location_schema},
     .offset = offsetof(reading_t, loc), .index = 3, .optional = true},
    {.name = "tags", .json_name = "tags", .json_len = 4, .type = {LV_K_LIST, &string_type, NULL},
     .offset = offsetof(reading_t, tags), .index = 4, .optional = true},
};
static lv_schema reading_schema = {.name = "acme.Reading", .index = 0, .size = sizeof(reading_t),
                                   .nfields = 5, .fields = reading_fields};
static const lv_schema *schemas[] = {&reading_schema, &location_schema};
static const lv_rtinfo rt = {2, schemas};

static lv_value msg(uint32_t schema, const void *p) {
  lv_value v = {LV_MSG, schema, {.p = p}};
  return v;
}

static void reading_set(reading_t *r, const char *dev, double temp) {
  memset(r, 0, sizeof *r);
  r->device = (lv_str){dev, strlen(dev)};
  r->temp = temp;
  lv_msg_set_present(r, 0);
  lv_msg_set_present(r, 1);
}

static void test_lists(void) {
  lv_value a = L(3, I(0), I(1), I(2)), b = L(3, I(3), I(4), I(5));
  const lv_list *c = NULL;
  CHECK(lv_list_concat(&cx, &c, a.v.p, b.v.p) == NULL);
  /* list_append / list_not_commutative */
  CHECK(eq(lv_value_list(c), L(6, I(0), I(1), I(2), I(3), I(4), I(5))));
  CHECK(!eq(lv_value_list(c), L(6, I(3), I(4), I(5), I(0), I(1), I(2))));
  /* list_repeat, empty_empty, left_unit, right_unit */
  lv_value two = L(1, I(2));
  CHECK(lv_list_concat(&cx, &c, two.v.p, two.v.p) == NULL);
  CHECK_INT(c->len, 2);
  CHECK_INT(c->items[0].v.i, 2);
  CHECK_INT(c->items[1].v.i, 2);
  lv_value empty = L(0);
  CHECK(lv_list_concat(&cx, &c, empty.v.p, empty.v.p) == NULL);
  CHECK_INT(c->len, 0);
  CHECK(lv_list_concat(&cx, &c, empty.v.p, L(2, I(3), I(4)).v.p) == NULL);
  CHECK(eq(lv_value_list(c), L(2, I(3), I(4))));
  CHECK(lv_list_concat(&cx, &c, L(2, I(1), I(2)).v.p, empty.v.p) == NULL);
  CHECK(eq(lv_value_list(c), L(2, I(1), I(2))));
  /* NULL lists (absent fields) are empty. */
  CHECK(lv_list_concat(&cx, &c, NULL, NULL) == NULL);
  CHECK(c != NULL && c->len == 0);
  CHECK(eq(lv_value_list(NULL), L(0)));
  /* A new list starts as nulls. */
  lv_list *n = lv_list_new(&cx, 2);
  CHECK(n && n->len == 2 && n->items[1].tag == LV_NULL);

  /* Arena exhaustion is an error, not a crash. */
  lv_arena small;
  lv_arena_init(&small, 256, 1024);
  lv_ctx scx = {&small, NULL, NULL, NULL};
  CHECK(lv_list_new(&scx, 1000) == NULL);
  lv_value big = L(60, I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0),
                   I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0),
                   I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0),
                   I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0),
                   I(0), I(0), I(0), I(0), I(0));
  const lv_err *e = lv_list_concat(&scx, &c, big.v.p, big.v.p);
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_free(&small);
}

static void test_map_build(void) {
  const lv_map *m = NULL;
  const lv_err *e;
  /* map_value_repeat_key: {true:1,false:2,true:3} */
  lv_value k1[] = {BO(true), BO(false), BO(true)}, v1[] = {I(1), I(2), I(3)};
  e = lv_map_new(&cx, &m, k1, v1, 3);
  CHECK(e && e->code == LV_E_INVALID_ARG);
  CHECK_STR(e ? e->msg : NULL, "Failed with repeated key");
  /* map_value_repeat_key_heterogeneous: {0: 1, 0u: 2} */
  lv_value k2[] = {I(0), U(0)}, v2[] = {I(1), I(2)};
  e = lv_map_new(&cx, &m, k2, v2, 2);
  CHECK(e && e->code == LV_E_INVALID_ARG);
  /* map_key_float, map_key_null: unsupported key types */
  lv_value k3[] = {D(3.3), D(1.0)}, v3[] = {D(15.15), I(5)};
  e = lv_map_new(&cx, &m, k3, v3, 2);
  CHECK(e && e->code == LV_E_INVALID_ARG);
  CHECK_STR(e ? e->msg : NULL, "unsupported key type");
  lv_value k4[] = {NUL()}, v4[] = {BO(false)};
  e = lv_map_new(&cx, &m, k4, v4, 1);
  CHECK(e && e->code == LV_E_INVALID_ARG);
  lv_value k5[] = {S("a"), BY("b", 1)};
  e = lv_map_new(&cx, &m, k5, v4, 2);
  CHECK(e && e->code == LV_E_INVALID_ARG);
  /* true and 1 are different keys; "1" and 1 too. */
  lv_value k6[] = {BO(true), I(1), S("1")}, v6[] = {I(1), I(2), I(3)};
  CHECK(lv_map_new(&cx, &m, k6, v6, 3) == NULL);
  CHECK_INT(m->len, 3);
  CHECK_INT(lv_map_find(m, &(lv_value){LV_BOOL, 0, {.b = true}})->v.i, 1);
  CHECK_INT(lv_map_find(m, &k6[1])->v.i, 2);
  CHECK_INT(lv_map_find_str(m, "1", 1)->v.i, 3);
  /* The caller's arrays are copied. */
  k6[2] = S("2");
  CHECK(lv_map_find_str(m, "1", 1) != NULL);
  /* Empty map. */
  CHECK(lv_map_new(&cx, &m, NULL, NULL, 0) == NULL);
  CHECK(m && m->len == 0 && lv_map_find(m, &k6[0]) == NULL);

  /* Large maps are indexed; repeated keys are still found, across types. */
  lv_value kb[100], vb[100];
  for (int i = 0; i < 100; i++) {
    kb[i] = I(i * 7);
    vb[i] = I(i);
  }
  CHECK(lv_map_new(&cx, &m, kb, vb, 100) == NULL);
  CHECK(m->index != NULL);
  CHECK(m->ibits >= 8);
  for (int i = 0; i < 100; i++) {
    const lv_value *u = lv_map_find(m, &(lv_value){LV_UINT, 0, {.u = (uint64_t)i * 7}});
    CHECK(u && u->v.i == i);
  }
  CHECK(lv_map_find(m, &(lv_value){LV_INT, 0, {.i = 8}}) == NULL);
  kb[57] = U(7 * 3); /* repeats int key 21 */
  e = lv_map_new(&cx, &m, kb, vb, 100);
  CHECK(e && e->code == LV_E_INVALID_ARG);

  /* Large string-keyed map. */
  char names[40][8];
  lv_value ks[40], vs[40];
  for (int i = 0; i < 40; i++) {
    snprintf(names[i], sizeof names[i], "k%d", i);
    ks[i] = S(names[i]);
    vs[i] = I(i);
  }
  CHECK(lv_map_new(&cx, &m, ks, vs, 40) == NULL);
  CHECK_INT(lv_map_find_str(m, "k39", 3)->v.i, 39);
  CHECK_INT(lv_map_find_str(m, "k0", 2)->v.i, 0);
  CHECK(lv_map_find_str(m, "k40", 3) == NULL);
  CHECK(lv_map_find_str(m, "", 0) == NULL);
  ks[39] = S("k3");
  e = lv_map_new(&cx, &m, ks, vs, 40);
  CHECK(e && e->code == LV_E_INVALID_ARG);

  /* Arena exhaustion. */
  lv_arena small;
  lv_arena_init(&small, 128, 512);
  lv_ctx scx = {&small, NULL, NULL, NULL};
  e = lv_map_new(&scx, &m, kb, vb, 100);
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_free(&small);
}

static void test_map_find(void) {
  /* fields.textproto map_fields */
  lv_value m = M(3, I(0), I(1), I(2), I(2), I(5), BO(true));
  CHECK(lv_map_find(m.v.p, &(lv_value){LV_INT, 0, {.i = 5}})->v.b == true); /* map_key_int64 */
  lv_value mu = M(3, U(0), U(1), U(2), S("happy"), U(5), U(3));
  const lv_value *f = lv_map_find(mu.v.p, &(lv_value){LV_UINT, 0, {.u = 2}}); /* map_key_uint64 */
  CHECK(f && eq(*f, S("happy")));
  lv_value mixed = M(3, BO(true), I(1), I(2), I(2), U(5), I(3)); /* map_key_mixed_type */
  CHECK_INT(lv_map_find(mixed.v.p, &(lv_value){LV_BOOL, 0, {.b = true}})->v.i, 1);
  lv_value nums = M(3, U(1), D(1.0), I(2), D(2.0), U(3), D(3.0));
  lv_value key = D(3.0); /* map_key_mixed_numbers_double_key */
  CHECK(lv_map_find(nums.v.p, &key)->v.d == 3.0);
  key = D(3.1); /* map_key_mixed_numbers_lossy_double_key */
  CHECK(lv_map_find(nums.v.p, &key) == NULL);
  key = U(2); /* map_key_mixed_numbers_uint_key */
  CHECK(lv_map_find(nums.v.p, &key)->v.d == 2.0);
  key = I(1); /* map_key_mixed_numbers_int_key */
  CHECK(lv_map_find(nums.v.p, &key)->v.d == 1.0);
  key = I(-1); /* a negative int never finds a uint key */
  lv_value mu1 = M(1, U(UINT64_MAX), S("max"));
  CHECK(lv_map_find(mu1.v.p, &key) == NULL);
  key = D(18446744073709551615.0); /* 2^64: beyond uint */
  CHECK(lv_map_find(mu1.v.p, &key) == NULL);
  lv_value m63 = M(1, U(1ULL << 63), S("2^63"));
  key = D(9223372036854775808.0);
  CHECK(lv_map_find(m63.v.p, &key) != NULL);
  key = D(nan_v);
  CHECK(lv_map_find(nums.v.p, &key) == NULL);
  key = D(INFINITY);
  CHECK(lv_map_find(nums.v.p, &key) == NULL);
  key = D(-0.0);
  lv_value m0 = M(1, I(0), S("zero"));
  CHECK(lv_map_find(m0.v.p, &key) != NULL);
  /* map_bad_key_type: bytes finds nothing */
  key = BY("", 0);
  CHECK(lv_map_find(m.v.p, &key) == NULL);
  key = NUL();
  CHECK(lv_map_find(m.v.p, &key) == NULL);
  CHECK(lv_map_find(NULL, &key) == NULL);
  CHECK(lv_map_find_str(NULL, "a", 1) == NULL);
  /* in_map_literal */
  lv_value mk = M(2, I(3), D(3.0), S("key"), U(2));
  CHECK(lv_map_find_str(mk.v.p, "key", 3) != NULL);        /* key_in_mixed_key_type_map */
  lv_value mk2 = M(2, U(1), S("str"), I(2), BY("bytes", 5));
  CHECK(lv_map_find_str(mk2.v.p, "key", 3) == NULL);       /* ..._cross_type */
}

static void test_hash(void) {
  lv_value one_i = I(1), one_u = U(1), one_d = D(1.0), s = S("a"), s2 = S("a");
  CHECK(lv_value_hash(&one_i) == lv_value_hash(&one_u));
  CHECK(lv_value_hash(&one_i) == lv_value_hash(&one_d));
  CHECK(lv_value_hash(&s) == lv_value_hash(&s2));
  lv_value t = BO(true);
  CHECK(lv_value_hash(&t) != lv_value_hash(&one_i));
  lv_value big_u = U(1ULL << 63), big_d = D(9223372036854775808.0);
  CHECK(lv_value_hash(&big_u) == lv_value_hash(&big_d));
  lv_value neg_i = I(-5), neg_d = D(-5.0), nz = D(-0.0), z = I(0);
  CHECK(lv_value_hash(&neg_i) == lv_value_hash(&neg_d));
  CHECK(lv_value_hash(&nz) == lv_value_hash(&z));
  lv_value by = BY("a", 1);
  CHECK(lv_value_hash(&by) != lv_value_hash(&s));
  lv_value two = I(2);
  CHECK(lv_value_hash(&two) != lv_value_hash(&one_i));
}

static void test_equality(void) {
  /* comparisons.textproto eq_literal */
  CHECK(eq(I(1), I(1)));
  CHECK(!eq(I(-1), I(1)));
  CHECK(eq(I(1), U(1)));            /* eq_int_uint */
  CHECK(!eq(I(2), U(1)));
  CHECK(eq(I(1), D(1.0)));          /* eq_int_double */
  CHECK(!eq(I(2), D(1.0)));
  CHECK(eq(U(2), U(2)));
  CHECK(!eq(U(1), U(2)));
  CHECK(eq(U(1), I(1)));            /* eq_uint_int */
  CHECK(!eq(U(2), I(1)));
  CHECK(eq(U(1), D(1.0)));
  CHECK(!eq(U(2), D(1.0)));
  CHECK(eq(D(1.0), D(1.0e+0)));
  CHECK(!eq(D(-1.0), D(1.0)));
  CHECK(!eq(D(nan_v), D(nan_v)));   /* not_eq_double_nan */
  CHECK(!eq(I(1), D(nan_v)));       /* not_eq_int_double_nan */
  CHECK(!eq(U(1), D(nan_v)));       /* not_eq_uint_double_nan */
  CHECK(eq(D(1.0), I(1)));
  CHECK(!eq(D(2.0), I(1)));
  CHECK(eq(D(1.0), U(1)));
  CHECK(!eq(D(2.0), U(1)));
  CHECK(eq(D(0.0), D(-0.0)));
  CHECK(!eq(I(-1), U(UINT64_MAX)));
  CHECK(eq(S(""), S("")));          /* eq_string */
  CHECK(!eq(S("a"), S("b")));
  CHECK(!eq(S("abc"), S("ABC")));
  CHECK(eq(S("ίσος"), S("ίσος")));  /* eq_string_unicode */
  CHECK(!eq(S("a"), S("à")));
  CHECK(!eq(S("Am\u00e9lie"), S("Ame\u0301lie"))); /* no_string_normalization */
  CHECK(eq(NUL(), NUL()));
  CHECK(eq(BO(true), BO(true)));
  CHECK(!eq(BO(false), BO(true)));
  CHECK(eq(BY("\303\277", 2), BY("\303\277", 2))); /* eq_bytes */
  CHECK(!eq(BY("abc", 3), BY("abcd", 4)));
  CHECK(!eq(BY("\x00\xff", 2), BY("\303\277", 2))); /* ne_bytes */
  CHECK(!eq(S("abc"), BY("abc", 3)));
  /* lists */
  CHECK(eq(L(0), L(0)));                                          /* eq_list_empty */
  CHECK(eq(L(1, NUL()), L(1, NUL())));                            /* eq_list_null */
  CHECK(!eq(L(3, S("1"), S("2"), NUL()), L(3, S("1"), S("2"), S("3"))));
  CHECK(eq(L(3, I(1), I(2), I(3)), L(3, I(1), I(2), I(3))));
  CHECK(eq(L(3, D(1.0), D(2.0), I(3)), L(3, U(1), I(2), U(3)))); /* eq_list_mixed_type_numbers */
  CHECK(!eq(L(2, D(1.0), D(2.1)), L(2, U(1), I(2))));
  CHECK(!eq(L(3, I(1), I(2), I(3)), L(3, I(1), I(3), I(2))));   /* not_eq_list_order */
  CHECK(!eq(L(1, S("case")), L(1, S("cAse"))));
  CHECK(!eq(L(1, S("one")), L(2, I(2), I(3))));                  /* not_eq_list_length */
  CHECK(!eq(L(3, I(1), S("dos"), I(3)), L(3, I(1), I(2), I(4))));
  CHECK(eq(L(1, I(1)), L(1, D(1.0))));                            /* eq_list_elem_mixed_types */
  CHECK(!eq(L(3, I(1), I(2), NUL()), L(3, I(1), NUL(), I(3))));   /* not_eq_list_elem_null */
  CHECK(eq(L(1, L(0)), L(1, L(0))));                              /* not_ne_list_of_list */
  CHECK(!eq(L(0), L(1, I(1))));                                   /* ne_list_empty */
  CHECK(!eq(L(3, BO(true), BO(false), BO(true)), L(3, BO(true), BO(true), BO(false))));
  /* maps */
  CHECK(eq(M(0), M(0)));
  CHECK(eq(M(1, S("k"), NUL()), M(1, S("k"), NUL())));
  CHECK(!eq(M(2, S("k"), I(1), S("j"), I(2)), M(2, S("k"), I(1), S("j"), NUL())));
  CHECK(eq(M(1, S("k"), S("v")), M(1, S("k"), S("v"))));
  CHECK(eq(M(1, S("k"), D(1.0)), M(1, S("k"), D(1e+0))));
  CHECK(eq(M(2, I(1), D(1.0), U(2), U(3)), M(2, U(1), I(1), I(2), D(3.0)))); /* eq_map_mixed_type_numbers */
  CHECK(!eq(M(1, S("k"), S("v")), M(1, S("k"), S("v1"))));
  CHECK(!eq(M(2, S("k"), S("v"), S("k1"), S("v1")), M(1, S("k"), S("v")))); /* not_eq_map_extra_key */
  CHECK(!eq(M(1, S("k"), S("v")), M(2, S("k"), S("v"), S("k1"), S("v1"))));
  CHECK(eq(M(2, S("k1"), S("v1"), S("k2"), S("v2")), M(2, S("k2"), S("v2"), S("k1"), S("v1"))));
  CHECK(!eq(M(1, S("key"), S("value")), M(1, S("Key"), S("value"))));
  CHECK(!eq(M(3, S("k1"), I(1), S("k2"), S("dos"), S("k3"), I(3)),
            M(3, S("k1"), I(1), S("k2"), I(2), S("k3"), I(4))));
  CHECK(eq(D(1.0), I(1)));                                        /* eq_mixed_types */
  CHECK(!eq(M(2, S("k"), S("v"), I(1), I(1)), M(2, S("k"), S("v"), I(1), S("v1"))));
  CHECK(!eq(M(2, I(1), S("hello"), I(2), S("world")), M(2, I(1), S("goodbye"), I(2), NUL())));
  CHECK(!eq(M(1, S("k"), BO(true)), M(1, S("k1"), BO(true))));   /* ne_map_by_key */
  CHECK(eq(M(1, I(1), D(1.0)), M(1, I(1), D(1.0))));              /* not_ne_map_int_to_float */
  CHECK(eq(M(0), lv_value_map(NULL)));
  /* bound: map_ne_right_false, list_eq_right_false */
  CHECK(eq(M(2, S("a"), S("b"), S("c"), S("d")), M(2, S("c"), S("d"), S("a"), S("b"))));
  CHECK(!eq(L(2, I(1), I(2)), L(2, I(2), I(1))));
  CHECK(!eq(U(999), U(1000)));                                    /* uint_eq_right_false */
  /* null against everything else: not_eq_dyn_*_null */
  CHECK(!eq(BO(false), NUL()));
  CHECK(!eq(BY("", 0), NUL()));
  CHECK(!eq(D(2.1), NUL()));
  CHECK(!eq(lv_value_duration(0, 0), NUL()));
  CHECK(!eq(I(1), NUL()));
  CHECK(!eq(L(0), NUL()));
  CHECK(!eq(M(0), NUL()));
  CHECK(!eq(S(""), NUL()));
  CHECK(!eq(lv_value_timestamp(0, 0), NUL()));
  CHECK(!eq(L(0), M(0)));
  /* time */
  CHECK(eq(lv_value_duration(3600, 0), lv_value_duration(3600, 0)));
  CHECK(!eq(lv_value_duration(1, 0), lv_value_duration(1, 1)));
  CHECK(!eq(lv_value_duration(1, 0), lv_value_timestamp(1, 0)));
  CHECK(eq(lv_value_timestamp(1234567890, 5), lv_value_timestamp(1234567890, 5)));
  /* types */
  lv_value t_int = {LV_TYPE, LV_INT, {.i = 0}}, t_uint = {LV_TYPE, LV_UINT, {.i = 0}};
  lv_value t_m0 = {LV_TYPE, LV_MSG, {.i = 0}}, t_m1 = {LV_TYPE, LV_MSG, {.i = 1}};
  CHECK(eq(t_int, t_int));
  CHECK(!eq(t_int, t_uint));
  CHECK(!eq(t_m0, t_m1));
  CHECK(eq(t_m0, t_m0));
  CHECK(!eq(t_int, I(0)));
  /* optionals */
  lv_value one = I(1), onef = D(1.0), two = I(2);
  lv_value o1 = {LV_OPTIONAL, 0, {.p = &one}}, o1f = {LV_OPTIONAL, 0, {.p = &onef}};
  lv_value o2 = {LV_OPTIONAL, 0, {.p = &two}}, none = {LV_OPTIONAL, 0, {.p = NULL}};
  CHECK(eq(o1, o1f));
  CHECK(!eq(o1, o2));
  CHECK(!eq(o1, none));
  CHECK(eq(none, none));
  CHECK(!eq(o1, one));
  /* a corrupt tag equals nothing */
  lv_value bad = {LV_TAG_COUNT + 3, 0, {.i = 0}};
  CHECK(!eq(bad, bad));

  /* Deep nesting neither crashes nor overflows the stack. */
  lv_value deep_a = I(1), deep_b = I(1);
  for (int i = 0; i < 2000; i++) {
    deep_a = L(1, deep_a);
    deep_b = L(1, deep_b);
  }
  CHECK(!eq(deep_a, deep_b)); /* past the depth guard: unequal by definition */
  lv_value shallow_a = I(1), shallow_b = D(1.0);
  for (int i = 0; i < 500; i++) {
    shallow_a = L(1, shallow_a);
    shallow_b = L(1, shallow_b);
  }
  CHECK(eq(shallow_a, shallow_b));
}

static void test_messages(void) {
  reading_t r1, r2;
  reading_set(&r1, "d1", 85.0);
  reading_set(&r2, "d1", 85.0);
  CHECK(eq(msg(0, &r1), msg(0, &r2))); /* eq_proto3 */
  r2.temp = 85.5;
  CHECK(!eq(msg(0, &r1), msg(0, &r2)));
  r2.temp = 85.0;
  /* eq_proto3_missing_fields_neq: same values, different presence */
  r1.humidity = 0;
  lv_msg_set_present(&r1, 2);
  CHECK(!eq(msg(0, &r1), msg(0, &r2)));
  CHECK(!eq(msg(0, &r2), msg(0, &r1)));
  lv_msg_set_present(&r2, 2);
  CHECK(eq(msg(0, &r1), msg(0, &r2)));
  /* Absent fields are not compared, whatever their slot holds. */
  r1.tags = (const lv_list *)L(1, S("x")).v.p;
  CHECK(eq(msg(0, &r1), msg(0, &r2)));
  /* Lists in fields compare element-wise. */
  r2.tags = (const lv_list *)L(1, S("x")).v.p;
  lv_msg_set_present(&r1, 4);
  lv_msg_set_present(&r2, 4);
  CHECK(eq(msg(0, &r1), msg(0, &r2)));
  r2.tags = (const lv_list *)L(1, S("y")).v.p;
  CHECK(!eq(msg(0, &r1), msg(0, &r2)));
  r2.tags = r1.tags;
  /* eq_proto_nan_equal: a NaN field makes messages unequal, even to itself
   * when read through different structs. */
  r1.temp = r2.temp = NAN;
  CHECK(!eq(msg(0, &r1), msg(0, &r2)));
  r1.temp = r2.temp = 85.0;
  /* Nested messages, through the field's schema. */
  location_t l1 = {{0}, 1.5, 2.5}, l2 = {{0}, 1.5, 2.5};
  lv_msg_set_present(&l1, 0);
  lv_msg_set_present(&l1, 1);
  lv_msg_set_present(&l2, 0);
  lv_msg_set_present(&l2, 1);
  r1.loc = &l1;
  r2.loc = &l2;
  lv_msg_set_present(&r1, 3);
  lv_msg_set_present(&r2, 3);
  CHECK(eq(msg(0, &r1), msg(0, &r2)));
  l2.lon = 3.0;
  CHECK(!eq(msg(0, &r1), msg(0, &r2)));
  /* Messages of different schemas: eq_proto_different_types */
  CHECK(!eq(msg(0, &r1), msg(1, &l1)));
  CHECK(!eq(msg(1, &l1), NUL()));
  CHECK(!eq(msg(1, &l1), M(0)));
  /* Without cx->rt the schema is unknown: identity only. */
  lv_ctx bare = {&arena, NULL, NULL, NULL};
  lv_value a = msg(1, &l1), b = msg(1, &l2), a2 = msg(1, &l1);
  CHECK(lv_value_equal(&bare, &a, &a2));
  CHECK(!lv_value_equal(&bare, &a, &b));
  CHECK(!lv_value_equal(NULL, &a, &b));
  /* A NULL message pointer is an empty message. */
  location_t empty = {{0}, 0, 0};
  CHECK(eq(msg(1, NULL), msg(1, &empty)));
  CHECK(!eq(msg(1, NULL), msg(1, &l1)));
  /* Schema index out of range: identity. */
  CHECK(!eq(msg(7, &l1), msg(7, &l2)));
}

static void test_ordering(void) {
  /* lt_literal */
  CHECK(lt(I(-1), I(0)));
  CHECK(!lt(I(0), I(0)));
  CHECK(lt(U(0), U(1)));
  CHECK(!lt(U(2), U(2)));
  CHECK(lt(D(1.0), D(1.0000001)));
  CHECK(!lt(D(-0.0), D(0.0)));
  CHECK(lt(S("a"), S("b")));
  CHECK(lt(S(""), S("a")));
  CHECK(lt(S("Abc"), S("aBC")));
  CHECK(lt(S("abc"), S("abcd")));
  CHECK(lt(S("a"), S("\u00e1")));
  CHECK(!lt(S(""), S("")));
  CHECK(!lt(S("abc"), S("abc")));
  CHECK(!lt(S("a"), S("AB")));
  CHECK(lt(S("f"), S("\u1ebf")));               /* unicode_order_lexical */
  CHECK(lt(BY("a", 1), BY("b", 1)));
  CHECK(!lt(BY("abc", 3), BY("abc", 3)));
  CHECK(!lt(BY("\xc3\xa1", 2), BY("b", 1)));   /* not_lt_bytes_width */
  CHECK(lt(BO(false), BO(true)));
  CHECK(!lt(BO(true), BO(true)));
  CHECK(!lt(BO(true), BO(false)));
  CHECK_INT(cmp(L(1, I(0)), L(1, I(1))), CMP_ERR); /* lt_list_unsupported */
  CHECK_INT(cmp(M(1, I(0), S("a")), M(1, I(1), S("b"))), CMP_ERR);
  CHECK_INT(cmp(NUL(), NUL()), CMP_ERR);
  CHECK_INT(cmp(S("foo"), I(1024)), CMP_ERR);    /* lt_mixed_types_error */
  CHECK_INT(cmp(S("foo"), D(1.0)), CMP_ERR);     /* gte_mixed_types_error */
  CHECK_INT(cmp(BY("a", 1), S("a")), CMP_ERR);
  CHECK_INT(cmp(lv_value_timestamp(0, 0), lv_value_duration(0, 0)), CMP_ERR);
  lv_value t_int = {LV_TYPE, LV_INT, {.i = 0}};
  CHECK_INT(cmp(t_int, t_int), CMP_ERR);
  /* The error names both types. */
  int out;
  lv_value s = S("foo"), n = I(1024);
  const lv_err *e = lv_value_compare(&cx, &out, &s, &n);
  CHECK_STR(e ? e->msg : NULL, "no such overload: cannot compare string with int");
  /* cross-type numbers */
  CHECK(lt(I(1), U(2)));
  CHECK(lt(I(1), D(2.0)));
  CHECK(lt(U(1), I(2)));
  CHECK(lt(U(1), D(2.0)));
  CHECK(lt(D(1.0), I(2)));
  CHECK(lt(D(1.0), U(2)));
  CHECK(!lt(I(1), U(1)));
  CHECK(!lt(I(1), D(1.0)));
  CHECK(!lt(U(1), I(1)));
  CHECK(!lt(U(1), D(1.0)));
  CHECK(!lt(D(1.0), I(1)));
  CHECK(!lt(D(1.0), U(1)));
  CHECK(lt(I(1), U(9223372036854775808ULL)));                      /* lt_dyn_int_big_uint */
  CHECK(lt(I(-1), U(0)));                                           /* lt_dyn_small_int_uint */
  CHECK(!lt(I(INT64_MAX), D(9223372036854775808.0)));               /* not_lt_dyn_int_big_lossy_double */
  CHECK(lt(I(INT64_MAX), D(9223372036854777857.0)));                /* lt_dyn_int_big_lossy_double */
  CHECK(!lt(I(INT64_MAX), D(-9223372036854777857.0)));              /* not_lt_dyn_int_small_double */
  CHECK(!lt(I(INT64_MIN), D(-9223372036854775809.0)));              /* not_lt_dyn_int_small_lossy_double */
  CHECK(!lt(U(1), I(INT64_MIN)));                                   /* not_lt_dyn_uint_small_int */
  CHECK(!lt(U(9223372036854775808ULL), I(1)));                      /* not_lt_dyn_big_uint_int */
  CHECK(!lt(U(UINT64_MAX), D(-1.0)));                               /* not_lt_dyn_uint_small_double */
  CHECK(lt(U(UINT64_MAX), D(18446744073709590000.0)));              /* lt_dyn_uint_big_double */
  CHECK(!lt(D(18446744073709553665.0), U(UINT64_MAX)));             /* not_lt_dyn_big_double_uint */
  CHECK(!lt(D(9223372036854775808.0), I(INT64_MAX)));               /* not_lt_dyn_big_double_int */
  CHECK(!lt(D(-9223372036854775809.0), I(INT64_MIN)));              /* not_lt_dyn_small_double_int */
  /* gt_literal */
  CHECK(gt(I(42), I(-42)));
  CHECK(!gt(I(0), I(0)));
  CHECK(gt(U(48), U(46)));
  CHECK(!gt(U(0), U(999)));
  CHECK(gt(D(1e+1), D(1e+0)));
  CHECK(!gt(D(.99), D(9.9e-1)));
  CHECK(gt(S("abc"), S("aBc")));
  CHECK(gt(S("A"), S("")));
  CHECK(!gt(S(""), S("")));
  CHECK(gt(S("α"), S("omega")));
  CHECK(gt(BY("\x01", 1), BY("\x00", 1)));
  CHECK(gt(BY("\x00", 1), BY("", 0)));
  CHECK(!gt(BY("\x00\x01", 2), BY("\x01", 1)));
  CHECK(gt(BO(true), BO(false)));
  CHECK(!gt(BO(false), BO(true)));
  CHECK(!gt(BO(true), BO(true)));
  CHECK(gt(I(2), U(1)));
  CHECK(gt(I(2), D(1.0)));
  CHECK(gt(U(2), I(1)));
  CHECK(gt(U(2), D(1.0)));
  CHECK(gt(D(2.0), I(1)));
  CHECK(gt(D(2.0), U(1)));
  CHECK(!gt(I(1), U(9223372036854775808ULL)));
  CHECK(!gt(I(-1), U(0)));
  CHECK(!gt(I(INT64_MAX), D(9223372036854775808.0)));               /* not_gt_dyn_int_big_double */
  CHECK(!gt(I(INT64_MIN), D(-9223372036854775809.0)));
  CHECK(gt(I(INT64_MIN), D(-9223372036854777857.0)));               /* gt_dyn_int_small_lossy_double_greater */
  CHECK(gt(U(1), I(-1)));
  CHECK(gt(U(9223372036854775808ULL), I(1)));
  CHECK(gt(U(9223372036854775807ULL), D(-1.0)));
  CHECK(!gt(U(UINT64_MAX), D(18446744073709590000.0)));
  CHECK(gt(D(18446744073709553665.0), U(UINT64_MAX)));              /* gt_dyn_big_double_uint */
  CHECK(!gt(D(9223372036854775808.0), I(INT64_MAX)));
  CHECK(!gt(D(-9223372036854775809.0), I(INT64_MIN)));
  /* lte_literal */
  CHECK(le(I(0), I(1)));
  CHECK(le(I(1), I(1)));
  CHECK(!le(I(1), I(-1)));
  CHECK(le(U(0), U(1)));
  CHECK(le(U(1), U(1)));
  CHECK(!le(U(1), U(0)));
  CHECK(le(D(0.0), D(0.1e-31)));
  CHECK(le(D(0.0), D(0e-1)));
  CHECK(!le(D(1.0), D(0.99)));
  CHECK(le(S(""), S("")));
  CHECK(le(S(""), S("a")));
  CHECK(!le(S("a"), S("")));
  CHECK(le(S("aBc"), S("abc")));
  CHECK(le(S("α"), S("α")));
  CHECK(le(S("a"), S("α")));
  CHECK(!le(S("α"), S("a")));
  CHECK(le(BY("", 0), BY("\x00", 1)));
  CHECK(!le(BY("\x01\x00", 2), BY("\x01", 1)));
  CHECK(le(BO(false), BO(true)));
  CHECK(le(BO(false), BO(false)));
  CHECK(!le(BO(true), BO(false)));
  CHECK(le(I(1), U(2)));
  CHECK(le(I(1), D(2.0)));
  CHECK(le(U(1), I(2)));
  CHECK(le(U(1), D(2.0)));
  CHECK(le(D(1.0), I(2)));
  CHECK(le(D(1.0), U(2)));
  CHECK(!le(I(2), U(1)));
  CHECK(!le(I(2), D(1.0)));
  CHECK(!le(U(2), I(1)));
  CHECK(!le(U(2), D(1.0)));
  CHECK(!le(D(2.0), I(1)));
  CHECK(!le(D(2.0), U(1)));
  CHECK(le(I(1), U(9223372036854775808ULL)));
  CHECK(le(I(-1), U(0)));
  CHECK(le(I(INT64_MAX), D(9223372036854775808.0)));                /* lte_dyn_int_big_double */
  CHECK(le(I(INT64_MIN), D(-9223372036854775809.0)));
  CHECK(!le(I(INT64_MIN), D(-9223372036854777857.0)));
  CHECK(!le(U(1), I(INT64_MIN)));
  CHECK(!le(U(9223372036854775808ULL), I(1)));
  CHECK(!le(U(UINT64_MAX), D(-1.0)));
  CHECK(le(U(UINT64_MAX), D(18446744073709590000.0)));
  CHECK(!le(D(18446744073709553665.0), U(UINT64_MAX)));
  CHECK(le(D(9223372036854775808.0), I(INT64_MAX)));
  CHECK(le(D(-9223372036854775809.0), I(INT64_MIN)));
  /* gte_literal */
  CHECK(ge(I(0), I(-1)));
  CHECK(ge(I(999), I(999)));
  CHECK(!ge(I(999), I(1000)));
  CHECK(ge(U(1), U(0)));
  CHECK(ge(U(0), U(0)));
  CHECK(!ge(U(1), U(10)));
  CHECK(ge(D(1e+1), D(1e+0)));
  CHECK(ge(D(9.80665), D(9.80665e+0)));
  CHECK(!ge(D(0.9999), D(1.0)));
  CHECK(ge(S(""), S("")));
  CHECK(ge(S("a"), S("")));
  CHECK(!ge(S(""), S("a")));
  CHECK(ge(S("abcd"), S("abc")));
  CHECK(!ge(S("abc"), S("abd")));
  CHECK(ge(S("τ"), S("τ")));
  CHECK(ge(S("τ"), S("t")));
  CHECK(!ge(S("t"), S("τ")));
  CHECK(ge(BY("\x00", 1), BY("", 0)));
  CHECK(!ge(BY("", 0), BY("\x00", 1)));
  CHECK(!ge(BY("\x00\x01", 2), BY("\x01\x00", 2)));
  CHECK(ge(BO(true), BO(false)));
  CHECK(ge(BO(true), BO(true)));
  CHECK(!ge(BO(false), BO(true)));
  CHECK(ge(I(2), U(1)));
  CHECK(ge(I(2), D(1.0)));
  CHECK(ge(U(2), I(1)));
  CHECK(ge(U(2), D(1.0)));
  CHECK(ge(D(2.0), I(1)));
  CHECK(ge(D(2.0), U(1)));
  CHECK(!ge(I(0), U(1)));
  CHECK(!ge(I(0), D(1.0)));
  CHECK(!ge(U(0), I(1)));
  CHECK(!ge(U(0), D(1.0)));
  CHECK(!ge(D(0.0), I(1)));
  CHECK(!ge(D(0.0), U(1)));
  CHECK(!ge(I(1), U(9223372036854775808ULL)));
  CHECK(!ge(I(-1), U(0)));
  CHECK(ge(I(INT64_MAX), D(9223372036854775808.0)));                /* gte_dyn_int_big_lossy_double */
  CHECK(!ge(I(INT64_MAX), D(9223372036854777857.0)));
  CHECK(ge(I(INT64_MIN), D(-9223372036854775809.0)));
  CHECK(ge(I(INT64_MIN), D(-9223372036854777857.0)));
  CHECK(ge(U(1), I(-1)));
  CHECK(ge(U(9223372036854775808ULL), I(1)));
  CHECK(ge(U(9223372036854775807ULL), D(-1.0)));
  CHECK(!ge(U(UINT64_MAX), D(18446744073709553665.0)));
  CHECK(ge(D(18446744073709553665.0), U(UINT64_MAX)));
  CHECK(ge(D(9223372036854775808.0), I(INT64_MAX)));
  CHECK(ge(D(-9223372036854775809.0), I(INT64_MIN)));
  /* NaN: unordered, so every comparison is false */
  CHECK_INT(cmp(D(nan_v), D(1.0)), 2);
  CHECK_INT(cmp(I(1), D(nan_v)), 2);
  CHECK_INT(cmp(D(nan_v), U(1)), 2);
  CHECK(!lt(D(nan_v), D(nan_v)) && !le(D(nan_v), D(nan_v)) && !gt(D(nan_v), D(nan_v)) &&
        !ge(D(nan_v), D(nan_v)));
  CHECK(lt(D(-INFINITY), I(INT64_MIN)));
  CHECK(gt(D(INFINITY), U(UINT64_MAX)));
  /* bound section */
  CHECK(!gt(BY("\x00", 1), BY("\x00", 1)));  /* bytes_gt_left_false */
  CHECK(le(I(123), I(124)));                 /* int_lte_right_true */
  CHECK(lt(BO(false), BO(true)));            /* bool_lt_right_true */
  CHECK(ge(S("abcd"), S("abc")));            /* string_gte_right_true */
  CHECK_INT(cmp(NUL(), NUL()), CMP_ERR);     /* null_lt_right_no_such_overload */
  /* timestamps and durations */
  CHECK(lt(lv_value_timestamp(10, 0), lv_value_timestamp(10, 1)));
  CHECK(gt(lv_value_timestamp(11, 0), lv_value_timestamp(10, 999999999)));
  CHECK(lt(lv_value_timestamp(-1, 999999999), lv_value_timestamp(0, 0)));
  CHECK(lt(lv_value_duration(-1, -500000000), lv_value_duration(-1, 0)));   /* -1.5s < -1s */
  CHECK(lt(lv_value_duration(0, -500000000), lv_value_duration(0, 0)));     /* -0.5s < 0 */
  CHECK(gt(lv_value_duration(7200, 0), lv_value_duration(3600, 3)));
  CHECK_INT(cmp(lv_value_duration(60, 0), lv_value_duration(60, 0)), 0);
}

int main(void) {
  lv_arena_init(&arena, 0, 0);
  cx.arena = &arena;
  cx.rt = &rt;
  lv_schema_finish(&location_schema, &arena);
  lv_schema_finish(&reading_schema, &arena);
  test_lists();
  test_map_build();
  test_map_find();
  test_hash();
  test_equality();
  test_messages();
  test_ordering();
  lv_arena_free(&arena);
  return check_done();
}
