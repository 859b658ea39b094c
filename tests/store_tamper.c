/*
 * Store tamper suite: someone who can write the store file but holds no
 * passphrase rewrites the clear columns and rows that decisions read (a
 * peer's keys, role and counters, the current-version flags, the demo
 * flag, the lockout threshold, the audit head) and hands the file back.
 * Each change must be noticed with an error that names what was altered,
 * never silently used.
 */
#include "config.h"

#include <stdarg.h>

#include "tap.h"
#include "bundle_util.h"
#include "core/audit.h"
#include "core/report.h"
#include "core/summary.h"

/* Run one statement on the file as the attacker would, with no keys. */
static void
poke(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("Bail out! %s: %s\n", sql, msg ? msg : "open");
		exit(1);
	}
	sqlite3_close(db);
}

/* Read one blob column of the first row a query returns, as the attacker
 * who keeps a copy would. */
static size_t
peek(const char *path, const char *sql, unsigned char *out, size_t cap)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	size_t n = 0;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		printf("Bail out! %s\n", sql);
		exit(1);
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		n = (size_t)sqlite3_column_bytes(s, 0);
		n = n > cap ? cap : n;
		memcpy(out, sqlite3_column_blob(s, 0), n);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* Put a blob back into the file with a statement taking it as ?1. */
static void
poke_blob(const char *path, const char *sql, const unsigned char *p,
    size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		printf("Bail out! %s\n", sql);
		exit(1);
	}
	sqlite3_bind_blob(s, 1, p, (int)n, SQLITE_STATIC);
	sqlite3_step(s);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Whether the message says the file was changed outside xunfang, and
 * names what. */
static int
says(const struct xf_err *err, const char *what)
{
	return strstr(err->msg, "outside xunfang") != NULL &&
	    strstr(err->msg, what) != NULL;
}

/* The number of current village records, or -1 with err set. */
static long
villages(struct store *st, struct xf_err *err)
{
	struct rec_list l = {0};
	long n;

	if (record_list(st, kind_by_id(KIND_VILLAGE), &l, err) != 0) {
		rec_list_free(&l);
		return -1;
	}
	n = (long)l.n;
	rec_list_free(&l);
	return n;
}

/* A device enrolled with a station, both closed, their paths returned. */
static void
pair(const char *dir, const char *tag, char **dev, char **sta)
{
	char *d = xasprintf("dev-%s.db", tag), *s = xasprintf("st-%s.db", tag);
	struct store *a = tu_store(dir, d, ROLE_DEVICE, 0);
	struct store *b = tu_store(dir, s, ROLE_STATION, 0);

	tu_enroll(a, b, NULL, NULL);
	tu_enroll(b, a, "dev", "张村");
	tu_add(a, 3, tag);
	store_close(a);
	store_close(b);
	*dev = xasprintf("%s/%s", dir, d);
	*sta = xasprintf("%s/%s", dir, s);
	free(d);
	free(s);
}

/* A peer's keys or role rewritten in the file: the device must not seal
 * its next export to the attacker's key, nor trust a forged signature. */
static void
test_peer(const char *dir)
{
	static const char *const col[] = {"box_pk", "sign_pk", "role"};
	static const char *const sql[] = {
		"UPDATE peer SET box_pk = zeroblob(32)",
		"UPDATE peer SET sign_pk = randomblob(32)",
		"UPDATE peer SET role = 1",
	};

	for (size_t i = 0; i < XF_ARRAY_LEN(sql); i++) {
		struct xf_err err = {0};
		struct sync_export e = {0};
		struct store *st;
		char *dev, *sta, *out, tag[8];

		snprintf(tag, sizeof tag, "p%zu", i);
		pair(dir, tag, &dev, &sta);
		poke(dev, sql[i]);
		out = xasprintf("%s/%s.xfb", dir, tag);
		st = tu_open(dev, &err);
		ok(st != NULL && sync_export(st, "station", out, NULL, NULL, &e,
		    &err) != 0 && says(&err, "station") && access(out, F_OK) != 0,
		    "the station's %s rewritten in the file: export refused (%s)",
		    col[i], err.msg);
		free(e.path);
		if (i == 0 && st != NULL) {
			struct store *b = tu_open(sta, &err);

			tu_enroll(st, b, NULL, NULL);
			e.path = NULL;
			ok(sync_export(st, "station", out, NULL, NULL, &e,
			    &err) == 0, "enrolling the station again is the "
			    "way back: export works (%s)", err.msg);
			free(e.path);
			store_close(b);
		}
		store_close(st);
		free(out);
		free(dev);
		free(sta);
	}
}

