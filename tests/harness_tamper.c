/*
 * Tamper suite: bundles with their chunks reordered, duplicated, dropped,
 * cut at a chunk boundary or spliced from another bundle of the same
 * sender to the same recipient, each also signed again with the sender's
 * key (an attacker who holds it, or a sender gone wrong), so that the
 * layers under the signature are tested too; every single-byte change of
 * a bundle signed again; QR frames changed, cut, mixed with another
 * bundle's and forged with good checksums. Every case is refused and the
 * station's store is unchanged; the QR reader never yields a bundle other
 * than the one shown.
 */
#include "config.h"

#include <stdarg.h>

#include <zlib.h>

#include "tap.h"
#include "bundle_util.h"
#include "core/base45.h"
#include "core/qrframe.h"
#include "core/vault-sync.h"

#define BODY (BUNDLE_HDR_LEN + VSYNC_STREAM_HEADER_LEN)
#define CHUNK_CT ((size_t)BUNDLE_CHUNK + VSYNC_STREAM_ABYTES)

struct world {
	char *dir, *st_path;
	struct store *st, *dev;
	uint64_t digest;	/* the station's store before any attempt */
};

/* A bundle cut into its parts: offsets of the chunks in the file. */
struct parts {
	const unsigned char *p;
	size_t len, n, at[64], size[64];
};

/* Find the chunks: full ones of CHUNK_CT bytes, the last shorter. */
static void
split(struct parts *s, const unsigned char *p, size_t len)
{
	size_t at = BODY, end = len - VSYNC_SIG_LEN;

	s->p = p;
	s->len = len;
	s->n = 0;
	while (at < end && s->n < 64) {
		size_t n = end - at > CHUNK_CT ? CHUNK_CT : end - at;

		s->at[s->n] = at;
		s->size[s->n++] = n;
		at += n;
	}
}

/* Sign b again with the sender's key, as its sender could. */
static void
resign(struct world *w, struct buf *b)
{
	unsigned char hash[VSYNC_HASH_LEN];

	vsync_hash2(b->data, b->len - VSYNC_SIG_LEN, NULL, 0, hash);
	vsync_sign(store_vault(w->dev), hash, b->data + b->len - VSYNC_SIG_LEN);
}

/* Header and stream header of s, then the listed chunks, then a
 * signature slot (the old signature). */
static void
assemble(struct buf *out, const struct parts *hdr, const struct parts *from[],
    const size_t idx[], size_t n)
{
	out->len = 0;
	buf_add(out, hdr->p, BODY);
	for (size_t i = 0; i < n; i++)
		buf_add(out, from[i]->p + from[i]->at[idx[i]],
		    from[i]->size[idx[i]]);
	buf_add(out, hdr->p + hdr->len - VSYNC_SIG_LEN, VSYNC_SIG_LEN);
}

/* Import; 1 if refused with a message and the store unchanged. */
static int
refused(struct world *w, const unsigned char *p, size_t len, const char *what)
{
	struct sync_import r;
	struct xf_err err;
	int rc;

	err.msg[0] = '\0';
	rc = sync_import(w->st, p, len, 0, &r, &err);
	sync_import_clear(&r);
	if (rc == 0 || err.msg[0] == '\0' ||
	    tu_digest(w->st_path) != w->digest) {
		printf("# %s: %s\n", what, rc == 0 ? "accepted" :
		    "the store changed");
		return 0;
	}
	return 1;
}

/* Both the bundle as changed and the bundle signed again are refused. */
static int
both_refused(struct world *w, struct buf *b, const char *what)
{
	int good = refused(w, b->data, b->len, what);

	resign(w, b);
	return refused(w, b->data, b->len, what) && good;
}

/* A bundle of n records from the device to the station. */
static unsigned char *
bundle(struct world *w, int n, const char *prefix, const char *name,
    size_t *len)
{
	tu_add(w->dev, n, prefix);
	return tu_export(w->dev, "station", w->dir, name, len);
}

