/* xunfang map: a village's checkpoints, or a patrol's track and ticks,
 * drawn in the terminal (core/map.h). */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "core/map.h"

struct map_args {
	const char *village, *patrol;
	int hot, w, h;
};

/* The terminal's size, or 80x24 when the output is not a terminal. */
static void
term_size(int *w, int *h)
{
	struct winsize ws;

	*w = 80;
	*h = 24;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		*w = ws.ws_col;
		*h = ws.ws_row - 1;	/* the prompt's line after it */
	}
}

/* The options; the size defaults to the terminal's. */
static int
parse_args(struct cmd_ctx *ctx, struct map_args *a)
{
	static const struct option opts[] = {
		{"village", required_argument, NULL, 'v'},
		{"patrol", required_argument, NULL, 'p'},
		{"hotspots", no_argument, NULL, 'H'},
		{"width", required_argument, NULL, 'w'},
		{"height", required_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	int c;

	term_size(&a->w, &a->h);
	while ((c = getopt_long(ctx->argc, ctx->argv, "v:p:Hw:h:", opts,
	    NULL)) != -1) {
		if (c == 'v')
			a->village = optarg;
		else if (c == 'p')
			a->patrol = optarg;
		else if (c == 'H')
			a->hot = 1;
		else if (c == 'w') {
			if (cmd_parse_int(optarg, MAP_MIN_W, 1000, _("--width "
			    "takes a number of columns from 30 to 1000"),
			    &a->w) != CMD_OK)
				return CMD_USAGE;
		} else if (c == 'h') {
			if (cmd_parse_int(optarg, MAP_MIN_H + 1, 1000,
			    _("--height takes a number of lines from 9 to "
			    "1000"), &a->h) != CMD_OK)
				return CMD_USAGE;
		} else
			return cmd_usage(&cmd_map_entry);
	}
	if (optind != ctx->argc || (a->village == NULL && a->patrol == NULL))
		return cmd_usage(&cmd_map_entry);
	return CMD_OK;
}

/* The map's title line: the village, and the patrol's ticks. */
static void
title_line(const struct map_data *m, const char *patrol, struct buf *b)
{
	buf_addf(b, _("Map of %s"), m->village);
	if (patrol != NULL)
		buf_addf(b, ngettext(" · patrol %.12s · %zu tick with a fix, "
		    "%zu flagged", " · patrol %.12s · %zu ticks with a fix, "
		    "%zu flagged", m->ntick), patrol, m->ntick, m->nflagged);
}

/* Load, draw and print the map, then say what has no position. */
static int
cmd_map_exec(struct cmd_ctx *ctx)
{
	struct map_args a = {0};
	struct map_data m;
	struct map_input in;
	struct map mp;
	struct buf b = {0}, t = {0};
	unsigned char rid[RID_LEN];
	char hex[33];
	int rc;

	if ((rc = parse_args(ctx, &a)) != CMD_OK)
		return rc;
	if (a.patrol != NULL) {
		if (store_find_record(ctx->st, a.patrol, rid, &ctx->err) != 0)
			return cmd_fail(ctx);
		record_id_hex(rid, hex);
	}
	if (map_load(ctx->st, a.village, a.patrol ? rid : NULL, a.hot,
	    time_now(), &m, &ctx->err) != 0)
		return cmd_fail(ctx);
	map_data_input(&m, &in);
	if (map_data_check(&m, &ctx->err) != 0 ||
	    map_draw(&in, a.w, a.h - 1, &mp, &ctx->err) != 0) {
		map_data_free(&m);
		return cmd_fail(ctx);
	}
	title_line(&m, a.patrol ? hex : NULL, &t);
	utf8_fit(&b, buf_str(&t), a.w);
	b.len = strlen((const char *)b.data);
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		b.len--;
	buf_addc(&b, '\n');
	for (int y = 0; y < mp.h; y++) {
		map_row_text(&mp, y, &b);
		buf_addc(&b, '\n');
	}
	if (m.cp_nopos > 0)
		fprintf(stderr, ngettext("%zu checkpoint of %s has no position: "
		    "record it with p on its screen, or `xunfang edit ID "
		    "lat=.. lon=..`\n", "%zu checkpoints of %s have no "
		    "position: record them with p on their screens, or "
		    "`xunfang edit ID lat=.. lon=..`\n", m.cp_nopos),
		    m.cp_nopos, m.village);
	rc = cmd_write(ctx, b.data, b.len) == 0 ? CMD_OK : cmd_fail(ctx);
	buf_free(&b);
	buf_free(&t);
	map_free(&mp);
	map_data_free(&m);
	return rc;
}

const struct cmd_entry cmd_map_entry = {
	.name = "map",
	.usage = N_("[--village NAME|ID] [--patrol ID] [--hotspots] "
	    "[--width N] [--height N]"),
	.summary = N_("draw a village's checkpoints, or a patrol's track and "
	    "ticks, as a map"),
	.flags = CMD_STORE,
	.exec = cmd_map_exec,
};
