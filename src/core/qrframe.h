/*
 * QR frames: a bundle cut into QR codes of alphanumeric text and read back.
 *
 * A frame is QR_PREFIX followed by the Base45 text of
 *   format (1) | bundle id (4) | frame number (1) | data frames K - 1 (1) |
 *   bundle length (varint) | CRC-32 of the bundle (4) | data (S) |
 *   CRC-32 of all the bytes before (4)
 * Frames 0..K-1 carry the bundle in order (the last one padded with zeros);
 * frames K..255 are repair frames of a systematic Reed-Solomon erasure code
 * over GF(256) with a Cauchy matrix, so any K distinct frames rebuild it.
 */
#ifndef QRFRAME_H
#define QRFRAME_H

#include <stdint.h>

#include "xf.h"

#define QR_PREFIX "XF:"
#define QR_FORMAT 1
#define QR_MAX_FRAMES 256
#define QR_MIN_VERSION 3
#define QR_MAX_VERSION 40
#define QR_QUIET 4		/* modules of light margin on every side */

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
/* Repair frames that go with k data frames in a printed set. */
int qr_repair_count(int k);
/* The smallest version that carries a bundle of len bytes with its repair
 * frames in at most QR_MAX_FRAMES frames, 0 if none does. */
int qr_min_version(size_t len);

/* The largest version whose code and quiet zone fit cols x rows terminal
 * cells (two modules per row), 0 if none does. */
int qr_layout_version(int cols, int rows);
/* Terminal columns and rows a code of this version takes with its margin. */
void qr_layout_size(int version, int *cols, int *rows);

/* A bundle cut into frames. */
struct qr_bundle {
	unsigned char *data;	/* K * size bytes: the bundle, zero-padded */
	size_t len;		/* bundle length */
	size_t size;		/* data bytes per frame */
	int version;		/* QR version of every frame */
	int k;			/* data frames */
	int n;			/* frames in a set: data and repair */
	uint32_t id, crc;
	struct gf256 gf;
};
int qr_bundle_cut(struct qr_bundle *, const unsigned char *, size_t,
    int version, struct xf_err *);
void qr_bundle_free(struct qr_bundle *);
/* Append the text of frame i (0..QR_MAX_FRAMES-1) to out. */
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
	QR_FED_COMPLETE		/* the bundle is complete */
};

/* Collects frames one line at a time and rebuilds the bundle. */
struct qr_reader;
struct qr_reader *qr_reader_new(void);
void qr_reader_free(struct qr_reader *);
/* Take one line of text (a scanned frame or anything else). */
enum qr_fed qr_reader_feed(struct qr_reader *, const char *, size_t,
    struct xf_err *);
/* Frames held and frames needed (0 before the first frame). */
void qr_reader_progress(const struct qr_reader *, int *have, int *need);
/* The bundle id in hex (8 digits), or "" before the first frame. */
void qr_reader_id(const struct qr_reader *, char out[9]);
/* Append the missing data frames as "3, 7-9" (numbered from 1). */
void qr_reader_missing(const struct qr_reader *, struct buf *);
/* The rebuilt bundle, once complete; NULL before. */
const unsigned char *qr_reader_bundle(const struct qr_reader *, size_t *len);

#endif
