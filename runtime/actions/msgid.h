/* msgid.h - what a published action carries besides its payload: the
 * Nats-Msg-Id that lets a JetStream stream drop a repeated action, and
 * header values made safe (a header value is one line). */
#ifndef LV_SVC_MSGID_H
#define LV_SVC_MSGID_H

#include <stddef.h>
#include <stdint.h>

/* A 128-bit hash of the incoming subject and payload (the subject's length
 * is hashed first, so the split between the two is unambiguous). Stable
 * across runs, processes and machines: the same event always gives the
 * same value. Not cryptographic. */
void lv_event_hash(uint64_t out[2], const char *subject, size_t slen, const char *data, size_t dlen);

/* The source part of an action's message id: the incoming message's own
 * Nats-Msg-Id if it has one (src_id not NULL), else "h" and the 32 hex
 * digits of lv_event_hash. Returns the length written (NUL-terminated,
 * truncated to cap - 1). */
size_t lv_msgid_source(char *out, size_t cap, const char *src_id, const char *subject, size_t slen,
                       const char *data, size_t dlen);

/* The action's Nats-Msg-Id: "<source>:<rule>:<action index>". */
size_t lv_msgid_action(char *out, size_t cap, const char *source, const char *rule, uint32_t action);

/* Copies a header value: control characters (CR and LF among them) become
 * spaces; at most cap - 1 bytes, NUL-terminated, never splitting a UTF-8
 * sequence. */
size_t lv_header_value(char *out, size_t cap, const char *in, size_t n);

#endif
