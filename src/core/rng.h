/* A small seeded generator (xoshiro256**) for reproducible demo data; never
 * for keys or nonces. */
#ifndef RNG_H
#define RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *, uint64_t seed);
uint64_t rng_next(struct rng *);
/* A number in [0, n); 0 when n is 0. */
uint32_t rng_below(struct rng *, uint32_t n);
/* A number in [lo, hi]. */
int rng_range(struct rng *, int lo, int hi);
/* A number in [0, 1). */
double rng_unit(struct rng *);
/* Whether an event of probability p happens. */
int rng_chance(struct rng *, double p);
void rng_bytes(struct rng *, unsigned char *, size_t);
/* An index into weights[0..n) chosen in proportion to the weights. */
int rng_weighted(struct rng *, const double *weights, int n);

#endif
