/* QR frames: cutting a bundle into Base45 QR texts with Reed-Solomon repair
 * frames, and the reader that rebuilds it from any K distinct frames. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <qrencode.h>
#include <zlib.h>

#include "base45.h"
#include "qrframe.h"

#define QR_HEAD_FIXED 11	/* format, id, frame number, K - 1, bundle CRC */
#define QR_TAIL 4		/* frame CRC */
#define QR_LINE_MAX 8192
#define QR_CUTS 4		/* cuts of one bundle a reader follows at once */

/* Data codewords at level M by version (ISO/IEC 18004, table 7). */
static const short qr_data_m[QR_MAX_VERSION + 1] = {
	0, 16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365,
	415, 453, 507, 563, 627, 669, 714, 782, 860, 914, 1000, 1062, 1128,
	1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216,
	2334
};

/* Fill the exponent and logarithm tables of GF(256), polynomial 0x11d. */
void
gf256_init(struct gf256 *gf)
{
	unsigned x = 1;

	for (int i = 0; i < 255; i++) {
		gf->exp[i] = gf->exp[i + 255] = (uint8_t)x;
		gf->log[x] = (uint8_t)i;
		x <<= 1;
		if (x & 0x100)
			x ^= 0x11d;
	}
	gf->exp[510] = gf->exp[511] = gf->exp[0];
	gf->log[0] = 0;
}

/* a * b in GF(256). */
static uint8_t
gf_mul(const struct gf256 *gf, uint8_t a, uint8_t b)
{
	if (a == 0 || b == 0)
		return 0;
	return gf->exp[gf->log[a] + gf->log[b]];
}

/* 1 / a in GF(256), a != 0. */
static uint8_t
gf_inv(const struct gf256 *gf, uint8_t a)
{
	return gf->exp[255 - gf->log[a]];
}

