/*
 * Bundles under attack: every single-byte change and every truncation of a
 * small bundle is refused and leaves the store unchanged; misaddressed,
 * unenrolled, revoked, demo and future-version bundles are refused with
 * their cause; a payload parser fed mutated input never reads past it.
 */
#include "config.h"

#include <stdarg.h>

#include <zlib.h>

#include "tap.h"
#include "bundle_util.h"
#include "core/vault-sync.h"

struct world {
	char *dir, *st_path;
	struct store *st, *dev;
};

/* Import into the station; 0 if accepted. */
static int
try_import(struct world *w, const unsigned char *p, size_t len,
    struct xf_err *err, struct sync_import *r)
{
	int rc = sync_import(w->st, p, len, 0, r, err);

	sync_import_clear(r);
	return rc;
}

/* Every byte flipped three ways, every cut: all refused, store unchanged. */
static void
test_mutations(struct world *w, const unsigned char *b, size_t len)
{
	static const unsigned char masks[] = {0x01, 0x80, 0xff};
	unsigned char *m = xmalloc(len);
	uint64_t before = tu_digest(w->st_path);
	size_t accepted = 0, changed = 0, cut_ok = 0;
	struct sync_import r;
	struct xf_err err;

	for (size_t i = 0; i < len; i++)
		for (size_t k = 0; k < sizeof masks; k++) {
			memcpy(m, b, len);
			m[i] ^= masks[k];
			if (try_import(w, m, len, &err, &r) == 0)
				accepted++;
			if (tu_digest(w->st_path) != before)
				changed++;
		}
	ok(accepted == 0, "all %zu single-byte changes are refused (%zu "
	    "accepted)", len * sizeof masks, accepted);
	ok(changed == 0 && tu_digest(w->st_path) == before, "the station's "
	    "store is unchanged after every refusal");
	for (size_t n = 0; n < len; n++)
		if (try_import(w, b, n, &err, &r) == 0)
			cut_ok++;
	ok(cut_ok == 0 && tu_digest(w->st_path) == before, "all %zu "
	    "truncations are refused, the store unchanged", len);
	free(m);
}

static int
has(const struct xf_err *err, const char *s)
{
	if (strstr(err->msg, s) != NULL)
		return 1;
	printf("# message: %s\n", err->msg);
	return 0;
}

static void
test_good(struct world *w, const unsigned char *b, size_t len)
{
	struct sync_import r;
	struct xf_err err;
	int rc;

	rc = sync_import(w->st, b, len, 1, &r, &err);
	ok(rc == 0 && r.nversions == 3, "verify accepts the intact bundle");
	sync_import_clear(&r);
	rc = sync_import(w->st, b, len, 0, &r, &err);
	ok(rc == 0 && r.added == 3, "the intact bundle imports 3 versions");
	sync_import_clear(&r);
	rc = sync_import(w->st, b, len, 0, &r, &err);
	ok(rc == 0 && r.added == 0 && r.held == 3, "imported again it adds "
	    "nothing");
	sync_import_clear(&r);
}

/* Refusals that name their cause. */
static void
test_causes(struct world *w, const unsigned char *b, size_t len)
{
	struct store *other = tu_store(w->dir, "other.db", ROLE_STATION, 0);
	struct store *stray = tu_store(w->dir, "stray.db", ROLE_DEVICE, 0);
	unsigned char *m = xmalloc(len), *s;
	struct sync_import r;
	struct xf_err err;
	size_t slen;

	tu_enroll(other, w->dev, "甲", "张村");
	ok(sync_import(other, b, len, 0, &r, &err) != 0 &&
	    has(&err, "addressed to station"), "a bundle for another station "
	    "is refused and says for whom it is");
	sync_import_clear(&r);
	memcpy(m, b, len);
	m[3] = 2;
	ok(sync_import(w->st, m, len, 0, &r, &err) != 0 &&
	    has(&err, "format version 2"), "an unknown format version is "
	    "named");
	sync_import_clear(&r);
	tu_enroll(stray, w->st, NULL, NULL);
	s = tu_export(stray, "station", w->dir, "stray.xfb", &slen);
	ok(sync_import(w->st, s, slen, 0, &r, &err) != 0 &&
	    has(&err, "not enrolled"), "a bundle from an unenrolled device "
	    "is refused");
	sync_import_clear(&r);
	free(s);
	free(m);
	store_close(other);
	store_close(stray);
}

