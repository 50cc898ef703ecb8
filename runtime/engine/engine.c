/* engine.c - decode, match, act. */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

#include "driver/dispatch.h"
#include "lv_values.h"

void lv_worker_init(lv_worker *w, const lv_decode_limits *limits, size_t eval_limit) {
  memset(w, 0, sizeof *w);
  lv_decode_limits def = LV_DECODE_LIMITS_DEFAULT;
  w->limits = limits ? *limits : def;
  w->eval_limit = eval_limit ? eval_limit : 64u * 1024 * 1024;
  /* The arena's limit bounds what one event may use: decoding plus
   * evaluation. Past it, evaluation fails with "resource limit". */
  lv_arena_init(&w->arena, 64 * 1024, w->eval_limit + w->limits.max_bytes * 8);
}

static void free_counts(lv_engine_counts *c) {
  free(c->stream_in);
  free(c->stream_decoded);
  free(c->stream_dead);
  free(c->rule_fired);
  free(c->rule_errors);
  memset(c, 0, sizeof *c);
}

void lv_worker_free(lv_worker *w) {
  lv_arena_free(&w->arena);
  lv_buf_free(&w->out);
  free_counts(&w->counts);
  free(w->candidates);
  w->candidates = NULL;
}

static uint64_t *zeros(uint32_t n) {
  uint64_t *p = calloc(n + 1, sizeof *p);
  if (!p) abort();
  return p;
}

void lv_worker_use(lv_worker *w, const lv_ruleset *rs) {
  free_counts(&w->counts);
  w->counts.nstreams = rs->nstreams;
  w->counts.nrules = rs->nrules;
  w->counts.stream_in = zeros(rs->nstreams);
  w->counts.stream_decoded = zeros(rs->nstreams);
  w->counts.stream_dead = zeros(rs->nstreams);
  w->counts.rule_fired = zeros(rs->nrules);
  w->counts.rule_errors = zeros(rs->nrules);
  w->counted = rs;
  uint32_t most = 1;
  for (uint32_t i = 0; i < rs->nstreams; i++)
    if (rs->streams[i].nrules > most) most = rs->streams[i].nrules;
  if (most > w->capcandidates) {
    free(w->candidates);
    w->candidates = malloc(sizeof *w->candidates * most);
    if (!w->candidates) abort();
    w->capcandidates = most;
  }
}

/* Subject tokens for the stream's {captures}. */
static size_t subject_captures(const lv_rs_stream *st, const char *subject, size_t len, lv_capture *caps) {
  size_t n = 0;
  for (uint32_t k = 0; k < st->ncaptures; k++) {
    uint32_t want = st->captures[k].token, tok = 0;
    const char *p = subject, *end = subject + len;
    while (tok < want && p < end) {
      const char *dot = memchr(p, '.', (size_t)(end - p));
      if (!dot) {
        p = end;
        break;
      }
      p = dot + 1;
      tok++;
    }
    if (tok != want || p >= end) continue;
    const char *dot = memchr(p, '.', (size_t)(end - p));
    caps[n].field = st->captures[k].field;
    caps[n].ptr = p;
    caps[n].len = dot ? (size_t)(dot - p) : (size_t)(end - p);
    n++;
  }
  return n;
}

static void run_actions(lv_worker *w, const lv_ruleset *rs, lv_ctx *cx, const lv_rs_stream *st,
                        const lv_rs_rule *r, const void *event, const lv_sink *sink) {
  for (uint32_t a = 0; a < r->nactions; a++) {
    const lv_rs_action *act = &r->actions[a];
    lv_action_out out;
    memset(&out, 0, sizeof out);
    const lv_err *err = NULL;
    if (act->fn(cx, event, &out, &err) != 0) {
      w->counts.actions_failed++;
      if (sink && sink->action_error) sink->action_error(sink->ctx, r, a, err);
      continue;
    }
    w->counts.actions_ok++;
    lv_buf_clear(&w->out);
    if (act->publish) {
      lv_value_print_json(&w->out, cx, &out.payload);
      if (sink && sink->publish)
        sink->publish(sink->ctx, st, r, a, out.subject, out.subject_len, w->out.data, w->out.len);
    } else {
      if (out.payload.tag == LV_STRING) lv_buf_putsn(&w->out, out.payload.v.s, out.payload.aux);
      else lv_value_print_json(&w->out, cx, &out.payload);
      if (sink && sink->log) sink->log(sink->ctx, r, a, act->level, w->out.data ? w->out.data : "", w->out.len);
    }
  }
  (void)rs;
}

int lv_engine_process(lv_worker *w, const lv_ruleset *rs, const lv_rs_stream *st, const char *subject,
                      size_t subject_len, const char *data, size_t data_len, const lv_sink *sink) {
  if (w->counted != rs) lv_worker_use(w, rs);
  uint32_t si = (uint32_t)(st - rs->streams);
  w->counts.stream_in[si]++;
  lv_capture caps[16];
  size_t ncaps = st->ncaptures && subject ? subject_captures(st, subject, subject_len, caps) : 0;
  void *event = NULL;
  lv_decode_error derr;
  if (lv_decode(&event, &w->arena, st->schema, data, data_len, caps, ncaps, &w->limits, &derr) != 0) {
    w->counts.stream_dead[si]++;
    if (sink && sink->dead_letter) sink->dead_letter(sink->ctx, st, &derr);
    lv_arena_reset(&w->arena);
    return -1;
  }
  w->counts.stream_decoded[si]++;
  lv_ctx cx = {&w->arena, rs->rt, rs->consts, NULL};
  int fired = 0;
  /* With an index, only the candidates it finds (in firing order). */
  uint32_t n = st->nrules;
  const uint32_t *pick = NULL;
  if (st->index) {
    uint32_t c = lv_dispatch_candidates(st->index, event, w->candidates, w->capcandidates);
    if (c != UINT32_MAX) {
      n = c;
      pick = w->candidates;
    }
  }
  for (uint32_t k = 0; k < n; k++) {
    uint32_t pos = pick ? pick[k] : k;
    const lv_rs_rule *r = st->rules[pos & ~LV_DISPATCH_DECIDED];
    const lv_err *err = NULL;
    int32_t rc = pos & LV_DISPATCH_DECIDED ? 1 : r->when(&cx, event, &err);
    if (rc == 1) {
      fired++;
      w->counts.rule_fired[r->index]++;
      run_actions(w, rs, &cx, st, r, event, sink);
    } else if (rc != 0) {
      w->counts.rule_errors[r->index]++;
      if (sink && sink->rule_error) sink->rule_error(sink->ctx, r, err);
    }
  }
  lv_arena_reset(&w->arena);
  return fired;
}
