/* lv_tz.c - time zones: fixed offsets, TZif files from the system tz
 * database (RFC 8536) and the POSIX TZ rule in their footer, with a
 * process-wide cache.
 *
 * A zone is one immutable malloc'd block. Cached zones are never freed, so
 * a pointer from lv_tz_find stays valid for the life of the process and can
 * be read by any thread without a lock. */
#include "lv_time.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECS_PER_DAY 86400
#define TZIF_MAX_BYTES (1 << 20) /* real zone files are < 4 KiB */
#define ZONE_NAME_MAX 255

/* A day of the year in a POSIX TZ rule, with the local time of the change. */
typedef struct tz_date {
  char kind;    /* 'J': Jn, 1..365 without Feb 29; 'N': n, 0..365; 'M': Mm.w.d */
  uint16_t n;   /* J and N */
  uint8_t m, w, d;
  int32_t secs; /* local time of day, -167h..167h (RFC 8536 extension) */
} tz_date;

/* "STDoffset[DST[offset][,start[/time],end[/time]]]", offsets east-positive
 * here (POSIX writes them west-positive). */
typedef struct tz_rule {
  int32_t std_off, dst_off;
  bool has_dst;
  tz_date start, end;
} tz_rule;

enum { TZ_FIXED, TZ_RULES };

struct lv_tz {
  int kind;
  bool has_rule;     /* TZ_RULES: the rule applies from the last transition on */
  int32_t fixed_off; /* TZ_FIXED: the offset; TZ_RULES: before the first transition */
  uint32_t ntrans;
  const int64_t *trans; /* strictly ascending */
  const int32_t *offs;  /* offset in effect from trans[i] */
  tz_rule rule;
  size_t namelen;
  const char *name; /* cache key (NULL when not cached) */
};

static const lv_tz tz_utc = {.kind = TZ_FIXED, .name = "UTC", .namelen = 3};

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b < 0) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

static bool is_leap(int64_t y) {
  return floor_mod(y, 4) == 0 && (floor_mod(y, 100) != 0 || floor_mod(y, 400) == 0);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Allocates a zone with room for ntrans transitions and a name. */
static lv_tz *zone_alloc(uint32_t ntrans, const char *name, size_t namelen) {
  size_t head = (sizeof(lv_tz) + 7) & ~(size_t)7; /* the int64 array must be 8-aligned */
  size_t size = head + (size_t)ntrans * (sizeof(int64_t) + sizeof(int32_t)) + namelen + 1;
  char *block = calloc(1, size);
  if (!block) return NULL;
  lv_tz *z = (lv_tz *)block;
  int64_t *trans = (int64_t *)(block + head);
  int32_t *offs = (int32_t *)(trans + ntrans);
  char *nm = (char *)(offs + ntrans);
  if (name) {
    memcpy(nm, name, namelen);
    z->name = nm;
    z->namelen = namelen;
  }
  z->ntrans = ntrans;
  z->trans = trans;
  z->offs = offs;
  return z;
}

/* --- POSIX TZ strings -------------------------------------------------------- */

typedef struct cursor {
  const char *p, *e;
} cursor;

/* An unsigned number of 1..maxdigits digits. */
static bool read_num(cursor *c, int maxdigits, int32_t *out) {
  int32_t v = 0;
  int k = 0;
  while (c->p < c->e && is_digit(*c->p) && k < maxdigits) v = v * 10 + (*c->p++ - '0'), k++;
  *out = v;
  return k > 0;
}

/* A zone abbreviation: 3+ letters, or <...> with 3+ of [A-Za-z0-9+-]. */
static bool read_abbr(cursor *c) {
  const char *s = c->p;
  if (c->p < c->e && *c->p == '<') {
    c->p++;
    s = c->p;
    while (c->p < c->e && *c->p != '>') {
      char ch = *c->p;
      if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || is_digit(ch) || ch == '+' || ch == '-'))
        return false;
      c->p++;
    }
    if (c->p >= c->e || c->p - s < 3) return false;
    c->p++; /* '>' */
    return true;
  }
  while (c->p < c->e && ((*c->p >= 'A' && *c->p <= 'Z') || (*c->p >= 'a' && *c->p <= 'z'))) c->p++;
  return c->p - s >= 3;
}

