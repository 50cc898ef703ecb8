/* natsio.c - a small NATS client for levind's tests and demo (there is no
 * `nats` CLI on the machine).
 *
 *   natsio pub URL FILE [--rate N] [--msg-ids PREFIX] [--repeat N] [--seq]
 *       Publishes one message per line of FILE (- for stdin):
 *         {"subject": "a.b", "data": {...}}      data's JSON text, byte for byte
 *         {"subject": "a.b", "raw": "text"}      the string's bytes (any text)
 *         {"subject": "a.b", "raw_b64": "..."}   any bytes
 *       and optionally "id": "..." (the Nats-Msg-Id header) and
 *       "headers": {"K": "v"}. --msg-ids PREFIX gives each line without an
 *       id the id PREFIX<line number>. --rate N publishes N messages a
 *       second at most. --repeat N publishes the file N times (0: until
 *       SIGTERM or SIGINT, which stop any run cleanly); --seq replaces @SEQ@
 *       in each line by a number counting the messages (0, 1, 2, ...), so
 *       repeated lines stay distinct. Lines that are not such an object are
 *       skipped with a note on stderr. At the end (after a flush) it prints
 *       a summary line on stderr: {"published": N, "skipped": N, "seconds": S}.
 *
 *   natsio sub URL SUBJECT... [--count N] [--timeout S] [--idle S] [--queue Q] [--b64]
 *                             [--pretty] [--levin-only]
 *       Prints each message received as one JSON line, as it arrives:
 *         {"subject": "...", "headers": {"K": "v"}, "data": <the JSON payload>}
 *       A payload that is not valid JSON is shown as "text" (a JSON string,
 *       invalid UTF-8 as U+FFFD) and "b64" (its exact bytes); --b64 adds
 *       "b64" always. --pretty prints a line for people instead (subject,
 *       rule or dead-letter reason, payload cut at 120 bytes);
 *       --levin-only shows only what levind published (messages with a
 *       Levin-Rule or Levin-Reason header). Prints "ready" on stderr once
 *       subscribed. Stops after N messages, S seconds in all, or S seconds
 *       without a message (--idle); exits 0, or 1 if --count was not
 *       reached.
 *
 *   natsio req URL SUBJECT [DATA] [--count N] [--timeout S]
 *       Sends a request and prints up to N replies (default 1), one a line.
 *
 * It reconnects forever, so a test may restart the server under it. TLS:
 * tls:// URLs, with NATSIO_TLS_CA (CA file to trust) and NATSIO_TLS_CERT /
 * NATSIO_TLS_KEY (a client certificate) from the environment. */
#include <errno.h>
#include <nats/nats.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lv_buf.h"
#include "lv_json_scan.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, natsStatus s) {
  fprintf(stderr, "natsio: %s: %s\n", what, natsStatus_GetText(s));
  exit(2);
}

static natsConnection *connect_to(const char *url) {
  natsOptions *o;
  natsConnection *nc;
  natsStatus s = natsOptions_Create(&o);
  if (s == NATS_OK) s = natsOptions_SetURL(o, url);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(o, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(o, 50);
  if (s == NATS_OK) s = natsOptions_SetReconnectBufSize(o, 64 << 20);
  if (s == NATS_OK) s = natsOptions_SetMaxPendingMsgs(o, 1000000);
  if (s == NATS_OK) s = natsOptions_SetName(o, "natsio");
  const char *ca = getenv("NATSIO_TLS_CA"), *cert = getenv("NATSIO_TLS_CERT"), *key = getenv("NATSIO_TLS_KEY");
  if (s == NATS_OK && ca) s = natsOptions_SetSecure(o, true);
  if (s == NATS_OK && ca) s = natsOptions_LoadCATrustedCertificates(o, ca);
  if (s == NATS_OK && cert && key) s = natsOptions_LoadCertificatesChain(o, cert, key);
  if (s != NATS_OK) die("options", s);
  if ((s = natsConnection_Connect(&nc, o)) != NATS_OK) die("connect", s);
  natsOptions_Destroy(o);
  return nc;
}

/* --- base64 ------------------------------------------------------------------- */

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put_b64(lv_buf *b, const unsigned char *p, size_t n) {
  lv_buf_putc(b, '"');
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    lv_buf_putc(b, b64chars[v >> 18 & 63]);
    lv_buf_putc(b, b64chars[v >> 12 & 63]);
    lv_buf_putc(b, i + 1 < n ? b64chars[v >> 6 & 63] : '=');
    lv_buf_putc(b, i + 2 < n ? b64chars[v & 63] : '=');
  }
  lv_buf_putc(b, '"');
}

