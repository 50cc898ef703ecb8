/* engine.h - one event through a rule set: decode against the stream's
 * schema, evaluate the stream's rules in firing order, run the actions of
 * those that fire. Shared by `levin run` (offline) and `levind` (on NATS).
 *
 * A worker holds what one thread needs (its arena, buffers and counters);
 * the rule set is shared and immutable. Nothing here allocates per event
 * beyond the worker's arena, which is reset after each event. */
#ifndef LV_ENGINE_H
#define LV_ENGINE_H

#include "decode/decode.h"
#include "driver/ruleset.h"

/* What the engine reports; any callback may be NULL. Pointers are valid
 * only during the call. */
typedef struct lv_sink {
  void *ctx;
  /* A publish action: subject validated, payload serialized as JSON. */
  void (*publish)(void *ctx, const lv_rs_stream *st, const lv_rs_rule *rule, uint32_t action,
                  const char *subject, size_t subject_len, const char *json, size_t json_len);
  /* A log action: the message as text (strings as they are, other values
   * as JSON). */
  void (*log)(void *ctx, const lv_rs_rule *rule, uint32_t action, lv_log_level level, const char *msg,
              size_t len);
  /* The event does not fit the stream's schema. */
  void (*dead_letter)(void *ctx, const lv_rs_stream *st, const lv_decode_error *why);
  /* A rule's `when` failed (the rule did not fire), or an action failed. */
  void (*rule_error)(void *ctx, const lv_rs_rule *rule, const lv_err *err);
  void (*action_error)(void *ctx, const lv_rs_rule *rule, uint32_t action, const lv_err *err);
} lv_sink;

/* Counters of one worker for one rule set, indexed like the rule set's
 * rules and streams. Plain integers: one writer (the worker); readers take
 * a relaxed snapshot. */
typedef struct lv_engine_counts {
  uint64_t *stream_in, *stream_decoded, *stream_dead;
  uint64_t *rule_fired, *rule_errors;
  uint64_t actions_ok, actions_failed;
  uint32_t nstreams, nrules;
} lv_engine_counts;

typedef struct lv_worker {
  lv_arena arena;       /* one event's memory */
  lv_buf out;           /* payload JSON */
  lv_decode_limits limits;
  size_t eval_limit;    /* bytes an evaluation may allocate */
  lv_engine_counts counts;
  const lv_ruleset *counted; /* the rule set the counters are for */
  uint32_t *candidates;      /* rule index results: firing positions */
  uint32_t capcandidates;
} lv_worker;

void lv_worker_init(lv_worker *w, const lv_decode_limits *limits, size_t eval_limit);
void lv_worker_free(lv_worker *w);
/* Sizes (and zeroes) the counters for a rule set. */
void lv_worker_use(lv_worker *w, const lv_ruleset *rs);

/* Processes one event on one stream; data is the JSON payload. Returns
 * the number of rules that fired, or -1 if the event was dead-lettered. */
int lv_engine_process(lv_worker *w, const lv_ruleset *rs, const lv_rs_stream *st, const char *subject,
                      size_t subject_len, const char *data, size_t data_len, const lv_sink *sink);

#endif
