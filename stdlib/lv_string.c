/* lv_string.c - CEL string functions and the strings extension (cel-go
 * ext.Strings). Indexes count code points; since inputs are valid UTF-8, a
 * code point boundary is any byte that is not a continuation byte, and a
 * byte-wise match of valid UTF-8 inside valid UTF-8 always starts on one.
 * Every search is linear: memmem for single searches, memchr with a KMP
 * fallback for repeated ones (replace, split), KMP backwards (lastIndexOf). */
#include "lv_string.h"

#include <stdint.h>
#include <string.h>

#include "lv_utf8.h"

/* Empty strings may arrive as (NULL, 0); pointer arithmetic on NULL is
 * undefined, so entry points swap in a real empty string. */
static inline const char *nz(const char *p) { return p ? p : ""; }

/* --- helpers ------------------------------------------------------------------ */

static bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* A result buffer of n bytes (NUL-terminated for debugging convenience). */
static const lv_err *alloc_result(lv_ctx *cx, char **out, size_t n) {
  if (n > LV_STRING_RESULT_MAX)
    return lv_err_new(cx, LV_E_RESOURCE, "string result too long (%zu bytes, limit %zu)", n,
                      LV_STRING_RESULT_MAX);
  char *p = lv_arena_alloc(cx->arena, n + 1);
  if (!p) return lv_err_static(LV_E_RESOURCE);
  p[n] = 0;
  *out = p;
  return NULL;
}

/* Byte offset of code point k of s, n when k is the code point count, and
 * SIZE_MAX when k is negative or past the end. */
static size_t cp_offset(const char *s, size_t n, int64_t k) {
  if (k < 0) return SIZE_MAX;
  size_t i = 0;
  for (; k > 0; k--) {
    if (i >= n) return SIZE_MAX;
    i++;
    while (i < n && is_cont((unsigned char)s[i])) i++;
  }
  return i;
}

static const lv_err *index_error(lv_ctx *cx, int64_t i) {
  return lv_err_new(cx, LV_E_INDEX, "index out of range: %lld", (long long)i);
}

/* One search, so memmem (glibc: two-way, linear) is enough. */
static const char *find_forward(const char *h, size_t hn, const char *nd, size_t nn) {
  if (nn > hn) return NULL;
  return memmem(h, hn, nd, nn);
}

/* KMP failure table of p read forwards (rev false) or backwards (rev true). */
static void kmp_table(uint32_t *fail, const char *p, size_t m, bool rev) {
#define P(j) (rev ? p[m - 1 - (j)] : p[j])
  fail[0] = 0;
  uint32_t k = 0;
  for (size_t j = 1; j < m; j++) {
    while (k > 0 && P(j) != P(k)) k = fail[k - 1];
    if (P(j) == P(k)) k++;
    fail[j] = k;
  }
#undef P
}

/* The table lives on the stack for short needles, else in the arena. */
typedef struct kmp {
  uint32_t small[64];
  uint32_t *fail;
} kmp;

static const lv_err *kmp_init(lv_ctx *cx, kmp *t, const char *p, size_t m, bool rev) {
  t->fail = t->small;
  if (m > sizeof t->small / sizeof t->small[0]) {
    if (m > UINT32_MAX) return lv_err_new(cx, LV_E_RESOURCE, "search string too long");
    t->fail = lv_arena_alloc(cx->arena, m * sizeof *t->fail);
    if (!t->fail) return lv_err_static(LV_E_RESOURCE);
  }
  kmp_table(t->fail, p, m, rev);
  return NULL;
}

/* Repeated searches for one needle over one haystack (replace, split).
 * Candidates come from memchr on the first byte and are verified with
 * memcmp; when verification work outgrows the text scanned (a needle like
 * "aaab" in "aaaa..."), the search switches to KMP for good, so the whole
 * operation stays linear. Calling memmem per match would not: its cost (and
 * ASan's check of it) covers the whole remaining haystack each time. */
typedef struct searcher {
  lv_ctx *cx;
  const char *h, *nd;
  size_t hn, nn;
  uint64_t work; /* bytes of verification so far */
  bool use_kmp;
  kmp t;
} searcher;

