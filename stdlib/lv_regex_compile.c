/* lv_regex_compile.c - syntax tree to NFA program (Thompson's construction),
 * plus the facts the matchers use to go faster: whether every match starts
 * at offset 0, a literal prefix to search for, whether the pattern is a
 * plain literal, and the DFA when it is small.
 *
 * The program's size is computed from the tree before anything is emitted,
 * so that a pattern like (a{1000}){1000}-sized blow-ups are refused without
 * being built. Character classes are interned: \pL used ten times is stored
 * once. */
#include <stdlib.h>
#include <string.h>

#include "lv_regex_int.h"

typedef struct builder {
  lv_arena *a;
  rx_inst *inst;
  uint32_t n, cap;
  rx_class *cls;
  uint32_t ncls, cls_cap;
  rx_range *ranges;
  uint32_t nranges, ranges_cap;
  uint32_t *htab; /* interning: class index + 1, 0 = empty slot */
  uint32_t hcap;
  bool failed;
} builder;

/* A fragment of program: its entry and the list of its unfilled exits. A
 * hole is (pc << 1 | 1 for arg, 0 for out) + 1; the hole's field links to
 * the next hole until it is patched. */
typedef struct frag {
  uint32_t start, head, tail;
} frag;

/* --- size ------------------------------------------------------------------ */

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b > RX_MAX_PROGRAM * 4ull ? RX_MAX_PROGRAM * 4ull : a + b; }
static uint64_t sat_mul(uint64_t a, uint64_t b) {
  if (a && b > RX_MAX_PROGRAM * 4ull / a) return RX_MAX_PROGRAM * 4ull;
  return a * b;
}

/* Instructions compile_node emits for n (saturating). */
static uint64_t program_size(const rx_node *n) {
  switch ((rx_kind)n->kind) {
  case RX_N_CONCAT:
  case RX_N_ALT: {
    uint64_t s = n->kind == RX_N_ALT ? n->n - 1 : 0;
    for (uint32_t i = 0; i < n->n; i++) s = sat_add(s, program_size(n->u.kids[i]));
    return s;
  }
  case RX_N_REPEAT: {
    uint64_t s = program_size(n->u.sub);
    if (n->max < 0) return n->min == 0 ? sat_add(s, 1) : sat_add(sat_mul((uint64_t)n->min, s), 1);
    if (n->max == 0) return 1;
    return sat_add(sat_mul((uint64_t)n->min, s), sat_mul((uint64_t)(n->max - n->min), sat_add(s, 1)));
  }
  default:
    return 1;
  }
}

/* --- emission -------------------------------------------------------------- */

static uint32_t emit(builder *b, rx_op op, uint32_t arg) {
  if (b->n >= b->cap) { /* cannot happen: cap comes from program_size */
    b->failed = true;
    return 0;
  }
  rx_inst *in = &b->inst[b->n];
  in->op = op;
  in->out = 0;
  in->arg = arg;
  return b->n++;
}

static uint32_t *hole_field(builder *b, uint32_t h) {
  rx_inst *in = &b->inst[(h - 1) >> 1];
  return ((h - 1) & 1) ? &in->arg : &in->out;
}

static uint32_t hole(uint32_t pc, int arg) { return ((pc << 1) | (uint32_t)arg) + 1; }

static void patch(builder *b, uint32_t head, uint32_t target) {
  while (head) {
    uint32_t *f = hole_field(b, head);
    head = *f;
    *f = target;
  }
}

static frag frag1(uint32_t pc, int arg) {
  frag f = {pc, hole(pc, arg), hole(pc, arg)};
  return f;
}

/* f's exits followed by g's. */
static frag join_exits(builder *b, frag f, frag g) {
  if (!f.head) {
    f.head = g.head;
    f.tail = g.tail;
  } else if (g.head) {
    *hole_field(b, f.tail) = g.head;
    f.tail = g.tail;
  }
  return f;
}

static frag concat2(builder *b, frag f, frag g) {
  patch(b, f.head, g.start);
  f.head = g.head;
  f.tail = g.tail;
  return f;
}

static uint32_t class_intern(builder *b, const rx_range *r, uint32_t n);

static frag compile_node(builder *b, const rx_node *n);

static frag compile_star(builder *b, frag x) {
  uint32_t s = emit(b, RX_OP_SPLIT, 0);
  b->inst[s].out = x.start;
  patch(b, x.head, s);
  return frag1(s, 1);
}

