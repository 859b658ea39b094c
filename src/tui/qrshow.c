/* The full-screen QR display: the frames of a bundle one after another, as
 * large as the window allows, dark on light: with half blocks, or with cell
 * backgrounds only where a font would leave seams between half blocks. */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "core/qrframe.h"
#include "tui/qrshow.h"

#define RATE_MIN 0.2
#define RATE_MAX 30.0
#define PAIR_QR 16	/* above the pairs the rest of the UI uses */
#define PAIR_QR_DARK 17
#define PAIR_QR_LIGHT 18

/* What the display shows and how. */
struct qrshow {
	const unsigned char *bundle;
	size_t len;
	struct qr_bundle cut;
	int have_cut, frame, paused, color, quit;
	int max_version;	/* the largest version to use; 0: any */
	enum qr_render render;
	int automatic;		/* drawing chosen by terminal and window */
	int seams;		/* the terminal may leave seams in half blocks */
	int invert;		/* light modules drawn dark and dark light */
	double rate, next;
	long shown;
	struct xf_err *err;
};

/* Restore the terminal before the program dies of lack of memory. */
static void
qrshow_endwin(void)
{
	endwin();
}

/* Columns of the next character of s and its length in bytes (0 at end). */
static size_t
qrshow_char(const char *s, int *w)
{
	mbstate_t ps;
	wchar_t wc;
	size_t n;

	memset(&ps, 0, sizeof ps);
	n = mbrtowc(&wc, s, strlen(s), &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
		return 0;
	*w = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
	return n;
}

/* Bytes of s that fill one row of cols columns, broken after a space when
 * the row would split a word. */
static size_t
qrshow_row(const char *s, int cols)
{
	size_t at = 0, space = 0, n;
	int x = 0, w = 0;

	while ((n = qrshow_char(s + at, &w)) > 0 && x + w <= cols) {
		x += w;
		at += n;
		if (s[at - 1] == ' ')
			space = at;
	}
	if (n == 0 || space == 0 || (unsigned char)s[at] >= 0x80 ||
	    s[at] == ' ')
		return at;
	return space;
}

/* Print text from (y, 0) wrapped at the window width; returns the next row. */
static int
qrshow_wrap(int y, const char *s)
{
	while (*s && y < LINES) {
		size_t n = qrshow_row(s, COLS);

		if (n == 0)
			break;
		mvaddnstr(y++, 0, s, (int)n);
		s += n;
		while (*s == ' ')
			s++;
	}
	return y;
}

/* Say how large the window must be, or that the bundle is too large. */
static void
qrshow_too_small(int need, enum qr_render render)
{
	char *msg;
	int cols, rows, y;

	if (need == 0) {
		qrshow_wrap(0, _("This bundle is too large for QR codes: carry "
		    "it on a USB stick. Press q to leave."));
		return;
	}
	qr_layout_size(need, render, &cols, &rows);
	msg = xasprintf(_("The window is too small for these QR codes: make "
	    "it at least %d columns by %d rows (or choose a smaller font), or "
	    "carry the bundle on a USB stick. Press q to leave."), cols,
	    rows + 2);
	y = qrshow_wrap(0, msg);
	free(msg);
	if (render == QR_RENDER_BLOCK)
		qrshow_wrap(y + 1, _("Blocks of colour take four times the room "
		    "of half blocks: if this terminal draws half blocks whole, "
		    "press b to draw the codes with them, or set qr_render = "
		    "halfblock in the configuration file."));
}

/* Say that the configured QR version cannot carry this bundle. */
static void
qrshow_small_version(int version, int need)
{
	char *msg = xasprintf(_("QR version %d (qr_version in the "
	    "configuration file) is too small for this bundle, which needs "
	    "version %d or more: change the setting, or carry the bundle on a "
	    "USB stick. Press q to leave."), version, need);

	qrshow_wrap(0, msg);
	free(msg);
}

/* Whether the module at row r, column c of the code with its margin is
 * dark (the margin is light). */
static int
qrshow_dark(const struct qr_symbol *s, int r, int c)
{
	r -= QR_QUIET;
	c -= QR_QUIET;
	return r >= 0 && r < s->width && c >= 0 && c < s->width &&
	    s->dark[r * s->width + c];
}

/* Draw one symbol with its quiet zone at (y, x), two modules per row. */
static void
qrshow_halfblock(const struct qrshow *q, const struct qr_symbol *s, int y,
    int x)
{
	static const char *const cell[4] = {" ", "\u2580", "\u2584", "\u2588"};
	int side = s->width + 2 * QR_QUIET;
	/* Without colours the glyph is the terminal's foreground, light on a
	 * dark screen: it draws the light modules unless inverted. */
	int flip = q->color ? q->invert : !q->invert;

	if (q->color)
		attron(COLOR_PAIR(PAIR_QR));
	for (int r = 0; r < side; r += 2) {
		move(y + r / 2, x);
		for (int c = 0; c < side; c++) {
			int top = qrshow_dark(s, r, c) ^ flip;
			int bot = qrshow_dark(s, r + 1, c) ^ flip;

			addstr(cell[top | bot << 1]);
		}
	}
	if (q->color)
		attroff(COLOR_PAIR(PAIR_QR));
}

/* Draw one symbol with its quiet zone at (y, x), each module two blank
 * cells of the dark or the light background: no glyph, so no seam. */
static void
qrshow_block(const struct qrshow *q, const struct qr_symbol *s, int y, int x)
{
	int side = s->width + 2 * QR_QUIET;

	for (int r = 0; r < side; r++) {
		move(y + r, x);
		for (int c = 0; c < side; c++) {
			int dark = qrshow_dark(s, r, c) ^ q->invert;

			if (q->color)
				attrset(COLOR_PAIR(dark ? PAIR_QR_DARK :
				    PAIR_QR_LIGHT));
			else	/* reverse video: the light foreground */
				attrset(dark ? A_NORMAL : A_REVERSE);
			addstr("  ");
		}
	}
	attrset(A_NORMAL);
}

/* Draw the symbol the way chosen. */
static void
qrshow_symbol(const struct qrshow *q, const struct qr_symbol *s, int y, int x)
{
	if (q->render == QR_RENDER_BLOCK)
		qrshow_block(q, s, y, x);
	else
		qrshow_halfblock(q, s, y, x);
}

/* The status line above the code and the keys below it. */
static void
qrshow_status(const struct qrshow *q)
{
	struct buf line = {0}, fit = {0};
	int n = q->cut.n, barw = COLS / 4;

	buf_addf(&line, _("frame %d/%d  bundle %08x  version %d  %.1f per "
	    "second%s  "), q->frame + 1, n, (unsigned)q->cut.id,
	    q->cut.version, q->rate, q->paused ? _("  (paused)") : "");
	buf_addc(&line, '[');
	for (int i = 0; i < barw; i++)
		buf_adds(&line, i * n < (q->frame + 1) * barw ? "#" : "-");
	buf_addc(&line, ']');
	utf8_fit(&fit, buf_str(&line), COLS);
	mvaddstr(0, 0, buf_str(&fit));
	fit.len = 0;
	utf8_fit(&fit, _("space pause  \u2190/\u2192 step  -/+ slower/faster  "
	    "b blocks/half blocks  i invert  q quit"), COLS);
	mvaddstr(LINES - 1, 0, buf_str(&fit));
	buf_free(&line);
	buf_free(&fit);
}

/* Cut the bundle again when the code no longer fits the window. */
static int
qrshow_fit(struct qrshow *q, int version)
{
	if (q->have_cut && q->cut.version <= version)
		return 0;
	if (q->have_cut)
		qr_bundle_free(&q->cut);
	q->have_cut = 0;
	if (qr_bundle_cut(&q->cut, q->bundle, q->len, version, q->err) != 0)
		return -1;
	q->have_cut = 1;
	q->frame %= q->cut.n;
	return 0;
}

/* The drawing chosen by terminal for this window: blocks, unless no code
 * of the bundle fits in blocks and one fits in half blocks. */
static enum qr_render
qrshow_auto_render(const struct qrshow *q, int need)
{
	int block = qr_layout_version(COLS, LINES - 2, QR_RENDER_BLOCK);

	if (!q->seams || (need != 0 && block < need &&
	    qr_layout_version(COLS, LINES - 2, QR_RENDER_HALFBLOCK) >= need))
		return QR_RENDER_HALFBLOCK;
	return QR_RENDER_BLOCK;
}

/* Draw the whole screen for the current frame and window size. */
static int
qrshow_draw(struct qrshow *q)
{
	int need = qr_min_version(q->len), cols, rows, v;
	struct buf text = {0};
	struct qr_symbol s;

	if (q->automatic)
		q->render = qrshow_auto_render(q, need);
	v = qr_layout_version(COLS, LINES - 2, q->render);
	erase();
	if (q->max_version != 0 && need != 0 && q->max_version < need) {
		qrshow_small_version(q->max_version, need);
		refresh();
		return 0;
	}
	if (q->max_version != 0 && v > q->max_version)
		v = q->max_version;
	if (need == 0 || v < need) {
		qrshow_too_small(need, q->render);
		refresh();
		return 0;
	}
	if (qrshow_fit(q, v) != 0)
		return -1;
	qr_frame_text(&q->cut, q->frame, &text);
	if (qr_symbol_encode(&s, buf_str(&text), q->cut.version, q->err) != 0) {
		buf_free(&text);
		return -1;
	}
	qr_layout_size(q->cut.version, q->render, &cols, &rows);
	qrshow_symbol(q, &s, 1 + (LINES - 2 - rows) / 2, (COLS - cols) / 2);
	qrshow_status(q);
	refresh();
	qr_symbol_free(&s);
	buf_free(&text);
	return 0;
}

/* Act on a key; returns 1 when the screen needs drawing again. */
static int
qrshow_key(struct qrshow *q, int ch)
{
	int n = q->have_cut ? q->cut.n : 1;

	switch (ch) {
	case 'q':
	case 27:
		q->quit = 1;
		return 0;
	case ' ':
		q->paused = !q->paused;
		break;
	case KEY_RIGHT:
	case 'n':
	case 'l':
		q->frame = (q->frame + 1) % n;
		break;
	case KEY_LEFT:
	case 'p':
	case 'h':
		q->frame = (q->frame + n - 1) % n;
		break;
	case '-':
		q->rate = q->rate / 1.5 < RATE_MIN ? RATE_MIN : q->rate / 1.5;
		break;
	case '+':
	case '=':
		q->rate = q->rate * 1.5 > RATE_MAX ? RATE_MAX : q->rate * 1.5;
		break;
	case 'b':
		q->automatic = 0;
		q->render = q->render == QR_RENDER_BLOCK ? QR_RENDER_HALFBLOCK :
		    QR_RENDER_BLOCK;
		break;
	case 'i':
		q->invert = !q->invert;
		break;
	case KEY_RESIZE:
		break;
	default:
		return 0;
	}
	q->next = time_mono() + 1.0 / q->rate;
	return 1;
}

/* Show frames until q is pressed. */
static int
qrshow_loop(struct qrshow *q)
{
	int redraw = 1;

	q->next = time_mono() + 1.0 / q->rate;
	while (!q->quit) {
		double wait;
		int ch;

		if (redraw && qrshow_draw(q) != 0)
			return -1;
		wait = q->next - time_mono();
		timeout(wait > 0 ? (int)(wait * 1000) + 1 : 0);
		ch = getch();
		if (ch != ERR) {
			redraw = qrshow_key(q, ch);
			continue;
		}
		redraw = 0;
		if (time_mono() < q->next)
			continue;
		q->next += 1.0 / q->rate;
		if (q->next < time_mono())
			q->next = time_mono() + 1.0 / q->rate;
		if (!q->paused && q->have_cut) {
			q->frame = (q->frame + 1) % q->cut.n;
			redraw = 1;
		}
	}
	return 0;
}

/* Check the terminal can draw half blocks. */
static int
qrshow_utf8(struct xf_err *err)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return xf_error(err, _("qr show needs a UTF-8 terminal (set "
		    "LANG to a UTF-8 locale such as zh_CN.UTF-8), or use qr "
		    "png to print the frames"));
	return 0;
}

