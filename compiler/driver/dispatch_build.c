/* dispatch_build.c - the rule index of a stream, built from the checked
 * rules: which conjuncts can be indexed, and the tree over them. */
#include "driver/dispatch.h"
#include "driver/dispatch_keys.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lv_schema.h"

/* Below this many rules a plain scan is as fast as any index. */
#define MIN_RULES 8
#define MAX_DEPTH 24

/* --- conjuncts that can be indexed ------------------------------------------------- */

/* P_NE (field != literal) and P_HAS (literal in list field) are never
 * nodes of the tree, only checks left at a leaf. */
typedef enum pop { P_EQ, P_GT, P_GE, P_LT, P_LE, P_NE, P_HAS } pop;

static bool is_range(pop op) { return op == P_GT || op == P_GE || op == P_LT || op == P_LE; }

typedef struct pred {
  uint32_t field;
  uint32_t fkind;
  uint32_t offset;
  pop op;
  lv_ddomain domain;     /* ranges */
  lv_drange_entry t;     /* ranges: threshold */
  lv_deq_entry *vals;    /* P_EQ: one value for ==, several for in; P_NE: one */
  uint32_t nvals;
} pred;

typedef struct rinfo {
  uint32_t pos; /* firing position on the stream */
  pred *preds;
  uint32_t npreds;
  bool complete; /* every conjunct of `when` is one of preds */
} rinfo;

typedef struct kept_str {
  const char *s;
  uint32_t len;
} kept_str;

typedef struct builder {
  lv_arena *arena;   /* the tree: lives as long as the rule set */
  lv_arena scratch;  /* predicates and groups while building */
  lv_schema_info *schema;
  uint32_t nodes;
  /* The tree's string keys, one copy of each (many rules test the same
   * value: one copy stays in cache). Open addressing, power-of-two size. */
  kept_str *strs;
  uint32_t nstrs, strcap;
} builder;

/* The variables that stand for the event: the rule's binding, and the
 * parameters of defs it passes the event to. */
typedef struct bound {
  const lv_sym *syms[16];
  int n;
} bound;

static bool is_event(const bound *b, const lv_expr *e) {
  if (e->kind != LV_EX_IDENT || !e->u.ident.sym) return false;
  for (int i = 0; i < b->n; i++)
    if (e->u.ident.sym == b->syms[i]) return true;
  return false;
}

static const lv_expr *through_lets(const lv_expr *e) {
  for (int i = 0; e && i < 16; i++) {
    if (e->kind == LV_EX_IDENT && e->u.ident.sym && e->u.ident.sym->kind == LV_SYM_LET)
      e = e->u.ident.sym->decl->u.let.value;
    else break;
  }
  return e;
}

/* A literal usable as an equality key for a field of kind fk. */
static bool eq_key(const lv_expr *lit, uint32_t fk, lv_deq_entry *out) {
  memset(out, 0, sizeof *out);
  switch (fk) {
  case LV_K_STRING:
    if (lit->kind != LV_EX_STRING) return false;
    out->s = lit->u.str.ptr;
    out->len = lit->u.str.len;
    return true;
  case LV_K_INT:
    if (lit->kind != LV_EX_INT) return false;
    out->bits = (uint64_t)lit->u.i;
    return true;
  case LV_K_UINT:
    if (lit->kind != LV_EX_UINT) return false;
    out->bits = lit->u.u;
    return true;
  case LV_K_BOOL:
    if (lit->kind != LV_EX_BOOL) return false;
    out->bits = lit->u.b;
    return true;
  default: return false;
  }
}

/* A threshold for a field of kind fk, in the domain the comparison uses
 * (exactly as CEL compares across numeric types). */
