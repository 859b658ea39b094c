/*
 * Sync bundle cryptography (see vault-sync.h). Secret keys are derived from
 * the identity seed into sodium_malloc'd memory and wiped right after use.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vault-sync.h"

#define SUBKEY_SIGN 1
#define SUBKEY_BOX 2

struct vsync_stream {
	unsigned char key[32];
	unsigned char stream_key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
};

/* BLAKE2b-512 over the concatenation of two pieces. */
void
vsync_hash2(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen, unsigned char out[VSYNC_HASH_LEN])
{
	crypto_generichash_state s;

	crypto_generichash_init(&s, NULL, 0, VSYNC_HASH_LEN);
	if (alen > 0)
		crypto_generichash_update(&s, a, alen);
	if (blen > 0)
		crypto_generichash_update(&s, b, blen);
	crypto_generichash_final(&s, out, VSYNC_HASH_LEN);
}

/* BLAKE2b with a context string mixed in first, for checksums and ids. */
void
vsync_hash_ctx(const char *ctx, const unsigned char *msg, size_t len,
    unsigned char *out, size_t outlen)
{
	crypto_generichash_state s;

	crypto_generichash_init(&s, NULL, 0, outlen);
	crypto_generichash_update(&s, (const unsigned char *)ctx,
	    strlen(ctx) + 1);
	crypto_generichash_update(&s, msg, len);
	crypto_generichash_final(&s, out, outlen);
}

/* Derive one identity secret key (sign or box) into protected memory. */
static unsigned char *
derive_secret(const struct vault *v, int which, unsigned char pk[32])
{
	unsigned char *mem = sodium_malloc(32 + crypto_sign_SECRETKEYBYTES);
	unsigned char *sk;

	if (mem == NULL)
		abort();
	sk = mem + 32;
	if (which == SUBKEY_SIGN) {
		crypto_kdf_derive_from_key(mem, 32, SUBKEY_SIGN, "xfidsign",
		    vault_id_seed(v));
		crypto_sign_seed_keypair(pk, sk, mem);
	} else {
		crypto_kdf_derive_from_key(mem, 32, SUBKEY_BOX, "xfidbox_",
		    vault_id_seed(v));
		crypto_box_seed_keypair(pk, sk, mem);
	}
	sodium_memzero(mem, 32);
	return mem;
}

/* Sign a hash with the identity's Ed25519 key. */
void
vsync_sign(const struct vault *v, const unsigned char hash[VSYNC_HASH_LEN],
    unsigned char sig[VSYNC_SIG_LEN])
{
	unsigned char pk[32], *mem = derive_secret(v, SUBKEY_SIGN, pk);

	crypto_sign_detached(sig, NULL, hash, VSYNC_HASH_LEN, mem + 32);
	sodium_free(mem);
}

/* Check an Ed25519 signature of a hash. */
int
vsync_verify(const unsigned char pk[32],
    const unsigned char hash[VSYNC_HASH_LEN],
    const unsigned char sig[VSYNC_SIG_LEN])
{
	return crypto_sign_verify_detached(sig, hash, VSYNC_HASH_LEN, pk) == 0 ?
	    0 : -1;
}

/* A stream object around a file key; the stream key is derived from it. */
static struct vsync_stream *
stream_alloc(void)
{
	struct vsync_stream *s = sodium_malloc(sizeof *s);

	if (s == NULL)
		abort();
	return s;
}

/* The secretstream key: subkey 1 of the file key. */
static void
stream_derive(struct vsync_stream *s)
{
	crypto_kdf_derive_from_key(s->stream_key, sizeof s->stream_key, 1,
	    "xfbundle", s->key);
}

/* Make a random file key and seal it to the recipient. */
struct vsync_stream *
vsync_stream_new(const unsigned char box_pk[32],
    unsigned char sealed[VSYNC_SEALED_KEY_LEN])
{
	struct vsync_stream *s = stream_alloc();

	randombytes_buf(s->key, sizeof s->key);
	stream_derive(s);
	crypto_box_seal(sealed, s->key, sizeof s->key, box_pk);
	return s;
}

/* Open a sealed file key with this store's X25519 key. */
struct vsync_stream *
vsync_stream_open(const struct vault *v,
    const unsigned char sealed[VSYNC_SEALED_KEY_LEN])
{
	unsigned char pk[32], *mem = derive_secret(v, SUBKEY_BOX, pk);
	struct vsync_stream *s = stream_alloc();
	int rc;

	rc = crypto_box_seal_open(s->key, sealed, VSYNC_SEALED_KEY_LEN, pk,
	    mem + 32);
	sodium_free(mem);
	if (rc != 0) {
		sodium_free(s);
		return NULL;
	}
	stream_derive(s);
	return s;
}

/* Wipe and release a stream. */
void
vsync_stream_free(struct vsync_stream *s)
{
	if (s != NULL)
		sodium_free(s);
}

/* BLAKE2b-256 keyed by the file key: one ciphertext, one key. */
void
vsync_commit(const struct vsync_stream *s, const unsigned char *data,
    size_t len, unsigned char out[VSYNC_COMMIT_LEN])
{
	crypto_generichash(out, VSYNC_COMMIT_LEN, data, len, s->key,
	    sizeof s->key);
}

/* Start the writer's stream. */
void
vsync_push_init(struct vsync_stream *s,
    unsigned char hdr[VSYNC_STREAM_HEADER_LEN])
{
	crypto_secretstream_xchacha20poly1305_init_push(&s->st, hdr,
	    s->stream_key);
}

/* Encrypt one chunk, tagged FINAL if it is the last. */
void
vsync_push(struct vsync_stream *s, const unsigned char *m, size_t len,
    const unsigned char *ad, size_t adlen, int final, unsigned char *out)
{
	crypto_secretstream_xchacha20poly1305_push(&s->st, out, NULL, m, len,
	    ad, adlen, final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL :
	    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
}

/* Start the reader's stream. */
int
vsync_pull_init(struct vsync_stream *s,
    const unsigned char hdr[VSYNC_STREAM_HEADER_LEN])
{
	return crypto_secretstream_xchacha20poly1305_init_pull(&s->st, hdr,
	    s->stream_key) == 0 ? 0 : -1;
}

/* Decrypt one chunk and say whether it was the FINAL one. */
int
vsync_pull(struct vsync_stream *s, const unsigned char *c, size_t clen,
    const unsigned char *ad, size_t adlen, unsigned char *out, int *final)
{
	unsigned char tag = 0;

	if (clen < VSYNC_STREAM_ABYTES ||
	    crypto_secretstream_xchacha20poly1305_pull(&s->st, out, NULL, &tag,
	    c, clen, ad, adlen) != 0)
		return -1;
	if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE &&
	    tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
		return -1;
	*final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	return 0;
}
