/*
 * A village's map as text: checkpoints, a patrol's track and ticks and
 * the hot spots, drawn on a canvas of Braille dots (U+2800: 2x4 dots a
 * cell, so dots are about square on a terminal) under a line with the
 * scale bar, the north arrow and the key, and a legend of checkpoint
 * numbers. Pure text with an attribute a cell, so `xunfang map` prints
 * it and the terminal UI colours it. Positions are WGS-84 as GPS gives
 * them; the projection is equirectangular about the middle latitude,
 * good for the few kilometres of a village.
 *
 * map_load gathers what the map shows from the store (map-load.c).
 */
#ifndef MAP_H
#define MAP_H

#include "geo.h"
#include "store.h"

#define MAP_MIN_W 30	/* the smallest map drawn, in cells */
#define MAP_MIN_H 8

/* What a map shows. */
struct map_point {			/* a checkpoint */
	const char *name;
	int32_t lat, lon;
};
struct map_tick {			/* a tick's fix */
	int32_t lat, lon;
	int flagged;
};
struct map_hot {			/* an incident or suspicious sighting */
	int32_t lat, lon;
};
struct map_input {
	const struct map_point *cp;
	size_t ncp;
	const struct geo_track *track;	/* may be NULL */
	const struct map_tick *tick;
	size_t ntick;
	const struct map_hot *hot;
	size_t nhot;
};

/* What a cell is, for its colour. */
enum map_attr {
	MAP_A_NONE, MAP_A_TRACK, MAP_A_CHECKPOINT, MAP_A_TICK, MAP_A_FLAGGED,
	MAP_A_HOT, MAP_A_LABEL
};

/* A cell: its UTF-8 glyph, "" for the right half of a wide one. */
struct map_cell {
	char s[8];
	unsigned char attr;	/* enum map_attr */
};

struct map {
	int w, h;		/* cells */
	int rows;		/* rows of the canvas (the rest is key and legend) */
	struct map_cell *cell;	/* h rows of w */
	int scale_m;		/* metres of the scale bar */
	double m_per_dot;
};

/*
 * Draw in into w x h cells (at least MAP_MIN_W x MAP_MIN_H). Checkpoints
 * are numbered 1-9, then A-Z, in the order given; the legend names them.
 * -1 (with a message) when nothing has a position.
 */
int map_draw(const struct map_input *, int w, int h, struct map *,
    struct xf_err *);
void map_free(struct map *);
/* Append row y as UTF-8, trailing blanks left out. */
void map_row_text(const struct map *, int y, struct buf *);
/* The glyph that marks checkpoint i on the map. */
char map_point_glyph(size_t i);
/* The round distance (10 m, 20 m, 50 m, 100 m ... in metres) of a scale
 * bar at most max_cells long at m_per_cell metres a cell; its length in
 * cells in *cells. */
int map_scale_pick(double m_per_cell, int max_cells, int *cells);

/* What the map of a village or a patrol shows, loaded from the store. */
struct map_data {
	char *village;			/* the village's name */
	struct map_point *cp;
	size_t ncp, cp_nopos;		/* with and without a position */
	struct geo_track track;
	struct map_tick *tick;
	size_t ntick, nflagged;
	struct map_hot *hot;
	size_t nhot;
	int patrol;			/* a patrol's map */
};
#define MAP_HOT_DAYS 28	/* hot spots: sightings of the last four weeks */
/*
 * Load the map of a village (its name or an id) and, if patrol is not
 * NULL, of that patrol (the village is then the patrol's when village is
 * NULL); with hot, the incidents and suspicious sightings with a fix in
 * the village over the MAP_HOT_DAYS days up to now.
 */
int map_load(struct store *, const char *village, const unsigned char *patrol,
    int hot, int64_t now, struct map_data *, struct xf_err *);
/* 0 if the map has something to draw, else -1 saying how to give the
 * checkpoints positions. */
int map_data_check(const struct map_data *, struct xf_err *);
void map_data_input(const struct map_data *, struct map_input *);
void map_data_free(struct map_data *);

#endif
