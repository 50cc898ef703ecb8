/* http.c - GET /metrics and /healthz on the event loop. */
#include "metrics/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_CAP 8192
#define MAX_CONNS 64
#define HEAD_TIMEOUT_MS 10000

typedef struct conn {
  uv_tcp_t tcp;
  uv_timer_t timer;
  uv_write_t wr;
  lv_http *server;
  char buf[HEAD_CAP];
  size_t len;
  lv_buf out;
  int closing; /* handles still to close */
  bool responded;
  struct conn *next, *prev;
} conn;

struct lv_http {
  uv_tcp_t listener;
  uv_loop_t *loop;
  lv_http_handler handler;
  void *ctx;
  conn *conns;
  int nconns;
  int port;
  bool stopping;
  bool listener_open;
};

int lv_http_split_addr(const char *addr, char *host, size_t hostcap, int *port) {
  const char *colon;
  size_t hl;
  if (addr[0] == '[') {
    const char *close = strchr(addr, ']');
    if (!close || close[1] != ':') return -1;
    hl = (size_t)(close - addr - 1);
    if (hl + 1 > hostcap) return -1;
    memcpy(host, addr + 1, hl);
    colon = close + 1;
  } else {
    colon = strrchr(addr, ':');
    if (!colon) return -1;
    hl = (size_t)(colon - addr);
    if (hl + 1 > hostcap || memchr(addr, ':', hl)) return -1;
    memcpy(host, addr, hl);
  }
  host[hl] = 0;
  /* Digits only (strtol would take "+80" and " 80"), at most 5. */
  const char *d = colon + 1;
  size_t nd = strspn(d, "0123456789");
  if (nd == 0 || nd > 5 || d[nd]) return -1;
  long p = strtol(d, NULL, 10);
  if (p > 65535) return -1;
  *port = (int)p;
  return 0;
}

int lv_http_parse_addr(const char *addr, struct sockaddr_storage *sa, char *err, size_t errlen) {
  char host[256];
  int port;
  if (lv_http_split_addr(addr, host, sizeof host, &port) != 0) {
    snprintf(err, errlen, "'%s' is not HOST:PORT (an IP address or localhost, and a port from 0 to 65535)", addr);
    return -1;
  }
  if (strcmp(host, "localhost") == 0 || host[0] == 0) snprintf(host, sizeof host, "127.0.0.1");
  int rc = strchr(host, ':') ? uv_ip6_addr(host, port, (struct sockaddr_in6 *)sa)
                             : uv_ip4_addr(host, port, (struct sockaddr_in *)sa);
  if (rc != 0) {
    snprintf(err, errlen, "'%s' is not an IP address", host);
    return -1;
  }
  return 0;
}

