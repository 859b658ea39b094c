/* xunfang verify: check bundles completely without importing them. */
#include "config.h"

#include "cmd.h"

/* Verify every bundle file named, importing nothing. */
static int
cmd_verify_exec(struct cmd_ctx *ctx)
{
	if (ctx->argc < 2)
		return cmd_usage(&cmd_verify_entry);
	return cmd_sync_files(ctx, 1);
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = N_("FILE..."),
	.summary = N_("check sync bundles without importing them"),
	.flags = CMD_STORE,
	.exec = cmd_verify_exec,
};
