/* Timestamps, durations and time zones: the CEL conformance cases of
 * timestamps.textproto (and the timestamp/duration cases of conversions,
 * string_ext and block_ext) reproduced on the C functions, plus parsing,
 * formatting, range errors, civil dates, TZif/POSIX zone rules and round
 * trips. Needs the tzdata package (/usr/share/zoneinfo). */
#include "check.h"
#include "lv_time.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

static lv_arena arena;
static lv_ctx cx; /* with an arena: errors quote their input */

/* --- helpers ----------------------------------------------------------------- */

static lv_time ts(const char *s) {
  lv_time t = {0, 0};
  const lv_err *e = lv_timestamp_parse(NULL, &t, s, strlen(s));
  if (e) fprintf(stderr, "unexpected error parsing timestamp %s: %s\n", s, e->msg);
  CHECK(e == NULL);
  return t;
}

static lv_time dur(const char *s) {
  lv_time t = {0, 0};
  const lv_err *e = lv_duration_parse(NULL, &t, s, strlen(s));
  if (e) fprintf(stderr, "unexpected error parsing duration %s: %s\n", s, e->msg);
  CHECK(e == NULL);
  return t;
}

static const char *ts_str(int64_t sec, int32_t nanos) {
  static char b[40];
  size_t n = lv_timestamp_format(b, sec, nanos);
  CHECK(n == strlen(b) && n < 40);
  return b;
}

static const char *dur_str(int64_t sec, int32_t nanos) {
  static char b[40];
  size_t n = lv_duration_format(b, sec, nanos);
  CHECK(n == strlen(b) && n < 40);
  return b;
}

/* getX(tz) on a timestamp literal; -999 when it failed. */
static int64_t get(const char *t, int part, const char *tz) {
  lv_time v = ts(t);
  int64_t out = -999;
  const lv_err *e = lv_timestamp_get(NULL, &out, v.sec, v.nanos, part, tz, tz ? strlen(tz) : 0);
  if (e) fprintf(stderr, "unexpected error getting part %d of %s in %s: %s\n", part, t, tz, e->msg);
  CHECK(e == NULL);
  return e ? -999 : out;
}

static int32_t offset_in(const char *zone, int64_t sec) {
  const lv_tz *z = lv_tz_find(zone, strlen(zone));
  CHECK(z != NULL);
  return z ? lv_tz_offset(z, sec) : -1;
}

#define TS_ERR(s, code, msg)                                                  \
  do {                                                                        \
    lv_time t_ = {7, 7};                                                      \
    CHECK_ERR(lv_timestamp_parse(NULL, &t_, s, strlen(s)), code, msg);        \
    CHECK(t_.sec == 7 && t_.nanos == 7); /* untouched on error */             \
  } while (0)
#define DUR_ERR(s, code, msg)                                                 \
  do {                                                                        \
    lv_time t_ = {7, 7};                                                      \
    CHECK_ERR(lv_duration_parse(NULL, &t_, s, strlen(s)), code, msg);         \
    CHECK(t_.sec == 7 && t_.nanos == 7);                                      \
  } while (0)
