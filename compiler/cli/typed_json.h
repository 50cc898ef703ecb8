/* typed_json.h - the typed-JSON protocol of `levin eval --batch --io json`
 * (docs/cli.md): requests, bound values and results. */
#ifndef LV_TYPED_JSON_H
#define LV_TYPED_JSON_H

#include "check/check.h"
#include "lv_buf.h"
#include "lv_value.h"

#define LV_TYPED_MAX_VARS 64

typedef struct lv_typed_request {
  const char *id; /* or NULL */
  const char *expr;
  size_t expr_len;
  const char *names[LV_TYPED_MAX_VARS];
  const char *types[LV_TYPED_MAX_VARS]; /* Levin type syntax */
  lv_value values[LV_TYPED_MAX_VARS];   /* unbound: tag LV_TAG_COUNT + 1 */
  uint32_t nvars;
  bool check;
} lv_typed_request;

/* Parses one request line; false with why on malformed input (id is set
 * when it could be read). Allocates in cx's arena. */
bool lv_typed_json_request(lv_ctx *cx, lv_typed_request *req, const char *line, size_t n, char *why,
                           size_t whylen);
/* A value as typed JSON: {"int":"5"}, {"list":[...]}, ... */
void lv_typed_json_print(lv_buf *b, const lv_ctx *cx, const lv_value *v);
/* Coerces a value read with the CEL JSON mapping to a declared type
 * (integral doubles to int/uint, strings to timestamps/durations/bytes,
 * containers element-wise). */
bool lv_typed_json_coerce(lv_ctx *cx, lv_value *v, const lv_type *t, char *why, size_t whylen);

#endif
