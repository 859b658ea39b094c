/*
 * The only file that touches key material. Keys live in sodium_malloc'd
 * memory (guard pages, no swap, wiped on free).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vault.h"

/* Version 3 wraps belong to stores whose clear state is sealed (see
 * store-state.c); version 2 ones to older stores, upgraded at their unlock. */
#define WRAP_VERSION 3
#define WRAP_VERSION_OLD 2
#define WRAP_HEADER_LEN (1 + 1 + 4 + 4 + VAULT_SALT_LEN + VAULT_NONCE_LEN)
/* Payload: master key, identity seed, restricted flag, restricted key;
 * from version 3 also the master key's epoch and the account's own secret
 * key (which opens the grants of later epochs). */
#define WRAP_PAYLOAD_OLD (3 * VAULT_KEY_LEN + 1)
#define WRAP_PAYLOAD_LEN (WRAP_PAYLOAD_OLD + 4 + VAULT_KEY_LEN)
#define WRAP_PAYLOAD(version) \
	((version) == WRAP_VERSION ? WRAP_PAYLOAD_LEN : WRAP_PAYLOAD_OLD)
#define ALG_ARGON2ID13 1
/* The master keys of earlier epochs a vault can keep. */
#define VAULT_MAX_EPOCHS 64

struct vault {
	unsigned char master[VAULT_KEY_LEN];
	unsigned char id_seed[VAULT_KEY_LEN];
	unsigned char has_restricted;
	unsigned char restricted[VAULT_KEY_LEN];
	/* Derived from the identity seed once, when the vault is made. */
	unsigned char sign_pk[32], sign_sk[64], box_pk[32], box_sk[32];
	/* Derived from the master key: authenticates the store's clear
	 * state. */
	unsigned char state_key[VAULT_KEY_LEN];
	unsigned char member_key[crypto_shorthash_siphashx24_KEYBYTES];
	/* The master key's epoch, and the keys of earlier epochs (older
	 * bodies stay readable; an account disabled since cannot read new
	 * ones). */
	uint32_t epoch;
	int nold;
	struct {
		uint32_t epoch;
		unsigned char key[VAULT_KEY_LEN];
	} old[VAULT_MAX_EPOCHS];
	/* The account's own key pair, for grants of a new epoch. */
	unsigned char has_acct;
	unsigned char acct_sk[VAULT_KEY_LEN], acct_pk[32];
};

/* Derive the state key from the current master key. */
static void
derive_state(struct vault *v)
{
	crypto_kdf_derive_from_key(v->state_key, sizeof v->state_key, 3,
	    "xfstate_", v->master);
	crypto_kdf_derive_from_key(v->member_key, sizeof v->member_key, 5,
	    "xfmember", v->master);
}

/* Derive the identity key pairs from the seed into the vault. */
static void
derive_ids(struct vault *v)
{
	unsigned char sub[32];

	crypto_kdf_derive_from_key(sub, 32, 1, "xfidsign", v->id_seed);
	crypto_sign_seed_keypair(v->sign_pk, v->sign_sk, sub);
	crypto_kdf_derive_from_key(sub, 32, 2, "xfidbox_", v->id_seed);
	crypto_box_seed_keypair(v->box_pk, v->box_sk, sub);
	sodium_memzero(sub, sizeof sub);
	derive_state(v);
}

/* Start libsodium; every program calls this once before anything else. */
int
vault_init(struct xf_err *err)
{
	if (sodium_init() < 0)
		return xf_error(err, _("cannot initialise libsodium"));
	return 0;
}

/* A vault with a fresh random master key and identity seed. */
struct vault *
vault_new(void)
{
	struct vault *v = sodium_malloc(sizeof *v);

	if (v == NULL)
		return NULL;
	randombytes_buf(v->master, sizeof v->master);
	randombytes_buf(v->id_seed, sizeof v->id_seed);
	randombytes_buf(v->restricted, sizeof v->restricted);
	v->has_restricted = 1;
	v->epoch = 0;
	v->nold = 0;
	vault_account_new(v);
	derive_ids(v);
	return v;
}