#define CHECK_TIME(t, want_sec, want_nanos)                                   \
  do {                                                                        \
    lv_time tt_ = (t);                                                        \
    CHECK_INT(tt_.sec, want_sec);                                             \
    CHECK_INT(tt_.nanos, want_nanos);                                         \
  } while (0)

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void) { /* xorshift64*: fixed seed, reproducible */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}
static int64_t rnd_range(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

/* --- conformance: timestamps.textproto and friends ------------------------------ */

static void test_conformance_conversions(void) {
  /* toInt_timestamp, conversions/int/timestamp */
  lv_time t = ts("2009-02-13T23:31:30Z");
  CHECK_INT(lv_timestamp_to_int(t.sec, t.nanos), 1234567890);
  t = ts("2004-09-16T23:59:59Z");
  CHECK_INT(lv_timestamp_to_int(t.sec, t.nanos), 1095379199);
  /* toString_timestamp, toString_timestamp_nanos, toString_duration */
  t = ts("2009-02-13T23:31:30Z");
  CHECK_STR(ts_str(t.sec, t.nanos), "2009-02-13T23:31:30Z");
  t = ts("9999-12-31T23:59:59.999999999Z");
  CHECK_STR(ts_str(t.sec, t.nanos), "9999-12-31T23:59:59.999999999Z");
  t = dur("1000000s");
  CHECK_STR(dur_str(t.sec, t.nanos), "1000000s");
  /* conversions/identity: timestamp(timestamp(1000000000)) == timestamp(1000000000) */
  int64_t s;
  int32_t n;
  CHECK(lv_timestamp_from_int(NULL, &s, &n, 1000000000) == NULL);
  CHECK_INT(s, 1000000000);
  CHECK_INT(n, 0);
  CHECK_STR(ts_str(s, n), "2001-09-09T01:46:40Z");
  /* string_ext: "%s" of timestamps and durations */
  t = ts("2023-02-03T23:31:20+00:00");
  CHECK_STR(ts_str(t.sec, t.nanos), "2023-02-03T23:31:20Z");
  t = dur("1h45m47s");
  CHECK_STR(dur_str(t.sec, t.nanos), "6347s");
  t = dur("2h");
  CHECK_STR(dur_str(t.sec, t.nanos), "7200s");
  t = ts("2009-11-10T23:00:00Z");
  CHECK_STR(ts_str(t.sec, t.nanos), "2009-11-10T23:00:00Z");
  t = dur("8747s");
  CHECK_STR(dur_str(t.sec, t.nanos), "8747s");
  t = dur("422s");
  CHECK_STR(dur_str(t.sec, t.nanos), "422s");
}

static void test_conformance_selectors(void) {
  const char *t = "2009-02-13T23:31:30Z";
  CHECK_INT(get(t, LV_TP_DATE, NULL), 13);
  CHECK_INT(get(t, LV_TP_DAY_OF_MONTH, NULL), 12);
  CHECK_INT(get(t, LV_TP_DAY_OF_WEEK, NULL), 5);
  CHECK_INT(get(t, LV_TP_DAY_OF_YEAR, NULL), 43);
  CHECK_INT(get(t, LV_TP_FULL_YEAR, NULL), 2009);
  CHECK_INT(get(t, LV_TP_HOURS, NULL), 23);
  CHECK_INT(get("2009-02-13T23:31:20.123456789Z", LV_TP_MILLISECONDS, NULL), 123);
  CHECK_INT(get(t, LV_TP_MINUTES, NULL), 31);
  CHECK_INT(get(t, LV_TP_MONTH, NULL), 1);
  CHECK_INT(get(t, LV_TP_SECONDS, NULL), 30);
  /* timestamp_selectors_tz */
  CHECK_INT(get(t, LV_TP_DATE, "Australia/Sydney"), 14);
  CHECK_INT(get(t, LV_TP_DAY_OF_MONTH, "US/Central"), 12);
  CHECK_INT(get(t, LV_TP_DAY_OF_MONTH, "+11:00"), 13);
  CHECK_INT(get("2009-02-13T02:00:00Z", LV_TP_DAY_OF_MONTH, "-02:30"), 11);
  CHECK_INT(get("2009-02-13T02:00:00Z", LV_TP_DAY_OF_MONTH, "America/St_Johns"), 11);
  CHECK_INT(get(t, LV_TP_DAY_OF_WEEK, "UTC"), 5);
  CHECK_INT(get(t, LV_TP_DAY_OF_YEAR, "US/Central"), 43);
  CHECK_INT(get(t, LV_TP_FULL_YEAR, "-09:30"), 2009);
  CHECK_INT(get(t, LV_TP_HOURS, "02:00"), 1);
  CHECK_INT(get(t, LV_TP_MINUTES, "Asia/Kathmandu"), 16);
  CHECK_INT(get(t, LV_TP_MONTH, "UTC"), 1);
  CHECK_INT(get(t, LV_TP_SECONDS, "-00:00"), 30);
  /* the langdef examples */
  CHECK_INT(get("2023-12-25T00:00:00Z", LV_TP_DATE, NULL), 25);
  CHECK_INT(get("2023-12-25T00:00:00Z", LV_TP_DATE, "America/Los_Angeles"), 24);
  CHECK_INT(get("2023-12-25T00:00:00Z", LV_TP_DAY_OF_MONTH, NULL), 24);
  CHECK_INT(get("2023-12-25T00:00:00Z", LV_TP_DAY_OF_MONTH, "America/Los_Angeles"), 23);
  CHECK_INT(get("2023-12-25T12:00:00Z", LV_TP_DAY_OF_WEEK, NULL), 1);
  CHECK_INT(get("2023-12-25T12:00:00Z", LV_TP_DAY_OF_YEAR, NULL), 358);
  CHECK_INT(get("2023-12-25T12:00:00Z", LV_TP_FULL_YEAR, NULL), 2023);
  CHECK_INT(get("2023-12-25T12:00:00Z", LV_TP_HOURS, NULL), 12);
  CHECK_INT(get("2023-12-25T12:00:00.500Z", LV_TP_MILLISECONDS, NULL), 500);
  CHECK_INT(get("2023-12-25T12:30:00Z", LV_TP_MINUTES, NULL), 30);
  CHECK_INT(get("2023-12-25T12:00:00Z", LV_TP_MONTH, NULL), 11);
  CHECK_INT(get("2023-12-25T12:30:30Z", LV_TP_SECONDS, NULL), 30);
}

static void test_conformance_block(void) {
  /* block_ext "timestamp": years, seconds and minutes of timestamp(int)s sum to 13934 */
  int64_t s;
  int32_t n;
  int64_t y1, y50, y200, y75, sec50, min75;
#define GET(secs, part, out)                                                  \
  CHECK(lv_timestamp_from_int(NULL, &s, &n, secs) == NULL);                   \
  CHECK(lv_timestamp_get(NULL, &out, s, n, part, NULL, 0) == NULL)
  GET(1000000000, LV_TP_FULL_YEAR, y1);
  GET(50, LV_TP_FULL_YEAR, y50);
  GET(200, LV_TP_FULL_YEAR, y200);
  GET(75, LV_TP_FULL_YEAR, y75);
  GET(50, LV_TP_SECONDS, sec50);
  GET(75, LV_TP_MINUTES, min75);
#undef GET
  CHECK_INT(y1 + y75 + y50 + y1 + sec50 + y200 + y200 + min75 + y1, 13934);
}

static void test_conformance_equality_and_comparisons(void) {
  lv_time a, b;
#define CMP(x, y) lv_time_cmp((x).sec, (x).nanos, (y).sec, (y).nanos)
  a = ts("2009-02-13T23:31:30Z"), b = ts("2009-02-13T23:31:30Z");
  CHECK_INT(CMP(a, b), 0);
  a = ts("2009-02-13T23:31:29Z");
  CHECK_INT(CMP(a, b), -1);
  a = ts("1945-05-07T02:41:00Z"), b = ts("1945-05-07T02:41:00Z");
  CHECK_INT(CMP(a, b), 0);
  a = ts("2000-01-01T00:00:00Z"), b = ts("2001-01-01T00:00:00Z");
  CHECK_INT(CMP(a, b), -1);
  a = dur("123s"), b = dur("123s");
  CHECK_INT(CMP(a, b), 0);
  a = dur("60s"), b = dur("3600s");
  CHECK_INT(CMP(a, b), -1);
  a = dur("604800s"), b = dur("604800s");
  CHECK_INT(CMP(a, b), 0);
  a = dur("86400s"), b = dur("86164s");
  CHECK_INT(CMP(a, b), 1);
  /* comparisons section */
  a = ts("2009-02-13T23:00:00Z"), b = ts("2009-02-13T22:59:59Z");
  CHECK_INT(CMP(a, b), 1); /* leq false */
  a = ts("2009-02-13T23:00:00Z"), b = ts("2009-03-13T23:00:00Z");
  CHECK_INT(CMP(a, b), -1);
  a = ts("2009-02-13T22:58:00Z"), b = ts("2009-02-13T23:00:00Z");
  CHECK_INT(CMP(a, b), -1); /* geq false */
  a = ts("2009-02-13T23:59:00Z"), b = ts("2009-02-13T23:00:00Z");
  CHECK_INT(CMP(a, b), 1);
  a = dur("200s"), b = dur("200s");
  CHECK_INT(CMP(a, b), 0);
  a = dur("300s"), b = dur("200s");
  CHECK_INT(CMP(a, b), 1);
  a = dur("120s");
  CHECK_INT(CMP(a, b), -1);
  /* nanos decide when seconds tie; negative durations order correctly */
  a = dur("-1.5s"), b = dur("-1.4s");
  CHECK_INT(CMP(a, b), -1);
  a = ts("2009-02-13T23:00:00.000000002Z"), b = ts("2009-02-13T23:00:00.000000001Z");
  CHECK_INT(CMP(a, b), 1);
#undef CMP
}

static void test_conformance_arithmetic(void) {
  lv_time a, b;
  int64_t s;
  int32_t n;
  a = ts("2009-02-13T23:00:00Z"), b = dur("240s");
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_TIME(((lv_time){s, n}), ts("2009-02-13T23:04:00Z").sec, 0);
  a = ts("2009-02-13T23:01:00Z"), b = dur("120s"); /* duration + timestamp is the same call */
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_INT(s, ts("2009-02-13T23:03:00Z").sec);
  a = dur("600s"), b = dur("50s");
  CHECK(lv_duration_add(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_TIME(((lv_time){s, n}), 650, 0);
  a = ts("0001-01-01T00:00:01.000000001Z"), b = dur("-999999999ns");
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(ts_str(s, n), "0001-01-01T00:00:00.000000002Z");
  a = ts("0001-01-01T00:00:01.999999999Z"), b = dur("999999999ns");
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(ts_str(s, n), "0001-01-01T00:00:02.999999998Z");
  a = ts("2009-02-13T23:10:00Z"), b = dur("600s");
  CHECK(lv_timestamp_sub_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(ts_str(s, n), "2009-02-13T23:00:00Z");
  a = ts("2009-02-13T23:31:00Z"), b = ts("2009-02-13T23:29:00Z");
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(dur_str(s, n), "120s");
  a = dur("900s"), b = dur("42s");
  CHECK(lv_duration_sub(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(dur_str(s, n), "858s");
  /* langdef examples */
  a = dur("1m"), b = dur("1s");
  CHECK(lv_duration_add(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_INT(s, dur("1m1s").sec);
  CHECK(lv_duration_sub(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_INT(s, 59);
  a = ts("2023-01-01T00:00:00Z"), b = dur("24h");
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(ts_str(s, n), "2023-01-02T00:00:00Z");
  a = ts("2023-01-10T12:00:00Z"), b = ts("2023-01-10T00:00:00Z");
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos) == NULL);
  CHECK_STR(dur_str(s, n), "43200s");
  /* duration_converters */
  a = dur("10000s");
  CHECK_INT(lv_duration_get(a.sec, a.nanos, LV_TP_HOURS), 2);
  CHECK_INT(lv_duration_get(123, 321456789, LV_TP_MILLISECONDS), 321);
  a = dur("3730s");
  CHECK_INT(lv_duration_get(a.sec, a.nanos, LV_TP_MINUTES), 62);
  CHECK_INT(lv_duration_get(a.sec, a.nanos, LV_TP_SECONDS), 3730);
}

static void test_conformance_ranges(void) {
  int64_t s = 5;
  int32_t n = 5;
  lv_time a, b;
  /* timestamp_range */
  TS_ERR("0000-01-01T00:00:00Z", LV_E_RANGE, "timestamp out of range");
  TS_ERR("10000-01-01T00:00:00Z", LV_E_RANGE, "timestamp out of range");
  CHECK_ERR(lv_timestamp_from_int(NULL, &s, &n, -62135596801), LV_E_RANGE, "timestamp out of range");
  CHECK_ERR(lv_timestamp_from_int(NULL, &s, &n, 253402300800), LV_E_RANGE, "timestamp out of range");
  CHECK(s == 5 && n == 5);
  a = ts("0001-01-01T00:00:00Z"), b = dur("-1s");
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE,
            "timestamp out of range");
  a = ts("9999-12-31T23:59:59Z"), b = dur("1s");
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE,
            "timestamp out of range");
  a = ts("9999-12-31T23:59:59.999999999Z"), b = dur("1ns");
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE,
            "timestamp out of range");
  a = ts("0001-01-01T00:00:00Z"), b = dur("-1ns");
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE,
            "timestamp out of range");
  a = ts("9999-12-31T23:59:59Z"), b = ts("0001-01-01T00:00:00Z");
  CHECK_ERR(lv_timestamp_sub_timestamp(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE,
            "duration out of range");
  CHECK_ERR(lv_timestamp_sub_timestamp(NULL, &s, &n, b.sec, b.nanos, a.sec, a.nanos), LV_E_RANGE,
            "duration out of range");
  CHECK(s == 5 && n == 5);
  /* duration_range */
  DUR_ERR("-320000000000s", LV_E_RANGE, "duration out of range");
  DUR_ERR("320000000000s", LV_E_RANGE, "duration out of range");
  a = dur("-200000000000s"), b = dur("-200000000000s");
  CHECK_ERR(lv_duration_add(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE, "duration out of range");
  a = dur("200000000000s"), b = dur("200000000000s");
  CHECK_ERR(lv_duration_add(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE, "duration out of range");
  a = dur("-200000000000s"), b = dur("200000000000s");
  CHECK_ERR(lv_duration_sub(NULL, &s, &n, a.sec, a.nanos, b.sec, b.nanos), LV_E_RANGE, "duration out of range");
  CHECK_ERR(lv_duration_sub(NULL, &s, &n, b.sec, b.nanos, a.sec, a.nanos), LV_E_RANGE, "duration out of range");
  CHECK(s == 5 && n == 5);
}

/* --- timestamp parsing ----------------------------------------------------------- */

static void test_timestamp_parse(void) {
  CHECK_TIME(ts("1970-01-01T00:00:00Z"), 0, 0);
  CHECK_TIME(ts("2009-02-13T23:31:30.123456789+01:00"), 1234567890 - 3600, 123456789);
  CHECK_TIME(ts("2009-02-13t23:31:30z"), 1234567890, 0); /* RFC 3339 5.6 allows lower case */
  CHECK_TIME(ts("2009-02-13T23:31:30.1Z"), 1234567890, 100000000);
  CHECK_TIME(ts("2009-02-13T23:31:30.000000001Z"), 1234567890, 1);
  CHECK_TIME(ts("2009-02-13T23:31:30.12Z"), 1234567890, 120000000);
  CHECK_TIME(ts("2009-02-14T05:01:30+05:30"), 1234567890, 0);
  CHECK_TIME(ts("2009-02-13T15:31:30-08:00"), 1234567890, 0);
  CHECK_TIME(ts("2009-02-13T23:31:30-00:00"), 1234567890, 0);
  CHECK_TIME(ts("2009-02-13T23:31:30+00:00"), 1234567890, 0);
  CHECK_TIME(ts("2009-02-14T22:31:30+23:00"), 1234567890, 0);
  CHECK_TIME(ts("2009-02-13T00:31:30-23:00"), 1234567890, 0);
  CHECK_TIME(ts("0001-01-01T00:00:00Z"), LV_TIMESTAMP_MIN_SEC, 0);
  CHECK_TIME(ts("9999-12-31T23:59:59.999999999Z"), LV_TIMESTAMP_MAX_SEC, 999999999);
  CHECK_TIME(ts("0001-01-01T00:00:00-00:01"), LV_TIMESTAMP_MIN_SEC + 60, 0);
  CHECK_TIME(ts("9999-12-31T23:59:59+00:01"), LV_TIMESTAMP_MAX_SEC - 60, 0);
  CHECK_TIME(ts("2024-02-29T12:00:00Z"), 1709208000, 0);
  CHECK_TIME(ts("2000-02-29T00:00:00Z"), 951782400, 0);
  CHECK_TIME(ts("1969-12-31T23:59:59.5Z"), -1, 500000000);
  CHECK_TIME(ts("1900-03-01T00:00:00Z"), -2203891200, 0);

  TS_ERR("", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("2023", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("23-01-01T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("2023-1-01T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("2023-01-1T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("2023/01/01T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR(" 2023-01-01T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("+2023-01-01T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected YYYY-MM-DD");
  TS_ERR("2023-13-01T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: month out of range");
  TS_ERR("2023-00-10T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: month out of range");
  TS_ERR("2023-02-30T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("2023-02-29T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("1900-02-29T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("2023-04-31T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("2023-01-00T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("2023-01-32T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("10000-02-30T00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: day out of range");
  TS_ERR("2023-01-01", LV_E_INVALID_ARG, "invalid timestamp: expected 'T' between date and time");
  TS_ERR("2023-01-01 00:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected 'T' between date and time");
  TS_ERR("2023-01-01T1:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected hh:mm:ss");
  TS_ERR("2023-01-01T01:00Z", LV_E_INVALID_ARG, "invalid timestamp: expected hh:mm:ss");
  TS_ERR("2023-01-01T01:00:0Z", LV_E_INVALID_ARG, "invalid timestamp: expected hh:mm:ss");
  TS_ERR("2023-01-01T", LV_E_INVALID_ARG, "invalid timestamp: expected hh:mm:ss");
  TS_ERR("2023-01-01T24:00:00Z", LV_E_INVALID_ARG, "invalid timestamp: hour out of range");
  TS_ERR("2023-01-01T23:60:00Z", LV_E_INVALID_ARG, "invalid timestamp: minute out of range");
  TS_ERR("2016-12-31T23:59:60Z", LV_E_INVALID_ARG, "invalid timestamp: second out of range");
  TS_ERR("2023-01-01T00:00:00.Z", LV_E_INVALID_ARG, "invalid timestamp: expected 1 to 9 fraction digits");
  TS_ERR("2023-01-01T00:00:00.1234567891Z", LV_E_INVALID_ARG,
         "invalid timestamp: expected 1 to 9 fraction digits");
  TS_ERR("2023-01-01T00:00:00", LV_E_INVALID_ARG, "invalid timestamp: missing time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00.5", LV_E_INVALID_ARG, "invalid timestamp: missing time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00,5Z", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00UTC", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00+01", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00+0100", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00+24:00", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00+01:60", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00 Z", LV_E_INVALID_ARG, "invalid timestamp: bad time zone offset (Z or +hh:mm)");
  TS_ERR("2023-01-01T00:00:00Z ", LV_E_INVALID_ARG, "invalid timestamp: unexpected text after the time zone offset");
  TS_ERR("2023-01-01T00:00:00ZZ", LV_E_INVALID_ARG, "invalid timestamp: unexpected text after the time zone offset");
  TS_ERR("2023-01-01T00:00:00+01:00x", LV_E_INVALID_ARG,
         "invalid timestamp: unexpected text after the time zone offset");
  /* well formed but outside the range */
  TS_ERR("0001-01-01T00:00:00+00:01", LV_E_RANGE, "timestamp out of range");
  TS_ERR("9999-12-31T23:59:59-00:01", LV_E_RANGE, "timestamp out of range");
  TS_ERR("0000-02-29T00:00:00Z", LV_E_RANGE, "timestamp out of range"); /* year 0 is a leap year */
  TS_ERR("99999999999999999999-01-01T00:00:00Z", LV_E_RANGE, "timestamp out of range");
  TS_ERR("12345-06-07T08:09:10.5-01:00", LV_E_RANGE, "timestamp out of range");

  /* A NUL inside the span is just a bad byte; the length is what counts. */
  lv_time t;
  CHECK_ERR(lv_timestamp_parse(NULL, &t, "2023-01-01T00:00:00Z\0", 21), LV_E_INVALID_ARG,
            "invalid timestamp: unexpected text after the time zone offset");
  CHECK(lv_timestamp_parse(NULL, &t, "2023-01-01T00:00:00Zjunk", 20) == NULL);
  CHECK_INT(t.sec, 1672531200);

  /* With an arena the message quotes the input (sanitized, cut at 48 bytes). */
  CHECK_ERR(lv_timestamp_parse(&cx, &t, "2023-02-30T00:00:00Z", 20), LV_E_INVALID_ARG,
            "invalid timestamp \"2023-02-30T00:00:00Z\": day out of range");
  CHECK_ERR(lv_timestamp_parse(&cx, &t, "0000-01-01T00:00:00Z", 20), LV_E_RANGE,
            "timestamp \"0000-01-01T00:00:00Z\" out of range");
  CHECK_ERR(lv_timestamp_parse(&cx, &t, "a\"b\\c\n\xff", 7), LV_E_INVALID_ARG,
            "invalid timestamp \"a?b?c??\": expected YYYY-MM-DD");
  const char *longs = "2023-01-01T00:00:00Z-------------------------------------------------";
  CHECK_ERR(lv_timestamp_parse(&cx, &t, longs, strlen(longs)), LV_E_INVALID_ARG,
            "invalid timestamp \"2023-01-01T00:00:00Z----------------------------...\": "
            "unexpected text after the time zone offset");
}

static void test_timestamp_format(void) {
  CHECK_STR(ts_str(0, 0), "1970-01-01T00:00:00Z");
  CHECK_STR(ts_str(1234567890, 100000000), "2009-02-13T23:31:30.100Z");
  CHECK_STR(ts_str(1234567890, 120000), "2009-02-13T23:31:30.000120Z");
  CHECK_STR(ts_str(1234567890, 123456000), "2009-02-13T23:31:30.123456Z");
  CHECK_STR(ts_str(1234567890, 1), "2009-02-13T23:31:30.000000001Z");
  CHECK_STR(ts_str(1234567890, 123456789), "2009-02-13T23:31:30.123456789Z");
  CHECK_STR(ts_str(-1, 999000000), "1969-12-31T23:59:59.999Z");
  CHECK_STR(ts_str(LV_TIMESTAMP_MIN_SEC, 0), "0001-01-01T00:00:00Z");
  CHECK_STR(ts_str(LV_TIMESTAMP_MAX_SEC, 999999999), "9999-12-31T23:59:59.999999999Z");
  CHECK_STR(ts_str(951868800, 0), "2000-03-01T00:00:00Z");
  /* Outside the range the output stays well formed (and inside 40 bytes). */
  CHECK_STR(ts_str(LV_TIMESTAMP_MIN_SEC - 1, 0), "0000-12-31T23:59:59Z");
  CHECK_STR(ts_str(LV_TIMESTAMP_MAX_SEC + 1, 0), "10000-01-01T00:00:00Z");
  CHECK_STR(ts_str(lv_days_from_civil(-1, 1, 1) * 86400, 0), "-0001-01-01T00:00:00Z");
  CHECK_STR(ts_str(0, -5), "1970-01-01T00:00:00Z");
  CHECK_STR(ts_str(0, 1000000000), "1970-01-01T00:00:00.999999999Z");
  CHECK(strlen(ts_str(INT64_MIN, 999999999)) == 39);
  CHECK(strlen(ts_str(INT64_MAX, 999999999)) == 38);

  const char *p = NULL;
  size_t len = 0;
  CHECK(lv_timestamp_to_string(&cx, &p, &len, 1234567890, 500000000) == NULL);
  CHECK_SPAN(p, len, "2009-02-13T23:31:30.500Z");
  CHECK_ERR(lv_timestamp_to_string(NULL, &p, &len, 0, 0), LV_E_RESOURCE, "resource limit exceeded");
  lv_arena tiny;
  lv_arena_init(&tiny, 16, 16);
  lv_ctx small = {&tiny, NULL, NULL, NULL};
  CHECK_ERR(lv_timestamp_to_string(&small, &p, &len, 0, 0), LV_E_RESOURCE, "resource limit exceeded");
  CHECK_ERR(lv_duration_to_string(&small, &p, &len, 1234567890, 5), LV_E_RESOURCE, "resource limit exceeded");
  /* no room for a formatted message: the specific static one, not a generic one */
  lv_time t;
  CHECK_ERR(lv_timestamp_parse(&small, &t, "0000-01-01T00:00:00Z", 20), LV_E_RANGE, "timestamp out of range");
  CHECK_ERR(lv_duration_parse(&small, &t, "1x", 2), LV_E_INVALID_ARG,
            "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  int64_t v;
  CHECK_ERR(lv_timestamp_get(&small, &v, 0, 0, LV_TP_HOURS, "Mars/Base", 9), LV_E_INVALID_ARG, "unknown time zone");
  lv_arena_free(&tiny);
}

/* --- durations ------------------------------------------------------------------- */

static void test_duration_parse(void) {
  CHECK_TIME(dur("0"), 0, 0);
  CHECK_TIME(dur("-0"), 0, 0);
  CHECK_TIME(dur("+0"), 0, 0);
  CHECK_TIME(dur("0s"), 0, 0);
  CHECK_TIME(dur("-0s"), 0, 0);
  CHECK_TIME(dur("1.5s"), 1, 500000000);
  CHECK_TIME(dur("-1.5s"), -1, -500000000);
  CHECK_TIME(dur("+5s"), 5, 0);
  CHECK_TIME(dur("1h30m"), 5400, 0);
  CHECK_TIME(dur("-1.5h"), -5400, 0);
  CHECK_TIME(dur("-2h45m"), -9900, 0);
  CHECK_TIME(dur("1h34us"), 3600, 34000);
  CHECK_TIME(dur("-23.4s"), -23, -400000000);
  CHECK_TIME(dur("300ms"), 0, 300000000);
  CHECK_TIME(dur("1.5ms"), 0, 1500000);
  CHECK_TIME(dur("1us"), 0, 1000);
  CHECK_TIME(dur("1\xC2\xB5s"), 0, 1000); /* micro sign */
  CHECK_TIME(dur("1\xCE\xBCs"), 0, 1000); /* greek mu */
  CHECK_TIME(dur("5ns"), 0, 5);
  CHECK_TIME(dur("0.5ns"), 0, 0);
  CHECK_TIME(dur(".5s"), 0, 500000000);
  CHECK_TIME(dur("5.s"), 5, 0);
  CHECK_TIME(dur("1h1h"), 7200, 0);
  CHECK_TIME(dur("2h45m30.5s"), 9930, 500000000);
  CHECK_TIME(dur("0.1m"), 6, 0);
  CHECK_TIME(dur("1.1h"), 3960, 0);
  CHECK_TIME(dur("1.000000001s"), 1, 1);
  CHECK_TIME(dur("0.0000000001s"), 0, 0);
  CHECK_TIME(dur("1.9999999999s"), 1, 999999999);
  /* exact, truncated: a third of an hour is 1199.999999999...s */
  CHECK_TIME(dur("0.333333333333333333333333h"), 1199, 999999999);
  CHECK_TIME(dur("1500000000ns"), 1, 500000000);
  CHECK_TIME(dur("123456789123456789us"), 123456789123, 456789000);
  CHECK_TIME(dur("18446744073709551615ns"), 18446744073LL, 709551615);
  CHECK_TIME(dur("87660000h"), LV_DURATION_MAX_SEC, 0);
  CHECK_TIME(dur("-87660000h"), -LV_DURATION_MAX_SEC, 0);
  CHECK_TIME(dur("315576000000.999999999s"), LV_DURATION_MAX_SEC, 999999999);
  CHECK_TIME(dur("315576000000.9999999999999s"), LV_DURATION_MAX_SEC, 999999999);
  CHECK_TIME(dur("5259600000m"), LV_DURATION_MAX_SEC, 0);

  DUR_ERR("", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("-", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("+", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("s", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR(".s", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("--1s", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("1s.", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("1s..5s", LV_E_INVALID_ARG, "invalid duration: expected a number");
  DUR_ERR("1", LV_E_INVALID_ARG, "invalid duration: missing unit (h, m, s, ms, us, ns)");
  DUR_ERR("00", LV_E_INVALID_ARG, "invalid duration: missing unit (h, m, s, ms, us, ns)");
  DUR_ERR("1.5", LV_E_INVALID_ARG, "invalid duration: missing unit (h, m, s, ms, us, ns)");
  DUR_ERR("1h2", LV_E_INVALID_ARG, "invalid duration: missing unit (h, m, s, ms, us, ns)");
  DUR_ERR("1.2.3s", LV_E_INVALID_ARG, "invalid duration: missing unit (h, m, s, ms, us, ns)");
  DUR_ERR("1x", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1d", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1S", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1 s", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1s ", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1h-2m", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1e3s", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1\xC2s", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("1\xC2\xB5", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  /* a syntax error wins over a range error in the same string */
  DUR_ERR("99999999999999999999999h1x", LV_E_INVALID_ARG, "invalid duration: unknown unit (h, m, s, ms, us, ns)");
  DUR_ERR("315576000001s", LV_E_RANGE, "duration out of range");
  DUR_ERR("-315576000001s", LV_E_RANGE, "duration out of range");
  DUR_ERR("87660001h", LV_E_RANGE, "duration out of range");
  DUR_ERR("87660000h1s", LV_E_RANGE, "duration out of range");
  CHECK_TIME(dur("315575999999.5s0.5s"), LV_DURATION_MAX_SEC, 0);
  DUR_ERR("99999999999999999999s", LV_E_RANGE, "duration out of range");
  DUR_ERR("9223372036854775807h", LV_E_RANGE, "duration out of range");
  DUR_ERR("5124095576030431h5124095576030431h5124095576030431h", LV_E_RANGE, "duration out of range");
  DUR_ERR("16s5124095576030431h", LV_E_RANGE, "duration out of range"); /* sums past UINT64_MAX */
  DUR_ERR("5124095576030431.999h", LV_E_RANGE, "duration out of range");

  lv_time t;
  CHECK_ERR(lv_duration_parse(&cx, &t, "1 fortnight", 11), LV_E_INVALID_ARG,
            "invalid duration \"1 fortnight\": unknown unit (h, m, s, ms, us, ns)");
  CHECK_ERR(lv_duration_parse(&cx, &t, "320000000000s", 13), LV_E_RANGE,
            "duration \"320000000000s\" out of range");
}

static void test_duration_format(void) {
  CHECK_STR(dur_str(0, 0), "0s");
  CHECK_STR(dur_str(1, 500000000), "1.5s");
  CHECK_STR(dur_str(0, -500000000), "-0.5s");
  CHECK_STR(dur_str(-1, -500000000), "-1.5s");
  CHECK_STR(dur_str(0, -1), "-0.000000001s");
  CHECK_STR(dur_str(1, 10), "1.00000001s");
  CHECK_STR(dur_str(3600, 0), "3600s");
  CHECK_STR(dur_str(-3600, 0), "-3600s");
  CHECK_STR(dur_str(0, 120000), "0.00012s");
  CHECK_STR(dur_str(LV_DURATION_MAX_SEC, 999999999), "315576000000.999999999s");
  CHECK_STR(dur_str(-LV_DURATION_MAX_SEC, -999999999), "-315576000000.999999999s");
  CHECK_STR(dur_str(INT64_MIN, -999999999), "-9223372036854775808.999999999s");
  CHECK_STR(dur_str(INT64_MAX, 999999999), "9223372036854775807.999999999s");
  const char *p = NULL;
  size_t len = 0;
  CHECK(lv_duration_to_string(&cx, &p, &len, -1, -500000000) == NULL);
  CHECK_SPAN(p, len, "-1.5s");
  CHECK_ERR(lv_duration_to_string(NULL, &p, &len, 0, 0), LV_E_RESOURCE, "resource limit exceeded");
}

static void test_duration_arithmetic(void) {
  int64_t s = 5;
  int32_t n = 5;
  /* nanos carry and take the sign of the seconds */
  CHECK(lv_duration_add(NULL, &s, &n, 1, 500000000, 1, 600000000) == NULL);
  CHECK_TIME(((lv_time){s, n}), 3, 100000000);
  CHECK(lv_duration_add(NULL, &s, &n, -1, -500000000, -1, -600000000) == NULL);
  CHECK_TIME(((lv_time){s, n}), -3, -100000000);
  CHECK(lv_duration_add(NULL, &s, &n, 1, 0, 0, -1) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, 999999999);
  CHECK(lv_duration_add(NULL, &s, &n, -1, 0, 0, 1) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, -999999999);
  CHECK(lv_duration_sub(NULL, &s, &n, 0, 0, 0, 1) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, -1);
  CHECK(lv_duration_sub(NULL, &s, &n, 2, 100000000, 0, 200000000) == NULL);
  CHECK_TIME(((lv_time){s, n}), 1, 900000000);
  /* results must fit int64 nanoseconds: [-9223372036.854775808s, 9223372036.854775807s] */
  CHECK(lv_duration_add(NULL, &s, &n, 9223372036, 854775806, 0, 1) == NULL);
  CHECK_TIME(((lv_time){s, n}), 9223372036, 854775807);
  CHECK_ERR(lv_duration_add(NULL, &s, &n, 9223372036, 854775807, 0, 1), LV_E_RANGE, "duration out of range");
  CHECK(lv_duration_sub(NULL, &s, &n, -9223372036, -854775807, 0, 1) == NULL);
  CHECK_TIME(((lv_time){s, n}), -9223372036, -854775808);
  CHECK_ERR(lv_duration_sub(NULL, &s, &n, -9223372036, -854775808, 0, 1), LV_E_RANGE, "duration out of range");
  CHECK_ERR(lv_duration_add(NULL, &s, &n, 9223372037, 0, 0, 0), LV_E_RANGE, "duration out of range");
  /* operands beyond int64 nanoseconds are fine when the result is not */
  CHECK(lv_duration_add(NULL, &s, &n, 300000000000, 0, -299999999999, -500000000) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, 500000000);
  /* out-of-contract inputs never overflow */
  CHECK_ERR(lv_duration_add(NULL, &s, &n, INT64_MAX, 999999999, INT64_MAX, 999999999), LV_E_RANGE,
            "duration out of range");
  CHECK_ERR(lv_duration_sub(NULL, &s, &n, INT64_MIN, 0, 1, 0), LV_E_RANGE, "duration out of range");
  CHECK_ERR(lv_duration_add(NULL, &s, &n, INT64_MAX, INT32_MAX, 0, INT32_MAX), LV_E_RANGE, "duration out of range");
  CHECK_ERR(lv_duration_add(NULL, &s, &n, INT64_MIN, INT32_MIN, 0, INT32_MIN), LV_E_RANGE, "duration out of range");
  /* negation is exact over the whole (symmetric) range */
  CHECK(lv_duration_neg(NULL, &s, &n, LV_DURATION_MAX_SEC, 999999999) == NULL);
  CHECK_TIME(((lv_time){s, n}), -LV_DURATION_MAX_SEC, -999999999);
  CHECK(lv_duration_neg(NULL, &s, &n, 0, 5) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, -5);
  CHECK(lv_duration_neg(NULL, &s, &n, 0, 0) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, 0);
  CHECK_ERR(lv_duration_neg(NULL, &s, &n, INT64_MIN, 0), LV_E_RANGE, "duration out of range");
  CHECK_ERR(lv_duration_neg(NULL, &s, &n, LV_DURATION_MAX_SEC + 1, 0), LV_E_RANGE, "duration out of range");
  CHECK(lv_duration_neg(NULL, &s, &n, 0, INT32_MIN) == NULL); /* garbage nanos: normalized, no overflow */
  CHECK_TIME(((lv_time){s, n}), 2, 147483648);
}

static void test_timestamp_arithmetic(void) {
  int64_t s = 5;
  int32_t n = 5;
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, 1, 0, 0, -1) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, 999999999);
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, 0, 999999999, 0, 999999999) == NULL);
  CHECK_TIME(((lv_time){s, n}), 1, 999999998);
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, 10, 0, -1, -500000000) == NULL);
  CHECK_TIME(((lv_time){s, n}), 8, 500000000);
  CHECK(lv_timestamp_sub_duration(NULL, &s, &n, 10, 0, -1, -500000000) == NULL);
  CHECK_TIME(((lv_time){s, n}), 11, 500000000);
  CHECK(lv_timestamp_sub_duration(NULL, &s, &n, LV_TIMESTAMP_MIN_SEC, 5, 0, 5) == NULL);
  CHECK_TIME(((lv_time){s, n}), LV_TIMESTAMP_MIN_SEC, 0);
  CHECK_ERR(lv_timestamp_sub_duration(NULL, &s, &n, LV_TIMESTAMP_MIN_SEC, 5, 0, 6), LV_E_RANGE,
            "timestamp out of range");
  CHECK_ERR(lv_timestamp_sub_duration(NULL, &s, &n, LV_TIMESTAMP_MAX_SEC, 0, -1, 0), LV_E_RANGE,
            "timestamp out of range");
  /* a whole protobuf-range duration: fine when the result is in range */
  CHECK(lv_timestamp_add_duration(NULL, &s, &n, LV_TIMESTAMP_MIN_SEC, 0, 315537897599, 999999999) == NULL);
  CHECK_TIME(((lv_time){s, n}), LV_TIMESTAMP_MAX_SEC, 999999999);
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, 0, 0, LV_DURATION_MAX_SEC, 0), LV_E_RANGE,
            "timestamp out of range");
  /* out-of-contract inputs never overflow */
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, LV_TIMESTAMP_MAX_SEC, 0, INT64_MAX, 0), LV_E_RANGE,
            "timestamp out of range");
  CHECK_ERR(lv_timestamp_sub_duration(NULL, &s, &n, 0, 0, INT64_MIN, 0), LV_E_RANGE, "timestamp out of range");
  CHECK_ERR(lv_timestamp_add_duration(NULL, &s, &n, INT64_MAX, INT32_MAX, 0, INT32_MAX), LV_E_RANGE,
            "timestamp out of range");
  CHECK_ERR(lv_timestamp_sub_duration(NULL, &s, &n, INT64_MIN, 0, 0, INT32_MIN), LV_E_RANGE,
            "timestamp out of range");
  CHECK_ERR(lv_timestamp_sub_timestamp(NULL, &s, &n, INT64_MAX, 0, INT64_MIN, 0), LV_E_RANGE,
            "duration out of range");
  /* t - t: the largest differences that fit int64 nanoseconds */
  int64_t b = LV_TIMESTAMP_MIN_SEC;
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, b + 9223372036, 854775807, b, 0) == NULL);
  CHECK_TIME(((lv_time){s, n}), 9223372036, 854775807);
  CHECK_ERR(lv_timestamp_sub_timestamp(NULL, &s, &n, b + 9223372036, 854775808, b, 0), LV_E_RANGE,
            "duration out of range");
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, b, 0, b + 9223372036, 854775808) == NULL);
  CHECK_TIME(((lv_time){s, n}), -9223372036, -854775808);
  CHECK_ERR(lv_timestamp_sub_timestamp(NULL, &s, &n, b, 0, b + 9223372036, 854775809), LV_E_RANGE,
            "duration out of range");
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, 5, 100, 5, 200) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, -100);
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, 6, 100, 5, 200) == NULL);
  CHECK_TIME(((lv_time){s, n}), 0, 999999900);
  CHECK(lv_timestamp_sub_timestamp(NULL, &s, &n, 5, 200, 7, 100) == NULL);
  CHECK_TIME(((lv_time){s, n}), -1, -999999900);
}

static void test_conversions(void) {
  int64_t s = 5, v = 5;
  int32_t n = 5;
  CHECK(lv_timestamp_from_int(NULL, &s, &n, LV_TIMESTAMP_MIN_SEC) == NULL);
  CHECK_TIME(((lv_time){s, n}), LV_TIMESTAMP_MIN_SEC, 0);
  CHECK(lv_timestamp_from_int(NULL, &s, &n, LV_TIMESTAMP_MAX_SEC) == NULL);
  CHECK_TIME(((lv_time){s, n}), LV_TIMESTAMP_MAX_SEC, 0);
  CHECK_ERR(lv_timestamp_from_int(NULL, &s, &n, INT64_MIN), LV_E_RANGE, "timestamp out of range");
  CHECK_INT(lv_timestamp_to_int(-1, 500000000), -1); /* floor */
  CHECK_INT(lv_timestamp_to_int(LV_TIMESTAMP_MAX_SEC, 999999999), LV_TIMESTAMP_MAX_SEC);

  CHECK(lv_duration_to_int(NULL, &v, 1, 500000000) == NULL);
  CHECK_INT(v, 1500000000);
  CHECK(lv_duration_to_int(NULL, &v, -1, -500000000) == NULL);
  CHECK_INT(v, -1500000000);
  CHECK(lv_duration_to_int(NULL, &v, 9223372036, 854775807) == NULL);
  CHECK_INT(v, INT64_MAX);
  CHECK(lv_duration_to_int(NULL, &v, -9223372036, -854775808) == NULL);
  CHECK_INT(v, INT64_MIN);
  v = 5;
  CHECK_ERR(lv_duration_to_int(NULL, &v, 9223372036, 854775808), LV_E_OVERFLOW,
            "integer overflow: duration beyond int64 nanoseconds");
  CHECK_ERR(lv_duration_to_int(NULL, &v, -9223372036, -854775809), LV_E_OVERFLOW,
            "integer overflow: duration beyond int64 nanoseconds");
  CHECK_ERR(lv_duration_to_int(NULL, &v, LV_DURATION_MAX_SEC, 0), LV_E_OVERFLOW,
            "integer overflow: duration beyond int64 nanoseconds");
  CHECK_INT(v, 5);

  lv_duration_from_int(&s, &n, 1500000000);
  CHECK_TIME(((lv_time){s, n}), 1, 500000000);
  lv_duration_from_int(&s, &n, -1);
  CHECK_TIME(((lv_time){s, n}), 0, -1);
  lv_duration_from_int(&s, &n, INT64_MIN);
  CHECK_TIME(((lv_time){s, n}), -9223372036, -854775808);
  lv_duration_from_int(&s, &n, INT64_MAX);
  CHECK_TIME(((lv_time){s, n}), 9223372036, 854775807);
  CHECK(lv_duration_to_int(NULL, &v, s, n) == NULL);
  CHECK_INT(v, INT64_MAX);
}

/* --- accessors -------------------------------------------------------------------- */

static void test_accessors(void) {
  /* the ends of the range */
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_DAY_OF_WEEK, NULL), 1); /* a Monday */
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_FULL_YEAR, NULL), 1);
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_DAY_OF_YEAR, NULL), 0);
  CHECK_INT(get("9999-12-31T23:59:59.999999999Z", LV_TP_DAY_OF_WEEK, NULL), 5);
  CHECK_INT(get("9999-12-31T23:59:59.999999999Z", LV_TP_DAY_OF_YEAR, NULL), 364);
  CHECK_INT(get("9999-12-31T23:59:59.999999999Z", LV_TP_MILLISECONDS, NULL), 999);
  CHECK_INT(get("9999-12-31T23:59:59.999999999Z", LV_TP_FULL_YEAR, "+14:00"), 10000);
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_FULL_YEAR, "-08:00"), 0); /* local time may leave it */
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_MONTH, "-08:00"), 11);
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_DATE, "-08:00"), 31);
  CHECK_INT(get("0001-01-01T00:00:00Z", LV_TP_HOURS, "-08:00"), 16);
  CHECK_INT(get("2024-12-31T12:00:00Z", LV_TP_DAY_OF_YEAR, NULL), 365);
  CHECK_INT(get("2024-12-31T12:00:00Z", LV_TP_DAY_OF_WEEK, NULL), 2);
  CHECK_INT(get("1969-12-31T23:59:59.999Z", LV_TP_DAY_OF_WEEK, NULL), 3);
  CHECK_INT(get("1969-12-31T23:59:59.999Z", LV_TP_SECONDS, NULL), 59);
  CHECK_INT(get("1969-12-31T23:59:59.999Z", LV_TP_MILLISECONDS, NULL), 999);
  CHECK_INT(get("2023-06-15T12:34:56.789Z", LV_TP_MILLISECONDS, "Asia/Kathmandu"), 789);
  CHECK_INT(get("2023-06-15T12:34:56.789Z", LV_TP_MINUTES, "Asia/Kathmandu"), 19);
  CHECK_INT(get("2023-06-15T12:34:56.789Z", LV_TP_HOURS, "Asia/Kathmandu"), 18);
  CHECK_INT(get("2023-06-15T12:34:56Z", LV_TP_HOURS, "05:30"), 18);
  CHECK_INT(get("2023-06-15T12:34:56Z", LV_TP_MINUTES, "05:30"), 4);

  int64_t out = 77;
  lv_time t = ts("2023-06-15T12:34:56Z");
  CHECK_ERR(lv_timestamp_get(NULL, &out, t.sec, t.nanos, -1, NULL, 0), LV_E_INVALID_ARG, "invalid time accessor");
  CHECK_ERR(lv_timestamp_get(NULL, &out, t.sec, t.nanos, LV_TP_MILLISECONDS + 1, NULL, 0), LV_E_INVALID_ARG,
            "invalid time accessor");
  CHECK_INT(out, 77);
  CHECK_INT(lv_timestamp_get_in(t.sec, t.nanos, 42, NULL), 0);
  CHECK_INT(lv_timestamp_get_in(t.sec, t.nanos, LV_TP_HOURS, lv_tz_find("Asia/Tokyo", 10)), 21);
  /* out-of-contract seconds: defined answers, no overflow */
  CHECK(lv_timestamp_get(NULL, &out, INT64_MAX, 0, LV_TP_FULL_YEAR, "+14:00", 6) == NULL);
  CHECK(lv_timestamp_get(NULL, &out, INT64_MIN, 0, LV_TP_DAY_OF_YEAR, "-14:00", 6) == NULL);
  CHECK(lv_timestamp_get(NULL, &out, INT64_MIN, 0, LV_TP_HOURS, "America/New_York", 16) == NULL);
  CHECK(lv_timestamp_get(NULL, &out, INT64_MAX, 0, LV_TP_HOURS, "Europe/Berlin", 13) == NULL);

  /* durations */
  lv_time d = dur("90m");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_HOURS), 1);
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_MINUTES), 90);
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_SECONDS), 5400);
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_MILLISECONDS), 0);
  d = dur("3h");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_HOURS), 3);
  d = dur("1h30m");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_MINUTES), 90);
  d = dur("1m30s");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_SECONDS), 90);
  d = dur("1.234s");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_MILLISECONDS), 234);
  d = dur("-1.5s");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_MILLISECONDS), -500);
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_SECONDS), -1);
  d = dur("-59m59.9s");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_HOURS), 0);
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_MINUTES), -59);
  d = dur("-61m");
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_HOURS), -1);
  CHECK_INT(lv_duration_get(d.sec, d.nanos, LV_TP_DATE), 0);
}

