/* ast.c - AST constructors called by the grammar actions. */
#include <stdio.h>
#include <string.h>

#include "parse/ast_build.h"

#include "grammar.h"

/* --- helpers ------------------------------------------------------------------ */

lv_token lv_token_span(lv_token a, lv_token b) {
  lv_token t = {b.type, a.start, b.end};
  return t;
}

static lv_span tspan(lv_token t) { return lv_span_make(t.start, t.end); }

lv_ident lv_ident_of(lv_parser *p, lv_token t) {
  lv_ident id;
  const char *text = p->src->text + t.start;
  uint32_t len = t.end - t.start;
  if (t.type == LV_TK_QUOTED_ID) { /* `quoted-name`: the name inside, wherever it is declared or used */
    text++;
    len -= 2;
  }
  id.name = lv_intern(p->cx->names, text, len);
  id.span = tspan(t);
  return id;
}

lv_ident lv_ident_dotted(lv_parser *p, lv_ident a, lv_token b) {
  lv_ident id;
  /* The source text may have spaces around the dot; build the name. */
  size_t la = strlen(a.name), lb = b.end - b.start;
  char *buf = lv_arena_alloc(p->arena, la + lb + 2);
  memcpy(buf, a.name, la);
  buf[la] = '.';
  memcpy(buf + la + 1, p->src->text + b.start, lb);
  id.name = lv_intern(p->cx->names, buf, la + 1 + lb);
  id.span = lv_span_make(a.span.start, b.end);
  return id;
}

lv_expr *lv_expr_new(lv_parse_ctx *cx, lv_expr_kind kind, lv_span span) {
  lv_expr *e = lv_arena_calloc(cx->arena, 1, sizeof *e);
  e->kind = (uint8_t)kind;
  e->span = span;
  e->depth = 1;
  e->id = ++cx->next_expr_id;
  return e;
}

static lv_expr *node(lv_parser *p, lv_expr_kind kind, lv_span span) {
  return lv_expr_new(p->cx, kind, span);
}

static lv_expr *error_node(lv_parser *p, lv_span span) { return node(p, LV_EX_ERROR, span); }

/* Sets e's depth from a child's and enforces the nesting bound: a tree deeper
 * than the bound is replaced by an error node, so no later pass recurses
 * deeper than max_depth. */
static lv_expr *deepen(lv_parser *p, lv_expr *e, const lv_expr *child) {
  if (child && child->depth + 1 > e->depth) e->depth = (uint16_t)(child->depth + 1);
  if (e->depth > p->cx->max_depth) {
    if (!p->depth_reported) {
      p->depth_reported = true;
      lv_diag *g = lv_diag_add(p->diags, LV_D_TOO_DEEP, p->src, e->span,
                               "expression nested too deeply (more than %u levels)",
                               p->cx->max_depth);
      lv_diag_help(g, p->diags, "split it with `let` or `def`, or raise the bound with --max-depth");
    }
    return error_node(p, e->span);
  }
  return e;
}

void lv_expr_list_push(lv_arena *a, lv_expr_list *l, lv_expr *e) {
  if (l->n == l->cap) {
    uint32_t cap = l->cap ? l->cap * 2 : 4;
    l->items = lv_arena_grow(a, l->items, l->n * sizeof *l->items, cap * sizeof *l->items);
    l->cap = cap;
  }
  l->items[l->n++] = e;
}

static const char *tok_text(lv_parser *p, lv_token t) {
  return lv_arena_strndup(p->arena, p->src->text + t.start, t.end - t.start);
}

/* --- declarations ---------------------------------------------------------------- */

static lv_decl *decl_new(lv_parser *p, lv_decl_kind kind, lv_span span) {
  lv_decl *d = lv_arena_calloc(p->arena, 1, sizeof *d);
  d->kind = kind;
  d->span = span;
  d->file = p->file;
  return d;
}

void lv_file_add_decl(lv_parser *p, lv_decl *d) {
  p->depth_reported = false;
  if (!d) return;
  lv_file *f = p->file;
  if (d->kind == LV_D_PACKAGE) {
    if (f->n > 0 || f->package) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_PACKAGE_PLACE, p->src, d->span,
                               f->package ? "a file has at most one package declaration"
                                          : "the package declaration must come first in the file");
      (void)g;
      return;
    }
    f->package = d->name.name;
  }
  if (f->n == f->cap) {
    uint32_t cap = f->cap ? f->cap * 2 : 16;
    f->decls = lv_arena_grow(p->arena, f->decls, f->n * sizeof *f->decls, cap * sizeof *f->decls);
    f->cap = cap;
  }
  f->decls[f->n++] = d;
}

/* The decoded text of a string token (the grammar admits no bytes here). */
static const char *string_text(lv_parser *p, lv_token tok, uint32_t *len) {
  bool is_bytes = false;
  const char *s = "";
  *len = 0;
  lv_lit_string(p->arena, p->diags, p->src, tspan(tok), &is_bytes, &s, len);
  return s;
}

lv_decl *lv_decl_package(lv_parser *p, lv_token kw, lv_ident name) {
  lv_decl *d = decl_new(p, LV_D_PACKAGE, lv_span_make(kw.start, name.span.end));
  d->name = name;
  return d;
}