static bool range_key(const lv_expr *lit, uint32_t fk, lv_ddomain *dom, lv_drange_entry *t) {
  memset(t, 0, sizeof *t);
  const double exact = 9007199254740992.0; /* 2^53 */
  switch (fk) {
  case LV_K_INT:
    *dom = LV_DD_INT;
    if (lit->kind == LV_EX_INT) t->t.i = lit->u.i;
    else if (lit->kind == LV_EX_UINT && lit->u.u <= INT64_MAX) t->t.i = (int64_t)lit->u.u;
    else return false;
    return true;
  case LV_K_UINT:
    *dom = LV_DD_UINT;
    if (lit->kind == LV_EX_UINT) t->t.u = lit->u.u;
    else if (lit->kind == LV_EX_INT && lit->u.i >= 0) t->t.u = (uint64_t)lit->u.i;
    else return false;
    return true;
  case LV_K_DOUBLE:
    *dom = LV_DD_DOUBLE;
    if (lit->kind == LV_EX_DOUBLE && !isnan(lit->u.d)) t->t.d = lit->u.d;
    else if (lit->kind == LV_EX_INT && fabs((double)lit->u.i) <= exact) t->t.d = (double)lit->u.i;
    else if (lit->kind == LV_EX_UINT && (double)lit->u.u <= exact) t->t.d = (double)lit->u.u;
    else return false;
    return true;
  default: return false;
  }
}

/* event.field, for a required scalar field: its index, else UINT32_MAX. */
static uint32_t event_field(const bound *b, const lv_expr *e, lv_schema_info *si) {
  if (e->kind != LV_EX_SELECT || (e->flags & LV_EF_OPTIONAL) || !is_event(b, e->u.select.operand))
    return UINT32_MAX;
  uint32_t f = e->u.select.field_index;
  if (f >= si->nfields || si->fields[f].optional) return UINT32_MAX;
  return f;
}

static void add_pred(builder *B, rinfo *r, const pred *p) {
  r->preds = lv_arena_grow(&B->scratch, r->preds, r->npreds * sizeof *r->preds, (r->npreds + 1) * sizeof *r->preds);
  r->preds[r->npreds++] = *p;
}

/* `literal in event.list`, for a required list of strings, ints, uints or
 * bools and a literal of the element's kind: a check at a leaf. */
static bool classify_has(builder *B, rinfo *r, const lv_expr *lit, const lv_expr *list, bound *b) {
  uint32_t f = event_field(b, list, B->schema);
  if (f == UINT32_MAX) return false;
  const lv_field *rf = &B->schema->rt->fields[f];
  if (rf->type.kind != LV_K_LIST || !rf->type.elem) return false;
  pred p;
  memset(&p, 0, sizeof p);
  p.field = f;
  p.fkind = rf->type.elem->kind;
  p.offset = rf->offset;
  p.op = P_HAS;
  p.vals = lv_arena_calloc(&B->scratch, 1, sizeof *p.vals);
  if (!eq_key(through_lets(lit), p.fkind, &p.vals[0])) return false;
  p.nvals = 1;
  add_pred(B, r, &p);
  return true;
}

/* Adds the indexable conjuncts of c to r's predicates; returns whether all of
 * c's conjuncts were (false: `when` must still run for this rule). */
