/*
 * The sealed state. Someone who can write the file but holds no passphrase
 * must not make xunfang act on altered clear values, so every clear value
 * a decision reads has a sealed copy here, under the master key: the
 * store's role, demo flag, key id, salt, restricted public key and lockout
 * threshold; the highest version row and, per kind, a keyed set hash of
 * the current versions (so a cleared or moved head flag, which hides a
 * record or rolls it back, is noticed by the next full list); per kind,
 * the set hash of the rows of head_day (see state_day); a set hash
 * of the revoked key ids; this device's audit head. It is read fresh in
 * every write transaction and written back at its commit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

static void accounts_hash(struct store *, unsigned char acc[16]);

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
	memcpy(p, s->heads, sizeof s->heads), p += sizeof s->heads;
	*p++ = s->dayed;
	memcpy(p, s->days, sizeof s->days);
}

/* Read a state back from its opened bytes: its version, -1 if it is not
 * one. */
static int
state_decode(struct state *s, const unsigned char *p)
{
	int version = *p++;

	if (version < 1 || version > STATE_VERSION)
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
	memcpy(s->heads, p, sizeof s->heads), p += sizeof s->heads;
	/* Sealed before the days were kept: none is filled yet. */
	s->dayed = 0;
	memset(s->days, 0, sizeof s->days);
	if (version >= 3) {
		s->dayed = *p++;
		memcpy(s->days, p, sizeof s->days);
	}
	return version;
}

/* The keyed member tag of a set hash: only unlocked keys compute it. */
void
state_member(struct store *st, const char *set, int n,
    const unsigned char *id, size_t len, unsigned char out[STATE_TAG])
{
	unsigned char msg[4 + VID_LEN + 8];

	if (len > VID_LEN + 8)
		len = VID_LEN + 8;
	msg[0] = (unsigned char)set[0];
	msg[1] = (unsigned char)set[1];
	msg[2] = (unsigned char)n;
	msg[3] = 0;
	memcpy(msg + 4, id, len);
	vault_state_member(st->vault, msg, 4 + len, out);
}

/* Toggle a member in or out of a set hash. */
void
state_xor(unsigned char *acc, const unsigned char tag[STATE_TAG])
{
	for (int i = 0; i < STATE_TAG; i++)
		acc[i] ^= tag[i];
}

