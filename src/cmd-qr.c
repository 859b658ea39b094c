/* xunfang qr: a bundle as QR frames on the terminal, as PNG files or as text,
 * and read back from scanned frame lines. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "core/bundle.h"
#include "core/qrframe.h"
#include "tui/qrshow.h"
#ifdef HAVE_PANGOCAIRO
#include "print/print.h"
#endif

#define QR_BUNDLE_MAX QR_LEN_MAX
#define QR_PRINT_VERSION 15	/* largest version chosen for printing */
#define SHEET_W 2480		/* A4 at 300 dots per inch, as the PNGs say */
#define SHEET_H 3508
#define MODULE_PX 8		/* 0.68 mm at 300 dots per inch */
#define PROGRESS_MISSING_MAX 60	/* bytes of the missing list shown */

/* Options the qr subcommands share. */
struct qr_opts {
	int version, count, module, quiet, render;
	double rate;
	const char *out;
};

/* Read the bundle file. */
static int
qr_load(struct cmd_ctx *ctx, const char *path, unsigned char **p,
    size_t *n)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size > QR_BUNDLE_MAX)
		return xf_error(&ctx->err, _("%s: the bundle is %lld bytes, too "
		    "large for QR codes: carry it on a USB stick"), path,
		    (long long)sb.st_size);
	if (file_read(path, p, n, QR_BUNDLE_MAX, &ctx->err) != 0)
		return -1;
	/* Codes of a file that is no bundle would only be refused at the
	 * other end, after every frame was carried. */
	if (*n > 0 && !bundle_looks_like(*p, *n)) {
		free(*p);
		*p = NULL;
		return xf_error(&ctx->err, _("%s is not a xunfang sync bundle: "
		    "give the .xfb file that export wrote"), path);
	}
	return 0;
}

/* The version for printed frames: one frame if it fits one up to
 * QR_PRINT_VERSION, else QR_PRINT_VERSION, else the smallest that works. */
static int
qr_print_version(size_t len)
{
	int min = qr_min_version(len), v;

	if (min == 0 || min >= QR_PRINT_VERSION)
		return min;
	for (v = min < 5 ? 5 : min; v < QR_PRINT_VERSION; v++)
		if (qr_frame_data(v, len) >= len)
			break;
	return v;
}

/* Cut the bundle in FILE at the chosen or the printing version. */
static int
qr_cut_file(struct cmd_ctx *ctx, const char *path, const struct qr_opts *o,
    struct qr_bundle *b)
{
	unsigned char *p;
	size_t n;
	int rc;

	if (qr_load(ctx, path, &p, &n) != 0)
		return -1;
	rc = qr_bundle_cut(b, p, n, o->version ? o->version :
	    qr_print_version(n), &ctx->err);
	free(p);
	if (rc == 0)
		qr_bundle_print(b);
	if (rc != 0)
		xf_error_prefix(&ctx->err, "%s", path);
	return rc;
}

/* Parse a whole number in [min, max] or say what is expected; 0 or -1. */
static int
qr_int_arg(const char *s, int min, int max, const char *what, int *out)
{
	return cmd_parse_int(s, min, max, what, out) == CMD_OK ? 0 : -1;
}

/* Parse the options of a qr subcommand; the rest are in argv[optind..]. */
static int
qr_parse(int argc, char **argv, struct qr_opts *o)
{
	static const struct option opts[] = {
		{"version", required_argument, NULL, 'v'},
		{"count", required_argument, NULL, 'n'},
		{"module", required_argument, NULL, 'm'},
		{"quiet", required_argument, NULL, 'q'},
		{"rate", required_argument, NULL, 'r'},
		{"output", required_argument, NULL, 'o'},
		{"render", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0}
	};
	int c, rc = 0;

	optind = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "v:n:m:q:r:o:R:", opts,
	    NULL)) != -1) {
		if (c == 'v')
			rc = qr_int_arg(optarg, QR_MIN_VERSION, QR_MAX_VERSION,
			    _("--version takes a QR version from 3 to 40"),
			    &o->version);
		else if (c == 'n')
			rc = qr_int_arg(optarg, 1, QR_MAX_FRAMES, _("--count "
			    "takes a number of frames from 1 to 65536"),
			    &o->count);
		else if (c == 'm')
			rc = qr_int_arg(optarg, 1, 40, _("--module takes "
			    "pixels per module from 1 to 40"), &o->module);
		else if (c == 'q')
			rc = qr_int_arg(optarg, 1, 40, _("--quiet takes a "
			    "margin of 1 to 40 modules"), &o->quiet);
		else if (c == 'r') {
			char *end;

			o->rate = strtod(optarg, &end);
			if (end == optarg || *end != '\0' ||
			    !(o->rate >= 0.2) || o->rate > 30) {
				cmd_badarg(_("--rate takes frames a second "
				    "from 0.2 to 30"), optarg);
				rc = -1;
			}
		} else if (c == 'o')
			o->out = optarg;
		else if (c == 'R') {
			if (qr_render_parse(optarg, &o->render) != 0) {
				cmd_badarg(_("--render takes auto, halfblock or "
				    "block"), optarg);
				rc = -1;
			}
		}
		else
			rc = -1;
	}
	return rc;
}

