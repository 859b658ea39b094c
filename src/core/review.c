/* The station's reviews of reports, and what is open on either side. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "review.h"

static const int review_kinds[] = {KIND_PATROL, KIND_VISIT, KIND_DISPUTE};

/* Whether records of the kind are reviewed. */
int
review_kind(int kind)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(review_kinds); i++)
		if (review_kinds[i] == kind)
			return 1;
	return 0;
}

/* The seconds of a version stamp. */
int64_t
review_time(uint64_t hlc)
{
	return (int64_t)((hlc >> 16) / 1000);
}

/* The station's comment as the device shows it. */
char *
review_text(const struct review *v)
{
	const struct field *f = &kind_by_id(KIND_REVIEW)->fields[
	    REVIEW_F_VERDICT];
	const char *verdict = field_choice_label(f, v->verdict);

	if (v->comment == NULL)
		return xasprintf(_("Station's comment: %s"), verdict);
	/* TRANSLATORS: the review's verdict, then the comment. */
	return xasprintf(_("Station's comment: %s: %s"), verdict, v->comment);
}

/* By report, then oldest first. */
static int
review_cmp(const void *a, const void *b)
{
	const struct review *x = a, *y = b;
	int c = memcmp(x->report, y->report, RID_LEN);

	if (c != 0)
		return c;
	return x->hlc < y->hlc ? -1 : x->hlc > y->hlc;
}

/* Load every review, sorted by the report it is about. */
int
review_load(struct store *st, struct review_set *s, struct xf_err *err)
{
	memset(s, 0, sizeof *s);
	if (record_list(st, kind_by_id(KIND_REVIEW), &s->list, err) != 0)
		return -1;
	s->v = xcalloc(s->list.n + 1, sizeof *s->v);
	for (size_t i = 0; i < s->list.n; i++) {
		const struct record *r = &s->list.rows[i];
		struct review *v = &s->v[s->n];

		if (r->val[REVIEW_F_RECORD] == NULL ||
		    hex_decode(v->report, RID_LEN, r->val[REVIEW_F_RECORD]) != 0)
			continue;
		v->rec = r;
		v->verdict = r->val[REVIEW_F_VERDICT] ? r->val[REVIEW_F_VERDICT]
		    : "ok";
		v->comment = r->val[REVIEW_F_COMMENT];
		v->hlc = r->hlc;
		s->n++;
	}
	sort_n(s->v, s->n, sizeof *s->v, review_cmp);
	return 0;
}