/* dst ^= c * src over n bytes. */
static void
gf_addmul(const struct gf256 *gf, unsigned char *dst,
    const unsigned char *src, uint8_t c, size_t n)
{
	if (c == 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (src[i] != 0)
			dst[i] ^= gf->exp[gf->log[src[i]] + gf->log[c]];
}

/* Coefficient of data frame j in frame i: identity, then Cauchy 1/(i+j). */
static uint8_t
qr_coef(const struct gf256 *gf, int k, int i, int j)
{
	if (i < k)
		return i == j;
	return gf_inv(gf, (uint8_t)(i ^ j));
}

/* Alphanumeric characters that fit a version at level M. */
int
qr_capacity(int version)
{
	int bits, count, pairs;

	if (version < 1 || version > QR_MAX_VERSION)
		return 0;
	count = version < 10 ? 9 : version < 27 ? 11 : 13;
	bits = qr_data_m[version] * 8 - 4 - count;
	pairs = bits / 11;
	return pairs * 2 + (bits % 11 >= 6 ? 1 : 0);
}

/* Modules on a side of a code of this version. */
int
qr_modules(int version)
{
	return 17 + 4 * version;
}

/* Header and checksum bytes each frame spends for a bundle of len bytes. */
size_t
qr_overhead(size_t len)
{
	struct buf b = {0};
	size_t n;

	buf_add_varint(&b, len);
	n = QR_HEAD_FIXED + b.len + QR_TAIL;
	buf_free(&b);
	return n;
}

/* Bundle bytes one frame of this version carries. */
size_t
qr_frame_data(int version, size_t len)
{
	int chars = qr_capacity(version) - (int)strlen(QR_PREFIX);
	size_t bytes, head = qr_overhead(len);

	if (chars <= 0)
		return 0;
	bytes = base45_capacity((size_t)chars);
	return bytes > head ? bytes - head : 0;
}

/* Repair frames a set adds to k data frames: at least a quarter more. */
int
qr_repair_count(int k)
{
	return k < 4 ? 1 : (k + 3) / 4;
}

/* Data frames for a bundle of len bytes at this version, 0 if none. */
static int
qr_data_frames(int version, size_t len)
{
	size_t per = qr_frame_data(version, len), k;

	if (per == 0 || len == 0)
		return 0;
	k = (len + per - 1) / per;
	if (k + (size_t)qr_repair_count((int)(k < 256 ? k : 256)) >
	    QR_MAX_FRAMES)
		return 0;
	return (int)k;
}

/* The smallest version that carries the bundle in at most 256 frames. */
int
qr_min_version(size_t len)
{
	for (int v = QR_MIN_VERSION; v <= QR_MAX_VERSION; v++)
		if (qr_data_frames(v, len) > 0)
			return v;
	return 0;
}

/* Terminal cells a code of this version takes with its quiet zone. */
void
qr_layout_size(int version, int *cols, int *rows)
{
	int side = qr_modules(version) + 2 * QR_QUIET;

	*cols = side;
	*rows = (side + 1) / 2;
}

/* The largest version whose code fits the cells whole. */
int
qr_layout_version(int cols, int rows)
{
	int best = 0;

	for (int v = 1; v <= QR_MAX_VERSION; v++) {
		int c, r;

		qr_layout_size(v, &c, &r);
		if (c <= cols && r <= rows)
			best = v;
	}
	return best;
}

/* Frames of one cut name the bundle and the cut: CRC-32 over both. */
static uint32_t
qr_cut_id(const unsigned char *p, size_t len, size_t size, int k)
{
	unsigned char tag[8] = {'X', 'F', 'Q', 'R'};
	uLong c;

	tag[4] = (unsigned char)(size >> 8);
	tag[5] = (unsigned char)size;
	tag[6] = (unsigned char)(k - 1);
	tag[7] = QR_FORMAT;
	c = crc32(0L, tag, sizeof tag);
	return (uint32_t)crc32(c, p, (uInt)len);
}

/* Cut a bundle into the frames of one QR version. */
int
qr_bundle_cut(struct qr_bundle *b, const unsigned char *p, size_t len,
    int version, struct xf_err *err)
{
	int k;

	memset(b, 0, sizeof *b);
	if (len == 0)
		return xf_error(err, _("the bundle is empty: there is nothing "
		    "to send"));
	if (len > UINT32_MAX || (k = qr_data_frames(version, len)) == 0) {
		int need = qr_min_version(len);

		if (need == 0)
			return xf_error(err, _("the bundle is %zu bytes, too "
			    "large for QR codes: carry it on a USB stick"),
			    len);
		return xf_error(err, _("the bundle is %zu bytes: it needs QR "
		    "version %d or larger, not %d"), len, need, version);
	}
	b->len = len;
	b->k = k;
	b->size = (len + (size_t)k - 1) / (size_t)k;
	b->n = k + qr_repair_count(k);
	b->version = version;
	b->data = xcalloc((size_t)k, b->size);
	memcpy(b->data, p, len);
	b->crc = (uint32_t)crc32(0L, p, (uInt)len);
	b->id = qr_cut_id(p, len, b->size, k);
	gf256_init(&b->gf);
	return 0;
}

/* Free what a cut holds. */
void
qr_bundle_free(struct qr_bundle *b)
{
	free(b->data);
	b->data = NULL;
}

/* Append the payload of frame i: a data slice or a repair combination. */
static void
qr_frame_payload(const struct qr_bundle *b, int i, struct buf *out)
{
	unsigned char *sum;

	if (i < b->k) {
		buf_add(out, b->data + (size_t)i * b->size, b->size);
		return;
	}
	sum = xcalloc(1, b->size);
	for (int j = 0; j < b->k; j++)
		gf_addmul(&b->gf, sum, b->data + (size_t)j * b->size,
		    qr_coef(&b->gf, b->k, i, j), b->size);
	buf_add(out, sum, b->size);
	free(sum);
}

/* Append the QR text of frame i: prefix and Base45 of header, data, CRC. */
void
qr_frame_text(const struct qr_bundle *b, int i, struct buf *out)
{
	struct buf raw = {0};
	unsigned char w[4];

	buf_addc(&raw, QR_FORMAT);
	store_u32be(w, b->id);
	buf_add(&raw, w, 4);
	buf_addc(&raw, (unsigned char)i);
	buf_addc(&raw, (unsigned char)(b->k - 1));
	buf_add_varint(&raw, b->len);
	store_u32be(w, b->crc);
	buf_add(&raw, w, 4);
	qr_frame_payload(b, i, &raw);
	store_u32be(w, (uint32_t)crc32(0L, raw.data, (uInt)raw.len));
	buf_add(&raw, w, 4);
	buf_adds(out, QR_PREFIX);
	base45_encode(out, raw.data, raw.len);
	buf_free(&raw);
}

/* Make the QR code of a frame text in alphanumeric mode at level M. */
int
qr_symbol_encode(struct qr_symbol *s, const char *text, int version,
    struct xf_err *err)
{
	QRinput *in = QRinput_new2(version, QR_ECLEVEL_M);
	QRcode *code = NULL;

	s->width = 0;
	s->dark = NULL;
	if (in != NULL && QRinput_append(in, QR_MODE_AN, (int)strlen(text),
	    (const unsigned char *)text) == 0)
		code = QRcode_encodeInput(in);
	if (in != NULL)
		QRinput_free(in);
	if (code == NULL)
		return xf_error(err, _("cannot make a QR code of this text"));
	if (version != 0 && code->version != version) {
		QRcode_free(code);
		return xf_error(err, _("the text does not fit a QR code of "
		    "version %d"), version);
	}
	s->width = code->width;
	s->dark = xmalloc((size_t)code->width * (size_t)code->width);
	for (int i = 0; i < code->width * code->width; i++)
		s->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	return 0;
}

/* Free the modules of a code. */
void
qr_symbol_free(struct qr_symbol *s)
{
	free(s->dark);
	s->dark = NULL;
}

/* The frames of one cut of the bundle that a reader holds. */
struct qr_set {
	uint32_t id;
	size_t size;
	int k, nhave;
	unsigned char have[QR_MAX_FRAMES];
	unsigned char num[QR_MAX_FRAMES];	/* frame number of each row */
	unsigned char *rows;			/* k rows of size bytes */
};

struct qr_reader {
	int started;
	uint32_t crc;
	size_t len;
	struct qr_set sets[QR_CUTS];
	int nsets;
	unsigned char *bundle;
	struct gf256 gf;
};

/* One frame taken apart. */
struct qr_frame {
	uint32_t id, crc;
	int num, k;
	uint64_t len;
	const unsigned char *data;
	size_t size;
};

/* A reader with no frames yet. */
struct qr_reader *
qr_reader_new(void)
{
	struct qr_reader *r = xcalloc(1, sizeof *r);

	gf256_init(&r->gf);
	return r;
}

/* Free a reader and the bundle it rebuilt. */
void
qr_reader_free(struct qr_reader *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->nsets; i++)
		free(r->sets[i].rows);
	free(r->bundle);
	free(r);
}

