/* xunfang plan: start a patrol from a plan, plans due, planned visits,
 * open misses and their reasons. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/csv.h"
#include "core/plan.h"
#include "core/roster.h"

/* "HH:MM" of an expected time, or "--:--". */
static void
minute_format(int minute, char out[8])
{
	if (minute < 0)
		snprintf(out, 8, "--:--");
	else
		snprintf(out, 8, "%02d:%02d", (minute / 60) % 24, minute % 60);
}

/* Load the plans and find the one a person named. */
static const struct plan *
plan_arg(struct cmd_ctx *ctx, const char *name, struct plan_set *ps)
{
	struct ref_cache *rc = ref_cache_new(ctx->st);
	const struct plan *found = NULL;
	struct ref_ops ops;
	struct rec_list l;
	unsigned char rid[RID_LEN];
	const struct record *r;
	char hex[33];

	ref_cache_ops(rc, &ops);
	memset(ps, 0, sizeof *ps);
	if (ops.resolve(ops.ctx, KIND_PLAN, name, hex, &ctx->err) != 0 ||
	    record_list(ctx->st, kind_by_id(KIND_PLAN), &l, &ctx->err) != 0) {
		ref_cache_free(rc);
		return NULL;
	}
	ref_cache_free(rc);
	ps->list = l;
	ps->p = xcalloc(1, sizeof *ps->p);
	hex_decode(rid, RID_LEN, hex);
	if ((r = rec_list_find(&ps->list, rid)) != NULL) {
		plan_parse(r, &ps->p[0]);
		ps->n = 1;
		found = &ps->p[0];
		if (plan_check(found, &ctx->err) != 0)
			fprintf(stderr, _("xunfang: warning: %s\n"),
			    ctx->err.msg);
	}
	return found;
}

/* Print the route a patrol from the plan is to follow. */
static void
print_route(struct cmd_ctx *ctx, const struct plan *p, const char *id)
{
	struct ref_cache *rc = ref_cache_new(ctx->st);
	struct ref_ops ops;
	char hm[8];

	ref_cache_ops(rc, &ops);
	printf(_("Patrol %.8s started from plan '%s'. Points to pass, in "
	    "order:\n"), id, p->name);
	for (int i = 0; i < p->npts; i++) {
		const char *name = ops.name(ops.ctx, KIND_CHECKPOINT,
		    p->pts[i].checkpoint);

		minute_format(p->pts[i].minute, hm);
		printf("  %2d. %s %s\n", i + 1, hm, name ? name :
		    p->pts[i].checkpoint);
	}
	printf(_("Record each point as you pass it: `xunfang edit %.8s "
	    "points+=NAME`; end the patrol with `xunfang edit %.8s end=now`.\n"),
	    id, id);
	ref_cache_free(rc);
}


/* Write a new record of the values (then freed) in one transaction;
 * its id in hex. */
static int
write_new(struct cmd_ctx *ctx, const struct kind *k, char **vals,
    char hex[33])
{
	unsigned char rid[RID_LEN];
	int rc = store_begin(ctx->st, &ctx->err);

	if (rc == 0 && (rc = record_write(ctx->st, k, NULL, NULL, 0, vals, 0,
	    rid, NULL, &ctx->err)) == 0)
		rc = store_commit(ctx->st, &ctx->err);
	else if (rc != 0)
		store_rollback(ctx->st);
	cmd_free_fields(k, vals);
	if (rc != 0)
		return cmd_fail(ctx), -1;
	record_id_hex(rid, hex);
	return 0;
}
/* Write a patrol from pre-filled values and the person's FIELD=VALUEs. */
static int
start_patrol(struct cmd_ctx *ctx, const struct plan *p, char **args, int n,
    char hex[33])
{
	const struct kind *k = kind_by_id(KIND_PATROL);
	char **base = xcalloc((size_t)k->nfields, sizeof *base), **vals;
	int rc;

	plan_patrol_values(ctx->st, p, base);
	rc = cmd_parse_fields(ctx, k, args, n, base, 1, &vals);
	cmd_free_fields(k, base);
	if (rc != 0)
		return -1;
	return write_new(ctx, k, vals, hex);
}

/* plan start PLAN [FIELD=VALUE ...]: a new patrol along the plan. */
static int
plan_start_cmd(struct cmd_ctx *ctx)
{
	const struct plan *p;
	struct plan_set ps;
	char hex[33];
	int rc = CMD_FAIL;

	if (ctx->argc < 3)
		return cmd_usage(&cmd_plan_entry);
	if ((p = plan_arg(ctx, ctx->argv[2], &ps)) == NULL)
		cmd_fail(ctx);
	else if (start_patrol(ctx, p, ctx->argv + 3, ctx->argc - 3, hex) == 0) {
		printf("%s\n", hex);
		print_route(ctx, p, hex);
		rc = CMD_OK;
	}
	plan_set_free(&ps);
	return rc;
}

