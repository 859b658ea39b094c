/* Sync between devices and their station: enrolment, revocation, export
 * and import of bundles, acknowledgements, and the station's warnings. */
#ifndef EXCHANGE_H
#define EXCHANGE_H

#include "bundle.h"
#include "identity.h"
#include "record.h"

/* What an export wrote. */
struct sync_export {
	char *path;		/* the bundle file (caller frees) */
	int unrecorded;		/* the store could not note it (read-only) */
	uint64_t seq;
	size_t nversions, nrevoked, bytes;
	uint64_t to, ack;	/* our rows up to to; its rows up to ack held */
};

/* What an import found and did. */
struct sync_import {
	struct bundle_hdr hdr;
	char *sender_name;	/* caller frees with sync_import_clear */
	size_t nversions, added, held, nrevoked_new;
	size_t added_by_kind[KIND_MAX + 1];
	int self_revoked;	/* the station revoked this device */
	int store_failed;	/* the bundle was sound; writing it failed */
	int refused;		/* a version broke a rule as it was stored */
	size_t nskipped;	/* versions refused alone (impossible stamps) */
	char *skipped;		/* what they were, for the user */
	int64_t clock_ahead;	/* at a station: a device's bundle stamped
				 * this many seconds after now */
};
#define SYNC_CLOCK_AHEAD 600	/* seconds a device's clock may be ahead */

/* Add a peer from its identity: a station at a device, a device (with
 * name and village) at a station. Returns 1 added, 0 updated, -1 error. */
int sync_enroll(struct store *, const struct identity *, const char *name,
    const char *village, struct xf_err *);
/* The name a peer is enrolled under: NAME if given, else the name its
 * identity carries, else "station" (translated). */
const char *sync_enroll_name(const struct identity *, const char *name);
/* The enrolled peer named by NAME or a key id (prefix), or at a device
 * the station by "station" too; fills out with strings the caller frees
 * with sync_peer_clear. */
int sync_find_peer(struct store *, const char *arg, struct store_peer *out,
    struct xf_err *);
void sync_peer_clear(struct store_peer *);
/* At a station: revoke a device by name or key id. 1 revoked, 0 was
 * already revoked. */
int sync_revoke(struct store *, const char *arg, struct store_peer *out,
    struct xf_err *);
/* "station" or "device", translated. */
const char *sync_role_name(int role);

/* Write a bundle for a peer of what it has not acknowledged. path NULL
 * chooses a name in the current folder. */
int sync_export(struct store *, const char *peer, const char *path,
    bundle_progress_fn, void *, struct sync_export *, struct xf_err *);
/* How many versions an export to the peer would carry from rows
 * (after, newest], without writing anything. */
int sync_export_pending(struct store *, const char *peer, uint64_t after,
    size_t *nversions, struct xf_err *);
/* Verify a bundle in the verify order and, unless verify_only, import it
 * in one transaction. */
int sync_import(struct store *, const unsigned char *, size_t,
    int verify_only, struct sync_import *, struct xf_err *);
void sync_import_clear(struct sync_import *);
/* A line saying which versions were refused alone and why, or NULL. */
const char *sync_import_skipped(const struct sync_import *);
/* At a station, a line saying a device's clock is ahead, or NULL. */
const char *sync_import_clock(const struct sync_import *);

/* Current warnings valid at now (valid_until not passed), by record id. */
int sync_warnings_now(struct store *, int64_t now, struct rec_list *,
    struct xf_err *);

#endif
