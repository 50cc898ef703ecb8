/* http.h - the smallest HTTP/1.x server that Prometheus and a health check
 * need: GET (or HEAD) on the event loop, one request per connection, the
 * response and then close. Requests are bounded (8 KiB of head, 10 s to
 * send it, 64 connections at once); anything else is refused, never
 * buffered without bound. */
#ifndef LV_SVC_HTTP_H
#define LV_SVC_HTTP_H

#include <stddef.h>
#include <uv.h>

#include "lv_buf.h"

typedef struct lv_http lv_http;

typedef struct lv_http_response {
  int status;               /* 200 by default */
  const char *content_type; /* "text/plain; charset=utf-8" by default */
  lv_buf body;
} lv_http_response;

/* Called on the loop thread for each GET/HEAD; fills resp. */
typedef void (*lv_http_handler)(void *ctx, const char *path, lv_http_response *resp);

/* Listens on addr ("127.0.0.1:9090", "[::1]:9090", "localhost:0"; port 0
 * picks a free port). Returns 0, or -1 with a message in err. */
int lv_http_start(lv_http **out, uv_loop_t *loop, const char *addr, lv_http_handler handler, void *ctx, char *err,
                  size_t errlen);
/* The port it listens on (after lv_http_start). */
int lv_http_port(const lv_http *h);
/* Closes the listener and every connection; frees itself once libuv has
 * closed the handles (run the loop). */
void lv_http_stop(lv_http *h);

/* Splits "HOST:PORT" ("[v6]:PORT" for IPv6; PORT 0-65535 in decimal
 * digits). Returns 0, or -1. */
int lv_http_split_addr(const char *addr, char *host, size_t hostcap, int *port);
/* The address to listen on: HOST an IP address, "localhost" or empty (both
 * 127.0.0.1). Returns 0, or -1 with a message in err. levind checks
 * --metrics with it when it reads its options, so a bad one is a usage
 * error. */
int lv_http_parse_addr(const char *addr, struct sockaddr_storage *sa, char *err, size_t errlen);

/* Parses a request head: 1 when complete (method and path filled; the
 * query string is cut off), 0 when more bytes are needed, -1 when it is not
 * HTTP/1.x. */
int lv_http_parse_head(const char *buf, size_t len, char *method, size_t mcap, char *path, size_t pcap);

#endif
