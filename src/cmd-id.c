/* xunfang id: this store's identity, key id and fingerprint. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "core/qrframe.h"
#include "core/exchange.h"

/* Print the identity as a QR code to scan at the other side. */
static int
id_print_qr(struct cmd_ctx *ctx, const char *line)
{
	struct buf art = {0};
	int rc;

	rc = qr_text_art(line, isatty(STDOUT_FILENO), &art, &ctx->err);
	if (rc == 0) {
		fputc('\n', stdout);
		rc = cmd_write(ctx, art.data, art.len);
	}
	buf_free(&art);
	return rc;
}

/* The store's role and name, key id, fingerprint and identity line. */
static void
id_print(struct cmd_ctx *ctx, const struct identity *id, const char *line)
{
	char hex[17], fp[IDENTITY_FP_LEN];

	keyid_hex(id->keyid, hex);
	identity_fingerprint(id, fp);
	printf(_("This store:  %s %s%s\n"), sync_role_name(id->role),
	    store_name(ctx->st), id->demo ? _(" (demo data)") : "");
	printf(_("Key id:      %s\n"), hex);
	printf(_("Fingerprint: %s\n"), fp);
	printf(_("Identity:    %s\n"), line);
}

/* Write the identity line to a file for the other side. */
static int
id_export(struct cmd_ctx *ctx, const char *file, struct buf *line)
{
	buf_addc(line, '\n');
	if (file_write_atomic(file, line->data, line->len, 0644,
	    &ctx->err) != 0)
		return cmd_fail(ctx);
	printf(_("Wrote the public identity to %s: enrol it on the other side "
	    "with `xunfang enroll %s`, then read the fingerprints to each "
	    "other.\n"), file, file);
	return CMD_OK;
}

/* Print the identity; with --qr as a QR code, with --export to a file. */
static int
cmd_id_exec(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"export", required_argument, NULL, 'e'},
		{"qr", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0}
	};
	struct identity id;
	struct buf line = {0};
	const char *file = NULL;
	int c, rc = CMD_OK, qr = 0;

	while ((c = getopt_long(ctx->argc, ctx->argv, "e:", opts, NULL)) != -1) {
		if (c == 'q')
			qr = 1;
		else if (c == 'e')
			file = optarg;
		else
			return cmd_usage(&cmd_id_entry);
	}
	if (optind != ctx->argc)
		return cmd_usage(&cmd_id_entry);
	identity_self(ctx->st, &id);
	identity_encode(&id, &line);
	id_print(ctx, &id, buf_str(&line));
	if (qr && id_print_qr(ctx, buf_str(&line)) != 0)
		rc = cmd_fail(ctx);
	if (file != NULL && id_export(ctx, file, &line) != CMD_OK)
		rc = CMD_FAIL;
	buf_free(&line);
	return rc;
}

const struct cmd_entry cmd_id_entry = {
	.name = "id",
	.usage = N_("[--export FILE] [--qr]"),
	.summary = N_("show this store's identity and fingerprint"),
	.flags = CMD_STORE,
	.exec = cmd_id_exec,
};
