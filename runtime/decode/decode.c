/* decode.c - JSON events decoded against their schema straight into the
 * struct layout of lv_schema.h, on the strict scanner of lv_json_scan.h.
 *
 * One pass, no tree: each value is checked against its field's kind as it
 * is scanned and stored into its slot. Fields no rule reads (needed ==
 * false) and unknown keys are validated without building anything. Errors
 * unwind with NULL; each level prepends its path component on the way out,
 * so the common path pays nothing for error reporting. This is the service's
 * hot path: the kinds events are mostly made of are decoded inline in the
 * object loop, everything else (and every error) goes through
 * decode_scalar.c. */
#include <string.h>

#include "decode_int.h"
#include "lv_utf8.h"

/* A slot's value, whatever the kind (elements are decoded into one, then boxed). */
typedef union slot_val {
  uint8_t b;
  int64_t i;
  uint64_t u;
  double d;
  lv_str s;
  lv_time t;
  const void *p;
  lv_value v;
} slot_val;

static const char *dec_value(lv_jscan *s, const char *p, const lv_rtype *t, void *slot);
static const char *dec_object(lv_jscan *s, const char *p, const lv_schema *sc, char *msg,
                              const uint64_t *capmask);

static const char *kind_fail(lv_jscan *s, const char *at, uint32_t kind) {
  s->err_at = at;
  s->err_kind = kind;
  s->err_msg[0] = 0;
  return NULL;
}

/* --- containers ------------------------------------------------------------------ */

static void box(const lv_rtype *t, const slot_val *u, lv_value *out) {
  switch ((lv_kind)t->kind) {
  case LV_K_BOOL: *out = lv_value_bool(u->b); break;
  case LV_K_INT: *out = lv_value_int(u->i); break;
  case LV_K_UINT: *out = lv_value_uint(u->u); break;
  case LV_K_DOUBLE: *out = lv_value_double(u->d); break;
  case LV_K_STRING: *out = lv_value_string(u->s.ptr, u->s.len); break;
  case LV_K_BYTES: *out = lv_value_bytes(u->s.ptr, u->s.len); break;
  case LV_K_TIMESTAMP: *out = lv_value_timestamp(u->t.sec, u->t.nanos); break;
  case LV_K_DURATION: *out = lv_value_duration(u->t.sec, u->t.nanos); break;
  case LV_K_LIST: *out = lv_value_list(u->p); break;
  case LV_K_MAP: *out = lv_value_map(u->p); break;
  case LV_K_MSG:
    out->tag = LV_MSG;
    out->aux = t->schema->index;
    out->v.p = u->p;
    break;
  default: *out = u->v; break;
  }
}

/* A container element: decoded as its type, then boxed (out NULL: validate). */
static const char *dec_elem(lv_jscan *s, const char *p, const lv_rtype *t, lv_value *out) {
  if (t->kind == LV_K_DYN) return out ? lv_json_build(s, p, out) : lv_jscan_skip(s, p, true);
  slot_val u;
  const char *q = dec_value(s, p, t, out ? &u : NULL);
  if (q && out) box(t, &u, out);
  return q;
}

static const char *dec_list(lv_jscan *s, const char *p, const lv_rtype *elem, void *slot) {
  if (*p != '[') return lv_dec_type_error(s, p, "an array");
  const char *open = p;
  uint32_t base = s->sn;
  bool more = lv_jscan_enter(s, &p, ']');
  for (uint32_t i = 0; more; i++) {
    lv_value v;
    const char *q = dec_elem(s, p, elem, slot ? &v : NULL);
    if (!q) {
      lv_jscan_path_index(s, i);
      return NULL;
    }
    if (slot && !lv_jscan_push(s, NULL, &v, 0)) return lv_jscan_no_memory(s, p);
    more = lv_jscan_next(s, &p, q, ']');
  }
  if (!p) return NULL;
  if (slot) {
    const lv_list *l = lv_jscan_list_from_scratch(s, base, open);
    if (!l) return NULL;
    memcpy(slot, &l, sizeof l);
  }
  s->depth--;
  return p;
}

