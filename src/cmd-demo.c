/* xunfang demo: build a store of demo data for training. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "core/demo.h"
#include "core/exchange.h"
#include "core/review.h"

struct demo_args {
	struct demo_opts o;
	const char *db;
	uint32_t kdf_mib;
	int station;
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

/* Parse a whole decimal number within [lo, hi], silently; 0 or -1. */
static int
parse_num(const char *s, long long lo, long long hi, long long *out)
{
	return cmd_parse_long(s, lo, hi, NULL, out) == CMD_OK ? 0 : -1;
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
		{"station", no_argument, NULL, 'S'},
		{NULL, 0, NULL, 0}
	};
	long long n;
	char date[11];
	int c;

	while ((c = getopt_long(ctx->argc, ctx->argv, "s:D:v:e:d:m:S", opts,
	    NULL)) != -1) {
		if (c == 'S')
			a->station = 1;
		else if (c == 's' && parse_num(optarg, 0, INT64_MAX, &n) == 0)
			a->o.seed = (uint64_t)n;
		else if (c == 'D' && parse_num(optarg, 1, 3660, &n) == 0)
			a->o.days = (int)n;
		else if (c == 'v' && parse_num(optarg, 1, 400, &n) == 0)
			a->o.villages = (int)n;
		else if (c == 'e' && date_parse(optarg, time_now(), date) == 0)
			a->o.end = date_start(date);
		else if (c == 'd')
			a->db = optarg;
		else if (c == 'm') {
			if (cmd_kdf_memory(optarg, &a->kdf_mib) != CMD_OK)
				return CMD_USAGE;
		} else if (c == 's' || c == 'D' || c == 'v' || c == 'e')
			return cmd_badarg(_("--seed takes a number, --days "
			    "1 to 3660, --villages 1 to 400, --end a date "
			    "(YYYY-MM-DD)"), optarg);
		else
			return cmd_usage(&cmd_demo_entry);
	}
	return optind == ctx->argc ? CMD_OK : cmd_usage(&cmd_demo_entry);
}

/* Create a demo store, marked demo for ever. */
static int
create_demo_store(struct cmd_ctx *ctx, const struct demo_args *a,
    const char *path, int role, const char *name, const char *user,
    const char *pass)
{
	struct store_create_args c = {0};

	c.path = path;
	c.role = role;
	c.name = name;
	c.user = user;
	c.pass = pass;
	c.passlen = strlen(pass);
	c.kdf.ops = KDF_DEFAULT_OPS;
	c.kdf.mem_mib = a->kdf_mib;
	c.demo = 1;
	return store_create(&c, &ctx->err);
}

/* Remove a store file and its journal files, as a failed build left them. */
static void
remove_store_files(const char *path)
{
	static const char *const tails[] = {"", "-wal", "-shm"};

	for (size_t i = 0; i < XF_ARRAY_LEN(tails); i++) {
		char *p = xasprintf("%s%s", path, tails[i]);

		unlink(p);
		free(p);
	}
}

/* Create, unlock and fill the store at path. */
static int
fill_at(struct cmd_ctx *ctx, struct demo_args *a, const char *path,
    const char *user, const char *pass, struct demo_stats *stats)
{
	if (create_demo_store(ctx, a, path, ROLE_DEVICE, _("demo laptop"),
	    user, pass) != 0 ||
	    store_open(path, &ctx->st, &ctx->err) != 0 ||
	    store_unlock(ctx->st, user, pass, strlen(pass), &ctx->err) != 0)
		return -1;
	if (isatty(2)) {
		a->o.progress = show_progress;
		a->o.progress_arg = NULL;
	}
	return demo_fill(ctx->st, &a->o, stats, &ctx->err);
}

/*
 * Build the store under PATH.demo-PID and rename it into place once it is
 * full, so a build killed part-way leaves no store rather than part of one
 * that would stand in the way of the next `xunfang demo`.
 */
static int
build(struct cmd_ctx *ctx, struct demo_args *a, const char *user,
    const char *pass, struct demo_stats *stats)
{
	struct stat sb;
	char *tmp, *wal;
	int rc;

	file_clear_stale(a->db, ".demo-");
	if (stat(a->db, &sb) == 0)
		return xf_error(&ctx->err, _("a store already exists at %s; "
		    "use --db to choose another path"), a->db);
	tmp = xasprintf("%s.demo-%ld", a->db, (long)getpid());
	rc = fill_at(ctx, a, tmp, user, pass, stats);
	if (ctx->st != NULL) {
		store_close(ctx->st);	/* checkpoints the journal into tmp */
		ctx->st = NULL;
	}
	wal = xasprintf("%s-wal", tmp);
	if (rc == 0 && stat(wal, &sb) == 0 && sb.st_size > 0)
		rc = xf_error(&ctx->err, _("the demo store %s could not be "
		    "closed cleanly: run `xunfang demo` again"), tmp);
	if (rc == 0)
		rc = file_rename(tmp, a->db, &ctx->err);
	if (rc != 0)
		remove_store_files(tmp);
	free(wal);
	free(tmp);
	return rc;
}

