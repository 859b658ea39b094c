/*
 * Records as chains of immutable versions. A version's body is the record's
 * fields, encoded and sealed with every clear column bound as associated
 * data. Heads are versions no other version names as a parent; a record
 * with more than one head is in conflict.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "bench.h"
#include "audit.h"

#define BODY_FORMAT 1
#define ARENA_CHUNK (1u << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	unsigned char data[];
};

struct arena {
	struct arena_chunk *head;
};

static void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

/* Release a list and everything its records point at. */
void
rec_list_free(struct rec_list *l)
{
	free(l->rows);
	arena_free(l->arena);
	memset(l, 0, sizeof *l);
}

void
record_id_hex(const unsigned char *id, char out[33])
{
	hex_encode(out, id, RID_LEN);
}

/* Encode the fields of a record into a body. */
void
record_encode(const struct kind *k, char *const *vals, struct buf *out)
{
	buf_addc(out, BODY_FORMAT);
	for (int i = 0; i < k->nfields; i++) {
		if (vals[i] == NULL || vals[i][0] == '\0')
			continue;
		buf_addc(out, (unsigned char)(i + 1));
		buf_add(out, vals[i], strlen(vals[i]) + 1);
	}
}

/* Decode a body in place; fields of newer versions are skipped. */
int
record_decode(const struct kind *k, char *plain, size_t len, char **vals)
{
	char *p = plain + 1, *end = plain + len;

	memset(vals, 0, (size_t)k->nfields * sizeof *vals);
	if (len < 1 || plain[0] != BODY_FORMAT)
		return -1;
	while (p < end) {
		int idx = (unsigned char)*p++ - 1;
		char *nul = memchr(p, '\0', (size_t)(end - p));

		if (nul == NULL || idx < 0)
			return -1;
		if (idx < k->nfields)
			vals[idx] = p;
		p = nul + 1;
	}
	return 0;
}

static struct record *
list_add(struct rec_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->rows = xreallocarray(l->rows, l->cap, sizeof *l->rows);
	}
	return &l->rows[l->n++];
}

/*
 * Restricted fields. Their values are sealed to the restricted public keys
 * (crypto_box_seal, so any account can write them) and kept in the body as
 * FIELD_SEALED followed by the sealed bytes in hex; the body itself is then
 * sealed with the master key like any other, which binds them to the row.
 * Keys without the restricted secret leave the sealed value in place: it
 * shows as "restricted" and an edit must carry it forward unchanged. A
 * list such an account added items to holds several sealed parts, one a
 * line: what was there, then the new items sealed together; an account
 * with the secret opens them all and reads one list.
 */

/* The length of the part of a value that starts at p. */
static size_t
part_len(const char *p)
{
	const char *sep = strchr(p, FIELD_ITEM_SEP);

	return sep ? (size_t)(sep - p) : strlen(p);
}

/* The part after the one at p of length n, or the value's end. */
static const char *
part_next(const char *p, size_t n)
{
	return p[n] == FIELD_ITEM_SEP ? p + n + 1 : p + n;
}

