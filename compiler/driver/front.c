/* front.c - setting up and running the front end of one compilation. */
#include "driver/front.h"

#include "driver/load.h"

void lv_front_init(lv_front *f, const lv_front_opts *o) {
  lv_arena_init(&f->arena, 256 * 1024, 0);
  lv_diags_init(&f->diags, &f->arena, o->max_errors);
  lv_interner_init(&f->names, &f->arena);
  lv_parse_ctx_init(&f->pcx, &f->arena, &f->diags, &f->names, o->max_depth);
  lv_program_init(&f->prog, &f->arena, &f->diags, &f->pcx);
}

void lv_front_free(lv_front *f) {
  lv_program_free(&f->prog);
  lv_interner_free(&f->names);
  lv_arena_free(&f->arena);
}

bool lv_front_check_paths(lv_front *f, const char *const *paths, int n) {
  if (!lv_load_paths(&f->prog, paths, n)) return false;
  return lv_check_program(&f->prog);
}