/* A peer's acknowledgement counter rewritten: not silently believed. */
static void
test_peer_counter(const char *dir)
{
	struct xf_err err = {0};
	struct store_peer *v = NULL;
	struct store *st;
	size_t n = 0;
	char *dev, *sta;

	pair(dir, "ack", &dev, &sta);
	poke(sta, "UPDATE peer SET acked = 999999, seq_in = 0");
	st = tu_open(sta, &err);
	ok(st != NULL && store_peer_list(st, &v, &n, &err) != 0 &&
	    says(&err, "dev"), "a device's counters rewritten at the station: "
	    "refused (%s)", err.msg);
	if (v != NULL)
		store_peer_list_free(v, n);
	store_close(st);
	free(dev);
	free(sta);
}

/* The restricted key the station told removed: the device must not go
 * back to sealing to the station's identity key, which any station
 * account opens. */
static void
test_peer_rkey(const char *dir)
{
	struct xf_err err = {0};
	struct store *st;
	char *dev, *sta;

	pair(dir, "rkey", &dev, &sta);
	poke(dev, "DELETE FROM peer_rkey");
	st = tu_open(dev, &err);
	ok(st == NULL && says(&err, "peers told"), "the station's "
	    "restricted key removed from the file: refused (%s)", err.msg);
	store_close(st);
	free(dev);
	free(sta);
}

/* The accounts a device told removed at the station: that device's
 * versions would be refused as authored by no account of it. */
static void
test_peer_account(const char *dir)
{
	struct xf_err err = {0};
	struct sync_import r;
	struct store *a, *b;
	unsigned char *p;
	size_t len;
	char *dev, *sta;
	int rc;

	pair(dir, "acct", &dev, &sta);
	a = tu_open(dev, &err);
	b = tu_open(sta, &err);
	p = tu_export(a, "station", dir, "acct.xfb", &len);
	rc = sync_import(b, p, len, 0, &r, &err);
	sync_import_clear(&r);
	store_close(a);
	store_close(b);
	poke(sta, "DELETE FROM peer_account");
	b = tu_open(sta, &err);
	ok(rc == 0 && b == NULL && says(&err, "(keys, accounts)"),
	    "the accounts a device told removed at the station: refused (%s)",
	    err.msg);
	store_close(b);
	free(p);
	free(dev);
	free(sta);
}

/* The current-version flags cleared or moved: a record hidden, or a
 * record rolled back to an older version. */
static void
test_heads(const char *dir)
{
	static const char *const what[] = {"hidden", "rolled back"};

	for (size_t i = 0; i < XF_ARRAY_LEN(what); i++) {
		struct xf_err err = {0};
		struct store *st;
		struct rec_list l = {0};
		char *file = xasprintf("heads%zu.db", i), *path;
		char *vals[2] = {"改过的村", "城关镇"};
		const struct record *r;

		st = tu_store(dir, file, ROLE_DEVICE, 0);
		tu_add(st, 2, "头");
		if (i == 1) {
			/* A second version of the oldest village. */
			record_list(st, kind_by_id(KIND_VILLAGE), &l, &err);
			r = &l.rows[0];
			store_begin(st, &err);
			record_write(st, kind_by_id(KIND_VILLAGE), r->rid,
			    &r->vid, 1, vals, 0, NULL, NULL, &err);
			store_commit(st, &err);
			rec_list_free(&l);
			store_close(st);
			path = xasprintf("%s/%s", dir, file);
			poke(path, "UPDATE version SET head = 1 WHERE seq = 1;"
			    "UPDATE version SET head = 0 WHERE seq = 3");
		} else {
			store_close(st);
			path = xasprintf("%s/%s", dir, file);
			poke(path, "UPDATE version SET head = 0 WHERE seq = "
			    "(SELECT min(seq) FROM version WHERE kind = 4)");
		}
		st = tu_open(path, &err);
		ok(st != NULL && villages(st, &err) < 0 &&
		    says(&err, "current versions"),
		    "a record %s by the current-version flags: noticed (%s)",
		    what[i], err.msg);
		store_close(st);
		free(path);
		free(file);
	}
}

