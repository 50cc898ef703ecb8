/* lv_regex_exec.c - the matchers: a plain literal by memmem/memcmp, the DFA
 * when the regex has one, else a Pike VM.
 *
 * The Pike VM keeps the set of program counters alive at the current
 * position, each once (so work per unit of text is bounded by the program
 * size: O(pattern * text) overall, never backtracking). Thread lists and the
 * closure stack are scratch memory: on the C stack when small, else from
 * cx's arena (given back when nothing else was allocated after it), else
 * malloc. */
#include <stdlib.h>
#include <string.h>

#include "lv_regex_int.h"

static bool class_has(const lv_regex *re, const rx_class *c, uint32_t r) {
  if (r < 128) return (c->ascii[r >> 6] >> (r & 63)) & 1;
  const rx_range *v = re->ranges + c->first;
  uint32_t lo = 0, hi = c->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (v[mid].hi < r) lo = mid + 1;
    else if (v[mid].lo > r) hi = mid;
    else return true;
  }
  return false;
}

static bool inst_accepts(const lv_regex *re, const rx_inst *in, uint32_t r) {
  return in->op == RX_OP_RUNE ? in->arg == r : class_has(re, &re->cls[in->arg], r);
}

typedef struct pike {
  const lv_regex *re;
  rx_walk w;
} pike;

/* Adds pc and what it reaches without consuming text (under the assertion
 * truths flags) to list; consuming instructions are kept. True on MATCH. */
static inline bool add_thread(pike *m, uint32_t *list, uint32_t *n, uint32_t pc, uint32_t flags) {
  uint64_t visits = 0; /* the DFA builder's budget; not counted here */
  return rx_walk_closure(&m->w, list, n, &visits, m->re->inst, &pc, 1, flags);
}

/* What the unit before text[i] was, for assertions: only '\n' and ASCII
 * word characters matter, and those are single bytes. */
static uint32_t unit_before(const char *text, size_t i) {
  if (i == 0) return RX_EDGE;
  unsigned char b = (unsigned char)text[i - 1];
  return b < 0x80 ? b : RX_BAD;
}

/* scratch: 4 * ninst words (mark, two lists, stack). */
static bool pike_run(const lv_regex *re, uint32_t *scratch, const char *text, size_t len) {
  uint32_t m_ = re->ninst;
  pike m = {re, {scratch, 1, scratch + 3 * (size_t)m_}};
  uint32_t *clist = scratch + m_, *nlist = scratch + 2 * (size_t)m_;
  uint32_t cn = 0, nn = 0;
  memset(m.w.mark, 0, m_ * sizeof *m.w.mark);
  size_t pos = 0, w = 0;
  uint32_t prev = RX_EDGE;
  uint32_t r = len ? rx_decode(text, len, 0, &w) : RX_EDGE;
  for (;;) {
    if (cn == 0) {
      /* Nothing under way: skip to where a match could start. */
      if (pos > 0 && re->anchored) return false;
      if (re->prefix_len && pos < len) {
        const char *hit = memmem(text + pos, len - pos, re->prefix, re->prefix_len);
        if (!hit) return false;
        if ((size_t)(hit - text) != pos) {
          pos = (size_t)(hit - text);
          prev = unit_before(text, pos);
          r = rx_decode(text, len, pos, &w);
        }
      }
    }
    if ((pos == 0 || !re->anchored) && add_thread(&m, clist, &cn, re->start, rx_assert_flags(prev, r)))
      return true;
    if (pos >= len) return false;
    size_t npos = pos + w, nw = 0;
    uint32_t nr = npos < len ? rx_decode(text, len, npos, &nw) : RX_EDGE;
    uint32_t flags = rx_assert_flags(r, nr);
    rx_walk_next_gen(&m.w, m_);
    nn = 0;
    for (uint32_t j = 0; j < cn; j++) {
      const rx_inst *in = &re->inst[clist[j]];
      if (inst_accepts(re, in, r) && add_thread(&m, nlist, &nn, in->out, flags)) return true;
    }
    uint32_t *t = clist;
    clist = nlist;
    nlist = t;
    cn = nn;
    prev = r;
    pos = npos;
    r = nr;
    w = nw;
  }
}

static bool literal_run(const lv_regex *re, const char *text, size_t len) {
  size_t n = re->prefix_len;
  if (n > len) return false;
  if (re->lit_begin && re->lit_end) return n == len && memcmp(text, re->prefix, n) == 0;
  if (re->lit_begin) return memcmp(text, re->prefix, n) == 0;
  if (re->lit_end) return memcmp(text + len - n, re->prefix, n) == 0;
  return n == 0 || memmem(text, len, re->prefix, n) != NULL;
}

const lv_err *rx_match_with(lv_ctx *cx, bool *out, const lv_regex *re, const char *text, size_t len,
                            rx_engine engine) {
  *out = false;
  if (!re) return lv_err_static(LV_E_INVALID_ARG);
  if (!text) {
    if (len) return lv_err_static(LV_E_INVALID_ARG);
    text = "";
  }
  if (engine == RX_ENGINE_AUTO && re->literal) {
    *out = literal_run(re, text, len);
    return NULL;
  }
  if (engine != RX_ENGINE_PIKE && re->dfa) {
    *out = rx_dfa_run(re, text, len);
    return NULL;
  }
  size_t need = 4 * (size_t)re->ninst * sizeof(uint32_t);
  uint32_t small[1024];
  if (need <= sizeof small) {
    *out = pike_run(re, small, text, len);
    return NULL;
  }
  if (cx && cx->arena) {
    lv_arena *a = cx->arena;
    uint32_t *mem = lv_arena_alloc(a, need);
    if (!mem) return lv_err_static(LV_E_RESOURCE);
    *out = pike_run(re, mem, text, len);
    /* Give the scratch back: it is the arena's last allocation (nothing
     * else allocates meanwhile), whether or not it opened a new chunk, so
     * rewinding the bump pointer makes the space reusable at once. Many
     * matches in one evaluation then cost one scratch block, not many. */
    size_t used = (need + (LV_ARENA_ALIGN - 1)) & ~(size_t)(LV_ARENA_ALIGN - 1);
    if (a->cur == (char *)mem + used) a->cur = (char *)mem;
    return NULL;
  }
  uint32_t *mem = malloc(need);
  if (!mem) return lv_err_static(LV_E_RESOURCE);
  *out = pike_run(re, mem, text, len);
  free(mem);
  return NULL;
}
