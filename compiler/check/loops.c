/* loops.c - actions a rule set would receive again (W0007).
 *
 * levind subscribes to every stream's subject and publishes actions on the
 * same NATS server. An action whose subject one of its own streams matches
 * comes straight back: a rule chain that returns to where it started runs
 * forever, and an action that does not fit the stream's schema fills the
 * dead-letter subject. Chains without a cycle (readings -> alerts -> pages)
 * are how rule sets are meant to be composed, so only cycles are reported.
 *
 * A publish subject is a template; a token with a ${...} part can be any one
 * token (at run time, a value that would add a dot or a wildcard is an
 * error), so the comparison with a stream's pattern is exact. Whether the
 * rule's condition holds for its own action is not considered. */
#include <stdlib.h>
#include <string.h>

#include "check/checker.h"

/* One dot-separated token of a subject pattern: literal text, or a token
 * that matches anything (*, {capture}, or a template token with ${...}). */
typedef struct token {
  const char *text;
  uint32_t len;
  bool any;
} token;

typedef struct pattern {
  token *tokens;
  uint32_t n;
  bool tail; /* ends with >: one or more further tokens */
} pattern;

typedef struct loop_state {
  lv_program *p;
  pattern *streams; /* by stream index; no tokens: not considered */
  /* Stream indices sorted by first token, literal first tokens only, and
   * those whose first token is a wildcard: a template with a literal first
   * token is compared only with streams that can share it. */
  uint32_t *by_first, nby_first;
  uint32_t *wild_first, nwild_first;
  /* edges[s]: the streams that actions of s's rules can land on. */
  uint32_t **edges;
  uint32_t *nedges, *capedges;
  /* Strongly connected components of that graph: an action from s landing
   * on t closes a loop exactly when s and t are in the same component. */
  uint32_t *scc;
  const lv_action *reported; /* one warning per action, whatever it lands on */
} loop_state;

static pattern stream_pattern(lv_arena *a, const char *subject) {
  pattern pt = {NULL, 0, false};
  uint32_t n = 1;
  for (const char *c = subject; *c; c++) n += *c == '.';
  pt.tokens = lv_arena_alloc(a, n * sizeof *pt.tokens);
  if (!pt.tokens) return pt;
  const char *start = subject;
  for (const char *c = subject;; c++) {
    if (*c != '.' && *c) continue;
    token t = {start, (uint32_t)(c - start), false};
    if (t.len == 1 && start[0] == '>' && !*c) pt.tail = true;
    else {
      t.any = t.len == 1 && start[0] == '*';
      pt.tokens[pt.n++] = t;
    }
    if (!*c) break;
    start = c + 1;
  }
  return pt;
}

/* The tokens of a publish template: literal parts split at dots, ${...}
 * parts make their token a wildcard. Text is the decoded literal. */
static bool template_pattern(lv_arena *a, const lv_template *tm, pattern *out) {
  uint32_t n = 1, total = 0;
  for (uint32_t i = 0; i < tm->n; i++)
    if (!tm->parts[i].is_expr) {
      total += tm->parts[i].len;
      for (uint32_t k = 0; k < tm->parts[i].len; k++) n += tm->parts[i].text[k] == '.';
    }
  char *text = lv_arena_alloc(a, total + 1);
  out->tokens = lv_arena_alloc(a, n * sizeof *out->tokens);
  out->n = 0;
  out->tail = false;
  if (!text || !out->tokens) return false;
  uint32_t len = 0, start = 0;
  bool any = false;
  for (uint32_t i = 0; i < tm->n; i++) {
    const lv_tmpl_part *part = &tm->parts[i];
    if (part->is_expr) {
      any = true;
      continue;
    }
    for (uint32_t k = 0; k < part->len; k++) {
      if (part->text[k] == '.') {
        out->tokens[out->n++] = (token){text + start, len - start, any};
        start = len;
        any = false;
      } else {
        text[len++] = part->text[k];
      }
    }
  }
  out->tokens[out->n++] = (token){text + start, len - start, any};
  return true;
}

/* Can one subject match both? A template has no > of its own. */
static bool patterns_meet(const pattern *tmpl, const pattern *stream) {
  if (tmpl->n < stream->n) return false;
  if (tmpl->n > stream->n && !stream->tail) return false;
  if (tmpl->n == stream->n && stream->tail) return false; /* > needs one more token */
  for (uint32_t i = 0; i < stream->n; i++) {
    const token *a = &tmpl->tokens[i], *b = &stream->tokens[i];
    if (a->any || b->any) continue;
    if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0) return false;
  }
  return true;
}

