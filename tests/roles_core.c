/* Roles through the core API: a volunteer's unwrapped keys hold no
 * restricted key and cannot open a restricted value, even with the master
 * key in hand; an officer's can. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/record.h"
#include "store_fixture.h"
#include "core/draft.h"
#include "tap.h"

#define OPASS "passphrase-1"
#define VPASS "volunteer-pass-2"

struct body {
	unsigned char *data;
	size_t len;
	struct version v;
};

/* Keep the newest stored body of a record. */
static int
grab_body(void *arg, const struct store_row *r)
{
	struct body *b = arg;

	free(b->data);
	b->data = xmalloc(r->bodylen);
	memcpy(b->data, r->body, r->bodylen);
	b->len = r->bodylen;
	b->v = r->v;
	return 0;
}

/* Create a store with an officer and a volunteer; an officer's dispute. */
static int
setup(const char *path, unsigned char *rid)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	char *vals[32] = {0};
	unsigned char uid[UID_LEN];
	struct store *st = NULL;
	struct xf_err err;
	int rc;

	vals[kind_field_index(k, "title")] = (char *)"宅基地";
	vals[kind_field_index(k, "parties")] = (char *)"张三丰\t13812345678\t张村";
	vals[kind_field_index(k, "category")] = (char *)"land";
	vals[kind_field_index(k, "colour")] = (char *)"red";
	vals[kind_field_index(k, "status")] = (char *)"reported";
	vals[kind_field_index(k, "reported")] = (char *)"1764300000";
	rc = (st = fx_new(path, ROLE_DEVICE, "测试笔记本", "officer1", OPASS,
	    &err)) == NULL || store_begin(st, &err) ||
	    store_account_add(st, "vol1", "volunteer", VPASS, strlen(VPASS),
		&fx_kdf, uid, &err) ||
	    record_write(st, k, NULL, NULL, 0, vals, 0, rid, NULL, &err) ||
	    store_commit(st, &err);
	if (rc)
		printf("# %s\n", err.msg);
	store_close(st);
	return rc;
}

/* The restricted token of the parties field in a decrypted body. */
static char *
parties_token(const struct vault *v, const struct body *b, char **vals)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	unsigned char ad[VERSION_AD_MAX];
	size_t adlen = version_ad(&b->v, ad);
	char *plain = xmalloc(b->len);

	if (vault_open(v, ad, adlen, b->data, b->len,
	    (unsigned char *)plain) != 0 || record_decode(k, plain,
	    b->len - VAULT_SEAL_OVERHEAD, vals) != 0) {
		free(plain);
		return NULL;
	}
	return plain;
}

/* Try to open the sealed parties with these keys: 0 if it opens. */
static int
try_open(const struct vault *v, const struct body *b, struct buf *out)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	char *vals[32] = {0}, *plain = parties_token(v, b, vals);
	const char *tok;
	unsigned char *raw;
	size_t n;
	int rc = -1;

	if (plain == NULL)
		return -2;
	tok = vals[kind_field_index(k, "parties")];
	if (tok != NULL && tok[0] == FIELD_SEALED) {
		n = strlen(tok + 1) / 2;
		raw = xmalloc(n);
		if (hex_decode(raw, n, tok + 1) == 0)
			rc = vault_restricted_open(v, raw, n, out);
		free(raw);
	}
	free(plain);
	return rc;
}

/* Unlock as a user and load the dispute's body and its history. */
static struct store *
open_as(const char *path, const char *user, const char *pass,
    const unsigned char *rid, struct body *b)
{
	struct store *st = NULL;
	struct xf_err err;

	if ((st = fx_open(path, user, pass, &err)) == NULL ||
	    store_scan_record(st, rid, grab_body, b, &err) != 0) {
		printf("# %s\n", err.msg);
		store_close(st);
		return NULL;
	}
	return st;
}

