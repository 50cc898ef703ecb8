/* diag.h - diagnostics: collected during a compilation, printed at the end as
 * text (GCC/clang shape), JSON lines, or SARIF 2.1.0. */
#ifndef LV_DIAG_H
#define LV_DIAG_H

#include <stdio.h>

#include "lv_buf.h"
#include "source.h"

typedef enum lv_diag_code {
#define X(id, code, sev, title) id,
#include "codes.def"
#undef X
  LV_DIAG_CODE_COUNT
} lv_diag_code;

typedef enum lv_severity { LV_SEV_ERROR, LV_SEV_WARNING, LV_SEV_NOTE, LV_SEV_HELP } lv_severity;

typedef struct lv_diag_note {
  lv_severity kind; /* NOTE or HELP */
  lv_source *src;   /* NULL: no location */
  lv_span span;
  const char *msg;
} lv_note;

typedef struct lv_diag {
  lv_diag_code code;
  lv_severity sev;
  lv_source *src; /* NULL: no location (then path may still name a file) */
  const char *path;
  lv_span span;
  const char *msg;
  lv_note *notes;
  uint32_t nnotes, capnotes;
  uint32_t seq; /* emission order, for a stable sort */
  uint32_t file_order; /* without src: sorted before the file of this id (0: first) */
} lv_diag;

typedef struct lv_diags {
  lv_arena *arena;
  lv_diag **items;
  uint32_t n, cap;
  uint32_t errors, warnings;
  uint32_t max_errors; /* stop recording errors past this; 0 = unlimited */
  bool truncated;      /* more errors were dropped */
  lv_diag dropped;     /* handed out past the limit; nothing is kept for it, so a
                          file of a million bad characters costs no memory */
} lv_diags;

void lv_diags_init(lv_diags *d, lv_arena *a, uint32_t max_errors);
/* Records a diagnostic; returns it so notes can be attached. When the error
 * limit is reached it returns a scratch diagnostic that is not recorded. */
lv_diag *lv_diag_add(lv_diags *d, lv_diag_code code, lv_source *src, lv_span span,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A diagnostic about a file as a whole (cannot read it, ...). */
lv_diag *lv_diag_add_path(lv_diags *d, lv_diag_code code, const char *path, const char *fmt,
                          ...) __attribute__((format(printf, 4, 5)));
void lv_diag_note(lv_diag *g, lv_diags *d, lv_source *src, lv_span span, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void lv_diag_help(lv_diag *g, lv_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const char *lv_diag_code_str(lv_diag_code code);
const char *lv_diag_code_title(lv_diag_code code);
lv_severity lv_diag_code_severity(lv_diag_code code);
/* Looks a code up by its text ("E0301"); returns LV_DIAG_CODE_COUNT if unknown. */
lv_diag_code lv_diag_code_find(const char *text);

/* Sorts by file then position (stable), so output does not depend on the
 * order the checker visited things in. */
void lv_diags_sort(lv_diags *d);

typedef enum lv_diag_format { LV_DIAG_TEXT, LV_DIAG_JSON, LV_DIAG_SARIF } lv_diag_format;

/* Text: `file:line:col: error: message [E0301]`, the source line, a caret
 * line, then notes and help. color adds ANSI colours. */
void lv_diags_print_text(lv_buf *out, lv_diags *d, bool color);
/* One JSON object per diagnostic per line. */
void lv_diags_print_json(lv_buf *out, lv_diags *d);
/* One SARIF 2.1.0 log with one run. */
void lv_diags_print_sarif(lv_buf *out, lv_diags *d, const char *tool_version);
/* The first line of each diagnostic (`file:line:col: error: message [CODE]`). */
void lv_diags_print_brief(lv_buf *out, lv_diags *d);

#endif
