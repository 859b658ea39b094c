/*
 * The audit trail. Each entry names its device, its number in that device's
 * chain, the hash of the entry before it, time, user, action and target; it
 * is hashed into the next entry and signed with the device's Ed25519 key.
 * The chain's head (last number and hash, and the signing key) is kept
 * sealed with the master key, so removing the newest entries shows too.
 *
 * A failed unlock happens before any key is at hand, so it cannot be
 * signed then: it is kept as a pending row and signed into the chain, with
 * its own time, at the next good unlock. Someone who can write the file
 * could drop pending rows before that; nothing without the passphrase can
 * stop that, and a key stored without it would sign just as well for them.
 */
#include "config.h"

#include <string.h>

#include "audit.h"

#define AUDIT_FORMAT 1
#define EXPORT_FORMAT 1

static const char *const action_names[] = {
	NULL, N_("record created"), N_("record edited"), N_("record deleted"),
	N_("bundle exported"), N_("bundle imported"), N_("unlocked"),
	N_("wrong passphrase"), N_("disabled account tried to unlock"),
	N_("account added"), N_("account disabled"), N_("passphrase changed"),
	N_("lockout set"), N_("records created in a batch"),
};

/* The English name of an action (translate with _()). */
const char *
audit_action_name(int action)
{
	if (action < 1 || action > AUDIT_ACTION_MAX)
		return N_("unknown action");
	return action_names[action];
}

/* Lay an entry out in its signed form. */
static void
entry_encode(const struct audit_entry *e, unsigned char *p)
{
	*p++ = AUDIT_FORMAT;
	memcpy(p, e->device, VAULT_KEYID_LEN), p += VAULT_KEYID_LEN;
	store_u64be(p, e->n), p += 8;
	memcpy(p, e->prev, 32), p += 32;
	store_u64be(p, (uint64_t)e->time), p += 8;
	memcpy(p, e->user, UID_LEN), p += UID_LEN;
	*p++ = (unsigned char)e->action;
	*p++ = (unsigned char)e->kind;
	memcpy(p, e->target, RID_LEN);
}

/* Read an entry back; -1 if it is not one. */
static int
entry_decode(const unsigned char *p, size_t len, struct audit_entry *e)
{
	if (len != AUDIT_ENTRY_LEN || *p++ != AUDIT_FORMAT)
		return -1;
	memcpy(e->device, p, VAULT_KEYID_LEN), p += VAULT_KEYID_LEN;
	e->n = load_u64be(p), p += 8;
	memcpy(e->prev, p, 32), p += 32;
	e->time = (int64_t)load_u64be(p), p += 8;
	memcpy(e->user, p, UID_LEN), p += UID_LEN;
	e->action = *p++;
	e->kind = *p++;
	memcpy(e->target, p, RID_LEN);
	return 0;
}

/* Where this device's chain ends: from the sealed head, else the table. */
static int
chain_tail(struct store *st, const unsigned char *device,
    const unsigned char pk[32], uint64_t *n, unsigned char hash[32])
{
	unsigned char hpk[32];
	int rc = store_audit_head(st, device, hpk, n, hash);

	if (rc == 1 && memcmp(hpk, pk, 32) == 0)
		return 0;
	if (rc < 0)
		return -1;
	*n = 0;
	memset(hash, 0, 32);
	return store_audit_tail(st, device, n, hash) < 0 ? -1 : 0;
}

/* Sign and append one entry of this device, at a given time and user. */
static int
append(struct store *st, int64_t time, const unsigned char *user, int action,
    int kind, const unsigned char *target, size_t targetlen,
    struct xf_err *err)
{
	unsigned char sign_pk[32], box_pk[32], buf[AUDIT_ENTRY_LEN];
	unsigned char hash[32], sig[AUDIT_SIG_LEN];
	struct audit_entry e;

	memset(&e, 0, sizeof e);
	vault_id_public(store_vault(st), sign_pk, box_pk, e.device);
	if (chain_tail(st, e.device, sign_pk, &e.n, e.prev) != 0)
		return xf_error(err, _("store %s: the head of its audit log was "
		    "changed outside xunfang (an older copy put back, or "
		    "entries removed): the station keeps the entries it "
		    "received; nothing more is logged here until the file is "
		    "restored"), store_path(st));
	e.n++;
	e.time = time;
	memcpy(e.user, user, UID_LEN);
	e.action = action;
	e.kind = kind;
	if (target != NULL)
		memcpy(e.target, target, targetlen < RID_LEN ? targetlen :
		    RID_LEN);
	entry_encode(&e, buf);
	vault_hash(buf, sizeof buf, hash);
	vault_id_sign(store_vault(st), buf, sizeof buf, sig);
	if (store_audit_put(st, e.device, e.n, buf, sizeof buf, hash, sig,
	    err) < 0)
		return -1;
	return store_audit_set_head(st, e.device, sign_pk, e.n, hash, err);
}

