/* ruleset.h - a compiled rule set: what the runtime loads and runs.
 *
 * Compiling reads and checks the rule files, lays out the schemas, lowers
 * every rule and action to native code in one LLVM module, and loads it into
 * the JIT under its own resource tracker. Everything the runtime needs is
 * copied into the rule set's arena, so the compilation is freed at once;
 * lv_ruleset_free removes the code. A rule set is immutable and may be used
 * by several threads at once (each with its own lv_ctx and arena). */
#ifndef LV_RULESET_H
#define LV_RULESET_H

#include "jit/jit.h"
#include "lower/lower.h"
#include "lv_buf.h"
#include "lv_schema.h"

typedef int32_t (*lv_when_fn)(lv_ctx *cx, const void *event, const lv_err **err);
typedef int32_t (*lv_action_fn)(lv_ctx *cx, const void *event, lv_action_out *out, const lv_err **err);

typedef enum lv_log_level { LV_LOG_DEBUG, LV_LOG_INFO, LV_LOG_WARN, LV_LOG_ERROR } lv_log_level;

typedef struct lv_rs_action {
  bool publish;          /* else log */
  lv_log_level level;    /* log */
  lv_action_fn fn;
  const char *where;     /* "file.rule:12:5", for messages */
} lv_rs_action;

typedef struct lv_rs_rule {
  const char *name;      /* qualified */
  uint32_t index;        /* in lv_ruleset.rules */
  int64_t priority;
  lv_when_fn when;
  lv_rs_action *actions;
  uint32_t nactions;
  const char *where;
} lv_rs_rule;

typedef struct lv_rs_capture {
  uint32_t token; /* subject token */
  uint32_t field; /* schema field (a string) */
} lv_rs_capture;

typedef struct lv_rs_stream {
  const char *name;      /* qualified */
  const char *pattern;   /* as written: plant.{site}.sensor.*.reading */
  const char *subject;   /* to subscribe: plant.*.sensor.*.reading */
  const lv_schema *schema;
  uint32_t ntokens;
  bool tail_wildcard;    /* ends with > */
  lv_rs_capture *captures;
  uint32_t ncaptures;
  lv_rs_rule **rules;    /* firing order: priority high to low, then file order */
  uint32_t nrules;
  /* The rule index (driver/dispatch.h), or NULL: evaluate every rule. */
  uintptr_t index; /* lv_dtarget */
  uint32_t indexed_rules; /* rules reachable only through the index */
  uint32_t decided_rules; /* rules the index decides (their `when` never runs) */
} lv_rs_stream;

typedef struct lv_ruleset {
  lv_arena arena;
  uint64_t generation;   /* unique per compilation in this process */
  const lv_rtinfo *rt;
  lv_rs_stream *streams;
  uint32_t nstreams;
  lv_rs_rule *rules;
  uint32_t nrules;
  const void **consts;   /* the generated code's constant table (cx->consts) */
  uint32_t nconsts;
  uint32_t nfiles;
  lv_jit_unit *unit;
} lv_ruleset;

typedef struct lv_ruleset_opts {
  uint32_t max_depth;  /* 0: default */
  uint32_t max_errors; /* 0: default (50) */
  int opt_level;       /* -1 (default): automatic, see lv_jit_tier; 0-3: that level */
  bool no_index;       /* evaluate every rule (for tests and measurements) */
} lv_ruleset_opts;

typedef struct lv_ruleset_diags {
  lv_buf text;     /* as `levin check` prints them */
  lv_buf json;     /* one JSON object per line */
  uint32_t errors, warnings;
} lv_ruleset_diags;

/* Compiles the rule files under paths. Returns NULL if they have errors
 * (described in d) or code generation fails. d is filled either way (it
 * may hold warnings on success); free it with lv_ruleset_diags_free. */
lv_ruleset *lv_ruleset_compile(lv_jit *jit, const char *const *paths, int npaths, const lv_ruleset_opts *opts,
                               lv_ruleset_diags *d);
void lv_ruleset_free(lv_ruleset *rs);
void lv_ruleset_diags_free(lv_ruleset_diags *d);

/* Streams whose pattern matches a concrete subject (NATS matching: '*' one
 * token, '>' one or more at the end). Fills out (up to max) and returns how
 * many matched. */
uint32_t lv_ruleset_match_subject(const lv_ruleset *rs, const char *subject, size_t len,
                                  const lv_rs_stream **out, uint32_t max);
/* Does this stream's pattern match the subject? */
bool lv_rs_stream_matches(const lv_rs_stream *st, const char *subject, size_t len);

#endif
