/* cli.h - the `levin` command: shared helpers of the subcommands. */
#ifndef LV_CLI_H
#define LV_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "check/check.h"
#include "driver/front.h"

/* Exit statuses shared by every subcommand. */
enum { LV_EXIT_OK = 0, LV_EXIT_ERRORS = 1, LV_EXIT_USAGE = 2 };

int lv_cmd_check(int argc, char **argv);
int lv_cmd_eval(int argc, char **argv);
int lv_cmd_build(int argc, char **argv);
int lv_cmd_run(int argc, char **argv);

/* Colour on a terminal only, and never when NO_COLOR is set. */
bool lv_cli_color(FILE *f, const char *mode);
/* Prints "levin <cmd>: message" and a pointer to --help; returns LV_EXIT_USAGE. */
int lv_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses an integer option in [lo, hi]. */
bool lv_cli_int(const char *s, long lo, long hi, long *out);
/* The options several commands share: -O LEVEL and --max-depth N. Each
 * returns LV_EXIT_OK, or reports the usage error and returns LV_EXIT_USAGE. */
int lv_cli_opt_level(const char *cmd, const char *arg, int *out);
int lv_cli_max_depth(const char *cmd, const char *arg, uint32_t *out);
/* The default case of every getopt_long loop (whose optstring starts with
 * ':'): c is ':' for an option missing its value, anything else for an
 * unknown option. Reports the usage error and returns LV_EXIT_USAGE. */
int lv_cli_bad_option(const char *cmd, int c, char **argv, int optind_now);

#endif
