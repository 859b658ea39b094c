/* Pick lists: choose one line, narrowing the lines by typing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct pick {
	char *title;
	char **labels;
	size_t n, *shown, nshown, sel, top;
	struct tedit q;
	pick_done done;
	void *arg;
	void (*arg_free)(void *);
	const struct kind *nk;	/* n makes a record of this kind, if set */
};

struct pick_ref {
	char (*hex)[33];
	pick_ref_done done;
	void *arg;
};

/* Show the lines that hold the typed text. */
static void
pick_filter(struct pick *p)
{
	const char *q = tedit_str(&p->q);

	p->nshown = 0;
	for (size_t i = 0; i < p->n; i++)
		if (str_contains_fold(p->labels[i], q))
			p->shown[p->nshown++] = i;
	if (p->sel >= p->nshown)
		p->sel = p->nshown ? p->nshown - 1 : 0;
}

/* Draw the typed text and the lines that match. */
static void
pick_draw(struct tui *t, struct screen *s)
{
	struct pick *p = s->data;
	int y0 = 3, rows = tui_body_rows(t) - 3;

	tui_title(t, p->title);
	tui_put(t, 1, 0, _("Type to narrow the list:"), t->cols);
	if (rows < 1)
		rows = 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (int i = 0; i < rows && p->top + (size_t)i < p->nshown; i++) {
		size_t j = p->top + (size_t)i;

		attrset(j == p->sel ? tui_attr(t, TA_SELECT) : 0);
		tui_put_fit(t, y0 + i, 2, p->labels[p->shown[j]], t->cols - 4);
		attrset(A_NORMAL);
	}
	if (p->nshown == 0)
		tui_put(t, y0, 2, _("Nothing matches."), t->cols - 2);
	tedit_draw(t, &p->q, 2, 2, t->cols - 4, 1);
}

/* The record made from the pick list with n was saved: choose it, as
 * Enter on its line would, and close the list. */
static void
pick_made(struct tui *t, void *arg, const char *hex)
{
	struct pick *p = arg;
	struct pick_ref *r = p->arg;

	if (t->top == NULL || t->top->data != p)
		return;
	r->done(t, r->arg, hex);
	tui_pop(t);
}

/* Whether the key is n with nothing typed yet: make a new record. */
static int
pick_new_key(struct pick *p, struct tui_key k)
{
	return p->nk != NULL && !k.fn && k.code == L'n' &&
	    tedit_str(&p->q)[0] == '\0';
}

/* Keys: arrows move, typing narrows, Enter chooses, Esc goes back; in a
 * pick list of records, n (before any typing) registers a new one. */
