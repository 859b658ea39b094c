/* Tests of the QR core: Base45, capacities, layout, frames, the reader. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/base45.h"
#include "core/qrframe.h"
#include "tap.h"

#include <qrencode.h>
#include <zlib.h>

/* A reproducible pseudo-random generator for the test data. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Base45 against RFC 9285 examples and every byte value. */
static void
test_base45(void)
{
	struct buf b = {0}, d = {0};
	unsigned char all[256];

	base45_encode(&b, (const unsigned char *)"AB", 2);
	ok(strcmp(buf_str(&b), "BB8") == 0, "base45 of AB is BB8 (RFC 9285)");
	b.len = 0;
	base45_encode(&b, (const unsigned char *)"Hello!!", 7);
	ok(strcmp(buf_str(&b), "%69 VD92EX0") == 0, "base45 of Hello!!");
	ok(base45_decode(&d, "QED8WEX0", 8) == 0 && d.len == 5 &&
	    memcmp(d.data, "ietf!", 5) == 0, "QED8WEX0 decodes to ietf!");
	d.len = 0;
	ok(base45_decode(&d, "GGW", 3) != 0, "GGW (65536+) is refused");
	ok(base45_decode(&d, "ZZ", 2) != 0, "ZZ (over 255) is refused");
	ok(base45_decode(&d, "A", 1) != 0, "one character is refused");
	ok(base45_decode(&d, "ab8", 3) != 0, "lowercase is refused");
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	b.len = d.len = 0;
	base45_encode(&b, all, 255);
	ok(b.len == base45_encoded_len(255) &&
	    base45_decode(&d, (const char *)b.data, b.len) == 0 &&
	    d.len == 255 && memcmp(d.data, all, 255) == 0,
	    "every byte value round-trips");
	ok(base45_capacity(5) == 3 && base45_capacity(6) == 4 &&
	    base45_capacity(4) == 2, "capacity of 4, 5, 6 characters");
	buf_free(&b);
	buf_free(&d);
}

/* A string of n alphanumeric characters encodes at exactly version v. */
static int
fits(int n, int v)
{
	char *s = xmalloc((size_t)n + 1);
	struct qr_symbol sym;
	int rc;

	memset(s, 'A', (size_t)n);
	s[n] = '\0';
	rc = qr_symbol_encode(&sym, s, v, NULL) == 0;
	if (rc)
		qr_symbol_free(&sym);
	free(s);
	return rc;
}

/* The capacity table against libqrencode itself. */
static void
test_capacity(void)
{
	int bad = 0;

	ok(qr_capacity(1) == 20 && qr_capacity(20) == 970 &&
	    qr_capacity(40) == 3391, "capacities at level M: 20, 970, 3391");
	for (int v = 1; v <= QR_MAX_VERSION; v++)
		if (!fits(qr_capacity(v), v) || fits(qr_capacity(v) + 1, v))
			bad++;
	ok(bad == 0, "libqrencode agrees with every capacity (%d differ)",
	    bad);
}

/* The chosen version always fits the window. */
static void
test_layout(void)
{
	int bad = 0, c, r;

	ok(qr_layout_version(80, 22, QR_RENDER_HALFBLOCK) == 4,
	    "80x24 (22 rows free) fits version 4 in half blocks");
	ok(qr_layout_version(24, 12, QR_RENDER_HALFBLOCK) == 0,
	    "24x12 fits no version");
	ok(qr_layout_version(80, 22, QR_RENDER_BLOCK) == 0 &&
	    qr_layout_version(82, 41, QR_RENDER_BLOCK) == 4,
	    "in blocks a module takes two cells of one row: 80x22 fits "
	    "none, 82x41 version 4");
	/* 1366 x 768 pixels with a 15-pixel font of 8-pixel cells. */
	ok(qr_layout_version(1366 / 8, 768 / 15 - 2, QR_RENDER_HALFBLOCK) >=
	    QR_DEFAULT_VERSION, "a 1366x768 screen fits the default version "
	    "%d in half blocks (%d)", QR_DEFAULT_VERSION,
	    qr_layout_version(1366 / 8, 768 / 15 - 2, QR_RENDER_HALFBLOCK));
	for (int how = QR_RENDER_HALFBLOCK; how <= QR_RENDER_BLOCK; how++)
		for (int cols = 10; cols < 200; cols += 3)
			for (int rows = 5; rows < 100; rows += 2) {
				int v = qr_layout_version(cols, rows, how);
				int side = qr_modules(v) + 8;

				if (v == 0)
					continue;
				qr_layout_size(v, how, &c, &r);
				if (c > cols || r > rows || c != (how ==
				    QR_RENDER_BLOCK ? 2 * side : side))
					bad++;
				if (v < QR_MAX_VERSION) {
					qr_layout_size(v + 1, how, &c, &r);
					if (c <= cols && r <= rows)
						bad++;
				}
			}
	ok(bad == 0, "the chosen version always fits whole, never cut off");
}

/* Frame texts of a cut, frames 0..n-1. */
static char **
frame_texts(const struct qr_bundle *b, int n)
{
	char **t = xcalloc((size_t)n, sizeof *t);

	for (int i = 0; i < n; i++) {
		struct buf x = {0};

		qr_frame_text(b, i, &x);
		t[i] = xstrdup(buf_str(&x));
		buf_free(&x);
	}
	return t;
}

/* Free frame texts. */
static void
free_texts(char **t, int n)
{
	for (int i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

/* Feed the frames in order[0..n-1]; returns the result of the last one. */
static enum qr_fed
feed_all(struct qr_reader *r, char **t, const int *order, int n)
{
	enum qr_fed fed = QR_FED_JUNK;

	for (int i = 0; i < n && fed != QR_FED_COMPLETE; i++)
		fed = qr_reader_feed(r, t[order[i]], strlen(t[order[i]]), NULL);
	return fed;
}

/* Any K distinct frames rebuild the bundle. */
static void
test_any_k(void)
{
	unsigned char data[3000];
	struct qr_bundle b;
	uint32_t s = 7;
	int order[QR_GROUP_FRAMES], bad = 0, k;
	char **t;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)rnd(&s);
	ok(qr_bundle_cut(&b, data, sizeof data, 5, NULL) == 0,
	    "a 3000-byte bundle cuts at version 5");
	k = b.k;
	ok(b.n >= 2 * k && b.g == 1 && b.nmax == QR_GROUP_FRAMES,
	    "the screen's set has as many repair frames as data frames "
	    "(%d of %d)", b.n, k);
	qr_bundle_print(&b);
	ok(b.n * 2 >= k * 3, "a printed set has half as many again (%d of %d)",
	    b.n, k);
	t = frame_texts(&b, QR_GROUP_FRAMES);
	for (int trial = 0; trial < 40; trial++) {
		struct qr_reader *r = qr_reader_new();
		int n = 0;
		const unsigned char *out;
		size_t len;

		for (int i = 0; i < QR_GROUP_FRAMES; i++)
			order[i] = i;
		for (int i = QR_GROUP_FRAMES - 1; i > 0; i--) {
			int j = (int)(rnd(&s) % (uint32_t)(i + 1)), x = order[i];

			order[i] = order[j];
			order[j] = x;
		}
		n = k;
		if (feed_all(r, t, order, n) != QR_FED_COMPLETE ||
		    (out = qr_reader_bundle(r, &len)) == NULL ||
		    len != sizeof data || memcmp(out, data, len) != 0)
			bad++;
		qr_reader_free(r);
	}
	ok(bad == 0, "any %d distinct frames of 256 rebuild the bundle "
	    "(%d of 40 trials failed)", k, bad);
	free_texts(t, QR_GROUP_FRAMES);
	qr_bundle_free(&b);
}

/* Repeats, damage and foreign frames are told apart. */
static void
test_reader_messages(void)
{
	unsigned char data[500];
	struct qr_bundle b, other;
	struct qr_reader *r = qr_reader_new();
	struct xf_err err;
	struct buf miss = {0};
	struct qr_status st;
	char **t, *bad;
	int have, need, refused = 0;
	size_t len;

	memset(data, 'x', sizeof data);
	qr_bundle_cut(&b, data, sizeof data, 3, NULL);
	t = frame_texts(&b, b.n);
	ok(qr_reader_feed(r, "hello", 5, &err) == QR_FED_JUNK,
	    "a junk line is skipped");
	ok(qr_reader_feed(r, t[0], strlen(t[0]), &err) == QR_FED_NEW,
	    "a frame is taken");
	ok(qr_reader_feed(r, t[0], strlen(t[0]), &err) == QR_FED_REPEAT,
	    "a repeat is noticed");
	qr_reader_progress(r, &have, &need);
	ok(have == 1 && need == b.k, "progress 1 of %d", b.k);
	qr_reader_missing(r, &miss);
	ok(b.k > 2 && strncmp(buf_str(&miss), "2-", 2) == 0,
	    "missing frames listed: %s", buf_str(&miss));
	for (size_t i = strlen(QR_PREFIX); t[1][i] != '\0'; i++) {
		const char *alpha = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ "
		    "$%*+-./:";

		bad = xstrdup(t[1]);
		bad[i] = alpha[(strchr(alpha, bad[i]) - alpha + 1) % 45];
		if (qr_reader_feed(r, bad, strlen(bad), &err) == QR_FED_BAD)
			refused++;
		free(bad);
	}
	ok(refused == (int)strlen(t[1]) - (int)strlen(QR_PREFIX),
	    "every one-character change is refused (%d)", refused);
	ok(strstr(err.msg, "checksum") != NULL || strstr(err.msg, "Base45"),
	    "with a message: %s", err.msg);
	memset(data, 'y', sizeof data);
	qr_bundle_cut(&other, data, sizeof data, 3, NULL);
	miss.len = 0;
	qr_frame_text(&other, 1, &miss);
	ok(qr_reader_feed(r, (char *)miss.data, miss.len, &err) ==
	    QR_FED_NEW && qr_reader_count(r) == 2 && qr_reader_current(r) == 1,
	    "a frame of another bundle is collected apart");
	for (int i = 1; i < b.n; i++)
		qr_reader_feed(r, t[i], strlen(t[i]), &err);
	ok(qr_reader_bundle(r, &len) != NULL && len == sizeof data &&
	    qr_reader_bundle(r, &len)[0] == 'x',
	    "the rest completes the first bundle");
	qr_reader_status(r, 1, &st);
	ok(!st.complete && st.have == 1 && st.need == other.k,
	    "the other is 1 of %d frames, not complete", other.k);
	buf_free(&miss);
	free_texts(t, b.n);
	qr_bundle_free(&b);
	qr_bundle_free(&other);
	qr_reader_free(r);
}

/* A bundle of more than 256 frames: groups of at most 128 data frames, two
 * bytes of frame number, rebuilt from a shuffled stream with a fifth lost. */
static void
test_groups(void)
{
	size_t len = 40000;
	unsigned char *data = xmalloc(len);
	struct qr_bundle b;
	struct qr_reader *r = qr_reader_new();
	uint32_t s = 5;
	int *order, n, fed = 0, bad = 0;
	enum qr_fed last = QR_FED_JUNK;
	const unsigned char *out;
	char **t;
	size_t olen;
	int cut;

	for (size_t i = 0; i < len; i++)
		data[i] = (unsigned char)rnd(&s);
	cut = qr_bundle_cut(&b, data, len, 5, NULL);

	ok(cut == 0 && b.k > 256 &&
	    b.g == (b.k + 127) / 128 && b.n >= 2 * b.k && b.n <= b.nmax,
	    "a %zu-byte bundle at version 5: %d data frames in %d groups, "
	    "%d in the set", len, b.k, b.g, b.n);
	n = b.n;
	t = frame_texts(&b, n);
	order = xcalloc((size_t)n, sizeof *order);
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(rnd(&s) % (uint32_t)(i + 1)), x = order[i];

		order[i] = order[j];
		order[j] = x;
	}
	for (int i = 0; i < n && last != QR_FED_COMPLETE; i++) {
		if (rnd(&s) % 5 == 0)
			continue;
		last = qr_reader_feed(r, t[order[i]], strlen(t[order[i]]), NULL);
		fed++;
		bad += last == QR_FED_BAD;
	}
	out = qr_reader_bundle(r, &olen);
	ok(bad == 0 && out != NULL && olen == len && memcmp(out, data, len) ==
	    0, "rebuilt exactly after %d frames (%d data frames)", fed, b.k);
	free(order);
	free_texts(t, n);
	qr_bundle_free(&b);
	qr_reader_free(r);
	free(data);
}

/* The text of a format 1 frame (one-byte frame number and K - 1). */
static char *
old_frame(uint32_t id, int num, int k, const unsigned char *bundle,
    size_t len, const unsigned char *payload, size_t size)
{
	struct buf raw = {0}, out = {0};
	unsigned char w[4];
	char *s;

	buf_addc(&raw, 1);
	store_u32be(w, id);
	buf_add(&raw, w, 4);
	buf_addc(&raw, (unsigned char)num);
	buf_addc(&raw, (unsigned char)(k - 1));
	buf_add_varint(&raw, len);
	store_u32be(w, (uint32_t)crc32(0L, bundle, (uInt)len));
	buf_add(&raw, w, 4);
	buf_add(&raw, payload, size);
	store_u32be(w, (uint32_t)crc32(0L, raw.data, (uInt)raw.len));
	buf_add(&raw, w, 4);
	buf_adds(&out, QR_PREFIX);
	base45_encode(&out, raw.data, raw.len);
	buf_free(&raw);
	s = xstrdup(buf_str(&out));
	buf_free(&out);
	return s;
}

/* Frames of format 1, as older versions showed them, are still read: a data
 * frame and a repair frame 2 = d0 / (2 ^ 0) + d1 / (2 ^ 1). */
static void
test_old_format(void)
{
	const unsigned char bundle[] = "twelve bytes";
	size_t len = 12, size = 6;
	unsigned char rep[6];
	struct gf256 gf;
	struct qr_reader *r = qr_reader_new();
	const unsigned char *out;
	char *f1, *f2;
	size_t olen;
	int a, b;

	gf256_init(&gf);
	a = gf.exp[255 - gf.log[2]];
	b = gf.exp[255 - gf.log[3]];
	for (size_t i = 0; i < size; i++)
		rep[i] = (unsigned char)((bundle[i] ? gf.exp[gf.log[bundle[i]] +
		    gf.log[a]] : 0) ^ (bundle[6 + i] ? gf.exp[gf.log[bundle[6 +
		    i]] + gf.log[b]] : 0));
	f1 = old_frame(0x1234abcd, 1, 2, bundle, len, bundle + 6, size);
	f2 = old_frame(0x1234abcd, 2, 2, bundle, len, rep, size);
	ok(qr_reader_feed(r, f1, strlen(f1), NULL) == QR_FED_NEW &&
	    qr_reader_feed(r, f2, strlen(f2), NULL) == QR_FED_COMPLETE,
	    "a format 1 data frame and repair frame complete the bundle");
	out = qr_reader_bundle(r, &olen);
	ok(out != NULL && olen == len && memcmp(out, bundle, len) == 0,
	    "...which is rebuilt exactly");
	free(f1);
	free(f2);
	qr_reader_free(r);
}

/* Random and mutated lines never crash the reader. */
static void
test_fuzz(void)
{
	unsigned char data[700];
	struct qr_bundle b;
	struct qr_reader *r = qr_reader_new();
	uint32_t s = 99;
	char **t, line[2000];
	int taken = 0;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)rnd(&s);
	qr_bundle_cut(&b, data, sizeof data, 4, NULL);
	t = frame_texts(&b, b.n);
	for (int i = 0; i < 20000; i++) {
		size_t n = rnd(&s) % sizeof line;

		if (i % 2) {
			const char *f = t[rnd(&s) % (uint32_t)b.n];

			n = strlen(f) < sizeof line ? strlen(f) : sizeof line;
			memcpy(line, f, n);
			for (int m = (int)(rnd(&s) % 4); m >= 0; m--)
				line[rnd(&s) % n] = (char)rnd(&s);
			n = rnd(&s) % 5 == 0 ? rnd(&s) % (n + 1) : n;
		} else {
			memcpy(line, "XF:", 3);
			for (size_t j = 3; j < n; j++)
				line[j] = (char)rnd(&s);
		}
		if (qr_reader_feed(r, line, n, NULL) >= QR_FED_NEW)
			taken++;
	}
	ok(1, "20000 junk and mutated lines fed without a crash (%d taken)",
	    taken);
	free_texts(t, b.n);
	qr_bundle_free(&b);
	qr_reader_free(r);
}

/* The dark modules of half-block art, row r and column c (margin included). */
static int
art_dark(char **rows, int r, int c)
{
	const char *p = rows[r / 2];

	for (int i = 0; i < c && *p; i++)
		p += *p == ' ' ? 1 : 3;
	if (*p == ' ' || *p == '\0')
		return 0;
	if (strncmp(p, "\u2588", 3) == 0)
		return 1;
	return strncmp(p, r % 2 ? "\u2584" : "\u2580", 3) == 0;
}

/* QR art draws every module of the code. */
static void
test_art(void)
{
	const char *text = "XFID:1:S:R:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct buf art = {0}, ansi = {0};
	char *rows[128], *p;
	int n = 0, bad = 0, side = code->width + 2 * QR_QUIET;

	ok(qr_text_art(text, 0, &art, NULL) == 0, "an identity becomes QR art");
	for (p = strtok((char *)art.data, "\n"); p && n < 128;
	    p = strtok(NULL, "\n"))
		rows[n++] = p;
	ok(n == (side + 1) / 2, "two module rows a line (%d lines)", n);
	for (int r = 0; r < side; r++)
		for (int c = 0; c < side; c++) {
			int mr = r - QR_QUIET, mc = c - QR_QUIET, want = 0;

			if (mr >= 0 && mr < code->width && mc >= 0 &&
			    mc < code->width)
				want = code->data[mr * code->width + mc] & 1;
			bad += art_dark(rows, r, c) != want;
		}
	ok(bad == 0, "every module and the margin are drawn (%d differ)", bad);
	qr_text_art(text, 1, &ansi, NULL);
	ok(strncmp((char *)ansi.data, "\033[30;107m", 9) == 0,
	    "on a terminal the art is dark on light");
	QRcode_free(code);
	buf_free(&art);
	buf_free(&ansi);
}

int
main(void)
{
	test_base45();
	test_capacity();
	test_layout();
	test_any_k();
	test_reader_messages();
	test_groups();
	test_old_format();
	test_fuzz();
	test_art();
	return tap_done();
}
