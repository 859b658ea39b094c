/*
 * Sync: a device and its station exchange bundles. Each side keeps, per
 * peer, how far the peer has acknowledged its rows (acked) and how far it
 * holds the peer's rows (hw_in); export sends the rows after acked, so a
 * lost bundle is sent again next time, and import is a union of versions,
 * so any order or repetition ends in the same store. A station forwards to
 * each device the versions of the other devices of its village, its own
 * records and warnings, and the revocation list.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exchange.h"
#include "audit.h"

#define BUNDLE_LEVEL 6
#define MAX_VALUE_LEN 65536
#define HLC_FUTURE_MS (400LL * 86400 * 1000)

/* The translated name of a role. */
const char *
sync_role_name(int role)
{
	return role == ROLE_STATION ? _("station") : _("device");
}

/* Free the strings of a peer. */
void
sync_peer_clear(struct store_peer *p)
{
	free(p->name);
	free(p->village);
	p->name = p->village = NULL;
}

/* Copy one peer out of a list, strings duplicated. */
static void
peer_copy(struct store_peer *out, const struct store_peer *p)
{
	*out = *p;
	out->name = xstrdup(p->name);
	out->village = xstrdup(p->village);
}

/* The peer with this key id; 1 found, 0 not, -1 error. */
static int
peer_by_keyid(struct store *st, const unsigned char *keyid,
    struct store_peer *out, struct xf_err *err)
{
	struct store_peer *v;
	size_t n;
	int found = 0;

	if (store_peer_list(st, &v, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n && !found; i++)
		if (memcmp(v[i].keyid, keyid, VAULT_KEYID_LEN) == 0) {
			peer_copy(out, &v[i]);
			found = 1;
		}
	store_peer_list_free(v, n);
	return found;
}

/* Whether peer p matches NAME or a key id prefix of n digits; the
 * station answers to "station" (and its translation) whatever its name,
 * as it did before identities carried names. */
static int
peer_matches(const struct store_peer *p, const char *arg, int n)
{
	char hex[17];

	if (strcmp(p->name, arg) == 0)
		return 1;
	if (p->role == ROLE_STATION && (strcmp(arg, "station") == 0 ||
	    strcmp(arg, _("station")) == 0))
		return 1;
	keyid_hex(p->keyid, hex);
	return n >= 0 && strncasecmp(hex, arg, (size_t)n) == 0;
}

/* Look up an enrolled peer by name or key id prefix. */
int
sync_find_peer(struct store *st, const char *arg, struct store_peer *out,
    struct xf_err *err)
{
	unsigned char kid[VAULT_KEYID_LEN];
	struct store_peer *v;
	size_t n, hits = 0, at = 0;
	int digits = keyid_prefix(arg, kid);

	if (store_peer_list(st, &v, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (peer_matches(&v[i], arg, digits)) {
			hits++;
			at = i;
		}
	if (hits == 1)
		peer_copy(out, &v[at]);
	store_peer_list_free(v, n);
	if (hits == 0)
		return xf_error(err, _("no enrolled peer named '%s'; `xunfang "
		    "peers` lists them by name and key id"), arg);
	if (hits > 1)
		return xf_error(err, _("'%s' names %zu peers; give more digits "
		    "of the key id"), arg, hits);
	return 0;
}

/*
 * Whether the unlocked account may manage peers: an officer or station
 * account, a trainer only in a demo store. This stops a volunteer who
 * unlocks the store from shutting a device out or letting a rogue one
 * in to receive the village's records.
 */
static int
manage_check(struct store *st, int revoke, struct xf_err *err)
{
	const char *role = store_user_role(st);

	if (role != NULL && (strcmp(role, "officer") == 0 ||
	    strcmp(role, "station") == 0 || (strcmp(role, "trainer") == 0 &&
	    store_is_demo(st))))
		return 0;
	if (role == NULL)
		role = "?";
	return xf_error(err, revoke ? _("a %s account may not revoke peers: "
	    "only an officer or station account may (a trainer only in a "
	    "demo store)") : _("a %s account may not enrol peers: only an "
	    "officer or station account may (a trainer only in a demo "
	    "store)"), strcmp(role, "trainer") == 0 ? _("trainer") :
	    strcmp(role, "volunteer") == 0 ? _("volunteer") : role);
}

/* Refusals before enrolment: demo line, own key, roles, revocation. */
static int
enroll_check(struct store *st, const struct identity *id, const char *name,
    const char *village, struct xf_err *err)
{
	char hex[17];

	keyid_hex(id->keyid, hex);
	if (manage_check(st, 0, err) != 0)
		return -1;
	if (id->demo != store_is_demo(st))
		return xf_error(err, id->demo ? _("this identity is from a demo "
		    "(training) store and this store holds real records: demo "
		    "and real stores never sync") : _("this identity is from a "
		    "real store and this is a demo (training) store: demo and "
		    "real stores never sync"));
	if (memcmp(id->keyid, store_device(st), VAULT_KEYID_LEN) == 0)
		return xf_error(err, _("this is this store's own identity; "
		    "enrol the other side's identity file"));
	if (id->role == store_role(st))
		return xf_error(err, _("identity %s is of a %s, and so is this "
		    "store: a device enrols its station and a station its "
		    "devices"), hex, sync_role_name(id->role));
	if (store_is_revoked(st, id->keyid))
		return xf_error(err, _("device %s was revoked; it cannot be "
		    "enrolled again (make a new store on it)"), hex);
	if (store_role(st) == ROLE_STATION && (name == NULL || *name == '\0' ||
	    village == NULL || *village == '\0'))
		return xf_error(err, _("at a station, give the device a name and "
		    "its village: --name NAME --village VILLAGE"));
	return 0;
}

/* No other peer may hold the same name, nor a device a second station. */
static int
enroll_unique(const struct store_peer *v, size_t n, const struct identity *id,
    const char *name, int station_here, struct xf_err *err)
{
	char hex[17];

	for (size_t i = 0; i < n; i++) {
		if (memcmp(v[i].keyid, id->keyid, VAULT_KEYID_LEN) == 0)
			continue;
		keyid_hex(v[i].keyid, hex);
		if (!station_here)
			return xf_error(err, _("this device is already enrolled "
			    "with station %s (%s); a device syncs with one "
			    "station"), v[i].name, hex);
		if (strcmp(v[i].name, name) == 0)
			return xf_error(err, _("a device named '%s' is already "
			    "enrolled (%s): choose another name"), name, hex);
	}
	return 0;
}

/* The name given, else the one the identity carries, else "station". */
const char *
sync_enroll_name(const struct identity *id, const char *name)
{
	if (name != NULL && *name != '\0')
		return name;
	return id->name[0] != '\0' ? id->name : _("station");
}

/* Enrol or update a peer from its public identity. */
int
sync_enroll(struct store *st, const struct identity *id, const char *name,
    const char *village, struct xf_err *err)
{
	struct store_peer *v, p;
	size_t n;
	int station_here = store_role(st) == ROLE_STATION, existed = 0, rc;

	if (enroll_check(st, id, name, village, err) != 0)
		return -1;
	name = sync_enroll_name(id, name);
	if (store_peer_drop_altered(st, id->keyid, err) < 0 ||
	    store_peer_list(st, &v, &n, err) != 0)
		return -1;
	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < n; i++)
		if (memcmp(v[i].keyid, id->keyid, VAULT_KEYID_LEN) == 0) {
			p = v[i];
			existed = 1;
		}
	rc = enroll_unique(v, n, id, name, station_here, err);
	if (!existed) {
		memcpy(p.keyid, id->keyid, VAULT_KEYID_LEN);
		p.enrolled = time_now();
	}
	p.role = id->role;
	memcpy(p.sign_pk, id->sign_pk, 32);
	memcpy(p.box_pk, id->box_pk, 32);
	p.name = (char *)name;
	p.village = (char *)(village ? village : "");
	if (rc == 0 && store_begin(st, err) == 0) {
		/* An identity of format 2 tells the restricted key at once, so
		 * the first bundle to the peer need withhold nothing. */
		rc = store_peer_put(st, &p, err);
		if (rc == 0 && id->has_rkey)
			rc = store_peer_rkey_put(st, id->keyid, id->rkey, err);
		if (rc == 0)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	} else
		rc = -1;
	store_peer_list_free(v, n);
	return rc == 0 ? !existed : -1;
}

/* Revoke an enrolled device at a station. */
int
sync_revoke(struct store *st, const char *arg, struct store_peer *out,
    struct xf_err *err)
{
	int rc;

