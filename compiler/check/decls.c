/* decls.c - checking declarations: scopes per file, schemas, streams and
 * their subject patterns, lets, defs, rules, and the unused-name warnings. */
#include <stdlib.h>
#include <string.h>

#include "check/checker.h"

/* --- program ------------------------------------------------------------------------- */

static lv_sym *new_sym(lv_program *p, lv_sym_kind kind, const char *name) {
  lv_sym *s = lv_arena_calloc(p->arena, 1, sizeof *s);
  s->kind = kind;
  s->name = name;
  return s;
}

static void add_type_name(lv_program *p, const char *name, const lv_type *t) {
  lv_sym *s = new_sym(p, LV_SYM_TYPE, lv_intern_cstr(p->names, name));
  s->type = lv_type_type(&p->types, t);
  lv_scope_add(p->global, s);
}

void lv_program_init(lv_program *p, lv_arena *a, lv_diags *d, lv_parse_ctx *pcx) {
  memset(p, 0, sizeof *p);
  p->arena = a;
  p->diags = d;
  p->names = pcx->names;
  p->pcx = pcx;
  lv_types_init(&p->types, a);
  lv_builtins_init(p);
  p->global = lv_scope_new(a);
  lv_types *t = &p->types;
  add_type_name(p, "int", t->int_);
  add_type_name(p, "uint", t->uint_);
  add_type_name(p, "double", t->double_);
  add_type_name(p, "bool", t->bool_);
  add_type_name(p, "string", t->string);
  add_type_name(p, "bytes", t->bytes);
  add_type_name(p, "null_type", t->null);
  add_type_name(p, "list", lv_type_list(t, t->dyn));
  add_type_name(p, "map", lv_type_map(t, t->dyn, t->dyn));
  add_type_name(p, "type", lv_type_type(t, NULL));
  add_type_name(p, "optional_type", lv_type_optional_of(t, t->dyn));
  add_type_name(p, "google.protobuf.Timestamp", t->timestamp);
  add_type_name(p, "google.protobuf.Duration", t->duration);
}

void lv_program_free(lv_program *p) {
  lv_scope_free(p->global);
  for (uint32_t i = 0; p->file_scopes && i < p->nfiles; i++) lv_scope_free(p->file_scopes[i]);
  free(p->file_scopes);
  lv_types_free(&p->types);
}

#define PUSH(arr, n, cap, x)                                                                 \
  do {                                                                                       \
    if ((n) == (cap)) {                                                                      \
      uint32_t nc_ = (cap) ? (cap) * 2 : 8;                                                  \
      (arr) = lv_arena_grow(p->arena, (arr), (n) * sizeof *(arr), nc_ * sizeof *(arr));      \
      (cap) = nc_;                                                                           \
    }                                                                                        \
    (arr)[(n)++] = (x);                                                                      \
  } while (0)

void lv_program_add_file(lv_program *p, lv_file *f) {
  f->src->id = p->nfiles;
  PUSH(p->files, p->nfiles, p->capfiles, f);
}

lv_schema_info *lv_program_find_schema(lv_program *p, const char *name) {
  const char *n = lv_intern_cstr(p->names, name);
  for (uint32_t i = 0; i < p->nschemas; i++) {
    lv_schema_info *s = p->schemas[i];
    if (s->name == n || (s->decl && s->decl->name.name == n)) return s;
  }
  return NULL;
}

static const char *qualify(lv_program *p, lv_file *f, const char *name) {
  if (!f->package) return name;
  char buf[512];
  snprintf(buf, sizeof buf, "%s.%s", f->package, name);
  return lv_intern_cstr(p->names, buf);
}

static const char *kind_word(lv_sym_kind k) {
  switch (k) {
  case LV_SYM_SCHEMA: return "schema";
  case LV_SYM_STREAM: return "stream";
  case LV_SYM_LET: return "let";
  case LV_SYM_DEF: return "def";
  case LV_SYM_VAR: return "variable";
  case LV_SYM_TYPE: return "type";
  }
  return "name";
}

static void duplicate(lv_program *p, lv_sym *now, lv_sym *before) {
  lv_diag *g = lv_diag_add(p->diags, LV_D_DUPLICATE, now->src, now->span, "'%s' is already declared",
                           now->name);
  if (before->src) lv_diag_note(g, p->diags, before->src, before->span, "the %s '%s' is declared here",
                                kind_word(before->kind), before->name);
  else lv_diag_note(g, p->diags, NULL, lv_span_make(0, 0), "'%s' is a built-in %s", before->name, kind_word(before->kind));
}

/* --- types as written ---------------------------------------------------------------------- */

static const lv_type *scalar_type(lv_types *t, const char *name) {
  static const struct {
    const char *name;
    lv_type_kind kind;
  } names[] = {{"int", LV_T_INT},         {"uint", LV_T_UINT},           {"double", LV_T_DOUBLE},
               {"bool", LV_T_BOOL},       {"string", LV_T_STRING},       {"bytes", LV_T_BYTES},
               {"timestamp", LV_T_TIMESTAMP}, {"duration", LV_T_DURATION}, {"dyn", LV_T_DYN},
               {"null_type", LV_T_NULL},  {"google.protobuf.Timestamp", LV_T_TIMESTAMP},
               {"google.protobuf.Duration", LV_T_DURATION}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(names[i].name, name) == 0) return lv_type_simple(t, names[i].kind);
  return NULL;
}

static void offer_schema(void *ctx, lv_sym *s) {
  if (s->kind == LV_SYM_SCHEMA) lv_suggest_offer(ctx, s->name);
}

static const lv_type *resolve_typeexpr(lv_checker *c, lv_typeexpr *te);

const lv_type *lv_resolve_typeexpr(lv_checker *c, lv_typeexpr *te) {
  if (te->resolved_in == c->p) return te->resolved;
  const lv_type *t = resolve_typeexpr(c, te);
  te->resolved_in = c->p;
  te->resolved = t;
  return t;
}

