/*
 * Records as chains of immutable versions. A version's body is the record's
 * fields, encoded and sealed with every clear column bound as associated
 * data. Heads are versions no other version names as a parent; a record
 * with more than one head is in conflict. Sealing restricted values is in
 * record-seal.c, the reference-name cache in record-ref.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "record-int.h"
#include "bench.h"
#include "audit.h"
#include "dispute.h"
#include "review.h"

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

void
record_first_vid(const unsigned char *rid, unsigned char *vid)
{
	static const char label[] = "xunfang first version";
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, VID_LEN);
	crypto_generichash_update(&h, (const unsigned char *)label,
	    sizeof label);
	crypto_generichash_update(&h, rid, RID_LEN);
	crypto_generichash_final(&h, vid, VID_LEN);
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

/* Append a version's reason (why it was written) to an encoded body. */
void
record_encode_reason(const char *reason, struct buf *out)
{
	if (reason == NULL || reason[0] == '\0')
		return;
	buf_addc(out, RECORD_BODY_REASON);
	buf_add(out, reason, strlen(reason) + 1);
}

/* The reason a body carries, pointing into it, or NULL. */
const char *
record_body_reason(const char *plain, size_t len)
{
	const char *p = plain + 1, *end = plain + len;

	while (len > 0 && p < end) {
		int idx = (unsigned char)*p++;
		const char *nul = memchr(p, '\0', (size_t)(end - p));

		if (nul == NULL)
			return NULL;
		if (idx == RECORD_BODY_REASON)
			return p;
		p = nul + 1;
	}
	return NULL;
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
size_t
part_len(const char *p)
{
	const char *sep = strchr(p, FIELD_ITEM_SEP);

	return sep ? (size_t)(sep - p) : strlen(p);
}

/* The part after the one at p of length n, or the value's end. */
const char *
part_next(const char *p, size_t n)
{
	return p[n] == FIELD_ITEM_SEP ? p + n + 1 : p + n;
}

/* Whether p[0..n) is one well-formed sealed part: FIELD_SEALED, hex. */
int
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
int
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
	r->reason = record_body_reason(plain, plen);
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

/* The day of a time in seconds, UTC: any time of a period falls between
 * the days of its first and last second, whatever the time zone. */
static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int64_t
record_day_of(int64_t t)
{
	return day_of(t);
}

int64_t
record_day(const struct kind *k, char *const *vals)
{
	int f = kind_when_field(k);

	if (f < 0)
		return STORE_NO_DAY;
	return day_of(vals[f] ? (int64_t)strtoll(vals[f], NULL, 10) : 0);
}

struct days_state {
	struct rec_list *l;
	const struct vault *vault;
	int moved;		/* a decrypted day is not the clear one */
};

/* Keep every head of the period; records are joined after. */
static int
days_row(void *arg, const struct store_row *row)
{
	struct days_state *ds = arg;
	struct rec_list *l = ds->l;
	struct record *r = list_add(l);

	if (decode_row(l, l->kind, row, r, ds->vault) != 0) {
		l->n--;
		l->damaged++;
		return 0;
	}
	if (!r->tomb && record_day(l->kind, r->val) != row->day) {
		ds->moved = 1;
		return -1;
	}
	return 0;
}

struct head_pos {
	const unsigned char *rid;
	size_t pos;
};

/* By record id, then in the order read. */
static int
pos_cmp(const void *a, const void *b)
{
	const struct head_pos *p = a, *q = b;
	int c = memcmp(p->rid, q->rid, RID_LEN);

	return c ? c : (p->pos > q->pos) - (p->pos < q->pos);
}

/* Sort the heads read by record id and keep one per record, as
 * list_row does for a scan in id order. */
static void
join_heads(struct rec_list *l)
{
	struct head_pos *pos = xcalloc(l->n + 1, sizeof *pos);
	struct record *rows = xcalloc(l->n + 1, sizeof *rows);
	size_t m = 0;

	for (size_t i = 0; i < l->n; i++) {
		pos[i].rid = l->rows[i].rid;
		pos[i].pos = i;
	}
	if (l->n > 1)
		qsort(pos, l->n, sizeof *pos, pos_cmp);
	for (size_t i = 0; i < l->n; i++) {
		const struct record *tmp = &l->rows[pos[i].pos];
		struct record *prev = m ? &rows[m - 1] : NULL;

		if (prev != NULL && memcmp(prev->rid, tmp->rid, RID_LEN) == 0) {
			uint16_t nh = (uint16_t)(prev->nheads +
			    !same_content(l->kind, tmp, prev));

			if ((prev->tomb && !tmp->tomb) ||
			    (newer(tmp, prev) && !(tmp->tomb && !prev->tomb)))
				*prev = *tmp;
			prev->nheads = nh;
			continue;
		}
		if (prev != NULL && prev->tomb && prev->nheads == 1)
			m--;
		rows[m++] = *tmp;
	}
	if (m > 0 && rows[m - 1].tomb && rows[m - 1].nheads == 1)
		m--;
	free(pos);
	free(l->rows);
	l->rows = rows;
	l->n = m;
	l->cap = l->n + 1;
}

int
record_list_days(struct store *st, const struct kind *k, int64_t lo,
    int64_t hi, struct rec_list *l, struct xf_err *err)
{
	struct days_state ds = {l, store_vault(st), 0};
	int rc;

	memset(l, 0, sizeof *l);
	l->kind = k;
	l->arena = xcalloc(1, sizeof *l->arena);
	rc = store_scan_days(st, k->id, lo, hi, days_row, &ds, err);
	if (rc != 0) {
		if (ds.moved)
			store_days_altered(st, err);
		rec_list_free(l);
		return rc;
	}
	join_heads(l);
	return 0;
}

int
record_list_period(struct store *st, const struct kind *k, int64_t lo,
    int64_t hi, struct rec_list *l, struct xf_err *err)
{
	int rc = record_days_fill(st, err);

	if (rc != 0 && rc < 0 && err->code != XF_E_FULL &&
	    err->code != XF_E_BUSY)
		return -1;
	if (rc == 0 && (rc = record_list_days(st, k, lo, hi, l, err)) <= 0)
		return rc;
	return record_list(st, k, l, err);
}

void
record_list_merge(struct rec_list *a, struct rec_list *b)
{
	list_join(a, b);
	join_heads(a);
}

struct fill_state {
	struct rec_list scratch;
	const struct vault *vault;
	unsigned char (*vids)[VID_LEN];
	int64_t *days;
	size_t n, cap;
};

/* Note one head's day from its decrypted body. */
static int
fill_row(void *arg, const struct store_row *row)
{
	struct fill_state *fs = arg;
	struct record r;
	int64_t day = STORE_NO_DAY;

	if (decode_row(&fs->scratch, fs->scratch.kind, row, &r,
	    fs->vault) == 0 && !r.tomb)
		day = record_day(fs->scratch.kind, r.val);
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 1024;
		fs->vids = xreallocarray(fs->vids, fs->cap, VID_LEN);
		fs->days = xreallocarray(fs->days, fs->cap, sizeof *fs->days);
	}
	memcpy(fs->vids[fs->n], row->v.vid, VID_LEN);
	fs->days[fs->n++] = day;
	if (fs->n % 4096 == 0) {
		arena_free(fs->scratch.arena);
		fs->scratch.arena = xcalloc(1, sizeof *fs->scratch.arena);
	}
	return 0;
}

