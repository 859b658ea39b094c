/* Help: the keys of the screen below, and the keys every screen shares. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct help {
	const struct screen_ops *below;
	int top;
};

static const char *const shared_help = N_(
    "Keys on every screen:\n"
    "  ? or F1  this help          Esc or q  back\n"
    "  Up/Down, j/k, PgUp/PgDn     move    Enter  open\n"
    "  F9  lock the screen (what you typed is kept)\n"
    "  F10 quit                    Ctrl-L  redraw the screen\n"
    "The screen also locks itself after the idle time in the "
    "configuration\nfile (idle_lock_minutes, 10 by default).");

/* Draw the help text of the screen below, then the shared keys; what
 * restricted means comes first for a volunteer, who sees it. */
static void
help_draw(struct tui *t, struct screen *s)
{
	struct help *h = s->data;
	struct buf b = {0};
	char **lines;
	int n, rows = tui_body_rows(t);

	tui_title(t, _("Help"));
	if (t->unlocked && tui_volunteer(t))
		buf_addf(&b, "%s\n\n", tui_restricted_why());
	if (h->below->help != NULL)
		buf_addf(&b, "%s\n", _(h->below->help));
	if (h->below->help_keys != NULL)
		h->below->help_keys(t, &b);
	if (h->below->help != NULL || h->below->help_keys != NULL)
		buf_adds(&b, "\n");
	buf_adds(&b, _(shared_help));
	if (!t->unlocked || !tui_volunteer(t))
		buf_addf(&b, "\n%s", tui_restricted_why());
	n = tui_wrap(buf_str(&b), t->cols - 2, &lines);
	if (h->top > n - rows)
		h->top = n - rows > 0 ? n - rows : 0;
	for (int i = 0; i < rows && h->top + i < n; i++)
		tui_put(t, 1 + i, 1, lines[h->top + i], t->cols - 2);
	tui_lines_free(lines, n);
	buf_free(&b);
}

/* Scroll; any other key leaves the help. */
static int
help_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct help *h = s->data;
	size_t top = (size_t)h->top;

	if (tui_nav(k, &top, 200, tui_body_rows(t))) {
		h->top = (int)top;
		return TUI_REDRAW;
	}
	if (k.fn && (k.code == KEY_F(10) || k.code == KEY_F(9)))
		return TUI_UNHANDLED;
	return TUI_CLOSE;
}

/* Free the screen's data. */
static void
help_free(struct screen *s)
{
	free(s->data);
}

static const struct screen_ops help_screen = {
	.name = "help",
	.title = N_("Help"),
	.help = NULL,
	.keys = N_("Up/Down scroll  any other key: back"),
	.draw = help_draw,
	.key = help_key,
	.free = help_free,
};

/* Show the help of a screen. */
void
help_open(struct tui *t, const struct screen_ops *below)
{
	struct help *h = xcalloc(1, sizeof *h);

	h->below = below;
	tui_push(t, &help_screen, h);
}
