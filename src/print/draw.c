/* Text, PNG resolution and the end of printing, for every picture. */
#include "config.h"

#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <zlib.h>

#include "print-int.h"

double
print_text(cairo_t *cr, const char *s, const char *font, double cx,
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

void
print_code(cairo_t *cr, const unsigned char *dark, int width, int quiet,
    double x, double y, double m)
{
	int side = width + 2 * quiet;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    side, side);
	unsigned char *px = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	cairo_pattern_t *pat;

	cairo_surface_flush(img);
	memset(px, 0xff, (size_t)stride * side);
	for (int r = 0; r < width; r++)
		for (int c = 0; c < width; c++)
			if (dark[r * width + c])
				memset(px + (r + quiet) * stride +
				    (c + quiet) * 4, 0, 4);
	cairo_surface_mark_dirty(img);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, m, m);
	cairo_set_source_surface(cr, img, 0, 0);
	pat = cairo_get_source(cr);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
	cairo_rectangle(cr, 0, 0, side, side);
	cairo_fill(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

cairo_status_t
print_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void
print_png_dpi(struct buf *png, size_t start)
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

void
print_done(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
