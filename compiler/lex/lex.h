/* lex.h - the tokenizer (generated from grammar/lex.re by re2c).
 *
 * Tokens are spans into the source buffer; nothing is copied. Lexical errors
 * are reported as diagnostics and the lexer carries on, so one run finds
 * them all. Token types are the parser's (LV_TK_* from the generated
 * parse.h) plus the few below that never reach the parser. */
#ifndef LV_LEX_H
#define LV_LEX_H

#include "diag/diag.h"

typedef struct lv_token {
  int type;
  uint32_t start, end; /* byte offsets in the source */
} lv_token;

enum {
  LV_TK_EOF = 0,
  LV_TK_COMMENT = 1000, /* kept for tools; the parser never sees it */
  LV_TK_SKIP,           /* a lexical error already reported; nothing to parse */
};

typedef struct lv_lexer {
  lv_source *src;
  lv_diags *diags;
  const unsigned char *buf; /* NUL-terminated text being scanned */
  const unsigned char *cur;
  const unsigned char *lim; /* end of text (the NUL sentinel) */
  uint32_t base;            /* source offset of buf[0] */
  int last;                 /* last token handed out (PUBLISH opens a subject template) */
  bool swallowed;           /* an unterminated string, template or comment ran on:
                               the text it took was meant as something else */
} lv_lexer;

/* Scans src->text[start, end). A range other than the whole file is copied
 * (the scanner relies on a NUL sentinel at the end); offsets stay absolute. */
void lv_lexer_init(lv_lexer *lx, lv_source *src, uint32_t start, uint32_t end, lv_diags *d);
lv_token lv_lex_next(lv_lexer *lx);

/* Name of a token type for messages: "'then'", "identifier", "end of file". */
const char *lv_token_name(int type);

/* --- literal decoding (literal.c) ----------------------------------------------- */
/* Decodes a string or bytes literal token (any CEL form: quotes, triple
 * quotes, r/R raw, b/B bytes) into arena memory. Reports invalid escapes and
 * invalid UTF-8 with their exact positions; returns false if any. */
bool lv_lit_string(lv_arena *a, lv_diags *d, lv_source *src, lv_span tok, bool *is_bytes,
                   const char **out, uint32_t *outlen);
/* Decodes the body of a subject template's literal text [start, end)
 * (escapes as in a double-quoted string). */
bool lv_lit_template_text(lv_arena *a, lv_diags *d, lv_source *src, uint32_t start, uint32_t end,
                          const char **out, uint32_t *outlen);
/* The end of a `${...}` in a subject template: from s[i], just after the
 * "${", to before end, returns the offset of the matching '}' (*closed
 * true), or of the line break or end where the search stopped (*closed
 * false). Braces inside strings and quoted names do not count. The lexer
 * and the parser both call it, so they always agree where an expression
 * ends. */
uint32_t lv_lit_template_expr_end(const char *s, uint32_t i, uint32_t end, bool *closed);
/* Integer literal (decimal or 0x hex, with optional u/U suffix). neg: the
 * literal is the operand of a unary minus, so -9223372036854775808 fits. */
bool lv_lit_int(lv_diags *d, lv_source *src, lv_span tok, bool neg, int64_t *out);
bool lv_lit_uint(lv_diags *d, lv_source *src, lv_span tok, uint64_t *out);
bool lv_lit_double(lv_diags *d, lv_source *src, lv_span tok, double *out);

/* Keywords: each entry's word is a keyword of the lexer (the editors' tests
 * check that every one of them is highlighted). */
typedef struct lv_keyword {
  const char *word;
  int type;
  bool contextual; /* usable as a name where a keyword cannot appear */
} lv_keyword;
extern const lv_keyword lv_keywords[];
extern const int lv_nkeywords;

#endif
