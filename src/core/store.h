/* The store: one SQLite file, the only place that speaks SQL. */
#ifndef STORE_H
#define STORE_H

#include "xf.h"
#include "vault.h"

#define RID_LEN 16
#define VID_LEN 16
#define UID_LEN 8
#define MAX_PARENTS 16

enum store_role { ROLE_DEVICE = 1, ROLE_STATION = 2 };

/* The clear metadata of one record version (the body is sealed). */
struct version {
	unsigned char rid[RID_LEN];
	unsigned char vid[VID_LEN];
	int kind;
	uint64_t hlc;
	unsigned char device[VAULT_KEYID_LEN];
	unsigned char author[UID_LEN];
	int nparents;
	unsigned char parents[MAX_PARENTS][VID_LEN];
	int tomb;
};

/* A raw row as the store hands it to a scan callback. */
struct store_row {
	struct version v;
	int head;
	int64_t day;		/* store_scan_days only */
	const unsigned char *body;
	size_t bodylen;
};

typedef int (*store_row_cb)(void *, const struct store_row *);

struct store_create_args {
	const char *path;
	int role;
	const char *name;	/* device or station name */
	const char *user;
	const char *pass;
	size_t passlen;
	struct kdf_params kdf;
	int demo;
};

struct account {
	unsigned char uid[UID_LEN];
	char *name;
	char role[16];
	int disabled;
};

struct store;

char *store_default_path(void);
int store_create(const struct store_create_args *, struct xf_err *);
int store_open(const char *path, struct store **, struct xf_err *);
int store_unlock(struct store *, const char *user, const char *pass,
    size_t passlen, struct xf_err *);
void store_close(struct store *);

const char *store_path(const struct store *);
int store_role(const struct store *);
int store_is_demo(const struct store *);
const struct vault *store_vault(const struct store *);
const unsigned char *store_device(const struct store *);
const unsigned char *store_user(const struct store *);
const char *store_user_role(const struct store *);
const char *store_name(const struct store *);
int store_account_count(struct store *, struct xf_err *);
/* The name of the account with this uid, or NULL (caller frees). */
char *store_account_name(struct store *, const unsigned char *uid);

/* A new hybrid-logical-clock stamp, later than any seen that was not
 * more than STORE_HLC_AHEAD_MS ahead of the wall clock. */
#define STORE_HLC_AHEAD_MS (10LL * 60 * 1000)
uint64_t store_hlc_next(struct store *);
void store_hlc_observe(struct store *, uint64_t);

/* A store on a full or read-only disk is opened read-only: it reads,
 * reports and exports to another disk; an audit entry it could not write
 * (an unlock's) is lost, and said so. */
enum { STORE_RO_FULL = 1, STORE_RO_MEDIA = 2 };
int store_readonly(const struct store *);
int store_audit_lost(const struct store *);
void store_audit_lost_set(struct store *);

/* How long a store waits for another xunfang writing to it, and who is
 * told of the wait after a second (a process-wide hook). */
#define STORE_BUSY_WAIT_MS (10 * 60 * 1000)
void store_busy_notice(void (*)(void *), void *);

/* Drafts of the unlocked account's open forms, sealed with its own key
 * (draft.c gives them their shape). */
int store_draft_put(struct store *, int64_t *id, const unsigned char *plain,
    size_t len, struct xf_err *);
int store_draft_scan(struct store *, int (*fn)(void *, int64_t,
    const unsigned char *, size_t), void *arg, struct xf_err *);
int store_draft_drop(struct store *, int64_t id, struct xf_err *);
/* Whether the wall clock looks wrong before stamping: against the newest
 * stamp and the station's last bundle (ref: the time compared with). The
 * user may say it is right; until then record_write refuses. */
