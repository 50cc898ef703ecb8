/* lower_int.h - state shared by the parts of lowering (internal).
 *
 * Lowering turns checked expressions into LLVM IR. Statically typed values
 * are unboxed SSA values (see stdlib/lv_value.h); `dyn` values are lv_value
 * structs. Evaluation errors are control flow: a failing operation branches
 * to the current error target with an `lv_err *` (a phi there collects it).
 * Functions normally have one error target that returns the error; && and
 * || and the absorbing macros install their own to keep going. */
#ifndef LV_LOWER_INT_H
#define LV_LOWER_INT_H

#include <llvm-c/Core.h>

#include "check/check.h"
#include "check/overload.h"
#include "lower/lower.h"

typedef struct lv_lower {
  lv_program *prog;
  lv_lower_opts opts;
  void *tsc; /* LLVMOrcThreadSafeContextRef */
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  const char *prefix; /* symbol prefix, unique per rule set */

  /* Types of the value ABI. */
  LLVMTypeRef t_i1, t_i8, t_i32, t_i64, t_dbl, t_ptr, t_void;
  LLVMTypeRef t_str;   /* {ptr, i64}: string, bytes */
  LLVMTypeRef t_time;  /* {i64, i32}: timestamp, duration */
  LLVMTypeRef t_value; /* {i32, i32, i64}: lv_value */
  LLVMTypeRef t_list;  /* {i32, ptr} */
  LLVMTypeRef t_map;   /* {i32, i32, ptr, ptr, ptr} */
  LLVMTypeRef t_ctx;   /* {ptr arena, ptr rt, ptr consts, ptr user} */

  /* The function being built. */
  LLVMValueRef fn;
  LLVMValueRef cx;         /* lv_ctx * */
  LLVMBasicBlockRef entry; /* allocas go here */
  LLVMBasicBlockRef err_bb;
  LLVMValueRef err_phi;    /* lv_err * arriving at err_bb */
  LLVMValueRef *vars;      /* value of each VAR symbol, by lv_sym.index */
  const lv_type **var_types;

  /* Lets (rule.c): each function computes the lets it uses at its start.
   * By lv_sym.index: let_mark is let_gen for the lets of the current
   * function, let_val and let_err their value and error (NULL if none). */
  uint32_t *let_mark, let_gen;
  LLVMValueRef *let_val, *let_err;
  const lv_sym **lets_used;
  uint32_t nlets_used, caplets_used;

  /* Constants: strings interned per module, regexes compiled at load. */
  struct lv_const_strs *strs;
  lv_lower_consts *consts; /* regexes, shared by the rule set's modules */
  lv_lower_consts own;     /* used when the caller gives none */
  uint32_t nfuncs;
} lv_lower;

/* types.c: LLVM types and boxing ------------------------------------------------- */
void lv_lower_types_init(lv_lower *L);
LLVMTypeRef lv_llvm_type(lv_lower *L, const lv_type *t);
/* lv_tag of values of a static type (LV_TAG_COUNT for dyn). */
uint32_t lv_type_tag(const lv_type *t);
LLVMValueRef lv_box(lv_lower *L, LLVMValueRef v, const lv_type *t);
/* dyn -> static: checks the tag (failing with "no matching overload"). */
LLVMValueRef lv_unbox(lv_lower *L, LLVMValueRef boxed, const lv_type *t);
/* Converts between static representations where types differ only by dyn
 * parts (int -> dyn boxes, dyn -> int unboxes, list<int> -> list<dyn> is
 * the same pointer). */
LLVMValueRef lv_convert(lv_lower *L, LLVMValueRef v, const lv_type *from, const lv_type *to);
/* lv_convert, and where to is a list or map whose element types from does
 * not promise (dyn, list<dyn>, ...), every element checked at run time. CEL
 * itself checks elements only when they are used, so plain expressions use
 * lv_convert; a schema's field (a typed payload) and a let's declared type
 * promise their elements, so they use this. */
LLVMValueRef lv_convert_checked(lv_lower *L, LLVMValueRef v, const lv_type *from, const lv_type *to);
/* Condition: does the boxed value have the tag(s) a parameter type needs? */
LLVMValueRef lv_tag_matches(lv_lower *L, LLVMValueRef boxed, const lv_type *param);

