/* xunfang report: analysis of the records as charts or CSV. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "core/csv.h"
#include "core/report.h"

struct report_args {
	struct report_opts o;
	int csv, bom, width;
	const char *from, *to;
};

/* A date option into the local midnight that starts it (end: after it). */
static int
date_opt(const char *s, int after, int64_t *out)
{
	char date[11];
	int64_t t;

	if (date_parse(s, time_now(), date) != 0 || (t = date_start(date)) < 0)
		return -1;
	if (after) {
		time_t tt = (time_t)t;
		struct tm tm;

		localtime_r(&tt, &tm);
		tm.tm_mday++;
		tm.tm_isdst = -1;
		t = (int64_t)mktime(&tm);
	}
	*out = t;
	return 0;
}

/* Read the options after the report's name. */
static int
parse_args(struct cmd_ctx *ctx, struct report_args *a)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"village", required_argument, NULL, 'v'},
		{"days", required_argument, NULL, 'D'},
		{"csv", no_argument, NULL, 'c'},
		{"bom", no_argument, NULL, 'b'},
		{"no-bom", no_argument, NULL, 'B'},
		{"raw", no_argument, NULL, 'r'},
		{"width", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}
	};
	int c;

	while ((c = getopt_long(ctx->argc, ctx->argv, "f:t:v:D:cbBrw:", opts,
	    NULL)) != -1) {
		if (c == 'f')
			a->from = optarg;
		else if (c == 't')
			a->to = optarg;
		else if (c == 'v')
			a->o.village = optarg;
		else if (c == 'D') {
			if (cmd_parse_int(optarg, 1, 3660, _("--days takes a "
			    "number of days from 1 to 3660"), &a->o.days) !=
			    CMD_OK)
				return CMD_USAGE;
		} else if (c == 'c')
			a->csv = 1;
		else if (c == 'b')
			a->bom = 1;
		else if (c == 'B')
			a->bom = 0;
		else if (c == 'r')
			csv_raw(1);
		else if (c == 'w') {
			if (cmd_parse_int(optarg, 60, 400, _("--width takes 60 "
			    "to 400 columns"), &a->width) != CMD_OK)
				return CMD_USAGE;
		} else
			return cmd_usage(&cmd_report_entry);
	}
	if (a->bom == 1 && !a->csv)
		return cmd_badarg(_("--bom goes with --csv"), "--bom");
	if (a->bom < 0)
		a->bom = ctx->set->csv_bom;
	return CMD_OK;
}

/* Fill the period: --to's day (default today), back --from or 4 weeks. */
static int
period(struct report_args *a, const struct report_entry *e)
{
	int64_t now = time_now();
	char today[11];

	date_format(now, today);
	if (date_opt(a->to ? a->to : today, 1, &a->o.to) != 0)
		return cmd_badarg(_("--to takes a date (YYYY-MM-DD)"), a->to);
	a->o.asof = a->to ? a->o.to : now;
	if (a->from != NULL) {
		if (date_opt(a->from, 0, &a->o.from) != 0)
			return cmd_badarg(_("--from takes a date (YYYY-MM-DD)"),
			    a->from);
	} else {
		time_t tt = (time_t)a->o.to;
		struct tm tm;

		localtime_r(&tt, &tm);
		tm.tm_mday -= e->period_days;
		tm.tm_isdst = -1;
		a->o.from = (int64_t)mktime(&tm);
	}
	if (a->o.from >= a->o.to)
		return cmd_badarg(_("--from must come before --to"), a->from);
	return CMD_OK;
}

/* Load, compute, and print one report. */
static int
run(struct cmd_ctx *ctx, struct report_args *a, const struct report_entry *e)
{
	struct report_data *d;
	struct report r;
	struct buf out = {0};
	int status;

	if (report_load_for(ctx->st, e, &a->o, &d, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (report_run(d, e, &a->o, &r, &ctx->err) != 0) {
		report_data_free(d);
		return cmd_fail(ctx);
	}
	if (store_is_demo(ctx->st) && !a->csv)
		buf_addf(&out, "%s\n",
		    _("*** DEMO DATA — for training only ***"));
	if (a->csv)
		report_csv(&r, a->bom, &out);
	else
		report_draw(&r, a->width, &out);
	status = cmd_write(ctx, out.data, out.len) == 0 ? CMD_OK :
	    cmd_fail(ctx);
	buf_free(&out);
	report_free(&r);
	report_data_free(d);
	return status;
}

/* The second line of the usage: the reports there are. */
static void
usage_names(FILE *f)
{
	fprintf(f, _("  NAME: %s\n"), report_names());
}

/* xunfang report NAME: parse, compute, print. */
static int
cmd_report_exec(struct cmd_ctx *ctx)
{
	struct report_args a;
	const struct report_entry *e;
	int rc;

	memset(&a, 0, sizeof a);
	a.width = 80;
	a.bom = -1;
	a.o.checkpoint_days = ctx->set->checkpoint_days;
	a.o.dispute_days = ctx->set->dispute_days;
	if (ctx->argc < 2)
		return cmd_usage(&cmd_report_entry);
	if ((e = report_by_name(ctx->argv[1])) == NULL)
		return cmd_failf(_("there is no report '%s'; the reports are: "
		    "%s"), ctx->argv[1], report_names());
	ctx->argc--;
	ctx->argv++;
	if ((rc = parse_args(ctx, &a)) != CMD_OK)
		return rc;
	if (optind != ctx->argc)
		return cmd_usage(&cmd_report_entry);
	if ((rc = period(&a, e)) != CMD_OK)
		return rc;
	return run(ctx, &a, e);
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = N_("NAME [--from DATE] [--to DATE] [--village V] [--days N] "
	    "[--csv [--bom] [--raw]] [--width N]"),
	.usage_more = usage_names,
	.summary = N_("analysis reports: charts or CSV"),
	.flags = CMD_STORE,
	.exec = cmd_report_exec,
};
