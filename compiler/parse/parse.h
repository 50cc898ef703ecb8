/* parse.h - parsing .rule files and single CEL expressions into the AST. */
#ifndef LV_PARSE_H
#define LV_PARSE_H

#include "base/intern.h"
#include "diag/diag.h"
#include "lex/lex.h"
#include "parse/ast.h"

/* Nesting of expressions: CEL requires at least 32 levels; deeper input than
 * the bound is an error (never a stack overflow in later passes). */
#define LV_MAX_DEPTH_DEFAULT 128
#define LV_MAX_DEPTH_MIN 32
#define LV_MAX_DEPTH_MAX 1000

typedef struct lv_parse_opts {
  uint32_t max_depth;
} lv_parse_opts;

/* Shared by every parse of one compilation. */
typedef struct lv_parse_ctx {
  lv_arena *arena;
  lv_diags *diags;
  lv_interner *names;
  uint32_t max_depth;
  uint32_t next_expr_id;
} lv_parse_ctx;

/* State of one parse (a file, an expression, or a template part); the
 * grammar actions receive it. */
typedef struct lv_parser {
  lv_parse_ctx *cx;
  lv_arena *arena;
  lv_diags *diags;
  lv_source *src;
  lv_file *file;        /* declarations are appended here */
  lv_expr *expr;        /* result in expression mode */
  lv_token last;        /* last token fed, for messages at end of input */
  lv_token prev;        /* the token before `last` */
  bool any_token;       /* `last` is set */
  uint32_t end;         /* end of the text being parsed */
  /* Lemon's state stack as it was before the current token was fed: syntax
   * errors list what could have come instead of it (after the token, LALR
   * default reductions have already dropped some of the choices). */
  int before[256];
  int nbefore;          /* entries in `before`; -1 if the stack was deeper */
  bool failed;          /* the parser gave up */
  bool syntax_errors;   /* at least one syntax error was reported */
  bool depth_reported;  /* one "too deep" per declaration is enough */
  bool overflowed;      /* the parser stack overflowed, or brackets nested too deep */
  uint32_t brackets;    /* ( [ { open */
  bool lex_error;       /* a lexical error came just before this token */
  bool swallowed;       /* since the last declaration keyword in column 1, an
                           unterminated string, template or comment took text
                           meant as code: syntax errors are echoes */
} lv_parser;

void lv_parse_ctx_init(lv_parse_ctx *cx, lv_arena *a, lv_diags *d, lv_interner *names,
                       uint32_t max_depth);
/* Parses a whole .rule file. Always returns a file (possibly with fewer
 * declarations than written when there were syntax errors). */
lv_file *lv_parse_file(lv_parse_ctx *cx, lv_source *src);
/* Parses src->text[start, end) as one CEL expression. Returns NULL on a
 * syntax error (reported). */
lv_expr *lv_parse_expr(lv_parse_ctx *cx, lv_source *src, uint32_t start, uint32_t end);

/* Called from the grammar. */
void lv_parse_syntax_error(lv_parser *p, int major, lv_token tok, void *lemon);
void lv_parse_stack_overflow(lv_parser *p);
void lv_parse_set_expr(lv_parser *p, lv_expr *e);
/* The parser's state stack (bottom first), or -1 if deeper than max. */
int lv_lemon_stack(void *lemon, int *states, int max);
/* The terminals acceptable in the configuration `states`. */
int lv_lemon_expected(const int *states, int nstates, int *out, int max);
/* Ends Lemon's error recovery early (it stays silent until three tokens
 * have been shifted after an error). */
void lv_lemon_forgive(void *lemon);

/* Lemon's interface (generated parse.c). */
void *lv_lemonAlloc(void *(*alloc)(size_t));
void lv_lemonFree(void *parser, void (*release)(void *));
void lv_lemon(void *parser, int major, lv_token minor, lv_parser *p);

#endif
