/* PNG writer: 8-bit greyscale images, compressed with zlib. */
#ifndef PNG_H
#define PNG_H

#include "xf.h"

/* A greyscale picture: 0 is black, 255 white. */
struct image {
	int w, h;
	unsigned char *px;
};

/* A white picture of w x h pixels. */
void image_new(struct image *, int w, int h);
void image_free(struct image *);
/* Paint a rectangle, clipped to the picture. */
void image_fill(struct image *, int x, int y, int w, int h, unsigned char);
/* Draw digits, '/' and spaces in a 5x7 pixel font, each pixel scale wide;
 * returns the width drawn. */
int image_text(struct image *, int x, int y, const char *, int scale);
/* Append the PNG file of the picture to out. */
void png_encode(struct buf *out, const struct image *);
/* Write the picture as a PNG file (temporary name, fsync, rename). */
int png_write(const char *path, const struct image *, struct xf_err *);

#endif
