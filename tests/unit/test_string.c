/* String functions and the strings extension: every case of the cel-spec
 * conformance files string.textproto and string_ext.textproto that needs only
 * these functions (format and quote are in test_format.c), plus cel-go's
 * documented examples, error paths, limits and linear-time checks. */
#include "check.h"
#include "lv_string.h"

#include <time.h>

static lv_arena arena;
static lv_ctx cx;

#define S(lit) lit, sizeof(lit) - 1

static const char *rp;
static size_t rn;

/* Checks that a string-returning call succeeded with the wanted text. */
#define CHECK_OK_SPAN(call, want)                                             \
  do {                                                                        \
    rp = NULL;                                                                \
    rn = 0;                                                                   \
    const lv_err *e_ = (call);                                                \
    CHECK(e_ == NULL);                                                        \
    if (e_) fprintf(stderr, "  error: %s\n", e_->msg);                        \
    else CHECK_SPAN(rp, rn, want);                                            \
  } while (0)

static int64_t idx;
#define CHECK_OK_INT(call, want)                                              \
  do {                                                                        \
    idx = -999;                                                               \
    const lv_err *e_ = (call);                                                \
    CHECK(e_ == NULL);                                                        \
    CHECK_INT(idx, want);                                                     \
  } while (0)

static void test_core(void) {
  /* string.textproto: size */
  CHECK_INT(lv_string_size(S("")), 0);
  CHECK_INT(lv_string_size(S("A")), 1);
  CHECK_INT(lv_string_size(S("ÿ")), 1);
  CHECK_INT(lv_string_size(S("four")), 4);
  CHECK_INT(lv_string_size(S("πέντε")), 5);
  CHECK_INT(lv_string_size(S("\U0001F431\U0001F600")), 2);
  /* starts_with */
  CHECK(lv_string_starts_with(S("foobar"), S("foo")));
  CHECK(!lv_string_starts_with(S("foobar"), S("bar")));
  CHECK(!lv_string_starts_with(S(""), S("foo")));
  CHECK(lv_string_starts_with(S("foobar"), S("")));
  CHECK(lv_string_starts_with(S(""), S("")));
  CHECK(lv_string_starts_with(S("завтра"), S("за")));
  CHECK(lv_string_starts_with(S("\U0001F431\U0001F600\U0001F61B"), S("\U0001F431")));
  /* ends_with */
  CHECK(lv_string_ends_with(S("foobar"), S("bar")));
  CHECK(!lv_string_ends_with(S("foobar"), S("foo")));
  CHECK(!lv_string_ends_with(S(""), S("foo")));
  CHECK(lv_string_ends_with(S("foobar"), S("")));
  CHECK(lv_string_ends_with(S(""), S("")));
  CHECK(lv_string_ends_with(S("forté"), S("té")));
  CHECK(lv_string_ends_with(S("\U0001F431\U0001F600\U0001F61B"), S("\U0001F61B")));
  /* contains */
  CHECK(lv_string_contains(S("hello"), S("he")));
  CHECK(lv_string_contains(S("hello"), S("")));
  CHECK(!lv_string_contains(S("hello"), S("ol")));
  CHECK(lv_string_contains(S("abababc"), S("ababc")));
  CHECK(lv_string_contains(S("Straße"), S("aß")));
  CHECK(lv_string_contains(S("\U0001F431\U0001F600\U0001F601"), S("\U0001F600")));
  CHECK(!lv_string_contains(S(""), S("something")));
  CHECK(lv_string_contains(S(""), S("")));
  CHECK(!lv_string_contains(S("he"), S("hello")));
  /* concatenation */
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S("he"), S("llo")), "hello");
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S(""), S("abc")), "abc");
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S("abc"), S("")), "abc");
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S(""), S("")), "");
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S("¢ÿ"), S("Ȁ")), "¢ÿȀ");
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S("aÿ"), S("\U0001F431")), "aÿ\xf0\x9f\x90\xb1");
  /* bytes_concat (the same function serves bytes) */
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S("abc"), S("def")), "abcdef");
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, S(""), S("\xffoo")), "\xffoo");
  /* comparison and equality are byte-wise */
  CHECK_INT(lv_bytes_compare(S("a"), S("b")), -1);
  CHECK_INT(lv_bytes_compare(S("b"), S("a")), 1);
  CHECK_INT(lv_bytes_compare(S("ab"), S("ab")), 0);
  CHECK_INT(lv_bytes_compare(S("ab"), S("abc")), -1);
  CHECK_INT(lv_bytes_compare(S("abc"), S("ab")), 1);
  CHECK_INT(lv_bytes_compare(S(""), S("")), 0);
  CHECK_INT(lv_bytes_compare(S("\xff"), S("a")), 1); /* unsigned bytes */
  CHECK_INT(lv_bytes_compare(S("é"), S("z")), 1);    /* code point order */
  CHECK(lv_bytes_equal(S("abc"), S("abc")));
  CHECK(!lv_bytes_equal(S("abc"), S("abd")));
  CHECK(!lv_bytes_equal(S("abc"), S("ab")));
  CHECK(lv_bytes_equal(S(""), S("")));
}