/* --- time zones -------------------------------------------------------------------- */

static void test_zone_names(void) {
  const lv_tz *berlin = lv_tz_find("Europe/Berlin", 13);
  CHECK(berlin != NULL);
  CHECK(lv_tz_find("Europe/Berlin", 13) == berlin); /* cached */
  CHECK(lv_tz_find("Europe/Berlin!", 13) == berlin); /* the span decides, not a NUL */
  CHECK(lv_tz_find("UTC", 3) != NULL);
  CHECK(lv_tz_find("+00:00", 6) == lv_tz_find("UTC", 3));
  CHECK(lv_tz_find("-00:00", 6) == lv_tz_find("UTC", 3));
  CHECK(lv_tz_find("05:30", 5) == lv_tz_find("+05:30", 6));
  CHECK(lv_tz_find("05:30", 5) != lv_tz_find("-05:30", 6));
  CHECK_INT(offset_in("+05:30", 0), 19800);
  CHECK_INT(offset_in("-08:00", 0), -28800);
  CHECK_INT(offset_in("23:59", 0), 86340);
  CHECK_INT(offset_in("-23:59", 0), -86340);
  CHECK_INT(offset_in("UTC", 1234567890), 0);
  CHECK_INT(offset_in("Etc/UTC", 1234567890), 0);
  CHECK_INT(offset_in("Etc/GMT+5", 1234567890), -18000); /* POSIX sign: GMT+5 is UTC-5 */
  CHECK_INT(offset_in("posix/Europe/Berlin", 1234567890), 3600);
  CHECK_INT(offset_in("America/Port-au-Prince", 1234567890), -18000);
  CHECK(lv_tz_offset(NULL, 123) == 0);

  const char *bad[] = {
      "", "Mars/Base", "../etc/passwd", "/etc/passwd", "/usr/share/zoneinfo/UTC", "Europe/../UTC",
      "./UTC", "America//New_York", "America/New_York/", "/UTC", "America", "Europe/Berlin ",
      "utc", "Local", "localtime", "zone.tab", "leapseconds", "right/UTC", "Europe\\Berlin",
      "+24:00", "+05:60", "5:30", "+5:30", "+05:3", "+0530", "05:30:00", "+05:30 ", "UTC+1", "Z",
      "America/New_York\n", "%2e%2e/etc/passwd", "~root",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (lv_tz_find(bad[i], strlen(bad[i])) != NULL) {
      fprintf(stderr, "zone name \"%s\" was accepted\n", bad[i]);
      CHECK(0);
    }
  }
  CHECK(lv_tz_find("Europe/Berlin\0x", 15) == NULL);
  CHECK(lv_tz_find(NULL, 0) == NULL);
  char longname[300];
  memset(longname, 'a', sizeof longname);
  CHECK(lv_tz_find(longname, sizeof longname) == NULL);
  CHECK(lv_tz_find(longname, 255) == NULL); /* valid shape, no such file */

  int64_t out = 77;
  CHECK_ERR(lv_timestamp_get(NULL, &out, 0, 0, LV_TP_HOURS, "Mars/Base", 9), LV_E_INVALID_ARG,
            "unknown time zone");
  CHECK_ERR(lv_timestamp_get(&cx, &out, 0, 0, LV_TP_HOURS, "Mars/Base", 9), LV_E_INVALID_ARG,
            "unknown time zone \"Mars/Base\"");
  CHECK_ERR(lv_timestamp_get(&cx, &out, 0, 0, LV_TP_HOURS, "../etc/passwd", 13), LV_E_INVALID_ARG,
            "unknown time zone \"../etc/passwd\"");
  CHECK_ERR(lv_timestamp_get(&cx, &out, 0, 0, LV_TP_HOURS, "", 0), LV_E_INVALID_ARG, "unknown time zone \"\"");
  CHECK_ERR(lv_timestamp_get(&cx, &out, 0, 0, LV_TP_HOURS, "bad\"\n", 5), LV_E_INVALID_ARG,
            "unknown time zone \"bad??\"");
  CHECK_INT(out, 77);
}

