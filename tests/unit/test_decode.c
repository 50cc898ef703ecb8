/* lv_decode: JSON events into schema structs. Every kind accepted and
 * rejected, nulls, defaults, optional fields, captures, unknown keys,
 * fields no rule needs, limits; every reason with its path and offset. */
#include "check.h"
#include "decode/decode.h"
#include "lv_values.h"

#include <math.h>

static lv_arena meta;  /* schemas */
static lv_arena arena; /* events */

/* --- schemas built by hand ------------------------------------------------------ */

typedef struct tschema {
  lv_schema s;
  lv_field f[80];
} tschema;

static const lv_rtype t_int = {LV_K_INT, NULL, NULL};
static const lv_rtype t_string = {LV_K_STRING, NULL, NULL};

static void ts_begin(tschema *t, const char *name, uint32_t index) {
  memset(t, 0, sizeof *t);
  t->s.name = name;
  t->s.index = index;
  t->s.fields = t->f;
}

static lv_field *ts_add(tschema *t, const char *name, lv_kind k) {
  lv_field *f = &t->f[t->s.nfields];
  f->name = f->json_name = name;
  f->json_len = (uint32_t)strlen(name);
  f->type.kind = k;
  f->index = t->s.nfields++;
  f->needed = true;
  return f;
}

static lv_field *ts_add_elem(tschema *t, const char *name, lv_kind k, const lv_rtype *elem) {
  lv_field *f = ts_add(t, name, k);
  f->type.elem = elem;
  return f;
}

static lv_field *ts_add_msg(tschema *t, const char *name, const tschema *sub) {
  lv_field *f = ts_add(t, name, LV_K_MSG);
  f->type.schema = &sub->s;
  return f;
}

/* Slots after the presence words, each aligned to its size (at most 8). */
static void ts_finish(tschema *t) {
  uint32_t off = lv_presence_words(t->s.nfields) * 8;
  for (uint32_t i = 0; i < t->s.nfields; i++) {
    uint32_t sz = lv_kind_slot_size((lv_kind)t->f[i].type.kind), al = sz >= 8 ? 8 : sz;
    off = (off + al - 1) / al * al;
    t->f[i].offset = off;
    off += sz;
  }
  t->s.size = (off + 7) / 8 * 8;
  lv_schema_finish(&t->s, &meta);
}

static const lv_field *field(const tschema *t, const char *name) {
  const lv_field *f = lv_schema_field_by_name(&t->s, name, strlen(name));
  if (!f) fprintf(stderr, "no field %s\n", name);
  return f;
}
static bool has(const tschema *t, const void *msg, const char *name) {
  const lv_field *f = field(t, name);
  return f && lv_msg_has(msg, f->index);
}
static lv_value get(const tschema *t, const void *msg, const char *name) {
  const lv_field *f = field(t, name);
  return f ? lv_field_get(f, msg) : lv_value_null();
}
static const char *str(lv_value v) {
  static char buf[8][256];
  static int k;
  char *b = buf[k++ % 8];
  if ((v.tag != LV_STRING && v.tag != LV_BYTES) || v.aux >= 256) return "(not a string)";
  memcpy(b, v.v.s, v.aux);
  b[v.aux] = 0;
  return b;
}

/* --- decoding -------------------------------------------------------------------- */

static lv_decode_error derr;

static void *dec_n(const tschema *t, const char *json, size_t len) {
  void *out = (void *)1;
  memset(&derr, 0, sizeof derr);
  if (lv_decode(&out, &arena, &t->s, json, len, NULL, 0, NULL, &derr) != 0) {
    if (out) fprintf(stderr, "failed decode left *out set\n");
    return NULL;
  }
  return out;
}
static void *dec(const tschema *t, const char *json) { return dec_n(t, json, strlen(json)); }

