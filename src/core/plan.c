/*
 * Patrol plans: a route of checkpoints with expected times, run on some
 * weekdays. A patrol started from a plan names it in its plan field; the
 * checkpoints it passes go in its points list as usual, so coverage
 * compares the points list against the plans.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "roster.h"

static const char *const day_codes[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* "HH:MM" (or "H:MM") into minutes after midnight, or -1. */
int
plan_minute(const char *s)
{
	int h, m, n = 0;

	if (s == NULL || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 ||
	    s[n] != '\0' || h < 0 || h > 23 || m < 0 || m > 59 ||
	    strlen(s) < 4 || s[n - 3] != ':')
		return -1;
	return h * 60 + m;
}

/* The weekday bits of a canonical days list. */
static unsigned
parse_days(const char *canon)
{
	unsigned bits = 0;
	const char *pos = canon, *p;
	size_t len;

	while ((p = field_list_next(&pos, &len)) != NULL)
		for (int i = 0; i < 7; i++)
			if (len == 3 && strncmp(p, day_codes[i], 3) == 0)
				bits |= 1u << i;
	return bits;
}

/* Read one canonical point item ("id\tHH:MM"); -1 on a bad time. */
static int
parse_point(const char *item, size_t len, struct plan_point *pt)
{
	size_t idlen, tlen;
	const char *id = field_item_part(item, len, PLAN_POINT_P_CHECKPOINT,
	    &idlen);
	char *time;

	snprintf(pt->checkpoint, sizeof pt->checkpoint, "%.*s", (int)idlen,
	    id);
	pt->minute = -1;
	if (field_item_part(item, len, PLAN_POINT_P_TIME, &tlen) == NULL ||
	    tlen == 0)
		return 0;
	time = field_item_strdup(item, len, PLAN_POINT_P_TIME);
	pt->minute = plan_minute(time);
	free(time);
	return pt->minute < 0 ? -1 : 0;
}

/* Read a plan record into a plan; a bad time is kept as no time. */
void
plan_parse(const struct record *r, struct plan *p)
{
	const char *pos = r->val[PLAN_F_POINTS], *s;
	size_t len;

	memset(p, 0, sizeof *p);
	p->rec = r;
	record_id_hex(r->rid, p->hex);
	p->name = r->val[PLAN_F_NAME] ? r->val[PLAN_F_NAME] : p->hex;
	p->days = parse_days(r->val[PLAN_F_DAYS]);
	p->grace = r->val[PLAN_F_GRACE] ? atoi(r->val[PLAN_F_GRACE]) :
	    PLAN_GRACE_DEFAULT;
	while ((s = field_list_next(&pos, &len)) != NULL) {
		p->pts = xreallocarray(p->pts, (size_t)p->npts + 1,
		    sizeof *p->pts);
		if (parse_point(s, len, &p->pts[p->npts++]) != 0 &&
		    p->bad == 0)
			p->bad = p->npts;
	}
}

/* Name the plan's first bad expected time, if it has one. */
int
plan_check(const struct plan *p, struct xf_err *err)
{
	if (p->bad == 0)
		return 0;
	return xf_error(err, _("plan '%s', point %d: the expected time is not "
	    "a time of day; write HH:MM, for example 22:30, with `xunfang "
	    "edit %.8s points=...`"), p->name, p->bad, p->hex);
}

/* Release what plan_parse allocated. */
void
plan_free(struct plan *p)
{
	free(p->pts);
	p->pts = NULL;
	p->npts = 0;
}

/* Whether the plan runs on a day number. */
int
plan_runs_on(const struct plan *p, int day)
{
	return p->days == 0 || (p->days >> roster_weekday(day)) & 1u;
}

/* Load and read every plan. */
int
plan_set_load(struct store *st, struct plan_set *ps, struct xf_err *err)
{
	memset(ps, 0, sizeof *ps);
	if (record_list(st, kind_by_id(KIND_PLAN), &ps->list, err) != 0)
		return -1;
	ps->p = xcalloc(ps->list.n + 1, sizeof *ps->p);
	for (size_t i = 0; i < ps->list.n; i++)
		plan_parse(&ps->list.rows[i], &ps->p[ps->n++]);
	return 0;
}

/* Release what plan_set_load loaded. */
void
plan_set_free(struct plan_set *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		plan_free(&ps->p[i]);
	free(ps->p);
	rec_list_free(&ps->list);
	memset(ps, 0, sizeof *ps);
}

