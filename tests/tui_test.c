/* Unit tests of the terminal UI's text helpers: parts of a line joined,
 * the line editor over emoji sequences. */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "tap.h"

/* The parts joined after the head "x: " are want. */
static int
join_is(const char *const *parts, int n, const char *want)
{
	struct buf b = {0};
	size_t start;
	int same;

	buf_adds(&b, "x: ");
	start = b.len;
	for (int i = 0; i < n; i++)
		tui_join(&b, start, parts[i]);
	same = strcmp(buf_str(&b), want) == 0;
	if (!same)
		printf("# \"%s\", not \"%s\"\n", buf_str(&b), want);
	buf_free(&b);
	return same;
}

/* A list value shown is want. */
static int
list_is(const char *canon, const char *want)
{
	static const struct field items[3] = {
		{.name = "name", .type = FT_TEXT},
		{.name = "role", .type = FT_TEXT},
		{.name = "phone", .type = FT_TEXT},
	};
	static const struct field list = {.name = "parties", .type = FT_LIST,
	    .items = items, .nitems = 3};
	struct tui *t = xcalloc(1, sizeof *t);
	struct buf b = {0};
	int same;

	tui_format(t, &list, canon, &b);
	same = strcmp(buf_str(&b), want) == 0;
	if (!same)
		printf("# \"%s\", not \"%s\"\n", buf_str(&b), want);
	buf_free(&b);
	free(t);
	return same;
}

/* Keys on a line editor holding text; the text after them is want. */
static int
edit_is(const char *text, const struct tui_key *keys, int n, const char *want)
{
	struct tedit e = {0};
	int same;

	tedit_set(&e, text);
	for (int i = 0; i < n; i++)
		tedit_key(&e, keys[i]);
	same = strcmp(tedit_str(&e), want) == 0;
	if (!same)
		printf("# \"%s\", not \"%s\"\n", tedit_str(&e), want);
	tedit_free(&e);
	return same;
}

/* The line editor moves and deletes a glyph at a time. */
static void
test_edit_glyphs(void)
{
	static const char heart[] = "\u2764\ufe0f";
	static const char family[] =
	    "\U0001f468\u200d\U0001f469\u200d\U0001f467";
	const struct tui_key left_x[] = {{1, KEY_LEFT}, {0, 'X'}};
	const struct tui_key back[] = {{0, 127}};
	const struct tui_key home_del[] = {{1, KEY_HOME}, {1, KEY_RIGHT},
	    {1, KEY_DC}};
	char *s;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		printf("# no UTF-8 locale: the editor is not tested\n");
		return;
	}
	s = xasprintf("a%s", heart);
	ok(edit_is(s, left_x, 2, "aX\u2764\ufe0f"),
	    "left steps over an emoji and its selector");
	ok(edit_is(s, back, 1, "a"), "backspace takes the selector with it");
	free(s);
	s = xasprintf("a%sb", family);
	ok(edit_is(s, back, 1, "a\U0001f468\u200d\U0001f469\u200d\U0001f467"),
	    "backspace after a ZWJ sequence takes the letter only");
	ok(edit_is(s, left_x, 2, "a\U0001f468\u200d\U0001f469\u200d"
	    "\U0001f467Xb"), "...and left steps back to the letter");
	ok(edit_is(s, home_del, 3, "ab"),
	    "delete takes a ZWJ sequence whole");
	free(s);
	ok(edit_is("e\u0301x", home_del, 3, "e\u0301"),
	    "a combining accent stays on its letter");
	setlocale(LC_CTYPE, "C");
}

int
main(void)
{
	const char *const all[] = {"a", "b", "c"};
	const char *const gaps[] = {"", "a", "", "", "b", ""};

	ok(join_is(all, 3, "x: a · b · c"), "parts are joined by a dot");
	ok(join_is(gaps, 6, "x: a · b"),
	    "empty parts add no dot, first, between or last");
	ok(join_is(gaps, 1, "x: "), "an empty part alone adds nothing");
	ok(list_is("张三\t申请人\t13800000000", "张三 · 申请人 · 13800000000"),
	    "an item's parts are shown joined");
	ok(list_is("张三\t\t13800000000\n\t被申请人\t\n李四",
	    "张三 · 13800000000\n被申请人\n李四"),
	    "an item's empty parts leave no stray dot");
	test_edit_glyphs();
	return tap_done();
}
