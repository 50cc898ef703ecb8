/* lv_regex_parse.c - RE2 syntax to a syntax tree.
 *
 * The parser is iterative: an explicit stack of open groups instead of
 * recursion, so that deep nesting costs heap (bounded by RX_MAX_DEPTH), not
 * C stack. Flags ((?i) and friends) are resolved here: a literal under (?i)
 * becomes the class of its case folding orbit, '.' becomes a class, ^ and $
 * become the assertion their (?m) state selects. Error messages follow RE2
 * and Go's regexp/syntax: "<what>: <the offending text>". */
#include <stdio.h>
#include <string.h>

#include "lv_regex_int.h"

enum {
  F_FOLD = 1,  /* (?i) */
  F_MULTI = 2, /* (?m) */
  F_DOTNL = 4, /* (?s) */
  F_LAZY = 8,  /* (?U): no effect on a yes/no match, accepted for RE2 syntax */
};

#define MAX_RANGES 1000000u /* ranges built while parsing: bounds memory and time */

typedef struct rx_list {
  rx_node **v;
  uint32_t n, cap;
} rx_list;

typedef struct frame {
  rx_list alts;  /* finished branches */
  rx_list items; /* the branch being read */
  unsigned saved_flags;
  size_t open;   /* offset of '(' */
} frame;

typedef struct parser {
  lv_arena *a;
  const char *pat;
  size_t len, pos;
  unsigned flags;
  frame *frames;  /* frames[0] is the whole pattern */
  uint32_t depth, cap;
  long last_rep;  /* offset of the repetition operator just read, or -1 */
  uint64_t nranges;
  const char **names; /* named groups, for duplicates */
  uint32_t *name_lens;
  uint32_t nnames, names_cap;
  lv_regex_error *err;
  bool failed;
} parser;

/* --- errors ------------------------------------------------------------------ */

void rx_error(lv_regex_error *err, size_t offset, const char *msg, const char *arg, size_t argn) {
  err->offset = offset > UINT32_MAX ? UINT32_MAX : (uint32_t)offset;
  const size_t cap = sizeof err->msg - 1; /* room for the NUL */
  size_t n = strlen(msg);
  if (n > cap) n = cap;
  memcpy(err->msg, msg, n);
  if (arg && n + 2 <= cap) {
    err->msg[n++] = ':';
    err->msg[n++] = ' ';
    for (size_t i = 0; i < argn;) {
      /* One piece: a whole UTF-8 sequence, or a control byte as \xNN. */
      unsigned char c = (unsigned char)arg[i];
      char piece[8];
      size_t plen = 1, used = 1;
      if (c < 0x20 || c == 0x7F) {
        plen = (size_t)snprintf(piece, sizeof piece, "\\x%02x", c);
      } else {
        uint32_t cp;
        int d = c < 0x80 ? 1 : lv_utf8_decode((const unsigned char *)arg + i, argn - i, &cp);
        used = plen = d > 0 ? (size_t)d : 1;
        memcpy(piece, arg + i, plen);
      }
      size_t reserve = i + used < argn ? 3 : 0; /* for "..." if more follows */
      if (n + plen + reserve > cap) {
        size_t k = cap - n < 3 ? cap - n : 3;
        memcpy(err->msg + n, "...", k);
        n += k;
        break;
      }
      memcpy(err->msg + n, piece, plen);
      n += plen;
      i += used;
    }
  }
  err->msg[n] = 0;
}

static void *fail_at(parser *p, size_t offset, const char *msg, size_t arg_from, size_t arg_to) {
  if (!p->failed) {
    p->failed = true;
    rx_error(p->err, offset, msg, arg_to > arg_from ? p->pat + arg_from : NULL,
             arg_to > arg_from ? arg_to - arg_from : 0);
  }
  return NULL;
}

static void *fail_oom(parser *p) {
  if (!p->failed) {
    p->failed = true;
    rx_error(p->err, 0, "pattern too large", NULL, 0);
  }
  return NULL;
}

/* --- nodes ----------------------------------------------------------------- */

