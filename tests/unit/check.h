/* check.h - minimal assertions for unit tests: every failure prints where and
 * what, and the test exits non-zero at the end if anything failed. */
#ifndef LV_TEST_CHECK_H
#define LV_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                           \
  do {                                                                        \
    check_count++;                                                            \
    if (!(cond)) {                                                            \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                         \
  } while (0)

#define CHECK_INT(got, want)                                                  \
  do {                                                                        \
    long long g_ = (long long)(got), w_ = (long long)(want);                  \
    check_count++;                                                            \
    if (g_ != w_) {                                                           \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__,   \
              #got, g_, w_);                                                  \
    }                                                                         \
  } while (0)

#define CHECK_STR(got, want)                                                  \
  do {                                                                        \
    const char *g_ = (got), *w_ = (want);                                     \
    check_count++;                                                            \
    if (!g_ || strcmp(g_, w_) != 0) {                                         \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__,        \
              __LINE__, #got, g_ ? g_ : "(null)", w_);                        \
    }                                                                         \
  } while (0)

/* Compares a (ptr, len) span with a C string. */
#define CHECK_SPAN(ptr, len, want)                                            \
  do {                                                                        \
    const char *w_ = (want);                                                  \
    size_t l_ = (size_t)(len);                                                \
    check_count++;                                                            \
    if (l_ != strlen(w_) || memcmp((ptr), w_, l_) != 0) {                     \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: %s == \"%.*s\", want \"%s\"\n", __FILE__,       \
              __LINE__, #ptr, (int)l_, (const char *)(ptr), w_);              \
    }                                                                         \
  } while (0)

/* A CEL error (const lv_err *, from the library under test) with this code
 * and message. */
#define CHECK_ERR(e, want_code, want_msg)                                     \
  do {                                                                        \
    const lv_err *e_ = (e);                                                   \
    CHECK(e_ != NULL);                                                        \
    if (e_) {                                                                 \
      CHECK_INT(e_->code, want_code);                                         \
      CHECK_STR(e_->msg, want_msg);                                           \
    }                                                                         \
  } while (0)

static inline int check_done(void) {
  if (check_failures) {
    fprintf(stderr, "%d of %d checks failed\n", check_failures, check_count);
    return 1;
  }
  printf("%d checks passed\n", check_count);
  return 0;
}

#endif
