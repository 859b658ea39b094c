/* xunfang list: the current records of a kind, as a table or CSV. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/csv.h"

#define COLUMN_MAX 24

struct list_opts {
	int csv, bom, history;
	const char *search;
	int64_t since;
};

/* Whether any field of the record, as stored or as shown, holds text. */
static int
matches(const struct kind *k, const struct record *r, const char *text,
    const struct ref_ops *ops)
{
	int hit = 0;

	for (int i = 0; i < k->nfields && !hit; i++) {
		struct buf b = {0};

		if (r->val[i] == NULL)
			continue;
		field_format(&k->fields[i], r->val[i], FMT_HUMAN, ops, &b);
		hit = str_contains_fold(r->val[i], text) ||
		    str_contains_fold(buf_str(&b), text);
		buf_free(&b);
	}
	return hit;
}

/* The time that places a record: its when-field, else its last change. */
static int64_t
record_when(const struct kind *k, const struct record *r)
{
	int w = kind_when_field(k);

	if (w >= 0 && r->val[w] != NULL)
		return (int64_t)strtoll(r->val[w], NULL, 10);
	return (int64_t)(r->hlc >> 16) / 1000;
}

/* A record's place in the list: its time, its last change, its id. */
struct row_key {
	int64_t when;
	uint64_t hlc;
	const unsigned char *rid;
	size_t at;
};

/* Newest first: later time, then later change, then record id. */
static int
row_key_cmp(const void *pa, const void *pb)
{
	const struct row_key *a = pa, *b = pb;

	if (a->when != b->when)
		return a->when > b->when ? -1 : 1;
	if (a->hlc != b->hlc)
		return a->hlc > b->hlc ? -1 : 1;
	return memcmp(a->rid, b->rid, RID_LEN);
}

/* The rows of a list in the order they are printed, newest first by the
 * time that places each record (as --since reads it, and as the terminal
 * interface sorts), then by its latest version. */
static size_t *
newest_first(const struct rec_list *l)
{
	struct row_key *key = xreallocarray(NULL, l->n + 1, sizeof *key);
	size_t *order = xreallocarray(NULL, l->n + 1, sizeof *order);

	for (size_t j = 0; j < l->n; j++) {
		key[j].when = record_when(l->kind, &l->rows[j]);
		key[j].hlc = l->rows[j].hlc;
		key[j].rid = l->rows[j].rid;
		key[j].at = j;
	}
	qsort(key, l->n, sizeof *key, row_key_cmp);
	for (size_t j = 0; j < l->n; j++)
		order[j] = key[j].at;
	free(key);
	return order;
}

static int
keep(const struct kind *k, const struct record *r, const struct list_opts *o,
    const struct ref_ops *ops)
{
	if (o->since != INT64_MIN && record_when(k, r) < o->since)
		return 0;
	return o->search == NULL || matches(k, r, o->search, ops);
}

static void
csv_rows(const struct rec_list *l, const size_t *order,
    const struct list_opts *o, const struct ref_ops *ops, struct buf *out)
{
	const struct kind *k = l->kind;
	char hex[33];

	if (o->bom)
		csv_bom(out);
	field_csv_header(k, out);
	for (size_t jj = 0; jj < l->n; jj++) {
		const struct record *r = &l->rows[order[jj]];

		if (!keep(k, r, o, ops))
			continue;
		record_id_hex(r->rid, hex);
		field_csv_row(k, hex, r->val, ops, out);
	}
}

/* The name of a version's author account, or its id in hex. */
static char *
author_name(struct store *st, const struct record *r)
{
	char *name = store_account_name(st, r->author);

	if (name == NULL) {
		name = xmalloc(2 * UID_LEN + 1);
		hex_encode(name, r->author, UID_LEN);
	}
	return name;
}

/* One CSV row of a version: the record, the version, when, by whom and
 * why, then its fields (none for a deletion). */
