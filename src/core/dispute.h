/*
 * Graded disputes (分级分色): each risk colour has a time limit to the
 * first mediation and to resolution; a resolved dispute waits for a
 * follow-up visit (回访) before it is closed, and a follow-up that finds
 * the agreement broken reopens it.
 */
#ifndef DISPUTE_H
#define DISPUTE_H

#include "kind.h"
#include "record.h"

#define DISPUTE_COLOURS 4	/* red, orange, yellow, green */
#define DISPUTE_FOLLOW_UP_DAYS 15

struct dispute_limits {
	int first[DISPUTE_COLOURS];	/* days to the first mediation */
	int resolve[DISPUTE_COLOURS];	/* days to resolution */
	int follow_up_days;		/* resolution to the follow-up */
};

enum dispute_late {
	DISPUTE_IN_TIME,
	DISPUTE_LATE_FIRST,	/* no mediation within the first limit */
	DISPUTE_LATE_RESOLVE,	/* not resolved within the second */
};

void dispute_limits_default(struct dispute_limits *);
/* The limits this process goes by (from the configuration file; the
 * defaults until it is read). */
void dispute_limits_use(const struct dispute_limits *);
const struct dispute_limits *dispute_limits_current(void);
/* The colour's index in the colour list, or -1. */
int dispute_colour(const char *code);
/* Whether a status leaves the dispute open (reported, in mediation). */
int dispute_status_open(const char *status);
/*
 * Whether a dispute, given its values, is past its colour's limit at now;
 * *days set to the days past the limit. Closed, resolved, failed and
 * handed-over disputes are never late.
 */
enum dispute_late dispute_late(char *const *vals,
    const struct dispute_limits *, int64_t now, int *days);
/*
 * The rules of a save: old are the values before (NULL for a new
 * dispute), vals the ones to write, changed in place. A mediation
 * session on a reported dispute makes it 调解中; resolving it schedules
 * the follow-up; a new follow-up that finds the agreement holding closes
 * it, one that finds it broken reopens it at its colour. Closing without
 * such a follow-up, or handing over a resolved or closed one, is refused
 * (-1, err set).
 */
int dispute_settle(char *const *old, char **vals,
    const struct dispute_limits *, int64_t now, struct xf_err *);

#endif
