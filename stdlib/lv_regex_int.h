/* lv_regex_int.h - internals shared by the files of the regex engine:
 *
 *   lv_regex_parse.c    pattern text -> syntax tree (rx_node), RE2 syntax
 *   lv_regex_class.c    code point range sets: folding, negation, named classes
 *   lv_regex_compile.c  syntax tree -> NFA program (rx_inst), analysis
 *   lv_regex_dfa.c      program -> complete DFA when it is small enough
 *   lv_regex_exec.c     the matchers: literal, DFA, Pike VM
 *   lv_regex.c          the public API and the per-thread pattern cache
 *   lv_regex_unicode.c  generated Unicode tables
 *
 * Only a yes/no answer is ever needed (CEL's matches()), so the engine keeps
 * no capture positions and greedy and lazy repetition compile alike. */
#ifndef LV_REGEX_INT_H
#define LV_REGEX_INT_H

#include "lv_regex.h"
#include "lv_utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RX_MAX_RUNE 0x10FFFFu
/* A byte of the text that does not start valid UTF-8 decodes to this one
 * unit. It lies outside Unicode, so literals and positive classes never
 * contain it; '.' and negated classes (complements within [0, RX_BAD]) do. */
#define RX_BAD 0x110000u

#define RX_MAX_PATTERN (64u * 1024u)  /* bytes */
#define RX_MAX_PROGRAM 100000u        /* instructions + class ranges */
#define RX_MAX_REPEAT 1000            /* as RE2 */
#define RX_MAX_DEPTH 1000             /* nesting, as RE2 */

/* --- range sets (lv_regex_class.c) -------------------------------------- */

typedef struct rx_range {
  uint32_t lo, hi; /* inclusive */
} rx_range;

/* A growable list of ranges in an arena. Normalized = sorted by lo, no two
 * ranges overlapping or touching. On allocation failure oom is set and
 * further additions are dropped; the caller reports it. */
typedef struct rx_set {
  rx_range *r;
  uint32_t n, cap;
  uint32_t norm_n; /* n after the last normalization (see rx_set_add_set) */
  lv_arena *a;
  bool oom;
} rx_set;

void rx_set_init(rx_set *s, lv_arena *a);
void rx_set_add(rx_set *s, uint32_t lo, uint32_t hi);
void rx_set_add_set(rx_set *s, const rx_set *t);
void rx_set_normalize(rx_set *s);
/* These take and give normalized sets. */
void rx_set_negate(rx_set *s); /* complement within [0, RX_BAD] */
void rx_set_fold(rx_set *s);   /* closes under simple case folding */
/* Adds a named class. Return true when the name is known. */
bool rx_set_add_unicode(rx_set *s, const char *name, size_t n); /* \p{name} */
bool rx_set_add_posix(rx_set *s, const char *name, size_t n);   /* [:name:] */
void rx_set_add_perl(rx_set *s, char c); /* d s w (lower case only) */
/* The next member of c's simple case folding orbit, or c when it has none. */
uint32_t rx_fold_next(uint32_t c);

/* Generated (lv_regex_unicode.c); the layout is described there. */
extern const uint32_t lv_rx_gc_runs[], lv_rx_gc_runs_count;
extern const char *const lv_rx_gc_names[];
extern const uint32_t lv_rx_gc_names_count;
extern const uint32_t lv_rx_sc_runs[], lv_rx_sc_runs_count;
extern const char *const lv_rx_sc_names[];
extern const uint32_t lv_rx_sc_names_count;
extern const uint32_t lv_rx_fold_pairs[], lv_rx_fold_pairs_count;

/* --- syntax tree (lv_regex_parse.c) -------------------------------------- */

/* Empty-width assertions, as bits so that a position's truths are a mask. */
enum {
  RX_A_BEGIN_TEXT = 1, /* \A, ^ */
  RX_A_END_TEXT = 2,   /* \z, $ */
  RX_A_BEGIN_LINE = 4, /* (?m)^ */
  RX_A_END_LINE = 8,   /* (?m)$ */
  RX_A_WORD = 16,      /* \b (ASCII word characters, as RE2) */
  RX_A_NOT_WORD = 32,  /* \B */
};

typedef enum rx_kind {
  RX_N_EMPTY,  /* matches the empty string */
  RX_N_FAIL,   /* matches nothing (an empty class) */
  RX_N_RUNE,   /* one code point */
  RX_N_CLASS,  /* a normalized range list */
  RX_N_ASSERT, /* an RX_A_* bit */
  RX_N_CONCAT,
  RX_N_ALT,
  RX_N_REPEAT, /* min..max (max -1: unbounded) of sub */
} rx_kind;