/* Wipe and release a vault. */
void
vault_free(struct vault *v)
{
	if (v != NULL)
		sodium_free(v);
}

/* Derive the wrapping key from a passphrase; key is sodium_malloc'd. */
static unsigned char *
derive(const char *pass, size_t passlen, const unsigned char *salt,
    const struct kdf_params *kp, struct xf_err *err)
{
	unsigned char *key = sodium_malloc(VAULT_KEY_LEN + WRAP_PAYLOAD_LEN);

	if (key == NULL) {
		xf_errorc(err, XF_E_MEMORY,
		    _("cannot allocate protected memory for a key"));
		return NULL;
	}
	if (crypto_pwhash(key, VAULT_KEY_LEN, pass, passlen, salt, kp->ops,
	    (size_t)kp->mem_mib << 20, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(key);
		xf_errorc(err, XF_E_MEMORY, _("not enough memory to derive "
		    "the key from the passphrase (%u MiB needed)"),
		    kp->mem_mib);
		return NULL;
	}
	return key;
}

/* Lay out the keys a wrap carries (a volunteer's: no restricted key). */
static void
payload_put(unsigned char *p, const struct vault *v)
{
	memcpy(p, v->master, VAULT_KEY_LEN);
	memcpy(p + VAULT_KEY_LEN, v->id_seed, VAULT_KEY_LEN);
	p[2 * VAULT_KEY_LEN] = v->has_restricted;
	if (v->has_restricted)
		memcpy(p + 2 * VAULT_KEY_LEN + 1, v->restricted, VAULT_KEY_LEN);
	else
		sodium_memzero(p + 2 * VAULT_KEY_LEN + 1, VAULT_KEY_LEN);
	store_u32be(p + WRAP_PAYLOAD_OLD, v->epoch);
	memcpy(p + WRAP_PAYLOAD_OLD + 4, v->acct_sk, VAULT_KEY_LEN);
}

/* Read the keys back from an opened payload of a wrap version; -1 if it
 * is malformed. */
static int
payload_get(struct vault *v, const unsigned char *p, int version)
{
	unsigned char zero[VAULT_KEY_LEN] = {0};

	v->epoch = 0;
	v->nold = 0;
	v->has_acct = 0;
	if (version == WRAP_VERSION) {
		v->epoch = load_u32be(p + WRAP_PAYLOAD_OLD);
		memcpy(v->acct_sk, p + WRAP_PAYLOAD_OLD + 4, VAULT_KEY_LEN);
		crypto_scalarmult_base(v->acct_pk, v->acct_sk);
		v->has_acct = 1;
	}
	memcpy(v->master, p, VAULT_KEY_LEN);
	memcpy(v->id_seed, p + VAULT_KEY_LEN, VAULT_KEY_LEN);
	v->has_restricted = p[2 * VAULT_KEY_LEN];
	memcpy(v->restricted, p + 2 * VAULT_KEY_LEN + 1, VAULT_KEY_LEN);
	if (v->has_restricted > 1 || (!v->has_restricted &&
	    sodium_memcmp(v->restricted, zero, VAULT_KEY_LEN) != 0))
		return -1;
	return 0;
}

/* Build the associated data of a wrap: caller's ad, then the wrap header. */
static void
wrap_ad(struct buf *b, const unsigned char *hdr, const unsigned char *ad,
    size_t adlen)
{
	buf_adds(b, "xunfang-wrap");
	buf_add(b, ad, adlen);
	buf_add(b, hdr, WRAP_HEADER_LEN - VAULT_NONCE_LEN);
}

/*
 * Wrap the keys under a passphrase. Blob: version, algorithm, ops, MiB,
 * salt, nonce, then XChaCha20-Poly1305 of the keys with the header and the
 * caller's ad (the account id) bound as associated data.
 */
int
vault_wrap(const struct vault *v, const char *pass, size_t passlen,
    const struct kdf_params *kp, const unsigned char *ad, size_t adlen,
    struct buf *out, struct xf_err *err)
{
	unsigned char hdr[WRAP_HEADER_LEN], ct[WRAP_PAYLOAD_LEN + VAULT_TAG_LEN];
	unsigned char *key;
	struct buf a = {0};

	hdr[0] = WRAP_VERSION;
	hdr[1] = ALG_ARGON2ID13;
	store_u32be(hdr + 2, kp->ops);
	store_u32be(hdr + 6, kp->mem_mib);
	randombytes_buf(hdr + 10, VAULT_SALT_LEN + VAULT_NONCE_LEN);
	key = derive(pass, passlen, hdr + 10, kp, err);
	if (key == NULL)
		return -1;
	wrap_ad(&a, hdr, ad, adlen);
	payload_put(key + VAULT_KEY_LEN, v);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL,
	    key + VAULT_KEY_LEN, WRAP_PAYLOAD_LEN, a.data, a.len, NULL,
	    hdr + 10 + VAULT_SALT_LEN, key);
	sodium_free(key);
	buf_free(&a);
	buf_add(out, hdr, sizeof hdr);
	buf_add(out, ct, sizeof ct);
	return 0;
}