static void
csv_version(struct store *st, const struct kind *k, const struct record *r,
    const struct ref_ops *ops, struct buf *out)
{
	char hex[33], when[20], *author = author_name(st, r);

	record_id_hex(r->rid, hex);
	csv_field(out, hex, 1);
	hex_encode(hex, r->vid, VID_LEN);
	csv_field(out, hex, 0);
	time_format((int64_t)(r->hlc >> 16) / 1000, when);
	csv_field(out, when, 0);
	csv_field(out, author, 0);
	csv_field(out, r->reason ? r->reason : "", 0);
	csv_field(out, r->tomb ? "1" : "", 0);
	for (int i = 0; i < k->nfields; i++) {
		struct buf b = {0};

		if (!r->tomb)
			field_format(&k->fields[i], r->val[i], FMT_CSV, ops,
			    &b);
		csv_field(out, buf_str(&b), 0);
		buf_free(&b);
	}
	csv_end_row(out);
	free(author);
}

/* Every version of the records listed, oldest first within a record:
 * the history a county asks for when a record becomes evidence. */
static int
csv_history(struct cmd_ctx *ctx, const struct rec_list *l,
    const size_t *order, const struct list_opts *o,
    const struct ref_ops *ops, struct buf *out)
{
	const struct kind *k = l->kind;

	if (o->bom)
		csv_bom(out);
	csv_field(out, "id", 1);
	csv_field(out, "version", 0);
	csv_field(out, "version_time", 0);
	csv_field(out, "author", 0);
	csv_field(out, "reason", 0);
	csv_field(out, "deleted", 0);
	for (int i = 0; i < k->nfields; i++)
		csv_field(out, k->fields[i].name, 0);
	csv_end_row(out);
	for (size_t jj = 0; jj < l->n; jj++) {
		const struct record *r = &l->rows[order[jj]];
		struct rec_list h;

		if (!keep(k, r, o, ops))
			continue;
		if (record_history(ctx->st, r->rid, &h, &ctx->err) != 0)
			return -1;
		for (size_t v = 0; v < h.n; v++)
			csv_version(ctx->st, k, &h.rows[v], ops, out);
		rec_list_free(&h);
	}
	return 0;
}

/* The shown text of a record's column fields, one string per field. */
static char **
row_cells(const struct kind *k, const struct record *r,
    const struct ref_ops *ops)
{
	char **cells = xcalloc((size_t)k->nfields, sizeof *cells);

	for (int i = 0; i < k->nfields; i++) {
		struct buf b = {0};

		if (!(k->fields[i].flags & F_COLUMN))
			continue;
		field_format(&k->fields[i], r->val[i], FMT_HUMAN, ops, &b);
		cells[i] = xstrdup(buf_str(&b));
		buf_free(&b);
	}
	return cells;
}

static void
table_rows(const struct rec_list *l, const size_t *order,
    const struct list_opts *o, const struct ref_ops *ops, struct buf *out)
{
	const struct kind *k = l->kind;
	char ***rows = xcalloc(l->n ? l->n : 1, sizeof *rows), hex[33];
	int *width = xcalloc((size_t)k->nfields, sizeof *width);
	size_t shown = 0;

	for (int i = 0; i < k->nfields; i++)
		width[i] = utf8_width(field_label(&k->fields[i]));
	for (size_t j = 0; j < l->n; j++) {
		if (!keep(k, &l->rows[j], o, ops))
			continue;
		rows[j] = row_cells(k, &l->rows[j], ops);
		for (int i = 0; i < k->nfields; i++)
			if (rows[j][i] != NULL && utf8_width(rows[j][i]) > width[i])
				width[i] = utf8_width(rows[j][i]);
	}
	/* The record id column: eight digits and the conflict mark. */
	utf8_fit(out, _("id"), 9);
	buf_addc(out, ' ');
	for (int i = 0; i < k->nfields; i++)
		if (k->fields[i].flags & F_COLUMN) {
			if (width[i] > COLUMN_MAX)
				width[i] = COLUMN_MAX;
			utf8_fit(out, field_label(&k->fields[i]), width[i]);
			buf_addc(out, ' ');
		}
	buf_addc(out, '\n');
	for (size_t jj = 0; jj < l->n; jj++) {
		size_t j = order[jj];

		if (rows[j] == NULL)
			continue;
		record_id_hex(l->rows[j].rid, hex);
		buf_addf(out, "%.8s%s ", hex, l->rows[j].nheads > 1 ? "!" : " ");
		for (int i = 0; i < k->nfields; i++) {
			if (!(k->fields[i].flags & F_COLUMN))
				continue;
			utf8_fit(out, rows[j][i], width[i]);
			buf_addc(out, ' ');
			free(rows[j][i]);
		}
		buf_addc(out, '\n');
		free(rows[j]);
		shown++;
	}
	buf_addf(out, ngettext("%zu record\n", "%zu records\n", shown), shown);
	free(rows);
	free(width);
}

