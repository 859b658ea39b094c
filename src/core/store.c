/*
 * The store: a SQLite file in WAL mode holding record versions with sealed
 * bodies, the accounts with their key wraps, and a little metadata. This is
 * the only file that speaks SQL.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
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
#include "bench.h"
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
	int clock_ok;			/* the user said the wall clock is right */
	sqlite3_stmt *ins, *unhead, *children, *heads, *record, *raw;
	sqlite3 *db2;			/* second reader for split scans */
	sqlite3_stmt *heads2[2];
	sqlite3_stmt *audit[3];		/* audit row, read and write head */
	struct state *state;		/* sealed state, once unlocked */
	int state_dirty;		/* changed in this transaction */
	struct vault *vault_before;	/* the keys before a new epoch, until
					 * its transaction commits */
};

/* Accounts and roles (their section is at the end of this file). */
static int restricted_meta_init(struct store *, struct xf_err *);
static int unlock_failed(struct store *, const unsigned char *uid, int what);
/* The sealed state (its section follows the accounts). */
struct unlock_wrap {
	int version;
	int moved;		/* a grant moved the keys to a later epoch */
	const unsigned char *uid, *blob;
	size_t len;
	const char *pass;
	size_t passlen;
};
/* Version 2: the told set covers the accounts devices told, not only
 * the restricted keys peers told. */
#define STATE_VERSION 2
#define STATE_KINDS 32
#define STATE_TAG 16
#define STATE_LEN (1 + 2 + VAULT_KEYID_LEN + VAULT_SALT_LEN + 32 + 8 + 8 + \
	8 + 8 + 32 + 2 * STATE_TAG + STATE_KINDS * STATE_TAG)

struct state {
	unsigned char role, demo;
	unsigned char keyid[VAULT_KEYID_LEN];
	unsigned char salt[VAULT_SALT_LEN];
	unsigned char rpk[32];
	uint64_t lockout;
	int64_t max_seq;
	uint64_t nrevoked;
	uint64_t audit_n;
	unsigned char audit_hash[32];
	unsigned char revoked[STATE_TAG];
	unsigned char rkeys[STATE_TAG];	/* what peers told: restricted keys,
					   accounts */
	unsigned char heads[STATE_KINDS][STATE_TAG];
};

static int state_create(struct store *, struct xf_err *);
static int keys_unlock(struct store *, const unsigned char *uid,
    struct xf_err *);
static int state_unlock(struct store *, const struct unlock_wrap *,
    struct xf_err *);
static int state_begin(struct store *, struct xf_err *);
static int state_commit(struct store *, struct xf_err *);
static void state_head(struct store *, int kind, const unsigned char *vid);
static int state_heads_check(struct store *, int kind,
    const unsigned char *acc, int fresh, struct xf_err *);
static void state_member(struct store *, const char *set, int n,
    const unsigned char *id, size_t len, unsigned char out[16]);
static void state_xor(unsigned char *acc, const unsigned char tag[16]);
static int state_read_db(struct store *, sqlite3 *, struct buf *);
static int blob_get(sqlite3 *, const char *sql, const unsigned char *uid,
    struct buf *);
static int state_revoked(struct store *, const unsigned char *keyid);
static void accounts_hash(struct store *, unsigned char acc[16]);
static int peer_seal_all(struct store *, struct xf_err *);
static int store_rotate(struct store *, const unsigned char *skip,
    struct xf_err *);

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
	/* The sealed state, and each peer's sealed copy of its clear columns
	 * and a tag of its keys under the restricted key. */
	"CREATE TABLE state(id INTEGER PRIMARY KEY CHECK (id = 1),"
	" v BLOB NOT NULL);"
	"ALTER TABLE peer ADD COLUMN seal BLOB NOT NULL DEFAULT x'';"
	"ALTER TABLE peer ADD COLUMN ktag BLOB NOT NULL DEFAULT x'';"
	/* Key epochs: each account's public key (tagged) and its grant of
	 * the newest master key; the keys of earlier epochs. */
	"ALTER TABLE account ADD COLUMN apk BLOB NOT NULL DEFAULT x'';"
	"ALTER TABLE account ADD COLUMN grant BLOB NOT NULL DEFAULT x'';"
	"CREATE TABLE keyring(id INTEGER PRIMARY KEY CHECK (id = 1),"
	" v BLOB NOT NULL);",
	/* What peers told in their signed bundles: the restricted public key
	 * to seal to, and (at a station) the accounts of each device; both
	 * sealed with the master key and bound to their row. */
	"CREATE TABLE peer_rkey(keyid BLOB PRIMARY KEY, pk BLOB NOT NULL);"
	"CREATE TABLE peer_account(uid BLOB PRIMARY KEY, v BLOB NOT NULL);",
	/* Drafts of open forms, each sealed with its account's own key. */
	"CREATE TABLE draft(id INTEGER PRIMARY KEY, uid BLOB NOT NULL,"
	" v BLOB NOT NULL);",
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
		return xf_errorc(err, XF_E_FULL, _("store %s: the disk is "
		    "full (%s failed): free some space on it and try again; "
		    "nothing was changed"), st->path, what);
	return xf_errorc(err, XF_E_IO, _("store %s: %s failed: %s"),
	    st->path, what, sqlite3_errmsg(st->db));
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
		return xf_errorc(err, XF_E_VERSION, _("store %s was written "
		    "by a newer version of xunfang (schema %d, this one knows "
		    "%d): upgrade xunfang"), st->path, have,
		    (int)XF_ARRAY_LEN(migrations));
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

/*
 * An account's public key as stored: the key, then a tag of it and the
 * account id under the state key, so that no one without an unlocked
 * account can plant a key of their own to receive the next epoch's grant.
 */
#define APK_LEN (32 + 16)

static void
apk_tag(struct store *st, const unsigned char *uid, const unsigned char *pk,
    unsigned char tag[16])
{
	unsigned char m[3 + UID_LEN + 32];

	memcpy(m, "apk", 3);
	memcpy(m + 3, uid, UID_LEN);
	memcpy(m + 3 + UID_LEN, pk, 32);
	vault_state_tag(st->vault, m, sizeof m, tag, 16);
}

/* The stored public key of the account keys are wrapped for. */
static void
apk_make(struct store *st, const struct vault *keys, const unsigned char *uid,
    unsigned char *out)
{
	if (vault_account_pk(keys, out) != 0)
		memset(out, 0, 32);
	apk_tag(st, uid, out, out + 32);
}

/* Whether a stored account key is sound under the current state key. */
static int
apk_ok(struct store *st, const unsigned char *uid, const unsigned char *apk,
    size_t len)
{
	unsigned char tag[16];

	if (len != APK_LEN)
		return 0;
	apk_tag(st, uid, apk, tag);
	return memcmp(tag, apk + 32, 16) == 0;
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
	unsigned char uid[UID_LEN], tag[16], ad[UID_LEN + 16], apk[APK_LEN];
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
	    "role, wrap, created, apk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1,
	    &s, NULL) != SQLITE_OK) {
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
	apk_make(st, st->vault, uid, apk);
	sqlite3_bind_blob(s, 7, apk, sizeof apk, SQLITE_STATIC);
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
	vault_free(st->vault_before);
	free(st->state);
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
	    add_account(st, a->user, urole, a->pass, a->passlen, &a->kdf, err) ||
	    state_create(st, err);
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
		rc = xf_errorc(err, XF_E_MEMORY,
		    _("cannot allocate protected memory for a key"));
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
		return xf_errorc(err, XF_E_NOTFOUND, _("no store at %s: "
		    "create one with `xunfang init`, or name another with "
		    "--db"), path);
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
			xf_errorc(err, XF_E_IO, _("%s is not a xunfang store "
			    "(or it is damaged)"), path);
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
	return xf_errorc(err, XF_E_AUTH, _("no account named %s in this "
	    "store; `xunfang user list` shows them"), user);
}

static int
sole_account(struct store *st, char **name, struct xf_err *err)
{
	sqlite3_stmt *s;
	int n = store_account_count(st, err);

	if (n < 0)
		return -1;
	if (n != 1)
		return xf_errorc(err, XF_E_AMBIGUOUS, _("this store has %d "
		    "accounts: say which with --user NAME"), n);
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
		return xf_errorc(err, XF_E_TAMPERED, _("store %s: its name "
		    "does not decrypt; the file was altered"), st->path);
	return 0;
}

