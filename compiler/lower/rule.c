/* rule.c - the generated functions: one per rule `when`, one per action,
 * one for `levin eval`. Each has a single error exit that reports the
 * evaluation error to the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Orc.h>

#include "lower/lower_int.h"

void lv_lower_when_name(char *buf, size_t n, const char *prefix, uint32_t rule) {
  snprintf(buf, n, "%s_when_%u", prefix, rule);
}
void lv_lower_action_name(char *buf, size_t n, const char *prefix, uint32_t rule, uint32_t action) {
  snprintf(buf, n, "%s_act_%u_%u", prefix, rule, action);
}
void lv_lower_eval_name(char *buf, size_t n, const char *prefix) { snprintf(buf, n, "%s_eval", prefix); }

static void lower_init(lv_lower *L, lv_program *p, const char *prefix, const lv_lower_opts *opts) {
  memset(L, 0, sizeof *L);
  L->prog = p;
  if (opts) L->opts = *opts;
  L->prefix = prefix;
  /* ORC owns contexts through ThreadSafeContexts: build in one of those. */
  L->tsc = LLVMOrcCreateNewThreadSafeContext();
  L->ctx = LLVMOrcThreadSafeContextGetContext(L->tsc);
  L->mod = LLVMModuleCreateWithNameInContext(prefix, L->ctx);
  L->b = LLVMCreateBuilderInContext(L->ctx);
  lv_lower_types_init(L);
  L->consts = &L->own;
  L->vars = calloc(p->nvars + 1, sizeof *L->vars);
  L->var_types = calloc(p->nvars + 1, sizeof *L->var_types);
  L->let_mark = calloc(p->nlets + 1, sizeof *L->let_mark);
  L->let_val = calloc(p->nlets + 1, sizeof *L->let_val);
  L->let_err = calloc(p->nlets + 1, sizeof *L->let_err);
  if (!L->vars || !L->var_types || !L->let_mark || !L->let_val || !L->let_err) abort();
}

static void lower_finish(lv_lower *L, lv_lowered *out) {
  LLVMDisposeBuilder(L->b);
  free(L->vars);
  free(L->var_types);
  free(L->let_mark);
  free(L->let_val);
  free(L->let_err);
  free(L->lets_used);
  lv_const_strs_free(L);
  out->tsc = L->tsc;
  out->mod = L->mod;
  out->prefix = L->prefix;
  out->regexes = L->consts->regexes;
  out->nregexes = L->consts->nregexes;
}

/* Starts a function: entry block (allocas), body, and the error exit with
 * its phi. Returns the function. */
static LLVMValueRef begin_fn(lv_lower *L, const char *name, LLVMTypeRef *params, unsigned n) {
  LLVMTypeRef fnty = LLVMFunctionType(L->t_i32, params, n, 0);
  L->fn = LLVMAddFunction(L->mod, name, fnty);
  L->cx = LLVMGetParam(L->fn, 0);
  L->entry = LLVMAppendBasicBlockInContext(L->ctx, L->fn, "entry");
  LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(L->ctx, L->fn, "body");
  L->err_bb = LLVMAppendBasicBlockInContext(L->ctx, L->fn, "error");
  LLVMPositionBuilderAtEnd(L->b, L->err_bb);
  L->err_phi = LLVMBuildPhi(L->b, L->t_ptr, "err");
  LLVMPositionBuilderAtEnd(L->b, body);
  return L->fn;
}

/* Finishes the error exit: *errp = err; return 2. */
static void end_fn(lv_lower *L, LLVMValueRef errp) {
  LLVMPositionBuilderAtEnd(L->b, L->err_bb);
  LLVMBuildStore(L->b, L->err_phi, errp);
  LLVMBuildRet(L->b, lv_const_i32(L, 2));
  LLVMPositionBuilderAtEnd(L->b, L->entry);
  LLVMBuildBr(L->b, LLVMGetNextBasicBlock(L->entry));
}