/* Decodes standard base64 (padding optional); -1 on a bad character. */
static long from_b64(unsigned char *out, const char *s, size_t n) {
  uint32_t acc = 0;
  int bits = 0;
  long k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '=') break;
    const char *c = memchr(b64chars, s[i], 64);
    if (!c || !s[i]) return -1;
    acc = acc << 6 | (uint32_t)(c - b64chars);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (unsigned char)(acc >> bits);
    }
  }
  return k;
}

/* --- pub ------------------------------------------------------------------------- */

typedef struct envelope {
  char *subject, *id;
  const char *data; /* into the line, or into raw */
  size_t dlen;
  char *raw;        /* decoded "raw"/"raw_b64" bytes */
  char *hkeys[16], *hvals[16];
  int nh;
} envelope;

static void envelope_free(envelope *e) {
  free(e->subject);
  free(e->id);
  free(e->raw);
  for (int i = 0; i < e->nh; i++) {
    free(e->hkeys[i]);
    free(e->hvals[i]);
  }
  memset(e, 0, sizeof *e);
}

/* A string value at p as a new C string (escapes resolved). */
static const char *take_string(lv_jscan *s, const char *p, char **out, size_t *len) {
  lv_jstr str;
  if (*p != '"' || !(p = lv_jscan_string(s, p, &str))) return NULL;
  char *buf = malloc(str.len + 1);
  if (!buf) abort();
  size_t n = str.escaped ? lv_jscan_unescape(buf, str.ptr, str.len) : str.len;
  if (!str.escaped) memcpy(buf, str.ptr, str.len);
  buf[n] = 0;
  *out = buf;
  if (len) *len = n;
  return p;
}

