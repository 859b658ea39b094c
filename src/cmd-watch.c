/* xunfang watch: at a station, import bundles as they arrive in a folder
 * and in each device's upload folder DIR/KEYID/in/, and write each
 * device's return bundle to DIR/KEYID/out/. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "core/folders.h"
#include "core/store.h"
#include "core/watch.h"

#define WATCH_SETTLE 3
#define WATCH_TICK_MS 1000
#define WATCH_EXPORT_EVERY 60
#define WATCH_RETRY_AFTER 60
#define WATCH_FAILED_MAX 64

/* Set by SIGTERM or SIGINT; the loop stops at the next file. */
static volatile sig_atomic_t watch_stop;

/* Files whose import failed for a local cause, tried again later. */
struct failed {
	char *name;
	time_t retry_at;
};

/* One device's folders at the station, and its index in the watch. */
struct watch_dev {
	unsigned char keyid[VAULT_KEYID_LEN];
	struct folders_dir in, out;
	int idx;
};

/* What the loop works with. */
struct watch_run {
	struct folders_ctx c;
	const char *dir;
	struct folders_dir top;
	struct folders_dir state;	/* the station's notes, out of reach */
	struct watch *w;
	int top_idx;
	struct watch_dev *dev;
	size_t ndev;
	struct failed fail[WATCH_FAILED_MAX];
	size_t nfail;
	time_t last_export;
	int once, imported;
};

/* Note the signal; nothing else is safe here. */
static void
on_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}


/* One log line: local time to the second, file, peer, result. */
static void
watch_log(void *arg, const struct folders_event *e)
{
	time_t now = time(NULL);
	struct tm tm;
	char when[32];

	(void)arg;
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(when, sizeof when, "%lld", (long long)now);
	printf("%s %s %s: %s\n", when, e->name, e->peer, e->detail);
	fflush(stdout);
}

/* Whether a file failed lately and waits for its retry. */
static int
failed_wait(struct watch_run *r, const char *name)
{
	for (size_t i = 0; i < r->nfail; i++)
		if (strcmp(r->fail[i].name, name) == 0) {
			if (time(NULL) < r->fail[i].retry_at)
				return 1;
			free(r->fail[i].name);
			r->fail[i] = r->fail[--r->nfail];
			return 0;
		}
	return 0;
}

/* Remember a failed file, to try it again in a while. */
static void
failed_add(struct watch_run *r, const char *name)
{
	if (r->nfail == WATCH_FAILED_MAX)
		return;
	r->fail[r->nfail].name = xstrdup(name);
	r->fail[r->nfail++].retry_at = time(NULL) + WATCH_RETRY_AFTER;
}

/* Import one complete file of folder from; a refusal of a file in a
 * device's upload folder goes back to that device. */
static void
watch_one(struct watch_run *r, int idx, const struct folders_dir *from,
    const struct watch_dev *dev, const char *name)
{
	struct xf_err err;
	int rc;

	if (failed_wait(r, name))
		return;
	rc = folders_import(&r->c, from, &r->top, dev ? dev->keyid : NULL,
	    name, &err);
	if (rc == 1 && dev != NULL)
		folders_return_notice(&r->c, &dev->out, dev->keyid, name,
		    err.msg);
	if (rc < 0) {
		fprintf(stderr, "xunfang: %s\n", err.msg);
		failed_add(r, name);
	} else
		watch_forget(r->w, idx, name);
	r->imported |= rc == 0;
}

/* The device's folders here, or NULL when it has none yet. */
static struct watch_dev *
dev_find(struct watch_run *r, const unsigned char *keyid)
{
	for (size_t i = 0; i < r->ndev; i++)
		if (memcmp(r->dev[i].keyid, keyid, VAULT_KEYID_LEN) == 0)
			return &r->dev[i];
	return NULL;
}

