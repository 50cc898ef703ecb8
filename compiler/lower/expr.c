/* expr.c - lowering expressions: literals, names, field access, logic with
 * CEL's error absorption, the ternary, containers, messages, macros, and
 * inlined defs. Calls and operators are in call.c. */
#include <string.h>

#include "lower/lower_int.h"

static LLVMValueRef lower_err_new(lv_lower *L, const char *helper, const char *s, size_t n) {
  LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_i64};
  LLVMValueRef a[3] = {L->cx, lv_const_cstr_ptr(L, s, n), lv_const_i64(L, n)};
  return lv_call(L, helper, L->t_ptr, pt, a, 3);
}

LLVMValueRef lv_lower_as(lv_lower *L, lv_expr *e, const lv_type *to) {
  return lv_convert(L, lv_lower_expr(L, e), e->type, to);
}

/* --- messages -------------------------------------------------------------------------- */

static LLVMValueRef presence_bit(lv_lower *L, LLVMValueRef msg, uint32_t index) {
  LLVMValueRef wp = LLVMBuildGEP2(L->b, L->t_i64, msg, (LLVMValueRef[]){lv_const_i64(L, index / 64)}, 1, "");
  LLVMValueRef w = LLVMBuildLoad2(L->b, L->t_i64, wp, "presence");
  LLVMValueRef bit = LLVMBuildAnd(L->b, w, lv_const_i64(L, 1ULL << (index % 64)), "");
  return LLVMBuildICmp(L->b, LLVMIntNE, bit, lv_const_i64(L, 0), "present");
}

static LLVMValueRef field_ptr(lv_lower *L, LLVMValueRef msg, uint32_t offset) {
  return LLVMBuildGEP2(L->b, L->t_i8, msg, (LLVMValueRef[]){lv_const_i64(L, offset)}, 1, "");
}

static LLVMValueRef load_slot(lv_lower *L, LLVMValueRef msg, const lv_field *f, const lv_type *t) {
  LLVMValueRef p = field_ptr(L, msg, f->offset);
  if (t->kind == LV_T_BOOL) {
    LLVMValueRef byte = LLVMBuildLoad2(L->b, L->t_i8, p, "");
    return LLVMBuildICmp(L->b, LLVMIntNE, byte, LLVMConstInt(L->t_i8, 0, 0), "");
  }
  return LLVMBuildLoad2(L->b, lv_llvm_type(L, t), p, f->name);
}

LLVMValueRef lv_load_field(lv_lower *L, LLVMValueRef msg, lv_schema_info *s, uint32_t idx) {
  const lv_field *f = &s->rt->fields[idx];
  lv_field_info *fi = &s->fields[idx];
  if (fi->optional) {
    LLVMBasicBlockRef good = lv_block(L, "field.present"), bad = lv_block(L, "field.absent");
    LLVMBuildCondBr(L->b, presence_bit(L, msg, f->index), good, bad);
    LLVMPositionBuilderAtEnd(L->b, bad);
    lv_fail(L, lower_err_new(L, "lv_err_no_field", fi->name, strlen(fi->name)));
    LLVMPositionBuilderAtEnd(L->b, good);
  }
  return load_slot(L, msg, f, fi->type);
}

