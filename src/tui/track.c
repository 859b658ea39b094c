/*
 * Positions in the UI: the gpsd connection the loop reads without
 * waiting, the fix a tick or observation takes, and the track of the
 * open patrol this device is on, added to on the way (a point every 30 s
 * or 25 m) and written with the patrol's next version.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

void
tui_gps_poll(struct tui *t)
{
	struct geo_fix f;

	if (t->gps == NULL || !gps_poll(t->gps, 0) || !t->track.on)
		return;
	gps_fix(t->gps, &f);
	if (geo_track_add(&t->track.tr, &f, time_now()))
		t->track.dirty = 1;
}

void
tui_gps_fix(struct tui *t, struct geo_fix *f)
{
	if (t->gps == NULL) {
		memset(f, 0, sizeof *f);
		f->state = GEO_OFF;
		return;
	}
	gps_poll(t->gps, 0);
	gps_fix(t->gps, f);
}

void
tui_fix_parts(struct tui *t, const char **parts)
{
	struct geo_fix f;

	tui_gps_fix(t, &f);
	geo_fix_parts(&f, &t->track.parts);
	memcpy(parts, t->track.parts.p, sizeof t->track.parts.p);
}

/* Whether the patrol was started on this device: a patrol another device
 * wrote is never given this one's positions. */
static int
started_here(struct tui *t, const struct rec_list *h)
{
	return h->n > 0 && memcmp(h->rows[0].device, store_device(t->st),
	    VAULT_KEYID_LEN) == 0;
}

void
tui_track_follow(struct tui *t, const unsigned char *rid,
    const struct rec_list *h)
{
	const struct record *cur = h->n ? record_current(h) : NULL;
	int open = cur != NULL && !cur->tomb && cur->val != NULL &&
	    cur->val[PATROL_F_END] == NULL && started_here(t, h);

	if (t->track.on && memcmp(t->track.rid, rid, RID_LEN) == 0) {
		if (!open)
			tui_track_stop(t);
		return;
	}
	if (!open)
		return;
	tui_track_stop(t);
	if (geo_track_decode(cur->val[PATROL_F_TRACK], &t->track.tr) != 0)
		memset(&t->track.tr, 0, sizeof t->track.tr);
	memcpy(t->track.rid, rid, RID_LEN);
	t->track.on = 1;
	tui_gps_poll(t);
}

void
tui_track_stop(struct tui *t)
{
	geo_track_free(&t->track.tr);
	t->track.on = 0;
	t->track.dirty = 0;
}

void
tui_track_flush(struct tui *t)
{
	const struct kind *k = kind_by_id(KIND_PATROL);
	const struct record *cur;
	struct rec_list h;
	struct xf_err err;
	char **vals;

	if (!t->track.on || !t->track.dirty || !t->unlocked ||
	    record_history(t->st, t->track.rid, &h, &err) != 0)
		return;
	cur = h.n > 0 ? record_current(&h) : NULL;
	/* Never over a conflict: writing on every head would settle it. */
	if (cur != NULL && !cur->tomb && cur->val != NULL &&
	    cur->nheads == 1) {
		vals = tui_vals_dup(k->nfields, cur->val);
		tui_write(t, k, t->track.rid, vals, NULL);
		tui_vals_free(k->nfields, vals);
	}
	rec_list_free(&h);
}

char *
tui_track_text(struct tui *t, const struct kind *k, const unsigned char *rid)
{
	struct buf b = {0};
	char *s;

	if (!t->track.on || k->id != KIND_PATROL || rid == NULL ||
	    memcmp(rid, t->track.rid, RID_LEN) != 0 || t->track.tr.n == 0)
		return NULL;
	geo_track_encode(&t->track.tr, &b);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

char *
tui_gps_status(struct tui *t)
{
	const struct field *ff = &kind_by_id(KIND_PATROL)->
	    fields[PATROL_F_POINTS].items[POINT_P_FIX];
	struct geo_fix f;
	char *s;

	tui_gps_fix(t, &f);
	s = f.state == GEO_FIX || f.state == GEO_OLD ?
	    xasprintf(_("%s ±%d m, track %zu"), tui_choice_label(t, ff,
	    geo_state_code(f.state)), f.acc, t->track.tr.n) :
	    xasprintf(_("%s, track %zu"), tui_choice_label(t, ff,
	    geo_state_code(f.state)), t->track.tr.n);
	return s;
}
