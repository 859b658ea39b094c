/*
 * The store: a SQLite file in WAL mode holding record versions with sealed
 * bodies, the accounts with their key wraps, and a little metadata. This is
 * the only file that speaks SQL.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <pthread.h>

#include <sqlite3.h>

#include "store.h"
#include "audit.h"

struct store {
	sqlite3 *db;
	char *path;
	int role;
	int demo;
	unsigned char salt[VAULT_SALT_LEN];
	struct vault *vault;
	unsigned char device[VAULT_KEYID_LEN];
	unsigned char user[UID_LEN];
	char user_role[16];
	char *name;
	uint64_t hlc;
	uint64_t hlc_saved;
	sqlite3_stmt *ins, *unhead, *children, *heads, *record, *raw;
	sqlite3 *db2;			/* second reader for split scans */
	sqlite3_stmt *heads2[2];
	sqlite3_stmt *audit[3];		/* audit row, read and write head */
};

/* Accounts and roles (their section is at the end of this file). */
static int restricted_meta_init(struct store *, struct xf_err *);
static int unlock_failed(struct store *, const unsigned char *uid, int what);

#define VERSION_COLUMNS \
	"seq INTEGER PRIMARY KEY, vid BLOB NOT NULL UNIQUE, " \
	"rid BLOB NOT NULL, kind INTEGER NOT NULL, hlc INTEGER NOT NULL, " \
	"device BLOB NOT NULL, author BLOB NOT NULL, parents BLOB NOT NULL, " \
	"tomb INTEGER NOT NULL, head INTEGER NOT NULL, body BLOB NOT NULL"

/* Schema migrations, applied in order; user_version counts those done. */
static const char *const migrations[] = {
	"CREATE TABLE meta(k TEXT PRIMARY KEY, v BLOB NOT NULL);"
	"CREATE TABLE account(uid BLOB PRIMARY KEY, tag BLOB NOT NULL UNIQUE,"
	" name BLOB NOT NULL, role TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0, wrap BLOB NOT NULL,"
	" created INTEGER NOT NULL);"
	"CREATE TABLE version(" VERSION_COLUMNS ");"
	"CREATE INDEX version_rid ON version(rid);"
	"CREATE INDEX version_heads ON version(kind, rid) WHERE head = 1;",
	/* Accounts and roles: the audit trail. */
	"CREATE TABLE audit(seq INTEGER PRIMARY KEY, device BLOB NOT NULL,"
	" n INTEGER NOT NULL, entry BLOB NOT NULL, hash BLOB NOT NULL,"
	" sig BLOB NOT NULL, UNIQUE(device, n));"
	"CREATE TABLE audit_key(device BLOB PRIMARY KEY, head BLOB NOT NULL);"
	"CREATE TABLE audit_pending(seq INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL, uid BLOB NOT NULL, what INTEGER NOT NULL);",
	/* Sync: enrolled peers, revoked key ids, where imported rows came from. */
	"CREATE TABLE peer(keyid BLOB PRIMARY KEY, role INTEGER NOT NULL,"
	" sign_pk BLOB NOT NULL, box_pk BLOB NOT NULL, name BLOB NOT NULL,"
	" village BLOB NOT NULL, enrolled INTEGER NOT NULL,"
	" last_sync INTEGER NOT NULL DEFAULT 0,"
	" seq_out INTEGER NOT NULL DEFAULT 0, seq_in INTEGER NOT NULL DEFAULT 0,"
	" acked INTEGER NOT NULL DEFAULT 0, hw_in INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE revoked(keyid BLOB PRIMARY KEY, at INTEGER NOT NULL);"
	"CREATE TABLE recv_range(peer BLOB NOT NULL, lo INTEGER NOT NULL,"
	" hi INTEGER NOT NULL);"
	"CREATE INDEX recv_range_peer ON recv_range(peer);",
	/* Lists open on their newest records before the rest is loaded. */
	"CREATE INDEX version_recent ON version(kind, hlc) WHERE head = 1;",
	/* What peers told in their signed bundles: the restricted public key
	 * to seal to, and (at a station) the accounts of each device; both
	 * sealed with the master key and bound to their row. */
	"CREATE TABLE peer_rkey(keyid BLOB PRIMARY KEY, pk BLOB NOT NULL);"
	"CREATE TABLE peer_account(uid BLOB PRIMARY KEY, v BLOB NOT NULL);",
};

/* The version table's shape, for a benchmark baseline table. */
const char *
store_schema_version_table(void)
{
	return VERSION_COLUMNS;
}

/* Whether the last error was a full disk (SQLite says I/O error when it
 * cannot grow the -shm file). */
static int
disk_full(struct store *st)
{
	int code = sqlite3_extended_errcode(st->db) & 0xff;
	int e = sqlite3_system_errno(st->db);

	return code == SQLITE_FULL || (code == SQLITE_IOERR &&
	    (e == ENOSPC || e == EDQUOT));
}

/* Say which step on the store failed and why; a full disk in plain words. */
static int
db_error(struct store *st, struct xf_err *err, const char *what)
{
	if (disk_full(st))
		return xf_error(err, _("store %s: the disk is full (%s "
		    "failed): free some space on it and try again; nothing "
		    "was changed"), st->path, what);
	return xf_error(err, _("store %s: %s failed: %s"), st->path, what,
	    sqlite3_errmsg(st->db));
}

/* Where the store lives unless --db says otherwise. */
char *
store_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/xunfang/xunfang.db", xdg);
	if (home == NULL || *home == '\0')
		home = ".";
	return xasprintf("%s/.local/share/xunfang/xunfang.db", home);
}

static int
exec(struct store *st, const char *sql, struct xf_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (disk_full(st)) {
			sqlite3_free(msg);
			return db_error(st, err, "write");
		}
		xf_error(err, _("store %s: %s"), st->path,
		    msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
prepare(struct store *st, sqlite3_stmt **stmt, const char *sql,
    struct xf_err *err)
{
	if (*stmt != NULL) {
		sqlite3_reset(*stmt);
		sqlite3_clear_bindings(*stmt);
		return 0;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
	    NULL) != SQLITE_OK)
		return db_error(st, err, "prepare");
	return 0;
}

/* Bring the schema up to date, one transaction per step. */
static int
migrate(struct store *st, struct xf_err *err)
{
	sqlite3_stmt *s;
	int have = 0;
	char sql[64];

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(st, err, "PRAGMA user_version");
	if (sqlite3_step(s) == SQLITE_ROW)
		have = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (have > (int)XF_ARRAY_LEN(migrations))
		return xf_error(err, _("store %s was written by a newer version "
		    "of xunfang (schema %d, this one knows %d): upgrade xunfang"),
		    st->path, have, (int)XF_ARRAY_LEN(migrations));
	for (int i = have; i < (int)XF_ARRAY_LEN(migrations); i++) {
		if (exec(st, "BEGIN IMMEDIATE", err) != 0)
			return -1;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", i + 1);
		if (exec(st, migrations[i], err) != 0 ||
		    exec(st, sql, err) != 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (exec(st, "COMMIT", err) != 0)
			return -1;
	}
	return 0;
}

static int
meta_put(struct store *st, const char *key, const void *v, size_t len,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db,
	    "INSERT OR REPLACE INTO meta(k, v) VALUES (?1, ?2)", -1, &s,
	    NULL) != SQLITE_OK)
		return db_error(st, err, "prepare meta");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, v, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "write meta");
	return 0;
}

/* A meta value into out; 1 found, 0 absent, -1 error. */
static int
meta_get(struct store *st, const char *key, struct buf *out,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT v FROM meta WHERE k = ?1", -1,
	    &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare meta");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		buf_add(out, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, err, "read meta");
	return rc == SQLITE_ROW;
}

static uint64_t
meta_u64(struct store *st, const char *key)
{
	struct buf b = {0};
	uint64_t v = 0;

	if (meta_get(st, key, &b, NULL) == 1 && b.len == 8)
		v = load_u64be(b.data);
	buf_free(&b);
	return v;
}

static int
meta_put_u64(struct store *st, const char *key, uint64_t v,
    struct xf_err *err)
{
	unsigned char p[8];

	store_u64be(p, v);
	return meta_put(st, key, p, 8, err);
}