/* Take the fields of a frame whose checksum was verified. */
static int
qr_frame_parse(const unsigned char *p, size_t n, struct qr_frame *f,
    struct xf_err *err)
{
	const unsigned char *q = p + 7, *end = p + n - QR_TAIL;

	if (p[0] != QR_FORMAT)
		return xf_error(err, _("the frame is of format %d, which this "
		    "xunfang does not know: update xunfang"), p[0]);
	f->id = load_u32be(p + 1);
	f->num = p[5];
	f->k = p[6] + 1;
	if (read_varint(&q, end, &f->len) != 0 || end - q < 5)
		return xf_error(err, _("the frame is cut short: scan it again"));
	f->crc = load_u32be(q);
	f->data = q + 4;
	f->size = (size_t)(end - f->data);
	if (f->len == 0 || (uint64_t)f->k * f->size < f->len ||
	    f->len > UINT32_MAX)
		return xf_error(err, _("the frame's header does not add up: "
		    "scan it again"));
	return 0;
}

/* Decode the text of a line into a frame; -1 with a message if damaged. */
static enum qr_fed
qr_line_frame(const char *s, size_t n, struct buf *raw, struct qr_frame *f,
    struct xf_err *err)
{
	size_t plen = strlen(QR_PREFIX);
	char *up;
	int rc;

