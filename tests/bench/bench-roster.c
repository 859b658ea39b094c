/* Benchmark figures of duty rosters and patrol plans. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "core/plan.h"
#include "core/roster.h"

#define BENCH_NIGHTS 366
#define BENCH_PLANS 50
#define BENCH_POINTS 20

/* Add a record of a kind from name=value pairs; abort on failure. */
static void
bench_add(struct store *st, int kind, const char *const *pairs, int n)
{
	const struct kind *k = kind_by_id(kind);
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	struct xf_err err;

	for (int i = 0; i < n; i++)
		vals[kind_field_index(k, pairs[2 * i])] = (char *)pairs[2 * i + 1];
	if (store_begin(st, &err) != 0 || record_write(st, k, NULL, NULL, 0,
	    vals, 0, NULL, NULL, &err) != 0 || store_commit(st, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	free(vals);
}

/* Write a year of plain roster records in one transaction: the baseline. */
static double
write_nights(struct store *st, const struct roster_unit *u)
{
	const struct kind *k = kind_by_id(KIND_ROSTER);
	char *vals[ROSTER_F_ROSTERED + 1] = {0}, date[11];
	struct xf_err err;
	double t = bench_now();

	vals[ROSTER_F_GROUP] = (char *)u->hex;
	vals[ROSTER_F_STATUS] = (char *)"planned";
	store_begin(st, &err);
	for (int d = 0; d < BENCH_NIGHTS; d++) {
		roster_day_format(20454 + d, date);
		vals[ROSTER_F_DATE] = date;
		vals[ROSTER_F_MEMBER] = u->members[d % u->nmembers];
		record_write(st, k, NULL, NULL, 0, vals, 0, NULL, NULL, &err);
	}
	store_commit(st, &err);
	return bench_now() - t;
}

/* Groups, exceptions and plans for the figures. */
static void
bench_roster_data(struct store *st)
{
	static const char *const g1[] = {"name", "一组", "households",
	    "户1\n户2\n户3\n户4\n户5\n户6\n户7\n户8\n户9\n户10", "exceptions",
	    "户2\t2026-01-10\t2026-02-20\t外出\n户7\t2026-09-01\t2026-10-15\t秋收"};
	static const char *const g2[] = {"name", "二组", "households",
	    "户1\n户2\n户3\n户4\n户5\n户6\n户7\n户8\n户9\n户10"};
	struct buf pts = {0};
	char name[32];

	bench_add(st, KIND_HOUSEHOLD_GROUP, g1, 3);
	bench_add(st, KIND_HOUSEHOLD_GROUP, g2, 2);
	for (int p = 0; p < BENCH_PLANS; p++) {
		const char *pl[] = {"name", name, "points", NULL, "days",
		    "mon\nwed\nfri"};

		pts.len = 0;
		for (int i = 0; i < BENCH_POINTS; i++)
			buf_addf(&pts, "%s%032x\t2%d:%02d", i ? "\n" : "", i,
			    p % 4, i);
		snprintf(name, sizeof name, "计划%d", p);
		pl[3] = buf_str(&pts);
		bench_add(st, KIND_PLAN, pl, 3);
	}
	buf_free(&pts);
}

/* Rostering a year against writing a year of nights; a year of planned
 * visits against loading the plans. */
void
bench_roster(const char *dir)
{
	struct store *st = bench_store(dir, "roster");
	struct roster_unit u1, u2;
	struct roster_made m;
	struct plan_visits *v;
	struct rec_list l;
	struct xf_err err;
	double base, t;
	size_t n;

	bench_roster_data(st);
	if (roster_unit_load(st, KIND_HOUSEHOLD_GROUP, "一组", &u1, &err) ||
	    roster_unit_load(st, KIND_HOUSEHOLD_GROUP, "二组", &u2, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	base = write_nights(st, &u2);
	t = bench_now();
	roster_make(st, &u1, 20454, 20454 + BENCH_NIGHTS - 1, &m, &err);
	t = bench_now() - t;
	bench_figure("roster_make_year_ratio", t / base, "roster make of 366 "
	    "nights (10 households, 2 exceptions) / writing 366 nights");
	t = bench_now();
	record_list(st, kind_by_id(KIND_PLAN), &l, &err);
	base = bench_now() - t;
	rec_list_free(&l);
	t = bench_now();
	plan_planned_visits(st, "2026-01-01", "2026-12-31", &v, &n, &err);
	t = bench_now() - t;
	free(v);
	bench_figure("plan_visits_year_ratio", t / base, "planned visits of 50 "
	    "plans x 20 points over a year / loading the 50 plans");
	roster_unit_free(&u1);
	roster_unit_free(&u2);
	store_close(st);
}
