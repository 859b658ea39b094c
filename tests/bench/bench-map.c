/* Figures for the map: drawing a patrol's map of four hours of track. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "core/map.h"

#define TRACK_POINTS 480	/* four hours at a point every 30 s */
#define RUNS 200

/* A track that winds round a village for four hours, six checkpoints on
 * it, a tick at each and one flagged. */
static void
bench_input(struct geo_track *t, struct map_point *cp, struct map_tick *tk)
{
	static const char *const names[] = {
		"村口卡口", "桥头卡口", "村委会", "小学门口", "集市", "卫生室",
	};

	t->p = xcalloc(TRACK_POINTS, sizeof *t->p);
	t->n = t->cap = TRACK_POINTS;
	for (int i = 0; i < TRACK_POINTS; i++) {
		double a = 2 * 3.14159265358979323846 * i / TRACK_POINTS;
		double r = 6000 + 2500 * sin(7 * a);

		t->p[i].time = 1795000000 + 30 * i;
		t->p[i].lat = 30700000 + (int32_t)(r * cos(a));
		t->p[i].lon = 103800000 + (int32_t)(r * 1.16 * sin(a));
	}
	for (int i = 0; i < 6; i++) {
		const struct geo_point *p = &t->p[i * TRACK_POINTS / 6];

		cp[i] = (struct map_point){names[i], p->lat, p->lon};
		tk[i] = (struct map_tick){p->lat + 40, p->lon - 30, i == 3};
	}
}

void
bench_map(const char *dir)
{
	struct geo_track t;
	struct map_point cp[6];
	struct map_tick tk[6];
	struct map_input in = {.cp = cp, .ncp = 6, .track = &t, .tick = tk,
	    .ntick = 6};
	struct xf_err err;
	double best = 1e9;
	char note[160];

	(void)dir;
	bench_input(&t, cp, tk);
	for (int i = 0; i < RUNS; i++) {
		struct map m;
		struct buf b = {0};
		double t0 = bench_now(), dt;

		if (map_draw(&in, 80, 23, &m, &err) != 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			abort();
		}
		for (int y = 0; y < m.h; y++)
			map_row_text(&m, y, &b);
		dt = (bench_now() - t0) * 1000;
		best = dt < best ? dt : best;
		map_free(&m);
		buf_free(&b);
	}
	snprintf(note, sizeof note, "a patrol's map at 80x24 (%d track "
	    "points, 6 checkpoints, 6 ticks), drawn and turned into text, "
	    "best of %d", TRACK_POINTS, RUNS);
	bench_figure("map_draw_ms_4h", best, note);
	geo_track_free(&t);
}
