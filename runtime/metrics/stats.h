/* stats.h - the service's figures: counters that never go backwards across
 * hot reloads, kept per stream and rule *name*.
 *
 * Workers count into plain per-thread counters (lv_worker.counts for the
 * rule set they run, lv_slot_counts for the rest). When a worker moves to
 * another rule set, or a rule set is retired, its per-set counts are folded
 * into the totals here, keyed by name, under the one lock (mu). A snapshot
 * takes the same lock and adds what the workers hold now, so every figure
 * it shows is at least the one the previous snapshot showed. */
#ifndef LV_SVC_STATS_H
#define LV_SVC_STATS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"
#include "lv_buf.h"

/* Evaluation latency: upper bounds of the histogram buckets, in ns (the
 * last bucket is +Inf). */
#define LV_LAT_NBOUNDS 13
extern const uint64_t lv_lat_bounds_ns[LV_LAT_NBOUNDS];

typedef struct lv_latency {
  uint64_t buckets[LV_LAT_NBOUNDS + 1]; /* per bucket, not cumulative */
  uint64_t count;
  uint64_t sum_ns;
} lv_latency;

static inline void lv_latency_add(lv_latency *l, uint64_t ns) {
  uint32_t i = 0;
  while (i < LV_LAT_NBOUNDS && ns > lv_lat_bounds_ns[i]) i++;
  l->buckets[i]++;
  l->count++;
  l->sum_ns += ns;
}

/* What one worker thread counts besides the rule set's own counters. One
 * writer (the worker); snapshots read them without a lock (64-bit aligned
 * loads on the platforms we build for: a reader sees an old or new value). */
typedef struct lv_slot_counts {
  uint64_t received;       /* messages taken from NATS */
  uint64_t unmatched;      /* no stream of the current set has the subject */
  uint64_t published;      /* publish actions handed to NATS */
  uint64_t logged;         /* log actions written */
  uint64_t action_errors;  /* actions that failed: evaluation, subject, NATS */
  uint64_t publish_errors; /* publishes (actions, dead letters) NATS refused */
  uint64_t dead_letters;   /* dead letters handed to NATS */
  uint64_t outbound_waits; /* times the thread waited for NATS to take its publishes */
  lv_latency latency;
} lv_slot_counts;

typedef struct lv_stream_totals {
  uint64_t in, decoded, dead;
} lv_stream_totals;

typedef struct lv_rule_totals {
  uint64_t evaluations, fired, errors;
} lv_rule_totals;

/* Names and their totals: grows, never shrinks (a counter, once shown,
 * stays). */
typedef struct lv_names {
  char **names;
  uint32_t n, cap;
  uint32_t *index; /* open addressing: id + 1, 0 = empty */
  uint32_t icap;   /* power of two */
} lv_names;

typedef struct lv_stats {
  pthread_mutex_t mu;
  lv_names stream_names, rule_names;
  lv_stream_totals *streams;
  lv_rule_totals *rules;
  lv_slot_counts retired; /* counts of workers that have ended */
  uint64_t dropped_retired; /* slow-consumer drops of closed subscriptions */
  /* Written by one thread each, read by snapshots. */
  _Atomic uint64_t reload_ok, reload_failed, generation;
  _Atomic uint64_t disconnects, reconnects, stats_requests_dropped;
  _Atomic bool connected;
} lv_stats;

void lv_stats_init(lv_stats *s);
void lv_stats_free(lv_stats *s);

/* Ids of names (created on first use); call with mu held. */
uint32_t lv_stats_stream_id(lv_stats *s, const char *name);
uint32_t lv_stats_rule_id(lv_stats *s, const char *name);

/* Adds src to dst field by field. */
void lv_slot_counts_add(lv_slot_counts *dst, const lv_slot_counts *src);

/* A consistent copy of every figure, for rendering. */
typedef struct lv_snapshot {
  uint32_t nstreams, nrules;
  char **stream_names; /* copies */
  lv_stream_totals *streams;
  char **rule_names;
  lv_rule_totals *rules;
  lv_slot_counts slots; /* summed over all workers, past and present */
  uint64_t dropped;
  uint64_t reload_ok, reload_failed, generation;
  uint64_t disconnects, reconnects, stats_requests_dropped;
  bool connected;
  uint32_t subscriptions;
} lv_snapshot;

/* Copies the totals and gauges (with mu held by the caller). */
void lv_snapshot_take_totals(lv_snapshot *out, lv_stats *s);
void lv_snapshot_free(lv_snapshot *snap);

/* Prometheus text exposition format 0.0.4. */
void lv_snapshot_prometheus(lv_buf *out, const lv_snapshot *snap);
/* One JSON object (the <prefix>.stats reply); name and pid identify the
 * instance. */
void lv_snapshot_json(lv_buf *out, const lv_snapshot *snap, const char *name, long pid);

#endif
