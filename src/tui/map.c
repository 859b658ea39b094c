/*
 * The map screen: a village's checkpoints, or a patrol's track and
 * ticks, drawn by core/map.c into the window, flagged ticks in the
 * warning colour. h shows or hides the hot spots (incidents and
 * suspicious sightings with a fix of the last four weeks).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "core/map.h"

struct mapscr {
	char village[33];		/* "" for the patrol's */
	unsigned char rid[RID_LEN];
	int patrol;
	int hot;
	struct map_data m;
	int ok;				/* loaded, and something to draw */
	char why[512];			/* else what to do */
};

/* Load what the map shows (again, when h changed it). */
static void
mapscr_load(struct tui *t, struct mapscr *ms)
{
	struct xf_err err;

	if (ms->ok)
		map_data_free(&ms->m);
	ms->ok = 0;
	if (map_load(t->st, ms->village[0] ? ms->village : NULL,
	    ms->patrol ? ms->rid : NULL, ms->hot, time_now(), &ms->m,
	    &err) != 0) {
		snprintf(ms->why, sizeof ms->why, "%s", err.msg);
		return;
	}
	ms->ok = 1;
	if (map_data_check(&ms->m, &err) != 0) {
		snprintf(ms->why, sizeof ms->why, "%s", err.msg);
		ms->ok = -1;	/* loaded, nothing to draw */
	}
}

/* The colour of a map cell. */
static int
cell_attr(struct tui *t, unsigned char a)
{
	static const enum tui_attr roles[] = {
		[MAP_A_TRACK] = TA_OK, [MAP_A_CHECKPOINT] = TA_TITLE,
		[MAP_A_TICK] = TA_GREEN, [MAP_A_FLAGGED] = TA_RED,
		[MAP_A_HOT] = TA_ORANGE, [MAP_A_LABEL] = TA_LABEL,
	};

	if (a == MAP_A_NONE || a >= XF_ARRAY_LEN(roles) || roles[a] == 0)
		return 0;
	return tui_attr(t, roles[a]);
}

/* The map drawn into the body, a cell at a time. */
static void
map_body(struct tui *t, struct mapscr *ms, int y0, int rows)
{
	struct map_input in;
	struct map mp;
	struct xf_err err;

	map_data_input(&ms->m, &in);
	if (map_draw(&in, t->cols, rows, &mp, &err) != 0) {
		tui_put(t, y0, 1, err.msg, t->cols - 2);
		return;
	}
	for (int y = 0; y < mp.h && y < rows; y++)
		for (int x = 0; x < mp.w && x < t->cols; x++) {
			const struct map_cell *c = &mp.cell[y * mp.w + x];

			if (c->s[0] == '\0' || c->s[0] == ' ')
				continue;
			attrset(cell_attr(t, c->attr));
			mvaddstr(y0 + y, x, c->s);
		}
	attrset(A_NORMAL);
	map_free(&mp);
}

/* The title with the patrol's ticks, then the map or what to do. */
static void
mapscr_draw(struct tui *t, struct screen *s)
{
	struct mapscr *ms = s->data;
	int y0 = tui_body_top(t), rows = tui_body_rows(t);
	char *title;

	if (ms->ok > 0 && ms->patrol)
		title = xasprintf(ngettext("%s · %s · %zu tick, %zu flagged",
		    "%s · %s · %zu ticks, %zu flagged", ms->m.ntick), _("Map"),
		    ms->m.village, ms->m.ntick, ms->m.nflagged);
	else
		title = xasprintf("%s · %s", _("Map"), ms->ok ? ms->m.village :
		    "");
	tui_title(t, title);
	free(title);
	if (ms->ok > 0)
		map_body(t, ms, y0, rows);
	else {
		char **lines;
		int n = tui_wrap(ms->why, t->cols - 2, &lines);

		for (int i = 0; i < n && i < rows; i++)
			tui_put(t, y0 + i, 1, lines[i], t->cols - 2);
		tui_lines_free(lines, n);
	}
}

/* The bottom bar: h says what it does now. */
static const char *
mapscr_keys(struct tui *t, struct screen *s)
{
	(void)t;
	return ((struct mapscr *)s->data)->hot ?
	    _("h hide hot spots  ? help  q back") :
	    _("h hot spots  ? help  q back");
}

/* q and Esc go back; h shows or hides the hot spots. */
static int
mapscr_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct mapscr *ms = s->data;

	if (tui_is_back(k))
		return TUI_CLOSE;
	if (!k.fn && k.code == L'h') {
		ms->hot = !ms->hot;
		mapscr_load(t, ms);
		if (ms->ok > 0 && ms->hot)
			tui_message(t, 0, ngettext("%zu incident or suspicious "
			    "sighting with a fix in the last %d days.", "%zu "
			    "incidents and suspicious sightings with a fix in "
			    "the last %d days.", ms->m.nhot), ms->m.nhot,
			    MAP_HOT_DAYS);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static void
mapscr_free(struct screen *s)
{
	struct mapscr *ms = s->data;

	if (ms->ok)
		map_data_free(&ms->m);
	free(ms);
}

static const struct screen_ops map_screen = {
	.name = "map",
	.title = N_("Map"),
	.help = N_("The village's checkpoints by number (the legend under the "
	    "map\nnames them); on a patrol's map its track as dots, its "
	    "ticks as +\nand flagged ticks as !. The bar shows the scale, the "
	    "arrow north.\nPositions are WGS-84, as GPS gives them.\n\n"
	    "h shows or hides the hot spots (*): incidents and suspicious\n"
	    "sightings with a fix of the last four weeks."),
	.keys = N_("h hot spots  ? help  q back"),
	.keys_now = mapscr_keys,
	.draw = mapscr_draw,
	.key = mapscr_key,
	.free = mapscr_free,
};

/* The map screen of a village (its id) or of a patrol. */
void
map_open(struct tui *t, const char *village, const unsigned char *patrol)
{
	struct mapscr *ms = xcalloc(1, sizeof *ms);

	if (village != NULL)
		snprintf(ms->village, sizeof ms->village, "%s", village);
	if (patrol != NULL) {
		memcpy(ms->rid, patrol, RID_LEN);
		ms->patrol = 1;
	}
	mapscr_load(t, ms);
	tui_push(t, &map_screen, ms);
}
