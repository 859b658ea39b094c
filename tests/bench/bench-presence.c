/* Benchmark figures of proof of presence: the track's size, the checks
 * of a patrol's ticks, and the cost of asking gpsd for a tick's fix. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "core/field.h"
#include "core/presence.h"
#include "gps/gps.h"

#define WALK_SECONDS 3600	/* an hour on foot */
#define WALK_STEP 1.4		/* metres a second */
#define TICKS 100
#define FIXES 20

/* A fix every second of an hour's walk east then north, through the
 * track's rule (30 s or 25 m): the text kept per patrol-hour. */
static size_t
track_hour(void)
{
	struct geo_track t = {0};
	struct geo_fix f = {.state = GEO_FIX, .lat = 30500000,
	    .lon = 104000000, .acc = 8};
	struct buf b = {0};
	size_t n;

	for (int s = 0; s < WALK_SECONDS; s++) {
		/* 1.4 m is 12.6 microdegrees of latitude, 14.6 of longitude
		 * at 30.5 degrees north; a turn every ten minutes. */
		if (s / 600 % 2 == 0)
			f.lon += 15;
		else
			f.lat += 13;
		f.time = 1796300000 + s;
		geo_track_add(&t, &f, f.time);
	}
	geo_track_encode(&t, &b);
	n = b.len;
	buf_free(&b);
	geo_track_free(&t);
	return n;
}

/* A patrol of TICKS points with fixes, and its checkpoints. */
static void
ticks_patrol(struct rec_list *cps, char **vals, struct buf *pts)
{
	static char lat[TICKS][16], lon[TICKS][16];

	memset(cps, 0, sizeof *cps);
	cps->kind = kind_by_id(KIND_CHECKPOINT);
	cps->rows = xcalloc(TICKS, sizeof *cps->rows);
	cps->n = cps->cap = TICKS;
	for (int i = 0; i < TICKS; i++) {
		struct record *r = &cps->rows[i];
		char hex[33], t[24], ft[24], fl[16], fo[16];

		memset(r->rid, 0, RID_LEN);
		r->rid[0] = (unsigned char)i;
		r->val = xcalloc(CHECKPOINT_NFIELDS, sizeof *r->val);
		geo_coord_format(30500000 + i * 900, lat[i]);
		geo_coord_format(104000000, lon[i]);
		r->val[CHECKPOINT_F_LAT] = lat[i];
		r->val[CHECKPOINT_F_LON] = lon[i];
		record_id_hex(r->rid, hex);
		snprintf(t, sizeof t, "%d", 1796300000 + i * 120);
		snprintf(ft, sizeof ft, "%d", 1796300000 + i * 120 - 1);
		geo_coord_format(30500000 + i * 900 + 20, fl);
		geo_coord_format(104000000, fo);
		field_list_append(pts, (const char *[POINT_NPARTS]){hex, t,
		    "scan", NULL, "fix", fl, fo, "8", ft, "1"}, POINT_NPARTS);
	}
	vals[PATROL_F_TYPE] = (char *)"foot";
	vals[PATROL_F_POINTS] = (char *)buf_str(pts);
}

/* The ms of presence_of over the patrol, best of a few runs. */
static double
check_ms(struct rec_list *cps, char **vals)
{
	double best = 1e9;

	for (int r = 0; r < 5; r++) {
		struct presence p;
		double t = bench_now();

		presence_of(vals, cps, &p);
		t = bench_now() - t;
		presence_free(&p);
		best = t < best ? t : best;
	}
	return best * 1000;
}

/* gpsfake on port with a log of a fix held still; its pid, or -1. */
static pid_t
fake_gpsd(const char *dir, int port)
{
	char log[512], cmd[1024];
	pid_t pid;

	snprintf(log, sizeof log, "%s/bench.nmea", dir);
	snprintf(cmd, sizeof cmd, "command -v gpsfake >/dev/null && "
	    "python3 '%s/tests/nmea.py' '%s' 30.5,104.0,60", XF_SRCDIR, log);
	if (system(cmd) != 0)
		return -1;
	if ((pid = fork()) == 0) {
		char p[16];

		int null = open("/dev/null", O_WRONLY);

		snprintf(p, sizeof p, "%d", port);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execlp("gpsfake", "gpsfake", "-q", "-c", "0.1", "-P", p, log,
		    (char *)NULL);
		_exit(127);
	}
	sleep(2);
	return pid;
}

/* The ms one tick waits for its fix: a command making a connection for
 * it, and the terminal interface reading the one it keeps. */
static void
gpsd_figures(const char *dir)
{
	int port = 21000 + getpid() % 20000;
	char addr[32];
	pid_t pid = fake_gpsd(dir, port);
	struct geo_fix f;
	double cold = 0, warm = 0;
	int got = 0;
	struct gps *g;

	if (pid < 0) {
		bench_figure("gpsd_fix_ms_command", -1, "gpsfake (Debian "
		    "gpsd-clients) is not installed: not measured");
		return;
	}
	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	for (int i = 0; i < FIXES; i++) {
		double t = bench_now();

		g = gps_new(addr);
		gps_tick_fix(g, &f);
		cold += bench_now() - t;
		got += f.state == GEO_FIX;
		gps_free(g);
	}
	g = gps_new(addr);
	gps_tick_fix(g, &f);
	for (int i = 0; i < FIXES; i++) {
		double t = bench_now();

		gps_poll(g, 0);
		gps_fix(g, &f);
		warm += bench_now() - t;
		usleep(100000);
	}
	gps_free(g);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	bench_figure("gpsd_fix_ms_command", cold / FIXES * 1000, got == FIXES ?
	    "a tick's fix from gpsd when the command connects for it "
	    "(gpsfake, one fix a 0.2 s)" : "a tick's fix from gpsd: some "
	    "ticks had none");
	bench_figure("gpsd_fix_ms_tui", warm / FIXES * 1000, "a tick's fix "
	    "from the connection the terminal interface keeps open");
}

void
bench_presence(const char *dir)
{
	struct rec_list cps;
	struct buf pts = {0};
	char *vals[PATROL_NFIELDS] = {0};
	size_t bytes = track_hour();

	bench_figure("track_bytes_per_hour", (double)bytes, "a patrol-hour "
	    "on foot, a fix each second, a point each 30 s or 25 m");
	ticks_patrol(&cps, vals, &pts);
	bench_figure("presence_check_ms_100", check_ms(&cps, vals), "the "
	    "checks of a patrol of 100 ticks with fixes");
	for (size_t i = 0; i < cps.n; i++)
		free(cps.rows[i].val);
	free(cps.rows);
	buf_free(&pts);
	gpsd_figures(dir);
}
