/* decode_bench.c - how long lv_decode takes per event.
 *
 *   decode_bench EVENTS.jsonl [all|rule|parse|skip]
 *
 * Reads JSON lines (as /work/shared/peers/gen_events.c writes them: device,
 * site, temp, humidity, status, tags, ts, pressure, battery, fw, note) and
 * decodes every line against a hand-built Reading schema of 8 fields
 * (pressure, fw and note are not in it: unknown keys are skipped, as in
 * production). Modes:
 *   all    every schema field is needed (materialised) - the default
 *   rule   only temp, site and status are needed (what the reference rule
 *          `temp > 80.0 && site in [...] && status != "maintenance"` reads);
 *          the rest is validated only
 *   parse  lv_json_parse: a generic tree of boxed values, for comparison
 *   skip   validation only, without a schema (lv_jscan_skip)
 * Prints one JSON line: the median, min and max ns/event of 5 runs over the
 * whole file, in process CPU time (so that a shared, busy machine skews it
 * less than wall time would). The arena is reset after every event, as the
 * service does.
 *
 * Build (from the repository root):
 *   gcc -O2 -std=c11 -D_GNU_SOURCE -Istdlib -Iruntime bench/decode_bench.c \
 *     runtime/decode/decode.c runtime/decode/decode_scalar.c <levin_std> -lm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "lv_json.h"
#include "lv_json_scan.h"

enum { F_DEVICE, F_SITE, F_TEMP, F_HUMIDITY, F_STATUS, F_TAGS, F_TS, F_BATTERY, NF };

static lv_rtype string_type = {LV_K_STRING, NULL, NULL};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void add_field(lv_field *fs, uint32_t *off, uint32_t i, const char *name, lv_kind k) {
  lv_field *f = &fs[i];
  memset(f, 0, sizeof *f);
  f->name = f->json_name = name;
  f->json_len = (uint32_t)strlen(name);
  f->type.kind = k;
  if (k == LV_K_LIST) f->type.elem = &string_type;
  uint32_t sz = lv_kind_slot_size(k), al = sz >= 8 ? 8 : sz;
  *off = (*off + al - 1) / al * al;
  f->offset = *off;
  f->index = i;
  f->needed = true;
  *off += sz;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: decode_bench EVENTS.jsonl [rule|all|parse|skip]\n");
    return 2;
  }
  const char *mode = argc > 2 ? argv[2] : "all";
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) {
    perror(argv[1]);
    return 2;
  }
  fseek(fp, 0, SEEK_END);
  long size = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *buf = malloc((size_t)size + 1);
  if (!buf || fread(buf, 1, (size_t)size, fp) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  fclose(fp);
  buf[size] = 0;

  /* Lines as (start, length). */
  size_t nlines = 0, cap = 1024;
  const char **lp = malloc(cap * sizeof *lp);
  size_t *ll = malloc(cap * sizeof *ll);
  for (char *p = buf, *e = buf + size; p < e;) {
    char *nl = memchr(p, '\n', (size_t)(e - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(e - p);
    if (n) {
      if (nlines == cap) {
        cap *= 2;
        lp = realloc(lp, cap * sizeof *lp);
        ll = realloc(ll, cap * sizeof *ll);
      }
      lp[nlines] = p;
      ll[nlines++] = n;
    }
    p += n + 1;
  }

  lv_arena meta;
  lv_arena_init(&meta, 0, 0);
  lv_field fields[NF];
  uint32_t off = 8; /* one presence word */
  add_field(fields, &off, F_DEVICE, "device", LV_K_STRING);
  add_field(fields, &off, F_SITE, "site", LV_K_STRING);
  add_field(fields, &off, F_TEMP, "temp", LV_K_DOUBLE);
  add_field(fields, &off, F_HUMIDITY, "humidity", LV_K_DOUBLE);
  add_field(fields, &off, F_STATUS, "status", LV_K_STRING);
  add_field(fields, &off, F_TAGS, "tags", LV_K_LIST);
  add_field(fields, &off, F_TS, "ts", LV_K_INT);
  add_field(fields, &off, F_BATTERY, "battery", LV_K_INT);
  fields[F_HUMIDITY].optional = true;
  fields[F_STATUS].has_default = true;
  fields[F_STATUS].default_value = lv_value_string("ok", 2);
  if (strcmp(mode, "rule") == 0)
    for (int i = 0; i < NF; i++)
      fields[i].needed = i == F_TEMP || i == F_SITE || i == F_STATUS;
  lv_schema schema = {"bench.Reading", 0, (off + 15) / 16 * 16, NF, fields, 0, NULL};
  lv_schema_finish(&schema, &meta);

  lv_arena arena;
  lv_arena_init(&arena, 64 * 1024, 16 * 1024 * 1024);
  lv_decode_limits lim = LV_DECODE_LIMITS_DEFAULT;
  lv_ctx cx = {&arena, NULL, NULL, NULL};
  double runs[5];
  long failed = 0;
  double hot = 0;
  int m = strcmp(mode, "parse") == 0 ? 1 : strcmp(mode, "skip") == 0 ? 2 : 0;
  for (int r = 0; r < 5; r++) {
    uint64_t t0 = now_ns();
    for (size_t i = 0; i < nlines; i++) {
      int rc;
      if (m == 1) {
        lv_value v;
        lv_json_error je;
        rc = lv_json_parse(&cx, &v, lp[i], ll[i], 64, &je);
      } else if (m == 2) {
        lv_jscan s;
        rc = lv_jscan_init(&s, lp[i], ll[i], 64, &arena) && lv_jscan_skip(&s, s.base, false) ? 0 : -1;
      } else {
        void *msg;
        lv_decode_error err;
        rc = lv_decode(&msg, &arena, &schema, lp[i], ll[i], NULL, 0, &lim, &err);
        if (rc == 0) hot += *(const double *)((const char *)msg + fields[F_TEMP].offset);
        else if (r == 0 && failed == 0)
          fprintf(stderr, "line %zu: %s at %s (offset %u)\n", i + 1, err.reason, err.path, err.offset);
      }
      if (rc && r == 0) failed++;
      lv_arena_reset(&arena);
    }
    runs[r] = (double)(now_ns() - t0) / (double)nlines;
  }
  qsort(runs, 5, sizeof runs[0], cmp_double);
  printf("{\"mode\":\"%s\",\"events\":%zu,\"failed\":%ld,\"ns_per_event\":%.1f,\"min\":%.1f,\"max\":%.1f}\n",
         mode, nlines, failed, runs[2], runs[0], runs[4]);
  if (hot < 0) printf("%f\n", hot); /* keeps the decoded values alive */
  lv_arena_free(&arena);
  lv_arena_free(&meta);
  free(lp);
  free(ll);
  free(buf);
  return 0;
}
