/* Printing boxed values as CEL literals and as JSON, and type names. The CEL
 * cases include the values of the conformance file basic.textproto. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>

#include "check.h"
#include "lv_values.h"

static lv_arena arena;
static lv_ctx cx;
static lv_buf buf = LV_BUF_INIT;

static lv_value I(int64_t i) { return lv_value_int(i); }
static lv_value U(uint64_t u) { return lv_value_uint(u); }
static lv_value D(double d) { return lv_value_double(d); }
static lv_value S(const char *s) { return lv_value_string(s, strlen(s)); }
static lv_value BY(const char *s, size_t n) { return lv_value_bytes(s, n); }
static lv_value BO(bool b) { return lv_value_bool(b); }
static lv_value NUL(void) { return lv_value_null(); }
static lv_value TY(uint32_t tag, int64_t schema) {
  lv_value v = {LV_TYPE, tag, {.i = schema}};
  return v;
}
static lv_value OPT(const lv_value *inner) {
  lv_value v = {LV_OPTIONAL, 0, {.p = inner}};
  return v;
}

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

static const char *cel_with(const lv_ctx *c, lv_value v) {
  lv_buf_clear(&buf);
  lv_value_print_cel(&buf, c, &v);
  return buf.data ? buf.data : "";
}
static const char *cel(lv_value v) { return cel_with(&cx, v); }
static const char *json_with(const lv_ctx *c, lv_value v) {
  lv_buf_clear(&buf);
  lv_value_print_json(&buf, c, &v);
  return buf.data ? buf.data : "";
}
static const char *json(lv_value v) { return json_with(&cx, v); }

/* message Reading { device: string (JSON "dev"), temp: double, humidity:
 * double?, loc: Location?, tags: list<string>?, extra: dyn? } */
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
  lv_value extra;
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
    {.name = "extra", .json_name = "extra", .json_len = 5, .type = {LV_K_DYN, NULL, NULL},
     .offset = offsetof(reading_t, extra), .index = 5, .optional = true},
};
static lv_schema reading_schema = {.name = "acme.Reading", .index = 0, .size = sizeof(reading_t),
                                   .nfields = 6, .fields = reading_fields};
static const lv_schema *schemas[] = {&reading_schema, &location_schema};
static const lv_rtinfo rt = {2, schemas};

static void test_cel_scalars(void) {
  /* basic.textproto self_eval_* */
  CHECK_STR(cel(I(0)), "0");
  CHECK_STR(cel(U(0)), "0u");
  CHECK_STR(cel(D(0.0)), "0.0");
  CHECK_STR(cel(S("")), "\"\"");
  CHECK_STR(cel(BY("", 0)), "b\"\"");
  CHECK_STR(cel(BO(false)), "false");
  CHECK_STR(cel(NUL()), "null");
  CHECK_STR(cel(L(0)), "[]");
  CHECK_STR(cel(M(0)), "{}");
  CHECK_STR(cel(I(42)), "42");
  CHECK_STR(cel(U(123456789)), "123456789u");
  CHECK_STR(cel(I(INT64_MIN)), "-9223372036854775808");
  CHECK_STR(cel(D(-2.3e+1)), "-23.0");
  CHECK_STR(cel(S("!")), "\"!\"");
  CHECK_STR(cel(S("'")), "\"'\"");
  CHECK_STR(cel(BY("\303\277", 2)), "b\"\\xc3\\xbf\"");
  CHECK_STR(cel(BY("\000\377", 2)), "b\"\\x00\\xff\"");
  CHECK_STR(cel(L(1, I(-1))), "[-1]");
  CHECK_STR(cel(M(1, S("k"), S("v"))), "{\"k\": \"v\"}");
  CHECK_STR(cel(BO(true)), "true");
  CHECK_STR(cel(I(1431655765)), "1431655765");
  CHECK_STR(cel(U(1431655765)), "1431655765u");
  CHECK_STR(cel(S("\u270c")), "\"\u270c\"");
  CHECK_STR(cel(S("\U0001f431")), "\"\U0001f431\"");
  CHECK_STR(cel(S("\a\b\f\n\r\t\v\"'\\")), "\"\\x07\\x08\\x0c\\n\\r\\t\\x0b\\\"'\\\\\"");
  /* more numbers */
  CHECK_STR(cel(I(-5)), "-5");
  CHECK_STR(cel(U(UINT64_MAX)), "18446744073709551615u");
  CHECK_STR(cel(D(1)), "1.0");
  CHECK_STR(cel(D(1.5)), "1.5");
  CHECK_STR(cel(D(-0.0)), "-0.0");
  CHECK_STR(cel(D(1e100)), "1e+100");
  CHECK_STR(cel(D(NAN)), "double(\"NaN\")");
  CHECK_STR(cel(D(-INFINITY)), "double(\"-Infinity\")");
  /* strings: controls, DEL and C1 controls as \xNN, other text as is */
  CHECK_STR(cel(S("a\x01z\x7f")), "\"a\\x01z\\x7f\"");
  CHECK_STR(cel(S("\xc2\x85|\xc2\x9f|\xc2\xa0|\xc3\xa9")), "\"\\x85|\\x9f|\xc2\xa0|\xc3\xa9\"");
  CHECK_STR(cel(S("\xe2\x80\xa8")), "\"\xe2\x80\xa8\"");
  CHECK_STR(cel(lv_value_string("a\0b", 3)), "\"a\\x00b\"");
  /* Invalid UTF-8 (never in a validated string) still prints readable CEL. */
  CHECK_STR(cel(S("\xff" "a\xc3")), "\"\\ufffda\\ufffd\"");
  /* bytes */
  CHECK_STR(cel(BY("abc", 3)), "b\"abc\"");
  CHECK_STR(cel(BY("\"\\\n\t\r ~", 7)), "b\"\\\"\\\\\\n\\t\\r ~\"");
  CHECK_STR(cel(BY("\x7f\x80", 2)), "b\"\\x7f\\x80\"");
}

