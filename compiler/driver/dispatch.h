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

typedef struct lv_drange_entry {
  union {
    int64_t i;
    uint64_t u;
    double d;
  } t;
  bool strict; /* > or < (else >= or <=) */
  const lv_dnode *child;
} lv_drange_entry;

struct lv_dnode {
  lv_dnode_kind kind;
  uint32_t fkind;  /* lv_kind of the field read (EQ, RANGE) */
  uint32_t offset; /* of the field's slot in the event */
  /* LEAF: rules by firing position */
  const uint32_t *rules;
  uint32_t nrules;
  /* EQ: open-addressing table of entry index + 1 */
  const lv_deq_entry *entries;
  uint32_t nentries;
  const uint32_t *table;
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
  uint32_t nodes;
} lv_dispatch_stats;

/* Builds the tree for a stream's rules (firing order = st->rules order), in
 * arena. Returns NULL when indexing would not help (few rules, or none with
 * an indexable conjunct): then every rule is evaluated. */
const lv_dnode *lv_dispatch_build(const lv_stream_info *st, lv_arena *arena, lv_dispatch_stats *stats);

/* The candidates for one decoded event: firing positions, ascending.
 * Returns their number, or UINT32_MAX if more than cap (then evaluate all). */
uint32_t lv_dispatch_candidates(const lv_dnode *root, const void *event, uint32_t *out, uint32_t cap);

#endif
