/* Labels of the kind table in the UI's language, and shared key sets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* A kind's label. */
const char *
tui_kind_label(const struct tui *t, const struct kind *k)
{
	(void)t;
	return kind_label(k);
}

/* A field's label. */
const char *
tui_field_label(const struct tui *t, const struct field *f)
{
	(void)t;
	return field_label(f);
}

/* What a restricted (受限) value is, in one sentence. */
const char *
tui_restricted_why(void)
{
	return _("Restricted: sealed for the officer; only officers can "
	    "read it, not this account.");
}

/* Whether the unlocked account is a volunteer's, which holds no key
 * that opens restricted values. */
int
tui_volunteer(const struct tui *t)
{
	const char *role = store_user_role(t->st);

	return role != NULL && strcmp(role, "volunteer") == 0;
}

/* A choice's label, or the code itself when it is not in the table. */
const char *
tui_choice_label(const struct tui *t, const struct field *f,
    const char *code)
{
	const struct choice *c = field_choice(f, code);

	(void)t;
	return c ? choice_label(c) : code;
}

/* Append one item field's shown value. */
static void
format_scalar(struct tui *t, const struct field *f, const char *v,
    struct buf *out)
{
	char tb[20];
	const char *name;

	switch (f->type) {
	case FT_CHOICE:
		buf_adds(out, tui_choice_label(t, f, v));
		break;
	case FT_TIME:
		time_format((int64_t)strtoll(v, NULL, 10), tb);
		buf_adds(out, tb);
		break;
	case FT_REF:
		name = t->ops.name ? t->ops.name(t->ops.ctx, f->ref_kind, v) :
		    NULL;
		if (name != NULL)
			buf_adds(out, name);
		else
			buf_addf(out, "%.8s", v);
		break;
	default:
		buf_adds(out, v);
	}
}

/* Parts of a line joined: see tui.h. */
void
tui_join(struct buf *out, size_t start, const char *part)
{
	if (part == NULL || *part == '\0')
		return;
	if (out->len > start)
		buf_adds(out, " · ");
	buf_adds(out, part);
}

/* Append the items of a list: one per line, the parts that are not empty
 * joined by " · ". */
static void
format_list(struct tui *t, const struct field *f, const char *v,
    struct buf *out)
{
	const char *pos = v, *item;
	struct buf shown = {0};
	size_t len, start;

	while ((item = field_list_next(&pos, &len)) != NULL) {
		if (item != v)
			buf_addc(out, '\n');
		start = out->len;
		for (int i = 0; i < f->nitems; i++) {
			size_t plen;
			char *part;

			if (field_item_part(item, len, i, &plen) == NULL)
				break;
			part = field_item_strdup(item, len, i);
			shown.len = 0;
			if (*part != '\0')
				format_scalar(t, &f->items[i], part, &shown);
			tui_join(out, start, buf_str(&shown));
			free(part);
		}
	}
	buf_free(&shown);
}

/* Append the shown form of a canonical value. */
void
tui_format(struct tui *t, const struct field *f, const char *canon,
    struct buf *out)
{
	if (canon == NULL || canon[0] == '\0')
		return;
	if (canon[0] == FIELD_SEALED) {
		buf_adds(out, _("restricted"));
		return;
	}
	if (f->type == FT_LIST)
		format_list(t, f, canon, out);
	else
		format_scalar(t, f, canon, out);
}

/* Esc and q go back. */
int
tui_is_back(struct tui_key k)
{
	return (!k.fn && (k.code == 27 || k.code == L'q'));
}

/* Move a selection with arrows, vi keys, pages, Home and End. */
int
tui_nav(struct tui_key k, size_t *sel, size_t n, int page)
{
	size_t s = *sel, p = page > 1 ? (size_t)page - 1 : 1;

	if (n == 0)
		return 0;
	if ((k.fn && k.code == KEY_DOWN) || (!k.fn && k.code == L'j'))
		s = s + 1 < n ? s + 1 : s;
	else if ((k.fn && k.code == KEY_UP) || (!k.fn && k.code == L'k'))
		s = s > 0 ? s - 1 : 0;
	else if ((k.fn && k.code == KEY_NPAGE) || (!k.fn && k.code == 6))
		s = s + p < n ? s + p : n - 1;
	else if ((k.fn && k.code == KEY_PPAGE) || (!k.fn && k.code == 2))
		s = s > p ? s - p : 0;
	else if ((k.fn && k.code == KEY_HOME) || (!k.fn && k.code == L'g'))
		s = 0;
	else if ((k.fn && k.code == KEY_END) || (!k.fn && k.code == L'G'))
		s = n - 1;
	else
		return 0;
	*sel = s;
	return 1;
}