/* Whether p[0..n) is one well-formed sealed part: FIELD_SEALED, hex. */
static int
sealed_part_ok(const char *p, size_t n)
{
	if (n < 3 || p[0] != FIELD_SEALED || (n - 1) % 2 != 0)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isxdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

/* Open one sealed part with the restricted key (by_id: with the identity
 * key, for a part in transit); 0 with its plain text in out. */
static int
open_part(const struct vault *v, int by_id, const char *p, size_t n,
    struct buf *out)
{
	size_t rawlen = (n - 1) / 2;
	unsigned char *raw = xmalloc(rawlen ? rawlen : 1);
	char *hex = xstrndup(p + 1, n - 1);
	int rc;

	out->len = 0;
	rc = hex_decode(raw, rawlen, hex) != 0 ||
	    (by_id ? vault_restricted_open_id(v, raw, rawlen, out) :
	    vault_restricted_open(v, raw, rawlen, out)) != 0 ||
	    (out->len > 0 && memchr(out->data, '\0', out->len) != NULL);
	free(hex);
	free(raw);
	return rc ? -1 : 0;
}

/* Open every part of a sealed value; 0 with their plain texts joined by
 * newlines in out, -1 if a part does not open with these keys. */
static int
open_value(const struct vault *v, const char *val, struct buf *out)
{
	struct buf part = {0};
	int rc = 0;

	out->len = 0;
	for (const char *p = val; rc == 0 && *p != '\0';) {
		size_t n = part_len(p);

		if (!sealed_part_ok(p, n) || open_part(v, 0, p, n, &part) != 0)
			rc = -1;
		else {
			if (p != val)
				buf_addc(out, FIELD_ITEM_SEP);
			buf_add(out, part.data, part.len);
		}
		p = part_next(p, n);
	}
	buf_str(out);
	buf_free(&part);
	return rc;
}

/* Open the sealed restricted values these keys can open. */
static void
unseal_restricted(struct rec_list *l, const struct kind *k, char **vals,
    const struct vault *vault)
{
	struct buf plain = {0};

	if (!vault_has_restricted(vault))
		return;
	for (int i = 0; i < k->nfields; i++) {
		char *v = vals[i];

		if (!(k->fields[i].flags & F_RESTRICTED) || v == NULL ||
		    v[0] != FIELD_SEALED || open_value(vault, v, &plain) != 0)
			continue;
		vals[i] = arena_alloc(l->arena, plain.len + 1);
		memcpy(vals[i], plain.data, plain.len + 1);
	}
	buf_free(&plain);
}

/* Open and decode one stored row into r, memory from the list's arena. */
static int
decode_row(struct rec_list *l, const struct kind *k,
    const struct store_row *row, struct record *r, const struct vault *vault)
{
	unsigned char ad[VERSION_AD_MAX];
	size_t adlen = version_ad(&row->v, ad), plen;
	char *plain;

	if (row->bodylen < VAULT_SEAL_OVERHEAD + 1)
		return -1;
	plen = row->bodylen - VAULT_SEAL_OVERHEAD;
	plain = arena_alloc(l->arena, plen + 1);
	if (vault_open(vault, ad, adlen, row->body, row->bodylen,
	    (unsigned char *)plain) != 0)
		return -1;
	plain[plen] = '\0';
	r->val = arena_alloc(l->arena, (size_t)k->nfields * sizeof *r->val);
	if (record_decode(k, plain, plen, r->val) != 0)
		return -1;
	unseal_restricted(l, k, r->val, vault);
	memcpy(r->rid, row->v.rid, RID_LEN);
	memcpy(r->vid, row->v.vid, VID_LEN);
	memcpy(r->device, row->v.device, VAULT_KEYID_LEN);
	memcpy(r->author, row->v.author, UID_LEN);
	r->hlc = row->v.hlc;
	r->kind = (uint8_t)row->v.kind;
	r->tomb = (uint8_t)row->v.tomb;
	r->head = (uint8_t)row->head;
	r->nheads = 1;
	r->nparents = (uint8_t)row->v.nparents;
	r->parents = NULL;
	if (r->nparents > 0) {
		r->parents = arena_alloc(l->arena, r->nparents * VID_LEN);
		memcpy(r->parents, row->v.parents, r->nparents * VID_LEN);
	}
	return 0;
}

/* Whether version a is newer than b (clock, then id). */
static int
newer(const struct record *a, const struct record *b)
{
	if (a->hlc != b->hlc)
		return a->hlc > b->hlc;
	return memcmp(a->vid, b->vid, VID_LEN) > 0;
}

/* Whether two versions say the same thing: alike heads are no conflict
 * (two laptops that made the same change, or the same duty night). */
static int
same_content(const struct kind *k, const struct record *a,
    const struct record *b)
{
	if (a->tomb != b->tomb)
		return 0;
	for (int i = 0; !a->tomb && i < k->nfields; i++) {
		const char *x = a->val[i], *y = b->val[i];

		if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
			return 0;
	}
	return 1;
}

struct list_state {
	struct rec_list *l;
	const struct vault *vault;
};

/* Heads arrive grouped by record: keep the newest live one, count all. */
static int
list_row(void *arg, const struct store_row *row)
{
	struct list_state *ls = arg;
	struct rec_list *l = ls->l;
	struct record tmp, *prev = l->n ? &l->rows[l->n - 1] : NULL;

	if (prev != NULL && memcmp(prev->rid, row->v.rid, RID_LEN) == 0) {
		if (decode_row(l, l->kind, row, &tmp, ls->vault) != 0) {
			l->damaged++;
			return 0;
		}
		tmp.nheads = (uint16_t)(prev->nheads +
		    !same_content(l->kind, &tmp, prev));
		if ((prev->tomb && !tmp.tomb) ||
		    (newer(&tmp, prev) && !(tmp.tomb && !prev->tomb)))
			*prev = tmp;
		else
			prev->nheads = tmp.nheads;
		return 0;
	}
	if (prev != NULL && prev->tomb && prev->nheads == 1)
		l->n--;
	if (decode_row(l, l->kind, row, list_add(l), ls->vault) != 0) {
		l->n--;
		l->damaged++;
	}
	return 0;
}

/* Drop a trailing record whose only head is a tombstone. */
static void
drop_deleted_tail(struct rec_list *l)
{
	if (l->n > 0 && l->rows[l->n - 1].tomb && l->rows[l->n - 1].nheads == 1)
		l->n--;
}

/* Append part b (ids above part a's) to a, taking over its memory. */
static void
list_join(struct rec_list *a, struct rec_list *b)
{
	struct arena_chunk **tail;

	if (a->cap < a->n + b->n) {
		a->cap = a->n + b->n;
		a->rows = xreallocarray(a->rows, a->cap, sizeof *a->rows);
	}
	if (b->n > 0)
		memcpy(a->rows + a->n, b->rows, b->n * sizeof *b->rows);
	a->n += b->n;
	a->damaged += b->damaged;
	for (tail = &a->arena->head; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = b->arena->head;
	b->arena->head = NULL;
	rec_list_free(b);
}

/* Load and decrypt the current version of every record of a kind; the two
 * halves of the id space load in parallel. */
int
record_list(struct store *st, const struct kind *k, struct rec_list *l,
    struct xf_err *err)
{
	struct rec_list part;
	struct list_state ls[2] = {{l, store_vault(st)},
	    {&part, store_vault(st)}};
	void *args[2] = {&ls[0], &ls[1]};

	memset(l, 0, sizeof *l);
	memset(&part, 0, sizeof part);
	l->kind = part.kind = k;
	l->arena = xcalloc(1, sizeof *l->arena);
	part.arena = xcalloc(1, sizeof *part.arena);
	if (store_scan_heads_split(st, k->id, list_row, args, err) != 0) {
		rec_list_free(&part);
		rec_list_free(l);
		return -1;
	}
	drop_deleted_tail(l);
	drop_deleted_tail(&part);
	list_join(l, &part);
	return 0;
}

struct recent_state {
	struct rec_list *l;
	const struct vault *vault;
	int seen;
};

/* Newest first: keep each record's first (newest) live head once. */
static int
recent_row(void *arg, const struct store_row *row)
{
	struct recent_state *rs = arg;
	struct rec_list *l = rs->l;

	rs->seen++;
	for (size_t i = 0; i < l->n; i++)
		if (memcmp(l->rows[i].rid, row->v.rid, RID_LEN) == 0) {
			l->rows[i].nheads++;
			return 0;
		}
	if (decode_row(l, l->kind, row, list_add(l), rs->vault) != 0) {
		l->n--;
		l->damaged++;
	} else if (l->rows[l->n - 1].tomb)
		l->n--;
	return 0;
}

static int
rid_cmp(const void *a, const void *b)
{
	return memcmp(((const struct record *)a)->rid,
	    ((const struct record *)b)->rid, RID_LEN);
}

/* The last-changed records of a kind, for a quick first screen. */
int
record_list_recent(struct store *st, const struct kind *k, int limit,
    struct rec_list *l, int *more, struct xf_err *err)
{
	struct recent_state rs = {l, store_vault(st), 0};

	memset(l, 0, sizeof *l);
	l->kind = k;
	l->arena = xcalloc(1, sizeof *l->arena);
	if (store_scan_heads_recent(st, k->id, limit, recent_row, &rs,
	    err) != 0) {
		rec_list_free(l);
		return -1;
	}
	*more = rs.seen >= limit;
	if (!*more) {
		/* That was all of them: count conflicts as record_list does. */
		rec_list_free(l);
		return record_list(st, k, l, err);
	}
	qsort(l->rows, l->n, sizeof *l->rows, rid_cmp);
	return 0;
}

struct history_state {
	struct rec_list *l;
	const struct vault *vault;
	struct xf_err *err;
};

static int
history_row(void *arg, const struct store_row *row)
{
	struct history_state *hs = arg;
	struct rec_list *l = hs->l;
	char hex[33];

	if (l->kind == NULL && (l->kind = kind_by_id(row->v.kind)) == NULL)
		return xf_error(hs->err, _("record has an unknown kind %d: "
		    "upgrade xunfang"), row->v.kind);
	if (decode_row(l, l->kind, row, list_add(l), hs->vault) != 0) {
		hex_encode(hex, row->v.vid, VID_LEN);
		return xf_error(hs->err, _("version %.8s of this record does "
		    "not decrypt: its row in the store was altered or moved; "
		    "restore the store from a backup or the station"), hex);
	}
	return 0;
}

/* Every version of one record, oldest first. */
int
record_history(struct store *st, const unsigned char *rid, struct rec_list *l,
    struct xf_err *err)
{
	struct history_state hs = {l, store_vault(st), err};
	int heads = 0;

	memset(l, 0, sizeof *l);
	l->arena = xcalloc(1, sizeof *l->arena);
	if (store_scan_record(st, rid, history_row, &hs, err) != 0) {
		rec_list_free(l);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		int alike = 0;

		for (size_t j = 0; l->rows[i].head && j < i && !alike; j++)
			alike = l->rows[j].head &&
			    same_content(l->kind, &l->rows[i], &l->rows[j]);
		heads += l->rows[i].head && !alike;
	}
	for (size_t i = 0; i < l->n; i++)
		l->rows[i].nheads = (uint16_t)heads;
	return 0;
}

/* The newest head of a history (a live one before a tombstone). */
const struct record *
record_current(const struct rec_list *l)
{
	const struct record *best = NULL;

	for (size_t i = 0; i < l->n; i++) {
		const struct record *r = &l->rows[i];

		if (!r->head)
			continue;
		if (best == NULL || (best->tomb && !r->tomb) ||
		    (newer(r, best) && !(r->tomb && !best->tomb)))
			best = r;
	}
	return best;
}

/* Binary search by record id in a list from record_list. */
const struct record *
rec_list_find(const struct rec_list *l, const unsigned char *rid)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(l->rows[mid].rid, rid, RID_LEN);

		if (c == 0)
			return &l->rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

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
static int
encode_body(struct store *st, const struct kind *k, char *const *vals,
    struct buf *body, struct xf_err *err)
{
	char **out = xcalloc((size_t)k->nfields, sizeof *out);
	char **sealed = xcalloc((size_t)k->nfields, sizeof *sealed);
	int rc = seal_restricted(st, k, vals, out, sealed, err);

	if (rc == 0)
		record_encode(k, out, body);
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

/* Seal and store a version with the caller's metadata. */
int
record_put(struct store *st, const struct kind *k, const struct version *v,
    char *const *vals, int maybe_parent, struct xf_err *err)
{
	struct buf body = {0};
	unsigned char ad[VERSION_AD_MAX], *sealed;
	size_t adlen;
	int rc;

	if (!v->tomb && encode_body(st, k, vals, &body, err) != 0) {
		buf_free(&body);
		return -1;
	} else if (v->tomb)
		buf_addc(&body, BODY_FORMAT);
	adlen = version_ad(v, ad);
	sealed = xmalloc(body.len + VAULT_SEAL_OVERHEAD);
	vault_seal_to(store_vault(st), ad, adlen, body.data, body.len, sealed);
	rc = store_put_version(st, v, sealed, body.len + VAULT_SEAL_OVERHEAD,
	    maybe_parent, err);
	free(sealed);
	buf_free(&body);
	return rc;
}

/* Fill in and store a version by this device and user. */
static int
write_own(struct store *st, const struct kind *k, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    int tomb, struct version *v, struct xf_err *err)
{
	unsigned char ids[RID_LEN + VID_LEN];

	if (nparents > MAX_PARENTS)
		return xf_error(err, _("a version can have at most %d parents"),
		    MAX_PARENTS);
	vault_random(ids, sizeof ids);
	memcpy(v->rid, rid ? rid : ids, RID_LEN);
	memcpy(v->vid, ids + RID_LEN, VID_LEN);
	v->kind = k->id;
	v->hlc = store_hlc_next(st);
	memcpy(v->device, store_device(st), VAULT_KEYID_LEN);
	memcpy(v->author, store_user(st), UID_LEN);
	v->nparents = nparents;
	if (nparents > 0)
		memcpy(v->parents, parents, (size_t)nparents * VID_LEN);
	v->tomb = tomb;
	return record_put(st, k, v, vals, 0, err) < 0 ? -1 : 0;
}

/* Create one record of a batch; its audit entry comes at the end. */
int
record_batch_add(struct store *st, struct record_batch *b,
    const struct kind *k, char *const *vals, unsigned char *rid_out,
    struct xf_err *err)
{
	struct version v;

	if (b->kind != NULL && b->kind != k)
		return xf_error(err, _("a batch holds records of one kind"));
	b->kind = k;
	if (write_own(st, k, NULL, NULL, 0, vals, 0, &v, err) != 0)
		return -1;
	buf_add(&b->rids, v.rid, RID_LEN);
	b->n++;
	if (rid_out != NULL)
		memcpy(rid_out, v.rid, RID_LEN);
	return 0;
}

/* Audit a batch as one entry: how many records, and a hash of their ids. */
int
record_batch_end(struct store *st, struct record_batch *b, struct xf_err *err)
{
	unsigned char target[RID_LEN], hash[32];
	int rc = 0;

	if (b->n > 0) {
		store_u64be(target, b->n);
		vault_hash(b->rids.data, b->rids.len, hash);
		memcpy(target + 8, hash, RID_LEN - 8);
		rc = audit_log(st, AUDIT_CREATE_BATCH, b->kind->id, target,
		    RID_LEN, err);
	}
	buf_free(&b->rids);
	memset(b, 0, sizeof *b);
	return rc;
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
static int
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
static int
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
				    "officer"), _(f->label), _(k->label));
		}
		if (!parts_known(h, i, vals[i]))
			return xf_error(err, _("%s field '%s' holds a "
			    "restricted value that is not this record's: it is "
			    "refused"), k->name, f->name);
	}
	return 0;
}

