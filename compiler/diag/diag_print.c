/* diag_print.c - diagnostics as text, JSON lines and SARIF. */
#include "diag.h"

#include <string.h>

#include "lv_utf8.h"

static const char *sev_name(lv_severity s) {
  switch (s) {
  case LV_SEV_ERROR: return "error";
  case LV_SEV_WARNING: return "warning";
  case LV_SEV_NOTE: return "note";
  case LV_SEV_HELP: return "help";
  }
  return "error";
}

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_RESET "\033[0m"

static const char *sev_color(lv_severity s) {
  switch (s) {
  case LV_SEV_ERROR: return C_RED;
  case LV_SEV_WARNING: return C_MAGENTA;
  default: return C_CYAN;
  }
}

/* Lines longer than this many columns are shown as a window around the caret. */
#define WIDE_LINE 160
#define WINDOW_BEFORE 60

/* Prints the source line of span and a caret line under it. */
static void print_snippet(lv_buf *out, lv_source *src, lv_span span, bool color) {
  lv_pos pos = lv_source_pos(src, span.start);
  const char *line;
  uint32_t len;
  lv_source_line(src, pos.line, &line, &len);
  uint32_t line_off = (uint32_t)(line - src->text);
  uint32_t start = span.start - line_off;
  uint32_t end = span.end > span.start ? span.end - line_off : start;
  if (end > len) end = len;

  /* Column units of the line. */
  uint32_t units = 0, caret_unit = 0, caret_len = 0;
  for (uint32_t i = 0; i < len; i += lv_text_unit_len(line + i, len - i)) {
    if (i < start) caret_unit++;
    else if (i < end) caret_len++;
    units++;
  }
  if (start >= len) caret_unit = units;
  if (caret_len == 0) caret_len = 1;

  uint32_t from = 0, to = units;
  if (units > WIDE_LINE) {
    from = caret_unit > WINDOW_BEFORE ? caret_unit - WINDOW_BEFORE : 0;
    to = from + WIDE_LINE < units ? from + WIDE_LINE : units;
  }
  lv_buf caret = LV_BUF_INIT;
  if (from > 0) {
    lv_buf_puts(out, "...");
    lv_buf_puts(&caret, "   ");
  }
  uint32_t u = 0;
  for (uint32_t i = 0; i < len && u < to; u++) {
    uint32_t k = lv_text_unit_len(line + i, len - i);
    if (u >= from) {
      unsigned char c = (unsigned char)line[i];
      uint32_t cp;
      bool valid = lv_utf8_decode((const unsigned char *)line + i, len - i, &cp) > 0;
      if (c == '\t') lv_buf_putc(out, '\t');
      else if (!valid || c < 0x20 || c == 0x7f) lv_buf_puts(out, "\xEF\xBF\xBD");
      else lv_buf_putsn(out, line + i, k);
      if (u < caret_unit) lv_buf_putc(&caret, c == '\t' ? '\t' : ' ');
    }
    i += k;
  }
  if (to < units) lv_buf_puts(out, "...");
  lv_buf_putc(out, '\n');
  if (caret_unit > to) caret_unit = to;
  while (u < caret_unit) { lv_buf_putc(&caret, ' '); u++; }
  if (color) lv_buf_puts(out, "");
  lv_buf_putsn(out, caret.data ? caret.data : "", caret.len);
  if (color) lv_buf_puts(out, C_GREEN);
  lv_buf_putc(out, '^');
  for (uint32_t i = 1; i < caret_len && caret_unit + i < to + 1; i++) lv_buf_putc(out, '~');
  if (color) lv_buf_puts(out, C_RESET);
  lv_buf_putc(out, '\n');
  lv_buf_free(&caret);
}

