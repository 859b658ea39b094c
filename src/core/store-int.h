/*
 * What the parts of the store share and no other module sees: the store
 * and its sealed state, and the helpers each part calls. store.c opens,
 * migrates and scans; store-state.c keeps the sealed state and its set
 * hashes; store-account.c the accounts, roles, key epochs and lockout;
 * store-audit.c the audit rows; store-peer.c the enrolled peers and what
 * they told. Only these files speak SQL.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <sqlite3.h>

#include "store.h"

struct store {
	sqlite3 *db;
	char *path;
	int64_t busy_since;		/* ms: when this wait for the lock began */
	int busy_told;			/* the wait was announced */
	int readonly;			/* opened read-only: full or read-only
					 * disk */
	int audit_lost;			/* an audit entry could not be written */
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
	sqlite3_stmt *dayget, *dayput, *daydel, *days;
	sqlite3 *db2;			/* second reader for split scans */
	sqlite3_stmt *heads2[2];
	sqlite3_stmt *audit[3];		/* audit row, read and write head */
	struct state *state;		/* sealed state, once unlocked */
	struct day_cache *dayc;		/* day tags changed, unwritten */
	int state_dirty;		/* changed in this transaction */
	int puts;			/* versions put in this transaction */
	int sorted;			/* ... in record id order */
	struct vault *vault_before;	/* the keys before a new epoch, until
					 * its transaction commits */
};

/* ---- store.c: the file, its metadata and its scans ---- */

/* A transaction that puts this many versions is an import or a bulk
 * entry: its page cache grows to STORE_BULK_CACHE_KIB so that the random
 * inserts into the id indexes stay in memory instead of spilling, and
 * shrinks back when it ends. One that puts its versions in record id
 * order (an import) changes each page of the record id indexes once, in
 * a sweep; the cache it needs is for the index on version ids alone,
 * still random: STORE_SORTED_CACHE_KIB holds it up to about 2M
 * versions, and keeps the memory an import takes bounded. */
#define STORE_BULK_PUTS 2048
#define STORE_BULK_CACHE_KIB (256 * 1024)
#define STORE_SORTED_CACHE_KIB (64 * 1024)
/* Set the page cache to kib KiB; 0: back to the default once a bulk
 * transaction grew it. */
void bulk_cache(struct store *st, int kib);

#define ROW_COLUMNS "vid, rid, kind, hlc, device, author, parents, tomb, " \
	"head, body"

/* Say which step on the store failed and why; a full disk in plain words. */
int db_error(struct store *st, struct xf_err *err, const char *what);
/* Run SQL that returns no rows; -1 with the store's message. */
int exec(struct store *st, const char *sql, struct xf_err *err);
/* Prepare a statement; -1 with the store's message. */
int prepare(struct store *st, sqlite3_stmt **stmt, const char *sql,
    struct xf_err *err);
/* Set a meta value. */
int meta_put(struct store *st, const char *key, const void *v, size_t len,
    struct xf_err *err);
/* A meta value into out; 1 found, 0 absent, -1 error. */
int meta_get(struct store *st, const char *key, struct buf *out,
    struct xf_err *err);
/* A meta value stored as 8 bytes big-endian; 0 if absent. */
uint64_t meta_u64(struct store *st, const char *key);
/* Set a meta value as 8 bytes big-endian. */
int meta_put_u64(struct store *st, const char *key, uint64_t v,
    struct xf_err *err);
/* Seal a short secret value (a name) bound to a label. */
void seal_small(struct store *st, const char *label, const unsigned char *id,
    size_t idlen, const char *plain, struct buf *out);
/* Open what seal_small sealed; NULL if it does not open. */
char *open_small(struct store *st, const char *label, const unsigned char *id,
    size_t idlen, const unsigned char *sealed, size_t len);
/* One blob column of the keyring or of an account: 1 found, 0 none. */
int blob_get(sqlite3 *db, const char *sql, const unsigned char *uid,
    struct buf *out);
/* Say that the file was changed outside xunfang, what, and what to do
 * (NULL: restore the file or set the laptop up again). */
int altered_do(struct store *st, struct xf_err *err, const char *advice,
    const char *what, ...) __attribute__((format(printf, 4, 5)));
#define altered(st, err, ...) altered_do(st, err, NULL, __VA_ARGS__)
/* Look an account row up by name, for an unlock. */
int find_account(struct store *st, const char *user, sqlite3_stmt **s,
    struct xf_err *err);
/* Call cb for each row of a prepared scan of ROW_COLUMNS. */
int scan(struct store *st, sqlite3_stmt *s, store_row_cb cb, void *arg,
    struct xf_err *err);

/* ---- store-state.c: the sealed state ---- */

/* What an unlock hands the state's check: the wrap it opened. */
struct unlock_wrap {
	int version;
	int moved;		/* a grant moved the keys to a later epoch */
	const unsigned char *uid, *blob;
	size_t len;
	const char *pass;
	size_t passlen;
};
/* Version 2: the told set covers the accounts devices told, not only
 * the restricted keys peers told. Version 3: per kind, the set of the
 * per-day tags of current versions, and whether every day is filled. */
#define STATE_VERSION 3
#define STATE_KINDS 32
#define STATE_TAG 16
#define STATE_LEN_V2 (1 + 2 + VAULT_KEYID_LEN + VAULT_SALT_LEN + 32 + 8 + \
	8 + 8 + 8 + 32 + 2 * STATE_TAG + STATE_KINDS * STATE_TAG)
#define STATE_LEN (STATE_LEN_V2 + 1 + STATE_KINDS * STATE_TAG)

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
	unsigned char dayed;	/* every current version has its day */
	/* Per kind, the set hash of (day, tag of that day's current
	 * versions) over the rows of head_day. */
	unsigned char days[STATE_KINDS][STATE_TAG];
};