/* Whether the unlocked account is a volunteer's. */
static int
is_volunteer(const struct store *st)
{
	const char *role = store_user_role(st);

	return role != NULL && strcmp(role, "volunteer") == 0;
}

/* Nor may it bring back a record another account deleted: a version on
 * top of that tombstone would undo an officer's decision. */
static int
check_undelete(struct store *st, const struct kind *k,
    const struct rec_list *h, struct xf_err *err)
{
	if (!is_volunteer(st))
		return 0;
	for (size_t j = 0; j < h->n; j++)
		if (h->rows[j].head && h->rows[j].tomb &&
		    memcmp(h->rows[j].author, store_user(st), UID_LEN) != 0)
			return xf_error(err, _("this %s was deleted by another "
			    "account: a volunteer account cannot bring it back; "
			    "ask an officer"), _(k->label));
	return 0;
}

/* A volunteer may delete only a record that it alone wrote: this stops
 * it hiding an officer's dispute, or a patrol another account logged,
 * from every list. */
static int
check_delete(struct store *st, const struct kind *k, const struct rec_list *h,
    struct xf_err *err)
{
	if (!is_volunteer(st))
		return 0;
	for (size_t j = 0; j < h->n; j++)
		if (memcmp(h->rows[j].author, store_user(st), UID_LEN) != 0)
			return xf_error(err, _("this %s was written by another "
			    "account: a volunteer account can delete only "
			    "records it wrote itself; ask an officer"),
			    _(k->label));
	return 0;
}

