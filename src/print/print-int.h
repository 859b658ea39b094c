/* What the printing module's files share: page sizes, the font, and
 * the helpers that lay out text and write the pictures. */
#ifndef PRINT_INT_H
#define PRINT_INT_H

#include <cairo.h>

#include "print.h"

#define PT_PER_MM (72.0 / 25.4)
#define A4_W (210.0 * PT_PER_MM)
#define A4_H (297.0 * PT_PER_MM)
#define PRINT_FONT "Noto Sans CJK SC"

/* Text centred on cx with its top at y, at most w wide (pango); the
 * height it took. */
double print_text(cairo_t *, const char *, const char *font, double cx,
    double y, double w);
/* A QR code's dark modules (width x width) with quiet modules of white
 * around, its top left corner at (x, y), m a module: one picture scaled
 * without smoothing, so no seam shows between modules in print. */
void print_code(cairo_t *, const unsigned char *dark, int width, int quiet,
    double x, double y, double m);
/* A cairo write function appending to a struct buf. */
cairo_status_t print_to_buf(void *buf, const unsigned char *, unsigned int);
/* Say PRINT_DPI in the PNG that starts at start in png (a pHYs chunk
 * after its IHDR). */
void print_png_dpi(struct buf *png, size_t start);

#endif
