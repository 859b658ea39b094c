/*
 * The generic form: one row per field of a field table. Text, numbers,
 * times and dates are typed; choices and references are picked; list
 * fields open their items. Values are checked by the core on save.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "core/draft.h"

/* How often, at most, a form being typed is kept as a draft: at every
 * field change, on a pause in typing, and at least this often. */
#define DRAFT_KEEP_SECONDS 2

struct form {
	char *title;
	struct kind fk;		/* the kind, or its list item as a kind */
	const struct kind *k;
	struct tedit *ed;	/* typed fields */
	char **canon;		/* picked fields and lists */
	int n, sel, top, dirty, asking;
	int fresh;		/* a new record's or item's form */
	unsigned char *set;	/* the person changed field i */
	int err_field;
	char err[512];
	form_save save;
	void *arg;
	void (*arg_free)(void *);
	/* An edit of a record that has left the store says why: saving asks
	 * for the reason on the bottom line, and save_why stores it. */
	form_save_why save_why;
	struct tedit why;
	int reasoning;
	/* A record's form is kept as a draft while it is typed; an item form
	 * keeps its text in the draft of the record form it belongs to. */
	struct tui *t;
	struct draft *dr;
	int dr_pending, dr_done;
	int64_t dr_kept;
	struct form *pend_item;	/* an item form with text not yet kept */
	struct form *owner, *prev;
	int owner_field, owner_editing;
};

/* Whether a field is typed (as opposed to picked or a list). */
static int
typed(const struct field *f)
{
	return f->type == FT_TEXT || f->type == FT_INT || f->type == FT_TIME ||
	    f->type == FT_DATE;
}

/* Whether field i holds a value sealed to a key this account lacks: it
 * shows as restricted and is kept as it is, never typed over. */
static int
sealed(const struct form *fm, int i)
{
	return fm->canon[i] != NULL && fm->canon[i][0] == FIELD_SEALED;
}

/* Whether a field's name goes with a choice's code: the field of that
 * name, or one whose name starts with it and '_'. */
static int
goes_with(const char *name, const char *code)
{
	size_t n = strlen(code);

	return strncmp(name, code, n) == 0 && (name[n] == '\0' ||
	    name[n] == '_');
}

/* Whether each code of choice field c names a field of the form. */
static int
names_fields(const struct form *fm, const struct field *c)
{
	for (const struct choice *ch = c->choices; ch->code != NULL; ch++)
		if (kind_field_index(&fm->fk, ch->code) < 0)
			return 0;
	return 1;
}

/* Whether field i is left out: it goes with one code of a choice whose
 * codes name fields, and another code is chosen. A visit's target does
 * so: a household visit shows its household, a place visit its place
 * and place type. */
static int
hidden(const struct form *fm, int i)
{
	const char *name = fm->fk.fields[i].name;

	for (int j = 0; j < fm->n; j++) {
		const struct field *c = &fm->fk.fields[j];

		if (j == i || c->type != FT_CHOICE || fm->canon[j] == NULL ||
		    sealed(fm, j) || !names_fields(fm, c))
			continue;
		for (const struct choice *ch = c->choices; ch->code; ch++)
			if (goes_with(name, ch->code))
				return strcmp(ch->code, fm->canon[j]) != 0;
	}
	return 0;
}

/* The field shown after (dir 1) or before (dir -1) field i; i itself
 * at either end. */
static int
step(const struct form *fm, int i, int dir)
{
	for (int j = i + dir; j >= 0 && j < fm->n; j += dir)
		if (!hidden(fm, j))
			return j;
	return i;
}

/* Whether field i is edited by typing. */
static int
typed_at(const struct form *fm, int i)
{
	return typed(&fm->fk.fields[i]) && !sealed(fm, i);
}

/* The typed form of a canonical value (a time as local time). */
static void
form_fill(struct form *fm, int i, const char *v, int fresh)
{
	const struct field *f = &fm->fk.fields[i];
	char tb[20];

	if (typed(f) && v != NULL && v[0] == FIELD_SEALED)
		fm->canon[i] = xstrdup(v);
	else if (typed(f)) {
		if (f->type == FT_TIME && v != NULL && *v) {
			time_format((int64_t)strtoll(v, NULL, 10), tb);
			v = tb;
		} else if (f->type == FT_TIME && fresh && (f->flags & F_NOW)) {
			time_format(time_now(), tb);
			v = tb;
		}
		tedit_set(&fm->ed[i], v);
	} else if (v != NULL && *v)
		fm->canon[i] = xstrdup(v);
	else if (fresh && f->type == FT_CHOICE && f->def != NULL)
		fm->canon[i] = xstrdup(f->def);
}

