/*
 * Inputs the fuzz targets (tests/fuzz) found to break the core, kept as
 * tests of the normal suite: each asserts what the fixed code must do.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "tap.h"
#include "core/record.h"

#define NOW ((int64_t)1780000020)

/* The canonical form of typed text for a field of a kind, or NULL. */
static char *
parse(const char *kind, const char *field, const char *in)
{
	const struct kind *k = kind_by_name(kind);
	struct buf out = {0};
	struct xf_err err;

	if (field_parse(k, &k->fields[kind_field_index(k, field)], in, NOW,
	    NULL, &out, &err) != 0) {
		buf_free(&out);
		return NULL;
	}
	buf_str(&out);
	return (char *)out.data;
}

/* An empty part of a list item after a full one stays empty; it once
 * repeated the part before it ("1||" read as "1|1|1"). */
static void
test_empty_parts(void)
{
	char *c = parse("dispute", "parties", "1||");
	char *d = parse("dispute", "parties", "王某||二组;李某|");

	ok(c != NULL && strcmp(c, "1\t\t") == 0, "an item '1||' keeps its "
	    "empty contact and address");
	ok(d != NULL && strcmp(d, "王某\t\t二组\n李某\t\t") == 0, "an item "
	    "'王某||二组' has no contact, not '王某' again");
	free(c);
	free(d);
}

/* A time out of the calendar's range shows as "?", terminated; it once
 * left the output unterminated and was read past its end. */
static void
test_time_range(void)
{
	const struct kind *k = kind_by_name("patrol");
	const struct field *f = &k->fields[kind_field_index(k, "start")];
	char out[20];
	struct buf b = {0};

	memset(out, 'x', sizeof out);
	time_format(INT64_C(99999999999999999), out);
	ok(memchr(out, '\0', sizeof out) != NULL && strcmp(out, "?") == 0,
	    "a time past year 9999 formats as '?'");
	field_format(f, "99999999999999999", FMT_CSV, NULL, &b);
	ok(strcmp(buf_str(&b), "?") == 0, "a stored time past year 9999 "
	    "shows as '?'");
	buf_free(&b);
}

/* Typed times that would not show back as typed text are refused. */
static void
test_time_parse_bounds(void)
{
	int64_t t;

	ok(time_parse("@99999999999999", NOW, &t) != 0, "'@' seconds past "
	    "year 9999 are refused");
	ok(time_parse("@1780000000", NOW, &t) == 0 && t == 1780000000,
	    "'@' seconds in range are taken");
	ok(time_parse("-99999d", NOW, &t) != 0, "a time before 1970 by "
	    "'-99999d' is refused");
	ok(time_parse("-30m", NOW, &t) == 0 && t == NOW - 1800, "'-30m' is "
	    "30 minutes ago");
}

/* Each fixed fault, in a fixed zone. */
int
main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	test_empty_parts();
	test_time_range();
	test_time_parse_bounds();
	return tap_done();
}
