/* expr.c - type checking CEL expressions. Each expression gets its type; calls
 * and operators get their overload from stdlib/builtins.def; names get the
 * symbol they refer to. An error type absorbs further errors, so one mistake
 * is reported once. */
#include <string.h>

#include "check/checker.h"
#include "parse/ast_build.h"

/* --- locals ------------------------------------------------------------------------ */

lv_sym *lv_checker_push_var(lv_checker *c, const char *name, const lv_type *t, lv_source *src,
                            lv_span span) {
  lv_sym *s = lv_arena_calloc(c->p->arena, 1, sizeof *s);
  s->kind = LV_SYM_VAR;
  s->name = name;
  s->type = t;
  s->src = src;
  s->span = span;
  s->index = c->p->nvars++;
  if (c->nlocals == c->caplocals) {
    uint32_t cap = c->caplocals ? c->caplocals * 2 : 16;
    c->locals = lv_arena_grow(c->p->arena, c->locals, c->nlocals * sizeof *c->locals, cap * sizeof *c->locals);
    c->caplocals = cap;
  }
  c->locals[c->nlocals++] = s;
  return s;
}

void lv_checker_pop(lv_checker *c, uint32_t n) { c->nlocals -= n; }

static const char *decl_word(lv_sym_kind k) {
  switch (k) {
  case LV_SYM_SCHEMA: return "schema";
  case LV_SYM_STREAM: return "stream";
  case LV_SYM_LET: return "let";
  case LV_SYM_DEF: return "def";
  case LV_SYM_VAR: return "variable";
  default: return "name";
  }
}

void lv_check_shadow(lv_checker *c, const char *name, lv_span at) {
  lv_sym *s = c->scope ? lv_scope_find(c->scope, name) : NULL;
  if (!s || s->kind == LV_SYM_VAR || s->kind == LV_SYM_TYPE) return;
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_SHADOW, c->src, at, "'%s' hides the %s of the same name", name,
                           decl_word(s->kind));
  if (s->src) lv_diag_note(g, c->p->diags, s->src, s->span, "the %s '%s' is declared here", decl_word(s->kind), name);
  lv_diag_help(g, c->p->diags, "rename the variable, so that '%s' means one thing in this file", name);
}

lv_sym *lv_lookup(lv_checker *c, const char *name) {
  for (uint32_t i = c->nlocals; i-- > 0;)
    if (c->locals[i]->name == name) return c->locals[i];
  lv_sym *s = c->scope ? lv_scope_find(c->scope, name) : NULL;
  if (s) return s;
  return lv_scope_find(c->p->global, name);
}

typedef struct suggest_ctx {
  lv_suggest sg;
  bool values_only;
  bool types; /* offer schema and type names too */
} suggest_ctx;

static void offer_sym(void *ctx, lv_sym *s) {
  suggest_ctx *sc = ctx;
  if (sc->values_only && (s->kind == LV_SYM_STREAM || s->kind == LV_SYM_DEF)) return;
  if (!sc->types && (s->kind == LV_SYM_SCHEMA || s->kind == LV_SYM_TYPE)) return;
  lv_suggest_offer(&sc->sg, s->name);
}

static const char *suggest_name(lv_checker *c, const char *name) {
  suggest_ctx sc;
  lv_suggest_init(&sc.sg, name);
  sc.values_only = true;
  /* Schemas are capitalised by convention; `e` misspelt is not `A`. */
  sc.types = name[0] >= 'A' && name[0] <= 'Z';
  /* Names starting with a space are hidden (levin eval's " event"). */
  for (uint32_t i = 0; i < c->nlocals; i++)
    if (c->locals[i]->name[0] != ' ') lv_suggest_offer(&sc.sg, c->locals[i]->name);
  lv_scope_each(c->scope, offer_sym, &sc);
  lv_scope_each(c->p->global, offer_sym, &sc);
  return lv_suggest_result(&sc.sg);
}

/* --- helpers ------------------------------------------------------------------------ */

static const lv_type *set(lv_expr *e, const lv_type *t) {
  e->type = t;
  return t;
}

static const char *tstr(lv_checker *c, const lv_type *t) { return lv_type_str(c->p->arena, t); }

static bool is_err(const lv_type *t) { return t->kind == LV_T_ERROR; }

static const char *op_name(lv_op op) {
  switch (op) {
  case LV_OP_NOT: return "!_";
  case LV_OP_NEG: return "-_";
  case LV_OP_ADD: return "_+_";
  case LV_OP_SUB: return "_-_";
  case LV_OP_MUL: return "_*_";
  case LV_OP_DIV: return "_/_";
  case LV_OP_MOD: return "_%_";
  case LV_OP_EQ: return "_==_";
  case LV_OP_NE: return "_!=_";
  case LV_OP_LT: return "_<_";
  case LV_OP_LE: return "_<=_";
  case LV_OP_GT: return "_>_";
  case LV_OP_GE: return "_>=_";
  case LV_OP_IN: return "@in";
  default: return "?";
  }
}

const char *lv_op_text(lv_op op) {
  switch (op) {
  case LV_OP_NOT: return "!";
  case LV_OP_NEG: return "-";
  case LV_OP_ADD: return "+";
  case LV_OP_SUB: return "-";
  case LV_OP_MUL: return "*";
  case LV_OP_DIV: return "/";
  case LV_OP_MOD: return "%";
  case LV_OP_EQ: return "==";
  case LV_OP_NE: return "!=";
  case LV_OP_LT: return "<";
  case LV_OP_LE: return "<=";
  case LV_OP_GT: return ">";
  case LV_OP_GE: return ">=";
  case LV_OP_IN: return "in";
  default: return "?";
  }
}

/* "(double, int)" */
static const char *arg_list_str(lv_checker *c, const lv_type *const *args, uint32_t n) {
  lv_buf b = LV_BUF_INIT;
  lv_buf_putc(&b, '(');
  for (uint32_t i = 0; i < n; i++) {
    if (i) lv_buf_puts(&b, ", ");
    lv_type_print(&b, args[i]);
  }
  lv_buf_putc(&b, ')');
  const char *s = lv_arena_strndup(c->p->arena, b.data, b.len);
  lv_buf_free(&b);
  return s;
}

