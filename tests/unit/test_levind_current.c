/* test_levind_current.c - swapping rule sets under running workers: every
 * event is evaluated by exactly one set, counters never go backwards, and
 * a set is freed (its JIT code removed) only when no worker is in it. Runs
 * real compiled rule sets (tests/e2e/fixtures/basic) on two threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "reload/current.h"

static lv_jit *jit;
static char rules_dir[1024];

static lv_ruleset *compile(void) {
  const char *paths[1] = {rules_dir};
  lv_ruleset_opts o;
  memset(&o, 0, sizeof o);
  o.opt_level = 0;
  lv_ruleset_diags d;
  lv_ruleset *rs = lv_ruleset_compile(jit, paths, 1, &o, &d);
  if (!rs) fprintf(stderr, "%s", d.text.data ? d.text.data : "compile failed\n");
  lv_ruleset_diags_free(&d);
  return rs;
}

typedef struct worker {
  pthread_t t;
  lv_current *cur;
  lv_slot slot;
  atomic_bool *stop;
  uint64_t processed, published, generations_seen, last_generation;
  bool went_backwards;
} worker;

static void on_publish(void *ctx, const lv_rs_stream *st, const lv_rs_rule *rule, uint32_t action,
                       const char *subject, size_t slen, const char *json, size_t jlen) {
  worker *w = ctx;
  w->published++;
}

static void *run(void *arg) {
  worker *w = arg;
  lv_sink sink = {w, on_publish, NULL, NULL, NULL, NULL};
  char event[64];
  while (!atomic_load(w->stop)) {
    lv_live *l = lv_current_enter(w->cur, &w->slot);
    if (l->generation < w->last_generation) w->went_backwards = true;
    if (l->generation != w->last_generation) w->generations_seen++;
    w->last_generation = l->generation;
    const lv_subject_group *g = lv_live_group(l, "e2e.*.reading");
    int n = snprintf(event, sizeof event, "{\"id\": %llu, \"temp\": 60.5}", (unsigned long long)w->processed);
    for (uint32_t i = 0; g && i < g->nstreams; i++)
      lv_engine_process(&w->slot.w, l->rs, &l->rs->streams[g->streams[i]], "e2e.s1.reading", 14, event, (size_t)n,
                        &sink);
    w->slot.c.received++;
    lv_current_leave(&w->slot);
    w->processed++;
  }
  return NULL;
}

static uint64_t fires(const lv_snapshot *s) {
  for (uint32_t i = 0; i < s->nrules; i++)
    if (strcmp(s->rule_names[i], "e2e.hot") == 0) return s->rules[i].fired;
  return 0;
}

static uint64_t events_in(const lv_snapshot *s) {
  for (uint32_t i = 0; i < s->nstreams; i++)
    if (strcmp(s->stream_names[i], "e2e.readings") == 0) return s->streams[i].in;
  return 0;
}

/* A set announced by a worker is not freed; once it leaves, it is. */
static void test_hazard(void) {
  lv_stats stats;
  lv_stats_init(&stats);
  lv_current cur;
  lv_current_init(&cur, &stats);
  lv_current_swap(&cur, lv_live_new(compile(), 1, &stats));
  lv_slot slot;
  lv_slot_init(&slot, NULL, 0);
  lv_current_attach(&cur, &slot);
  lv_live *first = lv_current_enter(&cur, &slot);
  CHECK_INT(first->generation, 1);
  lv_current_swap(&cur, lv_live_new(compile(), 2, &stats));
  CHECK_INT(lv_current_reclaim(&cur), 1); /* the slot is in generation 1 */
  CHECK_INT(lv_current_reclaim(&cur), 1);
  lv_current_leave(&slot);
  CHECK_INT(lv_current_reclaim(&cur), 0);
  lv_live *second = lv_current_enter(&cur, &slot);
  CHECK_INT(second->generation, 2);
  lv_current_leave(&slot);
  lv_current_detach(&cur, &slot);
  lv_current_free(&cur);
  lv_stats_free(&stats);
}

static void test_swaps_under_load(void) {
  lv_stats stats;
  lv_stats_init(&stats);
  lv_current cur;
  lv_current_init(&cur, &stats);
  lv_current_swap(&cur, lv_live_new(compile(), 1, &stats));
  atomic_bool stop;
  atomic_init(&stop, false);
  worker w[2];
  memset(w, 0, sizeof w);
  for (int i = 0; i < 2; i++) {
    w[i].cur = &cur;
    w[i].stop = &stop;
    lv_slot_init(&w[i].slot, NULL, 0);
    lv_current_attach(&cur, &w[i].slot);
    pthread_create(&w[i].t, NULL, run, &w[i]);
  }
  uint64_t last_in = 0, last_fires = 0;
  bool monotonic = true;
  enum { SWAPS = 20 };
  for (uint64_t g = 2; g <= SWAPS + 1; g++) {
    lv_ruleset *rs = compile();
    CHECK(rs != NULL);
    if (!rs) break;
    lv_current_swap(&cur, lv_live_new(rs, g, &stats));
    lv_current_reclaim(&cur);
    lv_snapshot snap;
    lv_current_snapshot(&cur, &snap);
    if (events_in(&snap) < last_in || fires(&snap) < last_fires) monotonic = false;
    last_in = events_in(&snap);
    last_fires = fires(&snap);
    lv_snapshot_free(&snap);
  }
  atomic_store(&stop, true);
  uint64_t processed = 0, published = 0;
  for (int i = 0; i < 2; i++) {
    pthread_join(w[i].t, NULL);
    CHECK(!w[i].went_backwards);
    processed += w[i].processed;
    published += w[i].published;
  }
  CHECK(monotonic);
  CHECK(processed > 0);
  CHECK_INT(published, processed); /* every event fired once: 60.5 > 50 */
  /* Both workers are idle: every replaced set can go, even before they
   * detach (their counters are folded into the totals). */
  CHECK_INT(lv_current_reclaim(&cur), 0);
  lv_snapshot snap;
  lv_current_snapshot(&cur, &snap);
  CHECK_INT(events_in(&snap), processed);
  CHECK_INT(fires(&snap), processed);
  CHECK_INT(snap.slots.received, processed);
  CHECK_INT(snap.nrules, 1); /* one name, however many sets had it */
  lv_snapshot_free(&snap);
  for (int i = 0; i < 2; i++) lv_current_detach(&cur, &w[i].slot);
  lv_current_snapshot(&cur, &snap);
  CHECK_INT(events_in(&snap), processed);
  CHECK_INT(snap.slots.received, processed);
  lv_snapshot_free(&snap);
  lv_current_free(&cur);
  lv_stats_free(&stats);
}

int main(void) {
  const char *src = getenv("LEVIN_SOURCE_DIR");
  snprintf(rules_dir, sizeof rules_dir, "%s/tests/e2e/fixtures/basic", src ? src : ".");
  char err[256];
  if (lv_jit_new(&jit, err, sizeof err) != 0) {
    fprintf(stderr, "jit: %s\n", err);
    return 1;
  }
  test_hazard();
  test_swaps_under_load();
  lv_jit_free(jit);
  return check_done();
}