#define CHECK_OK(m, json)                                                              \
  do {                                                                                 \
    m = dec(&(m##_t), (json));                                                         \
    CHECK(m != NULL);                                                                  \
    if (!m) fprintf(stderr, "  %s: %s at %s (offset %u)\n", (json), derr.reason, derr.path, \
                    derr.offset);                                                      \
  } while (0)

#define CHECK_FAIL(t, json, off, path_, reason_)                                       \
  do {                                                                                 \
    CHECK(dec(&(t), (json)) == NULL);                                                  \
    CHECK_INT(derr.offset, (off));                                                     \
    CHECK_STR(derr.path, (path_));                                                     \
    CHECK_STR(derr.reason, (reason_));                                                 \
  } while (0)

/* One schema with a field of every scalar kind, all optional. */
static tschema sc_t;
static void make_scalars(void) {
  ts_begin(&sc_t, "test.Scalars", 0);
  ts_add(&sc_t, "b", LV_K_BOOL)->optional = true;
  ts_add(&sc_t, "i", LV_K_INT)->optional = true;
  ts_add(&sc_t, "u", LV_K_UINT)->optional = true;
  ts_add(&sc_t, "d", LV_K_DOUBLE)->optional = true;
  ts_add(&sc_t, "s", LV_K_STRING)->optional = true;
  ts_add(&sc_t, "y", LV_K_BYTES)->optional = true;
  ts_add(&sc_t, "t", LV_K_TIMESTAMP)->optional = true;
  ts_add(&sc_t, "r", LV_K_DURATION)->optional = true;
  ts_add(&sc_t, "x", LV_K_DYN)->optional = true;
  ts_finish(&sc_t);
}

static void test_scalars_ok(void) {
  void *sc;
  CHECK_OK(sc, "{}");
  if (sc) {
    CHECK(!has(&sc_t, sc, "b") && !has(&sc_t, sc, "s") && !has(&sc_t, sc, "x"));
    lv_value s = get(&sc_t, sc, "s");
    CHECK(s.v.s == NULL && s.aux == 0); /* absent: the slot stays zero */
  }
  CHECK_OK(sc, "{\"b\":true,\"i\":-5,\"u\":7,\"d\":1.5,\"s\":\"h\\u00e9\",\"y\":\"aGVsbG8=\","
               "\"t\":\"2009-02-13T23:31:30Z\",\"r\":\"1.5s\",\"x\":[1,\"a\"]}");
  if (sc) {
    CHECK(has(&sc_t, sc, "b") && get(&sc_t, sc, "b").v.b);
    CHECK_INT(get(&sc_t, sc, "i").v.i, -5);
    CHECK_INT(get(&sc_t, sc, "u").v.u, 7);
    CHECK(get(&sc_t, sc, "d").v.d == 1.5);
    CHECK_STR(str(get(&sc_t, sc, "s")), "h\xc3\xa9");
    CHECK_STR(str(get(&sc_t, sc, "y")), "hello");
    lv_value t = get(&sc_t, sc, "t");
    CHECK(t.tag == LV_TIMESTAMP && t.v.i == 1234567890 && t.aux == 0);
    lv_value r = get(&sc_t, sc, "r");
    CHECK(r.tag == LV_DURATION && r.v.i == 1 && (int32_t)r.aux == 500000000);
    lv_value x = get(&sc_t, sc, "x");
    CHECK(x.tag == LV_LIST && ((const lv_list *)x.v.p)->len == 2);
    if (x.tag == LV_LIST) {
      const lv_list *l = x.v.p;
      CHECK(l->items[0].tag == LV_DOUBLE && l->items[0].v.d == 1.0);
      CHECK_STR(str(l->items[1]), "a");
    }
  }
  /* Integers: limits, exact integral numbers, decimal strings. */
  CHECK_OK(sc, "{\"i\":9223372036854775807,\"u\":18446744073709551615}");
  if (sc) {
    CHECK(get(&sc_t, sc, "i").v.i == INT64_MAX);
    CHECK(get(&sc_t, sc, "u").v.u == UINT64_MAX);
  }
  CHECK_OK(sc, "{\"i\":-9223372036854775808,\"u\":0}");
  if (sc) CHECK(get(&sc_t, sc, "i").v.i == INT64_MIN);
  CHECK_OK(sc, "{\"i\":\"-9223372036854775808\",\"u\":\"18446744073709551615\"}");
  if (sc) {
    CHECK(get(&sc_t, sc, "i").v.i == INT64_MIN);
    CHECK(get(&sc_t, sc, "u").v.u == UINT64_MAX);
  }
  const struct { const char *json; int64_t want; } ints[] = {
      {"{\"i\":1.0}", 1},       {"{\"i\":1e3}", 1000},   {"{\"i\":-0}", 0},
      {"{\"i\":1.5e1}", 15},    {"{\"i\":100e-2}", 1},   {"{\"i\":\"42\"}", 42},
      {"{\"i\":\"\\u0034\\u0032\"}", 42}, {"{\"i\":\"1e2\"}", 100},
      {"{\"i\":123456789012345}", 123456789012345LL},   /* 15 digits: the fast path */
      {"{\"i\":1234567890123456}", 1234567890123456LL}, /* 16: the careful one */
      {"{\"i\":-1700000000040}", -1700000000040LL},     {"{\"i\":0}", 0},
      {"{\"i\":12345678}", 12345678},                   {"{\"i\":1234567}", 1234567},
  };
  for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
    CHECK_OK(sc, ints[k].json);
    if (sc) CHECK_INT(get(&sc_t, sc, "i").v.i, ints[k].want);
  }
  CHECK_OK(sc, "{\"u\":1e19}");
  if (sc) CHECK(get(&sc_t, sc, "u").v.u == 10000000000000000000ULL);
  CHECK_OK(sc, "{\"u\":-0.0}");
  if (sc) CHECK(get(&sc_t, sc, "u").v.u == 0);
  /* Doubles: correctly rounded, special values as strings, numeric strings. */
  const struct { const char *json; double want; } dbls[] = {
      {"{\"d\":0.1}", 0.1},        {"{\"d\":-2.5}", -2.5},      {"{\"d\":3}", 3.0},
      {"{\"d\":1e308}", 1e308},    {"{\"d\":1e-400}", 0.0},     {"{\"d\":85.3}", 85.3},
      {"{\"d\":1234567.1234567}", 1234567.1234567},             {"{\"d\":12345678.5}", 12345678.5},
      {"{\"d\":\"1.5\"}", 1.5},    {"{\"d\":9007199254740993}", 9007199254740992.0},
      {"{\"d\":\"Infinity\"}", INFINITY}, {"{\"d\":\"-Infinity\"}", -INFINITY},
  };
  for (size_t k = 0; k < sizeof dbls / sizeof dbls[0]; k++) {
    CHECK_OK(sc, dbls[k].json);
    if (sc) CHECK(get(&sc_t, sc, "d").v.d == dbls[k].want);
  }
  CHECK_OK(sc, "{\"d\":\"NaN\"}");
  if (sc) CHECK(isnan(get(&sc_t, sc, "d").v.d));
  CHECK_OK(sc, "{\"d\":-0.0}");
  if (sc) CHECK(signbit(get(&sc_t, sc, "d").v.d));
  /* Bytes: both alphabets, padding optional; escapes in the string. */
  CHECK_OK(sc, "{\"y\":\"-_8\"}");
  if (sc) CHECK(get(&sc_t, sc, "y").aux == 2 && memcmp(get(&sc_t, sc, "y").v.s, "\xfb\xff", 2) == 0);
  CHECK_OK(sc, "{\"y\":\"+/8=\"}");
  if (sc) CHECK(get(&sc_t, sc, "y").aux == 2 && memcmp(get(&sc_t, sc, "y").v.s, "\xfb\xff", 2) == 0);
  CHECK_OK(sc, "{\"y\":\"aGVsbG8\"}");
  if (sc) CHECK_STR(str(get(&sc_t, sc, "y")), "hello");
  CHECK_OK(sc, "{\"y\":\"aGVs\\u0062G8=\"}");
  if (sc) CHECK_STR(str(get(&sc_t, sc, "y")), "hello");
  CHECK_OK(sc, "{\"y\":\"\"}");
  if (sc) CHECK(has(&sc_t, sc, "y") && get(&sc_t, sc, "y").aux == 0);
  CHECK_OK(sc, "{\"t\":\"2009-02-13T23:31:30.123456789+01:00\",\"r\":\"-2h45m\"}");
  if (sc) {
    lv_value t = get(&sc_t, sc, "t");
    CHECK(t.v.i == 1234564290 && t.aux == 123456789);
    lv_value r = get(&sc_t, sc, "r");
    CHECK(r.v.i == -9900 && r.aux == 0);
  }
  /* Strings: escapes resolved, whitespace anywhere between tokens. */
  CHECK_OK(sc, " {\n \"s\" :\t\"a\\nb\\\"c\\ud83d\\ude00\" \r\n} ");
  if (sc) CHECK_STR(str(get(&sc_t, sc, "s")), "a\nb\"c\xf0\x9f\x98\x80");
  CHECK_OK(sc, "{\"s\":\"0123456789abcdefghijklmnopqrstuvwxyz \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}");
  if (sc) CHECK_STR(str(get(&sc_t, sc, "s")), "0123456789abcdefghijklmnopqrstuvwxyz \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  /* A key written with escapes is the same key. */
  CHECK_OK(sc, "{\"\\u0073\":\"v\"}");
  if (sc) CHECK_STR(str(get(&sc_t, sc, "s")), "v");
  /* The payload may go away: everything lives in the arena. */
  char tmp[64];
  strcpy(tmp, "{\"s\":\"kept\"}");
  sc = dec(&sc_t, tmp);
  memset(tmp, 'x', sizeof tmp - 1);
  CHECK(sc != NULL);
  if (sc) CHECK_STR(str(get(&sc_t, sc, "s")), "kept");
  /* dyn: every JSON value by the CEL mapping. */
  CHECK_OK(sc, "{\"x\":{\"k\":[null,true,-1.5,\"s\"]}}");
  if (sc) {
    lv_value x = get(&sc_t, sc, "x");
    CHECK_INT(x.tag, LV_MAP);
    const lv_value *k = x.tag == LV_MAP ? lv_map_find_str(x.v.p, "k", 1) : NULL;
    CHECK(k && k->tag == LV_LIST && ((const lv_list *)k->v.p)->len == 4);
    if (k) {
      const lv_list *l = k->v.p;
      CHECK(l->items[0].tag == LV_NULL && l->items[1].tag == LV_BOOL && l->items[2].v.d == -1.5);
    }
  }
}

static void test_scalars_rejected(void) {
  CHECK_FAIL(sc_t, "{\"b\":\"yes\"}", 5, "$.b", "field 'b': expected a boolean, found a string");
  CHECK_FAIL(sc_t, "{\"b\":1}", 5, "$.b", "field 'b': expected a boolean, found 1");
  CHECK_FAIL(sc_t, "{\"i\":1.5}", 5, "$.i", "field 'i': expected an integer, found 1.5");
  CHECK_FAIL(sc_t, "{\"i\":1e-400}", 5, "$.i", "field 'i': expected an integer, found 1e-400");
  CHECK_FAIL(sc_t, "{\"i\":9223372036854775808}", 5, "$.i",
             "field 'i': expected an integer in int64 range, found 9223372036854775808");
  CHECK_FAIL(sc_t, "{\"i\":-9223372036854775809}", 5, "$.i",
             "field 'i': expected an integer in int64 range, found -9223372036854775809");
  CHECK_FAIL(sc_t, "{\"i\":1e400}", 5, "$.i", "field 'i': expected an integer in int64 range, found 1e400");
  CHECK_FAIL(sc_t, "{\"i\":\"abc\"}", 5, "$.i", "field 'i': expected an integer, found \"abc\"");
  CHECK_FAIL(sc_t, "{\"i\":\"1.5\"}", 5, "$.i", "field 'i': expected an integer, found \"1.5\"");
  CHECK_FAIL(sc_t, "{\"i\":\" 1\"}", 5, "$.i", "field 'i': expected an integer, found \" 1\"");
  CHECK_FAIL(sc_t, "{\"i\":\"\"}", 5, "$.i", "field 'i': expected an integer, found \"\"");
  CHECK_FAIL(sc_t, "{\"i\":\"01\"}", 5, "$.i", "field 'i': expected an integer, found \"01\"");
  CHECK_FAIL(sc_t, "{\"i\":\"9223372036854775808\"}", 5, "$.i",
             "field 'i': expected an integer in int64 range, found \"9223372036854775808\"");
  CHECK_FAIL(sc_t, "{\"i\":true}", 5, "$.i", "field 'i': expected an integer, found true");
  CHECK_FAIL(sc_t, "{\"i\":[1]}", 5, "$.i", "field 'i': expected an integer, found an array");
  CHECK_FAIL(sc_t, "{\"i\":01}", 5, "$.i", "invalid JSON: leading zeros are not allowed");
  CHECK_FAIL(sc_t, "{\"u\":-1}", 5, "$.u", "field 'u': expected a non-negative integer, found -1");
  CHECK_FAIL(sc_t, "{\"u\":-1.5}", 5, "$.u", "field 'u': expected a non-negative integer, found -1.5");
  CHECK_FAIL(sc_t, "{\"u\":-1e30}", 5, "$.u", "field 'u': expected a non-negative integer, found -1e30");
  CHECK_FAIL(sc_t, "{\"u\":18446744073709551616}", 5, "$.u",
             "field 'u': expected an integer in uint64 range, found 18446744073709551616");
  CHECK_FAIL(sc_t, "{\"u\":2.5}", 5, "$.u", "field 'u': expected a non-negative integer, found 2.5");
  CHECK_FAIL(sc_t, "{\"d\":\"abc\"}", 5, "$.d", "field 'd': expected a number, found \"abc\"");
  CHECK_FAIL(sc_t, "{\"d\":\"nan\"}", 5, "$.d", "field 'd': expected a number, found \"nan\"");
  CHECK_FAIL(sc_t, "{\"d\":1e400}", 5, "$.d", "field 'd': number out of the range of double, found 1e400");
  CHECK_FAIL(sc_t, "{\"d\":\"-1e400\"}", 5, "$.d",
             "field 'd': number out of the range of double, found \"-1e400\"");
  CHECK_FAIL(sc_t, "{\"d\":null,\"d\":[]}", 10, "$.d", "duplicate field 'd'");
  CHECK_FAIL(sc_t, "{\"d\":{}}", 5, "$.d", "field 'd': expected a number, found an object");
  CHECK_FAIL(sc_t, "{\"d\":1.}", 7, "$.d", "invalid JSON: expected a digit after the decimal point");
  CHECK_FAIL(sc_t, "{\"s\":5}", 5, "$.s", "field 's': expected a string, found 5");
  CHECK_FAIL(sc_t, "{\"s\":false}", 5, "$.s", "field 's': expected a string, found false");
  CHECK_FAIL(sc_t, "{\"s\":\"a\x01\"}", 7, "$.s", "invalid JSON: control character in string");
  CHECK_FAIL(sc_t, "{\"s\":\"a\xed\xa0\x80\"}", 7, "$.s", "invalid JSON: invalid UTF-8 in string");
  CHECK_FAIL(sc_t, "{\"s\":\"\\ud800\"}", 6, "$.s", "invalid JSON: lone surrogate \\ud800");
  CHECK_FAIL(sc_t, "{\"s\":\"abc}", 5, "$.s", "invalid JSON: unterminated string");
  CHECK_FAIL(sc_t, "{\"y\":\"a*b\"}", 5, "$.y", "field 'y': expected base64 bytes, found \"a*b\"");
  CHECK_FAIL(sc_t, "{\"y\":\"aGVsbG8==\"}", 5, "$.y", "field 'y': expected base64 bytes, found \"aGVsbG8==\"");
  CHECK_FAIL(sc_t, "{\"y\":5}", 5, "$.y", "field 'y': expected a base64 string, found 5");
  CHECK_FAIL(sc_t, "{\"t\":5}", 5, "$.t", "field 't': expected an RFC 3339 timestamp string, found 5");
  CHECK_FAIL(sc_t, "{\"r\":1.5}", 5, "$.r", "field 'r': expected a duration string, found 1.5");
  /* Time reasons: lv_time's words, then what the event held. */
  CHECK(dec(&sc_t, "{\"t\":\"2009-13-01T00:00:00Z\"}") == NULL);
  CHECK_STR(derr.path, "$.t");
  CHECK(strncmp(derr.reason, "field 't': invalid timestamp", 28) == 0);
  CHECK(strstr(derr.reason, ", found \"2009-13-01T00:00:00Z\"") != NULL);
  CHECK(dec(&sc_t, "{\"t\":\"10000-01-01T00:00:00Z\"}") == NULL);
  CHECK_STR(derr.reason, "field 't': timestamp out of range, found \"10000-01-01T00:00:00Z\"");
  CHECK(dec(&sc_t, "{\"r\":\"abc\"}") == NULL);
  CHECK(strncmp(derr.reason, "field 'r': invalid duration", 27) == 0);
  CHECK(strstr(derr.reason, ", found \"abc\"") != NULL);
  CHECK(dec(&sc_t, "{\"r\":\"400000000000s\"}") == NULL);
  CHECK_STR(derr.reason, "field 'r': duration out of range, found \"400000000000s\"");
  /* Long values are shown cut, and escaped. */
  CHECK_FAIL(sc_t, "{\"i\":\"a\\n\\\"0123456789012345678901234567890123456789\"}", 5, "$.i",
             "field 'i': expected an integer, found \"a\\u000a\\\"01234567890123456789012345678...\"");
  /* dyn values obey the same JSON rules. */
  CHECK_FAIL(sc_t, "{\"x\":{\"a\":1,\"a\":2}}", 12, "$.x", "duplicate key \"a\"");
  CHECK_FAIL(sc_t, "{\"x\":[1,{\"k\":[1e999]}]}", 14, "$.x[1].k[0]", "number out of the range of double: 1e999");
}

/* A reading as the service sees it: required fields, an optional one, a
 * default, a nested message, lists and maps. */
static tschema loc_t, rd_t;
static void make_reading(void) {
  ts_begin(&loc_t, "test.Location", 1);
  ts_add(&loc_t, "lat", LV_K_DOUBLE);
  ts_add(&loc_t, "lon", LV_K_DOUBLE);
  ts_add(&loc_t, "name", LV_K_STRING)->optional = true;
  ts_finish(&loc_t);
  static lv_rtype loc_type;
  loc_type.kind = LV_K_MSG;
  loc_type.schema = &loc_t.s;
  static lv_rtype list_int_type;
  list_int_type.kind = LV_K_LIST;
  list_int_type.elem = &t_int;

  ts_begin(&rd_t, "test.Reading", 0);
  ts_add(&rd_t, "device", LV_K_STRING);
  ts_add(&rd_t, "site", LV_K_STRING);
  ts_add(&rd_t, "temp", LV_K_DOUBLE);
  ts_add(&rd_t, "humidity", LV_K_DOUBLE)->optional = true;
  lv_field *st = ts_add(&rd_t, "status", LV_K_STRING);
  st->has_default = true;
  st->default_value = lv_value_string("ok", 2);
  lv_field *cnt = ts_add(&rd_t, "count", LV_K_INT);
  cnt->has_default = true;
  cnt->default_value = lv_value_int(7);
  ts_add_elem(&rd_t, "tags", LV_K_LIST, &t_string)->optional = true;
  ts_add_elem(&rd_t, "attrs", LV_K_MAP, &t_string)->optional = true;
  ts_add_msg(&rd_t, "loc", &loc_t)->optional = true;
  ts_add_elem(&rd_t, "pts", LV_K_LIST, &loc_type)->optional = true;
  ts_add_elem(&rd_t, "byname", LV_K_MAP, &loc_type)->optional = true;
  ts_add_elem(&rd_t, "grid", LV_K_LIST, &list_int_type)->optional = true;
  ts_add(&rd_t, "on", LV_K_BOOL)->optional = true;
  ts_add(&rd_t, "extra", LV_K_DYN);
  rd_t.f[13].optional = true;
  lv_field *jn = ts_add(&rd_t, "renamed", LV_K_INT);
  jn->json_name = "json-name";
  jn->json_len = 9;
  jn->optional = true;
  ts_finish(&rd_t);
}

#define BASE "\"device\":\"d1\",\"site\":\"plant-a\",\"temp\":85.5"

static void test_reading(void) {
  void *rd;
  CHECK_OK(rd, "{" BASE "}");
  if (rd) {
    CHECK_STR(str(get(&rd_t, rd, "device")), "d1");
    CHECK(get(&rd_t, rd, "temp").v.d == 85.5);
    CHECK(!has(&rd_t, rd, "humidity")); /* optional and absent */
    CHECK(has(&rd_t, rd, "status"));    /* defaults are present */
    CHECK_STR(str(get(&rd_t, rd, "status")), "ok");
    CHECK(has(&rd_t, rd, "count") && get(&rd_t, rd, "count").v.i == 7);
    CHECK(!has(&rd_t, rd, "loc") && !has(&rd_t, rd, "tags"));
  }
  /* Any order, unknown keys anywhere (validated, dropped). */
  CHECK_OK(rd, "{\"zz\":{\"deep\":[1,{\"x\":[true,null,\"\\u00e9\"]}],\"n\":-1.5e-3},\"temp\":-1,"
               "\"status\":\"maintenance\",\"count\":3,\"site\":\"b\",\"device\":\"d2\",\"q\":null,"
               "\"humidity\":45.25,\"json-name\":5,\"renamed\":\"ignored: not the JSON name\"}");
  if (rd) {
    CHECK(get(&rd_t, rd, "temp").v.d == -1.0);
    CHECK_STR(str(get(&rd_t, rd, "status")), "maintenance");
    CHECK_INT(get(&rd_t, rd, "count").v.i, 3);
    CHECK(has(&rd_t, rd, "humidity") && get(&rd_t, rd, "humidity").v.d == 45.25);
    CHECK_INT(get(&rd_t, rd, "renamed").v.i, 5);
  }
  /* Containers. */
  CHECK_OK(rd, "{" BASE ",\"tags\":[\"hot\",\"line\\u0031\",\"\"],\"attrs\":{\"a\":\"1\",\"b\":\"2\"},"
               "\"loc\":{\"lat\":1.5,\"lon\":-2,\"name\":\"x\"},\"pts\":[{\"lat\":1,\"lon\":2},{\"lon\":4,\"lat\":3}],"
               "\"byname\":{\"p\":{\"lat\":5,\"lon\":6}},\"grid\":[[1,2],[],[3]],\"on\":false}");
  if (rd) {
    lv_value tags = get(&rd_t, rd, "tags");
    const lv_list *tl = tags.v.p;
    CHECK(tl && tl->len == 3);
    if (tl && tl->len == 3) {
      CHECK_STR(str(tl->items[0]), "hot");
      CHECK_STR(str(tl->items[1]), "line1");
      CHECK_STR(str(tl->items[2]), "");
    }
    lv_value attrs = get(&rd_t, rd, "attrs");
    const lv_value *b = lv_map_find_str(attrs.v.p, "b", 1);
    CHECK(b && b->tag == LV_STRING);
    if (b) CHECK_STR(str(*b), "2");
    lv_value loc = get(&rd_t, rd, "loc");
    CHECK(loc.tag == LV_MSG && loc.aux == 1 && loc.v.p);
    if (loc.v.p) {
      CHECK(get(&loc_t, loc.v.p, "lon").v.d == -2.0);
      CHECK_STR(str(get(&loc_t, loc.v.p, "name")), "x");
    }
    lv_value pts = get(&rd_t, rd, "pts");
    const lv_list *pl = pts.v.p;
    CHECK(pl && pl->len == 2);
    if (pl && pl->len == 2) {
      CHECK(pl->items[1].tag == LV_MSG && pl->items[1].aux == 1);
      CHECK(get(&loc_t, pl->items[1].v.p, "lat").v.d == 3.0);
      CHECK(!has(&loc_t, pl->items[1].v.p, "name"));
    }
    lv_value byname = get(&rd_t, rd, "byname");
    const lv_value *p = lv_map_find_str(byname.v.p, "p", 1);
    CHECK(p && p->tag == LV_MSG && get(&loc_t, p->v.p, "lon").v.d == 6.0);
    lv_value grid = get(&rd_t, rd, "grid");
    const lv_list *gl = grid.v.p;
    CHECK(gl && gl->len == 3 && ((const lv_list *)gl->items[0].v.p)->len == 2 &&
          ((const lv_list *)gl->items[1].v.p)->len == 0 &&
          ((const lv_list *)gl->items[2].v.p)->items[0].v.i == 3);
    CHECK(has(&rd_t, rd, "on") && !get(&rd_t, rd, "on").v.b);
  }
  /* Empty containers. */
  CHECK_OK(rd, "{" BASE ",\"tags\":[],\"attrs\":{},\"pts\":[ ],\"grid\":[[]]}");
  if (rd) {
    CHECK_INT(((const lv_list *)get(&rd_t, rd, "tags").v.p)->len, 0);
    CHECK_INT(((const lv_map *)get(&rd_t, rd, "attrs").v.p)->len, 0);
  }
  /* A list longer than the scratch stack starts with. */
  char big[4096];
  size_t k = (size_t)sprintf(big, "{" BASE ",\"tags\":[");
  for (int i = 0; i < 100; i++) k += (size_t)sprintf(big + k, "%s\"t%d\"", i ? "," : "", i);
  k += (size_t)sprintf(big + k, "],\"grid\":[");
  for (int i = 0; i < 40; i++) k += (size_t)sprintf(big + k, "%s[%d,%d]", i ? "," : "", i, -i);
  sprintf(big + k, "]}");
  CHECK_OK(rd, big);
  if (rd) {
    const lv_list *tl = get(&rd_t, rd, "tags").v.p;
    CHECK(tl->len == 100);
    CHECK_STR(str(tl->items[99]), "t99");
    const lv_list *gl = get(&rd_t, rd, "grid").v.p;
    CHECK(gl->len == 40 && ((const lv_list *)gl->items[39].v.p)->items[1].v.i == -39);
  }
}

static void test_reading_rejected(void) {
  CHECK_FAIL(rd_t, "{\"device\":\"d1\",\"site\":\"s\"}", 0, "$.temp", "missing required field 'temp'");
  CHECK_FAIL(rd_t, "{\"device\":\"d1\",\"site\":\"s\",\"temp\":null}", 33, "$.temp", "field 'temp' is null");
  CHECK_FAIL(rd_t, "{" BASE ",\"device\":\"d2\"}", 44, "$.device", "duplicate field 'device'");
  CHECK_FAIL(rd_t, "{" BASE ",\"json-name\":1,\"json-name\":2}", 58, "$[\"json-name\"]", "duplicate field '[\"json-name\"]'");
  CHECK_FAIL(rd_t, "{\"temp\":\"hot\"," BASE "}", 8, "$.temp", "field 'temp': expected a number, found \"hot\"");
  /* Paths into containers. */
  CHECK_FAIL(rd_t, "{" BASE ",\"tags\":[\"a\",1]}", 56, "$.tags[1]", "field 'tags[1]': expected a string, found 1");
  CHECK_FAIL(rd_t, "{" BASE ",\"tags\":[\"a\",null]}", 56, "$.tags[1]", "field 'tags[1]': expected a string, found null");
  CHECK_FAIL(rd_t, "{" BASE ",\"tags\":\"a\"}", 51, "$.tags", "field 'tags': expected an array, found a string");
  CHECK_FAIL(rd_t, "{" BASE ",\"tags\":[\"a\",]}", 56, "$.tags", "invalid JSON: trailing comma in array");
  CHECK_FAIL(rd_t, "{" BASE ",\"attrs\":{\"k\":\"v\",\"k\":\"w\"}}", 61, "$.attrs", "field 'attrs': duplicate key \"k\"");
  CHECK_FAIL(rd_t, "{" BASE ",\"attrs\":{\"a b\":7}}", 59, "$.attrs[\"a b\"]",
             "field 'attrs[\"a b\"]': expected a string, found 7");
  CHECK_FAIL(rd_t, "{" BASE ",\"attrs\":[]}", 52, "$.attrs", "field 'attrs': expected an object, found an array");
  CHECK_FAIL(rd_t, "{" BASE ",\"loc\":{\"lat\":\"n\",\"lon\":1}}", 57, "$.loc.lat",
             "field 'loc.lat': expected a number, found \"n\"");
  CHECK_FAIL(rd_t, "{" BASE ",\"loc\":{\"lat\":1}}", 50, "$.loc.lon", "missing required field 'loc.lon'");
  CHECK_FAIL(rd_t, "{" BASE ",\"loc\":{\"lat\":1,\"lon\":null}}", 65, "$.loc.lon", "field 'loc.lon' is null");
  CHECK_FAIL(rd_t, "{" BASE ",\"loc\":[]}", 50, "$.loc", "field 'loc': expected an object, found an array");
  CHECK_FAIL(rd_t, "{" BASE ",\"pts\":[{\"lat\":1,\"lon\":2},{\"lat\":3}]}", 69, "$.pts[1].lon",
             "missing required field 'pts[1].lon'");
  CHECK_FAIL(rd_t, "{" BASE ",\"pts\":[{\"lat\":1,\"lon\":2},{\"lat\":3,\"lon\":true}]}", 84, "$.pts[1].lon",
             "field 'pts[1].lon': expected a number, found true");
  CHECK_FAIL(rd_t, "{" BASE ",\"byname\":{\"p\":{\"lat\":1,\"lat\":2}}}", 67, "$.byname.p.lat",
             "duplicate field 'byname.p.lat'");
  CHECK_FAIL(rd_t, "{" BASE ",\"grid\":[[1],[2,\"x\"]]}", 59, "$.grid[1][1]",
             "field 'grid[1][1]': expected an integer, found \"x\"");
  /* Unknown keys are validated all the way down. */
  CHECK_FAIL(rd_t, "{" BASE ",\"zz\":[1,{\"a\":[true,]}]}", 63, "$.zz[1].a", "invalid JSON: trailing comma in array");
  CHECK_FAIL(rd_t, "{" BASE ",\"zz\":{\"s\":\"\xc3(\"}}", 55, "$.zz.s", "invalid JSON: invalid UTF-8 in string");
  CHECK_FAIL(rd_t, "{" BASE ",\"z z\":01}", 50, "$[\"z z\"]", "invalid JSON: leading zeros are not allowed");
  CHECK_FAIL(rd_t, "{" BASE ",\"zz\":nul}", 49, "$.zz", "invalid JSON: invalid literal, expected null");
  CHECK_FAIL(rd_t, "{" BASE ",\"\xc3\":1}", 45, "$", "invalid JSON: invalid UTF-8 in string");
  /* Structure. */
  CHECK_FAIL(rd_t, "{" BASE ",}", 44, "$", "invalid JSON: trailing comma in object");
  CHECK_FAIL(rd_t, "{" BASE " \"x\":1}", 44, "$", "invalid JSON: expected ',' or '}' after object member");
  CHECK_FAIL(rd_t, "{" BASE, 43, "$", "invalid JSON: expected ',' or '}' after object member");
  CHECK_FAIL(rd_t, "{\"device\" \"d1\"}", 10, "$", "invalid JSON: expected ':' after object key");
  CHECK_FAIL(rd_t, "{device:1}", 1, "$", "invalid JSON: expected an object key (a string)");
  CHECK_FAIL(rd_t, "{" BASE "} x", 45, "$", "invalid JSON: trailing characters after the JSON value");
  CHECK_FAIL(rd_t, "[]", 0, "$", "expected an object at the top level, found an array");
  CHECK_FAIL(rd_t, "\"x\"", 0, "$", "expected an object at the top level, found a string");
  CHECK_FAIL(rd_t, "null", 0, "$", "expected an object at the top level, found null");
  CHECK_FAIL(rd_t, "", 0, "$", "invalid JSON: expected a value, found end of input");
  CHECK_FAIL(rd_t, "  x", 2, "$", "invalid JSON: expected a value, found 'x'");
  /* Not JSON: said so, whatever else is wrong (test_not_json). */
  CHECK_FAIL(rd_t, "[1,", 3, "$[1]", "invalid JSON: expected a value, found end of input");
}

static void test_not_json(void) {
  /* A payload that is not JSON is rejected as invalid JSON, at its first
   * syntax error, even when a problem with the schema comes first in it. */
  CHECK_FAIL(rd_t, "{} xyz", 3, "$", "invalid JSON: trailing characters after the JSON value");
  CHECK_FAIL(rd_t, "{\"x\":1}}", 7, "$", "invalid JSON: trailing characters after the JSON value");
  CHECK_FAIL(rd_t, "{\"device\":1} x", 13, "$", "invalid JSON: trailing characters after the JSON value");
  CHECK_FAIL(rd_t, "[1] x", 4, "$", "invalid JSON: trailing characters after the JSON value");
  /* ... after a repeated field, a null one, a nested missing one, a wrong
   * map value, a dyn number out of range: */
  CHECK_FAIL(rd_t, "{" BASE ",\"device\":\"d2\",\"zz\":[1,]}", 66, "$.zz", "invalid JSON: trailing comma in array");
  CHECK_FAIL(rd_t, "{\"device\":null,\"zz\":\"\xc3(\"}", 21, "$.zz", "invalid JSON: invalid UTF-8 in string");
  CHECK_FAIL(rd_t, "{" BASE ",\"loc\":{\"lat\":1},\"a\x01\":1}", 62, "$", "invalid JSON: control character in string");
  CHECK_FAIL(rd_t, "{" BASE ",\"attrs\":{\"a\":1},\"s\":\"\\q\"}", 65, "$.s", "invalid JSON: invalid escape \\q");
  CHECK_FAIL(rd_t, "{" BASE ",\"extra\":[1e400],\"zz\":tru}", 65, "$.zz", "invalid JSON: invalid literal, expected true");
  /* Nesting too deep counts as a problem of the text too. */
  lv_decode_limits lim = {2, 0};
  void *out = NULL;
  const char *json = "{\"i\":\"x\",\"zz\":[[1]]}";
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, json, strlen(json), NULL, 0, &lim, &derr), -1);
  CHECK_INT(derr.offset, 15);
  CHECK_STR(derr.path, "$.zz[0]");
  CHECK_STR(derr.reason, "nesting deeper than the limit of 2");
  /* JSON with only whitespace after it keeps the schema's reason. */
  CHECK_FAIL(rd_t, "{} \r\n\t", 0, "$.device", "missing required field 'device'");
  CHECK_FAIL(rd_t, "{" BASE ",\"device\":\"d2\",\"zz\":[1]} ", 44, "$.device", "duplicate field 'device'");
}

