/* typed_json.c - the typed-JSON protocol of `levin eval --batch --io json`. */
#include "cli/typed_json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv_json.h"
#include "lv_string.h"
#include "lv_time.h"
#include "lv_values.h"

/* --- reading -------------------------------------------------------------------------- */

static const lv_value *get(const lv_value *obj, const char *key) {
  if (obj->tag != LV_MAP) return NULL;
  return lv_map_find_str(obj->v.p, key, strlen(key));
}

static bool is_str(const lv_value *v) { return v && v->tag == LV_STRING; }

static char *cstr(lv_ctx *cx, const lv_value *v) { return lv_arena_strndup(cx->arena, v->v.s, v->aux); }

static bool type_tag_of_name(const char *n, lv_value *out) {
  static const struct {
    const char *name;
    uint32_t tag;
  } names[] = {{"null_type", LV_NULL}, {"bool", LV_BOOL}, {"int", LV_INT}, {"uint", LV_UINT},
               {"double", LV_DOUBLE}, {"string", LV_STRING}, {"bytes", LV_BYTES},
               {"google.protobuf.Timestamp", LV_TIMESTAMP}, {"google.protobuf.Duration", LV_DURATION},
               {"list", LV_LIST}, {"map", LV_MAP}, {"type", LV_TYPE}, {"optional_type", LV_OPTIONAL},
               {"dyn", LV_TAG_COUNT}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(names[i].name, n) == 0) {
      out->tag = LV_TYPE;
      out->aux = names[i].tag;
      out->v.i = 0;
      return true;
    }
  return false;
}

