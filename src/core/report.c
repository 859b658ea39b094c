/*
 * Analysis reports. Each report reads the current records once loaded,
 * counts what the station asks about, and returns a table: report-csv.c
 * writes the table as it is, report-draw.c draws it. Times are
 * bucketed in local time, like everything shown to people.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dispute.h"
#include "plan.h"
#include "presence.h"
#include "report-int.h"

#define DAY 86400
#define FOCUS_DAYS 28

struct report_data {
	struct rec_list l[KIND_MAX + 1];
	struct store *st;	/* for the patrol plans */
};

/* A report run: the data, the options, the table being filled. */
struct run {
	struct report_data *d;
	const struct report_opts *o;
	struct report *r;
	char village[33];	/* the village filter as an id, or "" */
};

static const char *const heat_cols[] = {
	"weekday", "hour", "incidents", "suspicious", "notes",
};
static const char *const hot_cols[] = {
	"kind", "name", "village", "incidents", "suspicious", "previous",
	"change",
};
static const char *const cover_cols[] = {
	"name", "type", "village", "last_check", "days_since", "checks",
	"per_week", "overdue", "planned", "flagged",
};
static const char *const patrol_cols[] = {"group", "name", "patrols", "hours"};
static const char *const dispute_cols[] = {"section", "name", "value"};
static const char *const vol_cols[] = {
	"section", "name", "group", "patrols", "hours",
};
static const char *const trend_cols[] = {
	"week", "patrols", "visits", "disputes", "incidents", "suspicious",
};
static const char *const focus_cols[] = {
	"what", "name", "village", "incidents", "suspicious", "days",
};
static const char *const plans_cols[] = {
	"plan", "village", "team", "week", "planned", "on_time", "late",
	"missed", "explained", "on_time_share", "reasons",
};
static const char *const presence_cols[] = {
	"village", "team", "week", "patrols", "ticks", "scanned_share",
	"fix_share", "radius_share", "flagged_ticks", "flagged_patrols",
};

/* Whether the reports read records of kind k: the records of the field
 * and the teams that plans name. */
static int
report_reads(int k)
{
	return (k >= KIND_PATROL && k <= KIND_CHECKPOINT) || k == KIND_TEAM;
}

/* Load the current records of every kind the reports read. */
int
report_load(struct store *st, struct report_data **out, struct xf_err *err)
{
	struct report_data *d = xcalloc(1, sizeof *d);

	d->st = st;
	for (int k = KIND_PATROL; k <= KIND_MAX; k++)
		if (report_reads(k) &&
		    record_list(st, kind_by_id(k), &d->l[k], err) != 0) {
			report_data_free(d);
			return -1;
		}
	*out = d;
	return 0;
}

/* Release the loaded records. */
void
report_data_free(struct report_data *d)
{
	if (d == NULL)
		return;
	for (int k = 0; k <= KIND_MAX; k++)
		rec_list_free(&d->l[k]);
	free(d);
}

/* Release a report's table. */
void
report_free(struct report *r)
{
	for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++)
		free(r->cells[i].text);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

/* Start a new row of empty cells (empty text, never NULL). */
static void
row_add(struct report *r)
{
	size_t n = (size_t)r->ncols;

	if (r->nrows == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->cells = xreallocarray(r->cells, r->cap * n,
		    sizeof *r->cells);
	}
	for (size_t i = 0; i < n; i++) {
		r->cells[r->nrows * n + i].text = xstrdup("");
		r->cells[r->nrows * n + i].num = 0;
	}
	r->nrows++;
}

/* Set a cell of the last row to text (and the number it stands for). */
static void
set_text(struct report *r, int col, const char *s, double num)
{
	struct report_cell *c = &r->cells[(r->nrows - 1) * (size_t)r->ncols +
	    (size_t)col];

	free(c->text);
	c->text = xstrdup(s ? s : "");
	c->num = num;
}

/* Set a cell of the last row to a number with so many decimals. */
static void
set_num(struct report *r, int col, double v, int decimals)
{
	char s[64];

	snprintf(s, sizeof s, "%.*f", decimals, v);
	set_text(r, col, s, v);
}

/* The cell at a row under a named column. */
const struct report_cell *
report_cell(const struct report *r, size_t row, const char *col)
{
	for (int i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i], col) == 0)
			return &r->cells[row * (size_t)r->ncols + (size_t)i];
	return NULL;
}

/* A field's index in a kind. */
int
fidx(int kind, const char *name)
{
	return kind_field_index(kind_by_id(kind), name);
}

/* A time value, 0 when absent. */
static int64_t
tval(const struct record *rec, int idx)
{
	return rec->val[idx] ? (int64_t)strtoll(rec->val[idx], NULL, 10) : 0;
}

/* The record with this hex id among a kind's records, or NULL. */
static const struct record *
by_hex(const struct run *x, int kind, const char *hex)
{
	unsigned char rid[RID_LEN];

	if (hex == NULL || strlen(hex) != 32 || hex_decode(rid, RID_LEN, hex))
		return NULL;
	return rec_list_find(&x->d->l[kind], rid);
}

/* The title of a referenced record, or "" when it is not here. */
static const char *
title_of(const struct run *x, int kind, const char *hex)
{
	const struct record *rec = by_hex(x, kind, hex);
	int t = kind_title_field(kind_by_id(kind));

	return rec && rec->val[t] ? rec->val[t] : "";
}

/* Whether a reference to a village passes the --village filter. */
static int
in_village(const struct run *x, const char *hex)
{
	return x->village[0] == '\0' || (hex && strcmp(hex, x->village) == 0);
}

/* Split the next item of a list value into fields; 0 at the end. */
static int
list_next(const char **pos, const char **f, size_t *len, int max)
{
	size_t n;
	const char *item = field_list_next(pos, &n);

	if (item == NULL)
		return 0;
	for (int i = 0; i < max; i++)
		if ((f[i] = field_item_part(item, n, i, &len[i])) == NULL)
			f[i] = item + n;
	return 1;
}

/* A 32-digit id in an item field into hex; "" if it is not one. */
static void
item_hex(const char *f, size_t len, char hex[33])
{
	hex[0] = '\0';
	if (len == 32) {
		memcpy(hex, f, 32);
		hex[32] = '\0';
	}
}

/* Observation type: 0 note, 1 suspicious, 2 incident. */
static int
obs_type(const char *f, size_t len)
{
	if (len == 8 && memcmp(f, "incident", 8) == 0)
		return 2;
	if (len == 10 && memcmp(f, "suspicious", 10) == 0)
		return 1;
	return 0;
}

/* Local weekday (Monday 0) and hour of a time. */
static void
week_hour(int64_t t, int *wd, int *h)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	*wd = (tm.tm_wday + 6) % 7;
	*h = tm.tm_hour;
}

/* Whole days from a to b, by the calendar. */
static int
days_between(int64_t a, int64_t b)
{
	return (int)((b - a + DAY / 2) / DAY);
}

typedef void (*obs_cb)(struct run *, const struct record *patrol,
    int64_t t, int type, const char *place, void *);

/* Call cb for every observation of every patrol of the filtered village. */
static void
each_observation(struct run *x, int use_filter, obs_cb cb, void *arg)
{
	const struct rec_list *l = &x->d->l[KIND_PATROL];
	int fo = fidx(KIND_PATROL, "observations"), fv = fidx(KIND_PATROL,
	    "village");

	for (size_t i = 0; i < l->n; i++) {
		const char *pos = l->rows[i].val[fo], *f[4];
		size_t len[4];
		char place[33];

		if (use_filter && !in_village(x, l->rows[i].val[fv]))
			continue;
		while (list_next(&pos, f, len, 4)) {
			item_hex(f[3], len[3], place);
			cb(x, &l->rows[i], (int64_t)strtoll(f[0], NULL, 10),
			    obs_type(f[1], len[1]), place, arg);
		}
	}
}