/* Long paths keep their end, after "$...", at most 127 bytes, never with a
 * cut character or a second mark; the reason names the field the same way. */
static void test_long_paths(void) {
  char json[1024], key[400], want_path[512], want_reason[512];
  /* A key path that just fits, then one byte more. */
  memset(key, 'k', 119);
  key[119] = 0;
  snprintf(json, sizeof json, "{" BASE ",\"attrs\":{\"%s\":7}}", key);
  snprintf(want_path, sizeof want_path, "$.attrs.%s", key);
  snprintf(want_reason, sizeof want_reason, "field 'attrs.%s': expected a string, found 7", key);
  CHECK_FAIL(rd_t, json, 175, want_path, want_reason);
  CHECK_INT(strlen(derr.path), 127);
  memset(key, 'k', 120);
  key[120] = 0;
  snprintf(json, sizeof json, "{" BASE ",\"attrs\":{\"%s\":7}}", key);
  snprintf(want_path, sizeof want_path, "$...rs.%s", key);
  snprintf(want_reason, sizeof want_reason, "field '...rs.%s': expected a string, found 7", key);
  CHECK_FAIL(rd_t, json, 176, want_path, want_reason);
  CHECK_INT(strlen(derr.path), 127);
  /* Keys longer than the scanner's path buffer: their end, not just "\"]". */
  memset(key, 'k', 300);
  key[300] = 0;
  snprintf(json, sizeof json, "{" BASE ",\"attrs\":{\"%s\":7}}", key);
  snprintf(want_path, sizeof want_path, "$...%.123s", key);
  snprintf(want_reason, sizeof want_reason, "field '...%.123s': expected a string, found 7", key);
  CHECK_FAIL(rd_t, json, 356, want_path, want_reason);
  key[0] = '-'; /* not an identifier: quoted */
  snprintf(json, sizeof json, "{" BASE ",\"attrs\":{\"%s\":7}}", key);
  snprintf(want_path, sizeof want_path, "$...%s\"]", key + 300 - 121);
  snprintf(want_reason, sizeof want_reason, "field '...%s\"]': expected a string, found 7", key + 300 - 121);
  CHECK_FAIL(rd_t, json, 356, want_path, want_reason);
  /* 150 two-byte characters: the cut falls inside one, which is left out. */
  for (int i = 0; i < 150; i++) memcpy(key + 2 * i, "\xc3\xa9", 2);
  snprintf(json, sizeof json, "{" BASE ",\"attrs\":{\"%s\":7}}", key);
  snprintf(want_path, sizeof want_path, "$...%s\"]", key + 300 - 120);
  snprintf(want_reason, sizeof want_reason, "field '...%s\"]': expected a string, found 7", key + 300 - 120);
  CHECK_FAIL(rd_t, json, 356, want_path, want_reason);
  /* A cut right before a '.': one mark, not "$....". */
  memset(key, 'x', 200);
  key[200] = '.';
  memset(key + 201, 'k', 120);
  key[321] = 0;
  snprintf(json, sizeof json, "{" BASE ",\"attrs\":{\"%s\":7}}", key);
  snprintf(want_path, sizeof want_path, "$...%s\"]", key + 201);
  snprintf(want_reason, sizeof want_reason, "field '...%s\"]': expected a string, found 7", key + 201);
  CHECK_FAIL(rd_t, json, 377, want_path, want_reason);
  /* Many components (8 keys of 40 bytes, in a dyn value): the last 3 fill
   * the 123 bytes exactly, and the first of them loses its '.'. */
  char k40[41];
  memset(k40, 'q', 40);
  k40[40] = 0;
  size_t n = (size_t)snprintf(json, sizeof json, "{\"x\":");
  for (int i = 0; i < 8; i++) n += (size_t)snprintf(json + n, sizeof json - n, "{\"%s\":", k40);
  n += (size_t)snprintf(json + n, sizeof json - n, "[1,]");
  for (int i = 0; i < 9; i++) json[n++] = '}';
  json[n] = 0;
  snprintf(want_path, sizeof want_path, "$...%s.%s.%s", k40, k40, k40);
  CHECK_FAIL(sc_t, json, 360, want_path, "invalid JSON: trailing comma in array");
}

