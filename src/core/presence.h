/*
 * What a patrol's ticks say about where it was (proof of presence): each
 * tick's method, plaque check and fix, and the checks of geo.h against
 * its checkpoint. Computed wherever the patrol is read, from what its
 * device recorded, so a device cannot leave a flag out. Flags never
 * refuse a tick: they are for the station to look at.
 */
#ifndef PRESENCE_H
#define PRESENCE_H

#include "geo.h"
#include "record.h"

struct presence_tick {
	struct geo_tick g;
	char cp[33];		/* the checkpoint's id */
	int scanned;		/* method "scan" */
	char flag[16];		/* the plaque check's code, or "" */
};

struct presence {
	struct presence_tick *t;
	size_t n;
	int scanned, fixed, in_radius, with_cp, flagged;
};

/* The ticks of a patrol's values, checked against the checkpoints (their
 * positions and radii; cps may be NULL). */
void presence_of(char *const *patrol_vals, const struct rec_list *cps,
    struct presence *);
void presence_free(struct presence *);
/* Whether tick i has a flag of any kind. */
int presence_flagged(const struct presence *, size_t i);
/* The lines `show` and the detail view print under a patrol's fields:
 * a summary, then each tick with its fix and flags (translated). */
void presence_lines(const struct presence *, const struct ref_ops *,
    struct buf *out);
/* "out of radius, impossible speed" of a tick's GEO_F_* and plaque flag. */
void presence_flag_words(const struct presence_tick *, struct buf *out);

/* A patrol with a flagged tick. */
struct presence_patrol {
	unsigned char rid[RID_LEN];
	int64_t start;
	char village[33];	/* its village's id, or "" */
	int flagged;		/* its flagged ticks */
	char word[64];		/* the first flag of the first of them, in
				 * words (translated) */
};
/* The patrols started in [since, until) with a flagged tick, the latest
 * first; patrols are read by their day (record_list_period). */
int presence_flagged_since(struct store *, int64_t since, int64_t until,
    struct presence_patrol **, size_t *n, struct xf_err *);

#endif
