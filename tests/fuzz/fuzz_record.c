/*
 * libFuzzer target: the record body decoder (record.c) and the shown form
 * of every value it yields (field.c). Input: one byte choosing the kind,
 * then a body. Round trip: a canonical body (format byte, increasing field
 * numbers, non-empty values) encodes back to the same bytes; any body that
 * decodes encodes to a canonical one that decodes to the same values.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/record.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

/* Times are shown in a fixed zone, so runs repeat. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Asia/Shanghai", 1);
	return 0;
}

/* Whether a body is in the one form record_encode writes. */
static int
canonical(const struct kind *k, const unsigned char *p, size_t n)
{
	size_t at = 1;
	int last = 0;

	if (n < 1 || p[0] != 1)
		return 0;
	while (at < n) {
		int idx = p[at++];
		const unsigned char *nul;

		if (idx <= last || idx > k->nfields || at >= n ||
		    p[at] == '\0')
			return 0;
		nul = memchr(p + at, '\0', n - at);
		if (nul == NULL)
			return 0;
		at = (size_t)(nul - p) + 1;
		last = idx;
	}
	return 1;
}

/* Show every value both ways; this must never read past a value. */
static void
show_all(const struct kind *k, char **vals)
{
	struct buf out = {0};

	for (int i = 0; i < k->nfields; i++) {
		if (vals[i] == NULL)
			continue;
		field_format(&k->fields[i], vals[i], FMT_HUMAN, NULL, &out);
		field_format(&k->fields[i], vals[i], FMT_CSV, NULL, &out);
		if (k->fields[i].type == FT_LIST && field_list_count(vals[i]) < 1
		    && vals[i][0] != '\0')
			abort();
		if (k->fields[i].flags & F_RESTRICTED)
			(void)record_sealed_ok(vals[i], strlen(vals[i]));
	}
	buf_free(&out);
}

/* Decode, show, encode again; check the round trip. */
static void
round_trip(const struct kind *k, const unsigned char *body, size_t n)
{
	char **vals = calloc((size_t)k->nfields, sizeof *vals);
	char **again = calloc((size_t)k->nfields, sizeof *again);
	char *copy = malloc(n ? n : 1), *copy2;
	struct buf enc = {0}, enc2 = {0};

	memcpy(copy, body, n);
	if (record_decode(k, copy, n, vals) == 0) {
		show_all(k, vals);
		record_encode(k, vals, &enc);
		if (canonical(k, body, n) &&
		    (enc.len != n || memcmp(enc.data, body, n) != 0))
			abort();
		copy2 = malloc(enc.len);
		memcpy(copy2, enc.data, enc.len);
		if (record_decode(k, copy2, enc.len, again) != 0)
			abort();
		for (int i = 0; i < k->nfields; i++)
			if ((vals[i] && vals[i][0] && (again[i] == NULL ||
			    strcmp(vals[i], again[i]) != 0)) ||
			    (again[i] && (vals[i] == NULL || !vals[i][0])))
				abort();
		record_encode(k, again, &enc2);
		if (enc2.len != enc.len || memcmp(enc2.data, enc.data,
		    enc.len) != 0)
			abort();
		free(copy2);
	} else if (canonical(k, body, n))
		abort();
	buf_free(&enc);
	buf_free(&enc2);
	free(copy);
	free(vals);
	free(again);
}

/* One input: a kind byte, then a body. */
int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const struct kind *k;

	if (size < 1)
		return 0;
	k = kind_by_id(data[0] % KIND_MAX + 1);
	if (k == NULL)
		return 0;
	round_trip(k, data + 1, size - 1);
	return 0;
}
