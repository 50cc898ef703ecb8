/* lv_json.h - strict JSON (RFC 8259) reading into boxed values.
 *
 * The CEL JSON mapping: null -> null, true/false -> bool, numbers -> double,
 * strings -> string, arrays -> list, objects -> map<string, dyn>. Strict: no
 * comments, no trailing commas, no NaN literals, no leading zeros, strings
 * valid UTF-8 with valid escapes (lone surrogates rejected), nothing but
 * whitespace after the value, duplicate object keys rejected. */
#ifndef LV_JSON_H
#define LV_JSON_H

#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_json_error {
  uint32_t offset; /* byte offset where the problem was found */
  char msg[192];   /* e.g. "invalid JSON: expected ',' or '}' after object member" */
} lv_json_error;

#define LV_JSON_DEFAULT_MAX_DEPTH 64

/* Parses text into *out (allocated in cx's arena; nothing points into text,
 * which may go away). Returns 0, or -1 with err (if not NULL) filled. Depth
 * beyond max_depth is an error, never a stack overflow: 0 means
 * LV_JSON_DEFAULT_MAX_DEPTH, and above 512 it is 512. Numbers beyond
 * double's range are errors. docs/reference/json.md lists the reasons. */
int lv_json_parse(lv_ctx *cx, lv_value *out, const char *text, size_t len,
                  uint32_t max_depth, lv_json_error *err);

#ifdef __cplusplus
}
#endif
#endif
