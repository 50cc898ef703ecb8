/* levin_bench.c - see levin_bench.h. */
#include "levin_bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decode/decode.h"
#include "driver/dispatch.h"

uint64_t bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

long bench_peak_rss_kb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss;
}

long bench_rss_kb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long size = 0, resident = -1;
  if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "out of memory (%zu bytes)\n", n);
    exit(2);
  }
  return p;
}

void bench_lines_read(bench_lines *out, const char *path, size_t max) {
  memset(out, 0, sizeof *out);
  int fd = open(path, O_RDONLY);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb) != 0) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  out->data = xmalloc((size_t)sb.st_size + 1);
  size_t got = 0;
  while (got < (size_t)sb.st_size) {
    ssize_t r = read(fd, out->data + got, (size_t)sb.st_size - got);
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  out->len = got;
  out->data[got] = '\n';
  size_t cap = 1024;
  out->line = xmalloc(cap * sizeof *out->line);
  out->linelen = xmalloc(cap * sizeof *out->linelen);
  for (char *p = out->data, *end = out->data + got; p < end && (!max || out->n < max);) {
    char *nl = memchr(p, '\n', (size_t)(end - p) + 1);
    if (nl > p) {
      if (out->n == cap) {
        cap *= 2;
        out->line = realloc(out->line, cap * sizeof *out->line);
        out->linelen = realloc(out->linelen, cap * sizeof *out->linelen);
        if (!out->line || !out->linelen) {
          fprintf(stderr, "out of memory\n");
          exit(2);
        }
      }
      out->line[out->n] = p;
      out->linelen[out->n] = (uint32_t)(nl - p);
      out->n++;
    }
    p = nl + 1;
  }
}

void bench_lines_free(bench_lines *l) {
  free(l->data);
  free(l->line);
  free(l->linelen);
  memset(l, 0, sizeof *l);
}

lv_ruleset *bench_compile(lv_jit *jit, const char *const *paths, int npaths, bool no_index) {
  /* The default optimisation (automatic, as levind and levin run use it). */
  lv_ruleset_opts ro = {.opt_level = -1, .no_index = no_index};
  lv_ruleset_diags d;
  lv_ruleset *rs = lv_ruleset_compile(jit, paths, npaths, &ro, &d);
  if (!rs) {
    fputs(d.text.len ? d.text.data : "the rule set did not compile\n", stderr);
    exit(2);
  }
  lv_ruleset_diags_free(&d);
  return rs;
}

const lv_rs_stream *bench_stream(const lv_ruleset *rs, const char *name) {
  if (!name) {
    if (rs->nstreams == 1) return &rs->streams[0];
    fprintf(stderr, "the rule set has %u streams: name one with --stream\n", rs->nstreams);
    exit(2);
  }
  for (uint32_t i = 0; i < rs->nstreams; i++) {
    const char *n = rs->streams[i].name, *dot = strrchr(n, '.');
    if (strcmp(n, name) == 0 || (dot && strcmp(dot + 1, name) == 0)) return &rs->streams[i];
  }
  fprintf(stderr, "no stream '%s' in the rules\n", name);
  exit(2);
}

void **bench_decode_all(const lv_rs_stream *st, const bench_lines *l, lv_arena *arena, uint64_t *ns) {
  void **events = xmalloc(l->n * sizeof *events);
  lv_decode_limits limits = LV_DECODE_LIMITS_DEFAULT;
  uint64_t t0 = bench_now_ns();
  for (size_t i = 0; i < l->n; i++) {
    lv_decode_error err;
    if (lv_decode(&events[i], arena, st->schema, l->line[i], l->linelen[i], NULL, 0, &limits, &err) != 0) {
      fprintf(stderr, "event %zu does not decode: %s at %s\n", i + 1, err.reason, err.path);
      exit(2);
    }
  }
  *ns = bench_now_ns() - t0;
  return events;
}

void bench_match_all(bench_match *out, const lv_ruleset *rs, const lv_rs_stream *st, void *const *events,
                     size_t n) {
  memset(out, 0, sizeof *out);
  uint32_t *cand = xmalloc((st->nrules ? st->nrules : 1) * sizeof *cand);
  lv_arena scratch;
  lv_arena_init(&scratch, 64 * 1024, 64u * 1024 * 1024);
  lv_ctx cx = {&scratch, rs->rt, rs->consts, NULL};
  uint64_t fires = 0, events_fired = 0, errors = 0, called = 0;
  uint64_t t0 = bench_now_ns();
  for (size_t i = 0; i < n; i++) {
    const void *ev = events[i];
    uint32_t k = st->nrules;
    const uint32_t *pick = NULL;
    if (st->index) {
      uint32_t c = lv_dispatch_candidates(st->index, ev, cand, st->nrules);
      if (c != UINT32_MAX) {
        k = c;
        pick = cand;
      }
    }
    uint64_t before = fires;
    for (uint32_t j = 0; j < k; j++) {
      uint32_t pos = pick ? pick[j] : j;
      if (pos & LV_DISPATCH_DECIDED) { /* decided by the index: fires, no `when` */
        fires++;
        continue;
      }
      const lv_err *err = NULL;
      int32_t rc = st->rules[pos]->when(&cx, ev, &err);
      called++;
      if (rc == 1) fires++;
      else if (rc != 0) errors++;
    }
    events_fired += fires != before;
    lv_arena_reset(&scratch);
  }
  out->ns = bench_now_ns() - t0;
  out->fires = fires;
  out->events_fired = events_fired;
  out->errors = errors;
  out->candidates = called;
  lv_arena_free(&scratch);
  free(cand);
}
