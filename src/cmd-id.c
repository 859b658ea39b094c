/* xunfang id: this store's identity, key id and fingerprint. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "cmd.h"
#include "core/sync.h"

static int
cmd_id_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"export", required_argument, NULL, 'e'},
		{NULL, 0, NULL, 0}
	};
	struct identity id;
	struct buf line = {0};
	char hex[17], fp[IDENTITY_FP_LEN];
	const char *file = NULL;
	int c, rc = CMD_OK;

	while ((c = getopt_long(ctx->argc, ctx->argv, "e:", opts, NULL)) != -1) {
		if (c != 'e')
			return cmd_usage(&cmd_id_entry);
		file = optarg;
	}
	if (optind != ctx->argc)
		return cmd_usage(&cmd_id_entry);
	identity_self(ctx->st, &id);
	identity_encode(&id, &line);
	keyid_hex(id.keyid, hex);
	identity_fingerprint(id.sign_pk, id.box_pk, fp);
	printf(_("This store:  %s %s%s\n"), sync_role_name(id.role),
	    store_name(ctx->st), id.demo ? _(" (demo data)") : "");
	printf(_("Key id:      %s\n"), hex);
	printf(_("Fingerprint: %s\n"), fp);
	printf(_("Identity:    %s\n"), buf_str(&line));
	if (file != NULL) {
		buf_addc(&line, '\n');
		if (file_write_atomic(file, line.data, line.len, 0644,
		    &ctx->err) != 0)
			rc = cmd_fail(ctx);
		else
			printf(_("Wrote the public identity to %s: enrol it on "
			    "the other side with `xunfang enroll %s`, then read "
			    "the fingerprints to each other.\n"), file, file);
	}
	buf_free(&line);
	return rc;
}

const struct cmd_entry cmd_id_entry = {
	.name = "id",
	.usage = N_("[--export FILE]"),
	.summary = N_("show this store's identity and fingerprint"),
	.flags = CMD_STORE,
	.exec = cmd_id_exec,
};
