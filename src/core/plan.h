/* Patrol plans (巡逻路线): ordered checkpoints with expected times, on
 * some weekdays; patrols started from them; planned visits for reports. */
#ifndef PLAN_H
#define PLAN_H

#include "record.h"

struct plan_point {
	char checkpoint[33];	/* record id in hex */
	int minute;		/* expected time, minutes after midnight; -1 */
};

/* A plan as read from its record. */
struct plan {
	const struct record *rec;
	char hex[33];
	const char *name;
	unsigned days;		/* bit 0 Monday .. bit 6 Sunday; 0 every day */
	struct plan_point *pts;
	int npts;
	int bad;		/* first point with a bad time (from 1), or 0 */
	int grace;		/* minutes a point may be ticked after its time */
};

#define PLAN_GRACE_DEFAULT 60

/* Read a plan record; a point whose time is not HH:MM gets no time. */
void plan_parse(const struct record *, struct plan *);
/* Name the first bad expected time of a plan; 0 if there is none. */
int plan_check(const struct plan *, struct xf_err *);
void plan_free(struct plan *);
/* Whether the plan runs on a day (a day number of roster.h). */
int plan_runs_on(const struct plan *, int day);
/* "HH:MM" into minutes after midnight, or -1. */
int plan_minute(const char *);

/* All plans of the store, read. */
struct plan_set {
	struct rec_list list;
	struct plan *p;
	size_t n;
};
int plan_set_load(struct store *, struct plan_set *, struct xf_err *);
void plan_set_free(struct plan_set *);

/* Planned visits of one checkpoint over a period. */
struct plan_visits {
	char checkpoint[33];	/* record id in hex */
	int planned;
};

/* For the coverage report: how many times the plans send a patrol past
 * each checkpoint from .. to (YYYY-MM-DD, inclusive), by checkpoint id. */
int plan_planned_visits(struct store *, const char *from, const char *to,
    struct plan_visits **, size_t *, struct xf_err *);

/* A plan that runs on a date and has not been patrolled to its end. */
struct plan_due {
	char hex[33];
	char *name;
	int minute;		/* first expected time, or -1 */
	int npoints;
	int started;		/* a patrol from it is under way */
};

/* Plans that run on date (YYYY-MM-DD) and have no ended patrol that day,
 * by first expected time. */
int plan_due(struct store *, const char *date, struct plan_due **, size_t *,
    struct xf_err *);
void plan_due_free(struct plan_due *, size_t);

/* Fill a new patrol's values (one per patrol field, caller frees each)
 * from a plan: type, village, team members, route, plan reference. */
void plan_patrol_values(struct store *, const struct plan *, char **vals);

/* A checkpoint as a patrol meets it: on its route or not, ticked or not. */
struct route_point {
	char checkpoint[33];	/* record id in hex */
	char *name;
	int64_t ticked;		/* the first tick's time, or 0 */
};

/*
 * The checkpoints of a patrol in the order to offer them: first its route
 * (the points of its plan, else the checkpoints of its village), then the
 * other checkpoints of its village, then every other one. nroute of them
 * are the route and ndone of those are ticked; a patrol with neither plan
 * nor village has no route.
 */
struct patrol_route {
	struct route_point *p;
	size_t n, nroute, ndone;
};
int patrol_route(struct store *, char *const *patrol_vals,
    struct patrol_route *, struct xf_err *);
void patrol_route_free(struct patrol_route *);

/*
 * Plan against what happened. For a plan and a day it runs on, a point
 * ticked by a patrol from the plan started that day is on time if ticked
 * by its expected time and the plan's grace, else late; a point not
 * ticked is missed once that moment has passed (a point without a time:
 * once the day is over), or at once when a patrol of that day has ended
 * with it left (the patrol is unfinished); until then it is pending. A
 * checkpoint the route passes twice is ticked twice: its first tick that
 * day is the first passage's, its second the second's.
 */
enum plan_mark { PM_PENDING, PM_ON_TIME, PM_LATE, PM_MISSED };

struct plan_outcome {
	const struct plan *plan;
	char date[11];
	int point;		/* index in the plan's points */
	enum plan_mark mark;
	int64_t ticked;		/* the first tick, or 0 */
	int progress;		/* the day's patrols: 0 none, 1 under way, 2 ended */
	int explained;		/* a miss record closes it */
	int reason;		/* then the index of its reason, else -1 */
};

/* Every point of every plan on every day it runs from .. to (YYYY-MM-DD,
 * inclusive) as seen at now, by plan (in ps order), day and point. */
int plan_outcomes(struct store *, const struct plan_set *, const char *from,
    const char *to, int64_t now, struct plan_outcome **, size_t *,
    struct xf_err *);

/*
 * A miss that needs its reason: a late point, a missed point of a day
 * whose patrol is under way, a day with no patrol (status "missed", no
 * checkpoint) or a day whose patrol ended with points left ("unfinished",
 * no checkpoint). A miss record of the plan, date and checkpoint closes a
 * point's miss; one without a checkpoint closes the whole day.
 */
struct plan_miss {
	char plan[33];
	char *name;		/* the plan's name */
	char village[33];	/* the plan's village, or "" */
	char date[11];
	char checkpoint[33];	/* "" for the whole day */
	int minute;		/* the point's expected time, or -1 */
	int64_t ticked;		/* a late point's tick */
	const char *status;	/* "late", "missed" or "unfinished" */
};

/* The open misses from .. to as seen at now, of plans of a village (its
 * id; NULL for all), by date, plan name and point. */
int plan_misses(struct store *, const char *from, const char *to,
    const char *village, int64_t now, struct plan_miss **, size_t *,
    struct xf_err *);
void plan_misses_free(struct plan_miss *, size_t);

#endif
