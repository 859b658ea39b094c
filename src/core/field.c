/* Parsing and formatting of field values, driven by the kind table. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "field.h"
#include "geo.h"

/* The label of a choice in the current language. */
const char *
field_choice_label(const struct field *f, const char *code)
{
	const struct choice *c = field_choice(f, code);

	return c ? choice_label(c) : code;
}

static int
parse_choice(const struct kind *k, const struct field *f, const char *in,
    struct buf *out, struct xf_err *err)
{
	char *allowed;

	for (const struct choice *c = f->choices; c->code != NULL; c++) {
		if (strcmp(in, c->code) == 0 || strcmp(in, c->zh) == 0 ||
		    strcmp(in, c->label) == 0 || strcmp(in, choice_label(c)) == 0) {
			buf_adds(out, c->code);
			return 0;
		}
	}
	allowed = field_allowed(f);
	xf_error(err, _("%s field '%s': '%s' is not allowed; allowed: %s"),
	    k->name, f->name, in, allowed);
	free(allowed);
	return -1;
}

static int
parse_text(const struct kind *k, const struct field *f, const char *in,
    struct buf *out, struct xf_err *err)
{
	size_t n;

	if (!utf8_valid(in, strlen(in)))
		return xf_error(err, _("%s field '%s': the text is not valid "
		    "UTF-8; check the terminal's encoding"), k->name, f->name);
	if (utf8_has_control(in))
		return xf_error(err, _("%s field '%s': control characters "
		    "(tabs, line breaks, characters that turn the text's "
		    "direction) are not allowed; use one line of plain text"),
		    k->name, f->name);
	n = utf8_chars(in);
	if (f->max > 0 && n > (size_t)f->max)
		return xf_error(err, _("%s field '%s': %zu characters is too "
		    "long; at most %d are allowed"), k->name, f->name, n,
		    f->max);
	buf_adds(out, in);
	return 0;
}

static int
parse_int(const struct kind *k, const struct field *f, const char *in,
    struct buf *out, struct xf_err *err)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(in, &end, 10);
	if (errno != 0 || *end != '\0' || end == in ||
	    (f->max > f->min && (v < f->min || v > f->max)))
		return xf_error(err, _("%s field '%s': '%s' is not a whole "
		    "number from %d to %d"), k->name, f->name, in, f->min,
		    f->max);
	buf_addf(out, "%lld", v);
	return 0;
}

static int
parse_scalar(const struct kind *k, const struct field *f, const char *in,
    int64_t now, const struct ref_ops *ops, struct buf *out,
    struct xf_err *err)
{
	int64_t t;
	int32_t c;
	char date[16], hex[33];

	switch (f->type) {
	case FT_TEXT:
		return parse_text(k, f, in, out, err);
	case FT_INT:
		return parse_int(k, f, in, out, err);
	case FT_TIME:
		if (time_parse(in, now, &t) != 0)
			return xf_error(err, _("%s field '%s': '%s' is not a "
			    "time; write YYYY-MM-DD HH:MM, HH:MM for today, "
			    "yesterday 20:30, -30m for 30 minutes ago, "
			    "or now"), k->name,
			    f->name, in);
		buf_addf(out, "%lld", (long long)t);
		return 0;
	case FT_DATE:
		if (date_parse(in, now, date) != 0)
			return xf_error(err, _("%s field '%s': '%s' is not a "
			    "date; write YYYY-MM-DD, today, or +7d"), k->name,
			    f->name, in);
		buf_adds(out, date);
		return 0;
	case FT_CHOICE:
		return parse_choice(k, f, in, out, err);
	case FT_REF:
		/* A reference to a record of any kind takes its id. */
		if (ops == NULL || ops->resolve == NULL ||
		    f->ref_kind == KIND_NONE) {
			if (hex_decode((unsigned char[16]){0}, 16, in) != 0)
				return xf_error(err, _("%s field '%s': '%s' is "
				    "not a record id"), k->name, f->name, in);
			buf_adds(out, in);
			return 0;
		}
		if (ops->resolve(ops->ctx, f->ref_kind, in, hex, err) != 0)
			return xf_error_prefix(err, _("%s field '%s'"),
			    k->name, f->name);
		buf_adds(out, hex);
		return 0;
	case FT_COORD:
		if (geo_coord_parse(in, f->max, &c) != 0)
			return xf_error(err, _("%s field '%s': '%s' is not "
			    "degrees from -%d to %d with at most six decimal "
			    "places (WGS-84, as 30.571234)"), k->name, f->name,
			    in, f->max, f->max);
		geo_coord_format(c, date);
		buf_adds(out, date);
		return 0;
	case FT_TRACK:
		if (!geo_track_ok(in))
			return xf_error(err, _("%s field '%s': not a track of "
			    "positions (time,latitude,longitude;...)"),
			    k->name, f->name);
		buf_adds(out, in);
		return 0;
	case FT_LIST:
		break;
	}
	return xf_error(err, _("%s field '%s': a list cannot hold a list"),
	    k->name, f->name);
}

