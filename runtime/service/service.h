/* service.h - levind's parts and the state they share.
 *
 * Threads (docs/levind.md, "Threading"):
 *   - the event loop (main thread): libuv; NATS socket I/O through the
 *     nats.c libuv adapter, signals, the rules directory watch, reload
 *     results, the reclamation timer, the metrics HTTP server, stats replies;
 *   - one nats.c delivery thread per subscription: decodes, evaluates and
 *     acts on each message of its subscription, with its own lv_slot
 *     (worker, counters); the subscription's pending limit is the bounded
 *     queue in front of it;
 *   - the libuv thread pool: compiling rule sets, waiting for flushes;
 *   - nats.c's own threads: connection events (logged), flusher, timers.
 * The loop thread owns every field here unless a comment says otherwise. */
#ifndef LV_SVC_SERVICE_H
#define LV_SVC_SERVICE_H

#include <nats/nats.h>
#include <pthread.h>
#include <stdatomic.h>
#include <uv.h>

#include "bus/auth.h"
#include "jit/jit.h"
#include "metrics/http.h"
#include "metrics/log.h"
#include "reload/current.h"
#include "reload/watch.h"
#include "service/config.h"

typedef struct lv_service lv_service;

/* One NATS subscription: a subject of the current rule set. */
typedef struct lv_sub {
  lv_service *svc;
  char *subject;
  natsSubscription *ns;
  lv_slot slot;          /* the delivery thread's worker */
  /* Delivery thread only: the message in hand, for the sink. */
  natsMsg *msg;
  const char *msg_subject;
  lv_buf scratch;             /* messages being built */
  char msgid_source[256];
  bool msgid_ready;
  uint64_t group_generation; /* cache: generation the group below is for */
  const lv_subject_group *group;
  uint64_t sample;           /* events until the next timed one */
  int64_t dropped_seen;      /* slow-consumer drops last read (loop) */
  uint64_t outbound_since;   /* bytes published since the outbound buffer was last looked at */
  /* Generations (loop thread): the set current when this subscription was
   * made, and the one whose reload removed its subject (0: still in use). */
  uint64_t since, removed_at;
  /* Set (loop thread, before each swap) once a reload removed this subject:
   * the groups of the new set whose subscriptions were made after that
   * removal. The messages this subscription still holds were published
   * before those subscriptions existed, so the delivery thread evaluates
   * them there (by subject) rather than dead-lettering them, and none runs
   * twice. Each new handoff links the one it replaces (`prev`): a delivery
   * thread still on an older set finds that set's, and all are freed with
   * the subscription. */
  struct lv_handoff *_Atomic handoff;
  struct lv_sub *next;      /* on subs or draining (loop thread) */
  struct lv_sub *next_done; /* on completed (under mu): a link of its own, since the
                               delivery thread adds it while the loop still walks `next` */
} lv_sub;

typedef struct lv_handoff {
  uint64_t generation; /* of the set the groups belong to */
  struct lv_handoff *prev; /* the one for the set before */
  uint32_t ngroups;
  uint32_t groups[];   /* indexes in that set's groups */
} lv_handoff;

struct lv_service {
  lv_config *cfg;
  uv_loop_t *loop;
  natsConnection *nc;
  lv_bus_auth auth; /* NKey or .creds signatures, for the connection's lifetime */
  lv_jit *jit;
  lv_stats stats;
  lv_current cur;
  lv_decode_limits limits;

  lv_sub *subs;        /* subscribed, one per subject of the current set */
  lv_sub *draining;    /* being drained after a reload removed their subject */
  uint32_t alive;      /* subs + draining: not yet completed */
  natsSubscription *stats_sub;
  uint64_t dropped_closed; /* slow-consumer drops of destroyed subscriptions */

  /* Handed to the loop by other threads (under mu), then uv_async_send. */
  pthread_mutex_t mu;
  lv_sub *completed;     /* delivery threads done: destroy on the loop */
  char *stats_replies[16];
  uint32_t nreplies;
  uv_async_t wake;
  _Atomic bool conn_closed;
  _Atomic bool drain_failed; /* the drain timed out: events may be lost */
  bool stats_sub_done;

  /* Reloads. */
  bool compiling, reload_again;
  const char *reload_reason;
  uint64_t generation;
  lv_watch *watch;
  uv_timer_t reclaim_timer;
  uv_work_t flush_work;
  bool flushing;
  const char *flush_what; /* "ready" or "subscriptions updated" */

  uv_signal_t sig_hup, sig_term, sig_int;
  lv_http *http;

  _Atomic bool stopping; /* SIGTERM/SIGINT seen: draining */
  bool closed_handled;
  int exit_code;
};

/* conn.c: connects with the configured options; the callbacks log every
 * disconnect and reconnect. Returns 0, or -1 after logging why. */
int lv_svc_connect(lv_service *s);
/* The nats.c libuv adapter: once, on the loop thread, before connecting. */
void lv_svc_loop_setup(uv_loop_t *loop);

/* subs.c */
/* Subscribes to the current set's subjects that have no subscription and
 * drains the subscriptions of subjects it no longer has. Logs changes. */
/* Before a reload swaps in next: hands the messages of subscriptions whose
 * subject next drops to next's newly subscribed groups (lv_sub.handoff). */
void lv_svc_subs_handoff(lv_service *s, const lv_live *next);
void lv_svc_subs_sync(lv_service *s, uint32_t *added, uint32_t *removed);
/* Destroys the subscriptions whose delivery threads have finished. */
void lv_svc_subs_collect(lv_service *s);
/* Slow-consumer drops, all subscriptions, past and present. */
uint64_t lv_svc_subs_dropped(lv_service *s);
uint32_t lv_svc_subs_count(const lv_service *s);

/* reload.c */
/* Compiles the rules (initial load: on this thread; exits on failure). */
int lv_svc_load_initial(lv_service *s);
/* Starts a reload off the loop (or queues one if one is running). */
void lv_svc_reload(lv_service *s, const char *reason);
/* Starts the reclamation timer while replaced sets are waiting to be freed. */
void lv_svc_reclaim_soon(lv_service *s);
/* Confirms subscriptions with the server (a flush, off the loop), then
 * logs `what`. */
void lv_svc_flush_then_log(lv_service *s, const char *what);

/* loop.c */
void lv_svc_snapshot(lv_service *s, lv_snapshot *snap);
int lv_service_run(lv_config *cfg);

#endif