/* [+-]hh[:mm[:ss]] in seconds, hours at most max_hours. */
static bool read_hms(cursor *c, int32_t max_hours, int32_t *out) {
  int32_t sign = 1, h, m = 0, s = 0;
  if (c->p < c->e && (*c->p == '+' || *c->p == '-')) sign = *c->p++ == '-' ? -1 : 1;
  if (!read_num(c, 3, &h) || h > max_hours) return false;
  if (c->p < c->e && *c->p == ':') {
    c->p++;
    if (!read_num(c, 2, &m) || m > 59) return false;
    if (c->p < c->e && *c->p == ':') {
      c->p++;
      if (!read_num(c, 2, &s) || s > 59) return false;
    }
  }
  *out = sign * (h * 3600 + m * 60 + s);
  return true;
}

static bool read_date(cursor *c, tz_date *d) {
  int32_t v, w, wd;
  memset(d, 0, sizeof *d);
  if (c->p < c->e && *c->p == 'J') {
    c->p++;
    if (!read_num(c, 3, &v) || v < 1 || v > 365) return false;
    d->kind = 'J';
    d->n = (uint16_t)v;
  } else if (c->p < c->e && *c->p == 'M') {
    c->p++;
    if (!read_num(c, 2, &v) || v < 1 || v > 12) return false;
    if (c->p >= c->e || *c->p++ != '.' || !read_num(c, 1, &w) || w < 1 || w > 5) return false;
    if (c->p >= c->e || *c->p++ != '.' || !read_num(c, 1, &wd) || wd > 6) return false;
    d->kind = 'M';
    d->m = (uint8_t)v;
    d->w = (uint8_t)w;
    d->d = (uint8_t)wd;
  } else {
    if (!read_num(c, 3, &v) || v > 365) return false;
    d->kind = 'N';
    d->n = (uint16_t)v;
  }
  d->secs = 7200; /* 02:00 unless given */
  if (c->p < c->e && *c->p == '/') {
    c->p++;
    if (!read_hms(c, 167, &d->secs)) return false;
  }
  return true;
}

static bool parse_posix(const char *s, size_t n, tz_rule *r) {
  cursor c = {s, s + n};
  int32_t off;
  memset(r, 0, sizeof *r);
  if (!read_abbr(&c) || !read_hms(&c, 24, &off)) return false;
  r->std_off = -off;
  if (c.p == c.e) return true; /* standard time only */
  if (!read_abbr(&c)) return false;
  r->has_dst = true;
  r->dst_off = r->std_off + 3600;
  if (c.p < c.e && *c.p != ',') {
    if (!read_hms(&c, 24, &off)) return false;
    r->dst_off = -off;
  }
  if (c.p == c.e) {
    /* No rule given: the US rules, the default of tzcode and Go. */
    r->start = (tz_date){'M', 0, 3, 2, 0, 7200};
    r->end = (tz_date){'M', 0, 11, 1, 0, 7200};
    return true;
  }
  if (*c.p++ != ',' || !read_date(&c, &r->start)) return false;
  if (c.p >= c.e || *c.p++ != ',' || !read_date(&c, &r->end)) return false;
  return c.p == c.e;
}

/* Local seconds (since the epoch, in the rule's local time) of date in year y. */
static int64_t rule_local(int64_t y, const tz_date *d) {
  int64_t day;
  switch (d->kind) {
  case 'J': /* Feb 29 is never counted, so J60 is always March 1st */
    day = lv_days_from_civil(y, 1, 1) + d->n - 1 + (is_leap(y) && d->n >= 60);
    break;
  case 'N':
    day = lv_days_from_civil(y, 1, 1) + d->n;
    break;
  default: { /* day d of week w (5 = last) of month m */
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t first = lv_days_from_civil(y, d->m, 1);
    int64_t dom = floor_mod(d->d - floor_mod(first + 4, 7), 7) + 7 * (d->w - 1); /* 0-based */
    int64_t len = mdays[d->m - 1] + (d->m == 2 && is_leap(y));
    if (dom >= len) dom -= 7;
    day = first + dom;
  }
  }
  return day * SECS_PER_DAY + d->secs;
}

