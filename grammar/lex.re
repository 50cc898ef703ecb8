/* lex.re - the Levin tokenizer (re2c). Generated into the build directory.
 *
 * The keyword rules below are the single list of keywords: editors' syntax
 * files are tested against it. CEL's reserved words lex as RESERVED so that
 * using one as a name gets a precise message. Levin's declaration keywords
 * are contextual: the grammar lets them serve as names (%fallback), so a
 * field called `from` or `log` still works. */
#include <stdio.h>
#include <string.h>

#include "lex/lex.h"
#include "lv_utf8.h"
#include "grammar.h"

#define OFF(p) (lx->base + (uint32_t)((p) - lx->buf))

static lv_token make(lv_lexer *lx, int type, const unsigned char *start) {
  lv_token t = {type, OFF(start), OFF(lx->cur)};
  return t;
}

/* Scans a quoted body after the opening quote(s) at lx->cur. Single-line
 * strings end at the matching quote; an unescaped newline or the end of
 * input leaves them unterminated (reported; the token ends there). */
static void scan_quoted(lv_lexer *lx, const unsigned char *start, unsigned char q, bool triple,
                        bool raw) {
  const unsigned char *p = lx->cur;
  for (;;) {
    if (p >= lx->lim) break;
    unsigned char c = *p;
    if (c == q) {
      if (!triple) {
        lx->cur = p + 1;
        return;
      }
      if (p + 2 < lx->lim && p[1] == q && p[2] == q) {
        lx->cur = p + 3;
        return;
      }
      p++;
      continue;
    }
    if (c == '\\' && !raw) {
      if (p + 1 < lx->lim && (triple || (p[1] != '\n' && p[1] != '\r'))) {
        p += 2;
        continue;
      }
      p++;
      continue;
    }
    if ((c == '\n' || c == '\r') && !triple) break;
    p++;
  }
  lx->cur = p;
  lx->swallowed = true;
  lv_diag *g = lv_diag_add(lx->diags, LV_D_UNTERM_STRING, lx->src,
                           lv_span_make(OFF(start), OFF(start) + (triple ? 3 : 1)),
                           "unterminated string");
  lv_diag_help(g, lx->diags, "close it with %s%s", triple ? (q == '"' ? "\"\"\"" : "'''") : (q == '"' ? "\"" : "'"),
               triple ? "" : " before the end of the line");
}

/* After `publish`: a subject template "text ${expr} text". The expressions
 * may hold strings and braces of their own, so ${...} is scanned by nesting. */
static void scan_template(lv_lexer *lx, const unsigned char *start, unsigned char q) {
  const unsigned char *p = lx->cur;
  while (p < lx->lim && *p != '\n' && *p != '\r') {
    if (*p == q) {
      lx->cur = p + 1;
      return;
    }
    if (*p == '\\') {
      p += (p + 1 < lx->lim && p[1] != '\n') ? 2 : 1;
      continue;
    }
    if (*p == '$' && p + 1 < lx->lim && p[1] == '{') {
      const unsigned char *open = p;
      bool closed;
      p = lx->buf + lv_lit_template_expr_end((const char *)lx->buf, (uint32_t)(p + 2 - lx->buf),
                                             (uint32_t)(lx->lim - lx->buf), &closed);
      if (!closed) {
        lx->cur = p;
        lx->swallowed = true;
        lv_diag_add(lx->diags, LV_D_UNTERM_TEMPLATE, lx->src, lv_span_make(OFF(open), OFF(open) + 2),
                    "unterminated '${' in subject template: expected '}'");
        return;
      }
      p++; /* past '}' */
      continue;
    }
    p++;
  }
  lx->cur = p;
  lx->swallowed = true;
  lv_diag *g = lv_diag_add(lx->diags, LV_D_UNTERM_STRING, lx->src, lv_span_make(OFF(start), OFF(start) + 1),
                           "unterminated subject string");
  lv_diag_help(g, lx->diags, "close it with %c before the end of the line", q);
}

