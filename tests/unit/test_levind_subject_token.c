/* test_levind_subject_token.c - the check of a publish subject's ${...}
 * tokens (lv_builtin_subject_token, which levind and levin run call for
 * every templated token) and the messages of its errors. */
#include <string.h>

#include "check.h"
#include "lv_builtins.h"
#include "lv_values.h"

static lv_arena arena;
static lv_ctx cx = {&arena, NULL, NULL, NULL};

static lv_value str(const char *s, size_t n) {
  lv_value v = {LV_STRING, (uint32_t)n, {.s = s}};
  return v;
}

/* The error message for token v, or "ok" (and the token in *tok). */
static const char *token(lv_value v, char *tok, size_t cap) {
  const char *p = NULL;
  size_t n = 0;
  const lv_err *e = lv_builtin_subject_token(&cx, &p, &n, &v);
  if (e) return e->msg;
  snprintf(tok, cap, "%.*s", (int)n, p);
  return "ok";
}

int main(void) {
  lv_arena_init(&arena, 4096, 0);
  char tok[128];
  CHECK_STR(token(str("site-1", 6), tok, sizeof tok), "ok");
  CHECK_STR(tok, "site-1");
  CHECK_STR(token(str("a.b", 3), tok, sizeof tok), "subject token 'a.b' contains '.'");
  CHECK_STR(token(str("", 0), tok, sizeof tok), "subject token is empty");
  /* A NUL does not cut the message short; control characters are escaped
   * (a DEL byte is never in the message as it is). */
  CHECK_STR(token(str("ab\0cd", 5), tok, sizeof tok),
            "subject token 'ab\\u0000cd' contains whitespace or a control character");
  CHECK_STR(token(str("a\x7f" "b", 3), tok, sizeof tok),
            "subject token 'a\\u007fb' contains whitespace or a control character");
  CHECK_STR(token(str("tab\there", 8), tok, sizeof tok),
            "subject token 'tab\\u0009here' contains whitespace or a control character");
  /* C1 controls (U+0080-U+009F) are control characters too. */
  CHECK_STR(token(str("ab\xc2\x85" "cd", 6), tok, sizeof tok),
            "subject token 'ab\\u0085cd' contains whitespace or a control character");
  CHECK_STR(token(str("\xc2\x9f", 2), tok, sizeof tok),
            "subject token '\\u009f' contains whitespace or a control character");
  /* U+00A0 and U+2028 are not controls; NATS takes them. */
  CHECK_STR(token(str("a\xc2\xa0" "b", 4), tok, sizeof tok), "ok");
  CHECK_STR(token(str("\xc3\xa9t\xc3\xa9", 5), tok, sizeof tok), "ok");
  /* Long tokens: 64 bytes of whole characters, then "...". */
  char big[100];
  memset(big, 'x', 63);
  memcpy(big + 63, "\xc3\xa9.", 3);
  CHECK_STR(token(str(big, 66), tok, sizeof tok),
            "subject token 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' contains '.'");
  /* Types: string, int, uint - as docs/language.md says. */
  lv_value i = {LV_INT, 0, {.i = -42}};
  CHECK_STR(token(i, tok, sizeof tok), "ok");
  CHECK_STR(tok, "-42");
  lv_value u = {LV_UINT, 0, {.u = 18446744073709551615u}};
  CHECK_STR(token(u, tok, sizeof tok), "ok");
  CHECK_STR(tok, "18446744073709551615");
  lv_value d = {LV_DOUBLE, 0, {.d = 1.5}};
  CHECK_STR(token(d, tok, sizeof tok), "a subject token must be a string, an int or a uint, not double");
  lv_value b = {LV_BOOL, 0, {.b = true}};
  CHECK_STR(token(b, tok, sizeof tok), "a subject token must be a string, an int or a uint, not bool");
  lv_arena_free(&arena);
  return check_done();
}