struct heat {
	int n[7][24][3];
	int64_t from, to;
};

/* Count one observation into its weekday and hour. */
static void
heat_obs(struct run *x, const struct record *p, int64_t t, int type,
    const char *place, void *arg)
{
	struct heat *h = arg;
	int wd, hr;

	(void)x, (void)p, (void)place;
	if (t < h->from || t >= h->to)
		return;
	week_hour(t, &wd, &hr);
	h->n[wd][hr][type]++;
}

/* Incidents, suspicious observations and notes by weekday and hour. */
static void
run_heatmap(struct run *x)
{
	struct heat h;

	memset(&h, 0, sizeof h);
	h.from = x->o->from;
	h.to = x->o->to;
	each_observation(x, 1, heat_obs, &h);
	for (int wd = 0; wd < 7; wd++)
		for (int hr = 0; hr < 24; hr++) {
			row_add(x->r);
			set_num(x->r, 0, wd + 1, 0);
			set_num(x->r, 1, hr, 0);
			set_num(x->r, 2, h.n[wd][hr][2], 0);
			set_num(x->r, 3, h.n[wd][hr][1], 0);
			set_num(x->r, 4, h.n[wd][hr][0], 0);
		}
}

struct hot {
	int (*place)[3], (*grid)[3];	/* incidents, suspicious, previous */
	int64_t from, to, prev;
};

/* Count an incident or suspicious observation at a place and its grid. */
static void
hot_obs(struct run *x, const struct record *p, int64_t t, int type,
    const char *place, void *arg)
{
	struct hot *h = arg;
	const struct rec_list *pl = &x->d->l[KIND_PLACE];
	const struct record *rec = by_hex(x, KIND_PLACE, place), *g;
	int col = t >= h->from && t < h->to ? (type == 2 ? 0 : 1) :
	    t >= h->prev && t < h->from && type == 2 ? 2 : -1;

	(void)p;
	if (rec == NULL || type == 0 || col < 0 ||
	    !in_village(x, rec->val[fidx(KIND_PLACE, "village")]))
		return;
	h->place[rec - pl->rows][col]++;
	g = by_hex(x, KIND_GRID, rec->val[fidx(KIND_PLACE, "grid")]);
	if (g != NULL)
		h->grid[g - x->d->l[KIND_GRID].rows][col]++;
}

struct rank {
	const struct record *rec;
	const int *n;
	const char *name;
};

/* Most incidents first, then most suspicious, then by name. */
static int
rank_cmp(const void *a, const void *b)
{
	const struct rank *p = a, *q = b;

	if (p->n[0] != q->n[0])
		return q->n[0] - p->n[0];
	if (p->n[1] != q->n[1])
		return q->n[1] - p->n[1];
	return strcmp(p->name, q->name);
}

/* Rows for the places or grids that had anything, ranked. */
static void
hot_rows(struct run *x, int kind, int (*n)[3], const char *label)
{
	const struct rec_list *l = &x->d->l[kind];
	struct rank *rk = xcalloc(l->n + 1, sizeof *rk);
	int t = kind_title_field(kind_by_id(kind)), fv = fidx(kind, "village");
	size_t m = 0;

	for (size_t i = 0; i < l->n; i++)
		if (n[i][0] + n[i][1] + n[i][2] > 0) {
			rk[m].rec = &l->rows[i];
			rk[m].n = n[i];
			rk[m++].name = l->rows[i].val[t] ? l->rows[i].val[t] :
			    "";
		}
	sort_n(rk, m, sizeof *rk, rank_cmp);
	for (size_t i = 0; i < m; i++) {
		row_add(x->r);
		set_text(x->r, 0, label, 0);
		set_text(x->r, 1, rk[i].name, 0);
		set_text(x->r, 2, title_of(x, KIND_VILLAGE,
		    rk[i].rec->val[fv]), 0);
		set_num(x->r, 3, rk[i].n[0], 0);
		set_num(x->r, 4, rk[i].n[1], 0);
		set_num(x->r, 5, rk[i].n[2], 0);
		set_num(x->r, 6, rk[i].n[0] - rk[i].n[2], 0);
	}
	free(rk);
}

/* Places and grids ranked by incidents, against the period before. */
static void
run_hotspots(struct run *x)
{
	struct hot h;

	h.place = xcalloc(x->d->l[KIND_PLACE].n + 1, sizeof *h.place);
	h.grid = xcalloc(x->d->l[KIND_GRID].n + 1, sizeof *h.grid);
	h.from = x->o->from;
	h.to = x->o->to;
	h.prev = x->o->from - (x->o->to - x->o->from);
	each_observation(x, 0, hot_obs, &h);
	hot_rows(x, KIND_PLACE, h.place, "place");
	hot_rows(x, KIND_GRID, h.grid, "grid");
	free(h.place);
	free(h.grid);
}

struct cover {
	int64_t last;
	int checks;
	int planned;		/* passages the patrol plans ask for */
	int flagged;		/* ticks of the period with a presence flag */
	const struct record *rec;
};

/* Count the flagged ticks of a patrol in the period into their
 * checkpoints (presence.h decides what is flagged). */
static void
cover_flagged(struct run *x, const struct record *p, struct cover *c)
{
	const struct rec_list *cl = &x->d->l[KIND_CHECKPOINT];
	struct presence pr;

	presence_of(p->val, cl, &pr);
	for (size_t j = 0; j < pr.n; j++) {
		const struct record *cp = by_hex(x, KIND_CHECKPOINT,
		    pr.t[j].cp);
		int64_t t = pr.t[j].g.time;

		if (cp != NULL && t < x->o->asof && t >= x->o->from &&
		    t < x->o->to && presence_flagged(&pr, j))
			c[cp - cl->rows].flagged++;
	}
	presence_free(&pr);
}

/* Record every checkpoint passage: the last before asof, those in range,
 * and of those the flagged ones. */
static void
cover_scan(struct run *x, struct cover *c)
{
	const struct rec_list *l = &x->d->l[KIND_PATROL];
	const struct rec_list *cl = &x->d->l[KIND_CHECKPOINT];
	int fp = fidx(KIND_PATROL, "points");

	for (size_t i = 0; i < l->n; i++) {
		const char *pos = l->rows[i].val[fp], *f[2];
		size_t len[2];
		char hex[33];
		int in_period = 0;

		while (list_next(&pos, f, len, 2)) {
			const struct record *cp;
			int64_t t = (int64_t)strtoll(f[1], NULL, 10);

			item_hex(f[0], len[0], hex);
			if ((cp = by_hex(x, KIND_CHECKPOINT, hex)) == NULL ||
			    t >= x->o->asof)
				continue;
			if (t > c[cp - cl->rows].last)
				c[cp - cl->rows].last = t;
			if (t >= x->o->from && t < x->o->to) {
				c[cp - cl->rows].checks++;
				in_period = 1;
			}
		}
		/* Only patrols with passages in the period are checked:
		 * the look-back for the last passage may read many. */
		if (in_period)
			cover_flagged(x, &l->rows[i], c);
	}
}

/* Never checked first, then the longest unchecked, then by name. */
static int
cover_cmp(const void *a, const void *b)
{
	const struct cover *p = a, *q = b;
	int t = fidx(KIND_CHECKPOINT, "name");

	if (p->last != q->last)
		return p->last < q->last ? -1 : 1;
	return strcmp(p->rec->val[t], q->rec->val[t]);
}

/* Every checkpoint: last check, checks per week, overdue ones first. */
/* How often the patrol plans send a patrol past each checkpoint in the
 * period, set in c (one per checkpoint, in list order). */
