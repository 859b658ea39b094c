/*
 * Key use for sync bundles: signatures by the identity key, a file key
 * sealed to the recipient, its commitment, and the secretstream. Kept out
 * of vault.c so that the wire format's cryptography reads in one place; no
 * other file touches these keys.
 */
#ifndef VAULT_SYNC_H
#define VAULT_SYNC_H

#include "vault.h"

#define VSYNC_SIG_LEN 64
#define VSYNC_HASH_LEN 64
#define VSYNC_SEALED_KEY_LEN 80	/* crypto_box_SEALBYTES + 32 */
#define VSYNC_COMMIT_LEN 32
#define VSYNC_STREAM_HEADER_LEN 24
#define VSYNC_STREAM_ABYTES 17

/* BLAKE2b-512 of a then b (either may be empty). */
void vsync_hash2(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen, unsigned char out[VSYNC_HASH_LEN]);
/* BLAKE2b of msg into outlen (16..64) bytes, keyed by a context string. */
void vsync_hash_ctx(const char *ctx, const unsigned char *msg, size_t len,
    unsigned char *out, size_t outlen);
/* Ed25519 signature of a hash by this store's identity key. */
void vsync_sign(const struct vault *, const unsigned char hash[VSYNC_HASH_LEN],
    unsigned char sig[VSYNC_SIG_LEN]);
/* 0 if sig is the signature of hash by pk, -1 if not. */
int vsync_verify(const unsigned char pk[32],
    const unsigned char hash[VSYNC_HASH_LEN],
    const unsigned char sig[VSYNC_SIG_LEN]);

/* A bundle's file key and its secretstream state, in protected memory. */
struct vsync_stream;
/* A fresh random file key, sealed to the recipient's X25519 key. */
struct vsync_stream *vsync_stream_new(const unsigned char box_pk[32],
    unsigned char sealed[VSYNC_SEALED_KEY_LEN]);
/* The file key opened with this store's identity; NULL if not for us. */
struct vsync_stream *vsync_stream_open(const struct vault *,
    const unsigned char sealed[VSYNC_SEALED_KEY_LEN]);
void vsync_stream_free(struct vsync_stream *);
/* The key-commitment tag: BLAKE2b-256 keyed by the file key over data. */
void vsync_commit(const struct vsync_stream *, const unsigned char *data,
    size_t len, unsigned char out[VSYNC_COMMIT_LEN]);
/* Start encrypting; hdr gets the secretstream header. */
void vsync_push_init(struct vsync_stream *,
    unsigned char hdr[VSYNC_STREAM_HEADER_LEN]);
/* Encrypt one chunk into out (len + VSYNC_STREAM_ABYTES bytes). */
void vsync_push(struct vsync_stream *, const unsigned char *m, size_t len,
    const unsigned char *ad, size_t adlen, int final, unsigned char *out);
/* Start decrypting; -1 if the header is unusable. */
int vsync_pull_init(struct vsync_stream *,
    const unsigned char hdr[VSYNC_STREAM_HEADER_LEN]);
/* Decrypt one chunk (clen - VSYNC_STREAM_ABYTES bytes out); final set when
 * it is tagged FINAL; -1 if it was altered. */
int vsync_pull(struct vsync_stream *, const unsigned char *c, size_t clen,
    const unsigned char *ad, size_t adlen, unsigned char *out, int *final);

#endif