static void print_head(lv_buf *out, lv_source *src, const char *path, lv_span span,
                       lv_severity sev, const char *msg, const char *code, bool color) {
  if (color) lv_buf_puts(out, C_BOLD);
  if (src) {
    lv_pos p = lv_source_pos(src, span.start);
    lv_buf_printf(out, "%s:%u:%u: ", src->path, p.line, p.col);
  } else if (path) {
    lv_buf_printf(out, "%s: ", path);
  }
  if (color) lv_buf_printf(out, "%s%s:" C_RESET C_BOLD " %s", sev_color(sev), sev_name(sev), msg);
  else lv_buf_printf(out, "%s: %s", sev_name(sev), msg);
  if (code) lv_buf_printf(out, " [%s]", code);
  if (color) lv_buf_puts(out, C_RESET);
  lv_buf_putc(out, '\n');
}

void lv_diags_print_text(lv_buf *out, lv_diags *d, bool color) {
  for (uint32_t i = 0; i < d->n; i++) {
    lv_diag *g = d->items[i];
    print_head(out, g->src, g->path, g->span, g->sev, g->msg, lv_diag_code_str(g->code), color);
    if (g->src) print_snippet(out, g->src, g->span, color);
    for (uint32_t k = 0; k < g->nnotes; k++) {
      lv_note *n = &g->notes[k];
      print_head(out, n->src, NULL, n->span, n->kind, n->msg, NULL, color);
      if (n->src) print_snippet(out, n->src, n->span, color);
    }
  }
}

void lv_diags_print_brief(lv_buf *out, lv_diags *d) {
  for (uint32_t i = 0; i < d->n; i++) {
    lv_diag *g = d->items[i];
    if (i) lv_buf_putc(out, '\n');
    print_head(out, g->src, g->path, g->span, g->sev, g->msg, lv_diag_code_str(g->code), false);
    if (out->len && out->data[out->len - 1] == '\n') out->data[--out->len] = 0;
  }
}

/* "line":L,"column":C,"end_line":..,"end_column":.. (end exclusive). */
static void json_region(lv_buf *out, lv_source *src, lv_span span, bool sarif) {
  lv_pos a = lv_source_pos(src, span.start);
  lv_pos b = lv_source_pos(src, span.end > span.start ? span.end : span.start);
  if (span.end <= span.start) b.col = a.col + 1; /* an empty span marks one column */
  if (sarif)
    lv_buf_printf(out, "{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u}",
                  a.line, a.col, b.line, b.col);
  else
    lv_buf_printf(out, "\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u", a.line,
                  a.col, b.line, b.col);
}

void lv_diags_print_json(lv_buf *out, lv_diags *d) {
  for (uint32_t i = 0; i < d->n; i++) {
    lv_diag *g = d->items[i];
    lv_buf_puts(out, "{\"file\":");
    lv_buf_put_json_string(out, g->path ? g->path : "", g->path ? strlen(g->path) : 0);
    if (g->src) {
      lv_buf_putc(out, ',');
      json_region(out, g->src, g->span, false);
    }
    lv_buf_printf(out, ",\"severity\":\"%s\",\"code\":\"%s\",\"message\":", sev_name(g->sev),
                  lv_diag_code_str(g->code));
    lv_buf_put_json_string(out, g->msg, strlen(g->msg));
    lv_buf_puts(out, ",\"notes\":[");
    for (uint32_t k = 0; k < g->nnotes; k++) {
      lv_note *n = &g->notes[k];
      if (k) lv_buf_putc(out, ',');
      lv_buf_printf(out, "{\"severity\":\"%s\"", sev_name(n->kind));
      if (n->src) {
        lv_buf_puts(out, ",\"file\":");
        lv_buf_put_json_string(out, n->src->path, strlen(n->src->path));
        lv_buf_putc(out, ',');
        json_region(out, n->src, n->span, false);
      }
      lv_buf_puts(out, ",\"message\":");
      lv_buf_put_json_string(out, n->msg, strlen(n->msg));
      lv_buf_putc(out, '}');
    }
    lv_buf_puts(out, "]}\n");
  }
}

