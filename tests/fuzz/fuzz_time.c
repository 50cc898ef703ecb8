/* fuzz_time.c - libFuzzer target for stdlib/lv_time.c and lv_tz.c.
 *
 * The whole input goes to lv_timestamp_parse and lv_duration_parse (and what
 * parses must format and parse back to the same value), to the POSIX TZ and
 * TZif parsers, and, split at the first NUL, the part before it is a zone
 * name for lv_tz_find + lv_timestamp_get and the bytes after it an instant.
 * Any broken invariant aborts, so the fuzzer reports it.
 *
 *   clang-19 -g -O1 -fsanitize=fuzzer,address,undefined -Istdlib \
 *     stdlib/lv_arena.c stdlib/lv_err.c stdlib/lv_time.c stdlib/lv_tz.c \
 *     tests/fuzz/fuzz_time.c -o fuzz_time */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lv_time.h"

static lv_arena arena;

static void fuzz_timestamp(lv_ctx *cx, const char *s, size_t n) {
  lv_time t, back;
  const lv_err *e = lv_timestamp_parse(cx, &t, s, n);
  const lv_err *e0 = lv_timestamp_parse(NULL, &back, s, n);
  REQUIRE(!e == !e0);
  if (e) {
    REQUIRE_CEL_ERR(e);
    REQUIRE(e->code == e0->code);
    return;
  }
  REQUIRE(t.sec >= LV_TIMESTAMP_MIN_SEC && t.sec <= LV_TIMESTAMP_MAX_SEC);
  REQUIRE(t.nanos >= 0 && t.nanos < 1000000000);
  char buf[40];
  size_t len = lv_timestamp_format(buf, t.sec, t.nanos);
  REQUIRE(len < 40 && len == strlen(buf));
  REQUIRE(lv_timestamp_parse(NULL, &back, buf, len) == NULL);
  REQUIRE(back.sec == t.sec && back.nanos == t.nanos);
  int64_t v;
  for (int part = LV_TP_FULL_YEAR; part <= LV_TP_MILLISECONDS; part++)
    REQUIRE(lv_timestamp_get(cx, &v, t.sec, t.nanos, part, NULL, 0) == NULL);
}

static void fuzz_duration(lv_ctx *cx, const char *s, size_t n) {
  lv_time d, back;
  const lv_err *e = lv_duration_parse(cx, &d, s, n);
  if (e) {
    REQUIRE_CEL_ERR(e);
    return;
  }
  REQUIRE(d.sec >= -LV_DURATION_MAX_SEC && d.sec <= LV_DURATION_MAX_SEC);
  REQUIRE(d.nanos > -1000000000 && d.nanos < 1000000000);
  REQUIRE(!(d.sec > 0 && d.nanos < 0) && !(d.sec < 0 && d.nanos > 0));
  char buf[40];
  size_t len = lv_duration_format(buf, d.sec, d.nanos);
  REQUIRE(len < 40 && len == strlen(buf));
  REQUIRE(lv_duration_parse(NULL, &back, buf, len) == NULL);
  REQUIRE(back.sec == d.sec && back.nanos == d.nanos);
  /* arithmetic with it: either an error or a valid value */
  int64_t s1, s2;
  int32_t n1, n2;
  if (!lv_duration_add(cx, &s1, &n1, d.sec, d.nanos, d.sec, d.nanos)) {
    REQUIRE(lv_duration_sub(cx, &s2, &n2, s1, n1, d.sec, d.nanos) == NULL);
    REQUIRE(s2 == d.sec && n2 == d.nanos);
  }
  REQUIRE(lv_duration_neg(cx, &s1, &n1, d.sec, d.nanos) == NULL);
  REQUIRE(s1 == -d.sec && n1 == -d.nanos);
  int64_t ns;
  bool fits_ns = lv_duration_to_int(cx, &ns, d.sec, d.nanos) == NULL;
  if (fits_ns) {
    lv_duration_from_int(&s1, &n1, ns);
    REQUIRE(s1 == d.sec && n1 == d.nanos);
  }
  if (!lv_timestamp_add_duration(cx, &s1, &n1, 0, 0, d.sec, d.nanos)) {
    REQUIRE(n1 >= 0 && n1 < 1000000000);
    /* t - t is an arithmetic result: limited to int64 nanoseconds */
    const lv_err *e2 = lv_timestamp_sub_timestamp(cx, &s2, &n2, s1, n1, 0, 0);
    REQUIRE(!e2 == fits_ns);
    REQUIRE(!fits_ns || (s2 == d.sec && n2 == d.nanos));
  }
}

