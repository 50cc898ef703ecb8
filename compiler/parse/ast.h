/* ast.h - the syntax tree of a .rule file and of CEL expressions.
 *
 * Built by the grammar actions (one constructor call per action, ast.c) into
 * the compilation's arena. The checker annotates expressions in place
 * (`type`, `ref`, `overload`) and lowering reads those annotations; nothing
 * else mutates the tree. Every node keeps its byte span in the source. */
#ifndef LV_AST_H
#define LV_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "diag/source.h"

struct lv_type;
struct lv_sym;
struct lv_candidates;

typedef struct lv_ident {
  const char *name; /* interned, NUL-terminated; compare by pointer */
  lv_span span;
} lv_ident;

/* --- expressions -------------------------------------------------------------- */

typedef enum lv_expr_kind {
  LV_EX_ERROR,   /* stands in for something that did not parse */
  LV_EX_NULL,
  LV_EX_BOOL,
  LV_EX_INT,
  LV_EX_UINT,
  LV_EX_DOUBLE,
  LV_EX_STRING,
  LV_EX_BYTES,
  LV_EX_IDENT,   /* name (u.ident) */
  LV_EX_SELECT,  /* operand.field, operand.?field (u.select) */
  LV_EX_INDEX,   /* operand[index], operand[?index] (u.index) */
  LV_EX_CALL,    /* fn(args), target.fn(args) (u.call) */
  LV_EX_UNARY,   /* !a, -a (u.unary) */
  LV_EX_BINARY,  /* a op b (u.binary) */
  LV_EX_AND,     /* a && b && ...: n-ary, operands in source order (u.logic) */
  LV_EX_OR,      /* a || b || ... (u.logic) */
  LV_EX_COND,    /* c ? a : b (u.cond) */
  LV_EX_LIST,    /* [a, ?b] (u.list) */
  LV_EX_MAP,     /* {k: v, ?k: v} (u.map) */
  LV_EX_MESSAGE, /* Name{f: v, ?f: v} (u.message) */
  LV_EX_HAS,     /* has(operand.field) (u.select) */
  LV_EX_COMPRE,  /* a macro: all, exists, exists_one, map, filter (u.compre) */
  LV_EX_KIND_COUNT
} lv_expr_kind;

typedef enum lv_op {
  LV_OP_NONE,
  LV_OP_NOT, /* unary ! */
  LV_OP_NEG, /* unary - */
  LV_OP_ADD,
  LV_OP_SUB,
  LV_OP_MUL,
  LV_OP_DIV,
  LV_OP_MOD,
  LV_OP_EQ,
  LV_OP_NE,
  LV_OP_LT,
  LV_OP_LE,
  LV_OP_GT,
  LV_OP_GE,
  LV_OP_IN,
  LV_OP_COUNT
} lv_op;

typedef enum lv_macro {
  LV_M_ALL,        /* r.all(x, p) */
  LV_M_EXISTS,     /* r.exists(x, p) */
  LV_M_EXISTS_ONE, /* r.exists_one(x, p) */
  LV_M_MAP,        /* r.map(x, t) */
  LV_M_MAP_FILTER, /* r.map(x, p, t) */
  LV_M_FILTER,     /* r.filter(x, p) */
  LV_M_TRANSFORM_LIST, /* r.transformList(i, v, [p,] t) */
  LV_M_TRANSFORM_MAP,  /* r.transformMap(k, v, [p,] t) */
  LV_M_OPT_MAP,        /* opt.optMap(x, t) */
  LV_M_OPT_FLAT_MAP,   /* opt.optFlatMap(x, t) */
  LV_M_COUNT
} lv_macro;

/* Expression flags. */
enum {
  LV_EF_OPTIONAL = 1 << 0, /* .?field or [?index] */
  LV_EF_PAREN = 1 << 1,    /* was written in parentheses (for fmt) */
  LV_EF_ABSOLUTE = 1 << 2, /* identifier or call with a leading dot */
  LV_EF_CONST = 1 << 3,    /* checker: value known at compile time */
  LV_EF_INT_MIN = 1 << 4,  /* the literal 9223372036854775808, valid only negated */
  LV_EF_FOLDED = 1 << 5,   /* a literal with a unary minus folded into it */
};

