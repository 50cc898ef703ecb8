/* The regex engine behind matches(): RE2 syntax, partial matching, UTF-8,
 * errors in RE2's words, linear time. Every match case runs through each
 * engine (literal fast path, DFA, Pike VM) and lv_string_matches, and they
 * must agree. */
#include "check.h"
#include "lv_regex.h"
#include "lv_regex_int.h"

#include <string.h>
#include <pthread.h>
#include <stdint.h>

/* 1 match, 0 no match, -1 compile error. Fails the test if the engines
 * disagree among themselves. */
static int match_n(const char *pat, size_t plen, const char *text, size_t tlen) {
  lv_regex_error err;
  lv_regex *re = lv_regex_compile(pat, plen, &err);
  if (!re) return -1;
  bool got[3];
  for (int e = 0; e < 3; e++) {
    const lv_err *x = rx_match_with(NULL, &got[e], re, text, tlen, (rx_engine)e);
    check_count++;
    if (x) {
      check_failures++;
      fprintf(stderr, "/%.*s/: engine %d failed: %s\n", (int)plen, pat, e, x->msg);
    }
  }
  bool viaapi, viacache;
  lv_regex_match(NULL, &viaapi, re, text, tlen);
  const lv_err *x = lv_string_matches(NULL, &viacache, text, tlen, pat, plen);
  check_count++;
  if (x || got[0] != got[1] || got[1] != got[2] || viaapi != got[0] || viacache != got[0]) {
    check_failures++;
    fprintf(stderr, "/%.*s/ on \"%.*s\": engines disagree: auto %d pike %d dfa %d api %d cached %d\n",
            (int)plen, pat, (int)tlen, text, got[0], got[1], got[2], viaapi, viacache);
  }
  lv_regex_free(re);
  return got[0];
}

static int match(const char *pat, const char *text) { return match_n(pat, strlen(pat), text, strlen(text)); }

typedef struct mcase {
  const char *pat, *text;
  int want;
} mcase;

static void run_cases(const char *group, const mcase *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int got = match(c[i].pat, c[i].text);
    check_count++;
    if (got != c[i].want) {
      check_failures++;
      fprintf(stderr, "%s: /%s/ on \"%s\" gave %d, want %d\n", group, c[i].pat, c[i].text, got, c[i].want);
    }
  }
}

#define RUN(group, arr) run_cases(group, arr, sizeof arr / sizeof arr[0])

