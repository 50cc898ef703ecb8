/* common.c - helpers shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

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

int lv_cli_opt_level(const char *cmd, const char *arg, int *out) {
  long v;
  if (!lv_cli_int(arg, 0, 3, &v)) return lv_cli_usage_error(cmd, "-O takes 0, 1, 2 or 3");
  *out = (int)v;
  return LV_EXIT_OK;
}

int lv_cli_max_depth(const char *cmd, const char *arg, uint32_t *out) {
  long v;
  if (!lv_cli_int(arg, LV_MAX_DEPTH_MIN, LV_MAX_DEPTH_MAX, &v))
    return lv_cli_usage_error(cmd, "--max-depth takes a number from %d to %d", LV_MAX_DEPTH_MIN, LV_MAX_DEPTH_MAX);
  *out = (uint32_t)v;
  return LV_EXIT_OK;
}

int lv_cli_bad_option(const char *cmd, int c, char **argv, int optind_now) {
  const char *arg = argv[optind_now - 1];
  if (c == ':') {
    /* "--events" alone, or "-O" at the end: the option is named in argv,
     * without the "=value" a long option may carry. */
    return lv_cli_usage_error(cmd, "option '%s' needs a value", arg);
  }
  return lv_cli_usage_error(cmd, "unknown option '%s'", arg);
}