/* A --date, --from or --to value as a canonical date. */
static int
date_opt(const char *opt, const char *arg, char out[11])
{
	if (date_parse(arg, time_now(), out) == 0)
		return 0;
	fprintf(stderr, _("xunfang: %s takes a date (YYYY-MM-DD, today or "
	    "+7d), not '%s'\n"), opt, arg);
	return -1;
}

/* plan due [--date DATE]: plans that run that day, not yet patrolled. */
static int
plan_due_cmd(struct cmd_ctx *ctx, const char *date)
{
	struct plan_due *d;
	size_t n;
	char day[11], hm[8];

	if (date_opt("--date", date ? date : "today", day) != 0)
		return cmd_usage(&cmd_plan_entry);
	if (plan_due(ctx->st, day, &d, &n, &ctx->err) != 0)
		return cmd_fail(ctx);
	for (size_t i = 0; i < n; i++) {
		minute_format(d[i].minute, hm);
		printf("%.8s %s %s", d[i].hex, hm, d[i].name);
		printf(ngettext(" (%d point)", " (%d points)", d[i].npoints),
		    d[i].npoints);
		printf("%s\n", d[i].started ? _(" (under way)") : "");
	}
	printf(ngettext("%zu planned patrol not yet done on %s\n",
	    "%zu planned patrols not yet done on %s\n", n), n, day);
	plan_due_free(d, n);
	return CMD_OK;
}

/* Planned visits as rows: checkpoint id, name, visits planned. */
static void
visits_rows(struct cmd_ctx *ctx, const struct plan_visits *v, size_t n,
    int csv, struct buf *out)
{
	struct ref_cache *rc = ref_cache_new(ctx->st);
	struct ref_ops ops;

	ref_cache_ops(rc, &ops);
	if (csv) {
		csv_field(out, "checkpoint", 1);
		csv_field(out, "name", 0);
		csv_field(out, "planned", 0);
		csv_end_row(out);
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = ops.name(ops.ctx, KIND_CHECKPOINT,
		    v[i].checkpoint);
		char count[16];

		snprintf(count, sizeof count, "%d", v[i].planned);
		if (csv) {
			csv_field(out, v[i].checkpoint, 1);
			csv_field(out, name ? name : "", 0);
			csv_field(out, count, 0);
			csv_end_row(out);
		} else {
			buf_addf(out, "%.8s ", v[i].checkpoint);
			utf8_fit(out, name ? name : "?", 24);
			buf_addf(out, " %6s\n", count);
		}
	}
	ref_cache_free(rc);
}

/* plan visits --from DATE --to DATE [--csv]: planned visits per point. */
static int
plan_visits_cmd(struct cmd_ctx *ctx, const char *from, const char *to,
    int csv)
{
	struct plan_visits *v;
	struct buf out = {0};
	char f[11], t[11];
	size_t n;
	int rc;

	if (from == NULL || to == NULL || date_opt("--from", from, f) != 0 ||
	    date_opt("--to", to, t) != 0)
		return cmd_usage(&cmd_plan_entry);
	if (plan_planned_visits(ctx->st, f, t, &v, &n, &ctx->err) != 0)
		return cmd_fail(ctx);
	visits_rows(ctx, v, n, csv, &out);
	rc = cmd_write(ctx, out.data, out.len) == 0 ? CMD_OK : cmd_fail(ctx);
	buf_free(&out);
	free(v);
	return rc;
}

/* plan due and plan visits share these options. */
static int
plan_report_cmd(struct cmd_ctx *ctx, const char *sub)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"csv", no_argument, NULL, 'c'},
		{"raw", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0}
	};
	const char *date = NULL, *from = NULL, *to = NULL;
	int c, csv = 0;

	while ((c = getopt_long(ctx->argc - 1, ctx->argv + 1, "d:f:t:cr", opts,
	    NULL)) != -1) {
		if (c == 'd')
			date = optarg;
		else if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else if (c == 'c')
			csv = 1;
		else if (c == 'r')
			csv_raw(1);
		else
			return cmd_usage(&cmd_plan_entry);
	}
	if (optind + 1 != ctx->argc)
		return cmd_usage(&cmd_plan_entry);
	if (strcmp(sub, "due") == 0)
		return plan_due_cmd(ctx, date);
	return plan_visits_cmd(ctx, from, to, csv);
}

