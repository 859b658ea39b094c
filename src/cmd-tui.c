/* xunfang tui: the terminal interface (also what runs with no command). */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "tui/tui_run.h"

/* Open the store and hand it to the UI, which unlocks it on screen. */
static int
cmd_tui_exec(struct cmd_ctx *ctx)
{
	if (ctx->argc > 1)
		return cmd_usage(&cmd_tui_entry);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cmd_failf(_("the terminal interface needs a terminal; "
		    "use the commands (`xunfang --help`) in scripts"));
	if (store_open(ctx->db_path, &ctx->st, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (tui_run(ctx->st, ctx->user, ctx->set, &ctx->err) != 0)
		return cmd_fail(ctx);
	return CMD_OK;
}

const struct cmd_entry cmd_tui_entry = {
	.name = "tui",
	.usage = N_("(takes no arguments)"),
	.summary = N_("the terminal interface (the default)"),
	.flags = 0,
	.exec = cmd_tui_exec,
};
