/*
 * Authorization at import and for peer management, through the core API:
 * a device gone wrong (it holds its own signing key) sends a warning, a
 * version authored by a station account, a bundle numbered backwards; a
 * station forwards a warning written by a device; a volunteer account at
 * the station enrols and revokes; a volunteer at a device opens the
 * restricted values of a station bundle with its unlocked keys; a
 * volunteer's changed xunfang drops parties, deletes the station's record,
 * tells itself an officer or tells a restricted key of its own. Each is
 * refused with a message naming what, and the store is unchanged.
 */
#include "config.h"

#include <stdarg.h>

#include "tap.h"
#include "bundle_util.h"
#include "core/field.h"

#define VPASS "volunteer passphrase 77"

struct world {
	char *dir, *st_path, *dev_path;
	struct store *st, *dev;
	unsigned char st_box[32], dev_box[32];
};

/* The head version of a record. */
static int
grab_head(void *arg, const struct store_row *r)
{
	if (r->head)
		memcpy(arg, r->v.vid, VID_LEN);
	return 0;
}

/* Write one record of a kind from name=value pairs; rid NULL for new. */
static void
put(struct store *st, int kind, const unsigned char *rid,
    unsigned char *rid_out, ...)
{
	const struct kind *k = kind_by_id(kind);
	char *vals[64] = {0};
	unsigned char parent[VID_LEN];
	struct xf_err err;
	const char *name;
	va_list ap;

	va_start(ap, rid_out);
	while ((name = va_arg(ap, const char *)) != NULL)
		vals[kind_field_index(k, name)] = va_arg(ap, char *);
	va_end(ap);
	if (rid != NULL && store_scan_record(st, rid, grab_head, parent,
	    &err) != 0)
		exit(1);
	if (store_begin(st, &err) != 0 || record_write(st, k, rid,
	    rid ? (const unsigned char (*)[VID_LEN])parent : NULL, rid ? 1 : 0,
	    vals, 0, rid_out, NULL, &err) != 0 || store_commit(st, &err) != 0) {
		fprintf(stderr, "Bail out! write: %s\n", err.msg);
		exit(1);
	}
}

/* A version item of kind, written by device dev as author, with body. */
static void
item(struct buf *b, int kind, const unsigned char *dev,
    const unsigned char *author, char **vals)
{
	struct version v;
	struct buf body = {0};

	memset(&v, 0, sizeof v);
	vault_random(v.rid, RID_LEN);
	vault_random(v.vid, VID_LEN);
	v.kind = kind;
	v.hlc = ((uint64_t)time_now() * 1000) << 16;
	memcpy(v.device, dev, VAULT_KEYID_LEN);
	memcpy(v.author, author, UID_LEN);
	record_encode(kind_by_id(kind), vals, &body);
	bundle_version_put(b, &v, body.data, body.len);
	buf_free(&body);
}

/* Drop the sender item that follows the manifest (at) of a payload, so
 * that a forged one takes its place. */
static void
skip_sender(struct buf *plain, size_t at)
{
	const unsigned char *p = plain->data + at, *end;
	uint64_t n;

	if (plain->len <= at || p[0] != 5)
		return;
	end = p + 2 + (p[1] & 1 ? 32 : 0);
	if (read_varint(&end, plain->data + plain->len, &n) != 0)
		exit(1);
	end += n * BUNDLE_ACCOUNT_LEN + (p[1] & 2 ? 32 : 0);
	memmove(plain->data + at, end, (size_t)(plain->data + plain->len - end));
	plain->len -= (size_t)(end - p);
}

/* Drop the officer's vouch from the sender item after the manifest (at):
 * a forger without the restricted key cannot make one, and one made for
 * another bundle number does not check. */
static void
unvouch(struct buf *plain, size_t at)
{
	unsigned char *p = plain->data + at;
	const unsigned char *end;
	uint64_t n;

	if (plain->len <= at + 1 || p[0] != 5 || !(p[1] & 2))
		return;
	end = p + 2 + (p[1] & 1 ? 32 : 0);
	if (read_varint(&end, plain->data + plain->len, &n) != 0)
		exit(1);
	end += n * BUNDLE_ACCOUNT_LEN;
	memmove((unsigned char *)end, end + 32,
	    (size_t)(plain->data + plain->len - end - 32));
	plain->len -= 32;
	p[1] &= (unsigned char)~2;
}

/* A sender item from a device telling these accounts (uid, role code),
 * and no restricted key. */
static void
sender(struct buf *b, const unsigned char *uid1, const unsigned char *uid2)
{
	unsigned char e[2 * BUNDLE_ACCOUNT_LEN];
	size_t n = uid2 ? 2 : 1;

	memcpy(e, uid1, UID_LEN);
	e[UID_LEN] = 1;
	if (uid2 != NULL) {
		memcpy(e + BUNDLE_ACCOUNT_LEN, uid2, UID_LEN);
		e[2 * BUNDLE_ACCOUNT_LEN - 1] = 1;
	}
	bundle_sender_put(b, NULL, e, n, NULL);
}

/* A bundle as its signer could make it: the payload of a real bundle
 * (opened with the recipient's keys), extra items after the manifest, a
 * new sequence number, compressed, sealed and signed by from. */