static const char *dec_map(lv_jscan *s, const char *p, const lv_rtype *elem, void *slot) {
  if (*p != '{') return lv_dec_type_error(s, p, "an object");
  const char *open = p;
  uint32_t base = s->sn;
  bool more = lv_jscan_enter(s, &p, '}');
  while (more) {
    const char *kp = p;
    lv_jstr k;
    lv_value key, v;
    /* Keys are kept even when validating: repeated keys are errors either way. */
    if (!lv_jscan_member(s, &p, &k, &key, LV_DERR_FIELD)) return NULL;
    const char *q = dec_elem(s, p, elem, slot ? &v : NULL);
    if (!q) {
      lv_jscan_path_key(s, k.ptr, k.len);
      return NULL;
    }
    if (!lv_jscan_push(s, &key, slot ? &v : NULL, lv_jscan_offset(s, kp)))
      return lv_jscan_no_memory(s, kp);
    more = lv_jscan_next(s, &p, q, '}');
  }
  if (!p) return NULL;
  if (slot) {
    const lv_map *m = lv_jscan_map_from_scratch(s, base, open);
    if (!m) {
      if (lv_jscan_error_is_dup(s)) s->err_kind = LV_DERR_FIELD; /* about the field's value */
      return NULL;
    }
    memcpy(slot, &m, sizeof m);
  } else {
    if (!lv_jscan_check_dups(s, base)) {
      if (lv_jscan_error_is_dup(s)) s->err_kind = LV_DERR_FIELD;
      return NULL;
    }
    s->sn = base;
  }
  s->depth--;
  return p;
}

static const char *dec_msg(lv_jscan *s, const char *p, const lv_schema *sc, void *slot) {
  if (*p != '{') return lv_dec_type_error(s, p, "an object");
  char *m = NULL;
  if (slot) {
    m = lv_arena_alloc(s->arena, sc->size);
    if (!m) return lv_jscan_no_memory(s, p);
    memset(m, 0, sc->size);
  }
  const char *q = dec_object(s, p, sc, m, NULL);
  if (q && slot) memcpy(slot, &m, sizeof m);
  return q;
}

/* p: the value (whitespace skipped); slot NULL: validate only. */
static const char *dec_value(lv_jscan *s, const char *p, const lv_rtype *t, void *slot) {
  switch ((lv_kind)t->kind) {
  case LV_K_BOOL: return lv_dec_bool(s, p, slot);
  case LV_K_INT: case LV_K_UINT: return lv_dec_int(s, p, t->kind, slot);
  case LV_K_DOUBLE: return lv_dec_double(s, p, slot);
  case LV_K_STRING: return lv_dec_string(s, p, slot);
  case LV_K_BYTES: return lv_dec_bytes(s, p, slot);
  case LV_K_TIMESTAMP: case LV_K_DURATION: return lv_dec_time(s, p, t->kind, slot);
  case LV_K_LIST: return dec_list(s, p, t->elem, slot);
  case LV_K_MAP: return dec_map(s, p, t->elem, slot);
  case LV_K_MSG: return dec_msg(s, p, t->schema, slot);
  case LV_K_DYN: return slot ? lv_json_build(s, p, slot) : lv_jscan_skip(s, p, true);
  default: return lv_jscan_fail(s, p, "schema error: unknown field kind %u", t->kind);
  }
}

/* --- objects -------------------------------------------------------------------------- */

static void store_default(const lv_field *f, char *msg) {
  void *slot = msg + f->offset;
  const lv_value *v = &f->default_value;
  switch ((lv_kind)f->type.kind) {
  case LV_K_BOOL: *(uint8_t *)slot = v->v.b; break;
  case LV_K_INT: case LV_K_UINT: case LV_K_DOUBLE: memcpy(slot, &v->v, 8); break;
  case LV_K_STRING: case LV_K_BYTES: {
    lv_str str = {v->v.s, v->aux};
    memcpy(slot, &str, sizeof str);
    break;
  }
  case LV_K_TIMESTAMP: case LV_K_DURATION: {
    lv_time tm = {v->v.i, (int32_t)v->aux};
    memcpy(slot, &tm, sizeof tm);
    break;
  }
  case LV_K_LIST: case LV_K_MAP: case LV_K_MSG: memcpy(slot, &v->v.p, sizeof(void *)); break;
  case LV_K_DYN: memcpy(slot, v, sizeof *v); break;
  default: break;
  }
}