static void test_dst(void) {
  /* America/New_York 2023: EDT from 2023-03-12T07:00:00Z to 2023-11-05T06:00:00Z */
  CHECK_INT(offset_in("America/New_York", 1678604400 - 1), -18000);
  CHECK_INT(offset_in("America/New_York", 1678604400), -14400);
  CHECK_INT(offset_in("America/New_York", 1699164000 - 1), -14400);
  CHECK_INT(offset_in("America/New_York", 1699164000), -18000);
  CHECK_INT(get("2023-03-12T06:59:59Z", LV_TP_HOURS, "America/New_York"), 1);
  CHECK_INT(get("2023-03-12T07:00:00Z", LV_TP_HOURS, "America/New_York"), 3); /* 02:xx never happens */
  CHECK_INT(get("2023-11-05T05:59:59Z", LV_TP_HOURS, "America/New_York"), 1);
  CHECK_INT(get("2023-11-05T06:00:00Z", LV_TP_HOURS, "America/New_York"), 1); /* 01:xx happens twice */
  CHECK_INT(get("2023-11-05T05:59:59Z", LV_TP_MINUTES, "America/New_York"), 59);
  /* Europe/Berlin 2023: CEST from 2023-03-26T01:00:00Z to 2023-10-29T01:00:00Z */
  CHECK_INT(offset_in("Europe/Berlin", 1679792400 - 1), 3600);
  CHECK_INT(offset_in("Europe/Berlin", 1679792400), 7200);
  CHECK_INT(offset_in("Europe/Berlin", 1698541200 - 1), 7200);
  CHECK_INT(offset_in("Europe/Berlin", 1698541200), 3600);
  CHECK_INT(get("2023-03-26T00:59:59Z", LV_TP_HOURS, "Europe/Berlin"), 1);
  CHECK_INT(get("2023-03-26T01:00:00Z", LV_TP_HOURS, "Europe/Berlin"), 3);
  CHECK_INT(get("2023-10-29T00:59:59Z", LV_TP_HOURS, "Europe/Berlin"), 2);
  CHECK_INT(get("2023-10-29T01:00:00Z", LV_TP_HOURS, "Europe/Berlin"), 2);
  /* history before the footer: Berlin had no DST in 1960, double summer time in 1947 */
  CHECK_INT(get("1960-07-01T12:00:00Z", LV_TP_HOURS, "Europe/Berlin"), 13);
  CHECK_INT(get("1947-06-01T12:00:00Z", LV_TP_HOURS, "Europe/Berlin"), 15);
  /* before the first transition: local mean time (LMT +0:53:28 in Berlin) */
  CHECK_INT(offset_in("Europe/Berlin", -5000000000), 3208);
  CHECK_INT(offset_in("America/New_York", LV_TIMESTAMP_MIN_SEC), -17762);
  /* Australia/Sydney (southern hemisphere): AEDT ends 2023-04-01T16:00Z, starts 2023-09-30T16:00Z */
  CHECK_INT(offset_in("Australia/Sydney", 1680364800 - 1), 39600);
  CHECK_INT(offset_in("Australia/Sydney", 1680364800), 36000);
  CHECK_INT(offset_in("Australia/Sydney", 1696089600 - 1), 36000);
  CHECK_INT(offset_in("Australia/Sydney", 1696089600), 39600);
  /* America/Los_Angeles in 2090: past the file's transitions, so from the
   * footer PST8PDT,M3.2.0,M11.1.0: PDT from 2090-03-12T10:00Z to 2090-11-05T09:00Z */
  CHECK_INT(offset_in("America/Los_Angeles", 3792996000 - 1), -28800);
  CHECK_INT(offset_in("America/Los_Angeles", 3792996000), -25200);
  CHECK_INT(offset_in("America/Los_Angeles", 3813555600 - 1), -25200);
  CHECK_INT(offset_in("America/Los_Angeles", 3813555600), -28800);
  CHECK_INT(get("2090-07-01T12:00:00Z", LV_TP_HOURS, "America/Los_Angeles"), 5);
  CHECK_INT(get("2090-01-01T12:00:00Z", LV_TP_HOURS, "America/Los_Angeles"), 4);
  CHECK_INT(get("2090-03-12T10:00:00Z", LV_TP_HOURS, "America/Los_Angeles"), 3);
  CHECK_INT(get("9999-07-01T12:00:00Z", LV_TP_HOURS, "America/Los_Angeles"), 5);
  CHECK_INT(get("9999-12-31T23:59:59Z", LV_TP_FULL_YEAR, "America/Los_Angeles"), 9999);
  CHECK_INT(get("9999-12-31T23:59:59Z", LV_TP_HOURS, "America/Los_Angeles"), 15);
  /* zones whose footer has no DST */
  CHECK_INT(get("2090-07-01T12:00:00Z", LV_TP_MINUTES, "Asia/Kathmandu"), 45);
  CHECK_INT(get("2090-07-01T12:00:00Z", LV_TP_HOURS, "Asia/Tokyo"), 21);
}