/* What field i holds as the person sees it: typed text, or the picked
 * canonical value (copied). */
static char *
field_now(const struct form *fm, int i)
{
	if (typed_at(fm, i)) {
		const char *s = tedit_str(&fm->ed[i]);

		return *s ? xstrdup(s) : NULL;
	}
	return fm->canon[i] ? xstrdup(fm->canon[i]) : NULL;
}

/* Put typed text (as a draft kept it) back into field i. */
static void
field_restore(struct form *fm, int i, const char *v)
{
	if (typed_at(fm, i))
		tedit_set(&fm->ed[i], v ? v : "");
	else {
		free(fm->canon[i]);
		fm->canon[i] = v ? xstrdup(v) : NULL;
	}
}

/* Copy n fields of a form into a new array. */
static char **
fields_now(const struct form *fm)
{
	char **v = xcalloc((size_t)fm->n + 1, sizeof *v);

	for (int i = 0; i < fm->n; i++)
		v[i] = field_now(fm, i);
	return v;
}

/* Free an array of n strings. */
static void
strs_free(char **v, int n)
{
	for (int i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

/* The record form whose draft a form's text goes into, if any. */
static struct form *
draft_root(struct form *fm)
{
	return fm->dr != NULL ? fm : fm->owner;
}

/* Keep the draft of root now, with the open item form's text if item. */
static void
draft_keep_now(struct tui *t, struct form *root, struct form *item)
{
	struct xf_err err;

	if (root == NULL || root->dr == NULL || root->dr_done)
		return;
	strs_free(root->dr->vals, root->dr->n);
	root->dr->n = root->n;
	root->dr->vals = fields_now(root);
	if (item != NULL) {
		strs_free(root->dr->item, root->dr->nitem);
		root->dr->item_field = item->owner_field;
		root->dr->item_editing = item->owner_editing;
		root->dr->nitem = item->n;
		root->dr->item = fields_now(item);
	}
	if (draft_save(t->st, root->dr, &err) != 0)
		tui_message(t, 1, _("The draft could not be kept: %s"),
		    err.msg);
	root->dr_pending = 0;
	root->dr_kept = time_now();
}

/* A form changed: keep its draft now (now: a field was left, a pick
 * made) or soon (a character typed). */
static void
draft_touch(struct tui *t, struct form *fm, int now)
{
	struct form *root = draft_root(fm);

	if (root == NULL)
		return;
	if (now || time_now() - root->dr_kept >= DRAFT_KEEP_SECONDS)
		draft_keep_now(t, root, fm != root ? fm : NULL);
	else {
		root->dr_pending = 1;
		root->pend_item = fm != root ? fm : NULL;
	}
}

/* On a pause in typing: keep what the draft is waiting for. */
void
form_drafts_flush(struct tui *t)
{
	struct form *root = t->draft_form;

	if (root != NULL && root->dr_pending)
		draft_keep_now(t, root, root->pend_item);
}

/* Columns for the labels. */
static int
label_width(struct tui *t, struct form *fm)
{
	int w = 8;

	for (int i = 0; i < fm->n; i++) {
		int lw = utf8_width(tui_field_label(t, &fm->fk.fields[i])) + 2;

		if (lw > w)
			w = lw;
	}
	return w > t->cols / 3 ? t->cols / 3 : w;
}

/* The shown value of a picked field or a list (first item and count). */
static char *
shown_value(struct tui *t, const struct field *f, const char *v)
{
	struct buf b = {0};
	char *s, *nl;
	int n;

	if (v == NULL || *v == '\0')
		return xstrdup(f->type == FT_LIST ? _("(none yet; Enter adds)")
		    : f->type == FT_CHOICE || f->type == FT_REF ?
		    _("(Enter to choose)") : "");
	tui_format(t, f, v, &b);
	buf_str(&b);
	if ((nl = strchr((char *)b.data, '\n')) != NULL)
		*nl = '\0';
	if (f->type == FT_LIST && (n = field_list_count(v)) > 1)
		s = xasprintf(_("[%d items] %s …"), n, (char *)b.data);
	else
		s = xstrdup((char *)b.data);
	buf_free(&b);
	return s;
}

/* Draw one field's row. */
static void
draw_field(struct tui *t, struct form *fm, int i, int y, int lw)
{
	const struct field *f = &fm->fk.fields[i];
	int x = lw + 3, w = t->cols - x - 1;
	char *s;

	attrset(i == fm->err_field ? tui_attr(t, TA_ERROR) :
	    tui_attr(t, TA_LABEL));
	tui_put(t, y, 0, (f->flags & F_REQUIRED) ? "*" : " ", 1);
	tui_put_fit(t, y, 1, tui_field_label(t, f), lw);
	attrset(A_NORMAL);
	if (typed_at(fm, i)) {
		attrset(i == fm->sel ? A_UNDERLINE : 0);
		tedit_draw(t, &fm->ed[i], y, x, w, i == fm->sel);
		attrset(A_NORMAL);
		return;
	}
	s = shown_value(t, f, fm->canon[i]);
	attrset(i == fm->sel ? tui_attr(t, TA_SELECT) : 0);
	tui_put_fit(t, y, x, s, w);
	attrset(A_NORMAL);
	free(s);
}

/* The reason prompt on the line above the bottom bar. */
static void
reason_draw(struct tui *t, struct form *fm)
{
	const char *label = _("Reason for the change: ");
	int x;

	attrset(tui_attr(t, TA_WARN) | A_REVERSE);
	tui_put_fit(t, t->rows - 2, 0, "", t->cols);
	x = tui_put(t, t->rows - 2, 0, label, t->cols);
	attrset(A_NORMAL);
	tedit_draw(t, &fm->why, t->rows - 2, x, t->cols - x, 1);
}

/* Draw the rows, the inline error and the question, if any. */
static void
form_draw(struct tui *t, struct screen *s)
{
	struct form *fm = s->data;
	int lw = label_width(t, fm), rows = tui_body_rows(t) - 3, y = 2;
	int at = 0, v = 0;

	tui_title(t, fm->title);
	tui_put(t, 1, 0, _("* required   F2 or Ctrl-S saves   Enter picks "
	    "or opens a list"), t->cols);
	if (rows < 1)
		rows = 1;
	if (hidden(fm, fm->sel))
		fm->sel = step(fm, fm->sel, step(fm, fm->sel, 1) != fm->sel ?
		    1 : -1);
	for (int i = 0; i < fm->sel; i++)
		at += !hidden(fm, i);
	if (at < fm->top)
		fm->top = at;
	if (at >= fm->top + rows)
		fm->top = at - rows + 1;
	for (int i = 0; i < fm->n; i++) {
		if (hidden(fm, i))
			continue;
		if (v >= fm->top && v < fm->top + rows)
			draw_field(t, fm, i, y++, lw);
		v++;
	}
	if (fm->err[0] != '\0') {
		char **lines;
		int nl = tui_wrap(fm->err, t->cols - 2, &lines);

		attrset(tui_attr(t, TA_ERROR));
		for (int j = 0; j < nl && y + 1 + j < t->rows - 2; j++)
			tui_put(t, y + 1 + j, 1, lines[j], t->cols - 2);
		attrset(A_NORMAL);
		tui_lines_free(lines, nl);
	}
	if (fm->asking) {
		attrset(tui_attr(t, TA_WARN) | A_REVERSE);
		tui_put_fit(t, t->rows - 2, 0, _("Throw away what you typed? "
		    "y = throw away, any other key = keep editing"), t->cols);
		attrset(A_NORMAL);
		t->cy = -1;
	}
	if (fm->reasoning)
		reason_draw(t, fm);
}

/* Canonical values of every field, checked; -1 with the error shown. */
static char **
form_values(struct tui *t, struct form *fm)
{
	char **vals = xcalloc((size_t)fm->n, sizeof *vals);
	struct xf_err err;

	fm->err[0] = '\0';
	fm->err_field = -1;
	for (int i = 0; i < fm->n; i++) {
		const struct field *f = &fm->fk.fields[i];
		struct buf out = {0};

		if (hidden(fm, i))
			continue;
		if (!typed_at(fm, i)) {
			vals[i] = fm->canon[i] ? xstrdup(fm->canon[i]) : NULL;
			continue;
		}
		if (field_parse(&fm->fk, f, tedit_str(&fm->ed[i]), time_now(),
		    &t->ops, &out, &err) != 0) {
			snprintf(fm->err, sizeof fm->err, "%s", err.msg);
			fm->err_field = fm->sel = i;
			buf_free(&out);
			tui_vals_free(fm->n, vals);
			return NULL;
		}
		vals[i] = out.len ? xstrdup(buf_str(&out)) : NULL;
		buf_free(&out);
	}
	if (field_check_order(&fm->fk, vals, &err) != 0) {
		int si = 0, ei = 0;
		char sb[20], eb[20];

		field_order_pair(&fm->fk, &si, &ei);
		time_format(strtoll(vals[si], NULL, 10), sb);
		time_format(strtoll(vals[ei], NULL, 10), eb);
		snprintf(fm->err, sizeof fm->err, _("%s %s is before %s %s: "
		    "give an end after the start."),
		    tui_field_label(t, &fm->fk.fields[ei]), eb,
		    tui_field_label(t, &fm->fk.fields[si]), sb);
		fm->err_field = fm->sel = ei;
		tui_vals_free(fm->n, vals);
		return NULL;
	}
	if (field_check_required(&fm->fk, vals, &err) != 0) {
		snprintf(fm->err, sizeof fm->err, "%s", err.msg);
		for (int i = 0; i < fm->n; i++)
			if ((fm->fk.fields[i].flags & F_REQUIRED) && !vals[i])
				fm->err_field = fm->sel = i;
		tui_vals_free(fm->n, vals);
		return NULL;
	}
	return vals;
}

/* Check and hand the values to the save callback. */
static int
form_submit(struct tui *t, struct form *fm)
{
	char **vals = form_values(t, fm);
	int rc;

	if (vals == NULL) {
		tui_message(t, 1, _("Not saved: see the message under the "
		    "fields."));
		return TUI_REDRAW;
	}
	if (fm->save_why != NULL && !fm->reasoning) {
		tui_vals_free(fm->n, vals);
		fm->reasoning = 1;
		snprintf(fm->err, sizeof fm->err, "%s", _("This record has "
		    "been exported: say why it is changed, then Enter (Esc "
		    "goes back to the form)."));
		return TUI_REDRAW;
	}
	rc = fm->save_why != NULL ? fm->save_why(t, fm->arg, vals,
	    tedit_str(&fm->why)) : fm->save(t, fm->arg, vals);
	tui_vals_free(fm->n, vals);
	if (rc != 0) {
		fm->reasoning = 0;
		snprintf(fm->err, sizeof fm->err, "%s", t->msg);
		return TUI_REDRAW;
	}
	fm->dr_done = 1;
	return TUI_CLOSE;
}

/* Keys of the reason prompt: Enter saves with a reason (an empty one is
 * refused), Esc goes back to the form. */
static int
reason_key(struct tui *t, struct form *fm, struct tui_key k)
{
	if (!k.fn && k.code == 27) {
		fm->reasoning = 0;
		fm->err[0] = '\0';
		return TUI_REDRAW;
	}
	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER) || (k.fn && k.code == KEY_F(2))) {
		if (tedit_str(&fm->why)[strspn(tedit_str(&fm->why), " ")] ==
		    '\0') {
			snprintf(fm->err, sizeof fm->err, "%s", _("Not saved: "
			    "an edit of an exported record needs a reason."));
			return TUI_REDRAW;
		}
		return form_submit(t, fm);
	}
	tedit_key(&fm->why, k);
	return TUI_REDRAW;
}

