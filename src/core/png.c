/* PNG writer: IHDR, pHYs (300 dots per inch), one IDAT compressed with
 * zlib, IEND; a 5x7 digit font. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "png.h"

#define PNG_PX_PER_METRE 11811	/* 300 dots per inch */

/* Rows of 5 pixels for the characters "0123456789/ ", top to bottom. */
static const unsigned char font5x7[12][7] = {
	{0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e},
	{0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e},
	{0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f},
	{0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e},
	{0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02},
	{0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e},
	{0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e},
	{0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
	{0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e},
	{0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c},
	{0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x10},
	{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
};

/* A white picture. */
void
image_new(struct image *im, int w, int h)
{
	im->w = w;
	im->h = h;
	im->px = xmalloc((size_t)w * (size_t)h);
	memset(im->px, 255, (size_t)w * (size_t)h);
}

/* Free the pixels of a picture. */
void
image_free(struct image *im)
{
	free(im->px);
	im->px = NULL;
}

/* Paint a rectangle, clipped to the picture. */
void
image_fill(struct image *im, int x, int y, int w, int h, unsigned char v)
{
	int x1 = x + w > im->w ? im->w : x + w;
	int y1 = y + h > im->h ? im->h : y + h;

	for (int j = y < 0 ? 0 : y; j < y1; j++)
		for (int i = x < 0 ? 0 : x; i < x1; i++)
			im->px[(size_t)j * (size_t)im->w + (size_t)i] = v;
}

/* The font row table of a character, NULL for one the font lacks. */
static const unsigned char *
font_glyph(char c)
{
	if (c >= '0' && c <= '9')
		return font5x7[c - '0'];
	if (c == '/')
		return font5x7[10];
	if (c == ' ')
		return font5x7[11];
	return NULL;
}

/* Draw digits and slashes in the 5x7 font. */
int
image_text(struct image *im, int x, int y, const char *s, int scale)
{
	int x0 = x;

	for (; *s; s++) {
		const unsigned char *g = font_glyph(*s);

		if (g == NULL)
			continue;
		for (int r = 0; r < 7; r++)
			for (int c = 0; c < 5; c++)
				if (g[r] & (0x10 >> c))
					image_fill(im, x + c * scale,
					    y + r * scale, scale, scale, 0);
		x += 6 * scale;
	}
	return x - x0;
}

/* Append one chunk: length, type, data, CRC of type and data. */
static void
png_chunk(struct buf *out, const char *type, const unsigned char *p,
    size_t n)
{
	unsigned char w[4];
	uLong crc;

	store_u32be(w, (uint32_t)n);
	buf_add(out, w, 4);
	buf_add(out, type, 4);
	buf_add(out, p, n);
	crc = crc32(0L, (const Bytef *)type, 4);
	crc = crc32(crc, p, (uInt)n);
	store_u32be(w, (uint32_t)crc);
	buf_add(out, w, 4);
}

/* Append the PNG file of a picture: 8-bit greyscale at 300 dots per inch
 * (so that printing it keeps its modules the size they were drawn for), one
 * IDAT. */
void
png_encode(struct buf *out, const struct image *im)
{
	static const unsigned char sig[8] = {137, 'P', 'N', 'G', 13, 10, 26,
	    10};
	unsigned char ihdr[13] = {0}, phys[9];
	size_t rowlen = (size_t)im->w + 1, rawlen = rowlen * (size_t)im->h;
	unsigned char *raw = xmalloc(rawlen);
	uLongf zlen = compressBound((uLong)rawlen);
	unsigned char *z = xmalloc(zlen);

	for (int y = 0; y < im->h; y++) {
		raw[(size_t)y * rowlen] = 0;
		memcpy(raw + (size_t)y * rowlen + 1,
		    im->px + (size_t)y * (size_t)im->w, (size_t)im->w);
	}
	if (compress2(z, &zlen, raw, (uLong)rawlen, 9) != Z_OK)
		abort();	/* only when memory runs out */
	store_u32be(ihdr, (uint32_t)im->w);
	store_u32be(ihdr + 4, (uint32_t)im->h);
	ihdr[8] = 8;		/* bit depth */
	ihdr[9] = 0;		/* greyscale */
	buf_add(out, sig, sizeof sig);
	png_chunk(out, "IHDR", ihdr, sizeof ihdr);
	store_u32be(phys, PNG_PX_PER_METRE);
	store_u32be(phys + 4, PNG_PX_PER_METRE);
	phys[8] = 1;		/* unit: the metre */
	png_chunk(out, "pHYs", phys, sizeof phys);
	png_chunk(out, "IDAT", z, zlen);
	png_chunk(out, "IEND", ihdr, 0);
	free(raw);
	free(z);
}

/* Write a picture as a PNG file through a temporary name. */
int
png_write(const char *path, const struct image *im, struct xf_err *err)
{
	struct buf b = {0};
	int rc;

	png_encode(&b, im);
	rc = file_write_atomic(path, b.data, b.len, 0644, err);
	buf_free(&b);
	return rc;
}