static int
cmd_list_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"csv", no_argument, NULL, 'c'},
		{"bom", no_argument, NULL, 'b'},
		{"no-bom", no_argument, NULL, 'B'},
		{"raw", no_argument, NULL, 'r'},
		{"search", required_argument, NULL, 's'},
		{"since", required_argument, NULL, 'S'},
		{"history", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0}
	};
	struct list_opts o = {0, -1, 0, NULL, INT64_MIN};
	const struct kind *k;
	struct ref_cache *rc;
	struct ref_ops ops;
	struct rec_list l;
	struct buf out = {0};
	size_t *order;
	int c, status;

	while ((c = getopt_long(ctx->argc, ctx->argv, "cbBrs:S:H", opts,
	    NULL)) != -1) {
		if (c == 'c')
			o.csv = 1;
		else if (c == 'H')
			o.history = 1;
		else if (c == 'r')
			csv_raw(1);
		else if (c == 'b')
			o.bom = 1;
		else if (c == 'B')
			o.bom = 0;
		else if (c == 's')
			o.search = optarg;
		else if (c == 'S') {
			if (time_parse(optarg, time_now(), &o.since) != 0)
				return cmd_badarg(_("--since takes a date "
				    "(YYYY-MM-DD) or time"), optarg);
		} else
			return cmd_usage(&cmd_list_entry);
	}
	if (optind + 1 != ctx->argc)
		return cmd_usage(&cmd_list_entry);
	if (o.bom == 1 && !o.csv)
		return cmd_badarg(_("--bom goes with --csv"), "--bom");
	if (o.history && !o.csv)
		return cmd_badarg(_("--history goes with --csv; `xunfang show "
		    "ID --history` shows one record's versions"), "--history");
	if (o.bom < 0)
		o.bom = ctx->set->csv_bom;
	if ((k = cmd_kind_arg(ctx->argv[optind])) == NULL)
		return CMD_FAIL;
	if (record_list(ctx->st, k, &l, &ctx->err) != 0)
		return cmd_fail(ctx);
	rc = ref_cache_new(ctx->st);
	ref_cache_ops(rc, &ops);
	order = newest_first(&l);
	status = 0;
	if (o.csv && o.history)
		status = csv_history(ctx, &l, order, &o, &ops, &out);
	else if (o.csv)
		csv_rows(&l, order, &o, &ops, &out);
	else
		table_rows(&l, order, &o, &ops, &out);
	free(order);
	if (l.damaged > 0)
		fprintf(stderr, _("xunfang: warning: %zu versions did not "
		    "decrypt and were left out: the store file was altered\n"),
		    l.damaged);
	if (status == 0)
		status = cmd_write(ctx, out.data, out.len);
	status = status == 0 ? CMD_OK : cmd_fail(ctx);
	buf_free(&out);
	ref_cache_free(rc);
	rec_list_free(&l);
	return status;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = N_("KIND [--csv [--history] [--bom] [--raw]] [--search TEXT] "
	    "[--since DATE]"),
	.summary = N_("list the records of a kind"),
	.flags = CMD_STORE,
	.exec = cmd_list_exec,
};