/* A key with escapes: resolved before the lookup (rare). */
static __attribute__((noinline)) const lv_field *find_escaped(lv_jscan *s, const lv_schema *sc,
                                                              const lv_jstr *key, bool *nomem) {
  char buf[128];
  size_t len;
  const char *t = lv_jscan_str_text(s, key, buf, sizeof buf, &len);
  if (!t) {
    *nomem = true;
    return NULL;
  }
  return lv_schema_field_by_json(sc, t, len);
}

/* Whether a[0..n) and b[0..n) agree in their first and last w bytes (w <= n):
 * two loads from each, overlapping when n < 2w. */
static inline bool ends_eq(const char *a, const char *b, size_t n, size_t w) {
  uint64_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  memcpy(&x0, a, w);
  memcpy(&y0, b, w);
  memcpy(&x1, a + n - w, w);
  memcpy(&y1, b + n - w, w);
  return ((x0 ^ y0) | (x1 ^ y1)) == 0;
}

/* Equality of short keys, never reading outside [a, a+n) or [b, b+n).
 * Always inline: it is on the decoder's per-member path. */
static inline __attribute__((always_inline)) bool key_eq(const char *a, const char *b, size_t n) {
  if (n >= 8) return n > 16 ? memcmp(a, b, n) == 0 : ends_eq(a, b, n, 8);
  if (n >= 4) return ends_eq(a, b, n, 4);
  if (n >= 2) return ends_eq(a, b, n, 2);
  return n == 0 || a[0] == b[0];
}

/* Validates a value nobody reads: scalars inline, the rest out of line. */
static inline const char *skip_fast(lv_jscan *s, const char *p) {
  if (*p == '"') {
    lv_jstr t;
    return lv_jscan_string(s, p, &t);
  }
  if (*p == '-' || lv_jscan_digit(*p)) {
    lv_jnum n;
    const char *at, *why;
    const char *q = lv_jnum_scan(&n, p, &at, &why);
    return q ? q : lv_jscan_syntax(s, at, why);
  }
  return lv_jscan_skip(s, p, false);
}

/* The fast paths below return the position after the value, or NULL when
 * they do not handle it (having recorded nothing that matters): the careful
 * decoder then starts over at the same place and decides. So they only need
 * to be right about what they accept. */

/* -?d{1,15} not continued by a fraction or exponent. */
static inline const char *fast_int(const char *p, void *slot) {
#if LV_JSCAN_LE
  const char *q = p + (*p == '-');
  uint64_t w;
  memcpy(&w, q, 8);
  unsigned k = lv_jscan_digits8(w);
  if (k == 0 || (*q == '0' && k > 1)) return NULL;
  uint64_t m = slot ? lv_jscan_value8(w, k) : 0;
  q += k;
  if (k == 8) { /* up to 15 digits here; longer ones take the careful path */
    static const uint64_t p10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    memcpy(&w, q, 8);
    k = lv_jscan_digits8(w);
    if (k == 8) return NULL;
    if (k && slot) m = m * p10[k] + lv_jscan_value8(w, k);
    q += k;
  }
  if (*q == '.' || (*q | 0x20) == 'e') return NULL;
  if (slot) {
    int64_t v = *p == '-' ? -(int64_t)m : (int64_t)m;
    memcpy(slot, &v, sizeof v);
  }
  return q;
#else
  (void)p;
  (void)slot;
  return NULL;
#endif
}

/* -?d{1,7}(.d{1,7})? : the mantissa stays below 10^14 < 2^53 and the scale
 * within 10^7, so one division rounds correctly (Clinger). */
static inline const char *fast_double(const char *p, void *slot) {
#if defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ == 0 && LV_JSCAN_LE
  static const double pow10[8] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
  static const uint64_t p10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  const char *q = p + (*p == '-');
  uint64_t w;
  memcpy(&w, q, 8);
  unsigned k = lv_jscan_digits8(w);
  if (k == 0 || k == 8 || (*q == '0' && k > 1)) return NULL;
  uint64_t m = slot ? lv_jscan_value8(w, k) : 0;
  q += k;
  unsigned kf = 0;
  if (*q == '.') {
    memcpy(&w, q + 1, 8);
    kf = lv_jscan_digits8(w);
    if (kf == 0 || kf == 8) return NULL;
    if (slot) m = m * p10[kf] + lv_jscan_value8(w, kf);
    q += 1 + kf;
  }
  if (*q == '.' || (*q | 0x20) == 'e') return NULL;
  if (slot) {
    double d = (double)m / pow10[kf];
    if (*p == '-') d = -d;
    memcpy(slot, &d, sizeof d);
  }
  return q;
#else
  (void)p;
  (void)slot;
  return NULL;
#endif
}

