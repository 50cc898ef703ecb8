/* util.c - small IR-building helpers: constants, blocks, calls, errors. */
#include <stdlib.h>
#include <string.h>

#include "lower/lower_int.h"

LLVMValueRef lv_const_i32(lv_lower *L, uint32_t v) { return LLVMConstInt(L->t_i32, v, 0); }
LLVMValueRef lv_const_i64(lv_lower *L, uint64_t v) { return LLVMConstInt(L->t_i64, v, 0); }

LLVMBasicBlockRef lv_block(lv_lower *L, const char *name) {
  return LLVMAppendBasicBlockInContext(L->ctx, L->fn, name);
}

void lv_goto(lv_lower *L, LLVMBasicBlockRef bb) {
  LLVMBuildBr(L->b, bb);
  LLVMPositionBuilderAtEnd(L->b, bb);
}

LLVMValueRef lv_alloca(lv_lower *L, LLVMTypeRef t, const char *name) {
  /* Allocas in the entry block, so SROA/mem2reg can promote them. */
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
  LLVMValueRef first = LLVMGetFirstInstruction(L->entry);
  if (first) LLVMPositionBuilderBefore(L->b, first);
  else LLVMPositionBuilderAtEnd(L->b, L->entry);
  LLVMValueRef a = LLVMBuildAlloca(L->b, t, name);
  LLVMPositionBuilderAtEnd(L->b, cur);
  return a;
}

LLVMValueRef lv_spill(lv_lower *L, LLVMValueRef v, LLVMTypeRef t) {
  LLVMValueRef slot = lv_alloca(L, t, "spill");
  LLVMBuildStore(L->b, v, slot);
  return slot;
}

LLVMValueRef lv_extract(lv_lower *L, LLVMValueRef agg, unsigned i) {
  return LLVMBuildExtractValue(L->b, agg, i, "");
}

LLVMValueRef lv_make2(lv_lower *L, LLVMTypeRef t, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef v = LLVMGetUndef(t);
  v = LLVMBuildInsertValue(L->b, v, a, 0, "");
  return LLVMBuildInsertValue(L->b, v, b, 1, "");
}

LLVMValueRef lv_make_value(lv_lower *L, uint32_t tag, LLVMValueRef aux, LLVMValueRef payload) {
  LLVMValueRef v = LLVMGetUndef(L->t_value);
  v = LLVMBuildInsertValue(L->b, v, lv_const_i32(L, tag), 0, "");
  v = LLVMBuildInsertValue(L->b, v, aux ? aux : lv_const_i32(L, 0), 1, "");
  return LLVMBuildInsertValue(L->b, v, payload ? payload : lv_const_i64(L, 0), 2, "");
}

/* Strings are private constant globals, one per distinct content. */
typedef struct lv_const_strs {
  char **keys;
  size_t *lens;
  LLVMValueRef *globals;
  uint32_t n, cap;
} lv_const_strs;

LLVMValueRef lv_const_cstr_ptr(lv_lower *L, const char *s, size_t n) {
  if (!L->strs) {
    L->strs = calloc(1, sizeof *L->strs);
    if (!L->strs) abort();
  }
  lv_const_strs *cs = L->strs;
  for (uint32_t i = 0; i < cs->n; i++)
    if (cs->lens[i] == n && memcmp(cs->keys[i], s, n) == 0) return cs->globals[i];
  LLVMValueRef init = LLVMConstStringInContext(L->ctx, s, (unsigned)n, 0); /* NUL-terminated */
  LLVMValueRef g = LLVMAddGlobal(L->mod, LLVMTypeOf(init), "str");
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  if (cs->n == cs->cap) {
    cs->cap = cs->cap ? cs->cap * 2 : 64;
    cs->keys = realloc(cs->keys, cs->cap * sizeof *cs->keys);
    cs->lens = realloc(cs->lens, cs->cap * sizeof *cs->lens);
    cs->globals = realloc(cs->globals, cs->cap * sizeof *cs->globals);
    if (!cs->keys || !cs->lens || !cs->globals) abort();
  }
  cs->keys[cs->n] = malloc(n + 1);
  if (!cs->keys[cs->n]) abort();
  memcpy(cs->keys[cs->n], s, n);
  cs->lens[cs->n] = n;
  cs->globals[cs->n] = g;
  cs->n++;
  return g;
}

