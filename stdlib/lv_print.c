/* lv_print.c - boxed values as CEL literals (what `levin eval` prints) and as
 * JSON (action payloads), and the names of types.
 *
 * CEL output reads back as the same value wherever CEL has a literal for it
 * (messages read back given their schema). JSON output follows CEL's JSON
 * mapping and is always valid JSON: every string goes through
 * lv_buf_put_json_string.
 *
 * Containers nested more than PRINT_MAX_DEPTH deep print as `...` (CEL) or
 * "..." (JSON): real values are far shallower, but no input may exhaust the
 * stack. */
#include <stdio.h>
#include <string.h>

#include "lv_num.h"
#include "lv_string.h"
#include "lv_time.h"
#include "lv_utf8.h"
#include "lv_values.h"

#define PRINT_MAX_DEPTH 100

static const lv_schema *schema_at(const lv_ctx *cx, uint64_t index) {
  if (!cx || !cx->rt || index >= cx->rt->nschemas || !cx->rt->schemas) return NULL;
  return cx->rt->schemas[index];
}

/* --- type names ------------------------------------------------------------------ */

/* Name of the type a tag stands for; schema picks the message type. */
static const char *tag_name(const lv_ctx *cx, uint32_t tag, uint64_t schema) {
  switch (tag) {
  case LV_NULL: return "null_type";
  case LV_BOOL: return "bool";
  case LV_INT: return "int";
  case LV_UINT: return "uint";
  case LV_DOUBLE: return "double";
  case LV_STRING: return "string";
  case LV_BYTES: return "bytes";
  case LV_TIMESTAMP: return "google.protobuf.Timestamp";
  case LV_DURATION: return "google.protobuf.Duration";
  case LV_LIST: return "list";
  case LV_MAP: return "map";
  case LV_MSG: {
    const lv_schema *s = schema_at(cx, schema);
    return s && s->name ? s->name : "message";
  }
  case LV_TYPE: return "type";
  case LV_OPTIONAL: return "optional_type";
  case LV_TAG_COUNT: return "dyn"; /* the type value `dyn` */
  default: return "unknown";
  }
}

const char *lv_type_name(const lv_ctx *cx, const lv_value *v) {
  if (v->tag == LV_TYPE) return tag_name(cx, v->aux, (uint64_t)v->v.i);
  return lv_value_type_name(cx, v);
}

const char *lv_value_type_name(const lv_ctx *cx, const lv_value *v) {
  return tag_name(cx, v->tag, v->aux);
}

/* --- CEL literals ------------------------------------------------------------------ */

static void put_hex_escape(lv_buf *b, unsigned c) {
  static const char hex[] = "0123456789abcdef";
  char e[4] = {'\\', 'x', hex[(c >> 4) & 15], hex[c & 15]};
  lv_buf_putsn(b, e, 4);
}

/* The escapes both strings and bytes share; false if c has none. */
static bool put_named_escape(lv_buf *b, unsigned char c) {
  switch (c) {
  case '\n': lv_buf_puts(b, "\\n"); return true;
  case '\t': lv_buf_puts(b, "\\t"); return true;
  case '\r': lv_buf_puts(b, "\\r"); return true;
  case '"': lv_buf_puts(b, "\\\""); return true;
  case '\\': lv_buf_puts(b, "\\\\"); return true;
  default: return false;
  }
}

/* A double-quoted CEL string: \n \t \r \" \\ escaped by name, other control
 * characters (C0, DEL and C1, U+0000-U+001F and U+007F-U+009F) as \xNN (in
 * a CEL string, \xNN is the code point U+00NN), all other text as is. Bytes
 * that are not UTF-8, which validated strings never hold, print as \ufffd. */
static void put_cel_string(lv_buf *b, const char *s, size_t n) {
  lv_buf_reserve(b, n + 2);
  lv_buf_putc(b, '"');
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      i++;
      run++;
      continue;
    }
    lv_buf_putsn(b, s + i - run, run);
    run = 0;
    if (c < 0x80) {
      if (!put_named_escape(b, c)) put_hex_escape(b, c);
      i++;
      continue;
    }
    uint32_t cp;
    int k = lv_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k <= 0) {
      lv_buf_puts(b, "\\ufffd");
      i++;
    } else if (cp < 0xa0) {
      put_hex_escape(b, cp);
      i += (size_t)k;
    } else {
      lv_buf_putsn(b, s + i, (size_t)k);
      i += (size_t)k;
    }
  }
  lv_buf_putsn(b, s + i - run, run);
  lv_buf_putc(b, '"');
}

/* b"...": printable ASCII as is, \n \t \r \" \\ by name, every other byte
 * (controls, DEL, anything >= 0x80) as \xNN. */
static void put_cel_bytes(lv_buf *b, const char *s, size_t n) {
  lv_buf_reserve(b, n + 3);
  lv_buf_puts(b, "b\"");
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      lv_buf_putc(b, (char)c);
    else if (!put_named_escape(b, c))
      put_hex_escape(b, c);
  }
  lv_buf_putc(b, '"');
}

