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
    "  --subject SUBJECT    with --stream: the subject the events arrived on (for {captures});\n"
    "                       it must match the stream's pattern\n"
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

/* Why a subject cannot be a message's subject (NATS delivers none like it),
 * as the end of "subject 'x' ...", or NULL when it can. A token like "a*"
 * is literal to NATS and allowed; "*" and ">" alone are wildcards. */
static const char *subject_problem(const char *s, size_t n) {
  if (n == 0) return "is empty";
  size_t tok = 0; /* length of the token so far */
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '.') {
      if (tok == 0) return "has an empty token";
      if (tok == 1 && s[i - 1] == '*') return "has the wildcard token '*', which no message subject has";
      if (tok == 1 && s[i - 1] == '>') return "has the wildcard token '>', which no message subject has";
      tok = 0;
      continue;
    }
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c == 0x7f) return "contains whitespace or a control character";
    tok++;
  }
  return NULL;
}

/* A subject as reasons show it: at most 200 bytes (cut at a character
 * boundary) and a NUL shown as \0, since reasons are C strings. */
static void subject_excerpt(char *out, size_t cap, const char *s, size_t n) {
  size_t k = 0, max = cap - 4;
  if (max > 200) max = 200;
  if (n > max) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* s[n] continues a character */
  }
  for (size_t i = 0; i < n && k + 3 < cap; i++) {
    if (s[i]) {
      out[k++] = s[i];
    } else {
      out[k++] = '\\';
      out[k++] = '0';
    }
  }
  out[k] = 0;
}

/* Lines holding only JSON whitespace are blank: skipped, but counted. */
static bool line_blank(const char *line, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!lv_jscan_is_ws(line[i])) return false;
  return true;
}

/* The end of the JSON value at p (before end), found by matching brackets
 * outside strings and validating nothing: the data is the event decoder's to
 * judge, so that its reasons are exactly the service's for the same
 * payload. p itself when no value starts there; NULL when the text ends
 * inside the value. Not recursive: any nesting is fine. */
static const char *value_end(const char *p, const char *end) {
  size_t depth = 0;
  const char *q = p;
  while (q < end) {
    char c = *q;
    if (c == '"') {
      for (q++; q < end && *q != '"'; q++)
        if (*q == '\\') q++; /* the escaped byte cannot close the string */
      if (q >= end) return NULL;
      q++;
    } else if (c == '{' || c == '[') {
      depth++;
      q++;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return q; /* a bracket where the value should be */
      depth--;
      q++;
    } else if (depth == 0) {
      /* A number or a literal, up to what may follow a value. */
      while (q < end && !lv_jscan_is_ws(*q) && *q != ',' && *q != '}' && *q != ']') q++;
      return q;
    } else {
      q++;
    }
    if (depth == 0) return q;
  }
  return depth ? NULL : q;
}

typedef struct envelope {
  const char *subject; /* unescaped (in the arena or the scanner's copy) */
  size_t slen;
  const char *data; /* the bytes of "data", as they are in the line */
  size_t dlen;
} envelope;

/* Reads {"subject": "...", "data": ...}: the subject, and where data is in
 * the line. Only the envelope is checked here - its syntax, "subject" a
 * string, each of the two keys exactly once (other keys are skipped, checked
 * as JSON syntax only); the data goes to the decoder unchanged. */
