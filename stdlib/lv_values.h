/* lv_values.h - operations on boxed values: containers, CEL equality and
 * ordering, dynamic dispatch for `dyn` operands, printing.
 *
 * Everything here implements the CEL language definition
 * (https://github.com/google/cel-spec/blob/master/doc/langdef.md). */
#ifndef LV_VALUES_H
#define LV_VALUES_H

#include "lv_buf.h"
#include "lv_schema.h"
#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- containers ------------------------------------------------------------ */
/* Everywhere below, a NULL lv_list or lv_map pointer (e.g. the slot of an
 * absent field) behaves as an empty container. */
/* A list of n items (initially null values) in cx->arena, whose storage the
 * caller fills (through a cast of items) before sharing it. NULL when the
 * arena is exhausted: report LV_E_RESOURCE. */
lv_list *lv_list_new(lv_ctx *cx, uint32_t n);
/* List concatenation (list + list). May return a or b itself when the other
 * is empty (lists are immutable). */
const lv_err *lv_list_concat(lv_ctx *cx, const lv_list **out, const lv_list *a, const lv_list *b);
/* Builds a map from n key/value pairs, keeping the first-seen order. Keys must
 * be bool, int, uint or string (else LV_E_INVALID_ARG "unsupported key type");
 * a repeated key (by CEL equality, so 1 and 1u collide) is an error
 * ("Failed with repeated key"). keys/vals are copied. */
const lv_err *lv_map_new(lv_ctx *cx, const lv_map **out, const lv_value *keys,
                         const lv_value *vals, uint32_t n);
/* Looks a key up with CEL semantics: int, uint and double keys compare by
 * numeric value (so m[1.0] finds key 1, and 1u finds 1); a double that is
 * not integral, or a key of a type no map key has (bytes, null ...), finds
 * nothing. NULL when absent. Maps of more than 8 entries are indexed. */
const lv_value *lv_map_find(const lv_map *m, const lv_value *key);
const lv_value *lv_map_find_str(const lv_map *m, const char *s, size_t n);

/* --- CEL equality, ordering, hashing ----------------------------------------- */
/* Heterogeneous equality: numbers compare by value across int/uint/double
 * (int vs uint exactly; int or uint vs double after converting the integer
 * to double, as cel-go; NaN equals nothing), lists and maps element-wise,
 * messages (same schema) field-wise with absent == absent, values of
 * different types are unequal. Never an error. cx may be NULL or have no rt:
 * messages then compare by identity. */
bool lv_value_equal(const lv_ctx *cx, const lv_value *a, const lv_value *b);
/* Ordering for <, <=, >, >=: numbers across types, strings (byte-wise),
 * bytes, bools, timestamps, durations. *out is -1/0/1; NaN makes every
 * comparison false, reported as *out = 2. Other pairs: LV_E_NO_OVERLOAD. */
const lv_err *lv_value_compare(lv_ctx *cx, int *out, const lv_value *a, const lv_value *b);
/* Consistent with lv_value_equal for bool/int/uint/double/string keys:
 * 1, 1u and 1.0 hash the same (an integral double hashes as the int, or
 * above the int range the uint, of the same value). */
uint64_t lv_value_hash(const lv_value *v);

/* --- dynamic dispatch (an operand typed dyn at compile time) ----------------- */
/* Errors name the overload as cel-go does ("found no matching overload for
 * '_+_' applied to '(int, uint)'"); cx supplies the arena for results and
 * formatted messages. */
/* Arithmetic with CEL's rules and errors; operands must have the same type
 * (int+int, uint+uint, double+double, string+string, bytes+bytes,
 * list+list, timestamp+duration, ...) else LV_E_NO_OVERLOAD. op is one of
 * '+', '-', '*', '/', '%'. int/uint overflow (also INT64_MIN / -1 and
 * INT64_MIN % -1) -> LV_E_OVERFLOW; / and % by zero -> LV_E_DIV_ZERO
 * ("division by zero", "modulus by zero"); doubles follow IEEE 754 (no %);
 * time arithmetic range errors come from lv_time.h (LV_E_RANGE). */
