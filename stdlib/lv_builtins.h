/* lv_builtins.h - helpers called only by generated code: error values with
 * details, optionals, messages, and publish subjects. Scalar-only JIT
 * convention (lv_value.h). */
#ifndef LV_BUILTINS_H
#define LV_BUILTINS_H

#include "lv_value.h"

/* "no such field 'x'", "no such key: 'x'" */
const lv_err *lv_err_no_field(lv_ctx *cx, const char *name, size_t n);
const lv_err *lv_err_no_key(lv_ctx *cx, const char *name, size_t n);
/* A dyn value did not have the type an operation needs. */
const lv_err *lv_err_type_mismatch(lv_ctx *cx, const lv_value *v, uint32_t want_tag);
/* The elements of a list or map that became list<T> / map<K, V> from a
 * dynamically typed value (list<dyn> and list<int> share a representation,
 * so nothing else checks them): container is the lv_list * or lv_map *, shape
 * describes the target type, one letter per level: 'l' ELEM, 'm' KEY VALUE,
 * and for elements b i u f s y t r (bool int uint double string bytes
 * timestamp duration), n (null), M (a message), d (anything). NULL when
 * every element fits, else "no matching overload: expected T, got U" for the
 * first that does not. */
const lv_err *lv_builtin_check_elements(lv_ctx *cx, const void *container, const char *shape);
const lv_err *lv_builtin_div_zero(int32_t modulo);
const lv_err *lv_builtin_index_error(lv_ctx *cx, int64_t index);
/* "found no matching overload for '_+_' applied to '(int, uint)'": no
 * overload of fn takes the run-time types of the n arguments. */
const lv_err *lv_builtin_no_overload(lv_ctx *cx, const char *fn, const lv_value *args, uint32_t n);
const lv_err *lv_builtin_optional_none_error(lv_ctx *cx);
/* Unchecked code: a name no declaration provides. */
const lv_err *lv_builtin_undeclared(lv_ctx *cx, const char *name, size_t n);

/* Zeroed memory from the evaluation arena (NULL past its limit). */
void *lv_builtin_alloc_zeroed(lv_ctx *cx, uint64_t size);
/* optional.of(v) and optional.ofNonZeroValue(v). */
const lv_err *lv_builtin_optional_of(lv_ctx *cx, lv_value *out, const lv_value *v);
const lv_err *lv_builtin_optional_of_non_zero(lv_ctx *cx, lv_value *out, const lv_value *v);
/* container[?key] (and indexing through an optional): optional.of(the
 * element) or optional.none() when the key is absent or the index outside
 * the list; a none container gives none. */
const lv_err *lv_builtin_index_optional(lv_ctx *cx, lv_value *out, const lv_value *container,
                                        const lv_value *key);
/* m[key] with CEL key equality; absent keys are errors naming the key. */
const lv_err *lv_builtin_map_get(lv_ctx *cx, lv_value *out, const lv_map *m, const lv_value *key);
/* timestamp(string), duration(string) in the ERR shape. */
const lv_err *lv_builtin_timestamp_from_string(lv_ctx *cx, int64_t *osec, int32_t *onanos, const char *s,
                                               size_t n);
const lv_err *lv_builtin_duration_from_string(lv_ctx *cx, int64_t *osec, int32_t *onanos, const char *s,
                                              size_t n);
/* duration(int) in the ERR shape; every int64 of nanoseconds is a valid
 * duration, so it never fails. */
const lv_err *lv_builtin_duration_from_int(lv_ctx *cx, int64_t *osec, int32_t *onanos, int64_t ns);

/* One token of a publish subject from a ${...} value (string, int or uint):
 * empty, or containing '.', '*', '>' or whitespace, is an error. */
const lv_err *lv_builtin_subject_token(lv_ctx *cx, const char **optr, size_t *olen, const lv_value *v);
/* Concatenates n strings into the arena. */
const lv_err *lv_builtin_join_parts(lv_ctx *cx, const char **optr, size_t *olen, const lv_str *parts,
                                    uint32_t n);

#endif
