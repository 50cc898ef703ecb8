/* msgid.c - message ids and header values. */
#include "actions/msgid.h"

#include <stdio.h>
#include <string.h>

#include "lv_utf8.h"

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

/* --- SHA-256 (FIPS 180-4) ------------------------------------------------------- */

typedef struct sha256 {
  uint32_t h[8];
  uint64_t total;
  unsigned char block[64];
  size_t used;
} sha256;

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t ror32(uint32_t x, int r) { return (x >> r) | (x << (32 - r)); }

static void sha_block(sha256 *c, const unsigned char *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
    uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = cc;
    cc = b;
    b = a;
    a = t1 + t2;
  }
  c->h[0] += a;
  c->h[1] += b;
  c->h[2] += cc;
  c->h[3] += d;
  c->h[4] += e;
  c->h[5] += f;
  c->h[6] += g;
  c->h[7] += h;
}

static void sha_init(sha256 *c) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, iv, sizeof iv);
  c->total = 0;
  c->used = 0;
}

static void sha_update(sha256 *c, const void *data, size_t n) {
  const unsigned char *p = data;
  c->total += n;
  while (n) {
    size_t take = 64 - c->used < n ? 64 - c->used : n;
    memcpy(c->block + c->used, p, take);
    c->used += take;
    p += take;
    n -= take;
    if (c->used == 64) {
      sha_block(c, c->block);
      c->used = 0;
    }
  }
}

static void sha_final(sha256 *c, uint8_t out[32]) {
  uint64_t bits = c->total * 8;
  unsigned char pad = 0x80;
  sha_update(c, &pad, 1);
  pad = 0;
  while (c->used != 56) sha_update(c, &pad, 1);
  unsigned char len[8];
  for (int i = 0; i < 8; i++) len[i] = (unsigned char)(bits >> (56 - 8 * i));
  sha_update(c, len, 8);
  for (int i = 0; i < 8; i++)
    for (int k = 0; k < 4; k++) out[4 * i + k] = (uint8_t)(c->h[i] >> (24 - 8 * k));
}

void lv_sha256(uint8_t out[32], const void *data, size_t n) {
  sha256 c;
  sha_init(&c);
  sha_update(&c, data, n);
  sha_final(&c, out);
}

/* "~" and the first 128 bits of a SHA-256 in hex: 33 bytes, no NUL. */
static void hash_suffix(char out[33], sha256 *c) {
  static const char hex[] = "0123456789abcdef";
  uint8_t d[32];
  sha_final(c, d);
  out[0] = '~';
  for (int i = 0; i < 16; i++) {
    out[1 + 2 * i] = hex[d[i] >> 4];
    out[2 + 2 * i] = hex[d[i] & 15];
  }
}

/* --- UTF-8 ------------------------------------------------------------------------ */

static bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

bool lv_header_value_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int len = lv_utf8_decode(p + i, n - i, &cp);
    if (len <= 0 || is_control(cp)) return false;
    i += (size_t)len;
  }
  return true;
}

/* Copies whole characters of in[0..n) while they fit in cap - 1 bytes:
 * valid non-control characters as they are, a byte that starts no valid
 * character as `invalid`, a control character (C0, DEL, C1) as `control`.
 * NUL-terminated; returns the length. */
static size_t copy_clean(char *out, size_t cap, const char *in, size_t n, char invalid, char control) {
  if (cap == 0) return 0;
  const unsigned char *p = (const unsigned char *)in;
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int dec = lv_utf8_decode(p + i, n - i, &cp);
    size_t len = dec > 0 ? (size_t)dec : 1;
    char one = dec <= 0 ? invalid : is_control(cp) ? control : 0;
    size_t w = one ? 1 : len;
    if (k + w > cap - 1) break;
    if (one) out[k] = one;
    else memcpy(out + k, p + i, len);
    k += w;
    i += len;
  }
  out[k] = 0;
  return k;
}