/* A choice was picked for the selected field. */
static void
choice_done(struct tui *t, void *arg, size_t i)
{
	struct form *fm = arg;
	const struct field *f = &fm->fk.fields[fm->sel];

	free(fm->canon[fm->sel]);
	fm->canon[fm->sel] = xstrdup(f->choices[i].code);
	fm->dirty = fm->set[fm->sel] = 1;
	draft_touch(t, fm, 1);
}

/* Whether field g of a picked record can fill field f of the form: both
 * hold the same list of choices, or references to the same kind. */
static int
fills(const struct field *g, const struct field *f)
{
	if (g->type != f->type)
		return 0;
	if (f->type == FT_CHOICE)
		return g->choices == f->choices;
	return f->type == FT_REF && g->ref_kind == f->ref_kind;
}

/* A record was picked for field fi: fill the fields of the form that
 * hold what the record holds (a place's type and village on a visit),
 * unless the person set them or, on an edit, they hold a value. */
static void
fill_from_pick(struct tui *t, struct form *fm, int fi, const char *hex)
{
	const struct kind *rk = kind_by_id(fm->fk.fields[fi].ref_kind);
	unsigned char rid[RID_LEN];
	const struct record *r;
	struct rec_list h;
	struct xf_err err;

	if (rk == NULL || hex_decode(rid, sizeof rid, hex) != 0 ||
	    record_history(t->st, rid, &h, &err) != 0)
		return;
	r = h.n > 0 ? record_current(&h) : NULL;
	for (int i = 0; r != NULL && r->val != NULL && i < fm->n; i++) {
		if (i == fi || fm->set[i] || sealed(fm, i) || typed_at(fm, i) ||
		    (!fm->fresh && fm->canon[i] != NULL))
			continue;
		for (int j = 0; j < rk->nfields; j++) {
			const char *v = r->val[j];

			if (v != NULL && v[0] != FIELD_SEALED &&
			    fills(&rk->fields[j], &fm->fk.fields[i])) {
				free(fm->canon[i]);
				fm->canon[i] = xstrdup(v);
				break;
			}
		}
	}
	rec_list_free(&h);
}

