/* call.c - lowering operators and standard functions (stdlib/builtins.def).
 *
 * INLINE overloads get IR here; PURE and ERR overloads become calls whose
 * C signature follows from the types (lv_value.h's scalar-only convention).
 * An argument typed dyn where an overload wants a concrete type is checked
 * and unboxed; with several candidate overloads the run-time tags pick one. */
#include <string.h>

#include "lower/lower_int.h"
#include "lv_regex.h"
#include "lv_time.h"

/* --- argument and result shapes of C calls ------------------------------------------------ */

static unsigned flatten_in(lv_lower *L, LLVMValueRef v, const lv_type *t, LLVMTypeRef *pt, LLVMValueRef *a) {
  switch (t->kind) {
  case LV_T_STRING:
  case LV_T_BYTES:
    pt[0] = L->t_ptr, a[0] = lv_extract(L, v, 0);
    pt[1] = L->t_i64, a[1] = lv_extract(L, v, 1);
    return 2;
  case LV_T_TIMESTAMP:
  case LV_T_DURATION:
    pt[0] = L->t_i64, a[0] = lv_extract(L, v, 0);
    pt[1] = L->t_i32, a[1] = lv_extract(L, v, 1);
    return 2;
  case LV_T_INT:
  case LV_T_UINT: pt[0] = L->t_i64, a[0] = v; return 1;
  case LV_T_DOUBLE: pt[0] = L->t_dbl, a[0] = v; return 1;
  case LV_T_BOOL: pt[0] = L->t_i8, a[0] = LLVMBuildZExt(L->b, v, L->t_i8, ""); return 1;
  case LV_T_LIST:
  case LV_T_MAP:
  case LV_T_MSG: pt[0] = L->t_ptr, a[0] = v; return 1;
  default: pt[0] = L->t_ptr, a[0] = lv_spill(L, lv_convert(L, v, t, L->prog->types.dyn), L->t_value); return 1;
  }
}

typedef struct out_slots {
  LLVMValueRef s[2];
  unsigned n;
} out_slots;

static unsigned flatten_out(lv_lower *L, const lv_type *t, LLVMTypeRef *pt, LLVMValueRef *a, out_slots *o) {
  o->n = 0;
  switch (t->kind) {
  case LV_T_STRING:
  case LV_T_BYTES:
    o->s[0] = lv_alloca(L, L->t_ptr, "out.p");
    o->s[1] = lv_alloca(L, L->t_i64, "out.n");
    o->n = 2;
    break;
  case LV_T_TIMESTAMP:
  case LV_T_DURATION:
    o->s[0] = lv_alloca(L, L->t_i64, "out.sec");
    o->s[1] = lv_alloca(L, L->t_i32, "out.nanos");
    o->n = 2;
    break;
  case LV_T_INT:
  case LV_T_UINT: o->s[0] = lv_alloca(L, L->t_i64, "out"), o->n = 1; break;
  case LV_T_DOUBLE: o->s[0] = lv_alloca(L, L->t_dbl, "out"), o->n = 1; break;
  case LV_T_BOOL: o->s[0] = lv_alloca(L, L->t_i8, "out"), o->n = 1; break;
  case LV_T_LIST:
  case LV_T_MAP: o->s[0] = lv_alloca(L, L->t_ptr, "out"), o->n = 1; break;
  default: o->s[0] = lv_alloca(L, L->t_value, "out"), o->n = 1; break;
  }
  for (unsigned i = 0; i < o->n; i++) pt[i] = L->t_ptr, a[i] = o->s[i];
  return o->n;
}

static LLVMValueRef load_out(lv_lower *L, const lv_type *t, out_slots *o) {
  switch (t->kind) {
  case LV_T_STRING:
  case LV_T_BYTES:
    return lv_make2(L, L->t_str, LLVMBuildLoad2(L->b, L->t_ptr, o->s[0], ""), LLVMBuildLoad2(L->b, L->t_i64, o->s[1], ""));
  case LV_T_TIMESTAMP:
  case LV_T_DURATION:
    return lv_make2(L, L->t_time, LLVMBuildLoad2(L->b, L->t_i64, o->s[0], ""), LLVMBuildLoad2(L->b, L->t_i32, o->s[1], ""));
  case LV_T_INT:
  case LV_T_UINT: return LLVMBuildLoad2(L->b, L->t_i64, o->s[0], "");
  case LV_T_DOUBLE: return LLVMBuildLoad2(L->b, L->t_dbl, o->s[0], "");
  case LV_T_BOOL:
    return LLVMBuildICmp(L->b, LLVMIntNE, LLVMBuildLoad2(L->b, L->t_i8, o->s[0], ""), LLVMConstInt(L->t_i8, 0, 0), "");
  case LV_T_LIST:
  case LV_T_MAP: return LLVMBuildLoad2(L->b, L->t_ptr, o->s[0], "");
  default: return LLVMBuildLoad2(L->b, L->t_value, o->s[0], "");
  }
}

/* const lv_err *sym(lv_ctx *, out..., in...) with extra trailing scalars. */
static LLVMValueRef call_err(lv_lower *L, const char *sym, const lv_type *rt, LLVMValueRef *args,
                             const lv_type **types, uint32_t n, LLVMTypeRef *xt, LLVMValueRef *xv, unsigned nx) {
  LLVMTypeRef pt[32];
  LLVMValueRef a[32];
  unsigned k = 0;
  pt[k] = L->t_ptr, a[k++] = L->cx;
  out_slots o;
  k += flatten_out(L, rt, pt + k, a + k, &o);
  for (uint32_t i = 0; i < n; i++) k += flatten_in(L, args[i], types[i], pt + k, a + k);
  for (unsigned i = 0; i < nx; i++) pt[k] = xt[i], a[k++] = xv[i];
  lv_fail_if_err(L, lv_call(L, sym, L->t_ptr, pt, a, k));
  return load_out(L, rt, &o);
}

/* R sym(in...): results are bool (as i8), int64, uint64 or double. */
static LLVMValueRef call_pure(lv_lower *L, const char *sym, const lv_type *rt, LLVMValueRef *args,
                              const lv_type **types, uint32_t n, LLVMTypeRef *xt, LLVMValueRef *xv, unsigned nx) {
  LLVMTypeRef pt[32];
  LLVMValueRef a[32];
  unsigned k = 0;
  for (uint32_t i = 0; i < n; i++) k += flatten_in(L, args[i], types[i], pt + k, a + k);
  for (unsigned i = 0; i < nx; i++) pt[k] = xt[i], a[k++] = xv[i];
  LLVMTypeRef ret = rt->kind == LV_T_BOOL ? L->t_i8 : rt->kind == LV_T_DOUBLE ? L->t_dbl : L->t_i64;
  LLVMValueRef r = lv_call(L, sym, ret, pt, a, k);
  if (rt->kind == LV_T_BOOL) r = LLVMBuildICmp(L->b, LLVMIntNE, r, LLVMConstInt(L->t_i8, 0, 0), "");
  return r;
}

static LLVMValueRef intrinsic(lv_lower *L, const char *name, LLVMTypeRef *tys, unsigned ntys, LLVMValueRef *a,
                              unsigned n) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef f = LLVMGetIntrinsicDeclaration(L->mod, id, tys, ntys);
  LLVMTypeRef fty = LLVMIntrinsicGetType(L->ctx, id, tys, ntys);
  return LLVMBuildCall2(L->b, fty, f, a, n, "");
}

static bool regex_compiles(const char *pattern, uint32_t len) {
  lv_regex_error err;
  lv_regex *re = lv_regex_compile(pattern, len, &err);
  lv_regex_free(re);
  return re != NULL;
}

