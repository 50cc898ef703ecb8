/* loop.c - levind's event loop: start, signals, metrics, stats requests,
 * and the drain on SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus/publish.h"
#include "service/service.h"

void lv_svc_snapshot(lv_service *s, lv_snapshot *snap) {
  lv_current_snapshot(&s->cur, snap);
  snap->dropped += lv_svc_subs_dropped(s);
  snap->subscriptions = lv_svc_subs_count(s);
}

/* --- metrics over HTTP ----------------------------------------------------------- */

static void http_handler(void *ctx, const char *path, lv_http_response *resp) {
  lv_service *s = ctx;
  if (strcmp(path, "/metrics") == 0) {
    lv_snapshot snap;
    lv_svc_snapshot(s, &snap);
    lv_snapshot_prometheus(&resp->body, &snap);
    lv_snapshot_free(&snap);
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
  } else if (strcmp(path, "/healthz") == 0) {
    bool connected = atomic_load(&s->stats.connected);
    const char *status = s->stopping ? "draining" : !connected ? "disconnected" : "ok";
    resp->status = strcmp(status, "ok") == 0 ? 200 : 503;
    resp->content_type = "application/json";
    lv_buf_printf(&resp->body, "{\"status\":\"%s\",\"generation\":%llu,\"connected\":%s}\n", status,
                  (unsigned long long)s->generation, connected ? "true" : "false");
  } else {
    resp->status = 404;
    lv_buf_puts(&resp->body, "not found: try /metrics or /healthz\n");
  }
}

/* --- stats over NATS: requests are answered on the loop ---------------------------- */

static void on_stats_request(natsConnection *nc, natsSubscription *sub, natsMsg *m, void *closure) {
  lv_service *s = closure;
  const char *reply = natsMsg_GetReply(m);
  if (reply && reply[0]) {
    pthread_mutex_lock(&s->mu);
    if (s->nreplies < sizeof s->stats_replies / sizeof s->stats_replies[0]) {
      s->stats_replies[s->nreplies] = strdup(reply);
      if (s->stats_replies[s->nreplies]) s->nreplies++;
    } else {
      atomic_fetch_add(&s->stats.stats_requests_dropped, 1);
    }
    pthread_mutex_unlock(&s->mu);
    uv_async_send(&s->wake);
  }
  natsMsg_Destroy(m);
}

static void on_stats_complete(void *closure) {
  lv_service *s = closure;
  pthread_mutex_lock(&s->mu);
  s->stats_sub_done = true;
  pthread_mutex_unlock(&s->mu);
  uv_async_send(&s->wake);
}

static void answer_stats(lv_service *s) {
  char *replies[16];
  pthread_mutex_lock(&s->mu);
  uint32_t n = s->nreplies;
  memcpy(replies, s->stats_replies, n * sizeof *replies);
  s->nreplies = 0;
  pthread_mutex_unlock(&s->mu);
  if (!n) return;
  lv_snapshot snap;
  lv_svc_snapshot(s, &snap);
  lv_buf b = LV_BUF_INIT;
  lv_snapshot_json(&b, &snap, s->cfg->name, (long)getpid());
  lv_snapshot_free(&snap);
  for (uint32_t i = 0; i < n; i++) {
    natsStatus st = natsConnection_Publish(s->nc, replies[i], b.data, (int)b.len);
    if (st != NATS_OK) {
      lv_logline l;
      lv_log_begin(&l, LV_LOG_WARN, "cannot answer a stats request");
      lv_log_str(&l, "error", natsStatus_GetText(st));
      lv_log_u64(&l, "bytes", b.len);
      lv_log_end(&l);
    }
    free(replies[i]);
  }
  lv_buf_free(&b);
}

static void subscribe_stats(lv_service *s) {
  char subject[600];
  snprintf(subject, sizeof subject, "%s.stats", s->cfg->prefix);
  natsStatus st = natsConnection_Subscribe(&s->stats_sub, s->nc, subject, on_stats_request, s);
  if (st == NATS_OK) st = natsSubscription_SetOnCompleteCB(s->stats_sub, on_stats_complete, s);
  if (st != NATS_OK) {
    lv_logline l;
    lv_log_begin(&l, LV_LOG_WARN, "cannot answer stats requests");
    lv_log_str(&l, "subject", subject);
    lv_log_str(&l, "error", natsStatus_GetText(st));
    lv_log_end(&l);
    if (s->stats_sub) natsSubscription_Unsubscribe(s->stats_sub);
    else s->stats_sub_done = true;
  }
}

/* --- stopping --------------------------------------------------------------------- */

static void log_final(lv_service *s);

/* The exit status once the loop is done: a drain that timed out is a
 * failure (events in hand may be lost), said once. */
static void settle_exit_code(lv_service *s) {
  if (atomic_load(&s->drain_failed) && s->exit_code == 0) {
    lv_log_msg(LV_LOG_ERROR, "the drain did not finish in time: events in hand may be lost");
    s->exit_code = 1;
  }
}

