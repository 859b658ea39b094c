/* Key material: the master key, passphrase wraps, body sealing, identity. */
#ifndef VAULT_H
#define VAULT_H

#include "xf.h"

#define VAULT_KEY_LEN 32
#define VAULT_SALT_LEN 16
#define VAULT_NONCE_LEN 24
#define VAULT_TAG_LEN 16
#define VAULT_SEAL_OVERHEAD (VAULT_NONCE_LEN + VAULT_TAG_LEN)
#define VAULT_KEYID_LEN 8

/* Argon2id costs stored with each wrap. */
struct kdf_params {
	uint32_t ops;
	uint32_t mem_mib;
};

#define KDF_DEFAULT_OPS 3
#define KDF_DEFAULT_MEM_MIB 256
/* The costs a passphrase's key derivation may take: what --kdf-memory
 * accepts, and the most a wrap read from the file may ask for (a wrap
 * rewritten to ask for more must not make an unlock eat the machine). */
#define KDF_MIN_MEM_MIB 8
#define KDF_MAX_MEM_MIB 4096
#define KDF_MAX_OPS 64

/* The unlocked keys of a store, in sodium_malloc'd memory. */
struct vault;

int vault_init(struct xf_err *);
struct vault *vault_new(void);
void vault_free(struct vault *);

/* Wrap the vault's keys under a passphrase; out is a self-describing blob. */
int vault_wrap(const struct vault *, const char *pass, size_t passlen,
    const struct kdf_params *, const unsigned char *ad, size_t adlen,
    struct buf *out, struct xf_err *);
/* Unwrap: 1 on success, 0 on a wrong passphrase, -1 on a damaged wrap. */
int vault_unwrap(const unsigned char *blob, size_t len, const char *pass,
    size_t passlen, const unsigned char *ad, size_t adlen, struct vault **,
    struct xf_err *);

/* Key epochs: disabling an account or changing a passphrase starts a new
 * master key; earlier ones are kept (sealed under the newest) so older
 * bodies stay readable, and each other account gets the new one sealed to
 * its own public key, to take at its next unlock. */
#define VAULT_GRANT_LEN (48 + 4 + VAULT_KEY_LEN)
uint32_t vault_epoch(const struct vault *);
void vault_account_new(struct vault *);
int vault_account_pk(const struct vault *, unsigned char pk[32]);
int vault_rotate(struct vault *);
void vault_grant(const struct vault *, const unsigned char pk[32],
    unsigned char out[VAULT_GRANT_LEN]);
int vault_take_grant(struct vault *, const unsigned char *, size_t);
void vault_keyring_seal(const struct vault *, struct buf *out);
int vault_keyring_open(struct vault *, const unsigned char *, size_t);

/* The wrap's format (3: sealed-state store, 2: older), -1 if unusable. */
int vault_wrap_version(const unsigned char *blob, size_t len);
int vault_wrap_params(const unsigned char *blob, size_t len,
    struct kdf_params *);
/* Tags that only unlocked keys can compute: under the master key's state
 * subkey (every account), and under the restricted key (not volunteers;
 * -1 without it). */
void vault_state_tag(const struct vault *, const unsigned char *msg,
    size_t len, unsigned char *out, size_t outlen);
void vault_state_member(const struct vault *, const unsigned char *msg,
    size_t len, unsigned char out[16]);
int vault_restricted_tag(const struct vault *, const unsigned char *msg,
    size_t len, unsigned char out[32]);

/* Seal plaintext with the master key: out gets nonce || ciphertext. */
void vault_seal(const struct vault *, const unsigned char *ad, size_t adlen,
    const unsigned char *plain, size_t len, struct buf *out);
/* Seal into a caller buffer of len + VAULT_SEAL_OVERHEAD bytes. */
void vault_seal_to(const struct vault *, const unsigned char *ad,
    size_t adlen, const unsigned char *plain, size_t len, unsigned char *out);
/* Seal and open a form's draft with the account's own key (-1: none):
 * nonce || ciphertext, as vault_seal. */
int vault_draft_seal(const struct vault *, const unsigned char *ad,
    size_t adlen, const unsigned char *plain, size_t len, struct buf *out);
int vault_draft_open(const struct vault *, const unsigned char *ad,
    size_t adlen, const unsigned char *sealed, size_t len,
    unsigned char *plain);
/* Open a sealed body into plain (len - VAULT_SEAL_OVERHEAD bytes). */
int vault_open(const struct vault *, const unsigned char *ad, size_t adlen,
    const unsigned char *sealed, size_t len, unsigned char *plain);

/* A lookup tag for an account name, keyed by the store's salt. */
void vault_name_tag(unsigned char out[16], const unsigned char *salt,
    const char *name);
void vault_random(void *, size_t);

/* The store's identity seed (random at creation, sealed in the store). */
const unsigned char *vault_id_seed(const struct vault *);
void vault_set_id_seed(struct vault *, const unsigned char seed[32]);
/* Public keys and key id derived from the identity seed. */
void vault_id_public(const struct vault *, unsigned char sign_pk[32],
    unsigned char box_pk[32], unsigned char keyid[VAULT_KEYID_LEN]);
void vault_keyid(const unsigned char sign_pk[32], const unsigned char box_pk[32],
    unsigned char keyid[VAULT_KEYID_LEN]);

/* Accounts and roles. A copy of the keys, with the restricted key only if
 * with_restricted (a volunteer's wrap holds none). */
struct vault *vault_dup(const struct vault *, int with_restricted);
int vault_has_restricted(const struct vault *);
int vault_restricted_public(const struct vault *, unsigned char pk[32]);
/* Seal a value to restricted public keys (no secret needed to write). */
void vault_restricted_seal(const unsigned char (*pks)[32], int n,
    const unsigned char *plain, size_t len, struct buf *out);
/* Open a sealed restricted value; -1 if these keys cannot. */
int vault_restricted_open(const struct vault *, const unsigned char *tok,
    size_t len, struct buf *out);
/* Open one addressed to this store's identity X25519 key (in transit). */
int vault_restricted_open_id(const struct vault *, const unsigned char *tok,
    size_t len, struct buf *out);
/* A device officer's vouch for what its bundle tells a station: made
 * with the restricted secret (by_id 0, peer_pk the station's identity
 * key) or the station's identity secret (by_id 1, peer_pk the device's
 * restricted key); checked at the station. */
int vault_vouch(const struct vault *, int by_id, const unsigned char peer_pk[32],
    const unsigned char *msg, size_t len, unsigned char tag[32]);
int vault_vouch_check(const struct vault *, const unsigned char dev_pk[32],
    const unsigned char *msg, size_t len, const unsigned char tag[32]);
/* Ed25519 signatures by the identity key, for the audit trail. */
void vault_id_sign(const struct vault *, const unsigned char *msg, size_t len,
    unsigned char sig[64]);
int vault_sign_verify(const unsigned char pk[32], const unsigned char *msg,
    size_t len, const unsigned char sig[64]);
void vault_hash(const unsigned char *msg, size_t len, unsigned char out[32]);

/* Wipe memory that held plain text. */
void vault_memzero(void *, size_t);
/* Protected memory for passphrases as they are typed. */
void *vault_secret_alloc(size_t);
void vault_secret_free(void *);

#endif
