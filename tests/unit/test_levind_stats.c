/* test_levind_stats.c - totals by name and their Prometheus and JSON text. */
#include <string.h>

#include "check.h"
#include "metrics/stats.h"

static void test_names(void) {
  lv_stats s;
  lv_stats_init(&s);
  char name[32];
  /* Enough names to grow and rehash the index several times. */
  for (int i = 0; i < 1000; i++) {
    snprintf(name, sizeof name, "rule%d", i);
    CHECK_INT(lv_stats_rule_id(&s, name), i);
  }
  for (int i = 999; i >= 0; i--) {
    snprintf(name, sizeof name, "rule%d", i);
    CHECK_INT(lv_stats_rule_id(&s, name), i);
  }
  CHECK_INT(lv_stats_stream_id(&s, "rule5"), 0); /* streams are a separate name space */
  CHECK_INT(s.rule_names.n, 1000);
  lv_stats_free(&s);
}

static const char want_prom[] =
    "# HELP levind_messages_received_total Messages taken from NATS subscriptions.\n"
    "# TYPE levind_messages_received_total counter\n"
    "levind_messages_received_total 7\n"
    "# HELP levind_events_in_total Events that reached a stream.\n"
    "# TYPE levind_events_in_total counter\n"
    "levind_events_in_total{stream=\"acme.readings\"} 5\n"
    "levind_events_in_total{stream=\"odd\\\"name\\\\x\\n\"} 1\n"
    "# HELP levind_events_decoded_total Events that fit the stream's schema.\n"
    "# TYPE levind_events_decoded_total counter\n"
    "levind_events_decoded_total{stream=\"acme.readings\"} 4\n"
    "levind_events_decoded_total{stream=\"odd\\\"name\\\\x\\n\"} 0\n"
    "# HELP levind_events_dead_lettered_total Events sent to the dead-letter subject.\n"
    "# TYPE levind_events_dead_lettered_total counter\n"
    "levind_events_dead_lettered_total{stream=\"acme.readings\"} 1\n"
    "levind_events_dead_lettered_total{stream=\"odd\\\"name\\\\x\\n\"} 1\n"
    "# HELP levind_events_unmatched_total Messages whose subject no stream of the current rule set has "
    "(dead-lettered).\n"
    "# TYPE levind_events_unmatched_total counter\n"
    "levind_events_unmatched_total 1\n"
    "# HELP levind_events_dropped_total Messages NATS dropped because levind's pending queue was full "
    "(slow consumer).\n"
    "# TYPE levind_events_dropped_total counter\n"
    "levind_events_dropped_total 3\n"
    "# HELP levind_dead_letters_published_total Dead letters handed to NATS.\n"
    "# TYPE levind_dead_letters_published_total counter\n"
    "levind_dead_letters_published_total 2\n"
    "# HELP levind_rule_evaluations_total Decoded events the rule was evaluated against.\n"
    "# TYPE levind_rule_evaluations_total counter\n"
    "levind_rule_evaluations_total{rule=\"acme.hot\"} 4\n"
    "# HELP levind_rule_fires_total Times the rule fired.\n"
    "# TYPE levind_rule_fires_total counter\n"
    "levind_rule_fires_total{rule=\"acme.hot\"} 2\n"
    "# HELP levind_rule_errors_total Evaluation errors in the rule's when (it did not fire).\n"
    "# TYPE levind_rule_errors_total counter\n"
    "levind_rule_errors_total{rule=\"acme.hot\"} 1\n"
    "# HELP levind_actions_published_total Publish actions handed to NATS.\n"
    "# TYPE levind_actions_published_total counter\n"
    "levind_actions_published_total 2\n"
    "# HELP levind_actions_logged_total Log actions run (written when at or above the log level).\n"
    "# TYPE levind_actions_logged_total counter\n"
    "levind_actions_logged_total 0\n"
    "# HELP levind_actions_failed_total Actions that failed: evaluation errors, invalid subjects, publishes "
    "NATS refused.\n"
    "# TYPE levind_actions_failed_total counter\n"
    "levind_actions_failed_total 1\n"
    "# HELP levind_publish_errors_total Publishes (actions and dead letters) NATS refused.\n"
    "# TYPE levind_publish_errors_total counter\n"
    "levind_publish_errors_total 0\n"
    "# HELP levind_outbound_waits_total Times event processing paused until NATS took the publishes buffered "
    "beyond max-outbound-bytes.\n"
    "# TYPE levind_outbound_waits_total counter\n"
    "levind_outbound_waits_total 4\n"
    "# HELP levind_reload_successes_total Rule sets loaded by a reload.\n"
    "# TYPE levind_reload_successes_total counter\n"
    "levind_reload_successes_total 2\n"
    "# HELP levind_reload_failures_total Reloads that kept the running rule set.\n"
    "# TYPE levind_reload_failures_total counter\n"
    "levind_reload_failures_total 1\n"
    "# HELP levind_ruleset_generation Generation of the running rule set (1 = the first).\n"
    "# TYPE levind_ruleset_generation gauge\n"
    "levind_ruleset_generation 3\n"
    "# HELP levind_subscriptions NATS subscriptions held.\n"
    "# TYPE levind_subscriptions gauge\n"
    "levind_subscriptions 2\n"
    "# HELP levind_nats_connected 1 while connected to NATS.\n"
    "# TYPE levind_nats_connected gauge\n"
    "levind_nats_connected 1\n"
    "# HELP levind_nats_disconnects_total Disconnections from NATS.\n"
    "# TYPE levind_nats_disconnects_total counter\n"
    "levind_nats_disconnects_total 0\n"
    "# HELP levind_nats_reconnects_total Reconnections to NATS.\n"
    "# TYPE levind_nats_reconnects_total counter\n"
    "levind_nats_reconnects_total 0\n"
    "# HELP levind_stats_requests_dropped_total Stats requests over NATS not answered (queue full).\n"
    "# TYPE levind_stats_requests_dropped_total counter\n"
    "levind_stats_requests_dropped_total 0\n"
    "# HELP levind_evaluation_seconds Time to decode an event and evaluate its rules (sampled).\n"
    "# TYPE levind_evaluation_seconds histogram\n"
    "levind_evaluation_seconds_bucket{le=\"0.000001\"} 1\n"
    "levind_evaluation_seconds_bucket{le=\"0.0000025\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.000005\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.00001\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.000025\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.00005\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.0001\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.00025\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.0005\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.001\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.0025\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.01\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"0.1\"} 2\n"
    "levind_evaluation_seconds_bucket{le=\"+Inf\"} 3\n"
    "levind_evaluation_seconds_sum 2.000002002\n"
    "levind_evaluation_seconds_count 3\n";

