/* xunfang edit and delete: add a version on top of a record's heads. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Collect the heads of a history as parents of the next version. */
static int
collect_heads(const struct rec_list *h, unsigned char (*parents)[VID_LEN])
{
	int n = 0;

	for (size_t i = 0; i < h->n && n < MAX_PARENTS; i++)
		if (h->rows[i].head)
			memcpy(parents[n++], h->rows[i].vid, VID_LEN);
	return n;
}

/* The head whose version id starts with prefix, or NULL. */
static const struct record *
find_head(const struct rec_list *h, const char *prefix)
{
	const struct record *found = NULL;
	char hex[33];

	for (size_t i = 0; i < h->n; i++) {
		hex_encode(hex, h->rows[i].vid, VID_LEN);
		if (h->rows[i].head && strncasecmp(hex, prefix,
		    strlen(prefix)) == 0) {
			if (found != NULL)
				return NULL;
			found = &h->rows[i];
		}
	}
	return found;
}

static int
write_version(struct cmd_ctx *ctx, const struct kind *k,
    const unsigned char *rid, const struct rec_list *h, char **vals, int tomb,
    const char *reason)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	int n = collect_heads(h, parents);

	if (store_begin(ctx->st, &ctx->err) != 0)
		return -1;
	if (record_write_why(ctx->st, k, rid, (const unsigned char (*)[VID_LEN])
	    parents, n, vals, tomb, reason, NULL, NULL, &ctx->err) != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	return store_commit(ctx->st, &ctx->err);
}

/* An edit of a record that has left the store says why: the copy sent
 * may already be evidence elsewhere. 0 if none is needed. */
static int
reason_needed(struct cmd_ctx *ctx, const struct rec_list *h,
    const unsigned char *rid, const char *id)
{
	int rc = record_needs_reason(ctx->st, h->kind, rid, &ctx->err);

	if (rc < 0)
		return cmd_fail(ctx);
	if (rc == 0)
		return 0;
	return cmd_failf(_("this %s has been exported: say why it is changed "
	    "with --reason TEXT (`xunfang edit %s --reason TEXT "
	    "FIELD=VALUE ...`)"), kind_label(h->kind), id);
}

static int
cmd_edit_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"resolve", no_argument, NULL, 'r'},
		{"pick", required_argument, NULL, 'p'},
		{"reason", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0}
	};
	const struct record *base;
	struct rec_list h;
	unsigned char rid[RID_LEN];
	const char *pick = NULL, *reason = NULL;
	char **vals;
	int c, resolve = 0, rc;

	while ((c = getopt_long(ctx->argc, ctx->argv, "rp:R:", opts, NULL)) !=
	    -1) {
		if (c == 'r')
			resolve = 1;
		else if (c == 'R')
			reason = optarg;
		else if (c == 'p')
			pick = optarg, resolve = 1;
		else
			return cmd_usage(&cmd_edit_entry);
	}
	if (optind >= ctx->argc || (optind + 1 == ctx->argc && !resolve))
		return cmd_usage(&cmd_edit_entry);
	if (reason != NULL && *reason == '\0')
		reason = NULL;
	if (reason != NULL && record_reason_check(reason, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (cmd_load_record(ctx, ctx->argv[optind], rid, &h) != 0)
		return CMD_FAIL;
	if (reason == NULL && (rc = reason_needed(ctx, &h, rid,
	    ctx->argv[optind])) != 0) {
		rec_list_free(&h);
		return rc;
	}
	base = record_current(&h);
	if (base->nheads > 1 && !resolve) {
		int heads = base->nheads;

		rec_list_free(&h);
		return cmd_failf(_("record %s is in conflict (%d versions that "
		    "do not know each other); settle it with `xunfang edit "
		    "%s --resolve [--pick VERSION] FIELD=VALUE ...`"),
		    ctx->argv[optind], heads, ctx->argv[optind]);
	}
	if (pick != NULL && (base = find_head(&h, pick)) == NULL) {
		rec_list_free(&h);
		return cmd_failf(_("--pick %s is not one of the record's "
		    "conflicting versions; `xunfang show ID` lists them"),
		    pick);
	}
	if (base->tomb && !resolve) {
		rec_list_free(&h);
		return cmd_failf(_("record %s was deleted"), ctx->argv[optind]);
	}
	rc = cmd_parse_fields(ctx, h.kind, ctx->argv + optind + 1,
	    ctx->argc - optind - 1, base->val, 0, &vals);
	if (rc == 0) {
		rc = write_version(ctx, h.kind, rid, &h, vals, 0, reason);
		cmd_free_fields(h.kind, vals);
		if (rc != 0)
			cmd_fail(ctx);
	}
	rec_list_free(&h);
	return rc == 0 ? CMD_OK : CMD_FAIL;
}

static int
cmd_delete_exec(struct cmd_ctx *ctx)
{
	const struct record *cur;
	struct rec_list h;
	unsigned char rid[RID_LEN];
	int rc;

	if (ctx->argc != 2)
		return cmd_usage(&cmd_delete_entry);
	if (cmd_load_record(ctx, ctx->argv[1], rid, &h) != 0)
		return CMD_FAIL;
	cur = record_current(&h);
	if (cur->tomb && cur->nheads == 1) {
		rec_list_free(&h);
		return cmd_failf(_("record %s is already deleted"),
		    ctx->argv[1]);
	}
	rc = write_version(ctx, h.kind, rid, &h, NULL, 1, NULL);
	rec_list_free(&h);
	if (rc != 0)
		return cmd_fail(ctx);
	printf(_("Deleted %s (its history is kept).\n"), ctx->argv[1]);
	return CMD_OK;
}

const struct cmd_entry cmd_edit_entry = {
	.name = "edit",
	.usage = N_("ID [--resolve [--pick VERSION]] [--reason TEXT] "
	    "FIELD=VALUE ..."),
	.summary = N_("change a record (adds a version)"),
	.flags = CMD_STORE,
	.exec = cmd_edit_exec,
};

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.usage = N_("ID"),
	.summary = N_("delete a record (adds a tombstone)"),
	.flags = CMD_STORE,
	.exec = cmd_delete_exec,
};
