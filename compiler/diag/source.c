/* source.c - source buffers and the byte offset -> line:column mapping. */
#include "source.h"

#include "lv_utf8.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

lv_source *lv_source_new(lv_arena *a, const char *path, const char *text, size_t len) {
  lv_source *s = lv_arena_calloc(a, 1, sizeof *s);
  s->path = lv_arena_strdup(a, path);
  s->text = lv_arena_strndup(a, text, len);
  s->len = (uint32_t)len;
  s->arena = a;
  return s;
}

lv_source *lv_source_read(lv_arena *a, const char *path, char *why, size_t whylen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(why, whylen, "%s", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
    snprintf(why, whylen, "%s", S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
    fclose(f);
    return NULL;
  }
  if ((uint64_t)st.st_size > LV_SOURCE_MAX_BYTES) {
    snprintf(why, whylen, "file too large (%lld bytes; the limit is %u)", (long long)st.st_size,
             LV_SOURCE_MAX_BYTES);
    fclose(f);
    return NULL;
  }
  size_t cap = (size_t)st.st_size + 1, len = 0;
  char *buf = lv_arena_alloc(a, cap + 1);
  /* Read until EOF: the size may change under us (a file being written). */
  for (;;) {
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (len < cap) break;
    if (len > LV_SOURCE_MAX_BYTES) {
      snprintf(why, whylen, "file too large");
      fclose(f);
      return NULL;
    }
    buf = lv_arena_grow(a, buf, len, cap * 2 + 1);
    cap *= 2;
  }
  if (ferror(f)) {
    snprintf(why, whylen, "%s", strerror(errno));
    fclose(f);
    return NULL;
  }
  fclose(f);
  buf[len] = 0;
  lv_source *s = lv_arena_calloc(a, 1, sizeof *s);
  s->path = lv_arena_strdup(a, path);
  s->text = buf;
  s->len = (uint32_t)len;
  s->arena = a;
  return s;
}

static void build_lines(lv_source *s) {
  uint32_t n = 1;
  for (uint32_t i = 0; i < s->len; i++)
    if (s->text[i] == '\n') n++;
  s->lines = lv_arena_alloc(s->arena, sizeof(uint32_t) * n);
  s->lines[0] = 0;
  uint32_t k = 1;
  for (uint32_t i = 0; i < s->len; i++)
    if (s->text[i] == '\n') s->lines[k++] = i + 1;
  s->nlines = n;
}

lv_pos lv_source_pos(lv_source *s, uint32_t offset) {
  if (!s->lines) build_lines(s);
  if (offset > s->len) offset = s->len;
  /* Binary search for the last line start <= offset. */
  uint32_t lo = 0, hi = s->nlines - 1;
  while (lo < hi) {
    uint32_t mid = (lo + hi + 1) / 2;
    if (s->lines[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  uint32_t col = 1;
  uint32_t from = s->lines[lo];
  if (lo == 0 && lv_source_has_bom(s) && offset >= 3) from = 3; /* the mark is not text */
  for (uint32_t i = from; i < offset; i += lv_text_unit_len(s->text + i, offset - i))
    col++;
  lv_pos p = {lo + 1, col};
  return p;
}

void lv_source_line(lv_source *s, uint32_t line, const char **start, uint32_t *len) {
  if (!s->lines) build_lines(s);
  if (line < 1 || line > s->nlines) {
    *start = "";
    *len = 0;
    return;
  }
  uint32_t b = s->lines[line - 1];
  if (line == 1 && lv_source_has_bom(s)) b = 3;
  uint32_t e = line < s->nlines ? s->lines[line] - 1 : s->len;
  if (e > b && s->text[e - 1] == '\r' && line < s->nlines) e--;
  *start = s->text + b;
  *len = e - b;
}

uint32_t lv_text_unit_len(const char *s, uint32_t n) {
  uint32_t cp;
  int k = lv_utf8_decode((const unsigned char *)s, n, &cp);
  return k > 0 ? (uint32_t)k : 1;
}

bool lv_source_has_bom(const lv_source *s) {
  return s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0;
}