int
record_days_fill(struct store *st, struct xf_err *err)
{
	struct fill_state fs;
	int rc = 0;

	if (store_days_ready(st))
		return 0;
	if (store_readonly(st))
		return 1;
	memset(&fs, 0, sizeof fs);
	fs.vault = store_vault(st);
	for (int id = 1; rc == 0 && id <= KIND_MAX; id++) {
		const struct kind *k = kind_by_id(id);

		if (k == NULL || kind_when_field(k) < 0)
			continue;
		fs.scratch.kind = k;
		fs.scratch.arena = xcalloc(1, sizeof *fs.scratch.arena);
		rc = store_scan_heads(st, id, fill_row, &fs, err);
		arena_free(fs.scratch.arena);
		fs.scratch.arena = NULL;
	}
	if (rc == 0)
		rc = store_days_fill(st, (const unsigned char (*)[VID_LEN])
		    fs.vids, fs.days, fs.n, err);
	free(fs.vids);
	free(fs.days);
	return rc;
}

/* The slot of a record id in the page's table (power-of-two size). */
static size_t
page_slot(const struct rec_page *p, const unsigned char *rid)
{
	size_t mask = p->cap - 1, h;

	memcpy(&h, rid, sizeof h);
	for (h &= mask;; h = (h + 1) & mask)
		if (p->slot[h] == 0 ||
		    memcmp(p->l->rows[p->slot[h] - 1].rid, rid, RID_LEN) == 0)
			return h;
}