/* --- POSIX TZ rules and TZif data -------------------------------------------------- */

static int32_t posix_off(const char *rule, int64_t sec) {
  lv_tz *z = lv_tz_from_posix(rule, strlen(rule));
  CHECK(z != NULL);
  if (!z) return -1;
  int32_t off = lv_tz_offset(z, sec);
  lv_tz_free(z);
  return off;
}

static void test_posix_rules(void) {
  const char *cet = "CET-1CEST,M3.5.0,M10.5.0/3";
  CHECK_INT(posix_off(cet, 1679792400 - 1), 3600);
  CHECK_INT(posix_off(cet, 1679792400), 7200);
  CHECK_INT(posix_off(cet, 1698541200 - 1), 7200);
  CHECK_INT(posix_off(cet, 1698541200), 3600);
  /* no rule given: the US rules */
  CHECK_INT(posix_off("EST5EDT", 1678604400 - 1), -18000);
  CHECK_INT(posix_off("EST5EDT", 1678604400), -14400);
  CHECK_INT(posix_off("EST5EDT4", 1678604400), -14400);
  CHECK_INT(posix_off("EST5EDT3", 1678604400), -10800);
  /* southern hemisphere */
  const char *syd = "AEST-10AEDT,M10.1.0,M4.1.0/3";
  CHECK_INT(posix_off(syd, 1680364800 - 1), 39600);
  CHECK_INT(posix_off(syd, 1680364800), 36000);
  CHECK_INT(posix_off(syd, 1696089600 - 1), 36000);
  CHECK_INT(posix_off(syd, 1696089600), 39600);
  CHECK_INT(posix_off(syd, 1704067200), 39600); /* 2024-01-01 */
  /* all-year DST (RFC 8536 example) */
  const char *allyear = "EST5EDT,0/0,J365/25";
  CHECK_INT(posix_off(allyear, 1704067200), -14400);     /* 2024-01-01T00:00Z */
  CHECK_INT(posix_off(allyear, 1704085200), -14400);     /* 2024-01-01T05:00Z: local new year */
  CHECK_INT(posix_off(allyear, 1704085200 - 1), -14400);
  CHECK_INT(posix_off(allyear, 1719835200), -14400);     /* 2024-07-01 */
  CHECK_INT(posix_off(allyear, 1735689599), -14400);     /* 2024-12-31T23:59:59Z */
  /* J counts no Feb 29 (J60 is March 1st), plain n counts it (59 is Feb 29 in 2024) */
  CHECK_INT(posix_off("AAA0BBB,J60/0,J300/0", 1709251200 - 1), 0);
  CHECK_INT(posix_off("AAA0BBB,J60/0,J300/0", 1709251200), 3600);
  CHECK_INT(posix_off("AAA0BBB,59/0,300/0", 1709164800 - 1), 0);
  CHECK_INT(posix_off("AAA0BBB,59/0,300/0", 1709164800), 3600);
  CHECK_INT(posix_off("AAA0BBB,59/0,300/0", 1677628800 - 1), 0); /* 2023: day 59 is March 1st */
  CHECK_INT(posix_off("AAA0BBB,59/0,300/0", 1677628800), 3600);
  /* RFC 8536 extension: transition hours -167..167 */
  CHECK_INT(posix_off("EST5EDT,M3.2.0/167,M11.1.0", 1679198400 - 1), -18000);
  CHECK_INT(posix_off("EST5EDT,M3.2.0/167,M11.1.0", 1679198400), -14400);
  CHECK_INT(posix_off("EST5EDT,M3.2.0/-1,M11.1.0", 1678593600 - 1), -18000);
  CHECK_INT(posix_off("EST5EDT,M3.2.0/-1,M11.1.0", 1678593600), -14400);
  /* quoted names, minutes and seconds in offsets */
  CHECK_INT(posix_off("<+0545>-5:45", 0), 20700);
  CHECK_INT(posix_off("<-03>3", 0), -10800);
  CHECK_INT(posix_off("NST3:30NDT,M3.2.0,M11.1.0", 1234567890), -12600);
  CHECK_INT(posix_off("LMT-0:53:28", 0), 3208);
  CHECK_INT(posix_off("XXX+1", 0), -3600);
  /* the fifth week means the last one: M2.5.0 in 2024 is Feb 25 (Feb 29 is a Thursday) */
  CHECK_INT(posix_off("AAA0BBB,M2.5.0/0,M9.1.0", 1708819200 - 1), 0);
  CHECK_INT(posix_off("AAA0BBB,M2.5.0/0,M9.1.0", 1708819200), 3600);

  const char *bad[] = {
      "", "CE", "CET", "CET-", "1", "CET-1CEST,", "CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,",
      "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M0.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
      "CET-1CEST,M3.0.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,J366,J1",
      "CET-1CEST,366,1", "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,M3.5.0/1:60,M10.5.0", "CET-25",
      "CET-1:60", "CET-1:00:60", "<AB>1", "<A:B>1", "<ABC1", "CET-1CEST,M3.5.0,M10.5.0x",
      "CET-1CEST,M3.5.0,M10.5.0,", "CET-1CE", "CET-1CEST-", "CET-1 CEST", "CET-1CEST,M3.5,M10.5.0",
      "C3T-1",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    lv_tz *z = lv_tz_from_posix(bad[i], strlen(bad[i]));
    if (z) fprintf(stderr, "POSIX TZ \"%s\" was accepted\n", bad[i]);
    CHECK(z == NULL);
    lv_tz_free(z);
  }
  CHECK(lv_tz_from_posix(NULL, 0) == NULL);
}

