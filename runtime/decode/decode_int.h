/* decode_int.h - internals shared by the files of runtime/decode: how
 * reasons are worded, and the careful decoders of scalar kinds (every error
 * path goes through them; the common cases are inlined in decode.c). */
#ifndef LV_DECODE_INT_H
#define LV_DECODE_INT_H

#include "decode.h"
#include "lv_json_scan.h"

/* How the reason is worded around the path (lv_jscan.err_kind). */
enum {
  LV_DERR_PLAIN = 0, /* the message as it is */
  LV_DERR_FIELD,     /* field '<path>': message */
  LV_DERR_DUP,       /* duplicate field '<path>' */
  LV_DERR_MISSING,   /* missing required field '<path>' */
  LV_DERR_NULL       /* field '<path>' is null */
};

/* A reason about the value at `at`, worded "field '<path>': <message>". */
#define lv_dec_fail(s, at, ...) lv_jscan_fail_kind((s), (at), LV_DERR_FIELD, __VA_ARGS__)
/* "expected <what>, found <the value at p>"; a malformed token there is
 * reported as invalid JSON instead. */
const char *lv_dec_type_error(lv_jscan *s, const char *p, const char *what);

/* Scalar kinds: p at the value (whitespace skipped); slot NULL validates
 * only. They return the position after the value, or NULL with the error
 * recorded. */
const char *lv_dec_bool(lv_jscan *s, const char *p, void *slot);
const char *lv_dec_int(lv_jscan *s, const char *p, uint32_t kind, void *slot); /* INT, UINT */
const char *lv_dec_double(lv_jscan *s, const char *p, void *slot);
const char *lv_dec_string(lv_jscan *s, const char *p, void *slot);
const char *lv_dec_bytes(lv_jscan *s, const char *p, void *slot);
const char *lv_dec_time(lv_jscan *s, const char *p, uint32_t kind, void *slot); /* TIMESTAMP, DURATION */

#endif