/* The conformance tests of the CEL spec (string.textproto, block_ext). */
static const mcase cel_spec[] = {
    {"ubb", "hubba", 1},
    {"foo|bar", "", 0},
    {"", "cows", 1},
    {"", "", 1},
    {"bc", "abcd", 1},
    {"gr(a|e)y", "grey", 1},
    {"ba(na)*", "banana", 1},
    {"a+\xc3\xb1+a+", "ma\xc3\xb1" "ana", 1},                                         /* a+ñ+a+ on mañana */
    {"(a|\xf0\x9f\x98\x80){2}", "\xf0\x9f\x90\xb1\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 1}, /* 🐱😀😀 */
    {"hello", "hello world", 1},
};

static const mcase basics[] = {
    {"abc", "xxabcxx", 1},
    {"abc", "ab", 0},
    {"abc", "", 0},
    {"a|b|c", "zzc", 1},
    {"a|b|c", "zzz", 0},
    {"ab|cd", "xcdx", 1},
    {"a(|b)c", "ac", 1},
    {"a(|b)c", "abc", 1},
    {"|", "x", 1},
    {"()", "", 1},
    {"(?:)", "x", 1},
    {"x(?:ab)+y", "xababy", 1},
    {"x(?:ab)+y", "xy", 0},
    /* matching is partial: anchors make it whole */
    {"^b", "abc", 0},
    {"b$", "abc", 0},
    {"^abc$", "abc", 1},
    {"^abc$", "abcd", 0},
    {"^$", "", 1},
    {"^$", "a", 0},
    {"$", "abc", 1},
    {"^", "abc", 1},
    {"a^b", "a^b", 0},
    {"a\\^b", "a^b", 1},
    {"a$b", "a$b", 0},
    /* metacharacters that are literal where RE2 says so */
    {"a]", "a]", 1},
    {"a}", "a}", 1},
    {"a{", "a{", 1},
    {"a{,3}", "a{,3}", 1},
    {"a{}", "a{}", 1},
    {"a{x}", "a{x}", 1},
    {"{", "{", 1},
    {"a{01}", "a{01}", 1},
    {"x{2,1", "x{2,1", 1},
    {"-", "a-b", 1},
};

static const mcase dot[] = {
    {"^.$", "\xc3\xa9", 1},         /* é is one code point */
    {"^.$", "\xe6\x97\xa5", 1},     /* 日 */
    {"^.$", "\xf0\x9f\x98\x80", 1}, /* 😀 */
    {"^..$", "\xc3\xa9", 0},
    {"^.$", "ab", 0},
    {"^...$", "a\xc3\xa9z", 1},
    {"a.c", "a\nc", 0},
    {"(?s)a.c", "a\nc", 1},
    {"(?s:.)", "\n", 1},
    {".", "\n", 0},
    {".", "", 0},
    {"a.*c", "abbbbc", 1},
    {"^.*$", "", 1},
    {"^.*$", "a\nb", 0},
    {"(?s)^.*$", "a\nb", 1},
};

static const mcase classes[] = {
    {"[abc]", "xbx", 1},
    {"[abc]", "xyz", 0},
    {"^[a-z]+$", "hello", 1},
    {"^[a-z]+$", "Hello", 0},
    {"[^a-z]", "abc", 0},
    {"[^a-z]", "abc1", 1},
    {"[^a]", "\n", 1}, /* negated classes match newline, as in RE2 */
    {"[]a]", "]", 1},
    {"[]a]", "a", 1},
    {"[^]a]", "]", 0},
    {"[^]a]", "b", 1},
    {"[a-]", "-", 1},
    {"[-a]", "-", 1},
    {"[a-c-e]", "-", 1},
    {"[a-c-e]", "d", 0},
    {"[\\]]", "]", 1},
    {"[\\-]", "-", 1},
    {"[\\n]", "\n", 1},
    {"[\\x41-\\x43]", "B", 1},
    {"[\\x{e0}-\\x{ff}]", "\xc3\xa9", 1}, /* é */
    {"[\xc3\xa0-\xc3\xbf]", "\xc3\xa9", 1},
    {"[\xc3\xa0-\xc3\xbf]", "e", 0},
    {"[\xe6\x97\xa5\xe6\x9c\xac]", "\xe6\x9c\xac", 1}, /* [日本] */
    {"[[]", "[", 1},
    {"[[:]", ":", 1},
    {"[.]", "a", 0},
    {"[.]", ".", 1},
    {"[*+?]", "+", 1},
    {"[\\d]", "7", 1},
    {"[\\D]", "7", 0},
    {"[\\da-f]+$", "0ff", 1},
    {"[^\\d\\s]", "1 2", 0},
    {"[^\\d\\s]", "1 x", 1},
    {"[^\\x00-\\x{10FFFF}]", "a", 0}, /* empty class: matches nothing */
    {"a[^\\x00-\\x{10FFFF}]|b", "ab", 1},
    /* Perl classes are ASCII, as in RE2 */
    {"\\d", "x5", 1},
    {"\\d", "\xd9\xa3", 0}, /* Arabic-Indic three */
    {"\\D", "5", 0},
    {"\\D", "\xd9\xa3", 1},
    {"\\w", "_", 1},
    {"\\w", "\xc3\xa9", 0},
    {"\\W", "\xc3\xa9", 1},
    {"\\W", "a_1", 0},
    {"\\s", "a\tb", 1},
    {"\\s", "\v", 0}, /* RE2's \s is [\t\n\f\r ] */
    {"\\s", "\f", 1},
    {"\\S", " \t\n", 0},
    /* POSIX classes */
    {"^[[:alnum:]]+$", "aZ9", 1},
    {"[[:alnum:]]", "_", 0},
    {"^[[:alpha:]]+$", "aZ", 1},
    {"[[:alpha:]]", "1", 0},
    {"[[:ascii:]]", "\x7f", 1},
    {"[[:ascii:]]", "\xc3\xa9", 0},
    {"^[[:blank:]]+$", " \t", 1},
    {"[[:blank:]]", "\n", 0},
    {"[[:cntrl:]]", "\x1f", 1},
    {"[[:cntrl:]]", " ", 0},
    {"^[[:digit:]]+$", "0129", 1},
    {"[[:graph:]]", " ", 0},
    {"[[:graph:]]", "~", 1},
    {"[[:lower:]]", "A", 0},
    {"[[:lower:]]", "z", 1},
    {"[[:print:]]", " ", 1},
    {"[[:print:]]", "\t", 0},
    {"^[[:punct:]]+$", "!/:@[`{~", 1},
    {"[[:punct:]]", "a", 0},
    {"^[[:space:]]+$", " \t\n\v\f\r", 1},
    {"[[:upper:]]", "a", 0},
    {"[[:upper:]]", "Q", 1},
    {"^[[:word:]]+$", "a_1", 1},
    {"^[[:xdigit:]]+$", "09afAF", 1},
    {"[[:xdigit:]]", "g", 0},
    {"[[:^alpha:]]", "a", 0},
    {"[[:^alpha:]]", "1", 1},
    {"[[:^alpha:]]", "\xc3\xa9", 1},
    {"[^[:alpha:]]", "a", 0},
};

static const mcase unicode_classes[] = {
    {"^\\pL+$", "abc\xc3\xa9\xe6\x97\xa5\xce\xb1", 1}, /* abcé日α */
    {"\\pL", "123", 0},
    {"\\p{L}", "\xd0\x96", 1},                       /* Ж */
    {"^\\p{Lu}$", "\xc3\x89", 1},                    /* É */
    {"^\\p{Lu}$", "\xc3\xa9", 0},
    {"^\\p{Ll}$", "\xc3\xa9", 1},
    {"^\\p{Ll}$", "A", 0},
    {"^\\pN$", "\xe2\x91\xa1", 1},   /* ② is No */
    {"^\\p{Nd}$", "\xe2\x91\xa1", 0},
    {"^\\p{Nd}$", "\xd9\xa3", 1},    /* ٣ */
    {"^\\pP$", "\xc2\xbf", 1},       /* ¿ */
    {"^\\pP$", "+", 0},
    {"^\\pS$", "+", 1},
    {"^\\pS$", "\xe2\x82\xac", 1},   /* € */
    {"^\\pZ$", " ", 1},
    {"^\\pZ$", "\xe3\x80\x80", 1},   /* ideographic space */
    {"^\\pZ$", "\t", 0},
    {"^\\p{Zs}$", "\xc2\xa0", 1},    /* no-break space */
    {"^\\p{Lt}$", "\xc7\x85", 1},    /* ǅ */
    {"^\\p{Lm}$", "\xca\xb0", 1},    /* ʰ */
    {"^\\p{Lo}$", "\xe6\x97\xa5", 1},
    {"^\\pM$", "\xcc\x81", 1},       /* combining acute */
    {"^\\p{Mn}$", "\xcc\x81", 1},
    {"^\\p{Sm}$", "+", 1},
    {"^\\p{Sc}$", "$", 1},
    {"^\\p{Pd}$", "-", 1},
    {"^\\pC$", "\x01", 1},
    {"^\\p{Cc}$", "\x01", 1},
    {"^\\p{Cf}$", "\xe2\x80\x8b", 1}, /* zero width space */
    {"^\\p{Greek}+$", "\xce\xb1\xce\xb2\xce\xb3", 1}, /* αβγ */
    {"\\p{Greek}", "abc", 0},
    {"^\\p{Latin}+$", "abc\xc3\xa9", 1},
    {"\\p{Latin}", "\xce\xb1", 0},
    {"^\\p{Cyrillic}+$", "\xd0\x9f\xd1\x80\xd0\xb8", 1}, /* При */
    {"^\\p{Han}+$", "\xe6\x97\xa5\xe6\x9c\xac", 1},      /* 日本 */
    {"\\p{Han}", "\xe3\x81\x82", 0},                     /* あ is Hiragana */
    {"^\\p{Hiragana}$", "\xe3\x81\x82", 1},
    {"^\\p{Arabic}$", "\xd8\xb9", 1},
    {"^\\p{Common}$", "1", 1},
    {"^\\p{Old_Italic}$", "\xf0\x90\x8c\x80", 1},
    {"\\PL", "abc", 0},
    {"\\PL", "ab1", 1},
    {"\\P{Greek}", "\xce\xb1", 0},
    {"\\p{^Greek}", "\xce\xb1", 0},
    {"\\p{^Greek}", "a", 1},
    {"\\P{^Greek}", "\xce\xb1", 1},
    {"^\\p{Any}$", "\xf0\x9f\x98\x80", 1},
    {"^\\p{Any}$", "\n", 1},
    {"[\\p{Greek}\\d]", "5", 1},
    {"[\\p{Greek}\\d]", "a", 0},
    {"[^\\pL]", "a", 0},
    {"[^\\pL]", "1", 1},
    {"[\\PL]", "1", 1},
};

static const mcase escapes[] = {
    {"\\x41", "A", 1},
    {"\\x{41}", "A", 1},
    {"\\x{263a}", "\xe2\x98\xba", 1},
    {"\\x{1F600}", "\xf0\x9f\x98\x80", 1},
    {"\\x{0000041}", "A", 1},
    {"\\n", "\n", 1},
    {"\\t", "\t", 1},
    {"\\r", "\r", 1},
    {"\\f", "\f", 1},
    {"\\v", "\v", 1},
    {"\\a", "\a", 1},
    {"\\101", "A", 1},
    {"\\0", "", 0},
    {"\\08", "8", 0},
    {"\\12", "\n", 1},
    {"\\1234", "S4", 1},
    {"\\.", ".", 1},
    {"\\.", "a", 0},
    {"\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "*+?()[]{}|^$\\", 1},
    {"\\-\\_\\/\\#\\&\\~\\`", "-_/#&~`", 1},
    {"\\Qa.b*\\E", "a.b*", 1},
    {"\\Qa.b*\\E", "axbb", 0},
    {"\\Q*", "*", 1},
    {"x\\Q\\E*", "", 1},
    {"\\Qab\\E+", "abbb", 1},
    {"\\Q\\d\\E", "\\d", 1},
    {"\\Qa\\Eb", "ab", 1},
};

static const mcase anchors[] = {
    {"\\Aabc", "abc", 1},
    {"\\Aabc", "xabc", 0},
    {"abc\\z", "xabc", 1},
    {"abc\\z", "abc\n", 0},
    {"abc$", "abc\n", 0}, /* $ is \z unless (?m), as in RE2 */
    {"(?m)abc$", "abc\n", 1},
    {"(?m)^b", "a\nb", 1},
    {"(?m)^b$", "a\nb\nc", 1},
    {"(?m)^b$", "a\nbc", 0},
    {"(?m)\\Ab", "a\nb", 0},
    {"(?m)a\\z", "a\nb", 0},
    {"(?m)^$", "a\n", 1},
    {"(?m)^$", "a", 0},
    {"(?m:^b)|^c", "a\nc", 0},
    {"(?m:^b)|^c", "a\nb", 1},
    {"^*a", "a", 1},
    {"\\bfoo\\b", "a foo b", 1},
    {"\\bfoo\\b", "afoo", 0},
    {"\\bfoo\\b", "foo", 1},
    {"\\bfoo\\b", "foo_", 0},
    {"\\Boo\\B", "foo", 0},
    {"\\Boo\\B", "foox", 1},
    {"\\Boo", "foo", 1},
    {"\\b", "", 0},
    {"\\B", "", 1},
    {"\\b", " ", 0},
    {"\\b\xc3\xa9", " \xc3\xa9", 0}, /* é is not an ASCII word character */
    {"\\B\xc3\xa9", " \xc3\xa9", 1},
    {"x\\b", "x\xc3\xa9", 1},
};

static const mcase groups[] = {
    {"(a)(b)(c)", "abc", 1},
    {"(?P<first>a)(?P<second>b)", "ab", 1},
    {"(?<first>a)b", "ab", 1},
    {"(?P<x_1>a)", "b", 0},
    {"((((((a))))))", "a", 1},
    {"(?:a|b)+c", "ababc", 1},
    {"(?i)abc", "ABC", 1},
    {"a(?i)bc", "aBC", 1},
    {"a(?i)bc", "ABC", 0},
    {"(?i:a)b", "Ab", 1},
    {"(?i:a)b", "AB", 0},
    {"(a(?i)b)c", "aBc", 1},
    {"(a(?i)b)c", "aBC", 0}, /* (?i) ends with its group */
    {"a(?i)b|c", "C", 1},    /* ... but not at | */
    {"(?i)a(?-i)b", "Ab", 1},
    {"(?i)a(?-i)b", "AB", 0},
    {"(?i-s:a.)", "A\n", 0},
    {"(?s-i:a.)", "a\n", 1},
    {"(?U)a+", "aa", 1},
    {"(?)a", "a", 1},
    {"(?ims)^A.$", "x\na\n", 1},
};

static const mcase repeats[] = {
    {"a*", "", 1},
    {"^a*$", "aaa", 1},
    {"^a+$", "", 0},
    {"^a+$", "aa", 1},
    {"^a?$", "", 1},
    {"^a?$", "aa", 0},
    {"^a{2}$", "aa", 1},
    {"^a{2}$", "aaa", 0},
    {"^a{2,}$", "a", 0},
    {"^a{2,}$", "aaaaa", 1},
    {"^a{2,3}$", "aaa", 1},
    {"^a{2,3}$", "aaaa", 0},
    {"^a{0}$", "", 1},
    {"^a{0}$", "a", 0},
    {"^a{0,1}$", "a", 1},
    {"^a{1000}$", "a", 0},
    {"^(ab){3}$", "ababab", 1},
    {"^(ab){3}$", "abab", 0},
    {"^(a|b){2,4}c$", "abac", 1},
    {"^(a|b){2,4}c$", "ababac", 0},
    {"^a*?$", "aa", 1},
    {"^a+?$", "aa", 1},
    {"^a??$", "a", 1},
    {"^a{2}?$", "aa", 1},
    {"^a{1,2}?b$", "aab", 1},
    {"^(a*)*$", "aaa", 1},
    {"^(a*)+$", "", 1},
    {"^(a?)*$", "b", 0},
    {"^(?:a|)*$", "aa", 1},
    {"(x*)*y", "xxy", 1},
    {"\\b+", "a", 1},
    {"(?:\\b)*x", "x", 1},
    {"a(?i)*", "aa", 1}, /* the repetition applies to a */
    {"^\\d{3}-\\d{4}$", "555-1234", 1},
    {"^\\d{3}-\\d{4}$", "555-123", 0},
    {"^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "jane.doe@example.com", 1},
    {"^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "jane@example", 0},
};

static const mcase folding[] = {
    {"(?i)hello", "HeLLo", 1},
    {"(?i)HELLO", "hello", 1},
    {"(?i)[a-c]+", "ABC", 1},
    {"(?i)[^a]", "A", 0},
    {"(?i)[^a]", "b", 1},
    {"(?i)\xc3\xa9", "\xc3\x89", 1},      /* é É */
    {"(?i)\xc3\xbf", "\xc5\xb8", 1},      /* ÿ Ÿ */
    {"(?i)\xc3\x9f", "\xe1\xba\x9e", 1},  /* ß ẞ */
    {"(?i)\xc3\x9f", "ss", 0},            /* simple folding only */
    {"(?i)\xcf\x83", "\xce\xa3", 1},      /* σ Σ */
    {"(?i)\xcf\x83", "\xcf\x82", 1},      /* σ ς */
    {"(?i)\xcf\x82", "\xce\xa3", 1},      /* ς Σ */
    {"(?i)\xd0\xb4", "\xd0\x94", 1},      /* д Д */
    {"(?i)\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2", 1},
    {"(?i)k", "\xe2\x84\xaa", 1},         /* Kelvin sign */
    {"(?i)\xe2\x84\xaa", "k", 1},
    {"(?i)s", "\xc5\xbf", 1},             /* long s */
    {"(?i)\xc7\x85", "\xc7\x86", 1},      /* ǅ ǆ */
    {"(?i)\xc7\x85", "\xc7\x84", 1},      /* ǅ Ǆ */
    {"(?i)\\x{10400}", "\xf0\x90\x90\xa8", 1}, /* Deseret */
    {"k", "K", 0},
    {"\xcf\x83", "\xce\xa3", 0},
    {"(?i)\\w", "\xe2\x84\xaa", 1},       /* (?i)\w folds, as RE2's */
    {"(?i)\\W", "\xe2\x84\xaa", 0},
    {"\\W", "\xe2\x84\xaa", 1},
    {"(?i)[[:upper:]]", "a", 1},
    {"(?i)\\p{Lu}", "a", 1},
    {"(?i)\\P{Lu}", "a", 0},
    {"(?i)[k]", "\xe2\x84\xaa", 1},
    {"(?i)[^k]", "\xe2\x84\xaa", 0},
    {"(?i)\\x41", "a", 1},
    {"(?i)\\Qab\\E", "AB", 1},
    {"(?i)1", "1", 1},
};

static void test_tables(void) {
  RUN("cel spec", cel_spec);
  RUN("basics", basics);
  RUN("dot", dot);
  RUN("classes", classes);
  RUN("unicode classes", unicode_classes);
  RUN("escapes", escapes);
  RUN("anchors", anchors);
  RUN("groups", groups);
  RUN("repeats", repeats);
  RUN("folding", folding);
}

/* Bytes, not C strings: NULs and invalid UTF-8. */
static void test_bytes(void) {
  CHECK_INT(match_n("a\0b", 3, "xa\0by", 5), 1);
  CHECK_INT(match_n("\\x00", 4, "a\0", 2), 1);
  CHECK_INT(match_n("\\0", 2, "\0", 1), 1);
  CHECK_INT(match_n("^.$", 3, "\0", 1), 1);
  CHECK_INT(match_n("[^a]", 4, "\0", 1), 1);
  /* An invalid byte is one unit that only '.' and negated classes match. */
  CHECK_INT(match("^.$", "\xff"), 1);
  CHECK_INT(match("^..$", "\xe6\x97"), 1); /* a truncated 日: two units */
  CHECK_INT(match("^.$", "\xe6\x97"), 0);
  CHECK_INT(match("^[^a]$", "\xff"), 1);
  CHECK_INT(match("^\\D$", "\xff"), 1);
  CHECK_INT(match("^\\PL$", "\xff"), 1);
  CHECK_INT(match("^[\\x00-\\x{10FFFF}]$", "\xff"), 0);
  CHECK_INT(match("\\pL", "\xff"), 0);
  CHECK_INT(match("^\\p{Any}$", "\xff"), 0);
  CHECK_INT(match("(?s)^.$", "\xc0\x80"), 0); /* overlong: two units */
  CHECK_INT(match("(?s)^..$", "\xc0\x80"), 1);
  CHECK_INT(match("\xc3\xa9", "\xc3\xa9\xff"), 1);
  CHECK_INT(match("a.b", "a\xed\xa0\x80"  "b"), 0); /* a surrogate's encoding: three units */
  CHECK_INT(match("a...b", "a\xed\xa0\x80" "b"), 1);
  CHECK_INT(match("\\bx", "\xffx"), 1);
  CHECK_INT(match("\\x{D800}", "\xed\xa0\x80"), 0);
  CHECK_INT(match("ab", "\xff" "ab"), 1);
  CHECK_INT(match("^ab", "\xff" "ab"), 0);
  /* A NULL text of length 0 is the empty string. */
  lv_regex_error err;
  lv_regex *re = lv_regex_compile("^$", 2, &err);
  bool m = false;
  CHECK(lv_regex_match(NULL, &m, re, NULL, 0) == NULL && m);
  lv_regex_free(re);
  re = lv_regex_compile(NULL, 0, &err);
  CHECK(re != NULL);
  lv_regex_free(re);
  lv_regex_free(NULL);
}

typedef struct ecase {
  const char *pat;
  uint32_t offset;
  const char *msg;
} ecase;

static const ecase errors[] = {
    {"(abc", 0, "missing closing ): (abc"},
    {"a(b(c)", 1, "missing closing ): (b(c)"},
    {"(?:a", 0, "missing closing ): (?:a"},
    {"(?i:a", 0, "missing closing ): (?i:a"},
    {"(?P<n>a", 0, "missing closing ): (?P<n>a"},
    {"abc)", 3, "unexpected ): abc)"},
    {")", 0, "unexpected ): )"},
    {"(a))", 3, "unexpected ): (a))"},
    {"[a", 0, "missing closing ]: [a"},
    {"x[]", 1, "missing closing ]: []"},
    {"[^]", 0, "missing closing ]: [^]"},
    {"[a-", 0, "missing closing ]: [a-"},
    {"[[:alpha:]", 0, "missing closing ]: [[:alpha:]"},
    {"[z-a]", 1, "invalid character class range: z-a"},
    {"x[\\x{100}-\\x41]", 2, "invalid character class range: \\x{100}-\\x41"},
    {"[[:foo:]]", 1, "invalid character class range: [:foo:]"},
    {"[[:^foo:]]", 1, "invalid character class range: [:^foo:]"},
    {"[[:Alpha:]]", 1, "invalid character class range: [:Alpha:]"},
    {"\\p{Foo}", 0, "invalid character class range: \\p{Foo}"},
    {"\\p{greek}", 0, "invalid character class range: \\p{greek}"},
    {"\\p{Cn}", 0, "invalid character class range: \\p{Cn}"},
    {"\\p{Unknown}", 0, "invalid character class range: \\p{Unknown}"},
    {"\\p{}", 0, "invalid character class range: \\p{}"},
    {"\\pX", 0, "invalid character class range: \\pX"},
    {"\\p", 0, "invalid character class range: \\p"},
    {"\\p{L", 0, "invalid character class range: \\p{L"},
    {"[\\p{Foo}]", 1, "invalid character class range: \\p{Foo}"},
    {"\\q", 0, "invalid escape sequence: \\q"},
    {"a\\1", 1, "invalid escape sequence: \\1"},
    {"(a)\\1", 3, "invalid escape sequence: \\1"},
    {"\\8", 0, "invalid escape sequence: \\8"},
    {"\\C", 0, "invalid escape sequence: \\C"},
    {"\\Z", 0, "invalid escape sequence: \\Z"},
    {"\\E", 0, "invalid escape sequence: \\E"},
    {"\\x", 0, "invalid escape sequence: \\x"},
    {"\\x4", 0, "invalid escape sequence: \\x4"},
    {"\\xg1", 0, "invalid escape sequence: \\xg"},
    {"\\x{", 0, "invalid escape sequence: \\x{"},
    {"\\x{}", 0, "invalid escape sequence: \\x{}"},
    {"\\x{zz}", 0, "invalid escape sequence: \\x{z"},
    {"\\x{41", 0, "invalid escape sequence: \\x{41"},
    {"\\x{110000}", 0, "invalid escape sequence: \\x{110000"},
    {"[\\b]", 1, "invalid escape sequence: \\b"},
    {"[a-\\d]", 3, "invalid escape sequence: \\d"},
    {"[\\Q]", 1, "invalid escape sequence: \\Q"},
    {"\\\xc3\xa9", 0, "invalid escape sequence: \\\xc3\xa9"},
    {"a\\", 1, "trailing backslash at end of expression"},
    {"[a\\", 2, "trailing backslash at end of expression"},
    {"*a", 0, "missing argument to repetition operator: *"},
    {"+", 0, "missing argument to repetition operator: +"},
    {"??", 0, "missing argument to repetition operator: ??"},
    {"a|*", 2, "missing argument to repetition operator: *"},
    {"(*)", 1, "missing argument to repetition operator: *"},
    {"{2}", 0, "missing argument to repetition operator: {2}"},
    {"(?i)*", 4, "missing argument to repetition operator: *"},
    {"a**", 2, "invalid nested repetition operator: **"},
    {"a*??", 3, "invalid nested repetition operator: *??"},
    {"a++", 2, "invalid nested repetition operator: ++"},
    {"a*+", 2, "invalid nested repetition operator: *+"},
    {"a?+", 2, "invalid nested repetition operator: ?+"},
    {"a{2}+", 4, "invalid nested repetition operator: {2}+"},
    {"a{2}{3}", 4, "invalid nested repetition operator: {2}{3}"},
    {"a{1001}", 1, "invalid repeat count: {1001}"},
    {"a{0,1001}", 1, "invalid repeat count: {0,1001}"},
    {"a{1001,}", 1, "invalid repeat count: {1001,}"},
    {"a{99999999999}", 1, "invalid repeat count: {99999999999}"},
    {"a{2,1}", 1, "invalid repeat count: {2,1}"},
    {"{1001}", 0, "invalid repeat count: {1001}"},
    {"(a{100}){11}", 8, "invalid repeat count: {11}"},
    {"((a{10}){10}){11}", 13, "invalid repeat count: {11}"},
    {"(?=a)", 0, "invalid or unsupported Perl syntax: (?="},
    {"(?!a)", 0, "invalid or unsupported Perl syntax: (?!"},
    {"(?<=a)", 0, "invalid or unsupported Perl syntax: (?<="},
    {"(?<!a)", 0, "invalid or unsupported Perl syntax: (?<!"},
    {"x(?#comment)", 1, "invalid or unsupported Perl syntax: (?#"},
    {"(?P=n)", 0, "invalid or unsupported Perl syntax: (?P"},
    {"(?P>n)", 0, "invalid or unsupported Perl syntax: (?P"},
    {"(?z)", 0, "invalid or unsupported Perl syntax: (?z"},
    {"(?i", 0, "invalid or unsupported Perl syntax: (?i"},
    {"(?", 0, "invalid or unsupported Perl syntax: (?"},
    {"(?-)", 0, "invalid or unsupported Perl syntax: (?-)"},
    {"(?i-)", 0, "invalid or unsupported Perl syntax: (?i-)"},
    {"(?i-:a)", 0, "invalid or unsupported Perl syntax: (?i-:"},
    {"(?--i)", 0, "invalid or unsupported Perl syntax: (?--"},
    {"(?\xc3\xa9)", 0, "invalid or unsupported Perl syntax: (?\xc3\xa9"},
    {"(?P<>a)", 0, "invalid named capture: (?P<>"},
    {"(?P<a-b>c)", 0, "invalid named capture: (?P<a-b>"},
    {"(?<a b>c)", 0, "invalid named capture: (?<a b>"},
    {"(?P<name", 0, "invalid named capture: (?P<name"},
    {"(?P<n>a)(?P<n>b)", 8, "duplicate capture group name: n"},
    {"(?<n>a)(?P<n>b)", 7, "duplicate capture group name: n"},
};

static void test_errors(void) {
  for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
    const ecase *c = &errors[i];
    lv_regex_error err;
    memset(&err, 0x55, sizeof err);
    lv_regex *re = lv_regex_compile(c->pat, strlen(c->pat), &err);
    check_count++;
    if (re || strcmp(err.msg, c->msg) != 0 || err.offset != c->offset) {
      check_failures++;
      fprintf(stderr, "/%s/: got %s \"%s\" at %u, want \"%s\" at %u\n", c->pat, re ? "success" : "error",
              re ? "" : err.msg, re ? 0 : err.offset, c->msg, c->offset);
    }
    lv_regex_free(re);
  }
  lv_regex_error err;
  /* invalid UTF-8 in the pattern: the offset of the first bad byte */
  CHECK(lv_regex_compile("ab\xff", 3, &err) == NULL);
  CHECK_STR(err.msg, "invalid UTF-8: \\xff");
  CHECK_INT(err.offset, 2);
  CHECK(lv_regex_compile("[\xc3]", 3, &err) == NULL);
  CHECK_STR(err.msg, "invalid UTF-8: \\xc3");
  CHECK_INT(err.offset, 1);
  CHECK(lv_regex_compile("\xed\xa0\x80", 3, &err) == NULL); /* an encoded surrogate */
  CHECK_STR(err.msg, "invalid UTF-8: \\xed");
  /* control characters in the quoted text are shown escaped */
  CHECK(lv_regex_compile("(\n", 2, &err) == NULL);
  CHECK_STR(err.msg, "missing closing ): (\\x0a");
  CHECK(lv_regex_compile("\\x{\x01", 4, &err) == NULL);
  CHECK_STR(err.msg, "invalid escape sequence: \\x{\\x01");
  CHECK_INT(match_n("a\\\0b", 4, "a\0b", 3), 1); /* escaped NUL: itself, as any ASCII non-word character */
  /* a long fragment is cut at a code point boundary and marked */
  char big[400];
  big[0] = '(';
  for (int i = 1; i < 399; i++) big[i] = i % 2 ? '\xc3' : '\xa9';
  big[399] = 0;
  CHECK(lv_regex_compile(big, 399, &err) == NULL);
  size_t n = strlen(err.msg);
  CHECK(n < sizeof err.msg);
  CHECK(strncmp(err.msg, "missing closing ): (\xc3\xa9", 22) == 0);
  CHECK(n >= 3 && strcmp(err.msg + n - 3, "...") == 0);
  CHECK_INT(lv_utf8_validate(err.msg, n), n);
  /* err may be NULL */
  CHECK(lv_regex_compile("(", 1, NULL) == NULL);
}

static void test_limits(void) {
  lv_regex_error err;
  /* pattern length */
  size_t n = 64 * 1024;
  char *p = malloc(n + 2);
  memset(p, 'a', n + 1);
  lv_regex *re = lv_regex_compile(p, n, &err);
  CHECK(re != NULL);
  lv_regex_free(re);
  CHECK(lv_regex_compile(p, n + 1, &err) == NULL);
  CHECK_STR(err.msg, "pattern too large");
  CHECK_INT(err.offset, 0);
  /* program size: 108 instructions, 1000 times */
  const char *unit = "abcdefghijklmnopqrstuvwxyz0123456789";
  snprintf(p, n, "(?:%s%s%s){1000}", unit, unit, unit);
  CHECK(lv_regex_compile(p, strlen(p), &err) == NULL);
  CHECK_STR(err.msg, "pattern too large");
  snprintf(p, n, "(?:%s%s){1000}", unit, unit); /* 72,000: fits */
  re = lv_regex_compile(p, strlen(p), &err);
  CHECK(re != NULL);
  lv_regex_free(re);
  /* nested counts multiply up to 1000 */
  const char *nested = "((((\\pL{10}){10}){10}){1})(((x{10}){10}){10})";
  re = lv_regex_compile(nested, strlen(nested), &err);
  CHECK(re != NULL && re->ninst > 2000);
  lv_regex_free(re);
  /* class ranges count too: many distinct large classes */
  size_t k = 0;
  for (int i = 0; i < 200 && k + 32 < n; i++) k += (size_t)snprintf(p + k, n - k, "[\\pL\\x{%x}]", 0x2200 + i); /* math symbols: 200 distinct classes */
  CHECK(lv_regex_compile(p, k, &err) == NULL);
  CHECK_STR(err.msg, "pattern too large");
  /* nesting */
  for (int i = 0; i < 1000; i++) p[i] = '(';
  for (int i = 0; i < 1000; i++) p[1000 + i] = ')';
  re = lv_regex_compile(p, 2000, &err);
  CHECK(re != NULL);
  lv_regex_free(re);
  for (int i = 0; i < 1001; i++) p[i] = '(';
  for (int i = 0; i < 1001; i++) p[1001 + i] = ')';
  CHECK(lv_regex_compile(p, 2002, &err) == NULL);
  CHECK_STR(err.msg, "expression nests too deeply");
  CHECK_INT(err.offset, 1000);
  /* (a|(a|(a|...))) nests through alternation; a(?i)*(?i)*... through repetition */
  k = 0;
  for (int i = 0; i < 1100; i++) k += (size_t)snprintf(p + k, n - k, "a|(");
  for (int i = 0; i < 1100; i++) p[k++] = ')';
  CHECK(lv_regex_compile(p, k, &err) == NULL);
  CHECK_STR(err.msg, "expression nests too deeply");
  k = 0;
  p[k++] = 'a';
  for (int i = 0; i < 1100; i++) k += (size_t)snprintf(p + k, n - k, "(?i)*");
  CHECK(lv_regex_compile(p, k, &err) == NULL);
  CHECK_STR(err.msg, "expression nests too deeply");
  free(p);
}

/* Patterns whose backtracking is exponential, and long texts: the Pike VM
 * and the DFA are linear. Each would run for ages under backtracking. */
static void test_linear_time(void) {
  size_t n = 100000;
  char *t = malloc(n + 1);
  memset(t, 'a', n);
  t[n] = 0;
  static const char *pats[] = {"(a*)*b", "(a|a)*b", "(a|aa)*b", "(a+)+b", "(a*)*(a*)*(a*)*b", "^(a?){50}a{50}$",
                               "(?:a*a*a*a*a*a*a*a*a*a*)*b", "(x+x+)+y|(a|a)*c"};
  for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
    lv_regex_error err;
    lv_regex *re = lv_regex_compile(pats[i], strlen(pats[i]), &err);
    CHECK(re != NULL);
    if (!re) continue;
    for (int e = 0; e < 3; e++) {
      bool m = true;
      CHECK(rx_match_with(NULL, &m, re, t, n, (rx_engine)e) == NULL);
      CHECK(!m);
    }
    lv_regex_free(re);
  }
  /* ... and a match at the very end is still found */
  t[n - 1] = 'b';
  CHECK_INT(match_n("(a|a)*b", 7, t, n), 1);
  CHECK_INT(match_n("^(a*)*b$", 8, t, n), 1);
  free(t);
}

/* A DFA that would be too large is not built; the Pike VM answers. */
static void test_dfa_fallback(void) {
  lv_regex_error err;
  const char *pat = "[ab]*a[ab]{20}c";
  lv_regex *re = lv_regex_compile(pat, strlen(pat), &err);
  CHECK(re && re->dfa == NULL);
  lv_regex_free(re);
  char t[32];
  memcpy(t, "bbbba", 5);
  memset(t + 5, 'b', 20);
  t[25] = 'c';
  t[26] = 0;
  CHECK_INT(match(pat, t), 1); /* a, 20 b, c */
  t[24] = 'c';
  t[25] = 0;
  CHECK_INT(match(pat, t), 0); /* a, 19 b, c */
  CHECK_INT(match(pat, "aaaaaaaaaaaaaaaaaaaaaaac"), 1);
  re = lv_regex_compile("ab+c", 4, &err);
  CHECK(re && re->dfa != NULL);
  lv_regex_free(re);
  /* Run-time patterns get a smaller budget: everyday patterns still fit. */
  static const char *everyday[] = {"^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "(?i)hello.*world",
                                   "\\b(error|warn|fatal)\\b", "(?i)^[\\p{L} .-]{1,64}$",
                                   "^https?://[^/]+/api/v[0-9]+/"};
  for (size_t i = 0; i < sizeof everyday / sizeof everyday[0]; i++) {
    re = rx_compile(everyday[i], strlen(everyday[i]), &err, &rx_budget_runtime);
    CHECK(re && re->dfa != NULL);
    lv_regex_free(re);
  }
  /* 16,387 states: built when a rule set loads, not at run time */
  const char *wide = "[a-q][^u-z]{13}x";
  re = lv_regex_compile(wide, strlen(wide), &err);
  CHECK(re && re->dfa != NULL && re->dfa->nstates == 16387);
  lv_regex_free(re);
  re = rx_compile(wide, strlen(wide), &err, &rx_budget_runtime);
  CHECK(re && re->dfa == NULL);
  lv_regex_free(re);
  CHECK_INT(match(wide, "abcdefghijklmnopqrstuvwx"), 0);
  CHECK_INT(match(wide, "zzzzqabcdefghijklmx"), 1);
  /* too many distinct classes for the DFA's byte-sized alphabet */
  char p[4096];
  size_t k = 0;
  for (int i = 0; i < 300; i++) k += (size_t)snprintf(p + k, sizeof p - k, "\\x{%x}", 0x4e00 + i);
  re = lv_regex_compile(p, k, &err);
  CHECK(re && re->dfa == NULL);
  lv_regex_free(re);
}

/* Fast paths must not change answers. */
static void test_fast_paths(void) {
  lv_regex_error err;
  lv_regex *re = lv_regex_compile("^abc", 4, &err);
  CHECK(re && re->literal && re->lit_begin && !re->lit_end);
  lv_regex_free(re);
  re = lv_regex_compile("x(a|b)", 6, &err);
  CHECK(re && !re->literal && re->prefix_len == 1);
  lv_regex_free(re);
  re = lv_regex_compile("^(a|b)", 6, &err);
  CHECK(re && re->anchored);
  lv_regex_free(re);
  CHECK_INT(match("needle", "haystack with a needle in it"), 1);
  CHECK_INT(match("needle", "haystack with a needl"), 0);
  CHECK_INT(match("^needle$", "needle"), 1);
  CHECK_INT(match("\\Aneedle\\z", "needles"), 0);
  CHECK_INT(match("dle$", "needle"), 1);
  CHECK_INT(match("dle$", "dl"), 0);
  CHECK_INT(match("^needle", "needl"), 0);
  CHECK_INT(match("ab[cd]", "abxabyabd"), 1);
  CHECK_INT(match("ab[cd]", "abxabyabe"), 0);
  CHECK_INT(match("ab\\b", "abab ab"), 1);
  CHECK_INT(match("ab\\b", "ababxabc"), 0);
  CHECK_INT(match("\xc3\xa9t\xc3\xa9+", "l'\xc3\xa9t\xc3\xa9\xc3\xa9"), 1);
  CHECK_INT(match("^a|^b", "cb"), 0);
  CHECK_INT(match("^a|^b", "bc"), 1);
  CHECK_INT(match("(^a)+", "ba"), 0);
  CHECK_INT(match("x\\d+y", "x1x12y"), 1);
  CHECK_INT(match("(?m)^x", "ab\nx"), 1);
}

/* Scratch memory: the Pike VM on a large program takes it from cx's arena,
 * gives it back, and reports a full arena as LV_E_RESOURCE. */
static void test_scratch(void) {
  lv_regex_error err;
  const char *pat = "(?:a|b){300}c";
  lv_regex *re = lv_regex_compile(pat, strlen(pat), &err);
  CHECK(re != NULL && re->ninst > 256);
  lv_arena arena;
  lv_arena_init(&arena, 64 * 1024, 1024 * 1024);
  lv_ctx cx = {&arena, NULL, NULL, NULL};
  char text[400];
  memset(text, 'a', 300);
  text[300] = 'c';
  bool m = false;
  CHECK(rx_match_with(&cx, &m, re, text, 301, RX_ENGINE_PIKE) == NULL && m);
  CHECK(arena.chunks != NULL && arena.end - arena.cur == 64 * 1024); /* the chunk it opened is free again */
  CHECK(lv_arena_alloc(&arena, 16) != NULL);
  char *cur = arena.cur;
  size_t used = arena.used;
  for (int i = 0; i < 100; i++) CHECK(rx_match_with(&cx, &m, re, text, 300, RX_ENGINE_PIKE) == NULL && !m);
  CHECK(arena.cur == cur && arena.used == used);
  lv_arena_free(&arena);
  lv_arena_init(&arena, 1024, 2048);
  cx.arena = &arena;
  const lv_err *e = rx_match_with(&cx, &m, re, text, 301, RX_ENGINE_PIKE);
  CHECK(e != NULL && e->code == LV_E_RESOURCE);
  lv_arena_free(&arena);
  /* Found by the fuzzer: a 41,542-instruction program matched again and
   * again in one 1 MiB arena (each match used to keep its 664 KB). */
  const char *fz = "^(aH(||^(|b){1)48WWWWWWWWW*WVWWWWW;W#WWW+W},cb){966},c";
  lv_regex *big = lv_regex_compile(fz, strlen(fz), &err);
  CHECK(big && big->ninst > 40000);
  lv_arena_init(&arena, 4096, 1024 * 1024);
  cx.arena = &arena;
  for (int i = 0; i < 5; i++) {
    CHECK(rx_match_with(&cx, &m, big, "aH", 2, RX_ENGINE_PIKE) == NULL && !m);
    CHECK(lv_string_matches(&cx, &m, "aH", 2, fz, strlen(fz)) == NULL && !m);
  }
  lv_arena_free(&arena);
  lv_regex_free(big);
  /* without cx: malloc */
  CHECK(rx_match_with(NULL, &m, re, text, 301, RX_ENGINE_PIKE) == NULL && m);
  lv_regex_free(re);
}

static void test_string_matches(void) {
  lv_arena arena;
  lv_arena_init(&arena, 4096, 0);
  lv_ctx cx = {&arena, NULL, NULL, NULL};
  bool m = false;
  CHECK(lv_string_matches(&cx, &m, "hubba", 5, "ubb", 3) == NULL && m);
  CHECK(lv_string_matches(&cx, &m, "hubba", 5, "ubb", 3) == NULL && m); /* cached */
  CHECK(lv_string_matches(&cx, &m, "hubba", 5, "^ubb", 4) == NULL && !m);
  const lv_err *e = lv_string_matches(&cx, &m, "x", 1, "(x", 2);
  CHECK(e != NULL);
  if (e) {
    CHECK_INT(e->code, LV_E_INVALID_ARG);
    CHECK_STR(e->msg, "error parsing regexp: missing closing ): (x");
  }
  e = lv_string_matches(&cx, &m, "x", 1, "\\q", 2);
  CHECK(e && strcmp(e->msg, "error parsing regexp: invalid escape sequence: \\q") == 0);
  e = lv_string_matches(NULL, &m, "x", 1, "[z-a]", 5); /* without a context: the static message */
  CHECK(e && e->code == LV_E_INVALID_ARG);
  /* more patterns than cache slots, then the first ones again */
  char pat[32];
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < 40; i++) {
      int k = snprintf(pat, sizeof pat, "^x{%d}$", i);
      char text[64];
      memset(text, 'x', sizeof text);
      CHECK(lv_string_matches(&cx, &m, text, (size_t)i, pat, (size_t)k) == NULL && m);
      CHECK(lv_string_matches(&cx, &m, text, (size_t)i + 1 > 40 ? 40 : (size_t)i + 1, pat, (size_t)k) == NULL);
    }
  CHECK(lv_string_matches(&cx, &m, "", 0, "", 0) == NULL && m);
  CHECK(lv_string_matches(&cx, &m, NULL, 0, NULL, 0) == NULL && m);
  lv_arena_free(&arena);
}

/* Engines against each other on every pattern and every short text over a
 * small alphabet: catches a DFA that disagrees with the Pike VM. */
static void test_engines_agree(void) {
  static const char *pats[] = {"a*b", "(?m)^a$", "\\ba", "a\\B", "(a|ab)(c|bcd)", "[^a]b*", "(?i)Ab|\\w\\s",
                               "^(?:a|b\\n)*$", "a{2,3}", "(?s).\\z", "\\Bb\\b", "(?m)$\\n^"};
  static const char alpha[] = {'a', 'b', ' ', '\n'};
  for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
    lv_regex_error err;
    lv_regex *re = lv_regex_compile(pats[i], strlen(pats[i]), &err);
    CHECK(re != NULL);
    if (!re) continue;
    for (int len = 0; len <= 5; len++) {
      int total = 1;
      for (int j = 0; j < len; j++) total *= 4;
      for (int code = 0; code < total; code++) {
        char t[8];
        for (int j = 0, c = code; j < len; j++, c /= 4) t[j] = alpha[c % 4];
        bool a, b;
        rx_match_with(NULL, &a, re, t, (size_t)len, RX_ENGINE_PIKE);
        rx_match_with(NULL, &b, re, t, (size_t)len, RX_ENGINE_DFA);
        check_count++;
        if (a != b) {
          check_failures++;
          fprintf(stderr, "/%s/ on \"%.*s\": pike %d dfa %d\n", pats[i], len, t, a, b);
        }
      }
    }
    lv_regex_free(re);
  }
}