/* Lists the signatures a name has, as a note (at most four). */
static void note_signatures(lv_checker *c, lv_diag *g, const char *name, lv_call_style style,
                            const char *display) {
  lv_buf b = LV_BUF_INIT;
  int shown = 0, total = 0;
  for (int i = 0; i < LV_B_COUNT; i++) {
    lv_builtin *bi = &c->p->builtins[i];
    if (bi->name != name || bi->style != style || bi->nparams < 0) continue;
    total++;
    if (shown == 4) continue;
    if (shown) lv_buf_puts(&b, "; ");
    lv_buf_putc(&b, '(');
    for (int k = 0; k < bi->nparams; k++) {
      if (k) lv_buf_puts(&b, ", ");
      lv_type_print(&b, bi->params[k]);
    }
    lv_buf_puts(&b, ")");
    shown++;
  }
  if (shown) {
    lv_diag_note(g, c->p->diags, NULL, lv_span_make(0, 0), "%s is defined for %s%s", display, b.data,
                 total > shown ? "; ..." : "");
  }
  lv_buf_free(&b);
}

static bool mixes_numbers(const lv_type *const *args, uint32_t n) {
  int kinds = 0;
  bool seen[3] = {false, false, false};
  for (uint32_t i = 0; i < n; i++) {
    if (!lv_type_is_numeric(args[i])) return false;
    int k = args[i]->kind == LV_T_INT ? 0 : args[i]->kind == LV_T_UINT ? 1 : 2;
    if (!seen[k]) kinds++;
    seen[k] = true;
  }
  return kinds > 1;
}

static void offer_def(void *ctx, lv_sym *s) {
  if (s->kind == LV_SYM_DEF) lv_suggest_offer(ctx, s->name);
}

/* Resolves an operator or function against the table and annotates e; on
 * failure reports E0401 (or E0411 for an unknown name). */
static const lv_type *resolve_call(lv_checker *c, lv_expr *e, const char *name, lv_call_style style,
                                   const lv_type *const *args, uint32_t nargs, const char *display,
                                   lv_span at) {
  for (uint32_t i = 0; i < nargs; i++)
    if (is_err(args[i])) return set(e, c->t->error);
  lv_resolution r = lv_resolve(c->p, name, style, args, nargs);
  if (r.found) {
    e->overload = r.id;
    e->cands = r.cands;
    return set(e, r.type);
  }
  if (c->p->unchecked) {
    /* Unchecked mode: the call is dispatched on run-time types and fails
     * there with "no matching overload" if nothing fits. */
    e->overload = LV_B_NONE;
    lv_candidates *cand = lv_arena_alloc(c->p->arena, sizeof *cand + LV_B_COUNT * sizeof(uint32_t));
    cand->n = 0;
    for (int i = 0; i < LV_B_COUNT; i++) {
      lv_builtin *b = &c->p->builtins[i];
      if (b->name == name && b->style == style && b->nparams == (int)nargs) cand->ids[cand->n++] = (uint32_t)i;
    }
    /* An unknown function fails only when it is called (empty set). */
    e->cands = cand;
    return set(e, c->t->dyn);
  }
  if (!r.name_known) {
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_UNKNOWN_FUNCTION, c->src, at,
                             style == LV_STYLE_MEMBER ? "undeclared function '%s' on %s"
                                                      : "undeclared function '%s'%s",
                             display, style == LV_STYLE_MEMBER ? tstr(c, args[0]) : "");
    lv_suggest sg;
    lv_suggest_init(&sg, name);
    for (int i = 0; i < LV_B_COUNT; i++)
      if (c->p->builtins[i].style == style) lv_suggest_offer(&sg, c->p->builtins[i].name);
    lv_sym *def = c->scope ? lv_scope_find(c->scope, name) : NULL;
    if (style == LV_STYLE_FN) lv_scope_each(c->scope, offer_def, &sg);
    if (def && def->kind == LV_SYM_DEF && style == LV_STYLE_MEMBER)
      lv_diag_help(g, c->p->diags, "'%s' is a def, called as a function: %s(x, ...)", display, display);
    else if (lv_suggest_result(&sg)) lv_diag_help(g, c->p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
    else if (style == LV_STYLE_FN) {
      /* Maybe it exists as a method, or the other way round. */
      for (int i = 0; i < LV_B_COUNT; i++)
        if (c->p->builtins[i].name == name) {
          lv_diag_help(g, c->p->diags, "'%s' is called as a method: x.%s(...)", display, display);
          break;
        }
    } else {
      for (int i = 0; i < LV_B_COUNT; i++)
        if (c->p->builtins[i].name == name) {
          lv_diag_help(g, c->p->diags, "'%s' is called as a function: %s(...)", display, display);
          break;
        }
    }
    return set(e, c->t->error);
  }
  lv_diag *g;
  if (!r.arity_known && style != LV_STYLE_OP) {
    g = lv_diag_add(c->p->diags, LV_D_ARG_COUNT, c->src, at, "wrong number of arguments to '%s': %u given",
                    display, style == LV_STYLE_MEMBER ? nargs - 1 : nargs);
  } else {
    g = lv_diag_add(c->p->diags, LV_D_NO_OVERLOAD, c->src, at,
                    "no matching overload for '%s' applied to %s", display,
                    arg_list_str(c, args, nargs));
  }
  if (mixes_numbers(args, nargs))
    lv_diag_help(g, c->p->diags,
                 "CEL does not convert between int, uint and double implicitly: write 2.0 for a "
                 "double, 2u for a uint, or convert with double(x), int(x), uint(x)");
  else if (style == LV_STYLE_OP && nargs == 2 && strcmp(display, "+") == 0 &&
           (args[0]->kind == LV_T_STRING) != (args[1]->kind == LV_T_STRING))
    lv_diag_help(g, c->p->diags,
                 "+ joins two strings: convert the other operand with string(x), or format: "
                 "\"%%s (%%d)\".format([name, n])");
  else note_signatures(c, g, name, style, display);
  return set(e, c->t->error);
}

/* --- literals meeting a declared type ------------------------------------------------------ */

static bool element_fits(lv_checker *c, const lv_expr *v, bool optional, const lv_type *want,
                         const lv_type *container, const char *what) {
  const lv_type *t = v->type;
  if (!t || t->kind == LV_T_ERROR) return true;
  if (optional && t->kind == LV_T_OPTIONAL) t = t->a;
  if ((v->kind == LV_EX_LIST || v->kind == LV_EX_MAP) && lv_type_is_dynamic(t))
    return lv_check_literal_fits(c, v, want);
  if (t->kind == LV_T_DYN || lv_type_assignable(want, t)) return true;
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_HETEROGENEOUS, c->src, v->span,
                           "mixed element types: this %s is %s, but %s needs %s", what, tstr(c, t),
                           tstr(c, container), tstr(c, want));
  if (lv_type_is_numeric(want) || want->kind == LV_T_STRING)
    lv_diag_help(g, c->p->diags, "give every %s the type %s (convert with %s(...) if needed)", what, tstr(c, want),
                 tstr(c, want));
  else
    lv_diag_help(g, c->p->diags, "give every %s the type %s", what, tstr(c, want));
  return false;
}

