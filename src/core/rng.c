/* xoshiro256** seeded through splitmix64: the same seed gives the same
 * sequence on every machine. Demo data only; not key material. */
#include "config.h"

#include "rng.h"

/* One step of splitmix64, to spread a seed over the state. */
static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Start the generator from a seed. */
void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

/* Rotate left. */
static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits. */
uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A number in [0, n) without modulo bias worth noticing for demo data. */
uint32_t
rng_below(struct rng *r, uint32_t n)
{
	if (n == 0)
		return 0;
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A number in [lo, hi]. */
int
rng_range(struct rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* A number in [0, 1) with 53 random bits. */
double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability p. */
int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Fill a buffer with random bytes. */
void
rng_bytes(struct rng *r, unsigned char *out, size_t n)
{
	while (n > 0) {
		uint64_t v = rng_next(r);

		for (int i = 0; i < 8 && n > 0; i++, n--) {
			*out++ = (unsigned char)v;
			v >>= 8;
		}
	}
}

/* Pick an index with probability proportional to its weight. */
int
rng_weighted(struct rng *r, const double *w, int n)
{
	double total = 0, x;

	for (int i = 0; i < n; i++)
		total += w[i];
	x = rng_unit(r) * total;
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}