lv_decl *lv_decl_import(lv_parser *p, lv_token kw, lv_token path) {
  lv_decl *d = decl_new(p, LV_D_IMPORT, lv_span_make(kw.start, path.end));
  uint32_t n;
  d->u.import.path = string_text(p, path, &n);
  d->u.import.path_len = n;
  d->u.import.path_span = tspan(path);
  return d;
}

lv_decl *lv_schema_begin(lv_parser *p) { return decl_new(p, LV_D_SCHEMA, lv_span_make(0, 0)); }

lv_decl *lv_schema_add_field(lv_parser *p, lv_decl *s, lv_field_decl *f) {
  if (s->u.schema.n == s->u.schema.cap) {
    uint32_t cap = s->u.schema.cap ? s->u.schema.cap * 2 : 8;
    s->u.schema.fields = lv_arena_grow(p->arena, s->u.schema.fields,
                                       s->u.schema.n * sizeof *f, cap * sizeof *f);
    s->u.schema.cap = cap;
  }
  s->u.schema.fields[s->u.schema.n++] = *f;
  return s;
}

lv_field_decl *lv_field_new(lv_parser *p, lv_token name, lv_typeexpr *type, lv_expr *dflt,
                            lv_token json) {
  lv_field_decl *f = lv_arena_calloc(p->arena, 1, sizeof *f);
  f->name = lv_ident_of(p, name);
  f->type = type;
  f->default_value = dflt;
  uint32_t end = dflt ? dflt->span.end : type->span.end;
  if (json.type) {
    f->json_name = string_text(p, json, &f->json_len);
    f->json_span = tspan(json);
    end = json.end;
  }
  f->span = lv_span_make(name.start, end);
  p->depth_reported = false;
  return f;
}

lv_decl *lv_decl_schema(lv_parser *p, lv_token kw, lv_token name, lv_decl *fields, lv_token end) {
  fields->span = lv_span_make(kw.start, end.end);
  fields->name = lv_ident_of(p, name);
  return fields;
}

lv_decl *lv_decl_stream(lv_parser *p, lv_token kw, lv_token name, lv_ident schema,
                        lv_token subject) {
  lv_decl *d = decl_new(p, LV_D_STREAM, lv_span_make(kw.start, subject.end));
  d->name = lv_ident_of(p, name);
  d->u.stream.schema = schema;
  d->u.stream.subject = string_text(p, subject, &d->u.stream.subject_len);
  d->u.stream.subject_span = tspan(subject);
  return d;
}

lv_decl *lv_decl_let(lv_parser *p, lv_token kw, lv_token name, lv_typeexpr *type, lv_expr *value) {
  lv_decl *d = decl_new(p, LV_D_LET, lv_span_make(kw.start, value->span.end));
  d->name = lv_ident_of(p, name);
  d->u.let.type = type;
  d->u.let.value = value;
  return d;
}

lv_decl *lv_def_begin(lv_parser *p) { return decl_new(p, LV_D_DEF, lv_span_make(0, 0)); }

lv_decl *lv_def_add_param(lv_parser *p, lv_decl *d, lv_token name, lv_typeexpr *type) {
  if (d->u.def.nparams == d->u.def.capparams) {
    uint32_t cap = d->u.def.capparams ? d->u.def.capparams * 2 : 4;
    d->u.def.params = lv_arena_grow(p->arena, d->u.def.params,
                                    d->u.def.nparams * sizeof *d->u.def.params,
                                    cap * sizeof *d->u.def.params);
    d->u.def.capparams = cap;
  }
  lv_param *pm = &d->u.def.params[d->u.def.nparams++];
  pm->name = lv_ident_of(p, name);
  pm->type = type;
  return d;
}

lv_decl *lv_decl_def(lv_parser *p, lv_token kw, lv_token name, lv_decl *params,
                     lv_typeexpr *result, lv_expr *body) {
  params->span = lv_span_make(kw.start, body->span.end);
  params->name = lv_ident_of(p, name);
  params->u.def.result = result;
  params->u.def.body = body;
  return params;
}

lv_decl *lv_rule_body(lv_parser *p, lv_token stream, lv_token binding, lv_expr *when,
                      lv_action_list *actions) {
  lv_decl *d = decl_new(p, LV_D_RULE, lv_span_make(0, 0));
  d->u.rule.stream = lv_ident_of(p, stream);
  d->u.rule.binding = lv_ident_of(p, binding);
  d->u.rule.when = when;
  d->u.rule.actions = *actions;
  return d;
}

