/* lv_value.h - the runtime value ABI shared by JIT-compiled code and the C
 * standard library.
 *
 * Statically typed CEL values live unboxed in registers:
 *   bool -> i1, int/uint -> i64, double -> double,
 *   string/bytes -> (const char *ptr, size_t len),
 *   timestamp/duration -> (int64_t sec, int32_t nanos),
 *   list -> const lv_list *, map -> const lv_map *, message -> const void *,
 *   type -> lv_value (tag LV_TYPE), dyn and optional -> lv_value.
 * Only `dyn`, container elements and optionals use the boxed lv_value.
 *
 * Calling convention for every function JIT code may call (see stdlib.h):
 * parameters and results are scalars or pointers only, never structs by
 * value. Strings go as two parameters (ptr, len); times as (sec, nanos).
 * This keeps the LLVM declarations trivially ABI-correct on every target.
 * Functions that can fail return `const lv_err *` (NULL on success) and write
 * their result through out-parameters, which come first after the context.
 */
#ifndef LV_VALUE_H
#define LV_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lv_arena.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A string (UTF-8, validated on entry) or bytes: a span, not NUL-terminated. */
typedef struct lv_str {
  const char *ptr;
  size_t len;
} lv_str;

/* Timestamp (seconds since the Unix epoch, UTC) or duration. nanos is in
 * [0, 1e9) for timestamps; for durations it has the sign of sec (or sec is 0)
 * and |nanos| < 1e9, as in google.protobuf.Duration. */
typedef struct lv_time {
  int64_t sec;
  int32_t nanos;
} lv_time;

/* Valid ranges, as CEL defines them. */
#define LV_TIMESTAMP_MIN_SEC (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define LV_TIMESTAMP_MAX_SEC (253402300799LL) /* 9999-12-31T23:59:59Z */
#define LV_DURATION_MAX_SEC (315576000000LL)  /* +-10000 years, as protobuf */

typedef enum lv_tag {
  LV_NULL = 0,
  LV_BOOL,
  LV_INT,
  LV_UINT,
  LV_DOUBLE,
  LV_STRING, /* v.s + aux = length */
  LV_BYTES,  /* v.s + aux = length */
  LV_TIMESTAMP, /* v.i = sec, aux = (uint32_t)nanos */
  LV_DURATION,  /* v.i = sec, aux = (uint32_t)(int32_t)nanos */
  LV_LIST,      /* v.p = const lv_list * */
  LV_MAP,       /* v.p = const lv_map * */
  LV_MSG,       /* v.p = decoded struct, aux = schema index in cx->rt */
  LV_TYPE,      /* aux = lv_tag of the type it names (LV_TYPE for `type`),
                   v.i = schema index when aux == LV_MSG */
  LV_OPTIONAL,  /* v.p = const lv_value * (the value) or NULL (none) */
  LV_TAG_COUNT
} lv_tag;

/* 16 bytes: passed and stored cheaply, never by value across the JIT ABI. */
typedef struct lv_value {
  uint32_t tag; /* lv_tag */
  uint32_t aux;
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    const char *s;
    const void *p;
  } v;
} lv_value;

/* Immutable after construction. */
typedef struct lv_list {
  uint32_t len;
  const lv_value *items;
} lv_list;

/* Immutable after construction; keys keep insertion order. Keys are bool,
 * int, uint or string. index is an open-addressing table of 2^ibits slots
 * holding entry index + 1 (0 = empty), or NULL for small maps (linear scan). */
typedef struct lv_map {
  uint32_t len;
  uint32_t ibits;
  const lv_value *keys;
  const lv_value *vals;
  const uint32_t *index;
} lv_map;

/* Evaluation errors are values the caller sees, never crashes. */
typedef enum lv_errcode {
  LV_E_NONE = 0,
  LV_E_OVERFLOW,        /* integer overflow, out-of-range conversion */
  LV_E_DIV_ZERO,        /* division or modulo by zero */
  LV_E_NO_SUCH_FIELD,   /* absent optional field, unknown dyn field */
  LV_E_NO_SUCH_KEY,     /* map key not present */
  LV_E_INDEX,           /* list index out of range */
  LV_E_NO_OVERLOAD,     /* dynamic dispatch found no matching overload */
  LV_E_INVALID_ARG,     /* bad argument: malformed timestamp, bad regex ... */
  LV_E_RANGE,           /* timestamp or duration out of range */
  LV_E_RESOURCE,        /* a limit was hit (string too long, arena full) */
  LV_E_UNSUPPORTED,     /* valid CEL that this build cannot evaluate */
  LV_E_CODE_COUNT
} lv_errcode;

typedef struct lv_err {
  uint32_t code; /* lv_errcode */
  const char *msg;
} lv_err;

struct lv_rtinfo; /* rule-set runtime information: schemas, regexes (opaque) */

/* The evaluation context passed to every generated function. The JIT reads
 * fields by offset (see compiler/lower), so the layout is part of the ABI:
 * append only. */
typedef struct lv_ctx {
  lv_arena *arena;               /* scratch for one evaluation, reset after */
  const struct lv_rtinfo *rt;    /* rule set the code belongs to */
  const void *const *consts;     /* per-rule-set constant table */
  void *user;                    /* host data (runtime) */
} lv_ctx;

/* Error helpers. Static errors need no allocation; formatted ones use the
 * context's arena (and fall back to a static message if it is exhausted). */
const lv_err *lv_err_static(lv_errcode code);
const lv_err *lv_err_new(lv_ctx *cx, lv_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *lv_errcode_name(lv_errcode code);

/* Boxing helpers for C code. */
static inline lv_value lv_value_null(void) { lv_value v = {LV_NULL, 0, {.i = 0}}; return v; }
static inline lv_value lv_value_bool(bool b) { lv_value v = {LV_BOOL, 0, {.i = 0}}; v.v.b = b; return v; }
static inline lv_value lv_value_int(int64_t i) { lv_value v = {LV_INT, 0, {.i = i}}; return v; }
static inline lv_value lv_value_uint(uint64_t u) { lv_value v = {LV_UINT, 0, {.u = u}}; return v; }
static inline lv_value lv_value_double(double d) { lv_value v = {LV_DOUBLE, 0, {.d = d}}; return v; }
static inline lv_value lv_value_string(const char *p, size_t n) {
  lv_value v = {LV_STRING, (uint32_t)n, {.s = p}}; return v;
}
static inline lv_value lv_value_bytes(const char *p, size_t n) {
  lv_value v = {LV_BYTES, (uint32_t)n, {.s = p}}; return v;
}
static inline lv_value lv_value_timestamp(int64_t sec, int32_t nanos) {
  lv_value v = {LV_TIMESTAMP, (uint32_t)nanos, {.i = sec}}; return v;
}
static inline lv_value lv_value_duration(int64_t sec, int32_t nanos) {
  lv_value v = {LV_DURATION, (uint32_t)nanos, {.i = sec}}; return v;
}
static inline lv_value lv_value_list(const lv_list *l) { lv_value v = {LV_LIST, 0, {.p = l}}; return v; }
static inline lv_value lv_value_map(const lv_map *m) { lv_value v = {LV_MAP, 0, {.p = m}}; return v; }
static inline lv_str lv_value_str(const lv_value *v) { lv_str s = {v->v.s, v->aux}; return s; }
static inline lv_time lv_value_time(const lv_value *v) {
  lv_time t = {v->v.i, (int32_t)v->aux}; return t;
}

/* Longest string or bytes value a boxed lv_value can hold. */
#define LV_STR_MAX ((size_t)UINT32_MAX)

#ifdef __cplusplus
}
#endif
#endif