static void searcher_init(searcher *s, lv_ctx *cx, const char *h, size_t hn, const char *nd,
                          size_t nn) {
  s->cx = cx, s->h = h, s->hn = hn, s->nd = nd, s->nn = nn;
  s->work = 0;
  s->use_kmp = false;
}

/* First match at or after byte from: *pos, or SIZE_MAX when none. nn > 0. */
static const lv_err *searcher_next(searcher *s, size_t from, size_t *pos) {
  const char *h = s->h, *nd = s->nd;
  size_t hn = s->hn, nn = s->nn, i = from;
  *pos = SIZE_MAX;
  if (nn > hn) return NULL;
  while (!s->use_kmp) {
    if (i > hn - nn) return NULL;
    const char *p = memchr(h + i, (unsigned char)nd[0], hn - nn + 1 - i);
    if (!p) return NULL;
    i = (size_t)(p - h);
    if (nn == 1 || memcmp(p + 1, nd + 1, nn - 1) == 0) {
      *pos = i;
      return NULL;
    }
    s->work += nn;
    if (s->work > 4096 + 4 * (uint64_t)i) {
      const lv_err *e = kmp_init(s->cx, &s->t, nd, nn, false);
      if (e) return e;
      s->use_kmp = true;
      break;
    }
    i++;
  }
  uint32_t k = 0;
  for (; i < hn; i++) {
    while (k > 0 && h[i] != nd[k]) k = s->t.fail[k - 1];
    if (h[i] == nd[k]) k++;
    if (k == nn) {
      *pos = i + 1 - nn;
      return NULL;
    }
  }
  return NULL;
}

/* Last occurrence of nd in h: KMP over both strings read backwards, so the
 * first match found is the last one, in O(hn + nn). */
static const lv_err *find_backward(lv_ctx *cx, const char **out, const char *h, size_t hn,
                                   const char *nd, size_t nn) {
  *out = NULL;
  if (nn > hn) return NULL;
  if (nn == 1) {
    *out = memrchr(h, nd[0], hn);
    return NULL;
  }
  kmp t;
  const lv_err *e = kmp_init(cx, &t, nd, nn, true);
  if (e) return e;
  uint32_t k = 0;
  for (size_t q = 0; q < hn; q++) { /* q-th byte from the end */
    char c = h[hn - 1 - q];
    while (k > 0 && c != nd[nn - 1 - k]) k = t.fail[k - 1];
    if (c == nd[nn - 1 - k]) k++;
    if (k == nn) {
      *out = h + (hn - 1 - q);
      return NULL;
    }
  }
  return NULL;
}

/* --- core -------------------------------------------------------------------- */

int64_t lv_string_size(const char *s, size_t n) { return (int64_t)lv_utf8_count(s, n); }

bool lv_string_contains(const char *s, size_t n, const char *sub, size_t subn) {
  s = nz(s);
  sub = nz(sub);
  return subn == 0 || find_forward(s, n, sub, subn) != NULL;
}

bool lv_string_starts_with(const char *s, size_t n, const char *pre, size_t pren) {
  s = nz(s);
  pre = nz(pre);
  return pren <= n && (pren == 0 || memcmp(s, pre, pren) == 0);
}

bool lv_string_ends_with(const char *s, size_t n, const char *suf, size_t sufn) {
  s = nz(s);
  suf = nz(suf);
  return sufn <= n && (sufn == 0 || memcmp(s + n - sufn, suf, sufn) == 0);
}