/* --- arithmetic ------------------------------------------------------------------------------- */

static LLVMValueRef checked(lv_lower *L, const char *name, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef args[2] = {a, b};
  LLVMValueRef r = intrinsic(L, name, &L->t_i64, 1, args, 2);
  LLVMValueRef of = lv_extract(L, r, 1);
  lv_check_or_fail(L, LLVMBuildNot(L->b, of, ""), LV_E_OVERFLOW);
  return lv_extract(L, r, 0);
}

static LLVMValueRef divide(lv_lower *L, LLVMValueRef a, LLVMValueRef b, bool is_signed, bool modulo) {
  LLVMValueRef nz = LLVMBuildICmp(L->b, LLVMIntNE, b, lv_const_i64(L, 0), "");
  LLVMBasicBlockRef good = lv_block(L, "div.ok"), bad = lv_block(L, "div.zero");
  LLVMBuildCondBr(L->b, nz, good, bad);
  LLVMPositionBuilderAtEnd(L->b, bad);
  LLVMTypeRef pt[1] = {L->t_i32};
  LLVMValueRef code[1] = {lv_const_i32(L, modulo ? 1 : 0)};
  lv_fail(L, lv_call(L, "lv_builtin_div_zero", L->t_ptr, pt, code, 1));
  LLVMPositionBuilderAtEnd(L->b, good);
  if (is_signed) {
    /* INT64_MIN / -1 (and % -1) overflow, as in cel-go. */
    LLVMValueRef min = LLVMBuildICmp(L->b, LLVMIntEQ, a, lv_const_i64(L, (uint64_t)INT64_MIN), "");
    LLVMValueRef m1 = LLVMBuildICmp(L->b, LLVMIntEQ, b, lv_const_i64(L, (uint64_t)-1), "");
    lv_check_or_fail(L, LLVMBuildNot(L->b, LLVMBuildAnd(L->b, min, m1, ""), ""), LV_E_OVERFLOW);
    return modulo ? LLVMBuildSRem(L->b, a, b, "") : LLVMBuildSDiv(L->b, a, b, "");
  }
  return modulo ? LLVMBuildURem(L->b, a, b, "") : LLVMBuildUDiv(L->b, a, b, "");
}

/* --- equality and ordering ------------------------------------------------------------------------ */

static LLVMValueRef boxed_equal(lv_lower *L, LLVMValueRef a, const lv_type *ta, LLVMValueRef b, const lv_type *tb) {
  LLVMValueRef pa = lv_spill(L, lv_convert(L, a, ta, L->prog->types.dyn), L->t_value);
  LLVMValueRef pb = lv_spill(L, lv_convert(L, b, tb, L->prog->types.dyn), L->t_value);
  LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef args[3] = {L->cx, pa, pb};
  LLVMValueRef r = lv_call(L, "lv_value_equal", L->t_i8, pt, args, 3);
  return LLVMBuildICmp(L->b, LLVMIntNE, r, LLVMConstInt(L->t_i8, 0, 0), "");
}

/* Strings: lengths first, then memcmp with a constant length when one side
 * is a literal, which LLVM expands into a few loads. */
static LLVMValueRef string_equal(lv_lower *L, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef an = lv_extract(L, a, 1), bn = lv_extract(L, b, 1);
  LLVMValueRef n = LLVMIsConstant(bn) ? bn : an;
  LLVMBasicBlockRef start = LLVMGetInsertBlock(L->b);
  LLVMBasicBlockRef cmp = lv_block(L, "streq.cmp"), done = lv_block(L, "streq.done");
  LLVMBuildCondBr(L->b, LLVMBuildICmp(L->b, LLVMIntEQ, an, bn, ""), cmp, done);
  LLVMPositionBuilderAtEnd(L->b, cmp);
  LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_i64};
  LLVMValueRef args[3] = {lv_extract(L, a, 0), lv_extract(L, b, 0), n};
  LLVMValueRef r = lv_call(L, "memcmp", L->t_i32, pt, args, 3);
  LLVMValueRef same = LLVMBuildICmp(L->b, LLVMIntEQ, r, lv_const_i32(L, 0), "");
  LLVMBasicBlockRef cmp_end = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->t_i1, "streq");
  LLVMValueRef vals[2] = {LLVMConstInt(L->t_i1, 0, 0), same};
  LLVMBasicBlockRef bbs[2] = {start, cmp_end};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

/* Numbers across types compare by value: int and uint exactly; an integer
 * against a double as a double (the conformance tests pin this). */
static LLVMValueRef to_double(lv_lower *L, LLVMValueRef v, const lv_type *t) {
  if (t->kind == LV_T_DOUBLE) return v;
  return t->kind == LV_T_INT ? LLVMBuildSIToFP(L->b, v, L->t_dbl, "") : LLVMBuildUIToFP(L->b, v, L->t_dbl, "");
}

/* -1, 0, 1 (i32) for same-typed or cross-numeric operands; NaN is handled
 * by the caller (ordered comparisons are false). */
static LLVMValueRef compare(lv_lower *L, LLVMValueRef a, const lv_type *ta, LLVMValueRef b, const lv_type *tb,
                            LLVMIntPredicate ip, LLVMRealPredicate rp) {
  lv_type_kind ka = ta->kind, kb = tb->kind;
  if (ka == LV_T_DOUBLE || kb == LV_T_DOUBLE)
    return LLVMBuildFCmp(L->b, rp, to_double(L, a, ta), to_double(L, b, tb), "");
  if (ka == LV_T_INT && kb == LV_T_UINT) {
    /* a < 0 is below every uint; else compare as unsigned. */
    LLVMValueRef neg = LLVMBuildICmp(L->b, LLVMIntSLT, a, lv_const_i64(L, 0), "");
    LLVMValueRef cmp = LLVMBuildICmp(L->b, (LLVMIntPredicate)(ip == LLVMIntSLT ? LLVMIntULT : ip == LLVMIntSLE ? LLVMIntULE : ip == LLVMIntSGT ? LLVMIntUGT : ip == LLVMIntSGE ? LLVMIntUGE : ip), a, b, "");
    LLVMValueRef lt = (ip == LLVMIntSLT || ip == LLVMIntSLE) ? LLVMConstInt(L->t_i1, 1, 0) : LLVMConstInt(L->t_i1, 0, 0);
    if (ip == LLVMIntEQ) lt = LLVMConstInt(L->t_i1, 0, 0);
    if (ip == LLVMIntNE) lt = LLVMConstInt(L->t_i1, 1, 0);
    return LLVMBuildSelect(L->b, neg, lt, cmp, "");
  }
  if (ka == LV_T_UINT && kb == LV_T_INT) {
    LLVMValueRef neg = LLVMBuildICmp(L->b, LLVMIntSLT, b, lv_const_i64(L, 0), "");
    LLVMValueRef cmp = LLVMBuildICmp(L->b, (LLVMIntPredicate)(ip == LLVMIntSLT ? LLVMIntULT : ip == LLVMIntSLE ? LLVMIntULE : ip == LLVMIntSGT ? LLVMIntUGT : ip == LLVMIntSGE ? LLVMIntUGE : ip), a, b, "");
    LLVMValueRef gt = (ip == LLVMIntSGT || ip == LLVMIntSGE) ? LLVMConstInt(L->t_i1, 1, 0) : LLVMConstInt(L->t_i1, 0, 0);
    if (ip == LLVMIntEQ) gt = LLVMConstInt(L->t_i1, 0, 0);
    if (ip == LLVMIntNE) gt = LLVMConstInt(L->t_i1, 1, 0);
    return LLVMBuildSelect(L->b, neg, gt, cmp, "");
  }
  if (ka == LV_T_UINT || ka == LV_T_BOOL) {
    LLVMIntPredicate up = ip == LLVMIntSLT ? LLVMIntULT : ip == LLVMIntSLE ? LLVMIntULE : ip == LLVMIntSGT ? LLVMIntUGT : ip == LLVMIntSGE ? LLVMIntUGE : ip;
    return LLVMBuildICmp(L->b, up, a, b, "");
  }
  if (ka == LV_T_INT) return LLVMBuildICmp(L->b, ip, a, b, "");
  LLVMValueRef c;
  if (ka == LV_T_STRING || ka == LV_T_BYTES) {
    if (ip == LLVMIntEQ || ip == LLVMIntNE) {
      LLVMValueRef eq = string_equal(L, a, b);
      return ip == LLVMIntEQ ? eq : LLVMBuildNot(L->b, eq, "");
    }
    LLVMTypeRef pt[4] = {L->t_ptr, L->t_i64, L->t_ptr, L->t_i64};
    LLVMValueRef args[4] = {lv_extract(L, a, 0), lv_extract(L, a, 1), lv_extract(L, b, 0), lv_extract(L, b, 1)};
    c = lv_call(L, "lv_bytes_compare", L->t_i32, pt, args, 4);
  } else { /* timestamp, duration */
    LLVMTypeRef pt[4] = {L->t_i64, L->t_i32, L->t_i64, L->t_i32};
    LLVMValueRef args[4] = {lv_extract(L, a, 0), lv_extract(L, a, 1), lv_extract(L, b, 0), lv_extract(L, b, 1)};
    c = lv_call(L, "lv_time_cmp", L->t_i32, pt, args, 4);
  }
  return LLVMBuildICmp(L->b, ip, c, lv_const_i32(L, 0), "");
}