/* Unlock with an account's passphrase; a wrong one changes nothing. */
int
store_unlock(struct store *st, const char *user, const char *pass,
    size_t passlen, struct xf_err *err)
{
	sqlite3_stmt *s = NULL;
	unsigned char ad[UID_LEN + 16], uid[UID_LEN];
	struct buf blob = {0};
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
		return xf_errorc(err, XF_E_DISABLED, _("account %s is "
		    "disabled; an officer can add a new account with "
		    "`xunfang user add`"), user ? user : "");
	}
	if (sqlite3_column_bytes(s, 3) == 0) {
		sqlite3_finalize(s);
		return xf_errorc(err, XF_E_WIPED, _("the keys of store %s "
		    "were wiped after too many wrong passphrases; its records "
		    "can no longer be opened: enrol a replacement device to "
		    "get them back from the station"), st->path);
	}
	buf_add(&blob, sqlite3_column_blob(s, 3),
	    (size_t)sqlite3_column_bytes(s, 3));
	sqlite3_finalize(s);
	rc = vault_unwrap(blob.data, blob.len, pass, passlen, ad,
	    wrap_ad(ad, uid, st->user_role), &st->vault, err);
	if (rc == 0 && unlock_failed(st, uid, AUDIT_UNLOCK_FAILED))
		rc = xf_errorc(err, XF_E_WIPED, _("wrong passphrase for %s, "
		    "too many times: the keys of this store were wiped and "
		    "its records can no longer be opened"),
		    user ? user : _("this store"));
	else if (rc == 0)
		rc = xf_errorc(err, XF_E_AUTH, _("wrong passphrase for %s; "
		    "no record was changed, try again"),
		    user ? user : _("this store"));
	if (rc > 0) {
		struct unlock_wrap w = {vault_wrap_version(blob.data, blob.len),
		    0, uid, blob.data, blob.len, pass, passlen};

		memcpy(st->user, uid, UID_LEN);
		rc = (w.moved = keys_unlock(st, uid, err)) < 0 ||
		    finish_unlock(st, err) != 0 || state_unlock(st, &w, err) ?
		    -1 : audit_unlocked(st, err);
	}
	buf_free(&blob);
	if (rc != 0) {
		vault_free(st->vault);
		st->vault = NULL;
	}
	return rc;
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

/*
 * Hybrid logical clock: 48 bits of milliseconds, 16 bits of counter. It
 * runs ahead of the wall clock by at most STORE_HLC_AHEAD_MS: a stamp seen
 * from a peer further ahead (its clock was wrong) does not move it, and a
 * clock that once ran further ahead (this computer's date was wrong, and
 * has been set right) starts again from the wall clock rather than carry
 * the wrong date into every new version.
 */
static uint64_t
hlc_wall(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000) << 16;
}

#define HLC_AHEAD ((uint64_t)STORE_HLC_AHEAD_MS << 16)

uint64_t
store_hlc_next(struct store *st)
{
	uint64_t wall = hlc_wall();

	if (wall > st->hlc || st->hlc - wall > HLC_AHEAD)
		st->hlc = wall;
	else
		st->hlc++;
	return st->hlc;
}

/*
 * Whether the wall clock looks wrong at the moment it would stamp a
 * version: more than STORE_CLOCK_JUMP_DAYS after both the newest stamp
 * in the store (or its creation) and the station's last bundle (a date
 * set years ahead),
 * or a day before the station's last bundle was made (a date set back).
 * *ref is the time it was compared with.
 */
int
store_clock_check(struct store *st, int64_t *ref)
{
	int64_t now = time_now(), newest = (int64_t)((st->hlc >> 16) / 1000);
	int64_t station = (int64_t)meta_u64(st, "station-time");
	int64_t created = (int64_t)meta_u64(st, "created");

	if (newest < created)
		newest = created;
	*ref = newest > station ? newest : station;
	if (station > 0 && now < station - 86400) {
		*ref = station;
		return STORE_CLOCK_BEHIND;
	}
	if (*ref > 0 && now > *ref + STORE_CLOCK_JUMP_DAYS * 86400LL)
		return STORE_CLOCK_AHEAD;
	return STORE_CLOCK_OK;
}

/* The user has said the wall clock is right: stamp with it. */
void
store_clock_accept(struct store *st)
{
	st->clock_ok = 1;
}

/* Refuse to stamp a version with a clock that looks wrong, unless the
 * user said it is right. */
int
store_clock_refuse(struct store *st, struct xf_err *err)
{
	char now[11], then[11];
	int64_t ref;
	int c;

	if (st->clock_ok || (c = store_clock_check(st, &ref)) == STORE_CLOCK_OK)
		return 0;
	date_format(time_now(), now);
	date_format(ref, then);
	if (c == STORE_CLOCK_BEHIND)
		return xf_error(err, _("this computer's clock says %s, before "
		    "the station's last bundle was made (%s): set the date "
		    "right first; if it is right, run again with --clock-ok"),
		    now, then);
	return xf_error(err, _("this computer's clock says %s, more than %d "
	    "days after anything this store has seen (%s): if the date is "
	    "wrong, set it right first; if it is right, run again with "
	    "--clock-ok"), now, STORE_CLOCK_JUMP_DAYS, then);
}

/* At a device: when the station made the bundle just imported. */
int
store_station_time_put(struct store *st, int64_t created,
    struct xf_err *err)
{
	return created > 0 ? meta_put_u64(st, "station-time",
	    (uint64_t)created, err) : 0;
}

/* Move the clock past a stamp seen from another device, within bounds. */
void
store_hlc_observe(struct store *st, uint64_t hlc)
{
	if (hlc > st->hlc && hlc <= hlc_wall() + HLC_AHEAD)
		st->hlc = hlc;
}