/* A record was picked for the selected reference field. */
static void
ref_done(struct tui *t, void *arg, const char *hex)
{
	struct form *fm = arg;

	free(fm->canon[fm->sel]);
	fm->canon[fm->sel] = *hex ? xstrdup(hex) : NULL;
	fm->dirty = fm->set[fm->sel] = 1;
	if (*hex)
		fill_from_pick(t, fm, fm->sel, hex);
	draft_touch(t, fm, 1);
}

/* Open the pick list of a choice field. */
static void
pick_choice(struct tui *t, struct form *fm, const struct field *f)
{
	size_t n = 0;
	char **labels;

	while (f->choices[n].code != NULL)
		n++;
	labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = xstrdup(tui_choice_label(t, f, f->choices[i].code));
	pick_open(t, tui_field_label(t, f), labels, n, choice_done, fm, NULL);
}

/* Step a choice to the next or previous code. */
static void
cycle_choice(struct form *fm, const struct field *f, int dir)
{
	int n = 0, at = -1;

	while (f->choices[n].code != NULL) {
		if (fm->canon[fm->sel] &&
		    strcmp(fm->canon[fm->sel], f->choices[n].code) == 0)
			at = n;
		n++;
	}
	at = at < 0 ? 0 : (at + dir + n) % n;
	free(fm->canon[fm->sel]);
	fm->canon[fm->sel] = xstrdup(f->choices[at].code);
	fm->dirty = fm->set[fm->sel] = 1;
}