static LLVMValueRef equal(lv_lower *L, LLVMValueRef a, const lv_type *ta, LLVMValueRef b, const lv_type *tb) {
  lv_type_kind ka = ta->kind, kb = tb->kind;
  bool num = lv_type_is_numeric(ta) && lv_type_is_numeric(tb);
  if (num) return compare(L, a, ta, b, tb, LLVMIntEQ, LLVMRealOEQ);
  if (ka == kb) {
    switch (ka) {
    case LV_T_BOOL: return LLVMBuildICmp(L->b, LLVMIntEQ, a, b, "");
    case LV_T_STRING:
    case LV_T_BYTES: return string_equal(L, a, b);
    case LV_T_NULL: return LLVMConstInt(L->t_i1, 1, 0);
    case LV_T_TIMESTAMP:
    case LV_T_DURATION:
      return LLVMBuildAnd(L->b, LLVMBuildICmp(L->b, LLVMIntEQ, lv_extract(L, a, 0), lv_extract(L, b, 0), ""),
                          LLVMBuildICmp(L->b, LLVMIntEQ, lv_extract(L, a, 1), lv_extract(L, b, 1), ""), "");
    default: break;
    }
  }
  return boxed_equal(L, a, ta, b, tb);
}

/* x in [literal, literal, ...]: a chain of comparisons, no list at all. */
static const lv_expr *const_list_operand(const lv_expr *e) {
  for (int hops = 0; e && hops < 16; hops++) {
    if (e->kind == LV_EX_LIST) {
      for (uint32_t i = 0; i < e->u.list.entries.n; i++) {
        const lv_expr *x = e->u.list.entries.items[i].value;
        if (e->u.list.entries.items[i].optional) return NULL;
        if (x->kind != LV_EX_INT && x->kind != LV_EX_UINT && x->kind != LV_EX_DOUBLE && x->kind != LV_EX_STRING &&
            x->kind != LV_EX_BYTES && x->kind != LV_EX_BOOL)
          return NULL;
      }
      return e;
    }
    if (e->kind == LV_EX_IDENT && e->u.ident.sym && e->u.ident.sym->kind == LV_SYM_LET)
      e = e->u.ident.sym->decl->u.let.value;
    else return NULL;
  }
  return NULL;
}

static LLVMValueRef in_const_list(lv_lower *L, LLVMValueRef x, const lv_type *tx, const lv_expr *list) {
  LLVMBasicBlockRef done = lv_block(L, "in.done");
  LLVMValueRef phi_vals[257];
  LLVMBasicBlockRef phi_bbs[257];
  unsigned k = 0;
  for (uint32_t i = 0; i < list->u.list.entries.n; i++) {
    lv_expr *lit = list->u.list.entries.items[i].value;
    LLVMValueRef eq;
    if (tx->kind == LV_T_DYN || (lit->type->kind != tx->kind && !(lv_type_is_numeric(tx) && lv_type_is_numeric(lit->type))))
      eq = boxed_equal(L, x, tx, lv_lower_expr(L, lit), lit->type);
    else eq = equal(L, x, tx, lv_lower_expr(L, lit), lit->type);
    LLVMBasicBlockRef next = lv_block(L, "in.next");
    phi_vals[k] = LLVMConstInt(L->t_i1, 1, 0);
    phi_bbs[k++] = LLVMGetInsertBlock(L->b);
    LLVMBuildCondBr(L->b, eq, done, next);
    LLVMPositionBuilderAtEnd(L->b, next);
  }
  phi_vals[k] = LLVMConstInt(L->t_i1, 0, 0);
  phi_bbs[k++] = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->t_i1, "in");
  LLVMAddIncoming(phi, phi_vals, phi_bbs, k);
  return phi;
}

/* const lv_err *fn(lv_ctx *, OUT *, const lv_value *a, const lv_value *b)
 * for the generic value routines (lv_dyn_in, lv_dyn_index): boxes both
 * operands and returns the result slot's value (an i1 for a bool result). */