static rx_node *node_new(parser *p, rx_kind kind) {
  rx_node *n = lv_arena_calloc(p->a, 1, sizeof *n);
  if (!n) return fail_oom(p);
  n->kind = (uint8_t)kind;
  n->height = 1;
  return n;
}

static bool list_push(parser *p, rx_list *l, rx_node *n) {
  if (l->n == l->cap) {
    uint32_t cap = l->cap ? l->cap * 2 : 4;
    rx_node **v = lv_arena_grow(p->a, l->v, l->n * sizeof *v, cap * sizeof *v);
    if (!v) return fail_oom(p), false;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = n;
  return true;
}

/* CONCAT or ALT of l's nodes; one node stands for itself, none is EMPTY. */
static rx_node *node_list(parser *p, rx_kind kind, rx_list *l, size_t at) {
  if (l->n == 0) return node_new(p, RX_N_EMPTY);
  if (l->n == 1) return l->v[0];
  rx_node *n = node_new(p, kind);
  if (!n) return NULL;
  n->n = l->n;
  n->u.kids = l->v;
  uint32_t h = 0;
  for (uint32_t i = 0; i < l->n; i++)
    if (l->v[i]->height > h) h = l->v[i]->height;
  if (h + 1 > RX_MAX_DEPTH) return fail_at(p, at, "expression nests too deeply", 0, 0);
  n->height = (uint16_t)(h + 1);
  return n;
}

/* A class node from a normalized set: FAIL when empty, RUNE for one code point. */
static rx_node *node_set(parser *p, rx_set *s) {
  if (s->oom) return fail_oom(p);
  p->nranges += s->n;
  if (p->nranges > MAX_RANGES) return fail_at(p, 0, "pattern too large", 0, 0);
  if (s->n == 0) return node_new(p, RX_N_FAIL);
  if (s->n == 1 && s->r[0].lo == s->r[0].hi) {
    rx_node *n = node_new(p, RX_N_RUNE);
    if (n) n->rune = s->r[0].lo;
    return n;
  }
  rx_node *n = node_new(p, RX_N_CLASS);
  if (!n) return NULL;
  n->n = s->n;
  n->u.ranges = s->r;
  return n;
}

static rx_node *node_literal(parser *p, uint32_t c) {
  if ((p->flags & F_FOLD) && rx_fold_next(c) != c) {
    rx_set s;
    rx_set_init(&s, p->a);
    rx_set_add(&s, c, c);
    rx_set_fold(&s);
    return node_set(p, &s);
  }
  rx_node *n = node_new(p, RX_N_RUNE);
  if (n) n->rune = c;
  return n;
}

static rx_node *node_assert(parser *p, uint32_t bit) {
  rx_node *n = node_new(p, RX_N_ASSERT);
  if (n) n->rune = bit;
  return n;
}

/* --- small readers -------------------------------------------------------- */

static uint32_t rune_at(const parser *p, size_t i, size_t *w) {
  uint32_t c;
  int k = lv_utf8_decode((const unsigned char *)p->pat + i, p->len - i, &c);
  if (k <= 0) { /* cannot happen: the pattern was validated */
    *w = 1;
    return (unsigned char)p->pat[i];
  }
  *w = (size_t)k;
  return c;
}

static int hex_value(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

static bool is_alnum(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A single-character escape at p->pos ('\\'), as a code point: octal
 * \0 \012, hex \x41 \x{263a}, C escapes \a \f \n \r \t \v, and any escaped
 * ASCII punctuation. Advances p->pos past it. */
static bool parse_escape(parser *p, uint32_t *out) {
  size_t start = p->pos, i = p->pos + 1;
  if (i >= p->len) return fail_at(p, start, "trailing backslash at end of expression", 0, 0), false;
  size_t w;
  uint32_t c = rune_at(p, i, &w);
  i += w;
  switch (c) {
  case '1': case '2': case '3': case '4': case '5': case '6': case '7':
    /* A lone non-zero digit would be a backreference, which RE2 rejects. */
    if (i >= p->len || p->pat[i] < '0' || p->pat[i] > '7') break;
    /* fallthrough */
  case '0': {
    uint32_t v = c - '0';
    for (int k = 0; k < 2 && i < p->len && p->pat[i] >= '0' && p->pat[i] <= '7'; k++)
      v = v * 8 + (uint32_t)(p->pat[i++] - '0');
    p->pos = i;
    *out = v;
    return true;
  }
  case 'x': {
    if (i >= p->len) break;
    c = rune_at(p, i, &w);
    i += w;
    if (c == '{') {
      uint32_t v = 0;
      int digits = 0;
      for (;;) {
        if (i >= p->len) goto bad;
        c = rune_at(p, i, &w);
        i += w;
        if (c == '}') break;
        int h = hex_value(c);
        if (h < 0) goto bad;
        v = v * 16 + (uint32_t)h;
        if (v > RX_MAX_RUNE) goto bad;
        digits++;
      }
      if (digits == 0) break;
      p->pos = i;
      *out = v;
      return true;
    }
    int hi = hex_value(c);
    if (hi < 0 || i >= p->len) break;
    c = rune_at(p, i, &w);
    i += w;
    int lo = hex_value(c);
    if (lo < 0) break;
    p->pos = i;
    *out = (uint32_t)(hi * 16 + lo);
    return true;
  }
  case 'a': *out = 7; p->pos = i; return true;
  case 'f': *out = 12; p->pos = i; return true;
  case 'n': *out = 10; p->pos = i; return true;
  case 'r': *out = 13; p->pos = i; return true;
  case 't': *out = 9; p->pos = i; return true;
  case 'v': *out = 11; p->pos = i; return true;
  default:
    if (c < 0x80 && !is_alnum(c)) {
      *out = c;
      p->pos = i;
      return true;
    }
    break;
  }
bad:
  fail_at(p, start, "invalid escape sequence", start, i);
  return false;
}

/* \p{Name}, \pN, \P{Name}, \p{^Name} at p->pos: adds the class, folded if
 * fold, to s. Unknown names are errors, never empty classes. */
static bool parse_unicode_class(parser *p, rx_set *s, bool fold) {
  size_t start = p->pos, i = p->pos + 2, w;
  bool negate = p->pat[p->pos + 1] == 'P';
  const char *name;
  size_t namen;
  if (i >= p->len) return fail_at(p, start, "invalid character class range", start, i), false;
  if (p->pat[i] == '{') {
    const char *end = memchr(p->pat + i, '}', p->len - i);
    if (!end) return fail_at(p, start, "invalid character class range", start, p->len), false;
    name = p->pat + i + 1;
    namen = (size_t)(end - name);
    i = (size_t)(end - p->pat) + 1;
  } else {
    rune_at(p, i, &w);
    name = p->pat + i;
    namen = w;
    i += w;
  }
  if (namen > 0 && name[0] == '^') {
    negate = !negate;
    name++;
    namen--;
  }
  rx_set t;
  rx_set_init(&t, p->a);
  if (!rx_set_add_unicode(&t, name, namen))
    return fail_at(p, start, "invalid character class range", start, i), false;
  rx_set_normalize(&t);
  if (fold) rx_set_fold(&t);
  if (negate) rx_set_negate(&t);
  rx_set_add_set(s, &t);
  p->pos = i;
  return true;
}

/* \d \s \w and their negations at p->pos. */
static void add_perl_class(parser *p, rx_set *s, char c, bool fold) {
  rx_set t;
  rx_set_init(&t, p->a);
  rx_set_add_perl(&t, (char)(c | 0x20));
  rx_set_normalize(&t);
  if (fold) rx_set_fold(&t);
  if (c >= 'A' && c <= 'Z') rx_set_negate(&t);
  rx_set_add_set(s, &t);
  p->pos += 2;
}

static bool is_perl_class(char c) {
  return c == 'd' || c == 'D' || c == 's' || c == 'S' || c == 'w' || c == 'W';
}

/* [...] at p->pos. Items are folded one by one (a negated item is folded
 * before it is negated), then the whole class is negated for [^...]: the
 * order RE2 uses. */
static rx_node *parse_class(parser *p) {
  size_t start = p->pos;
  bool fold = (p->flags & F_FOLD) != 0;
  p->pos++;
  bool negate = false;
  if (p->pos < p->len && p->pat[p->pos] == '^') {
    negate = true;
    p->pos++;
  }
  rx_set plain, all;
  rx_set_init(&plain, p->a); /* ranges and positive named classes: folded at the end */
  rx_set_init(&all, p->a);
  bool first = true;
  for (;;) {
    if (p->pos >= p->len) return fail_at(p, start, "missing closing ]", start, p->len);
    char c = p->pat[p->pos];
    if (c == ']' && !first) {
      p->pos++;
      break;
    }
    first = false;
    if (c == '[' && p->pos + 1 < p->len && p->pat[p->pos + 1] == ':') {
      /* [:name:] or [:^name:]; without a closing ":]" the '[' is literal. */
      const char *from = p->pat + p->pos + 2;
      const char *end = NULL;
      for (const char *q = from; q + 1 < p->pat + p->len; q++)
        if (q[0] == ':' && q[1] == ']') {
          end = q;
          break;
        }
      if (end) {
        size_t item_end = (size_t)(end - p->pat) + 2;
        bool neg = from < end && from[0] == '^';
        const char *name = from + neg;
        rx_set t;
        rx_set_init(&t, p->a);
        if (!rx_set_add_posix(&t, name, (size_t)(end - name)))
          return fail_at(p, p->pos, "invalid character class range", p->pos, item_end);
        rx_set_normalize(&t);
        if (neg) {
          if (fold) rx_set_fold(&t);
          rx_set_negate(&t);
          rx_set_add_set(&all, &t);
        } else {
          rx_set_add_set(&plain, &t);
        }
        p->pos = item_end;
        continue;
      }
    }
    if (c == '\\' && p->pos + 1 < p->len && is_perl_class(p->pat[p->pos + 1])) {
      char k = p->pat[p->pos + 1];
      if (k >= 'a') {
        rx_set_add_perl(&plain, k);
        p->pos += 2;
      } else {
        add_perl_class(p, &all, k, fold);
      }
      continue;
    }
    if (c == '\\' && p->pos + 1 < p->len && (p->pat[p->pos + 1] == 'p' || p->pat[p->pos + 1] == 'P')) {
      if (!parse_unicode_class(p, &all, fold)) return NULL;
      continue;
    }
    /* A single character or a range lo-hi. */
    size_t item = p->pos, w;
    uint32_t lo, hi;
    if (c == '\\') {
      if (!parse_escape(p, &lo)) return NULL;
    } else {
      lo = rune_at(p, p->pos, &w);
      p->pos += w;
    }
    hi = lo;
    if (p->pos + 1 < p->len && p->pat[p->pos] == '-' && p->pat[p->pos + 1] != ']') {
      p->pos++;
      if (p->pat[p->pos] == '\\') {
        if (!parse_escape(p, &hi)) return NULL;
      } else {
        hi = rune_at(p, p->pos, &w);
        p->pos += w;
      }
      if (hi < lo) return fail_at(p, item, "invalid character class range", item, p->pos);
    }
    rx_set_add(&plain, lo, hi);
  }
  rx_set_normalize(&plain);
  if (fold) rx_set_fold(&plain);
  rx_set_add_set(&all, &plain);
  rx_set_normalize(&all);
  if (negate) rx_set_negate(&all);
  return node_set(p, &all);
}

/* --- repetition ------------------------------------------------------------ */

/* RE2's rule: counted repetitions nested inside one another may not
 * multiply to more than RX_MAX_REPEAT. */
static bool repeat_valid(const rx_node *n, int budget) {
  if (n->kind == RX_N_REPEAT) {
    if (n->counted) {
      int m = n->max < 0 ? n->min : n->max;
      if (n->max == 0) return true;
      if (m > budget) return false;
      if (m > 0) budget /= m;
    }
    return repeat_valid(n->u.sub, budget);
  }
  if (n->kind == RX_N_CONCAT || n->kind == RX_N_ALT)
    for (uint32_t i = 0; i < n->n; i++)
      if (!repeat_valid(n->u.kids[i], budget)) return false;
  return true;
}

/* {n}, {n,}, {n,m} at p->pos; false (nothing consumed) when the text is not
 * one, and then '{' is a literal, as in RE2. Numbers above 1000 saturate. */
static bool parse_braces(parser *p, int *min, int *max) {
  size_t i = p->pos + 1;
  int v[2] = {0, -1};
  for (int k = 0; k < 2; k++) {
    size_t d = i;
    long x = 0;
    while (i < p->len && p->pat[i] >= '0' && p->pat[i] <= '9') {
      if (x <= RX_MAX_REPEAT) x = x * 10 + (p->pat[i] - '0');
      i++;
    }
    if (i == d) {
      if (k == 0) return false;
      break; /* {n,} */
    }
    if (i - d > 1 && p->pat[d] == '0') return false; /* no leading zeros */
    v[k] = (int)x;
    if (k == 0) {
      if (i < p->len && p->pat[i] == ',') {
        i++;
        continue;
      }
      v[1] = v[0];
      break;
    }
  }
  if (i >= p->len || p->pat[i] != '}') return false;
  *min = v[0];
  *max = v[1];
  p->pos = i + 1;
  return true;
}

static bool apply_repeat(parser *p, size_t op, int min, int max, bool counted) {
  if (p->pos < p->len && p->pat[p->pos] == '?') p->pos++; /* lazy: same yes/no answer */
  if (p->last_rep >= 0)
    return fail_at(p, op, "invalid nested repetition operator", (size_t)p->last_rep, p->pos), false;
  rx_list *items = &p->frames[p->depth].items;
  if (items->n == 0) return fail_at(p, op, "missing argument to repetition operator", op, p->pos), false;
  rx_node *n = node_new(p, RX_N_REPEAT);
  if (!n) return false;
  rx_node *sub = items->v[items->n - 1];
  n->min = min;
  n->max = max;
  n->counted = counted;
  n->u.sub = sub;
  if (sub->height + 1 > RX_MAX_DEPTH) return fail_at(p, op, "expression nests too deeply", 0, 0), false;
  n->height = (uint16_t)(sub->height + 1);
  if (counted && (min >= 2 || max >= 2) && !repeat_valid(n, RX_MAX_REPEAT))
    return fail_at(p, op, "invalid repeat count", op, p->pos), false;
  items->v[items->n - 1] = n;
  p->last_rep = (long)op;
  return true;
}

/* --- groups ------------------------------------------------------------------ */

static bool push_frame(parser *p, size_t open, unsigned saved_flags) {
  if (p->depth + 1 > RX_MAX_DEPTH) return fail_at(p, open, "expression nests too deeply", 0, 0), false;
  if (p->depth + 1 >= p->cap) {
    uint32_t cap = p->cap * 2;
    frame *f = lv_arena_grow(p->a, p->frames, p->cap * sizeof *f, cap * sizeof *f);
    if (!f) return fail_oom(p), false;
    p->frames = f;
    p->cap = cap;
  }
  frame *f = &p->frames[++p->depth];
  memset(f, 0, sizeof *f);
  f->open = open;
  f->saved_flags = saved_flags;
  return true;
}

/* The group's alternation, from its finished branches and the current one. */
static rx_node *close_frame(parser *p, frame *f, size_t at) {
  rx_node *last = node_list(p, RX_N_CONCAT, &f->items, at);
  if (!last || !list_push(p, &f->alts, last)) return NULL;
  return node_list(p, RX_N_ALT, &f->alts, at);
}

static bool name_ok(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (!is_alnum((unsigned char)s[i]) && s[i] != '_') return false;
  return true;
}

/* (?P<name>, (?<name>, (?flags), (?flags:, and the Perl groups RE2 rejects. */
static bool parse_perl_group(parser *p) {
  size_t start = p->pos, t = p->pos + 2;
  const char *s = p->pat;
  if (t < p->len && (s[t] == '=' || s[t] == '!'))
    return fail_at(p, start, "invalid or unsupported Perl syntax", start, t + 1), false;
  if (t + 1 < p->len && s[t] == '<' && (s[t + 1] == '=' || s[t + 1] == '!'))
    return fail_at(p, start, "invalid or unsupported Perl syntax", start, t + 2), false;
  size_t name_at = 0;
  if (t + 1 < p->len && s[t] == 'P' && s[t + 1] == '<') name_at = t + 2;
  else if (t < p->len && s[t] == '<') name_at = t + 1;
  if (name_at) {
    const char *gt = memchr(s + name_at, '>', p->len - name_at);
    if (!gt) return fail_at(p, start, "invalid named capture", start, p->len), false;
    size_t end = (size_t)(gt - s), n = end - name_at;
    if (!name_ok(s + name_at, n)) return fail_at(p, start, "invalid named capture", start, end + 1), false;
    for (uint32_t i = 0; i < p->nnames; i++)
      if (p->name_lens[i] == n && memcmp(p->names[i], s + name_at, n) == 0)
        return fail_at(p, start, "duplicate capture group name", name_at, end), false;
    if (p->nnames == p->names_cap) {
      uint32_t cap = p->names_cap ? p->names_cap * 2 : 8;
      const char **nv = lv_arena_grow(p->a, p->names, p->nnames * sizeof *nv, cap * sizeof *nv);
      uint32_t *lv = lv_arena_grow(p->a, p->name_lens, p->nnames * sizeof *lv, cap * sizeof *lv);
      if (!nv || !lv) return fail_oom(p), false;
      p->names = nv;
      p->name_lens = lv;
      p->names_cap = cap;
    }
    p->names[p->nnames] = s + name_at;
    p->name_lens[p->nnames++] = (uint32_t)n;
    p->pos = end + 1;
    return push_frame(p, start, p->flags);
  }
  unsigned flags = p->flags;
  bool negated = false, saw = false;
  while (t < p->len) {
    size_t w;
    uint32_t c = rune_at(p, t, &w);
    t += w;
    unsigned bit = 0;
    switch (c) {
    case 'i': bit = F_FOLD; break;
    case 'm': bit = F_MULTI; break;
    case 's': bit = F_DOTNL; break;
    case 'U': bit = F_LAZY; break;
    case '-':
      if (negated) goto bad;
      negated = true;
      saw = false;
      continue;
    case ':':
    case ')':
      if (negated && !saw) goto bad;
      p->pos = t;
      if (c == ':') {
        if (!push_frame(p, start, p->flags)) return false;
      }
      p->flags = flags;
      return true;
    default:
      goto bad;
    }
    flags = negated ? flags & ~bit : flags | bit;
    saw = true;
    continue;
  bad:
    return fail_at(p, start, "invalid or unsupported Perl syntax", start, t), false;
  }
  return fail_at(p, start, "invalid or unsupported Perl syntax", start, t), false;
}

/* --- the main loop ---------------------------------------------------------- */

static bool push_item(parser *p, rx_node *n) {
  return n && list_push(p, &p->frames[p->depth].items, n);
}

/* A backslash outside a class. */
static bool parse_backslash(parser *p) {
  if (p->pos + 1 >= p->len) {
    parse_escape(p, &(uint32_t){0}); /* reports the trailing backslash */
    return false;
  }
  char c = p->pat[p->pos + 1];
  switch (c) {
  case 'A': p->pos += 2; return push_item(p, node_assert(p, RX_A_BEGIN_TEXT));
  case 'z': p->pos += 2; return push_item(p, node_assert(p, RX_A_END_TEXT));
  case 'b': p->pos += 2; return push_item(p, node_assert(p, RX_A_WORD));
  case 'B': p->pos += 2; return push_item(p, node_assert(p, RX_A_NOT_WORD));
  case 'Q': {
    /* Literal text up to \E or the end of the pattern. */
    const char *s = p->pat;
    size_t i = p->pos + 2, w;
    while (i < p->len) {
      if (s[i] == '\\' && i + 1 < p->len && s[i + 1] == 'E') {
        i += 2;
        break;
      }
      uint32_t r = rune_at(p, i, &w);
      i += w;
      if (!push_item(p, node_literal(p, r))) return false;
    }
    p->pos = i;
    return true;
  }
  case 'p':
  case 'P': {
    rx_set s;
    rx_set_init(&s, p->a);
    if (!parse_unicode_class(p, &s, (p->flags & F_FOLD) != 0)) return false;
    rx_set_normalize(&s);
    return push_item(p, node_set(p, &s));
  }
  default:
    if (is_perl_class(c)) {
      rx_set s;
      rx_set_init(&s, p->a);
      add_perl_class(p, &s, c, (p->flags & F_FOLD) != 0);
      rx_set_normalize(&s);
      return push_item(p, node_set(p, &s));
    }
    uint32_t r;
    if (!parse_escape(p, &r)) return false;
    return push_item(p, node_literal(p, r));
  }
}

static bool parse_token(parser *p) {
  size_t at = p->pos;
  char c = p->pat[at];
  switch (c) {
  case '(':
    if (at + 1 < p->len && p->pat[at + 1] == '?') return parse_perl_group(p);
    p->pos++;
    return push_frame(p, at, p->flags);
  case '|': {
    frame *f = &p->frames[p->depth];
    rx_node *n = node_list(p, RX_N_CONCAT, &f->items, at);
    if (!n || !list_push(p, &f->alts, n)) return false;
    memset(&f->items, 0, sizeof f->items);
    p->pos++;
    return true;
  }
  case ')': {
    if (p->depth == 0) return fail_at(p, at, "unexpected )", 0, at + 1), false;
    frame *f = &p->frames[p->depth];
    rx_node *n = close_frame(p, f, at);
    if (!n) return false;
    p->flags = f->saved_flags;
    p->depth--;
    p->pos++;
    return push_item(p, n);
  }
  case '*':
  case '+':
  case '?':
    p->pos++;
    return apply_repeat(p, at, c == '+', c == '?' ? 1 : -1, false);
  case '{': {
    int min, max;
    if (parse_braces(p, &min, &max)) {
      if (min > RX_MAX_REPEAT || max > RX_MAX_REPEAT || (max >= 0 && min > max))
        return fail_at(p, at, "invalid repeat count", at, p->pos), false;
      return apply_repeat(p, at, min, max, true);
    }
    p->pos++;
    return push_item(p, node_literal(p, '{'));
  }
  case '.': {
    rx_set s;
    rx_set_init(&s, p->a);
    if (p->flags & F_DOTNL) {
      rx_set_add(&s, 0, RX_BAD);
    } else {
      rx_set_add(&s, 0, '\n' - 1);
      rx_set_add(&s, '\n' + 1, RX_BAD);
    }
    p->pos++;
    return push_item(p, node_set(p, &s));
  }
  case '^':
    p->pos++;
    return push_item(p, node_assert(p, (p->flags & F_MULTI) ? RX_A_BEGIN_LINE : RX_A_BEGIN_TEXT));
  case '$':
    p->pos++;
    return push_item(p, node_assert(p, (p->flags & F_MULTI) ? RX_A_END_LINE : RX_A_END_TEXT));
  case '[':
    return push_item(p, parse_class(p));
  case '\\':
    return parse_backslash(p);
  default: {
    size_t w;
    uint32_t r = rune_at(p, at, &w);
    p->pos += w;
    return push_item(p, node_literal(p, r));
  }
  }
}

rx_node *rx_parse(lv_arena *a, const char *pat, size_t len, lv_regex_error *err) {
  parser p;
  memset(&p, 0, sizeof p);
  p.a = a;
  p.pat = pat;
  p.len = len;
  p.err = err;
  p.last_rep = -1;
  p.cap = 16;
  p.frames = lv_arena_calloc(a, p.cap, sizeof *p.frames);
  if (!p.frames) return fail_oom(&p);
  while (p.pos < p.len) {
    size_t before = p.pos;
    if (!parse_token(&p)) return NULL;
    /* A repetition operator sets last_rep itself; anything else ends the run. */
    if (p.last_rep != (long)before) p.last_rep = -1;
  }
  if (p.depth > 0) {
    size_t open = p.frames[p.depth].open;
    return fail_at(&p, open, "missing closing )", open, p.len);
  }
  return close_frame(&p, &p.frames[0], p.len);
}