/* A version that names another record's version as its parent must not
 * take that record out of the list. */
static void
test_foreign_parent(const char *dir)
{
	struct xf_err err = {0};
	struct store *st = tu_store(dir, "foreign.db", ROLE_DEVICE, 0);
	struct rec_list l = {0};
	char *vals[2] = {"新村", "城关镇"};
	long before;

	tu_add(st, 2, "邻");
	before = villages(st, &err);
	record_list(st, kind_by_id(KIND_VILLAGE), &l, &err);
	store_begin(st, &err);
	/* A new record whose parent is the other record's head. */
	record_write(st, kind_by_id(KIND_VILLAGE), NULL, &l.rows[0].vid, 1,
	    vals, 0, NULL, NULL, &err);
	store_commit(st, &err);
	rec_list_free(&l);
	ok(villages(st, &err) == before + 1, "a version naming another "
	    "record's version as parent hides nothing (%ld, then %ld)", before,
	    villages(st, &err));
	store_close(st);
}

/* The demo flag, the store's role and the lockout threshold rewritten. */
static void
test_meta(const char *dir)
{
	static const struct {
		const char *file, *sql, *what;
		int demo;
	} c[] = {
		{"demo.db", "UPDATE meta SET v = CAST('0' AS BLOB) "
		    "WHERE k = 'demo'", "demo", 1},
		{"role.db", "UPDATE meta SET v = CAST('station' AS BLOB) "
		    "WHERE k = 'role'", "role", 0},
		{"lockout.db", "UPDATE meta SET v = zeroblob(8) "
		    "WHERE k = 'lockout'", "lockout", 0},
		{"stripped.db", "DELETE FROM state", "sealed state", 0},
	};

	for (size_t i = 0; i < XF_ARRAY_LEN(c); i++) {
		struct xf_err err = {0};
		struct store *st = tu_store(dir, c[i].file, ROLE_DEVICE,
		    c[i].demo);
		char *path = xasprintf("%s/%s", dir, c[i].file);

		store_begin(st, &err);
		store_set_lockout(st, 5, &err);
		store_commit(st, &err);
		store_close(st);
		poke(path, c[i].sql);
		st = tu_open(path, &err);
		ok(st == NULL && says(&err, c[i].what), "%s rewritten in the "
		    "file: unlock refused (%s)", c[i].what, err.msg);
		store_close(st);
		free(path);
	}
}

/* Audit entries deleted and an older copy of the audit head put back. */
static void
test_audit_rollback(const char *dir)
{
	struct xf_err err = {0};
	struct store *st = tu_store(dir, "audit.db", ROLE_DEVICE, 0);
	char *path = xasprintf("%s/audit.db", dir);
	unsigned char old[256];
	size_t n;
	int64_t rc;

	store_close(st);
	n = peek(path, "SELECT head FROM audit_key", old, sizeof old);
	for (int i = 0; i < 3; i++)
		store_close(tu_open(path, &err));
	poke(path, "DELETE FROM audit WHERE n > 2");
	poke_blob(path, "UPDATE audit_key SET head = ?1", old, n);
	st = tu_open(path, &err);
	rc = st ? audit_verify(st, &err) : -1;
	ok(rc < 0 && says(&err, "audit"), "audit entries deleted and an old "
	    "audit head restored: noticed (%s)", err.msg);
	store_close(st);
	free(path);
}

/* Whether a wrap, opened with its passphrase, opens the body of the
 * version in row seq. */