static bool scan_block_comment(lv_lexer *lx, const unsigned char *start) {
  const unsigned char *p = lx->cur;
  while (p + 1 < lx->lim) {
    if (p[0] == '*' && p[1] == '/') {
      lx->cur = p + 2;
      return true;
    }
    p++;
  }
  lx->cur = lx->lim;
  lx->swallowed = true;
  lv_diag_add(lx->diags, LV_D_UNTERM_COMMENT, lx->src, lv_span_make(OFF(start), OFF(start) + 2),
              "unterminated block comment: expected '*/'");
  return false;
}

static lv_token bad_char(lv_lexer *lx, const unsigned char *start) {
  uint32_t n = (uint32_t)(lx->lim - start);
  uint32_t k = lv_text_unit_len((const char *)start, n);
  uint32_t cp;
  int valid = lv_utf8_decode(start, n, &cp);
  lx->cur = start + k;
  if (*start >= 0x80) {
    if (valid <= 0) {
      lv_diag_add(lx->diags, LV_D_BAD_UTF8, lx->src, lv_span_make(OFF(start), OFF(start) + 1),
                  "invalid UTF-8 byte 0x%02X", *start);
    } else {
      lv_diag *g = lv_diag_add(lx->diags, LV_D_NON_ASCII_IDENT, lx->src,
                               lv_span_make(OFF(start), OFF(lx->cur)),
                               "character '%.*s' (U+%04X) is not allowed outside strings and comments",
                               (int)k, (const char *)start, cp);
      lv_diag_help(g, lx->diags, "names are ASCII letters, digits and '_'");
    }
  } else if (*start < 0x20 || *start == 0x7f) {
    lv_diag_add(lx->diags, LV_D_BAD_CHAR, lx->src, lv_span_make(OFF(start), OFF(lx->cur)),
                "unexpected control character 0x%02X", *start);
  } else {
    lv_diag *g = lv_diag_add(lx->diags, LV_D_BAD_CHAR, lx->src, lv_span_make(OFF(start), OFF(lx->cur)),
                             "unexpected character '%c'", *start);
    if (*start == ';') lv_diag_help(g, lx->diags, "declarations and actions need no separator");
    else if (*start == '&') lv_diag_help(g, lx->diags, "logical and is '&&'");
    else if (*start == '|') lv_diag_help(g, lx->diags, "logical or is '||'");
    else if (*start == '$') lv_diag_help(g, lx->diags, "'${...}' is only meaningful inside a publish subject");
  }
  return make(lx, LV_TK_SKIP, start);
}

void lv_lexer_init(lv_lexer *lx, lv_source *src, uint32_t start, uint32_t end, lv_diags *d) {
  memset(lx, 0, sizeof *lx);
  lx->src = src;
  lx->diags = d;
  if (end > src->len) end = src->len;
  if (start > end) start = end;
  if (end == src->len) {
    lx->buf = (const unsigned char *)src->text + start;
  } else {
    lx->buf = (const unsigned char *)lv_arena_strndup(src->arena, src->text + start, end - start);
  }
  lx->base = start;
  lx->cur = lx->buf;
  if (start == 0 && lv_source_has_bom(src) && end >= 3) lx->cur += 3;
  lx->lim = lx->buf + (end - start);
}