static void print_cel(lv_buf *b, const lv_ctx *cx, const lv_value *v, int depth);

static void print_cel_msg(lv_buf *b, const lv_ctx *cx, const lv_schema *s, const void *msg, int depth) {
  lv_buf_puts(b, s->name ? s->name : "message");
  if (depth > PRINT_MAX_DEPTH) {
    lv_buf_puts(b, "{...}");
    return;
  }
  lv_buf_putc(b, '{');
  bool first = true;
  for (uint32_t i = 0; msg && i < s->nfields; i++) {
    const lv_field *f = &s->fields[i];
    if (!lv_msg_has(msg, f->index)) continue;
    if (!first) lv_buf_puts(b, ", ");
    first = false;
    lv_buf_puts(b, f->name);
    lv_buf_puts(b, ": ");
    lv_value fv = lv_field_get(f, msg);
    if (f->type.kind == LV_K_MSG && f->type.schema)
      print_cel_msg(b, cx, f->type.schema, fv.v.p, depth + 1);
    else
      print_cel(b, cx, &fv, depth + 1);
  }
  lv_buf_putc(b, '}');
}

static void print_cel(lv_buf *b, const lv_ctx *cx, const lv_value *v, int depth) {
  char num[LV_DOUBLE_BUF > 40 ? LV_DOUBLE_BUF : 40];
  switch (v->tag) {
  case LV_NULL: lv_buf_puts(b, "null"); return;
  case LV_BOOL: lv_buf_puts(b, v->v.b ? "true" : "false"); return;
  case LV_INT: lv_buf_printf(b, "%lld", (long long)v->v.i); return;
  case LV_UINT: lv_buf_printf(b, "%lluu", (unsigned long long)v->v.u); return;
  case LV_DOUBLE: lv_buf_putsn(b, num, lv_double_to_cel(num, v->v.d)); return;
  case LV_STRING: put_cel_string(b, v->v.s, v->aux); return;
  case LV_BYTES: put_cel_bytes(b, v->v.s, v->aux); return;
  case LV_TIMESTAMP:
    lv_buf_puts(b, "timestamp(\"");
    lv_buf_putsn(b, num, lv_timestamp_format(num, v->v.i, (int32_t)v->aux));
    lv_buf_puts(b, "\")");
    return;
  case LV_DURATION:
    lv_buf_puts(b, "duration(\"");
    lv_buf_putsn(b, num, lv_duration_format(num, v->v.i, (int32_t)v->aux));
    lv_buf_puts(b, "\")");
    return;
  case LV_TYPE: lv_buf_puts(b, lv_type_name(cx, v)); return;
  default: break;
  }
  if (depth > PRINT_MAX_DEPTH) {
    lv_buf_puts(b, "...");
    return;
  }
  switch (v->tag) {
  case LV_LIST: {
    const lv_list *l = v->v.p;
    lv_buf_putc(b, '[');
    for (uint32_t i = 0; l && i < l->len; i++) {
      if (i) lv_buf_puts(b, ", ");
      print_cel(b, cx, &l->items[i], depth + 1);
    }
    lv_buf_putc(b, ']');
    return;
  }
  case LV_MAP: {
    const lv_map *m = v->v.p;
    lv_buf_putc(b, '{');
    for (uint32_t i = 0; m && i < m->len; i++) {
      if (i) lv_buf_puts(b, ", ");
      print_cel(b, cx, &m->keys[i], depth + 1);
      lv_buf_puts(b, ": ");
      print_cel(b, cx, &m->vals[i], depth + 1);
    }
    lv_buf_putc(b, '}');
    return;
  }
  case LV_MSG: {
    const lv_schema *s = schema_at(cx, v->aux);
    if (!s) {
      lv_buf_puts(b, "<message of unknown schema>");
      return;
    }
    print_cel_msg(b, cx, s, v->v.p, depth);
    return;
  }
  case LV_OPTIONAL: {
    const lv_value *x = v->v.p;
    if (!x) {
      lv_buf_puts(b, "optional.none()");
      return;
    }
    lv_buf_puts(b, "optional.of(");
    print_cel(b, cx, x, depth + 1);
    lv_buf_putc(b, ')');
    return;
  }
  default: lv_buf_puts(b, "<invalid value>"); return;
  }
}

void lv_value_print_cel(lv_buf *b, const lv_ctx *cx, const lv_value *v) { print_cel(b, cx, v, 0); }

/* --- JSON ---------------------------------------------------------------------------- */

static void put_json_base64(lv_buf *b, const char *s, size_t n) {
  lv_buf tmp = LV_BUF_INIT;
  size_t len = lv_base64_encoded_len(n);
  lv_buf_reserve(&tmp, len);
  size_t k = lv_base64_encode(tmp.data, s, n);
  lv_buf_put_json_string(b, tmp.data, k);
  lv_buf_free(&tmp);
}

static void print_json(lv_buf *b, const lv_ctx *cx, const lv_value *v, int depth);

