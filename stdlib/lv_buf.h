/* lv_buf.h - a growable byte buffer for output (diagnostics, JSON, printing). */
#ifndef LV_BUF_H
#define LV_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len;
  size_t cap;
} lv_buf;

#define LV_BUF_INIT {NULL, 0, 0}

void lv_buf_free(lv_buf *b);
void lv_buf_reserve(lv_buf *b, size_t extra); /* aborts on out of memory */
void lv_buf_putsn(lv_buf *b, const char *s, size_t n);
void lv_buf_printf(lv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Moves the contents out; the buffer is left empty. Caller frees. */
char *lv_buf_take(lv_buf *b);

static inline void lv_buf_putc(lv_buf *b, char c) {
  if (b->len + 1 >= b->cap) lv_buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = 0;
}
static inline void lv_buf_puts(lv_buf *b, const char *s) { lv_buf_putsn(b, s, strlen(s)); }
static inline void lv_buf_clear(lv_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = 0;
}

/* JSON string literal (with quotes) for UTF-8 text; invalid UTF-8 bytes are
 * written as U+FFFD so the output is always valid JSON. */
void lv_buf_put_json_string(lv_buf *b, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