static void test_char_at(void) {
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("tacocat"), 3), "o");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("tacocat"), 7), "");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("©αT"), 0), "©");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("©αT"), 1), "α");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("©αT"), 2), "T");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("©αT"), 3), "");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("a\U0001F600"), 1), "\U0001F600");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S("hello"), 4), "o");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, S(""), 0), "");
  CHECK_ERR(lv_string_char_at(&cx, &rp, &rn, S("tacocat"), 30), LV_E_INDEX, "index out of range: 30");
  CHECK_ERR(lv_string_char_at(&cx, &rp, &rn, S("hello"), -1), LV_E_INDEX, "index out of range: -1");
  CHECK_ERR(lv_string_char_at(&cx, &rp, &rn, S("©αT"), 4), LV_E_INDEX, "index out of range: 4");
  CHECK_ERR(lv_string_char_at(&cx, &rp, &rn, S(""), INT64_MIN), LV_E_INDEX,
            "index out of range: -9223372036854775808");
}

static void test_index_of(void) {
  const lv_err *e;
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S(""), 0), 0);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S("ac"), 0), 1);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S("none"), 0), -1);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S(""), 3), 3);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S("a"), 3), 5);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S("at"), 3), 5);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("ta©o©αT"), S("©"), 0), 2);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("ta©o©αT"), S("©"), 3), 4);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("ta©o©αT"), S("©αT"), 3), 4);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("ta©o©αT"), S("©α"), 5), -1);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("ijk"), S("k"), 0), 2);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("hello wello"), S("hello wello"), 0), 0);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("hello wello"), S("ello"), 6), 7);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("hello wello"), S("elbo room!!"), 0), -1);
  /* cel-go doc examples */
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("hello mellow"), S(""), 2), 2);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("hello mellow"), S("ello"), 2), 7);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("hello mellow"), S("jello"), 0), -1);
  /* start == size: nothing non-empty can start there */
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S("t"), 7), -1);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S("tacocat"), S(""), 7), 7);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S(""), S(""), 0), 0);
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, S(""), S("a"), 0), -1);
  /* value_errors (the conformance files make a start past the end an error) */
  e = lv_string_index_of(&cx, &idx, S("tacocat"), S("a"), 30);
  CHECK_ERR(e, LV_E_INDEX, "index out of range: 30");
  CHECK_ERR(lv_string_index_of(&cx, &idx, S("tacocat"), S(""), 8), LV_E_INDEX, "index out of range: 8");
  CHECK_ERR(lv_string_index_of(&cx, &idx, S("hello mellow"), S("ello"), -1), LV_E_INDEX,
            "index out of range: -1");
}

