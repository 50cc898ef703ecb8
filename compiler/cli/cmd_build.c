/* cmd_build.c - `levin build RULES... -o FILE.o`: writes what the JIT would
 * load, as an object file or LLVM IR text, so generated code can be read. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "driver/front.h"
#include "jit/jit.h"
#include "lower/lower.h"

static const char help[] =
    "usage: levin build [options] RULES... -o FILE\n"
    "\n"
    "Compiles rule files (files or directories) to native code and writes it:\n"
    "an ELF object file (default) or, with --emit-llvm, the optimized LLVM IR as text.\n"
    "\n"
    "options:\n"
    "  -o FILE               where to write (required)\n"
    "  --emit-llvm           write LLVM IR text instead of an object file\n"
    "  -O0 -O1 -O2 -O3       optimization level (default -O2)\n"
    "  --max-depth N         nesting bound for expressions (32-1000, default 128)\n"
    "\n"
    "The functions are named <prefix>_when_<rule> and <prefix>_act_<rule>_<action>\n"
    "(docs/cli.md); they call only the standard library's C functions.\n"
    "Exit status: 0 written, 1 the rules have errors, 2 usage or tool failure.\n";

int lv_cmd_build(int argc, char **argv) {
  static const struct option opts[] = {{"emit-llvm", no_argument, NULL, 'l'},
                                       {"max-depth", required_argument, NULL, 'd'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *out = NULL;
  bool llvm_ir = false;
  int opt_level = 2;
  lv_front_opts fo = {LV_MAX_DEPTH_DEFAULT, 50};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":ho:O:", opts, NULL)) != -1) {
    switch (c) {
    case 'o': out = optarg; break;
    case 'l': llvm_ir = true; break;
    case 'O':
      if (lv_cli_opt_level("build", optarg, &opt_level) != LV_EXIT_OK) return LV_EXIT_USAGE;
      break;
    case 'd':
      if (lv_cli_max_depth("build", optarg, &fo.max_depth) != LV_EXIT_OK) return LV_EXIT_USAGE;
      break;
    case 'h': fputs(help, stdout); return LV_EXIT_OK;
    default: return lv_cli_bad_option("build", c, argv, optind);
    }
  }
  if (optind >= argc) return lv_cli_usage_error("build", "no rule files or directories given");
  if (!out) return lv_cli_usage_error("build", "-o FILE is required");
  lv_front f;
  lv_front_init(&f, &fo);
  int status = LV_EXIT_OK;
  bool ok = lv_front_check_paths(&f, (const char *const *)argv + optind, argc - optind);
  lv_lowered low;
  memset(&low, 0, sizeof low);
  if (ok) {
    lv_layout_schemas(&f.prog, &f.arena);
    ok = lv_lower_program(&low, &f.prog, "levin", NULL);
  }
  lv_diags_sort(&f.diags);
  lv_buf text = LV_BUF_INIT;
  lv_diags_print_text(&text, &f.diags, lv_cli_color(stderr, "auto"));
  if (text.len) fputs(text.data, stderr);
  lv_buf_free(&text);
  if (!ok) {
    lv_lowered_dispose(&low);
    status = LV_EXIT_ERRORS;
  } else {
    char err[1024];
    if (lv_jit_emit(&low, opt_level, out, llvm_ir, err, sizeof err) != 0) {
      fprintf(stderr, "levin build: %s\n", err);
      status = LV_EXIT_USAGE;
    }
  }
  lv_front_free(&f);
  return status;
}
