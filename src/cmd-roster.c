/* xunfang roster: duty rosters of household groups and patrol teams. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "core/csv.h"
#include "core/plan.h"
#include "core/roster.h"

struct roster_args {
	const char *group, *team, *from, *to, *note, *date;
	int csv, bom;
	char **pos;		/* arguments after the options */
	int npos;
};

/* Parse the options every roster subcommand shares. */
static int
roster_getopt(struct cmd_ctx *ctx, struct roster_args *a)
{
	static const struct option opts[] = {
		{"group", required_argument, NULL, 'g'},
		{"team", required_argument, NULL, 't'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 'T'},
		{"note", required_argument, NULL, 'n'},
		{"date", required_argument, NULL, 'd'},
		{"csv", no_argument, NULL, 'c'},
		{"bom", no_argument, NULL, 'b'},
		{"no-bom", no_argument, NULL, 'B'},
		{"raw", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0}
	};
	int c;

	memset(a, 0, sizeof *a);
	a->bom = -1;
	while ((c = getopt_long(ctx->argc - 1, ctx->argv + 1, "g:t:f:T:n:d:cbBr",
	    opts, NULL)) != -1) {
		switch (c) {
		case 'g': a->group = optarg; break;
		case 't': a->team = optarg; break;
		case 'f': a->from = optarg; break;
		case 'T': a->to = optarg; break;
		case 'n': a->note = optarg; break;
		case 'd': a->date = optarg; break;
		case 'c': a->csv = 1; break;
		case 'b': a->bom = 1; break;
		case 'B': a->bom = 0; break;
		case 'r': csv_raw(1); break;
		default: return -1;
		}
	}
	a->pos = ctx->argv + 1 + optind;
	a->npos = ctx->argc - 1 - optind;
	return 0;
}

/* A date argument as a day number; today when arg is NULL. */
static int
day_arg(const char *opt, const char *arg, int *day)
{
	char canon[11];

	if (date_parse(arg ? arg : "today", time_now(), canon) != 0 ||
	    roster_day(canon, day) != 0) {
		char *what = xasprintf(_("%s takes a date (YYYY-MM-DD, today or "
		    "+7d)"), opt);

		cmd_badarg(what, arg);
		free(what);
		return -1;
	}
	return 0;
}

/* Load the unit that --group or --team names. */
static int
unit_arg(struct cmd_ctx *ctx, const struct roster_args *a,
    struct roster_unit *u)
{
	if ((a->group == NULL) == (a->team == NULL)) {
		fprintf(stderr, _("xunfang: name either --group GROUP or --team "
		    "TEAM\n"));
		return CMD_USAGE;
	}
	if (roster_unit_load(ctx->st, a->group ? KIND_HOUSEHOLD_GROUP :
	    KIND_TEAM, a->group ? a->group : a->team, u, &ctx->err) != 0)
		return cmd_fail(ctx);
	return CMD_OK;
}

/* The weekday of a day in the locale's words ("Tuesday", "星期二"). */
static const char *
weekday_label(int day, char out[64])
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_wday = (roster_weekday(day) + 1) % 7;
	if (strftime(out, 64, "%A", &tm) == 0)
		out[0] = '\0';
	return out;
}

/* The localised label of a duty status. */
static const char *
status_label(const char *code)
{
	return field_choice_label(
	    &kind_by_id(KIND_ROSTER)->fields[ROSTER_F_STATUS],
	    code ? code : "planned");
}

/* A unit's nights as CSV: date, household or volunteer, group, status. */
static void
show_csv(const struct roster_unit *u, const struct roster_duties *ds,
    int from, int to, int bom, struct buf *out)
{
	int team = u->kind->id == KIND_TEAM;
	char date[11];

	if (bom)
		csv_bom(out);
	csv_field(out, "date", 1);
	csv_field(out, team ? "volunteer" : "household", 0);
	csv_field(out, team ? "team" : "group", 0);
	csv_field(out, "status", 0);
	csv_end_row(out);
	for (size_t i = 0; i < ds->n; i++) {
		const struct record *r = ds->d[i].rec;

		if (ds->d[i].day < from || ds->d[i].day > to)
			continue;
		roster_day_format(ds->d[i].day, date);
		csv_field(out, date, 1);
		csv_field(out, r->val[ROSTER_F_MEMBER] ?
		    r->val[ROSTER_F_MEMBER] : "", 0);
		csv_field(out, u->name, 0);
		csv_field(out, r->val[ROSTER_F_STATUS] ?
		    r->val[ROSTER_F_STATUS] : "planned", 0);
		csv_end_row(out);
	}
}

