/* publish.h - the two kinds of message levind publishes, with their
 * headers (docs/levind.md, "Action headers" and "Dead letters").
 *
 * Headers are written straight into the message in their wire form
 * ("NATS/1.0\r\nKey: value\r\n...\r\n") when the linked nats.c allows it
 * (lv_bus_init checks): building them with natsMsgHeader_Set costs a hash
 * map and a dozen allocations per message, about 2.5 us here, which is more
 * than evaluating the rule. Otherwise nats.c's header API is used. */
#ifndef LV_SVC_PUBLISH_H
#define LV_SVC_PUBLISH_H

#include <nats/nats.h>
#include <stdbool.h>
#include <stddef.h>

#include "lv_buf.h"

/* Chooses how headers are written (once, before publishing). Returns true
 * for the wire-form path. */
bool lv_bus_init(void);

/* An action: the payload as JSON, with the headers
 *   Levin-Rule, Levin-Source-Subject, Nats-Msg-Id, Content-Type.
 * scratch is the calling thread's own buffer. Returns the NATS status. */
natsStatus lv_bus_publish_action(natsConnection *nc, lv_buf *scratch, const char *subject, size_t slen,
                                 const char *json, size_t jlen, const char *rule, const char *source_subject,
                                 const char *msg_id);

/* A dead letter: the original payload, unchanged, on <prefix>.dlq.<stream>
 * (<prefix>.dlq._unmatched when stream is NULL), with the headers
 *   Levin-Reason, Levin-Path (if path), Levin-Stream (if stream),
 *   Levin-Subject (the original subject), Nats-Msg-Id (if msg_id). */
/* Appends the subject of a dead letter of stream (NULL: unmatched) to out:
 * <prefix>.dlq.<stream> or <prefix>.dlq._unmatched. */
void lv_bus_dead_letter_subject(lv_buf *out, const char *prefix, const char *stream);

natsStatus lv_bus_publish_dead_letter(natsConnection *nc, lv_buf *scratch, const char *prefix, const char *stream,
                                      const char *subject, const char *reason, const char *path, const char *data,
                                      size_t dlen, const char *msg_id);

#endif
