/* xunfang sync: import the inbox folder and fill the outbox folder. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "cmd.h"
#include "core/folders.h"

#define SYNC_WAIT 60

/* One line per file: name, peer, what happened. */
static void
sync_log(void *arg, const struct folders_event *e)
{
	(void)arg;
	if (e->what == FE_NOTICE)
		printf(_("%s: refused by the peer: %s\n"), e->name, e->detail);
	else if (e->what == FE_ACKED)
		printf(_("%s: acknowledged by the peer\n"), e->name);
	else if (e->what == FE_IGNORED || e->what == FE_ASIDE)
		printf("%s\n", e->detail);
	else
		printf("%s  %s: %s\n", e->name, e->peer, e->detail);
	fflush(stdout);
}

/* The closing line: what the run did. */
static void
sync_summary(const struct folders_count *n)
{
	if (n->imported + n->refused + n->failed + n->written + n->acked +
	    n->notices == 0) {
		printf(_("Nothing to do: the inbox is empty and the outbox "
		    "already holds all the peers lack.\n"));
		return;
	}
	printf(_("Imported %zu, refused %zu, written %zu, acknowledged %zu.\n"),
	    n->imported, n->refused + n->failed, n->written, n->acked);
	if (n->refused > 0)
		printf(_("Refused bundles are in the inbox's rejected/ folder, "
		    "each beside a .why file that says why.\n"));
}

/* Parse --outbox, --inbox and --wait. */
static int
sync_args(struct cmd_ctx *ctx, char **outbox, char **inbox, int *wait)
{
	static const struct option opts[] = {
		{"outbox", required_argument, NULL, 'o'},
		{"inbox", required_argument, NULL, 'i'},
		{"wait", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}
	};
	int c;

	while ((c = getopt_long(ctx->argc, ctx->argv, "o:i:w:", opts,
	    NULL)) != -1) {
		if (c == 'o' || c == 'i') {
			free(c == 'o' ? *outbox : *inbox);
			*(c == 'o' ? outbox : inbox) = xstrdup(optarg);
		} else if (c == 'w') {
			if (cmd_parse_int(optarg, 0, 86400, _("--wait takes "
			    "seconds, 0 to 86400"), wait) != CMD_OK)
				return CMD_USAGE;
		} else
			return cmd_usage(&cmd_sync_entry);
	}
	if (optind != ctx->argc)
		return cmd_usage(&cmd_sync_entry);
	return CMD_OK;
}

/* Import the inbox, apply notices and acknowledgements, fill the outbox. */
static int
cmd_sync_exec(struct cmd_ctx *ctx)
{
	char *outbox = NULL, *inbox = NULL;
	struct folders_ctx c = {ctx->st, sync_log, NULL, {0}};
	int wait = SYNC_WAIT, rc;

	rc = sync_args(ctx, &outbox, &inbox, &wait);
	if (rc == CMD_OK) {
		if (outbox == NULL)
			outbox = folders_default_of(ctx->st, "outbox");
		if (inbox == NULL)
			inbox = folders_default_of(ctx->st, "inbox");
		rc = folders_sync(&c, outbox, inbox, wait, &ctx->err) != 0 ?
		    cmd_fail(ctx) : CMD_OK;
		/* A run that stopped on an error did not find nothing to do:
		 * the error said what happened. */
		if (rc == CMD_OK || c.n.imported + c.n.refused + c.n.failed +
		    c.n.written + c.n.acked + c.n.notices > 0)
			sync_summary(&c.n);
		if (rc == CMD_OK && c.n.refused + c.n.failed > 0)
			rc = CMD_FAIL;
	}
	free(outbox);
	free(inbox);
	return rc;
}

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.usage = N_("[--outbox DIR] [--inbox DIR] [--wait SECONDS]"),
	.summary = N_("import the inbox folder and fill the outbox folder"),
	.flags = CMD_STORE,
	.exec = cmd_sync_exec,
};