static LLVMValueRef call_boxed2(lv_lower *L, const char *fn, bool bool_result, LLVMValueRef a, const lv_type *ta,
                                LLVMValueRef b, const lv_type *tb) {
  LLVMValueRef out = lv_alloca(L, bool_result ? L->t_i8 : L->t_value, "out");
  LLVMTypeRef ptp[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef pa[4] = {L->cx, out, lv_spill(L, lv_convert(L, a, ta, L->prog->types.dyn), L->t_value),
                        lv_spill(L, lv_convert(L, b, tb, L->prog->types.dyn), L->t_value)};
  lv_fail_if_err(L, lv_call(L, fn, L->t_ptr, ptp, pa, 4));
  if (!bool_result) return LLVMBuildLoad2(L->b, L->t_value, out, "");
  return LLVMBuildICmp(L->b, LLVMIntNE, LLVMBuildLoad2(L->b, L->t_i8, out, ""), LLVMConstInt(L->t_i8, 0, 0), "");
}

/* --- type values ---------------------------------------------------------------------------------- */

static LLVMValueRef type_of_static(lv_lower *L, const lv_type *t) {
  uint32_t tag = lv_type_tag(t);
  LLVMValueRef payload = t->kind == LV_T_MSG ? lv_const_i64(L, ((lv_schema_info *)t->schema)->index) : NULL;
  return lv_make_value(L, LV_TYPE, lv_const_i32(L, tag), payload);
}

/* --- the result type of an overload for given argument types -------------------------------------- */

static bool has_param(const lv_type *t) {
  if (!t) return false;
  return t->kind == LV_T_PARAM || has_param(t->a) || has_param(t->b);
}

/* Binds A/B/K/V from the arguments' static types (dyn where unknown). */
typedef struct tbind {
  const char *name[4];
  const lv_type *type[4];
  int n;
} tbind;

static void bind(lv_types *ts, tbind *b, const lv_type *p, const lv_type *a) {
  if (p->kind == LV_T_PARAM) {
    for (int i = 0; i < b->n; i++)
      if (b->name[i] == p->name) {
        b->type[i] = lv_type_more_general(ts, b->type[i], a); /* as the checker bound it */
        return;
      }
    if (b->n < 4) b->name[b->n] = p->name, b->type[b->n++] = a;
    return;
  }
  if (a->kind != p->kind) return;
  if (p->a && a->a) bind(ts, b, p->a, a->a);
  if (p->b && a->b) bind(ts, b, p->b, a->b);
}

static const lv_type *subst(lv_types *ts, tbind *b, const lv_type *t) {
  switch (t->kind) {
  case LV_T_PARAM:
    for (int i = 0; i < b->n; i++)
      if (b->name[i] == t->name) return b->type[i];
    return ts->dyn;
  case LV_T_LIST: return lv_type_list(ts, subst(ts, b, t->a));
  case LV_T_MAP: return lv_type_map(ts, subst(ts, b, t->a), subst(ts, b, t->b));
  case LV_T_OPTIONAL: return lv_type_optional_of(ts, subst(ts, b, t->a));
  case LV_T_TYPE: return lv_type_type(ts, t->a ? subst(ts, b, t->a) : NULL);
  default: return t;
  }
}

/* --- one overload ------------------------------------------------------------------------------------ */

static LLVMValueRef str_arg(lv_lower *L, const char *s) { return lv_const_str(L, s, strlen(s)); }

LLVMValueRef lv_lower_overload(lv_lower *L, lv_expr *e, uint32_t id, LLVMValueRef *args,
                               const lv_type **arg_types, uint32_t nargs, const lv_type **rtype) {
  lv_types *ts = &L->prog->types;
  const lv_builtin *bi = &L->prog->builtins[id];
  /* Parameter types with the type parameters bound by the arguments. */
  tbind tb = {{0}, {0}, 0};
  for (uint32_t i = 0; i < nargs && (int)i < bi->nparams; i++) bind(ts, &tb, bi->params[i], arg_types[i]);
  const lv_type *pt[17];
  LLVMValueRef a[17];
  /* orValue/or take their fallback lazily: converted only where it is used
   * (an unused dyn fallback of another type is no error). */
  bool lazy1 = id == LV_B_OPT_OR_VALUE || id == LV_B_OPT_OR;
  for (uint32_t i = 0; i < nargs; i++) {
    pt[i] = (int)i < bi->nparams ? (has_param(bi->params[i]) ? subst(ts, &tb, bi->params[i]) : bi->params[i]) : arg_types[i];
    if (lazy1 && i == 1) pt[i] = arg_types[i];
    a[i] = lv_convert(L, args[i], arg_types[i], pt[i]);
  }
  const lv_type *rt = has_param(bi->result) ? subst(ts, &tb, bi->result) : bi->result;
  *rtype = rt;
  if (bi->impl == LV_IMPL_PURE) return call_pure(L, bi->symbol, rt, a, pt, nargs, NULL, NULL, 0);
  if (bi->impl == LV_IMPL_ERR) return call_err(L, bi->symbol, rt, a, pt, nargs, NULL, NULL, 0);

  LLVMBuilderRef b = L->b;
  switch ((lv_builtin_id)id) {
  /* arithmetic */
  case LV_B_ADD_INT: return checked(L, "llvm.sadd.with.overflow", a[0], a[1]);
  case LV_B_SUB_INT: return checked(L, "llvm.ssub.with.overflow", a[0], a[1]);
  case LV_B_MUL_INT: return checked(L, "llvm.smul.with.overflow", a[0], a[1]);
  case LV_B_ADD_UINT: return checked(L, "llvm.uadd.with.overflow", a[0], a[1]);
  case LV_B_SUB_UINT: return checked(L, "llvm.usub.with.overflow", a[0], a[1]);
  case LV_B_MUL_UINT: return checked(L, "llvm.umul.with.overflow", a[0], a[1]);
  case LV_B_ADD_DOUBLE: return LLVMBuildFAdd(b, a[0], a[1], "");
  case LV_B_SUB_DOUBLE: return LLVMBuildFSub(b, a[0], a[1], "");
  case LV_B_MUL_DOUBLE: return LLVMBuildFMul(b, a[0], a[1], "");
  case LV_B_DIV_DOUBLE: return LLVMBuildFDiv(b, a[0], a[1], "");
  case LV_B_DIV_INT: return divide(L, a[0], a[1], true, false);
  case LV_B_MOD_INT: return divide(L, a[0], a[1], true, true);
  case LV_B_DIV_UINT: return divide(L, a[0], a[1], false, false);
  case LV_B_MOD_UINT: return divide(L, a[0], a[1], false, true);
  case LV_B_NEG_INT: return checked(L, "llvm.ssub.with.overflow", lv_const_i64(L, 0), a[0]);
  case LV_B_NEG_DOUBLE: return LLVMBuildFNeg(b, a[0], "");
  case LV_B_NOT: return LLVMBuildNot(b, a[0], "");
  case LV_B_ADD_DUR_TS: {
    LLVMValueRef sw[2] = {a[1], a[0]};
    const lv_type *st[2] = {ts->timestamp, ts->duration};
    return call_err(L, "lv_timestamp_add_duration", ts->timestamp, sw, st, 2, NULL, NULL, 0);
  }
  /* containers */
  case LV_B_INDEX_LIST:
  case LV_B_INDEX_LIST_UINT: {
    LLVMValueRef n = LLVMBuildZExt(b, LLVMBuildLoad2(b, L->t_i32, LLVMBuildStructGEP2(b, L->t_list, a[0], 0, ""), ""), L->t_i64, "");
    LLVMValueRef ok = LLVMBuildICmp(b, LLVMIntULT, a[1], n, ""); /* negative ints wrap to huge */
    LLVMBasicBlockRef good = lv_block(L, "idx.ok"), bad = lv_block(L, "idx.bad");
    LLVMBuildCondBr(b, ok, good, bad);
    LLVMPositionBuilderAtEnd(b, bad);
    LLVMTypeRef ptp[2] = {L->t_ptr, L->t_i64};
    LLVMValueRef pa[2] = {L->cx, a[1]};
    lv_fail(L, lv_call(L, "lv_builtin_index_error", L->t_ptr, ptp, pa, 2));
    LLVMPositionBuilderAtEnd(b, good);
    return lv_list_item(L, a[0], a[1], rt);
  }
  case LV_B_IN_LIST: {
    const lv_expr *lit = e && e->kind == LV_EX_BINARY ? const_list_operand(e->u.binary.right) : NULL;
    if (lit && lit->u.list.entries.n <= 256) return in_const_list(L, a[0], pt[0], lit);
    return call_boxed2(L, "lv_dyn_in", true, a[0], pt[0], a[1], pt[1]);
  }
  case LV_B_SIZE_BYTES_F:
  case LV_B_SIZE_BYTES_M: return lv_extract(L, a[0], 1);
  case LV_B_SIZE_LIST_F:
  case LV_B_SIZE_LIST_M:
    return LLVMBuildZExt(b, LLVMBuildLoad2(b, L->t_i32, LLVMBuildStructGEP2(b, L->t_list, a[0], 0, ""), ""), L->t_i64, "");
  case LV_B_SIZE_MAP_F:
  case LV_B_SIZE_MAP_M:
    return LLVMBuildZExt(b, LLVMBuildLoad2(b, L->t_i32, LLVMBuildStructGEP2(b, L->t_map, a[0], 0, ""), ""), L->t_i64, "");
  case LV_B_EQ: return equal(L, a[0], pt[0], a[1], pt[1]);
  case LV_B_NE: return LLVMBuildNot(b, equal(L, a[0], pt[0], a[1], pt[1]), "");
  /* strings */
  case LV_B_MATCHES_F:
  case LV_B_MATCHES_M: {
    lv_expr *pat = e ? (id == LV_B_MATCHES_F ? e->u.call.args.items[1] : e->u.call.args.items[0]) : NULL;
    LLVMValueRef out = lv_alloca(L, L->t_i8, "m");
    /* A literal pattern that does not compile (allowed where the checker only
     * warns, and in levin eval) takes the run-time path, whose error says
     * why: "error parsing regexp: missing closing ): (". */
    if (pat && pat->kind == LV_EX_STRING && regex_compiles(pat->u.str.ptr, pat->u.str.len)) {
      uint32_t ri = lv_regex_const(L, pat->u.str.ptr, pat->u.str.len);
      LLVMTypeRef ptp[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i64};
      LLVMValueRef pa[5] = {L->cx, out, lv_load_const(L, ri), lv_extract(L, a[0], 0), lv_extract(L, a[0], 1)};
      lv_fail_if_err(L, lv_call(L, "lv_regex_match", L->t_ptr, ptp, pa, 5));
    } else {
      LLVMTypeRef ptp[6] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_i64, L->t_ptr, L->t_i64};
      LLVMValueRef pa[6] = {L->cx, out, lv_extract(L, a[0], 0), lv_extract(L, a[0], 1), lv_extract(L, a[1], 0),
                            lv_extract(L, a[1], 1)};
      lv_fail_if_err(L, lv_call(L, "lv_string_matches", L->t_ptr, ptp, pa, 6));
    }
    return LLVMBuildICmp(b, LLVMIntNE, LLVMBuildLoad2(b, L->t_i8, out, ""), LLVMConstInt(L->t_i8, 0, 0), "");
  }
  case LV_B_INDEX_OF: {
    LLVMTypeRef xt[1] = {L->t_i64};
    LLVMValueRef xv[1] = {lv_const_i64(L, 0)};
    return call_err(L, "lv_string_index_of", rt, a, pt, 2, xt, xv, 1);
  }
  case LV_B_LAST_INDEX_OF:
  case LV_B_LAST_INDEX_OF_TO: {
    LLVMTypeRef xt[2] = {L->t_i8, L->t_i64};
    LLVMValueRef xv[2] = {LLVMConstInt(L->t_i8, id == LV_B_LAST_INDEX_OF_TO, 0),
                          id == LV_B_LAST_INDEX_OF_TO ? a[2] : lv_const_i64(L, 0)};
    return call_err(L, "lv_string_last_index_of", rt, a, pt, 2, xt, xv, 2);
  }
  case LV_B_REPLACE: {
    LLVMTypeRef xt[1] = {L->t_i64};
    LLVMValueRef xv[1] = {lv_const_i64(L, (uint64_t)-1)};
    return call_err(L, "lv_string_replace", rt, a, pt, 3, xt, xv, 1);
  }
  case LV_B_SPLIT: {
    LLVMTypeRef xt[1] = {L->t_i64};
    LLVMValueRef xv[1] = {lv_const_i64(L, (uint64_t)-1)};
    return call_err(L, "lv_string_split", rt, a, pt, 2, xt, xv, 1);
  }
  case LV_B_SUBSTRING:
  case LV_B_SUBSTRING_TO: {
    LLVMTypeRef xt[2] = {L->t_i8, L->t_i64};
    LLVMValueRef xv[2] = {LLVMConstInt(L->t_i8, id == LV_B_SUBSTRING_TO, 0),
                          id == LV_B_SUBSTRING_TO ? a[2] : lv_const_i64(L, 0)};
    return call_err(L, "lv_string_substring", rt, a, pt, 2, xt, xv, 2);
  }
  case LV_B_JOIN: {
    LLVMValueRef args2[2] = {a[0], str_arg(L, "")};
    const lv_type *t2[2] = {pt[0], ts->string};
    return call_err(L, "lv_list_join", rt, args2, t2, 2, NULL, NULL, 0);
  }
  /* conversions */
  case LV_B_INT_INT:
  case LV_B_UINT_UINT:
  case LV_B_DOUBLE_DOUBLE:
  case LV_B_STRING_STRING:
  case LV_B_BYTES_BYTES:
  case LV_B_BOOL_BOOL:
  case LV_B_TIMESTAMP_TIMESTAMP:
  case LV_B_DURATION_DURATION:
  case LV_B_BYTES_STRING: return a[0];
  case LV_B_INT_UINT:
    lv_check_or_fail(L, LLVMBuildICmp(b, LLVMIntULE, a[0], lv_const_i64(L, INT64_MAX), ""), LV_E_OVERFLOW);
    return a[0];
  case LV_B_UINT_INT:
    lv_check_or_fail(L, LLVMBuildICmp(b, LLVMIntSGE, a[0], lv_const_i64(L, 0), ""), LV_E_OVERFLOW);
    return a[0];
  case LV_B_DOUBLE_INT: return LLVMBuildSIToFP(b, a[0], L->t_dbl, "");
  case LV_B_DOUBLE_UINT: return LLVMBuildUIToFP(b, a[0], L->t_dbl, "");
  case LV_B_STRING_BOOL: return LLVMBuildSelect(b, a[0], str_arg(L, "true"), str_arg(L, "false"), "");
  case LV_B_DYN: return lv_box(L, a[0], pt[0]);
  case LV_B_TYPE: {
    if (pt[0]->kind != LV_T_DYN && pt[0]->kind != LV_T_PARAM) return type_of_static(L, pt[0]);
    LLVMValueRef out = lv_alloca(L, L->t_value, "type");
    LLVMTypeRef ptp[2] = {L->t_ptr, L->t_ptr};
    LLVMValueRef pa[2] = {out, lv_spill(L, a[0], L->t_value)};
    lv_call(L, "lv_dyn_type", L->t_void, ptp, pa, 2);
    return LLVMBuildLoad2(b, L->t_value, out, "");
  }
  /* optionals */
  case LV_B_OPT_OF:
  case LV_B_OPT_OF_NON_ZERO: {
    LLVMValueRef out = lv_alloca(L, L->t_value, "opt");
    LLVMTypeRef ptp[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
    LLVMValueRef pa[3] = {L->cx, out, lv_spill(L, lv_box(L, a[0], pt[0]), L->t_value)};
    lv_fail_if_err(L, lv_call(L, id == LV_B_OPT_OF ? "lv_builtin_optional_of" : "lv_builtin_optional_of_non_zero",
                              L->t_ptr, ptp, pa, 3));
    return LLVMBuildLoad2(b, L->t_value, out, "");
  }
  case LV_B_OPT_NONE: return lv_make_value(L, LV_OPTIONAL, NULL, NULL);
  case LV_B_OPT_HAS_VALUE: return LLVMBuildICmp(b, LLVMIntNE, lv_extract(L, a[0], 2), lv_const_i64(L, 0), "");
  case LV_B_OPT_VALUE: {
    LLVMValueRef p = LLVMBuildIntToPtr(b, lv_extract(L, a[0], 2), L->t_ptr, "");
    LLVMBasicBlockRef good = lv_block(L, "opt.some"), bad = lv_block(L, "opt.none");
    LLVMBuildCondBr(b, LLVMBuildIsNotNull(b, p, ""), good, bad);
    LLVMPositionBuilderAtEnd(b, bad);
    LLVMTypeRef ptp[1] = {L->t_ptr};
    LLVMValueRef pa[1] = {L->cx};
    lv_fail(L, lv_call(L, "lv_builtin_optional_none_error", L->t_ptr, ptp, pa, 1));
    LLVMPositionBuilderAtEnd(b, good);
    return lv_convert(L, LLVMBuildLoad2(b, L->t_value, p, ""), ts->dyn, rt);
  }
  case LV_B_OPT_OR_VALUE:
  case LV_B_OPT_OR: {
    LLVMValueRef p = LLVMBuildIntToPtr(b, lv_extract(L, a[0], 2), L->t_ptr, "");
    LLVMBasicBlockRef some = lv_block(L, "opt.some"), none = lv_block(L, "opt.none"), done = lv_block(L, "opt.done");
    LLVMBuildCondBr(b, LLVMBuildIsNotNull(b, p, ""), some, none);
    LLVMPositionBuilderAtEnd(b, some);
    LLVMValueRef sv = id == LV_B_OPT_OR ? a[0] : lv_convert(L, LLVMBuildLoad2(b, L->t_value, p, ""), ts->dyn, rt);
    LLVMBasicBlockRef some_end = LLVMGetInsertBlock(b);
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, none);
    LLVMValueRef nv = lv_convert(L, a[1], pt[1], rt);
    LLVMBasicBlockRef none_end = LLVMGetInsertBlock(b);
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMValueRef phi = LLVMBuildPhi(b, lv_llvm_type(L, rt), "");
    LLVMValueRef vals[2] = {sv, nv};
    LLVMBasicBlockRef bbs[2] = {some_end, none_end};
    LLVMAddIncoming(phi, vals, bbs, 2);
    return phi;
  }
  /* math */
  case LV_B_MATH_CEIL: return intrinsic(L, "llvm.ceil", &L->t_dbl, 1, a, 1);
  case LV_B_MATH_FLOOR: return intrinsic(L, "llvm.floor", &L->t_dbl, 1, a, 1);
  case LV_B_MATH_TRUNC: return intrinsic(L, "llvm.trunc", &L->t_dbl, 1, a, 1);
  case LV_B_MATH_ROUND: return intrinsic(L, "llvm.round", &L->t_dbl, 1, a, 1); /* half away from zero */
  case LV_B_MATH_SQRT_DOUBLE: return intrinsic(L, "llvm.sqrt", &L->t_dbl, 1, a, 1);
  case LV_B_MATH_SQRT_INT: {
    LLVMValueRef d = LLVMBuildSIToFP(b, a[0], L->t_dbl, "");
    return intrinsic(L, "llvm.sqrt", &L->t_dbl, 1, &d, 1);
  }
  case LV_B_MATH_SQRT_UINT: {
    LLVMValueRef d = LLVMBuildUIToFP(b, a[0], L->t_dbl, "");
    return intrinsic(L, "llvm.sqrt", &L->t_dbl, 1, &d, 1);
  }
  case LV_B_MATH_ABS_INT: {
    LLVMTypeRef ptp[3] = {L->t_ptr, L->t_ptr, L->t_i64};
    LLVMValueRef out = lv_alloca(L, L->t_i64, "abs");
    LLVMValueRef pa[3] = {L->cx, out, a[0]};
    lv_fail_if_err(L, lv_call(L, "lv_math_abs_int", L->t_ptr, ptp, pa, 3));
    return LLVMBuildLoad2(b, L->t_i64, out, "");
  }
  case LV_B_MATH_ABS_UINT: return a[0];
  case LV_B_MATH_ABS_DOUBLE: return intrinsic(L, "llvm.fabs", &L->t_dbl, 1, a, 1);
  case LV_B_MATH_SIGN_INT: {
    LLVMValueRef pos = LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntSGT, a[0], lv_const_i64(L, 0), ""), L->t_i64, "");
    LLVMValueRef neg = LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntSLT, a[0], lv_const_i64(L, 0), ""), L->t_i64, "");
    return LLVMBuildSub(b, pos, neg, "");
  }
  case LV_B_MATH_SIGN_UINT:
    return LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntNE, a[0], lv_const_i64(L, 0), ""), L->t_i64, "");
  case LV_B_MATH_SIGN_DOUBLE: {
    /* NaN stays NaN; both zeros give +0.0 as in cel-go, so 1.0 / math.sign(-0.0)
     * is +Infinity. */
    LLVMValueRef zero = LLVMConstReal(L->t_dbl, 0);
    LLVMValueRef one = LLVMConstReal(L->t_dbl, 1.0), mone = LLVMConstReal(L->t_dbl, -1.0);
    LLVMValueRef gt = LLVMBuildFCmp(b, LLVMRealOGT, a[0], zero, "");
    LLVMValueRef lt = LLVMBuildFCmp(b, LLVMRealOLT, a[0], zero, "");
    LLVMValueRef nan = LLVMBuildFCmp(b, LLVMRealUNO, a[0], a[0], "");
    LLVMValueRef rest = LLVMBuildSelect(b, nan, a[0], zero, "");
    return LLVMBuildSelect(b, gt, one, LLVMBuildSelect(b, lt, mone, rest, ""), "");
  }
  case LV_B_MATH_IS_NAN: return LLVMBuildFCmp(b, LLVMRealUNO, a[0], a[0], "");
  case LV_B_MATH_IS_INF: {
    LLVMValueRef abs = intrinsic(L, "llvm.fabs", &L->t_dbl, 1, a, 1);
    return LLVMBuildFCmp(b, LLVMRealOEQ, abs, LLVMConstReal(L->t_dbl, __builtin_inf()), "");
  }
  case LV_B_MATH_IS_FINITE: {
    LLVMValueRef abs = intrinsic(L, "llvm.fabs", &L->t_dbl, 1, a, 1);
    return LLVMBuildFCmp(b, LLVMRealOLT, abs, LLVMConstReal(L->t_dbl, __builtin_inf()), "");
  }
  case LV_B_MATH_BIT_AND_INT:
  case LV_B_MATH_BIT_AND_UINT: return LLVMBuildAnd(b, a[0], a[1], "");
  case LV_B_MATH_BIT_OR_INT:
  case LV_B_MATH_BIT_OR_UINT: return LLVMBuildOr(b, a[0], a[1], "");
  case LV_B_MATH_BIT_XOR_INT:
  case LV_B_MATH_BIT_XOR_UINT: return LLVMBuildXor(b, a[0], a[1], "");
  case LV_B_MATH_BIT_NOT_INT:
  case LV_B_MATH_BIT_NOT_UINT: return LLVMBuildNot(b, a[0], "");
  case LV_B_MATH_SHL_INT:
  case LV_B_MATH_SHL_UINT:
  case LV_B_MATH_SHR_INT:
  case LV_B_MATH_SHR_UINT: {
    bool left = id == LV_B_MATH_SHL_INT || id == LV_B_MATH_SHL_UINT;
    LLVMTypeRef ptp[4] = {L->t_ptr, L->t_ptr, L->t_i64, L->t_i64};
    LLVMValueRef out = lv_alloca(L, L->t_i64, "shift");
    LLVMValueRef pa[4] = {L->cx, out, a[0], a[1]};
    lv_fail_if_err(L, lv_call(L, left ? "lv_math_shift_left" : "lv_math_shift_right", L->t_ptr, ptp, pa, 4));
    return LLVMBuildLoad2(b, L->t_i64, out, "");
  }
  case LV_B_MATH_GREATEST_INT:
  case LV_B_MATH_GREATEST_UINT:
  case LV_B_MATH_GREATEST_DOUBLE:
  case LV_B_MATH_LEAST_INT:
  case LV_B_MATH_LEAST_UINT:
  case LV_B_MATH_LEAST_DOUBLE: return a[0];
  case LV_B_MATH_GREATEST_LIST_INT:
  case LV_B_MATH_GREATEST_LIST_UINT:
  case LV_B_MATH_GREATEST_LIST_DOUBLE:
  case LV_B_MATH_GREATEST_LIST_DYN:
  case LV_B_MATH_LEAST_LIST_INT:
  case LV_B_MATH_LEAST_LIST_UINT:
  case LV_B_MATH_LEAST_LIST_DOUBLE:
  case LV_B_MATH_LEAST_LIST_DYN: {
    bool greatest = id <= LV_B_MATH_GREATEST_LIST_DYN;
    LLVMValueRef out = lv_alloca(L, L->t_value, "m");
    LLVMTypeRef ptp[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
    LLVMValueRef pa[3] = {L->cx, out, a[0]};
    lv_fail_if_err(L, lv_call(L, greatest ? "lv_math_greatest" : "lv_math_least", L->t_ptr, ptp, pa, 3));
    return lv_convert(L, LLVMBuildLoad2(b, L->t_value, out, ""), ts->dyn, rt);
  }
  default: break;
  }
  /* Timestamp and duration accessors. */
  if (id >= LV_B_TS_FULL_YEAR && id <= LV_B_TS_MILLISECONDS_TZ) {
    uint32_t part = (id - LV_B_TS_FULL_YEAR) / 2;
    bool tz = (id - LV_B_TS_FULL_YEAR) % 2 == 1;
    LLVMTypeRef xt[3] = {L->t_i32, L->t_ptr, L->t_i64};
    LLVMValueRef xv[3] = {lv_const_i32(L, part), tz ? lv_extract(L, a[1], 0) : LLVMConstNull(L->t_ptr),
                          tz ? lv_extract(L, a[1], 1) : lv_const_i64(L, 0)};
    return call_err(L, "lv_timestamp_get", ts->int_, a, pt, 1, xt, xv, 3);
  }
  if (id >= LV_B_DUR_HOURS && id <= LV_B_DUR_MILLISECONDS) {
    static const uint32_t parts[] = {LV_TP_HOURS, LV_TP_MINUTES, LV_TP_SECONDS, LV_TP_MILLISECONDS};
    LLVMTypeRef xt[1] = {L->t_i32};
    LLVMValueRef xv[1] = {lv_const_i32(L, parts[id - LV_B_DUR_HOURS])};
    return call_pure(L, "lv_duration_get", ts->int_, a, pt, 1, xt, xv, 1);
  }
  /* Ordering and cross-type equality/index/in families. */
  const char *nm = bi->name;
  if (nm[0] == '_' && (nm[1] == '<' || nm[1] == '>' || nm[1] == '=' || nm[1] == '!')) {
    LLVMIntPredicate ip;
    LLVMRealPredicate rp;
    if (strcmp(nm, "_<_") == 0) ip = LLVMIntSLT, rp = LLVMRealOLT;
    else if (strcmp(nm, "_<=_") == 0) ip = LLVMIntSLE, rp = LLVMRealOLE;
    else if (strcmp(nm, "_>_") == 0) ip = LLVMIntSGT, rp = LLVMRealOGT;
    else if (strcmp(nm, "_>=_") == 0) ip = LLVMIntSGE, rp = LLVMRealOGE;
    else if (strcmp(nm, "_==_") == 0) ip = LLVMIntEQ, rp = LLVMRealOEQ;
    else ip = LLVMIntNE, rp = LLVMRealUNE;
    return compare(L, a[0], pt[0], a[1], pt[1], ip, rp);
  }
  if (strcmp(nm, "_[_]") == 0) {
    /* map lookups (also across numeric key types) */
    LLVMValueRef out = lv_alloca(L, L->t_value, "get");
    LLVMTypeRef ptp[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr};
    LLVMValueRef pa[4] = {L->cx, out, a[0], lv_spill(L, lv_box(L, a[1], pt[1]), L->t_value)};
    lv_fail_if_err(L, lv_call(L, "lv_builtin_map_get", L->t_ptr, ptp, pa, 4));
    return lv_convert(L, LLVMBuildLoad2(b, L->t_value, out, ""), ts->dyn, rt);
  }
  if (strcmp(nm, "@in") == 0) {
    if (pt[1]->kind == LV_T_MAP) {
      LLVMTypeRef ptp[2] = {L->t_ptr, L->t_ptr};
      LLVMValueRef pa[2] = {a[1], lv_spill(L, lv_box(L, a[0], pt[0]), L->t_value)};
      return LLVMBuildIsNotNull(b, lv_call(L, "lv_map_find", L->t_ptr, ptp, pa, 2), "");
    }
    const lv_expr *lit = e && e->kind == LV_EX_BINARY ? const_list_operand(e->u.binary.right) : NULL;
    if (lit && lit->u.list.entries.n <= 256) return in_const_list(L, a[0], pt[0], lit);
    return call_boxed2(L, "lv_dyn_in", true, a[0], pt[0], a[1], pt[1]);
  }
  /* Not reached: every INLINE id has a case above. */
  LLVMBuildUnreachable(b);
  LLVMPositionBuilderAtEnd(b, lv_block(L, "dead"));
  return LLVMGetUndef(lv_llvm_type(L, rt));
}