static int
wrap_opens(const char *path, const unsigned char *wrap, size_t wlen,
    const unsigned char *uid, const char *pass, int seq)
{
	unsigned char ad[UID_LEN + 16], body[4096], plain[4096];
	unsigned char vad[VERSION_AD_MAX];
	struct version v = {0};
	struct vault *vt = NULL;
	struct xf_err err;
	sqlite3 *db;
	sqlite3_stmt *s;
	size_t blen = 0;
	int rc = 0;

	memcpy(ad, uid, UID_LEN);
	memcpy(ad + UID_LEN, "officer", 7);
	if (vault_unwrap(wrap, wlen, pass, strlen(pass), ad, UID_LEN + 7, &vt,
	    &err) != 1)
		return 0;
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT vid, rid, kind, hlc, device, author, "
	    "tomb, body FROM version WHERE seq = ?1", -1, &s, NULL);
	sqlite3_bind_int(s, 1, seq);
	if (sqlite3_step(s) == SQLITE_ROW) {
		memcpy(v.vid, sqlite3_column_blob(s, 0), VID_LEN);
		memcpy(v.rid, sqlite3_column_blob(s, 1), RID_LEN);
		v.kind = sqlite3_column_int(s, 2);
		v.hlc = (uint64_t)sqlite3_column_int64(s, 3);
		memcpy(v.device, sqlite3_column_blob(s, 4), VAULT_KEYID_LEN);
		memcpy(v.author, sqlite3_column_blob(s, 5), UID_LEN);
		v.tomb = sqlite3_column_int(s, 6);
		blen = (size_t)sqlite3_column_bytes(s, 7);
		memcpy(body, sqlite3_column_blob(s, 7), blen);
		rc = vault_open(vt, vad, version_ad(&v, vad), body, blen,
		    plain) == 0;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	vault_free(vt);
	return rc;
}

/* An account disabled (or its passphrase changed), then its old wrap put
 * back from a copy: it must not open what was written since, while every
 * other account reads old and new alike. */
static void
test_rotation(const char *dir)
{
	static const char *const how[] = {"disabled", "given a new passphrase"};

	for (int i = 0; i < 2; i++) {
		struct xf_err err = {0};
		char *file = xasprintf("rot%d.db", i), *path;
		struct store *st = tu_store(dir, file, ROLE_DEVICE, 0);
		struct kdf_params kp = {1, 8};
		unsigned char uid[UID_LEN], wrap[512];
		size_t wlen;
		int ok1;

		path = xasprintf("%s/%s", dir, file);
		store_begin(st, &err);
		store_account_add(st, "二号", "officer", "second pass 2026", 16,
		    &kp, uid, &err);
		store_account_add(st, "志愿者", "volunteer", "volunteer 2026", 14,
		    &kp, uid, &err);
		store_commit(st, &err);
		tu_add(st, 1, "旧");
		store_close(st);
		wlen = peek(path, "SELECT wrap FROM account WHERE role = "
		    "'officer' ORDER BY rowid LIMIT 1 OFFSET 1", wrap,
		    sizeof wrap);
		peek(path, "SELECT uid FROM account WHERE role = 'officer' "
		    "ORDER BY rowid LIMIT 1 OFFSET 1", uid, sizeof uid);
		st = fx_open(path, "officer", TU_PASS, &err);
		store_begin(st, &err);
		if (i == 0)
			store_account_disable(st, "二号", uid, &err);
		else
			store_account_passwd(st, "二号", "another pass 2026", 17,
			    &kp, uid, &err);
		ok1 = store_commit(st, &err) == 0;
		tu_add(st, 1, "新");
		store_close(st);
		ok(ok1 && wrap_opens(path, wrap, wlen, uid, "second pass 2026",
		    1) && !wrap_opens(path, wrap, wlen, uid, "second pass 2026",
		    2), "an account %s: its old wrap opens the older version "
		    "but not the one written since", how[i]);
		poke_blob(path, "UPDATE account SET wrap = ?1, disabled = 0 "
		    "WHERE role = 'officer' AND rowid = (SELECT rowid FROM "
		    "account WHERE role = 'officer' ORDER BY rowid LIMIT 1 "
		    "OFFSET 1)", wrap, wlen);
		st = fx_open(path, "二号", "second pass 2026", &err);
		ok(st == NULL, "its old wrap put back does not unlock (%s)",
		    err.msg);
		store_close(st);
		st = fx_open(path, "志愿者", "volunteer 2026", &err);
		ok(st != NULL && villages(st, &err) == 2, "a volunteer who was "
		    "away reads old and new (%s)", err.msg);
		store_close(st);
		st = fx_open(path, "志愿者", "volunteer 2026", &err);
		ok(st != NULL && villages(st, &err) == 2, "and again, with its "
		    "wrap moved to the new key (%s)", err.msg);
		store_close(st);
		st = fx_open(path, "officer", TU_PASS, &err);
		ok(st != NULL && villages(st, &err) == 2 && audit_verify(st,
		    &err) >= 0, "the officer reads both and the audit log "
		    "verifies (%s)", err.msg);
		store_close(st);
		free(path);
		free(file);
	}
}

