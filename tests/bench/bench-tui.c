/* Terminal UI figures: the first screen of a 100k-record list, and one
 * keystroke of incremental search over it, drawn to a curses screen that
 * writes to /dev/null; the list-load baseline of the same rows beside. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "tui/bench.h"

#define ROUNDS 5

/* The store bench_core filled with 100k patrols, unlocked. */
static struct store *
core_store(const char *dir)
{
	char *path = xasprintf("%s/core.db", dir);
	struct store *st;
	struct xf_err err;

	if (store_open(path, &st, &err) != 0 ||
	    store_unlock(st, "bench", "bench-passphrase", 16, &err) != 0) {
		fprintf(stderr, "bench: %s (run after bench_core)\n", err.msg);
		abort();
	}
	free(path);
	return st;
}

/* record_list of the patrols (the list-load baseline), in ms. */
static double
load_ms(struct store *st, size_t *n)
{
	const struct kind *k = kind_by_name("patrol");
	struct rec_list l;
	struct xf_err err;
	double t0 = bench_now();

	record_list(st, k, &l, &err);
	t0 = bench_now() - t0;
	*n = l.n;
	rec_list_free(&l);
	return t0 * 1000;
}

/* Open the list and draw it; then time keystrokes of a search. */
static void
one_round(struct store *st, double *paint, double *first_key, double *key,
    size_t *shown)
{
	struct tui_headless *h;
	struct xf_err err;
	double t0;

	if ((h = tui_headless_new(st, "/dev/null", 24, 80, &err)) == NULL) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	t0 = bench_now();
	if (tui_headless_list(h, "patrol", &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	*paint = (bench_now() - t0) * 1000;
	tui_headless_key(h, L'/');
	t0 = bench_now();
	tui_headless_key(h, L'x');
	*first_key = (bench_now() - t0) * 1000;
	tui_headless_key(h, 0x7f);
	t0 = bench_now();
	tui_headless_key(h, L'9');	/* a full scan: the query is new */
	*key = (bench_now() - t0) * 1000;
	*shown = tui_headless_shown(h);
	tui_headless_free(h);
}

/* tui_listload_baseline_ms, tui_first_paint_ms and tui_filter_ms. */
void
bench_tui(const char *dir)
{
	struct store *st = core_store(dir);
	double base, paint = 1e9, first = 1e9, key = 1e9;
	size_t n, shown = 0;
	char note[240];

	setlocale(LC_CTYPE, "C.UTF-8");	/* UTF-8 keys, as a terminal types */
	base = 1e9;
	for (int r = 0; r < ROUNDS; r++) {
		double b = load_ms(st, &n), p, f, k;

		one_round(st, &p, &f, &k, &shown);
		base = b < base ? b : base;
		paint = p < paint ? p : paint;
		first = f < first ? f : first;
		key = k < key ? k : key;
	}
	store_close(st);
	snprintf(note, sizeof note, "record_list of the same %zu patrols "
	    "(load and decrypt), best of %d", n, ROUNDS);
	bench_figure("tui_listload_baseline_ms", base, note);
	snprintf(note, sizeof note, "list screen of %zu patrols opened on "
	    "its newest records and drawn at 80x24; the rest loads when the "
	    "keyboard is idle or at the first key, as the baseline above "
	    "(target <= 50)", n);
	bench_figure("tui_first_paint_ms", paint, note);
	snprintf(note, sizeof note, "one keystroke of search scanning all %zu "
	    "rows (%zu match), drawn; the first keystroke, which builds the "
	    "search text, took %.1f ms (target <= 30)", n, shown, first);
	bench_figure("tui_filter_ms", key, note);
}