static void
planned_scan(struct run *x, struct cover *c)
{
	const struct rec_list *cl = &x->d->l[KIND_CHECKPOINT];
	struct plan_visits *pv;
	unsigned char rid[RID_LEN];
	char from[11], to[11];
	size_t n;
	const struct record *r;

	date_format(x->o->from, from);
	date_format(x->o->to - 1, to);
	if (x->d->st == NULL || plan_planned_visits(x->d->st, from, to, &pv, &n,
	    NULL) != 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (hex_decode(rid, RID_LEN, pv[i].checkpoint) == 0 &&
		    (r = rec_list_find(cl, rid)) != NULL)
			c[r - cl->rows].planned = pv[i].planned;
	free(pv);
}

static void
run_coverage(struct run *x)
{
	const struct rec_list *cl = &x->d->l[KIND_CHECKPOINT];
	struct cover *c = xcalloc(cl->n + 1, sizeof *c), *keep;
	int fv = fidx(KIND_CHECKPOINT, "village"), ft = fidx(KIND_CHECKPOINT,
	    "type"), days = x->o->days ? x->o->days : x->o->checkpoint_days ?
	    x->o->checkpoint_days : x->r->e->overdue_days;
	double weeks = days_between(x->o->from, x->o->to) / 7.0;
	size_t m = 0;
	char tb[20];

	cover_scan(x, c);
	planned_scan(x, c);
	keep = c;
	for (size_t i = 0; i < cl->n; i++)
		if (in_village(x, cl->rows[i].val[fv])) {
			keep[m] = c[i];
			keep[m++].rec = &cl->rows[i];
		}
	sort_n(keep, m, sizeof *keep, cover_cmp);
	for (size_t i = 0; i < m; i++) {
		const struct record *rec = keep[i].rec;
		int since = keep[i].last ? (int)((x->o->asof - keep[i].last) /
		    DAY) : -1;

		row_add(x->r);
		set_text(x->r, 0, rec->val[kind_title_field(
		    kind_by_id(KIND_CHECKPOINT))], 0);
		set_text(x->r, 1, rec->val[ft], 0);
		set_text(x->r, 2, title_of(x, KIND_VILLAGE, rec->val[fv]), 0);
		if (keep[i].last) {
			time_format(keep[i].last, tb);
			set_text(x->r, 3, tb, (double)keep[i].last);
			set_num(x->r, 4, since, 0);
		}
		set_num(x->r, 5, keep[i].checks, 0);
		set_num(x->r, 6, weeks > 0 ? keep[i].checks / weeks : 0, 1);
		set_text(x->r, 7, since < 0 || since >= days ? "yes" : "no",
		    since < 0 || since >= days);
		set_num(x->r, 8, keep[i].planned, 0);
		set_num(x->r, 9, keep[i].flagged, 0);
	}
	free(c);
}

struct tally {
	char *name;
	char *group;
	int n;
	double hours;
};

struct tallies {
	struct tally *t;
	size_t n, cap;
};

/* A new tally, even if one of the same name exists. */
static struct tally *
tally_push(struct tallies *ts, const char *name)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 32;
		ts->t = xreallocarray(ts->t, ts->cap, sizeof *ts->t);
	}
	memset(&ts->t[ts->n], 0, sizeof *ts->t);
	ts->t[ts->n].name = xstrdup(name);
	return &ts->t[ts->n++];
}

/* The tally of this name, added if new. */
static struct tally *
tally_get(struct tallies *ts, const char *name)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].name, name) == 0)
			return &ts->t[i];
	return tally_push(ts, name);
}

/* Most first, then by name. */
static int
tally_cmp(const void *a, const void *b)
{
	const struct tally *p = a, *q = b;

	if (p->n != q->n)
		return q->n - p->n;
	return strcmp(p->name, q->name);
}

/* Add a section of rows from tallies (sorted), then free them. */
static void
tally_rows(struct run *x, struct tallies *ts, const char *section,
    int with_group)
{
	int c = 0;

	sort_n(ts->t, ts->n, sizeof *ts->t, tally_cmp);
	for (size_t i = 0; i < ts->n; i++) {
		row_add(x->r);
		c = 0;
		set_text(x->r, c++, section, 0);
		set_text(x->r, c++, ts->t[i].name, 0);
		if (with_group)
			set_text(x->r, c++, ts->t[i].group, 0);
		set_num(x->r, c++, ts->t[i].n, 0);
		set_num(x->r, c, ts->t[i].hours, 1);
		free(ts->t[i].name);
		free(ts->t[i].group);
	}
	free(ts->t);
	memset(ts, 0, sizeof *ts);
}

/* Whether a patrol falls in the period and village; its hours if so. */
static int
patrol_in(const struct run *x, const struct record *p, double *hours)
{
	int64_t s = tval(p, fidx(KIND_PATROL, "start")),
	    e = tval(p, fidx(KIND_PATROL, "end"));

	if (s < x->o->from || s >= x->o->to ||
	    !in_village(x, p->val[fidx(KIND_PATROL, "village")]))
		return 0;
	*hours = e > s ? (double)(e - s) / 3600.0 : 0;
	return 1;
}

/* The first member named in a patrol's team: its lead. */
static char *
team_lead(const struct record *p)
{
	const char *pos = p->val[fidx(KIND_PATROL, "team")], *item;
	size_t len;

	if ((item = field_list_next(&pos, &len)) == NULL)
		return xstrdup("");
	return field_item_strdup(item, len, 0);
}

/* Patrol counts and hours by village, team lead and type. */
static void
run_patrols(struct run *x)
{
	const struct rec_list *l = &x->d->l[KIND_PATROL];
	struct tallies by[3] = {{0}};
	static const char *const sect[3] = {"village", "lead", "type"};
	int fv = fidx(KIND_PATROL, "village"), ft = fidx(KIND_PATROL, "type");

	for (size_t i = 0; i < l->n; i++) {
		const struct record *p = &l->rows[i];
		char *lead;
		double h;
		struct tally *t[3];

		if (!patrol_in(x, p, &h))
			continue;
		lead = team_lead(p);
		t[0] = tally_get(&by[0], title_of(x, KIND_VILLAGE, p->val[fv]));
		t[1] = tally_get(&by[1], lead);
		t[2] = tally_get(&by[2], p->val[ft] ? p->val[ft] : "");
		for (int j = 0; j < 3; j++) {
			t[j]->n++;
			t[j]->hours += h;
		}
		free(lead);
	}
	for (int j = 0; j < 3; j++)
		tally_rows(x, &by[j], sect[j], 0);
}

/* Add a section,name,value row. */
static void
kv_row(struct run *x, const char *section, const char *name, double v,
    int decimals)
{
	row_add(x->r);
	set_text(x->r, 0, section, 0);
	set_text(x->r, 1, name, 0);
	set_num(x->r, 2, v, decimals);
}

/* The time of the last mediation session, or 0. */
static int64_t
last_session(const struct record *d)
{
	const char *pos = d->val[fidx(KIND_DISPUTE, "sessions")], *f[1];
	size_t len[1];
	int64_t last = 0;

	while (list_next(&pos, f, len, 1)) {
		int64_t t = (int64_t)strtoll(f[0], NULL, 10);

		if (t > last)
			last = t;
	}
	return last;
}

/* Whether a dispute is still open: reported or in mediation. */
static int
dispute_open(const struct record *d)
{
	return dispute_status_open(d->val[DISPUTE_F_STATUS]);
}

/* Order doubles for qsort. */
static int
dbl_cmp(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;

	return p < q ? -1 : p > q;
}