static void test_last_index_of(void) {
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S(""), S("@@"), false, 0), -1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S(""), false, 0), 7);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S("at"), false, 0), 5);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S("none"), false, 0), -1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S(""), true, 3), 3);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S("a"), true, 3), 1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("ta©o©αT"), S("©"), false, 0), 4);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("ta©o©αT"), S("©"), true, 3), 2);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("ta©o©αT"), S("©α"), true, 4), 4);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello wello"), S("ello"), true, 6), 1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello wello"), S("low"), false, 0), -1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello wello"), S("elbo room!!"), false, 0), -1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello wello"), S("hello wello"), false, 0), 0);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("bananananana"), S("nana"), true, 7), 6);
  /* cel-go doc examples */
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello mellow"), S(""), false, 0), 12);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello mellow"), S("ello"), false, 0), 7);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("hello mellow"), S("jello"), false, 0), -1);
  /* a match may run past the end position; it only has to start there */
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("abcabc"), S("bca"), true, 1), 1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("abcabc"), S("bca"), true, 0), -1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("abcabc"), S("c"), true, 5), 5);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("ab"), S("abc"), false, 0), -1);
  /* as cel-go: an end at the size finds no non-empty needle */
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S("at"), true, 7), -1);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("tacocat"), S(""), true, 7), 7);
  /* long needles take the KMP path */
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx,
                                       S("xx©0123456789012345678901234567890123456789012345678901234567890123456789yy"
                                         "0123456789012345678901234567890123456789012345678901234567890123456789"),
                                       S("0123456789012345678901234567890123456789012345678901234567890123456789"),
                                       false, 0),
               75);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx,
                                       S("xx©0123456789012345678901234567890123456789012345678901234567890123456789yy"
                                         "0123456789012345678901234567890123456789012345678901234567890123456789"),
                                       S("0123456789012345678901234567890123456789012345678901234567890123456789"),
                                       true, 73),
               3);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("aabaabaaab"), S("aab"), true, 6), 3);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, S("aabaabaaab"), S("aab"), false, 0), 7);
  /* value_errors */
  CHECK_ERR(lv_string_last_index_of(&cx, &idx, S("tacocat"), S("a"), true, -1), LV_E_INDEX,
            "index out of range: -1");
  CHECK_ERR(lv_string_last_index_of(&cx, &idx, S("tacocat"), S("a"), true, 30), LV_E_INDEX,
            "index out of range: 30");
  CHECK_ERR(lv_string_last_index_of(&cx, &idx, S("tacocat"), S(""), true, 8), LV_E_INDEX,
            "index out of range: 8");
}

static void test_casing(void) {
  CHECK_OK_SPAN(lv_string_lower_ascii(&cx, &rp, &rn, S("TacoCat")), "tacocat");
  CHECK_OK_SPAN(lv_string_lower_ascii(&cx, &rp, &rn, S("TacoCÆt")), "tacocÆt");
  CHECK_OK_SPAN(lv_string_lower_ascii(&cx, &rp, &rn, S("TacoCÆt Xii")), "tacocÆt xii");
  CHECK_OK_SPAN(lv_string_upper_ascii(&cx, &rp, &rn, S("tacoCat")), "TACOCAT");
  CHECK_OK_SPAN(lv_string_upper_ascii(&cx, &rp, &rn, S("tacoCαt")), "TACOCαT");
  CHECK_OK_SPAN(lv_string_upper_ascii(&cx, &rp, &rn, S("TacoCÆt Xii")), "TACOCÆT XII");
  CHECK_OK_SPAN(lv_string_upper_ascii(&cx, &rp, &rn, S("")), "");
  CHECK_OK_SPAN(lv_string_upper_ascii(&cx, &rp, &rn, S("@[`{")), "@[`{");
  CHECK_OK_SPAN(lv_string_lower_ascii(&cx, &rp, &rn, S("@[`{AZ")), "@[`{az");
}

static void test_replace(void) {
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("12 days 12 hours"), S("{0}"), S("2"), -1),
                "12 days 12 hours");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("{0} days {0} hours"), S("{0}"), S("2"), -1),
                "2 days 2 hours");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("{0} days {0} hours"), S("{0}"), S("2"), 1),
                "2 days {0} hours");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("2 days {0} hours"), S("{0}"), S("23"), -1),
                "2 days 23 hours");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("1 ©αT taco"), S("αT"), S("o©α"), -1),
                "1 ©o©α taco");
  /* cel-go doc examples */
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("hello hello"), S("he"), S("we"), -1), "wello wello");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("hello hello"), S("he"), S("we"), 1), "wello hello");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("hello hello"), S("he"), S("we"), 0), "hello hello");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("hello hello"), S(""), S("_"), -1),
                "_h_e_l_l_o_ _h_e_l_l_o_");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("hello hello"), S("h"), S(""), -1), "ello ello");
  /* empty old: before each code point and at the end, limit counted */
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("©α"), S(""), S("-"), -1), "-©-α-");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("©α"), S(""), S("-"), 2), "-©-α");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("©α"), S(""), S("-"), 100), "-©-α-");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S(""), S(""), S("x"), -1), "x");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S(""), S("a"), S("x"), -1), "");
  /* leftmost, non-overlapping */
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("aaaa"), S("aa"), S("b"), -1), "bb");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("aaa"), S("aa"), S("b"), -1), "ba");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("abab"), S("ab"), S("abab"), -1), "abababab");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("abc"), S("abc"), S(""), -1), "");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("abc"), S("b"), S("b"), -1), "abc");
}