static const lv_type *resolve_typeexpr(lv_checker *c, lv_typeexpr *te) {
  lv_program *p = c->p;
  lv_types *t = &p->types;
  const char *name = te->name.name;
  const lv_type *st = scalar_type(t, name);
  uint32_t want = 0;
  bool generic = false;
  if (strcmp(name, "list") == 0 || strcmp(name, "optional") == 0) want = 1, generic = true;
  else if (strcmp(name, "map") == 0) want = 2, generic = true;
  if (te->nparams != want || (st && te->nparams)) {
    /* An unknown name with type arguments is reported as unknown, below. */
    lv_sym *named = NULL;
    if (!generic && !st) {
      named = c->scope ? lv_scope_find(c->scope, name) : NULL;
      if (!named) named = lv_scope_find(p->global, name);
    }
    if (generic || st || named) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_TYPE_ARGS, c->src, te->span,
                               "'%s' takes %u type argument%s, %u given", name, want, want == 1 ? "" : "s",
                               te->nparams);
      if (generic) lv_diag_help(g, p->diags, want == 1 ? "write %s<T>" : "write %s<string, T>", name);
      return t->error;
    }
  }
  if (st) return st;
  if (generic) {
    const lv_type *a = lv_resolve_typeexpr(c, te->params[0]);
    if (te->params[0]->optional) {
      lv_diag_add(p->diags, LV_D_BAD_TYPE_ARGS, c->src, te->params[0]->span,
                  "'?' marks an optional field; it cannot be used inside a type argument");
      return t->error;
    }
    if (want == 1) return strcmp(name, "list") == 0 ? lv_type_list(t, a) : lv_type_optional_of(t, a);
    const lv_type *b = lv_resolve_typeexpr(c, te->params[1]);
    for (int i = 0; i < 2; i++)
      if (te->params[i]->optional) {
        lv_diag_add(p->diags, LV_D_BAD_TYPE_ARGS, c->src, te->params[i]->span,
                    "'?' marks an optional field; it cannot be used inside a type argument");
        return t->error;
      }
    if (a->kind == LV_T_ERROR || b->kind == LV_T_ERROR) return t->error;
    if (a->kind != LV_T_STRING && a->kind != LV_T_INT && a->kind != LV_T_UINT && a->kind != LV_T_BOOL &&
        a->kind != LV_T_DYN) {
      lv_diag_add(p->diags, LV_D_BAD_MAP_KEY, c->src, te->params[0]->span,
                  "a map key must be bool, int, uint or string, not %s", lv_type_str(p->arena, a));
      return t->error;
    }
    return lv_type_map(t, a, b);
  }
  lv_sym *s = c->scope ? lv_scope_find(c->scope, name) : NULL;
  if (!s) s = lv_scope_find(p->global, name);
  if (s && s->kind == LV_SYM_SCHEMA) {
    s->used = true;
    return s->schema->type;
  }
  if (s && s->kind == LV_SYM_TYPE) {
    lv_diag *g = lv_diag_add(p->diags, LV_D_NOT_A_SCHEMA, c->src, te->name.span,
                             "'%s' cannot be the type of a field, parameter or let", name);
    lv_diag_help(g, p->diags, "the types are bool, int, uint, double, string, bytes, timestamp, duration, dyn, "
                              "list<T>, map<K, V> and schemas");
    return t->error;
  }
  if (s) {
    lv_diag_add(p->diags, LV_D_NOT_A_SCHEMA, c->src, te->name.span, "'%s' is a %s, not a type", name,
                kind_word(s->kind));
    return t->error;
  }
  lv_diag *g = lv_diag_add(p->diags, LV_D_UNKNOWN_TYPE, c->src, te->name.span, "unknown type '%s'", name);
  /* The exact name in a file not imported beats a near miss here. */
  if (lv_suggest_import(c, g, name)) return t->error;
  lv_suggest sg;
  lv_suggest_init(&sg, name);
  static const char *const builtin[] = {"int", "uint", "double", "bool", "string", "bytes",
                                        "timestamp", "duration", "dyn", "list", "map"};
  for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) lv_suggest_offer(&sg, builtin[i]);
  lv_scope_each(c->scope, offer_schema, &sg);
  if (lv_suggest_result(&sg)) lv_diag_help(g, p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
  return t->error;
}

/* A name written with a leading dot is looked up from the root: past
 * variables and the file's package. Members of a package are at the root
 * under their qualified names (the global scope); declarations of a file
 * without a package under their plain names, where plain names are seen:
 * in the file's scope (its own and imported declarations). */
lv_sym *lv_lookup_root(lv_checker *c, const char *name) {
  lv_sym *s = lv_scope_find(c->p->global, name);
  if (s) return s;
  s = c->scope ? lv_scope_find(c->scope, name) : NULL;
  if (s && s->decl && !s->decl->file->package) return s;
  return NULL;
}

bool lv_suggest_import(lv_checker *c, lv_diag *g, const char *name) {
  for (uint32_t i = 0; c->p->file_scopes && i < c->p->nfiles; i++) {
    lv_sym *s = lv_scope_find(c->p->file_scopes[i], name);
    if (!s || !s->decl || s->decl->file != c->p->files[i] || s->src == c->src) continue;
    lv_diag_help(g, c->p->diags, "'%s' is declared in %s: import that file to use it here", name, s->src->path);
    return true;
  }
  return false;
}

/* --- collecting declarations into scopes ------------------------------------------------------- */

static lv_sym *decl_sym(lv_program *p, lv_decl *d) {
  lv_sym_kind kind;
  switch (d->kind) {
  case LV_D_SCHEMA: kind = LV_SYM_SCHEMA; break;
  case LV_D_STREAM: kind = LV_SYM_STREAM; break;
  case LV_D_LET: kind = LV_SYM_LET; break;
  case LV_D_DEF: kind = LV_SYM_DEF; break;
  default: return NULL;
  }
  lv_sym *s = new_sym(p, kind, d->name.name);
  s->decl = d;
  s->src = d->file->src;
  s->span = d->name.span;
  if (kind == LV_SYM_SCHEMA) {
    lv_schema_info *si = lv_arena_calloc(p->arena, 1, sizeof *si);
    si->name = qualify(p, d->file, d->name.name);
    si->decl = d;
    si->index = p->nschemas;
    si->type = lv_type_msg(&p->types, si, si->name);
    s->schema = si;
    s->type = lv_type_type(&p->types, si->type);
    PUSH(p->schemas, p->nschemas, p->capschemas, si);
  } else if (kind == LV_SYM_STREAM) {
    lv_stream_info *st = lv_arena_calloc(p->arena, 1, sizeof *st);
    st->decl = d;
    st->name = qualify(p, d->file, d->name.name);
    st->index = p->nstreams;
    s->stream = st;
    PUSH(p->streams, p->nstreams, p->capstreams, st);
  }
  return s;
}

