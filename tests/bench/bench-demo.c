/* Figures for demo data and reports: building a demo store of about 100k
 * records, and a heat map against reading and decrypting the same rows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "core/demo.h"
#include "core/report.h"

#define BENCH_VILLAGES 66
#define BENCH_DAYS 365

struct raw {
	const struct vault *vault;
	unsigned char *plain;
	size_t cap, rows;
};

/* Decrypt one row, as the least any report must do. */
static int
raw_row(void *arg, const struct store_row *row)
{
	struct raw *r = arg;
	unsigned char ad[VERSION_AD_MAX];
	size_t adlen = version_ad(&row->v, ad);

	if (row->bodylen > r->cap) {
		r->cap = row->bodylen * 2;
		r->plain = xreallocarray(r->plain, r->cap, 1);
	}
	if (row->bodylen < VAULT_SEAL_OVERHEAD || vault_open(r->vault, ad,
	    adlen, row->body, row->bodylen, r->plain) != 0)
		abort();
	r->rows++;
	return 0;
}

/* Seconds to select and decrypt the current rows of every kind a report
 * loads. */
static double
raw_seconds(struct store *st, size_t *rows)
{
	struct raw r = {store_vault(st), NULL, 0, 0};
	struct xf_err err;
	double t = bench_now();

	for (int k = KIND_PATROL; k <= KIND_CHECKPOINT; k++)
		if (store_scan_heads(st, k, raw_row, &r, &err) != 0)
			abort();
	t = bench_now() - t;
	*rows = r.rows;
	free(r.plain);
	return t;
}

/* Seconds to load the records and compute the heat map. */
static double
heatmap_seconds(struct store *st, int64_t end)
{
	struct report_opts o = {
		.from = end - 365 * 86400LL, .to = end + 86400,
		.asof = end + 86400,
	};
	struct report_data *d;
	struct report r;
	struct xf_err err;
	double t = bench_now();

	if (report_load(st, &d, &err) != 0 ||
	    report_run(d, report_by_name("heatmap"), &o, &r, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	t = bench_now() - t;
	report_free(&r);
	report_data_free(d);
	return t;
}

/* The demo and report figures. */
void
bench_demo(const char *dir)
{
	struct store *st = bench_store(dir, "demo");
	struct demo_opts o = {
		.seed = 1, .days = BENCH_DAYS, .villages = BENCH_VILLAGES,
		.end = demo_default_end(1795000000),
	};
	struct demo_stats stats;
	struct xf_err err;
	double t = bench_now(), raw, heat, best_raw = 1e9, best_heat = 1e9;
	size_t rows;
	char note[200];

	if (demo_fill(st, &o, &stats, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	t = bench_now() - t;
	snprintf(note, sizeof note, "%zu records (%zu versions) in %.2f s, "
	    "scaled to 100k records", stats.records, stats.versions, t);
	bench_figure("demo_seconds_100k", t * 100000.0 / (double)stats.records,
	    note);
	for (int i = 0; i < 3; i++) {
		raw = raw_seconds(st, &rows);
		heat = heatmap_seconds(st, o.end);
		best_raw = raw < best_raw ? raw : best_raw;
		best_heat = heat < best_heat ? heat : best_heat;
	}
	snprintf(note, sizeof note, "heat map %.3f s, raw select and decrypt "
	    "of the same %zu rows %.3f s (best of 3)", best_heat, rows,
	    best_raw);
	bench_figure("report_ratio", best_heat / best_raw, note);
	store_close(st);
}