/* Add n planned visits of a checkpoint to the tally. */
static void
tally(struct plan_visits **v, size_t *n, const char *hex, int count)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].checkpoint, hex) == 0) {
			(*v)[i].planned += count;
			return;
		}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	snprintf((*v)[*n].checkpoint, sizeof (*v)[*n].checkpoint, "%s", hex);
	(*v)[(*n)++].planned = count;
}

/* Order planned visits by checkpoint id. */
static int
visits_cmp(const void *a, const void *b)
{
	return strcmp(((const struct plan_visits *)a)->checkpoint,
	    ((const struct plan_visits *)b)->checkpoint);
}

/* Read a period of two canonical dates into day numbers. */
static int
period_days(const char *from, const char *to, int *f, int *t,
    struct xf_err *err)
{
	if (roster_day(from, f) != 0 || roster_day(to, t) != 0)
		return xf_error(err, _("'%s' to '%s' is not a period of two "
		    "dates YYYY-MM-DD"), from, to);
	if (*t < *f)
		return xf_error(err, _("the period ends before it starts; give "
		    "--from before --to"));
	return 0;
}

/* Planned visits per checkpoint over a period, by checkpoint id. */
int
plan_planned_visits(struct store *st, const char *from, const char *to,
    struct plan_visits **out, size_t *n, struct xf_err *err)
{
	struct plan_set ps;
	int f, t;

	*out = NULL;
	*n = 0;
	if (period_days(from, to, &f, &t, err) != 0 ||
	    plan_set_load(st, &ps, err) != 0)
		return -1;
	for (size_t i = 0; i < ps.n; i++) {
		int days = 0;

		for (int d = f; d <= t; d++)
			days += plan_runs_on(&ps.p[i], d);
		for (int j = 0; j < ps.p[i].npts && days > 0; j++)
			tally(out, n, ps.p[i].pts[j].checkpoint, days);
	}
	plan_set_free(&ps);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, visits_cmp);
	return 0;
}

struct day_patrols {
	struct rec_list list;
	int plan, start, end;		/* patrol field indexes */
	int64_t t0, t1;			/* the day, local time */
};

/* How far the day's patrols from a plan got: 0 none, 1 under way, 2 ended. */
static int
plan_progress(const struct day_patrols *dp, const char *hex)
{
	int best = 0;

	for (size_t i = 0; i < dp->list.n; i++) {
		char *const *v = dp->list.rows[i].val;
		int64_t start;

		if (v[dp->plan] == NULL || strcmp(v[dp->plan], hex) != 0 ||
		    v[dp->start] == NULL)
			continue;
		start = (int64_t)strtoll(v[dp->start], NULL, 10);
		if (start < dp->t0 || start >= dp->t1)
			continue;
		if (v[dp->end] != NULL)
			return 2;
		best = 1;
	}
	return best;
}

/* The patrols that started on days f to t (a plan's patrols start on
 * the day they serve), read by their sealed day. */
static int
patrols_of_days(struct store *st, int f, int t, struct rec_list *l,
    struct xf_err *err)
{
	char d0[11], d1[11];

	roster_day_format(f, d0);
	roster_day_format(t + 1, d1);
	return record_list_period(st, kind_by_id(KIND_PATROL),
	    record_day_of(date_start(d0)), record_day_of(date_start(d1) - 1),
	    l, err);
}

/* Load the patrols that started on a day, and its bounds. */
static int
day_patrols_load(struct store *st, int day, struct day_patrols *dp,
    struct xf_err *err)
{
	char d0[11], d1[11];

	roster_day_format(day, d0);
	roster_day_format(day + 1, d1);
	dp->t0 = date_start(d0);
	dp->t1 = date_start(d1);
	dp->plan = PATROL_F_PLAN;
	dp->start = PATROL_F_START;
	dp->end = PATROL_F_END;
	return patrols_of_days(st, day, day, &dp->list, err);
}

