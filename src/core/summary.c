/* The home screen's figures, computed from the current records. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dispute.h"
#include "summary.h"

/* Local midnight of the day holding t. */
int64_t
summary_day_start(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Local midnight of the Monday of the week holding t. */
int64_t
summary_week_start(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_mday -= (tm.tm_wday + 6) % 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* The value of field i as a time, or INT64_MIN when empty. */
static int64_t
val_time(const struct record *r, int i)
{
	if (r->val[i] == NULL || r->val[i][0] == '\0')
		return INT64_MIN;
	return (int64_t)strtoll(r->val[i], NULL, 10);
}

/* Local midnight after the day that holds t. */
static int64_t
day_end(int64_t t)
{
	return summary_day_start(summary_day_start(t) + 36 * 3600);
}

/* Count today's and open patrols. */
static void
count_patrols(const struct rec_list *l, int64_t now, struct summary *s)
{
	int64_t day = summary_day_start(now), end = day_end(now),
	    open = now - (int64_t)SUMMARY_OPEN_DAYS * 86400, newest = INT64_MIN;

	for (size_t j = 0; j < l->n; j++) {
		const struct record *r = &l->rows[j];
		int64_t start = val_time(r, PATROL_F_START);

		if (start >= end || start == INT64_MIN)
			continue;
		if (start >= day)
			s->patrols_today++;
		if (val_time(r, PATROL_F_END) == INT64_MIN && start >= open) {
			s->patrols_open++;
			if (start > newest) {
				newest = start;
				s->has_open = 1;
				memcpy(s->open_rid, r->rid, RID_LEN);
			}
		}
	}
}

/* Count open disputes by risk colour, those past their time limit,
 * and the follow-ups of resolved ones that are due. */
static void
count_disputes(const struct rec_list *l, int64_t now, struct summary *s)
{
	char today[11];
	int days;

	date_format(now, today);
	static const char *const colours[RISK_N] = {
		"red", "orange", "yellow", "green"
	};

	for (size_t j = 0; j < l->n; j++) {
		const char *c = l->rows[j].val[DISPUTE_F_COLOUR],
		    *st = l->rows[j].val[DISPUTE_F_STATUS];

		const char *due = l->rows[j].val[DISPUTE_F_FOLLOW_UP];

		if (st != NULL && strcmp(st, "resolved") == 0 && due != NULL &&
		    strcmp(due, today) <= 0) {
			if (strcmp(due, today) == 0)
				s->follow_today++;
			else
				s->follow_overdue++;
		}
		if (dispute_late(l->rows[j].val, dispute_limits_current(), now,
		    &days) != DISPUTE_IN_TIME)
			s->disputes_late++;
		if (st != NULL && (strcmp(st, "resolved") == 0 ||
		    strcmp(st, "handed_over") == 0 ||
		    strcmp(st, "closed") == 0))
			continue;
		for (int i = 0; c != NULL && i < RISK_N; i++)
			if (strcmp(c, colours[i]) == 0)
				s->disputes_open[i]++;
	}
}

/* Count visits since the start of the week. */
static void
count_visits(const struct rec_list *l, int64_t now, struct summary *s)
{
	int64_t week = summary_week_start(now), end = day_end(now);

	for (size_t j = 0; j < l->n; j++) {
		int64_t t = val_time(&l->rows[j], VISIT_F_TIME);

		if (t != INT64_MIN && t >= week && t < end)
			s->visits_week++;
	}
}

/* Compare record ids, for bsearch over the checkpoint list. */
static int
rid_cmp(const void *a, const void *b)
{
	return memcmp(a, b, RID_LEN);
}

/* The checkpoint of a point item passed from the cutoff to the end of
 * today, or NULL: a passage dated later has not happened yet, and the
 * patrols it belongs to are not read. */
static struct record *
point_checked(const struct rec_list *cps, const char *item, size_t len,
    int64_t cutoff, int64_t end)
{
	long long when;
	unsigned char rid[RID_LEN];
	char hex[2 * RID_LEN + 1];
	size_t idlen, tlen;
	const char *id = field_item_part(item, len, POINT_P_CHECKPOINT, &idlen),
	    *t = field_item_part(item, len, POINT_P_TIME, &tlen);

	if (t == NULL || idlen != 2 * RID_LEN)
		return NULL;
	memcpy(hex, id, 2 * RID_LEN);
	hex[2 * RID_LEN] = '\0';
	when = strtoll(t, NULL, 10);
	if (hex_decode(rid, RID_LEN, hex) != 0 || when < cutoff || when >= end)
		return NULL;
	return bsearch(rid, cps->rows, cps->n, sizeof *cps->rows, rid_cmp);
}

/* Mark the checkpoints that patrols passed since the cutoff. */
static void
mark_checked(const struct rec_list *patrols, const struct rec_list *cps,
    int64_t cutoff, int64_t end, unsigned char *seen)
{
	for (size_t j = 0; j < patrols->n; j++) {
		const char *pos = patrols->rows[j].val[PATROL_F_POINTS], *item;
		struct record *hit;
		size_t len;

		while ((item = field_list_next(&pos, &len)) != NULL)
			if ((hit = point_checked(cps, item, len, cutoff,
			    end)) != NULL)
				seen[hit - cps->rows] = 1;
	}
}

/* Count checkpoints not passed for s->stale_days days. */
static void
count_stale(const struct rec_list *patrols, const struct rec_list *cps,
    int64_t now, struct summary *s)
{
	unsigned char *seen = xcalloc(cps->n + 1, 1);

	mark_checked(patrols, cps, now - (int64_t)s->stale_days * 86400,
	    day_end(now), seen);
	s->checkpoints = (int)cps->n;
	for (size_t j = 0; j < cps->n; j++)
		s->checkpoints_stale += !seen[j];
	free(seen);
}

/* What a visit was to: its place, else its household; NULL if neither.
 * *place says which. */
static const char *
visit_target(const struct record *r, int *place)
{
	*place = r->val[VISIT_F_PLACE] != NULL;
	return *place ? r->val[VISIT_F_PLACE] : r->val[VISIT_F_HOUSEHOLD];
}

/* A visit's target and time, to find the last visit to a target. */
struct visit_key {
	const char *target;
	int place;
	int64_t t;
};

/* Order by target, the newest visit first. */
static int
visit_key_cmp(const void *a, const void *b)
{
	const struct visit_key *x = a, *y = b;
	int c = x->place - y->place;

	if (c == 0)
		c = strcmp(x->target, y->target);
	if (c == 0)
		c = (x->t < y->t) - (x->t > y->t);
	return c;
}

/* Order by target alone, for bsearch. */
static int
visit_target_cmp(const void *a, const void *b)
{
	const struct visit_key *x = a, *y = b;
	int c = x->place - y->place;

	return c != 0 ? c : strcmp(x->target, y->target);
}

/* The time of the last visit to a target. */
static int64_t
last_visit(const struct visit_key *keys, size_t n, const struct visit_key *k)
{
	const struct visit_key *hit = bsearch(k, keys, n, sizeof *keys,
	    visit_target_cmp);

	while (hit != NULL && hit > keys &&
	    visit_target_cmp(hit - 1, k) == 0)
		hit--;
	return hit != NULL ? hit->t : INT64_MIN;
}

/* Count the follow-ups due today and overdue, of the visits of the last
 * SUMMARY_FOLLOW_DAYS. */
static void
count_follow_ups(const struct rec_list *l, int64_t now, struct summary *s)
{
	struct visit_key *keys = xcalloc(l->n + 1, sizeof *keys);
	int64_t since = now - (int64_t)SUMMARY_FOLLOW_DAYS * 86400,
	    end = day_end(now);
	size_t n = 0;
	char today[11];

	date_format(now, today);
	for (size_t j = 0; j < l->n; j++) {
		const char *tg = visit_target(&l->rows[j], &keys[n].place);

		if (tg == NULL || val_time(&l->rows[j], VISIT_F_TIME) >= end)
			continue;
		keys[n].target = tg;
		keys[n++].t = val_time(&l->rows[j], VISIT_F_TIME);
	}
	qsort(keys, n, sizeof *keys, visit_key_cmp);
	for (size_t j = 0; j < l->n; j++) {
		const struct record *r = &l->rows[j];
		const char *due = r->val[VISIT_F_FOLLOW_UP];
		struct visit_key k;
		int c;

		if (due == NULL || (c = strcmp(due, today)) > 0 ||
		    val_time(r, VISIT_F_TIME) < since ||
		    val_time(r, VISIT_F_TIME) >= end)
			continue;
		k.target = visit_target(r, &k.place);
		if (k.target != NULL && last_visit(keys, n, &k) >
		    val_time(r, VISIT_F_TIME))
			continue;	/* visited again since */
		if (c == 0)
			s->follow_today++;
		else
			s->follow_overdue++;
	}
	free(keys);
}

/* Count the current warnings and the most pressing ones among them. */
static void
count_warnings(const struct rec_list *l, int64_t now, struct summary *s)
{
	const struct field *lf =
	    &kind_by_id(KIND_WARNING)->fields[WARNING_F_LEVEL];
	const char *top = NULL;
	int64_t newest = INT64_MIN;
	int best = -1;
	char today[11];

	for (const struct choice *c = lf->choices; c->code != NULL; c++)
		top = c->code;
	date_format(now, today);
	for (size_t j = 0; j < l->n; j++) {
		const struct record *r = &l->rows[j];
		const char *until = r->val[WARNING_F_VALID_UNTIL],
		    *lv = r->val[WARNING_F_LEVEL],
		    *title = r->val[WARNING_F_TITLE];
		int64_t issued = val_time(r, WARNING_F_ISSUED);
		int urgent = lv != NULL && top != NULL && strcmp(lv, top) == 0;

		if (issued > now || (until != NULL && strcmp(until, today) < 0))
			continue;
		s->warnings_current++;
		s->warnings_urgent += urgent;
		if (title != NULL && (urgent > best || (urgent == best &&
		    issued > newest))) {
			best = urgent;
			newest = issued;
			snprintf(s->warning_title, sizeof s->warning_title,
			    "%s", title);
		}
	}
}

/* The patrols the figures need: those started from the earliest of
 * today, SUMMARY_OPEN_DAYS back and two days before the stale cutoff
 * (a patrol's passages follow its start within two days), to the end of
 * today. */
static int
load_patrols(struct store *st, int64_t now, int stale_days, int whole,
    struct rec_list *l, struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_PATROL);
	int64_t lo = summary_day_start(now), t;

	if (whole)
		return record_list(st, k, l, err);
	if ((t = now - (int64_t)SUMMARY_OPEN_DAYS * 86400) < lo)
		lo = t;
	if ((t = now - ((int64_t)stale_days + 2) * 86400) < lo)
		lo = t;
	return record_list_period(st, k, record_day_of(lo),
	    record_day_of(day_end(now) - 1), l, err);
}

/* The visits the figures need: those of the last SUMMARY_FOLLOW_DAYS to
 * the end of today (a visit dated later has not happened yet). */
static int
load_visits(struct store *st, int64_t now, int whole, struct rec_list *l,
    struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_VISIT);
	int64_t lo = now - (int64_t)SUMMARY_FOLLOW_DAYS * 86400;

	if (whole)
		return record_list(st, k, l, err);
	return record_list_period(st, k, record_day_of(lo),
	    record_day_of(day_end(now) - 1), l, err);
}