/* The offset a rule gives at instant sec. The transitions of the year before,
 * of and after sec's year are considered in order and the latest one at or
 * before sec wins; on a tie the later one in that order wins, which makes
 * "all year DST" rules (EST5EDT,0/0,J365/25) and southern-hemisphere rules
 * (start after end in the year) come out right. */
static int32_t rule_offset(const tz_rule *r, int64_t sec) {
  if (!r->has_dst) return r->std_off;
  /* Outside the CEL range the answer does not matter, but it must be defined. */
  const int64_t margin = 8 * SECS_PER_DAY;
  if (sec < LV_TIMESTAMP_MIN_SEC - margin) sec = LV_TIMESTAMP_MIN_SEC - margin;
  if (sec > LV_TIMESTAMP_MAX_SEC + margin) sec = LV_TIMESTAMP_MAX_SEC + margin;
  int64_t y;
  unsigned m, d;
  lv_civil_from_days(floor_div(sec + r->std_off, SECS_PER_DAY), &y, &m, &d);
  bool dst = false;
  int64_t best = INT64_MIN;
  for (int64_t yy = y - 1; yy <= y + 1; yy++) {
    int64_t t_start = rule_local(yy, &r->start) - r->std_off; /* given in standard time */
    int64_t t_end = rule_local(yy, &r->end) - r->dst_off;     /* given in daylight time */
    int64_t t[2] = {t_start, t_end};
    bool to_dst[2] = {true, false};
    if (t_end < t_start) t[0] = t_end, t[1] = t_start, to_dst[0] = false, to_dst[1] = true;
    for (int k = 0; k < 2; k++)
      if (t[k] <= sec && t[k] >= best) best = t[k], dst = to_dst[k];
  }
  return dst ? r->dst_off : r->std_off;
}

lv_tz *lv_tz_from_posix(const char *s, size_t len) {
  tz_rule r;
  if (!s || !parse_posix(s, len, &r)) return NULL;
  lv_tz *z = zone_alloc(0, NULL, 0);
  if (!z) return NULL;
  z->kind = TZ_RULES;
  z->has_rule = true;
  z->rule = r;
  z->fixed_off = r.std_off;
  return z;
}

/* --- TZif ------------------------------------------------------------------- */

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p) {
  uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
  return (int64_t)v; /* two's complement: implementation-defined, exact on every target we build for */
}

enum { C_ISUT, C_ISSTD, C_LEAP, C_TIME, C_TYPE, C_CHAR };

/* Bytes of a data block after its 44-byte header, with tsize-byte times. */
static uint64_t tzif_block_len(const uint32_t c[6], unsigned tsize) {
  return (uint64_t)c[C_TIME] * (tsize + 1) + (uint64_t)c[C_TYPE] * 6 + c[C_CHAR] +
         (uint64_t)c[C_LEAP] * (tsize + 4) + c[C_ISSTD] + c[C_ISUT];
}

static bool tzif_header(const uint8_t *p, size_t avail, uint32_t c[6]) {
  if (avail < 44 || memcmp(p, "TZif", 4) != 0) return false;
  if (p[4] != 0 && (p[4] < '2' || p[4] > '4')) return false;
  for (int k = 0; k < 6; k++) c[k] = be32(p + 20 + 4 * k);
  return true;
}