/* Built-in type names that the global scope does not hold (they are not
 * type values in CEL expressions). Types as written resolve them before
 * any declaration, so a schema so named could never be used, and a let or
 * def would hide the conversion (dyn(), timestamp()) or namespace
 * (optional.of) of that name: like int or string, they cannot be
 * declared. */
static bool is_builtin_type_word(const char *name) {
  static const char *const words[] = {"timestamp", "duration", "dyn", "optional"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(words[i], name) == 0) return true;
  return false;
}

/* The symbols a file declares itself, found again by declaration. */
typedef struct file_syms {
  lv_sym **syms;
  uint32_t n;
} file_syms;

static void collect(lv_program *p, file_syms *own) {
  p->file_scopes = calloc(p->nfiles, sizeof *p->file_scopes);
  if (!p->file_scopes) abort();
  /* A file's own declarations. */
  for (uint32_t i = 0; i < p->nfiles; i++) {
    lv_file *f = p->files[i];
    lv_scope *sc = p->file_scopes[i] = lv_scope_new(p->arena);
    own[i].syms = lv_arena_calloc(p->arena, f->n + 1, sizeof *own[i].syms);
    for (uint32_t k = 0; k < f->n; k++) {
      lv_decl *d = f->decls[k];
      lv_sym *s = decl_sym(p, d);
      if (!s) continue;
      own[i].syms[own[i].n++] = s;
      lv_sym *builtin = lv_scope_find(p->global, s->name);
      if (builtin && builtin->kind == LV_SYM_TYPE) {
        duplicate(p, s, builtin);
        s->used = true;
        continue;
      }
      if (is_builtin_type_word(s->name)) {
        /* Still declared, so its uses are not reported as undeclared too. */
        duplicate(p, s, new_sym(p, LV_SYM_TYPE, s->name));
        s->used = true;
      }
      lv_sym *held = lv_scope_add(sc, s);
      if (held != s) {
        duplicate(p, s, held);
        s->used = true; /* one message about it is enough */
      }
      /* A package member is also visible everywhere by its qualified name. */
      if (f->package) {
        const char *q = qualify(p, f, s->name);
        lv_sym *qheld = lv_scope_add_as(p->global, q, s);
        if (qheld != s && qheld->decl != s->decl) duplicate(p, s, qheld);
      }
    }
  }
  /* Imported files' declarations join the importer's scope. */
  for (uint32_t i = 0; i < p->nfiles; i++) {
    lv_file *f = p->files[i];
    for (uint32_t k = 0; k < f->n; k++) {
      lv_decl *d = f->decls[k];
      if (d->kind != LV_D_IMPORT || !d->u.import.target) continue;
      uint32_t ti = d->u.import.target->src->id;
      for (uint32_t j = 0; j < own[ti].n; j++) {
        lv_sym *s = own[ti].syms[j];
        lv_sym *held = lv_scope_add(p->file_scopes[i], s);
        if (held != s && held->decl != s->decl) {
          lv_diag *g = lv_diag_add(p->diags, LV_D_DUPLICATE, f->src, d->span,
                                   "importing '%s' brings '%s', which is already declared", d->u.import.path,
                                   s->name);
          lv_diag_note(g, p->diags, held->src, held->span, "'%s' is declared here", held->name);
          lv_diag_note(g, p->diags, s->src, s->span, "and the imported one here");
        }
      }
    }
  }
}

/* --- schemas ---------------------------------------------------------------------------------- */

static bool is_default_literal(const lv_expr *e) {
  switch (e->kind) {
  case LV_EX_NULL: case LV_EX_BOOL: case LV_EX_INT: case LV_EX_UINT: case LV_EX_DOUBLE: case LV_EX_STRING:
  case LV_EX_BYTES:
    return true;
  case LV_EX_LIST:
  case LV_EX_MAP:
    for (uint32_t i = 0; i < e->u.list.entries.n; i++) {
      const lv_entry *en = &e->u.list.entries.items[i];
      if (en->optional || (en->key && !is_default_literal(en->key)) || !is_default_literal(en->value))
        return false;
    }
    return true;
  case LV_EX_CALL:
    /* timestamp("..."), duration("...") */
    return !e->u.call.target && e->u.call.args.n == 1 && e->u.call.args.items[0]->kind == LV_EX_STRING &&
           (strcmp(e->u.call.fn.name, "timestamp") == 0 || strcmp(e->u.call.fn.name, "duration") == 0);
  default: return false;
  }
}

/* The part of a field's type that a JSON event cannot carry (looking through
 * lists and map values), or NULL: a map whose keys are not strings (JSON
 * object keys are), null_type, optional<T> (a field is present or absent:
 * T?). */
static const lv_type *not_in_events(const lv_type *t) {
  while (t) {
    switch (t->kind) {
    case LV_T_LIST: t = t->a; break;
    case LV_T_MAP:
      if (t->a->kind != LV_T_STRING && t->a->kind != LV_T_ERROR) return t;
      t = t->b;
      break;
    case LV_T_NULL:
    case LV_T_OPTIONAL:
    case LV_T_TYPE: return t;
    default: return NULL;
    }
  }
  return NULL;
}

