/* lines.c - a line reader over 1 MiB reads (see lines.h for why). */
#include "cli/lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1u << 20)

void lv_lines_init(lv_lines *l, FILE *f) {
  memset(l, 0, sizeof *l);
  l->fd = fileno(f);
}

/* Moves the unread bytes to the front, grows the buffer if a line fills
 * it, and reads more. false at the end of input (or on an error). */
static bool fill(lv_lines *l) {
  if (l->eof) return false;
  size_t unread = l->end - l->start;
  if (l->start > 0) {
    memmove(l->buf, l->buf + l->start, unread);
    l->start = 0;
    l->end = unread;
  }
  if (l->cap - l->end < CHUNK / 2) {
    size_t cap = l->cap ? l->cap * 2 : CHUNK;
    char *b = realloc(l->buf, cap + 1);
    if (!b) {
      l->eof = true;
      return false;
    }
    l->buf = b;
    l->cap = cap;
  }
  /* read(2), not fread: fread waits for the whole megabyte, and
   * `levin eval --batch -` answers each line of a pipe as it comes. */
  ssize_t got;
  do got = read(l->fd, l->buf + l->end, l->cap - l->end);
  while (got < 0 && errno == EINTR);
  if (got <= 0) {
    l->eof = true;
    if (got < 0) l->error = errno;
    return false;
  }
  l->end += (size_t)got;
  return true;
}

char *lv_lines_next(lv_lines *l, size_t *len) {
  char *nl;
  for (;;) {
    nl = l->buf ? memchr(l->buf + l->start, '\n', l->end - l->start) : NULL;
    if (nl) break;
    if (!fill(l)) {
      if (l->start == l->end) return NULL;
      nl = l->buf + l->end; /* the last line, without '\n' */
      break;
    }
  }
  char *line = l->buf + l->start;
  size_t n = (size_t)(nl - line);
  l->start = nl < l->buf + l->end ? (size_t)(nl - l->buf) + 1 : l->end;
  while (n > 0 && line[n - 1] == '\r') n--;
  line[n] = 0;
  *len = n;
  return line;
}

void lv_lines_free(lv_lines *l) {
  free(l->buf);
  memset(l, 0, sizeof *l);
}
