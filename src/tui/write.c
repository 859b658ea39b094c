/* Writing from the UI: a new version on top of every head, in one
 * transaction, so an edit of a record in conflict also settles it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Collect the heads of a record's history as parents. */
static int
heads_of(struct tui *t, const unsigned char *rid,
    unsigned char (*parents)[VID_LEN], struct xf_err *err)
{
	struct rec_list h;
	int n = 0;

	if (record_history(t->st, rid, &h, err) != 0)
		return -1;
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	rec_list_free(&h);
	return n;
}

/* Store a version of a record (rid NULL: a new one). */
int
tui_write(struct tui *t, const struct kind *k, const unsigned char *rid,
    char *const *vals, unsigned char *rid_out)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	struct xf_err err;
	int n = 0;

	if (rid != NULL && (n = heads_of(t, rid, parents, &err)) < 0)
		goto fail;
	if (store_begin(t->st, &err) != 0)
		goto fail;
	if (record_write(t->st, k, rid, (const unsigned char (*)[VID_LEN])
	    parents, n, vals, 0, rid_out, NULL, &err) != 0) {
		store_rollback(t->st);
		goto fail;
	}
	if (store_commit(t->st, &err) != 0)
		goto fail;
	t->gen++;
	tui_refs_reset(t);
	return 0;
fail:
	tui_message(t, 1, "%s", err.msg);
	return -1;
}

/* Copy n canonical values. */
char **
tui_vals_dup(int n, char *const *vals)
{
	char **c = xcalloc((size_t)n + 1, sizeof *c);

	for (int i = 0; vals != NULL && i < n; i++)
		c[i] = vals[i] ? xstrdup(vals[i]) : NULL;
	return c;
}

/* Free n values and their array. */
void
tui_vals_free(int n, char **vals)
{
	if (vals == NULL)
		return;
	for (int i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
}