/* Overdue disputes: open, and no session for the given days. */
static int
dispute_overdue(struct run *x)
{
	const struct rec_list *l = &x->d->l[KIND_DISPUTE];
	struct tallies od = {0};
	int days = x->o->days ? x->o->days : x->o->dispute_days ?
	    x->o->dispute_days : x->r->e->overdue_days, n = 0;
	int fr = fidx(KIND_DISPUTE, "reported"), fv = fidx(KIND_DISPUTE,
	    "village"), ftit = fidx(KIND_DISPUTE, "title");

	for (size_t i = 0; i < l->n; i++) {
		const struct record *d = &l->rows[i];
		int64_t rep = tval(d, fr), last = last_session(d), idle;

		if (rep >= x->o->to || !dispute_open(d) ||
		    !in_village(x, d->val[fv]))
			continue;
		idle = (x->o->asof - (last > rep ? last : rep)) / DAY;
		if (idle >= days) {
			struct tally *t = tally_push(&od, d->val[ftit] ?
			    d->val[ftit] : "");

			t->n = (int)idle;
			n++;
		}
	}
	sort_n(od.t, od.n, sizeof *od.t, tally_cmp);
	for (size_t i = 0; i < od.n; i++) {
		kv_row(x, "overdue", od.t[i].name, od.t[i].n, 0);
		free(od.t[i].name);
	}
	free(od.t);
	return n;
}

#define DSTATUS 6	/* reported ... closed */

/* Open disputes past their colour's time limit (超期) at the report's
 * moment, with the days past it: section past_first for those never
 * mediated within the first limit, past_resolve for those not resolved
 * within the second. */
static int
dispute_past_limit(struct run *x)
{
	const struct rec_list *l = &x->d->l[KIND_DISPUTE];
	struct tallies od[2] = {{0}, {0}};
	int n = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct record *d = &l->rows[i];
		int days;
		enum dispute_late late;
		struct tally *t;

		if (tval(d, DISPUTE_F_REPORTED) >= x->o->to ||
		    !in_village(x, d->val[DISPUTE_F_VILLAGE]))
			continue;
		late = dispute_late(d->val, dispute_limits_current(),
		    x->o->asof, &days);
		if (late == DISPUTE_IN_TIME)
			continue;
		t = tally_push(&od[late == DISPUTE_LATE_RESOLVE],
		    d->val[DISPUTE_F_TITLE] ? d->val[DISPUTE_F_TITLE] : "");
		t->n = days;
		n++;
	}
	for (int s = 0; s < 2; s++) {
		sort_n(od[s].t, od[s].n, sizeof *od[s].t, tally_cmp);
		for (size_t i = 0; i < od[s].n; i++) {
			kv_row(x, s ? "past_resolve" : "past_first",
			    od[s].t[i].name, od[s].t[i].n, 0);
			free(od[s].t[i].name);
		}
		free(od[s].t);
	}
	return n;
}

struct dcount {
	int colour[4], status[DSTATUS], cs[4][DSTATUS], total;
	double *days;
	size_t ndays;
};

/* Count one dispute of the period by colour and status. */
static void
dispute_count(struct run *x, const struct record *d, struct dcount *dc)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	const struct field *fc = &k->fields[fidx(KIND_DISPUTE, "colour")];
	const struct field *fs = &k->fields[fidx(KIND_DISPUTE, "status")];
	int c = -1, s = -1;
	int64_t last = last_session(d);

	(void)x;
	for (int i = 0; fc->choices[i].code; i++)
		if (d->val[fc - k->fields] &&
		    strcmp(fc->choices[i].code, d->val[fc - k->fields]) == 0)
			c = i;
	for (int i = 0; fs->choices[i].code; i++)
		if (d->val[fs - k->fields] &&
		    strcmp(fs->choices[i].code, d->val[fs - k->fields]) == 0)
			s = i;
	dc->total++;
	if (c >= 0)
		dc->colour[c]++;
	if (s >= 0)
		dc->status[s]++;
	if (c >= 0 && s >= 0)
		dc->cs[c][s]++;
	if ((s == 2 || s == 5) && last > 0)
		dc->days[dc->ndays++] = (double)(last -
		    tval(d, fidx(KIND_DISPUTE, "reported"))) / DAY;
}

/* The median of n sorted values. */
static double
median(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Disputes by colour and status, overdue ones, resolution figures. */
static void
run_disputes(struct run *x)
{
	const struct rec_list *l = &x->d->l[KIND_DISPUTE];
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	const struct choice *cc =
	    k->fields[fidx(KIND_DISPUTE, "colour")].choices;
	const struct choice *sc =
	    k->fields[fidx(KIND_DISPUTE, "status")].choices;
	struct dcount dc;
	int fr = fidx(KIND_DISPUTE, "reported"), fv = fidx(KIND_DISPUTE,
	    "village"), overdue, past, open = 0;

	memset(&dc, 0, sizeof dc);
	dc.days = xcalloc(l->n + 1, sizeof *dc.days);
	for (size_t i = 0; i < l->n; i++) {
		const struct record *d = &l->rows[i];
		int64_t t = tval(d, fr);

		if (t >= x->o->from && t < x->o->to &&
		    in_village(x, d->val[fv]))
			dispute_count(x, d, &dc);
	}
	for (int c = 0; c < 4; c++)
		kv_row(x, "colour", cc[c].code, dc.colour[c], 0);
	for (int s = 0; s < DSTATUS; s++) {
		kv_row(x, "status", sc[s].code, dc.status[s], 0);
		open += s < 2 ? dc.status[s] : 0;
	}
	for (int c = 0; c < 4; c++)
		for (int s = 0; s < DSTATUS; s++) {
			char *n = xasprintf("%s/%s", cc[c].code, sc[s].code);

			kv_row(x, "colour_status", n, dc.cs[c][s], 0);
			free(n);
		}
	overdue = dispute_overdue(x);
	past = dispute_past_limit(x);
	kv_row(x, "summary", "total", dc.total, 0);
	kv_row(x, "summary", "open", open, 0);
	kv_row(x, "summary", "overdue", overdue, 0);
	kv_row(x, "summary", "past_limit", past, 0);
	kv_row(x, "summary", "resolution_rate", dc.total ?
	    (double)(dc.status[2] + dc.status[5]) / dc.total : 0, 3);
	sort_n(dc.days, dc.ndays, sizeof *dc.days, dbl_cmp);
	kv_row(x, "summary", "median_days", dc.ndays ? median(dc.days,
	    dc.ndays) : 0, 1);
	if (dc.ndays == 0)
		set_text(x->r, 2, "", 0);
	free(dc.days);
}

/* Each household member's group, from the groups' lists and heads. */
static void
volunteer_groups(struct run *x, struct tallies *vol, struct tallies *grp)
{
	const struct rec_list *l = &x->d->l[KIND_HOUSEHOLD_GROUP];
	int fn = fidx(KIND_HOUSEHOLD_GROUP, "name"), fh =
	    fidx(KIND_HOUSEHOLD_GROUP, "households"), fhead =
	    fidx(KIND_HOUSEHOLD_GROUP, "head");

	for (size_t i = 0; i < l->n; i++) {
		const struct record *g = &l->rows[i];
		const char *pos = g->val[fh], *f[1];
		const char *gname = g->val[fn] ? g->val[fn] : "";
		size_t len[1];
		struct tally *t;

		tally_push(grp, gname)->group = xstrdup(
		    g->val[fidx(KIND_HOUSEHOLD_GROUP, "village")] ?
		    g->val[fidx(KIND_HOUSEHOLD_GROUP, "village")] : "");
		if (g->val[fhead] && *g->val[fhead]) {
			t = tally_get(vol, g->val[fhead]);
			if (t->group == NULL)
				t->group = xstrdup(gname);
		}
		while (list_next(&pos, f, len, 1)) {
			char *name = xstrndup(f[0], len[0]);

			t = tally_get(vol, name);
			if (t->group == NULL)
				t->group = xstrdup(gname);
			free(name);
		}
	}
}

/* By name, for binary search. */
static int
tally_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name,
	    ((const struct tally *)b)->name);
}