/* One night as a table row. */
static void
show_row(const struct roster_duty *d, struct buf *out)
{
	const struct record *r = d->rec;
	char date[11], wday[64];

	roster_day_format(d->day, date);
	buf_addf(out, "%s%s ", date, d->conflict ? "!" : " ");
	utf8_fit(out, weekday_label(d->day, wday), 10);
	buf_addc(out, ' ');
	utf8_fit(out, r->val[ROSTER_F_MEMBER] ? r->val[ROSTER_F_MEMBER] : "",
	    20);
	buf_addc(out, ' ');
	utf8_fit(out, status_label(r->val[ROSTER_F_STATUS]), 12);
	if (r->val[ROSTER_F_ROSTERED] != NULL)
		buf_addf(out, _(" (rostered: %s)"), r->val[ROSTER_F_ROSTERED]);
	if (r->val[ROSTER_F_NOTE] != NULL)
		buf_addf(out, " %s", r->val[ROSTER_F_NOTE]);
	buf_addc(out, '\n');
}

/* A unit's nights as a table for people. */
static void
show_table(const struct roster_unit *u, const struct roster_duties *ds,
    int from, int to, struct buf *out)
{
	const struct kind *rk = kind_by_id(KIND_ROSTER);
	size_t shown = 0;

	buf_addf(out, "%s: %s\n", kind_label(u->kind), u->name);
	utf8_fit(out, field_label(&rk->fields[ROSTER_F_DATE]), 11);
	buf_addc(out, ' ');
	utf8_fit(out, _("Day of week"), 10);
	buf_addc(out, ' ');
	utf8_fit(out, field_label(&rk->fields[ROSTER_F_MEMBER]), 20);
	buf_addc(out, ' ');
	utf8_fit(out, field_label(&rk->fields[ROSTER_F_STATUS]), 12);
	buf_addc(out, '\n');
	for (size_t i = 0; i < ds->n; i++)
		if (ds->d[i].day >= from && ds->d[i].day <= to) {
			show_row(&ds->d[i], out);
			shown++;
		}
	buf_addf(out, ngettext("%zu duty night\n", "%zu duty nights\n",
	    shown), shown);
}

/* roster show: the unit's nights as a table or CSV. */
static int
roster_show(struct cmd_ctx *ctx, struct roster_args *a,
    struct roster_unit *u)
{
	struct roster_duties ds;
	struct buf out = {0};
	int from = INT_MIN, to = INT_MAX, rc;