/* Demo and real never mix, in either direction. */
static void
test_demo(struct world *w, const unsigned char *b, size_t len)
{
	struct store *demo_st = tu_store(w->dir, "demo-st.db", ROLE_STATION, 1);
	struct store *demo_dev = tu_store(w->dir, "demo-dev.db", ROLE_DEVICE, 1);
	struct identity id;
	struct store_peer p;
	struct sync_import r;
	struct xf_err err;
	unsigned char *d;
	size_t dlen;

	ok(sync_import(demo_st, b, len, 0, &r, &err) != 0 &&
	    has(&err, "demo"), "a real bundle is refused by a demo store");
	sync_import_clear(&r);
	identity_self(w->dev, &id);
	ok(sync_enroll(demo_st, &id, "x", "y", &err) < 0 &&
	    has(&err, "demo"), "a demo store refuses to enrol a real device");
	identity_self(w->st, &id);
	memset(&p, 0, sizeof p);
	memcpy(p.keyid, id.keyid, VAULT_KEYID_LEN);
	memcpy(p.sign_pk, id.sign_pk, 32);
	memcpy(p.box_pk, id.box_pk, 32);
	p.role = ROLE_STATION;
	p.name = "forced";
	p.village = "";
	store_begin(demo_dev, &err);
	store_peer_put(demo_dev, &p, &err);
	store_commit(demo_dev, &err);
	tu_add(demo_dev, 1, "演示");
	d = tu_export(demo_dev, "forced", w->dir, "demo.xfb", &dlen);
	ok(sync_import(w->st, d, dlen, 0, &r, &err) != 0 &&
	    has(&err, "demo"), "a demo bundle is refused by a real store");
	sync_import_clear(&r);
	free(d);
	store_close(demo_st);
	store_close(demo_dev);
}

/* A bundle signed by the device whose payload names another sender. */
static void
test_inner_sender(struct world *w)
{
	struct bundle_manifest m;
	struct bundle_hdr h;
	struct identity st_id;
	struct bundle_writer *wr = bundle_writer_new(6);
	struct buf z = {0}, out = {0};
	struct sync_import r;
	struct xf_err err;

	identity_self(w->st, &st_id);
	memset(&m, 0, sizeof m);
	memset(&h, 0, sizeof h);
	memcpy(h.sender, store_device(w->dev), VAULT_KEYID_LEN);
	memcpy(h.recipient, st_id.keyid, VAULT_KEYID_LEN);
	h.seq = m.seq = 99;
	memcpy(m.sender, st_id.keyid, VAULT_KEYID_LEN);
	memcpy(m.recipient, st_id.keyid, VAULT_KEYID_LEN);
	bundle_manifest_put(bundle_writer_buf(wr), &m);
	bundle_end_put(bundle_writer_buf(wr), 0, 0);
	bundle_writer_finish(wr, &z, &err);
	bundle_seal(store_vault(w->dev), &h, st_id.box_pk, &z, &out);
	ok(sync_import(w->st, out.data, out.len, 0, &r, &err) != 0 &&
	    has(&err, "is not its signer"), "a sender named inside that is "
	    "not the signer is refused");
	sync_import_clear(&r);
	buf_free(&z);
	buf_free(&out);
}

