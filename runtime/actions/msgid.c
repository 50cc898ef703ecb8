/* msgid.c - message ids and header values. */
#include "actions/msgid.h"

#include <stdio.h>
#include <string.h>

static uint64_t load64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i]; /* little-endian on every host */
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

/* Two lanes, each a multiply-rotate over 64-bit words, finished by mix(). */
static void absorb(hstate *h, const unsigned char *p, size_t n) {
  h->total += n;
  while (n >= 8) {
    uint64_t w = load64(p);
    h->a = (h->a ^ w) * 0x9e3779b97f4a7c15ull;
    h->a = (h->a << 29) | (h->a >> 35);
    h->b = (h->b + w) * 0xc2b2ae3d27d4eb4full;
    h->b = (h->b << 37) | (h->b >> 27);
    p += 8;
    n -= 8;
  }
  if (n) {
    unsigned char tail[8] = {0};
    memcpy(tail, p, n);
    tail[7] = (unsigned char)(0x80 | n); /* the tail's length is part of it */
    uint64_t w = load64(tail);
    h->a = (h->a ^ w) * 0x9e3779b97f4a7c15ull;
    h->b = (h->b + w) * 0xc2b2ae3d27d4eb4full;
  }
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
  int n = snprintf(out, cap, "h%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
  return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

size_t lv_msgid_action(char *out, size_t cap, const char *source, const char *rule, uint32_t action) {
  int n = snprintf(out, cap, "%s:%s:%u", source, rule, action);
  return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
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
