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
	rc = rp->station ? review_queue(t->st, &rp->it, &err) :
	    review_returned(t->st, &rp->it, &err);
	if (rc != 0)
		tui_message(t, 1, "%s", err.msg);
	return rp;
}

/* "王家 · Visit · Station's comment: has problems: ..." of one report. */
static char *
returned_line(struct tui *t, const struct review_item *it)
{
	const struct kind *k = kind_by_id(it->r->kind);
	int ti = kind_title_field(k);
	char *text = review_text(it->review), *s, hex[33];
	const char *title = ti >= 0 ? it->r->val[ti] : NULL;

	record_id_hex(it->r->rid, hex);
	hex[8] = '\0';
	s = xasprintf("  %s · %s · %s", title ? title : hex,
	    tui_kind_label(t, k), text);
	free(text);
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
	line = xasprintf(rp->station ? _("Awaiting review: %zu") :
	    _("Returned by the station: %zu"), n);
	if (n > 0)
		attrset(tui_attr(t, TA_WARN));
	tui_put(t, y, 2, line, w - 2);
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