static frag compile_plus(builder *b, frag x) {
  uint32_t s = emit(b, RX_OP_SPLIT, 0);
  b->inst[s].out = x.start;
  patch(b, x.head, s);
  frag f = frag1(s, 1);
  f.start = x.start;
  return f;
}

static frag compile_quest(builder *b, frag x) {
  uint32_t s = emit(b, RX_OP_SPLIT, 0);
  b->inst[s].out = x.start;
  return join_exits(b, frag1(s, 1), (frag){0, x.head, x.tail});
}

static frag compile_repeat(builder *b, const rx_node *n) {
  const rx_node *x = n->u.sub;
  if (n->max == 0) return frag1(emit(b, RX_OP_NOP, 0), 0);
  if (n->max < 0) {
    if (n->min == 0) return compile_star(b, compile_node(b, x));
    /* x{n,} = x^(n-1) x+ */
    frag f = {0, 0, 0};
    bool have = false;
    for (int i = 0; i < n->min - 1; i++) {
      frag g = compile_node(b, x);
      f = have ? concat2(b, f, g) : g;
      have = true;
    }
    frag p = compile_plus(b, compile_node(b, x));
    return have ? concat2(b, f, p) : p;
  }
  /* x{n,m} = x^n (x(x(x)?)?)? with m - n optional copies, nested from the
   * inside out. */
  frag f = {0, 0, 0};
  bool have = false;
  for (int i = 0; i < n->min; i++) {
    frag g = compile_node(b, x);
    f = have ? concat2(b, f, g) : g;
    have = true;
  }
  frag opt = {0, 0, 0};
  bool have_opt = false;
  for (int i = 0; i < n->max - n->min; i++) {
    frag g = compile_node(b, x);
    opt = compile_quest(b, have_opt ? concat2(b, g, opt) : g);
    have_opt = true;
  }
  if (!have_opt) return f;
  return have ? concat2(b, f, opt) : opt;
}

static frag compile_node(builder *b, const rx_node *n) {
  switch ((rx_kind)n->kind) {
  case RX_N_EMPTY:
    return frag1(emit(b, RX_OP_NOP, 0), 0);
  case RX_N_FAIL: {
    frag f = {emit(b, RX_OP_FAIL, 0), 0, 0};
    return f;
  }
  case RX_N_RUNE:
    return frag1(emit(b, RX_OP_RUNE, n->rune), 0);
  case RX_N_CLASS:
    return frag1(emit(b, RX_OP_CLASS, class_intern(b, n->u.ranges, n->n)), 0);
  case RX_N_ASSERT:
    return frag1(emit(b, RX_OP_ASSERT, n->rune), 0);
  case RX_N_CONCAT: {
    frag f = compile_node(b, n->u.kids[0]);
    for (uint32_t i = 1; i < n->n; i++) f = concat2(b, f, compile_node(b, n->u.kids[i]));
    return f;
  }
  case RX_N_ALT: {
    /* split(k0, split(k1, ... k_last)) */
    frag last = compile_node(b, n->u.kids[n->n - 1]);
    frag f = last;
    for (uint32_t i = n->n - 1; i-- > 0;) {
      frag k = compile_node(b, n->u.kids[i]);
      uint32_t s = emit(b, RX_OP_SPLIT, f.start);
      b->inst[s].out = k.start;
      frag g = {s, k.head, k.tail};
      f = join_exits(b, g, (frag){0, f.head, f.tail});
    }
    return f;
  }
  case RX_N_REPEAT:
    return compile_repeat(b, n);
  }
  b->failed = true;
  return (frag){0, 0, 0};
}

/* --- classes ---------------------------------------------------------------- */

static uint32_t class_hash(const rx_range *r, uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < n; i++) {
    h = (h ^ r[i].lo) * 16777619u;
    h = (h ^ r[i].hi) * 16777619u;
  }
  return h;
}

static bool class_equal(const builder *b, uint32_t k, const rx_range *r, uint32_t n) {
  const rx_class *c = &b->cls[k];
  return c->n == n && memcmp(b->ranges + c->first, r, n * sizeof *r) == 0;
}

