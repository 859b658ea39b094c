/* Sync bundle wire format (xunfang-bundle(5)): header, sealed file key,
 * commitment, secretstream body of a zlib payload, Ed25519 trailer. */
#ifndef BUNDLE_H
#define BUNDLE_H

#include "store.h"

#define BUNDLE_VERSION 1
#define BUNDLE_HDR_LEN 149
#define BUNDLE_FLAG_DEMO 0x01
#define BUNDLE_FLAG_STATION 0x02
#define BUNDLE_CHUNK 65536

/*
 * What one bundle may carry. The largest real bundles are a device's
 * first sync with a busy village and a return bundle after weeks
 * offline: tens of thousands of versions (the benchmark sends 100 000),
 * bodies of a few KiB. The limits leave five times that and more, and
 * stop an enrolled device, trusted to sign but not to be kind, from
 * making the station allocate without bound: a first pass over the
 * decrypted stream checks them keeping nothing, before anything is
 * allocated for the payload, so a refused bundle costs a few MiB.
 */
#define BUNDLE_MAX_VERSIONS 500000	/* version items */
#define BUNDLE_MAX_REVOKED 100000	/* revocation items */
#define BUNDLE_MAX_BODY ((size_t)4 << 20)	/* one version's body */
#define BUNDLE_MAX_AUDIT ((size_t)64 << 20)	/* the audit item */
#define BUNDLE_MAX_PLAIN ((size_t)512 << 20)	/* the whole payload */
/* A file larger than this cannot hold a payload within the cap. */
#define BUNDLE_MAX_FILE (BUNDLE_MAX_PLAIN + (BUNDLE_MAX_PLAIN >> 6))

/* The limits a payload is read within. */
struct bundle_limits {
	size_t versions, revoked, body, audit, plain;
};

/* BUNDLE_MAX_*: what bundle_decrypt and bundle_decode use. */
extern const struct bundle_limits bundle_limits_default;

/* The clear header. */
struct bundle_hdr {
	int version;
	unsigned flags;
	unsigned char sender[VAULT_KEYID_LEN], recipient[VAULT_KEYID_LEN];
	uint64_t seq;
	int64_t created;
};

/* The payload's first part: ids again and the rows covered; the counts
 * follow the last item. */
struct bundle_manifest {
	unsigned char sender[VAULT_KEYID_LEN], recipient[VAULT_KEYID_LEN];
	uint64_t seq;
	unsigned flags;
	uint64_t from, to;	/* the sender's rows (from, to] considered */
	uint64_t ack;		/* the recipient's rows up to ack are held */
	uint64_t nversions, nrevoked;
	unsigned format;	/* payload format read: 1 (no sender item), 2, 3 */
};

/* One record version of a payload; body points into the payload. */
struct bundle_version {
	struct version v;
	const unsigned char *body;	/* record_encode form */
	size_t bodylen;
	int skip;			/* refused alone by the importer */
};

struct bundle_payload {
	struct bundle_manifest m;
	struct bundle_version *v;
	size_t nv;
	struct store_revoked *r;
	size_t nr;
	const unsigned char *audit;	/* a device's audit entries */
	size_t auditlen;
	int has_audit_ack;		/* from a station: entries it holds */
	uint64_t audit_ack;
	int has_sender;			/* the sender item, at most one */
	int has_rkey;			/* the sender's restricted key */
	unsigned char rkey[32];
	const unsigned char *accounts;	/* naccounts entries of
					   BUNDLE_ACCOUNT_LEN */
	size_t naccounts;
	int has_vouch;			/* an officer vouched for them */
	unsigned char vouch[32];
};

/* An account entry of the sender item: account id, then a role code. */
#define BUNDLE_ACCOUNT_LEN (UID_LEN + 1)
#define BUNDLE_MAX_ACCOUNTS 4096

/* Progress of long work: done out of total, in bytes or items. */
typedef void (*bundle_progress_fn)(void *, const char *what, size_t done,
    size_t total);

/* Whether bytes begin as a bundle does (the magic), before any check. */
int bundle_looks_like(const unsigned char *, size_t);
void bundle_manifest_put(struct buf *, const struct bundle_manifest *);
void bundle_version_put(struct buf *, const struct version *,
    const unsigned char *body, size_t len);
void bundle_revoked_put(struct buf *, const unsigned char *keyid, int64_t at);
/* The end item and the counts of version and revocation items. */
void bundle_end_put(struct buf *, uint64_t nversions, uint64_t nrevoked);
/* Audit items: a device's entries (audit_export form); a station's count
 * of the entries it holds from the recipient. */
void bundle_audit_put(struct buf *, const unsigned char *, size_t);
void bundle_audit_ack_put(struct buf *, uint64_t n);
/* The sender item: the sender's restricted public key (NULL if it holds
 * none), its accounts, n entries of BUNDLE_ACCOUNT_LEN bytes, and an
 * officer's vouch for them (NULL: none). What the vouch covers. */
void bundle_sender_put(struct buf *, const unsigned char *rkey,
    const unsigned char *accounts, size_t n, const unsigned char *vouch);
void bundle_vouch_msg(struct buf *, const struct bundle_manifest *,
    const unsigned char *rkey, const unsigned char *accounts, size_t n);

/* Compresses a payload on a second thread while the caller builds it. */
struct bundle_writer;
struct bundle_writer *bundle_writer_new(int level);
/* The buffer to append payload bytes to. */
struct buf *bundle_writer_buf(struct bundle_writer *);
/* Hand the bytes appended so far to the compressor once there are many. */
void bundle_writer_push(struct bundle_writer *);
/* Finish the zlib stream into z and free the writer. */
int bundle_writer_finish(struct bundle_writer *, struct buf *z,
    struct xf_err *);

/* Encrypt a compressed payload to the recipient and sign: the whole
 * bundle into out. */
void bundle_seal(const struct vault *, const struct bundle_hdr *,
    const unsigned char box_pk[32], const struct buf *z, struct buf *out);

/* Reading, in the verify order. */
int bundle_read_header(const unsigned char *, size_t, struct bundle_hdr *,
    struct xf_err *);
int bundle_check_signature(const unsigned char *, size_t,
    const unsigned char sign_pk[32], struct xf_err *);
/* Open the file key, check the commitment, decrypt requiring FINAL and
 * inflate into plain: first a pass that checks the payload's shape and
 * limits keeping nothing, then one into a buffer of the exact size. */
int bundle_decrypt(const struct vault *, const unsigned char *, size_t,
    struct buf *plain, struct xf_err *);
int bundle_decrypt_within(const struct vault *, const unsigned char *,
    size_t, const struct bundle_limits *, struct buf *plain,
    struct xf_err *);
/* Parse a payload strictly; entries point into plain. The items are
 * counted against the limits before the arrays are allocated. */
int bundle_decode(const unsigned char *plain, size_t len,
    struct bundle_payload *, struct xf_err *);
int bundle_decode_within(const unsigned char *plain, size_t len,
    const struct bundle_limits *, struct bundle_payload *, struct xf_err *);
void bundle_payload_free(struct bundle_payload *);

#endif
