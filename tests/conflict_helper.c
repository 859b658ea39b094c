/* Test helper: make a record's current version fork into two, as two
 * laptops editing the same record before a sync would.
 * usage: conflict_helper DB PASSFILE ID TITLE-A TITLE-B */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/record.h"
#include "store_fixture.h"

static int
fork_one(struct store *st, const struct rec_list *h, const char *title,
    struct xf_err *err)
{
	const struct record *cur = record_current(h);
	unsigned char parent[1][VID_LEN];
	char **vals = xcalloc((size_t)h->kind->nfields, sizeof *vals);
	int t = kind_title_field(h->kind), rc;

	for (int i = 0; i < h->kind->nfields; i++)
		vals[i] = cur->val[i];
	vals[t] = (char *)title;
	memcpy(parent[0], cur->vid, VID_LEN);
	rc = store_begin(st, err) || record_write(st, h->kind, cur->rid,
	    (const unsigned char (*)[VID_LEN])parent, 1, vals, 0, NULL, NULL,
	    err) || store_commit(st, err);
	free(vals);
	return rc;
}

int
main(int argc, char **argv)
{
	struct store *st;
	struct rec_list h;
	struct xf_err err;
	unsigned char rid[RID_LEN];
	char pass[256];
	FILE *f;

	if (argc != 6 || vault_init(&err) != 0 || (f = fopen(argv[2], "r")) ==
	    NULL || fgets(pass, sizeof pass, f) == NULL)
		return 2;
	fclose(f);
	pass[strcspn(pass, "\n")] = '\0';
	if ((st = fx_open(argv[1], NULL, pass, &err)) == NULL ||
	    store_find_record(st, argv[3], rid, &err) != 0 ||
	    record_history(st, rid, &h, &err) != 0 ||
	    fork_one(st, &h, argv[4], &err) != 0 ||
	    fork_one(st, &h, argv[5], &err) != 0) {
		fprintf(stderr, "conflict_helper: %s\n", err.msg);
		return 1;
	}
	rec_list_free(&h);
	store_close(st);
	return 0;
}