/* Unwrap keys: 1 unlocked, 0 wrong passphrase, -1 damaged or unsupported. */
int
vault_unwrap(const unsigned char *blob, size_t len, const char *pass,
    size_t passlen, const unsigned char *ad, size_t adlen, struct vault **out,
    struct xf_err *err)
{
	struct kdf_params kp;
	unsigned char *key;
	struct vault *v;
	struct buf a = {0};
	int rc;

	int version = vault_wrap_version(blob, len);
	size_t plen = WRAP_PAYLOAD(version);

	if (version < 0)
		return xf_errorc(err, XF_E_TAMPERED, _("the account's key "
		    "wrap is damaged or from a newer version of xunfang"));
	kp.ops = load_u32be(blob + 2);
	kp.mem_mib = load_u32be(blob + 6);
	if (kp.ops < 1 || kp.ops > KDF_MAX_OPS ||
	    kp.mem_mib < KDF_MIN_MEM_MIB || kp.mem_mib > KDF_MAX_MEM_MIB)
		return xf_errorc(err, XF_E_TAMPERED, _("the account's key "
		    "wrap has impossible Argon2id costs (%u passes, %u MiB)"),
		    kp.ops, kp.mem_mib);
	key = derive(pass, passlen, blob + 10, &kp, err);
	if (key == NULL)
		return -1;
	v = sodium_malloc(sizeof *v);
	if (v == NULL) {
		sodium_free(key);
		return xf_errorc(err, XF_E_MEMORY,
		    _("cannot allocate protected memory for a key"));
	}
	wrap_ad(&a, blob, ad, adlen);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(key + VAULT_KEY_LEN,
	    NULL, NULL, blob + WRAP_HEADER_LEN, plen + VAULT_TAG_LEN,
	    a.data, a.len, blob + 10 + VAULT_SALT_LEN, key);
	buf_free(&a);
	if (rc != 0) {
		sodium_free(key);
		sodium_free(v);
		return 0;
	}
	rc = payload_get(v, key + VAULT_KEY_LEN, version);
	sodium_free(key);
	derive_ids(v);
	if (rc != 0) {
		sodium_free(v);
		return xf_errorc(err, XF_E_TAMPERED, _("the account's key "
		    "wrap is damaged or from a newer version of xunfang"));
	}
	*out = v;
	return 1;
}

/* The format of a wrap: 3 for stores with sealed state, 2 for older
 * ones, -1 if it is damaged or newer. The byte is bound as associated data,
 * so an altered one fails to open. */
int
vault_wrap_version(const unsigned char *blob, size_t len)
{
	if (len < 2 || (blob[0] != WRAP_VERSION &&
	    blob[0] != WRAP_VERSION_OLD) || blob[1] != ALG_ARGON2ID13 ||
	    len != WRAP_HEADER_LEN + WRAP_PAYLOAD(blob[0]) + VAULT_TAG_LEN)
		return -1;
	return blob[0];
}

/* The Argon2id costs a wrap was made with, to wrap again alike. */
int
vault_wrap_params(const unsigned char *blob, size_t len,
    struct kdf_params *kp)
{
	if (vault_wrap_version(blob, len) < 0)
		return -1;
	kp->ops = load_u32be(blob + 2);
	kp->mem_mib = load_u32be(blob + 6);
	return 0;
}