typedef struct rx_node rx_node;
struct rx_node {
  uint8_t kind;     /* rx_kind */
  bool counted;     /* REPEAT written as {n,m} (RE2's nesting rule) */
  uint16_t height;  /* 1 + the children's */
  uint32_t n;       /* children (CONCAT, ALT) or ranges (CLASS) */
  uint32_t rune;    /* RUNE; assertion bit for ASSERT */
  int32_t min, max; /* REPEAT */
  union {
    rx_node **kids;         /* CONCAT, ALT */
    const rx_range *ranges; /* CLASS */
    rx_node *sub;           /* REPEAT */
  } u;
};

/* Parses pattern (valid UTF-8, at most RX_MAX_PATTERN bytes) into a tree in
 * a; NULL with err filled on a syntax error or an unsupported construct. */
rx_node *rx_parse(lv_arena *a, const char *pat, size_t len, lv_regex_error *err);

/* Fills err with "msg: arg" (arg may be NULL), escaping control bytes and
 * cutting arg at a code point boundary so that the message fits. */
void rx_error(lv_regex_error *err, size_t offset, const char *msg, const char *arg, size_t argn);

/* --- program (lv_regex_compile.c) ---------------------------------------- */

typedef enum rx_op {
  RX_OP_RUNE,   /* consume arg */
  RX_OP_CLASS,  /* consume a member of class arg */
  RX_OP_SPLIT,  /* continue at out and at arg */
  RX_OP_ASSERT, /* continue at out if the RX_A_* bit arg holds here */
  RX_OP_NOP,    /* continue at out */
  RX_OP_FAIL,   /* dead end */
  RX_OP_MATCH,
} rx_op;

typedef struct rx_inst {
  uint32_t op;
  uint32_t out;
  uint32_t arg;
} rx_inst;

/* The walk through the instructions that consume no text, shared by the
 * DFA builder (its states' closures) and the Pike VM (its threads). Each
 * instruction is reached once per generation. */
typedef struct rx_walk {
  uint32_t *mark;  /* mark[pc] == gen: pc already reached in this generation */
  uint32_t gen;    /* from 1 */
  uint32_t *stack; /* room for every instruction */
} rx_walk;

/* A new generation: no instruction reached yet. */
static inline void rx_walk_next_gen(rx_walk *w, uint32_t ninst) {
  if (++w->gen == UINT32_MAX) {
    memset(w->mark, 0, ninst * sizeof *w->mark);
    w->gen = 1;
  }
}

/* From the pcs[0 .. n) not yet reached in this generation, follows every
 * instruction that consumes no text (assertions where the RX_A_* bits in
 * flags hold), appending the consuming ones (RUNE, CLASS) to out at *nout.
 * True as soon as MATCH is reached: only a yes/no answer is ever needed, so
 * the rest is left unvisited. *visits counts the instructions taken. Inline:
 * it is the Pike VM's inner loop. */
static inline bool rx_walk_closure(rx_walk *w, uint32_t *out, uint32_t *nout, uint64_t *visits,
                                   const rx_inst *inst, const uint32_t *pcs, uint32_t n,
                                   uint32_t flags) {
  uint32_t *mark = w->mark, *stack = w->stack, gen = w->gen, sp = 0, k = *nout;
  for (uint32_t i = 0; i < n; i++)
    if (mark[pcs[i]] != gen) {
      mark[pcs[i]] = gen;
      stack[sp++] = pcs[i];
    }
  while (sp) {
    uint32_t pc = stack[--sp];
    ++*visits;
    const rx_inst *in = &inst[pc];
    uint32_t to[2], nto = 0;
    switch ((rx_op)in->op) {
    case RX_OP_RUNE:
    case RX_OP_CLASS:
      out[k++] = pc;
      break;
    case RX_OP_MATCH:
      *nout = k;
      return true;
    case RX_OP_NOP:
      to[nto++] = in->out;
      break;
    case RX_OP_SPLIT:
      to[nto++] = in->arg; /* pushed first, taken last */
      to[nto++] = in->out;
      break;
    case RX_OP_ASSERT:
      if (flags & in->arg) to[nto++] = in->out;
      break;
    case RX_OP_FAIL:
      break;
    }
    for (uint32_t j = 0; j < nto; j++)
      if (mark[to[j]] != gen) {
        mark[to[j]] = gen;
        stack[sp++] = to[j];
      }
  }
  *nout = k;
  return false;
}

typedef struct rx_class {
  uint32_t first, n;  /* ranges[first .. first + n) */
  uint64_t ascii[2];  /* membership of code points 0..127 */
} rx_class;

typedef struct rx_dfa rx_dfa;

