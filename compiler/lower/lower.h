/* lower.h - checked programs to LLVM IR: one module per rule set holding, for
 * each rule, a match function for its `when` and a function per action; or,
 * for `levin eval`, one function computing an expression.
 *
 * Generated functions (prefix P is unique per rule set):
 *   int32_t P_when_R(lv_ctx *cx, const void *event, const lv_err **err)
 *       0: did not fire, 1: fired, 2: evaluation error (*err says why)
 *   int32_t P_act_R_A(lv_ctx *cx, const void *event, lv_action_out *out, const lv_err **err)
 *       0: done, 2: error
 *   int32_t P_eval(lv_ctx *cx, const lv_value *vars, const void *event, lv_value *out,
 *                  const lv_err **err)
 * The functions call only the standard library (stdlib/builtins.def and the
 * helpers in lower/) and read their constant table through cx->consts. */
#ifndef LV_LOWER_H
#define LV_LOWER_H

#include <llvm-c/Core.h>

#include "check/check.h"
#include "lv_schema.h"

/* What an action produces; the runtime validates, serializes and sends it. */
typedef struct lv_action_out {
  const char *subject; /* publish: the subject, tokens validated */
  size_t subject_len;
  lv_value payload;    /* publish: message or map; log: the message */
} lv_action_out;

typedef struct lv_lower_regex {
  const char *pattern;
  uint32_t len;
} lv_lower_regex;

typedef struct lv_lower_opts {
  bool unchecked; /* accept dyn dispatch everywhere (eval's disable_check) */
} lv_lower_opts;

typedef struct lv_lowered {
  void *tsc;            /* LLVMOrcThreadSafeContextRef owning the module's context */
  LLVMModuleRef mod;    /* owned until handed to the JIT */
  const char *prefix;
  /* The constant table the functions read via cx->consts: entry i is a
   * compiled regex for regexes[i] (the loader fills it). */
  lv_lower_regex *regexes;
  uint32_t nregexes;
} lv_lowered;

/* Lays out every schema of the program (lv_schema_info.rt): presence bits,
 * slot offsets, JSON lookup tables, boxed defaults. Allocated in arena. */
lv_rtinfo *lv_layout_schemas(lv_program *p, lv_arena *arena);

/* Lowers every rule and action of a checked, laid-out program. */
bool lv_lower_program(lv_lowered *out, lv_program *p, const char *prefix, const lv_lower_opts *opts);

/* The constant table shared by the modules of one rule set: each module's
 * regexes get indexes in it (so code in any module reads cx->consts). */
typedef struct lv_lower_consts {
  lv_lower_regex *regexes;
  uint32_t nregexes, capregexes;
} lv_lower_consts;

/* Lowers rules [first, end) (program order) into one module; several such
 * modules of one rule set can be optimized and compiled in parallel. */
bool lv_lower_rules(lv_lowered *out, lv_program *p, const char *prefix, uint32_t first, uint32_t end,
                    lv_lower_consts *consts, const lv_lower_opts *opts);

/* Lowers one checked expression for `levin eval`. vars[i] are the variables
 * (boxed in the vars array at run time), event_sym the event (or NULL). */
bool lv_lower_eval(lv_lowered *out, lv_program *p, lv_expr *e, lv_sym **vars, uint32_t nvars,
                   lv_sym *event_sym, const char *prefix, const lv_lower_opts *opts);

/* Frees a lowered module not handed to the JIT. */
void lv_lowered_dispose(lv_lowered *l);

/* Names of the generated functions (into buf). */
void lv_lower_when_name(char *buf, size_t n, const char *prefix, uint32_t rule);
void lv_lower_action_name(char *buf, size_t n, const char *prefix, uint32_t rule, uint32_t action);
void lv_lower_eval_name(char *buf, size_t n, const char *prefix);

#endif