const lv_err *lv_dyn_arith(lv_ctx *cx, lv_value *out, int op, const lv_value *a, const lv_value *b);
/* -int (INT64_MIN -> LV_E_OVERFLOW), -double, -duration. */
const lv_err *lv_dyn_negate(lv_ctx *cx, lv_value *out, const lv_value *a);
/* a[key]: list by int/uint/integral double index (out of range ->
 * LV_E_INDEX; other index values or types -> LV_E_INVALID_ARG), map by key
 * (absent -> LV_E_NO_SUCH_KEY "no such key: <key>"). */
const lv_err *lv_dyn_index(lv_ctx *cx, lv_value *out, const lv_value *a, const lv_value *key);
/* a.field: map lookup by string key (absent -> LV_E_NO_SUCH_KEY) or message
 * field by CEL name (unknown or absent -> LV_E_NO_SUCH_FIELD). */
const lv_err *lv_dyn_select(lv_ctx *cx, lv_value *out, const lv_value *a, const char *f, size_t n);
/* has(a.field) on a map (key present) or message (field present; an unknown
 * field name -> LV_E_NO_SUCH_FIELD). */
const lv_err *lv_dyn_has(lv_ctx *cx, bool *out, const lv_value *a, const char *f, size_t n);
/* elem in container (list: equality; map: key presence). */
const lv_err *lv_dyn_in(lv_ctx *cx, bool *out, const lv_value *elem, const lv_value *container);
/* size() of string (code points), bytes, list, map. */
const lv_err *lv_dyn_size(lv_ctx *cx, int64_t *out, const lv_value *a);
/* type(a): an LV_TYPE value. */
void lv_dyn_type(lv_value *out, const lv_value *a);
/* Conversions int() uint() double() string() bytes() bool() timestamp()
 * duration() type() on a dyn operand; target is the lv_tag of the result.
 * Parsing, formatting and range checks are those of lv_string.h and
 * lv_time.h; an argument type the conversion does not take ->
 * LV_E_NO_OVERLOAD. */
const lv_err *lv_dyn_convert(lv_ctx *cx, lv_value *out, int target, const lv_value *a);

/* --- printing ------------------------------------------------------------------ */
/* As a CEL literal that reads back to the same value: 1, 1u, 1.0, "a\n",
 * b"\x00", [1, "a"], {"k": 1}, timestamp("..."), duration("1.5s"),
 * google.protobuf.Timestamp, Schema{f: 1}, optional.of(1), optional.none().
 * Strings escape \n \t \r \" \\ by name and other control characters
 * (C0, DEL, C1) as \xNN; bytes escape every non-printable or non-ASCII byte
 * as \xNN. Containers nested more than 100 deep print as `...` below that
 * depth (the JSON printer likewise writes "..."). Appends to b. */
void lv_value_print_cel(lv_buf *b, const lv_ctx *cx, const lv_value *v);
/* As JSON (the CEL JSON mapping; int64 as numbers; bytes base64; timestamps
 * and durations as strings; NaN/Infinity as strings; messages as objects with
 * their JSON key names, absent optional fields omitted). */
void lv_value_print_json(lv_buf *b, const lv_ctx *cx, const lv_value *v);
/* A decoded message struct as a JSON object. */
void lv_msg_print_json(lv_buf *b, const lv_ctx *cx, const lv_schema *s, const void *msg);
/* Name of the type of a value or of an LV_TYPE value: "int", "list", "map",
 * "google.protobuf.Timestamp", a schema name. */
const char *lv_type_name(const lv_ctx *cx, const lv_value *type_value);
/* Name of the runtime type of v itself (an LV_TYPE value gives "type"):
 * what type(v) prints as. For error messages. */
const char *lv_value_type_name(const lv_ctx *cx, const lv_value *v);

#ifdef __cplusplus
}
#endif
#endif
