/* cmd_eval.c - `levin eval EXPR`: compile one CEL expression to native code,
 * run it, print the value as a CEL literal. `--batch FILE` does one per
 * line in one process; `--io json` speaks the typed-JSON protocol that the
 * conformance and differential tests use (docs/cli.md). */
#include <getopt.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/lines.h"
#include "cli/typed_json.h"
#include "decode/decode.h"
#include "jit/jit.h"
#include "lv_json.h"
#include "lv_regex.h"
#include "lv_values.h"

static const char help[] =
    "usage: levin eval [options] EXPR\n"
    "       levin eval [options] --batch FILE\n"
    "\n"
    "Compiles a CEL expression to native code, evaluates it and prints the value as a CEL\n"
    "literal (1, 1u, 1.0, \"text\", b\"\\x00\", [1, \"a\"], {\"k\": 1}, timestamp(\"...\"), ...).\n"
    "\n"
    "options:\n"
    "  --type                    append ' : TYPE' (the static type) to the value\n"
    "  --var NAME=JSON           bind a variable to a JSON value (CEL's JSON mapping: numbers\n"
    "                            are doubles); --var NAME:TYPE=JSON gives it a type (int, list<string>...)\n"
    "  --schema FILE.rule:NAME   the expression sees the fields of this schema as variables...\n"
    "  --event JSON              ...taken from this event (decoded as the service would)\n"
    "  --batch FILE              one expression per line (- for stdin), one result line each\n"
    "  --io json                 with --batch: lines are JSON requests, results typed JSON\n"
    "  --unchecked               resolve operators at run time where types are not known\n"
    "  -O0 -O1 -O2 -O3           optimization level (default -O2)\n"
    "  --max-depth N             nesting bound for expressions (32-1000, default 128)\n"
    "\n"
    "EXPR may start with '-' (-x, -2.5): an argument with a single '-' that is not -h or -O\n"
    "is the expression; -- ends the options.\n"
    "\n"
    "Exit status: 0 value printed; 1 evaluation error (error: ... on stderr);\n"
    "2 compile error (diagnostics on stderr) or usage error.\n";

#define MAX_VARS 64

typedef struct eval_var {
  const char *name;
  const char *type; /* NULL: dyn */
  const char *json;
} eval_var;

typedef struct eval_opts {
  int opt_level;
  bool show_type;
  bool unchecked;
  uint32_t max_depth;
  const char *schema_file, *schema_name;
  const char *event;
  eval_var vars[MAX_VARS];
  uint32_t nvars;
} eval_opts;

/* What one evaluation produced. */
typedef enum { EV_OK, EV_EVAL_ERROR, EV_COMPILE_ERROR, EV_BAD_INPUT } ev_status;

typedef struct ev_result {
  ev_status status;
  lv_buf text;        /* OK: the value (CEL literal or typed JSON); errors: the message(s) */
  lv_buf type;        /* OK: the static type */
} ev_result;

static lv_jit *the_jit;
static atomic_uint unit_counter;

static lv_jit *jit(void) {
  if (!the_jit) {
    char err[512];
    if (lv_jit_new(&the_jit, err, sizeof err) != 0) {
      fprintf(stderr, "levin eval: %s\n", err);
      exit(LV_EXIT_USAGE);
    }
  }
  return the_jit;
}

/* A JSON integer (-?(0|[1-9][0-9]*), blanks around it) for an int or uint
 * variable, read exactly: through JSON's double 9007199254740993 would
 * become ...992. 1: *out set; -1: an integer out of the type's range; 0:
 * not such a literal (other JSON: decoded as usual). */
