/* dispatch.h - many rules on one stream, matched sublinearly.
 *
 * The compiler splits each rule's `when` into its top-level conjuncts and
 * indexes those that compare a required scalar field of the event with
 * literals: `f == c`, `f in [c...]`, `f < c`, `f <= c`, `f > c`, `f >= c`
 * (and, checked at leaves only, `f != c` and `c in f` for a list field).
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
typedef struct lv_dleaf lv_dleaf;

/* How a range node compares: the field's value and the thresholds. */
typedef enum lv_ddomain { LV_DD_INT, LV_DD_UINT, LV_DD_DOUBLE } lv_ddomain;

/* Set in a candidate's position when the index decided that it fires. */
#define LV_DISPATCH_DECIDED 0x80000000u

/* Where an edge of the tree leads, in one word whose low two bits say what
 * it is (nodes and leaves are arena-allocated, 16-byte aligned, so their
 * low bits are free): 0 nothing; an equality node; a range node; a leaf;
 * or - what most edges lead to at scale - one rule with nothing left to
 * test, its firing position (with LV_DISPATCH_DECIDED when the index
 * decides it) kept in the edge itself, so that reaching it touches no more
 * memory. The walk knows what it reaches before it loads it. */
typedef uintptr_t lv_dtarget;
#define LV_DT_EQ 0u
#define LV_DT_RANGE 1u
#define LV_DT_LEAF 2u
#define LV_DT_RULE 3u
#define LV_DT_TAG(t) ((unsigned)((t) & 3u))
#define LV_DT_PTR(t) ((const void *)((t) & ~(uintptr_t)3u))
#define LV_DT_POS(t) ((uint32_t)((t) >> 2))

typedef struct lv_deq_entry {
  const char *s; /* string keys */
  uint32_t len;
  uint64_t bits; /* int, uint, bool keys */
  lv_dtarget child;
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
  lv_dtarget child;
} lv_deq_slot;

typedef union lv_dbound {
  int64_t i;
  uint64_t u;
  double d;
} lv_dbound;

typedef struct lv_drange_entry {
  lv_dbound t;
  bool strict; /* > or < (else >= or <=) */
  lv_dtarget child;
} lv_drange_entry;

/* What a comparison left over at a leaf tests. */
typedef enum lv_dcheck_op { LV_DC_IN, LV_DC_NOT_IN, LV_DC_GT, LV_DC_GE, LV_DC_LT, LV_DC_LE, LV_DC_HAS } lv_dcheck_op;

/* A comparison left over at a leaf, 24 bytes: the field at offset is (IN)
 * or is not (NOT_IN) one of the values - one value kept inline (a string's
 * bytes and length, or the bits of any other kind), several in vals - or
 * passes the bound (GT..LE, compared in domain), or (HAS) the list field
 * at offset holds the one value, fkind being the elements' kind. Strings
 * are shared by every check that tests the same one. */
typedef struct lv_dcheck {
  uint32_t offset;
  uint8_t fkind, op, domain;
  uint32_t nvals;
  uint32_t len;
  union {
    lv_dbound t;
    uint64_t bits;
    const char *s;
    const lv_deq_entry *vals; /* nvals > 1 */
  } v;
} lv_dcheck;

/* A rule at a leaf: its firing position (LV_DISPATCH_DECIDED set when its
 * whole `when` is the index's comparisons: what the path to the leaf did
 * not test is checked here, in C, and `when` is never called), and its
 * checks, checks[first .. first + n) of the leaf. Such comparisons of
 * required scalar fields with literals cannot fail, so deciding them here
 * changes neither what fires nor the errors. */
typedef struct lv_dleaf_rule {
  uint32_t pos;
  uint16_t first, n;
} lv_dleaf_rule;

/* Rules by firing position, their checks after them in one allocation. */
struct lv_dleaf {
  uint32_t nrules, nchecks;
  const lv_dcheck *checks;
  lv_dleaf_rule rules[];
};

/* An index node: the field it reads, and where events go from it. */
struct lv_dnode {
  uint8_t fkind;  /* lv_kind of the field read */
  uint8_t domain; /* range nodes: how the field and thresholds compare */
  uint32_t offset; /* of the field's slot in the event */
  lv_dtarget rest; /* rules without a condition here */
  union {
    /* EQ: the keys, and an open-addressing table over them */
    struct {
      const lv_deq_entry *entries;
      const lv_deq_slot *table;
      uint32_t nentries, tbits;
    } eq;
    /* RANGE: lower bounds (v > t, v >= t) ascending; upper bounds
     * descending; the entries an event passes are a prefix of each. */
    struct {
      const lv_drange_entry *lo, *hi;
      uint32_t nlo, nhi;
    } range;
  } u;
};

typedef struct lv_dispatch_stats {
  uint32_t rules;     /* on the stream */
  uint32_t indexed;   /* reachable only through at least one index node */
  uint32_t decided;   /* decided by the index: their `when` is never called */
  uint32_t nodes;
} lv_dispatch_stats;

/* Builds the tree for a stream's rules (firing order = st->rules order), in
 * arena. Returns its root, or 0 when indexing would not help (few rules, or
 * none with an indexable conjunct): then every rule is evaluated. */
lv_dtarget lv_dispatch_build(const lv_stream_info *st, lv_arena *arena, lv_dispatch_stats *stats);

/* The candidates for one decoded event: firing positions, ascending. A
 * position with LV_DISPATCH_DECIDED set (compare without it) is a rule that
 * fires without calling its `when`. Returns their number, or UINT32_MAX if
 * more than cap (then evaluate all). */
uint32_t lv_dispatch_candidates(lv_dtarget root, const void *event, uint32_t *out, uint32_t cap);

#endif