/* Order due plans by first expected time, then name. */
static int
due_cmp(const void *a, const void *b)
{
	const struct plan_due *x = a, *y = b;

	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Add a plan to the due list. */
static void
due_add(const struct plan *p, int started, struct plan_due **out, size_t *n)
{
	struct plan_due *d;

	*out = xreallocarray(*out, *n + 1, sizeof **out);
	d = &(*out)[(*n)++];
	memcpy(d->hex, p->hex, sizeof d->hex);
	d->name = xstrdup(p->name);
	d->minute = p->npts > 0 ? p->pts[0].minute : -1;
	d->npoints = p->npts;
	d->started = started;
}

/* Plans that run on a date and are not yet patrolled to their end. */
int
plan_due(struct store *st, const char *date, struct plan_due **out,
    size_t *n, struct xf_err *err)
{
	struct day_patrols dp;
	struct plan_set ps;
	int day, progress;

	*out = NULL;
	*n = 0;
	if (roster_day(date, &day) != 0)
		return xf_error(err, _("'%s' is not a date YYYY-MM-DD"), date);
	if (plan_set_load(st, &ps, err) != 0)
		return -1;
	if (ps.n == 0) {
		plan_set_free(&ps);
		return 0;
	}
	if (day_patrols_load(st, day, &dp, err) != 0) {
		plan_set_free(&ps);
		return -1;
	}
	for (size_t i = 0; i < ps.n; i++) {
		if (!plan_runs_on(&ps.p[i], day))
			continue;
		progress = plan_progress(&dp, ps.p[i].hex);
		if (progress < 2)
			due_add(&ps.p[i], progress, out, n);
	}
	rec_list_free(&dp.list);
	plan_set_free(&ps);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, due_cmp);
	return 0;
}

/* Release what plan_due returned. */
void
plan_due_free(struct plan_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}

/* The canonical members list of the plan's team, or NULL. */
static char *
team_members(struct store *st, const char *hex)
{
	const struct kind *k = kind_by_id(KIND_TEAM);
	unsigned char rid[RID_LEN];
	const struct record *r;
	struct rec_list l;
	char *out = NULL;

	if (hex == NULL || hex_decode(rid, RID_LEN, hex) != 0 ||
	    record_list(st, k, &l, NULL) != 0)
		return NULL;
	if ((r = rec_list_find(&l, rid)) != NULL &&
	    r->val[TEAM_F_MEMBERS] != NULL)
		out = xstrdup(r->val[TEAM_F_MEMBERS]);
	rec_list_free(&l);
	return out;
}

/* Fill a new patrol's values from a plan. */
void
plan_patrol_values(struct store *st, const struct plan *p, char **vals)
{
	char *const *pv = p->rec->val;

	if (pv[PLAN_F_TYPE] != NULL)
		vals[PATROL_F_TYPE] = xstrdup(pv[PLAN_F_TYPE]);
	if (pv[PLAN_F_VILLAGE] != NULL)
		vals[PATROL_F_VILLAGE] = xstrdup(pv[PLAN_F_VILLAGE]);
	vals[PATROL_F_TEAM] = team_members(st, pv[PLAN_F_TEAM]);
	vals[PATROL_F_ROUTE] = xstrdup(p->name);
	vals[PATROL_F_PLAN] = xstrdup(p->hex);
}

/* The index of a checkpoint in the route being built, or -1. */
static long
route_find(const struct patrol_route *r, const char *hex)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->p[i].checkpoint, hex) == 0)
			return (long)i;
	return -1;
}

/* Append checkpoint c (a current record) unless it is there already. */
static void
route_add(struct patrol_route *r, const struct record *c)
{
	char hex[33];
	const char *name;

	record_id_hex(c->rid, hex);
	if (route_find(r, hex) >= 0)
		return;
	name = c->val[CHECKPOINT_F_NAME] ? c->val[CHECKPOINT_F_NAME] : hex;
	r->p = xreallocarray(r->p, r->n + 1, sizeof *r->p);
	memcpy(r->p[r->n].checkpoint, hex, sizeof hex);
	r->p[r->n].name = xstrdup(name);
	r->p[r->n++].ticked = 0;
}

/* The checkpoint with this id in a list of checkpoints, or NULL. */
static const struct record *
checkpoint_find(const struct rec_list *l, const char *hex)
{
	unsigned char rid[RID_LEN];

	if (hex_decode(rid, sizeof rid, hex) != 0)
		return NULL;
	return rec_list_find(l, rid);
}

/* Whether checkpoint c lies in the village (an id in hex). */
static int
in_village(const struct record *c, const char *village)
{
	return village != NULL && c->val[CHECKPOINT_F_VILLAGE] != NULL &&
	    strcmp(c->val[CHECKPOINT_F_VILLAGE], village) == 0;
}

/* Put the plan's points (plan: an id in hex) at the head of the route;
 * 0 when the plan is not found. */
