/* parse.y - the Levin grammar (Lemon). Generated into the build directory.
 *
 * Every action is one call into compiler/parse/ast.c, which builds the node
 * and checks what the grammar alone cannot. Expressions follow the CEL
 * grammar (https://github.com/google/cel-spec/blob/master/doc/langdef.md#syntax)
 * level by level, so precedence is in the productions, not in %left tables.
 * Levin's declaration keywords fall back to names where a keyword cannot
 * stand, so `r.from` and a field named `log` work. */

%name lv_lemon
%token_prefix LV_TK_
%token_type { lv_token }
%extra_argument { lv_parser *p }
%stack_size 12000
%start_symbol input

%include {
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex.h"
#include "parse/ast_build.h"
#include "parse/parse.h"
}

%syntax_error {
  lv_parse_syntax_error(p, yymajor, yyminor, yypParser);
}
%stack_overflow {
  lv_parse_stack_overflow(p);
}
%parse_failure {
  p->failed = true;
}

/* Every token the lexer can produce, so their numbers are fixed here. */
%token ID INT UINT DOUBLE STRING BYTES TEMPLATE RESERVED QUOTED_ID
       PACKAGE IMPORT SCHEMA STREAM FROM LET DEF RULE ON AS WHEN THEN PUBLISH LOG PRIORITY JSON
       TRUE FALSE NULL IN
       LPAREN RPAREN LBRACKET RBRACKET LBRACE RBRACE COMMA COLON DOT QUESTION ASSIGN
       PLUS MINUS STAR SLASH PERCENT NOT AND OR EQ NE LT LE GT GE
       EXPR_MODE.

/* In a message literal a field name may be any word, as after a dot
 * (Name{for: 1} is CEL), while `for` alone is a reserved word (an error
 * expression, primary ::= RESERVED). At `{for` + ':' the parser shifts: the
 * word names a field. */
%nonassoc RESERVED.
%nonassoc COLON.

/* `when` and `then` separate a rule's parts, so they stay keywords even where
 * a name could appear (a name there would make `when x > then` read `then`
 * as a variable). After a dot every keyword is a field name (selector). */
%fallback ID SCHEMA STREAM FROM DEF RULE ON PUBLISH LOG PRIORITY JSON.

/* --- files ---------------------------------------------------------------------- */

input ::= decls.
input ::= EXPR_MODE expr(E).                 { lv_parse_set_expr(p, E); }

decls ::= .
decls ::= decls decl(D).                     { lv_file_add_decl(p, D); }

%type decl { lv_decl * }
decl(D) ::= PACKAGE(K) qname(N).             { D = lv_decl_package(p, K, N); }
decl(D) ::= IMPORT(K) STRING(S).             { D = lv_decl_import(p, K, S); }
decl(D) ::= SCHEMA(K) ID(N) LBRACE fields(F) RBRACE(E).
                                             { D = lv_decl_schema(p, K, N, F, E); }
decl(D) ::= STREAM(K) ID(N) COLON qname(S) FROM STRING(P).
                                             { D = lv_decl_stream(p, K, N, S, P); }
decl(D) ::= LET(K) ID(N) opt_annot(T) ASSIGN expr(E).
                                             { D = lv_decl_let(p, K, N, T, E); }
decl(D) ::= DEF(K) ID(N) LPAREN params(P) RPAREN opt_annot(T) ASSIGN expr(E).
                                             { D = lv_decl_def(p, K, N, P, T, E); }
decl(D) ::= RULE(K) ID(N) opt_priority(R) LBRACE rule_body(B) RBRACE(E).
                                             { D = lv_decl_rule(p, K, N, R, B, E); }
decl(D) ::= error.                           { D = NULL; }

%type qname { lv_ident }
qname(Q) ::= ID(A).                          { Q = lv_ident_of(p, A); }
qname(Q) ::= qname(A) DOT ID(B).             { Q = lv_ident_dotted(p, A, B); }

/* --- schemas ---------------------------------------------------------------------- */

%type fields { lv_decl * }
fields(L) ::= .                              { L = lv_schema_begin(p); }
fields(L) ::= fields(A) field(F).            { L = lv_schema_add_field(p, A, F); }
fields(L) ::= fields(A) field(F) COMMA.      { L = lv_schema_add_field(p, A, F); }

%type field { lv_field_decl * }
field(F) ::= selector(N) COLON type(T) opt_default(D) opt_json(J).
                                             { F = lv_field_new(p, N, T, D, J); }

%type opt_default { lv_expr * }
opt_default(D) ::= .                         { D = NULL; }
opt_default(D) ::= ASSIGN expr(E).           { D = E; }