/* Seal into out (len + VAULT_SEAL_OVERHEAD bytes): random nonce, then
 * XChaCha20-Poly1305 ciphertext with ad bound. */
void
vault_seal_to(const struct vault *v, const unsigned char *ad, size_t adlen,
    const unsigned char *plain, size_t len, unsigned char *out)
{
	randombytes_buf(out, VAULT_NONCE_LEN);
	store_u32be(out, v->epoch);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + VAULT_NONCE_LEN, NULL,
	    plain, len, ad, adlen, NULL, out, v->master);
}

/* Seal plaintext and append nonce || ciphertext to out. */
void
vault_seal(const struct vault *v, const unsigned char *ad, size_t adlen,
    const unsigned char *plain, size_t len, struct buf *out)
{
	size_t at = out->len;

	buf_add(out, NULL, 0);
	if (out->cap < at + len + VAULT_SEAL_OVERHEAD + 1) {
		out->data = xreallocarray(out->data,
		    at + len + VAULT_SEAL_OVERHEAD + 1, 1);
		out->cap = at + len + VAULT_SEAL_OVERHEAD + 1;
	}
	vault_seal_to(v, ad, adlen, plain, len, out->data + at);
	out->len = at + len + VAULT_SEAL_OVERHEAD;
	out->data[out->len] = '\0';
}

/* Open with one key; 0 if it opens. */
static int
open_with(const unsigned char *key, const unsigned char *ad, size_t adlen,
    const unsigned char *sealed, size_t len, unsigned char *plain)
{
	return crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL,
	    sealed + VAULT_NONCE_LEN, len - VAULT_NONCE_LEN, ad, adlen, sealed,
	    key) == 0 ? 0 : -1;
}

/*
 * Drafts of forms are sealed with a key of the account's own (derived
 * from its secret key, which only its wrap holds): another account of the
 * store, a volunteer's too, cannot read what an officer half typed, and
 * restricted values typed into a draft stay the typist's. -1 if these keys
 * have no account key (a wrap of an older version).
 */
static int
draft_key(const struct vault *v, unsigned char key[VAULT_KEY_LEN])
{
	if (!v->has_acct)
		return -1;
	crypto_kdf_derive_from_key(key, VAULT_KEY_LEN, 7, "xfdraft_",
	    v->acct_sk);
	return 0;
}

int
vault_draft_seal(const struct vault *v, const unsigned char *ad, size_t adlen,
    const unsigned char *plain, size_t len, struct buf *out)
{
	unsigned char key[VAULT_KEY_LEN], nonce[VAULT_NONCE_LEN];
	size_t at = out->len;

	if (draft_key(v, key) != 0)
		return -1;
	randombytes_buf(nonce, sizeof nonce);
	buf_add(out, nonce, sizeof nonce);
	buf_add(out, NULL, 0);
	if (out->cap < out->len + len + VAULT_TAG_LEN + 1) {
		out->cap = out->len + len + VAULT_TAG_LEN + 1;
		out->data = xreallocarray(out->data, out->cap, 1);
	}
	crypto_aead_xchacha20poly1305_ietf_encrypt(out->data + out->len, NULL,
	    plain, len, ad, adlen, NULL, nonce, key);
	out->len = at + VAULT_NONCE_LEN + len + VAULT_TAG_LEN;
	out->data[out->len] = '\0';
	sodium_memzero(key, sizeof key);
	return 0;
}

int
vault_draft_open(const struct vault *v, const unsigned char *ad, size_t adlen,
    const unsigned char *sealed, size_t len, unsigned char *plain)
{
	unsigned char key[VAULT_KEY_LEN];
	int rc;

	if (len < VAULT_SEAL_OVERHEAD || draft_key(v, key) != 0)
		return -1;
	rc = open_with(key, ad, adlen, sealed, len, plain);
	sodium_memzero(key, sizeof key);
	return rc;
}