static void check_schema(lv_checker *c, lv_sym *s) {
  lv_program *p = c->p;
  lv_schema_info *si = s->schema;
  lv_decl *d = si->decl;
  si->nfields = d->u.schema.n;
  si->fields = lv_arena_calloc(p->arena, si->nfields + 1, sizeof *si->fields);
  for (uint32_t i = 0; i < si->nfields; i++) {
    lv_field_decl *fd = &d->u.schema.fields[i];
    lv_field_info *f = &si->fields[i];
    f->name = fd->name.name;
    f->decl = fd;
    f->optional = fd->type->optional;
    f->type = lv_resolve_typeexpr(c, fd->type);
    const lv_type *bad = not_in_events(f->type);
    if (bad) {
      lv_diag *g;
      if (bad->kind == LV_T_MAP) {
        g = lv_diag_add(p->diags, LV_D_BAD_MAP_KEY, c->src, fd->type->span,
                        "a map in an event has string keys (JSON object keys), not %s", lv_type_str(p->arena, bad->a));
        lv_diag_help(g, p->diags, "declare it map<string, %s> and convert keys where needed: m[string(n)]",
                     lv_type_str(p->arena, bad->b));
      } else {
        g = lv_diag_add(p->diags, LV_D_BAD_TYPE_ARGS, c->src, fd->type->span, "an event field cannot hold %s",
                        lv_type_str(p->arena, bad));
        if (bad->kind == LV_T_OPTIONAL)
          lv_diag_help(g, p->diags, "a field that events may leave out is written %s?", lv_type_str(p->arena, bad->a));
        else
          lv_diag_help(g, p->diags, "a field that may be null or absent is written T?; dyn holds any JSON value");
      }
      f->type = c->t->error;
    }
    f->json_name = fd->json_name ? fd->json_name : fd->name.name;
    f->json_len = fd->json_name ? fd->json_len : (uint32_t)strlen(fd->name.name);
    for (uint32_t k = 0; k < i; k++) {
      if (si->fields[k].name == f->name) {
        lv_diag *g = lv_diag_add(p->diags, LV_D_DUPLICATE, c->src, fd->name.span,
                                 "field '%s' is already declared in '%s'", f->name, si->name);
        lv_diag_note(g, p->diags, c->src, si->fields[k].decl->name.span, "first declared here");
      } else if (si->fields[k].json_len == f->json_len &&
                 memcmp(si->fields[k].json_name, f->json_name, f->json_len) == 0) {
        lv_diag *g = lv_diag_add(p->diags, LV_D_DUPLICATE, c->src,
                                 fd->json_name ? fd->json_span : fd->name.span,
                                 "JSON key '%.*s' is used by two fields of '%s'", (int)f->json_len,
                                 f->json_name, si->name);
        lv_diag_note(g, p->diags, c->src, si->fields[k].decl->name.span, "the other field is '%s'",
                     si->fields[k].name);
      }
    }
    if (fd->default_value) {
      f->dflt = fd->default_value;
      if (f->optional) {
        lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_DEFAULT, c->src, fd->default_value->span,
                                 "an optional field cannot have a default");
        lv_diag_help(g, p->diags, "a default already makes the field always present: drop the '?'");
        continue;
      }
      if (!is_default_literal(fd->default_value)) {
        lv_diag_add(p->diags, LV_D_BAD_DEFAULT, c->src, fd->default_value->span,
                    "a default must be a literal (a number, string, bool, bytes, list or map of "
                    "literals, or timestamp(\"...\") / duration(\"...\"))");
        continue;
      }
      const lv_type *dt = lv_check_expr(c, fd->default_value);
      if (!lv_check_literal_fits(c, fd->default_value, f->type)) continue;
      if (f->type->kind != LV_T_ERROR && dt->kind != LV_T_ERROR &&
          (!lv_type_assignable(f->type, dt) || dt->kind == LV_T_NULL)) {
        lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_DEFAULT, c->src, fd->default_value->span,
                                 "the default of '%s' is %s, but the field is %s", f->name,
                                 lv_type_str(p->arena, dt), lv_type_str(p->arena, f->type));
        if (f->type->kind == LV_T_DOUBLE && (dt->kind == LV_T_INT || dt->kind == LV_T_UINT))
          lv_diag_help(g, p->diags, "CEL does not convert numbers: write a double literal, such as 1.0");
        else if (f->type->kind == LV_T_UINT && dt->kind == LV_T_INT)
          lv_diag_help(g, p->diags, "CEL does not convert numbers: write a uint literal, such as 1u");
      }
    }
  }
  si->state = 2;
}

/* A schema that must contain itself through required fields can never be
 * satisfied by a finite event. */
static bool schema_cycle(lv_program *p, lv_schema_info *si, lv_schema_info *root, int depth) {
  if (depth > 64) return false;
  for (uint32_t i = 0; i < si->nfields; i++) {
    lv_field_info *f = &si->fields[i];
    if (f->optional || f->dflt || f->type->kind != LV_T_MSG) continue;
    lv_schema_info *t = (lv_schema_info *)f->type->schema;
    if (t == root) return true;
    if (schema_cycle(p, t, root, depth + 1)) return true;
  }
  return false;
}

/* --- streams: subject patterns ------------------------------------------------------------------- */

/* The span of subject[from, to) in the source: exact when the literal has
 * no prefix or escapes (then its bytes are the subject's), else the whole
 * literal. */
static lv_span subject_span(lv_checker *c, lv_decl *d, uint32_t from, uint32_t to) {
  lv_span at = d->u.stream.subject_span;
  char q = c->src->text[at.start];
  if ((q == '"' || q == '\'') && at.end - at.start == d->u.stream.subject_len + 2)
    return lv_span_make(at.start + 1 + from, at.start + 1 + to);
  return at;
}

