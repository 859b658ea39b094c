/*
 * Restricted sealing: restricted values sealed to the station keys as a
 * version is written, sealed again for a new key, and the check that an
 * edit by an account that cannot read them carries them forward.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record-int.h"

/* Whether a value is a well-formed sealed restricted value. */
static int
is_sealed_value(const char *v)
{
	return record_sealed_ok(v, strlen(v));
}

/* Seal one plain restricted value into FIELD_SEALED + hex. */
static char *
seal_value(const unsigned char (*pks)[32], int npk, const char *plain)
{
	struct buf tok = {0};
	char *out;

	vault_restricted_seal(pks, npk, (const unsigned char *)plain,
	    strlen(plain), &tok);
	out = xmalloc(2 * tok.len + 2);
	out[0] = FIELD_SEALED;
	hex_encode(out + 1, tok.data, tok.len);
	buf_free(&tok);
	return out;
}

/* The keys values are sealed to, fetched from the store when first
 * needed (or given: a peer's identity key). */
struct sealer {
	struct store *st;
	const unsigned char (*pks)[32];
	unsigned char (*own)[32];
	int npk, loaded;
};

/* Make sure the sealer holds its keys. */
static int
sealer_keys(struct sealer *s, struct xf_err *err)
{
	if (s->loaded)
		return 0;
	if (store_restricted_keys(s->st, &s->own, &s->npk, err) != 0)
		return -1;
	s->pks = (const unsigned char (*)[32])s->own;
	s->loaded = 1;
	return 0;
}

/*
 * Each part of val that these keys open (by_id: addressed to this store's
 * identity key, as a peer sealed it for a bundle) sealed again with the
 * sealer's keys: 1 with the new value in *out, 0 if no part opened, -1 on
 * error.
 */
static int
reseal_parts(struct sealer *s, const struct vault *v, int by_id,
    const char *val, char **out, struct xf_err *err)
{
	struct buf res = {0}, plain = {0};
	int changed = 0;
	char *tok;

	*out = NULL;
	for (const char *p = val; *p != '\0'; p = part_next(p, part_len(p))) {
		size_t n = part_len(p);

		if (p != val)
			buf_addc(&res, FIELD_ITEM_SEP);
		if (!sealed_part_ok(p, n) || open_part(v, by_id, p, n,
		    &plain) != 0) {
			buf_add(&res, p, n);
			continue;
		}
		if (sealer_keys(s, err) != 0) {
			changed = -1;
			break;
		}
		tok = seal_value(s->pks, s->npk, buf_str(&plain));
		buf_adds(&res, tok);
		free(tok);
		changed = 1;
	}
	if (changed > 0)
		*out = xstrdup(buf_str(&res));
	buf_free(&plain);
	buf_free(&res);
	return changed;
}

/* The message for a value that holds a damaged sealed part. */
static int
damaged_value(const struct kind *k, const struct field *f, struct xf_err *err)
{
	return xf_error(err, _("%s field '%s' holds a damaged restricted "
	    "value: leave it as it is or ask an officer to set it again"),
	    k->name, f->name);
}

/* One restricted value to store: its sealed parts as they are (or sealed
 * again where they arrived for this store), the plain parts sealed
 * together as one more part after them. */
static int
seal_one(struct sealer *s, const struct kind *k, const struct field *f,
    const char *val, char **out, struct xf_err *err)
{
	struct buf res = {0}, plain = {0};
	int rc = 0, nplain = 0;
	char *again, *tok;

	for (const char *p = val; rc == 0 && *p != '\0';
	    p = part_next(p, part_len(p))) {
		size_t n = part_len(p);
		char *part = xstrndup(p, n);

		if (part[0] == FIELD_SEALED && !sealed_part_ok(p, n))
			rc = damaged_value(k, f, err);
		else if (part[0] == FIELD_SEALED && (rc = reseal_parts(s,
		    store_vault(s->st), 1, part, &again, err)) >= 0) {
			field_list_join(&res, again ? again : part);
			free(again);
			rc = 0;
		} else if (part[0] != FIELD_SEALED && strchr(part,
		    FIELD_SEALED) != NULL)
			rc = damaged_value(k, f, err);
		else if (part[0] != FIELD_SEALED) {
			field_list_join(&plain, part);
			nplain++;
		}
		free(part);
	}
	if (rc == 0 && nplain > 0 && (rc = sealer_keys(s, err)) == 0) {
		tok = seal_value(s->pks, s->npk, buf_str(&plain));
		field_list_join(&res, tok);
		free(tok);
	}
	*out = rc == 0 ? xstrdup(buf_str(&res)) : NULL;
	buf_free(&plain);
	buf_free(&res);
	return rc;
}

