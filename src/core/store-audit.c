/*
 * The audit trail's rows: signed entries per device, the sealed head of
 * each chain, and what peers acknowledged of it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "audit.h"

#define AUDIT_HEAD_LEN (32 + 8 + 32)

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