static void
forge(struct store *from, struct store *to, const unsigned char to_box[32],
    const unsigned char *real, size_t len, uint64_t seq,
    const struct buf *extra, size_t nextra, size_t nrev, struct buf *out)
{
	struct bundle_payload pl;
	struct bundle_hdr hdr;
	struct buf plain = {0}, m = {0}, end = {0}, z = {0};
	struct bundle_writer *w;
	struct xf_err err;

	if (bundle_read_header(real, len, &hdr, &err) != 0 ||
	    bundle_decrypt(store_vault(to), real, len, &plain, &err) != 0 ||
	    bundle_decode(plain.data, plain.len, &pl, &err) != 0) {
		fprintf(stderr, "Bail out! open: %s\n", err.msg);
		exit(1);
	}
	bundle_manifest_put(&m, &pl.m);
	if (extra->len > 0 && extra->data[0] == 5)
		skip_sender(&plain, m.len);
	else
		unvouch(&plain, m.len);
	bundle_end_put(&end, pl.m.nversions, pl.m.nrevoked);
	store_u64be(plain.data + 1 + 2 * VAULT_KEYID_LEN, seq);
	w = bundle_writer_new(6);
	buf_add(bundle_writer_buf(w), plain.data, m.len);
	buf_add(bundle_writer_buf(w), extra->data, extra->len);
	buf_add(bundle_writer_buf(w), plain.data + m.len,
	    plain.len - m.len - end.len);
	bundle_end_put(bundle_writer_buf(w), pl.m.nversions + nextra,
	    pl.m.nrevoked + nrev);
	if (bundle_writer_finish(w, &z, &err) != 0)
		exit(1);
	hdr.seq = seq;
	out->len = 0;
	bundle_seal(store_vault(from), &hdr, to_box, &z, out);
	bundle_payload_free(&pl);
	buf_free(&plain);
	buf_free(&m);
	buf_free(&end);
	buf_free(&z);
}

/* Import must fail naming want, and leave the store at path unchanged. */
static void
refused(struct store *st, const char *path, const struct buf *b,
    const char *want, const char *what)
{
	uint64_t before = tu_digest(path);
	struct sync_import r;
	struct xf_err err;
	int rc;

	err.msg[0] = '\0';
	rc = sync_import(st, b->data, b->len, 0, &r, &err);
	sync_import_clear(&r);
	ok(rc != 0 && !r.store_failed && strstr(err.msg, want) != NULL &&
	    tu_digest(path) == before, "%s is refused: %s", what, err.msg);
}

/* Import must succeed; the number of versions added. */
static size_t
imported(struct store *st, const unsigned char *p, size_t len)
{
	struct sync_import r;
	struct xf_err err;
	size_t added;

	if (sync_import(st, p, len, 0, &r, &err) != 0) {
		printf("# import: %s\n", err.msg);
		sync_import_clear(&r);
		return (size_t)-1;
	}
	added = r.added;
	sync_import_clear(&r);
	return added;
}

/* The station and one device of 张村, enrolled both ways, one round. */
static void
setup(struct world *w)
{
	struct identity id;
	unsigned char *p;
	size_t len;

	w->dir = tu_dir("sync_authz");
	w->st = tu_store(w->dir, "st.db", ROLE_STATION, 0);
	w->dev = tu_store(w->dir, "dev.db", ROLE_DEVICE, 0);
	w->st_path = xasprintf("%s/st.db", w->dir);
	w->dev_path = xasprintf("%s/dev.db", w->dir);
	identity_self(w->st, &id);
	memcpy(w->st_box, id.box_pk, 32);
	identity_self(w->dev, &id);
	memcpy(w->dev_box, id.box_pk, 32);
	tu_enroll(w->st, w->dev, "张村笔记本", "张村");
	tu_enroll(w->dev, w->st, NULL, NULL);
	put(w->dev, KIND_PATROL, NULL, NULL, "type", "foot", NULL);
	p = tu_export(w->dev, "station", w->dir, "d1.xfb", &len);
	ok(imported(w->st, p, len) == 1, "the device's first bundle imports");
	free(p);
}

/* Items a device may not send, in a bundle it signed. */
static void
test_device_kinds(struct world *w)
{
	const struct kind *k = kind_by_id(KIND_WARNING);
	char *vals[16] = {0}, *pv[16] = {0};
	unsigned char *p, uid[UID_LEN];
	struct buf x = {0}, b = {0};
	size_t len;

	vals[kind_field_index(k, "title")] = (char *)"紧急预警";
	vals[kind_field_index(k, "level")] = (char *)"urgent";
	vals[kind_field_index(k, "text")] = (char *)"全村立即撤离";
	vals[kind_field_index(k, "issued")] = (char *)"1764300000";
	pv[0] = (char *)"foot";
	pv[1] = (char *)"1764300000";
	put(w->dev, KIND_PATROL, NULL, NULL, "type", "bicycle", NULL);
	p = tu_export(w->dev, "station", w->dir, "d2.xfb", &len);
	item(&x, KIND_WARNING, store_device(w->dev), store_user(w->dev), vals);
	forge(w->dev, w->st, w->st_box, p, len, 2, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "device 张村笔记本 (key ",
	    "a warning from a device (the device named)");
	refused(w->st, w->st_path, &b, "may not send Warning records",
	    "a warning from a device (the kind named)");
	x.len = 0;
	item(&x, KIND_PATROL, store_device(w->dev), store_user(w->st), pv);
	forge(w->dev, w->st, w->st_box, p, len, 2, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "not an account of",
	    "a version authored by a station account");
	x.len = 0;
	vault_random(uid, UID_LEN);
	item(&x, KIND_PATROL, store_device(w->dev), uid, pv);
	forge(w->dev, w->st, w->st_box, p, len, 2, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "not an account of",
	    "a version authored by an unknown account");
	x.len = 0;
	bundle_revoked_put(&x, store_device(w->dev), time_now());
	forge(w->dev, w->st, w->st_box, p, len, 2, &x, 0, 1, &b);
	refused(w->st, w->st_path, &b, "revocation",
	    "a revocation from a device");
	x.len = 0;
	sender(&x, store_user(w->dev), store_user(w->st));
	item(&x, KIND_PATROL, store_device(w->dev), store_user(w->st), pv);
	forge(w->dev, w->st, w->st_box, p, len, 2, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "which is an account of this station",
	    "a device telling a station account as its own");

	buf_free(&b);
	ok(imported(w->st, p, len) == 1, "the device's honest bundle imports");
	free(p);
	buf_free(&x);
}