static void check_stream(lv_checker *c, lv_sym *s) {
  lv_program *p = c->p;
  lv_stream_info *st = s->stream;
  lv_decl *d = st->decl;
  const char *sname = d->u.stream.schema.name;
  lv_sym *ss = lv_lookup(c, sname);
  if (!ss) {
    lv_diag *g = lv_diag_add(p->diags, LV_D_UNKNOWN_TYPE, c->src, d->u.stream.schema.span,
                             "unknown schema '%s'", sname);
    if (!lv_suggest_import(c, g, sname)) {
      lv_suggest sg;
      lv_suggest_init(&sg, sname);
      lv_scope_each(c->scope, offer_schema, &sg);
      if (lv_suggest_result(&sg)) lv_diag_help(g, p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
    }
  } else if (ss->kind != LV_SYM_SCHEMA) {
    lv_diag_add(p->diags, LV_D_NOT_A_SCHEMA, c->src, d->u.stream.schema.span, "'%s' is a %s, not a schema",
                sname, kind_word(ss->kind));
  } else {
    ss->used = true;
    st->schema = ss->schema;
  }
  /* Subject pattern: tokens separated by '.', each a literal, '*', '>' (last
   * only) or a {name} capture of a string field. */
  const char *subj = d->u.stream.subject;
  uint32_t n = d->u.stream.subject_len;
  st->pattern = subj;
  lv_span at = d->u.stream.subject_span;
  lv_buf out = LV_BUF_INIT;
  bool bad = false;
  if (n == 0) {
    lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, at, "the subject pattern is empty");
    return;
  }
  uint32_t tok = 0, i = 0;
  while (i <= n && !bad) {
    uint32_t j = i;
    while (j < n && subj[j] != '.') j++;
    const char *t = subj + i;
    uint32_t len = j - i;
    if (len == 0) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, subject_span(c, d, i, i),
                               "subject '%.*s' has an empty token", (int)n, subj);
      lv_diag_help(g, p->diags, "tokens are separated by single dots and cannot be empty");
      bad = true;
      break;
    }
    for (uint32_t k = 0; k < len; k++) {
      unsigned char ch = (unsigned char)t[k];
      if (ch <= ' ' || ch == 0x7f) {
        lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, subject_span(c, d, i + k, i + k + 1),
                    "subject '%.*s' contains whitespace or a control character", (int)n, subj);
        bad = true;
        break;
      }
    }
    if (bad) break;
    if (tok) lv_buf_putc(&out, '.');
    if (len == 1 && t[0] == '*') {
      lv_buf_putc(&out, '*');
    } else if (len == 1 && t[0] == '>') {
      if (j < n) {
        lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, subject_span(c, d, i, j),
                                 "'>' must be the last token of subject '%.*s'", (int)n, subj);
        lv_diag_help(g, p->diags, "'>' matches one or more tokens at the end; '*' matches exactly one token");
        bad = true;
        break;
      }
      st->tail_wildcard = true;
      lv_buf_putc(&out, '>');
    } else if (t[0] == '{') {
      if (t[len - 1] != '}' || len < 3) {
        lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, subject_span(c, d, i, j),
                    "a capture is a whole token written {name}, in '%.*s'", (int)n, subj);
        bad = true;
        break;
      }
      const char *fname = lv_intern(p->names, t + 1, len - 2);
      lv_buf_putc(&out, '*');
      if (st->schema) {
        uint32_t fi = UINT32_MAX;
        for (uint32_t k = 0; k < st->schema->nfields; k++)
          if (st->schema->fields[k].name == fname) fi = k;
        if (fi == UINT32_MAX || st->schema->fields[fi].type->kind != LV_T_STRING) {
          lv_diag *g = lv_diag_add(p->diags, LV_D_CAPTURE_FIELD, c->src, subject_span(c, d, i, j),
                                   fi == UINT32_MAX ? "capture {%s} names no field of schema '%s'"
                                                    : "capture {%s} needs a string field, but '%s.%s' is not a string",
                                   fname, st->schema->name, fname);
          lv_diag_help(g, p->diags, "a {name} token fills the string field of that name from the subject");
          bad = true;
          break;
        }
        for (uint32_t k = 0; k < st->ncaptures; k++)
          if (st->captures[k].field == fi) {
            lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, subject_span(c, d, i, j), "capture {%s} appears twice",
                        fname);
            bad = true;
          }
        lv_capture_spec cs = {tok, fi};
        st->captures = lv_arena_grow(p->arena, st->captures, st->ncaptures * sizeof cs, (st->ncaptures + 1) * sizeof cs);
        st->captures[st->ncaptures++] = cs;
        st->schema->fields[fi].captured = true;
      }
    } else {
      for (uint32_t k = 0; k < len; k++) {
        if (t[k] == '*' || t[k] == '>' || t[k] == '{' || t[k] == '}') {
          lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, subject_span(c, d, i, j),
                                   "'%c' must be a whole token in subject '%.*s'", t[k], (int)n, subj);
          lv_diag_help(g, p->diags, "wildcards and captures stand alone between dots: a.*.b, a.>, a.{name}.b");
          bad = true;
          break;
        }
      }
      lv_buf_putsn(&out, t, len);
    }
    tok++;
    i = j + 1;
    if (j == n) break;
  }
  st->ntokens = tok;
  st->subject = bad ? "" : lv_arena_strndup(p->arena, out.data ? out.data : "", out.len);
  lv_buf_free(&out);
}

/* --- lets and defs ----------------------------------------------------------------------------------- */

static void recursion(lv_checker *c, lv_sym *s, const char *what) {
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_RECURSION, s->src, s->span, "%s '%s' refers to itself", what,
                           s->name);
  lv_diag_help(g, c->p->diags, "lets and defs are expanded where they are used, so they cannot be recursive");
}

/* Lets and defs are checked in the scope of the file that declares them. */
static lv_checker for_decl(lv_checker *c, lv_decl *d) {
  lv_checker sub = *c;
  sub.src = d->file->src;
  sub.scope = c->p->file_scopes[d->file->src->id];
  sub.locals = NULL;
  sub.nlocals = sub.caplocals = 0;
  sub.fields_of = NULL;
  sub.in_let = NULL;
  sub.decl_depth = c->decl_depth + 1;
  return sub;
}

const lv_type *lv_check_let(lv_checker *c, lv_sym *s) {
  if (s->state == 2) return s->type;
  if (s->state == 1) {
    recursion(c, s, "let");
    s->type = c->t->error;
    return s->type;
  }
  if (lv_decl_too_deep(c, s)) {
    s->state = 2;
    s->type = c->t->error;
    return s->type;
  }
  s->state = 1;
  lv_decl *d = s->decl;
  lv_checker sub = for_decl(c, d);
  sub.in_let = s;
  const lv_type *t = lv_check_expr(&sub, d->u.let.value);
  if (d->u.let.type) {
    const lv_type *want = lv_resolve_typeexpr(&sub, d->u.let.type);
    if (d->u.let.type->optional) {
      lv_diag_add(c->p->diags, LV_D_BAD_TYPE_ARGS, d->file->src, d->u.let.type->span,
                  "'?' marks optional schema fields; a let's type cannot have it");
      want = c->t->error;
    }
    if (t->kind != LV_T_ERROR && want->kind != LV_T_ERROR && !lv_check_literal_fits(&sub, d->u.let.value, want)) {
      t = c->t->error;
    } else if (t->kind != LV_T_ERROR && want->kind != LV_T_ERROR && !lv_type_assignable(want, t)) {
      lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, d->file->src, d->u.let.value->span,
                  "'%s' is declared %s, but its value is %s", s->name, lv_type_str(c->p->arena, want),
                  lv_type_str(c->p->arena, t));
      t = c->t->error;
    } else if (want->kind != LV_T_ERROR) {
      t = want;
    }
  }
  if (s->state == 1) s->type = t;
  s->state = 2;
  s->index = c->p->nlets++;
  lv_measure_let(&sub, s);
  return s->type;
}

