/*
 * The home screen's figures read by day (summary_compute) equal those
 * computed from every record (summary_compute_whole) on a demo store, at
 * several moments: the demo's last day, a week before, a day past its
 * end, a month after it, and 75 days after, when the follow-ups of its
 * first weeks are past the window. One demo is made today, one on a
 * fixed day whose demo has passages dated after some of those moments.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "store_fixture.h"
#include "core/demo.h"
#include "core/summary.h"

/* Print the figures that differ, for the log. */
static void
explain(const struct summary *a, const struct summary *b)
{
	printf("# windowed: today %d open %d visits %d stale %d/%d follow "
	    "%d/%d late %d warnings %d\n", a->patrols_today, a->patrols_open,
	    a->visits_week, a->checkpoints_stale, a->checkpoints,
	    a->follow_today, a->follow_overdue, a->disputes_late,
	    a->warnings_current);
	printf("# whole:    today %d open %d visits %d stale %d/%d follow "
	    "%d/%d late %d warnings %d\n", b->patrols_today, b->patrols_open,
	    b->visits_week, b->checkpoints_stale, b->checkpoints,
	    b->follow_today, b->follow_overdue, b->disputes_late,
	    b->warnings_current);
}

/* Write a patrol that started at t and has no end, or a visit at t. */
static int
write_at(struct store *st, int kind, int64_t t)
{
	const struct kind *k = kind_by_id(kind);
	char *vals[64] = {0}, start[24];
	struct xf_err err;

	snprintf(start, sizeof start, "%lld", (long long)t);
	vals[kind_when_field(k)] = start;
	if (kind == KIND_PATROL)
		vals[kind_field_index(k, "type")] = "foot";
	else {
		vals[VISIT_F_TARGET] = "household";
		vals[VISIT_F_HOUSEHOLD] = "张家";
		vals[VISIT_F_PURPOSE] = "advice";
	}
	if (store_begin(st, &err) != 0)
		return -1;
	if (record_write(st, k, NULL, NULL, 0, vals, 0, NULL, NULL, &err) !=
	    0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, &err);
}

static void
test_demo(const char *dir, int64_t made, const char *name)
{
	char *path = xasprintf("%s/%s.db", dir, name);
	struct demo_opts o = {.seed = 7, .days = 60, .villages = 3};
	struct demo_stats stats;
	struct xf_err err;
	struct store *st;
	static const int64_t at[] = {12, -7 * 24 + 9, 24 + 20, 30 * 24,
	    75 * 24};
	int today = 0, visits = 0, stale = 0, open = 0;

	o.end = demo_default_end(made);
	st = fx_new(path, ROLE_DEVICE, "demo", "trainer", "demo-pass", &err);
	ok(st != NULL && demo_fill(st, &o, &stats, &err) == 0,
	    "%s: a demo store of 60 days (%s)", name, st ? "filled" :
	    err.msg);
	if (st == NULL)
		return;
	ok(write_at(st, KIND_PATROL, o.end + 9 * 3600) == 0 &&
	    write_at(st, KIND_VISIT, o.end + 3 * 86400) == 0, "a patrol "
	    "started on the last day and not ended, a visit dated 3 days "
	    "after");
	for (size_t i = 0; i < XF_ARRAY_LEN(at); i++) {
		int64_t now = o.end + at[i] * 3600;
		struct summary w, a;

		ok(summary_compute(st, now, 7, &w, &err) == 0 &&
		    summary_compute_whole(st, now, 7, &a, &err) == 0,
		    "%s: figures %+lld h from the last day computed", name,
		    (long long)at[i]);
		ok(memcmp(&w, &a, sizeof w) == 0, "%s: the figures read by "
		    "day equal those of every record, %+lld h from the last "
		    "day", name, (long long)at[i]);
		if (memcmp(&w, &a, sizeof w) != 0)
			explain(&w, &a);
		today += w.patrols_today;
		visits += w.visits_week;
		stale += w.checkpoints_stale;
		open += w.patrols_open;
	}
	ok(today > 0 && visits > 0 && stale > 0 && open > 0, "%s: the "
	    "moments see patrols today (%d), in progress (%d), visits this "
	    "week (%d) and stale checkpoints (%d)", name, today, open, visits,
	    stale);
	store_close(st);
	free(path);
}

int
main(void)
{
	char dir[] = "/tmp/xf-summary-window.XXXXXX";
	char *cmd;

	setenv("TZ", "Asia/Shanghai", 1);
	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL) {
		printf("Bail out! cannot set up\n");
		return 1;
	}
	test_demo(dir, time_now(), "today");
	/* Made then, the demo has a patrol a week before its end whose
	 * passages follow the moment looked at: they have not happened yet
	 * and count for no checkpoint. */
	test_demo(dir, 1796319000, "2026-12-03");
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return tap_done();
}