/* Sequence numbers only go forward; a bundle seen again adds nothing. */
static void
test_sequence(struct world *w)
{
	char *pv[16] = {0};
	unsigned char *p1, *p2;
	struct buf x = {0}, b = {0};
	size_t l1, l2;

	pv[0] = (char *)"vehicle";
	pv[1] = (char *)"1764300000";
	put(w->dev, KIND_PATROL, NULL, NULL, "type", "vehicle", NULL);
	p1 = tu_export(w->dev, "station", w->dir, "d3.xfb", &l1);
	put(w->dev, KIND_PATROL, NULL, NULL, "type", "checkpoint", NULL);
	p2 = tu_export(w->dev, "station", w->dir, "d4.xfb", &l2);
	ok(imported(w->st, p2, l2) == 2, "bundle 4 imports");
	ok(imported(w->st, p2, l2) == 0, "bundle 4 again adds nothing");
	ok(imported(w->st, p1, l1) == 0, "the older bundle 3, all of it held, "
	    "adds nothing and is not an error");
	item(&x, KIND_PATROL, store_device(w->dev), store_user(w->dev), pv);
	forge(w->dev, w->st, w->st_box, p1, l1, 3, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "not newer than",
	    "bundle 3 with a new version after bundle 4");
	forge(w->dev, w->st, w->st_box, p1, l1, 1, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "not newer than",
	    "bundle 1 with a new version after bundle 4");
	free(p1);
	free(p2);
	buf_free(&x);
	buf_free(&b);
}

/* What a device takes from its station: no warning written by a device,
 * even through the station. */
static void
test_station_kinds(struct world *w)
{
	const struct kind *k = kind_by_id(KIND_WARNING);
	char *vals[16] = {0}, *pv[16] = {0};
	unsigned char *p, other[VAULT_KEYID_LEN];
	struct buf x = {0}, b = {0};
	size_t len;

	pv[0] = (char *)"foot";
	pv[1] = (char *)"1764300000";
	vals[kind_field_index(k, "title")] = (char *)"假预警";
	vals[kind_field_index(k, "level")] = (char *)"urgent";
	vals[kind_field_index(k, "text")] = (char *)"转账到这个账户";
	vals[kind_field_index(k, "issued")] = (char *)"1764300000";
	p = tu_export(w->st, "张村笔记本", w->dir, "s1.xfb", &len);
	vault_random(other, sizeof other);
	item(&x, KIND_WARNING, other, store_user(w->st), vals);
	forge(w->st, w->dev, w->dev_box, p, len, 1, &x, 1, 0, &b);
	refused(w->dev, w->dev_path, &b, "may not send",
	    "a device's warning forwarded by the station");
	x.len = 0;
	item(&x, KIND_PATROL, store_device(w->dev), store_user(w->dev), pv);
	forge(w->st, w->dev, w->dev_box, p, len, 1, &x, 1, 0, &b);
	refused(w->dev, w->dev_path, &b, "as written on this device",
	    "a station bundle with a version claiming this device wrote it");
	x.len = 0;
	item(&x, KIND_WARNING, store_device(w->st), store_user(w->st), vals);
	forge(w->st, w->dev, w->dev_box, p, len, 1, &x, 1, 0, &b);
	ok(imported(w->dev, b.data, b.len) == 1, "the station's own warning "
	    "is taken");
	free(p);
	buf_free(&x);
	buf_free(&b);
}

/* Reopen a store unlocked as another account. */
static struct store *
reopen(struct store **st, const char *path, const char *user,
    const char *pass)
{
	struct xf_err err;

	store_close(*st);
	if ((*st = fx_open(path, user, pass, &err)) == NULL) {
		fprintf(stderr, "Bail out! unlock %s: %s\n", user, err.msg);
		exit(1);
	}
	return *st;
}

/* Add a volunteer account to a store. */
static void
add_volunteer(struct store *st)
{
	unsigned char uid[UID_LEN];
	struct xf_err err;

	if (store_begin(st, &err) != 0 || store_account_add(st, "vol",
	    "volunteer", VPASS, strlen(VPASS), &fx_kdf, uid, &err) != 0 ||
	    store_commit(st, &err) != 0) {
		fprintf(stderr, "Bail out! account: %s\n", err.msg);
		exit(1);
	}
}

