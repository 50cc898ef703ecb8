/* lv_arena.c - chunked bump allocator. */
#include "lv_arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lv_arena_chunk {
  lv_arena_chunk *next;
  size_t size; /* usable bytes after the header */
  _Alignas(LV_ARENA_ALIGN) char data[];
};

void lv_arena_init(lv_arena *a, size_t chunk_size, size_t limit) {
  memset(a, 0, sizeof *a);
  a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
  a->limit = limit;
}

void lv_arena_free(lv_arena *a) {
  lv_arena_chunk *c = a->chunks;
  while (c) {
    lv_arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->chunks = NULL;
  a->cur = a->end = NULL;
  a->used = 0;
}

void lv_arena_reset(lv_arena *a) {
  lv_arena_chunk *keep = NULL, *c = a->chunks;
  /* Keep the largest chunk: after a big event the next ones fit without malloc. */
  for (lv_arena_chunk *p = c; p; p = p->next)
    if (!keep || p->size > keep->size) keep = p;
  while (c) {
    lv_arena_chunk *next = c->next;
    if (c != keep) free(c);
    c = next;
  }
  a->chunks = keep;
  if (keep) {
    keep->next = NULL;
    a->cur = keep->data;
    a->end = keep->data + keep->size;
    a->used = keep->size;
  } else {
    a->cur = a->end = NULL;
    a->used = 0;
  }
}

void *lv_arena_alloc_slow(lv_arena *a, size_t size) {
  size_t want = size > a->chunk_size ? size : a->chunk_size;
  if (a->limit && a->used + want > a->limit) {
    if (a->used + size > a->limit) return NULL;
    want = size;
  }
  lv_arena_chunk *c = malloc(sizeof *c + want);
  if (!c) {
    if (a->limit) return NULL;
    fprintf(stderr, "levin: out of memory\n");
    abort();
  }
  c->size = want;
  c->next = a->chunks;
  a->chunks = c;
  a->used += want;
  a->cur = c->data + size;
  a->end = c->data + want;
  return c->data;
}

void *lv_arena_calloc(lv_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = lv_arena_alloc(a, n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

char *lv_arena_strndup(lv_arena *a, const char *s, size_t n) {
  char *p = lv_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *lv_arena_strdup(lv_arena *a, const char *s) {
  return lv_arena_strndup(a, s, strlen(s));
}

char *lv_arena_printf(lv_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = lv_arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  if ((size_t)n < sizeof small) {
    memcpy(p, small, (size_t)n + 1);
  } else {
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return p;
}

void *lv_arena_grow(lv_arena *a, void *old, size_t old_size, size_t new_size) {
  void *p = lv_arena_alloc(a, new_size);
  if (p && old && old_size) memcpy(p, old, old_size < new_size ? old_size : new_size);
  return p;
}
