/* diag.c - recording diagnostics. Printing lives in diag_print.c. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv_utf8.h"

static const struct {
  const char *code;
  lv_severity sev;
  const char *title;
} code_table[LV_DIAG_CODE_COUNT] = {
#define ERROR LV_SEV_ERROR
#define WARNING LV_SEV_WARNING
#define X(id, code, sev, title) [id] = {code, sev, title},
#include "codes.def"
#undef X
#undef ERROR
#undef WARNING
};

const char *lv_diag_code_str(lv_diag_code code) { return code_table[code].code; }
const char *lv_diag_code_title(lv_diag_code code) { return code_table[code].title; }
lv_severity lv_diag_code_severity(lv_diag_code code) { return code_table[code].sev; }

lv_diag_code lv_diag_code_find(const char *text) {
  for (int i = 0; i < LV_DIAG_CODE_COUNT; i++)
    if (strcmp(code_table[i].code, text) == 0) return (lv_diag_code)i;
  return LV_DIAG_CODE_COUNT;
}

void lv_diags_init(lv_diags *d, lv_arena *a, uint32_t max_errors) {
  memset(d, 0, sizeof *d);
  d->arena = a;
  d->max_errors = max_errors;
}

/* Messages quote source text (names, strings, subjects), which may hold
 * control characters or bytes that are not UTF-8. A message is one line of
 * valid UTF-8 in every output format: control characters become escapes
 * (\n, \t, \xHH) and invalid bytes U+FFFD. */
static char *sanitize(lv_arena *a, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int k = lv_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k <= 0 || cp < 0x20 || cp == 0x7f) break;
    i += (size_t)k;
  }
  if (i == n) return (char *)s; /* the common case: nothing to change */
  lv_buf b = LV_BUF_INIT;
  lv_buf_putsn(&b, s, i);
  while (i < n) {
    uint32_t cp;
    int k = lv_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k <= 0) {
      lv_buf_puts(&b, "\xEF\xBF\xBD");
      i++;
      continue;
    }
    if (cp == '\n') lv_buf_puts(&b, "\\n");
    else if (cp == '\t') lv_buf_puts(&b, "\\t");
    else if (cp == '\r') lv_buf_puts(&b, "\\r");
    else if (cp < 0x20 || cp == 0x7f) lv_buf_printf(&b, "\\x%02X", cp);
    else lv_buf_putsn(&b, s + i, (size_t)k);
    i += (size_t)k;
  }
  char *out = lv_arena_strndup(a, b.data, b.len);
  lv_buf_free(&b);
  return out;
}

static char *vformat(lv_arena *a, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  char small[512];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0) n = 0;
  char *p = lv_arena_alloc(a, (size_t)n + 1);
  if ((size_t)n < sizeof small) memcpy(p, small, (size_t)n + 1);
  else vsnprintf(p, (size_t)n + 1, fmt, copy);
  va_end(copy);
  return sanitize(a, p, (size_t)n);
}

/* Past the error limit: the first time, the "too many errors" marker;
 * always the scratch diagnostic, before anything is formatted. */
static lv_diag *over_limit(lv_diags *d, lv_diag_code code, lv_source *src, const char *path) {
  if (code_table[code].sev != LV_SEV_ERROR || !d->max_errors || d->errors < d->max_errors) return NULL;
  if (!d->truncated) {
    d->truncated = true;
    lv_diag *stop = lv_arena_calloc(d->arena, 1, sizeof *stop);
    stop->code = LV_D_TOO_MANY_ERRORS;
    stop->sev = LV_SEV_ERROR;
    stop->path = src ? src->path : path ? lv_arena_strdup(d->arena, path) : NULL;
    stop->msg = lv_arena_printf(d->arena, "too many errors: only the first %u are shown (see --max-errors)",
                                d->errors);
    stop->seq = UINT32_MAX;
    if (d->n == d->cap) {
      d->cap = d->cap ? d->cap * 2 : 16;
      d->items = lv_arena_grow(d->arena, d->items, d->n * sizeof *d->items, d->cap * sizeof *d->items);
    }
    d->items[d->n++] = stop;
  }
  memset(&d->dropped, 0, sizeof d->dropped);
  d->dropped.code = code;
  d->dropped.sev = LV_SEV_ERROR;
  d->dropped.msg = "";
  return &d->dropped;
}

