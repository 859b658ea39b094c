/* Plaques drawn with cairo, their text laid out with pango. */
#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <zlib.h>

#include "print.h"

#define PT_PER_MM (72.0 / 25.4)
#define A4_W (210.0 * PT_PER_MM)
#define A4_H (297.0 * PT_PER_MM)
#define PLAQUE_W (PRINT_PLAQUE_W_MM * PT_PER_MM)
#define PLAQUE_H (PRINT_PLAQUE_H_MM * PT_PER_MM)
#define FONT "Noto Sans CJK SC"

/* Text centred on cx with its top at y, at most w wide; returns the
 * height it took. */
static double
text_centred(cairo_t *cr, const char *s, const char *font, double cx,
    double y, double w)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	int tw, th;

	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_size(l, &tw, &th);
	cairo_move_to(cr, cx - w / 2, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)th / PANGO_SCALE;
}

/* The QR code of text as a square of side size at (x, y), its quiet
 * zone of four modules inside the square. */
static int
draw_qr(cairo_t *cr, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;

	if (q == NULL)
		return -1;
	m = size / (q->width + 8);
	cairo_save(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(cr, x + (c + 4) * m,
				    y + (r + 4) * m, m, m);
	cairo_fill(cr);
	cairo_restore(cr);
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
	y += text_centred(cr, p->type, FONT " Bold 22", cx, y, PLAQUE_W - 24);
	y += text_centred(cr, p->name, FONT " Bold 18", cx, y, PLAQUE_W - 24);
	if (p->village != NULL && *p->village != '\0')
		y += text_centred(cr, p->village, FONT " 13", cx, y,
		    PLAQUE_W - 24);
	y += 4;
	if (draw_qr(cr, p->payload, cx - qr / 2, y, qr) != 0)
		return -1;
	y += qr + 2;
	snprintf(line, sizeof line, "扫码打卡　备用码 %.4s-%.4s", p->code,
	    p->code + 4);
	y += text_centred(cr, line, FONT " 12", cx, y, PLAQUE_W - 24);
	snprintf(line, sizeof line, "标牌编号 %u", p->serial);
	text_centred(cr, line, FONT " 9", cx, y + 2, PLAQUE_W - 24);
	return 0;
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Insert a pHYs chunk saying PRINT_DPI after the IHDR chunk. */
static void
png_add_phys(struct buf *png, size_t start)
{
	unsigned char c[21];
	uint32_t ppm = (uint32_t)(PRINT_DPI / 0.0254 + 0.5);
	size_t at = start + 8 + 4 + 4 + 13 + 4;
	struct buf b = {0};

	store_u32be(c, 9);
	memcpy(c + 4, "pHYs", 4);
	store_u32be(c + 8, ppm);
	store_u32be(c + 12, ppm);
	c[16] = 1;
	store_u32be(c + 17, (uint32_t)crc32(crc32(0, NULL, 0), c + 4, 13));
	buf_add(&b, png->data + at, png->len - at);
	png->len = at;
	buf_add(png, c, sizeof c);
	buf_add(png, b.data, b.len);
	buf_free(&b);
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
	if (rc == 0 && cairo_surface_write_to_png_stream(sf, to_buf, out) !=
	    CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(sf);
	if (rc != 0)
		return xf_error(err, _("cannot draw the plaque of %s"),
		    p->name);
	png_add_phys(out, start);
	return 0;
}

int
print_plaques_pdf(const struct print_group *g, int ng, struct buf *out,
    struct xf_err *err)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(to_buf, out,
	    A4_W, A4_H);
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

void
print_done(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
