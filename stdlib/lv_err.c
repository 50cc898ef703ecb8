/* lv_err.c - evaluation errors. The common ones are static so that the
 * failing path allocates nothing; formatted ones live in the eval arena. */
#include <stdarg.h>
#include <stdio.h>

#include "lv_value.h"

static const char *const errcode_names[LV_E_CODE_COUNT] = {
    [LV_E_NONE] = "none",
    [LV_E_OVERFLOW] = "overflow",
    [LV_E_DIV_ZERO] = "division by zero",
    [LV_E_NO_SUCH_FIELD] = "no such field",
    [LV_E_NO_SUCH_KEY] = "no such key",
    [LV_E_INDEX] = "index out of range",
    [LV_E_NO_OVERLOAD] = "no matching overload",
    [LV_E_INVALID_ARG] = "invalid argument",
    [LV_E_RANGE] = "range error",
    [LV_E_RESOURCE] = "resource limit exceeded",
    [LV_E_UNSUPPORTED] = "unsupported",
};

/* Default messages follow cel-go's wording where CEL users will know it. */
static const lv_err static_errs[LV_E_CODE_COUNT] = {
    [LV_E_NONE] = {LV_E_NONE, "no error"},
    [LV_E_OVERFLOW] = {LV_E_OVERFLOW, "integer overflow"},
    [LV_E_DIV_ZERO] = {LV_E_DIV_ZERO, "division by zero"},
    [LV_E_NO_SUCH_FIELD] = {LV_E_NO_SUCH_FIELD, "no such field"},
    [LV_E_NO_SUCH_KEY] = {LV_E_NO_SUCH_KEY, "no such key"},
    [LV_E_INDEX] = {LV_E_INDEX, "index out of range"},
    [LV_E_NO_OVERLOAD] = {LV_E_NO_OVERLOAD, "no matching overload"},
    [LV_E_INVALID_ARG] = {LV_E_INVALID_ARG, "invalid argument"},
    [LV_E_RANGE] = {LV_E_RANGE, "range error"},
    [LV_E_RESOURCE] = {LV_E_RESOURCE, "resource limit exceeded"},
    [LV_E_UNSUPPORTED] = {LV_E_UNSUPPORTED, "unsupported"},
};

const char *lv_errcode_name(lv_errcode code) {
  return code < LV_E_CODE_COUNT ? errcode_names[code] : "unknown";
}

const lv_err *lv_err_static(lv_errcode code) {
  return &static_errs[code < LV_E_CODE_COUNT ? code : LV_E_UNSUPPORTED];
}

const lv_err *lv_err_new(lv_ctx *cx, lv_errcode code, const char *fmt, ...) {
  if (!cx || !cx->arena) return lv_err_static(code);
  lv_err *e = lv_arena_alloc(cx->arena, sizeof *e);
  if (!e) return lv_err_static(code);
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return lv_err_static(code);
  e->code = code;
  e->msg = lv_arena_strndup(cx->arena, small, (size_t)n < sizeof small ? (size_t)n : sizeof small - 1);
  if (!e->msg) return lv_err_static(code);
  return e;
}