/* Optional selection msg.?f: optional.of(value) if present, else none. */
static LLVMValueRef optional_of_boxed(lv_lower *L, LLVMValueRef boxed) {
  LLVMTypeRef pt[2] = {L->t_ptr, L->t_ptr};
  LLVMValueRef a[2] = {L->cx, lv_spill(L, boxed, L->t_value)};
  LLVMValueRef out = lv_alloca(L, L->t_value, "opt");
  LLVMTypeRef pt3[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef a3[3] = {L->cx, out, a[1]};
  (void)pt;
  lv_fail_if_err(L, lv_call(L, "lv_builtin_optional_of", L->t_ptr, pt3, a3, 3));
  return LLVMBuildLoad2(L->b, L->t_value, out, "");
}

/* --- lists ------------------------------------------------------------------------------ */

LLVMValueRef lv_list_item(lv_lower *L, LLVMValueRef list, LLVMValueRef index, const lv_type *elem) {
  LLVMValueRef ip = LLVMBuildStructGEP2(L->b, L->t_list, list, 1, "");
  LLVMValueRef items = LLVMBuildLoad2(L->b, L->t_ptr, ip, "items");
  LLVMValueRef p = LLVMBuildGEP2(L->b, L->t_value, items, &index, 1, "");
  LLVMValueRef boxed = LLVMBuildLoad2(L->b, L->t_value, p, "item");
  return lv_convert(L, boxed, L->prog->types.dyn, elem);
}

static LLVMValueRef list_len(lv_lower *L, LLVMValueRef list) {
  LLVMValueRef lp = LLVMBuildStructGEP2(L->b, L->t_list, list, 0, "");
  return LLVMBuildZExt(L->b, LLVMBuildLoad2(L->b, L->t_i32, lp, "len"), L->t_i64, "");
}

/* A new list with room for n items (n may be a run-time value). */
static LLVMValueRef list_new(lv_lower *L, LLVMValueRef n) {
  LLVMTypeRef pt[2] = {L->t_ptr, L->t_i32};
  LLVMValueRef a[2] = {L->cx, LLVMBuildTrunc(L->b, n, L->t_i32, "")};
  LLVMValueRef l = lv_call(L, "lv_list_new", L->t_ptr, pt, a, 2);
  lv_check_or_fail(L, LLVMBuildIsNotNull(L->b, l, ""), LV_E_RESOURCE);
  return l;
}

static void list_set(lv_lower *L, LLVMValueRef list, LLVMValueRef index, LLVMValueRef boxed) {
  LLVMValueRef ip = LLVMBuildStructGEP2(L->b, L->t_list, list, 1, "");
  LLVMValueRef items = LLVMBuildLoad2(L->b, L->t_ptr, ip, "items");
  LLVMValueRef p = LLVMBuildGEP2(L->b, L->t_value, items, &index, 1, "");
  LLVMBuildStore(L->b, boxed, p);
}

static void list_set_len(lv_lower *L, LLVMValueRef list, LLVMValueRef n) {
  LLVMValueRef lp = LLVMBuildStructGEP2(L->b, L->t_list, list, 0, "");
  LLVMBuildStore(L->b, LLVMBuildTrunc(L->b, n, L->t_i32, ""), lp);
}

LLVMValueRef lv_list_build(lv_lower *L, LLVMValueRef *boxed, uint32_t n) {
  LLVMValueRef l = list_new(L, lv_const_i64(L, n));
  for (uint32_t i = 0; i < n; i++) list_set(L, l, lv_const_i64(L, i), boxed[i]);
  return l;
}

/* An entry marked `?` ([?x], {?k: v}, Msg{?f: v}): when its optional has no
 * value the entry is left out. Branches past the entry's code (to the block
 * returned in *skip, which the caller enters after it) and returns the
 * boxed value inside. An unmarked entry is just boxed. */
static LLVMValueRef entry_value(lv_lower *L, const lv_entry *en, LLVMValueRef v, LLVMBasicBlockRef *skip) {
  *skip = NULL;
  if (!en->optional) return lv_box(L, v, en->value->type);
  lv_types *t = &L->prog->types;
  LLVMValueRef opt = lv_convert(L, v, en->value->type, lv_type_optional_of(t, t->dyn));
  LLVMValueRef ptr = LLVMBuildIntToPtr(L->b, lv_extract(L, opt, 2), L->t_ptr, "");
  LLVMBasicBlockRef has = lv_block(L, "opt.has");
  *skip = lv_block(L, "opt.next");
  LLVMBuildCondBr(L->b, LLVMBuildIsNotNull(L->b, ptr, ""), has, *skip);
  LLVMPositionBuilderAtEnd(L->b, has);
  return LLVMBuildLoad2(L->b, L->t_value, ptr, "");
}

/* cond ? optional.of(...) : optional.none(). opt_begin branches and leaves
 * the builder where the caller computes the value; opt_end joins. */
typedef struct opt_split {
  LLVMBasicBlockRef none, done;
} opt_split;

static opt_split opt_begin(lv_lower *L, LLVMValueRef present) {
  opt_split sp = {lv_block(L, "opt.none"), lv_block(L, "opt.done")};
  LLVMBasicBlockRef some = lv_block(L, "opt.some");
  LLVMBuildCondBr(L->b, present, some, sp.none);
  LLVMPositionBuilderAtEnd(L->b, some);
  return sp;
}

/* some: the optional value (already an optional lv_value). */
static LLVMValueRef opt_end(lv_lower *L, opt_split sp, LLVMValueRef some) {
  LLVMBasicBlockRef some_end = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, sp.done);
  LLVMPositionBuilderAtEnd(L->b, sp.none);
  LLVMValueRef none = lv_make_value(L, LV_OPTIONAL, NULL, NULL);
  LLVMBuildBr(L->b, sp.done);
  LLVMPositionBuilderAtEnd(L->b, sp.done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->t_value, "opt");
  LLVMValueRef vals[2] = {some, none};
  LLVMBasicBlockRef bbs[2] = {some_end, sp.none};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

static LLVMValueRef lower_list(lv_lower *L, lv_expr *e) {
  LLVMValueRef k = lv_const_container(L, e);
  if (k) return k;
  uint32_t n = e->u.list.entries.n;
  LLVMValueRef l = list_new(L, lv_const_i64(L, n));
  LLVMValueRef count = lv_alloca(L, L->t_i64, "count");
  LLVMBuildStore(L->b, lv_const_i64(L, 0), count);
  for (uint32_t i = 0; i < n; i++) {
    lv_entry *en = &e->u.list.entries.items[i];
    LLVMBasicBlockRef next;
    LLVMValueRef boxed = entry_value(L, en, lv_lower_expr(L, en->value), &next);
    LLVMValueRef c = LLVMBuildLoad2(L->b, L->t_i64, count, "");
    list_set(L, l, c, boxed);
    LLVMBuildStore(L->b, LLVMBuildAdd(L->b, c, lv_const_i64(L, 1), ""), count);
    if (next) lv_goto(L, next);
  }
  list_set_len(L, l, LLVMBuildLoad2(L->b, L->t_i64, count, ""));
  return l;
}

static LLVMValueRef lower_map(lv_lower *L, lv_expr *e) {
  LLVMValueRef k = lv_const_container(L, e);
  if (k) return k;
  uint32_t n = e->u.list.entries.n;
  LLVMTypeRef arr = LLVMArrayType2(L->t_value, n ? n : 1);
  LLVMValueRef keys = lv_alloca(L, arr, "keys"), vals = lv_alloca(L, arr, "vals");
  LLVMValueRef count = lv_alloca(L, L->t_i64, "count");
  LLVMBuildStore(L->b, lv_const_i64(L, 0), count);
  for (uint32_t i = 0; i < n; i++) {
    lv_entry *en = &e->u.list.entries.items[i];
    LLVMValueRef key = lv_box(L, lv_lower_expr(L, en->key), en->key->type);
    LLVMBasicBlockRef next;
    LLVMValueRef boxed = entry_value(L, en, lv_lower_expr(L, en->value), &next);
    LLVMValueRef c = LLVMBuildLoad2(L->b, L->t_i64, count, "");
    LLVMValueRef idx[2] = {lv_const_i64(L, 0), c};
    LLVMBuildStore(L->b, key, LLVMBuildGEP2(L->b, arr, keys, idx, 2, ""));
    LLVMBuildStore(L->b, boxed, LLVMBuildGEP2(L->b, arr, vals, idx, 2, ""));
    LLVMBuildStore(L->b, LLVMBuildAdd(L->b, c, lv_const_i64(L, 1), ""), count);
    if (next) lv_goto(L, next);
  }
  LLVMValueRef out = lv_alloca(L, L->t_ptr, "map");
  LLVMTypeRef pt[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i32};
  LLVMValueRef a[5] = {L->cx, out, keys, vals,
                       LLVMBuildTrunc(L->b, LLVMBuildLoad2(L->b, L->t_i64, count, ""), L->t_i32, "")};
  lv_fail_if_err(L, lv_call(L, "lv_map_new", L->t_ptr, pt, a, 5));
  return LLVMBuildLoad2(L->b, L->t_ptr, out, "");
}

/* Schema{f: v}: a struct in the evaluation arena, laid out as decoded events. */
static LLVMValueRef lower_message(lv_lower *L, lv_expr *e) {
  lv_schema_info *si = e->u.message.schema->schema;
  lv_schema *rs = si->rt;
  LLVMTypeRef pt[2] = {L->t_ptr, L->t_i64};
  LLVMValueRef a[2] = {L->cx, lv_const_i64(L, rs->size)};
  LLVMValueRef msg = lv_call(L, "lv_builtin_alloc_zeroed", L->t_ptr, pt, a, 2);
  lv_check_or_fail(L, LLVMBuildIsNotNull(L->b, msg, ""), LV_E_RESOURCE);
  bool *given = lv_arena_calloc(L->prog->arena, si->nfields + 1, sizeof *given);
  for (uint32_t i = 0; i < e->u.message.entries.n; i++) {
    lv_entry *en = &e->u.message.entries.items[i];
    uint32_t idx = en->field_index;
    given[idx] = true;
    const lv_field *f = &rs->fields[idx];
    const lv_type *ft = si->fields[idx].type;
    if (en->value->type->kind == LV_T_NULL) continue; /* null leaves an optional field unset */
    LLVMValueRef v = lv_lower_expr(L, en->value);
    LLVMBasicBlockRef next = NULL;
    if (en->optional) v = lv_convert_checked(L, entry_value(L, en, v, &next), L->prog->types.dyn, ft);
    else v = lv_convert_checked(L, v, en->value->type, ft);
    LLVMValueRef p = field_ptr(L, msg, f->offset);
    if (ft->kind == LV_T_BOOL) v = LLVMBuildZExt(L->b, v, L->t_i8, "");
    LLVMBuildStore(L->b, v, p);
    LLVMValueRef wp = field_ptr(L, msg, (f->index / 64) * 8);
    LLVMValueRef w = LLVMBuildLoad2(L->b, L->t_i64, wp, "");
    LLVMBuildStore(L->b, LLVMBuildOr(L->b, w, lv_const_i64(L, 1ULL << (f->index % 64)), ""), wp);
    if (next) lv_goto(L, next);
  }
  /* Defaults of fields not given. */
  for (uint32_t i = 0; i < si->nfields; i++) {
    if (given[i] || !si->fields[i].dflt) continue;
    const lv_field *f = &rs->fields[i];
    LLVMValueRef v = lv_lower_as(L, si->fields[i].dflt, si->fields[i].type);
    if (si->fields[i].type->kind == LV_T_BOOL) v = LLVMBuildZExt(L->b, v, L->t_i8, "");
    LLVMBuildStore(L->b, v, field_ptr(L, msg, f->offset));
    LLVMValueRef wp = field_ptr(L, msg, (f->index / 64) * 8);
    LLVMValueRef w = LLVMBuildLoad2(L->b, L->t_i64, wp, "");
    LLVMBuildStore(L->b, LLVMBuildOr(L->b, w, lv_const_i64(L, 1ULL << (f->index % 64)), ""), wp);
  }
  return msg;
}

/* --- names --------------------------------------------------------------------------------- */

static LLVMValueRef type_value(lv_lower *L, const lv_type *named) {
  if (!named) return lv_make_value(L, LV_TYPE, lv_const_i32(L, LV_TYPE), NULL);
  uint32_t tag = lv_type_tag(named);
  if (named->kind == LV_T_DYN) tag = LV_TAG_COUNT; /* the dyn type */
  LLVMValueRef payload = named->kind == LV_T_MSG ? lv_const_i64(L, ((lv_schema_info *)named->schema)->index) : NULL;
  return lv_make_value(L, LV_TYPE, lv_const_i32(L, tag), payload);
}

static LLVMValueRef lower_ident(lv_lower *L, lv_expr *e) {
  const lv_sym *s = e->u.ident.sym;
  if (!s) {
    /* Unchecked mode: a name nothing declares fails when evaluated. */
    lv_fail(L, lower_err_new(L, "lv_builtin_undeclared", e->u.ident.name, strlen(e->u.ident.name)));
    LLVMPositionBuilderAtEnd(L->b, lv_block(L, "dead"));
    return LLVMGetUndef(lv_llvm_type(L, e->type));
  }
  switch (s->kind) {
  case LV_SYM_VAR: return lv_convert(L, L->vars[s->index], L->var_types[s->index], e->type);
  case LV_SYM_LET: return lv_convert(L, lv_lower_let_ref(L, s), s->type, e->type);
  case LV_SYM_SCHEMA:
  case LV_SYM_TYPE: return type_value(L, s->type->a);
  default: return LLVMGetUndef(lv_llvm_type(L, e->type));
  }
}

/* --- selection ------------------------------------------------------------------------------- */

static LLVMValueRef map_find_str(lv_lower *L, LLVMValueRef map, const char *key, size_t n) {
  LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_i64};
  LLVMValueRef a[3] = {map, lv_const_cstr_ptr(L, key, n), lv_const_i64(L, n)};
  return lv_call(L, "lv_map_find_str", L->t_ptr, pt, a, 3);
}