/* util.c: helpers ---------------------------------------------------------------------- */
LLVMValueRef lv_const_i32(lv_lower *L, uint32_t v);
LLVMValueRef lv_const_i64(lv_lower *L, uint64_t v);
LLVMValueRef lv_const_str(lv_lower *L, const char *s, size_t n); /* {ptr, i64} */
LLVMValueRef lv_const_cstr_ptr(lv_lower *L, const char *s, size_t n);
LLVMValueRef lv_alloca(lv_lower *L, LLVMTypeRef t, const char *name);
LLVMBasicBlockRef lv_block(lv_lower *L, const char *name);
void lv_goto(lv_lower *L, LLVMBasicBlockRef bb);
/* A C function of the allow-list (declared once per module). */
LLVMValueRef lv_fn_decl(lv_lower *L, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                        unsigned n, LLVMTypeRef *fnty_out);
LLVMValueRef lv_call(lv_lower *L, const char *name, LLVMTypeRef ret, LLVMTypeRef *ptypes,
                     LLVMValueRef *args, unsigned n);
/* Branches to the error target with err (an lv_err *). */
void lv_fail(lv_lower *L, LLVMValueRef err);
/* Fails with a static error of code unless cond is true. */
void lv_check_or_fail(lv_lower *L, LLVMValueRef ok, lv_errcode code);
/* Fails with err when it is not NULL (after an ERR-shaped call). */
void lv_fail_if_err(lv_lower *L, LLVMValueRef err);
LLVMValueRef lv_static_err(lv_lower *L, lv_errcode code);
/* Installs a fresh error target; returns the previous one in saved. */
typedef struct lv_err_target {
  LLVMBasicBlockRef bb;
  LLVMValueRef phi;
} lv_err_target;
lv_err_target lv_err_target_push(lv_lower *L, const char *name);
void lv_err_target_pop(lv_lower *L, lv_err_target saved);
LLVMValueRef lv_extract(lv_lower *L, LLVMValueRef agg, unsigned i);
LLVMValueRef lv_make2(lv_lower *L, LLVMTypeRef t, LLVMValueRef a, LLVMValueRef b);
LLVMValueRef lv_make_value(lv_lower *L, uint32_t tag, LLVMValueRef aux, LLVMValueRef payload);
/* Stores a boxed value in a fresh stack slot and returns its address. */
LLVMValueRef lv_spill(lv_lower *L, LLVMValueRef v, LLVMTypeRef t);

/* expr.c --------------------------------------------------------------------------------- */
LLVMValueRef lv_lower_expr(lv_lower *L, lv_expr *e);
/* Lowers e and converts it to type `to`. */
LLVMValueRef lv_lower_as(lv_lower *L, lv_expr *e, const lv_type *to);
/* Field read from a decoded message (presence checked for optional fields). */
LLVMValueRef lv_load_field(lv_lower *L, LLVMValueRef msg, lv_schema_info *s, uint32_t idx);
LLVMValueRef lv_list_item(lv_lower *L, LLVMValueRef list, LLVMValueRef index, const lv_type *elem);
LLVMValueRef lv_list_build(lv_lower *L, LLVMValueRef *boxed_items, uint32_t n);

/* call.c ----------------------------------------------------------------------------------- */
/* Lowers an operator or standard function call with its arguments already
 * lowered (static representation per arg_types). */
LLVMValueRef lv_lower_builtin(lv_lower *L, lv_expr *e, LLVMValueRef *args, const lv_type **arg_types,
                              uint32_t nargs);
/* One overload with arguments converted to its parameter types. */
LLVMValueRef lv_lower_overload(lv_lower *L, lv_expr *e, uint32_t id, LLVMValueRef *args,
                               const lv_type **arg_types, uint32_t nargs, const lv_type **rtype);

/* rule.c ------------------------------------------------------------------------------------ */
/* The value of a let (of its own type), as the function computed it at its
 * start; fails with the error computing it gave, if any. */
LLVMValueRef lv_lower_let_ref(lv_lower *L, const lv_sym *let);

/* consts.c ---------------------------------------------------------------------------------- */
/* A constant list or map of literals as a global, or NULL if e is not one. */
LLVMValueRef lv_const_container(lv_lower *L, lv_expr *e);
/* Index of a regex in the rule set's constant table (compiled at load). */
uint32_t lv_regex_const(lv_lower *L, const char *pattern, uint32_t len);
LLVMValueRef lv_load_const(lv_lower *L, uint32_t index);
void lv_const_strs_free(lv_lower *L);

#endif
