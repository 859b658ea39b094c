/* xunfang user: accounts, each with its own passphrase and its own wrap of
 * the keys its role may hold; and the lockout after wrong passphrases. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core/audit.h"

#define LOCKOUT_MAX 100

static const char *const roles[] = {N_("officer"), N_("volunteer"),
    N_("station"), N_("trainer")};

struct user_opts {
	const char *role;
	const char *pass_file;
	struct kdf_params kdf;
};

/* Parse the options shared by add and passwd. */
static int
parse_opts(struct cmd_ctx *ctx, int argc, char **argv, struct user_opts *o)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"new-passphrase-file", required_argument, NULL, 'f'},
		{"kdf-memory", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0}
	};
	int c;

	(void)ctx;
	o->kdf.ops = KDF_DEFAULT_OPS;
	o->kdf.mem_mib = KDF_DEFAULT_MEM_MIB;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:f:m:", opts, NULL)) != -1) {
		if (c == 'r')
			o->role = optarg;
		else if (c == 'f')
			o->pass_file = optarg;
		else if (c == 'm') {
			if (cmd_kdf_memory(optarg, &o->kdf.mem_mib) != CMD_OK)
				return CMD_USAGE;
		} else
			return CMD_USAGE;
	}
	return CMD_OK;
}

/* Run one account change and its audit entry as one transaction. */
static int
commit_change(struct cmd_ctx *ctx, int rc, int action,
    const unsigned char *uid)
{
	if (rc == 0)
		rc = audit_log(ctx->st, action, 0, uid, UID_LEN, &ctx->err);
	if (rc == 0)
		rc = store_commit(ctx->st, &ctx->err);
	else
		store_rollback(ctx->st);
	return rc == 0 ? CMD_OK : cmd_fail(ctx);
}

/* Whether a role name is one of the four. */
static int
role_known(const char *role)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(roles); i++)
		if (strcmp(roles[i], role) == 0)
			return 1;
	return 0;
}

/* user add NAME --role ROLE */
static int
user_add(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct user_opts o = {0};
	unsigned char uid[UID_LEN];
	const char *name;
	char *pass;
	int rc;

	if (parse_opts(ctx, argc, argv, &o) != CMD_OK || optind + 1 != argc)
		return cmd_usage(&cmd_user_entry);
	name = argv[optind];
	if (o.role == NULL || !role_known(o.role))
		return cmd_badarg(_("--role must be officer, volunteer, station "
		    "or trainer"), o.role ? o.role : "");
	if (*name == '\0' || !utf8_valid(name, strlen(name)) ||
	    utf8_has_control(name))
		return cmd_failf(_("the account name must be one line of text"));
	if (!store_user_can_manage(ctx->st))
		return cmd_failf(_("only an officer, station or trainer account "
		    "may add accounts"));
	if ((pass = passphrase_new(ctx, o.pass_file, name)) == NULL)
		return CMD_FAIL;
	rc = store_begin(ctx->st, &ctx->err);
	if (rc == 0)
		rc = store_account_add(ctx->st, name, o.role, pass, strlen(pass),
		    &o.kdf, uid, &ctx->err);
	passphrase_free(pass);
	if (commit_change(ctx, rc, AUDIT_USER_ADD, uid) != CMD_OK)
		return CMD_FAIL;
	printf(_("Added the %s account %s.\n"), _(o.role), name);
	return CMD_OK;
}

/* user passwd [NAME]: one's own passphrase, or another's (officer). */
static int
user_passwd(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct user_opts o = {0};
	unsigned char uid[UID_LEN];
	const char *name;
	char *pass, *own = NULL;
	int rc;

	if (parse_opts(ctx, argc, argv, &o) != CMD_OK || optind + 1 < argc ||
	    o.role != NULL)
		return cmd_usage(&cmd_user_entry);
	if (optind < argc)
		name = argv[optind];
	else if ((name = own = store_account_name(ctx->st,
	    store_user(ctx->st))) == NULL)
		return cmd_failf(_("cannot read this account's name"));
	pass = passphrase_new(ctx, o.pass_file, name);
	rc = pass == NULL ? -1 : store_begin(ctx->st, &ctx->err);
	if (rc == 0)
		rc = store_account_passwd(ctx->st, name, pass, strlen(pass),
		    &o.kdf, uid, &ctx->err);
	if (pass != NULL && commit_change(ctx, rc, AUDIT_USER_PASSWD,
	    uid) == CMD_OK)
		printf(_("The passphrase of %s was changed.\n"), name);
	else
		rc = -1;
	passphrase_free(pass);
	free(own);
	return rc == 0 ? CMD_OK : CMD_FAIL;
}

