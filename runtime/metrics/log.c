/* log.c - JSON-lines logs. */
#include "metrics/log.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static lv_log_level min_level = LV_LOG_INFO;
static int log_fd = 2;
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t limit_mu = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void lv_log_setup(lv_log_level min, int fd) {
  min_level = min;
  log_fd = fd;
}

bool lv_log_enabled(lv_log_level level) { return level >= min_level; }

bool lv_log_level_parse(const char *name, lv_log_level *out) {
  for (int i = 0; i < 4; i++) {
    if (strcmp(name, level_names[i]) == 0) {
      *out = (lv_log_level)i;
      return true;
    }
  }
  if (strcmp(name, "warning") == 0) {
    *out = LV_LOG_WARN;
    return true;
  }
  return false;
}

const char *lv_log_level_name(lv_log_level level) {
  return (unsigned)level < 4 ? level_names[level] : "info";
}

void lv_log_begin(lv_logline *l, lv_log_level level, const char *msg) { lv_log_begin_n(l, level, msg, strlen(msg)); }

void lv_log_begin_n(lv_logline *l, lv_log_level level, const char *msg, size_t n) {
  lv_buf init = LV_BUF_INIT;
  l->b = init;
  l->on = lv_log_enabled(level);
  if (!l->on) return;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  lv_buf_printf(&l->b, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"level\":\"%s\",\"msg\":",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                ts.tv_nsec / 1000000, level_names[level]);
  lv_buf_put_json_string(&l->b, msg, n);
}

static void key(lv_logline *l, const char *k) {
  lv_buf_putc(&l->b, ',');
  lv_buf_put_json_string(&l->b, k, strlen(k));
  lv_buf_putc(&l->b, ':');
}

void lv_log_strn(lv_logline *l, const char *k, const char *value, size_t n) {
  if (!l->on) return;
  key(l, k);
  lv_buf_put_json_string(&l->b, value ? value : "", value ? n : 0);
}

void lv_log_str(lv_logline *l, const char *k, const char *value) {
  lv_log_strn(l, k, value, value ? strlen(value) : 0);
}

void lv_log_u64(lv_logline *l, const char *k, uint64_t value) {
  if (!l->on) return;
  key(l, k);
  lv_buf_printf(&l->b, "%llu", (unsigned long long)value);
}

void lv_log_i64(lv_logline *l, const char *k, int64_t value) {
  if (!l->on) return;
  key(l, k);
  lv_buf_printf(&l->b, "%lld", (long long)value);
}

void lv_log_double(lv_logline *l, const char *k, double value) {
  if (!l->on) return;
  key(l, k);
  if (isfinite(value)) lv_buf_printf(&l->b, "%.6g", value);
  else lv_buf_puts(&l->b, "null");
}

void lv_log_bool(lv_logline *l, const char *k, bool value) {
  if (!l->on) return;
  key(l, k);
  lv_buf_puts(&l->b, value ? "true" : "false");
}

void lv_log_json(lv_logline *l, const char *k, const char *json, size_t n) {
  if (!l->on) return;
  key(l, k);
  lv_buf_putsn(&l->b, json, n);
}

void lv_log_redact_url(char *out, size_t cap, const char *url) {
  /* nats://user:pass@host:4222 becomes nats:// then ***@host:4222. The
   * userinfo is everything between "//" and the last '@' before the next
   * '/'. */
  const char *start = strstr(url, "//");
  start = start ? start + 2 : url;
  const char *end = start + strcspn(start, "/?#");
  const char *at = NULL;
  for (const char *p = start; p < end; p++)
    if (*p == '@') at = p;
  if (!at) {
    snprintf(out, cap, "%s", url);
    return;
  }
  snprintf(out, cap, "%.*s***%s", (int)(start - url), url, at);
}

void lv_log_url(lv_logline *l, const char *k, const char *url) {
  if (!l->on) return;
  char red[1024];
  lv_log_redact_url(red, sizeof red, url ? url : "");
  lv_log_str(l, k, red);
}

void lv_log_end(lv_logline *l) {
  if (!l->on) return;
  lv_buf_puts(&l->b, "}\n");
  pthread_mutex_lock(&write_mu);
  const char *p = l->b.data;
  size_t left = l->b.len;
  while (left > 0) {
    ssize_t w = write(log_fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      break; /* stderr is gone: nothing better to do */
    }
    p += w;
    left -= (size_t)w;
  }
  pthread_mutex_unlock(&write_mu);
  lv_buf_free(&l->b);
  l->on = false;
}

void lv_log_msg(lv_log_level level, const char *msg) {
  lv_logline l;
  lv_log_begin(&l, level, msg);
  lv_log_end(&l);
}

bool lv_ratelimit_take(lv_ratelimit *r, uint64_t *suppressed) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  bool ok;
  pthread_mutex_lock(&limit_mu);
  if (ts.tv_sec != r->window) {
    r->window = ts.tv_sec;
    r->used = 0;
  }
  ok = r->used < r->per_second;
  if (ok) {
    r->used++;
    *suppressed = r->suppressed;
    r->suppressed = 0;
  } else {
    r->suppressed++;
  }
  pthread_mutex_unlock(&limit_mu);
  return ok;
}
