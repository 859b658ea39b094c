/* Positions, tracks and the checks of a patrol's ticks (geo.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "kind.h"

/* A fix's parts end the items of ticks and observations. */
_Static_assert(POINT_NPARTS - POINT_P_FIX == GEO_NPARTS, "point parts");
_Static_assert(OBSERVATION_NPARTS - OBSERVATION_P_FIX == GEO_NPARTS,
    "observation parts");

static const char *const state_codes[] = {
	[GEO_OFF] = "nogps", [GEO_NOFIX] = "nofix", [GEO_OLD] = "old",
	[GEO_FIX] = "fix",
};

const char *
geo_state_code(enum geo_state s)
{
	return state_codes[s];
}

enum geo_state
geo_state_of(const char *code)
{
	for (size_t i = 0; code != NULL && i < XF_ARRAY_LEN(state_codes); i++)
		if (strcmp(code, state_codes[i]) == 0)
			return (enum geo_state)i;
	return GEO_OFF;
}

void
geo_fix_parts(const struct geo_fix *f, struct geo_parts *out)
{
	memset(out, 0, sizeof *out);
	out->p[0] = geo_state_code(f->state);
	if (f->state != GEO_FIX && f->state != GEO_OLD)
		return;
	geo_coord_format(f->lat, out->s[1]);
	geo_coord_format(f->lon, out->s[2]);
	snprintf(out->s[3], sizeof out->s[3], "%d", f->acc);
	if (f->time > 0 && f->time < TIME_LAST)
		snprintf(out->s[4], sizeof out->s[4], "%lld",
		    (long long)f->time);
	snprintf(out->s[5], sizeof out->s[5], "%d", f->age);
	for (int i = 1; i < GEO_NPARTS; i++)
		out->p[i] = out->s[i][0] != '\0' ? out->s[i] : NULL;
}

void
geo_fix_of(const char *const *part, struct geo_fix *f)
{
	memset(f, 0, sizeof *f);
	f->state = geo_state_of(part[0]);
	if (f->state != GEO_FIX && f->state != GEO_OLD)
		return;
	if (part[1] == NULL || part[2] == NULL ||
	    geo_coord_parse(part[1], 90, &f->lat) != 0 ||
	    geo_coord_parse(part[2], 180, &f->lon) != 0) {
		f->state = GEO_NOFIX;
		return;
	}
	f->acc = part[3] != NULL ? atoi(part[3]) : 0;
	f->time = part[4] != NULL ? strtoll(part[4], NULL, 10) : 0;
	f->age = part[5] != NULL ? atoi(part[5]) : 0;
}

/* Parse a decimal number with at most six places, by hand: strtod
 * follows the locale's decimal point. */
int
geo_coord_parse(const char *s, int limit, int32_t *out)
{
	int64_t whole = 0, frac = 0;
	int neg = 0, nd = 0, nf = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, nd++)
		if ((whole = whole * 10 + (*s - '0')) > limit)
			return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, nf++) {
			if (nf >= 6)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
	if (*s != '\0' || nd == 0)
		return -1;
	for (; nf < 6; nf++)
		frac *= 10;
	whole = whole * 1000000 + frac;
	if (whole > (int64_t)limit * 1000000)
		return -1;
	*out = (int32_t)(neg ? -whole : whole);
	return 0;
}

void
geo_coord_format(int32_t v, char out[16])
{
	int64_t a = v < 0 ? -(int64_t)v : v;

	snprintf(out, 16, "%s%lld.%06lld", v < 0 ? "-" : "",
	    (long long)(a / 1000000), (long long)(a % 1000000));
}