/* user disable NAME */
static int
user_disable(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned char uid[UID_LEN];
	int rc;

	if (argc != 2)
		return cmd_usage(&cmd_user_entry);
	rc = store_begin(ctx->st, &ctx->err);
	if (rc == 0)
		rc = store_account_disable(ctx->st, argv[1], uid, &ctx->err);
	if (commit_change(ctx, rc, AUDIT_USER_DISABLE, uid) != CMD_OK)
		return CMD_FAIL;
	printf(_("Disabled the account %s: its passphrase opens nothing "
	    "now.\n"), argv[1]);
	return CMD_OK;
}

/* Print one account line of `user list`. */
static int
list_one(void *arg, const struct account *a, int64_t created)
{
	char when[20], hex[2 * UID_LEN + 1];
	struct buf b = {0};

	(void)arg;
	hex_encode(hex, a->uid, UID_LEN);
	time_format(created, when);
	utf8_fit(&b, a->name ? a->name : hex, 20);
	buf_addc(&b, ' ');
	utf8_fit(&b, _(a->role), 10);
	buf_addc(&b, ' ');
	utf8_fit(&b, a->disabled ? _("disabled") : _("active"), 10);
	printf("%s %s  %s\n", buf_str(&b), when, hex);
	buf_free(&b);
	return 0;
}

/* user list */
static int
user_list(struct cmd_ctx *ctx, int argc)
{
	if (argc != 1)
		return cmd_usage(&cmd_user_entry);
	if (store_account_scan(ctx->st, list_one, NULL, &ctx->err) != 0)
		return cmd_fail(ctx);
	return CMD_OK;
}

/* user lockout [N]: show or set the wrong passphrases before the wipe. */
static int
user_lockout(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned char n8[8];
	const char *what;
	long long v;
	long n;
	int rc;

	if (argc == 1) {
		n = store_lockout(ctx->st);
		if (n == 0)
			printf(_("Lockout is off: wrong passphrases never wipe "
			    "the keys.\n"));
		else
			printf(_("After %ld wrong passphrases in a row the keys "
			    "of this store are wiped.\n"), n);
		return CMD_OK;
	}
	what = _("user lockout takes a number of wrong passphrases from 1 to "
	    "100, or 0 to turn it off");
	if (argc != 2)
		return cmd_badarg(what, argc > 1 ? argv[1] : "");
	if ((rc = cmd_parse_long(argv[1], 0, LOCKOUT_MAX, what, &v)) != CMD_OK)
		return rc;
	n = (long)v;
	store_u64be(n8, (uint64_t)n);
	rc = store_begin(ctx->st, &ctx->err);
	if (rc == 0)
		rc = store_set_lockout(ctx->st, (int)n, &ctx->err);
	if (commit_change(ctx, rc, AUDIT_LOCKOUT, n8) != CMD_OK)
		return CMD_FAIL;
	if (n == 0)
		printf(_("Lockout is off.\n"));
	else
		printf(_("After %ld wrong passphrases in a row the keys of this "
		    "store will be wiped: no passphrase will open it again, and "
		    "its records come back only from the station.\n"), n);
	return CMD_OK;
}

static int
cmd_user_exec(struct cmd_ctx *ctx)
{
	const char *sub = ctx->argc > 1 ? ctx->argv[1] : "list";
	int argc = ctx->argc > 1 ? ctx->argc - 1 : 1;
	char **argv = ctx->argv + (ctx->argc > 1 ? 1 : 0);

	if (strcmp(sub, "add") == 0)
		return user_add(ctx, argc, argv);
	if (strcmp(sub, "list") == 0)
		return user_list(ctx, argc);
	if (strcmp(sub, "passwd") == 0)
		return user_passwd(ctx, argc, argv);
	if (strcmp(sub, "disable") == 0)
		return user_disable(ctx, argc, argv);
	if (strcmp(sub, "lockout") == 0)
		return user_lockout(ctx, argc, argv);
	return cmd_usage(&cmd_user_entry);
}

const struct cmd_entry cmd_user_entry = {
	.name = "user",
	.usage = N_("add NAME --role officer|volunteer|station|trainer "
	    "[--new-passphrase-file FILE] | list | passwd [NAME] | "
	    "disable NAME | lockout [N]"),
	.summary = N_("accounts, their roles and passphrases"),
	.flags = CMD_STORE,
	.exec = cmd_user_exec,
};