static int
route_from_plan(struct store *st, const char *plan,
    const struct rec_list *cps, struct patrol_route *r, struct xf_err *err)
{
	struct plan_set ps;
	int found = 0;

	if (plan_set_load(st, &ps, err) != 0)
		return -1;
	for (size_t i = 0; i < ps.n && !found; i++) {
		if (strcmp(ps.p[i].hex, plan) != 0)
			continue;
		found = 1;
		for (int j = 0; j < ps.p[i].npts; j++) {
			const struct record *c = checkpoint_find(cps,
			    ps.p[i].pts[j].checkpoint);

			if (c != NULL)
				route_add(r, c);
		}
	}
	plan_set_free(&ps);
	return found;
}

/* Mark the route's points with the first time the patrol ticked them. */
static void
route_ticks(struct patrol_route *r, const char *points)
{
	const char *pos = points, *item;
	size_t len, idlen;

	while ((item = field_list_next(&pos, &len)) != NULL) {
		const char *id = field_item_part(item, len,
		    POINT_P_CHECKPOINT, &idlen);
		char hex[33], *at;
		long i;
		long long v;

		if (id == NULL || idlen != 32)
			continue;
		memcpy(hex, id, 32);
		hex[32] = '\0';
		if ((i = route_find(r, hex)) < 0 || r->p[i].ticked != 0)
			continue;
		at = field_item_strdup(item, len, POINT_P_TIME);
		v = at ? strtoll(at, NULL, 10) : 0;
		r->p[i].ticked = v > 0 ? (int64_t)v : 1;
		free(at);
	}
}

/* Lay out a patrol's checkpoints: its route first, ticks marked. */
int
patrol_route(struct store *st, char *const *pv, struct patrol_route *r,
    struct xf_err *err)
{
	struct rec_list cps;
	const char *village = pv[PATROL_F_VILLAGE];
	int from_plan = 0;

	memset(r, 0, sizeof *r);
	if (record_list(st, kind_by_id(KIND_CHECKPOINT), &cps, err) != 0)
		return -1;
	if (pv[PATROL_F_PLAN] != NULL &&
	    (from_plan = route_from_plan(st, pv[PATROL_F_PLAN], &cps, r,
	    err)) < 0) {
		rec_list_free(&cps);
		return -1;
	}
	if (from_plan)
		r->nroute = r->n;
	for (size_t i = 0; i < cps.n; i++)
		if (in_village(&cps.rows[i], village))
			route_add(r, &cps.rows[i]);
	if (!from_plan)
		r->nroute = r->n;
	for (size_t i = 0; i < cps.n; i++)
		route_add(r, &cps.rows[i]);
	rec_list_free(&cps);
	route_ticks(r, pv[PATROL_F_POINTS]);
	for (size_t i = 0; i < r->nroute; i++)
		r->ndone += r->p[i].ticked != 0;
	return 0;
}

/* Release what patrol_route allocated. */
void
patrol_route_free(struct patrol_route *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->p[i].name);
	free(r->p);
	memset(r, 0, sizeof *r);
}

/* The records plan_outcomes reads besides the plans, and the patrols
 * from the plan being looked at. */
struct outcome_data {
	struct rec_list patrols, misses;
	size_t *mine, nmine;
};

/* Order tick times. */
static int
tick_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The nth tick (from 0, in time order) of a checkpoint by the plan's
 * patrols started in [t0, t1), or 0; and how far they got (0 none, 1
 * under way, 2 one ended). A checkpoint a route passes twice takes its
 * first tick for its first passage, its second for its second. */
static int64_t
nth_tick(const struct outcome_data *od, int64_t t0, int64_t t1,
    const char *checkpoint, int nth, int *progress)
{
	int64_t *ticks = NULL, best = 0;
	size_t nt = 0, cplen = strlen(checkpoint);

	*progress = 0;
	for (size_t i = 0; i < od->nmine; i++) {
		char *const *v = od->patrols.rows[od->mine[i]].val;
		const char *pos = v[PATROL_F_POINTS], *item;
		int64_t start = (int64_t)strtoll(v[PATROL_F_START], NULL, 10);
		size_t len, plen;

		if (start < t0 || start >= t1)
			continue;
		if (v[PATROL_F_END] != NULL)
			*progress = 2;
		else if (*progress == 0)
			*progress = 1;
		while ((item = field_list_next(&pos, &len)) != NULL) {
			const char *id = field_item_part(item, len,
			    POINT_P_CHECKPOINT, &plen), *tp;
			size_t tlen;
			char tb[24];

			if (id == NULL || plen != cplen ||
			    strncmp(id, checkpoint, plen) != 0 ||
			    (tp = field_item_part(item, len, POINT_P_TIME,
			    &tlen)) == NULL || tlen == 0 || tlen >= sizeof tb)
				continue;
			snprintf(tb, sizeof tb, "%.*s", (int)tlen, tp);
			ticks = xreallocarray(ticks, nt + 1, sizeof *ticks);
			ticks[nt++] = (int64_t)strtoll(tb, NULL, 10);
		}
	}
	if (nt > 1)
		qsort(ticks, nt, sizeof *ticks, tick_cmp);
	if ((size_t)nth < nt)
		best = ticks[nth];
	free(ticks);
	return best;
}