/* Keep an earlier epoch's key unless it is known already. */
static void
keep_old(struct vault *v, uint32_t epoch, const unsigned char *key)
{
	if (epoch == v->epoch)
		return;
	for (int i = 0; i < v->nold; i++)
		if (v->old[i].epoch == epoch)
			return;
	if (v->nold < VAULT_MAX_EPOCHS) {
		v->old[v->nold].epoch = epoch;
		memcpy(v->old[v->nold].key, key, VAULT_KEY_LEN);
		v->nold++;
	}
}

/* Open a sealed body with the key of its epoch (named in the nonce's
 * first bytes), else any key held; -1 if it was altered, moved, or sealed
 * by a key this vault does not hold. */
int
vault_open(const struct vault *v, const unsigned char *ad, size_t adlen,
    const unsigned char *sealed, size_t len, unsigned char *plain)
{
	uint32_t mark;
	int first = -1;

	if (len < VAULT_SEAL_OVERHEAD)
		return -1;
	mark = load_u32be(sealed);
	if (mark != v->epoch)
		for (int i = 0; i < v->nold && first < 0; i++)
			if (v->old[i].epoch == mark)
				first = i;
	if (first >= 0 && open_with(v->old[first].key, ad, adlen, sealed, len,
	    plain) == 0)
		return 0;
	if (open_with(v->master, ad, adlen, sealed, len, plain) == 0)
		return 0;
	for (int i = v->nold - 1; i >= 0; i--)
		if (i != first && open_with(v->old[i].key, ad, adlen, sealed,
		    len, plain) == 0)
			return 0;
	return -1;
}

/* The epoch of the master key new seals are made with. */
uint32_t
vault_epoch(const struct vault *v)
{
	return v->epoch;
}

/* A fresh key pair for the account a wrap is made for. */
void
vault_account_new(struct vault *v)
{
	randombytes_buf(v->acct_sk, sizeof v->acct_sk);
	crypto_scalarmult_base(v->acct_pk, v->acct_sk);
	v->has_acct = 1;
}

/* The account's public key, which grants are sealed to; -1 if none (a
 * wrap from before epochs). */
int
vault_account_pk(const struct vault *v, unsigned char pk[32])
{
	if (!v->has_acct)
		return -1;
	memcpy(pk, v->acct_pk, 32);
	return 0;
}

/* Start a new epoch: the current master key joins the earlier ones and a
 * fresh one seals from now on. -1 if the vault keeps no more epochs. */
int
vault_rotate(struct vault *v)
{
	if (v->nold >= VAULT_MAX_EPOCHS)
		return -1;
	v->old[v->nold].epoch = v->epoch;
	memcpy(v->old[v->nold].key, v->master, VAULT_KEY_LEN);
	v->nold++;
	v->epoch++;
	randombytes_buf(v->master, sizeof v->master);
	derive_state(v);
	return 0;
}

/* The current master key and its epoch, sealed to an account's public
 * key: how an account whose passphrase is not at hand gets a new epoch. */
void
vault_grant(const struct vault *v, const unsigned char pk[32],
    unsigned char out[VAULT_GRANT_LEN])
{
	unsigned char plain[4 + VAULT_KEY_LEN];

	store_u32be(plain, v->epoch);
	memcpy(plain + 4, v->master, VAULT_KEY_LEN);
	crypto_box_seal(out, plain, sizeof plain, pk);
	sodium_memzero(plain, sizeof plain);
}

/* Take a grant with the account's secret key: 1 if it moved the vault to
 * a later epoch, 0 if it holds nothing newer, -1 if it does not open. */
int
vault_take_grant(struct vault *v, const unsigned char *g, size_t len)
{
	unsigned char plain[4 + VAULT_KEY_LEN];
	int rc = 0;

	if (!v->has_acct || len != VAULT_GRANT_LEN ||
	    crypto_box_seal_open(plain, g, len, v->acct_pk, v->acct_sk) != 0)
		return -1;
	if (load_u32be(plain) > v->epoch && v->nold < VAULT_MAX_EPOCHS) {
		v->old[v->nold].epoch = v->epoch;
		memcpy(v->old[v->nold].key, v->master, VAULT_KEY_LEN);
		v->nold++;
		v->epoch = load_u32be(plain);
		memcpy(v->master, plain + 4, VAULT_KEY_LEN);
		derive_state(v);
		rc = 1;
	}
	sodium_memzero(plain, sizeof plain);
	return rc;
}