/* Every figure of the summary, as of now. */
static int
compute(struct store *st, int64_t now, int stale_days, int whole,
    struct summary *s, struct xf_err *err)
{
	struct rec_list pat, vis, dis, cps, war;
	int rc = -1;

	memset(s, 0, sizeof *s);
	s->stale_days = stale_days > 0 ? stale_days : SUMMARY_STALE_DAYS;
	if (load_patrols(st, now, s->stale_days, whole, &pat, err) != 0)
		return -1;
	if (load_visits(st, now, whole, &vis, err) != 0)
		goto out_pat;
	if (record_list(st, kind_by_id(KIND_DISPUTE), &dis, err) != 0)
		goto out_vis;
	if (record_list(st, kind_by_id(KIND_CHECKPOINT), &cps, err) != 0)
		goto out_dis;
	if (record_list(st, kind_by_id(KIND_WARNING), &war, err) != 0)
		goto out_cps;
	count_patrols(&pat, now, s);
	count_visits(&vis, now, s);
	count_follow_ups(&vis, now, s);
	count_disputes(&dis, now, s);
	count_stale(&pat, &cps, now, s);
	count_warnings(&war, now, s);
	rc = 0;
	rec_list_free(&war);
out_cps:
	rec_list_free(&cps);
out_dis:
	rec_list_free(&dis);
out_vis:
	rec_list_free(&vis);
out_pat:
	rec_list_free(&pat);
	return rc;
}

int
summary_compute(struct store *st, int64_t now, int stale_days,
    struct summary *s, struct xf_err *err)
{
	return compute(st, now, stale_days, 0, s, err);
}

int
summary_compute_whole(struct store *st, int64_t now, int stale_days,
    struct summary *s, struct xf_err *err)
{
	return compute(st, now, stale_days, 1, s, err);
}
