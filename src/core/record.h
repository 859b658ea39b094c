/* Records: chains of immutable versions with sealed bodies. */
#ifndef RECORD_H
#define RECORD_H

#include "field.h"
#include "kind.h"
#include "store.h"

/* One decoded version, compact enough to hold 100k in a list. */
struct record {
	unsigned char rid[RID_LEN];
	unsigned char vid[VID_LEN];
	unsigned char device[VAULT_KEYID_LEN];
	unsigned char author[UID_LEN];
	uint64_t hlc;
	unsigned char (*parents)[VID_LEN];
	char **val;		/* one per field of the kind; NULL if empty */
	const char *reason;	/* why this version was written, or NULL */
	uint16_t nheads;	/* heads of this record; > 1 is a conflict */
	uint8_t nparents;
	uint8_t kind;
	uint8_t tomb;
	uint8_t head;
};

struct arena;

struct rec_list {
	const struct kind *kind;
	struct record *rows;
	size_t n, cap;
	size_t damaged;		/* versions whose body failed to open */
	struct arena *arena;
};

void rec_list_free(struct rec_list *);
/* Current records of a kind (tombstoned ones left out), by record id. */
int record_list(struct store *, const struct kind *, struct rec_list *,
    struct xf_err *);
/* The day a record of this kind is placed on (its when field, in days
 * since 1970, UTC; 0 when empty), or STORE_NO_DAY for a kind without. */
int64_t record_day(const struct kind *, char *const *vals);
/* The day of a time in seconds, as record_day counts (UTC). */
int64_t record_day_of(int64_t t);
/* The current records of a kind whose day is in [lo, hi], by record id,
 * like record_list; each version's decrypted day must be its clear one.
 * Heads of one record on other days are not seen. Returns 1 when the
 * store's days are not filled in yet (record_days_fill). */
int record_list_days(struct store *, const struct kind *, int64_t lo,
    int64_t hi, struct rec_list *, struct xf_err *);
/* The records of a kind whose day is in [lo, hi] (record_list_days),
 * or every current record of the kind when the store's days cannot be
 * filled in now (read-only, full, busy): callers that need the period
 * alone check each record's time. */
int record_list_period(struct store *, const struct kind *, int64_t lo,
    int64_t hi, struct rec_list *, struct xf_err *);
/* Move the records of b into a (both from record_list_days), one per
 * record as before. */
void record_list_merge(struct rec_list *a, struct rec_list *b);
/* Fill in the days of current versions written before days were kept
 * (decrypting each once): 0 done or nothing to do, 1 when the store
 * cannot be written. */
int record_days_fill(struct store *, struct xf_err *);
/* The current records of a kind read a page at a time, the last changed
 * first, so that a screen shows the first at once and takes the rest in
 * steps: l grows by each page (a record's tombstone stays in it, marked
 * tomb, until the last page, which drops the records deleted). When the
 * last page is read, the heads read are checked against the sealed
 * state, as record_list checks its own. */
struct rec_page {
	struct store_page pg;
	struct rec_list *l;
	size_t *slot, cap;	/* record id -> row + 1 */
	size_t *dropped, ndropped;	/* rows the last page dropped, as
					 * they were numbered, ascending */
	int moved;		/* the whole kind was read again */
	int changed;		/* a later page changed a row read before */
};
void record_page_init(struct rec_page *, const struct kind *,
    struct rec_list *);
/* Read the next page of at least limit heads into the list: 0 more
 * follow, 1 the list is whole, -1 on error. When whole, the records
 * deleted are gone (dropped says which rows they were, the others keep
 * their order), or, if moved is set, the list is record_list's. */
int record_page_next(struct store *, struct rec_page *, int limit,
    struct xf_err *);
void record_page_free(struct rec_page *);
/* Every version of a record, oldest first; kind set from the record. */
int record_history(struct store *, const unsigned char *rid,
    struct rec_list *, struct xf_err *);
/* The current version of a record (the newest head), from its history. */
const struct record *record_current(const struct rec_list *);
/* The record with this id in a list sorted by id, or NULL. */
const struct record *rec_list_find(const struct rec_list *,
    const unsigned char *rid);

/* Write a new version inside the caller's transaction. vals has one entry
 * per field of the kind. rid NULL creates a new record. */
int record_write(struct store *, const struct kind *, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int nparents,
    char *const *vals, int tomb, unsigned char *rid_out,
    unsigned char *vid_out, struct xf_err *);

/* record_write with the reason the version was written (an edit of a
 * record that has left the store says why); NULL or "" for none. */
int record_write_why(struct store *, const struct kind *,
    const unsigned char *rid, const unsigned char (*parents)[VID_LEN],
    int nparents, char *const *vals, int tomb, const char *reason,
    unsigned char *rid_out, unsigned char *vid_out, struct xf_err *);
/* The longest reason, in characters. */
#define RECORD_REASON_MAX 200
/* Whether an edit of the record must give a reason: a patrol, visit or
 * dispute that has left the store. 1 yes, 0 no, -1 error. */
int record_needs_reason(struct store *, const struct kind *,
    const unsigned char *rid, struct xf_err *);
/* Whether a reason is one line of at most RECORD_REASON_MAX characters. */
int record_reason_check(const char *, struct xf_err *);

/* Seal and store a version whose metadata the caller fills in full (import,
 * deterministic demo data). Returns 1 added, 0 already held, -1 error. */
int record_put(struct store *, const struct kind *, const struct version *,
    char *const *vals, int maybe_parent, struct xf_err *);
/* record_put with the version's reason (from its body, on import). */
int record_put_why(struct store *, const struct kind *,
    const struct version *, char *const *vals, const char *reason,
    int maybe_parent, struct xf_err *);

/* Restricted values: a sealed value read from a bundle is well-formed;
 * a body to export gets its restricted values sealed to the npk keys
 * given (none: withheld, sealed to no key, shown as restricted). */
#define RECORD_SEALED_MAX (1u << 20)
int record_sealed_ok(const char *, size_t len);
size_t record_reseal_for(struct store *, int kind,
    const unsigned char (*pks)[32], int npk, struct buf *body, size_t len);

/* At a station: a stored version of a device's volunteer account keeps
 * a volunteer's rules (device: the device's name, for the message). */
int record_check_volunteer(struct store *, const struct kind *,
    const struct version *, const char *device, struct xf_err *);

/* Encode a body: version byte, then (field index + 1, value, NUL). */
void record_encode(const struct kind *, char *const *vals, struct buf *);
/* After the fields, the version's reason, if it has one: an entry
 * whose index byte is above every field's (record_decode skips it). */
#define RECORD_BODY_REASON 0xff
void record_encode_reason(const char *reason, struct buf *);
const char *record_body_reason(const char *plain, size_t len);
/* Decode a body in place into vals (pointers into plain). */
int record_decode(const struct kind *, char *plain, size_t len, char **vals);

void record_id_hex(const unsigned char *id, char out[33]);
/* The id of a record's first version: BLAKE2b-128 of a fixed label and
 * the record id, so that a bundle need not carry it. */
void record_first_vid(const unsigned char *rid, unsigned char *vid);

/* Resolves references by name or id against the store, with a cache. */
struct ref_cache;
struct ref_cache *ref_cache_new(struct store *);
void ref_cache_free(struct ref_cache *);
void ref_cache_ops(struct ref_cache *, struct ref_ops *);

#endif