bool lv_check_literal_fits(lv_checker *c, const lv_expr *e, const lv_type *want) {
  if (!e->type || !want || lv_type_is_dynamic(want) || !lv_type_is_dynamic(e->type)) return true;
  const lv_entry_list *l = &e->u.list.entries;
  if (e->kind == LV_EX_LIST && want->kind == LV_T_LIST) {
    for (uint32_t i = 0; i < l->n; i++)
      if (!element_fits(c, l->items[i].value, l->items[i].optional, want->a, want, "element")) return false;
  } else if (e->kind == LV_EX_MAP && want->kind == LV_T_MAP) {
    for (uint32_t i = 0; i < l->n; i++) {
      if (!element_fits(c, l->items[i].key, false, want->a, want, "key")) return false;
      if (!element_fits(c, l->items[i].value, l->items[i].optional, want->b, want, "value")) return false;
    }
  }
  return true;
}

/* --- names ---------------------------------------------------------------------------- */

/* A let or def whose value uses itself, directly or through others: shown
 * at its declaration, with the use that closes the loop. */
static void recursion(lv_checker *c, lv_sym *s, lv_span use, const char *what) {
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_RECURSION, s->src, s->span, "%s '%s' refers to itself", what, s->name);
  lv_diag_note(g, c->p->diags, c->src, use, "through this use of '%s'", s->name);
  lv_diag_help(g, c->p->diags, "lets and defs are expanded where they are used, so they cannot be recursive");
}

static const lv_type *check_sym_use(lv_checker *c, lv_expr *e, lv_sym *s) {
  e->u.ident.sym = s;
  s->used = true;
  switch (s->kind) {
  case LV_SYM_VAR: return set(e, s->type);
  case LV_SYM_LET:
    if (s->state == 1) {
      recursion(c, s, e->span, "let");
      s->type = c->t->error;
      return set(e, c->t->error);
    }
    return set(e, lv_check_let(c, s));
  case LV_SYM_SCHEMA:
  case LV_SYM_TYPE: return set(e, s->type);
  case LV_SYM_STREAM: {
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->span,
                             "'%s' is a stream, not a value", s->name);
    lv_diag_help(g, c->p->diags, "a rule reads a stream with `on %s as x` and uses x", s->name);
    return set(e, c->t->error);
  }
  case LV_SYM_DEF: {
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->span,
                             "'%s' is a def, not a value", s->name);
    lv_diag_help(g, c->p->diags, "call it: %s(...)", s->name);
    return set(e, c->t->error);
  }
  }
  return set(e, c->t->error);
}

/* `temp` where `r.temp` was meant (Falco and AWS IoT rules name fields
 * bare): a field of a message variable in scope with that name, or close. */
static void suggest_field(lv_checker *c, lv_diag *g, const char *name) {
  for (uint32_t i = c->nlocals; i-- > 0;) {
    const lv_sym *v = c->locals[i];
    if (!v->type || v->type->kind != LV_T_MSG || !v->type->schema) continue;
    const lv_schema_info *si = v->type->schema;
    lv_suggest sg;
    lv_suggest_init(&sg, name);
    /* levin eval --schema: the hidden " event" whose fields are in scope
     * as names of their own. */
    bool hidden = v->name[0] == ' ';
    for (uint32_t k = 0; k < si->nfields; k++) {
      if (si->fields[k].name == name && !hidden) {
        lv_diag_help(g, c->p->diags, "'%s' is a field of %s: write '%s.%s'", name, v->name, v->name, name);
        return;
      }
      lv_suggest_offer(&sg, si->fields[k].name);
    }
    if (lv_suggest_result(&sg)) {
      if (hidden) lv_diag_help(g, c->p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
      else lv_diag_help(g, c->p->diags, "did you mean '%s.%s'?", v->name, lv_suggest_result(&sg));
      return;
    }
  }
}

/* A let that names a rule's event (`let hot = r.temp > 80.0`) is a common
 * first try: say why it cannot work and what does. */
static bool let_uses_event(lv_checker *c, lv_expr *e, const char *name) {
  for (uint32_t i = 0; i < c->p->nfiles; i++) {
    lv_file *f = c->p->files[i];
    for (uint32_t k = 0; k < f->n; k++) {
      lv_decl *d = f->decls[k];
      if (d->kind != LV_D_RULE || d->u.rule.binding.name != name) continue;
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_NOT_CONSTANT, c->src, e->span,
                               "let '%s' is a constant, so it cannot use '%s', the event of rule '%s'",
                               c->in_let->name, name, d->name.name);
      const lv_stream_info *st = NULL;
      for (uint32_t j = 0; j < c->p->nstreams; j++)
        if (c->p->streams[j]->decl->name.name == d->u.rule.stream.name) st = c->p->streams[j];
      lv_diag_help(g, c->p->diags, "a let is computed once, before any event; to compute from an event, write a def: "
                   "def %s(%s: %s): ... = ...", c->in_let->name, name,
                   st && st->schema ? st->schema->decl->name.name : "Schema");
      return true;
    }
  }
  return false;
}

