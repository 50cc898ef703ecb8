/* lv_buf.c - growable byte buffer. */
#include "lv_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lv_utf8.h"

void lv_buf_free(lv_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void lv_buf_reserve(lv_buf *b, size_t extra) {
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    fprintf(stderr, "levin: out of memory\n");
    abort();
  }
  b->data = p;
  b->cap = cap;
  b->data[b->len] = 0;
}

void lv_buf_putsn(lv_buf *b, const char *s, size_t n) {
  lv_buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void lv_buf_printf(lv_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    lv_buf_putsn(b, small, (size_t)n);
    return;
  }
  lv_buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *lv_buf_take(lv_buf *b) {
  char *p = b->data;
  if (!p) {
    p = malloc(1);
    if (!p) abort();
    p[0] = 0;
  }
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void lv_buf_put_json_string(lv_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  lv_buf_reserve(b, n + 2);
  lv_buf_putc(b, '"');
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      i++;
      run++;
      continue;
    }
    lv_buf_putsn(b, s + i - run, run);
    run = 0;
    if (c >= 0x80) {
      uint32_t cp;
      int k = lv_utf8_decode((const unsigned char *)s + i, n - i, &cp);
      if (k <= 0) {
        lv_buf_puts(b, "\xEF\xBF\xBD");
        i++;
      } else {
        lv_buf_putsn(b, s + i, (size_t)k);
        i += (size_t)k;
      }
      continue;
    }
    switch (c) {
    case '"': lv_buf_puts(b, "\\\""); break;
    case '\\': lv_buf_puts(b, "\\\\"); break;
    case '\n': lv_buf_puts(b, "\\n"); break;
    case '\r': lv_buf_puts(b, "\\r"); break;
    case '\t': lv_buf_puts(b, "\\t"); break;
    case '\b': lv_buf_puts(b, "\\b"); break;
    case '\f': lv_buf_puts(b, "\\f"); break;
    default: {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      lv_buf_putsn(b, e, 6);
    }
    }
    i++;
  }
  lv_buf_putsn(b, s + i - run, run);
  lv_buf_putc(b, '"');
}