/* The volunteer's view: no restricted key, nothing opens. */
static void
test_volunteer(const char *path, const unsigned char *rid)
{
	struct body b = {0};
	struct buf out = {0};
	struct rec_list h;
	struct xf_err err;
	struct store *st = open_as(path, "vol1", VPASS, rid, &b);
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	int p = kind_field_index(k, "parties");

	ok(st != NULL, "the volunteer unlocks");
	if (st == NULL)
		return;
	ok(!vault_has_restricted(store_vault(st)),
	    "the volunteer's unwrapped keys hold no restricted key");
	ok(try_open(store_vault(st), &b, &out) == -1 && out.len == 0,
	    "the volunteer's keys open the body but not the sealed parties");
	ok(memmem(b.data, b.len, "张三丰", strlen("张三丰")) == NULL,
	    "the stored body does not hold the name in clear");
	ok(record_history(st, rid, &h, &err) == 0 && h.n == 1 &&
	    h.rows[0].val[p] != NULL && h.rows[0].val[p][0] == FIELD_SEALED,
	    "record_history gives the volunteer only the sealed value");
	if (h.n > 0)
		ok(strstr(h.rows[0].val[kind_field_index(k, "title")], "宅基地")
		    != NULL, "the unrestricted title reads fine");
	rec_list_free(&h);
	buf_free(&out);
	free(b.data);
	store_close(st);
}

/* A device's audit entries taken in by another store (as a station
 * would from a bundle): checked against the device's key and chain. */
static void
test_audit_transfer(const char *path, const char *path2)
{
	unsigned char sign_pk[32], box_pk[32], dev[VAULT_KEYID_LEN];
	struct store *st = NULL, *sta = NULL;
	struct buf out = {0};
	struct xf_err err;
	int64_t mine;

	if ((st = fx_open(path, "officer1", OPASS, &err)) == NULL ||
	    (sta = fx_new(path2, ROLE_STATION, "派出所", "st1", OPASS,
	    &err)) == NULL) {
		ok(0, "stores for the audit transfer: %s", err.msg);
		store_close(st);
		store_close(sta);
		return;
	}
	vault_id_public(store_vault(st), sign_pk, box_pk, dev);
	ok(audit_export(st, 0, &out, &err) == 0 && out.len > 1,
	    "the device exports its audit entries");
	mine = audit_verify(sta, &err);
	store_begin(sta, &err);
	ok(audit_import(sta, dev, sign_pk, out.data, out.len, &err) > 0 &&
	    store_commit(sta, &err) == 0, "the station takes them in");
	ok(audit_verify(sta, &err) > mine, "the station verifies the device's "
	    "chain with its own");
	store_begin(sta, &err);
	ok(audit_import(sta, dev, sign_pk, out.data, out.len, &err) == 0,
	    "taking the same entries again adds nothing");
	store_rollback(sta);
	out.data[1 + 20] ^= 1;
	out.data[out.len - 1] ^= 1;
	store_begin(sta, &err);
	ok(audit_import(sta, dev, box_pk, out.data, out.len, &err) < 0,
	    "entries not signed by the device's key are refused");
	store_rollback(sta);
	buf_free(&out);
	store_close(st);
	store_close(sta);
}

/* The officer's view: the same sealed value opens. */
static void
test_officer(const char *path, const unsigned char *rid)
{
	struct body b = {0};
	struct buf out = {0};
	struct store *st = open_as(path, "officer1", OPASS, rid, &b);

	ok(st != NULL && vault_has_restricted(store_vault(st)),
	    "the officer's keys hold the restricted key");
	if (st == NULL)
		return;
	ok(try_open(store_vault(st), &b, &out) == 0 &&
	    strstr(buf_str(&out), "张三丰") != NULL,
	    "the officer's keys open the sealed parties");
	ok(audit_verify(st, NULL) >= 3, "the audit chain verifies");
	buf_free(&out);
	free(b.data);
	store_close(st);
}

/* Write a version of a record on top of its heads as this store's user. */
static int
write_as(struct store *st, const unsigned char *rid, char **vals, int tomb,
    struct xf_err *err)
{
	unsigned char parents[MAX_PARENTS][VID_LEN];
	const struct kind *k;
	struct rec_list h;
	int n = 0, rc;