static void test_cel_composites(void) {
  CHECK_STR(cel(L(2, I(1), S("a"))), "[1, \"a\"]");
  CHECK_STR(cel(L(3, L(1, I(1)), L(0), M(0))), "[[1], [], {}]");
  CHECK_STR(cel(M(2, S("k"), I(1), I(2), BO(true))), "{\"k\": 1, 2: true}");
  CHECK_STR(cel(M(3, U(1), NUL(), BO(false), D(2.5), S("z"), L(1, U(3)))),
            "{1u: null, false: 2.5, \"z\": [3u]}");
  /* Insertion order, also for indexed maps. */
  lv_value k[10], v[10];
  for (int i = 0; i < 10; i++) {
    k[i] = I(9 - i);
    v[i] = I(i);
  }
  const lv_map *m = NULL;
  CHECK(lv_map_new(&cx, &m, k, v, 10) == NULL);
  CHECK_STR(cel(lv_value_map(m)), "{9: 0, 8: 1, 7: 2, 6: 3, 5: 4, 4: 5, 3: 6, 2: 7, 1: 8, 0: 9}");
  CHECK_STR(cel(lv_value_list(NULL)), "[]");
  CHECK_STR(cel(lv_value_map(NULL)), "{}");
  /* time */
  CHECK_STR(cel(lv_value_timestamp(1234567890, 0)), "timestamp(\"2009-02-13T23:31:30Z\")");
  CHECK_STR(cel(lv_value_timestamp(1234567890, 100000000)), "timestamp(\"2009-02-13T23:31:30.100Z\")");
  CHECK_STR(cel(lv_value_duration(1, 500000000)), "duration(\"1.5s\")");
  CHECK_STR(cel(lv_value_duration(-3600, 0)), "duration(\"-3600s\")");
  CHECK_STR(cel(lv_value_duration(0, -1)), "duration(\"-0.000000001s\")");
  /* types */
  CHECK_STR(cel(TY(LV_INT, 0)), "int");
  CHECK_STR(cel(TY(LV_UINT, 0)), "uint");
  CHECK_STR(cel(TY(LV_DOUBLE, 0)), "double");
  CHECK_STR(cel(TY(LV_BOOL, 0)), "bool");
  CHECK_STR(cel(TY(LV_STRING, 0)), "string");
  CHECK_STR(cel(TY(LV_BYTES, 0)), "bytes");
  CHECK_STR(cel(TY(LV_NULL, 0)), "null_type");
  CHECK_STR(cel(TY(LV_LIST, 0)), "list");
  CHECK_STR(cel(TY(LV_MAP, 0)), "map");
  CHECK_STR(cel(TY(LV_TYPE, 0)), "type");
  CHECK_STR(cel(TY(LV_TIMESTAMP, 0)), "google.protobuf.Timestamp");
  CHECK_STR(cel(TY(LV_DURATION, 0)), "google.protobuf.Duration");
  CHECK_STR(cel(TY(LV_OPTIONAL, 0)), "optional_type");
  CHECK_STR(cel(TY(LV_MSG, 1)), "acme.Location");
  CHECK_STR(cel(TY(LV_MSG, 5)), "message"); /* index out of range */
  CHECK_STR(cel_with(NULL, TY(LV_MSG, 0)), "message");
  CHECK_STR(cel(TY(LV_TAG_COUNT + 1, 0)), "unknown");
  /* optionals */
  lv_value one = I(1), none = OPT(NULL), s = S("x");
  CHECK_STR(cel(OPT(&one)), "optional.of(1)");
  CHECK_STR(cel(none), "optional.none()");
  CHECK_STR(cel(OPT(&none)), "optional.of(optional.none())");
  CHECK_STR(cel(L(2, OPT(&s), none)), "[optional.of(\"x\"), optional.none()]");
  /* a corrupt value prints, and does not crash */
  lv_value bad = {LV_TAG_COUNT + 2, 0, {.i = 0}};
  CHECK_STR(cel(bad), "<invalid value>");
}