int lv_http_parse_head(const char *buf, size_t len, char *method, size_t mcap, char *path, size_t pcap) {
  /* The request line must be complete; the head ends with an empty line. */
  const char *eol = memchr(buf, '\n', len);
  if (!eol) return len >= HEAD_CAP ? -1 : 0;
  const char *sp1 = memchr(buf, ' ', (size_t)(eol - buf));
  if (!sp1) return -1;
  const char *sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1));
  if (!sp2) return -1;
  size_t ml = (size_t)(sp1 - buf), pl = (size_t)(sp2 - sp1 - 1);
  if (ml == 0 || ml + 1 > mcap || pl == 0 || sp1[1] != '/') return -1;
  const char *ver = sp2 + 1;
  if ((size_t)(eol - ver) < 8 || memcmp(ver, "HTTP/1.", 7) != 0) return -1;
  for (size_t i = 0; i < ml; i++)
    if (buf[i] < 'A' || buf[i] > 'Z') return -1;
  /* The end of the head: "\r\n\r\n" or "\n\n". */
  bool done = false;
  for (size_t i = (size_t)(eol - buf); i + 1 < len && !done; i++) {
    if (buf[i] == '\n' && (buf[i + 1] == '\n' || (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')))
      done = true;
  }
  if (!done) return len >= HEAD_CAP ? -1 : 0;
  memcpy(method, buf, ml);
  method[ml] = 0;
  const char *q = memchr(sp1 + 1, '?', pl);
  if (q) pl = (size_t)(q - sp1 - 1);
  if (pl + 1 > pcap) pl = pcap - 1;
  memcpy(path, sp1 + 1, pl);
  path[pl] = 0;
  return 1;
}

static void conn_closed(uv_handle_t *h) {
  conn *c = h->data;
  if (--c->closing > 0) return;
  lv_http *s = c->server;
  if (c->prev) c->prev->next = c->next;
  else s->conns = c->next;
  if (c->next) c->next->prev = c->prev;
  s->nconns--;
  lv_buf_free(&c->out);
  free(c);
  if (s->stopping && s->nconns == 0 && !s->listener_open) free(s);
}

static void conn_close(conn *c) {
  if (c->closing) return;
  c->closing = 2;
  uv_timer_stop(&c->timer);
  uv_close((uv_handle_t *)&c->timer, conn_closed);
  uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

static void written(uv_write_t *w, int status) {
  conn_close(w->data);
}

static const char *reason(int status) {
  switch (status) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 503: return "Service Unavailable";
  default: return "Error";
  }
}

static void respond(conn *c, int status, const char *ctype, const char *body, size_t blen, bool head_only) {
  c->responded = true;
  uv_read_stop((uv_stream_t *)&c->tcp);
  lv_buf_printf(&c->out,
                "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n"
                "Cache-Control: no-store\r\n\r\n",
                status, reason(status), ctype, blen);
  if (!head_only && blen) lv_buf_putsn(&c->out, body, blen);
  uv_buf_t b = uv_buf_init(c->out.data, (unsigned)c->out.len);
  c->wr.data = c;
  if (uv_write(&c->wr, (uv_stream_t *)&c->tcp, &b, 1, written) != 0) conn_close(c);
}

static void handle(conn *c) {
  char method[16], path[512];
  int r = lv_http_parse_head(c->buf, c->len, method, sizeof method, path, sizeof path);
  if (r == 0) return;
  const char *plain = "text/plain; charset=utf-8";
  if (r < 0) {
    respond(c, 400, plain, "bad request\n", 12, false);
    return;
  }
  bool head_only = strcmp(method, "HEAD") == 0;
  if (!head_only && strcmp(method, "GET") != 0) {
    respond(c, 405, plain, "only GET and HEAD\n", 18, false);
    return;
  }
  lv_http_response resp = {200, NULL, LV_BUF_INIT};
  c->server->handler(c->server->ctx, path, &resp);
  respond(c, resp.status, resp.content_type ? resp.content_type : plain, resp.body.data ? resp.body.data : "",
          resp.body.len, head_only);
  lv_buf_free(&resp.body);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b) {
  conn *c = h->data;
  size_t room = HEAD_CAP - c->len;
  *b = uv_buf_init(c->buf + c->len, (unsigned)room);
}

static void read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  conn *c = st->data;
  if (n < 0) {
    conn_close(c);
    return;
  }
  c->len += (size_t)n;
  if (!c->responded) handle(c);
}

static void timeout_cb(uv_timer_t *t) { conn_close(t->data); }

static void accept_cb(uv_stream_t *l, int status) {
  lv_http *s = l->data;
  if (status < 0) return;
  conn *c = calloc(1, sizeof *c);
  if (!c) return;
  c->server = s;
  uv_tcp_init(s->loop, &c->tcp);
  uv_timer_init(s->loop, &c->timer);
  c->tcp.data = c->timer.data = c;
  c->next = s->conns;
  if (s->conns) s->conns->prev = c;
  s->conns = c;
  s->nconns++;
  if (uv_accept(l, (uv_stream_t *)&c->tcp) != 0 || s->nconns > MAX_CONNS) {
    conn_close(c);
    return;
  }
  uv_timer_start(&c->timer, timeout_cb, HEAD_TIMEOUT_MS, 0);
  uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb);
}

int lv_http_start(lv_http **out, uv_loop_t *loop, const char *addr, lv_http_handler handler, void *ctx, char *err,
                  size_t errlen) {
  *out = NULL;
  struct sockaddr_storage sa;
  if (lv_http_parse_addr(addr, &sa, err, errlen) != 0) return -1;
  int rc;
  lv_http *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->loop = loop;
  s->handler = handler;
  s->ctx = ctx;
  uv_tcp_init(loop, &s->listener);
  s->listener.data = s;
  s->listener_open = true;
  if ((rc = uv_tcp_bind(&s->listener, (const struct sockaddr *)&sa, 0)) != 0 ||
      (rc = uv_listen((uv_stream_t *)&s->listener, 64, accept_cb)) != 0) {
    snprintf(err, errlen, "cannot listen on %s: %s", addr, uv_strerror(rc));
    s->stopping = true;
    lv_http_stop(s);
    return -1;
  }
  struct sockaddr_storage bound;
  int blen = sizeof bound;
  uv_tcp_getsockname(&s->listener, (struct sockaddr *)&bound, &blen);
  s->port = bound.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port)
                                        : ntohs(((struct sockaddr_in *)&bound)->sin_port);
  *out = s;
  return 0;
}

int lv_http_port(const lv_http *h) { return h->port; }

static void listener_closed(uv_handle_t *h) {
  lv_http *s = h->data;
  s->listener_open = false;
  if (s->nconns == 0) free(s);
}

void lv_http_stop(lv_http *s) {
  if (!s) return;
  s->stopping = true;
  for (conn *c = s->conns; c; c = c->next) conn_close(c);
  uv_close((uv_handle_t *)&s->listener, listener_closed);
}
