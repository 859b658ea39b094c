/* xunfang import: verify and import sync bundles, one transaction each. */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "core/sync.h"

/* "patrol 5, visit 7" of what was added. */
static void
kind_counts(const struct sync_import *r, struct buf *b)
{
	int n;
	const struct kind *const *all = kind_all(&n);

	for (int i = 0; i < n; i++)
		if (r->added_by_kind[all[i]->id] > 0)
			buf_addf(b, "%s%s %zu", b->len ? ", " : "",
			    _(all[i]->label), r->added_by_kind[all[i]->id]);
}

/* Say what an import (or a verification) found. */
static void
sync_report(const char *file, const struct sync_import *r,
    int verify_only)
{
	struct buf b = {0};
	char hex[17];

	keyid_hex(r->hdr.sender, hex);
	printf(_("%s: bundle %llu from %s (%.8s): "), file,
	    (unsigned long long)r->hdr.seq, r->sender_name, hex);
	if (verify_only)
		printf(_("intact, %zu versions, addressed to this store.\n"),
		    r->nversions);
	else if (r->nversions == 0)
		printf(_("no versions, acknowledgements only.\n"));
	else if (r->added == 0)
		printf(_("nothing new: all %zu versions were already here.\n"),
		    r->nversions);
	else {
		kind_counts(r, &b);
		printf(ngettext("added %zu version (%s), %zu already here.\n",
		    "added %zu versions (%s), %zu already here.\n",
		    r->added), r->added, buf_str(&b), r->held);
	}
	if (sync_import_skipped(r) != NULL)
		printf("  %s\n", sync_import_skipped(r));
	if (r->nrevoked_new > 0)
		printf(_("  the station revoked %zu more devices.\n"),
		    r->nrevoked_new);
	if (r->self_revoked)
		printf(_("  the station has revoked THIS device: its bundles "
		    "are no longer accepted; ask the station.\n"));
	buf_free(&b);
}

/* Read and import one file. */
static int
import_file(struct cmd_ctx *ctx, const char *file, int verify_only)
{
	struct sync_import r;
	unsigned char *data;
	size_t len;
	int rc;

	if (file_read(file, &data, &len, BUNDLE_MAX_FILE, &ctx->err) != 0)
		return cmd_fail(ctx);
	rc = sync_import(ctx->st, data, len, verify_only, &r, &ctx->err);
	free(data);
	if (rc != 0) {
		xf_error_prefix(&ctx->err, _("%s refused, nothing was "
		    "imported"), file);
		sync_import_clear(&r);
		return cmd_fail(ctx);
	}
	sync_report(file, &r, verify_only);
	sync_import_clear(&r);
	return CMD_OK;
}

/* Import each file; one refused does not stop the others. */
int
cmd_sync_files(struct cmd_ctx *ctx, int verify_only)
{
	int rc = CMD_OK;

	for (int i = 1; i < ctx->argc; i++)
		if (import_file(ctx, ctx->argv[i], verify_only) != CMD_OK)
			rc = CMD_FAIL;
	return rc;
}

/* Import every bundle file named. */
static int
cmd_import_exec(struct cmd_ctx *ctx)
{
	if (ctx->argc < 2)
		return cmd_usage(&cmd_import_entry);
	return cmd_sync_files(ctx, 0);
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = N_("FILE..."),
	.summary = N_("verify and import sync bundles"),
	.flags = CMD_STORE,
	.exec = cmd_import_exec,
};