/* Builds TZif data: version 0 ('\0') writes 32-bit data only; versions '2'+
 * a minimal v1 block, the 64-bit block and "\n" footer "\n". */
typedef struct tzif_spec {
  char version;
  uint32_t ntrans;
  const int64_t *trans;
  const uint8_t *idx;
  uint32_t ntypes;
  const int32_t *utoff;
  const uint8_t *isdst;
  uint32_t leapcnt;
  const char *footer;
} tzif_spec;

static void put32(uint8_t **p, uint32_t v) {
  (*p)[0] = (uint8_t)(v >> 24), (*p)[1] = (uint8_t)(v >> 16), (*p)[2] = (uint8_t)(v >> 8), (*p)[3] = (uint8_t)v;
  *p += 4;
}

static void put_header(uint8_t **p, char version, uint32_t timecnt, uint32_t typecnt, uint32_t leapcnt,
                       uint32_t charcnt) {
  memcpy(*p, "TZif", 4);
  (*p)[4] = (uint8_t)version;
  memset(*p + 5, 0, 15);
  *p += 20;
  put32(p, 0), put32(p, 0), put32(p, leapcnt), put32(p, timecnt), put32(p, typecnt), put32(p, charcnt);
}

static void put_block(uint8_t **p, const tzif_spec *s, int tsize) {
  for (uint32_t k = 0; k < s->ntrans; k++) {
    if (tsize == 8) put32(p, (uint32_t)((uint64_t)s->trans[k] >> 32));
    put32(p, (uint32_t)s->trans[k]);
  }
  for (uint32_t k = 0; k < s->ntrans; k++) *(*p)++ = s->idx[k];
  for (uint32_t k = 0; k < s->ntypes; k++) {
    put32(p, (uint32_t)s->utoff[k]);
    *(*p)++ = s->isdst ? s->isdst[k] : 0;
    *(*p)++ = 0;
  }
  memcpy(*p, "XX", 3); /* charcnt 3 */
  *p += 3;
  for (uint32_t k = 0; k < s->leapcnt; k++) {
    if (tsize == 8) put32(p, 0);
    put32(p, 1000 + k), put32(p, k + 1);
  }
}

