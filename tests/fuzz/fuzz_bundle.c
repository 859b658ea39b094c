/*
 * libFuzzer target: the bundle reader. A station and a device are made
 * once, from a fixed random stream, so their identities are the same in
 * every run and the committed seed bundles are addressed and signed right.
 * The first byte chooses what the rest is:
 *   0  a whole bundle, verified and imported at the station (header, then
 *      the refusals in the verify order, up to decoding and import);
 *   1  a plain payload that decodes, which is compressed, sealed and
 *      signed by the device here, so that damage reaches decryption,
 *      validation and import;
 *   2  a plain payload given to the payload parser alone: one that decodes
 *      encodes again to a form that decodes to the same and is stable.
 * Modes 1 and 2 also read the payload within tiny limits (a few items,
 * bytes and a 2 KiB payload), so that every limit is reached on small
 * inputs: what the tiny limits accept, the default ones accept alike.
 * With XF_FUZZ_SEEDS=DIR set, the first run writes seeds made by the
 * program into DIR/fuzz_bundle and record bodies into DIR/fuzz_record.
 */
#include "config.h"

#include <ftw.h>

#include <sodium.h>
#include <zlib.h>

#include "../bundle_util.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

static struct store *station, *device;
static char *tmpdir;

/* Limits small enough for the fuzzer to pass each of them. */
static const struct bundle_limits tiny = {
	.versions = 4, .revoked = 2, .body = 64, .audit = 256, .plain = 2048,
};

/* The random stream: a counter under a fixed seed. */
static void
fixed_buf(void *p, size_t n)
{
	static uint64_t ctr;
	unsigned char seed[randombytes_SEEDBYTES] = "xunfang fuzz";

	memcpy(seed + 16, &ctr, sizeof ctr);
	ctr++;
	randombytes_buf_deterministic(p, n, seed);
}

/* Four bytes of the fixed stream. */
static uint32_t
fixed_random(void)
{
	uint32_t v;

	fixed_buf(&v, sizeof v);
	return v;
}

/* The name libsodium reports for the fixed stream. */
static const char *
fixed_name(void)
{
	return "xunfang-fuzz-fixed";
}

static randombytes_implementation fixed_rng = {
	.implementation_name = fixed_name,
	.random = fixed_random,
	.buf = fixed_buf,
};

/* Remove one file of the temporary folder. */
static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Close the stores and remove their folder at exit. */
static void
cleanup(void)
{
	store_close(station);
	store_close(device);
	nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Write one seed file: the mode byte, then the bytes. */
static void
seed_write(const char *dir, const char *name, int mode,
    const unsigned char *p, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	if (mode >= 0)
		fputc(mode, f);
	fwrite(p, 1, n, f);
	fclose(f);
	free(path);
}

/* Records of several kinds, typed as people type them. */
static void
add_records(struct store *st)
{
	static const char *const typed[][5] = {
		{"patrol", "type=foot", "route=村口-小学-卡口",
		    "points=0123456789abcdef0123456789abcdef|08:10;"
		    "fedcba9876543210fedcba9876543210|2026-05-01 08:40",
		    "observations=08:20|suspicious|陌生车辆 停在村口"},
		{"visit", "purpose=advice", "findings=门口堆放杂物, 已提醒",
		    "follow_up=2026-06-01", "household=王家"},
		{"dispute", "title=宅基地边界", "category=land", "colour=red",
		    "parties=王某|13800000000;李某||二组"},
	};
	struct xf_err err;

	if (store_begin(st, &err) != 0)
		exit(1);
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		const struct kind *k = kind_by_name(typed[i][0]);
		char **vals = xcalloc((size_t)k->nfields, sizeof *vals);

		for (int j = 1; j < 5; j++) {
			const char *eq = strchr(typed[i][j], '=');
			char *name = xstrndup(typed[i][j], (size_t)(eq -
			    typed[i][j]));
			int idx = kind_field_index(k, name);
			struct buf out = {0};

			if (idx >= 0 && field_parse(k, &k->fields[idx], eq + 1,
			    1780000000, NULL, &out, &err) == 0 && out.len)
				vals[idx] = xstrdup(buf_str(&out));
			buf_free(&out);
			free(name);
		}
		for (int j = 0; j < k->nfields; j++)
			if (vals[j] == NULL && k->fields[j].type == FT_CHOICE &&
			    k->fields[j].def != NULL)
				vals[j] = xstrdup(k->fields[j].def);
			else if (vals[j] == NULL &&
			    (k->fields[j].flags & F_REQUIRED))
				vals[j] = xstrdup(k->fields[j].type == FT_TIME ?
				    "1780000000" : k->fields[j].type == FT_REF ?
				    "0123456789abcdef0123456789abcdef" : "1");
		if (record_write(st, k, NULL, NULL, 0, vals, 0, NULL, NULL,
		    &err) != 0)
			fprintf(stderr, "fuzz_bundle: %s: %s\n", typed[i][0],
			    err.msg);
		for (int j = 0; j < k->nfields; j++)
			free(vals[j]);
		free(vals);
	}
	if (store_commit(st, &err) != 0)
		exit(1);
}