static const lv_type *check_ident(lv_checker *c, lv_expr *e) {
  const char *name = e->u.ident.name;
  lv_sym *s = (e->flags & LV_EF_ABSOLUTE) ? lv_lookup_root(c, name) : lv_lookup(c, name);
  if (!s && c->fields_of) {
    /* levin eval --schema: the event's fields are variables. */
    for (uint32_t i = 0; i < c->fields_of->nfields; i++) {
      if (c->fields_of->fields[i].name != name) continue;
      /* Rewrite `temp` as `<event>.temp`. */
      lv_expr *ev = lv_expr_new(c->p->pcx, LV_EX_IDENT, e->span);
      ev->u.ident.name = c->event->name;
      lv_expr copy = *e;
      (void)copy;
      e->kind = LV_EX_SELECT;
      e->u.select.operand = ev;
      e->u.select.field.name = name;
      e->u.select.field.span = e->span;
      return lv_check_expr(c, e);
    }
  }
  if (!s && c->in_let && let_uses_event(c, e, name)) return set(e, c->t->error);
  if (!s && c->p->unchecked) {
    /* Unchecked mode: an unknown name fails when evaluated (sym stays NULL). */
    e->u.ident.sym = NULL;
    return set(e, c->t->dyn);
  }
  if (!s) {
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_UNDEFINED, c->src, e->span, "undeclared name '%s'", name);
    const char *sug = suggest_name(c, name);
    /* The exact name in a file not imported beats a near miss here. */
    if (lv_suggest_import(c, g, name)) return set(e, c->t->error);
    if (sug) lv_diag_help(g, c->p->diags, "did you mean '%s'?", sug);
    else suggest_field(c, g, name);
    return set(e, c->t->error);
  }
  return check_sym_use(c, e, s);
}

/* For a chain a.b.c of identifiers whose root is not a variable: the
 * qualified name it spells, if that names something (a schema in another
 * package, google.protobuf.Timestamp). */
static lv_sym *qualified_sym(lv_checker *c, const lv_expr *e, const char **name_out) {
  char buf[256];
  size_t len = 0;
  const lv_expr *parts[32];
  int n = 0;
  const lv_expr *x = e;
  while (x->kind == LV_EX_SELECT && !(x->flags & (LV_EF_OPTIONAL | LV_EF_PAREN)) && n < 32) {
    parts[n++] = x;
    x = x->u.select.operand;
  }
  if (x->kind != LV_EX_IDENT || (x->flags & LV_EF_PAREN) || n == 0) return NULL;
  if (!(x->flags & LV_EF_ABSOLUTE) && lv_lookup(c, x->u.ident.name)) return NULL;
  size_t l = strlen(x->u.ident.name);
  if (l >= sizeof buf) return NULL;
  memcpy(buf, x->u.ident.name, l);
  len = l;
  for (int i = n - 1; i >= 0; i--) {
    const char *f = parts[i]->u.select.field.name;
    size_t fl = strlen(f);
    if (len + 1 + fl >= sizeof buf) return NULL;
    buf[len++] = '.';
    memcpy(buf + len, f, fl);
    len += fl;
  }
  const char *q = lv_intern(c->p->names, buf, len);
  lv_sym *s = lv_lookup(c, q); /* a dotted variable (a.b.c), or a qualified name */
  if (s && name_out) *name_out = q;
  return s;
}

/* --- field selection ------------------------------------------------------------------- */

static lv_field_info *find_field(lv_schema_info *s, const char *name, uint32_t *index) {
  for (uint32_t i = 0; i < s->nfields; i++)
    if (s->fields[i].name == name) {
      *index = i;
      return &s->fields[i];
    }
  return NULL;
}

static void unknown_field(lv_checker *c, lv_schema_info *s, lv_ident field) {
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_UNKNOWN_FIELD, c->src, field.span,
                           "schema '%s' has no field '%s'", s->name, field.name);
  lv_suggest sg;
  lv_suggest_init(&sg, field.name);
  for (uint32_t i = 0; i < s->nfields; i++) lv_suggest_offer(&sg, s->fields[i].name);
  if (lv_suggest_result(&sg)) lv_diag_help(g, c->p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
  if (s->decl) lv_diag_note(g, c->p->diags, s->decl->file->src, s->decl->name.span, "'%s' is declared here", s->name);
}

void lv_schema_mark_all_needed(lv_schema_info *s) {
  for (uint32_t i = 0; i < s->nfields; i++) {
    lv_field_info *f = &s->fields[i];
    if (f->needed) continue;
    f->needed = true;
    const lv_type *t = f->type;
    while (t->kind == LV_T_LIST || t->kind == LV_T_MAP) t = t->kind == LV_T_LIST ? t->a : t->b;
    if (t->kind == LV_T_MSG && t->schema) lv_schema_mark_all_needed((lv_schema_info *)t->schema);
  }
}

/* A message-typed value used whole (not just to select a field): every
 * field must be decoded. */
static void used_whole(const lv_type *t) {
  while (t && (t->kind == LV_T_LIST || t->kind == LV_T_MAP || t->kind == LV_T_OPTIONAL))
    t = t->kind == LV_T_MAP ? t->b : t->a;
  if (t && t->kind == LV_T_MSG && t->schema) lv_schema_mark_all_needed((lv_schema_info *)t->schema);
}

static const lv_type *check_operand(lv_checker *c, lv_expr *e) {
  /* An operand of . keeps messages partial: only the selected field is needed. */
  return lv_check_expr(c, e);
}

static const lv_type *select_on(lv_checker *c, lv_expr *e, const lv_type *ot, lv_ident field,
                                bool optional_result) {
  lv_types *t = c->t;
  const lv_type *r;
  switch (ot->kind) {
  case LV_T_ERROR: return t->error;
  case LV_T_MSG: {
    lv_schema_info *s = (lv_schema_info *)ot->schema;
    uint32_t idx = 0;
    lv_field_info *f = find_field(s, field.name, &idx);
    if (!f) {
      unknown_field(c, s, field);
      return t->error;
    }
    f->needed = true;
    e->u.select.field_index = idx;
    r = f->type;
    break;
  }
  case LV_T_MAP:
    if (ot->a->kind != LV_T_STRING && ot->a->kind != LV_T_DYN) {
      lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, field.span,
                  "'.%s' selects a string key, but the map's keys are %s", field.name, tstr(c, ot->a));
      return t->error;
    }
    r = ot->b;
    break;
  case LV_T_DYN: r = t->dyn; break;
  default:
    if (c->p->unchecked) {
      r = t->dyn; /* fails when it runs */
      break;
    }
    lv_diag_add(c->p->diags, LV_D_UNKNOWN_FIELD, c->src, field.span, "%s has no fields ('.%s')",
                tstr(c, ot), field.name);
    return t->error;
  }
  return optional_result ? lv_type_optional_of(t, r) : r;
}