/* The tally of this name in a list sorted by name, or NULL. */
static struct tally *
tally_find(struct tallies *ts, const char *name)
{
	struct tally key = {.name = (char *)name};

	if (ts->n == 0)
		return NULL;
	return bsearch(&key, ts->t, ts->n, sizeof *ts->t, tally_name_cmp);
}

/* Credit one patrol to its volunteers and their household groups. */
static void
credit_patrol(const struct record *p, double h, struct tallies *vol,
    struct tallies *grp)
{
	const char *pos = p->val[fidx(KIND_PATROL, "team")], *f[1];
	struct tally *seen[32];
	size_t len[1];
	int nseen = 0;

	while (list_next(&pos, f, len, 1)) {
		char *name = xstrndup(f[0], len[0]);
		struct tally *v = tally_find(vol, name), *g;
		int dup = 0;

		free(name);
		if (v == NULL)
			continue;
		v->n++;
		v->hours += h;
		g = tally_find(grp, v->group);
		for (int i = 0; i < nseen; i++)
			dup |= seen[i] == g;
		if (g != NULL && !dup && nseen < 32) {
			seen[nseen++] = g;
			g->n++;
			g->hours += h;
		}
	}
}

/* Rows for the household groups of the filtered village, with the
 * village's name in the group column; frees the tallies. */
static void
group_rows(struct run *x, struct tallies *grp)
{
	sort_n(grp->t, grp->n, sizeof *grp->t, tally_cmp);
	for (size_t i = 0; i < grp->n; i++) {
		struct tally *t = &grp->t[i];

		if (in_village(x, t->group)) {
			row_add(x->r);
			set_text(x->r, 0, "group", 0);
			set_text(x->r, 1, t->name, 0);
			set_text(x->r, 2, title_of(x, KIND_VILLAGE, t->group),
			    0);
			set_num(x->r, 3, t->n, 0);
			set_num(x->r, 4, t->hours, 1);
		}
		free(t->name);
		free(t->group);
	}
	free(grp->t);
}

/* Participation per volunteer and per household group. */
static void
run_volunteers(struct run *x)
{
	const struct rec_list *l = &x->d->l[KIND_PATROL];
	struct tallies vol = {0}, grp = {0}, out = {0};

	volunteer_groups(x, &vol, &grp);
	sort_n(vol.t, vol.n, sizeof *vol.t, tally_name_cmp);
	sort_n(grp.t, grp.n, sizeof *grp.t, tally_name_cmp);
	for (size_t i = 0; i < l->n; i++) {
		double h;

		if (patrol_in(x, &l->rows[i], &h))
			credit_patrol(&l->rows[i], h, &vol, &grp);
	}
	for (size_t i = 0; i < vol.n; i++)
		if (vol.t[i].n > 0) {
			struct tally *t = tally_push(&out, vol.t[i].name);

			t->n = vol.t[i].n;
			t->hours = vol.t[i].hours;
			t->group = vol.t[i].group;
			vol.t[i].group = NULL;
		}
	for (size_t i = 0; i < vol.n; i++) {
		free(vol.t[i].name);
		free(vol.t[i].group);
	}
	free(vol.t);
	tally_rows(x, &out, "volunteer", 1);
	group_rows(x, &grp);
}

struct weeks {
	int64_t *start;
	int (*n)[5];	/* patrols, visits, disputes, incidents, suspicious */
	int count;
};

/* The week a time falls in, or -1 outside the period. */
static int
week_of(const struct weeks *w, int64_t t)
{
	int lo = 0, hi = w->count;

	if (w->count == 0 || t < w->start[0] || t >= w->start[w->count])
		return -1;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;

		if (t >= w->start[mid])
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Count records of a kind into weeks by their time field. */
static void
week_count(struct run *x, struct weeks *w, int kind, const char *field,
    int col)
{
	const struct rec_list *l = &x->d->l[kind];
	int ft = fidx(kind, field), fv = fidx(kind, "village");

	for (size_t i = 0; i < l->n; i++) {
		int wk = week_of(w, tval(&l->rows[i], ft));

		if (wk >= 0 && in_village(x, l->rows[i].val[fv]))
			w->n[wk][col]++;
	}
}

/* Count an incident or suspicious observation into its week. */
static void
week_obs(struct run *x, const struct record *p, int64_t t, int type,
    const char *place, void *arg)
{
	struct weeks *w = arg;
	int wk = week_of(w, t);

	(void)x, (void)p, (void)place;
	if (wk >= 0 && type > 0)
		w->n[wk][type == 2 ? 3 : 4]++;
}

/* Weekly counts of patrols, visits, disputes and what patrols saw. */
static void
run_trend(struct run *x)
{
	struct weeks w = {0};
	char date[11];

	w.start = xcalloc(1, sizeof *w.start);
	w.start[0] = x->o->from;
	while (w.start[w.count] < x->o->to) {
		int64_t next = day_add(w.start[w.count], 7);

		w.start = xreallocarray(w.start, (size_t)w.count + 2,
		    sizeof *w.start);
		w.start[++w.count] = next < x->o->to ? next : x->o->to;
	}
	w.n = xcalloc((size_t)w.count + 1, sizeof *w.n);
	week_count(x, &w, KIND_PATROL, "start", 0);
	week_count(x, &w, KIND_VISIT, "time", 1);
	week_count(x, &w, KIND_DISPUTE, "reported", 2);
	each_observation(x, 1, week_obs, &w);
	for (int i = 0; i < w.count; i++) {
		row_add(x->r);
		date_format(w.start[i], date);
		set_text(x->r, 0, date, (double)w.start[i]);
		for (int c = 0; c < 5; c++)
			set_num(x->r, c + 1, w.n[i][c], 0);
	}
	free(w.start);
	free(w.n);
}

static void run_one(struct run *, const struct report_entry *);

/* Run another report, named, over the same data and options. */
static void
sub_report(struct run *x, const char *name, struct report *out)
{
	struct run sub = *x;

	memset(out, 0, sizeof *out);
	sub.r = out;
	run_one(&sub, report_by_name(name));
}

/* Add a focus row. */
static void
focus_row(struct run *x, const char *what, const char *name,
    const char *village, double inc, double sus, const char *days)
{
	row_add(x->r);
	set_text(x->r, 0, what, 0);
	set_text(x->r, 1, name, 0);
	set_text(x->r, 2, village, 0);
	set_num(x->r, 3, inc, 0);
	set_num(x->r, 4, sus, 0);
	set_text(x->r, 5, days, days && *days ? strtod(days, NULL) : 0);
}

/* The next day's hours whose weekday and hour saw most, best three. */
static void
focus_hours(struct run *x, const struct report *heat)
{
	int64_t first = (x->o->asof + 3599) / 3600 * 3600, best[3] = {0};
	double score[3] = {0};
	char tb[20];

	for (int k = 0; k < 24; k++) {
		int64_t t = first + k * 3600;
		int wd, h;
		double s;

		week_hour(t, &wd, &h);
		s = 3 * heat->cells[(size_t)(wd * 24 + h) * 5 + 2].num +
		    heat->cells[(size_t)(wd * 24 + h) * 5 + 3].num;
		for (int j = 0; j < 3; j++)
			if (s > score[j]) {
				memmove(&score[j + 1], &score[j],
				    (size_t)(2 - j) * sizeof *score);
				memmove(&best[j + 1], &best[j],
				    (size_t)(2 - j) * sizeof *best);
				score[j] = s;
				best[j] = t;
				break;
			}
	}
	for (int j = 0; j < 3 && score[j] > 0; j++) {
		int wd, h;

		week_hour(best[j], &wd, &h);
		time_format(best[j], tb);
		focus_row(x, "hour", tb, "",
		    heat->cells[(size_t)(wd * 24 + h) * 5 + 2].num,
		    heat->cells[(size_t)(wd * 24 + h) * 5 + 3].num, "");
	}
}

/* Where and when to patrol next: hot hours, places, grids, and the
 * checkpoints overdue. */
static void
run_focus(struct run *x)
{
	struct report heat, hot, cov;
	int nplace = 0, ngrid = 0;

	sub_report(x, "heatmap", &heat);
	sub_report(x, "hotspots", &hot);
	sub_report(x, "coverage", &cov);
	focus_hours(x, &heat);
	for (size_t i = 0; i < hot.nrows; i++) {
		const struct report_cell *c = &hot.cells[i * 7];
		int grid = strcmp(c[0].text, "grid") == 0;

		if (c[3].num <= 0 || (grid ? ngrid : nplace) >= 3)
			continue;
		grid ? ngrid++ : nplace++;
		focus_row(x, c[0].text, c[1].text, c[2].text, c[3].num,
		    c[4].num, "");
	}
	for (size_t i = 0; i < cov.nrows; i++) {
		const struct report_cell *c = &cov.cells[i * cov.ncols];

		if (c[7].num > 0)
			focus_row(x, "checkpoint", c[0].text, c[2].text, 0, 0,
			    c[4].text);
	}
	report_free(&heat);
	report_free(&hot);
	report_free(&cov);
}

/* One plan's figures over the period. */
#define PLAN_REASONS 8	/* at most this many reasons in the miss kind */

struct plan_row {
	const struct plan *p;
	const char *village;	/* the village's name, or "" */
	char week[11];		/* its Monday */
	int n[5];		/* planned, on time, late, missed, explained */
	int reasons[PLAN_REASONS];	/* explained, by the reason given */
};

/* By village name, then plan name, id and week. */
static int
plan_row_cmp(const void *a, const void *b)
{
	const struct plan_row *x = a, *y = b;
	int c;

	if ((c = strcmp(x->village, y->village)) != 0 ||
	    (c = strcmp(x->p->name, y->p->name)) != 0 ||
	    (c = strcmp(x->p->hex, y->p->hex)) != 0)
		return c;
	return strcmp(x->week, y->week);
}

/* The Monday of the week holding a date (YYYY-MM-DD). */
static void
monday_of(const char *date, char out[11])
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3) {
		snprintf(out, 11, "%s", date);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1) {
		snprintf(out, 11, "%s", date);
		return;
	}
	tm.tm_mday -= (tm.tm_wday + 6) % 7;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The row of a plan and week, added if new. */
