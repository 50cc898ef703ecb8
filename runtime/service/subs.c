/* subs.c - subscriptions that follow the rule set, and what happens to each
 * message: on the subscription's delivery thread, decode, evaluate and act
 * with the rule set current at that moment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions/msgid.h"
#include "bus/publish.h"
#include "service/service.h"

/* Error lines of each kind: at most 20 a second (the counters count all). */
static lv_ratelimit rl_dead = LV_RATELIMIT_INIT(20);
static lv_ratelimit rl_rule = LV_RATELIMIT_INIT(20);
static lv_ratelimit rl_action = LV_RATELIMIT_INIT(20);
static lv_ratelimit rl_publish = LV_RATELIMIT_INIT(20);
static lv_ratelimit rl_outbound = LV_RATELIMIT_INIT(1);

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool limited_begin(lv_logline *l, lv_ratelimit *r, lv_log_level level, const char *msg) {
  uint64_t suppressed = 0;
  if (!lv_log_enabled(level) || !lv_ratelimit_take(r, &suppressed)) return false;
  lv_log_begin(l, level, msg);
  if (suppressed) lv_log_u64(l, "suppressed", suppressed);
  return true;
}

/* --- the sink: what the engine reports, for the message in hand ---------------- */

static const char *msg_data(const natsMsg *m, size_t *len) {
  const char *d = natsMsg_GetData(m);
  int n = natsMsg_GetDataLength(m);
  *len = d && n > 0 ? (size_t)n : 0;
  return d ? d : "";
}

static const char *msgid_source(lv_sub *b) {
  if (!b->msgid_ready) {
    const char *src = NULL;
    if (natsMsgHeader_Get(b->msg, "Nats-Msg-Id", &src) != NATS_OK || !src || !src[0]) src = NULL;
    size_t dlen;
    const char *data = msg_data(b->msg, &dlen);
    lv_msgid_source(b->msgid_source, sizeof b->msgid_source, src, src ? strlen(src) : 0, b->msg_subject,
                    strlen(b->msg_subject), data, dlen);
    b->msgid_ready = true;
  }
  return b->msgid_source;
}

static void publish_failed(lv_sub *b, const char *what, const char *subject, const char *rule, natsStatus st) {
  lv_logline l;
  if (!limited_begin(&l, &rl_publish, LV_LOG_WARN, what)) return;
  if (rule) lv_log_str(&l, "rule", rule);
  lv_log_str(&l, "subject", subject);
  lv_log_str(&l, "error", natsStatus_GetText(st));
  lv_log_str(&l, "source_subject", b->msg_subject);
  lv_log_end(&l);
}

/* Publishes leave through nats.c's outbound buffer, which the libuv thread
 * writes to the socket. Driven by an event loop, nats.c lets that buffer
 * grow without bound, so rules firing faster than the server takes their
 * messages (a stalled or overloaded server) would grow levind's memory
 * until it catches up. Past max-outbound-bytes the delivery thread waits
 * for the buffer to drain to half: memory stays bounded, and events wait
 * in nats.c's pending queue instead, where max-pending bounds them and
 * drops are counted. Looked at every 256 KiB published, since it takes the
 * connection's lock. */
#define OUTBOUND_CHECK_BYTES (256u * 1024)
#define OUTBOUND_MAX_WAIT_NS (5ull * 1000000000u)

static void outbound_backpressure(lv_sub *b, size_t bytes) {
  b->outbound_since += bytes;
  if (b->outbound_since < OUTBOUND_CHECK_BYTES) return;
  b->outbound_since = 0;
  natsConnection *nc = b->svc->nc;
  int64_t high = b->svc->cfg->max_outbound_bytes;
  int n = natsConnection_Buffered(nc);
  if (n <= high) return;
  b->slot.c.outbound_waits++;
  uint64_t t0 = now_ns();
  /* While disconnected nats.c keeps publishes in its reconnect buffer
   * instead (bounded by reconnect-buffer): nothing to wait for then. */
  while (n > high / 2 && natsConnection_Status(nc) == NATS_CONN_STATUS_CONNECTED) {
    if (now_ns() - t0 > OUTBOUND_MAX_WAIT_NS) {
      lv_logline l;
      if (limited_begin(&l, &rl_outbound, LV_LOG_WARN, "NATS is not taking publishes: going on past max-outbound-bytes")) {
        lv_log_u64(&l, "buffered_bytes", (uint64_t)n);
        lv_log_end(&l);
      }
      return;
    }
    struct timespec ts = {0, 200 * 1000};
    nanosleep(&ts, NULL);
    n = natsConnection_Buffered(nc);
  }
}