	if (store_role(st) != ROLE_STATION)
		return xf_error(err, _("only a station revokes devices"));
	if (manage_check(st, 1, err) != 0)
		return -1;
	if (sync_find_peer(st, arg, out, err) != 0)
		return -1;
	if (store_begin(st, err) != 0) {
		sync_peer_clear(out);
		return -1;
	}
	rc = store_revoke(st, out->keyid, time_now(), err);
	if (rc >= 0 && store_commit(st, err) != 0)
		rc = -1;
	else if (rc < 0)
		store_rollback(st);
	if (rc < 0)
		sync_peer_clear(out);
	return rc;
}

/* ---- Export ---- */

struct export_state {
	struct store *st;
	const struct store_peer *peer;
	const unsigned char (*allowed)[VAULT_KEYID_LEN];
	size_t nallowed;
	unsigned char (*origin)[RID_LEN];	/* records the village's
						 * devices wrote, sorted */
	size_t norigin;
	int station;
	int current;		/* superseded versions left out */
	struct bundle_writer *w;
	unsigned char seal[2][32];	/* restricted values sealed to */
	int nseal;			/* 0: withheld */
	struct buf plain;
	size_t nversions, done, total;
	bundle_progress_fn progress;
	void *parg;
	struct xf_err *err;
};

/* Room for n bytes in b, contents undefined. */
static void
scratch(struct buf *b, size_t n)
{
	if (b->cap < n + 1) {
		b->cap = n + 1;
		b->data = xreallocarray(b->data, b->cap, 1);
	}
	b->len = n;
}

/* Whether a canonical list of village names includes the village. */
static int
village_listed(const char *list, const char *village)
{
	size_t n = strlen(village), len;
	const char *pos = list, *item;

	if (list == NULL || *list == '\0')
		return 1;
	while ((item = field_list_next(&pos, &len)) != NULL)
		if (len == n && strncmp(item, village, n) == 0)
			return 1;
	return 0;
}

/* A station's warning goes to a device only if it names its village. */
static int
warning_for(struct export_state *es, unsigned char *plain, size_t len)
{
	const struct kind *k = kind_by_id(KIND_WARNING);
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	int rc;

	rc = record_decode(k, (char *)plain, len, vals) == 0 &&
	    village_listed(vals[WARNING_F_VILLAGES], es->peer->village);
	free(vals);
	return rc;
}

/* Whether versions written by this device go to the peer. */
static int
allowed_device(const struct export_state *es, const unsigned char *dev)
{
	for (size_t i = 0; i < es->nallowed; i++)
		if (memcmp(es->allowed[i], dev, VAULT_KEYID_LEN) == 0)
			return 1;
	return 0;
}

/* Kinds about people and incidents stay in the village they came from. */
static int
village_bound(int kind)
{
	return kind == KIND_PATROL || kind == KIND_VISIT ||
	    kind == KIND_DISPUTE || kind == KIND_PERSON;
}

static int
rid_cmp(const void *a, const void *b)
{
	return memcmp(a, b, RID_LEN);
}

/* Whether a device of the peer's village (not the station) wrote a
 * version of the record. */
static int
from_village(const struct export_state *es, const unsigned char *rid)
{
	return es->norigin > 0 && bsearch(rid, es->origin, es->norigin,
	    RID_LEN, rid_cmp) != NULL;
}

/* A station's own version of a village-bound record goes to a device only
 * if a device of its village wrote a version of that record. Chosen by
 * the clear columns before the row is read: the body, once opened,
 * proves them. */
static int
export_want(void *arg, int kind, const unsigned char *rid,
    const unsigned char *device)
{
	const struct export_state *es = arg;

	if (!es->station || !village_bound(kind) ||
	    memcmp(device, store_device(es->st), VAULT_KEYID_LEN) != 0)
		return 1;
	return from_village(es, rid);
}

/* The records the other devices of the peer's village wrote, once per
 * export (at a station). */
static int
export_origin(struct export_state *es, struct xf_err *err)
{
	if (!es->station || es->nallowed < 2)
		return 0;
	return store_rids_of(es->st, es->allowed + 1, es->nallowed - 1,
	    &es->origin, &es->norigin, err);
}

/* At a station, how its own rows are found: those of kinds not bound to
 * a village, and those of the records the village's devices wrote (the
 * same rows export_want keeps), so that its other rows are not read. */
static const struct store_export_by *
export_by(const struct export_state *es, struct store_export_by *by,
    int *kinds)
{
	size_t n = 0;

	if (!es->station)
		return NULL;
	for (int k = 1; k <= KIND_MAX; k++)
		if (!village_bound(k))
			kinds[n++] = k;
	by->device = store_device(es->st);
	by->kinds = kinds;
	by->nkinds = n;
	by->rids = (const unsigned char (*)[RID_LEN])es->origin;
	by->nrids = es->norigin;
	return by;
}

/* A station's review goes to a device only if a device of its village
 * wrote a version of the report it is about: the village that wrote the
 * report hears what the station thinks of it, no other village does. */
static int
review_for(struct export_state *es, unsigned char *plain, size_t len)
{
	const struct kind *k = kind_by_id(KIND_REVIEW);
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	unsigned char report[RID_LEN];
	int rc = 0;

	if (record_decode(k, (char *)plain, len, vals) == 0 &&
	    vals[REVIEW_F_RECORD] != NULL &&
	    hex_decode(report, RID_LEN, vals[REVIEW_F_RECORD]) == 0)
		rc = from_village(es, report);
	free(vals);
	return rc;
}

/* One stored row: open its body and add it to the payload if it is for
 * this peer. */
static int
export_row(void *arg, const struct store_row *row)
{
	struct export_state *es = arg;
	unsigned char ad[VERSION_AD_MAX];
	size_t adlen, plen;
	char hex[33];
	int rc;

	if (es->progress && ++es->done % 4096 == 0)
		es->progress(es->parg, _("versions"), es->done, es->total);
	if (es->current && !row->head)
		return 0;
	if (!allowed_device(es, row->v.device) || (!es->station &&
	    kind_by_id(row->v.kind) != NULL &&
	    !kind_sent_by(kind_by_id(row->v.kind), 0)))
		return 0;
	if (!export_want(es, row->v.kind, row->v.rid, row->v.device))
		return 0;
	if (row->bodylen <= VAULT_SEAL_OVERHEAD)
		goto damaged;
	plen = row->bodylen - VAULT_SEAL_OVERHEAD;
	scratch(&es->plain, plen);
	adlen = version_ad(&row->v, ad);
	if (vault_open(store_vault(es->st), ad, adlen, row->body, row->bodylen,
	    es->plain.data) != 0)
		goto damaged;
	if (es->station && row->v.kind == KIND_WARNING && !row->v.tomb &&
	    !warning_for(es, es->plain.data, plen))
		return 0;
	if (es->station && row->v.kind == KIND_REVIEW && !row->v.tomb &&
	    (rc = review_for(es, es->plain.data, plen)) <= 0)
		return rc;
	if (es->w == NULL) {
		es->nversions++;
		return 0;
	}
	plen = record_reseal_for(es->st, row->v.kind,
	    (const unsigned char (*)[32])es->seal, es->nseal, &es->plain, plen);
	bundle_version_put(bundle_writer_buf(es->w), &row->v, es->plain.data,
	    plen);
	bundle_writer_push(es->w);
	es->nversions++;
	return 0;
damaged:
	hex_encode(hex, row->v.vid, VID_LEN);
	return xf_error(es->err, _("version %.8s in this store does not "
	    "decrypt; nothing was exported: restore the store from a backup"),
	    hex);
}

/* Audit: a device sends its entries the station does not hold yet; a
 * station says how many of the recipient's entries it holds. */
static int
export_audit(struct export_state *es, struct xf_err *err)
{
	unsigned char pk[32], hash[32];
	struct buf a = {0};
	uint64_t n = 0;
	int rc;

	if (es->station) {
		if (store_audit_head(es->st, es->peer->keyid, pk, &n, hash) < 0)
			n = 0;
		bundle_audit_ack_put(bundle_writer_buf(es->w), n);
		return 0;
	}
	rc = audit_export(es->st, store_audit_acked(es->st, es->peer->keyid),
	    &a, err);
	if (rc == 0 && a.len > 1)
		bundle_audit_put(bundle_writer_buf(es->w), a.data, a.len);
	buf_free(&a);
	return rc;
}

/* Audit at import: a station takes the device's entries, checked against
 * its key and chain; a device notes what the station holds. */
static int
import_audit(struct store *st, const struct bundle_payload *pl,
    const struct store_peer *p, struct xf_err *err)
{
	if (pl->audit != NULL && p->role == ROLE_DEVICE &&
	    audit_import(st, p->keyid, p->sign_pk, pl->audit, pl->auditlen,
	    err) < 0)
		return -1;
	if (pl->has_audit_ack && p->role == ROLE_STATION)
		return store_set_audit_acked(st, p->keyid, pl->audit_ack, err);
	return 0;
}

/* The devices whose versions go to this peer: this store, and at a station
 * the other devices of the peer's village. */
static int
export_allowed(struct export_state *es, unsigned char (**out)[VAULT_KEYID_LEN],
    struct xf_err *err)
{
	unsigned char (*a)[VAULT_KEYID_LEN];
	struct store_peer *v;
	size_t n, k = 0;