static void test_nulls_defaults(void) {
  void *rd;
  /* null on an optional field: absent; on a defaulted one: the default. */
  CHECK_OK(rd, "{" BASE ",\"humidity\":null,\"status\":null,\"count\":null,\"loc\":null,\"tags\":null}");
  if (rd) {
    CHECK(!has(&rd_t, rd, "humidity") && !has(&rd_t, rd, "loc") && !has(&rd_t, rd, "tags"));
    CHECK_STR(str(get(&rd_t, rd, "status")), "ok");
    CHECK(has(&rd_t, rd, "count") && get(&rd_t, rd, "count").v.i == 7);
    CHECK(get(&rd_t, rd, "loc").v.p == NULL);
  }
  /* null is a dyn value: present. */
  CHECK_OK(rd, "{" BASE ",\"extra\":null}");
  if (rd) CHECK(has(&rd_t, rd, "extra") && get(&rd_t, rd, "extra").tag == LV_NULL);
  /* A null key still counts as seen: a second one is a repeat. */
  CHECK_FAIL(rd_t, "{" BASE ",\"humidity\":null,\"humidity\":1}", 60, "$.humidity", "duplicate field 'humidity'");
  CHECK_FAIL(rd_t, "{" BASE ",\"humidity\":nul}", 55, "$.humidity", "invalid JSON: invalid literal, expected null");
}