/* The status of a miss in the language of the messages. */
static const char *
miss_status_label(const char *code)
{
	const struct kind *k = kind_by_id(KIND_MISS);

	return field_choice_label(&k->fields[MISS_F_STATUS], code);
}

/* One open miss as a line: date, plan, point (or the whole patrol), status. */
static void
miss_line(const struct plan_miss *m, const struct ref_ops *ops,
    struct buf *out)
{
	char hm[8];

	buf_addf(out, "%s %.8s ", m->date, m->plan);
	utf8_fit(out, m->name, 16);
	buf_addc(out, ' ');
	if (m->checkpoint[0] != '\0') {
		const char *name = ops->name(ops->ctx, KIND_CHECKPOINT,
		    m->checkpoint);

		minute_format(m->minute, hm);
		buf_addf(out, "%s ", hm);
		utf8_fit(out, name ? name : m->checkpoint, 16);
	} else {
		buf_adds(out, "      ");
		utf8_fit(out, _("whole patrol"), 16);
	}
	buf_addf(out, " %s\n", miss_status_label(m->status));
}

/* A --village value as a village id. */
static int
village_opt(struct cmd_ctx *ctx, const char *name, char hex[33])
{
	struct ref_cache *rc = ref_cache_new(ctx->st);
	struct ref_ops ops;
	int r;

	ref_cache_ops(rc, &ops);
	r = ops.resolve(ops.ctx, KIND_VILLAGE, name, hex, &ctx->err);
	ref_cache_free(rc);
	return r;
}

/* plan misses [--from D --to D --village V]: the open misses. */
static int
plan_misses_cmd(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"village", required_argument, NULL, 'v'},
		{NULL, 0, NULL, 0}
	};
	const char *from = NULL, *to = "today", *village = NULL;
	struct ref_cache *rc;
	struct ref_ops ops;
	struct plan_miss *m;
	struct buf out = {0};
	char f[11], t[11], vhex[33];
	size_t n;
	int c, r;

	while ((c = getopt_long(ctx->argc - 1, ctx->argv + 1, "f:t:v:", opts,
	    NULL)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else if (c == 'v')
			village = optarg;
		else
			return cmd_usage(&cmd_plan_entry);
	}
	if (optind + 1 != ctx->argc || date_opt("--to", to, t) != 0)
		return cmd_usage(&cmd_plan_entry);
	if (from == NULL)
		date_format(day_add(date_start(t), -6), f);
	else if (date_opt("--from", from, f) != 0)
		return cmd_usage(&cmd_plan_entry);
	if (village != NULL && village_opt(ctx, village, vhex) != 0)
		return cmd_fail(ctx);
	if (plan_misses(ctx->st, f, t, village ? vhex : NULL, time_now(), &m,
	    &n, &ctx->err) != 0)
		return cmd_fail(ctx);
	rc = ref_cache_new(ctx->st);
	ref_cache_ops(rc, &ops);
	for (size_t i = 0; i < n; i++)
		miss_line(&m[i], &ops, &out);
	ref_cache_free(rc);
	buf_addf(&out, ngettext("%zu open miss from %s to %s\n",
	    "%zu open misses from %s to %s\n", n), n, f, t);
	r = cmd_write(ctx, out.data, out.len) == 0 ? CMD_OK : cmd_fail(ctx);
	buf_free(&out);
	plan_misses_free(m, n);
	return r;
}

/* The open miss of a plan's day at a checkpoint ("" the whole day). */
static const struct plan_miss *
open_miss(const struct plan_miss *m, size_t n, const char *plan,
    const char *checkpoint)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].plan, plan) == 0 &&
		    strcmp(m[i].checkpoint, checkpoint) == 0)
			return &m[i];
	return NULL;
}

/* Write the miss record closing an open miss. */
static int
write_miss(struct cmd_ctx *ctx, const struct plan_miss *m,
    const char *reason, const char *text, char hex[33])
{
	const struct kind *k = kind_by_id(KIND_MISS);
	char *args[6], **vals;
	int n = 0, rc;

	args[n++] = xasprintf("plan=%s", m->plan);
	args[n++] = xasprintf("date=%s", m->date);
	if (m->checkpoint[0] != '\0')
		args[n++] = xasprintf("checkpoint=%s", m->checkpoint);
	args[n++] = xasprintf("status=%s", m->status);
	args[n++] = xasprintf("reason=%s", reason);
	if (text != NULL)
		args[n++] = xasprintf("text=%s", text);
	rc = cmd_parse_fields(ctx, k, args, n, NULL, 1, &vals);
	for (int i = 0; i < n; i++)
		free(args[i]);
	if (rc != 0)
		return -1;
	if (strcmp(vals[MISS_F_REASON], "other") == 0 &&
	    vals[MISS_F_TEXT] == NULL) {
		cmd_free_fields(k, vals);
		xf_error(&ctx->err, _("miss field 'text': the reason 'other' "
		    "needs --text saying what kept the patrol from its "
		    "plan"));
		return cmd_fail(ctx), -1;
	}
	return write_new(ctx, k, vals, hex);
}

