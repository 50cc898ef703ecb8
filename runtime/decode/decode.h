/* decode.h - JSON events decoded against a schema straight into the struct
 * layout the match functions read (see stdlib/lv_schema.h). */
#ifndef LV_DECODE_H
#define LV_DECODE_H

#include "lv_schema.h"

typedef struct lv_decode_limits {
  uint32_t max_depth;  /* nesting of arrays/objects; default 64 */
  size_t max_bytes;    /* payload size; default 1 MiB */
} lv_decode_limits;

#define LV_DECODE_LIMITS_DEFAULT {64, 1024 * 1024}

typedef struct lv_decode_error {
  uint32_t offset;  /* byte offset in the payload */
  char path[128];   /* where in the event, e.g. "$.loc.lat" or "$.tags[3]" */
  char reason[256]; /* e.g. "field 'temp': expected a number, found a string" */
} lv_decode_error;

/* A value for a field taken from the subject ({token} captures): the JSON
 * payload's own value for that field is ignored, and the field counts as
 * present. */
typedef struct lv_capture {
  uint32_t field; /* index in schema->fields; the field is a string */
  const char *ptr;
  size_t len;
} lv_capture;

/* Decodes json into a new struct allocated in arena (*out). Everything the
 * struct points to lives in the arena: the payload is scanned in a copy there
 * and strings without escapes point into that copy, so json need not outlive
 * the call. Captured strings point to the capture text (caps[i].ptr), which
 * must outlive the struct. Fields not `needed` are validated (type, UTF-8,
 * structure) but not materialised: their presence bit stays clear and their
 * slot zero. limits NULL, or a zero member, means the default. Returns 0, or
 * -1 with err (if not NULL) filled: invalid JSON, invalid UTF-8, a wrong type,
 * a missing required field, a repeated field, depth or size over the limits,
 * arena exhausted. Never crashes on any input. docs/reference/json.md lists
 * the reasons. */
int lv_decode(void **out, lv_arena *arena, const lv_schema *schema,
              const char *json, size_t len, const lv_capture *caps, size_t ncaps,
              const lv_decode_limits *limits, lv_decode_error *err);

#endif
