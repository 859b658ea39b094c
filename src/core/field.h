/* Field values: parsing what people type into the canonical stored form,
 * and formatting it back for screens and CSV. */
#ifndef FIELD_H
#define FIELD_H

#include "kind.h"

/*
 * Canonical forms: text as typed; int in decimal; time in Unix seconds;
 * date as YYYY-MM-DD; choice as its code; reference as 32 hex digits;
 * list as items joined by '\n', each item's fields joined by '\t'.
 * Typed form of a list: items separated by ';', item fields by '|', with
 * '\' escaping either.
 */

/* First byte of a restricted value sealed to a key this account lacks
 * (see record.c): shown as "restricted", never typed. */
#define FIELD_SEALED '\036'

/* Turns a reference typed by a person (name or id) into 32 hex digits. */
struct ref_ops {
	int (*resolve)(void *, int kind, const char *text, char hex[33],
	    struct xf_err *);
	/* The title of a referenced record, or NULL if it is not here. */
	const char *(*name)(void *, int kind, const char *hex);
	void *ctx;
};

enum field_fmt {
	FMT_HUMAN,	/* translated labels, for screens */
	FMT_CSV		/* codes and the typed syntax, for scripts */
};

/* Parse typed input into canonical form (empty input: empty output). */
int field_parse(const struct kind *, const struct field *, const char *in,
    int64_t now, const struct ref_ops *, struct buf *out, struct xf_err *);
/* Append the shown form of a canonical value. */
void field_format(const struct field *, const char *canon, enum field_fmt,
    const struct ref_ops *, struct buf *out);
/* The label of a choice code in the current language. */
const char *field_choice_label(const struct field *, const char *code);
/* Number of items in a canonical list value. */
int field_list_count(const char *canon);
/* Check required fields of a whole record; names the first missing one. */
int field_check_required(const struct kind *, char *const *vals,
    struct xf_err *);
/* Split a typed list into items and item fields (caller frees with
 * field_split_free). */
char ***field_split_list(const char *in, int *nitems);
void field_split_free(char ***, int nitems);

#endif