/* Whether s[0..n) is a canonical scalar value of field f, as parsing
 * local entry would have stored it. */
static int
canon_scalar_ok(const struct field *f, const char *s, size_t n)
{
	char *v = xstrndup(s, n), *end, date[11], cbuf[16];
	unsigned char rid[16];
	int32_t c;
	long long x;
	int ok = 0;

	switch (f->type) {
	case FT_TEXT:
		ok = utf8_valid(v, n) && !utf8_has_control(v) &&
		    (f->max <= 0 || utf8_chars(v) <= (size_t)f->max);
		break;
	case FT_INT:
		errno = 0;
		x = strtoll(v, &end, 10);
		ok = errno == 0 && end != v && *end == '\0' &&
		    (f->max <= f->min || (x >= f->min && x <= f->max));
		break;
	case FT_TIME:
		errno = 0;
		x = strtoll(v, &end, 10);
		ok = errno == 0 && end != v && *end == '\0' && v[0] != '-' &&
		    v[0] != '+' && x >= 0 && x < TIME_LAST;
		break;
	case FT_DATE:
		ok = n == 10 && date_parse(v, 0, date) == 0 &&
		    strcmp(date, v) == 0;
		break;
	case FT_CHOICE:
		ok = field_choice(f, v) != NULL;
		break;
	case FT_REF:
		ok = n == 32 && hex_decode(rid, sizeof rid, v) == 0;
		break;
	case FT_COORD:
		ok = geo_coord_parse(v, f->max, &c) == 0 &&
		    (geo_coord_format(c, cbuf), strcmp(cbuf, v) == 0);
		break;
	case FT_TRACK:
		ok = geo_track_ok(v);
		break;
	case FT_LIST:
		break;
	}
	free(v);
	return ok;
}

/*
 * Whether a stored value (what a bundle carries) is one local entry could
 * have stored: a choice of the field's, a real time or calendar date, a
 * record id, text within its length and free of control and direction
 * characters, list items with their parts. 0 if it is; else the item
 * field that is not (or f itself) in *bad.
 */
int
field_canon_ok(const struct field *f, const char *v, size_t len,
    const struct field **bad)
{
	const char *item, *pos, *part;
	size_t ilen, plen;

	*bad = f;
	if (f->type != FT_LIST)
		return canon_scalar_ok(f, v, len) ? 0 : -1;
	if (f->max > 0 && field_list_count(v) > f->max)
		return -1;
	pos = v;
	while ((item = field_list_next(&pos, &ilen)) != NULL) {
		/* Parts past the table are a later version's: passed over,
		 * as long as they are plain text. */
		for (int i = f->nitems; (part = field_item_part(item, ilen, i,
		    &plen)) != NULL; i++) {
			char *x = xstrndup(part, plen);
			int bad_text = !utf8_valid(x, plen) ||
			    utf8_has_control(x);

			free(x);
			if (bad_text)
				return -1;
		}
		for (int i = 0; i < f->nitems; i++) {
			const struct field *sf = &f->items[i];

			*bad = sf;
			part = field_item_part(item, ilen, i, &plen);
			if (part == NULL || plen == 0) {
				if (sf->flags & F_REQUIRED)
					return -1;
				continue;
			}
			if (!canon_scalar_ok(sf, part, plen))
				return -1;
		}
	}
	*bad = f;
	return 0;
}

/* The next item of a canonical list value; NULL at the end. */
const char *
field_list_next(const char **pos, size_t *len)
{
	const char *p = *pos, *end;

	if (p == NULL || *p == '\0')
		return NULL;
	end = strchr(p, FIELD_ITEM_SEP);
	*len = end ? (size_t)(end - p) : strlen(p);
	*pos = end ? end + 1 : p + *len;
	return p;
}