static lv_diag *record(lv_diags *d, lv_diag_code code, lv_source *src, const char *path,
                       lv_span span, const char *msg) {
  lv_severity sev = code_table[code].sev;
  lv_diag *g = lv_arena_calloc(d->arena, 1, sizeof *g);
  g->code = code;
  g->sev = sev;
  g->src = src;
  g->path = src ? src->path : path;
  g->span = span;
  g->msg = msg;
  if (sev == LV_SEV_ERROR) {
    d->errors++;
  } else if (sev == LV_SEV_WARNING) {
    d->warnings++;
  }
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->items = lv_arena_grow(d->arena, d->items, d->n * sizeof *d->items, d->cap * sizeof *d->items);
  }
  g->seq = d->n;
  d->items[d->n++] = g;
  return g;
}

lv_diag *lv_diag_add(lv_diags *d, lv_diag_code code, lv_source *src, lv_span span,
                     const char *fmt, ...) {
  lv_diag *drop = over_limit(d, code, src, NULL);
  if (drop) return drop;
  va_list ap;
  va_start(ap, fmt);
  char *msg = vformat(d->arena, fmt, ap);
  va_end(ap);
  return record(d, code, src, NULL, span, msg);
}

lv_diag *lv_diag_add_path(lv_diags *d, lv_diag_code code, const char *path, const char *fmt, ...) {
  lv_diag *drop = over_limit(d, code, NULL, path);
  if (drop) return drop;
  va_list ap;
  va_start(ap, fmt);
  char *msg = vformat(d->arena, fmt, ap);
  va_end(ap);
  /* Copied: callers name files by paths they free (a directory entry). */
  return record(d, code, NULL, path ? lv_arena_strdup(d->arena, path) : NULL, lv_span_make(0, 0), msg);
}

static void add_note(lv_diag *g, lv_diags *d, lv_severity kind, lv_source *src, lv_span span,
                     const char *msg) {
  if (g->nnotes == g->capnotes) {
    g->capnotes = g->capnotes ? g->capnotes * 2 : 4;
    g->notes = lv_arena_grow(d->arena, g->notes, g->nnotes * sizeof *g->notes,
                             g->capnotes * sizeof *g->notes);
  }
  lv_note *n = &g->notes[g->nnotes++];
  n->kind = kind;
  n->src = src;
  n->span = span;
  n->msg = msg;
}

void lv_diag_note(lv_diag *g, lv_diags *d, lv_source *src, lv_span span, const char *fmt, ...) {
  if (g == &d->dropped) return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = vformat(d->arena, fmt, ap);
  va_end(ap);
  add_note(g, d, LV_SEV_NOTE, src, span, msg);
}

void lv_diag_help(lv_diag *g, lv_diags *d, const char *fmt, ...) {
  if (g == &d->dropped) return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = vformat(d->arena, fmt, ap);
  va_end(ap);
  add_note(g, d, LV_SEV_HELP, NULL, lv_span_make(0, 0), msg);
}

static int diag_cmp(const void *pa, const void *pb) {
  const lv_diag *a = *(const lv_diag *const *)pa, *b = *(const lv_diag *const *)pb;
  /* The "too many errors" marker stays last. */
  if ((a->seq == UINT32_MAX) != (b->seq == UINT32_MAX)) return a->seq == UINT32_MAX ? 1 : -1;
  /* Files in load order; a diagnostic about a whole file (no source) where
   * that file would have been loaded. */
  uint64_t ia = a->src ? 2 * (uint64_t)a->src->id + 1 : 2 * (uint64_t)a->file_order;
  uint64_t ib = b->src ? 2 * (uint64_t)b->src->id + 1 : 2 * (uint64_t)b->file_order;
  if (ia != ib) return ia < ib ? -1 : 1;
  if (a->span.start != b->span.start) return a->span.start < b->span.start ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void lv_diags_sort(lv_diags *d) {
  if (d->n > 1) qsort(d->items, d->n, sizeof *d->items, diag_cmp);
}