static void print_json_msg(lv_buf *b, const lv_ctx *cx, const lv_schema *s, const void *msg, int depth) {
  if (depth > PRINT_MAX_DEPTH) {
    lv_buf_put_json_string(b, "...", 3);
    return;
  }
  lv_buf_putc(b, '{');
  bool first = true;
  for (uint32_t i = 0; msg && s && i < s->nfields; i++) {
    const lv_field *f = &s->fields[i];
    if (!lv_msg_has(msg, f->index)) continue;
    if (!first) lv_buf_putc(b, ',');
    first = false;
    lv_buf_put_json_string(b, f->json_name, f->json_len);
    lv_buf_putc(b, ':');
    lv_value fv = lv_field_get(f, msg);
    if (f->type.kind == LV_K_MSG && f->type.schema)
      print_json_msg(b, cx, f->type.schema, fv.v.p, depth + 1);
    else
      print_json(b, cx, &fv, depth + 1);
  }
  lv_buf_putc(b, '}');
}

/* A map key as a JSON object key: strings as they are, other keys in their
 * string() form (1, 1u -> "1"; true -> "true"). */
static void print_json_key(lv_buf *b, const lv_value *k) {
  char num[32];
  int n;
  switch (k->tag) {
  case LV_STRING: lv_buf_put_json_string(b, k->v.s, k->aux); return;
  case LV_INT: n = snprintf(num, sizeof num, "%lld", (long long)k->v.i); break;
  case LV_UINT: n = snprintf(num, sizeof num, "%llu", (unsigned long long)k->v.u); break;
  case LV_BOOL: n = snprintf(num, sizeof num, "%s", k->v.b ? "true" : "false"); break;
  default: n = snprintf(num, sizeof num, "?"); break; /* maps hold no other keys */
  }
  lv_buf_put_json_string(b, num, (size_t)n);
}

static void print_json(lv_buf *b, const lv_ctx *cx, const lv_value *v, int depth) {
  char num[LV_DOUBLE_BUF > 40 ? LV_DOUBLE_BUF : 40];
  switch (v->tag) {
  case LV_NULL: lv_buf_puts(b, "null"); return;
  case LV_BOOL: lv_buf_puts(b, v->v.b ? "true" : "false"); return;
  case LV_INT: lv_buf_printf(b, "%lld", (long long)v->v.i); return;
  case LV_UINT: lv_buf_printf(b, "%llu", (unsigned long long)v->v.u); return;
  case LV_DOUBLE: lv_buf_putsn(b, num, lv_double_to_json(num, v->v.d)); return;
  case LV_STRING: lv_buf_put_json_string(b, v->v.s, v->aux); return;
  case LV_BYTES: put_json_base64(b, v->v.s, v->aux); return;
  case LV_TIMESTAMP:
    lv_buf_put_json_string(b, num, lv_timestamp_format(num, v->v.i, (int32_t)v->aux));
    return;
  case LV_DURATION:
    lv_buf_put_json_string(b, num, lv_duration_format(num, v->v.i, (int32_t)v->aux));
    return;
  case LV_TYPE: {
    const char *name = lv_type_name(cx, v);
    lv_buf_put_json_string(b, name, strlen(name));
    return;
  }
  default: break;
  }
  if (depth > PRINT_MAX_DEPTH) {
    lv_buf_put_json_string(b, "...", 3);
    return;
  }
  switch (v->tag) {
  case LV_LIST: {
    const lv_list *l = v->v.p;
    lv_buf_putc(b, '[');
    for (uint32_t i = 0; l && i < l->len; i++) {
      if (i) lv_buf_putc(b, ',');
      print_json(b, cx, &l->items[i], depth + 1);
    }
    lv_buf_putc(b, ']');
    return;
  }
  case LV_MAP: {
    const lv_map *m = v->v.p;
    lv_buf_putc(b, '{');
    for (uint32_t i = 0; m && i < m->len; i++) {
      if (i) lv_buf_putc(b, ',');
      print_json_key(b, &m->keys[i]);
      lv_buf_putc(b, ':');
      print_json(b, cx, &m->vals[i], depth + 1);
    }
    lv_buf_putc(b, '}');
    return;
  }
  case LV_MSG: print_json_msg(b, cx, schema_at(cx, v->aux), v->v.p, depth); return;
  case LV_OPTIONAL: {
    /* JSON has no optional: the value itself, or null when there is none. */
    const lv_value *x = v->v.p;
    if (!x)
      lv_buf_puts(b, "null");
    else
      print_json(b, cx, x, depth + 1);
    return;
  }
  default: lv_buf_puts(b, "null"); return;
  }
}

void lv_value_print_json(lv_buf *b, const lv_ctx *cx, const lv_value *v) { print_json(b, cx, v, 0); }

void lv_msg_print_json(lv_buf *b, const lv_ctx *cx, const lv_schema *s, const void *msg) {
  print_json_msg(b, cx, s, msg, 0);
}
