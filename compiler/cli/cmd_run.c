/* cmd_run.c - `levin run RULES... --events FILE`: the service's decode, match
 * and act path, offline. Every fired action, dead letter and evaluation
 * error is one JSON line on stdout, so the output is the whole record. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/lines.h"
#include "engine/engine.h"
#include "lv_json_scan.h"

static const char help[] =
    "usage: levin run [options] RULES... --events FILE\n"
    "\n"
    "Runs rules over events, one JSON object per line (FILE or - for stdin):\n"
    "  {\"subject\": \"plant.a.sensor.t1.reading\", \"data\": {...}}\n"
    "and prints, one JSON line each, in order:\n"
    "  {\"rule\": ..., \"subject\": ..., \"data\": {...}}          a publish action\n"
    "  {\"rule\": ..., \"log\": \"info\", \"message\": ...}           a log action\n"
    "  {\"dead_letter\": {\"line\": N, \"stream\": ..., \"reason\": ..., \"data\": ...}}\n"
    "  {\"error\": {\"line\": N, \"rule\": ..., \"message\": ...}}     a rule or action failed\n"
    "\n"
    "options:\n"
    "  --events FILE        the events (required; - for stdin)\n"
    "  --stream NAME        lines are bare events of this stream (no envelope)\n"
    "  --subject SUBJECT    with --stream: the subject the events arrived on (for {captures})\n"
    "  --quiet              print nothing per event; a summary on stderr at the end\n"
    "  --max-bytes N        largest event payload (default 1048576)\n"
    "  --max-json-depth N   deepest nesting in an event (default 64)\n"
    "  --no-index           evaluate every rule of a stream (no rule index; same results)\n"
    "  -O0 -O1 -O2 -O3      optimization level (default: -O2 up to 128 rules, a faster-to-\n"
    "                       compile tier with lighter optimization beyond; see docs/cli.md)\n"
    "\n"
    "Exit status: 0 the events were processed (dead letters included); 1 the rules have\n"
    "errors; 2 usage or tool failure.\n";

typedef struct run_state {
  lv_buf out;
  uint64_t line;
  const char *data; /* the event's original text, for dead letters */
  size_t data_len;
  bool quiet;
  uint64_t published, logged, dead, errors;
} run_state;

static const char *level_name(lv_log_level l) {
  static const char *const n[] = {"debug", "info", "warn", "error"};
  return n[l];
}

static void put_str(lv_buf *b, const char *s) { lv_buf_put_json_string(b, s, strlen(s)); }

static void on_publish(void *ctx, const lv_rs_stream *st, const lv_rs_rule *rule, uint32_t action,
                       const char *subject, size_t slen, const char *json, size_t jlen) {
  run_state *rs = ctx;
  (void)st;
  (void)action;
  rs->published++;
  if (rs->quiet) return;
  lv_buf_puts(&rs->out, "{\"rule\":");
  put_str(&rs->out, rule->name);
  lv_buf_puts(&rs->out, ",\"subject\":");
  lv_buf_put_json_string(&rs->out, subject, slen);
  lv_buf_puts(&rs->out, ",\"data\":");
  lv_buf_putsn(&rs->out, json, jlen);
  lv_buf_puts(&rs->out, "}\n");
}

static void on_log(void *ctx, const lv_rs_rule *rule, uint32_t action, lv_log_level level, const char *msg,
                   size_t len) {
  run_state *rs = ctx;
  (void)action;
  rs->logged++;
  if (rs->quiet) return;
  lv_buf_puts(&rs->out, "{\"rule\":");
  put_str(&rs->out, rule->name);
  lv_buf_printf(&rs->out, ",\"log\":\"%s\",\"message\":", level_name(level));
  lv_buf_put_json_string(&rs->out, msg, len);
  lv_buf_puts(&rs->out, "}\n");
}

static void dead_letter(run_state *rs, const char *stream, const char *reason, const char *path) {
  rs->dead++;
  if (rs->quiet) return;
  lv_buf_printf(&rs->out, "{\"dead_letter\":{\"line\":%llu", (unsigned long long)rs->line);
  if (stream) {
    lv_buf_puts(&rs->out, ",\"stream\":");
    put_str(&rs->out, stream);
  }
  lv_buf_puts(&rs->out, ",\"reason\":");
  put_str(&rs->out, reason);
  if (path && path[0]) {
    lv_buf_puts(&rs->out, ",\"path\":");
    put_str(&rs->out, path);
  }
  lv_buf_puts(&rs->out, ",\"data\":");
  lv_buf_put_json_string(&rs->out, rs->data, rs->data_len);
  lv_buf_puts(&rs->out, "}}\n");
}

static void on_dead_letter(void *ctx, const lv_rs_stream *st, const lv_decode_error *why) {
  dead_letter(ctx, st->name, why->reason, why->path);
}