	if (record_history(st, rid, &h, err) != 0)
		return -1;
	k = h.kind;
	for (size_t i = 0; i < h.n && n < MAX_PARENTS; i++)
		if (h.rows[i].head)
			memcpy(parents[n++], h.rows[i].vid, VID_LEN);
	rec_list_free(&h);
	if (store_begin(st, err) != 0)
		return -1;
	rc = record_write(st, k, rid, (const unsigned char (*)[VID_LEN])parents,
	    n, vals, tomb, NULL, NULL, err);
	if (rc != 0)
		store_rollback(st);
	else
		rc = store_commit(st, err);
	return rc;
}

/* The current values of a record, copied (free with free_vals). */
static char **
current_vals(struct store *st, const unsigned char *rid, size_t *nversions)
{
	struct rec_list h;
	const struct record *cur;
	struct xf_err err;
	char **vals;

	if (record_history(st, rid, &h, &err) != 0)
		return NULL;
	cur = record_current(&h);
	vals = xcalloc((size_t)h.kind->nfields, sizeof *vals);
	for (int i = 0; i < h.kind->nfields; i++)
		vals[i] = cur->val[i] ? xstrdup(cur->val[i]) : NULL;
	if (nversions != NULL)
		*nversions = h.n;
	rec_list_free(&h);
	return vals;
}

/* Free values from current_vals. */
static void
free_vals(const struct kind *k, char **vals)
{
	for (int i = 0; vals != NULL && i < k->nfields; i++)
		free(vals[i]);
	free(vals);
}

/* A volunteer cannot drop or replace sealed parties it cannot read: the
 * edit is refused and nothing is stored. */
static void
test_volunteer_drop(const char *path, const unsigned char *rid)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	int p = kind_field_index(k, "parties");
	struct body b = {0};
	struct store *st = open_as(path, "vol1", VPASS, rid, &b);
	struct xf_err err;
	size_t before = 0, after = 0;
	char **vals;

	free(b.data);
	if (st == NULL || (vals = current_vals(st, rid, &before)) == NULL) {
		ok(0, "the volunteer loads the officer's dispute");
		store_close(st);
		return;
	}
	free(vals[p]);
	vals[p] = NULL;
	ok(write_as(st, rid, vals, 0, &err) != 0 &&
	    strstr(err.msg, "Parties") != NULL &&
	    strstr(err.msg, "restricted") != NULL,
	    "a volunteer edit that drops the sealed parties is refused: %s",
	    err.msg);
	vals[p] = xstrdup("李四\t13900000000\t李村");
	ok(write_as(st, rid, vals, 0, &err) != 0 &&
	    strstr(err.msg, "restricted") != NULL,
	    "a volunteer edit that replaces the sealed parties is refused");
	free_vals(k, vals);
	free_vals(k, current_vals(st, rid, &after));
	ok(after == before, "the store holds no new version (%zu, %zu)",
	    before, after);
	store_close(st);
}

/* A volunteer adds a party to sealed parties; the officer reads the old
 * party and the new one. */
static void
test_volunteer_add(const char *path, const unsigned char *rid)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	int p = kind_field_index(k, "parties");
	struct body b = {0};
	struct store *st = open_as(path, "vol1", VPASS, rid, &b);
	struct xf_err err;
	char **vals, *joined;

	free(b.data);
	if (st == NULL || (vals = current_vals(st, rid, NULL)) == NULL) {
		ok(0, "the volunteer loads the officer's dispute");
		store_close(st);
		return;
	}
	joined = xasprintf("%s\n钱七\t13500000000\t钱家湾", vals[p]);
	free(vals[p]);
	vals[p] = joined;
	ok(write_as(st, rid, vals, 0, &err) == 0,
	    "a volunteer adds a party to parties it cannot read (%s)",
	    err.msg);
	free_vals(k, vals);
	vals = current_vals(st, rid, NULL);
	ok(vals != NULL && vals[p] != NULL && vals[p][0] == FIELD_SEALED &&
	    strstr(vals[p], "钱七") == NULL,
	    "the volunteer cannot read back the party it added");
	free_vals(k, vals);
	store_close(st);
	memset(&b, 0, sizeof b);
	st = open_as(path, "officer1", OPASS, rid, &b);
	free(b.data);
	vals = st ? current_vals(st, rid, NULL) : NULL;
	ok(vals != NULL && vals[p] != NULL &&
	    strstr(vals[p], "张三丰\t13812345678") != NULL &&
	    strstr(vals[p], "钱七\t13500000000\t钱家湾") != NULL &&
	    field_list_count(vals[p]) == 2,
	    "the officer reads the old party and the new one");
	free_vals(k, vals);
	store_close(st);
}