lv_decl *lv_decl_rule(lv_parser *p, lv_token kw, lv_token name, lv_token priority, lv_decl *body,
                      lv_token end) {
  body->span = lv_span_make(kw.start, end.end);
  body->name = lv_ident_of(p, name);
  if (priority.type) {
    bool neg = priority.type == LV_TK_MINUS;
    lv_token digits = priority;
    /* The token spans "-  5" for a negative priority; find the digits. */
    while (digits.start < digits.end && !(p->src->text[digits.start] >= '0' && p->src->text[digits.start] <= '9'))
      digits.start++;
    int64_t v = 0;
    if (lv_lit_int(p->diags, p->src, tspan(digits), neg, &v)) {
      v = neg ? (int64_t)(0 - (uint64_t)v) : v; /* INT64_MIN arrives as itself: no signed overflow */
      if (v < -1000000 || v > 1000000) {
        lv_diag_add(p->diags, LV_D_PRIORITY_RANGE, p->src, tspan(priority),
                    "priority %lld is out of range: use -1000000 to 1000000", (long long)v);
      }
    }
    body->u.rule.priority = v;
    body->u.rule.has_priority = true;
    body->u.rule.priority_span = tspan(priority);
  }
  return body;
}

lv_action_list *lv_actions_begin(lv_parser *p) {
  return lv_arena_calloc(p->arena, 1, sizeof(lv_action_list));
}

lv_action_list *lv_actions_add(lv_parser *p, lv_action_list *l, lv_action *a) {
  if (!a) return l;
  if (l->n == l->cap) {
    uint32_t cap = l->cap ? l->cap * 2 : 4;
    l->items = lv_arena_grow(p->arena, l->items, l->n * sizeof *l->items, cap * sizeof *l->items);
    l->cap = cap;
  }
  l->items[l->n++] = a;
  return l;
}

static void tmpl_push(lv_parser *p, lv_template *t, lv_tmpl_part part) {
  if (t->n == t->cap) {
    uint32_t cap = t->cap ? t->cap * 2 : 4;
    t->parts = lv_arena_grow(p->arena, t->parts, t->n * sizeof *t->parts, cap * sizeof *t->parts);
    t->cap = cap;
  }
  t->parts[t->n++] = part;
}

/* Splits "text ${expr} text" into parts, parsing each ${...} as a CEL
 * expression at its own position in the file. The lexer has already checked
 * that the braces and nested strings balance. */
static lv_template *parse_template(lv_parser *p, lv_token tok) {
  lv_template *t = lv_arena_calloc(p->arena, 1, sizeof *t);
  t->span = tspan(tok);
  const char *s = p->src->text;
  char q = s[tok.start];
  uint32_t i = tok.start + 1, end = tok.end;
  if (end > i && s[end - 1] == q) end--;
  uint32_t text_start = i;
  while (i < end) {
    if (s[i] == '\\') {
      i += 2;
      continue;
    }
    if (s[i] == '$' && i + 1 < end && s[i + 1] == '{') {
      if (i > text_start) {
        lv_tmpl_part part = {false, NULL, 0, NULL, lv_span_make(text_start, i)};
        lv_lit_template_text(p->arena, p->diags, p->src, text_start, i, &part.text, &part.len);
        tmpl_push(p, t, part);
      }
      uint32_t open = i;
      bool closed;
      uint32_t j = lv_lit_template_expr_end(s, i + 2, end, &closed);
      lv_tmpl_part part = {true, NULL, 0, NULL, lv_span_make(open, j < end ? j + 1 : j)};
      uint32_t k = open + 2;
      while (k < j && (s[k] == ' ' || s[k] == '\t')) k++;
      if (!closed) {
        /* No closing brace: the lexer reported it; parsing the rest would
         * only echo that. */
        part.expr = error_node(p, part.span);
        p->syntax_errors = true;
      } else if (k == j) {
        lv_diag_add(p->diags, LV_D_EMPTY_TEMPLATE, p->src, part.span,
                    "empty '${}' in subject template: put an expression inside");
        part.expr = error_node(p, part.span);
      } else {
        part.expr = lv_parse_expr(p->cx, p->src, open + 2, j);
        if (!part.expr) {
          part.expr = error_node(p, part.span);
          p->syntax_errors = true;
        }
      }
      tmpl_push(p, t, part);
      i = j + 1;
      text_start = i;
      continue;
    }
    i++;
  }
  if (text_start < end) {
    lv_tmpl_part part = {false, NULL, 0, NULL, lv_span_make(text_start, end)};
    lv_lit_template_text(p->arena, p->diags, p->src, text_start, end, &part.text, &part.len);
    tmpl_push(p, t, part);
  }
  return t;
}

lv_action *lv_action_publish(lv_parser *p, lv_token kw, lv_token subject, lv_expr *payload) {
  lv_action *a = lv_arena_calloc(p->arena, 1, sizeof *a);
  a->kind = LV_A_PUBLISH;
  a->span = lv_span_make(kw.start, payload->span.end);
  a->subject = parse_template(p, subject);
  a->payload = payload;
  p->depth_reported = false;
  return a;
}

lv_action *lv_action_log(lv_parser *p, lv_token kw, lv_token level, lv_expr *message) {
  lv_action *a = lv_arena_calloc(p->arena, 1, sizeof *a);
  a->kind = LV_A_LOG;
  a->span = lv_span_make(kw.start, message->span.end);
  a->level = lv_ident_of(p, level);
  a->message = message;
  p->depth_reported = false;
  return a;
}

/* --- types ------------------------------------------------------------------------- */

lv_typeexpr *lv_type_named(lv_parser *p, lv_ident name) {
  lv_typeexpr *t = lv_arena_calloc(p->arena, 1, sizeof *t);
  t->name = name;
  t->span = name.span;
  t->depth = 1;
  return t;
}

