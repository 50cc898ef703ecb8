/* overload.h - resolving calls and operators against stdlib/builtins.def. */
#ifndef LV_OVERLOAD_H
#define LV_OVERLOAD_H

#include "check/check.h"

void lv_builtins_init(lv_program *p);
bool lv_builtin_name_known(lv_program *p, const char *name);

typedef struct lv_resolution {
  bool found;
  bool name_known;  /* some overload has this name and style */
  bool arity_known; /* some overload has this many parameters */
  uint32_t id;      /* the overload, or LV_B_NONE with cands */
  const lv_candidates *cands;
  const lv_type *type;
} lv_resolution;

lv_resolution lv_resolve(lv_program *p, const char *name, lv_call_style style,
                         const lv_type *const *args, uint32_t nargs);

/* Could overload id take arguments of these static types (dyn matching
 * anything)? Used to narrow run-time dispatch. */
bool lv_overload_accepts(lv_program *p, uint32_t id, const lv_type *const *args, uint32_t nargs);

#endif
