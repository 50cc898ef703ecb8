/* parse.c - the driver: feeds tokens from the lexer to the Lemon parser,
 * words syntax errors, and parses subject templates' ${...} parts. */
#include "parse/parse.h"

#include <stdlib.h>
#include <string.h>

#include "grammar.h" /* generated token numbers */

void lv_parse_ctx_init(lv_parse_ctx *cx, lv_arena *a, lv_diags *d, lv_interner *names,
                       uint32_t max_depth) {
  memset(cx, 0, sizeof *cx);
  cx->arena = a;
  cx->diags = d;
  cx->names = names;
  cx->max_depth = max_depth ? max_depth : LV_MAX_DEPTH_DEFAULT;
}

static void add_comment(lv_parser *p, lv_token t) {
  lv_file *f = p->file;
  if (f->ncomments == f->capcomments) {
    uint32_t cap = f->capcomments ? f->capcomments * 2 : 16;
    f->comments = lv_arena_grow(p->arena, f->comments, f->ncomments * sizeof *f->comments,
                                cap * sizeof *f->comments);
    f->capcomments = cap;
  }
  f->comments[f->ncomments++].span = lv_span_make(t.start, t.end);
}

/* Feeds every token of the lexer to the parser, then the end marker. */
static void run(lv_parser *p, lv_lexer *lx, int first) {
  void *lemon = lv_lemonAlloc(malloc);
  if (!lemon) abort();
  if (first) lv_lemon(lemon, first, (lv_token){first, lx->base, lx->base}, p);
  for (;;) {
    lv_token t = lv_lex_next(lx);
    if (t.type == LV_TK_COMMENT) {
      if (p->file) add_comment(p, t);
      continue;
    }
    if (t.type == LV_TK_SKIP) {
      p->lex_error = true;
      continue;
    }
    if (t.type != LV_TK_EOF) p->last = t;
    lv_lemon(lemon, t.type, t, p);
    p->lex_error = false;
    if (t.type == LV_TK_EOF || p->failed || p->overflowed) break;
  }
  lv_lemonFree(lemon, free);
}

lv_file *lv_parse_file(lv_parse_ctx *cx, lv_source *src) {
  lv_parser p;
  memset(&p, 0, sizeof p);
  p.cx = cx;
  p.arena = cx->arena;
  p.diags = cx->diags;
  p.src = src;
  p.file = lv_arena_calloc(cx->arena, 1, sizeof *p.file);
  p.file->src = src;
  uint32_t before = cx->diags->errors;
  lv_lexer lx;
  lv_lexer_init(&lx, src, 0, src->len, cx->diags);
  run(&p, &lx, 0);
  p.file->had_syntax_error = p.syntax_errors || p.failed || cx->diags->errors > before;
  return p.file;
}

lv_expr *lv_parse_expr(lv_parse_ctx *cx, lv_source *src, uint32_t start, uint32_t end) {
  lv_parser p;
  memset(&p, 0, sizeof p);
  p.cx = cx;
  p.arena = cx->arena;
  p.diags = cx->diags;
  p.src = src;
  uint32_t before = cx->diags->errors;
  lv_lexer lx;
  lv_lexer_init(&lx, src, start, end, cx->diags);
  run(&p, &lx, LV_TK_EXPR_MODE);
  if (p.syntax_errors || p.failed || !p.expr || cx->diags->errors > before) return NULL;
  return p.expr;
}

void lv_parse_set_expr(lv_parser *p, lv_expr *e) { p->expr = e; }

void lv_parse_stack_overflow(lv_parser *p) {
  p->overflowed = true;
  p->syntax_errors = true;
  lv_diag *g = lv_diag_add(p->diags, LV_D_TOO_DEEP, p->src, lv_span_make(p->last.start, p->last.end),
                           "expression nested too deeply (more than %u levels)", p->cx->max_depth);
  lv_diag_help(g, p->diags, "split it with `let` or `def`");
}

static bool in_set(const int *set, int n, int t) {
  for (int i = 0; i < n; i++)
    if (set[i] == t) return true;
  return false;
}

/* Describes the offending token: "'then'", "name 'foo'", "end of file". */
static void describe(lv_buf *b, lv_parser *p, int major, lv_token t) {
  const char *text = p->src->text + t.start;
  uint32_t len = t.end - t.start;
  switch (major) {
  case LV_TK_EOF: lv_buf_puts(b, "end of input"); return;
  case LV_TK_ID: lv_buf_printf(b, "name '%.*s'", (int)(len > 40 ? 40 : len), text); return;
  case LV_TK_INT: case LV_TK_UINT: case LV_TK_DOUBLE:
    lv_buf_printf(b, "number %.*s", (int)(len > 40 ? 40 : len), text);
    return;
  case LV_TK_STRING: case LV_TK_BYTES: case LV_TK_TEMPLATE:
    lv_buf_printf(b, "string %.*s%s", (int)(len > 40 ? 40 : len), text, len > 40 ? "..." : "");
    return;
  default: lv_buf_printf(b, "'%.*s'", (int)(len > 40 ? 40 : len), text); return;
  }
}