/* The values to encode: restricted ones sealed (plain ones now, sealed
 * ones carried forward as they are). sealed[i] is set where allocated. */
static int
seal_restricted(struct store *st, const struct kind *k, char *const *vals,
    char **out, char **sealed, struct xf_err *err)
{
	struct sealer s = {.st = st};
	int rc = 0;

	for (int i = 0; i < k->nfields; i++) {
		out[i] = vals[i];
		if (rc != 0 || !(k->fields[i].flags & F_RESTRICTED) ||
		    vals[i] == NULL || vals[i][0] == '\0')
			continue;
		if ((rc = seal_one(&s, k, &k->fields[i], vals[i], &sealed[i],
		    err)) == 0)
			out[i] = sealed[i];
	}
	free(s.own);
	return rc;
}

/* Encode a version's body, sealing its restricted values. */
int
encode_body(struct store *st, const struct kind *k, char *const *vals,
    const char *reason, struct buf *body, struct xf_err *err)
{
	char **out = xcalloc((size_t)k->nfields, sizeof *out);
	char **sealed = xcalloc((size_t)k->nfields, sizeof *sealed);
	int rc = seal_restricted(st, k, vals, out, sealed, err);

	if (rc == 0) {
		record_encode(k, out, body);
		record_encode_reason(reason, body);
	}
	for (int i = 0; i < k->nfields; i++)
		free(sealed[i]);
	free(sealed);
	free(out);
	return rc;
}

/* Whether a value from a bundle is a well-formed sealed value: one or
 * more sealed parts, one a line. */
