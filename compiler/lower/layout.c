/* layout.c - where each field of a decoded event lives: the runtime schema
 * descriptions (stdlib/lv_schema.h) built from the checked schemas. The
 * decoder writes these structs and generated code reads them at the same
 * offsets. */
#include <string.h>

#include "lower/lower.h"
#include "lv_time.h"
#include "lv_values.h"

static lv_kind kind_of(const lv_type *t) {
  switch (t->kind) {
  case LV_T_BOOL: return LV_K_BOOL;
  case LV_T_INT: return LV_K_INT;
  case LV_T_UINT: return LV_K_UINT;
  case LV_T_DOUBLE: return LV_K_DOUBLE;
  case LV_T_STRING: return LV_K_STRING;
  case LV_T_BYTES: return LV_K_BYTES;
  case LV_T_TIMESTAMP: return LV_K_TIMESTAMP;
  case LV_T_DURATION: return LV_K_DURATION;
  case LV_T_LIST: return LV_K_LIST;
  case LV_T_MAP: return LV_K_MAP;
  case LV_T_MSG: return LV_K_MSG;
  default: return LV_K_DYN;
  }
}

static void fill_rtype(lv_rtype *rt, const lv_type *t, lv_arena *a) {
  rt->kind = kind_of(t);
  rt->elem = NULL;
  rt->schema = NULL;
  if (t->kind == LV_T_LIST || t->kind == LV_T_MAP) {
    lv_rtype *e = lv_arena_calloc(a, 1, sizeof *e);
    fill_rtype(e, t->kind == LV_T_LIST ? t->a : t->b, a);
    rt->elem = e;
  } else if (t->kind == LV_T_MSG) {
    rt->schema = ((lv_schema_info *)t->schema)->rt;
  }
}

/* A default value (a literal, checked by the checker) as a boxed value. */
static lv_value default_value(const lv_expr *e, lv_arena *a) {
  lv_ctx cx = {a, NULL, NULL, NULL};
  switch (e->kind) {
  case LV_EX_BOOL: return lv_value_bool(e->u.b);
  case LV_EX_INT: return lv_value_int(e->u.i);
  case LV_EX_UINT: return lv_value_uint(e->u.u);
  case LV_EX_DOUBLE: return lv_value_double(e->u.d);
  /* Copied: the rule set outlives the compilation's arena. */
  case LV_EX_STRING: return lv_value_string(lv_arena_strndup(a, e->u.str.ptr, e->u.str.len), e->u.str.len);
  case LV_EX_BYTES: return lv_value_bytes(lv_arena_strndup(a, e->u.str.ptr, e->u.str.len), e->u.str.len);
  case LV_EX_LIST: {
    uint32_t n = e->u.list.entries.n;
    lv_list *l = lv_list_new(&cx, n);
    for (uint32_t i = 0; l && i < n; i++)
      ((lv_value *)l->items)[i] = default_value(e->u.list.entries.items[i].value, a);
    return lv_value_list(l);
  }
  case LV_EX_MAP: {
    uint32_t n = e->u.list.entries.n;
    lv_value *keys = lv_arena_calloc(a, n + 1, sizeof *keys), *vals = lv_arena_calloc(a, n + 1, sizeof *vals);
    for (uint32_t i = 0; i < n; i++) {
      keys[i] = default_value(e->u.list.entries.items[i].key, a);
      vals[i] = default_value(e->u.list.entries.items[i].value, a);
    }
    const lv_map *m = NULL;
    if (lv_map_new(&cx, &m, keys, vals, n)) m = NULL;
    return m ? lv_value_map(m) : lv_value_null();
  }
  case LV_EX_CALL: {
    const lv_expr *arg = e->u.call.args.items[0];
    lv_time t = {0, 0};
    if (strcmp(e->u.call.fn.name, "timestamp") == 0) {
      lv_timestamp_parse(&cx, &t, arg->u.str.ptr, arg->u.str.len);
      return lv_value_timestamp(t.sec, t.nanos);
    }
    lv_duration_parse(&cx, &t, arg->u.str.ptr, arg->u.str.len);
    return lv_value_duration(t.sec, t.nanos);
  }
  default: return lv_value_null();
  }
}

lv_rtinfo *lv_layout_schemas(lv_program *p, lv_arena *a) {
  /* Descriptors first, so nested schemas can point at each other. */
  for (uint32_t i = 0; i < p->nschemas; i++) {
    lv_schema *s = lv_arena_calloc(a, 1, sizeof *s);
    s->name = lv_arena_strdup(a, p->schemas[i]->name);
    s->index = i;
    p->schemas[i]->rt = s;
  }
  for (uint32_t i = 0; i < p->nschemas; i++) {
    lv_schema_info *si = p->schemas[i];
    lv_schema *s = si->rt;
    lv_field *fields = lv_arena_calloc(a, si->nfields + 1, sizeof *fields);
    uint32_t off = lv_presence_words(si->nfields) * 8;
    /* Eight-byte slots first in declaration order, then the bools: no padding. */
    for (int pass = 0; pass < 2; pass++) {
      for (uint32_t k = 0; k < si->nfields; k++) {
        lv_field_info *fi = &si->fields[k];
        lv_kind kind = kind_of(fi->type);
        if ((kind == LV_K_BOOL) != (pass == 1)) continue;
        lv_field *f = &fields[k];
        f->name = lv_arena_strdup(a, fi->name);
        f->json_name = lv_arena_strndup(a, fi->json_name, fi->json_len);
        f->json_len = fi->json_len;
        fill_rtype(&f->type, fi->type, a);
        f->offset = off;
        off += lv_kind_slot_size(kind);
        f->index = k;
        f->optional = fi->optional;
        f->needed = fi->needed || fi->captured;
        if (fi->dflt) {
          f->has_default = true;
          f->default_value = default_value(fi->dflt, a);
        }
      }
    }
    s->size = (off + 7) & ~7u;
    if (s->size == 0) s->size = 8;
    s->nfields = si->nfields;
    s->fields = fields;
    lv_schema_finish(s, a);
  }
  lv_rtinfo *rt = lv_arena_calloc(a, 1, sizeof *rt);
  const lv_schema **list = lv_arena_calloc(a, p->nschemas + 1, sizeof *list);
  for (uint32_t i = 0; i < p->nschemas; i++) list[i] = p->schemas[i]->rt;
  rt->nschemas = p->nschemas;
  rt->schemas = list;
  return rt;
}
