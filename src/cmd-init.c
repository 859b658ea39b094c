/* xunfang init: create a new encrypted store. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Fill the creation arguments from init's options; CMD_OK or a status. */
static int
parse_init(struct cmd_ctx *ctx, struct store_create_args *a)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{"user", required_argument, NULL, 'u'},
		{"kdf-memory", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0}
	};
	int c;

	while ((c = getopt_long(ctx->argc, ctx->argv, "r:n:u:m:", opts,
	    NULL)) != -1) {
		if (c == 'r' && strcmp(optarg, "device") == 0)
			a->role = ROLE_DEVICE;
		else if (c == 'r' && strcmp(optarg, "station") == 0)
			a->role = ROLE_STATION;
		else if (c == 'r')
			return cmd_badarg(_("--role must be device or station"),
			    optarg);
		else if (c == 'n')
			a->name = optarg;
		else if (c == 'u')
			a->user = optarg;
		else if (c == 'm' && cmd_kdf_memory(optarg,
		    &a->kdf.mem_mib) != CMD_OK)
			return CMD_USAGE;
		else if (c != 'm')
			return cmd_usage(&cmd_init_entry);
	}
	if (optind != ctx->argc || a->name == NULL || a->user == NULL)
		return cmd_usage(&cmd_init_entry);
	return CMD_OK;
}

/* Whether s is one non-empty line of text. */
static int
one_line(const char *s)
{
	return *s != '\0' && utf8_valid(s, strlen(s)) && !utf8_has_control(s);
}

static int
cmd_init_exec(struct cmd_ctx *ctx)
{
	struct store_create_args a = {0};
	char *pass;
	int rc;

	a.path = ctx->db_path;
	a.role = ROLE_DEVICE;
	a.user = ctx->user;
	a.kdf.ops = KDF_DEFAULT_OPS;
	a.kdf.mem_mib = KDF_DEFAULT_MEM_MIB;
	if ((rc = parse_init(ctx, &a)) != CMD_OK)
		return rc;
	if (!one_line(a.name) || !one_line(a.user))
		return cmd_failf(_("--name and --user must be one line of "
		    "text"));
	pass = passphrase_new(ctx, ctx->pass_file, a.user);
	if (pass == NULL)
		return CMD_FAIL;
	a.pass = pass;
	a.passlen = strlen(pass);
	rc = store_create(&a, &ctx->err);
	passphrase_free(pass);
	if (rc != 0)
		return cmd_fail(ctx);
	printf(_("Created the %s store %s at %s for user %s.\n"),
	    a.role == ROLE_STATION ? _("station") : _("device"), a.name,
	    a.path, a.user);
	return CMD_OK;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = N_("--role device|station --name NAME --user NAME "
	    "[--kdf-memory MIB]"),
	.summary = N_("create a new encrypted store"),
	.flags = 0,
	.exec = cmd_init_exec,
};