double
geo_distance(int32_t lat1, int32_t lon1, int32_t lat2, int32_t lon2)
{
	const double r = 6371008.8, d = 3.14159265358979323846 / 180e6;
	double p1 = lat1 * d, p2 = lat2 * d;
	double dp = (lat2 - lat1) * d, dl = ((double)lon2 - lon1) * d;
	double h = sin(dp / 2) * sin(dp / 2) +
	    cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

static void
track_push(struct geo_track *t, int64_t time, int32_t lat, int32_t lon)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->p = xreallocarray(t->p, t->cap, sizeof *t->p);
	}
	t->p[t->n++] = (struct geo_point){time, lat, lon};
}

/* One signed decimal number ending at ',' ';' or the end; -1 if not. */
static int
track_num(const char **s, int64_t *v)
{
	const char *p = *s;
	int neg = 0, nd = 0;
	int64_t x = 0;

	if (*p == '-')
		neg = 1, p++;
	for (; *p >= '0' && *p <= '9'; p++, nd++) {
		if (nd >= 12)
			return -1;
		x = x * 10 + (*p - '0');
	}
	if (nd == 0)
		return -1;
	*v = neg ? -x : x;
	*s = p;
	return 0;
}

int
geo_track_decode(const char *s, struct geo_track *t)
{
	int64_t v[3], time = 0, lat = 0, lon = 0;

	memset(t, 0, sizeof *t);
	while (s != NULL && *s != '\0') {
		for (int i = 0; i < 3; i++) {
			if (track_num(&s, &v[i]) != 0)
				goto bad;
			if (i < 2 && *s++ != ',')
				goto bad;
		}
		if (*s == ';' && *++s == '\0')
			goto bad;
		if (*s != '\0' && s[-1] != ';')
			goto bad;
		time += v[0], lat += v[1], lon += v[2];
		if (time < 0 || time >= TIME_LAST || lat < -90000000 ||
		    lat > 90000000 || lon < -180000000 || lon > 180000000 ||
		    (t->n > 0 && v[0] < 0) || t->n >= GEO_TRACK_MAX)
			goto bad;
		track_push(t, time, (int32_t)lat, (int32_t)lon);
	}
	return 0;
bad:
	geo_track_free(t);
	return -1;
}

void
geo_track_encode(const struct geo_track *t, struct buf *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct geo_point *p = &t->p[i], *q = i ? &t->p[i - 1] :
		    &(struct geo_point){0, 0, 0};

		buf_addf(out, "%s%lld,%ld,%ld", i ? ";" : "",
		    (long long)(p->time - q->time), (long)p->lat - q->lat,
		    (long)p->lon - q->lon);
	}
}

int
geo_track_add(struct geo_track *t, const struct geo_fix *f, int64_t now)
{
	const struct geo_point *last;

	if (f->state != GEO_FIX || t->n >= GEO_TRACK_MAX)
		return 0;
	last = t->n ? &t->p[t->n - 1] : NULL;
	if (last != NULL && now < last->time + GEO_TRACK_EVERY &&
	    geo_distance(last->lat, last->lon, f->lat, f->lon) <
	    GEO_TRACK_STEP)
		return 0;
	if (last != NULL && now < last->time)
		return 0;
	track_push(t, now, f->lat, f->lon);
	return 1;
}

void
geo_track_free(struct geo_track *t)
{
	free(t->p);
	memset(t, 0, sizeof *t);
}

int
geo_track_ok(const char *s)
{
	struct geo_track t;

	if (geo_track_decode(s, &t) != 0)
		return 0;
	geo_track_free(&t);
	return 1;
}

double
geo_max_speed(const char *type)
{
	if (type != NULL && strcmp(type, "bicycle") == 0)
		return 12;
	if (type != NULL && (strcmp(type, "vehicle") == 0 ||
	    strcmp(type, "checkpoint") == 0))
		return 40;
	return 4;	/* on foot: a run */
}

