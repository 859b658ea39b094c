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

#define QR_HEAD_FIXED 13	/* format, id, frame number, K - 1, bundle CRC */
#define QR_HEAD_OLD 11		/* the same in format 1 */
#define QR_TAIL 4		/* frame CRC */
#define QR_LINE_MAX 8192
#define QR_CUTS 4		/* cuts of one bundle a reader follows at once */
#define QR_HELD_MAX (64 * 1024 * 1024)	/* bytes of rows a reader holds */

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

/* Coefficient of local data row j in the Cauchy row x >= k_g of a group. */
static uint8_t
qr_coef(const struct gf256 *gf, int x, int j)
{
	return gf_inv(gf, (uint8_t)(x ^ j));
}

/* Reed-Solomon groups for k data frames. */
static int
qr_groups(int k)
{
	return (k + QR_GROUP_DATA - 1) / QR_GROUP_DATA;
}

/* Data frames in group g of G over k data frames. */
static int
qr_group_size(int k, int groups, int g)
{
	return (k - g + groups - 1) / groups;
}

/* Frame numbers there can be: data frames, then every repair row that each
 * group still has room for in its 256. */
static int
qr_frames_max(int k, int groups)
{
	long n = k + (long)groups * (QR_GROUP_FRAMES -
	    qr_group_size(k, groups, 0));

	return n > QR_MAX_FRAMES ? QR_MAX_FRAMES : (int)n;
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

/* Repair frames a set adds to k data frames, as many as the groups hold:
 * the screen shows as many again (every frame of a cycle is new to a reader
 * that missed some), a printed set half as many again. */
int
qr_repair_count(int k, int print)
{
	int want = print ? (k + 1) / 2 : k, room;

	if (want < (print ? 2 : 4))
		want = print ? 2 : 4;
	room = qr_frames_max(k, qr_groups(k)) - k;
	return want < room ? want : room;
}

/* Data frames for a bundle of len bytes at this version, 0 if none. */
static int
qr_data_frames(int version, size_t len)
{
	size_t per = qr_frame_data(version, len), k;

	if (per == 0 || len == 0 || len > QR_LEN_MAX)
		return 0;
	k = (len + per - 1) / per;
	if (k >= QR_MAX_FRAMES ||
	    k + (size_t)qr_repair_count((int)k, 1) > QR_MAX_FRAMES)
		return 0;
	return (int)k;
}

/* The smallest version that carries the bundle in at most 65536 frames. */
int
qr_min_version(size_t len)
{
	for (int v = QR_MIN_VERSION; v <= QR_MAX_VERSION; v++)
		if (qr_data_frames(v, len) > 0)
			return v;
	return 0;
}

/* The drawing named auto, halfblock or block. */
int
qr_render_parse(const char *s, int *out)
{
	static const char *const names[] = {"auto", "halfblock", "block"};

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i - 1;
			return 0;
		}
	return -1;
}

/* Terminal cells a code of this version takes with its quiet zone. */
void
qr_layout_size(int version, enum qr_render how, int *cols, int *rows)
{
	int side = qr_modules(version) + 2 * QR_QUIET;

	*cols = how == QR_RENDER_BLOCK ? 2 * side : side;
	*rows = how == QR_RENDER_BLOCK ? side : (side + 1) / 2;
}

