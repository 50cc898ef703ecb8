/* nats_rate.c - end-to-end rates over NATS on loopback: a bare nats.c
 * subscriber, and `levind`, fed the same events by the same publisher.
 *
 *   nats_rate bare   --nats URL --events FILE --count N
 *   nats_rate levind --nats URL --events FILE --count N --name NAME --nrules R [--pid PID]
 *   nats_rate reload --nats URL --events FILE --rules DIR --name NAME --nrules R [--pid PID]
 *
 * bare    forks a subscriber process (nats.c, asynchronous callback that
 *         counts) on the subject "events", then publishes N events (lines
 *         of FILE, cycled) to it. The rate is N over the time from the
 *         first publish to the last delivery: the transport's limit for a
 *         consumer that does nothing.
 * levind  `levind` must already run on the server with rules on the stream
 *         "events" (bench/gen_rules' directories). Waits until it serves,
 *         publishes N events, and asks it for its counters (the
 *         <prefix>.stats request, prefix "levin") until it has received all
 *         N; counts the alerts it publishes (subjects alerts.>) meanwhile.
 *         Rates: received and fired per second, from the first publish to
 *         the moment levind had received the last event. --pid: also report
 *         levind's resident memory when it serves, before the load
 *         (rss_kb), after it (loaded_rss_kb: includes the events queued in
 *         front of a slower levind) and at its peak (VmHWM); and stop
 *         waiting at once if levind exits.
 * reload  `levind` runs on DIR with --watch: writes a new rule file into
 *         DIR, publishes an event every millisecond, and reports the time
 *         from the write to the first alert of the new rule (the new set
 *         serving). Removes the file again and waits for that reload too.
 *
 * Every mode prints one JSON line; a timeout or a lost message is an error
 * (exit 1). */
#include <errno.h>
#include <fcntl.h>
#include <nats/nats.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SUBJECT "events"

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, natsStatus s) {
  fprintf(stderr, "nats_rate: %s: %s\n", what, natsStatus_GetText(s));
  exit(1);
}

/* --- the events ------------------------------------------------------------ */

static char *events_data;
static const char **ev_line;
static int *ev_len;
static size_t ev_n;

static void load_events(const char *path, size_t max) {
  int fd = open(path, O_RDONLY);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb) != 0) {
    fprintf(stderr, "nats_rate: cannot read %s\n", path);
    exit(2);
  }
  events_data = malloc((size_t)sb.st_size + 1);
  ev_line = malloc(sizeof *ev_line * (max ? max : 1));
  ev_len = malloc(sizeof *ev_len * (max ? max : 1));
  if (!events_data || !ev_line || !ev_len) exit(2);
  size_t got = 0;
  ssize_t r;
  while (got < (size_t)sb.st_size && (r = read(fd, events_data + got, (size_t)sb.st_size - got)) > 0) got += (size_t)r;
  close(fd);
  events_data[got] = '\n';
  for (char *p = events_data, *end = events_data + got; p < end && ev_n < max;) {
    char *nl = memchr(p, '\n', (size_t)(end - p) + 1);
    if (nl > p) {
      ev_line[ev_n] = p;
      ev_len[ev_n] = (int)(nl - p);
      ev_n++;
    }
    p = nl + 1;
  }
  if (ev_n == 0) {
    fprintf(stderr, "nats_rate: no events in %s\n", path);
    exit(2);
  }
}

static natsConnection *connect_to(const char *url) {
  natsOptions *o = NULL;
  natsConnection *nc = NULL;
  natsStatus s = natsOptions_Create(&o);
  if (s == NATS_OK) s = natsOptions_SetURL(o, url);
  if (s == NATS_OK) s = natsOptions_SetMaxPendingMsgs(o, 10000000);
  if (s == NATS_OK) s = natsConnection_Connect(&nc, o);
  if (s != NATS_OK) die("connect", s);
  natsOptions_Destroy(o);
  return nc;
}

static void publish_all(natsConnection *nc, size_t n) {
  for (size_t i = 0; i < n; i++) {
    natsStatus s = natsConnection_Publish(nc, SUBJECT, ev_line[i % ev_n], ev_len[i % ev_n]);
    if (s != NATS_OK) die("publish", s);
  }
  natsStatus s = natsConnection_FlushTimeout(nc, 120000);
  if (s != NATS_OK) die("flush", s);
}

/* --- bare: a subscriber process that only counts --------------------------- */

typedef struct sub_result {
  uint64_t received, t_first, t_last;
  int64_t dropped;
} sub_result;