static bool class_grow(builder *b, uint32_t nranges) {
  if (b->ncls == b->cls_cap) {
    uint32_t cap = b->cls_cap ? b->cls_cap * 2 : 16;
    rx_class *c = lv_arena_grow(b->a, b->cls, b->ncls * sizeof *c, cap * sizeof *c);
    if (!c) return false;
    b->cls = c;
    b->cls_cap = cap;
  }
  if (b->nranges + nranges > b->ranges_cap) {
    uint32_t cap = b->ranges_cap ? b->ranges_cap * 2 : 64;
    while (cap < b->nranges + nranges) cap *= 2;
    rx_range *r = lv_arena_grow(b->a, b->ranges, b->nranges * sizeof *r, cap * sizeof *r);
    if (!r) return false;
    b->ranges = r;
    b->ranges_cap = cap;
  }
  if (b->ncls * 2 >= b->hcap) {
    uint32_t cap = b->hcap ? b->hcap * 2 : 64;
    uint32_t *t = lv_arena_calloc(b->a, cap, sizeof *t);
    if (!t) return false;
    for (uint32_t k = 0; k < b->ncls; k++) {
      uint32_t h = class_hash(b->ranges + b->cls[k].first, b->cls[k].n) & (cap - 1);
      while (t[h]) h = (h + 1) & (cap - 1);
      t[h] = k + 1;
    }
    b->htab = t;
    b->hcap = cap;
  }
  return true;
}

static uint32_t class_intern(builder *b, const rx_range *r, uint32_t n) {
  if (b->failed) return 0;
  if (b->nranges + (uint64_t)n > RX_MAX_PROGRAM || !class_grow(b, n)) {
    b->failed = true;
    return 0;
  }
  uint32_t h = class_hash(r, n) & (b->hcap - 1);
  for (; b->htab[h]; h = (h + 1) & (b->hcap - 1))
    if (class_equal(b, b->htab[h] - 1, r, n)) return b->htab[h] - 1;
  rx_class *c = &b->cls[b->ncls];
  c->first = b->nranges;
  c->n = n;
  c->ascii[0] = c->ascii[1] = 0;
  memcpy(b->ranges + b->nranges, r, n * sizeof *r);
  b->nranges += n;
  for (uint32_t i = 0; i < n && r[i].lo < 128; i++)
    for (uint32_t x = r[i].lo; x <= r[i].hi && x < 128; x++) c->ascii[x >> 6] |= 1ull << (x & 63);
  b->htab[h] = ++b->ncls;
  return b->ncls - 1;
}

/* --- analysis ----------------------------------------------------------------- */

static bool anchored(const rx_node *n) {
  switch ((rx_kind)n->kind) {
  case RX_N_ASSERT:
    return n->rune == RX_A_BEGIN_TEXT;
  case RX_N_CONCAT:
    return anchored(n->u.kids[0]);
  case RX_N_ALT:
    for (uint32_t i = 0; i < n->n; i++)
      if (!anchored(n->u.kids[i])) return false;
    return true;
  case RX_N_REPEAT:
    return n->min >= 1 && anchored(n->u.sub);
  default:
    return false;
  }
}

/* Appends the UTF-8 of the leading RUNE nodes of kids[from..n) to out (at
 * most cap bytes); returns how many nodes were taken. */
static uint32_t literal_runes(rx_node *const *kids, uint32_t from, uint32_t n, char *out, uint32_t *len,
                              uint32_t cap) {
  uint32_t i = from;
  for (; i < n && kids[i]->kind == RX_N_RUNE && kids[i]->rune <= RX_MAX_RUNE; i++) {
    uint32_t c = kids[i]->rune;
    if (c >= 0xD800 && c <= 0xDFFF) break; /* \x{D800} is no UTF-8: leave it to the VM */
    if (*len + 4 > cap) break;
    *len += (uint32_t)lv_utf8_encode(c, out + *len);
  }
  return i - from;
}

typedef struct facts {
  bool anchored, literal, lit_begin, lit_end;
  uint32_t prefix_len;
  char *prefix;
} facts;

