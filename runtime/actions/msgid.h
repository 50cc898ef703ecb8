/* msgid.h - what a published action carries besides its payload: the
 * Nats-Msg-Id that lets a JetStream stream drop a repeated action, and
 * header values made safe (a header value is one line of valid UTF-8). */
#ifndef LV_SVC_MSGID_H
#define LV_SVC_MSGID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest incoming Nats-Msg-Id used as it is. */
#define LV_MSGID_SOURCE_MAX 200
/* Bytes of an unusable incoming id kept in front of its hash. */
#define LV_MSGID_SOURCE_PREFIX 160
/* The longest id levind publishes (action and dead-letter ids). */
#define LV_MSGID_MAX 767

/* A 128-bit hash of the incoming subject and payload (the subject's length
 * is hashed first, so the split between the two is unambiguous). Stable
 * across runs, processes and machines: the same event always gives the
 * same value. Not cryptographic. */
void lv_event_hash(uint64_t out[2], const char *subject, size_t slen, const char *data, size_t dlen);

/* SHA-256 (FIPS 180-4) of data: where ids must stay distinct even for
 * inputs someone chose (an incoming id is under the publisher's control). */
void lv_sha256(uint8_t out[32], const void *data, size_t n);

/* Is s[0..n) usable in a header as it is: valid UTF-8 without control
 * characters (U+0000-U+001F, U+007F-U+009F)? */
bool lv_header_value_ok(const char *s, size_t n);

/* The source part of an action's message id (at most LV_MSGID_SOURCE_MAX
 * bytes; cap must be larger):
 *  - no incoming id (src_id NULL): "h" and the 32 hex digits of
 *    lv_event_hash;
 *  - an incoming id of at most LV_MSGID_SOURCE_MAX bytes for which
 *    lv_header_value_ok holds: that id;
 *  - any other incoming id (longer, invalid UTF-8, control characters):
 *    its leading characters while they fit in LV_MSGID_SOURCE_PREFIX
 *    bytes, each control character and each byte that is not valid UTF-8
 *    written as one '?', then '~' and 32 lowercase hex digits - the first
 *    128 bits of the SHA-256 of the whole incoming id - so distinct ids
 *    stay distinct.
 * Returns the length written (NUL-terminated). */
size_t lv_msgid_source(char *out, size_t cap, const char *src_id, size_t src_len, const char *subject, size_t slen,
                       const char *data, size_t dlen);

/* The action's Nats-Msg-Id: "<source>:<rule>:<action index>"; the dead
 * letter's: "<source>:dlq:<stream>". When that is longer than cap - 1
 * bytes, its first cap - 34 bytes (fewer, not to split a character), '~'
 * and 32 hex digits of the SHA-256 of the whole id instead, so it stays
 * distinct (cap at least 64). Returns the length written. */
size_t lv_msgid_action(char *out, size_t cap, const char *source, const char *rule, uint32_t action);
size_t lv_msgid_dead_letter(char *out, size_t cap, const char *source, const char *stream);

/* Copies a header value: control characters (CR and LF among them, C1
 * controls too) become spaces, and each byte that is not part of valid
 * UTF-8 becomes '?'; at most cap - 1 bytes, NUL-terminated, never
 * splitting a UTF-8 sequence. */
size_t lv_header_value(char *out, size_t cap, const char *in, size_t n);

#endif