/* Log an action of the unlocked user, inside the caller's transaction. */
int
audit_log(struct store *st, int action, int kind, const unsigned char *target,
    size_t targetlen, struct xf_err *err)
{
	return append(st, time_now(), store_user(st), action, kind, target,
	    targetlen, err);
}

struct fold {
	struct store *st;
	struct xf_err *err;
};

/* Sign one failed unlock recorded while the store was locked. */
static int
fold_pending(void *arg, int64_t time, const unsigned char *uid, int what)
{
	struct fold *f = arg;

	if (what != AUDIT_UNLOCK_FAILED && what != AUDIT_UNLOCK_DISABLED)
		what = AUDIT_UNLOCK_FAILED;
	return append(f->st, time, uid, what, 0, NULL, 0, f->err);
}

/* A write that failed for a full disk loses the entry, not the unlock. */
static int
full_disk(struct store *st, struct xf_err *err)
{
	if (err->code != XF_E_FULL)
		return -1;
	store_audit_lost_set(st);
	return 0;
}

/* Record a good unlock, and the failed ones before it, in one step. */
int
audit_unlocked(struct store *st, struct xf_err *err)
{
	struct fold f = {st, err};

	/* On a full or read-only disk the records can still be read and
	 * carried away: the entry is lost, and the command says so. */
	if (store_readonly(st)) {
		store_audit_lost_set(st);
		return 0;
	}
	if (store_begin(st, err) != 0)
		return full_disk(st, err);
	if (store_audit_pending_take(st, fold_pending, &f, err) != 0 ||
	    audit_log(st, AUDIT_UNLOCK, 0, NULL, 0, err) != 0 ||
	    store_unlock_failures_reset(st, err) != 0) {
		store_rollback(st);
		return full_disk(st, err);
	}
	return store_commit(st, err) != 0 ? full_disk(st, err) : 0;
}

struct verify {
	struct store *st;
	unsigned char pk[32];
	unsigned char prev[32];
	uint64_t expect;
	int64_t good;
	struct xf_err *err;
};

/* Say which entry is bad and why. */
static int
bad_entry(struct verify *v, const struct audit_row *r, const char *why)
{
	char dev[2 * VAULT_KEYID_LEN + 1];

	hex_encode(dev, r->device, VAULT_KEYID_LEN);
	return xf_error(v->err, _("audit entry %llu of device %.8s (row %lld) "
	    "is bad: %s; the audit log was tampered with"),
	    (unsigned long long)v->expect, dev, (long long)r->seq, why);
}

/* Check one row against the chain so far. */
static int
verify_row(void *arg, const struct audit_row *r)
{
	struct verify *v = arg;
	struct audit_entry e;
	unsigned char hash[32];

	if (entry_decode(r->entry, r->len, &e) != 0 ||
	    r->hashlen != 32 || r->siglen != AUDIT_SIG_LEN ||
	    memcmp(e.device, r->device, VAULT_KEYID_LEN) != 0)
		return bad_entry(v, r, _("it is damaged"));
	if (e.n != r->n || e.n < v->expect)
		return bad_entry(v, r, _("it is out of order or repeated"));
	if (e.n > v->expect)
		return bad_entry(v, r, _("it was removed or moved later"));
	vault_hash(r->entry, r->len, hash);
	if (memcmp(hash, r->hash, 32) != 0 ||
	    vault_sign_verify(v->pk, r->entry, r->len, r->sig) != 0)
		return bad_entry(v, r, _("it was altered"));
	if (memcmp(e.prev, v->prev, 32) != 0)
		return bad_entry(v, r, _("the entry before it was replaced"));
	memcpy(v->prev, hash, 32);
	v->expect++;
	v->good++;
	return 0;
}

/* Check the whole chain of one device against its sealed head. */
static int
verify_device(void *arg, const unsigned char *device)
{
	struct verify *v = arg;
	unsigned char sign_pk[32], box_pk[32], own[VAULT_KEYID_LEN];
	unsigned char hash[32];
	char dev[2 * VAULT_KEYID_LEN + 1];
	uint64_t n;
	int head = store_audit_head(v->st, device, v->pk, &n, hash);

	hex_encode(dev, device, VAULT_KEYID_LEN);
	vault_id_public(store_vault(v->st), sign_pk, box_pk, own);
	if (memcmp(own, device, VAULT_KEYID_LEN) == 0)
		memcpy(v->pk, sign_pk, 32);
	if (head < 0 || (head == 0 && memcmp(own, device,
	    VAULT_KEYID_LEN) != 0))
		return xf_error(v->err, _("the audit log's record of device "
		    "%.8s was changed outside xunfang (altered, removed or an "
		    "older copy put back)"), dev);
	memset(v->prev, 0, 32);
	v->expect = 1;
	if (store_audit_scan(v->st, device, verify_row, v, v->err) != 0)
		return -1;
	if (head == 0 || v->expect - 1 != n || memcmp(v->prev, hash, 32) != 0)
		return xf_error(v->err, _("audit entry %llu of device %.8s is "
		    "bad: it is missing (removed); the audit log was tampered "
		    "with"), (unsigned long long)(head ? v->expect : 1), dev);
	return 0;
}