static void reading_init(reading_t *r, location_t *l) {
  memset(r, 0, sizeof *r);
  memset(l, 0, sizeof *l);
  r->device = (lv_str){"d1", 2};
  r->temp = 85.0;
  lv_msg_set_present(r, 0);
  lv_msg_set_present(r, 1);
  l->lat = 48.5;
  l->lon = -2.25;
  lv_msg_set_present(l, 0);
  lv_msg_set_present(l, 1);
}

static void test_messages(void) {
  reading_t r;
  location_t l;
  reading_init(&r, &l);
  lv_value v = {LV_MSG, 0, {.p = &r}};
  CHECK_STR(cel(v), "acme.Reading{device: \"d1\", temp: 85.0}");
  CHECK_STR(json(v), "{\"dev\":\"d1\",\"temp\":85}");
  buf.len = 0;
  lv_msg_print_json(&buf, &cx, &reading_schema, &r);
  CHECK_STR(buf.data, "{\"dev\":\"d1\",\"temp\":85}");
  /* all fields present: schema order; nested message; list; dyn */
  r.humidity = 91.5;
  r.loc = &l;
  r.tags = lv_value_list(NULL).v.p;
  r.tags = L(2, S("a"), S("b\"")).v.p;
  r.extra = M(1, S("n"), L(1, NUL()));
  for (uint32_t i = 2; i < 6; i++) lv_msg_set_present(&r, i);
  CHECK_STR(cel(v), "acme.Reading{device: \"d1\", temp: 85.0, humidity: 91.5, "
                    "loc: acme.Location{lat: 48.5, lon: -2.25}, tags: [\"a\", \"b\\\"\"], "
                    "extra: {\"n\": [null]}}");
  CHECK_STR(json(v), "{\"dev\":\"d1\",\"temp\":85,\"humidity\":91.5,\"loc\":{\"lat\":48.5,\"lon\":-2.25},"
                     "\"tags\":[\"a\",\"b\\\"\"],\"extra\":{\"n\":[null]}}");
  /* absent fields are omitted */
  reading_t r2;
  memset(&r2, 0, sizeof r2);
  lv_value v2 = {LV_MSG, 0, {.p = &r2}};
  CHECK_STR(cel(v2), "acme.Reading{}");
  CHECK_STR(json(v2), "{}");
  lv_value vnull = {LV_MSG, 1, {.p = NULL}};
  CHECK_STR(cel(vnull), "acme.Location{}");
  CHECK_STR(json(vnull), "{}");
  /* a present nested message with a NULL struct is an empty message */
  r2.loc = NULL;
  lv_msg_set_present(&r2, 3);
  CHECK_STR(cel(v2), "acme.Reading{loc: acme.Location{}}");
  CHECK_STR(json(v2), "{\"loc\":{}}");
  /* messages as boxed elements */
  lv_value lv = {LV_MSG, 1, {.p = &l}};
  CHECK_STR(cel(L(2, lv, lv)), "[acme.Location{lat: 48.5, lon: -2.25}, acme.Location{lat: 48.5, lon: -2.25}]");
  CHECK_STR(json(M(1, S("at"), lv)), "{\"at\":{\"lat\":48.5,\"lon\":-2.25}}");
  /* without schemas */
  CHECK_STR(cel_with(NULL, lv), "<message of unknown schema>");
  CHECK_STR(json_with(NULL, lv), "{}");
  lv_value far = {LV_MSG, 99, {.p = &l}};
  CHECK_STR(cel(far), "<message of unknown schema>");
  buf.len = 0;
  lv_msg_print_json(&buf, &cx, NULL, &l);
  CHECK_STR(buf.data, "{}");
  /* type names */
  CHECK_STR(lv_value_type_name(&cx, &lv), "acme.Location");
  CHECK_STR(lv_type_name(&cx, &lv), "acme.Location");
  CHECK_STR(lv_value_type_name(NULL, &lv), "message");
  lv_value ti = TY(LV_INT, 0);
  CHECK_STR(lv_type_name(&cx, &ti), "int");
  CHECK_STR(lv_value_type_name(&cx, &ti), "type");
}

