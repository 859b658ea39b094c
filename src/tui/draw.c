/* Drawing helpers: attributes, bars, and text measured by display width. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"

/* Colour pairs: foreground on the terminal's own background. */
static void
colour_pairs(struct tui *t)
{
	short orange = COLORS >= 256 ? 208 : COLOR_MAGENTA;

	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_BLACK, COLOR_RED);
	init_pair(3, COLOR_BLACK, orange);
	init_pair(4, COLOR_BLACK, COLOR_YELLOW);
	init_pair(5, COLOR_BLACK, COLOR_GREEN);
	init_pair(6, COLOR_GREEN, -1);
	t->attrs[TA_ERROR] = COLOR_PAIR(1) | A_BOLD;
	t->attrs[TA_RED] = COLOR_PAIR(2) | A_BOLD;
	t->attrs[TA_ORANGE] = COLOR_PAIR(3) | A_BOLD;
	t->attrs[TA_YELLOW] = COLOR_PAIR(4) | A_BOLD;
	t->attrs[TA_GREEN] = COLOR_PAIR(5) | A_BOLD;
	t->attrs[TA_OK] = COLOR_PAIR(6) | A_BOLD;
	t->attrs[TA_WARN] = COLOR_PAIR(1) | A_BOLD;
	t->attrs[TA_DEMO] = COLOR_PAIR(4) | A_BOLD;
}

/* Choose attributes: colour where the terminal has it (and NO_COLOR is
 * not set), bold and reverse video everywhere. */
void
tui_colours(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");

	t->attrs[TA_TITLE] = A_REVERSE | A_BOLD;
	t->attrs[TA_BAR] = A_REVERSE;
	t->attrs[TA_SELECT] = A_REVERSE | A_BOLD;
	t->attrs[TA_LABEL] = A_BOLD;
	t->attrs[TA_ERROR] = A_BOLD | A_REVERSE;
	t->attrs[TA_WARN] = A_BOLD;
	t->attrs[TA_OK] = A_BOLD;
	t->attrs[TA_RED] = A_REVERSE | A_BOLD;
	t->attrs[TA_ORANGE] = A_REVERSE;
	t->attrs[TA_YELLOW] = A_BOLD | A_UNDERLINE;
	t->attrs[TA_GREEN] = A_NORMAL;
	t->attrs[TA_DEMO] = A_REVERSE | A_BOLD;
	t->colour = has_colors() && (nc == NULL || *nc == '\0');
	if (t->colour && start_color() == OK)
		colour_pairs(t);
	else
		t->colour = 0;
}

/* The curses attributes of a role. */
int
tui_attr(struct tui *t, enum tui_attr a)
{
	return (int)t->attrs[a];
}

/* Whether the n bytes at s hold the three bytes of c. */
static int
has_bytes(const char *s, size_t n, const char *c)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, c, 3) == 0)
			return 1;
	return 0;
}

/* Append s as curses and every terminal count its columns alike: a glyph
 * whose width rests on a variation selector or a zero-width joiner (which
 * curses counts one way and terminals several others) is drawn as its
 * first character, padded with spaces to the glyph's width. */
static void
plain_glyphs(struct buf *out, const char *s)
{
	size_t n = strlen(s), k;
	int w;

	while ((k = utf8_glyph(s, n, &w)) > 0) {
		mbstate_t ps;
		wchar_t wc;
		size_t first;
		int fw;

		memset(&ps, 0, sizeof ps);
		first = mbrtowc(&wc, s, k, &ps);
		if (first < k && first != 0 && (has_bytes(s, k, "\xef\xb8\x8f") ||
		    has_bytes(s, k, "\xe2\x80\x8d"))) {
			fw = wcwidth(wc) > 0 ? wcwidth(wc) : 0;
			buf_add(out, s, first);
			for (; fw < w; fw++)
				buf_addc(out, ' ');
		} else
			buf_add(out, s, k);
		s += k;
		n -= k;
	}
}