static void sink_publish(void *ctx, const lv_rs_stream *st, const lv_rs_rule *rule, uint32_t action,
                         const char *subject, size_t slen, const char *json, size_t jlen) {
  lv_sub *b = ctx;
  char id[LV_MSGID_MAX + 1];
  lv_msgid_action(id, sizeof id, msgid_source(b), rule->name, action);
  natsStatus s = lv_bus_publish_action(b->svc->nc, &b->scratch, subject, slen, json, jlen, rule->name, b->msg_subject, id);
  if (s == NATS_OK) {
    b->slot.c.published++;
    outbound_backpressure(b, slen + jlen + 256);
    return;
  }
  b->slot.c.action_errors++;
  b->slot.c.publish_errors++;
  char subj[512];
  snprintf(subj, sizeof subj, "%.*s", (int)(slen > 500 ? 500 : slen), subject);
  publish_failed(b, "action not published: NATS refused it", subj, rule->name, s);
}

static void sink_log(void *ctx, const lv_rs_rule *rule, uint32_t action, lv_log_level level, const char *msg,
                     size_t len) {
  lv_sub *b = ctx;
  b->slot.c.logged++;
  lv_logline l;
  lv_log_begin_n(&l, level, msg, len);
  lv_log_str(&l, "rule", rule->name);
  lv_log_str(&l, "subject", b->msg_subject);
  lv_log_end(&l);
}

static void dead_letter(lv_sub *b, const char *stream, const char *reason, const char *path) {
  size_t dlen;
  const char *data = msg_data(b->msg, &dlen);
  char id[LV_MSGID_MAX + 1];
  lv_msgid_dead_letter(id, sizeof id, msgid_source(b), stream ? stream : "_unmatched");
  natsStatus s = lv_bus_publish_dead_letter(b->svc->nc, &b->scratch, b->svc->cfg->prefix, stream, b->msg_subject, reason, path,
                                            data, dlen, id);
  if (s == NATS_OK) {
    b->slot.c.dead_letters++;
    outbound_backpressure(b, dlen + 256);
  } else {
    b->slot.c.publish_errors++;
    /* The subject NATS refused is the dead letter's, as for actions; the
     * event's own subject goes in source_subject. */
    lv_buf subj = LV_BUF_INIT;
    lv_bus_dead_letter_subject(&subj, b->svc->cfg->prefix, stream);
    publish_failed(b, "dead letter not published: NATS refused it", subj.data, NULL, s);
    lv_buf_free(&subj);
  }
  lv_logline l;
  if (!limited_begin(&l, &rl_dead, LV_LOG_INFO, "dead letter")) return;
  if (stream) lv_log_str(&l, "stream", stream);
  lv_log_str(&l, "subject", b->msg_subject);
  lv_log_str(&l, "reason", reason);
  if (path && path[0]) lv_log_str(&l, "path", path);
  lv_log_end(&l);
}

static void sink_dead_letter(void *ctx, const lv_rs_stream *st, const lv_decode_error *why) {
  dead_letter(ctx, st->name, why->reason, why->path[0] ? why->path : "$");
}

static void sink_rule_error(void *ctx, const lv_rs_rule *rule, const lv_err *err) {
  lv_sub *b = ctx;
  lv_logline l;
  if (!limited_begin(&l, &rl_rule, LV_LOG_WARN, "rule error: the rule did not fire")) return;
  lv_log_str(&l, "rule", rule->name);
  lv_log_str(&l, "where", rule->where);
  lv_log_str(&l, "error", err && err->msg ? err->msg : "evaluation failed");
  lv_log_str(&l, "subject", b->msg_subject);
  lv_log_end(&l);
}

