/* lv_builtins.c - helpers for generated code. */
#include "lv_builtins.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lv_buf.h"
#include "lv_time.h"
#include "lv_utf8.h"
#include "lv_values.h"

const lv_err *lv_err_no_field(lv_ctx *cx, const char *name, size_t n) {
  return lv_err_new(cx, LV_E_NO_SUCH_FIELD, "no such field '%.*s' (it is optional and absent)", (int)n, name);
}

const lv_err *lv_err_no_key(lv_ctx *cx, const char *name, size_t n) {
  return lv_err_new(cx, LV_E_NO_SUCH_KEY, "no such key: '%.*s'", (int)(n > 64 ? 64 : n), name);
}

static const char *tag_name(uint32_t tag) {
  static const char *const names[] = {"null", "bool", "int", "uint", "double", "string", "bytes", "timestamp",
                                      "duration", "list", "map", "message", "type", "optional"};
  return tag < sizeof names / sizeof names[0] ? names[tag] : "dyn";
}

const lv_err *lv_err_type_mismatch(lv_ctx *cx, const lv_value *v, uint32_t want_tag) {
  if (v->tag > LV_TAG_COUNT) /* levin eval: a declared variable without a value */
    return lv_err_new(cx, LV_E_INVALID_ARG, "no value is bound to a declared variable");
  return lv_err_new(cx, LV_E_NO_OVERLOAD, "no matching overload: expected %s, got %s", tag_name(want_tag),
                    tag_name(v->tag));
}

/* The tag a shape letter asks for; LV_TAG_COUNT for 'd' (anything). */
static uint32_t shape_tag(char c) {
  switch (c) {
  case 'n': return LV_NULL;
  case 'b': return LV_BOOL;
  case 'i': return LV_INT;
  case 'u': return LV_UINT;
  case 'f': return LV_DOUBLE;
  case 's': return LV_STRING;
  case 'y': return LV_BYTES;
  case 't': return LV_TIMESTAMP;
  case 'r': return LV_DURATION;
  case 'l': return LV_LIST;
  case 'm': return LV_MAP;
  case 'M': return LV_MSG;
  default: return LV_TAG_COUNT;
  }
}

/* The end of the shape starting at s. */
static const char *shape_skip(const char *s) {
  if (*s == 'l') return shape_skip(s + 1);
  if (*s == 'm') return shape_skip(shape_skip(s + 1));
  return s + 1;
}

static const lv_err *shape_value(lv_ctx *cx, const lv_value *v, const char *shape);

static const lv_err *shape_container(lv_ctx *cx, const void *c, const char *shape) {
  if (*shape == 'l') {
    const lv_list *l = c;
    for (uint32_t i = 0; l && i < l->len; i++) {
      const lv_err *e = shape_value(cx, &l->items[i], shape + 1);
      if (e) return e;
    }
    return NULL;
  }
  const lv_map *m = c;
  const char *val = shape_skip(shape + 1);
  for (uint32_t i = 0; m && i < m->len; i++) {
    const lv_err *e = shape_value(cx, &m->keys[i], shape + 1);
    if (!e) e = shape_value(cx, &m->vals[i], val);
    if (e) return e;
  }
  return NULL;
}

/* A JSON number in a dyn is a double: a whole one in range passes for an
 * int or uint element (the payload writes it the same way), so only values
 * of another kind fail. */
static bool whole_number_fits(const lv_value *v, uint32_t want) {
  if (v->tag != LV_DOUBLE || (want != LV_INT && want != LV_UINT)) return false;
  double d = v->v.d; /* NaN fails both range tests */
  bool in_range = want == LV_INT ? d >= -9223372036854775808.0 && d < 9223372036854775808.0
                                 : d >= 0 && d < 18446744073709551616.0;
  return in_range && floor(d) == d;
}

static const lv_err *shape_value(lv_ctx *cx, const lv_value *v, const char *shape) {
  uint32_t want = shape_tag(*shape);
  if (want == LV_TAG_COUNT) return NULL;
  if (v->tag != want && whole_number_fits(v, want)) return NULL;
  if (v->tag != want) return lv_err_type_mismatch(cx, v, want);
  if (want == LV_LIST || want == LV_MAP) return shape_container(cx, v->v.p, shape);
  return NULL;
}

const lv_err *lv_builtin_check_elements(lv_ctx *cx, const void *container, const char *shape) {
  return shape_container(cx, container, shape);
}

const lv_err *lv_builtin_div_zero(int32_t modulo) {
  static const lv_err div = {LV_E_DIV_ZERO, "division by zero"};
  static const lv_err mod = {LV_E_DIV_ZERO, "modulus by zero"};
  return modulo ? &mod : &div;
}

const lv_err *lv_builtin_index_error(lv_ctx *cx, int64_t index) {
  return lv_err_new(cx, LV_E_INDEX, "index out of range: %lld", (long long)index);
}

