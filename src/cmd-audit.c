/* xunfang audit: list the audit log, or verify its hash chains and
 * signatures. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/audit.h"

struct audit_print {
	struct cmd_ctx *ctx;
	size_t n;
};

/* What an entry's target is, as text for the list. */
static void
target_text(const struct audit_entry *e, char *out, size_t len)
{
	const struct kind *k = kind_by_id(e->kind);
	char hex[2 * RID_LEN + 1];

	out[0] = '\0';
	if (e->action >= AUDIT_CREATE && e->action <= AUDIT_DELETE) {
		hex_encode(hex, e->target, RID_LEN);
		snprintf(out, len, "%s %.8s", k ? k->name : "?", hex);
	} else if (e->action == AUDIT_EXPORT || e->action == AUDIT_IMPORT) {
		hex_encode(hex, e->target, VAULT_KEYID_LEN);
		snprintf(out, len, "%.8s", hex);
	} else if (e->action == AUDIT_LOCKOUT)
		snprintf(out, len, "%llu",
		    (unsigned long long)load_u64be(e->target));
	else if (e->action == AUDIT_CREATE_BATCH) {
		hex_encode(hex, e->target + 8, 8);
		snprintf(out, len, "%s ×%llu %s", k ? k->name : "?",
		    (unsigned long long)load_u64be(e->target), hex);
	}
}

/* The name of the account with this id, or its id in hex. */
static char *
user_text(struct cmd_ctx *ctx, const unsigned char *uid)
{
	static const unsigned char none[UID_LEN];
	char *name;

	if (memcmp(uid, none, UID_LEN) == 0)
		return xstrdup("-");
	if ((name = store_account_name(ctx->st, uid)) != NULL)
		return name;
	name = xmalloc(2 * UID_LEN + 1);
	hex_encode(name, uid, UID_LEN);
	return name;
}

/* Print one entry: number, time, device, user, action, target. */
static int
print_entry(void *arg, const struct audit_entry *e)
{
	struct audit_print *p = arg;
	char when[20], dev[2 * VAULT_KEYID_LEN + 1], target[64], *user;
	char *subject = NULL;

	time_format(e->time, when);
	hex_encode(dev, e->device, VAULT_KEYID_LEN);
	user = user_text(p->ctx, e->user);
	target_text(e, target, sizeof target);
	if (e->action == AUDIT_USER_ADD || e->action == AUDIT_USER_DISABLE ||
	    e->action == AUDIT_USER_PASSWD)
		subject = user_text(p->ctx, e->target);
	printf("%6llu  %s  %.8s  %-12s %s%s%s\n", (unsigned long long)e->n,
	    when, dev, user, _(audit_action_name(e->action)),
	    subject || *target ? "  " : "", subject ? subject : target);
	free(subject);
	free(user);
	p->n++;
	return 0;
}

/* audit [list] */
static int
audit_print(struct cmd_ctx *ctx)
{
	struct audit_print p = {ctx, 0};

	if (audit_list(ctx->st, print_entry, &p, &ctx->err) != 0)
		return cmd_fail(ctx);
	printf(ngettext("%zu entry\n", "%zu entries\n", p.n), p.n);
	return CMD_OK;
}

/* audit verify */
static int
audit_check(struct cmd_ctx *ctx)
{
	int64_t n = audit_verify(ctx->st, &ctx->err);

	if (n < 0)
		return cmd_fail(ctx);
	printf(ngettext("The audit log is intact: %lld entry, every chain "
	    "and signature checked.\n", "The audit log is intact: %lld "
	    "entries, every chain and signature checked.\n", (unsigned long)n),
	    (long long)n);
	return CMD_OK;
}

static int
cmd_audit_exec(struct cmd_ctx *ctx)
{
	if (ctx->argc == 1 || (ctx->argc == 2 &&
	    strcmp(ctx->argv[1], "list") == 0))
		return audit_print(ctx);
	if (ctx->argc == 2 && strcmp(ctx->argv[1], "verify") == 0)
		return audit_check(ctx);
	return cmd_usage(&cmd_audit_entry);
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = N_("[list | verify]"),
	.summary = N_("show the audit log, or check it was not tampered with"),
	.flags = CMD_STORE,
	.exec = cmd_audit_exec,
};
