/* ruleset.c - compiling rule files into a loaded, runnable rule set. */
#include "driver/ruleset.h"

#include <malloc.h>
#include <stdatomic.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/dispatch.h"
#include "driver/front.h"
#include "lv_regex.h"

static atomic_uint_fast64_t generations;

/* Rule sets up to this size get the full optimizer (see lv_jit_tier). */
#define FULL_TIER_MAX_RULES 128
/* Rules per module when compiling in parallel: enough to amortize a
 * module's overhead, few enough to spread over the cores and to bound the
 * memory of what is being compiled at once. */
#define RULES_PER_MODULE 256

/* LEVIN_TIMING=1 prints how long each phase of a compilation took. */
static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void phase(const char *name, double *t0) {
  static int on = -1;
  if (on < 0) on = getenv("LEVIN_TIMING") != NULL;
  double t = now_ms();
  if (on) fprintf(stderr, "levin: %-10s %8.1f ms\n", name, t - *t0);
  *t0 = t;
}

void lv_ruleset_diags_free(lv_ruleset_diags *d) {
  lv_buf_free(&d->text);
  lv_buf_free(&d->json);
}

static void collect_diags(lv_front *f, lv_ruleset_diags *d) {
  lv_diags_sort(&f->diags);
  lv_diags_print_text(&d->text, &f->diags, false);
  lv_diags_print_json(&d->json, &f->diags);
  d->errors = f->diags.errors;
  d->warnings = f->diags.warnings;
}

static const char *where(lv_arena *a, lv_source *src, lv_span span) {
  lv_pos p = lv_source_pos(src, span.start);
  return lv_arena_printf(a, "%s:%u:%u", src->path, p.line, p.col);
}

static lv_log_level log_level(const char *name) {
  if (strcmp(name, "debug") == 0) return LV_LOG_DEBUG;
  if (strcmp(name, "warn") == 0) return LV_LOG_WARN;
  if (strcmp(name, "error") == 0) return LV_LOG_ERROR;
  return LV_LOG_INFO;
}

static void free_regexes(lv_ruleset *rs) {
  for (uint32_t i = 0; i < rs->nconsts; i++) lv_regex_free((lv_regex *)rs->consts[i]);
  free(rs->consts);
  rs->consts = NULL;
  rs->nconsts = 0;
}

