/* xunfang revoke: at a station, shut a device out. */
#include "config.h"

#include "cmd.h"
#include "core/exchange.h"

/* Revoke a device and say what follows from it. */
static int
cmd_revoke_exec(struct cmd_ctx *ctx)
{
	struct store_peer p;
	char hex[17];
	int rc;

	if (ctx->argc != 2)
		return cmd_usage(&cmd_revoke_entry);
	rc = sync_revoke(ctx->st, ctx->argv[1], &p, &ctx->err);
	if (rc < 0)
		return cmd_fail(ctx);
	keyid_hex(p.keyid, hex);
	if (rc == 0)
		printf(_("%s %s (%s) was already revoked.\n"),
		    sync_role_name(p.role), p.name, hex);
	else
		printf(_("Revoked %s %s (%s): its bundles are refused from now "
		    "on, and every device learns it with its next return "
		    "bundle.\n"), sync_role_name(p.role), p.name, hex);
	sync_peer_clear(&p);
	return CMD_OK;
}

const struct cmd_entry cmd_revoke_entry = {
	.name = "revoke",
	.usage = N_("PEER"),
	.summary = N_("at a station: revoke an enrolled device"),
	.flags = CMD_STORE,
	.exec = cmd_revoke_exec,
};
