/* xunfang import: verify and import sync bundles, one transaction each. */
#include "config.h"

#include "cmd.h"

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