static int64_t read_i64(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < n; i++) v |= (uint64_t)p[i] << (8 * i);
  return (int64_t)v;
}

static void fuzz_zone(lv_ctx *cx, const char *name, size_t nlen, const uint8_t *rest, size_t rlen) {
  int64_t raw = read_i64(rest, rlen);
  int32_t nanos = rlen > 8 ? (int32_t)(rest[8] * 3921568u) : 0; /* 255 * 3921568 < 1e9 */
  const lv_tz *z = lv_tz_find(name, nlen);
  REQUIRE(z == lv_tz_find(name, nlen)); /* cached (or unknown) both times */
  /* raw seconds, anything at all, then folded into the CEL range */
  int64_t span = LV_TIMESTAMP_MAX_SEC - LV_TIMESTAMP_MIN_SEC + 1;
  int64_t folded = LV_TIMESTAMP_MIN_SEC + (int64_t)((uint64_t)raw % (uint64_t)span);
  int64_t secs[2] = {raw, folded};
  for (int k = 0; k < 2; k++) {
    for (int part = -1; part <= LV_TP_MILLISECONDS + 1; part++) {
      int64_t v = 0;
      const lv_err *e = lv_timestamp_get(cx, &v, secs[k], nanos, part, name, nlen);
      bool valid_part = part >= LV_TP_FULL_YEAR && part <= LV_TP_MILLISECONDS;
      REQUIRE(!e == (z && valid_part));
      if (e) {
        REQUIRE_CEL_ERR(e);
        continue;
      }
      if (k == 1) {
        switch (part) {
        case LV_TP_FULL_YEAR: REQUIRE(v >= 0 && v <= 10000); break;
        case LV_TP_MONTH: REQUIRE(v >= 0 && v <= 11); break;
        case LV_TP_DATE: REQUIRE(v >= 1 && v <= 31); break;
        case LV_TP_DAY_OF_MONTH: REQUIRE(v >= 0 && v <= 30); break;
        case LV_TP_DAY_OF_WEEK: REQUIRE(v >= 0 && v <= 6); break;
        case LV_TP_DAY_OF_YEAR: REQUIRE(v >= 0 && v <= 365); break;
        case LV_TP_HOURS: REQUIRE(v >= 0 && v <= 23); break;
        case LV_TP_MINUTES: REQUIRE(v >= 0 && v <= 59); break;
        case LV_TP_SECONDS: REQUIRE(v >= 0 && v <= 59); break;
        case LV_TP_MILLISECONDS: REQUIRE(v >= 0 && v <= 999); break;
        }
      }
    }
    if (z) {
      int32_t off = lv_tz_offset(z, secs[k]);
      REQUIRE(off > -26 * 3600 && off < 26 * 3600);
    }
  }
}

static void fuzz_zone_data(const uint8_t *data, size_t size) {
  static const int64_t probes[] = {INT64_MIN, LV_TIMESTAMP_MIN_SEC, -1, 0, 1700000000, 4000000000LL,
                                   LV_TIMESTAMP_MAX_SEC, INT64_MAX};
  lv_tz *zones[2] = {lv_tz_from_posix((const char *)data, size), lv_tz_from_tzif(data, size)};
  for (int k = 0; k < 2; k++) {
    if (!zones[k]) continue;
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
      int32_t off = lv_tz_offset(zones[k], probes[i]);
      REQUIRE(off > -26 * 3600 && off < 26 * 3600);
      int64_t h = lv_timestamp_get_in(probes[i], 0, LV_TP_HOURS, zones[k]);
      REQUIRE(h >= 0 && h <= 23);
    }
    lv_tz_free(zones[k]);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bool ready;
  if (!ready) {
    lv_arena_init(&arena, 4096, 1 << 20);
    ready = true;
  }
  lv_ctx cx = {&arena, NULL, NULL, NULL};
  const char *s = (const char *)data;
  fuzz_timestamp(&cx, s, size);
  fuzz_duration(&cx, s, size);
  fuzz_zone_data(data, size);
  const uint8_t *nul = memchr(data, 0, size);
  if (nul) {
    size_t nlen = (size_t)(nul - data);
    fuzz_zone(&cx, s, nlen, nul + 1, size - nlen - 1);
  }
  lv_arena_reset(&arena);
  return 0;
}
