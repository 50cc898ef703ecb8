/* decode_scalar.c - JSON values into the slots of scalar kinds: booleans,
 * integers (also from strings, as protobuf JSON writes 64-bit ints),
 * doubles (also "NaN", "Infinity", "-Infinity" and numeric strings),
 * strings, base64 bytes, RFC 3339 timestamps and durations. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decode_int.h"
#include "lv_string.h"
#include "lv_time.h"

const char *lv_dec_type_error(lv_jscan *s, const char *p, const char *what) {
  char found[64];
  switch (*p) {
  case '"': {
    lv_jstr t;
    if (!lv_jscan_string(s, p, &t)) return NULL;
    snprintf(found, sizeof found, "a string");
    break;
  }
  case '{': snprintf(found, sizeof found, "an object"); break;
  case '[': snprintf(found, sizeof found, "an array"); break;
  case '-': case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9': {
    lv_jnum n;
    if (!lv_jscan_number(s, p, &n)) return NULL;
    lv_jscan_describe_number(found, sizeof found, n.ptr, n.len);
    break;
  }
  default:
    if (!lv_jscan_literal(s, p)) return NULL;
    snprintf(found, sizeof found, "%s", *p == 't' ? "true" : *p == 'f' ? "false" : "null");
    break;
  }
  return lv_dec_fail(s, p, "expected %s, found %s", what, found);
}

/* The string at p holding a value (a number, a time, base64): its text,
 * unescaped (into buf[cap] when it fits) when it has escapes, and followed by
 * at least 16 bytes that cannot continue a number (the closing quote of the
 * original, or zeros), so the number scanner may read ahead. *end: the
 * position after the string. NULL with the error recorded. */
#define TEXT_PAD 16
static const char *string_text(lv_jscan *s, const char **end, size_t *len, const char *p,
                               char *buf, size_t cap) {
  lv_jstr str;
  *end = lv_jscan_string(s, p, &str);
  if (!*end) return NULL;
  if (!str.escaped) {
    *len = str.len;
    return str.ptr;
  }
  char *d = buf;
  if (str.len + TEXT_PAD > cap) {
    d = lv_arena_alloc(s->arena, str.len + TEXT_PAD);
    if (!d) return lv_jscan_no_memory(s, p);
  }
  *len = lv_jscan_unescape(d, str.ptr, str.len);
  memset(d + *len, 0, TEXT_PAD);
  return d;
}

/* Whether the text t[0..len) of a string is one JSON number, scanned into n
 * (protobuf JSON writes 64-bit integers, and may write any number, as
 * strings); shown gets the string as reasons quote it. */
static bool text_number(lv_jnum *n, char shown[64], const char *t, size_t len) {
  const char *at, *why;
  const char *e = len ? lv_jnum_scan(n, t, &at, &why) : NULL;
  lv_jscan_describe_string(shown, 64, t, len);
  return e == t + len;
}

/* --- integers ------------------------------------------------------------------ */

static const char *what_int(uint32_t kind) {
  return kind == LV_K_INT ? "an integer" : "a non-negative integer";
}

static const char *store_int(lv_jscan *s, const char *at, uint32_t kind, const lv_jnum *n,
                             const char *shown, void *slot) {
  lv_jnum_status st;
  int64_t i = 0;
  uint64_t u = 0;
  if (kind == LV_K_INT) st = lv_jnum_int(n, &i);
  else st = lv_jnum_uint(n, &u);
  if (st == LV_JNUM_OK) {
    if (slot) {
      if (kind == LV_K_INT) memcpy(slot, &i, 8);
      else memcpy(slot, &u, 8);
    }
    return at;
  }
  char num[48];
  if (!shown) {
    lv_jscan_describe_number(num, sizeof num, n->ptr, n->len);
    shown = num;
  }
  switch (st) {
  case LV_JNUM_RANGE:
    return lv_dec_fail(s, at, "expected an integer in %s range, found %s",
                       kind == LV_K_INT ? "int64" : "uint64", shown);
  case LV_JNUM_NEGATIVE:
    return lv_dec_fail(s, at, "expected a non-negative integer, found %s", shown);
  default:
    return lv_dec_fail(s, at, "expected %s, found %s", what_int(kind), shown);
  }
}

const char *lv_dec_int(lv_jscan *s, const char *p, uint32_t kind, void *slot) {
  if (*p == '"') {
    char buf[64 + TEXT_PAD], shown[64];
    size_t len;
    const char *q, *t = string_text(s, &q, &len, p, buf, sizeof buf);
    if (!t) return NULL;
    lv_jnum n;
    if (!text_number(&n, shown, t, len))
      return lv_dec_fail(s, p, "expected %s, found %s", what_int(kind), shown);
    return store_int(s, p, kind, &n, shown, slot) ? q : NULL;
  }
  if (*p != '-' && !lv_jscan_digit(*p)) return lv_dec_type_error(s, p, what_int(kind));
  lv_jnum n;
  const char *q = lv_jscan_number(s, p, &n);
  if (!q) return NULL;
  return store_int(s, p, kind, &n, NULL, slot) ? q : NULL;
}

/* --- doubles -------------------------------------------------------------------- */