/* The index of a miss record's reason in the kind's list, or -1. */
static int
reason_index(const char *code)
{
	const struct field *f =
	    &kind_by_id(KIND_MISS)->fields[MISS_F_REASON];

	for (int i = 0; code != NULL && f->choices[i].code; i++)
		if (strcmp(f->choices[i].code, code) == 0)
			return i;
	return -1;
}

/* Whether a miss record closes a plan's day (checkpoint "") or point:
 * the lowest index of the reasons of those that do, or -1 if none. */
static int
miss_closed(const struct outcome_data *od, const char *plan,
    const char *date, const char *checkpoint)
{
	int best = -1;

	for (size_t i = 0; i < od->misses.n; i++) {
		char *const *v = od->misses.rows[i].val;
		const char *cp = v[MISS_F_CHECKPOINT];
		int r;

		if (v[MISS_F_PLAN] == NULL || v[MISS_F_DATE] == NULL ||
		    strcmp(v[MISS_F_PLAN], plan) != 0 ||
		    strcmp(v[MISS_F_DATE], date) != 0)
			continue;
		if (cp != NULL && (checkpoint[0] == '\0' ||
		    strcmp(cp, checkpoint) != 0))
			continue;
		r = reason_index(v[MISS_F_REASON]);
		if (r < 0)
			r = 0;
		if (best < 0 || r < best)
			best = r;
	}
	return best;
}

/* The outcomes of one plan on one day, appended. */
static void
plan_day(const struct outcome_data *od, const struct plan *p, int day,
    int64_t now, struct plan_outcome **out, size_t *n)
{
	char date[11], next[11];
	int64_t t0, t1;

	roster_day_format(day, date);
	roster_day_format(day + 1, next);
	t0 = date_start(date);
	t1 = date_start(next);
	for (int i = 0; i < p->npts; i++) {
		struct plan_outcome *o;
		int m = p->pts[i].minute, nth = 0;
		int64_t due = m < 0 ? t1 : t0 + ((int64_t)m + p->grace) * 60;

		*out = xreallocarray(*out, *n + 1, sizeof **out);
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof *o);
		o->plan = p;
		memcpy(o->date, date, sizeof o->date);
		o->point = i;
		for (int j = 0; j < i; j++)
			nth += strcmp(p->pts[j].checkpoint,
			    p->pts[i].checkpoint) == 0;
		o->ticked = nth_tick(od, t0, t1, p->pts[i].checkpoint, nth,
		    &o->progress);
		if (o->ticked != 0)
			o->mark = o->ticked <= due ? PM_ON_TIME : PM_LATE;
		else if (o->progress == 2 || now >= due)
			o->mark = PM_MISSED;
		else
			o->mark = PM_PENDING;
		o->reason = o->mark == PM_LATE || o->mark == PM_MISSED ?
		    miss_closed(od, p->hex, date, p->pts[i].checkpoint) : -1;
		o->explained = o->reason >= 0;
	}
}

/* Every point of the plans on the days they run in a period. */
int
plan_outcomes(struct store *st, const struct plan_set *ps, const char *from,
    const char *to, int64_t now, struct plan_outcome **out, size_t *n,
    struct xf_err *err)
{
	struct outcome_data od;
	int f, t;

	*out = NULL;
	*n = 0;
	if (period_days(from, to, &f, &t, err) != 0)
		return -1;
	memset(&od, 0, sizeof od);
	if (patrols_of_days(st, f, t, &od.patrols, err) != 0)
		return -1;
	if (record_list(st, kind_by_id(KIND_MISS), &od.misses, err) != 0) {
		rec_list_free(&od.patrols);
		return -1;
	}
	od.mine = xcalloc(od.patrols.n + 1, sizeof *od.mine);
	for (size_t i = 0; i < ps->n; i++) {
		od.nmine = 0;
		for (size_t j = 0; j < od.patrols.n; j++) {
			char *const *v = od.patrols.rows[j].val;

			if (v[PATROL_F_PLAN] != NULL && v[PATROL_F_START] &&
			    strcmp(v[PATROL_F_PLAN], ps->p[i].hex) == 0)
				od.mine[od.nmine++] = j;
		}
		for (int d = f; d <= t; d++)
			if (plan_runs_on(&ps->p[i], d))
				plan_day(&od, &ps->p[i], d, now, out, n);
	}
	free(od.mine);
	rec_list_free(&od.patrols);
	rec_list_free(&od.misses);
	return 0;
}

