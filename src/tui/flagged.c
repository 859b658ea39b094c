/*
 * This week's flagged patrols at the station: a line on the home screen
 * with their count and the two latest, and a screen listing them all
 * (f), Enter opening one. What is flagged is presence_of()'s to say.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/presence.h"
#include "core/summary.h"
#include "tui.h"

/* Patrols of the home line shown by their village and flag. */
#define FLAGGED_SHOWN 2

struct flagged {
	struct presence_patrol *p;
	size_t n, sel;
};

/* This week's flagged patrols (Monday to the end of today); a device
 * loads nothing: its own patrols are checked on their detail view. */
static struct flagged *
flagged_load(struct tui *t, int station_only)
{
	struct flagged *f = xcalloc(1, sizeof *f);
	struct xf_err err;
	int64_t now = time_now();

	if (station_only && store_role(t->st) != ROLE_STATION)
		return f;
	if (presence_flagged_since(t->st, summary_week_start(now),
	    day_add(now, 1), &f->p, &f->n, &err) != 0)
		tui_message(t, 1, "%s", err.msg);
	return f;
}

static void
flagged_free(struct flagged *f)
{
	if (f == NULL)
		return;
	free(f->p);
	free(f);
}

/* "12-02 张村 out of radius": a patrol's day (if asked), village and
 * first flag. */
static void
patrol_words(struct tui *t, const struct presence_patrol *p, int day,
    struct buf *b)
{
	const char *v = p->village[0] && t->ops.name ? t->ops.name(t->ops.ctx,
	    KIND_VILLAGE, p->village) : NULL;
	char d[11];

	date_format(p->start, d);
	if (day)
		buf_addf(b, "%s ", d + 5);
	if (v != NULL)
		buf_addf(b, "%s ", v);
	buf_adds(b, p->word);
}

void *
flagged_panel_update(struct tui *t)
{
	return flagged_load(t, 1);
}

/* One line when there is anything: the count and the two latest (under
 * the review queue's line, home.c joins it). */
int
flagged_panel_draw(struct tui *t, void *state, int y, int w)
{
	struct flagged *f = state;
	struct buf latest = {0};
	char *line;

	if (f == NULL || f->n == 0)
		return 0;
	for (size_t i = 0; i < f->n && i < FLAGGED_SHOWN; i++) {
		if (i > 0)
			buf_adds(&latest, _("; "));
		patrol_words(t, &f->p[i], 1, &latest);
	}
	line = xasprintf(_("Flagged patrols this week: %zu (f): %s"), f->n,
	    buf_str(&latest));
	attrset(tui_attr(t, TA_WARN));
	tui_put_fit(t, y, 2, line, w - 2);
	attrset(A_NORMAL);
	free(line);
	buf_free(&latest);
	return 1;
}

void
flagged_panel_free(void *state)
{
	flagged_free(state);
}

/* f on the home screen: the list, when the line shows. */
int
flagged_panel_key(struct tui *t, void *state, struct tui_key k)
{
	struct flagged *f = state;

	if (k.fn || k.code != L'f' || f == NULL || f->n == 0)
		return TUI_UNHANDLED;
	flagged_open(t);
	return TUI_REDRAW;
}

/* "2026-12-02 20:00  2 ticks flagged   张村 out of radius". */
static char *
flagged_line(struct tui *t, const struct presence_patrol *p)
{
	struct buf b = {0};
	char tb[20], *s, *n;

	time_format(p->start, tb);
	n = xasprintf(ngettext("%d tick flagged", "%d ticks flagged",
	    (unsigned long)p->flagged), p->flagged);
	buf_addf(&b, "%s  ", tb);
	utf8_fit(&b, n, 18);
	buf_adds(&b, "  ");
	patrol_words(t, p, 0, &b);
	s = xstrdup(buf_str(&b));
	free(n);
	buf_free(&b);
	return s;
}

static void
flagged_draw(struct tui *t, struct screen *s)
{
	struct flagged *f = s->data;
	int rows = tui_body_rows(t) - 3, top = 0;

	tui_title(t, _("Flagged patrols this week"));
	tui_put_fit(t, 1, 1, f->n ? _("Patrols started this week with a "
	    "flagged tick, the latest first:") : _("No flagged patrols this "
	    "week."), t->cols - 2);
	if ((int)f->sel >= rows)
		top = (int)f->sel - rows + 1;
	for (int i = top; i < (int)f->n && i - top < rows; i++) {
		char *line = flagged_line(t, &f->p[i]);

		attrset((size_t)i == f->sel ? tui_attr(t, TA_SELECT) : 0);
		tui_put_fit(t, 3 + i - top, 1, line, t->cols - 2);
		attrset(A_NORMAL);
		free(line);
	}
}

static int
flagged_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct flagged *f = s->data;

	if (tui_nav(k, &f->sel, f->n, tui_body_rows(t) - 3))
		return TUI_REDRAW;
	if (f->n > 0 && ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER))) {
		detail_open(t, kind_by_id(KIND_PATROL), f->p[f->sel].rid);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Back from a patrol: its flags may have been looked at, not changed;
 * the list is read again all the same, as a bundle may have come. */
static void
flagged_reveal(struct tui *t, struct screen *s)
{
	struct flagged *f = s->data, *g = flagged_load(t, 0);

	free(f->p);
	f->p = g->p;
	f->n = g->n;
	if (f->sel >= f->n)
		f->sel = f->n ? f->n - 1 : 0;
	free(g);
}

static void
flagged_screen_free(struct screen *s)
{
	flagged_free(s->data);
}

static const struct screen_ops flagged_screen = {
	.name = "flagged",
	.title = N_("Flagged patrols this week"),
	.help = N_("The patrols started since Monday with a tick the checks "
	    "flagged: out of\nradius, impossible speed, bunched, an old fix, "
	    "or a plaque that does not\nfit. A flag is not a refusal: open the "
	    "patrol to see each tick, its\nfix and its distance from the "
	    "point.\n\nEnter opens the chosen patrol; q or Esc goes back."),
	.keys = N_("Enter open  Esc back"),
	.draw = flagged_draw,
	.key = flagged_key,
	.reveal = flagged_reveal,
	.free = flagged_screen_free,
};

void
flagged_open(struct tui *t)
{
	tui_push(t, &flagged_screen, flagged_load(t, 0));
}
