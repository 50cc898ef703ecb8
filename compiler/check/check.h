/* check.h - name resolution and CEL type checking: parsed files in, a checked
 * program out (schemas with their fields, streams with their rules sorted by
 * priority, every expression annotated with its type and overload). */
#ifndef LV_CHECK_H
#define LV_CHECK_H

#include "check/types.h"
#include "parse/parse.h"

/* --- the standard library table (stdlib/builtins.def) ----------------------------- */

typedef enum lv_builtin_id {
#define B(id, name, style, sig, impl, sym) LV_B_##id,
#include "builtins.def"
#undef B
  LV_B_COUNT,
  LV_B_NONE = LV_B_COUNT,
} lv_builtin_id;

typedef enum lv_call_style { LV_STYLE_FN, LV_STYLE_MEMBER, LV_STYLE_OP } lv_call_style;
typedef enum lv_impl_kind { LV_IMPL_INLINE, LV_IMPL_PURE, LV_IMPL_ERR } lv_impl_kind;

typedef struct lv_builtin {
  const char *name;
  lv_call_style style;
  lv_impl_kind impl;
  const char *symbol;
  /* The signature, parsed once (check/overload.c). nparams is -1 for
   * variadic (math.greatest(a, b, ...)). */
  int nparams;
  const lv_type *params[4];
  const lv_type *result;
} lv_builtin;

/* --- symbols ------------------------------------------------------------------------ */

typedef enum lv_sym_kind {
  LV_SYM_SCHEMA,
  LV_SYM_STREAM,
  LV_SYM_LET,
  LV_SYM_DEF,
  LV_SYM_VAR,  /* rule binding, def parameter, macro variable, eval variable */
  LV_SYM_TYPE, /* a built-in type name used as a value: int, list, google.protobuf.Timestamp */
} lv_sym_kind;

struct lv_schema_info;
struct lv_stream_info;

typedef struct lv_sym {
  lv_sym_kind kind;
  const char *name;
  lv_decl *decl;
  const lv_type *type;            /* VAR, LET: its type; TYPE, SCHEMA: type<T> */
  struct lv_schema_info *schema;  /* SCHEMA */
  struct lv_stream_info *stream;  /* STREAM */
  lv_source *src;
  lv_span span;
  bool used;
  int state;      /* LET/DEF: 0 unchecked, 1 being checked, 2 done */
  /* DEF: its body with the defs it calls expanded (check/inline.c): nodes
   * (capped just above the limit), nesting depth, and whether that already
   * went over a limit (reported in the def, so callers stay quiet). LET:
   * inl_depth is the length of the longest chain of lets it starts, and
   * inl_over as for a def. */
  uint32_t inl_size, inl_depth;
  uint32_t inl_lets; /* DEF: the longest chain of lets it refers to; a LET's is in inl_depth */
  bool inl_over;
  /* LET of type bool: its value as a compile-time condition (check/truth.c),
   * found once: 0 not yet looked at, 1 not known, 2 false, 3 true. */
  uint8_t truth;
  uint32_t index; /* VAR: slot number for lowering; eval variable: binding index;
                     LET: its number in the program (lv_program.nlets) */
} lv_sym;

/* --- schemas, streams, rules ------------------------------------------------------------ */

typedef struct lv_field_info {
  const char *name;     /* interned */
  const lv_type *type;
  bool optional;        /* T? */
  lv_expr *dflt;        /* default value, or NULL */
  const char *json_name;
  uint32_t json_len;
  lv_field_decl *decl;
  bool needed;          /* read by some expression (decode materialises it) */
  bool captured;        /* filled from a subject token */
} lv_field_info;

typedef struct lv_schema_info {
  const char *name; /* qualified: package.Name */
  lv_decl *decl;
  lv_field_info *fields;
  uint32_t nfields;
  const lv_type *type;
  uint32_t index;
  int state;          /* 0 unresolved, 1 resolving, 2 done */
  struct lv_schema *rt; /* runtime layout (lower/layout.c) */
} lv_schema_info;

typedef struct lv_capture_spec {
  uint32_t token; /* subject token index */
  uint32_t field; /* schema field index */
} lv_capture_spec;

typedef struct lv_rule_info {
  lv_decl *decl;
  const char *name; /* qualified: package.rule */
  struct lv_stream_info *stream;
  lv_sym *binding;
  int64_t priority;
  uint32_t order; /* position in the program (file order) */
  uint32_t index;
} lv_rule_info;

typedef struct lv_stream_info {
  lv_decl *decl;
  const char *name;    /* qualified */
  lv_schema_info *schema;
  const char *pattern; /* as written: plant.{site}.sensor.*.reading */
  const char *subject; /* to subscribe: plant.*.sensor.*.reading */
  uint32_t ntokens;
  bool tail_wildcard;  /* ends with > */
  lv_capture_spec *captures;
  uint32_t ncaptures;
  lv_rule_info **rules; /* firing order: priority high to low, then file order */
  uint32_t nrules, caprules;
  uint32_t index;
} lv_stream_info;

/* A variable declared for `levin eval` (and conformance tests). */
typedef struct lv_eval_var {
  const char *name;
  const lv_type *type;
} lv_eval_var;

typedef struct lv_program {
  lv_arena *arena;
  lv_diags *diags;
  lv_interner *names;
  lv_types types;
  lv_parse_ctx *pcx;
  lv_builtin builtins[LV_B_COUNT];
  /* Files in load order (roots and imports). */
  lv_file **files;
  uint32_t nfiles, capfiles;
  lv_schema_info **schemas;
  uint32_t nschemas, capschemas;
  lv_stream_info **streams;
  uint32_t nstreams, capstreams;
  lv_rule_info **rules;
  uint32_t nrules, caprules;
  /* Scopes (check/scope.c): per file, plus qualified names program-wide. */
  struct lv_scope *global;
  struct lv_scope **file_scopes;
  /* Unchecked mode (the CEL spec's disable_check): an operator or function
   * whose overload cannot be resolved statically is dispatched at run time. */
  bool unchecked;
  /* levin eval: a sub-expression sure to fail is a warning, and evaluation
   * shows the run-time error (in rule files it is a compile error). */
  bool soft_constant_errors;
  uint32_t nvars; /* slots for VAR symbols in the widest function */
  uint32_t nlets; /* lets checked; each has a number below this in lv_sym.index */
  bool chain_reported; /* E0202 for a chain of lets and defs too long to check was given */
} lv_program;

void lv_program_init(lv_program *p, lv_arena *a, lv_diags *d, lv_parse_ctx *pcx);
void lv_program_free(lv_program *p);
void lv_program_add_file(lv_program *p, lv_file *f);

/* Checks every file added. Returns false if there were errors. */
bool lv_check_program(lv_program *p);

/* Checks one expression (levin eval): vars are in scope; if schema is given,
 * its fields are in scope as variables too (fields_of). Returns the type, or
 * NULL on errors. *binding receives the symbol for the event, if any. */
const lv_type *lv_check_eval(lv_program *p, lv_expr *e, lv_source *src, const lv_eval_var *vars,
                             uint32_t nvars, lv_sym **var_syms, lv_schema_info *fields_of,
                             lv_sym **event_sym);

/* Resolves a type written in Levin syntax ("list<int>") for eval variables. */
const lv_type *lv_check_type_text(lv_program *p, const char *text, char *why, size_t whylen);
lv_schema_info *lv_program_find_schema(lv_program *p, const char *name);

/* Dynamic candidates of a call that could not be resolved statically. */
typedef struct lv_candidates {
  uint32_t n;
  uint32_t ids[];
} lv_candidates;

#endif