static bool parse_envelope(lv_arena *a, const char *line, size_t n, envelope *e, char *why, size_t whylen) {
  lv_jscan s;
  memset(e, 0, sizeof *e);
  if (!lv_jscan_init(&s, line, n, 128, a)) {
    snprintf(why, whylen, "out of memory");
    return false;
  }
  const char *p = lv_jscan_ws(s.base);
  if (*p != '{') {
    snprintf(why, whylen, "not a JSON object");
    return false;
  }
  p = lv_jscan_ws(p + 1);
  while (p && *p != '}') {
    char *key = NULL;
    if (!(p = take_string(&s, p, &key, NULL))) break;
    p = lv_jscan_ws(p);
    if (*p != ':') {
      free(key);
      p = NULL;
      break;
    }
    p = lv_jscan_ws(p + 1);
    const char *start = p;
    if (strcmp(key, "subject") == 0) {
      free(e->subject);
      p = take_string(&s, p, &e->subject, NULL);
    } else if (strcmp(key, "id") == 0) {
      free(e->id);
      p = take_string(&s, p, &e->id, NULL);
    } else if (strcmp(key, "raw") == 0 || strcmp(key, "raw_b64") == 0) {
      char *text = NULL;
      size_t tl = 0;
      if ((p = take_string(&s, p, &text, &tl))) {
        free(e->raw);
        e->raw = text;
        e->data = text;
        e->dlen = tl;
        if (key[3] == '_') {
          long k = from_b64((unsigned char *)text, text, tl);
          if (k < 0) {
            free(key);
            snprintf(why, whylen, "raw_b64 is not base64");
            return false;
          }
          e->dlen = (size_t)k;
        }
      }
    } else if (strcmp(key, "headers") == 0 && *p == '{') {
      p = lv_jscan_ws(p + 1);
      while (p && *p != '}') {
        char *hk = NULL, *hv = NULL;
        if (!(p = take_string(&s, p, &hk, NULL))) break;
        p = lv_jscan_ws(p);
        if (*p != ':' || !(p = take_string(&s, lv_jscan_ws(p + 1), &hv, NULL)) || e->nh == 16) {
          free(hk);
          free(hv);
          p = NULL;
          break;
        }
        e->hkeys[e->nh] = hk;
        e->hvals[e->nh++] = hv;
        p = lv_jscan_ws(p);
        if (*p == ',') p = lv_jscan_ws(p + 1);
        else if (*p != '}') p = NULL;
      }
      if (p) p++;
    } else {
      if ((p = lv_jscan_skip(&s, p, true)) && strcmp(key, "data") == 0 && !e->raw) {
        e->data = line + (start - s.base);
        e->dlen = (size_t)(p - start);
      }
    }
    free(key);
    if (!p) break;
    p = lv_jscan_ws(p);
    if (*p == ',') p = lv_jscan_ws(p + 1);
    else if (*p != '}') p = NULL;
  }
  if (!p) {
    snprintf(why, whylen, "%s", s.err_msg[0] ? s.err_msg : "malformed JSON");
    return false;
  }
  if (!e->subject || !e->data) {
    snprintf(why, whylen, "needs \"subject\" and one of \"data\", \"raw\", \"raw_b64\"");
    return false;
  }
  return true;
}

static volatile sig_atomic_t stop_publishing;
static void on_stop(int sig) { stop_publishing = 1; }

/* line with every @SEQ@ replaced by seq, into out. */
static void substitute_seq(lv_buf *out, const char *line, size_t n, long seq) {
  lv_buf_clear(out);
  const char *p = line, *end = line + n, *at;
  while ((at = memmem(p, (size_t)(end - p), "@SEQ@", 5))) {
    lv_buf_putsn(out, p, (size_t)(at - p));
    lv_buf_printf(out, "%ld", seq);
    p = at + 5;
  }
  lv_buf_putsn(out, p, (size_t)(end - p));
}