static void test_captures(void) {
  lv_capture caps[1] = {{1, "plant-z", 7}}; /* site */
  void *out = NULL;
  /* The payload's own site is ignored, but must be valid JSON. */
  const char *json = "{\"device\":\"d\",\"site\":[1,{\"x\":2}],\"temp\":1}";
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), caps, 1, NULL, &derr), 0);
  if (out) CHECK_STR(str(get(&rd_t, out, "site")), "plant-z");
  /* It counts as present even when the payload lacks it. */
  json = "{\"device\":\"d\",\"temp\":1}";
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), caps, 1, NULL, &derr), 0);
  if (out) CHECK(has(&rd_t, out, "site") && strcmp(str(get(&rd_t, out, "site")), "plant-z") == 0);
  json = "{\"device\":\"d\",\"site\":[1,],\"temp\":1}";
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), caps, 1, NULL, &derr), -1);
  CHECK(out == NULL);
  CHECK_STR(derr.path, "$.site");
  CHECK_STR(derr.reason, "invalid JSON: trailing comma in array");
  json = "{\"device\":\"d\",\"site\":1,\"site\":2,\"temp\":1}";
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), caps, 1, NULL, &derr), -1);
  CHECK_STR(derr.reason, "duplicate field 'site'");
  /* Misuse is an error, not a crash. */
  lv_capture bad1[1] = {{2, "x", 1}}; /* temp is a double */
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), bad1, 1, NULL, &derr), -1);
  CHECK_STR(derr.reason, "capture for field 'temp': not a string field");
  lv_capture bad2[1] = {{99, "x", 1}};
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), bad2, 1, NULL, &derr), -1);
  CHECK_STR(derr.reason, "capture for field #99: test.Reading has 15 fields");
  lv_capture bad3[1] = {{1, "\xc3", 1}};
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, json, strlen(json), bad3, 1, NULL, &derr), -1);
  CHECK_STR(derr.reason, "capture for field 'site': not valid UTF-8 text");
}

