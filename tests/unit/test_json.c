/* lv_json_parse and the strict scanner under it: values by the CEL JSON
 * mapping, every rejection with its offset and reason, numbers rounded as
 * strtod rounds them, escapes, UTF-8, depth, duplicate keys. */
#include "check.h"
#include "lv_json.h"
#include "lv_json_scan.h"
#include "lv_values.h"

#include <math.h>
#include <stdint.h>

static lv_arena arena;
static lv_ctx cx;

/* Literal texts are measured with sizeof so that they may hold NUL bytes. */
#define PARSE(text, v) lv_json_parse(&cx, (v), (text), sizeof(text) - 1, 0, &jerr)
static lv_json_error jerr;

#define CHECK_REJECT(text, off, why)                                                  \
  do {                                                                                \
    lv_value v_ = lv_value_null();                                                    \
    CHECK_INT(lv_json_parse(&cx, &v_, (text), sizeof(text) - 1, 0, &jerr), -1);       \
    CHECK_INT(jerr.offset, (off));                                                    \
    CHECK_STR(jerr.msg, (why));                                                       \
  } while (0)

#define CHECK_REJECT_DEPTH(text, depth, off, why)                                     \
  do {                                                                                \
    lv_value v_;                                                                      \
    CHECK_INT(lv_json_parse(&cx, &v_, (text), strlen(text), (depth), &jerr), -1);     \
    CHECK_INT(jerr.offset, (off));                                                    \
    CHECK_STR(jerr.msg, (why));                                                       \
  } while (0)

static double parse_double(const char *text) {
  lv_value v = lv_value_null();
  if (lv_json_parse(&cx, &v, text, strlen(text), 0, &jerr) != 0 || v.tag != LV_DOUBLE) {
    fprintf(stderr, "parse_double(%s) failed: %s\n", text, jerr.msg);
    return -12345.0;
  }
  return v.v.d;
}

static bool same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* A string value: its bytes as a C string (test strings hold no NUL). */
static const char *str_of(const lv_value *v) {
  static char buf[256];
  if (v->tag != LV_STRING || v->aux >= sizeof buf) return "(not a string)";
  memcpy(buf, v->v.s, v->aux);
  buf[v->aux] = 0;
  return buf;
}

static void test_scalars(void) {
  lv_value v;
  CHECK_INT(PARSE("null", &v), 0);
  CHECK_INT(v.tag, LV_NULL);
  CHECK_INT(PARSE(" true ", &v), 0);
  CHECK(v.tag == LV_BOOL && v.v.b);
  CHECK_INT(PARSE("false", &v), 0);
  CHECK(v.tag == LV_BOOL && !v.v.b);
  CHECK_INT(PARSE("\"hi\"", &v), 0);
  CHECK_STR(str_of(&v), "hi");
  CHECK_INT(PARSE("\"\"", &v), 0);
  CHECK_INT(v.tag, LV_STRING);
  CHECK_INT(v.aux, 0);
  CHECK_INT(PARSE("42", &v), 0);
  CHECK(v.tag == LV_DOUBLE && v.v.d == 42.0); /* every number is a double (CEL JSON) */
  CHECK_INT(PARSE("\t\r\n -7.25e1 \n", &v), 0);
  CHECK(v.v.d == -72.5);
}