/* Add an open miss to the list. */
static void
miss_add(const struct plan_outcome *o, const char *status, int whole_day,
    struct plan_miss **out, size_t *n)
{
	const struct plan *p = o->plan;
	const char *v = p->rec->val[PLAN_F_VILLAGE];
	struct plan_miss *m;

	*out = xreallocarray(*out, *n + 1, sizeof **out);
	m = &(*out)[(*n)++];
	memset(m, 0, sizeof *m);
	memcpy(m->plan, p->hex, sizeof m->plan);
	m->name = xstrdup(p->name);
	snprintf(m->village, sizeof m->village, "%s", v ? v : "");
	memcpy(m->date, o->date, sizeof m->date);
	m->minute = -1;
	if (!whole_day) {
		memcpy(m->checkpoint, p->pts[o->point].checkpoint,
		    sizeof m->checkpoint);
		m->minute = p->pts[o->point].minute;
		m->ticked = o->ticked;
	}
	m->status = status;
}

/* Misses by date, plan name, then point (the whole day first). */
static int
miss_cmp(const void *a, const void *b)
{
	const struct plan_miss *x = a, *y = b;
	int c;

	if ((c = strcmp(x->date, y->date)) != 0 ||
	    (c = strcmp(x->name, y->name)) != 0 ||
	    (c = strcmp(x->plan, y->plan)) != 0)
		return c;
	return (x->minute > y->minute) - (x->minute < y->minute);
}

/* The misses of one plan's day (outcomes o[0..npts)), open ones added. */
static void
day_misses(const struct plan_outcome *o, int npts, struct plan_miss **out,
    size_t *n)
{
	int missed = 0;

	for (int i = 0; i < npts; i++)
		missed += o[i].mark == PM_MISSED;
	if (npts > 0 && (o[0].progress == 0 || o[0].progress == 2) &&
	    missed > 0) {
		/* One miss for the day: no patrol, or one that stopped. */
		struct plan_outcome day = o[0];
		int closed = 1;

		for (int i = 0; i < npts; i++)
			if (o[i].mark == PM_MISSED && !o[i].explained)
				closed = 0;
		if (!closed)
			miss_add(&day, o[0].progress == 0 ? "missed" :
			    "unfinished", 1, out, n);
		for (int i = 0; i < npts; i++)
			if (o[i].mark == PM_LATE && !o[i].explained)
				miss_add(&o[i], "late", 0, out, n);
		return;
	}
	for (int i = 0; i < npts; i++)
		if ((o[i].mark == PM_LATE || o[i].mark == PM_MISSED) &&
		    !o[i].explained)
			miss_add(&o[i], o[i].mark == PM_LATE ? "late" :
			    "missed", 0, out, n);
}

/* The open misses of a period. */
int
plan_misses(struct store *st, const char *from, const char *to,
    const char *village, int64_t now, struct plan_miss **out, size_t *n,
    struct xf_err *err)
{
	struct plan_outcome *o;
	struct plan_set ps;
	size_t no, i, j;

	*out = NULL;
	*n = 0;
	if (plan_set_load(st, &ps, err) != 0)
		return -1;
	if (plan_outcomes(st, &ps, from, to, now, &o, &no, err) != 0) {
		plan_set_free(&ps);
		return -1;
	}
	for (i = 0; i < no; i = j) {
		const char *v = o[i].plan->rec->val[PLAN_F_VILLAGE];

		for (j = i + 1; j < no && o[j].plan == o[i].plan &&
		    strcmp(o[j].date, o[i].date) == 0; j++)
			;
		if (village == NULL || (v != NULL && strcmp(v, village) == 0))
			day_misses(&o[i], (int)(j - i), out, n);
	}
	free(o);
	plan_set_free(&ps);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, miss_cmp);
	return 0;
}

/* Release what plan_misses returned. */
void
plan_misses_free(struct plan_miss *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}
