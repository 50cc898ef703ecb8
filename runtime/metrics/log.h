/* log.h - the service's logs: one JSON object per line on stderr.
 *
 *   {"ts":"2024-06-03T08:00:00.123Z","level":"info","msg":"reloaded","generation":2}
 *
 * Every thread may log; a line is built in its own buffer and written with
 * one write(2) under a lock, so lines never interleave. Nothing here ever
 * sees a secret: callers pass redacted values (lv_log_url). */
#ifndef LV_SVC_LOG_H
#define LV_SVC_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "driver/ruleset.h" /* lv_log_level */
#include "lv_buf.h"

typedef struct lv_logline {
  lv_buf b;
  bool on; /* the level is enabled: otherwise every call is a no-op */
} lv_logline;

/* Lines below min are not written. fd is where they go (2 = stderr). */
void lv_log_setup(lv_log_level min, int fd);
bool lv_log_enabled(lv_log_level level);
bool lv_log_level_parse(const char *name, lv_log_level *out);
const char *lv_log_level_name(lv_log_level level);

void lv_log_begin(lv_logline *l, lv_log_level level, const char *msg);
/* The same, with a message of n bytes (it may hold any bytes). */
void lv_log_begin_n(lv_logline *l, lv_log_level level, const char *msg, size_t n);
void lv_log_str(lv_logline *l, const char *key, const char *value);
void lv_log_strn(lv_logline *l, const char *key, const char *value, size_t n);
void lv_log_u64(lv_logline *l, const char *key, uint64_t value);
void lv_log_i64(lv_logline *l, const char *key, int64_t value);
void lv_log_double(lv_logline *l, const char *key, double value);
void lv_log_bool(lv_logline *l, const char *key, bool value);
/* A value that is already JSON (e.g. a diagnostic object). */
void lv_log_json(lv_logline *l, const char *key, const char *json, size_t n);
/* A URL with any user:password@ part replaced by "***@". */
void lv_log_url(lv_logline *l, const char *key, const char *url);
/* Writes the line and frees it. */
void lv_log_end(lv_logline *l);

/* One message with no fields. */
void lv_log_msg(lv_log_level level, const char *msg);

/* Writes url into out (size cap) with credentials redacted. */
void lv_log_redact_url(char *out, size_t cap, const char *url);

/* At most `per_second` lines of one kind pass each second; the rest are
 * counted and the next line that passes reports them ("suppressed": n). */
typedef struct lv_ratelimit {
  uint32_t per_second;
  int64_t window;      /* the second being counted */
  uint32_t used;
  uint64_t suppressed;
} lv_ratelimit;

#define LV_RATELIMIT_INIT(n) {(n), 0, 0, 0}

/* True if a line may be written now; *suppressed is how many were held
 * back since the last one that passed. Thread-safe. */
bool lv_ratelimit_take(lv_ratelimit *r, uint64_t *suppressed);

#endif