/* Whether the terminal is one known to draw block glyphs itself, filling
 * the cell exactly: VTE, Konsole, urxvt, kitty, foot, alacritty, WezTerm
 * and the Linux console. xterm and st take the glyphs from the font, and a
 * CJK font's half blocks leave a seam between the rows; under screen or
 * tmux the terminal outside is not known. */
static int
qrshow_blocks_whole(void)
{
	static const char *const terms[] = {"rxvt", "xterm-kitty", "foot",
	    "alacritty", "wezterm", "linux", "contour"};
	const char *term = getenv("TERM"), *prog = getenv("TERM_PROGRAM");

	if ((getenv("VTE_VERSION") && *getenv("VTE_VERSION")) ||
	    (getenv("KONSOLE_VERSION") && *getenv("KONSOLE_VERSION")) ||
	    (prog != NULL && strcmp(prog, "WezTerm") == 0))
		return 1;
	for (size_t i = 0; term != NULL && i < XF_ARRAY_LEN(terms); i++)
		if (strncmp(term, terms[i], strlen(terms[i])) == 0)
			return 1;
	return 0;
}

/* Colour pairs for dark on light: bright white (231 or 15, not the grey
 * that colour 7 is on many terminals) and black. */
static void
qrshow_colors(struct qrshow *q)
{
	short light = COLORS >= 256 ? 231 : COLORS >= 16 ? 15 : COLOR_WHITE;
	short dark = COLORS >= 256 ? 16 : COLOR_BLACK;

	if (!has_colors() || COLOR_PAIRS <= PAIR_QR_LIGHT || COLORS < 8)
		return;
	q->color = 1;
	init_pair(PAIR_QR, dark, light);
	init_pair(PAIR_QR_DARK, light, dark);
	init_pair(PAIR_QR_LIGHT, dark, light);
}

