/* reload.c - compiling rule sets off the event loop and swapping them in.
 *
 * A reload compiles on the libuv thread pool; the loop thread then either
 * keeps the running set (any diagnostic error: logged with positions,
 * reload_failures + 1) or swaps the new one in atomically (lv_current_swap),
 * moves the subscriptions to the new set's subjects, and frees the old set
 * once no delivery thread is inside it (lv_current_reclaim, on a timer).
 * One compilation at a time: a request during one is run after it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/service.h"

typedef struct compile_job {
  uv_work_t work;
  lv_service *s;
  lv_ruleset *rs;
  lv_ruleset_diags d;
  double ms;
  const char *reason;
} compile_job;

typedef struct flush_job {
  uv_work_t work;
  lv_service *s;
  natsStatus status;
  char *what;
  uint64_t generation;
  uint32_t added, removed;
} flush_job;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void compile(lv_service *s, compile_job *j) {
  const char *paths[1] = {s->cfg->rules};
  lv_ruleset_opts o;
  memset(&o, 0, sizeof o);
  o.opt_level = (int)s->cfg->opt_level;
  double t0 = now_ms();
  j->rs = lv_ruleset_compile(s->jit, paths, 1, &o, &j->d);
  j->ms = now_ms() - t0;
}

/* Each diagnostic (as `levin check --format json` gives it) on a line. */
static void log_diags(const lv_ruleset_diags *d) {
  const char *p = d->json.data, *end = p ? p + d->json.len : NULL;
  while (p && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n) {
      bool warning = memmem(p, n, "\"severity\":\"warning\"", 20) != NULL;
      lv_logline l;
      lv_log_begin(&l, warning ? LV_LOG_WARN : LV_LOG_ERROR, warning ? "rule warning" : "rule error");
      lv_log_json(&l, "diagnostic", p, n);
      lv_log_end(&l);
    }
    p = nl ? nl + 1 : end;
  }
}

static void log_loaded(lv_service *s, const char *msg, const lv_live *l, double ms) {
  lv_logline lg;
  lv_log_begin(&lg, LV_LOG_INFO, msg);
  lv_log_u64(&lg, "generation", l->generation);
  lv_log_u64(&lg, "streams", l->rs->nstreams);
  lv_log_u64(&lg, "rules", l->rs->nrules);
  lv_log_u64(&lg, "files", l->rs->nfiles);
  lv_log_double(&lg, "compile_ms", ms);
  lv_log_end(&lg);
}

int lv_svc_load_initial(lv_service *s) {
  compile_job j;
  memset(&j, 0, sizeof j);
  compile(s, &j);
  log_diags(&j.d);
  lv_ruleset_diags_free(&j.d);
  if (!j.rs) {
    lv_logline l;
    lv_log_begin(&l, LV_LOG_ERROR, "cannot load the rules");
    lv_log_str(&l, "rules", s->cfg->rules);
    lv_log_end(&l);
    return -1;
  }
  s->generation = 1;
  lv_live *live = lv_live_new(j.rs, s->generation, &s->stats);
  lv_current_swap(&s->cur, live);
  atomic_store(&s->stats.generation, s->generation);
  log_loaded(s, "rules loaded", live, j.ms);
  return 0;
}

/* --- reclamation --------------------------------------------------------------- */

static void reclaim_tick(uv_timer_t *t) {
  lv_service *s = t->data;
  if (lv_current_reclaim(&s->cur) == 0) uv_timer_stop(t);
}

void lv_svc_reclaim_soon(lv_service *s) {
  if (lv_current_reclaim(&s->cur) > 0 && !uv_is_active((uv_handle_t *)&s->reclaim_timer))
    uv_timer_start(&s->reclaim_timer, reclaim_tick, 5, 5);
}

/* --- flushes: a PING/PONG round trip proves the server has our SUBs ---------------- */

