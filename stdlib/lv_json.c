/* lv_json.c - JSON text to boxed values by the CEL JSON mapping, on the
 * shared strict scanner (lv_json_scan.h). */
#include "lv_json.h"

#include <string.h>

#include "lv_json_scan.h"
#include "lv_values.h"

const lv_list *lv_jscan_list_from_scratch(lv_jscan *s, uint32_t base, const char *at) {
  uint32_t n = s->sn - base;
  /* One block: the list header, then its items. */
  size_t head = (sizeof(lv_list) + LV_ARENA_ALIGN - 1) & ~(size_t)(LV_ARENA_ALIGN - 1);
  char *blk = lv_arena_alloc(s->arena, head + (size_t)n * sizeof(lv_value));
  if (!blk) return (const lv_list *)lv_jscan_no_memory(s, at);
  lv_list *l = (lv_list *)blk;
  lv_value *items = (lv_value *)(blk + head);
  if (n) memcpy(items, s->svals + base, (size_t)n * sizeof *items);
  l->len = n;
  l->items = n ? items : NULL;
  s->sn = base;
  return l;
}

const lv_map *lv_jscan_map_from_scratch(lv_jscan *s, uint32_t base, const char *at) {
  /* Our own check first: it knows where the repeated key is. */
  if (!lv_jscan_check_dups(s, base)) return NULL;
  const lv_map *m = NULL;
  const lv_err *e = lv_map_new(&s->cx, &m, s->skeys + base, s->svals + base, s->sn - base);
  if (e || !m) {
    if (!e || e->code == LV_E_RESOURCE) return (const lv_map *)lv_jscan_no_memory(s, at);
    return (const lv_map *)lv_jscan_fail(s, at, "cannot build the map: %s",
                                         e->msg ? e->msg : "error");
  }
  s->sn = base;
  return m;
}

static const char *build_value(lv_jscan *s, const char *p, lv_value *out);

static const char *build_string(lv_jscan *s, const char *p, lv_value *out) {
  lv_jstr str;
  const char *q = lv_jscan_string(s, p, &str);
  if (!q) return NULL;
  if (str.len > LV_STR_MAX) return lv_jscan_fail(s, p, "string longer than %zu bytes", LV_STR_MAX);
  size_t len;
  const char *text = lv_jscan_str_text(s, &str, NULL, 0, &len);
  if (!text) return lv_jscan_no_memory(s, p);
  *out = lv_value_string(text, len);
  return q;
}

static const char *build_array(lv_jscan *s, const char *p, lv_value *out) {
  const char *open = p;
  uint32_t base = s->sn;
  bool more = lv_jscan_enter(s, &p, ']');
  for (uint32_t i = 0; more; i++) {
    lv_value v;
    const char *q = build_value(s, p, &v);
    if (!q) {
      lv_jscan_path_index(s, i);
      return NULL;
    }
    if (!lv_jscan_push(s, NULL, &v, 0)) return lv_jscan_no_memory(s, p);
    more = lv_jscan_next(s, &p, q, ']');
  }
  if (!p) return NULL;
  const lv_list *l = lv_jscan_list_from_scratch(s, base, open);
  if (!l) return NULL;
  s->depth--;
  *out = lv_value_list(l);
  return p;
}

static const char *build_object(lv_jscan *s, const char *p, lv_value *out) {
  const char *open = p;
  uint32_t base = s->sn;
  bool more = lv_jscan_enter(s, &p, '}');
  while (more) {
    const char *kp = p;
    lv_jstr raw;
    lv_value key, v;
    if (!lv_jscan_member(s, &p, &raw, &key, 0)) return NULL;
    const char *q = build_value(s, p, &v);
    if (!q) {
      lv_jscan_path_key(s, raw.ptr, raw.len);
      return NULL;
    }
    if (!lv_jscan_push(s, &key, &v, lv_jscan_offset(s, kp))) return lv_jscan_no_memory(s, kp);
    more = lv_jscan_next(s, &p, q, '}');
  }
  if (!p) return NULL;
  const lv_map *m = lv_jscan_map_from_scratch(s, base, open);
  if (!m) return NULL;
  s->depth--;
  *out = lv_value_map(m);
  return p;
}

static const char *build_value(lv_jscan *s, const char *p, lv_value *out) {
  switch (*p) {
  case '"': return build_string(s, p, out);
  case '{': return build_object(s, p, out);
  case '[': return build_array(s, p, out);
  case '-': case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9': {
    lv_jnum n;
    double d;
    const char *q = lv_jscan_number(s, p, &n);
    if (!q || !lv_jscan_double(s, &d, p, &n)) return NULL;
    *out = lv_value_double(d);
    return q;
  }
  default: {
    const char *q = lv_jscan_literal(s, p);
    if (q) *out = *p == 'n' ? lv_value_null() : lv_value_bool(*p == 't');
    return q;
  }
  }
}

const char *lv_json_build(lv_jscan *s, const char *p, lv_value *out) {
  return build_value(s, p, out);
}

int lv_json_parse(lv_ctx *cx, lv_value *out, const char *text, size_t len,
                  uint32_t max_depth, lv_json_error *err) {
  lv_jscan s;
  const char *p = NULL;
  lv_value v;
  if (!cx || !cx->arena || (!text && len)) {
    if (err) {
      err->offset = 0;
      size_t n = 0;
      err->msg[0] = 0;
      lv_jscan_append(err->msg, sizeof err->msg, &n, "lv_json_parse: no arena or no text");
    }
    return -1;
  }
  if (lv_jscan_init(&s, text, len, max_depth, cx->arena)) {
    p = build_value(&s, lv_jscan_ws(s.base), &v);
    if (p) {
      p = lv_jscan_ws(p);
      if (p < s.end) p = lv_jscan_syntax(&s, p, "trailing characters after the JSON value");
    }
  }
  if (!p) {
    if (err) {
      err->offset = lv_jscan_offset(&s, s.err_at);
      size_t n = 0;
      err->msg[0] = 0;
      lv_jscan_append(err->msg, sizeof err->msg, &n, s.err_msg);
    }
    return -1;
  }
  *out = v;
  return 0;
}