/* A person's restricted phone: the volunteer cannot clear or change it. */
static void
test_volunteer_scalar(const char *path)
{
	const struct kind *k = kind_by_id(KIND_PERSON);
	char *vals[32] = {0}, **cur;
	unsigned char rid[RID_LEN];
	struct store *st = NULL;
	struct xf_err err;
	int ph = kind_field_index(k, "phone");

	vals[kind_field_index(k, "name")] = (char *)"王五六";
	vals[kind_field_index(k, "type")] = (char *)"migrant";
	vals[ph] = (char *)"13700001111";
	if ((st = fx_open(path, "officer1", OPASS, &err)) == NULL ||
	    store_begin(st, &err) != 0 ||
	    record_write(st, k, NULL, NULL, 0, vals, 0, rid, NULL, &err) != 0 ||
	    store_commit(st, &err) != 0) {
		ok(0, "the officer registers a person: %s", err.msg);
		store_close(st);
		return;
	}
	store_close(st);
	st = NULL;
	if ((st = fx_open(path, "vol1", VPASS, &err)) == NULL ||
	    (cur = current_vals(st, rid, NULL)) == NULL) {
		ok(0, "the volunteer opens the person");
		store_close(st);
		return;
	}
	free(cur[ph]);
	cur[ph] = NULL;
	ok(write_as(st, rid, cur, 0, &err) != 0 &&
	    strstr(err.msg, "Phone") != NULL,
	    "a volunteer cannot clear a restricted phone it cannot read");
	cur[ph] = xstrdup("13000000000");
	ok(write_as(st, rid, cur, 0, &err) != 0 &&
	    strstr(err.msg, "Phone") != NULL,
	    "a volunteer cannot replace a restricted phone it cannot read");
	free_vals(k, cur);
	store_close(st);
}

/* Tombstones: a volunteer deletes what it wrote, never an officer's. */
static void
test_volunteer_delete(const char *path, const unsigned char *rid)
{
	const struct kind *pk = kind_by_id(KIND_PATROL);
	const struct kind *dk = kind_by_id(KIND_DISPUTE);
	char *vals[32] = {0};
	unsigned char own[RID_LEN];
	struct body b = {0};
	struct store *st = open_as(path, "vol1", VPASS, rid, &b);
	struct rec_list l;
	struct xf_err err;

	free(b.data);
	if (st == NULL)
		return;
	ok(write_as(st, rid, NULL, 1, &err) != 0 &&
	    strstr(err.msg, "another account") != NULL,
	    "a volunteer cannot delete the officer's dispute: %s", err.msg);
	ok(record_list(st, dk, &l, &err) == 0 && rec_list_find(&l, rid),
	    "the officer's dispute is still listed");
	rec_list_free(&l);
	vals[kind_field_index(pk, "type")] = (char *)"foot";
	vals[kind_field_index(pk, "start")] = (char *)"1764300000";
	if (store_begin(st, &err) != 0 || record_write(st, pk, NULL, NULL, 0,
	    vals, 0, own, NULL, &err) != 0 || store_commit(st, &err) != 0) {
		ok(0, "the volunteer logs a patrol: %s", err.msg);
		store_close(st);
		return;
	}
	ok(write_as(st, own, NULL, 1, &err) == 0,
	    "a volunteer deletes its own patrol (%s)", err.msg);
	ok(record_list(st, pk, &l, &err) == 0 && !rec_list_find(&l, own),
	    "its patrol is gone from the list");
	rec_list_free(&l);
	store_close(st);
}

