/* xunfang checkpoint plaque: printable plaques with a signed QR code. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "core/dirfd.h"
#include "core/plaque.h"
#ifdef HAVE_PANGOCAIRO
#include "print/print.h"
#endif

#ifdef HAVE_PANGOCAIRO
/* Checkpoints in print order: by village, then by name. */
struct cp_row {
	const struct record *r;
	const char *village;
	char hex[33];
	char code[PLAQUE_CODE_LEN + 1];
	char *payload;
	uint32_t serial;
};

static int
cp_cmp(const void *a, const void *b)
{
	const struct cp_row *x = a, *y = b;
	int c = strcmp(x->village, y->village);
	const char *nx = x->r->val[CHECKPOINT_F_NAME],
	    *ny = y->r->val[CHECKPOINT_F_NAME];

	if (c != 0)
		return c;
	return strcmp(nx != NULL ? nx : "", ny != NULL ? ny : "");
}

/* Write name in dfd, never over a link, a device node or a folder. */
static int
out_write(struct cmd_ctx *ctx, int dfd, const char *dir, const char *name,
    const struct buf *b)
{
	enum dirfd_kind k = dirfd_kind(dfd, name);

	if (k == DK_OTHER || k == DK_DIR)
		return cmd_failf(_("%s/%s is not a regular file: it is left "
		    "as it is"), dir, name);
	if (dirfd_write(dfd, dir, name, b->data, b->len, 0644,
	    &ctx->err) != 0)
		return cmd_fail(ctx);
	return CMD_OK;
}

/* Give each checkpoint its next serial, in a transaction the caller
 * commits once the plaques are written. */
