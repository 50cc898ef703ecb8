/* publish.h - the two kinds of message levind publishes, with their
 * headers (docs/levind.md, "Action headers" and "Dead letters"). */
#ifndef LV_SVC_PUBLISH_H
#define LV_SVC_PUBLISH_H

#include <nats/nats.h>
#include <stddef.h>

/* An action: the payload as JSON, with the headers
 *   Levin-Rule, Levin-Source-Subject, Nats-Msg-Id, Content-Type.
 * Thread-safe (natsConnection is). Returns the NATS status. */
natsStatus lv_bus_publish_action(natsConnection *nc, const char *subject, size_t slen, const char *json, size_t jlen,
                                 const char *rule, const char *source_subject, const char *msg_id);

/* A dead letter: the original payload, unchanged, on <prefix>.dlq.<stream>
 * (<prefix>.dlq._unmatched when stream is NULL), with the headers
 *   Levin-Reason, Levin-Path (if path), Levin-Stream (if stream),
 *   Levin-Subject (the original subject), Nats-Msg-Id (if msg_id). */
natsStatus lv_bus_publish_dead_letter(natsConnection *nc, const char *prefix, const char *stream,
                                      const char *subject, const char *reason, const char *path, const char *data,
                                      size_t dlen, const char *msg_id);

#endif