static int exact_integer(const char *s, bool is_int, lv_value *out) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  const char *p = s + (*s == '-');
  if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9')) return 0;
  const char *end = p;
  while (*end >= '0' && *end <= '9') end++;
  for (const char *q = end; *q; q++)
    if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') return 0;
  bool neg = *s == '-';
  uint64_t mag = 0;
  for (const char *q = p; q < end; q++) {
    unsigned d = (unsigned)(*q - '0');
    if (mag > (UINT64_MAX - d) / 10) return -1;
    mag = mag * 10 + d;
  }
  if (!is_int) {
    if (neg && mag) return -1;
    *out = lv_value_uint(mag);
    return 1;
  }
  if (neg ? mag > (uint64_t)INT64_MAX + 1 : mag > (uint64_t)INT64_MAX) return -1;
  *out = lv_value_int(neg ? (int64_t)(0 - mag) : (int64_t)mag);
  return 1;
}

/* The typed values of the variables, from JSON text. */
static bool bind_json_var(lv_ctx *cx, lv_program *p, const eval_var *v, const lv_type **type, lv_value *out,
                          lv_buf *why) {
  char msg[256];
  *type = p->types.dyn;
  if (v->type) {
    *type = lv_check_type_text(p, v->type, msg, sizeof msg);
    if (!*type) {
      lv_buf_printf(why, "--var %s: %s", v->name, msg);
      return false;
    }
  }
  if ((*type)->kind == LV_T_INT || (*type)->kind == LV_T_UINT) {
    int r = exact_integer(v->json, (*type)->kind == LV_T_INT, out);
    if (r > 0) return true;
    if (r < 0) {
      lv_buf_printf(why, "--var %s: the JSON value does not fit type %s", v->name,
                    (*type)->kind == LV_T_INT ? "int" : "uint");
      return false;
    }
  }
  lv_json_error je;
  if (lv_json_parse(cx, out, v->json, strlen(v->json), LV_JSON_DEFAULT_MAX_DEPTH, &je) != 0) {
    lv_buf_printf(why, "--var %s: %s (at byte %u)", v->name, je.msg, je.offset);
    return false;
  }
  if (!lv_typed_json_coerce(cx, out, *type, msg, sizeof msg)) {
    lv_buf_printf(why, "--var %s: %s", v->name, msg);
    return false;
  }
  return true;
}

/* Compiles and runs one expression. Variables: names/types/values given
 * (already typed), or taken from opts. */
typedef struct ev_input {
  const char *expr;
  size_t len;
  const char *const *names;
  const lv_type *const *types; /* NULL: resolve from type_texts */
  const char *const *type_texts;
  const lv_value *values;
  uint32_t nvars;
  bool unchecked;
  bool json_out;
} ev_input;

static void diags_to(lv_buf *out, lv_diags *d, bool brief) {
  lv_diags_sort(d);
  if (brief) lv_diags_print_brief(out, d);
  else lv_diags_print_text(out, d, false);
}