static void edge_add(loop_state *ls, uint32_t from, uint32_t to) {
  for (uint32_t i = 0; i < ls->nedges[from]; i++)
    if (ls->edges[from][i] == to) return;
  if (ls->nedges[from] == ls->capedges[from]) {
    uint32_t cap = ls->capedges[from] ? ls->capedges[from] * 2 : 4;
    uint32_t *grown = lv_arena_alloc(ls->p->arena, cap * sizeof *grown);
    if (!grown) return;
    if (ls->nedges[from]) memcpy(grown, ls->edges[from], ls->nedges[from] * sizeof *grown);
    ls->edges[from] = grown;
    ls->capedges[from] = cap;
  }
  ls->edges[from][ls->nedges[from]++] = to;
}

/* Tarjan's algorithm, without recursion (a rule set may have many streams). */
static bool scc_compute(loop_state *ls) {
  uint32_t ns = ls->p->nstreams, counter = 0, nscc = 0, sp = 0, cs = 0;
  uint32_t *index = malloc(ns * sizeof *index), *low = malloc(ns * sizeof *low);
  uint32_t *stack = malloc(ns * sizeof *stack), *call = malloc(ns * sizeof *call), *pos = malloc(ns * sizeof *pos);
  uint8_t *on = calloc(ns, 1);
  bool ok = index && low && stack && call && pos && on;
  if (ok) {
    for (uint32_t v = 0; v < ns; v++) index[v] = UINT32_MAX;
    for (uint32_t root = 0; root < ns; root++) {
      if (index[root] != UINT32_MAX) continue;
      call[cs++] = root;
      index[root] = low[root] = counter++;
      pos[root] = 0;
      stack[sp++] = root;
      on[root] = 1;
      while (cs) {
        uint32_t v = call[cs - 1];
        if (pos[v] < ls->nedges[v]) {
          uint32_t w = ls->edges[v][pos[v]++];
          if (index[w] == UINT32_MAX) {
            index[w] = low[w] = counter++;
            pos[w] = 0;
            stack[sp++] = w;
            on[w] = 1;
            call[cs++] = w;
          } else if (on[w] && index[w] < low[v]) {
            low[v] = index[w];
          }
          continue;
        }
        if (low[v] == index[v]) {
          uint32_t w;
          do {
            w = stack[--sp];
            on[w] = 0;
            ls->scc[w] = nscc;
          } while (w != v);
          nscc++;
        }
        cs--;
        if (cs && low[v] < low[call[cs - 1]]) low[call[cs - 1]] = low[v];
      }
    }
  }
  free(index);
  free(low);
  free(stack);
  free(call);
  free(pos);
  free(on);
  return ok;
}

static int token_cmp(const token *a, const token *b) {
  uint32_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->text, b->text, n);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int by_first_token(const void *a, const void *b, void *streams) {
  const pattern *pt = streams;
  return token_cmp(&pt[*(const uint32_t *)a].tokens[0], &pt[*(const uint32_t *)b].tokens[0]);
}

/* Calls fn for every (rule's stream, publish action, stream it can land on). */
typedef void (*landing_fn)(loop_state *ls, const lv_rule_info *r, const lv_action *a, uint32_t to);

static void each_landing(loop_state *ls, landing_fn fn) {
  lv_program *p = ls->p;
  for (uint32_t s = 0; s < p->nstreams; s++) {
    const lv_stream_info *st = p->streams[s];
    for (uint32_t r = 0; r < st->nrules; r++) {
      const lv_rule_info *ri = st->rules[r];
      const lv_action_list *al = &ri->decl->u.rule.actions;
      for (uint32_t k = 0; k < al->n; k++) {
        const lv_action *a = al->items[k];
        pattern tp;
        if (a->kind != LV_A_PUBLISH || !a->subject || !template_pattern(p->arena, a->subject, &tp)) continue;
        for (uint32_t i = 0; i < ls->nwild_first; i++)
          if (patterns_meet(&tp, &ls->streams[ls->wild_first[i]])) fn(ls, ri, a, ls->wild_first[i]);
        uint32_t lo = 0, hi = ls->nby_first;
        if (!tp.tokens[0].any) { /* the streams whose first token is the template's */
          while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (token_cmp(&ls->streams[ls->by_first[mid]].tokens[0], &tp.tokens[0]) < 0) lo = mid + 1;
            else hi = mid;
          }
          hi = lo;
          while (hi < ls->nby_first && token_cmp(&ls->streams[ls->by_first[hi]].tokens[0], &tp.tokens[0]) == 0) hi++;
        }
        for (uint32_t i = lo; i < hi; i++)
          if (patterns_meet(&tp, &ls->streams[ls->by_first[i]])) fn(ls, ri, a, ls->by_first[i]);
      }
    }
  }
}

