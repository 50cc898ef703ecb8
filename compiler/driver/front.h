/* front.h - one compilation's front end: the arena, diagnostics, names and
 * the program being checked. */
#ifndef LV_FRONT_H
#define LV_FRONT_H

#include "check/check.h"

typedef struct lv_front_opts {
  uint32_t max_depth;  /* 0: LV_MAX_DEPTH_DEFAULT */
  uint32_t max_errors; /* 0: no limit */
} lv_front_opts;

typedef struct lv_front {
  lv_arena arena;
  lv_diags diags;
  lv_interner names;
  lv_parse_ctx pcx;
  lv_program prog;
} lv_front;

void lv_front_init(lv_front *f, const lv_front_opts *o);
void lv_front_free(lv_front *f);
/* Loads and checks the files under paths; false on any error. Syntax errors
 * stop before checking (half-parsed files only add noise). */
bool lv_front_check_paths(lv_front *f, const char *const *paths, int n);

#endif