static bool classify(builder *B, rinfo *r, const lv_expr *c, bound *b, int depth) {
  if (depth > 8) return false;
  if (c->kind == LV_EX_AND) {
    bool all = true;
    for (uint32_t i = 0; i < c->u.logic.args.n; i++) all &= classify(B, r, c->u.logic.args.items[i], b, depth + 1);
    return all;
  }
  /* A def given the event: its body's conjuncts, with its parameter bound. */
  if (c->kind == LV_EX_CALL && c->u.call.def) {
    const lv_decl *d = c->u.call.def->decl;
    bound inner = *b;
    for (uint32_t i = 0; i < c->u.call.args.n && i < d->u.def.nparams && inner.n < 16; i++)
      if (is_event(b, c->u.call.args.items[i])) inner.syms[inner.n++] = d->u.def.params[i].sym;
    return inner.n > b->n && classify(B, r, d->u.def.body, &inner, depth + 1);
  }
  if (c->kind != LV_EX_BINARY) return false;
  lv_schema_info *si = B->schema;
  const lv_expr *l = c->u.binary.left, *rt = c->u.binary.right;
  pop op;
  switch (c->op) {
  case LV_OP_EQ: op = P_EQ; break;
  case LV_OP_GT: op = P_GT; break;
  case LV_OP_GE: op = P_GE; break;
  case LV_OP_LT: op = P_LT; break;
  case LV_OP_LE: op = P_LE; break;
  case LV_OP_IN: op = P_EQ; break;
  case LV_OP_NE: op = P_NE; break;
  default: return false;
  }
  if (c->op == LV_OP_IN && event_field(b, l, si) == UINT32_MAX) return classify_has(B, r, l, rt, b);
  uint32_t f = event_field(b, l, si);
  if (f == UINT32_MAX && c->op != LV_OP_IN) {
    /* literal OP field: flip */
    f = event_field(b, rt, si);
    if (f == UINT32_MAX) return false;
    const lv_expr *tmp = l;
    l = rt;
    rt = tmp;
    if (op == P_GT) op = P_LT;
    else if (op == P_GE) op = P_LE;
    else if (op == P_LT) op = P_GT;
    else if (op == P_LE) op = P_GE;
  }
  if (f == UINT32_MAX) return false;
  const lv_field *rf = &si->rt->fields[f];
  pred p;
  memset(&p, 0, sizeof p);
  p.field = f;
  p.fkind = rf->type.kind;
  p.offset = rf->offset;
  p.op = op;
  if (c->op == LV_OP_IN) {
    const lv_expr *list = through_lets(rt);
    if (!list || list->kind != LV_EX_LIST || list->u.list.entries.n == 0 || list->u.list.entries.n > 4096) return false;
    p.vals = lv_arena_calloc(&B->scratch, list->u.list.entries.n, sizeof *p.vals);
    for (uint32_t i = 0; i < list->u.list.entries.n; i++) {
      const lv_entry *en = &list->u.list.entries.items[i];
      if (en->optional || !eq_key(en->value, p.fkind, &p.vals[p.nvals])) return false;
      p.nvals++;
    }
  } else if (op == P_EQ || op == P_NE) {
    p.vals = lv_arena_calloc(&B->scratch, 1, sizeof *p.vals);
    if (!eq_key(through_lets(rt), p.fkind, &p.vals[0])) return false;
    p.nvals = 1;
  } else {
    if (!range_key(through_lets(rt), p.fkind, &p.domain, &p.t)) return false;
    p.t.strict = op == P_GT || op == P_LT;
  }
  add_pred(B, r, &p);
  return true;
}

/* --- building the tree ---------------------------------------------------------------- */

/* Residual checks stay cheap: an `in` of more values is left to `when`. */
#define MAX_RESIDUAL_VALUES 8

/* The tree's copy of a string key. */
static const char *keep_str(builder *B, const char *s, uint32_t len) {
  if (B->nstrs * 2 >= B->strcap) {
    uint32_t cap = B->strcap ? B->strcap * 2 : 64;
    kept_str *t = lv_arena_calloc(&B->scratch, cap, sizeof *t);
    for (uint32_t i = 0; i < B->strcap; i++) {
      if (!B->strs[i].s) continue;
      uint32_t h = (uint32_t)lv_hash_bytes(B->strs[i].s, B->strs[i].len) & (cap - 1);
      while (t[h].s) h = (h + 1) & (cap - 1);
      t[h] = B->strs[i];
    }
    B->strs = t;
    B->strcap = cap;
  }
  uint32_t mask = B->strcap - 1;
  uint32_t h = (uint32_t)lv_hash_bytes(s, len) & mask;
  for (; B->strs[h].s; h = (h + 1) & mask)
    if (B->strs[h].len == len && memcmp(B->strs[h].s, s, len) == 0) return B->strs[h].s;
  B->strs[h] = (kept_str){lv_arena_strndup(B->arena, s, len), len};
  B->nstrs++;
  return B->strs[h].s;
}

/* A copy of key for the tree (the builder's predicates live in scratch). */
static lv_deq_entry kept_key(builder *B, uint32_t fkind, const lv_deq_entry *key) {
  lv_deq_entry k = *key;
  if (fkind == LV_K_STRING) k.s = keep_str(B, k.s, k.len);
  return k;
}

