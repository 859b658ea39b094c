/* Errors carry their cause: opening and unlocking a store set a code that
 * callers (the unlock screen) switch on, not only a message. */
#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "tap.h"

#define OPASS "passphrase-1"
#define VPASS "volunteer-pass-2"

/* Change the file behind xunfang's back, as someone with the file could. */
static void
poke(const char *path, const char *sql)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		printf("Bail out! %s\n", sql);
		exit(1);
	}
	sqlite3_close(db);
}

/* Open and unlock as user, then close; err says why it failed. */
static int
try_unlock(const char *path, const char *user, const char *pass,
    struct xf_err *err)
{
	struct store *st;
	int rc;

	memset(err, 0, sizeof *err);
	if (store_open(path, &st, err) != 0)
		return -1;
	rc = store_unlock(st, user, pass, strlen(pass), err);
	store_close(st);
	return rc;
}

/* An officer and a volunteer; the volunteer may not manage accounts. */
static void
setup(const char *path)
{
	struct store_create_args a = {
		.path = path, .role = ROLE_DEVICE, .name = "测试笔记本",
		.user = "officer1", .pass = OPASS, .passlen = strlen(OPASS),
		.kdf = {1, 8},
	};
	unsigned char uid[UID_LEN];
	struct store *st = NULL;
	struct xf_err err = {0};

	if (store_create(&a, &err) || store_open(path, &st, &err) ||
	    store_unlock(st, "officer1", OPASS, strlen(OPASS), &err) ||
	    store_begin(st, &err) ||
	    store_account_add(st, "vol1", "volunteer", VPASS, strlen(VPASS),
		&a.kdf, uid, &err) || store_commit(st, &err)) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	store_close(st);
	if (store_open(path, &st, &err) ||
	    store_unlock(st, "vol1", VPASS, strlen(VPASS), &err)) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	ok(store_account_add(st, "vol2", "volunteer", VPASS, strlen(VPASS),
	    &a.kdf, uid, &err) != 0 && err.code == XF_E_REFUSED,
	    "a volunteer adding an account: XF_E_REFUSED (%s)", err.msg);
	store_close(st);
}

/* Disable the volunteer as the officer. */
static void
disable_vol(const char *path)
{
	unsigned char uid[UID_LEN];
	struct store *st;
	struct xf_err err = {0};

	if (store_open(path, &st, &err) ||
	    store_unlock(st, "officer1", OPASS, strlen(OPASS), &err) ||
	    store_begin(st, &err) ||
	    store_account_disable(st, "vol1", uid, &err) ||
	    store_commit(st, &err)) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	store_close(st);
}

/* Turn on the lockout after n wrong passphrases. */
static void
lockout(const char *path, int n)
{
	struct store *st;
	struct xf_err err = {0};

	if (store_open(path, &st, &err) ||
	    store_unlock(st, "officer1", OPASS, strlen(OPASS), &err) ||
	    store_set_lockout(st, n, &err)) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	store_close(st);
}

int
main(void)
{
	char dir[] = "/tmp/xf-errcodes-XXXXXX";
	char *path, *missing, *cmd;
	struct xf_err err;

	if (vault_init(&err) != 0 || mkdtemp(dir) == NULL) {
		printf("Bail out! setup\n");
		return 1;
	}
	path = xasprintf("%s/s.db", dir);
	missing = xasprintf("%s/none.db", dir);

	ok(xf_error(&err, "x") == -1 && err.code == XF_E_OTHER,
	    "xf_error leaves the cause unclassified");
	ok(xf_errorc(&err, XF_E_FULL, "y") == -1 && err.code == XF_E_FULL &&
	    strcmp(err.msg, "y") == 0, "xf_errorc sets code and message");
	ok(xf_error_prefix(&err, "z") == -1 && err.code == XF_E_FULL,
	    "a prefix keeps the cause");
	ok(xf_errno_code(ENOSPC) == XF_E_FULL &&
	    xf_errno_code(EDQUOT) == XF_E_FULL && xf_errno_code(EIO) ==
	    XF_E_IO, "ENOSPC and EDQUOT are a full disk, EIO other I/O");

	ok(try_unlock(missing, "officer1", OPASS, &err) != 0 &&
	    err.code == XF_E_NOTFOUND, "no store: XF_E_NOTFOUND (%s)",
	    err.msg);
	setup(path);
	ok(try_unlock(path, "officer1", OPASS, &err) == 0,
	    "the right passphrase unlocks (%s)", err.msg);
	ok(try_unlock(path, "officer1", "wrong-pass", &err) != 0 &&
	    err.code == XF_E_AUTH, "wrong passphrase: XF_E_AUTH (%s)",
	    err.msg);
	ok(try_unlock(path, "nobody", OPASS, &err) != 0 &&
	    err.code == XF_E_AUTH, "unknown user: XF_E_AUTH (%s)", err.msg);
	ok(try_unlock(path, NULL, OPASS, &err) != 0 &&
	    err.code == XF_E_AMBIGUOUS, "no user, two accounts: "
	    "XF_E_AMBIGUOUS (%s)", err.msg);
	disable_vol(path);
	ok(try_unlock(path, "vol1", VPASS, &err) != 0 &&
	    err.code == XF_E_DISABLED && strstr(err.msg, "disabled"),
	    "disabled account: XF_E_DISABLED (%s)", err.msg);

	poke(path, "UPDATE meta SET v = CAST('station' AS BLOB) "
	    "WHERE k = 'role'");
	ok(try_unlock(path, "officer1", OPASS, &err) != 0 &&
	    err.code == XF_E_TAMPERED, "role rewritten in the file: "
	    "XF_E_TAMPERED (%s)", err.msg);
	poke(path, "UPDATE meta SET v = CAST('device' AS BLOB) "
	    "WHERE k = 'role'");

	lockout(path, 2);
	ok(try_unlock(path, "officer1", "wrong-1", &err) != 0 &&
	    err.code == XF_E_AUTH, "first wrong try under the lockout: "
	    "XF_E_AUTH (%s)", err.msg);
	ok(try_unlock(path, "officer1", "wrong-2", &err) != 0 &&
	    err.code == XF_E_WIPED, "the wiping wrong try: XF_E_WIPED (%s)",
	    err.msg);
	ok(try_unlock(path, "officer1", OPASS, &err) != 0 &&
	    err.code == XF_E_WIPED, "after the wipe: XF_E_WIPED (%s)",
	    err.msg);

	cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	free(path);
	free(missing);
	return tap_done();
}