/* --- calls with run-time candidates ------------------------------------------------------------------ */

static bool any_dynamic(const lv_type **types, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (types[i]->kind == LV_T_DYN) return true;
  return false;
}

static bool is_family(const lv_builtin *bi, const char *name) { return strcmp(bi->name, name) == 0; }

/* Operations that are total over all value pairs go to one C routine
 * instead of dispatching: equality never fails, `in` and indexing accept
 * any container. */
static LLVMValueRef generic_dyn(lv_lower *L, lv_expr *e, const lv_builtin *bi, LLVMValueRef *args,
                                const lv_type **types, uint32_t n, bool *done) {
  lv_types *ts = &L->prog->types;
  *done = true;
  if ((is_family(bi, "_==_") || is_family(bi, "_!=_")) && n == 2) {
    LLVMValueRef eq = boxed_equal(L, args[0], types[0], args[1], types[1]);
    return lv_convert(L, is_family(bi, "_==_") ? eq : LLVMBuildNot(L->b, eq, ""), ts->bool_, e->type);
  }
  if (is_family(bi, "@in") && n == 2)
    return lv_convert(L, call_boxed2(L, "lv_dyn_in", true, args[0], types[0], args[1], types[1]), ts->bool_, e->type);
  if (is_family(bi, "_[_]") && n == 2)
    return lv_convert(L, call_boxed2(L, "lv_dyn_index", false, args[0], types[0], args[1], types[1]), ts->dyn, e->type);
  *done = false;
  return NULL;
}