	if (store_peer_list(es->st, &v, &n, err) != 0)
		return -1;
	a = xcalloc(n + 1, sizeof *a);
	memcpy(a[k++], store_device(es->st), VAULT_KEYID_LEN);
	for (size_t i = 0; es->station && i < n; i++)
		if (v[i].role == ROLE_DEVICE &&
		    strcmp(v[i].village, es->peer->village) == 0)
			memcpy(a[k++], v[i].keyid, VAULT_KEYID_LEN);
	store_peer_list_free(v, n);
	*out = a;
	es->allowed = (const unsigned char (*)[VAULT_KEYID_LEN])a;
	es->nallowed = k;
	return 0;
}

/* The revocation list, from a station only. */
static int
export_revoked(struct export_state *es, size_t *n, struct xf_err *err)
{
	struct store_revoked *r;

	*n = 0;
	if (!es->station)
		return 0;
	if (store_revoked_list(es->st, &r, n, err) != 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		bundle_revoked_put(bundle_writer_buf(es->w), r[i].keyid,
		    r[i].at);
	free(r);
	return 0;
}

/* Role codes of the accounts a sender item lists. */
static const char *const account_roles[] = {
	NULL, "officer", "volunteer", "station", "trainer"
};

/* The code of an account role; 0 for none known. */
static unsigned
account_role_code(const char *role)
{
	for (unsigned i = 1; i < XF_ARRAY_LEN(account_roles); i++)
		if (strcmp(account_roles[i], role) == 0)
			return i;
	return 0;
}

/* Add one account of a device to the sender item's list; a station
 * account on a device is not one a station takes versions from. */
static int
account_entry(void *arg, const struct account *a, int64_t created)
{
	struct buf *b = arg;
	unsigned code = account_role_code(a->role);

	(void)created;
	if (code != 0 && strcmp(a->role, "station") != 0 &&
	    b->len < (size_t)BUNDLE_MAX_ACCOUNTS * BUNDLE_ACCOUNT_LEN) {
		buf_add(b, a->uid, UID_LEN);
		buf_addc(b, (unsigned char)code);
	}
	return 0;
}

/*
 * The sender item: this store's restricted public key, so that the peer
 * seals restricted values to it rather than to the identity key every
 * account holds, and at a device its accounts, so that the station takes
 * only versions authored by them. Signed with the bundle; at a device an
 * officer's account (it holds the restricted key) also vouches for the
 * accounts' roles, which a volunteer's cannot.
 */
static int
export_sender(struct export_state *es, const struct bundle_manifest *m,
    struct xf_err *err)
{
	unsigned char (*pks)[32] = NULL, tag[32];
	struct buf acc = {0}, msg = {0};
	int npk = 0, rc, vouched = 0;

	rc = store_restricted_keys(es->st, &pks, &npk, err);
	if (rc == 0 && !es->station)
		rc = store_account_scan(es->st, account_entry, &acc, err);
	if (rc == 0 && !es->station && es->peer->role == ROLE_STATION) {
		bundle_vouch_msg(&msg, m, pks[0], acc.data,
		    acc.len / BUNDLE_ACCOUNT_LEN);
		vouched = vault_vouch(store_vault(es->st), 0, es->peer->box_pk,
		    msg.data, msg.len, tag) == 0;
	}
	if (rc == 0)
		bundle_sender_put(bundle_writer_buf(es->w), pks[0], acc.data,
		    acc.len / BUNDLE_ACCOUNT_LEN, vouched ? tag : NULL);
	free(pks);
	buf_free(&acc);
	buf_free(&msg);
	return rc;
}

/*
 * The keys restricted values are sealed to for the peer: the restricted
 * key it gave at enrolment or told in a signed bundle. Until it has one, a
 * station withholds them (a volunteer's unwrapped keys hold the device's
 * identity key, and must open nothing restricted); a device seals to the
 * station's identity key, which the station opens as it imports. A
 * station also seals to its own restricted key, so that a value a
 * volunteer on the device carries unread through an edit comes back to
 * the station readable, and the station can check it was kept.
 */
static int
export_seal_key(struct export_state *es, struct xf_err *err)
{
	int rc = store_peer_rkey(es->st, es->peer->keyid, es->seal[0], err);

	if (rc < 0)
		return -1;
	es->nseal = 0;
	if (rc == 1)
		es->nseal = 1;
	else if (!es->station) {
		memcpy(es->seal[0], es->peer->box_pk, 32);
		es->nseal = 1;
	}
	if (es->nseal == 1 && es->station &&
	    store_restricted_pk(es->st, es->seal[1]) == 0)
		es->nseal = 2;
	return 0;
}

/* Whether an export carries current versions only: a station's to a
 * device that acknowledged none of its rows yet, which has no use for
 * the history the station keeps (xunfang-bundle(5)). */
static int
current_only(const struct export_state *es)
{
	return es->station && es->peer->role == ROLE_DEVICE &&
	    es->peer->acked == 0;
}

/* Refuse to export to a revoked peer or across the demo line. */
static int
export_check(struct store *st, const struct store_peer *p, struct xf_err *err)
{
	char hex[17];

	keyid_hex(p->keyid, hex);
	if (store_is_revoked(st, p->keyid))
		return xf_error(err, _("%s %s (%s) is revoked: nothing is "
		    "exported to it"), sync_role_name(p->role), p->name, hex);
	return 0;
}

/* The bundle's file name when none is given. */
static char *
default_path(struct store *st, const struct store_peer *p, uint64_t seq)
{
	char me[17], them[17];

	keyid_hex(store_device(st), me);
	keyid_hex(p->keyid, them);
	return xasprintf("xunfang-%.8s-to-%.8s-%llu.xfb", me, them,
	    (unsigned long long)seq);
}

/* Seal the compressed payload into a bundle and write it: temp, fsync,
 * rename. */
static int
export_write(struct export_state *es, const struct bundle_manifest *m,
    const struct buf *z, const char *path, struct sync_export *out,
    struct xf_err *err)
{
	struct bundle_hdr hdr;
	struct buf file = {0};
	int rc;

	memset(&hdr, 0, sizeof hdr);
	hdr.version = BUNDLE_VERSION;
	hdr.flags = m->flags;
	memcpy(hdr.sender, m->sender, VAULT_KEYID_LEN);
	memcpy(hdr.recipient, m->recipient, VAULT_KEYID_LEN);
	hdr.seq = m->seq;
	hdr.created = time_now();
	bundle_seal(store_vault(es->st), &hdr, es->peer->box_pk, z, &file);
	rc = file_write_out(path, file.data, file.len, 0600, err);
	out->bytes = file.len;
	buf_free(&file);
	return rc;
}

/* Count the bundle as sent; acknowledgement waits for the peer's reply. */
static int
export_note(struct store *st, struct store_peer *p, uint64_t seq,
    uint64_t to, struct xf_err *err)
{
	p->seq_out = seq;
	if (store_begin(st, err) != 0)
		return -1;
	if (store_peer_put(st, p, err) != 0 ||
	    store_note_sent(st, (int64_t)to, err) != 0 ||
	    audit_log(st, AUDIT_EXPORT, 0, p->keyid, VAULT_KEYID_LEN, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* Build the payload, compressed on a second thread as it grows. */
static int
export_collect(struct export_state *es, struct bundle_manifest *m,
    struct buf *z, struct xf_err *err)
{
	unsigned char (*allowed)[VAULT_KEYID_LEN] = NULL;
	struct store_export_by by;
	int kinds[KIND_MAX];
	int64_t upto;
	size_t nrev = 0;
	int rc;

	if (store_max_seq(es->st, &upto, err) != 0 ||
	    export_seal_key(es, err) != 0 ||
	    export_allowed(es, &allowed, err) != 0)
		return -1;
	m->from = es->peer->acked;
	m->to = (uint64_t)upto;
	m->ack = es->peer->hw_in;
	es->total = upto > (int64_t)m->from ? (size_t)(upto -
	    (int64_t)m->from) : 0;
	if ((es->w = bundle_writer_new(BUNDLE_LEVEL)) == NULL) {
		free(allowed);
		return xf_error(err, _("cannot start the compressor"));
	}
	bundle_manifest_put(bundle_writer_buf(es->w), m);
	rc = export_sender(es, m, err);
	if (rc == 0)
		rc = export_origin(es, err);
	if (rc == 0)
		rc = store_scan_export(es->st, es->peer->keyid, es->allowed,
		    es->nallowed, (int64_t)m->from, upto, export_by(es, &by,
		    kinds), export_want, es, export_row, es, err);
	if (rc == 0)
		rc = export_revoked(es, &nrev, err);
	if (rc == 0)
		rc = export_audit(es, err);
	free(allowed);
	free(es->origin);
	m->nversions = es->nversions;
	m->nrevoked = nrev;
	bundle_end_put(bundle_writer_buf(es->w), m->nversions, m->nrevoked);
	if (es->progress)
		es->progress(es->parg, _("compressing"), es->total, es->total);
	if (bundle_writer_finish(es->w, z, rc == 0 ? err : NULL) != 0)
		rc = -1;
	return rc;
}

/* Export a bundle of what the peer has not acknowledged. */
int
sync_export(struct store *st, const char *peer, const char *path,
    bundle_progress_fn progress, void *parg, struct sync_export *out,
    struct xf_err *err)
{
	struct export_state es;
	struct bundle_manifest m;
	struct store_peer p;
	struct buf z = {0};
	int rc;

	memset(out, 0, sizeof *out);
	if (sync_find_peer(st, peer, &p, err) != 0)
		return -1;
	if (export_check(st, &p, err) != 0) {
		sync_peer_clear(&p);
		return -1;
	}
	memset(&es, 0, sizeof es);
	memset(&m, 0, sizeof m);
	es.st = st;
	es.peer = &p;
	es.station = store_role(st) == ROLE_STATION;
	es.current = current_only(&es);
	es.progress = progress;
	es.parg = parg;
	es.err = err;
	memcpy(m.sender, store_device(st), VAULT_KEYID_LEN);
	memcpy(m.recipient, p.keyid, VAULT_KEYID_LEN);
	m.seq = p.seq_out + 1;
	m.flags = (store_is_demo(st) ? BUNDLE_FLAG_DEMO : 0) |
	    (es.station ? BUNDLE_FLAG_STATION : 0);
	out->path = path ? xstrdup(path) : default_path(st, &p, m.seq);
	rc = export_collect(&es, &m, &z, err);
	if (rc == 0)
		rc = export_write(&es, &m, &z, out->path, out, err);
	/* On a full or read-only disk the bundle still goes out; the store
	 * cannot note it, so the next export carries the same number. */
	if (rc == 0 && store_readonly(st))
		out->unrecorded = 1;
	else if (rc == 0)
		rc = export_note(st, &p, m.seq, m.to, err);
	out->seq = m.seq;
	out->to = m.to;
	out->ack = m.ack;
	out->nversions = es.nversions;
	out->nrevoked = (size_t)m.nrevoked;
	buf_free(&z);
	buf_free(&es.plain);
	sync_peer_clear(&p);
	return rc;
}

/* Count what an export would carry after a row, writing nothing. */
int
sync_export_pending(struct store *st, const char *peer, uint64_t after,
    size_t *nversions, struct xf_err *err)
{
	unsigned char (*allowed)[VAULT_KEYID_LEN] = NULL;
	struct store_export_by by;
	struct export_state es;
	struct store_peer p;
	int kinds[KIND_MAX];
	int64_t upto;
	int rc;

	*nversions = 0;
	if (sync_find_peer(st, peer, &p, err) != 0)
		return -1;
	memset(&es, 0, sizeof es);
	es.st = st;
	es.peer = &p;
	es.station = store_role(st) == ROLE_STATION;
	es.current = current_only(&es);
	es.err = err;
	rc = store_max_seq(st, &upto, err);
	if (rc == 0)
		rc = export_allowed(&es, &allowed, err);
	if (rc == 0)
		rc = export_origin(&es, err);
	if (rc == 0 && upto > (int64_t)after)
		rc = store_scan_export(st, p.keyid, es.allowed, es.nallowed,
		    (int64_t)after, upto, export_by(&es, &by, kinds),
		    export_want, &es, export_row, &es, err);
	*nversions = es.nversions;
	free(allowed);
	free(es.origin);
	buf_free(&es.plain);
	sync_peer_clear(&p);
	return rc;
}

/* ---- Import, in the verify order of xunfang-bundle(5) ---- */

/* Demo line, recipient, sender enrolled and not revoked. */
static int
import_outer(struct store *st, const struct bundle_hdr *h,
    struct store_peer *p, struct xf_err *err)
{
	char to[17], me[17], from[17];
	int from_station = (h->flags & BUNDLE_FLAG_STATION) != 0, rc;

	keyid_hex(h->recipient, to);
	keyid_hex(store_device(st), me);
	keyid_hex(h->sender, from);
	if (((h->flags & BUNDLE_FLAG_DEMO) != 0) != (store_is_demo(st) != 0))
		return xf_error(err, store_is_demo(st) ? _("this is a bundle of "
		    "real records and this is a demo (training) store: demo and "
		    "real data never mix") : _("this is a demo (training) bundle "
		    "and this store holds real records: demo and real data "
		    "never mix"));
	if (memcmp(h->recipient, store_device(st), VAULT_KEYID_LEN) != 0)
		return xf_error(err, _("the bundle is addressed to %s %.8s…, "
		    "this store is %.8s…: give it to the right computer"),
		    sync_role_name(from_station ? ROLE_DEVICE : ROLE_STATION),
		    to, me);
	rc = peer_by_keyid(st, h->sender, p, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return xf_error(err, _("the bundle comes from %s %.8s…, which is "
		    "not enrolled here: enrol its identity first with `xunfang "
		    "enroll`"), sync_role_name(from_station ? ROLE_STATION :
		    ROLE_DEVICE), from);
	if (store_is_revoked(st, h->sender) || p->role != (from_station ?
	    ROLE_STATION : ROLE_DEVICE)) {
		rc = p->role != (from_station ? ROLE_STATION : ROLE_DEVICE);
		xf_error(err, rc ? _("the bundle claims a role that %s %s "
		    "(%.8s…) does not have: it is refused") : _("%s %s (%.8s…) "
		    "is revoked: its bundles are refused"),
		    sync_role_name(p->role), p->name, from);
		sync_peer_clear(p);
		return -1;
	}
	return 0;
}

/* Inner ids must equal the outer (signed, clear) ones. */
static int
import_inner(const struct bundle_hdr *h, const struct bundle_manifest *m,
    struct xf_err *err)
{
	char a[17], b[17];

	if (memcmp(m->sender, h->sender, VAULT_KEYID_LEN) != 0) {
		keyid_hex(m->sender, a);
		keyid_hex(h->sender, b);
		return xf_error(err, _("the sender named inside the bundle "
		    "(%.8s…) is not its signer (%.8s…): it is refused"), a, b);
	}
	if (memcmp(m->recipient, h->recipient, VAULT_KEYID_LEN) != 0 ||
	    m->seq != h->seq || m->flags != h->flags || m->from > m->to)
		return xf_error(err, _("the bundle's inner header does not "
		    "match its outer header: it is refused"));
	return 0;
}

/* One value (NUL-terminated, len bytes): UTF-8, bounded, sealed if
 * restricted, or one local entry could have stored (field_canon_ok);
 * *bad names the (item) field that is not. */
static int
value_ok(const struct field *f, const unsigned char *p, size_t len,
    const struct field **bad)
{
	*bad = f;
	if ((f->flags & F_RESTRICTED) && record_sealed_ok((const char *)p, len))
		return 1;
	if (len == 0 || len > MAX_VALUE_LEN ||
	    !utf8_valid((const char *)p, len))
		return 0;
	return field_canon_ok(f, (const char *)p, len, bad) == 0;
}

/* Whether a version's reason from a bundle is one an edit could have
 * given (the value ends at its NUL, which the caller found). */
static int
reason_ok(const unsigned char *p, size_t len)
{
	return len > 0 && record_reason_check((const char *)p, NULL) == 0;
}

/*
 * A body in record_encode form: format byte, then increasing field
 * indexes each with a non-empty NUL-terminated value, and last, maybe,
 * the version's reason. 0 if it is one; -1 if its layout is not (a
 * newer xunfang's); 1 with the field in *bad if a value is not one local
 * entry could have stored.
 */
static int
body_ok(const struct kind *k, int tomb, const unsigned char *p, size_t len,
    const struct field **bad)
{
	size_t at = 1;
	int last = 0;

	*bad = NULL;
	if (len < 1 || p[0] != 1)
		return -1;
	if (tomb)
		return len == 1 ? 0 : -1;
	while (at < len) {
		int idx = p[at++], why = idx == RECORD_BODY_REASON;
		const unsigned char *nul;

		if (idx <= last || (idx > k->nfields && !why) || at >= len)
			return -1;
		nul = memchr(p + at, '\0', len - at);
		if (nul == NULL)
			return -1;
		if (why && !reason_ok(p + at, (size_t)(nul - p - at)))
			return -1;
		if (!why && !value_ok(&k->fields[idx - 1], p + at,
		    (size_t)(nul - p - at), bad))
			return 1;
		at = (size_t)(nul - p) + 1;
		last = idx;
	}
	return 0;
}

/*
 * Whether the sender may send a version of this kind: a device only the
 * kinds devices write, and what a station forwards from a device likewise
 * (a warning a device forged must not reach the village as the station's).
 */
static int
kind_check(const struct kind *k, const struct bundle_version *bv,
    const struct store_peer *p, const char *vid, struct xf_err *err)
{
	int from_station = p->role == ROLE_STATION &&
	    memcmp(bv->v.device, p->keyid, VAULT_KEYID_LEN) == 0;
	char hex[17];

	if (kind_sent_by(k, from_station))
		return 0;
	keyid_hex(bv->v.device, hex);
	if (p->role == ROLE_DEVICE)
		return xf_error(err, _("device %s (key %.8s…) may not send %s "
		    "records: only the station issues them (version %.8s); "
		    "nothing was imported"), p->name, hex, kind_label(k), vid);
	return xf_error(err, _("device %.8s… may not send %s records, and "
	    "the station's bundle carries one from it (version %.8s): it is "
	    "refused"), hex, kind_label(k), vid);
}

/* The accounts a device told in its bundle, sorted for lookup. */
struct told {
	unsigned char (*uid)[BUNDLE_ACCOUNT_LEN];
	size_t n;
	int told;	/* the bundle has a sender item */
	int vouched;	/* and an officer of the device vouched for it */
};

/* Order account entries by id. */
static int
told_cmp(const void *a, const void *b)
{
	return memcmp(a, b, UID_LEN);
}

/* Whether an account id is one of this store's own accounts. */
static int
own_account(void *arg, const struct account *a, int64_t created)
{
	(void)created;
	return memcmp(a->uid, arg, UID_LEN) == 0 ? 1 : 0;
}

/*
 * The accounts a device tells: known roles, none a station's, none of
 * this store's own accounts and none already told by another device, so
 * that a device cannot pass off its versions as the station's or another
 * device's.
 */
static int
told_check(struct store *st, const struct store_peer *p, const unsigned char *e,
    struct xf_err *err)
{
	unsigned char owner[VAULT_KEYID_LEN];
	char role[16], hex[33];
	int rc;

	hex_encode(hex, e, UID_LEN);
	if (e[UID_LEN] == 0 || e[UID_LEN] >= XF_ARRAY_LEN(account_roles) ||
	    strcmp(account_roles[e[UID_LEN]], "station") == 0)
		return xf_error(err, _("device %s tells account %.8s with a role "
		    "a device's account cannot have: the bundle is refused"),
		    p->name, hex);
	if ((rc = store_account_scan(st, own_account, (void *)e, err)) != 0)
		return rc < 0 ? -1 : xf_error(err, _("device %s tells account "
		    "%.8s, which is an account of this station: the bundle is "
		    "refused"), p->name, hex);
	rc = store_peer_account(st, e, owner, role, err);
	if (rc == 1 && memcmp(owner, p->keyid, VAULT_KEYID_LEN) != 0)
		return xf_error(err, _("device %s tells account %.8s, which "
		    "another device told first: the bundle is refused"),
		    p->name, hex);
	return rc < 0 ? -1 : 0;
}

/*
 * At a station: whether an officer of the device vouched for what it told.
 * The tag is checked with the restricted key the device gave at enrolment
 * (or, enrolled from an identity without one, the one it tells); a bundle
 * a volunteer account exports carries none, and one that does not check
 * is refused.
 */
static int
told_vouch(struct store *st, const struct bundle_payload *pl,
    const struct store_peer *p, struct told *t, struct xf_err *err)
{
	unsigned char rkey[32];
	struct buf msg = {0};
	int rc;

	if (!pl->has_vouch)
		return 0;
	if ((rc = store_peer_rkey(st, p->keyid, rkey, err)) < 0)
		return -1;
	if (rc == 0 && !pl->has_rkey)
		return xf_error(err, _("device %s vouches for its accounts "
		    "without a restricted key to check it by: the bundle is "
		    "refused"), p->name);
	bundle_vouch_msg(&msg, &pl->m, pl->has_rkey ? pl->rkey : NULL,
	    pl->accounts, pl->naccounts);
	rc = vault_vouch_check(store_vault(st), rc == 1 ? rkey : pl->rkey,
	    msg.data, msg.len, pl->vouch);
	buf_free(&msg);
	if (rc != 0)
		return xf_error(err, _("the officer's vouch for the accounts "
		    "device %s tells does not check: the bundle was not made "
		    "by xunfang as it ships, and is refused"), p->name);
	t->vouched = 1;
	return 0;
}

/* At a station: check and sort the accounts a device's bundle tells. */
static int
told_load(struct store *st, const struct bundle_payload *pl,
    const struct store_peer *p, struct told *t, struct xf_err *err)
{
	if (told_vouch(st, pl, p, t, err) != 0)
		return -1;
	t->n = pl->naccounts;
	t->told = pl->has_sender;
	t->uid = xcalloc(t->n + 1, sizeof *t->uid);
	if (t->n > 0)
		memcpy(t->uid, pl->accounts, t->n * BUNDLE_ACCOUNT_LEN);
	qsort(t->uid, t->n, sizeof *t->uid, told_cmp);
	for (size_t i = 0; i < t->n; i++) {
		if (i > 0 && memcmp(t->uid[i - 1], t->uid[i], UID_LEN) == 0)
			return xf_error(err, _("device %s tells an account "
			    "twice: the bundle is refused"), p->name);
		if (told_check(st, p, t->uid[i], err) != 0)
			return -1;
	}
	return 0;
}

/* At a station: a version's author must be an account of the device
 * that signed the bundle, told in it or in an earlier one. */
static int
author_check(struct store *st, const struct told *t,
    const struct bundle_version *bv, const struct store_peer *p,
    const char *vid, struct xf_err *err)
{
	unsigned char owner[VAULT_KEYID_LEN];
	char role[16], hex[33], key[17];
	int rc;

	if (bsearch(bv->v.author, t->uid, t->n, sizeof *t->uid,
	    told_cmp) != NULL)
		return 0;
	rc = store_peer_account(st, bv->v.author, owner, role, err);
	if (rc < 0)
		return -1;
	if (rc == 1 && memcmp(owner, p->keyid, VAULT_KEYID_LEN) == 0)
		return 0;
	hex_encode(hex, bv->v.author, UID_LEN);
	keyid_hex(p->keyid, key);
	if (!t->told)
		return xf_error(err, _("version %.8s names author %.8s, and "
		    "device %s (key %.8s…) has not told its accounts: its "
		    "xunfang is older than the station's; upgrade it"), vid,
		    hex, p->name, key);
	return xf_error(err, _("version %.8s names author %.8s, which is not "
	    "an account of device %s (key %.8s…) that signed the bundle: it "
	    "is refused"), vid, hex, p->name, key);
}

/*
 * At a station: the role of a version's author. Roles an officer vouched
 * for in this bundle are taken as told; otherwise the one recorded from
 * an earlier bundle, or, for an account no officer has vouched for yet, a
 * volunteer's: a device's volunteer account signs bundles too, and must
 * not pass itself off as an officer.
 */
static const char *
author_role(struct store *st, const struct told *t, const unsigned char *uid,
    char role[16], struct xf_err *err)
{
	const unsigned char *e = NULL;
	unsigned char owner[VAULT_KEYID_LEN];
	int rc;

	if (t->vouched && (e = bsearch(uid, t->uid, t->n, sizeof *t->uid,
	    told_cmp)) != NULL)
		return account_roles[e[UID_LEN]];
	if ((rc = store_peer_account(st, uid, owner, role, err)) < 0)
		return NULL;
	return rc == 1 ? role : "volunteer";
}

/*
 * One version: known kind, authorship, strict body, sane clock. -1 when
 * the bundle is refused; 1 when this version alone is, *why saying why
 * (a stamp no clock gives, a value local entry would not have stored):
 * the rest is imported, so that one wrong clock or one bad value does not
 * hold up that device's every later bundle (its acknowledgement covers
 * the version, which is not sent again).
 */
static int
version_check(struct store *st, const struct told *t,
    const struct bundle_version *bv, const struct store_peer *p,
    uint64_t limit, char *hex, char **why, struct xf_err *err)
{
	const struct kind *k = kind_by_id(bv->v.kind);
	const struct field *bad;
	int rc;

	hex_encode(hex, bv->v.vid, VID_LEN);
	if (k == NULL)
		return xf_error(err, _("version %.8s is of a kind this "
		    "xunfang does not know (%d): upgrade xunfang"), hex,
		    bv->v.kind);
	if (p->role == ROLE_DEVICE &&
	    memcmp(bv->v.device, p->keyid, VAULT_KEYID_LEN) != 0)
		return xf_error(err, _("version %.8s claims another "
		    "device as its author; a device sends only its own "
		    "versions"), hex);
	if (p->role == ROLE_STATION &&
	    memcmp(bv->v.device, store_device(st), VAULT_KEYID_LEN) == 0)
		return xf_error(err, _("the station's bundle carries version "
		    "%.8s as written on this device, which a station never "
		    "sends back: it is refused"), hex);
	if (kind_check(k, bv, p, hex, err) != 0 || (p->role == ROLE_DEVICE &&
	    author_check(st, t, bv, p, hex, err) != 0))
		return -1;
	if ((rc = body_ok(k, bv->v.tomb, bv->body, bv->bodylen, &bad)) < 0)
		return xf_error(err, _("version %.8s has a malformed "
		    "body (or fields of a newer xunfang): upgrade "
		    "xunfang"), hex);
	/* A choice this xunfang does not know may be a newer one's: the
	 * bundle waits for the upgrade rather than lose the version. */
	if (rc > 0 && bad->type == FT_CHOICE)
		return xf_error(err, _("version %.8s holds a choice in field "
		    "'%s' that this xunfang does not know: the bundle is "
		    "refused; upgrade xunfang, or correct the record on the "
		    "device that wrote it"), hex, bad->name);
	if (rc > 0) {
		*why = xasprintf(_("field '%s' holds a value local entry would "
		    "refuse"), bad->name);
		return 1;
	}
	if (bv->v.hlc == 0 || bv->v.hlc > limit) {
		*why = xstrdup(_("stamped years ahead: check the clock of the "
		    "computer that wrote it"));
		return 1;
	}
	return 0;
}

/* Name a version refused alone: its record's id, kind and stamp, and
 * why. */
static void
skipped_note(struct sync_import *out, const struct bundle_version *bv,
    const char *why)
{
	const struct kind *k = kind_by_id(bv->v.kind);
	struct buf b = {0};
	char when[11], hex[2 * RID_LEN + 1];

	if (out->nskipped++ >= 8) {
		if (out->nskipped == 9)
			buf_addf(&b, "%s…", out->skipped ? out->skipped : "");
		else
			return;
	} else {
		date_format((int64_t)((bv->v.hlc >> 16) / 1000), when);
		hex_encode(hex, bv->v.rid, RID_LEN);
		buf_addf(&b, "%s%s%s %.8s (%s, %s)", out->skipped ?
		    out->skipped : "", out->skipped ? "; " : "", kind_label(k),
		    hex, when, why);
	}
	free(out->skipped);
	out->skipped = xstrdup(buf_str(&b));
	buf_free(&b);
}

/* The restricted key a peer tells is the one it has: a key changes only
 * when the peer is enrolled again (a volunteer account, which signs
 * bundles too, must not have the station seal to a key of its own). */
static int
rkey_check(struct store *st, const struct bundle_payload *pl,
    const struct store_peer *p, struct xf_err *err)
{
	unsigned char have[32];
	char hex[17];
	int rc;

	if (!pl->has_rkey)
		return 0;
	if ((rc = store_peer_rkey(st, p->keyid, have, err)) != 1)
		return rc;
	if (memcmp(have, pl->rkey, 32) == 0)
		return 0;
	keyid_hex(p->keyid, hex);
	return xf_error(err, _("%s %s (key %.8s…) tells a restricted key other "
	    "than the one it was enrolled with: the bundle is refused; if the "
	    "%s was set up again, enrol it again"), sync_role_name(p->role),
	    p->name, hex, sync_role_name(p->role));
}

/* Every version: known kind, sane clock, authorship, strict body. */
static int
import_validate(struct store *st, struct bundle_payload *pl,
    const struct store_peer *p, struct told *t, struct sync_import *out,
    struct xf_err *err)
{
	uint64_t limit = ((uint64_t)time_now() * 1000 + HLC_FUTURE_MS) << 16;
	char hex[33];
	int rc = 0;

	if (p->role == ROLE_DEVICE && pl->nr > 0)
		return xf_error(err, _("device %s may not send revocations: "
		    "only the station revokes; nothing was imported"), p->name);
	if (rkey_check(st, pl, p, err) != 0 || (p->role == ROLE_DEVICE &&
	    told_load(st, pl, p, t, err) != 0))
		return -1;
	for (size_t i = 0; i < pl->nv && rc >= 0; i++) {
		char *why = NULL;

		if ((rc = version_check(st, t, &pl->v[i], p, limit, hex, &why,
		    err)) == 1) {
			pl->v[i].skip = 1;
			skipped_note(out, &pl->v[i], why);
		}
		free(why);
	}
	return rc < 0 ? -1 : 0;
}

/* At a station: a new version by a device's volunteer account keeps the
 * rules its device keeps for a volunteer, checked again. */
static int
import_role_check(struct store *st, const struct told *t,
    const struct store_peer *p, const struct bundle_version *bv,
    struct xf_err *err)
{
	const char *role;
	char buf[16];

	if (p->role != ROLE_DEVICE)
		return 0;
	if ((role = author_role(st, t, bv->v.author, buf, err)) == NULL)
		return -1;
	if (strcmp(role, "volunteer") != 0)
		return 0;
	return record_check_volunteer(st, kind_by_id(bv->v.kind), &bv->v,
	    p->name, err);
}

/* A version of a bundle by record id, then by its place in the bundle. */
struct by_rid {
	const unsigned char *rid;
	size_t i;
};

static int
by_rid_cmp(const void *a, const void *b)
{
	const struct by_rid *x = a, *y = b;
	int c = memcmp(x->rid, y->rid, RID_LEN);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/*
 * Put the versions; count what was new. Inside the transaction. They go
 * in by record id: record ids are random, and a large bundle put in its
 * own order would insert at random places in the indexes on the record
 * id, so that the pages a transaction changes outgrow the page cache and
 * each is written many times; in id order each page is changed once.
 * A record's versions keep their order (a version may also come before
 * its parent: store_put_version sees that).
 */
static int
import_versions(struct store *st, const struct bundle_payload *pl,
    const struct told *t, const struct store_peer *p,
    struct sync_import *out, struct xf_err *err)
{
	char *vals[256];
	struct buf body = {0};
	struct by_rid *order = xreallocarray(NULL, pl->nv ? pl->nv : 1,
	    sizeof *order);
	int rc = 0;

	for (size_t i = 0; i < pl->nv; i++)
		order[i] = (struct by_rid){pl->v[i].v.rid, i};
	qsort(order, pl->nv, sizeof *order, by_rid_cmp);
	store_bulk_sorted(st);
	for (size_t n = 0; n < pl->nv && rc >= 0; n++) {
		const struct bundle_version *bv = &pl->v[order[n].i];
		const struct kind *k = kind_by_id(bv->v.kind);

		if (bv->skip)
			continue;
		body.len = 0;
		buf_add(&body, bv->body, bv->bodylen);
		if (record_decode(k, (char *)body.data, body.len, vals) != 0) {
			rc = xf_error(err, _("a version's body does not decode"));
			break;
		}
		rc = record_put_why(st, k, &bv->v, vals,
		    record_body_reason((char *)body.data, body.len), 1, err);
		if (rc == 1 && import_role_check(st, t, p, bv, err) != 0) {
			out->refused = 1;
			rc = -1;
		}
		if (rc == 1) {
			out->added++;
			out->added_by_kind[k->id]++;
		} else if (rc == 0)
			out->held++;
	}
	free(order);
	buf_free(&body);
	return rc < 0 ? -1 : 0;
}

/* What the sender item told: its restricted key, a device's accounts
 * (their roles as told if an officer vouched for them, else an account
 * not known before as a volunteer's, and a known one as it was). */
static int
import_told(struct store *st, const struct bundle_payload *pl,
    const struct store_peer *p, const struct told *t, struct xf_err *err)
{
	unsigned char owner[VAULT_KEYID_LEN];
	char role[16];
	int rc;

	if (pl->has_rkey && store_peer_rkey_put(st, p->keyid, pl->rkey,
	    err) != 0)
		return -1;
	for (size_t i = 0; p->role == ROLE_DEVICE && i < pl->naccounts; i++) {
		const unsigned char *e = pl->accounts + i * BUNDLE_ACCOUNT_LEN;

		if (!t->vouched && (rc = store_peer_account(st, e, owner, role,
		    err)) != 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		if (store_peer_account_put(st, e, p->keyid, t->vouched ?
		    account_roles[e[UID_LEN]] : "volunteer", err) != 0)
			return -1;
	}
	return 0;
}

/* Revocations (from a station) and the peer's acknowledgement state. */
static int
import_state(struct store *st, const struct bundle_payload *pl,
    struct store_peer *p, int64_t before, struct sync_import *out,
    struct xf_err *err)
{
	int64_t after;
	int rc;

	for (size_t i = 0; i < pl->nr && p->role == ROLE_STATION; i++) {
		if ((rc = store_revoke(st, pl->r[i].keyid, pl->r[i].at,
		    err)) < 0)
			return -1;
		out->nrevoked_new += (size_t)rc;
		if (memcmp(pl->r[i].keyid, store_device(st),
		    VAULT_KEYID_LEN) == 0)
			out->self_revoked = 1;
	}
	if (store_max_seq(st, &after, err) != 0)
		return -1;
	if (after > before && store_recv_range_add(st, p->keyid, before + 1,
	    after, err) != 0)
		return -1;
	if (pl->m.from <= p->hw_in && pl->m.to > p->hw_in)
		p->hw_in = pl->m.to;
	if (pl->m.ack > p->acked && pl->m.ack <= (uint64_t)after)
		p->acked = pl->m.ack;
	p->seq_in = pl->m.seq;
	p->last_sync = time_now();
	return store_peer_put(st, p, err);
}

/*
 * A bundle numbered at or below the last one imported from the peer: seen
 * before (or older than one that carried what it has), it adds nothing
 * and changes nothing; if it would add a version or a revocation it is a
 * replayed or rolled-back bundle and is refused (not a failure to store:
 * a synced folder moves it aside). Nothing is kept.
 */
static int
import_stale(struct store *st, const struct bundle_payload *pl,
    const struct told *t, struct store_peer *p, struct sync_import *out,
    struct xf_err *err)
{
	char hex[17];
	int rc, fresh = 0;

	if (store_begin(st, err) != 0) {
		out->store_failed = 1;
		return -1;
	}
	rc = import_versions(st, pl, t, p, out, err);
	for (size_t i = 0; i < pl->nr && p->role == ROLE_STATION; i++)
		fresh |= !store_is_revoked(st, pl->r[i].keyid);
	store_rollback(st);
	if (rc != 0) {
		out->store_failed = !out->refused;
		return -1;
	}
	if (out->added == 0 && !fresh)
		return 0;
	memset(out->added_by_kind, 0, sizeof out->added_by_kind);
	out->added = out->held = 0;
	keyid_hex(p->keyid, hex);
	return xf_error(err, _("bundle %llu from %s %s (%.8s…) is not newer "
	    "than bundle %llu already imported from it, and it carries what "
	    "this store does not hold: a replayed or rolled-back bundle is "
	    "refused"), (unsigned long long)pl->m.seq,
	    sync_role_name(p->role), p->name, hex,
	    (unsigned long long)p->seq_in);
}

/* One transaction: all of the bundle or none of it. */
static int
import_apply(struct store *st, const struct bundle_payload *pl,
    const struct told *t, struct store_peer *p, struct sync_import *out,
    struct xf_err *err)
{
	int64_t before;

	if (store_begin(st, err) != 0)
		return -1;
	if (store_max_seq(st, &before, err) != 0 ||
	    import_versions(st, pl, t, p, out, err) != 0 ||
	    import_told(st, pl, p, t, err) != 0 ||
	    import_state(st, pl, p, before, out, err) != 0 ||
	    (p->role == ROLE_STATION && store_station_time_put(st,
	    out->hdr.created, err) != 0) ||
	    import_audit(st, pl, p, err) != 0 ||
	    audit_log(st, AUDIT_IMPORT, 0, p->keyid, VAULT_KEYID_LEN, err) != 0) {
		store_rollback(st);
		memset(out->added_by_kind, 0, sizeof out->added_by_kind);
		out->added = out->held = out->nrevoked_new = 0;
		return -1;
	}
	return store_commit(st, err);
}

/* Verify a bundle step by step and import it in one transaction. */
int
sync_import(struct store *st, const unsigned char *data, size_t len,
    int verify_only, struct sync_import *out, struct xf_err *err)
{
	struct bundle_payload pl;
	struct store_peer p;
	struct buf plain = {0};
	struct told t = {NULL, 0, 0, 0};
	int rc;

	memset(out, 0, sizeof *out);
	memset(&pl, 0, sizeof pl);
	if (bundle_read_header(data, len, &out->hdr, err) != 0 ||
	    import_outer(st, &out->hdr, &p, err) != 0)
		return -1;
	out->sender_name = xstrdup(p.name);
	rc = bundle_check_signature(data, len, p.sign_pk, err);
	if (rc == 0)
		rc = bundle_decrypt(store_vault(st), data, len, &plain, err);
	if (rc == 0)
		rc = bundle_decode(plain.data, plain.len, &pl, err);
	if (rc == 0)
		rc = import_inner(&out->hdr, &pl.m, err);
	if (rc == 0)
		rc = import_validate(st, &pl, &p, &t, out, err);
	out->nversions = pl.nv;
	/* A device's bundle made "later" than now: its clock is ahead of
	 * this station's, and its records' times with it. (Behind cannot
	 * be told apart from a bundle that took its time to come.) */
	if (rc == 0 && p.role != ROLE_STATION &&
	    out->hdr.created > time_now() + SYNC_CLOCK_AHEAD)
		out->clock_ahead = out->hdr.created - time_now();
	if (rc == 0 && !verify_only && pl.m.seq <= p.seq_in)
		rc = import_stale(st, &pl, &t, &p, out, err);
	else if (rc == 0 && !verify_only) {
		rc = import_apply(st, &pl, &t, &p, out, err);
		out->store_failed = rc != 0 && !out->refused;
	}
	free(t.uid);
	bundle_payload_free(&pl);
	buf_free(&plain);
	sync_peer_clear(&p);
	return rc;
}

/* Free what an import result holds. */
void
sync_import_clear(struct sync_import *r)
{
	free(r->sender_name);
	r->sender_name = NULL;
	free(r->skipped);
	r->skipped = NULL;
}

/* A line saying which versions were refused alone and why, or NULL. */
const char *
sync_import_skipped(const struct sync_import *r)
{
	static char line[1024];

	if (r->nskipped == 0)
		return NULL;
	snprintf(line, sizeof line, ngettext("%zu version refused, the rest "
	    "imported: %s", "%zu versions refused, the rest imported: %s",
	    r->nskipped), r->nskipped, r->skipped);
	return line;
}

/* A line saying the sender's clock is ahead of this one's, or NULL. */
const char *
sync_import_clock(const struct sync_import *r)
{
	static char line[256];

	if (r->clock_ahead <= 0)
		return NULL;
	snprintf(line, sizeof line, _("the device's clock is %lld minutes "
	    "ahead of this computer's: the times it stamped may be late; "
	    "ask its officer to set the date and time"),
	    (long long)(r->clock_ahead + 59) / 60);
	return line;
}

/* ---- Warnings ---- */

/* Live warnings whose valid_until date has not passed, issued by now. */
int
sync_warnings_now(struct store *st, int64_t now, struct rec_list *l,
    struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_WARNING);
	char today[11];
	size_t n = 0;

	if (record_list(st, k, l, err) != 0)
		return -1;
	date_format(now, today);
	for (size_t i = 0; i < l->n; i++) {
		const struct record *r = &l->rows[i];

		if (r->val[WARNING_F_VALID_UNTIL] != NULL &&
		    strcmp(r->val[WARNING_F_VALID_UNTIL], today) < 0)
			continue;
		if (r->val[WARNING_F_ISSUED] != NULL &&
		    strtoll(r->val[WARNING_F_ISSUED], NULL, 10) > now)
			continue;
		l->rows[n++] = *r;
	}
	l->n = n;
	return 0;
}
