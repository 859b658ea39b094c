/*
 * Warnings: the core function the home screen reads returns the warnings
 * valid now and leaves out expired, future and deleted ones.
 */
#include "config.h"

#include <stdarg.h>

#include "tap.h"
#include "bundle_util.h"

/* Add a warning with the given issue time and last valid day. */
static void
warn(struct store *st, const char *title, int64_t issued, const char *until,
    int tomb)
{
	const struct kind *k = kind_by_id(KIND_WARNING);
	char *vals[16] = {0};
	unsigned char rid[RID_LEN], vid[VID_LEN];
	struct xf_err err;

	vals[kind_field_index(k, "title")] = (char *)title;
	vals[kind_field_index(k, "level")] = "urgent";
	vals[kind_field_index(k, "text")] = "注意防范";
	vals[kind_field_index(k, "issued")] = xasprintf("%lld",
	    (long long)issued);
	vals[kind_field_index(k, "valid_until")] = (char *)until;
	store_begin(st, &err);
	record_write(st, k, NULL, NULL, 0, vals, 0, rid, vid, &err);
	if (tomb)
		record_write(st, k, rid, (const unsigned char (*)[VID_LEN])vid,
		    1, vals, 1, NULL, NULL, &err);
	store_commit(st, &err);
	free(vals[kind_field_index(k, "issued")]);
}

static int
listed(const struct rec_list *l, const char *title)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].val[0], title) == 0)
			return 1;
	return 0;
}

int
main(void)
{
	struct xf_err err;
	char *dir;
	struct store *st;
	struct rec_list l;
	int64_t now = 1800000000;
	char today[11], yesterday[11];

	if (vault_init(&err) != 0)
		return 1;
	setenv("TZ", "Asia/Shanghai", 1);
	dir = tu_dir("bundle_warnings");
	st = tu_store(dir, "st.db", ROLE_STATION, 0);
	date_format(now, today);
	date_format(now - 86400, yesterday);
	warn(st, "今日有效", now - 3600, today, 0);
	warn(st, "长期有效", now - 3600, NULL, 0);
	warn(st, "已过期", now - 3 * 86400, yesterday, 0);
	warn(st, "尚未发布", now + 3600, NULL, 0);
	warn(st, "已撤回", now - 3600, NULL, 1);
	ok(sync_warnings_now(st, now, &l, &err) == 0, "warnings load");
	ok(l.n == 2 && listed(&l, "今日有效") && listed(&l, "长期有效"),
	    "only the two valid warnings are returned (%zu)", l.n);
	ok(!listed(&l, "已过期") && !listed(&l, "尚未发布") &&
	    !listed(&l, "已撤回"), "expired, future and withdrawn warnings "
	    "are left out");
	rec_list_free(&l);
	store_close(st);
	free(dir);
	return tap_done();
}