/* A record an officer deleted stays deleted for a volunteer. */
static void
test_volunteer_undelete(const char *path)
{
	const struct kind *k = kind_by_id(KIND_PATROL);
	char *vals[32] = {0};
	unsigned char rid[RID_LEN];
	struct store *st = NULL;
	struct rec_list l;
	struct xf_err err;

	vals[kind_field_index(k, "type")] = (char *)"vehicle";
	vals[kind_field_index(k, "start")] = (char *)"1764300000";
	if ((st = fx_open(path, "officer1", OPASS, &err)) == NULL ||
	    store_begin(st, &err) != 0 ||
	    record_write(st, k, NULL, NULL, 0, vals, 0, rid, NULL, &err) != 0 ||
	    store_commit(st, &err) != 0 || write_as(st, rid, NULL, 1,
	    &err) != 0) {
		ok(0, "the officer logs and deletes a patrol: %s", err.msg);
		store_close(st);
		return;
	}
	store_close(st);
	st = NULL;
	if ((st = fx_open(path, "vol1", VPASS, &err)) == NULL) {
		ok(0, "the volunteer unlocks: %s", err.msg);
		store_close(st);
		return;
	}
	ok(write_as(st, rid, vals, 0, &err) != 0 &&
	    strstr(err.msg, "deleted by another account") != NULL,
	    "a volunteer cannot bring back the patrol an officer deleted");
	ok(record_list(st, k, &l, &err) == 0 && !rec_list_find(&l, rid),
	    "the patrol stays deleted");
	rec_list_free(&l);
	store_close(st);
}

/* Whether a file (and its WAL) holds the bytes of s. */
static int
file_has(const char *path, const char *s)
{
	const char *suffix[] = {"", "-wal"};
	int found = 0;

	for (size_t i = 0; i < 2 && !found; i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		unsigned char *data;
		size_t len;
		struct xf_err err;

		if (file_read(p, &data, &len, 1u << 28, &err) == 0) {
			found = memmem(data, len, s, strlen(s)) != NULL;
			free(data);
		}
		free(p);
	}
	return found;
}

/* A draft is the typist's: sealed in the file, listed for its account
 * alone, gone once dropped. */
static void
test_drafts(const char *path)
{
	struct draft d, *v = NULL;
	struct store *st;
	struct xf_err err;
	char *vals[2] = {(char *)"草稿里的当事人王某", NULL};
	size_t n = 99;

	memset(&d, 0, sizeof d);
	d.kind = KIND_DISPUTE;
	d.n = 2;
	d.vals = vals;
	d.item_field = d.item_editing = d.nitem = -1;
	st = fx_open(path, "officer1", OPASS, &err);
	ok(st != NULL && draft_save(st, &d, &err) == 0 && d.id > 0,
	    "an officer's draft is kept (%s)", st ? "" : err.msg);
	ok(!file_has(path, "草稿里的当事人"), "its text is nowhere in the "
	    "store's files in clear");
	ok(draft_list(st, &v, &n, &err) == 0 && n == 1 &&
	    v[0].vals[0] != NULL && strcmp(v[0].vals[0], vals[0]) == 0 &&
	    v[0].kind == KIND_DISPUTE, "and listed back for the officer");
	draft_list_free(v, n);
	store_close(st);
	st = fx_open(path, "vol1", VPASS, &err);
	n = 99;
	ok(st != NULL && draft_list(st, &v, &n, &err) == 0 && n == 0,
	    "the volunteer of the same store sees no draft of the officer's "
	    "(%zu)", n);
	draft_list_free(v, n);
	store_close(st);
	st = fx_open(path, "officer1", OPASS, &err);
	n = 99;
	ok(st != NULL && draft_drop(st, d.id, &err) == 0 &&
	    draft_list(st, &v, &n, &err) == 0 && n == 0,
	    "a dropped draft is gone");
	draft_list_free(v, n);
	store_close(st);
}

int
main(void)
{
	char dir[] = "/tmp/xf-roles-test.XXXXXX";
	unsigned char rid[RID_LEN];
	char *path, *path2, *cmd;

	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/s.db", dir);
	ok(setup(path, rid) == 0, "a store with an officer and a volunteer");
	test_volunteer(path, rid);
	test_officer(path, rid);
	test_volunteer_drop(path, rid);
	test_volunteer_add(path, rid);
	test_volunteer_scalar(path);
	test_volunteer_delete(path, rid);
	test_volunteer_undelete(path);
	test_drafts(path);
	path2 = xasprintf("%s/st.db", dir);
	test_audit_transfer(path, path2);
	free(path2);
	cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	free(path);
	return tap_done();
}