static void check_list(const lv_list *l, int n, const char *const *want, int line) {
  if (!l) {
    check_count++, check_failures++;
    fprintf(stderr, "%s:%d: no list\n", __FILE__, line);
    return;
  }
  check_count++;
  if ((int)l->len != n) {
    check_failures++;
    fprintf(stderr, "%s:%d: list has %u items, want %d\n", __FILE__, line, l->len, n);
    return;
  }
  for (int i = 0; i < n; i++) {
    check_count++;
    const lv_value *v = &l->items[i];
    if (v->tag != LV_STRING || v->aux != strlen(want[i]) || memcmp(v->v.s, want[i], v->aux) != 0) {
      check_failures++;
      fprintf(stderr, "%s:%d: item %d is \"%.*s\", want \"%s\"\n", __FILE__, line, i, (int)v->aux,
              v->v.s, want[i]);
    }
  }
}

#define CHECK_SPLIT(s, sep, limit, ...)                                       \
  do {                                                                        \
    static const char *const w_[] = {"", __VA_ARGS__};                      \
    const lv_list *l_ = NULL;                                                 \
    const lv_err *e_ = lv_string_split(&cx, &l_, S(s), S(sep), limit);        \
    CHECK(e_ == NULL);                                                        \
    if (!e_) check_list(l_, (int)(sizeof w_ / sizeof w_[0]) - 1, w_ + 1, __LINE__); \
  } while (0)

static void test_split(void) {
  CHECK_SPLIT("hello world", " ", -1, "hello", "world");
  CHECK_SPLIT("hello world events!", " ", 0);
  CHECK_SPLIT("hello world events!", " ", 1, "hello world events!");
  CHECK_SPLIT("o©o©o©o", "©", -1, "o", "o", "o", "o");
  /* cel-go doc examples */
  CHECK_SPLIT("hello hello hello", " ", 2, "hello", "hello hello");
  CHECK_SPLIT("hello hello hello", " ", -1, "hello", "hello", "hello");
  CHECK_SPLIT("hello hello hello", " ", 5, "hello", "hello", "hello");
  /* Go's SplitN edges */
  CHECK_SPLIT("", ",", -1, "");
  CHECK_SPLIT(",", ",", -1, "", "");
  CHECK_SPLIT("a,,b,", ",", -1, "a", "", "b", "");
  CHECK_SPLIT("a,b,c", ",", -5, "a", "b", "c");
  CHECK_SPLIT("abc", "abc", -1, "", "");
  CHECK_SPLIT("ab", "abc", -1, "ab");
  /* empty separator: code points */
  CHECK_SPLIT("©αT", "", -1, "©", "α", "T");
  CHECK_SPLIT("©αT", "", 2, "©", "αT");
  CHECK_SPLIT("©αT", "", 3, "©", "α", "T");
  CHECK_SPLIT("©αT", "", 10, "©", "α", "T");
  CHECK_SPLIT("©αT", "", 0);
  CHECK_SPLIT("", "", -1);
}

static void test_substring(void) {
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 4, false, 0), "cat");
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 7, false, 0), "");
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 0, true, 4), "taco");
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 4, true, 4), "");
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("ta©o©αT"), 2, true, 6), "©o©α");
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("ta©o©αT"), 7, true, 7), "");
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, S("ta©o©αT"), 0, true, 7), "ta©o©αT");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 40, false, 0), LV_E_INDEX,
            "index out of range: 40");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("tacocat"), -1, false, 0), LV_E_INDEX,
            "index out of range: -1");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 1, true, 50), LV_E_INDEX,
            "index out of range: 50");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 49, true, 50), LV_E_INDEX,
            "index out of range: 49");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("tacocat"), 4, true, 3), LV_E_INDEX,
            "invalid substring range. start: 4, end: 3");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("tacocat"), -2, true, 3), LV_E_INDEX,
            "index out of range: -2");
  CHECK_ERR(lv_string_substring(&cx, &rp, &rn, S("ta©"), 0, true, 4), LV_E_INDEX,
            "index out of range: 4");
}