/* Release what review_load made. */
void
review_set_free(struct review_set *s)
{
	rec_list_free(&s->list);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* The reviews of a report, oldest first. */
const struct review *
review_of(const struct review_set *s, const unsigned char *report, size_t *n)
{
	size_t lo = 0, hi = s->n, end;

	*n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (memcmp(s->v[mid].report, report, RID_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < s->n && memcmp(s->v[end].report, report,
	    RID_LEN) == 0; end++)
		;
	*n = end - lo;
	return *n ? &s->v[lo] : NULL;
}

/* The newest review of a report, or NULL. */
static const struct review *
review_latest(const struct review_set *s, const unsigned char *report)
{
	size_t n;
	const struct review *v = review_of(s, report, &n);

	return v ? &v[n - 1] : NULL;
}

/* Whether a review asks the report's writer to act and the device that
 * wrote the report has not written a version since. */
int
review_open(const struct review *v, const struct rec_list *h)
{
	if (v == NULL || strcmp(v->verdict, "ok") == 0 || h->n == 0)
		return 0;
	for (size_t i = 1; i < h->n; i++)
		if (h->rows[i].hlc > v->hlc && memcmp(h->rows[i].device,
		    h->rows[0].device, VAULT_KEYID_LEN) == 0)
			return 0;
	return 1;
}

/* Reviews are the station's word on a report: a device, or a volunteer
 * account at the station, writing one would put words in its mouth. */
int
review_check(struct store *st, char *const *vals, int tomb,
    struct xf_err *err)
{
	const char *role = store_user_role(st), *v, *c;

	if (store_role(st) != ROLE_STATION)
		return xf_error(err, _("reviews are written at the station: "
		    "this store is a device's"));
	if (role != NULL && strcmp(role, "volunteer") == 0)
		return xf_error(err, _("a volunteer account cannot review "
		    "reports: an officer or the station account reviews them"));
	if (tomb)
		return 0;
	v = vals[REVIEW_F_VERDICT];
	c = vals[REVIEW_F_COMMENT];
	if (v != NULL && strcmp(v, "ok") != 0 &&
	    (c == NULL || c[strspn(c, " \t")] == '\0'))
		return xf_error(err, _("review field 'comment' is required "
		    "for a problem or a return: say what to fix"));
	return 0;
}

/* Write a review of a report, in a transaction of its own. */
int
review_write(struct store *st, const unsigned char *report,
    const char *verdict, const char *comment, unsigned char *rid_out,
    struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_REVIEW);
	char *vals[REVIEW_NFIELDS] = {0}, hex[33];
	int rc;

	record_id_hex(report, hex);
	vals[REVIEW_F_RECORD] = hex;
	vals[REVIEW_F_VERDICT] = (char *)verdict;
	vals[REVIEW_F_COMMENT] = (char *)comment;
	vals[REVIEW_F_REVIEWED] = xasprintf("%lld", (long long)time_now());
	if ((rc = store_begin(st, err)) == 0) {
		rc = record_write(st, k, NULL, NULL, 0, vals, 0, rid_out, NULL,
		    err);
		if (rc == 0)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	free(vals[REVIEW_F_REVIEWED]);
	return rc;
}

/* Whether an account the station knows of a device is a volunteer's. */
int
review_by_volunteer(struct store *st, const unsigned char *uid)
{
	unsigned char peer[VAULT_KEYID_LEN];
	char role[16];

	return store_peer_account(st, uid, peer, role, NULL) == 1 &&
	    strcmp(role, "volunteer") == 0;
}

/* Oldest first: by the review's stamp if there is one, else the
 * report's. */
static int
item_cmp(const void *a, const void *b)
{
	const struct review_item *x = a, *y = b;
	uint64_t p = x->review ? x->review->hlc : x->r->hlc;
	uint64_t q = y->review ? y->review->hlc : y->r->hlc;

	return p < q ? -1 : p > q;
}

/* Append an item, growing the array. */
static void
item_add(struct review_items *it, size_t *cap, const struct record *r,
    const struct review *v)
{
	if (it->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		it->v = xreallocarray(it->v, *cap, sizeof *it->v);
	}
	it->v[it->n].r = r;
	it->v[it->n].review = v;
	it->n++;
}

/* Load the reviews and the reports of every reviewed kind: all of them,
 * or those dated on days lo to hi (lo > STORE_NO_DAY). */
static int
items_load(struct store *st, int64_t lo, int64_t hi, struct review_items *it,
    struct xf_err *err)
{
	memset(it, 0, sizeof *it);
	if (review_load(st, &it->reviews, err) != 0)
		return -1;
	for (size_t i = 0; i < XF_ARRAY_LEN(review_kinds); i++) {
		const struct kind *k = kind_by_id(review_kinds[i]);
		int rc = lo > STORE_NO_DAY ? record_list_period(st, k, lo,
		    hi, &it->lists[i], err) : record_list(st, k,
		    &it->lists[i], err);

		if (rc != 0) {
			review_items_free(it);
			return -1;
		}
	}
	return 0;
}

/* The imported reports of the lists not reviewed since their last
 * version, oldest first. */
static int
queue_from(struct store *st, int64_t lo, int64_t hi,
    struct review_items *it, struct xf_err *err)
{
	size_t cap = 0;

	if (items_load(st, lo, hi, it, err) != 0)
		return -1;
	for (size_t i = 0; i < XF_ARRAY_LEN(review_kinds); i++)
		for (size_t j = 0; j < it->lists[i].n; j++) {
			const struct record *r = &it->lists[i].rows[j];
			const struct review *v = review_latest(&it->reviews,
			    r->rid);

			if (memcmp(r->device, store_device(st),
			    VAULT_KEYID_LEN) == 0 || (v && v->hlc > r->hlc))
				continue;
			item_add(it, &cap, r, NULL);
		}
	sort_n(it->v, it->n, sizeof *it->v, item_cmp);
	return 0;
}

/* At the station: imported reports whose current version no review has
 * seen, oldest version first. */
int
review_queue(struct store *st, struct review_items *it, struct xf_err *err)
{
	return queue_from(st, STORE_NO_DAY, 0, it, err);
}

int
review_queue_recent(struct store *st, int64_t now, int days,
    struct review_items *it, struct xf_err *err)
{
	return queue_from(st, record_day_of(now - (int64_t)days * 86400),
	    record_day_of(now) + 1, it, err);
}

/* The report of a review, if the review is still open: its history kept
 * in the items. 1 kept, 0 not, -1 error. */
static int
returned_add(struct store *st, struct review_items *it, size_t *cap,
    const struct review *v, struct xf_err *err)
{
	struct rec_list *h;
	const struct record *cur;

	if (strcmp(v->verdict, "ok") == 0)
		return 0;
	it->hist = xreallocarray(it->hist, it->nhist + 1, sizeof *it->hist);
	h = &it->hist[it->nhist];
	if (record_history(st, v->report, h, err) != 0)
		return -1;
	it->nhist++;
	if (h->n == 0 || !review_kind(h->kind->id) ||
	    (cur = record_current(h))->tomb || !review_open(v, h))
		return 0;
	item_add(it, cap, cur, v);
	return 1;
}

/* On a device: reports with an open problem or return, oldest review
 * first. Only the reports reviewed are read. */
int
review_returned(struct store *st, struct review_items *it,
    struct xf_err *err)
{
	size_t cap = 0;

	memset(it, 0, sizeof *it);
	if (review_load(st, &it->reviews, err) != 0)
		return -1;
	for (size_t i = 0; i < it->reviews.n; i++) {
		const struct review *v = &it->reviews.v[i];

		if (i + 1 < it->reviews.n && memcmp(v->report,
		    it->reviews.v[i + 1].report, RID_LEN) == 0)
			continue;	/* not the newest of its report */
		if (returned_add(st, it, &cap, v, err) < 0) {
			review_items_free(it);
			return -1;
		}
	}
	sort_n(it->v, it->n, sizeof *it->v, item_cmp);
	return 0;
}

/* Release the items, their lists and their reviews. */
void
review_items_free(struct review_items *it)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(it->lists); i++)
		rec_list_free(&it->lists[i]);
	for (size_t i = 0; i < it->nhist; i++)
		rec_list_free(&it->hist[i]);
	free(it->hist);
	review_set_free(&it->reviews);
	free(it->v);
	memset(it, 0, sizeof *it);
}