/* A volunteer at the station neither enrols nor revokes. */
static void
test_manage(struct world *w)
{
	struct store *rogue = tu_store(w->dir, "rogue.db", ROLE_DEVICE, 0);
	struct store_peer p;
	struct identity id;
	struct xf_err err;
	uint64_t before;
	int rc;

	identity_self(rogue, &id);
	store_close(rogue);
	add_volunteer(w->st);
	reopen(&w->st, w->st_path, "vol", VPASS);
	before = tu_digest(w->st_path);
	memset(&p, 0, sizeof p);
	rc = sync_revoke(w->st, "张村笔记本", &p, &err);
	if (rc >= 0)
		sync_peer_clear(&p);
	ok(rc < 0 && strstr(err.msg, "volunteer") != NULL &&
	    tu_digest(w->st_path) == before,
	    "a station volunteer cannot revoke: %s", err.msg);
	rc = sync_enroll(w->st, &id, "流氓笔记本", "张村", &err);
	ok(rc < 0 && strstr(err.msg, "volunteer") != NULL &&
	    tu_digest(w->st_path) == before,
	    "a station volunteer cannot enrol: %s", err.msg);
	reopen(&w->st, w->st_path, "officer", TU_PASS);
	ok(sync_enroll(w->st, &id, "新笔记本", "李村", &err) == 1,
	    "the station's officer enrols");
}

/* Try every restricted token of a payload with a vault: how many there
 * were, and how many opened. */
static void
try_tokens(const struct vault *v, const struct bundle_payload *pl,
    int *ntok, int *nopen)
{
	struct buf out = {0};

	for (size_t i = 0; i < pl->nv; i++) {
		const struct kind *k = kind_by_id(pl->v[i].v.kind);
		char *copy = xmalloc(pl->v[i].bodylen + 1), *vals[64] = {0};

		memcpy(copy, pl->v[i].body, pl->v[i].bodylen);
		copy[pl->v[i].bodylen] = '\0';
		if (record_decode(k, copy, pl->v[i].bodylen, vals) != 0)
			continue;
		for (int f = 0; f < k->nfields; f++) {
			unsigned char *raw;
			size_t n;

			if (!(k->fields[f].flags & F_RESTRICTED) ||
			    vals[f] == NULL || vals[f][0] != FIELD_SEALED)
				continue;
			(*ntok)++;
			n = strlen(vals[f] + 1) / 2;
			raw = xmalloc(n + 1);
			if (hex_decode(raw, n, vals[f] + 1) == 0 &&
			    (vault_restricted_open(v, raw, n, &out) == 0 ||
			    vault_restricted_open_id(v, raw, n, &out) == 0))
				(*nopen)++;
			free(raw);
		}
		free(copy);
	}
	buf_free(&out);
}

/* A volunteer at a device holds no key that opens what the station sends
 * restricted; the device's officer reads it. */
static void
test_restricted(struct world *w)
{
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	unsigned char rid[RID_LEN], *p;
	struct bundle_payload pl;
	struct buf plain = {0};
	struct rec_list l;
	struct xf_err err;
	int ntok = 0, nopen = 0, seen = 0;
	size_t len;

	add_volunteer(w->dev);
	put(w->dev, KIND_DISPUTE, NULL, rid, "title", "宅基地", "category",
	    "land", "colour", "red", "status", "reported", "reported",
	    "1764300000", NULL);
	p = tu_export(w->dev, "station", w->dir, "d5.xfb", &len);
	ok(imported(w->st, p, len) == 1, "the device's dispute reaches the "
	    "station");
	free(p);
	put(w->st, KIND_DISPUTE, rid, NULL, "title", "宅基地", "category",
	    "land", "colour", "red", "status", "mediating", "reported",
	    "1764300000", "parties", "张三丰\t13812345678\t张村", NULL);
	p = tu_export(w->st, "张村笔记本", w->dir, "s2.xfb", &len);
	reopen(&w->dev, w->dev_path, "vol", VPASS);
	if (bundle_decrypt(store_vault(w->dev), p, len, &plain, &err) != 0 ||
	    bundle_decode(plain.data, plain.len, &pl, &err) != 0) {
		fprintf(stderr, "Bail out! decrypt: %s\n", err.msg);
		exit(1);
	}
	try_tokens(store_vault(w->dev), &pl, &ntok, &nopen);
	ok(ntok > 0 && nopen == 0, "the volunteer's keys open none of the "
	    "%d restricted values of the station's bundle (%d opened)", ntok,
	    nopen);
	bundle_payload_free(&pl);
	buf_free(&plain);
	reopen(&w->dev, w->dev_path, "officer", TU_PASS);
	ok(imported(w->dev, p, len) >= 1, "the device imports the station's "
	    "bundle");
	if (record_list(w->dev, dk, &l, &err) == 0) {
		for (size_t i = 0; i < l.n; i++) {
			const char *v = l.rows[i].val[kind_field_index(dk,
			    "parties")];

			seen |= v != NULL && strstr(v, "张三丰") != NULL;
		}
		rec_list_free(&l);
	}
	ok(seen, "the device's officer reads the parties the station sent");
	free(p);
}

/* A device that has not told its restricted key gets restricted values
 * withheld: sealed to no key, not to its identity key. */
