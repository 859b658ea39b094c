/*
 * The list view reads a kind's records a page at a time, the last
 * changed first: the first screen and the first key of a search answer
 * over what is read, the rest comes in idle steps, and once every page
 * is read the list is the one record_list gives: deleted records gone, a
 * record of two heads once, and a head hidden in the file noticed.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "tap.h"
#include "store_fixture.h"
#include "core/record.h"
#include "tui/bench.h"

#define N 2600
#define DELETED 30

/* Write n patrols in one transaction, the first with an old route
 * nobody else has; delete DELETED of the oldest and give one a second
 * head. */
static int
fill(struct store *st, struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_PATROL);
	unsigned char rids[DELETED + 2][RID_LEN], vids[DELETED + 2][VID_LEN];
	char *vals[PATROL_NFIELDS], start[24], route[48];

	if (store_begin(st, err) != 0)
		return -1;
	for (int i = 0; i < N; i++) {
		memset(vals, 0, sizeof vals);
		vals[PATROL_F_TYPE] = "foot";
		snprintf(start, sizeof start, "%lld",
		    (long long)(1764300000 + i * 600));
		vals[PATROL_F_START] = start;
		snprintf(route, sizeof route, i == 0 ? "远古路线" :
		    "村口到河边%d", i);
		vals[PATROL_F_ROUTE] = route;
		if (record_write(st, k, NULL, NULL, 0, vals, 0,
		    i < DELETED + 2 ? rids[i] : NULL, i < DELETED + 2 ?
		    vids[i] : NULL, err) != 0)
			goto fail;
	}
	memset(vals, 0, sizeof vals);
	vals[PATROL_F_TYPE] = "foot";
	vals[PATROL_F_START] = start;
	for (int i = 2; i < DELETED + 2; i++)
		if (record_write(st, k, rids[i], (const unsigned char
		    (*)[VID_LEN])vids[i], 1, vals, 1, NULL, NULL, err) != 0)
			goto fail;
	/* Two edits of one version: the record has two heads. */
	vals[PATROL_F_ROUTE] = "分叉甲";
	if (record_write(st, k, rids[1], (const unsigned char (*)[VID_LEN])
	    vids[1], 1, vals, 0, NULL, NULL, err) != 0)
		goto fail;
	vals[PATROL_F_ROUTE] = "分叉乙";
	if (record_write(st, k, rids[1], (const unsigned char (*)[VID_LEN])
	    vids[1], 1, vals, 0, NULL, NULL, err) != 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

/* Type a string of wide characters. */
static void
type(struct tui_headless *h, const wchar_t *s)
{
	for (; *s; s++)
		tui_headless_key(h, *s);
}

static void
test_pages(const char *path)
{
	struct tui_headless *h;
	struct rec_list all;
	struct xf_err err;
	struct store *st;
	size_t first;

	st = fx_new(path, ROLE_DEVICE, "pages", "officer", "pages-pass",
	    &err);
	ok(st != NULL && fill(st, &err) == 0, "%d patrols, %d deleted, one "
	    "of two heads (%s)", N, DELETED, st ? "written" : err.msg);
	if (st == NULL)
		return;
	if (record_list(st, kind_by_id(KIND_PATROL), &all, &err) != 0)
		all.n = 0;
	ok(all.n == N - DELETED, "record_list holds %zu records", all.n);
	h = tui_headless_new(st, "/dev/null", 24, 80, &err);
	if (h == NULL || tui_headless_list(h, "patrol", &err) != 0) {
		ok(0, "the list opens (%s)", err.msg);
		store_close(st);
		return;
	}
	first = tui_headless_shown(h);
	ok(first > 0 && first < 200, "the list opens on its first page: %zu "
	    "records", first);
	tui_headless_key(h, L'/');
	type(h, L"远古");
	ok(tui_headless_shown(h) == 0, "the first keys search what is read: "
	    "the oldest patrol is not there yet (%zu)", tui_headless_shown(h));
	tui_headless_idle(h);
	ok(tui_headless_shown(h) == 1, "once the pages are read the search "
	    "finds it (%zu)", tui_headless_shown(h));
	tui_headless_key(h, 27);
	ok(tui_headless_shown(h) == all.n, "every record once, the deleted "
	    "gone: %zu of %zu", tui_headless_shown(h), all.n);
	tui_headless_key(h, L'/');
	type(h, L"分叉");
	ok(tui_headless_shown(h) == 1, "the record of two heads shows once "
	    "(%zu)", tui_headless_shown(h));
	ok(tui_headless_message(h)[0] == '\0', "no message: '%s'",
	    tui_headless_message(h));
	tui_headless_free(h);
	rec_list_free(&all);
	store_close(st);
}

/* Clear the head flag of one current version in the file, as someone
 * with the file might to hide a record. */
static int
hide_one(const char *path)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, "UPDATE version SET head = 0 WHERE seq = "
	    "(SELECT min(seq) FROM version WHERE head = 1 AND kind = "
	    "(SELECT kind FROM version WHERE seq = (SELECT max(seq) FROM "
	    "version)))", NULL, NULL, NULL);
	rc = rc == SQLITE_OK && sqlite3_changes(db) == 1 ? 0 : -1;
	sqlite3_close(db);
	return rc;
}

static void
test_hidden(const char *path)
{
	struct tui_headless *h;
	struct xf_err err;
	struct store *st;

	ok(hide_one(path) == 0, "a head's flag is cleared in the file");
	if ((st = fx_open(path, "officer", "pages-pass", &err)) == NULL) {
		ok(0, "the store opens (%s)", err.msg);
		return;
	}
	h = tui_headless_new(st, "/dev/null", 24, 80, &err);
	if (h == NULL || tui_headless_list(h, "patrol", &err) != 0) {
		ok(strstr(err.msg, "changed outside xunfang") != NULL,
		    "the list says the store was changed (%s)", err.msg);
		store_close(st);
		return;
	}
	tui_headless_idle(h);
	ok(strstr(tui_headless_message(h), "changed outside xunfang") != NULL,
	    "after the last page the list says the store was changed: '%s'",
	    tui_headless_message(h));
	tui_headless_free(h);
	store_close(st);
}

int
main(void)
{
	char dir[] = "/tmp/xf-list-pages.XXXXXX";
	char *path, *cmd;

	setenv("TZ", "Asia/Shanghai", 1);
	setlocale(LC_ALL, "C.UTF-8");
	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL) {
		printf("Bail out! cannot set up\n");
		return 1;
	}
	path = xasprintf("%s/pages.db", dir);
	test_pages(path);
	test_hidden(path);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	free(path);
	return tap_done();
}