/* Can a leaf decide this rule (every conjunct indexed, each `in` short),
 * so that its `when` is never called? */
static bool decidable(const rinfo *r) {
  if (!r->complete || r->npreds > UINT16_MAX) return false;
  for (uint32_t j = 0; j < r->npreds; j++)
    if (r->preds[j].op == P_EQ && r->preds[j].nvals > MAX_RESIDUAL_VALUES) return false;
  return true;
}

static void fill_check(builder *B, lv_dcheck *c, const pred *p) {
  static const uint8_t ops[] = {[P_EQ] = LV_DC_IN, [P_NE] = LV_DC_NOT_IN, [P_GT] = LV_DC_GT, [P_GE] = LV_DC_GE,
                                [P_LT] = LV_DC_LT,   [P_LE] = LV_DC_LE,     [P_HAS] = LV_DC_HAS};
  c->offset = p->offset;
  c->fkind = (uint8_t)p->fkind;
  c->op = ops[p->op];
  c->domain = (uint8_t)p->domain;
  if (is_range(p->op)) {
    c->v.t = p->t.t;
    return;
  }
  c->nvals = p->nvals;
  if (p->nvals == 1 && p->fkind == LV_K_STRING) {
    c->v.s = keep_str(B, p->vals[0].s, p->vals[0].len);
    c->len = p->vals[0].len;
  } else if (p->nvals == 1) {
    c->v.bits = p->vals[0].bits;
  } else {
    lv_deq_entry *vals = lv_arena_calloc(B->arena, p->nvals, sizeof *vals);
    for (uint32_t v = 0; v < p->nvals; v++) vals[v] = kept_key(B, p->fkind, &p->vals[v]);
    c->v.vals = vals;
  }
}

/* The rules that reach this leaf, and what is left to check of the rules
 * it decides, in one allocation. */
static lv_dtarget leaf(builder *B, rinfo **rules, uint32_t n) {
  uint32_t nchecks = 0;
  for (uint32_t i = 0; i < n; i++)
    if (decidable(rules[i]) && nchecks + rules[i]->npreds <= UINT16_MAX) nchecks += rules[i]->npreds;
  size_t head = sizeof(lv_dleaf) + n * sizeof(lv_dleaf_rule);
  head = (head + 7) & ~(size_t)7;
  lv_dleaf *lf = lv_arena_calloc(B->arena, 1, head + nchecks * sizeof(lv_dcheck));
  lv_dcheck *checks = (lv_dcheck *)((char *)lf + head);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    const rinfo *r = rules[i];
    lv_dleaf_rule *lr = &lf->rules[i];
    lr->pos = r->pos;
    if (!decidable(r) || k + r->npreds > nchecks) continue;
    lr->pos |= LV_DISPATCH_DECIDED;
    lr->first = (uint16_t)k;
    lr->n = (uint16_t)r->npreds;
    for (uint32_t j = 0; j < r->npreds; j++) fill_check(B, &checks[k++], &r->preds[j]);
  }
  lf->nrules = n;
  lf->nchecks = nchecks;
  lf->checks = checks;
  B->nodes++;
  return (lv_dtarget)lf | LV_DT_LEAF;
}

/* The rule without its predicate k (shared by all the groups it joins). */
static rinfo *without(builder *B, const rinfo *r, uint32_t k) {
  rinfo *c = lv_arena_calloc(&B->scratch, 1, sizeof *c);
  c->pos = r->pos;
  c->complete = r->complete;
  c->preds = lv_arena_alloc(&B->scratch, sizeof *c->preds * (r->npreds + 1));
  for (uint32_t i = 0; i < r->npreds; i++)
    if (i != k) c->preds[c->npreds++] = r->preds[i];
  return c;
}

typedef struct group {
  lv_deq_entry key;
  lv_drange_entry t;
  rinfo **rules;
  uint32_t n, cap;
} group;