/* qr frames: the frame texts, one a line. */
static int
qr_frames(struct cmd_ctx *ctx, const char *path, const struct qr_opts *o)
{
	struct qr_bundle b;
	struct buf out = {0};
	int n, rc;

	if (qr_cut_file(ctx, path, o, &b) != 0)
		return cmd_fail(ctx);
	n = o->count ? o->count : b.n;
	n = n > b.nmax ? b.nmax : n;
	for (int i = 0; i < n; i++) {
		qr_frame_text(&b, i, &out);
		buf_addc(&out, '\n');
	}
	rc = cmd_write(ctx, out.data, out.len) == 0 ? CMD_OK : cmd_fail(ctx);
	buf_free(&out);
	qr_bundle_free(&b);
	return rc;
}

#ifdef HAVE_PANGOCAIRO
/* The codes of every frame of the set, labelled "i/n" (qr_codes_free). */
static int
qr_codes(struct cmd_ctx *ctx, const struct qr_bundle *b,
    struct qr_symbol **sym, struct print_qr **q)
{
	struct buf text = {0};
	int rc = 0;

	*sym = xcalloc((size_t)b->n, sizeof **sym);
	*q = xcalloc((size_t)b->n, sizeof **q);
	for (int i = 0; i < b->n && rc == 0; i++) {
		text.len = 0;
		qr_frame_text(b, i, &text);
		rc = qr_symbol_encode(&(*sym)[i], buf_str(&text), b->version,
		    &ctx->err);
		(*q)[i].dark = (*sym)[i].dark;
		(*q)[i].width = (*sym)[i].width;
		(*q)[i].label = xasprintf("%d/%d", i + 1, b->n);
	}
	buf_free(&text);
	return rc;
}

static void
qr_codes_free(struct qr_symbol *sym, struct print_qr *q, int n)
{
	for (int i = 0; i < n; i++) {
		qr_symbol_free(&sym[i]);
		free((char *)q[i].label);
	}
	free(sym);
	free(q);
}

/* Write a picture to DIR/name. */
static int
qr_out(struct cmd_ctx *ctx, const char *dir, const char *name,
    const struct buf *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int rc = file_write_atomic(path, b->data, b->len, 0644, &ctx->err);

	free(path);
	return rc;
}

/* DIR/frame-NNN.png for every frame, sheet-N.png grids about the size
 * of A4 at 300 dpi, and frames.pdf on A4 pages; the sheets in *pages. */
static int
qr_print(struct cmd_ctx *ctx, const struct qr_bundle *b,
    const struct qr_opts *o, int *pages)
{
	struct qr_symbol *sym;
	struct print_qr *q;
	struct buf out = {0};
	char name[32], *head;
	int side = (qr_modules(b->version) + 2 * o->quiet) * o->module;
	int cols = SHEET_W / side, rows = SHEET_H / (side + 64), rc;

	cols = cols < 1 ? 1 : cols > b->n ? b->n : cols;
	rows = rows < 1 ? 1 : rows;
	rc = qr_codes(ctx, b, &sym, &q);
	for (int i = 0; i < b->n && rc == 0; i++) {
		out.len = 0;
		snprintf(name, sizeof name, "frame-%03d.png", i + 1);
		rc = print_qr_png(&q[i], o->module, o->quiet, &out,
		    &ctx->err) != 0 ? -1 : qr_out(ctx, o->out, name, &out);
	}
	*pages = 0;
	for (int first = 0; first < b->n && rc == 0; first += cols * rows) {
		int n = b->n - first < cols * rows ? b->n - first : cols * rows;

		out.len = 0;
		snprintf(name, sizeof name, "sheet-%d.png", ++*pages);
		rc = print_qr_sheet_png(&q[first], n, cols, o->module,
		    o->quiet, &out, &ctx->err) != 0 ? -1 :
		    qr_out(ctx, o->out, name, &out);
	}
	/* The heading is for the printed page, read in Chinese. */
	head = xasprintf("巡防同步数据　共 %d 个码（数据码 %d，修复码 %d），"
	    "扫描顺序不限", b->n, b->k, b->n - b->k);
	out.len = 0;
	if (rc == 0)
		rc = print_qr_pdf(q, b->n, head, &out, &ctx->err) != 0 ? -1 :
		    qr_out(ctx, o->out, "frames.pdf", &out);
	free(head);
	buf_free(&out);
	qr_codes_free(sym, q, b->n);
	print_done();
	return rc;
}
#endif