static void
test_withheld(struct world *w)
{
	struct store *d2 = tu_store(w->dir, "d2.db", ROLE_DEVICE, 0);
	struct bundle_payload pl;
	struct buf plain = {0};
	struct xf_err err;
	unsigned char *p;
	int ntok = 0, nopen = 0;
	size_t len;

	struct store *d3 = tu_store(w->dir, "d3.db", ROLE_DEVICE, 0);
	struct identity id;

	/* An identity of format 1 tells no restricted key. */
	identity_self(d2, &id);
	id.has_rkey = 0;
	if (sync_enroll(w->st, &id, "新笔记本2", "张村", &err) < 0) {
		fprintf(stderr, "Bail out! enrol: %s\n", err.msg);
		exit(1);
	}
	tu_enroll(d2, w->st, NULL, NULL);
	p = tu_export(w->st, "新笔记本2", w->dir, "s3.xfb", &len);
	if (bundle_decrypt(store_vault(d2), p, len, &plain, &err) != 0 ||
	    bundle_decode(plain.data, plain.len, &pl, &err) != 0) {
		fprintf(stderr, "Bail out! decrypt: %s\n", err.msg);
		exit(1);
	}
	try_tokens(store_vault(d2), &pl, &ntok, &nopen);
	ok(ntok > 0 && nopen == 0, "to a device that has not told its "
	    "restricted key, the %d restricted values are withheld (%d "
	    "opened by its officer)", ntok, nopen);
	bundle_payload_free(&pl);
	free(p);
	/* An identity of format 2 tells it at enrolment: the very first
	 * bundle to the device withholds nothing from its officer. */
	tu_enroll(w->st, d3, "新笔记本3", "张村");
	tu_enroll(d3, w->st, NULL, NULL);
	p = tu_export(w->st, "新笔记本3", w->dir, "s4.xfb", &len);
	plain.len = 0;
	if (bundle_decrypt(store_vault(d3), p, len, &plain, &err) != 0 ||
	    bundle_decode(plain.data, plain.len, &pl, &err) != 0) {
		fprintf(stderr, "Bail out! decrypt: %s\n", err.msg);
		exit(1);
	}
	ntok = nopen = 0;
	try_tokens(store_vault(d3), &pl, &ntok, &nopen);
	ok(ntok > 0 && nopen == ntok, "enrolled from its identity, a new "
	    "device's officer opens all %d restricted values of the first "
	    "bundle (%d)", ntok, nopen);
	bundle_payload_free(&pl);
	buf_free(&plain);
	free(p);
	store_close(d2);
	store_close(d3);
}

/* The identity text carries the restricted key, in the fingerprint too,
 * and the store's name; the older formats still read. */
static void
test_identity_text(struct world *w)
{
	struct identity id, back, v1, v2;
	struct buf t = {0}, t1 = {0}, t2 = {0};
	struct xf_err err;
	char fp[IDENTITY_FP_LEN], fp2[IDENTITY_FP_LEN];

	identity_self(w->dev, &id);
	identity_encode(&id, &t);
	v1 = id;
	v1.has_rkey = 0;
	identity_encode(&v1, &t1);
	v2 = id;
	v2.name[0] = '\0';
	identity_encode(&v2, &t2);
	ok(id.has_rkey && strncmp((char *)t.data, "XFID:3:D:R:", 11) == 0 &&
	    identity_parse((char *)t.data, t.len, &back, &err) == 0 &&
	    back.has_rkey && memcmp(back.rkey, id.rkey, 32) == 0 &&
	    strcmp(back.name, store_name(w->dev)) == 0 && back.name[0],
	    "an identity of format 3 carries the restricted key and the name");
	ok(strncmp((char *)t2.data, "XFID:2:D:R:", 11) == 0 &&
	    identity_parse((char *)t2.data, t2.len, &back, &err) == 0 &&
	    back.has_rkey && memcmp(back.rkey, id.rkey, 32) == 0 &&
	    back.name[0] == '\0',
	    "one of format 2 still reads, with the key and no name");
	ok(strncmp((char *)t1.data, "XFID:1:D:R:", 11) == 0 &&
	    identity_parse((char *)t1.data, t1.len, &back, &err) == 0 &&
	    !back.has_rkey && memcmp(back.box_pk, id.box_pk, 32) == 0,
	    "one of format 1 still reads, without it");
	t.data[t.len - 10] = t.data[t.len - 10] == 'A' ? 'B' : 'A';
	ok(identity_parse((char *)t.data, t.len, &back, &err) != 0,
	    "a character of the name changed on the way is caught");
	identity_fingerprint(&id, fp);
	identity_fingerprint(&v2, fp2);
	ok(strcmp(fp, fp2) != 0, "the name is in the fingerprint read aloud");
	id.rkey[0] ^= 1;
	identity_fingerprint(&id, fp2);
	ok(strcmp(fp, fp2) != 0, "a restricted key swapped on the way changes "
	    "the fingerprint read aloud");
	buf_free(&t);
	buf_free(&t1);
	buf_free(&t2);
}

/* A version item of an existing record: a child of parent, or its
 * deletion. */