lv_typeexpr *lv_type_args_begin(lv_parser *p, lv_typeexpr *first) {
  lv_typeexpr *holder = lv_arena_calloc(p->arena, 1, sizeof *holder);
  return lv_type_args_add(p, holder, first);
}

lv_typeexpr *lv_type_args_add(lv_parser *p, lv_typeexpr *args, lv_typeexpr *t) {
  /* Type argument lists are short; grow one at a time. */
  args->params = lv_arena_grow(p->arena, args->params, args->nparams * sizeof *args->params,
                               (args->nparams + 1) * sizeof *args->params);
  args->params[args->nparams++] = t;
  return args;
}

lv_typeexpr *lv_type_generic(lv_parser *p, lv_ident name, lv_typeexpr *args, lv_token end) {
  lv_typeexpr *t = lv_type_named(p, name);
  t->params = args->params;
  t->nparams = args->nparams;
  t->span = lv_span_make(name.span.start, end.end);
  for (uint32_t i = 0; i < t->nparams; i++)
    if (t->params[i]->depth + 1 > t->depth) t->depth = t->params[i]->depth + 1;
  if (t->depth > p->cx->max_depth) {
    /* Types nest within the same bound as expressions; the innermost one
     * past it is reported, and its arguments dropped. */
    if (!p->depth_reported) {
      p->depth_reported = true;
      lv_diag *g = lv_diag_add(p->diags, LV_D_TOO_DEEP, p->src, t->span, "type nested too deeply (more than %u levels)",
                               p->cx->max_depth);
      lv_diag_help(g, p->diags, "raise the bound with --max-depth if this is meant");
    }
    t->nparams = 0;
    t->depth = 1;
  }
  return t;
}

lv_typeexpr *lv_type_optional(lv_parser *p, lv_typeexpr *t, lv_token q) {
  if (t->optional) lv_diag_add(p->diags, LV_D_SYNTAX, p->src, tspan(q), "'?' is written once: %.*s?",
                               (int)(t->span.end - 1 - t->span.start), p->src->text + t->span.start);
  t->optional = true;
  t->span.end = q.end;
  return t;
}

/* --- expressions ---------------------------------------------------------------------- */

lv_expr *lv_expr_cond(lv_parser *p, lv_expr *c, lv_expr *a, lv_expr *b) {
  lv_expr *e = node(p, LV_EX_COND, lv_span_make(c->span.start, b->span.end));
  e->u.cond.cond = c;
  e->u.cond.then = a;
  e->u.cond.other = b;
  deepen(p, e, c);
  deepen(p, e, a);
  return deepen(p, e, b);
}

lv_expr *lv_expr_logic(lv_parser *p, lv_expr_kind kind, lv_expr *a, lv_expr *b) {
  /* a && b && c is one n-ary node, so long chains stay shallow (CEL's
   * parsers balance them for the same reason). */
  if (a->kind == kind && !(a->flags & LV_EF_PAREN)) {
    lv_expr_list_push(p->arena, &a->u.logic.args, b);
    a->span.end = b->span.end;
    return deepen(p, a, b);
  }
  lv_expr *e = node(p, kind, lv_span_make(a->span.start, b->span.end));
  lv_expr_list_push(p->arena, &e->u.logic.args, a);
  lv_expr_list_push(p->arena, &e->u.logic.args, b);
  deepen(p, e, a);
  return deepen(p, e, b);
}

lv_expr *lv_expr_binary(lv_parser *p, lv_op op, lv_expr *a, lv_expr *b) {
  lv_expr *e = node(p, LV_EX_BINARY, lv_span_make(a->span.start, b->span.end));
  e->op = (uint8_t)op;
  e->u.binary.left = a;
  e->u.binary.right = b;
  deepen(p, e, a);
  return deepen(p, e, b);
}

lv_expr *lv_expr_unary(lv_parser *p, lv_op op, lv_token kw, lv_expr *a) {
  /* -<int literal> and -<double literal> are literals, as in CEL's parsers;
   * this is also the only way to write -9223372036854775808. Folding
   * happens once: -(-1) stays a negation. */
  if (op == LV_OP_NEG && !(a->flags & (LV_EF_PAREN | LV_EF_FOLDED))) {
    if (a->kind == LV_EX_INT) {
      if (a->flags & LV_EF_INT_MIN) a->flags &= (uint8_t)~LV_EF_INT_MIN;
      else a->u.i = -a->u.i;
      a->flags |= LV_EF_FOLDED;
      a->span.start = kw.start;
      return a;
    }
    if (a->kind == LV_EX_DOUBLE) {
      a->u.d = -a->u.d;
      a->flags |= LV_EF_FOLDED;
      a->span.start = kw.start;
      return a;
    }
  }
  lv_expr *e = node(p, LV_EX_UNARY, lv_span_make(kw.start, a->span.end));
  e->op = (uint8_t)op;
  e->u.unary.operand = a;
  return deepen(p, e, a);
}

