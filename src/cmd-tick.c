/* xunfang tick: tick a checkpoint on a patrol from its plaque. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/plaque.h"
#include "gps/gps.h"

/* Tick one code and say what came of it; -1 if it named nothing. */
static int
tick_one(struct cmd_ctx *ctx, const unsigned char *rid, const char *code,
    struct gps *g)
{
	struct plaque_tick t;
	struct geo_fix fix;
	struct ref_cache *rc;
	struct ref_ops ops;
	const char *msg, *name;
	char hex[33];

	gps_tick_fix(g, &fix);
	if (plaque_tick(ctx->st, rid, code, time_now(), &fix, NULL, &t,
	    &ctx->err) != 0) {
		cmd_fail(ctx);
		return -1;
	}
	record_id_hex(t.rid, hex);
	rc = ref_cache_new(ctx->st);
	ref_cache_ops(rc, &ops);
	name = ops.name(ops.ctx, KIND_CHECKPOINT, hex);
	printf(strcmp(t.method, "scan") == 0 ?
	    _("Ticked %s (scanned).\n") : _("Ticked %s (short code).\n"),
	    name != NULL ? name : hex);
	fflush(stdout);
	ref_cache_free(rc);
	if ((msg = plaque_flag_message(t.flag)) != NULL)
		fprintf(stderr, _("xunfang: warning: %s\n"), msg);
	if ((msg = gps_fix_message(&fix)) != NULL)
		fprintf(stderr, _("xunfang: %s\n"), msg);
	return 0;
}

/* Codes from standard input, one a line, as a scanner or zbarcam gives
 * them: blank lines are passed over, and a line that names no plaque is
 * said and the next one read. */
static int
tick_stdin(struct cmd_ctx *ctx, const unsigned char *rid, struct gps *g)
{
	char line[1024];
	int bad = 0;

	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if (tick_one(ctx, rid, line, g) != 0)
			bad = 1;
	}
	return bad ? CMD_FAIL : CMD_OK;
}

static int
cmd_tick_exec(struct cmd_ctx *ctx)
{
	unsigned char rid[RID_LEN];
	struct rec_list h;
	struct gps *g;
	int rc;

	if (ctx->argc != 3)
		return cmd_usage(&cmd_tick_entry);
	if (cmd_load_record(ctx, ctx->argv[1], rid, &h) != 0)
		return CMD_FAIL;
	if (h.kind->id != KIND_PATROL) {
		rec_list_free(&h);
		return cmd_failf(_("%s is not a patrol"), ctx->argv[1]);
	}
	rec_list_free(&h);
	g = gps_new(ctx->set->gpsd);
	if (strcmp(ctx->argv[2], "-") == 0)
		rc = tick_stdin(ctx, rid, g);
	else
		rc = tick_one(ctx, rid, ctx->argv[2], g) == 0 ? CMD_OK :
		    CMD_FAIL;
	gps_free(g);
	return rc;
}

const struct cmd_entry cmd_tick_entry = {
	.name = "tick",
	.usage = N_("PATROL PLAQUE-CODE|SHORT-CODE|-"),
	.summary = N_("tick a checkpoint on a patrol from its plaque"),
	.flags = CMD_STORE,
	.exec = cmd_tick_exec,
};
