/* test_levind_msgid.c - action message ids, header values, URL redaction. */
#include <stdio.h>
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
  CHECK_INT(lv_msgid_source(id, sizeof id, NULL, 0, "a.b", 3, "{\"x\":1}", 7), 33);
  CHECK_STR(id, "hdfe9878d0790aaf27c137fe154230686");
  /* Every length from 0 to 40 gives a different id (word and tail paths). */
  char payload[41], seen[41][40];
  memset(payload, 'x', sizeof payload);
  for (int n = 0; n <= 40; n++) {
    lv_msgid_source(seen[n], sizeof seen[n], NULL, 0, "t", 1, payload, (size_t)n);
    for (int k = 0; k < n; k++) CHECK(strcmp(seen[n], seen[k]) != 0);
  }
}

static void test_ids(void) {
  char src[256], id[128];
  CHECK_INT(lv_msgid_source(src, sizeof src, "order-17", 8, "a", 1, "{}", 2), 8);
  CHECK_STR(src, "order-17");
  CHECK_INT(lv_msgid_action(id, sizeof id, src, "shop.fraud", 0), 21);
  CHECK_STR(id, "order-17:shop.fraud:0");
  lv_msgid_action(id, sizeof id, "x", "r", 4294967295u);
  CHECK_STR(id, "x:r:4294967295");
  /* A tiny buffer is never overflowed. */
  char small[8];
  CHECK_INT(lv_msgid_action(small, sizeof small, "abcdef", "rule", 12), 7);
  CHECK_STR(small, "abcdef:");
  /* An incoming id with control characters: the clean part, '~', and the
   * SHA-256 of the raw id, so "a\r\nb" and "a  b" stay apart. */
  CHECK_INT(lv_msgid_source(src, sizeof src, "a\r\nb", 4, "s", 1, "", 0), 37);
  CHECK_STR(src, "a?" "?b~18745f36a05e29072709042d6062ce54");
  lv_msgid_source(id, sizeof id, "a  b", 4, "s", 1, "", 0);
  CHECK_STR(id, "a  b");
  lv_msgid_dead_letter(id, sizeof id, "order-17", "shop.orders");
  CHECK_STR(id, "order-17:dlq:shop.orders");
}

static void hexof(char *out, const uint8_t *d, int n) {
  for (int i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_sha256(void) {
  uint8_t d[32];
  char hex[65];
  lv_sha256(d, "abc", 3);
  hexof(hex, d, 32);
  CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  lv_sha256(d, "", 0);
  hexof(hex, d, 32);
  CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  /* Two blocks, and the padding at the 56-byte edge. */
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  lv_sha256(d, m, strlen(m));
  hexof(hex, d, 32);
  CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  char mil[1000];
  memset(mil, 'a', sizeof mil);
  lv_sha256(d, mil, sizeof mil);
  hexof(hex, d, 32);
  CHECK_STR(hex, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

/* Long incoming ids that differ only at the end give different source ids
 * (and so different action ids), each within the limits. */
static void test_long_ids(void) {
  char a[301], b[301], sa[256], sb[256], ia[LV_MSGID_MAX + 1], ib[LV_MSGID_MAX + 1];
  memset(a, 'x', 300);
  memcpy(b, a, 300);
  a[299] = 'A';
  b[299] = 'B';
  a[300] = b[300] = 0;
  size_t na = lv_msgid_source(sa, sizeof sa, a, 300, "s", 1, "", 0);
  size_t nb = lv_msgid_source(sb, sizeof sb, b, 300, "s", 1, "", 0);
  CHECK_INT(na, 193);
  CHECK_INT(nb, 193);
  CHECK(strcmp(sa, sb) != 0);
  CHECK(memcmp(sa, a, 160) == 0);
  CHECK_INT(sa[160], '~');
  lv_msgid_action(ia, sizeof ia, sa, "shop.fraud", 0);
  lv_msgid_action(ib, sizeof ib, sb, "shop.fraud", 0);
  CHECK(strcmp(ia, ib) != 0);
  /* The exact form: the SHA-256 of the 300 bytes. */
  uint8_t d[32];
  char hex[65];
  lv_sha256(d, a, 300);
  hexof(hex, d, 16);
  CHECK_STR(sa + 161, hex);
  /* 200 bytes are kept as they are; 201 are not. */
  CHECK_INT(lv_msgid_source(sa, sizeof sa, a + 100, 200, "s", 1, "", 0), 200);
  CHECK_INT(lv_msgid_source(sa, sizeof sa, a + 99, 201, "s", 1, "", 0), 193);
  /* Invalid UTF-8 is never copied: "\xff" and a cut "\xc3" become '?', a
   * C1 control (U+0085) too; valid characters stay. */
  CHECK_INT(lv_msgid_source(sa, sizeof sa, "\xff\xc3-\xc2\x85-\xc3\xa9", 8, "s", 1, "", 0), 40);
  CHECK(memcmp(sa, "?" "?-?-\xc3\xa9~", 8) == 0);
  CHECK(lv_header_value_ok(sa, strlen(sa)));
  /* A prefix never ends inside a character: 159 'x' then "é". */
  char c[300];
  memset(c, 'x', 159);
  memcpy(c + 159, "\xc3\xa9", 2);
  memset(c + 161, 'y', 100);
  CHECK_INT(lv_msgid_source(sa, sizeof sa, c, 261, "s", 1, "", 0), 192);
  CHECK_INT(sa[159], '~');
  /* An action id past LV_MSGID_MAX is cut and hashed, so the index stays
   * significant. */
  char rule[800];
  memset(rule, 'r', 799);
  rule[799] = 0;
  CHECK_INT(lv_msgid_action(ia, sizeof ia, "src", rule, 0), LV_MSGID_MAX);
  CHECK_INT(lv_msgid_action(ib, sizeof ib, "src", rule, 1), LV_MSGID_MAX);
  CHECK(strcmp(ia, ib) != 0);
  CHECK_INT(ia[LV_MSGID_MAX - 33], '~');
  CHECK(memcmp(ia, "src:rrr", 7) == 0);
}

static void test_header_values(void) {
  char out[16];
  CHECK_INT(lv_header_value(out, sizeof out, "ok", 2), 2);
  CHECK_STR(out, "ok");
  lv_header_value(out, sizeof out, "a\nb\rc\td\x7f", 8);
  CHECK_STR(out, "a b c d ");
  /* Bytes that are not UTF-8 become '?', a C1 control one space. */
  CHECK_INT(lv_header_value(out, sizeof out, "a\xff" "b\xc2\x85" "c\xed\xa0\x80", 9), 8);
  CHECK_STR(out, "a?b c?" "?" "?");
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
  test_sha256();
  test_long_ids();
  test_header_values();
  test_redact();
  test_ratelimit();
  return check_done();
}
