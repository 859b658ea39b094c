/* Bundles that are signed right but hold too much, as an enrolled device
 * gone hostile could send: built with the core API and sealed with the
 * device's real key to the station, so that only the limits of
 * xunfang-bundle(5) stand in the way. */
#ifndef BOMB_H
#define BOMB_H

#include "bundle_util.h"

enum bomb_kind {
	BOMB_VERSIONS,	/* many tiny version items */
	BOMB_REVOKED,	/* many revocation items */
	BOMB_INFLATE,	/* bodies of zeros that inflate past the payload cap */
	BOMB_BODY,	/* one body over the body cap */
	BOMB_COUNT_LIE	/* an end item declaring far more than it holds */
};

/* One version item of the device with a body of n zero bytes. */
static __attribute__((unused)) void
bomb_version(struct buf *b, const unsigned char *device, size_t n)
{
	static const unsigned char zeros[65536];
	struct version v;

	memset(&v, 0, sizeof v);
	memset(v.rid, 0x42, RID_LEN);
	memset(v.vid, 0x43, VID_LEN);
	v.kind = 200;
	v.hlc = (uint64_t)1 << 16;
	memcpy(v.device, device, VAULT_KEYID_LEN);
	bundle_version_put(b, &v, NULL, 0);
	/* The item without its empty body: length, then the zeros. */
	b->len -= 1;
	buf_add_varint(b, n);
	while (n > 0) {
		size_t k = n < sizeof zeros ? n : sizeof zeros;

		buf_add(b, zeros, k);
		n -= k;
	}
}

/* The items of one kind of bomb; the counts for the end item. */
static __attribute__((unused)) void
bomb_items(struct bundle_writer *w, enum bomb_kind kind, size_t n,
    const unsigned char *device, uint64_t *nv, uint64_t *nr)
{
	*nv = *nr = 0;
	for (size_t i = 0; i < n; i++) {
		if (kind == BOMB_REVOKED) {
			bundle_revoked_put(bundle_writer_buf(w), device, 1);
			++*nr;
		} else {
			bomb_version(bundle_writer_buf(w), device,
			    kind == BOMB_INFLATE ? BUNDLE_MAX_BODY :
			    kind == BOMB_BODY ? BUNDLE_MAX_BODY + 1 : 1);
			++*nv;
		}
		bundle_writer_push(w);
	}
	if (kind == BOMB_COUNT_LIE)
		*nv = (uint64_t)1 << 40;
}

/* A bomb of n items from the device to the station, into out. */
static __attribute__((unused)) void
bomb_build(struct store *dev, struct store *st, enum bomb_kind kind,
    size_t n, struct buf *out)
{
	struct bundle_writer *w = bundle_writer_new(6);
	struct bundle_manifest m;
	struct bundle_hdr h;
	struct identity id;
	struct buf z = {0};
	struct xf_err err;
	uint64_t nv, nr;

	identity_self(st, &id);
	memset(&m, 0, sizeof m);
	memset(&h, 0, sizeof h);
	h.version = BUNDLE_VERSION;
	memcpy(h.sender, store_device(dev), VAULT_KEYID_LEN);
	memcpy(h.recipient, id.keyid, VAULT_KEYID_LEN);
	memcpy(m.sender, h.sender, VAULT_KEYID_LEN);
	memcpy(m.recipient, h.recipient, VAULT_KEYID_LEN);
	h.seq = m.seq = 1000 + (uint64_t)kind;
	h.created = time_now();
	bundle_manifest_put(bundle_writer_buf(w), &m);
	bomb_items(w, kind, n, h.sender, &nv, &nr);
	bundle_end_put(bundle_writer_buf(w), nv, nr);
	if (bundle_writer_finish(w, &z, &err) != 0) {
		fprintf(stderr, "Bail out! %s\n", err.msg);
		exit(1);
	}
	out->len = 0;
	bundle_seal(store_vault(dev), &h, id.box_pk, &z, out);
	buf_free(&z);
}

#endif