/* qr png: every frame as a PNG file and printable sheets, in DIR. */
static int
qr_png(struct cmd_ctx *ctx, const char *path, struct qr_opts *o)
{
#ifdef HAVE_PANGOCAIRO
	struct qr_bundle b;
	char *probe;
	int rc, pages = 0;
#endif

	if (o->out == NULL || file_is_stdout(o->out))
		return cmd_failf(_("say where the pictures go: qr png FILE "
		    "-o DIR"));
#ifndef HAVE_PANGOCAIRO
	(void)path;
	return cmd_no_printing();
#else
	probe = xasprintf("%s/x", o->out);
	rc = mkdir_parents(probe, 0755, &ctx->err);
	free(probe);
	if (rc != 0 || qr_cut_file(ctx, path, o, &b) != 0)
		return cmd_fail(ctx);
	rc = qr_print(ctx, &b, o, &pages) == 0 ? CMD_OK : cmd_fail(ctx);
	if (rc == CMD_OK)
		printf(_("%d frames (%d carry the bundle, %d are repair frames), "
		    "%d sheets and frames.pdf to print written to %s\n"), b.n,
		    b.k, b.n - b.k, pages, o->out);
	qr_bundle_free(&b);
	return rc;
#endif
}

/* qr show: the frames full-screen on the terminal. */
static int
qr_show(struct cmd_ctx *ctx, const char *path, const struct qr_opts *o)
{
	struct qrshow_opts show;
	unsigned char *p;
	size_t n;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cmd_failf(_("qr show needs a terminal: use qr png to "
		    "print the frames"));
	if (qr_load(ctx, path, &p, &n) != 0)
		return cmd_fail(ctx);
	show.rate = o->rate;
	show.max_version = o->version;
	show.render = o->render;
	rc = qrshow_run(p, n, &show, &ctx->err) == 0 ? CMD_OK : cmd_fail(ctx);
	free(p);
	return rc;
}

/* Say how far the reader is and which data frames are missing. */
static void
qr_progress(const struct qr_reader *r)
{
	struct buf miss = {0};
	char id[9];
	int have, need;

	qr_reader_id(r, id);
	qr_reader_progress(r, &have, &need);
	qr_reader_missing(r, &miss);
	if (miss.len > PROGRESS_MISSING_MAX) {
		size_t cut = PROGRESS_MISSING_MAX;

		while (cut > 0 && miss.data[cut] != ',')
			cut--;
		miss.len = cut;
		buf_adds(&miss, ", \u2026");
	}
	fprintf(stderr, _("bundle %s: %d of %d frames; missing %s\n"), id,
	    have, need, buf_str(&miss));
	buf_free(&miss);
}

/* Say what is missing when the input ends before any bundle is complete. */
static int
qr_incomplete(const struct qr_reader *r, int frames)
{
	struct buf miss = {0};
	int have, need, rc;

	if (frames == 0)
		return cmd_failf(_("no xunfang QR frames were found in the "
		    "input"));
	qr_reader_progress(r, &have, &need);
	qr_reader_missing(r, &miss);
	rc = cmd_failf(_("the bundle is not complete: %d of %d frames; "
	    "missing frames %s (any %d more frames will do): scan the frames "
	    "again"), have, need, buf_str(&miss), need - have);
	buf_free(&miss);
	return rc;
}

/* Where the bundles read go: one file, or a folder for every bundle. */
struct qr_sink {
	const char *out;
	int dir;		/* out is a folder: read every bundle */
	int written;
};

/* Write bundle i, complete now, where it goes. */
static int
qr_sink_write(struct cmd_ctx *ctx, struct qr_sink *k,
    const struct qr_reader *r, int i)
{
	struct qr_status st;
	const unsigned char *p;
	char *path;
	size_t n;
	int rc;

	qr_reader_status(r, i, &st);
	p = qr_reader_get(r, i, &n);
	path = k->dir ? xasprintf("%s/bundle-%s.xfb", k->out, st.id) :
	    xstrdup(k->out);
	rc = file_write_out(path, p, n, 0600, &ctx->err);
	if (rc == 0) {
		fprintf(stderr, _("bundle %s complete: %zu bytes written to "
		    "%s\n"), st.id, n, file_is_stdout(path) ?
		    _("standard output") : path);
		k->written++;
	}
	free(path);
	return rc;
}

/* Name the bundles whose frames came but which are not complete, but for
 * bundle skip, already named. */