static void test_trim(void) {
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S(" \f\n\r\t\vtext  ")), "text");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("\xc2\x85\u00a0\u1680text")), "text");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn,
                               S("text\u2000\u2001\u2002\u2003\u2004\u2004\u2006\u2007\u2008\u2009")),
                "text");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("\u200atext\u2028\u2029\u202F\u205F\u3000")), "text");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("\u180etext\u200b\u200c\u200d\u2060\ufeff")),
                "\u180etext\u200b\u200c\u200d\u2060\ufeff");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("  \ttrim\n    ")), "trim");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("   ")), "");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("")), "");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S(" a b ")), "a b");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, S("\u3000©\u3000")), "©");
}

static void test_join(void) {
  lv_value xy[] = {lv_value_string(S("x")), lv_value_string(S("y"))};
  lv_list l2 = {2, xy}, l0 = {0, NULL}, l1 = {1, xy};
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l2, S("")), "xy");
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l2, S("-")), "x-y");
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l0, S("")), "");
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l0, S("-")), "");
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l1, S("-")), "x");
  lv_value hm[] = {lv_value_string(S("hello")), lv_value_string(S("mellow")), lv_value_string(S(""))};
  lv_list l3 = {3, hm};
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l3, S(", ")), "hello, mellow, ");
  lv_value bad[] = {lv_value_string(S("a")), lv_value_int(1)};
  lv_list lb = {2, bad};
  CHECK_ERR(lv_list_join(&cx, &rp, &rn, &lb, S("")), LV_E_INVALID_ARG,
            "join: list element 1 is not a string");
}

static void test_reverse(void) {
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, S("")), "");
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, S("☺")), "☺");
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, S("Ta©oCαt")), "tαCo©aT");
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, S("gums")), "smug");
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, S("John Smith")), "htimS nhoJ");
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, S("a\U0001F600b")), "b\U0001F600a");
}

/* Limits: results past the arena or LV_STRING_RESULT_MAX are errors, and the
 * searches stay linear on inputs that make naive searching quadratic. */
static void test_limits(void) {
  lv_arena small;
  lv_arena_init(&small, 4096, 1 << 20);
  lv_ctx scx = {&small, NULL, NULL, NULL};
  static char big[600000];
  memset(big, 'a', sizeof big);
  const lv_err *e = lv_string_concat(&scx, &rp, &rn, big, sizeof big, big, sizeof big);
  CHECK(e && e->code == LV_E_RESOURCE);
  e = lv_string_replace(&scx, &rp, &rn, big, sizeof big, S("a"), S("bb"), -1);
  CHECK(e && e->code == LV_E_RESOURCE);
  e = lv_string_reverse(&scx, &rp, &rn, big, sizeof big);
  CHECK(e == NULL); /* 600 KB fits in 1 MB */
  e = lv_string_reverse(&scx, &rp, &rn, big, sizeof big);
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_reset(&small);
  const lv_list *l;
  e = lv_string_split(&scx, &l, big, sizeof big, S(""), -1); /* 600k items * 16 bytes */
  CHECK(e && e->code == LV_E_RESOURCE);
  lv_arena_free(&small);

  /* 2^31 is checked before anything is allocated: 4096 matches * 1 MB. */
  static char rep[1 << 20];
  memset(rep, 'r', sizeof rep);
  e = lv_string_replace(&cx, &rp, &rn, big, 4096, S("a"), rep, sizeof rep, -1);
  CHECK_ERR(e, LV_E_RESOURCE, "replace: result too long (limit 2147483648 bytes)");
  e = lv_string_concat(&cx, &rp, &rn, big, LV_STRING_RESULT_MAX, big, 1); /* no read */
  CHECK(e && e->code == LV_E_RESOURCE);

  /* Quadratic inputs for naive searching: must finish in well under a second. */
  static char hay[1 << 22];
  static char needle[1 << 16];
  memset(hay, 'a', sizeof hay);
  memset(needle, 'a', sizeof needle);
  needle[0] = 'b'; /* "baaa...": matches nowhere, every backward attempt goes deep */
  clock_t t0 = clock();
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, hay, sizeof hay, needle, sizeof needle, false, 0), -1);
  needle[0] = 'a';
  needle[sizeof needle - 1] = 'b';
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, hay, sizeof hay, needle, sizeof needle, 0), -1);
  CHECK(!lv_string_contains(hay, sizeof hay, needle, sizeof needle));
  e = lv_string_replace(&cx, &rp, &rn, hay, sizeof hay, needle, sizeof needle, S("x"), -1);
  CHECK(e == NULL && rn == sizeof hay);
  const lv_list *parts = NULL;
  e = lv_string_split(&cx, &parts, hay, sizeof hay, needle, sizeof needle, -1);
  CHECK(e == NULL && parts && parts->len == 1);
  e = lv_string_replace(&cx, &rp, &rn, hay, sizeof hay, S("aa"), S("b"), -1);
  CHECK(e == NULL && rn == sizeof hay / 2);
  /* Periodic text: verification outgrows the scan, the KMP path takes over
   * and must still find every match. */
  static char per[101 * 1000 + 50];
  for (size_t i = 0; i < sizeof per; i++) per[i] = i % 101 == 100 ? 'b' : 'a';
  e = lv_string_replace(&cx, &rp, &rn, per, sizeof per, per, 101, S("X"), -1);
  CHECK(e == NULL && rn == 1000 + 50 && rp[0] == 'X' && rp[999] == 'X' && rp[1000] == 'a');
  e = lv_string_replace(&cx, &rp, &rn, per, sizeof per, per, 101, S("X"), 999);
  CHECK(e == NULL && rn == 999 + 101 + 50 && rp[998] == 'X' && rp[999] == 'a');
  e = lv_string_split(&cx, &parts, per, sizeof per, per, 101, -1);
  CHECK(e == NULL && parts && parts->len == 1001 && parts->items[0].aux == 0 &&
        parts->items[1000].aux == 50);
  e = lv_string_split(&cx, &parts, per, sizeof per, per + 1, 101, -1); /* "a..ab" + "a" */
  CHECK(e == NULL && parts && parts->len == 1001 && parts->items[0].aux == 1 &&
        parts->items[1].aux == 0 && parts->items[1000].aux == 49);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(secs < 5.0);
  if (secs >= 5.0) fprintf(stderr, "  linear-time searches took %.2f s\n", secs);
}