/* The keys of earlier epochs, sealed under the current master key. */
void
vault_keyring_seal(const struct vault *v, struct buf *out)
{
	size_t n = 4 + (size_t)v->nold * (4 + VAULT_KEY_LEN);
	unsigned char *p = sodium_malloc(n);

	if (p == NULL)
		abort();
	store_u32be(p, (uint32_t)v->nold);
	for (int i = 0; i < v->nold; i++) {
		store_u32be(p + 4 + (size_t)i * 36, v->old[i].epoch);
		memcpy(p + 8 + (size_t)i * 36, v->old[i].key, VAULT_KEY_LEN);
	}
	vault_seal(v, (const unsigned char *)"keyring", 7, p, n, out);
	sodium_free(p);
}

/* Add the keys of earlier epochs from a sealed keyring; -1 if it does not
 * open with the current master key or is malformed. */
int
vault_keyring_open(struct vault *v, const unsigned char *blob, size_t len)
{
	unsigned char *p;
	size_t n;
	int rc = -1;

	if (len < VAULT_SEAL_OVERHEAD + 4)
		return -1;
	n = len - VAULT_SEAL_OVERHEAD;
	if ((p = sodium_malloc(n)) == NULL)
		return -1;
	if (open_with(v->master, (const unsigned char *)"keyring", 7, blob,
	    len, p) == 0 && load_u32be(p) <= VAULT_MAX_EPOCHS &&
	    n == 4 + (size_t)load_u32be(p) * 36) {
		rc = 0;
		for (uint32_t i = 0; i < load_u32be(p); i++)
			keep_old(v, load_u32be(p + 4 + i * 36),
			    p + 8 + i * 36);
	}
	sodium_free(p);
	return rc;
}

/* A tag of msg under the state key: what no one without an unlocked
 * account can compute, for clear values a decision reads. */
void
vault_state_tag(const struct vault *v, const unsigned char *msg, size_t len,
    unsigned char *out, size_t outlen)
{
	crypto_generichash(out, outlen, msg, len, v->state_key,
	    sizeof v->state_key);
}

/* A 16-byte member tag of a set hash under the state key: SipHash-128,
 * cheap enough for every row of a full list. */
void
vault_state_member(const struct vault *v, const unsigned char *msg,
    size_t len, unsigned char out[16])
{
	crypto_shorthash_siphashx24(out, msg, len, v->member_key);
}

/* A tag of msg under a key derived from the restricted key, which a
 * volunteer's wrap does not hold: -1 without it. */
int
vault_restricted_tag(const struct vault *v, const unsigned char *msg,
    size_t len, unsigned char out[32])
{
	unsigned char key[VAULT_KEY_LEN];

	if (!vault_has_restricted(v))
		return -1;
	crypto_kdf_derive_from_key(key, sizeof key, 4, "xfrtag__",
	    v->restricted);
	crypto_generichash(out, 32, msg, len, key, sizeof key);
	sodium_memzero(key, sizeof key);
	return 0;
}

/* Keyed BLAKE2b tag of an account name, so names are not stored in clear. */
void
vault_name_tag(unsigned char out[16], const unsigned char *salt,
    const char *name)
{
	crypto_generichash(out, 16, (const unsigned char *)name, strlen(name),
	    salt, VAULT_SALT_LEN);
}

/* Random bytes from the system's CSPRNG. */
void
vault_random(void *p, size_t n)
{
	randombytes_buf(p, n);
}

const unsigned char *
vault_id_seed(const struct vault *v)
{
	return v->id_seed;
}

void
vault_set_id_seed(struct vault *v, const unsigned char seed[32])
{
	memcpy(v->id_seed, seed, VAULT_KEY_LEN);
	derive_ids(v);
}

