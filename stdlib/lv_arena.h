/* lv_arena.h - bump allocation for a lifetime: one compilation, one rule set,
 * or one event's evaluation. Freed or reset all at once; never per object. */
#ifndef LV_ARENA_H
#define LV_ARENA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_arena_chunk lv_arena_chunk;

typedef struct lv_arena {
  char *cur;              /* next free byte in the current chunk */
  char *end;              /* end of the current chunk */
  lv_arena_chunk *chunks; /* newest first */
  size_t chunk_size;      /* default size of new chunks */
  size_t limit;           /* most bytes it may hold in all; 0 = unbounded */
  size_t used;            /* bytes held in chunks */
} lv_arena;

#define LV_ARENA_ALIGN 16

/* limit 0: unbounded, and running out of memory aborts the process (compile
 * time). With a limit, lv_arena_alloc returns NULL past it (evaluation). */
void lv_arena_init(lv_arena *a, size_t chunk_size, size_t limit);
void lv_arena_free(lv_arena *a);
/* Keeps the first (largest retained) chunk so steady state allocates nothing. */
void lv_arena_reset(lv_arena *a);

void *lv_arena_alloc_slow(lv_arena *a, size_t size);

static inline void *lv_arena_alloc(lv_arena *a, size_t size) {
  size = (size + (LV_ARENA_ALIGN - 1)) & ~(size_t)(LV_ARENA_ALIGN - 1);
  if ((size_t)(a->end - a->cur) >= size) {
    void *p = a->cur;
    a->cur += size;
    return p;
  }
  return lv_arena_alloc_slow(a, size);
}

void *lv_arena_calloc(lv_arena *a, size_t n, size_t size);
char *lv_arena_strndup(lv_arena *a, const char *s, size_t n);
char *lv_arena_strdup(lv_arena *a, const char *s);
char *lv_arena_printf(lv_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Grows an array allocated in the arena (the old block is abandoned). */
void *lv_arena_grow(lv_arena *a, void *old, size_t old_size, size_t new_size);

#ifdef __cplusplus
}
#endif
#endif