/* --- lets ------------------------------------------------------------------------------ */

/* A let is a constant, so each generated function computes the lets it uses
 * once, at its start (let_prologue), and every reference takes that value:
 * the code of a let exists once per function however often it is referred
 * to, directly or through other lets, and lowering never recurses through a
 * chain of lets. An error computing a let is kept, and becomes the error of
 * each reference that is evaluated, as if the let were computed there. */

static bool let_is_literal(const lv_sym *let) {
  switch (let->decl->u.let.value->kind) {
  case LV_EX_NULL: case LV_EX_BOOL: case LV_EX_INT: case LV_EX_UINT: case LV_EX_DOUBLE: case LV_EX_STRING:
  case LV_EX_BYTES:
    return true;
  default: return false;
  }
}

static void use_let(lv_lower *L, const lv_sym *let) {
  if (let_is_literal(let) || L->let_mark[let->index] == L->let_gen) return;
  L->let_mark[let->index] = L->let_gen;
  L->let_val[let->index] = L->let_err[let->index] = NULL;
  if (L->nlets_used == L->caplets_used) {
    L->caplets_used = L->caplets_used ? L->caplets_used * 2 : 16;
    L->lets_used = realloc(L->lets_used, L->caplets_used * sizeof *L->lets_used);
    if (!L->lets_used) abort();
  }
  L->lets_used[L->nlets_used++] = let;
}

static void collect_lets(lv_lower *L, const lv_expr *e);

static void collect_child(void *L, const lv_expr *e) { collect_lets(L, e); }

/* The lets e refers to, and the lets the defs it calls refer to (a def's
 * body is walked at each call: the checker bounds that size, E0315). The
 * lets' own values are walked by let_prologue, not from here. */
static void collect_lets(lv_lower *L, const lv_expr *e) {
  if (!e) return;
  if (e->kind == LV_EX_IDENT && e->u.ident.sym && e->u.ident.sym->kind == LV_SYM_LET) use_let(L, e->u.ident.sym);
  lv_expr_each_child(e, collect_child, L);
  if (e->kind == LV_EX_CALL && e->u.call.def) collect_lets(L, e->u.call.def->decl->u.def.body);
}

static int by_let_index(const void *a, const void *b) {
  uint32_t x = (*(const lv_sym *const *)a)->index, y = (*(const lv_sym *const *)b)->index;
  return x < y ? -1 : x > y;
}

/* A let's value as its type. A declared type (`let xs: list<int> = ...`)
 * promises its elements, so a list or map from a dyn is checked element by
 * element there. */
static LLVMValueRef let_value(lv_lower *L, const lv_sym *let) {
  lv_expr *v = let->decl->u.let.value;
  if (!let->decl->u.let.type) return lv_lower_as(L, v, let->type);
  return lv_convert_checked(L, lv_lower_expr(L, v), v->type, let->type);
}

/* Starts a function: computes the lets its expressions use, in the order
 * the checker finished them (a let after the lets its value refers to). */
static void let_prologue_begin(lv_lower *L) {
  L->let_gen++;
  L->nlets_used = 0;
}

/* After let_prologue_begin and collect_lets of each expression of the
 * function. */