/* Verify every device's chain held here. */
int64_t
audit_verify(struct store *st, struct xf_err *err)
{
	struct verify v;

	memset(&v, 0, sizeof v);
	v.st = st;
	v.err = err;
	if (store_audit_devices(st, verify_device, &v, err) != 0)
		return -1;
	return v.good;
}

struct lister {
	int (*cb)(void *, const struct audit_entry *);
	void *arg;
};

/* Decode a row for the caller; damaged rows are left to verify. */
static int
list_row(void *arg, const struct audit_row *r)
{
	struct lister *l = arg;
	struct audit_entry e;

	if (entry_decode(r->entry, r->len, &e) != 0)
		return 0;
	return l->cb(l->arg, &e);
}

/* Every entry, in the order stored. */
int
audit_list(struct store *st, int (*cb)(void *, const struct audit_entry *),
    void *arg, struct xf_err *err)
{
	struct lister l = {cb, arg};

	return store_audit_scan(st, NULL, list_row, &l, err);
}

struct exporter {
	uint64_t after;
	struct buf *out;
};

/* Add one row of this device to an export. */
static int
export_row(void *arg, const struct audit_row *r)
{
	struct exporter *x = arg;

	if (r->n <= x->after || r->len != AUDIT_ENTRY_LEN ||
	    r->siglen != AUDIT_SIG_LEN)
		return 0;
	buf_add(x->out, r->entry, r->len);
	buf_add(x->out, r->sig, r->siglen);
	return 0;
}

/* This device's entries after number `after`, for a bundle. */
int
audit_export(struct store *st, uint64_t after, struct buf *out,
    struct xf_err *err)
{
	struct exporter x = {after, out};

	buf_addc(out, EXPORT_FORMAT);
	return store_audit_scan(st, store_device(st), export_row, &x, err);
}

/* Take one entry from a bundle if it continues the device's chain. */
static int
import_one(struct store *st, const unsigned char *device,
    const unsigned char pk[32], const unsigned char *p, uint64_t *n,
    unsigned char prev[32], struct xf_err *err)
{
	struct audit_entry e;
	unsigned char hash[32];

	if (entry_decode(p, AUDIT_ENTRY_LEN, &e) != 0 ||
	    memcmp(e.device, device, VAULT_KEYID_LEN) != 0 ||
	    vault_sign_verify(pk, p, AUDIT_ENTRY_LEN, p + AUDIT_ENTRY_LEN) != 0)
		return xf_error(err, _("the bundle's audit log does not carry "
		    "its sender's signature"));
	if (e.n <= *n)
		return 0;
	if (e.n != *n + 1 || memcmp(e.prev, prev, 32) != 0)
		return xf_error(err, _("the bundle's audit log does not "
		    "continue entry %llu held here: entries are missing or "
		    "were changed on the device"), (unsigned long long)*n);
	vault_hash(p, AUDIT_ENTRY_LEN, hash);
	if (store_audit_put(st, device, e.n, p, AUDIT_ENTRY_LEN, hash,
	    p + AUDIT_ENTRY_LEN, err) < 0)
		return -1;
	*n = e.n;
	memcpy(prev, hash, 32);
	return 1;
}

/* Take a device's entries from a bundle, checking chain and signatures. */
int
audit_import(struct store *st, const unsigned char *device,
    const unsigned char sign_pk[32], const unsigned char *p, size_t len,
    struct xf_err *err)
{
	const size_t each = AUDIT_ENTRY_LEN + AUDIT_SIG_LEN;
	unsigned char hpk[32], prev[32] = {0};
	uint64_t n = 0;
	int head, added = 0, rc;

	if (len < 1 || p[0] != EXPORT_FORMAT || (len - 1) % each != 0)
		return xf_error(err, _("the bundle's audit log is damaged or "
		    "from a newer version of xunfang"));
	head = store_audit_head(st, device, hpk, &n, prev);
	if (head < 0 || (head == 1 && memcmp(hpk, sign_pk, 32) != 0))
		return xf_error(err, _("the audit log held here for this "
		    "device does not match its key: run `xunfang audit "
		    "verify`"));
	for (size_t at = 1; at < len; at += each) {
		if ((rc = import_one(st, device, sign_pk, p + at, &n, prev,
		    err)) < 0)
			return -1;
		added += rc;
	}
	if (added > 0 && store_audit_set_head(st, device, sign_pk, n, prev,
	    err) != 0)
		return -1;
	return added;
}