const char *lv_dec_double(lv_jscan *s, const char *p, void *slot) {
  double d;
  if (*p == '"') {
    char buf[64 + TEXT_PAD], shown[64];
    size_t len;
    const char *q, *t = string_text(s, &q, &len, p, buf, sizeof buf);
    if (!t) return NULL;
    if (len == 3 && memcmp(t, "NaN", 3) == 0) {
      d = NAN;
    } else if (len == 8 && memcmp(t, "Infinity", 8) == 0) {
      d = INFINITY;
    } else if (len == 9 && memcmp(t, "-Infinity", 9) == 0) {
      d = -INFINITY;
    } else {
      lv_jnum n;
      if (!text_number(&n, shown, t, len))
        return lv_dec_fail(s, p, "expected a number, found %s", shown);
      lv_jnum_status st = lv_jnum_double(&n, s->arena, &d);
      if (st == LV_JNUM_NO_MEMORY) return lv_jscan_no_memory(s, p);
      if (st != LV_JNUM_OK)
        return lv_dec_fail(s, p, "number out of the range of double, found %s", shown);
    }
    if (slot) memcpy(slot, &d, 8);
    return q;
  }
  if (*p != '-' && !lv_jscan_digit(*p)) return lv_dec_type_error(s, p, "a number");
  lv_jnum n;
  const char *q = lv_jscan_number(s, p, &n);
  if (!q) return NULL;
  lv_jnum_status st = lv_jnum_double(&n, s->arena, &d);
  if (st != LV_JNUM_OK) {
    if (st == LV_JNUM_NO_MEMORY) return lv_jscan_no_memory(s, p);
    char num[48];
    lv_jscan_describe_number(num, sizeof num, n.ptr, n.len);
    return lv_dec_fail(s, p, "number out of the range of double, found %s", num);
  }
  if (slot) memcpy(slot, &d, 8);
  return q;
}

/* --- strings and values held in strings ---------------------------------------------- */

const char *lv_dec_bool(lv_jscan *s, const char *p, void *slot) {
  if (*p != 't' && *p != 'f') return lv_dec_type_error(s, p, "a boolean");
  const char *q = lv_jscan_literal(s, p);
  if (q && slot) *(uint8_t *)slot = *p == 't';
  return q;
}

const char *lv_dec_string(lv_jscan *s, const char *p, void *slot) {
  if (*p != '"') return lv_dec_type_error(s, p, "a string");
  lv_jstr str;
  const char *q = lv_jscan_string(s, p, &str);
  if (!q || !slot) return q;
  if (str.len > LV_STR_MAX) return lv_dec_fail(s, p, "string longer than %zu bytes", LV_STR_MAX);
  lv_str v;
  v.ptr = lv_jscan_str_text(s, &str, NULL, 0, &v.len);
  if (!v.ptr) return lv_jscan_no_memory(s, p);
  memcpy(slot, &v, sizeof v);
  return q;
}

const char *lv_dec_bytes(lv_jscan *s, const char *p, void *slot) {
  if (*p != '"') return lv_dec_type_error(s, p, "a base64 string");
  char buf[192 + TEXT_PAD], out[192];
  size_t len;
  const char *q, *t = string_text(s, &q, &len, p, buf, sizeof buf);
  if (!t) return NULL;
  size_t cap = len / 4 * 3 + 3;
  char *d = out;
  if (slot || cap > sizeof out) {
    d = lv_arena_alloc(s->arena, cap);
    if (!d) return lv_jscan_no_memory(s, p);
  }
  /* Decoded even when not needed: invalid base64 is an invalid event. */
  size_t n = lv_base64_decode(d, t, len);
  if (n == (size_t)-1) {
    char shown[64];
    lv_jscan_describe_string(shown, sizeof shown, t, len);
    return lv_dec_fail(s, p, "expected base64 bytes, found %s", shown);
  }
  if (slot) {
    lv_str v = {d, n};
    memcpy(slot, &v, sizeof v);
  }
  return q;
}

const char *lv_dec_time(lv_jscan *s, const char *p, uint32_t kind, void *slot) {
  bool ts = kind == LV_K_TIMESTAMP;
  if (*p != '"') return lv_dec_type_error(s, p, ts ? "an RFC 3339 timestamp string" : "a duration string");
  char buf[64 + TEXT_PAD];
  size_t len;
  const char *q, *t = string_text(s, &q, &len, p, buf, sizeof buf);
  if (!t) return NULL;
  lv_time v;
  /* Parsed even when not needed: an invalid time is an invalid event. */
  const lv_err *e = ts ? lv_timestamp_parse(NULL, &v, t, len) : lv_duration_parse(NULL, &v, t, len);
  if (e) {
    /* lv_time's reason ("invalid timestamp: month out of range",
     * "duration out of range", ...), then what the event held. */
    char shown[64];
    lv_jscan_describe_string(shown, sizeof shown, t, len);
    if (e->msg && *e->msg) return lv_dec_fail(s, p, "%s, found %s", e->msg, shown);
    if (ts) return lv_dec_fail(s, p, "expected an RFC 3339 timestamp, found %s", shown);
    return lv_dec_fail(s, p, "expected a duration (like \"1.5s\"), found %s", shown);
  }
  if (slot) memcpy(slot, &v, sizeof v);
  return q;
}
