/* Demo data for trainers: a township of villages with a registry, people,
 * and days of patrols, visits and disputes with believable patterns. */
#ifndef DEMO_H
#define DEMO_H

#include "store.h"

/* The account and passphrase a demo store is made with unless told. */
#define DEMO_USER "trainer"
#define DEMO_PASSPHRASE "xunfang-demo"

struct demo_opts {
	uint64_t seed;
	int days;		/* days of records, ending on the end date */
	int villages;
	int64_t end;		/* local midnight that starts the last day */
	/* Called now and then with work done and work to do; may be NULL. */
	void (*progress)(void *, int done, int total);
	void *progress_arg;
	int first_village;	/* index of the first village's name */
	const char *township;	/* NULL: chosen by the seed */
};

struct demo_stats {
	size_t records;
	size_t versions;
};

/* Fill an unlocked, empty store with demo records. The same options give
 * the same records (ids, values and clocks). */
int demo_fill(struct store *, const struct demo_opts *, struct demo_stats *,
    struct xf_err *);

/* The name the demo gives its village number i (caller frees). */
char *demo_village_name(int i);
/* The township the demo names for a seed. */
const char *demo_township(uint64_t seed);

/* Local midnight starting yesterday: the default end date. */
int64_t demo_default_end(int64_t now);

#endif