lv_token lv_lex_next(lv_lexer *lx) {
  const unsigned char *mar, *start;
  const unsigned char *lim = lx->lim;
  lv_token t;
  (void)mar;
loop:
  start = lx->cur;
  if (lx->last == LV_TK_PUBLISH) {
    /* A subject template follows `publish`, after any whitespace. */
    const unsigned char *p = lx->cur;
    while (p < lim && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p < lim && (*p == '"' || *p == '\'') &&
        !(p + 2 < lim && p[1] == *p && p[2] == *p)) {
      lx->cur = p + 1;
      scan_template(lx, p, *p);
      t = make(lx, LV_TK_TEMPLATE, p);
      lx->last = t.type;
      return t;
    }
  }
#define RET(ty) do { t = make(lx, (ty), start); lx->last = t.type; return t; } while (0)
  /*!re2c
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = "lx->cur";
    re2c:define:YYMARKER = "mar";
    re2c:define:YYLIMIT = "lim";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    digit = [0-9];
    hexdigit = [0-9a-fA-F];
    ident = [a-zA-Z_][a-zA-Z0-9_]*;
    exponent = [eE] [+-]? digit+;

    $ { t = make(lx, LV_TK_EOF, start); return t; }
    [ \t\r\n\f]+ { goto loop; }
    "//" [^\n]* { t = make(lx, LV_TK_COMMENT, start); return t; }
    "/*" { scan_block_comment(lx, start); t = make(lx, LV_TK_COMMENT, start); return t; }

    // keywords: begin (one per line: the editors' tests read this list)
    "package"   { RET(LV_TK_PACKAGE); }
    "import"    { RET(LV_TK_IMPORT); }
    "schema"    { RET(LV_TK_SCHEMA); }
    "stream"    { RET(LV_TK_STREAM); }
    "from"      { RET(LV_TK_FROM); }
    "let"       { RET(LV_TK_LET); }
    "def"       { RET(LV_TK_DEF); }
    "rule"      { RET(LV_TK_RULE); }
    "on"        { RET(LV_TK_ON); }
    "as"        { RET(LV_TK_AS); }
    "when"      { RET(LV_TK_WHEN); }
    "then"      { RET(LV_TK_THEN); }
    "publish"   { RET(LV_TK_PUBLISH); }
    "log"       { RET(LV_TK_LOG); }
    "priority"  { RET(LV_TK_PRIORITY); }
    "json"      { RET(LV_TK_JSON); }
    "true"      { RET(LV_TK_TRUE); }
    "false"     { RET(LV_TK_FALSE); }
    "null"      { RET(LV_TK_NULL); }
    "in"        { RET(LV_TK_IN); }
    "break"     { RET(LV_TK_RESERVED); }
    "const"     { RET(LV_TK_RESERVED); }
    "continue"  { RET(LV_TK_RESERVED); }
    "else"      { RET(LV_TK_RESERVED); }
    "for"       { RET(LV_TK_RESERVED); }
    "function"  { RET(LV_TK_RESERVED); }
    "if"        { RET(LV_TK_RESERVED); }
    "loop"      { RET(LV_TK_RESERVED); }
    "namespace" { RET(LV_TK_RESERVED); }
    "return"    { RET(LV_TK_RESERVED); }
    "var"       { RET(LV_TK_RESERVED); }
    "void"      { RET(LV_TK_RESERVED); }
    "while"     { RET(LV_TK_RESERVED); }
    // keywords: end

    ident { RET(LV_TK_ID); }

    // A quoted field name after a dot: r.`content-type` (CEL's newer syntax).
    "`" [^`\n\x00]+ "`" { RET(LV_TK_QUOTED_ID); }

    digit+ | "0" [xX] hexdigit+ { RET(LV_TK_INT); }
    (digit+ | "0" [xX] hexdigit+) [uU] { RET(LV_TK_UINT); }
    digit* "." digit+ exponent? | digit+ exponent { RET(LV_TK_DOUBLE); }
    // 5m, 1h30m, 1.5s: CEL has no duration literals (timers will take them).
    (digit+ ("." digit+)? ("h" | "m" | "s" | "ms" | "us" | "ns"))+ {
      t = make(lx, LV_TK_INT, start);
      lv_diag *g = lv_diag_add(lx->diags, LV_D_DURATION_LITERAL, lx->src, lv_span_make(t.start, t.end),
                               "'%.*s' looks like a duration, but CEL has no duration literals",
                               (int)(t.end - t.start), (const char *)start);
      lv_diag_help(g, lx->diags, "write duration(\"%.*s\")", (int)(t.end - t.start), (const char *)start);
      lx->last = t.type;
      return t;
    }
    // `1.` with no digit after the dot: CEL's doubles need one (1.0), and
    // reading it as `1` then `.` would report a confusing error at whatever
    // comes next. Before a name (`1.e5`, `1.size()`) the dot is a selection,
    // which the parser and checker report in their own terms.
    digit+ "." {
      if (lx->cur < lim && (*lx->cur == '_' || ((*lx->cur | 0x20) >= 'a' && (*lx->cur | 0x20) <= 'z'))) {
        lx->cur--;
        RET(LV_TK_INT);
      }
      t = make(lx, LV_TK_DOUBLE, start);
      lv_diag *g = lv_diag_add(lx->diags, LV_D_BAD_NUMBER, lx->src, lv_span_make(t.start, t.end),
                               "malformed number '%.*s'", (int)(t.end - t.start), (const char *)start);
      lv_diag_help(g, lx->diags, "a double needs a digit after the dot: %.*s0",
                   (int)(t.end - t.start), (const char *)start);
      lx->last = t.type;
      return t;
    }
    digit [a-zA-Z0-9_]* | "0" [xX] {
      t = make(lx, LV_TK_INT, start);
      lv_diag_add(lx->diags, LV_D_BAD_NUMBER, lx->src, lv_span_make(t.start, t.end),
                  "malformed number '%.*s'", (int)(t.end - t.start), (const char *)start);
      lx->last = t.type;
      return t;
    }

    [rR]? ["] ["] ["] { scan_quoted(lx, start, '"', true, start[0] != '"'); RET(LV_TK_STRING); }
    [rR]? ['] ['] ['] { scan_quoted(lx, start, '\'', true, start[0] != '\''); RET(LV_TK_STRING); }
    [rR]? ["] { scan_quoted(lx, start, '"', false, start[0] != '"'); RET(LV_TK_STRING); }
    [rR]? ['] { scan_quoted(lx, start, '\'', false, start[0] != '\''); RET(LV_TK_STRING); }
    [bB] [rR]? ["] ["] ["] { scan_quoted(lx, start, '"', true, start[1] == 'r' || start[1] == 'R'); RET(LV_TK_BYTES); }
    [bB] [rR]? ['] ['] ['] { scan_quoted(lx, start, '\'', true, start[1] == 'r' || start[1] == 'R'); RET(LV_TK_BYTES); }
    [bB] [rR]? ["] { scan_quoted(lx, start, '"', false, start[1] == 'r' || start[1] == 'R'); RET(LV_TK_BYTES); }
    [bB] [rR]? ['] { scan_quoted(lx, start, '\'', false, start[1] == 'r' || start[1] == 'R'); RET(LV_TK_BYTES); }

    "("  { RET(LV_TK_LPAREN); }
    ")"  { RET(LV_TK_RPAREN); }
    "["  { RET(LV_TK_LBRACKET); }
    "]"  { RET(LV_TK_RBRACKET); }
    "{"  { RET(LV_TK_LBRACE); }
    "}"  { RET(LV_TK_RBRACE); }
    ","  { RET(LV_TK_COMMA); }
    ":"  { RET(LV_TK_COLON); }
    "."  { RET(LV_TK_DOT); }
    "?"  { RET(LV_TK_QUESTION); }
    "="  { RET(LV_TK_ASSIGN); }
    "+"  { RET(LV_TK_PLUS); }
    "-"  { RET(LV_TK_MINUS); }
    "*"  { RET(LV_TK_STAR); }
    "/"  { RET(LV_TK_SLASH); }
    "%"  { RET(LV_TK_PERCENT); }
    "!"  { RET(LV_TK_NOT); }
    "&&" { RET(LV_TK_AND); }
    "||" { RET(LV_TK_OR); }
    "==" { RET(LV_TK_EQ); }
    "!=" { RET(LV_TK_NE); }
    "<"  { RET(LV_TK_LT); }
    "<=" { RET(LV_TK_LE); }
    ">"  { RET(LV_TK_GT); }
    ">=" { RET(LV_TK_GE); }

    * { return bad_char(lx, start); }
  */
#undef RET
}