/* Make room in the table for one more record. */
static void
page_grow(struct rec_page *p)
{
	size_t *old = p->slot, ocap = p->cap;

	if (p->cap != 0 && (p->l->n + 1) * 2 < p->cap)
		return;
	p->cap = p->cap ? p->cap * 2 : 1024;
	p->slot = xcalloc(p->cap, sizeof *p->slot);
	for (size_t i = 0; i < ocap; i++)
		if (old[i] != 0)
			p->slot[page_slot(p, p->l->rows[old[i] - 1].rid)] =
			    old[i];
	free(old);
}

struct page_state {
	struct rec_page *p;
	const struct vault *vault;
};

/* Newest first: a record's first head is kept, a later one of the same
 * record counted as list_row counts it (and kept if it is live where
 * the first is a tombstone, or newer). */
static int
page_row(void *arg, const struct store_row *row)
{
	struct page_state *ps = arg;
	struct rec_page *p = ps->p;
	struct rec_list *l = p->l;
	struct record tmp, *prev;
	size_t h;

	page_grow(p);
	h = page_slot(p, row->v.rid);
	if (p->slot[h] == 0) {
		if (decode_row(l, l->kind, row, list_add(l), ps->vault) != 0) {
			l->n--;
			l->damaged++;
		} else
			p->slot[h] = l->n;
		return 0;
	}
	prev = &l->rows[p->slot[h] - 1];
	if (decode_row(l, l->kind, row, &tmp, ps->vault) != 0) {
		l->damaged++;
		return 0;
	}
	tmp.nheads = (uint16_t)(prev->nheads + !same_content(l->kind, &tmp,
	    prev));
	if ((prev->tomb && !tmp.tomb) ||
	    (newer(&tmp, prev) && !(tmp.tomb && !prev->tomb))) {
		*prev = tmp;
		p->changed = 1;
	} else
		prev->nheads = tmp.nheads;
	return 0;
}

/* Drop the records whose only head is a tombstone, keeping the order,
 * and note which rows they were. */
static void
page_compact(struct rec_page *p)
{
	struct rec_list *l = p->l;
	size_t m = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (!(l->rows[i].tomb && l->rows[i].nheads == 1)) {
			l->rows[m++] = l->rows[i];
			continue;
		}
		p->dropped = xreallocarray(p->dropped, p->ndropped + 1,
		    sizeof *p->dropped);
		p->dropped[p->ndropped++] = i;
	}
	l->n = m;
}

void
record_page_init(struct rec_page *p, const struct kind *k,
    struct rec_list *l)
{
	memset(p, 0, sizeof *p);
	memset(l, 0, sizeof *l);
	l->kind = k;
	l->arena = xcalloc(1, sizeof *l->arena);
	p->l = l;
}

int
record_page_next(struct store *st, struct rec_page *p, int limit,
    struct xf_err *err)
{
	struct page_state ps = {p, store_vault(st)};
	const struct kind *k = p->l->kind;
	struct rec_list all;
	int rc;