/* Untouched stores still open and list what they hold. */
static void
test_clean(const char *dir)
{
	struct xf_err err = {0};
	struct store *st;
	char *dev, *sta;
	struct sync_export e = {0};
	char *out = xasprintf("%s/clean.xfb", dir);

	pair(dir, "clean", &dev, &sta);
	st = tu_open(dev, &err);
	ok(st != NULL && villages(st, &err) == 3 && sync_export(st, "station",
	    out, NULL, NULL, &e, &err) == 0 && audit_verify(st, &err) >= 0,
	    "an untouched store lists, exports and verifies (%s)",
	    err.msg);
	free(e.path);
	store_close(st);
	free(out);
	free(dev);
	free(sta);
}

/* Patrols starting at 10:00 on these days of November 2026 (local), the
 * first three in the week reported on. */
static const int patrol_days[] = {2, 4, 6, -10, 20};
#define NOV1 1793462400LL	/* 2026-11-01 00:00 +08:00 */

/* A store with those patrols, closed; its path. */
static char *
patrol_store(const char *dir, const char *file)
{
	const struct kind *k = kind_by_name("patrol");
	struct store *st = tu_store(dir, file, ROLE_DEVICE, 0);
	unsigned char rid[RID_LEN], vid[VID_LEN];
	struct xf_err err;

	if (store_begin(st, &err) != 0)
		exit(1);
	for (size_t i = 0; i < XF_ARRAY_LEN(patrol_days); i++) {
		char *vals[32] = {0}, start[24];

		snprintf(start, sizeof start, "%lld", NOV1 +
		    (patrol_days[i] - 1) * 86400LL + 36000);
		vals[kind_field_index(k, "type")] = "foot";
		vals[kind_field_index(k, "team")] = "王警官";
		vals[kind_field_index(k, "start")] = start;
		if (record_write(st, k, NULL, NULL, 0, vals, 0, rid, vid,
		    &err) != 0) {
			printf("Bail out! %s\n", err.msg);
			exit(1);
		}
		/* The first edited, the second deleted, the third edited
		 * on two laptops at once (a conflict, still one patrol). */
		vals[kind_field_index(k, "team")] = "李红";
		for (int j = 0; j < (i == 0 || i == 1 ? 1 : i == 2 ? 2 : 0);
		    j++)
			if (record_write(st, k, rid, (const unsigned char
			    (*)[VID_LEN])vid, 1, vals, i == 1, NULL, NULL,
			    &err) != 0) {
				printf("Bail out! %s\n", err.msg);
				exit(1);
			}
	}
	if (store_commit(st, &err) != 0)
		exit(1);
	store_close(st);
	return xasprintf("%s/%s", dir, file);
}

/* The patrols report over 2026-11-01 to 11-07, of its period alone or
 * of every record: the number of patrols, or -1 with err set. */
static long
week_patrols_read(const char *path, int whole, struct xf_err *err)
{
	const struct report_entry *e = report_by_name("patrols");
	struct report_opts o = {.from = NOV1, .to = NOV1 + 7 * 86400LL};
	struct report_data *d;
	struct report r;
	struct store *st = tu_open(path, err);
	long n = -1;

	o.asof = o.to;
	if (st == NULL)
		return -1;
	if ((whole ? report_load(st, &d, err) : report_load_for(st, e, &o, &d,
	    err)) == 0) {
		if (report_run(d, e, &o, &r, err) == 0) {
			n = r.nrows ? (long)report_cell(&r, 0, "patrols")->num :
			    0;
			report_free(&r);
		}
		report_data_free(d);
	}
	store_close(st);
	return n;
}

/* The home screen's figures on 2026-11-04 at noon: patrols in progress,
 * or -1 with err set. */
