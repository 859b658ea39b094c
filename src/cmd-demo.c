/* xunfang demo: build a store of demo data for training. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/demo.h"

struct demo_args {
	struct demo_opts o;
	const char *db;
	uint32_t kdf_mib;
};

/* Show how far generation has come, on a terminal only. */
static void
show_progress(void *arg, int done, int total)
{
	(void)arg;
	fputc('\r', stderr);
	fprintf(stderr, _("Making demo data: day %d of %d"), done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* Parse a whole decimal number within [lo, hi]. */
static int
parse_num(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Read the options after `demo`; CMD_OK or a usage status. */
static int
parse_args(struct cmd_ctx *ctx, struct demo_args *a)
{
	static const struct option opts[] = {
		{"seed", required_argument, NULL, 's'},
		{"days", required_argument, NULL, 'D'},
		{"villages", required_argument, NULL, 'v'},
		{"end", required_argument, NULL, 'e'},
		{"db", required_argument, NULL, 'd'},
		{"kdf-memory", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0}
	};
	long long n;
	char date[11];
	int c;

	while ((c = getopt_long(ctx->argc, ctx->argv, "s:D:v:e:d:m:", opts,
	    NULL)) != -1) {
		if (c == 's' && parse_num(optarg, 0, INT64_MAX, &n) == 0)
			a->o.seed = (uint64_t)n;
		else if (c == 'D' && parse_num(optarg, 1, 3660, &n) == 0)
			a->o.days = (int)n;
		else if (c == 'v' && parse_num(optarg, 1, 400, &n) == 0)
			a->o.villages = (int)n;
		else if (c == 'e' && date_parse(optarg, time_now(), date) == 0)
			a->o.end = date_start(date);
		else if (c == 'd')
			a->db = optarg;
		else if (c == 'm' && parse_num(optarg, KDF_MIN_MEM_MIB, 4096,
		    &n) == 0)
			a->kdf_mib = (uint32_t)n;
		else if (c == 's' || c == 'D' || c == 'v' || c == 'e' ||
		    c == 'm')
			return cmd_badarg(_("--seed takes a number, --days 1 to "
			    "3660, --villages 1 to 400, --end a date "
			    "(YYYY-MM-DD), --kdf-memory MiB from 8 to 4096"),
			    optarg);
		else
			return cmd_usage(&cmd_demo_entry);
	}
	return optind == ctx->argc ? CMD_OK : cmd_usage(&cmd_demo_entry);
}

/* Create the demo store, marked demo for ever. */
static int
create_demo_store(struct cmd_ctx *ctx, const struct demo_args *a,
    const char *user, const char *pass)
{
	struct store_create_args c = {0};

	c.path = a->db;
	c.role = ROLE_DEVICE;
	c.name = _("demo laptop");
	c.user = user;
	c.pass = pass;
	c.passlen = strlen(pass);
	c.kdf.ops = KDF_DEFAULT_OPS;
	c.kdf.mem_mib = a->kdf_mib;
	c.demo = 1;
	return store_create(&c, &ctx->err);
}

/* Create, unlock and fill the store. */
static int
build(struct cmd_ctx *ctx, struct demo_args *a, const char *user,
    const char *pass, struct demo_stats *stats)
{
	if (create_demo_store(ctx, a, user, pass) != 0 ||
	    store_open(a->db, &ctx->st, &ctx->err) != 0 ||
	    store_unlock(ctx->st, user, pass, strlen(pass), &ctx->err) != 0)
		return -1;
	if (isatty(2)) {
		a->o.progress = show_progress;
		a->o.progress_arg = NULL;
	}
	return demo_fill(ctx->st, &a->o, stats, &ctx->err);
}

static int
cmd_demo_exec(struct cmd_ctx *ctx)
{
	struct demo_args a;
	struct demo_stats stats;
	const char *user = ctx->user ? ctx->user : DEMO_USER;
	char *pass = NULL, date[11];
	int rc;

	memset(&a, 0, sizeof a);
	a.o.seed = 1;
	a.o.days = 90;
	a.o.villages = 6;
	a.o.end = demo_default_end(time_now());
	a.db = ctx->db_path;
	a.kdf_mib = KDF_DEFAULT_MEM_MIB;
	if ((rc = parse_args(ctx, &a)) != CMD_OK)
		return rc;
	if (ctx->pass_file != NULL && (pass = passphrase_get(ctx->pass_file,
	    "", 0, &ctx->err)) == NULL)
		return cmd_fail(ctx);
	rc = build(ctx, &a, user, pass ? pass : DEMO_PASSPHRASE, &stats);
	if (pass != NULL)
		passphrase_free(pass);
	if (rc != 0) {
		if (ctx->st == NULL)
			return cmd_fail(ctx);
		fprintf(stderr, "xunfang: %s\n", ctx->err.msg);
		return cmd_failf(_("the demo store %s is incomplete: delete "
		    "it and run `xunfang demo` again"), a.db);
	}
	date_format(a.o.end, date);
	printf(_("Created the demo store %s: %zu records (%zu versions), %d "
	    "villages, %d days up to %s, seed %llu.\n"), a.db, stats.records,
	    stats.versions, a.o.villages, a.o.days, date,
	    (unsigned long long)a.o.seed);
	printf(_("User: %s  Passphrase: %s\nOpen it with: xunfang --db %s\n"),
	    user, ctx->pass_file ? _("(from your passphrase file)") :
	    DEMO_PASSPHRASE, a.db);
	return CMD_OK;
}

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = N_("[--seed N] [--days D] [--villages V] [--end DATE] "
	    "[--db PATH] [--kdf-memory MIB]"),
	.summary = N_("build a demo store for training"),
	.flags = 0,
	.exec = cmd_demo_exec,
};