static const lv_type *check_select(lv_checker *c, lv_expr *e) {
  const char *qname = NULL;
  lv_sym *q = qualified_sym(c, e, &qname);
  if (q) {
    /* `acme.plant.Reading`, `google.protobuf.Timestamp`: one name. */
    e->kind = LV_EX_IDENT;
    e->u.ident.name = qname;
    e->u.ident.sym = NULL;
    return check_sym_use(c, e, q);
  }
  const lv_type *ot = check_operand(c, e->u.select.operand);
  bool opt = (e->flags & LV_EF_OPTIONAL) != 0;
  if (ot->kind == LV_T_OPTIONAL) {
    /* Optional chaining: x.?a.b on an optional<T> selects inside it. */
    const lv_type *inner = select_on(c, e, ot->a, e->u.select.field, false);
    if (is_err(inner)) return set(e, inner);
    return set(e, lv_type_optional_of(c->t, inner));
  }
  return set(e, select_on(c, e, ot, e->u.select.field, opt));
}

static const lv_type *check_has(lv_checker *c, lv_expr *e) {
  const lv_type *ot = check_operand(c, e->u.select.operand);
  lv_ident field = e->u.select.field;
  if (ot->kind == LV_T_OPTIONAL) ot = ot->a; /* has(opt.f): false when opt is none */
  switch (ot->kind) {
  case LV_T_ERROR: return set(e, c->t->error);
  case LV_T_MSG: {
    lv_schema_info *s = (lv_schema_info *)ot->schema;
    uint32_t idx = 0;
    lv_field_info *f = find_field(s, field.name, &idx);
    if (!f) {
      unknown_field(c, s, field);
      return set(e, c->t->error);
    }
    if (!f->optional) {
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_HAS_REQUIRED, c->src, e->span,
                               "has() on '%s', which is always present", field.name);
      if (f->dflt) lv_diag_note(g, c->p->diags, s->decl->file->src, f->decl->span,
                                "'%s' has a default value, so a decoded event always has it", field.name);
      else lv_diag_note(g, c->p->diags, s->decl->file->src, f->decl->span,
                        "'%s' is required: an event without it goes to the dead-letter subject", field.name);
      lv_diag_help(g, c->p->diags, "declare it optional (`%s: %s?`) if events may lack it",
                   field.name, tstr(c, f->type));
      return set(e, c->t->error);
    }
    f->needed = true;
    e->u.select.field_index = idx;
    return set(e, c->t->bool_);
  }
  case LV_T_MAP:
  case LV_T_DYN: return set(e, c->t->bool_);
  default:
    if (c->p->unchecked) return set(e, c->t->bool_); /* fails when it runs */
    lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->span,
                "has() needs a message or a map, not %s", tstr(c, ot));
    return set(e, c->t->error);
  }
}

/* --- calls ------------------------------------------------------------------------------- */

static const char *const namespaces[] = {"base64", "math", "optional", "strings"};

/* math.greatest(a, b, ...), math.least(...) with two or more numbers. */
static const lv_type *check_variadic_math(lv_checker *c, lv_expr *e, const lv_type *const *args,
                                          uint32_t n, const char *name) {
  const lv_type *rt = NULL;
  for (uint32_t i = 0; i < n; i++) {
    if (is_err(args[i])) return set(e, c->t->error);
    if (!lv_type_is_numeric(args[i]) && args[i]->kind != LV_T_DYN) {
      lv_diag_add(c->p->diags, LV_D_NO_OVERLOAD, c->src, e->u.call.args.items[i]->span,
                  "%s() takes numbers, not %s", name, tstr(c, args[i]));
      return set(e, c->t->error);
    }
    rt = !rt ? args[i] : (rt == args[i] ? rt : c->t->dyn);
  }
  e->overload = strcmp(name, "math.greatest") == 0 ? LV_B_MATH_GREATEST_N : LV_B_MATH_LEAST_N;
  return set(e, rt);
}

static const lv_type *check_def_call(lv_checker *c, lv_expr *e, lv_sym *s) {
  lv_decl *d = s->decl;
  s->used = true;
  e->u.call.def = s;
  if (s->state == 1) {
    recursion(c, s, e->span, "def");
    return set(e, c->t->error);
  }
  lv_check_def(c, s);
  uint32_t n = e->u.call.args.n;
  const lv_type *args[64];
  bool bad = false;
  for (uint32_t i = 0; i < n; i++) {
    const lv_type *at = lv_check_expr(c, e->u.call.args.items[i]);
    if (i < 64) args[i] = at;
    if (is_err(at)) bad = true;
    used_whole(at);
  }
  if (n != d->u.def.nparams) {
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_ARG_COUNT, c->src, e->span,
                             "'%s' takes %u argument%s, %u given", s->name, d->u.def.nparams,
                             d->u.def.nparams == 1 ? "" : "s", n);
    lv_diag_note(g, c->p->diags, d->file->src, d->name.span, "'%s' is declared here", s->name);
    return set(e, c->t->error);
  }
  for (uint32_t i = 0; i < n && i < 64; i++) {
    const lv_type *pt = d->u.def.params[i].type ? lv_resolve_typeexpr(c, d->u.def.params[i].type) : c->t->dyn;
    if (!is_err(args[i]) && !is_err(pt) && !lv_check_literal_fits(c, e->u.call.args.items[i], pt)) {
      bad = true;
    } else if (!is_err(args[i]) && !is_err(pt) && !lv_type_assignable(pt, args[i])) {
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->u.call.args.items[i]->span,
                               "argument %u of '%s' must be %s, not %s", i + 1, s->name, tstr(c, pt),
                               tstr(c, args[i]));
      lv_diag_note(g, c->p->diags, d->file->src, d->u.def.params[i].name.span, "parameter '%s' is declared here",
                   d->u.def.params[i].name.name);
      bad = true;
    }
  }
  if (bad || !d->u.def.body->type) return set(e, c->t->error);
  return set(e, d->u.def.body->type);
}