/* A relative path as a URI reference: percent-encode what RFC 3986 reserves. */
static void put_uri(lv_buf *out, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  lv_buf b = LV_BUF_INIT;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p))
      lv_buf_putc(&b, (char)*p);
    else {
      lv_buf_putc(&b, '%');
      lv_buf_putc(&b, hex[*p >> 4]);
      lv_buf_putc(&b, hex[*p & 15]);
    }
  }
  lv_buf_put_json_string(out, b.data ? b.data : "", b.len);
  lv_buf_free(&b);
}

static void sarif_location(lv_buf *out, lv_source *src, const char *path, lv_span span) {
  lv_buf_puts(out, "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
  put_uri(out, src ? src->path : path);
  lv_buf_putc(out, '}');
  if (src) {
    lv_buf_puts(out, ",\"region\":");
    json_region(out, src, span, true);
  }
  lv_buf_puts(out, "}}"); /* physicalLocation, then the location itself */
}

void lv_diags_print_sarif(lv_buf *out, lv_diags *d, const char *tool_version) {
  lv_buf_puts(out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
                   "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"levin\","
                   "\"version\":");
  lv_buf_put_json_string(out, tool_version, strlen(tool_version));
  lv_buf_puts(out, ",\"informationUri\":\"https://github.com/levin-rules/levin\",\"rules\":[");
  for (int i = 0; i < LV_DIAG_CODE_COUNT; i++) {
    if (i) lv_buf_putc(out, ',');
    lv_buf_printf(out, "{\"id\":\"%s\",\"shortDescription\":{\"text\":", lv_diag_code_str(i));
    const char *t = lv_diag_code_title(i);
    lv_buf_put_json_string(out, t, strlen(t));
    lv_buf_printf(out, "},\"defaultConfiguration\":{\"level\":\"%s\"}}",
                  lv_diag_code_severity(i) == LV_SEV_ERROR ? "error" : "warning");
  }
  lv_buf_puts(out, "]}},\"results\":[");
  for (uint32_t i = 0; i < d->n; i++) {
    lv_diag *g = d->items[i];
    if (i) lv_buf_putc(out, ',');
    lv_buf_printf(out, "{\"ruleId\":\"%s\",\"ruleIndex\":%d,\"level\":\"%s\",\"message\":{\"text\":",
                  lv_diag_code_str(g->code), (int)g->code,
                  g->sev == LV_SEV_ERROR ? "error" : "warning");
    /* Notes without a location and help lines join the message text. */
    lv_buf text = LV_BUF_INIT;
    lv_buf_puts(&text, g->msg);
    for (uint32_t k = 0; k < g->nnotes; k++)
      if (!g->notes[k].src) lv_buf_printf(&text, "\n%s: %s", sev_name(g->notes[k].kind), g->notes[k].msg);
    lv_buf_put_json_string(out, text.data, text.len);
    lv_buf_free(&text);
    lv_buf_puts(out, "},\"locations\":[");
    sarif_location(out, g->src, g->path ? g->path : "", g->span);
    lv_buf_puts(out, "]");
    bool any = false;
    for (uint32_t k = 0; k < g->nnotes; k++) {
      lv_note *n = &g->notes[k];
      if (!n->src) continue;
      lv_buf_puts(out, any ? "," : ",\"relatedLocations\":[");
      any = true;
      sarif_location(out, n->src, NULL, n->span);
      /* The note's id and message belong to the location object: reopen it. */
      out->len--;
      lv_buf_printf(out, ",\"id\":%u,\"message\":{\"text\":", k);
      lv_buf_put_json_string(out, n->msg, strlen(n->msg));
      lv_buf_puts(out, "}}");
    }
    if (any) lv_buf_putc(out, ']');
    lv_buf_putc(out, '}');
  }
  lv_buf_puts(out, "]}]}\n");
}