static atomic_ullong got;
static uint64_t want, t_first, t_last;

static void on_count(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure) {
  unsigned long long c = atomic_fetch_add(&got, 1) + 1;
  if (c == 1) t_first = now_ns();
  if (c == want) t_last = now_ns();
  natsMsg_Destroy(msg);
}

static void subscriber(const char *url, size_t n, int ready_fd, int result_fd) {
  nats_Open(-1);
  want = n;
  natsConnection *nc = connect_to(url);
  natsSubscription *sub;
  natsStatus s = natsConnection_Subscribe(&sub, nc, SUBJECT, on_count, NULL);
  if (s == NATS_OK) s = natsSubscription_SetPendingLimits(sub, -1, -1);
  if (s == NATS_OK) s = natsConnection_Flush(nc);
  if (s != NATS_OK) die("subscribe", s);
  if (write(ready_fd, "R", 1) != 1) exit(1);
  uint64_t deadline = now_ns() + 300ull * 1000000000u;
  while (atomic_load(&got) < n && now_ns() < deadline) nats_Sleep(1);
  sub_result r = {atomic_load(&got), t_first, t_last, 0};
  natsSubscription_GetDropped(sub, &r.dropped);
  if (write(result_fd, &r, sizeof r) != (ssize_t)sizeof r) exit(1);
  natsSubscription_Destroy(sub);
  natsConnection_Destroy(nc);
  nats_Close();
  exit(0);
}

static int run_bare(const char *url, size_t n) {
  int ready[2], result[2];
  if (pipe(ready) != 0 || pipe(result) != 0) return 1;
  fflush(stdout);
  pid_t pid = fork(); /* before nats_Open: no library threads cross the fork */
  if (pid < 0) return 1;
  if (pid == 0) subscriber(url, n, ready[1], result[1]);
  /* Only the child writes: a child that dies closes the pipes for good. */
  close(ready[1]);
  close(result[1]);
  char c;
  if (read(ready[0], &c, 1) != 1) {
    fprintf(stderr, "nats_rate: the subscriber did not start\n");
    return 1;
  }
  nats_Open(-1);
  natsConnection *nc = connect_to(url);
  uint64_t t0 = now_ns();
  publish_all(nc, n);
  uint64_t t_pub = now_ns() - t0;
  sub_result r;
  if (read(result[0], &r, sizeof r) != (ssize_t)sizeof r) {
    fprintf(stderr, "nats_rate: the subscriber failed\n");
    return 1;
  }
  waitpid(pid, NULL, 0);
  natsConnection_Destroy(nc);
  double secs = r.received == n ? (double)(r.t_last - t0) / 1e9 : 0.0;
  printf("{\"name\":\"nats-bare\",\"mode\":\"e2e\",\"rules\":0,\"sent\":%zu,\"received\":%llu,\"msgs_per_s\":%.0f,"
         "\"fired\":null,\"dropped\":%lld,\"publish_msgs_per_s\":%.0f}\n",
         n, (unsigned long long)r.received, secs > 0 ? (double)n / secs : 0.0, (long long)r.dropped,
         (double)n / ((double)t_pub / 1e9));
  return r.received == n ? 0 : 1;
}

/* --- levind: its counters over NATS ----------------------------------------- */

typedef struct levind_stats {
  uint64_t received, published, dropped, generation, subscriptions;
} levind_stats;

static bool json_u64(const char *json, const char *key, uint64_t *out) {
  const char *p = strstr(json, key);
  if (!p) return false;
  p += strlen(key);
  char *end;
  unsigned long long v = strtoull(p, &end, 10);
  if (end == p) return false;
  *out = v;
  return true;
}

/* Asks levind for its counters; false if it did not answer in time. */
static bool ask_stats(natsConnection *nc, levind_stats *st, int64_t timeout_ms) {
  natsMsg *reply = NULL;
  if (natsConnection_RequestString(&reply, nc, "levin.stats", "", timeout_ms) != NATS_OK) return false;
  const char *d = natsMsg_GetData(reply);
  memset(st, 0, sizeof *st);
  bool ok = json_u64(d, "\"messages\":{\"received\":", &st->received) && json_u64(d, "\"dropped\":", &st->dropped) &&
            json_u64(d, "\"generation\":", &st->generation) &&
            json_u64(d, "\"subscriptions\":", &st->subscriptions) && json_u64(d, "\"published\":", &st->published);
  natsMsg_Destroy(reply);
  if (!ok) {
    fprintf(stderr, "nats_rate: levind's stats reply has not the expected fields\n");
    exit(1);
  }
  return true;
}

