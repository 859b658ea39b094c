/* Core figures: batch insert, list load, memory of a 100k-record list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define N_RECORDS 100000

/* Field values of one plausible patrol, varied by i. */
static void
patrol_values(const struct kind *k, char **vals, int i, char bufs[][160])
{
	static const char *types[] = {"foot", "bicycle", "vehicle", "checkpoint"};

	memset(vals, 0, (size_t)k->nfields * sizeof *vals);
	vals[kind_field_index(k, "type")] = (char *)types[i % 4];
	snprintf(bufs[0], 160, "王警官\n李红%d", i % 50);
	vals[kind_field_index(k, "team")] = bufs[0];
	snprintf(bufs[1], 160, "%d", 1764300000 + i * 600);
	vals[kind_field_index(k, "start")] = bufs[1];
	snprintf(bufs[2], 160, "村口—小学—水库—%d组", i % 12);
	vals[kind_field_index(k, "route")] = bufs[2];
	snprintf(bufs[3], 160, "%d\tincident\t村口发现可疑车辆，车牌皖A-%05d，已登记",
	    1764300000 + i * 600, i);
	vals[kind_field_index(k, "observations")] = bufs[3];
}

/* Insert N patrols through the core in one transaction; sizes of bodies. */
static double
core_insert(struct store *st, const struct kind *k, size_t *bytes)
{
	char *vals[32], bufs[4][160];
	struct record_batch batch = {0};
	struct buf body = {0};
	struct xf_err err;
	double t0 = bench_now();

	*bytes = 0;
	store_begin(st, &err);
	for (int i = 0; i < N_RECORDS; i++) {
		patrol_values(k, vals, i, bufs);
		if (record_batch_add(st, &batch, k, vals, NULL, &err) != 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			abort();
		}
	}
	if (record_batch_end(st, &batch, &err) != 0 ||
	    store_commit(st, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	t0 = bench_now() - t0;
	patrol_values(k, vals, 1, bufs);
	record_encode(k, vals, &body);
	*bytes = body.len + VAULT_SEAL_OVERHEAD;
	buf_free(&body);
	return t0;
}

/* The same rows as plain blobs into a table of the same shape. */
static double
raw_insert(struct store *st, size_t bodylen)
{
	struct version *v = xcalloc(N_RECORDS, sizeof *v);
	unsigned char *blobs = xmalloc((size_t)N_RECORDS * bodylen);
	char *sql = xasprintf("CREATE TABLE raw(%s);"
	    "CREATE INDEX raw_rid ON raw(rid);"
	    "CREATE INDEX raw_heads ON raw(kind, rid) WHERE head = 1;"
	    "CREATE INDEX raw_recent ON raw(kind, hlc) WHERE head = 1;",
	    store_schema_version_table());
	struct xf_err err;
	double t0;

	vault_random(blobs, (size_t)N_RECORDS * bodylen);
	for (int i = 0; i < N_RECORDS; i++) {
		vault_random(v[i].rid, RID_LEN);
		vault_random(v[i].vid, VID_LEN);
		v[i].kind = KIND_PATROL;
		v[i].hlc = (uint64_t)i;
	}
	store_raw_exec(st, sql, &err);
	free(sql);
	t0 = bench_now();
	store_begin(st, &err);
	for (int i = 0; i < N_RECORDS; i++)
		store_raw_insert(st, "raw", &v[i], blobs + (size_t)i * bodylen,
		    bodylen, &err);
	store_commit(st, &err);
	t0 = bench_now() - t0;
	free(v);
	free(blobs);
	return t0;
}

/* Best of three: load and decrypt every patrol. */
static double
core_load(struct store *st, const struct kind *k, size_t *n)
{
	double best = 1e9;

	for (int r = 0; r < 3; r++) {
		struct rec_list l;
		struct xf_err err;
		double t0 = bench_now();

		record_list(st, k, &l, &err);
		t0 = bench_now() - t0;
		*n = l.n;
		rec_list_free(&l);
		if (t0 < best)
			best = t0;
	}
	return best;
}

/* Best of three: SELECT the same columns from the raw table. */
static double
raw_load(struct store *st)
{
	double best = 1e9;

	for (int r = 0; r < 3; r++) {
		size_t rows, bytes;
		struct xf_err err;
		double t0 = bench_now();

		store_raw_scan(st, "raw", KIND_PATROL, &rows, &bytes, &err);
		t0 = bench_now() - t0;
		if (t0 < best)
			best = t0;
	}
	return best;
}

/* Peak RSS of a fresh process that opens the store and holds the list. */
static double
list_rss(const char *dir, const struct kind *k)
{
	int fds[2];
	double mb = -1;
	pid_t pid;

	if (pipe(fds) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		char *path = xasprintf("%s/core.db", dir);
		struct store *st;
		struct rec_list l;
		struct xf_err err;

		close(fds[0]);
		if (store_open(path, &st, &err) == 0 && store_unlock(st,
		    "bench", "bench-passphrase", 16, &err) == 0 &&
		    record_list(st, k, &l, &err) == 0 && l.n == N_RECORDS)
			mb = bench_peak_rss_mb();
		if (write(fds[1], &mb, sizeof mb) != sizeof mb)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &mb, sizeof mb) != sizeof mb)
		mb = -1;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return mb;
}

/* insert_ratio, listload_ratio and rss_mb_100k. */
void
bench_core(const char *dir)
{
	const struct kind *k = kind_by_name("patrol");
	struct store *st = bench_store(dir, "core");
	size_t bodylen, n;
	double ci, ri, cl, rl, mb;
	char note[200];

	ci = core_insert(st, k, &bodylen);
	ri = raw_insert(st, bodylen);
	snprintf(note, sizeof note, "core %.3f s, raw SQLite %.3f s for %d "
	    "rows of %zu bytes (target <= 1.5)", ci, ri, N_RECORDS, bodylen);
	bench_figure("insert_ratio", ci / ri, note);
	cl = core_load(st, k, &n);
	rl = raw_load(st);
	snprintf(note, sizeof note, "load+decrypt %.3f s (%zu records), raw "
	    "SELECT %.3f s (target <= 1.5)", cl, n, rl);
	bench_figure("listload_ratio", cl / rl, note);
	store_close(st);
	mb = list_rss(dir, k);
	snprintf(note, sizeof note, "peak RSS of a process holding the %d-record "
	    "list (target <= 64)", N_RECORDS);
	bench_figure("rss_mb_100k", mb, note);
}