/* Whether two descriptors are the same folder. */
static int
same_dir(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Make (or open again) and watch one device's upload and return folders.
 * Folders renamed, removed or replaced since they were opened (by a
 * clerk tidying up, or by the device itself) are opened afresh, so its
 * uploads are not left unwatched.
 */
static int
dev_add(struct watch_run *r, const unsigned char *keyid, struct xf_err *err)
{
	struct watch_dev d, *old = dev_find(r, keyid);

	memcpy(d.keyid, keyid, VAULT_KEYID_LEN);
	if (folders_device(&r->c, &r->top, keyid, &d.in, &d.out, err) != 0)
		return -1;
	if (old != NULL && same_dir(old->in.fd, d.in.fd) &&
	    same_dir(old->out.fd, d.out.fd)) {
		folders_close(&d.in);
		folders_close(&d.out);
		return 0;
	}
	if ((d.idx = watch_add(r->w, d.in.fd, d.in.path, err)) < 0) {
		folders_close(&d.in);
		folders_close(&d.out);
		return -1;
	}
	if (old != NULL) {
		watch_drop(r->w, old->idx);
		folders_close(&old->in);
		folders_close(&old->out);
		*old = d;
		return 0;
	}
	r->dev = xreallocarray(r->dev, r->ndev + 1, sizeof *r->dev);
	r->dev[r->ndev++] = d;
	return 0;
}

/* Give each enrolled device that has none yet its folders. */
static int
devices_refresh(struct watch_run *r, struct xf_err *err)
{
	struct store_peer *v;
	size_t n;
	int rc = 0;

	if (store_peer_list(r->c.st, &v, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (v[i].role == ROLE_DEVICE && !v[i].revoked)
			rc = dev_add(r, v[i].keyid, err);
	store_peer_list_free(v, n);
	return rc;
}

/* Return bundles after imports, at the start and once a minute. */
static void
watch_export(struct watch_run *r)
{
	struct xf_err err;

	if (!r->imported && r->last_export != 0 &&
	    time(NULL) - r->last_export < WATCH_EXPORT_EVERY)
		return;
	if (devices_refresh(r, &err) != 0 ||
	    folders_export_all(&r->c, &r->top, &r->state, 1, &err) != 0)
		fprintf(stderr, "xunfang: %s\n", err.msg);
	folders_prune_done(&r->top);
	r->imported = 0;
	r->last_export = time(NULL);
}

/* Import what is complete in folder idx. */
static int
watch_folder(struct watch_run *r, int idx, const struct folders_dir *from,
    const struct watch_dev *dev, struct xf_err *err)
{
	char **names;
	size_t n;

	if (watch_ready(r->w, idx, &names, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!watch_stop)
			watch_one(r, idx, from, dev, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* One pass: import what is complete, then write return bundles. */
static int
watch_pass(struct watch_run *r, struct xf_err *err)
{
	if (watch_folder(r, r->top_idx, &r->top, NULL, err) != 0)
		return -1;
	for (size_t i = 0; i < r->ndev; i++)
		if (watch_folder(r, r->dev[i].idx, &r->dev[i].in, &r->dev[i],
		    err) != 0)
			return -1;
	if (!watch_stop)
		watch_export(r);
	return 0;
}

/* Passes until a signal, or one with --once. */
static int
watch_loop(struct watch_run *r, struct xf_err *err)
{
	catch_signals(on_signal, SIGTERM, SIGINT);
	if (!r->once)
		fprintf(stderr, _("xunfang: watching %s (%s); stop with "
		    "Ctrl-C or SIGTERM\n"), r->dir, watch_inotify(r->w) ?
		    _("inotify") : _("polling"));
	while (!watch_stop) {
		if (watch_pass(r, err) != 0)
			return -1;
		if (r->once)
			break;
		watch_wait(r->w, WATCH_TICK_MS);
	}
	if (!r->once)
		fprintf(stderr, _("xunfang: stopped watching %s\n"), r->dir);
	return 0;
}

/* Parse --once, --settle and --poll; the folder is left in optind. */
static int
watch_args(struct cmd_ctx *ctx, struct watch_run *r, int *settle, int *poll)
{
	static const struct option opts[] = {
		{"once", no_argument, NULL, '1'},
		{"settle", required_argument, NULL, 's'},
		{"poll", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0}
	};
	int c;

	while ((c = getopt_long(ctx->argc, ctx->argv, "1s:p", opts,
	    NULL)) != -1) {
		if (c == '1')
			r->once = 1;
		else if (c == 'p')
			*poll = 1;
		else if (c == 's') {
			if (cmd_parse_int(optarg, 0, 3600, _("--settle takes "
			    "seconds, 0 to 3600"), settle) != CMD_OK)
				return CMD_USAGE;
		} else
			return cmd_usage(&cmd_watch_entry);
	}
	if (optind != ctx->argc - 1)
		return cmd_usage(&cmd_watch_entry);
	r->dir = ctx->argv[optind];
	return CMD_OK;
}

/* Open the folder, its done/ and rejected/, and the station's notes. */
static int
watch_open(struct cmd_ctx *ctx, struct watch_run *r)
{
	char *state;
	int rc;

	if (folders_open(r->dir, 1, &r->top, &ctx->err) != 0)
		return -1;
	if (folders_prepare(&r->c, &r->top, 0, &ctx->err) != 0 ||
	    (state = folders_watch_state(r->dir, &ctx->err)) == NULL)
		return -1;
	rc = folders_open(state, 0, &r->state, &ctx->err);
	free(state);
	return rc;
}

/* Free what the loop held. */
static void
watch_close(struct watch_run *r)
{
	watch_free(r->w);
	for (size_t i = 0; i < r->ndev; i++) {
		folders_close(&r->dev[i].in);
		folders_close(&r->dev[i].out);
	}
	free(r->dev);
	folders_close(&r->top);
	folders_close(&r->state);
	for (size_t i = 0; i < r->nfail; i++)
		free(r->fail[i].name);
}

/* Lock the folder, prepare it and each device's folders, and run the
 * loop. */
static int
watch_start(struct cmd_ctx *ctx, struct watch_run *r, int settle, int poll)
{
	int fd = -1, rc;

	r->top.fd = r->state.fd = -1;
	rc = watch_open(ctx, r);
	if (rc == 0)
		rc = folders_claim(ctx->st, r->dir, &r->state, &ctx->err);
	if (rc == 0 && folders_lock(&r->state, 0, &fd, &ctx->err) != 0)
		rc = xf_error(&ctx->err, _("another xunfang watch is already "
		    "watching %s; stop it first (or watch another folder)"),
		    r->dir);
	if (rc == 0) {
		r->w = watch_new(settle, poll);
		r->top_idx = watch_add(r->w, r->top.fd, r->top.path,
		    &ctx->err);
		rc = r->top_idx < 0 ? -1 : devices_refresh(r, &ctx->err);
	}
	if (rc == 0)
		rc = watch_loop(r, &ctx->err);
	watch_close(r);
	folders_unlock(fd);
	if (rc != 0)
		return cmd_fail(ctx);
	return r->once && r->c.n.refused + r->c.n.failed > 0 ? CMD_FAIL :
	    CMD_OK;
}

/* Watch a folder and import bundles as they arrive. */
static int
cmd_watch_exec(struct cmd_ctx *ctx)
{
	struct watch_run r;
	int settle = WATCH_SETTLE, poll = 0, rc;

	memset(&r, 0, sizeof r);
	r.c.st = ctx->st;
	r.c.log = watch_log;
	rc = watch_args(ctx, &r, &settle, &poll);
	if (rc != CMD_OK)
		return rc;
	if (store_role(ctx->st) != ROLE_STATION)
		return cmd_failf(_("watch is for a station's store, and %s is a "
		    "device's: a laptop syncs its folders with `xunfang sync`"),
		    store_path(ctx->st));
	return watch_start(ctx, &r, settle, poll);
}

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.usage = N_("[--once] [--settle SECONDS] [--poll] DIR"),
	.summary = N_("at a station: import bundles as they arrive in a folder"),
	.flags = CMD_STORE,
	.exec = cmd_watch_exec,
};
