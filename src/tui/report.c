/* Analysis reports in the terminal: a menu of the reports, and a screen
 * that shows one as the same text charts the command line draws. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/report.h"
#include "tui.h"

struct rmenu {
	size_t sel, n;	/* the report chosen, of n */
};

struct rview {
	const struct report_entry *e;
	struct report_data *d;
	struct report_opts o;
	char village[33];	/* the village shown, as an id; "" for all */
	char **lines;
	int n, top;
};

/* Compute the report again and cut its drawing into lines. */
static void
rview_compute(struct tui *t, struct rview *v)
{
	struct report r;
	struct xf_err err;
	struct buf b = {0};
	const char *p;

	tui_lines_free(v->lines, v->n);
	v->lines = NULL;
	v->n = 0;
	v->o.village = v->village[0] ? v->village : NULL;
	if (report_run(v->d, v->e, &v->o, &r, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	report_draw(&r, t->cols - 2, &b);
	report_free(&r);
	for (p = buf_str(&b); *p != '\0';) {
		size_t len = strcspn(p, "\n");

		v->lines = xreallocarray(v->lines, (size_t)v->n + 1,
		    sizeof *v->lines);
		v->lines[v->n++] = xstrndup(p, len);
		p += len + (p[len] == '\n');
	}
	buf_free(&b);
	if (v->top > v->n - 1)
		v->top = v->n > 0 ? v->n - 1 : 0;
}

/* Draw the lines of the report from the scroll position. */
static void
rview_draw(struct tui *t, struct screen *s)
{
	struct rview *v = s->data;
	int rows = tui_body_rows(t), y0 = tui_body_top(t);

	tui_title(t, _(v->e->label));
	for (int i = 0; i < rows && v->top + i < v->n; i++)
		tui_put(t, y0 + i, 1, v->lines[v->top + i], t->cols - 2);
}

/* The village chosen: show the report for it alone. */
static void
rview_village(struct tui *t, void *arg, const char *hex)
{
	struct rview *v = arg;

	snprintf(v->village, sizeof v->village, "%s", hex);
	rview_compute(t, v);
}

/* Read the records of the period shown (and only those). */
static int
rview_load(struct tui *t, struct rview *v)
{
	struct report_data *d;
	struct xf_err err;

	if (report_load_for(t->st, v->e, &v->o, &d, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	report_data_free(v->d);
	v->d = d;
	return 0;
}

/* Move the period by its own length, back (-1) or forward (1). */
static void
rview_shift(struct tui *t, struct rview *v, int dir)
{
	int days = (int)((v->o.to - v->o.from + 43200) / 86400);

	v->o.from = day_add(v->o.from, dir * days);
	v->o.to = day_add(v->o.to, dir * days);
	v->o.asof = v->o.to < time_now() ? v->o.to : time_now();
	if (rview_load(t, v) == 0)
		rview_compute(t, v);
}

/* Scroll, move the period, pick a village. */
static int
rview_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct rview *v = s->data;
	size_t top = (size_t)v->top;

	if (tui_is_back(k))
		return TUI_CLOSE;
	if (k.fn && (k.code == KEY_LEFT || k.code == KEY_RIGHT)) {
		rview_shift(t, v, k.code == KEY_LEFT ? -1 : 1);
		return TUI_REDRAW;
	}
	if (!k.fn && (k.code == L'v' || k.code == L'a')) {
		if (k.code == L'v')
			pick_ref_open(t, kind_by_id(KIND_VILLAGE), 1,
			    rview_village, v);
		else {
			v->village[0] = '\0';
			rview_compute(t, v);
		}
		return TUI_REDRAW;
	}
	if (k.fn && k.code == KEY_RESIZE) {
		rview_compute(t, v);
		return TUI_REDRAW;
	}
	if (tui_nav(k, &top, (size_t)(v->n > 0 ? v->n : 1),
	    tui_body_rows(t))) {
		v->top = (int)top;
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Free the screen's data. */
static void
rview_free(struct screen *s)
{
	struct rview *v = s->data;

	tui_lines_free(v->lines, v->n);
	report_data_free(v->d);
	free(v);
}

static const struct screen_ops rview_screen = {
	.name = "report",
	.title = N_("Report"),
	.help = N_("A report over the records, as on the command line "
	    "(xunfang report).\n"
	    "  Left/Right  the period before or after\n"
	    "  v  one village      a  all villages\n"
	    "  Up/Down  scroll\n"
	    "`xunfang report NAME --csv` writes the same figures as CSV."),
	.keys = N_("←/→ period  v village  a all  Esc back"),
	.draw = rview_draw,
	.key = rview_key,
	.free = rview_free,
};

/* Open one report over its default period. */
static void
rview_open(struct tui *t, const struct report_entry *e)
{
	struct rview *v = xcalloc(1, sizeof *v);

	v->e = e;
	v->o.to = day_add(time_now(), 1);
	v->o.from = day_add(v->o.to, -e->period_days);
	v->o.asof = time_now();
	v->o.checkpoint_days = t->set.checkpoint_days;
	v->o.dispute_days = t->set.dispute_days;
	if (rview_load(t, v) != 0) {
		free(v);
		return;
	}
	rview_compute(t, v);
	tui_push(t, &rview_screen, v);
}

/* Draw the list of reports. */
static void
rmenu_draw(struct tui *t, struct screen *s)
{
	struct rmenu *m = s->data;
	int y0 = tui_body_top(t);

	tui_title(t, _("Analysis reports"));
	for (int i = 0; i < (int)m->n && i < tui_body_rows(t); i++) {
		attrset(i == (int)m->sel ? tui_attr(t, TA_SELECT) : 0);
		tui_put_fit(t, y0 + i, 2, _(report_table[i].label),
		    t->cols - 4);
		attrset(A_NORMAL);
	}
}

/* Move the selection, open the report chosen. */
static int
rmenu_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct rmenu *m = s->data;

	if (tui_is_back(k))
		return TUI_CLOSE;
	if ((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == L'\n' ||
	    k.code == L'\r'))) {
		rview_open(t, &report_table[m->sel]);
		return TUI_REDRAW;
	}
	if (tui_nav(k, &m->sel, m->n, tui_body_rows(t)))
		return TUI_REDRAW;
	return TUI_UNHANDLED;
}

/* Free the screen's data. */
static void
rmenu_free(struct screen *s)
{
	free(s->data);
}

static const struct screen_ops rmenu_screen = {
	.name = "reports",
	.title = N_("Analysis reports"),
	.help = N_("The station's analysis of the records: when and where "
	    "incidents happen, which checkpoints go unchecked, which "
	    "disputes stay open, and where to patrol next."),
	.keys = N_("Enter open  Esc back"),
	.draw = rmenu_draw,
	.key = rmenu_key,
	.free = rmenu_free,
};

/* Open the menu of reports (the kind is not used). */
void
report_menu_open(struct tui *t, const struct kind *k)
{
	struct rmenu *m = xcalloc(1, sizeof *m);

	(void)k;
	while (report_table[m->n].name != NULL)
		m->n++;
	tui_push(t, &rmenu_screen, m);
}
