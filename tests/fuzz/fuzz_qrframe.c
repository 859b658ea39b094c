/*
 * libFuzzer target: the QR frame reader and the Base45 decoder. The first
 * byte chooses what the rest is:
 *   0  lines of text, fed to a reader one by one as a scanner types them;
 *   1  frames in binary, each a length byte and its bytes, given their
 *      checksum and Base45 text here so that damage reaches the parser
 *      behind the checksum;
 *   2  Base45 text: what decodes encodes back to the same text.
 * A bundle rebuilt from frames is cut again and read back identically.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "core/base45.h"
#include "core/qrframe.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

/* Cut a bundle into frames and read them back, a repair frame standing
 * in for the first: the same bytes. */
static void
recut(const unsigned char *b, size_t len)
{
	struct qr_bundle qb;
	struct qr_reader *r = qr_reader_new();
	struct xf_err err;
	const unsigned char *back;
	size_t blen = 0;
	int v = qr_min_version(len);

	if (v == 0 || qr_bundle_cut(&qb, b, len, v < 20 ? 20 : v, &err) != 0) {
		qr_reader_free(r);
		return;
	}
	for (int i = 1; i <= qb.k && i < qb.n; i++) {
		struct buf t = {0};

		qr_frame_text(&qb, i, &t);
		qr_reader_feed(r, (const char *)t.data, t.len, &err);
		buf_free(&t);
	}
	back = qr_reader_bundle(r, &blen);
	if (qb.n > qb.k && (back == NULL || blen != len ||
	    memcmp(back, b, len) != 0))
		abort();
	qr_bundle_free(&qb);
	qr_reader_free(r);
}

/* Feed one line and look at everything the reader can say. */
static void
feed(struct qr_reader *r, const char *line, size_t n)
{
	struct xf_err err;
	struct buf miss = {0};
	char id[9];
	int have, need;

	qr_reader_feed(r, line, n, &err);
	qr_reader_progress(r, &have, &need);
	qr_reader_id(r, id);
	qr_reader_missing(r, &miss);
	buf_free(&miss);
}

/* Lines of text, split at line breaks. */
static void
text_lines(struct qr_reader *r, const unsigned char *p, size_t n)
{
	while (n > 0) {
		const unsigned char *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) : n;

		feed(r, (const char *)p, len);
		if (nl == NULL)
			break;
		n -= len + 1;
		p = nl + 1;
	}
}

/* Binary frames: checksum and Base45 added here. */
static void
binary_frames(struct qr_reader *r, const unsigned char *p, size_t n)
{
	while (n > 0) {
		size_t len = p[0];
		struct buf raw = {0}, line = {0};
		unsigned char w[4];

		if (len > n - 1)
			len = n - 1;
		buf_add(&raw, p + 1, len);
		store_u32be(w, (uint32_t)crc32(0L, raw.data, (uInt)raw.len));
		buf_add(&raw, w, 4);
		buf_adds(&line, QR_PREFIX);
		base45_encode(&line, raw.data, raw.len);
		feed(r, (const char *)line.data, line.len);
		buf_free(&raw);
		buf_free(&line);
		n -= len + 1;
		p += len + 1;
	}
}

/* Base45 text: decoded bytes encode back to the very same text. */
static void
base45_round_trip(const unsigned char *p, size_t n)
{
	struct buf dec = {0}, enc = {0};

	if (base45_decode(&dec, (const char *)p, n) == 0) {
		base45_encode(&enc, dec.data, dec.len);
		if (enc.len != n || (n > 0 && memcmp(enc.data, p, n) != 0))
			abort();
		if (dec.len > base45_capacity(n) ||
		    base45_encoded_len(dec.len) != n)
			abort();
	}
	buf_free(&dec);
	buf_free(&enc);
}

/* One input: the first byte chooses the mode (see the top). */
int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct qr_reader *r;
	const unsigned char *b;
	size_t blen;

	if (size < 1)
		return 0;
	if (data[0] % 3 == 2) {
		base45_round_trip(data + 1, size - 1);
		return 0;
	}
	r = qr_reader_new();
	if (data[0] % 3 == 0)
		text_lines(r, data + 1, size - 1);
	else
		binary_frames(r, data + 1, size - 1);
	b = qr_reader_bundle(r, &blen);
	if (b != NULL)
		recut(b, blen);
	qr_reader_free(r);
	return 0;
}
