/* Public identities: the one-line text form a device and its station
 * exchange to enrol, key ids and fingerprints read aloud. */
#ifndef IDENTITY_H
#define IDENTITY_H

#include "store.h"

#define IDENTITY_FP_LEN 36	/* "12345 " * 6, NUL */
#define IDENTITY_NAME_MAX 96	/* bytes of the store's name it carries */

struct identity {
	int role;		/* ROLE_DEVICE or ROLE_STATION */
	int demo;
	unsigned char sign_pk[32], box_pk[32];
	unsigned char keyid[VAULT_KEYID_LEN];
	int has_rkey;		/* identities of format 2 carry it */
	unsigned char rkey[32];	/* the public key restricted values are
				 * sealed to for this store */
	char name[IDENTITY_NAME_MAX + 1];	/* the store's own name, as
				 * `xunfang init --name` gave it; format 3
				 * carries it, older ones leave it "" */
};

/* This store's own public identity (the store must be unlocked). */
void identity_self(struct store *, struct identity *);
/* The one-line text: "XFID:3:S:R:" then Base32 of the keys (signing,
 * box, restricted), the store's name and a check; format 2 lacked the
 * name, format 1 the restricted key too. */
void identity_encode(const struct identity *, struct buf *);
/* Parse the text form from (pointer, length); surrounding space ignored. */
int identity_parse(const char *, size_t, struct identity *, struct xf_err *);
/* Six groups of five digits, from a hash of the public keys (the
 * restricted one too, when the identity carries it) and the name. */
void identity_fingerprint(const struct identity *, char out[IDENTITY_FP_LEN]);
/* A key id as 16 uppercase hex digits. */
void keyid_hex(const unsigned char *keyid, char out[2 * VAULT_KEYID_LEN + 1]);
/* Parse a key id or a unique prefix (4..16 hex digits); returns the number
 * of digits, -1 if it is not hex. */
int keyid_prefix(const char *, unsigned char *keyid);
/* RFC 4648 Base32 without padding; decoding takes exactly the text of
 * n bytes (either case) and returns -1 on anything else. */
void b32_encode(const unsigned char *, size_t, struct buf *);
int b32_decode(const char *, size_t len, unsigned char *out, size_t n);

#endif