static void test_numbers(void) {
  CHECK(same_double(parse_double("0"), 0.0));
  CHECK(same_double(parse_double("-0"), -0.0));
  CHECK(same_double(parse_double("-0.0"), -0.0));
  CHECK(parse_double("1.5") == 1.5);
  CHECK(parse_double("1E3") == 1000.0);
  CHECK(parse_double("1e+3") == 1000.0);
  CHECK(parse_double("25e-1") == 2.5);
  CHECK(parse_double("0.1") == 0.1);
  CHECK(parse_double("123456.789e-3") == 123.456789);
  /* Beyond the fast path: strtod decides, correctly rounded. */
  CHECK(parse_double("9007199254740993") == 9007199254740992.0); /* ties to even */
  CHECK(parse_double("2.2250738585072011e-308") == 2.2250738585072011e-308);
  CHECK(parse_double("1.7976931348623157e308") == 1.7976931348623157e308);
  CHECK(parse_double("4.9e-324") == 4.9e-324);
  CHECK(parse_double("123456789012345678901234567890") == 123456789012345678901234567890.0);
  CHECK(parse_double("0.30000000000000004") == 0.30000000000000004);
  CHECK(same_double(parse_double("1e-400"), 0.0));
  CHECK(same_double(parse_double("-1e-400"), -0.0));
  CHECK(parse_double("1e00000000000000000000001") == 10.0);
  /* Many digits: the copy for strtod goes to the arena. */
  char big[400];
  memset(big, '1', 300);
  memcpy(big + 300, ".5e-290", 8);
  CHECK(parse_double(big) == strtod(big, NULL));

  /* The fast path against strtod on many short decimals (deterministic). */
  uint64_t st = 0x9E3779B97F4A7C15ULL;
  int mismatches = 0;
  for (int i = 0; i < 20000; i++) {
    st ^= st << 13, st ^= st >> 7, st ^= st << 17;
    char b[64];
    unsigned idig = (unsigned)(st % 17), fdig = (unsigned)((st >> 8) % 12);
    int n = 0;
    if ((st >> 20) & 1) b[n++] = '-';
    b[n++] = (char)('1' + (st >> 24) % 9);
    for (unsigned k = 0; k < idig; k++) b[n++] = (char)('0' + (st >> (k * 3 % 60)) % 10);
    if (fdig) {
      b[n++] = '.';
      for (unsigned k = 0; k < fdig; k++) b[n++] = (char)('0' + (st >> ((k * 5 + 3) % 60)) % 10);
    }
    if ((st >> 30) % 4 == 0) n += snprintf(b + n, sizeof b - (size_t)n, "e%d", (int)((st >> 33) % 40) - 20);
    b[n] = 0;
    if (!same_double(parse_double(b), strtod(b, NULL))) {
      if (mismatches++ < 5) fprintf(stderr, "number %s: %.17g vs strtod %.17g\n", b, parse_double(b), strtod(b, NULL));
    }
  }
  CHECK_INT(mismatches, 0);

  CHECK_REJECT("01", 0, "invalid JSON: leading zeros are not allowed");
  CHECK_REJECT("-01", 1, "invalid JSON: leading zeros are not allowed");
  CHECK_REJECT("00.5", 0, "invalid JSON: leading zeros are not allowed");
  CHECK_REJECT("-", 1, "invalid JSON: expected a digit after '-'");
  CHECK_REJECT("-a", 1, "invalid JSON: expected a digit after '-'");
  CHECK_REJECT("1.", 2, "invalid JSON: expected a digit after the decimal point");
  CHECK_REJECT("1.e5", 2, "invalid JSON: expected a digit after the decimal point");
  CHECK_REJECT("1e", 2, "invalid JSON: expected a digit in the exponent");
  CHECK_REJECT("1e+", 3, "invalid JSON: expected a digit in the exponent");
  CHECK_REJECT("[1E-]", 4, "invalid JSON: expected a digit in the exponent");
  CHECK_REJECT(".5", 0, "invalid JSON: expected a value, found '.'");
  CHECK_REJECT("+1", 0, "invalid JSON: expected a value, found '+'");
  CHECK_REJECT("0x10", 1, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("1.5.3", 3, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("NaN", 0, "invalid JSON: expected a value, found 'N'");
  CHECK_REJECT("Infinity", 0, "invalid JSON: expected a value, found 'I'");
  CHECK_REJECT("-Infinity", 1, "invalid JSON: expected a digit after '-'");
  CHECK_REJECT("1e400", 0, "number out of the range of double: 1e400");
  CHECK_REJECT("[-1e309]", 1, "number out of the range of double: -1e309");
}

static void test_strings(void) {
  lv_value v;
  CHECK_INT(PARSE("\"\\u00e9\"", &v), 0);
  CHECK_STR(str_of(&v), "\xc3\xa9");
  CHECK_INT(PARSE("\"caf\\u00E9!\"", &v), 0);
  CHECK_STR(str_of(&v), "caf\xc3\xa9!");
  CHECK_INT(PARSE("\"\\ud83d\\ude00\"", &v), 0);
  CHECK_STR(str_of(&v), "\xf0\x9f\x98\x80");
  CHECK_INT(PARSE("\"\\uD834\\uDD1E x\"", &v), 0);
  CHECK_STR(str_of(&v), "\xf0\x9d\x84\x9e x");
  CHECK_INT(PARSE("\"\\u20ac\\u0041\\u07ff\"", &v), 0);
  CHECK_STR(str_of(&v), "\xe2\x82\xac" "A\xdf\xbf");
  CHECK_INT(PARSE("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", &v), 0);
  CHECK_STR(str_of(&v), "\"\\/\b\f\n\r\t");
  CHECK_INT(PARSE("\"a\\u0000b\"", &v), 0); /* NUL is a code point like any other */
  CHECK(v.tag == LV_STRING && v.aux == 3 && memcmp(v.v.s, "a\0b", 3) == 0);
  CHECK_INT(PARSE("\"\x7f ~\"", &v), 0); /* DEL is not a control character for JSON */
  CHECK_INT(v.aux, 3);
  /* Longer than the 16-byte scanning step, escapes after it. */
  CHECK_INT(PARSE("\"0123456789abcdefghijklmnopqrstuvwxyz\\n\"", &v), 0);
  CHECK_STR(str_of(&v), "0123456789abcdefghijklmnopqrstuvwxyz\n");

  CHECK_REJECT("\"abc", 0, "invalid JSON: unterminated string");
  CHECK_REJECT("[\"abc\\\"]", 1, "invalid JSON: unterminated string");
  CHECK_REJECT("\"abc\\", 0, "invalid JSON: unterminated string");
  CHECK_REJECT("\"a\\q\"", 2, "invalid JSON: invalid escape \\q");
  CHECK_REJECT("\"a\\'\"", 2, "invalid JSON: invalid escape \\'");
  CHECK_REJECT("\"a\\\x01\"", 2, "invalid JSON: invalid escape: '\\' followed by byte 0x01");
  CHECK_REJECT("\"\\u12\"", 1, "invalid JSON: invalid \\u escape (expected 4 hex digits)");
  CHECK_REJECT("\"\\u12g4\"", 1, "invalid JSON: invalid \\u escape (expected 4 hex digits)");
  CHECK_REJECT("\"\\u12", 0, "invalid JSON: unterminated string");
  CHECK_REJECT("\"\\ud800\"", 1, "invalid JSON: lone surrogate \\ud800");
  CHECK_REJECT("\"\\uDBFF x\"", 1, "invalid JSON: lone surrogate \\uDBFF");
  CHECK_REJECT("\"\\udc00\"", 1, "invalid JSON: lone surrogate \\udc00");
  CHECK_REJECT("\"\\ude00\\ud83d\"", 1, "invalid JSON: lone surrogate \\ude00");
  CHECK_REJECT("\"\\ud800\\n\"", 1, "invalid JSON: lone surrogate \\ud800");
  CHECK_REJECT("\"\\ud83d\\u0041\"", 1,
               "invalid JSON: high surrogate \\ud83d followed by \\u0041, not by a low surrogate");
  CHECK_REJECT("\"\\ud83d\\ud83d\"", 1,
               "invalid JSON: high surrogate \\ud83d followed by \\ud83d, not by a low surrogate");
  CHECK_REJECT("\"\\ud83d", 0, "invalid JSON: unterminated string");
  CHECK_REJECT("\"\\ud83d\\", 0, "invalid JSON: unterminated string");
  CHECK_REJECT("\"a\nb\"", 2, "invalid JSON: control character in string");
  CHECK_REJECT("\"a\tb\"", 2, "invalid JSON: control character in string");
  CHECK_REJECT("\"0123456789abcdefghij\x1f\"", 21, "invalid JSON: control character in string");
  CHECK_REJECT("\"a\0b\"", 2, "invalid JSON: control character in string");
}

static void test_utf8(void) {
  lv_value v;
  CHECK_INT(PARSE("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"", &v), 0); /* 2, 3 and 4 bytes */
  CHECK_INT(v.aux, 9);
  CHECK_INT(PARSE("\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\"", &v), 0); /* U+FFFF, U+10FFFF, U+D7FF */
  CHECK_INT(v.aux, 10);
  /* Every invalid form, reported at its first byte. */
  CHECK_REJECT("\"\xc0\xaf\"", 1, "invalid JSON: invalid UTF-8 in string");     /* overlong '/' */
  CHECK_REJECT("\"\xc1\xbf\"", 1, "invalid JSON: invalid UTF-8 in string");     /* overlong */
  CHECK_REJECT("\"\xe0\x80\xaf\"", 1, "invalid JSON: invalid UTF-8 in string"); /* overlong 3-byte */
  CHECK_REJECT("\"\xf0\x80\x80\xaf\"", 1, "invalid JSON: invalid UTF-8 in string"); /* overlong 4-byte */
  CHECK_REJECT("\"ab\xed\xa0\x80\"", 3, "invalid JSON: invalid UTF-8 in string"); /* U+D800 encoded */
  CHECK_REJECT("\"\xed\xbf\xbf\"", 1, "invalid JSON: invalid UTF-8 in string");   /* U+DFFF encoded */
  CHECK_REJECT("\"\xf4\x90\x80\x80\"", 1, "invalid JSON: invalid UTF-8 in string"); /* > U+10FFFF */
  CHECK_REJECT("\"\xf5\x80\x80\x80\"", 1, "invalid JSON: invalid UTF-8 in string");
  CHECK_REJECT("\"\xff\"", 1, "invalid JSON: invalid UTF-8 in string");
  CHECK_REJECT("\"\x80\"", 1, "invalid JSON: invalid UTF-8 in string"); /* lone continuation */
  CHECK_REJECT("\"\xe2\x82\"", 1, "invalid JSON: invalid UTF-8 in string"); /* truncated */
  CHECK_REJECT("\"\xf0\x9f\x98\"", 1, "invalid JSON: invalid UTF-8 in string");
  CHECK_REJECT("\"\xe2\x82", 1, "invalid JSON: invalid UTF-8 in string"); /* truncated by the end */
  CHECK_REJECT("\"\xc3", 1, "invalid JSON: invalid UTF-8 in string");
  CHECK_REJECT("[\"ok\",\"0123456789abcdef\xc3(\"]", 23, "invalid JSON: invalid UTF-8 in string");
  CHECK_REJECT("{\"\xc3\xa9\":1,\"k\xc3\":2}", 10, "invalid JSON: invalid UTF-8 in string"); /* in a key */
  /* Outside strings only ASCII belongs: a byte order mark, NBSP. */
  CHECK_REJECT("\xef\xbb\xbf{}", 0, "invalid JSON: expected a value, found byte 0xef");
  CHECK_REJECT("[1,\xc2\xa0" "2]", 3, "invalid JSON: expected a value, found byte 0xc2");
}

static void test_structure(void) {
  lv_value v;
  CHECK_INT(PARSE("[]", &v), 0);
  CHECK(v.tag == LV_LIST && ((const lv_list *)v.v.p)->len == 0);
  CHECK_INT(PARSE("{}", &v), 0);
  CHECK(v.tag == LV_MAP && ((const lv_map *)v.v.p)->len == 0);
  CHECK_INT(PARSE(" [ 1 , \"two\" , [ true , null ] , { \"k\" : false } ] ", &v), 0);
  CHECK_INT(v.tag, LV_LIST);
  const lv_list *l = v.v.p;
  CHECK_INT(l->len, 4);
  CHECK(l->items[0].tag == LV_DOUBLE && l->items[0].v.d == 1.0);
  CHECK_STR(str_of(&l->items[1]), "two");
  CHECK(l->items[2].tag == LV_LIST && ((const lv_list *)l->items[2].v.p)->len == 2);
  CHECK_INT(((const lv_list *)l->items[2].v.p)->items[1].tag, LV_NULL);
  CHECK_INT(l->items[3].tag, LV_MAP);
  const lv_value *k = lv_map_find_str(l->items[3].v.p, "k", 1);
  CHECK(k && k->tag == LV_BOOL && !k->v.b);

  CHECK_INT(PARSE("{\"b\":1,\"a\":{\"x\":\"y\"},\"\\u0063\":[]}", &v), 0);
  const lv_map *m = v.v.p;
  CHECK_INT(m->len, 3);
  CHECK_STR(str_of(&m->keys[0]), "b"); /* insertion order */
  CHECK_STR(str_of(&m->keys[2]), "c"); /* keys unescaped */
  const lv_value *a = lv_map_find_str(m, "a", 1);
  CHECK(a && a->tag == LV_MAP);
  const lv_value *x = a ? lv_map_find_str(a->v.p, "x", 1) : NULL;
  CHECK(x && x->tag == LV_STRING);
  if (x) CHECK_STR(str_of(x), "y");

  CHECK_REJECT("", 0, "invalid JSON: expected a value, found end of input");
  CHECK_REJECT("  \n", 3, "invalid JSON: expected a value, found end of input");
  CHECK_REJECT("[", 1, "invalid JSON: expected a value, found end of input");
  CHECK_REJECT("[1", 2, "invalid JSON: expected ',' or ']' after array element");
  CHECK_REJECT("[1 2]", 3, "invalid JSON: expected ',' or ']' after array element");
  CHECK_REJECT("[1,]", 3, "invalid JSON: trailing comma in array");
  CHECK_REJECT("[1, ]", 4, "invalid JSON: trailing comma in array");
  CHECK_REJECT("[,1]", 1, "invalid JSON: expected a value, found ','");
  CHECK_REJECT("{", 1, "invalid JSON: expected an object key (a string)");
  CHECK_REJECT("{a:1}", 1, "invalid JSON: expected an object key (a string)");
  CHECK_REJECT("{'a':1}", 1, "invalid JSON: expected an object key (a string)");
  CHECK_REJECT("{1:1}", 1, "invalid JSON: expected an object key (a string)");
  CHECK_REJECT("{\"a\" 1}", 5, "invalid JSON: expected ':' after object key");
  CHECK_REJECT("{\"a\"}", 4, "invalid JSON: expected ':' after object key");
  CHECK_REJECT("{\"a\":}", 5, "invalid JSON: expected a value, found '}'");
  CHECK_REJECT("{\"a\":1 \"b\":2}", 7, "invalid JSON: expected ',' or '}' after object member");
  CHECK_REJECT("{\"a\":1,}", 7, "invalid JSON: trailing comma in object");
  CHECK_REJECT("{\"a\":1", 6, "invalid JSON: expected ',' or '}' after object member");
  CHECK_REJECT("{\"a\":1]", 6, "invalid JSON: expected ',' or '}' after object member");
  CHECK_REJECT("[1}", 2, "invalid JSON: expected ',' or ']' after array element");
  CHECK_REJECT("1 2", 2, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("[1]x", 3, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("{}{}", 2, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("[1]\0", 3, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("tru", 0, "invalid JSON: invalid literal, expected true");
  CHECK_REJECT("[fals]", 1, "invalid JSON: invalid literal, expected false");
  CHECK_REJECT("nul", 0, "invalid JSON: invalid literal, expected null");
  CHECK_REJECT("nan", 0, "invalid JSON: invalid literal, expected null");
  CHECK_REJECT("True", 0, "invalid JSON: expected a value, found 'T'");
  CHECK_REJECT("truex", 4, "invalid JSON: trailing characters after the JSON value");
  CHECK_REJECT("[true false]", 6, "invalid JSON: expected ',' or ']' after array element");
  CHECK_REJECT("// c\n1", 0, "invalid JSON: expected a value, found '/'");
  /* Whitespace is space, tab, CR, LF: nothing else. */
  CHECK_REJECT("\f1", 0, "invalid JSON: expected a value, found byte 0x0c");
  CHECK_REJECT("[1,\v2]", 3, "invalid JSON: expected a value, found byte 0x0b");
  CHECK_REJECT("\0", 0, "invalid JSON: expected a value, found byte 0x00");
}

static void test_duplicates(void) {
  lv_value v;
  CHECK_REJECT("{\"a\":1,\"a\":2}", 7, "duplicate key \"a\"");
  CHECK_REJECT("{\"a\":1,\"\\u0061\":2}", 7, "duplicate key \"a\""); /* equal once unescaped */
  CHECK_REJECT("[{\"x\":{\"q\":1,\"r\":2,\"q\":3}}]", 19, "duplicate key \"q\"");
  CHECK_REJECT("{\"a\\\"b\":1,\"a\\\"b\":2}", 10, "duplicate key \"a\\\"b\"");
  /* Past 8 keys the check hashes. */
  CHECK_REJECT("{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,"
               "\"k9\":9,\"k3\":10}", 71, "duplicate key \"k3\"");
  CHECK_INT(PARSE("{\"a\":1,\"A\":2,\"a \":3,\"\":4}", &v), 0); /* different keys */
  CHECK_INT(((const lv_map *)v.v.p)->len, 4);
}

static void test_depth(void) {
  char deep[1200];
  lv_value v;
  /* Exactly at the limit, then one beyond; arrays and objects alike. */
  for (int n = 1; n <= 4; n++) {
    size_t k = 0;
    for (int i = 0; i < n; i++) deep[k++] = '[';
    for (int i = 0; i < n; i++) deep[k++] = ']';
    deep[k] = 0;
    int rc = lv_json_parse(&cx, &v, deep, k, 3, &jerr);
    CHECK_INT(rc, n <= 3 ? 0 : -1);
  }
  CHECK_REJECT_DEPTH("[[[[]]]]", 3, 3, "nesting deeper than the limit of 3");
  CHECK_REJECT_DEPTH("{\"a\":{\"b\":{\"c\":{}}}}", 3, 15, "nesting deeper than the limit of 3");
  CHECK_REJECT_DEPTH("[{\"a\":[1]}]", 2, 6, "nesting deeper than the limit of 2");
  CHECK_INT(lv_json_parse(&cx, &v, "[{\"a\":[1]}]", 11, 3, &jerr), 0);
  /* The default (0) is 64. */
  size_t k = 0;
  for (int i = 0; i < 64; i++) deep[k++] = '[';
  for (int i = 0; i < 64; i++) deep[k++] = ']';
  CHECK_INT(lv_json_parse(&cx, &v, deep, k, 0, &jerr), 0);
  k = 0;
  for (int i = 0; i < 65; i++) deep[k++] = '[';
  for (int i = 0; i < 65; i++) deep[k++] = ']';
  CHECK_INT(lv_json_parse(&cx, &v, deep, k, 0, &jerr), -1);
  CHECK_INT(jerr.offset, 64);
  CHECK_STR(jerr.msg, "nesting deeper than the limit of 64");
  /* Whatever is asked, the recursion stops at the ceiling. */
  k = 0;
  for (int i = 0; i < 600; i++) deep[k++] = '[';
  CHECK_INT(lv_json_parse(&cx, &v, deep, k, 1000000, &jerr), -1);
  CHECK_INT(jerr.offset, LV_JSON_DEPTH_CEILING);
  CHECK_STR(jerr.msg, "nesting deeper than the limit of 512");
}

static void test_large(void) {
  /* Scratch stacks outgrow their first storage while outer levels hold
   * entries below: values must survive the move. */
  char *text = malloc(200000);
  size_t k = 0;
  k += (size_t)sprintf(text + k, "{\"pre\":[");
  for (int i = 0; i < 3000; i++) k += (size_t)sprintf(text + k, "%s%d", i ? "," : "", i);
  k += (size_t)sprintf(text + k, "],\"obj\":{");
  for (int i = 0; i < 500; i++) k += (size_t)sprintf(text + k, "%s\"k%d\":[%d,\"v%d\"]", i ? "," : "", i, i, i);
  k += (size_t)sprintf(text + k, "},\"post\":\"end\"}");
  lv_value v;
  CHECK_INT(lv_json_parse(&cx, &v, text, k, 0, &jerr), 0);
  const lv_map *m = v.v.p;
  CHECK_INT(m->len, 3);
  const lv_value *pre = lv_map_find_str(m, "pre", 3);
  CHECK(pre && pre->tag == LV_LIST && ((const lv_list *)pre->v.p)->len == 3000);
  if (pre) CHECK(((const lv_list *)pre->v.p)->items[2999].v.d == 2999.0);
  const lv_value *obj = lv_map_find_str(m, "obj", 3);
  CHECK(obj && obj->tag == LV_MAP && ((const lv_map *)obj->v.p)->len == 500);
  const lv_value *k321 = obj ? lv_map_find_str(obj->v.p, "k321", 4) : NULL;
  CHECK(k321 && k321->tag == LV_LIST);
  if (k321) {
    const lv_list *pair = k321->v.p;
    CHECK(pair->len == 2 && pair->items[0].v.d == 321.0);
    CHECK_STR(str_of(&pair->items[1]), "v321");
  }
  const lv_value *post = lv_map_find_str(m, "post", 4);
  CHECK(post && post->tag == LV_STRING);
  free(text);
}

static void test_arena_limit(void) {
  lv_arena small;
  lv_arena_init(&small, 256, 512);
  lv_ctx scx = {&small, NULL, NULL, NULL};
  lv_value v;
  const char *text = "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
                     "17,18,19,20,21,22,23,24,25,26,27,28,29,30],{\"a\":1,\"b\":2}]";
  CHECK_INT(lv_json_parse(&scx, &v, text, strlen(text), 0, &jerr), -1);
  CHECK_STR(jerr.msg, "out of memory: the arena limit was reached");
  lv_arena_free(&small);
  /* No arena at all. */
  lv_ctx none = {NULL, NULL, NULL, NULL};
  CHECK_INT(lv_json_parse(&none, &v, "1", 1, 0, &jerr), -1);
  CHECK_STR(jerr.msg, "lv_json_parse: no arena or no text");
}

static void test_scanner_pieces(void) {
  /* Exact integer conversions, as the decoder uses them. */
  lv_jnum n;
  const char *at, *why;
  int64_t i;
  uint64_t u;
  char buf[96];
#define NUM(text) (memset(buf, 0, sizeof buf), strcpy(buf, text), lv_jnum_scan(&n, buf, &at, &why))
  CHECK(NUM("9223372036854775807") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == INT64_MAX);
  CHECK(NUM("-9223372036854775808") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == INT64_MIN);
  CHECK(NUM("9223372036854775808") && lv_jnum_int(&n, &i) == LV_JNUM_RANGE);
  CHECK(NUM("-9223372036854775809") && lv_jnum_int(&n, &i) == LV_JNUM_RANGE);
  CHECK(NUM("18446744073709551615") && lv_jnum_uint(&n, &u) == LV_JNUM_OK && u == UINT64_MAX);
  CHECK(NUM("18446744073709551616") && lv_jnum_uint(&n, &u) == LV_JNUM_RANGE);
  CHECK(NUM("1.8446744073709551615e19") && lv_jnum_uint(&n, &u) == LV_JNUM_OK && u == UINT64_MAX);
  CHECK(NUM("-1") && lv_jnum_uint(&n, &u) == LV_JNUM_NEGATIVE);
  CHECK(NUM("-0") && lv_jnum_uint(&n, &u) == LV_JNUM_OK && u == 0);
  CHECK(NUM("-0.0e5") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == 0);
  CHECK(NUM("1.0") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == 1);
  CHECK(NUM("1e3") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == 1000);
  CHECK(NUM("1000e-3") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == 1);
  CHECK(NUM("1.5") && lv_jnum_int(&n, &i) == LV_JNUM_NOT_INTEGRAL);
  CHECK(NUM("1e-400") && lv_jnum_int(&n, &i) == LV_JNUM_NOT_INTEGRAL);
  CHECK(NUM("0e999999999999") && lv_jnum_int(&n, &i) == LV_JNUM_OK && i == 0);
  CHECK(NUM("1e999999999999") && lv_jnum_int(&n, &i) == LV_JNUM_RANGE);
  CHECK(NUM("12345678901234567890123e-4") && lv_jnum_int(&n, &i) == LV_JNUM_NOT_INTEGRAL);
  CHECK(NUM("1234567890123456789000000e-6") && lv_jnum_int(&n, &i) == LV_JNUM_OK &&
        i == 1234567890123456789LL);
  CHECK(NUM("000") == NULL && strcmp(why, "leading zeros are not allowed") == 0);
#undef NUM
  /* Describing values in reasons: cut, quoted, escaped. */
  char d[64];
  lv_jscan_describe_string(d, sizeof d, "a\"b\\c\n", 6);
  CHECK_STR(d, "\"a\\\"b\\\\c\\u000a\"");
  lv_jscan_describe_string(d, sizeof d, "0123456789012345678901234567890123456789", 40);
  CHECK_STR(d, "\"01234567890123456789012345678901...\"");
  char num[48];
  lv_jscan_describe_number(num, sizeof num, "12345678901234567890123456789012345678901234567890", 50);
  CHECK_STR(num, "1234567890123456789012345678901234567...");
}

int main(void) {
  lv_arena_init(&arena, 0, 0);
  cx.arena = &arena;
  test_scalars();
  test_numbers();
  test_strings();
  test_utf8();
  test_structure();
  test_duplicates();
  test_depth();
  test_large();
  test_arena_limit();
  test_scanner_pieces();
  lv_arena_free(&arena);
  return check_done();
}
