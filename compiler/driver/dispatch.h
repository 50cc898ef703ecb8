/* dispatch.h - many rules on one stream, matched sublinearly.
 *
 * The compiler splits each rule's `when` into its top-level conjuncts and
 * indexes those that compare a required scalar field of the event with
 * literals: `f == c`, `f in [c...]`, `f < c`, `f <= c`, `f > c`, `f >= c`.
 * Rules are arranged in a tree whose nodes each look at one field: an
 * equality node hashes the field's value to the rules that require it, a
 * range node binary-searches sorted thresholds for the rules it satisfies;
 * rules with no condition on the node's field go on down a `rest` branch.
 * An event reaches only the rules whose indexed conjuncts all hold; those
 * candidates then run their whole `when` (JIT code) in firing order.
 *
 * Skipping is exact: a rule is left out only when one of its conjuncts is
 * false, and in CEL `false && x` is false even when x is an error, so the
 * rules that fire and the errors counted are those of evaluating every rule. */
#ifndef LV_DISPATCH_H
#define LV_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "check/check.h"

typedef struct lv_dnode lv_dnode;

typedef enum lv_dnode_kind { LV_DN_LEAF, LV_DN_EQ, LV_DN_RANGE } lv_dnode_kind;
/* How a range node compares: the field's value and the thresholds. */
typedef enum lv_ddomain { LV_DD_INT, LV_DD_UINT, LV_DD_DOUBLE } lv_ddomain;

typedef struct lv_deq_entry {
  const char *s; /* string keys */
  uint32_t len;
  uint64_t bits; /* int, uint, bool keys */
  const lv_dnode *child;
} lv_deq_entry;

/* A slot of an equality node's hash table. It holds what most lookups
 * need, so that a lookup touches one slot and then the child: the key's
 * first 8 bytes (a string's, zero-padded; an int's, uint's or bool's bits),
 * a string key's length, and the child. Longer string keys are compared
 * in full in entries[entry - 1]. */
typedef struct lv_deq_slot {
  uint64_t prefix;
  uint32_t len;
  uint32_t entry; /* entry index + 1; 0: empty slot */
  const struct lv_dnode *child;
} lv_deq_slot;

typedef struct lv_drange_entry {
  union {
    int64_t i;
    uint64_t u;
    double d;
  } t;
  bool strict; /* > or < (else >= or <=) */
  const lv_dnode *child;
} lv_drange_entry;

/* A comparison left over at a leaf: the field equals one of vals (eq; with
 * negate, equals none of them), or passes the bound t (lower: v > t or
 * v >= t; else v < t or v <= t). */
typedef struct lv_dcheck {
  uint32_t fkind, offset;
  bool eq, negate, lower;
  lv_ddomain domain;
  lv_drange_entry t;
  const lv_deq_entry *vals;
  uint32_t nvals;
} lv_dcheck;

/* A rule whose whole `when` is indexable comparisons is decided by the
 * index: what its path through the tree did not test is checked at the
 * leaf, in C, and its JIT-compiled `when` is never called. Such
 * comparisons of required scalar fields with literals cannot fail, so
 * deciding them here changes neither what fires nor the errors. */
typedef struct lv_dresidual {
  uint32_t n;
  lv_dcheck checks[];
} lv_dresidual;

/* Set in a candidate's position when the index decided that it fires. */
#define LV_DISPATCH_DECIDED 0x80000000u

struct lv_dnode {
  lv_dnode_kind kind;
  uint32_t fkind;  /* lv_kind of the field read (EQ, RANGE) */
  uint32_t offset; /* of the field's slot in the event */
  /* LEAF: rules by firing position; residual[i], when not NULL, decides
   * rule i (see lv_dresidual); residual itself is NULL when none is. */
  const uint32_t *rules;
  const lv_dresidual *const *residual;
  uint32_t nrules;
  /* EQ: the keys, and an open-addressing table over them */
  const lv_deq_entry *entries;
  uint32_t nentries;
  const lv_deq_slot *table;
  uint32_t tbits;
  /* RANGE: lower bounds (v > t, v >= t) ascending; upper bounds descending;
   * the entries an event passes are a prefix of each. */
  lv_ddomain domain;
  const lv_drange_entry *lo, *hi;
  uint32_t nlo, nhi;
  const lv_dnode *rest; /* rules without a condition here */
};

typedef struct lv_dispatch_stats {
  uint32_t rules;     /* on the stream */
  uint32_t indexed;   /* reachable only through at least one index node */
  uint32_t decided;   /* decided by the index: their `when` is never called */
  uint32_t nodes;
} lv_dispatch_stats;

/* Builds the tree for a stream's rules (firing order = st->rules order), in
 * arena. Returns NULL when indexing would not help (few rules, or none with
 * an indexable conjunct): then every rule is evaluated. */
const lv_dnode *lv_dispatch_build(const lv_stream_info *st, lv_arena *arena, lv_dispatch_stats *stats);

/* The candidates for one decoded event: firing positions, ascending. A
 * position with LV_DISPATCH_DECIDED set (compare without it) is a rule that
 * fires without calling its `when`. Returns their number, or UINT32_MAX if
 * more than cap (then evaluate all). */
uint32_t lv_dispatch_candidates(const lv_dnode *root, const void *event, uint32_t *out, uint32_t cap);

#endif