static void test_json(void) {
  CHECK_STR(json(NUL()), "null");
  CHECK_STR(json(BO(true)), "true");
  CHECK_STR(json(I(-5)), "-5");
  CHECK_STR(json(I(INT64_MIN)), "-9223372036854775808");
  CHECK_STR(json(U(UINT64_MAX)), "18446744073709551615");
  CHECK_STR(json(D(1.5)), "1.5");
  CHECK_STR(json(D(100)), "100");
  CHECK_STR(json(D(1e21)), "1e+21");
  CHECK_STR(json(D(NAN)), "\"NaN\"");
  CHECK_STR(json(D(INFINITY)), "\"Infinity\"");
  CHECK_STR(json(D(-INFINITY)), "\"-Infinity\"");
  CHECK_STR(json(S("a\"b\\\n\x07\xc3\xa9")), "\"a\\\"b\\\\\\n\\u0007\xc3\xa9\"");
  CHECK_STR(json(BY("", 0)), "\"\"");
  CHECK_STR(json(BY("\x00\xff", 2)), "\"AP8=\"");
  CHECK_STR(json(BY("abc", 3)), "\"YWJj\"");
  CHECK_STR(json(BY("abcd", 4)), "\"YWJjZA==\"");
  CHECK_STR(json(lv_value_timestamp(1234567890, 0)), "\"2009-02-13T23:31:30Z\"");
  CHECK_STR(json(lv_value_duration(1, 500000000)), "\"1.5s\"");
  CHECK_STR(json(L(3, I(1), S("a"), NUL())), "[1,\"a\",null]");
  CHECK_STR(json(L(0)), "[]");
  CHECK_STR(json(lv_value_list(NULL)), "[]");
  CHECK_STR(json(M(0)), "{}");
  CHECK_STR(json(lv_value_map(NULL)), "{}");
  /* non-string keys as their string form */
  CHECK_STR(json(M(4, S("k"), I(1), I(-2), BO(true), U(3), D(0.5), BO(false), L(0))),
            "{\"k\":1,\"-2\":true,\"3\":0.5,\"false\":[]}");
  CHECK_STR(json(M(1, S("a\"\n"), I(1))), "{\"a\\\"\\n\":1}");
  /* type values as their names, optionals as their value or null */
  CHECK_STR(json(TY(LV_TIMESTAMP, 0)), "\"google.protobuf.Timestamp\"");
  CHECK_STR(json(TY(LV_MSG, 0)), "\"acme.Reading\"");
  lv_value one = I(1);
  CHECK_STR(json(OPT(&one)), "1");
  CHECK_STR(json(OPT(NULL)), "null");
  lv_value bad = {LV_TAG_COUNT + 2, 0, {.i = 0}};
  CHECK_STR(json(bad), "null");
  /* printing appends */
  lv_buf_clear(&buf);
  lv_value a = I(1), b = S("x");
  lv_value_print_json(&buf, &cx, &a);
  lv_value_print_cel(&buf, &cx, &b);
  CHECK_STR(buf.data, "1\"x\"");
}

static void test_depth(void) {
  /* 150 nested lists: the 101 outer ones print, deeper ones as ... */
  lv_value v = I(7);
  for (int i = 0; i < 150; i++) v = L(1, v);
  char want[512], *p = want;
  for (int i = 0; i < 101; i++) *p++ = '[';
  p += sprintf(p, "...");
  for (int i = 0; i < 101; i++) *p++ = ']';
  *p = 0;
  CHECK_STR(cel(v), want);
  p = want;
  for (int i = 0; i < 101; i++) *p++ = '[';
  p += sprintf(p, "\"...\"");
  for (int i = 0; i < 101; i++) *p++ = ']';
  *p = 0;
  CHECK_STR(json(v), want);
  /* exactly 101 levels print in full */
  lv_value w = I(7);
  for (int i = 0; i < 101; i++) w = L(1, w);
  CHECK(strstr(cel(w), "...") == NULL);
  CHECK(strstr(json(w), "...") == NULL);
  /* maps and optionals count too; very deep values do not crash */
  lv_value deep = I(1);
  for (int i = 0; i < 100000; i++) {
    if (i % 2) {
      deep = L(1, deep);
    } else {
      lv_value k = I(i);
      const lv_map *m = NULL;
      if (lv_map_new(&cx, &m, &k, &deep, 1)) break;
      deep = lv_value_map(m);
    }
  }
  CHECK(strstr(cel(deep), "...") != NULL);
  CHECK(strstr(json(deep), "\"...\"") != NULL);
}

int main(void) {
  lv_arena_init(&arena, 0, 0);
  cx.arena = &arena;
  cx.rt = &rt;
  lv_schema_finish(&location_schema, &arena);
  lv_schema_finish(&reading_schema, &arena);
  test_cel_scalars();
  test_cel_composites();
  test_messages();
  test_json();
  test_depth();
  lv_buf_free(&buf);
  lv_arena_free(&arena);
  return check_done();
}
