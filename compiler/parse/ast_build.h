/* ast_build.h - the constructors the grammar actions call (ast.c). Each one
 * builds one node, computes its span and nesting depth, and reports what the
 * grammar alone cannot (malformed macros, reserved words, bad literals). */
#ifndef LV_AST_BUILD_H
#define LV_AST_BUILD_H

#include "parse/parse.h"

lv_token lv_token_span(lv_token a, lv_token b);
lv_ident lv_ident_of(lv_parser *p, lv_token t);
lv_ident lv_ident_dotted(lv_parser *p, lv_ident a, lv_token b);

/* declarations */
void lv_file_add_decl(lv_parser *p, lv_decl *d);
lv_decl *lv_decl_package(lv_parser *p, lv_token kw, lv_ident name);
lv_decl *lv_decl_import(lv_parser *p, lv_token kw, lv_token path);
lv_decl *lv_schema_begin(lv_parser *p);
lv_decl *lv_schema_add_field(lv_parser *p, lv_decl *schema, lv_field_decl *f);
lv_field_decl *lv_field_new(lv_parser *p, lv_token name, lv_typeexpr *type, lv_expr *dflt,
                            lv_token json);
lv_decl *lv_decl_schema(lv_parser *p, lv_token kw, lv_token name, lv_decl *fields, lv_token end);
lv_decl *lv_decl_stream(lv_parser *p, lv_token kw, lv_token name, lv_ident schema,
                        lv_token subject);
lv_decl *lv_decl_let(lv_parser *p, lv_token kw, lv_token name, lv_typeexpr *type, lv_expr *value);
lv_decl *lv_def_begin(lv_parser *p);
lv_decl *lv_def_add_param(lv_parser *p, lv_decl *def, lv_token name, lv_typeexpr *type);
lv_decl *lv_decl_def(lv_parser *p, lv_token kw, lv_token name, lv_decl *params,
                     lv_typeexpr *result, lv_expr *body);
lv_decl *lv_rule_body(lv_parser *p, lv_token stream, lv_token binding, lv_expr *when,
                      lv_action_list *actions);
lv_decl *lv_decl_rule(lv_parser *p, lv_token kw, lv_token name, lv_token priority,
                      lv_decl *body, lv_token end);
lv_action_list *lv_actions_begin(lv_parser *p);
lv_action_list *lv_actions_add(lv_parser *p, lv_action_list *l, lv_action *a);
lv_action *lv_action_publish(lv_parser *p, lv_token kw, lv_token subject, lv_expr *payload);
lv_action *lv_action_log(lv_parser *p, lv_token kw, lv_token level, lv_expr *message);

/* types */
lv_typeexpr *lv_type_named(lv_parser *p, lv_ident name);
lv_typeexpr *lv_type_args_begin(lv_parser *p, lv_typeexpr *first);
lv_typeexpr *lv_type_args_add(lv_parser *p, lv_typeexpr *args, lv_typeexpr *t);
lv_typeexpr *lv_type_generic(lv_parser *p, lv_ident name, lv_typeexpr *args, lv_token end);
lv_typeexpr *lv_type_optional(lv_parser *p, lv_typeexpr *t, lv_token q);

/* expressions */
lv_expr *lv_expr_cond(lv_parser *p, lv_expr *c, lv_expr *a, lv_expr *b);
lv_expr *lv_expr_logic(lv_parser *p, lv_expr_kind kind, lv_expr *a, lv_expr *b);
lv_expr *lv_expr_binary(lv_parser *p, lv_op op, lv_expr *a, lv_expr *b);
lv_expr *lv_expr_unary(lv_parser *p, lv_op op, lv_token kw, lv_expr *a);
lv_expr *lv_expr_select(lv_parser *p, lv_expr *a, lv_token field, bool optional);
lv_expr *lv_expr_call(lv_parser *p, lv_expr *target, lv_token fn, lv_expr_list *args,
                      lv_token rparen, bool absolute);
lv_expr *lv_expr_index(lv_parser *p, lv_expr *a, lv_expr *index, lv_token rbracket, bool optional);
lv_expr *lv_expr_message(lv_parser *p, lv_expr *type_name, lv_entry_list *fields, lv_token rbrace);
lv_expr *lv_expr_ident(lv_parser *p, lv_token name, bool absolute);
lv_expr *lv_expr_paren(lv_parser *p, lv_token l, lv_expr *a, lv_token r);
lv_expr *lv_expr_list_lit(lv_parser *p, lv_token l, lv_entry_list *elems, lv_token r);
lv_expr *lv_expr_map_lit(lv_parser *p, lv_token l, lv_entry_list *entries, lv_token r);
lv_expr *lv_expr_reserved(lv_parser *p, lv_token word);
lv_expr *lv_expr_int(lv_parser *p, lv_token t);
lv_expr *lv_expr_uint(lv_parser *p, lv_token t);
lv_expr *lv_expr_double(lv_parser *p, lv_token t);
lv_expr *lv_expr_string(lv_parser *p, lv_token t);
lv_expr *lv_expr_bool(lv_parser *p, lv_token t, bool value);
lv_expr *lv_expr_null(lv_parser *p, lv_token t);
lv_expr_list *lv_args_begin(lv_parser *p);
lv_expr_list *lv_args_add(lv_parser *p, lv_expr_list *l, lv_expr *e);
lv_entry_list *lv_entries_begin(lv_parser *p);
lv_entry_list *lv_entries_add(lv_parser *p, lv_entry_list *l, lv_entry e);
lv_entry lv_entry_value(lv_parser *p, lv_expr *value, bool optional);
lv_entry lv_entry_keyed(lv_parser *p, lv_expr *key, lv_expr *value, bool optional);
/* `word: value` with a reserved word or keyword: a message field only. */
lv_entry lv_entry_word(lv_parser *p, lv_token word, lv_expr *value, bool optional);

/* Shared with the checker, which builds a few nodes of its own. */
lv_expr *lv_expr_new(lv_parse_ctx *cx, lv_expr_kind kind, lv_span span);
void lv_expr_list_push(lv_arena *a, lv_expr_list *l, lv_expr *e);

#endif
