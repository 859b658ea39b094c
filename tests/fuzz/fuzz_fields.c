/*
 * libFuzzer target: typed field input (field.c) and CSV output (csv.c).
 * The first byte chooses the kind, the second a field; the rest is the
 * text as typed after FIELD= (a leading "NAME=" naming a field of the kind
 * chooses that field instead, as `xunfang add KIND NAME=VALUE` does). Round
 * trip: parse(format(parse(x))) == parse(x), with the CSV form, which is
 * the typed syntax (times: format(parse(x)) is stable, as the typed form
 * of a time is to the minute). A first byte of 0xff instead makes CSV rows of the
 * rest's fields (split at the unit separator 0x1f) and reads them back as
 * RFC 4180 says: the same fields.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/field.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

/* A fixed "now" on a minute, in a fixed zone, so runs repeat. */
#define NOW ((int64_t)1780000020)

/* Times are shown in a fixed zone, so runs repeat. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Asia/Shanghai", 1);
	return 0;
}

/* The field of the kind the text names before '=', or -1. */
static int
named_field(const struct kind *k, const char *s, const char **value)
{
	const char *eq = strchr(s, '=');
	char *name;
	int idx;

	if (eq == NULL || eq == s)
		return -1;
	name = strndup(s, (size_t)(eq - s));
	idx = kind_field_index(k, name);
	free(name);
	if (idx >= 0)
		*value = eq + 1;
	return idx;
}

/* Whether a field holds times: their typed form is to the minute. */
static int
has_time(const struct field *f)
{
	for (int i = 0; f->type == FT_LIST && i < f->nitems; i++)
		if (f->items[i].type == FT_TIME)
			return 1;
	return f->type == FT_TIME;
}

/* Parse the CSV form of a canonical value into out; 0 if it parses. */
static int
reparse(const struct kind *k, const struct field *f, const char *canon,
    struct buf *out)
{
	struct buf shown = {0};
	struct xf_err err;
	int rc;

	field_format(f, canon, FMT_CSV, NULL, &shown);
	rc = field_parse(k, f, buf_str(&shown), NOW, NULL, out, &err);
	buf_free(&shown);
	return rc;
}

/* Parse, show, parse the shown form again: the same canonical value (for
 * times, the same after the first trip, which drops the seconds). */
static void
field_round_trip(const struct kind *k, const struct field *f, const char *in)
{
	struct buf p1 = {0}, human = {0}, p2 = {0}, p3 = {0};
	struct xf_err err;

	if (field_parse(k, f, in, NOW, NULL, &p1, &err) == 0) {
		const char *c1 = buf_str(&p1);

		field_format(f, c1, FMT_HUMAN, NULL, &human);
		if (reparse(k, f, c1, &p2) != 0)
			abort();
		if (!has_time(f) && strcmp(c1, buf_str(&p2)) != 0)
			abort();
		if (reparse(k, f, buf_str(&p2), &p3) != 0 ||
		    strcmp(buf_str(&p2), buf_str(&p3)) != 0)
			abort();
		(void)field_list_count(c1);
	}
	buf_free(&p1);
	buf_free(&human);
	buf_free(&p2);
	buf_free(&p3);
}

/* One CSV field of a row, as RFC 4180 reads it; the end of the row sets
 * *eol. NULL when the text is not CSV. */
static char *
csv_take(const char **pp, const char *end, int *eol)
{
	const char *p = *pp;
	struct buf v = {0};

	if (p < end && *p == '"') {
		for (p++; p < end && (*p != '"' || (p + 1 < end &&
		    p[1] == '"')); p++) {
			if (*p == '"')
				p++;
			buf_addc(&v, (unsigned char)*p);
		}
		if (p == end)
			return buf_free(&v), NULL;
		p++;
	} else
		for (; p < end && *p != ',' && *p != '\r'; p++)
			buf_addc(&v, (unsigned char)*p);
	*eol = end - p >= 2 && p[0] == '\r' && p[1] == '\n';
	if (!*eol && (p == end || *p != ','))
		return buf_free(&v), NULL;
	*pp = p + (*eol ? 2 : 1);
	buf_str(&v);
	return (char *)v.data;
}

/* Fields split at 0x1f become one CSV row, read back the same (a formula
 * behind an apostrophe). */
static void
csv_round_trip(const char *s, size_t n)
{
	char **f = NULL;
	size_t nf = 0;
	struct buf row = {0};
	const char *p, *end;
	int eol = 0;

	for (size_t at = 0; at <= n;) {
		size_t len = strcspn(s + at, "\037");

		f = realloc(f, (nf + 1) * sizeof *f);
		f[nf++] = strndup(s + at, len);
		at += len + 1;
	}
	for (size_t i = 0; i < nf; i++)
		csv_field(&row, f[i], i == 0);
	csv_end_row(&row);
	p = (const char *)row.data;
	end = p + row.len;
	for (size_t i = 0; i < nf; i++) {
		char *v = csv_take(&p, end, &eol);
		/* A cell a spreadsheet would run reads back behind an
		 * apostrophe. */
		size_t q = csv_formula(f[i]) != 0;

		if (v == NULL || (q && v[0] != '\'') || strcmp(v + q, f[i]) != 0 ||
		    eol != (i + 1 == nf))
			abort();
		free(v);
		free(f[i]);
	}
	if (p != end)
		abort();
	free(f);
	buf_free(&row);
}

/* The field the selector byte picks, list item fields included. */
static const struct field *
pick_field(const struct kind *k, unsigned sel)
{
	int n = 0;

	for (int i = 0; i < k->nfields; i++)
		n += 1 + (k->fields[i].type == FT_LIST ? k->fields[i].nitems : 0);
	sel %= (unsigned)n;
	for (int i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (sel == 0)
			return f;
		sel--;
		if (f->type == FT_LIST && sel < (unsigned)f->nitems)
			return &f->items[sel];
		if (f->type == FT_LIST)
			sel -= (unsigned)f->nitems;
	}
	return &k->fields[0];
}

/* One input: kind, field and typed text, or CSV fields (see the top). */
int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const struct kind *k;
	const char *value;
	char *text;
	int idx;

	if (size < 2)
		return 0;
	text = strndup((const char *)data + 2, size - 2);
	if (data[0] == 0xff) {
		csv_round_trip(text, strlen(text));
		free(text);
		return 0;
	}
	k = kind_by_id(data[0] % KIND_MAX + 1);
	if (k != NULL) {
		value = text;
		idx = named_field(k, text, &value);
		field_round_trip(k, idx >= 0 ? &k->fields[idx] :
		    pick_field(k, data[1]), value);
	}
	free(text);
	return 0;
}
