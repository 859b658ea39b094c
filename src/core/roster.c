/*
 * Duty rosters (联户轮值). Each duty night is one record of kind roster, so
 * a swap is two edits and two laptops editing the same night conflict on
 * that night only. A night's record id is derived from its group or team
 * and its date: two devices that roster the same night make one record
 * whose versions meet, never two duties for one night.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster.h"

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static int
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Parse a canonical YYYY-MM-DD into a day number. */
int
roster_day(const char *date, int *day)
{
	int y, m, d, n = 0;
	char back[11];

	if (date == NULL || sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    date[n] != '\0' || y < 1970 || y > 9999 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return -1;
	*day = days_from_civil(y, m, d);
	roster_day_format(*day, back);
	return strcmp(back, date) == 0 ? 0 : -1;
}

/* Format a day number as YYYY-MM-DD. */
void
roster_day_format(int day, char out[11])
{
	int z = day + 719468, era, doe, yoe, doy, mp, d, m, y;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

/* The weekday of a day number, Monday first. */
int
roster_weekday(int day)
{
	return ((day % 7) + 7 + 3) % 7;
}

/* Whether an exception keeps the member off duty that day. */
int
roster_excepted(const struct roster_exception *ex, int nex, int member,
    int day)
{
	for (int i = 0; i < nex; i++)
		if (ex[i].member == member && ex[i].from <= day &&
		    day <= ex[i].to)
			return 1;
	return 0;
}

struct rotation_state {
	long long *count;	/* duties in the period */
	long long *avail;	/* days of the period the member can take */
	int *last;		/* last duty day so far */
	long long *gap;		/* days to the member's nearest duty */
};

/* Whether member a should take the night before member b. */
static int
rotation_better(const struct rotation_state *s, int a, int b)
{
	long long l = s->count[a] * s->avail[b];
	long long r = s->count[b] * s->avail[a];

	if (l != r)
		return l < r;
	if (s->gap[a] != s->gap[b])
		return s->gap[a] > s->gap[b];
	return a < b;
}

/* Count what the period holds before any night is given. */
static void
rotation_init(const struct roster_rotation *r, struct rotation_state *s)
{
	for (int m = 0; m < r->nmembers; m++) {
		s->last[m] = r->last_before ? r->last_before[m] : ROSTER_NEVER;
		for (int d = 0; d < r->ndays; d++)
			s->avail[m] += !roster_excepted(r->ex, r->nex, m,
			    r->first + d);
	}
	for (int d = 0; d < r->ndays; d++)
		if (r->duty[d] >= 0 && r->duty[d] < r->nmembers)
			s->count[r->duty[d]]++;
}

/* Days from day d of the period to the member's nearest duty, before it
 * or among the nights already given after it. */
static long long
rotation_gap(const struct roster_rotation *r, const struct rotation_state *s,
    int m, int d)
{
	long long gap = s->last[m] == ROSTER_NEVER ? LLONG_MAX :
	    (long long)r->first + d - s->last[m];

	for (int e = d + 1; e < r->ndays && e - d < gap; e++)
		if (r->duty[e] == m)
			gap = e - d;
	return gap;
}

/* The member to take day d of the period, or -1 if nobody can. */
static int
rotation_pick(const struct roster_rotation *r, struct rotation_state *s,
    int d)
{
	int best = -1;

	for (int m = 0; m < r->nmembers; m++) {
		if (s->avail[m] == 0 ||
		    roster_excepted(r->ex, r->nex, m, r->first + d))
			continue;
		s->gap[m] = rotation_gap(r, s, m, d);
		if (best < 0 || rotation_better(s, m, best))
			best = m;
	}
	return best;
}

/* Give the empty nights of a period fairly; returns nights left empty.
 * The smallest share first keeps members without exceptions within one
 * duty of each other: whoever is picked among them has the fewest. */
int
roster_rotate(struct roster_rotation *r)
{
	struct rotation_state s;
	size_t n = r->nmembers > 0 ? (size_t)r->nmembers : 1;
	int left = 0;

	s.count = xcalloc(n, sizeof *s.count);
	s.avail = xcalloc(n, sizeof *s.avail);
	s.last = xcalloc(n, sizeof *s.last);
	s.gap = xcalloc(n, sizeof *s.gap);
	rotation_init(r, &s);
	for (int d = 0; d < r->ndays; d++) {
		int m = r->duty[d];

		if (m == ROSTER_EMPTY) {
			m = rotation_pick(r, &s, d);
			if (m < 0) {
				left++;
				continue;
			}
			r->duty[d] = m;
			s.count[m]++;
		}
		if (m >= 0 && m < r->nmembers)
			s.last[m] = r->first + d;
	}
	free(s.count);
	free(s.avail);
	free(s.last);
	free(s.gap);
	return left;
}

/* Release what a unit holds. */
void
roster_unit_free(struct roster_unit *u)
{
	for (int i = 0; i < u->nmembers; i++)
		free(u->members[i]);
	free(u->members);
	free(u->ex);
	free(u->name);
	memset(u, 0, sizeof *u);
}

/* The index of a member by name, or -1. */
int
roster_member(const struct roster_unit *u, const char *name)
{
	for (int i = 0; i < u->nmembers; i++)
		if (strcmp(u->members[i], name) == 0)
			return i;
	return -1;
}

/* The first part of each item of a canonical list, in order. */
static void
list_names(const char *canon, struct roster_unit *u)
{
	const char *pos = canon, *item;
	size_t len;

	while ((item = field_list_next(&pos, &len)) != NULL) {
		u->members = xreallocarray(u->members, (size_t)u->nmembers + 1,
		    sizeof *u->members);
		u->members[u->nmembers++] = field_item_strdup(item, len, 0);
	}
}

/* Add one canonical exception item (name, from, to, reason). */
static void
add_exception(struct roster_unit *u, const char *item, size_t len)
{
	char *name = field_item_strdup(item, len, EXCEPTION_P_NAME),
	    *from = field_item_strdup(item, len, EXCEPTION_P_FROM),
	    *to = field_item_strdup(item, len, EXCEPTION_P_TO);
	struct roster_exception e;

	e.member = roster_member(u, name);
	if (e.member >= 0 && roster_day(from, &e.from) == 0 &&
	    roster_day(to, &e.to) == 0) {
		u->ex = xreallocarray(u->ex, (size_t)u->nex + 1, sizeof *u->ex);
		u->ex[u->nex++] = e;
	}
	free(name);
	free(from);
	free(to);
}

/* Read the exceptions list of a unit. */
static void
list_exceptions(const char *canon, struct roster_unit *u)
{
	const char *pos = canon, *item;
	size_t len;

	while ((item = field_list_next(&pos, &len)) != NULL)
		add_exception(u, item, len);
}

/* The list fields of a unit kind: its members and its exceptions. */
static void
unit_fields(const struct kind *k, int *members, int *exceptions)
{
	*members = k->id == KIND_TEAM ? TEAM_F_MEMBERS :
	    HOUSEHOLD_GROUP_F_HOUSEHOLDS;
	*exceptions = k->id == KIND_TEAM ? TEAM_F_EXCEPTIONS :
	    HOUSEHOLD_GROUP_F_EXCEPTIONS;
}

/* Refuse a unit whose members cannot be told apart. */
static int
unit_check(const struct roster_unit *u, struct xf_err *err)
{
	const char *what = u->kind->id == KIND_TEAM ? _("patrol team") :
	    _("household group");

	if (u->nmembers == 0)
		return xf_error(err, _("%s '%s' lists nobody; add them with "
		    "`xunfang edit %.8s %s+=NAME`"), what, u->name, u->hex,
		    u->kind->id == KIND_TEAM ? "members" : "households");
	for (int i = 0; i < u->nmembers; i++)
		if (roster_member(u, u->members[i]) != i)
			return xf_error(err, _("%s '%s' lists '%s' twice; give "
			    "each a name of its own"), what, u->name,
			    u->members[i]);
	return 0;
}

/* Fill a unit from its current record. */
static int
unit_from_record(struct roster_unit *u, const struct kind *k,
    const struct record *r, struct xf_err *err)
{
	int mi, ei, t = kind_title_field(k);

	u->kind = k;
	memcpy(u->rid, r->rid, RID_LEN);
	record_id_hex(r->rid, u->hex);
	u->name = xstrdup(t >= 0 && r->val[t] ? r->val[t] : u->hex);
	u->conflict = r->nheads > 1;
	unit_fields(k, &mi, &ei);
	list_names(r->val[mi], u);
	list_exceptions(r->val[ei], u);
	return unit_check(u, err);
}

/* Load a household group or a team by name or id. */
int
roster_unit_load(struct store *st, int kind, const char *name,
    struct roster_unit *u, struct xf_err *err)
{
	const struct kind *k = kind_by_id(kind);
	struct ref_cache *rc = ref_cache_new(st);
	struct ref_ops ops;
	struct rec_list l;
	const struct record *r;
	unsigned char rid[RID_LEN];
	char hex[33];
	int rv = -1;

	memset(u, 0, sizeof *u);
	ref_cache_ops(rc, &ops);
	if (ops.resolve(ops.ctx, kind, name, hex, err) == 0 &&
	    record_list(st, k, &l, err) == 0) {
		hex_decode(rid, RID_LEN, hex);
		if ((r = rec_list_find(&l, rid)) != NULL)
			rv = unit_from_record(u, k, r, err);
		rec_list_free(&l);
	}
	ref_cache_free(rc);
	if (rv != 0)
		roster_unit_free(u);
	return rv;
}

/* Order duty nights by day, then by record id. */
static int
duty_cmp(const void *a, const void *b)
{
	const struct roster_duty *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return memcmp(x->rec->rid, y->rec->rid, RID_LEN);
}

/* The roster field that names a unit of this kind. */
static int
unit_ref_field(const struct roster_unit *u)
{
	return u->kind->id == KIND_TEAM ? ROSTER_F_TEAM : ROSTER_F_GROUP;
}

/* Whether two values of a field are the same (NULL is empty). */
static int
same_value(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether the heads of a record in conflict differ in any field: two
 * laptops that rostered the same night alike are not in conflict. */
static int
heads_differ(struct store *st, const struct record *r)
{
	const struct record *first = NULL;
	struct rec_list h;
	int differ = 0;

	if (record_history(st, r->rid, &h, NULL) != 0)
		return 1;
	for (size_t i = 0; i < h.n && !differ; i++) {
		if (!h.rows[i].head)
			continue;
		if (first == NULL) {
			first = &h.rows[i];
			continue;
		}
		differ = h.rows[i].tomb != first->tomb;
		for (int f = 0; f <= ROSTER_F_ROSTERED && !differ; f++)
			differ = !same_value(h.rows[i].val[f], first->val[f]);
	}
	rec_list_free(&h);
	return differ;
}

/* Load every duty night of a unit, by date. */
int
roster_duties_load(struct store *st, const struct roster_unit *u,
    struct roster_duties *ds, struct xf_err *err)
{
	int ref = unit_ref_field(u);

	memset(ds, 0, sizeof *ds);
	if (record_list(st, kind_by_id(KIND_ROSTER), &ds->list, err) != 0)
		return -1;
	ds->d = xcalloc(ds->list.n + 1, sizeof *ds->d);
	for (size_t i = 0; i < ds->list.n; i++) {
		const struct record *r = &ds->list.rows[i];
		struct roster_duty *d = &ds->d[ds->n];

		if (r->val[ref] == NULL || strcmp(r->val[ref], u->hex) != 0 ||
		    roster_day(r->val[ROSTER_F_DATE], &d->day) != 0)
			continue;
		d->rec = r;
		d->member = r->val[ROSTER_F_MEMBER] ?
		    roster_member(u, r->val[ROSTER_F_MEMBER]) : -1;
		d->conflict = r->nheads > 1 && heads_differ(st, r);
		ds->n++;
	}
	qsort(ds->d, ds->n, sizeof *ds->d, duty_cmp);
	return 0;
}

/* Release what roster_duties_load loaded. */
void
roster_duties_free(struct roster_duties *ds)
{
	rec_list_free(&ds->list);
	free(ds->d);
	memset(ds, 0, sizeof *ds);
}

/* The (first) duty night of a day, or NULL. */
const struct roster_duty *
roster_duty_on(const struct roster_duties *ds, int day)
{
	for (size_t i = 0; i < ds->n; i++)
		if (ds->d[i].day == day)
			return &ds->d[i];
	return NULL;
}

/* Write vals as the next version of a record, on top of all its heads. */
static int
write_on_heads(struct store *st, const unsigned char *rid, char *const *vals,
    struct xf_err *err)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	struct rec_list h;
	int n = 0, rc;

	if (record_history(st, rid, &h, err) != 0)
		return -1;
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	rc = record_write(st, kind_by_id(KIND_ROSTER), rid,
	    (const unsigned char (*)[VID_LEN])parents, n, vals, 0, NULL, NULL,
	    err);
	rec_list_free(&h);
	return rc;
}

/* The record id of a unit's night: the same on every device. */
static void
night_rid(const struct roster_unit *u, int day, unsigned char rid[RID_LEN])
{
	unsigned char hash[32];
	char msg[80];

	snprintf(msg, sizeof msg, "xunfang roster %s ", u->hex);
	roster_day_format(day, msg + strlen(msg));
	vault_hash((const unsigned char *)msg, strlen(msg), hash);
	memcpy(rid, hash, RID_LEN);
}

/* Write a new planned night for a member. */
static int
write_night(struct store *st, const struct roster_unit *u, int day,
    int member, struct xf_err *err)
{
	char *vals[ROSTER_F_ROSTERED + 1] = {0}, date[11];
	unsigned char rid[RID_LEN];

	roster_day_format(day, date);
	vals[ROSTER_F_DATE] = date;
	vals[unit_ref_field(u)] = (char *)u->hex;
	vals[ROSTER_F_MEMBER] = u->members[member];
	vals[ROSTER_F_STATUS] = (char *)"planned";
	night_rid(u, day, rid);
	return write_on_heads(st, rid, vals, err);
}

/* Each member's last duty day before a period. */
static int *
last_before(const struct roster_unit *u, const struct roster_duties *ds,
    int first)
{
	int *last = xcalloc((size_t)u->nmembers, sizeof *last);

	for (int m = 0; m < u->nmembers; m++)
		last[m] = ROSTER_NEVER;
	for (size_t i = 0; i < ds->n && ds->d[i].day < first; i++)
		if (ds->d[i].member >= 0)
			last[ds->d[i].member] = ds->d[i].day;
	return last;
}

/* Nights of a period as the rotation sees them: held ones fixed. */
static int *
period_duties(const struct roster_duties *ds, int from, int to)
{
	int *duty = xcalloc((size_t)(to - from + 1), sizeof *duty);

	for (int d = 0; d <= to - from; d++)
		duty[d] = ROSTER_EMPTY;
	for (size_t i = 0; i < ds->n; i++)
		if (ds->d[i].day >= from && ds->d[i].day <= to &&
		    duty[ds->d[i].day - from] == ROSTER_EMPTY)
			duty[ds->d[i].day - from] = ds->d[i].member >= 0 ?
			    ds->d[i].member : ROSTER_OTHER;
	return duty;
}

/* Check a period given on the command line. */
static int
period_check(int from, int to, struct xf_err *err)
{
	if (to < from)
		return xf_error(err, _("the period ends before it starts; give "
		    "--from before --to"));
	if (to - from + 1 > ROSTER_MAX_DAYS)
		return xf_error(err, _("a roster covers at most %d nights at a "
		    "time; make it in parts"), ROSTER_MAX_DAYS);
	return 0;
}

/* Write the nights the rotation gave, in one transaction. */
static int
write_period(struct store *st, const struct roster_unit *u, int from,
    const int *before, const int *after, int ndays, struct roster_made *out,
    struct xf_err *err)
{
	if (store_begin(st, err) != 0)
		return -1;
	for (int d = 0; d < ndays; d++) {
		if (before[d] != ROSTER_EMPTY) {
			out->kept++;
			continue;
		}
		if (after[d] == ROSTER_EMPTY) {
			if (out->unfilled++ == 0)
				out->first_unfilled = from + d;
			continue;
		}
		if (write_night(st, u, from + d, after[d], err) != 0) {
			store_rollback(st);
			return -1;
		}
		out->added++;
	}
	return store_commit(st, err);
}

/* Roster a unit's nights over a period, keeping nights already held. */
int
roster_make(struct store *st, const struct roster_unit *u, int from, int to,
    struct roster_made *out, struct xf_err *err)
{
	struct roster_duties ds;
	struct roster_rotation r;
	int *before, rc;

	memset(out, 0, sizeof *out);
	if (period_check(from, to, err) != 0 ||
	    roster_duties_load(st, u, &ds, err) != 0)
		return -1;
	r.nmembers = u->nmembers;
	r.first = from;
	r.ndays = to - from + 1;
	r.ex = u->ex;
	r.nex = u->nex;
	r.last_before = last_before(u, &ds, from);
	r.duty = period_duties(&ds, from, to);
	before = xreallocarray(NULL, (size_t)r.ndays, sizeof *before);
	memcpy(before, r.duty, (size_t)r.ndays * sizeof *before);
	roster_rotate(&r);
	rc = write_period(st, u, from, before, r.duty, r.ndays, out, err);
	free(before);
	free(r.duty);
	free((int *)r.last_before);
	roster_duties_free(&ds);
	return rc;
}

/* Values of a night to edit: pointers into the record, not owned. */
static void
night_vals(const struct record *r, char *vals[ROSTER_F_ROSTERED + 1])
{
	for (int i = 0; i <= ROSTER_F_ROSTERED; i++)
		vals[i] = r->val[i];
}

/* The night of a day that may still change hands, or NULL. */
static const struct roster_duty *
open_night(const struct roster_unit *u, const struct roster_duties *ds,
    int day, struct xf_err *err)
{
	const struct roster_duty *d = roster_duty_on(ds, day);
	char date[11];

	roster_day_format(day, date);
	if (d == NULL) {
		xf_error(err, _("'%s' has no duty on %s; `xunfang roster make` "
		    "rosters it"), u->name, date);
		return NULL;
	}
	if (d->conflict) {
		xf_error(err, _("the duty of '%s' on %s is in conflict; settle "
		    "it first with `xunfang edit ID --resolve`"), u->name, date);
		return NULL;
	}
	return d;
}

/* Check that a night can be swapped and its taker has no exception. */
static int
swap_check(const struct roster_unit *u, const struct roster_duty *d,
    const struct roster_duty *other, struct xf_err *err)
{
	const char *st = d->rec->val[ROSTER_F_STATUS];
	char date[11];

	roster_day_format(d->day, date);
	if (st != NULL && (strcmp(st, "done") == 0 ||
	    strcmp(st, "missed") == 0))
		return xf_error(err, _("the duty on %s is already recorded as "
		    "%s; only planned duties can be swapped"), date,
		    field_choice_label(&kind_by_id(KIND_ROSTER)->fields
		    [ROSTER_F_STATUS], st));
	if (other->member >= 0 && roster_excepted(u->ex, u->nex, other->member,
	    d->day))
		return xf_error(err, _("%s cannot take duty on %s (recorded as "
		    "an exception); choose another night"),
		    other->rec->val[ROSTER_F_MEMBER], date);
	return 0;
}

/* Write one side of a swap: the night goes to the other's member. */
static int
swap_write(struct store *st, const struct roster_duty *d,
    const struct roster_duty *other, struct xf_err *err)
{
	char *vals[ROSTER_F_ROSTERED + 1];

	night_vals(d->rec, vals);
	vals[ROSTER_F_MEMBER] = other->rec->val[ROSTER_F_MEMBER];
	vals[ROSTER_F_STATUS] = (char *)"swapped";
	if (vals[ROSTER_F_ROSTERED] == NULL)
		vals[ROSTER_F_ROSTERED] = d->rec->val[ROSTER_F_MEMBER];
	return write_on_heads(st, d->rec->rid, vals, err);
}

/* Exchange the members of two nights. */
int
roster_swap(struct store *st, const struct roster_unit *u, int day1,
    int day2, struct xf_err *err)
{
	const struct roster_duty *a, *b;
	struct roster_duties ds;
	int rc = -1;

	if (roster_duties_load(st, u, &ds, err) != 0)
		return -1;
	if ((a = open_night(u, &ds, day1, err)) == NULL ||
	    (b = open_night(u, &ds, day2, err)) == NULL)
		goto out;
	if (strcmp(a->rec->val[ROSTER_F_MEMBER],
	    b->rec->val[ROSTER_F_MEMBER]) == 0) {
		rc = xf_error(err, _("%s is on duty on both nights; there is "
		    "nothing to swap"), a->rec->val[ROSTER_F_MEMBER]);
		goto out;
	}
	if (swap_check(u, a, b, err) != 0 || swap_check(u, b, a, err) != 0 ||
	    store_begin(st, err) != 0)
		goto out;
	if (swap_write(st, a, b, err) != 0 || swap_write(st, b, a, err) != 0) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err);
out:
	roster_duties_free(&ds);
	return rc;
}

/* Record a night as done or missed. */
int
roster_mark(struct store *st, const struct roster_unit *u, int day,
    const char *status, const char *note, struct xf_err *err)
{
	const struct roster_duty *d;
	struct roster_duties ds;
	char *vals[ROSTER_F_ROSTERED + 1];
	int rc = -1;

	if (roster_duties_load(st, u, &ds, err) != 0)
		return -1;
	if ((d = open_night(u, &ds, day, err)) != NULL &&
	    store_begin(st, err) == 0) {
		night_vals(d->rec, vals);
		vals[ROSTER_F_STATUS] = (char *)status;
		if (note != NULL)
			vals[ROSTER_F_NOTE] = (char *)note;
		if (write_on_heads(st, d->rec->rid, vals, err) == 0)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	roster_duties_free(&ds);
	return rc;
}

/* Append an exception item to the unit's record (inside a transaction). */
static int
except_record(struct store *st, const struct roster_unit *u,
    const char *item, struct xf_err *err)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	const struct record *cur;
	struct rec_list h;
	char **vals;
	int n = 0, mi, ei, rc;

	if (record_history(st, u->rid, &h, err) != 0)
		return -1;
	cur = record_current(&h);
	unit_fields(u->kind, &mi, &ei);
	vals = xcalloc((size_t)u->kind->nfields, sizeof *vals);
	for (int i = 0; i < u->kind->nfields; i++)
		vals[i] = cur->val[i];
	vals[ei] = cur->val[ei] && *cur->val[ei] ?
	    xasprintf("%s\n%s", cur->val[ei], item) : xstrdup(item);
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	rc = record_write(st, u->kind, u->rid,
	    (const unsigned char (*)[VID_LEN])parents, n, vals, 0, NULL, NULL,
	    err);
	free(vals[ei]);
	free(vals);
	rec_list_free(&h);
	return rc;
}

/* Give a member's open nights in from .. to to others; sets *moved. */
static int
except_move(struct store *st, const struct roster_unit *u,
    const struct roster_duties *ds, int member, int from, int *moved,
    struct xf_err *err)
{
	struct roster_rotation r;
	int to = ds->n ? ds->d[ds->n - 1].day : from, rc = 0;

	if (to < from)
		return 0;
	r.nmembers = u->nmembers;
	r.first = from;
	r.ndays = to - from + 1;
	r.ex = u->ex;
	r.nex = u->nex;
	r.last_before = last_before(u, ds, from);
	r.duty = period_duties(ds, from, to);
	for (int d = 0; d < r.ndays; d++) {
		const struct roster_duty *n = roster_duty_on(ds, from + d);
		const char *s = n ? n->rec->val[ROSTER_F_STATUS] : NULL;

		if (n == NULL)
			r.duty[d] = ROSTER_OTHER;
		else if (n->member == member && roster_excepted(u->ex, u->nex,
		    member, from + d) && s != NULL &&
		    (strcmp(s, "planned") == 0 || strcmp(s, "swapped") == 0))
			r.duty[d] = ROSTER_EMPTY;
	}
	roster_rotate(&r);
	for (int d = 0; d < r.ndays && rc == 0; d++) {
		const struct roster_duty *n = roster_duty_on(ds, from + d);
		char *vals[ROSTER_F_ROSTERED + 1];

		if (n == NULL || n->member != member || r.duty[d] < 0 ||
		    r.duty[d] == member)
			continue;
		night_vals(n->rec, vals);
		vals[ROSTER_F_MEMBER] = u->members[r.duty[d]];
		vals[ROSTER_F_STATUS] = (char *)"planned";
		if (vals[ROSTER_F_ROSTERED] == NULL)
			vals[ROSTER_F_ROSTERED] = n->rec->val[ROSTER_F_MEMBER];
		rc = write_on_heads(st, n->rec->rid, vals, err);
		(*moved)++;
	}
	free(r.duty);
	free((int *)r.last_before);
	return rc;
}

/* Record an exception and move the member's nights it covers. */
int
roster_except(struct store *st, const struct roster_unit *u,
    const char *member, int from, int to, const char *reason, int *moved,
    struct xf_err *err)
{
	struct roster_unit v = *u;
	struct roster_duties ds;
	char f[11], t[11], *item;
	int m = roster_member(u, member), rc;

	*moved = 0;
	if (m < 0)
		return xf_error(err, _("'%s' is not listed in '%s'; check the "
		    "name with `xunfang show %.8s`"), member, u->name, u->hex);
	if (u->conflict)
		return xf_error(err, _("'%s' is in conflict; settle it first "
		    "with `xunfang edit %.8s --resolve`"), u->name, u->hex);
	if (period_check(from, to, err) != 0)
		return -1;
	roster_day_format(from, f);
	roster_day_format(to, t);
	item = xasprintf("%s\t%s\t%s\t%s", member, f, t, reason ? reason : "");
	v.ex = xreallocarray(NULL, (size_t)u->nex + 1, sizeof *v.ex);
	if (u->nex > 0)
		memcpy(v.ex, u->ex, (size_t)u->nex * sizeof *v.ex);
	v.ex[v.nex++] = (struct roster_exception){m, from, to};
	rc = roster_duties_load(st, u, &ds, err);
	if (rc == 0 && (rc = store_begin(st, err)) == 0) {
		rc = except_record(st, u, item, err);
		if (rc == 0)
			rc = except_move(st, &v, &ds, m, from, moved, err);
		if (rc == 0)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	roster_duties_free(&ds);
	free(v.ex);
	free(item);
	return rc;
}

/* Order nights by day, then kind, then unit name. */
static int
tonight_cmp(const void *a, const void *b)
{
	const struct roster_tonight *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->kind->id != y->kind->id)
		return x->kind->id < y->kind->id ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

/* Add one night to the array. */
static void
tonight_add(const struct record *r, int day, const struct ref_ops *ops,
    struct roster_tonight **out, size_t *n)
{
	int ref = r->val[ROSTER_F_GROUP] ? ROSTER_F_GROUP : ROSTER_F_TEAM;
	const struct kind *k = kind_by_id(ref == ROSTER_F_GROUP ?
	    KIND_HOUSEHOLD_GROUP : KIND_TEAM);
	const char *name = ops->name(ops->ctx, k->id, r->val[ref]);
	struct roster_tonight *t;

	*out = xreallocarray(*out, *n + 1, sizeof **out);
	t = &(*out)[(*n)++];
	t->kind = k;
	t->day = day;
	snprintf(t->hex, sizeof t->hex, "%s", r->val[ref]);
	t->unit = xstrdup(name ? name : r->val[ref]);
	t->member = xstrdup(r->val[ROSTER_F_MEMBER] ?
	    r->val[ROSTER_F_MEMBER] : "");
	snprintf(t->status, sizeof t->status, "%s",
	    r->val[ROSTER_F_STATUS] ? r->val[ROSTER_F_STATUS] : "planned");
}

/* Every group's and team's duty from day from to day to. */
int
roster_nights(struct store *st, int from, int to,
    struct roster_tonight **out, size_t *n, struct xf_err *err)
{
	struct ref_cache *rc;
	struct ref_ops ops;
	struct rec_list l;
	int day;

	*out = NULL;
	*n = 0;
	if (record_list(st, kind_by_id(KIND_ROSTER), &l, err) != 0)
		return -1;
	rc = ref_cache_new(st);
	ref_cache_ops(rc, &ops);
	for (size_t i = 0; i < l.n; i++) {
		const struct record *r = &l.rows[i];

		if (roster_day(r->val[ROSTER_F_DATE], &day) == 0 &&
		    day >= from && day <= to &&
		    (r->val[ROSTER_F_GROUP] || r->val[ROSTER_F_TEAM]))
			tonight_add(r, day, &ops, out, n);
	}
	ref_cache_free(rc);
	rec_list_free(&l);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, tonight_cmp);
	return 0;
}

/* Every group's and team's duty on a date, by unit name. */
int
roster_tonight(struct store *st, const char *date,
    struct roster_tonight **out, size_t *n, struct xf_err *err)
{
	int day;

	*out = NULL;
	*n = 0;
	if (roster_day(date, &day) != 0)
		return xf_error(err, _("'%s' is not a date YYYY-MM-DD"), date);
	return roster_nights(st, day, day, out, n, err);
}

/* Release what roster_tonight returned. */
void
roster_tonight_free(struct roster_tonight *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].unit);
		free(t[i].member);
	}
	free(t);
}
