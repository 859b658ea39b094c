/*
 * The open misses screen: the plans' late and missed points and days of
 * the last seven days that no reason closes yet. Enter asks for the
 * reason (and, for "other", what happened) and writes the miss record
 * that closes the chosen one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "core/plan.h"
#include "core/roster.h"

#define MISSES_DAYS 7

struct misses {
	struct plan_miss *m;
	size_t n, sel;
};

/* Load the open misses of the last seven days; -1 with the message set. */
static int
misses_load(struct tui *t, struct misses *ms)
{
	struct xf_err err;
	char from[11], to[11];
	int64_t now = time_now();

	plan_misses_free(ms->m, ms->n);
	ms->m = NULL;
	ms->n = 0;
	date_format(now, to);
	date_format(day_add(now, 1 - MISSES_DAYS), from);
	if (plan_misses(t->st, from, to, NULL, now, &ms->m, &ms->n,
	    &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	if (ms->sel >= ms->n)
		ms->sel = ms->n ? ms->n - 1 : 0;
	return 0;
}

/* One line: date, plan, expected time and checkpoint or the whole
 * patrol, what happened. */
static char *
miss_line(const struct plan_miss *m, const struct ref_ops *ops)
{
	const struct kind *k = kind_by_id(KIND_MISS);
	struct buf b = {0};
	char hm[16], *s;

	buf_addf(&b, "%s  ", m->date);
	utf8_fit(&b, m->name, 16);
	buf_adds(&b, "  ");
	if (m->checkpoint[0] != '\0') {
		const char *name = ops->name(ops->ctx, KIND_CHECKPOINT,
		    m->checkpoint);

		if (m->minute < 0)
			snprintf(hm, sizeof hm, "--:--");
		else
			snprintf(hm, sizeof hm, "%02d:%02d", m->minute / 60 % 24,
			    m->minute % 60);
		buf_addf(&b, "%s ", hm);
		utf8_fit(&b, name ? name : m->checkpoint, 16);
	} else {
		buf_adds(&b, "      ");
		utf8_fit(&b, _("whole patrol"), 16);
	}
	buf_addf(&b, "  %s", field_choice_label(&k->fields[MISS_F_STATUS],
	    m->status));
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static void
misses_draw(struct tui *t, struct screen *s)
{
	struct misses *ms = s->data;
	struct ref_cache *rc = ref_cache_new(t->st);
	struct ref_ops ops;
	int rows = tui_body_rows(t) - 3, top = 0;

	ref_cache_ops(rc, &ops);
	tui_title(t, _("Open misses"));
	tui_put_fit(t, 1, 1, ms->n ? _("Late and missed patrols of the last "
	    "7 days that have no reason yet:") : _("No open misses in the "
	    "last 7 days."), t->cols - 2);
	if ((int)ms->sel >= rows)
		top = (int)ms->sel - rows + 1;
	for (int i = top; i < (int)ms->n && i - top < rows; i++) {
		char *line = miss_line(&ms->m[i], &ops);

		attrset((size_t)i == ms->sel ? tui_attr(t, TA_SELECT) : 0);
		tui_put_fit(t, 3 + i - top, 1, line, t->cols - 2);
		attrset(A_NORMAL);
		free(line);
	}
	ref_cache_free(rc);
}

/* The reason given in the form: write the miss record that closes the
 * chosen miss (the core refuses a volunteer, and "other" with no text). */
static int
reason_saved(struct tui *t, void *arg, char **vals)
{
	struct misses *ms = arg;
	const struct plan_miss *m = &ms->m[ms->sel];
	const struct kind *k = kind_by_id(KIND_MISS);
	char *all[MISS_NFIELDS] = {0};
	int rc;

	all[MISS_F_PLAN] = (char *)m->plan;
	all[MISS_F_DATE] = (char *)m->date;
	all[MISS_F_CHECKPOINT] = m->checkpoint[0] ? (char *)m->checkpoint :
	    NULL;
	all[MISS_F_STATUS] = (char *)m->status;
	all[MISS_F_REASON] = vals[0];
	all[MISS_F_TEXT] = vals[1];
	rc = tui_write(t, k, NULL, all, NULL);
	if (rc == 0)
		tui_message(t, 0, _("The miss is closed with its reason."));
	return rc;
}

static int
misses_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct misses *ms = s->data;
	const struct kind *mk = kind_by_id(KIND_MISS);

	if (tui_nav(k, &ms->sel, ms->n, tui_body_rows(t) - 3))
		return TUI_REDRAW;
	if (ms->n > 0 && ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER))) {
		form_open(t, _("Reason for the miss"), mk,
		    &mk->fields[MISS_F_REASON], 2, NULL, reason_saved, ms,
		    NULL);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Back from the reason form: the closed miss leaves the list. */
static void
misses_reveal(struct tui *t, struct screen *s)
{
	misses_load(t, s->data);
}

static void
misses_free(struct screen *s)
{
	struct misses *ms = s->data;

	plan_misses_free(ms->m, ms->n);
	free(ms);
}

static const struct screen_ops misses_screen = {
	.name = "misses",
	.title = N_("Open misses"),
	.help = N_("A planned point ticked after its time and the plan's "
	    "grace is late;\none not ticked is missed; a planned day with no "
	    "patrol, or whose\npatrol ended with points left, is one miss of "
	    "the whole patrol.\n\n"
	    "Each stays here until an officer gives its reason: Enter asks "
	    "for it\n(handling an incident, weather, short of people, or "
	    "other with a text).\nThe reason travels to the station with the "
	    "next bundle."),
	.keys = N_("Enter give the reason  Esc back"),
	.draw = misses_draw,
	.key = misses_key,
	.reveal = misses_reveal,
	.free = misses_free,
};

/* The open misses screen, from the home screen. */
void
misses_open(struct tui *t, const struct kind *k)
{
	struct misses *ms = xcalloc(1, sizeof *ms);

	(void)k;
	misses_load(t, ms);
	tui_push(t, &misses_screen, ms);
}
