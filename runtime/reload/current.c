/* current.c - hazard-pointer swaps of the running rule set. */
#include "reload/current.h"

#include <string.h>

void lv_current_init(lv_current *c, lv_stats *stats) {
  memset(c, 0, sizeof *c);
  atomic_init(&c->live, NULL);
  c->stats = stats;
}

void lv_current_free(lv_current *c) {
  lv_live_free(atomic_load(&c->live));
  atomic_store(&c->live, NULL);
  while (c->retired) {
    lv_live *r = c->retired;
    c->retired = r->next;
    lv_live_free(r);
  }
  c->nretired = 0;
}

void lv_slot_init(lv_slot *s, const lv_decode_limits *limits, size_t eval_limit) {
  memset(s, 0, sizeof *s);
  atomic_init(&s->hazard, NULL);
  atomic_init(&s->counted, NULL);
  lv_worker_init(&s->w, limits, eval_limit);
}

void lv_current_attach(lv_current *c, lv_slot *s) {
  pthread_mutex_lock(&c->stats->mu);
  s->next = c->slots;
  c->slots = s;
  s->attached = true;
  pthread_mutex_unlock(&c->stats->mu);
}

/* Moves the slot's counters for the set it counted into the totals. Under
 * stats->mu. */
static void fold(lv_current *c, lv_slot *s) {
  lv_live *old = atomic_load_explicit(&s->counted, memory_order_relaxed);
  if (old) lv_live_add_counts(old, c->stats->streams, c->stats->rules, &s->w.counts);
  atomic_store_explicit(&s->counted, NULL, memory_order_relaxed);
}

void lv_current_detach(lv_current *c, lv_slot *s) {
  pthread_mutex_lock(&c->stats->mu);
  if (s->attached) {
    fold(c, s);
    lv_slot_counts_add(&c->stats->retired, &s->c);
    memset(&s->c, 0, sizeof s->c);
    for (lv_slot **pp = &c->slots; *pp; pp = &(*pp)->next) {
      if (*pp == s) {
        *pp = s->next;
        break;
      }
    }
    s->attached = false;
  }
  pthread_mutex_unlock(&c->stats->mu);
  lv_worker_free(&s->w);
}

lv_live *lv_current_enter(lv_current *c, lv_slot *s) {
  lv_live *l = atomic_load(&c->live);
  for (;;) {
    atomic_store(&s->hazard, l);
    lv_live *again = atomic_load(&c->live);
    if (again == l) break;
    l = again;
  }
  if (l && atomic_load_explicit(&s->counted, memory_order_relaxed) != l) {
    pthread_mutex_lock(&c->stats->mu);
    fold(c, s);
    lv_worker_use(&s->w, l->rs);
    atomic_store_explicit(&s->counted, l, memory_order_relaxed);
    pthread_mutex_unlock(&c->stats->mu);
  }
  return l;
}

void lv_current_swap(lv_current *c, lv_live *next) {
  lv_live *old = atomic_exchange(&c->live, next);
  if (old) {
    old->next = c->retired;
    c->retired = old;
    c->nretired++;
  }
}

uint32_t lv_current_reclaim(lv_current *c) {
  lv_live **pp = &c->retired;
  while (*pp) {
    lv_live *r = *pp;
    bool busy = false;
    pthread_mutex_lock(&c->stats->mu);
    for (lv_slot *s = c->slots; s && !busy; s = s->next)
      if (atomic_load(&s->hazard) == r) busy = true;
    if (!busy) {
      /* No worker is in r, and none can enter it again (it is not current):
       * take the counters they still hold for it. */
      for (lv_slot *s = c->slots; s; s = s->next)
        if (atomic_load_explicit(&s->counted, memory_order_relaxed) == r) fold(c, s);
    }
    pthread_mutex_unlock(&c->stats->mu);
    if (busy) {
      pp = &r->next;
      continue;
    }
    *pp = r->next;
    c->nretired--;
    lv_live_free(r);
  }
  return c->nretired;
}

void lv_current_snapshot(lv_current *c, lv_snapshot *out) {
  pthread_mutex_lock(&c->stats->mu);
  lv_snapshot_take_totals(out, c->stats);
  for (lv_slot *s = c->slots; s; s = s->next) {
    lv_live *l = atomic_load_explicit(&s->counted, memory_order_relaxed);
    if (l) lv_live_add_counts(l, out->streams, out->rules, &s->w.counts);
    lv_slot_counts_add(&out->slots, &s->c);
  }
  pthread_mutex_unlock(&c->stats->mu);
}
