/* xunfang add: create a record. */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"

static int
cmd_add_exec(struct cmd_ctx *ctx)
{
	const struct kind *k;
	unsigned char rid[RID_LEN];
	char **vals, hex[33];
	int rc;

	if (ctx->argc < 2)
		return cmd_usage(&cmd_add_entry);
	if ((k = cmd_kind_arg(ctx->argv[1])) == NULL)
		return CMD_FAIL;
	if (cmd_parse_fields(ctx, k, ctx->argv + 2, ctx->argc - 2, NULL, 1,
	    &vals) != 0)
		return CMD_FAIL;
	rc = store_begin(ctx->st, &ctx->err);
	if (rc == 0)
		rc = record_write(ctx->st, k, NULL, NULL, 0, vals, 0, rid,
		    NULL, &ctx->err);
	if (rc == 0)
		rc = store_commit(ctx->st, &ctx->err);
	else
		store_rollback(ctx->st);
	cmd_free_fields(k, vals);
	if (rc != 0)
		return cmd_fail(ctx);
	record_id_hex(rid, hex);
	printf("%s\n", hex);
	return CMD_OK;
}

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.usage = N_("KIND FIELD=VALUE ..."),
	.summary = N_("add a record and print its id"),
	.flags = CMD_STORE,
	.exec = cmd_add_exec,
};
