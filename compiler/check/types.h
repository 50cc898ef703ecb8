/* types.h - CEL types as the checker sees them. Types are hash-consed in a
 * table per compilation, so two types are equal exactly when their pointers
 * are. */
#ifndef LV_TYPES_H
#define LV_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "lv_arena.h"
#include "lv_buf.h"

typedef enum lv_type_kind {
  LV_T_ERROR, /* an earlier error: absorbs, never reported again */
  LV_T_DYN,
  LV_T_NULL,
  LV_T_BOOL,
  LV_T_INT,
  LV_T_UINT,
  LV_T_DOUBLE,
  LV_T_STRING,
  LV_T_BYTES,
  LV_T_TIMESTAMP,
  LV_T_DURATION,
  LV_T_LIST,     /* a = element */
  LV_T_MAP,      /* a = key, b = value */
  LV_T_MSG,      /* schema */
  LV_T_TYPE,     /* the type of type values; a = the type named, or NULL */
  LV_T_OPTIONAL, /* a = value type */
  LV_T_PARAM,    /* a type parameter in an overload signature (name) */
  LV_T_KIND_COUNT
} lv_type_kind;

struct lv_schema_info;

typedef struct lv_type {
  lv_type_kind kind;
  const struct lv_type *a, *b;
  const struct lv_schema_info *schema;
  const char *name; /* PARAM: "A"; MSG: schema name */
} lv_type;

typedef struct lv_types {
  lv_arena *arena;
  const lv_type **slots;
  uint32_t cap, n;
  /* The simple types, made once. */
  const lv_type *error, *dyn, *null, *bool_, *int_, *uint_, *double_, *string, *bytes,
      *timestamp, *duration;
  /* The element type of an empty list or map literal: dyn everywhere,
   * except that it gives way to any type it is joined or bound with (cel-go
   * types `[]` as list of a fresh type variable, so `[] + [1]` is
   * list<int>), where a real dyn wins. */
  const lv_type *unknown;
} lv_types;

void lv_types_init(lv_types *t, lv_arena *a);
void lv_types_free(lv_types *t);
const lv_type *lv_type_simple(lv_types *t, lv_type_kind kind);
const lv_type *lv_type_list(lv_types *t, const lv_type *elem);
const lv_type *lv_type_map(lv_types *t, const lv_type *key, const lv_type *val);
const lv_type *lv_type_msg(lv_types *t, const struct lv_schema_info *s, const char *name);
const lv_type *lv_type_type(lv_types *t, const lv_type *of);
const lv_type *lv_type_optional_of(lv_types *t, const lv_type *of);
const lv_type *lv_type_param(lv_types *t, const char *name);

/* `list<int>`, `map<string, dyn>`, `type<int>`, a schema's name. */
void lv_type_print(lv_buf *b, const lv_type *t);
/* As lv_type_print, into the arena. */
const char *lv_type_str(lv_arena *a, const lv_type *t);

static inline bool lv_type_is_numeric(const lv_type *t) {
  return t->kind == LV_T_INT || t->kind == LV_T_UINT || t->kind == LV_T_DOUBLE;
}
/* True if t mentions dyn or error anywhere (so checks defer to run time). */
bool lv_type_is_dynamic(const lv_type *t);

/* Whether a value of type `from` may be used where `to` is expected:
 * equal types, dyn on either side (checked at run time), null for
 * optional/dyn/message targets, and containers element-wise. */
bool lv_type_assignable(const lv_type *to, const lv_type *from);

/* The common type of two branch/element types: equal types, the non-error
 * one, or dyn when they differ (CEL joins mixed literals to dyn). */
const lv_type *lv_type_join(lv_types *t, const lv_type *x, const lv_type *y);
/* The more general of two compatible types (error gives way to the other), as cel-go binds a type
 * parameter (its mostGeneral): dyn wins, so `optional.of(dyn(1)).orValue("x")`
 * is dyn and yields 1 rather than failing a conversion to string at run
 * time; null gives way to the message or optional it stands for. */
const lv_type *lv_type_more_general(lv_types *t, const lv_type *a, const lv_type *b);

#endif
