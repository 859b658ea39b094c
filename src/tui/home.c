/* The home screen: today at a glance, and the way to every list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/summary.h"
#include "tui.h"
#include "tui/qrrecv.h"

/*
 * A panel of figures on the home screen. update computes its state when
 * the screen shows (again); draw puts it at row y in w columns and returns
 * the rows it used.
 */
struct home_panel {
	void *(*update)(struct tui *);
	int (*draw)(struct tui *, void *state, int y, int w);
	void (*free)(void *state);
	/* A key of its own (optional): TUI_UNHANDLED if not used. */
	int (*key)(struct tui *, void *state, struct tui_key);
	/* Drawn right under the panel before, without a blank row: a line
	 * that belongs with it and should not cost the menu two rows. */
	int join;
};

/* An entry of the home menu: a key, a label and what it opens. */
struct home_entry {
	wint_t key;
	const char *label;	/* N_() */
	int kind;		/* the kind it acts on */
	void (*open)(struct tui *, const struct kind *);
};

static void *today_refresh(struct tui *);
static int today_draw(struct tui *, void *, int, int);

static const struct home_panel home_panels[] = {
	{today_refresh, today_draw, free, NULL, 0},
	{roster_panel_update, roster_panel_draw, roster_panel_free, NULL, 0},
	{focus_panel_update, focus_panel_draw, focus_panel_free, NULL, 0},
	{review_panel_update, review_panel_draw, review_panel_free, NULL, 0},
	{flagged_panel_update, flagged_panel_draw, flagged_panel_free,
	    flagged_panel_key, 1},
};

static const struct home_entry home_entries[] = {
	{L'n', N_("Start a patrol"), KIND_PATROL, form_new_record},
	{L'v', N_("Log a visit"), KIND_VISIT, form_new_record},
	{L'r', N_("Register a dispute"), KIND_DISPUTE, form_new_record},
	{L'i', N_("Receive a bundle by QR codes"), KIND_NONE, qrrecv_open_home},
	{L'd', N_("Duty roster"), KIND_ROSTER, roster_open},
	{L's', N_("Sync bundles"), KIND_NONE, sync_screen_open},
	{L'a', N_("Analysis reports"), KIND_NONE, report_menu_open},
	{L'c', N_("Unsaved drafts"), KIND_NONE, drafts_open},
	{L'm', N_("Open misses"), KIND_NONE, misses_open},
};

/* The keys of the lists of kinds, in the order of kind_all(): digits,
 * then letters free on this screen for the kinds past the ninth. */
static const wint_t list_keys[] = {
	L'1', L'2', L'3', L'4', L'5', L'6', L'7', L'8', L'9',
	L'0', L'l', L'w', L'u'
};

struct home {
	void *state[XF_ARRAY_LEN(home_panels)];
	size_t sel, n;
	struct summary sum;
	int asking;		/* q or Esc was pressed: leave the program? */
};

/* Compute the summary figures. */
static void *
today_refresh(struct tui *t)
{
	struct summary *s = xcalloc(1, sizeof *s);
	struct xf_err err;

	if (summary_compute(t->st, time_now(), t->set.checkpoint_days, s,
	    &err) != 0)
		tui_message(t, 1, "%s", err.msg);
	return s;
}

/* One box of a dispute colour: its label and count. */
static int
colour_box(struct tui *t, int y, int x, enum tui_attr a, const char *label,
    int n)
{
	char *s = xasprintf(" %s %d ", label, n);
	int w;

	attrset(tui_attr(t, a));
	w = tui_put(t, y, x, s, t->cols - x);
	attrset(A_NORMAL);
	free(s);
	return w + 1;
}

/* "Logged in: name (role)" at row y; returns the columns used. */
static int
who_draw(struct tui *t, int y, int w)
{
	char *name = store_account_name(t->st, store_user(t->st)), *line;
	const char *role = store_user_role(t->st);
	int used;

	line = xasprintf(_("Logged in: %s (%s)"), name ? name : "?",
	    role && *role ? _(role) : "?");
	used = tui_put(t, y, 2, line, w - 2);
	free(line);
	free(name);
	return used;
}