/* The largest version whose code fits the cells whole. */
int
qr_layout_version(int cols, int rows, enum qr_render how)
{
	int best = 0;

	for (int v = 1; v <= QR_MAX_VERSION; v++) {
		int c, r;

		qr_layout_size(v, how, &c, &r);
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
	tag[0] = (unsigned char)((k - 1) >> 8);
	c = crc32(c, tag, 1);
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
	b->g = qr_groups(k);
	b->nmax = qr_frames_max(k, b->g);
	b->n = k + qr_repair_count(k, 0);
	b->version = version;
	b->data = xcalloc((size_t)k, b->size);
	memcpy(b->data, p, len);
	b->crc = (uint32_t)crc32(0L, p, (uInt)len);
	b->id = qr_cut_id(p, len, b->size, k);
	gf256_init(&b->gf);
	return 0;
}

/* The set for printing: half as many repair frames again as data frames. */
void
qr_bundle_print(struct qr_bundle *b)
{
	b->n = b->k + qr_repair_count(b->k, 1);
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
	int g, kg, x;

	if (i < b->k) {
		buf_add(out, b->data + (size_t)i * b->size, b->size);
		return;
	}
	sum = xcalloc(1, b->size);
	g = (i - b->k) % b->g;
	kg = qr_group_size(b->k, b->g, g);
	x = kg + (i - b->k) / b->g;
	for (int j = 0; j < kg; j++)
		gf_addmul(&b->gf, sum, b->data + (size_t)(j * b->g + g) *
		    b->size, qr_coef(&b->gf, x, j), b->size);
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
	buf_addc(&raw, (unsigned char)(i >> 8));
	buf_addc(&raw, (unsigned char)i);
	buf_addc(&raw, (unsigned char)((b->k - 1) >> 8));
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

/* The frames of one cut of a bundle that a reader holds, by group. */
struct qr_set {
	uint32_t id;
	int bundle;		/* index in the reader's bundles */
	int fmt, k, groups, nmax, nhave, gdone;
	size_t size;
	unsigned char *seen;	/* nmax flags: frame numbers held */
	int *base, *ghave;	/* each group's first row, rows held */
	unsigned char *x;	/* Cauchy row of each row held */
	unsigned char *rows;	/* k rows of size bytes, group by group */
};

/* A bundle, named by its length and checksum. */
struct qr_bdl {
	uint32_t crc;
	size_t len;
	unsigned char *bytes;	/* once rebuilt */
	char id[9];		/* the id of the cut that rebuilt it */
	int k;			/* its data frames, once rebuilt */
};

struct qr_reader {
	struct qr_set sets[QR_BUNDLES * QR_CUTS];
	int nsets;
	struct qr_bdl bundles[QR_BUNDLES];
	int nbundles, current, first;
	struct gf256 gf;
};

/* One frame taken apart. */
struct qr_frame {
	uint32_t id, crc;
	int fmt, num, k;
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
	r->current = r->first = -1;
	return r;
}

/* Free what a set holds. */
static void
qr_set_clear(struct qr_set *s)
{
	free(s->seen);
	free(s->base);
	free(s->ghave);
	free(s->x);
	free(s->rows);
	memset(s, 0, sizeof *s);
}

/* Free a reader and the bundles it rebuilt. */
void
qr_reader_free(struct qr_reader *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->nsets; i++)
		qr_set_clear(&r->sets[i]);
	for (int i = 0; i < r->nbundles; i++)
		free(r->bundles[i].bytes);
	free(r);
}

/* Take the fields of a frame whose checksum was verified. */
static int
qr_frame_parse(const unsigned char *p, size_t n, struct qr_frame *f,
    struct xf_err *err)
{
	const unsigned char *q, *end = p + n - QR_TAIL;

	f->fmt = p[0];
	if (f->fmt != QR_FORMAT && f->fmt != QR_FORMAT_OLD)
		return xf_error(err, _("the frame is of format %d, which this "
		    "xunfang does not know: update xunfang"), p[0]);
	f->id = load_u32be(p + 1);
	if (f->fmt == QR_FORMAT_OLD) {
		f->num = p[5];
		f->k = p[6] + 1;
		q = p + 7;
	} else {
		f->num = p[5] << 8 | p[6];
		f->k = (p[7] << 8 | p[8]) + 1;
		q = p + 9;
	}
	if (read_varint(&q, end, &f->len) != 0 || end - q < 5)
		return xf_error(err, _("the frame is cut short: scan it again"));
	f->crc = load_u32be(q);
	f->data = q + 4;
	f->size = (size_t)(end - f->data);
	/* The writer makes size the least that holds the bundle in k frames:
	 * a header claiming more would only make the reader hold more. */
	if (f->len == 0 || f->len > QR_LEN_MAX ||
	    (uint64_t)f->k * f->size < f->len ||
	    (uint64_t)f->k * f->size >= f->len + (uint64_t)f->k)
		return xf_error(err, _("the frame's header does not add up: "
		    "scan it again")), -1;
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
	if (raw->len < QR_HEAD_OLD + 1 + QR_TAIL + 1)
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

/* The bundle of this frame, made if new; -1 when too many are open. */
static int
qr_bundle_for(struct qr_reader *r, const struct qr_frame *f)
{
	struct qr_bdl *b;

	for (int i = 0; i < r->nbundles; i++)
		if (r->bundles[i].crc == f->crc && r->bundles[i].len == f->len)
			return i;
	if (r->nbundles == QR_BUNDLES)
		return -1;
	b = &r->bundles[r->nbundles];
	memset(b, 0, sizeof *b);
	b->crc = f->crc;
	b->len = (size_t)f->len;
	snprintf(b->id, sizeof b->id, "%08x", (unsigned)f->id);
	return r->nbundles++;
}

/* Start a set for the cut this frame is of. */
static void
qr_set_start(struct qr_set *s, int bundle, const struct qr_frame *f)
{
	memset(s, 0, sizeof *s);
	s->id = f->id;
	s->bundle = bundle;
	s->fmt = f->fmt;
	s->size = f->size;
	s->k = f->k;
	s->groups = f->fmt == QR_FORMAT_OLD ? 1 : qr_groups(f->k);
	s->nmax = f->fmt == QR_FORMAT_OLD ? QR_GROUP_FRAMES :
	    qr_frames_max(f->k, s->groups);
	s->seen = xcalloc((size_t)s->nmax, 1);
	s->base = xcalloc((size_t)s->groups, sizeof *s->base);
	s->ghave = xcalloc((size_t)s->groups, sizeof *s->ghave);
	s->x = xcalloc((size_t)f->k, 1);
	s->rows = xcalloc((size_t)f->k, f->size);
	for (int g = 1; g < s->groups; g++)
		s->base[g] = s->base[g - 1] + qr_group_size(f->k, s->groups,
		    g - 1);
}

/* The set this frame belongs to, made if new; NULL when there are too many
 * (the message says so). */
static struct qr_set *
qr_set_for(struct qr_reader *r, int bundle, const struct qr_frame *f,
    struct xf_err *err)
{
	struct qr_set *s;
	uint64_t held = 0;
	int cuts = 0;

	for (int i = 0; i < r->nsets; i++) {
		s = &r->sets[i];
		if (s->id == f->id && s->size == f->size && s->k == f->k &&
		    s->fmt == f->fmt && s->bundle == bundle)
			return s;
		cuts += s->bundle == bundle;
	}
	if (cuts == QR_CUTS || r->nsets == QR_BUNDLES * QR_CUTS)
		return xf_error(err, _("this bundle was shown at too many "
		    "sizes: keep the window size while scanning")), NULL;
	/* Frames claiming large bundles must not make the reader hold
	 * without bound: the open cuts share a budget. */
	for (int i = 0; i < r->nsets; i++)
		held += (uint64_t)r->sets[i].k * r->sets[i].size;
	if (held + (uint64_t)f->k * f->size > QR_HELD_MAX)
		return xf_error(err, _("frames of too many bundles were read "
		    "at once: finish some of them first")), NULL;
	s = &r->sets[r->nsets++];
	qr_set_start(s, bundle, f);
	return s;
}

/* Solve one group's kg x kg system for its data rows, in place. */
static void
qr_group_solve(const struct gf256 *gf, unsigned char *x, unsigned char *rows,
    int kg, size_t size)
{
	uint8_t *m = xcalloc((size_t)kg, (size_t)kg);
	unsigned char *tmp = xmalloc(size > (size_t)kg ? size : (size_t)kg);

	for (int i = 0; i < kg; i++)
		for (int j = 0; j < kg; j++)
			m[i * kg + j] = x[i] < kg ? x[i] == j :
			    qr_coef(gf, x[i], j);
	for (int c = 0; c < kg; c++) {
		int p = c;
		uint8_t inv;

		while (p < kg && m[p * kg + c] == 0)
			p++;
		if (p == kg)
			break;
		if (p != c) {
			memcpy(tmp, m + p * kg, (size_t)kg);
			memcpy(m + p * kg, m + c * kg, (size_t)kg);
			memcpy(m + c * kg, tmp, (size_t)kg);
			memcpy(tmp, rows + p * size, size);
			memcpy(rows + p * size, rows + c * size, size);
			memcpy(rows + c * size, tmp, size);
		}
		inv = gf_inv(gf, m[c * kg + c]);
		for (int j = 0; j < kg; j++)
			m[c * kg + j] = gf_mul(gf, m[c * kg + j], inv);
		for (size_t j = 0; j < size; j++)
			rows[c * size + j] = gf_mul(gf, rows[c * size + j], inv);
		for (int i = 0; i < kg; i++) {
			uint8_t f = m[i * kg + c];

			if (i == c || f == 0)
				continue;
			gf_addmul(gf, m + i * kg, m + c * kg, f, (size_t)kg);
			gf_addmul(gf, rows + i * size, rows + c * size, f, size);
		}
	}
	free(m);
	free(tmp);
}

/* Keep only the sets still open, in order. */
static void
qr_reader_compact(struct qr_reader *r)
{
	int w = 0;

	for (int i = 0; i < r->nsets; i++)
		if (r->sets[i].seen != NULL)
			r->sets[w++] = r->sets[i];
	for (int i = w; i < r->nsets; i++)
		memset(&r->sets[i], 0, sizeof r->sets[i]);
	r->nsets = w;
}

/* Put the solved groups' rows back in bundle order and check the CRC. */
static enum qr_fed
qr_set_finish(struct qr_reader *r, struct qr_set *s, struct xf_err *err)
{
	struct qr_bdl *b = &r->bundles[s->bundle];
	unsigned char *out = xmalloc((size_t)s->k * s->size);
	int bundle = s->bundle;

	for (int j = 0; j < s->k; j++)
		memcpy(out + (size_t)j * s->size, s->rows + (size_t)(s->base[j %
		    s->groups] + j / s->groups) * s->size, s->size);
	if ((uint32_t)crc32(0L, out, (uInt)b->len) != b->crc) {
		struct qr_frame f = {.id = s->id, .fmt = s->fmt, .k = s->k,
		    .size = s->size};

		free(out);
		qr_set_clear(s);
		qr_set_start(s, bundle, &f);
		return xf_error(err, _("the frames do not make up the bundle "
		    "(its checksum differs): show and scan the frames again")),
		    QR_FED_BAD;
	}
	b->bytes = out;
	snprintf(b->id, sizeof b->id, "%08x", (unsigned)s->id);
	if (r->first < 0)
		r->first = bundle;
	for (int i = 0; i < r->nsets; i++)
		if (r->sets[i].bundle == bundle)
			qr_set_clear(&r->sets[i]);
	b->k = s->k;
	qr_reader_compact(r);
	return QR_FED_COMPLETE;
}

/* Keep a checked frame in its group; solve the group once it is full. */
static enum qr_fed
qr_set_keep(struct qr_reader *r, struct qr_set *s, const struct qr_frame *f,
    struct xf_err *err)
{
	int g, kg, x, row;

	if (f->num >= s->nmax)
		return xf_error(err, _("the frame's header does not add up: "
		    "scan it again")), QR_FED_BAD;
	if (s->seen[f->num])
		return QR_FED_REPEAT;
	if (f->num < s->k) {
		g = f->num % s->groups;
		x = f->num / s->groups;
	} else {
		g = (f->num - s->k) % s->groups;
		x = qr_group_size(s->k, s->groups, g) + (f->num - s->k) /
		    s->groups;
	}
	kg = qr_group_size(s->k, s->groups, g);
	s->seen[f->num] = 1;
	if (s->ghave[g] == kg)
		return QR_FED_REPEAT;	/* the group is already solved */
	row = s->base[g] + s->ghave[g]++;
	s->x[row] = (unsigned char)x;
	memcpy(s->rows + (size_t)row * s->size, f->data, s->size);
	s->nhave++;
	if (s->ghave[g] < kg)
		return QR_FED_NEW;
	qr_group_solve(&r->gf, s->x + s->base[g], s->rows + (size_t)s->base[g] *
	    s->size, kg, s->size);
	if (++s->gdone < s->groups)
		return QR_FED_NEW;
	return qr_set_finish(r, s, err);
}

/* Keep a checked frame with its bundle. */
static enum qr_fed
qr_reader_keep(struct qr_reader *r, const struct qr_frame *f,
    struct xf_err *err)
{
	struct qr_set *s;
	int b = qr_bundle_for(r, f);

	if (b < 0)
		return xf_error(err, _("frames of too many bundles were read "
		    "at once: finish some of them first")), QR_FED_BAD;
	r->current = b;
	if (r->bundles[b].bytes != NULL)
		return QR_FED_REPEAT;
	if ((s = qr_set_for(r, b, f, err)) == NULL)
		return QR_FED_BAD;
	return qr_set_keep(r, s, f, err);
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
	if (fed == QR_FED_NEW)
		fed = qr_reader_keep(r, &f, err);
	buf_free(&raw);
	return fed;
}

/* The fullest open cut of bundle b, NULL if none. */
static const struct qr_set *
qr_reader_best(const struct qr_reader *r, int b)
{
	const struct qr_set *best = NULL;

	for (int i = 0; i < r->nsets; i++) {
		const struct qr_set *s = &r->sets[i];

		if (s->bundle == b && (best == NULL ||
		    (long)s->nhave * best->k > (long)best->nhave * s->k))
			best = s;
	}
	return best;
}

/* Bundles seen so far. */
int
qr_reader_count(const struct qr_reader *r)
{
	return r->nbundles;
}

/* The bundle of the last frame. */
int
qr_reader_current(const struct qr_reader *r)
{
	return r->current;
}

/* How far bundle i is. */
void
qr_reader_status(const struct qr_reader *r, int i, struct qr_status *st)
{
	const struct qr_bdl *b = &r->bundles[i];
	const struct qr_set *s = qr_reader_best(r, i);

	memset(st, 0, sizeof *st);
	st->len = b->len;
	st->complete = b->bytes != NULL;
	if (st->complete || s == NULL) {
		snprintf(st->id, sizeof st->id, "%s", b->id);
		st->have = st->need = b->k;
		return;
	}
	snprintf(st->id, sizeof st->id, "%08x", (unsigned)s->id);
	st->have = s->nhave;
	st->need = s->k;
}

/* Bundle i once rebuilt. */
const unsigned char *
qr_reader_get(const struct qr_reader *r, int i, size_t *len)
{
	*len = r->bundles[i].bytes ? r->bundles[i].len : 0;
	return r->bundles[i].bytes;
}

/* Frames held and needed for the bundle of the last frame. */
void
qr_reader_progress(const struct qr_reader *r, int *have, int *need)
{
	struct qr_status st;

	*have = *need = 0;
	if (r->current < 0)
		return;
	qr_reader_status(r, r->current, &st);
	*have = st.have;
	*need = st.need;
}

/* The id of the bundle of the last frame, in hex. */
void
qr_reader_id(const struct qr_reader *r, char out[9])
{
	struct qr_status st;

	out[0] = '\0';
	if (r->current < 0)
		return;
	qr_reader_status(r, r->current, &st);
	snprintf(out, 9, "%s", st.id);
}

/* Append the data frames not yet held, as ranges numbered from 1. */
void
qr_reader_missing(const struct qr_reader *r, struct buf *out)
{
	const struct qr_set *s;
	int i = 0;

	if (r->current < 0 || (s = qr_reader_best(r, r->current)) == NULL)
		return;
	while (i < s->k) {
		int j = i;

		if (s->seen[i]) {
			i++;
			continue;
		}
		while (j + 1 < s->k && !s->seen[j + 1])
			j++;
		buf_adds(out, out->len ? ", " : "");
		if (j == i)
			buf_addf(out, "%d", i + 1);
		else
			buf_addf(out, "%d-%d", i + 1, j + 1);
		i = j + 1;
	}
}

/* The first bundle rebuilt, or NULL while none is complete. */
const unsigned char *
qr_reader_bundle(const struct qr_reader *r, size_t *len)
{
	if (r->first < 0) {
		*len = 0;
		return NULL;
	}
	return qr_reader_get(r, r->first, len);
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
			buf_adds(out, "\033[30;107m");	/* bright white */
		qr_art_row(code, r, out);
		buf_adds(out, ansi ? "\033[0m\n" : "\n");
	}
	QRcode_free(code);
	return 0;
}