lv_expr *lv_expr_select(lv_parser *p, lv_expr *a, lv_token field, bool optional) {
  lv_expr *e = node(p, LV_EX_SELECT, lv_span_make(a->span.start, field.end));
  e->u.select.operand = a;
  e->u.select.field = lv_ident_of(p, field);
  if (optional) e->flags |= LV_EF_OPTIONAL;
  return deepen(p, e, a);
}

static bool is_simple_ident(const lv_expr *e) {
  return e->kind == LV_EX_IDENT && !(e->flags & (LV_EF_ABSOLUTE | LV_EF_PAREN)) &&
         !strchr(e->u.ident.name, '.');
}

/* The receiver macros. Forms with two variables (index or key, then value)
 * and the optional macros follow cel-go's extensions. */
static const struct {
  const char *name;
  lv_macro one, two;    /* with one variable / with two (LV_M_COUNT: none) */
  uint32_t min, max;    /* argument counts, variables included */
  const char *usage;
} macros[] = {
    {"all", LV_M_ALL, LV_M_ALL, 2, 3, "r.all(x, predicate) or r.all(i, v, predicate)"},
    {"exists", LV_M_EXISTS, LV_M_EXISTS, 2, 3, "r.exists(x, predicate) or r.exists(i, v, predicate)"},
    {"exists_one", LV_M_EXISTS_ONE, LV_M_EXISTS_ONE, 2, 3, "r.exists_one(x, predicate)"},
    {"existsOne", LV_M_EXISTS_ONE, LV_M_EXISTS_ONE, 2, 3, "r.existsOne(x, predicate) or r.existsOne(i, v, predicate)"},
    {"map", LV_M_MAP, LV_M_COUNT, 2, 3, "r.map(x, transform) or r.map(x, predicate, transform)"},
    {"filter", LV_M_FILTER, LV_M_COUNT, 2, 2, "r.filter(x, predicate)"},
    {"transformList", LV_M_COUNT, LV_M_TRANSFORM_LIST, 3, 4,
     "r.transformList(i, v, transform) or r.transformList(i, v, predicate, transform)"},
    {"transformMap", LV_M_COUNT, LV_M_TRANSFORM_MAP, 3, 4,
     "r.transformMap(k, v, transform) or r.transformMap(k, v, predicate, transform)"},
    {"optMap", LV_M_OPT_MAP, LV_M_COUNT, 2, 2, "opt.optMap(x, transform)"},
    {"optFlatMap", LV_M_OPT_FLAT_MAP, LV_M_COUNT, 2, 2, "opt.optFlatMap(x, optional_transform)"},
};

static lv_expr *bad_macro(lv_parser *p, lv_expr *call, const char *msg, const char *usage) {
  lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_MACRO, p->src, call->span, "%s", msg);
  lv_diag_help(g, p->diags, "usage: %s", usage);
  return error_node(p, call->span);
}

/* Expands has() and the comprehension macros, as CEL does at parse time. */
static lv_expr *expand_macro(lv_parser *p, lv_expr *call) {
  const char *fn = call->u.call.fn.name;
  lv_expr_list *args = &call->u.call.args;
  if (!call->u.call.target) {
    if (strcmp(fn, "has") != 0 || (call->flags & LV_EF_ABSOLUTE)) return call;
    lv_expr *arg = args->n == 1 ? args->items[0] : NULL;
    if (!arg || arg->kind != LV_EX_SELECT || (arg->flags & (LV_EF_OPTIONAL | LV_EF_PAREN))) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_MACRO, p->src, call->span,
                               "has() takes one field selection");
      lv_diag_help(g, p->diags, "write has(r.field) to test whether a field or map key is present");
      return error_node(p, call->span);
    }
    lv_expr *e = node(p, LV_EX_HAS, call->span);
    e->u.select = arg->u.select;
    return deepen(p, e, arg->u.select.operand);
  }
  for (size_t i = 0; i < sizeof macros / sizeof macros[0]; i++) {
    if (strcmp(fn, macros[i].name) != 0) continue;
    char msg[160];
    if (args->n < macros[i].min || args->n > macros[i].max) {
      if (macros[i].min == macros[i].max) snprintf(msg, sizeof msg, "%s() takes %u arguments", fn, macros[i].min);
      else snprintf(msg, sizeof msg, "%s() takes %u or %u arguments", fn, macros[i].min, macros[i].max);
      return bad_macro(p, call, msg, macros[i].usage);
    }
    /* How many leading arguments are variables: two-variable forms have one
     * more argument than the one-variable form of the same macro, except
     * transformList/transformMap, which always have two. */
    uint32_t nvars = macros[i].one == LV_M_COUNT ? 2 : 1;
    lv_macro m = macros[i].one;
    if (macros[i].one != LV_M_COUNT && macros[i].two != LV_M_COUNT && args->n == macros[i].max &&
        macros[i].one != LV_M_MAP) {
      nvars = 2;
      m = macros[i].two;
    } else if (macros[i].one == LV_M_COUNT) {
      m = macros[i].two;
    } else if (macros[i].one == LV_M_MAP && args->n == 3) {
      m = LV_M_MAP_FILTER;
    }
    for (uint32_t k = 0; k < nvars; k++)
      if (!is_simple_ident(args->items[k])) {
        snprintf(msg, sizeof msg, "argument %u of %s() must be a variable name", k + 1, fn);
        return bad_macro(p, call, msg, macros[i].usage);
      }
    lv_expr *e = node(p, LV_EX_COMPRE, call->span);
    e->macro = (uint8_t)m;
    e->u.compre.range = call->u.call.target;
    e->u.compre.var.name = args->items[0]->u.ident.name;
    e->u.compre.var.span = args->items[0]->span;
    if (nvars == 2) {
      e->u.compre.var2.name = args->items[1]->u.ident.name;
      e->u.compre.var2.span = args->items[1]->span;
    }
    uint32_t rest = args->n - nvars; /* 1: one expression; 2: predicate, expression */
    switch (m) {
    case LV_M_MAP:
    case LV_M_TRANSFORM_LIST:
    case LV_M_TRANSFORM_MAP:
    case LV_M_OPT_MAP:
    case LV_M_OPT_FLAT_MAP:
    case LV_M_MAP_FILTER:
      if (rest == 2) e->u.compre.pred = args->items[nvars];
      e->u.compre.xform = args->items[args->n - 1];
      break;
    default: e->u.compre.pred = args->items[nvars]; break;
    }
    deepen(p, e, e->u.compre.range);
    if (e->u.compre.pred) deepen(p, e, e->u.compre.pred);
    if (e->u.compre.xform) deepen(p, e, e->u.compre.xform);
    return e->kind == LV_EX_COMPRE && e->depth <= p->cx->max_depth ? e : error_node(p, call->span);
  }
  return call;
}