/* Enter: pick, open the items, or go to the next field. */
static int
form_enter(struct tui *t, struct form *fm)
{
	const struct field *f = &fm->fk.fields[fm->sel];

	if (f->type == FT_CHOICE)
		pick_choice(t, fm, f);
	else if (f->type == FT_REF && f->ref_kind != KIND_NONE)
		pick_ref_open(t, kind_by_id(f->ref_kind),
		    !(f->flags & F_REQUIRED), ref_done, fm);
	else if (f->type == FT_LIST) {
		fm->dirty = 1;
		items_open(t, fm->k, f, &fm->canon[fm->sel]);
	} else
		fm->sel = step(fm, fm->sel, 1);
	return TUI_REDRAW;
}

/* Keys on a picked field: space and arrows step, Delete clears. */
static int
picked_key(struct form *fm, const struct field *f, struct tui_key k)
{
	if (f->type == FT_CHOICE && ((!k.fn && k.code == L' ') ||
	    (k.fn && (k.code == KEY_RIGHT || k.code == KEY_LEFT)))) {
		cycle_choice(fm, f, k.fn && k.code == KEY_LEFT ? -1 : 1);
		return TUI_REDRAW;
	}
	if (f->type != FT_LIST && ((k.fn && (k.code == KEY_DC ||
	    k.code == KEY_BACKSPACE)) || (!k.fn && (k.code == 127 ||
	    k.code == 8)))) {
		free(fm->canon[fm->sel]);
		fm->canon[fm->sel] = NULL;
		fm->dirty = 1;
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* A key that would change a restricted field: say why it cannot. */
static int
sealed_key(struct tui *t, const struct field *f, struct tui_key k)
{
	int del = (k.fn && (k.code == KEY_DC || k.code == KEY_BACKSPACE)) ||
	    (!k.fn && (k.code == 127 || k.code == 8));

	if (!del && (k.fn || !typed(f)))
		return TUI_UNHANDLED;
	tui_message(t, 1, _("This field is restricted: this account cannot "
	    "read it, so it cannot change or clear it."));
	return TUI_REDRAW;
}

/* Keys of the form. */
static int
form_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct form *fm = s->data;
	const struct field *f = &fm->fk.fields[fm->sel];

	if (fm->asking) {
		fm->asking = 0;
		if (k.fn || (k.code != L'y' && k.code != L'Y'))
			return TUI_REDRAW;
		fm->dr_done = 1;
		return TUI_CLOSE;
	}
	if (fm->reasoning)
		return reason_key(t, fm, k);
	if ((k.fn && k.code == KEY_F(2)) || (!k.fn && k.code == 19))
		return form_submit(t, fm);
	if (!k.fn && k.code == 27) {
		if (!fm->dirty)
			return TUI_CLOSE;
		fm->asking = 1;
		return TUI_REDRAW;
	}
	if ((k.fn && (k.code == KEY_DOWN || k.code == KEY_UP ||
	    k.code == KEY_BTAB)) || (!k.fn && k.code == '\t')) {
		int up = k.fn && k.code != KEY_DOWN;

		fm->sel = step(fm, fm->sel, up ? -1 : 1);
		if (fm->dirty)
			draft_touch(t, fm, 1);
		return TUI_REDRAW;
	}
	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER))
		return form_enter(t, fm);
	if (sealed(fm, fm->sel) && !k.fn && k.code == L'?') {
		tui_message(t, 0, "%s", tui_restricted_why());
		return TUI_REDRAW;
	}
	if (sealed(fm, fm->sel))
		return sealed_key(t, f, k);
	if (typed(f) && tedit_key(&fm->ed[fm->sel], k)) {
		fm->dirty = fm->set[fm->sel] = 1;
		draft_touch(t, fm, 0);
		return TUI_REDRAW;
	}
	if (!typed(f)) {
		int r = picked_key(fm, f, k);

		if (r != TUI_UNHANDLED) {
			fm->set[fm->sel] = 1;
			draft_touch(t, fm, 1);
		}
		return r;
	}
	return TUI_UNHANDLED;
}

