/* Writing from the UI: a new version on top of every head, in one
 * transaction, so an edit of a record in conflict also settles it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Collect the heads of a record's history as parents. */
static int
heads_of(struct tui *t, const unsigned char *rid,
    unsigned char (*parents)[VID_LEN], struct xf_err *err)
{
	struct rec_list h;
	int n = 0;

	if (record_history(t->st, rid, &h, err) != 0)
		return -1;
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	rec_list_free(&h);
	return n;
}

/* The answer to the clock question: 0 the date is right. */
static void
clock_answer(struct tui *t, void *arg, size_t idx)
{
	(void)arg;
	if (idx == 0) {
		store_clock_accept(t->st);
		tui_message(t, 0, _("New records are stamped with this "
		    "computer's date."));
	} else
		tui_message(t, 1, _("Set the computer's date and time, then "
		    "unlock again; until then nothing new is saved."));
}

/*
 * After unlock: if the wall clock looks wrong against what the store has
 * seen (see store_clock_check), ask before anything is stamped with it.
 * Until the user says the date is right, saving refuses and says why.
 */
void
tui_clock_ask(struct tui *t)
{
	char now[11], then[11], *title, **labels;
	int64_t ref;
	int c = store_clock_check(t->st, &ref);

	if (c == STORE_CLOCK_OK)
		return;
	date_format(time_now(), now);
	date_format(ref, then);
	title = c == STORE_CLOCK_BEHIND ? xasprintf(_("The computer's date is "
	    "%s, before the station's last bundle (%s). Is the date "
	    "right?"), now, then) : xasprintf(_("The computer's date is %s, "
	    "long after anything this store has seen (%s). Is the date "
	    "right?"), now, then);
	labels = xcalloc(2, sizeof *labels);
	labels[0] = xasprintf(_("Yes, %s is today's date"), now);
	labels[1] = xstrdup(_("No: I will set the clock first"));
	pick_open(t, title, labels, 2, clock_answer, NULL, NULL);
	free(title);
}

/* Store a version of a record (rid NULL: a new one). */
int
tui_write(struct tui *t, const struct kind *k, const unsigned char *rid,
    char *const *vals, unsigned char *rid_out)
{
	return tui_write_why(t, k, rid, vals, NULL, rid_out);
}

/* Store a version of a record with the reason it is written. */
int
tui_write_why(struct tui *t, const struct kind *k, const unsigned char *rid,
    char *const *vals, const char *reason, unsigned char *rid_out)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	struct xf_err err;
	char *track = tui_track_text(t, k, rid), **v = (char **)vals;
	int n = 0;

	/* The open patrol's version carries its track so far. */
	if (track != NULL) {
		v = xcalloc((size_t)k->nfields, sizeof *v);
		memcpy(v, vals, (size_t)k->nfields * sizeof *v);
		v[PATROL_F_TRACK] = track;
	}
	if (rid != NULL && (n = heads_of(t, rid, parents, &err)) < 0)
		goto fail;
	if (store_begin(t->st, &err) != 0)
		goto fail;
	if (record_write_why(t->st, k, rid, (const unsigned char (*)[VID_LEN])
	    parents, n, v, 0, reason, rid_out, NULL, &err) != 0) {
		store_rollback(t->st);
		goto fail;
	}
	if (store_commit(t->st, &err) != 0)
		goto fail;
	if (track != NULL)
		t->track.dirty = 0;
	if (track != NULL && v[PATROL_F_END] != NULL)
		tui_track_stop(t);
	if (v != vals)
		free(v);
	free(track);
	t->gen++;
	tui_refs_reset(t);
	return 0;
fail:
	if (v != vals)
		free(v);
	free(track);
	tui_message(t, 1, "%s", err.msg);
	return -1;
}

/* A list that, once it has items, moves a choice on from its first
 * code: a dispute with a mediation session is being mediated. */
static const struct item_follow {
	int kind, list, choice;
	const char *from, *to;
} item_follows[] = {
	{KIND_DISPUTE, DISPUTE_F_SESSIONS, DISPUTE_F_STATUS, "reported",
	    "mediating"},
};

/* List field fi of a record's values may have items: move on the
 * choices it leads to, unless they hold another code or the person set
 * them (keep, may be NULL). Returns 1 if one moved. */
int
tui_vals_follow(const struct kind *k, int fi, char **vals,
    const unsigned char *keep)
{
	int moved = 0;

	for (size_t i = 0; i < XF_ARRAY_LEN(item_follows); i++) {
		const struct item_follow *f = &item_follows[i];
		char **c = &vals[f->choice];

		if (f->kind != k->id || f->list != fi || vals[fi] == NULL ||
		    vals[fi][0] == '\0' || (keep != NULL && keep[f->choice]) ||
		    (*c != NULL && strcmp(*c, f->from) != 0))
			continue;
		free(*c);
		*c = xstrdup(f->to);
		moved = 1;
	}
	return moved;
}

/* Copy n canonical values. */
char **
tui_vals_dup(int n, char *const *vals)
{
	char **c = xcalloc((size_t)n + 1, sizeof *c);

	for (int i = 0; vals != NULL && i < n; i++)
		c[i] = vals[i] ? xstrdup(vals[i]) : NULL;
	return c;
}

/* Free n values and their array. */
void
tui_vals_free(int n, char **vals)
{
	if (vals == NULL)
		return;
	for (int i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
}
