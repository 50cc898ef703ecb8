/* lv_time.h - timestamps, durations and time zones (CEL semantics).
 *
 * Timestamps are lv_time{sec since Unix epoch UTC, nanos in [0,1e9)} within
 * [0001-01-01T00:00:00Z, 9999-12-31T23:59:59.999999999Z]. Durations are
 * lv_time{sec, nanos} with nanos of the same sign as sec, |sec| <=
 * LV_DURATION_MAX_SEC (the protobuf range, so every google.protobuf.Duration
 * can be held). Arithmetic that produces a duration (d + d, d - d, t - t)
 * additionally requires the result to fit in an int64 count of nanoseconds
 * (about +-292 years), as the CEL spec's "Overflow" section, cel-go and
 * cel-cpp do. Every function that can leave those ranges returns an error
 * (LV_E_RANGE, "timestamp out of range" / "duration out of range") instead;
 * nothing wraps. Functions callable from JIT code follow the scalar-only
 * convention of lv_value.h. The user-facing rules are in docs/reference/time.md. */
#ifndef LV_TIME_H
#define LV_TIME_H

#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- parsing and formatting (also used by the JSON decoder and folder) --- */

/* RFC 3339 timestamp as CEL accepts it: "2009-02-13T23:31:30Z",
 * "2009-02-13T23:31:30.123456789+01:00", 'T'/'t' and 'Z'/'z', 1-9 fraction
 * digits, offsets +hh:mm / -hh:mm (hh 00-23, mm 00-59). Like Go's
 * time.Parse(time.RFC3339) it rejects a missing offset, impossible dates
 * (2023-02-30), hour 24 and leap second :60. Returns NULL on success or an
 * LV_E_INVALID_ARG / LV_E_RANGE error (year 0000, years of 5+ digits, or an
 * instant outside the range after applying the offset). The error quotes the
 * input when cx has an arena; cx may be NULL, then errors are static. */
const lv_err *lv_timestamp_parse(lv_ctx *cx, lv_time *out, const char *s, size_t n);
/* "2009-02-13T23:31:30Z"; fraction printed with 3, 6 or 9 digits as needed
 * ("...30.100Z"), as protobuf JSON does. Writes a NUL-terminated string and
 * returns its length (< 40), also for values outside the range. */
size_t lv_timestamp_format(char out[40], int64_t sec, int32_t nanos);

/* Duration strings as cel-go (Go's time.ParseDuration) accepts them: an
 * optional sign, then one or more decimal numbers each with an optional
 * fraction and a unit (h, m, s, ms, us, µs, μs, ns): "1.5s", "-2h45m",
 * "300ms", "1us", "1µs", "5ns", ".5s", "5.s"; or "0" alone (also "-0", "+0").
 * Fractions are exact, truncated to whole nanoseconds. Errors as
 * lv_timestamp_parse; more than LV_DURATION_MAX_SEC seconds is LV_E_RANGE. */
const lv_err *lv_duration_parse(lv_ctx *cx, lv_time *out, const char *s, size_t n);
/* Seconds with the shortest exact fraction and "s", as cel-go's string() and
 * valid protobuf JSON: "1.5s", "-0.5s", "-0.000000001s", "3600s", "0s".
 * Writes a NUL-terminated string and returns its length (< 40). */
size_t lv_duration_format(char out[40], int64_t sec, int32_t nanos);

/* --- arithmetic: all with range checks ---------------------------------- */
const lv_err *lv_timestamp_add_duration(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                                        int64_t ts, int32_t tn, int64_t ds, int32_t dn);
const lv_err *lv_timestamp_sub_duration(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                                        int64_t ts, int32_t tn, int64_t ds, int32_t dn);
/* The difference must fit in int64 nanoseconds (see the top of this file). */
const lv_err *lv_timestamp_sub_timestamp(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                                         int64_t as, int32_t an, int64_t bs, int32_t bn);
/* The sum / difference must fit in int64 nanoseconds (see the top). */
const lv_err *lv_duration_add(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                              int64_t as, int32_t an, int64_t bs, int32_t bn);
const lv_err *lv_duration_sub(lv_ctx *cx, int64_t *osec, int32_t *onanos,
                              int64_t as, int32_t an, int64_t bs, int32_t bn);
/* Exact: the duration range is symmetric, so a valid duration never fails. */
const lv_err *lv_duration_neg(lv_ctx *cx, int64_t *osec, int32_t *onanos, int64_t s, int32_t n);
/* Three-way comparison of two timestamps or two durations: -1, 0, 1. */
int lv_time_cmp(int64_t as, int32_t an, int64_t bs, int32_t bn);

/* --- conversions --------------------------------------------------------- */
/* timestamp(string), duration(string): parse, as above. */
/* timestamp(int): seconds since the epoch, range checked. */
const lv_err *lv_timestamp_from_int(lv_ctx *cx, int64_t *osec, int32_t *onanos, int64_t secs);
/* int(timestamp): seconds since the epoch (floor). */
int64_t lv_timestamp_to_int(int64_t sec, int32_t nanos);
/* int(duration): whole nanoseconds; a duration beyond int64 nanoseconds is
 * an LV_E_OVERFLOW error. */
