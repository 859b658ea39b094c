/* Plaques drawn with cairo, their text laid out with pango. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "print-int.h"

#define PLAQUE_W (PRINT_PLAQUE_W_MM * PT_PER_MM)
#define PLAQUE_H (PRINT_PLAQUE_H_MM * PT_PER_MM)

/* The QR code of text as a square of side size at (x, y), its quiet
 * zone of four modules inside the square. */
static int
draw_qr(cairo_t *cr, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	unsigned char *dark;

	if (q == NULL)
		return -1;
	dark = xmalloc((size_t)q->width * q->width);
	for (int i = 0; i < q->width * q->width; i++)
		dark[i] = q->data[i] & 1;
	print_code(cr, dark, q->width, 4, x, y, size / (q->width + 8));
	free(dark);
	QRcode_free(q);
	return 0;
}

/* One plaque with its top left corner at the origin, in points. */
static int
draw_plaque(cairo_t *cr, const struct print_plaque *p)
{
	char line[96];
	double cx = PLAQUE_W / 2, y, qr = 74.0 * PT_PER_MM;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 0, 0, PLAQUE_W, PLAQUE_H);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.5);
	cairo_rectangle(cr, 4, 4, PLAQUE_W - 8, PLAQUE_H - 8);
	cairo_stroke(cr);
	/* Printed plaques hang in the villages and read in Chinese
	 * whatever the language of the messages. */
	y = 14;
	y += print_text(cr, p->type, PRINT_FONT " Bold 22", cx, y,
	    PLAQUE_W - 24);
	y += print_text(cr, p->name, PRINT_FONT " Bold 18", cx, y,
	    PLAQUE_W - 24);
	if (p->village != NULL && *p->village != '\0')
		y += print_text(cr, p->village, PRINT_FONT " 13", cx, y,
		    PLAQUE_W - 24);
	y += 4;
	if (draw_qr(cr, p->payload, cx - qr / 2, y, qr) != 0)
		return -1;
	y += qr + 2;
	snprintf(line, sizeof line, "扫码打卡　备用码 %.4s-%.4s", p->code,
	    p->code + 4);
	y += print_text(cr, line, PRINT_FONT " 12", cx, y, PLAQUE_W - 24);
	snprintf(line, sizeof line, "标牌编号 %u", p->serial);
	print_text(cr, line, PRINT_FONT " 9", cx, y + 2, PLAQUE_W - 24);
	return 0;
}

int
print_plaque_png(const struct print_plaque *p, struct buf *out,
    struct xf_err *err)
{
	double s = PRINT_DPI / 72.0;
	int w = (int)(PRINT_PLAQUE_W_MM / 25.4 * PRINT_DPI + 0.5);
	int h = (int)(PRINT_PLAQUE_H_MM / 25.4 * PRINT_DPI + 0.5);
	cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    w, h);
	cairo_t *cr = cairo_create(sf);
	size_t start = out->len;
	int rc;

	cairo_scale(cr, s, s);
	rc = draw_plaque(cr, p);
	cairo_destroy(cr);
	if (rc == 0 && cairo_surface_write_to_png_stream(sf, print_to_buf,
	    out) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(sf);
	if (rc != 0)
		return xf_error(err, _("cannot draw the plaque of %s"),
		    p->name);
	print_png_dpi(out, start);
	return 0;
}

int
print_plaques_pdf(const struct print_group *g, int ng, struct buf *out,
    struct xf_err *err)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(print_to_buf,
	    out, A4_W, A4_H);
	cairo_t *cr = cairo_create(sf);
	double mx = (A4_W - 2 * PLAQUE_W) / 3, my = (A4_H - 2 * PLAQUE_H) / 3;
	int rc = 0, drawn = 0;

	for (int i = 0; i < ng && rc == 0; i++)
		for (int j = 0; j < g[i].n && rc == 0; j++) {
			int slot = j % 4;

			if (slot == 0 && drawn > 0)
				cairo_show_page(cr);
			cairo_save(cr);
			cairo_translate(cr, mx + (slot % 2) * (PLAQUE_W + mx),
			    my + (slot / 2) * (PLAQUE_H + my));
			rc = draw_plaque(cr, &g[i].p[j]);
			cairo_restore(cr);
			drawn++;
		}
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	if (rc == 0 && cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(sf);
	return rc == 0 ? 0 : xf_error(err, _("cannot draw the plaque sheet"));
}