/* Closes the handles levind made; the NATS adapter closes its own when the
 * connection detaches (closing them here too would close them twice). The
 * loop returns once every handle is closed. */
static void close_own_handles(lv_service *s) {
  lv_watch_stop(s->watch);
  s->watch = NULL;
  lv_http_stop(s->http);
  s->http = NULL;
  uv_handle_t *own[] = {(uv_handle_t *)&s->wake, (uv_handle_t *)&s->reclaim_timer, (uv_handle_t *)&s->sig_hup,
                        (uv_handle_t *)&s->sig_term, (uv_handle_t *)&s->sig_int};
  for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
    if (!uv_is_closing(own[i])) uv_close(own[i], NULL);
}

/* Everything is finished when the connection is closed and every
 * subscription's delivery thread has returned. */
static void maybe_finish(lv_service *s) {
  if (!s->closed_handled || s->alive > 0) return;
  pthread_mutex_lock(&s->mu);
  bool stats_done = s->stats_sub_done;
  pthread_mutex_unlock(&s->mu);
  if (!stats_done) return;
  lv_current_reclaim(&s->cur);
  close_own_handles(s);
  /* A reload still compiling would keep the loop (and the process) alive
   * past the drain, with its signal handlers gone: its result is not
   * wanted, so levind ends here. */
  if (s->compiling) {
    lv_log_msg(LV_LOG_INFO, "a reload was still compiling: abandoned");
    settle_exit_code(s);
    log_final(s);
    _exit(s->exit_code);
  }
}

static void on_wake(uv_async_t *a) {
  lv_service *s = a->data;
  lv_svc_subs_collect(s);
  answer_stats(s);
  if (atomic_load(&s->conn_closed) && !s->closed_handled) {
    s->closed_handled = true;
    if (!s->stopping) {
      lv_log_msg(LV_LOG_ERROR, "the NATS connection is closed for good (reconnection gave up)");
      s->exit_code = 1;
    }
  }
  maybe_finish(s);
}

static void start_stopping(lv_service *s, int signum) {
  if (s->stopping) {
    lv_log_msg(LV_LOG_WARN, "second signal: closing now, events in hand may be lost");
    s->exit_code = 1;
    natsConnection_Close(s->nc);
    return;
  }
  s->stopping = true;
  lv_logline l;
  lv_log_begin(&l, LV_LOG_INFO, "stopping: no new events; finishing the ones in hand");
  lv_log_str(&l, "signal", signum == SIGTERM ? "SIGTERM" : "SIGINT");
  lv_log_i64(&l, "drain_timeout_ms", s->cfg->drain_timeout_ms);
  lv_log_end(&l);
  s->reload_again = false;
  lv_watch_stop(s->watch);
  s->watch = NULL;
  /* nats.c forgets a subscription's drop count once it is closed: read
   * them now (nothing is dropped during the drain: no new messages). */
  (void)lv_svc_subs_dropped(s);
  /* Drain: unsubscribe, let the delivery threads finish what they hold,
   * flush the publishes, close. on_closed wakes the loop. */
  natsStatus st = natsConnection_DrainTimeout(s->nc, s->cfg->drain_timeout_ms);
  if (st != NATS_OK) {
    lv_logline e;
    lv_log_begin(&e, LV_LOG_WARN, "cannot drain the NATS connection; closing it");
    lv_log_str(&e, "error", natsStatus_GetText(st));
    lv_log_end(&e);
    natsConnection_Close(s->nc);
  }
}

static void on_signal(uv_signal_t *h, int signum) {
  lv_service *s = h->data;
  if (signum == SIGHUP) lv_svc_reload(s, "SIGHUP");
  else start_stopping(s, signum);
}

static void on_rules_changed(void *ctx) { lv_svc_reload(ctx, "rule files changed"); }

/* Signals that arrive before the loop watches them (the first compile can
 * take seconds, the first connection too) are held blocked until it does,
 * instead of their default action killing the process unlogged. Blocked,
 * not caught: a handler would interrupt nats.c's poll() in the first
 * connection (EINTR fails it). Threads started meanwhile (nats.c's, LLVM's,
 * libuv's pool) keep them blocked, so the main thread receives them. */
static void hold_signals(int how) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(how, &set, NULL);
}

/* --- running ------------------------------------------------------------------------ */

static void log_final(lv_service *s) {
  lv_snapshot snap;
  lv_current_snapshot(&s->cur, &snap);
  snap.dropped += s->dropped_closed;
  uint64_t in = 0, dead = 0;
  for (uint32_t i = 0; i < snap.nstreams; i++) {
    in += snap.streams[i].in;
    dead += snap.streams[i].dead;
  }
  lv_logline l;
  lv_log_begin(&l, s->exit_code ? LV_LOG_WARN : LV_LOG_INFO, "stopped");
  lv_log_u64(&l, "messages", snap.slots.received);
  lv_log_u64(&l, "events", in);
  lv_log_u64(&l, "dead_letters", dead + snap.slots.unmatched);
  lv_log_u64(&l, "actions_published", snap.slots.published);
  lv_log_u64(&l, "actions_failed", snap.slots.action_errors);
  lv_log_u64(&l, "dropped", snap.dropped);
  lv_log_i64(&l, "exit", s->exit_code);
  lv_log_end(&l);
  lv_snapshot_free(&snap);
}

