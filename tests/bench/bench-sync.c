/*
 * Sync figures: importing a bundle of 100k versions against a raw SQLite
 * insert of the same rows, exporting it against zlib level 6 of the same
 * plaintext, and its size against zlib level 9 of that plaintext.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "bench.h"
#include "core/exchange.h"

#define N_VERSIONS 100000
#define PASS "bench-passphrase"

/* A station store beside the bench's device stores. */
static struct store *
station_store(const char *dir)
{
	char *path = xasprintf("%s/sync-station.db", dir);
	struct store_create_args a = {
		.path = path, .role = ROLE_STATION, .name = "station",
		.user = "bench", .pass = PASS, .passlen = 16, .kdf = {1, 8},
	};
	struct store *st;
	struct xf_err err;

	if (store_create(&a, &err) != 0 || store_open(path, &st, &err) != 0 ||
	    store_unlock(st, "bench", PASS, 16, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	free(path);
	return st;
}

static void
enroll(struct store *a, struct store *b, const char *name)
{
	struct identity id;
	struct xf_err err;

	identity_self(b, &id);
	if (sync_enroll(a, &id, name, "张村", &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
}

/* 100k visits with realistic field sizes, in one transaction, with the
 * metadata record_write gives; written through record_put so that the
 * bundle holds the versions the figure is about and no audit entries. */
static void
fill(struct store *st)
{
	const struct kind *k = kind_by_id(KIND_VISIT);
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	struct version v;
	struct xf_err err;

	memset(&v, 0, sizeof v);
	v.kind = k->id;
	memcpy(v.device, store_device(st), VAULT_KEYID_LEN);
	memcpy(v.author, store_user(st), UID_LEN);
	store_begin(st, &err);
	for (int i = 0; i < N_VERSIONS; i++) {
		vault_random(v.rid, RID_LEN);
		vault_random(v.vid, VID_LEN);
		v.hlc = store_hlc_next(st);
		vals[0] = "household";
		vals[1] = xasprintf("张村%d组%d号", i % 12, i % 97);
		vals[5] = xasprintf("%d", 1780000000 + i * 61);
		vals[6] = i % 3 ? "advice" : "hazard";
		vals[7] = xasprintf("走访%d户，宣传防诈骗知识，门窗完好，无隐患%d",
		    i % 40, i % 7);
		record_put(st, k, &v, vals, 0, &err);
		free(vals[1]);
		free(vals[5]);
		free(vals[7]);
	}
	store_commit(st, &err);
	free(vals);
}

/* Export to path: the best of two runs, in seconds. */
static double
export_time(struct store *dev, const char *path)
{
	struct sync_export e;
	struct xf_err err;
	double best = 1e9;

	for (int r = 0; r < 2; r++) {
		double t0 = bench_now();

		if (sync_export(dev, "station", path, NULL, NULL, &e, &err) != 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			abort();
		}
		t0 = bench_now() - t0;
		free(e.path);
		if (t0 < best)
			best = t0;
	}
	return best;
}

/* zlib at a level: seconds (best of two) and compressed size. */
static double
zlib_time(const struct buf *plain, int level, size_t *size)
{
	uLongf cap = compressBound(plain->len), n;
	unsigned char *out = xmalloc(cap);
	double best = 1e9;

	for (int r = 0; r < 2; r++) {
		double t0 = bench_now();

		n = cap;
		compress2(out, &n, plain->data, plain->len, level);
		t0 = bench_now() - t0;
		if (t0 < best)
			best = t0;
	}
	*size = n;
	free(out);
	return best;
}

/* The same rows, plain, into a table of the version table's shape. */
static double
raw_insert(struct store *st, const struct bundle_payload *pl)
{
	char *sql = xasprintf("CREATE TABLE sync_raw(%s);"
	    "CREATE INDEX sync_raw_rid ON sync_raw(rid);"
	    "CREATE INDEX sync_raw_heads ON sync_raw(kind, rid) WHERE head = 1;",
	    store_schema_version_table());
	unsigned char *blob = xcalloc(1, 65536 + VAULT_SEAL_OVERHEAD);
	struct xf_err err;
	double t0;

	store_raw_exec(st, sql, &err);
	free(sql);
	t0 = bench_now();
	store_begin(st, &err);
	for (size_t i = 0; i < pl->nv; i++) {
		memcpy(blob, pl->v[i].body, pl->v[i].bodylen);
		store_raw_insert(st, "sync_raw", &pl->v[i].v, blob,
		    pl->v[i].bodylen + VAULT_SEAL_OVERHEAD, &err);
	}
	store_commit(st, &err);
	t0 = bench_now() - t0;
	free(blob);
	return t0;
}

static void
figures(struct store *st, double t_export, double t_import, size_t bytes,
    const unsigned char *file, size_t len)
{
	struct buf plain = {0};
	struct bundle_payload pl;
	struct xf_err err;
	size_t z6, z9;
	double t6, t_raw;
	char note[200];

	bundle_decrypt(store_vault(st), file, len, &plain, &err);
	bundle_decode(plain.data, plain.len, &pl, &err);
	t6 = zlib_time(&plain, 6, &z6);
	zlib_time(&plain, 9, &z9);
	t_raw = raw_insert(st, &pl);
	snprintf(note, sizeof note, "import %.3fs, raw insert %.3fs of %zu "
	    "rows", t_import, t_raw, pl.nv);
	bench_figure("import_ratio", t_import / t_raw, note);
	snprintf(note, sizeof note, "export %.3fs, zlib-6 %.3fs of %zu bytes",
	    t_export, t6, plain.len);
	bench_figure("export_ratio", t_export / t6, note);
	snprintf(note, sizeof note, "bundle %zu bytes, zlib-9 %zu + 1024",
	    bytes, z9);
	bench_figure("bundle_size_ratio", (double)bytes / (double)(z9 + 1024),
	    note);
	bundle_payload_free(&pl);
	buf_free(&plain);
}

void
bench_sync(const char *dir)
{
	struct store *dev = bench_store(dir, "sync-device");
	struct store *st = station_store(dir);
	char *path = xasprintf("%s/sync.xfb", dir);
	struct sync_import r;
	struct xf_err err;
	unsigned char *file;
	size_t len;
	double t_export, t_import;

	enroll(dev, st, NULL);
	enroll(st, dev, "device");
	fill(dev);
	t_export = export_time(dev, path);
	t_import = bench_now();
	if (file_read(path, &file, &len, BUNDLE_MAX_FILE, &err) != 0 ||
	    sync_import(st, file, len, 0, &r, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	t_import = bench_now() - t_import;
	sync_import_clear(&r);
	figures(st, t_export, t_import, len, file, len);
	free(file);
	free(path);
	store_close(st);
	store_close(dev);
}