static void
child(struct buf *b, const unsigned char *dev, const unsigned char *author,
    const unsigned char *rid, const unsigned char *parent, char **vals,
    int tomb)
{
	struct version v;
	struct buf body = {0};

	memset(&v, 0, sizeof v);
	memcpy(v.rid, rid, RID_LEN);
	vault_random(v.vid, VID_LEN);
	v.kind = KIND_DISPUTE;
	v.hlc = ((uint64_t)time_now() * 1000 + 5000) << 16;
	memcpy(v.device, dev, VAULT_KEYID_LEN);
	memcpy(v.author, author, UID_LEN);
	v.nparents = 1;
	memcpy(v.parents[0], parent, VID_LEN);
	v.tomb = tomb;
	if (tomb)
		buf_addc(&body, 1);
	else
		record_encode(kind_by_id(KIND_DISPUTE), vals, &body);
	bundle_version_put(b, &v, body.data, body.len);
	buf_free(&body);
}

/* The current value of a dispute's field in a store, copied ("" none). */
static char *
dispute_field(struct store *st, const unsigned char *rid, const char *name)
{
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	const struct record *r;
	struct rec_list l;
	struct xf_err err;
	char *v = NULL;

	if (record_list(st, dk, &l, &err) != 0)
		return xstrdup("");
	if ((r = rec_list_find(&l, rid)) != NULL &&
	    r->val[kind_field_index(dk, name)] != NULL)
		v = xstrdup(r->val[kind_field_index(dk, name)]);
	rec_list_free(&l);
	return v ? v : xstrdup("");
}

/* Edit a dispute as the unlocked account would: every value as it reads
 * it (restricted ones it cannot read carried sealed), one field set. */
static void
edit_dispute(struct store *st, const unsigned char *rid, const char *name,
    const char *value)
{
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	const struct record *r;
	unsigned char head[VID_LEN];
	char *vals[64] = {0};
	struct rec_list l;
	struct xf_err err;

	if (record_list(st, dk, &l, &err) != 0 ||
	    (r = rec_list_find(&l, rid)) == NULL ||
	    store_scan_record(st, rid, grab_head, head, &err) != 0) {
		fprintf(stderr, "Bail out! edit: no dispute\n");
		exit(1);
	}
	for (int i = 0; i < dk->nfields; i++)
		vals[i] = r->val[i];
	vals[kind_field_index(dk, name)] = (char *)value;
	if (store_begin(st, &err) != 0 || record_write(st, dk, rid,
	    (const unsigned char (*)[VID_LEN])head, 1, vals, 0, NULL, NULL,
	    &err) != 0 || store_commit(st, &err) != 0) {
		fprintf(stderr, "Bail out! edit: %s\n", err.msg);
		exit(1);
	}
	rec_list_free(&l);
}

/* A checkpoint's position and radius decide whether a tick was made at
 * it: a volunteer, who could move the point to where it ticks from, sets
 * neither, on the device nor through a changed xunfang at the station. */
static void
volunteer_place(struct world *w, const unsigned char *vol,
    const unsigned char *off, const unsigned char *base, size_t blen,
    uint64_t seq)
{
	const struct kind *ck = kind_by_id(KIND_CHECKPOINT);
	char *cv[CHECKPOINT_NFIELDS] = {0};
	struct buf x = {0}, b = {0};
	struct xf_err err;
	int rc;

	cv[CHECKPOINT_F_NAME] = (char *)"值班室";
	cv[CHECKPOINT_F_TYPE] = (char *)"mandatory";
	cv[CHECKPOINT_F_LAT] = (char *)"30.500000";
	cv[CHECKPOINT_F_LON] = (char *)"104.000000";
	rc = store_begin(w->dev, &err) == 0 ? record_write(w->dev, ck, NULL,
	    NULL, 0, cv, 0, NULL, NULL, &err) : -1;
	store_rollback(w->dev);
	ok(rc != 0 && strstr(err.msg, "cannot set or move a checkpoint's "
	    "position") != NULL, "a volunteer account cannot place a "
	    "checkpoint on the device: %s", err.msg);
	sender(&x, vol, off);
	item(&x, KIND_CHECKPOINT, store_device(w->dev), vol, cv);
	forge(w->dev, w->st, w->st_box, base, blen, seq, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "sets or moves a checkpoint's "
	    "position", "a volunteer's checkpoint placed where it ticks from");
	cv[CHECKPOINT_F_LAT] = cv[CHECKPOINT_F_LON] = NULL;
	cv[CHECKPOINT_F_RADIUS] = (char *)"5000";
	x.len = 0;
	sender(&x, vol, off);
	item(&x, KIND_CHECKPOINT, store_device(w->dev), vol, cv);
	forge(w->dev, w->st, w->st_box, base, blen, seq, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "sets or moves a checkpoint's "
	    "position", "a volunteer's checkpoint with a radius of 5 km");
	cv[CHECKPOINT_F_RADIUS] = NULL;
	x.len = 0;
	sender(&x, vol, off);
	item(&x, KIND_CHECKPOINT, store_device(w->dev), vol, cv);
	forge(w->dev, w->st, w->st_box, base, blen, seq, &x, 1, 0, &b);
	ok(imported(w->st, b.data, b.len) == 1, "a volunteer's checkpoint "
	    "without a place imports");
	buf_free(&x);
	buf_free(&b);
}

/*
 * A device's volunteer account holds the device's signing key, so a
 * changed xunfang could send what the volunteer rules forbid; the station
 * checks them again. It also tells accounts' roles only as an officer
 * vouched for them, and keeps the restricted key the device was enrolled
 * with. An honest volunteer's edit of a station's dispute comes back
 * readable at the station.
 */
