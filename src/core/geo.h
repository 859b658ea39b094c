/*
 * Positions (WGS-84, as GPS gives them) and what a patrol's positions
 * say: a tick's fix, a checkpoint's place, the track, and the checks a
 * patrol gets from them (out of radius, impossible speed, bunched ticks,
 * an old fix). Coordinates are kept as microdegrees; on the record they
 * are decimal degrees with six places ("30.571234"). No I/O here: the
 * fixes come from gpsd through src/gps/.
 */
#ifndef GEO_H
#define GEO_H

#include <stdint.h>

#include "xf.h"

#define GEO_RADIUS_DEFAULT 50	/* metres around a checkpoint */
#define GEO_FIX_OLD 30		/* seconds: an older fix is "old" */
#define GEO_TRACK_EVERY 30	/* seconds between track points */
#define GEO_TRACK_STEP 25	/* or metres moved */
#define GEO_TRACK_MAX 2880	/* points on one patrol (24 h at 30 s) */
#define GEO_BUNCH_POINTS 3	/* this many ticks ... */
#define GEO_BUNCH_SECONDS 120	/* ... within this: bunched */

/* What the position source had when a tick or observation was made
 * (the codes of the point's "fix" part). */
enum geo_state {
	GEO_OFF,	/* "nogps": no gpsd reachable (or none built in) */
	GEO_NOFIX,	/* "nofix": gpsd, but no position */
	GEO_OLD,	/* "old": the last position is older than GEO_FIX_OLD */
	GEO_FIX		/* "fix" */
};

struct geo_fix {
	enum geo_state state;
	int32_t lat, lon;	/* microdegrees (GEO_OLD and GEO_FIX) */
	int acc;		/* horizontal accuracy, metres (0: unknown) */
	int64_t time;		/* the fix's own time (GPS), Unix seconds */
	int age;		/* seconds since the fix came in */
};

const char *geo_state_code(enum geo_state);
/* The state of a stored code; GEO_OFF for NULL or an unknown one. */
enum geo_state geo_state_of(const char *code);

/* The six parts a list item keeps of a fix, in the order of the kind
 * table's FIX_PARTS (fix, lat, lon, accuracy, fix_time, fix_age): NULL
 * for those a fix without a position lacks. */
#define GEO_NPARTS 6
struct geo_parts {
	const char *p[GEO_NPARTS];
	char s[GEO_NPARTS][24];
};
void geo_fix_parts(const struct geo_fix *, struct geo_parts *);
/* The fix an item's six parts from part[0] on hold (NULL parts: none). */
void geo_fix_of(const char *const *part, struct geo_fix *);

/* "30.571234" into microdegrees within ±limit degrees; -1 if it is not
 * a decimal number of degrees with at most six places. */
int geo_coord_parse(const char *, int limit, int32_t *);
/* Microdegrees as decimal degrees with six places (out: 13 bytes). */
void geo_coord_format(int32_t, char out[16]);
/* Great-circle distance in metres between two positions. */
double geo_distance(int32_t lat1, int32_t lon1, int32_t lat2, int32_t lon2);

/* A patrol's track: points of time and position, kept on the record as
 * text: the first point "T,LAT,LON" (seconds and microdegrees), each
 * next one ";dT,dLAT,dLON" as differences. */
struct geo_point {
	int64_t time;
	int32_t lat, lon;
};
struct geo_track {
	struct geo_point *p;
	size_t n, cap;
};
/* Decode a track's text; -1 (and an empty track) if it is not one. */
int geo_track_decode(const char *, struct geo_track *);
void geo_track_encode(const struct geo_track *, struct buf *);
/* Whether the fix makes a new track point after the last one (30 s or
 * 25 m on), and the track has room; 1 if it was added. */
int geo_track_add(struct geo_track *, const struct geo_fix *, int64_t now);
void geo_track_free(struct geo_track *);
/* Whether a track's text is well formed, for a bundle's version. */
int geo_track_ok(const char *);
/* "43 points, 1.8 km, 20:00 to 21:30" of a track's text (translated). */
void geo_track_summary(const char *, struct buf *);

/* The checks of one tick (GEO_F_* bits). */
#define GEO_F_RADIUS	0x01	/* farther from its checkpoint than the
				 * radius and the fix's accuracy */
#define GEO_F_SPEED	0x02	/* too fast from the tick before for the
				 * patrol's type */
#define GEO_F_BUNCHED	0x04	/* one of 3 ticks within 2 minutes */
#define GEO_F_OLD	0x08	/* the fix was old */
#define GEO_F_CLOCK	0x10	/* the device's clock was off the GPS time
				 * by more than GEO_CLOCK_SKEW */
#define GEO_CLOCK_SKEW 120	/* seconds */

/* A tick as the checks see it. */
struct geo_tick {
	int64_t time;
	struct geo_fix fix;
	int has_cp;			/* the checkpoint has a position */
	int32_t cp_lat, cp_lon;
	int cp_radius;
	unsigned flags;			/* set by geo_check */
	double distance;		/* from the checkpoint, or -1 */
	double speed;			/* from the tick before, m/s, or -1 */
	int64_t skew;			/* the device's clock minus the GPS
					 * time (0 unknown) */
};
/* The fastest a patrol of this type moves, metres a second. */
double geo_max_speed(const char *patrol_type);
/* Set flags, distance and speed of ticks (any order; checked in time
 * order) of a patrol of the type. */
void geo_check(struct geo_tick *, size_t n, const char *patrol_type);

#endif
