/* live.c - a rule set with its subscription groups and statistics ids. */
#include "reload/live.h"

#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) abort();
  return p;
}

static int cmp_group(const void *a, const void *b) {
  return strcmp(((const lv_subject_group *)a)->subject, ((const lv_subject_group *)b)->subject);
}

lv_live *lv_live_new(lv_ruleset *rs, uint64_t generation, lv_stats *s) {
  lv_live *l = xcalloc(1, sizeof *l);
  l->rs = rs;
  l->generation = generation;
  l->stream_ids = xcalloc(rs->nstreams, sizeof *l->stream_ids);
  l->rule_ids = xcalloc(rs->nrules, sizeof *l->rule_ids);
  l->rule_stream = xcalloc(rs->nrules, sizeof *l->rule_stream);
  /* Groups: one per distinct subject (few streams: quadratic is fine). */
  l->groups = xcalloc(rs->nstreams, sizeof *l->groups);
  for (uint32_t i = 0; i < rs->nstreams; i++) {
    const lv_rs_stream *st = &rs->streams[i];
    lv_subject_group *g = NULL;
    for (uint32_t k = 0; k < l->ngroups; k++)
      if (strcmp(l->groups[k].subject, st->subject) == 0) g = &l->groups[k];
    if (!g) {
      g = &l->groups[l->ngroups++];
      g->subject = st->subject;
      g->streams = xcalloc(rs->nstreams, sizeof *g->streams);
    }
    g->streams[g->nstreams++] = i;
    for (uint32_t r = 0; r < st->nrules; r++) l->rule_stream[st->rules[r]->index] = i;
  }
  if (l->ngroups > 1) qsort(l->groups, l->ngroups, sizeof *l->groups, cmp_group);
  pthread_mutex_lock(&s->mu);
  for (uint32_t i = 0; i < rs->nstreams; i++) l->stream_ids[i] = lv_stats_stream_id(s, rs->streams[i].name);
  for (uint32_t i = 0; i < rs->nrules; i++) l->rule_ids[i] = lv_stats_rule_id(s, rs->rules[i].name);
  pthread_mutex_unlock(&s->mu);
  return l;
}

void lv_live_free(lv_live *l) {
  if (!l) return;
  for (uint32_t k = 0; k < l->ngroups; k++) free(l->groups[k].streams);
  free(l->groups);
  free(l->stream_ids);
  free(l->rule_ids);
  free(l->rule_stream);
  lv_ruleset_free(l->rs);
  free(l);
}

const lv_subject_group *lv_live_group(const lv_live *l, const char *subject) {
  lv_subject_group key = {subject, NULL, 0};
  return bsearch(&key, l->groups, l->ngroups, sizeof *l->groups, cmp_group);
}

void lv_live_add_counts(const lv_live *l, lv_stream_totals *streams, lv_rule_totals *rules,
                        const lv_engine_counts *c) {
  if (c->nstreams != l->rs->nstreams || c->nrules != l->rs->nrules) return;
  for (uint32_t i = 0; i < c->nstreams; i++) {
    lv_stream_totals *t = &streams[l->stream_ids[i]];
    t->in += c->stream_in[i];
    t->decoded += c->stream_decoded[i];
    t->dead += c->stream_dead[i];
  }
  for (uint32_t i = 0; i < c->nrules; i++) {
    lv_rule_totals *t = &rules[l->rule_ids[i]];
    /* A rule is evaluated against every decoded event of its stream (the
     * rule index may decide it without running its code). */
    t->evaluations += c->stream_decoded[l->rule_stream[i]];
    t->fired += c->rule_fired[i];
    t->errors += c->rule_errors[i];
  }
}
