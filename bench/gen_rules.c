/* gen_rules.c - the many-rule benchmark's rule sets, and their answer.
 *
 *   gen_rules write N SEED DIR          writes DIR/schema.rule and N rules in
 *                                       DIR/rules-*.rule (100 per file)
 *   gen_rules count N SEED EVENTS K     evaluates the same N rules by hand, in
 *                                       plain C, on the first K events of
 *                                       EVENTS; prints {"name":"gen-rules-count",
 *                                       "mode":"count","rules":N,"events":K,
 *                                       "matched":F} (F = (event, rule) pairs)
 *
 * The rules are drawn from SEED and read the fields of bench/gen_events.c's
 * events. Each is a conjunction of equalities, `in` sets and thresholds -
 * what a fleet of device alerts looks like - tuned so that a rule fires on
 * about one event in 8,000: with 10,000 rules about one rule fires per
 * event, with 100 rules about one event in 80 fires anything. Five shapes:
 *
 *   device: e.device == "d-17" && e.temp > 71.5
 *   fw:     e.site == "plant-c" && e.fw == "v1.2.3" && e.battery < 40
 *   group:  e.device in ["d-1", "d-2", "d-3"] && e.humidity > 61.0
 *           && e.status != "maintenance"
 *   fleet:  e.fw == "v2.0.11" && e.site in ["plant-a", "plant-b"] && e.pressure > 1012.5
 *   hot:    e.status == "error" && e.temp > 96.5 && e.battery < 12 && "hot" in e.tags
 *
 * `count` is the benchmark's check: levin_scale reports the fires of the
 * compiled rules on the same first K events, and the harness fails if the two
 * differ. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_rng.h"
#include <string.h>
#include <sys/stat.h>

enum gr_kind { GR_DEVICE, GR_FW, GR_GROUP, GR_FLEET, GR_HOT };

typedef struct gr_rule {
  enum gr_kind kind;
  char dev[3][12];
  char site[2][12];
  char fw[16];
  char num[16]; /* the threshold as written in the rule */
  double threshold;
  int battery;
} gr_rule;


/* A threshold lo + k/10 for k below span tenths, as text and value. */
static void draw_threshold(gr_rule *r, unsigned lo, unsigned span_tenths) {
  unsigned tenths = lo * 10 + rng_below(span_tenths);
  snprintf(r->num, sizeof r->num, "%u.%u", tenths / 10, tenths % 10);
  r->threshold = strtod(r->num, NULL);
}

static void draw_fw(char *out, size_t n) {
  unsigned a = rng_below(4), b = rng_below(10), c = rng_below(20);
  snprintf(out, n, "v%u.%u.%u", a, b, c);
}

static void draw_rule(gr_rule *r) {
  static const char *const sites[] = {"plant-a", "plant-b", "plant-c", "plant-d", "plant-e"};
  memset(r, 0, sizeof *r);
  unsigned pick = rng_below(100);
  r->kind = pick < 30 ? GR_DEVICE : pick < 50 ? GR_FW : pick < 70 ? GR_GROUP : pick < 85 ? GR_FLEET : GR_HOT;
  switch (r->kind) {
  case GR_DEVICE:
    snprintf(r->dev[0], sizeof r->dev[0], "d-%u", rng_below(5000));
    draw_threshold(r, 60, 400);
    break;
  case GR_FW:
    snprintf(r->site[0], sizeof r->site[0], "%s", sites[rng_below(5)]);
    draw_fw(r->fw, sizeof r->fw);
    r->battery = (int)rng_below(101);
    break;
  case GR_GROUP:
    for (int k = 0; k < 3; k++) snprintf(r->dev[k], sizeof r->dev[k], "d-%u", rng_below(5000));
    draw_threshold(r, 50, 300);
    break;
  case GR_FLEET: {
    draw_fw(r->fw, sizeof r->fw);
    unsigned a = rng_below(5), b = (a + 1 + rng_below(4)) % 5;
    snprintf(r->site[0], sizeof r->site[0], "%s", sites[a]);
    snprintf(r->site[1], sizeof r->site[1], "%s", sites[b]);
    draw_threshold(r, 1010, 200);
    break;
  }
  case GR_HOT:
    draw_threshold(r, 95, 50);
    r->battery = (int)rng_below(20);
    break;
  }
}