static const lv_type *check_call(lv_checker *c, lv_expr *e) {
  lv_expr *target = e->u.call.target;
  const char *fn = e->u.call.fn.name;
  /* Namespaced functions: math.greatest(...), optional.of(...), strings.quote(...). */
  if (target && target->kind == LV_EX_IDENT && !(target->flags & LV_EF_PAREN) &&
      !lv_lookup(c, target->u.ident.name)) {
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++) {
      if (strcmp(target->u.ident.name, namespaces[i]) != 0) continue;
      char buf[128];
      snprintf(buf, sizeof buf, "%s.%s", namespaces[i], fn);
      e->u.call.fn.name = fn = lv_intern_cstr(c->p->names, buf);
      e->u.call.fn.span = lv_span_make(target->span.start, e->u.call.fn.span.end);
      e->u.call.target = target = NULL;
      break;
    }
  }
  if (!target) {
    lv_sym *s = (e->flags & LV_EF_ABSOLUTE) ? lv_lookup_root(c, fn) : lv_lookup(c, fn);
    if (s && s->kind == LV_SYM_DEF) return check_def_call(c, e, s);
    /* Functions and values have separate names in CEL (a let `size` does
     * not hide size()), so this is only news when no function has it. */
    if (s && s->kind != LV_SYM_TYPE && !lv_builtin_name_known(c->p, fn)) {
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_UNKNOWN_FUNCTION, c->src, e->u.call.fn.span,
                               "'%s' is a %s, not a function", fn, decl_word(s->kind));
      if (s->kind == LV_SYM_SCHEMA) lv_diag_help(g, c->p->diags, "build a message with %s{field: value}", fn);
      for (uint32_t i = 0; i < e->u.call.args.n; i++) lv_check_expr(c, e->u.call.args.items[i]);
      return set(e, c->t->error);
    }
  }
  uint32_t n = e->u.call.args.n + (target ? 1 : 0);
  if (n > 16) {
    lv_diag_add(c->p->diags, LV_D_ARG_COUNT, c->src, e->span, "too many arguments to '%s'", fn);
    return set(e, c->t->error);
  }
  const lv_type *args[17];
  uint32_t k = 0;
  if (target) args[k++] = check_operand(c, target);
  for (uint32_t i = 0; i < e->u.call.args.n; i++) {
    args[k] = lv_check_expr(c, e->u.call.args.items[i]);
    used_whole(args[k]);
    k++;
  }
  if (target) used_whole(args[0]);
  if (!target && (strcmp(fn, "math.greatest") == 0 || strcmp(fn, "math.least") == 0) && n >= 2)
    return check_variadic_math(c, e, args, n, fn);
  const lv_type *r = resolve_call(c, e, fn, target ? LV_STYLE_MEMBER : LV_STYLE_FN, args, n, fn,
                                  e->u.call.fn.span);
  if (!is_err(r)) lv_fold_check(c, e);
  return r;
}

/* --- operators ------------------------------------------------------------------------------ */

static const lv_type *check_unary(lv_checker *c, lv_expr *e) {
  const lv_type *a = lv_check_expr(c, e->u.unary.operand);
  return resolve_call(c, e, lv_intern_cstr(c->p->names, op_name(e->op)), LV_STYLE_OP, &a, 1,
                      lv_op_text(e->op), e->span);
}

static const lv_type *check_binary(lv_checker *c, lv_expr *e) {
  const lv_type *args[2];
  args[0] = lv_check_expr(c, e->u.binary.left);
  args[1] = lv_check_expr(c, e->u.binary.right);
  if (e->op == LV_OP_EQ || e->op == LV_OP_NE) {
    used_whole(args[0]);
    used_whole(args[1]);
  }
  const lv_type *r = resolve_call(c, e, lv_intern_cstr(c->p->names, op_name(e->op)), LV_STYLE_OP, args,
                                  2, lv_op_text(e->op), e->span);
  if (!is_err(r)) lv_fold_check(c, e);
  return r;
}

static const lv_type *check_index(lv_checker *c, lv_expr *e) {
  const lv_type *args[2];
  args[0] = check_operand(c, e->u.index.operand);
  args[1] = lv_check_expr(c, e->u.index.index);
  bool opt = (e->flags & LV_EF_OPTIONAL) != 0;
  if (args[0]->kind == LV_T_OPTIONAL) {
    /* x[?k] chained on an optional: index inside it. */
    const lv_type *inner[2] = {args[0]->a, args[1]};
    const lv_type *r = resolve_call(c, e, lv_intern_cstr(c->p->names, "_[_]"), LV_STYLE_OP, inner, 2,
                                    "[]", e->span);
    return is_err(r) ? r : set(e, lv_type_optional_of(c->t, r));
  }
  const lv_type *r = resolve_call(c, e, lv_intern_cstr(c->p->names, "_[_]"), LV_STYLE_OP, args, 2,
                                  "[]", e->span);
  if (opt && !is_err(r)) return set(e, lv_type_optional_of(c->t, r));
  return r;
}

static const lv_type *expect_bool(lv_checker *c, lv_expr *x, const char *what) {
  const lv_type *t = lv_check_expr(c, x);
  if (t->kind == LV_T_BOOL || t->kind == LV_T_DYN || is_err(t)) return t;
  if (c->p->unchecked) return t; /* checked when it runs */
  lv_diag_add(c->p->diags, LV_D_NOT_BOOL, c->src, x->span, "%s must be bool, not %s", what, tstr(c, t));
  return c->t->error;
}

static const lv_type *check_logic(lv_checker *c, lv_expr *e) {
  bool bad = false;
  const char *what = e->kind == LV_EX_AND ? "an operand of &&" : "an operand of ||";
  c->guarded++;
  for (uint32_t i = 0; i < e->u.logic.args.n; i++)
    if (is_err(expect_bool(c, e->u.logic.args.items[i], what))) bad = true;
  c->guarded--;
  return set(e, bad ? c->t->error : c->t->bool_);
}

static const lv_type *check_cond(lv_checker *c, lv_expr *e) {
  const lv_type *ct = expect_bool(c, e->u.cond.cond, "the condition of ?:");
  c->guarded++;
  const lv_type *a = lv_check_expr(c, e->u.cond.then);
  const lv_type *b = lv_check_expr(c, e->u.cond.other);
  c->guarded--;
  if (is_err(ct) || is_err(a) || is_err(b)) return set(e, c->t->error);
  if (lv_type_assignable(a, b) || lv_type_assignable(b, a)) {
    /* The more general of the two, as cel-go (and in either order): a dyn
     * branch makes the whole dyn, so its value is never forced into the
     * other branch's type at run time. null gives way to the message or
     * optional on the other side. */
    if (a->kind == LV_T_NULL && b->kind != LV_T_NULL) return set(e, b);
    if (b->kind == LV_T_NULL && a->kind != LV_T_NULL) return set(e, a);
    return set(e, a == b ? a : lv_type_join(c->t, a, b));
  }
  if (c->p->unchecked) return set(e, c->t->dyn);
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->span,
                           "the branches of ?: have different types: %s and %s", tstr(c, a), tstr(c, b));
  lv_diag_help(g, c->p->diags, "convert one of them, or wrap one in dyn() to decide at run time");
  return set(e, c->t->error);
}

/* --- literals of containers --------------------------------------------------------------------- */

