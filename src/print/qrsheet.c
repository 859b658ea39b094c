/* A bundle's QR frames printed: one PNG a frame, A4 sheets as PNG and
 * as a PDF, each code numbered, drawn with cairo and pango. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>

#include "print-int.h"

#define LABEL_PX 64		/* the number under a code on a sheet PNG */
#define PDF_MARGIN (12 * PT_PER_MM)
#define PDF_HEAD (12 * PT_PER_MM)
#define PDF_LABEL (7 * PT_PER_MM)
#define PDF_COLS 3
#define PDF_SIDE (56 * PT_PER_MM)	/* a code with its quiet zone */

/* A white picture of w x h pixels to draw on. */
static cairo_t *
page_new(int w, int h, cairo_surface_t **sf)
{
	cairo_t *cr;

	*sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(*sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	return cr;
}

/* The picture as a PNG at PRINT_DPI, appended to out. */
static int
page_png(cairo_t *cr, cairo_surface_t *sf, struct buf *out)
{
	size_t start = out->len;
	int rc = 0;

	cairo_destroy(cr);
	if (cairo_surface_write_to_png_stream(sf, print_to_buf, out) !=
	    CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(sf);
	if (rc == 0)
		print_png_dpi(out, start);
	return rc;
}

int
print_qr_png(const struct print_qr *q, int module, int quiet,
    struct buf *out, struct xf_err *err)
{
	int side = (q->width + 2 * quiet) * module;
	cairo_surface_t *sf;
	cairo_t *cr = page_new(side, side, &sf);

	print_code(cr, q->dark, q->width, quiet, 0, 0, module);
	if (page_png(cr, sf, out) != 0)
		return xf_error(err, _("cannot draw QR frame %s"), q->label);
	return 0;
}

int
print_qr_sheet_png(const struct print_qr *q, int n, int cols, int module,
    int quiet, struct buf *out, struct xf_err *err)
{
	int side = (q[0].width + 2 * quiet) * module;
	int rows = (n + cols - 1) / cols, cellh = side + LABEL_PX;
	cairo_surface_t *sf;
	cairo_t *cr = page_new(cols * side, rows * cellh, &sf);
	char font[64];

	snprintf(font, sizeof font, "%s %dpx", PRINT_FONT, LABEL_PX * 2 / 3);
	for (int i = 0; i < n; i++) {
		double x = i % cols * side, y = i / cols * cellh;

		print_code(cr, q[i].dark, q[i].width, quiet, x, y, module);
		cairo_set_source_rgb(cr, 0, 0, 0);
		print_text(cr, q[i].label, font, x + side / 2.0, y + side,
		    side);
	}
	if (page_png(cr, sf, out) != 0)
		return xf_error(err, _("cannot draw the sheet of QR frames"));
	return 0;
}

int
print_qr_pdf(const struct print_qr *q, int n, const char *heading,
    struct buf *out, struct xf_err *err)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(print_to_buf,
	    out, A4_W, A4_H);
	cairo_t *cr = cairo_create(sf);
	double colw = (A4_W - 2 * PDF_MARGIN) / PDF_COLS;
	int rows = (int)((A4_H - 2 * PDF_MARGIN - PDF_HEAD) /
	    (PDF_SIDE + PDF_LABEL));
	int per = rows * PDF_COLS, pages = (n + per - 1) / per, rc = 0;
	char line[256];

	for (int i = 0; i < n; i++) {
		int slot = i % per;
		double x = PDF_MARGIN + slot % PDF_COLS * colw +
		    (colw - PDF_SIDE) / 2;
		double y = PDF_MARGIN + PDF_HEAD + slot / PDF_COLS *
		    (PDF_SIDE + PDF_LABEL);

		if (slot == 0) {
			if (i > 0)
				cairo_show_page(cr);
			/* Sheets are for the station's scanner and read in
			 * Chinese, as plaques do. */
			snprintf(line, sizeof line, "%s　第 %d/%d 页", heading,
			    i / per + 1, pages);
			cairo_set_source_rgb(cr, 0, 0, 0);
			print_text(cr, line, PRINT_FONT " 11", A4_W / 2,
			    PDF_MARGIN, A4_W - 2 * PDF_MARGIN);
		}
		print_code(cr, q[i].dark, q[i].width, 4, x, y,
		    PDF_SIDE / (q[i].width + 8));
		cairo_set_source_rgb(cr, 0, 0, 0);
		print_text(cr, q[i].label, PRINT_FONT " 10", x + PDF_SIDE / 2,
		    y + PDF_SIDE, colw);
	}
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(sf);
	return rc == 0 ? 0 : xf_error(err, _("cannot draw the PDF of QR "
	    "frames"));
}