/* Part n of an item, or NULL if it has no such part. */
const char *
field_item_part(const char *item, size_t len, int n, size_t *plen)
{
	const char *p = item, *end = item + len, *sep;

	for (; n > 0; n--) {
		sep = memchr(p, FIELD_PART_SEP, (size_t)(end - p));
		if (sep == NULL) {
			*plen = 0;
			return NULL;
		}
		p = sep + 1;
	}
	sep = memchr(p, FIELD_PART_SEP, (size_t)(end - p));
	*plen = (size_t)((sep ? sep : end) - p);
	return p;
}

/* Part n of an item as a new string. */
char *
field_item_strdup(const char *item, size_t len, int n)
{
	size_t plen;
	const char *p = field_item_part(item, len, n, &plen);

	return p ? xstrndup(p, plen) : xstrdup("");
}

/* Append one item built from its parts to a list being built. */
void
field_list_append(struct buf *list, const char *const *parts, int nparts)
{
	if (list->len > 0)
		buf_addc(list, FIELD_ITEM_SEP);
	for (int i = 0; i < nparts; i++) {
		if (i > 0)
			buf_addc(list, FIELD_PART_SEP);
		buf_adds(list, parts[i] ? parts[i] : "");
	}
}

/* Append the items of a canonical list value to a list being built. */
void
field_list_join(struct buf *list, const char *items)
{
	field_list_append(list, &items, 1);
}

/* Split typed text on sep, honouring backslash escapes. */
static char **
split_escaped(const char *in, char sep, int *n)
{
	char **parts = NULL;
	struct buf cur = {0};

	*n = 0;
	for (const char *p = in;; p++) {
		if (*p == '\\' && p[1] != '\0') {
			if (p[1] != sep)
				buf_addc(&cur, '\\');
			buf_addc(&cur, (unsigned char)*++p);
			continue;
		}
		if (*p == sep || *p == '\0') {
			parts = xreallocarray(parts, (size_t)*n + 1,
			    sizeof *parts);
			parts[(*n)++] = xstrdup(buf_str(&cur));
			cur.len = 0;
			if (*p == '\0')
				break;
			continue;
		}
		buf_addc(&cur, (unsigned char)*p);
	}
	buf_free(&cur);
	return parts;
}

static void
trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	while (s[i] == ' ')
		i++;
	memmove(s, s + i, n - i + 1);
}

static void
unescape_backslashes(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; r++) {
		if (*r == '\\' && r[1] != '\0')
			r++;
		*w++ = *r;
	}
	*w = '\0';
}

/* Split a typed list "a|b;c|d" into items of fields. */
char ***
field_split_list(const char *in, int *nitems)
{
	int n, m;
	char **items = split_escaped(in, ';', &n), ***out;

	out = xcalloc((size_t)n, sizeof *out);
	*nitems = 0;
	for (int i = 0; i < n; i++) {
		trim(items[i]);
		if (items[i][0] != '\0') {
			char **f = split_escaped(items[i], '|', &m);

			out[*nitems] = xcalloc((size_t)m + 1, sizeof **out);
			for (int j = 0; j < m; j++) {
				unescape_backslashes(f[j]);
				trim(f[j]);
				out[*nitems][j] = f[j];
			}
			free(f);
			(*nitems)++;
		}
		free(items[i]);
	}
	free(items);
	return out;
}

void
field_split_free(char ***items, int n)
{
	for (int i = 0; i < n; i++) {
		for (char **f = items[i]; *f != NULL; f++)
			free(*f);
		free(items[i]);
	}
	free(items);
}

/* The value an item field takes when an item leaves it out, as the
 * TUI's item form fills it: now for a time, the default of a choice. */
static const char *
item_default(const struct field *sf)
{
	if (sf->flags & F_NOW)
		return "now";
	if (sf->type == FT_CHOICE && sf->def != NULL)
		return sf->def;
	return NULL;
}

/* Whether an item must be given this field: required, with no default. */
static int
item_bare(const struct field *sf)
{
	return (sf->flags & F_REQUIRED) && item_default(sf) == NULL;
}

/* Lay the typed parts of an item on its fields. In order, except that
 * an item of exactly one part per required field without a default
 * fills those fields, the others taking their defaults: a lone
 * observation text is seen now, of the default type. */
static void
item_layout(const struct field *f, char **parts, int nparts,
    const char **v)
{
	int nbare = 0, next = 0;

	for (int j = 0; j < f->nitems; j++)
		nbare += item_bare(&f->items[j]);
	for (int j = 0; j < f->nitems; j++) {
		const struct field *sf = &f->items[j];

		if (nparts < f->nitems && nparts == nbare) {
			v[j] = item_bare(sf) ? parts[next++] :
			    item_default(sf);
			if (v[j] == NULL)
				v[j] = "";
		} else
			v[j] = j < nparts ? parts[j] : "";
	}
}

