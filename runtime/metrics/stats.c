/* stats.c - totals by name, snapshots, and their two renderings. */
#include "metrics/stats.h"

#include <stdlib.h>
#include <string.h>

const uint64_t lv_lat_bounds_ns[LV_LAT_NBOUNDS] = {
    1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 10000000, 100000000};

void lv_stats_init(lv_stats *s) {
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
}

static void names_free(lv_names *n) {
  for (uint32_t i = 0; i < n->n; i++) free(n->names[i]);
  free(n->names);
  free(n->index);
  memset(n, 0, sizeof *n);
}

void lv_stats_free(lv_stats *s) {
  names_free(&s->stream_names);
  names_free(&s->rule_names);
  free(s->streams);
  free(s->rules);
  pthread_mutex_destroy(&s->mu);
}

static uint64_t hash_str(const char *p) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
  return h;
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n);
  if (!p) abort();
  return p;
}

static void names_rehash(lv_names *n, uint32_t icap) {
  free(n->index);
  n->index = calloc(icap, sizeof *n->index);
  if (!n->index) abort();
  n->icap = icap;
  for (uint32_t id = 0; id < n->n; id++) {
    uint32_t k = (uint32_t)hash_str(n->names[id]) & (icap - 1);
    while (n->index[k]) k = (k + 1) & (icap - 1);
    n->index[k] = id + 1;
  }
}

/* Returns the id of name, adding it if new (*added set). */
static uint32_t names_id(lv_names *n, const char *name, bool *added) {
  *added = false;
  if (n->icap) {
    uint32_t k = (uint32_t)hash_str(name) & (n->icap - 1);
    while (n->index[k]) {
      if (strcmp(n->names[n->index[k] - 1], name) == 0) return n->index[k] - 1;
      k = (k + 1) & (n->icap - 1);
    }
  }
  if (n->n == n->cap) {
    n->cap = n->cap ? n->cap * 2 : 16;
    n->names = xrealloc(n->names, n->cap * sizeof *n->names);
  }
  n->names[n->n] = strdup(name);
  if (!n->names[n->n]) abort();
  uint32_t id = n->n++;
  if ((uint64_t)n->n * 2 > n->icap) names_rehash(n, n->icap ? n->icap * 2 : 32);
  else {
    uint32_t k = (uint32_t)hash_str(name) & (n->icap - 1);
    while (n->index[k]) k = (k + 1) & (n->icap - 1);
    n->index[k] = id + 1;
  }
  *added = true;
  return id;
}

uint32_t lv_stats_stream_id(lv_stats *s, const char *name) {
  bool added;
  uint32_t id = names_id(&s->stream_names, name, &added);
  if (added) {
    s->streams = xrealloc(s->streams, s->stream_names.cap * sizeof *s->streams);
    memset(&s->streams[id], 0, sizeof *s->streams);
  }
  return id;
}

uint32_t lv_stats_rule_id(lv_stats *s, const char *name) {
  bool added;
  uint32_t id = names_id(&s->rule_names, name, &added);
  if (added) {
    s->rules = xrealloc(s->rules, s->rule_names.cap * sizeof *s->rules);
    memset(&s->rules[id], 0, sizeof *s->rules);
  }
  return id;
}

void lv_slot_counts_add(lv_slot_counts *d, const lv_slot_counts *s) {
  d->received += s->received;
  d->unmatched += s->unmatched;
  d->published += s->published;
  d->logged += s->logged;
  d->action_errors += s->action_errors;
  d->publish_errors += s->publish_errors;
  d->dead_letters += s->dead_letters;
  d->outbound_waits += s->outbound_waits;
  for (int i = 0; i <= LV_LAT_NBOUNDS; i++) d->latency.buckets[i] += s->latency.buckets[i];
  d->latency.count += s->latency.count;
  d->latency.sum_ns += s->latency.sum_ns;
}

static char **copy_names(const lv_names *n) {
  char **out = malloc((n->n + 1) * sizeof *out);
  if (!out) abort();
  for (uint32_t i = 0; i < n->n; i++) {
    out[i] = strdup(n->names[i]);
    if (!out[i]) abort();
  }
  return out;
}

