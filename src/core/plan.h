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
};

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

#endif