static lv_tz *tzif_parse(const uint8_t *p, size_t n, const char *name, size_t namelen) {
  uint32_t c[6];
  if (!tzif_header(p, n, c)) return NULL;
  unsigned tsize = 4;
  size_t off = 44;
  uint64_t blen = tzif_block_len(c, 4);
  if (blen > n - off) return NULL;
  const char *footer = NULL;
  size_t footer_len = 0;
  if (p[4] != 0) {
    /* Version 2+: skip the 32-bit block; the 64-bit one follows, then the footer. */
    off += (size_t)blen;
    if (!tzif_header(p + off, n - off, c)) return NULL;
    off += 44;
    tsize = 8;
    blen = tzif_block_len(c, 8);
    if (blen > n - off) return NULL;
    size_t f = off + (size_t)blen;
    if (f >= n || p[f] != '\n') return NULL;
    const uint8_t *nl = memchr(p + f + 1, '\n', n - f - 1);
    if (!nl) return NULL;
    footer = (const char *)p + f + 1;
    footer_len = (size_t)(nl - (p + f + 1));
  }
  /* Leap-second zones ("right/...") count time differently from CEL. */
  if (c[C_TYPE] == 0 || c[C_LEAP] != 0) return NULL;
  if ((c[C_ISUT] && c[C_ISUT] != c[C_TYPE]) || (c[C_ISSTD] && c[C_ISSTD] != c[C_TYPE])) return NULL;

  const uint8_t *times = p + off;
  const uint8_t *idx = times + (size_t)c[C_TIME] * tsize;
  const uint8_t *types = idx + c[C_TIME];
  for (uint32_t k = 0; k < c[C_TYPE]; k++) {
    int32_t ut = (int32_t)be32(types + 6 * k);
    if (ut < -89999 || ut > 93599 || types[6 * k + 4] > 1) return NULL; /* RFC 8536 limits */
  }
  lv_tz *z = zone_alloc(c[C_TIME], name, namelen);
  if (!z) return NULL;
  int64_t *trans = (int64_t *)z->trans;
  int32_t *offs = (int32_t *)z->offs;
  for (uint32_t k = 0; k < c[C_TIME]; k++) {
    trans[k] = tsize == 8 ? be64(times + 8 * k) : (int32_t)be32(times + 4 * k);
    if (idx[k] >= c[C_TYPE] || (k && trans[k] <= trans[k - 1])) {
      free(z);
      return NULL;
    }
    offs[k] = (int32_t)be32(types + 6 * idx[k]);
  }
  z->kind = TZ_RULES;
  z->fixed_off = (int32_t)be32(types); /* type 0 before the first transition */
  /* An empty footer means no rule; a malformed one is ignored, as Go does. */
  if (footer_len && parse_posix(footer, footer_len, &z->rule)) z->has_rule = true;
  return z;
}

lv_tz *lv_tz_from_tzif(const void *data, size_t len) {
  if (!data) return NULL;
  return tzif_parse(data, len, NULL, 0);
}

void lv_tz_free(lv_tz *tz) {
  if (tz && tz != &tz_utc) free(tz);
}

int32_t lv_tz_offset(const lv_tz *tz, int64_t sec) {
  if (!tz) return 0;
  if (tz->kind == TZ_FIXED) return tz->fixed_off;
  uint32_t n = tz->ntrans;
  if (n == 0 || sec >= tz->trans[n - 1]) {
    if (tz->has_rule) return rule_offset(&tz->rule, sec);
    return n ? tz->offs[n - 1] : tz->fixed_off;
  }
  if (sec < tz->trans[0]) return tz->fixed_off;
  uint32_t lo = 0, hi = n - 1; /* trans[lo] <= sec < trans[hi] */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (tz->trans[mid] <= sec) lo = mid;
    else hi = mid;
  }
  return tz->offs[lo];
}

/* --- the cache ----------------------------------------------------------------
 * Open addressing, insert only: readers probe with acquire loads and no lock;
 * inserting takes the mutex. Slots only ever go from NULL to a zone, so a
 * reader sees either nothing (and then loads under the lock) or a complete
 * zone. Unknown names are not cached (that would let input grow memory). */

#define CACHE_SLOTS 8192 /* power of two */
#define CACHE_MAX 6144   /* the tz database has ~600 zones (~1800 with posix/) */

static _Atomic(const lv_tz *) cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t cache_count; /* under cache_lock */