/*
 * The form goes: its draft goes too if it was saved or thrown away on
 * purpose; any other way out (q, F10, a lock and quit, the terminal
 * gone) keeps what was typed, for the next unlock. An item form hands
 * its part back to the record form's draft.
 */
static void
form_draft_end(struct form *fm)
{
	struct tui *t = fm->t;
	struct xf_err err;

	if (fm->owner != NULL && fm->owner->dr != NULL && t->quit) {
		/* The program ends with the item form open: its text stays in
		 * the record form's draft. */
		if (fm->dirty && !fm->dr_done)
			draft_keep_now(t, fm->owner, fm);
	} else if (fm->owner != NULL && fm->owner->dr != NULL) {
		struct draft *d = fm->owner->dr;

		strs_free(d->item, d->nitem);
		d->item = NULL;
		d->item_field = d->item_editing = d->nitem = -1;
		if (fm->owner->pend_item == fm)
			fm->owner->pend_item = NULL;
		if (fm->dirty || fm->owner->dirty)
			draft_keep_now(t, fm->owner, NULL);
	}
	if (fm->dr == NULL)
		return;
	if (fm->dr_done)
		draft_drop(t->st, fm->dr->id, &err);
	else if (fm->dirty) {
		draft_keep_now(t, fm, NULL);
		if (!t->quit)
			tui_message(t, 0, _("What you typed is kept as a draft: "
			    "it is offered again at the next unlock."));
	}
	t->draft_form = fm->prev;
	draft_clear(fm->dr);
	free(fm->dr);
}

/* A screen above the form closed (a pick, the items): move on the
 * choices its lists lead to (a mediation session: mediating), and keep
 * the draft. */
static void
form_reveal(struct tui *t, struct screen *s)
{
	struct form *fm = s->data;

	for (int i = 0; fm->fk.fields == fm->k->fields && i < fm->n; i++)
		if (fm->fk.fields[i].type == FT_LIST)
			tui_vals_follow(fm->k, i, fm->canon, fm->set);
	if (fm->dirty)
		draft_touch(t, fm, 1);
}

/* Free the form's values. */
static void
form_free(struct screen *s)
{
	struct form *fm = s->data;

	form_draft_end(fm);
	for (int i = 0; i < fm->n; i++)
		tedit_free(&fm->ed[i]);
	tedit_free(&fm->why);
	free(fm->ed);
	free(fm->set);
	tui_vals_free(fm->n, fm->canon);
	if (fm->arg_free != NULL)
		fm->arg_free(fm->arg);
	free(fm->title);
	free(fm);
}

static const struct screen_ops form_screen = {
	.name = "form",
	.title = N_("Form"),
	.help = N_("Fill in the fields; those marked * are required.\n\n"
	    "Up/Down or Tab move between fields. Text moves and deletes by "
	    "character:\nLeft/Right, Home/End, Backspace, Delete, Ctrl-U.\n"
	    "Times take 2026-05-01 14:30, now, -30m / -2h / -1d, or 20:30\n"
	    "with yesterday, today, tonight or tomorrow before it; a bare "
	    "time\nmore than two hours ahead of now is yesterday's.\n"
	    "Enter on a choice or a reference opens a list to pick from "
	    "(type to narrow);\nSpace or Left/Right steps through a "
	    "choice; Delete clears it.\n"
	    "Enter on a list field (team, points, sessions) opens its "
	    "items.\n"
	    "F2 or Ctrl-S saves. Esc asks before throwing away what you "
	    "typed."),
	.keys = N_("F2 save  Tab/Up/Down field  Enter pick  Esc cancel  "
	    "F1 help"),
	.draw = form_draw,
	.key = form_key,
	.free = form_free,
	.reveal = form_reveal,
};