static void group_add(builder *B, group *g, rinfo *r) {
  if (g->n && g->rules[g->n - 1]->pos == r->pos) return; /* `in` listing a value twice */
  if (g->n == g->cap) {
    uint32_t cap = g->cap ? g->cap * 2 : 4;
    g->rules = lv_arena_grow(&B->scratch, g->rules, g->n * sizeof *g->rules, cap * sizeof *g->rules);
    g->cap = cap;
  }
  g->rules[g->n++] = r;
}

static lv_dtarget build(builder *B, rinfo **rules, uint32_t n, int depth);

_Static_assert(sizeof(lv_dtarget) >= 8, "a target holds a rule position shifted left");
_Static_assert(LV_ARENA_ALIGN >= 4, "targets keep their tag in a pointer's low bits");

/* Where an edge leads: one rule with nothing left to test - its `when`
 * must run, or the index has decided it - is kept in the edge; anything
 * else is a node or a leaf. */
static lv_dtarget target(builder *B, rinfo **rules, uint32_t n, int depth) {
  if (n == 0) return 0;
  if (n == 1 && (!decidable(rules[0]) || rules[0]->npreds == 0)) {
    uint32_t pos = rules[0]->pos | (decidable(rules[0]) ? LV_DISPATCH_DECIDED : 0);
    return ((lv_dtarget)pos << 2) | LV_DT_RULE;
  }
  return build(B, rules, n, depth);
}

/* The rule's first equality (eq) or range (!eq) predicate on field. */
static uint32_t find_pred(const rinfo *r, uint32_t field, bool eq) {
  for (uint32_t j = 0; j < r->npreds; j++)
    if (r->preds[j].field == field && (eq ? r->preds[j].op == P_EQ : is_range(r->preds[j].op))) return j;
  return UINT32_MAX;
}

/* Groups found by key while building: open addressing over group indexes. */
typedef struct gindex {
  uint32_t *slots; /* group index + 1 */
  uint32_t mask;
} gindex;

static void gindex_init(builder *B, gindex *gx, uint32_t expected) {
  uint32_t cap = 16;
  while (cap < expected * 2) cap *= 2;
  gx->slots = lv_arena_calloc(&B->scratch, cap, sizeof *gx->slots);
  gx->mask = cap - 1;
}

static uint64_t range_hash(const lv_drange_entry *t) {
  uint64_t h;
  memcpy(&h, &t->t, 8);
  h = (h ^ t->strict) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 31);
}

/* how: the domain, | 4 for upper bounds (descending). */
static int range_cmp(const void *pa, const void *pb, void *how) {
  const group *a = pa, *b = pb;
  int dom = *(const int *)how;
  int c;
  switch (dom & 3) {
  case LV_DD_INT: c = (a->t.t.i > b->t.t.i) - (a->t.t.i < b->t.t.i); break;
  case LV_DD_UINT: c = (a->t.t.u > b->t.t.u) - (a->t.t.u < b->t.t.u); break;
  default: c = (a->t.t.d > b->t.t.d) - (a->t.t.d < b->t.t.d); break;
  }
  if (dom & 4) c = -c; /* upper bounds: descending */
  if (c) return c;
  return (int)a->t.strict - (int)b->t.strict; /* at equal thresholds, non-strict first */
}

/* Splits rules by whether they have an equality (eq) or a range (!eq)
 * predicate on field. Returns those without one (their number in *nrest);
 * ks[i] is the index of rule i's predicate, UINT32_MAX for the rest. The
 * node reads the field as those predicates do. */
static rinfo **partition(builder *B, rinfo **rules, uint32_t n, uint32_t field, bool eq, lv_dnode *d, uint32_t *ks,
                         uint32_t *nrest) {
  rinfo **rest = lv_arena_alloc(&B->scratch, sizeof *rest * (n + 1));
  *nrest = 0;
  for (uint32_t i = 0; i < n; i++) {
    ks[i] = find_pred(rules[i], field, eq);
    if (ks[i] == UINT32_MAX) {
      rest[(*nrest)++] = rules[i];
      continue;
    }
    const pred *p = &rules[i]->preds[ks[i]];
    d->fkind = (uint8_t)p->fkind;
    d->offset = p->offset;
    d->domain = (uint8_t)p->domain;
  }
  return rest;
}

