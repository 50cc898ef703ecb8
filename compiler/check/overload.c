/* overload.c - the standard library table: signatures parsed into types once
 * per program, and overload resolution by unification. */
#include <stdlib.h>
#include <string.h>

#include "check/overload.h"

static const struct {
  const char *name;
  lv_call_style style;
  const char *sig;
  lv_impl_kind impl;
  const char *symbol;
} table[LV_B_COUNT] = {
#define FN LV_STYLE_FN
#define MEMBER LV_STYLE_MEMBER
#define OP LV_STYLE_OP
#define INLINE LV_IMPL_INLINE
#define PURE LV_IMPL_PURE
#define ERR LV_IMPL_ERR
#define B(id, name, style, sig, impl, sym) [LV_B_##id] = {name, style, sig, impl, #sym},
#include "builtins.def"
#undef B
#undef FN
#undef MEMBER
#undef OP
#undef INLINE
#undef PURE
#undef ERR
};

/* --- signature parsing ------------------------------------------------------- */

typedef struct sig_reader {
  const char *s;
  lv_program *p;
} sig_reader;

static void skip_ws(sig_reader *r) {
  while (*r->s == ' ') r->s++;
}

static const lv_type *read_type(sig_reader *r);

static const char *read_word(sig_reader *r, size_t *len) {
  skip_ws(r);
  const char *start = r->s;
  while ((*r->s >= 'a' && *r->s <= 'z') || (*r->s >= 'A' && *r->s <= 'Z') || *r->s == '_' ||
         (*r->s >= '0' && *r->s <= '9'))
    r->s++;
  *len = (size_t)(r->s - start);
  return start;
}

static const lv_type *read_type(sig_reader *r) {
  lv_types *t = &r->p->types;
  size_t n;
  const char *w = read_word(r, &n);
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(w, lit, n) == 0)
  if (n == 1 && w[0] >= 'A' && w[0] <= 'Z')
    return lv_type_param(t, lv_intern(r->p->names, w, 1));
  if (IS("int")) return t->int_;
  if (IS("uint")) return t->uint_;
  if (IS("double")) return t->double_;
  if (IS("bool")) return t->bool_;
  if (IS("string")) return t->string;
  if (IS("bytes")) return t->bytes;
  if (IS("timestamp")) return t->timestamp;
  if (IS("duration")) return t->duration;
  if (IS("dyn")) return t->dyn;
  if (IS("null_type")) return t->null;
  skip_ws(r);
  if (*r->s != '<') abort(); /* a typo in builtins.def */
  r->s++;
  const lv_type *a = read_type(r), *b = NULL;
  skip_ws(r);
  if (*r->s == ',') {
    r->s++;
    b = read_type(r);
    skip_ws(r);
  }
  if (*r->s != '>') abort();
  r->s++;
  if (IS("list")) return lv_type_list(t, a);
  if (IS("map")) return lv_type_map(t, a, b);
  if (IS("optional")) return lv_type_optional_of(t, a);
  if (IS("type")) return lv_type_type(t, a);
#undef IS
  abort();
}

void lv_builtins_init(lv_program *p) {
  for (int i = 0; i < LV_B_COUNT; i++) {
    lv_builtin *b = &p->builtins[i];
    b->name = lv_intern_cstr(p->names, table[i].name);
    b->style = table[i].style;
    b->impl = table[i].impl;
    b->symbol = table[i].symbol;
    sig_reader r = {table[i].sig, p};
    skip_ws(&r);
    if (strncmp(r.s, "...", 3) == 0) {
      b->nparams = -1;
      r.s += 3;
    } else if (strncmp(r.s, "->", 2) != 0) {
      for (;;) {
        b->params[b->nparams++] = read_type(&r);
        skip_ws(&r);
        if (*r.s != ',') break;
        r.s++;
      }
    }
    skip_ws(&r);
    if (strncmp(r.s, "->", 2) != 0) abort();
    r.s += 2;
    b->result = read_type(&r);
  }
}

bool lv_builtin_name_known(lv_program *p, const char *name) {
  for (int i = 0; i < LV_B_COUNT; i++)
    if (p->builtins[i].name == name) return true;
  return false;
}

/* --- resolution ---------------------------------------------------------------- */

typedef struct bindings {
  const char *names[4];
  const lv_type *types[4];
  int n;
} bindings;

static const lv_type **binding_of(bindings *b, const char *name) {
  for (int i = 0; i < b->n; i++)
    if (b->names[i] == name) return &b->types[i];
  if (b->n == 4) return NULL;
  b->names[b->n] = name;
  b->types[b->n] = NULL;
  return &b->types[b->n++];
}

/* Structural compatibility with dyn as a wildcard on either side. */
static bool compatible(const lv_type *a, const lv_type *b) {
  if (a == b) return true;
  if (a->kind == LV_T_DYN || b->kind == LV_T_DYN || a->kind == LV_T_ERROR || b->kind == LV_T_ERROR)
    return true;
  if (a->kind == LV_T_NULL && (b->kind == LV_T_MSG || b->kind == LV_T_OPTIONAL)) return true;
  if (b->kind == LV_T_NULL && (a->kind == LV_T_MSG || a->kind == LV_T_OPTIONAL)) return true;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case LV_T_LIST:
  case LV_T_OPTIONAL: return compatible(a->a, b->a);
  case LV_T_MAP: return compatible(a->a, b->a) && compatible(a->b, b->b);
  case LV_T_TYPE: return true;
  case LV_T_MSG: return a->schema == b->schema;
  default: return true;
  }
}

