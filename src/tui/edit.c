/* A one-line UTF-8 editor: moves and deletes by glyph (a character with
 * its combining marks, an emoji with its selector or joined sequence),
 * measures by display width, so Chinese and mixed text edit correctly. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Make sure the buffer holds a NUL-terminated string. */
static void
tedit_ensure(struct tedit *e)
{
	if (e->b.data == NULL)
		buf_adds(&e->b, "");
	buf_str(&e->b);
}

/* Replace the text; the cursor goes to its end. */
void
tedit_set(struct tedit *e, const char *s)
{
	e->b.len = 0;
	buf_adds(&e->b, s ? s : "");
	tedit_ensure(e);
	e->cur = e->b.len;
	e->off = 0;
}

/* The text. */
const char *
tedit_str(struct tedit *e)
{
	tedit_ensure(e);
	return buf_str(&e->b);
}

/* Free the text. */
void
tedit_free(struct tedit *e)
{
	buf_free(&e->b);
	e->cur = e->off = 0;
}

/* Byte offset of the glyph before i (a character with its marks, or an
 * emoji sequence: see utf8_glyph). */
static size_t
prev_char(const struct tedit *e, size_t i)
{
	size_t at = 0, last = 0, k;
	int w;

	while (at < i && (k = utf8_glyph((const char *)e->b.data + at,
	    e->b.len - at, &w)) > 0) {
		last = at;
		at += k;
	}
	return last;
}

/* Byte offset of the glyph after i. */
static size_t
next_char(const struct tedit *e, size_t i)
{
	int w;

	if (i >= e->b.len)
		return e->b.len;
	return i + utf8_glyph((const char *)e->b.data + i, e->b.len - i, &w);
}

/* Remove the bytes [a, b). */
static void
cut(struct tedit *e, size_t a, size_t b)
{
	memmove(e->b.data + a, e->b.data + b, e->b.len - b);
	e->b.len -= b - a;
	e->b.data[e->b.len] = '\0';
}

/* Insert a printable character at the cursor. */
static int
insert(struct tedit *e, wchar_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n;

	if (wc < 32 || wc == 127 || (wc >= 0x80 && wc < 0xA0))
		return 0;
	memset(&ps, 0, sizeof ps);
	n = wcrtomb(mb, wc, &ps);
	if (n == (size_t)-1)
		return 0;
	buf_add(&e->b, mb, n);	/* grow, then shift the tail */
	memmove(e->b.data + e->cur + n, e->b.data + e->cur,
	    e->b.len - n - e->cur);
	memcpy(e->b.data + e->cur, mb, n);
	e->cur += n;
	buf_str(&e->b);
	return 1;
}

/* Apply an editing key; returns 1 when the key was used. */
int
tedit_key(struct tedit *e, struct tui_key k)
{
	tedit_ensure(e);
	if (!k.fn)
		switch (k.code) {
		case 1:		/* Ctrl-A */
			e->cur = 0;
			return 1;
		case 5:		/* Ctrl-E */
			e->cur = e->b.len;
			return 1;
		case 8:
		case 127:
			if (e->cur > 0) {
				size_t p = prev_char(e, e->cur);

				cut(e, p, e->cur);
				e->cur = p;
			}
			return 1;
		case 21:	/* Ctrl-U */
			cut(e, 0, e->cur);
			e->cur = 0;
			return 1;
		default:
			return insert(e, (wchar_t)k.code);
		}
	switch (k.code) {
	case KEY_LEFT:
		e->cur = prev_char(e, e->cur);
		return 1;
	case KEY_RIGHT:
		e->cur = next_char(e, e->cur);
		return 1;
	case KEY_HOME:
		e->cur = 0;
		return 1;
	case KEY_END:
		e->cur = e->b.len;
		return 1;
	case KEY_BACKSPACE:
		return tedit_key(e, (struct tui_key){0, 127});
	case KEY_DC:
		if (e->cur < e->b.len)
			cut(e, e->cur, next_char(e, e->cur));
		return 1;
	}
	return 0;
}

/* Columns that the bytes [a, b) take. */
static int
span_width(const struct tedit *e, size_t a, size_t b)
{
	char *s = xstrndup((const char *)e->b.data + a, b - a);
	int w = utf8_width(s);

	free(s);
	return w;
}

/* Draw the text in w columns, scrolled so the cursor shows. */
int
tedit_draw(struct tui *t, struct tedit *e, int y, int x, int w, int focus)
{
	char *s;
	int cw;

	tedit_ensure(e);
	if (e->off > e->cur)
		e->off = e->cur;
	while (e->off < e->cur && span_width(e, e->off, e->cur) > w - 1)
		e->off = next_char(e, e->off);
	s = xstrdup((const char *)e->b.data + e->off);
	tui_put_fit(t, y, x, s, w);
	free(s);
	cw = span_width(e, e->off, e->cur);
	if (focus) {
		t->cy = y;
		t->cx = x + cw;
	}
	return x + cw;
}
