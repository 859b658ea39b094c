/*
 * The detail view of one record: its fields, its versions with their
 * authors, conflict settling, and the steps of the patrol and dispute
 * flows (tick a checkpoint, add an observation, end; add a mediation
 * session, change colour and status, hand over).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/review.h"
#include "core/plaque.h"
#include "core/presence.h"
#include "tui.h"

struct dline {
	char *s;
	int attr;
};

struct detail {
	const struct kind *k;
	unsigned char rid[RID_LEN];
	struct rec_list h;
	const struct record *cur;
	struct dline *lines;
	int n, cap, top;
	int width;		/* the columns the lines were wrapped to */
	unsigned gen;
	int field;		/* the field an item form or pick acts on */
	int asking;		/* a question waits for y (enum detail_ask) */
	int scanning;		/* a patrol: a scanner is typing a plaque */
	struct buf scan;	/* what it typed so far */
};

/* What a step of an ended patrol asks before it is done. */
enum detail_ask {
	ASK_NONE,
	ASK_END,		/* x again: move the end time to now? */
	ASK_TICK,		/* t after the end: tick a checkpoint anyway? */
};

/* A step of a flow: a key on the detail view of one kind. */
struct detail_action {
	int kind;		/* KIND_NONE: every kind */
	wint_t key;
	const char *label;	/* N_(), for the bottom bar */
	int (*run)(struct tui *, struct detail *);
	int writes;		/* refused while the record is in conflict */
};

/* Append a line to the view. */
static void
add_line(struct detail *d, int attr, char *s)
{
	if (d->n == d->cap)
		d->lines = xreallocarray(d->lines, (size_t)(d->cap = d->cap ?
		    d->cap * 2 : 64), sizeof *d->lines);
	d->lines[d->n].s = s;
	d->lines[d->n++].attr = attr;
}

/* The columns the view's lines are wrapped to. */
static int
view_width(const struct tui *t)
{
	return t->cols - 2 > 10 ? t->cols - 2 : 10;
}

/* Append s (taken), wrapped to the view's width over as many lines as it
 * needs; the lines after the first start with cont spaces. */
static void
add_wrapped(struct detail *d, int attr, char *s, int cont)
{
	char **first, **rest;
	const char *r;
	int n;

	if (utf8_width(s) <= d->width) {
		add_line(d, attr, s);
		return;
	}
	n = tui_wrap(s, d->width, &first);
	r = s + strlen(first[0]);
	if (*r == '\n')
		r++;
	add_line(d, attr, xstrdup(first[0]));
	tui_lines_free(first, n);
	if (*r != '\0') {
		n = tui_wrap(r, d->width - cont, &rest);
		for (int i = 0; i < n; i++)
			add_line(d, attr, xasprintf("%*s%s", cont, "", rest[i]));
		tui_lines_free(rest, n);
	}
	free(s);
}

/* Append "Label: value", a list's items on lines of their own; long
 * values wrap. */
static void
add_field(struct tui *t, struct detail *d, const struct field *f,
    const char *v, const char *indent)
{
	struct buf b = {0};

	tui_format(t, f, v, &b);
	if (f->type == FT_LIST && b.len > 0) {
		char *s = xstrdup(buf_str(&b)), *p = s, *nl;

		add_line(d, TA_LABEL, xasprintf("%s%s:", indent,
		    tui_field_label(t, f)));
		for (int i = 1; p != NULL; i++, p = nl ? nl + 1 : NULL) {
			if ((nl = strchr(p, '\n')) != NULL)
				*nl = '\0';
			add_wrapped(d, 0, xasprintf("%s  %d. %s", indent, i, p),
			    (int)strlen(indent) + 6);
		}
		free(s);
	} else
		add_wrapped(d, 0, xasprintf("%s%s: %s", indent,
		    tui_field_label(t, f), buf_str(&b)), (int)strlen(indent) + 2);
	buf_free(&b);
}

/* "time · author · version" of a version. */
static char *
version_line(struct tui *t, const struct record *r)
{
	char tb[20], vid[33], *who = store_account_name(t->st, r->author),
	    *s;
	char uid[2 * UID_LEN + 1];

	time_format((int64_t)(r->hlc >> 16) / 1000, tb);
	record_id_hex(r->vid, vid);
	hex_encode(uid, r->author, UID_LEN);
	s = xasprintf("%s  %s  %.8s%s%s", tb, who ? who : uid, vid,
	    r->head ? _("  [head]") : "", r->tomb ? _("  [deleted]") : "");
	free(who);
	return s;
}

