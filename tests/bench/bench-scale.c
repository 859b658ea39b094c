/*
 * Scale figures: one store grown to 1M versions in-process, measured at
 * 100k and at 1M so that growth shows. Every report is timed over four
 * weeks and over a year ending at the newest patrol, its load included
 * (report_load_for, as the command line and the terminal do). The store
 * holds patrols alone, one every 10 minutes (100k span 694 days): the
 * disputes report, which reads every dispute, and the visits of trend
 * cost nothing here. Goals: show_ms_1m <= 20, report_4w_ms_1m <= 300
 * and report_year_ms_1m <= 3000 (the slowest report), report_growth <=
 * 1.5 (a 4-week report costs what it costs at 100k),
 * import_us_per_version_growth <= 1.2 (writing stays linear). The
 * first and the last block are written by a process of their own that
 * opens the store, so that rss_mb_import_* is the peak of that import
 * alone (goal <= 100).
 * The terminal's figures go through its screens drawn at 80x24 to
 * /dev/null: tui_home_ms_1m <= 300 (unlock done, home screen with its
 * figures and focus drawn), list_first_page_ms_1m <= 100 (the patrol
 * list opened and drawn), search_key_ms_1m <= 100 (/ and the first key
 * of a search, drawn); rss_mb_1m <= 100 is the peak of the whole run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "core/exchange.h"
#include "core/report.h"
#include "bench.h"
#include "tui/bench.h"

#define BLOCK 100000
#define BLOCKS 10
#define T0 1764300000LL
#define STEP 600		/* seconds between patrol starts */
#define SAMPLES 64		/* ids looked up for show */

/* Field values of one patrol that starts at T0 + i * STEP. */
static void
values(const struct kind *k, char **vals, int64_t i, char bufs[][160])
{
	static const char *types[] = {"foot", "bicycle", "vehicle", "checkpoint"};

	memset(vals, 0, (size_t)k->nfields * sizeof *vals);
	vals[kind_field_index(k, "type")] = (char *)types[i % 4];
	snprintf(bufs[0], 160, "王警官\n李红%d", (int)(i % 50));
	vals[kind_field_index(k, "team")] = bufs[0];
	snprintf(bufs[1], 160, "%lld", (long long)(T0 + i * STEP));
	vals[kind_field_index(k, "start")] = bufs[1];
	snprintf(bufs[2], 160, "村口—小学—水库—%d组", (int)(i % 12));
	vals[kind_field_index(k, "route")] = bufs[2];
	snprintf(bufs[3], 160, "%lld\tincident\t村口发现可疑车辆，车牌皖A-%05d",
	    (long long)(T0 + i * STEP), (int)(i % 100000));
	vals[kind_field_index(k, "observations")] = bufs[3];
}

static void
die(const struct xf_err *err)
{
	fprintf(stderr, "bench: %s\n", err->msg);
	abort();
}

/* Open and unlock the bench store again. */
static struct store *
bench_open(const char *path)
{
	struct store *st;
	struct xf_err err;

	if (store_open(path, &st, &err) != 0 || store_unlock(st, "bench",
	    "bench-passphrase", 16, &err) != 0)
		die(&err);
	return st;
}

/* Write patrols [from, from + BLOCK) in one transaction: seconds. */
static double
grow(struct store *st, const struct kind *k, int64_t from,
    unsigned char (*ids)[RID_LEN])
{
	char *vals[32], bufs[4][160];
	struct record_batch b = {0};
	struct xf_err err;
	double t = bench_now();

	if (store_begin(st, &err) != 0)
		die(&err);
	for (int64_t i = from; i < from + BLOCK; i++) {
		int64_t j = (i - from) / (BLOCK / SAMPLES);
		int keep = (i - from) % (BLOCK / SAMPLES) == 0 && j < SAMPLES;

		values(k, vals, i, bufs);
		if (record_batch_add(st, &b, k, vals, keep ? ids[j] : NULL,
		    &err) != 0)
			die(&err);
	}
	if (record_batch_end(st, &b, &err) != 0 || store_commit(st, &err) != 0)
		die(&err);
	return bench_now() - t;
}