static LLVMValueRef lower_variadic_math(lv_lower *L, lv_expr *e, LLVMValueRef *args, const lv_type **types,
                                        uint32_t n) {
  LLVMValueRef boxed[17];
  for (uint32_t i = 0; i < n; i++) boxed[i] = lv_box(L, args[i], types[i]);
  LLVMValueRef list = lv_list_build(L, boxed, n);
  LLVMValueRef out = lv_alloca(L, L->t_value, "m");
  LLVMTypeRef ptp[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef pa[3] = {L->cx, out, list};
  lv_fail_if_err(L, lv_call(L, e->overload == LV_B_MATH_GREATEST_N ? "lv_math_greatest" : "lv_math_least",
                            L->t_ptr, ptp, pa, 3));
  return lv_convert(L, LLVMBuildLoad2(L->b, L->t_value, out, ""), L->prog->types.dyn, e->type);
}

/* Fails with "found no matching overload for '_+_' applied to '(int, uint)'":
 * the function or operator as the table names it ("_+_", "math.sign"), and
 * the run-time types of the arguments, as lv_dyn.c words it too. */
static void fail_no_overload(lv_lower *L, const lv_expr *e, const lv_builtin *bi, LLVMValueRef *args,
                             const lv_type **arg_types, uint32_t nargs) {
  const char *fname = bi ? bi->name : e->kind == LV_EX_CALL ? e->u.call.fn.name : "?";
  LLVMValueRef nm = lv_const_cstr_ptr(L, fname, strlen(fname));
  LLVMValueRef argv = LLVMConstNull(L->t_ptr);
  if (nargs) {
    LLVMTypeRef aty = LLVMArrayType(L->t_value, nargs);
    argv = lv_alloca(L, aty, "noovl.args");
    for (uint32_t i = 0; i < nargs; i++) {
      LLVMValueRef idx[2] = {lv_const_i32(L, 0), lv_const_i32(L, i)};
      LLVMValueRef slot = LLVMBuildInBoundsGEP2(L->b, aty, argv, idx, 2, "");
      LLVMValueRef v = arg_types[i]->kind == LV_T_DYN ? args[i] : lv_box(L, args[i], arg_types[i]);
      LLVMBuildStore(L->b, v, slot);
    }
  }
  LLVMTypeRef ptp[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_i32};
  LLVMValueRef pa[4] = {L->cx, nm, argv, lv_const_i32(L, nargs)};
  lv_fail(L, lv_call(L, "lv_builtin_no_overload", L->t_ptr, ptp, pa, 4));
}

/* The one overload the checker chose takes a concrete type where an
 * argument is dyn: a value of another type fails here, naming the operation,
 * rather than later in the unboxing (which knows only the two types). An
 * argument typed optional may hold null (null is assignable to optional<T>,
 * as in cel-go: `true ? null : optional.of(1)`); null is no optional at run
 * time either, so optional functions fail on it as cel-go's do, instead of
 * taking it for optional.none(). */
static bool args_need_tag_check(const lv_type **arg_types, uint32_t nargs) {
  for (uint32_t i = 0; i < nargs; i++)
    if (arg_types[i]->kind == LV_T_DYN || arg_types[i]->kind == LV_T_OPTIONAL) return true;
  return false;
}

static void check_arg_tags(lv_lower *L, const lv_expr *e, const lv_builtin *bi, LLVMValueRef *args,
                           const lv_type **arg_types, uint32_t nargs) {
  LLVMValueRef ok = NULL;
  for (uint32_t i = 0; i < nargs && (int)i < bi->nparams; i++) {
    bool dyn = arg_types[i]->kind == LV_T_DYN;
    bool opt = arg_types[i]->kind == LV_T_OPTIONAL && bi->params[i]->kind == LV_T_OPTIONAL;
    if ((!dyn && !opt) || lv_type_tag(bi->params[i]) == LV_TAG_COUNT) continue;
    LLVMValueRef m = lv_tag_matches(L, args[i], bi->params[i]);
    ok = ok ? LLVMBuildAnd(L->b, ok, m, "") : m;
  }
  if (!ok) return;
  LLVMBasicBlockRef good = lv_block(L, "args.ok"), bad = lv_block(L, "args.bad");
  LLVMBuildCondBr(L->b, ok, good, bad);
  LLVMPositionBuilderAtEnd(L->b, bad);
  fail_no_overload(L, e, bi, args, arg_types, nargs);
  LLVMPositionBuilderAtEnd(L->b, good);
}

LLVMValueRef lv_lower_builtin(lv_lower *L, lv_expr *e, LLVMValueRef *args, const lv_type **arg_types,
                              uint32_t nargs) {
  if (e->overload == LV_B_MATH_GREATEST_N || e->overload == LV_B_MATH_LEAST_N)
    return lower_variadic_math(L, e, args, arg_types, nargs);
  const lv_type *rt;
  if (e->overload != LV_B_NONE) {
    const lv_builtin *bi = &L->prog->builtins[e->overload];
    if (any_dynamic(arg_types, nargs)) {
      bool done;
      LLVMValueRef r = generic_dyn(L, e, bi, args, arg_types, nargs, &done);
      if (done) return r;
    }
    if (args_need_tag_check(arg_types, nargs)) check_arg_tags(L, e, bi, args, arg_types, nargs);
    LLVMValueRef r = lv_lower_overload(L, e, e->overload, args, arg_types, nargs, &rt);
    return lv_convert(L, r, rt, e->type);
  }
  const lv_candidates *c = e->cands;
  if (c && c->n) {
    bool done;
    LLVMValueRef r = generic_dyn(L, e, &L->prog->builtins[c->ids[0]], args, arg_types, nargs, &done);
    if (done) return r;
  }
  /* Try each candidate in table order on the run-time tags of dyn args. */
  LLVMBasicBlockRef merge = lv_block(L, "dispatch.done");
  LLVMTypeRef rty = lv_llvm_type(L, e->type);
  LLVMValueRef vals[LV_B_COUNT];
  LLVMBasicBlockRef bbs[LV_B_COUNT];
  unsigned k = 0;
  LLVMValueRef boxed[17];
  for (uint32_t i = 0; i < nargs; i++)
    boxed[i] = arg_types[i]->kind == LV_T_DYN ? args[i] : NULL;
  for (uint32_t ci = 0; c && ci < c->n; ci++) {
    const lv_builtin *bi = &L->prog->builtins[c->ids[ci]];
    /* Candidates the static types already rule out never run. */
    if (!lv_overload_accepts(L->prog, c->ids[ci], arg_types, nargs)) continue;
    LLVMValueRef ok = LLVMConstInt(L->t_i1, 1, 0);
    for (uint32_t i = 0; i < nargs; i++)
      if (boxed[i]) ok = LLVMBuildAnd(L->b, ok, lv_tag_matches(L, boxed[i], bi->params[i]), "");
    LLVMBasicBlockRef take = lv_block(L, "dispatch.take"), next = lv_block(L, "dispatch.next");
    LLVMBuildCondBr(L->b, ok, take, next);
    LLVMPositionBuilderAtEnd(L->b, take);
    LLVMValueRef r = lv_lower_overload(L, e, c->ids[ci], args, arg_types, nargs, &rt);
    vals[k] = lv_convert(L, r, rt, e->type);
    bbs[k++] = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, merge);
    LLVMPositionBuilderAtEnd(L->b, next);
  }
  /* No candidate fits the run-time types. */
  fail_no_overload(L, e, c && c->n ? &L->prog->builtins[c->ids[0]] : NULL, args, arg_types, nargs);
  LLVMPositionBuilderAtEnd(L->b, merge);
  if (k == 0) {
    LLVMBuildUnreachable(L->b);
    LLVMPositionBuilderAtEnd(L->b, lv_block(L, "dead"));
    return LLVMGetUndef(rty);
  }
  LLVMValueRef phi = LLVMBuildPhi(L->b, rty, "dispatch");
  LLVMAddIncoming(phi, vals, bbs, k);
  return phi;
}