/* {"int": "5"} etc. into a boxed value. */
static bool read_typed(lv_ctx *cx, const lv_value *j, lv_value *out, char *why, size_t whylen, int depth) {
  if (depth > 64 || j->tag != LV_MAP || ((const lv_map *)j->v.p)->len != 1) {
    snprintf(why, whylen, "a typed value is an object with one key");
    return false;
  }
  const lv_map *m = j->v.p;
  const lv_value *k = &m->keys[0], *v = &m->vals[0];
  char key[32];
  snprintf(key, sizeof key, "%.*s", (int)(k->aux < 31 ? k->aux : 31), k->v.s);
  const lv_err *e = NULL;
  if (strcmp(key, "int") == 0 && is_str(v)) {
    int64_t x;
    e = lv_string_to_int(cx, &x, v->v.s, v->aux);
    *out = lv_value_int(x);
  } else if (strcmp(key, "uint") == 0 && is_str(v)) {
    uint64_t x;
    e = lv_string_to_uint(cx, &x, v->v.s, v->aux);
    *out = lv_value_uint(x);
  } else if (strcmp(key, "double") == 0 && (is_str(v) || v->tag == LV_DOUBLE)) {
    double d = v->tag == LV_DOUBLE ? v->v.d : 0;
    if (is_str(v)) {
      char *s = cstr(cx, v);
      if (strcmp(s, "NaN") == 0) d = NAN;
      else if (strcmp(s, "Infinity") == 0) d = INFINITY;
      else if (strcmp(s, "-Infinity") == 0) d = -INFINITY;
      else {
        char *end;
        errno = 0;
        d = strtod(s, &end);
        if (*end || end == s) {
          snprintf(why, whylen, "bad double '%s'", s);
          return false;
        }
      }
    }
    *out = lv_value_double(d);
  } else if (strcmp(key, "bool") == 0 && v->tag == LV_BOOL) {
    *out = *v;
  } else if (strcmp(key, "string") == 0 && is_str(v)) {
    *out = *v;
  } else if (strcmp(key, "bytes") == 0 && is_str(v)) {
    char *buf = lv_arena_alloc(cx->arena, v->aux * 3 / 4 + 4);
    size_t n = buf ? lv_base64_decode(buf, v->v.s, v->aux) : (size_t)-1;
    if (n == (size_t)-1) {
      snprintf(why, whylen, "bad base64 in bytes value");
      return false;
    }
    *out = lv_value_bytes(buf, n);
  } else if (strcmp(key, "null") == 0) {
    *out = lv_value_null();
  } else if (strcmp(key, "timestamp") == 0 && is_str(v)) {
    lv_time t;
    e = lv_timestamp_parse(cx, &t, v->v.s, v->aux);
    *out = lv_value_timestamp(t.sec, t.nanos);
  } else if (strcmp(key, "duration") == 0 && is_str(v)) {
    lv_time t;
    e = lv_duration_parse(cx, &t, v->v.s, v->aux);
    *out = lv_value_duration(t.sec, t.nanos);
  } else if (strcmp(key, "list") == 0 && v->tag == LV_LIST) {
    const lv_list *l = v->v.p;
    lv_list *nl = lv_list_new(cx, l->len);
    if (!nl) return false;
    for (uint32_t i = 0; i < l->len; i++)
      if (!read_typed(cx, &l->items[i], (lv_value *)&nl->items[i], why, whylen, depth + 1)) return false;
    *out = lv_value_list(nl);
  } else if (strcmp(key, "map") == 0 && v->tag == LV_LIST) {
    const lv_list *l = v->v.p;
    lv_value *keys = lv_arena_calloc(cx->arena, l->len + 1, sizeof *keys);
    lv_value *vals = lv_arena_calloc(cx->arena, l->len + 1, sizeof *vals);
    for (uint32_t i = 0; i < l->len; i++) {
      const lv_value *pair = &l->items[i];
      if (pair->tag != LV_LIST || ((const lv_list *)pair->v.p)->len != 2) {
        snprintf(why, whylen, "a map is a list of [key, value] pairs");
        return false;
      }
      const lv_list *pl = pair->v.p;
      if (!read_typed(cx, &pl->items[0], &keys[i], why, whylen, depth + 1) ||
          !read_typed(cx, &pl->items[1], &vals[i], why, whylen, depth + 1))
        return false;
    }
    const lv_map *nm = NULL;
    e = lv_map_new(cx, &nm, keys, vals, l->len);
    if (!e) *out = lv_value_map(nm);
  } else if (strcmp(key, "type") == 0 && is_str(v)) {
    if (!type_tag_of_name(cstr(cx, v), out)) {
      snprintf(why, whylen, "unknown type name '%.*s'", (int)v->aux, v->v.s);
      return false;
    }
  } else if (strcmp(key, "optional") == 0) {
    out->tag = LV_OPTIONAL;
    out->aux = 0;
    out->v.p = NULL;
    if (v->tag != LV_NULL) {
      lv_value *inner = lv_arena_alloc(cx->arena, sizeof *inner);
      if (!inner || !read_typed(cx, v, inner, why, whylen, depth + 1)) return false;
      out->v.p = inner;
    }
  } else {
    snprintf(why, whylen, "unknown typed value kind '%s'", key);
    return false;
  }
  if (e) {
    snprintf(why, whylen, "bad %s value: %s", key, e->msg);
    return false;
  }
  return true;
}

bool lv_typed_json_request(lv_ctx *cx, lv_typed_request *req, const char *line, size_t n, char *why,
                           size_t whylen) {
  memset(req, 0, sizeof *req);
  req->check = true;
  lv_value root;
  lv_json_error je;
  if (lv_json_parse(cx, &root, line, n, 128, &je) != 0) {
    snprintf(why, whylen, "invalid JSON at byte %u: %s", je.offset, je.msg);
    return false;
  }
  if (root.tag != LV_MAP) {
    snprintf(why, whylen, "a request is a JSON object");
    return false;
  }
  const lv_value *id = get(&root, "id");
  if (is_str(id)) req->id = cstr(cx, id);
  const lv_value *expr = get(&root, "expr");
  if (!is_str(expr)) {
    snprintf(why, whylen, "missing \"expr\"");
    return false;
  }
  req->expr = expr->v.s;
  req->expr_len = expr->aux;
  const lv_value *check = get(&root, "check");
  if (check && check->tag == LV_BOOL) req->check = check->v.b;
  const lv_value *decls = get(&root, "decls");
  const lv_value *bindings = get(&root, "bindings");
  if (decls && decls->tag == LV_LIST) {
    const lv_list *l = decls->v.p;
    for (uint32_t i = 0; i < l->len; i++) {
      const lv_value *name = get(&l->items[i], "name"), *type = get(&l->items[i], "type");
      if (!is_str(name) || !is_str(type) || req->nvars == LV_TYPED_MAX_VARS) {
        snprintf(why, whylen, "a decl is {\"name\": ..., \"type\": ...}");
        return false;
      }
      uint32_t k = req->nvars++;
      req->names[k] = cstr(cx, name);
      req->types[k] = cstr(cx, type);
      req->values[k].tag = LV_TAG_COUNT + 1; /* unbound */
      const lv_value *b = bindings ? get(bindings, req->names[k]) : NULL;
      if (b && !read_typed(cx, b, &req->values[k], why, whylen, 0)) return false;
    }
  }
  return true;
}

