/* conn.c - the NATS connection: servers, credentials, TLS, reconnection,
 * and a log line for every change of state. Secrets go to nats.c only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus/auth.h"
#include "service/service.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#include <nats/adapters/libuv.h>
#pragma GCC diagnostic pop

static void log_server(lv_logline *l, natsConnection *nc) {
  char url[1024];
  if (natsConnection_GetConnectedUrl(nc, url, sizeof url) == NATS_OK && url[0]) lv_log_url(l, "server", url);
}

static void on_disconnected(natsConnection *nc, void *closure) {
  lv_service *s = closure;
  atomic_store(&s->stats.connected, false);
  atomic_fetch_add(&s->stats.disconnects, 1);
  lv_logline l;
  lv_log_begin(&l, s->stopping ? LV_LOG_INFO : LV_LOG_WARN, "disconnected from NATS");
  const char *why = NULL;
  if (natsConnection_GetLastError(nc, &why) != NATS_OK && why && why[0]) lv_log_str(&l, "error", why);
  lv_log_end(&l);
}

static void on_reconnected(natsConnection *nc, void *closure) {
  lv_service *s = closure;
  atomic_store(&s->stats.connected, true);
  atomic_fetch_add(&s->stats.reconnects, 1);
  lv_logline l;
  lv_log_begin(&l, LV_LOG_INFO, "reconnected to NATS");
  log_server(&l, nc);
  lv_log_end(&l);
}

static void on_closed(natsConnection *nc, void *closure) {
  lv_service *s = closure;
  atomic_store(&s->stats.connected, false);
  atomic_store(&s->conn_closed, true);
  uv_async_send(&s->wake);
}

static void on_error(natsConnection *nc, natsSubscription *sub, natsStatus err, void *closure) {
  lv_service *s = closure;
  lv_logline l;
  /* nats.c reports a drain that ran out of time as a timeout without a
   * subscription ("Drain error: timeout waiting for subscriptions..."). */
  if (s->stopping && !sub && err == NATS_TIMEOUT) atomic_store(&s->drain_failed, true);
  if (err == NATS_SLOW_CONSUMER) {
    lv_log_begin(&l, LV_LOG_WARN, "slow consumer: NATS is dropping events (the pending queue is full)");
    if (sub) {
      lv_log_str(&l, "subject", natsSubscription_GetSubject(sub));
      int64_t dropped = 0;
      if (natsSubscription_GetDropped(sub, &dropped) == NATS_OK) lv_log_i64(&l, "dropped", dropped);
    }
  } else {
    lv_log_begin(&l, LV_LOG_ERROR, "NATS error");
    lv_log_str(&l, "error", natsStatus_GetText(err));
    if (sub) lv_log_str(&l, "subject", natsSubscription_GetSubject(sub));
  }
  lv_log_end(&l);
}

static void on_lame_duck(natsConnection *nc, void *closure) {
  lv_logline l;
  lv_log_begin(&l, LV_LOG_WARN, "NATS server entering lame duck mode: it will close the connection soon");
  log_server(&l, nc);
  lv_log_end(&l);
}

static void on_discovered(natsConnection *nc, void *closure) {
  lv_log_msg(LV_LOG_INFO, "NATS cluster announced more servers");
}

/* Exponential backoff with jitter: wait * 2^(round-1), at most max_wait,
 * plus up to 10% random. nats.c calls this after a whole round of servers
 * failed. */
static int64_t reconnect_delay(natsConnection *nc, int attempts, void *closure) {
  lv_service *s = closure;
  int64_t d = s->cfg->reconnect_wait_ms;
  for (int i = 1; i < attempts && d < s->cfg->reconnect_max_wait_ms; i++) d *= 2;
  if (d > s->cfg->reconnect_max_wait_ms) d = s->cfg->reconnect_max_wait_ms;
  int64_t jitter = d / 10 > 0 ? (int64_t)(random() % (d / 10 + 1)) : 0;
  lv_logline l;
  lv_log_begin(&l, s->stopping ? LV_LOG_INFO : LV_LOG_WARN, "cannot reach NATS; retrying");
  lv_log_i64(&l, "attempt", attempts);
  lv_log_i64(&l, "delay_ms", d + jitter);
  lv_log_end(&l);
  return d + jitter;
}

/* The public key of an NKey seed file written as `nk -gen user -pubout`
 * writes it: a line starting with U next to the seed. */
static char *public_key_from_seed_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  char line[256], *found = NULL;
  while (!found && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n \t")] = 0;
    if (line[0] == 'U' && strlen(line) == 56) found = strdup(line);
  }
  fclose(f);
  return found;
}

#define TRY(call, what)                                                    \
  do {                                                                     \
    natsStatus st_ = (call);                                               \
    if (st_ != NATS_OK) {                                                  \
      lv_logline l_;                                                       \
      lv_log_begin(&l_, LV_LOG_ERROR, "cannot set up the NATS connection"); \
      lv_log_str(&l_, "option", what);                                     \
      lv_log_str(&l_, "error", natsStatus_GetText(st_));                   \
      const char *last_ = nats_GetLastError(NULL);                         \
      if (last_) lv_log_str(&l_, "detail", last_);                         \
      lv_log_end(&l_);                                                     \
      goto fail;                                                           \
    }                                                                      \
  } while (0)

