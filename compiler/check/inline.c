/* inline.c - bounds on what def expansion produces.
 *
 * Lowering copies a def's body into every call (defs are inlined), so a def
 * calling another def twice doubles the code at each level, and a long chain
 * of defs nests as deep as all their bodies together. Both are measured here,
 * with each def's figures computed once when the def is checked, so that
 * `levin check` rejects what lowering could not build in reasonable time or
 * stack: an expression with its def calls expanded may have at most
 * LV_MAX_EXPANDED_NODES nodes (E0315) and nest at most --max-depth levels
 * (E0202). A let is computed once per generated function (lower/rule.c),
 * so a reference to one counts as one node wherever it appears; a chain of
 * lets referring to lets may be at most --max-depth long (E0202). */
#include "check/checker.h"

typedef struct walk {
  lv_checker *c;
  lv_source *src;
  uint64_t size;
  uint32_t max_depth;
  bool reported; /* an error for this root was given (here or in a def) */
  const char *owner; /* the def being measured, for messages; NULL for a root */
  const lv_sym *let; /* the let being measured, if it is one */
  uint32_t lets;     /* the longest chain of lets referred to */
} walk;

typedef struct depth_of {
  uint32_t depth;
  const lv_expr *via; /* the outermost def call on the deepest path, if any */
} depth_of;

static void over_size(walk *w, const lv_expr *call) {
  const char *callee = call->u.call.def->name;
  lv_diag *g;
  if (w->owner)
    g = lv_diag_add(w->c->p->diags, LV_D_TOO_BIG, w->src, call->span,
                    "with this call of '%s', def '%s' expands to more than %u nodes", callee, w->owner,
                    LV_MAX_EXPANDED_NODES);
  else
    g = lv_diag_add(w->c->p->diags, LV_D_TOO_BIG, w->src, call->span,
                    "with this call of '%s', the expression expands to more than %u nodes", callee,
                    LV_MAX_EXPANDED_NODES);
  lv_diag_help(g, w->c->p->diags,
               "a def is copied into every call; call it fewer times, or name a value that does not "
               "depend on the event with a let (computed once)");
  w->reported = true;
}

static void over_depth(walk *w, const lv_expr *at, const lv_expr *via) {
  lv_program *p = w->c->p;
  lv_span span = via ? via->span : at->span;
  const char *callee = via ? via->u.call.def->name : "?";
  lv_diag *g;
  if (w->owner)
    g = lv_diag_add(p->diags, LV_D_TOO_DEEP, w->src, span,
                    "with this call of '%s', def '%s' nests more than %u levels deep once expanded", callee,
                    w->owner, w->max_depth);
  else
    g = lv_diag_add(p->diags, LV_D_TOO_DEEP, w->src, span,
                    "with this call of '%s', the expression nests more than %u levels deep once expanded",
                    callee, w->max_depth);
  lv_diag_help(g, p->diags,
               "a def's body is nested where it is called; shorten the chain of defs calling defs, or raise "
               "the bound with --max-depth");
  w->reported = true;
}

static depth_of walk_expr(walk *w, const lv_expr *e);

static void deeper(depth_of *d, depth_of x) {
  if (x.depth > d->depth) *d = x;
}

typedef struct child_walk {
  walk *w;
  depth_of d; /* the deepest child so far */
} child_walk;

static void walk_child(void *ctx, const lv_expr *e) {
  child_walk *cw = ctx;
  deeper(&cw->d, walk_expr(cw->w, e));
}