lv_ruleset *lv_ruleset_compile(lv_jit *jit, const char *const *paths, int npaths, const lv_ruleset_opts *opts,
                               lv_ruleset_diags *d) {
  memset(d, 0, sizeof *d);
  lv_front_opts fo = {opts && opts->max_depth ? opts->max_depth : LV_MAX_DEPTH_DEFAULT,
                      opts && opts->max_errors ? opts->max_errors : 50};
  int opt_level = opts ? opts->opt_level : -1;
  lv_front f;
  lv_front_init(&f, &fo);
  lv_ruleset *rs = NULL;
  double t0 = now_ms();
  bool checked = lv_front_check_paths(&f, paths, npaths);
  phase("check", &t0);
  if (!checked) {
    collect_diags(&f, d);
    lv_front_free(&f);
    return NULL;
  }
  lv_program *p = &f.prog;
  rs = calloc(1, sizeof *rs);
  if (!rs) abort();
  lv_arena_init(&rs->arena, 64 * 1024, 0);
  rs->generation = atomic_fetch_add(&generations, 1) + 1;
  rs->nfiles = p->nfiles;
  rs->rt = lv_layout_schemas(p, &rs->arena);

  char prefix[48];
  snprintf(prefix, sizeof prefix, "lv_rs%llu", (unsigned long long)rs->generation);
  /* Automatic (no -O given): large rule sets compile fast (cleanup passes,
   * fast instruction selection), small ones get the full optimizer. An
   * explicit level applies to the whole set: -O0 no optimization, -O1 the
   * fast tier, -O2 and -O3 the full optimizer. Either way large sets are
   * compiled in parallel modules. */
  lv_jit_tier tier = opt_level < 0 ? (p->nrules <= FULL_TIER_MAX_RULES ? LV_TIER_FULL : LV_TIER_FAST)
                     : opt_level == 0 ? LV_TIER_NONE
                     : opt_level == 1 ? LV_TIER_FAST
                                      : LV_TIER_FULL;
  uint32_t chunk = p->nrules <= FULL_TIER_MAX_RULES ? p->nrules + 1 : RULES_PER_MODULE;
  uint32_t nmods = p->nrules ? (p->nrules + chunk - 1) / chunk : 1;
  /* Lower module by module while a thread pool compiles the previous ones. */
  lv_lower_consts consts;
  memset(&consts, 0, sizeof consts);
  lv_jit_batch *batch = lv_jit_batch_begin(jit, tier);
  bool lowered = true;
  for (uint32_t m = 0; m < nmods && lowered; m++) {
    lv_lowered mod;
    memset(&mod, 0, sizeof mod);
    lowered = lv_lower_rules(&mod, p, prefix, m * chunk, (m + 1) * chunk, &consts, NULL);
    if (lowered) lv_jit_batch_add(batch, &mod);
    else lv_lowered_dispose(&mod);
  }
  char err[1024];
  lv_jit_unit *unit = NULL;
  int jrc = lv_jit_batch_end(batch, &unit, err, sizeof err);
  if (!lowered) {
    if (unit) lv_jit_remove(unit);
    goto fail;
  }
  if (jrc != 0) {
    lv_diag_add_path(&f.diags, LV_D_CODEGEN, "<generated>", "code generation failed: %s", err);
    goto fail;
  }
  rs->unit = unit;
  /* The constant table: literal regexes, compiled once for the set. */
  rs->nconsts = consts.nregexes;
  rs->consts = calloc(consts.nregexes + 1, sizeof *rs->consts);
  if (!rs->consts) abort();
  for (uint32_t i = 0; i < consts.nregexes; i++) {
    lv_regex_error rerr;
    rs->consts[i] = lv_regex_compile(consts.regexes[i].pattern, consts.regexes[i].len, &rerr);
  }
  phase("compile", &t0);
  /* Rules, in program order, with their functions: found in one lookup. */
  rs->nrules = p->nrules;
  rs->rules = lv_arena_calloc(&rs->arena, p->nrules + 1, sizeof *rs->rules);
  uint32_t nfns = 0;
  for (uint32_t i = 0; i < p->nrules; i++) nfns += 1 + p->rules[i]->decl->u.rule.actions.n;
  char **fnames = calloc(nfns + 1, sizeof *fnames);
  void **fns = calloc(nfns + 1, sizeof *fns);
  if (!fnames || !fns) abort();
  uint32_t at = 0;
  for (uint32_t i = 0; i < p->nrules; i++) {
    char name[128];
    lv_lower_when_name(name, sizeof name, prefix, p->rules[i]->index);
    fnames[at++] = lv_arena_strdup(&f.arena, name);
    for (uint32_t a = 0; a < p->rules[i]->decl->u.rule.actions.n; a++) {
      lv_lower_action_name(name, sizeof name, prefix, p->rules[i]->index, a);
      fnames[at++] = lv_arena_strdup(&f.arena, name);
    }
  }
  int lrc = lv_jit_lookup_many(jit, (const char *const *)fnames, nfns, fns, err, sizeof err);
  free(fnames);
  if (lrc != 0) {
    free(fns);
    lv_diag_add_path(&f.diags, LV_D_CODEGEN, "<generated>", "%s", err);
    goto fail;
  }
  at = 0;
  for (uint32_t i = 0; i < p->nrules; i++) {
    lv_rule_info *ri = p->rules[i];
    lv_rs_rule *r = &rs->rules[i];
    r->name = lv_arena_strdup(&rs->arena, ri->name);
    r->index = i;
    r->priority = ri->priority;
    r->where = where(&rs->arena, ri->decl->file->src, ri->decl->name.span);
    r->when = (lv_when_fn)fns[at++];
    lv_action_list *al = &ri->decl->u.rule.actions;
    r->nactions = al->n;
    r->actions = lv_arena_calloc(&rs->arena, al->n + 1, sizeof *r->actions);
    for (uint32_t a = 0; a < al->n; a++) {
      lv_action *act = al->items[a];
      lv_rs_action *ra = &r->actions[a];
      ra->publish = act->kind == LV_A_PUBLISH;
      ra->level = act->kind == LV_A_LOG ? log_level(act->level.name) : LV_LOG_INFO;
      ra->where = where(&rs->arena, ri->decl->file->src, act->span);
      ra->fn = (lv_action_fn)fns[at++];
    }
  }
  free(fns);
  phase("link", &t0);
  /* Streams with their rules in firing order. */
  rs->nstreams = p->nstreams;
  rs->streams = lv_arena_calloc(&rs->arena, p->nstreams + 1, sizeof *rs->streams);
  for (uint32_t i = 0; i < p->nstreams; i++) {
    lv_stream_info *si = p->streams[i];
    lv_rs_stream *s = &rs->streams[i];
    s->name = lv_arena_strdup(&rs->arena, si->name);
    s->pattern = lv_arena_strdup(&rs->arena, si->pattern);
    s->subject = lv_arena_strdup(&rs->arena, si->subject);
    s->schema = si->schema->rt;
    s->ntokens = si->ntokens;
    s->tail_wildcard = si->tail_wildcard;
    s->ncaptures = si->ncaptures;
    s->captures = lv_arena_calloc(&rs->arena, si->ncaptures + 1, sizeof *s->captures);
    for (uint32_t k = 0; k < si->ncaptures; k++) {
      s->captures[k].token = si->captures[k].token;
      s->captures[k].field = si->captures[k].field;
    }
    s->nrules = si->nrules;
    s->rules = lv_arena_calloc(&rs->arena, si->nrules + 1, sizeof *s->rules);
    for (uint32_t k = 0; k < si->nrules; k++) s->rules[k] = &rs->rules[si->rules[k]->index];
    if (!opts || !opts->no_index) {
      lv_dispatch_stats ds;
      s->index = lv_dispatch_build(si, &rs->arena, &ds);
      s->indexed_rules = ds.indexed;
      s->decided_rules = ds.decided;
    }
  }
  phase("index", &t0);
  collect_diags(&f, d);
  lv_front_free(&f);
  malloc_trim(0); /* give the compilation's memory back: a service keeps running */
  return rs;
fail:
  collect_diags(&f, d);
  lv_front_free(&f);
  lv_ruleset_free(rs);
  return NULL;
}