static int
bump_all(struct cmd_ctx *ctx, struct cp_row *v, size_t n)
{
	if (store_begin(ctx->st, &ctx->err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (plaque_bump(ctx->st, v[i].r->rid, &v[i].serial,
		    &ctx->err) != 0) {
			store_rollback(ctx->st);
			return -1;
		}
	return 0;
}

static int
plaques_write(struct cmd_ctx *ctx, const char *dir, struct cp_row *v,
    size_t n)
{
	struct print_plaque *pp = xcalloc(n, sizeof *pp);
	struct print_group *g = xcalloc(n, sizeof *g);
	const struct field *tf = &kind_by_id(KIND_CHECKPOINT)->
	    fields[CHECKPOINT_F_TYPE];
	struct buf b = {0};
	int dfd, rc = CMD_OK, ng = 0;

	dfd = dirfd_top(dir, 1, &ctx->err);
	if (dfd < 0) {
		free(pp);
		free(g);
		return cmd_fail(ctx);
	}
	/* Nothing is written while any name is taken by what is left be. */
	for (size_t i = 0; i <= n && rc == CMD_OK; i++) {
		char *name = i < n ? xasprintf("plaque-%.8s.png", v[i].hex) :
		    xstrdup("plaques.pdf");
		enum dirfd_kind k = dirfd_kind(dfd, name);

		if (k == DK_OTHER || k == DK_DIR)
			rc = cmd_failf(_("%s/%s is not a regular file: it is "
			    "left as it is"), dir, name);
		free(name);
	}
	for (size_t i = 0; i < n && rc == CMD_OK; i++) {
		const struct choice *c = field_choice(tf,
		    v[i].r->val[CHECKPOINT_F_TYPE]);
		char *name;

		pp[i] = (struct print_plaque){
			.payload = v[i].payload, .code = v[i].code,
			.name = v[i].r->val[CHECKPOINT_F_NAME],
			.village = v[i].village,
			.type = c != NULL ? c->zh : "必巡点",
			.serial = v[i].serial,
		};
		b.len = 0;
		if (print_plaque_png(&pp[i], &b, &ctx->err) != 0) {
			rc = cmd_fail(ctx);
			break;
		}
		name = xasprintf("plaque-%.8s.png", v[i].hex);
		rc = out_write(ctx, dfd, dir, name, &b);
		if (rc == CMD_OK)
			printf(_("%s/%s: %s, serial %u, short code %s\n"), dir,
			    name, pp[i].name, (unsigned)v[i].serial,
			    v[i].code);
		free(name);
		if (i == 0 || strcmp(v[i].village, v[i - 1].village) != 0)
			g[ng++] = (struct print_group){&pp[i], 0};
		g[ng - 1].n++;
	}
	if (rc == CMD_OK) {
		b.len = 0;
		if (print_plaques_pdf(g, ng, &b, &ctx->err) != 0)
			rc = cmd_fail(ctx);
		else if ((rc = out_write(ctx, dfd, dir, "plaques.pdf", &b)) ==
		    CMD_OK)
			printf(_("%s/plaques.pdf: %d plaques, %d villages\n"),
			    dir, (int)n, ng);
	}
	buf_free(&b);
	dirfd_close(dfd);
	free(pp);
	free(g);
	return rc;
}

static int
plaque_cmd(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"village", required_argument, NULL, 'v'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}
	};
	const char *village = NULL, *dir = NULL;
	struct rec_list cps;
	struct ref_cache *rcache;
	struct ref_ops ops;
	struct cp_row *v;
	struct stat sb;
	char vhex[33];
	size_t n = 0;
	int c, rc;

	while ((c = getopt_long(ctx->argc, ctx->argv, "v:o:", opts, NULL)) !=
	    -1) {
		if (c == 'v')
			village = optarg;
		else if (c == 'o')
			dir = optarg;
		else
			return cmd_usage(&cmd_checkpoint_entry);
	}
	if (optind != ctx->argc || dir == NULL)
		return cmd_usage(&cmd_checkpoint_entry);
	if (lstat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return cmd_failf(_("%s is not a folder (a link, a file or a "
		    "device): name a folder for the plaques"), dir);
	rcache = ref_cache_new(ctx->st);
	ref_cache_ops(rcache, &ops);
	if (village != NULL && ops.resolve(ops.ctx, KIND_VILLAGE, village,
	    vhex, &ctx->err) != 0) {
		ref_cache_free(rcache);
		return cmd_fail(ctx);
	}
	if (record_list(ctx->st, kind_by_id(KIND_CHECKPOINT), &cps,
	    &ctx->err) != 0) {
		ref_cache_free(rcache);
		return cmd_fail(ctx);
	}
	v = xcalloc(cps.n + 1, sizeof *v);
	for (size_t i = 0; i < cps.n; i++) {
		const char *vr = cps.rows[i].val[CHECKPOINT_F_VILLAGE];
		const char *vn = vr != NULL ? ops.name(ops.ctx, KIND_VILLAGE,
		    vr) : NULL;

		if (village != NULL && (vr == NULL || strcasecmp(vr,
		    vhex) != 0))
			continue;
		v[n].r = &cps.rows[i];
		v[n].village = vn != NULL ? vn : "";
		record_id_hex(cps.rows[i].rid, v[n].hex);
		n++;
	}
	if (n == 0) {
		rc = cmd_failf(_("no checkpoint to print a plaque for"));
		goto out;
	}
	qsort(v, n, sizeof *v, cp_cmp);
	if (bump_all(ctx, v, n) != 0) {
		rc = cmd_fail(ctx);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct buf p = {0};

		plaque_payload(ctx->st, v[i].r->rid, v[i].serial, &p);
		v[i].payload = xstrdup(buf_str(&p));
		buf_free(&p);
		plaque_code(v[i].r->rid, v[i].serial, v[i].code);
	}
	/* Plaques not written leave the serials as they were. */
	rc = plaques_write(ctx, dir, v, n);
	print_done();
	if (rc != CMD_OK)
		store_rollback(ctx->st);
	else if (store_commit(ctx->st, &ctx->err) != 0)
		rc = cmd_fail(ctx);
out:
	for (size_t i = 0; i < n; i++)
		free(v[i].payload);
	free(v);
	rec_list_free(&cps);
	ref_cache_free(rcache);
	return rc;
}
#endif

static int
cmd_checkpoint_exec(struct cmd_ctx *ctx)
{
	if (ctx->argc < 2 || strcmp(ctx->argv[1], "plaque") != 0)
		return cmd_usage(&cmd_checkpoint_entry);
	ctx->argc--;
	ctx->argv++;
#ifdef HAVE_PANGOCAIRO
	return plaque_cmd(ctx);
#else
	return cmd_no_printing();
#endif
}

const struct cmd_entry cmd_checkpoint_entry = {
	.name = "checkpoint",
	.usage = N_("plaque [--village V] -o DIR"),
	.summary = N_("print checkpoint plaques with a signed QR code"),
	.flags = CMD_STORE,
	.exec = cmd_checkpoint_exec,
};