static void sink_action_error(void *ctx, const lv_rs_rule *rule, uint32_t action, const lv_err *err) {
  lv_sub *b = ctx;
  b->slot.c.action_errors++;
  lv_logline l;
  if (!limited_begin(&l, &rl_action, LV_LOG_WARN, "action failed")) return;
  lv_log_str(&l, "rule", rule->name);
  lv_log_u64(&l, "action", action);
  if (action < rule->nactions) lv_log_str(&l, "where", rule->actions[action].where);
  lv_log_str(&l, "error", err && err->msg ? err->msg : "evaluation failed");
  lv_log_str(&l, "subject", b->msg_subject);
  lv_log_end(&l);
}

/* --- the delivery thread ----------------------------------------------------------- */

/* The message of a drained subscription, evaluated by the groups its
 * removal handed it to. false when none of them matches its subject. */
static bool handed_off(lv_sub *b, lv_live *l, const lv_sink *sink) {
  const lv_handoff *h = atomic_load(&b->handoff);
  while (h && h->generation > l->generation) h = h->prev; /* made for a set not yet current */
  if (!h || h->generation != l->generation) return false;
  bool any = false;
  size_t dlen = 0, slen = strlen(b->msg_subject);
  const char *data = NULL;
  for (uint32_t g = 0; g < h->ngroups; g++) {
    const lv_subject_group *grp = &l->groups[h->groups[g]];
    /* A group's streams share its subscription subject. */
    if (!grp->nstreams || !lv_rs_stream_matches(&l->rs->streams[grp->streams[0]], b->msg_subject, slen)) continue;
    if (!data) data = msg_data(b->msg, &dlen);
    any = true;
    for (uint32_t i = 0; i < grp->nstreams; i++)
      lv_engine_process(&b->slot.w, l->rs, &l->rs->streams[grp->streams[i]], b->msg_subject, slen, data, dlen, sink);
  }
  return any;
}

static void on_msg(natsConnection *nc, natsSubscription *ns, natsMsg *m, void *closure) {
  lv_sub *b = closure;
  lv_service *s = b->svc;
  static const lv_sink sink_fns = {NULL, sink_publish, sink_log, sink_dead_letter, sink_rule_error, sink_action_error};
  lv_sink sink = sink_fns;
  sink.ctx = b;
  b->msg = m;
  b->msg_subject = natsMsg_GetSubject(m);
  b->msgid_ready = false;
  b->slot.c.received++;
  bool timed = --b->sample == 0;
  uint64_t t0 = 0;
  if (timed) {
    b->sample = (uint64_t)s->cfg->latency_sample;
    t0 = now_ns();
  }
  lv_live *l = lv_current_enter(&s->cur, &b->slot);
  if (l && b->group_generation != l->generation) {
    b->group = lv_live_group(l, b->subject);
    b->group_generation = l->generation;
  }
  if (!l || !b->group) {
    /* A reload removed every stream of this subscription's subject; it is
     * being drained. Groups that reload subscribed to take the messages
     * their subjects match (see lv_sub.handoff); the rest are dead. */
    if (!(l && handed_off(b, l, &sink))) {
      b->slot.c.unmatched++;
      char reason[600];
      snprintf(reason, sizeof reason, "no stream of the current rules (generation %llu) matches subject '%s'",
               (unsigned long long)(l ? l->generation : 0), b->msg_subject);
      dead_letter(b, NULL, reason, NULL);
    }
  } else {
    size_t dlen;
    const char *data = msg_data(m, &dlen);
    size_t slen = strlen(b->msg_subject);
    for (uint32_t i = 0; i < b->group->nstreams; i++)
      lv_engine_process(&b->slot.w, l->rs, &l->rs->streams[b->group->streams[i]], b->msg_subject, slen, data, dlen,
                        &sink);
  }
  lv_current_leave(&b->slot);
  if (timed) lv_latency_add(&b->slot.c.latency, now_ns() - t0);
  b->msg = NULL;
  natsMsg_Destroy(m);
}