int
store_begin(struct store *st, struct xf_err *err)
{
	if (exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	if (state_begin(st, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
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
	if (state_commit(st, err) != 0 || exec(st, "COMMIT", err) != 0) {
		store_rollback(st);
		return -1;
	}
	vault_free(st->vault_before);
	st->vault_before = NULL;
	return 0;
}

void
store_rollback(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->hlc_saved = meta_u64(st, "hlc");
	st->state_dirty = 0;
	/* A new epoch that did not commit: back to the keys before it. */
	if (st->vault_before != NULL) {
		vault_free(st->vault);
		st->vault = st->vault_before;
		st->vault_before = NULL;
	}
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

/* The parents of a new version stop being current; only versions of the
 * same record, so that a version naming another record's version as its
 * parent cannot take that record out of the lists. */
static int
unhead_parents(struct store *st, const struct version *v, struct xf_err *err)
{
	for (int i = 0; i < v->nparents; i++) {
		int rc;

		if (prepare(st, &st->unhead, "UPDATE version SET head = 0 "
		    "WHERE vid = ?1 AND rid = ?2 AND head = 1 RETURNING kind",
		    err) != 0)
			return -1;
		sqlite3_bind_blob(st->unhead, 1, v->parents[i], VID_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_blob(st->unhead, 2, v->rid, RID_LEN,
		    SQLITE_STATIC);
		while ((rc = sqlite3_step(st->unhead)) == SQLITE_ROW)
			state_head(st, sqlite3_column_int(st->unhead, 0),
			    v->parents[i]);
		sqlite3_reset(st->unhead);
		if (rc != SQLITE_DONE)
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
	if (st->state != NULL) {
		st->state->max_seq = sqlite3_last_insert_rowid(st->db);
		st->state_dirty = 1;
	}
	if (!child)
		state_head(st, v->kind, v->vid);
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

/* Call cb for each row of a prepared scan; with acc, fold each version
 * id into the kind's set hash of current versions as it goes. */
static int
scan_hashed(struct store *st, sqlite3_stmt *s, int kind, unsigned char *acc,
    store_row_cb cb, void *arg, struct xf_err *err)
{
	unsigned char tag[16];
	struct store_row r;
	int rc;

	if (acc != NULL)
		memset(acc, 0, sizeof tag);

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
		if (acc != NULL) {
			state_member(st, "hd", kind, r.v.vid, VID_LEN, tag);
			state_xor(acc, tag);
		}
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

static int
scan(struct store *st, sqlite3_stmt *s, store_row_cb cb, void *arg,
    struct xf_err *err)
{
	return scan_hashed(st, s, 0, NULL, cb, arg, err);
}

#define ROW_COLUMNS "vid, rid, kind, hlc, device, author, parents, tomb, " \
	"head, body"

/* Start a read transaction for a scan whose result is checked against
 * the sealed state, so both come from one snapshot; 1 if one was begun. */
static int
scan_begin(struct store *st, sqlite3 *db)
{
	if (st->state == NULL || !sqlite3_get_autocommit(db))
		return 0;
	return sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
scan_end(sqlite3 *db, int began)
{
	if (began)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/*
 * Call cb for every head version of a kind, in record id order. The head
 * flags are clear, so the scan's set hash of version ids must equal the
 * sealed one: a flag cleared or moved in the file is an error.
 */
int
store_scan_heads(struct store *st, int kind, store_row_cb cb, void *arg,
    struct xf_err *err)
{
	unsigned char acc[16];
	int began = scan_begin(st, st->db), rc;

	rc = prepare(st, &st->heads, "SELECT " ROW_COLUMNS " FROM version "
	    "INDEXED BY version_heads WHERE kind = ?1 AND head = 1 "
	    "ORDER BY rid", err);
	if (rc == 0) {
		sqlite3_bind_int(st->heads, 1, kind);
		rc = scan_hashed(st, st->heads, kind,
		    st->state ? acc : NULL, cb, arg, err);
	}
	if (rc == 0)
		rc = state_heads_check(st, kind, acc, began, err);
	scan_end(st->db, began);
	return rc;
}

struct split_part {
	struct store *st;
	sqlite3_stmt *stmt;
	store_row_cb cb;
	void *arg;
	int kind;
	unsigned char acc[16];
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

	p->rc = scan_hashed(p->st, p->stmt, p->kind,
	    p->st->state ? p->acc : NULL, p->cb, p->arg, &p->err);
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
 * Begin one read snapshot on both connections, the same one: the sealed
 * state changes (with a fresh nonce) at every commit that writes versions,
 * so equal state rows mean equal snapshots. 0 if they could not agree.
 */
static int
split_snapshot(struct store *st)
{
	for (int tries = 0; tries < 8; tries++) {
		struct buf a = {0}, b = {0};
		int same;

		if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return 0;
		if (sqlite3_exec(st->db2, "BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			scan_end(st->db, 1);
			return 0;
		}
		same = state_read_db(st, st->db, &a) == 1 &&
		    state_read_db(st, st->db2, &b) == 1 && a.len == b.len &&
		    memcmp(a.data, b.data, a.len) == 0;
		buf_free(&a);
		buf_free(&b);
		if (same)
			return 1;
		scan_end(st->db2, 1);
		scan_end(st->db, 1);
	}
	return 0;
}

/* Run the two halves, then check their set hashes together. */
static int
split_scan(struct store *st, int kind, struct split_part p[2],
    struct xf_err *err)
{
	unsigned char acc[16];
	pthread_t t;

	if (pthread_create(&t, NULL, split_run, &p[1]) != 0) {
		sqlite3_reset(p[1].stmt);
		return 1;
	}
	split_run(&p[0]);
	pthread_join(t, NULL);
	for (int i = 0; i < 2; i++)
		if (p[i].rc != 0) {
			if (err != NULL)
				*err = p[i].err;
			return -1;
		}
	memcpy(acc, p[0].acc, sizeof acc);
	state_xor(acc, p[1].acc);
	return state_heads_check(st, kind, acc, st->state != NULL, err);
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
	int prepared = 1, rc;

	if (!sqlite3_get_autocommit(st->db) || (st->db2 == NULL &&
	    sqlite3_open_v2(st->path, &st->db2, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) || (st->state != NULL && !split_snapshot(st)))
		return store_scan_heads(st, kind, cb, args[0], err);
	for (int i = 0; i < 2; i++) {
		p[i].st = st;
		p[i].cb = cb;
		p[i].arg = args[i];
		p[i].kind = kind;
		p[i].rc = 0;
		if (split_prepare(st, i ? st->db2 : st->db, &st->heads2[i],
		    kind, i) != 0) {
			prepared = 0;
			break;
		}
		p[i].stmt = st->heads2[i];
	}
	rc = prepared ? split_scan(st, kind, p, err) : 1;
	if (st->state != NULL) {
		scan_end(st->db2, 1);
		scan_end(st->db, 1);
	}
	if (rc == 1)
		return store_scan_heads(st, kind, cb, args[0], err);
	return rc;
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

/* A record's versions with their head flags derived from the versions'
 * own parent links (bound into each body's associated data), not read
 * from the clear flag. */
struct derived {
	store_row_cb cb;
	void *arg;
	struct buf named;	/* every parent id some version names */
};

static int
derived_row(void *arg, const struct store_row *row)
{
	struct derived *d = arg;
	struct store_row r = *row;

	r.head = 1;
	for (size_t at = 0; r.head && at < d->named.len; at += VID_LEN)
		r.head = memcmp(d->named.data + at, r.v.vid, VID_LEN) != 0;
	return d->cb(d->arg, &r);
}

/* Every parent id the versions of a record name, into out. */
static int
named_parents(struct store *st, const unsigned char *rid, struct buf *out,
    struct xf_err *err)
{
	int rc;

	if (prepare(st, &st->children, "SELECT parents FROM version "
	    "WHERE rid = ?1", err) != 0)
		return -1;
	sqlite3_bind_blob(st->children, 1, rid, RID_LEN, SQLITE_STATIC);
	while ((rc = sqlite3_step(st->children)) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st->children, 0) / VID_LEN;

		buf_add(out, sqlite3_column_blob(st->children, 0),
		    (size_t)(n > MAX_PARENTS ? MAX_PARENTS : n) * VID_LEN);
	}
	sqlite3_reset(st->children);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "read versions");
}

/* Call cb for every version of one record, in clock order. */
int
store_scan_record(struct store *st, const unsigned char *rid, store_row_cb cb,
    void *arg, struct xf_err *err)
{
	struct derived d = {cb, arg, {0}};
	int rc;

	rc = named_parents(st, rid, &d.named, err);
	if (rc == 0 && (rc = prepare(st, &st->record, "SELECT " ROW_COLUMNS
	    " FROM version WHERE rid = ?1 ORDER BY hlc, vid", err)) == 0) {
		sqlite3_bind_blob(st->record, 1, rid, RID_LEN,
		    SQLITE_TRANSIENT);
		rc = scan(st, st->record, derived_row, &d, err);
	}
	buf_free(&d.named);
	return rc;
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

/* Append, for each enrolled, unrevoked station (as its checked row has
 * it), the restricted public key it told, or until it has told one its
 * identity X25519 key. */
static int
station_box_keys(struct store *st, struct buf *b, struct xf_err *err)
{
	unsigned char pk[32];
	struct store_peer *v;
	size_t n;
	int told = 0;

	if (store_peer_list(st, &v, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n && b->len < 32 * 16 && told >= 0; i++)
		if (v[i].role == ROLE_STATION && !v[i].revoked &&
		    (told = store_peer_rkey(st, v[i].keyid, pk, err)) >= 0)
			buf_add(b, told ? pk : v[i].box_pk, 32);
	store_peer_list_free(v, n);
	return told < 0 ? -1 : 0;
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

/* This store's own restricted public key (checked against the sealed
 * state at unlock); -1 if it has none. */
int
store_restricted_pk(struct store *st, unsigned char pk[32])
{
	struct buf b = {0};
	int rc = meta_get(st, "restricted-pk", &b, NULL) == 1 && b.len == 32 ?
	    0 : -1;

	if (rc == 0)
		memcpy(pk, b.data, 32);
	buf_free(&b);
	return rc;
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
		return xf_errorc(err, XF_E_MEMORY,
		    _("cannot allocate protected memory for a key"));
	vault_account_new(v);
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
		return xf_errorc(err, XF_E_REFUSED, _("only an officer, "
		    "station or trainer account may add accounts"));
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
    const unsigned char *wrap, size_t len, int disabled,
    const struct vault *keys, struct xf_err *err)
{
	unsigned char apk[APK_LEN];
	sqlite3_stmt *s;
	int rc;

	/* A new wrap holds the current epoch: its grant is spent, and its
	 * own public key is the one later grants are sealed to. */
	if (sqlite3_prepare_v2(st->db, keys ? "UPDATE account SET wrap = ?2, "
	    "disabled = ?3, apk = ?4, grant = x'' WHERE uid = ?1" :
	    "UPDATE account SET wrap = ?2, disabled = ?3, apk = x'', "
	    "grant = x'' WHERE uid = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare account");
	sqlite3_bind_blob(s, 1, uid, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, wrap, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, disabled);
	if (keys != NULL) {
		apk_make(st, keys, uid, apk);
		sqlite3_bind_blob(s, 4, apk, sizeof apk, SQLITE_STATIC);
	}
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
		return xf_errorc(err, XF_E_REFUSED, _("only an officer, "
		    "station or trainer account may set another account's "
		    "passphrase"));
	if (disabled)
		return xf_error(err, _("account %s is disabled; add a new "
		    "account instead"), name);
	/* The old passphrase may be known to someone: its wrap, put back
	 * from a copy, must not open what is written from now on. */
	if (store_rotate(st, uid, err) != 0)
		return -1;
	v = vault_dup(st->vault, strcmp(role, "volunteer") != 0);
	if (v == NULL)
		return xf_errorc(err, XF_E_MEMORY,
		    _("cannot allocate protected memory for a key"));
	vault_account_new(v);
	rc = vault_wrap(v, pass, passlen, kdf, ad, wrap_ad(ad, uid, role),
	    &wrap, err);
	if (rc == 0)
		rc = account_set_wrap(st, uid, wrap.data, wrap.len, 0, v, err);
	vault_free(v);
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
		return xf_errorc(err, XF_E_REFUSED, _("only an officer, "
		    "station or trainer account may disable accounts"));
	if (account_lookup(st, name, uid, role, &disabled, err) != 0)
		return -1;
	if (disabled)
		return xf_error(err, _("account %s is already disabled"), name);
	if (strcmp(role, "volunteer") != 0 && other_managers(st, uid) == 0)
		return xf_error(err, _("%s is the last account that can manage "
		    "this store; add another officer account first"), name);
	memcpy(uid_out, uid, UID_LEN);
	if (account_set_wrap(st, uid, (const unsigned char *)"", 0, 1, NULL,
	    err) != 0)
		return -1;
	/* Its wrap, put back from a copy, must not open what is written
	 * from now on. */
	return store_rotate(st, uid, err);
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
		return xf_errorc(err, XF_E_REFUSED, _("only an officer, "
		    "station or trainer account may change the lockout"));
	if (st->state != NULL) {
		st->state->lockout = (uint64_t)n;
		st->state_dirty = 1;
	}
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
	/* This device's own head is sealed in the state too, so an older
	 * copy of the row put back (hiding entries deleted after it) is
	 * noticed. */
	if (st->state != NULL && memcmp(device, st->device,
	    VAULT_KEYID_LEN) == 0 && (rc == 1 || st->state->audit_n != 0) &&
	    (rc != 1 || *n != st->state->audit_n ||
	    memcmp(hash, st->state->audit_hash, 32) != 0))
		rc = -1;
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
	if (rc != SQLITE_DONE)
		return db_error(st, err, "write audit");
	if (st->state != NULL && memcmp(device, st->device,
	    VAULT_KEYID_LEN) == 0) {
		st->state->audit_n = n;
		memcpy(st->state->audit_hash, hash, 32);
		st->state_dirty = 1;
	}
	return 0;
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

/*
 * The sealed state. Someone who can write the file but holds no passphrase
 * must not make xunfang act on altered clear values, so every clear value
 * a decision reads has a sealed copy here, under the master key: the
 * store's role, demo flag, key id, salt, restricted public key and lockout
 * threshold; the highest version row and, per kind, a keyed set hash of
 * the current versions (so a cleared or moved head flag, which hides a
 * record or rolls it back, is noticed by the next full list); a set hash
 * of the revoked key ids; this device's audit head. It is read fresh in
 * every write transaction and written back at its commit.
 */

/* Lay the state out for sealing. */
static void
state_encode(const struct state *s, unsigned char *p)
{
	*p++ = STATE_VERSION;
	*p++ = s->role;
	*p++ = s->demo;
	memcpy(p, s->keyid, VAULT_KEYID_LEN), p += VAULT_KEYID_LEN;
	memcpy(p, s->salt, VAULT_SALT_LEN), p += VAULT_SALT_LEN;
	memcpy(p, s->rpk, 32), p += 32;
	store_u64be(p, s->lockout), p += 8;
	store_u64be(p, (uint64_t)s->max_seq), p += 8;
	store_u64be(p, s->nrevoked), p += 8;
	store_u64be(p, s->audit_n), p += 8;
	memcpy(p, s->audit_hash, 32), p += 32;
	memcpy(p, s->revoked, STATE_TAG), p += STATE_TAG;
	memcpy(p, s->rkeys, STATE_TAG), p += STATE_TAG;
	memcpy(p, s->heads, sizeof s->heads);
}

/* Read a state back from its opened bytes: its version, -1 if it is not
 * one. */
static int
state_decode(struct state *s, const unsigned char *p)
{
	int version = *p++;

	if (version != 1 && version != STATE_VERSION)
		return -1;
	s->role = *p++;
	s->demo = *p++;
	memcpy(s->keyid, p, VAULT_KEYID_LEN), p += VAULT_KEYID_LEN;
	memcpy(s->salt, p, VAULT_SALT_LEN), p += VAULT_SALT_LEN;
	memcpy(s->rpk, p, 32), p += 32;
	s->lockout = load_u64be(p), p += 8;
	s->max_seq = (int64_t)load_u64be(p), p += 8;
	s->nrevoked = load_u64be(p), p += 8;
	s->audit_n = load_u64be(p), p += 8;
	memcpy(s->audit_hash, p, 32), p += 32;
	memcpy(s->revoked, p, STATE_TAG), p += STATE_TAG;
	memcpy(s->rkeys, p, STATE_TAG), p += STATE_TAG;
	memcpy(s->heads, p, sizeof s->heads);
	return version;
}

/* The keyed member tag of a set hash: only unlocked keys compute it. */
static void
state_member(struct store *st, const char *set, int n,
    const unsigned char *id, size_t len, unsigned char out[STATE_TAG])
{
	unsigned char msg[4 + VID_LEN];

	msg[0] = (unsigned char)set[0];
	msg[1] = (unsigned char)set[1];
	msg[2] = (unsigned char)n;
	msg[3] = 0;
	memcpy(msg + 4, id, len);
	vault_state_member(st->vault, msg, 4 + len, out);
}

/* Toggle a member in or out of a set hash. */
static void
state_xor(unsigned char *acc, const unsigned char tag[STATE_TAG])
{
	for (int i = 0; i < STATE_TAG; i++)
		acc[i] ^= tag[i];
}

/* The sealed state's row through a connection: 1 found, 0 none, -1. */
static int
state_read_db(struct store *st, sqlite3 *db, struct buf *out)
{
	(void)st;
	return blob_get(db, "SELECT v FROM state WHERE id = 1", NULL, out);
}

/* Say that the file was changed outside xunfang, what, and what to do
 * (NULL: restore the file or set the laptop up again). */
static int __attribute__((format(printf, 4, 5)))
altered_do(struct store *st, struct xf_err *err, const char *advice,
    const char *what, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, what);
	vsnprintf(buf, sizeof buf, what, ap);
	va_end(ap);
	return xf_errorc(err, XF_E_TAMPERED, _("store %s: %s was changed "
	    "outside xunfang, and xunfang will not act on it: %s"), st->path,
	    buf, advice ? advice :
	    _("restore the file from a copy made before, or ask the station "
	    "to set this laptop up again"));
}

#define altered(st, err, ...) altered_do(st, err, NULL, __VA_ARGS__)

/* Open the sealed state into s: 1 good, 0 none, -1 altered. */
static int
state_load(struct store *st, struct state *s, struct xf_err *err)
{
	struct buf b = {0};
	unsigned char plain[STATE_LEN], acc[STATE_TAG];
	int rc = state_read_db(st, st->db, &b), version = -1;

	if (rc < 0) {
		buf_free(&b);
		return db_error(st, err, "read state");
	}
	if (rc == 1 && (b.len != STATE_LEN + VAULT_SEAL_OVERHEAD ||
	    vault_open(st->vault, (const unsigned char *)"store-state", 11,
	    b.data, b.len, plain) != 0 || (version = state_decode(s,
	    plain)) < 0))
		rc = altered(st, err, _("its sealed state"));
	if (rc == 1 && version == 1) {
		/* Sealed before the accounts were in the told set: take
		 * them as the file has them, once. */
		accounts_hash(st, acc);
		state_xor(s->rkeys, acc);
	}
	buf_free(&b);
	return rc;
}

/* Seal and save the state. */
static int
state_save(struct store *st, struct xf_err *err)
{
	unsigned char plain[STATE_LEN], sealed[STATE_LEN + VAULT_SEAL_OVERHEAD];
	sqlite3_stmt *s;
	int rc;

	state_encode(st->state, plain);
	vault_seal_to(st->vault, (const unsigned char *)"store-state", 11,
	    plain, sizeof plain, sealed);
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO state(id, v) "
	    "VALUES (1, ?1)", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare state");
	sqlite3_bind_blob(s, 1, sealed, sizeof sealed, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "write state");
	st->state_dirty = 0;
	return 0;
}

/* The set hash of the revoked key ids as the file has them. */
static void
revoked_hash(struct store *st, unsigned char acc[STATE_TAG], uint64_t *n)
{
	sqlite3_stmt *s;
	unsigned char tag[STATE_TAG];

	memset(acc, 0, STATE_TAG);
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT keyid FROM revoked", -1, &s,
	    NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		unsigned char id[VAULT_KEYID_LEN] = {0};
		int len = sqlite3_column_bytes(s, 0);

		memcpy(id, sqlite3_column_blob(s, 0),
		    len < VAULT_KEYID_LEN ? (size_t)len : VAULT_KEYID_LEN);
		state_member(st, "rv", len, id, VAULT_KEYID_LEN, tag);
		state_xor(acc, tag);
		(*n)++;
	}
	sqlite3_finalize(s);
}

/*
 * What peers told, in one set hash: the restricted keys (table peer_rkey,
 * by key id) and, at a station, the accounts devices told (peer_account,
 * by account id; an account row removed would refuse that account's
 * versions). Both ids are 8 bytes.
 */
static const struct told_table {
	const char *set, *all, *one;
} told_tables[] = {
	{"rk", "SELECT keyid, pk FROM peer_rkey",
	    "SELECT pk FROM peer_rkey WHERE keyid = ?1"},
	{"pa", "SELECT uid, v FROM peer_account",
	    "SELECT v FROM peer_account WHERE uid = ?1"},
};
#define TOLD_ID_LEN 8
_Static_assert(UID_LEN == TOLD_ID_LEN && VAULT_KEYID_LEN == TOLD_ID_LEN,
    "told ids are 8 bytes");

/* The member tag of a told row: its id and the nonce of its seal (which
 * is bound to the id), so a row removed, or an older copy put back,
 * changes the set hash. */
static void
told_member(struct store *st, const struct told_table *t,
    const unsigned char *id8, const unsigned char *sealed, size_t len,
    unsigned char tag[STATE_TAG])
{
	unsigned char id[VID_LEN] = {0};

	memcpy(id, id8, TOLD_ID_LEN);
	if (len >= VAULT_SEAL_OVERHEAD)
		memcpy(id + TOLD_ID_LEN, sealed + 4, VID_LEN - TOLD_ID_LEN);
	state_member(st, t->set, 0, id, VID_LEN, tag);
}

/* XOR into acc the members of one told table as the file has it. */
static void
told_table_hash(struct store *st, const struct told_table *t,
    unsigned char acc[STATE_TAG])
{
	unsigned char tag[STATE_TAG];
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, t->all, -1, &s, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == TOLD_ID_LEN) {
			told_member(st, t, sqlite3_column_blob(s, 0),
			    sqlite3_column_blob(s, 1),
			    (size_t)sqlite3_column_bytes(s, 1), tag);
			state_xor(acc, tag);
		}
	sqlite3_finalize(s);
}

/* The set hash of what peers told, as the file has it. */
static void
rkeys_hash(struct store *st, unsigned char acc[STATE_TAG])
{
	memset(acc, 0, STATE_TAG);
	for (size_t i = 0; i < XF_ARRAY_LEN(told_tables); i++)
		told_table_hash(st, &told_tables[i], acc);
}

/* The accounts' part of it alone. */
static void
accounts_hash(struct store *st, unsigned char acc[STATE_TAG])
{
	memset(acc, 0, STATE_TAG);
	told_table_hash(st, &told_tables[1], acc);
}

/* Toggle one told row in or out of the set hash, as the file has it
 * now. */
static void
state_told(struct store *st, const struct told_table *t,
    const unsigned char *id)
{
	unsigned char tag[STATE_TAG];
	struct buf b = {0};
	sqlite3_stmt *s;

	if (st->state == NULL || sqlite3_prepare_v2(st->db, t->one, -1, &s,
	    NULL) != SQLITE_OK)
		return;
	sqlite3_bind_blob(s, 1, id, TOLD_ID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		buf_add(&b, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		told_member(st, t, id, b.data, b.len, tag);
		state_xor(st->state->rkeys, tag);
		st->state_dirty = 1;
	}
	sqlite3_finalize(s);
	buf_free(&b);
}

#define state_rkey(st, keyid) state_told(st, &told_tables[0], keyid)
#define state_account(st, uid) state_told(st, &told_tables[1], uid)

/* The set hash of one kind's current versions as the file has them. */
static int
heads_hash(struct store *st, int kind, unsigned char acc[STATE_TAG])
{
	sqlite3_stmt *s;
	unsigned char tag[STATE_TAG];
	int rc;

	memset(acc, 0, STATE_TAG);
	if (sqlite3_prepare_v2(st->db, "SELECT vid FROM version INDEXED BY "
	    "version_heads WHERE kind = ?1 AND head = 1", -1, &s, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int(s, 1, kind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == VID_LEN) {
			state_member(st, "hd", kind, sqlite3_column_blob(s, 0),
			    VID_LEN, tag);
			state_xor(acc, tag);
		}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The highest version row in the file. */
static int64_t
version_max_seq(struct store *st)
{
	int64_t n = 0;

	store_max_seq(st, &n, NULL);
	return n;
}

/* Compare the clear settings with their sealed copy; name what differs. */
static int
state_check_settings(struct store *st, const struct state *s,
    struct xf_err *err)
{
	struct buf b = {0};
	unsigned char keyid[VAULT_KEYID_LEN], acc[STATE_TAG];
	uint64_t nrev;
	int rpk_ok;

	meta_get(st, "keyid", &b, NULL);
	memset(keyid, 0, sizeof keyid);
	if (b.len == VAULT_KEYID_LEN)
		memcpy(keyid, b.data, VAULT_KEYID_LEN);
	b.len = 0;
	rpk_ok = meta_get(st, "restricted-pk", &b, NULL) == 1 && b.len == 32 &&
	    memcmp(b.data, s->rpk, 32) == 0;
	buf_free(&b);
	if (s->role != st->role)
		return altered(st, err, _("its role (station or device)"));
	if (s->demo != st->demo)
		return altered(st, err, _("its demo flag (%s in the file)"),
		    st->demo ? _("demo") : _("real"));
	if (memcmp(s->keyid, keyid, sizeof keyid) != 0 ||
	    memcmp(s->keyid, st->device, sizeof keyid) != 0)
		return altered(st, err, _("its key id"));
	if (memcmp(s->salt, st->salt, VAULT_SALT_LEN) != 0)
		return altered(st, err, _("its account salt"));
	if (!rpk_ok)
		return altered(st, err, _("its restricted key"));
	if (s->lockout != meta_u64(st, "lockout"))
		return altered(st, err, _("its lockout threshold"));
	if (s->max_seq != version_max_seq(st))
		return altered(st, err, _("its list of versions (rows added or "
		    "removed)"));
	revoked_hash(st, acc, &nrev);
	if (nrev != s->nrevoked || memcmp(acc, s->revoked, STATE_TAG) != 0)
		return altered(st, err, _("its list of revoked keys"));
	rkeys_hash(st, acc);
	if (memcmp(acc, s->rkeys, STATE_TAG) != 0)
		return altered(st, err, _("the record of what its peers "
		    "told (keys, accounts)"));
	return 0;
}

/* A state made from the file as it is, for a store that had none. */
static int
state_fresh(struct store *st, struct state *s, struct xf_err *err)
{
	struct buf b = {0};
	unsigned char pk[32];

	memset(s, 0, sizeof *s);
	s->role = (unsigned char)st->role;
	s->demo = (unsigned char)st->demo;
	memcpy(s->keyid, st->device, VAULT_KEYID_LEN);
	memcpy(s->salt, st->salt, VAULT_SALT_LEN);
	if (meta_get(st, "restricted-pk", &b, err) == 1 && b.len == 32)
		memcpy(s->rpk, b.data, 32);
	buf_free(&b);
	s->lockout = meta_u64(st, "lockout");
	s->max_seq = version_max_seq(st);
	revoked_hash(st, s->revoked, &s->nrevoked);
	rkeys_hash(st, s->rkeys);
	for (int k = 0; k < STATE_KINDS; k++)
		if (heads_hash(st, k, s->heads[k]) != 0)
			return db_error(st, err, "read heads");
	if (store_audit_head(st, st->device, pk, &s->audit_n,
	    s->audit_hash) < 0)
		return altered(st, err, _("its audit head"));
	return 0;
}

/* Seal the state of a store that had none: a new store, or one made
 * before the state was sealed (its first unlock trusts the file once). */
static int
state_create(struct store *st, struct xf_err *err)
{
	struct state *s = xcalloc(1, sizeof *s);

	if (state_fresh(st, s, err) != 0) {
		free(s);
		return -1;
	}
	free(st->state);
	st->state = s;
	if (peer_seal_all(st, err) != 0)
		return -1;
	return state_save(st, err);
}

/* Rewrap the unlocking account in the format that insists on a sealed
 * state, so that stripping the state later cannot pass for an old store. */
static int
rewrap(struct store *st, const unsigned char *uid, const unsigned char *old,
    size_t oldlen, const char *pass, size_t passlen, struct xf_err *err)
{
	struct kdf_params kp;
	unsigned char ad[UID_LEN + 16], pk[32];
	struct buf wrap = {0};
	int rc;

	if (vault_wrap_params(old, oldlen, &kp) != 0)
		return -1;
	if (vault_account_pk(st->vault, pk) != 0)
		vault_account_new(st->vault);
	rc = vault_wrap(st->vault, pass, passlen, &kp, ad,
	    wrap_ad(ad, uid, st->user_role), &wrap, err);
	if (rc == 0)
		rc = account_set_wrap(st, uid, wrap.data, wrap.len, 0,
		    st->vault, err);
	buf_free(&wrap);
	return rc;
}

/* One blob column of the keyring or of an account: 1 found, 0 none. */
static int
blob_get(sqlite3 *db, const char *sql, const unsigned char *uid,
    struct buf *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (uid != NULL)
		sqlite3_bind_blob(s, 1, uid, UID_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		buf_add(out, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* At unlock: take this account's grant of a later epoch, if any, then
 * the keys of the earlier epochs. 1 if the vault moved to a later epoch
 * (its wrap is then made again). */
static int
keys_unlock(struct store *st, const unsigned char *uid, struct xf_err *err)
{
	struct buf b = {0};
	int moved = 0;

	if (blob_get(st->db, "SELECT grant FROM account WHERE uid = ?1", uid,
	    &b) == 1 && b.len > 0 &&
	    (moved = vault_take_grant(st->vault, b.data, b.len)) < 0) {
		buf_free(&b);
		return altered(st, err, _("this account's grant of the newest "
		    "key"));
	}
	b.len = 0;
	if (blob_get(st->db, "SELECT v FROM keyring WHERE id = 1", NULL, &b) == 1 &&
	    vault_keyring_open(st->vault, b.data, b.len) != 0) {
		buf_free(&b);
		return altered(st, err, _("its keys of earlier epochs"));
	}
	buf_free(&b);
	return moved;
}

/* At unlock: check the sealed state against the file, or seal one for a
 * store from before it existed; then move an old account's wrap on. */
static int
state_unlock_tx(struct store *st, const struct unlock_wrap *w,
    struct xf_err *err)
{
	struct state s;
	int rc;

	if ((rc = state_load(st, &s, err)) < 0)
		return -1;
	if (rc == 0 && w->version != 2)
		return altered(st, err, _("its sealed state (it is missing)"));
	if (rc == 0)
		return state_create(st, err) != 0 ? -1 :
		    rewrap(st, w->uid, w->blob, w->len, w->pass, w->passlen, err);
	if (state_check_settings(st, &s, err) != 0)
		return -1;
	st->state = xmalloc(sizeof *st->state);
	*st->state = s;
	if (w->version == 2 || w->moved)
		return rewrap(st, w->uid, w->blob, w->len, w->pass, w->passlen,
		    err);
	return 0;
}

/* Check the set hashes against the file with the current state key,
 * before the key changes. */
static int
state_sets_check(struct store *st, struct xf_err *err)
{
	unsigned char acc[STATE_TAG];
	uint64_t n;

	for (int k = 0; k < STATE_KINDS; k++)
		if (heads_hash(st, k, acc) != 0 ||
		    memcmp(acc, st->state->heads[k], STATE_TAG) != 0)
			return altered(st, err, _("the current versions of its "
			    "records (one was hidden or rolled back)"));
	revoked_hash(st, acc, &n);
	if (n != st->state->nrevoked ||
	    memcmp(acc, st->state->revoked, STATE_TAG) != 0)
		return altered(st, err, _("its list of revoked keys"));
	rkeys_hash(st, acc);
	if (memcmp(acc, st->state->rkeys, STATE_TAG) != 0)
		return altered(st, err, _("the record of what its peers "
		    "told (keys, accounts)"));
	return 0;
}

/* The accounts to grant a new epoch to: enabled, with a sound public key,
 * other than skip. Their ids go to out, UID_LEN + 32 bytes each. */
static int
grantees(struct store *st, const unsigned char *skip, struct buf *out,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT uid, apk FROM account WHERE "
	    "disabled = 0 AND length(wrap) > 0 AND uid <> ?1", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(st, err, "read accounts");
	sqlite3_bind_blob(s, 1, skip, UID_LEN, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *uid = sqlite3_column_blob(s, 0);
		const unsigned char *apk = sqlite3_column_blob(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);

		if (sqlite3_column_bytes(s, 0) != UID_LEN || len == 0)
			continue;	/* a wrap from before epochs */
		if (!apk_ok(st, uid, apk, len)) {
			sqlite3_finalize(s);
			return altered(st, err, _("the public key of an "
			    "account"));
		}
		buf_add(out, uid, UID_LEN);
		buf_add(out, apk, 32);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "read accounts");
}

/* Give each grantee the new epoch's key, and tag its key afresh. */
static int
grants_put(struct store *st, const struct buf *g, struct xf_err *err)
{
	unsigned char grant[VAULT_GRANT_LEN], apk[APK_LEN];
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(st->db, "UPDATE account SET grant = ?2, "
	    "apk = ?3 WHERE uid = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "write accounts");
	for (size_t at = 0; rc == SQLITE_DONE && at < g->len;
	    at += UID_LEN + 32) {
		vault_grant(st->vault, g->data + at + UID_LEN, grant);
		memcpy(apk, g->data + at + UID_LEN, 32);
		apk_tag(st, g->data + at, apk, apk + 32);
		sqlite3_reset(s);
		sqlite3_bind_blob(s, 1, g->data + at, UID_LEN, SQLITE_STATIC);
		sqlite3_bind_blob(s, 2, grant, sizeof grant, SQLITE_STATIC);
		sqlite3_bind_blob(s, 3, apk, sizeof apk, SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write accounts");
}

/* Save the keys of the earlier epochs under the newest master key. */
static int
keyring_save(struct store *st, struct xf_err *err)
{
	struct buf b = {0};
	sqlite3_stmt *s;
	int rc;

	vault_keyring_seal(st->vault, &b);
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO keyring(id, v) "
	    "VALUES (1, ?1)", -1, &s, NULL) != SQLITE_OK) {
		buf_free(&b);
		return db_error(st, err, "write keyring");
	}
	sqlite3_bind_blob(s, 1, b.data, (int)b.len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&b);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write keyring");
}

/*
 * Start a new key epoch, inside the caller's transaction: from now on
 * versions are sealed under a new master key that a wrap made before
 * (a disabled account's, or one under an old passphrase, put back from a
 * copy) cannot open. Every other enabled account gets the new key sealed
 * to its public key and takes it at its next unlock; the keys of earlier
 * epochs are kept under the new one, so older versions stay readable.
 * What is sealed or tagged under the state key is made again.
 */
static int
store_rotate(struct store *st, const unsigned char *skip, struct xf_err *err)
{
	struct store_peer *peers = NULL;
	struct buf g = {0};
	size_t np = 0;
	int rc;

	if (st->state == NULL)
		return xf_error(err, _("the store is not unlocked"));
	if (state_sets_check(st, err) != 0 || grantees(st, skip, &g, err) != 0 ||
	    store_peer_list(st, &peers, &np, err) != 0) {
		buf_free(&g);
		return -1;
	}
	if (st->vault_before == NULL &&
	    (st->vault_before = vault_dup(st->vault, 1)) == NULL)
		rc = xf_errorc(err, XF_E_MEMORY,
		    _("cannot allocate protected memory for a key"));
	else
		rc = vault_rotate(st->vault) != 0 ? xf_error(err, _("this "
		    "store has had too many key changes; create a new store")) :
		    0;
	for (int k = 0; rc == 0 && k < STATE_KINDS; k++)
		rc = heads_hash(st, k, st->state->heads[k]) != 0 ?
		    db_error(st, err, "read heads") : 0;
	if (rc == 0) {
		revoked_hash(st, st->state->revoked, &st->state->nrevoked);
		rkeys_hash(st, st->state->rkeys);
		st->state_dirty = 1;
		rc = grants_put(st, &g, err);
	}
	for (size_t i = 0; rc == 0 && i < np; i++)
		rc = store_peer_put(st, &peers[i], err);
	if (rc == 0)
		rc = keyring_save(st, err);
	store_peer_list_free(peers, np);
	buf_free(&g);
	return rc;
}

/* The unlock's check of the state, in a transaction of its own. */
static int
state_unlock(struct store *st, const struct unlock_wrap *w,
    struct xf_err *err)
{
	if (exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	if (state_unlock_tx(st, w, err) != 0) {
		store_rollback(st);
		free(st->state);
		st->state = NULL;
		return -1;
	}
	return exec(st, "COMMIT", err);
}

/* Read the state afresh at the start of a write transaction (another
 * process may have written since); a locked store has none to keep. */
static int
state_begin(struct store *st, struct xf_err *err)
{
	struct state s;
	int rc;

	if (st->state == NULL)
		return 0;
	if ((rc = state_load(st, &s, err)) < 0)
		return -1;
	if (rc == 0)
		return altered(st, err, _("its sealed state (it is missing)"));
	if (s.max_seq != version_max_seq(st))
		return altered(st, err, _("its list of versions (rows added or "
		    "removed)"));
	*st->state = s;
	st->state_dirty = 0;
	return 0;
}

/* Save the state with the transaction that changed it. */
static int
state_commit(struct store *st, struct xf_err *err)
{
	if (st->state == NULL || !st->state_dirty)
		return 0;
	return state_save(st, err);
}

/* A version became, or stopped being, current: toggle it in its kind's
 * set hash. */
static void
state_head(struct store *st, int kind, const unsigned char *vid)
{
	unsigned char tag[STATE_TAG];

	if (st->state == NULL || kind < 0 || kind >= STATE_KINDS)
		return;
	state_member(st, "hd", kind, vid, VID_LEN, tag);
	state_xor(st->state->heads[kind], tag);
	st->state_dirty = 1;
}

/* A key id joined the revoked list. */
static int
state_revoked(struct store *st, const unsigned char *keyid)
{
	unsigned char tag[STATE_TAG];

	if (st->state == NULL)
		return 0;
	state_member(st, "rv", VAULT_KEYID_LEN, keyid, VAULT_KEYID_LEN, tag);
	state_xor(st->state->revoked, tag);
	st->state->nrevoked++;
	st->state_dirty = 1;
	return 0;
}

/* Compare a full scan's set hash of current versions with the sealed one
 * (read in the scan's own snapshot). */
static int
state_heads_check(struct store *st, int kind, const unsigned char *acc,
    int fresh, struct xf_err *err)
{
	struct state s, *want = st->state;

	if (st->state == NULL || kind < 0 || kind >= STATE_KINDS)
		return 0;
	if (fresh) {
		if (state_load(st, &s, err) != 1)
			return -1;
		want = &s;
	}
	if (memcmp(want->heads[kind], acc, STATE_TAG) != 0)
		return altered(st, err, _("the current versions of its "
		    "records (one was hidden or rolled back)"));
	return 0;
}

/* ---- Sync: enrolled peers, revocations, export scans ---- */

#define PEER_COLUMNS "keyid, role, sign_pk, box_pk, name, village, " \
	"enrolled, last_sync, seq_out, seq_in, acked, hw_in"

/*
 * A peer's clear columns are what queries and decisions read, so each row
 * carries a sealed copy of them (under the master key) and a tag of its
 * keys and role under the restricted key: someone who writes the file
 * without a passphrase cannot change them, and a volunteer, whose wrap
 * lacks the restricted key, cannot give the station another key either.
 */
#define PEER_SEAL_LEN (1 + 32 + 32 + 6 * 8)

/* Lay out the values a peer's seal covers. */
static void
peer_seal_plain(const struct store_peer *p, unsigned char *b)
{
	b[0] = (unsigned char)p->role;
	memcpy(b + 1, p->sign_pk, 32);
	memcpy(b + 33, p->box_pk, 32);
	store_u64be(b + 65, (uint64_t)p->enrolled);
	store_u64be(b + 73, (uint64_t)p->last_sync);
	store_u64be(b + 81, p->seq_out);
	store_u64be(b + 89, p->seq_in);
	store_u64be(b + 97, p->acked);
	store_u64be(b + 105, p->hw_in);
}

/* The associated data of a peer's seal: its key id. */
static size_t
peer_seal_ad(const unsigned char *keyid, unsigned char *ad)
{
	memcpy(ad, "peer-state", 10);
	memcpy(ad + 10, keyid, VAULT_KEYID_LEN);
	return 10 + VAULT_KEYID_LEN;
}

/* The restricted-key tag of a peer's key id, role and keys. */
static int
peer_ktag(struct store *st, const unsigned char *keyid, int role,
    const unsigned char *sign_pk, const unsigned char *box_pk,
    unsigned char out[32])
{
	unsigned char m[9 + VAULT_KEYID_LEN + 1 + 64];

	memcpy(m, "peer-keys", 9);
	memcpy(m + 9, keyid, VAULT_KEYID_LEN);
	m[9 + VAULT_KEYID_LEN] = (unsigned char)role;
	memcpy(m + 10 + VAULT_KEYID_LEN, sign_pk, 32);
	memcpy(m + 42 + VAULT_KEYID_LEN, box_pk, 32);
	return vault_restricted_tag(st->vault, m, sizeof m, out);
}

/* The tag a new row of this peer gets: computed if this account holds
 * the restricted key, else the one of the row as it stands, if its keys
 * and role are the same (a volunteer's sync moves counters, not keys). */
static int
peer_ktag_for(struct store *st, const struct store_peer *p,
    unsigned char out[32], struct xf_err *err)
{
	sqlite3_stmt *s;
	int same = 0;

	if (peer_ktag(st, p->keyid, p->role, p->sign_pk, p->box_pk, out) == 0)
		return 0;
	if (sqlite3_prepare_v2(st->db, "SELECT role, sign_pk, box_pk, ktag "
	    "FROM peer WHERE keyid = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare peer");
	sqlite3_bind_blob(s, 1, p->keyid, VAULT_KEYID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) ==
	    p->role && sqlite3_column_bytes(s, 1) == 32 &&
	    sqlite3_column_bytes(s, 2) == 32 && sqlite3_column_bytes(s, 3) ==
	    32 && memcmp(sqlite3_column_blob(s, 1), p->sign_pk, 32) == 0 &&
	    memcmp(sqlite3_column_blob(s, 2), p->box_pk, 32) == 0) {
		memcpy(out, sqlite3_column_blob(s, 3), 32);
		same = 1;
	}
	sqlite3_finalize(s);
	if (!same)
		return xf_errorc(err, XF_E_REFUSED, _("only an officer or "
		    "station account may enrol a peer or change its keys"));
	return 0;
}

/* Add or replace a peer; its name and village are sealed, its clear
 * columns sealed again and its keys tagged. */
int
store_peer_put(struct store *st, const struct store_peer *p,
    struct xf_err *err)
{
	struct buf name = {0}, village = {0};
	unsigned char plain[PEER_SEAL_LEN], ad[32], ktag[32];
	unsigned char seal[PEER_SEAL_LEN + VAULT_SEAL_OVERHEAD];
	sqlite3_stmt *s;
	int rc;

	if (peer_ktag_for(st, p, ktag, err) != 0)
		return -1;
	peer_seal_plain(p, plain);
	vault_seal_to(st->vault, ad, peer_seal_ad(p->keyid, ad), plain,
	    sizeof plain, seal);
	seal_small(st, "peer-name", p->keyid, VAULT_KEYID_LEN, p->name, &name);
	seal_small(st, "peer-village", p->keyid, VAULT_KEYID_LEN,
	    p->village ? p->village : "", &village);
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO peer("
	    PEER_COLUMNS ", seal, ktag) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14)", -1, &s, NULL) != SQLITE_OK) {
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
	sqlite3_bind_blob(s, 13, seal, sizeof seal, SQLITE_STATIC);
	sqlite3_bind_blob(s, 14, ktag, sizeof ktag, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&name);
	buf_free(&village);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "write peer");
	return 0;
}

/* Say whose clear columns were changed in the file. */
static int
peer_altered(struct store *st, const struct store_peer *p, int keys,
    struct xf_err *err)
{
	const char *name = p->name ? p->name : "?";
	const char *advice = p->role == ROLE_STATION ?
	    _("enrol the station again with `xunfang enroll`") :
	    _("enrol the device again with `xunfang enroll`");

	if (p->role == ROLE_STATION && keys)
		return altered_do(st, err, advice, "%s",
		    _("the keys of the enrolled station"));
	if (keys)
		return altered_do(st, err, advice, _("the keys of device %s"),
		    name);
	if (p->role == ROLE_STATION)
		return altered_do(st, err, advice, "%s",
		    _("the sync counters of the enrolled station"));
	return altered_do(st, err, advice, _("the sync counters of device %s"),
	    name);
}

/* Check a peer's clear columns against its seal and its keys' tag. */
static int
peer_check(struct store *st, sqlite3_stmt *s, const struct store_peer *p,
    struct xf_err *err)
{
	unsigned char plain[PEER_SEAL_LEN], have[PEER_SEAL_LEN], ad[32], t[32];
	struct store_peer sealed = *p;

	if (sqlite3_column_bytes(s, 13) != PEER_SEAL_LEN + VAULT_SEAL_OVERHEAD ||
	    vault_open(st->vault, ad, peer_seal_ad(p->keyid, ad),
	    sqlite3_column_blob(s, 13), PEER_SEAL_LEN + VAULT_SEAL_OVERHEAD,
	    plain) != 0)
		return peer_altered(st, p, 1, err);
	/* Name the peer by the role it was sealed with, not a rewritten one. */
	sealed.role = plain[0];
	peer_seal_plain(p, have);
	if (memcmp(plain, have, 65) != 0)
		return peer_altered(st, &sealed, 1, err);
	if (memcmp(plain + 65, have + 65, PEER_SEAL_LEN - 65) != 0)
		return peer_altered(st, &sealed, 0, err);
	if (peer_ktag(st, p->keyid, p->role, p->sign_pk, p->box_pk, t) == 0 &&
	    (sqlite3_column_bytes(s, 14) != 32 ||
	    memcmp(sqlite3_column_blob(s, 14), t, 32) != 0))
		return peer_altered(st, &sealed, 1, err);
	return 0;
}

/* Fill a peer from a row of PEER_COLUMNS, the revoked flag, its seal and
 * tag; -1 (err set) if it is damaged or was changed outside xunfang. */
static int
peer_from(struct store *st, sqlite3_stmt *s, struct store_peer *p,
    struct xf_err *err)
{
	memset(p, 0, sizeof *p);
	if (sqlite3_column_bytes(s, 0) != VAULT_KEYID_LEN ||
	    sqlite3_column_bytes(s, 2) != 32 || sqlite3_column_bytes(s, 3) != 32)
		return xf_error(err, _("store %s: an enrolled peer's row is "
		    "damaged; enrol it again"), st->path);
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
	if (p->name == NULL || p->village == NULL || peer_check(st, s, p,
	    err) != 0) {
		if (p->name == NULL || p->village == NULL)
			xf_error(err, _("store %s: an enrolled peer's row is "
			    "damaged; enrol it again"), st->path);
		free(p->name);
		free(p->village);
		p->name = p->village = NULL;
		return -1;
	}
	return 0;
}

/* Before a peer is enrolled again: drop its row if it was changed
 * outside xunfang, so that enrolment is the way back. 1 dropped, 0 not. */
int
store_peer_drop_altered(struct store *st, const unsigned char *keyid,
    struct xf_err *err)
{
	struct store_peer p;
	struct xf_err why;
	sqlite3_stmt *s;
	int bad = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT " PEER_COLUMNS ", 0, seal, ktag "
	    "FROM peer WHERE keyid = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read peers");
	sqlite3_bind_blob(s, 1, keyid, VAULT_KEYID_LEN, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		bad = peer_from(st, s, &p, &why) != 0;
		if (!bad) {
			free(p.name);
			free(p.village);
		}
	}
	sqlite3_finalize(s);
	if (!bad)
		return 0;
	if (store_begin(st, err) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "DELETE FROM peer WHERE keyid = ?1",
	    -1, &s, NULL) != SQLITE_OK) {
		store_rollback(st);
		return db_error(st, err, "drop peer");
	}
	sqlite3_bind_blob(s, 1, keyid, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return store_commit(st, err) == 0 ? 1 : -1;
}

/* Seal every peer row as the file has it: once, when a store made before
 * peers were sealed is first unlocked (by an account that can tag keys). */
static int
peer_seal_all(struct store *st, struct xf_err *err)
{
	struct store_peer *v = NULL;
	unsigned char t[32];
	sqlite3_stmt *s;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT " PEER_COLUMNS " FROM peer",
	    -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read peers");
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != VAULT_KEYID_LEN ||
		    sqlite3_column_bytes(s, 2) != 32 ||
		    sqlite3_column_bytes(s, 3) != 32)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		memset(&v[n], 0, sizeof v[n]);
		memcpy(v[n].keyid, sqlite3_column_blob(s, 0), VAULT_KEYID_LEN);
		v[n].role = sqlite3_column_int(s, 1);
		memcpy(v[n].sign_pk, sqlite3_column_blob(s, 2), 32);
		memcpy(v[n].box_pk, sqlite3_column_blob(s, 3), 32);
		v[n].name = open_small(st, "peer-name", v[n].keyid,
		    VAULT_KEYID_LEN, sqlite3_column_blob(s, 4),
		    (size_t)sqlite3_column_bytes(s, 4));
		v[n].village = open_small(st, "peer-village", v[n].keyid,
		    VAULT_KEYID_LEN, sqlite3_column_blob(s, 5),
		    (size_t)sqlite3_column_bytes(s, 5));
		v[n].enrolled = sqlite3_column_int64(s, 6);
		v[n].last_sync = sqlite3_column_int64(s, 7);
		v[n].seq_out = (uint64_t)sqlite3_column_int64(s, 8);
		v[n].seq_in = (uint64_t)sqlite3_column_int64(s, 9);
		v[n].acked = (uint64_t)sqlite3_column_int64(s, 10);
		v[n].hw_in = (uint64_t)sqlite3_column_int64(s, 11);
		n++;
	}
	sqlite3_finalize(s);
	if (n > 0 && peer_ktag(st, v[0].keyid, 0, v[0].sign_pk, v[0].box_pk,
	    t) != 0)
		rc = xf_error(err, _("store %s was made by an older xunfang: "
		    "an officer must unlock it once before a volunteer can"),
		    st->path);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (v[i].name == NULL) {
			v[i].name = xstrdup("");
			free(v[i].village);
			v[i].village = xstrdup("");
		}
		rc = store_peer_put(st, &v[i], err);
	}
	store_peer_list_free(v, n);
	return rc;
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
	    "SELECT 1 FROM revoked r WHERE r.keyid = peer.keyid), seal, ktag "
	    "FROM peer ORDER BY enrolled, keyid", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare peers");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		if (peer_from(st, s, &v[*n], err) != 0) {
			sqlite3_finalize(s);
			store_peer_list_free(v, *n);
			return -1;
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
	if (sqlite3_changes(st->db) == 0)
		return 0;
	state_revoked(st, keyid);
	return 1;
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
		return xf_errorc(err, XF_E_TAMPERED, _("store %s: what a peer "
		    "told of its keys or accounts was altered in the file; restore the store "
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
	unsigned char have[32];
	char hex[65];
	int rc = store_peer_rkey(st, keyid, have, err);

	if (rc < 0)
		return -1;
	if (rc == 1 && memcmp(have, pk, 32) == 0)
		return 0;
	hex_encode(hex, pk, 32);
	state_rkey(st, keyid);
	rc = told_put(st, "INSERT OR REPLACE INTO peer_rkey(keyid, pk) "
	    "VALUES (?1, ?2)", "peer-rkey", keyid, VAULT_KEYID_LEN, hex, err);
	if (rc == 0)
		state_rkey(st, keyid);
	return rc;
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
	state_account(st, uid);
	rc = told_put(st, "INSERT OR REPLACE INTO peer_account(uid, v) "
	    "VALUES (?1, ?2)", "peer-account", uid, UID_LEN, v, err);
	if (rc == 0)
		state_account(st, uid);
	free(v);
	return rc;
}

/* ---- Drafts of open forms ---- */

/* The associated data of a draft: its row and its account. */
static size_t
draft_ad(const struct store *st, int64_t id, unsigned char *ad)
{
	memcpy(ad, "xf-draft", 8);
	memcpy(ad + 8, st->user, UID_LEN);
	store_u64be(ad + 8 + UID_LEN, (uint64_t)id);
	return 8 + UID_LEN + 8;
}

/*
 * Seal and keep a draft of the unlocked account: a new row if *id is 0
 * (its id returned in *id), else that row replaced. One statement, so
 * that it commits at once outside any record's transaction; a draft never
 * reaches the file in clear.
 */
int
store_draft_put(struct store *st, int64_t *id, const unsigned char *plain,
    size_t len, struct xf_err *err)
{
	unsigned char ad[8 + UID_LEN + 8];
	struct buf v = {0};
	sqlite3_stmt *s;
	int rc;

	if (*id == 0) {
		if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) + 1 "
		    "FROM draft", -1, &s, NULL) != SQLITE_OK)
			return db_error(st, err, "read drafts");
		*id = sqlite3_step(s) == SQLITE_ROW ?
		    sqlite3_column_int64(s, 0) : 1;
		sqlite3_finalize(s);
	}
	if (vault_draft_seal(st->vault, ad, draft_ad(st, *id, ad), plain, len,
	    &v) != 0)
		return xf_error(err, _("this account's keys were made by an "
		    "older xunfang and cannot keep drafts; change its passphrase "
		    "once to make new ones"));
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO draft(id, uid, "
	    "v) VALUES (?1, ?2, ?3)", -1, &s, NULL) != SQLITE_OK) {
		buf_free(&v);
		return db_error(st, err, "write a draft");
	}
	sqlite3_bind_int64(s, 1, *id);
	sqlite3_bind_blob(s, 2, st->user, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, v.data, (int)v.len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&v);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write a draft");
}

/* Each draft of the unlocked account that its key opens, oldest first;
 * fn gets its id and plain text (valid during the call). */
int
store_draft_scan(struct store *st, int (*fn)(void *, int64_t,
    const unsigned char *, size_t), void *arg, struct xf_err *err)
{
	unsigned char ad[8 + UID_LEN + 8], *plain;
	sqlite3_stmt *s;
	int rc = 0, step;

	if (sqlite3_prepare_v2(st->db, "SELECT id, v FROM draft WHERE uid = ?1 "
	    "ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read drafts");
	sqlite3_bind_blob(s, 1, st->user, UID_LEN, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);
		const unsigned char *v = sqlite3_column_blob(s, 1);

		if (len < VAULT_SEAL_OVERHEAD)
			continue;
		plain = xmalloc(len - VAULT_SEAL_OVERHEAD + 1);
		if (vault_draft_open(st->vault, ad, draft_ad(st, id, ad), v, len,
		    plain) == 0)
			rc = fn(arg, id, plain, len - VAULT_SEAL_OVERHEAD);
		vault_memzero(plain, len - VAULT_SEAL_OVERHEAD);
		free(plain);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Drop a draft of the unlocked account (saved or thrown away). */
int
store_draft_drop(struct store *st, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "DELETE FROM draft WHERE id = ?1 AND "
	    "uid = ?2", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "drop a draft");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, st->user, UID_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "drop a draft");
}