static void print_when(FILE *f, const gr_rule *r) {
  switch (r->kind) {
  case GR_DEVICE: fprintf(f, "e.device == \"%s\" && e.temp > %s", r->dev[0], r->num); break;
  case GR_FW:
    fprintf(f, "e.site == \"%s\" && e.fw == \"%s\" && e.battery < %d", r->site[0], r->fw, r->battery);
    break;
  case GR_GROUP:
    fprintf(f, "e.device in [\"%s\", \"%s\", \"%s\"] && e.humidity > %s && e.status != \"maintenance\"",
            r->dev[0], r->dev[1], r->dev[2], r->num);
    break;
  case GR_FLEET:
    fprintf(f, "e.fw == \"%s\" && e.site in [\"%s\", \"%s\"] && e.pressure > %s", r->fw, r->site[0],
            r->site[1], r->num);
    break;
  case GR_HOT:
    fprintf(f, "e.status == \"error\" && e.temp > %s && e.battery < %d && \"hot\" in e.tags", r->num,
            r->battery);
    break;
  }
}

/* --- the events, read the way gen_events writes them ------------------- */

typedef struct gr_event {
  const char *device, *site, *status, *fw, *tags;
  size_t device_len, site_len, status_len, fw_len, tags_len;
  double temp, humidity, pressure;
  long battery;
} gr_event;

/* The value after "key": in line (strings without their quotes). */
static const char *field(const char *line, const char *key, size_t *len) {
  char pat[32];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *p = strstr(line, pat);
  if (!p) return NULL;
  p += strlen(pat);
  if (*p == '"') {
    const char *q = strchr(p + 1, '"');
    if (!q) return NULL;
    *len = (size_t)(q - p - 1);
    return p + 1;
  }
  if (*p == '[') {
    const char *q = strchr(p, ']');
    if (!q) return NULL;
    *len = (size_t)(q - p + 1);
    return p;
  }
  *len = strcspn(p, ",}");
  return p;
}

static int parse_event(const char *line, gr_event *e) {
  size_t n;
  const char *v;
  if (!(e->device = field(line, "device", &e->device_len)) || !(e->site = field(line, "site", &e->site_len)) ||
      !(e->status = field(line, "status", &e->status_len)) || !(e->fw = field(line, "fw", &e->fw_len)) ||
      !(e->tags = field(line, "tags", &e->tags_len)))
    return -1;
  if (!(v = field(line, "temp", &n))) return -1;
  e->temp = strtod(v, NULL);
  if (!(v = field(line, "humidity", &n))) return -1;
  e->humidity = strtod(v, NULL);
  if (!(v = field(line, "pressure", &n))) return -1;
  e->pressure = strtod(v, NULL);
  if (!(v = field(line, "battery", &n))) return -1;
  e->battery = strtol(v, NULL, 10);
  return 0;
}

static int eq(const char *s, size_t n, const char *lit) { return strlen(lit) == n && memcmp(s, lit, n) == 0; }

static int has_tag(const gr_event *e, const char *tag) {
  char pat[32];
  snprintf(pat, sizeof pat, "\"%s\"", tag);
  size_t pl = strlen(pat);
  for (size_t i = 0; i + pl <= e->tags_len; i++)
    if (memcmp(e->tags + i, pat, pl) == 0) return 1;
  return 0;
}

static int fires(const gr_rule *r, const gr_event *e) {
  switch (r->kind) {
  case GR_DEVICE: return eq(e->device, e->device_len, r->dev[0]) && e->temp > r->threshold;
  case GR_FW: return eq(e->site, e->site_len, r->site[0]) && eq(e->fw, e->fw_len, r->fw) && e->battery < r->battery;
  case GR_GROUP:
    return (eq(e->device, e->device_len, r->dev[0]) || eq(e->device, e->device_len, r->dev[1]) ||
            eq(e->device, e->device_len, r->dev[2])) &&
           e->humidity > r->threshold && !eq(e->status, e->status_len, "maintenance");
  case GR_FLEET:
    return eq(e->fw, e->fw_len, r->fw) &&
           (eq(e->site, e->site_len, r->site[0]) || eq(e->site, e->site_len, r->site[1])) &&
           e->pressure > r->threshold;
  case GR_HOT:
    return eq(e->status, e->status_len, "error") && e->temp > r->threshold && e->battery < r->battery &&
           has_tag(e, "hot");
  }
  return 0;
}