enum { STORE_CLOCK_OK, STORE_CLOCK_AHEAD, STORE_CLOCK_BEHIND };
#define STORE_CLOCK_JUMP_DAYS 180
int store_clock_check(struct store *, int64_t *ref);
void store_clock_accept(struct store *);
int store_clock_refuse(struct store *, struct xf_err *);
int store_station_time_put(struct store *, int64_t created, struct xf_err *);

int store_begin(struct store *, struct xf_err *);
int store_commit(struct store *, struct xf_err *);
void store_rollback(struct store *);
/* Say that the versions this transaction puts come in record id order,
 * so that a bulk transaction needs a small page cache only. */
void store_bulk_sorted(struct store *);

/* A version's day: the record's own date in days since 1970 (UTC), by
 * which reports select; STORE_NO_DAY for kinds that have none and for
 * tombstones (a deleted record is in no period; a live head always
 * wins over a tombstone). */
#define STORE_NO_DAY INT64_MIN
/* Insert a version; heads are kept current. Returns 1 added, 0 had it. */
int store_put_version(struct store *, const struct version *,
    const unsigned char *sealed, size_t len, int64_t day, int maybe_parent,
    struct xf_err *);
/* Rows of the current heads of a kind whose day is in [lo, hi], in table
 * order, each with row->day set. The days are clear, so the scan checks
 * them against the sealed per-day tags: a day moved, a head hidden or
 * rolled back in the period is an error. Returns 1 (and calls nothing)
 * when the store's days are not filled in yet. */
int store_scan_days(struct store *, int kind, int64_t lo, int64_t hi,
    store_row_cb, void *, struct xf_err *);
/* The first and last day a kind has current versions on; 0 if none. */
int store_days_range(struct store *, int kind, int64_t *lo, int64_t *hi);
/* Whether every current version has its day (see store_days_fill). */
int store_days_ready(struct store *);
/* Fill in the days of current versions written before they were kept:
 * n pairs of a version id and its day, in one write transaction, then
 * seal the per-day tags. */
int store_days_fill(struct store *, const unsigned char (*vids)[VID_LEN],
    const int64_t *days, size_t n, struct xf_err *);
/* A version's decrypted day differs from its clear one: an error naming
 * the store. */
int store_days_altered(struct store *, struct xf_err *);
/* Rows of the current heads of a kind, grouped by record. */
int store_scan_heads(struct store *, int kind, store_row_cb, void *,
    struct xf_err *);
/* The same, the two halves of the id space in two threads, each half's
 * rows to its own callback argument (args[0] gets ids below 0x80). */
int store_scan_heads_split(struct store *, int kind, store_row_cb,
    void *args[2], struct xf_err *);
/* A scan of the heads of a kind, newest first, a page at a time, each
 * page in a read of its own. hlc is an unsigned clock of 48+16 bits;
 * its top bit is never set, so INT64_MAX is above every clock. */
struct store_page {
	uint64_t before;	/* the clock of the last head read */
	unsigned char acc[16];	/* the set hash of the heads read */
	size_t rows;		/* heads read so far */
	int started, done;
};
/* The next page: at least limit heads (fewer at the end), then those of
 * the same clock as the last. 1 when the last head was read, 0 when
 * more follow, -1 on error. */
int store_scan_heads_page(struct store *, int kind, struct store_page *,
    int limit, store_row_cb, void *, struct xf_err *);
/* Once done: whether the heads read are those the sealed state holds
 * now. A store written by another program between the pages differs
 * too: read the whole kind again (record_list) before calling it
 * altered. */
int store_page_check(struct store *, int kind, const struct store_page *,
    struct xf_err *);
/* All versions of one record, oldest first. */
int store_scan_record(struct store *, const unsigned char *rid, store_row_cb,
    void *, struct xf_err *);
/* Resolve an id or unique hex prefix to a record id. */
int store_find_record(struct store *, const char *hex, unsigned char *rid,
    struct xf_err *);
int store_count_versions(struct store *, int64_t *, struct xf_err *);

