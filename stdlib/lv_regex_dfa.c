/* lv_regex_dfa.c - a complete DFA built at compile time, when it is small.
 *
 * Code points are first grouped into equivalence classes: two code points
 * are equivalent when every instruction of the program treats them alike
 * (and, if the program asks, when they agree on being '\n' or an ASCII word
 * character). The DFA's alphabet is those classes, usually a dozen or two,
 * plus one column for the end of the text.
 *
 * A state is the set of instructions waiting to run at the current position
 * (before their empty-width closure is taken) plus what the previous unit
 * was (start of text, '\n', word character, other). The closure is taken
 * when the next unit is known, so ^ $ \b \B are exact. Unanchored search
 * adds the program's start to every state. Reaching MATCH during a closure
 * ends the search: only a yes/no answer is needed.
 *
 * Construction stops (and the Pike VM is used instead) when the DFA would
 * need more than DFA_MAX_CLASSES classes, or more table bytes or build steps
 * than the budget the caller gives: compile time stays bounded for any
 * pattern. Typical patterns need a few dozen states and well under a
 * millisecond; the budget only cuts off the exponential cases. */
#include <stdlib.h>
#include <string.h>

#include "lv_regex_int.h"

#define DFA_MAX_CLASSES 255u          /* class ids fit a byte; + the end column */

/* What the previous unit (or the next one) is, as far as assertions care. */
enum { CX_EDGE, CX_NL, CX_WORD, CX_OTHER, CX_COUNT };

typedef struct dstate {
  uint32_t off, n; /* pool[off .. off + n): sorted pcs */
  uint8_t ctx;
} dstate;

typedef struct dbuild {
  const lv_regex *re;
  lv_arena *a;
  uint64_t work, max_work; /* instruction visits while building */
  size_t max_table;        /* bytes of transition table */
  uint32_t asserts;
  /* the partition of [0, RX_BAD] */
  uint32_t nint;      /* intervals [bnd[i], bnd[i + 1]) */
  uint32_t *bnd;
  uint8_t *eq;        /* class of each interval */
  uint32_t neq;
  uint8_t eq_ctx[DFA_MAX_CLASSES + 1];
  uint64_t (*cls_bits)[4]; /* per program class: which eq classes it holds */
  uint8_t *rune_eq;   /* per RUNE instruction: the class of its code point */
  /* states */
  dstate *st;
  uint32_t nst, st_cap;
  uint32_t *pool;
  size_t npool, pool_cap;
  uint32_t *htab;     /* state id + 1 */
  uint32_t hcap;
  uint16_t *next;
  size_t next_cap;    /* entries */
  uint32_t stride;
  /* scratch */
  rx_walk w;
  uint32_t *clos[CX_COUNT]; /* consuming pcs of the closure for each next-unit kind */
  uint32_t nclos[CX_COUNT];
  bool matched[CX_COUNT], have[CX_COUNT];
  uint32_t *tmp;
} dbuild;

/* --- the partition -------------------------------------------------------- */