/* --- writing --------------------------------------------------------------------------------- */

static void put_double(lv_buf *b, double d) {
  if (isnan(d)) lv_buf_puts(b, "\"NaN\"");
  else if (isinf(d)) lv_buf_puts(b, d < 0 ? "\"-Infinity\"" : "\"Infinity\"");
  else if (d == 0 && signbit(d)) lv_buf_puts(b, "\"-0\"");
  else lv_buf_printf(b, "\"%.17g\"", d);
}

void lv_typed_json_print(lv_buf *b, const lv_ctx *cx, const lv_value *v) {
  char buf[48];
  switch (v->tag) {
  case LV_NULL: lv_buf_puts(b, "{\"null\":null}"); return;
  case LV_BOOL: lv_buf_printf(b, "{\"bool\":%s}", v->v.b ? "true" : "false"); return;
  case LV_INT: lv_buf_printf(b, "{\"int\":\"%lld\"}", (long long)v->v.i); return;
  case LV_UINT: lv_buf_printf(b, "{\"uint\":\"%llu\"}", (unsigned long long)v->v.u); return;
  case LV_DOUBLE:
    lv_buf_puts(b, "{\"double\":");
    put_double(b, v->v.d);
    lv_buf_putc(b, '}');
    return;
  case LV_STRING:
    lv_buf_puts(b, "{\"string\":");
    lv_buf_put_json_string(b, v->v.s, v->aux);
    lv_buf_putc(b, '}');
    return;
  case LV_BYTES: {
    size_t n = lv_base64_encoded_len(v->aux);
    char *enc = malloc(n + 1);
    if (!enc) abort();
    n = lv_base64_encode(enc, v->v.s, v->aux);
    lv_buf_puts(b, "{\"bytes\":\"");
    lv_buf_putsn(b, enc, n);
    lv_buf_puts(b, "\"}");
    free(enc);
    return;
  }
  case LV_TIMESTAMP:
    lv_timestamp_format(buf, v->v.i, (int32_t)v->aux);
    lv_buf_printf(b, "{\"timestamp\":\"%s\"}", buf);
    return;
  case LV_DURATION:
    lv_duration_format(buf, v->v.i, (int32_t)v->aux);
    lv_buf_printf(b, "{\"duration\":\"%s\"}", buf);
    return;
  case LV_LIST: {
    const lv_list *l = v->v.p;
    lv_buf_puts(b, "{\"list\":[");
    for (uint32_t i = 0; l && i < l->len; i++) {
      if (i) lv_buf_putc(b, ',');
      lv_typed_json_print(b, cx, &l->items[i]);
    }
    lv_buf_puts(b, "]}");
    return;
  }
  case LV_MAP: {
    const lv_map *m = v->v.p;
    lv_buf_puts(b, "{\"map\":[");
    for (uint32_t i = 0; m && i < m->len; i++) {
      if (i) lv_buf_putc(b, ',');
      lv_buf_putc(b, '[');
      lv_typed_json_print(b, cx, &m->keys[i]);
      lv_buf_putc(b, ',');
      lv_typed_json_print(b, cx, &m->vals[i]);
      lv_buf_putc(b, ']');
    }
    lv_buf_puts(b, "]}");
    return;
  }
  case LV_TYPE: {
    const char *n = lv_type_name(cx, v);
    lv_buf_puts(b, "{\"type\":");
    lv_buf_put_json_string(b, n, strlen(n));
    lv_buf_putc(b, '}');
    return;
  }
  case LV_OPTIONAL:
    lv_buf_puts(b, "{\"optional\":");
    if (v->v.p) lv_typed_json_print(b, cx, v->v.p);
    else lv_buf_puts(b, "null");
    lv_buf_putc(b, '}');
    return;
  case LV_MSG: {
    lv_buf_puts(b, "{\"message\":");
    lv_value_print_json(b, cx, v);
    lv_buf_putc(b, '}');
    return;
  }
  default: lv_buf_puts(b, "{\"unknown\":null}"); return;
  }
}