static int
pick_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct pick *p = s->data;

	if (pick_new_key(p, k)) {
		form_new_pick(t, p->nk, pick_made, p);
		return TUI_REDRAW;
	}
	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER)) {
		if (p->nshown == 0)
			return TUI_NONE;
		p->done(t, p->arg, p->shown[p->sel]);
		return TUI_CLOSE;
	}
	if (!k.fn && k.code == 27)
		return TUI_CLOSE;
	if (k.fn && k.code != KEY_LEFT && k.code != KEY_RIGHT &&
	    k.code != KEY_DC && k.code != KEY_BACKSPACE &&
	    tui_nav(k, &p->sel, p->nshown, tui_body_rows(t) - 3))
		return TUI_REDRAW;
	if (tedit_key(&p->q, k)) {
		pick_filter(p);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Free the lines and the caller's argument. */
static void
pick_free(struct screen *s)
{
	struct pick *p = s->data;

	for (size_t i = 0; i < p->n; i++)
		free(p->labels[i]);
	free(p->labels);
	free(p->shown);
	free(p->title);
	tedit_free(&p->q);
	if (p->arg_free != NULL)
		p->arg_free(p->arg);
	free(p);
}

static const struct screen_ops pick_screen = {
	.name = "pick",
	.title = N_("Choose"),
	.help = N_("Type part of a name to narrow the list; Up and Down "
	    "move;\nEnter chooses the line; Esc goes back without choosing."),
	.keys = N_("type to narrow  Up/Down move  Enter choose  Esc back"),
	.draw = pick_draw,
	.key = pick_key,
	.free = pick_free,
};

static const struct screen_ops pick_ref_screen = {
	.name = "pick",
	.title = N_("Choose"),
	.help = N_("Type part of a name to narrow the list; Up and Down "
	    "move;\nEnter chooses the line; Esc goes back without choosing.\n"
	    "n, before anything is typed, registers a new record of this "
	    "kind:\nonce saved it is chosen, and the form below goes on with "
	    "all it holds."),
	.keys = N_("type to narrow  Up/Down move  Enter choose  n new  "
	    "Esc back"),
	.draw = pick_draw,
	.key = pick_key,
	.free = pick_free,
};

/* Make a pick list over labels, the cursor on line sel (pushed by the
 * caller). */
static struct pick *
pick_make(const char *title, char **labels, size_t n, size_t sel,
    pick_done done, void *arg, void (*arg_free)(void *))
{
	struct pick *p = xcalloc(1, sizeof *p);

	p->title = xstrdup(title);
	p->labels = labels;
	p->n = n;
	p->shown = xreallocarray(NULL, n + 1, sizeof *p->shown);
	p->done = done;
	p->arg = arg;
	p->arg_free = arg_free;
	tedit_set(&p->q, "");
	p->sel = sel;
	pick_filter(p);
	return p;
}

/* Open a pick list over labels. */
void
pick_open(struct tui *t, const char *title, char **labels, size_t n,
    pick_done done, void *arg, void (*arg_free)(void *))
{
	pick_open_at(t, title, labels, n, 0, done, arg, arg_free);
}

/* Open a pick list with the cursor on line sel. */
void
pick_open_at(struct tui *t, const char *title, char **labels, size_t n,
    size_t sel, pick_done done, void *arg, void (*arg_free)(void *))
{
	tui_push(t, &pick_screen, pick_make(title, labels, n, sel, done, arg,
	    arg_free));
}

/* A record was chosen: hand its id on. */
static void
ref_done(struct tui *t, void *arg, size_t i)
{
	struct pick_ref *r = arg;

	r->done(t, r->arg, r->hex[i]);
}

/* Free the ids of a reference pick. */
static void
ref_free(void *arg)
{
	struct pick_ref *r = arg;

	free(r->hex);
	free(r);
}

/* Choose a record of a kind by its title, or register a new one with n;
 * with none, a first line "(none)" clears the value. */
void
pick_ref_open(struct tui *t, const struct kind *k, int none,
    pick_ref_done done, void *arg)
{
	struct pick_ref *r = xcalloc(1, sizeof *r);
	struct pick *p;
	struct rec_list l;
	struct xf_err err;
	char **labels;
	int ti = kind_title_field(k);
	size_t o = none ? 1 : 0;

	if (record_list(t->st, k, &l, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		free(r);
		return;
	}
	labels = xcalloc(l.n + 1, sizeof *labels);
	r->hex = xcalloc(l.n + 1, sizeof *r->hex);
	r->done = done;
	r->arg = arg;
	if (none)
		labels[0] = xstrdup(_("(none)"));
	for (size_t i = 0; i < l.n; i++) {
		record_id_hex(l.rows[i].rid, r->hex[i + o]);
		labels[i + o] = xstrdup(ti >= 0 && l.rows[i].val[ti] ?
		    l.rows[i].val[ti] : r->hex[i + o]);
	}
	p = pick_make(tui_kind_label(t, k), labels, l.n + o, 0, ref_done, r,
	    ref_free);
	p->nk = k;
	tui_push(t, &pick_ref_screen, p);
	rec_list_free(&l);
}
