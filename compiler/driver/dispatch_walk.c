/* dispatch_walk.c - the rule index of a stream, walked for one event: the
 * candidates, and the rules it decides by itself. */
#include <string.h>

#include "driver/dispatch.h"
#include "driver/dispatch_keys.h"
#include "lv_value.h"

typedef struct walk {
  const char *ev;
  uint32_t *out;
  uint32_t n, cap;
  bool overflow;
  /* The last `c in list` check's answer: rules that share a path often
   * share that test (string keys are stored once, so the same value is
   * the same pointer), and a list is scanned once per event, not per rule. */
  bool has_known, has_answer;
  uint8_t has_fkind;
  uint32_t has_offset, has_len;
  uint64_t has_bits;
} walk;

static uint64_t slot_bits(uint32_t fkind, const char *slot) {
  if (fkind == LV_K_BOOL) return *(const uint8_t *)slot != 0;
  uint64_t bits;
  memcpy(&bits, slot, 8);
  return bits;
}

/* The key an equality test reads from the event's slot. */
static void slot_key(uint32_t fkind, const char *slot, lv_deq_entry *key) {
  memset(key, 0, sizeof *key);
  if (fkind == LV_K_STRING) {
    const lv_str *s = (const lv_str *)slot;
    key->s = s->ptr;
    key->len = (uint32_t)s->len;
  } else {
    key->bits = slot_bits(fkind, slot);
  }
}

/* Does the value in slot pass the bound t (lower: v > t or v >= t; else
 * v < t or v <= t)? As CEL compares; NaN passes nothing. */
static bool bound_passes(unsigned domain, const lv_dbound *t, bool strict, const char *slot, bool lower) {
  switch (domain) {
  case LV_DD_INT: {
    int64_t v;
    memcpy(&v, slot, 8);
    return lower ? (strict ? v > t->i : v >= t->i) : (strict ? v < t->i : v <= t->i);
  }
  case LV_DD_UINT: {
    uint64_t v;
    memcpy(&v, slot, 8);
    return lower ? (strict ? v > t->u : v >= t->u) : (strict ? v < t->u : v <= t->u);
  }
  default: {
    double v;
    memcpy(&v, slot, 8);
    return lower ? (strict ? v > t->d : v >= t->d) : (strict ? v < t->d : v <= t->d);
  }
  }
}

static void emit(walk *w, uint32_t pos) {
  if (w->n < w->cap) w->out[w->n++] = pos;
  else w->overflow = true;
}

/* The child of the entry whose key is the event's value, or 0. */
static lv_dtarget eq_child(const lv_dnode *d, const char *ev) {
  lv_deq_entry key;
  slot_key(d->fkind, ev + d->offset, &key);
  uint32_t mask = (1u << d->u.eq.tbits) - 1;
  uint32_t h = (uint32_t)lv_dkey_hash(d->fkind, key.s, key.len, key.bits) & mask;
  uint64_t prefix = lv_dkey_prefix(d->fkind, &key);
  for (const lv_deq_slot *sl; (sl = &d->u.eq.table[h])->entry != 0; h = (h + 1) & mask) {
    if (sl->prefix != prefix || sl->len != key.len) continue;
    /* Keys of at most 8 bytes (and all but string keys) are whole in the slot. */
    if (key.len > 8 && memcmp(d->u.eq.entries[sl->entry - 1].s + 8, key.s + 8, key.len - 8) != 0) continue;
    return sl->child;
  }
  return 0;
}