/* Selects field on a value of type ot; optional: produce optional.of/none
 * instead of failing when absent. */
static LLVMValueRef select_on(lv_lower *L, lv_expr *e, LLVMValueRef v, const lv_type *ot, bool optional,
                              const lv_type **rtype) {
  const char *f = e->u.select.field.name;
  size_t fn = strlen(f);
  lv_types *t = &L->prog->types;
  if (ot->kind == LV_T_MSG) {
    lv_schema_info *si = (lv_schema_info *)ot->schema;
    uint32_t idx = e->u.select.field_index;
    *rtype = si->fields[idx].type;
    if (!optional) return lv_load_field(L, v, si, idx);
    const lv_field *rf = &si->rt->fields[idx];
    opt_split sp = opt_begin(L, presence_bit(L, v, rf->index));
    LLVMValueRef of = optional_of_boxed(L, lv_box(L, load_slot(L, v, rf, si->fields[idx].type), si->fields[idx].type));
    *rtype = lv_type_optional_of(t, si->fields[idx].type);
    return opt_end(L, sp, of);
  }
  if (ot->kind == LV_T_MAP) {
    *rtype = ot->b;
    LLVMValueRef found = map_find_str(L, v, f, fn);
    if (!optional) {
      LLVMBasicBlockRef good = lv_block(L, "key.found"), bad = lv_block(L, "key.missing");
      LLVMBuildCondBr(L->b, LLVMBuildIsNotNull(L->b, found, ""), good, bad);
      LLVMPositionBuilderAtEnd(L->b, bad);
      lv_fail(L, lower_err_new(L, "lv_err_no_key", f, fn));
      LLVMPositionBuilderAtEnd(L->b, good);
      return lv_convert(L, LLVMBuildLoad2(L->b, L->t_value, found, ""), t->dyn, ot->b);
    }
    opt_split sp = opt_begin(L, LLVMBuildIsNotNull(L->b, found, ""));
    LLVMValueRef of = optional_of_boxed(L, LLVMBuildLoad2(L->b, L->t_value, found, ""));
    *rtype = lv_type_optional_of(t, ot->b);
    return opt_end(L, sp, of);
  }
  /* dyn */
  LLVMValueRef in = lv_spill(L, lv_convert(L, v, ot, t->dyn), L->t_value);
  if (optional) {
    LLVMValueRef has = lv_alloca(L, L->t_i8, "has");
    LLVMTypeRef hpt[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i64};
    LLVMValueRef ha[5] = {L->cx, has, in, lv_const_cstr_ptr(L, f, fn), lv_const_i64(L, fn)};
    lv_fail_if_err(L, lv_call(L, "lv_dyn_has", L->t_ptr, hpt, ha, 5));
    LLVMValueRef hv = LLVMBuildICmp(L->b, LLVMIntNE, LLVMBuildLoad2(L->b, L->t_i8, has, ""), LLVMConstInt(L->t_i8, 0, 0), "");
    opt_split sp = opt_begin(L, hv);
    LLVMValueRef out = lv_alloca(L, L->t_value, "sel");
    LLVMValueRef sa[5] = {L->cx, out, in, lv_const_cstr_ptr(L, f, fn), lv_const_i64(L, fn)};
    lv_fail_if_err(L, lv_call(L, "lv_dyn_select", L->t_ptr, hpt, sa, 5));
    LLVMValueRef of = optional_of_boxed(L, LLVMBuildLoad2(L->b, L->t_value, out, ""));
    *rtype = lv_type_optional_of(t, t->dyn);
    return opt_end(L, sp, of);
  }
  LLVMValueRef out = lv_alloca(L, L->t_value, "sel");
  LLVMTypeRef pt[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i64};
  LLVMValueRef a[5] = {L->cx, out, in, lv_const_cstr_ptr(L, f, fn), lv_const_i64(L, fn)};
  lv_fail_if_err(L, lv_call(L, "lv_dyn_select", L->t_ptr, pt, a, 5));
  *rtype = t->dyn;
  return LLVMBuildLoad2(L->b, L->t_value, out, "");
}