void lv_check_def(lv_checker *c, lv_sym *s) {
  if (s->state == 2) return;
  if (s->state == 1) {
    recursion(c, s, "def");
    return;
  }
  if (lv_decl_too_deep(c, s)) {
    s->state = 2; /* its body has no type: calls of it are errors, silently */
    return;
  }
  s->state = 1;
  lv_decl *d = s->decl;
  lv_checker sub = for_decl(c, d);
  for (uint32_t i = 0; i < d->u.def.nparams; i++) {
    lv_param *pm = &d->u.def.params[i];
    for (uint32_t k = 0; k < i; k++)
      if (d->u.def.params[k].name.name == pm->name.name)
        lv_diag_add(c->p->diags, LV_D_DUPLICATE, d->file->src, pm->name.span, "parameter '%s' is declared twice",
                    pm->name.name);
    const lv_type *pt = lv_resolve_typeexpr(&sub, pm->type);
    if (pm->type->optional)
      lv_diag_add(c->p->diags, LV_D_BAD_TYPE_ARGS, d->file->src, pm->type->span,
                  "'?' marks optional schema fields; a parameter type cannot have it");
    lv_check_shadow(&sub, pm->name.name, pm->name.span);
    lv_sym *v = lv_checker_push_var(&sub, pm->name.name, pt, d->file->src, pm->name.span);
    v->used = true;
    pm->sym = v;
  }
  const lv_type *t = lv_check_expr(&sub, d->u.def.body);
  if (d->u.def.result) {
    const lv_type *want = lv_resolve_typeexpr(&sub, d->u.def.result);
    if (d->u.def.result->optional) {
      lv_diag_add(c->p->diags, LV_D_BAD_TYPE_ARGS, d->file->src, d->u.def.result->span,
                  "'?' marks optional schema fields; a def's result type cannot have it");
      want = c->t->error;
    }
    if (t->kind != LV_T_ERROR && want->kind != LV_T_ERROR && !lv_type_assignable(want, t)) {
      lv_diag_add(c->p->diags, LV_D_TYPE_MISMATCH, d->file->src, d->u.def.body->span,
                  "'%s' is declared to return %s, but its body is %s", s->name, lv_type_str(c->p->arena, want),
                  lv_type_str(c->p->arena, t));
      d->u.def.body->type = c->t->error;
    }
  }
  s->state = 2;
  lv_measure_def(&sub, s);
}

/* --- rules --------------------------------------------------------------------------------------------- */

static bool subject_part_ok(const lv_type *t) {
  return t->kind == LV_T_STRING || t->kind == LV_T_INT || t->kind == LV_T_UINT || t->kind == LV_T_DYN ||
         t->kind == LV_T_ERROR;
}

static void check_action(lv_checker *c, lv_action *a) {
  lv_program *p = c->p;
  if (a->kind == LV_A_PUBLISH) {
    for (uint32_t i = 0; i < a->subject->n; i++) {
      lv_tmpl_part *part = &a->subject->parts[i];
      if (!part->is_expr) {
        for (uint32_t k = 0; k < part->len; k++) {
          unsigned char ch = (unsigned char)part->text[k];
          if (ch <= ' ' || ch == '*' || ch == '>') {
            lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, part->span,
                        "a publish subject cannot contain %s", ch == '*' || ch == '>' ? "wildcards" : "whitespace");
            break;
          }
        }
        continue;
      }
      const lv_type *t = lv_check_expr(c, part->expr);
      lv_measure_expr(c, c->src, part->expr);
      if (!subject_part_ok(t)) {
        lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_TEMPLATE_TYPE, c->src, part->expr->span,
                                 "a ${...} in a subject must be a string, an int or a uint, not %s",
                                 lv_type_str(p->arena, t));
        lv_diag_help(g, p->diags, "convert it with string(...)");
      }
    }
    if (a->subject->n == 0)
      lv_diag_add(p->diags, LV_D_BAD_SUBJECT, c->src, a->subject->span, "the publish subject is empty");
    const lv_type *pt = lv_check_expr(c, a->payload);
    lv_measure_expr(c, c->src, a->payload);
    if (pt->kind == LV_T_MSG) {
      lv_schema_mark_all_needed((lv_schema_info *)pt->schema);
    } else if (pt->kind == LV_T_MAP) {
      if (pt->a->kind != LV_T_STRING && pt->a->kind != LV_T_DYN) {
        lv_diag_add(p->diags, LV_D_BAD_PAYLOAD, c->src, a->payload->span,
                    "payload map keys must be strings (they become JSON keys), not %s", lv_type_str(p->arena, pt->a));
      }
    } else if (pt->kind != LV_T_ERROR && pt->kind != LV_T_DYN) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_PAYLOAD, c->src, a->payload->span,
                               "a publish payload must be a message or a map, not %s", lv_type_str(p->arena, pt));
      lv_diag_help(g, p->diags, "write Schema{field: value} or {\"key\": value}");
    }
    return;
  }
  /* log LEVEL EXPR */
  static const char *const levels[] = {"debug", "info", "warn", "error"};
  bool known = false;
  for (int i = 0; i < 4; i++)
    if (strcmp(a->level.name, levels[i]) == 0) known = true;
  if (!known) {
    lv_diag *g = lv_diag_add(p->diags, LV_D_BAD_LOG_LEVEL, c->src, a->level.span, "unknown log level '%s'",
                             a->level.name);
    lv_suggest sg;
    lv_suggest_init(&sg, a->level.name);
    for (int i = 0; i < 4; i++) lv_suggest_offer(&sg, levels[i]);
    if (lv_suggest_result(&sg)) lv_diag_help(g, p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
    else lv_diag_help(g, p->diags, "the levels are debug, info, warn and error");
  }
  const lv_type *mt = lv_check_expr(c, a->message);
  lv_measure_expr(c, c->src, a->message);
  if (mt->kind == LV_T_MSG) lv_schema_mark_all_needed((lv_schema_info *)mt->schema);
}

static void offer_stream(void *ctx, lv_sym *s) {
  if (s->kind == LV_SYM_STREAM) lv_suggest_offer(ctx, s->name);
}