static int
parse_item(const struct kind *k, const struct field *f, char **parts,
    int item, int64_t now, const struct ref_ops *ops, struct buf *out,
    struct xf_err *err)
{
	int nparts = 0, rc = 0;
	const char **v = xcalloc((size_t)f->nitems, sizeof *v);
	char **canon = xcalloc((size_t)f->nitems, sizeof *canon);
	struct buf b = {0};

	while (parts[nparts] != NULL)
		nparts++;
	if (nparts > f->nitems)
		rc = xf_error(err, _("%s field '%s', item %d: %d parts given, "
		    "but an item has at most %d (separate parts with |)"),
		    k->name, f->name, item, nparts, f->nitems);
	else
		item_layout(f, parts, nparts, v);
	for (int j = 0; j < f->nitems && rc == 0; j++) {
		const struct field *sf = &f->items[j];

		if (*v[j] == '\0' && (sf->flags & F_NOW))
			v[j] = "now";
		if (*v[j] == '\0' && (sf->flags & F_REQUIRED))
			rc = xf_error(err, _("%s field '%s', item %d: '%s' "
			    "is required"), k->name, f->name, item, sf->name);
		else if (*v[j] != '\0' &&
		    parse_scalar(k, sf, v[j], now, ops, &b, err) != 0)
			rc = xf_error_prefix(err, _("item %d"), item);
		canon[j] = xstrdup(buf_str(&b));
		b.len = 0;
	}
	if (rc == 0)
		field_list_append(out, (const char *const *)canon, f->nitems);
	for (int j = 0; j < f->nitems; j++)
		free(canon[j]);
	free(canon);
	free(v);
	buf_free(&b);
	return rc;
}

static int
parse_list(const struct kind *k, const struct field *f, const char *in,
    int64_t now, const struct ref_ops *ops, struct buf *out,
    struct xf_err *err)
{
	int n, rc = 0;
	char ***items = field_split_list(in, &n);
	struct buf list = {0};

	if (f->max > 0 && n > f->max)
		rc = xf_error(err, _("%s field '%s': %d items is too many; at "
		    "most %d are allowed"), k->name, f->name, n, f->max);
	for (int i = 0; i < n && rc == 0; i++)
		rc = parse_item(k, f, items[i], i + 1, now, ops, &list, err);
	if (rc == 0 && list.len > 0)
		buf_add(out, list.data, list.len);
	buf_free(&list);
	field_split_free(items, n);
	return rc;
}

/* Parse typed input into the canonical stored form. */
int
field_parse(const struct kind *k, const struct field *f, const char *in,
    int64_t now, const struct ref_ops *ops, struct buf *out,
    struct xf_err *err)
{
	if (*in == '\0')
		return 0;
	if (strlen(in) > 65536)
		return xf_error(err, _("%s field '%s': the value is too long"),
		    k->name, f->name);
	if (!utf8_valid(in, strlen(in)))
		return xf_error(err, _("%s field '%s': the text is not valid "
		    "UTF-8; check the terminal's encoding"), k->name, f->name);
	if (f->type == FT_LIST)
		return parse_list(k, f, in, now, ops, out, err);
	return parse_scalar(k, f, in, now, ops, out, err);
}

static void
add_escaped(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ';' || s[i] == '|' || s[i] == '\\')
			buf_addc(out, '\\');
		buf_addc(out, (unsigned char)s[i]);
	}
}

static void
format_scalar(const struct field *f, const char *v, size_t n,
    enum field_fmt fmt, const struct ref_ops *ops, struct buf *out,
    int escape)
{
	char *s = xstrndup(v, n), tbuf[20];
	const char *name;

	switch (f->type) {
	case FT_TIME:
		time_format((int64_t)strtoll(s, NULL, 10), tbuf);
		buf_adds(out, tbuf);
		break;
	case FT_CHOICE:
		buf_adds(out, fmt == FMT_HUMAN ? field_choice_label(f, s) : s);
		break;
	case FT_REF:
		name = ops && ops->name ? ops->name(ops->ctx, f->ref_kind, s) :
		    NULL;
		if (name != NULL && escape)
			add_escaped(out, name, strlen(name));
		else if (name != NULL)
			buf_adds(out, name);
		else
			buf_add(out, s, fmt == FMT_HUMAN && n > 8 ? 8 : n);
		break;
	case FT_TRACK:
		if (fmt == FMT_HUMAN)
			geo_track_summary(s, out);
		else
			buf_adds(out, s);
		break;
	default:
		if (escape)
			add_escaped(out, s, n);
		else
			buf_adds(out, s);
		break;
	}
	free(s);
}