static LLVMValueRef lower_select(lv_lower *L, lv_expr *e) {
  lv_expr *operand = e->u.select.operand;
  LLVMValueRef v = lv_lower_expr(L, operand);
  const lv_type *ot = operand->type;
  const lv_type *rt = NULL;
  bool optional = (e->flags & LV_EF_OPTIONAL) != 0;
  if (ot->kind == LV_T_OPTIONAL) {
    /* Chained on an optional: none stays none, else select inside. A null
     * typed optional (null is assignable to optional<T>) is an error, not
     * none: lv_unbox checks the tag. */
    v = lv_unbox(L, v, ot);
    LLVMValueRef ptr = LLVMBuildIntToPtr(L->b, lv_extract(L, v, 2), L->t_ptr, "");
    opt_split sp = opt_begin(L, LLVMBuildIsNotNull(L->b, ptr, ""));
    LLVMValueRef inner = lv_convert(L, LLVMBuildLoad2(L->b, L->t_value, ptr, ""), L->prog->types.dyn, ot->a);
    LLVMValueRef r = select_on(L, e, inner, ot->a, true, &rt);
    return opt_end(L, sp, lv_convert(L, r, rt, e->type));
  }
  LLVMValueRef r = select_on(L, e, v, ot, optional, &rt);
  return lv_convert(L, r, rt, e->type);
}

static LLVMValueRef has_on(lv_lower *L, lv_expr *e, LLVMValueRef v, const lv_type *ot);

static LLVMValueRef lower_has(lv_lower *L, lv_expr *e) {
  lv_expr *operand = e->u.select.operand;
  LLVMValueRef v = lv_lower_expr(L, operand);
  const lv_type *ot = operand->type;
  if (ot->kind != LV_T_OPTIONAL) return has_on(L, e, v, ot);
  /* has(opt.f): false when opt is none, else has() on its value (null is
   * no optional: an error, as above). */
  v = lv_unbox(L, v, ot);
  LLVMValueRef ptr = LLVMBuildIntToPtr(L->b, lv_extract(L, v, 2), L->t_ptr, "");
  LLVMBasicBlockRef some = lv_block(L, "has.some"), done = lv_block(L, "has.done");
  LLVMBasicBlockRef start = LLVMGetInsertBlock(L->b);
  LLVMBuildCondBr(L->b, LLVMBuildIsNotNull(L->b, ptr, ""), some, done);
  LLVMPositionBuilderAtEnd(L->b, some);
  LLVMValueRef inner = lv_convert(L, LLVMBuildLoad2(L->b, L->t_value, ptr, ""), L->prog->types.dyn, ot->a);
  LLVMValueRef r = has_on(L, e, inner, ot->a);
  LLVMBasicBlockRef some_end = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->t_i1, "has");
  LLVMValueRef vals[2] = {LLVMConstInt(L->t_i1, 0, 0), r};
  LLVMBasicBlockRef bbs[2] = {start, some_end};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

