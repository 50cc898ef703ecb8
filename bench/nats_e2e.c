/* nats_e2e.c - levind end to end on loopback against a bare nats.c
 * subscriber, in the same run (bench/nats_e2e.sh runs it).
 *
 *   nats_e2e pub URL N              publish N events of ~200 bytes on ev.plant
 *   nats_e2e bare URL [--handoff]   the bare subscriber: on ev.>, match the
 *                                   reference rule on the raw bytes in the
 *                                   callback, republish matches to alerts.hot;
 *                                   --handoff: the callback only queues the
 *                                   message in a bounded ring for a worker
 *                                   thread that matches (the hand-off design
 *                                   levind does not use; measured to show why)
 *   nats_e2e watch URL SUBJECT N    polls SUBJECT (a stats request: levin.stats
 *                                   for levind, bare.stats for bare) every 5 ms
 *                                   until N messages were received; prints
 *                                   {"msgs_per_s": ...} from the first poll that
 *                                   saw a message to the first that saw N.
 *
 * The reference rule: temp > 80.0 && site in ["plant-a", "plant-b"] &&
 * status != "maintenance" (bench/nats_e2e.rule is the same as a rule file).
 * Events are generated here with the distribution of the peers' generator
 * (/work/shared/peers/gen_events.c): five sites, temperatures 60-100, one
 * status in ten "maintenance"; about one event in six fires. */
#include <nats/nats.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void check(natsStatus s, const char *what) {
  if (s != NATS_OK) {
    fprintf(stderr, "nats_e2e: %s: %s\n", what, natsStatus_GetText(s));
    exit(1);
  }
}

static natsConnection *connect_to(const char *url) {
  natsOptions *o;
  natsConnection *nc;
  check(natsOptions_Create(&o), "options");
  check(natsOptions_SetURL(o, url), "url");
  check(natsOptions_SetMaxPendingMsgs(o, 1000000), "max pending");
  check(natsOptions_SetReconnectBufSize(o, 256 << 20), "buffer");
  check(natsConnection_Connect(&nc, o), "connect");
  natsOptions_Destroy(o);
  return nc;
}

/* --- events --------------------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static double urand(void) { return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0); }

static int gen_event(char *out, size_t cap, uint64_t *ts) {
  static const char *sites[] = {"plant-a", "plant-b", "plant-c", "plant-d", "plant-e"};
  static const char *statuses[] = {"ok", "ok", "ok", "ok", "ok", "warn", "warn", "error", "maintenance", "maintenance"};
  static const char *tags[] = {"x", "y", "z", "hot", "line1", "line2", "qa", "eu", "us"};
  static const char *words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
  *ts += 1 + rnd() % 50;
  int n = snprintf(out, cap, "{\"device\":\"d-%u\",\"site\":\"%s\",\"temp\":%.1f,\"humidity\":%.1f,\"status\":\"%s\",\"tags\":[",
                   (unsigned)(rnd() % 5000), sites[rnd() % 5], 60.0 + urand() * 40.0, 20.0 + urand() * 60.0,
                   statuses[rnd() % 10]);
  int nt = 1 + (int)(rnd() % 3);
  for (int t = 0; t < nt; t++) n += snprintf(out + n, cap - (size_t)n, "%s\"%s\"", t ? "," : "", tags[rnd() % 9]);
  n += snprintf(out + n, cap - (size_t)n, "],\"ts\":%llu,\"pressure\":%.2f,\"battery\":%u,\"fw\":\"v%u.%u.%u\",\"note\":\"",
                (unsigned long long)*ts, 990.0 + urand() * 40.0, (unsigned)(rnd() % 101), (unsigned)(rnd() % 4),
                (unsigned)(rnd() % 10), (unsigned)(rnd() % 20));
  int nw = 1 + (int)(rnd() % 8);
  for (int w = 0; w < nw; w++) n += snprintf(out + n, cap - (size_t)n, "%s%s", w ? " " : "", words[rnd() % 8]);
  n += snprintf(out + n, cap - (size_t)n, "\"}");
  return n;
}

static int cmd_pub(const char *url, long n) {
  enum { POOL = 65536 };
  char **ev = malloc(POOL * sizeof *ev);
  int *len = malloc(POOL * sizeof *len);
  uint64_t ts = 1700000000000ull;
  double bytes = 0;
  for (int i = 0; i < POOL; i++) {
    ev[i] = malloc(400);
    len[i] = gen_event(ev[i], 400, &ts);
    bytes += len[i];
  }
  natsConnection *nc = connect_to(url);
  uint64_t t0 = now_ns();
  for (long i = 0; i < n; i++) check(natsConnection_Publish(nc, "ev.plant", ev[i % POOL], len[i % POOL]), "publish");
  check(natsConnection_FlushTimeout(nc, 120000), "flush");
  double s = (double)(now_ns() - t0) / 1e9;
  printf("{\"mode\":\"pub\",\"n\":%ld,\"msgs_per_s\":%.0f,\"avg_bytes\":%.1f}\n", n, (double)n / s, bytes / POOL);
  natsConnection_Destroy(nc);
  for (int i = 0; i < POOL; i++) free(ev[i]);
  free(ev);
  free(len);
  return 0;
}

/* --- the bare subscriber ---------------------------------------------------------- */

static atomic_long received, fired;

/* The reference rule on raw bytes, as a hand-written matcher would. */
static bool rule_raw(const char *d, int n) {
  const char *p = memmem(d, (size_t)n, "\"temp\":", 7);
  if (!p) return false;
  double t = strtod(p + 7, NULL);
  if (!(t > 80.0)) return false;
  p = memmem(d, (size_t)n, "\"site\":\"", 8);
  if (!p) return false;
  p += 8;
  if (memcmp(p, "plant-a\"", 8) != 0 && memcmp(p, "plant-b\"", 8) != 0) return false;
  p = memmem(d, (size_t)n, "\"status\":\"", 10);
  if (!p) return false;
  return memcmp(p + 10, "maintenance\"", 12) != 0;
}