static void test_not_needed(void) {
  /* Fields no rule reads: checked all the same, never built. */
  tschema t;
  ts_begin(&t, "test.Lazy", 0);
  ts_add(&t, "keep", LV_K_STRING);
  ts_add(&t, "s", LV_K_STRING)->optional = true;
  ts_add(&t, "i", LV_K_INT)->optional = true;
  ts_add(&t, "t", LV_K_TIMESTAMP)->optional = true;
  ts_add(&t, "y", LV_K_BYTES)->optional = true;
  ts_add_elem(&t, "m", LV_K_MAP, &t_int)->optional = true;
  ts_add_msg(&t, "loc", &loc_t)->optional = true;
  ts_add(&t, "x", LV_K_DYN)->optional = true;
  ts_add(&t, "d", LV_K_DOUBLE)->optional = true;
  ts_add_elem(&t, "l", LV_K_LIST, &t_string)->optional = true;
  lv_field *def = ts_add(&t, "def", LV_K_INT);
  def->has_default = true;
  def->default_value = lv_value_int(3);
  for (uint32_t i = 1; i < t.s.nfields; i++) t.f[i].needed = false;
  ts_finish(&t);
  void *out = dec(&t, "{\"keep\":\"k\",\"s\":\"a\\nb\",\"i\":\"12\",\"t\":\"2009-02-13T23:31:30Z\","
                      "\"y\":\"aGk=\",\"m\":{\"a\":1},\"loc\":{\"lat\":1,\"lon\":2},\"x\":[{}],\"d\":1.5,"
                      "\"l\":[\"a\"]}");
  CHECK(out != NULL);
  if (out) {
    CHECK_STR(str(get(&t, out, "keep")), "k");
    for (uint32_t i = 1; i < t.s.nfields; i++) CHECK(!lv_msg_has(out, i));
    CHECK(get(&t, out, "s").v.s == NULL);
    CHECK(get(&t, out, "m").v.p == NULL);
    CHECK(get(&t, out, "def").v.i == 0);
  }
  CHECK_FAIL(t, "{\"keep\":\"k\",\"s\":5}", 16, "$.s", "field 's': expected a string, found 5");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"i\":2.5}", 16, "$.i", "field 'i': expected an integer, found 2.5");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"i\":12345678901234567890}", 16, "$.i",
             "field 'i': expected an integer in int64 range, found 12345678901234567890");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"d\":1e999}", 16, "$.d", "field 'd': number out of the range of double, found 1e999");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"t\":\"10000-01-01T00:00:00Z\"}", 16, "$.t",
             "field 't': timestamp out of range, found \"10000-01-01T00:00:00Z\"");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"y\":\"!!\"}", 16, "$.y", "field 'y': expected base64 bytes, found \"!!\"");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"m\":{\"a\":1,\"a\":2}}", 23, "$.m", "field 'm': duplicate key \"a\"");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"m\":{\"a\":true}}", 21, "$.m.a", "field 'm.a': expected an integer, found true");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"loc\":{\"lat\":1}}", 18, "$.loc.lon", "missing required field 'loc.lon'");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"x\":[{\"q\":1,\"q\":1}]}", 24, "$.x[0]", "duplicate key \"q\"");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"x\":[61e400]}", 17, "$.x[0]", "number out of the range of double: 61e400");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"l\":[\"a\",2]}", 21, "$.l[1]", "field 'l[1]': expected a string, found 2");
  CHECK_FAIL(t, "{\"keep\":\"k\",\"s\":\"\\x\"}", 17, "$.s", "invalid JSON: invalid escape \\x");
}