static long levind_pid; /* 0: unknown */

/* Has levind exited (when its pid is known)? */
static bool levind_gone(void) {
  if (levind_pid <= 0) return false;
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/stat", levind_pid);
  FILE *f = fopen(path, "r");
  if (!f) return true;
  char state = 0;
  /* pid (comm) state ...: a zombie has exited too. */
  int ok = fscanf(f, "%*d (%*[^)]) %c", &state);
  fclose(f);
  return ok != 1 || state == 'Z';
}

/* Waits until levind serves (has compiled its rules and subscribed). */
static void wait_serving(natsConnection *nc, levind_stats *st, uint64_t min_generation) {
  uint64_t deadline = now_ns() + 900ull * 1000000000u;
  while (now_ns() < deadline) {
    if (levind_gone()) {
      fprintf(stderr, "nats_rate: levind exited\n");
      exit(1);
    }
    if (ask_stats(nc, st, 1000) && st->subscriptions > 0 && st->generation >= min_generation) return;
    nats_Sleep(20);
  }
  fprintf(stderr, "nats_rate: levind did not serve within 900 s\n");
  exit(1);
}

static atomic_ullong alerts;
static _Atomic uint64_t first_alert_ns;

static void on_alert(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure) {
  uint64_t zero = 0;
  atomic_compare_exchange_strong(&first_alert_ns, &zero, now_ns());
  atomic_fetch_add(&alerts, 1);
  natsMsg_Destroy(msg);
}

static long proc_status_kb(long pid, const char *key) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%ld/status", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long v = -1;
  size_t kl = strlen(key);
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, kl) == 0 && line[kl] == ':') v = strtol(line + kl + 1, NULL, 10);
  fclose(f);
  return v;
}

static int run_levind(const char *url, size_t n, const char *name, long nrules, long pid) {
  levind_pid = pid;
  nats_Open(-1);
  natsConnection *pc = connect_to(url), *sc = connect_to(url);
  levind_stats st0, st;
  wait_serving(sc, &st0, 1);
  st = st0;
  /* Memory with the rules loaded, before the load: what the rules cost. */
  long rss_serving = pid > 0 ? proc_status_kb(pid, "VmRSS") : -1;
  natsSubscription *sub;
  natsStatus s = natsConnection_Subscribe(&sub, sc, "alerts.>", on_alert, NULL);
  if (s == NATS_OK) s = natsSubscription_SetPendingLimits(sub, -1, -1);
  if (s == NATS_OK) s = natsConnection_Flush(sc);
  if (s != NATS_OK) die("subscribe alerts", s);
  uint64_t t0 = now_ns();
  publish_all(pc, n);
  uint64_t deadline = now_ns() + 600ull * 1000000000u, t_done = 0;
  while (now_ns() < deadline && !levind_gone()) {
    if (ask_stats(sc, &st, 2000) && (st.received - st0.received >= n || st.dropped > st0.dropped)) {
      t_done = now_ns();
      break;
    }
    nats_Sleep(1);
  }
  uint64_t received = st.received - st0.received, fired = st.published - st0.published;
  /* The alerts levind published are on their way: wait for all of them. */
  deadline = now_ns() + 60ull * 1000000000u;
  while (atomic_load(&alerts) < fired && now_ns() < deadline) nats_Sleep(1);
  double secs = t_done ? (double)(t_done - t0) / 1e9 : 0.0;
  printf("{\"name\":\"%s\",\"mode\":\"e2e\",\"rules\":%ld,\"sent\":%zu,\"received\":%llu,\"msgs_per_s\":%.0f,"
         "\"fired\":%llu,\"fired_per_s\":%.0f,\"alerts_received\":%llu,\"dropped\":%llu",
         name, nrules, n, (unsigned long long)received,
         secs > 0 ? (double)received / secs : 0.0, (unsigned long long)fired,
         secs > 0 ? (double)fired / secs : 0.0, (unsigned long long)atomic_load(&alerts),
         (unsigned long long)(st.dropped - st0.dropped));
  if (pid > 0)
    printf(",\"rss_kb\":%ld,\"loaded_rss_kb\":%ld,\"peak_rss_kb\":%ld", rss_serving, proc_status_kb(pid, "VmRSS"),
           proc_status_kb(pid, "VmHWM"));
  printf("}\n");
  natsSubscription_Destroy(sub);
  natsConnection_Destroy(pc);
  natsConnection_Destroy(sc);
  nats_Close();
  if (!t_done || received != n || atomic_load(&alerts) != fired) {
    fprintf(stderr, "nats_rate: levind received %llu of %zu events; %llu of %llu alerts arrived\n",
            (unsigned long long)received, n, (unsigned long long)atomic_load(&alerts), (unsigned long long)fired);
    return 1;
  }
  return 0;
}