static void let_prologue(lv_lower *L) {
  for (uint32_t i = 0; i < L->nlets_used; i++) collect_lets(L, L->lets_used[i]->decl->u.let.value);
  if (L->nlets_used > 1) qsort(L->lets_used, L->nlets_used, sizeof *L->lets_used, by_let_index);
  for (uint32_t i = 0; i < L->nlets_used; i++) {
    const lv_sym *let = L->lets_used[i];
    LLVMTypeRef ty = lv_llvm_type(L, let->type);
    lv_err_target saved = lv_err_target_push(L, "let.err");
    LLVMBasicBlockRef failed = L->err_bb;
    LLVMValueRef err = L->err_phi;
    LLVMValueRef v = let_value(L, let);
    LLVMBasicBlockRef ok = LLVMGetInsertBlock(L->b), join = lv_block(L, "let.done");
    LLVMBuildBr(L->b, join);
    LLVMPositionBuilderAtEnd(L->b, failed);
    LLVMBuildBr(L->b, join);
    lv_err_target_pop(L, saved);
    LLVMPositionBuilderAtEnd(L->b, join);
    LLVMValueRef vphi = LLVMBuildPhi(L->b, ty, "let");
    LLVMValueRef undef = LLVMGetUndef(ty);
    LLVMAddIncoming(vphi, &v, &ok, 1);
    LLVMAddIncoming(vphi, &undef, &failed, 1);
    LLVMValueRef ephi = LLVMBuildPhi(L->b, L->t_ptr, "let.err");
    LLVMValueRef null = LLVMConstNull(L->t_ptr);
    LLVMAddIncoming(ephi, &null, &ok, 1);
    LLVMAddIncoming(ephi, &err, &failed, 1);
    L->let_val[let->index] = vphi;
    L->let_err[let->index] = ephi;
  }
}

LLVMValueRef lv_lower_let_ref(lv_lower *L, const lv_sym *let) {
  /* A literal is used in place (a constant). A let the prologue did not
   * compute (none should be left) is lowered here. */
  if (let_is_literal(let) || L->let_mark[let->index] != L->let_gen || !L->let_val[let->index])
    return let_value(L, let);
  LLVMValueRef err = L->let_err[let->index];
  LLVMBasicBlockRef bad = lv_block(L, "let.failed"), ok = lv_block(L, "let.ok");
  LLVMBuildCondBr(L->b, LLVMBuildIsNotNull(L->b, err, ""), bad, ok);
  LLVMPositionBuilderAtEnd(L->b, bad);
  lv_fail(L, err);
  LLVMPositionBuilderAtEnd(L->b, ok);
  return L->let_val[let->index];
}

static void bind_var(lv_lower *L, const lv_sym *s, LLVMValueRef v, const lv_type *t) {
  L->vars[s->index] = v;
  L->var_types[s->index] = t;
}

