/* levin_scale.c - what a rule set of many rules costs: compile + JIT time,
 * resident memory, and the per-event cost of matching.
 *
 *   levin_scale [--check K] [--reload] [--name NAME] --events FILE RULES_DIR
 *
 * RULES_DIR is a directory of rules on one stream (bench/gen_rules writes
 * them). Measured, in this order, in one process:
 *   compile_ms          wall time of lv_ruleset_compile: read, check, lower,
 *                       optimise, JIT
 *   rss_kb              resident memory right after compiling, before any
 *                       event is read (what the service holds for the rules)
 *   ns_per_event        the match loop on events decoded beforehand (rule
 *                       index + `when` functions; no decoding, no actions)
 *   engine_ns_per_event lv_engine_process on each raw line: decode + match +
 *                       actions (payloads serialised, not sent)
 *   check_matched       fires on the first K events (default 20,000), which
 *                       the harness compares with `gen_rules count`
 *   reload_ms           (--reload) a rule file added to RULES_DIR, the whole
 *                       set compiled again and one event processed by it:
 *                       the in-process part of a hot reload. The file is
 *                       removed again afterwards.
 * Prints one JSON line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "levin_bench.h"

static int usage(void) {
  fprintf(stderr, "usage: levin_scale [--check K] [--reload] [--name NAME] --events FILE RULES_DIR\n");
  return 2;
}

/* Adds a rule file, compiles the directory again and processes one event
 * with the new set; returns the milliseconds from the write to the event. */
static double measure_reload(lv_jit *jit, const char *dir, const bench_lines *lines) {
  char path[4096];
  snprintf(path, sizeof path, "%s/zz-reload.rule", dir);
  uint64_t t0 = bench_now_ns();
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "levin_scale: cannot write %s\n", path);
    exit(2);
  }
  fputs("import \"schema.rule\"\n"
        "rule reloaded { on events as e when e.temp > 99.5 then publish \"alerts.reloaded\" {\"device\": e.device} }\n",
        f);
  if (fclose(f) != 0) {
    fprintf(stderr, "levin_scale: cannot write %s\n", path);
    exit(2);
  }
  const char *paths[] = {dir};
  lv_ruleset *rs = bench_compile(jit, paths, 1, false);
  const lv_rs_stream *st = bench_stream(rs, "events");
  lv_worker w;
  lv_worker_init(&w, NULL, 0);
  lv_engine_process(&w, rs, st, NULL, 0, lines->line[0], lines->linelen[0], NULL);
  uint64_t t1 = bench_now_ns();
  lv_worker_free(&w);
  lv_ruleset_free(rs);
  unlink(path);
  return (double)(t1 - t0) / 1e6;
}

int main(int argc, char **argv) {
  const char *events_path = NULL, *name = "levin-scale";
  long check = 20000;
  bool reload = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "--reload") == 0) reload = true;
    else if (i + 1 >= argc) return usage();
    else if (strcmp(argv[i], "--events") == 0) events_path = argv[++i];
    else if (strcmp(argv[i], "--name") == 0) name = argv[++i];
    else if (strcmp(argv[i], "--check") == 0) {
      char *end;
      check = strtol(argv[++i], &end, 10);
      if (*end || check < 0) return usage();
    } else return usage();
  }
  if (!events_path || i != argc - 1) return usage();
  const char *dir = argv[i];

  char err[512];
  lv_jit *jit;
  if (lv_jit_new(&jit, err, sizeof err) != 0) {
    fprintf(stderr, "levin_scale: %s\n", err);
    return 2;
  }
  long rss_before = bench_rss_kb();
  const char *paths[] = {dir};
  uint64_t t0 = bench_now_ns();
  lv_ruleset *rs = bench_compile(jit, paths, 1, false);
  double compile_ms = (double)(bench_now_ns() - t0) / 1e6;
  long rss = bench_rss_kb(), peak = bench_peak_rss_kb();
  const lv_rs_stream *st = bench_stream(rs, "events");

  bench_lines lines;
  bench_lines_read(&lines, events_path, 0);
  if (lines.n == 0) {
    fprintf(stderr, "levin_scale: no events in %s\n", events_path);
    return 2;
  }
  lv_arena events_arena;
  lv_arena_init(&events_arena, 64u * 1024 * 1024, 0);
  uint64_t decode_ns;
  void **events = bench_decode_all(st, &lines, &events_arena, &decode_ns);

  size_t nk = (size_t)check < lines.n ? (size_t)check : lines.n;
  bench_match m;
  bench_match_all(&m, rs, st, events, nk);
  uint64_t check_matched = m.fires;
  bench_match_all(&m, rs, st, events, lines.n);

  lv_worker w;
  lv_worker_init(&w, NULL, 0);
  uint64_t engine_fired = 0;
  t0 = bench_now_ns();
  for (size_t k = 0; k < lines.n; k++) {
    int f = lv_engine_process(&w, rs, st, NULL, 0, lines.line[k], lines.linelen[k], NULL);
    if (f > 0) engine_fired += (uint64_t)f;
  }
  uint64_t engine_ns = bench_now_ns() - t0;
  lv_worker_free(&w);
  if (engine_fired != m.fires) {
    fprintf(stderr, "levin_scale: the engine fired %llu rules, the match loop %llu\n",
            (unsigned long long)engine_fired, (unsigned long long)m.fires);
    return 1;
  }

  double reload_ms = reload ? measure_reload(jit, dir, &lines) : -1.0;

  double n = (double)lines.n;
  printf("{\"name\":\"%s\",\"mode\":\"scale\",\"rules\":%u,\"events\":%zu,\"matched\":%llu,\"check_events\":%zu,"
         "\"check_matched\":%llu,\"ns_per_event\":%.2f,\"engine_ns_per_event\":%.2f,"
         "\"decode_ns_per_event\":%.2f,\"candidates_per_event\":%.3f,\"fires_per_event\":%.4f,"
         "\"errors\":%llu,\"indexed_rules\":%u,\"decided_rules\":%u,\"compile_ms\":%.1f,\"rss_kb\":%ld,\"rss_before_kb\":%ld,"
         "\"peak_rss_kb\":%ld",
         name, st->nrules, lines.n, (unsigned long long)m.fires, nk, (unsigned long long)check_matched,
         (double)m.ns / n, (double)engine_ns / n, (double)decode_ns / n, (double)m.candidates / n,
         (double)m.fires / n, (unsigned long long)m.errors, st->indexed_rules, st->decided_rules, compile_ms, rss, rss_before,
         peak);
  if (reload) printf(",\"reload_ms\":%.1f", reload_ms);
  printf("}\n");
  fflush(stdout);

  free(events);
  lv_arena_free(&events_arena);
  bench_lines_free(&lines);
  lv_ruleset_free(rs);
  lv_jit_free(jit);
  return 0;
}
