/* levin_bench.h - what levin_match and levin_scale share: reading the event
 * file, compiling a rule set, decoding every event up front, and the match
 * loop timed on its own.
 *
 * The match loop is the engine's (runtime/engine/engine.c) without decoding
 * and without actions: the stream's rule index, if it has one, picks the
 * candidates, and each candidate's JIT-compiled `when` runs. Keeping it the
 * same as the engine's is the point: it is what `levind` pays per event
 * beyond decoding. */
#ifndef LEVIN_BENCH_H
#define LEVIN_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "driver/ruleset.h"

typedef struct bench_lines {
  char *data;        /* the whole file */
  size_t len;
  const char **line; /* start of each non-empty line */
  uint32_t *linelen;
  size_t n;
} bench_lines;

typedef struct bench_match {
  uint64_t fires;          /* (event, rule) pairs whose `when` was true */
  uint64_t events_fired;   /* events on which at least one rule fired */
  uint64_t errors;         /* `when` evaluations that failed */
  uint64_t candidates;     /* `when` functions called */
  uint64_t ns;             /* wall time of the loop */
} bench_match;

uint64_t bench_now_ns(void);
/* Peak resident set of this process so far, in KiB (getrusage). */
long bench_peak_rss_kb(void);
/* Resident set now, in KiB (/proc/self/statm), or -1. */
long bench_rss_kb(void);

/* Reads path and splits it into lines; the first max lines if max > 0.
 * Exits with a message on failure (a benchmark has nothing to recover). */
void bench_lines_read(bench_lines *out, const char *path, size_t max);
void bench_lines_free(bench_lines *l);

/* Compiles the rule files or directories; prints the diagnostics and exits
 * on errors. */
lv_ruleset *bench_compile(lv_jit *jit, const char *const *paths, int npaths, bool no_index);
/* The stream called name (qualified or last component); NULL name: the
 * only stream. Exits if there is none. */
const lv_rs_stream *bench_stream(const lv_ruleset *rs, const char *name);

/* Decodes every line against the stream's schema into arena; exits on the
 * first line that does not decode (the data is generated: that is a bug). */
void **bench_decode_all(const lv_rs_stream *st, const bench_lines *l, lv_arena *arena, uint64_t *ns);

/* Runs the stream's rules on the first n decoded events; times the loop. */
void bench_match_all(bench_match *out, const lv_ruleset *rs, const lv_rs_stream *st, void *const *events,
                     size_t n);

#endif