struct lv_regex {
  size_t bytes;            /* size of this one allocation */
  uint32_t ninst, start;
  const rx_inst *inst;
  uint32_t nclass;
  const rx_class *cls;
  uint32_t nranges;
  const rx_range *ranges;
  uint32_t asserts;        /* union of the RX_A_* bits the program uses */
  bool anchored;           /* every match starts at offset 0 */
  /* Literal fast path: the whole pattern is a literal, maybe with \A / \z. */
  bool literal;
  bool lit_begin, lit_end;
  /* Bytes every match starts with (unanchored patterns only); with literal
   * set, the whole literal. */
  uint32_t prefix_len;
  const char *prefix;
  const rx_dfa *dfa;       /* NULL: too large, the Pike VM is used */
};

/* How much compile time may go into the DFA. Patterns known when a rule
 * set loads get a generous budget; patterns compiled at run time (one
 * cache miss per event, possibly) a small one. */
typedef struct rx_budget {
  uint64_t dfa_work;  /* instruction visits while building */
  size_t dfa_table;   /* bytes of transition table */
} rx_budget;

extern const rx_budget rx_budget_load, rx_budget_runtime;

/* lv_regex_compile with a DFA budget. */
lv_regex *rx_compile(const char *pattern, size_t len, lv_regex_error *err, const rx_budget *budget);

/* Compiles tree into a heap-allocated lv_regex (one block, freed with
 * free()); NULL with err filled when the program would be too large. */
lv_regex *rx_compile_tree(const rx_node *tree, lv_arena *scratch, lv_regex_error *err, const rx_budget *budget);

/* --- DFA (lv_regex_dfa.c) --------------------------------------------------- */

/* A complete DFA over equivalence classes of code points. States 0 and 1
 * are the dead and the matching state; the initial state is 2. Column
 * nclasses of the table is the end of the text. */
struct rx_dfa {
  uint32_t nstates, stride;     /* stride = nclasses + 1 */
  const uint16_t *next;         /* [state * stride + class] */
  const uint8_t *restart;       /* per state: 1 if no match is under way */
  uint32_t nbounds;             /* non-ASCII lookup: class of rune r is */
  const uint32_t *bounds;       /* eq[i] for the last i with bounds[i] <= r */
  const uint8_t *eq;
  uint8_t ascii[128];           /* class of each ASCII byte */
};

enum { RX_DFA_DEAD = 0, RX_DFA_MATCH = 1, RX_DFA_INIT = 2 };

/* Builds the DFA of re's program in scratch, or returns NULL when it would
 * exceed the budget. The result's arrays live in scratch: the caller copies
 * it (rx_dfa_size / rx_dfa_copy). */
rx_dfa *rx_dfa_build(const lv_regex *re, lv_arena *scratch, const rx_budget *budget);
size_t rx_dfa_size(const rx_dfa *d);
/* Copies d into mem (rx_dfa_size bytes, 8-aligned); returns the copy. */
rx_dfa *rx_dfa_copy(void *mem, const rx_dfa *d);
bool rx_dfa_run(const lv_regex *re, const char *text, size_t len);

/* --- matchers (lv_regex_exec.c) -------------------------------------------- */

typedef enum rx_engine { RX_ENGINE_AUTO, RX_ENGINE_PIKE, RX_ENGINE_DFA } rx_engine;

/* lv_regex_match with a chosen engine (tests compare them). RX_ENGINE_DFA
 * falls back to the Pike VM when re has no DFA. */
const lv_err *rx_match_with(lv_ctx *cx, bool *out, const lv_regex *re, const char *text,
                            size_t len, rx_engine engine);

/* The assertions that hold between a unit prev (RX_BAD + 1 = start of
 * text) and a unit next (RX_BAD + 1 = end of text). */
#define RX_EDGE (RX_BAD + 1u)
static inline bool rx_is_word(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
static inline uint32_t rx_assert_flags(uint32_t prev, uint32_t next) {
  uint32_t f = 0;
  if (prev == RX_EDGE) f |= RX_A_BEGIN_TEXT | RX_A_BEGIN_LINE;
  else if (prev == '\n') f |= RX_A_BEGIN_LINE;
  if (next == RX_EDGE) f |= RX_A_END_TEXT | RX_A_END_LINE;
  else if (next == '\n') f |= RX_A_END_LINE;
  f |= rx_is_word(prev) != rx_is_word(next) ? RX_A_WORD : RX_A_NOT_WORD;
  return f;
}

/* Decodes the unit at text[i] (i < len): a code point or RX_BAD; *w = its length. */
static inline uint32_t rx_decode(const char *text, size_t len, size_t i, size_t *w) {
  unsigned char b = (unsigned char)text[i];
  if (b < 0x80) {
    *w = 1;
    return b;
  }
  uint32_t cp;
  int k = lv_utf8_decode((const unsigned char *)text + i, len - i, &cp);
  if (k <= 0) {
    *w = 1;
    return RX_BAD;
  }
  *w = (size_t)k;
  return cp;
}

#endif