static LLVMValueRef has_on(lv_lower *L, lv_expr *e, LLVMValueRef v, const lv_type *ot) {
  const char *f = e->u.select.field.name;
  size_t fn = strlen(f);
  if (ot->kind == LV_T_MSG) {
    lv_schema_info *si = (lv_schema_info *)ot->schema;
    return presence_bit(L, v, si->rt->fields[e->u.select.field_index].index);
  }
  if (ot->kind == LV_T_MAP) return LLVMBuildIsNotNull(L->b, map_find_str(L, v, f, fn), "");
  LLVMValueRef in = lv_spill(L, lv_convert(L, v, ot, L->prog->types.dyn), L->t_value);
  LLVMValueRef out = lv_alloca(L, L->t_i8, "has");
  LLVMTypeRef pt[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i64};
  LLVMValueRef a[5] = {L->cx, out, in, lv_const_cstr_ptr(L, f, fn), lv_const_i64(L, fn)};
  lv_fail_if_err(L, lv_call(L, "lv_dyn_has", L->t_ptr, pt, a, 5));
  return LLVMBuildICmp(L->b, LLVMIntNE, LLVMBuildLoad2(L->b, L->t_i8, out, ""), LLVMConstInt(L->t_i8, 0, 0), "");
}

/* --- logic ----------------------------------------------------------------------------------- */

/* a && b && ... (and ||): CEL's commutative semantics. A false operand (true
 * for ||) decides, whatever errors others had; otherwise any error is the
 * result; otherwise true (false). */
static LLVMValueRef lower_logic(lv_lower *L, lv_expr *e) {
  bool is_and = e->kind == LV_EX_AND;
  LLVMValueRef pending = lv_alloca(L, L->t_ptr, "pending.err");
  LLVMBuildStore(L->b, LLVMConstNull(L->t_ptr), pending);
  LLVMBasicBlockRef decided = lv_block(L, is_and ? "and.false" : "or.true");
  LLVMBasicBlockRef exit = lv_block(L, "logic.done");
  for (uint32_t i = 0; i < e->u.logic.args.n; i++) {
    lv_expr *x = e->u.logic.args.items[i];
    lv_err_target saved = lv_err_target_push(L, "logic.err");
    LLVMValueRef v = lv_lower_as(L, x, L->prog->types.bool_);
    LLVMBasicBlockRef next = lv_block(L, "logic.next");
    if (is_and) LLVMBuildCondBr(L->b, v, next, decided);
    else LLVMBuildCondBr(L->b, v, decided, next);
    /* The operand's error is remembered (the first one) and we go on. */
    LLVMPositionBuilderAtEnd(L->b, L->err_bb);
    LLVMValueRef prev = LLVMBuildLoad2(L->b, L->t_ptr, pending, "");
    LLVMValueRef keep = LLVMBuildSelect(L->b, LLVMBuildIsNull(L->b, prev, ""), L->err_phi, prev, "");
    LLVMBuildStore(L->b, keep, pending);
    LLVMBuildBr(L->b, next);
    lv_err_target_pop(L, saved);
    LLVMPositionBuilderAtEnd(L->b, next);
  }
  LLVMValueRef err = LLVMBuildLoad2(L->b, L->t_ptr, pending, "");
  lv_fail_if_err(L, err);
  LLVMBasicBlockRef undecided = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, exit);
  LLVMPositionBuilderAtEnd(L->b, decided);
  LLVMBuildBr(L->b, exit);
  LLVMPositionBuilderAtEnd(L->b, exit);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->t_i1, is_and ? "and" : "or");
  LLVMValueRef vals[2] = {LLVMConstInt(L->t_i1, is_and ? 1 : 0, 0), LLVMConstInt(L->t_i1, is_and ? 0 : 1, 0)};
  LLVMBasicBlockRef bbs[2] = {undecided, decided};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

static LLVMValueRef lower_cond(lv_lower *L, lv_expr *e) {
  LLVMValueRef c = lv_lower_as(L, e->u.cond.cond, L->prog->types.bool_);
  LLVMBasicBlockRef yes = lv_block(L, "cond.then"), no = lv_block(L, "cond.else"), done = lv_block(L, "cond.done");
  LLVMBuildCondBr(L->b, c, yes, no);
  LLVMPositionBuilderAtEnd(L->b, yes);
  LLVMValueRef a = lv_lower_as(L, e->u.cond.then, e->type);
  LLVMBasicBlockRef yes_end = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, no);
  LLVMValueRef b = lv_lower_as(L, e->u.cond.other, e->type);
  LLVMBasicBlockRef no_end = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, lv_llvm_type(L, e->type), "cond");
  LLVMValueRef vals[2] = {a, b};
  LLVMBasicBlockRef bbs[2] = {yes_end, no_end};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

/* --- macros ---------------------------------------------------------------------------------- */

static void bind_var(lv_lower *L, const lv_sym *s, LLVMValueRef v, const lv_type *t, LLVMValueRef *saved,
                     const lv_type **saved_t) {
  *saved = L->vars[s->index];
  *saved_t = L->var_types[s->index];
  L->vars[s->index] = v;
  L->var_types[s->index] = t;
}

static void unbind_var(lv_lower *L, const lv_sym *s, LLVMValueRef saved, const lv_type *saved_t) {
  L->vars[s->index] = saved;
  L->var_types[s->index] = saved_t;
}

/* opt.optMap(x, t): optional.of(t) with x bound to the value, or none;
 * opt.optFlatMap(x, t): t (an optional) with x bound, or none. */
static LLVMValueRef lower_opt_macro(lv_lower *L, lv_expr *e) {
  lv_types *t = &L->prog->types;
  lv_expr *range = e->u.compre.range;
  LLVMValueRef opt = lv_convert(L, lv_lower_expr(L, range), range->type, lv_type_optional_of(t, t->dyn));
  if (range->type->kind == LV_T_OPTIONAL) opt = lv_unbox(L, opt, range->type); /* null is no optional */
  LLVMValueRef ptr = LLVMBuildIntToPtr(L->b, lv_extract(L, opt, 2), L->t_ptr, "");
  opt_split sp = opt_begin(L, LLVMBuildIsNotNull(L->b, ptr, ""));
  const lv_sym *var = e->u.compre.var_sym;
  LLVMValueRef sv;
  const lv_type *st;
  bind_var(L, var, lv_convert(L, LLVMBuildLoad2(L->b, L->t_value, ptr, ""), t->dyn, var->type), var->type, &sv, &st);
  LLVMValueRef x = lv_lower_expr(L, e->u.compre.xform);
  unbind_var(L, var, sv, st);
  LLVMValueRef r;
  if (e->macro == LV_M_OPT_MAP) {
    LLVMValueRef out = lv_alloca(L, L->t_value, "optmap");
    LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
    LLVMValueRef a[3] = {L->cx, out, lv_spill(L, lv_box(L, x, e->u.compre.xform->type), L->t_value)};
    lv_fail_if_err(L, lv_call(L, "lv_builtin_optional_of", L->t_ptr, pt, a, 3));
    r = LLVMBuildLoad2(L->b, L->t_value, out, "");
  } else {
    r = lv_convert(L, x, e->u.compre.xform->type, e->type);
  }
  return opt_end(L, sp, r);
}

