/* Unit tests of the terminal UI's text helpers: parts of a line joined. */
#include "config.h"

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
	return tap_done();
}