static bool unify(lv_types *t, bindings *b, const lv_type *param, const lv_type *arg) {
  if (arg->kind == LV_T_ERROR) return true;
  if (param->kind == LV_T_PARAM) {
    const lv_type **slot = binding_of(b, param->name);
    if (!slot) return false;
    if (!*slot) {
      *slot = arg;
      return true;
    }
    if (!compatible(*slot, arg)) return false;
    *slot = lv_type_more_general(t, *slot, arg);
    return true;
  }
  if (arg->kind == LV_T_DYN) return true; /* checked at run time */
  if (arg->kind == LV_T_NULL && (param->kind == LV_T_MSG || param->kind == LV_T_OPTIONAL)) return true;
  if (param->kind == LV_T_DYN) return true;
  if (param->kind != arg->kind) return false;
  switch (param->kind) {
  case LV_T_LIST:
  case LV_T_OPTIONAL: return unify(t, b, param->a, arg->a);
  case LV_T_MAP: return unify(t, b, param->a, arg->a) && unify(t, b, param->b, arg->b);
  case LV_T_TYPE: return !param->a || !arg->a || unify(t, b, param->a, arg->a);
  case LV_T_MSG: return param->schema == arg->schema;
  default: return true;
  }
}

static const lv_type *substitute(lv_types *t, bindings *b, const lv_type *x) {
  switch (x->kind) {
  case LV_T_PARAM: {
    const lv_type **slot = binding_of(b, x->name);
    return slot && *slot ? *slot : t->dyn;
  }
  case LV_T_LIST: return lv_type_list(t, substitute(t, b, x->a));
  case LV_T_OPTIONAL: return lv_type_optional_of(t, substitute(t, b, x->a));
  case LV_T_MAP: return lv_type_map(t, substitute(t, b, x->a), substitute(t, b, x->b));
  case LV_T_TYPE: return lv_type_type(t, x->a ? substitute(t, b, x->a) : NULL);
  default: return x;
  }
}

static bool args_all_static(const lv_type *const *args, uint32_t nargs) {
  for (uint32_t i = 0; i < nargs; i++)
    if (lv_type_is_dynamic(args[i])) return false;
  return true;
}

lv_resolution lv_resolve(lv_program *p, const char *name, lv_call_style style,
                         const lv_type *const *args, uint32_t nargs) {
  lv_resolution res;
  memset(&res, 0, sizeof res);
  res.id = LV_B_NONE;
  uint32_t matches[LV_B_COUNT];
  const lv_type *results[LV_B_COUNT];
  uint32_t nm = 0;
  for (int i = 0; i < LV_B_COUNT; i++) {
    lv_builtin *b = &p->builtins[i];
    if (b->name != name || b->style != style) continue;
    res.name_known = true;
    if (b->nparams < 0) continue; /* variadic: handled by the caller */
    if ((uint32_t)b->nparams != nargs) continue;
    res.arity_known = true;
    bindings bd;
    memset(&bd, 0, sizeof bd);
    bool ok = true;
    for (uint32_t k = 0; k < nargs && ok; k++) ok = unify(&p->types, &bd, b->params[k], args[k]);
    if (!ok) continue;
    matches[nm] = (uint32_t)i;
    results[nm] = substitute(&p->types, &bd, b->result);
    nm++;
  }
  if (nm == 0) return res;
  /* An overload whose parameters are exactly the argument types wins
   * (math.greatest(list<dyn>) is the list<dyn> overload, not list<int>). */
  for (uint32_t i = 0; i < nm && nm > 1; i++) {
    const lv_builtin *b = &p->builtins[matches[i]];
    bool exact = true;
    for (uint32_t k = 0; k < nargs && exact; k++) exact = b->params[k] == args[k];
    if (exact) {
      res.id = matches[i];
      res.type = results[i];
      res.found = true;
      return res;
    }
  }
  /* With static argument types at most one overload matches; exact generic
   * ones (A, A) and cross-type ones never overlap. With dyn arguments every
   * match stays a candidate and lowering picks one at run time. */
  if (nm == 1 || args_all_static(args, nargs)) {
    res.id = matches[0];
    res.type = results[0];
    res.found = true;
    return res;
  }
  const lv_type *rt = results[0];
  for (uint32_t i = 1; i < nm; i++) rt = lv_type_join(&p->types, rt, results[i]);
  lv_candidates *c = lv_arena_alloc(p->arena, sizeof *c + nm * sizeof(uint32_t));
  c->n = nm;
  memcpy(c->ids, matches, nm * sizeof(uint32_t));
  res.cands = c;
  res.type = rt;
  res.found = true;
  return res;
}

bool lv_overload_accepts(lv_program *p, uint32_t id, const lv_type *const *args, uint32_t nargs) {
  const lv_builtin *b = &p->builtins[id];
  if (b->nparams < 0 || (uint32_t)b->nparams != nargs) return false;
  bindings bd;
  memset(&bd, 0, sizeof bd);
  for (uint32_t k = 0; k < nargs; k++)
    if (!unify(&p->types, &bd, b->params[k], args[k])) return false;
  return true;
}
