/* Positions from gpsd through libgps (gps.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef HAVE_LIBGPS
#include <gps.h>
#endif

#include "gps/gps.h"

#define GPS_RETRY_SECONDS 2

struct gps {
	char *host, *port;	/* NULL host: off */
	int open;
	int64_t tried;		/* monotonic seconds of the last connect */
	int have;		/* a position came in */
	int nofix;		/* gpsd said it has none since */
	struct geo_fix last;
	int64_t got;		/* monotonic seconds it came in */
#ifdef HAVE_LIBGPS
	struct gps_data_t d;
#endif
};

static int64_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

int
gps_built(void)
{
#ifdef HAVE_LIBGPS
	return 1;
#else
	return 0;
#endif
}

struct gps *
gps_new(const char *addr)
{
	struct gps *g = xcalloc(1, sizeof *g);
	const char *colon;

	if (addr == NULL)
		addr = GPS_DEFAULT_ADDR;
	g->tried = INT64_MIN / 2;
	if (!gps_built() || strcmp(addr, "off") == 0 ||
	    (colon = strrchr(addr, ':')) == NULL)
		return g;
	/* "[::1]:2947": an address with colons is written in brackets. */
	if (addr[0] == '[' && colon > addr + 1 && colon[-1] == ']')
		g->host = xstrndup(addr + 1, (size_t)(colon - addr - 2));
	else
		g->host = xstrndup(addr, (size_t)(colon - addr));
	g->port = xstrdup(colon + 1);
	return g;
}

void
gps_free(struct gps *g)
{
	if (g == NULL)
		return;
#ifdef HAVE_LIBGPS
	if (g->open)
		gps_close(&g->d);
#endif
	free(g->host);
	free(g->port);
	free(g);
}

#ifdef HAVE_LIBGPS
static void
gps_drop(struct gps *g)
{
	gps_close(&g->d);
	g->open = 0;
}

static int
gps_connect(struct gps *g)
{
	int64_t now = mono_now();

	if (g->host == NULL || now - g->tried < GPS_RETRY_SECONDS)
		return -1;
	g->tried = now;
	memset(&g->d, 0, sizeof g->d);
	if (gps_open(g->host, g->port, &g->d) != 0)
		return -1;
	if (gps_stream(&g->d, WATCH_ENABLE | WATCH_JSON, NULL) < 0) {
		gps_close(&g->d);
		return -1;
	}
	g->open = 1;
	return 0;
}

/* Take the report just read, if it is a position report. */
static int
gps_take(struct gps *g)
{
	const struct gps_fix_t *f = &g->d.fix;
	double acc;

	if (!(g->d.set & MODE_SET))
		return 0;
	/* What gpsd passes on comes from a receiver: a position off the
	 * globe is no position. */
	if (f->mode < MODE_2D || !isfinite(f->latitude) ||
	    !isfinite(f->longitude) || fabs(f->latitude) > 90 ||
	    fabs(f->longitude) > 180) {
		g->nofix = 1;
		return 0;
	}
	acc = isfinite(f->eph) ? f->eph : isfinite(f->epx) &&
	    isfinite(f->epy) ? sqrt(f->epx * f->epx + f->epy * f->epy) : 0;
	if (!(acc >= 0))
		acc = 0;
	g->last.lat = (int32_t)lround(f->latitude * 1e6);
	g->last.lon = (int32_t)lround(f->longitude * 1e6);
	g->last.acc = acc > 100000 ? 100000 : (int)lround(acc);
#if GPSD_API_MAJOR_VERSION >= 9
	g->last.time = f->time.tv_sec > 0 && f->time.tv_sec < TIME_LAST ?
	    (int64_t)f->time.tv_sec : 0;
#else
	g->last.time = isfinite(f->time) && f->time > 0 &&
	    f->time < TIME_LAST ? (int64_t)f->time : 0;
#endif
	g->have = 1;
	g->nofix = 0;
	g->got = mono_now();
	return 1;
}
#endif

int
gps_poll(struct gps *g, int wait_ms)
{
	int got = 0;

#ifdef HAVE_LIBGPS
	if (!g->open && gps_connect(g) != 0)
		return 0;
	while (gps_waiting(&g->d, wait_ms * 1000)) {
		g->d.set = 0;
		if (gps_read(&g->d, NULL, 0) < 0) {
			gps_drop(g);
			break;
		}
		got |= gps_take(g);
		wait_ms = 0;
	}
#else
	(void)g;
	(void)wait_ms;
#endif
	return got;
}

void
gps_fix(const struct gps *g, struct geo_fix *out)
{
	int64_t age;

	memset(out, 0, sizeof *out);
	out->state = GEO_OFF;
	if (!g->open && !g->have)
		return;
	out->state = GEO_NOFIX;
	if (!g->have)
		return;
	age = mono_now() - g->got;
	*out = g->last;
	out->age = age > 100000000 ? 100000000 : (int)age;
	out->state = age <= GEO_FIX_OLD && !g->nofix ? GEO_FIX : GEO_OLD;
}

void
gps_tick_fix(struct gps *g, struct geo_fix *out)
{
	struct timespec t0, t1;
	int left = GPS_TICK_WAIT_MS;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	gps_poll(g, 0);
	while (g->open && !g->have && left > 0) {
		gps_poll(g, left);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = GPS_TICK_WAIT_MS - (int)((t1.tv_sec - t0.tv_sec) *
		    1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	}
	gps_fix(g, out);
}

const char *
gps_fix_message(const struct geo_fix *f)
{
	switch (f->state) {
	case GEO_OFF:
		break;	/* no gpsd here: silently absent */
	case GEO_NOFIX:
		return _("GPS has no fix: the tick records no position");
	case GEO_OLD:
		return _("the GPS position is old (more than 30 s): the tick "
		    "records it as old");
	case GEO_FIX:
		break;
	}
	return NULL;
}