int lv_bytes_compare(const char *a, size_t an, const char *b, size_t bn) {
  size_t m = an < bn ? an : bn;
  int c = m ? memcmp(a, b, m) : 0;
  if (c) return c < 0 ? -1 : 1;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

bool lv_bytes_equal(const char *a, size_t an, const char *b, size_t bn) {
  return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

const lv_err *lv_string_concat(lv_ctx *cx, const char **op, size_t *on,
                               const char *a, size_t an, const char *b, size_t bn) {
  a = nz(a);
  b = nz(b);
  if (bn == 0) {
    *op = a, *on = an;
    return NULL;
  }
  if (an == 0) {
    *op = b, *on = bn;
    return NULL;
  }
  if (an > LV_STRING_RESULT_MAX || bn > LV_STRING_RESULT_MAX - an)
    return lv_err_new(cx, LV_E_RESOURCE, "string result too long (limit %zu bytes)",
                      LV_STRING_RESULT_MAX);
  char *p;
  const lv_err *e = alloc_result(cx, &p, an + bn);
  if (e) return e;
  memcpy(p, a, an);
  memcpy(p + an, b, bn);
  *op = p, *on = an + bn;
  return NULL;
}

/* --- strings extension ------------------------------------------------------- */

const lv_err *lv_string_char_at(lv_ctx *cx, const char **op, size_t *on,
                                const char *s, size_t n, int64_t i) {
  s = nz(s);
  size_t b = cp_offset(s, n, i);
  if (b == SIZE_MAX) return index_error(cx, i);
  size_t e = b;
  if (e < n) {
    e++;
    while (e < n && is_cont((unsigned char)s[e])) e++;
  }
  *op = s + b, *on = e - b;
  return NULL;
}

const lv_err *lv_string_index_of(lv_ctx *cx, int64_t *out, const char *s, size_t n,
                                 const char *sub, size_t subn, int64_t start) {
  s = nz(s);
  sub = nz(sub);
  size_t b = cp_offset(s, n, start);
  if (b == SIZE_MAX) return index_error(cx, start);
  if (subn == 0) {
    *out = start;
    return NULL;
  }
  const char *p = find_forward(s + b, n - b, sub, subn);
  *out = p ? start + (int64_t)lv_utf8_count(s + b, (size_t)(p - (s + b))) : -1;
  return NULL;
}

const lv_err *lv_string_last_index_of(lv_ctx *cx, int64_t *out, const char *s, size_t n,
                                      const char *sub, size_t subn, bool has_end, int64_t end) {
  s = nz(s);
  sub = nz(sub);
  size_t lim = n; /* a match must start at or before byte lim */
  if (has_end) {
    lim = cp_offset(s, n, end);
    if (lim == SIZE_MAX) return index_error(cx, end);
    if (subn == 0) {
      *out = end;
      return NULL;
    }
    /* cel-go: a start at the very end finds nothing, even though a match
     * could not start there anyway for a non-empty needle. */
    if (lim == n) {
      *out = -1;
      return NULL;
    }
  } else if (subn == 0) {
    *out = lv_string_size(s, n);
    return NULL;
  }
  if (subn > n) {
    *out = -1;
    return NULL;
  }
  /* Search only the prefix in which a match can start at or before lim. */
  size_t hn = lim > n - subn ? n : lim + subn;
  const char *p;
  const lv_err *e = find_backward(cx, &p, s, hn, sub, subn);
  if (e) return e;
  *out = p ? (int64_t)lv_utf8_count(s, (size_t)(p - s)) : -1;
  return NULL;
}

static const lv_err *map_ascii(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n,
                               char lo, char hi, int delta) {
  size_t i = 0;
  while (i < n && !(s[i] >= lo && s[i] <= hi)) i++;
  if (i == n) { /* nothing to change: share the input */
    *op = s, *on = n;
    return NULL;
  }
  char *p;
  const lv_err *e = alloc_result(cx, &p, n);
  if (e) return e;
  memcpy(p, s, i);
  for (; i < n; i++) p[i] = (char)(s[i] >= lo && s[i] <= hi ? s[i] + delta : s[i]);
  *op = p, *on = n;
  return NULL;
}

const lv_err *lv_string_lower_ascii(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  s = nz(s);
  return map_ascii(cx, op, on, s, n, 'A', 'Z', 'a' - 'A');
}

const lv_err *lv_string_upper_ascii(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  s = nz(s);
  return map_ascii(cx, op, on, s, n, 'a', 'z', 'A' - 'a');
}

/* How many leftmost non-overlapping matches of nd (nn > 0) h holds, as Go
 * counts them, but no more than max. */
static const lv_err *count_matches(lv_ctx *cx, uint64_t *out, const char *h, size_t hn,
                                   const char *nd, size_t nn, uint64_t max) {
  searcher sr;
  searcher_init(&sr, cx, h, hn, nd, nn);
  uint64_t count = 0;
  for (size_t i = 0; count < max; count++) {
    size_t at;
    const lv_err *e = searcher_next(&sr, i, &at);
    if (e) return e;
    if (at == SIZE_MAX) break;
    i = at + nn;
  }
  *out = count;
  return NULL;
}

/* Length of the code point starting at s[i] (1 for a stray byte). */
static size_t cp_len(const char *s, size_t n, size_t i) {
  size_t j = i + 1;
  while (j < n && is_cont((unsigned char)s[j])) j++;
  return j - i;
}

const lv_err *lv_string_replace(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n,
                                const char *old, size_t oldn, const char *rep, size_t repn,
                                int64_t limit) {
  s = nz(s);
  old = nz(old);
  rep = nz(rep);
  /* As Go's strings.Replace: leftmost non-overlapping matches; an empty old
   * matches before every code point and at the end. */
  uint64_t max = limit < 0 ? UINT64_MAX : (uint64_t)limit;
  uint64_t count = 0;
  if (oldn == 0) {
    count = (uint64_t)lv_utf8_count(s, n) + 1;
    if (count > max) count = max;
  } else {
    const lv_err *e = count_matches(cx, &count, s, n, old, oldn, max);
    if (e) return e;
  }
  if (count == 0 || (oldn == repn && (oldn == 0 || memcmp(old, rep, oldn) == 0))) {
    *op = s, *on = n;
    return NULL;
  }
  /* result = n + count * (repn - oldn), with overflow checks */
  uint64_t total = n;
  if (repn > oldn) {
    uint64_t grow = repn - oldn;
    if (count > (UINT64_MAX - total) / grow) total = UINT64_MAX;
    else total += count * grow;
  } else {
    total -= count * (uint64_t)(oldn - repn);
  }
  if (total > LV_STRING_RESULT_MAX)
    return lv_err_new(cx, LV_E_RESOURCE, "replace: result too long (limit %zu bytes)",
                      LV_STRING_RESULT_MAX);
  char *p;
  const lv_err *e = alloc_result(cx, &p, (size_t)total);
  if (e) return e;
  searcher sr;
  searcher_init(&sr, cx, s, n, old, oldn);
  size_t k = 0, start = 0;
  for (uint64_t c = 0; c < count; c++) {
    size_t j;
    if (oldn == 0) {
      j = c > 0 ? start + cp_len(s, n, start) : start;
    } else if ((e = searcher_next(&sr, start, &j))) {
      return e;
    }
    memcpy(p + k, s + start, j - start);
    k += j - start;
    memcpy(p + k, rep, repn);
    k += repn;
    start = j + oldn;
  }
  memcpy(p + k, s + start, n - start);
  k += n - start;
  *op = p, *on = k;
  return NULL;
}

static lv_list *new_string_list(lv_ctx *cx, uint64_t len) {
  if (len > UINT32_MAX) return NULL;
  lv_list *l = lv_arena_alloc(cx->arena, sizeof *l);
  if (!l) return NULL;
  lv_value *items = NULL;
  if (len) {
    items = lv_arena_calloc(cx->arena, (size_t)len, sizeof *items);
    if (!items) return NULL;
  }
  l->len = (uint32_t)len;
  l->items = items;
  return l;
}

static const lv_err *set_piece(lv_ctx *cx, lv_value *v, const char *p, size_t len) {
  if (len > LV_STR_MAX) return lv_err_new(cx, LV_E_RESOURCE, "split: piece too long (%zu bytes)", len);
  *v = lv_value_string(p, len);
  return NULL;
}

const lv_err *lv_string_split(lv_ctx *cx, const lv_list **out, const char *s, size_t n,
                              const char *sep, size_t sepn, int64_t limit) {
  s = nz(s);
  sep = nz(sep);
  /* As Go's strings.SplitN: limit 0 -> [], negative -> all, else at most
   * limit pieces, the last holding the rest. */
  uint64_t count;
  if (limit == 0) {
    count = 0;
  } else if (sepn == 0) {
    count = lv_utf8_count(s, n);
    if (limit > 0 && (uint64_t)limit < count) count = (uint64_t)limit;
  } else {
    /* One piece more than the separators it splits at (limit - 1 at most). */
    uint64_t max = limit < 0 ? UINT64_MAX : (uint64_t)limit - 1;
    const lv_err *e = count_matches(cx, &count, s, n, sep, sepn, max);
    if (e) return e;
    count++;
  }
  lv_list *l = new_string_list(cx, count);
  if (!l) {
    if (count > UINT32_MAX)
      return lv_err_new(cx, LV_E_RESOURCE, "split: too many pieces (%llu)", (unsigned long long)count);
    return lv_err_static(LV_E_RESOURCE);
  }
  lv_value *items = (lv_value *)l->items;
  size_t start = 0;
  const lv_err *e;
  searcher sr;
  searcher_init(&sr, cx, s, n, sep, sepn);
  for (uint64_t c = 0; c + 1 < count; c++) {
    size_t j;
    if (sepn == 0) j = start + cp_len(s, n, start);
    else if ((e = searcher_next(&sr, start, &j))) return e;
    if ((e = set_piece(cx, &items[c], s + start, j - start))) return e;
    start = j + sepn;
  }
  if (count && (e = set_piece(cx, &items[count - 1], s + start, n - start))) return e;
  *out = l;
  return NULL;
}

const lv_err *lv_string_substring(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n,
                                  int64_t start, bool has_end, int64_t end) {
  s = nz(s);
  if (has_end && start > end)
    return lv_err_new(cx, LV_E_INDEX, "invalid substring range. start: %lld, end: %lld",
                      (long long)start, (long long)end);
  size_t b = cp_offset(s, n, start);
  if (b == SIZE_MAX) return index_error(cx, start);
  size_t e = n;
  if (has_end) {
    size_t rest = cp_offset(s + b, n - b, end - start);
    if (rest == SIZE_MAX) return index_error(cx, end);
    e = b + rest;
  }
  *op = s + b, *on = e - b;
  return NULL;
}

/* Unicode White_Space (as Go's unicode.IsSpace, which strings.TrimSpace uses). */
static bool is_white_space(uint32_t c) {
  if (c <= 0xFF) return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

const lv_err *lv_string_trim(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  s = nz(s);
  (void)cx;
  const unsigned char *u = (const unsigned char *)s;
  size_t b = 0, e = n;
  while (b < e) {
    uint32_t c;
    int k = lv_utf8_decode(u + b, e - b, &c);
    if (k <= 0 || !is_white_space(c)) break;
    b += (size_t)k;
  }
  while (e > b) {
    size_t st = e - 1;
    while (st > b && is_cont(u[st])) st--;
    uint32_t c;
    int k = lv_utf8_decode(u + st, e - st, &c);
    if (k <= 0 || (size_t)k != e - st || !is_white_space(c)) break;
    e = st;
  }
  *op = s + b, *on = e - b;
  return NULL;
}

const lv_err *lv_list_join(lv_ctx *cx, const char **op, size_t *on, const lv_list *l,
                           const char *sep, size_t sepn) {
  sep = nz(sep);
  uint64_t total = 0;
  uint32_t len = l ? l->len : 0;
  for (uint32_t i = 0; i < len; i++) {
    const lv_value *v = &l->items[i];
    if (v->tag != LV_STRING)
      return lv_err_new(cx, LV_E_INVALID_ARG, "join: list element %u is not a string", i);
    total += v->aux + (i ? sepn : 0);
    if (total > LV_STRING_RESULT_MAX)
      return lv_err_new(cx, LV_E_RESOURCE, "join: result too long (limit %zu bytes)",
                        LV_STRING_RESULT_MAX);
  }
  if (len == 1) {
    *op = nz(l->items[0].v.s), *on = l->items[0].aux;
    return NULL;
  }
  char *p;
  const lv_err *e = alloc_result(cx, &p, (size_t)total);
  if (e) return e;
  size_t k = 0;
  for (uint32_t i = 0; i < len; i++) {
    if (i && sepn) {
      memcpy(p + k, sep, sepn);
      k += sepn;
    }
    if (l->items[i].aux) memcpy(p + k, l->items[i].v.s, l->items[i].aux);
    k += l->items[i].aux;
  }
  *op = p, *on = k;
  return NULL;
}

const lv_err *lv_string_reverse(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n) {
  s = nz(s);
  if (n <= 1) {
    *op = s, *on = n;
    return NULL;
  }
  char *p;
  const lv_err *e = alloc_result(cx, &p, n);
  if (e) return e;
  for (size_t i = 0; i < n;) {
    size_t k = cp_len(s, n, i);
    memcpy(p + n - i - k, s + i, k);
    i += k;
  }
  *op = p, *on = n;
  return NULL;
}