typedef struct lv_expr lv_expr;

typedef struct lv_expr_list {
  lv_expr **items;
  uint32_t n, cap;
} lv_expr_list;

/* An entry of a list literal ([?e]), map literal ({?k: v}) or message
 * construction (Name{?f: v}). */
typedef struct lv_entry {
  lv_expr *key;       /* map key; NULL for list elements and message fields */
  lv_ident field;     /* message field name */
  lv_expr *value;
  bool optional;      /* ?-prefixed: included only if the optional has a value */
  bool word_key;      /* key is a reserved word or keyword: valid as a message field only */
  uint32_t field_index; /* checker: index of the field in the schema */
} lv_entry;

typedef struct lv_entry_list {
  lv_entry *items;
  uint32_t n, cap;
} lv_entry_list;

struct lv_expr {
  uint8_t kind;   /* lv_expr_kind */
  uint8_t op;     /* lv_op, for UNARY and BINARY */
  uint8_t macro;  /* lv_macro, for COMPRE */
  uint8_t flags;
  uint16_t depth; /* nesting depth of this subtree */
  lv_span span;   /* the whole expression */
  uint32_t id;    /* unique within a compilation */
  /* Checker annotations. */
  const struct lv_type *type;
  uint32_t overload; /* resolved overload of CALL/UNARY/BINARY/INDEX (stdlib table),
                        or LV_B_NONE when `cands` lists run-time candidates */
  const struct lv_candidates *cands;
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    struct {
      const char *ptr; /* decoded bytes (arena), NUL-terminated for convenience */
      uint32_t len;
    } str;
    struct {
      const char *name;        /* interned; may be dotted after resolution */
      const struct lv_sym *sym; /* checker: what it names */
    } ident;
    struct {
      lv_expr *operand;
      lv_ident field;
      uint32_t field_index; /* checker: for message operands */
    } select;
    struct {
      lv_expr *operand;
      lv_expr *index;
    } index;
    struct {
      lv_expr *target;  /* receiver, or NULL for a global call */
      lv_ident fn;      /* function name (for namespaced functions such as
                           math.greatest the checker rewrites target+fn) */
      lv_expr_list args;
      const struct lv_sym *def; /* checker: a user `def` being called */
    } call;
    struct {
      lv_expr *operand;
    } unary;
    struct {
      lv_expr *left, *right;
    } binary;
    struct {
      lv_expr_list args;
    } logic;
    struct {
      lv_expr *cond, *then, *other;
    } cond;
    struct {
      lv_entry_list entries;
    } list; /* also map */
    struct {
      lv_ident type_name; /* possibly dotted */
      lv_entry_list entries;
      const struct lv_sym *schema; /* checker */
    } message;
    struct {
      lv_expr *range;
      lv_ident var;   /* element (or index/key when var2 is set) */
      lv_ident var2;  /* value, in two-variable forms; name NULL otherwise */
      lv_expr *pred;  /* predicate (ALL EXISTS EXISTS_ONE FILTER, optional for the transforms) */
      lv_expr *xform; /* transform (MAP MAP_FILTER TRANSFORM_* OPT_*) */
      const struct lv_sym *var_sym;  /* checker: the variables */
      const struct lv_sym *var2_sym;
    } compre;
  } u;
};

/* --- types as written ------------------------------------------------------------ */

typedef struct lv_typeexpr lv_typeexpr;
struct lv_typeexpr {
  lv_ident name;          /* int, string, list, map, a schema name (maybe dotted) */
  lv_typeexpr **params;   /* list<T>, map<K, V>, optional<T> */
  uint32_t nparams;
  bool optional;          /* T? in a schema field */
  lv_span span;
  uint32_t depth;         /* nesting: 1 for a name, list<int> is 2 */
  /* checker: the type it resolved to, and the program that resolved it. A
   * def's parameter types are resolved by the def and again at each call;
   * the first resolution's errors are the only ones reported. */
  const void *resolved_in;
  const struct lv_type *resolved;
};

