/* truth.c - bool conditions known at compile time, for the "condition is
 * always false" warning: literals, !, &&, ||, ?:, comparisons between two
 * literals of one type, and lets whose value is such a condition. */
#include <string.h>

#include "check/checker.h"

/* Compares two literals of the same kind; *ok is false for anything else. */
static int cmp_literals(const lv_expr *l, const lv_expr *r, bool *ok) {
  *ok = true;
  if (l->kind == LV_EX_INT && r->kind == LV_EX_INT && !((l->flags | r->flags) & LV_EF_INT_MIN))
    return l->u.i < r->u.i ? -1 : l->u.i > r->u.i;
  if (l->kind == LV_EX_UINT && r->kind == LV_EX_UINT) return l->u.u < r->u.u ? -1 : l->u.u > r->u.u;
  /* NaN compares unordered: leave it to run time. */
  if (l->kind == LV_EX_DOUBLE && r->kind == LV_EX_DOUBLE && l->u.d == l->u.d && r->u.d == r->u.d)
    return l->u.d < r->u.d ? -1 : l->u.d > r->u.d;
  if (l->kind == LV_EX_BOOL && r->kind == LV_EX_BOOL) return (int)l->u.b - (int)r->u.b;
  if (l->kind == LV_EX_STRING && r->kind == LV_EX_STRING) {
    uint32_t n = l->u.str.len < r->u.str.len ? l->u.str.len : r->u.str.len;
    int x = memcmp(l->u.str.ptr, r->u.str.ptr, n);
    if (x) return x < 0 ? -1 : 1;
    return l->u.str.len < r->u.str.len ? -1 : l->u.str.len > r->u.str.len;
  }
  *ok = false;
  return 0;
}

static bool fold_bool(const lv_expr *e, bool *v, int depth) {
  if (depth > 64) return false;
  switch (e->kind) {
  case LV_EX_BOOL: *v = e->u.b; return true;
  case LV_EX_IDENT: {
    /* A let used as a switch: `let enabled = false`. Its value is folded
     * once and remembered: lets referring twice to lets would otherwise be
     * folded again at every reference, exponentially in the chain. */
    lv_sym *s = (lv_sym *)e->u.ident.sym;
    if (!s || s->kind != LV_SYM_LET || !s->decl || !s->type || s->type->kind != LV_T_BOOL) return false;
    if (s->truth == 0) {
      bool x = false;
      s->truth = 1; /* (a let cannot refer to itself, but stay finite if one does) */
      /* Past the depth bound the let counts as not known, for good: the
       * warning this serves may be missed, never wrong. */
      if (fold_bool(s->decl->u.let.value, &x, depth + 1)) s->truth = x ? 3 : 2;
    }
    *v = s->truth == 3;
    return s->truth != 1;
  }
  case LV_EX_UNARY:
    if (e->op != LV_OP_NOT || !fold_bool(e->u.unary.operand, v, depth + 1)) return false;
    *v = !*v;
    return true;
  case LV_EX_AND:
  case LV_EX_OR: {
    /* false && x is false and true || x is true, whatever x is. */
    bool absorbing = e->kind == LV_EX_OR, all = true;
    for (uint32_t i = 0; i < e->u.logic.args.n; i++) {
      bool x;
      if (!fold_bool(e->u.logic.args.items[i], &x, depth + 1)) {
        all = false;
      } else if (x == absorbing) {
        *v = absorbing;
        return true;
      }
    }
    if (all) *v = !absorbing;
    return all;
  }
  case LV_EX_COND: {
    bool cond;
    if (!fold_bool(e->u.cond.cond, &cond, depth + 1)) return false;
    return fold_bool(cond ? e->u.cond.then : e->u.cond.other, v, depth + 1);
  }
  case LV_EX_BINARY: {
    bool ok;
    int r = cmp_literals(e->u.binary.left, e->u.binary.right, &ok);
    if (!ok) return false;
    switch (e->op) {
    case LV_OP_EQ: *v = r == 0; return true;
    case LV_OP_NE: *v = r != 0; return true;
    case LV_OP_LT: *v = r < 0; return true;
    case LV_OP_LE: *v = r <= 0; return true;
    case LV_OP_GT: *v = r > 0; return true;
    case LV_OP_GE: *v = r >= 0; return true;
    default: return false;
    }
  }
  default: return false;
  }
}

bool lv_fold_bool(const lv_expr *e, bool *value) { return fold_bool(e, value, 0); }