const lv_err *lv_builtin_no_overload(lv_ctx *cx, const char *fn, const lv_value *args, uint32_t n) {
  /* The same words as a dyn operator that finds no overload (lv_dyn.c), so
   * the message reads alike whichever path failed. */
  lv_buf b = LV_BUF_INIT;
  for (uint32_t i = 0; i < n; i++) {
    if (i) lv_buf_puts(&b, ", ");
    lv_buf_puts(&b, lv_value_type_name(cx, &args[i]));
  }
  const lv_err *e = lv_err_new(cx, LV_E_NO_OVERLOAD, "found no matching overload for '%s' applied to '(%.*s)'", fn,
                               (int)b.len, b.data ? b.data : "");
  lv_buf_free(&b);
  return e;
}

const lv_err *lv_builtin_undeclared(lv_ctx *cx, const char *name, size_t n) {
  return lv_err_new(cx, LV_E_INVALID_ARG, "undeclared reference to '%.*s'", (int)(n > 64 ? 64 : n), name);
}

const lv_err *lv_builtin_optional_none_error(lv_ctx *cx) {
  return lv_err_new(cx, LV_E_INVALID_ARG, "optional.none() dereference");
}

void *lv_builtin_alloc_zeroed(lv_ctx *cx, uint64_t size) {
  void *p = lv_arena_alloc(cx->arena, size);
  if (p) memset(p, 0, size);
  return p;
}

const lv_err *lv_builtin_optional_of(lv_ctx *cx, lv_value *out, const lv_value *v) {
  lv_value *box = lv_arena_alloc(cx->arena, sizeof *box);
  if (!box) return lv_err_static(LV_E_RESOURCE);
  *box = *v;
  out->tag = LV_OPTIONAL;
  out->aux = 0;
  out->v.p = box;
  return NULL;
}

static bool is_zero(const lv_value *v) {
  switch (v->tag) {
  case LV_NULL: return true;
  case LV_BOOL: return !v->v.b;
  case LV_INT: case LV_UINT: return v->v.i == 0;
  case LV_DOUBLE: return v->v.d == 0;
  case LV_STRING: case LV_BYTES: return v->aux == 0;
  case LV_TIMESTAMP: case LV_DURATION: return v->v.i == 0 && v->aux == 0;
  case LV_LIST: return !v->v.p || ((const lv_list *)v->v.p)->len == 0;
  case LV_MAP: return !v->v.p || ((const lv_map *)v->v.p)->len == 0;
  case LV_OPTIONAL: return v->v.p == NULL;
  default: return false;
  }
}

const lv_err *lv_builtin_optional_of_non_zero(lv_ctx *cx, lv_value *out, const lv_value *v) {
  if (is_zero(v)) {
    out->tag = LV_OPTIONAL;
    out->aux = 0;
    out->v.p = NULL;
    return NULL;
  }
  return lv_builtin_optional_of(cx, out, v);
}

const lv_err *lv_builtin_index_optional(lv_ctx *cx, lv_value *out, const lv_value *container,
                                        const lv_value *key) {
  out->tag = LV_OPTIONAL;
  out->aux = 0;
  out->v.p = NULL;
  if (container->tag == LV_OPTIONAL) {
    if (!container->v.p) return NULL;
    container = container->v.p;
  }
  const lv_value *found = NULL;
  if (container->tag == LV_LIST) {
    const lv_list *l = container->v.p;
    int64_t idx;
    if (key->tag == LV_INT) idx = key->v.i;
    else if (key->tag == LV_UINT) idx = key->v.u > INT64_MAX ? -1 : (int64_t)key->v.u;
    else if (key->tag == LV_DOUBLE && key->v.d == (double)(int64_t)key->v.d) idx = (int64_t)key->v.d;
    else return lv_err_new(cx, LV_E_NO_OVERLOAD, "a list index must be a whole number");
    if (l && idx >= 0 && idx < (int64_t)l->len) found = &l->items[idx];
  } else if (container->tag == LV_MAP) {
    found = container->v.p ? lv_map_find(container->v.p, key) : NULL;
  } else {
    return lv_err_new(cx, LV_E_NO_OVERLOAD, "[?...] needs a list or a map");
  }
  return found ? lv_builtin_optional_of(cx, out, found) : NULL;
}

const lv_err *lv_builtin_map_get(lv_ctx *cx, lv_value *out, const lv_map *m, const lv_value *key) {
  const lv_value *v = m ? lv_map_find(m, key) : NULL;
  if (v) {
    *out = *v;
    return NULL;
  }
  lv_buf b = LV_BUF_INIT;
  lv_value_print_cel(&b, cx, key);
  const lv_err *e = lv_err_new(cx, LV_E_NO_SUCH_KEY, "no such key: %.*s", (int)(b.len > 64 ? 64 : b.len),
                               b.data ? b.data : "");
  lv_buf_free(&b);
  return e;
}