/* Seal a short secret value (a name) bound to a label. */
static void
seal_small(struct store *st, const char *label, const unsigned char *id,
    size_t idlen, const char *plain, struct buf *out)
{
	struct buf ad = {0};

	buf_adds(&ad, label);
	buf_add(&ad, id, idlen);
	vault_seal(st->vault, ad.data, ad.len, (const unsigned char *)plain,
	    strlen(plain), out);
	buf_free(&ad);
}

static char *
open_small(struct store *st, const char *label, const unsigned char *id,
    size_t idlen, const unsigned char *sealed, size_t len)
{
	struct buf ad = {0};
	char *plain;

	if (len < VAULT_SEAL_OVERHEAD)
		return NULL;
	plain = xmalloc(len - VAULT_SEAL_OVERHEAD + 1);
	buf_adds(&ad, label);
	buf_add(&ad, id, idlen);
	if (vault_open(st->vault, ad.data, ad.len, sealed, len,
	    (unsigned char *)plain) != 0) {
		free(plain);
		plain = NULL;
	} else
		plain[len - VAULT_SEAL_OVERHEAD] = '\0';
	buf_free(&ad);
	return plain;
}

static const char *
role_name(int role)
{
	return role == ROLE_STATION ? "station" : "device";
}

/* The associated data of a wrap: account id and role, so neither can be
 * swapped in the file. */
static size_t
wrap_ad(unsigned char *out, const unsigned char *uid, const char *role)
{
	size_t n = strlen(role);

	memcpy(out, uid, UID_LEN);
	memcpy(out + UID_LEN, role, n);
	return UID_LEN + n;
}

static int
add_account(struct store *st, const char *name, const char *role,
    const char *pass, size_t passlen, const struct kdf_params *kdf,
    struct xf_err *err)
{
	unsigned char uid[UID_LEN], tag[16], ad[UID_LEN + 16];
	struct buf wrap = {0}, sname = {0};
	sqlite3_stmt *s;
	int rc;

	vault_random(uid, sizeof uid);
	vault_name_tag(tag, st->salt, name);
	if (vault_wrap(st->vault, pass, passlen, kdf, ad,
	    wrap_ad(ad, uid, role), &wrap, err) != 0)
		return -1;
	seal_small(st, "account-name", uid, UID_LEN, name, &sname);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO account(uid, tag, name, "
	    "role, wrap, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &s,
	    NULL) != SQLITE_OK) {
		buf_free(&wrap);
		buf_free(&sname);
		return db_error(st, err, "prepare account");
	}
	sqlite3_bind_blob(s, 1, uid, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, tag, sizeof tag, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, sname.data, (int)sname.len, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, role, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, wrap.data, (int)wrap.len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, time_now());
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&wrap);
	buf_free(&sname);
	if (rc == SQLITE_CONSTRAINT)
		return xf_error(err, _("an account named %s already exists"),
		    name);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "add account");
	memcpy(st->user, uid, UID_LEN);
	return 0;
}