static void add_landing(loop_state *ls, const lv_rule_info *r, const lv_action *a, uint32_t to) {
  edge_add(ls, r->stream->index, to);
}

static void report_landing(loop_state *ls, const lv_rule_info *r, const lv_action *a, uint32_t to) {
  lv_program *p = ls->p;
  uint32_t from = r->stream->index;
  if (ls->scc[from] != ls->scc[to] || ls->reported == a) return;
  ls->reported = a;
  const lv_stream_info *own = r->stream, *dst = p->streams[to];
  lv_source *src = r->decl->file->src;
  lv_diag *g;
  if (to == from)
    g = lv_diag_add(p->diags, LV_D_ACTION_LOOP, src, a->subject->span,
                    "the subject of this action can match stream '%s' (\"%s\"), which this rule reads: "
                    "levind would receive its own actions",
                    dst->name, dst->pattern);
  else
    g = lv_diag_add(p->diags, LV_D_ACTION_LOOP, src, a->subject->span,
                    "the subject of this action can match stream '%s' (\"%s\"), whose rules lead back to "
                    "stream '%s', which this rule reads: a loop",
                    dst->name, dst->pattern, own->name);
  lv_diag_note(g, p->diags, dst->decl->file->src, dst->decl->u.stream.subject_span, "stream '%s' is declared here",
               dst->name);
  lv_diag_help(g, p->diags, "publish on a subject outside the streams' patterns, or narrow the pattern");
}

void lv_check_loops(lv_program *p) {
  uint32_t ns = p->nstreams;
  if (ns == 0) return;
  loop_state ls;
  memset(&ls, 0, sizeof ls);
  ls.p = p;
  ls.streams = calloc(ns, sizeof *ls.streams);
  ls.by_first = calloc(ns, sizeof *ls.by_first);
  ls.wild_first = calloc(ns, sizeof *ls.wild_first);
  ls.edges = calloc(ns, sizeof *ls.edges);
  ls.nedges = calloc(ns, sizeof *ls.nedges);
  ls.capedges = calloc(ns, sizeof *ls.capedges);
  ls.scc = calloc(ns, sizeof *ls.scc);
  if (ls.streams && ls.by_first && ls.wild_first && ls.edges && ls.nedges && ls.capedges && ls.scc) {
    bool any_publish = false;
    for (uint32_t s = 0; s < ns; s++) {
      const lv_stream_info *st = p->streams[s];
      /* Streams no rule reads cannot start a loop; those with a bad subject
       * have their error already. */
      if (!st->subject || !st->subject[0] || !st->nrules) continue;
      ls.streams[s] = stream_pattern(p->arena, st->subject);
      if (!ls.streams[s].tokens) continue;
      if (ls.streams[s].n == 0 || ls.streams[s].tokens[0].any) ls.wild_first[ls.nwild_first++] = s;
      else ls.by_first[ls.nby_first++] = s;
      for (uint32_t r = 0; r < st->nrules && !any_publish; r++)
        for (uint32_t k = 0; k < st->rules[r]->decl->u.rule.actions.n; k++)
          any_publish |= st->rules[r]->decl->u.rule.actions.items[k]->kind == LV_A_PUBLISH;
    }
    qsort_r(ls.by_first, ls.nby_first, sizeof *ls.by_first, by_first_token, ls.streams);
    if (any_publish) {
      each_landing(&ls, add_landing);
      if (scc_compute(&ls)) each_landing(&ls, report_landing);
    }
  }
  free(ls.streams);
  free(ls.by_first);
  free(ls.wild_first);
  free(ls.edges);
  free(ls.nedges);
  free(ls.capedges);
  free(ls.scc);
}
