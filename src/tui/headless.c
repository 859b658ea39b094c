/* The UI on a curses screen that nobody reads keys from: the benchmark
 * drives the list view through it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "bench.h"

struct tui_headless {
	struct tui t;
	SCREEN *scr;
	FILE *out, *in;
	struct list *list;
};

/* A curses screen of rows x cols writing to out_path. */
struct tui_headless *
tui_headless_new(struct store *st, const char *out_path, int rows, int cols,
    struct xf_err *err)
{
	struct tui_headless *h = xcalloc(1, sizeof *h);

	h->out = fopen(out_path, "w");
	h->in = fopen("/dev/null", "r");
	if (h->out == NULL || h->in == NULL) {
		if (h->out)
			fclose(h->out);
		if (h->in)
			fclose(h->in);
		free(h);
		return xf_error(err, _("cannot open %s for the screen"),
		    out_path), NULL;
	}
	use_env(FALSE);
	h->scr = newterm("xterm-256color", h->out, h->in);
	if (h->scr == NULL)
		h->scr = newterm("vt100", h->out, h->in);
	resizeterm(rows, cols);
	tui_init(&h->t, st, NULL);
	h->t.unlocked = 1;
	tui_refs_reset(&h->t);
	tui_colours(&h->t);
	return h;
}

/* The home screen, as unlocking opens it, drawn. */
void
tui_headless_home(struct tui_headless *h)
{
	home_open(&h->t);
	tui_draw(&h->t);
	refresh();
}

/* Open a kind's list and draw its first screen. */
int
tui_headless_list(struct tui_headless *h, const char *kind,
    struct xf_err *err)
{
	const struct kind *k = kind_by_name(kind);

	if (k == NULL)
		return xf_error(err, _("no kind '%s'"), kind);
	if ((h->list = list_load(&h->t, k, err)) == NULL)
		return -1;
	list_push(&h->t, h->list);
	tui_draw(&h->t);
	refresh();
	return 0;
}

/* One key to the top screen, then the redraw. */
void
tui_headless_key(struct tui_headless *h, wchar_t c)
{
	if (h->t.top == NULL)
		return;
	tui_key(&h->t, (struct tui_key){0, (wint_t)c});
	tui_draw(&h->t);
	refresh();
}

/* Idle moments until the top screen has nothing left to do, each
 * followed by its redraw: the longest one's milliseconds. */
double
tui_headless_idle(struct tui_headless *h)
{
	double worst = 0;

	do {
		double t0 = time_mono(), ms;

		h->t.busy = 0;
		if (h->t.top == NULL || h->t.top->ops->idle == NULL)
			break;
		h->t.top->ops->idle(&h->t, h->t.top);
		tui_draw(&h->t);
		refresh();
		ms = (time_mono() - t0) * 1000;
		worst = ms > worst ? ms : worst;
	} while (h->t.busy);
	return worst;
}

/* The message shown above the bottom bar ("" if none). */
const char *
tui_headless_message(struct tui_headless *h)
{
	return h->t.msg;
}

/* Rows the list shows. */
size_t
tui_headless_shown(struct tui_headless *h)
{
	return h->list ? list_shown(h->list) : 0;
}

/* End curses and free everything. */
void
tui_headless_free(struct tui_headless *h)
{
	tui_fini(&h->t);
	endwin();
	delscreen(h->scr);
	fclose(h->out);
	fclose(h->in);
	free(h);
}
