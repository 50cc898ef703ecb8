/* cmd_check.c - `levin check PATH...`: parse and type-check, print diagnostics. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char help[] =
    "usage: levin check [options] PATH...\n"
    "\n"
    "Parses and type-checks rule files; a directory means every *.rule under it.\n"
    "\n"
    "options:\n"
    "  --format text|json|sarif  diagnostics as text (default), JSON lines, or SARIF 2.1.0\n"
    "  --color auto|always|never colour in text mode (default auto: only on a terminal;\n"
    "                            never when NO_COLOR is set)\n"
    "  --max-depth N             nesting bound for expressions (32-1000, default 128)\n"
    "  --max-errors N            stop after N errors (default 50, 0 = no limit)\n"
    "  --summary                 print what the rules contain (streams and rules)\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors in the rules, 2 usage or tool failure.\n";

static void print_summary(lv_buf *out, lv_program *p) {
  lv_buf_printf(out, "%u file%s, %u schema%s, %u stream%s, %u rule%s\n", p->nfiles, p->nfiles == 1 ? "" : "s",
                p->nschemas, p->nschemas == 1 ? "" : "s", p->nstreams, p->nstreams == 1 ? "" : "s", p->nrules,
                p->nrules == 1 ? "" : "s");
  for (uint32_t i = 0; i < p->nstreams; i++) {
    lv_stream_info *st = p->streams[i];
    lv_buf_printf(out, "stream %s: %s from \"%s\" (subscribes to %s)\n", st->name,
                  st->schema ? st->schema->name : "?", st->pattern, st->subject);
    for (uint32_t k = 0; k < st->nrules; k++) {
      lv_rule_info *r = st->rules[k];
      lv_buf_printf(out, "  rule %s", r->name);
      if (r->decl->u.rule.has_priority) lv_buf_printf(out, " (priority %lld)", (long long)r->priority);
      lv_buf_printf(out, ": %u action%s\n", r->decl->u.rule.actions.n, r->decl->u.rule.actions.n == 1 ? "" : "s");
    }
  }
}

int lv_cmd_check(int argc, char **argv) {
  static const struct option opts[] = {
      {"format", required_argument, NULL, 'f'},  {"color", required_argument, NULL, 'c'},
      {"max-depth", required_argument, NULL, 'd'}, {"max-errors", required_argument, NULL, 'e'},
      {"summary", no_argument, NULL, 's'},        {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  lv_diag_format format = LV_DIAG_TEXT;
  const char *color = "auto";
  lv_front_opts fo = {LV_MAX_DEPTH_DEFAULT, 50};
  bool summary = false;
  long v;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "text") == 0) format = LV_DIAG_TEXT;
      else if (strcmp(optarg, "json") == 0) format = LV_DIAG_JSON;
      else if (strcmp(optarg, "sarif") == 0) format = LV_DIAG_SARIF;
      else return lv_cli_usage_error("check", "unknown format '%s' (text, json or sarif)", optarg);
      break;
    case 'c':
      if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
        return lv_cli_usage_error("check", "--color takes auto, always or never");
      color = optarg;
      break;
    case 'd':
      if (lv_cli_max_depth("check", optarg, &fo.max_depth) != LV_EXIT_OK) return LV_EXIT_USAGE;
      break;
    case 'e':
      if (!lv_cli_int(optarg, 0, 1000000, &v)) return lv_cli_usage_error("check", "--max-errors takes a number");
      fo.max_errors = (uint32_t)v;
      break;
    case 's': summary = true; break;
    case 'h': fputs(help, stdout); return LV_EXIT_OK;
    default: return lv_cli_bad_option("check", c, argv, optind);
    }
  }
  if (optind >= argc) return lv_cli_usage_error("check", "no files or directories given");
  lv_front f;
  lv_front_init(&f, &fo);
  bool ok = lv_front_check_paths(&f, (const char *const *)argv + optind, argc - optind);
  lv_diags_sort(&f.diags);
  lv_buf out = LV_BUF_INIT;
  switch (format) {
  case LV_DIAG_TEXT:
    lv_diags_print_text(&out, &f.diags, lv_cli_color(stdout, color));
    if (f.diags.errors || f.diags.warnings)
      lv_buf_printf(&out, "%u error%s, %u warning%s\n", f.diags.errors, f.diags.errors == 1 ? "" : "s",
                    f.diags.warnings, f.diags.warnings == 1 ? "" : "s");
    if (summary && ok) print_summary(&out, &f.prog);
    break;
  case LV_DIAG_JSON: lv_diags_print_json(&out, &f.diags); break;
  case LV_DIAG_SARIF: lv_diags_print_sarif(&out, &f.diags, LEVIN_VERSION); break;
  }
  fwrite(out.data ? out.data : "", 1, out.len, stdout);
  lv_buf_free(&out);
  int status = (f.diags.errors || !ok) ? LV_EXIT_ERRORS : LV_EXIT_OK;
  lv_front_free(&f);
  return status;
}
