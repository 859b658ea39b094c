/*
 * Drafts of open forms: rows of the unlocked account, each sealed with a
 * key of that account's own (draft.c gives them their shape).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* The associated data of a draft: its row and its account. */
static size_t
draft_ad(const struct store *st, int64_t id, unsigned char *ad)
{
	memcpy(ad, "xf-draft", 8);
	memcpy(ad + 8, st->user, UID_LEN);
	store_u64be(ad + 8 + UID_LEN, (uint64_t)id);
	return 8 + UID_LEN + 8;
}

/*
 * Seal and keep a draft of the unlocked account: a new row if *id is 0
 * (its id returned in *id), else that row replaced. One statement, so
 * that it commits at once outside any record's transaction; a draft never
 * reaches the file in clear.
 */
int
store_draft_put(struct store *st, int64_t *id, const unsigned char *plain,
    size_t len, struct xf_err *err)
{
	unsigned char ad[8 + UID_LEN + 8];
	struct buf v = {0};
	sqlite3_stmt *s;
	int rc;

	if (*id == 0) {
		if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) + 1 "
		    "FROM draft", -1, &s, NULL) != SQLITE_OK)
			return db_error(st, err, "read drafts");
		*id = sqlite3_step(s) == SQLITE_ROW ?
		    sqlite3_column_int64(s, 0) : 1;
		sqlite3_finalize(s);
	}
	if (vault_draft_seal(st->vault, ad, draft_ad(st, *id, ad), plain, len,
	    &v) != 0)
		return xf_error(err, _("this account's keys were made by an "
		    "older xunfang and cannot keep drafts; change its passphrase "
		    "once to make new ones"));
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO draft(id, uid, "
	    "v) VALUES (?1, ?2, ?3)", -1, &s, NULL) != SQLITE_OK) {
		buf_free(&v);
		return db_error(st, err, "write a draft");
	}
	sqlite3_bind_int64(s, 1, *id);
	sqlite3_bind_blob(s, 2, st->user, UID_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, v.data, (int)v.len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	buf_free(&v);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "write a draft");
}

/* Each draft of the unlocked account that its key opens, oldest first;
 * fn gets its id and plain text (valid during the call). */
int
store_draft_scan(struct store *st, int (*fn)(void *, int64_t,
    const unsigned char *, size_t), void *arg, struct xf_err *err)
{
	unsigned char ad[8 + UID_LEN + 8], *plain;
	sqlite3_stmt *s;
	int rc = 0, step;

	if (sqlite3_prepare_v2(st->db, "SELECT id, v FROM draft WHERE uid = ?1 "
	    "ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "read drafts");
	sqlite3_bind_blob(s, 1, st->user, UID_LEN, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);
		const unsigned char *v = sqlite3_column_blob(s, 1);

		if (len < VAULT_SEAL_OVERHEAD)
			continue;
		plain = xmalloc(len - VAULT_SEAL_OVERHEAD + 1);
		if (vault_draft_open(st->vault, ad, draft_ad(st, id, ad), v, len,
		    plain) == 0)
			rc = fn(arg, id, plain, len - VAULT_SEAL_OVERHEAD);
		vault_memzero(plain, len - VAULT_SEAL_OVERHEAD);
		free(plain);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Drop a draft of the unlocked account (saved or thrown away). */
int
store_draft_drop(struct store *st, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "DELETE FROM draft WHERE id = ?1 AND "
	    "uid = ?2", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "drop a draft");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, st->user, UID_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "drop a draft");
}