const lv_keyword lv_keywords[] = {
    {"package", LV_TK_PACKAGE, false},   {"import", LV_TK_IMPORT, false},
    {"schema", LV_TK_SCHEMA, true},      {"stream", LV_TK_STREAM, true},
    {"from", LV_TK_FROM, true},          {"let", LV_TK_LET, false},
    {"def", LV_TK_DEF, true},            {"rule", LV_TK_RULE, true},
    {"on", LV_TK_ON, true},              {"as", LV_TK_AS, false},
    {"when", LV_TK_WHEN, false},         {"then", LV_TK_THEN, false},
    {"publish", LV_TK_PUBLISH, true},    {"log", LV_TK_LOG, true},
    {"priority", LV_TK_PRIORITY, true},  {"json", LV_TK_JSON, true},
    {"true", LV_TK_TRUE, false},         {"false", LV_TK_FALSE, false},
    {"null", LV_TK_NULL, false},         {"in", LV_TK_IN, false},
    {"break", LV_TK_RESERVED, false},    {"const", LV_TK_RESERVED, false},
    {"continue", LV_TK_RESERVED, false}, {"else", LV_TK_RESERVED, false},
    {"for", LV_TK_RESERVED, false},      {"function", LV_TK_RESERVED, false},
    {"if", LV_TK_RESERVED, false},       {"loop", LV_TK_RESERVED, false},
    {"namespace", LV_TK_RESERVED, false}, {"return", LV_TK_RESERVED, false},
    {"var", LV_TK_RESERVED, false},      {"void", LV_TK_RESERVED, false},
    {"while", LV_TK_RESERVED, false},
};
const int lv_nkeywords = (int)(sizeof lv_keywords / sizeof lv_keywords[0]);