	if (n < plen || strncasecmp(s, QR_PREFIX, plen) != 0)
		return QR_FED_JUNK;
	if (n > QR_LINE_MAX)
		return xf_error(err, _("the line is too long for a frame: "
		    "scan it again")), QR_FED_BAD;
	if (memchr(s, '\0', n) != NULL)
		return xf_error(err, _("the frame is damaged (not Base45 text): "
		    "scan it again")), QR_FED_BAD;
	up = xstrndup(s + plen, n - plen);
	for (char *c = up; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	rc = base45_decode(raw, up, n - plen);
	free(up);
	if (rc != 0)
		return xf_error(err, _("the frame is damaged (not Base45 text): "
		    "scan it again")), QR_FED_BAD;
	if (raw->len < QR_HEAD_FIXED + 1 + QR_TAIL + 1)
		return xf_error(err, _("the frame is cut short: scan it "
		    "again")), QR_FED_BAD;
	if (load_u32be(raw->data + raw->len - QR_TAIL) !=
	    (uint32_t)crc32(0L, raw->data, (uInt)(raw->len - QR_TAIL)))
		return xf_error(err, _("the frame has a bad checksum: scan it "
		    "again")), QR_FED_BAD;
	if (qr_frame_parse(raw->data, raw->len, f, err) != 0)
		return QR_FED_BAD;
	return QR_FED_NEW;
}

/* The set this frame belongs to, made if new; NULL when there are too many. */
static struct qr_set *
qr_set_for(struct qr_reader *r, const struct qr_frame *f)
{
	struct qr_set *s;

	for (int i = 0; i < r->nsets; i++) {
		s = &r->sets[i];
		if (s->id == f->id && s->size == f->size && s->k == f->k)
			return s;
	}
	if (r->nsets == QR_CUTS)
		return NULL;
	s = &r->sets[r->nsets++];
	memset(s, 0, sizeof *s);
	s->id = f->id;
	s->size = f->size;
	s->k = f->k;
	s->rows = xcalloc((size_t)f->k, f->size);
	return s;
}

/* Solve the k x k system of the frames held for the data frames. */
static void
qr_set_solve(const struct gf256 *gf, struct qr_set *s)
{
	int k = s->k;
	uint8_t *m = xcalloc((size_t)k, (size_t)k);
	unsigned char *tmp = xmalloc(s->size > (size_t)k ? s->size : (size_t)k);

	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
			m[i * k + j] = qr_coef(gf, k, s->num[i], j);
	for (int c = 0; c < k; c++) {
		int p = c;
		uint8_t inv;

		while (p < k && m[p * k + c] == 0)
			p++;
		if (p == k)
			break;
		if (p != c) {
			memcpy(tmp, m + p * k, (size_t)k);
			memcpy(m + p * k, m + c * k, (size_t)k);
			memcpy(m + c * k, tmp, (size_t)k);
			memcpy(tmp, s->rows + p * s->size, s->size);
			memcpy(s->rows + p * s->size, s->rows + c * s->size,
			    s->size);
			memcpy(s->rows + c * s->size, tmp, s->size);
		}
		inv = gf_inv(gf, m[c * k + c]);
		for (int j = 0; j < k; j++)
			m[c * k + j] = gf_mul(gf, m[c * k + j], inv);
		for (size_t j = 0; j < s->size; j++)
			s->rows[c * s->size + j] =
			    gf_mul(gf, s->rows[c * s->size + j], inv);
		for (int i = 0; i < k; i++) {
			uint8_t f = m[i * k + c];

			if (i == c || f == 0)
				continue;
			gf_addmul(gf, m + i * k, m + c * k, f, (size_t)k);
			gf_addmul(gf, s->rows + i * s->size,
			    s->rows + c * s->size, f, s->size);
		}
	}
	free(m);
	free(tmp);
}

/* Rebuild the bundle from a full set and check it against its CRC. */
static enum qr_fed
qr_set_finish(struct qr_reader *r, struct qr_set *s, struct xf_err *err)
{
	qr_set_solve(&r->gf, s);
	if ((uint32_t)crc32(0L, s->rows, (uInt)r->len) != r->crc) {
		memset(s->have, 0, sizeof s->have);
		s->nhave = 0;
		memset(s->rows, 0, (size_t)s->k * s->size);
		return xf_error(err, _("the frames do not make up the bundle "
		    "(its checksum differs): show and scan the frames again")),
		    QR_FED_BAD;
	}
	r->bundle = xmalloc(r->len);
	memcpy(r->bundle, s->rows, r->len);
	return QR_FED_COMPLETE;
}

/* Keep a checked frame in its set. */
static enum qr_fed
qr_reader_keep(struct qr_reader *r, const struct qr_frame *f,
    struct xf_err *err)
{
	struct qr_set *s;

