/* test_levind_msgid.c - action message ids, header values, URL redaction. */
#include <string.h>

#include "actions/msgid.h"
#include "check.h"
#include "metrics/log.h"

static void test_hash(void) {
  uint64_t a[2], b[2], c[2], d[2];
  lv_event_hash(a, "a.b", 3, "{\"x\":1}", 7);
  lv_event_hash(b, "a.b", 3, "{\"x\":1}", 7);
  CHECK(a[0] == b[0] && a[1] == b[1]);
  /* The split between subject and payload matters. */
  lv_event_hash(c, "a.b{", 4, "\"x\":1}", 6);
  CHECK(a[0] != c[0] || a[1] != c[1]);
  /* One bit anywhere changes both halves. */
  lv_event_hash(d, "a.b", 3, "{\"x\":2}", 7);
  CHECK(a[0] != d[0] && a[1] != d[1]);
  /* Tails: "" vs "\0" vs "\0\0". */
  uint64_t e0[2], e1[2], e2[2];
  lv_event_hash(e0, "s", 1, "", 0);
  lv_event_hash(e1, "s", 1, "\0", 1);
  lv_event_hash(e2, "s", 1, "\0\0", 2);
  CHECK(e0[0] != e1[0] && e1[0] != e2[0] && e0[0] != e2[0]);
  /* Stable across runs and machines: a fixed value. */
  char id[64];
  CHECK_INT(lv_msgid_source(id, sizeof id, NULL, "a.b", 3, "{\"x\":1}", 7), 33);
  CHECK_STR(id, "hdfe9878d0790aaf27c137fe154230686");
  /* Every length from 0 to 40 gives a different id (word and tail paths). */
  char payload[41], seen[41][40];
  memset(payload, 'x', sizeof payload);
  for (int n = 0; n <= 40; n++) {
    lv_msgid_source(seen[n], sizeof seen[n], NULL, "t", 1, payload, (size_t)n);
    for (int k = 0; k < n; k++) CHECK(strcmp(seen[n], seen[k]) != 0);
  }
}

static void test_ids(void) {
  char src[256], id[128];
  CHECK_INT(lv_msgid_source(src, sizeof src, "order-17", "a", 1, "{}", 2), 8);
  CHECK_STR(src, "order-17");
  CHECK_INT(lv_msgid_action(id, sizeof id, src, "shop.fraud", 0), 21);
  CHECK_STR(id, "order-17:shop.fraud:0");
  lv_msgid_action(id, sizeof id, "x", "r", 4294967295u);
  CHECK_STR(id, "x:r:4294967295");
  /* Truncated, never overflowing. */
  char small[8];
  CHECK_INT(lv_msgid_action(small, sizeof small, "abcdef", "rule", 12), 7);
  CHECK_STR(small, "abcdef:");
  /* An incoming id with a line break is made one line. */
  lv_msgid_source(src, sizeof src, "a\r\nb", "s", 1, "", 0);
  CHECK_STR(src, "a  b");
}

static void test_header_values(void) {
  char out[16];
  CHECK_INT(lv_header_value(out, sizeof out, "ok", 2), 2);
  CHECK_STR(out, "ok");
  lv_header_value(out, sizeof out, "a\nb\rc\td\x7f", 8);
  CHECK_STR(out, "a b c d ");
  /* Cut at 15 bytes, but not inside "é" (2 bytes at offset 14). */
  CHECK_INT(lv_header_value(out, sizeof out, "aaaaaaaaaaaaaa\xc3\xa9z", 17), 14);
  CHECK_STR(out, "aaaaaaaaaaaaaa");
  /* A 3-byte sequence that fits whole stays. */
  CHECK_INT(lv_header_value(out, sizeof out, "aaaaaaaaaaaa\xe2\x82\xacz", 16), 15);
  CHECK_STR(out, "aaaaaaaaaaaa\xe2\x82\xac");
  CHECK_INT(lv_header_value(out, 1, "abc", 3), 0);
  CHECK_STR(out, "");
}

static void test_redact(void) {
  char out[128];
  lv_log_redact_url(out, sizeof out, "nats://user:pa55@host:4222");
  CHECK_STR(out, "nats://***@host:4222");
  lv_log_redact_url(out, sizeof out, "tls://tok@h1:4222/path@x");
  CHECK_STR(out, "tls://***@h1:4222/path@x");
  lv_log_redact_url(out, sizeof out, "nats://a@b@host:1");
  CHECK_STR(out, "nats://***@host:1");
  lv_log_redact_url(out, sizeof out, "nats://127.0.0.1:4222");
  CHECK_STR(out, "nats://127.0.0.1:4222");
  lv_log_redact_url(out, sizeof out, "user:pw@host:4222");
  CHECK_STR(out, "***@host:4222");
  lv_log_level l;
  CHECK(lv_log_level_parse("warning", &l) && l == LV_LOG_WARN);
  CHECK(lv_log_level_parse("debug", &l) && l == LV_LOG_DEBUG);
  CHECK(!lv_log_level_parse("loud", &l));
}

static void test_ratelimit(void) {
  lv_ratelimit r = LV_RATELIMIT_INIT(3);
  uint64_t sup = 99;
  int passed = 0;
  for (int i = 0; i < 10; i++) passed += lv_ratelimit_take(&r, &sup);
  /* Within one second (the loop takes microseconds) 3 pass; rarely the
   * second changes in the middle and a few more do. */
  CHECK(passed >= 3 && passed <= 6);
  CHECK_INT(sup, 0);
}

int main(void) {
  test_hash();
  test_ids();
  test_header_values();
  test_redact();
  test_ratelimit();
  return check_done();
}
