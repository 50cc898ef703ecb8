/* lv_schema.h - runtime descriptions of schemas: how a decoded event is laid
 * out in memory for the match functions to read.
 *
 * A decoded message is a struct of `size` bytes: first the presence bitmap
 * (one bit per field, uint64_t words), then one slot per field at `offset`.
 * Slot representation by kind:
 *   BOOL: uint8_t          INT: int64_t        UINT: uint64_t     DOUBLE: double
 *   STRING, BYTES: lv_str  TIMESTAMP, DURATION: lv_time
 *   LIST: const lv_list *  MAP: const lv_map *  MSG: const void * (nested struct)
 *   DYN: lv_value
 * Container elements are boxed lv_values (nested messages as LV_MSG values).
 * A field's presence bit is set when the event carried it or a default was
 * applied; required fields are always present in a decoded event. */
#ifndef LV_SCHEMA_H
#define LV_SCHEMA_H

#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lv_kind {
  LV_K_BOOL,
  LV_K_INT,
  LV_K_UINT,
  LV_K_DOUBLE,
  LV_K_STRING,
  LV_K_BYTES,
  LV_K_TIMESTAMP,
  LV_K_DURATION,
  LV_K_LIST, /* elem */
  LV_K_MAP,  /* map<string, elem> */
  LV_K_MSG,  /* schema */
  LV_K_DYN,  /* any JSON value */
  LV_K_COUNT
} lv_kind;

struct lv_schema;

typedef struct lv_rtype {
  uint32_t kind; /* lv_kind */
  const struct lv_rtype *elem;    /* LIST element / MAP value type */
  const struct lv_schema *schema; /* MSG */
} lv_rtype;

typedef struct lv_field {
  const char *name;      /* CEL field name, NUL-terminated */
  const char *json_name; /* JSON key (json "..." rename, else name) */
  uint32_t json_len;
  lv_rtype type;
  uint32_t offset;      /* of the slot */
  uint32_t index;       /* presence bit */
  bool optional;        /* T?: may be absent */
  bool has_default;     /* absent -> default_value */
  bool needed;          /* some rule reads it: materialise, else validate only */
  lv_value default_value;
} lv_field;

typedef struct lv_schema {
  const char *name;   /* qualified, e.g. "acme.plant.Reading" */
  uint32_t index;     /* in lv_rtinfo.schemas; the aux of LV_MSG values */
  uint32_t size;      /* bytes of a decoded struct, including presence words */
  uint32_t nfields;
  const lv_field *fields;
  /* Lookup of fields by JSON key: open addressing, 2^lookup_bits slots of
   * field index + 1 (0 = empty), hashed with lv_hash_bytes. */
  uint32_t lookup_bits;
  const uint16_t *lookup;
} lv_schema;

/* Rule-set runtime information that generated code and the C library reach
 * through lv_ctx.rt. */
typedef struct lv_rtinfo {
  uint32_t nschemas;
  const lv_schema *const *schemas;
} lv_rtinfo;

static inline bool lv_msg_has(const void *msg, uint32_t index) {
  const uint64_t *bits = (const uint64_t *)msg;
  return (bits[index >> 6] >> (index & 63)) & 1;
}
static inline void lv_msg_set_present(void *msg, uint32_t index) {
  uint64_t *bits = (uint64_t *)msg;
  bits[index >> 6] |= 1ULL << (index & 63);
}
/* Presence words at the start of a struct of a schema with n fields. */
static inline uint32_t lv_presence_words(uint32_t nfields) { return (nfields + 63) / 64; }

/* Size and alignment of the slot for a kind. */
uint32_t lv_kind_slot_size(lv_kind k);
/* Finds a field by JSON key, or NULL. */
const lv_field *lv_schema_field_by_json(const lv_schema *s, const char *key, size_t len);
/* Finds a field by CEL name, or NULL (linear; for dyn access and tools). */
const lv_field *lv_schema_field_by_name(const lv_schema *s, const char *name, size_t len);
/* Reads a present field's slot as a boxed value (containers and nested
 * messages by pointer, no copying). */
lv_value lv_field_get(const lv_field *f, const void *msg);
/* Builds lookup tables; called once when a schema description is complete. */
void lv_schema_finish(lv_schema *s, lv_arena *arena);

uint64_t lv_hash_bytes(const void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif
