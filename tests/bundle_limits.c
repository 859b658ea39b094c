/*
 * Bundles that would make a station allocate without bound, sent by an
 * enrolled device with its real key: many tiny versions, many
 * revocations, bodies of zeros that inflate past the payload cap, one
 * body over the body cap, an end item that lies about the counts. Each
 * is refused with a message that names the limit, costs the station a
 * few MiB at most, and leaves its store as it was.
 */
#include "config.h"

#include <stdarg.h>

#include "tap.h"
#include "bomb.h"

#define PEAK_MAX_MIB 48

struct world {
	char *dir, *st_path;
	struct store *st, *dev;
	uint64_t digest;
};

/* A field of /proc/self/status in KiB, or -1. */
static long
status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t n = strlen(field);
	long v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/* Forget the peak of resident memory so far (Linux 4.0 and later). */
static int
peak_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f == NULL)
		return -1;
	fputs("5", f);
	return fclose(f);
}

/* Import at the station; the peak growth of resident memory in MiB. */
static long
import_peak(struct world *w, const struct buf *b, int *rc, struct xf_err *err)
{
	struct sync_import r;
	long before;

	peak_reset();
	before = status_kib("VmRSS");
	*rc = sync_import(w->st, b->data, b->len, 0, &r, err);
	sync_import_clear(&r);
	return (status_kib("VmHWM") - before) / 1024;
}

/* One bomb: refused, naming what it must, cheaply, the store untouched. */
static void
bomb(struct world *w, enum bomb_kind kind, size_t n, const char *want,
    const char *what)
{
	struct buf b = {0};
	struct xf_err err;
	long mib;
	int rc;

	bomb_build(w->dev, w->st, kind, n, &b);
	mib = import_peak(w, &b, &rc, &err);
	ok(rc != 0 && strstr(err.msg, want) != NULL, "%s (%zu bytes) is "
	    "refused naming the limit", what, b.len);
	printf("# %s\n", err.msg);
	ok(mib < PEAK_MAX_MIB, "refusing it costs %ld MiB, under %d", mib,
	    PEAK_MAX_MIB);
	ok(tu_digest(w->st_path) == w->digest, "the station's store is "
	    "unchanged");
	buf_free(&b);
}

/* Payloads at a limit decode; one item more is refused. */
static void
test_edges(void)
{
	const struct bundle_limits lim = {3, 2, 4, 16, 4096};
	unsigned char dev[VAULT_KEYID_LEN] = {1};
	struct bundle_manifest m = {0};
	struct bundle_payload pl;
	struct buf b = {0};
	struct xf_err err;

	for (int extra = 0; extra < 2; extra++) {
		b.len = 0;
		bundle_manifest_put(&b, &m);
		for (int i = 0; i < 3 + extra; i++)
			bomb_version(&b, dev, 4);
		bundle_revoked_put(&b, dev, 1);
		bundle_revoked_put(&b, dev, 2);
		bundle_end_put(&b, 3 + extra, 2);
		if (extra == 0)
			ok(bundle_decode_within(b.data, b.len, &lim, &pl,
			    &err) == 0 && pl.nv == 3 && pl.nr == 2, "a payload "
			    "at every limit decodes");
		else
			ok(bundle_decode_within(b.data, b.len, &lim, &pl,
			    &err) != 0 && strstr(err.msg, "more than 3 versions"),
			    "one version more is refused: %s", err.msg);
		bundle_payload_free(&pl);
	}
	b.len = 0;
	bundle_manifest_put(&b, &m);
	bomb_version(&b, dev, 5);
	bundle_end_put(&b, 1, 0);
	ok(bundle_decode_within(b.data, b.len, &lim, &pl, &err) != 0 &&
	    strstr(err.msg, "5 bytes") != NULL, "a body a byte over is "
	    "refused: %s", err.msg);
	ok(bundle_decode_within(b.data, b.len, &bundle_limits_default, &pl,
	    &err) == 0 && pl.nv == 1, "the same payload decodes within the "
	    "default limits");
	bundle_payload_free(&pl);
	buf_free(&b);
}

/* Within the limits, bodies many windows long decrypt and decode whole:
 * the first pass reads across windows and chunks as the second does. */
static void
test_big_bodies(struct world *w)
{
	struct bundle_payload pl;
	struct buf b = {0}, plain = {0};
	struct xf_err err;
	int rc;

	bomb_build(w->dev, w->st, BOMB_INFLATE, 3, &b);
	rc = bundle_decrypt(store_vault(w->st), b.data, b.len, &plain, &err);
	ok(rc == 0 && plain.len > 3 * BUNDLE_MAX_BODY, "three bodies at the "
	    "body limit decrypt (%zu bytes)", plain.len);
	rc = rc == 0 ? bundle_decode(plain.data, plain.len, &pl, &err) : -1;
	ok(rc == 0 && pl.nv == 3 && pl.v[2].bodylen == BUNDLE_MAX_BODY,
	    "and decode into three versions of %zu bytes", BUNDLE_MAX_BODY);
	if (rc == 0)
		bundle_payload_free(&pl);
	buf_free(&plain);
	buf_free(&b);
}

int
main(void)
{
	struct world w;
	struct xf_err err;

	if (vault_init(&err) != 0)
		return 1;
	w.dir = tu_dir("bundle_limits");
	w.st = tu_store(w.dir, "st.db", ROLE_STATION, 0);
	w.dev = tu_store(w.dir, "dev.db", ROLE_DEVICE, 0);
	w.st_path = xasprintf("%s/st.db", w.dir);
	tu_enroll(w.st, w.dev, "dev", "张村");
	tu_enroll(w.dev, w.st, NULL, NULL);
	w.digest = tu_digest(w.st_path);
	test_edges();
	test_big_bodies(&w);
	bomb(&w, BOMB_VERSIONS, 2000000, "more than 500000 versions",
	    "2 million tiny versions");
	bomb(&w, BOMB_REVOKED, 400000, "more than 100000 revocations",
	    "400 000 revocations");
	bomb(&w, BOMB_INFLATE, 130, "larger than 536870912 bytes",
	    "bodies of zeros inflating to 520 MiB");
	bomb(&w, BOMB_BODY, 1, "more than the 4194304 bytes",
	    "one body a byte over 4 MiB");
	bomb(&w, BOMB_COUNT_LIE, 3, "malformed",
	    "an end item declaring 2^40 versions");
	store_close(w.st);
	store_close(w.dev);
	free(w.st_path);
	free(w.dir);
	return tap_done();
}