/* The payload parser on mutated and cut input: no crash, no overread. */
static void
test_parser(void)
{
	struct bundle_manifest m = {0};
	struct bundle_payload pl;
	struct version v;
	struct buf b = {0};
	struct xf_err err;
	unsigned char body[] = "\001\001name\000";
	size_t accepted = 0;

	memset(&v, 7, sizeof v);
	v.kind = KIND_VILLAGE;
	v.nparents = 2;
	v.tomb = 0;
	bundle_manifest_put(&b, &m);
	bundle_version_put(&b, &v, body, sizeof body - 1);
	bundle_version_put(&b, &v, body, sizeof body - 1);
	bundle_revoked_put(&b, v.device, 5);
	bundle_end_put(&b, 2, 1);
	ok(bundle_decode(b.data, b.len, &pl, &err) == 0 && pl.nv == 2 &&
	    pl.nr == 1, "a well-formed payload decodes");
	bundle_payload_free(&pl);
	for (size_t n = 0; n < b.len; n++) {
		unsigned char *cut = xmalloc(n + 1);

		memcpy(cut, b.data, n);
		if (bundle_decode(cut, n, &pl, &err) == 0)
			accepted++;
		bundle_payload_free(&pl);
		free(cut);
	}
	ok(accepted == 0, "every cut payload is refused");
	for (size_t i = 0; i < b.len; i++)
		for (int x = 1; x < 256; x += 37) {
			unsigned char *mut = xmalloc(b.len);

			memcpy(mut, b.data, b.len);
			mut[i] ^= (unsigned char)x;
			if (bundle_decode(mut, b.len, &pl, &err) == 0)
				bundle_payload_free(&pl);
			free(mut);
		}
	ok(1, "mutated payloads never crash the parser");
	buf_free(&b);
}

/* A record's first version goes without its id, which derives from the
 * record id; a version with parents, or a format 2 payload, keeps the
 * old item. */
static void
test_first(struct world *w)
{
	const struct kind *k = kind_by_id(KIND_VILLAGE);
	struct bundle_manifest m = {0};
	struct bundle_payload pl;
	struct version v, p;
	struct rec_list dl = {0}, sl = {0};
	struct buf one = {0}, two = {0};
	struct xf_err err;
	unsigned char body[] = "\001\001name\000", vid[VID_LEN];
	size_t same = 0;

	memset(&v, 7, sizeof v);
	v.kind = KIND_VILLAGE;
	v.tomb = 0;
	v.nparents = 0;
	record_first_vid(v.rid, v.vid);
	p = v;
	p.nparents = 1;
	bundle_manifest_put(&one, &m);
	bundle_version_put(&one, &v, body, sizeof body - 1);
	bundle_end_put(&one, 1, 0);
	bundle_manifest_put(&two, &m);
	bundle_version_put(&two, &p, body, sizeof body - 1);
	bundle_end_put(&two, 1, 0);
	ok(one.len + VID_LEN + 1 + VID_LEN == two.len, "a first version "
	    "is written without its id and parent count (%zu bytes, with a "
	    "parent %zu)", one.len, two.len);
	ok(bundle_decode(one.data, one.len, &pl, &err) == 0 && pl.nv == 1 &&
	    pl.v[0].v.nparents == 0 && memcmp(pl.v[0].v.vid, v.vid,
	    VID_LEN) == 0 && memcmp(pl.v[0].v.rid, v.rid, RID_LEN) == 0,
	    "it decodes to the derived id");
	bundle_payload_free(&pl);
	ok(bundle_decode(two.data, two.len, &pl, &err) == 0 && pl.nv == 1 &&
	    pl.v[0].v.nparents == 1 && memcmp(pl.v[0].v.vid, v.vid,
	    VID_LEN) == 0, "a version with a parent keeps its id and "
	    "parents, even one equal to the derived id");
	bundle_payload_free(&pl);
	one.data[0] = 2;
	ok(bundle_decode(one.data, one.len, &pl, &err) != 0, "a format 2 "
	    "payload holding a first version item is refused");
	bundle_payload_free(&pl);
	buf_free(&one);
	buf_free(&two);

	/* The store gives each new record that id, and the station holds
	 * the same ids once it imported the device's bundle. */
	if (record_list(w->dev, k, &dl, &err) != 0 ||
	    record_list(w->st, k, &sl, &err) != 0)
		exit(1);
	for (size_t i = 0; i < dl.n && dl.n == sl.n; i++) {
		record_first_vid(dl.rows[i].rid, vid);
		same += memcmp(vid, dl.rows[i].vid, VID_LEN) == 0 &&
		    memcmp(sl.rows[i].rid, dl.rows[i].rid, RID_LEN) == 0 &&
		    memcmp(sl.rows[i].vid, vid, VID_LEN) == 0;
	}
	ok(dl.n == 3 && same == 3, "the 3 records' first versions have the "
	    "derived id on the device and at the station (%zu of %zu)", same,
	    dl.n);
	rec_list_free(&dl);
	rec_list_free(&sl);
}