static long
home_patrols_read(const char *path, int whole, struct xf_err *err)
{
	struct store *st = tu_open(path, err);
	int64_t now = NOV1 + 3 * 86400LL + 43200;
	struct summary s;
	long n = -1;

	if (st == NULL)
		return -1;
	if ((whole ? summary_compute_whole(st, now, 7, &s, err) :
	    summary_compute(st, now, 7, &s, err)) == 0)
		n = s.patrols_open;
	store_close(st);
	return n;
}

static long
home_patrols(const char *path, struct xf_err *err)
{
	return home_patrols_read(path, 0, err);
}

static long
week_patrols(const char *path, struct xf_err *err)
{
	return week_patrols_read(path, 0, err);
}

/* Reports select current versions by their clear day: a day rewritten,
 * two swapped, a head flag cleared in the period, a day's tag removed or
 * changed must each be an error naming the store, not a smaller count. */
static void
test_days(const char *dir)
{
#define IN_WEEK "(SELECT seq FROM version WHERE kind = 1 AND head = 1 " \
	"AND day = 20759)"
	static const struct {
		const char *sql, *what;
	} c[] = {
		{"UPDATE version SET day = day - 40 WHERE seq = " IN_WEEK,
		    "a patrol's day moved out of the period"},
		{"UPDATE version SET day = 20777 WHERE seq = " IN_WEEK ";"
		    "UPDATE version SET day = 20759 WHERE seq = "
		    "(SELECT max(seq) FROM version WHERE kind = 1 AND "
		    "day = 20777)",
		    "two patrols' days swapped (the counts kept)"},
		{"UPDATE version SET head = 0 WHERE seq = " IN_WEEK,
		    "a head flag in the period cleared"},
		{"UPDATE version SET head = 1 - head WHERE rid = (SELECT rid "
		    "FROM version WHERE seq = " IN_WEEK ")", "the edited "
		    "patrol rolled back by its head flags"},
		{"UPDATE version SET day = 20777 WHERE seq = " IN_WEEK ";"
		    "DELETE FROM head_day WHERE kind = 1 AND day = 20759",
		    "a day's patrol moved away with its tag"},
		{"UPDATE head_day SET tag = randomblob(16) WHERE day = 20759",
		    "a day's tag rewritten"},
	};
	struct xf_err err = {0};
	char *path = patrol_store(dir, "days.db");
	long n = week_patrols(path, &err);
	long all = week_patrols_read(path, 1, &err);

	ok(n == 2 && all == 2, "the week's report counts its 2 patrols of 5 "
	    "(one deleted, one in conflict), as over every record (%ld, %ld: "
	    "%s)", n, all, n < 0 ? err.msg : "");
	n = home_patrols(path, &err);
	all = home_patrols_read(path, 1, &err);
	ok(n == 1 && all == 1, "the home screen on the 4th counts the one in "
	    "progress since, as over every record (%ld, %ld)", n, all);
	free(path);
	for (size_t i = 0; i < XF_ARRAY_LEN(c); i++) {
		char file[24];

		snprintf(file, sizeof file, "days%zu.db", i);
		path = patrol_store(dir, file);
		poke(path, c[i].sql);
		memset(&err, 0, sizeof err);
		n = week_patrols(path, &err);
		ok(n == -1 && says(&err, "day") && strstr(err.msg, path),
		    "%s: the report is refused (%s)", c[i].what, err.msg);
		memset(&err, 0, sizeof err);
		n = home_patrols(path, &err);
		ok(n == -1 && says(&err, "day"), "...and the home screen's "
		    "figures (%s)", err.msg);
		free(path);
	}
#undef IN_WEEK
}

int
main(void)
{
	struct xf_err err;
	char *dir;

	if (vault_init(&err) != 0)
		return 1;
	dir = tu_dir("store_tamper");
	test_clean(dir);
	test_peer(dir);
	test_peer_counter(dir);
	test_peer_rkey(dir);
	test_peer_account(dir);
	test_heads(dir);
	test_foreign_parent(dir);
	test_meta(dir);
	test_audit_rollback(dir);
	test_rotation(dir);
	test_days(dir);
	free(dir);
	return tap_done();
}