/* A list of plain strings (no escapes). */
static __attribute__((noinline)) const char *fast_str_list(lv_jscan *s, const char *p, void *slot) {
  const char *open = p;
  if (s->depth + 1 > s->max_depth) return NULL;
  uint32_t base = s->sn;
  const char *q = lv_jscan_ws(p + 1);
  if (*q != ']') {
    for (;;) {
      if (*q != '"') goto bail;
      lv_jstr str;
      const char *r = lv_jscan_string(s, q, &str);
      if (!r || str.escaped || str.len > LV_STR_MAX) goto bail;
      if (slot) {
        lv_value v = lv_value_string(str.ptr, str.len);
        if (!lv_jscan_push(s, NULL, &v, 0)) goto bail;
      }
      q = lv_jscan_ws(r);
      if (*q == ',') {
        q = lv_jscan_ws(q + 1);
        continue;
      }
      if (*q == ']') break;
      goto bail;
    }
  }
  if (slot) {
    const lv_list *l = lv_jscan_list_from_scratch(s, base, open);
    if (!l) goto bail;
    memcpy(slot, &l, sizeof l);
  }
  return q + 1;
bail:
  s->sn = base;
  return NULL;
}

static inline const char *dec_fast(lv_jscan *s, const char *p, const lv_rtype *t, void *slot) {
  switch ((lv_kind)t->kind) {
  case LV_K_STRING:
    if (*p == '"') {
      lv_jstr str;
      const char *q = lv_jscan_string(s, p, &str);
      if (q && !str.escaped && str.len <= LV_STR_MAX) {
        if (slot) { /* zero-copy: points into the scanner's copy, in the arena */
          lv_str v = {str.ptr, str.len};
          memcpy(slot, &v, sizeof v);
        }
        return q;
      }
    }
    return NULL;
  case LV_K_DOUBLE:
    return *p == '-' || lv_jscan_digit(*p) ? fast_double(p, slot) : NULL;
  case LV_K_INT:
    return *p == '-' || lv_jscan_digit(*p) ? fast_int(p, slot) : NULL;
  case LV_K_LIST:
    return *p == '[' && t->elem->kind == LV_K_STRING ? fast_str_list(s, p, slot) : NULL;
  default:
    return NULL;
  }
}

/* A bit for a key, from its length and first byte: the keys of the schema
 * set theirs in a 64-bit filter. */
static inline unsigned key_filter_bit(const char *k, size_t n) {
  return (unsigned)(n * 11 + (n ? (unsigned char)k[0] : 0)) & 63;
}
static __attribute__((noinline)) uint64_t key_filter_build(const lv_field *fields, uint32_t nf) {
  uint64_t m = 1; /* never 0: 0 means "not built yet" */
  for (uint32_t i = 0; i < nf; i++) m |= 1ULL << key_filter_bit(fields[i].json_name, fields[i].json_len);
  return m;
}

static inline bool bit_get(const uint64_t *w, uint32_t i) { return (w[i >> 6] >> (i & 63)) & 1; }
static inline void bit_set(uint64_t *w, uint32_t i) { w[i >> 6] |= 1ULL << (i & 63); }

/* The path component of a member: as the event wrote the key, except that
 * a schema field's key written with escapes ("\u0061b") is named as the
 * schema names it when that is a plain identifier. */
static void path_member(lv_jscan *s, const lv_field *f, const lv_jstr *key) {
  if (f && key->escaped) {
    bool ident = f->json_len > 0;
    for (uint32_t i = 0; i < f->json_len && ident; i++) {
      unsigned char c = (unsigned char)f->json_name[i];
      ident = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i && c >= '0' && c <= '9');
    }
    if (ident) {
      lv_jscan_path_key(s, f->json_name, f->json_len);
      return;
    }
  }
  lv_jscan_path_key(s, key->ptr, key->len);
}

