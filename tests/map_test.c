/* Tests of the map's drawing (core/map.c): the scale bar's round
 * distance, the projection's aspect and north, the legend and marks. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "tap.h"

static void
test_scale(void)
{
	int cells, d;

	d = map_scale_pick(10, 20, &cells);
	ok(d == 200 && cells == 20, "10 m a cell, 20 cells: 200 m in 20 "
	    "(%d m, %d)", d, cells);
	d = map_scale_pick(19.4, 20, &cells);
	ok(d == 200 && cells == 10, "19.4 m a cell: 200 m in 10 cells "
	    "(%d m, %d)", d, cells);
	d = map_scale_pick(60, 20, &cells);
	ok(d == 1000 && cells == 17, "60 m a cell: 1 km (%d m, %d)", d,
	    cells);
	d = map_scale_pick(3, 20, &cells);
	ok(d == 50 && cells == 17, "3 m a cell: 50 m (%d m, %d)", d, cells);
	d = map_scale_pick(900, 20, &cells);
	ok(d == 10000 && cells == 11, "900 m a cell: 10 km (%d m, %d)", d,
	    cells);
}

/* The row and column of the first cell whose glyph is s, or -1. */
static int
find(const struct map *m, const char *s, int *x)
{
	for (int y = 0; y < m->h; y++)
		for (*x = 0; *x < m->w; (*x)++)
			if (strcmp(m->cell[y * m->w + *x].s, s) == 0)
				return y;
	return -1;
}

static void
test_projection(void)
{
	/* A square of 1 km: north-west, north-east, south-east; at 30°N a
	 * degree of longitude is cos(30°) of one of latitude. */
	struct map_point cp[] = {
		{"西北", 30009000, 104000000},
		{"东北", 30009000, 104010392},
		{"东南", 30000000, 104010392},
	};
	struct map_input in = {.cp = cp, .ncp = 3};
	struct map m;
	struct xf_err err;
	struct buf b = {0};
	int x1, x2, x3, y1, y2, y3;

	ok(map_draw(&in, 80, 24, &m, &err) == 0, "a map of three points");
	y1 = find(&m, "1", &x1);
	y2 = find(&m, "2", &x2);
	y3 = find(&m, "3", &x3);
	ok(y1 == y2 && y1 >= 0 && x2 > x1, "north-west and north-east on "
	    "one row, west on the left (%d,%d %d,%d)", x1, y1, x2, y2);
	ok(x3 == x2 && y3 > y2, "south-east under north-east: north is up "
	    "(%d,%d)", x3, y3);
	/* 1 km both ways: cells are two dots wide and four high, dots
	 * square, so the square is twice as many columns as rows. */
	ok(abs((x2 - x1) - 2 * (y3 - y2)) <= 2, "the square keeps its "
	    "aspect: %d columns, %d rows", x2 - x1, y3 - y2);
	ok(m.scale_m > 0 && m.rows == 22, "a scale bar (%d m), the canvas "
	    "above the key and a legend line (%d rows)", m.scale_m, m.rows);
	map_row_text(&m, m.rows + 1, &b);
	ok(strstr(buf_str(&b), "1 西北") != NULL &&
	    strstr(buf_str(&b), "3 东南") != NULL, "the legend names the "
	    "points by number: %s", buf_str(&b));
	buf_free(&b);
	map_free(&m);
}

static void
test_marks(void)
{
	struct map_point cp[] = {{"甲", 30000000, 104000000}};
	struct geo_point p[] = {
		{0, 30000000, 104000000}, {30, 30005000, 104000000},
	};
	struct geo_track t = {p, 2, 2};
	struct map_tick tk[] = {{30000000, 104000000, 1}};
	struct map_input in = {.cp = cp, .ncp = 1, .track = &t, .tick = tk,
	    .ntick = 1};
	struct map m;
	struct xf_err err;
	int x, y, xb, braille = 0;

	ok(map_draw(&in, 40, 12, &m, &err) == 0, "a map with a track");
	y = find(&m, "!", &x);
	find(&m, "1", &xb);
	ok(y >= 0 && abs(x - xb) == 1, "a flagged tick on its checkpoint is "
	    "put beside it, not hidden");
	for (int i = 0; i < m.w * m.rows; i++)
		braille += (unsigned char)m.cell[i].s[0] == 0xE2 &&
		    m.cell[i].attr == MAP_A_TRACK;
	ok(braille >= 3, "the track is drawn in Braille cells: %d", braille);
	map_free(&m);
	in = (struct map_input){0};
	ok(map_draw(&in, 40, 12, &m, &err) != 0, "nothing with a position: "
	    "no map (%s)", err.msg);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_scale();
	test_projection();
	test_marks();
	return tap_done();
}