/* --- commands ------------------------------------------------------------ */

static int parse_count(const char *s, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-') return -1;
  *out = v;
  return 0;
}

static gr_rule *draw_rules(unsigned long long n, unsigned long long seed) {
  gr_rule *rules = calloc(n ? n : 1, sizeof *rules);
  if (!rules) {
    fprintf(stderr, "gen_rules: out of memory\n");
    exit(2);
  }
  /* A stream of its own: the events' generator with the same seed must not
   * be correlated with the rules. */
  rng_seed(seed ^ 0x5DEECE66DA3B1F27ull);
  for (unsigned long long i = 0; i < n; i++) draw_rule(&rules[i]);
  return rules;
}

static FILE *open_in(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "gen_rules: cannot write %s: %s\n", path, strerror(errno));
    exit(2);
  }
  return f;
}

static void close_checked(FILE *f) {
  if (ferror(f) || fclose(f) != 0) {
    fprintf(stderr, "gen_rules: write failed\n");
    exit(2);
  }
}

static int cmd_write(unsigned long long n, unsigned long long seed, const char *dir) {
  if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "gen_rules: cannot create %s: %s\n", dir, strerror(errno));
    return 2;
  }
  gr_rule *rules = draw_rules(n, seed);
  FILE *f = open_in(dir, "schema.rule");
  fputs("// Generated by bench/gen_rules: the events of bench/gen_events.\n"
        "schema Event {\n"
        "  device: string, site: string, temp: double, humidity: double, status: string,\n"
        "  tags: list<string>, ts: int, pressure: double, battery: int, fw: string, note: string\n"
        "}\n"
        "stream events: Event from \"events\"\n",
        f);
  close_checked(f);
  f = NULL;
  for (unsigned long long i = 0; i < n; i++) {
    if (i % 100 == 0) {
      if (f) close_checked(f);
      char name[64];
      snprintf(name, sizeof name, "rules-%05llu.rule", i / 100);
      f = open_in(dir, name);
      fputs("import \"schema.rule\"\n", f);
    }
    fprintf(f, "\nrule r%llu {\n  on events as e\n  when ", i);
    print_when(f, &rules[i]);
    fprintf(f, "\n  then publish \"alerts.r%llu\" {\"device\": e.device}\n}\n", i);
  }
  if (f) close_checked(f);
  free(rules);
  return 0;
}

static int cmd_count(unsigned long long n, unsigned long long seed, const char *events, unsigned long long k) {
  gr_rule *rules = draw_rules(n, seed);
  FILE *f = fopen(events, "r");
  if (!f) {
    fprintf(stderr, "gen_rules: cannot read %s\n", events);
    free(rules);
    return 2;
  }
  char *line = NULL;
  size_t cap = 0;
  unsigned long long seen = 0, matched = 0;
  while (seen < k && getline(&line, &cap, f) != -1) {
    if (line[0] == '\n') continue;
    gr_event e;
    if (parse_event(line, &e) != 0) {
      fprintf(stderr, "gen_rules: event %llu is not in gen_events' format\n", seen + 1);
      free(line);
      fclose(f);
      free(rules);
      return 2;
    }
    for (unsigned long long i = 0; i < n; i++) matched += (unsigned long long)fires(&rules[i], &e);
    seen++;
  }
  free(line);
  fclose(f);
  free(rules);
  printf("{\"name\":\"gen-rules-count\",\"mode\":\"count\",\"rules\":%llu,\"events\":%llu,\"matched\":%llu}\n", n,
         seen, matched);
  return 0;
}

int main(int argc, char **argv) {
  unsigned long long n, seed, k;
  if (argc == 5 && strcmp(argv[1], "write") == 0 && parse_count(argv[2], &n) == 0 &&
      parse_count(argv[3], &seed) == 0)
    return cmd_write(n, seed, argv[4]);
  if (argc == 6 && strcmp(argv[1], "count") == 0 && parse_count(argv[2], &n) == 0 &&
      parse_count(argv[3], &seed) == 0 && parse_count(argv[5], &k) == 0)
    return cmd_count(n, seed, argv[4], k);
  fprintf(stderr, "usage: gen_rules write N SEED DIR\n       gen_rules count N SEED EVENTS K\n");
  return 2;
}
