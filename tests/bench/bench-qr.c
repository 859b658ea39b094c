/* QR figures: how full each frame is, and how many frames a lossy scan needs,
 * for the Reed-Solomon code xunfang uses and for a BC-UR style fountain. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "core/base45.h"
#include "core/qrframe.h"
#include "core/settings.h"

#define BENCH_K 30
#define BENCH_VERSION 20
#define BENCH_TRIALS 50
#define BENCH_LOSS 0.2

/* xoshiro256**, seeded through splitmix64, as BC-UR seeds its chooser. */
struct xoshiro {
	uint64_t s[4];
};

/* Rotate left. */
static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Seed the generator from one number. */
static void
xo_seed(struct xoshiro *x, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		x->s[i] = z ^ (z >> 31);
	}
}

/* The next 64 random bits. */
static uint64_t
xo_next(struct xoshiro *x)
{
	uint64_t r = rotl(x->s[1] * 5, 7) * 9, t = x->s[1] << 17;

	x->s[2] ^= x->s[0];
	x->s[3] ^= x->s[1];
	x->s[1] ^= x->s[2];
	x->s[0] ^= x->s[3];
	x->s[2] ^= t;
	x->s[3] = rotl(x->s[3], 45);
	return r;
}

/* A random number in [0, 1). */
static double
xo_double(struct xoshiro *x)
{
	return (double)(xo_next(x) >> 11) / 9007199254740992.0;
}

/* BC-UR's mix for sequence number seq: simple fragments first, then a
 * degree drawn with weight 1/d and that many fragments chosen at random. */
static uint64_t
fountain_mix(uint64_t seq, int k)
{
	struct xoshiro x;
	double total = 0, pick;
	int idx[64], degree = 1;
	uint64_t mask = 0;

	if (seq < (uint64_t)k)
		return 1ULL << seq;
	xo_seed(&x, seq * 0x100000001b3ULL + 0xcbf29ce484222325ULL);
	for (int d = 1; d <= k; d++)
		total += 1.0 / d;
	pick = xo_double(&x) * total;
	for (degree = 1; degree < k && (pick -= 1.0 / degree) > 0; degree++)
		;
	for (int i = 0; i < k; i++)
		idx[i] = i;
	for (int i = k - 1; i > 0; i--) {
		int j = (int)(xo_next(&x) % (uint64_t)(i + 1)), t = idx[i];

		idx[i] = idx[j];
		idx[j] = t;
	}
	for (int i = 0; i < degree; i++)
		mask |= 1ULL << idx[i];
	return mask;
}

/* Add a mixed frame to a GF(2) basis; returns 1 when the rank grew. This
 * full elimination decodes at least as early as BC-UR's own reducer. */
static int
gf2_insert(uint64_t *basis, uint64_t v, int k)
{
	for (int b = k - 1; b >= 0; b--) {
		if (!(v >> b & 1))
			continue;
		if (basis[b] == 0) {
			basis[b] = v;
			return 1;
		}
		v ^= basis[b];
	}
	return 0;
}

/* Frames received until a fountain of k fragments decodes, with loss. */
static int
fountain_trial(int k, struct xoshiro *loss)
{
	uint64_t basis[64] = {0};
	int rank = 0, got = 0;

	for (uint64_t seq = 0; rank < k; seq++) {
		if (xo_double(loss) < BENCH_LOSS)
			continue;
		got++;
		rank += gf2_insert(basis, fountain_mix(seq, k), k);
	}
	return got;
}

/* Distinct frames received until xunfang's reader completes, with loss:
 * the display cycles through its set of data and repair frames. */
static int
rs_trial(const struct qr_bundle *b, char **texts, struct xoshiro *loss)
{
	struct qr_reader *r = qr_reader_new();
	unsigned char seen[QR_MAX_FRAMES] = {0};
	int got = 0;
	enum qr_fed fed = QR_FED_JUNK;

	for (long shown = 0; fed != QR_FED_COMPLETE; shown++) {
		int i = (int)(shown % b->n);

		if (xo_double(loss) < BENCH_LOSS)
			continue;
		got += !seen[i];
		seen[i] = 1;
		fed = qr_reader_feed(r, texts[i], strlen(texts[i]), NULL);
	}
	qr_reader_free(r);
	return got;
}

/* Order two ints for qsort. */
static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The median of n trial counts. */
static double
median(int *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_int);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* A bundle of exactly BENCH_K full frames at BENCH_VERSION. */
static unsigned char *
bench_bundle(size_t *len)
{
	size_t per = qr_frame_data(BENCH_VERSION, 20000);
	unsigned char *p;
	struct xoshiro x;

	*len = per * BENCH_K;
	p = xmalloc(*len);
	xo_seed(&x, 1);
	for (size_t i = 0; i < *len; i++)
		p[i] = (unsigned char)xo_next(&x);
	return p;
}

/* Frames shown until a camera that misses a fifth of them at random has the
 * bundle of len bytes, cut at this version: the display cycles through its
 * set; the median of trials. */
