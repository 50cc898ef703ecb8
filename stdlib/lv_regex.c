/* lv_regex.c - the public regex API: compile, match, free, and matches()
 * with a pattern known only at run time (compiled through a small
 * per-thread cache, so a rule that builds its pattern from event data does
 * not recompile it for every event). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "lv_regex_int.h"

/* ~25 ms of building at most, 256 KiB of table; 1/16 of that at run time. */
const rx_budget rx_budget_load = {4u << 20, 256u * 1024u};
const rx_budget rx_budget_runtime = {256u * 1024u, 32u * 1024u};

lv_regex *lv_regex_compile(const char *pattern, size_t len, lv_regex_error *err) {
  return rx_compile(pattern, len, err, &rx_budget_load);
}

lv_regex *rx_compile(const char *pattern, size_t len, lv_regex_error *err, const rx_budget *budget) {
  lv_regex_error dummy;
  if (!err) err = &dummy;
  memset(err, 0, sizeof *err);
  if (!pattern && len) {
    rx_error(err, 0, "invalid argument", NULL, 0);
    return NULL;
  }
  if (!pattern) pattern = "";
  if (len > RX_MAX_PATTERN) {
    rx_error(err, 0, "pattern too large", NULL, 0);
    return NULL;
  }
  size_t bad = lv_utf8_validate(pattern, len);
  if (bad < len) {
    char hex[8];
    snprintf(hex, sizeof hex, "\\x%02x", (unsigned char)pattern[bad]);
    rx_error(err, bad, "invalid UTF-8", hex, strlen(hex));
    return NULL;
  }
  /* Scratch for the tree and the build; a limit so that running out is
   * an error rather than an abort (patterns are bounded, so this is slack). */
  lv_arena scratch;
  lv_arena_init(&scratch, 16 * 1024, 256u << 20);
  lv_regex *re = NULL;
  rx_node *tree = rx_parse(&scratch, pattern, len, err);
  if (tree) re = rx_compile_tree(tree, &scratch, err, budget);
  lv_arena_free(&scratch);
  return re;
}

void lv_regex_free(lv_regex *re) { free(re); }

const lv_err *lv_regex_match(lv_ctx *cx, bool *out, const lv_regex *re, const char *text, size_t len) {
  return rx_match_with(cx, out, re, text, len, RX_ENGINE_AUTO);
}

/* --- the per-thread cache of run-time patterns ------------------------------- */

#define CACHE_SLOTS 16

typedef struct cache_slot {
  char *pat; /* malloc'd copy; NULL = empty slot */
  size_t len;
  lv_regex *re;
  uint64_t used; /* tick of the last use, for least-recently-used eviction */
} cache_slot;

typedef struct regex_cache {
  cache_slot slot[CACHE_SLOTS];
  uint64_t tick;
} regex_cache;

static _Thread_local regex_cache *tl_cache;
static tss_t cache_key;
static once_flag cache_once = ONCE_FLAG_INIT;
static bool cache_key_ok;

static void cache_destroy(void *p) {
  regex_cache *c = p;
  for (int i = 0; i < CACHE_SLOTS; i++) {
    free(c->slot[i].pat);
    lv_regex_free(c->slot[i].re);
  }
  free(c);
}

static void cache_key_init(void) { cache_key_ok = tss_create(&cache_key, cache_destroy) == thrd_success; }

/* This thread's cache, created on first use; freed when the thread exits.
 * NULL when it cannot be had (then every call compiles afresh). */
static regex_cache *cache_get(void) {
  if (tl_cache) return tl_cache;
  call_once(&cache_once, cache_key_init);
  if (!cache_key_ok) return NULL;
  regex_cache *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  if (tss_set(cache_key, c) != thrd_success) {
    free(c);
    return NULL;
  }
  tl_cache = c;
  return c;
}

/* The compiled pattern, from the cache or compiled now; *owned is set when
 * the caller must free it (it could not be cached). */
static lv_regex *cache_lookup(const char *pat, size_t plen, lv_regex_error *err, bool *owned) {
  *owned = false;
  regex_cache *c = cache_get();
  if (c) {
    for (int i = 0; i < CACHE_SLOTS; i++) {
      cache_slot *s = &c->slot[i];
      if (s->pat && s->len == plen && memcmp(s->pat, pat, plen) == 0) {
        s->used = ++c->tick;
        return s->re;
      }
    }
  }
  lv_regex *re = rx_compile(pat, plen, err, &rx_budget_runtime);
  if (!re) return NULL;
  char *copy = c ? malloc(plen + 1) : NULL;
  if (!copy) {
    *owned = true;
    return re;
  }
  if (plen) memcpy(copy, pat, plen);
  copy[plen] = 0;
  cache_slot *victim = &c->slot[0];
  for (int i = 0; i < CACHE_SLOTS; i++) {
    cache_slot *s = &c->slot[i];
    if (!s->pat) {
      victim = s;
      break;
    }
    if (s->used < victim->used) victim = s;
  }
  free(victim->pat);
  lv_regex_free(victim->re);
  victim->pat = copy;
  victim->len = plen;
  victim->re = re;
  victim->used = ++c->tick;
  return re;
}

const lv_err *lv_string_matches(lv_ctx *cx, bool *out, const char *s, size_t slen, const char *pat,
                                size_t plen) {
  *out = false;
  if (!pat) {
    if (plen) return lv_err_static(LV_E_INVALID_ARG);
    pat = "";
  }
  lv_regex_error err;
  bool owned;
  lv_regex *re = cache_lookup(pat, plen, &err, &owned);
  if (!re) return lv_err_new(cx, LV_E_INVALID_ARG, "error parsing regexp: %s", err.msg);
  const lv_err *e = lv_regex_match(cx, out, re, s, slen);
  if (owned) lv_regex_free(re);
  return e;
}