static uint32_t name_hash(const char *s, size_t n) { /* FNV-1a */
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static const lv_tz *cache_get(const char *name, size_t len, uint32_t h) {
  for (uint32_t i = h & (CACHE_SLOTS - 1);; i = (i + 1) & (CACHE_SLOTS - 1)) {
    const lv_tz *z = atomic_load_explicit(&cache[i], memory_order_acquire);
    if (!z) return NULL; /* never full: CACHE_MAX < CACHE_SLOTS */
    if (z->namelen == len && memcmp(z->name, name, len) == 0) return z;
  }
}

/* Publishes z (or frees it when another thread won the race or the cache is
 * full) and returns the cached zone, or NULL when full. */
static const lv_tz *cache_put(lv_tz *z, uint32_t h) {
  pthread_mutex_lock(&cache_lock);
  const lv_tz *have = cache_get(z->name, z->namelen, h);
  if (!have && cache_count < CACHE_MAX) {
    uint32_t i = h & (CACHE_SLOTS - 1);
    while (atomic_load_explicit(&cache[i], memory_order_relaxed)) i = (i + 1) & (CACHE_SLOTS - 1);
    atomic_store_explicit(&cache[i], z, memory_order_release);
    cache_count++;
    have = z;
    z = NULL;
  }
  pthread_mutex_unlock(&cache_lock);
  free(z);
  return have;
}

/* --- names ---------------------------------------------------------------------- */

/* "+05:30", "-08:00", "05:30": hours 00-23, minutes 00-59, seconds east. */
static bool parse_fixed(const char *s, size_t n, int32_t *off) {
  int32_t sign = 1;
  if (n == 6 && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s++, n--;
  }
  if (n != 5 || !is_digit(s[0]) || !is_digit(s[1]) || s[2] != ':' || !is_digit(s[3]) || !is_digit(s[4]))
    return false;
  int32_t h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return false;
  *off = sign * (h * 3600 + m * 60);
  return true;
}

/* Checked before any file is touched: only [A-Za-z0-9_+-] components joined
 * by single '/', so no "..", no absolute path, no hidden file. */
static bool valid_zone_name(const char *s, size_t n) {
  if (n == 0 || n > ZONE_NAME_MAX || s[0] == '/' || s[n - 1] == '/') return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
              c == '+' || c == '-' || (c == '/' && s[i - 1] != '/');
    if (!ok) return false;
  }
  /* A link to the host's /etc/localtime: rules must not depend on the host. */
  return !(n == 9 && memcmp(s, "localtime", 9) == 0);
}

static lv_tz *load_zone_file(const char *name, size_t len) {
  const char *dir = getenv("TZDIR");
  if (!dir || !*dir) dir = "/usr/share/zoneinfo";
  size_t dl = strlen(dir);
  char path[4096 + ZONE_NAME_MAX + 2];
  if (dl > 4096) return NULL;
  memcpy(path, dir, dl);
  path[dl] = '/';
  memcpy(path + dl + 1, name, len);
  path[dl + 1 + len] = '\0';
  /* O_NONBLOCK: a FIFO planted in the directory must not hang us. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return NULL;
  struct stat st;
  uint8_t *buf = NULL;
  lv_tz *z = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= TZIF_MAX_BYTES &&
      (buf = malloc((size_t)st.st_size))) {
    size_t want = (size_t)st.st_size, got = 0;
    while (got < want) {
      ssize_t r = read(fd, buf + got, want - got);
      if (r <= 0) break; /* EINTR cannot happen on a regular file read */
      got += (size_t)r;
    }
    if (got == want) z = tzif_parse(buf, got, name, len);
  }
  free(buf);
  close(fd);
  return z;
}

const lv_tz *lv_tz_find(const char *name, size_t len) {
  if (!name) return NULL;
  if (len == 3 && memcmp(name, "UTC", 3) == 0) return &tz_utc;
  if (memchr(name, ':', len)) {
    int32_t off;
    if (!parse_fixed(name, len, &off)) return NULL;
    if (off == 0) return &tz_utc;
    char key[7]; /* canonical "+hh:mm" so that "05:30" and "+05:30" share a zone */
    int32_t a = off < 0 ? -off : off;
    key[0] = off < 0 ? '-' : '+';
    key[1] = (char)('0' + a / 36000), key[2] = (char)('0' + a / 3600 % 10), key[3] = ':';
    key[4] = (char)('0' + a / 600 % 6), key[5] = (char)('0' + a / 60 % 10), key[6] = '\0';
    uint32_t h = name_hash(key, 6);
    const lv_tz *z = cache_get(key, 6, h);
    if (z) return z;
    lv_tz *nz = zone_alloc(0, key, 6);
    if (!nz) return NULL;
    nz->kind = TZ_FIXED;
    nz->fixed_off = off;
    return cache_put(nz, h);
  }
  if (!valid_zone_name(name, len)) return NULL;
  uint32_t h = name_hash(name, len);
  const lv_tz *z = cache_get(name, len, h);
  if (z) return z;
  lv_tz *nz = load_zone_file(name, len);
  return nz ? cache_put(nz, h) : NULL;
}