lv_expr *lv_expr_call(lv_parser *p, lv_expr *target, lv_token fn, lv_expr_list *args,
                      lv_token rparen, bool absolute) {
  lv_expr *e = node(p, LV_EX_CALL, lv_span_make(target ? target->span.start : fn.start, rparen.end));
  e->u.call.target = target;
  if (absolute) {
    e->flags |= LV_EF_ABSOLUTE;
    fn.start++; /* the leading dot */
    while (p->src->text[fn.start] == ' ' || p->src->text[fn.start] == '\t') fn.start++;
  }
  e->u.call.fn = lv_ident_of(p, fn);
  e->u.call.fn.span = lv_span_make(fn.start, fn.end);
  e->u.call.args = *args;
  if (target) deepen(p, e, target);
  for (uint32_t i = 0; i < args->n; i++) deepen(p, e, args->items[i]);
  if (e->kind == LV_EX_ERROR) return e;
  return expand_macro(p, e);
}

lv_expr *lv_expr_index(lv_parser *p, lv_expr *a, lv_expr *index, lv_token rbracket, bool optional) {
  lv_expr *e = node(p, LV_EX_INDEX, lv_span_make(a->span.start, rbracket.end));
  e->u.index.operand = a;
  e->u.index.index = index;
  if (optional) e->flags |= LV_EF_OPTIONAL;
  deepen(p, e, a);
  return deepen(p, e, index);
}

/* Renders an identifier/selection chain as a dotted name, or returns NULL. */
static const char *qualified_name(lv_parser *p, const lv_expr *e) {
  if (e->flags & LV_EF_PAREN) return NULL;
  if (e->kind == LV_EX_IDENT) return e->u.ident.name;
  if (e->kind == LV_EX_SELECT && !(e->flags & LV_EF_OPTIONAL)) {
    const char *base = qualified_name(p, e->u.select.operand);
    if (!base) return NULL;
    const char *f = e->u.select.field.name;
    size_t lb = strlen(base), lf = strlen(f);
    char *buf = lv_arena_alloc(p->arena, lb + lf + 2);
    memcpy(buf, base, lb);
    buf[lb] = '.';
    memcpy(buf + lb + 1, f, lf + 1);
    return lv_intern(p->cx->names, buf, lb + 1 + lf);
  }
  return NULL;
}

lv_expr *lv_expr_message(lv_parser *p, lv_expr *type_name, lv_entry_list *fields, lv_token rbrace) {
  lv_span span = lv_span_make(type_name->span.start, rbrace.end);
  const char *name = qualified_name(p, type_name);
  if (!name) {
    lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_MESSAGE_NAME, p->src, type_name->span,
                             "'{' after an expression starts a message, which needs a schema name here");
    lv_diag_help(g, p->diags, "write SchemaName{field: value}");
    return error_node(p, span);
  }
  lv_expr *e = node(p, LV_EX_MESSAGE, span);
  e->u.message.type_name.name = name;
  e->u.message.type_name.span = type_name->span;
  if (type_name->flags & LV_EF_ABSOLUTE) e->flags |= LV_EF_ABSOLUTE;
  for (uint32_t i = 0; i < fields->n; i++) {
    lv_entry *en = &fields->items[i];
    if (!en->key || !(en->word_key || is_simple_ident(en->key))) {
      lv_diag_add(p->diags, LV_D_BAD_MESSAGE_NAME, p->src,
                  en->key ? en->key->span : en->value->span,
                  "a message field is written `name: value`");
      return error_node(p, span);
    }
    en->field.name = en->key->u.ident.name;
    en->field.span = en->key->span;
    en->key = NULL;
    deepen(p, e, en->value);
  }
  e->u.message.entries = *fields;
  return e->depth <= p->cx->max_depth ? e : error_node(p, span);
}

