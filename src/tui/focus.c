/*
 * The suggested focus (情报导巡) on the home screen: the coming hours, the
 * places and grids most worth a patrol, and the checkpoints overdue, from
 * the same computation as `xunfang report focus`.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "tui.h"

/* Compute the focus over the last four weeks. */
void *
focus_panel_update(struct tui *t)
{
	struct report *r = xcalloc(1, sizeof *r);
	struct xf_err err;

	if (report_focus(t->st, time_now(), t->set.checkpoint_days, r,
	    &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		free(r);
		return NULL;
	}
	return r;
}

/* Append the names of the rows of one kind ("hour", "place"...), at most
 * three, hours as HH:MM and checkpoints with their days. */
static int
add_names(const struct report *r, const char *what, struct buf *b)
{
	int n = 0;

	for (size_t i = 0; i < r->nrows && n < 3; i++) {
		const struct report_cell *c = &r->cells[i * r->ncols];
		const char *name = c[1].text;

		if (strcmp(c[0].text, what) != 0 || name == NULL)
			continue;
		if (strcmp(what, "hour") == 0 && strlen(name) > 5)
			name += strlen(name) - 5;
		buf_addf(b, "%s%s", n++ ? "  " : "", name);
		if (strcmp(what, "checkpoint") == 0 && *c[5].text == '\0')
			buf_adds(b, _(" (never checked)"));
		else if (strcmp(what, "checkpoint") == 0)
			buf_addf(b, _(" (%.0f days)"), c[5].num);
	}
	return n;
}

/* Two lines: when and where to patrol; which checkpoints are overdue. */
int
focus_panel_draw(struct tui *t, void *state, int y, int w)
{
	struct report *r = state;
	struct buf b = {0}, part = {0};
	size_t start;
	int n;

	if (r == NULL)
		return 0;
	buf_adds(&b, _("Suggested focus: "));
	start = b.len;
	n = add_names(r, "hour", &part);
	tui_join(&b, start, buf_str(&part));
	part.len = 0;
	n += add_names(r, "place", &part);
	tui_join(&b, start, buf_str(&part));
	buf_free(&part);
	if (n == 0)
		buf_adds(&b, _("nothing stands out in the last four weeks"));
	tui_put(t, y, 2, buf_str(&b), w - 2);
	b.len = 0;
	buf_adds(&b, _("Overdue checkpoints: "));
	if (add_names(r, "checkpoint", &b) == 0)
		buf_adds(&b, _("none"));
	else
		attrset(tui_attr(t, TA_WARN));
	tui_put(t, y + 1, 2, buf_str(&b), w - 2);
	attrset(A_NORMAL);
	buf_free(&b);
	return 2;
}

/* Free what focus_panel_update made. */
void
focus_panel_free(void *state)
{
	struct report *r = state;

	if (r != NULL)
		report_free(r);
	free(r);
}
