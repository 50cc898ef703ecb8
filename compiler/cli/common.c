/* common.c - helpers shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "driver/load.h"

bool lv_cli_color(FILE *f, const char *mode) {
  const char *nc = getenv("NO_COLOR");
  if (nc && nc[0]) return false;
  if (mode && strcmp(mode, "always") == 0) return true;
  if (mode && strcmp(mode, "never") == 0) return false;
  return isatty(fileno(f));
}

int lv_cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "levin %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n(see `levin %s --help`)\n", cmd);
  va_end(ap);
  return LV_EXIT_USAGE;
}

bool lv_cli_int(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return false;
  *out = v;
  return true;
}

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
  /* Syntax errors stop here: checking half-parsed files would only add noise. */
  if (!lv_load_paths(&f->prog, paths, n)) return false;
  return lv_check_program(&f->prog);
}
