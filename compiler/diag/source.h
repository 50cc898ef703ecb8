/* source.h - source files held in memory. Positions are byte offsets
 * everywhere in the compiler; they become line:column (1-based, one column
 * per code point, a tab is one column) only when printed. */
#ifndef LV_SOURCE_H
#define LV_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lv_arena.h"

typedef struct lv_span {
  uint32_t start; /* byte offset of the first byte */
  uint32_t end;   /* byte offset just past the last byte */
} lv_span;

static inline lv_span lv_span_make(uint32_t start, uint32_t end) {
  lv_span s = {start, end};
  return s;
}
static inline lv_span lv_span_join(lv_span a, lv_span b) {
  lv_span s = {a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
  return s;
}

typedef struct lv_source {
  const char *path; /* as shown in diagnostics */
  const char *text; /* the bytes, NUL-terminated (NUL bytes may occur inside) */
  uint32_t len;
  uint32_t id;      /* order of loading, for stable sorting */
  uint32_t *lines;  /* start offset of each line, built on first use */
  uint32_t nlines;
  lv_arena *arena;
} lv_source;

typedef struct lv_pos {
  uint32_t line; /* 1-based */
  uint32_t col;  /* 1-based, in code points */
} lv_pos;

/* Largest source file accepted (bytes); offsets are 32-bit. */
#define LV_SOURCE_MAX_BYTES (256u * 1024u * 1024u)

/* A source from memory; the text is copied into the arena. */
lv_source *lv_source_new(lv_arena *a, const char *path, const char *text, size_t len);
/* Reads a file. On failure returns NULL and writes the reason (strerror or
 * "file too large") into why. */
lv_source *lv_source_read(lv_arena *a, const char *path, char *why, size_t whylen);

lv_pos lv_source_pos(lv_source *s, uint32_t offset);
/* Bytes in the column unit at s: a whole UTF-8 sequence, or one byte that is
 * not valid UTF-8 (such bytes count one column each). n > 0. */
uint32_t lv_text_unit_len(const char *s, uint32_t n);
/* A UTF-8 byte order mark starts the text: editors may write one; it is
 * skipped (not a token, not a column). */
bool lv_source_has_bom(const lv_source *s);
/* The line (1-based) without its terminator (\n or \r\n), nor a byte
 * order mark. */
void lv_source_line(lv_source *s, uint32_t line, const char **start, uint32_t *len);

#endif
