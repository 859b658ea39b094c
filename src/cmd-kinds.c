/* xunfang kinds: the record kinds and their fields. */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"

static void
print_field(const struct field *f, const char *indent)
{
	char *allowed;

	printf("%s%-14s %-9s %-8s %s / %s", indent, f->name,
	    field_type_name(f->type),
	    (f->flags & F_REQUIRED) ? _("required") : "", f->label, f->zh);
	if (f->type == FT_CHOICE) {
		allowed = field_allowed(f);
		printf(": %s", allowed);
		free(allowed);
	} else if (f->type == FT_REF && f->ref_kind == KIND_NONE)
		printf(_(" → a record of any kind, by its id"));
	else if (f->type == FT_REF)
		printf(" → %s", kind_by_id(f->ref_kind)->name);
	else if (f->type == FT_INT && f->max > f->min)
		printf(_(": %d to %d"), f->min, f->max);
	if (f->flags & F_NOW)
		printf(_(" (defaults to now)"));
	putchar('\n');
	for (int j = 0; f->type == FT_LIST && j < f->nitems; j++)
		print_field(&f->items[j], "      | ");
}

static int
cmd_kinds_exec(struct cmd_ctx *ctx)
{
	int n;
	const struct kind *const *all = kind_all(&n);

	if (ctx->argc != 1)
		return cmd_usage(&cmd_kinds_entry);
	for (int i = 0; i < n; i++) {
		printf("%s  %s / %s\n", all[i]->name, all[i]->label,
		    all[i]->zh);
		for (int j = 0; j < all[i]->nfields; j++)
			print_field(&all[i]->fields[j], "    ");
	}
	return CMD_OK;
}

const struct cmd_entry cmd_kinds_entry = {
	.name = "kinds",
	.usage = "",
	.summary = N_("list the kinds of record and their fields"),
	.flags = 0,
	.exec = cmd_kinds_exec,
};