void lv_snapshot_take_totals(lv_snapshot *o, lv_stats *s) {
  memset(o, 0, sizeof *o);
  o->nstreams = s->stream_names.n;
  o->nrules = s->rule_names.n;
  o->stream_names = copy_names(&s->stream_names);
  o->rule_names = copy_names(&s->rule_names);
  o->streams = malloc((o->nstreams + 1) * sizeof *o->streams);
  o->rules = malloc((o->nrules + 1) * sizeof *o->rules);
  if (!o->streams || !o->rules) abort();
  if (o->nstreams) memcpy(o->streams, s->streams, o->nstreams * sizeof *o->streams);
  if (o->nrules) memcpy(o->rules, s->rules, o->nrules * sizeof *o->rules);
  o->slots = s->retired;
  o->dropped = s->dropped_retired;
  o->reload_ok = atomic_load(&s->reload_ok);
  o->reload_failed = atomic_load(&s->reload_failed);
  o->generation = atomic_load(&s->generation);
  o->disconnects = atomic_load(&s->disconnects);
  o->reconnects = atomic_load(&s->reconnects);
  o->stats_requests_dropped = atomic_load(&s->stats_requests_dropped);
  o->connected = atomic_load(&s->connected);
}

void lv_snapshot_free(lv_snapshot *snap) {
  for (uint32_t i = 0; i < snap->nstreams; i++) free(snap->stream_names[i]);
  for (uint32_t i = 0; i < snap->nrules; i++) free(snap->rule_names[i]);
  free(snap->stream_names);
  free(snap->rule_names);
  free(snap->streams);
  free(snap->rules);
  memset(snap, 0, sizeof *snap);
}

/* --- Prometheus ------------------------------------------------------------ */

/* Label values escape backslash, double quote and line feed. */
static void label(lv_buf *b, const char *key, const char *v) {
  lv_buf_printf(b, "{%s=\"", key);
  for (const char *p = v; *p; p++) {
    if (*p == '\\') lv_buf_puts(b, "\\\\");
    else if (*p == '"') lv_buf_puts(b, "\\\"");
    else if (*p == '\n') lv_buf_puts(b, "\\n");
    else lv_buf_putc(b, *p);
  }
  lv_buf_puts(b, "\"}");
}

