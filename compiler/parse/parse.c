/* parse.c - the driver: feeds tokens from the lexer to the Lemon parser,
 * words syntax errors, and parses subject templates' ${...} parts. */
#include "parse/parse.h"

#include <stdio.h>
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

/* Too deep to parse on: the rest of the file is not read. */
static void too_deep(lv_parser *p, lv_token at) {
  p->overflowed = true;
  p->syntax_errors = true;
  lv_diag *g = lv_diag_add(p->diags, LV_D_TOO_DEEP, p->src, lv_span_make(at.start, at.end),
                           "nested too deeply (more than %u levels); the parser stops here",
                           p->cx->max_depth);
  lv_diag_help(g, p->diags, "split it with `let` or `def`, or raise the bound with --max-depth");
}

/* Declaration keywords: one at the start of a line begins a new declaration
 * (see run). */
static bool starts_decl(lv_source *src, lv_token t) {
  switch (t.type) {
  case LV_TK_PACKAGE: case LV_TK_IMPORT: case LV_TK_SCHEMA: case LV_TK_STREAM:
  case LV_TK_LET: case LV_TK_DEF: case LV_TK_RULE:
    return t.start == 0 || src->text[t.start - 1] == '\n';
  default: return false;
  }
}

/* Feeds every token of the lexer to the parser, then the end marker. */
static void run(lv_parser *p, lv_lexer *lx, int first) {
  void *lemon = lv_lemonAlloc(malloc);
  if (!lemon) abort();
  p->end = lx->base + (uint32_t)(lx->lim - lx->buf);
  if (first) {
    p->nbefore = lv_lemon_stack(lemon, p->before, (int)(sizeof p->before / sizeof p->before[0]));
    lv_lemon(lemon, first, (lv_token){first, lx->base, lx->base}, p);
  }
  for (;;) {
    uint32_t errors = p->diags->errors;
    lv_token t = lv_lex_next(lx);
    bool lex_error = p->diags->errors != errors;
    if (t.type == LV_TK_COMMENT) {
      if (p->file) add_comment(p, t);
      continue;
    }
    if (t.type == LV_TK_SKIP) {
      p->lex_error = true;
      continue;
    }
    if (t.type != LV_TK_EOF) {
      p->prev = p->last;
      p->last = t;
      p->any_token = true;
    }
    p->nbefore = lv_lemon_stack(lemon, p->before, (int)(sizeof p->before / sizeof p->before[0]));
    /* Every bracket inside a declaration's two own braces (a rule body and
     * its action block) opens an expression level, so brackets nested
     * beyond the bound are too deep for sure. Stopping at the first one
     * gives a precise position, before Lemon's stack gives out. */
    if (t.type == LV_TK_LPAREN || t.type == LV_TK_LBRACKET || t.type == LV_TK_LBRACE) {
      if (++p->brackets > p->cx->max_depth + 2) {
        too_deep(p, t);
        break;
      }
    } else if ((t.type == LV_TK_RPAREN || t.type == LV_TK_RBRACKET || t.type == LV_TK_RBRACE) && p->brackets) {
      p->brackets--;
    }
    /* After a syntax error Lemon stays silent until it has shifted three
     * tokens. A declaration keyword in column 1 starts a new declaration,
     * so its errors are news, not echoes of the last one (and brackets a
     * broken one left open do not count). */
    if (starts_decl(p->src, t)) {
      /* An unterminated subject took the rest of its line, payload and
       * all. The parser still wants that payload, and the keyword would
       * serve as one (declaration keywords fall back to names), eating the
       * next declaration. A stand-in payload lets the keyword end the
       * broken rule instead, as it does after an unterminated log string;
       * the error it then causes is an echo (lex_error is still set). */
      if (p->lex_error && p->prev.type == LV_TK_TEMPLATE) {
        lv_lemon(lemon, LV_TK_NULL, (lv_token){LV_TK_NULL, p->prev.end, p->prev.end}, p);
        p->nbefore = lv_lemon_stack(lemon, p->before, (int)(sizeof p->before / sizeof p->before[0]));
      }
      lv_lemon_forgive(lemon);
      p->swallowed = false;
      p->brackets = 0;
    }
    if (lx->swallowed) {
      p->swallowed = true;
      lx->swallowed = false;
    }
    lv_lemon(lemon, t.type, t, p);
    /* A token the lexer complained about (an unterminated string swallows
     * the rest of its line) makes the next syntax error an echo. */
    p->lex_error = lex_error;
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

void lv_parse_stack_overflow(lv_parser *p) { too_deep(p, p->last); }

static bool in_set(const int *set, int n, int t) {
  for (int i = 0; i < n; i++)
    if (set[i] == t) return true;
  return false;
}

/* Appends up to `max` code points of source text, then "..." if cut. */
static void put_excerpt(lv_buf *b, const char *text, uint32_t len, uint32_t max) {
  uint32_t i = 0, units = 0;
  while (i < len && units < max) {
    i += lv_text_unit_len(text + i, len - i);
    units++;
  }
  lv_buf_putsn(b, text, i);
  if (i < len) lv_buf_puts(b, "...");
}

/* Describes the offending token: "'then'", "name 'foo'", "end of input". */
static void describe(lv_buf *b, lv_parser *p, int major, lv_token t) {
  const char *text = p->src->text + t.start;
  uint32_t len = t.end - t.start;
  switch (major) {
  case LV_TK_EOF: lv_buf_puts(b, "end of input"); return;
  case LV_TK_ID:
    lv_buf_puts(b, "name '");
    put_excerpt(b, text, len, 40);
    lv_buf_putc(b, '\'');
    return;
  case LV_TK_INT: case LV_TK_UINT: case LV_TK_DOUBLE:
    lv_buf_puts(b, "number ");
    put_excerpt(b, text, len, 40);
    return;
  case LV_TK_STRING: case LV_TK_BYTES: case LV_TK_TEMPLATE:
    lv_buf_puts(b, major == LV_TK_BYTES ? "bytes " : "string ");
    put_excerpt(b, text, len, 40);
    return;
  default:
    lv_buf_putc(b, '\'');
    put_excerpt(b, text, len, 40);
    lv_buf_putc(b, '\'');
    return;
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
/* What may start a declaration; listed as "a declaration". */
static const int decl_starters[] = {LV_TK_PACKAGE, LV_TK_IMPORT, LV_TK_SCHEMA, LV_TK_STREAM,
                                    LV_TK_LET, LV_TK_DEF, LV_TK_RULE};

static bool in_list(const int *list, size_t n, int t) { return in_set(list, (int)n, t); }
#define IN_LIST(list, t) in_list(list, sizeof list / sizeof list[0], t)

void lv_parse_syntax_error(lv_parser *p, int major, lv_token tok, void *lemon) {
  p->syntax_errors = true;
  /* A stray character was reported and skipped just before this token, or
   * an unterminated string took text meant as code: the syntax error is an
   * echo of that, not news. */
  if (p->lex_error || p->swallowed) return;
  int expected[128], n;
  if (p->nbefore > 0) {
    n = lv_lemon_expected(p->before, p->nbefore, expected, 128);
  } else {
    /* A very deep stack: the choices left after the default reductions. */
    int *now = malloc(sizeof *now * 16384);
    int depth = now ? lv_lemon_stack(lemon, now, 16384) : -1;
    n = depth > 0 ? lv_lemon_expected(now, depth, expected, 128) : 0;
    free(now);
  }
  bool want_name = in_set(expected, n, LV_TK_ID);
  int starters = 0, ops = 0;
  for (size_t i = 0; i < sizeof expr_starters / sizeof expr_starters[0]; i++)
    starters += in_set(expected, n, expr_starters[i]);
  for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
    ops += in_set(expected, n, operators[i]);
  bool want_expr = starters >= 8;
  /* (Where a name fits, rule and schema are names: contextual keywords.) */
  bool want_decl = in_set(expected, n, LV_TK_RULE) && in_set(expected, n, LV_TK_SCHEMA) &&
                   in_set(expected, n, LV_TK_LET) && !want_name;
  bool want_op = ops >= 8;

  /* What remains to list by name. */
  int listed[16], nl = 0;
  for (int i = 0; i < n && nl < 16; i++) {
    int t = expected[i];
    bool skip = false;
    /* Where a name is expected, keywords that are accepted there are names
     * too (fields after a dot, contextual keywords). */
    for (int k = 0; k < lv_nkeywords; k++)
      if (lv_keywords[k].type == t && want_name) skip = true;
    if (t == LV_TK_RESERVED || (want_name && t == LV_TK_QUOTED_ID)) skip = true;
    if (want_expr && (IN_LIST(expr_starters, t) || t == LV_TK_LBRACE || t == LV_TK_DOT)) skip = true;
    if (want_op && (IN_LIST(operators, t) || t == LV_TK_MINUS || t == LV_TK_QUESTION || t == LV_TK_DOT ||
                    t == LV_TK_LBRACKET || t == LV_TK_LBRACE || t == LV_TK_LPAREN))
      skip = true;
    if (want_decl && (IN_LIST(decl_starters, t) || t == LV_TK_EOF)) skip = true;
    if (!skip) listed[nl++] = t;
  }

  /* lv_token_name may reuse one buffer: copy each name. */
  char parts[24][64];
  int np = 0;
  /* The token before the offending one says what the name is for. */
  lv_token before = major == LV_TK_EOF ? p->last : p->prev;
  for (int i = 0; i < nl; i++) {
    const char *what = lv_token_name(listed[i]);
    if (listed[i] == LV_TK_ID) {
      switch (before.type) {
      case LV_TK_LOG: what = "a log level (debug, info, warn or error)"; break;
      case LV_TK_RULE: what = "the rule's name"; break;
      case LV_TK_SCHEMA: what = "the schema's name"; break;
      case LV_TK_STREAM: what = "the stream's name"; break;
      case LV_TK_LET: what = "the let's name"; break;
      case LV_TK_DEF: what = "the def's name"; break;
      default: break;
      }
    }
    snprintf(parts[np++], sizeof parts[0], "%s", what);
  }
  if (want_decl) snprintf(parts[np++], sizeof parts[0], "a declaration (schema, stream, let, def or rule)");
  if (want_expr) snprintf(parts[np++], sizeof parts[0], "an expression");
  if (want_op) snprintf(parts[np++], sizeof parts[0], "an operator");

  lv_buf msg = LV_BUF_INIT;
  lv_buf_puts(&msg, "unexpected ");
  describe(&msg, p, major, tok);
  if (np > 0 && nl <= 5) {
    lv_buf_puts(&msg, "; expected ");
    for (int i = 0; i < np; i++) {
      if (i) lv_buf_puts(&msg, i == np - 1 ? " or " : ", ");
      lv_buf_puts(&msg, parts[i]);
    }
  }
  lv_span at = lv_span_make(tok.start, tok.end);
  /* At the end of the input, point just after the last token (the end of
   * the file may be lines below it). */
  if (major == LV_TK_EOF) {
    uint32_t e = p->any_token ? p->last.end : p->end;
    at = lv_span_make(e, e);
  }
  lv_diag *g = lv_diag_add(p->diags, LV_D_SYNTAX, p->src, at, "%s", msg.data);
  lv_buf_free(&msg);
  bool keyword = false;
  for (int k = 0; k < lv_nkeywords; k++) keyword |= lv_keywords[k].type == major;
  if (major == LV_TK_RESERVED && want_name)
    lv_diag_help(g, p->diags, "'%.*s' is reserved in CEL and cannot be used as a name (only as a field after a dot)",
                 (int)(tok.end - tok.start), p->src->text + tok.start);
  else if (keyword && want_name && !want_expr)
    lv_diag_help(g, p->diags, "'%.*s' is a keyword and cannot be used as a name",
                 (int)(tok.end - tok.start), p->src->text + tok.start);
  else if (major == LV_TK_ASSIGN && in_set(expected, n, LV_TK_EQ))
    lv_diag_help(g, p->diags, "equality is '=='");
  else if (before.type == LV_TK_JSON && major == LV_TK_COLON)
    lv_diag_help(g, p->diags, "after a field's type, `json` gives its JSON name (json \"name\"); "
                              "a field called json needs a comma before it");
}
