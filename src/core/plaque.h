/*
 * Checkpoint plaques: the text of a plaque's QR code, its short code and
 * what a tick from either finds. The text is "XFP1:" then Base32 of the
 * checkpoint's record id, the plaque serial (4 bytes, big-endian) and an
 * Ed25519 signature over "XFP1" + id + serial by the issuing store's
 * identity key. The short code is the first 8 Base32 letters of a hash
 * of id and serial, for typing when the code cannot be read. Drawing the
 * plaque is the printing module's (src/print/).
 */
#ifndef PLAQUE_H
#define PLAQUE_H

#include "geo.h"
#include "record.h"

#define PLAQUE_PREFIX "XFP1:"
#define PLAQUE_SIG_LEN 64
#define PLAQUE_RAW_LEN (RID_LEN + 4 + PLAQUE_SIG_LEN)
#define PLAQUE_CODE_LEN 8

struct plaque {
	unsigned char rid[RID_LEN];
	uint32_t serial;
	unsigned char sig[PLAQUE_SIG_LEN];
};

/* The plaque's QR text, signed by this store (unlocked). */
void plaque_payload(struct store *, const unsigned char *rid, uint32_t serial,
    struct buf *out);
/* Parse QR text (surrounding space ignored); -1 if it is not a plaque's. */
int plaque_parse(const char *, struct plaque *);
/* The short code of a checkpoint's plaque of this serial, NUL-ended. */
void plaque_code(const unsigned char *rid, uint32_t serial,
    char out[PLAQUE_CODE_LEN + 1]);
/* Whether the signature is by this store or by a station or device it
 * has enrolled: 1 genuine, 0 not, -1 error. */
int plaque_genuine(struct store *, const struct plaque *, struct xf_err *);
/* A checkpoint's current plaque serial (0: never printed). */
uint32_t plaque_serial_of(const struct record *);

/* Give a checkpoint the next plaque serial, inside the caller's
 * transaction: its older plaques are stale from then on. */
int plaque_bump(struct store *, const unsigned char *rid, uint32_t *serial,
    struct xf_err *);

/* What a tick from a plaque found. */
struct plaque_tick {
	unsigned char rid[RID_LEN];	/* the checkpoint */
	const char *method;		/* "scan" or "manual" */
	const char *flag;		/* NULL, or a point flag code */
};

/*
 * Tick the checkpoint a scanned text or a typed short code names on the
 * patrol (inside the caller's transaction none is needed: this writes
 * its own). A plaque of another village, a stale serial or a signature
 * not genuine is still ticked, its flag set in *out. -1 with err when
 * the text names no checkpoint of this store. The fix is where the
 * device was (GEO_OFF: it does not know); track, unless NULL, is the
 * patrol's track so far, written with the same version.
 */
int plaque_tick(struct store *, const unsigned char *patrol_rid,
    const char *text, int64_t now, const struct geo_fix *,
    const char *track, struct plaque_tick *out, struct xf_err *);
/* The message a flag gets (translated), or NULL for none. */
const char *plaque_flag_message(const char *flag);

#endif
