/*
 * Drafts of forms: their plain layout, kept sealed by the store.
 *
 *	"XD1", kind, has_rid, rid (16 bytes if has_rid), saved (u64be),
 *	n, n strings, item_field + 1, item_editing + 1, nitem + 1, nitem
 *	strings; numbers are varints, a string is 0 for none or its
 *	length + 1 and its bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "kind.h"

#define DRAFT_MAGIC "XD1"
#define DRAFT_MAX_FIELDS 256

/* One string, or none. */
static void
put_str(struct buf *b, const char *s)
{
	buf_add_varint(b, s == NULL ? 0 : strlen(s) + 1);
	if (s != NULL)
		buf_adds(b, s);
}

/* Lay a draft out for sealing. */
static void
draft_encode(const struct draft *d, struct buf *b)
{
	buf_add(b, DRAFT_MAGIC, 3);
	buf_add_varint(b, (uint64_t)d->kind);
	buf_addc(b, d->has_rid != 0);
	if (d->has_rid)
		buf_add(b, d->rid, RID_LEN);
	buf_add_u64be(b, (uint64_t)d->saved);
	buf_add_varint(b, (uint64_t)d->n);
	for (int i = 0; i < d->n; i++)
		put_str(b, d->vals[i]);
	buf_add_varint(b, (uint64_t)(d->item_field + 1));
	buf_add_varint(b, (uint64_t)(d->item_editing + 1));
	buf_add_varint(b, (uint64_t)(d->nitem + 1));
	for (int i = 0; i < d->nitem; i++)
		put_str(b, d->item[i]);
}

/* Read a number no larger than max. */
static int
get_num(const unsigned char **p, const unsigned char *end, uint64_t max,
    uint64_t *out)
{
	return read_varint(p, end, out) != 0 || *out > max ? -1 : 0;
}

/* Read n strings into a new array. */
static int
get_strs(const unsigned char **p, const unsigned char *end, int n,
    char ***out)
{
	char **v = xcalloc((size_t)n + 1, sizeof *v);
	uint64_t len;

	*out = v;
	for (int i = 0; i < n; i++) {
		if (get_num(p, end, (uint64_t)(end - *p) + 1, &len) != 0)
			return -1;
		if (len == 0)
			continue;
		if (len - 1 > (uint64_t)(end - *p))
			return -1;
		v[i] = xstrndup((const char *)*p, (size_t)(len - 1));
		*p += len - 1;
	}
	return 0;
}

/* Read a draft back; -1 if it is not one this xunfang wrote. */
static int
draft_decode(struct draft *d, int64_t id, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	uint64_t kind, n, fi, ed, ni;

	memset(d, 0, sizeof *d);
	d->id = id;
	d->item_field = d->item_editing = d->nitem = -1;
	if (len < 3 || memcmp(p, DRAFT_MAGIC, 3) != 0)
		return -1;
	p += 3;
	if (get_num(&p, end, 255, &kind) != 0 || p >= end)
		return -1;
	d->kind = (int)kind;
	d->has_rid = *p++ != 0;
	if (d->has_rid) {
		if ((size_t)(end - p) < RID_LEN)
			return -1;
		memcpy(d->rid, p, RID_LEN);
		p += RID_LEN;
	}
	if ((size_t)(end - p) < 8)
		return -1;
	d->saved = (int64_t)load_u64be(p);
	p += 8;
	if (get_num(&p, end, DRAFT_MAX_FIELDS, &n) != 0)
		return -1;
	d->n = (int)n;
	if (get_strs(&p, end, d->n, &d->vals) != 0 ||
	    get_num(&p, end, DRAFT_MAX_FIELDS, &fi) != 0 ||
	    get_num(&p, end, 1u << 20, &ed) != 0 ||
	    get_num(&p, end, DRAFT_MAX_FIELDS, &ni) != 0)
		return -1;
	d->item_field = (int)fi - 1;
	d->item_editing = (int)ed - 1;
	d->nitem = (int)ni - 1;
	if (d->nitem > 0 && get_strs(&p, end, d->nitem, &d->item) != 0)
		return -1;
	return p == end && kind_by_id(d->kind) != NULL ? 0 : -1;
}

int
draft_save(struct store *st, struct draft *d, struct xf_err *err)
{
	struct buf b = {0};
	int rc;

	d->saved = time_now();
	draft_encode(d, &b);
	rc = store_draft_put(st, &d->id, b.data, b.len, err);
	vault_memzero(b.data, b.len);
	buf_free(&b);
	return rc;
}

struct draft_scan {
	struct draft *v;
	size_t n;
};

/* Collect one draft; one that does not read is left out. */
static int
draft_row(void *arg, int64_t id, const unsigned char *p, size_t len)
{
	struct draft_scan *ds = arg;
	struct draft d;

	if (draft_decode(&d, id, p, len) != 0) {
		draft_clear(&d);
		return 0;
	}
	ds->v = xreallocarray(ds->v, ds->n + 1, sizeof *ds->v);
	ds->v[ds->n++] = d;
	return 0;
}

int
draft_list(struct store *st, struct draft **out, size_t *n,
    struct xf_err *err)
{
	struct draft_scan ds = {NULL, 0};
	int rc = store_draft_scan(st, draft_row, &ds, err);

	if (rc != 0) {
		draft_list_free(ds.v, ds.n);
		return -1;
	}
	*out = ds.v;
	*n = ds.n;
	return 0;
}

/* Free one draft's strings. */
void
draft_clear(struct draft *d)
{
	for (int i = 0; d->vals != NULL && i < d->n; i++)
		free(d->vals[i]);
	for (int i = 0; d->item != NULL && i < d->nitem; i++)
		free(d->item[i]);
	free(d->vals);
	free(d->item);
	d->vals = d->item = NULL;
}

void
draft_list_free(struct draft *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		draft_clear(&v[i]);
	free(v);
}

int
draft_drop(struct store *st, int64_t id, struct xf_err *err)
{
	return id == 0 ? 0 : store_draft_drop(st, id, err);
}