static lv_dtarget build_eq(builder *B, rinfo **rules, uint32_t n, uint32_t field, int depth) {
  lv_dnode *d = lv_arena_calloc(B->arena, 1, sizeof *d);
  group *groups = NULL;
  uint32_t ngroups = 0, capgroups = 0;
  uint32_t nvalues = 0;
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t j = 0; j < rules[i]->npreds; j++)
      if (rules[i]->preds[j].field == field && rules[i]->preds[j].op == P_EQ) nvalues += rules[i]->preds[j].nvals;
  gindex gx;
  gindex_init(B, &gx, nvalues);
  uint32_t *ks = lv_arena_alloc(&B->scratch, sizeof *ks * (n + 1)), nrest;
  rinfo **rest = partition(B, rules, n, field, true, d, ks, &nrest);
  for (uint32_t i = 0; i < n; i++) {
    if (ks[i] == UINT32_MAX) continue;
    const pred *p = &rules[i]->preds[ks[i]];
    rinfo *sub = without(B, rules[i], ks[i]);
    for (uint32_t v = 0; v < p->nvals; v++) {
      uint32_t gi = UINT32_MAX;
      uint32_t h = (uint32_t)lv_dkey_hash(p->fkind, p->vals[v].s, p->vals[v].len, p->vals[v].bits) & gx.mask;
      for (; gx.slots[h]; h = (h + 1) & gx.mask)
        if (lv_dkey_eq(p->fkind, &groups[gx.slots[h] - 1].key, &p->vals[v])) {
          gi = gx.slots[h] - 1;
          break;
        }
      if (gi == UINT32_MAX) {
        gx.slots[h] = ngroups + 1;
        if (ngroups == capgroups) {
          uint32_t cap = capgroups ? capgroups * 2 : 8;
          groups = realloc(groups, cap * sizeof *groups);
          if (!groups) abort();
          capgroups = cap;
        }
        memset(&groups[ngroups], 0, sizeof *groups);
        groups[ngroups].key = p->vals[v];
        gi = ngroups++;
      }
      group_add(B, &groups[gi], sub);
    }
  }
  lv_deq_entry *entries = lv_arena_calloc(B->arena, ngroups + 1, sizeof *entries);
  uint32_t bits = 1;
  while ((1u << bits) < ngroups * 2 + 2) bits++;
  lv_deq_slot *table = lv_arena_calloc(B->arena, (size_t)1 << bits, sizeof *table);
  uint32_t mask = (1u << bits) - 1;
  for (uint32_t g = 0; g < ngroups; g++) {
    entries[g] = kept_key(B, d->fkind, &groups[g].key);
    entries[g].child = target(B, groups[g].rules, groups[g].n, depth + 1);
    uint32_t h = (uint32_t)lv_dkey_hash(d->fkind, entries[g].s, entries[g].len, entries[g].bits) & mask;
    while (table[h].entry) h = (h + 1) & mask;
    table[h] = (lv_deq_slot){lv_dkey_prefix(d->fkind, &entries[g]), entries[g].len, g + 1, entries[g].child};
  }
  free(groups);
  d->u.eq.entries = entries;
  d->u.eq.nentries = ngroups;
  d->u.eq.table = table;
  d->u.eq.tbits = bits;
  d->rest = target(B, rest, nrest, depth + 1);
  B->nodes++;
  return (lv_dtarget)d | LV_DT_EQ;
}