static void
apply_pragmas(struct store *st)
{
	sqlite3_exec(st->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
	sqlite3_busy_timeout(st->db, 5000);
}

static void
store_free(struct store *st)
{
	sqlite3_stmt *stmts[] = {st->ins, st->unhead, st->children, st->heads,
	    st->record, st->raw};

	for (size_t i = 0; i < XF_ARRAY_LEN(stmts); i++)
		sqlite3_finalize(stmts[i]);
	sqlite3_finalize(st->heads2[0]);
	sqlite3_finalize(st->heads2[1]);
	for (size_t i = 0; i < XF_ARRAY_LEN(st->audit); i++)
		sqlite3_finalize(st->audit[i]);
	if (st->db2 != NULL)
		sqlite3_close(st->db2);
	if (st->db != NULL)
		sqlite3_close(st->db);
	vault_free(st->vault);
	free(st->name);
	free(st->path);
	free(st);
}

static int
create_contents(struct store *st, const struct store_create_args *a,
    struct xf_err *err)
{
	struct buf sname = {0};
	unsigned char sign_pk[32], box_pk[32];
	const char *urole = a->role == ROLE_STATION ? "station" :
	    a->demo ? "trainer" : "officer";
	int rc;

	apply_pragmas(st);
	if (migrate(st, err) != 0 || exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	vault_random(st->salt, sizeof st->salt);
	vault_id_public(st->vault, sign_pk, box_pk, st->device);
	seal_small(st, "meta-name", NULL, 0, a->name, &sname);
	rc = meta_put(st, "format", "xunfang-store-1", 15, err) ||
	    meta_put(st, "role", role_name(a->role),
		strlen(role_name(a->role)), err) ||
	    meta_put(st, "demo", a->demo ? "1" : "0", 1, err) ||
	    meta_put(st, "salt", st->salt, sizeof st->salt, err) ||
	    meta_put(st, "name", sname.data, sname.len, err) ||
	    meta_put(st, "keyid", st->device, sizeof st->device, err) ||
	    meta_put_u64(st, "created", (uint64_t)time_now(), err) ||
	    restricted_meta_init(st, err) ||
	    add_account(st, a->user, urole, a->pass, a->passlen, &a->kdf, err);
	buf_free(&sname);
	if (rc != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return exec(st, "COMMIT", err);
}

/* Remove what an init killed part-way left: PATH.init-PID* of dead PIDs. */
static void
remove_stale_inits(const char *path)
{
	file_clear_stale(path, ".init-");
}

/*
 * Create a new store at a temporary name, then rename it into place, so a
 * crash leaves either no store or a whole one.
 */
int
store_create(const struct store_create_args *a, struct xf_err *err)
{
	struct store *st;
	struct stat sb;
	char *tmp;
	int fd, rc;

	remove_stale_inits(a->path);
	if (stat(a->path, &sb) == 0)
		return xf_error(err, _("a store already exists at %s; use --db "
		    "to choose another path"), a->path);
	if (mkdir_parents(a->path, 0700, err) != 0)
		return -1;
	tmp = xasprintf("%s.init-%ld", a->path, (long)getpid());
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		xf_error(err, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(a->path);
	st->role = a->role;
	st->demo = a->demo;
	st->vault = vault_new();
	if (st->vault == NULL)
		rc = xf_error(err, _("cannot allocate protected memory for a key"));
	else if (sqlite3_open_v2(tmp, &st->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		rc = db_error(st, err, "open");
	else
		rc = create_contents(st, a, err);
	store_free(st);
	if (rc == 0) {
		fd = open(tmp, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		rc = file_rename(tmp, a->path, err);
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Whether the last error was the disk's (full, failing, locked, not
 * writable) rather than the file's content. */
static int
disk_trouble(struct store *st)
{
	switch (sqlite3_extended_errcode(st->db) & 0xff) {
	case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_BUSY:
	case SQLITE_LOCKED: case SQLITE_CANTOPEN: case SQLITE_READONLY:
	case SQLITE_PERM:
		return 1;
	}
	return 0;
}

/* Open an existing store (locked: no keys yet). */
int
store_open(const char *path, struct store **out, struct xf_err *err)
{
	struct store *st;
	struct buf b = {0};
	struct stat sb;
	int rc;

	if (stat(path, &sb) != 0)
		return xf_error(err, _("no store at %s: create one with "
		    "`xunfang init`, or name another with --db"), path);
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		db_error(st, err, "open");
		store_free(st);
		return -1;
	}
	apply_pragmas(st);
	if ((rc = meta_get(st, "format", &b, err)) != 1 || b.len != 15 ||
	    memcmp(b.data, "xunfang-store-1", 15) != 0) {
		buf_free(&b);
		if (rc >= 0 || !disk_trouble(st))
			xf_error(err, _("%s is not a xunfang store (or it is "
			    "damaged)"), path);
		store_free(st);
		return -1;
	}
	if (migrate(st, err) != 0) {
		buf_free(&b);
		store_free(st);
		return -1;
	}
	b.len = 0;
	meta_get(st, "role", &b, NULL);
	st->role = b.len == 7 && memcmp(b.data, "station", 7) == 0 ?
	    ROLE_STATION : ROLE_DEVICE;
	b.len = 0;
	st->demo = meta_get(st, "demo", &b, NULL) == 1 && b.len == 1 &&
	    b.data[0] == '1';
	b.len = 0;
	if (meta_get(st, "salt", &b, NULL) == 1 && b.len == VAULT_SALT_LEN)
		memcpy(st->salt, b.data, VAULT_SALT_LEN);
	buf_free(&b);
	st->hlc = st->hlc_saved = meta_u64(st, "hlc");
	*out = st;
	return 0;
}

static int
find_account(struct store *st, const char *user, sqlite3_stmt **s,
    struct xf_err *err)
{
	unsigned char tag[16];
	int rc;

	vault_name_tag(tag, st->salt, user);
	if (sqlite3_prepare_v2(st->db, "SELECT uid, role, disabled, wrap "
	    "FROM account WHERE tag = ?1", -1, s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare account");
	sqlite3_bind_blob(*s, 1, tag, sizeof tag, SQLITE_TRANSIENT);
	rc = sqlite3_step(*s);
	if (rc == SQLITE_ROW)
		return 0;
	sqlite3_finalize(*s);
	*s = NULL;
	if (rc != SQLITE_DONE)
		return db_error(st, err, "read account");
	return xf_error(err, _("no account named %s in this store; "
	    "`xunfang user list` shows them"), user);
}

static int
sole_account(struct store *st, char **name, struct xf_err *err)
{
	sqlite3_stmt *s;
	int n = store_account_count(st, err);

	if (n < 0)
		return -1;
	if (n != 1)
		return xf_error(err, _("this store has %d accounts: say which "
		    "with --user NAME"), n);
	if (sqlite3_prepare_v2(st->db, "SELECT uid FROM account", -1, &s,
	    NULL) != SQLITE_OK)
		return db_error(st, err, "prepare account");
	if (sqlite3_step(s) == SQLITE_ROW)
		memcpy(st->user, sqlite3_column_blob(s, 0), UID_LEN);
	sqlite3_finalize(s);
	*name = NULL;
	return 0;
}

static int
finish_unlock(struct store *st, struct xf_err *err)
{
	struct buf b = {0};
	unsigned char sign_pk[32], box_pk[32];

	vault_id_public(st->vault, sign_pk, box_pk, st->device);
	if (meta_get(st, "name", &b, err) < 0)
		return -1;
	st->name = open_small(st, "meta-name", NULL, 0, b.data, b.len);
	buf_free(&b);
	if (st->name == NULL)
		return xf_error(err, _("store %s: its name does not decrypt; "
		    "the file was altered"), st->path);
	return 0;
}

/* Unlock with an account's passphrase; a wrong one changes nothing. */
int
store_unlock(struct store *st, const char *user, const char *pass,
    size_t passlen, struct xf_err *err)
{
	sqlite3_stmt *s = NULL;
	unsigned char ad[UID_LEN + 16], uid[UID_LEN];
	const char *role;
	char *sole = NULL;
	int rc;

	if (user == NULL) {
		if (sole_account(st, &sole, err) != 0)
			return -1;
		if (sqlite3_prepare_v2(st->db, "SELECT uid, role, disabled, "
		    "wrap FROM account", -1, &s, NULL) != SQLITE_OK ||
		    sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_finalize(s);
			return db_error(st, err, "read account");
		}
	} else if (find_account(st, user, &s, err) != 0)
		return -1;
	memcpy(uid, sqlite3_column_blob(s, 0), UID_LEN);
	role = (const char *)sqlite3_column_text(s, 1);
	snprintf(st->user_role, sizeof st->user_role, "%s", role);
	if (sqlite3_column_int(s, 2)) {
		sqlite3_finalize(s);
		unlock_failed(st, uid, AUDIT_UNLOCK_DISABLED);
		return xf_error(err, _("account %s is disabled; an officer "
		    "can add a new account with `xunfang user add`"),
		    user ? user : "");
	}
	if (sqlite3_column_bytes(s, 3) == 0) {
		sqlite3_finalize(s);
		return xf_error(err, _("the keys of store %s were wiped after "
		    "too many wrong passphrases; its records can no longer be "
		    "opened: enrol a replacement device to get them back from "
		    "the station"), st->path);
	}
	rc = vault_unwrap(sqlite3_column_blob(s, 3),
	    (size_t)sqlite3_column_bytes(s, 3), pass, passlen, ad,
	    wrap_ad(ad, uid, st->user_role), &st->vault, err);
	sqlite3_finalize(s);
	if (rc == 0 && unlock_failed(st, uid, AUDIT_UNLOCK_FAILED))
		return xf_error(err, _("wrong passphrase for %s, too many times: "
		    "the keys of this store were wiped and its records can no "
		    "longer be opened"), user ? user : _("this store"));
	if (rc == 0)
		return xf_error(err, _("wrong passphrase for %s; no record was "
		    "changed, try again"), user ? user : _("this store"));
	if (rc < 0)
		return -1;
	memcpy(st->user, uid, UID_LEN);
	if (finish_unlock(st, err) != 0)
		return -1;
	return audit_unlocked(st, err);
}

/* Close the store and wipe its keys. */
void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_free(st);
}

const char *
store_path(const struct store *st)
{
	return st->path;
}

int
store_role(const struct store *st)
{
	return st->role;
}

int
store_is_demo(const struct store *st)
{
	return st->demo;
}

const struct vault *
store_vault(const struct store *st)
{
	return st->vault;
}

const unsigned char *
store_device(const struct store *st)
{
	return st->device;
}

const unsigned char *
store_user(const struct store *st)
{
	return st->user;
}

const char *
store_user_role(const struct store *st)
{
	return st->user_role;
}

const char *
store_name(const struct store *st)
{
	return st->name ? st->name : "";
}

/* How many accounts the store has, or -1. */
int
store_account_count(struct store *st, struct xf_err *err)
{
	sqlite3_stmt *s;
	int n = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM account", -1, &s,
	    NULL) != SQLITE_OK)
		return db_error(st, err, "count accounts");
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The decrypted name of an account, or NULL if unknown here. */
char *
store_account_name(struct store *st, const unsigned char *uid)
{
	sqlite3_stmt *s;
	char *name = NULL;

	if (st->vault == NULL || sqlite3_prepare_v2(st->db,
	    "SELECT name FROM account WHERE uid = ?1", -1, &s, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_blob(s, 1, uid, UID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		name = open_small(st, "account-name", uid, UID_LEN,
		    sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	return name;
}

/* Hybrid logical clock: 48 bits of milliseconds, 16 bits of counter. */
uint64_t
store_hlc_next(struct store *st)
{
	struct timeval tv;
	uint64_t wall;

	gettimeofday(&tv, NULL);
	wall = ((uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000) << 16;
	st->hlc = wall > st->hlc ? wall : st->hlc + 1;
	return st->hlc;
}

/* Move the clock past a stamp seen from another device. */
void
store_hlc_observe(struct store *st, uint64_t hlc)
{
	if (hlc > st->hlc)
		st->hlc = hlc;
}

int
store_begin(struct store *st, struct xf_err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

/* Commit, saving the clock with the data it stamped. */
int
store_commit(struct store *st, struct xf_err *err)
{
	if (st->hlc != st->hlc_saved) {
		if (meta_put_u64(st, "hlc", st->hlc, err) != 0) {
			store_rollback(st);
			return -1;
		}
		st->hlc_saved = st->hlc;
	}
	return exec(st, "COMMIT", err);
}

void
store_rollback(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->hlc_saved = meta_u64(st, "hlc");
}

/* The associated data binding a body to every clear column of its row. */
size_t
version_ad(const struct version *v, unsigned char *out)
{
	unsigned char *p = out;

	memcpy(p, "XFv1", 4), p += 4;
	memcpy(p, v->rid, RID_LEN), p += RID_LEN;
	memcpy(p, v->vid, VID_LEN), p += VID_LEN;
	*p++ = (unsigned char)v->kind;
	store_u64be(p, v->hlc), p += 8;
	memcpy(p, v->device, VAULT_KEYID_LEN), p += VAULT_KEYID_LEN;
	memcpy(p, v->author, UID_LEN), p += UID_LEN;
	*p++ = (unsigned char)v->tomb;
	*p++ = (unsigned char)v->nparents;
	memcpy(p, v->parents, (size_t)v->nparents * VID_LEN);
	p += (size_t)v->nparents * VID_LEN;
	return (size_t)(p - out);
}

/* Whether a version already in the store names vid as a parent. */
static int
has_child(struct store *st, const struct version *v, struct xf_err *err)
{
	int rc, found = 0;

	if (prepare(st, &st->children, "SELECT parents FROM version "
	    "WHERE rid = ?1", err) != 0)
		return -1;
	sqlite3_bind_blob(st->children, 1, v->rid, RID_LEN, SQLITE_STATIC);
	while (!found && (rc = sqlite3_step(st->children)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st->children, 0);
		int n = sqlite3_column_bytes(st->children, 0) / VID_LEN;

		for (int i = 0; i < n && !found; i++)
			found = memcmp(p + i * VID_LEN, v->vid, VID_LEN) == 0;
	}
	sqlite3_reset(st->children);
	return found;
}

static int
unhead_parents(struct store *st, const struct version *v, struct xf_err *err)
{
	for (int i = 0; i < v->nparents; i++) {
		if (prepare(st, &st->unhead, "UPDATE version SET head = 0 "
		    "WHERE vid = ?1 AND head = 1", err) != 0)
			return -1;
		sqlite3_bind_blob(st->unhead, 1, v->parents[i], VID_LEN,
		    SQLITE_STATIC);
		if (sqlite3_step(st->unhead) != SQLITE_DONE)
			return db_error(st, err, "update heads");
	}
	return 0;
}

/*
 * Add one version. A version that some stored version names as its parent
 * (it arrived late) is not a head; its own parents stop being heads.
 */
int
store_put_version(struct store *st, const struct version *v,
    const unsigned char *sealed, size_t len, int maybe_parent,
    struct xf_err *err)
{
	int child = 0, rc;

	if (maybe_parent && (child = has_child(st, v, err)) < 0)
		return -1;
	if (prepare(st, &st->ins, "INSERT OR IGNORE INTO version(vid, rid, "
	    "kind, hlc, device, author, parents, tomb, head, body) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err) != 0)
		return -1;
	sqlite3_bind_blob(st->ins, 1, v->vid, VID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st->ins, 2, v->rid, RID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(st->ins, 3, v->kind);
	sqlite3_bind_int64(st->ins, 4, (sqlite3_int64)v->hlc);
	sqlite3_bind_blob(st->ins, 5, v->device, VAULT_KEYID_LEN,
	    SQLITE_STATIC);
	sqlite3_bind_blob(st->ins, 6, v->author, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st->ins, 7, v->parents,
	    v->nparents * VID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(st->ins, 8, v->tomb);
	sqlite3_bind_int(st->ins, 9, !child);
	sqlite3_bind_blob(st->ins, 10, sealed, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st->ins);
	sqlite3_reset(st->ins);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "insert version");
	if (sqlite3_changes(st->db) == 0)
		return 0;
	store_hlc_observe(st, v->hlc);
	if (unhead_parents(st, v, err) != 0)
		return -1;
	return 1;
}

static void
row_from(sqlite3_stmt *s, struct store_row *r)
{
	const unsigned char *p;
	int n;

	memcpy(r->v.vid, sqlite3_column_blob(s, 0), VID_LEN);
	memcpy(r->v.rid, sqlite3_column_blob(s, 1), RID_LEN);
	r->v.kind = sqlite3_column_int(s, 2);
	r->v.hlc = (uint64_t)sqlite3_column_int64(s, 3);
	memcpy(r->v.device, sqlite3_column_blob(s, 4), VAULT_KEYID_LEN);
	memcpy(r->v.author, sqlite3_column_blob(s, 5), UID_LEN);
	p = sqlite3_column_blob(s, 6);
	n = sqlite3_column_bytes(s, 6) / VID_LEN;
	r->v.nparents = n > MAX_PARENTS ? MAX_PARENTS : n;
	if (n > 0)
		memcpy(r->v.parents, p, (size_t)r->v.nparents * VID_LEN);
	r->v.tomb = sqlite3_column_int(s, 7);
	r->head = sqlite3_column_int(s, 8);
	r->body = sqlite3_column_blob(s, 9);
	r->bodylen = (size_t)sqlite3_column_bytes(s, 9);
}

static int
scan(struct store *st, sqlite3_stmt *s, store_row_cb cb, void *arg,
    struct xf_err *err)
{
	struct store_row r;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != VID_LEN ||
		    sqlite3_column_bytes(s, 1) != RID_LEN ||
		    sqlite3_column_bytes(s, 4) != VAULT_KEYID_LEN ||
		    sqlite3_column_bytes(s, 5) != UID_LEN) {
			sqlite3_reset(s);
			return xf_error(err, _("store %s: a version row has "
			    "damaged ids; run PRAGMA integrity_check"),
			    st->path);
		}
		row_from(s, &r);
		if (cb(arg, &r) != 0) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "read versions");
	return 0;
}

#define ROW_COLUMNS "vid, rid, kind, hlc, device, author, parents, tomb, " \
	"head, body"

/* Call cb for every head version of a kind, in record id order. */
int
store_scan_heads(struct store *st, int kind, store_row_cb cb, void *arg,
    struct xf_err *err)
{
	if (prepare(st, &st->heads, "SELECT " ROW_COLUMNS " FROM version "
	    "INDEXED BY version_heads WHERE kind = ?1 AND head = 1 "
	    "ORDER BY rid", err) != 0)
		return -1;
	sqlite3_bind_int(st->heads, 1, kind);
	return scan(st, st->heads, cb, arg, err);
}

struct split_part {
	struct store *st;
	sqlite3_stmt *stmt;
	store_row_cb cb;
	void *arg;
	struct xf_err err;
	int rc;
};

#define SPLIT_SQL "SELECT " ROW_COLUMNS " FROM version INDEXED BY " \
	"version_heads WHERE kind = ?1 AND head = 1 AND rid >= ?2 AND " \
	"rid < ?3 ORDER BY rid"

static void *
split_run(void *arg)
{
	struct split_part *p = arg;

	p->rc = scan(p->st, p->stmt, p->cb, p->arg, &p->err);
	return NULL;
}

/* Prepare the scan of one half of the record id space on a connection. */
static int
split_prepare(struct store *st, sqlite3 *db, sqlite3_stmt **stmt, int kind,
    int half)
{
	static const unsigned char lo[1] = {0x00}, mid[1] = {0x80};
	static const unsigned char hi[17] = {0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff};

	(void)st;
	if (*stmt == NULL && sqlite3_prepare_v3(db, SPLIT_SQL, -1,
	    SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_reset(*stmt);
	sqlite3_bind_int(*stmt, 1, kind);
	sqlite3_bind_blob(*stmt, 2, half ? mid : lo, 1, SQLITE_STATIC);
	sqlite3_bind_blob(*stmt, 3, half ? hi : mid, half ? 17 : 1,
	    SQLITE_STATIC);
	return 0;
}

/*
 * Scan the heads of a kind with both cores: ids below 0x80 on this
 * connection, the rest on a second read connection in another thread.
 * Record ids are random, so the halves are even. Inside a transaction
 * (whose changes a second connection cannot see) it scans in one part.
 */
int
store_scan_heads_split(struct store *st, int kind, store_row_cb cb,
    void *args[2], struct xf_err *err)
{
	struct split_part p[2];
	pthread_t t;

	if (!sqlite3_get_autocommit(st->db) || (st->db2 == NULL &&
	    sqlite3_open_v2(st->path, &st->db2, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK))
		return store_scan_heads(st, kind, cb, args[0], err);
	for (int i = 0; i < 2; i++) {
		p[i].st = st;
		p[i].cb = cb;
		p[i].arg = args[i];
		p[i].rc = 0;
		if (split_prepare(st, i ? st->db2 : st->db, &st->heads2[i],
		    kind, i) != 0)
			return store_scan_heads(st, kind, cb, args[0], err);
		p[i].stmt = st->heads2[i];
	}
	if (pthread_create(&t, NULL, split_run, &p[1]) != 0) {
		sqlite3_reset(p[1].stmt);
		return store_scan_heads(st, kind, cb, args[0], err);
	}
	split_run(&p[0]);
	pthread_join(t, NULL);
	for (int i = 0; i < 2; i++)
		if (p[i].rc != 0) {
			if (err != NULL)
				*err = p[i].err;
			return -1;
		}
	return 0;
}

/* Call cb for the newest heads of a kind, newest first, at most limit. */
int
store_scan_heads_recent(struct store *st, int kind, int limit,
    store_row_cb cb, void *arg, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT " ROW_COLUMNS " FROM version "
	    "INDEXED BY version_recent WHERE kind = ?1 AND head = 1 "
	    "ORDER BY hlc DESC LIMIT ?2", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare recent heads");
	sqlite3_bind_int(s, 1, kind);
	sqlite3_bind_int(s, 2, limit);
	rc = scan(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

/* Call cb for every version of one record, in clock order. */
int
store_scan_record(struct store *st, const unsigned char *rid, store_row_cb cb,
    void *arg, struct xf_err *err)
{
	if (prepare(st, &st->record, "SELECT " ROW_COLUMNS " FROM version "
	    "WHERE rid = ?1 ORDER BY hlc, vid", err) != 0)
		return -1;
	sqlite3_bind_blob(st->record, 1, rid, RID_LEN, SQLITE_TRANSIENT);
	return scan(st, st->record, cb, arg, err);
}

/* Resolve a full id or a unique prefix of at least 4 hex digits. */
int
store_find_record(struct store *st, const char *hex, unsigned char *rid,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	char pattern[40];
	size_t n = strlen(hex);
	int found = 0;

	if (n < 4 || n > 32 || strspn(hex, "0123456789abcdefABCDEF") != n)
		return xf_error(err, _("'%s' is not a record id: give at least "
		    "4 hex digits of an id that `xunfang list` shows"), hex);
	snprintf(pattern, sizeof pattern, "%s%%", hex);
	for (char *p = pattern; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT rid FROM version "
	    "WHERE hex(rid) LIKE ?1 LIMIT 2", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "find record");
	sqlite3_bind_text(s, 1, pattern, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (found++ == 0)
			memcpy(rid, sqlite3_column_blob(s, 0), RID_LEN);
	}
	sqlite3_finalize(s);
	if (found == 0)
		return xf_error(err, _("no record with id %s in this store"),
		    hex);
	if (found > 1)
		return xf_error(err, _("id %s matches more than one record: "
		    "give more digits"), hex);
	return 0;
}

/* Total number of versions held. */
int
store_count_versions(struct store *st, int64_t *n, struct xf_err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM version", -1, &s,
	    NULL) != SQLITE_OK)
		return db_error(st, err, "count versions");
	*n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

/* Run a statement as it is (benchmark baselines only). */
int
store_raw_exec(struct store *st, const char *sql, struct xf_err *err)
{
	return exec(st, sql, err);
}

/* Insert a blob with the same columns as a version, without sealing. */
int
store_raw_insert(struct store *st, const char *table, const struct version *v,
    const unsigned char *blob, size_t len, struct xf_err *err)
{
	sqlite3_stmt *s;
	char *sql;
	int rc;

	if (st->raw == NULL) {
		sql = xasprintf("INSERT INTO %s(vid, rid, kind, hlc, device, "
		    "author, parents, tomb, head, body) VALUES (?1, ?2, ?3, ?4, "
		    "?5, ?6, ?7, ?8, 1, ?9)", table);
		rc = sqlite3_prepare_v2(st->db, sql, -1, &st->raw, NULL);
		free(sql);
		if (rc != SQLITE_OK)
			return db_error(st, err, "prepare raw insert");
	}
	s = st->raw;
	sqlite3_bind_blob(s, 1, v->vid, VID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, v->rid, RID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, v->kind);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)v->hlc);
	sqlite3_bind_blob(s, 5, v->device, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, v->author, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 7, v->parents, 0, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, 0);
	sqlite3_bind_blob(s, 9, blob, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "raw insert");
	return 0;
}

/* SELECT the same columns a list load reads, touching every byte. */
int
store_raw_scan(struct store *st, const char *table, int kind, size_t *rows,
    size_t *bytes, struct xf_err *err)
{
	sqlite3_stmt *s;
	char *sql = xasprintf("SELECT " ROW_COLUMNS " FROM %s WHERE kind = ?1 "
	    "AND head = 1 ORDER BY rid", table);
	int rc;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_error(st, err, "prepare raw scan");
	sqlite3_bind_int(s, 1, kind);
	*rows = *bytes = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		(*rows)++;
		for (int c = 0; c < 10; c++)
			*bytes += (size_t)sqlite3_column_bytes(s, c);
	}
	sqlite3_finalize(s);
	return 0;
}

/*
 * Accounts, roles and the audit trail: account management, the restricted
 * key's public halves, failed unlocks and lockout, and the audit tables.
 */

#define AUDIT_HEAD_LEN (32 + 8 + 32)

/* Store the restricted public key in clear at creation. */
static int
restricted_meta_init(struct store *st, struct xf_err *err)
{
	unsigned char pk[32];

	if (vault_restricted_public(st->vault, pk) != 0)
		return xf_error(err, _("the new store has no restricted key"));
	return meta_put(st, "restricted-pk", pk, sizeof pk, err);
}

/* Whether the unlocked account may manage accounts and settings. */
int
store_user_can_manage(const struct store *st)
{
	return st->vault != NULL && strcmp(st->user_role, "volunteer") != 0;
}

/* Append, for each enrolled, unrevoked station, the restricted public
 * key it told, or until it has told one its identity X25519 key. */
static int
station_box_keys(struct store *st, struct buf *b, struct xf_err *err)
{
	unsigned char pk[32];
	sqlite3_stmt *s;
	int rc, told = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT box_pk, keyid FROM peer WHERE "
	    "role = ?1 AND keyid NOT IN (SELECT keyid FROM revoked) ORDER BY "
	    "keyid", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read peers");
	sqlite3_bind_int(s, 1, ROLE_STATION);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && b->len < 32 * 16 &&
	    told >= 0)
		if (sqlite3_column_bytes(s, 0) == 32 &&
		    sqlite3_column_bytes(s, 1) == VAULT_KEYID_LEN &&
		    (told = store_peer_rkey(st, sqlite3_column_blob(s, 1), pk,
		    err)) >= 0)
			buf_add(b, told ? pk : sqlite3_column_blob(s, 0), 32);
	sqlite3_finalize(s);
	if (told < 0)
		return -1;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_error(st, err, "read peers");
}

/*
 * The public keys restricted values are sealed to: this store's restricted
 * key, then the identity X25519 key of each enrolled station, so that what
 * a volunteer writes reaches the station readable (the station seals it to
 * its own restricted key as it imports). Caller frees *pks.
 */
int
store_restricted_keys(struct store *st, unsigned char (**pks)[32], int *n,
    struct xf_err *err)
{
	struct buf b = {0};

	if (meta_get(st, "restricted-pk", &b, err) != 1 || b.len != 32) {
		buf_free(&b);
		return xf_error(err, _("store %s has no restricted key; it "
		    "was made by an older xunfang: create it again"),
		    st->path);
	}
	if (st->role != ROLE_STATION && station_box_keys(st, &b, err) != 0) {
		buf_free(&b);
		return -1;
	}
	*n = (int)(b.len / 32);
	*pks = (unsigned char (*)[32])b.data;
	return 0;
}

/* Insert an account row whose wrap holds the keys its role may hold. */
static int
insert_account(struct store *st, const char *name, const char *role,
    const char *pass, size_t passlen, const struct kdf_params *kdf,
    unsigned char *uid_out, struct xf_err *err)
{
	unsigned char user[UID_LEN];
	struct vault *full = st->vault, *v;
	int rc;

	v = vault_dup(full, strcmp(role, "volunteer") != 0);
	if (v == NULL)
		return xf_error(err, _("cannot allocate protected memory for "
		    "a key"));
	memcpy(user, st->user, UID_LEN);
	st->vault = v;
	rc = add_account(st, name, role, pass, passlen, kdf, err);
	st->vault = full;
	vault_free(v);
	memcpy(uid_out, st->user, UID_LEN);
	memcpy(st->user, user, UID_LEN);
	return rc;
}

/* Add an account inside the caller's transaction; only an officer,
 * station or trainer account may. uid_out gets the new account's id. */
int
store_account_add(struct store *st, const char *name, const char *role,
    const char *pass, size_t passlen, const struct kdf_params *kdf,
    unsigned char *uid_out, struct xf_err *err)
{
	if (!store_user_can_manage(st))
		return xf_error(err, _("only an officer, station or trainer "
		    "account may add accounts"));
	if (strcmp(role, "volunteer") != 0 && !vault_has_restricted(st->vault))
		return xf_error(err, _("this account holds no restricted key, "
		    "so it cannot give one to a new %s account"), role);
	return insert_account(st, name, role, pass, passlen, kdf, uid_out,
	    err);
}

/* Call cb for every account, names decrypted, oldest first. */
int
store_account_scan(struct store *st,
    int (*cb)(void *, const struct account *, int64_t created), void *arg,
    struct xf_err *err)
{
	struct account a;
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT uid, name, role, disabled, "
	    "created FROM account ORDER BY created, rowid", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(st, err, "read accounts");
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != UID_LEN)
			continue;
		memcpy(a.uid, sqlite3_column_blob(s, 0), UID_LEN);
		a.name = open_small(st, "account-name", a.uid, UID_LEN,
		    sqlite3_column_blob(s, 1),
		    (size_t)sqlite3_column_bytes(s, 1));
		snprintf(a.role, sizeof a.role, "%s",
		    (const char *)sqlite3_column_text(s, 2));
		a.disabled = sqlite3_column_int(s, 3);
		rc = cb(arg, &a, sqlite3_column_int64(s, 4));
		free(a.name);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Look an account up by name: uid and role; -1 with a message if none. */
static int
account_lookup(struct store *st, const char *name, unsigned char *uid,
    char *role, int *disabled, struct xf_err *err)
{
	sqlite3_stmt *s = NULL;

	if (find_account(st, name, &s, err) != 0)
		return -1;
	memcpy(uid, sqlite3_column_blob(s, 0), UID_LEN);
	snprintf(role, 16, "%s", (const char *)sqlite3_column_text(s, 1));
	*disabled = sqlite3_column_int(s, 2);
	sqlite3_finalize(s);
	return 0;
}

/* Replace the wrap of an account (or its wrap by a wiped blob). */
static int
account_set_wrap(struct store *st, const unsigned char *uid,
    const unsigned char *wrap, size_t len, int disabled, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE account SET wrap = ?2, "
	    "disabled = ?3 WHERE uid = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare account");
	sqlite3_bind_blob(s, 1, uid, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, wrap, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, disabled);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "update account");
}

/*
 * Set a new passphrase, inside the caller's transaction: one's own, or
 * (officer, station, trainer) another account's. The new wrap holds what
 * the account's role may hold.
 */
int
store_account_passwd(struct store *st, const char *name, const char *pass,
    size_t passlen, const struct kdf_params *kdf, unsigned char *uid_out,
    struct xf_err *err)
{
	unsigned char uid[UID_LEN], ad[UID_LEN + 16];
	char role[16];
	struct buf wrap = {0};
	struct vault *v;
	int disabled, rc;

	if (account_lookup(st, name, uid, role, &disabled, err) != 0)
		return -1;
	if (memcmp(uid, st->user, UID_LEN) != 0 && !store_user_can_manage(st))
		return xf_error(err, _("only an officer, station or trainer "
		    "account may set another account's passphrase"));
	if (disabled)
		return xf_error(err, _("account %s is disabled; add a new "
		    "account instead"), name);
	v = vault_dup(st->vault, strcmp(role, "volunteer") != 0);
	if (v == NULL)
		return xf_error(err, _("cannot allocate protected memory for "
		    "a key"));
	rc = vault_wrap(v, pass, passlen, kdf, ad, wrap_ad(ad, uid, role),
	    &wrap, err);
	vault_free(v);
	if (rc == 0)
		rc = account_set_wrap(st, uid, wrap.data, wrap.len, 0, err);
	memcpy(uid_out, uid, UID_LEN);
	buf_free(&wrap);
	return rc;
}

/* How many enabled accounts other than uid may manage the store. */
static int
other_managers(struct store *st, const unsigned char *uid)
{
	sqlite3_stmt *s;
	int n = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM account WHERE "
	    "uid <> ?1 AND disabled = 0 AND role <> 'volunteer'", -1, &s,
	    NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_blob(s, 1, uid, UID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

/*
 * Disable an account: mark it and overwrite its wrap, so that even with
 * the flag cleared in the file its passphrase opens nothing. Records stay
 * sealed as they are; nothing is re-encrypted.
 */
int
store_account_disable(struct store *st, const char *name,
    unsigned char *uid_out, struct xf_err *err)
{
	unsigned char uid[UID_LEN];
	char role[16];
	int disabled;

	if (!store_user_can_manage(st))
		return xf_error(err, _("only an officer, station or trainer "
		    "account may disable accounts"));
	if (account_lookup(st, name, uid, role, &disabled, err) != 0)
		return -1;
	if (disabled)
		return xf_error(err, _("account %s is already disabled"), name);
	if (strcmp(role, "volunteer") != 0 && other_managers(st, uid) == 0)
		return xf_error(err, _("%s is the last account that can manage "
		    "this store; add another officer account first"), name);
	memcpy(uid_out, uid, UID_LEN);
	return account_set_wrap(st, uid, (const unsigned char *)"", 0, 1, err);
}

/* The number of wrong passphrases after which the keys are wiped (0: off). */
int
store_lockout(struct store *st)
{
	return (int)meta_u64(st, "lockout");
}

/* Set the lockout threshold (0 turns it off), inside the caller's
 * transaction. */
int
store_set_lockout(struct store *st, int n, struct xf_err *err)
{
	if (!store_user_can_manage(st))
		return xf_error(err, _("only an officer, station or trainer "
		    "account may change the lockout"));
	return meta_put_u64(st, "lockout", (uint64_t)n, err);
}

/*
 * Destroy every key wrap: overwrite the rows with zeros, then checkpoint
 * and truncate the WAL; secure_delete keeps freed pages from holding the
 * old bytes. After this no passphrase opens the store.
 */
static int
wipe_wraps(struct store *st, struct xf_err *err)
{
	return exec(st, "PRAGMA secure_delete = ON;"
	    "UPDATE account SET wrap = zeroblob(length(wrap));"
	    "UPDATE account SET wrap = X'';", err);
}

/* Record a failed unlock (it cannot be signed yet) and count it towards
 * the lockout; 1 if this failure wiped the keys. */
static int
unlock_failed(struct store *st, const unsigned char *uid, int what)
{
	sqlite3_stmt *s;
	uint64_t fails;
	int lockout, wiped = 0;

	if (exec(st, "BEGIN IMMEDIATE", NULL) != 0)
		return 0;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO audit_pending(time, uid, "
	    "what) VALUES (?1, ?2, ?3)", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, time_now());
		sqlite3_bind_blob(s, 2, uid, UID_LEN, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, what);
		sqlite3_step(s);
		sqlite3_finalize(s);
	}
	fails = meta_u64(st, "unlock-failures") + (what == AUDIT_UNLOCK_FAILED);
	meta_put_u64(st, "unlock-failures", fails, NULL);
	lockout = store_lockout(st);
	if (lockout > 0 && fails >= (uint64_t)lockout)
		wiped = wipe_wraps(st, NULL) == 0;
	if (exec(st, "COMMIT", NULL) != 0) {
		store_rollback(st);
		return 0;
	}
	if (wiped)
		exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
	return wiped;
}

/* Forget counted failures after a good passphrase. */
int
store_unlock_failures_reset(struct store *st, struct xf_err *err)
{
	if (meta_u64(st, "unlock-failures") == 0)
		return 0;
	return meta_put_u64(st, "unlock-failures", 0, err);
}

/* Call cb for the failed unlocks recorded before keys were at hand, then
 * drop them; inside the caller's transaction. */
int
store_audit_pending_take(struct store *st,
    int (*cb)(void *, int64_t time, const unsigned char *uid, int what),
    void *arg, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT time, uid, what FROM "
	    "audit_pending ORDER BY seq", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read pending audit");
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		unsigned char uid[UID_LEN] = {0};

		if (sqlite3_column_bytes(s, 1) == UID_LEN)
			memcpy(uid, sqlite3_column_blob(s, 1), UID_LEN);
		rc = cb(arg, sqlite3_column_int64(s, 0), uid,
		    sqlite3_column_int(s, 2));
	}
	sqlite3_finalize(s);
	if (rc != 0)
		return -1;
	return exec(st, "DELETE FROM audit_pending", err);
}

/* Append one signed audit entry. */
int
store_audit_put(struct store *st, const unsigned char *device, uint64_t n,
    const unsigned char *entry, size_t len, const unsigned char hash[32],
    const unsigned char sig[64], struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, &st->audit[0], "INSERT INTO audit(device, n, entry, "
	    "hash, sig) VALUES (?1, ?2, ?3, ?4, ?5)", err) != 0)
		return -1;
	s = st->audit[0];
	sqlite3_bind_blob(s, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
	sqlite3_bind_blob(s, 3, entry, (int)len, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, sig, 64, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_error(st, err, "write audit");
}

/* The sealed head of a device's chain: its signing key, last number and
 * hash. 1 found, 0 none, -1 altered. */
int
store_audit_head(struct store *st, const unsigned char *device,
    unsigned char pk[32], uint64_t *n, unsigned char hash[32])
{
	sqlite3_stmt *s;
	char *plain = NULL;
	int rc = 0;

	if (prepare(st, &st->audit[1], "SELECT head FROM audit_key WHERE "
	    "device = ?1", NULL) != 0)
		return -1;
	s = st->audit[1];
	sqlite3_bind_blob(s, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		plain = open_small(st, "audit-head", device, VAULT_KEYID_LEN,
		    sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		rc = plain != NULL && sqlite3_column_bytes(s, 0) ==
		    AUDIT_HEAD_LEN + VAULT_SEAL_OVERHEAD ? 1 : -1;
	}
	sqlite3_reset(s);
	if (rc == 1) {
		memcpy(pk, plain, 32);
		*n = load_u64be((unsigned char *)plain + 32);
		memcpy(hash, plain + 40, 32);
	}
	free(plain);
	return rc;
}

/* Seal and save the head of a device's chain. */
int
store_audit_set_head(struct store *st, const unsigned char *device,
    const unsigned char pk[32], uint64_t n, const unsigned char hash[32],
    struct xf_err *err)
{
	unsigned char plain[AUDIT_HEAD_LEN], ad[32];
	unsigned char sealed[AUDIT_HEAD_LEN + VAULT_SEAL_OVERHEAD];
	sqlite3_stmt *s;
	int rc;

	memcpy(plain, pk, 32);
	store_u64be(plain + 32, n);
	memcpy(plain + 40, hash, 32);
	memcpy(ad, "audit-head", 10);
	memcpy(ad + 10, device, VAULT_KEYID_LEN);
	vault_seal_to(st->vault, ad, 10 + VAULT_KEYID_LEN, plain, sizeof plain,
	    sealed);
	if (prepare(st, &st->audit[2], "INSERT OR REPLACE INTO audit_key("
	    "device, head) VALUES (?1, ?2)", err) != 0)
		return -1;
	s = st->audit[2];
	sqlite3_bind_blob(s, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, sealed, sizeof sealed, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write audit");
}

/* Call cb for the audit rows of one device (or all), in the order they
 * were stored. */
int
store_audit_scan(struct store *st, const unsigned char *device,
    int (*cb)(void *, const struct audit_row *), void *arg,
    struct xf_err *err)
{
	struct audit_row r;
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, device ? "SELECT seq, device, n, "
	    "entry, hash, sig FROM audit WHERE device = ?1 ORDER BY seq" :
	    "SELECT seq, device, n, entry, hash, sig FROM audit ORDER BY seq",
	    -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read audit");
	if (device != NULL)
		sqlite3_bind_blob(s, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(s, 0);
		r.device = sqlite3_column_blob(s, 1);
		r.devicelen = (size_t)sqlite3_column_bytes(s, 1);
		r.n = (uint64_t)sqlite3_column_int64(s, 2);
		r.entry = sqlite3_column_blob(s, 3);
		r.len = (size_t)sqlite3_column_bytes(s, 3);
		r.hash = sqlite3_column_blob(s, 4);
		r.hashlen = (size_t)sqlite3_column_bytes(s, 4);
		r.sig = sqlite3_column_blob(s, 5);
		r.siglen = (size_t)sqlite3_column_bytes(s, 5);
		rc = cb(arg, &r);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Call cb with the id of every device that has an audit chain here. */
int
store_audit_devices(struct store *st,
    int (*cb)(void *, const unsigned char *device), void *arg,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT device FROM audit_key UNION "
	    "SELECT device FROM audit ORDER BY 1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read audit");
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == VAULT_KEYID_LEN)
			rc = cb(arg, sqlite3_column_blob(s, 0));
	sqlite3_finalize(s);
	return rc;
}

/* The meta key of what a station holds of this device's audit entries. */
static void
audit_acked_key(const unsigned char *peer, char out[40])
{
	char hex[2 * VAULT_KEYID_LEN + 1];

	hex_encode(hex, peer, VAULT_KEYID_LEN);
	snprintf(out, 40, "audit-acked-%s", hex);
}

/* How many of this device's audit entries the peer said it holds. */
uint64_t
store_audit_acked(struct store *st, const unsigned char *peer)
{
	char key[40];

	audit_acked_key(peer, key);
	return meta_u64(st, key);
}

/* Note how many of this device's audit entries the peer holds. */
int
store_set_audit_acked(struct store *st, const unsigned char *peer,
    uint64_t n, struct xf_err *err)
{
	char key[40];

	audit_acked_key(peer, key);
	return meta_put_u64(st, key, n, err);
}

/* The last entry of a device's chain as stored; 0 if it has none. */
int
store_audit_tail(struct store *st, const unsigned char *device, uint64_t *n,
    unsigned char hash[32])
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT n, hash FROM audit WHERE "
	    "device = ?1 ORDER BY n DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_blob(s, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == 32) {
		*n = (uint64_t)sqlite3_column_int64(s, 0);
		memcpy(hash, sqlite3_column_blob(s, 1), 32);
		rc = 1;
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- Sync: enrolled peers, revocations, export scans ---- */

#define PEER_COLUMNS "keyid, role, sign_pk, box_pk, name, village, " \
	"enrolled, last_sync, seq_out, seq_in, acked, hw_in"

/* Add or replace a peer; its name and village are sealed. */
int
store_peer_put(struct store *st, const struct store_peer *p,
    struct xf_err *err)
{
	struct buf name = {0}, village = {0};
	sqlite3_stmt *s;
	int rc;

	seal_small(st, "peer-name", p->keyid, VAULT_KEYID_LEN, p->name, &name);
	seal_small(st, "peer-village", p->keyid, VAULT_KEYID_LEN,
	    p->village ? p->village : "", &village);
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO peer("
	    PEER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12)", -1, &s, NULL) != SQLITE_OK) {
		buf_free(&name);
		buf_free(&village);
		return db_error(st, err, "prepare peer");
	}
	sqlite3_bind_blob(s, 1, p->keyid, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, p->role);
	sqlite3_bind_blob(s, 3, p->sign_pk, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, p->box_pk, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, name.data, (int)name.len, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, village.data, (int)village.len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, p->enrolled);
	sqlite3_bind_int64(s, 8, p->last_sync);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)p->seq_out);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)p->seq_in);
	sqlite3_bind_int64(s, 11, (sqlite3_int64)p->acked);
	sqlite3_bind_int64(s, 12, (sqlite3_int64)p->hw_in);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&name);
	buf_free(&village);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "write peer");
	return 0;
}

/* Fill a peer from a row of PEER_COLUMNS and the revoked flag. */
static int
peer_from(struct store *st, sqlite3_stmt *s, struct store_peer *p)
{
	memset(p, 0, sizeof *p);
	if (sqlite3_column_bytes(s, 0) != VAULT_KEYID_LEN ||
	    sqlite3_column_bytes(s, 2) != 32 || sqlite3_column_bytes(s, 3) != 32)
		return -1;
	memcpy(p->keyid, sqlite3_column_blob(s, 0), VAULT_KEYID_LEN);
	p->role = sqlite3_column_int(s, 1);
	memcpy(p->sign_pk, sqlite3_column_blob(s, 2), 32);
	memcpy(p->box_pk, sqlite3_column_blob(s, 3), 32);
	p->name = open_small(st, "peer-name", p->keyid, VAULT_KEYID_LEN,
	    sqlite3_column_blob(s, 4), (size_t)sqlite3_column_bytes(s, 4));
	p->village = open_small(st, "peer-village", p->keyid, VAULT_KEYID_LEN,
	    sqlite3_column_blob(s, 5), (size_t)sqlite3_column_bytes(s, 5));
	p->enrolled = sqlite3_column_int64(s, 6);
	p->last_sync = sqlite3_column_int64(s, 7);
	p->seq_out = (uint64_t)sqlite3_column_int64(s, 8);
	p->seq_in = (uint64_t)sqlite3_column_int64(s, 9);
	p->acked = (uint64_t)sqlite3_column_int64(s, 10);
	p->hw_in = (uint64_t)sqlite3_column_int64(s, 11);
	p->revoked = sqlite3_column_int(s, 12);
	if (p->name == NULL || p->village == NULL) {
		free(p->name);
		free(p->village);
		return -1;
	}
	return 0;
}

/* Every enrolled peer, in enrolment order. */
int
store_peer_list(struct store *st, struct store_peer **out, size_t *n,
    struct xf_err *err)
{
	struct store_peer *v = NULL;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT " PEER_COLUMNS ", EXISTS("
	    "SELECT 1 FROM revoked r WHERE r.keyid = peer.keyid) FROM peer "
	    "ORDER BY enrolled, keyid", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare peers");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		if (peer_from(st, s, &v[*n]) != 0) {
			sqlite3_finalize(s);
			store_peer_list_free(v, *n);
			return xf_error(err, _("store %s: an enrolled peer's row "
			    "is damaged; enrol it again"), st->path);
		}
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_peer_list_free(v, *n);
		return db_error(st, err, "read peers");
	}
	*out = v;
	return 0;
}

/* Free a list of peers from store_peer_list. */
void
store_peer_list_free(struct store_peer *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].village);
	}
	free(v);
}

/* Add a key id to the revocation list. */
int
store_revoke(struct store *st, const unsigned char *keyid, int64_t at,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO revoked(keyid, "
	    "at) VALUES (?1, ?2)", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare revoke");
	sqlite3_bind_blob(s, 1, keyid, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "revoke");
	return sqlite3_changes(st->db) > 0;
}

/* The whole revocation list, oldest first. */
int
store_revoked_list(struct store *st, struct store_revoked **out, size_t *n,
    struct xf_err *err)
{
	struct store_revoked *v = NULL;
	sqlite3_stmt *s;
	size_t cap = 0;

	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT keyid, at FROM revoked "
	    "ORDER BY at, keyid", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare revoked");
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != VAULT_KEYID_LEN)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		memcpy(v[*n].keyid, sqlite3_column_blob(s, 0), VAULT_KEYID_LEN);
		v[*n].at = sqlite3_column_int64(s, 1);
		(*n)++;
	}
	sqlite3_finalize(s);
	*out = v;
	return 0;
}

/* Whether a key id is on the revocation list. */
int
store_is_revoked(struct store *st, const unsigned char *keyid)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM revoked WHERE keyid = ?1",
	    -1, &s, NULL) != SQLITE_OK)
		return 1;
	sqlite3_bind_blob(s, 1, keyid, VAULT_KEYID_LEN, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/* Remember rows lo..hi as received from a peer. */
int
store_recv_range_add(struct store *st, const unsigned char *peer, int64_t lo,
    int64_t hi, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO recv_range(peer, lo, hi) "
	    "VALUES (?1, ?2, ?3)", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare recv_range");
	sqlite3_bind_blob(s, 1, peer, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, lo);
	sqlite3_bind_int64(s, 3, hi);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "write recv_range");
	return 0;
}