void lv_const_strs_free(lv_lower *L) {
  lv_const_strs *cs = L->strs;
  if (!cs) return;
  for (uint32_t i = 0; i < cs->n; i++) free(cs->keys[i]);
  free(cs->keys);
  free(cs->lens);
  free(cs->globals);
  free(cs);
  L->strs = NULL;
}

LLVMValueRef lv_const_str(lv_lower *L, const char *s, size_t n) {
  LLVMValueRef fields[2] = {lv_const_cstr_ptr(L, s, n), lv_const_i64(L, n)};
  return LLVMConstNamedStruct(L->t_str, fields, 2);
}

LLVMValueRef lv_fn_decl(lv_lower *L, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                        unsigned n, LLVMTypeRef *fnty_out) {
  LLVMTypeRef fnty = LLVMFunctionType(ret, params, n, 0);
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, name);
  if (!f) {
    f = LLVMAddFunction(L->mod, name, fnty);
    LLVMSetLinkage(f, LLVMExternalLinkage);
  }
  if (fnty_out) *fnty_out = fnty;
  return f;
}

LLVMValueRef lv_call(lv_lower *L, const char *name, LLVMTypeRef ret, LLVMTypeRef *ptypes,
                     LLVMValueRef *args, unsigned n) {
  LLVMTypeRef fnty;
  LLVMValueRef f = lv_fn_decl(L, name, ret, ptypes, n, &fnty);
  return LLVMBuildCall2(L->b, fnty, f, args, n, "");
}

void lv_fail(lv_lower *L, LLVMValueRef err) {
  LLVMBasicBlockRef here = LLVMGetInsertBlock(L->b);
  LLVMAddIncoming(L->err_phi, &err, &here, 1);
  LLVMBuildBr(L->b, L->err_bb);
}

LLVMValueRef lv_static_err(lv_lower *L, lv_errcode code) {
  LLVMTypeRef pt[1] = {L->t_i32};
  LLVMValueRef a[1] = {lv_const_i32(L, code)};
  return lv_call(L, "lv_err_static", L->t_ptr, pt, a, 1);
}

void lv_check_or_fail(lv_lower *L, LLVMValueRef ok, lv_errcode code) {
  LLVMBasicBlockRef good = lv_block(L, "ok"), bad = lv_block(L, "fail");
  LLVMBuildCondBr(L->b, ok, good, bad);
  LLVMPositionBuilderAtEnd(L->b, bad);
  lv_fail(L, lv_static_err(L, code));
  LLVMPositionBuilderAtEnd(L->b, good);
}

void lv_fail_if_err(lv_lower *L, LLVMValueRef err) {
  LLVMBasicBlockRef good = lv_block(L, "ok"), bad = lv_block(L, "fail");
  LLVMValueRef isnull = LLVMBuildIsNull(L->b, err, "");
  LLVMBuildCondBr(L->b, isnull, good, bad);
  LLVMPositionBuilderAtEnd(L->b, bad);
  lv_fail(L, err);
  LLVMPositionBuilderAtEnd(L->b, good);
}

lv_err_target lv_err_target_push(lv_lower *L, const char *name) {
  lv_err_target saved = {L->err_bb, L->err_phi};
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
  L->err_bb = lv_block(L, name);
  LLVMPositionBuilderAtEnd(L->b, L->err_bb);
  L->err_phi = LLVMBuildPhi(L->b, L->t_ptr, "err");
  LLVMPositionBuilderAtEnd(L->b, cur);
  return saved;
}

void lv_err_target_pop(lv_lower *L, lv_err_target saved) {
  L->err_bb = saved.bb;
  L->err_phi = saved.phi;
}