static void check_rule(lv_checker *c, lv_decl *d, uint32_t order, lv_scope *rule_names) {
  lv_program *p = c->p;
  lv_rule_info *r = lv_arena_calloc(p->arena, 1, sizeof *r);
  r->decl = d;
  r->name = qualify(p, d->file, d->name.name);
  r->priority = d->u.rule.priority;
  r->order = order;
  /* Rule names are unique program-wide (qualified by package). */
  lv_sym *rs = new_sym(p, LV_SYM_VAR, r->name);
  rs->src = c->src;
  rs->span = d->name.span;
  lv_sym *held = lv_scope_add(rule_names, rs);
  if (held != rs) {
    lv_diag *g = lv_diag_add(p->diags, LV_D_DUPLICATE, c->src, d->name.span, "rule '%s' is already declared",
                             r->name);
    lv_diag_note(g, p->diags, held->src, held->span, "the other rule '%s' is here", r->name);
  }
  lv_sym *ss = lv_lookup(c, d->u.rule.stream.name);
  const lv_type *bt = c->t->error;
  if (!ss || ss->kind != LV_SYM_STREAM) {
    lv_diag *g = lv_diag_add(p->diags, LV_D_UNKNOWN_STREAM, c->src, d->u.rule.stream.span,
                             ss ? "'%s' is a %s, not a stream" : "unknown stream '%s'", d->u.rule.stream.name,
                             ss ? kind_word(ss->kind) : "");
    if (ss || !lv_suggest_import(c, g, d->u.rule.stream.name)) {
      lv_suggest sg;
    lv_suggest_init(&sg, d->u.rule.stream.name);
      lv_scope_each(c->scope, offer_stream, &sg);
      if (lv_suggest_result(&sg)) lv_diag_help(g, p->diags, "did you mean '%s'?", lv_suggest_result(&sg));
    }
  } else {
    ss->used = true;
    r->stream = ss->stream;
    if (ss->stream->schema) bt = ss->stream->schema->type;
  }
  lv_check_shadow(c, d->u.rule.binding.name, d->u.rule.binding.span);
  r->binding = lv_checker_push_var(c, d->u.rule.binding.name, bt, c->src, d->u.rule.binding.span);
  if (d->u.rule.when) {
    const lv_type *wt = lv_check_expr(c, d->u.rule.when);
    lv_measure_expr(c, c->src, d->u.rule.when);
    bool value;
    if (wt->kind != LV_T_BOOL && wt->kind != LV_T_DYN && wt->kind != LV_T_ERROR) {
      lv_diag_add(p->diags, LV_D_NOT_BOOL, c->src, d->u.rule.when->span, "a rule's `when` must be bool, not %s",
                  lv_type_str(p->arena, wt));
    } else if (wt->kind == LV_T_BOOL && lv_fold_bool(d->u.rule.when, &value) && !value) {
      lv_diag_add(p->diags, LV_D_ALWAYS_FALSE, c->src, d->u.rule.when->span,
                  "this condition is always false: rule '%s' never fires", d->name.name);
    }
  }
  for (uint32_t i = 0; i < d->u.rule.actions.n; i++) check_action(c, d->u.rule.actions.items[i]);
  lv_checker_pop(c, 1);
  r->index = p->nrules;
  PUSH(p->rules, p->nrules, p->caprules, r);
  if (r->stream) PUSH(r->stream->rules, r->stream->nrules, r->stream->caprules, r);
}