/* The macros that loop: over a list's elements (with two variables: index
 * and element) or a map's keys (two: key and value). all/exists absorb
 * errors as && and || do; the others are strict. */
static LLVMValueRef lower_compre(lv_lower *L, lv_expr *e) {
  if (e->macro == LV_M_OPT_MAP || e->macro == LV_M_OPT_FLAT_MAP) return lower_opt_macro(L, e);
  lv_types *t = &L->prog->types;
  lv_expr *range = e->u.compre.range;
  LLVMValueRef rv = lv_lower_expr(L, range);
  const lv_type *rt = range->type;
  const lv_sym *var = e->u.compre.var_sym, *var2 = e->u.compre.var2_sym;
  const lv_type *vt = var->type, *v2t = var2 ? var2->type : NULL;
  /* n, and where the elements are: `first` (list items or map keys) and
   * `second` (map values; list items again for two-variable list forms). */
  LLVMValueRef n, first, second = NULL, is_list;
  if (rt->kind == LV_T_DYN) {
    LLVMValueRef tag = lv_extract(L, rv, 0);
    is_list = LLVMBuildICmp(L->b, LLVMIntEQ, tag, lv_const_i32(L, LV_LIST), "");
    LLVMValueRef ok = LLVMBuildOr(L->b, is_list, LLVMBuildICmp(L->b, LLVMIntEQ, tag, lv_const_i32(L, LV_MAP), ""), "");
    lv_check_or_fail(L, ok, LV_E_NO_OVERLOAD);
    LLVMValueRef p = LLVMBuildIntToPtr(L->b, lv_extract(L, rv, 2), L->t_ptr, "");
    n = LLVMBuildZExt(L->b, LLVMBuildLoad2(L->b, L->t_i32, p, ""), L->t_i64, "");
    LLVMValueRef lp = LLVMBuildLoad2(L->b, L->t_ptr, LLVMBuildStructGEP2(L->b, L->t_list, p, 1, ""), "");
    LLVMValueRef kp = LLVMBuildLoad2(L->b, L->t_ptr, LLVMBuildStructGEP2(L->b, L->t_map, p, 2, ""), "");
    LLVMValueRef vp = LLVMBuildLoad2(L->b, L->t_ptr, LLVMBuildStructGEP2(L->b, L->t_map, p, 3, ""), "");
    first = LLVMBuildSelect(L->b, is_list, lp, kp, "first");
    second = LLVMBuildSelect(L->b, is_list, lp, vp, "second");
  } else if (rt->kind == LV_T_MAP) {
    is_list = LLVMConstInt(L->t_i1, 0, 0);
    n = LLVMBuildZExt(L->b, LLVMBuildLoad2(L->b, L->t_i32, LLVMBuildStructGEP2(L->b, L->t_map, rv, 0, ""), ""), L->t_i64, "");
    first = LLVMBuildLoad2(L->b, L->t_ptr, LLVMBuildStructGEP2(L->b, L->t_map, rv, 2, ""), "keys");
    second = LLVMBuildLoad2(L->b, L->t_ptr, LLVMBuildStructGEP2(L->b, L->t_map, rv, 3, ""), "vals");
  } else {
    is_list = LLVMConstInt(L->t_i1, 1, 0);
    n = list_len(L, rv);
    first = second = LLVMBuildLoad2(L->b, L->t_ptr, LLVMBuildStructGEP2(L->b, L->t_list, rv, 1, ""), "items");
  }
  bool absorbing = e->macro == LV_M_ALL || e->macro == LV_M_EXISTS;
  bool builds_list = e->macro == LV_M_MAP || e->macro == LV_M_MAP_FILTER || e->macro == LV_M_FILTER ||
                     e->macro == LV_M_TRANSFORM_LIST;
  bool builds_map = e->macro == LV_M_TRANSFORM_MAP;
  LLVMValueRef out = builds_list ? list_new(L, n) : NULL;
  LLVMValueRef mkeys = NULL, mvals = NULL;
  if (builds_map) {
    LLVMTypeRef pt[2] = {L->t_ptr, L->t_i64};
    LLVMValueRef bytes = LLVMBuildMul(L->b, LLVMBuildAdd(L->b, n, lv_const_i64(L, 1), ""), lv_const_i64(L, 16), "");
    LLVMValueRef a[2] = {L->cx, bytes};
    mkeys = lv_call(L, "lv_builtin_alloc_zeroed", L->t_ptr, pt, a, 2);
    lv_check_or_fail(L, LLVMBuildIsNotNull(L->b, mkeys, ""), LV_E_RESOURCE);
    mvals = lv_call(L, "lv_builtin_alloc_zeroed", L->t_ptr, pt, a, 2);
    lv_check_or_fail(L, LLVMBuildIsNotNull(L->b, mvals, ""), LV_E_RESOURCE);
  }
  LLVMValueRef i_slot = lv_alloca(L, L->t_i64, "i"), count = lv_alloca(L, L->t_i64, "count");
  LLVMValueRef pending = lv_alloca(L, L->t_ptr, "pending.err");
  LLVMBuildStore(L->b, lv_const_i64(L, 0), i_slot);
  LLVMBuildStore(L->b, lv_const_i64(L, 0), count);
  LLVMBuildStore(L->b, LLVMConstNull(L->t_ptr), pending);
  LLVMBasicBlockRef head = lv_block(L, "loop.head"), body = lv_block(L, "loop.body"), step = lv_block(L, "loop.step");
  LLVMBasicBlockRef done = lv_block(L, "loop.done"), decided = lv_block(L, "loop.decided"), exit = lv_block(L, "loop.exit");
  lv_goto(L, head);
  LLVMValueRef i = LLVMBuildLoad2(L->b, L->t_i64, i_slot, "");
  LLVMBuildCondBr(L->b, LLVMBuildICmp(L->b, LLVMIntULT, i, n, ""), body, done);
  LLVMPositionBuilderAtEnd(L->b, body);
  LLVMValueRef b1 = LLVMBuildLoad2(L->b, L->t_value, LLVMBuildGEP2(L->b, L->t_value, first, &i, 1, ""), "");
  LLVMValueRef item, item2 = NULL, key_boxed;
  if (var2) {
    /* index (lists) or key (maps), then the element or value */
    LLVMValueRef idx_boxed = lv_make_value(L, LV_INT, NULL, i);
    key_boxed = LLVMBuildSelect(L->b, is_list, idx_boxed, b1, "");
    item = lv_convert(L, key_boxed, t->dyn, vt);
    LLVMValueRef b2 = LLVMBuildLoad2(L->b, L->t_value, LLVMBuildGEP2(L->b, L->t_value, second, &i, 1, ""), "");
    item2 = lv_convert(L, b2, t->dyn, v2t);
  } else {
    key_boxed = b1;
    item = lv_convert(L, b1, t->dyn, vt);
  }
  LLVMValueRef sv, sv2 = NULL;
  const lv_type *st, *st2 = NULL;
  bind_var(L, var, item, vt, &sv, &st);
  if (var2) bind_var(L, var2, item2, v2t, &sv2, &st2);
  lv_err_target saved = {0};
  if (absorbing) saved = lv_err_target_push(L, "loop.err");
  LLVMValueRef pred = e->u.compre.pred ? lv_lower_as(L, e->u.compre.pred, t->bool_) : NULL;
  switch (e->macro) {
  case LV_M_ALL: LLVMBuildCondBr(L->b, pred, step, decided); break;
  case LV_M_EXISTS: LLVMBuildCondBr(L->b, pred, decided, step); break;
  case LV_M_EXISTS_ONE: {
    LLVMValueRef c = LLVMBuildLoad2(L->b, L->t_i64, count, "");
    LLVMBuildStore(L->b, LLVMBuildAdd(L->b, c, LLVMBuildZExt(L->b, pred, L->t_i64, ""), ""), count);
    LLVMBuildBr(L->b, step);
    break;
  }
  default: {
    if (pred) {
      LLVMBasicBlockRef take = lv_block(L, "loop.take");
      LLVMBuildCondBr(L->b, pred, take, step);
      LLVMPositionBuilderAtEnd(L->b, take);
    }
    LLVMValueRef x = e->u.compre.xform ? lv_box(L, lv_lower_expr(L, e->u.compre.xform), e->u.compre.xform->type)
                                       : lv_box(L, item, vt);
    LLVMValueRef c = LLVMBuildLoad2(L->b, L->t_i64, count, "");
    if (builds_map) {
      LLVMBuildStore(L->b, key_boxed, LLVMBuildGEP2(L->b, L->t_value, mkeys, &c, 1, ""));
      LLVMBuildStore(L->b, x, LLVMBuildGEP2(L->b, L->t_value, mvals, &c, 1, ""));
    } else {
      list_set(L, out, c, x);
    }
    LLVMBuildStore(L->b, LLVMBuildAdd(L->b, c, lv_const_i64(L, 1), ""), count);
    LLVMBuildBr(L->b, step);
    break;
  }
  }
  if (absorbing) {
    LLVMPositionBuilderAtEnd(L->b, L->err_bb);
    LLVMValueRef prev = LLVMBuildLoad2(L->b, L->t_ptr, pending, "");
    LLVMBuildStore(L->b, LLVMBuildSelect(L->b, LLVMBuildIsNull(L->b, prev, ""), L->err_phi, prev, ""), pending);
    LLVMBuildBr(L->b, step);
    lv_err_target_pop(L, saved);
  }
  unbind_var(L, var, sv, st);
  if (var2) unbind_var(L, var2, sv2, st2);
  LLVMPositionBuilderAtEnd(L->b, step);
  LLVMBuildStore(L->b, LLVMBuildAdd(L->b, LLVMBuildLoad2(L->b, L->t_i64, i_slot, ""), lv_const_i64(L, 1), ""), i_slot);
  LLVMBuildBr(L->b, head);
  /* After the loop. */
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef result;
  if (absorbing) {
    lv_fail_if_err(L, LLVMBuildLoad2(L->b, L->t_ptr, pending, ""));
    result = LLVMConstInt(L->t_i1, e->macro == LV_M_ALL ? 1 : 0, 0);
  } else if (e->macro == LV_M_EXISTS_ONE) {
    result = LLVMBuildICmp(L->b, LLVMIntEQ, LLVMBuildLoad2(L->b, L->t_i64, count, ""), lv_const_i64(L, 1), "");
  } else if (builds_map) {
    LLVMValueRef mout = lv_alloca(L, L->t_ptr, "map");
    LLVMTypeRef pt[5] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr, L->t_i32};
    LLVMValueRef a[5] = {L->cx, mout, mkeys, mvals,
                         LLVMBuildTrunc(L->b, LLVMBuildLoad2(L->b, L->t_i64, count, ""), L->t_i32, "")};
    lv_fail_if_err(L, lv_call(L, "lv_map_new", L->t_ptr, pt, a, 5));
    result = LLVMBuildLoad2(L->b, L->t_ptr, mout, "");
  } else {
    list_set_len(L, out, LLVMBuildLoad2(L->b, L->t_i64, count, ""));
    result = out;
  }
  LLVMBasicBlockRef done_end = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, exit);
  LLVMPositionBuilderAtEnd(L->b, decided);
  LLVMBuildBr(L->b, exit);
  LLVMPositionBuilderAtEnd(L->b, exit);
  LLVMValueRef phi = LLVMBuildPhi(L->b, LLVMTypeOf(result), "compre");
  LLVMAddIncoming(phi, &result, &done_end, 1);
  LLVMValueRef dv = absorbing ? LLVMConstInt(L->t_i1, e->macro == LV_M_ALL ? 0 : 1, 0)
                              : LLVMGetUndef(LLVMTypeOf(result)); /* unreachable then */
  LLVMAddIncoming(phi, &dv, &decided, 1);
  return phi;
}

