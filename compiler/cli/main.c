/* main.c - `levin`: the rule author's tool. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: levin <command> [options] [args]\n"
    "\n"
    "commands:\n"
    "  check PATH...            parse and type-check rule files (directories: every *.rule)\n"
    "  eval EXPR                compile and evaluate one CEL expression\n"
    "  build RULES... -o FILE   compile rules to an object file (or --emit-llvm)\n"
    "  run RULES... --events F  run rules over JSON lines and print what fires\n"
    "\n"
    "Run `levin <command> --help` for a command's options.\n"
    "Exit status: 0 success, 1 errors in the rules or the evaluation, 2 usage or tool failure.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return LV_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage, stdout);
    return LV_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
    printf("levin %s (LLVM %s)\n", LEVIN_VERSION, LEVIN_LLVM_VERSION);
    return LV_EXIT_OK;
  }
  if (strcmp(cmd, "check") == 0) return lv_cmd_check(argc - 1, argv + 1);
  if (strcmp(cmd, "eval") == 0) return lv_cmd_eval(argc - 1, argv + 1);
  if (strcmp(cmd, "build") == 0) return lv_cmd_build(argc - 1, argv + 1);
  if (strcmp(cmd, "run") == 0) return lv_cmd_run(argc - 1, argv + 1);
  fprintf(stderr, "levin: unknown command '%s'\n\n%s", cmd, usage);
  return LV_EXIT_USAGE;
}
