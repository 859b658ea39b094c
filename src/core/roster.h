/* Duty rosters of household groups and volunteer teams (联户轮值): the
 * rotation, and duty nights as records of kind roster. */
#ifndef ROSTER_H
#define ROSTER_H

#include <limits.h>

#include "record.h"

#define ROSTER_EMPTY	(-1)		/* a night still to be given */
#define ROSTER_OTHER	(-2)		/* a night held by someone not listed */
#define ROSTER_NEVER	INT_MIN		/* no duty before the period */
#define ROSTER_MAX_DAYS	366

/* Day numbers count civil days from 1970-01-01, free of time zones. */
int roster_day(const char *date, int *day);
void roster_day_format(int day, char out[11]);
/* 0 for Monday ... 6 for Sunday. */
int roster_weekday(int day);

/* A stretch of days on which a member cannot take duty. */
struct roster_exception {
	int member;
	int from, to;		/* day numbers, inclusive */
};

/*
 * One rotation over the period first .. first + ndays - 1. duty[] holds a
 * member index for nights already given, ROSTER_OTHER for nights that are
 * not to be touched, ROSTER_EMPTY for nights to give. last_before (may be
 * NULL) holds each member's last duty day before the period.
 */
struct roster_rotation {
	int nmembers;
	int first, ndays;
	const struct roster_exception *ex;
	int nex;
	const int *last_before;
	int *duty;
};

/* Give every empty night to the available member with the smallest share
 * of duties, the least recently on duty first, then in stored order.
 * Returns the number of nights nobody could take. */
int roster_rotate(struct roster_rotation *);
/* Whether an exception keeps the member off duty on that day. */
int roster_excepted(const struct roster_exception *, int nex, int member,
    int day);

/* A household group or volunteer team, as its roster needs it. */
struct roster_unit {
	const struct kind *kind;	/* household_group or team */
	unsigned char rid[RID_LEN];
	char hex[33];
	char *name;
	char **members;
	int nmembers;
	struct roster_exception *ex;
	int nex;
	int conflict;			/* the unit's record is in conflict */
};

/* Load a group (KIND_HOUSEHOLD_GROUP) or team (KIND_TEAM) by name or id. */
int roster_unit_load(struct store *, int kind, const char *name,
    struct roster_unit *, struct xf_err *);
void roster_unit_free(struct roster_unit *);
/* The index of a member by name, or -1. */
int roster_member(const struct roster_unit *, const char *name);

/* One duty night of a unit. */
struct roster_duty {
	int day;
	int member;			/* index in the unit, or -1 */
	int conflict;			/* versions that differ, to settle */
	const struct record *rec;
};

/* The duty nights of a unit, by date. */
struct roster_duties {
	struct rec_list list;
	struct roster_duty *d;
	size_t n;
};

int roster_duties_load(struct store *, const struct roster_unit *,
    struct roster_duties *, struct xf_err *);
void roster_duties_free(struct roster_duties *);
/* The duty night of that day, or NULL. */
const struct roster_duty *roster_duty_on(const struct roster_duties *,
    int day);

/* What roster_make did. */
struct roster_made {
	int added;		/* nights written */
	int kept;		/* nights that were there already */
	int unfilled;		/* nights nobody could take */
	int first_unfilled;	/* day number of the first of those */
};

/* Roster the unit's nights from .. to (one transaction). Nights that
 * exist are kept, so making a period twice adds nothing. */
int roster_make(struct store *, const struct roster_unit *, int from,
    int to, struct roster_made *, struct xf_err *);
/* Exchange the members of two nights: exactly two new versions. */
int roster_swap(struct store *, const struct roster_unit *, int day1,
    int day2, struct xf_err *);
/* Record a night as done or missed, with an optional note. */
int roster_mark(struct store *, const struct roster_unit *, int day,
    const char *status, const char *note, struct xf_err *);
/* Record that a member cannot take duty from .. to, and give that
 * member's planned nights in the stretch to others. Sets *moved. */
int roster_except(struct store *, const struct roster_unit *,
    const char *member, int from, int to, const char *reason, int *moved,
    struct xf_err *);

/* One unit's duty on a night, for the home screen. */
struct roster_tonight {
	int day;
	const struct kind *kind;	/* household_group or team */
	char hex[33];			/* the group's or team's id */
	char *unit;
	char *member;
	char status[16];
};

/* Every group's and team's duty on a date (YYYY-MM-DD), by unit name. */
int roster_tonight(struct store *, const char *date,
    struct roster_tonight **, size_t *, struct xf_err *);
/* Every group's and team's duty from .. to (day numbers), by day. */
int roster_nights(struct store *, int from, int to,
    struct roster_tonight **, size_t *, struct xf_err *);
void roster_tonight_free(struct roster_tonight *, size_t);

#endif