/* The current warnings, the most pressing one by its title. */
static void
warnings_draw(struct tui *t, const struct summary *s, int y, int w)
{
	char *line;

	if (s->warnings_current == 0)
		line = xstrdup(_("Warnings: none current"));
	else
		line = xasprintf(_("Warnings: %d current, %d urgent: %s"),
		    s->warnings_current, s->warnings_urgent, s->warning_title);
	if (s->warnings_urgent > 0)
		attrset(tui_attr(t, TA_ERROR));
	tui_put(t, y, 2, line, w - 2);
	attrset(A_NORMAL);
	free(line);
}

/* Draw today's figures. */
static int
today_draw(struct tui *t, void *state, int y, int w)
{
	struct summary *s = state;
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	const struct field *cf = &dk->fields[DISPUTE_F_COLOUR];
	char *line;
	int x = 2;

	x += who_draw(t, y, w) + 4;
	line = xasprintf(_("Follow-ups: %d due today, %d overdue"),
	    s->follow_today, s->follow_overdue);
	if (s->follow_today + s->follow_overdue > 0)
		attrset(tui_attr(t, TA_WARN));
	if (x < w)
		tui_put(t, y, x, line, w - x);
	attrset(A_NORMAL);
	free(line);
	x = 2;
	y++;
	line = xasprintf(_("Patrols today: %d    In progress: %d"),
	    s->patrols_today, s->patrols_open);
	tui_put(t, y, 2, line, w - 2);
	free(line);
	x += tui_put(t, y + 1, 2, _("Open disputes:"), w - 2) + 1;
	x += colour_box(t, y + 1, x, TA_RED, tui_choice_label(t, cf, "red"),
	    s->disputes_open[0]);
	x += colour_box(t, y + 1, x, TA_ORANGE,
	    tui_choice_label(t, cf, "orange"), s->disputes_open[1]);
	x += colour_box(t, y + 1, x, TA_YELLOW,
	    tui_choice_label(t, cf, "yellow"), s->disputes_open[2]);
	x += colour_box(t, y + 1, x, TA_GREEN, tui_choice_label(t, cf,
	    "green"), s->disputes_open[3]);
	if (s->disputes_late > 0 && x + 2 < w) {
		line = xasprintf(_("%d past the time limit"),
		    s->disputes_late);
		attrset(tui_attr(t, TA_WARN));
		tui_put(t, y + 1, x + 1, line, w - x - 1);
		attrset(A_NORMAL);
		free(line);
	}
	line = xasprintf(_("Visits this week: %d"), s->visits_week);
	x = 2 + tui_put(t, y + 2, 2, line, w - 2) + 4;
	free(line);
	line = xasprintf(_("Points not checked for %d days: %d of %d"),
	    s->stale_days, s->checkpoints_stale, s->checkpoints);
	if (s->checkpoints_stale > 0)
		attrset(tui_attr(t, TA_WARN));
	if (x < w)
		tui_put(t, y + 2, x, line, w - x);
	attrset(A_NORMAL);
	free(line);
	warnings_draw(t, s, y + 3, w);
	return 5;
}

/* Number of menu rows: the actions, then one list per kind. */
static size_t
menu_count(void)
{
	int nk;

	kind_all(&nk);
	/* The lists with a key: misses and reviews have screens of their
	 * own (m, the review lines), and `xunfang list` lists them. */
	if ((size_t)nk > XF_ARRAY_LEN(list_keys))
		nk = (int)XF_ARRAY_LEN(list_keys);
	return XF_ARRAY_LEN(home_entries) + (size_t)nk;
}

/* The label of menu row i, with its key. */
static char *
menu_label(struct tui *t, size_t i)
{
	int nk;
	const struct kind *const *all = kind_all(&nk);

	if (i < XF_ARRAY_LEN(home_entries))
		return xasprintf("%lc  %s", (wint_t)home_entries[i].key,
		    _(home_entries[i].label));
	i -= XF_ARRAY_LEN(home_entries);
	return xasprintf(_("%lc  List: %s"), list_keys[i],
	    tui_kind_label(t, all[i]));
}

