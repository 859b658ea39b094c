/* xunfang export: write a sync bundle for an enrolled peer. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "core/exchange.h"

/* Progress on stderr, only when it is a terminal. */
static void
progress(void *arg, const char *what, size_t done, size_t total)
{
	int *shown = arg;

	if (total == 0)
		return;
	fprintf(stderr, "\r%s: %zu/%zu (%d%%)   ", what, done, total,
	    (int)(done * 100 / total));
	*shown = 1;
}

/* Export a bundle for the peer named by --to. */
static int
cmd_export_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"to", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}
	};
	const char *to = NULL, *path = NULL;
	struct sync_export r;
	int c, rc, shown = 0;

	while ((c = getopt_long(ctx->argc, ctx->argv, "t:o:", opts,
	    NULL)) != -1) {
		if (c == 't')
			to = optarg;
		else if (c == 'o')
			path = optarg;
		else
			return cmd_usage(&cmd_export_entry);
	}
	if (to == NULL || optind != ctx->argc)
		return cmd_usage(&cmd_export_entry);
	rc = sync_export(ctx->st, to, path, isatty(2) ? progress : NULL,
	    &shown, &r, &ctx->err);
	if (shown)
		fputc('\n', stderr);
	if (rc != 0) {
		free(r.path);
		return cmd_fail(ctx);
	}
	/* With -o - the bundle is on standard output: the summary goes to
	 * standard error, where it cannot end up inside the bundle. */
	fprintf(file_is_stdout(r.path) ? stderr : stdout, _("Wrote bundle %llu "
	    "to %s: %zu versions, %zu revocations, %zu bytes.\n"),
	    (unsigned long long)r.seq, file_is_stdout(r.path) ?
	    _("standard output") : r.path, r.nversions, r.nrevoked, r.bytes);
	if (r.unrecorded)
		fprintf(stderr, _("xunfang: the store's disk is full or "
		    "read-only, so it could not note this export: the next one "
		    "carries the same number %llu; if the station took this "
		    "one, it refuses that one once, and the one after goes "
		    "through\n"), (unsigned long long)r.seq);
	free(r.path);
	return CMD_OK;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = N_("--to PEER [-o FILE|-]"),
	.summary = N_("write a sync bundle of what a peer lacks"),
	.flags = CMD_STORE,
	.exec = cmd_export_exec,
};