/* --- declarations ----------------------------------------------------------------- */

typedef enum lv_decl_kind {
  LV_D_PACKAGE,
  LV_D_IMPORT,
  LV_D_SCHEMA,
  LV_D_STREAM,
  LV_D_LET,
  LV_D_DEF,
  LV_D_RULE,
  LV_D_KIND_COUNT
} lv_decl_kind;

typedef struct lv_field_decl {
  lv_ident name;
  lv_typeexpr *type;
  lv_expr *default_value; /* NULL if none */
  const char *json_name;  /* NULL if not renamed */
  uint32_t json_len;
  lv_span json_span;
  lv_span span;
} lv_field_decl;

typedef struct lv_param {
  lv_ident name;
  lv_typeexpr *type;
  struct lv_sym *sym; /* checker: the parameter's variable */
} lv_param;

/* A publish subject: literal text and ${expr} parts. */
typedef struct lv_tmpl_part {
  bool is_expr;
  const char *text; /* decoded literal text (is_expr false) */
  uint32_t len;
  lv_expr *expr;    /* is_expr true */
  lv_span span;
} lv_tmpl_part;

typedef struct lv_template {
  lv_tmpl_part *parts;
  uint32_t n, cap;
  lv_span span;
} lv_template;

typedef enum lv_action_kind { LV_A_PUBLISH, LV_A_LOG } lv_action_kind;

typedef struct lv_action {
  lv_action_kind kind;
  lv_span span;
  lv_template *subject; /* PUBLISH */
  lv_expr *payload;     /* PUBLISH */
  lv_ident level;       /* LOG: debug, info, warn, error */
  lv_expr *message;     /* LOG */
} lv_action;

typedef struct lv_action_list {
  lv_action **items;
  uint32_t n, cap;
} lv_action_list;

typedef struct lv_decl lv_decl;

struct lv_decl {
  lv_decl_kind kind;
  lv_span span;       /* the whole declaration */
  lv_ident name;      /* declared name (package: dotted name; import: none) */
  struct lv_file *file;
  union {
    struct {
      const char *path; /* decoded import path */
      uint32_t path_len; /* its length: a NUL inside makes it differ from strlen */
      lv_span path_span;
      struct lv_file *target; /* resolved by the loader */
      bool used;              /* checker: something from it was referenced */
    } import;
    struct {
      lv_field_decl *fields;
      uint32_t n, cap;
    } schema;
    struct {
      lv_ident schema;   /* schema name as written */
      const char *subject;
      uint32_t subject_len;
      lv_span subject_span;
    } stream;
    struct {
      lv_typeexpr *type; /* optional annotation */
      lv_expr *value;
    } let;
    struct {
      lv_param *params;
      uint32_t nparams, capparams;
      lv_typeexpr *result; /* optional annotation */
      lv_expr *body;
    } def;
    struct {
      int64_t priority;
      bool has_priority;
      lv_span priority_span;
      lv_ident stream;  /* on STREAM */
      lv_ident binding; /* as NAME */
      lv_expr *when;    /* NULL: always */
      lv_action_list actions;
    } rule;
  } u;
};

/* A comment, kept for the formatter and tools. */
typedef struct lv_comment {
  lv_span span;
} lv_comment;

typedef struct lv_file {
  lv_source *src;
  lv_decl **decls;
  uint32_t n, cap;
  lv_comment *comments;
  uint32_t ncomments, capcomments;
  const char *package; /* dotted package name, or NULL */
  bool had_syntax_error;
} lv_file;

/* Calls fn(ctx, child) on each direct subexpression of e, in source order
 * (not into the body of a def that e calls): the one list of what an
 * expression contains, for the passes that walk the tree. */
void lv_expr_each_child(const lv_expr *e, void (*fn)(void *ctx, const lv_expr *child), void *ctx);

/* Printing an expression back as CEL text (for messages and `levin explain`). */
struct lv_buf;
void lv_expr_print(struct lv_buf *out, const lv_expr *e);
const char *lv_op_text(lv_op op);

#endif