	rc = store_scan_heads_page(st, k->id, &p->pg, limit, page_row, &ps,
	    err);
	if (rc <= 0)
		return rc;
	free(p->slot);
	p->slot = NULL;
	p->cap = 0;
	page_compact(p);
	if (store_page_check(st, k->id, &p->pg, err) == 0)
		return 1;
	p->moved = 1;
	/* Written between two pages, or altered: one read tells. */
	if (record_list(st, k, &all, err) != 0)
		return -1;
	rec_list_free(p->l);
	*p->l = all;
	return 1;
}

void
record_page_free(struct rec_page *p)
{
	free(p->slot);
	free(p->dropped);
	memset(p, 0, sizeof *p);
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

/* Seal and store a version with the caller's metadata. */
int
record_put(struct store *st, const struct kind *k, const struct version *v,
    char *const *vals, int maybe_parent, struct xf_err *err)
{
	return record_put_why(st, k, v, vals, NULL, maybe_parent, err);
}

/* Seal and store a version with the caller's metadata and its reason. */
int
record_put_why(struct store *st, const struct kind *k,
    const struct version *v, char *const *vals, const char *reason,
    int maybe_parent, struct xf_err *err)
{
	struct buf body = {0};
	unsigned char ad[VERSION_AD_MAX], *sealed;
	size_t adlen;
	int rc;

	if (!v->tomb && encode_body(st, k, vals, reason, &body, err) != 0) {
		buf_free(&body);
		return -1;
	} else if (v->tomb)
		buf_addc(&body, BODY_FORMAT);
	adlen = version_ad(v, ad);
	sealed = xmalloc(body.len + VAULT_SEAL_OVERHEAD);
	vault_seal_to(store_vault(st), ad, adlen, body.data, body.len, sealed);
	rc = store_put_version(st, v, sealed, body.len + VAULT_SEAL_OVERHEAD,
	    v->tomb ? STORE_NO_DAY : record_day(k, vals), maybe_parent, err);
	free(sealed);
	buf_free(&body);
	return rc;
}

/* Fill in and store a version by this device and user. */
static int
write_own(struct store *st, const struct kind *k, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    int tomb, const char *reason, struct version *v, struct xf_err *err)
{
	unsigned char ids[RID_LEN + VID_LEN];

	if (nparents > MAX_PARENTS)
		return xf_error(err, _("a version can have at most %d parents"),
		    MAX_PARENTS);
	vault_random(ids, sizeof ids);
	memcpy(v->rid, rid ? rid : ids, RID_LEN);
	memcpy(v->vid, ids + RID_LEN, VID_LEN);
	if (rid == NULL)	/* a new record: its first version's id */
		record_first_vid(v->rid, v->vid);
	v->kind = k->id;
	v->hlc = store_hlc_next(st);
	memcpy(v->device, store_device(st), VAULT_KEYID_LEN);
	memcpy(v->author, store_user(st), UID_LEN);
	v->nparents = nparents;
	if (nparents > 0)
		memcpy(v->parents, parents, (size_t)nparents * VID_LEN);
	v->tomb = tomb;
	return record_put_why(st, k, v, vals, tomb ? NULL : reason, 0,
	    err) < 0 ? -1 : 0;
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
	if (write_own(st, k, NULL, NULL, 0, vals, 0, NULL, &v, err) != 0)
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
			    "ask an officer"), kind_label(k));
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
			    kind_label(k));
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

/* A miss record closes a miss: only an officer's account writes one, and
 * the reason "other" says what happened. */
static int
check_miss(struct store *st, const struct kind *k, char *const *vals,
    int tomb, struct xf_err *err)
{
	if (k->id != KIND_MISS)
		return 0;
	if (is_volunteer(st))
		return xf_error(err, _("a volunteer account cannot close a "
		    "miss; an officer closes it with its reason"));
	if (!tomb && vals[MISS_F_REASON] != NULL &&
	    strcmp(vals[MISS_F_REASON], "other") == 0 &&
	    (vals[MISS_F_TEXT] == NULL || vals[MISS_F_TEXT][0] == '\0'))
		return xf_error(err, _("miss field 'text': the reason 'other' "
		    "needs --text saying what kept the patrol from its "
		    "plan"));
	return 0;
}

