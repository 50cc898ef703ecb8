/* checker.h - state shared by the parts of the checker (internal). */
#ifndef LV_CHECKER_H
#define LV_CHECKER_H

#include "check/check.h"
#include "check/overload.h"
#include "check/scope.h"

typedef struct lv_checker {
  lv_program *p;
  lv_types *t;
  lv_source *src;       /* file being checked */
  lv_scope *scope;      /* its scope, or NULL (eval: global names only) */
  lv_sym **locals;      /* innermost last */
  uint32_t nlocals, caplocals;
  lv_schema_info *fields_of; /* eval --schema: fields are variables */
  lv_sym *event;             /* the variable holding that event */
} lv_checker;

const lv_type *lv_check_expr(lv_checker *c, lv_expr *e);
lv_sym *lv_checker_push_var(lv_checker *c, const char *name, const lv_type *t, lv_source *src,
                            lv_span span);
void lv_checker_pop(lv_checker *c, uint32_t n);
const lv_type *lv_check_let(lv_checker *c, lv_sym *s);
void lv_check_def(lv_checker *c, lv_sym *s);
const lv_type *lv_resolve_typeexpr(lv_checker *c, lv_typeexpr *te);
lv_sym *lv_lookup(lv_checker *c, const char *name);
/* Marks every field of a schema (and nested ones) as read. */
void lv_schema_mark_all_needed(lv_schema_info *s);

/* fold.c: diagnostics for sub-expressions that always fail, found at
 * compile time (literal division by zero, bad regex, bad literal argument). */
void lv_fold_check(lv_checker *c, lv_expr *e);

#endif
