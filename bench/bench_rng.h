/* bench_rng.h - the generators' random numbers: splitmix64, so the data
 * and the rules are the same bytes for a seed whatever the C library. */
#ifndef BENCH_RNG_H
#define BENCH_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static inline void rng_seed(uint64_t seed) { rng_state = seed; }

/* A full-period 64-bit sequence from any seed. */
static inline uint64_t rng_next(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static inline unsigned rng_below(unsigned n) { return (unsigned)(rng_next() % n); }

#endif
