/* jit.h - LLVM ORC LLJIT for rule sets.
 *
 * One JIT per process. Generated code lives in a bare JITDylib whose only
 * other symbols are the allow-list of standard library functions
 * (symbols.c): anything else fails to link. Each loaded unit (a rule set,
 * an eval expression) has its own resource tracker, so it can be removed
 * while other units keep running (hot reload). */
#ifndef LV_JIT_H
#define LV_JIT_H

#include <stdbool.h>
#include <stddef.h>

#include "lower/lower.h"

typedef struct lv_jit lv_jit;
typedef struct lv_jit_unit lv_jit_unit;

/* Creates the JIT (thread-safe to use afterwards). Returns 0, or -1 with a
 * message in err. */
int lv_jit_new(lv_jit **out, char *err, size_t errlen);
void lv_jit_free(lv_jit *j);

/* Optimizes the module (opt_level 0-3) and adds it under a new resource
 * tracker. Takes ownership of the lowered module whatever happens. */
int lv_jit_add(lv_jit *j, lv_jit_unit **out, lv_lowered *l, int opt_level, char *err, size_t errlen);
/* How hard to optimize a unit. FULL: the default<O2> pipeline (or -O3)
 * and optimizing code generation: the fastest code. FAST: cleanup passes
 * (SROA, early CSE, instcombine, simplifycfg) and LLVM's fast instruction
 * selector: several times quicker to compile, for large rule sets (where
 * the rule index keeps the code that runs per event small). */
typedef enum lv_jit_tier { LV_TIER_FULL, LV_TIER_FAST, LV_TIER_NONE } lv_jit_tier;

/* A unit built from several modules, each optimized and compiled to
 * machine code by a pool of threads (one per CPU) while the caller lowers
 * the next: at most a few modules exist at once, which bounds memory.
 *   b = lv_jit_batch_begin(j, tier);
 *   lv_jit_batch_add(b, &module);   (takes ownership; blocks while the queue is full)
 *   lv_jit_batch_end(b, &unit, err, errlen);   (links everything under one tracker)
 */
typedef struct lv_jit_batch lv_jit_batch;
lv_jit_batch *lv_jit_batch_begin(lv_jit *j, lv_jit_tier tier);
void lv_jit_batch_add(lv_jit_batch *b, lv_lowered *module);
int lv_jit_batch_end(lv_jit_batch *b, lv_jit_unit **out, char *err, size_t errlen);

/* Address of a function of a unit (links the unit on first use). */
void *lv_jit_lookup(lv_jit *j, const char *name, char *err, size_t errlen);
/* Addresses of many functions in one lookup (links their units once):
 * out[i] for names[i]. Returns 0, or -1 with err. */
int lv_jit_lookup_many(lv_jit *j, const char *const *names, uint32_t n, void **out, char *err, size_t errlen);
/* Removes a unit's code and data. No caller may still be running it. */
void lv_jit_remove(lv_jit_unit *u);

/* Writes what the JIT would load: an object file, or LLVM IR text. Takes
 * ownership of the lowered module. */
int lv_jit_emit(lv_lowered *l, int opt_level, const char *path, bool llvm_ir, char *err, size_t errlen);

/* Checks that every external function the module calls is on the
 * allow-list (done before optimizing; lowering only calls those). */
bool lv_jit_allowed(const char *name);

#endif