/* An empty string may arrive as (NULL, 0). */
static void test_null_empty(void) {
  CHECK_INT(lv_string_size(NULL, 0), 0);
  CHECK(lv_string_contains(NULL, 0, NULL, 0));
  CHECK(!lv_string_contains(NULL, 0, S("a")));
  CHECK(lv_string_starts_with(NULL, 0, NULL, 0));
  CHECK(lv_string_ends_with(S("a"), NULL, 0));
  CHECK_INT(lv_bytes_compare(NULL, 0, S("a")), -1);
  CHECK(lv_bytes_equal(NULL, 0, NULL, 0));
  CHECK_OK_SPAN(lv_string_concat(&cx, &rp, &rn, NULL, 0, NULL, 0), "");
  CHECK_OK_SPAN(lv_string_char_at(&cx, &rp, &rn, NULL, 0, 0), "");
  CHECK_OK_INT(lv_string_index_of(&cx, &idx, NULL, 0, NULL, 0, 0), 0);
  CHECK_OK_INT(lv_string_last_index_of(&cx, &idx, NULL, 0, S("a"), true, 0), -1);
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, NULL, 0, NULL, 0, NULL, 0, -1), "");
  CHECK_OK_SPAN(lv_string_replace(&cx, &rp, &rn, S("ab"), S("b"), NULL, 0, -1), "a");
  const lv_list *l = NULL;
  CHECK(lv_string_split(&cx, &l, NULL, 0, S(","), -1) == NULL && l && l->len == 1 && l->items[0].aux == 0);
  CHECK_OK_SPAN(lv_string_substring(&cx, &rp, &rn, NULL, 0, 0, true, 0), "");
  CHECK_OK_SPAN(lv_string_trim(&cx, &rp, &rn, NULL, 0), "");
  CHECK_OK_SPAN(lv_string_upper_ascii(&cx, &rp, &rn, NULL, 0), "");
  CHECK_OK_SPAN(lv_string_reverse(&cx, &rp, &rn, NULL, 0), "");
  lv_value xy[] = {lv_value_string(NULL, 0), lv_value_string(S("y"))};
  lv_list l2 = {2, xy};
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, &l2, NULL, 0), "y");
  CHECK_OK_SPAN(lv_list_join(&cx, &rp, &rn, NULL, S(",")), "");
}

int main(void) {
  lv_arena_init(&arena, 0, (size_t)256 << 20);
  cx.arena = &arena;
  test_core();
  test_char_at();
  test_index_of();
  test_last_index_of();
  test_casing();
  test_replace();
  test_split();
  test_substring();
  test_trim();
  test_join();
  test_reverse();
  test_limits();
  test_null_empty();
  lv_arena_free(&arena);
  return check_done();
}