/* --- ids ---------------------------------------------------------------------------- */

size_t lv_msgid_source(char *out, size_t cap, const char *src_id, size_t src_len, const char *subject, size_t slen,
                       const char *data, size_t dlen) {
  if (cap == 0) return 0;
  if (src_id) {
    if (src_len <= LV_MSGID_SOURCE_MAX && lv_header_value_ok(src_id, src_len)) return copy(out, cap, src_id, src_len);
    /* Too long or not a clean header value: a readable prefix, then a
     * hash of the whole id, so that ids differing anywhere stay apart. */
    size_t keep = cap > 34 ? cap - 34 : 0;
    if (keep > LV_MSGID_SOURCE_PREFIX) keep = LV_MSGID_SOURCE_PREFIX;
    size_t k = copy_clean(out, keep + 1, src_id, src_len, '?', '?');
    sha256 c;
    sha_init(&c);
    sha_update(&c, src_id, src_len);
    char suffix[33];
    hash_suffix(suffix, &c);
    return k + copy(out + k, cap - k, suffix, sizeof suffix);
  }
  uint64_t h[2];
  lv_event_hash(h, subject, slen, data, dlen);
  char text[34];
  static const char hex[] = "0123456789abcdef";
  text[0] = 'h';
  for (int i = 0; i < 32; i++) text[1 + i] = hex[(h[i / 16] >> (60 - 4 * (i % 16))) & 15];
  text[33] = 0;
  return copy(out, cap, text, 33);
}

/* Writes the concatenation of parts; if it is longer than cap - 1, its
 * first bytes, then '~' and the hash of the whole (see msgid.h). */
static size_t join_id(char *out, size_t cap, const char *const *parts, const size_t *lens, int nparts) {
  if (cap == 0) return 0;
  size_t total = 0;
  for (int i = 0; i < nparts; i++) total += lens[i];
  if (total <= cap - 1 || cap < 64) {
    size_t n = 0;
    for (int i = 0; i < nparts; i++) n += copy(out + n, cap - n, parts[i], lens[i]);
    return n;
  }
  sha256 c;
  sha_init(&c);
  size_t keep = cap - 34, n = 0;
  for (int i = 0; i < nparts; i++) {
    sha_update(&c, parts[i], lens[i]);
    size_t take = lens[i] < keep - n ? lens[i] : keep - n;
    memcpy(out + n, parts[i], take);
    n += take;
  }
  /* Not inside a character: back off to the start of a cut one. */
  size_t j = n;
  while (j > 0 && ((unsigned char)out[j - 1] & 0xc0) == 0x80) j--;
  if (j > 0 && ((unsigned char)out[j - 1] & 0x80)) {
    unsigned char lead = (unsigned char)out[j - 1];
    size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (n - (j - 1) < want) n = j - 1;
  }
  char suffix[33];
  hash_suffix(suffix, &c);
  memcpy(out + n, suffix, sizeof suffix);
  n += sizeof suffix;
  out[n] = 0;
  return n;
}

size_t lv_msgid_action(char *out, size_t cap, const char *source, const char *rule, uint32_t action) {
  char num[12];
  int n = snprintf(num, sizeof num, "%u", (unsigned)action);
  const char *parts[5] = {source, ":", rule, ":", num};
  size_t lens[5] = {strlen(source), 1, strlen(rule), 1, (size_t)n};
  return join_id(out, cap, parts, lens, 5);
}

size_t lv_msgid_dead_letter(char *out, size_t cap, const char *source, const char *stream) {
  const char *parts[3] = {source, ":dlq:", stream};
  size_t lens[3] = {strlen(source), 5, strlen(stream)};
  return join_id(out, cap, parts, lens, 3);
}

size_t lv_header_value(char *out, size_t cap, const char *in, size_t n) {
  return copy_clean(out, cap, in, n, '?', ' ');
}