/* Tokens that can start an expression: if the parser accepts most of them,
 * "an expression" says it better than a list. */
static const int expr_starters[] = {LV_TK_ID, LV_TK_INT, LV_TK_UINT, LV_TK_DOUBLE, LV_TK_STRING,
                                    LV_TK_BYTES, LV_TK_TRUE, LV_TK_FALSE, LV_TK_NULL, LV_TK_LPAREN,
                                    LV_TK_LBRACKET, LV_TK_NOT, LV_TK_MINUS};
static const int operators[] = {LV_TK_PLUS, LV_TK_STAR, LV_TK_SLASH, LV_TK_PERCENT, LV_TK_EQ,
                                LV_TK_NE, LV_TK_LT, LV_TK_LE, LV_TK_GT, LV_TK_GE, LV_TK_IN,
                                LV_TK_AND, LV_TK_OR};

void lv_parse_syntax_error(lv_parser *p, int major, lv_token tok, void *lemon) {
  p->syntax_errors = true;
  /* A stray character was reported and skipped just before this token: the
   * syntax error is its echo, not news. */
  if (p->lex_error) return;
  int expected[128];
  int n = lv_lemon_expected(lemon, expected, 128);
  bool want_name = in_set(expected, n, LV_TK_ID);
  int starters = 0, ops = 0;
  for (size_t i = 0; i < sizeof expr_starters / sizeof expr_starters[0]; i++)
    starters += in_set(expected, n, expr_starters[i]);
  for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
    ops += in_set(expected, n, operators[i]);
  bool want_expr = starters >= 8;
  bool want_op = ops >= 8;

  /* What remains to list by name. */
  int listed[16], nl = 0;
  for (int i = 0; i < n && nl < 16; i++) {
    int t = expected[i];
    bool skip = false;
    for (int k = 0; k < lv_nkeywords; k++)
      if (lv_keywords[k].type == t && lv_keywords[k].contextual && want_name) skip = true;
    if (t == LV_TK_RESERVED) skip = true;
    if (want_expr) for (size_t k = 0; k < sizeof expr_starters / sizeof expr_starters[0]; k++)
      if (expr_starters[k] == t) skip = true;
    if (want_expr && (t == LV_TK_LBRACE || t == LV_TK_DOT)) skip = true;
    if (want_op) for (size_t k = 0; k < sizeof operators / sizeof operators[0]; k++)
      if (operators[k] == t) skip = true;
    if (want_op && (t == LV_TK_MINUS || t == LV_TK_QUESTION || t == LV_TK_DOT ||
                    t == LV_TK_LBRACKET || t == LV_TK_LBRACE || t == LV_TK_LPAREN))
      skip = true;
    if (!skip) listed[nl++] = t;
  }

  lv_buf msg = LV_BUF_INIT;
  lv_buf_puts(&msg, "unexpected ");
  describe(&msg, p, major, tok);
  int parts = nl + (want_expr ? 1 : 0) + (want_op ? 1 : 0);
  if (parts > 0 && nl <= 5) {
    lv_buf_puts(&msg, "; expected ");
    int k = 0;
    for (int i = 0; i < nl; i++, k++) {
      if (k) lv_buf_puts(&msg, k == parts - 1 ? " or " : ", ");
      lv_buf_puts(&msg, lv_token_name(listed[i]));
    }
    if (want_expr) {
      if (k) lv_buf_puts(&msg, k == parts - 1 ? " or " : ", ");
      lv_buf_puts(&msg, "an expression");
      k++;
    }
    if (want_op) {
      if (k) lv_buf_puts(&msg, k == parts - 1 ? " or " : ", ");
      lv_buf_puts(&msg, "an operator");
    }
  }
  lv_span at = lv_span_make(tok.start, tok.end);
  if (major == LV_TK_EOF) at = lv_span_make(p->src->len, p->src->len);
  lv_diag *g = lv_diag_add(p->diags, LV_D_SYNTAX, p->src, at, "%s", msg.data);
  lv_buf_free(&msg);
  if (major == LV_TK_RESERVED && want_name)
    lv_diag_help(g, p->diags, "'%.*s' is a reserved word and cannot be used as a name",
                 (int)(tok.end - tok.start), p->src->text + tok.start);
  else if (major == LV_TK_ASSIGN && in_set(expected, n, LV_TK_EQ))
    lv_diag_help(g, p->diags, "equality is '=='");
}
