/* Roles through the core API: a volunteer's unwrapped keys hold no
 * restricted key and cannot open a restricted value, even with the master
 * key in hand; an officer's can. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/record.h"
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
	struct store_create_args a = {
		.path = path, .role = ROLE_DEVICE, .name = "测试笔记本",
		.user = "officer1", .pass = OPASS, .passlen = strlen(OPASS),
		.kdf = {1, 8},
	};
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
	rc = store_create(&a, &err) || store_open(path, &st, &err) ||
	    store_unlock(st, "officer1", OPASS, strlen(OPASS), &err) ||
	    store_begin(st, &err) ||
	    store_account_add(st, "vol1", "volunteer", VPASS, strlen(VPASS),
		&a.kdf, uid, &err) ||
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

	if (store_open(path, &st, &err) != 0 ||
	    store_unlock(st, user, pass, strlen(pass), &err) != 0 ||
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
	struct store_create_args a = {
		.path = path2, .role = ROLE_STATION, .name = "派出所",
		.user = "st1", .pass = OPASS, .passlen = strlen(OPASS),
		.kdf = {1, 8},
	};
	unsigned char sign_pk[32], box_pk[32], dev[VAULT_KEYID_LEN];
	struct store *st = NULL, *sta = NULL;
	struct buf out = {0};
	struct xf_err err;
	int64_t mine;

	if (store_open(path, &st, &err) != 0 ||
	    store_unlock(st, "officer1", OPASS, strlen(OPASS), &err) != 0 ||
	    store_create(&a, &err) != 0 || store_open(path2, &sta, &err) != 0 ||
	    store_unlock(sta, "st1", OPASS, strlen(OPASS), &err) != 0) {
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
