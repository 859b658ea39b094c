/*
 * The station's reviews on the home screen: at the station, how many
 * reports wait for review; on a device, the reports the station returned
 * or found problems in, until the officer edits them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/review.h"
#include "tui.h"

/* Reports of the panel shown by name; the rest are counted. */
#define REVIEW_PANEL_SHOWN 2

struct review_panel {
	int station;
	struct review_items it;
};

/* Count the queue (station) or find the returned reports (device). */
void *
review_panel_update(struct tui *t)
{
	struct review_panel *rp = xcalloc(1, sizeof *rp);
	struct xf_err err;
	int rc;

	rp->station = store_role(t->st) == ROLE_STATION;
	rc = rp->station ? review_queue_recent(t->st, time_now(),
	    REVIEW_RECENT_DAYS, &rp->it, &err) : review_returned(t->st,
	    &rp->it, &err);
	if (rc != 0)
		tui_message(t, 1, "%s", err.msg);
	return rp;
}

/* A report's name: its title, a reference by the name of what it names,
 * else the first digits of its id (in hex, of 9 bytes). */
static const char *
report_title(struct tui *t, const struct record *r, char hex[33])
{
	const struct kind *k = kind_by_id(r->kind);
	int ti = kind_title_field(k);
	const char *title = ti >= 0 ? r->val[ti] : NULL, *name;

	if (title != NULL && k->fields[ti].type == FT_REF &&
	    t->ops.name != NULL && (name = t->ops.name(t->ops.ctx,
	    k->fields[ti].ref_kind, title)) != NULL)
		title = name;
	else if (title != NULL && k->fields[ti].type == FT_REF)
		title = NULL;
	record_id_hex(r->rid, hex);
	hex[8] = '\0';
	return title != NULL ? title : hex;
}

/* "王家 · Visit · Station's comment: has problems: ..." of one report. */
static char *
returned_line(struct tui *t, const struct review_item *it)
{
	const struct kind *k = kind_by_id(it->r->kind);
	char *text = review_text(it->review), *s, hex[33];

	s = xasprintf("  %s · %s · %s", report_title(t, it->r, hex),
	    tui_kind_label(t, k), text);
	free(text);
	return s;
}

/* "11-28 Patrol 张庄村  11-29 Visit 王家": the oldest reports of the
 * station's queue, by the date of the report and its name. */
static char *
queue_line(struct tui *t, const struct review_items *it)
{
	struct buf b = {0};
	char *s;

	for (size_t i = 0; i < it->n && i < REVIEW_PANEL_SHOWN; i++) {
		const struct record *r = it->v[i].r;
		const struct kind *k = kind_by_id(r->kind);
		int wi = kind_when_field(k);
		char day[11] = "", hex[33];

		if (wi >= 0 && r->val[wi] != NULL)
			date_format((int64_t)strtoll(r->val[wi], NULL, 10),
			    day);
		buf_addf(&b, "%s%s %s %s", i ? "  " : "", day[0] ? day + 5 :
		    "", tui_kind_label(t, k), report_title(t, r, hex));
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* The queue's count at the station; a device's returned reports, if
 * any. Returns the rows used. */
int
review_panel_draw(struct tui *t, void *state, int y, int w)
{
	struct review_panel *rp = state;
	size_t n = rp->it.n;
	int rows = 1;
	char *line;

	if (!rp->station && n == 0)
		return 0;
	line = rp->station ? xasprintf(_("Awaiting review (last %d days): "
	    "%zu"), REVIEW_RECENT_DAYS, n) :
	    xasprintf(_("Returned by the station: %zu"), n);
	if (n > 0)
		attrset(tui_attr(t, TA_WARN));
	if (rp->station && n > 0) {
		char *oldest = queue_line(t, &rp->it), *full;

		full = xasprintf(_("%s, the oldest: %s"), line, oldest);
		free(line);
		free(oldest);
		line = full;
	}
	tui_put_fit(t, y, 2, line, w - 2);
	attrset(A_NORMAL);
	free(line);
	for (size_t i = 0; !rp->station && i < n && i < REVIEW_PANEL_SHOWN;
	    i++) {
		line = returned_line(t, &rp->it.v[i]);
		tui_put_fit(t, y + rows++, 2, line, w - 2);
		free(line);
	}
	return rows;
}

/* Release the panel's state. */
void
review_panel_free(void *state)
{
	struct review_panel *rp = state;

	if (rp == NULL)
		return;
	review_items_free(&rp->it);
	free(rp);
}