static int u32_cmp(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Index of the interval that contains c. */
static uint32_t interval_of(const dbuild *d, uint32_t c) {
  uint32_t lo = 0, hi = d->nint;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->bnd[mid] <= c) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* Intervals covered by the ranges, into out; returns how many (the ranges
 * start and end on boundaries by construction). */
static uint32_t covered(dbuild *d, const rx_range *r, uint32_t n, uint32_t *out) {
  uint32_t k = 0;
  for (uint32_t j = 0; j < n; j++)
    for (uint32_t i = interval_of(d, r[j].lo); i < d->nint && d->bnd[i] <= r[j].hi; i++) out[k++] = i;
  d->work += k + n;
  return k;
}

/* Splits every class that the intervals cover only in part. */
static bool refine(dbuild *d, const uint32_t *iv, uint32_t k, uint32_t *count) {
  enum { UNDECIDED = UINT32_MAX, KEEP = UINT32_MAX - 1 };
  uint32_t touched[DFA_MAX_CLASSES + 1] = {0};
  uint32_t newid[DFA_MAX_CLASSES + 1];
  for (uint32_t j = 0; j < k; j++) touched[d->eq[iv[j]]]++;
  for (uint32_t e = 0; e <= DFA_MAX_CLASSES; e++) newid[e] = UNDECIDED;
  for (uint32_t j = 0; j < k; j++) {
    uint32_t o = d->eq[iv[j]];
    if (newid[o] == UNDECIDED) {
      /* Decided on the counts before this round moves anything. */
      if (touched[o] == count[o]) {
        newid[o] = KEEP; /* wholly inside: stays as it is */
      } else {
        if (d->neq >= DFA_MAX_CLASSES) return false;
        newid[o] = d->neq;
        count[d->neq++] = 0;
      }
    }
    if (newid[o] == KEEP) continue;
    d->eq[iv[j]] = (uint8_t)newid[o];
    count[o]--;
    count[newid[o]]++;
  }
  return true;
}

static bool partition(dbuild *d) {
  const lv_regex *re = d->re;
  static const rx_range nl[] = {{'\n', '\n'}};
  static const rx_range word[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
  bool need_nl = (d->asserts & (RX_A_BEGIN_LINE | RX_A_END_LINE)) != 0;
  bool need_word = (d->asserts & (RX_A_WORD | RX_A_NOT_WORD)) != 0;
  size_t cap = 2 * (size_t)re->nranges + 2 * (size_t)re->ninst + 16;
  uint32_t *b = lv_arena_alloc(d->a, cap * sizeof *b);
  if (!b) return false;
  size_t nb = 0;
  b[nb++] = 0;
  b[nb++] = RX_BAD + 1;
  for (uint32_t i = 0; i < re->nranges; i++) {
    b[nb++] = re->ranges[i].lo;
    b[nb++] = re->ranges[i].hi + 1;
  }
  for (uint32_t pc = 0; pc < re->ninst; pc++)
    if (re->inst[pc].op == RX_OP_RUNE) {
      b[nb++] = re->inst[pc].arg;
      b[nb++] = re->inst[pc].arg + 1;
    }
  if (need_nl) {
    b[nb++] = '\n';
    b[nb++] = '\n' + 1;
  }
  if (need_word)
    for (size_t i = 0; i < 4; i++) {
      b[nb++] = word[i].lo;
      b[nb++] = word[i].hi + 1;
    }
  qsort(b, nb, sizeof *b, u32_cmp);
  size_t u = 0;
  for (size_t i = 0; i < nb; i++)
    if (b[i] <= RX_BAD + 1 && (u == 0 || b[i] != b[u - 1])) b[u++] = b[i];
  d->bnd = b;
  d->nint = (uint32_t)(u - 1);
  d->work += nb;

  d->eq = lv_arena_calloc(d->a, d->nint, 1);
  uint32_t *iv = lv_arena_alloc(d->a, (size_t)d->nint * sizeof *iv);
  uint32_t *count = lv_arena_calloc(d->a, DFA_MAX_CLASSES + 1, sizeof *count);
  d->cls_bits = lv_arena_calloc(d->a, re->nclass + 1, sizeof *d->cls_bits);
  d->rune_eq = lv_arena_calloc(d->a, re->ninst, 1);
  if (!d->eq || !iv || !count || !d->cls_bits || !d->rune_eq) return false;
  d->neq = 1;
  count[0] = d->nint;
  for (uint32_t c = 0; c < re->nclass; c++) {
    uint32_t k = covered(d, re->ranges + re->cls[c].first, re->cls[c].n, iv);
    if (!refine(d, iv, k, count) || d->work > d->max_work) return false;
  }
  for (uint32_t pc = 0; pc < re->ninst; pc++)
    if (re->inst[pc].op == RX_OP_RUNE) {
      iv[0] = interval_of(d, re->inst[pc].arg);
      if (!refine(d, iv, 1, count)) return false;
    }
  if (need_nl) {
    uint32_t k = covered(d, nl, 1, iv);
    if (!refine(d, iv, k, count)) return false;
  }
  if (need_word) {
    uint32_t k = covered(d, word, 4, iv);
    if (!refine(d, iv, k, count)) return false;
  }

  /* What each class is as a neighbour of an assertion; a representative
   * decides, which is exact whenever the program cares. */
  bool seen[DFA_MAX_CLASSES + 1] = {false};
  for (uint32_t i = 0; i < d->nint; i++) {
    uint32_t e = d->eq[i];
    if (seen[e]) continue;
    seen[e] = true;
    uint32_t c = d->bnd[i];
    d->eq_ctx[e] = c == '\n' ? CX_NL : rx_is_word(c) ? CX_WORD : CX_OTHER;
  }
  for (uint32_t c = 0; c < re->nclass; c++) {
    uint32_t k = covered(d, re->ranges + re->cls[c].first, re->cls[c].n, iv);
    for (uint32_t j = 0; j < k; j++) {
      uint32_t e = d->eq[iv[j]];
      d->cls_bits[c][e >> 6] |= 1ull << (e & 63);
    }
  }
  for (uint32_t pc = 0; pc < re->ninst; pc++)
    if (re->inst[pc].op == RX_OP_RUNE) d->rune_eq[pc] = d->eq[interval_of(d, re->inst[pc].arg)];
  return d->work <= d->max_work;
}

/* --- closures and states ------------------------------------------------------ */

static uint8_t norm_prev(const dbuild *d, uint8_t c) {
  if (c == CX_EDGE && !(d->asserts & (RX_A_BEGIN_TEXT | RX_A_BEGIN_LINE))) return CX_OTHER;
  if (c == CX_NL && !(d->asserts & RX_A_BEGIN_LINE)) return CX_OTHER;
  if (c == CX_WORD && !(d->asserts & (RX_A_WORD | RX_A_NOT_WORD))) return CX_OTHER;
  return c;
}

static uint8_t norm_next(const dbuild *d, uint8_t c) {
  if (c == CX_EDGE && !(d->asserts & (RX_A_END_TEXT | RX_A_END_LINE))) return CX_OTHER;
  if (c == CX_NL && !(d->asserts & RX_A_END_LINE)) return CX_OTHER;
  if (c == CX_WORD && !(d->asserts & (RX_A_WORD | RX_A_NOT_WORD))) return CX_OTHER;
  return c;
}

static uint32_t ctx_unit(uint8_t c) {
  static const uint32_t unit[CX_COUNT] = {RX_EDGE, '\n', 'a', ' '};
  return unit[c];
}

/* The consuming instructions reachable from the state's pcs when the
 * assertions in flags hold; true if MATCH is reachable (the state then
 * matches, whatever comes next, so *out stops there). */
static bool closure(dbuild *d, const uint32_t *pcs, uint32_t n, uint32_t flags, uint32_t *out, uint32_t *nout) {
  *nout = 0;
  rx_walk_next_gen(&d->w, d->re->ninst);
  return rx_walk_closure(&d->w, out, nout, &d->work, d->re->inst, pcs, n, flags);
}

static uint32_t state_hash(const uint32_t *pcs, uint32_t n, uint8_t ctx) {
  uint32_t h = 2166136261u ^ ctx;
  for (uint32_t i = 0; i < n; i++) h = (h ^ pcs[i]) * 16777619u;
  return h;
}

static bool grow(lv_arena *a, void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  void *q = lv_arena_grow(a, *p, *cap * elem, c * elem);
  if (!q) return false;
  *p = q;
  *cap = c;
  return true;
}

/* The id of the state (pcs, ctx), adding it if new; UINT32_MAX past a limit. */
static uint32_t state_get(dbuild *d, const uint32_t *pcs, uint32_t n, uint8_t ctx) {
  uint32_t h = state_hash(pcs, n, ctx);
  for (uint32_t i = h & (d->hcap - 1); d->htab[i]; i = (i + 1) & (d->hcap - 1)) {
    const dstate *s = &d->st[d->htab[i] - 1];
    if (s->ctx == ctx && s->n == n && memcmp(d->pool + s->off, pcs, n * sizeof *pcs) == 0) return d->htab[i] - 1;
  }
  uint32_t id = d->nst;
  if ((size_t)(id + 1) * d->stride * sizeof *d->next > d->max_table) return UINT32_MAX;
  size_t st_cap = d->st_cap, next_cap = d->next_cap;
  if (!grow(d->a, (void **)&d->st, &st_cap, id + 1, sizeof *d->st) ||
      !grow(d->a, (void **)&d->pool, &d->pool_cap, d->npool + n, sizeof *d->pool) ||
      !grow(d->a, (void **)&d->next, &next_cap, (size_t)(id + 1) * d->stride, sizeof *d->next))
    return UINT32_MAX;
  d->st_cap = (uint32_t)st_cap;
  d->next_cap = next_cap;
  if ((id + 1) * 2 > d->hcap) { /* rehash */
    uint32_t cap = d->hcap * 2;
    uint32_t *t = lv_arena_calloc(d->a, cap, sizeof *t);
    if (!t) return UINT32_MAX;
    for (uint32_t s = 2; s < id; s++) {
      uint32_t j = state_hash(d->pool + d->st[s].off, d->st[s].n, d->st[s].ctx) & (cap - 1);
      while (t[j]) j = (j + 1) & (cap - 1);
      t[j] = s + 1;
    }
    d->htab = t;
    d->hcap = cap;
  }
  memcpy(d->pool + d->npool, pcs, n * sizeof *pcs);
  d->st[id].off = (uint32_t)d->npool;
  d->st[id].n = n;
  d->st[id].ctx = ctx;
  d->npool += n;
  d->nst++;
  uint32_t i = h & (d->hcap - 1);
  while (d->htab[i]) i = (i + 1) & (d->hcap - 1);
  d->htab[i] = id + 1;
  d->work += n;
  return id;
}

static bool accepts(const dbuild *d, uint32_t pc, uint32_t e) {
  const rx_inst *in = &d->re->inst[pc];
  if (in->op == RX_OP_RUNE) return d->rune_eq[pc] == e;
  return (d->cls_bits[in->arg][e >> 6] >> (e & 63)) & 1;
}

/* Fills row s of the table. */
static bool expand(dbuild *d, uint32_t s) {
  const lv_regex *re = d->re;
  dstate st = d->st[s];
  for (int c = 0; c < CX_COUNT; c++) d->have[c] = false;
  for (uint32_t e = 0; e <= d->neq; e++) {
    uint8_t nc = norm_next(d, e == d->neq ? CX_EDGE : d->eq_ctx[e]);
    if (!d->have[nc]) {
      uint32_t flags = rx_assert_flags(ctx_unit(st.ctx), ctx_unit(nc));
      d->matched[nc] = closure(d, d->pool + st.off, st.n, flags, d->clos[nc], &d->nclos[nc]);
      d->have[nc] = true;
    }
    uint32_t to;
    if (d->matched[nc]) {
      to = RX_DFA_MATCH;
    } else if (e == d->neq) {
      to = RX_DFA_DEAD;
    } else {
      uint32_t k = 0;
      rx_walk_next_gen(&d->w, re->ninst);
      for (uint32_t j = 0; j < d->nclos[nc]; j++) {
        uint32_t pc = d->clos[nc][j];
        if (!accepts(d, pc, e)) continue;
        uint32_t o = re->inst[pc].out;
        if (d->w.mark[o] != d->w.gen) {
          d->w.mark[o] = d->w.gen;
          d->tmp[k++] = o;
        }
      }
      d->work += d->nclos[nc];
      if (!re->anchored && d->w.mark[re->start] != d->w.gen) d->tmp[k++] = re->start;
      if (k == 0) {
        to = RX_DFA_DEAD;
      } else {
        qsort(d->tmp, k, sizeof *d->tmp, u32_cmp);
        to = state_get(d, d->tmp, k, norm_prev(d, d->eq_ctx[e]));
        if (to == UINT32_MAX) return false;
      }
    }
    /* state_get may have moved the table: index it afresh. */
    d->next[(size_t)s * d->stride + e] = (uint16_t)to;
    if (d->work > d->max_work) return false;
  }
  return true;
}

rx_dfa *rx_dfa_build(const lv_regex *re, lv_arena *scratch, const rx_budget *budget) {
  dbuild d;
  memset(&d, 0, sizeof d);
  d.max_work = budget->dfa_work;
  d.max_table = budget->dfa_table;
  d.re = re;
  d.a = scratch;
  d.asserts = re->asserts;
  if (!partition(&d)) return NULL;
  d.stride = d.neq + 1;
  d.w.mark = lv_arena_calloc(scratch, re->ninst, sizeof *d.w.mark);
  d.w.stack = lv_arena_alloc(scratch, re->ninst * sizeof *d.w.stack);
  d.tmp = lv_arena_alloc(scratch, (re->ninst + 1) * sizeof *d.tmp);
  for (int c = 0; c < CX_COUNT; c++) d.clos[c] = lv_arena_alloc(scratch, re->ninst * sizeof *d.clos[c]);
  d.hcap = 64;
  d.htab = lv_arena_calloc(scratch, d.hcap, sizeof *d.htab);
  if (!d.w.mark || !d.w.stack || !d.tmp || !d.clos[0] || !d.clos[1] || !d.clos[2] || !d.clos[3] || !d.htab)
    return NULL;
  /* States 0 (dead) and 1 (match) hold no pcs; their rows loop to themselves. */
  size_t st_cap = 0;
  if (!grow(scratch, (void **)&d.st, &st_cap, 16, sizeof *d.st) ||
      !grow(scratch, (void **)&d.next, &d.next_cap, (size_t)2 * d.stride, sizeof *d.next))
    return NULL;
  d.st_cap = (uint32_t)st_cap;
  memset(d.st, 0, 2 * sizeof *d.st);
  d.nst = 2;
  for (uint32_t e = 0; e < d.stride; e++) {
    d.next[e] = RX_DFA_DEAD;
    d.next[d.stride + e] = RX_DFA_MATCH;
  }
  uint32_t start = re->start;
  if (state_get(&d, &start, 1, norm_prev(&d, CX_EDGE)) != RX_DFA_INIT) return NULL;
  for (uint32_t s = RX_DFA_INIT; s < d.nst; s++)
    if (!expand(&d, s)) return NULL;

  rx_dfa *dfa = lv_arena_calloc(scratch, 1, sizeof *dfa);
  uint8_t *restart = lv_arena_calloc(scratch, d.nst, 1);
  /* Lookup table for non-ASCII: adjacent intervals of one class merged. */
  uint32_t *bounds = lv_arena_alloc(scratch, (size_t)d.nint * sizeof *bounds);
  uint8_t *beq = lv_arena_alloc(scratch, d.nint);
  if (!dfa || !restart || !bounds || !beq) return NULL;
  uint32_t nb = 0;
  for (uint32_t i = 0; i < d.nint; i++)
    if (nb == 0 || beq[nb - 1] != d.eq[i]) {
      bounds[nb] = d.bnd[i];
      beq[nb++] = d.eq[i];
    }
  for (uint32_t s = RX_DFA_INIT; s < d.nst; s++)
    restart[s] = !re->anchored && d.st[s].n == 1 && d.pool[d.st[s].off] == re->start;
  for (uint32_t c = 0; c < 128; c++) dfa->ascii[c] = d.eq[interval_of(&d, c)];
  dfa->nstates = d.nst;
  dfa->stride = d.stride;
  dfa->next = d.next;
  dfa->restart = restart;
  dfa->nbounds = nb;
  dfa->bounds = bounds;
  dfa->eq = beq;
  return dfa;
}

/* --- the packed copy -------------------------------------------------------- */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

size_t rx_dfa_size(const rx_dfa *d) {
  return align8(sizeof *d) + align8((size_t)d->nstates * d->stride * sizeof *d->next) + align8(d->nstates) +
         align8((size_t)d->nbounds * sizeof *d->bounds) + align8(d->nbounds);
}

rx_dfa *rx_dfa_copy(void *mem, const rx_dfa *d) {
  char *p = mem;
  rx_dfa *c = (rx_dfa *)p;
  *c = *d;
  p += align8(sizeof *d);
  c->next = memcpy(p, d->next, (size_t)d->nstates * d->stride * sizeof *d->next);
  p += align8((size_t)d->nstates * d->stride * sizeof *d->next);
  c->restart = memcpy(p, d->restart, d->nstates);
  p += align8(d->nstates);
  c->bounds = memcpy(p, d->bounds, (size_t)d->nbounds * sizeof *d->bounds);
  p += align8((size_t)d->nbounds * sizeof *d->bounds);
  c->eq = memcpy(p, d->eq, d->nbounds);
  return c;
}

/* --- matching ------------------------------------------------------------------ */

static inline uint32_t class_of(const rx_dfa *d, uint32_t r) {
  uint32_t lo = 0, hi = d->nbounds;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->bounds[mid] <= r) lo = mid;
    else hi = mid;
  }
  return d->eq[lo];
}

bool rx_dfa_run(const lv_regex *re, const char *text, size_t len) {
  const rx_dfa *d = re->dfa;
  const uint16_t *next = d->next;
  const size_t stride = d->stride;
  uint32_t s = RX_DFA_INIT;
  size_t i = 0;
  while (i < len) {
    if (re->prefix_len && d->restart[s]) {
      /* Nothing under way: the next match can only start where the prefix
       * does. The start instruction reads the prefix's first code point,
       * so the state needs no knowledge of what is skipped. */
      const char *hit = memmem(text + i, len - i, re->prefix, re->prefix_len);
      if (!hit) return false;
      i = (size_t)(hit - text);
    }
    unsigned char b = (unsigned char)text[i];
    uint32_t e;
    if (b < 0x80) {
      e = d->ascii[b];
      i++;
    } else {
      size_t w;
      e = class_of(d, rx_decode(text, len, i, &w));
      i += w;
    }
    s = next[s * stride + e];
    if (s <= RX_DFA_MATCH) return s == RX_DFA_MATCH;
  }
  return next[s * stride + stride - 1] == RX_DFA_MATCH;
}