/* Where a tick was: its fix, else its checkpoint; 0 if neither. */
static int
tick_at(const struct geo_tick *k, int32_t *lat, int32_t *lon, int *acc)
{
	if (k->fix.state == GEO_FIX || k->fix.state == GEO_OLD) {
		*lat = k->fix.lat, *lon = k->fix.lon, *acc = k->fix.acc;
		return 1;
	}
	if (k->has_cp) {
		*lat = k->cp_lat, *lon = k->cp_lon, *acc = 0;
		return 1;
	}
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct geo_tick *x = *(struct geo_tick *const *)a;
	const struct geo_tick *y = *(struct geo_tick *const *)b;

	return (x->time > y->time) - (x->time < y->time);
}

void
geo_check(struct geo_tick *k, size_t n, const char *type)
{
	struct geo_tick **o = xcalloc(n ? n : 1, sizeof *o);
	double vmax = geo_max_speed(type);

	for (size_t i = 0; i < n; i++) {
		struct geo_tick *x = &k[i];
		int radius = x->cp_radius > 0 ? x->cp_radius :
		    GEO_RADIUS_DEFAULT;

		o[i] = x;
		x->flags = 0;
		x->distance = x->speed = -1;
		x->skew = 0;
		if (x->fix.state == GEO_OLD)
			x->flags |= GEO_F_OLD;
		/* The fix's own time, and how long ago it came in, against
		 * the time the device stamped: the device's clock as GPS
		 * sees it, whatever clock the station keeps. */
		if ((x->fix.state == GEO_FIX || x->fix.state == GEO_OLD) &&
		    x->fix.time > 0) {
			x->skew = x->time - x->fix.age - x->fix.time;
			if (x->skew > GEO_CLOCK_SKEW ||
			    x->skew < -GEO_CLOCK_SKEW)
				x->flags |= GEO_F_CLOCK;
		}
		if (x->has_cp && (x->fix.state == GEO_FIX ||
		    x->fix.state == GEO_OLD)) {
			x->distance = geo_distance(x->fix.lat, x->fix.lon,
			    x->cp_lat, x->cp_lon);
			if (x->distance > radius + x->fix.acc)
				x->flags |= GEO_F_RADIUS;
		}
	}
	qsort(o, n, sizeof *o, by_time);
	for (size_t i = 1; i < n; i++) {
		int32_t la, lo, lb, lob;
		int aa, ab;
		double d, dt;

		if (!tick_at(o[i - 1], &la, &lo, &aa) ||
		    !tick_at(o[i], &lb, &lob, &ab))
			continue;
		d = geo_distance(la, lo, lb, lob) - aa - ab;
		dt = (double)(o[i]->time - o[i - 1]->time);
		o[i]->speed = (d > 0 ? d : 0) / (dt > 1 ? dt : 1);
		if (o[i]->speed > vmax)
			o[i]->flags |= GEO_F_SPEED;
	}
	for (size_t i = 0; i + GEO_BUNCH_POINTS <= n; i++)
		if (o[i + GEO_BUNCH_POINTS - 1]->time - o[i]->time <=
		    GEO_BUNCH_SECONDS)
			for (size_t j = 0; j < GEO_BUNCH_POINTS; j++)
				o[i + j]->flags |= GEO_F_BUNCHED;
	free(o);
}

void
geo_track_summary(const char *s, struct buf *out)
{
	struct geo_track t;
	double m = 0;
	char a[20], b[20];

	if (geo_track_decode(s, &t) != 0) {
		buf_adds(out, "?");
		return;
	}
	if (t.n == 0) {
		buf_adds(out, _("no points"));
		return;
	}
	for (size_t i = 1; i < t.n; i++)
		m += geo_distance(t.p[i - 1].lat, t.p[i - 1].lon, t.p[i].lat,
		    t.p[i].lon);
	time_format(t.p[0].time, a);
	time_format(t.p[t.n - 1].time, b);
	buf_addf(out, ngettext("%zu point, %.1f km, %s to %s",
	    "%zu points, %.1f km, %s to %s", t.n), t.n, m / 1000, a,
	    strlen(b) > 11 ? b + 11 : b);
	geo_track_free(&t);
}
