/* The ticks of a patrol and their checks (presence.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "plaque.h"
#include "presence.h"

/* A checkpoint's position and radius, if it has one. */
static void
cp_place(const struct rec_list *cps, const char *hex, struct geo_tick *g)
{
	unsigned char rid[RID_LEN];
	const struct record *r;
	char *const *v;

	if (cps == NULL || hex_decode(rid, sizeof rid, hex) != 0 ||
	    (r = rec_list_find(cps, rid)) == NULL || r->val == NULL)
		return;
	v = r->val;
	if (v[CHECKPOINT_F_LAT] == NULL || v[CHECKPOINT_F_LON] == NULL ||
	    geo_coord_parse(v[CHECKPOINT_F_LAT], 90, &g->cp_lat) != 0 ||
	    geo_coord_parse(v[CHECKPOINT_F_LON], 180, &g->cp_lon) != 0)
		return;
	g->has_cp = 1;
	g->cp_radius = v[CHECKPOINT_F_RADIUS] != NULL ?
	    atoi(v[CHECKPOINT_F_RADIUS]) : GEO_RADIUS_DEFAULT;
}

void
presence_of(char *const *vals, const struct rec_list *cps,
    struct presence *out)
{
	const char *pos, *item;
	size_t len, cap = 0;

	memset(out, 0, sizeof *out);
	if (vals == NULL || (pos = vals[PATROL_F_POINTS]) == NULL ||
	    *pos == FIELD_SEALED)
		return;
	while ((item = field_list_next(&pos, &len)) != NULL) {
		char *part[POINT_NPARTS];
		struct presence_tick *t;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->t = xreallocarray(out->t, cap, sizeof *out->t);
		}
		t = &out->t[out->n++];
		memset(t, 0, sizeof *t);
		for (int j = 0; j < POINT_NPARTS; j++) {
			part[j] = field_item_strdup(item, len, j);
			if (j >= POINT_P_FIX && *part[j] == '\0') {
				free(part[j]);
				part[j] = NULL;
			}
		}
		snprintf(t->cp, sizeof t->cp, "%s", part[POINT_P_CHECKPOINT]);
		t->g.time = strtoll(part[POINT_P_TIME], NULL, 10);
		t->scanned = strcmp(part[POINT_P_METHOD], "scan") == 0;
		snprintf(t->flag, sizeof t->flag, "%s", part[POINT_P_FLAG]);
		geo_fix_of((const char *const *)&part[POINT_P_FIX], &t->g.fix);
		cp_place(cps, t->cp, &t->g);
		for (int j = 0; j < POINT_NPARTS; j++)
			free(part[j]);
	}
	{
		struct geo_tick *g = xcalloc(out->n ? out->n : 1, sizeof *g);

		for (size_t i = 0; i < out->n; i++)
			g[i] = out->t[i].g;
		geo_check(g, out->n, vals[PATROL_F_TYPE]);
		for (size_t i = 0; i < out->n; i++)
			out->t[i].g = g[i];
		free(g);
	}
	for (size_t i = 0; i < out->n; i++) {
		const struct presence_tick *t = &out->t[i];

		out->scanned += t->scanned;
		out->fixed += t->g.fix.state == GEO_FIX ||
		    t->g.fix.state == GEO_OLD;
		out->with_cp += t->g.distance >= 0;
		out->in_radius += t->g.distance >= 0 &&
		    !(t->g.flags & GEO_F_RADIUS);
		out->flagged += presence_flagged(out, i);
	}
}

void
presence_free(struct presence *p)
{
	free(p->t);
	memset(p, 0, sizeof *p);
}

int
presence_flagged(const struct presence *p, size_t i)
{
	return p->t[i].g.flags != 0 || p->t[i].flag[0] != '\0';
}

/* The flags of a tick in words, all of them or the first alone. */
static void
flag_words(const struct presence_tick *t, int first, struct buf *out)
{
	static const struct {
		unsigned bit;
		const char *word;
	} words[] = {
		{GEO_F_RADIUS, N_("out of radius")},
		{GEO_F_SPEED, N_("impossible speed")},
		{GEO_F_BUNCHED, N_("bunched")},
		{GEO_F_OLD, N_("fix too old")},
		{GEO_F_CLOCK, N_("clock skew")},
	};
	const struct field *pf = &kind_by_id(KIND_PATROL)->
	    fields[PATROL_F_POINTS].items[POINT_P_FLAG];
	size_t start = out->len;

	if (t->flag[0] != '\0')
		buf_addf(out, "%s", field_choice_label(pf, t->flag));
	for (size_t i = 0; i < XF_ARRAY_LEN(words); i++) {
		if (first && out->len > start)
			return;
		if (t->g.flags & words[i].bit)
			buf_addf(out, "%s%s", out->len > start ? _(", ") : "",
			    _(words[i].word));
	}
}