static const char want_json[] =
    "{\"name\":\"lv-1\",\"pid\":42,\"generation\":3,\"connected\":true,\"subscriptions\":2,"
    "\"messages\":{\"received\":7,\"unmatched\":1,\"dropped\":3},"
    "\"streams\":{\"acme.readings\":{\"in\":5,\"decoded\":4,\"dead_lettered\":1},"
    "\"odd\\\"name\\\\x\\n\":{\"in\":1,\"decoded\":0,\"dead_lettered\":1}},"
    "\"rules\":{\"acme.hot\":{\"evaluations\":4,\"fires\":2,\"errors\":1}},"
    "\"actions\":{\"published\":2,\"logged\":0,\"failed\":1},\"dead_letters\":2,\"publish_errors\":0,\"outbound_waits\":4,"
    "\"reloads\":{\"successes\":2,\"failures\":1},\"nats\":{\"disconnects\":0,\"reconnects\":0},"
    "\"latency\":{\"buckets\":{\"0.000001\":1,\"0.0000025\":2,\"0.000005\":2,\"0.00001\":2,\"0.000025\":2,"
    "\"0.00005\":2,\"0.0001\":2,\"0.00025\":2,\"0.0005\":2,\"0.001\":2,\"0.0025\":2,\"0.01\":2,\"0.1\":2,"
    "\"+Inf\":3},\"count\":3,\"sum_seconds\":2.000002002}}";

static void test_render(void) {
  lv_stats s;
  lv_stats_init(&s);
  uint32_t st = lv_stats_stream_id(&s, "acme.readings"), odd = lv_stats_stream_id(&s, "odd\"name\\x\n");
  uint32_t r = lv_stats_rule_id(&s, "acme.hot");
  s.streams[st] = (lv_stream_totals){5, 4, 1};
  s.streams[odd] = (lv_stream_totals){1, 0, 1};
  s.rules[r] = (lv_rule_totals){4, 2, 1};
  s.retired.received = 7;
  s.retired.unmatched = 1;
  s.retired.published = 2;
  s.retired.action_errors = 1;
  s.retired.dead_letters = 2;
  s.retired.outbound_waits = 4;
  lv_latency_add(&s.retired.latency, 1000);       /* exactly on a bound: that bucket */
  lv_latency_add(&s.retired.latency, 1001);       /* just above: the next */
  lv_latency_add(&s.retired.latency, 2000000001); /* beyond every bound: +Inf */
  s.dropped_retired = 3;
  atomic_store(&s.reload_ok, 2);
  atomic_store(&s.reload_failed, 1);
  atomic_store(&s.generation, 3);
  atomic_store(&s.connected, true);
  lv_snapshot snap;
  lv_snapshot_take_totals(&snap, &s);
  snap.subscriptions = 2;
  lv_buf b = LV_BUF_INIT;
  lv_snapshot_prometheus(&b, &snap);
  CHECK_STR(b.data, want_prom);
  lv_buf_clear(&b);
  lv_snapshot_json(&b, &snap, "lv-1", 42);
  CHECK_STR(b.data, want_json);
  /* The snapshot is a copy: later changes do not show in it. */
  s.streams[st].in = 100;
  CHECK_INT(snap.streams[st].in, 5);
  lv_buf_free(&b);
  lv_snapshot_free(&snap);
  lv_stats_free(&s);
}

int main(void) {
  test_names();
  test_render();
  return check_done();
}