const lv_err *lv_duration_to_int(lv_ctx *cx, int64_t *out, int64_t sec, int32_t nanos);
/* duration(int): from nanoseconds (always in range). */
void lv_duration_from_int(int64_t *osec, int32_t *onanos, int64_t ns);
/* string(timestamp) / string(duration) into cx's arena (LV_E_RESOURCE when
 * it is full or absent). */
const lv_err *lv_timestamp_to_string(lv_ctx *cx, const char **optr, size_t *olen, int64_t sec, int32_t nanos);
const lv_err *lv_duration_to_string(lv_ctx *cx, const char **optr, size_t *olen, int64_t sec, int32_t nanos);

/* --- accessors ------------------------------------------------------------ */
typedef struct lv_tz lv_tz; /* a time zone, see lv_tz_find */

typedef enum lv_time_part {
  LV_TP_FULL_YEAR,    /* getFullYear */
  LV_TP_MONTH,        /* getMonth: 0-11 */
  LV_TP_DATE,         /* getDate: 1-31 */
  LV_TP_DAY_OF_MONTH, /* getDayOfMonth: 0-30 */
  LV_TP_DAY_OF_WEEK,  /* getDayOfWeek: 0 = Sunday */
  LV_TP_DAY_OF_YEAR,  /* getDayOfYear: 0-365 */
  LV_TP_HOURS,        /* getHours */
  LV_TP_MINUTES,      /* getMinutes */
  LV_TP_SECONDS,      /* getSeconds */
  LV_TP_MILLISECONDS  /* getMilliseconds */
} lv_time_part;

/* Timestamp accessor in UTC (tz == NULL) or in a time zone: an IANA name
 * ("America/Los_Angeles", "UTC") read from the system tz database
 * (/usr/share/zoneinfo or $TZDIR), or a fixed offset "+05:30", "-08:00"
 * (also "05:30" = +05:30). An unknown zone is an LV_E_INVALID_ARG error
 * naming it (unknown time zone "Mars/Base"); so is an invalid part. */
const lv_err *lv_timestamp_get(lv_ctx *cx, int64_t *out, int64_t sec, int32_t nanos,
                               int part, const char *tz, size_t tzlen);
/* The same with a zone already resolved by lv_tz_find (NULL = UTC), for code
 * whose zone is a constant. part must be a valid lv_time_part (else 0). */
int64_t lv_timestamp_get_in(int64_t sec, int32_t nanos, int part, const lv_tz *tz);
/* Duration accessors: getHours, getMinutes, getSeconds (total, truncated
 * toward zero: duration("90m").getHours() == 1, .getMinutes() == 90) and
 * getMilliseconds: the millisecond part of the seconds fraction, with the
 * duration's sign (duration("1.234s") -> 234, duration("-1.5s") -> -500), as
 * the CEL spec and its conformance tests define it (cel-go returns the total
 * instead and skips that test). Other parts give 0. */
int64_t lv_duration_get(int64_t sec, int32_t nanos, int part);

/* Resolves a zone name once (cached for the process; thread-safe: lookups of
 * cached zones take no lock, loading takes a mutex). Returns NULL when
 * unknown: a name with characters outside [A-Za-z0-9_+/-], an empty path
 * component, more than 255 bytes, "localtime" (host-specific), or no valid
 * TZif file. "UTC" and fixed offsets need no file. Used by lv_timestamp_get
 * and by the constant folder, which turns an unknown literal zone into a
 * compile error. The result lives as long as the process. */
const lv_tz *lv_tz_find(const char *name, size_t len);
/* Offset from UTC in seconds (east positive) at instant sec. */
int32_t lv_tz_offset(const lv_tz *tz, int64_t sec);

/* Zones built from data instead of the tz database: not cached, freed with
 * lv_tz_free. For tests and tools. NULL when the data is malformed.
 * lv_tz_from_tzif: a TZif file (RFC 8536, versions 1-4); a malformed footer
 * TZ string is ignored as Go does (the last transition's offset then holds).
 * lv_tz_from_posix: a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3"
 * (with the RFC 8536 extensions: transition hours -167..167). */
lv_tz *lv_tz_from_tzif(const void *data, size_t len);
lv_tz *lv_tz_from_posix(const char *s, size_t len);
void lv_tz_free(lv_tz *tz);

/* Civil date helpers (proleptic Gregorian, year 0 = 1 BC), shared with the
 * decoder. Days are counted from 1970-01-01. lv_days_from_civil is exact for
 * |y| < 2^40 with m in 1..12 (d may run past the month's end);
 * lv_civil_from_days is exact for every int64 z. */
int64_t lv_days_from_civil(int64_t y, unsigned m, unsigned d);
void lv_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#ifdef __cplusplus
}
#endif
#endif