static struct plan_row *
plan_row_at(struct plan_row **rows, size_t *n, const struct plan *p,
    const char *village, const char *week)
{
	struct plan_row *r;

	for (size_t i = *n; i-- > 0;)
		if ((*rows)[i].p == p && strcmp((*rows)[i].week, week) == 0)
			return &(*rows)[i];
	*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
	r = &(*rows)[(*n)++];
	memset(r, 0, sizeof *r);
	r->p = p;
	r->village = village;
	snprintf(r->week, sizeof r->week, "%s", week);
	return r;
}

/* "weather:1 incident:2": the explained points of a row by reason, in
 * the order of the kind's list. */
static char *
plan_reasons(const struct plan_row *r)
{
	const struct choice *c =
	    kind_by_id(KIND_MISS)->fields[MISS_F_REASON].choices;
	struct buf b = {0};
	char *s;

	for (int i = 0; i < PLAN_REASONS && c[i].code; i++)
		if (r->reasons[i] > 0)
			buf_addf(&b, "%s%s:%d", b.len ? " " : "", c[i].code,
			    r->reasons[i]);
	s = xstrdup(b.len ? buf_str(&b) : "");
	buf_free(&b);
	return s;
}

/* Per plan and week: the points it asked for on its days in the period,
 * how many were ticked on time, late, or missed (as seen at asof, or now
 * if that is earlier: points not yet due count as planned only), how
 * many late or missed a miss record explains, and by which reasons. */
static void
run_plans(struct run *x)
{
	struct plan_outcome *o = NULL;
	struct plan_row *rows = NULL;
	struct plan_set ps;
	char from[11], to[11], week[11];
	size_t no = 0, m = 0;
	int64_t asof = x->o->asof < time_now() ? x->o->asof : time_now();

	date_format(x->o->from, from);
	date_format(x->o->to - 1, to);
	if (x->d->st == NULL || plan_set_load(x->d->st, &ps, NULL) != 0)
		return;
	if (plan_outcomes(x->d->st, &ps, from, to, asof, &o, &no,
	    NULL) != 0) {
		plan_set_free(&ps);
		return;
	}
	for (size_t j = 0; j < no; j++) {
		const char *v = o[j].plan->rec->val[PLAN_F_VILLAGE];
		struct plan_row *r;

		if (!in_village(x, v))
			continue;
		monday_of(o[j].date, week);
		r = plan_row_at(&rows, &m, o[j].plan, title_of(x,
		    KIND_VILLAGE, v), week);
		r->n[0]++;
		r->n[1] += o[j].mark == PM_ON_TIME;
		r->n[2] += o[j].mark == PM_LATE;
		r->n[3] += o[j].mark == PM_MISSED;
		r->n[4] += o[j].explained;
		if (o[j].reason >= 0 && o[j].reason < PLAN_REASONS)
			r->reasons[o[j].reason]++;
	}
	sort_n(rows, m, sizeof *rows, plan_row_cmp);
	for (size_t i = 0; i < m; i++) {
		int decided = rows[i].n[1] + rows[i].n[2] + rows[i].n[3];
		char *rs = plan_reasons(&rows[i]);

		row_add(x->r);
		set_text(x->r, 0, rows[i].p->name, 0);
		set_text(x->r, 1, rows[i].village, 0);
		set_text(x->r, 2, title_of(x, KIND_TEAM,
		    rows[i].p->rec->val[PLAN_F_TEAM]), 0);
		set_text(x->r, 3, rows[i].week, 0);
		for (int c = 0; c < 5; c++)
			set_num(x->r, 4 + c, rows[i].n[c], 0);
		if (decided > 0)
			set_num(x->r, 9, 100.0 * rows[i].n[1] / decided, 1);
		set_text(x->r, 10, rs, 0);
		free(rs);
	}
	free(rows);
	free(o);
	plan_set_free(&ps);
}

/* One row of the presence report: a village, a team and a week. */
struct presence_row {
	const char *village;	/* the village's name, or "" */
	char *team;
	char week[11];		/* its Monday */
	int patrols, ticks, scanned, fixed, with_cp, in_radius;
	int flagged, flagged_patrols;
};

/* By village name, then team and week. */
static int
presence_row_cmp(const void *a, const void *b)
{
	const struct presence_row *x = a, *y = b;
	int c;

	if ((c = strcmp(x->village, y->village)) != 0 ||
	    (c = strcmp(x->team, y->team)) != 0)
		return c;
	return strcmp(x->week, y->week);
}

/* The team a patrol went out as: its plan's team when the plan names
 * one that is here, else none (""): who walked changes from patrol to
 * patrol, and the station asks after its teams. */
