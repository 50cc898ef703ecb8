/* publish.c - actions and dead letters as NATS messages. */
#include "bus/publish.h"

#include <stdlib.h>
#include <string.h>

#include "actions/msgid.h"

/* Sets a header, its value made one line (and bounded). */
static natsStatus header(natsMsg *m, const char *key, const char *value, size_t n) {
  char buf[1024];
  lv_header_value(buf, sizeof buf, value, n);
  return natsMsgHeader_Set(m, key, buf);
}

static char *subject_copy(char *local, size_t cap, const char *s, size_t n) {
  char *p = n < cap ? local : malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

natsStatus lv_bus_publish_action(natsConnection *nc, const char *subject, size_t slen, const char *json, size_t jlen,
                                 const char *rule, const char *source_subject, const char *msg_id) {
  char local[512];
  char *subj = subject_copy(local, sizeof local, subject, slen);
  if (!subj) return NATS_NO_MEMORY;
  natsMsg *m = NULL;
  natsStatus s = jlen > (size_t)INT32_MAX ? NATS_MAX_PAYLOAD : natsMsg_Create(&m, subj, NULL, json, (int)jlen);
  if (s == NATS_OK) s = header(m, "Levin-Rule", rule, strlen(rule));
  if (s == NATS_OK) s = header(m, "Levin-Source-Subject", source_subject, strlen(source_subject));
  if (s == NATS_OK) s = header(m, "Nats-Msg-Id", msg_id, strlen(msg_id));
  if (s == NATS_OK) s = natsMsgHeader_Set(m, "Content-Type", "application/json");
  if (s == NATS_OK) s = natsConnection_PublishMsg(nc, m);
  natsMsg_Destroy(m);
  if (subj != local) free(subj);
  return s;
}

natsStatus lv_bus_publish_dead_letter(natsConnection *nc, const char *prefix, const char *stream,
                                      const char *subject, const char *reason, const char *path, const char *data,
                                      size_t dlen, const char *msg_id) {
  size_t plen = strlen(prefix), stlen = stream ? strlen(stream) : strlen("_unmatched");
  char local[512];
  char *subj = plen + stlen + 6 < sizeof local ? local : malloc(plen + stlen + 6);
  if (!subj) return NATS_NO_MEMORY;
  memcpy(subj, prefix, plen);
  memcpy(subj + plen, ".dlq.", 5);
  memcpy(subj + plen + 5, stream ? stream : "_unmatched", stlen);
  subj[plen + 5 + stlen] = 0;
  natsMsg *m = NULL;
  natsStatus s = dlen > (size_t)INT32_MAX ? NATS_MAX_PAYLOAD : natsMsg_Create(&m, subj, NULL, data, (int)dlen);
  if (s == NATS_OK) s = header(m, "Levin-Reason", reason, strlen(reason));
  if (s == NATS_OK && path && path[0]) s = header(m, "Levin-Path", path, strlen(path));
  if (s == NATS_OK && stream) s = header(m, "Levin-Stream", stream, strlen(stream));
  if (s == NATS_OK) s = header(m, "Levin-Subject", subject, strlen(subject));
  if (s == NATS_OK && msg_id) s = header(m, "Nats-Msg-Id", msg_id, strlen(msg_id));
  if (s == NATS_OK) s = natsConnection_PublishMsg(nc, m);
  natsMsg_Destroy(m);
  if (subj != local) free(subj);
  return s;
}
