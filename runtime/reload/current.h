/* current.h - the running rule set, swapped atomically between events, and
 * the reclamation that frees a replaced set once no worker can be in it.
 *
 * Each worker thread has a slot. Before an event it announces the set it is
 * about to use (its hazard pointer) and checks the set is still current;
 * after the event it clears the announcement:
 *
 *   lv_live *l = lv_current_enter(cur, slot);   // every event sees one set
 *   ... lv_engine_process(&slot->w, l->rs, ...) ...
 *   lv_current_leave(slot);
 *
 * A swap publishes the new set and puts the old one on the retired list.
 * lv_current_reclaim (one thread: the event loop) frees a retired set when
 * no slot announces it and no slot still holds counters for it (those are
 * folded into lv_stats first), so a set's JIT code is removed only once no
 * event is being evaluated by it. The announcement costs one sequentially
 * consistent store per event; there are no locks on the event path except
 * when a worker first meets a new set (it folds its old counters). */
#ifndef LV_SVC_CURRENT_H
#define LV_SVC_CURRENT_H

#include <stdatomic.h>

#include "reload/live.h"

typedef struct lv_slot {
  _Atomic(lv_live *) hazard; /* the set this worker is using now, or NULL */
  _Atomic(lv_live *) counted; /* the set w.counts is for (changed under stats->mu) */
  lv_worker w;
  lv_slot_counts c;
  struct lv_slot *next;      /* in lv_current.slots (under stats->mu) */
  bool attached;
} lv_slot;

typedef struct lv_current {
  _Atomic(lv_live *) live;
  lv_stats *stats;
  lv_slot *slots;     /* under stats->mu */
  lv_live *retired;   /* the reclaiming thread's own */
  uint32_t nretired;
} lv_current;

void lv_current_init(lv_current *c, lv_stats *stats);
/* Frees the current set and every retired one: no worker may be running. */
void lv_current_free(lv_current *c);

void lv_slot_init(lv_slot *s, const lv_decode_limits *limits, size_t eval_limit);
/* Adds the slot to the set of workers (before its first event). */
void lv_current_attach(lv_current *c, lv_slot *s);
/* Removes a slot whose worker has processed its last event: its counters
 * go to the totals. Frees the worker's memory (not the slot itself). */
void lv_current_detach(lv_current *c, lv_slot *s);

lv_live *lv_current_enter(lv_current *c, lv_slot *s);
static inline void lv_current_leave(lv_slot *s) {
  atomic_store_explicit(&s->hazard, NULL, memory_order_release);
}

/* The set now (may be replaced at any moment; only for the loop thread,
 * which is the one that replaces it). */
static inline lv_live *lv_current_get(lv_current *c) { return atomic_load(&c->live); }

/* Makes next current; the previous set (if any) is retired. */
void lv_current_swap(lv_current *c, lv_live *next);
/* Frees the retired sets that no worker uses; returns how many remain. */
uint32_t lv_current_reclaim(lv_current *c);

/* Every figure now: totals plus what attached workers hold (under
 * stats->mu, so no count is seen twice or missed). */
void lv_current_snapshot(lv_current *c, lv_snapshot *out);

#endif