/* The device's bundle for the station, as export writes it. */
static unsigned char *
export_bundle(size_t *len)
{
	struct sync_export e;
	struct xf_err err;
	char *path = xasprintf("%s/out.xfb", tmpdir);
	unsigned char *p;

	if (sync_export(device, "station", path, NULL, NULL, &e, &err) != 0) {
		fprintf(stderr, "fuzz_bundle: export: %s\n", err.msg);
		exit(1);
	}
	free(e.path);
	p = tu_read(path, len);
	unlink(path);
	free(path);
	return p;
}

/* Record bodies of a payload as fuzz_record seeds: kind byte, body. */
static void
seed_bodies(const char *dir, const struct bundle_payload *pl)
{
	for (size_t i = 0; i < pl->nv; i++) {
		struct buf b = {0};
		char name[32];

		buf_addc(&b, (unsigned char)(pl->v[i].v.kind - 1));
		buf_add(&b, pl->v[i].body, pl->v[i].bodylen);
		snprintf(name, sizeof name, "body-%zu", i);
		seed_write(dir, name, -1, b.data, b.len);
		buf_free(&b);
	}
}

/* Seeds for this target and fuzz_record, made by the program. */
static void
write_seeds(const char *top)
{
	char *dir = xasprintf("%s/fuzz_bundle", top);
	char *rdir = xasprintf("%s/fuzz_record", top);
	struct bundle_payload pl;
	struct buf plain = {0};
	struct xf_err err;
	unsigned char *b;
	size_t len;

	mkdir(dir, 0755);
	mkdir(rdir, 0755);
	b = export_bundle(&len);
	seed_write(dir, "bundle", 0, b, len);
	if (bundle_decrypt(store_vault(station), b, len, &plain, &err) != 0 ||
	    bundle_decode(plain.data, plain.len, &pl, &err) != 0) {
		fprintf(stderr, "fuzz_bundle: %s\n", err.msg);
		exit(1);
	}
	seed_write(dir, "payload-sealed", 1, plain.data, plain.len);
	seed_write(dir, "payload", 2, plain.data, plain.len);
	seed_bodies(rdir, &pl);
	bundle_payload_free(&pl);
	buf_free(&plain);
	free(b);
	free(dir);
	free(rdir);
}

/* The station and device, made once; seeds written if asked for. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *shm = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	const char *seeds = getenv("XF_FUZZ_SEEDS");
	struct xf_err err;

	(void)argc;
	(void)argv;
	setenv("TZ", "Asia/Shanghai", 1);
	randombytes_set_implementation(&fixed_rng);
	if (vault_init(&err) != 0)
		exit(1);
	tmpdir = xasprintf("%s/xf-fuzz-bundle.XXXXXX", shm);
	if (mkdtemp(tmpdir) == NULL)
		exit(1);
	station = tu_store(tmpdir, "station.db", ROLE_STATION, 0);
	device = tu_store(tmpdir, "device.db", ROLE_DEVICE, 0);
	tu_enroll(station, device, "dev", "张村");
	tu_enroll(device, station, "station", NULL);
	tu_add(device, 2, "张");
	add_records(device);
	atexit(cleanup);
	if (seeds != NULL)
		write_seeds(seeds);
	return 0;
}

/* Verify and import; half of them only verified, as `verify` does. */
static void
import(const unsigned char *p, size_t n, int verify_only)
{
	struct sync_import r;
	struct xf_err err;

	sync_import(station, p, n, verify_only, &r, &err);
	sync_import_clear(&r);
}

/* The sealed payload p decrypted within the tiny limits: when they
 * accept it, it is p exactly, and it decodes within them. */