/* Accounts and roles: account management, restricted keys, lockout. */
int store_user_can_manage(const struct store *);
/* Add, or set a passphrase, inside the caller's transaction. */
int store_account_add(struct store *, const char *name, const char *role,
    const char *pass, size_t passlen, const struct kdf_params *,
    unsigned char *uid_out, struct xf_err *);
int store_account_scan(struct store *,
    int (*)(void *, const struct account *, int64_t created), void *,
    struct xf_err *);
int store_account_passwd(struct store *, const char *name, const char *pass,
    size_t passlen, const struct kdf_params *, unsigned char *uid_out,
    struct xf_err *);
/* Disable inside the caller's transaction; uid_out gets the account id. */
int store_account_disable(struct store *, const char *name,
    unsigned char *uid_out, struct xf_err *);
int store_lockout(struct store *);
int store_set_lockout(struct store *, int n, struct xf_err *);
int store_unlock_failures_reset(struct store *, struct xf_err *);
/* This store's own restricted public key; -1 if it has none. */
int store_restricted_pk(struct store *, unsigned char pk[32]);
/* Public keys restricted values are sealed to: this store's restricted
 * key and its stations' identity keys (caller frees *pks). */
int store_restricted_keys(struct store *, unsigned char (**pks)[32], int *n,
    struct xf_err *);

/* One stored audit row; lengths as found (verification checks them). */
struct audit_row {
	int64_t seq;
	uint64_t n;
	const unsigned char *device, *entry, *hash, *sig;
	size_t devicelen, len, hashlen, siglen;
};

int store_audit_put(struct store *, const unsigned char *device, uint64_t n,
    const unsigned char *entry, size_t len, const unsigned char hash[32],
    const unsigned char sig[64], struct xf_err *);
int store_audit_head(struct store *, const unsigned char *device,
    unsigned char pk[32], uint64_t *n, unsigned char hash[32]);
int store_audit_set_head(struct store *, const unsigned char *device,
    const unsigned char pk[32], uint64_t n, const unsigned char hash[32],
    struct xf_err *);
int store_audit_tail(struct store *, const unsigned char *device, uint64_t *n,
    unsigned char hash[32]);
int store_audit_scan(struct store *, const unsigned char *device,
    int (*)(void *, const struct audit_row *), void *, struct xf_err *);
int store_audit_devices(struct store *, int (*)(void *, const unsigned char *),
    void *, struct xf_err *);
/* What a peer (the station) holds of this device's audit entries. */
uint64_t store_audit_acked(struct store *, const unsigned char *peer);
int store_set_audit_acked(struct store *, const unsigned char *peer,
    uint64_t n, struct xf_err *);
int store_audit_pending_take(struct store *,
    int (*)(void *, int64_t time, const unsigned char *uid, int what), void *,
    struct xf_err *);

/* Associated data that binds a sealed body to its row. */
size_t version_ad(const struct version *, unsigned char *out);
#define VERSION_AD_MAX (4 + RID_LEN + VID_LEN + 1 + 8 + 8 + 8 + 1 + 1 + \
	MAX_PARENTS * VID_LEN)

/* ---- Sync: enrolled peers, revocations, export scans (store-peer.c; the
 * exchange of bundles that uses them is exchange.c) ---- */

struct store_peer {
	unsigned char keyid[VAULT_KEYID_LEN];
	int role;			/* ROLE_DEVICE or ROLE_STATION */
	unsigned char sign_pk[32], box_pk[32];
	char *name, *village;		/* sealed in the file */
	int64_t enrolled, last_sync;
	int revoked;
	uint64_t seq_out;		/* last bundle number sent to it */
	uint64_t seq_in;		/* last bundle number read from it */
	uint64_t acked;			/* our rows up to this seq it holds */
	uint64_t hw_in;			/* its rows up to this seq we hold */
};

struct store_revoked {
	unsigned char keyid[VAULT_KEYID_LEN];
	int64_t at;
};