	if (!r->started) {
		r->started = 1;
		r->crc = f->crc;
		r->len = (size_t)f->len;
	} else if (r->crc != f->crc || r->len != f->len)
		return xf_error(err, _("frame %d belongs to another bundle "
		    "(%08x), not to the one being read: finish this bundle "
		    "first, then read the other"), f->num + 1, (unsigned)f->id),
		    QR_FED_BAD;
	if ((s = qr_set_for(r, f)) == NULL)
		return xf_error(err, _("this bundle was shown at too many "
		    "sizes: keep the window size while scanning")), QR_FED_BAD;
	if (s->have[f->num])
		return QR_FED_REPEAT;
	s->have[f->num] = 1;
	s->num[s->nhave] = (unsigned char)f->num;
	memcpy(s->rows + (size_t)s->nhave * s->size, f->data, s->size);
	if (++s->nhave < s->k)
		return QR_FED_NEW;
	return qr_set_finish(r, s, err);
}

/* Take one line: a frame is checked and kept, anything else skipped. */
enum qr_fed
qr_reader_feed(struct qr_reader *r, const char *line, size_t n,
    struct xf_err *err)
{
	struct buf raw = {0};
	struct qr_frame f;
	enum qr_fed fed;

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (n >= 8 && memcmp(line, "QR-Code:", 8) == 0) {
		line += 8;
		n -= 8;
	}
	fed = qr_line_frame(line, n, &raw, &f, err);
	if (fed == QR_FED_NEW && r->bundle != NULL)
		fed = QR_FED_REPEAT;
	else if (fed == QR_FED_NEW)
		fed = qr_reader_keep(r, &f, err);
	buf_free(&raw);
	return fed;
}

/* The set with the most frames, NULL before the first. */
static const struct qr_set *
qr_reader_best(const struct qr_reader *r)
{
	const struct qr_set *best = NULL;

	for (int i = 0; i < r->nsets; i++)
		if (best == NULL || r->sets[i].nhave * best->k >
		    best->nhave * r->sets[i].k)
			best = &r->sets[i];
	return best;
}

/* Frames held and needed for the cut closest to complete. */
void
qr_reader_progress(const struct qr_reader *r, int *have, int *need)
{
	const struct qr_set *s = qr_reader_best(r);

	*have = s ? s->nhave : 0;
	*need = s ? s->k : 0;
	if (r->bundle != NULL)
		*have = *need;
}

/* The id of the cut closest to complete, in hex. */
void
qr_reader_id(const struct qr_reader *r, char out[9])
{
	const struct qr_set *s = qr_reader_best(r);

	out[0] = '\0';
	if (s != NULL)
		snprintf(out, 9, "%08x", (unsigned)s->id);
}

/* Append the data frames not yet held, as ranges numbered from 1. */
void
qr_reader_missing(const struct qr_reader *r, struct buf *out)
{
	const struct qr_set *s = qr_reader_best(r);
	int i = 0;

	if (s == NULL || r->bundle != NULL)
		return;
	while (i < s->k) {
		int j = i;

		if (s->have[i]) {
			i++;
			continue;
		}
		while (j + 1 < s->k && !s->have[j + 1])
			j++;
		buf_adds(out, out->len ? ", " : "");
		if (j == i)
			buf_addf(out, "%d", i + 1);
		else
			buf_addf(out, "%d-%d", i + 1, j + 1);
		i = j + 1;
	}
}

/* The rebuilt bundle, or NULL while frames are missing. */
const unsigned char *
qr_reader_bundle(const struct qr_reader *r, size_t *len)
{
	*len = r->bundle ? r->len : 0;
	return r->bundle;
}

/* Append one row of half blocks: modules of rows r and r+1 with the margin. */
static void
qr_art_row(const QRcode *code, int r, struct buf *out)
{
	static const char *const cell[4] = {" ", "\u2580", "\u2584", "\u2588"};
	int w = code->width, side = w + 2 * QR_QUIET;

	for (int c = 0; c < side; c++) {
		int mc = c - QR_QUIET, top = 0, bot = 0;

		if (mc >= 0 && mc < w && r >= 0 && r < w)
			top = code->data[r * w + mc] & 1;
		if (mc >= 0 && mc < w && r + 1 >= 0 && r + 1 < w)
			bot = code->data[(r + 1) * w + mc] & 1;
		buf_adds(out, cell[top | bot << 1]);
	}
}

/* Append a QR code of any text as lines of half blocks. */
int
qr_text_art(const char *text, int ansi, struct buf *out,
    struct xf_err *err)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int side;

	if (code == NULL)
		return xf_error(err, _("cannot make a QR code of this text"));
	side = code->width + 2 * QR_QUIET;
	for (int r = -QR_QUIET; r < side - QR_QUIET; r += 2) {
		if (ansi)
			buf_adds(out, "\033[30;47m");
		qr_art_row(code, r, out);
		buf_adds(out, ansi ? "\033[0m\n" : "\n");
	}
	QRcode_free(code);
	return 0;
}
