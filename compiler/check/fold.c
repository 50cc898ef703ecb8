/* fold.c - sub-expressions that would fail on every evaluation are compile
 * errors with a position: a literal zero divisor, overflow between literals,
 * a malformed regex, timestamp, duration, number or time zone literal. The
 * checks run the same C functions the generated code calls, so compile time
 * and run time agree. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check/checker.h"
#include "lv_regex.h"
#include "lv_string.h"
#include "lv_time.h"

/* A sure failure is an error, unless CEL may skip or absorb it where it
 * stands (see lv_checker.guarded); then it is a warning. */
static lv_diag *report(lv_checker *c, lv_diag_code code, lv_span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static lv_diag *report(lv_checker *c, lv_diag_code code, lv_span at, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (!c->guarded && !c->p->soft_constant_errors) return lv_diag_add(c->p->diags, code, c->src, at, "%s", msg);
  lv_diag *g = lv_diag_add(c->p->diags, LV_D_ALWAYS_FAILS, c->src, at, "%s", msg);
  lv_diag_note(g, c->p->diags, NULL, lv_span_make(0, 0),
               "this always fails when it runs; it is a warning because it sits where CEL can skip "
               "it or absorb its error (an operand of && or ||, a branch of ?:, a macro body)");
  return g;
}

static const lv_expr *literal(const lv_expr *e, lv_expr_kind kind) {
  return e && e->kind == kind ? e : NULL;
}

/* Offset in the source of byte `off` of a string literal's decoded value,
 * when the literal has no escapes (so decoded and written bytes line up). */
static bool literal_byte_pos(lv_source *src, const lv_expr *lit, uint32_t off, uint32_t *pos) {
  const char *s = src->text + lit->span.start;
  uint32_t n = lit->span.end - lit->span.start, i = 0;
  bool raw = false;
  if (i < n && (s[i] == 'r' || s[i] == 'R')) {
    raw = true;
    i++;
  }
  if (i >= n) return false;
  char q = s[i];
  uint32_t qlen = (i + 2 < n && s[i + 1] == q && s[i + 2] == q) ? 3 : 1;
  if (!raw && memchr(s + i, '\\', n - i)) return false;
  *pos = lit->span.start + i + qlen + off;
  return *pos <= lit->span.end;
}

static void check_regex(lv_checker *c, const lv_expr *pat) {
  lv_regex_error err;
  lv_regex *re = lv_regex_compile(pat->u.str.ptr, pat->u.str.len, &err);
  if (re) {
    lv_regex_free(re);
    return;
  }
  uint32_t pos;
  lv_span at = pat->span;
  if (literal_byte_pos(c->src, pat, err.offset, &pos)) at = lv_span_make(pos, pos < pat->span.end - 1 ? pos + 1 : pos);
  lv_diag *g = report(c, LV_D_BAD_REGEX, at, "invalid regular expression: %s", err.msg);
  lv_diag_help(g, c->p->diags, "matches() uses RE2 syntax; a raw string r\"...\" avoids doubling backslashes");
}

static void check_literal_arg(lv_checker *c, const lv_expr *arg, const lv_err *err, const char *what) {
  if (!err) return;
  /* The library's messages often start the same way ("invalid timestamp ..."). */
  if (strncmp(err->msg, "invalid ", 8) == 0 && strncmp(err->msg + 8, what, strlen(what)) == 0)
    report(c, LV_D_BAD_LITERAL_ARG, arg->span, "%s", err->msg);
  else
    report(c, LV_D_BAD_LITERAL_ARG, arg->span, "invalid %s: %s", what, err->msg);
}

static void check_binary(lv_checker *c, lv_expr *e) {
  const lv_expr *l = e->u.binary.left, *r = e->u.binary.right;
  if (e->op == LV_OP_DIV || e->op == LV_OP_MOD) {
    if ((literal(r, LV_EX_INT) && r->u.i == 0) || (literal(r, LV_EX_UINT) && r->u.u == 0)) {
      report(c, LV_D_CONST_DIV_ZERO, e->span, "%s by zero", e->op == LV_OP_DIV ? "division" : "modulus");
      return;
    }
  }
  if (literal(l, LV_EX_INT) && literal(r, LV_EX_INT)) {
    int64_t out;
    bool of = false;
    switch (e->op) {
    case LV_OP_ADD: of = __builtin_add_overflow(l->u.i, r->u.i, &out); break;
    case LV_OP_SUB: of = __builtin_sub_overflow(l->u.i, r->u.i, &out); break;
    case LV_OP_MUL: of = __builtin_mul_overflow(l->u.i, r->u.i, &out); break;
    case LV_OP_DIV:
    case LV_OP_MOD: of = l->u.i == INT64_MIN && r->u.i == -1; break;
    default: break;
    }
    if (of) report(c, LV_D_CONST_OVERFLOW, e->span, "integer overflow in '%s'", lv_op_text(e->op));
  }
  if (literal(l, LV_EX_UINT) && literal(r, LV_EX_UINT)) {
    uint64_t out;
    bool of = false;
    switch (e->op) {
    case LV_OP_ADD: of = __builtin_add_overflow(l->u.u, r->u.u, &out); break;
    case LV_OP_SUB: of = __builtin_sub_overflow(l->u.u, r->u.u, &out); break;
    case LV_OP_MUL: of = __builtin_mul_overflow(l->u.u, r->u.u, &out); break;
    default: break;
    }
    if (of) report(c, LV_D_CONST_OVERFLOW, e->span, "unsigned integer overflow in '%s'", lv_op_text(e->op));
  }
}

static void check_call(lv_checker *c, lv_expr *e) {
  uint32_t id = e->overload;
  lv_expr_list *a = &e->u.call.args;
  const lv_expr *s0 = a->n > 0 ? literal(a->items[0], LV_EX_STRING) : NULL;
  const lv_expr *s1 = a->n > 1 ? literal(a->items[1], LV_EX_STRING) : NULL;
  lv_arena scratch;
  lv_arena_init(&scratch, 1024, 1 << 20);
  lv_ctx cx = {&scratch, NULL, NULL, NULL};
  switch (id) {
  case LV_B_MATCHES_F:
    if (s1) check_regex(c, s1);
    break;
  case LV_B_MATCHES_M:
    if (s0) check_regex(c, s0);
    break;
  case LV_B_TIMESTAMP_STRING:
    if (s0) {
      lv_time t;
      check_literal_arg(c, s0, lv_timestamp_parse(&cx, &t, s0->u.str.ptr, s0->u.str.len), "timestamp");
    }
    break;
  case LV_B_DURATION_STRING:
    if (s0) {
      lv_time t;
      check_literal_arg(c, s0, lv_duration_parse(&cx, &t, s0->u.str.ptr, s0->u.str.len), "duration");
    }
    break;
  case LV_B_INT_STRING:
    if (s0) {
      int64_t v;
      check_literal_arg(c, s0, lv_string_to_int(&cx, &v, s0->u.str.ptr, s0->u.str.len), "int");
    }
    break;
  case LV_B_UINT_STRING:
    if (s0) {
      uint64_t v;
      check_literal_arg(c, s0, lv_string_to_uint(&cx, &v, s0->u.str.ptr, s0->u.str.len), "uint");
    }
    break;
  case LV_B_DOUBLE_STRING:
    if (s0) {
      double v;
      check_literal_arg(c, s0, lv_string_to_double(&cx, &v, s0->u.str.ptr, s0->u.str.len), "double");
    }
    break;
  case LV_B_BOOL_STRING:
    if (s0) {
      bool v;
      check_literal_arg(c, s0, lv_string_to_bool(&cx, &v, s0->u.str.ptr, s0->u.str.len), "bool");
    }
    break;
  default:
    /* Timestamp accessors with a literal time zone. */
    if (id >= LV_B_TS_FULL_YEAR && id <= LV_B_TS_MILLISECONDS_TZ && (id - LV_B_TS_FULL_YEAR) % 2 == 1 && s0) {
      if (!lv_tz_find(s0->u.str.ptr, s0->u.str.len))
        report(c, LV_D_BAD_LITERAL_ARG, s0->span,
                    "unknown time zone '%.*s': use an IANA name such as \"Europe/Paris\" or an offset such as \"+05:30\"",
                    (int)s0->u.str.len, s0->u.str.ptr);
    }
    break;
  }
  lv_arena_free(&scratch);
}

void lv_fold_check(lv_checker *c, lv_expr *e) {
  if (e->kind == LV_EX_BINARY) check_binary(c, e);
  else if (e->kind == LV_EX_CALL) check_call(c, e);
}