/* The highest row number in the version table. */
int
store_max_seq(struct store *st, int64_t *out, struct xf_err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(seq), 0) FROM "
	    "version", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "max seq");
	*out = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

/* Rows a peer may lack: after its acknowledgement, neither written by it
 * nor received from it. */
int
store_scan_export(struct store *st, const unsigned char *peer, int64_t after,
    int64_t upto, store_row_cb cb, void *arg, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT " ROW_COLUMNS " FROM version v "
	    "WHERE seq > ?2 AND seq <= ?3 AND device != ?1 AND NOT EXISTS ("
	    "SELECT 1 FROM recv_range r WHERE r.peer = ?1 AND v.seq BETWEEN "
	    "r.lo AND r.hi) ORDER BY seq", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare export");
	sqlite3_bind_blob(s, 1, peer, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int64(s, 3, upto);
	rc = scan(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

/* How many versions a device wrote, as this store holds them. */
int
store_count_by_device(struct store *st, const unsigned char *device,
    int64_t *n, struct xf_err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM version WHERE "
	    "device = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "count versions");
	sqlite3_bind_blob(s, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	*n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

/* ---- What peers told in their bundles: restricted keys, accounts ---- */

/* One sealed value of a small table by its key; 1 found, 0 none. */
static int
told_get(struct store *st, const char *sql, const char *label,
    const unsigned char *id, size_t idlen, char **plain, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*plain = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read peer keys");
	sqlite3_bind_blob(s, 1, id, (int)idlen, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*plain = open_small(st, label, id, idlen,
		    sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, err, "read peer keys");
	if (rc == SQLITE_ROW && *plain == NULL)
		return xf_error(err, _("store %s: what a peer told of its keys "
		    "or accounts was altered in the file; restore the store "
		    "from a backup"), st->path);
	return rc == SQLITE_ROW;
}

/* Seal and write one value of a small table by its key. */
static int
told_put(struct store *st, const char *sql, const char *label,
    const unsigned char *id, size_t idlen, const char *plain,
    struct xf_err *err)
{
	struct buf v = {0};
	sqlite3_stmt *s;
	int rc;

	seal_small(st, label, id, idlen, plain, &v);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		buf_free(&v);
		return db_error(st, err, "write peer keys");
	}
	sqlite3_bind_blob(s, 1, id, (int)idlen, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, v.data, (int)v.len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&v);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write peer keys");
}

/* The restricted public key a peer told; 1 found, 0 not told yet. */
int
store_peer_rkey(struct store *st, const unsigned char *keyid,
    unsigned char pk[32], struct xf_err *err)
{
	char *hex;
	int rc = told_get(st, "SELECT pk FROM peer_rkey WHERE keyid = ?1",
	    "peer-rkey", keyid, VAULT_KEYID_LEN, &hex, err);

	if (rc == 1 && (strlen(hex) != 64 || hex_decode(pk, 32, hex) != 0))
		rc = xf_error(err, _("store %s: a peer's restricted key is "
		    "damaged; restore the store from a backup"), st->path);
	free(hex);
	return rc;
}

/* Record the restricted public key a peer told in a signed bundle. */
int
store_peer_rkey_put(struct store *st, const unsigned char *keyid,
    const unsigned char pk[32], struct xf_err *err)
{
	char hex[65];

	hex_encode(hex, pk, 32);
	return told_put(st, "INSERT OR REPLACE INTO peer_rkey(keyid, pk) "
	    "VALUES (?1, ?2)", "peer-rkey", keyid, VAULT_KEYID_LEN, hex, err);
}

/* The device an account id belongs to, as the device told it, and the
 * account's role; 1 found, 0 unknown. */
int
store_peer_account(struct store *st, const unsigned char *uid,
    unsigned char peer[VAULT_KEYID_LEN], char role[16], struct xf_err *err)
{
	char *v, *colon;
	int rc = told_get(st, "SELECT v FROM peer_account WHERE uid = ?1",
	    "peer-account", uid, UID_LEN, &v, err);

	if (rc == 1 && ((colon = strrchr(v, ':')) == NULL ||
	    colon - v >= 16 || hex_decode(peer, VAULT_KEYID_LEN,
	    colon + 1) != 0))
		rc = xf_error(err, _("store %s: a device's account entry is "
		    "damaged; restore the store from a backup"), st->path);
	if (rc == 1)
		snprintf(role, 16, "%.*s", (int)(colon - v), v);
	free(v);
	return rc;
}

/* Record that an account id is of this device, with its role. */
int
store_peer_account_put(struct store *st, const unsigned char *uid,
    const unsigned char *peer, const char *role, struct xf_err *err)
{
	char hex[2 * VAULT_KEYID_LEN + 1], *v;
	int rc;

	hex_encode(hex, peer, VAULT_KEYID_LEN);
	v = xasprintf("%s:%s", role, hex);
	rc = told_put(st, "INSERT OR REPLACE INTO peer_account(uid, v) "
	    "VALUES (?1, ?2)", "peer-account", uid, UID_LEN, v, err);
	free(v);
	return rc;
}