static void on_complete(void *closure) {
  lv_sub *b = closure;
  lv_service *s = b->svc;
  lv_current_detach(&s->cur, &b->slot);
  pthread_mutex_lock(&s->mu);
  b->next_done = s->completed;
  s->completed = b;
  pthread_mutex_unlock(&s->mu);
  uv_async_send(&s->wake);
}

/* --- the subscription set (loop thread) --------------------------------------------- */

static lv_sub *subscribe(lv_service *s, const char *subject) {
  lv_sub *b = calloc(1, sizeof *b);
  if (!b) abort();
  b->svc = s;
  b->subject = strdup(subject);
  if (!b->subject) abort();
  b->sample = 1;
  lv_slot_init(&b->slot, &s->limits, (size_t)s->cfg->eval_memory);
  lv_current_attach(&s->cur, &b->slot);
  const lv_config *c = s->cfg;
  natsStatus st = c->queue ? natsConnection_QueueSubscribe(&b->ns, s->nc, subject, c->queue, on_msg, b)
                           : natsConnection_Subscribe(&b->ns, s->nc, subject, on_msg, b);
  if (st == NATS_OK) st = natsSubscription_SetOnCompleteCB(b->ns, on_complete, b);
  lv_logline l;
  if (st != NATS_OK) {
    lv_log_begin(&l, LV_LOG_ERROR, "cannot subscribe");
    lv_log_str(&l, "subject", subject);
    lv_log_str(&l, "error", natsStatus_GetText(st));
    lv_log_end(&l);
    if (b->ns) {
      /* Subscribed, but its completion cannot be known (the connection is
       * closing): its delivery thread may still run, so it is left as it
       * is - never freed - rather than freed under that thread. */
      natsSubscription_Unsubscribe(b->ns);
      return NULL;
    }
    lv_current_detach(&s->cur, &b->slot);
    free(b->subject);
    free(b);
    return NULL;
  }
  if ((st = natsSubscription_SetPendingLimits(b->ns, (int)c->max_pending, (int)c->max_pending_bytes)) != NATS_OK) {
    lv_log_begin(&l, LV_LOG_WARN, "cannot set the pending limits; nats.c's defaults apply");
    lv_log_str(&l, "subject", subject);
    lv_log_str(&l, "error", natsStatus_GetText(st));
    lv_log_end(&l);
  }
  s->alive++;
  lv_log_begin(&l, LV_LOG_INFO, "subscribed");
  lv_log_str(&l, "subject", subject);
  if (c->queue) lv_log_str(&l, "queue", c->queue);
  lv_log_end(&l);
  return b;
}

/* Brings b's drop count up to nats.c's, while nats.c still has it: a
 * closed subscription's count is gone. */
static void note_dropped(lv_sub *b) {
  int64_t dropped = 0;
  if (natsSubscription_GetDropped(b->ns, &dropped) == NATS_OK && dropped > b->dropped_seen) b->dropped_seen = dropped;
}

/* The handoff of b, removed at generation removed_at, in next: the groups
 * whose subscription was made after that (or is made by this reload). */
static void set_handoff(lv_service *s, lv_sub *b, uint64_t removed_at, const lv_live *next) {
  lv_handoff *h = malloc(sizeof *h + (next->ngroups + 1) * sizeof h->groups[0]);
  if (!h) abort();
  h->generation = next->generation;
  h->prev = atomic_load(&b->handoff); /* only the loop thread writes it */
  h->ngroups = 0;
  for (uint32_t i = 0; i < next->ngroups; i++) {
    const lv_sub *x = NULL;
    for (lv_sub *y = s->subs; y && !x; y = y->next)
      if (strcmp(y->subject, next->groups[i].subject) == 0) x = y;
    if (!x || x->since > removed_at) h->groups[h->ngroups++] = i; /* made after b's removal */
  }
  atomic_store(&b->handoff, h);
}