/* Open a form over a field table with canonical starting values. */
void
form_open(struct tui *t, const char *title, const struct kind *k,
    const struct field *fields, int nfields, char *const *vals,
    form_save save, void *arg, void (*arg_free)(void *))
{
	struct form *fm = xcalloc(1, sizeof *fm);

	fm->title = xstrdup(title);
	fm->k = k;
	fm->fk = *k;
	fm->fk.fields = fields;
	fm->fk.nfields = nfields;
	fm->n = nfields;
	fm->ed = xcalloc((size_t)nfields, sizeof *fm->ed);
	fm->canon = xcalloc((size_t)nfields, sizeof *fm->canon);
	fm->set = xcalloc((size_t)nfields, 1);
	fm->fresh = vals == NULL;
	fm->err_field = -1;
	for (int i = 0; i < nfields; i++)
		form_fill(fm, i, vals ? vals[i] : NULL, vals == NULL);
	fm->save = save;
	fm->arg = arg;
	fm->arg_free = arg_free;
	fm->t = t;
	tui_push(t, &form_screen, fm);
}

/* Saving the form just opened (the top screen) first asks why the record
 * is changed; save then stores the values with the reason. */
void
form_want_reason(struct tui *t, form_save_why save)
{
	if (t->top != NULL && t->top->ops == &form_screen)
		((struct form *)t->top->data)->save_why = save;
}

/*
 * Keep the form just opened (the top screen) as a draft of a record of
 * kind k (rid: an edit of that record); with resume, put a kept draft's
 * text back into it, and its open item form over it.
 */
void
form_attach_draft(struct tui *t, const struct kind *k, const unsigned char *rid,
    struct draft *resume)
{
	struct form *fm;

	if (t->top == NULL || t->top->ops != &form_screen)
		return;
	fm = t->top->data;
	fm->dr = xcalloc(1, sizeof *fm->dr);
	if (resume != NULL) {
		*fm->dr = *resume;
		memset(resume, 0, sizeof *resume);
	} else {
		fm->dr->item_field = fm->dr->item_editing = fm->dr->nitem = -1;
		fm->dr->kind = k->id;
		fm->dr->has_rid = rid != NULL;
		if (rid != NULL)
			memcpy(fm->dr->rid, rid, RID_LEN);
	}
	fm->prev = t->draft_form;
	t->draft_form = fm;
	fm->dr_kept = time_now();
	if (resume == NULL)
		return;
	for (int i = 0; i < fm->n && i < fm->dr->n; i++)
		field_restore(fm, i, fm->dr->vals[i]);
	fm->dirty = 1;
	if (fm->dr->item_field >= 0 && fm->dr->item_field < fm->n &&
	    fm->fk.fields[fm->dr->item_field].type == FT_LIST) {
		int fi = fm->dr->item_field;

		fm->sel = fi;
		items_resume(t, fm->k, &fm->fk.fields[fi], &fm->canon[fi],
		    fm->dr->item_editing);
		if (t->top != NULL && t->top->ops == &form_screen) {
			struct form *it = t->top->data;

			for (int i = 0; i < it->n && i < fm->dr->nitem; i++)
				field_restore(it, i, fm->dr->item[i]);
			it->dirty = 1;
		}
	}
}

struct new_rec {
	const struct kind *k;
	unsigned char rid[RID_LEN];
};

/* After a new record is saved: show it. */
static void
show_new(struct tui *t, void *arg)
{
	struct new_rec *nr = arg;

	detail_open(t, nr->k, nr->rid);
	free(nr);
}

/* Say that a volunteer's new record was saved and, when its kind has
 * restricted fields (a dispute's parties), that they are sealed for the
 * officer: the account cannot read them back. */
static void
saved_message(struct tui *t, const struct kind *k)
{
	struct buf b = {0};
	int n = 0;

	for (int i = 0; tui_volunteer(t) && i < k->nfields; i++)
		if ((k->fields[i].flags & F_RESTRICTED) && n++ < 2)
			buf_addf(&b, "%s%s", b.len ? _(", ") : "",
			    tui_field_label(t, &k->fields[i]));
	if (n > 2) {
		b.len = 0;
		buf_adds(&b, _("Its restricted fields"));
	}
	if (b.len > 0)
		tui_message(t, 0, _("Saved. %s: sealed for the officer, only "
		    "officers can read it; nor can this account now."),
		    buf_str(&b));
	else
		tui_message(t, 0, _("Saved."));
	buf_free(&b);
}