/* Chunks swapped, dropped, doubled, the final one moved or missing. */
static void
test_reorder(struct world *w, const struct parts *a)
{
	const struct parts *f[66];
	size_t idx[66], n = a->n, m;
	struct buf b = {0};
	int good = 1, cases = 0;

	for (size_t i = 0; i < 66; i++)
		f[i] = a;
	for (size_t i = 0; i + 1 < n; i++) {
		for (size_t j = 0; j < n; j++)
			idx[j] = j == i ? i + 1 : j == i + 1 ? i : j;
		assemble(&b, a, f, idx, n);
		good &= both_refused(w, &b, "chunks swapped");
		for (size_t j = 0, k = 0; j < n; j++)
			if (j != i)
				idx[k++] = j;
		assemble(&b, a, f, idx, n - 1);
		good &= both_refused(w, &b, "a chunk dropped");
		m = 0;
		for (size_t j = 0; j < n; j++) {
			idx[m++] = j;
			if (j == i)
				idx[m++] = j;
		}
		assemble(&b, a, f, idx, m);
		good &= both_refused(w, &b, "a chunk doubled");
		for (size_t j = 0; j <= i; j++)
			idx[j] = j;
		assemble(&b, a, f, idx, i + 1);
		good &= both_refused(w, &b, "cut after a whole chunk");
		cases += 4;
	}
	for (size_t j = 0; j < n; j++)
		idx[j] = j;
	idx[n] = n - 1;
	assemble(&b, a, f, idx, n + 1);
	good &= both_refused(w, &b, "the final chunk twice");
	ok(good, "%d reorderings, drops, doubles and cuts at chunk boundaries "
	    "of a %zu-chunk bundle, as they are and signed again: all refused, "
	    "the store unchanged", cases + 1, n);
	buf_free(&b);
}

/* Chunks and headers of a second bundle, same sender and recipient. */
static void
test_splice(struct world *w, const struct parts *a, const struct parts *o)
{
	const struct parts *f[64] = {0};
	size_t idx[64] = {0}, n = a->n < 64 ? a->n : 64;
	struct buf b = {0};
	int good = 1, cases = 0;

	for (size_t i = 0; i < n && i < o->n; i++) {
		for (size_t j = 0; j < n; j++) {
			f[j] = j == i ? o : a;
			idx[j] = j;
		}
		assemble(&b, a, f, idx, n);
		good &= both_refused(w, &b, "a chunk of another bundle");
		cases++;
	}
	for (size_t j = 0; j < n; j++) {
		f[j] = a;
		idx[j] = j;
	}
	assemble(&b, o, f, idx, n);
	good &= both_refused(w, &b, "another bundle's header");
	b.len = 0;
	buf_add(&b, a->p, BUNDLE_HDR_LEN);
	buf_add(&b, o->p + BUNDLE_HDR_LEN, o->len - BUNDLE_HDR_LEN);
	good &= both_refused(w, &b, "another bundle's body");
	for (size_t j = 0; j < n; j++)
		f[j] = a;
	f[n - 1] = o;
	idx[n - 1] = o->n - 1;
	assemble(&b, a, f, idx, n);
	good &= both_refused(w, &b, "another bundle's final chunk");
	ok(good, "%d splices from another bundle of the same sender to the "
	    "same station, as they are and signed again: all refused, the "
	    "store unchanged", cases + 3);
	buf_free(&b);
}

/* Every byte of a small bundle changed and the bundle signed again. */
static void
test_bytes_resigned(struct world *w, const unsigned char *p, size_t len)
{
	struct buf b = {0};
	size_t bad = 0;

	for (size_t i = 0; i + VSYNC_SIG_LEN < len; i++) {
		b.len = 0;
		buf_add(&b, p, len);
		b.data[i] ^= 0x01;
		resign(w, &b);
		if (!refused(w, b.data, b.len, "a byte changed, signed again"))
			bad++;
	}
	ok(bad == 0, "all %zu single-byte changes of a small bundle, signed "
	    "again by its sender, are refused", len - VSYNC_SIG_LEN);
	buf_free(&b);
}