static void error_line(run_state *rs, const lv_rs_rule *rule, int action, const lv_err *err) {
  rs->errors++;
  if (rs->quiet) return;
  lv_buf_printf(&rs->out, "{\"error\":{\"line\":%llu,\"rule\":", (unsigned long long)rs->line);
  put_str(&rs->out, rule->name);
  if (action >= 0) lv_buf_printf(&rs->out, ",\"action\":%d", action);
  lv_buf_puts(&rs->out, ",\"message\":");
  put_str(&rs->out, err && err->msg ? err->msg : "evaluation failed");
  lv_buf_puts(&rs->out, "}}\n");
}

static void on_rule_error(void *ctx, const lv_rs_rule *rule, const lv_err *err) { error_line(ctx, rule, -1, err); }
static void on_action_error(void *ctx, const lv_rs_rule *rule, uint32_t action, const lv_err *err) {
  error_line(ctx, rule, (int)action, err);
}

/* Reads {"subject": "...", "data": {...}}: the subject, and the raw text of
 * data (validated later by the decoder against the stream's schema). */
static bool envelope(lv_arena *a, const char *line, size_t n, const char **subject, size_t *slen,
                     const char **data, size_t *dlen, char *why, size_t whylen) {
  lv_jscan s;
  if (!lv_jscan_init(&s, line, n, 128, a)) {
    snprintf(why, whylen, "out of memory");
    return false;
  }
  const char *p = lv_jscan_ws(s.base);
  *subject = NULL;
  *data = NULL;
  if (*p != '{') {
    snprintf(why, whylen, "invalid envelope: expected {\"subject\": ..., \"data\": ...}");
    return false;
  }
  p = lv_jscan_ws(p + 1);
  while (p && *p != '}') {
    lv_jstr key;
    if (*p != '"' || !(p = lv_jscan_string(&s, p, &key))) break;
    p = lv_jscan_ws(p);
    if (*p != ':') {
      p = NULL;
      break;
    }
    p = lv_jscan_ws(p + 1);
    const char *start = p;
    if (key.len == 7 && memcmp(key.ptr, "subject", 7) == 0 && *p == '"') {
      lv_jstr sv;
      if (!(p = lv_jscan_string(&s, p, &sv))) break;
      char *buf = lv_arena_alloc(a, sv.len + 1);
      *slen = sv.escaped ? lv_jscan_unescape(buf, sv.ptr, sv.len) : sv.len;
      if (!sv.escaped) memcpy(buf, sv.ptr, sv.len);
      *subject = buf;
    } else {
      if (!(p = lv_jscan_skip(&s, p, true))) break;
      if (key.len == 4 && memcmp(key.ptr, "data", 4) == 0) {
        *data = line + (start - s.base);
        *dlen = (size_t)(p - start);
      }
    }
    p = lv_jscan_ws(p);
    if (*p == ',') p = lv_jscan_ws(p + 1);
    else if (*p != '}') p = NULL;
  }
  if (!p) {
    snprintf(why, whylen, "invalid envelope: %s", s.err_msg[0] ? s.err_msg : "malformed JSON");
    return false;
  }
  if (!*subject || !*data) {
    snprintf(why, whylen, "invalid envelope: it needs \"subject\" (a string) and \"data\"");
    return false;
  }
  return true;
}