static void
test_volunteer_import(struct world *w)
{
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	unsigned char rid[RID_LEN], head[VID_LEN], vol[UID_LEN], off[UID_LEN];
	unsigned char fake[32], tag[32], e[BUNDLE_ACCOUNT_LEN], *p, *base;
	char *vals[64] = {0}, *v;
	struct buf x = {0}, b = {0};
	struct bundle_hdr hdr;
	struct xf_err err;
	size_t len, blen;

	put(w->dev, KIND_DISPUTE, NULL, rid, "title", "水渠", "category",
	    "land", "colour", "yellow", "status", "reported", "reported",
	    "1764300000", NULL);
	p = tu_export(w->dev, "station", w->dir, "d5b.xfb", &len);
	ok(imported(w->st, p, len) >= 1, "the device's dispute reaches the "
	    "station");
	free(p);
	put(w->st, KIND_DISPUTE, rid, NULL, "title", "水渠", "category",
	    "land", "colour", "yellow", "status", "mediating", "reported",
	    "1764300000", "parties", "李四光\t13900001111\t张村", NULL);
	p = tu_export(w->st, "张村笔记本", w->dir, "s3.xfb", &len);
	ok(imported(w->dev, p, len) >= 1, "the device takes the station's "
	    "dispute");
	free(p);
	memcpy(off, store_user(w->dev), UID_LEN);
	reopen(&w->dev, w->dev_path, "vol", VPASS);
	memcpy(vol, store_user(w->dev), UID_LEN);
	edit_dispute(w->dev, rid, "status", "resolved");
	p = tu_export(w->dev, "station", w->dir, "d6.xfb", &len);
	ok(imported(w->st, p, len) >= 1, "the volunteer's honest edit, "
	    "parties carried unread, imports at the station");
	free(p);
	v = dispute_field(w->st, rid, "parties");
	ok(strstr(v, "李四光") != NULL, "the station still reads the parties "
	    "the volunteer carried: %s", v);
	free(v);

	store_scan_record(w->st, rid, grab_head, head, &err);
	base = tu_export(w->dev, "station", w->dir, "d7.xfb", &blen);
	if (bundle_read_header(base, blen, &hdr, &err) != 0)
		exit(1);
	vals[kind_field_index(dk, "title")] = (char *)"水渠";
	vals[kind_field_index(dk, "category")] = (char *)"land";
	vals[kind_field_index(dk, "colour")] = (char *)"yellow";
	vals[kind_field_index(dk, "status")] = (char *)"resolved";
	vals[kind_field_index(dk, "reported")] = (char *)"1764300000";
	sender(&x, vol, off);
	child(&x, store_device(w->dev), vol, rid, head, vals, 0);
	forge(w->dev, w->st, w->st_box, base, blen, hdr.seq, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "removes or changes a restricted value",
	    "a volunteer's version dropping the parties, its account told "
	    "as an officer's");
	x.len = 0;
	sender(&x, vol, off);
	child(&x, store_device(w->dev), vol, rid, head, NULL, 1);
	forge(w->dev, w->st, w->st_box, base, blen, hdr.seq, &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "deletes a record another account "
	    "wrote", "a volunteer's deletion of the station's dispute");
	x.len = 0;
	vault_random(fake, sizeof fake);
	memcpy(e, vol, UID_LEN);
	e[UID_LEN] = 2;
	bundle_sender_put(&x, fake, e, 1, NULL);
	forge(w->dev, w->st, w->st_box, base, blen, hdr.seq, &x, 0, 0, &b);
	refused(w->st, w->st_path, &b, "other than the one it was enrolled "
	    "with", "a restricted key of the volunteer's own making");
	x.len = 0;
	vault_random(tag, sizeof tag);
	e[UID_LEN] = 1;
	bundle_sender_put(&x, NULL, e, 1, tag);
	forge(w->dev, w->st, w->st_box, base, blen, hdr.seq, &x, 0, 0, &b);
	refused(w->st, w->st_path, &b, "does not check",
	    "a made-up vouch for the volunteer as an officer");
	volunteer_place(w, vol, off, base, blen, hdr.seq);
	free(base);

	reopen(&w->dev, w->dev_path, "officer", TU_PASS);
	edit_dispute(w->dev, rid, "parties", "王五\t13700002222\t张村");
	p = tu_export(w->dev, "station", w->dir, "d8.xfb", &len);
	ok(imported(w->st, p, len) >= 1, "the officer's bundle, which "
	    "vouches, replaces the parties at the station");
	free(p);
	v = dispute_field(w->st, rid, "parties");
	ok(strstr(v, "王五") != NULL && strstr(v, "李四光") == NULL,
	    "the station reads the officer's parties: %s", v);
	free(v);
	buf_free(&x);
	buf_free(&b);
}

/* Whether a station's list of a kind has a record with this text in a
 * field. */
static int
station_has(struct store *st, int kind, const char *field, const char *text)
{
	const struct kind *k = kind_by_id(kind);
	struct rec_list l;
	struct xf_err err;
	int found = 0;

	if (record_list(st, k, &l, &err) != 0)
		return 0;
	for (size_t i = 0; i < l.n; i++) {
		const char *v = l.rows[i].val[kind_field_index(k, field)];

		found |= v != NULL && strcmp(v, text) == 0;
	}
	rec_list_free(&l);
	return found;
}