static int rule_order(const void *a, const void *b) {
  const lv_rule_info *x = *(const lv_rule_info *const *)a, *y = *(const lv_rule_info *const *)b;
  if (x->priority != y->priority) return x->priority > y->priority ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* --- the whole program ------------------------------------------------------------------------------------ */

static bool file_is_imported(lv_program *p, lv_file *f) {
  for (uint32_t i = 0; i < p->nfiles; i++)
    for (uint32_t k = 0; k < p->files[i]->n; k++) {
      lv_decl *d = p->files[i]->decls[k];
      if (d->kind == LV_D_IMPORT && d->u.import.target == f) return true;
    }
  return false;
}

bool lv_check_program(lv_program *p) {
  uint32_t errors_before = p->diags->errors;
  file_syms *own = calloc(p->nfiles + 1, sizeof *own);
  if (!own) abort();
  collect(p, own);
  lv_checker c;
  memset(&c, 0, sizeof c);
  c.p = p;
  c.t = &p->types;
  /* Schemas first (types everything else needs), then cycles. */
  for (uint32_t i = 0; i < p->nfiles; i++) {
    c.src = p->files[i]->src;
    c.scope = p->file_scopes[i];
    for (uint32_t k = 0; k < own[i].n; k++)
      if (own[i].syms[k]->kind == LV_SYM_SCHEMA) check_schema(&c, own[i].syms[k]);
  }
  for (uint32_t i = 0; i < p->nschemas; i++) {
    lv_schema_info *si = p->schemas[i];
    if (schema_cycle(p, si, si, 0)) {
      lv_diag *g = lv_diag_add(p->diags, LV_D_SCHEMA_CYCLE, si->decl->file->src, si->decl->name.span,
                               "schema '%s' contains itself through required fields", si->name);
      lv_diag_help(g, p->diags, "make one of the fields on the cycle optional (T?) so an event can end");
    }
  }
  for (uint32_t i = 0; i < p->nfiles; i++) {
    c.src = p->files[i]->src;
    c.scope = p->file_scopes[i];
    for (uint32_t k = 0; k < own[i].n; k++) {
      lv_sym *s = own[i].syms[k];
      if (s->kind == LV_SYM_STREAM) check_stream(&c, s);
    }
  }
  for (uint32_t i = 0; i < p->nfiles; i++) {
    c.src = p->files[i]->src;
    c.scope = p->file_scopes[i];
    for (uint32_t k = 0; k < own[i].n; k++) {
      lv_sym *s = own[i].syms[k];
      if (s->kind == LV_SYM_LET) lv_check_let(&c, s);
      else if (s->kind == LV_SYM_DEF) lv_check_def(&c, s);
    }
  }
  lv_scope *rule_names = lv_scope_new(p->arena);
  uint32_t order = 0;
  for (uint32_t i = 0; i < p->nfiles; i++) {
    c.src = p->files[i]->src;
    c.scope = p->file_scopes[i];
    lv_file *f = p->files[i];
    for (uint32_t k = 0; k < f->n; k++)
      if (f->decls[k]->kind == LV_D_RULE) check_rule(&c, f->decls[k], order++, rule_names);
  }
  lv_scope_free(rule_names);
  for (uint32_t i = 0; i < p->nstreams; i++) {
    lv_stream_info *st = p->streams[i];
    if (st->nrules > 1) qsort(st->rules, st->nrules, sizeof *st->rules, rule_order);
  }
  if (p->diags->errors == errors_before) lv_check_loops(p);
  /* Warnings: unused lets, defs and imports; streams no rule reads. A name
   * from an imported file counts as used if any file uses it. */
  for (uint32_t i = 0; i < p->nfiles; i++) {
    lv_file *f = p->files[i];
    bool imported = file_is_imported(p, f);
    for (uint32_t k = 0; k < own[i].n; k++) {
      lv_sym *s = own[i].syms[k];
      if (s->used || imported) continue;
      if (s->kind == LV_SYM_LET)
        lv_diag_add(p->diags, LV_D_UNUSED_LET, s->src, s->span, "let '%s' is never used", s->name);
      else if (s->kind == LV_SYM_DEF)
        lv_diag_add(p->diags, LV_D_UNUSED_DEF, s->src, s->span, "def '%s' is never used", s->name);
    }
    for (uint32_t k = 0; k < f->n; k++) {
      lv_decl *d = f->decls[k];
      if (d->kind == LV_D_STREAM && own[i].n) {
        for (uint32_t j = 0; j < own[i].n; j++) {
          lv_sym *s = own[i].syms[j];
          /* (A stream with a bad schema or subject has its error already.) */
          if (s->decl == d && s->stream && s->stream->nrules == 0 && !imported && s->stream->schema &&
              s->stream->subject && s->stream->subject[0])
            lv_diag_add(p->diags, LV_D_UNUSED_STREAM, s->src, s->span, "no rule reads stream '%s'", s->name);
        }
      }
      if (d->kind != LV_D_IMPORT || !d->u.import.target) continue;
      /* Used if this file refers to any of the imported file's names. */
      uint32_t ti = d->u.import.target->src->id;
      bool used = false;
      for (uint32_t j = 0; j < own[ti].n && !used; j++) used = own[ti].syms[j]->used;
      for (uint32_t j = 0; j < d->u.import.target->n && !used; j++)
        used = d->u.import.target->decls[j]->kind == LV_D_RULE;
      if (!used)
        lv_diag_add(p->diags, LV_D_UNUSED_IMPORT, f->src, d->span, "nothing from '%s' is used", d->u.import.path);
    }
  }
  free(own);
  return p->diags->errors == errors_before;
}

/* --- eval ------------------------------------------------------------------------------------------------- */

const lv_type *lv_check_eval(lv_program *p, lv_expr *e, lv_source *src, const lv_eval_var *vars,
                             uint32_t nvars, lv_sym **var_syms, lv_schema_info *fields_of,
                             lv_sym **event_sym) {
  lv_checker c;
  memset(&c, 0, sizeof c);
  c.p = p;
  c.t = &p->types;
  c.src = src;
  for (uint32_t i = 0; i < nvars; i++) {
    lv_sym *s = lv_checker_push_var(&c, lv_intern_cstr(p->names, vars[i].name), vars[i].type, NULL,
                                    lv_span_make(0, 0));
    if (var_syms) var_syms[i] = s;
  }
  if (fields_of) {
    c.fields_of = fields_of;
    c.event = lv_checker_push_var(&c, lv_intern_cstr(p->names, " event"), fields_of->type, NULL,
                                  lv_span_make(0, 0));
    if (event_sym) *event_sym = c.event;
  }
  uint32_t before = p->diags->errors;
  const lv_type *t = lv_check_expr(&c, e);
  lv_measure_expr(&c, src, e);
  if (p->diags->errors != before || t->kind == LV_T_ERROR) return NULL;
  /* The result is printed whole: a message in it (or in its lists, maps,
   * optionals) needs every field decoded, not only those it selects. */
  const lv_type *inner = t;
  while (inner->kind == LV_T_LIST || inner->kind == LV_T_MAP || inner->kind == LV_T_OPTIONAL)
    inner = inner->kind == LV_T_MAP ? inner->b : inner->a;
  if (inner->kind == LV_T_MSG && inner->schema) lv_schema_mark_all_needed((lv_schema_info *)inner->schema);
  return t;
}

/* --- types from text (eval variables) --------------------------------------------------------------------- */

static const lv_type *type_text(lv_program *p, const char **s, char *why, size_t whylen, int depth) {
  while (**s == ' ') (*s)++;
  const char *start = *s;
  while ((**s >= 'a' && **s <= 'z') || (**s >= 'A' && **s <= 'Z') || (**s >= '0' && **s <= '9') || **s == '_' ||
         **s == '.')
    (*s)++;
  size_t n = (size_t)(*s - start);
  char name[128];
  if (n == 0 || n >= sizeof name || depth > 16) {
    snprintf(why, whylen, "expected a type name");
    return NULL;
  }
  memcpy(name, start, n);
  name[n] = 0;
  while (**s == ' ') (*s)++;
  const lv_type *params[2] = {NULL, NULL};
  int np = 0;
  if (**s == '<') {
    (*s)++;
    for (;;) {
      if (np == 2) {
        snprintf(why, whylen, "too many type arguments for '%s'", name);
        return NULL;
      }
      params[np] = type_text(p, s, why, whylen, depth + 1);
      if (!params[np++]) return NULL;
      while (**s == ' ') (*s)++;
      if (**s == ',') {
        (*s)++;
        continue;
      }
      if (**s == '>') {
        (*s)++;
        break;
      }
      snprintf(why, whylen, "expected ',' or '>' in type");
      return NULL;
    }
  }
  lv_types *t = &p->types;
  const lv_type *st = scalar_type(t, name);
  if (st && np == 0) return st;
  if (strcmp(name, "type") == 0 && np == 0) return lv_type_type(t, NULL);
  if (strcmp(name, "list") == 0 && np == 1) return lv_type_list(t, params[0]);
  if (strcmp(name, "optional") == 0 && np == 1) return lv_type_optional_of(t, params[0]);
  if (strcmp(name, "map") == 0 && np == 2) return lv_type_map(t, params[0], params[1]);
  if (np == 0) {
    lv_schema_info *si = lv_program_find_schema(p, name);
    if (si) return si->type;
  }
  snprintf(why, whylen, "unknown type '%s'%s", name, np ? " with these type arguments" : "");
  return NULL;
}

const lv_type *lv_check_type_text(lv_program *p, const char *text, char *why, size_t whylen) {
  const char *s = text;
  const lv_type *t = type_text(p, &s, why, whylen, 0);
  if (!t) return NULL;
  while (*s == ' ') s++;
  if (*s) {
    snprintf(why, whylen, "unexpected '%s' after the type", s);
    return NULL;
  }
  return t;
}