static int cmd_pub(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: natsio pub URL FILE [--rate N] [--msg-ids PREFIX] [--repeat N]\n");
    return 2;
  }
  const char *url = argv[2], *path = argv[3], *id_prefix = NULL;
  double rate = 0;
  long repeat = 1;
  bool seq = false;
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "--rate") == 0 && i + 1 < argc) rate = atof(argv[++i]);
    else if (strcmp(argv[i], "--seq") == 0) seq = true;
    else if (strcmp(argv[i], "--msg-ids") == 0 && i + 1 < argc) id_prefix = argv[++i];
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = atol(argv[++i]);
    else {
      fprintf(stderr, "natsio pub: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  natsConnection *nc = connect_to(url);
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  lv_arena a;
  lv_arena_init(&a, 1 << 16, 0);
  lv_buf subst = LV_BUF_INIT;
  long published = 0, skipped = 0, lineno = 0;
  double t0 = now_s();
  char *line = NULL;
  size_t cap = 0;
  for (long r = 0; (repeat == 0 || r < repeat) && !stop_publishing; r++) {
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
      fprintf(stderr, "natsio pub: cannot read %s: %s\n", path, strerror(errno));
      return 2;
    }
    ssize_t n;
    lineno = 0;
    while (!stop_publishing && (n = getline(&line, &cap, in)) != -1) {
      lineno++;
      while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
      if (n == 0) continue;
      const char *text = line;
      if (seq) {
        substitute_seq(&subst, line, (size_t)n, published);
        text = subst.data;
        n = (ssize_t)subst.len;
      }
      envelope e;
      char why[300];
      if (!parse_envelope(&a, text, (size_t)n, &e, why, sizeof why)) {
        fprintf(stderr, "natsio pub: %s:%ld: skipped: %s\n", path, lineno, why);
        skipped++;
        envelope_free(&e);
        lv_arena_reset(&a);
        continue;
      }
      if (rate > 0) {
        double due = t0 + (double)published / rate, wait = due - now_s();
        if (wait > 0) nats_Sleep((int64_t)(wait * 1000));
      }
      natsMsg *m;
      natsStatus s = natsMsg_Create(&m, e.subject, NULL, e.data, (int)e.dlen);
      char idbuf[256];
      const char *id = e.id;
      if (!id && id_prefix) {
        snprintf(idbuf, sizeof idbuf, "%s%ld", id_prefix, lineno + r * 1000000000L);
        id = idbuf;
      }
      if (s == NATS_OK && id) s = natsMsgHeader_Set(m, "Nats-Msg-Id", id);
      for (int h = 0; s == NATS_OK && h < e.nh; h++) s = natsMsgHeader_Add(m, e.hkeys[h], e.hvals[h]);
      if (s == NATS_OK) s = natsConnection_PublishMsg(nc, m);
      /* The reconnect buffer may be full while the server restarts: wait. */
      for (int tries = 0; s == NATS_INSUFFICIENT_BUFFER && tries < 2000; tries++) {
        nats_Sleep(10);
        s = natsConnection_PublishMsg(nc, m);
      }
      natsMsg_Destroy(m);
      if (s != NATS_OK) die("publish", s);
      published++;
      envelope_free(&e);
      lv_arena_reset(&a);
    }
    if (in != stdin) fclose(in);
  }
  free(line);
  lv_buf_free(&subst);
  natsStatus s = natsConnection_FlushTimeout(nc, 60000);
  if (s != NATS_OK) die("flush", s);
  fprintf(stderr, "{\"published\":%ld,\"skipped\":%ld,\"seconds\":%.3f}\n", published, skipped, now_s() - t0);
  lv_arena_free(&a);
  natsConnection_Destroy(nc);
  return 0;
}

/* --- sub ------------------------------------------------------------------------- */

static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;
static long received;
static double last_at;
static bool always_b64, pretty, levin_only;

static bool valid_json(const char *d, size_t n) {
  lv_arena a;
  lv_arena_init(&a, 4096, 0);
  lv_jscan s;
  bool ok = false;
  if (lv_jscan_init(&s, d, n, 512, &a)) {
    const char *p = lv_jscan_ws(s.base);
    if (*p && (p = lv_jscan_skip(&s, p, true))) ok = *lv_jscan_ws(p) == 0 && lv_jscan_ws(p) == s.end;
  }
  lv_arena_free(&a);
  return ok;
}

/* One line for people: "  -> SUBJECT  [rule]  PAYLOAD". */
static void print_pretty(natsMsg *m) {
  lv_buf b = LV_BUF_INIT;
  const char *rule = NULL, *reason = NULL, *d = natsMsg_GetData(m);
  natsMsgHeader_Get(m, "Levin-Rule", &rule);
  natsMsgHeader_Get(m, "Levin-Reason", &reason);
  size_t n = d ? (size_t)natsMsg_GetDataLength(m) : 0;
  lv_buf_printf(&b, "  %s %-38s ", reason ? "DLQ" : "-> ", natsMsg_GetSubject(m));
  if (rule) lv_buf_printf(&b, "[%s] ", rule);
  if (reason) lv_buf_printf(&b, "(%s) ", reason);
  size_t cut = n > 120 ? 120 : n;
  while (cut < n && cut > 0 && ((unsigned char)d[cut] & 0xc0) == 0x80) cut--; /* whole characters */
  for (size_t i = 0; i < cut; i++) lv_buf_putc(&b, d[i] == '\n' || d[i] == '\r' ? ' ' : d[i]);
  if (cut < n) lv_buf_puts(&b, "...");
  lv_buf_putc(&b, '\n');
  fwrite(b.data, 1, b.len, stdout);
  fflush(stdout);
  lv_buf_free(&b);
}

