/* The items of a list field (team members, points checked, mediation
 * sessions): add, change and remove, written straight into the form. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct items {
	const struct kind *k;
	const struct field *f;
	char **slot;		/* the form's canonical value */
	size_t sel;
	int editing;		/* index being changed, or -1 for a new one */
	int asking;		/* d was pressed: remove the chosen item? */
};

/* Item i of a canonical list (caller frees), or NULL. */
static char *
item_at(const char *v, size_t i)
{
	const char *item;
	size_t len;

	for (; (item = field_list_next(&v, &len)) != NULL; i--)
		if (i == 0)
			return xstrndup(item, len);
	return NULL;
}

/* Rebuild the list with item i replaced (NULL removes it; i = count
 * appends). */
static void
item_set(char **slot, size_t i, const char *item)
{
	struct buf b = {0};
	size_t n = *slot ? (size_t)field_list_count(*slot) : 0;

	for (size_t j = 0; j < n || j == i; j++) {
		char *cur = j == i ? (item ? xstrdup(item) : NULL) :
		    item_at(*slot, j);

		if (cur != NULL)
			field_list_join(&b, cur);
		free(cur);
		if (j >= n)
			break;
	}
	free(*slot);
	*slot = b.len ? xstrdup(buf_str(&b)) : NULL;
	buf_free(&b);
}

/* The item form was saved: join its fields with tabs. */
static int
item_saved(struct tui *t, void *arg, char **vals)
{
	struct items *it = arg;
	struct buf b = {0};
	int n = *it->slot ? field_list_count(*it->slot) : 0;

	field_list_append(&b, (const char *const *)vals, it->f->nitems);
	if (it->f->max > 0 && it->editing < 0 && n >= it->f->max) {
		buf_free(&b);
		tui_message(t, 1, _("This list holds at most %d items."),
		    it->f->max);
		return -1;
	}
	item_set(it->slot, it->editing < 0 ? (size_t)n :
	    (size_t)it->editing, buf_str(&b));
	buf_free(&b);
	return 0;
}

/* Draw the items, one line each. */
static void
items_draw(struct tui *t, struct screen *s)
{
	struct items *it = s->data;
	int n = *it->slot ? field_list_count(*it->slot) : 0;
	int rows = tui_body_rows(t) - 1, top = 0;
	char *title = xasprintf("%s · %s", tui_kind_label(t, it->k),
	    tui_field_label(t, it->f));

	tui_title(t, title);
	free(title);
	if (n == 0)
		tui_put(t, 2, 2, _("No items yet. Press a to add one."),
		    t->cols - 2);
	if ((int)it->sel >= rows)
		top = (int)it->sel - rows + 1;
	for (int i = top; i < n && i - top < rows; i++) {
		char *item = item_at(*it->slot, (size_t)i), *line;
		struct buf b = {0};

		tui_format(t, it->f, item, &b);
		line = xasprintf("%2d. %s", i + 1, buf_str(&b));
		attrset((size_t)i == it->sel ? tui_attr(t, TA_SELECT) :
		    0);
		tui_put_fit(t, 2 + i - top, 1, line, t->cols - 2);
		attrset(A_NORMAL);
		free(line);
		free(item);
		buf_free(&b);
	}
	if (it->asking)
		tui_ask_draw(t, _("Remove this item? y = remove, any other "
		    "key = keep it"));
}

/* Whether item i is sealed to a key this account lacks. */
static int
item_is_sealed(struct items *it, size_t i)
{
	char *item = item_at(*it->slot, i);
	int sealed = item != NULL && item[0] == FIELD_SEALED;

	free(item);
	return sealed;
}

/* Whether item i is sealed to a key this account lacks; if so, say on
 * the status line why it cannot be changed or removed (the core refuses
 * the save anyway: this stops the volunteer losing its other edits). */
static int
item_sealed(struct tui *t, struct items *it, size_t i)
{
	int sealed = item_is_sealed(it, i);

	if (sealed)
		tui_message(t, 1, _("This item is restricted: this account "
		    "cannot read it, so it can add items here but not change "
		    "or remove one."));
	return sealed;
}

/* Open the item form for a new item or item i. */
static int
items_edit(struct tui *t, struct items *it, int i)
{
	char *item = i >= 0 ? item_at(*it->slot, (size_t)i) : NULL;

	it->editing = i;
	form_item_open(t, it->k, it->f, item, i, item_saved, it);
	free(item);
	return TUI_REDRAW;
}

/* Keys: a adds, Enter changes, d removes, Esc goes back to the form. */
static int
items_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct items *it = s->data;
	size_t n = *it->slot ? (size_t)field_list_count(*it->slot) : 0;

	if (it->asking) {
		it->asking = 0;
		if (!tui_is_yes(k) || it->sel >= n)
			return TUI_REDRAW;
		item_set(it->slot, it->sel, NULL);
		if (it->sel > 0 && it->sel + 1 >= n)
			it->sel--;
		tui_message(t, 0, _("The item was removed; the form is saved "
		    "with F2."));
		return TUI_REDRAW;
	}
	if (tui_nav(k, &it->sel, n, tui_body_rows(t) - 1))
		return TUI_REDRAW;
	if (n > 0 && !k.fn && k.code == L'?' && item_is_sealed(it, it->sel)) {
		tui_message(t, 0, "%s", tui_restricted_why());
		return TUI_REDRAW;
	}
	if ((!k.fn && (k.code == L'a' || k.code == L'n')) ||
	    (k.fn && k.code == KEY_IC))
		return items_edit(t, it, -1);
	if (n > 0 && ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER)))
		return item_sealed(t, it, it->sel) ? TUI_REDRAW :
		    items_edit(t, it, (int)it->sel);
	if (n > 0 && ((!k.fn && k.code == L'd') ||
	    (k.fn && k.code == KEY_DC))) {
		if (!item_sealed(t, it, it->sel))
			it->asking = 1;
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Free the screen's data. */
static void
items_free(struct screen *s)
{
	free(s->data);
}

static const struct screen_ops items_screen = {
	.name = "items",
	.title = N_("Items"),
	.help = N_("The items of a list field, such as team members, points "
	    "checked\nor mediation sessions.\n\n"
	    "a adds an item, Enter changes the chosen one, d removes it\n"
	    "after asking (y removes, any other key keeps it).\n"
	    "A restricted item, one this account cannot read, can be added\n"
	    "to but neither changed nor removed.\n"
	    "Esc or q goes back to the form; the form is saved with F2."),
	.keys = N_("a add  Enter change  d remove  Esc back to the form"),
	.draw = items_draw,
	.key = items_key,
	.free = items_free,
};

/* Edit the items of a list field held in *slot. */
void
items_open(struct tui *t, const struct kind *k, const struct field *f,
    char **slot)
{
	struct items *it = xcalloc(1, sizeof *it);

	it->k = k;
	it->f = f;
	it->slot = slot;
	it->editing = -1;
	tui_push(t, &items_screen, it);
}

/* The items of a list field with the form of one open over them, to go
 * on with a draft that was kept while that form was typed. */
void
items_resume(struct tui *t, const struct kind *k, const struct field *f,
    char **slot, int editing)
{
	struct items *it;
	size_t n = *slot ? (size_t)field_list_count(*slot) : 0;

	items_open(t, k, f, slot);
	it = t->top->data;
	if (editing >= (int)n)
		editing = -1;
	items_edit(t, it, editing);
}
