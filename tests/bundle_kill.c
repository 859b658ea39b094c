/*
 * An importer killed with SIGKILL at random points leaves a store that
 * passes PRAGMA integrity_check and holds all of the bundle or none of it.
 */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "tap.h"
#include "bundle_util.h"

#define NRECORDS 20000
#define ROUNDS 12

static double
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

/* Copy a file byte for byte. */
static void
copy_file(const char *from, const char *to)
{
	unsigned char *p;
	size_t len;
	struct xf_err err;

	p = tu_read(from, &len);
	unlink(to);
	if (file_write_atomic(to, p, len, 0600, &err) != 0) {
		fprintf(stderr, "Bail out! %s\n", err.msg);
		exit(1);
	}
	free(p);
}

/* In a child: open the store and import the bundle. */
static void
child_import(const char *db, const unsigned char *b, size_t len)
{
	struct sync_import r;
	struct xf_err err;
	struct store *st = tu_open(db, &err);

	if (st == NULL || sync_import(st, b, len, 0, &r, &err) != 0)
		_exit(1);
	store_close(st);
	_exit(0);
}

/* Integrity and the number of versions, read with SQLite alone. */
static int
inspect(const char *db, long long *versions, long long *ranges)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	int good = 0;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		good = strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	sqlite3_prepare_v2(h, "SELECT (SELECT count(*) FROM version), "
	    "(SELECT count(*) FROM recv_range)", -1, &s, NULL);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*versions = sqlite3_column_int64(s, 0);
		*ranges = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return good;
}

/* Run one import, killed after delay ms (never if delay < 0). */
static int
run(const char *db, const unsigned char *b, size_t len, double delay)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0)
		child_import(db, b, len);
	if (delay >= 0) {
		usleep((useconds_t)(delay * 1000));
		kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	return status;
}

int
main(void)
{
	struct store *st, *dev;
	struct sync_export e;
	struct xf_err err;
	char *dir = tu_dir("bundle_kill"), *base, *work, *bpath;
	unsigned char *b;
	size_t len;
	long long v, rg, base_v = -1, base_rg;
	double t0, full;
	int all = 0, none = 0, bad = 0;

	if (vault_init(&err) != 0)
		return 1;
	st = tu_store(dir, "st.db", ROLE_STATION, 0);
	dev = tu_store(dir, "dev.db", ROLE_DEVICE, 0);
	tu_enroll(st, dev, "dev", "张村");
	tu_enroll(dev, st, NULL, NULL);
	tu_add(st, 5, "站");
	tu_add(dev, NRECORDS, "张");
	bpath = xasprintf("%s/big.xfb", dir);
	if (sync_export(dev, "station", bpath, NULL, NULL, &e, &err) != 0)
		return 1;
	free(e.path);
	store_close(st);
	store_close(dev);
	b = tu_read(bpath, &len);
	base = xasprintf("%s/st.db", dir);
	work = xasprintf("%s/work.db", dir);
	inspect(base, &base_v, &base_rg);
	copy_file(base, work);
	t0 = now_ms();
	ok(run(work, b, len, -1) == 0, "an import left alone succeeds");
	full = now_ms() - t0;
	ok(inspect(work, &v, &rg) && v == base_v + NRECORDS, "it adds all "
	    "%d versions (%.0f ms)", NRECORDS, full);
	srand((unsigned)getpid());
	for (int i = 0; i < ROUNDS; i++) {
		char *wal = xasprintf("%s-wal", work), *shm = xasprintf("%s-shm",
		    work);

		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
		copy_file(base, work);
		run(work, b, len, full * 1.2 * rand() / RAND_MAX);
		if (!inspect(work, &v, &rg))
			bad++;
		else if (v == base_v && rg == base_rg)
			none++;
		else if (v == base_v + NRECORDS && rg == base_rg + 1)
			all++;
		else
			bad++;
	}
	ok(bad == 0, "after %d kills at random points every store passes "
	    "integrity_check and holds all or none of the bundle (%d all, "
	    "%d none)", ROUNDS, all, none);
	ok(none > 0, "some kills landed before the commit");
	free(b);
	free(bpath);
	free(base);
	free(work);
	free(dir);
	return tap_done();
}
