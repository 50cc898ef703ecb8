/* test_levind_http.c - the metrics HTTP server: request heads, addresses,
 * and real requests over loopback. */
#include <arpa/inet.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "metrics/http.h"

static void test_parse(void) {
  char m[16], p[64];
  CHECK_INT(lv_http_parse_head("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 35, m, sizeof m, p, sizeof p), 1);
  CHECK_STR(m, "GET");
  CHECK_STR(p, "/metrics");
  CHECK_INT(lv_http_parse_head("GET /healthz?x=1 HTTP/1.0\n\n", 27, m, sizeof m, p, sizeof p), 1);
  CHECK_STR(p, "/healthz");
  CHECK_INT(lv_http_parse_head("GET /metrics HTTP/1.1\r\nHost: x\r\n", 32, m, sizeof m, p, sizeof p), 0);
  CHECK_INT(lv_http_parse_head("GET /metr", 9, m, sizeof m, p, sizeof p), 0);
  CHECK_INT(lv_http_parse_head("get / HTTP/1.1\r\n\r\n", 18, m, sizeof m, p, sizeof p), -1);
  CHECK_INT(lv_http_parse_head("GET metrics HTTP/1.1\r\n\r\n", 24, m, sizeof m, p, sizeof p), -1);
  CHECK_INT(lv_http_parse_head("GET / SPDY/3\r\n\r\n", 16, m, sizeof m, p, sizeof p), -1);
  CHECK_INT(lv_http_parse_head("GET\r\n\r\n", 7, m, sizeof m, p, sizeof p), -1);
  CHECK_INT(lv_http_parse_head("VERYLONGMETHODNAME / HTTP/1.1\r\n\r\n", 33, m, sizeof m, p, sizeof p), -1);
  char big[9000];
  memset(big, 'a', sizeof big);
  CHECK_INT(lv_http_parse_head(big, sizeof big, m, sizeof m, p, sizeof p), -1);
  char host[64];
  int port;
  CHECK_INT(lv_http_split_addr("127.0.0.1:9090", host, sizeof host, &port), 0);
  CHECK_STR(host, "127.0.0.1");
  CHECK_INT(port, 9090);
  CHECK_INT(lv_http_split_addr("[::1]:0", host, sizeof host, &port), 0);
  CHECK_STR(host, "::1");
  CHECK_INT(port, 0);
  CHECK_INT(lv_http_split_addr(":80", host, sizeof host, &port), 0);
  CHECK_STR(host, "");
  CHECK_INT(lv_http_split_addr("localhost", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("h:65536", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("h:", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("::1:80", host, sizeof host, &port), -1);
  /* The port is decimal digits only: strtol would take a sign or spaces. */
  CHECK_INT(lv_http_split_addr("h:+80", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("h: 80", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("h:-0", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("h:000080", host, sizeof host, &port), -1);
  CHECK_INT(lv_http_split_addr("h:65535", host, sizeof host, &port), 0);
  CHECK_INT(port, 65535);
  struct sockaddr_storage sa;
  char err[200];
  CHECK_INT(lv_http_parse_addr("localhost:9090", &sa, err, sizeof err), 0);
  CHECK_INT(sa.ss_family, AF_INET);
  CHECK_INT(lv_http_parse_addr("[::1]:9090", &sa, err, sizeof err), 0);
  CHECK_INT(sa.ss_family, AF_INET6);
  CHECK_INT(lv_http_parse_addr("h:99999", &sa, err, sizeof err), -1);
  CHECK_STR(err, "'h:99999' is not HOST:PORT (an IP address or localhost, and a port from 0 to 65535)");
  CHECK_INT(lv_http_parse_addr("metrics.example:80", &sa, err, sizeof err), -1);
  CHECK_STR(err, "'metrics.example' is not an IP address");
}

/* --- a real server -------------------------------------------------------------- */

static void handler(void *ctx, const char *path, lv_http_response *r) {
  if (strcmp(path, "/metrics") == 0) lv_buf_puts(&r->body, "levind_up 1\n");
  else {
    r->status = 404;
    lv_buf_puts(&r->body, "no\n");
  }
}

typedef struct client {
  int port;
  uv_async_t done;
  char got[6][512];
} client;

static void request(int port, const char *req, char *out, size_t cap) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  size_t n = 0;
  out[0] = 0;
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
    if (write(fd, req, strlen(req)) < 0) n = 0;
    ssize_t r;
    while (n + 1 < cap && (r = read(fd, out + n, cap - 1 - n)) > 0) n += (size_t)r;
    out[n] = 0;
  }
  close(fd);
}

static void *client_main(void *arg) {
  client *c = arg;
  request(c->port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", c->got[0], sizeof c->got[0]);
  request(c->port, "HEAD /metrics HTTP/1.1\r\n\r\n", c->got[1], sizeof c->got[1]);
  request(c->port, "GET /nope HTTP/1.0\n\n", c->got[2], sizeof c->got[2]);
  request(c->port, "POST /metrics HTTP/1.1\r\n\r\n", c->got[3], sizeof c->got[3]);
  request(c->port, "hello\r\n\r\n", c->got[4], sizeof c->got[4]);
  uv_async_send(&c->done);
  return NULL;
}

static lv_http *server;
static void finish(uv_async_t *a) {
  lv_http_stop(server);
  uv_close((uv_handle_t *)a, NULL);
}

static void test_server(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  char err[200];
  CHECK_INT(lv_http_start(&server, &loop, "127.0.0.1:99999", handler, NULL, err, sizeof err), -1);
  CHECK_STR(err, "'127.0.0.1:99999' is not HOST:PORT (an IP address or localhost, and a port from 0 to 65535)");
  CHECK_INT(lv_http_start(&server, &loop, "example.com:80", handler, NULL, err, sizeof err), -1);
  CHECK_STR(err, "'example.com' is not an IP address");
  CHECK_INT(lv_http_start(&server, &loop, "127.0.0.1:0", handler, NULL, err, sizeof err), 0);
  static client c;
  c.port = lv_http_port(server);
  CHECK(c.port > 0);
  lv_http *second;
  char addr[32];
  snprintf(addr, sizeof addr, "127.0.0.1:%d", c.port);
  CHECK_INT(lv_http_start(&second, &loop, addr, handler, NULL, err, sizeof err), -1);
  CHECK(strstr(err, "address already in use") != NULL);
  uv_async_init(&loop, &c.done, finish);
  pthread_t t;
  pthread_create(&t, NULL, client_main, &c);
  uv_run(&loop, UV_RUN_DEFAULT);
  pthread_join(t, NULL);
  CHECK_INT(uv_loop_close(&loop), 0);
  const char *head =
      "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n"
      "Cache-Control: no-store\r\n\r\n";
  char want[512], h[256];
  snprintf(h, sizeof h, head, 12);
  snprintf(want, sizeof want, "HTTP/1.1 200 OK\r\n%slevind_up 1\n", h);
  CHECK_STR(c.got[0], want);
  snprintf(want, sizeof want, "HTTP/1.1 200 OK\r\n%s", h);
  CHECK_STR(c.got[1], want);
  snprintf(h, sizeof h, head, 3);
  snprintf(want, sizeof want, "HTTP/1.1 404 Not Found\r\n%sno\n", h);
  CHECK_STR(c.got[2], want);
  snprintf(h, sizeof h, head, 18);
  snprintf(want, sizeof want, "HTTP/1.1 405 Method Not Allowed\r\n%sonly GET and HEAD\n", h);
  CHECK_STR(c.got[3], want);
  snprintf(h, sizeof h, head, 12);
  snprintf(want, sizeof want, "HTTP/1.1 400 Bad Request\r\n%sbad request\n", h);
  CHECK_STR(c.got[4], want);
}

int main(void) {
  test_parse();
  test_server();
  return check_done();
}