int lv_service_run(lv_config *cfg) {
  lv_service svc, *s = &svc;
  memset(s, 0, sizeof *s);
  s->cfg = cfg;
  s->limits.max_bytes = (size_t)cfg->max_payload;
  s->limits.max_depth = (uint32_t)cfg->max_json_depth;
  signal(SIGPIPE, SIG_IGN);
  hold_signals(SIG_BLOCK);
  lv_stats_init(&s->stats);
  lv_current_init(&s->cur, &s->stats);
  pthread_mutex_init(&s->mu, NULL);
  uv_loop_t loop;
  uv_loop_init(&loop);
  s->loop = &loop;
  int rc = 1;

  lv_logline l;
  lv_log_begin(&l, LV_LOG_INFO, "starting");
  lv_log_str(&l, "version", LEVIN_VERSION);
  lv_log_str(&l, "name", cfg->name);
  lv_log_str(&l, "rules", cfg->rules);
  lv_log_i64(&l, "pid", (int64_t)getpid());
  lv_log_end(&l);

  char err[512];
  if (lv_jit_new(&s->jit, err, sizeof err) != 0) {
    lv_logline e;
    lv_log_begin(&e, LV_LOG_ERROR, "cannot start the JIT");
    lv_log_str(&e, "error", err);
    lv_log_end(&e);
    s->jit = NULL;
    goto out;
  }
  if (nats_Open(-1) != NATS_OK) {
    lv_log_msg(LV_LOG_ERROR, "cannot initialize the NATS library");
    goto out;
  }
  lv_svc_loop_setup(&loop);
  lv_log_msg(LV_LOG_DEBUG, lv_bus_init() ? "publishing headers in wire form" : "publishing headers through nats.c's header API");
  uv_async_init(&loop, &s->wake, on_wake);
  s->wake.data = s;
  uv_timer_init(&loop, &s->reclaim_timer);
  s->reclaim_timer.data = s;
  uv_signal_init(&loop, &s->sig_hup);
  uv_signal_init(&loop, &s->sig_term);
  uv_signal_init(&loop, &s->sig_int);
  s->sig_hup.data = s->sig_term.data = s->sig_int.data = s;
  /* Watch before the first compilation, so no change goes unseen. */
  if (cfg->watch && lv_watch_start(&s->watch, &loop, cfg->rules, (uint32_t)cfg->reload_debounce_ms,
                                   on_rules_changed, s, err, sizeof err) != 0) {
    lv_logline w;
    lv_log_begin(&w, LV_LOG_WARN, "no directory watch: reload with SIGHUP");
    lv_log_str(&w, "error", err);
    lv_log_end(&w);
    s->watch = NULL;
  }
  if (lv_svc_load_initial(s) != 0) goto stop_loop;
  if (cfg->metrics) {
    if (lv_http_start(&s->http, &loop, cfg->metrics, http_handler, s, err, sizeof err) != 0) {
      lv_logline e;
      lv_log_begin(&e, LV_LOG_ERROR, "cannot serve metrics");
      lv_log_str(&e, "error", err);
      lv_log_end(&e);
      s->http = NULL;
      goto stop_loop;
    }
    lv_logline m;
    lv_log_begin(&m, LV_LOG_INFO, "serving metrics");
    lv_log_str(&m, "address", cfg->metrics);
    lv_log_i64(&m, "port", lv_http_port(s->http));
    lv_log_end(&m);
  }
  if (lv_svc_connect(s) != 0) goto stop_loop;
  uint32_t added, removed;
  lv_svc_subs_sync(s, &added, &removed);
  subscribe_stats(s);
  uv_signal_start(&s->sig_hup, on_signal, SIGHUP);
  uv_signal_start(&s->sig_term, on_signal, SIGTERM);
  uv_signal_start(&s->sig_int, on_signal, SIGINT);
  lv_svc_flush_then_log(s, "ready");
  hold_signals(SIG_UNBLOCK); /* any held now reaches the watchers above */
  uv_run(&loop, UV_RUN_DEFAULT);
  settle_exit_code(s);
  rc = s->exit_code;
  log_final(s);
  natsSubscription_Destroy(s->stats_sub);
  s->stats_sub = NULL;
  natsConnection_Destroy(s->nc);
  s->nc = NULL;
  goto out;

stop_loop:
  /* Started handles must be closed before the loop can be closed. */
  close_own_handles(s);
  uv_run(&loop, UV_RUN_DEFAULT);
  rc = 1;
out:
  lv_current_free(&s->cur);
  if (s->jit) lv_jit_free(s->jit);
  uv_loop_close(&loop);
  nats_CloseAndWait(2000);
  lv_stats_free(&s->stats);
  pthread_mutex_destroy(&s->mu);
  return rc;
}