%type opt_json { lv_token }
opt_json(J) ::= .                            { J.type = 0; J.start = J.end = 0; }
opt_json(J) ::= JSON STRING(S).              { J = S; }

%type type { lv_typeexpr * }
type(T) ::= qname(N).                        { T = lv_type_named(p, N); }
type(T) ::= qname(N) LT type_args(A) GT(E).  { T = lv_type_generic(p, N, A, E); }
type(T) ::= type(A) QUESTION(Q).             { T = lv_type_optional(p, A, Q); }

%type type_args { lv_typeexpr * }
type_args(L) ::= type(T).                    { L = lv_type_args_begin(p, T); }
type_args(L) ::= type_args(A) COMMA type(T). { L = lv_type_args_add(p, A, T); }

%type opt_annot { lv_typeexpr * }
opt_annot(T) ::= .                           { T = NULL; }
opt_annot(T) ::= COLON type(A).              { T = A; }

/* --- lets, defs, rules ------------------------------------------------------------- */

%type params { lv_decl * }
params(L) ::= .                              { L = lv_def_begin(p); }
params(L) ::= param_list(A).                 { L = A; }
%type param_list { lv_decl * }
param_list(L) ::= ID(N) COLON type(T).       { L = lv_def_add_param(p, lv_def_begin(p), N, T); }
param_list(L) ::= param_list(A) COMMA ID(N) COLON type(T).
                                             { L = lv_def_add_param(p, A, N, T); }

%type opt_priority { lv_token }
opt_priority(R) ::= .                        { R.type = 0; R.start = R.end = 0; }
opt_priority(R) ::= PRIORITY INT(N).         { R = N; }
opt_priority(R) ::= PRIORITY MINUS(M) INT(N). { R = lv_token_span(M, N); R.type = LV_TK_MINUS; }

%type rule_body { lv_decl * }
rule_body(B) ::= ON ID(S) AS ID(X) opt_when(W) THEN actions(A).
                                             { B = lv_rule_body(p, S, X, W, A); }

%type opt_when { lv_expr * }
opt_when(W) ::= .                            { W = NULL; }
opt_when(W) ::= WHEN expr(E).                { W = E; }

%type actions { lv_action_list * }
actions(L) ::= action(A).                    { L = lv_actions_add(p, lv_actions_begin(p), A); }
actions(L) ::= LBRACE action_list(A) RBRACE. { L = A; }
%type action_list { lv_action_list * }
action_list(L) ::= .                         { L = lv_actions_begin(p); }
action_list(L) ::= action_list(A) action(B). { L = lv_actions_add(p, A, B); }

%type action { lv_action * }
action(A) ::= PUBLISH(K) TEMPLATE(S) expr(E). { A = lv_action_publish(p, K, S, E); }
action(A) ::= LOG(K) ID(L) expr(E).          { A = lv_action_log(p, K, L, E); }

/* --- CEL expressions --------------------------------------------------------------- */

%type expr { lv_expr * }
%type or_expr { lv_expr * }
%type and_expr { lv_expr * }
%type rel_expr { lv_expr * }
%type add_expr { lv_expr * }
%type mul_expr { lv_expr * }
%type unary { lv_expr * }
%type member { lv_expr * }
%type primary { lv_expr * }
%type literal { lv_expr * }

expr(E) ::= or_expr(A).                      { E = A; }
expr(E) ::= or_expr(C) QUESTION or_expr(A) COLON expr(B).
                                             { E = lv_expr_cond(p, C, A, B); }

or_expr(E) ::= and_expr(A).                  { E = A; }
or_expr(E) ::= or_expr(A) OR and_expr(B).    { E = lv_expr_logic(p, LV_EX_OR, A, B); }

and_expr(E) ::= rel_expr(A).                 { E = A; }
and_expr(E) ::= and_expr(A) AND rel_expr(B). { E = lv_expr_logic(p, LV_EX_AND, A, B); }

rel_expr(E) ::= add_expr(A).                 { E = A; }
rel_expr(E) ::= rel_expr(A) LT add_expr(B).  { E = lv_expr_binary(p, LV_OP_LT, A, B); }
rel_expr(E) ::= rel_expr(A) LE add_expr(B).  { E = lv_expr_binary(p, LV_OP_LE, A, B); }
rel_expr(E) ::= rel_expr(A) GT add_expr(B).  { E = lv_expr_binary(p, LV_OP_GT, A, B); }
rel_expr(E) ::= rel_expr(A) GE add_expr(B).  { E = lv_expr_binary(p, LV_OP_GE, A, B); }
rel_expr(E) ::= rel_expr(A) EQ add_expr(B).  { E = lv_expr_binary(p, LV_OP_EQ, A, B); }
rel_expr(E) ::= rel_expr(A) NE add_expr(B).  { E = lv_expr_binary(p, LV_OP_NE, A, B); }
rel_expr(E) ::= rel_expr(A) IN add_expr(B).  { E = lv_expr_binary(p, LV_OP_IN, A, B); }