/* A field no key filled: its default, or an error when it is required. */
static const char *finish_field(lv_jscan *s, const char *open, const lv_field *f, char *msg) {
  if (f->has_default) {
    if (msg && f->needed) {
      store_default(f, msg);
      lv_msg_set_present(msg, f->index);
    }
  } else if (!f->optional) {
    lv_jscan_path_key(s, f->json_name, f->json_len);
    return kind_fail(s, open, LV_DERR_MISSING);
  }
  return open;
}

/* p at '{'. msg NULL: validate only. capmask: fields taken from captures.
 * The bits of the first 64 fields live in registers (seen: the key occurred,
 * a repeat is an error; nulled: its value was null), beyond that in memory. */
static const char *dec_object(lv_jscan *s, const char *p, const lv_schema *sc, char *msg,
                              const uint64_t *capmask) {
  const char *open = p;
  bool more = lv_jscan_enter(s, &p, '}');
  if (!p) return NULL; /* too deep */
  const lv_field *fields = sc->fields;
  uint32_t nf = sc->nfields;
  uint64_t seen0 = 0, nulled0 = 0, *seenx = NULL, *nulledx = NULL;
  if (nf > 64) {
    uint32_t nw = lv_presence_words(nf) - 1;
    seenx = lv_arena_calloc(s->arena, (size_t)nw * 2, sizeof *seenx);
    if (!seenx) return lv_jscan_no_memory(s, open);
    nulledx = seenx + nw;
  }
  uint32_t guess = 0; /* events mostly list their keys in schema order */
  uint64_t filter = 0;
  while (more) {
    if (*p != '"') return lv_jscan_syntax(s, p, "expected an object key (a string)");
    const char *kp = p;
    lv_jstr key;
    const lv_field *f;
    uint32_t i;
#if defined(__SSE2__)
    /* The guessed field's key, when it is there: its length comes from the
     * schema rather than from a scan, so the rest of the member does not
     * wait for one; the scan's mask only has to agree (an ASCII key, no
     * escapes, the quote right after it). */
    if (guess < nf && fields[guess].json_len < 16) {
      size_t n = fields[guess].json_len;
      unsigned m = lv_jscan_special16(p + 1);
      if ((m & ((2u << n) - 1)) == (1u << n) && p[1 + n] == '"' &&
          key_eq(fields[guess].json_name, p + 1, n)) {
        key.ptr = p + 1;
        key.len = n;
        key.escaped = false;
        p += n + 2;
        f = &fields[guess];
        i = guess;
        goto have_key;
      }
    }
#endif
    p = lv_jscan_string(s, p, &key);
    if (!p) return NULL;
    if (!key.escaped && guess < nf && fields[guess].json_len == key.len &&
        key_eq(fields[guess].json_name, key.ptr, key.len)) {
      f = &fields[guess];
      i = guess;
    } else {
      if (!key.escaped) {
        /* Unknown keys are common (events carry more than their schema)
         * and the schema's hash is a multiply per byte: a filter on the
         * length and first byte, built at the first miss, turns most of
         * them away first. */
        if (!filter) filter = key_filter_build(fields, nf);
        if ((filter >> key_filter_bit(key.ptr, key.len)) & 1)
          f = lv_schema_field_by_json(sc, key.ptr, key.len);
        else
          f = NULL;
      } else {
        bool nomem = false;
        f = find_escaped(s, sc, &key, &nomem);
        if (nomem) return lv_jscan_no_memory(s, kp);
      }
      i = f ? (uint32_t)(f - fields) : 0;
    }
#if defined(__SSE2__)
  have_key:
#endif
    p = lv_jscan_colon(s, p);
    if (!p) return NULL;
    const char *q;
    if (!f) {
      q = skip_fast(s, p); /* unknown: validated, not kept */
      if (!q) goto fail_member;
    } else {
      guess = i + 1;
      if (i < 64) {
        if ((seen0 >> i) & 1) goto dup;
        seen0 |= 1ULL << i;
      } else {
        if (bit_get(seenx, i - 64)) goto dup;
        bit_set(seenx, i - 64);
      }
      void *slot = msg && f->needed ? msg + f->offset : NULL;
      if (capmask && bit_get(capmask, i)) {
        q = lv_jscan_skip(s, p, false); /* the subject's token wins */
        if (!q) goto fail_member;
      } else if ((q = dec_fast(s, p, &f->type, slot))) {
        if (slot) lv_msg_set_present(msg, f->index);
      } else if (*p == 'n' && f->type.kind != LV_K_DYN) {
        q = lv_jscan_literal(s, p); /* null: absent, if the field may be */
        if (!q) goto fail_member;
        if (!f->optional && !f->has_default) {
          path_member(s, f, &key);
          return kind_fail(s, p, LV_DERR_NULL);
        }
        if (i < 64) nulled0 |= 1ULL << i;
        else bit_set(nulledx, i - 64);
      } else {
        q = dec_value(s, p, &f->type, slot);
        if (!q) goto fail_member;
        if (slot) lv_msg_set_present(msg, f->index);
      }
    }
    more = lv_jscan_next(s, &p, q, '}');
    continue;
  dup:
    path_member(s, f, &key);
    return kind_fail(s, kp, LV_DERR_DUP);
  fail_member:
    path_member(s, f, &key);
    return NULL;
  }
  if (!p) return NULL; /* no ',' or '}' after a member */
  /* Fields without a value: usually none, so only the missing bits are visited. */
  uint64_t todo = ~(seen0 & ~nulled0) & (nf >= 64 ? ~0ULL : (1ULL << nf) - 1);
  if (capmask) todo &= ~capmask[0];
  while (todo) {
    uint32_t j = (uint32_t)__builtin_ctzll(todo);
    todo &= todo - 1;
    if (!finish_field(s, open, &fields[j], msg)) return NULL;
  }
  for (uint32_t j = 64; j < nf; j++) {
    if ((bit_get(seenx, j - 64) && !bit_get(nulledx, j - 64)) || (capmask && bit_get(capmask, j)))
      continue;
    if (!finish_field(s, open, &fields[j], msg)) return NULL;
  }
  s->depth--;
  return p;
}