/* The values in which the heads of a conflict differ, under each head. */
static void
add_conflict(struct tui *t, struct detail *d)
{
	char *s = xasprintf(_("In conflict: %d versions were made without "
	    "knowing each other. Press c to settle."), d->cur->nheads);

	add_line(d, TA_ERROR, s);
	for (size_t i = 0; i < d->h.n; i++) {
		const struct record *r = &d->h.rows[i];

		if (!r->head)
			continue;
		add_line(d, TA_LABEL, version_line(t, r));
		for (int f = 0; f < d->k->nfields; f++) {
			const char *a = r->val ? r->val[f] : NULL;
			const char *c = d->cur->val ? d->cur->val[f] : NULL;

			if ((a == NULL) != (c == NULL) || (a && strcmp(a, c)) ||
			    r == d->cur)
				if (a != NULL)
					add_field(t, d, &d->k->fields[f], a,
					    "    ");
		}
	}
	add_line(d, 0, xstrdup(""));
}

/* "[✓] name HH:MM" for a ticked point, "[ ] name" for one to go. */
static char *
point_label(const struct route_point *p)
{
	char tb[20];

	if (p->ticked == 0)
		return xasprintf("[ ] %s", p->name);
	time_format(p->ticked, tb);
	return xasprintf("[✓] %s %s", p->name, tb + 11);
}