static lv_dtarget build_range(builder *B, rinfo **rules, uint32_t n, uint32_t field, int depth) {
  lv_dnode *d = lv_arena_calloc(B->arena, 1, sizeof *d);
  group *lo = NULL, *hi = NULL;
  uint32_t nlo = 0, nhi = 0;
  lo = calloc(n + 1, sizeof *lo);
  hi = calloc(n + 1, sizeof *hi);
  if (!lo || !hi) abort();
  gindex glo, ghi;
  gindex_init(B, &glo, n);
  gindex_init(B, &ghi, n);
  uint32_t *ks = lv_arena_alloc(&B->scratch, sizeof *ks * (n + 1)), nrest;
  rinfo **rest = partition(B, rules, n, field, false, d, ks, &nrest);
  for (uint32_t i = 0; i < n; i++) {
    if (ks[i] == UINT32_MAX) continue;
    const pred *p = &rules[i]->preds[ks[i]];
    bool lower = p->op == P_GT || p->op == P_GE;
    group *gs = lower ? lo : hi;
    uint32_t *ng = lower ? &nlo : &nhi;
    gindex *gx = lower ? &glo : &ghi;
    /* Rules with the same bound share an entry. */
    uint32_t gi = UINT32_MAX;
    uint32_t h = (uint32_t)range_hash(&p->t) & gx->mask;
    for (; gx->slots[h]; h = (h + 1) & gx->mask) {
      const group *g = &gs[gx->slots[h] - 1];
      if (memcmp(&g->t.t, &p->t.t, sizeof p->t.t) == 0 && g->t.strict == p->t.strict) {
        gi = gx->slots[h] - 1;
        break;
      }
    }
    if (gi == UINT32_MAX) {
      gi = (*ng)++;
      gx->slots[h] = gi + 1;
      gs[gi].t = p->t;
    }
    group_add(B, &gs[gi], without(B, rules[i], ks[i]));
  }
  int how_lo = (int)d->domain, how_hi = (int)d->domain | 4;
  qsort_r(lo, nlo, sizeof *lo, range_cmp, &how_lo);
  qsort_r(hi, nhi, sizeof *hi, range_cmp, &how_hi);
  lv_drange_entry *le = lv_arena_calloc(B->arena, nlo + 1, sizeof *le);
  lv_drange_entry *he = lv_arena_calloc(B->arena, nhi + 1, sizeof *he);
  for (uint32_t g = 0; g < nlo; g++) {
    le[g] = lo[g].t;
    le[g].child = target(B, lo[g].rules, lo[g].n, depth + 1);
  }
  for (uint32_t g = 0; g < nhi; g++) {
    he[g] = hi[g].t;
    he[g].child = target(B, hi[g].rules, hi[g].n, depth + 1);
  }
  free(lo);
  free(hi);
  d->u.range.lo = le;
  d->u.range.nlo = nlo;
  d->u.range.hi = he;
  d->u.range.nhi = nhi;
  d->rest = target(B, rest, nrest, depth + 1);
  B->nodes++;
  return (lv_dtarget)d | LV_DT_RANGE;
}

/* Each node indexes the field most rules constrain: equalities first (a
 * hash lookup narrows most), then ranges. */
static lv_dtarget build(builder *B, rinfo **rules, uint32_t n, int depth) {
  if (n <= 1 || depth >= MAX_DEPTH) return leaf(B, rules, n);
  lv_schema_info *si = B->schema;
  uint32_t *eqc = calloc(si->nfields + 1, sizeof *eqc), *rgc = calloc(si->nfields + 1, sizeof *rgc);
  if (!eqc || !rgc) abort();
  for (uint32_t i = 0; i < n; i++) {
    /* count each field once per rule */
    for (uint32_t j = 0; j < rules[i]->npreds; j++) {
      const pred *p = &rules[i]->preds[j];
      bool seen = false;
      for (uint32_t k = 0; k < j; k++)
        if (rules[i]->preds[k].field == p->field && (rules[i]->preds[k].op == P_EQ) == (p->op == P_EQ) &&
            is_range(rules[i]->preds[k].op) == is_range(p->op))
          seen = true;
      if (seen) continue;
      if (p->op == P_EQ) eqc[p->field]++;
      else if (is_range(p->op)) rgc[p->field]++;
    }
  }
  uint32_t best = UINT32_MAX, bestc = 0;
  bool eq = true;
  for (uint32_t f = 0; f < si->nfields; f++)
    if (eqc[f] > bestc) best = f, bestc = eqc[f];
  if (best == UINT32_MAX) {
    eq = false;
    for (uint32_t f = 0; f < si->nfields; f++)
      if (rgc[f] > bestc) best = f, bestc = rgc[f];
  }
  free(eqc);
  free(rgc);
  if (best == UINT32_MAX) return leaf(B, rules, n);
  return eq ? build_eq(B, rules, n, best, depth) : build_range(B, rules, n, best, depth);
}

