/*
 * Accounts and roles: account management, the restricted key's public
 * halves, key epochs and their grants, failed unlocks and lockout.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "audit.h"

static int store_rotate(struct store *, const unsigned char *skip,
    struct xf_err *);

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

const char *
role_name(int role)
{
	return role == ROLE_STATION ? "station" : "device";
}

/* The associated data of a wrap: account id and role, so neither can be
 * swapped in the file. */
size_t
wrap_ad(unsigned char *out, const unsigned char *uid, const char *role)
{
	size_t n = strlen(role);

	memcpy(out, uid, UID_LEN);
	memcpy(out + UID_LEN, role, n);
	return UID_LEN + n;
}

int
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

/* Store the restricted public key in clear at creation. */
int
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
int
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

/* Rewrap the unlocking account in the format that insists on a sealed
 * state, so that stripping the state later cannot pass for an old store. */
int
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

/* At unlock: take this account's grant of a later epoch, if any, then
 * the keys of the earlier epochs. 1 if the vault moved to a later epoch
 * (its wrap is then made again). */
int
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
	if (state_sets_check(st, err) != 0 ||
	    state_days_rebuild(st, 0, err) != 0 ||
	    grantees(st, skip, &g, err) != 0 ||
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
	if (rc == 0)
		rc = state_days_rebuild(st, 1, err);
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
