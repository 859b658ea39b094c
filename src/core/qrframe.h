/*
 * QR frames: a bundle cut into QR codes of alphanumeric text and read back.
 *
 * A frame is QR_PREFIX followed by the Base45 text of
 *   format (1) = 2 | bundle id (4) | frame number (2) | data frames K - 1 (2) |
 *   bundle length (varint) | CRC-32 of the bundle (4) | data (S) |
 *   CRC-32 of all the bytes before (4)
 * (format 1, still read, has one-byte frame number and K - 1, and one group).
 * Frames 0..K-1 carry the bundle in order (the last one padded with zeros).
 * Data frame j belongs to group j mod G, G = ceil(K / QR_GROUP_DATA); repair
 * frame K + i to group i mod G as its repair row i div G. Each group is a
 * systematic Reed-Solomon erasure code over GF(256) with a Cauchy matrix, so
 * any k_g distinct frames of each group rebuild it. See xunfang-bundle(5).
 */
#ifndef QRFRAME_H
#define QRFRAME_H

#include <stdint.h>

#include "xf.h"

#define QR_PREFIX "XF:"
#define QR_FORMAT 2
#define QR_FORMAT_OLD 1	/* one-byte frame numbers, still read */
#define QR_MAX_FRAMES 65536	/* frame numbers are two bytes */
#define QR_GROUP_FRAMES 256	/* frames of one Reed-Solomon group at most */
#define QR_GROUP_DATA 128	/* data frames of one group at most */
#define QR_BUNDLES 16		/* bundles a reader follows at once */
#define QR_DEFAULT_VERSION 12	/* what a webcam at a 15 degree tilt reads */
#define QR_MIN_VERSION 3
#define QR_MAX_VERSION 40
#define QR_QUIET 4		/* modules of light margin on every side */
#define QR_LEN_MAX (16 * 1024 * 1024)	/* bundle bytes QR frames carry at most */

/* Multiplication and inversion tables of GF(256). */
struct gf256 {
	uint8_t exp[512], log[256];
};
void gf256_init(struct gf256 *);

/* Characters a QR code of this version holds at level M in alphanumeric mode. */
int qr_capacity(int version);
/* Modules on a side of a QR code of this version. */
int qr_modules(int version);
/* Bytes of frame header and checksums for a bundle of this length. */
size_t qr_overhead(size_t len);
/* Bundle bytes one frame of this version carries (0 if none). */
size_t qr_frame_data(int version, size_t len);
/* Repair frames that go with k data frames: a printed set (print) gets at
 * least half as many again, the screen as many again. */
int qr_repair_count(int k, int print);
/* The smallest version that carries a bundle of len bytes with its repair
 * frames in at most QR_MAX_FRAMES frames, 0 if none does. */
int qr_min_version(size_t len);

/* How a code is drawn on a terminal: two modules a cell with half-block
 * glyphs, or one module as two cells of background colour (no glyph, so no
 * font can leave seams in it). */
enum qr_render {
	QR_RENDER_AUTO = -1,	/* block where the terminal is known to seam */
	QR_RENDER_HALFBLOCK,
	QR_RENDER_BLOCK
};
/* auto, halfblock or block as an enum qr_render; -1 if none of them. */
int qr_render_parse(const char *, int *out);
/* The largest version whose code and quiet zone fit cols x rows terminal
 * cells, 0 if none does. */
int qr_layout_version(int cols, int rows, enum qr_render);
/* Terminal columns and rows a code of this version takes with its margin. */
void qr_layout_size(int version, enum qr_render, int *cols, int *rows);

/* A bundle cut into frames. */
struct qr_bundle {
	unsigned char *data;	/* K * size bytes: the bundle, zero-padded */
	size_t len;		/* bundle length */
	size_t size;		/* data bytes per frame */
	int version;		/* QR version of every frame */
	int k;			/* data frames */
	int g;			/* Reed-Solomon groups */
	int n;			/* frames in a set: data and repair */
	int nmax;		/* frames there can be: K + repair rows */
	uint32_t id, crc;
	struct gf256 gf;
};
/* Cut a bundle; the set has qr_repair_count(k, 0) repair frames. */
int qr_bundle_cut(struct qr_bundle *, const unsigned char *, size_t,
    int version, struct xf_err *);
/* Make the set the one for printing: more repair frames. */
void qr_bundle_print(struct qr_bundle *);
void qr_bundle_free(struct qr_bundle *);
/* Append the text of frame i (0..nmax-1) to out. */
void qr_frame_text(const struct qr_bundle *, int i, struct buf *out);

/* A QR code: width x width modules, 1 for dark. */
struct qr_symbol {
	int width;
	unsigned char *dark;
};
/* Encode text in alphanumeric mode at level M, exactly this version
 * (0: the smallest that fits). */
int qr_symbol_encode(struct qr_symbol *, const char *text, int version,
    struct xf_err *);
void qr_symbol_free(struct qr_symbol *);
/* Append any text as a QR code in half-block lines with its margin, dark
 * modules as blocks; ansi adds colours for dark on light on a terminal. */
int qr_text_art(const char *text, int ansi, struct buf *out,
    struct xf_err *);

/* What one line fed to a reader was. */
enum qr_fed {
	QR_FED_JUNK,		/* not a frame: skipped quietly */
	QR_FED_BAD,		/* a damaged or foreign frame: see the message */
	QR_FED_REPEAT,		/* a frame already held */
	QR_FED_NEW,		/* a new frame */
	QR_FED_COMPLETE		/* a bundle is complete */
};

/* One bundle a reader has seen frames of. */
struct qr_status {
	char id[9];		/* the id of its fullest cut, hex */
	int have, need;		/* frames held and needed */
	int complete;
	size_t len;
};

/* Collects frames one line at a time and rebuilds every bundle they come
 * from, each as soon as its frames are complete. */
struct qr_reader;
struct qr_reader *qr_reader_new(void);
void qr_reader_free(struct qr_reader *);
/* Take one line of text (a scanned frame or anything else). */
enum qr_fed qr_reader_feed(struct qr_reader *, const char *, size_t,
    struct xf_err *);
/* The bundles seen so far, in the order of their first frames. */
int qr_reader_count(const struct qr_reader *);
/* The bundle the last frame belonged to (-1 before the first frame). */
int qr_reader_current(const struct qr_reader *);
void qr_reader_status(const struct qr_reader *, int i, struct qr_status *);
/* Bundle i once complete, NULL before. */
const unsigned char *qr_reader_get(const struct qr_reader *, int i,
    size_t *len);
/* For the bundle of the last frame: frames held and needed (0 before the
 * first frame), its id in hex ("" before), the missing data frames as
 * "3, 7-9" (numbered from 1). */
void qr_reader_progress(const struct qr_reader *, int *have, int *need);
void qr_reader_id(const struct qr_reader *, char out[9]);
void qr_reader_missing(const struct qr_reader *, struct buf *);
/* The first bundle rebuilt, once one is complete; NULL before. */
const unsigned char *qr_reader_bundle(const struct qr_reader *, size_t *len);

#endif