/* --- coercion of JSON-mapped values to declared types -------------------------------------------- */

bool lv_typed_json_coerce(lv_ctx *cx, lv_value *v, const lv_type *t, char *why, size_t whylen) {
  switch (t->kind) {
  case LV_T_DYN: return true;
  case LV_T_INT:
  case LV_T_UINT:
    if (v->tag == LV_DOUBLE && v->v.d == floor(v->v.d) && fabs(v->v.d) < 9.2e18) {
      if (t->kind == LV_T_UINT && v->v.d < 0) break;
      *v = t->kind == LV_T_INT ? lv_value_int((int64_t)v->v.d) : lv_value_uint((uint64_t)v->v.d);
      return true;
    }
    break;
  case LV_T_TIMESTAMP:
  case LV_T_DURATION:
    if (v->tag == LV_STRING) {
      lv_time tm;
      const lv_err *e = t->kind == LV_T_TIMESTAMP ? lv_timestamp_parse(cx, &tm, v->v.s, v->aux)
                                                  : lv_duration_parse(cx, &tm, v->v.s, v->aux);
      if (e) {
        snprintf(why, whylen, "%s", e->msg);
        return false;
      }
      *v = t->kind == LV_T_TIMESTAMP ? lv_value_timestamp(tm.sec, tm.nanos) : lv_value_duration(tm.sec, tm.nanos);
      return true;
    }
    break;
  case LV_T_BYTES:
    if (v->tag == LV_STRING) {
      char *buf = lv_arena_alloc(cx->arena, v->aux * 3 / 4 + 4);
      size_t n = buf ? lv_base64_decode(buf, v->v.s, v->aux) : (size_t)-1;
      if (n == (size_t)-1) break;
      *v = lv_value_bytes(buf, n);
      return true;
    }
    break;
  case LV_T_LIST:
    if (v->tag == LV_LIST) {
      const lv_list *l = v->v.p;
      for (uint32_t i = 0; i < l->len; i++)
        if (!lv_typed_json_coerce(cx, (lv_value *)&l->items[i], t->a, why, whylen)) return false;
      return true;
    }
    break;
  case LV_T_MAP:
    if (v->tag == LV_MAP) {
      const lv_map *m = v->v.p;
      for (uint32_t i = 0; i < m->len; i++)
        if (!lv_typed_json_coerce(cx, (lv_value *)&m->vals[i], t->b, why, whylen)) return false;
      return true;
    }
    break;
  default: break;
  }
  uint32_t want = 0;
  switch (t->kind) {
  case LV_T_BOOL: want = LV_BOOL; break;
  case LV_T_DOUBLE: want = LV_DOUBLE; break;
  case LV_T_STRING: want = LV_STRING; break;
  case LV_T_NULL: want = LV_NULL; break;
  default: want = LV_TAG_COUNT; break;
  }
  if (v->tag == want) return true;
  lv_buf tb = LV_BUF_INIT;
  lv_type_print(&tb, t);
  snprintf(why, whylen, "the JSON value does not fit type %s", tb.data);
  lv_buf_free(&tb);
  return false;
}