void
presence_flag_words(const struct presence_tick *t, struct buf *out)
{
	flag_words(t, 0, out);
}

/* One tick's line: time, checkpoint, method, fix and flags. */
static void
tick_line(const struct presence_tick *t, const struct ref_ops *ops,
    struct buf *out)
{
	const struct field *it = kind_by_id(KIND_PATROL)->
	    fields[PATROL_F_POINTS].items;
	const char *name = ops && ops->name ? ops->name(ops->ctx,
	    KIND_CHECKPOINT, t->cp) : NULL;
	struct buf w = {0};
	char tb[20];

	time_format(t->g.time, tb);
	buf_addf(out, "  %s %s · %s · %s", strlen(tb) > 11 ? tb + 11 : tb,
	    name != NULL ? name : t->cp, field_choice_label(
	    &it[POINT_P_METHOD], t->scanned ? "scan" : "manual"),
	    field_choice_label(&it[POINT_P_FIX],
	    geo_state_code(t->g.fix.state)));
	if (t->g.fix.state == GEO_FIX || t->g.fix.state == GEO_OLD) {
		buf_addf(out, _(" ±%d m"), t->g.fix.acc);
		if (t->g.distance >= 0)
			buf_addf(out, _(", %.0f m from the point"),
			    t->g.distance);
	}
	if (t->g.speed >= 0 && (t->g.flags & GEO_F_SPEED))
		buf_addf(out, _(", %.1f m/s from the tick before"),
		    t->g.speed);
	if (t->g.flags & GEO_F_CLOCK)
		buf_addf(out, _(", the device's clock %+lld s off the GPS "
		    "time"), (long long)t->g.skew);
	presence_flag_words(t, &w);
	if (w.len > 0)
		buf_addf(out, _(" · flagged: %s"), buf_str(&w));
	buf_addc(out, '\n');
	buf_free(&w);
}

void
presence_lines(const struct presence *p, const struct ref_ops *ops,
    struct buf *out)
{
	if (p->n == 0)
		return;
	buf_addf(out, ngettext("Presence: %zu tick, %d scanned, %d with a "
	    "fix, %d of %d in radius, %d flagged\n", "Presence: %zu ticks, "
	    "%d scanned, %d with a fix, %d of %d in radius, %d flagged\n",
	    p->n), p->n, p->scanned, p->fixed, p->in_radius, p->with_cp,
	    p->flagged);
	for (size_t i = 0; i < p->n; i++)
		tick_line(&p->t[i], ops, out);
}

/* A patrol's entry if it has a flagged tick: 1 and *out filled. */
static int
flagged_patrol(const struct record *r, const struct rec_list *cps,
    struct presence_patrol *out)
{
	struct presence p;
	struct buf w = {0};

	presence_of(r->val, cps, &p);
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < p.n; i++)
		if (presence_flagged(&p, i) && out->flagged++ == 0)
			flag_words(&p.t[i], 1, &w);
	presence_free(&p);
	if (out->flagged == 0)
		return 0;
	memcpy(out->rid, r->rid, RID_LEN);
	out->start = strtoll(r->val[PATROL_F_START], NULL, 10);
	snprintf(out->village, sizeof out->village, "%s",
	    r->val[PATROL_F_VILLAGE] ? r->val[PATROL_F_VILLAGE] : "");
	snprintf(out->word, sizeof out->word, "%s", w.len ? buf_str(&w) : "");
	buf_free(&w);
	return 1;
}

/* The latest start first. */
static int
by_start_desc(const void *a, const void *b)
{
	const struct presence_patrol *x = a, *y = b;

	return (x->start < y->start) - (x->start > y->start);
}

int
presence_flagged_since(struct store *st, int64_t since, int64_t until,
    struct presence_patrol **out, size_t *n, struct xf_err *err)
{
	struct rec_list pat, cps;

	*out = NULL;
	*n = 0;
	if (record_list_period(st, kind_by_id(KIND_PATROL),
	    record_day_of(since), record_day_of(until - 1), &pat, err) != 0)
		return -1;
	if (record_list(st, kind_by_id(KIND_CHECKPOINT), &cps, err) != 0) {
		rec_list_free(&pat);
		return -1;
	}
	*out = xcalloc(pat.n + 1, sizeof **out);
	for (size_t i = 0; i < pat.n; i++) {
		const struct record *r = &pat.rows[i];
		int64_t t;

		if (r->val == NULL || r->val[PATROL_F_START] == NULL)
			continue;
		t = strtoll(r->val[PATROL_F_START], NULL, 10);
		if (t >= since && t < until &&
		    flagged_patrol(r, &cps, &(*out)[*n]))
			(*n)++;
	}
	sort_n(*out, *n, sizeof **out, by_start_desc);
	rec_list_free(&cps);
	rec_list_free(&pat);
	return 0;
}
