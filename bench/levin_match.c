/* levin_match.c - Levin's match cost on events already decoded.
 *
 *   levin_match [--stream NAME] [--name NAME] [--no-index] --events FILE RULES...
 *
 * Compiles the rules, decodes every event of FILE into memory (timed apart:
 * decode_ns_per_event), then times only the loop that runs the stream's
 * rules over the decoded events - the same loop as the engine's, without
 * actions. This is the figure to compare with peers that evaluate a rule on
 * objects they parsed beforehand. Prints one JSON line:
 *   {"name":..., "events":N, "matched":M, "ns_per_event":X, ...}
 * where matched counts (event, rule) pairs that fired. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "levin_bench.h"

static int usage(void) {
  fprintf(stderr, "usage: levin_match [--stream NAME] [--name NAME] [--no-index] --events FILE RULES...\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *events_path = NULL, *stream = NULL, *name = "levin-match";
  bool no_index = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "--no-index") == 0) no_index = true;
    else if (i + 1 >= argc) return usage();
    else if (strcmp(argv[i], "--events") == 0) events_path = argv[++i];
    else if (strcmp(argv[i], "--stream") == 0) stream = argv[++i];
    else if (strcmp(argv[i], "--name") == 0) name = argv[++i];
    else return usage();
  }
  if (!events_path || i >= argc) return usage();

  char err[512];
  lv_jit *jit;
  if (lv_jit_new(&jit, err, sizeof err) != 0) {
    fprintf(stderr, "levin_match: %s\n", err);
    return 2;
  }
  lv_ruleset *rs = bench_compile(jit, (const char *const *)argv + i, argc - i, no_index);
  const lv_rs_stream *st = bench_stream(rs, stream);

  bench_lines lines;
  bench_lines_read(&lines, events_path, 0);
  lv_arena events_arena;
  lv_arena_init(&events_arena, 64u * 1024 * 1024, 0);
  uint64_t decode_ns;
  void **events = bench_decode_all(st, &lines, &events_arena, &decode_ns);

  /* Warm the code and the branch predictors on a prefix, as the peers do. */
  bench_match m;
  bench_match_all(&m, rs, st, events, lines.n < 20000 ? lines.n : 20000);
  bench_match_all(&m, rs, st, events, lines.n);

  double n = lines.n ? (double)lines.n : 1.0;
  printf("{\"name\":\"%s\",\"mode\":\"match\",\"events\":%zu,\"matched\":%llu,\"ns_per_event\":%.2f,"
         "\"decode_ns_per_event\":%.2f,\"events_fired\":%llu,\"errors\":%llu,\"rules\":%u,"
         "\"candidates_per_event\":%.3f}\n",
         name, lines.n, (unsigned long long)m.fires, (double)m.ns / n, (double)decode_ns / n,
         (unsigned long long)m.events_fired, (unsigned long long)m.errors, st->nrules,
         (double)m.candidates / n);
  fflush(stdout);

  free(events);
  lv_arena_free(&events_arena);
  bench_lines_free(&lines);
  lv_ruleset_free(rs);
  lv_jit_free(jit);
  return 0;
}
