/* lv_regex.h - RE2-syntax regular expressions with linear-time matching.
 *
 * CEL's matches() uses RE2 syntax and partial-match semantics (the pattern may
 * match anywhere unless anchored with ^ / $). The engine never backtracks
 * exponentially: compile to an NFA program and run a Pike VM (or a lazily
 * built DFA with a bounded cache falling back to the Pike VM), so matching is
 * O(len(pattern) * len(text)). RE2 features that need backtracking
 * (backreferences, lookaround) are rejected at compile time, as RE2 does. */
#ifndef LV_REGEX_H
#define LV_REGEX_H

#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_regex lv_regex;

typedef struct lv_regex_error {
  uint32_t offset;  /* byte offset in the pattern where the problem is */
  char msg[160];    /* e.g. "missing closing ): unterminated group" */
} lv_regex_error;

/* Compiles pattern (UTF-8). Returns NULL and fills err on a syntax error or
 * an unsupported feature. The result is immutable and may be shared between
 * threads. Limits: patterns over 64 KiB or programs over 100,000
 * instructions are errors ("pattern too large"). */
lv_regex *lv_regex_compile(const char *pattern, size_t len, lv_regex_error *err);
void lv_regex_free(lv_regex *re);

/* Partial match over UTF-8 text: true if the pattern matches a substring.
 * Thread-safe; uses scratch from the stack, cx's arena (given back after
 * the match) or, when cx is NULL, malloc, so concurrent matches on one
 * lv_regex are fine. Returns NULL or an error (LV_E_RESOURCE if scratch
 * cannot be had). Invalid UTF-8 in text is matched byte by byte as units
 * that only '.' and negated classes match. */
const lv_err *lv_regex_match(lv_ctx *cx, bool *out, const lv_regex *re, const char *text, size_t len);

/* matches() with a pattern known only at run time: compiles (with a small
 * per-thread cache keyed by the pattern), then matches; a bad pattern is an
 * LV_E_INVALID_ARG error "error parsing regexp: <lv_regex_error.msg>". */
const lv_err *lv_string_matches(lv_ctx *cx, bool *out, const char *s, size_t slen,
                                const char *pat, size_t plen);

#ifdef __cplusplus
}
#endif
#endif
