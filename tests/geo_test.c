/* Tests of positions and the checks of ticks (core/geo.c). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/geo.h"
#include "core/kind.h"
#include "tap.h"

static void
test_coords(void)
{
	int32_t v = 0;
	char s[16];

	ok(geo_coord_parse("30.571234", 90, &v) == 0 && v == 30571234,
	    "30.571234 is 30571234 microdegrees");
	ok(geo_coord_parse("-0.5", 90, &v) == 0 && v == -500000,
	    "-0.5 parses, short of six places");
	ok(geo_coord_parse("104", 180, &v) == 0 && v == 104000000,
	    "a whole number of degrees parses");
	ok(geo_coord_parse("90.000001", 90, &v) != 0, "past 90 is refused");
	ok(geo_coord_parse("180", 180, &v) == 0 &&
	    geo_coord_parse("180.5", 180, &v) != 0, "180 is the limit");
	ok(geo_coord_parse("1.1234567", 90, &v) != 0,
	    "seven places are refused");
	ok(geo_coord_parse("", 90, &v) != 0 && geo_coord_parse(".5", 90,
	    &v) != 0 && geo_coord_parse("1,5", 90, &v) != 0 &&
	    geo_coord_parse("1e3", 90, &v) != 0, "no other shapes");
	geo_coord_format(-123456, s);
	ok(strcmp(s, "-0.123456") == 0, "-0.123456 is formatted back: %s", s);
	geo_coord_format(30500000, s);
	ok(strcmp(s, "30.500000") == 0, "six places always: %s", s);
}

static void
test_distance(void)
{
	double d = geo_distance(30500000, 104000000, 30502000, 104000000);

	/* 0.002 degrees of latitude: 222.4 m. */
	ok(fabs(d - 222.4) < 0.5, "0.002° of latitude is 222 m: %.1f", d);
	d = geo_distance(0, 0, 0, 1000000);
	ok(fabs(d - 111195) < 10, "1° of longitude at the equator: %.0f", d);
	ok(geo_distance(1, 2, 1, 2) == 0, "no distance to itself");
}

static void
test_track(void)
{
	struct geo_track t = {0}, u;
	struct geo_fix f = {.state = GEO_FIX, .lat = 30500000,
	    .lon = 104000000};
	struct buf b = {0};

	ok(geo_track_add(&t, &f, 1000) == 1, "a first point is added");
	ok(geo_track_add(&t, &f, 1010) == 0, "10 s on, standing: not");
	f.lat += 250;	/* 27.8 m north */
	ok(geo_track_add(&t, &f, 1012) == 1, "28 m on: added");
	ok(geo_track_add(&t, &f, 1042) == 1, "30 s on: added");
	f.state = GEO_OLD;
	ok(geo_track_add(&t, &f, 2000) == 0, "an old fix is not added");
	geo_track_encode(&t, &b);
	ok(strcmp(buf_str(&b), "1000,30500000,104000000;12,250,0;30,0,0") ==
	    0, "the track is coded by differences: %s", buf_str(&b));
	ok(geo_track_decode(buf_str(&b), &u) == 0 && u.n == 3 &&
	    u.p[2].time == 1042 && u.p[2].lat == 30500250,
	    "and decodes back");
	geo_track_free(&u);
	ok(geo_track_decode("1000,1,2;", &u) != 0, "a trailing ; is refused");
	ok(geo_track_decode("1000,1,2;-5,0,0", &u) != 0,
	    "time going back is refused");
	ok(geo_track_decode("1000,95000000,0", &u) != 0,
	    "a latitude past 90 is refused");
	ok(geo_track_decode("1000,1", &u) != 0 &&
	    geo_track_decode("1000,1,2,3", &u) != 0 &&
	    geo_track_decode("a,b,c", &u) != 0, "other shapes are refused");
	ok(geo_track_decode("", &u) == 0 && u.n == 0, "empty is no points");
	geo_track_free(&t);
	buf_free(&b);
}