/* --- reload ---------------------------------------------------------------- */

static int run_reload(const char *url, const char *dir, const char *name, long nrules, long pid) {
  levind_pid = pid;
  nats_Open(-1);
  natsConnection *pc = connect_to(url), *sc = connect_to(url);
  levind_stats st;
  wait_serving(sc, &st, 1);
  uint64_t g0 = st.generation;
  natsSubscription *sub;
  natsStatus s = natsConnection_Subscribe(&sub, sc, "bench.reload", on_alert, NULL);
  if (s == NATS_OK) s = natsConnection_Flush(sc);
  if (s != NATS_OK) die("subscribe", s);
  char path[4096];
  snprintf(path, sizeof path, "%s/zz-bench-reload.rule", dir);
  uint64_t t0 = now_ns();
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "nats_rate: cannot write %s: %s\n", path, strerror(errno));
    return 1;
  }
  fputs("import \"schema.rule\"\n"
        "rule bench_reload_probe { on events as e when e.temp > -1000.0 then publish \"bench.reload\" {\"device\": e.device} }\n",
        f);
  if (fclose(f) != 0) return 1;
  uint64_t deadline = now_ns() + 900ull * 1000000000u;
  for (size_t i = 0; atomic_load(&first_alert_ns) == 0 && now_ns() < deadline && !levind_gone(); i++) {
    natsConnection_Publish(pc, SUBJECT, ev_line[i % ev_n], ev_len[i % ev_n]);
    natsConnection_Flush(pc);
    nats_Sleep(1);
  }
  uint64_t t1 = atomic_load(&first_alert_ns);
  unlink(path);
  /* Leave levind as it was: wait for the reload that drops the probe. */
  if (t1) wait_serving(sc, &st, g0 + 2);
  natsSubscription_Destroy(sub);
  natsConnection_Destroy(pc);
  natsConnection_Destroy(sc);
  nats_Close();
  if (!t1) {
    fprintf(stderr, "nats_rate: the new rule never fired\n");
    return 1;
  }
  printf("{\"name\":\"%s\",\"mode\":\"reload\",\"rules\":%ld,\"ms\":%.1f}\n", name, nrules,
         (double)(t1 - t0) / 1e6);
  return 0;
}

static int usage(void) {
  fprintf(stderr, "usage: nats_rate bare   --nats URL --events FILE --count N\n"
                  "       nats_rate levind --nats URL --events FILE --count N --name NAME --nrules R [--pid PID]\n"
                  "       nats_rate reload --nats URL --events FILE --rules DIR --name NAME --nrules R [--pid PID]\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage();
  const char *mode = argv[1], *url = NULL, *events = NULL, *rules = NULL, *name = NULL;
  long long count = 0, pid = 0, nrules = -1;
  for (int i = 2; i < argc; i += 2) {
    if (i + 1 >= argc) return usage();
    const char *k = argv[i], *v = argv[i + 1];
    char *end = NULL;
    if (strcmp(k, "--nats") == 0) url = v;
    else if (strcmp(k, "--events") == 0) events = v;
    else if (strcmp(k, "--rules") == 0) rules = v;
    else if (strcmp(k, "--name") == 0) name = v;
    else if (strcmp(k, "--count") == 0) count = strtoll(v, &end, 10);
    else if (strcmp(k, "--pid") == 0) pid = strtoll(v, &end, 10);
    else if (strcmp(k, "--nrules") == 0) nrules = strtoll(v, &end, 10);
    else return usage();
    if (end && (*end || end == v)) return usage();
  }
  if (!url || !events) return usage();
  if (strcmp(mode, "reload") == 0) {
    if (!rules || !name || nrules < 0) return usage();
    load_events(events, 10000);
    return run_reload(url, rules, name, (long)nrules, (long)pid);
  }
  if (count <= 0) return usage();
  load_events(events, (size_t)count);
  if (strcmp(mode, "bare") == 0) return run_bare(url, (size_t)count);
  if (strcmp(mode, "levind") == 0 && name && nrules >= 0) return run_levind(url, (size_t)count, name, (long)nrules, (long)pid);
  return usage();
}
