/* types.c - static CEL types as LLVM types, and boxing between them and the
 * lv_value representation of `dyn`. */
#include "lower/lower_int.h"

void lv_lower_types_init(lv_lower *L) {
  LLVMContextRef c = L->ctx;
  L->t_i1 = LLVMInt1TypeInContext(c);
  L->t_i8 = LLVMInt8TypeInContext(c);
  L->t_i32 = LLVMInt32TypeInContext(c);
  L->t_i64 = LLVMInt64TypeInContext(c);
  L->t_dbl = LLVMDoubleTypeInContext(c);
  L->t_ptr = LLVMPointerTypeInContext(c, 0);
  L->t_void = LLVMVoidTypeInContext(c);
  L->t_str = LLVMStructCreateNamed(c, "lv_str");
  LLVMTypeRef s[2] = {L->t_ptr, L->t_i64};
  LLVMStructSetBody(L->t_str, s, 2, 0);
  L->t_time = LLVMStructCreateNamed(c, "lv_time");
  LLVMTypeRef t[2] = {L->t_i64, L->t_i32};
  LLVMStructSetBody(L->t_time, t, 2, 0);
  L->t_value = LLVMStructCreateNamed(c, "lv_value");
  LLVMTypeRef v[3] = {L->t_i32, L->t_i32, L->t_i64};
  LLVMStructSetBody(L->t_value, v, 3, 0);
  L->t_list = LLVMStructCreateNamed(c, "lv_list");
  LLVMTypeRef l[2] = {L->t_i32, L->t_ptr};
  LLVMStructSetBody(L->t_list, l, 2, 0);
  L->t_map = LLVMStructCreateNamed(c, "lv_map");
  LLVMTypeRef m[5] = {L->t_i32, L->t_i32, L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMStructSetBody(L->t_map, m, 5, 0);
  L->t_ctx = LLVMStructCreateNamed(c, "lv_ctx");
  LLVMTypeRef x[4] = {L->t_ptr, L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMStructSetBody(L->t_ctx, x, 4, 0);
}

LLVMTypeRef lv_llvm_type(lv_lower *L, const lv_type *t) {
  switch (t->kind) {
  case LV_T_BOOL: return L->t_i1;
  case LV_T_INT:
  case LV_T_UINT: return L->t_i64;
  case LV_T_DOUBLE: return L->t_dbl;
  case LV_T_STRING:
  case LV_T_BYTES: return L->t_str;
  case LV_T_TIMESTAMP:
  case LV_T_DURATION: return L->t_time;
  case LV_T_NULL: return L->t_i8;
  case LV_T_LIST:
  case LV_T_MAP:
  case LV_T_MSG: return L->t_ptr;
  default: return L->t_value; /* dyn, type, optional */
  }
}

uint32_t lv_type_tag(const lv_type *t) {
  switch (t->kind) {
  case LV_T_NULL: return LV_NULL;
  case LV_T_BOOL: return LV_BOOL;
  case LV_T_INT: return LV_INT;
  case LV_T_UINT: return LV_UINT;
  case LV_T_DOUBLE: return LV_DOUBLE;
  case LV_T_STRING: return LV_STRING;
  case LV_T_BYTES: return LV_BYTES;
  case LV_T_TIMESTAMP: return LV_TIMESTAMP;
  case LV_T_DURATION: return LV_DURATION;
  case LV_T_LIST: return LV_LIST;
  case LV_T_MAP: return LV_MAP;
  case LV_T_MSG: return LV_MSG;
  case LV_T_TYPE: return LV_TYPE;
  case LV_T_OPTIONAL: return LV_OPTIONAL;
  default: return LV_TAG_COUNT;
  }
}

/* Whether values of t are represented as lv_value already. */
static bool is_boxed_repr(const lv_type *t) {
  return t->kind == LV_T_DYN || t->kind == LV_T_TYPE || t->kind == LV_T_OPTIONAL ||
         t->kind == LV_T_ERROR || t->kind == LV_T_PARAM;
}

LLVMValueRef lv_box(lv_lower *L, LLVMValueRef v, const lv_type *t) {
  LLVMBuilderRef b = L->b;
  switch (t->kind) {
  case LV_T_NULL: return lv_make_value(L, LV_NULL, NULL, NULL);
  case LV_T_BOOL: return lv_make_value(L, LV_BOOL, NULL, LLVMBuildZExt(b, v, L->t_i64, ""));
  case LV_T_INT: return lv_make_value(L, LV_INT, NULL, v);
  case LV_T_UINT: return lv_make_value(L, LV_UINT, NULL, v);
  case LV_T_DOUBLE: return lv_make_value(L, LV_DOUBLE, NULL, LLVMBuildBitCast(b, v, L->t_i64, ""));
  case LV_T_STRING:
  case LV_T_BYTES: {
    LLVMValueRef len = LLVMBuildTrunc(b, lv_extract(L, v, 1), L->t_i32, "");
    LLVMValueRef p = LLVMBuildPtrToInt(b, lv_extract(L, v, 0), L->t_i64, "");
    return lv_make_value(L, t->kind == LV_T_STRING ? LV_STRING : LV_BYTES, len, p);
  }
  case LV_T_TIMESTAMP:
  case LV_T_DURATION:
    return lv_make_value(L, t->kind == LV_T_TIMESTAMP ? LV_TIMESTAMP : LV_DURATION, lv_extract(L, v, 1),
                         lv_extract(L, v, 0));
  case LV_T_LIST:
  case LV_T_MAP:
    return lv_make_value(L, t->kind == LV_T_LIST ? LV_LIST : LV_MAP, NULL, LLVMBuildPtrToInt(b, v, L->t_i64, ""));
  case LV_T_MSG:
    return lv_make_value(L, LV_MSG, lv_const_i32(L, ((lv_schema_info *)t->schema)->index),
                         LLVMBuildPtrToInt(b, v, L->t_i64, ""));
  default: return v; /* already boxed */
  }
}

static LLVMValueRef type_mismatch(lv_lower *L, LLVMValueRef boxed, uint32_t want) {
  LLVMValueRef slot = lv_spill(L, boxed, L->t_value);
  LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_i32};
  LLVMValueRef a[3] = {L->cx, slot, lv_const_i32(L, want)};
  return lv_call(L, "lv_err_type_mismatch", L->t_ptr, pt, a, 3);
}

/* Unboxes without a check: the tag is known to fit. */
static LLVMValueRef unbox_raw(lv_lower *L, LLVMValueRef boxed, const lv_type *t) {
  LLVMBuilderRef b = L->b;
  LLVMValueRef payload = lv_extract(L, boxed, 2);
  switch (t->kind) {
  case LV_T_NULL: return LLVMConstInt(L->t_i8, 0, 0);
  case LV_T_BOOL: return LLVMBuildICmp(b, LLVMIntNE, LLVMBuildAnd(b, payload, lv_const_i64(L, 0xff), ""), lv_const_i64(L, 0), "");
  case LV_T_INT:
  case LV_T_UINT: return payload;
  case LV_T_DOUBLE: return LLVMBuildBitCast(b, payload, L->t_dbl, "");
  case LV_T_STRING:
  case LV_T_BYTES:
    return lv_make2(L, L->t_str, LLVMBuildIntToPtr(b, payload, L->t_ptr, ""),
                    LLVMBuildZExt(b, lv_extract(L, boxed, 1), L->t_i64, ""));
  case LV_T_TIMESTAMP:
  case LV_T_DURATION: return lv_make2(L, L->t_time, payload, lv_extract(L, boxed, 1));
  case LV_T_LIST:
  case LV_T_MAP:
  case LV_T_MSG: return LLVMBuildIntToPtr(b, payload, L->t_ptr, "");
  default: return boxed;
  }
}

LLVMValueRef lv_tag_matches(lv_lower *L, LLVMValueRef boxed, const lv_type *param) {
  uint32_t tag = lv_type_tag(param);
  if (tag == LV_TAG_COUNT) return LLVMConstInt(L->t_i1, 1, 0);
  LLVMValueRef ok = LLVMBuildICmp(L->b, LLVMIntEQ, lv_extract(L, boxed, 0), lv_const_i32(L, tag), "");
  if (param->kind == LV_T_MSG) {
    LLVMValueRef same = LLVMBuildICmp(L->b, LLVMIntEQ, lv_extract(L, boxed, 1),
                                      lv_const_i32(L, ((lv_schema_info *)param->schema)->index), "");
    ok = LLVMBuildAnd(L->b, ok, same, "");
  }
  return ok;
}

/* The shape letters of t for lv_builtin_check_elements (lv_builtins.h);
 * returns whether anything in it is more than 'd'. False when the shape
 * does not fit buf (deep nesting: then only the outer kind is checked). */
static bool shape_of(char *buf, size_t cap, size_t *n, const lv_type *t) {
  if (*n + 1 >= cap) return false;
  char c = 'd';
  switch (t->kind) {
  case LV_T_NULL: c = 'n'; break;
  case LV_T_BOOL: c = 'b'; break;
  case LV_T_INT: c = 'i'; break;
  case LV_T_UINT: c = 'u'; break;
  case LV_T_DOUBLE: c = 'f'; break;
  case LV_T_STRING: c = 's'; break;
  case LV_T_BYTES: c = 'y'; break;
  case LV_T_TIMESTAMP: c = 't'; break;
  case LV_T_DURATION: c = 'r'; break;
  case LV_T_MSG: c = 'M'; break;
  case LV_T_LIST: {
    buf[(*n)++] = 'l';
    bool more = shape_of(buf, cap, n, t->a);
    buf[*n] = 0;
    return more;
  }
  case LV_T_MAP: {
    buf[(*n)++] = 'm';
    bool k = shape_of(buf, cap, n, t->a);
    bool v = shape_of(buf, cap, n, t->b);
    buf[*n] = 0;
    return k || v;
  }
  default: break;
  }
  buf[(*n)++] = c;
  buf[*n] = 0;
  return c != 'd';
}

/* A list or map (unboxed) that arrives as list<T> / map<K, V> from a type
 * that does not promise its elements (dyn, list<dyn>, ...): every element is
 * checked. */
static void check_elements(lv_lower *L, LLVMValueRef container, const lv_type *to) {
  char shape[2048]; /* two letters a level at most (map key types are scalars), 1000 levels at most */
  size_t n = 0;
  if (!shape_of(shape, sizeof shape, &n, to) || n + 1 >= sizeof shape) return;
  LLVMTypeRef pt[3] = {L->t_ptr, L->t_ptr, L->t_ptr};
  LLVMValueRef a[3] = {L->cx, container, lv_const_cstr_ptr(L, shape, n)};
  LLVMValueRef err = lv_call(L, "lv_builtin_check_elements", L->t_ptr, pt, a, 3);
  LLVMBasicBlockRef good = lv_block(L, "elems.ok"), bad = lv_block(L, "elems.bad");
  LLVMBuildCondBr(L->b, LLVMBuildIsNull(L->b, err, ""), good, bad);
  LLVMPositionBuilderAtEnd(L->b, bad);
  lv_fail(L, err);
  LLVMPositionBuilderAtEnd(L->b, good);
}

LLVMValueRef lv_convert_checked(lv_lower *L, LLVMValueRef v, const lv_type *from, const lv_type *to) {
  v = lv_convert(L, v, from, to);
  if (to->kind != LV_T_LIST && to->kind != LV_T_MAP) return v;
  /* from promises the elements already when it is to, or mentions no dyn. */
  if (from == to || (from->kind == to->kind && !lv_type_is_dynamic(from))) return v;
  check_elements(L, v, to);
  return v;
}

LLVMValueRef lv_unbox(lv_lower *L, LLVMValueRef boxed, const lv_type *t) {
  if (is_boxed_repr(t)) {
    if (t->kind == LV_T_TYPE || t->kind == LV_T_OPTIONAL) {
      /* Still a boxed value, but it must be of this kind. */
      LLVMBasicBlockRef good = lv_block(L, "unbox.ok"), bad = lv_block(L, "unbox.bad");
      LLVMBuildCondBr(L->b, lv_tag_matches(L, boxed, t), good, bad);
      LLVMPositionBuilderAtEnd(L->b, bad);
      lv_fail(L, type_mismatch(L, boxed, lv_type_tag(t)));
      LLVMPositionBuilderAtEnd(L->b, good);
    }
    return boxed;
  }
  LLVMBasicBlockRef good = lv_block(L, "unbox.ok"), bad = lv_block(L, "unbox.bad");
  LLVMBuildCondBr(L->b, lv_tag_matches(L, boxed, t), good, bad);
  LLVMPositionBuilderAtEnd(L->b, bad);
  lv_fail(L, type_mismatch(L, boxed, lv_type_tag(t)));
  LLVMPositionBuilderAtEnd(L->b, good);
  return unbox_raw(L, boxed, t);
}

LLVMValueRef lv_convert(lv_lower *L, LLVMValueRef v, const lv_type *from, const lv_type *to) {
  if (from == to) return v;
  bool fb = is_boxed_repr(from), tb = is_boxed_repr(to);
  if (fb && tb) {
    if (to->kind == LV_T_DYN || to->kind == LV_T_PARAM || to->kind == LV_T_ERROR) return v;
    return lv_unbox(L, v, to); /* dyn -> optional/type: check the tag */
  }
  if (!fb && tb) return lv_box(L, v, from);
  if (fb && !tb) return lv_unbox(L, v, to);
  /* Both unboxed: the same representation when kinds agree (list<int> and
   * list<dyn> are both lv_list *; elements are boxed either way). */
  if (from->kind == to->kind) return v;
  /* null to a message: a null pointer. */
  if (from->kind == LV_T_NULL && to->kind == LV_T_MSG) return LLVMConstNull(L->t_ptr);
  /* Different kinds (only in unchecked code): through a checked box, which
   * fails at run time with "no matching overload". */
  return lv_unbox(L, lv_box(L, v, from), to);
}