const char *lv_token_name(int type) {
  switch (type) {
  case LV_TK_EOF: return "end of file";
  case LV_TK_ID: return "a name";
  case LV_TK_INT: return "an integer";
  case LV_TK_UINT: return "an unsigned integer";
  case LV_TK_DOUBLE: return "a number";
  case LV_TK_STRING: return "a string";
  case LV_TK_BYTES: return "a bytes literal";
  case LV_TK_TEMPLATE: return "a subject string";
  case LV_TK_RESERVED: return "a reserved word";
  case LV_TK_QUOTED_ID: return "a quoted name";
  case LV_TK_LPAREN: return "'('";
  case LV_TK_RPAREN: return "')'";
  case LV_TK_LBRACKET: return "'['";
  case LV_TK_RBRACKET: return "']'";
  case LV_TK_LBRACE: return "'{'";
  case LV_TK_RBRACE: return "'}'";
  case LV_TK_COMMA: return "','";
  case LV_TK_COLON: return "':'";
  case LV_TK_DOT: return "'.'";
  case LV_TK_QUESTION: return "'?'";
  case LV_TK_ASSIGN: return "'='";
  case LV_TK_PLUS: return "'+'";
  case LV_TK_MINUS: return "'-'";
  case LV_TK_STAR: return "'*'";
  case LV_TK_SLASH: return "'/'";
  case LV_TK_PERCENT: return "'%'";
  case LV_TK_NOT: return "'!'";
  case LV_TK_AND: return "'&&'";
  case LV_TK_OR: return "'||'";
  case LV_TK_EQ: return "'=='";
  case LV_TK_NE: return "'!='";
  case LV_TK_LT: return "'<'";
  case LV_TK_LE: return "'<='";
  case LV_TK_GT: return "'>'";
  case LV_TK_GE: return "'>='";
  default:
    for (int i = 0; i < lv_nkeywords; i++)
      if (lv_keywords[i].type == type && type != LV_TK_RESERVED) {
        static _Thread_local char buf[32];
        snprintf(buf, sizeof buf, "'%s'", lv_keywords[i].word);
        return buf;
      }
    return "a token";
  }
}
