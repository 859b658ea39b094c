/*
 * The drafts screen: forms this account left unsaved (a quit, a lock, a
 * terminal that went away), kept as they were typed. Enter goes on with
 * one, d throws one away after asking.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "core/draft.h"

struct drafts {
	struct draft *v;
	size_t n, sel;
	int asking;		/* d was pressed: throw the chosen one away? */
};

/* Load this account's drafts; -1 with the message set. */
static int
drafts_load(struct tui *t, struct drafts *ds)
{
	struct xf_err err;

	draft_list_free(ds->v, ds->n);
	ds->v = NULL;
	ds->n = 0;
	if (draft_list(t->st, &ds->v, &ds->n, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	if (ds->sel >= ds->n)
		ds->sel = ds->n ? ds->n - 1 : 0;
	return 0;
}

/* One line: new or an edit, the kind, when it was kept, what it says. */
static char *
draft_line(struct tui *t, const struct draft *d)
{
	const struct kind *k = kind_by_id(d->kind);
	const char *first = NULL;
	char when[20], hex[33], *s;

	time_format(d->saved, when);
	for (int i = 0; i < d->n && first == NULL; i++)
		if (d->vals[i] != NULL && k != NULL && i < k->nfields &&
		    k->fields[i].type == FT_TEXT)
			first = d->vals[i];
	record_id_hex(d->rid, hex);
	if (d->has_rid)
		s = xasprintf(_("%s  edit of %s %.8s  %s"), when,
		    tui_kind_label(t, k), hex, first ? first : "");
	else
		s = xasprintf(_("%s  new %s  %s"), when, tui_kind_label(t, k),
		    first ? first : "");
	return s;
}

static void
drafts_draw(struct tui *t, struct screen *s)
{
	struct drafts *ds = s->data;
	int rows = tui_body_rows(t) - 3, top = 0;

	tui_title(t, _("Unsaved drafts"));
	tui_put_fit(t, 1, 1, ds->n ? _("What was typed and not saved, kept "
	    "for this account:") : _("No unsaved drafts."), t->cols - 2);
	if ((int)ds->sel >= rows)
		top = (int)ds->sel - rows + 1;
	for (int i = top; i < (int)ds->n && i - top < rows; i++) {
		char *line = draft_line(t, &ds->v[i]);

		attrset((size_t)i == ds->sel ? tui_attr(t, TA_SELECT) : 0);
		tui_put_fit(t, 3 + i - top, 1, line, t->cols - 2);
		attrset(A_NORMAL);
		free(line);
	}
	if (ds->asking) {
		attrset(tui_attr(t, TA_WARN) | A_REVERSE);
		tui_put_fit(t, t->rows - 2, 0, _("Throw this draft away? y = "
		    "throw away, any other key = keep it"), t->cols);
		attrset(A_NORMAL);
		t->cy = -1;
	}
}

/* Open the form a draft belongs to, with its text; the draft passes to
 * the form, which keeps it under the same id. */
static void
draft_resume(struct tui *t, struct draft *d)
{
	const struct kind *k = kind_by_id(d->kind);

	if (d->has_rid) {
		unsigned char rid[RID_LEN];

		memcpy(rid, d->rid, RID_LEN);
		detail_edit_resume(t, k, rid, d);
	} else
		form_new_record_resume(t, k, d);
}

/* Once the drafts screen has closed: open the draft's form. */
static void
resume_later(struct tui *t, void *arg)
{
	struct draft *d = arg;

	draft_resume(t, d);
	draft_clear(d);
	free(d);
}

static int
drafts_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct drafts *ds = s->data;
	struct xf_err err;

	if (ds->asking) {
		ds->asking = 0;
		if (k.fn || (k.code != L'y' && k.code != L'Y'))
			return TUI_REDRAW;
		if (draft_drop(t->st, ds->v[ds->sel].id, &err) != 0)
			tui_message(t, 1, "%s", err.msg);
		else
			tui_message(t, 0, _("The draft was thrown away."));
		drafts_load(t, ds);
		return TUI_REDRAW;
	}
	if (tui_nav(k, &ds->sel, ds->n, tui_body_rows(t) - 3))
		return TUI_REDRAW;
	if (ds->n > 0 && ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER))) {
		struct draft *r = xcalloc(1, sizeof *r);

		*r = ds->v[ds->sel];
		memset(&ds->v[ds->sel], 0, sizeof ds->v[ds->sel]);
		tui_defer(t, resume_later, r);
		return TUI_CLOSE;
	}
	if (ds->n > 0 && ((!k.fn && k.code == L'd') ||
	    (k.fn && k.code == KEY_DC))) {
		ds->asking = 1;
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static void
drafts_free(struct screen *s)
{
	struct drafts *ds = s->data;

	draft_list_free(ds->v, ds->n);
	free(ds);
}

static const struct screen_ops drafts_screen = {
	.name = "drafts",
	.title = N_("Unsaved drafts"),
	.help = N_("Forms left without saving (a quit, a lock, a terminal "
	    "that was closed,\na power cut) are kept as they were typed, "
	    "sealed for this account.\n\n"
	    "Enter goes on with the chosen draft: its form opens with the "
	    "text\nas it was. d throws it away, after asking. Esc leaves "
	    "them for later:\nthe home screen opens this list again with "
	    "c."),
	.keys = N_("Enter continue  d throw away  Esc later"),
	.draw = drafts_draw,
	.key = drafts_key,
	.free = drafts_free,
};

/* The drafts screen, from the home screen. */
void
drafts_open(struct tui *t, const struct kind *k)
{
	struct drafts *ds = xcalloc(1, sizeof *ds);

	(void)k;
	drafts_load(t, ds);
	tui_push(t, &drafts_screen, ds);
}

/* After unlock: offer the drafts if there are any. */
void
drafts_offer(struct tui *t)
{
	struct drafts *ds = xcalloc(1, sizeof *ds);

	if (drafts_load(t, ds) != 0 || ds->n == 0) {
		drafts_free(&(struct screen){.data = ds});
		return;
	}
	tui_push(t, &drafts_screen, ds);
	tui_message(t, 0, ngettext("%zu unsaved draft: Enter goes on with "
	    "it, d throws it away.", "%zu unsaved drafts: Enter goes on with "
	    "one, d throws it away.", ds->n), ds->n);
}
