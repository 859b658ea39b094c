/* xunfang enroll: add the station (at a device) or a device (at a
 * station) from its public identity. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cmd.h"
#include "core/exchange.h"

/* The identity from a file, or the identity text itself. */
static int
read_identity(struct cmd_ctx *ctx, const char *arg, struct identity *id)
{
	unsigned char *data;
	struct stat sb;
	size_t len;
	int rc;

	if (stat(arg, &sb) != 0 && strncasecmp(arg, "XFID:", 5) == 0)
		return identity_parse(arg, strlen(arg), id, &ctx->err);
	if (file_read(arg, &data, &len, 4096, &ctx->err) != 0)
		return -1;
	rc = identity_parse((const char *)data, len, id, &ctx->err);
	free(data);
	if (rc != 0)
		xf_error_prefix(&ctx->err, "%s", arg);
	return rc;
}

/* The most characters a peer's name or village may have. */
#define PEER_NAME_MAX 100

/* Whether an option value is one short line of valid text. */
static int
one_line(const char *s)
{
	return s == NULL || (utf8_valid(s, strlen(s)) &&
	    !utf8_has_control(s) && utf8_chars(s) <= PEER_NAME_MAX);
}

/* Enrol a peer and print its fingerprint to compare aloud. */
static int
cmd_enroll_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"village", required_argument, NULL, 'v'},
		{NULL, 0, NULL, 0}
	};
	const char *name = NULL, *village = NULL;
	struct identity id;
	char hex[17], fp[IDENTITY_FP_LEN];
	int c, rc;

	while ((c = getopt_long(ctx->argc, ctx->argv, "n:v:", opts,
	    NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'v')
			village = optarg;
		else
			return cmd_usage(&cmd_enroll_entry);
	}
	if (optind + 1 != ctx->argc)
		return cmd_usage(&cmd_enroll_entry);
	if (!one_line(name) || !one_line(village))
		return cmd_failf(_("--name and --village must be one line of "
		    "text of at most %d characters"), PEER_NAME_MAX);
	if (read_identity(ctx, ctx->argv[optind], &id) != 0 ||
	    (rc = sync_enroll(ctx->st, &id, name, village, &ctx->err)) < 0)
		return cmd_fail(ctx);
	keyid_hex(id.keyid, hex);
	identity_fingerprint(&id, fp);
	if (id.role == ROLE_STATION)
		printf(rc ? _("Enrolled the station %s, key id %s.\n") :
		    _("Updated the station %s, key id %s.\n"),
		    sync_enroll_name(&id, name), hex);
	else
		printf(rc ? _("Enrolled device %s of %s, key id %s.\n") :
		    _("Updated device %s of %s, key id %s.\n"), name, village,
		    hex);
	printf(_("Fingerprint: %s\nRead it aloud with the other side: it must "
	    "match what `xunfang id` shows there.\n"), fp);
	return CMD_OK;
}

const struct cmd_entry cmd_enroll_entry = {
	.name = "enroll",
	.usage = N_("FILE [--name NAME --village VILLAGE]"),
	.summary = N_("enrol the station, or at a station a device"),
	.flags = CMD_STORE,
	.exec = cmd_enroll_exec,
};