static void run_one(const eval_opts *o, const ev_input *in, ev_result *r, bool brief) {
  memset(r, 0, sizeof *r);
  lv_front_opts fo = {o->max_depth, 50};
  lv_front f;
  lv_front_init(&f, &fo);
  lv_arena eval_arena;
  lv_arena_init(&eval_arena, 64 * 1024, 256u * 1024 * 1024);
  lv_schema_info *si = NULL;
  lv_regex **regexes = NULL;
  uint32_t nregexes = 0;
  lv_jit_unit *unit = NULL;
  if (o->schema_file) {
    const char *paths[1] = {o->schema_file};
    if (!lv_front_check_paths(&f, paths, 1)) {
      r->status = EV_COMPILE_ERROR;
      diags_to(&r->text, &f.diags, brief);
      goto done;
    }
    si = lv_program_find_schema(&f.prog, o->schema_name);
    if (!si) {
      r->status = EV_BAD_INPUT;
      lv_buf_printf(&r->text, "no schema '%s' in %s", o->schema_name, o->schema_file);
      goto done;
    }
  }
  lv_source *src = lv_source_new(&f.arena, "<expr>", in->expr, in->len);
  src->id = f.prog.nfiles;
  lv_expr *e = lv_parse_expr(&f.pcx, src, 0, (uint32_t)in->len);
  lv_eval_var vars[MAX_VARS];
  lv_sym *syms[MAX_VARS];
  for (uint32_t i = 0; i < in->nvars && i < MAX_VARS; i++) {
    vars[i].name = in->names[i];
    vars[i].type = in->types ? in->types[i] : f.prog.types.dyn;
    if (!in->types && in->type_texts && in->type_texts[i]) {
      char why[256];
      vars[i].type = lv_check_type_text(&f.prog, in->type_texts[i], why, sizeof why);
      if (!vars[i].type) {
        r->status = EV_BAD_INPUT;
        lv_buf_printf(&r->text, "variable %s: %s", in->names[i], why);
        goto done;
      }
    }
  }
  f.prog.unchecked = in->unchecked;
  f.prog.soft_constant_errors = true;
  lv_sym *event_sym = NULL;
  const lv_type *t = e ? lv_check_eval(&f.prog, e, src, vars, in->nvars, syms, si, &event_sym) : NULL;
  if (!t) {
    r->status = EV_COMPILE_ERROR;
    diags_to(&r->text, &f.diags, brief);
    goto done;
  }
  lv_rtinfo *rt = lv_layout_schemas(&f.prog, &f.arena);
  char prefix[32];
  snprintf(prefix, sizeof prefix, "lv_eval%u", atomic_fetch_add(&unit_counter, 1));
  lv_lowered low;
  memset(&low, 0, sizeof low);
  lv_lower_opts lo = {in->unchecked};
  if (!lv_lower_eval(&low, &f.prog, e, syms, in->nvars, event_sym, prefix, &lo)) {
    lv_lowered_dispose(&low);
    r->status = EV_COMPILE_ERROR;
    diags_to(&r->text, &f.diags, brief);
    goto done;
  }
  /* Literal regexes, compiled once (the checker already validated them). */
  nregexes = low.nregexes;
  regexes = calloc(nregexes + 1, sizeof *regexes);
  for (uint32_t i = 0; i < nregexes; i++) {
    lv_regex_error rerr;
    regexes[i] = lv_regex_compile(low.regexes[i].pattern, low.regexes[i].len, &rerr);
  }
  char err[1024];
  if (lv_jit_add(jit(), &unit, &low, o->opt_level, err, sizeof err) != 0) {
    r->status = EV_COMPILE_ERROR;
    lv_buf_printf(&r->text, "error: %s", err);
    goto done;
  }
  char name[64];
  lv_lower_eval_name(name, sizeof name, prefix);
  typedef int32_t (*eval_fn)(lv_ctx *, const lv_value *, const void *, lv_value *, const lv_err **);
  eval_fn fn = (eval_fn)lv_jit_lookup(jit(), name, err, sizeof err);
  if (!fn) {
    r->status = EV_COMPILE_ERROR;
    lv_buf_printf(&r->text, "error: %s", err);
    goto done;
  }
  lv_ctx cx = {&eval_arena, rt, (const void *const *)regexes, NULL};
  void *event = NULL;
  if (si) {
    lv_decode_limits lim = LV_DECODE_LIMITS_DEFAULT;
    lv_decode_error derr;
    const char *ev = o->event ? o->event : "{}";
    if (lv_decode(&event, &eval_arena, si->rt, ev, strlen(ev), NULL, 0, &lim, &derr) != 0) {
      r->status = EV_BAD_INPUT;
      lv_buf_printf(&r->text, "the event does not fit schema %s: %s (at %s)", si->name, derr.reason, derr.path);
      goto done;
    }
  }
  lv_value out;
  const lv_err *eerr = NULL;
  int32_t rc = fn(&cx, in->values, event, &out, &eerr);
  if (rc != 0) {
    r->status = EV_EVAL_ERROR;
    lv_buf_puts(&r->text, eerr && eerr->msg ? eerr->msg : "evaluation failed");
  } else {
    r->status = EV_OK;
    if (in->json_out) lv_typed_json_print(&r->text, &cx, &out);
    else lv_value_print_cel(&r->text, &cx, &out);
    lv_type_print(&r->type, t);
  }
done:
  if (unit) lv_jit_remove(unit);
  for (uint32_t i = 0; i < nregexes; i++) lv_regex_free(regexes[i]);
  free(regexes);
  lv_arena_free(&eval_arena);
  lv_front_free(&f);
}

