/* msgid.c - message ids and header values. */
#include "actions/msgid.h"

#include <string.h>

/* Little-endian on every host, so ids do not depend on the machine. */
static inline uint64_t load64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  x ^= x >> 33;
  return x;
}

typedef struct hstate {
  uint64_t a, b;
  uint64_t total;
} hstate;

/* Two lanes, each a multiply-rotate chain; they take alternate words, so
 * the two chains run side by side. mix() finishes them. */
static inline void step(uint64_t *lane, uint64_t w, uint64_t k, int r) {
  uint64_t x = (*lane ^ w) * k;
  *lane = (x << r) | (x >> (64 - r));
}

static void absorb(hstate *h, const unsigned char *p, size_t n) {
  h->total += n;
  while (n >= 16) {
    step(&h->a, load64(p), 0x9e3779b97f4a7c15ull, 29);
    step(&h->b, load64(p + 8), 0xc2b2ae3d27d4eb4full, 37);
    p += 16;
    n -= 16;
  }
  if (n >= 8) {
    step(&h->a, load64(p), 0x9e3779b97f4a7c15ull, 29);
    p += 8;
    n -= 8;
  }
  /* The tail, with its length, so "a" and "a\0" differ. */
  unsigned char tail[8] = {0};
  memcpy(tail, p, n);
  tail[7] = (unsigned char)(0x80 | n);
  step(&h->b, load64(tail), 0xc2b2ae3d27d4eb4full, 37);
}

/* Appends what fits of s[0..n) at out (NUL-terminated); returns bytes
 * written. */
static size_t copy(char *out, size_t cap, const char *s, size_t n) {
  if (cap == 0) return 0;
  if (n > cap - 1) n = cap - 1;
  memcpy(out, s, n);
  out[n] = 0;
  return n;
}

void lv_event_hash(uint64_t out[2], const char *subject, size_t slen, const char *data, size_t dlen) {
  hstate h = {0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0};
  unsigned char len[8];
  for (int i = 0; i < 8; i++) len[i] = (unsigned char)((uint64_t)slen >> (8 * i));
  absorb(&h, len, 8);
  absorb(&h, (const unsigned char *)subject, slen);
  absorb(&h, (const unsigned char *)data, dlen);
  out[0] = mix(h.a ^ mix(h.b + h.total));
  out[1] = mix(h.b ^ mix(h.a - h.total));
}

size_t lv_msgid_source(char *out, size_t cap, const char *src_id, const char *subject, size_t slen,
                       const char *data, size_t dlen) {
  if (src_id) return lv_header_value(out, cap, src_id, strlen(src_id));
  uint64_t h[2];
  lv_event_hash(h, subject, slen, data, dlen);
  char text[34];
  static const char hex[] = "0123456789abcdef";
  text[0] = 'h';
  for (int i = 0; i < 32; i++) text[1 + i] = hex[(h[i / 16] >> (60 - 4 * (i % 16))) & 15];
  text[33] = 0;
  return copy(out, cap, text, 33);
}

size_t lv_msgid_action(char *out, size_t cap, const char *source, const char *rule, uint32_t action) {
  char num[12];
  int k = (int)sizeof num;
  do num[--k] = (char)('0' + action % 10); while ((action /= 10) && k > 0);
  size_t n = copy(out, cap, source, strlen(source));
  n += copy(out + n, cap - n, ":", 1);
  n += copy(out + n, cap - n, rule, strlen(rule));
  n += copy(out + n, cap - n, ":", 1);
  n += copy(out + n, cap - n, num + k, sizeof num - (size_t)k);
  return n;
}

size_t lv_header_value(char *out, size_t cap, const char *in, size_t n) {
  if (cap == 0) return 0;
  size_t k = 0;
  for (size_t i = 0; i < n && k + 1 < cap; i++) {
    unsigned char ch = (unsigned char)in[i];
    out[k++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
  }
  /* Do not end inside a UTF-8 sequence: back off to its lead byte. */
  if (k < n && k > 0) {
    size_t j = k;
    while (j > 0 && ((unsigned char)out[j - 1] & 0xc0) == 0x80) j--;
    if (j > 0 && ((unsigned char)out[j - 1] & 0x80)) {
      unsigned char lead = (unsigned char)out[j - 1];
      size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      if (k - (j - 1) < want) k = j - 1;
    }
  }
  out[k] = 0;
  return k;
}
