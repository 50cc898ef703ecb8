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
  lv_sym *in_let;            /* the let whose value is being checked, if any */
  /* Inside an operand of && or ||, a branch of ?:, or a macro body: CEL may
   * skip or absorb an error there, so sure failures are warnings. */
  uint32_t guarded;
  /* Lets and defs being checked, each from a reference in the one before
   * (checking follows a reference to a declaration not checked yet). */
  uint32_t decl_depth;
} lv_checker;

const lv_type *lv_check_expr(lv_checker *c, lv_expr *e);
lv_sym *lv_checker_push_var(lv_checker *c, const char *name, const lv_type *t, lv_source *src,
                            lv_span span);
void lv_checker_pop(lv_checker *c, uint32_t n);
/* Reports E0314 if a variable introduced here (rule binding, def parameter,
 * macro variable) would hide a declaration of the file. */
void lv_check_shadow(lv_checker *c, const char *name, lv_span at);
/* A list or map literal whose elements have mixed types is list<dyn> or
 * map<..., dyn>, which fits any declared element type; where a literal meets
 * a declared type (let, default, field, argument), its elements must fit
 * that type. Reports E0415 and returns false if one does not. */
bool lv_check_literal_fits(lv_checker *c, const lv_expr *e, const lv_type *want);
const lv_type *lv_check_let(lv_checker *c, lv_sym *s);
void lv_check_def(lv_checker *c, lv_sym *s);
const lv_type *lv_resolve_typeexpr(lv_checker *c, lv_typeexpr *te);
lv_sym *lv_lookup(lv_checker *c, const char *name);
/* A name with a leading dot (.A): declarations only, by their root names. */
lv_sym *lv_lookup_root(lv_checker *c, const char *name);
/* For a name that is not declared here: if another file declares it
 * (imports are not transitive; a file imports what it uses), adds the help
 * "import that file" to g and returns true. */
bool lv_suggest_import(lv_checker *c, lv_diag *g, const char *name);
/* Marks every field of a schema (and nested ones) as read. */
void lv_schema_mark_all_needed(lv_schema_info *s);

/* inline.c: limits on def expansion (lowering inlines defs). An expression
 * with its def calls expanded has at most this many nodes (E0315) and nests
 * at most --max-depth levels (E0202), and a chain of lets referring to lets
 * is at most --max-depth long (E0202). lv_measure_def and lv_measure_let
 * record a checked def's or let's figures; lv_measure_expr checks one
 * expression lowered on its own
 * (a rule's `when`, an action's parts, a let's value, an eval expression). */
#define LV_MAX_EXPANDED_NODES 100000u
/* Reports E0202 and returns true if checking s now would nest too many
 * declarations (a bound on the checker's own recursion). */
bool lv_decl_too_deep(lv_checker *c, lv_sym *s);
void lv_measure_def(lv_checker *c, lv_sym *def);
void lv_measure_let(lv_checker *c, lv_sym *let);
void lv_measure_expr(lv_checker *c, lv_source *src, const lv_expr *e);

/* fold.c: diagnostics for sub-expressions that always fail, found at
 * compile time (literal division by zero, bad regex, bad literal argument). */
void lv_fold_check(lv_checker *c, lv_expr *e);
/* truth.c: the value of a bool expression known at compile time (literals,
 * !, &&, ||, ?:, comparisons of literals, lets of such), if it is one. */
bool lv_fold_bool(const lv_expr *e, bool *value);
/* loops.c: W0007 for publish actions that a stream of the same rule set can
 * receive, when that closes a cycle of streams and rules. */
void lv_check_loops(lv_program *p);

#endif
