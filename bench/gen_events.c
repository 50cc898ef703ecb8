/* gen_events.c - the benchmark's events: N JSON lines of about 200 bytes.
 *
 *   gen_events N SEED > events.jsonl
 *
 * Every line is one event with the fields device, site, temp, humidity,
 * status, tags, ts, pressure, battery, fw and note, in that order. The same
 * N and SEED always give the same bytes (the generator is splitmix64, not
 * the C library's rand), so figures from different runs and machines refer
 * to the same data.
 *
 * The distributions make the reference rule
 *   temp > 80.0 && site in ["plant-a", "plant-b"] && status != "maintenance"
 * fire on about 16% of events: temp is uniform in [60, 100) (half above 80),
 * site one of five (two of them match), status "maintenance" one time in
 * five. The many-rule benchmark (gen_rules.c) relies on the same ranges. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_rng.h"

/* Uniform in [lo, hi), rounded to the given number of decimals by printf. */
static double rng_uniform(double lo, double hi) {
  return lo + (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0) * (hi - lo);
}

static int parse_count(const char *s, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-') return -1;
  *out = v;
  return 0;
}

int main(int argc, char **argv) {
  unsigned long long n, seed;
  if (argc != 3 || parse_count(argv[1], &n) != 0 || parse_count(argv[2], &seed) != 0) {
    fprintf(stderr, "usage: gen_events N SEED > events.jsonl\n");
    return 2;
  }
  static const char *const sites[] = {"plant-a", "plant-b", "plant-c", "plant-d", "plant-e"};
  /* Weighted: half ok, one in five maintenance. */
  static const char *const statuses[] = {"ok", "ok", "ok", "ok", "ok", "warn", "warn", "error",
                                         "maintenance", "maintenance"};
  static const char *const tags[] = {"x", "y", "z", "hot", "line1", "line2", "qa", "eu", "us"};
  static const char *const words[] = {"alpha", "bravo", "charlie", "delta", "echo",
                                      "foxtrot", "golf", "hotel", "india", "juliet"};
  rng_seed(seed);
  unsigned long long ts = 1700000000000ull;
  static char buf[1 << 16];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  for (unsigned long long i = 0; i < n; i++) {
    /* One draw per statement: the order of evaluation of function arguments
     * is unspecified in C, and the bytes must not depend on the compiler. */
    ts += 1 + rng_below(50);
    unsigned device = rng_below(5000);
    const char *site = sites[rng_below(5)];
    double temp = rng_uniform(60.0, 100.0);
    double humidity = rng_uniform(20.0, 80.0);
    const char *status = statuses[rng_below(10)];
    printf("{\"device\":\"d-%u\",\"site\":\"%s\",\"temp\":%.1f,\"humidity\":%.1f,\"status\":\"%s\",\"tags\":[",
           device, site, temp, humidity, status);
    unsigned ntags = 1 + rng_below(3);
    for (unsigned t = 0; t < ntags; t++) printf("%s\"%s\"", t ? "," : "", tags[rng_below(9)]);
    double pressure = rng_uniform(990.0, 1030.0);
    unsigned battery = rng_below(101);
    unsigned major = rng_below(4);
    unsigned minor = rng_below(10);
    unsigned patch = rng_below(20);
    printf("],\"ts\":%llu,\"pressure\":%.2f,\"battery\":%u,\"fw\":\"v%u.%u.%u\",\"note\":\"", ts, pressure,
           battery, major, minor, patch);
    unsigned nwords = 1 + rng_below(8);
    for (unsigned w = 0; w < nwords; w++) printf("%s%s", w ? " " : "", words[rng_below(10)]);
    fputs("\"}\n", stdout);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    perror("gen_events: write");
    return 1;
  }
  return 0;
}