/* Whether a kind has a restricted field. */
static int
kind_restricted(const struct kind *k)
{
	for (int i = 0; i < k->nfields; i++)
		if (k->fields[i].flags & F_RESTRICTED)
			return 1;
	return 0;
}

/* What this account may write over the record as it stands: restricted
 * values it cannot read kept; for a volunteer, a tombstone only on its own
 * record and no version over another account's tombstone. */
static int
check_write(struct store *st, const struct kind *k, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    int tomb, struct xf_err *err)
{
	struct rec_list h;
	int rc;

	memset(&h, 0, sizeof h);
	if (!tomb && !kind_restricted(k) && (rid == NULL || !is_volunteer(st)))
		return 0;
	if (rid == NULL)
		return check_sealed_kept(k, &h, parents, nparents, vals, err);
	if (record_history(st, rid, &h, err) != 0)
		return -1;
	if (h.n > 0 && h.kind != k)
		rc = xf_error(err, _("this record is a %s, not a %s"),
		    h.kind->name, k->name);
	else if (tomb)
		rc = check_delete(st, k, &h, err);
	else if ((rc = check_undelete(st, k, &h, err)) == 0)
		rc = check_sealed_kept(k, &h, parents, nparents, vals, err);
	rec_list_free(&h);
	return rc;
}

