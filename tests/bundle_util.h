/* Shared setup of the bundle tests: stores, enrolment, records, digests. */
#ifndef BUNDLE_UTIL_H
#define BUNDLE_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/exchange.h"
#include "store_fixture.h"

#define TU_PASS "test passphrase 2026"

/* A private folder for this test under the build tree. */
static __attribute__((unused)) char *
tu_dir(const char *name)
{
	const char *b = getenv("XF_BUILDDIR");
	char *d = xasprintf("%s/tests/tmp/%s.%ld", b ? b : ".", name,
	    (long)getpid());
	struct xf_err err;

	if (mkdir_parents(d, 0700, &err) != 0 || (mkdir(d, 0700) != 0 &&
	    access(d, F_OK) != 0)) {
		fprintf(stderr, "Bail out! cannot make %s\n", d);
		exit(1);
	}
	return d;
}

/* Create and unlock a store; abort the test on failure. */
static __attribute__((unused)) struct store *
tu_store(const char *dir, const char *file, int role, int demo)
{
	struct store *st = NULL;
	struct xf_err err;
	char *path = xasprintf("%s/%s", dir, file);

	if (fx_create(path, role, file, "officer", TU_PASS, demo, &err) != 0 ||
	    (st = fx_open(path, NULL, TU_PASS, &err)) == NULL) {
		fprintf(stderr, "Bail out! %s\n", err.msg);
		exit(1);
	}
	free(path);
	return st;
}

/* Open and unlock an existing store. */
static __attribute__((unused)) struct store *
tu_open(const char *path, struct xf_err *err)
{
	return fx_open(path, NULL, TU_PASS, err);
}

/* a enrols b. */
static __attribute__((unused)) void
tu_enroll(struct store *a, struct store *b, const char *name,
    const char *village)
{
	struct identity id;
	struct xf_err err;

	identity_self(b, &id);
	if (sync_enroll(a, &id, name, village, &err) < 0) {
		fprintf(stderr, "Bail out! enrol: %s\n", err.msg);
		exit(1);
	}
}

/* n village records in one transaction. */
static __attribute__((unused)) void
tu_add(struct store *st, int n, const char *prefix)
{
	const struct kind *k = kind_by_id(KIND_VILLAGE);
	char *vals[2];
	struct xf_err err;

	if (store_begin(st, &err) != 0)
		exit(1);
	for (int i = 0; i < n; i++) {
		vals[0] = xasprintf("%s村%d", prefix, i);
		vals[1] = xasprintf("城关镇%d", i % 7);
		if (record_write(st, k, NULL, NULL, 0, vals, 0, NULL, NULL,
		    &err) != 0) {
			fprintf(stderr, "Bail out! %s\n", err.msg);
			exit(1);
		}
		free(vals[0]);
		free(vals[1]);
	}
	if (store_commit(st, &err) != 0)
		exit(1);
}

static __attribute__((unused)) unsigned char *
tu_read(const char *path, size_t *len)
{
	unsigned char *p;
	struct xf_err err;

	if (file_read(path, &p, len, BUNDLE_MAX_FILE, &err) != 0) {
		fprintf(stderr, "Bail out! %s\n", err.msg);
		exit(1);
	}
	return p;
}

/* A bundle from one store to a peer, written to DIR/NAME and read back. */
static __attribute__((unused)) unsigned char *
tu_export(struct store *from, const char *peer, const char *dir,
    const char *name, size_t *len)
{
	struct sync_export e;
	struct xf_err err;
	char *path = xasprintf("%s/%s", dir, name);
	unsigned char *p;

	if (sync_export(from, peer, path, NULL, NULL, &e, &err) != 0) {
		fprintf(stderr, "Bail out! export: %s\n", err.msg);
		exit(1);
	}
	free(e.path);
	p = tu_read(path, len);
	free(path);
	return p;
}

/* FNV-1a over every row of every table: the store's whole content. */
static __attribute__((unused)) uint64_t
tu_digest(const char *path)
{
	static const char *const q[] = {
		"SELECT * FROM version ORDER BY seq",
		"SELECT * FROM peer ORDER BY keyid",
		"SELECT * FROM revoked ORDER BY keyid",
		"SELECT * FROM recv_range ORDER BY rowid",
		"SELECT * FROM meta ORDER BY k",
	};
	uint64_t h = 1469598103934665603ULL;
	sqlite3 *db;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 0;
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(db, q[i], -1, &s, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(s) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const unsigned char *p = sqlite3_column_blob(s, c);
				int n = sqlite3_column_bytes(s, c);

				for (int j = 0; j < n; j++)
					h = (h ^ p[j]) * 1099511628211ULL;
				h = (h ^ 0xff) * 1099511628211ULL;
			}
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return h;
}

#endif