static void handle(natsConnection *nc, natsMsg *m) {
  const char *d = natsMsg_GetData(m);
  int n = natsMsg_GetDataLength(m);
  if (rule_raw(d, n)) {
    natsConnection_Publish(nc, "alerts.hot", d, n);
    atomic_fetch_add_explicit(&fired, 1, memory_order_relaxed);
  }
  atomic_fetch_add_explicit(&received, 1, memory_order_relaxed);
  natsMsg_Destroy(m);
}

static void on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *m, void *closure) { handle(nc, m); }

/* The hand-off variant: a bounded single-producer single-consumer ring. */
enum { RING = 65536 };
static natsMsg *ring[RING];
static atomic_ulong head, tail; /* head: next to write (producer); tail: next to read */
static natsConnection *ring_nc;

static void on_msg_handoff(natsConnection *nc, natsSubscription *sub, natsMsg *m, void *closure) {
  unsigned long h = atomic_load_explicit(&head, memory_order_relaxed);
  while (h - atomic_load_explicit(&tail, memory_order_acquire) >= RING) nats_Sleep(0); /* full: wait */
  ring[h % RING] = m;
  atomic_store_explicit(&head, h + 1, memory_order_release);
}

static void *ring_worker(void *arg) {
  unsigned long t = 0;
  for (;;) {
    while (atomic_load_explicit(&head, memory_order_acquire) == t) {
      struct timespec ts = {0, 20000};
      nanosleep(&ts, NULL);
    }
    natsMsg *m = ring[t % RING];
    if (!m) break;
    handle(ring_nc, m);
    atomic_store_explicit(&tail, ++t, memory_order_release);
  }
  return NULL;
}

static void on_stats(natsConnection *nc, natsSubscription *sub, natsMsg *m, void *closure) {
  char buf[128];
  int n = snprintf(buf, sizeof buf, "{\"messages\":{\"received\":%ld},\"fired\":%ld}", atomic_load(&received),
                   atomic_load(&fired));
  if (natsMsg_GetReply(m)) natsConnection_Publish(nc, natsMsg_GetReply(m), buf, n);
  natsMsg_Destroy(m);
}

static int cmd_bare(const char *url, bool handoff) {
  natsConnection *nc = connect_to(url);
  natsSubscription *sub, *stats;
  pthread_t worker;
  if (handoff) {
    ring_nc = nc;
    pthread_create(&worker, NULL, ring_worker, NULL);
  }
  check(natsConnection_Subscribe(&sub, nc, "ev.>", handoff ? on_msg_handoff : on_msg, NULL), "subscribe");
  check(natsSubscription_SetPendingLimits(sub, -1, -1), "limits");
  check(natsConnection_Subscribe(&stats, nc, "bare.stats", on_stats, NULL), "subscribe stats");
  check(natsConnection_Flush(nc), "flush");
  fprintf(stderr, "ready\n");
  /* Runs until killed. */
  for (;;) nats_Sleep(1000);
  return 0;
}

/* --- watching a subscriber's count ---------------------------------------------------- */

static long ask(natsConnection *nc, const char *subject) {
  natsMsg *r = NULL;
  if (natsConnection_RequestString(&r, nc, subject, "", 1000) != NATS_OK) return -1;
  const char *p = strstr(natsMsg_GetData(r), "\"received\":");
  long v = p ? atol(p + 11) : -1;
  natsMsg_Destroy(r);
  return v;
}

static int cmd_watch(const char *url, const char *subject, long n) {
  natsConnection *nc = connect_to(url);
  long base = ask(nc, subject);
  if (base < 0) {
    fprintf(stderr, "nats_e2e watch: no answer on %s\n", subject);
    return 1;
  }
  uint64_t first = 0, last = 0, deadline = now_ns() + 300ull * 1000000000u, idle_since = now_ns();
  long prev = base;
  for (;;) {
    nats_Sleep(5);
    long v = ask(nc, subject);
    uint64_t t = now_ns();
    if (v < 0) continue;
    if (v > base && !first) first = t;
    if (v != prev) idle_since = t;
    prev = v;
    if (v - base >= n) {
      last = t;
      break;
    }
    if (t > deadline || (first && t - idle_since > 5000000000ull)) break;
  }
  long got = prev - base;
  double s = first && last ? (double)(last - first) / 1e9 : 0;
  printf("{\"mode\":\"watch\",\"subject\":\"%s\",\"n\":%ld,\"received\":%ld,\"seconds\":%.3f,\"msgs_per_s\":%.0f}\n",
         subject, n, got, s, s > 0 ? (double)got / s : 0.0);
  natsConnection_Destroy(nc);
  return got >= n ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: nats_e2e pub URL N | bare URL [--handoff] | watch URL SUBJECT N\n");
    return 2;
  }
  nats_Open(-1);
  if (strcmp(argv[1], "pub") == 0 && argc >= 4) return cmd_pub(argv[2], atol(argv[3]));
  if (strcmp(argv[1], "bare") == 0) return cmd_bare(argv[2], argc > 3 && strcmp(argv[3], "--handoff") == 0);
  if (strcmp(argv[1], "watch") == 0 && argc >= 5) return cmd_watch(argv[2], argv[3], atol(argv[4]));
  fprintf(stderr, "nats_e2e: bad arguments\n");
  return 2;
}