/* The sealed state's row through a connection: 1 found, 0 none, -1. */
int
state_read_db(struct store *st, sqlite3 *db, struct buf *out)
{
	(void)st;
	return blob_get(db, "SELECT v FROM state WHERE id = 1", NULL, out);
}

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
	if (rc == 1 && ((b.len != STATE_LEN + VAULT_SEAL_OVERHEAD &&
	    b.len != STATE_LEN_V2 + VAULT_SEAL_OVERHEAD) ||
	    vault_open(st->vault, (const unsigned char *)"store-state", 11,
	    b.data, b.len, plain) != 0 || (version = state_decode(s,
	    plain)) < 0 || (version < 3) != (b.len != STATE_LEN +
	    VAULT_SEAL_OVERHEAD)))
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
void
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
const struct told_table told_tables[] = {
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
void
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
void
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

/* The set hash of one kind's current versions as the file has them. */
int
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
int
state_create(struct store *st, struct xf_err *err)
{
	struct state *s = xcalloc(1, sizeof *s);

	if (state_fresh(st, s, err) != 0) {
		free(s);
		return -1;
	}
	free(st->state);
	st->state = s;
	/* A store made before the days were kept has its days filled in
	 * from the records at its first report (store_days_fill). */
	s->dayed = version_max_seq(st) == 0;
	if (state_days_rebuild(st, 1, err) != 0 || peer_seal_all(st, err) != 0)
		return -1;
	return state_save(st, err);
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
int
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

/* The unlock's check of the state, in a transaction of its own. */
int
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
int
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
int
state_commit(struct store *st, struct xf_err *err)
{
	if (st->state == NULL || !st->state_dirty)
		return 0;
	if (state_days_flush(st, err) != 0)
		return -1;
	return state_save(st, err);
}

/* A version became, or stopped being, current: toggle it in its kind's
 * set hash. */
void
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
int
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

/*
 * The days. Reports select current versions by their clear day column,
 * so a day edited in the file could move a version out of a report's
 * period, and a head flag edited could hide or roll one back there.
 * Each (kind, day) has a row in head_day whose tag is the XOR of the
 * keyed members of (version id, day) of that day's current versions; a
 * report's scan of a period recomputes the tags of its days from the
 * rows it read and compares them. The rows of head_day are themselves
 * clear, so the state holds per kind the set hash of their (day, tag)
 * pairs, checked at each scan: a row removed, changed, or two days'
 * tags folded into one, changes it; a tag cannot be made up without the
 * keys. The scan also compares each decrypted day with the clear one.
 *
 * Why so: binding the day into a body's associated data alone would
 * notice a day changed only on the versions a report decrypts, not one
 * moved out of its period; sealed per-day counts would notice that but
 * not a head flag swapped for an older version of the same day; and
 * sealed per-day aggregates of each report's figures would have to be
 * kept at every write for every report and option (village, overdue
 * days). A tag per day costs one keyed hash per version written and,
 * per scan, one per day of the kind (a few thousand): at 1M versions a
 * four-week report reads in tens of milliseconds, as at 100k.
 */

/* The member tag of one current version of a day. */
void
state_day_member(struct store *st, int kind, const unsigned char *vid,
    int64_t day, unsigned char tag[STATE_TAG])
{
	unsigned char id[VID_LEN + 8];

	memcpy(id, vid, VID_LEN);
	store_u64be(id + VID_LEN, (uint64_t)day);
	state_member(st, "dy", kind, id, sizeof id, tag);
}

/* Whether a tag is all zero: a day with no current version. */
static int
tag_zero(const unsigned char *t)
{
	unsigned char z = 0;

	for (int i = 0; i < STATE_TAG; i++)
		z |= t[i];
	return z == 0;
}

/* Toggle a (day, tag) pair in or out of a kind's set of days. */
static void
days_toggle(struct store *st, int kind, int64_t day, const unsigned char *t,
    unsigned char acc[STATE_TAG])
{
	unsigned char id[8 + STATE_TAG], tag[STATE_TAG];

	if (tag_zero(t))
		return;
	store_u64be(id, (uint64_t)day);
	memcpy(id + 8, t, STATE_TAG);
	state_member(st, "dd", kind, id, sizeof id, tag);
	state_xor(acc, tag);
}

/* Write one day's tag, or remove its row when the day is empty. */
static int
day_put(struct store *st, int kind, int64_t day, const unsigned char *t,
    struct xf_err *err)
{
	sqlite3_stmt **s = tag_zero(t) ? &st->daydel : &st->dayput;
	int rc;

	if (prepare(st, s, tag_zero(t) ? "DELETE FROM head_day WHERE kind = ?1 "
	    "AND day = ?2" : "INSERT OR REPLACE INTO head_day(kind, day, tag) "
	    "VALUES (?1, ?2, ?3)", err) != 0)
		return -1;
	sqlite3_bind_int(*s, 1, kind);
	sqlite3_bind_int64(*s, 2, (sqlite3_int64)day);
	if (!tag_zero(t))
		sqlite3_bind_blob(*s, 3, t, STATE_TAG, SQLITE_STATIC);
	rc = sqlite3_step(*s);
	sqlite3_reset(*s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write days");
}

/* The per-day tags a write transaction changed: each day's tag as
 * head_day has it and as it is now, written together at commit, so a
 * bulk import reads and writes each day's row once. */
struct day_entry {
	int kind, used;
	int64_t day;
	unsigned char old[STATE_TAG], now[STATE_TAG];
};

struct day_cache {
	struct day_entry *e;
	size_t cap, n;		/* cap: a power of two, n <= cap / 2 */
};

/* The slot of (kind, day) in a table of cap slots. */
static size_t
day_slot(const struct day_entry *e, size_t cap, int kind, int64_t day)
{
	uint64_t h = ((uint64_t)day * 0x9E3779B97F4A7C15ULL) ^
	    ((uint64_t)kind * 0xC2B2AE3D27D4EB4FULL);
	size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);

	while (e[i].used && (e[i].kind != kind || e[i].day != day))
		i = (i + 1) & (cap - 1);
	return i;
}

/* Make room for one more entry. */
static void
day_grow(struct day_cache *c)
{
	struct day_entry *old = c->e;
	size_t cap = c->cap;

	if (c->e != NULL && (c->n + 1) * 2 <= c->cap)
		return;
	c->cap = cap ? cap * 2 : 256;
	c->e = xcalloc(c->cap, sizeof *c->e);
	for (size_t i = 0; i < cap; i++)
		if (old[i].used)
			c->e[day_slot(c->e, c->cap, old[i].kind,
			    old[i].day)] = old[i];
	free(old);
}

/* A version became, or stopped being, current on its day. */
int
state_day(struct store *st, int kind, const unsigned char *vid, int64_t day,
    struct xf_err *err)
{
	unsigned char tag[STATE_TAG];
	struct day_entry *e;
	size_t i;

	if (st->state == NULL || kind < 0 || kind >= STATE_KINDS)
		return 0;
	if (st->dayc == NULL)
		st->dayc = xcalloc(1, sizeof *st->dayc);
	day_grow(st->dayc);
	i = day_slot(st->dayc->e, st->dayc->cap, kind, day);
	e = &st->dayc->e[i];
	if (!e->used) {
		int rc;

		memset(e->old, 0, sizeof e->old);
		if (prepare(st, &st->dayget, "SELECT tag FROM head_day WHERE "
		    "kind = ?1 AND day = ?2", err) != 0)
			return -1;
		sqlite3_bind_int(st->dayget, 1, kind);
		sqlite3_bind_int64(st->dayget, 2, (sqlite3_int64)day);
		rc = sqlite3_step(st->dayget);
		if (rc == SQLITE_ROW && sqlite3_column_bytes(st->dayget, 0) ==
		    STATE_TAG)
			memcpy(e->old, sqlite3_column_blob(st->dayget, 0),
			    STATE_TAG);
		sqlite3_reset(st->dayget);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(st, err, "read days");
		e->used = 1;
		e->kind = kind;
		e->day = day;
		memcpy(e->now, e->old, sizeof e->now);
		st->dayc->n++;
	}
	state_day_member(st, kind, vid, day, tag);
	state_xor(e->now, tag);
	st->state_dirty = 1;
	return 0;
}

void
state_days_drop(struct store *st)
{
	if (st->dayc == NULL)
		return;
	free(st->dayc->e);
	free(st->dayc);
	st->dayc = NULL;
}

int
state_days_flush(struct store *st, struct xf_err *err)
{
	struct day_cache *c = st->dayc;
	int rc = 0;

	if (c == NULL || st->state == NULL)
		return 0;
	for (size_t i = 0; rc == 0 && i < c->cap; i++) {
		struct day_entry *e = &c->e[i];

		if (!e->used || memcmp(e->old, e->now, STATE_TAG) == 0)
			continue;
		days_toggle(st, e->kind, e->day, e->old,
		    st->state->days[e->kind]);
		days_toggle(st, e->kind, e->day, e->now,
		    st->state->days[e->kind]);
		rc = day_put(st, e->kind, e->day, e->now, err);
	}
	state_days_drop(st);
	return rc;
}

/* Recompute the per-day tags from the version rows' days. */
int
state_days_rebuild(struct store *st, int write, struct xf_err *err)
{
	unsigned char (*total)[STATE_TAG] = xcalloc(STATE_KINDS, STATE_TAG);
	unsigned char cur[STATE_TAG];
	sqlite3_stmt *s;
	int kind = -1, rc = 0, r;
	int64_t day = 0;

	if (state_days_flush(st, err) != 0 ||
	    (write && exec(st, "DELETE FROM head_day", err) != 0)) {
		free(total);
		return -1;
	}
	if (sqlite3_prepare_v2(st->db, "SELECT kind, day, vid FROM version "
	    "INDEXED BY version_day WHERE head = 1 AND day IS NOT NULL "
	    "ORDER BY kind, day", -1, &s, NULL) != SQLITE_OK) {
		free(total);
		return db_error(st, err, "read days");
	}
	memset(cur, 0, sizeof cur);
	for (;;) {
		unsigned char tag[STATE_TAG];
		int k = -1;
		int64_t d = 0;

		r = sqlite3_step(s);
		if (r == SQLITE_ROW) {
			k = sqlite3_column_int(s, 0);
			d = sqlite3_column_int64(s, 1);
		}
		if (kind >= 0 && (r != SQLITE_ROW || k != kind || d != day)) {
			days_toggle(st, kind, day, cur, total[kind]);
			if (write && rc == 0)
				rc = day_put(st, kind, day, cur, err);
			memset(cur, 0, sizeof cur);
		}
		if (r != SQLITE_ROW)
			break;
		kind = k, day = d;
		if (k < 0 || k >= STATE_KINDS ||
		    sqlite3_column_bytes(s, 2) != VID_LEN) {
			kind = -1;
			continue;
		}
		state_day_member(st, k, sqlite3_column_blob(s, 2), d, tag);
		state_xor(cur, tag);
	}
	sqlite3_finalize(s);
	if (rc == 0 && r != SQLITE_DONE)
		rc = db_error(st, err, "read days");
	if (rc == 0 && write) {
		memcpy(st->state->days, total, STATE_KINDS * STATE_TAG);
		st->state_dirty = 1;
	} else if (rc == 0 && memcmp(st->state->days, total, STATE_KINDS *
	    STATE_TAG) != 0)
		rc = altered(st, err, _("its table of the days of current "
		    "versions"));
	free(total);
	return rc;
}

/* One kind's rows of head_day, checked against the sealed set. */
int
state_days_load(struct store *st, int kind, int64_t lo, int64_t hi,
    struct day_tags *out, int fresh, int *dayed, struct xf_err *err)
{
	struct state s, *want = st->state;
	unsigned char acc[STATE_TAG];
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	*dayed = 0;
	if (st->state == NULL || kind < 0 || kind >= STATE_KINDS)
		return 0;
	if (fresh) {
		if (state_load(st, &s, err) != 1)
			return -1;
		want = &s;
	}
	if (!(*dayed = want->dayed))
		return 0;
	if (prepare(st, &st->days, "SELECT day, tag FROM head_day WHERE "
	    "kind = ?1 ORDER BY day", err) != 0)
		return -1;
	sqlite3_bind_int(st->days, 1, kind);
	memset(acc, 0, sizeof acc);
	while ((rc = sqlite3_step(st->days)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st->days, 0);
		const unsigned char *t = sqlite3_column_blob(st->days, 1);

		if (sqlite3_column_bytes(st->days, 1) != STATE_TAG)
			break;
		days_toggle(st, kind, d, t, acc);
		if (d < lo || d > hi)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->day = xreallocarray(out->day, cap,
			    sizeof *out->day);
			out->tag = xreallocarray(out->tag, cap, STATE_TAG);
		}
		out->day[out->n] = d;
		memcpy(out->tag[out->n++], t, STATE_TAG);
	}
	sqlite3_reset(st->days);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(st, err, "read days");
	if (rc == SQLITE_ROW || memcmp(acc, want->days[kind], STATE_TAG) != 0)
		return altered(st, err, _("its table of the days of current "
		    "versions"));
	return 0;
}

/* Compare a full scan's set hash of current versions with the sealed one
 * (read in the scan's own snapshot). */
int
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