static void
within_tiny(const unsigned char *b, size_t len, const unsigned char *p,
    size_t n)
{
	struct bundle_payload pl;
	struct buf plain = {0};
	struct xf_err err;

	if (bundle_decrypt_within(store_vault(station), b, len, &tiny, &plain,
	    &err) == 0) {
		if (n > tiny.plain || plain.len != n ||
		    memcmp(plain.data, p, n) != 0 ||
		    bundle_decode_within(plain.data, plain.len, &tiny, &pl,
		    &err) != 0)
			abort();
		bundle_payload_free(&pl);
	}
	buf_free(&plain);
}

/* A payload compressed, sealed and signed by the device. One the parser
 * refuses is left to mode 2, which costs no signing. */
static void
sealed(const unsigned char *p, size_t n, int verify_only)
{
	struct bundle_payload pl;
	struct xf_err err;
	struct identity st_id;
	struct bundle_hdr h;
	struct buf z = {0}, out = {0};
	uLongf zlen = compressBound((uLong)n);
	unsigned char *zb;

	if (bundle_decode(p, n, &pl, &err) != 0)
		return;
	bundle_payload_free(&pl);
	zb = xmalloc(zlen);
	identity_self(station, &st_id);
	memset(&h, 0, sizeof h);
	h.version = BUNDLE_VERSION;
	memcpy(h.sender, store_device(device), VAULT_KEYID_LEN);
	memcpy(h.recipient, st_id.keyid, VAULT_KEYID_LEN);
	if (n >= 26) {
		h.seq = load_u64be(p + 17);
		h.flags = p[25] & ~BUNDLE_FLAG_DEMO & ~BUNDLE_FLAG_STATION;
	}
	h.created = 1780000000;
	if (compress2(zb, &zlen, p, (uLong)n, 1) != Z_OK)
		abort();
	buf_add(&z, zb, zlen);
	free(zb);
	bundle_seal(store_vault(device), &h, st_id.box_pk, &z, &out);
	within_tiny(out.data, out.len, p, n);
	import(out.data, out.len, verify_only);
	buf_free(&z);
	buf_free(&out);
}

/* Re-encode a decoded payload in the order export writes it. */
static void
encode(const struct bundle_payload *pl, struct buf *b)
{
	bundle_manifest_put(b, &pl->m);
	for (size_t i = 0; i < pl->nv; i++)
		bundle_version_put(b, &pl->v[i].v, pl->v[i].body,
		    pl->v[i].bodylen);
	for (size_t i = 0; i < pl->nr; i++)
		bundle_revoked_put(b, pl->r[i].keyid, pl->r[i].at);
	if (pl->audit != NULL)
		bundle_audit_put(b, pl->audit, pl->auditlen);
	if (pl->has_audit_ack)
		bundle_audit_ack_put(b, pl->audit_ack);
	bundle_end_put(b, pl->nv, pl->nr);
}

/* Decode, encode, decode again: the encoded form is a fixed point. */
static void
payload_round_trip(const unsigned char *p, size_t n)
{
	struct bundle_payload pl, pl2;
	struct buf b1 = {0}, b2 = {0};
	struct xf_err err;

	if (bundle_decode(p, n, &pl, &err) != 0)
		return;
	encode(&pl, &b1);
	if (bundle_decode(b1.data, b1.len, &pl2, &err) != 0)
		abort();
	encode(&pl2, &b2);
	if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0 ||
	    pl.nv != pl2.nv || pl.nr != pl2.nr)
		abort();
	bundle_payload_free(&pl2);
	if (bundle_decode_within(p, n, &tiny, &pl2, &err) == 0 &&
	    (pl2.nv != pl.nv || pl2.nr != pl.nr || pl2.nv > tiny.versions ||
	    pl2.nr > tiny.revoked || n > tiny.plain))
		abort();
	bundle_payload_free(&pl);
	bundle_payload_free(&pl2);
	buf_free(&b1);
	buf_free(&b2);
}

/* One input: the first byte chooses the mode (see the top). */
int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	switch (data[0] % 3) {
	case 0:
		import(data + 1, size - 1, data[0] & 0x80);
		break;
	case 1:
		sealed(data + 1, size - 1, data[0] & 0x80);
		break;
	default:
		payload_round_trip(data + 1, size - 1);
		break;
	}
	return 0;
}
