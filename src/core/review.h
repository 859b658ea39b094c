/*
 * The station's reviews of reports: each imported patrol, visit and
 * dispute is marked reviewed, has problems (with what to fix) or returned.
 * A review is a record of kind review, written at the station only, that
 * travels back to the village whose device wrote the report; it stays
 * open there until that device writes a newer version of the report.
 */
#ifndef REVIEW_H
#define REVIEW_H

#include "record.h"

struct review {
	const struct record *rec;	/* the review's current version */
	unsigned char report[RID_LEN];	/* the reviewed record */
	const char *verdict;		/* ok, problem or returned */
	const char *comment;		/* NULL for none */
	uint64_t hlc;			/* stamp of the review's version */
};

/* Every review in the store, by report, oldest first within one. */
struct review_set {
	struct rec_list list;
	struct review *v;
	size_t n;
};

/* A report waiting for the station, or one returned to a device. */
struct review_item {
	const struct record *r;		/* its current version */
	const struct review *review;	/* the newest review; NULL if none */
};

struct review_items {
	struct rec_list lists[3];	/* patrols, visits, disputes */
	struct rec_list *hist;		/* or the histories of the items */
	size_t nhist;
	struct review_set reviews;
	struct review_item *v;
	size_t n;
};

/* Whether records of the kind are reviewed (patrols, visits, disputes). */
int review_kind(int kind);
int review_load(struct store *, struct review_set *, struct xf_err *);
void review_set_free(struct review_set *);
/* The reviews of a report, oldest first (*n of them), or NULL. */
const struct review *review_of(const struct review_set *,
    const unsigned char *report, size_t *n);
/* Whether a review asks the report's writer to act (problem, returned)
 * and no newer version of the report by its device answers it. */
int review_open(const struct review *, const struct rec_list *history);
/* The seconds of a version stamp. */
int64_t review_time(uint64_t hlc);
/* "Station's comment: has problems: TEXT", in the language of the
 * messages (caller frees). */
char *review_text(const struct review *);

/* What a review's values must hold before it is written: a station's
 * store, an account that is not a volunteer's, a comment for a problem
 * or a return. Called by record_write. */
int review_check(struct store *, char *const *vals, int tomb,
    struct xf_err *);
/* Write a review of a report at the station. */
int review_write(struct store *, const unsigned char *report,
    const char *verdict, const char *comment, unsigned char *rid_out,
    struct xf_err *);

/* At the station: the imported reports not reviewed since their last
 * version, oldest first. */
int review_queue(struct store *, struct review_items *, struct xf_err *);
/* The same for the reports dated from days back to tomorrow (UTC days)
 * only, read by their sealed day (the home screen's line): a store of
 * years costs what its last months cost. */
#define REVIEW_RECENT_DAYS 90
int review_queue_recent(struct store *, int64_t now, int days,
    struct review_items *, struct xf_err *);
/* On a device: the reports returned with a problem or returned, not
 * edited since, oldest review first. */
int review_returned(struct store *, struct review_items *, struct xf_err *);
void review_items_free(struct review_items *);
/* At the station: whether the account is a device's volunteer account. */
int review_by_volunteer(struct store *, const unsigned char *uid);

#endif