void lv_svc_subs_handoff(lv_service *s, const lv_live *next) {
  for (lv_sub *b = s->subs; b; b = b->next)
    if (!lv_live_group(next, b->subject)) set_handoff(s, b, next->generation, next);
  for (lv_sub *b = s->draining; b; b = b->next) set_handoff(s, b, b->removed_at, next);
}

void lv_svc_subs_sync(lv_service *s, uint32_t *added, uint32_t *removed) {
  lv_live *l = lv_current_get(&s->cur);
  *added = *removed = 0;
  if (!l) return;
  /* Removed subjects first: their subscriptions are drained, so the
   * messages already received are still handled (dead-lettered, since no
   * stream has their subject any more) and none is lost. */
  for (lv_sub **pp = &s->subs; *pp;) {
    lv_sub *b = *pp;
    if (lv_live_group(l, b->subject)) {
      pp = &b->next;
      continue;
    }
    *pp = b->next;
    note_dropped(b);
    natsStatus st = natsSubscription_DrainTimeout(b->ns, s->cfg->drain_timeout_ms);
    if (st != NATS_OK) {
      /* No drain while disconnected: what is queued is dropped, and said. */
      int pending = 0, bytes = 0;
      natsSubscription_GetPending(b->ns, &pending, &bytes);
      natsSubscription_Unsubscribe(b->ns);
      b->dropped_seen += pending;
      lv_logline w;
      lv_log_begin(&w, pending ? LV_LOG_WARN : LV_LOG_INFO, "subscription closed without a drain");
      lv_log_str(&w, "subject", b->subject);
      lv_log_str(&w, "error", natsStatus_GetText(st));
      lv_log_i64(&w, "dropped", pending);
      lv_log_end(&w);
    }
    b->removed_at = l->generation;
    b->next = s->draining;
    s->draining = b;
    (*removed)++;
    lv_logline lg;
    lv_log_begin(&lg, LV_LOG_INFO, "unsubscribed");
    lv_log_str(&lg, "subject", b->subject);
    lv_log_end(&lg);
  }
  for (uint32_t i = 0; i < l->ngroups; i++) {
    const char *subject = l->groups[i].subject;
    bool have = false;
    for (lv_sub *b = s->subs; b && !have; b = b->next) have = strcmp(b->subject, subject) == 0;
    if (have) continue;
    lv_sub *b = subscribe(s, subject);
    if (!b) continue;
    b->since = l->generation;
    b->next = s->subs;
    s->subs = b;
    (*added)++;
  }
}

static void unlink_sub(lv_sub **list, lv_sub *b) {
  for (lv_sub **pp = list; *pp; pp = &(*pp)->next) {
    if (*pp == b) {
      *pp = b->next;
      return;
    }
  }
}

void lv_svc_subs_collect(lv_service *s) {
  pthread_mutex_lock(&s->mu);
  lv_sub *done = s->completed;
  s->completed = NULL;
  pthread_mutex_unlock(&s->mu);
  while (done) {
    lv_sub *b = done;
    done = b->next_done;
    unlink_sub(&s->subs, b);
    unlink_sub(&s->draining, b);
    note_dropped(b);
    s->dropped_closed += (uint64_t)b->dropped_seen;
    for (lv_handoff *h = atomic_load(&b->handoff); h;) {
      lv_handoff *prev = h->prev;
      free(h);
      h = prev;
    }
    natsSubscription_Destroy(b->ns);
    lv_buf_free(&b->scratch);
    free(b->subject);
    free(b);
    s->alive--;
  }
}

static uint64_t dropped_of(lv_sub *list) {
  uint64_t n = 0;
  for (lv_sub *b = list; b; b = b->next) {
    note_dropped(b);
    n += (uint64_t)b->dropped_seen;
  }
  return n;
}

uint64_t lv_svc_subs_dropped(lv_service *s) {
  return s->dropped_closed + dropped_of(s->subs) + dropped_of(s->draining);
}

uint32_t lv_svc_subs_count(const lv_service *s) {
  uint32_t n = 0;
  for (const lv_sub *b = s->subs; b; b = b->next) n++;
  return n;
}