static void
test_checks(void)
{
	struct geo_tick k[3];

	memset(k, 0, sizeof k);
	/* At 村口 with a fix 5 m off; 小学 (radius 30) with a fix 300 m
	 * off; 水库 2 km on, 40 s later. */
	k[0] = (struct geo_tick){.time = 1000, .fix = {GEO_FIX, 30500045,
	    104000000, 10, 1000, 1}, .has_cp = 1, .cp_lat = 30500000,
	    .cp_lon = 104000000};
	k[1] = (struct geo_tick){.time = 1300, .fix = {GEO_FIX, 30504700,
	    104000000, 10, 1300, 1}, .has_cp = 1, .cp_lat = 30502000,
	    .cp_lon = 104000000, .cp_radius = 30};
	k[2] = (struct geo_tick){.time = 1360, .fix = {GEO_OLD, 30522700,
	    104000000, 10, 1300, 40}, .has_cp = 1, .cp_lat = 30522000,
	    .cp_lon = 104000000};
	geo_check(k, 3, "foot");
	ok(k[0].flags == 0, "5 m from its point: no flag (%#x)", k[0].flags);
	ok(k[1].flags == GEO_F_RADIUS && fabs(k[1].distance - 300) < 1,
	    "300 m from a 30 m point: out of radius (%.0f m)", k[1].distance);
	ok((k[2].flags & GEO_F_SPEED) && (k[2].flags & GEO_F_OLD),
	    "2 km in a minute on foot: impossible speed, and the old fix");
	geo_check(k, 3, "vehicle");
	ok(!(k[2].flags & GEO_F_SPEED), "in a vehicle %.1f m/s is not",
	    k[2].speed);
	k[1].time = 1010;
	k[2].time = 1100;
	k[2].fix.state = GEO_NOFIX;
	geo_check(k, 3, "vehicle");
	ok((k[0].flags & GEO_F_BUNCHED) && (k[2].flags & GEO_F_BUNCHED),
	    "three ticks in 100 s are bunched");
	ok(k[2].distance < 0, "no fix: no distance from its point");
	ok(!(k[0].flags & GEO_F_CLOCK) && k[0].skew == -1,
	    "a tick stamped with the GPS time: no clock flag (%lld s)",
	    (long long)k[0].skew);
	k[0].time = 1000 + 3600;
	geo_check(k, 3, "vehicle");
	ok((k[0].flags & GEO_F_CLOCK) && k[0].skew == 3599,
	    "a device clock an hour ahead of the GPS time is flagged");
}

/* A tick as a bundle carries it: the fix parts are checked, and parts a
 * later version appends are passed over if they are plain text. */
static void
test_canon(void)
{
	const struct field *pts = &kind_by_id(KIND_PATROL)->
	    fields[PATROL_F_POINTS], *bad;
	const char *rid = "0123456789abcdef0123456789abcdef";
	char v[256];

	snprintf(v, sizeof v, "%s\t1796300000\tscan\t\tfix\t30.500000\t"
	    "104.000000\t8\t1796299990\t2", rid);
	ok(field_canon_ok(pts, v, strlen(v), &bad) == 0,
	    "a tick with its fix is canonical");
	snprintf(v, sizeof v, "%s\t1796300000\tscan\t\tfix\t30.5\t"
	    "104.000000", rid);
	ok(field_canon_ok(pts, v, strlen(v), &bad) != 0 &&
	    strcmp(bad->name, "lat") == 0,
	    "degrees not written with six places are not: %s", bad->name);
	snprintf(v, sizeof v, "%s\t1796300000\tscan\t\tnogps\t\t\t\t\t\t"
	    "later part", rid);
	ok(field_canon_ok(pts, v, strlen(v), &bad) == 0,
	    "a part past the table (a later version's) is passed over");
	snprintf(v, sizeof v, "%s\t1796300000\tscan\t\tnogps\t\t\t\t\t\t"
	    "\033[2J", rid);
	ok(field_canon_ok(pts, v, strlen(v), &bad) != 0,
	    "unless it holds control characters");
	ok(field_canon_ok(&kind_by_id(KIND_PATROL)->fields[PATROL_F_TRACK],
	    "100,1,2;30,0,0", 14, &bad) == 0 &&
	    field_canon_ok(&kind_by_id(KIND_PATROL)->fields[PATROL_F_TRACK],
	    "100,1,2;-30,0,0", 15, &bad) != 0,
	    "a track is checked as one when it comes in a bundle");
}

int
main(void)
{
	test_coords();
	test_distance();
	test_track();
	test_checks();
	test_canon();
	return tap_done();
}