/* Where a checkpoint is and how far its radius reaches decide whether a
 * tick was made at it: an officer sets them, never a volunteer, who could
 * otherwise move the point to where it ticks from. Whether vals set or
 * change them against old (NULL: a new record). */
static int
place_changed(char *const *old, char *const *vals)
{
	static const int place[] = {CHECKPOINT_F_LAT, CHECKPOINT_F_LON,
	    CHECKPOINT_F_RADIUS};

	for (size_t i = 0; i < XF_ARRAY_LEN(place); i++) {
		const char *a = old != NULL ? old[place[i]] : NULL;
		const char *b = vals != NULL ? vals[place[i]] : NULL;

		if (strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0)
			return 1;
	}
	return 0;
}

/* A volunteer's checkpoint keeps the place an officer gave it. */
static int
check_place(struct store *st, const struct kind *k, const unsigned char *rid,
    char *const *vals, int tomb, struct xf_err *err)
{
	struct rec_list h;
	const struct record *cur;
	int changed;

	if (k->id != KIND_CHECKPOINT || tomb || !is_volunteer(st))
		return 0;
	memset(&h, 0, sizeof h);
	if (rid != NULL && record_history(st, rid, &h, err) != 0)
		return -1;
	cur = h.n > 0 ? record_current(&h) : NULL;
	changed = place_changed(cur != NULL && !cur->tomb ? cur->val : NULL,
	    vals);
	rec_list_free(&h);
	if (changed)
		return xf_error(err, _("a volunteer account cannot set or move "
		    "a checkpoint's position or radius (they decide whether a "
		    "tick was made at it); ask an officer"));
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
	if (check_miss(st, k, vals, tomb, err) != 0 ||
	    check_place(st, k, rid, vals, tomb, err) != 0)
		return -1;
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
	if (k->id == KIND_MISS)
		return volunteer_refused(v, device, _("closes a plan's miss"),
		    err);
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
	if (rc == 0 && !v->tomb && k->id == KIND_CHECKPOINT &&
	    v->nparents == 0 && self != NULL && place_changed(NULL, self->val))
		rc = volunteer_refused(v, device, _("sets or moves a "
		    "checkpoint's position or radius"), err);
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
		if (k->id == KIND_CHECKPOINT && place_changed(r->tomb ? NULL :
		    r->val, self->val)) {
			rc = volunteer_refused(v, device, _("sets or moves a "
			    "checkpoint's position or radius"), err);
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

/* Whether an edit of this record must say why: a patrol, visit or
 * dispute that has left the store (what was sent may be evidence
 * elsewhere), except a patrol not yet ended. 1 yes, 0 no, -1 error. */
int
record_needs_reason(struct store *st, const struct kind *k,
    const unsigned char *rid, struct xf_err *err)
{
	struct rec_list h;
	const struct record *cur;
	int open;

	if (k->id != KIND_PATROL && k->id != KIND_VISIT &&
	    k->id != KIND_DISPUTE)
		return 0;
	if (k->id != KIND_PATROL)
		return store_record_exported(st, rid, err);
	/* A patrol still under way is being written, not changed: a folder
	 * sync in the middle of it does not make each tick ask why. */
	if (record_history(st, rid, &h, err) != 0)
		return -1;
	cur = record_current(&h);
	open = cur != NULL && !cur->tomb && cur->val != NULL &&
	    (cur->val[PATROL_F_END] == NULL || *cur->val[PATROL_F_END] == '\0');
	rec_list_free(&h);
	return open ? 0 : store_record_exported(st, rid, err);
}

/* Whether a reason is one a version can carry; 0, or -1 with why. */
int
record_reason_check(const char *reason, struct xf_err *err)
{
	size_t chars = 0;

	if (!utf8_valid(reason, strlen(reason)))
		return xf_error(err, _("the reason is not valid UTF-8"));
	for (const unsigned char *p = (const unsigned char *)reason; *p;
	    p++) {
		if (*p < 0x20 || *p == 0x7f)
			return xf_error(err, _("the reason must be one line "
			    "of text"));
		chars += (*p & 0xc0) != 0x80;
	}
	if (chars > RECORD_REASON_MAX)
		return xf_error(err, _("the reason is %zu characters long: "
		    "say it in %d or fewer"), chars, RECORD_REASON_MAX);
	return 0;
}

static int record_write_vals(struct store *, const struct kind *,
    const unsigned char *, const unsigned char (*)[VID_LEN], int,
    char *const *, int, const char *, unsigned char *, unsigned char *,
    struct xf_err *);

/* A dispute's values after the rules of a save (dispute_settle), over
 * the record as it stands; NULL on a refusal. */
static char **
dispute_rules(struct store *st, const unsigned char *rid, char *const *vals,
    struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	const struct record *cur = NULL;
	struct rec_list h;
	char **out = xcalloc((size_t)k->nfields, sizeof *out);
	int rc;

	memset(&h, 0, sizeof h);
	for (int i = 0; i < k->nfields; i++)
		out[i] = vals[i] ? xstrdup(vals[i]) : NULL;
	if (rid != NULL && record_history(st, rid, &h, err) != 0)
		rc = -1;
	else {
		cur = rid != NULL ? record_current(&h) : NULL;
		if (cur != NULL && (cur->tomb || cur->val == NULL))
			cur = NULL;
		rc = dispute_settle(cur ? cur->val : NULL, out,
		    dispute_limits_current(), time_now(), err);
	}
	rec_list_free(&h);
	if (rc != 0) {
		for (int i = 0; i < k->nfields; i++)
			free(out[i]);
		free(out);
		return NULL;
	}
	return out;
}

/* Write a new version by this device and user; the caller holds a
 * transaction. */
int
record_write(struct store *st, const struct kind *k, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    int tomb, unsigned char *rid_out, unsigned char *vid_out,
    struct xf_err *err)
{
	return record_write_why(st, k, rid, parents, nparents, vals, tomb,
	    NULL, rid_out, vid_out, err);
}

/* Write a new version with the reason it was written; a dispute follows
 * the rules of a save first (dispute_settle). */
int
record_write_why(struct store *st, const struct kind *k,
    const unsigned char *rid, const unsigned char (*parents)[VID_LEN],
    int nparents, char *const *vals, int tomb, const char *reason,
    unsigned char *rid_out, unsigned char *vid_out, struct xf_err *err)
{
	char **settled = NULL;
	int rc;

	if (k->id == KIND_DISPUTE && !tomb && vals != NULL) {
		if ((settled = dispute_rules(st, rid, vals, err)) == NULL)
			return -1;
		vals = settled;
	}
	rc = record_write_vals(st, k, rid, parents, nparents, vals, tomb,
	    reason, rid_out, vid_out, err);
	for (int i = 0; settled != NULL && i < k->nfields; i++)
		free(settled[i]);
	free(settled);
	return rc;
}

static int
record_write_vals(struct store *st, const struct kind *k,
    const unsigned char *rid, const unsigned char (*parents)[VID_LEN],
    int nparents, char *const *vals, int tomb, const char *reason,
    unsigned char *rid_out, unsigned char *vid_out, struct xf_err *err)
{
	struct version v;

	if (reason != NULL && record_reason_check(reason, err) != 0)
		return -1;
	if (store_clock_refuse(st, err) != 0 ||
	    (k->id == KIND_REVIEW && review_check(st, vals, tomb, err) != 0) ||
	    check_write(st, k, rid, parents, nparents, vals, tomb, err) != 0 ||
	    write_own(st, k, rid, parents, nparents, vals, tomb, reason, &v,
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
