/*
 * Hooks for the benchmark (tests/bench/) and the tests, not for the
 * program: raw tables beside the store's own, to measure the core against,
 * and bulk creation of records. Included only by the bench, the tests that
 * need it and the files that implement it.
 */
#ifndef CORE_BENCH_H
#define CORE_BENCH_H

#include "record.h"
#include "store.h"

/* The same table shape without the core on top. */
int store_raw_exec(struct store *, const char *sql, struct xf_err *);
int store_raw_insert(struct store *, const char *table, const struct version *,
    const unsigned char *blob, size_t len, struct xf_err *);
int store_raw_scan(struct store *, const char *table, int kind, size_t *rows,
    size_t *bytes, struct xf_err *);
const char *store_schema_version_table(void);

/* Many new records in the caller's transaction, audited as one entry that
 * gives their number and a hash of their ids (bulk entry, benchmarks). */
struct record_batch {
	const struct kind *kind;
	struct buf rids;
	uint64_t n;
};
int record_batch_add(struct store *, struct record_batch *,
    const struct kind *, char *const *vals, unsigned char *rid_out,
    struct xf_err *);
int record_batch_end(struct store *, struct record_batch *, struct xf_err *);

#endif