/* --- one expression ---------------------------------------------------------------------------- */

static int eval_single(const eval_opts *o, const char *expr) {
  lv_arena a;
  lv_arena_init(&a, 4096, 0);
  lv_ctx cx = {&a, NULL, NULL, NULL};
  const char *names[MAX_VARS];
  const char *types[MAX_VARS];
  lv_value values[MAX_VARS];
  /* Types of --var are resolved against a throwaway program. */
  lv_front_opts fo = {o->max_depth, 50};
  lv_front tf;
  lv_front_init(&tf, &fo);
  for (uint32_t i = 0; i < o->nvars; i++) {
    const lv_type *t;
    lv_buf why = LV_BUF_INIT;
    if (!bind_json_var(&cx, &tf.prog, &o->vars[i], &t, &values[i], &why)) {
      fprintf(stderr, "levin eval: %s\n", why.data);
      lv_buf_free(&why);
      lv_front_free(&tf);
      lv_arena_free(&a);
      return LV_EXIT_USAGE;
    }
    names[i] = o->vars[i].name;
    types[i] = o->vars[i].type ? o->vars[i].type : "dyn";
  }
  lv_front_free(&tf);
  ev_input in = {expr, strlen(expr), names, NULL, types, values, o->nvars, o->unchecked, false};
  ev_result r;
  run_one(o, &in, &r, false);
  int status;
  switch (r.status) {
  case EV_OK:
    printf("%s%s%s\n", r.text.data ? r.text.data : "", o->show_type ? " : " : "", o->show_type ? r.type.data : "");
    status = LV_EXIT_OK;
    break;
  case EV_EVAL_ERROR:
    fprintf(stderr, "error: %s\n", r.text.data);
    status = LV_EXIT_ERRORS;
    break;
  case EV_COMPILE_ERROR:
    fputs(r.text.data ? r.text.data : "", stderr);
    status = LV_EXIT_USAGE;
    break;
  default:
    fprintf(stderr, "levin eval: %s\n", r.text.data);
    status = LV_EXIT_USAGE;
    break;
  }
  lv_buf_free(&r.text);
  lv_buf_free(&r.type);
  lv_arena_free(&a);
  return status;
}

/* --- batches ------------------------------------------------------------------------------------- */

/* "error: " and the message on one line: each input line gives exactly one
 * output line, so several diagnostics are joined with "; ". */
static void put_one_line_error(lv_buf *out, const char *text) {
  size_t n = strlen(text);
  while (n && (text[n - 1] == '\n' || text[n - 1] == '\r')) n--;
  lv_buf_puts(out, "error: ");
  for (size_t i = 0; i < n; i++) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') lv_buf_puts(out, "; ");
    else lv_buf_putc(out, text[i]);
  }
  lv_buf_putc(out, '\n');
}

