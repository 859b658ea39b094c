/* A village's map drawn as Braille dots and glyphs (map.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

#define MARGIN_X 4	/* dots left free at each side ... */
#define MARGIN_Y 4	/* ... and at the top and the bottom */
#define MIN_SPAN 100	/* metres: what a single point is drawn within */
#define M_PER_UDEG (3.14159265358979323846 / 180 * 6371008.8 / 1e6)

/* A mark over the dots of a cell, the stronger one kept. */
struct mark {
	char glyph;
	unsigned char attr;
};

/* Where the map's metres go on the dot grid. */
struct proj {
	int32_t lat0, lon0;	/* the middle of the box */
	double kx;		/* metres a microdegree of longitude */
	double s;		/* metres a dot */
	int dw, dh;		/* dots */
};

/* The canvas being drawn. */
struct canvas {
	struct proj p;
	int w, rows;
	unsigned char *dots;	/* Braille bits a cell */
	struct mark *mark;
};

char
map_point_glyph(size_t i)
{
	if (i < 9)
		return (char)('1' + i);
	if (i < 9 + 26)
		return (char)('A' + (i - 9));
	return '#';
}

int
map_scale_pick(double m_per_cell, int max_cells, int *cells)
{
	static const int steps[] = {1, 2, 5};
	int best = 10;

	*cells = 1;
	if (m_per_cell <= 0 || max_cells < 1)
		return best;
	for (long long unit = 10; unit <= 10000000; unit *= 10)
		for (size_t i = 0; i < XF_ARRAY_LEN(steps); i++) {
			long long d = unit * steps[i];
			int n = (int)lround((double)d / m_per_cell);

			if (n > max_cells)
				return best;
			if (n >= 1) {
				best = (int)d;
				*cells = n;
			}
		}
	return best;
}

/* Grow the box [lo, hi] by a position. */
static void
box_add(int32_t *lo, int32_t *hi, int32_t lat, int32_t lon, size_t *n)
{
	if ((*n)++ == 0) {
		lo[0] = hi[0] = lat;
		lo[1] = hi[1] = lon;
		return;
	}
	lo[0] = lat < lo[0] ? lat : lo[0];
	hi[0] = lat > hi[0] ? lat : hi[0];
	lo[1] = lon < lo[1] ? lon : lo[1];
	hi[1] = lon > hi[1] ? lon : hi[1];
}

/* Fit the box of everything with a position to dw x dh dots: 0, or -1
 * when nothing has one. */
static int
proj_fit(struct proj *p, const struct map_input *in, int dw, int dh)
{
	int32_t lo[2] = {0, 0}, hi[2] = {0, 0};
	size_t n = 0;
	double sx, sy;
	int uw = dw - 2 * MARGIN_X, uh = dh - 2 * MARGIN_Y;

	for (size_t i = 0; i < in->ncp; i++)
		box_add(lo, hi, in->cp[i].lat, in->cp[i].lon, &n);
	for (size_t i = 0; in->track != NULL && i < in->track->n; i++)
		box_add(lo, hi, in->track->p[i].lat, in->track->p[i].lon, &n);
	for (size_t i = 0; i < in->ntick; i++)
		box_add(lo, hi, in->tick[i].lat, in->tick[i].lon, &n);
	for (size_t i = 0; i < in->nhot; i++)
		box_add(lo, hi, in->hot[i].lat, in->hot[i].lon, &n);
	if (n == 0)
		return -1;
	p->lat0 = (int32_t)(((int64_t)lo[0] + hi[0]) / 2);
	p->lon0 = (int32_t)(((int64_t)lo[1] + hi[1]) / 2);
	p->kx = M_PER_UDEG * cos(p->lat0 / 1e6 * 3.14159265358979323846 /
	    180);
	sx = ((double)hi[1] - lo[1]) * p->kx;
	sy = ((double)hi[0] - lo[0]) * M_PER_UDEG;
	sx = sx > MIN_SPAN ? sx : MIN_SPAN;
	sy = sy > MIN_SPAN ? sy : MIN_SPAN;
	uw = uw > 2 ? uw : 2;
	uh = uh > 2 ? uh : 2;
	sx /= uw - 1;
	sy /= uh - 1;
	p->s = sx > sy ? sx : sy;	/* one scale: the aspect kept */
	p->dw = dw;
	p->dh = dh;
	return 0;
}

/* The dot of a position (may be off the canvas). */
static void
proj_dot(const struct proj *p, int32_t lat, int32_t lon, int *x, int *y)
{
	double xm = ((double)lon - p->lon0) * p->kx;
	double ym = ((double)lat - p->lat0) * M_PER_UDEG;

	*x = (int)floor(p->dw / 2.0 + xm / p->s);
	*y = (int)floor(p->dh / 2.0 - ym / p->s);
}