/* The label of menu row i; a list named by its kind alone when short. */
static char *
menu_label_as(struct tui *t, size_t i, int short_lists)
{
	size_t j = i - XF_ARRAY_LEN(home_entries);
	int nk;

	if (!short_lists || i < XF_ARRAY_LEN(home_entries))
		return menu_label(t, i);
	return xasprintf("%lc  %s", list_keys[j],
	    tui_kind_label(t, kind_all(&nk)[j]));
}

/* Each column as wide as its widest label and two spaces; the total. */
static int
menu_widths(struct tui *t, size_t n, int avail, int ncol, int short_lists,
    int *cw)
{
	int total = 0;

	for (int c = 0; c < ncol; c++)
		cw[c] = 0;
	for (size_t i = 0; i < n; i++) {
		char *l = menu_label_as(t, i, short_lists);
		int c = (int)i / avail, w = utf8_width(l) + 2;

		if (w > cw[c])
			cw[c] = w;
		free(l);
	}
	for (int c = 0; c < ncol; c++)
		total += cw[c];
	return total;
}

/* Draw the menu from row y, in as many columns as it needs: each as wide
 * as its labels, lists named by their kind alone when the full names do
 * not fit, and the widest columns cut when even those do not. */
static void
draw_menu(struct tui *t, struct home *h, int y)
{
	int avail = t->rows - 2 - y, ncol, cw[64], x, short_lists = 0, total;

	if (avail < 1)
		avail = 1;
	ncol = ((int)h->n + avail - 1) / avail;
	if (ncol < 1 || ncol > 64)
		ncol = ncol < 1 ? 1 : 64;
	if ((total = menu_widths(t, h->n, avail, ncol, 0, cw)) > t->cols - 2)
		total = menu_widths(t, h->n, avail, ncol, short_lists = 1, cw);
	while (total > t->cols - 2) {	/* narrow the widest column */
		int widest = 0;

		for (int c = 1; c < ncol; c++)
			if (cw[c] > cw[widest])
				widest = c;
		if (cw[widest] <= 4)
			break;
		cw[widest]--;
		total--;
	}
	for (size_t i = 0; i < h->n; i++) {
		char *label = menu_label_as(t, i, short_lists);
		int col = (int)i / avail, row = (int)i % avail;

		x = 2;
		for (int c = 0; c < col; c++)
			x += cw[c];
		attrset(i == h->sel ? tui_attr(t, TA_SELECT) : 0);
		if (x < t->cols)
			tui_put_fit(t, y + row, x, label, cw[col] - 1 <
			    t->cols - x ? cw[col] - 1 : t->cols - x);
		attrset(A_NORMAL);
		free(label);
	}
}

/* Draw the demo banner, the panels and the menu. */
static void
home_draw(struct tui *t, struct screen *s)
{
	struct home *h = s->data;
	int y = 2, gap = 0;

	tui_title(t, _("Home"));
	if (store_is_demo(t->st)) {
		attrset(tui_attr(t, TA_DEMO));
		tui_put_fit(t, 1, 0, _("DEMO demo data: for training only, "
		    "never synced with a station"), t->cols);
		attrset(A_NORMAL);
	}
	for (size_t i = 0; i < XF_ARRAY_LEN(home_panels); i++) {
		int at = home_panels[i].join && gap ? y - 1 : y;
		int n = home_panels[i].draw(t, h->state[i], at, t->cols);

		if (n > 0) {	/* a panel with nothing to say takes no row */
			y = at + n + 1;
			gap = 1;
		}
	}
	draw_menu(t, h, y);
	if (h->asking)
		tui_ask_draw(t, _("Leave xunfang? y = leave, any other key = "
		    "stay"));
}

/* Open menu row i. */
static int
home_activate(struct tui *t, size_t i)
{
	int nk;
	const struct kind *const *all = kind_all(&nk);

	if (i < XF_ARRAY_LEN(home_entries))
		home_entries[i].open(t, kind_by_id(home_entries[i].kind));
	else
		list_open(t, all[i - XF_ARRAY_LEN(home_entries)]);
	return TUI_REDRAW;
}

