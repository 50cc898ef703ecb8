/* fuzz_check.c - libFuzzer target for the front end: lexer, parser, checker
 * and the diagnostic printers.
 *
 * The input is a .rule file held in memory (as `levin check` would read it,
 * minus imports, which need a file on disk): it is parsed and, if it parses,
 * checked; the diagnostics are sorted and printed as text, JSON lines and
 * SARIF. The same bytes are then parsed as one CEL expression (as `levin
 * eval` reads its argument) and checked with no variables. Besides crashes,
 * leaks and undefined behaviour, any broken invariant of the diagnostics
 * aborts: spans inside the source, messages on one line in valid UTF-8,
 * every error counted, an error for every failed parse.
 *
 *   clang-19 -g -O1 -fsanitize=fuzzer,address,undefined ... (see
 *   tests/fuzz/CMakeLists.txt: configure with -DLEVIN_FUZZ=ON) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "driver/front.h"
#include "driver/load.h"
#include "lv_utf8.h"

static void require_one_line(const char *msg) {
  REQUIRE(msg != NULL);
  size_t n = strlen(msg);
  REQUIRE(lv_utf8_validate(msg, n) == n);
  for (size_t i = 0; i < n; i++) REQUIRE((unsigned char)msg[i] >= 0x20 && msg[i] != 0x7f);
}

static void require_sane(lv_diags *d, lv_source *src) {
  uint32_t errors = 0;
  for (uint32_t i = 0; i < d->n; i++) {
    lv_diag *g = d->items[i];
    REQUIRE(g->code < LV_DIAG_CODE_COUNT);
    if (g->sev == LV_SEV_ERROR && g->code != LV_D_TOO_MANY_ERRORS) errors++;
    require_one_line(g->msg);
    if (g->src) {
      REQUIRE(g->src == src);
      REQUIRE(g->span.start <= g->span.end && g->span.end <= src->len);
    }
    for (uint32_t k = 0; k < g->nnotes; k++) {
      lv_note *n = &g->notes[k];
      require_one_line(n->msg);
      if (n->src) REQUIRE(n->span.start <= n->span.end && n->span.end <= n->src->len);
    }
  }
  REQUIRE(errors == d->errors);
}

static void print_all(lv_diags *d) {
  lv_buf out = LV_BUF_INIT;
  lv_diags_print_text(&out, d, false);
  lv_diags_print_text(&out, d, true);
  lv_diags_print_json(&out, d);
  lv_diags_print_sarif(&out, d, "fuzz");
  lv_diags_print_brief(&out, d);
  lv_buf_free(&out);
}

/* As `levin check` runs by default: at most 50 errors recorded. */
static const lv_front_opts opts = {LV_MAX_DEPTH_DEFAULT, 50};

static void fuzz_file(const char *text, size_t size) {
  lv_front f;
  lv_front_init(&f, &opts);
  lv_source *src = lv_source_new(&f.arena, "fuzz.rule", text, size);
  bool parsed = lv_load_source(&f.prog, src);
  bool checked = parsed && lv_check_program(&f.prog);
  if (!parsed) REQUIRE(f.diags.errors > 0);
  if (parsed && !checked) REQUIRE(f.diags.errors > 0);
  lv_diags_sort(&f.diags);
  require_sane(&f.diags, src);
  print_all(&f.diags);
  lv_front_free(&f);
}

static void fuzz_expr(const char *text, size_t size) {
  lv_front f;
  lv_front_init(&f, &opts);
  lv_source *src = lv_source_new(&f.arena, "<expr>", text, size);
  lv_expr *e = lv_parse_expr(&f.pcx, src, 0, src->len);
  if (!e) REQUIRE(f.diags.errors > 0);
  if (e) {
    const lv_type *t = lv_check_eval(&f.prog, e, src, NULL, 0, NULL, NULL, NULL);
    if (!t) REQUIRE(f.diags.errors > 0);
  }
  lv_diags_sort(&f.diags);
  require_sane(&f.diags, src);
  print_all(&f.diags);
  lv_front_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 20)) return 0;
  fuzz_file((const char *)data, size);
  fuzz_expr((const char *)data, size);
  return 0;
}