/* --- calls to defs (inlined) -------------------------------------------------------------------- */

static LLVMValueRef lower_def_call(lv_lower *L, lv_expr *e) {
  lv_decl *d = e->u.call.def->decl;
  uint32_t n = d->u.def.nparams;
  LLVMValueRef vals[64];
  for (uint32_t i = 0; i < n && i < 64; i++)
    vals[i] = lv_lower_as(L, e->u.call.args.items[i], d->u.def.params[i].sym->type);
  LLVMValueRef saved[64];
  const lv_type *saved_t[64];
  for (uint32_t i = 0; i < n && i < 64; i++) {
    const lv_sym *s = d->u.def.params[i].sym;
    saved[i] = L->vars[s->index];
    saved_t[i] = L->var_types[s->index];
    L->vars[s->index] = vals[i];
    L->var_types[s->index] = s->type;
  }
  LLVMValueRef r = lv_lower_as(L, d->u.def.body, e->type);
  for (uint32_t i = 0; i < n && i < 64; i++) {
    const lv_sym *s = d->u.def.params[i].sym;
    L->vars[s->index] = saved[i];
    L->var_types[s->index] = saved_t[i];
  }
  return r;
}

static LLVMValueRef lower_call(lv_lower *L, lv_expr *e) {
  if (e->u.call.def) return lower_def_call(L, e);
  uint32_t n = e->u.call.args.n + (e->u.call.target ? 1 : 0);
  LLVMValueRef args[17];
  const lv_type *types[17];
  uint32_t k = 0;
  if (e->u.call.target) {
    args[k] = lv_lower_expr(L, e->u.call.target);
    types[k++] = e->u.call.target->type;
  }
  for (uint32_t i = 0; i < e->u.call.args.n; i++) {
    args[k] = lv_lower_expr(L, e->u.call.args.items[i]);
    types[k++] = e->u.call.args.items[i]->type;
  }
  return lv_lower_builtin(L, e, args, types, n);
}