const lv_err *lv_builtin_timestamp_from_string(lv_ctx *cx, int64_t *osec, int32_t *onanos, const char *s,
                                               size_t n) {
  lv_time t = {0, 0};
  const lv_err *e = lv_timestamp_parse(cx, &t, s, n);
  *osec = t.sec;
  *onanos = t.nanos;
  return e;
}

const lv_err *lv_builtin_duration_from_string(lv_ctx *cx, int64_t *osec, int32_t *onanos, const char *s,
                                              size_t n) {
  lv_time t = {0, 0};
  const lv_err *e = lv_duration_parse(cx, &t, s, n);
  *osec = t.sec;
  *onanos = t.nanos;
  return e;
}

const lv_err *lv_builtin_duration_from_int(lv_ctx *cx, int64_t *osec, int32_t *onanos, int64_t ns) {
  (void)cx;
  lv_duration_from_int(osec, onanos, ns);
  return NULL;
}

/* The token as an error message shows it: its first 64 bytes (whole
 * characters; "..." when cut), control characters (U+0000-U+001F,
 * U+007F-U+009F) as \u00XX and bytes that are not UTF-8 as \xXX, so a NUL
 * does not end the message and no raw control byte is in it. */
static void subject_token_excerpt(lv_buf *b, const char *p, size_t n) {
  size_t i = 0;
  while (i < n && i < 64) {
    uint32_t c;
    int len = lv_utf8_decode((const unsigned char *)p + i, n - i, &c);
    if (len <= 0) {
      lv_buf_printf(b, "\\x%02x", (unsigned char)p[i]);
      i++;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      lv_buf_printf(b, "\\u%04x", (unsigned)c);
      i += (size_t)len;
    } else if (i + (size_t)len > 64) {
      break;
    } else {
      lv_buf_putsn(b, p + i, (size_t)len);
      i += (size_t)len;
    }
  }
  if (i < n) lv_buf_puts(b, "...");
}

const lv_err *lv_builtin_subject_token(lv_ctx *cx, const char **optr, size_t *olen, const lv_value *v) {
  const char *p;
  size_t n;
  char num[32];
  switch (v->tag) {
  case LV_STRING:
    p = v->v.s;
    n = v->aux;
    break;
  case LV_INT:
    n = (size_t)snprintf(num, sizeof num, "%lld", (long long)v->v.i);
    p = lv_arena_strndup(cx->arena, num, n);
    if (!p) return lv_err_static(LV_E_RESOURCE);
    break;
  case LV_UINT:
    n = (size_t)snprintf(num, sizeof num, "%llu", (unsigned long long)v->v.u);
    p = lv_arena_strndup(cx->arena, num, n);
    if (!p) return lv_err_static(LV_E_RESOURCE);
    break;
  default:
    return lv_err_new(cx, LV_E_INVALID_ARG, "a subject token must be a string, an int or a uint, not %s",
                      lv_value_type_name(cx, v));
  }
  if (n == 0) return lv_err_new(cx, LV_E_INVALID_ARG, "subject token is empty");
  for (size_t i = 0; i < n;) {
    uint32_t c;
    int len = lv_utf8_decode((const unsigned char *)p + i, n - i, &c);
    if (len <= 0) len = 1, c = 0xfffd; /* not UTF-8 (strings are, normally): no character to refuse */
    /* C1 controls (U+0080-U+009F) are control characters too. */
    if (c == '.' || c == '*' || c == '>' || c <= ' ' || (c >= 0x7f && c <= 0x9f)) {
      lv_buf b = LV_BUF_INIT;
      subject_token_excerpt(&b, p, n);
      const lv_err *e = lv_err_new(cx, LV_E_INVALID_ARG, "subject token '%.*s' contains %s", (int)b.len,
                                   b.data ? b.data : "",
                                   c == '.' ? "'.'" : c == '*' ? "'*'" : c == '>' ? "'>'"
                                                                     : "whitespace or a control character");
      lv_buf_free(&b);
      return e;
    }
    i += (size_t)len;
  }
  *optr = p;
  *olen = n;
  return NULL;
}

const lv_err *lv_builtin_join_parts(lv_ctx *cx, const char **optr, size_t *olen, const lv_str *parts,
                                    uint32_t n) {
  size_t total = 0;
  for (uint32_t i = 0; i < n; i++) total += parts[i].len;
  char *buf = lv_arena_alloc(cx->arena, total + 1);
  if (!buf) return lv_err_static(LV_E_RESOURCE);
  size_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (parts[i].len) memcpy(buf + k, parts[i].ptr, parts[i].len);
    k += parts[i].len;
  }
  buf[k] = 0;
  *optr = buf;
  *olen = k;
  return NULL;
}