static size_t build_tzif(uint8_t *buf, const tzif_spec *s) {
  uint8_t *p = buf;
  if (s->version == 0) {
    put_header(&p, 0, s->ntrans, s->ntypes, s->leapcnt, 3);
    put_block(&p, s, 4);
    return (size_t)(p - buf);
  }
  /* v1 block with one type, as zic -b slim writes it */
  put_header(&p, s->version, 0, 1, 0, 3);
  put32(&p, 0), *p++ = 0, *p++ = 0;
  memcpy(p, "XX", 3), p += 3;
  put_header(&p, s->version, s->ntrans, s->ntypes, s->leapcnt, 3);
  put_block(&p, s, 8);
  *p++ = '\n';
  size_t fl = strlen(s->footer ? s->footer : "");
  memcpy(p, s->footer ? s->footer : "", fl);
  p += fl;
  *p++ = '\n';
  return (size_t)(p - buf);
}

static void test_tzif(void) {
  static uint8_t buf[4096];
  const int64_t trans[] = {-3000000000LL, 0, 1000000000};
  const uint8_t idx[] = {1, 2, 1};
  const int32_t utoff[] = {1234, 3600, 7200};
  const uint8_t isdst[] = {0, 0, 1};
  tzif_spec s = {'2', 3, trans, idx, 3, utoff, isdst, 0, "AAA-1BBB,M3.5.0,M10.5.0/3"};

  /* v2 with a footer: type 0 before, transitions, then the rule */
  size_t n = build_tzif(buf, &s);
  lv_tz *z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL);
  if (z) {
    CHECK_INT(lv_tz_offset(z, -3000000001LL), 1234);
    CHECK_INT(lv_tz_offset(z, -3000000000LL), 3600);
    CHECK_INT(lv_tz_offset(z, -1), 3600);
    CHECK_INT(lv_tz_offset(z, 0), 7200);
    CHECK_INT(lv_tz_offset(z, 999999999), 7200);
    CHECK_INT(lv_tz_offset(z, 1679792400 - 1), 3600); /* the footer from the last transition on */
    CHECK_INT(lv_tz_offset(z, 1679792400), 7200);
    lv_tz_free(z);
  }
  /* the same in versions 3 and 4 */
  s.version = '3';
  n = build_tzif(buf, &s);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL && lv_tz_offset(z, 1679792400) == 7200);
  lv_tz_free(z);
  s.version = '4';
  n = build_tzif(buf, &s);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL && lv_tz_offset(z, 1679792400) == 7200);
  lv_tz_free(z);
  /* empty or malformed footer: the last transition's type holds */
  s.version = '2';
  s.footer = "";
  n = build_tzif(buf, &s);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL && lv_tz_offset(z, 1679792400) == 3600);
  lv_tz_free(z);
  s.footer = "not a rule";
  n = build_tzif(buf, &s);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL && lv_tz_offset(z, 1679792400) == 3600);
  lv_tz_free(z);
  /* no transitions: the footer decides everything; without one, type 0 */
  tzif_spec only_rule = {'2', 0, NULL, NULL, 1, utoff, NULL, 0, "AAA-1BBB,M3.5.0,M10.5.0/3"};
  n = build_tzif(buf, &only_rule);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL && lv_tz_offset(z, -5015552000LL) == 3600 && lv_tz_offset(z, -5000000000LL) == 7200 &&
        lv_tz_offset(z, 1679792400) == 7200); /* 1811-01-24, 1811-07-23, 2023-03-26 */
  lv_tz_free(z);
  only_rule.footer = "";
  n = build_tzif(buf, &only_rule);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL && lv_tz_offset(z, 1679792400) == 1234);
  lv_tz_free(z);
  /* version 1: 32-bit times, no footer */
  tzif_spec v1 = {0, 3, trans, idx, 3, utoff, isdst, 0, NULL};
  const int64_t trans32[] = {-2000000000LL, 0, 1000000000};
  v1.trans = trans32;
  n = build_tzif(buf, &v1);
  z = lv_tz_from_tzif(buf, n);
  CHECK(z != NULL);
  if (z) {
    CHECK_INT(lv_tz_offset(z, -2000000001LL), 1234);
    CHECK_INT(lv_tz_offset(z, -2000000000LL), 3600);
    CHECK_INT(lv_tz_offset(z, 500), 7200);
    CHECK_INT(lv_tz_offset(z, 2000000000), 3600);
    lv_tz_free(z);
  }

  /* every truncation of valid data is rejected */
  s.footer = "AAA-1BBB,M3.5.0,M10.5.0/3";
  n = build_tzif(buf, &s);
  int accepted = 0;
  for (size_t cut = 0; cut < n; cut++) {
    z = lv_tz_from_tzif(buf, cut);
    accepted += z != NULL;
    lv_tz_free(z);
  }
  CHECK_INT(accepted, 0);
  size_t n1 = build_tzif(buf, &v1);
  for (size_t cut = 0; cut < n1; cut++) {
    z = lv_tz_from_tzif(buf, cut);
    accepted += z != NULL;
    lv_tz_free(z);
  }
  CHECK_INT(accepted, 0);
  CHECK(lv_tz_from_tzif(NULL, 10) == NULL);

  /* malformed headers and data */
  n = build_tzif(buf, &s);
  buf[0] = 'X';
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  n = build_tzif(buf, &s);
  buf[4] = '1';
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  n = build_tzif(buf, &s);
  buf[n - 1] = 'x'; /* footer without its closing newline */
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  const int64_t unsorted[] = {0, 0, 5};
  tzif_spec bad = s;
  bad.trans = unsorted;
  n = build_tzif(buf, &bad);
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  const uint8_t badidx[] = {1, 3, 1};
  bad = s;
  bad.idx = badidx;
  n = build_tzif(buf, &bad);
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  const int32_t badoff[] = {1234, 93600, 7200};
  bad = s;
  bad.utoff = badoff;
  n = build_tzif(buf, &bad);
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  const uint8_t baddst[] = {0, 2, 1};
  bad = s;
  bad.isdst = baddst;
  n = build_tzif(buf, &bad);
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  bad = s;
  bad.leapcnt = 1; /* leap-second zones are refused */
  n = build_tzif(buf, &bad);
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  bad = s;
  bad.ntypes = 0;
  bad.ntrans = 0;
  n = build_tzif(buf, &bad);
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
  /* a huge count must not be trusted */
  n = build_tzif(buf, &s);
  size_t second_header = 44 + 6 + 3;
  buf[second_header + 32] = 0xff; /* timecnt */
  CHECK(lv_tz_from_tzif(buf, n) == NULL);
}

/* --- civil dates -------------------------------------------------------------------- */