/* --- entry point ---------------------------------------------------------------------- */

static void fill_error(const lv_jscan *s, lv_decode_error *err) {
  if (!err) return;
  err->offset = lv_jscan_offset(s, s->err_at);
  lv_jscan_path_get(s, err->path, sizeof err->path);
  /* Reasons name the field by its path without the "$." - or, when the
   * path was cut ("$...b.c"), without the "$" only: the "..." says so. */
  const char *name = err->path + 1;
  if (*name == '.' && strncmp(name, "...", 3) != 0) name++;
  size_t n = 0;
  char *r = err->reason;
  size_t cap = sizeof err->reason;
  r[0] = 0;
  switch (s->err_kind) {
  case LV_DERR_PLAIN: lv_jscan_append(r, cap, &n, s->err_msg); return;
  case LV_DERR_DUP: lv_jscan_append(r, cap, &n, "duplicate field '"); break;
  case LV_DERR_MISSING: lv_jscan_append(r, cap, &n, "missing required field '"); break;
  default: lv_jscan_append(r, cap, &n, "field '"); break;
  }
  lv_jscan_append(r, cap, &n, name);
  lv_jscan_append(r, cap, &n, "'");
  if (s->err_kind == LV_DERR_NULL) lv_jscan_append(r, cap, &n, " is null");
  if (s->err_kind == LV_DERR_FIELD) {
    lv_jscan_append(r, cap, &n, ": ");
    lv_jscan_append(r, cap, &n, s->err_msg);
  }
}

/* Captures set string fields from the subject; checked before any decoding. */
static bool check_captures(lv_jscan *s, const lv_schema *sc, const lv_capture *caps,
                           size_t ncaps, uint64_t *capmask) {
  for (size_t i = 0; i < ncaps; i++) {
    const lv_capture *c = &caps[i];
    if (c->field >= sc->nfields) {
      lv_jscan_fail(s, s->base, "capture for field #%u: %s has %u fields", c->field,
                    sc->name ? sc->name : "the schema", sc->nfields);
      return false;
    }
    const lv_field *f = &sc->fields[c->field];
    if (f->type.kind != LV_K_STRING) {
      lv_jscan_fail(s, s->base, "capture for field '%s': not a string field", f->name);
      return false;
    }
    if ((!c->ptr && c->len) || c->len > LV_STR_MAX ||
        (c->len && lv_utf8_validate(c->ptr, c->len) != c->len)) {
      lv_jscan_fail(s, s->base, "capture for field '%s': not valid UTF-8 text", f->name);
      return false;
    }
    bit_set(capmask, c->field);
  }
  return true;
}

