/* Graded disputes: time limits by risk colour, follow-up and closing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dispute.h"
#include "field.h"

#define DAY 86400

/* Red 1 / 7 days, orange 3 / 15, yellow 7 / 30, green 15 / 60. */
void
dispute_limits_default(struct dispute_limits *l)
{
	static const int first[DISPUTE_COLOURS] = {1, 3, 7, 15};
	static const int resolve[DISPUTE_COLOURS] = {7, 15, 30, 60};

	memcpy(l->first, first, sizeof first);
	memcpy(l->resolve, resolve, sizeof resolve);
	l->follow_up_days = DISPUTE_FOLLOW_UP_DAYS;
}

static struct dispute_limits current;
static int current_set;

void
dispute_limits_use(const struct dispute_limits *l)
{
	current = *l;
	current_set = 1;
}

const struct dispute_limits *
dispute_limits_current(void)
{
	if (!current_set) {
		dispute_limits_default(&current);
		current_set = 1;
	}
	return &current;
}

int
dispute_colour(const char *code)
{
	const struct field *f =
	    &kind_by_id(KIND_DISPUTE)->fields[DISPUTE_F_COLOUR];

	for (int i = 0; code != NULL && f->choices[i].code; i++)
		if (strcmp(f->choices[i].code, code) == 0)
			return i < DISPUTE_COLOURS ? i : -1;
	return -1;
}

int
dispute_status_open(const char *s)
{
	return s == NULL || strcmp(s, "reported") == 0 ||
	    strcmp(s, "mediating") == 0;
}

struct sessions {
	int mediations, follow_ups;
	const char *outcome;	/* of the latest follow-up */
	size_t outcome_len;
	int64_t outcome_at;
};

/* Count a session list's mediations and follow-ups. */
static void
sessions_scan(const char *list, struct sessions *s)
{
	const char *pos = list, *item, *p;
	size_t len, plen;

	memset(s, 0, sizeof *s);
	while ((item = field_list_next(&pos, &len)) != NULL) {
		int64_t t;

		p = field_item_part(item, len, SESSION_P_TYPE, &plen);
		if (p == NULL || plen == 0 || (plen == 9 &&
		    memcmp(p, "mediation", 9) == 0)) {
			s->mediations++;
			continue;
		}
		s->follow_ups++;
		p = field_item_part(item, len, SESSION_P_TIME, &plen);
		t = p ? strtoll(p, NULL, 10) : 0;
		p = field_item_part(item, len, SESSION_P_OUTCOME, &plen);
		if (p != NULL && plen > 0 && t >= s->outcome_at) {
			s->outcome = p;
			s->outcome_len = plen;
			s->outcome_at = t;
		}
	}
}

static int
outcome_is(const struct sessions *s, const char *code)
{
	return s->outcome != NULL && s->outcome_len == strlen(code) &&
	    memcmp(s->outcome, code, s->outcome_len) == 0;
}

/* Whole days an age is past a limit of some days, at least one. */
static int
days_past(int64_t age, int limit)
{
	int64_t d = (age - (int64_t)limit * DAY) / DAY;

	return d < 1 ? 1 : (int)d;
}

enum dispute_late
dispute_late(char *const *vals, const struct dispute_limits *l, int64_t now,
    int *days)
{
	int c = dispute_colour(vals[DISPUTE_F_COLOUR]);
	int64_t rep, age;
	struct sessions s;

	*days = 0;
	if (c < 0 || !dispute_status_open(vals[DISPUTE_F_STATUS]) ||
	    vals[DISPUTE_F_REPORTED] == NULL)
		return DISPUTE_IN_TIME;
	rep = strtoll(vals[DISPUTE_F_REPORTED], NULL, 10);
	age = now - rep;
	sessions_scan(vals[DISPUTE_F_SESSIONS], &s);
	if (age > (int64_t)l->resolve[c] * DAY) {
		*days = days_past(age, l->resolve[c]);
		return DISPUTE_LATE_RESOLVE;
	}
	if (s.mediations == 0 && age > (int64_t)l->first[c] * DAY) {
		*days = days_past(age, l->first[c]);
		return DISPUTE_LATE_FIRST;
	}
	return DISPUTE_IN_TIME;
}

static void
set_val(char **vals, int i, const char *v)
{
	free(vals[i]);
	vals[i] = v ? xstrdup(v) : NULL;
}

static int
same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int
dispute_settle(char *const *old, char **vals, const struct dispute_limits *l,
    int64_t now, struct xf_err *err)
{
	const char *was = old ? old[DISPUTE_F_STATUS] : NULL;
	const char *st = vals[DISPUTE_F_STATUS];
	int status_set = !same(was, st) || old == NULL;
	struct sessions before, after;
	char day[11];

	sessions_scan(old ? old[DISPUTE_F_SESSIONS] : NULL, &before);
	sessions_scan(vals[DISPUTE_F_SESSIONS], &after);
	if (after.follow_ups > before.follow_ups && outcome_is(&after,
	    "broken")) {
		/* Reopened at its colour: mediation again, a new follow-up
		 * once it is resolved again. */
		set_val(vals, DISPUTE_F_STATUS, "mediating");
		set_val(vals, DISPUTE_F_FOLLOW_UP, NULL);
		return 0;
	}
	if (after.follow_ups > before.follow_ups && outcome_is(&after,
	    "holds") && st != NULL && (strcmp(st, "resolved") == 0 ||
	    strcmp(st, "closed") == 0)) {
		set_val(vals, DISPUTE_F_STATUS, "closed");
		return 0;
	}
	if (st != NULL && strcmp(st, "closed") == 0 && !same(was, "closed") &&
	    !outcome_is(&after, "holds"))
		return xf_error(err, _("dispute field 'status' (%s): a dispute "
		    "is closed only after a follow-up visit finds the agreement "
		    "holding; add a follow-up session with outcome=holds"),
		    field_label(&kind_by_id(KIND_DISPUTE)->
		    fields[DISPUTE_F_STATUS]));
	if (st != NULL && strcmp(st, "handed_over") == 0 && (same(was,
	    "resolved") || same(was, "closed")))
		return xf_error(err, _("dispute field 'status' (%s): a resolved "
		    "or closed dispute is not handed over; if it has flared up "
		    "again, set status=mediating first"), field_label(
		    &kind_by_id(KIND_DISPUTE)->fields[DISPUTE_F_STATUS]));
	if (after.mediations > before.mediations && !status_set &&
	    st != NULL && strcmp(st, "reported") == 0)
		set_val(vals, DISPUTE_F_STATUS, "mediating");
	st = vals[DISPUTE_F_STATUS];
	if (st != NULL && strcmp(st, "resolved") == 0 && !same(was,
	    "resolved") && (vals[DISPUTE_F_FOLLOW_UP] == NULL ||
	    *vals[DISPUTE_F_FOLLOW_UP] == '\0')) {
		date_format(now + (int64_t)l->follow_up_days * DAY, day);
		set_val(vals, DISPUTE_F_FOLLOW_UP, day);
	}
	return 0;
}