/* Whether val carries a restricted value of a parent as the station
 * reads both: the same (a list: every item of it), open or sealed alike. */
static int
kept_at_station(const struct field *f, const char *old, const char *val)
{
	if (old == NULL || *old == '\0')
		return 1;
	if (val == NULL || (old[0] == FIELD_SEALED) != (val[0] == FIELD_SEALED))
		return 0;
	return f->type == FT_LIST ? keeps_parts(old, val) : strcmp(old, val) == 0;
}

/* The refusal of a volunteer's version, naming it, its author and the
 * device, and what was not the volunteer's to do. */
static int
volunteer_refused(const struct version *v, const char *device,
    const char *what, struct xf_err *err)
{
	char vid[2 * VID_LEN + 1], uid[2 * UID_LEN + 1];

	hex_encode(vid, v->vid, VID_LEN);
	hex_encode(uid, v->author, UID_LEN);
	return xf_error(err, _("version %.8s, by account %.8s of device %s "
	    "(a volunteer's, as far as this station knows), %s, which a "
	    "volunteer account may not: the bundle is refused; if the account "
	    "is an officer's, export from the device as an officer, whose "
	    "bundle vouches for its accounts"), vid, uid, device, what);
}

/*
 * At a station, once a device's version is stored: if its author is a
 * volunteer's account, the rules a volunteer keeps on the device (see
 * check_write) hold for it, since a changed xunfang on the device would
 * not keep them. A deletion only of a record the author alone wrote; no
 * version on another account's deletion; every restricted value of each
 * parent carried (the station reads them).
 */
