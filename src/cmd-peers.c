/* xunfang peers: the enrolled station or devices, with their last sync. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/exchange.h"

/* One row of the peer table. */
static void
print_peer(struct cmd_ctx *ctx, const struct store_peer *p)
{
	struct buf b = {0};
	char hex[17], when[20];
	int64_t n = 0;

	keyid_hex(p->keyid, hex);
	if (p->last_sync)
		time_format(p->last_sync, when);
	else
		snprintf(when, sizeof when, "%s", _("never"));
	store_count_by_device(ctx->st, p->keyid, &n, NULL);
	utf8_fit(&b, p->name, 16);
	buf_adds(&b, "  ");
	utf8_fit(&b, sync_role_name(p->role), 8);
	buf_addf(&b, "  %s  ", hex);
	utf8_fit(&b, p->village, 12);
	buf_adds(&b, "  ");
	utf8_fit(&b, when, 19);
	buf_addf(&b, "  %8lld", (long long)n);
	if (p->revoked)
		buf_addf(&b, "  [%s]", _("revoked"));
	printf("%s\n", buf_str(&b));
	buf_free(&b);
}

/* Revoked key ids the station announced that are not peers here. */
static void
print_revoked(struct cmd_ctx *ctx, const struct store_peer *v, size_t n)
{
	struct store_revoked *r;
	size_t nr;
	char hex[17], when[20];

	if (store_revoked_list(ctx->st, &r, &nr, NULL) != 0)
		return;
	for (size_t i = 0; i < nr; i++) {
		int known = 0;

		for (size_t j = 0; j < n; j++)
			known |= memcmp(v[j].keyid, r[i].keyid,
			    VAULT_KEYID_LEN) == 0;
		if (known)
			continue;
		keyid_hex(r[i].keyid, hex);
		time_format(r[i].at, when);
		printf(_("revoked by the station: device %s on %s%s\n"), hex,
		    when, memcmp(r[i].keyid, store_device(ctx->st),
		    VAULT_KEYID_LEN) == 0 ? _(" (this device)") : "");
	}
	free(r);
}

/* The peer table and the revocations heard of. */
static int
cmd_peers_exec(struct cmd_ctx *ctx)
{
	struct store_peer *v;
	struct buf h = {0};
	size_t n;

	if (ctx->argc != 1)
		return cmd_usage(&cmd_peers_entry);
	if (store_peer_list(ctx->st, &v, &n, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (n == 0)
		printf(_("No peers enrolled yet: `xunfang enroll FILE` adds "
		    "one.\n"));
	else {
		utf8_fit(&h, _("Name"), 16);
		buf_adds(&h, "  ");
		utf8_fit(&h, _("Role"), 8);
		buf_adds(&h, "  ");
		utf8_fit(&h, _("Key id"), 16);
		buf_adds(&h, "  ");
		utf8_fit(&h, _("Village"), 12);
		buf_adds(&h, "  ");
		utf8_fit(&h, _("Last sync"), 19);
		buf_addf(&h, "  %s", _("Versions"));
		printf("%s\n", buf_str(&h));
		buf_free(&h);
	}
	for (size_t i = 0; i < n; i++)
		print_peer(ctx, &v[i]);
	print_revoked(ctx, v, n);
	store_peer_list_free(v, n);
	return CMD_OK;
}

const struct cmd_entry cmd_peers_entry = {
	.name = "peers",
	.usage = "",
	.summary = N_("list the enrolled station or devices"),
	.flags = CMD_STORE,
	.exec = cmd_peers_exec,
};
