/* xunfang tick: tick a checkpoint on a patrol from its plaque. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/plaque.h"

static int
cmd_tick_exec(struct cmd_ctx *ctx)
{
	unsigned char rid[RID_LEN];
	struct plaque_tick t;
	struct rec_list h;
	struct ref_cache *rc;
	struct ref_ops ops;
	const char *msg, *name;
	char hex[33];

	if (ctx->argc != 3)
		return cmd_usage(&cmd_tick_entry);
	if (cmd_load_record(ctx, ctx->argv[1], rid, &h) != 0)
		return CMD_FAIL;
	if (h.kind->id != KIND_PATROL) {
		rec_list_free(&h);
		return cmd_failf(_("%s is not a patrol"), ctx->argv[1]);
	}
	rec_list_free(&h);
	if (plaque_tick(ctx->st, rid, ctx->argv[2], time_now(), &t,
	    &ctx->err) != 0)
		return cmd_fail(ctx);
	record_id_hex(t.rid, hex);
	rc = ref_cache_new(ctx->st);
	ref_cache_ops(rc, &ops);
	name = ops.name(ops.ctx, KIND_CHECKPOINT, hex);
	printf(strcmp(t.method, "scan") == 0 ?
	    _("Ticked %s (scanned).\n") : _("Ticked %s (short code).\n"),
	    name != NULL ? name : hex);
	ref_cache_free(rc);
	if ((msg = plaque_flag_message(t.flag)) != NULL) {
		fprintf(stderr, _("xunfang: warning: %s\n"), msg);
	}
	return CMD_OK;
}

const struct cmd_entry cmd_tick_entry = {
	.name = "tick",
	.usage = N_("PATROL PLAQUE-CODE|SHORT-CODE"),
	.summary = N_("tick a checkpoint on a patrol from its plaque"),
	.flags = CMD_STORE,
	.exec = cmd_tick_exec,
};