static void flush_work(uv_work_t *w) {
  flush_job *f = w->data;
  f->status = natsConnection_FlushTimeout(f->s->nc, 5000);
  nats_ReleaseThreadMemory();
}

static void flush_done(uv_work_t *w, int status) {
  flush_job *f = w->data;
  lv_logline l;
  lv_log_begin(&l, LV_LOG_INFO, f->what);
  lv_log_u64(&l, "generation", f->generation);
  lv_log_u64(&l, "subscriptions", lv_svc_subs_count(f->s));
  if (f->added || f->removed) {
    lv_log_u64(&l, "subscribed", f->added);
    lv_log_u64(&l, "unsubscribed", f->removed);
  }
  lv_log_bool(&l, "confirmed", status == 0 && f->status == NATS_OK);
  lv_log_end(&l);
  free(f->what);
  free(f);
}

static void flush_then_log(lv_service *s, const char *what, uint32_t added, uint32_t removed) {
  flush_job *f = calloc(1, sizeof *f);
  if (!f) abort();
  f->s = s;
  f->what = strdup(what);
  if (!f->what) abort();
  f->generation = s->generation;
  f->added = added;
  f->removed = removed;
  f->work.data = f;
  if (uv_queue_work(s->loop, &f->work, flush_work, flush_done) != 0) {
    free(f->what);
    free(f);
  }
}

void lv_svc_flush_then_log(lv_service *s, const char *what) { flush_then_log(s, what, 0, 0); }

/* --- reloads ------------------------------------------------------------------------ */

static void compile_work(uv_work_t *w) {
  compile_job *j = w->data;
  compile(j->s, j);
}

static void compile_done(uv_work_t *w, int status) {
  compile_job *j = w->data;
  lv_service *s = j->s;
  s->compiling = false;
  if (s->stopping) {
    lv_ruleset_free(j->rs);
  } else if (!j->rs) {
    atomic_fetch_add(&s->stats.reload_failed, 1);
    log_diags(&j->d);
    lv_logline l;
    lv_log_begin(&l, LV_LOG_ERROR, "reload failed: the running rules stay");
    lv_log_str(&l, "reason", j->reason);
    lv_log_u64(&l, "generation", s->generation);
    lv_log_u64(&l, "errors", j->d.errors);
    lv_log_end(&l);
  } else {
    log_diags(&j->d); /* warnings */
    lv_live *live = lv_live_new(j->rs, ++s->generation, &s->stats);
    lv_svc_subs_handoff(s, live);
    lv_current_swap(&s->cur, live);
    atomic_store(&s->stats.generation, s->generation);
    atomic_fetch_add(&s->stats.reload_ok, 1);
    uint32_t added, removed;
    lv_svc_subs_sync(s, &added, &removed);
    log_loaded(s, "rules swapped", live, j->ms);
    lv_svc_reclaim_soon(s);
    flush_then_log(s, "reloaded", added, removed);
  }
  lv_ruleset_diags_free(&j->d);
  free(j);
  if (s->reload_again && !s->stopping) {
    s->reload_again = false;
    lv_svc_reload(s, s->reload_reason);
  }
}

void lv_svc_reload(lv_service *s, const char *reason) {
  if (s->stopping) return;
  if (s->compiling) {
    s->reload_again = true;
    s->reload_reason = reason;
    return;
  }
  compile_job *j = calloc(1, sizeof *j);
  if (!j) abort();
  j->s = s;
  j->reason = reason;
  j->work.data = j;
  /* The watch should not reload these same files again. */
  if (s->watch) lv_watch_rebase(s->watch);
  lv_logline l;
  lv_log_begin(&l, LV_LOG_INFO, "reloading");
  lv_log_str(&l, "reason", reason);
  lv_log_str(&l, "rules", s->cfg->rules);
  lv_log_end(&l);
  if (uv_queue_work(s->loop, &j->work, compile_work, compile_done) != 0) {
    free(j);
    return;
  }
  s->compiling = true;
}