/* The 8-byte key id: BLAKE2b of both public keys. */
void
vault_keyid(const unsigned char sign_pk[32], const unsigned char box_pk[32],
    unsigned char keyid[VAULT_KEYID_LEN])
{
	unsigned char both[64];

	memcpy(both, sign_pk, 32);
	memcpy(both + 32, box_pk, 32);
	crypto_generichash(keyid, VAULT_KEYID_LEN, both, sizeof both,
	    (const unsigned char *)"xunfang-keyid", 13);
}

/* Ed25519 and X25519 public keys derived from the identity seed. */
void
vault_id_public(const struct vault *v, unsigned char sign_pk[32],
    unsigned char box_pk[32], unsigned char keyid[VAULT_KEYID_LEN])
{
	memcpy(sign_pk, v->sign_pk, 32);
	memcpy(box_pk, v->box_pk, 32);
	vault_keyid(sign_pk, box_pk, keyid);
}

/* Locked, guarded memory for a passphrase; NULL if none is left. */
void *
vault_secret_alloc(size_t n)
{
	return sodium_malloc(n);
}

/* Wipe and release memory from vault_secret_alloc. */
void
vault_secret_free(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

/* Accounts and roles: the restricted key and the device's signatures. */

#define RKEYID_LEN 8
#define RTOKEN_VERSION 1

/* A copy of the keys, without the restricted key unless asked for. */
struct vault *
vault_dup(const struct vault *v, int with_restricted)
{
	struct vault *c = sodium_malloc(sizeof *c);

	if (c == NULL)
		return NULL;
	memcpy(c, v, sizeof *c);
	if (!with_restricted || !v->has_restricted) {
		c->has_restricted = 0;
		sodium_memzero(c->restricted, sizeof c->restricted);
	}
	return c;
}

/* Whether these keys can open restricted fields. */
int
vault_has_restricted(const struct vault *v)
{
	return v != NULL && v->has_restricted;
}

/* The public half of the restricted key; -1 if this vault lacks it. */
int
vault_restricted_public(const struct vault *v, unsigned char pk[32])
{
	if (!vault_has_restricted(v))
		return -1;
	crypto_scalarmult_base(pk, v->restricted);
	return 0;
}

/* The short id of a restricted public key, to find one's own seal. */
static void
rkeyid(const unsigned char pk[32], unsigned char id[RKEYID_LEN])
{
	crypto_generichash(id, RKEYID_LEN, pk, 32,
	    (const unsigned char *)"xunfang-rkeyid", 14);
}

/*
 * Seal a value to every restricted public key given: version, count, then
 * per recipient its key id and crypto_box_seal(plain). The writer needs no
 * secret key, so a volunteer can write what it cannot read.
 */
void
vault_restricted_seal(const unsigned char (*pks)[32], int n,
    const unsigned char *plain, size_t len, struct buf *out)
{
	size_t each = RKEYID_LEN + crypto_box_SEALBYTES + len;
	unsigned char *p;

	buf_addc(out, RTOKEN_VERSION);
	buf_addc(out, (unsigned char)n);
	p = xmalloc(each);
	for (int i = 0; i < n; i++) {
		rkeyid(pks[i], p);
		crypto_box_seal(p + RKEYID_LEN, plain, len, pks[i]);
		buf_add(out, p, each);
	}
	free(p);
}

/* Open the entry of a sealed value addressed to pk with its secret. */
static int
restricted_open_with(const unsigned char pk[32], const unsigned char *sk,
    const unsigned char *tok, size_t len, struct buf *out)
{
	unsigned char id[RKEYID_LEN];
	size_t each, plen;
	int n;

	if (len < 2 || tok[0] != RTOKEN_VERSION || (n = tok[1]) < 1 ||
	    (len - 2) % (size_t)n != 0)
		return -1;
	each = (len - 2) / (size_t)n;
	if (each < RKEYID_LEN + crypto_box_SEALBYTES)
		return -1;
	plen = each - RKEYID_LEN - crypto_box_SEALBYTES;
	rkeyid(pk, id);
	for (int i = 0; i < n; i++) {
		const unsigned char *e = tok + 2 + (size_t)i * each;
		unsigned char *plain;
		int rc;

		if (memcmp(e, id, RKEYID_LEN) != 0)
			continue;
		plain = xmalloc(plen + 1);
		rc = crypto_box_seal_open(plain, e + RKEYID_LEN,
		    each - RKEYID_LEN, pk, sk);
		if (rc == 0)
			buf_add(out, plain, plen);
		sodium_memzero(plain, plen + 1);
		free(plain);
		return rc == 0 ? 0 : -1;
	}
	return -1;
}

/* Open a sealed value with the restricted key: 0 with out filled, -1 if
 * these keys cannot (no restricted key, not a recipient, altered). */
int
vault_restricted_open(const struct vault *v, const unsigned char *tok,
    size_t len, struct buf *out)
{
	unsigned char pk[32];

	if (vault_restricted_public(v, pk) != 0)
		return -1;
	return restricted_open_with(pk, v->restricted, tok, len, out);
}

/* Open a sealed value addressed to this store's identity X25519 key (a
 * peer sealed it for the journey); the caller seals it again to its own
 * restricted keys at once. */
int
vault_restricted_open_id(const struct vault *v, const unsigned char *tok,
    size_t len, struct buf *out)
{
	return restricted_open_with(v->box_pk, v->box_sk, tok, len, out);
}

/*
 * A tag by which a device's officer vouches for what its bundle tells a
 * station (its accounts and their roles). Its key comes from the device's
 * restricted secret and the station's identity public key, or from the
 * station's identity secret and the device's restricted public key
 * (by_id: this store is the station): an officer account reaches it, the
 * station reaches it, a volunteer account (it holds neither secret) does
 * not. -1 if these keys hold no secret to make it with.
 */
int
vault_vouch(const struct vault *v, int by_id, const unsigned char peer_pk[32],
    const unsigned char *msg, size_t len, unsigned char tag[32])
{
	unsigned char q[crypto_scalarmult_BYTES], key[32], rpk[32];
	const unsigned char *dev_pk = by_id ? peer_pk : rpk;
	const unsigned char *st_pk = by_id ? v->box_pk : peer_pk;
	crypto_generichash_state h;
	int rc;

	if (!by_id && vault_restricted_public(v, rpk) != 0)
		return -1;
	rc = crypto_scalarmult(q, by_id ? v->box_sk : v->restricted, peer_pk);
	if (rc == 0) {
		crypto_generichash_init(&h, NULL, 0, sizeof key);
		crypto_generichash_update(&h,
		    (const unsigned char *)"xunfang-vouch-1", 15);
		crypto_generichash_update(&h, q, sizeof q);
		crypto_generichash_update(&h, dev_pk, 32);
		crypto_generichash_update(&h, st_pk, 32);
		crypto_generichash_final(&h, key, sizeof key);
		crypto_generichash(tag, 32, msg, len, key, sizeof key);
	}
	sodium_memzero(q, sizeof q);
	sodium_memzero(key, sizeof key);
	return rc == 0 ? 0 : -1;
}

/* Whether a vouch tag is the one these keys make: 0 if it is. */
int
vault_vouch_check(const struct vault *v, const unsigned char dev_pk[32],
    const unsigned char *msg, size_t len, const unsigned char tag[32])
{
	unsigned char want[32];

	if (vault_vouch(v, 1, dev_pk, msg, len, want) != 0)
		return -1;
	return sodium_memcmp(want, tag, sizeof want) == 0 ? 0 : -1;
}

/* Sign a message with the device's Ed25519 identity key. */
void
vault_id_sign(const struct vault *v, const unsigned char *msg, size_t len,
    unsigned char sig[64])
{
	crypto_sign_detached(sig, NULL, msg, len, v->sign_sk);
}

/* Check an Ed25519 signature: 0 if it is good. */
int
vault_sign_verify(const unsigned char pk[32], const unsigned char *msg,
    size_t len, const unsigned char sig[64])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? 0 : -1;
}

/* BLAKE2b-256 of a message, for hash chains. */
void
vault_hash(const unsigned char *msg, size_t len, unsigned char out[32])
{
	crypto_generichash(out, 32, msg, len, NULL, 0);
}

/* Wipe memory that held plain text, in a way the compiler keeps. */
void
vault_memzero(void *p, size_t n)
{
	sodium_memzero(p, n);
}
