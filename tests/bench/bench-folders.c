/*
 * Folder sync figure: a `sync` with nothing new to send (the check that
 * keeps a timer's runs from writing bundles) against writing the bundle of
 * the same 20k versions, both on the same device store.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "core/folders.h"
#include "core/exchange.h"

#define N_VERSIONS 20000

/* Abort the benchmark with the error. */
static void
die(const struct xf_err *err)
{
	fprintf(stderr, "bench: %s\n", err->msg);
	abort();
}

/* A station store beside the device (bench_store makes devices). */
static struct store *
station(const char *dir)
{
	char *path = xasprintf("%s/folders-st.db", dir);
	struct store_create_args a = {
		.path = path, .role = ROLE_STATION, .name = "station",
		.user = "bench", .pass = "bench-passphrase", .passlen = 16,
		.kdf = {1, 8},
	};
	struct store *st;
	struct xf_err err;

	if (store_create(&a, &err) != 0 || store_open(path, &st, &err) != 0 ||
	    store_unlock(st, "bench", "bench-passphrase", 16, &err) != 0)
		die(&err);
	free(path);
	return st;
}

/* The station and the device enrol each other. */
static void
pair(struct store *dev, struct store *st)
{
	struct identity a, b;
	struct xf_err err;

	identity_self(st, &a);
	identity_self(dev, &b);
	if (sync_enroll(dev, &a, NULL, NULL, &err) < 0 ||
	    sync_enroll(st, &b, "dev", "张村", &err) < 0)
		die(&err);
}

/* N_VERSIONS visits by this device, in one transaction. */
static void
fill(struct store *dev)
{
	const struct kind *k = kind_by_id(KIND_VISIT);
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	struct xf_err err;

	if (store_begin(dev, &err) != 0)
		die(&err);
	for (int i = 0; i < N_VERSIONS; i++) {
		vals[0] = "household";
		vals[1] = xasprintf("张村%d组%d号", i % 12, i % 97);
		vals[6] = "advice";
		if (record_write(dev, k, NULL, NULL, 0, vals, 0, NULL, NULL,
		    &err) != 0)
			die(&err);
		free(vals[1]);
	}
	if (store_commit(dev, &err) != 0)
		die(&err);
	free(vals);
}

/* One folder sync, in seconds. */
static double
sync_time(struct store *dev, const char *o, const char *i, size_t *written)
{
	struct folders_ctx c = {dev, NULL, NULL, {0}};
	struct xf_err err;
	double t0 = bench_now();

	if (folders_sync(&c, o, i, 0, &err) != 0)
		die(&err);
	*written = c.n.written;
	return bench_now() - t0;
}

/* The idle check against the export it saves. */
void
bench_folders(const char *dir)
{
	struct store *dev = bench_store(dir, "folders-dev");
	struct store *st = station(dir);
	char *o = xasprintf("%s/folders-out", dir);
	char *i = xasprintf("%s/folders-in", dir);
	double t_export, t_idle;
	size_t w1, w2;

	pair(dev, st);
	fill(dev);
	t_export = sync_time(dev, o, i, &w1);
	t_idle = sync_time(dev, o, i, &w2);
	if (w1 != 1 || w2 != 0) {
		fprintf(stderr, "bench: folder sync wrote %zu then %zu bundles\n",
		    w1, w2);
		abort();
	}
	bench_figure("folders_idle_ratio", t_idle / t_export,
	    "a sync with nothing new / the sync that wrote 20k versions");
	store_close(dev);
	store_close(st);
	free(o);
	free(i);
}