/* The text of every frame of a cut, data frames and two repairs. */
static char **
frames(const struct qr_bundle *q, int *n)
{
	char **t;
	struct buf x = {0};

	*n = q->k + 2;
	t = xcalloc((size_t)*n, sizeof *t);
	for (int i = 0; i < *n; i++) {
		x.len = 0;
		qr_frame_text(q, i, &x);
		buf_addc(&x, '\0');
		t[i] = xstrdup((char *)x.data);
	}
	buf_free(&x);
	return t;
}

/* Free what frames() made. */
static void
frames_free(char **t, int n)
{
	for (int i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

/* Feed the lines to a new reader; 1 if the result is absent or exact,
 * *done set when it completed. */
static int
read_back(const char *const *lines, int n, const unsigned char *want,
    size_t wlen, int *done)
{
	struct qr_reader *r = qr_reader_new();
	struct xf_err err;
	const unsigned char *got;
	size_t glen;
	int good = 1;

	for (int i = 0; i < n; i++) {
		enum qr_fed f;

		err.msg[0] = '\0';
		f = qr_reader_feed(r, lines[i], strlen(lines[i]), &err);

		if (f == QR_FED_BAD && err.msg[0] == '\0')
			good = 0;
	}
	got = qr_reader_bundle(r, &glen);
	*done = got != NULL;
	if (got != NULL && (glen != wlen || memcmp(got, want, wlen) != 0))
		good = 0;
	qr_reader_free(r);
	return good;
}

/* Every character of every frame changed, and every cut of a frame, fed
 * before the good frames: never a wrong bundle, always the right one. */
static void
test_frame_bytes(char **t, int n, int k, const unsigned char *b, size_t len)
{
	static const char subst[] = {'0', 'Z', '%', 'a', '#'};
	const char **lines = xcalloc((size_t)k + 1, sizeof *lines);
	size_t cases = 0, bad = 0, incomplete = 0;
	int done;

	for (int i = 1; i <= k; i++)
		lines[i] = t[i - 1];
	for (int f = 0; f < n; f++) {
		size_t fl = strlen(t[f]);
		char *m = xstrdup(t[f]);

		for (size_t p = 0; p < fl; p++)
			for (size_t s = 0; s < sizeof subst; s++) {
				char was = m[p];

				if (subst[s] == was)
					continue;
				m[p] = subst[s];
				lines[0] = m;
				if (!read_back(lines, k + 1, b, len, &done))
					bad++;
				incomplete += !done;
				m[p] = was;
				cases++;
			}
		for (size_t cut = 0; cut < fl; cut++) {
			m[cut] = '\0';
			lines[0] = m;
			if (!read_back(lines, k + 1, b, len, &done))
				bad++;
			incomplete += !done;
			m[cut] = t[f][cut];
			cases++;
		}
		free(m);
	}
	ok(bad == 0 && incomplete == 0, "%zu changed and cut frames fed "
	    "first: each refused with a message, the bundle then rebuilt "
	    "exactly (%zu wrong, %zu incomplete)", cases, bad, incomplete);
	free(lines);
}

/* The frames of x and y taken in turn, the rest of the longer after. */
static const char **
interleave(char **x, int nx, char **y, int ny)
{
	const char **l = xcalloc((size_t)(nx + ny), sizeof *l);
	int n = 0;

	for (int i = 0; i < nx || i < ny; i++) {
		if (i < nx)
			l[n++] = x[i];
		if (i < ny)
			l[n++] = y[i];
	}
	return l;
}

/* Whether the reader rebuilt a bundle of exactly these bytes. */
static int
rebuilt(const struct qr_reader *r, const unsigned char *want, size_t wlen)
{
	for (int i = 0; i < qr_reader_count(r); i++) {
		size_t len;
		const unsigned char *got = qr_reader_get(r, i, &len);

		if (got != NULL && len == wlen && memcmp(got, want, wlen) == 0)
			return 1;
	}
	return 0;
}

/* Feed the lines; 1 if both bundles, and nothing else, were rebuilt. */
static int
read_both(const char **lines, int n, const unsigned char *a, size_t alen,
    const unsigned char *b, size_t blen)
{
	struct qr_reader *r = qr_reader_new();
	int good, done = 0;

	for (int i = 0; i < n; i++)
		done += qr_reader_feed(r, lines[i], strlen(lines[i]), NULL) ==
		    QR_FED_COMPLETE;
	good = done == 2 && qr_reader_count(r) == 2 && rebuilt(r, a, alen) &&
	    rebuilt(r, b, blen);
	qr_reader_free(r);
	return good;
}

/* Frames of two bundles interleaved: each rebuilt exactly, never a mix. */
static void
test_frame_mix(char **ta, int ka, char **tb, int kb, const unsigned char *a,
    size_t alen, const unsigned char *b, size_t blen)
{
	const char **lines = interleave(ta, ka, tb, kb);
	int good;

	good = read_both(lines, ka + kb, a, alen, b, blen);
	free(lines);
	lines = interleave(tb, kb, ta, ka);
	good = good && read_both(lines, ka + kb, a, alen, b, blen);
	ok(good, "frames of two bundles interleaved: the reader keeps them "
	    "apart and rebuilds each exactly");
	free(lines);
}

/* Frame text for raw frame bytes, with the frame checksum made good. */
static char *
forge(unsigned char *raw, size_t n)
{
	struct buf x = {0};

	store_u32be(raw + n - 4, (uint32_t)crc32(0L, raw, (uInt)(n - 4)));
	buf_add(&x, QR_PREFIX, strlen(QR_PREFIX));
	base45_encode(&x, raw, n);
	buf_addc(&x, '\0');
	return (char *)x.data;
}

/* A frame's bytes from its text. */
static void
unframe(const char *t, struct buf *raw)
{
	raw->len = 0;
	base45_decode(raw, t + strlen(QR_PREFIX), strlen(t) -
	    strlen(QR_PREFIX));
}

/* Frames with a changed payload but good frame checksums, seen first or
 * as repeats; frames of another bundle under this bundle's id. */
static void
test_frame_forged(char **t, int k, const struct qr_bundle *other,
    const struct qr_bundle *q, const unsigned char *b, size_t len)
{
	const char **lines = xcalloc((size_t)k + 2, sizeof *lines);
	struct buf raw = {0};
	size_t bad = 0, cases = 0, done_n = 0;
	int done;

	for (int f = 0; f < k; f++) {
		char *forged;

		unframe(t[f], &raw);
		raw.data[raw.len - 5] ^= 0x40;
		forged = forge(raw.data, raw.len);
		lines[0] = forged;
		for (int i = 0; i < k; i++)
			lines[i + 1] = t[i];
		lines[k + 1] = forged;
		if (!read_back(lines, k + 2, b, len, &done))
			bad++;
		done_n += done;
		for (int i = 0; i < k; i++)
			lines[i] = t[i];
		lines[f] = forged;
		lines[k] = t[f];
		if (!read_back(lines, k + 1, b, len, &done))
			bad++;
		done_n += done;
		cases += 2;
		free(forged);
	}
	ok(bad == 0, "%zu sets with a frame whose payload was changed and its "
	    "checksum made good: never a wrong bundle (%zu rebuilt exactly)",
	    cases, done_n);
	bad = 0;
	for (int f = 1; f < k && f < other->k; f++) {
		struct buf x = {0};
		char *forged;

		qr_frame_text(other, f, &x);
		buf_addc(&x, '\0');
		unframe((char *)x.data, &raw);
		store_u32be(raw.data + 1, q->id);
		forged = forge(raw.data, raw.len);
		for (int i = 0; i < k; i++)
			lines[i] = i == f ? forged : t[i];
		lines[k] = t[f];
		if (!read_back(lines, k + 1, b, len, &done) || !done)
			bad++;
		free(forged);
		buf_free(&x);
	}
	ok(bad == 0, "a frame of another bundle given this bundle's id is "
	    "refused and the bundle rebuilt exactly");
	buf_free(&raw);
	free(lines);
}

/* A bundle changed and cut into good frames again: the reader rebuilds
 * it, and the import refuses it. */
static void
test_frame_recut(struct world *w, const unsigned char *b, size_t len)
{
	struct qr_bundle q;
	struct xf_err err;
	unsigned char *m = xmalloc(len);
	size_t bad = 0, n = 0;

	for (size_t i = 0; i < len; i += len / 23 + 1) {
		char **t;
		int nt, done;

		memcpy(m, b, len);
		m[i] ^= 0x10;
		if (qr_bundle_cut(&q, m, len, 10, &err) != 0) {
			bad++;
			continue;
		}
		t = frames(&q, &nt);
		if (!read_back((const char *const *)t, q.k, m, len, &done) ||
		    !done || !refused(w, m, len, "a changed bundle re-cut"))
			bad++;
		frames_free(t, nt);
		qr_bundle_free(&q);
		n++;
	}
	ok(bad == 0 && n > 20, "%zu changed bundles cut into frames again are "
	    "rebuilt by the reader and refused at import", n);
	free(m);
}

/* The QR cases over the small bundle a and the other bundle o. */
static void
test_qr(struct world *w, const unsigned char *a, size_t alen,
    const unsigned char *o, size_t olen)
{
	struct qr_bundle qa, qo;
	struct xf_err err;
	char **ta, **to;
	int na, no;

	if (qr_bundle_cut(&qa, a, alen, 5, &err) != 0 ||
	    qr_bundle_cut(&qo, o, olen, 5, &err) != 0) {
		printf("Bail out! cut: %s\n", err.msg);
		exit(1);
	}
	ta = frames(&qa, &na);
	to = frames(&qo, &no);
	ok(qa.k >= 3 && qo.k >= 3, "the small bundles make %d and %d frames",
	    qa.k, qo.k);
	test_frame_bytes(ta, na, qa.k, a, alen);
	test_frame_mix(ta, qa.k, to, qo.k, a, alen, o, olen);
	test_frame_forged(ta, qa.k, &qo, &qa, a, alen);
	test_frame_recut(w, a, alen);
	frames_free(ta, na);
	frames_free(to, no);
	qr_bundle_free(&qa);
	qr_bundle_free(&qo);
}

int
main(void)
{
	struct world w;
	struct xf_err err;
	struct parts pa, po;
	unsigned char *big, *big2, *small, *small2;
	size_t blen, b2len, slen, s2len;

	if (vault_init(&err) != 0)
		return 1;
	w.dir = tu_dir("harness_tamper");
	w.st = tu_store(w.dir, "st.db", ROLE_STATION, 0);
	w.dev = tu_store(w.dir, "dev.db", ROLE_DEVICE, 0);
	w.st_path = xasprintf("%s/st.db", w.dir);
	tu_enroll(w.st, w.dev, "dev", "张村");
	tu_enroll(w.dev, w.st, NULL, NULL);
	small = bundle(&w, 2, "甲", "small.xfb", &slen);
	small2 = bundle(&w, 1, "乙", "small2.xfb", &s2len);
	big = bundle(&w, 6000, "张", "big.xfb", &blen);
	big2 = bundle(&w, 10, "李", "big2.xfb", &b2len);
	w.digest = tu_digest(w.st_path);
	split(&pa, big, blen);
	split(&po, big2, b2len);
	ok(pa.n >= 4 && po.n >= 4, "the big bundles have %zu and %zu chunks",
	    pa.n, po.n);
	test_reorder(&w, &pa);
	test_splice(&w, &pa, &po);
	test_bytes_resigned(&w, small, slen);
	test_qr(&w, small, slen, small2, s2len);
	ok(refused(&w, big, blen - 1, "the big bundle one byte short") &&
	    tu_digest(w.st_path) == w.digest, "after all this the station's "
	    "store is as it was");
	free(big);
	free(big2);
	free(small);
	free(small2);
	store_close(w.st);
	store_close(w.dev);
	free(w.st_path);
	free(w.dir);
	return tap_done();
}