lv_expr *lv_expr_ident(lv_parser *p, lv_token name, bool absolute) {
  lv_expr *e = node(p, LV_EX_IDENT, tspan(name));
  if (absolute) {
    e->flags |= LV_EF_ABSOLUTE;
    name.start++;
    while (p->src->text[name.start] == ' ' || p->src->text[name.start] == '\t') name.start++;
  }
  e->u.ident.name = lv_intern(p->cx->names, p->src->text + name.start, name.end - name.start);
  return e;
}

lv_expr *lv_expr_paren(lv_parser *p, lv_token l, lv_expr *a, lv_token r) {
  a->flags |= LV_EF_PAREN;
  /* Parentheses nest: count them against the bound too. */
  if (a->depth < UINT16_MAX) a->depth++;
  if (a->depth > p->cx->max_depth) {
    lv_expr *e = node(p, LV_EX_ERROR, lv_span_make(l.start, r.end));
    e->depth = a->depth;
    return deepen(p, e, NULL);
  }
  return a;
}

static lv_expr *collection(lv_parser *p, lv_expr_kind kind, lv_token l, lv_entry_list *entries,
                           lv_token r) {
  lv_expr *e = node(p, kind, lv_span_make(l.start, r.end));
  for (uint32_t i = 0; i < entries->n; i++) {
    lv_entry *en = &entries->items[i];
    if (kind == LV_EX_LIST && en->key) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_SYNTAX, p->src, en->key->span,
                               "a list element cannot have a key");
      lv_diag_help(g, p->diags, "use {...} for a map");
      return error_node(p, e->span);
    }
    if (en->word_key && kind == LV_EX_MAP) {
      const lv_expr *k = en->key;
      if (p->src->text[k->span.start] == '`') {
        lv_diag *g = lv_diag_add(p->diags, LV_D_RESERVED, p->src, k->span,
                                 "a quoted name is a field name, so it cannot be a map key");
        lv_diag_help(g, p->diags, "for the string key, quote it: \"%s\"", k->u.ident.name);
        return error_node(p, e->span);
      }
      bool reserved = false;
      for (int w = 0; w < lv_nkeywords; w++)
        if (strcmp(lv_keywords[w].word, k->u.ident.name) == 0) reserved = lv_keywords[w].type == LV_TK_RESERVED;
      lv_diag *g = lv_diag_add(p->diags, LV_D_RESERVED, p->src, k->span, "'%s' is a %s, so it cannot be a map key",
                               k->u.ident.name, reserved ? "reserved word" : "keyword");
      lv_diag_help(g, p->diags, "for the string key, quote it: \"%s\"", k->u.ident.name);
      return error_node(p, e->span);
    }
    if (kind == LV_EX_MAP && !en->key) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_SYNTAX, p->src, en->value->span,
                               "a map entry is written `key: value`");
      lv_diag_help(g, p->diags, "use [...] for a list");
      return error_node(p, e->span);
    }
    if (en->key) deepen(p, e, en->key);
    deepen(p, e, en->value);
  }
  e->u.list.entries = *entries;
  return e->depth <= p->cx->max_depth ? e : error_node(p, e->span);
}

lv_expr *lv_expr_list_lit(lv_parser *p, lv_token l, lv_entry_list *elems, lv_token r) {
  return collection(p, LV_EX_LIST, l, elems, r);
}

lv_expr *lv_expr_map_lit(lv_parser *p, lv_token l, lv_entry_list *entries, lv_token r) {
  return collection(p, LV_EX_MAP, l, entries, r);
}

lv_expr *lv_expr_reserved(lv_parser *p, lv_token word) {
  lv_diag *g = lv_diag_add(p->diags, LV_D_RESERVED, p->src, tspan(word),
                           "'%s' is a reserved word and cannot be used as a name", tok_text(p, word));
  lv_diag_help(g, p->diags, "CEL reserves it; choose another name (a field may still be called '%s': "
                            "write x.%s)",
               tok_text(p, word), tok_text(p, word));
  return error_node(p, tspan(word));
}

lv_expr *lv_expr_int(lv_parser *p, lv_token t) {
  lv_expr *e = node(p, LV_EX_INT, tspan(t));
  /* 9223372036854775808 is valid only as the operand of a unary minus;
   * lv_expr_unary folds it, and the checker reports it otherwise. */
  const char *s = p->src->text + t.start;
  if (t.end - t.start == 19 && memcmp(s, "9223372036854775808", 19) == 0) {
    e->flags |= LV_EF_INT_MIN;
    e->u.i = INT64_MIN;
    return e;
  }
  int64_t v = 0;
  if (!lv_lit_int(p->diags, p->src, tspan(t), false, &v)) e->kind = LV_EX_ERROR;
  e->u.i = v;
  return e;
}

lv_expr *lv_expr_uint(lv_parser *p, lv_token t) {
  lv_expr *e = node(p, LV_EX_UINT, tspan(t));
  uint64_t v = 0;
  if (!lv_lit_uint(p->diags, p->src, tspan(t), &v)) e->kind = LV_EX_ERROR;
  e->u.u = v;
  return e;
}

