/* Checkpoint plaques: QR text, short codes and the ticks they make. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "identity.h"
#include "plaque.h"
#include "vault.h"

/* What the signature covers: "XFP1", the record id, the serial. */
static void
plaque_msg(const unsigned char *rid, uint32_t serial,
    unsigned char msg[4 + RID_LEN + 4])
{
	memcpy(msg, "XFP1", 4);
	memcpy(msg + 4, rid, RID_LEN);
	store_u32be(msg + 4 + RID_LEN, serial);
}

void
plaque_payload(struct store *st, const unsigned char *rid, uint32_t serial,
    struct buf *out)
{
	unsigned char msg[4 + RID_LEN + 4], raw[PLAQUE_RAW_LEN];

	plaque_msg(rid, serial, msg);
	memcpy(raw, rid, RID_LEN);
	store_u32be(raw + RID_LEN, serial);
	vault_id_sign(store_vault(st), msg, sizeof msg, raw + RID_LEN + 4);
	buf_adds(out, PLAQUE_PREFIX);
	b32_encode(raw, sizeof raw, out);
}

int
plaque_parse(const char *s, struct plaque *p)
{
	unsigned char raw[PLAQUE_RAW_LEN];
	size_t n, pl = strlen(PLAQUE_PREFIX);

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n < pl || strncasecmp(s, PLAQUE_PREFIX, pl) != 0 ||
	    b32_decode(s + pl, n - pl, raw, sizeof raw) != 0)
		return -1;
	memcpy(p->rid, raw, RID_LEN);
	p->serial = load_u32be(raw + RID_LEN);
	memcpy(p->sig, raw + RID_LEN + 4, PLAQUE_SIG_LEN);
	return 0;
}

void
plaque_code(const unsigned char *rid, uint32_t serial,
    char out[PLAQUE_CODE_LEN + 1])
{
	unsigned char msg[4 + RID_LEN + 4], h[32];
	struct buf b = {0};

	plaque_msg(rid, serial, msg);
	vault_hash(msg, sizeof msg, h);
	b32_encode(h, 5, &b);
	memcpy(out, b.data, PLAQUE_CODE_LEN);
	out[PLAQUE_CODE_LEN] = '\0';
	buf_free(&b);
}

int
plaque_genuine(struct store *st, const struct plaque *p, struct xf_err *err)
{
	unsigned char msg[4 + RID_LEN + 4], pk[32], box[32];
	unsigned char keyid[VAULT_KEYID_LEN];
	struct store_peer *v;
	size_t n;
	int ok;

	plaque_msg(p->rid, p->serial, msg);
	vault_id_public(store_vault(st), pk, box, keyid);
	if (vault_sign_verify(pk, msg, sizeof msg, p->sig) == 0)
		return 1;
	if (store_peer_list(st, &v, &n, err) != 0)
		return -1;
	ok = 0;
	for (size_t i = 0; i < n && !ok; i++)
		ok = !v[i].revoked && vault_sign_verify(v[i].sign_pk, msg,
		    sizeof msg, p->sig) == 0;
	store_peer_list_free(v, n);
	return ok;
}

uint32_t
plaque_serial_of(const struct record *r)
{
	const char *v = r->val[CHECKPOINT_F_PLAQUE_SERIAL];

	return v != NULL ? (uint32_t)strtoul(v, NULL, 10) : 0;
}

int
plaque_bump(struct store *st, const unsigned char *rid, uint32_t *serial,
    struct xf_err *err)
{
	const struct kind *k = kind_by_id(KIND_CHECKPOINT);
	unsigned char parents[MAX_PARENTS][VID_LEN];
	const struct record *cur;
	struct rec_list h;
	char **vals, num[16];
	int n = 0, rc;

	if (record_history(st, rid, &h, err) != 0)
		return -1;
	cur = record_current(&h);
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	*serial = plaque_serial_of(cur) + 1;
	snprintf(num, sizeof num, "%u", (unsigned)*serial);
	vals = xcalloc((size_t)k->nfields, sizeof *vals);
	for (int i = 0; i < k->nfields; i++)
		vals[i] = cur->val[i];
	vals[CHECKPOINT_F_PLAQUE_SERIAL] = num;
	rc = record_write(st, k, rid, (const unsigned char (*)[VID_LEN])parents,
	    n, vals, 0, NULL, NULL, err);
	free(vals);
	rec_list_free(&h);
	return rc;
}

/* A short code as typed: letters and digits only, upper case; -1 if it
 * is not 8 of them. */
static int
code_norm(const char *s, char out[PLAQUE_CODE_LEN + 1])
{
	int n = 0;

	for (; *s != '\0'; s++) {
		if (*s == '-' || isspace((unsigned char)*s))
			continue;
		if (!isalnum((unsigned char)*s) || n == PLAQUE_CODE_LEN)
			return -1;
		out[n++] = (char)toupper((unsigned char)*s);
	}
	out[n] = '\0';
	return n == PLAQUE_CODE_LEN ? 0 : -1;
}

/* The checkpoint whose plaque has this short code, and the serial. */
static const struct record *
code_find(const struct rec_list *l, const char *code, uint32_t *serial)
{
	char c[PLAQUE_CODE_LEN + 1];

	for (size_t i = 0; i < l->n; i++) {
		uint32_t cur = plaque_serial_of(&l->rows[i]);

		for (uint32_t s = cur; s >= 1; s--) {
			plaque_code(l->rows[i].rid, s, c);
			if (strcmp(c, code) == 0) {
				*serial = s;
				return &l->rows[i];
			}
		}
	}
	return NULL;
}