static bool from_levind(natsMsg *m) {
  const char *v = NULL;
  return natsMsgHeader_Get(m, "Levin-Rule", &v) == NATS_OK || natsMsgHeader_Get(m, "Levin-Reason", &v) == NATS_OK;
}

static void print_msg(natsMsg *m) {
  if (pretty) {
    print_pretty(m);
    return;
  }
  lv_buf b = LV_BUF_INIT;
  const char *subj = natsMsg_GetSubject(m);
  lv_buf_puts(&b, "{\"subject\":");
  lv_buf_put_json_string(&b, subj, strlen(subj));
  const char **keys = NULL;
  int nkeys = 0;
  if (natsMsgHeader_Keys(m, &keys, &nkeys) == NATS_OK && nkeys > 0) {
    lv_buf_puts(&b, ",\"headers\":{");
    for (int i = 0; i < nkeys; i++) {
      const char *v = NULL;
      natsMsgHeader_Get(m, keys[i], &v);
      if (i) lv_buf_putc(&b, ',');
      lv_buf_put_json_string(&b, keys[i], strlen(keys[i]));
      lv_buf_putc(&b, ':');
      lv_buf_put_json_string(&b, v ? v : "", v ? strlen(v) : 0);
    }
    lv_buf_putc(&b, '}');
    free((void *)keys);
  }
  const char *d = natsMsg_GetData(m);
  size_t n = (size_t)natsMsg_GetDataLength(m);
  if (!d) d = "";
  if (n && valid_json(d, n)) {
    lv_buf_puts(&b, ",\"data\":");
    /* Valid JSON, but it may span lines: one line out. */
    for (size_t i = 0; i < n; i++) {
      if (d[i] == '\n') lv_buf_putc(&b, ' ');
      else if (d[i] != '\r') lv_buf_putc(&b, d[i]);
    }
  } else {
    lv_buf_puts(&b, ",\"text\":");
    lv_buf_put_json_string(&b, d, n);
    lv_buf_puts(&b, ",\"b64\":");
    put_b64(&b, (const unsigned char *)d, n);
  }
  if (always_b64 && n && valid_json(d, n)) {
    lv_buf_puts(&b, ",\"b64\":");
    put_b64(&b, (const unsigned char *)d, n);
  }
  lv_buf_puts(&b, "}\n");
  fwrite(b.data, 1, b.len, stdout);
  fflush(stdout);
  lv_buf_free(&b);
}

static void on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *m, void *closure) {
  long *limit = closure;
  if (levin_only && !from_levind(m)) {
    natsMsg_Destroy(m);
    return;
  }
  pthread_mutex_lock(&out_mu);
  if (*limit == 0 || received < *limit) {
    print_msg(m);
    received++;
  }
  last_at = now_s();
  pthread_mutex_unlock(&out_mu);
  natsMsg_Destroy(m);
}