int lv_cmd_run(int argc, char **argv) {
  static const struct option opts[] = {
      {"events", required_argument, NULL, 'e'},   {"stream", required_argument, NULL, 's'},
      {"subject", required_argument, NULL, 'j'},  {"quiet", no_argument, NULL, 'q'},
      {"max-bytes", required_argument, NULL, 'b'}, {"max-json-depth", required_argument, NULL, 'd'},
      {"no-index", no_argument, NULL, 'n'},       {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *events = NULL, *stream_name = NULL, *fixed_subject = NULL;
  bool quiet = false, no_index = false;
  int opt_level = -1; /* automatic */
  lv_decode_limits limits = LV_DECODE_LIMITS_DEFAULT;
  long v;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":hO:", opts, NULL)) != -1) {
    switch (c) {
    case 'e': events = optarg; break;
    case 's': stream_name = optarg; break;
    case 'j': fixed_subject = optarg; break;
    case 'q': quiet = true; break;
    case 'n': no_index = true; break;
    case 'O':
      if (lv_cli_opt_level("run", optarg, &opt_level) != LV_EXIT_OK) return LV_EXIT_USAGE;
      break;
    case 'b':
      if (!lv_cli_int(optarg, 2, 1L << 30, &v)) return lv_cli_usage_error("run", "--max-bytes takes a number");
      limits.max_bytes = (size_t)v;
      break;
    case 'd':
      if (!lv_cli_int(optarg, 1, 512, &v)) return lv_cli_usage_error("run", "--max-json-depth takes 1 to 512");
      limits.max_depth = (uint32_t)v;
      break;
    case 'h': fputs(help, stdout); return LV_EXIT_OK;
    default: return lv_cli_bad_option("run", c, argv, optind);
    }
  }
  if (optind >= argc) return lv_cli_usage_error("run", "no rule files or directories given");
  if (!events) return lv_cli_usage_error("run", "--events FILE is required");
  if (fixed_subject && !stream_name) return lv_cli_usage_error("run", "--subject needs --stream");
  FILE *in = strcmp(events, "-") == 0 ? stdin : fopen(events, "rb");
  if (!in) {
    fprintf(stderr, "levin run: cannot read '%s': %s\n", events, strerror(errno));
    return LV_EXIT_USAGE;
  }
  char err[512];
  lv_jit *jit;
  if (lv_jit_new(&jit, err, sizeof err) != 0) {
    fprintf(stderr, "levin run: %s\n", err);
    if (in != stdin) fclose(in);
    return LV_EXIT_USAGE;
  }
  lv_ruleset_opts ro = {0, 0, opt_level, no_index};
  lv_ruleset_diags d;
  lv_ruleset *rs = lv_ruleset_compile(jit, (const char *const *)argv + optind, argc - optind, &ro, &d);
  if (d.text.len) fputs(d.text.data, stderr);
  lv_ruleset_diags_free(&d);
  int status = LV_EXIT_OK;
  if (!rs) {
    status = LV_EXIT_ERRORS;
    goto out;
  }
  const lv_rs_stream *fixed = NULL;
  if (stream_name) {
    for (uint32_t i = 0; i < rs->nstreams; i++) {
      const char *n = rs->streams[i].name, *dot = strrchr(n, '.');
      if (strcmp(n, stream_name) == 0 || (dot && strcmp(dot + 1, stream_name) == 0)) fixed = &rs->streams[i];
    }
    if (!fixed) {
      fprintf(stderr, "levin run: no stream '%s' in the rules\n", stream_name);
      status = LV_EXIT_USAGE;
      goto out;
    }
  }
  run_state st;
  memset(&st, 0, sizeof st);
  st.quiet = quiet;
  lv_sink sink = {&st, on_publish, on_log, on_dead_letter, on_rule_error, on_action_error};
  lv_worker w;
  lv_worker_init(&w, &limits, 0);
  lv_arena envelope_arena;
  lv_arena_init(&envelope_arena, 64 * 1024, 0);
  lv_lines lines;
  lv_lines_init(&lines, in);
  char *line;
  size_t n;
  uint64_t events_seen = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while ((line = lv_lines_next(&lines, &n))) {
    st.line++;
    if (n == 0) continue;
    events_seen++;
    st.data = line;
    st.data_len = n;
    if (fixed) {
      const char *subj = fixed_subject ? fixed_subject : NULL;
      lv_engine_process(&w, rs, fixed, subj, subj ? strlen(subj) : 0, line, n, &sink);
    } else {
      const char *subject, *data;
      size_t slen = 0, dlen = 0;
      char why[300];
      if (!envelope(&envelope_arena, line, n, &subject, &slen, &data, &dlen, why, sizeof why)) {
        dead_letter(&st, NULL, why, NULL);
      } else {
        const lv_rs_stream *matched[64];
        uint32_t m = lv_ruleset_match_subject(rs, subject, slen, matched, 64);
        if (m == 0) {
          char reason[300];
          snprintf(reason, sizeof reason, "no stream matches subject '%.*s'", (int)(slen > 200 ? 200 : slen), subject);
          dead_letter(&st, NULL, reason, NULL);
        }
        st.data = data;
        st.data_len = dlen;
        for (uint32_t k = 0; k < m; k++) lv_engine_process(&w, rs, matched[k], subject, slen, data, dlen, &sink);
      }
      lv_arena_reset(&envelope_arena);
    }
    if (st.out.len > 1 << 16) {
      fwrite(st.out.data, 1, st.out.len, stdout);
      lv_buf_clear(&st.out);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (st.out.len) fwrite(st.out.data, 1, st.out.len, stdout);
  fflush(stdout);
  if (lines.error) {
    fprintf(stderr, "levin run: cannot read '%s': %s\n", events, strerror(lines.error));
    status = LV_EXIT_USAGE;
  }
  if (quiet) {
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* How the rules were matched: reachable only through the rule index,
     * and decided by it without running `when` (summed over the streams). */
    unsigned long long nrules = 0, indexed = 0, decided = 0;
    for (uint32_t i = 0; i < rs->nstreams; i++) {
      nrules += rs->streams[i].nrules;
      indexed += rs->streams[i].indexed_rules;
      decided += rs->streams[i].decided_rules;
    }
    fprintf(stderr,
            "{\"events\":%llu,\"published\":%llu,\"logged\":%llu,\"dead_letters\":%llu,\"errors\":%llu,"
            "\"rules\":%llu,\"rules_indexed\":%llu,\"rules_decided\":%llu,\"seconds\":%.6f,\"ns_per_event\":%.1f}\n",
            (unsigned long long)events_seen, (unsigned long long)st.published, (unsigned long long)st.logged,
            (unsigned long long)st.dead, (unsigned long long)st.errors, nrules, indexed, decided, secs,
            events_seen ? secs * 1e9 / (double)events_seen : 0.0);
  }
  lv_lines_free(&lines);
  lv_buf_free(&st.out);
  lv_arena_free(&envelope_arena);
  lv_worker_free(&w);
out:
  lv_ruleset_free(rs);
  lv_jit_free(jit);
  if (in != stdin) fclose(in);
  return status;
}