static int eval_batch(const eval_opts *o, const char *path, bool json_io) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "levin eval: cannot read %s\n", path);
    return LV_EXIT_USAGE;
  }
  lv_lines lines;
  lv_lines_init(&lines, f);
  char *line;
  size_t n;
  lv_buf out = LV_BUF_INIT;
  while ((line = lv_lines_next(&lines, &n))) {
    if (n == 0) continue;
    lv_buf_clear(&out);
    if (!json_io) {
      ev_input in = {line, (size_t)n, NULL, NULL, NULL, NULL, 0, o->unchecked, false};
      ev_result r;
      run_one(o, &in, &r, true);
      if (r.status == EV_OK)
        lv_buf_printf(&out, "%s%s%s\n", r.text.data, o->show_type ? " : " : "", o->show_type ? r.type.data : "");
      else
        put_one_line_error(&out, r.text.data ? r.text.data : "");
      lv_buf_free(&r.text);
      lv_buf_free(&r.type);
    } else {
      lv_arena a;
      lv_arena_init(&a, 16 * 1024, 64u * 1024 * 1024);
      lv_ctx cx = {&a, NULL, NULL, NULL};
      lv_typed_request req;
      char why[256];
      if (!lv_typed_json_request(&cx, &req, line, (size_t)n, why, sizeof why)) {
        lv_buf_puts(&out, "{");
        if (req.id) {
          lv_buf_puts(&out, "\"id\":");
          lv_buf_put_json_string(&out, req.id, strlen(req.id));
          lv_buf_putc(&out, ',');
        }
        lv_buf_puts(&out, "\"bad_input\":");
        lv_buf_put_json_string(&out, why, strlen(why));
        lv_buf_puts(&out, "}\n");
      } else {
        ev_input in = {req.expr, req.expr_len, req.names, NULL, req.types, req.values, req.nvars, !req.check, true};
        ev_result r;
        run_one(o, &in, &r, true);
        lv_buf_putc(&out, '{');
        if (req.id) {
          lv_buf_puts(&out, "\"id\":");
          lv_buf_put_json_string(&out, req.id, strlen(req.id));
          lv_buf_putc(&out, ',');
        }
        const char *text = r.text.data ? r.text.data : "";
        switch (r.status) {
        case EV_OK:
          lv_buf_printf(&out, "\"value\":%s,\"type\":", text);
          lv_buf_put_json_string(&out, r.type.data, r.type.len);
          break;
        case EV_EVAL_ERROR:
          lv_buf_puts(&out, "\"error\":");
          lv_buf_put_json_string(&out, text, strlen(text));
          break;
        case EV_COMPILE_ERROR:
          lv_buf_puts(&out, "\"compile_error\":");
          lv_buf_put_json_string(&out, text, strlen(text));
          break;
        default:
          lv_buf_puts(&out, "\"bad_input\":");
          lv_buf_put_json_string(&out, text, strlen(text));
          break;
        }
        lv_buf_puts(&out, "}\n");
        lv_buf_free(&r.text);
        lv_buf_free(&r.type);
      }
      lv_arena_free(&a);
    }
    fwrite(out.data, 1, out.len, stdout);
    fflush(stdout);
  }
  int read_error = lines.error;
  lv_lines_free(&lines);
  lv_buf_free(&out);
  if (f != stdin) fclose(f);
  if (read_error) {
    fprintf(stderr, "levin eval: cannot read %s: %s\n", path, strerror(read_error));
    return LV_EXIT_USAGE;
  }
  return LV_EXIT_OK;
}

static const struct option opts[] = {
    {"type", no_argument, NULL, 't'},       {"var", required_argument, NULL, 'v'},
    {"schema", required_argument, NULL, 's'}, {"event", required_argument, NULL, 'e'},
    {"batch", required_argument, NULL, 'b'}, {"io", required_argument, NULL, 'i'},
    {"unchecked", no_argument, NULL, 'u'},   {"max-depth", required_argument, NULL, 'd'},
    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};

