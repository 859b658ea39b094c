/*
 * The store: a SQLite file in WAL mode holding record versions with sealed
 * bodies, the accounts with their key wraps, and a little metadata. This
 * file opens, creates and closes it, migrates its schema, keeps its
 * metadata, transactions and clock, and writes and scans versions; the
 * sealed state, accounts, audit rows and peers have files of their own
 * beside it (store-int.h), and only these files speak SQL.
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
#include <time.h>

#include <sqlite3.h>

#include "store-int.h"
#include "bench.h"
#include "audit.h"

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
	/* Reports read their period alone: each current version's own day
	 * (a patrol's start, a visit's time, a dispute's report; filled at
	 * the first unlock for versions written before), and per kind and
	 * day a keyed tag of the current versions of that day, whose set
	 * the sealed state holds (see store-state.c). */
	"ALTER TABLE version ADD COLUMN day INTEGER;"
	"CREATE INDEX version_day ON version(kind, day) WHERE head = 1;"
	"CREATE TABLE head_day(kind INTEGER NOT NULL, day INTEGER NOT NULL,"
	" tag BLOB NOT NULL, PRIMARY KEY (kind, day)) WITHOUT ROWID;",
	/* Exports find what each device wrote since a row by index. */
	"CREATE INDEX version_device ON version(device, seq);",
	/* And a station what it wrote of some kinds (its own rows of other
	 * kinds go to a device only for records of its village). */
	"DROP INDEX version_device;"
	"CREATE INDEX version_device ON version(device, kind, seq);",
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
int
db_error(struct store *st, struct xf_err *err, const char *what)
{
	int code = sqlite3_errcode(st->db);

	if (st->readonly == STORE_RO_FULL)
		return xf_errorc(err, XF_E_FULL, _("store %s: the disk is full "
		    "(%s failed): the records can still be read, listed, "
		    "reported on and exported to another disk, but nothing can "
		    "be recorded; free some space on it"), st->path, what);
	if (st->readonly)
		return xf_errorc(err, XF_E_FULL, _("store %s is on read-only "
		    "media or in a folder xunfang may not write (%s failed): "
		    "the records can still be read, listed, reported on and "
		    "exported to another disk, but nothing can be recorded; "
		    "copy it to a writable disk"), st->path, what);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return xf_errorc(err, XF_E_BUSY, _("store %s is busy: another "
		    "xunfang has been writing to it for %d minutes (importing "
		    "a large bundle?); try again when it has finished, nothing "
		    "was changed"), st->path, (int)(STORE_BUSY_WAIT_MS / 60000));
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

int
exec(struct store *st, const char *sql, struct xf_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (disk_full(st) || st->readonly) {
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

int
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

int
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
int
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

uint64_t
meta_u64(struct store *st, const char *key)
{
	struct buf b = {0};
	uint64_t v = 0;

	if (meta_get(st, key, &b, NULL) == 1 && b.len == 8)
		v = load_u64be(b.data);
	buf_free(&b);
	return v;
}

int
meta_put_u64(struct store *st, const char *key, uint64_t v,
    struct xf_err *err)
{
	unsigned char p[8];

	store_u64be(p, v);
	return meta_put(st, key, p, 8, err);
}

/* Seal a short secret value (a name) bound to a label. */
void
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

char *
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
 * Another xunfang writing to the store (an import of a large bundle holds
 * the lock for a while) is waited for, up to STORE_BUSY_WAIT_MS; after a
 * second the wait is announced through the notice hook (the command line
 * says so on standard error, the terminal interface on its status line),
 * so that a busy store never looks like a failure.
 */
static void (*busy_notice)(void *);
static void *busy_arg;

void
store_busy_notice(void (*fn)(void *), void *arg)
{
	busy_notice = fn;
	busy_arg = arg;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
busy_wait(void *arg, int count)
{
	struct store *st = arg;
	struct timespec nap = {0, 50 * 1000 * 1000};
	int64_t now = mono_ms();

	if (count == 0) {
		st->busy_since = now;
		st->busy_told = 0;
	}
	if (now - st->busy_since >= STORE_BUSY_WAIT_MS)
		return 0;
	if (now - st->busy_since >= 1000 && !st->busy_told) {
		st->busy_told = 1;
		if (busy_notice != NULL)
			busy_notice(busy_arg);
	}
	nanosleep(&nap, NULL);
	return 1;
}

static void
apply_pragmas(struct store *st)
{
	sqlite3_exec(st->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
	sqlite3_busy_handler(st->db, busy_wait, st);
}

static void
store_free(struct store *st)
{
	sqlite3_stmt *stmts[] = {st->ins, st->unhead, st->children, st->heads,
	    st->record, st->raw, st->dayget, st->dayput, st->daydel,
	    st->days};

	for (size_t i = 0; i < XF_ARRAY_LEN(stmts); i++)
		sqlite3_finalize(stmts[i]);
	sqlite3_finalize(st->heads2[0]);
	sqlite3_finalize(st->heads2[1]);
	state_days_drop(st);
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

/* A path as the file name of an SQLite URI: %, ? and # escaped. */
static char *
uri_path(const char *path)
{
	struct buf b = {0};

	char *s;

	for (const char *p = path; *p != '\0'; p++)
		if (*p == '%' || *p == '?' || *p == '#')
			buf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&b, *p);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * The store cannot be opened for writing (a full disk, a read-only mount,
 * a folder or file without write permission): open it read-only, so that
 * it can still be read, reported on and exported to another disk. When
 * the WAL index cannot be made beside it either, and no WAL holds
 * commits not yet in the file, open it as immutable.
 */
static int
open_readonly(struct store *st, int full)
{
	char *u = uri_path(st->path), *uri, *wal;
	struct stat sb;
	struct buf b = {0};
	int rc;

	if (st->db != NULL)
		sqlite3_close(st->db);
	st->db = NULL;
	uri = xasprintf("file:%s?mode=ro", u);
	rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_busy_handler(st->db, busy_wait, st);
		rc = meta_get(st, "format", &b, NULL) == 1 ? SQLITE_OK : -1;
	}
	wal = xasprintf("%s-wal", st->path);
	if (rc != SQLITE_OK && (stat(wal, &sb) != 0 || sb.st_size == 0)) {
		if (st->db != NULL)
			sqlite3_close(st->db);
		st->db = NULL;
		uri = xasprintf("file:%s?mode=ro&immutable=1", u);
		rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			rc = meta_get(st, "format", &b, NULL) == 1 ? SQLITE_OK :
			    -1;
	}
	free(wal);
	free(u);
	buf_free(&b);
	st->readonly = rc != SQLITE_OK ? 0 : full ? STORE_RO_FULL :
	    STORE_RO_MEDIA;
	return st->readonly ? 0 : -1;
}

/* Whether the store was opened read-only (a full or read-only disk). */
int
store_readonly(const struct store *st)
{
	return st->readonly;
}

/* Whether an audit entry could not be written (a full or read-only
 * disk): the command says so. */
int
store_audit_lost(const struct store *st)
{
	return st->audit_lost;
}

void
store_audit_lost_set(struct store *st)
{
	st->audit_lost = 1;
}

/* Open an existing store (locked: no keys yet). */
int
store_open(const char *path, struct store **out, struct xf_err *err)
{
	struct store *st;
	struct buf b = {0};
	struct stat sb;
	int got = -1;

	if (stat(path, &sb) != 0)
		return xf_errorc(err, XF_E_NOTFOUND, _("no store at %s: "
		    "create one with `xunfang init`, or name another with "
		    "--db"), path);
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK) {
		apply_pragmas(st);
		got = meta_get(st, "format", &b, err);
	}
	if (got < 0 && (st->db == NULL || disk_trouble(st)) &&
	    open_readonly(st, st->db != NULL && disk_full(st)) == 0) {
		b.len = 0;
		got = meta_get(st, "format", &b, err);
	}
	/* SQLite opens a file it may not write read-only on its own. */
	if (got == 1 && !st->readonly &&
	    sqlite3_db_readonly(st->db, "main") == 1)
		st->readonly = STORE_RO_MEDIA;
	if (got != 1 || b.len != 15 ||
	    memcmp(b.data, "xunfang-store-1", 15) != 0) {
		buf_free(&b);
		if (got >= 0 || st->db == NULL || !disk_trouble(st))
			xf_errorc(err, XF_E_IO, _("%s is not a xunfang store "
			    "(or it is damaged)"), path);
		else
			xf_errorc(err, XF_E_IO, _("cannot open store %s: %s; "
			    "check that its folder and file can be read"),
			    path, sqlite3_errmsg(st->db));
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

int
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

/* Set the page cache to kib KiB; 0: back to SQLite's default, once a
 * bulk transaction grew it. */
void
bulk_cache(struct store *st, int kib)
{
	char sql[64];

	if (kib == 0 && st->puts < STORE_BULK_PUTS) {
		st->puts = st->sorted = 0;
		return;
	}
	if (kib == 0)
		st->puts = st->sorted = 0;
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d",
	    kib ? -kib : -2000);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

void
store_bulk_sorted(struct store *st)
{
	st->sorted = 1;
}

static int commit(struct store *, struct xf_err *);

/* Commit, saving the clock with the data it stamped. */
int
store_commit(struct store *st, struct xf_err *err)
{
	int rc;

	rc = commit(st, err);
	bulk_cache(st, 0);
	return rc;
}

/* The commit itself. */
static int
commit(struct store *st, struct xf_err *err)
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
	bulk_cache(st, 0);
	st->hlc_saved = meta_u64(st, "hlc");
	st->state_dirty = 0;
	state_days_drop(st);
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
		    "WHERE vid = ?1 AND rid = ?2 AND head = 1 RETURNING kind, "
		    "day", err) != 0)
			return -1;
		sqlite3_bind_blob(st->unhead, 1, v->parents[i], VID_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_blob(st->unhead, 2, v->rid, RID_LEN,
		    SQLITE_STATIC);
		while ((rc = sqlite3_step(st->unhead)) == SQLITE_ROW) {
			int kind = sqlite3_column_int(st->unhead, 0);

			state_head(st, kind, v->parents[i]);
			if (sqlite3_column_type(st->unhead, 1) !=
			    SQLITE_NULL && state_day(st, kind, v->parents[i],
			    sqlite3_column_int64(st->unhead, 1), err) != 0) {
				sqlite3_reset(st->unhead);
				return -1;
			}
		}
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
    const unsigned char *sealed, size_t len, int64_t day, int maybe_parent,
    struct xf_err *err)
{
	int child = 0, rc;

	if (++st->puts == STORE_BULK_PUTS)
		bulk_cache(st, st->sorted ? STORE_SORTED_CACHE_KIB :
		    STORE_BULK_CACHE_KIB);
	if (maybe_parent && (child = has_child(st, v, err)) < 0)
		return -1;
	if (prepare(st, &st->ins, "INSERT OR IGNORE INTO version(vid, rid, "
	    "kind, hlc, device, author, parents, tomb, head, body, day) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err) != 0)
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
	if (day != STORE_NO_DAY)
		sqlite3_bind_int64(st->ins, 11, (sqlite3_int64)day);
	else
		sqlite3_bind_null(st->ins, 11);
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
	if (!child) {
		state_head(st, v->kind, v->vid);
		if (day != STORE_NO_DAY && state_day(st, v->kind, v->vid, day,
		    err) != 0)
			return -1;
	}
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

int
scan(struct store *st, sqlite3_stmt *s, store_row_cb cb, void *arg,
    struct xf_err *err)
{
	return scan_hashed(st, s, 0, NULL, cb, arg, err);
}

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

/* The first and last day of a kind's current versions. */
int
store_days_range(struct store *st, int kind, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT min(day), max(day) FROM "
	    "head_day WHERE kind = ?1", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int(s, 1, kind);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*lo = sqlite3_column_int64(s, 0);
		*hi = sqlite3_column_int64(s, 1);
		found = 1;
	}
	sqlite3_finalize(s);
	return found;
}

/* Whether every current version has its day. */
int
store_days_ready(struct store *st)
{
	return st->state != NULL && st->state->dayed;
}

/* Fill in the days of the current versions, then seal their tags. */
int
store_days_fill(struct store *st, const unsigned char (*vids)[VID_LEN],
    const int64_t *days, size_t n, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (store_begin(st, err) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "UPDATE version SET day = ?2 WHERE "
	    "vid = ?1 AND head = 1", -1, &s, NULL) != SQLITE_OK) {
		store_rollback(st);
		return db_error(st, err, "prepare days");
	}
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_blob(s, 1, vids[i], VID_LEN, SQLITE_STATIC);
		if (days[i] == STORE_NO_DAY)
			sqlite3_bind_null(s, 2);
		else
			sqlite3_bind_int64(s, 2, (sqlite3_int64)days[i]);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_error(st, err, "write days");
		store_rollback(st);
		return -1;
	}
	if (state_days_rebuild(st, 1, err) != 0) {
		store_rollback(st);
		return -1;
	}
	st->state->dayed = 1;
	st->state_dirty = 1;
	return store_commit(st, err);
}

/* A version's sealed day is not its clear one. */
int
store_days_altered(struct store *st, struct xf_err *err)
{
	return altered(st, err, _("the day of a record's current version"));
}

/*
 * Call cb for the head versions of a kind whose day is in [lo, hi]. The
 * index gives their row numbers, and the rows are read in table order
 * (a scan of the (kind, rid) index jumps across the file). Each day's tag
 * computed from the rows read must equal the one in head_day, whose set
 * is sealed: see store-state.c.
 */
int
store_scan_days(struct store *st, int kind, int64_t lo, int64_t hi,
    store_row_cb cb, void *arg, struct xf_err *err)
{
	struct day_tags want;
	unsigned char (*got)[STATE_TAG] = NULL, tag[STATE_TAG];
	sqlite3_stmt *s = NULL;
	int began, rc, r = SQLITE_DONE, dayed = 0, stray = 0;

	if (st->state == NULL || !st->state->dayed)
		return 1;
	if (!sqlite3_get_autocommit(st->db) && state_days_flush(st, err) != 0)
		return -1;
	began = scan_begin(st, st->db);
	rc = state_days_load(st, kind, lo, hi, &want, began, &dayed, err);
	got = xcalloc(want.n + 1, STATE_TAG);
	if (rc == 0 && !dayed)
		rc = 1;
	if (rc == 0 && sqlite3_prepare_v2(st->db, "SELECT " ROW_COLUMNS
	    ", day FROM version WHERE seq IN (SELECT seq FROM version "
	    "INDEXED BY version_day WHERE kind = ?1 AND head = 1 AND day "
	    "BETWEEN ?2 AND ?3) ORDER BY seq", -1, &s, NULL) != SQLITE_OK)
		rc = db_error(st, err, "prepare days");
	if (rc == 0) {
		struct store_row row;

		sqlite3_bind_int(s, 1, kind);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)lo);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)hi);
		while (rc == 0 && !stray &&
		    (r = sqlite3_step(s)) == SQLITE_ROW) {
			size_t a = 0, b = want.n;

			if (sqlite3_column_bytes(s, 0) != VID_LEN ||
			    sqlite3_column_bytes(s, 1) != RID_LEN ||
			    sqlite3_column_bytes(s, 4) != VAULT_KEYID_LEN ||
			    sqlite3_column_bytes(s, 5) != UID_LEN) {
				rc = xf_error(err, _("store %s: a version row "
				    "has damaged ids; run PRAGMA "
				    "integrity_check"), st->path);
				break;
			}
			row_from(s, &row);
			row.day = sqlite3_column_int64(s, 10);
			while (a < b) {
				size_t m = a + (b - a) / 2;

				if (want.day[m] < row.day)
					a = m + 1;
				else
					b = m;
			}
			/* A day head_day does not have: moved there. */
			if (row.v.kind != kind || a == want.n ||
			    want.day[a] != row.day) {
				stray = 1;
				break;
			}
			state_day_member(st, kind, row.v.vid, row.day, tag);
			state_xor(got[a], tag);
			if (cb(arg, &row) != 0)
				rc = -1;
		}
		if (rc == 0 && !stray && r != SQLITE_DONE)
			rc = db_error(st, err, "read versions");
	}
	sqlite3_finalize(s);
	if (rc == 0 && (stray || (want.n > 0 && memcmp(want.tag, got,
	    want.n * STATE_TAG) != 0)))
		rc = altered(st, err, _("a day of its current versions (a "
		    "version was moved out of a period, hidden or rolled "
		    "back)"));
	scan_end(st->db, began);
	free(want.day);
	free(want.tag);
	free(got);
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
store_scan_heads_page(struct store *st, int kind, struct store_page *pg,
    int limit, store_row_cb cb, void *arg, struct xf_err *err)
{
	unsigned char tag[STATE_TAG];
	sqlite3_stmt *s;
	struct store_row r;
	int rc, n = 0;

	if (pg->done)
		return 1;
	if (sqlite3_prepare_v2(st->db, "SELECT " ROW_COLUMNS " FROM version "
	    "INDEXED BY version_recent WHERE kind = ?1 AND head = 1 AND "
	    "hlc < ?2 ORDER BY hlc DESC", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare a page of heads");
	sqlite3_bind_int(s, 1, kind);
	sqlite3_bind_int64(s, 2, pg->started ? (sqlite3_int64)pg->before :
	    INT64_MAX);
	pg->started = 1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != VID_LEN ||
		    sqlite3_column_bytes(s, 1) != RID_LEN ||
		    sqlite3_column_bytes(s, 4) != VAULT_KEYID_LEN ||
		    sqlite3_column_bytes(s, 5) != UID_LEN) {
			sqlite3_finalize(s);
			return xf_error(err, _("store %s: a version row has "
			    "damaged ids; run PRAGMA integrity_check"),
			    st->path);
		}
		row_from(s, &r);
		/* A page ends between two clocks, never inside one. */
		if (n >= limit && r.v.hlc != pg->before)
			break;
		state_member(st, "hd", kind, r.v.vid, VID_LEN, tag);
		state_xor(pg->acc, tag);
		pg->before = r.v.hlc;
		pg->rows++;
		n++;
		if (cb(arg, &r) != 0) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, err, "read a page of heads");
	if (rc == SQLITE_DONE)
		pg->done = 1;
	return pg->done;
}

int
store_page_check(struct store *st, int kind, const struct store_page *pg,
    struct xf_err *err)
{
	return state_heads_check(st, kind, pg->acc, 1, err);
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

/* The value of one hex digit (the caller checked it is one). */
static int
nibble(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Resolve a full id or a unique prefix of at least 4 hex digits. A
 * prefix is the range of ids [prefix 00..., prefix ff...] on the id
 * index, so the lookup costs the same in a store of any size. */
int
store_find_record(struct store *st, const char *hex, unsigned char *rid,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	unsigned char lo[RID_LEN], hi[RID_LEN];
	size_t n = strlen(hex);
	int found = 0;

	if (n < 4 || n > 32 || strspn(hex, "0123456789abcdefABCDEF") != n)
		return xf_error(err, _("'%s' is not a record id: give at least "
		    "4 hex digits of an id that `xunfang list` shows"), hex);
	memset(lo, 0x00, sizeof lo);
	memset(hi, 0xff, sizeof hi);
	for (size_t i = 0; i < n; i++) {
		int v = nibble(hex[i]);

		if (i % 2 == 0) {
			lo[i / 2] = (unsigned char)(v << 4);
			hi[i / 2] = (unsigned char)(v << 4 | 0x0f);
		} else {
			lo[i / 2] |= (unsigned char)v;
			hi[i / 2] = (unsigned char)((hi[i / 2] & 0xf0) | v);
		}
	}
	if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT rid FROM version "
	    "INDEXED BY version_rid WHERE rid BETWEEN ?1 AND ?2 "
	    "AND length(rid) = 16 LIMIT 2", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "find record");
	sqlite3_bind_blob(s, 1, lo, RID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, hi, RID_LEN, SQLITE_STATIC);
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

/* Say that the file was changed outside xunfang, what, and what to do
 * (NULL: restore the file or set the laptop up again). */
int __attribute__((format(printf, 4, 5)))
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

/* One blob column of the keyring or of an account: 1 found, 0 none. */
int
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