/* A reference to a let: one node, but the chain of lets it ends counts. */
static void let_ref(walk *w, const lv_expr *e) {
  const lv_sym *let = e->u.ident.sym;
  if (!let || let->kind != LV_SYM_LET || let->state != 2) return;
  if (let->inl_over) w->reported = true;
  if (let->inl_depth > w->lets) w->lets = let->inl_depth;
  if (w->let && !w->reported && let->inl_depth + 1 > w->max_depth) {
    lv_diag *g = lv_diag_add(w->c->p->diags, LV_D_TOO_DEEP, w->src, e->span,
                             "with this reference to '%s', let '%s' ends a chain of more than %u lets referring "
                             "to lets",
                             let->name, w->let->name, w->max_depth);
    lv_diag_help(g, w->c->p->diags, "a chain of lets counts as nesting; shorten it, or raise the bound with --max-depth");
    w->reported = true;
  }
}

/* A call of a def: its body is inlined here, after the arguments (walked
 * already) are computed. */
static void def_call(walk *w, const lv_expr *e, depth_of *d) {
  const lv_sym *def = e->u.call.def;
  if (!def || def->state != 2) return;
  if (def->inl_over) w->reported = true;
  if (def->inl_lets > w->lets) w->lets = def->inl_lets;
  w->size += def->inl_size;
  if (def->inl_depth > d->depth) d->depth = def->inl_depth;
  d->via = e;
  if (!w->reported && w->size > LV_MAX_EXPANDED_NODES) over_size(w, e);
}

/* Adds e's expanded size to w->size; returns its expanded depth. The
 * recursion follows the written expression only (its depth is bounded by the
 * parser); a def's body is never walked again from its callers. */
static depth_of walk_expr(walk *w, const lv_expr *e) {
  child_walk cw = {w, {0, NULL}};
  if (!e) return cw.d;
  w->size++;
  if (e->kind == LV_EX_IDENT) let_ref(w, e);
  lv_expr_each_child(e, walk_child, &cw);
  if (e->kind == LV_EX_CALL) def_call(w, e, &cw.d);
  depth_of d = cw.d;
  d.depth++;
  /* Only a def can make an expression deeper than the parser allowed. */
  if (d.via && !w->reported && d.depth > w->max_depth) over_depth(w, e, d.via);
  return d;
}

static uint32_t max_depth_of(const lv_checker *c) {
  return c->p->pcx && c->p->pcx->max_depth ? c->p->pcx->max_depth : LV_MAX_DEPTH_DEFAULT;
}

void lv_measure_def(lv_checker *c, lv_sym *def) {
  lv_decl *d = def->decl;
  walk w = {c, d->file->src, 0, max_depth_of(c), false, def->name, NULL, 0};
  depth_of x = walk_expr(&w, d->u.def.body);
  def->inl_size = w.size > LV_MAX_EXPANDED_NODES ? LV_MAX_EXPANDED_NODES + 1 : (uint32_t)w.size;
  def->inl_depth = x.depth;
  def->inl_lets = w.lets;
  def->inl_over = w.reported;
}

void lv_measure_let(lv_checker *c, lv_sym *let) {
  lv_decl *d = let->decl;
  walk w = {c, d->file->src, 0, max_depth_of(c), false, NULL, let, 0};
  walk_expr(&w, d->u.let.value);
  let->inl_depth = w.lets + 1;
  let->inl_over = w.reported;
}

void lv_measure_expr(lv_checker *c, lv_source *src, const lv_expr *e) {
  walk w = {c, src, 0, max_depth_of(c), false, NULL, NULL, 0};
  walk_expr(&w, e);
}

bool lv_decl_too_deep(lv_checker *c, lv_sym *s) {
  /* Twice the nesting bound: a chain that alternates lets and defs is
   * counted by the measures above at one level per two links. */
  uint32_t bound = 2 * max_depth_of(c) + 8;
  if (c->decl_depth <= bound) return false;
  s->inl_over = true;
  /* Once: the declarations further down the chain would each say so. */
  if (c->p->chain_reported) return true;
  c->p->chain_reported = true;
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_TOO_DEEP, s->src, s->span,
                           "'%s' ends a chain of more than %u lets and defs, each used by the one before", s->name,
                           bound);
  lv_diag_help(g, c->p->diags, "shorten the chain of lets and defs referring to each other");
  return true;
}