static const lv_type *entry_value_type(lv_checker *c, lv_entry *en, const char *what) {
  const lv_type *t = lv_check_expr(c, en->value);
  used_whole(t);
  if (!en->optional || is_err(t)) return t;
  if (t->kind == LV_T_OPTIONAL) return t->a;
  if (t->kind == LV_T_DYN) return t;
  lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, en->value->span,
              "a ?-marked %s must be an optional, not %s", what, tstr(c, t));
  return c->t->error;
}

static const lv_type *check_list(lv_checker *c, lv_expr *e) {
  const lv_type *elem = NULL;
  bool bad = false;
  for (uint32_t i = 0; i < e->u.list.entries.n; i++) {
    const lv_type *t = entry_value_type(c, &e->u.list.entries.items[i], "list element");
    if (is_err(t)) bad = true;
    else elem = elem ? lv_type_join(c->t, elem, t) : t;
  }
  if (bad) return set(e, c->t->error);
  return set(e, lv_type_list(c->t, elem ? elem : c->t->unknown));
}

static bool valid_key_type(const lv_type *t) {
  switch (t->kind) {
  case LV_T_BOOL: case LV_T_INT: case LV_T_UINT: case LV_T_STRING: case LV_T_DYN: case LV_T_ERROR:
    return true;
  default: return false;
  }
}

static const lv_type *check_map(lv_checker *c, lv_expr *e) {
  const lv_type *kt = NULL, *vt = NULL;
  bool bad = false;
  for (uint32_t i = 0; i < e->u.list.entries.n; i++) {
    lv_entry *en = &e->u.list.entries.items[i];
    const lv_type *k = lv_check_expr(c, en->key);
    if (!valid_key_type(k) && c->p->unchecked) k = c->t->dyn; /* rejected when built */
    if (!valid_key_type(k)) {
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_BAD_MAP_KEY, c->src, en->key->span,
                               "a map key must be bool, int, uint or string, not %s", tstr(c, k));
      (void)g;
      bad = true;
    }
    const lv_type *v = entry_value_type(c, en, "map value");
    if (is_err(k) || is_err(v)) bad = true;
    if (!bad) {
      kt = kt ? lv_type_join(c->t, kt, k) : k;
      vt = vt ? lv_type_join(c->t, vt, v) : v;
    }
  }
  if (bad) return set(e, c->t->error);
  return set(e, lv_type_map(c->t, kt ? kt : c->t->unknown, vt ? vt : c->t->unknown));
}

static const lv_type *check_message(lv_checker *c, lv_expr *e) {
  const char *name = e->u.message.type_name.name;
  lv_sym *s = (e->flags & LV_EF_ABSOLUTE) ? lv_lookup_root(c, name) : lv_lookup(c, name);
  if (!s) s = lv_scope_find(c->p->global, name);
  for (uint32_t i = 0; i < e->u.message.entries.n; i++) lv_check_expr(c, e->u.message.entries.items[i].value);
  if (!s) {
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_UNKNOWN_TYPE, c->src, e->u.message.type_name.span,
                             "unknown schema '%s'", name);
    const char *sug = suggest_name(c, name);
    if (lv_suggest_import(c, g, name)) return set(e, c->t->error);
    if (sug) lv_diag_help(g, c->p->diags, "did you mean '%s'?", sug);
    return set(e, c->t->error);
  }
  if (s->kind != LV_SYM_SCHEMA) {
    lv_diag_add(c->p->diags, LV_D_NOT_A_SCHEMA, c->src, e->u.message.type_name.span,
                "'%s' is not a schema, so it cannot be constructed with {...}", name);
    return set(e, c->t->error);
  }
  s->used = true;
  lv_schema_info *si = s->schema;
  e->u.message.schema = s;
  bool bad = false;
  bool *given = lv_arena_calloc(c->p->arena, si->nfields + 1, sizeof *given);
  for (uint32_t i = 0; i < e->u.message.entries.n; i++) {
    lv_entry *en = &e->u.message.entries.items[i];
    uint32_t idx = 0;
    lv_field_info *f = find_field(si, en->field.name, &idx);
    if (!f) {
      unknown_field(c, si, en->field);
      bad = true;
      continue;
    }
    if (given[idx]) {
      lv_diag_add(c->p->diags, LV_D_DUP_FIELD, c->src, en->field.span, "field '%s' is given twice",
                  en->field.name);
      bad = true;
      continue;
    }
    given[idx] = true;
    en->field_index = idx;
    const lv_type *vt = en->value->type;
    if (en->optional && vt && !is_err(vt)) {
      if (vt->kind == LV_T_OPTIONAL) vt = vt->a;
      else if (vt->kind != LV_T_DYN) {
        lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, en->value->span,
                    "a ?-marked field value must be an optional, not %s", tstr(c, vt));
        bad = true;
        continue;
      }
    }
    if (!vt || is_err(vt)) {
      bad = true;
      continue;
    }
    used_whole(vt);
    if (!lv_check_literal_fits(c, en->value, f->type)) {
      bad = true;
      continue;
    }
    /* null leaves an optional field unset (and nothing else). */
    bool null_ok = vt->kind == LV_T_NULL && f->optional;
    if (!null_ok && (!lv_type_assignable(f->type, vt) || vt->kind == LV_T_NULL)) {
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, en->value->span,
                               "field '%s' of '%s' is %s, but the value is %s", f->name, si->name,
                               tstr(c, f->type), tstr(c, vt));
      if (mixes_numbers((const lv_type *[]){f->type, vt}, 2))
        lv_diag_help(g, c->p->diags, "CEL does not convert numbers implicitly: convert with %s(...)",
                     tstr(c, f->type));
      else if (vt->kind == LV_T_NULL)
        lv_diag_help(g, c->p->diags, "null leaves a field unset, which only optional fields (%s?) may be",
                     tstr(c, f->type));
      bad = true;
    }
  }
  for (uint32_t i = 0; i < si->nfields && !bad; i++) {
    lv_field_info *f = &si->fields[i];
    if (given[i] || f->optional || f->dflt) continue;
    lv_diag *g = lv_diag_add(c->p->diags, LV_D_MISSING_FIELD, c->src, e->span,
                             "missing required field '%s' of '%s'", f->name, si->name);
    lv_diag_note(g, c->p->diags, si->decl->file->src, f->decl->span, "'%s' is declared here", f->name);
    bad = true;
  }
  if (bad) return set(e, c->t->error);
  return set(e, si->type);
}