static void test_limits(void) {
  lv_decode_limits lim = {2, 40};
  void *out = NULL;
  const char *ok = "{\"x\":[1,[2]]}"; /* 3 levels */
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, ok, strlen(ok), NULL, 0, &lim, &derr), -1);
  CHECK_INT(derr.offset, 8);
  CHECK_STR(derr.path, "$.x[1]");
  CHECK_STR(derr.reason, "nesting deeper than the limit of 2");
  ok = "{\"x\":[1,2]}";
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, ok, strlen(ok), NULL, 0, &lim, &derr), 0);
  const char *unk = "{\"zz\":{\"a\":{}}}"; /* unknown keys count too */
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, unk, strlen(unk), NULL, 0, &lim, &derr), -1);
  CHECK_STR(derr.path, "$.zz.a");
  CHECK_STR(derr.reason, "nesting deeper than the limit of 2");
  /* The byte limit: exactly at it passes, one more fails before anything is read. */
  char p40[64];
  memset(p40, ' ', 40);
  memcpy(p40, "{\"s\":\"x\"}", 9);
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, p40, 40, NULL, 0, &lim, &derr), 0);
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, p40, 41, NULL, 0, &lim, &derr), -1);
  CHECK(out == NULL);
  CHECK_INT(derr.offset, 40);
  CHECK_STR(derr.path, "$");
  CHECK_STR(derr.reason, "payload of 41 bytes exceeds the limit of 40 bytes");
  /* Defaults: depth 64. */
  char deep[200];
  size_t k = (size_t)sprintf(deep, "{\"x\":");
  for (int i = 0; i < 63; i++) deep[k++] = '[';
  for (int i = 0; i < 63; i++) deep[k++] = ']';
  deep[k++] = '}';
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, deep, k, NULL, 0, NULL, &derr), 0);
  k = (size_t)sprintf(deep, "{\"x\":");
  for (int i = 0; i < 64; i++) deep[k++] = '[';
  for (int i = 0; i < 64; i++) deep[k++] = ']';
  deep[k++] = '}';
  CHECK_INT(lv_decode(&out, &arena, &sc_t.s, deep, k, NULL, 0, NULL, &derr), -1);
  CHECK_INT(derr.offset, 68);
  CHECK_STR(derr.reason, "nesting deeper than the limit of 64");
  /* An arena too small: an error, never a crash. */
  lv_arena small;
  lv_arena_init(&small, 128, 256);
  const char *json = "{\"device\":\"d1\",\"site\":\"s\",\"temp\":1,\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"],"
                     "\"pts\":[{\"lat\":1,\"lon\":2},{\"lat\":1,\"lon\":2},{\"lat\":1,\"lon\":2}]}";
  CHECK_INT(lv_decode(&out, &small, &rd_t.s, json, strlen(json), NULL, 0, NULL, &derr), -1);
  CHECK_STR(derr.reason, "out of memory: the arena limit was reached");
  lv_arena_free(&small);
  /* Missing arguments. */
  CHECK_INT(lv_decode(&out, NULL, &rd_t.s, json, strlen(json), NULL, 0, NULL, &derr), -1);
  CHECK_STR(derr.reason, "lv_decode: no output, arena, schema or payload");
  CHECK_INT(lv_decode(&out, &arena, &rd_t.s, NULL, 3, NULL, 0, NULL, NULL), -1); /* err may be NULL */
}

