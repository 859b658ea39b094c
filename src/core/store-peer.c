/*
 * Sync: enrolled peers, revocations, export scans, and what peers told in
 * their bundles.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

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
int
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

static int
seq_cmp(const void *a, const void *b)
{
	int64_t p = *(const int64_t *)a, q = *(const int64_t *)b;

	return p < q ? -1 : p > q;
}

/* Rows found for an export: their numbers, and the statements that find
 * them. */
struct seqs {
	sqlite3_stmt *range;	/* one device's rows of one kind */
	sqlite3_stmt *next;	/* the next kind a device wrote */
	sqlite3_stmt *rec;	/* one device's rows of one record */
	int64_t after, upto;
	store_want_cb want;
	void *warg;
	int64_t *seq;
	size_t n, cap;
};

/* Add the rows a stepped statement gives (seq, kind, rid) that want
 * takes. */
static int
seqs_add(struct seqs *q, sqlite3_stmt *s, const unsigned char *device)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (q->want != NULL && sqlite3_column_bytes(s, 2) == RID_LEN &&
		    !q->want(q->warg, sqlite3_column_int(s, 1),
		    sqlite3_column_blob(s, 2), device))
			continue;
		if (q->n == q->cap) {
			q->cap = q->cap ? q->cap * 2 : 1024;
			q->seq = xreallocarray(q->seq, q->cap, sizeof *q->seq);
		}
		q->seq[q->n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A device's rows of one kind in (after, upto]. */
static int
seqs_kind(struct seqs *q, const unsigned char *device, int kind)
{
	sqlite3_bind_blob(q->range, 1, device, VAULT_KEYID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(q->range, 2, kind);
	sqlite3_bind_int64(q->range, 3, q->after);
	sqlite3_bind_int64(q->range, 4, q->upto);
	return seqs_add(q, q->range, device);
}

/* Every row of a device in (after, upto]: a range per kind it wrote, the
 * kinds found one seek each. */
static int
seqs_device(struct seqs *q, const unsigned char *device)
{
	int64_t kind = -1;
	int rc;

	for (;;) {
		sqlite3_bind_blob(q->next, 1, device, VAULT_KEYID_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_int64(q->next, 2, kind);
		rc = sqlite3_step(q->next);
		if (rc != SQLITE_ROW ||
		    sqlite3_column_type(q->next, 0) == SQLITE_NULL)
			break;
		kind = sqlite3_column_int64(q->next, 0);
		sqlite3_reset(q->next);
		if (seqs_kind(q, device, (int)kind) != 0)
			return -1;
	}
	sqlite3_reset(q->next);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* A device's rows of the kinds and the records that by names, no
 * others. */
static int
seqs_by(struct seqs *q, const struct store_export_by *by)
{
	for (size_t i = 0; i < by->nkinds; i++)
		if (seqs_kind(q, by->device, by->kinds[i]) != 0)
			return -1;
	for (size_t i = 0; i < by->nrids; i++) {
		sqlite3_bind_blob(q->rec, 1, by->rids[i], RID_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_blob(q->rec, 2, by->device, VAULT_KEYID_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_int64(q->rec, 3, q->after);
		sqlite3_bind_int64(q->rec, 4, q->upto);
		if (seqs_add(q, q->rec, by->device) != 0)
			return -1;
	}
	return 0;
}

/* The rows in (after, upto] written by the devices, through the index on
 * (device, kind, seq) and, for the device by narrows, on record ids: no
 * row is read for a device that is not asked, and of those asked only
 * the clear kind and id, for want to choose by. Sorted, each once. */
static int
export_seqs(struct store *st, const unsigned char (*devices)[VAULT_KEYID_LEN],
    size_t ndevices, int64_t after, int64_t upto,
    const struct store_export_by *by, store_want_cb want, void *warg,
    int64_t **out, size_t *n, struct xf_err *err)
{
	struct seqs q = {NULL, NULL, NULL, after, upto, want, warg, NULL, 0,
	    0};
	size_t m = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT seq, kind, rid FROM version "
	    "INDEXED BY version_device WHERE device = ?1 AND kind = ?2 AND "
	    "seq > ?3 AND seq <= ?4", -1, &q.range, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT min(kind) FROM version "
	    "INDEXED BY version_device WHERE device = ?1 AND kind > ?2", -1,
	    &q.next, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT seq, kind, rid FROM version "
	    "INDEXED BY version_rid WHERE rid = ?1 AND device = ?2 AND "
	    "seq > ?3 AND seq <= ?4", -1, &q.rec, NULL) != SQLITE_OK)
		rc = -1;
	for (size_t d = 0; d < ndevices && rc == 0; d++)
		if (by != NULL && memcmp(devices[d], by->device,
		    VAULT_KEYID_LEN) == 0)
			rc = seqs_by(&q, by);
		else
			rc = seqs_device(&q, devices[d]);
	sqlite3_finalize(q.range);
	sqlite3_finalize(q.next);
	sqlite3_finalize(q.rec);
	if (rc != 0) {
		free(q.seq);
		return db_error(st, err, "read versions");
	}
	sort_n(q.seq, q.n, sizeof *q.seq, seq_cmp);
	for (size_t i = 0; i < q.n; i++)	/* found by kind and by record */
		if (m == 0 || q.seq[m - 1] != q.seq[i])
			q.seq[m++] = q.seq[i];
	*out = q.seq;
	*n = m;
	return 0;
}

/* Rows a peer may lack: after its acknowledgement, written by one of the
 * devices, neither written by the peer nor received from it. */
int
store_scan_export(struct store *st, const unsigned char *peer,
    const unsigned char (*devices)[VAULT_KEYID_LEN], size_t ndevices,
    int64_t after, int64_t upto, const struct store_export_by *by,
    store_want_cb want, void *warg, store_row_cb cb, void *arg,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int64_t *seq;
	size_t n;
	int rc = 0;

	if (export_seqs(st, devices, ndevices, after, upto, by, want, warg,
	    &seq, &n, err) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT " ROW_COLUMNS " FROM version v "
	    "WHERE seq = ?2 AND device != ?1 AND NOT EXISTS ("
	    "SELECT 1 FROM recv_range r WHERE r.peer = ?1 AND v.seq BETWEEN "
	    "r.lo AND r.hi)", -1, &s, NULL) != SQLITE_OK) {
		free(seq);
		return db_error(st, err, "prepare export");
	}
	sqlite3_bind_blob(s, 1, peer, VAULT_KEYID_LEN, SQLITE_STATIC);
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(s, 2, seq[i]);
		rc = scan(st, s, cb, arg, err);
	}
	sqlite3_finalize(s);
	free(seq);
	return rc;
}

static int
rid_cmp(const void *a, const void *b)
{
	return memcmp(a, b, RID_LEN);
}

int
store_rids_of(struct store *st,
    const unsigned char (*devices)[VAULT_KEYID_LEN], size_t ndevices,
    unsigned char (**out)[RID_LEN], size_t *n, struct xf_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0, m = 0;
	int rc = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT rid FROM version INDEXED BY "
	    "version_device WHERE device = ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare record ids");
	for (size_t d = 0; d < ndevices && rc == SQLITE_DONE; d++) {
		sqlite3_bind_blob(s, 1, devices[d], VAULT_KEYID_LEN,
		    SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (sqlite3_column_bytes(s, 0) != RID_LEN)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 1024;
				*out = xreallocarray(*out, cap, RID_LEN);
			}
			memcpy((*out)[(*n)++], sqlite3_column_blob(s, 0),
			    RID_LEN);
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_error(st, err, "read record ids");
	}
	if (*n > 1)
		qsort(*out, *n, RID_LEN, rid_cmp);
	for (size_t i = 0; i < *n; i++)
		if (m == 0 || memcmp((*out)[m - 1], (*out)[i], RID_LEN) != 0)
			memmove((*out)[m++], (*out)[i], RID_LEN);
	*n = m;
	return 0;
}

/* Note that rows up to upto went out in a bundle; inside the caller's
 * transaction. The mark only grows. */
int
store_note_sent(struct store *st, int64_t upto, struct xf_err *err)
{
	if (upto <= (int64_t)meta_u64(st, "sent_seq"))
		return 0;
	return meta_put_u64(st, "sent_seq", (uint64_t)upto, err);
}

/*
 * Whether a record has left this store: a row of it went out in a
 * bundle, or a version of it was written on another device (it came
 * here in one). Rows a peer acknowledged count as sent too, for a store
 * that exported before the mark was kept. The mark is a clear value:
 * someone who lowers it in the file spares an edit its question, no
 * more; the version and its audit entry are written as ever. 1 yes, 0
 * no, -1 error.
 */
int
store_record_exported(struct store *st, const unsigned char *rid,
    struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM version WHERE rid = ?1 "
	    "AND (seq <= max(?2, (SELECT coalesce(max(acked), 0) FROM peer)) "
	    "OR device != ?3) LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "prepare exported");
	sqlite3_bind_blob(s, 1, rid, RID_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)meta_u64(st, "sent_seq"));
	sqlite3_bind_blob(s, 3, store_device(st), VAULT_KEYID_LEN,
	    SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, err, "read exported");
	return rc == SQLITE_ROW;
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