/* Drop a peer's row if it was changed outside xunfang, before it is
 * enrolled again; 1 dropped, 0 sound or absent, -1 error. */
int store_peer_drop_altered(struct store *, const unsigned char *keyid,
    struct xf_err *);
/* Add or replace a peer. */
int store_peer_put(struct store *, const struct store_peer *, struct xf_err *);
/* Every peer, with names opened and revocation set (free with
 * store_peer_list_free). */
int store_peer_list(struct store *, struct store_peer **, size_t *,
    struct xf_err *);
void store_peer_list_free(struct store_peer *, size_t);
/* Record a revoked key id; 1 newly revoked, 0 already, -1 error. */
int store_revoke(struct store *, const unsigned char *keyid, int64_t at,
    struct xf_err *);
int store_revoked_list(struct store *, struct store_revoked **, size_t *,
    struct xf_err *);
int store_is_revoked(struct store *, const unsigned char *keyid);
/* What a peer told in its signed bundles, kept sealed: its restricted
 * public key (1 found, 0 not told yet), and at a station which device an
 * account id is of, with its role (1 found, 0 unknown). */
int store_peer_rkey(struct store *, const unsigned char *keyid,
    unsigned char pk[32], struct xf_err *);
int store_peer_rkey_put(struct store *, const unsigned char *keyid,
    const unsigned char pk[32], struct xf_err *);
int store_peer_account(struct store *, const unsigned char *uid,
    unsigned char peer[VAULT_KEYID_LEN], char role[16], struct xf_err *);
int store_peer_account_put(struct store *, const unsigned char *uid,
    const unsigned char *peer, const char *role, struct xf_err *);
/* Note that our rows lo..hi came from this peer (not to be sent back). */
int store_recv_range_add(struct store *, const unsigned char *peer,
    int64_t lo, int64_t hi, struct xf_err *);
/* The highest row number of the version table (0 when empty). */
int store_max_seq(struct store *, int64_t *, struct xf_err *);
/* Versions in rows (after, upto] written by one of the devices, not by
 * the peer and not received from it, in row order; found through the
 * index on (device, kind, seq), so the work follows what the devices
 * wrote. */
typedef int (*store_want_cb)(void *, int kind, const unsigned char *rid,
    const unsigned char *device);
/* One device whose rows the caller wants only of some kinds, or of some
 * records: those are looked up by index, by (device, kind, seq) and by
 * record id, and its other rows are not read. */
struct store_export_by {
	const unsigned char *device;
	const int *kinds;
	size_t nkinds;
	const unsigned char (*rids)[RID_LEN];	/* sorted */
	size_t nrids;
};
/* want (if not NULL) chooses among them by their clear kind, record id
 * and device before any row is read whole; by (if not NULL) narrows one
 * device's rows before want sees them. */
int store_scan_export(struct store *, const unsigned char *peer,
    const unsigned char (*devices)[VAULT_KEYID_LEN], size_t ndevices,
    int64_t after, int64_t upto, const struct store_export_by *by,
    store_want_cb, void *want_arg, store_row_cb, void *, struct xf_err *);
/* The ids of the records the devices wrote a version of, sorted, each
 * once (caller frees). */
int store_rids_of(struct store *,
    const unsigned char (*devices)[VAULT_KEYID_LEN], size_t ndevices,
    unsigned char (**out)[RID_LEN], size_t *n, struct xf_err *);
/* Rows up to upto went out in a bundle (inside a transaction). */
int store_note_sent(struct store *, int64_t upto, struct xf_err *);
/* Whether a record has left this store (sent in a bundle, or written on
 * another device): an edit of it then says why. 1 yes, 0 no, -1 error. */
int store_record_exported(struct store *, const unsigned char *rid,
    struct xf_err *);
/* Versions per device key id, for the station's overview. */
int store_count_by_device(struct store *, const unsigned char *device,
    int64_t *, struct xf_err *);

#endif
