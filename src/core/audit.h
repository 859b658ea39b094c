/* The audit trail: who did what on which device, chained by hashes and
 * signed by the device, so a removed, reordered or altered entry shows. */
#ifndef AUDIT_H
#define AUDIT_H

#include "store.h"

enum audit_action {
	AUDIT_CREATE = 1,
	AUDIT_EDIT = 2,
	AUDIT_DELETE = 3,
	AUDIT_EXPORT = 4,
	AUDIT_IMPORT = 5,
	AUDIT_UNLOCK = 6,
	AUDIT_UNLOCK_FAILED = 7,	/* wrong passphrase */
	AUDIT_UNLOCK_DISABLED = 8,	/* a disabled account tried */
	AUDIT_USER_ADD = 9,
	AUDIT_USER_DISABLE = 10,
	AUDIT_USER_PASSWD = 11,
	AUDIT_LOCKOUT = 12,		/* lockout threshold changed */
	AUDIT_CREATE_BATCH = 13,	/* many records: count, hash of ids */
	AUDIT_ACTION_MAX = 13
};

#define AUDIT_ENTRY_LEN (1 + VAULT_KEYID_LEN + 8 + 32 + 8 + UID_LEN + 1 + 1 + \
	RID_LEN)
#define AUDIT_SIG_LEN 64

/* One decoded entry. target is a record id, an account id (first 8
 * bytes) or a number (first 8 bytes, big-endian), by action. */
struct audit_entry {
	unsigned char device[VAULT_KEYID_LEN];
	uint64_t n;
	unsigned char prev[32];
	int64_t time;
	unsigned char user[UID_LEN];
	int action;
	int kind;
	unsigned char target[RID_LEN];
};

/* Append an entry by the unlocked user, inside the caller's transaction. */
int audit_log(struct store *, int action, int kind,
    const unsigned char *target, size_t targetlen, struct xf_err *);
/* After an unlock: fold in failed unlocks recorded meanwhile, log it. */
int audit_unlocked(struct store *, struct xf_err *);
/* Check every device's chain; the count of good entries, or -1 with err
 * naming the first bad entry. */
int64_t audit_verify(struct store *, struct xf_err *);
/* Call cb for every entry, in the order stored. */
int audit_list(struct store *, int (*)(void *, const struct audit_entry *),
    void *, struct xf_err *);
/* The name of an action, untranslated (N_). */
const char *audit_action_name(int action);

/* For bundles: this device's entries after number `after`, appended to out
 * as a version byte then (entry, signature) pairs. */
int audit_export(struct store *, uint64_t after, struct buf *out,
    struct xf_err *);
/* Take a device's entries from a bundle whose sender was verified to hold
 * sign_pk: each must continue that device's chain and carry its
 * signature. Inside the caller's transaction; returns entries added. */
int audit_import(struct store *, const unsigned char *device,
    const unsigned char sign_pk[32], const unsigned char *p, size_t len,
    struct xf_err *);

#endif