/* Resolve the plan and checkpoint a person named. */
static int
close_refs(struct cmd_ctx *ctx, const char *plan, const char *cp,
    char phex[33], char chex[33])
{
	struct ref_cache *rc = ref_cache_new(ctx->st);
	struct ref_ops ops;
	int r;

	ref_cache_ops(rc, &ops);
	chex[0] = '\0';
	r = ops.resolve(ops.ctx, KIND_PLAN, plan, phex, &ctx->err);
	if (r == 0 && cp != NULL)
		r = ops.resolve(ops.ctx, KIND_CHECKPOINT, cp, chex, &ctx->err);
	ref_cache_free(rc);
	return r;
}

/* plan close-miss PLAN DATE [CHECKPOINT] --reason R [--text T]. */
static int
plan_close_cmd(struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"text", required_argument, NULL, 'x'},
		{NULL, 0, NULL, 0}
	};
	const char *reason = NULL, *text = NULL, *role;
	const struct plan_miss *found;
	struct plan_miss *m;
	char day[11], phex[33], chex[33], hex[33];
	size_t n;
	int c, np, rc;

	while ((c = getopt_long(ctx->argc - 1, ctx->argv + 1, "r:x:", opts,
	    NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else if (c == 'x')
			text = optarg;
		else
			return cmd_usage(&cmd_plan_entry);
	}
	np = ctx->argc - 1 - optind;
	if (np < 2 || np > 3 || date_opt("DATE", ctx->argv[optind + 2],
	    day) != 0)
		return cmd_usage(&cmd_plan_entry);
	role = store_user_role(ctx->st);
	if (role != NULL && strcmp(role, "volunteer") == 0)
		return cmd_failf(_("a volunteer account cannot close a miss; "
		    "an officer closes it with its reason"));
	if (reason == NULL || reason[0] == '\0')
		return cmd_failf(_("miss field 'reason': a miss is closed "
		    "only with a reason; give --reason incident, weather, "
		    "short_staffed or other"));
	if (close_refs(ctx, ctx->argv[optind + 1], np == 3 ?
	    ctx->argv[optind + 3] : NULL, phex, chex) != 0)
		return cmd_fail(ctx);
	if (plan_misses(ctx->st, day, day, NULL, time_now(), &m, &n,
	    &ctx->err) != 0)
		return cmd_fail(ctx);
	if ((found = open_miss(m, n, phex, chex)) == NULL) {
		plan_misses_free(m, n);
		return cmd_failf(chex[0] ? _("plan %.8s has no open miss at "
		    "checkpoint %.8s on %s; `xunfang plan misses` lists the "
		    "open ones") : _("plan %.8s has no open miss of the whole "
		    "patrol on %s; `xunfang plan misses` lists the open "
		    "ones"), phex, chex[0] ? chex : day, day);
	}
	rc = write_miss(ctx, found, reason, text, hex);
	plan_misses_free(m, n);
	if (rc != 0)
		return CMD_FAIL;
	printf("%s\n", hex);
	return CMD_OK;
}

/* xunfang plan SUBCOMMAND: dispatch to the subcommand. */
static int
cmd_plan_exec(struct cmd_ctx *ctx)
{
	const char *sub = ctx->argc > 1 ? ctx->argv[1] : "";

	if (strcmp(sub, "start") == 0)
		return plan_start_cmd(ctx);
	if (strcmp(sub, "due") == 0 || strcmp(sub, "visits") == 0)
		return plan_report_cmd(ctx, sub);
	if (strcmp(sub, "misses") == 0)
		return plan_misses_cmd(ctx);
	if (strcmp(sub, "close-miss") == 0)
		return plan_close_cmd(ctx);
	return cmd_usage(&cmd_plan_entry);
}

const struct cmd_entry cmd_plan_entry = {
	.name = "plan",
	.usage = N_("start PLAN [FIELD=VALUE ...] | due [--date DATE] | "
	    "visits --from DATE --to DATE [--csv [--raw]] | "
	    "misses [--from DATE] [--to DATE] [--village VILLAGE] | "
	    "close-miss PLAN DATE [CHECKPOINT] --reason REASON [--text TEXT]"),
	.summary = N_("patrol plans: start a patrol, plans due, planned "
	    "visits, open misses and their reasons"),
	.flags = CMD_STORE,
	.exec = cmd_plan_exec,
};
