/*
 * make bench: every figure is a ratio against a baseline measured in the
 * same run, printed as "figure NAME VALUE", then a table of each figure
 * against the target the issues set. It is not a test: it exits 0 when a
 * target is missed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* The targets the issues set: '<' at most, '>' at least. Figures not
 * named here are printed for information. */
static const struct bench_target {
	const char *name;
	char cmp;
	double bound;
} targets[] = {
	{"insert_ratio", '<', 1.5},
	{"listload_ratio", '<', 1.5},
	{"rss_mb_100k", '<', 64},
	{"tui_first_paint_ms", '<', 50},
	{"tui_filter_ms", '<', 30},
	{"import_ratio", '<', 2.0},
	{"export_ratio", '<', 1.3},
	{"bundle_size_ratio", '<', 1.02},
	{"qr_efficiency", '>', 0.95},
	{"qr_loss_overhead", '<', 1.05},
	{"qr_seconds_50k_20loss", '<', 30.0},
	{"demo_seconds_100k", '<', 10},
	{"report_ratio", '<', 3},
	{"show_ms_1m", '<', 20},
	{"report_growth", '<', 1.5},
	{"import_us_per_version_growth", '<', 1.2},
	{"tui_home_ms_1m", '<', 300},
	{"report_4w_ms_1m", '<', 300},
	{"report_year_ms_1m", '<', 3000},
	{"return_export_ms_1m", '<', 300},
	{"peer_size_ratio", '<', 1.0},
	{"list_first_page_ms_1m", '<', 100},
	{"search_key_ms_1m", '<', 100},
	{"rss_mb_1m", '<', 100},
	{"rss_mb_import_1m", '<', 100},
};

#define NTARGETS (sizeof targets / sizeof targets[0])
#define MAX_FIGURES 256

/* The figures printed so far, in order, for the table at the end. */
static struct {
	char name[48];
	double value;
} figures[MAX_FIGURES];
static size_t nfigures;

/* Print one figure line on stdout, and what it measured on stderr. */
void
bench_figure(const char *name, double value, const char *note)
{
	printf("figure %s %.3f\n", name, value);
	fflush(stdout);
	if (note != NULL)
		fprintf(stderr, "  %s: %s\n", name, note);
	if (nfigures < MAX_FIGURES) {
		snprintf(figures[nfigures].name, sizeof figures[0].name, "%s",
		    name);
		figures[nfigures++].value = value;
	}
}

/* The target set for a figure, or NULL if it is for information. */
static const struct bench_target *
target_of(const char *name)
{
	for (size_t i = 0; i < NTARGETS; i++)
		if (strcmp(targets[i].name, name) == 0)
			return &targets[i];
	return NULL;
}

/* Whether a figure was measured in this run. */
static int
measured(const char *name)
{
	for (size_t i = 0; i < nfigures; i++)
		if (strcmp(figures[i].name, name) == 0)
			return 1;
	return 0;
}

/* Print s padded with spaces to w columns (UTF-8 counted by character). */
static void
cell(const char *s, int w)
{
	int n = 0;

	for (const char *p = s; *p != '\0'; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	printf("%s%*s", s, w > n ? w - n : 0, "");
}

/* One row of the table. */
static void
row(const char *name, const char *value, const char *target,
    const char *verdict)
{
	cell(name, 28);
	cell(value, 12);
	cell(target, 10);
	printf("%s\n", verdict);
}

/* The table of every figure against its target, then targets not met
 * because nothing measured them. */
static void
bench_table(void)
{
	char v[32], t[32];

	printf("\n");
	row("figure", "value", "target", "result");
	for (size_t i = 0; i < nfigures; i++) {
		const struct bench_target *g = target_of(figures[i].name);
		double x = figures[i].value;

		snprintf(v, sizeof v, "%.3f", x);
		if (g == NULL) {
			row(figures[i].name, v, "—", "info");
			continue;
		}
		snprintf(t, sizeof t, "%s %g", g->cmp == '<' ? "≤" :
		    "≥", g->bound);
		row(figures[i].name, v, t, (g->cmp == '<' ? x <= g->bound :
		    x >= g->bound) ? "met" : "missed");
	}
	for (size_t i = 0; i < NTARGETS; i++)
		if (!measured(targets[i].name)) {
			snprintf(t, sizeof t, "%s %g", targets[i].cmp == '<' ?
			    "≤" : "≥", targets[i].bound);
			row(targets[i].name, "—", t, "not measured");
		}
}

/* Monotonic seconds. */
double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Peak resident memory of this process in MiB. */
double
bench_peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* A new unlocked store with a fast key derivation; aborts on failure. */
struct store *
bench_store(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s.db", dir, name);
	struct store_create_args a = {
		.path = path, .role = ROLE_DEVICE, .name = name,
		.user = "bench", .pass = "bench-passphrase", .passlen = 16,
		.kdf = {1, 8},
	};
	struct store *st;
	struct xf_err err;

	if (store_create(&a, &err) != 0 || store_open(path, &st, &err) != 0 ||
	    store_unlock(st, "bench", "bench-passphrase", 16, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	free(path);
	return st;
}

/* The areas, in the order they run; `xf-bench NAME...` runs only those
 * named. */
static const struct {
	const char *name;
	void (*fn)(const char *);
} areas[] = {
	{"core", bench_core}, {"roster", bench_roster}, {"demo", bench_demo},
	{"sync", bench_sync}, {"qr", bench_qr}, {"tui", bench_tui},
	{"roles", bench_roles}, {"folders", bench_folders},
	{"scale", bench_scale}, {"presence", bench_presence},
	{"map", bench_map},
};

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/xf-bench.XXXXXX";
	char *cmd;
	int rc;

	setenv("TZ", "Asia/Shanghai", 1);
	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench: cannot start\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
		int run = argc < 2;

		for (int a = 1; a < argc; a++)
			run |= strcmp(argv[a], areas[i].name) == 0;
		if (run)
			areas[i].fn(dir);
	}
	bench_table();
	cmd = xasprintf("rm -rf '%s'", dir);
	rc = system(cmd);
	free(cmd);
	if (rc != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	return 0;
}