/* Run the display on a curses screen that is already set up. */
static int
qrshow_session(const unsigned char *bundle, size_t len,
    const struct qrshow_opts *o, struct xf_err *err)
{
	struct qrshow q;
	int rc;

	memset(&q, 0, sizeof q);
	q.bundle = bundle;
	q.len = len;
	q.rate = o->rate;
	q.max_version = o->max_version;
	q.err = err;
	qrshow_colors(&q);
	q.render = (enum qr_render)o->render;
	if (o->render == QR_RENDER_AUTO) {
		q.automatic = 1;
		q.seams = !q.color || !qrshow_blocks_whole();
	}
	rc = qrshow_loop(&q);
	if (q.have_cut)
		qr_bundle_free(&q.cut);
	return rc;
}

/* Start curses, show the frames until q, and restore the terminal. */
int
qrshow_run(const unsigned char *bundle, size_t len,
    const struct qrshow_opts *o, struct xf_err *err)
{
	int rc;

	if (qrshow_utf8(err) != 0)
		return -1;
	xmalloc_set_fatal_hook(qrshow_endwin);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	if (has_colors())
		start_color();
	rc = qrshow_session(bundle, len, o, err);
	endwin();
	xmalloc_set_fatal_hook(NULL);
	return rc;
}

/* Show the frames on the running curses screen of the terminal UI. */
int
qrshow_in_curses(const unsigned char *bundle, size_t len,
    const struct qrshow_opts *o, struct xf_err *err)
{
	int rc, cursor, delay = wgetdelay(stdscr);

	if (qrshow_utf8(err) != 0)
		return -1;
	cursor = curs_set(0);
	rc = qrshow_session(bundle, len, o, err);
	timeout(delay);
	if (cursor != ERR)
		curs_set(cursor);
	clearok(curscr, TRUE);
	return rc;
}