/*
 * A device (or a hostile one) sends values local entry refuses: a name of
 * 5000 characters, a date that is no date, a time that is no time, a
 * direction override and a C1 control. Each such version is refused alone,
 * named with its field, and the rest of the bundle imported; a choice the
 * station does not know refuses the bundle (a newer xunfang's waits).
 */
static void
test_hostile_values(struct world *w)
{
	const struct kind *vk = kind_by_id(KIND_VILLAGE);
	const struct kind *sk = kind_by_id(KIND_VISIT);
	const struct kind *pk = kind_by_id(KIND_PATROL);
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	char *vals[64] = {0}, *longname = xmalloc(5 * 3000 + 1), *base;
	struct buf x = {0}, b = {0};
	struct bundle_hdr hdr;
	struct sync_import r;
	struct xf_err err;
	size_t blen;
	int rc;

	for (int i = 0; i < 5000; i++)
		memcpy(longname + 3 * i, "长", 3);
	longname[3 * 5000] = '\0';
	base = (char *)tu_export(w->dev, "station", w->dir, "d9.xfb", &blen);
	if (bundle_read_header((unsigned char *)base, blen, &hdr, &err) != 0)
		exit(1);
	vals[kind_field_index(vk, "name")] = longname;
	item(&x, KIND_VILLAGE, store_device(w->dev), store_user(w->dev), vals);
	vals[kind_field_index(vk, "name")] = (char *)"右\u202e村exe.txt";
	item(&x, KIND_VILLAGE, store_device(w->dev), store_user(w->dev), vals);
	vals[kind_field_index(vk, "name")] = (char *)"控\302\2332J村";
	item(&x, KIND_VILLAGE, store_device(w->dev), store_user(w->dev), vals);
	vals[kind_field_index(vk, "name")] = (char *)"好村";
	item(&x, KIND_VILLAGE, store_device(w->dev), store_user(w->dev), vals);
	memset(vals, 0, sizeof vals);
	vals[kind_field_index(sk, "target")] = (char *)"household";
	vals[kind_field_index(sk, "time")] = (char *)"1764300000";
	vals[kind_field_index(sk, "purpose")] = (char *)"advice";
	vals[kind_field_index(sk, "follow_up")] = (char *)"2026-13-45";
	item(&x, KIND_VISIT, store_device(w->dev), store_user(w->dev), vals);
	memset(vals, 0, sizeof vals);
	vals[kind_field_index(pk, "type")] = (char *)"foot";
	vals[kind_field_index(pk, "start")] = (char *)"notatime";
	item(&x, KIND_PATROL, store_device(w->dev), store_user(w->dev), vals);
	forge(w->dev, w->st, w->st_box, (unsigned char *)base, blen, hdr.seq,
	    &x, 6, 0, &b);
	rc = sync_import(w->st, b.data, b.len, 0, &r, &err);
	ok(rc == 0 && r.nskipped == 5 && r.skipped != NULL &&
	    strstr(r.skipped, "'name'") && strstr(r.skipped, "'follow_up'") &&
	    strstr(r.skipped, "'start'"), "five bad values are refused, each "
	    "naming its field: %s", rc == 0 ? sync_import_skipped(&r) :
	    err.msg);
	ok(rc == 0 && station_has(w->st, KIND_VILLAGE, "name", "好村") &&
	    !station_has(w->st, KIND_VILLAGE, "name", longname) &&
	    !station_has(w->st, KIND_VILLAGE, "name", "右\u202e村exe.txt") &&
	    !station_has(w->st, KIND_VILLAGE, "name", "控\302\2332J村"),
	    "the good village of the same bundle is imported, the bad ones "
	    "are not");
	sync_import_clear(&r);
	free(base);

	base = (char *)tu_export(w->dev, "station", w->dir, "d10.xfb", &blen);
	if (bundle_read_header((unsigned char *)base, blen, &hdr, &err) != 0)
		exit(1);
	x.len = 0;
	memset(vals, 0, sizeof vals);
	vals[kind_field_index(dk, "title")] = (char *)"紫色纠纷";
	vals[kind_field_index(dk, "category")] = (char *)"land";
	vals[kind_field_index(dk, "colour")] = (char *)"purple";
	vals[kind_field_index(dk, "status")] = (char *)"reported";
	vals[kind_field_index(dk, "reported")] = (char *)"1764300000";
	item(&x, KIND_DISPUTE, store_device(w->dev), store_user(w->dev), vals);
	forge(w->dev, w->st, w->st_box, (unsigned char *)base, blen, hdr.seq,
	    &x, 1, 0, &b);
	refused(w->st, w->st_path, &b, "field 'colour'",
	    "a colour the station does not know (purple)");
	free(base);
	free(longname);
	buf_free(&x);
	buf_free(&b);
}

int
main(void)
{
	struct world w;
	struct xf_err err;

	if (vault_init(&err) != 0)
		return 1;
	memset(&w, 0, sizeof w);
	setup(&w);
	test_device_kinds(&w);
	test_sequence(&w);
	test_station_kinds(&w);
	test_manage(&w);
	test_restricted(&w);
	test_withheld(&w);
	test_identity_text(&w);
	test_volunteer_import(&w);
	test_hostile_values(&w);
	store_close(w.st);
	store_close(w.dev);
	free(w.st_path);
	free(w.dev_path);
	free(w.dir);
	return tap_done();
}