static bool envelope_read(lv_arena *a, const char *line, size_t n, envelope *env, char *why, size_t whylen) {
  lv_jscan s;
  if (!lv_jscan_init(&s, line, n, LV_JSON_DEPTH_CEILING, a)) {
    snprintf(why, whylen, "out of memory");
    return false;
  }
  bool has_subject = false, has_data = false;
  const char *p = lv_jscan_ws(s.base);
  if (*p != '{') {
    snprintf(why, whylen, "invalid envelope: expected {\"subject\": ..., \"data\": ...}");
    return false;
  }
  bool more = lv_jscan_enter(&s, &p, '}');
  while (more) {
    lv_jstr key;
    const char *q = lv_jscan_key(&s, p, &key);
    if (!q || !(q = lv_jscan_colon(&s, q))) goto bad_json;
    char kbuf[16];
    size_t klen;
    const char *k = lv_jscan_str_text(&s, &key, kbuf, sizeof kbuf, &klen);
    if (!k) {
      snprintf(why, whylen, "out of memory");
      return false;
    }
    bool is_subject = klen == 7 && memcmp(k, "subject", 7) == 0;
    bool is_data = klen == 4 && memcmp(k, "data", 4) == 0;
    if ((is_subject && has_subject) || (is_data && has_data)) {
      snprintf(why, whylen, "invalid envelope: \"%s\" appears twice", is_subject ? "subject" : "data");
      return false;
    }
    if (is_subject) {
      if (*q != '"') {
        snprintf(why, whylen, "invalid envelope: \"subject\" must be a string");
        return false;
      }
      lv_jstr sv;
      const char *e = lv_jscan_string(&s, q, &sv);
      if (!e) goto bad_json;
      if (!(env->subject = lv_jscan_str_text(&s, &sv, NULL, 0, &env->slen))) {
        snprintf(why, whylen, "out of memory");
        return false;
      }
      has_subject = true;
      q = e;
    } else if (is_data) {
      const char *e = value_end(q, s.end);
      if (!e) {
        snprintf(why, whylen, "invalid envelope: the line ends inside \"data\"");
        return false;
      }
      if (e == q) {
        lv_jscan_expected_value(&s, q);
        goto bad_json;
      }
      env->data = line + (q - s.base);
      env->dlen = (size_t)(e - q);
      has_data = true;
      q = e;
    } else if (!(q = lv_jscan_skip(&s, q, false))) {
      goto bad_json;
    }
    more = lv_jscan_next(&s, &p, q, '}');
  }
  if (!p) goto bad_json;
  p = lv_jscan_ws(p);
  if (p < s.end) {
    lv_jscan_syntax(&s, p, "trailing characters after the JSON value");
    goto bad_json;
  }
  if (!has_subject || !has_data) {
    snprintf(why, whylen, "invalid envelope: \"%s\" is missing", has_subject ? "data" : "subject");
    return false;
  }
  const char *problem = subject_problem(env->subject, env->slen);
  if (problem) {
    char ex[512];
    subject_excerpt(ex, sizeof ex, env->subject, env->slen);
    snprintf(why, whylen, "invalid envelope: subject '%s' %s", ex, problem);
    return false;
  }
  return true;
bad_json:
  snprintf(why, whylen, "invalid envelope: %s", s.err_msg[0] ? s.err_msg : "malformed JSON");
  return false;
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
  if (fixed_subject) {
    /* Events arrive on message subjects: a wildcard or an empty token would
     * capture text no event can carry. */
    const char *problem = subject_problem(fixed_subject, strlen(fixed_subject));
    if (problem) {
      fprintf(stderr, "levin run: --subject '%s' %s\n", fixed_subject, problem);
      return LV_EXIT_USAGE;
    }
  }
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
    /* The captures come from the subject's tokens by position: a subject
     * the stream would never receive would capture the wrong text. */
    if (fixed_subject && !lv_rs_stream_matches(fixed, fixed_subject, strlen(fixed_subject))) {
      fprintf(stderr, "levin run: --subject '%s' does not match the pattern '%s' of stream '%s'\n", fixed_subject,
              fixed->pattern, fixed->name);
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
    if (line_blank(line, n)) continue;
    events_seen++;
    st.data = line;
    st.data_len = n;
    if (fixed) {
      const char *subj = fixed_subject ? fixed_subject : NULL;
      lv_engine_process(&w, rs, fixed, subj, subj ? strlen(subj) : 0, line, n, &sink);
    } else {
      envelope env;
      char why[768];
      if (!envelope_read(&envelope_arena, line, n, &env, why, sizeof why)) {
        dead_letter(&st, NULL, why, NULL);
      } else {
        const lv_rs_stream *matched[64];
        uint32_t m = lv_ruleset_match_subject(rs, env.subject, env.slen, matched, 64);
        if (m == 0) {
          char ex[512];
          subject_excerpt(ex, sizeof ex, env.subject, env.slen);
          snprintf(why, sizeof why, "no stream matches subject '%s'", ex);
          dead_letter(&st, NULL, why, NULL);
        }
        st.data = env.data;
        st.data_len = env.dlen;
        for (uint32_t k = 0; k < m; k++)
          lv_engine_process(&w, rs, matched[k], env.subject, env.slen, env.data, env.dlen, &sink);
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