int lv_svc_connect(lv_service *s) {
  const lv_config *c = s->cfg;
  natsOptions *o = NULL;
  char *pub = NULL;
  TRY(natsOptions_Create(&o), "options");
  TRY(natsOptions_SetServers(o, (const char **)c->servers, (int)c->nservers), "nats");
  TRY(natsOptions_SetNoRandomize(o, false), "nats");
  TRY(natsOptions_SetName(o, c->name), "name");
  TRY(natsOptions_SetTimeout(o, c->connect_timeout_ms), "connect-timeout");
  TRY(natsOptions_SetAllowReconnect(o, true), "reconnect");
  TRY(natsOptions_SetMaxReconnect(o, (int)c->max_reconnects), "max-reconnects");
  TRY(natsOptions_SetReconnectWait(o, c->reconnect_wait_ms), "reconnect-wait");
  TRY(natsOptions_SetCustomReconnectDelay(o, reconnect_delay, s), "reconnect-wait");
  if (c->reconnect_buffer > 0) TRY(natsOptions_SetReconnectBufSize(o, (int)c->reconnect_buffer), "reconnect-buffer");
  /* nats.c derives a byte limit of 1 KiB a message from this and keeps it
   * in an int: stay below its overflow (each subscription then gets the
   * real limits, subs.c). */
  /* Socket reads and the write buffer: 256 KiB instead of nats.c's 32 KiB
   * took about 10% less CPU per event under load (bench/nats_e2e.sh). */
  TRY(natsOptions_SetIOBufSize(o, 256 * 1024), "io buffer");
  TRY(natsOptions_SetMaxPendingMsgs(o, (int)(c->max_pending < 1000000 ? c->max_pending : 1000000)), "max-pending");
  if (c->user) TRY(natsOptions_SetUserInfo(o, c->user, c->password ? c->password : ""), "user");
  if (c->token) TRY(natsOptions_SetToken(o, c->token), "token");
  if (c->creds) TRY(lv_bus_auth_creds(o, &s->auth, c->creds), "creds");
  if (c->nkey_seed) {
    pub = c->nkey ? strdup(c->nkey) : public_key_from_seed_file(c->nkey_seed);
    if (!pub) {
      lv_logline l;
      lv_log_begin(&l, LV_LOG_ERROR, "no NKey public key: give --nkey, or a seed file that holds the public key too");
      lv_log_str(&l, "nkey-seed", c->nkey_seed);
      lv_log_end(&l);
      goto fail;
    }
    TRY(lv_bus_auth_nkey(o, &s->auth, pub, c->nkey_seed), "nkey-seed");
  }
  if (c->tls) {
    TRY(natsOptions_SetSecure(o, true), "tls");
    if (c->tls_ca) TRY(natsOptions_LoadCATrustedCertificates(o, c->tls_ca), "tls-ca");
    if (c->tls_cert) TRY(natsOptions_LoadCertificatesChain(o, c->tls_cert, c->tls_key), "tls-cert");
    if (c->tls_hostname) TRY(natsOptions_SetExpectedHostname(o, c->tls_hostname), "tls-hostname");
  }
  TRY(natsOptions_SetDisconnectedCB(o, on_disconnected, s), "callbacks");
  TRY(natsOptions_SetReconnectedCB(o, on_reconnected, s), "callbacks");
  TRY(natsOptions_SetClosedCB(o, on_closed, s), "callbacks");
  TRY(natsOptions_SetErrorHandler(o, on_error, s), "callbacks");
  TRY(natsOptions_SetLameDuckModeCB(o, on_lame_duck, s), "callbacks");
  TRY(natsOptions_SetDiscoveredServersCB(o, on_discovered, s), "callbacks");
  TRY(natsOptions_SetEventLoop(o, s->loop, natsLibuv_Attach, natsLibuv_Read, natsLibuv_Write, natsLibuv_Detach),
      "event loop");

  natsStatus st = lv_bus_auth_connect(&s->nc, o, c->creds || c->nkey_seed ? &s->auth : NULL);
  if (st != NATS_OK) {
    lv_logline l;
    lv_log_begin(&l, LV_LOG_ERROR, "cannot connect to NATS");
    if (c->nservers == 1) {
      lv_log_url(&l, "server", c->servers[0]);
    } else {
      /* Several: one key holding a JSON list (a key repeated is lost by
       * most JSON readers). */
      lv_buf list = LV_BUF_INIT;
      lv_buf_putc(&list, '[');
      for (uint32_t i = 0; i < c->nservers; i++) {
        char url[1024];
        lv_log_redact_url(url, sizeof url, c->servers[i]);
        if (i) lv_buf_putc(&list, ',');
        lv_buf_put_json_string(&list, url, strlen(url));
      }
      lv_buf_putc(&list, ']');
      lv_log_json(&l, "servers", list.data, list.len);
      lv_buf_free(&list);
    }
    lv_log_str(&l, "error", natsStatus_GetText(st));
    const char *last = nats_GetLastError(NULL);
    if (last && strcmp(last, natsStatus_GetText(st)) != 0) lv_log_str(&l, "detail", last);
    lv_log_end(&l);
    s->nc = NULL;
    goto fail;
  }
  atomic_store(&s->stats.connected, true);
  lv_logline l;
  lv_log_begin(&l, LV_LOG_INFO, "connected to NATS");
  log_server(&l, s->nc);
  unsigned refused = atomic_load(&s->auth.refused);
  if (refused) lv_log_i64(&l, "signatures_refused", refused);
  lv_log_str(&l, "name", c->name);
  if (c->queue) lv_log_str(&l, "queue", c->queue);
  lv_log_end(&l);
  natsOptions_Destroy(o);
  free(pub);
  return 0;
fail:
  natsOptions_Destroy(o);
  free(pub);
  return -1;
}

void lv_svc_loop_setup(uv_loop_t *loop) {
  natsLibuv_Init();
  natsLibuv_SetThreadLocalLoop(loop);
}
