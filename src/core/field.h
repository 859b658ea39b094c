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

/* The separators of a canonical list value. Code outside field.c walks
 * and builds lists with the functions below, never by these bytes. */
#define FIELD_ITEM_SEP	'\n'	/* between items */
#define FIELD_PART_SEP	'\t'	/* between the parts of an item */

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
/* Whether a stored value is one local entry could have stored; 0 if it
 * is, else -1 with the (item) field that is not in *bad. */
int field_canon_ok(const struct field *, const char *v, size_t len,
    const struct field **bad);
/* Append the shown form of a canonical value. */
void field_format(const struct field *, const char *canon, enum field_fmt,
    const struct ref_ops *, struct buf *out);
/* A CSV row of a kind's records as `list --csv` writes it: the header
 * (id, then the field names), or one record (its id in hex, then each
 * value in FMT_CSV). */
void field_csv_header(const struct kind *, struct buf *out);
void field_csv_row(const struct kind *, const char *hexid,
    char *const *vals, const struct ref_ops *, struct buf *out);
/* The label of a choice code in the current language. */
const char *field_choice_label(const struct field *, const char *code);
/* Number of items in a canonical list value. */
int field_list_count(const char *canon);
/*
 * Walking a canonical list value:
 *
 *	const char *pos = val, *item;
 *	size_t len;
 *
 *	while ((item = field_list_next(&pos, &len)) != NULL)
 *		... field_item_part(item, len, 1, &plen) ...
 */
/* The next item of a list value (pos starts at the value, NULL or "" is
 * empty), its length in len and pos moved past it; NULL at the end. */
const char *field_list_next(const char **pos, size_t *len);
/* Part n (from 0) of an item of length len, its length in plen; NULL
 * (plen 0) when the item has fewer parts. */
const char *field_item_part(const char *item, size_t len, int n,
    size_t *plen);
/* Part n of an item as a string, "" if it has none (caller frees). */
char *field_item_strdup(const char *item, size_t len, int n);
/* Append an item of nparts parts (NULL is empty) to a list value being
 * built in list, which holds only the items so far. */
void field_list_append(struct buf *list, const char *const *parts,
    int nparts);
/* Append the items of a canonical list value (or one whole item). */
void field_list_join(struct buf *list, const char *items);
/* Check required fields of a whole record; names the first missing one. */
int field_check_required(const struct kind *, char *const *vals,
    struct xf_err *);
/* Whether the kind's fields have a start and an end time (a patrol's);
 * sets their indices. */
int field_order_pair(const struct kind *, int *start, int *end);
/* Check that an end time is not before the start time of the same record;
 * field_check_required does so too. */
int field_check_order(const struct kind *, char *const *vals,
    struct xf_err *);
/* Split a typed list into items and item fields (caller frees with
 * field_split_free). */
char ***field_split_list(const char *in, int *nitems);
void field_split_free(char ***, int nitems);

#endif
