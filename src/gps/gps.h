/*
 * Positions from gpsd (libgps). A connection is kept open and read
 * without waiting while the program runs (the terminal UI), or made for
 * one fix (a command). Without gpsd, or built without libgps, every fix
 * is GEO_OFF and nothing fails: positions are evidence, not a gate.
 */
#ifndef GPS_H
#define GPS_H

#include "core/geo.h"

#define GPS_DEFAULT_ADDR "localhost:2947"

struct gps;

/* A source at "HOST:PORT" (NULL: GPS_DEFAULT_ADDR; "off": none). It
 * connects on the first gps_poll. */
struct gps *gps_new(const char *addr);
void gps_free(struct gps *);
/* Read what gpsd sent, waiting at most wait_ms for something; when not
 * connected, try again at most every few seconds. 1 when a new position
 * came in. */
int gps_poll(struct gps *, int wait_ms);
/* The position now: GEO_FIX within GEO_FIX_OLD seconds of coming in,
 * GEO_OLD after, GEO_NOFIX when gpsd has none, GEO_OFF without gpsd. */
void gps_fix(const struct gps *, struct geo_fix *);
/* The fix for a tick: what came in, after waiting up to GPS_TICK_WAIT_MS
 * for a first position when gpsd has given none yet. */
#define GPS_TICK_WAIT_MS 1500
void gps_tick_fix(struct gps *, struct geo_fix *);
/* What to tell of a fix gpsd gave that is not a current one (translated),
 * or NULL: for a current fix, and without gpsd (silently absent). */
const char *gps_fix_message(const struct geo_fix *);
/* Whether this build reads gpsd at all. */
int gps_built(void);

#endif