lv_expr *lv_expr_double(lv_parser *p, lv_token t) {
  lv_expr *e = node(p, LV_EX_DOUBLE, tspan(t));
  double v = 0;
  if (!lv_lit_double(p->diags, p->src, tspan(t), &v)) e->kind = LV_EX_ERROR;
  e->u.d = v;
  return e;
}

lv_expr *lv_expr_string(lv_parser *p, lv_token t) {
  lv_expr *e = node(p, LV_EX_STRING, tspan(t));
  bool is_bytes = false;
  const char *s = "";
  uint32_t n = 0;
  if (!lv_lit_string(p->arena, p->diags, p->src, tspan(t), &is_bytes, &s, &n)) e->kind = LV_EX_ERROR;
  else if (is_bytes) e->kind = LV_EX_BYTES;
  e->u.str.ptr = s;
  e->u.str.len = n;
  return e;
}

lv_expr *lv_expr_bool(lv_parser *p, lv_token t, bool value) {
  lv_expr *e = node(p, LV_EX_BOOL, tspan(t));
  e->u.b = value;
  return e;
}

lv_expr *lv_expr_null(lv_parser *p, lv_token t) { return node(p, LV_EX_NULL, tspan(t)); }

lv_expr_list *lv_args_begin(lv_parser *p) { return lv_arena_calloc(p->arena, 1, sizeof(lv_expr_list)); }

lv_expr_list *lv_args_add(lv_parser *p, lv_expr_list *l, lv_expr *e) {
  lv_expr_list_push(p->arena, l, e);
  return l;
}

lv_entry_list *lv_entries_begin(lv_parser *p) {
  return lv_arena_calloc(p->arena, 1, sizeof(lv_entry_list));
}

lv_entry_list *lv_entries_add(lv_parser *p, lv_entry_list *l, lv_entry e) {
  if (l->n == l->cap) {
    uint32_t cap = l->cap ? l->cap * 2 : 4;
    l->items = lv_arena_grow(p->arena, l->items, l->n * sizeof *l->items, cap * sizeof *l->items);
    l->cap = cap;
  }
  l->items[l->n++] = e;
  return l;
}

lv_entry lv_entry_value(lv_parser *p, lv_expr *value, bool optional) {
  (void)p;
  lv_entry e;
  memset(&e, 0, sizeof e);
  e.value = value;
  e.optional = optional;
  return e;
}

lv_entry lv_entry_keyed(lv_parser *p, lv_expr *key, lv_expr *value, bool optional) {
  lv_entry e = lv_entry_value(p, value, optional);
  e.key = key;
  return e;
}

lv_entry lv_entry_word(lv_parser *p, lv_token word, lv_expr *value, bool optional) {
  lv_expr *key = lv_expr_ident(p, word, false);
  key->u.ident.name = lv_ident_of(p, word).name; /* `quoted-name` without its backticks */
  lv_entry e = lv_entry_keyed(p, key, value, optional);
  e.word_key = true;
  return e;
}

static void each_entry(const lv_entry_list *l, void (*fn)(void *, const lv_expr *), void *ctx) {
  for (uint32_t i = 0; i < l->n; i++) {
    if (l->items[i].key) fn(ctx, l->items[i].key);
    if (l->items[i].value) fn(ctx, l->items[i].value);
  }
}

void lv_expr_each_child(const lv_expr *e, void (*fn)(void *ctx, const lv_expr *child), void *ctx) {
  const lv_expr *kids[3] = {NULL, NULL, NULL};
  switch (e->kind) {
  case LV_EX_SELECT:
  case LV_EX_HAS: kids[0] = e->u.select.operand; break;
  case LV_EX_INDEX:
    kids[0] = e->u.index.operand;
    kids[1] = e->u.index.index;
    break;
  case LV_EX_CALL:
    if (e->u.call.target) fn(ctx, e->u.call.target);
    for (uint32_t i = 0; i < e->u.call.args.n; i++) fn(ctx, e->u.call.args.items[i]);
    return;
  case LV_EX_UNARY: kids[0] = e->u.unary.operand; break;
  case LV_EX_BINARY:
    kids[0] = e->u.binary.left;
    kids[1] = e->u.binary.right;
    break;
  case LV_EX_AND:
  case LV_EX_OR:
    for (uint32_t i = 0; i < e->u.logic.args.n; i++) fn(ctx, e->u.logic.args.items[i]);
    return;
  case LV_EX_COND:
    kids[0] = e->u.cond.cond;
    kids[1] = e->u.cond.then;
    kids[2] = e->u.cond.other;
    break;
  case LV_EX_LIST:
  case LV_EX_MAP: each_entry(&e->u.list.entries, fn, ctx); return;
  case LV_EX_MESSAGE: each_entry(&e->u.message.entries, fn, ctx); return;
  case LV_EX_COMPRE:
    kids[0] = e->u.compre.range;
    kids[1] = e->u.compre.pred;
    kids[2] = e->u.compre.xform;
    break;
  default: return;
  }
  for (int i = 0; i < 3; i++)
    if (kids[i]) fn(ctx, kids[i]);
}