static char *
patrol_team(const struct run *x, const struct plan_set *ps,
    const struct record *p)
{
	const char *plan = p->val[PATROL_F_PLAN];

	for (size_t i = 0; plan != NULL && i < ps->n; i++) {
		const char *team;

		if (strcmp(ps->p[i].hex, plan) != 0)
			continue;
		team = title_of(x, KIND_TEAM, ps->p[i].rec->val[PLAN_F_TEAM]);
		if (*team != '\0')
			return xstrdup(team);
	}
	return xstrdup("");
}

/* The row of a village, team and week, added if new (team is kept). */
static struct presence_row *
presence_row_at(struct presence_row **rows, size_t *n, const char *village,
    char *team, const char *week)
{
	struct presence_row *r;

	for (size_t i = *n; i-- > 0;)
		if (strcmp((*rows)[i].village, village) == 0 &&
		    strcmp((*rows)[i].team, team) == 0 &&
		    strcmp((*rows)[i].week, week) == 0) {
			free(team);
			return &(*rows)[i];
		}
	*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
	r = &(*rows)[(*n)++];
	memset(r, 0, sizeof *r);
	r->village = village;
	r->team = team;
	snprintf(r->week, sizeof r->week, "%s", week);
	return r;
}

/* Add one patrol's ticks, as presence_of checks them, to its row. */
static void
presence_count(struct run *x, const struct plan_set *ps,
    const struct record *p, struct presence_row **rows, size_t *m)
{
	struct presence pr;
	struct presence_row *r;
	char day[11], week[11];

	date_format(tval(p, PATROL_F_START), day);
	monday_of(day, week);
	r = presence_row_at(rows, m, title_of(x, KIND_VILLAGE,
	    p->val[PATROL_F_VILLAGE]), patrol_team(x, ps, p), week);
	presence_of(p->val, &x->d->l[KIND_CHECKPOINT], &pr);
	r->patrols++;
	r->ticks += (int)pr.n;
	r->scanned += pr.scanned;
	r->fixed += pr.fixed;
	r->with_cp += pr.with_cp;
	r->in_radius += pr.in_radius;
	r->flagged += pr.flagged;
	r->flagged_patrols += pr.flagged > 0;
	presence_free(&pr);
}

/* A share in percent with one decimal, left empty when of nothing. */
static void
set_share(struct report *r, int col, int n, int of)
{
	if (of > 0)
		set_num(r, col, 100.0 * n / of, 1);
}

/* Per village, team and week (of the patrol's start): the patrols, their
 * ticks, the shares of ticks scanned, with a fix (old or not), and in
 * radius (of those with a fix at a checkpoint with a position), and the
 * ticks and patrols flagged. */
static void
run_presence(struct run *x)
{
	const struct rec_list *l = &x->d->l[KIND_PATROL];
	struct presence_row *rows = NULL;
	struct plan_set ps;
	size_t m = 0;
	double h;

	memset(&ps, 0, sizeof ps);
	if (x->d->st != NULL && plan_set_load(x->d->st, &ps, NULL) != 0)
		memset(&ps, 0, sizeof ps);
	for (size_t i = 0; i < l->n; i++)
		if (patrol_in(x, &l->rows[i], &h))
			presence_count(x, &ps, &l->rows[i], &rows, &m);
	sort_n(rows, m, sizeof *rows, presence_row_cmp);
	for (size_t i = 0; i < m; i++) {
		const struct presence_row *r = &rows[i];

		row_add(x->r);
		set_text(x->r, 0, r->village, 0);
		set_text(x->r, 1, r->team, 0);
		set_text(x->r, 2, r->week, 0);
		set_num(x->r, 3, r->patrols, 0);
		set_num(x->r, 4, r->ticks, 0);
		set_share(x->r, 5, r->scanned, r->ticks);
		set_share(x->r, 6, r->fixed, r->ticks);
		set_share(x->r, 7, r->in_radius, r->with_cp);
		set_num(x->r, 8, r->flagged, 0);
		set_num(x->r, 9, r->flagged_patrols, 0);
		free(r->team);
	}
	free(rows);
	plan_set_free(&ps);
}

/* Fill the table of one report. */
static void
run_one(struct run *x, const struct report_entry *e)
{
	x->r->e = e;
	x->r->cols = e->cols;
	x->r->ncols = e->ncols;
	e->run(x);
}

/* Turn the --village filter into a village id. */
static int
resolve_village(struct run *x, struct xf_err *err)
{
	const struct rec_list *l = &x->d->l[KIND_VILLAGE];
	int fn = fidx(KIND_VILLAGE, "name"), found = 0;
	size_t n = strlen(x->o->village);
	char hex[33];

	for (size_t i = 0; i < l->n; i++) {
		record_id_hex(l->rows[i].rid, hex);
		if ((l->rows[i].val[fn] &&
		    strcmp(l->rows[i].val[fn], x->o->village) == 0) ||
		    (n >= 4 && strncasecmp(hex, x->o->village, n) == 0)) {
			memcpy(x->village, hex, sizeof hex);
			found++;
		}
	}
	if (found == 0)
		return xf_error(err, _("no village named '%s'; `xunfang list "
		    "village` shows them"), x->o->village);
	if (found > 1)
		return xf_error(err, _("'%s' names %d villages; give its id "
		    "instead"), x->o->village, found);
	return 0;
}

/* Compute a report over loaded data. */
int
report_run(struct report_data *d, const struct report_entry *e,
    const struct report_opts *o, struct report *r, struct xf_err *err)
{
	struct run x;

	memset(r, 0, sizeof *r);
	memset(&x, 0, sizeof x);
	if (e == NULL || e->name == NULL)
		return xf_error(err, _("there is no such report; the reports "
		    "are: %s"), report_names());
	if (o->to <= o->from)
		return xf_error(err, _("the report period is empty: --from "
		    "must come before --to"));
	x.d = d;
	x.o = o;
	x.r = r;
	if (o->village != NULL && resolve_village(&x, err) != 0)
		return -1;
	r->opts = *o;
	run_one(&x, e);
	return 0;
}

/*
 * What a report reads. Reports over a period read only the records of
 * that period, selected by their day (see store_scan_days): a patrol by
 * its start, a visit by its time, a dispute by the day it was reported.
 * What a patrol saw and the checkpoints it passed are counted by their
 * own times, which fall within SPAN after its start. Places, grids,
 * villages, household groups and checkpoints are read whole; so are the
 * disputes for their report, whose overdue ones may have been reported
 * at any time; the coverage reads further back, a period at a time,
 * until each checkpoint has its last passage (or the records end).
 */
#define SPAN (2 * DAY)

struct reads {
	/* The period each kind is read for; none when from >= to. */
	int64_t from[KIND_MAX + 1], to[KIND_MAX + 1];
	int all[KIND_MAX + 1];
	int lookback;		/* each checkpoint's last passage */
};

/* Add [from, to) to what a kind's records are read for. */
static void
reads_add(struct reads *w, int kind, int64_t from, int64_t to)
{
	if (w->from[kind] >= w->to[kind]) {
		w->from[kind] = from;
		w->to[kind] = to;
		return;
	}
	if (from < w->from[kind])
		w->from[kind] = from;
	if (to > w->to[kind])
		w->to[kind] = to;
}

/* The periods a report reads (the focus reads those of its parts). */
static void
reads_of(const struct report_entry *e, const struct report_opts *o,
    struct reads *w)
{
	int64_t len = o->to - o->from, end = o->asof > o->to ? o->asof : o->to;
	int focus = e->run == run_focus;