static int cmd_sub(int argc, char **argv) {
  const char *url = NULL, *queue = NULL;
  const char *subjects[64];
  int nsubjects = 0;
  static long count = 0;
  double timeout = 0, idle = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) count = atol(argv[++i]);
    else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) timeout = atof(argv[++i]);
    else if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc) idle = atof(argv[++i]);
    else if (strcmp(argv[i], "--queue") == 0 && i + 1 < argc) queue = argv[++i];
    else if (strcmp(argv[i], "--b64") == 0) always_b64 = true;
    else if (strcmp(argv[i], "--pretty") == 0) pretty = true;
    else if (strcmp(argv[i], "--levin-only") == 0) levin_only = true;
    else if (argv[i][0] == '-' && argv[i][1] == '-') {
      fprintf(stderr, "natsio sub: unknown option %s\n", argv[i]);
      return 2;
    } else if (!url) url = argv[i];
    else if (nsubjects < 64) subjects[nsubjects++] = argv[i];
  }
  if (!url || nsubjects == 0) {
    fprintf(stderr, "usage: natsio sub URL SUBJECT... [--count N] [--timeout S] [--idle S] [--queue Q] [--b64] "
                    "[--pretty] [--levin-only]\n");
    return 2;
  }
  natsConnection *nc = connect_to(url);
  natsSubscription *subs[64];
  for (int i = 0; i < nsubjects; i++) {
    natsStatus s = queue ? natsConnection_QueueSubscribe(&subs[i], nc, subjects[i], queue, on_msg, &count)
                         : natsConnection_Subscribe(&subs[i], nc, subjects[i], on_msg, &count);
    if (s == NATS_OK) s = natsSubscription_SetPendingLimits(subs[i], -1, -1);
    if (s != NATS_OK) die("subscribe", s);
  }
  natsStatus s = natsConnection_FlushTimeout(nc, 10000);
  if (s != NATS_OK) die("flush", s);
  fprintf(stderr, "ready\n");
  double start = now_s();
  last_at = start;
  for (;;) {
    nats_Sleep(5);
    pthread_mutex_lock(&out_mu);
    bool done = (count > 0 && received >= count) || (timeout > 0 && now_s() - start >= timeout) ||
                (idle > 0 && now_s() - last_at >= idle);
    pthread_mutex_unlock(&out_mu);
    if (done) break;
  }
  for (int i = 0; i < nsubjects; i++) {
    natsSubscription_Unsubscribe(subs[i]);
    natsSubscription_Destroy(subs[i]);
  }
  natsConnection_Destroy(nc);
  return count > 0 && received < count ? 1 : 0;
}

/* --- req ------------------------------------------------------------------------- */

static int cmd_req(int argc, char **argv) {
  const char *url = NULL, *subject = NULL, *data = "";
  static long count = 1;
  double timeout = 2;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) count = atol(argv[++i]);
    else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) timeout = atof(argv[++i]);
    else if (!url) url = argv[i];
    else if (!subject) subject = argv[i];
    else data = argv[i];
  }
  if (!url || !subject) {
    fprintf(stderr, "usage: natsio req URL SUBJECT [DATA] [--count N] [--timeout S]\n");
    return 2;
  }
  natsConnection *nc = connect_to(url);
  natsInbox *inbox = NULL;
  natsInbox_Create(&inbox);
  natsSubscription *sub;
  natsStatus s = natsConnection_SubscribeSync(&sub, nc, inbox);
  if (s == NATS_OK) s = natsConnection_PublishRequestString(nc, subject, inbox, data);
  if (s != NATS_OK) die("request", s);
  long got = 0;
  double end = now_s() + timeout;
  while (got < count) {
    double left = end - now_s();
    if (left <= 0) break;
    natsMsg *m = NULL;
    if (natsSubscription_NextMsg(&m, sub, (int64_t)(left * 1000) + 1) != NATS_OK) break;
    fwrite(natsMsg_GetData(m), 1, (size_t)natsMsg_GetDataLength(m), stdout);
    fputc('\n', stdout);
    natsMsg_Destroy(m);
    got++;
  }
  natsSubscription_Destroy(sub);
  natsInbox_Destroy(inbox);
  natsConnection_Destroy(nc);
  return got == count ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: natsio pub|sub|req URL ...\n");
    return 2;
  }
  nats_Open(-1);
  int rc;
  if (strcmp(argv[1], "pub") == 0) rc = cmd_pub(argc, argv);
  else if (strcmp(argv[1], "sub") == 0) rc = cmd_sub(argc, argv);
  else if (strcmp(argv[1], "req") == 0) rc = cmd_req(argc, argv);
  else {
    fprintf(stderr, "natsio: unknown command %s (pub, sub or req)\n", argv[1]);
    rc = 2;
  }
  nats_CloseAndWait(2000);
  return rc;
}
