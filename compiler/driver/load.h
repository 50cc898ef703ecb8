/* load.h - reading rule files: the paths given (files, or directories
 * searched recursively for *.rule), then their imports, each file once. */
#ifndef LV_LOAD_H
#define LV_LOAD_H

#include "check/check.h"

/* Parses every file reachable from paths into p (lv_program_add_file).
 * Reports unreadable files (E0001), directories without rule files (E0002),
 * missing imports (E0303) and import cycles (E0304). Returns false if any
 * file could not be read or had a syntax error. */
bool lv_load_paths(lv_program *p, const char *const *paths, int npaths);
/* A source held in memory (levin eval, tests): parsed and added. */
bool lv_load_source(lv_program *p, lv_source *src);

#endif