/* --- macros --------------------------------------------------------------------------------------- */

/* The optional macros: opt.optMap(x, t) is optional.of(t) with x bound to
 * the value, or none; optFlatMap's t is itself an optional. */
static const lv_type *check_opt_macro(lv_checker *c, lv_expr *e, const lv_type *rt) {
  const lv_type *vt;
  if (rt->kind == LV_T_OPTIONAL) vt = rt->a;
  else if (rt->kind == LV_T_DYN || is_err(rt)) vt = rt;
  else {
    lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->u.compre.range->span,
                "%s() applies to an optional, not %s", e->macro == LV_M_OPT_MAP ? "optMap" : "optFlatMap",
                tstr(c, rt));
    vt = c->t->error;
  }
  lv_check_shadow(c, e->u.compre.var.name, e->u.compre.var.span);
  e->u.compre.var_sym = lv_checker_push_var(c, e->u.compre.var.name, vt, c->src, e->u.compre.var.span);
  c->guarded++;
  const lv_type *xt = lv_check_expr(c, e->u.compre.xform);
  c->guarded--;
  lv_checker_pop(c, 1);
  if (is_err(vt) || is_err(xt)) return set(e, c->t->error);
  if (e->macro == LV_M_OPT_MAP) return set(e, lv_type_optional_of(c->t, xt));
  if (xt->kind == LV_T_OPTIONAL || xt->kind == LV_T_DYN)
    return set(e, xt->kind == LV_T_DYN ? lv_type_optional_of(c->t, c->t->dyn) : xt);
  lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->u.compre.xform->span,
              "optFlatMap()'s transform must produce an optional, not %s", tstr(c, xt));
  return set(e, c->t->error);
}

static const lv_type *check_compre(lv_checker *c, lv_expr *e) {
  const lv_type *rt = lv_check_expr(c, e->u.compre.range);
  if (e->macro == LV_M_OPT_MAP || e->macro == LV_M_OPT_FLAT_MAP) return check_opt_macro(c, e, rt);
  bool two = e->u.compre.var2.name != NULL;
  /* One variable: the list's elements or the map's keys. Two: index and
   * element, or key and value. */
  const lv_type *vt, *v2t = NULL;
  switch (rt->kind) {
  case LV_T_LIST:
    vt = two ? c->t->int_ : rt->a;
    v2t = rt->a;
    break;
  case LV_T_MAP:
    vt = rt->a;
    v2t = rt->b;
    break;
  case LV_T_DYN: vt = v2t = c->t->dyn; break;
  case LV_T_ERROR: vt = v2t = c->t->error; break;
  default:
    lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, c->src, e->u.compre.range->span,
                "this macro iterates over a list or a map, not %s", tstr(c, rt));
    vt = v2t = c->t->error;
    break;
  }
  lv_check_shadow(c, e->u.compre.var.name, e->u.compre.var.span);
  lv_sym *v = lv_checker_push_var(c, e->u.compre.var.name, vt, c->src, e->u.compre.var.span);
  e->u.compre.var_sym = v;
  if (two) {
    lv_check_shadow(c, e->u.compre.var2.name, e->u.compre.var2.span);
    e->u.compre.var2_sym = lv_checker_push_var(c, e->u.compre.var2.name, v2t, c->src, e->u.compre.var2.span);
  }
  const lv_type *pt = NULL, *xt = NULL;
  c->guarded++; /* an empty range never runs the body */
  if (e->u.compre.pred) pt = expect_bool(c, e->u.compre.pred, "the predicate");
  if (e->u.compre.xform) {
    xt = lv_check_expr(c, e->u.compre.xform);
    used_whole(xt);
  }
  c->guarded--;
  lv_checker_pop(c, two ? 2 : 1);
  if (is_err(vt) || (pt && is_err(pt)) || (xt && is_err(xt))) return set(e, c->t->error);
  switch (e->macro) {
  case LV_M_ALL:
  case LV_M_EXISTS:
  case LV_M_EXISTS_ONE: return set(e, c->t->bool_);
  case LV_M_MAP:
  case LV_M_MAP_FILTER:
  case LV_M_TRANSFORM_LIST: return set(e, lv_type_list(c->t, xt));
  case LV_M_TRANSFORM_MAP: return set(e, lv_type_map(c->t, rt->kind == LV_T_LIST ? c->t->int_ : vt, xt));
  case LV_M_FILTER: used_whole(vt); return set(e, lv_type_list(c->t, vt));
  }
  return set(e, c->t->error);
}

/* --- dispatch ---------------------------------------------------------------------------------------- */

const lv_type *lv_check_expr(lv_checker *c, lv_expr *e) {
  lv_types *t = c->t;
  e->overload = LV_B_NONE;
  switch ((lv_expr_kind)e->kind) {
  case LV_EX_ERROR: return set(e, t->error);
  case LV_EX_NULL: return set(e, t->null);
  case LV_EX_BOOL: return set(e, t->bool_);
  case LV_EX_INT:
    if (e->flags & LV_EF_INT_MIN) {
      lv_diag *g = lv_diag_add(c->p->diags, LV_D_INT_RANGE, c->src, e->span,
                               "integer literal '9223372036854775808' is out of range for int");
      lv_diag_help(g, c->p->diags, "only -9223372036854775808 fits; add a 'u' suffix for a uint");
      return set(e, t->error);
    }
    return set(e, t->int_);
  case LV_EX_UINT: return set(e, t->uint_);
  case LV_EX_DOUBLE: return set(e, t->double_);
  case LV_EX_STRING: return set(e, t->string);
  case LV_EX_BYTES: return set(e, t->bytes);
  case LV_EX_IDENT: return check_ident(c, e);
  case LV_EX_SELECT: return check_select(c, e);
  case LV_EX_HAS: return check_has(c, e);
  case LV_EX_INDEX: return check_index(c, e);
  case LV_EX_CALL: return check_call(c, e);
  case LV_EX_UNARY: return check_unary(c, e);
  case LV_EX_BINARY: return check_binary(c, e);
  case LV_EX_AND:
  case LV_EX_OR: return check_logic(c, e);
  case LV_EX_COND: return check_cond(c, e);
  case LV_EX_LIST: return check_list(c, e);
  case LV_EX_MAP: return check_map(c, e);
  case LV_EX_MESSAGE: return check_message(c, e);
  case LV_EX_COMPRE: return check_compre(c, e);
  default: return set(e, t->error);
  }
}