/* A patrol's route as a checklist: its progress, then its points. */
static void
add_checklist(struct tui *t, struct detail *d)
{
	struct patrol_route r;
	struct xf_err err;

	if (patrol_route(t->st, d->cur->val, &r, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	if (r.nroute > 0) {
		add_line(d, r.ndone == r.nroute ? TA_OK : TA_LABEL,
		    xasprintf(_("Checklist: %zu of %zu points reached"),
		    r.ndone, r.nroute));
		for (size_t i = 0; i < r.nroute; i++) {
			char *l = point_label(&r.p[i]);

			add_wrapped(d, 0, xasprintf("  %s", l), 6);
			free(l);
		}
		add_line(d, 0, xstrdup(""));
	}
	patrol_route_free(&r);
}

/* The station's newest word on a report, under its fields: marked while
 * the device that wrote the report has not answered it. */
static void
add_review(struct tui *t, struct detail *d)
{
	struct review_set rs;
	const struct review *v;
	struct xf_err err;
	size_t n;

	if (!review_kind(d->k->id))
		return;
	if (review_load(t->st, &rs, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	if ((v = review_of(&rs, d->rid, &n)) != NULL)
		add_wrapped(d, review_open(&v[n - 1], &d->h) ? TA_WARN : 0,
		    review_text(&v[n - 1]), 2);
	review_set_free(&rs);
}

/* A patrol's ticks with their fixes and flags, flagged ones marked. */
static void
add_presence(struct tui *t, struct detail *d)
{
	struct rec_list cps;
	struct presence p;
	struct xf_err err;
	struct buf b = {0};
	const char *s, *nl;
	size_t i = 0;

	if (record_list(t->st, kind_by_id(KIND_CHECKPOINT), &cps, &err) != 0)
		memset(&cps, 0, sizeof cps);
	presence_of(d->cur->val, &cps, &p);
	presence_lines(&p, &t->ops, &b);
	for (s = buf_str(&b); (nl = strchr(s, '\n')) != NULL; s = nl + 1, i++)
		add_wrapped(d, i == 0 ? TA_LABEL : presence_flagged(&p, i - 1) ?
		    TA_WARN : 0, xstrndup(s, (size_t)(nl - s)), 4);
	buf_free(&b);
	presence_free(&p);
	rec_list_free(&cps);
}

/* Free the lines. */
static void
clear_lines(struct detail *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->lines[i].s);
	d->n = 0;
}

/* Load the record's history and lay out the lines. */
static int
detail_load(struct tui *t, struct detail *d)
{
	struct xf_err err;

	rec_list_free(&d->h);
	clear_lines(d);
	d->width = view_width(t);
	if (record_history(t->st, d->rid, &d->h, &err) != 0) {
		memset(&d->h, 0, sizeof d->h);
		d->cur = NULL;
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	d->cur = record_current(&d->h);
	d->gen = t->gen;
	if (d->cur->nheads > 1)
		add_conflict(t, d);
	if (d->k->id == KIND_PATROL) {
		tui_track_follow(t, d->rid, &d->h);
		if (d->cur->val != NULL)
			add_checklist(t, d);
	}
	for (int i = 0; i < d->k->nfields && d->cur->val; i++)
		if (d->cur->val[i] != NULL)
			add_field(t, d, &d->k->fields[i], d->cur->val[i], "");
	if (d->k->id == KIND_PATROL && d->cur->val != NULL)
		add_presence(t, d);
	add_review(t, d);
	add_line(d, 0, xstrdup(""));
	add_line(d, TA_LABEL, xasprintf(_("History: %zu versions (time, "
	    "author, version)"), d->h.n));
	for (size_t i = d->h.n; i-- > 0;) {
		char *v = version_line(t, &d->h.rows[i]);

		add_line(d, 0, xasprintf("  %s", v));
		free(v);
		if (d->h.rows[i].reason != NULL)
			add_line(d, 0, xasprintf(_("    Reason for the "
			    "change: %s"), d->h.rows[i].reason));
	}
	return 0;
}

static int act_edit(struct tui *, struct detail *);
static int act_settle(struct tui *, struct detail *);
static int act_tick(struct tui *, struct detail *);
static int act_observe(struct tui *, struct detail *);
static int act_end(struct tui *, struct detail *);
static int act_session(struct tui *, struct detail *);
static int act_colour(struct tui *, struct detail *);
static int act_status(struct tui *, struct detail *);
static int act_handover(struct tui *, struct detail *);
static int act_delete(struct tui *, struct detail *);
static int act_locate(struct tui *, struct detail *);
static int act_map(struct tui *, struct detail *);

static const struct detail_action actions[] = {
	{KIND_PATROL, L't', N_("t checkpoint"), act_tick, 1},
	{KIND_PATROL, L'o', N_("o observation"), act_observe, 1},
	{KIND_PATROL, L'x', N_("x end"), act_end, 1},
	{KIND_PATROL, L'm', N_("m map"), act_map, 0},
	{KIND_VILLAGE, L'm', N_("m map"), act_map, 0},
	{KIND_DISPUTE, L'm', N_("m mediation"), act_session, 1},
	{KIND_DISPUTE, L'r', N_("r colour"), act_colour, 1},
	{KIND_DISPUTE, L's', N_("s status"), act_status, 1},
	{KIND_DISPUTE, L'h', N_("h hand over"), act_handover, 1},
	{KIND_CHECKPOINT, L'p', N_("p record position here"), act_locate, 1},
	{KIND_NONE, L'e', N_("e edit"), act_edit, 1},
	{KIND_NONE, L'c', N_("c settle"), act_settle, 0},
	{KIND_NONE, L'D', NULL, act_delete, 1},	/* in the help only */
};

/* Draw the lines and a bottom bar of this kind's actions. */
static void
detail_draw(struct tui *t, struct screen *s)
{
	struct detail *d = s->data;
	int rows = tui_body_rows(t);
	struct buf b = {0};
	char *title;

	title = xasprintf("%s · %s", tui_kind_label(t, d->k), _("Details"));
	if (t->track.on && memcmp(t->track.rid, d->rid, RID_LEN) == 0) {
		char *gps = tui_gps_status(t), *both;

		both = xasprintf("%s · %s", title, gps);
		free(title);
		free(gps);
		title = both;
	}
	tui_title(t, title);
	free(title);
	if (d->cur != NULL && d->width != view_width(t))
		detail_load(t, d);	/* the window changed width */
	if (d->top > d->n - rows)
		d->top = d->n - rows > 0 ? d->n - rows : 0;
	for (int i = 0; i < rows && d->top + i < d->n; i++) {
		struct dline *l = &d->lines[d->top + i];

		attrset(l->attr ? tui_attr(t, l->attr) : 0);
		tui_put(t, 1 + i, 1, l->s, t->cols - 2);
		attrset(A_NORMAL);
	}
	for (size_t i = 0; i < XF_ARRAY_LEN(actions); i++)
		if (actions[i].label != NULL && (actions[i].kind == KIND_NONE ||
		    actions[i].kind == d->k->id))
			buf_addf(&b, "%s  ", _(actions[i].label));
	buf_adds(&b, _("? help  q back"));
	tui_bottom(t, buf_str(&b));
	buf_free(&b);
	if (d->asking == ASK_END)
		tui_ask_draw(t, _("This patrol has ended. Move its end time to "
		    "now? y = move it, any other key = keep it"));
	else if (d->asking == ASK_TICK)
		tui_ask_draw(t, _("This patrol has ended. Tick a checkpoint "
		    "anyway? y = tick, any other key = no"));
}

/* A quick change of a record that has left the store, waiting for the
 * reason it is made. */
struct pending {
	struct detail *d;
	char **vals;
};

/* The one field of the form that asks why. */
static const struct field reason_field = {.name = "reason",
    .type = FT_TEXT, .flags = F_REQUIRED, .label = N_("Reason for the change"),
    .zh = "修改原因", .max = RECORD_REASON_MAX};

/* The reason was given: write the change with it. */
static int
pending_saved(struct tui *t, void *arg, char **vals)
{
	struct pending *p = arg;

	if (tui_write_why(t, p->d->k, p->d->rid, p->vals, vals[0], NULL) != 0)
		return -1;
	detail_load(t, p->d);
	tui_message(t, 0, _("Saved."));
	return 0;
}

static void
pending_free(void *arg)
{
	struct pending *p = arg;

	tui_vals_free(p->d->k->nfields, p->vals);
	free(p);
}

/* Ask why, once the screen that made the change has closed. */
static void
reason_form(struct tui *t, void *arg)
{
	form_open(t, _("Reason for the change"), ((struct pending *)arg)->d->k,
	    &reason_field, 1, NULL, pending_saved, arg, pending_free);
}

/* Write vals (taken over) as the record's next version: 0 written, 1
 * asking why first (the record has left the store), -1 error. */
static int
write_or_ask(struct tui *t, struct detail *d, char **vals)
{
	struct pending *p;
	struct xf_err err;
	int rc = record_needs_reason(t->st, d->k, d->rid, &err);

	if (rc < 0)
		tui_message(t, 1, "%s", err.msg);
	if (rc > 0) {
		p = xcalloc(1, sizeof *p);
		p->d = d;
		p->vals = vals;
		tui_defer(t, reason_form, p);
		return 1;
	}
	if (rc == 0 && (rc = tui_write(t, d->k, d->rid, vals, NULL)) == 0)
		detail_load(t, d);
	tui_vals_free(d->k->nfields, vals);
	return rc;
}

/* Write the current values with field fi set to v: 0 written, 1 asking
 * why first, -1 error. */
static int
set_field(struct tui *t, struct detail *d, int fi, const char *v)
{
	char **vals = tui_vals_dup(d->k->nfields, d->cur->val);

	free(vals[fi]);
	vals[fi] = v && *v ? xstrdup(v) : NULL;
	return write_or_ask(t, d, vals);
}

/* Append an item to list field fi and write, with the choices the list
 * leads to moved on (a mediation session: mediating). */
static int
append_item(struct tui *t, struct detail *d, int fi, const char *item)
{
	const char *old = d->cur->val ? d->cur->val[fi] : NULL;
	char **vals = tui_vals_dup(d->k->nfields, d->cur->val);
	struct buf v = {0};
	int rc;

	if (old != NULL)
		field_list_join(&v, old);
	field_list_join(&v, item);
	free(vals[fi]);
	vals[fi] = xstrdup(buf_str(&v));
	tui_vals_follow(d->k, fi, vals, NULL);
	rc = tui_write(t, d->k, d->rid, vals, NULL);
	tui_vals_free(d->k->nfields, vals);
	buf_free(&v);
	if (rc == 0)
		detail_load(t, d);
	return rc;
}

/* The edit form was saved: a version on top of every head. */
static int
edit_saved(struct tui *t, void *arg, char **vals)
{
	struct detail *d = arg;

	if (tui_write(t, d->k, d->rid, vals, NULL) != 0)
		return -1;
	tui_message(t, 0, _("Saved."));
	return 0;
}

/* The edit form was saved with the reason for the change. */
static int
edit_saved_why(struct tui *t, void *arg, char **vals, const char *reason)
{
	struct detail *d = arg;

	if (tui_write_why(t, d->k, d->rid, vals, reason, NULL) != 0)
		return -1;
	tui_message(t, 0, _("Saved."));
	return 0;
}

/* An edit of a record that has left the store asks why, as it saves. */
static void
want_reason(struct tui *t, struct detail *d)
{
	struct xf_err err;
	int rc = record_needs_reason(t->st, d->k, d->rid, &err);

	if (rc < 0)
		tui_message(t, 1, "%s", err.msg);
	if (rc != 0)
		form_want_reason(t, edit_saved_why);
}

/* Edit the record in a form, kept as a draft as it is typed (resume: go
 * on with one kept before). */
static int
edit_form(struct tui *t, struct detail *d, struct draft *resume)
{
	char *title = xasprintf(_("Edit: %s"), tui_kind_label(t, d->k));

	form_open(t, title, d->k, d->k->fields, d->k->nfields, d->cur->val,
	    edit_saved, d, NULL);
	want_reason(t, d);
	form_attach_draft(t, d->k, d->rid, resume);
	free(title);
	return TUI_REDRAW;
}

static int
act_edit(struct tui *t, struct detail *d)
{
	return edit_form(t, d, NULL);
}

/* Open the settle form over the head chosen (d->field), once the pick
 * list has closed; saving resolves. */
static void
settle_form(struct tui *t, void *arg)
{
	struct detail *d = arg;
	const struct record *r = NULL;
	int i = d->field;

	for (size_t j = 0; j < d->h.n; j++)
		if (d->h.rows[j].head && i-- == 0)
			r = &d->h.rows[j];
	if (r != NULL) {
		form_open(t, _("Settle: keep or merge, then F2"), d->k,
		    d->k->fields, d->k->nfields, r->val, edit_saved, d, NULL);
		want_reason(t, d);
		form_attach_draft(t, d->k, d->rid, NULL);
	}
}

/* A head was picked to settle from. */
static void
settle_pick(struct tui *t, void *arg, size_t i)
{
	struct detail *d = arg;

	d->field = (int)i;
	tui_defer(t, settle_form, d);
}

/* Settle a conflict: pick the version to start from. */
static int
act_settle(struct tui *t, struct detail *d)
{
	char **labels = xcalloc(d->h.n + 1, sizeof *labels);
	size_t n = 0;

	if (d->cur->nheads < 2) {
		tui_message(t, 0, _("This record is not in conflict."));
		free(labels);
		return TUI_REDRAW;
	}
	for (size_t j = 0; j < d->h.n; j++)
		if (d->h.rows[j].head)
			labels[n++] = version_line(t, &d->h.rows[j]);
	pick_open(t, _("Start from which version?"), labels, n, settle_pick,
	    d, NULL);
	return TUI_REDRAW;
}

/* The item form of a list field was saved: append the item. */
static int
item_saved(struct tui *t, void *arg, char **vals)
{
	struct detail *d = arg;
	const struct field *f = &d->k->fields[d->field];
	struct buf b = {0};
	int rc;

	/* A patrol's new tick or observation is made where the device is. */
	if (d->k->id == KIND_PATROL && (d->field == PATROL_F_POINTS ||
	    d->field == PATROL_F_OBSERVATIONS)) {
		const char *fp[GEO_NPARTS];
		int at = d->field == PATROL_F_POINTS ? POINT_P_FIX :
		    OBSERVATION_P_FIX;

		tui_fix_parts(t, fp);
		for (int i = 0; i < GEO_NPARTS; i++) {
			free(vals[at + i]);
			vals[at + i] = fp[i] ? xstrdup(fp[i]) : NULL;
		}
	}
	field_list_append(&b, (const char *const *)vals, f->nitems);
	rc = append_item(t, d, d->field, buf_str(&b));
	buf_free(&b);
	if (rc == 0)
		tui_message(t, 0, _("Added."));
	return rc < 0 ? -1 : 0;
}

/* Open the item form of list field fi. */
static int
add_item_form(struct tui *t, struct detail *d, int fi)
{
	d->field = fi;
	form_item_open(t, d->k, &d->k->fields[d->field], NULL, -1, item_saved,
	    d);
	return TUI_REDRAW;
}

/* A checkpoint was picked: stamp it with the time now. */
static void
tick_done(struct tui *t, void *arg, const char *hex)
{
	struct detail *d = arg;
	char tb[20], *at;
	const char *parts[POINT_NPARTS] = {0};
	int64_t now = time_now();
	struct buf item = {0};

	if (*hex == '\0')
		return;
	at = xasprintf("%lld", (long long)now);
	parts[POINT_P_CHECKPOINT] = hex;
	parts[POINT_P_TIME] = at;
	parts[POINT_P_METHOD] = "manual";
	tui_fix_parts(t, &parts[POINT_P_FIX]);
	field_list_append(&item, parts, POINT_NPARTS);
	if (append_item(t, d, PATROL_F_POINTS,
	    buf_str(&item)) == 0) {
		time_format(now, tb);
		tui_message(t, 0, _("Checkpoint ticked at %s."), tb);
	}
	buf_free(&item);
	free(at);
}

/* Whether the patrol shown has an end time. */
static int
patrol_ended(const struct detail *d)
{
	return d->cur->val != NULL && d->cur->val[PATROL_F_END] != NULL;
}

/* The ids of the checkpoints offered to tick, by line. */
struct tick_pick {
	struct detail *d;
	char (*hex)[33];
};

/* A line of the tick pick was chosen. */
static void
tick_chosen(struct tui *t, void *arg, size_t i)
{
	struct tick_pick *tp = arg;

	tick_done(t, tp->d, tp->hex[i]);
}

/* Free the ids of the tick pick. */
static void
tick_pick_free(void *arg)
{
	struct tick_pick *tp = arg;

	free(tp->hex);
	free(tp);
}

/* Pick the checkpoint to tick: the patrol's route first, in its order,
 * ticks marked, the cursor on the next point to go. */
static int
tick_pick(struct tui *t, struct detail *d)
{
	struct patrol_route r;
	struct xf_err err;
	struct tick_pick *tp;
	char **labels;
	size_t sel = 0;
	int found = 0;

	if (patrol_route(t->st, d->cur->val, &r, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return TUI_REDRAW;
	}
	if (r.n == 0) {
		tui_message(t, 0, _("No checkpoint is registered yet."));
		patrol_route_free(&r);
		return TUI_REDRAW;
	}
	tp = xcalloc(1, sizeof *tp);
	tp->d = d;
	tp->hex = xcalloc(r.n, sizeof *tp->hex);
	labels = xcalloc(r.n + 1, sizeof *labels);
	for (size_t i = 0; i < r.n; i++) {
		memcpy(tp->hex[i], r.p[i].checkpoint, sizeof tp->hex[i]);
		labels[i] = point_label(&r.p[i]);
		if (!found && r.p[i].ticked == 0) {
			sel = i;
			found = 1;
		}
	}
	pick_open_at(t, tui_kind_label(t, kind_by_id(KIND_CHECKPOINT)),
	    labels, r.n, sel, tick_chosen, tp, tick_pick_free);
	patrol_route_free(&r);
	return TUI_REDRAW;
}

/* Tick a checkpoint as passed; after the end, only once asked. */
static int
act_tick(struct tui *t, struct detail *d)
{
	if (patrol_ended(d)) {
		d->asking = ASK_TICK;
		return TUI_REDRAW;
	}
	return tick_pick(t, d);
}

/* Add an observation. */
static int
act_observe(struct tui *t, struct detail *d)
{
	return add_item_form(t, d, PATROL_F_OBSERVATIONS);
}

/* Set the end time to now. */
static int
end_now(struct tui *t, struct detail *d)
{
	char *now = xasprintf("%lld", (long long)time_now());

	if (set_field(t, d, PATROL_F_END, now) == 0)
		tui_message(t, 0, _("Patrol ended."));
	free(now);
	return TUI_REDRAW;
}

/* End the patrol now; an ended one only once asked. */
static int
act_end(struct tui *t, struct detail *d)
{
	if (patrol_ended(d)) {
		d->asking = ASK_END;
		return TUI_REDRAW;
	}
	return end_now(t, d);
}

/* Record where the device is as the checkpoint's position (记录此处位置),
 * standing at it: only a current fix will do. */
static int
act_locate(struct tui *t, struct detail *d)
{
	struct geo_fix f;
	char **vals;

	tui_gps_fix(t, &f);
	if (f.state != GEO_FIX) {
		tui_message(t, 1, "%s", f.state == GEO_OFF ? _("No GPS: gpsd "
		    "is not running, so no position can be recorded.") :
		    _("GPS has no current fix: wait for one under open sky, "
		    "then press p again."));
		return TUI_REDRAW;
	}
	vals = tui_vals_dup(d->k->nfields, d->cur->val);
	free(vals[CHECKPOINT_F_LAT]);
	free(vals[CHECKPOINT_F_LON]);
	vals[CHECKPOINT_F_LAT] = xmalloc(16);
	vals[CHECKPOINT_F_LON] = xmalloc(16);
	geo_coord_format(f.lat, vals[CHECKPOINT_F_LAT]);
	geo_coord_format(f.lon, vals[CHECKPOINT_F_LON]);
	if (write_or_ask(t, d, vals) == 0)
		tui_message(t, 0, _("Position recorded: %s, %s (±%d m)."),
		    d->cur->val[CHECKPOINT_F_LAT], d->cur->val[CHECKPOINT_F_LON],
		    f.acc);
	return TUI_REDRAW;
}

/* The map of the patrol, or of the village. */
static int
act_map(struct tui *t, struct detail *d)
{
	char hex[33];

	record_id_hex(d->rid, hex);
	if (d->k->id == KIND_PATROL)
		map_open(t, NULL, d->rid);
	else
		map_open(t, hex, NULL);
	return TUI_REDRAW;
}

/* Add a mediation session. */
static int
act_session(struct tui *t, struct detail *d)
{
	return add_item_form(t, d, DISPUTE_F_SESSIONS);
}

/* A new code was picked for d->field. */
static void
code_done(struct tui *t, void *arg, size_t i)
{
	struct detail *d = arg;

	if (set_field(t, d, d->field, d->k->fields[d->field].choices[i].code)
	    == 0)
		tui_message(t, 0, _("Saved."));
}

/* Pick a new code for choice field fi. */
static int
pick_code(struct tui *t, struct detail *d, int fi)
{
	const struct field *f;
	char **labels;
	size_t n = 0;

	d->field = fi;
	f = &d->k->fields[d->field];
	while (f->choices[n].code)
		n++;
	labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = xstrdup(tui_choice_label(t, f, f->choices[i].code));
	pick_open(t, tui_field_label(t, f), labels, n, code_done, d, NULL);
	return TUI_REDRAW;
}

/* Change the risk colour. */
static int
act_colour(struct tui *t, struct detail *d)
{
	return pick_code(t, d, DISPUTE_F_COLOUR);
}

/* Change the status (resolved, failed...). */
static int
act_status(struct tui *t, struct detail *d)
{
	return pick_code(t, d, DISPUTE_F_STATUS);
}

/* The hand-over form was saved: status handed over, and to whom. */
static int
handover_saved(struct tui *t, void *arg, char **vals)
{
	struct detail *d = arg;
	char **all = tui_vals_dup(d->k->nfields, d->cur->val);
	int hi = DISPUTE_F_HANDED_TO, si = DISPUTE_F_STATUS, rc;

	free(all[hi]);
	all[hi] = vals[0] ? xstrdup(vals[0]) : NULL;
	free(all[si]);
	all[si] = xstrdup("handed_over");
	rc = write_or_ask(t, d, all);
	if (rc == 0)
		tui_message(t, 0, _("Handed over."));
	return rc < 0 ? -1 : 0;
}

/* Hand the dispute over: ask to whom (the table's field, required
 * here); a resolved dispute is not handed over. */
static int
act_handover(struct tui *t, struct detail *d)
{
	static struct field to;
	char *v = d->cur->val ? d->cur->val[DISPUTE_F_HANDED_TO] : NULL;
	const char *st = d->cur->val ? d->cur->val[DISPUTE_F_STATUS] : NULL;

	if (st != NULL && (strcmp(st, "resolved") == 0 ||
	    strcmp(st, "closed") == 0)) {
		tui_message(t, 1, _("This dispute's %s is %s: a resolved dispute "
		    "is not handed over. If it has flared up again, change its "
		    "status first with s."),
		    tui_field_label(t, &d->k->fields[DISPUTE_F_STATUS]),
		    tui_choice_label(t, &d->k->fields[DISPUTE_F_STATUS], st));
		return TUI_REDRAW;
	}
	to = d->k->fields[DISPUTE_F_HANDED_TO];
	to.flags |= F_REQUIRED;

	form_open(t, _("Hand over"), d->k, &to, 1, &v, handover_saved, d,
	    NULL);
	return TUI_REDRAW;
}

/* After a delete: close the detail view of the deleted record. */
static void
close_deleted(struct tui *t, void *arg)
{
	if (t->top != NULL && t->top->data == arg)
		tui_pop(t);
}

/* Add a tombstone on every head, in one transaction; the core refuses
 * a volunteer's tombstone on a record another account wrote. */
static int
write_tombstone(struct tui *t, struct detail *d, struct xf_err *err)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	int n = 0;

	for (size_t j = 0; j < d->h.n && n < MAX_PARENTS; j++)
		if (d->h.rows[j].head)
			memcpy(parents[n++], d->h.rows[j].vid, VID_LEN);
	if (store_begin(t->st, err) != 0)
		return -1;
	if (record_write(t->st, d->k, d->rid, (const unsigned char
	    (*)[VID_LEN])parents, n, NULL, 1, NULL, NULL, err) != 0) {
		store_rollback(t->st);
		return -1;
	}
	return store_commit(t->st, err);
}

/* The answer to "delete?": 1 deletes. */
static void
delete_pick(struct tui *t, void *arg, size_t i)
{
	struct detail *d = arg;
	struct xf_err err;

	if (i != 1)
		return;
	if (write_tombstone(t, d, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	t->gen++;
	tui_refs_reset(t);
	tui_message(t, 0, _("Deleted (its history is kept)."));
	tui_defer(t, close_deleted, d);
}

/* Delete the record, after asking. */
static int
act_delete(struct tui *t, struct detail *d)
{
	char **labels = xcalloc(3, sizeof *labels);

	labels[0] = xstrdup(_("Keep the record"));
	labels[1] = xstrdup(_("Delete it (its history is kept)"));
	pick_open(t, _("Delete this record?"), labels, 2, delete_pick, d,
	    NULL);
	return TUI_REDRAW;
}

/* A plaque's text came in from the scanner: tick its checkpoint. */
static int
scan_done(struct tui *t, struct detail *d)
{
	struct plaque_tick pt;
	struct geo_fix fix;
	struct xf_err err;
	const char *name, *msg;
	char hex[33], *track;
	int rc;

	d->scanning = 0;
	if (d->cur->nheads > 1) {
		tui_message(t, 1, _("This record is in conflict: settle it "
		    "first with c."));
		return TUI_REDRAW;
	}
	tui_gps_fix(t, &fix);
	track = tui_track_text(t, d->k, d->rid);
	rc = plaque_tick(t->st, d->rid, buf_str(&d->scan), time_now(), &fix,
	    track, &pt, &err);
	free(track);
	if (rc != 0) {
		tui_message(t, 1, "%s", err.msg);
		return TUI_REDRAW;
	}
	t->gen++;
	tui_refs_reset(t);
	detail_load(t, d);
	record_id_hex(pt.rid, hex);
	name = t->ops.name(t->ops.ctx, KIND_CHECKPOINT, hex);
	if ((msg = plaque_flag_message(pt.flag)) != NULL)
		tui_message(t, 1, _("Ticked %s, flagged: %s"),
		    name != NULL ? name : hex, msg);
	else if ((msg = gps_fix_message(&fix)) != NULL)
		tui_message(t, 1, _("Ticked %s (scanned); %s"),
		    name != NULL ? name : hex, msg);
	else
		tui_message(t, 0, _("Ticked %s (scanned)."),
		    name != NULL ? name : hex);
	return TUI_REDRAW;
}

/*
 * A keyboard-wedge scanner types a plaque's text and Enter: on a patrol,
 * an X starts taking the keys as such a text while they go on as
 * "XFP1:"; 1 when the key was taken.
 */
static int
scan_key(struct tui *t, struct detail *d, struct tui_key k, int *rc)
{
	static const char prefix[] = PLAQUE_PREFIX;
	size_t pl = sizeof prefix - 1;

	if (d->k->id != KIND_PATROL || d->cur == NULL)
		return 0;
	if (!d->scanning) {
		if (k.fn || k.code != L'X')
			return 0;
		d->scanning = 1;
		d->scan.len = 0;
		buf_addc(&d->scan, 'X');
		*rc = TUI_REDRAW;
		return 1;
	}
	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER)) {
		*rc = d->scan.len > pl ? scan_done(t, d) : TUI_REDRAW;
		d->scanning = 0;
		return 1;
	}
	if (k.fn || k.code < 0x21 || k.code > 0x7e || d->scan.len > 512 ||
	    (d->scan.len < pl && (int)k.code != prefix[d->scan.len])) {
		d->scanning = 0;
		return 0;
	}
	buf_addc(&d->scan, (unsigned char)k.code);
	*rc = TUI_REDRAW;
	return 1;
}

/* Keys: scrolling, then this kind's actions. */
static int
detail_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct detail *d = s->data;
	size_t top = (size_t)d->top;
	int rc;

	if (scan_key(t, d, k, &rc))
		return rc;

	if (d->asking != ASK_NONE) {
		int ask = d->asking;

		d->asking = ASK_NONE;
		if (!tui_is_yes(k) || d->cur == NULL)
			return TUI_REDRAW;
		return ask == ASK_END ? end_now(t, d) : tick_pick(t, d);
	}
	if (tui_nav(k, &top, (size_t)(d->n > 0 ? d->n : 1),
	    tui_body_rows(t))) {
		d->top = (int)top;
		return TUI_REDRAW;
	}
	if (k.fn || d->cur == NULL)
		return TUI_UNHANDLED;
	for (size_t i = 0; i < XF_ARRAY_LEN(actions); i++) {
		const struct detail_action *a = &actions[i];

		if (a->key != k.code || (a->kind != KIND_NONE &&
		    a->kind != d->k->id))
			continue;
		if (a->writes && d->cur->nheads > 1) {
			tui_message(t, 1, _("This record is in conflict: "
			    "settle it first with c."));
			return TUI_REDRAW;
		}
		return a->run(t, d);
	}
	return TUI_UNHANDLED;
}

/* Reload after a write made elsewhere (a form above this view). */
static void
detail_reveal(struct tui *t, struct screen *s)
{
	struct detail *d = s->data;

	d->asking = ASK_NONE;
	if (d->gen != t->gen)
		detail_load(t, d);
}

/* Free the view. */
static void
detail_free(struct screen *s)
{
	struct detail *d = s->data;

	clear_lines(d);
	free(d->lines);
	rec_list_free(&d->h);
	buf_free(&d->scan);
	free(d);
}

static const struct screen_ops detail_screen = {
	.name = "detail",
	.title = N_("Details"),
	.help = N_("One record: its fields, then every version with its time "
	    "and author.\n\n"
	    "e edits the record (a new version; the old ones are kept).\n"
	    "c settles a conflict: pick the version to start from, change "
	    "what\n  should be merged in, and save with F2.\n"
	    "Patrol: t ticks a checkpoint as passed (stamped with the time), "
	    "o adds\n  an observation, x ends the patrol; once it has ended, "
	    "x and t ask first.\n"
	    "  A plaque read by a scanner that types like a keyboard "
	    "ticks its\n  checkpoint (scan); a plaque that does not fit "
	    "is flagged.\n"
	    "  A patrol from a plan, or with a village, shows its route as a "
	    "checklist;\n  t offers the route first and starts on the next "
	    "point to go.\n"
	    "Dispute: m adds a mediation session, r changes the risk "
	    "colour,\n  s the status (resolved, failed...), h hands it "
	    "over.\n"
	    "D deletes the record, after asking (its history is kept; a\n"
	    "  volunteer account deletes only records it wrote itself).\n"
	    "Long values wrap over several lines. Up/Down, j/k, PgUp/PgDn "
	    "scroll;\nq or Esc goes back."),
	.keys = NULL,
	.draw = detail_draw,
	.key = detail_key,
	.reveal = detail_reveal,
	.free = detail_free,
};

/* Open the detail view of a record. */
void
detail_open(struct tui *t, const struct kind *k, const unsigned char *rid)
{
	struct detail *d = xcalloc(1, sizeof *d);

	d->k = k;
	memcpy(d->rid, rid, RID_LEN);
	if (detail_load(t, d) != 0) {
		free(d->lines);
		free(d);
		return;
	}
	tui_push(t, &detail_screen, d);
}

/* Go on with a kept draft of an edit: the record's detail view, and the
 * edit form over it with the draft's text. */
void
detail_edit_resume(struct tui *t, const struct kind *k,
    const unsigned char *rid, struct draft *dr)
{
	detail_open(t, k, rid);
	if (t->top == NULL || t->top->ops != &detail_screen) {
		tui_message(t, 1, _("The record this draft edits is no longer "
		    "here; the draft is kept."));
		return;
	}
	edit_form(t, t->top->data, dr);
}