/* What a block written by a process of its own hands back. */
struct block_out {
	double seconds, cpu, mb;
	unsigned char ids[SAMPLES][RID_LEN];
};

/* CPU seconds (user and system) of this process so far. */
static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Write a block in a fresh process that opens and unlocks the store at
 * path: its seconds, its CPU seconds and the peak RSS of that process. */
static double
grow_apart(const char *path, const struct kind *k, int64_t from,
    unsigned char (*ids)[RID_LEN], double *cpu, double *mb)
{
	struct block_out *o = mmap(NULL, sizeof *o, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	double s;
	pid_t pid;
	int status;

	if (o == MAP_FAILED || (pid = fork()) < 0)
		abort();
	if (pid == 0) {
		struct store *st;
		struct xf_err err;

		if (store_open(path, &st, &err) != 0 || store_unlock(st,
		    "bench", "bench-passphrase", 16, &err) != 0)
			die(&err);
		o->cpu = cpu_now();
		o->seconds = grow(st, k, from, o->ids);
		o->cpu = cpu_now() - o->cpu;
		store_close(st);
		o->mb = bench_peak_rss_mb();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		abort();
	memcpy(ids, o->ids, sizeof o->ids);
	s = o->seconds;
	*cpu = o->cpu;
	*mb = o->mb;
	munmap(o, sizeof *o);
	return s;
}

/* Mean milliseconds of what `show` does for an 8-digit prefix: find the
 * record and load its history. */
static double
show_ms(struct store *st, unsigned char (*ids)[RID_LEN])
{
	double t = bench_now();
	struct xf_err err;

	for (int i = 0; i < SAMPLES; i++) {
		char hex[33];
		unsigned char rid[RID_LEN];
		struct rec_list h;

		record_id_hex(ids[i], hex);
		hex[8] = '\0';
		if (store_find_record(st, hex, rid, &err) != 0 ||
		    record_history(st, rid, &h, &err) != 0)
			die(&err);
		rec_list_free(&h);
	}
	return (bench_now() - t) * 1000.0 / SAMPLES;
}

/* Milliseconds to load and run one report over the days that end at the
 * newest patrol: best of five (of three above 0.2 s, one above 2 s), so
 * that a loaded machine does not hide the growth in its noise. */
static double
report_ms(struct store *st, const struct report_entry *e, int64_t n,
    int days)
{
	int64_t end = T0 + n * STEP;
	struct report_opts o = {
		.from = end - days * 86400LL, .to = end + 1, .asof = end + 1,
	};
	double best = 1e9;

	for (int r = 0; r < 5 && (r == 0 || best < 2.0) &&
	    (r < 3 || best < 0.2); r++) {
		struct report_data *d;
		struct report rep;
		struct xf_err err;
		double t = bench_now();

		if (report_load_for(st, e, &o, &d, &err) != 0 ||
		    report_run(d, e, &o, &rep, &err) != 0)
			die(&err);
		t = bench_now() - t;
		report_free(&rep);
		report_data_free(d);
		if (t < best)
			best = t;
	}
	return best * 1000.0;
}

/* The slowest report over a window, each report printed as well. */
static double
reports_ms(struct store *st, const char *at, int64_t n, int days,
    const char *span)
{
	char name[64], note[200];
	double worst = 0;

	for (const struct report_entry *e = report_table; e->name; e++) {
		double ms = report_ms(st, e, n, days);

		snprintf(name, sizeof name, "report_%s_%s_ms_%s", e->name,
		    span, at);
		snprintf(note, sizeof note, "%s over %d days of %lld "
		    "versions, load included", e->name, days, (long long)n);
		bench_figure(name, ms, note);
		if (ms > worst)
			worst = ms;
	}
	return worst;
}

/* Bytes the allocator hands out now (0 where it does not say). */
static double
heap_bytes(void)
{
#ifdef __GLIBC__
	return (double)mallinfo2().uordblks;
#else
	return 0;
#endif
}

/* The home screen, then the patrol list and a search over it, each
 * drawn at 80x24: best of three. The first key searches the records
 * read so far; the rest are read in idle steps, whose longest is how
 * long a key may wait. */
static void
tui_ms(struct store *st, const char *at, int64_t n)
{
	double home = 1e9, page = 1e9, key = 1e9, next = 1e9, all = 1e9,
	    step = 0, rss = 0, held = 0;
	char name[48], note[240];
	size_t shown = 0, first = 0;

	for (int r = 0; r < 3; r++) {
		struct tui_headless *h;
		struct xf_err err;
		double t, w;

		if ((h = tui_headless_new(st, "/dev/null", 24, 80, &err)) ==
		    NULL)
			die(&err);
		t = bench_now();
		tui_headless_home(h);
		t = (bench_now() - t) * 1000;
		home = t < home ? t : home;
		if (r == 0)	/* before any list was opened */
			rss = bench_peak_rss_mb();
		held = heap_bytes();
		t = bench_now();
		if (tui_headless_list(h, "patrol", &err) != 0)
			die(&err);
		t = (bench_now() - t) * 1000;
		page = t < page ? t : page;
		t = bench_now();
		tui_headless_key(h, L'/');
		tui_headless_key(h, L'x');
		t = (bench_now() - t) * 1000;
		key = t < key ? t : key;
		first = tui_headless_shown(h);
		t = bench_now();
		w = tui_headless_idle(h);
		t = (bench_now() - t) * 1000;
		all = t < all ? t : all;
		step = w > step ? w : step;
		tui_headless_key(h, 0x7f);
		t = bench_now();
		tui_headless_key(h, L'9');
		t = (bench_now() - t) * 1000;
		next = t < next ? t : next;
		held = (heap_bytes() - held) / 1048576.0;
		shown = tui_headless_shown(h);
		tui_headless_free(h);
	}
	snprintf(name, sizeof name, "tui_home_ms_%s", at);
	snprintf(note, sizeof note, "home screen of %lld versions: figures, "
	    "focus and menu drawn at 80x24, best of 3", (long long)n);
	bench_figure(name, home, note);
	snprintf(name, sizeof name, "rss_mb_home_%s", at);
	bench_figure(name, rss, "peak resident MiB of the run until the "
	    "home screen, before any list");
	snprintf(name, sizeof name, "list_first_page_ms_%s", at);
	snprintf(note, sizeof note, "patrol list of %lld versions opened "
	    "and drawn, best of 3", (long long)n);
	bench_figure(name, page, note);
	snprintf(name, sizeof name, "search_key_ms_%s", at);
	snprintf(note, sizeof note, "/ and the first key of a search right "
	    "after the list opened, drawn, over the records read so far "
	    "(%zu shown)", first);
	bench_figure(name, key, note);
	snprintf(name, sizeof name, "search_all_ms_%s", at);
	snprintf(note, sizeof note, "the rest of the list read and searched "
	    "in idle steps; a later key then took %.1f ms over every record "
	    "(%zu shown)", next, shown);
	bench_figure(name, all, note);
	snprintf(name, sizeof name, "list_step_ms_%s", at);
	bench_figure(name, step, "the longest idle step of that reading: "
	    "the most a key waits");
	snprintf(name, sizeof name, "list_heap_mb_%s", at);
	bench_figure(name, held, "MiB the patrol list holds once searched: "
	    "every record and its search text");
}

/* Milliseconds to draw the home screen once, at 80x24. */
static double
home_once_ms(struct store *st)
{
	struct tui_headless *h;
	struct xf_err err;
	double t;

	if ((h = tui_headless_new(st, "/dev/null", 24, 80, &err)) == NULL)
		die(&err);
	t = bench_now();
	tui_headless_home(h);
	t = (bench_now() - t) * 1000;
	tui_headless_free(h);
	return t;
}

/* The home screen once a checkpoint no patrol passed is added: the
 * focus panel's coverage then looks for its last passage over every
 * patrol. */
static double
home_unchecked_ms(struct store *st)
{
	const struct kind *k = kind_by_id(KIND_CHECKPOINT);
	char *vals[CHECKPOINT_NFIELDS] = {0};
	struct xf_err err;

	vals[CHECKPOINT_F_NAME] = "水库大坝";
	vals[CHECKPOINT_F_TYPE] = "mandatory";
	if (store_begin(st, &err) != 0 || record_write(st, k, NULL, NULL, 0,
	    vals, 0, NULL, NULL, &err) != 0 || store_commit(st, &err) != 0)
		die(&err);
	return home_once_ms(st);
}

/* The home screen once 200k visits, a tenth with a follow-up date, are
 * added over the same days: their follow-ups are read whole. */
static double
home_visits_ms(struct store *st)
{
	const struct kind *k = kind_by_id(KIND_VISIT);
	char *vals[VISIT_NFIELDS], hh[32], t[24], due[11];
	struct record_batch b = {0};
	struct xf_err err;

	if (store_begin(st, &err) != 0)
		die(&err);
	for (int64_t i = 0; i < 2 * BLOCK; i++) {
		int64_t when = T0 + i * 3 * STEP;

		memset(vals, 0, sizeof vals);
		vals[VISIT_F_TARGET] = "household";
		snprintf(hh, sizeof hh, "张家%d", (int)(i % 5000));
		vals[VISIT_F_HOUSEHOLD] = hh;
		snprintf(t, sizeof t, "%lld", (long long)when);
		vals[VISIT_F_TIME] = t;
		vals[VISIT_F_PURPOSE] = "advice";
		if (i % 10 == 0) {
			date_format(when + 7 * 86400, due);
			vals[VISIT_F_FOLLOW_UP] = due;
		}
		if (record_batch_add(st, &b, k, vals, NULL, &err) != 0)
			die(&err);
	}
	if (record_batch_end(st, &b, &err) != 0 || store_commit(st, &err) != 0)
		die(&err);
	return home_once_ms(st);
}

/* The home screen once 20k disputes, most resolved, are added over the
 * same days: open disputes of any age count, so every dispute is read. */
static double
home_disputes_ms(struct store *st)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	char *vals[DISPUTE_NFIELDS], t[24], title[48];
	static const char *colours[] = {"red", "orange", "yellow", "green"};
	struct record_batch b = {0};
	struct xf_err err;

	if (store_begin(st, &err) != 0)
		die(&err);
	for (int64_t i = 0; i < 20000; i++) {
		memset(vals, 0, sizeof vals);
		snprintf(title, sizeof title, "宅基地边界%d", (int)i);
		vals[DISPUTE_F_TITLE] = title;
		vals[kind_field_index(k, "category")] = "land";
		vals[DISPUTE_F_COLOUR] = (char *)colours[i % 4];
		vals[DISPUTE_F_STATUS] = i % 20 ? "resolved" : "reported";
		snprintf(t, sizeof t, "%lld", (long long)(T0 + i * 30 * STEP));
		vals[kind_field_index(k, "reported")] = t;
		if (record_batch_add(st, &b, k, vals, NULL, &err) != 0)
			die(&err);
	}
	if (record_batch_end(st, &b, &err) != 0 || store_commit(st, &err) != 0)
		die(&err);
	return home_once_ms(st);
}

/* The figures at one size. */
static void
measure(struct store *st, const char *at, int64_t n, double grow_s,
    unsigned char (*ids)[RID_LEN], double *show, double *rep, double *year,
    double *us)
{
	char name[48], note[200];

	*us = grow_s * 1e6 / BLOCK;
	snprintf(name, sizeof name, "import_us_per_version_%s", at);
	snprintf(note, sizeof note, "writing the last %d of %lld versions, "
	    "one transaction", BLOCK, (long long)n);
	bench_figure(name, *us, note);
	*show = show_ms(st, ids);
	snprintf(name, sizeof name, "show_ms_%s", at);
	snprintf(note, sizeof note, "find an 8-digit prefix and load its "
	    "history, mean of %d", SAMPLES);
	bench_figure(name, *show, note);
	*rep = reports_ms(st, at, n, 28, "4w");
	snprintf(name, sizeof name, "report_4w_ms_%s", at);
	snprintf(note, sizeof note, "slowest report over the last 4 weeks of "
	    "%lld versions (target at 1M <= 300)", (long long)n);
	bench_figure(name, *rep, note);
	*year = reports_ms(st, at, n, 365, "year");
	snprintf(name, sizeof name, "report_year_ms_%s", at);
	snprintf(note, sizeof note, "slowest report over the last year of "
	    "%lld versions (target at 1M <= 3000)", (long long)n);
	bench_figure(name, *year, note);
	tui_ms(st, at, n);
}

/* The scale store: a station, so that a device's bundle can be imported
 * into it as `xunfang import` does. */
static struct store *
station_store(const char *path)
{
	struct store_create_args a = {
		.path = path, .role = ROLE_STATION, .name = "scale",
		.user = "bench", .pass = "bench-passphrase", .passlen = 16,
		.kdf = {1, 8},
	};
	struct xf_err err;

	if (store_create(&a, &err) != 0)
		die(&err);
	return bench_open(path);
}

/* Enrol b on a (a device names its station "station"). */
static void
enroll(struct store *a, struct store *b, const char *name)
{
	struct identity id;
	struct xf_err err;

	identity_self(b, &id);
	if (sync_enroll(a, &id, name, "张村", &err) < 0)
		die(&err);
}

/* Bytes of the current records of kind k as `xunfang list --csv` writes
 * them, compressed by gzip -6 and encrypted by age to one X25519
 * recipient: the gzip size, plus age's header (its version line, one
 * recipient stanza and the MAC line: 168 bytes), its 16-byte nonce and
 * a 16-byte tag per 64 KiB chunk. */
static size_t
peer_size(struct store *st, const struct kind *k)
{
	struct rec_list l = {0};
	struct buf out = {0};
	struct xf_err err;
	z_stream z = {0};
	unsigned char *gz;
	char hex[33];
	size_t cap, n;

	if (record_list(st, k, &l, &err) != 0)
		die(&err);
	field_csv_header(k, &out);
	for (size_t j = 0; j < l.n; j++) {
		record_id_hex(l.rows[j].rid, hex);
		field_csv_row(k, hex, l.rows[j].val, NULL, &out);
	}
	rec_list_free(&l);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	cap = deflateBound(&z, out.len);
	gz = xmalloc(cap);
	z.next_in = out.data;
	z.avail_in = (uInt)out.len;
	z.next_out = gz;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	n = z.total_out;
	deflateEnd(&z);
	free(gz);
	buf_free(&out);
	return n + 168 + 16 + 16 * (n / 65536 + 1);
}

/* peer_size_ratio: a device's full bundle of a block of patrols against
 * the same records as CSV, gzip -6 and age (goal <= 1.0). */
static void
peer_size_figure(struct store *dev, const struct kind *k, size_t bytes)
{
	size_t peer = peer_size(dev, k);
	char note[200];

	snprintf(note, sizeof note, "a device's bundle of %d patrols, %zu "
	    "bytes, against list --csv | gzip -6 | age, %zu bytes "
	    "(target <= 1.0)", BLOCK, bytes, peer);
	bench_figure("peer_size_ratio", (double)bytes / (double)peer, note);
}

/* A device enrolled with the station st that writes one block of
 * patrols and exports them to the station at bundle. */
static void
device_bundle(const char *dir, struct store *st, const struct kind *k,
    const char *bundle)
{
	struct store *dev = bench_store(dir, "scale-device");
	unsigned char (*ids)[RID_LEN] = xcalloc(SAMPLES, RID_LEN);
	struct sync_export e;
	struct xf_err err;

	enroll(dev, st, NULL);
	enroll(st, dev, "device");
	grow(dev, k, 0, ids);
	if (sync_export(dev, "station", bundle, NULL, NULL, &e, &err) != 0)
		die(&err);
	peer_size_figure(dev, k, e.bytes);
	free(e.path);
	free(ids);
	store_close(dev);
}

/* The station's first return export to its device, once it holds 1M
 * versions: what the device lacks is found by index, not by reading
 * every body. */
static void
return_export_figure(struct store *st, const char *dir)
{
	char *path = xasprintf("%s/scale-return.xfb", dir), note[200];
	struct sync_export e;
	struct xf_err err;
	double t = bench_now();

	if (sync_export(st, "device", path, NULL, NULL, &e, &err) != 0)
		die(&err);
	t = (bench_now() - t) * 1000;
	snprintf(note, sizeof note, "the station's first export to one "
	    "device at 1M versions: %zu versions, %zu bytes (target <= 300)",
	    e.nversions, e.bytes);
	bench_figure("return_export_ms_1m", t, note);
	free(e.path);
	free(path);
}

/* Import the bundle into the store at path in a process of its own:
 * µs per version, CPU µs per version and the peak RSS of that process. */
static void
import_apart(const char *path, const char *bundle, double *us, double *cpu,
    double *mb)
{
	struct block_out *o = mmap(NULL, sizeof *o, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int status;

	if (o == MAP_FAILED || (pid = fork()) < 0)
		abort();
	if (pid == 0) {
		struct store *st = bench_open(path);
		struct sync_import r;
		struct xf_err err;
		unsigned char *file;
		size_t len;
		double t = bench_now();

		o->cpu = cpu_now();
		if (file_read(bundle, &file, &len, BUNDLE_MAX_FILE, &err) != 0 ||
		    sync_import(st, file, len, 0, &r, &err) != 0)
			die(&err);
		o->cpu = cpu_now() - o->cpu;
		o->seconds = bench_now() - t;
		if (r.added != BLOCK)
			abort();
		sync_import_clear(&r);
		free(file);
		store_close(st);
		o->mb = bench_peak_rss_mb();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		abort();
	*us = o->seconds * 1e6 / BLOCK;
	*cpu = o->cpu * 1e6 / BLOCK;
	*mb = o->mb;
	munmap(o, sizeof *o);
}

/* Copy a closed store's file. */
static void
copy_file(const char *from, const char *to)
{
	unsigned char *data;
	size_t len;
	struct xf_err err;
	FILE *f;

	if (file_read(from, &data, &len, (size_t)1 << 30, &err) != 0)
		die(&err);
	if ((f = fopen(to, "wb")) == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0)
		abort();
	free(data);
}

/* The bundle import figures: into an empty station, and into one that
 * holds 1M versions. */
static void
bundle_figures(const char *at, const char *path, const char *bundle,
    double *us, double *cpu)
{
	char name[48];
	double mb;

	import_apart(path, bundle, us, cpu, &mb);
	snprintf(name, sizeof name, "import_bundle_us_per_version_%s", at);
	bench_figure(name, *us, "a device's bundle of 100000 versions "
	    "imported by a process of its own, as `xunfang import` does");
	snprintf(name, sizeof name, "import_bundle_cpu_us_per_version_%s",
	    at);
	bench_figure(name, *cpu, "its CPU time per version");
	snprintf(name, sizeof name, "rss_mb_bundle_import_%s", at);
	bench_figure(name, mb, "peak RSS of that process (target <= 100)");
}

/* show_ms_*, report_4w_ms_*, import_us_per_version_* and growths. */
void
bench_scale(const char *dir)
{
	const struct kind *k = kind_by_name("patrol");
	unsigned char (*ids)[RID_LEN] = xcalloc(SAMPLES, RID_LEN);
	char *path = xasprintf("%s/scale.db", dir);
	char *empty = xasprintf("%s/scale-empty.db", dir);
	char *bundle = xasprintf("%s/scale.xfb", dir);
	struct store *st = station_store(path);
	double show[2], rep[2], year[2], us[2], mb[2], cpu[2], bus[2],
	    bcpu[2], t;

	setlocale(LC_CTYPE, "C.UTF-8");	/* UTF-8 keys, as a terminal types */
	device_bundle(dir, st, k, bundle);
	store_close(st);
	copy_file(path, empty);
	bundle_figures("100k", empty, bundle, &bus[0], &bcpu[0]);
	t = grow_apart(path, k, 0, ids, &cpu[0], &mb[0]);
	bench_figure("rss_mb_import_100k", mb[0], "peak RSS of a process "
	    "that writes the first 100000 versions in one transaction");
	st = bench_open(path);
	measure(st, "100k", BLOCK, t, ids, &show[0], &rep[0], &year[0],
	    &us[0]);
	for (int b = 1; b < BLOCKS - 1; b++)
		grow(st, k, (int64_t)b * BLOCK, ids);
	store_close(st);
	t = grow_apart(path, k, (int64_t)(BLOCKS - 1) * BLOCK, ids, &cpu[1],
	    &mb[1]);
	bench_figure("rss_mb_import_1m", mb[1], "peak RSS of a process that "
	    "writes the last 100000 of 1000000 versions in one transaction "
	    "(target <= 100)");
	st = bench_open(path);
	bench_figure("rss_mb_built_1m", bench_peak_rss_mb(), "peak resident "
	    "MiB once 1M versions are written, before the figures at 1M");
	measure(st, "1m", (int64_t)BLOCKS * BLOCK, t, ids, &show[1], &rep[1],
	    &year[1], &us[1]);
	return_export_figure(st, dir);
	bench_figure("show_growth", show[1] / show[0], "show at 1M / at 100k");
	bench_figure("report_growth", rep[1] / rep[0], "slowest 4-week "
	    "report at 1M / at 100k (target <= 1.5)");
	bench_figure("import_us_per_version_growth", us[1] / us[0],
	    "µs per version written at 1M / at 100k (target <= 1.2)");
	bench_figure("rss_mb_1m", bench_peak_rss_mb(), "peak resident MiB "
	    "of the run: building 1M versions, reports, home, list, search");
	bench_figure("tui_home_unchecked_ms_1m", home_unchecked_ms(st),
	    "home screen of 1M versions with a checkpoint never passed: the "
	    "focus looks back over every patrol for its last passage");
	bench_figure("tui_home_visits_ms_1m", home_visits_ms(st), "home "
	    "screen of 1M patrols and 200k visits: the follow-ups due read "
	    "the visits of the last 90 days");
	bench_figure("tui_home_disputes_ms_1m", home_disputes_ms(st), "home "
	    "screen of 1M patrols, 200k visits and 20k disputes: every "
	    "dispute is read for the open ones");
	bench_figure("import_cpu_us_per_version_100k", cpu[0] * 1e6 / BLOCK,
	    "CPU time (user and system) of the first block, per version");
	bench_figure("import_cpu_us_per_version_1m", cpu[1] * 1e6 / BLOCK,
	    "CPU time of the last block, per version");
	bench_figure("import_cpu_growth", cpu[1] / cpu[0], "CPU time per "
	    "version written at 1M / at 100k: the growth without the wait "
	    "of a loaded machine");
	store_close(st);
	bundle_figures("1m", path, bundle, &bus[1], &bcpu[1]);
	bench_figure("import_bundle_growth", bus[1] / bus[0], "µs per version "
	    "of the bundle imported into 1M versions / into none (target <= "
	    "1.2)");
	bench_figure("import_bundle_cpu_growth", bcpu[1] / bcpu[0], "the same "
	    "in CPU time");
	free(ids);
	free(path);
	free(empty);
	free(bundle);
}
