/*
 * Duty rosters in the terminal UI: tonight's duty, the plans still to
 * patrol today and the open misses of the week on the home screen, and a
 * screen of the coming nights where
 * a lead records a missed or done duty or swaps two nights.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/roster.h"
#include "tui.h"

#define ROSTER_SHOW_DAYS 7	/* nights on the roster screen */
#define ROSTER_SWAP_DAYS 60	/* how far ahead a night to swap with may be */

/* Today as a day number. */
static int
today(void)
{
	char date[11];
	int day = 0;

	date_format(time_now(), date);
	roster_day(date, &day);
	return day;
}

/* What the home panel shows. */
struct roster_panel {
	struct roster_tonight *t;
	size_t nt;
	struct plan_due *p;
	size_t np;
	size_t runs;		/* plans that run today, done or not */
	struct plan_miss *m;	/* open misses of the last seven days */
	size_t nm;
};

/* How many plans run on a day. */
static size_t
plans_running(struct tui *t, int day)
{
	struct plan_set ps;
	struct xf_err err;
	size_t n = 0;

	if (plan_set_load(t->st, &ps, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return 0;
	}
	for (size_t i = 0; i < ps.n; i++)
		n += plan_runs_on(&ps.p[i], day) != 0;
	plan_set_free(&ps);
	return n;
}

/* Read tonight's duties and today's plans. */
void *
roster_panel_update(struct tui *t)
{
	struct roster_panel *rp = xcalloc(1, sizeof *rp);
	struct xf_err err;
	char date[11], week[11];

	roster_day_format(today(), date);
	roster_day_format(today() - 6, week);
	if (roster_tonight(t->st, date, &rp->t, &rp->nt, &err) != 0 ||
	    plan_due(t->st, date, &rp->p, &rp->np, &err) != 0 ||
	    plan_misses(t->st, week, date, NULL, time_now(), &rp->m, &rp->nm,
	    &err) != 0)
		tui_message(t, 1, "%s", err.msg);
	rp->runs = plans_running(t, today());
	return rp;
}

/* Tonight's duty on one line, the plans not yet done on the next. */
int
roster_panel_draw(struct tui *t, void *state, int y, int w)
{
	struct roster_panel *rp = state;
	struct buf b = {0};
	char hm[16];

	buf_adds(&b, _("Tonight on duty: "));
	for (size_t i = 0; i < rp->nt; i++)
		buf_addf(&b, "%s%s %s", i ? "  " : "", rp->t[i].unit,
		    rp->t[i].member);
	if (rp->nt == 0)
		buf_adds(&b, _("nobody is rostered"));
	tui_put(t, y, 2, buf_str(&b), w - 2);
	b.len = 0;
	buf_adds(&b, rp->np ? _("Planned patrols not yet done: ") :
	    rp->runs ? _("Planned patrols: none left today") :
	    _("Planned patrols today: none planned"));
	for (size_t i = 0; i < rp->np; i++) {
		snprintf(hm, sizeof hm, "%02d:%02d ",
		    (rp->p[i].minute / 60) % 24, rp->p[i].minute % 60);
		buf_addf(&b, "%s%s%s%s", i ? "  " : "",
		    rp->p[i].minute >= 0 ? hm : "", rp->p[i].name,
		    rp->p[i].started ? _(" (under way)") : "");
	}
	if (rp->np > 0)
		attrset(tui_attr(t, TA_WARN));
	tui_put(t, y + 1, 2, buf_str(&b), w - 2);
	attrset(A_NORMAL);
	buf_free(&b);
	if (rp->nm == 0)
		return 2;	/* the menu keeps the row: m says there are none */
	b.len = 0;
	buf_addf(&b, ngettext("%zu open miss in 7 days (plan misses): ",
	    "%zu open misses in 7 days (plan misses): ", rp->nm), rp->nm);
	for (size_t i = rp->nm; i-- > 0;)
		buf_addf(&b, "%s%.5s %s", i + 1 < rp->nm ? "  " : "",
		    rp->m[i].date + 5, rp->m[i].name);
	attrset(tui_attr(t, TA_WARN));
	tui_put(t, y + 2, 2, buf_str(&b), w - 2);
	attrset(A_NORMAL);
	buf_free(&b);
	return 3;
}

/* Release the panel's state. */
void
roster_panel_free(void *state)
{
	struct roster_panel *rp = state;

	if (rp == NULL)
		return;
	roster_tonight_free(rp->t, rp->nt);
	plan_due_free(rp->p, rp->np);
	plan_misses_free(rp->m, rp->nm);
	free(rp);
}

/* The roster screen: the coming nights of every group and team. */
struct roster_view {
	struct roster_tonight *rows;
	size_t n, sel;
	int swap_day1;			/* the night a swap starts from */
	int *swap_days;			/* the nights offered to swap with */
	char (*due)[33];		/* the plans offered to start */
};

/* Drop the rows. */
static void
view_clear(struct roster_view *v)
{
	roster_tonight_free(v->rows, v->n);
	v->rows = NULL;
	v->n = 0;
}

/* Read the nights from today on. */
static void
view_load(struct tui *t, struct roster_view *v)
{
	struct xf_err err;

	view_clear(v);
	if (roster_nights(t->st, today(), today() + ROSTER_SHOW_DAYS - 1,
	    &v->rows, &v->n, &err) != 0)
		tui_message(t, 1, "%s", err.msg);
	if (v->sel >= v->n)
		v->sel = v->n ? v->n - 1 : 0;
}

/* One night as a line of the screen. */
static char *
row_line(struct tui *t, const struct roster_tonight *r)
{
	const struct field *f =
	    &kind_by_id(KIND_ROSTER)->fields[ROSTER_F_STATUS];
	struct buf b = {0};
	char date[11], *line;

	roster_day_format(r->day, date);
	buf_addf(&b, "%s  ", date);
	utf8_fit(&b, r->unit, 18);
	buf_adds(&b, "  ");
	utf8_fit(&b, r->member, 18);
	buf_adds(&b, "  ");
	buf_adds(&b, tui_choice_label(t, f, r->status));
	line = xstrdup(buf_str(&b));
	buf_free(&b);
	return line;
}

/* Draw the nights, the chosen one highlighted. */
static void
roster_draw(struct tui *t, struct screen *s)
{
	struct roster_view *v = s->data;
	int top = tui_body_top(t), rows = tui_body_rows(t);
	size_t first = v->sel >= (size_t)rows ? v->sel - (size_t)rows + 1 : 0;

	tui_title(t, _("Duty roster"));
	if (v->n == 0)
		tui_put(t, top, 2, _("No duty is rostered for the coming week: "
		    "`xunfang roster make` rosters a group or team."),
		    t->cols - 4);
	for (size_t i = first; i < v->n && (int)(i - first) < rows; i++) {
		char *line = row_line(t, &v->rows[i]);

		attrset(i == v->sel ? tui_attr(t, TA_SELECT) : 0);
		tui_put_fit(t, top + (int)(i - first), 1, line, t->cols - 2);
		attrset(A_NORMAL);
		free(line);
	}
}

/* Load the group or team of a row. */
static int
row_unit(struct tui *t, const struct roster_tonight *r, struct roster_unit *u)
{
	struct xf_err err;

	if (roster_unit_load(t->st, r->kind->id, r->hex, u, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* Record the chosen night as missed or done. */
static int
act_mark(struct tui *t, struct roster_view *v, const char *status)
{
	const struct field *f =
	    &kind_by_id(KIND_ROSTER)->fields[ROSTER_F_STATUS];
	struct roster_unit u;
	struct xf_err err;

	if (v->n == 0 || row_unit(t, &v->rows[v->sel], &u) != 0)
		return TUI_REDRAW;
	if (roster_mark(t->st, &u, v->rows[v->sel].day, status, NULL,
	    &err) != 0)
		tui_message(t, 1, "%s", err.msg);
	else {
		tui_message(t, 0, _("%s: recorded as %s."),
		    v->rows[v->sel].member, tui_choice_label(t, f, status));
		t->gen++;
	}
	roster_unit_free(&u);
	view_load(t, v);
	return TUI_REDRAW;
}

/* The night to swap with was picked: swap. */
static void
swap_picked(struct tui *t, void *arg, size_t i)
{
	struct roster_view *v = arg;
	struct roster_unit u;
	struct xf_err err;

	if (v->n == 0 || row_unit(t, &v->rows[v->sel], &u) != 0)
		return;
	if (roster_swap(t->st, &u, v->swap_day1, v->swap_days[i], &err) != 0)
		tui_message(t, 1, "%s", err.msg);
	else {
		tui_message(t, 0, _("Swapped."));
		t->gen++;
	}
	roster_unit_free(&u);
	view_load(t, v);
}

/* The unit's later nights of other members, as pick labels. */
static size_t
swap_choices(struct roster_view *v, const struct roster_duties *ds,
    const char *member, char **labels)
{
	size_t n = 0;
	char date[11];

	for (size_t i = 0; i < ds->n; i++) {
		const struct record *r = ds->d[i].rec;
		const char *st = r->val[ROSTER_F_STATUS];

		if (ds->d[i].day < today() || ds->d[i].day >= today() +
		    ROSTER_SWAP_DAYS || ds->d[i].day == v->swap_day1 ||
		    r->val[ROSTER_F_MEMBER] == NULL ||
		    strcmp(r->val[ROSTER_F_MEMBER], member) == 0 ||
		    (st && strcmp(st, "planned") && strcmp(st, "swapped")))
			continue;
		roster_day_format(ds->d[i].day, date);
		labels[n] = xasprintf("%s  %s", date, r->val[ROSTER_F_MEMBER]);
		v->swap_days[n++] = ds->d[i].day;
	}
	return n;
}

/* Swap the chosen night: pick the night to swap with. */
static int
act_swap(struct tui *t, struct roster_view *v)
{
	struct roster_duties ds;
	struct roster_unit u;
	struct xf_err err;
	char **labels;
	size_t n;

	if (v->n == 0 || row_unit(t, &v->rows[v->sel], &u) != 0)
		return TUI_REDRAW;
	if (roster_duties_load(t->st, &u, &ds, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		roster_unit_free(&u);
		return TUI_REDRAW;
	}
	v->swap_day1 = v->rows[v->sel].day;
	free(v->swap_days);
	v->swap_days = xcalloc(ds.n + 1, sizeof *v->swap_days);
	labels = xcalloc(ds.n + 1, sizeof *labels);
	n = swap_choices(v, &ds, v->rows[v->sel].member, labels);
	if (n == 0) {
		tui_message(t, 1, _("No other planned night of %s to swap "
		    "with; `xunfang roster make` rosters more."), u.name);
		free(labels);
	} else
		pick_open(t, _("Swap with which night?"), labels, n,
		    swap_picked, v, NULL);
	roster_duties_free(&ds);
	roster_unit_free(&u);
	return TUI_REDRAW;
}

/* Show the patrol just started, once the pick list has closed. */
static void
show_patrol(struct tui *t, void *arg)
{
	detail_open(t, kind_by_id(KIND_PATROL), arg);
	free(arg);
}

/* Write a new patrol from a plan, starting now; 0 and its id on success. */
static int
write_patrol(struct tui *t, const struct plan *p, unsigned char *rid)
{
	const struct kind *k = kind_by_id(KIND_PATROL);
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	int ti = PATROL_F_TYPE, rc;

	plan_patrol_values(t->st, p, vals);
	vals[PATROL_F_START] = xasprintf("%lld", (long long)time_now());
	if (vals[ti] == NULL)
		vals[ti] = xstrdup(k->fields[ti].def);
	rc = tui_write(t, k, NULL, vals, rid);
	tui_vals_free(k->nfields, vals);
	return rc;
}

/* A plan was picked: start a patrol from it, then show the patrol. */
static void
plan_picked(struct tui *t, void *arg, size_t i)
{
	struct roster_view *v = arg;
	unsigned char *rid = xmalloc(RID_LEN);
	struct plan_set ps;
	struct xf_err err;
	int done = 0;

	if (plan_set_load(t->st, &ps, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		free(rid);
		return;
	}
	for (size_t j = 0; j < ps.n && !done; j++)
		if (strcmp(ps.p[j].hex, v->due[i]) == 0)
			done = write_patrol(t, &ps.p[j], rid) == 0 ? 1 : -1;
	plan_set_free(&ps);
	if (done == 1)
		tui_defer(t, show_patrol, rid);
	else
		free(rid);
}

/* Start a patrol from one of today's plans: pick the plan. */
static int
act_plan(struct tui *t, struct roster_view *v)
{
	struct plan_due *d;
	struct xf_err err;
	char date[11], **labels;
	size_t n;

	roster_day_format(today(), date);
	if (plan_due(t->st, date, &d, &n, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return TUI_REDRAW;
	}
	if (n == 0) {
		tui_message(t, 0, _("No planned patrol is left for today."));
		plan_due_free(d, n);
		return TUI_REDRAW;
	}
	free(v->due);
	v->due = xcalloc(n, sizeof *v->due);
	labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		memcpy(v->due[i], d[i].hex, sizeof v->due[i]);
		labels[i] = d[i].minute < 0 ? xstrdup(d[i].name) :
		    xasprintf("%02d:%02d  %s", (d[i].minute / 60) % 24,
		    d[i].minute % 60, d[i].name);
	}
	plan_due_free(d, n);
	pick_open(t, _("Start a patrol from which plan?"), labels, n,
	    plan_picked, v, NULL);
	return TUI_REDRAW;
}

/* Keys: move, m missed, d done, s swap, p start a planned patrol. */
static int
roster_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct roster_view *v = s->data;

	if (tui_nav(k, &v->sel, v->n, tui_body_rows(t)))
		return TUI_REDRAW;
	if (tui_is_back(k))
		return TUI_CLOSE;
	if (k.fn)
		return TUI_UNHANDLED;
	if (k.code == L'm')
		return act_mark(t, v, "missed");
	if (k.code == L'd')
		return act_mark(t, v, "done");
	if (k.code == L's')
		return act_swap(t, v);
	if (k.code == L'p')
		return act_plan(t, v);
	return TUI_UNHANDLED;
}

/* Read the nights again when the screen shows again. */
static void
roster_reveal(struct tui *t, struct screen *s)
{
	view_load(t, s->data);
}

/* Free the screen's data. */
static void
roster_free(struct screen *s)
{
	struct roster_view *v = s->data;

	view_clear(v);
	free(v->swap_days);
	free(v->due);
	free(v);
}

static const struct screen_ops roster_screen = {
	.name = "roster",
	.title = N_("Duty roster"),
	.help = N_("The duty nights of the coming week for every household "
	    "group and patrol team.\n\n"
	    "m  record the chosen duty as missed\n"
	    "d  record it as done\n"
	    "s  swap it with another planned night of the same group\n"
	    "p  start a patrol from one of today's plans\n"
	    "Esc  back to the home screen"),
	.keys = N_("Up/Down move  m missed  d done  s swap  p patrol  ? help  "
	    "Esc back"),
	.draw = roster_draw,
	.key = roster_key,
	.reveal = roster_reveal,
	.free = roster_free,
};

/* Open the roster screen (from the home menu). */
void
roster_open(struct tui *t, const struct kind *k)
{
	struct roster_view *v = xcalloc(1, sizeof *v);

	(void)k;
	tui_push(t, &roster_screen, v);
	view_load(t, v);
}