/* x[?k] and indexing an optional: absent keys and indexes outside the list
 * give optional.none() instead of an error; none stays none. */
static LLVMValueRef lower_optional_index(lv_lower *L, lv_expr *e) {
  lv_types *t = &L->prog->types;
  lv_expr *op = e->u.index.operand;
  LLVMValueRef c = lv_box(L, lv_lower_expr(L, op), op->type);
  LLVMValueRef k = lv_box(L, lv_lower_expr(L, e->u.index.index), e->u.index.index->type);
  LLVMValueRef out = lv_alloca(L, L->t_value, "optidx");
  LLVMTypeRef pt[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef a[4] = {L->cx, out, lv_spill(L, c, L->t_value), lv_spill(L, k, L->t_value)};
  lv_fail_if_err(L, lv_call(L, "lv_builtin_index_optional", L->t_ptr, pt, a, 4));
  return lv_convert(L, LLVMBuildLoad2(L->b, L->t_value, out, ""), lv_type_optional_of(t, t->dyn), e->type);
}

static LLVMValueRef lower_operator(lv_lower *L, lv_expr *e) {
  if (e->kind == LV_EX_INDEX && ((e->flags & LV_EF_OPTIONAL) || e->u.index.operand->type->kind == LV_T_OPTIONAL))
    return lower_optional_index(L, e);
  LLVMValueRef args[2];
  const lv_type *types[2];
  uint32_t n;
  if (e->kind == LV_EX_UNARY) {
    args[0] = lv_lower_expr(L, e->u.unary.operand);
    types[0] = e->u.unary.operand->type;
    n = 1;
  } else if (e->kind == LV_EX_INDEX) {
    args[0] = lv_lower_expr(L, e->u.index.operand);
    types[0] = e->u.index.operand->type;
    args[1] = lv_lower_expr(L, e->u.index.index);
    types[1] = e->u.index.index->type;
    n = 2;
  } else {
    args[0] = lv_lower_expr(L, e->u.binary.left);
    types[0] = e->u.binary.left->type;
    args[1] = lv_lower_expr(L, e->u.binary.right);
    types[1] = e->u.binary.right->type;
    n = 2;
  }
  return lv_lower_builtin(L, e, args, types, n);
}

/* --- dispatch ----------------------------------------------------------------------------------- */

LLVMValueRef lv_lower_expr(lv_lower *L, lv_expr *e) {
  switch ((lv_expr_kind)e->kind) {
  case LV_EX_NULL: return LLVMConstInt(L->t_i8, 0, 0);
  case LV_EX_BOOL: return LLVMConstInt(L->t_i1, e->u.b, 0);
  case LV_EX_INT: return lv_const_i64(L, (uint64_t)e->u.i);
  case LV_EX_UINT: return lv_const_i64(L, e->u.u);
  case LV_EX_DOUBLE: return LLVMConstReal(L->t_dbl, e->u.d);
  case LV_EX_STRING:
  case LV_EX_BYTES: return lv_const_str(L, e->u.str.ptr, e->u.str.len);
  case LV_EX_IDENT: return lower_ident(L, e);
  case LV_EX_SELECT: return lower_select(L, e);
  case LV_EX_HAS: return lower_has(L, e);
  case LV_EX_INDEX:
  case LV_EX_UNARY:
  case LV_EX_BINARY: return lower_operator(L, e);
  case LV_EX_CALL: return lower_call(L, e);
  case LV_EX_AND:
  case LV_EX_OR: return lower_logic(L, e);
  case LV_EX_COND: return lower_cond(L, e);
  case LV_EX_LIST: return lower_list(L, e);
  case LV_EX_MAP: return lower_map(L, e);
  case LV_EX_MESSAGE: return lower_message(L, e);
  case LV_EX_COMPRE: return lower_compre(L, e);
  default: return LLVMGetUndef(lv_llvm_type(L, e->type));
  }
}