/* The parallel compressor makes one zlib stream that plain zlib inflates
 * back, across many blocks and with a short last block. */
static void
test_writer(void)
{
	struct bundle_writer *wr = bundle_writer_new(6);
	struct buf plain = {0}, z = {0};
	struct xf_err err;
	unsigned char *back;
	uLongf n;
	int rc;

	for (int i = 0; i < 120000; i++) {
		unsigned char r[8];

		vault_random(r, sizeof r);
		buf_addf(bundle_writer_buf(wr), "记录%d 村口卡口 ", i % 977);
		buf_add(bundle_writer_buf(wr), r, sizeof r);
		buf_addf(&plain, "记录%d 村口卡口 ", i % 977);
		buf_add(&plain, r, sizeof r);
		bundle_writer_push(wr);
	}
	rc = bundle_writer_finish(wr, &z, &err);
	ok(rc == 0 && z.len < plain.len, "the compressor finishes (%zu bytes "
	    "into %zu)", plain.len, z.len);
	n = plain.len;
	back = xmalloc(n);
	rc = uncompress(back, &n, z.data, z.len);
	ok(rc == Z_OK && n == plain.len && memcmp(back, plain.data, n) == 0,
	    "plain zlib inflates it to the same %zu bytes", plain.len);
	free(back);
	buf_free(&plain);
	buf_free(&z);
}

static void
test_revoked(struct world *w)
{
	struct store_peer p;
	struct sync_import r;
	struct xf_err err;
	unsigned char *b;
	size_t len;

	tu_add(w->dev, 1, "后");
	ok(sync_revoke(w->st, "dev", &p, &err) == 1, "the station revokes "
	    "the device");
	sync_peer_clear(&p);
	b = tu_export(w->dev, "station", w->dir, "after.xfb", &len);
	ok(sync_import(w->st, b, len, 0, &r, &err) != 0 &&
	    has(&err, "revoked"), "a revoked device's bundle is refused");
	sync_import_clear(&r);
	free(b);
}

int
main(void)
{
	struct world w;
	struct xf_err err;
	unsigned char *b;
	size_t len;

	if (vault_init(&err) != 0)
		return 1;
	w.dir = tu_dir("bundle_fuzz");
	w.st = tu_store(w.dir, "st.db", ROLE_STATION, 0);
	w.dev = tu_store(w.dir, "dev.db", ROLE_DEVICE, 0);
	w.st_path = xasprintf("%s/st.db", w.dir);
	tu_enroll(w.st, w.dev, "dev", "张村");
	tu_enroll(w.dev, w.st, NULL, NULL);
	tu_add(w.dev, 3, "张");
	b = tu_export(w.dev, "station", w.dir, "one.xfb", &len);
	ok(len < 2048, "a bundle of 3 small records is small (%zu bytes)",
	    len);
	test_mutations(&w, b, len);
	test_good(&w, b, len);
	test_causes(&w, b, len);
	test_demo(&w, b, len);
	test_inner_sender(&w);
	test_parser();
	test_first(&w);
	test_writer();
	test_revoked(&w);
	free(b);
	store_close(w.st);
	store_close(w.dev);
	free(w.st_path);
	free(w.dir);
	return tap_done();
}