static void analyse(const rx_node *tree, lv_arena *a, facts *f) {
  memset(f, 0, sizeof *f);
  f->anchored = anchored(tree);
  rx_node *const *kids = tree->kind == RX_N_CONCAT ? tree->u.kids : (rx_node *const *)&tree;
  uint32_t n = tree->kind == RX_N_CONCAT ? tree->n : 1;
  if (tree->kind == RX_N_EMPTY) n = 0;
  uint32_t cap = 4 * n + 4;
  char *buf = lv_arena_alloc(a, cap);
  if (!buf) return;
  /* The whole pattern a literal, with \A in front and \z behind at most? */
  uint32_t i = 0, len = 0;
  bool begin = false, end = false;
  if (i < n && kids[i]->kind == RX_N_ASSERT && kids[i]->rune == RX_A_BEGIN_TEXT) {
    begin = true;
    i++;
  }
  i += literal_runes(kids, i, n, buf, &len, cap);
  if (i < n && kids[i]->kind == RX_N_ASSERT && kids[i]->rune == RX_A_END_TEXT) {
    end = true;
    i++;
  }
  if (i == n) {
    f->literal = true;
    f->lit_begin = begin;
    f->lit_end = end;
    f->prefix = buf;
    f->prefix_len = len;
    return;
  }
  if (f->anchored) return;
  len = 0;
  literal_runes(kids, 0, n, buf, &len, cap);
  if (len) {
    f->prefix = buf;
    f->prefix_len = len;
  }
}

/* --- the compiled regex, one allocation ------------------------------------ */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

lv_regex *rx_compile_tree(const rx_node *tree, lv_arena *scratch, lv_regex_error *err, const rx_budget *budget) {
  uint64_t size = program_size(tree) + 1; /* + MATCH */
  if (size > RX_MAX_PROGRAM) {
    rx_error(err, 0, "pattern too large", NULL, 0);
    return NULL;
  }
  builder b;
  memset(&b, 0, sizeof b);
  b.a = scratch;
  b.cap = (uint32_t)size;
  b.inst = lv_arena_alloc(scratch, b.cap * sizeof *b.inst);
  if (!b.inst) {
    rx_error(err, 0, "pattern too large", NULL, 0);
    return NULL;
  }
  frag f = compile_node(&b, tree);
  uint32_t match = emit(&b, RX_OP_MATCH, 0);
  patch(&b, f.head, match);
  if (b.failed || (uint64_t)b.n + b.nranges > RX_MAX_PROGRAM) {
    rx_error(err, 0, "pattern too large", NULL, 0);
    return NULL;
  }

  facts fa;
  analyse(tree, scratch, &fa);
  lv_regex tmp;
  memset(&tmp, 0, sizeof tmp);
  tmp.ninst = b.n;
  tmp.start = f.start;
  tmp.inst = b.inst;
  tmp.nclass = b.ncls;
  tmp.cls = b.cls;
  tmp.nranges = b.nranges;
  tmp.ranges = b.ranges;
  tmp.anchored = fa.anchored;
  for (uint32_t i = 0; i < b.n; i++)
    if (b.inst[i].op == RX_OP_ASSERT) tmp.asserts |= b.inst[i].arg;
  const rx_dfa *dfa = fa.literal ? NULL : rx_dfa_build(&tmp, scratch, budget);

  size_t at_inst = align8(sizeof(lv_regex));
  size_t at_cls = at_inst + align8(b.n * sizeof(rx_inst));
  size_t at_ranges = at_cls + align8(b.ncls * sizeof(rx_class));
  size_t at_prefix = at_ranges + align8(b.nranges * sizeof(rx_range));
  size_t at_dfa = at_prefix + align8(fa.prefix_len + 1);
  size_t total = at_dfa + (dfa ? rx_dfa_size(dfa) : 0);
  char *mem = malloc(total);
  if (!mem) {
    rx_error(err, 0, "out of memory", NULL, 0);
    return NULL;
  }
  lv_regex *re = (lv_regex *)mem;
  *re = tmp;
  re->bytes = total;
  re->inst = memcpy(mem + at_inst, b.inst, b.n * sizeof(rx_inst));
  re->cls = b.ncls ? memcpy(mem + at_cls, b.cls, b.ncls * sizeof(rx_class)) : (rx_class *)(mem + at_cls);
  re->ranges = b.nranges ? memcpy(mem + at_ranges, b.ranges, b.nranges * sizeof(rx_range))
                         : (rx_range *)(mem + at_ranges);
  char *prefix = mem + at_prefix;
  if (fa.prefix_len) memcpy(prefix, fa.prefix, fa.prefix_len);
  prefix[fa.prefix_len] = 0;
  re->prefix = prefix;
  re->prefix_len = fa.prefix_len;
  re->literal = fa.literal;
  re->lit_begin = fa.lit_begin;
  re->lit_end = fa.lit_end;
  re->dfa = dfa ? rx_dfa_copy(mem + at_dfa, dfa) : NULL;
  return re;
}