static void head(lv_buf *b, const char *name, const char *type, const char *help) {
  lv_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void scalar(lv_buf *b, const char *name, const char *type, const char *help, uint64_t v) {
  head(b, name, type, help);
  lv_buf_printf(b, "%s %llu\n", name, (unsigned long long)v);
}

typedef enum { S_IN, S_DECODED, S_DEAD } stream_field;
typedef enum { R_EVAL, R_FIRED, R_ERR } rule_field;

static void per_stream(lv_buf *b, const lv_snapshot *s, const char *name, const char *help, stream_field f) {
  head(b, name, "counter", help);
  for (uint32_t i = 0; i < s->nstreams; i++) {
    const lv_stream_totals *t = &s->streams[i];
    uint64_t v = f == S_IN ? t->in : f == S_DECODED ? t->decoded : t->dead;
    lv_buf_puts(b, name);
    label(b, "stream", s->stream_names[i]);
    lv_buf_printf(b, " %llu\n", (unsigned long long)v);
  }
}

static void per_rule(lv_buf *b, const lv_snapshot *s, const char *name, const char *help, rule_field f) {
  head(b, name, "counter", help);
  for (uint32_t i = 0; i < s->nrules; i++) {
    const lv_rule_totals *t = &s->rules[i];
    uint64_t v = f == R_EVAL ? t->evaluations : f == R_FIRED ? t->fired : t->errors;
    lv_buf_puts(b, name);
    label(b, "rule", s->rule_names[i]);
    lv_buf_printf(b, " %llu\n", (unsigned long long)v);
  }
}

static void seconds(lv_buf *b, uint64_t ns) {
  /* Exact decimal seconds: integer part, then nine digits trimmed. */
  char frac[16];
  snprintf(frac, sizeof frac, "%09llu", (unsigned long long)(ns % 1000000000u));
  size_t n = strlen(frac);
  while (n > 1 && frac[n - 1] == '0') n--;
  frac[n] = 0;
  lv_buf_printf(b, "%llu.%s", (unsigned long long)(ns / 1000000000u), frac);
}

void lv_snapshot_prometheus(lv_buf *b, const lv_snapshot *s) {
  const lv_slot_counts *c = &s->slots;
  scalar(b, "levind_messages_received_total", "counter", "Messages taken from NATS subscriptions.", c->received);
  per_stream(b, s, "levind_events_in_total", "Events that reached a stream.", S_IN);
  per_stream(b, s, "levind_events_decoded_total", "Events that fit the stream's schema.", S_DECODED);
  per_stream(b, s, "levind_events_dead_lettered_total", "Events sent to the dead-letter subject.", S_DEAD);
  scalar(b, "levind_events_unmatched_total", "counter",
         "Messages whose subject no stream of the current rule set has (dead-lettered).", c->unmatched);
  scalar(b, "levind_events_dropped_total", "counter",
         "Messages NATS dropped because levind's pending queue was full (slow consumer).", s->dropped);
  scalar(b, "levind_dead_letters_published_total", "counter", "Dead letters handed to NATS.", c->dead_letters);
  per_rule(b, s, "levind_rule_evaluations_total", "Decoded events the rule was evaluated against.", R_EVAL);
  per_rule(b, s, "levind_rule_fires_total", "Times the rule fired.", R_FIRED);
  per_rule(b, s, "levind_rule_errors_total", "Evaluation errors in the rule's when (it did not fire).", R_ERR);
  scalar(b, "levind_actions_published_total", "counter", "Publish actions handed to NATS.", c->published);
  scalar(b, "levind_actions_logged_total", "counter", "Log actions run (written when at or above the log level).", c->logged);
  scalar(b, "levind_actions_failed_total", "counter",
         "Actions that failed: evaluation errors, invalid subjects, publishes NATS refused.",
         c->action_errors);
  scalar(b, "levind_publish_errors_total", "counter", "Publishes (actions and dead letters) NATS refused.",
         c->publish_errors);
  scalar(b, "levind_outbound_waits_total", "counter",
         "Times event processing paused until NATS took the publishes buffered beyond max-outbound-bytes.",
         c->outbound_waits);
  scalar(b, "levind_reload_successes_total", "counter", "Rule sets loaded by a reload.", s->reload_ok);
  scalar(b, "levind_reload_failures_total", "counter", "Reloads that kept the running rule set.",
         s->reload_failed);
  scalar(b, "levind_ruleset_generation", "gauge", "Generation of the running rule set (1 = the first).",
         s->generation);
  scalar(b, "levind_subscriptions", "gauge", "NATS subscriptions held.", s->subscriptions);
  scalar(b, "levind_nats_connected", "gauge", "1 while connected to NATS.", s->connected ? 1 : 0);
  scalar(b, "levind_nats_disconnects_total", "counter", "Disconnections from NATS.", s->disconnects);
  scalar(b, "levind_nats_reconnects_total", "counter", "Reconnections to NATS.", s->reconnects);
  scalar(b, "levind_stats_requests_dropped_total", "counter", "Stats requests over NATS not answered (queue full).",
         s->stats_requests_dropped);
  head(b, "levind_evaluation_seconds", "histogram", "Time to decode an event and evaluate its rules (sampled).");
  uint64_t cum = 0;
  for (int i = 0; i <= LV_LAT_NBOUNDS; i++) {
    cum += c->latency.buckets[i];
    lv_buf_puts(b, "levind_evaluation_seconds_bucket{le=\"");
    if (i < LV_LAT_NBOUNDS) seconds(b, lv_lat_bounds_ns[i]);
    else lv_buf_puts(b, "+Inf");
    lv_buf_printf(b, "\"} %llu\n", (unsigned long long)cum);
  }
  lv_buf_puts(b, "levind_evaluation_seconds_sum ");
  seconds(b, c->latency.sum_ns);
  lv_buf_printf(b, "\nlevind_evaluation_seconds_count %llu\n", (unsigned long long)c->latency.count);
}

/* --- JSON ---------------------------------------------------------------- */

static void jkey(lv_buf *b, const char *k) {
  lv_buf_put_json_string(b, k, strlen(k));
  lv_buf_putc(b, ':');
}

void lv_snapshot_json(lv_buf *b, const lv_snapshot *s, const char *name, long pid) {
  const lv_slot_counts *c = &s->slots;
  lv_buf_puts(b, "{\"name\":");
  lv_buf_put_json_string(b, name, strlen(name));
  lv_buf_printf(b, ",\"pid\":%ld,\"generation\":%llu,\"connected\":%s,\"subscriptions\":%u", pid,
                (unsigned long long)s->generation, s->connected ? "true" : "false", s->subscriptions);
  lv_buf_printf(b, ",\"messages\":{\"received\":%llu,\"unmatched\":%llu,\"dropped\":%llu}",
                (unsigned long long)c->received, (unsigned long long)c->unmatched, (unsigned long long)s->dropped);
  lv_buf_puts(b, ",\"streams\":{");
  for (uint32_t i = 0; i < s->nstreams; i++) {
    if (i) lv_buf_putc(b, ',');
    jkey(b, s->stream_names[i]);
    lv_buf_printf(b, "{\"in\":%llu,\"decoded\":%llu,\"dead_lettered\":%llu}", (unsigned long long)s->streams[i].in,
                  (unsigned long long)s->streams[i].decoded, (unsigned long long)s->streams[i].dead);
  }
  lv_buf_puts(b, "},\"rules\":{");
  for (uint32_t i = 0; i < s->nrules; i++) {
    if (i) lv_buf_putc(b, ',');
    jkey(b, s->rule_names[i]);
    lv_buf_printf(b, "{\"evaluations\":%llu,\"fires\":%llu,\"errors\":%llu}", (unsigned long long)s->rules[i].evaluations,
                  (unsigned long long)s->rules[i].fired, (unsigned long long)s->rules[i].errors);
  }
  lv_buf_printf(b,
                "},\"actions\":{\"published\":%llu,\"logged\":%llu,\"failed\":%llu},\"dead_letters\":%llu,"
                "\"publish_errors\":%llu,\"outbound_waits\":%llu,\"reloads\":{\"successes\":%llu,\"failures\":%llu},"
                "\"nats\":{\"disconnects\":%llu,\"reconnects\":%llu}",
                (unsigned long long)c->published, (unsigned long long)c->logged,
                (unsigned long long)c->action_errors, (unsigned long long)c->dead_letters,
                (unsigned long long)c->publish_errors, (unsigned long long)c->outbound_waits,
                (unsigned long long)s->reload_ok,
                (unsigned long long)s->reload_failed, (unsigned long long)s->disconnects,
                (unsigned long long)s->reconnects);
  lv_buf_puts(b, ",\"latency\":{\"buckets\":{");
  uint64_t cum = 0;
  for (int i = 0; i <= LV_LAT_NBOUNDS; i++) {
    cum += c->latency.buckets[i];
    if (i) lv_buf_putc(b, ',');
    if (i < LV_LAT_NBOUNDS) {
      lv_buf_putc(b, '"');
      seconds(b, lv_lat_bounds_ns[i]);
      lv_buf_putc(b, '"');
    } else {
      lv_buf_puts(b, "\"+Inf\"");
    }
    lv_buf_printf(b, ":%llu", (unsigned long long)cum);
  }
  lv_buf_printf(b, "},\"count\":%llu,\"sum_seconds\":", (unsigned long long)c->latency.count);
  seconds(b, c->latency.sum_ns);
  lv_buf_puts(b, "}}");
}