static bool has_index(lv_dtarget t) { return t && (LV_DT_TAG(t) == LV_DT_EQ || LV_DT_TAG(t) == LV_DT_RANGE); }

/* Marks the rules reached only through an index node (indexed) and those a
 * leaf decides (decided). A rule sits in several leaves when it has an
 * `in`, hence marks rather than counts. */
static void mark_rules(lv_dtarget t, bool below_index, bool *indexed, bool *decided) {
  while (t) {
    switch (LV_DT_TAG(t)) {
    case LV_DT_RULE: {
      uint32_t pos = LV_DT_POS(t);
      if (below_index) indexed[pos & ~LV_DISPATCH_DECIDED] = true;
      if (pos & LV_DISPATCH_DECIDED) decided[pos & ~LV_DISPATCH_DECIDED] = true;
      return;
    }
    case LV_DT_LEAF: {
      const lv_dleaf *lf = LV_DT_PTR(t);
      for (uint32_t i = 0; i < lf->nrules; i++) {
        uint32_t pos = lf->rules[i].pos;
        if (below_index) indexed[pos & ~LV_DISPATCH_DECIDED] = true;
        if (pos & LV_DISPATCH_DECIDED) decided[pos & ~LV_DISPATCH_DECIDED] = true;
      }
      return;
    }
    case LV_DT_EQ: {
      const lv_dnode *d = LV_DT_PTR(t);
      for (uint32_t i = 0; i < d->u.eq.nentries; i++) mark_rules(d->u.eq.entries[i].child, true, indexed, decided);
      t = d->rest;
      break;
    }
    default: {
      const lv_dnode *d = LV_DT_PTR(t);
      for (uint32_t i = 0; i < d->u.range.nlo; i++) mark_rules(d->u.range.lo[i].child, true, indexed, decided);
      for (uint32_t i = 0; i < d->u.range.nhi; i++) mark_rules(d->u.range.hi[i].child, true, indexed, decided);
      t = d->rest;
      break;
    }
    }
  }
}

lv_dtarget lv_dispatch_build(const lv_stream_info *st, lv_arena *arena, lv_dispatch_stats *stats) {
  if (stats) memset(stats, 0, sizeof *stats);
  if (!st->schema || st->nrules < MIN_RULES) return 0;
  builder B;
  memset(&B, 0, sizeof B);
  B.arena = arena;
  B.schema = st->schema;
  lv_arena_init(&B.scratch, 64 * 1024, 0);
  rinfo **rules = lv_arena_alloc(&B.scratch, sizeof *rules * (st->nrules + 1));
  uint32_t with_preds = 0;
  for (uint32_t i = 0; i < st->nrules; i++) {
    const lv_rule_info *ri = st->rules[i];
    rinfo *r = lv_arena_calloc(&B.scratch, 1, sizeof *r);
    r->pos = i;
    r->complete = !ri->decl->u.rule.when; /* no condition: always fires */
    if (ri->decl->u.rule.when && ri->binding) {
      bound b = {{ri->binding}, 1};
      r->complete = classify(&B, r, ri->decl->u.rule.when, &b, 0);
    }
    if (r->npreds) with_preds++;
    rules[i] = r;
  }
  lv_dtarget root = with_preds ? build(&B, rules, st->nrules, 0) : 0;
  lv_arena_free(&B.scratch);
  if (!has_index(root)) return 0;
  if (stats) {
    stats->rules = st->nrules;
    bool *marks = calloc(2 * (size_t)st->nrules + 1, sizeof *marks);
    if (marks) {
      mark_rules(root, false, marks, marks + st->nrules);
      for (uint32_t i = 0; i < st->nrules; i++) {
        stats->indexed += marks[i];
        stats->decided += marks[st->nrules + i];
      }
      free(marks);
    }
    stats->nodes = B.nodes;
  }
  return root;
}
