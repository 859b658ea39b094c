/* xunfang show: one record, its conflict state and its history. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/presence.h"
#include "core/review.h"

static void
print_version_line(struct cmd_ctx *ctx, const struct record *r, int n,
    int total, int current)
{
	char vid[33], dev[17], when[20], *author;

	hex_encode(vid, r->vid, VID_LEN);
	hex_encode(dev, r->device, VAULT_KEYID_LEN);
	time_format((int64_t)(r->hlc >> 16) / 1000, when);
	author = store_account_name(ctx->st, r->author);
	if (author == NULL) {
		author = xmalloc(2 * UID_LEN + 1);
		hex_encode(author, r->author, UID_LEN);
	}
	printf(_("version %d/%d %.12s  %s  device %.8s  by %s"), n, total, vid,
	    when, dev, author);
	if (r->tomb)
		printf("  [%s]", _("deleted"));
	if (r->head && r->nheads > 1)
		printf("  [%s]", _("conflict"));
	if (current)
		printf("  [%s]", _("current"));
	putchar('\n');
	if (r->reason != NULL)
		printf(_("  Reason for the change: %s\n"), r->reason);
	free(author);
}

static void
print_conflict(const struct rec_list *h, const char *id)
{
	char vid[33];

	printf(_("IN CONFLICT: %d versions were written without knowing each "
	    "other:\n"), record_current(h)->nheads);
	for (size_t i = 0; i < h->n; i++) {
		if (!h->rows[i].head)
			continue;
		hex_encode(vid, h->rows[i].vid, VID_LEN);
		printf("  %.12s\n", vid);
	}
	printf(_("Settle it with: xunfang edit %s --resolve --pick VERSION "
	    "[FIELD=VALUE ...]\n"), id);
}

/* A review in a report's history: when, by whom, and what it says. */
static void
print_review_line(struct cmd_ctx *ctx, const struct review *v)
{
	char hex[33], when[20], *author, *text;

	record_id_hex(v->rec->rid, hex);
	time_format(review_time(v->hlc), when);
	if ((author = store_account_name(ctx->st, v->rec->author)) == NULL)
		author = xstrdup(_("the station"));
	text = review_text(v);
	printf(_("review %.12s  %s  by %s\n"), hex, when, author);
	printf("  %s\n", text);
	free(text);
	free(author);
}

/* The versions of a report and the station's reviews of it, in the order
 * they were written: the thread of what was asked and what was done. */
static void
print_history(struct cmd_ctx *ctx, const struct rec_list *h,
    const struct record *cur, const struct review *rv, size_t nrv,
    const struct ref_ops *ops)
{
	size_t j = 0;

	for (size_t i = 0; i < h->n; i++) {
		for (; j < nrv && rv[j].hlc < h->rows[i].hlc; j++)
			print_review_line(ctx, &rv[j]);
		print_version_line(ctx, &h->rows[i], (int)i + 1, (int)h->n,
		    &h->rows[i] == cur);
		if (!h->rows[i].tomb)
			cmd_print_fields(ctx, h->kind, h->rows[i].val, ops);
	}
	for (; j < nrv; j++)
		print_review_line(ctx, &rv[j]);
}

/* Where a patrol's ticks were, and what looks wrong (presence.h). */
static void
print_presence(struct cmd_ctx *ctx, char *const *vals,
    const struct ref_ops *ops)
{
	struct rec_list cps;
	struct presence p;
	struct buf b = {0};

	if (record_list(ctx->st, kind_by_id(KIND_CHECKPOINT), &cps,
	    &ctx->err) != 0)
		memset(&cps, 0, sizeof cps);
	presence_of(vals, &cps, &p);
	presence_lines(&p, ops, &b);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	presence_free(&p);
	rec_list_free(&cps);
}

/* The station's newest word on a report, under its fields. */
static void
print_review(const struct review *rv, size_t nrv)
{
	char *text;

	if (nrv == 0)
		return;
	text = review_text(&rv[nrv - 1]);
	printf("%s\n", text);
	free(text);
}

static int
cmd_show_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"history", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0}
	};
	const struct record *cur;
	struct ref_cache *rc;
	struct ref_ops ops;
	struct rec_list h;
	struct review_set rs = {0};
	const struct review *rv = NULL;
	size_t nrv = 0;
	unsigned char rid[RID_LEN];
	char hex[33];
	int c, history = 0;

	while ((c = getopt_long(ctx->argc, ctx->argv, "H", opts, NULL)) != -1) {
		if (c != 'H')
			return cmd_usage(&cmd_show_entry);
		history = 1;
	}
	if (optind + 1 != ctx->argc)
		return cmd_usage(&cmd_show_entry);
	if (cmd_load_record(ctx, ctx->argv[optind], rid, &h) != 0)
		return CMD_FAIL;
	if (review_kind(h.kind->id) && review_load(ctx->st, &rs,
	    &ctx->err) == 0)
		rv = review_of(&rs, rid, &nrv);
	rc = ref_cache_new(ctx->st);
	ref_cache_ops(rc, &ops);
	cur = record_current(&h);
	record_id_hex(rid, hex);
	/* TRANSLATORS: the header of `show`: the kind's internal name
	 * (what `list` takes), the record id, the kind's label, and
	 * " — deleted" or nothing. A translation puts the label first
	 * and the internal name last, with positions: "%3$s %2$s (%1$s)%4$s". */
	printf(_("%s %s (%s)%s\n"), h.kind->name, hex, kind_label(h.kind),
	    cur->tomb ? _(" — deleted") : "");
	if (cur->nheads > 1)
		print_conflict(&h, hex);
	if (!history) {
		cmd_print_fields(ctx, h.kind, cur->tomb ? NULL : cur->val,
		    &ops);
		if (h.kind->id == KIND_PATROL && !cur->tomb)
			print_presence(ctx, cur->val, &ops);
		print_review(rv, nrv);
	} else
		print_history(ctx, &h, cur, rv, nrv, &ops);
	review_set_free(&rs);
	ref_cache_free(rc);
	rec_list_free(&h);
	return CMD_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = N_("ID [--history]"),
	.summary = N_("show a record, its conflicts and its versions"),
	.flags = CMD_STORE,
	.exec = cmd_show_exec,
};