int lv_decode(void **out, lv_arena *arena, const lv_schema *schema, const char *json, size_t len,
              const lv_capture *caps, size_t ncaps, const lv_decode_limits *limits,
              lv_decode_error *err) {
  if (out) *out = NULL;
  lv_decode_limits lim = LV_DECODE_LIMITS_DEFAULT;
  if (limits && limits->max_depth) lim.max_depth = limits->max_depth;
  if (limits && limits->max_bytes) lim.max_bytes = limits->max_bytes;
  lv_jscan s;
  const char *p;
  char *msg;
  uint64_t capl[4] = {0}, *capmask = NULL;
  if (!out || !arena || !schema || (!json && len)) {
    lv_jscan_init(&s, "", 0, 0, NULL); /* no arena: copies nothing, cannot fail worse */
    lv_jscan_fail(&s, NULL, "lv_decode: no output, arena, schema or payload");
    goto fail;
  }
  if (len > lim.max_bytes) { /* checked before anything is copied */
    lv_jscan_init(&s, "", 0, 0, NULL);
    lv_jscan_fail(&s, NULL, "payload of %zu bytes exceeds the limit of %zu bytes", len,
                  lim.max_bytes);
    fill_error(&s, err);
    if (err) err->offset = lim.max_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)lim.max_bytes;
    return -1;
  }
  if (!lv_jscan_init(&s, json, len, lim.max_depth, arena)) goto fail;
  if (ncaps) {
    uint32_t nw = lv_presence_words(schema->nfields);
    capmask = nw <= 4 ? capl : lv_arena_calloc(arena, nw, sizeof *capmask);
    if (!capmask) {
      lv_jscan_no_memory(&s, s.base);
      goto fail;
    }
    if (!check_captures(&s, schema, caps, ncaps, capmask)) goto fail;
  }
  /* From here on every error is about the payload. */
  p = lv_jscan_ws(s.base);
  if (*p != '{') {
    if (p < s.end && (*p == '[' || *p == '"' || *p == '-' || lv_jscan_digit(*p) || *p == 't' ||
                      *p == 'f' || *p == 'n')) {
      if (!lv_dec_type_error(&s, p, "an object at the top level") && s.err_kind == LV_DERR_FIELD)
        s.err_kind = LV_DERR_PLAIN;
    } else {
      lv_jscan_expected_value(&s, p);
    }
    goto fail_payload;
  }
  msg = lv_arena_alloc(arena, schema->size);
  if (!msg) {
    lv_jscan_no_memory(&s, p);
    goto fail_payload;
  }
  memset(msg, 0, schema->size);
  p = dec_object(&s, p, schema, msg, capmask);
  if (!p) goto fail_payload;
  p = lv_jscan_ws(p);
  if (p < s.end) {
    lv_jscan_syntax(&s, p, "trailing characters after the JSON value");
    goto fail_payload;
  }
  for (size_t i = 0; i < ncaps; i++) {
    const lv_field *f = &schema->fields[caps[i].field];
    if (!f->needed) continue;
    lv_str v = {caps[i].len ? caps[i].ptr : "", caps[i].len};
    memcpy(msg + f->offset, &v, sizeof v);
    lv_msg_set_present(msg, f->index);
  }
  *out = msg;
  return 0;
fail_payload:
  fill_error(&s, err);
  /* A payload that is not JSON is rejected as such whatever the decoder met
   * first: "{} x" lacks a field before its trailing "x" is reached, and
   * the reason must not depend on that order. Everything before the error
   * was scanned, so a syntax or nesting error recorded by the decoder is
   * already the first in the text; any other error has the whole text read
   * again - on this path only, the success path pays nothing. */
  if (err && !lv_jscan_error_in_text(&s) && !lv_jscan_check_text(&s)) fill_error(&s, err);
  return -1;
fail:
  fill_error(&s, err);
  return -1;
}