add_expr(E) ::= mul_expr(A).                 { E = A; }
add_expr(E) ::= add_expr(A) PLUS mul_expr(B).  { E = lv_expr_binary(p, LV_OP_ADD, A, B); }
add_expr(E) ::= add_expr(A) MINUS mul_expr(B). { E = lv_expr_binary(p, LV_OP_SUB, A, B); }

mul_expr(E) ::= unary(A).                    { E = A; }
mul_expr(E) ::= mul_expr(A) STAR unary(B).   { E = lv_expr_binary(p, LV_OP_MUL, A, B); }
mul_expr(E) ::= mul_expr(A) SLASH unary(B).  { E = lv_expr_binary(p, LV_OP_DIV, A, B); }
mul_expr(E) ::= mul_expr(A) PERCENT unary(B). { E = lv_expr_binary(p, LV_OP_MOD, A, B); }

unary(E) ::= member(A).                      { E = A; }
unary(E) ::= NOT(K) unary(A).                { E = lv_expr_unary(p, LV_OP_NOT, K, A); }
unary(E) ::= MINUS(K) unary(A).              { E = lv_expr_unary(p, LV_OP_NEG, K, A); }

member(E) ::= primary(A).                    { E = A; }
member(E) ::= member(A) DOT selector(F).     { E = lv_expr_select(p, A, F, false); }
member(E) ::= member(A) DOT QUESTION selector(F). { E = lv_expr_select(p, A, F, true); }
member(E) ::= member(A) DOT selector(F) LPAREN args(L) RPAREN(R).
                                             { E = lv_expr_call(p, A, F, L, R, false); }
member(E) ::= member(A) LBRACKET expr(I) RBRACKET(R).
                                             { E = lv_expr_index(p, A, I, R, false); }
member(E) ::= member(A) LBRACKET QUESTION expr(I) RBRACKET(R).
                                             { E = lv_expr_index(p, A, I, R, true); }
member(E) ::= member(A) LBRACE entries(L) RBRACE(R).
                                             { E = lv_expr_message(p, A, L, R); }

/* After a dot any word but true, false, null and in names a field (CEL's
 * SELECTOR): r.for is fine even though `for` is reserved. */
%type selector { lv_token }
selector(S) ::= ID(A).                       { S = A; }
selector(S) ::= RESERVED(A).                 { S = A; }
selector(S) ::= QUOTED_ID(A).                { S = A; }
selector(S) ::= PACKAGE(A).                  { S = A; }
selector(S) ::= IMPORT(A).                   { S = A; }
selector(S) ::= LET(A).                      { S = A; }
selector(S) ::= AS(A).                       { S = A; }
selector(S) ::= WHEN(A).                     { S = A; }
selector(S) ::= THEN(A).                     { S = A; }

primary(E) ::= ID(N).                        { E = lv_expr_ident(p, N, false); }
primary(E) ::= DOT(D) ID(N).                 { E = lv_expr_ident(p, lv_token_span(D, N), true); }
primary(E) ::= ID(N) LPAREN args(L) RPAREN(R).
                                             { E = lv_expr_call(p, NULL, N, L, R, false); }
primary(E) ::= DOT(D) ID(N) LPAREN args(L) RPAREN(R).
                                             { E = lv_expr_call(p, NULL, lv_token_span(D, N), L, R, true); }
primary(E) ::= LPAREN(L) expr(A) RPAREN(R).  { E = lv_expr_paren(p, L, A, R); }
primary(E) ::= LBRACKET(L) entries(A) RBRACKET(R).
                                             { E = lv_expr_list_lit(p, L, A, R); }
primary(E) ::= LBRACE(L) entries(A) RBRACE(R).
                                             { E = lv_expr_map_lit(p, L, A, R); }
primary(E) ::= literal(A).                   { E = A; }
primary(E) ::= RESERVED(W).                  { E = lv_expr_reserved(p, W); }

literal(E) ::= INT(T).                       { E = lv_expr_int(p, T); }
literal(E) ::= UINT(T).                      { E = lv_expr_uint(p, T); }
literal(E) ::= DOUBLE(T).                    { E = lv_expr_double(p, T); }
literal(E) ::= STRING(T).                    { E = lv_expr_string(p, T); }
literal(E) ::= BYTES(T).                     { E = lv_expr_string(p, T); }
literal(E) ::= TRUE(T).                      { E = lv_expr_bool(p, T, true); }
literal(E) ::= FALSE(T).                     { E = lv_expr_bool(p, T, false); }
literal(E) ::= NULL(T).                      { E = lv_expr_null(p, T); }

