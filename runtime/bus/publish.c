/* publish.c - actions and dead letters as NATS messages. */
#include "bus/publish.h"

#include <stdlib.h>
#include <string.h>

#include "actions/msgid.h"

/* nats.c builds every message it receives with this function, from the
 * wire bytes: headers first (hdrLen bytes), then the payload. libnats
 * exports it in every 3.x release, but nats.h does not declare it, so
 * lv_bus_init tests it before it is used. */
natsStatus natsMsg_create(natsMsg **newMsg, const char *subject, int subjLen, const char *reply, int replyLen,
                          const char *buf, int bufLen, int hdrLen);

static bool wire_headers;

typedef struct header {
  const char *key;
  const char *value;
} header;

#define MAX_VALUE 1024

bool lv_bus_init(void) {
  wire_headers = false;
  uint32_t v = nats_GetVersionNumber();
  if (v < 0x030000 || v >= 0x040000) return false;
  static const char probe[] = "NATS/1.0\r\nLevin-Probe: a b\r\n\r\n{}";
  natsMsg *m = NULL;
  if (natsMsg_create(&m, "probe", 5, NULL, 0, probe, (int)sizeof probe - 1, (int)sizeof probe - 3) != NATS_OK)
    return false;
  const char *got = NULL;
  bool ok = natsMsgHeader_Get(m, "Levin-Probe", &got) == NATS_OK && got && strcmp(got, "a b") == 0 &&
            natsMsg_GetDataLength(m) == 2 && memcmp(natsMsg_GetData(m), "{}", 2) == 0 &&
            strcmp(natsMsg_GetSubject(m), "probe") == 0;
  natsMsg_Destroy(m);
  wire_headers = ok;
  return ok;
}

static natsStatus publish(natsConnection *nc, lv_buf *b, const char *subject, size_t slen, const header *h, int nh,
                          const char *data, size_t dlen) {
  if (slen == 0 || slen > INT32_MAX / 4 || dlen > INT32_MAX / 2) return NATS_INVALID_ARG;
  char value[MAX_VALUE];
  natsMsg *m = NULL;
  natsStatus s;
  lv_buf_clear(b);
  lv_buf_putsn(b, subject, slen); /* NUL-terminated copy: subjects come as spans */
  size_t subj_end = b->len;
  if (wire_headers) {
    lv_buf_puts(b, "NATS/1.0\r\n");
    for (int i = 0; i < nh; i++) {
      size_t n = lv_header_value(value, sizeof value, h[i].value, strlen(h[i].value));
      lv_buf_puts(b, h[i].key);
      lv_buf_putsn(b, ": ", 2);
      lv_buf_putsn(b, value, n);
      lv_buf_putsn(b, "\r\n", 2);
    }
    lv_buf_putsn(b, "\r\n", 2);
    size_t hlen = b->len - subj_end;
    lv_buf_putsn(b, data, dlen);
    s = natsMsg_create(&m, b->data, (int)slen, NULL, 0, b->data + subj_end, (int)(hlen + dlen), (int)hlen);
  } else {
    b->data[subj_end] = 0;
    s = natsMsg_Create(&m, b->data, NULL, data, (int)dlen);
    for (int i = 0; s == NATS_OK && i < nh; i++) {
      lv_header_value(value, sizeof value, h[i].value, strlen(h[i].value));
      s = natsMsgHeader_Set(m, h[i].key, value);
    }
  }
  if (s == NATS_OK) s = natsConnection_PublishMsg(nc, m);
  natsMsg_Destroy(m);
  return s;
}

natsStatus lv_bus_publish_action(natsConnection *nc, lv_buf *scratch, const char *subject, size_t slen,
                                 const char *json, size_t jlen, const char *rule, const char *source_subject,
                                 const char *msg_id) {
  header h[4] = {{"Levin-Rule", rule},
                 {"Levin-Source-Subject", source_subject},
                 {"Nats-Msg-Id", msg_id},
                 {"Content-Type", "application/json"}};
  return publish(nc, scratch, subject, slen, h, 4, json, jlen);
}

void lv_bus_dead_letter_subject(lv_buf *out, const char *prefix, const char *stream) {
  lv_buf_printf(out, "%s.dlq.%s", prefix, stream ? stream : "_unmatched");
}

natsStatus lv_bus_publish_dead_letter(natsConnection *nc, lv_buf *scratch, const char *prefix, const char *stream,
                                      const char *subject, const char *reason, const char *path, const char *data,
                                      size_t dlen, const char *msg_id) {
  header h[5];
  int nh = 0;
  h[nh++] = (header){"Levin-Reason", reason};
  if (path && path[0]) h[nh++] = (header){"Levin-Path", path};
  if (stream) h[nh++] = (header){"Levin-Stream", stream};
  h[nh++] = (header){"Levin-Subject", subject};
  if (msg_id) h[nh++] = (header){"Nats-Msg-Id", msg_id};
  lv_buf subj = LV_BUF_INIT;
  lv_bus_dead_letter_subject(&subj, prefix, stream);
  natsStatus s = publish(nc, scratch, subj.data, subj.len, h, nh, data, dlen);
  lv_buf_free(&subj);
  return s;
}