/* Append the shown form of a canonical value. */
void
field_format(const struct field *f, const char *canon, enum field_fmt fmt,
    const struct ref_ops *ops, struct buf *out)
{
	const char *pos = canon, *item;
	size_t len;

	if (canon == NULL)
		return;
	if (canon[0] == FIELD_SEALED) {
		buf_adds(out, _("restricted"));
		return;
	}
	if (f->type != FT_LIST) {
		format_scalar(f, canon, strlen(canon), fmt, ops, out, 0);
		return;
	}
	while ((item = field_list_next(&pos, &len)) != NULL) {
		int n = f->nitems;
		size_t tl;

		/* A fix left empty (a typed item) is not written out. */
		while (n > 0 && (f->items[n - 1].flags & F_AUTO) &&
		    (field_item_part(item, len, n - 1, &tl) == NULL ||
		    tl == 0))
			n--;
		if (item != canon)
			buf_adds(out, "; ");
		for (int j = 0; j < n; j++) {
			size_t plen;
			const char *p = field_item_part(item, len, j, &plen);

			if (p == NULL)
				break;
			/* A tick's position is for the presence lines. */
			if (fmt == FMT_HUMAN && (f->items[j].flags & F_AUTO))
				continue;
			if (j > 0 && (plen > 0 || fmt == FMT_CSV))
				buf_addc(out, fmt == FMT_CSV ? '|' : ' ');
			if (plen > 0)
				format_scalar(&f->items[j], p, plen, fmt, ops,
				    out, fmt == FMT_CSV);
		}
	}
}

/* Number of items in a canonical list value. */
int
field_list_count(const char *canon)
{
	const char *pos = canon;
	size_t len;
	int n = 0;

	while (field_list_next(&pos, &len) != NULL)
		n++;
	return n;
}

/* Check that every required field holds a value. */
int
field_check_required(const struct kind *k, char *const *vals,
    struct xf_err *err)
{
	for (int i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if ((f->flags & F_REQUIRED) && (vals[i] == NULL ||
		    vals[i][0] == '\0')) {
			char *allowed = f->type == FT_CHOICE ?
			    field_allowed(f) : NULL;

			xf_error(err, _("%s field '%s' (%s) is required%s%s"),
			    k->name, f->name, field_label(f),
			    allowed ? _("; allowed: ") : "",
			    allowed ? allowed : "");
			free(allowed);
			return -1;
		}
	}
	return field_check_order(k, vals, err);
}

/* Whether the fields are a kind's with a start and an end time (a
 * patrol's, or a form's copy of them); sets their indices. */
int
field_order_pair(const struct kind *k, int *si, int *ei)
{
	if (k->fields != kind_by_id(KIND_PATROL)->fields)
		return 0;
	*si = PATROL_F_START;
	*ei = PATROL_F_END;
	return 1;
}

/* Check that a record's end is not before its start. */
int
field_check_order(const struct kind *k, char *const *vals,
    struct xf_err *err)
{
	int si, ei;
	long long start, end;
	char sb[20], eb[20];

	if (!field_order_pair(k, &si, &ei) || vals[si] == NULL ||
	    vals[ei] == NULL || sscanf(vals[si], "%lld", &start) != 1 ||
	    sscanf(vals[ei], "%lld", &end) != 1 || end >= start)
		return 0;
	time_format((int64_t)start, sb);
	time_format((int64_t)end, eb);
	return xf_error(err, _("%s field '%s' (%s) %s is before field '%s' "
	    "(%s) %s: give an end after the start"), k->name,
	    k->fields[ei].name, field_label(&k->fields[ei]), eb,
	    k->fields[si].name, field_label(&k->fields[si]), sb);
}

void
field_csv_header(const struct kind *k, struct buf *out)
{
	csv_field(out, "id", 1);
	for (int i = 0; i < k->nfields; i++)
		csv_field(out, k->fields[i].name, 0);
	csv_end_row(out);
}

void
field_csv_row(const struct kind *k, const char *hexid, char *const *vals,
    const struct ref_ops *ops, struct buf *out)
{
	csv_field(out, hexid, 1);
	for (int i = 0; i < k->nfields; i++) {
		struct buf b = {0};

		field_format(&k->fields[i], vals[i], FMT_CSV, ops, &b);
		csv_field(out, buf_str(&b), 0);
		buf_free(&b);
	}
	csv_end_row(out);
}