/* Call arguments: no trailing comma, as in CEL. */
%type args { lv_expr_list * }
args(L) ::= .                                { L = lv_args_begin(p); }
args(L) ::= arg_list(A).                     { L = A; }
%type arg_list { lv_expr_list * }
arg_list(L) ::= expr(E).                     { L = lv_args_add(p, lv_args_begin(p), E); }
arg_list(L) ::= arg_list(A) COMMA expr(E).   { L = lv_args_add(p, A, E); }

/* List elements, map entries and message fields share one production; the
 * constructors check which forms each accepts. A trailing comma is allowed. */
%type entries { lv_entry_list * }
%type entry_list { lv_entry_list * }
%type entry { lv_entry }
entries(L) ::= .                             { L = lv_entries_begin(p); }
entries(L) ::= entry_list(A).                { L = A; }
entries(L) ::= entry_list(A) COMMA.          { L = A; }
entry_list(L) ::= entry(E).                  { L = lv_entries_add(p, lv_entries_begin(p), E); }
entry_list(L) ::= entry_list(A) COMMA entry(E). { L = lv_entries_add(p, A, E); }
entry(E) ::= expr(V).                        { E = lv_entry_value(p, V, false); }
entry(E) ::= QUESTION expr(V).               { E = lv_entry_value(p, V, true); }
entry(E) ::= expr(K) COLON expr(V).          { E = lv_entry_keyed(p, K, V, false); }
entry(E) ::= QUESTION expr(K) COLON expr(V). { E = lv_entry_keyed(p, K, V, true); }
entry(E) ::= field_word(K) COLON expr(V).    { E = lv_entry_word(p, K, V, false); }
entry(E) ::= QUESTION field_word(K) COLON expr(V). { E = lv_entry_word(p, K, V, true); }
entry(E) ::= RESERVED(K) COLON expr(V).      { E = lv_entry_word(p, K, V, false); }
entry(E) ::= QUESTION RESERVED(K) COLON expr(V). { E = lv_entry_word(p, K, V, true); }

/* Keywords that can be field names (selectors) but never start an
 * expression. (RESERVED can, as an error: it has rules of its own above,
 * which the precedence of COLON prefers.) */
%type field_word { lv_token }
field_word(S) ::= PACKAGE(A).                { S = A; }
field_word(S) ::= IMPORT(A).                 { S = A; }
field_word(S) ::= LET(A).                    { S = A; }
field_word(S) ::= AS(A).                     { S = A; }
field_word(S) ::= WHEN(A).                   { S = A; }
field_word(S) ::= THEN(A).                   { S = A; }
field_word(S) ::= QUOTED_ID(A).              { S = A; }

%code {
void lv_lemon_forgive(void *lemon) { ((yyParser *)lemon)->yyerrcnt = -1; }

int lv_lemon_stack(void *lemon, int *states, int max) {
  yyParser *pp = (yyParser *)lemon;
  int n = (int)(pp->yytos - pp->yystack) + 1;
  if (n > max) return -1;
  for (int i = 0; i < n; i++) states[i] = pp->yystack[i].stateno;
  return n;
}

/* The terminals the parser could accept in a configuration (its state
 * stack, bottom first): simulates the reductions each candidate would
 * trigger on a copy of the stack. Used only to word syntax errors ("expected
 * ')' or ','"). */
int lv_lemon_expected(const int *states, int nstates, int *out, int max) {
  int cap = nstates + 64;
  YYACTIONTYPE *st = malloc(sizeof *st * (size_t)cap);
  if (!st || nstates < 1) {
    free(st);
    return 0;
  }
  int n = 0;
  for (int t = 1; t < YYNTOKEN && n < max; t++) {
    if (t == LV_TK_EXPR_MODE) continue;
    for (int i = 0; i < nstates; i++) st[i] = (YYACTIONTYPE)states[i];
    int top = nstates - 1;
    bool ok = false;
    for (int guard = 0; guard < 1000; guard++) {
      YYACTIONTYPE act = yy_find_shift_action((YYCODETYPE)t, st[top]);
      if (act <= YY_MAX_SHIFTREDUCE || act == YY_ACCEPT_ACTION) { ok = true; break; }
      if (act < YY_MIN_REDUCE || act > YY_MAX_REDUCE) break;
      int rule = act - YY_MIN_REDUCE;
      top += yyRuleInfoNRhs[rule];
      if (top < 0) break;
      YYACTIONTYPE g = yy_find_reduce_action(st[top], (YYCODETYPE)yyRuleInfoLhs[rule]);
      if (++top >= cap) break;
      st[top] = g;
    }
    if (ok) out[n++] = t;
  }
  free(st);
  return n;
}
}