/* Set one dot. */
static void
dot_set(struct canvas *c, int x, int y)
{
	static const unsigned char bit[4][2] = {
		{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80},
	};

	if (x < 0 || y < 0 || x >= c->p.dw || y >= c->p.dh)
		return;
	c->dots[(y / 4) * c->w + x / 2] |= bit[y % 4][x % 2];
}

/* A line of dots between two dots (Bresenham). */
static void
dot_line(struct canvas *c, int x0, int y0, int x1, int y1)
{
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;

	for (;;) {
		int e2 = 2 * e;

		dot_set(c, x0, y0);
		if (x0 == x1 && y0 == y1)
			return;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

/* The strength of a mark: checkpoints over flagged ticks over ticks
 * over hot spots. */
static int
mark_rank(unsigned char attr)
{
	switch (attr) {
	case MAP_A_CHECKPOINT:
		return 4;
	case MAP_A_FLAGGED:
		return 3;
	case MAP_A_TICK:
		return 2;
	case MAP_A_HOT:
		return 1;
	}
	return 0;
}

/* Mark the cell of a position; a flagged tick under a stronger mark
 * moves to a free cell beside it, so that it is not hidden. */
static void
mark_at(struct canvas *c, int32_t lat, int32_t lon, char glyph,
    unsigned char attr)
{
	static const int side[] = {0, 1, -1};
	int x, y;

	proj_dot(&c->p, lat, lon, &x, &y);
	if (x < 0 || y < 0 || x >= c->p.dw || y >= c->p.dh)
		return;
	x /= 2;
	y /= 4;
	for (size_t i = 0; i < XF_ARRAY_LEN(side); i++) {
		int cx = x + side[i];
		struct mark *m = &c->mark[y * c->w + cx];

		if (cx < 0 || cx >= c->w)
			continue;
		if (mark_rank(m->attr) < mark_rank(attr)) {
			m->glyph = glyph;
			m->attr = attr;
			return;
		}
		if (attr != MAP_A_FLAGGED)
			return;
	}
}

/* The track, then the marks, on the canvas. */
static void
canvas_draw(struct canvas *c, const struct map_input *in)
{
	const struct geo_track *t = in->track;

	for (size_t i = 0; t != NULL && i < t->n; i++) {
		int x0, y0, x1, y1;

		proj_dot(&c->p, t->p[i].lat, t->p[i].lon, &x1, &y1);
		if (i == 0) {
			dot_set(c, x1, y1);
			continue;
		}
		proj_dot(&c->p, t->p[i - 1].lat, t->p[i - 1].lon, &x0, &y0);
		dot_line(c, x0, y0, x1, y1);
	}
	for (size_t i = 0; i < in->ncp; i++)
		mark_at(c, in->cp[i].lat, in->cp[i].lon, map_point_glyph(i),
		    MAP_A_CHECKPOINT);
	for (size_t i = 0; i < in->ntick; i++)
		mark_at(c, in->tick[i].lat, in->tick[i].lon,
		    in->tick[i].flagged ? '!' : '+', in->tick[i].flagged ?
		    MAP_A_FLAGGED : MAP_A_TICK);
	for (size_t i = 0; i < in->nhot; i++)
		mark_at(c, in->hot[i].lat, in->hot[i].lon, '*', MAP_A_HOT);
}

/* The canvas into the map's first rows. */
static void
canvas_out(const struct canvas *c, struct map *m)
{
	for (int i = 0; i < c->w * c->rows; i++) {
		struct map_cell *cell = &m->cell[i];
		unsigned b = c->dots[i];

		if (c->mark[i].attr != MAP_A_NONE) {
			cell->s[0] = c->mark[i].glyph;
			cell->s[1] = '\0';
			cell->attr = c->mark[i].attr;
		} else if (b != 0) {
			cell->s[0] = (char)0xE2;
			cell->s[1] = (char)(0xA0 | b >> 6);
			cell->s[2] = (char)(0x80 | (b & 0x3F));
			cell->s[3] = '\0';
			cell->attr = MAP_A_TRACK;
		}
	}
}

/* Put text at row y from column x, glyph by glyph, up to column end;
 * returns the column after it. */
static int
put_text(struct map *m, int y, int x, const char *s, int attr, int end)
{
	size_t n = strlen(s), k;
	int w;

	while ((k = utf8_glyph(s, n, &w)) > 0) {
		if (x + w > end)
			break;
		if (w > 0 && k < sizeof m->cell[0].s) {
			struct map_cell *c = &m->cell[y * m->w + x];

			memcpy(c->s, s, k);
			c->s[k] = '\0';
			c->attr = (unsigned char)attr;
			if (w == 2)
				c[1].s[0] = '\0';
			x += w;
		}
		s += k;
		n -= k;
	}
	return x;
}

/* The legend of checkpoint numbers from row y0 on, entries packed two
 * spaces apart, in at most max rows (drawn when draw is set); returns
 * the rows it takes. */
static int
legend(struct map *m, const struct map_input *in, int y0, int max, int draw)
{
	int y = 0, x = 0;

	for (size_t i = 0; i < in->ncp && max > 0; i++) {
		struct buf b = {0};
		int ew;

		buf_addf(&b, "%c %s", map_point_glyph(i), in->cp[i].name);
		ew = utf8_width(buf_str(&b));
		if (ew > m->w) {
			struct buf c = {0};

			utf8_fit(&c, buf_str(&b), m->w);
			buf_free(&b);
			b = c;
			ew = m->w;
		}
		if (x > 0 && x + 2 + ew > m->w) {
			if (y + 1 >= max) {
				if (draw)
					put_text(m, y0 + y, m->w - 1 < x ?
					    m->w - 1 : x, "…", MAP_A_LABEL,
					    m->w);
				buf_free(&b);
				break;
			}
			y++;
			x = 0;
		} else if (x > 0)
			x += 2;
		if (draw)
			put_text(m, y0 + y, x, buf_str(&b), MAP_A_LABEL, m->w);
		x += ew;
		buf_free(&b);
	}
	return in->ncp > 0 && max > 0 ? y + 1 : 0;
}

/* One item of the key two columns after x, if it fits whole. */
static int
key_item(struct map *m, int y, int x, const char *s, int attr)
{
	if (x + 2 + utf8_width(s) > m->w)
		return x;
	return put_text(m, y, x + 2, s, attr, m->w);
}

/* The line under the canvas: north, the scale bar, what the marks are. */
static void
key_line(struct map *m, const struct map_input *in, int y)
{
	struct buf b = {0};
	int x, cells, scale;
	size_t flagged = 0;

	/* TRANSLATORS: the north arrow's letter on a map. */
	x = put_text(m, y, 0, _("N"), MAP_A_LABEL, m->w);
	x = put_text(m, y, x, "↑  ", MAP_A_LABEL, m->w);
	scale = map_scale_pick(2 * m->m_per_dot, m->w / 4, &cells);
	m->scale_m = scale;
	if (cells < 2)
		buf_adds(&b, "│");
	else {
		buf_adds(&b, "├");
		for (int i = 2; i < cells; i++)
			buf_adds(&b, "─");
		buf_adds(&b, "┤");
	}
	buf_adds(&b, " ");
	if (scale >= 1000)
		buf_addf(&b, _("%d km"), scale / 1000);
	else
		buf_addf(&b, _("%d m"), scale);
	x = put_text(m, y, x, buf_str(&b), MAP_A_LABEL, m->w);
	buf_free(&b);
	for (size_t i = 0; i < in->ntick; i++)
		flagged += in->tick[i].flagged != 0;
	if (in->ntick > flagged)
		x = key_item(m, y, x, _("+ tick"), MAP_A_TICK);
	if (flagged > 0)
		x = key_item(m, y, x, _("! flagged"), MAP_A_FLAGGED);
	if (in->nhot > 0)
		key_item(m, y, x, _("* incident or suspicious"), MAP_A_HOT);
}

int
map_draw(const struct map_input *in, int w, int h, struct map *m,
    struct xf_err *err)
{
	struct canvas c;
	int nleg;

	memset(m, 0, sizeof *m);
	w = w > MAP_MIN_W ? w : MAP_MIN_W;
	h = h > MAP_MIN_H ? h : MAP_MIN_H;
	m->w = w;
	m->h = h;
	nleg = legend(m, in, 0, h / 3, 0);
	m->rows = h - 1 - nleg;
	memset(&c, 0, sizeof c);
	if (proj_fit(&c.p, in, 2 * w, 4 * m->rows) != 0)
		return xf_error(err, _("nothing on this map has a position"));
	m->cell = xcalloc((size_t)w * (size_t)h, sizeof *m->cell);
	for (int i = 0; i < w * h; i++)
		m->cell[i].s[0] = ' ';
	m->m_per_dot = c.p.s;
	c.w = w;
	c.rows = m->rows;
	c.dots = xcalloc((size_t)w * (size_t)m->rows, 1);
	c.mark = xcalloc((size_t)w * (size_t)m->rows, sizeof *c.mark);
	canvas_draw(&c, in);
	canvas_out(&c, m);
	free(c.dots);
	free(c.mark);
	key_line(m, in, m->rows);
	legend(m, in, m->rows + 1, nleg, 1);
	return 0;
}

void
map_free(struct map *m)
{
	free(m->cell);
	memset(m, 0, sizeof *m);
}

void
map_row_text(const struct map *m, int y, struct buf *out)
{
	size_t keep = out->len;

	for (int x = 0; x < m->w; x++) {
		const char *s = m->cell[y * m->w + x].s;

		buf_adds(out, s);
		if (s[0] != ' ' && s[0] != '\0')
			keep = out->len;
	}
	out->len = keep;
	buf_str(out);
}