/* How many entries of a sorted bound list the value satisfies (a prefix). */
static uint32_t passing(const lv_dnode *d, const lv_drange_entry *es, uint32_t n, const char *slot, bool lower) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (bound_passes(d->domain, &es[mid].t, es[mid].strict, slot, lower)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Does the list hold the check's one value? Elements of a list<string>
 * (int, uint, bool) field are all of that kind. */
static bool list_has(const lv_dcheck *c, const char *slot) {
  const lv_list *l;
  memcpy(&l, slot, sizeof l);
  for (uint32_t i = 0; l && i < l->len; i++) {
    const lv_value *it = &l->items[i];
    switch (c->fkind) {
    case LV_K_STRING:
      if (it->tag == LV_STRING && it->aux == c->len && memcmp(it->v.s, c->v.s, c->len) == 0) return true;
      break;
    case LV_K_INT: if (it->tag == LV_INT && (uint64_t)it->v.i == c->v.bits) return true; break;
    case LV_K_UINT: if (it->tag == LV_UINT && it->v.u == c->v.bits) return true; break;
    default: if (it->tag == LV_BOOL && (uint64_t)it->v.b == c->v.bits) return true; break;
    }
  }
  return false;
}

static bool check_passes(walk *w, const lv_dcheck *c) {
  const char *slot = w->ev + c->offset;
  switch (c->op) {
  case LV_DC_HAS:
    if (!w->has_known || w->has_offset != c->offset || w->has_fkind != c->fkind || w->has_bits != c->v.bits ||
        w->has_len != c->len) {
      w->has_known = true;
      w->has_offset = c->offset;
      w->has_fkind = c->fkind;
      w->has_bits = c->v.bits;
      w->has_len = c->len;
      w->has_answer = list_has(c, slot);
    }
    return w->has_answer;
  case LV_DC_IN:
  case LV_DC_NOT_IN: {
    bool found = false;
    if (c->nvals == 1 && c->fkind == LV_K_STRING) {
      const lv_str *s = (const lv_str *)slot;
      found = s->len == c->len && memcmp(s->ptr, c->v.s, c->len) == 0;
    } else if (c->nvals == 1) {
      found = slot_bits(c->fkind, slot) == c->v.bits;
    } else {
      lv_deq_entry key;
      slot_key(c->fkind, slot, &key);
      for (uint32_t v = 0; v < c->nvals && !found; v++) found = lv_dkey_eq(c->fkind, &c->v.vals[v], &key);
    }
    return found == (c->op == LV_DC_IN);
  }
  default:
    return bound_passes(c->domain, &c->v.t, c->op == LV_DC_GT || c->op == LV_DC_LT, slot,
                        c->op == LV_DC_GT || c->op == LV_DC_GE);
  }
}

static void visit_leaf(walk *w, const lv_dleaf *lf) {
  for (uint32_t i = 0; i < lf->nrules; i++) {
    const lv_dleaf_rule *r = &lf->rules[i];
    bool fires = true;
    if (r->pos & LV_DISPATCH_DECIDED)
      for (uint32_t k = 0; k < r->n && fires; k++) fires = check_passes(w, &lf->checks[r->first + k]);
    if (fires) emit(w, r->pos);
  }
}

static void visit(walk *w, lv_dtarget t) {
  while (t && !w->overflow) {
    switch (LV_DT_TAG(t)) {
    case LV_DT_RULE: emit(w, LV_DT_POS(t)); return;
    case LV_DT_LEAF: visit_leaf(w, LV_DT_PTR(t)); return;
    case LV_DT_EQ: {
      const lv_dnode *d = LV_DT_PTR(t);
      visit(w, eq_child(d, w->ev));
      t = d->rest;
      break;
    }
    default: {
      const lv_dnode *d = LV_DT_PTR(t);
      const char *slot = w->ev + d->offset;
      uint32_t k = passing(d, d->u.range.lo, d->u.range.nlo, slot, true);
      for (uint32_t i = 0; i < k; i++) visit(w, d->u.range.lo[i].child);
      k = passing(d, d->u.range.hi, d->u.range.nhi, slot, false);
      for (uint32_t i = 0; i < k; i++) visit(w, d->u.range.hi[i].child);
      t = d->rest;
      break;
    }
    }
  }
}

uint32_t lv_dispatch_candidates(lv_dtarget root, const void *event, uint32_t *out, uint32_t cap) {
  walk w = {.ev = event, .out = out, .cap = cap};
  visit(&w, root);
  if (w.overflow) return UINT32_MAX;
  /* Firing order: candidates arrive grouped by path. Shell sort: in place,
   * no allocation, insertion sort for the usual handful. */
  static const uint32_t gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
  for (uint32_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
    uint32_t gap = gaps[g];
    for (uint32_t i = gap; i < w.n; i++) {
      uint32_t x = out[i], key = x & ~LV_DISPATCH_DECIDED, j = i;
      for (; j >= gap && (out[j - gap] & ~LV_DISPATCH_DECIDED) > key; j -= gap) out[j] = out[j - gap];
      out[j] = x;
    }
  }
  return w.n;
}
