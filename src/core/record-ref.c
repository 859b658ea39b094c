/*
 * The reference-name cache: the names a form shows for the records a
 * field refers to, and the record a typed name or id resolves to, with
 * each kind's list loaded once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"

struct ref_cache {
	struct store *st;
	struct rec_list lists[KIND_MAX + 1];
	int loaded[KIND_MAX + 1];
};

struct ref_cache *
ref_cache_new(struct store *st)
{
	struct ref_cache *rc = xcalloc(1, sizeof *rc);

	rc->st = st;
	return rc;
}

void
ref_cache_free(struct ref_cache *rc)
{
	if (rc == NULL)
		return;
	for (int i = 0; i <= KIND_MAX; i++)
		rec_list_free(&rc->lists[i]);
	free(rc);
}

static struct rec_list *
ref_list(struct ref_cache *rc, int kind)
{
	const struct kind *k = kind_by_id(kind);

	if (k == NULL || kind > KIND_MAX)
		return NULL;
	if (!rc->loaded[kind]) {
		if (record_list(rc->st, k, &rc->lists[kind], NULL) != 0)
			return NULL;
		rc->loaded[kind] = 1;
	}
	return &rc->lists[kind];
}

static const char *
ref_name(void *arg, int kind, const char *hex)
{
	struct rec_list *l = ref_list(arg, kind);
	unsigned char rid[RID_LEN];
	const struct record *r;
	int t;

	if (l == NULL || hex_decode(rid, RID_LEN, hex) != 0 ||
	    (r = rec_list_find(l, rid)) == NULL)
		return NULL;
	t = kind_title_field(l->kind);
	return t >= 0 ? r->val[t] : NULL;
}

/* Find the record a person named: full id, id prefix, or exact title. */
static int
ref_resolve(void *arg, int kind, const char *text, char hex[33],
    struct xf_err *err)
{
	struct ref_cache *rc = arg;
	struct rec_list *l = ref_list(rc, kind);
	const struct record *found = NULL;
	size_t n = strlen(text);
	int t, matches = 0;
	char h[33];

	if (l == NULL)
		return xf_error(err, _("cannot read the records to look up "
		    "'%s'"), text);
	t = kind_title_field(l->kind);
	for (size_t i = 0; i < l->n; i++) {
		const struct record *r = &l->rows[i];

		record_id_hex(r->rid, h);
		if ((t >= 0 && r->val[t] && strcmp(r->val[t], text) == 0) ||
		    (n >= 4 && strncasecmp(h, text, n) == 0)) {
			found = r;
			matches++;
		}
	}
	if (matches == 0)
		return xf_error(err, _("no %s named '%s'; `xunfang list %s` "
		    "shows them"), l->kind->name, text, l->kind->name);
	if (matches > 1)
		return xf_error(err, _("'%s' names %d %s records; give its id "
		    "instead"), text, matches, l->kind->name);
	record_id_hex(found->rid, hex);
	return 0;
}

void
ref_cache_ops(struct ref_cache *rc, struct ref_ops *ops)
{
	ops->resolve = ref_resolve;
	ops->name = ref_name;
	ops->ctx = rc;
}
