/* live.h - a compiled rule set as the service runs it: the rule set, its
 * subscriptions (streams grouped by subject) and the ids its streams and
 * rules have in the statistics (lv_stats), so that folding counters needs
 * no lookups by name. */
#ifndef LV_SVC_LIVE_H
#define LV_SVC_LIVE_H

#include "metrics/stats.h"

/* Streams that share one subscription subject (the stream's pattern with
 * captures as '*'): each message on the subject goes to each of them. */
typedef struct lv_subject_group {
  const char *subject;
  uint32_t *streams; /* indexes in rs->streams, in declaration order */
  uint32_t nstreams;
} lv_subject_group;

typedef struct lv_live {
  lv_ruleset *rs;
  uint64_t generation;     /* 1 for the first set loaded, +1 per reload */
  lv_subject_group *groups; /* sorted by subject */
  uint32_t ngroups;
  uint32_t *stream_ids;    /* per stream: id in lv_stats */
  uint32_t *rule_ids;      /* per rule: id in lv_stats */
  uint32_t *rule_stream;   /* per rule: index of its stream */
  struct lv_live *next;    /* on the retired list */
} lv_live;

/* Wraps rs (taking ownership) and registers its names in s (takes s->mu). */
lv_live *lv_live_new(lv_ruleset *rs, uint64_t generation, lv_stats *s);
/* Frees the wrapper and the rule set (its JIT code too): no thread may
 * still run it. */
void lv_live_free(lv_live *l);

/* The group for a subscription subject, or NULL. */
const lv_subject_group *lv_live_group(const lv_live *l, const char *subject);

/* Adds a worker's counters for this set to totals indexed by stats ids. */
void lv_live_add_counts(const lv_live *l, lv_stream_totals *streams, lv_rule_totals *rules,
                        const lv_engine_counts *c);

#endif