/* A table of what peers told, in the told set hash (see store-state.c). */
struct told_table {
	const char *set, *all, *one;
};
extern const struct told_table told_tables[];

/* The keyed member tag of a set hash: only unlocked keys compute it. */
void state_member(struct store *st, const char *set, int n,
    const unsigned char *id, size_t len, unsigned char out[STATE_TAG]);
/* Toggle a member in or out of a set hash. */
void state_xor(unsigned char *acc, const unsigned char tag[STATE_TAG]);
/* The sealed state's row through a connection: 1 found, 0 none, -1. */
int state_read_db(struct store *st, sqlite3 *db, struct buf *out);
/* The set hash of the revoked key ids as the file has them. */
void revoked_hash(struct store *st, unsigned char acc[STATE_TAG], uint64_t *n);
/* The set hash of what peers told, as the file has it. */
void rkeys_hash(struct store *st, unsigned char acc[STATE_TAG]);
/* Toggle one told row in or out of the set hash, as the file has it
 * now. */
void state_told(struct store *st, const struct told_table *t,
    const unsigned char *id);
#define state_rkey(st, keyid) state_told(st, &told_tables[0], keyid)
#define state_account(st, uid) state_told(st, &told_tables[1], uid)
/* The set hash of one kind's current versions as the file has them. */
int heads_hash(struct store *st, int kind, unsigned char acc[STATE_TAG]);
/* Seal the state of a store that had none: a new store, or one made
 * before the state was sealed (its first unlock trusts the file once). */
int state_create(struct store *st, struct xf_err *err);
/* Check the set hashes against the file with the current state key,
 * before the key changes. */
int state_sets_check(struct store *st, struct xf_err *err);
/* The unlock's check of the state, in a transaction of its own. */
int state_unlock(struct store *st, const struct unlock_wrap *w,
    struct xf_err *err);
/* Read the state afresh at the start of a write transaction (another
 * process may have written since); a locked store has none to keep. */
int state_begin(struct store *st, struct xf_err *err);
/* Save the state with the transaction that changed it. */
int state_commit(struct store *st, struct xf_err *err);
/* A version became, or stopped being, current: toggle it in its kind's
 * set hash. */
void state_head(struct store *st, int kind, const unsigned char *vid);
/* The same for the version's day: toggle it in head_day and the state. */
int state_day(struct store *st, int kind, const unsigned char *vid,
    int64_t day, struct xf_err *err);
/* Write the per-day tags changed in this transaction to head_day and
 * the state (done at commit, and before head_day is read). */
int state_days_flush(struct store *st, struct xf_err *err);
/* Forget them (the transaction rolled back). */
void state_days_drop(struct store *st);
/* Recompute every kind's per-day tags from the version rows' days (as
 * the file has them): with write, into head_day and the state; else
 * compare with the state. 0, or -1 (altered when comparing). */
int state_days_rebuild(struct store *st, int write, struct xf_err *err);
/* Days of a kind that have current versions, in order, with their tags. */
struct day_tags {
	int64_t *day;
	unsigned char (*tag)[STATE_TAG];
	size_t n;
};
/* The per-day tags of a kind as head_day has them, checked against the
 * sealed set (read in the caller's snapshot when fresh): those of the
 * days in [lo, hi] into out (free its arrays). */
int state_days_load(struct store *st, int kind, int64_t lo, int64_t hi,
    struct day_tags *out, int fresh, int *dayed, struct xf_err *err);
/* The member tag of one current version of a day. */
void state_day_member(struct store *st, int kind, const unsigned char *vid,
    int64_t day, unsigned char tag[STATE_TAG]);
/* A key id joined the revoked list. */
int state_revoked(struct store *st, const unsigned char *keyid);
/* Compare a full scan's set hash of current versions with the sealed one
 * (read in the scan's own snapshot). */
int state_heads_check(struct store *st, int kind, const unsigned char *acc,
    int fresh, struct xf_err *err);

/* ---- store-account.c: accounts, roles, key epochs, lockout ---- */

/* The role's name as the account table spells it. */
const char *role_name(int role);
/* The associated data of a wrap: account id and role, so neither can be
 * swapped in the file. */
size_t wrap_ad(unsigned char *out, const unsigned char *uid, const char *role);
/* Add the first account of a new store. */
int add_account(struct store *st, const char *name, const char *role,
    const char *pass, size_t passlen, const struct kdf_params *kdf,
    struct xf_err *err);
/* Store the restricted public key in clear at creation. */
int restricted_meta_init(struct store *st, struct xf_err *err);
/* Record a failed unlock (it cannot be signed yet) and count it towards
 * the lockout; 1 if this failure wiped the keys. */
int unlock_failed(struct store *st, const unsigned char *uid, int what);
/* Rewrap the unlocking account in the format that insists on a sealed
 * state, so that stripping the state later cannot pass for an old store. */
int rewrap(struct store *st, const unsigned char *uid, const unsigned char *old,
    size_t oldlen, const char *pass, size_t passlen, struct xf_err *err);
/* At unlock: take this account's grant of a later epoch, if any, then
 * the keys of the earlier epochs. 1 if the vault moved to a later epoch
 * (its wrap is then made again). */
int keys_unlock(struct store *st, const unsigned char *uid, struct xf_err *err);

/* ---- store-peer.c: enrolled peers ---- */

/* Seal every peer row as the file has it: once, when a store made before
 * peers were sealed is first unlocked (by an account that can tag keys). */
int peer_seal_all(struct store *st, struct xf_err *err);

#endif