void lv_ruleset_free(lv_ruleset *rs) {
  if (!rs) return;
  if (rs->unit) lv_jit_remove(rs->unit);
  free_regexes(rs);
  lv_arena_free(&rs->arena);
  free(rs);
}

/* NATS subject matching: tokens split by '.'; '*' matches one token, '>'
 * one or more remaining tokens. */
bool lv_rs_stream_matches(const lv_rs_stream *st, const char *subject, size_t len) {
  const char *p = st->subject, *s = subject, *end = subject + len;
  for (;;) {
    const char *pe = strchr(p, '.');
    size_t pl = pe ? (size_t)(pe - p) : strlen(p);
    if (s >= end) return false;
    const char *se = memchr(s, '.', (size_t)(end - s));
    size_t sl = se ? (size_t)(se - s) : (size_t)(end - s);
    if (sl == 0) return false;
    if (pl == 1 && p[0] == '>') return true;
    if (!(pl == 1 && p[0] == '*') && (pl != sl || memcmp(p, s, sl) != 0)) return false;
    if (!pe && !se) return true;
    if (!pe || !se) return false;
    p = pe + 1;
    s = se + 1;
  }
}

uint32_t lv_ruleset_match_subject(const lv_ruleset *rs, const char *subject, size_t len,
                                  const lv_rs_stream **out, uint32_t max) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < rs->nstreams && n < max; i++)
    if (rs->streams[i].subject[0] && lv_rs_stream_matches(&rs->streams[i], subject, len)) out[n++] = &rs->streams[i];
  return n;
}
