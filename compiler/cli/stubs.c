/* stubs.c - commands not built yet (temporary). */
#include "cli/cli.h"

int lv_cmd_build(int argc, char **argv) { (void)argc; (void)argv; return lv_cli_usage_error("build", "not built yet"); }