	if (a->npos != 0 || (a->from && day_arg("--from", a->from, &from)) ||
	    (a->to && day_arg("--to", a->to, &to)))
		return CMD_USAGE;
	if (a->bom == 1 && !a->csv)
		return cmd_badarg(_("--bom goes with --csv"), "--bom");
	if (a->bom < 0)
		a->bom = ctx->set->csv_bom;
	if (roster_duties_load(ctx->st, u, &ds, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (a->csv)
		show_csv(u, &ds, from, to, a->bom, &out);
	else
		show_table(u, &ds, from, to, &out);
	rc = cmd_write(ctx, out.data, out.len) == 0 ? CMD_OK : cmd_fail(ctx);
	buf_free(&out);
	roster_duties_free(&ds);
	return rc;
}

/* roster make: roster the nights of a period. */
static int
roster_make_cmd(struct cmd_ctx *ctx, struct roster_args *a,
    struct roster_unit *u)
{
	struct roster_made m;
	int from, to;
	char date[11];

	if (a->npos != 0 || a->from == NULL || a->to == NULL)
		return CMD_USAGE;
	if (day_arg("--from", a->from, &from) || day_arg("--to", a->to, &to))
		return CMD_USAGE;
	if (roster_make(ctx->st, u, from, to, &m, &ctx->err) != 0)
		return cmd_fail(ctx);
	printf(ngettext("Rostered %d night for '%s'", "Rostered %d nights for "
	    "'%s'", m.added), m.added, u->name);
	printf(ngettext("; %d night was rostered already.\n", "; %d nights "
	    "were rostered already.\n", m.kept), m.kept);
	if (m.unfilled > 0) {
		roster_day_format(m.first_unfilled, date);
		printf(ngettext("Nobody can take %d night (the first on %s): "
		    "everyone is away.\n", "Nobody can take %d nights (the "
		    "first on %s): everyone is away.\n", m.unfilled),
		    m.unfilled, date);
	}
	return CMD_OK;
}

/* roster swap DATE1 DATE2: exchange two nights. */
static int
roster_swap_cmd(struct cmd_ctx *ctx, struct roster_args *a,
    struct roster_unit *u)
{
	int d1, d2;

	if (a->npos != 2 || day_arg("DATE1", a->pos[0], &d1) ||
	    day_arg("DATE2", a->pos[1], &d2))
		return CMD_USAGE;
	if (roster_swap(ctx->st, u, d1, d2, &ctx->err) != 0)
		return cmd_fail(ctx);
	printf(_("Swapped the duties of %s and %s.\n"), a->pos[0], a->pos[1]);
	return CMD_OK;
}

/* roster missed / done [DATE]: record how a night went. */
static int
roster_mark_cmd(struct cmd_ctx *ctx, struct roster_args *a,
    struct roster_unit *u, const char *status)
{
	const struct kind *k = kind_by_id(KIND_ROSTER);
	struct buf note = {0};
	char date[11];
	int day, rc;

	if (a->npos > 1 || day_arg("DATE", a->npos ? a->pos[0] : NULL, &day))
		return CMD_USAGE;
	if (a->note != NULL && field_parse(k, &k->fields[ROSTER_F_NOTE],
	    a->note, 0, NULL, &note, &ctx->err) != 0)
		return cmd_fail(ctx);
	rc = roster_mark(ctx->st, u, day, status, note.len ? buf_str(&note) :
	    NULL, &ctx->err);
	buf_free(&note);
	if (rc != 0)
		return cmd_fail(ctx);
	roster_day_format(day, date);
	printf(_("The duty of %s is now recorded as %s.\n"), date,
	    status_label(status));
	return CMD_OK;
}

/* roster except NAME FROM TO [REASON]: someone cannot take duty. */
static int
roster_except_cmd(struct cmd_ctx *ctx, struct roster_args *a,
    struct roster_unit *u)
{
	const struct kind *k = u->kind;
	int fe = k->id == KIND_TEAM ? TEAM_F_EXCEPTIONS :
	    HOUSEHOLD_GROUP_F_EXCEPTIONS;
	struct buf reason = {0};
	int from, to, moved, rc;

	if (a->npos < 3 || a->npos > 4 || day_arg("FROM", a->pos[1], &from) ||
	    day_arg("TO", a->pos[2], &to))
		return CMD_USAGE;
	if (a->npos == 4 && field_parse(k,
	    &k->fields[fe].items[EXCEPTION_P_REASON], a->pos[3], 0, NULL,
	    &reason, &ctx->err) != 0)
		return cmd_fail(ctx);
	rc = roster_except(ctx->st, u, a->pos[0], from, to,
	    reason.len ? buf_str(&reason) : NULL, &moved, &ctx->err);
	buf_free(&reason);
	if (rc != 0)
		return cmd_fail(ctx);
	printf(_("Recorded that %s cannot take duty from %s to %s.\n"),
	    a->pos[0], a->pos[1], a->pos[2]);
	if (moved > 0)
		printf(ngettext("%d planned night went to someone else; "
		    "`xunfang roster show` lists them.\n", "%d planned nights "
		    "went to others; `xunfang roster show` lists them.\n",
		    moved), moved);
	return CMD_OK;
}

/* roster tonight: every unit's duty and the plans still to patrol. */
static int
roster_tonight_cmd(struct cmd_ctx *ctx, struct roster_args *a)
{
	struct roster_tonight *t;
	struct plan_due *p;
	size_t nt, np;
	char date[11], hm[8];
	int day;

	if (a->npos != 0 || day_arg("--date", a->date, &day))
		return CMD_USAGE;
	roster_day_format(day, date);
	if (roster_tonight(ctx->st, date, &t, &nt, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (plan_due(ctx->st, date, &p, &np, &ctx->err) != 0) {
		roster_tonight_free(t, nt);
		return cmd_fail(ctx);
	}
	printf(_("On duty on %s:\n"), date);
	for (size_t i = 0; i < nt; i++)
		printf("  %s %s: %s (%s)\n", kind_label(t[i].kind), t[i].unit,
		    t[i].member, status_label(t[i].status));
	if (nt == 0)
		printf(_("  nobody is rostered\n"));
	printf(_("Planned patrols not yet done:\n"));
	for (size_t i = 0; i < np; i++) {
		snprintf(hm, sizeof hm, "%02d:%02d", (p[i].minute / 60) % 24,
		    p[i].minute % 60);
		printf("  %s %s%s\n", p[i].minute >= 0 ? hm : "--:--",
		    p[i].name, p[i].started ? _(" (under way)") : "");
	}
	if (np == 0)
		printf(_("  none\n"));
	roster_tonight_free(t, nt);
	plan_due_free(p, np);
	return CMD_OK;
}

/* Run a subcommand that works on one group or team. */
static int
roster_unit_cmd(struct cmd_ctx *ctx, const char *sub, struct roster_args *a)
{
	struct roster_unit u;
	int rc = unit_arg(ctx, a, &u);

	if (rc != CMD_OK)
		return rc;
	if (strcmp(sub, "make") == 0)
		rc = roster_make_cmd(ctx, a, &u);
	else if (strcmp(sub, "show") == 0)
		rc = roster_show(ctx, a, &u);
	else if (strcmp(sub, "swap") == 0)
		rc = roster_swap_cmd(ctx, a, &u);
	else if (strcmp(sub, "missed") == 0 || strcmp(sub, "done") == 0)
		rc = roster_mark_cmd(ctx, a, &u, sub);
	else
		rc = roster_except_cmd(ctx, a, &u);
	roster_unit_free(&u);
	return rc == CMD_USAGE ? cmd_usage(&cmd_roster_entry) : rc;
}

/* xunfang roster SUBCOMMAND: dispatch to the subcommand. */
static int
cmd_roster_exec(struct cmd_ctx *ctx)
{
	static const char *const subs[] = {
		"make", "show", "swap", "missed", "done", "except"
	};
	struct roster_args a;
	const char *sub = ctx->argc > 1 ? ctx->argv[1] : "";

	if (roster_getopt(ctx, &a) != 0)
		return cmd_usage(&cmd_roster_entry);
	if (strcmp(sub, "tonight") == 0) {
		int rc = roster_tonight_cmd(ctx, &a);

		return rc == CMD_USAGE ? cmd_usage(&cmd_roster_entry) : rc;
	}
	for (size_t i = 0; i < XF_ARRAY_LEN(subs); i++)
		if (strcmp(sub, subs[i]) == 0)
			return roster_unit_cmd(ctx, sub, &a);
	return cmd_usage(&cmd_roster_entry);
}

const struct cmd_entry cmd_roster_entry = {
	.name = "roster",
	.usage = N_("make|show|swap|missed|done|except|tonight "
	    "--group GROUP | --team TEAM ...\n"
	    "  roster make --group GROUP --from DATE --to DATE\n"
	    "  roster show --group GROUP [--from DATE] [--to DATE] "
	    "[--csv [--bom] [--raw]]\n"
	    "  roster swap --group GROUP DATE1 DATE2\n"
	    "  roster missed|done --group GROUP [DATE] [--note TEXT]\n"
	    "  roster except --group GROUP NAME FROM TO [REASON]\n"
	    "  roster tonight [--date DATE]"),
	.summary = N_("household duty rota and team duty nights"),
	.flags = CMD_STORE,
	.exec = cmd_roster_exec,
};
