/* xunfang init: create a new encrypted store. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define PASS_MIN 8

static int
parse_mib(const char *s, uint32_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end != '\0' || v < KDF_MIN_MEM_MIB || v > 4096)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int
cmd_init_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{"user", required_argument, NULL, 'u'},
		{"kdf-memory", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0}
	};
	struct store_create_args a = {0};
	char *pass;
	int c, rc;

	a.path = ctx->db_path;
	a.role = ROLE_DEVICE;
	a.user = ctx->user;
	a.kdf.ops = KDF_DEFAULT_OPS;
	a.kdf.mem_mib = KDF_DEFAULT_MEM_MIB;
	while ((c = getopt_long(ctx->argc, ctx->argv, "r:n:u:m:", opts,
	    NULL)) != -1) {
		switch (c) {
		case 'r':
			if (strcmp(optarg, "device") == 0)
				a.role = ROLE_DEVICE;
			else if (strcmp(optarg, "station") == 0)
				a.role = ROLE_STATION;
			else
				return cmd_badarg(_("--role must be device or "
				    "station"), optarg);
			break;
		case 'n':
			a.name = optarg;
			break;
		case 'u':
			a.user = optarg;
			break;
		case 'm':
			if (parse_mib(optarg, &a.kdf.mem_mib) != 0)
				return cmd_badarg(_("--kdf-memory takes MiB "
				    "from 8 to 4096"), optarg);
			break;
		default:
			return cmd_usage(&cmd_init_entry);
		}
	}
	if (optind != ctx->argc || a.name == NULL || a.user == NULL)
		return cmd_usage(&cmd_init_entry);
	if (*a.name == '\0' || *a.user == '\0' ||
	    !utf8_valid(a.name, strlen(a.name)) || utf8_has_control(a.name) ||
	    !utf8_valid(a.user, strlen(a.user)) || utf8_has_control(a.user))
		return cmd_failf(_("--name and --user must be one line of "
		    "text"));
	pass = passphrase_get(ctx->pass_file, _("New passphrase: "), 1,
	    &ctx->err);
	if (pass == NULL)
		return cmd_fail(ctx);
	if (utf8_chars(pass) < PASS_MIN) {
		passphrase_free(pass);
		return cmd_failf(_("the passphrase is too short: use at least "
		    "%d characters (a short sentence is easy to remember)"),
		    PASS_MIN);
	}
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