static void lower_when(lv_lower *L, lv_rule_info *r) {
  char name[128];
  lv_lower_when_name(name, sizeof name, L->prefix, r->index);
  LLVMTypeRef params[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef fn = begin_fn(L, name, params, 3);
  bind_var(L, r->binding, LLVMGetParam(fn, 1), r->binding->type);
  lv_expr *when = r->decl->u.rule.when;
  let_prologue_begin(L);
  collect_lets(L, when);
  let_prologue(L);
  LLVMValueRef v = when ? lv_lower_as(L, when, L->prog->types.bool_) : LLVMConstInt(L->t_i1, 1, 0);
  LLVMBuildRet(L->b, LLVMBuildZExt(L->b, v, L->t_i32, ""));
  end_fn(L, LLVMGetParam(fn, 2));
}

/* A ${...} value as one subject token (validated: no '.', '*', '>',
 * whitespace, or empty), then all parts joined. */
static LLVMValueRef lower_subject(lv_lower *L, lv_template *t) {
  lv_types *ts = &L->prog->types;
  LLVMTypeRef arr = LLVMArrayType2(L->t_str, t->n ? t->n : 1);
  LLVMValueRef parts = lv_alloca(L, arr, "parts");
  for (uint32_t i = 0; i < t->n; i++) {
    lv_tmpl_part *part = &t->parts[i];
    LLVMValueRef s;
    if (!part->is_expr) {
      s = lv_const_str(L, part->text, part->len);
    } else {
      LLVMValueRef v = lv_lower_expr(L, part->expr);
      LLVMValueRef boxed = lv_spill(L, lv_convert(L, v, part->expr->type, ts->dyn), L->t_value);
      LLVMValueRef op = lv_alloca(L, L->t_ptr, "tok.p"), on = lv_alloca(L, L->t_i64, "tok.n");
      LLVMTypeRef pt[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr};
      LLVMValueRef a[4] = {L->cx, op, on, boxed};
      lv_fail_if_err(L, lv_call(L, "lv_builtin_subject_token", L->t_ptr, pt, a, 4));
      s = lv_make2(L, L->t_str, LLVMBuildLoad2(L->b, L->t_ptr, op, ""), LLVMBuildLoad2(L->b, L->t_i64, on, ""));
    }
    LLVMValueRef idx[2] = {lv_const_i64(L, 0), lv_const_i64(L, i)};
    LLVMBuildStore(L->b, s, LLVMBuildGEP2(L->b, arr, parts, idx, 2, ""));
  }
  LLVMValueRef op = lv_alloca(L, L->t_ptr, "subj.p"), on = lv_alloca(L, L->t_i64, "subj.n");
  LLVMTypeRef pt[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i32};
  LLVMValueRef a[5] = {L->cx, op, on, parts, lv_const_i32(L, t->n)};
  lv_fail_if_err(L, lv_call(L, "lv_builtin_join_parts", L->t_ptr, pt, a, 5));
  return lv_make2(L, L->t_str, LLVMBuildLoad2(L->b, L->t_ptr, op, ""), LLVMBuildLoad2(L->b, L->t_i64, on, ""));
}

/* lv_action_out field addresses: {ptr subject, i64 len, lv_value payload}. */
static void lower_action(lv_lower *L, lv_rule_info *r, uint32_t ai) {
  lv_action *act = r->decl->u.rule.actions.items[ai];
  char name[128];
  lv_lower_action_name(name, sizeof name, L->prefix, r->index, ai);
  LLVMTypeRef params[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef fn = begin_fn(L, name, params, 4);
  bind_var(L, r->binding, LLVMGetParam(fn, 1), r->binding->type);
  LLVMTypeRef outty = LLVMStructTypeInContext(L->ctx, (LLVMTypeRef[]){L->t_ptr, L->t_i64, L->t_value}, 3, 0);
  LLVMValueRef out = LLVMGetParam(fn, 2);
  lv_types *ts = &L->prog->types;
  let_prologue_begin(L);
  if (act->kind == LV_A_PUBLISH) {
    for (uint32_t i = 0; i < act->subject->n; i++) collect_lets(L, act->subject->parts[i].expr);
    collect_lets(L, act->payload);
  } else {
    collect_lets(L, act->message);
  }
  let_prologue(L);
  if (act->kind == LV_A_PUBLISH) {
    LLVMValueRef subj = lower_subject(L, act->subject);
    LLVMValueRef payload = lv_lower_expr(L, act->payload);
    const lv_type *pt = act->payload->type;
    LLVMValueRef boxed = lv_convert(L, payload, pt, ts->dyn);
    if (pt->kind == LV_T_DYN) {
      /* A dyn payload must turn out to be a message or a map. */
      LLVMValueRef tag = lv_extract(L, boxed, 0);
      LLVMValueRef ok = LLVMBuildOr(L->b, LLVMBuildICmp(L->b, LLVMIntEQ, tag, lv_const_i32(L, LV_MAP), ""),
                                    LLVMBuildICmp(L->b, LLVMIntEQ, tag, lv_const_i32(L, LV_MSG), ""), "");
      lv_check_or_fail(L, ok, LV_E_INVALID_ARG);
    }
    LLVMBuildStore(L->b, lv_extract(L, subj, 0), LLVMBuildStructGEP2(L->b, outty, out, 0, ""));
    LLVMBuildStore(L->b, lv_extract(L, subj, 1), LLVMBuildStructGEP2(L->b, outty, out, 1, ""));
    LLVMBuildStore(L->b, boxed, LLVMBuildStructGEP2(L->b, outty, out, 2, ""));
  } else {
    LLVMValueRef msg = lv_lower_expr(L, act->message);
    LLVMBuildStore(L->b, lv_convert(L, msg, act->message->type, ts->dyn), LLVMBuildStructGEP2(L->b, outty, out, 2, ""));
  }
  LLVMBuildRet(L->b, lv_const_i32(L, 0));
  end_fn(L, LLVMGetParam(fn, 3));
}

static bool verify(lv_lower *L) {
  char *msg = NULL;
  if (LLVMVerifyModule(L->mod, LLVMReturnStatusAction, &msg)) {
    lv_diag *g = lv_diag_add_path(L->prog->diags, LV_D_CODEGEN, "<generated>",
                                  "internal error: the generated code is invalid; please report this");
    lv_diag_note(g, L->prog->diags, NULL, lv_span_make(0, 0), "%.*s", 400, msg ? msg : "");
    if (getenv("LEVIN_DUMP_IR")) LLVMDumpModule(L->mod);
    LLVMDisposeMessage(msg);
    return false;
  }
  LLVMDisposeMessage(msg);
  return true;
}

bool lv_lower_program(lv_lowered *out, lv_program *p, const char *prefix, const lv_lower_opts *opts) {
  return lv_lower_rules(out, p, prefix, 0, p->nrules, NULL, opts);
}

bool lv_lower_rules(lv_lowered *out, lv_program *p, const char *prefix, uint32_t first, uint32_t end,
                    lv_lower_consts *consts, const lv_lower_opts *opts) {
  lv_lower L;
  lower_init(&L, p, prefix, opts);
  if (consts) L.consts = consts;
  for (uint32_t i = first; i < end && i < p->nrules; i++) {
    lv_rule_info *r = p->rules[i];
    if (!r->stream) continue;
    lower_when(&L, r);
    for (uint32_t a = 0; a < r->decl->u.rule.actions.n; a++) lower_action(&L, r, a);
  }
  bool ok = verify(&L);
  lower_finish(&L, out);
  return ok;
}

bool lv_lower_eval(lv_lowered *out, lv_program *p, lv_expr *e, lv_sym **vars, uint32_t nvars,
                   lv_sym *event_sym, const char *prefix, const lv_lower_opts *opts) {
  lv_lower L;
  lower_init(&L, p, prefix, opts);
  char name[128];
  lv_lower_eval_name(name, sizeof name, prefix);
  LLVMTypeRef params[5] = {L.t_ptr, L.t_ptr, L.t_ptr, L.t_ptr, L.t_ptr};
  LLVMValueRef fn = begin_fn(&L, name, params, 5);
  LLVMValueRef varr = LLVMGetParam(fn, 1);
  for (uint32_t i = 0; i < nvars; i++) {
    LLVMValueRef pv = LLVMBuildGEP2(L.b, L.t_value, varr, (LLVMValueRef[]){lv_const_i64(&L, i)}, 1, "");
    LLVMValueRef boxed = LLVMBuildLoad2(L.b, L.t_value, pv, vars[i]->name);
    /* Bound as dyn: each use converts (and checks) it, so an unbound or
     * ill-typed variable fails only where it is evaluated. */
    bind_var(&L, vars[i], boxed, p->types.dyn);
  }
  if (event_sym) bind_var(&L, event_sym, LLVMGetParam(fn, 2), event_sym->type);
  let_prologue_begin(&L);
  collect_lets(&L, e);
  let_prologue(&L);
  LLVMValueRef v = lv_lower_expr(&L, e);
  LLVMBuildStore(L.b, lv_convert(&L, v, e->type, p->types.dyn), LLVMGetParam(fn, 3));
  LLVMBuildRet(L.b, lv_const_i32(&L, 0));
  end_fn(&L, LLVMGetParam(fn, 4));
  bool ok = verify(&L);
  lower_finish(&L, out);
  return ok;
}

void lv_lowered_dispose(lv_lowered *l) {
  if (l->mod) LLVMDisposeModule(l->mod);
  if (l->tsc) LLVMOrcDisposeThreadSafeContext(l->tsc);
  l->mod = NULL;
  l->tsc = NULL;
}