static double
shown_until_complete(size_t len, int version, int trials, uint64_t seed)
{
	struct qr_bundle b;
	struct xoshiro x;
	unsigned char *p = xmalloc(len);
	char **texts;
	int *shown = xcalloc((size_t)trials, sizeof *shown);
	double med;

	xo_seed(&x, seed);
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)xo_next(&x);
	if (qr_bundle_cut(&b, p, len, version, NULL) != 0)
		abort();
	texts = xcalloc((size_t)b.n, sizeof *texts);
	for (int i = 0; i < b.n; i++) {
		struct buf t = {0};

		qr_frame_text(&b, i, &t);
		texts[i] = xstrdup(buf_str(&t));
		buf_free(&t);
	}
	for (int t = 0; t < trials; t++) {
		struct qr_reader *r = qr_reader_new();
		enum qr_fed fed = QR_FED_JUNK;
		long n = 0;

		/* The camera starts anywhere in the cycle. */
		for (long i = (long)(xo_next(&x) % (uint64_t)b.n);
		    fed != QR_FED_COMPLETE; i++, n++) {
			const char *f = texts[i % b.n];

			if (xo_double(&x) >= BENCH_LOSS)
				fed = qr_reader_feed(r, f, strlen(f), NULL);
		}
		shown[t] = (int)n;
		qr_reader_free(r);
	}
	med = median(shown, trials);
	for (int i = 0; i < b.n; i++)
		free(texts[i]);
	free(texts);
	free(shown);
	qr_bundle_free(&b);
	free(p);
	return med;
}

/* Seconds to carry 10, 50 and 300 KB at the default version and rate, and
 * 50 KB in blocks on a laptop screen (version 6). */
static void
bench_qr_seconds(void)
{
	static const struct {
		const char *name;
		size_t len;
		int version, trials;
	} runs[] = {
		{"qr_seconds_10k_20loss", 10000, QR_DEFAULT_VERSION, 15},
		{"qr_seconds_50k_20loss", 50000, QR_DEFAULT_VERSION, 15},
		{"qr_seconds_300k_20loss", 300000, QR_DEFAULT_VERSION, 5},
		{"qr_seconds_50k_20loss_v6", 50000, 6, 9},
	};
	double rate = SETTINGS_QR_RATE_DEFAULT;
	char note[200];

	snprintf(note, sizeof note, "the QR version qr show uses at most by "
	    "default (a webcam at a 15 degree tilt reads it)");
	bench_figure("qr_default_version", QR_DEFAULT_VERSION, note);
	bench_figure("qr_default_rate", rate, "frames a second qr show "
	    "shows by default");
	for (size_t i = 0; i < XF_ARRAY_LEN(runs); i++) {
		double n = shown_until_complete(runs[i].len, runs[i].version,
		    runs[i].trials, 7 + i);

		snprintf(note, sizeof note, "seconds until complete: %zu bytes "
		    "at version %d, %.0f frames a second, a fifth of the frames "
		    "missed at random; median of %d (%.0f frames shown)%s",
		    runs[i].len, runs[i].version, rate, runs[i].trials, n,
		    i == 1 ? "; goal 30 or less" : "");
		bench_figure(runs[i].name, n / rate, note);
	}
}

/* The QR figures: frame efficiency and frames needed under loss. */
void
bench_qr(const char *dir)
{
	struct qr_bundle b;
	struct xoshiro loss;
	int rs[BENCH_TRIALS], fo[BENCH_TRIALS];
	size_t len, cap = base45_capacity((size_t)qr_capacity(BENCH_VERSION));
	unsigned char *p = bench_bundle(&len);
	char **texts, note[160];

	(void)dir;
	if (qr_bundle_cut(&b, p, len, BENCH_VERSION, NULL) != 0 ||
	    b.k != BENCH_K)
		abort();
	snprintf(note, sizeof note, "%zu bundle bytes per frame / %zu bytes "
	    "Base45 fits in a version %d-M code", len / (size_t)b.k, cap,
	    BENCH_VERSION);
	bench_figure("qr_efficiency", (double)len / b.k / (double)cap, note);
	texts = xcalloc((size_t)b.n, sizeof *texts);
	for (int i = 0; i < b.n; i++) {
		struct buf t = {0};

		qr_frame_text(&b, i, &t);
		texts[i] = xstrdup(buf_str(&t));
		buf_free(&t);
	}
	xo_seed(&loss, 2026);
	for (int t = 0; t < BENCH_TRIALS; t++) {
		rs[t] = rs_trial(&b, texts, &loss);
		fo[t] = fountain_trial(BENCH_K, &loss);
	}
	bench_figure("qr_loss_overhead", median(rs, BENCH_TRIALS) / BENCH_K,
	    "distinct frames until complete / K, K=30, 20% lost, median of 50 "
	    "(Reed-Solomon, Cauchy, GF(256))");
	bench_figure("qr_loss_overhead_fountain",
	    median(fo, BENCH_TRIALS) / BENCH_K, "the same for a BC-UR style "
	    "XOR fountain decoded by full GF(2) elimination (for comparison)");
	for (int i = 0; i < b.n; i++)
		free(texts[i]);
	free(texts);
	qr_bundle_free(&b);
	free(p);
	bench_qr_seconds();
}