int
record_sealed_ok(const char *v, size_t len)
{
	size_t i = 0;

	if (len < 3 || len > RECORD_SEALED_MAX)
		return 0;
	while (i < len) {
		const char *nl = memchr(v + i, FIELD_ITEM_SEP, len - i);
		size_t n = nl ? (size_t)(nl - (v + i)) : len - i;

		if (!sealed_part_ok(v + i, n) || (nl != NULL && i + n + 1 ==
		    len))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Seal again, to the keys given alone, each restricted value of a body
 * these keys can open (with no key, to no one: withheld); those it cannot
 * open go as they are. */
static void
reseal_values(struct store *st, const struct kind *k, char **vals,
    char **sealed, const unsigned char (*pks)[32], int npk)
{
	struct sealer s = {.st = st, .npk = npk, .loaded = 1, .pks = pks};

	for (int i = 0; i < k->nfields; i++)
		if ((k->fields[i].flags & F_RESTRICTED) && vals[i] != NULL &&
		    is_sealed_value(vals[i]) && reseal_parts(&s,
		    store_vault(st), 0, vals[i], &sealed[i], NULL) > 0)
			vals[i] = sealed[i];
}

/*
 * For a bundle to a peer: the body (record_encode form, len bytes in
 * body) with its restricted values sealed to the npk keys the sync chose
 * for the peer (none: withheld) where this account can open them.
 * Returns the new length; body is replaced.
 */
size_t
record_reseal_for(struct store *st, int kind, const unsigned char (*pks)[32],
    int npk, struct buf *body, size_t len)
{
	const struct kind *k = kind_by_id(kind);
	char **vals, **sealed, *copy;
	struct buf out = {0};
	int any = 0;

	for (int i = 0; k != NULL && i < k->nfields; i++)
		any |= (k->fields[i].flags & F_RESTRICTED) != 0;
	if (!any || len <= 1 || !vault_has_restricted(store_vault(st)))
		return len;
	vals = xcalloc((size_t)k->nfields, sizeof *vals);
	sealed = xcalloc((size_t)k->nfields, sizeof *sealed);
	copy = xmalloc(len + 1);
	memcpy(copy, body->data, len);
	copy[len] = '\0';
	if (record_decode(k, copy, len, vals) == 0) {
		reseal_values(st, k, vals, sealed, pks, npk);
		record_encode(k, vals, &out);
		record_encode_reason(record_body_reason(copy, len), &out);
		buf_free(body);
		*body = out;
		len = out.len;
	}
	for (int i = 0; i < k->nfields; i++)
		free(sealed[i]);
	free(sealed);
	free(vals);
	free(copy);
	return len;
}

/* Whether the part p[0..n) is one of the parts of val. */
static int
has_part(const char *val, const char *p, size_t n)
{
	for (const char *q = val; q != NULL && *q != '\0';
	    q = part_next(q, part_len(q)))
		if (part_len(q) == n && memcmp(q, p, n) == 0)
			return 1;
	return 0;
}

/* Whether every part of old is a part of val. */
int
keeps_parts(const char *old, const char *val)
{
	for (const char *p = old; *p != '\0'; p = part_next(p, part_len(p)))
		if (!has_part(val, p, part_len(p)))
			return 0;
	return 1;
}

/* Whether a version is one of the parents named. */
static int
named_parent(const unsigned char *vid, const unsigned char (*parents)[VID_LEN],
    int nparents)
{
	for (int i = 0; i < nparents; i++)
		if (memcmp(parents[i], vid, VID_LEN) == 0)
			return 1;
	return 0;
}

/* Whether each sealed part of val is in some version of the record. */
static int
parts_known(const struct rec_list *h, int fi, const char *val)
{
	for (const char *p = val; p != NULL && *p != '\0';
	    p = part_next(p, part_len(p))) {
		int found = p[0] != FIELD_SEALED;

		for (size_t j = 0; !found && j < h->n; j++)
			found = has_part(h->rows[j].val[fi], p, part_len(p));
		if (!found)
			return 0;
	}
	return 1;
}

/* Whether a version's sealed value of field fi is carried by val. */
static int
sealed_kept(const struct field *f, const char *old, const char *val)
{
	if (old == NULL || old[0] != FIELD_SEALED)
		return 1;
	if (f->type == FT_LIST)
		return keeps_parts(old, val);
	return val != NULL && strcmp(old, val) == 0;
}

/*
 * An edit by an account that cannot read a restricted value carries it
 * as it is: this stops a volunteer removing or replacing the parties of a
 * dispute, or a person's details, that it cannot see, and passing off a
 * sealed value taken from another record as this one's. It may add items
 * to a list; they are sealed as a part of their own.
 */
int
check_sealed_kept(const struct kind *k, const struct rec_list *h,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    struct xf_err *err)
{
	for (int i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (!(f->flags & F_RESTRICTED))
			continue;
		for (size_t j = 0; j < h->n; j++) {
			const struct record *r = &h->rows[j];

			if ((r->head || named_parent(r->vid, parents,
			    nparents)) && !sealed_kept(f, r->val[i], vals[i]))
				return xf_error(err, f->type == FT_LIST ?
				    _("%s of this %s are restricted: a "
				    "volunteer account can add to them but not "
				    "remove or change one; ask an officer") :
				    _("%s of this %s is restricted: a volunteer "
				    "account cannot change or clear it; ask an "
				    "officer"), field_label(f), kind_label(k));
		}
		if (!parts_known(h, i, vals[i]))
			return xf_error(err, _("%s field '%s' holds a "
			    "restricted value that is not this record's: it is "
			    "refused"), k->name, f->name);
	}
	return 0;
}