static void test_keys(void) {
  /* Keys the schema-order guess gets wrong, prefixes, long keys, non-ASCII. */
  tschema t;
  ts_begin(&t, "test.Keys", 0);
  ts_add(&t, "a", LV_K_INT)->optional = true;
  ts_add(&t, "abcdefghijklmnopqrstuvwxyz", LV_K_INT)->optional = true;
  ts_add(&t, "\xc3\xa9t\xc3\xa9", LV_K_INT)->optional = true;
  ts_add(&t, "ab", LV_K_INT)->optional = true;
  ts_add(&t, "abcdefgh", LV_K_INT)->optional = true;
  ts_add(&t, "abcdefghijklmnop", LV_K_INT)->optional = true; /* 16: no shortcut */
  ts_finish(&t);
  void *m = dec(&t, "{\"ab\":4,\"a\":1,\"abcdefghijklmnopqrstuvwxyz\":2,\"\xc3\xa9t\xc3\xa9\":3,\"abc\":0,"
                    "\"abcdefg\":0,\"abcdefgh\":5,\"abcdefghi\":0,\"abcdefghijklmnop\":6,\"\":0,\"\\u0061b\":7}");
  CHECK(m == NULL); /* "ab" twice, the second with an escape */
  CHECK_STR(derr.reason, "duplicate field 'ab'");
  CHECK_STR(derr.path, "$.ab");
  m = dec(&t, "{\"ab\":4,\"a\":1,\"abcdefghijklmnopqrstuvwxyz\":2,\"\\u00e9t\\u00e9\":3,\"abc\":0,"
              "\"abcdefg\":0,\"abcdefgh\":5,\"abcdefghi\":0,\"abcdefghijklmnop\":6,\"\":0}");
  CHECK(m != NULL);
  if (m) {
    CHECK_INT(get(&t, m, "a").v.i, 1);
    CHECK_INT(get(&t, m, "abcdefghijklmnopqrstuvwxyz").v.i, 2);
    CHECK_INT(get(&t, m, "\xc3\xa9t\xc3\xa9").v.i, 3);
    CHECK_INT(get(&t, m, "ab").v.i, 4);
    CHECK_INT(get(&t, m, "abcdefgh").v.i, 5);
    CHECK_INT(get(&t, m, "abcdefghijklmnop").v.i, 6);
  }
  /* A guessed key followed by more key: "a" then "a\"" is another key. */
  m = dec(&t, "{\"a\\\"\":1,\"a\":2}");
  CHECK(m != NULL);
  if (m) CHECK_INT(get(&t, m, "a").v.i, 2);
  CHECK_FAIL(t, "{\"a\x01\":1}", 3, "$", "invalid JSON: control character in string");
}

static void test_many_fields(void) {
  /* Past 64 fields the bookkeeping leaves registers. */
  static tschema t;
  static char names[70][8];
  ts_begin(&t, "test.Wide", 0);
  for (int i = 0; i < 70; i++) {
    snprintf(names[i], sizeof names[i], "f%d", i);
    lv_field *f = ts_add(&t, names[i], LV_K_INT);
    f->optional = i % 2 == 1;
  }
  t.f[68].has_default = true;
  t.f[68].default_value = lv_value_int(-68);
  ts_finish(&t);
  char json[2048];
  size_t k = 1;
  json[0] = '{';
  for (int i = 69; i >= 0; i--)
    if (i % 2 == 0 && i != 68) k += (size_t)sprintf(json + k, "%s\"f%d\":%d", k > 1 ? "," : "", i, i);
  json[k++] = '}';
  json[k] = 0;
  void *m = dec(&t, json);
  CHECK(m != NULL);
  if (m) {
    CHECK_INT(get(&t, m, "f66").v.i, 66);
    CHECK(!has(&t, m, "f67"));
    CHECK(has(&t, m, "f68") && get(&t, m, "f68").v.i == -68);
  }
  CHECK_FAIL(t, "{\"f0\":0}", 0, "$.f2", "missing required field 'f2'");
  k = (size_t)sprintf(json, "{");
  for (int i = 0; i < 70; i += 2) k += (size_t)sprintf(json + k, "%s\"f%d\":%d", i ? "," : "", i, i);
  k += (size_t)sprintf(json + k, ",\"f66\":1}");
  CHECK(dec(&t, json) == NULL);
  CHECK_STR(derr.reason, "duplicate field 'f66'");
  json[k - 9] = '}';
  json[k - 8] = 0;
  k = strlen(json);
  json[k - 1] = 0;
  strcat(json, ",\"f67\":null}");
  m = dec(&t, json);
  CHECK(m != NULL);
  if (m) CHECK(!has(&t, m, "f67"));
}

int main(void) {
  lv_arena_init(&meta, 0, 0);
  lv_arena_init(&arena, 0, 0);
  make_scalars();
  make_reading();
  test_scalars_ok();
  test_scalars_rejected();
  test_reading();
  test_reading_rejected();
  test_not_json();
  test_long_paths();
  test_nulls_defaults();
  test_captures();
  test_not_needed();
  test_limits();
  test_keys();
  test_many_fields();
  lv_arena_free(&arena);
  lv_arena_free(&meta);
  return check_done();
}