/* A new demo store, opened and unlocked. */
static struct store *
open_new(struct cmd_ctx *ctx, const struct demo_args *a, const char *path,
    int role, const char *name, const char *user, const char *pass)
{
	struct store *st = NULL;

	if (create_demo_store(ctx, a, path, role, name, user, pass) != 0 ||
	    store_open(path, &st, &ctx->err) != 0)
		return NULL;
	if (store_unlock(st, user, pass, strlen(pass), &ctx->err) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

/* A path beside the station's store: its name without .db, then tail. */
static char *
beside(const char *db, const char *tail)
{
	size_t n = strlen(db);

	if (n > 3 && strcmp(db + n - 3, ".db") == 0)
		n -= 3;
	return xasprintf("%.*s%s", (int)n, db, tail);
}

/* Export a bundle from one store to another and import it there. */
static int
carry(struct cmd_ctx *ctx, struct store *from, struct store *to,
    const char *path)
{
	struct identity id;
	struct sync_export ex;
	struct sync_import im;
	unsigned char *data;
	size_t len;
	char hex[17];
	int rc;

	identity_self(to, &id);
	keyid_hex(id.keyid, hex);
	memset(&ex, 0, sizeof ex);
	if (sync_export(from, hex, path, NULL, NULL, &ex, &ctx->err) != 0)
		return -1;
	free(ex.path);
	if (file_read(path, &data, &len, BUNDLE_MAX_FILE, &ctx->err) != 0)
		return -1;
	memset(&im, 0, sizeof im);
	rc = sync_import(to, data, len, 0, &im, &ctx->err);
	sync_import_clear(&im);
	free(data);
	return rc;
}

/* Enrol a device and its station with each other. */
static int
enrol_pair(struct cmd_ctx *ctx, struct store *st, struct store *dev,
    const char *name, const char *village)
{
	struct identity sid, did;

	identity_self(st, &sid);
	identity_self(dev, &did);
	if (sync_enroll(dev, &sid, NULL, NULL, &ctx->err) < 0 ||
	    sync_enroll(st, &did, name, village, &ctx->err) < 0)
		return -1;
	return 0;
}

/* Device i of the demo station: one village's records, enrolled both
 * ways, its first bundle imported at the station. */
static struct store *
station_device(struct cmd_ctx *ctx, struct demo_args *a, struct store *st,
    int i, const char *user, const char *pass, struct demo_stats *total)
{
	char *tail = xasprintf("-device%d.db", i + 1), *path = beside(a->db,
	    tail), *village = demo_village_name(i), *name, *bundle;
	struct demo_opts o = a->o;
	struct demo_stats stats;
	struct store *dev;
	int rc = -1;

	name = xasprintf(_("%s laptop"), village);
	free(tail);
	tail = xasprintf("-bundles/device%d-to-station.xfb", i + 1);
	bundle = beside(a->db, tail);
	o.seed = a->o.seed * 1000003 + (uint64_t)i + 1;
	o.villages = 1;
	o.first_village = i;
	o.township = demo_township(a->o.seed);
	if ((dev = open_new(ctx, a, path, ROLE_DEVICE, name, user, pass)) &&
	    demo_fill(dev, &o, &stats, &ctx->err) == 0 &&
	    enrol_pair(ctx, st, dev, name, village) == 0)
		rc = carry(ctx, dev, st, bundle);
	if (rc == 0) {
		total->records += stats.records;
		total->versions += stats.versions;
		printf(_("  device %d: %s (%s)\n"), i + 1, path, village);
	} else if (dev != NULL) {
		store_close(dev);
		dev = NULL;
	}
	free(tail);
	free(path);
	free(village);
	free(name);
	free(bundle);
	return dev;
}

/* What the demo station says of the first reports of each device: the
 * first patrol reviewed, the first visit with a problem to fix, the first
 * dispute returned, so a trainer can show the loop both ways. */
static const struct {
	int kind;
	const char *verdict, *comment;
} demo_reviews[] = {
	{KIND_PATROL, "ok", NULL},
	{KIND_VISIT, "problem", "门牌号与登记不符，请核对后补正"},
	{KIND_DISPUTE, "returned", "缺少调解经过，请补充后重报"},
};

/* Review the oldest report of each kind of each device. */
static int
station_reviews(struct cmd_ctx *ctx)
{
	struct review_items it;
	struct buf done = {0};	/* device key and kind of each review */
	int rc = 0;

	if (review_queue(ctx->st, &it, &ctx->err) != 0)
		return -1;
	for (size_t i = 0; i < it.n && rc == 0; i++) {
		const struct record *r = it.v[i].r;
		unsigned char key[VAULT_KEYID_LEN + 1];
		int seen = 0;

		memcpy(key, r->device, VAULT_KEYID_LEN);
		key[VAULT_KEYID_LEN] = r->kind;
		for (size_t j = 0; j < done.len; j += sizeof key)
			seen |= memcmp(done.data + j, key, sizeof key) == 0;
		for (size_t j = 0; !seen && j < XF_ARRAY_LEN(demo_reviews);
		    j++)
			if (demo_reviews[j].kind == r->kind)
				rc = review_write(ctx->st, r->rid,
				    demo_reviews[j].verdict,
				    demo_reviews[j].comment, NULL, &ctx->err);
		buf_add(&done, key, sizeof key);
	}
	buf_free(&done);
	review_items_free(&it);
	return rc;
}

/* A demo station with one device a village, bundles carried both ways. */
static int
build_station(struct cmd_ctx *ctx, struct demo_args *a, const char *user,
    const char *pass, struct demo_stats *total)
{
	struct store *devs[400] = {0};
	char *dir = beside(a->db, "-bundles"), *bundle;
	int rc = 0, i;

	memset(total, 0, sizeof *total);
	if (mkdir_parents(dir, 0700, &ctx->err) != 0 || mkdir(dir, 0700) != 0) {
		xf_error(&ctx->err, _("cannot make the folder %s for the demo "
		    "bundles (does it exist already?)"), dir);
		free(dir);
		return -1;
	}
	if ((ctx->st = open_new(ctx, a, a->db, ROLE_STATION,
	    _("demo station"), user, pass)) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < a->o.villages; i++)
		if ((devs[i] = station_device(ctx, a, ctx->st, i, user, pass,
		    total)) == NULL)
			rc = -1;
	if (rc == 0)
		rc = station_reviews(ctx);
	for (i = 0; rc == 0 && i < a->o.villages; i++) {
		char *tail = xasprintf("-bundles/station-to-device%d.xfb",
		    i + 1);

		bundle = beside(a->db, tail);
		rc = carry(ctx, ctx->st, devs[i], bundle);
		free(tail);
		free(bundle);
	}
	for (i = 0; i < a->o.villages; i++)
		store_close(devs[i]);
	if (rc == 0)
		printf(_("  bundles: %s\n"), dir);
	free(dir);
	return rc;
}

/* xunfang demo: build the store (or station), say how to open it. */
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
	if (a.station && a.o.villages > 20)
		return cmd_badarg(_("a demo station takes 1 to 20 villages, "
		    "one device each"), "--villages");
	if (a.station) {
		printf(_("Demo station %s with its devices:\n"), a.db);
		rc = build_station(ctx, &a, user, pass ? pass : DEMO_PASSPHRASE,
		    &stats);
	} else
		rc = build(ctx, &a, user, pass ? pass : DEMO_PASSPHRASE,
		    &stats);
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
	if (a.station)
		printf(_("The station holds what its devices sent: %zu records "
		    "(%zu versions).\n"), stats.records, stats.versions);
	else
		printf(_("Created the demo store %s: %zu records (%zu "
		    "versions), %d villages, %d days up to %s, seed %llu.\n"),
		    a.db, stats.records, stats.versions, a.o.villages,
		    a.o.days, date, (unsigned long long)a.o.seed);
	printf(_("User: %s  Passphrase: %s\nOpen it with: xunfang --db %s\n"),
	    user, ctx->pass_file ? _("(from your passphrase file)") :
	    DEMO_PASSPHRASE, a.db);
	return CMD_OK;
}

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = N_("[--seed N] [--days D] [--villages V] [--end DATE] "
	    "[--db PATH] [--kdf-memory MIB] [--station]"),
	.summary = N_("build a demo store for training"),
	.flags = 0,
	.exec = cmd_demo_exec,
};