static void
qr_strays(const struct qr_reader *r, int skip)
{
	for (int i = 0; i < qr_reader_count(r); i++) {
		struct qr_status st;

		qr_reader_status(r, i, &st);
		if (!st.complete && i != skip)
			fprintf(stderr, _("bundle %s is not complete (%d of %d "
			    "frames): it was left aside\n"), st.id, st.have,
			    st.need);
	}
}

/* Feed every line of f to the reader; each bundle that completes is
 * written, and reading stops after the first unless they go to a folder. */
static int
qr_read_lines(struct cmd_ctx *ctx, FILE *f, struct qr_reader *r,
    struct qr_sink *k, int *frames)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = 0, seen = 0;

	while (rc == 0 && (k->dir || k->written == 0) &&
	    (n = getline(&line, &cap, f)) >= 0) {
		enum qr_fed fed;

		lineno++;
		fed = qr_reader_feed(r, line, (size_t)n, &ctx->err);
		if (fed == QR_FED_BAD)
			fprintf(stderr, _("xunfang: line %ld: %s\n"), lineno,
			    ctx->err.msg);
		if (fed != QR_FED_JUNK)
			(*frames)++;
		if (fed >= QR_FED_NEW && qr_reader_count(r) > seen &&
		    seen++ > 0) {
			char id[9];

			qr_reader_id(r, id);
			fprintf(stderr, _("xunfang: line %ld: a frame of another "
			    "bundle (%s): its frames are collected apart\n"),
			    lineno, id);
		}
		if (fed == QR_FED_NEW)
			qr_progress(r);
		if (fed == QR_FED_COMPLETE)
			rc = qr_sink_write(ctx, k, r, qr_reader_current(r));
	}
	free(line);
	return rc;
}

/* qr read: frame lines from FILE or standard input to the bundle file, or
 * every bundle into a folder. */
static int
qr_read(struct cmd_ctx *ctx, const char *path, const struct qr_opts *o)
{
	struct qr_sink k = {o->out, 0, 0};
	struct qr_reader *r;
	struct stat sb;
	FILE *f = stdin;
	int frames = 0, rc;

	if (o->out == NULL)
		return cmd_failf(_("say where the bundle goes: qr read FILE "
		    "-o BUNDLE"));
	k.dir = !file_is_stdout(o->out) && stat(o->out, &sb) == 0 &&
	    S_ISDIR(sb.st_mode);
	if (path != NULL && strcmp(path, "-") != 0 &&
	    (f = fopen(path, "r")) == NULL)
		return cmd_failf(_("cannot open %s: %s"), path,
		    strerror(errno));
	r = qr_reader_new();
	if (qr_read_lines(ctx, f, r, &k, &frames) != 0)
		rc = cmd_fail(ctx);
	else if (k.written == 0)
		rc = qr_incomplete(r, frames);
	else
		rc = CMD_OK;
	qr_strays(r, k.written ? -1 : qr_reader_current(r));
	if (f != stdin)
		fclose(f);
	qr_reader_free(r);
	return rc;
}

/* Run the qr subcommand named after qr. */
static int
cmd_qr_exec(struct cmd_ctx *ctx)
{
	struct qr_opts o = {0, 0, MODULE_PX, QR_QUIET, QR_RENDER_AUTO, 3.0,
	    NULL};
	const char *sub;
	char *file;

	if (ctx->argc < 2)
		return cmd_usage(&cmd_qr_entry);
	sub = ctx->argv[1];
	o.rate = ctx->set->qr_rate;
	o.version = ctx->set->qr_version;
	o.render = ctx->set->qr_render;
	if (qr_parse(ctx->argc - 1, ctx->argv + 1, &o) != 0)
		return cmd_usage(&cmd_qr_entry);
	if (optind + 1 < ctx->argc - 1)
		return cmd_usage(&cmd_qr_entry);
	file = optind < ctx->argc - 1 ? ctx->argv[1 + optind] : NULL;
	if (strcmp(sub, "read") == 0)
		return qr_read(ctx, file, &o);
	if (file == NULL)
		return cmd_usage(&cmd_qr_entry);
	if (strcmp(sub, "show") == 0)
		return qr_show(ctx, file, &o);
	if (strcmp(sub, "png") == 0)
		return qr_png(ctx, file, &o);
	if (strcmp(sub, "frames") == 0)
		return qr_frames(ctx, file, &o);
	return cmd_usage(&cmd_qr_entry);
}

const struct cmd_entry cmd_qr_entry = {
	.name = "qr",
	.usage = N_("show FILE [--rate N] [--render MODE] | png FILE -o DIR [--module PX] "
	    "[--quiet N] [--version V] | frames FILE [--version V] "
	    "[--count N] | read [FILE|-] -o BUNDLE|DIR"),
	.summary = N_("carry a bundle as QR codes"),
	.flags = 0,
	.exec = cmd_qr_exec,
};