/* Put s at (y, x) within w columns, cut with …; returns columns used. */
int
tui_put(struct tui *t, int y, int x, const char *s, int w)
{
	struct buf b = {0}, plain = {0};
	int used;

	if (w <= 0 || y < 0 || y >= t->rows || x >= t->cols)
		return 0;
	if (x + w > t->cols)
		w = t->cols - x;
	if (utf8_width(s) <= w)
		buf_adds(&b, s);
	else
		utf8_fit(&b, s, w);
	used = utf8_width(buf_str(&b));
	plain_glyphs(&plain, buf_str(&b));
	mvaddstr(y, x, buf_str(&plain));
	buf_free(&plain);
	buf_free(&b);
	return used;
}

/* Put s padded with spaces to w columns. */
void
tui_put_fit(struct tui *t, int y, int x, const char *s, int w)
{
	int used = tui_put(t, y, x, s, w);

	if (x + w > t->cols)
		w = t->cols - x;
	for (; used < w; used++)
		mvaddch(y, x + used, ' ');
}

/* The title bar: program, screen title, and a demo mark. */
void
tui_title(struct tui *t, const char *title)
{
	struct buf s = {0};

	buf_adds(&s, _("xunfang"));
	tui_join(&s, 0, title);
	attrset(tui_attr(t, TA_TITLE));
	tui_put_fit(t, 0, 0, buf_str(&s), t->cols);
	buf_free(&s);
	if (t->unlocked && store_is_demo(t->st)) {
		const char *demo = _("DEMO demo data");
		int w = utf8_width(demo) + 2;

		attrset(tui_attr(t, TA_DEMO));
		if (w < t->cols)
			tui_put_fit(t, 0, t->cols - w, demo, w);
	}
	attrset(A_NORMAL);
}

/* The bottom bar: the screen's keys. */
void
tui_bottom(struct tui *t, const char *keys)
{
	if (t->rows < 2)
		return;
	attrset(tui_attr(t, TA_BAR));
	tui_put_fit(t, t->rows - 1, 0, keys, t->cols);
	attrset(A_NORMAL);
}

/* The first row under the title bar. */
int
tui_body_top(const struct tui *t)
{
	(void)t;
	return 1;
}

/* Rows between the title bar and the message line. */
int
tui_body_rows(const struct tui *t)
{
	return t->rows > 4 ? t->rows - 3 : 1;
}

/* Length in bytes of the head of s that fits in w columns (at least one
 * glyph, so a line always moves on); glyphs are kept whole. */
static size_t
fit_bytes(const char *s, int w)
{
	size_t n = strlen(s), used = 0, k;
	int cols = 0, cw;

	while (used < n && s[used] != '\n' &&
	    (k = utf8_glyph(s + used, n - used, &cw)) > 0) {
		if (cols + cw > w && used > 0)
			break;
		cols += cw;
		used += k;
	}
	return used;
}

/* Wrap text at w columns and at line breaks. */
int
tui_wrap(const char *s, int w, char ***lines)
{
	int n = 0, cap = 8;

	*lines = xreallocarray(NULL, (size_t)cap, sizeof **lines);
	if (w < 2)
		w = 2;
	do {
		size_t k = fit_bytes(s, w);

		if (n == cap)
			*lines = xreallocarray(*lines, (size_t)(cap *= 2),
			    sizeof **lines);
		(*lines)[n++] = xstrndup(s, k);
		s += k;
		if (*s == '\n')
			s++;
	} while (*s != '\0');
	return n;
}

/* Free lines made by tui_wrap. */
void
tui_lines_free(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* A question on the message line, over the screen: the next key answers
 * it (see tui_is_yes). */
void
tui_ask_draw(struct tui *t, const char *question)
{
	attrset(tui_attr(t, TA_WARN) | A_REVERSE);
	tui_put_fit(t, t->rows - 2, 0, question, t->cols);
	attrset(A_NORMAL);
	t->cy = -1;
}

/* Whether the key answers a question with yes: y or Y, nothing else. */
int
tui_is_yes(struct tui_key k)
{
	return !k.fn && (k.code == L'y' || k.code == L'Y');
}