/* Save a new record, then show it once the form closed. */
static int
save_new(struct tui *t, void *arg, char **vals)
{
	struct new_rec *nr = arg, *copy;

	if (tui_write(t, nr->k, NULL, vals, nr->rid) != 0)
		return -1;
	copy = xmalloc(sizeof *copy);
	*copy = *nr;
	tui_defer(t, show_new, copy);
	saved_message(t, nr->k);
	return 0;
}

struct pick_new {
	const struct kind *k;
	pick_ref_done done;
	void *arg;
	unsigned char rid[RID_LEN];
};

/* After a record made from a pick list is saved: hand its id on. */
static void
picked_new(struct tui *t, void *arg)
{
	struct pick_new *pn = arg;
	char hex[33];

	record_id_hex(pn->rid, hex);
	pn->done(t, pn->arg, hex);
	free(pn);
}

/* Save a record made from a pick list; it is chosen once the form has
 * closed. */
static int
save_pick(struct tui *t, void *arg, char **vals)
{
	struct pick_new *pn = arg, *copy;

	if (tui_write(t, pn->k, NULL, vals, pn->rid) != 0)
		return -1;
	copy = xmalloc(sizeof *copy);
	*copy = *pn;
	tui_defer(t, picked_new, copy);
	tui_message(t, 0, _("Saved, and chosen in the form."));
	return 0;
}

/* The form of a new record of a kind, opened from a pick list. */
void
form_new_pick(struct tui *t, const struct kind *k, pick_ref_done done,
    void *arg)
{
	struct pick_new *pn = xcalloc(1, sizeof *pn);
	char *title = xasprintf(_("New: %s"), tui_kind_label(t, k));

	pn->k = k;
	pn->done = done;
	pn->arg = arg;
	form_open(t, title, k, k->fields, k->nfields, NULL, save_pick, pn,
	    free);
	form_attach_draft(t, k, NULL, NULL);
	free(title);
}

/* The form of a new record of a kind. */
void
form_new_record(struct tui *t, const struct kind *k)
{
	form_new_record_resume(t, k, NULL);
}

/* Go on with a kept draft of a new record (d NULL: a fresh one). */
void
form_new_record_resume(struct tui *t, const struct kind *k, struct draft *d)
{
	struct new_rec *nr = xcalloc(1, sizeof *nr);
	char *title = xasprintf(_("New: %s"), tui_kind_label(t, k));

	nr->k = k;
	form_open(t, title, k, k->fields, k->nfields, NULL, save_new, nr,
	    free);
	form_attach_draft(t, k, NULL, d);
	free(title);
}

/* Put the cursor on the first required field that nothing fills (no
 * value, default or time now): a new observation starts on its text. */
static void
first_to_fill(struct form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		const struct field *f = &fm->fk.fields[i];
		int empty = typed(f) ? *tedit_str(&fm->ed[i]) == '\0' :
		    fm->canon[i] == NULL;

		if ((f->flags & F_REQUIRED) && !(f->flags & F_NOW) &&
		    f->def == NULL && empty) {
			fm->sel = i;
			return;
		}
	}
}

/* The form of one item of a list field. */
void
form_item_open(struct tui *t, const struct kind *k, const struct field *f,
    const char *item, int editing, form_save save, void *arg)
{
	struct form *owner = t->draft_form;
	char **vals = NULL;
	char *title = xasprintf("%s · %s", tui_kind_label(t, k),
	    tui_field_label(t, f));

	if (item != NULL) {
		size_t len = strlen(item), plen;

		vals = xcalloc((size_t)f->nitems, sizeof *vals);
		for (int i = 0; i < f->nitems; i++)
			if (field_item_part(item, len, i, &plen) != NULL &&
			    plen > 0)
				vals[i] = field_item_strdup(item, len, i);
	}
	form_open(t, title, k, f->items, f->nitems, vals, save, arg, NULL);
	tui_vals_free(f->nitems, vals);
	free(title);
	if (item == NULL && t->top->ops == &form_screen)
		first_to_fill(t->top->data);
	if (owner != NULL && f >= owner->fk.fields &&
	    f < owner->fk.fields + owner->n && t->top->ops == &form_screen) {
		struct form *fm = t->top->data;

		fm->owner = owner;
		fm->owner_field = (int)(f - owner->fk.fields);
		fm->owner_editing = editing;
	}
}