static int eval_main(int argc, char **argv) {
  eval_opts o;
  memset(&o, 0, sizeof o);
  o.opt_level = 2;
  o.max_depth = LV_MAX_DEPTH_DEFAULT;
  const char *batch = NULL;
  bool json_io = false;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":hO:", opts, NULL)) != -1) {
    switch (c) {
    case 't': o.show_type = true; break;
    case 'u': o.unchecked = true; break;
    case 'O':
      if (lv_cli_opt_level("eval", optarg, &o.opt_level) != LV_EXIT_OK) return LV_EXIT_USAGE;
      break;
    case 'd':
      if (lv_cli_max_depth("eval", optarg, &o.max_depth) != LV_EXIT_OK) return LV_EXIT_USAGE;
      break;
    case 'v': {
      if (o.nvars == MAX_VARS) return lv_cli_usage_error("eval", "too many --var options");
      char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg) return lv_cli_usage_error("eval", "--var takes NAME=JSON or NAME:TYPE=JSON");
      *eq = 0;
      eval_var *ev = &o.vars[o.nvars++];
      ev->name = optarg;
      ev->json = eq + 1;
      char *colon = strchr(optarg, ':');
      if (colon) {
        *colon = 0;
        ev->type = colon + 1;
      }
      break;
    }
    case 's': {
      char *colon = strrchr(optarg, ':');
      if (!colon || colon == optarg || !colon[1])
        return lv_cli_usage_error("eval", "--schema takes FILE.rule:SchemaName");
      *colon = 0;
      o.schema_file = optarg;
      o.schema_name = colon + 1;
      break;
    }
    case 'e': o.event = optarg; break;
    case 'b': batch = optarg; break;
    case 'i':
      if (strcmp(optarg, "json") == 0) json_io = true;
      else if (strcmp(optarg, "text") != 0) return lv_cli_usage_error("eval", "--io takes text or json");
      break;
    case 'h': fputs(help, stdout); return LV_EXIT_OK;
    default: return lv_cli_bad_option("eval", c, argv, optind);
    }
  }
  if (o.event && !o.schema_file) return lv_cli_usage_error("eval", "--event needs --schema FILE.rule:NAME");
  int status;
  if (batch) {
    if (optind != argc) return lv_cli_usage_error("eval", "--batch takes no expression argument");
    status = eval_batch(&o, batch, json_io);
  } else {
    if (json_io) return lv_cli_usage_error("eval", "--io json needs --batch");
    if (optind + 1 != argc)
      return lv_cli_usage_error("eval", optind == argc ? "no expression given" : "give one expression (quote it)");
    status = eval_single(&o, argv[optind]);
  }
  if (the_jit) {
    lv_jit_free(the_jit);
    the_jit = NULL;
  }
  return status;
}

/* Whether "--NAME" (no "=VALUE") is a long option, exact or the unique
 * prefix getopt_long accepts, that takes its value from the next argument. */
static bool long_takes_next(const char *name) {
  size_t n = strlen(name);
  const struct option *hit = NULL;
  for (const struct option *op = opts; op->name; op++) {
    if (strncmp(op->name, name, n) != 0) continue;
    if (op->name[n] == 0) return op->has_arg == required_argument; /* exact */
    if (hit) return false; /* ambiguous: getopt reports it */
    hit = op;
  }
  return hit && hit->has_arg == required_argument;
}

int lv_cmd_eval(int argc, char **argv) {
  /* An expression may start with '-' (-2.5e-10, -x, -dyn(1)): an argument
   * that starts with a single '-' and is not one of the short options (-h,
   * -O) is the expression, and from there on nothing is an option, as if
   * `--` stood before it. Arguments starting with "--" stay options, so
   * `--bogus` is still an unknown option; `--` itself ends the options. */
  char **args = malloc(sizeof *args * (size_t)(argc + 2));
  if (!args) abort();
  int nargs = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (i == 0 || a[0] != '-' || a[1] == 0) {
      args[nargs++] = argv[i];
      continue;
    }
    if (a[1] == '-') {
      args[nargs++] = argv[i];
      if (a[2] == 0) { /* "--": the rest is not options anyway */
        for (int k = i + 1; k < argc; k++) args[nargs++] = argv[k];
        break;
      }
      if (!strchr(a, '=') && long_takes_next(a + 2) && i + 1 < argc) args[nargs++] = argv[++i];
      continue;
    }
    if (strcmp(a, "-h") == 0 || strncmp(a, "-O", 2) == 0) {
      args[nargs++] = argv[i];
      if (a[2] == 0 && a[1] == 'O' && i + 1 < argc) args[nargs++] = argv[++i]; /* -O 2 */
      continue;
    }
    args[nargs++] = "--";
    for (int k = i; k < argc; k++) args[nargs++] = argv[k];
    break;
  }
  args[nargs] = NULL;
  int rc = eval_main(nargs, args);
  free(args);
  return rc;
}