static int
same_ref(const char *a, const char *b)
{
	return a == NULL || b == NULL || *a == '\0' || *b == '\0' ||
	    strcasecmp(a, b) == 0;
}

/* Append the point to the patrol's current version. */
static int
tick_write(struct store *st, const unsigned char *patrol_rid,
    const char *hex, int64_t now, const struct geo_fix *fix,
    const char *track, const struct plaque_tick *t, struct xf_err *err)
{
	const char *parts[POINT_NPARTS] = {0};
	struct geo_parts gp;
	const struct kind *k = kind_by_id(KIND_PATROL);
	unsigned char parents[MAX_PARENTS][VID_LEN];
	const struct record *cur;
	struct rec_list h;
	struct buf pts = {0};
	char **vals, at[24];
	int n = 0, rc;

	if (record_history(st, patrol_rid, &h, err) != 0)
		return -1;
	if (h.kind == NULL || h.kind->id != KIND_PATROL || h.n == 0) {
		rec_list_free(&h);
		return xf_error(err, _("the record named is not a patrol"));
	}
	cur = record_current(&h);
	if (cur->tomb) {
		rec_list_free(&h);
		return xf_error(err, _("the patrol was deleted"));
	}
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	vals = xcalloc((size_t)k->nfields, sizeof *vals);
	for (int i = 0; i < k->nfields; i++)
		vals[i] = cur->val[i];
	if (vals[PATROL_F_POINTS] != NULL)
		field_list_join(&pts, vals[PATROL_F_POINTS]);
	snprintf(at, sizeof at, "%lld", (long long)now);
	parts[POINT_P_CHECKPOINT] = hex;
	parts[POINT_P_TIME] = at;
	parts[POINT_P_METHOD] = t->method;
	parts[POINT_P_FLAG] = t->flag;
	geo_fix_parts(fix, &gp);
	memcpy(&parts[POINT_P_FIX], gp.p, sizeof gp.p);
	field_list_append(&pts, parts, POINT_NPARTS);
	vals[PATROL_F_POINTS] = (char *)buf_str(&pts);
	if (track != NULL)
		vals[PATROL_F_TRACK] = (char *)track;
	rc = store_begin(st, err);
	if (rc == 0 && (rc = record_write(st, k, patrol_rid,
	    (const unsigned char (*)[VID_LEN])parents, n, vals, 0, NULL, NULL,
	    err)) != 0)
		store_rollback(st);
	else if (rc == 0)
		rc = store_commit(st, err);
	free(vals);
	buf_free(&pts);
	rec_list_free(&h);
	return rc;
}

int
plaque_tick(struct store *st, const unsigned char *patrol_rid,
    const char *text, int64_t now, const struct geo_fix *fix,
    const char *track, struct plaque_tick *out, struct xf_err *err)
{
	struct rec_list cps, ph;
	const struct record *cp, *pat;
	struct plaque p;
	char code[PLAQUE_CODE_LEN + 1], hex[33];
	uint32_t serial = 0;
	int genuine = 1, rc;

	memset(out, 0, sizeof *out);
	if (record_list(st, kind_by_id(KIND_CHECKPOINT), &cps, err) != 0)
		return -1;
	if (plaque_parse(text, &p) == 0) {
		out->method = "scan";
		serial = p.serial;
		cp = rec_list_find(&cps, p.rid);
		if (cp == NULL) {
			rec_list_free(&cps);
			return xf_error(err, _("this plaque names no checkpoint "
			    "of this store"));
		}
		if ((genuine = plaque_genuine(st, &p, err)) < 0) {
			rec_list_free(&cps);
			return -1;
		}
	} else if (code_norm(text, code) == 0) {
		out->method = "manual";
		if ((cp = code_find(&cps, code, &serial)) == NULL) {
			rec_list_free(&cps);
			return xf_error(err, _("no checkpoint's plaque has the "
			    "short code %s"), code);
		}
	} else {
		rec_list_free(&cps);
		return xf_error(err, _("neither a plaque's code (XFP1:...) nor "
		    "a short code of 8 letters and digits"));
	}
	memcpy(out->rid, cp->rid, RID_LEN);
	record_id_hex(cp->rid, hex);
	if (record_history(st, patrol_rid, &ph, err) != 0) {
		rec_list_free(&cps);
		return -1;
	}
	pat = ph.n > 0 ? record_current(&ph) : NULL;
	if (!genuine)
		out->flag = "forged";
	else if (serial < plaque_serial_of(cp))
		out->flag = "stale";
	else if (pat != NULL && ph.kind != NULL &&
	    ph.kind->id == KIND_PATROL && !same_ref(
	    pat->val[PATROL_F_VILLAGE], cp->val[CHECKPOINT_F_VILLAGE]))
		out->flag = "other_village";
	rec_list_free(&ph);
	rec_list_free(&cps);
	rc = tick_write(st, patrol_rid, hex, now, fix, track, out, err);
	return rc;
}

const char *
plaque_flag_message(const char *flag)
{
	if (flag == NULL)
		return NULL;
	if (strcmp(flag, "other_village") == 0)
		return _("plaque of another village: the checkpoint is not in "
		    "the patrol's village");
	if (strcmp(flag, "stale") == 0)
		return _("stale plaque: the checkpoint's plaque was reprinted "
		    "since this one");
	if (strcmp(flag, "forged") == 0)
		return _("plaque not genuine: its signature is by no store "
		    "known here");
	return NULL;
}