/* Keys: menu keys, digits for lists, g for the patrol in progress. */
static int
home_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct home *h = s->data;
	struct summary *sum = h->state[0];
	int rc;

	if (h->asking) {
		h->asking = 0;
		if (k.fn && k.code == KEY_F(10))
			return TUI_QUIT;	/* F10 always quits */
		return tui_is_yes(k) ? TUI_CLOSE : TUI_REDRAW;
	}
	if (tui_is_back(k)) {
		h->asking = 1;
		return TUI_REDRAW;
	}
	if (tui_nav(k, &h->sel, h->n, 1))
		return TUI_REDRAW;
	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER))
		return home_activate(t, h->sel);
	if (k.fn)
		return TUI_UNHANDLED;
	for (size_t i = 0; i < XF_ARRAY_LEN(home_entries); i++)
		if (k.code == home_entries[i].key)
			return home_activate(t, i);
	for (size_t i = 0; i < XF_ARRAY_LEN(list_keys); i++)
		if (k.code == list_keys[i] &&
		    i + XF_ARRAY_LEN(home_entries) < h->n)
			return home_activate(t, i + XF_ARRAY_LEN(home_entries));
	for (size_t i = 0; i < XF_ARRAY_LEN(home_panels); i++)
		if (home_panels[i].key != NULL && (rc = home_panels[i].key(t,
		    h->state[i], k)) != TUI_UNHANDLED)
			return rc;
	if (k.code == L'p' && sum->has_open) {
		detail_open(t, kind_by_id(KIND_PATROL), sum->open_rid);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Drop the panels' state. */
static void
home_clear(struct home *h)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(home_panels); i++) {
		home_panels[i].free(h->state[i]);
		h->state[i] = NULL;
	}
}

/* Recompute the figures when the screen shows again. */
static void
home_reveal(struct tui *t, struct screen *s)
{
	struct home *h = s->data;

	h->asking = 0;		/* a question left for the lock is dropped */
	home_clear(h);
	for (size_t i = 0; i < XF_ARRAY_LEN(home_panels); i++)
		h->state[i] = home_panels[i].update(t);
}

/* Free the screen's data. */
static void
home_free(struct screen *s)
{
	home_clear(s->data);
	free(s->data);
}

/* The help's list of keys: every line of the menu with its key. */
static void
home_help_keys(struct tui *t, struct buf *b)
{
	size_t n = menu_count();

	for (size_t i = 0; i < n; i++) {
		char *l = menu_label(t, i);

		buf_addf(b, "%s%s", l, i % 2 ? "\n" : "");
		if (i % 2 == 0)
			buf_addf(b, "%*s", 38 - utf8_width(l) > 1 ?
			    38 - utf8_width(l) : 1, "");
		free(l);
	}
	if (n % 2)
		buf_adds(b, "\n");
}

static const struct screen_ops home_screen = {
	.name = "home",
	.title = N_("Home"),
	.help = N_("Today at a glance: who is logged in, follow-ups due "
	    "today or overdue,\npatrols today and in progress, open disputes "
	    "by risk colour, visits this\nweek, points no patrol checked "
	    "lately (checkpoint_overdue_days in the\nconfiguration file, 7 "
	    "days by default) and the current warnings.\n\n"
	    "Enter opens the chosen line; p opens the patrol in progress;\n"
	    "F9 locks the screen; q or Esc leaves the program after asking "
	    "(y leaves).\nThe key of every line:"),
	.help_keys = home_help_keys,
	.keys = N_("Enter open  n patrol  v visit  r dispute  p current  "
	    "? help  F9 lock  q quit"),
	.draw = home_draw,
	.key = home_key,
	.reveal = home_reveal,
	.free = home_free,
};

/* Show the home screen. */
void
home_open(struct tui *t)
{
	struct home *h = xcalloc(1, sizeof *h);

	h->n = menu_count();
	tui_push(t, &home_screen, h);
	home_reveal(t, t->top);
}