int
record_check_volunteer(struct store *st, const struct kind *k,
    const struct version *v, const char *device, struct xf_err *err)
{
	struct rec_list h;
	const struct record *self;
	int rc = 0;

	memset(&h, 0, sizeof h);
	if (record_history(st, v->rid, &h, err) != 0)
		return -1;
	self = NULL;
	for (size_t j = 0; j < h.n; j++)
		if (memcmp(h.rows[j].vid, v->vid, VID_LEN) == 0)
			self = &h.rows[j];
	for (size_t j = 0; v->tomb && rc == 0 && j < h.n; j++)
		if (memcmp(h.rows[j].author, v->author, UID_LEN) != 0)
			rc = volunteer_refused(v, device,
			    _("deletes a record another account wrote"), err);
	for (int i = 0; !v->tomb && rc == 0 && i < v->nparents; i++) {
		const struct record *r = NULL;

		for (size_t j = 0; j < h.n; j++)
			if (memcmp(h.rows[j].vid, v->parents[i], VID_LEN) == 0)
				r = &h.rows[j];
		if (r == NULL || self == NULL) {
			rc = volunteer_refused(v, device,
			    _("names a parent version this station does not "
			    "hold"), err);
			break;
		}
		if (r->tomb && memcmp(r->author, v->author, UID_LEN) != 0) {
			rc = volunteer_refused(v, device,
			    _("brings back a record another account deleted"),
			    err);
			break;
		}
		for (int f = 0; !r->tomb && rc == 0 && f < k->nfields; f++)
			if ((k->fields[f].flags & F_RESTRICTED) &&
			    !kept_at_station(&k->fields[f], r->val[f],
			    self->val[f]))
				rc = volunteer_refused(v, device,
				    _("removes or changes a restricted value"),
				    err);
	}
	rec_list_free(&h);
	return rc;
}

/* Write a new version by this device and user; the caller holds a
 * transaction. */
int
record_write(struct store *st, const struct kind *k, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    int tomb, unsigned char *rid_out, unsigned char *vid_out,
    struct xf_err *err)
{
	struct version v;

	if (store_clock_refuse(st, err) != 0 ||
	    check_write(st, k, rid, parents, nparents, vals, tomb, err) != 0 ||
	    write_own(st, k, rid, parents, nparents, vals, tomb, &v,
	    err) != 0 ||
	    audit_log(st, tomb ? AUDIT_DELETE : nparents ? AUDIT_EDIT :
	    AUDIT_CREATE, k->id, v.rid, RID_LEN, err) != 0)
		return -1;
	if (rid_out != NULL)
		memcpy(rid_out, v.rid, RID_LEN);
	if (vid_out != NULL)
		memcpy(vid_out, v.vid, VID_LEN);
	return 0;
}

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
