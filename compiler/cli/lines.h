/* lines.h - reading events and expressions a line at a time, for
 * `levin run` and `levin eval --batch`.
 *
 * getline(3) copied every line out of a 4 KiB stdio buffer and made a
 * read(2) every ~20 events: ~50 ns of the ~290 ns `levin run` spent on an
 * event (bench, perf). This reads 1 MiB at a time and hands out lines in
 * place. */
#ifndef LV_CLI_LINES_H
#define LV_CLI_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct lv_lines {
  int fd;
  char *buf;
  size_t cap;   /* bytes allocated (one more for a NUL) */
  size_t start; /* the unread bytes are buf[start, end) */
  size_t end;
  bool eof;
  int error; /* errno of a failed read, else 0 */
} lv_lines;

/* Reads f's file descriptor directly: nothing may have been read from f
 * through stdio before. */
void lv_lines_init(lv_lines *l, FILE *f);

/* The next line, without its '\n' and any '\r' before it, NUL-terminated
 * (a line may hold NULs of its own: *len counts them); it stays valid and
 * writable until the next call. A last line without '\n' counts. NULL at
 * the end of the input or on a read error (error tells). */
char *lv_lines_next(lv_lines *l, size_t *len);

void lv_lines_free(lv_lines *l);

#endif
