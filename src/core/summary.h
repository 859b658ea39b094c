/* Today at a glance: the figures of the home screen, from the records. */
#ifndef SUMMARY_H
#define SUMMARY_H

#include "record.h"

#define SUMMARY_STALE_DAYS 7
#define SUMMARY_OPEN_DAYS 7	/* a patrol older without an end is left
				 * out of those in progress */
#define SUMMARY_FOLLOW_DAYS 90	/* follow-ups of older visits are left
				 * out of those due */

enum { RISK_RED, RISK_ORANGE, RISK_YELLOW, RISK_GREEN, RISK_N };

struct summary {
	int patrols_today;	/* patrols started today (local time) */
	int patrols_open;	/* patrols started in the last
				 * SUMMARY_OPEN_DAYS and not ended */
	int has_open;
	unsigned char open_rid[RID_LEN];	/* the newest open patrol */
	int disputes_open[RISK_N];	/* not resolved nor handed over */
	int disputes_late;	/* open, past their colour's time limit */
	int visits_week;	/* visits since Monday 00:00 */
	int checkpoints;
	int checkpoints_stale;	/* not checked for stale_days */
	int stale_days;
	int follow_today;	/* visits and resolved disputes whose
				 * follow-up is due today */
	int follow_overdue;	/* whose follow-up date has passed */
	int warnings_current;	/* warnings issued and not expired */
	int warnings_urgent;	/* of those, at the most pressing level */
	char warning_title[404];	/* the newest most pressing one's */
};

/* Local midnight of the day that holds t, and the Monday of its week. */
int64_t summary_day_start(int64_t t);
int64_t summary_week_start(int64_t t);
/*
 * A visit's follow-up (回访日期) is due until a later visit to the same
 * household or place is logged: due today on its date, overdue after;
 * the home screen counts those of the visits of the last
 * SUMMARY_FOLLOW_DAYS.
 * A resolved dispute's follow-up is due until a follow-up session closes
 * or reopens it. A dispute is late past its colour's time limits
 * (dispute.h).
 * A warning is current from its issue until the end of its valid_until
 * day (none: no end); the most pressing level is the last of the
 * table's levels.
 *
 * Compute the figures as of now; a checkpoint is stale when no patrol
 * checked it for stale_days (0: SUMMARY_STALE_DAYS). Patrols are read
 * by their day (record_list_period) over the days these figures need:
 * today, SUMMARY_OPEN_DAYS back, and stale_days back with the two days
 * a patrol's passages may follow its start. Visits are read by day from
 * SUMMARY_FOLLOW_DAYS back. Disputes, checkpoints and warnings are read
 * whole: an open dispute or a warning without end stays current however
 * old its record, and checkpoints have no day. */
int summary_compute(struct store *, int64_t now, int stale_days,
    struct summary *, struct xf_err *);
/* The same figures from every patrol and visit (record_list), to check
 * the windowed read against. */
int summary_compute_whole(struct store *, int64_t now, int stale_days,
    struct summary *, struct xf_err *);

#endif