	if (focus || e->run == run_heatmap)
		reads_add(w, KIND_PATROL, o->from - SPAN, o->to);
	if (focus || e->run == run_hotspots)
		reads_add(w, KIND_PATROL, o->from - len - SPAN, o->to);
	if (focus || e->run == run_coverage) {
		reads_add(w, KIND_PATROL, o->from - SPAN, end);
		w->lookback = 1;
	}
	if (e->run == run_patrols || e->run == run_volunteers ||
	    e->run == run_presence)
		reads_add(w, KIND_PATROL, o->from, o->to);
	if (e->run == run_disputes)
		w->all[KIND_DISPUTE] = 1;
	if (e->run == run_trend) {
		reads_add(w, KIND_PATROL, o->from - SPAN, o->to);
		reads_add(w, KIND_VISIT, o->from, o->to);
		reads_add(w, KIND_DISPUTE, o->from, o->to);
	}
}

/* The day (UTC) of a time, as record_day counts. */
static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

/* Whether every checkpoint has a passage before asof among the patrols
 * read. */
static int
all_passed(const struct report_data *d, const struct report_opts *o)
{
	const struct rec_list *l = &d->l[KIND_PATROL];
	const struct rec_list *cl = &d->l[KIND_CHECKPOINT];
	char *seen = xcalloc(cl->n + 1, 1);
	int fp = fidx(KIND_PATROL, "points");
	size_t left = cl->n;

	for (size_t i = 0; i < l->n && left > 0; i++) {
		const char *pos = l->rows[i].val[fp], *f[2];
		size_t len[2];
		unsigned char rid[RID_LEN];
		const struct record *cp;

		while (list_next(&pos, f, len, 2))
			if (len[0] == 32 && hex_decode(rid, RID_LEN, f[0]) ==
			    0 && (cp = rec_list_find(cl, rid)) != NULL &&
			    strtoll(f[1], NULL, 10) < o->asof &&
			    !seen[cp - cl->rows]) {
				seen[cp - cl->rows] = 1;
				left--;
			}
	}
	free(seen);
	return left == 0;
}

/* Read patrols before day lo, a period at a time (each twice the one
 * before), until every checkpoint has its last passage. */
static int
cover_lookback(struct store *st, struct report_data *d,
    const struct report_opts *o, int64_t lo, struct xf_err *err)
{
	int64_t first, last, step = FOCUS_DAYS;

	if (!store_days_range(st, KIND_PATROL, &first, &last))
		return 0;
	while (lo > first && !all_passed(d, o)) {
		struct rec_list more;
		int64_t a = lo - step < first ? first : lo - step;

		if (record_list_days(st, kind_by_id(KIND_PATROL), a, lo - 1,
		    &more, err) != 0)
			return -1;
		record_list_merge(&d->l[KIND_PATROL], &more);
		lo = a;
		step *= 2;
	}
	return 0;
}

/* Load what one report reads over its period. */
int
report_load_for(struct store *st, const struct report_entry *e,
    const struct report_opts *o, struct report_data **out,
    struct xf_err *err)
{
	struct report_data *d;
	struct reads w;
	int rc;

	if (e == NULL || e->name == NULL || o->to <= o->from)
		return report_load(st, out, err);
	/* A store whose days cannot be filled in now (read-only, full,
	 * busy) is read whole. */
	if ((rc = record_days_fill(st, err)) != 0 && (rc > 0 ||
	    err->code == XF_E_FULL || err->code == XF_E_BUSY))
		return report_load(st, out, err);
	if (rc != 0)
		return -1;
	memset(&w, 0, sizeof w);
	reads_of(e, o, &w);
	d = xcalloc(1, sizeof *d);
	d->st = st;
	for (int k = KIND_PATROL; k <= KIND_MAX; k++) {
		const struct kind *kd = kind_by_id(k);

		if (!report_reads(k))
			continue;
		if (kind_when_field(kd) < 0 || w.all[k])
			rc = record_list(st, kd, &d->l[k], err);
		else if (w.from[k] < w.to[k])
			rc = record_list_days(st, kd, day_of(w.from[k]),
			    day_of(w.to[k] - 1), &d->l[k], err);
		else {
			d->l[k].kind = kd;
			rc = 0;
		}
		if (rc == 1) {
			report_data_free(d);
			return report_load(st, out, err);
		}
		if (rc != 0) {
			report_data_free(d);
			return -1;
		}
	}
	if (w.lookback && cover_lookback(st, d, o,
	    day_of(w.from[KIND_PATROL]), err) != 0) {
		report_data_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* The suggested focus over the last four weeks, in one call. */
int
report_focus(struct store *st, int64_t now, int checkpoint_days,
    struct report *r, struct xf_err *err)
{
	struct report_data *d;
	struct report_opts o = {0};
	int rc;

	o.checkpoint_days = checkpoint_days;
	o.to = day_add(now, 1);
	o.from = day_add(o.to, -FOCUS_DAYS);
	o.asof = now;
	if (report_load_for(st, report_by_name("focus"), &o, &d, err) != 0)
		return -1;
	rc = report_run(d, report_by_name("focus"), &o, r, err);
	report_data_free(d);
	return rc;
}

#define COLS(a) .cols = a, .ncols = (int)XF_ARRAY_LEN(a)

/* Every report, in the order of the menu: checkpoints are overdue after a
 * week, disputes after two; the trend looks back twelve weeks, the others
 * four. */
const struct report_entry report_table[] = {
	{
		.name = "heatmap",
		.label = N_("Heat map: weekday × hour"),
		COLS(heat_cols),
		.run = run_heatmap,
		.draw = draw_heatmap,
		.period_days = 28,
	},
	{
		.name = "hotspots",
		.label = N_("Hot places and grids"),
		COLS(hot_cols),
		.run = run_hotspots,
		.draw = draw_hotspots,
		.period_days = 28,
	},
	{
		.name = "coverage",
		.label = N_("Checkpoint coverage"),
		COLS(cover_cols),
		.run = run_coverage,
		.draw = draw_coverage,
		.overdue_days = 7,
		.period_days = 28,
	},
	{
		.name = "patrols",
		.label = N_("Patrol hours"),
		COLS(patrol_cols),
		.run = run_patrols,
		.draw = draw_patrols,
		.period_days = 28,
	},
	{
		.name = "disputes",
		.label = N_("Disputes by colour and status"),
		COLS(dispute_cols),
		.run = run_disputes,
		.draw = draw_disputes,
		.overdue_days = 14,
		.period_days = 28,
	},
	{
		.name = "volunteers",
		.label = N_("Volunteer participation"),
		COLS(vol_cols),
		.run = run_volunteers,
		.draw = draw_volunteers,
		.period_days = 28,
	},
	{
		.name = "trend",
		.label = N_("Weekly trend"),
		COLS(trend_cols),
		.run = run_trend,
		.draw = draw_trend,
		.period_days = 84,
	},
	{
		.name = "focus",
		.label = N_("Suggested focus"),
		COLS(focus_cols),
		.run = run_focus,
		.draw = draw_focus,
		.period_days = 28,
	},
	{
		.name = "plans",
		.label = N_("Patrol plans against what happened"),
		COLS(plans_cols),
		.run = run_plans,
		.draw = draw_plans,
		.period_days = 28,
	},
	{
		.name = "presence",
		.label = N_("Proof of presence at the checkpoints"),
		COLS(presence_cols),
		.run = run_presence,
		.draw = draw_presence,
		.period_days = 28,
	},
	{.name = NULL}
};

/* The report with this name, or NULL. */
const struct report_entry *
report_by_name(const char *name)
{
	for (const struct report_entry *e = report_table; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* The names of all reports, for messages and the usage. */
const char *
report_names(void)
{
	static char names[256];

	if (names[0] == '\0')
		for (const struct report_entry *e = report_table; e->name;
		    e++)
			snprintf(names + strlen(names), sizeof names -
			    strlen(names), "%s%s", e == report_table ? "" : " ",
			    e->name);
	return names;
}