/* One compiled regex shared by threads, each also using its own run-time
 * pattern cache. */
static lv_regex *shared_dfa, *shared_pike;

/* pthreads rather than C11 threads: the sanitizers intercept pthread_create. */
static void *thread_body(void *arg) {
  int id = (int)(intptr_t)arg, bad = 0;
  char text[64], pat[32];
  for (int i = 0; i < 2000; i++) {
    int n = snprintf(text, sizeof text, "id-%d-run-%d-end", id, i);
    bool m1 = false, m2 = false, m3 = false;
    if (lv_regex_match(NULL, &m1, shared_dfa, text, (size_t)n) || !m1) bad++;
    if (rx_match_with(NULL, &m2, shared_pike, text, (size_t)n, RX_ENGINE_PIKE) || !m2) bad++;
    int k = snprintf(pat, sizeof pat, "^id-%d-run-%d-", id, i % 20);
    if (lv_string_matches(NULL, &m3, text, (size_t)n, pat, (size_t)k) || m3 != (i % 20 == i)) bad++;
  }
  return (void *)(intptr_t)bad;
}

static void test_threads(void) {
  lv_regex_error err;
  const char *pat = "^id-\\d+-run-\\d+-end$";
  shared_dfa = lv_regex_compile(pat, strlen(pat), &err);
  const char *big = "^id-(?:\\d|x){1,3}-run-(?:\\d|y){1,4}-end$";
  shared_pike = lv_regex_compile(big, strlen(big), &err);
  CHECK(shared_dfa && shared_dfa->dfa && shared_pike);
  if (!shared_dfa || !shared_pike) return;
  pthread_t t[4];
  for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, thread_body, (void *)(intptr_t)i) == 0);
  for (int i = 0; i < 4; i++) {
    void *bad = (void *)1;
    pthread_join(t[i], &bad);
    CHECK_INT((intptr_t)bad, 0);
  }
  lv_regex_free(shared_dfa);
  lv_regex_free(shared_pike);
}

int main(void) {
  test_tables();
  test_bytes();
  test_errors();
  test_limits();
  test_linear_time();
  test_dfa_fallback();
  test_fast_paths();
  test_scratch();
  test_string_matches();
  test_engines_agree();
  test_threads();
  return check_done();
}