static void test_civil(void) {
  /* Walk every day from -9999-01-01 to 10000-12-31 with a naive calendar and
   * check both directions against it. */
  static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t y = -9999;
  unsigned m = 1, d = 1;
  int64_t z = lv_days_from_civil(y, m, d);
  CHECK_INT(z, -4371587); /* 719162 + 3652425 days before 0001-01-01 */
  long bad = 0;
  while (y <= 10000) {
    int64_t yy;
    unsigned mm, dd;
    lv_civil_from_days(z, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d || lv_days_from_civil(y, m, d) != z) {
      if (bad++ < 5) fprintf(stderr, "civil mismatch at %lld-%u-%u (day %lld)\n", (long long)y, m, d, (long long)z);
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    unsigned len = m == 2 && leap ? 29 : mdays[m - 1];
    z++;
    if (++d > len) {
      d = 1;
      if (++m > 12) m = 1, y++;
    }
  }
  CHECK_INT(bad, 0);
  CHECK_INT(lv_days_from_civil(1970, 1, 1), 0);
  CHECK_INT(lv_days_from_civil(1, 1, 1), -719162);
  CHECK_INT(lv_days_from_civil(9999, 12, 31), 2932896);
  CHECK_INT(lv_days_from_civil(2000, 2, 29), 11016);
  CHECK_INT(lv_days_from_civil(2023, 1, 32), lv_days_from_civil(2023, 2, 1)); /* d may run over */
  /* far out: exact inverses, no overflow */
  int64_t far[] = {(int64_t)1 << 39, -((int64_t)1 << 39), 1000000000000LL, -999999999999LL};
  for (size_t i = 0; i < sizeof far / sizeof far[0]; i++) {
    int64_t yy;
    unsigned mm, dd;
    int64_t days = lv_days_from_civil(far[i], 7, 15);
    lv_civil_from_days(days, &yy, &mm, &dd);
    CHECK(yy == far[i] && mm == 7 && dd == 15);
  }
  int64_t ey;
  unsigned em, ed;
  lv_civil_from_days(INT64_MIN, &ey, &em, &ed);
  CHECK(em >= 1 && em <= 12 && ed >= 1 && ed <= 31 && ey < -25000000000000000LL);
  lv_civil_from_days(INT64_MAX, &ey, &em, &ed);
  CHECK(em >= 1 && em <= 12 && ed >= 1 && ed <= 31 && ey > 25000000000000000LL);
}

/* --- round trips ------------------------------------------------------------------- */

static int32_t rnd_nanos(void) {
  switch (rnd() % 4) {
  case 0: return 0;
  case 1: return (int32_t)(rnd() % 1000) * 1000000;
  case 2: return (int32_t)(rnd() % 1000000) * 1000;
  default: return (int32_t)(rnd() % 1000000000);
  }
}

static void test_round_trips(void) {
  long bad = 0;
  for (int i = 0; i < 200000; i++) {
    /* timestamps: format, parse back; and written in a random offset */
    int64_t sec = rnd_range(LV_TIMESTAMP_MIN_SEC, LV_TIMESTAMP_MAX_SEC);
    int32_t nanos = rnd_nanos();
    char b[40], w[64];
    size_t n = lv_timestamp_format(b, sec, nanos);
    lv_time t = {0, 0};
    if (lv_timestamp_parse(NULL, &t, b, n) || t.sec != sec || t.nanos != nanos) {
      if (bad++ < 5) fprintf(stderr, "timestamp round trip failed: %s\n", b);
    }
    int32_t off = (int32_t)rnd_range(-1439, 1439) * 60;
    int64_t local = sec + off;
    if (local >= LV_TIMESTAMP_MIN_SEC && local <= LV_TIMESTAMP_MAX_SEC) {
      size_t k = lv_timestamp_format(w, local, nanos) - 1; /* drop the 'Z' */
      int32_t a = off < 0 ? -off : off;
      snprintf(w + k, sizeof w - k, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
      if (lv_timestamp_parse(NULL, &t, w, strlen(w)) || t.sec != sec || t.nanos != nanos) {
        if (bad++ < 5) fprintf(stderr, "timestamp with offset failed: %s\n", w);
      }
    }
    /* durations over the whole protobuf range */
    int64_t ds = rnd_range(-LV_DURATION_MAX_SEC, LV_DURATION_MAX_SEC);
    int32_t dn = rnd_nanos();
    if (ds < 0 || (ds == 0 && rnd() % 2)) dn = -dn;
    n = lv_duration_format(b, ds, dn);
    if (lv_duration_parse(NULL, &t, b, n) || t.sec != ds || t.nanos != dn) {
      if (bad++ < 5) fprintf(stderr, "duration round trip failed: %s\n", b);
    }
    /* d == (d + x) - x while everything fits int64 nanoseconds */
    int64_t xs = rnd_range(-4000000000LL, 4000000000LL), s1, s2;
    int32_t xn = xs < 0 ? -(int32_t)(rnd() % 1000000000) : (int32_t)(rnd() % 1000000000), n1, n2;
    int64_t ys = rnd_range(-4000000000LL, 4000000000LL);
    int32_t yn = ys < 0 ? -(int32_t)(rnd() % 1000000000) : (int32_t)(rnd() % 1000000000);
    if (lv_duration_add(NULL, &s1, &n1, xs, xn, ys, yn) || lv_duration_sub(NULL, &s2, &n2, s1, n1, ys, yn) ||
        s2 != xs || n2 != xn || (s1 > 0 && n1 < 0) || (s1 < 0 && n1 > 0)) {
      if (bad++ < 5) fprintf(stderr, "duration arithmetic failed\n");
    }
    /* t == (t + d) - d and (t + d) - t == d when in range */
    if (!lv_timestamp_add_duration(NULL, &s1, &n1, sec, nanos, xs, xn)) {
      if (lv_timestamp_sub_duration(NULL, &s2, &n2, s1, n1, xs, xn) || s2 != sec || n2 != nanos ||
          lv_timestamp_sub_timestamp(NULL, &s2, &n2, s1, n1, sec, nanos) || s2 != xs || n2 != xn ||
          n1 < 0 || n1 >= 1000000000) {
        if (bad++ < 5) fprintf(stderr, "timestamp arithmetic failed\n");
      }
    }
    /* int(duration) and duration(int) are inverses */
    int64_t ns = (int64_t)rnd();
    lv_duration_from_int(&s1, &n1, ns);
    int64_t back = 0;
    if (lv_duration_to_int(NULL, &back, s1, n1) || back != ns) {
      if (bad++ < 5) fprintf(stderr, "duration int round trip failed: %lld\n", (long long)ns);
    }
  }
  CHECK_INT(bad, 0);
}

/* --- threads and $TZDIR --------------------------------------------------------------- */

static const char *const thread_zones[] = {"Europe/Paris", "Asia/Kolkata", "America/Chicago", "Africa/Cairo",
                                           "+03:00", "-09:30", "Pacific/Auckland", "Europe/Lisbon"};
enum { NTHREADS = 4, NZ = sizeof thread_zones / sizeof thread_zones[0] };

static void *thread_main(void *arg) {
  const lv_tz **seen = arg;
  for (int round = 0; round < 200; round++)
    for (int k = 0; k < NZ; k++) {
      const lv_tz *z = lv_tz_find(thread_zones[k], strlen(thread_zones[k]));
      if (round == 0) seen[k] = z;
      else if (seen[k] != z) seen[k] = NULL;
    }
  return NULL;
}

static void test_threads(void) {
  pthread_t th[NTHREADS];
  const lv_tz *seen[NTHREADS][NZ];
  for (int i = 0; i < NTHREADS; i++) CHECK(pthread_create(&th[i], NULL, thread_main, seen[i]) == 0);
  for (int i = 0; i < NTHREADS; i++) pthread_join(th[i], NULL);
  for (int k = 0; k < NZ; k++) {
    CHECK(seen[0][k] != NULL);
    for (int i = 1; i < NTHREADS; i++) CHECK(seen[i][k] == seen[0][k]); /* one zone per name */
  }
}

/* Last: points $TZDIR at a scratch directory (cached zones stay valid). */
static void test_tzdir(void) {
  char dir[] = "/tmp/lv_test_time_XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK(0);
    return;
  }
  char path[256];
  snprintf(path, sizeof path, "%s/Levin", dir);
  CHECK(mkdir(path, 0700) == 0);
  static uint8_t buf[4096];
  const int64_t trans[] = {0};
  const uint8_t idx[] = {1};
  const int32_t utoff[] = {0, -16200};
  tzif_spec s = {'2', 1, trans, idx, 2, utoff, NULL, 0, "<-0430>4:30"};
  size_t n = build_tzif(buf, &s);
  snprintf(path, sizeof path, "%s/Levin/Test_Zone-1", dir);
  FILE *f = fopen(path, "wb");
  CHECK(f && fwrite(buf, 1, n, f) == n);
  if (f) fclose(f);
  snprintf(path, sizeof path, "%s/Levin/Text", dir);
  f = fopen(path, "w");
  CHECK(f && fputs("TZif2 but not really\n", f) >= 0);
  if (f) fclose(f);
  snprintf(path, sizeof path, "%s/Levin/Big", dir);
  f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    fwrite(buf, 1, n, f);
    CHECK(fseek(f, 2 << 20, SEEK_SET) == 0 && fputc('\n', f) == '\n');
    fclose(f);
  }
  snprintf(path, sizeof path, "%s/Levin/Fifo", dir);
  CHECK(mkfifo(path, 0600) == 0);

  const lv_tz *berlin = lv_tz_find("Europe/Berlin", 13);
  setenv("TZDIR", dir, 1);
  const lv_tz *z = lv_tz_find("Levin/Test_Zone-1", 17);
  CHECK(z != NULL);
  if (z) {
    CHECK_INT(lv_tz_offset(z, -1), 0);
    CHECK_INT(lv_tz_offset(z, 0), -16200);
    CHECK_INT(get("2030-01-01T00:00:00Z", LV_TP_HOURS, "Levin/Test_Zone-1"), 19);
  }
  CHECK(lv_tz_find("Levin/Text", 10) == NULL);
  CHECK(lv_tz_find("Levin/Big", 9) == NULL);
  CHECK(lv_tz_find("Levin/Fifo", 10) == NULL); /* must not block */
  CHECK(lv_tz_find("Levin", 5) == NULL);       /* a directory */
  CHECK(lv_tz_find("Europe/Berlin", 13) == berlin); /* from the cache */
  CHECK(lv_tz_find("Europe/Rome", 11) == NULL);     /* not in this TZDIR */
  unsetenv("TZDIR");
  CHECK(lv_tz_find("Europe/Rome", 11) != NULL);

  const char *files[] = {"Levin/Test_Zone-1", "Levin/Text", "Levin/Big", "Levin/Fifo"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/Levin", dir);
  rmdir(path);
  rmdir(dir);
}

int main(void) {
  lv_arena_init(&arena, 4096, 1 << 20);
  cx.arena = &arena;
  unsetenv("TZDIR"); /* the system database, whatever the caller's environment */

  test_conformance_conversions();
  test_conformance_selectors();
  test_conformance_block();
  test_conformance_equality_and_comparisons();
  test_conformance_arithmetic();
  test_conformance_ranges();
  test_timestamp_parse();
  test_timestamp_format();
  test_duration_parse();
  test_duration_format();
  test_duration_arithmetic();
  test_timestamp_arithmetic();
  test_conversions();
  test_accessors();
  test_zone_names();
  test_dst();
  test_posix_rules();
  test_tzif();
  test_civil();
  test_round_trips();
  test_threads();
  test_tzdir();

  lv_arena_free(&arena);
  return check_done();
}
