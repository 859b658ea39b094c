/*
 * The sync bundle wire format, byte by byte as xunfang-bundle(5) gives it.
 * Only this file knows the layout; every length is checked before use.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "bundle.h"
#include "vault-sync.h"

#define MAGIC "XFB"
#define OFF_FLAGS 4
#define OFF_SENDER 5
#define OFF_RECIPIENT 13
#define OFF_SEQ 21
#define OFF_CREATED 29
#define OFF_SEALED 37
#define OFF_COMMIT (OFF_SEALED + VSYNC_SEALED_KEY_LEN)
#define PAYLOAD_FORMAT 2
#define ITEM_END 0
#define ITEM_VERSION 1
#define ITEM_REVOKED 2
#define ITEM_AUDIT 3
#define ITEM_AUDIT_ACK 4
#define ITEM_SENDER 5
#define CHUNK_CT (BUNDLE_CHUNK + VSYNC_STREAM_ABYTES)
#define MIN_LEN (BUNDLE_HDR_LEN + VSYNC_STREAM_HEADER_LEN + \
	VSYNC_STREAM_ABYTES + VSYNC_SIG_LEN)

/* Append the manifest: ids, sequence, flags, rows covered, ack. */
void
bundle_manifest_put(struct buf *b, const struct bundle_manifest *m)
{
	buf_addc(b, PAYLOAD_FORMAT);
	buf_add(b, m->sender, VAULT_KEYID_LEN);
	buf_add(b, m->recipient, VAULT_KEYID_LEN);
	buf_add_u64be(b, m->seq);
	buf_addc(b, (unsigned char)m->flags);
	buf_add_varint(b, m->from);
	buf_add_varint(b, m->to);
	buf_add_varint(b, m->ack);
}

/* Append a version item: clear metadata, then the plain body. */
void
bundle_version_put(struct buf *b, const struct version *v,
    const unsigned char *body, size_t len)
{
	buf_addc(b, ITEM_VERSION);
	buf_add(b, v->rid, RID_LEN);
	buf_add(b, v->vid, VID_LEN);
	buf_addc(b, (unsigned char)v->kind);
	buf_add_u64be(b, v->hlc);
	buf_add(b, v->device, VAULT_KEYID_LEN);
	buf_add(b, v->author, UID_LEN);
	buf_addc(b, (unsigned char)v->tomb);
	buf_addc(b, (unsigned char)v->nparents);
	buf_add(b, v->parents, (size_t)v->nparents * VID_LEN);
	buf_add_varint(b, len);
	buf_add(b, body, len);
}

/* Append a revocation item. */
void
bundle_revoked_put(struct buf *b, const unsigned char *keyid, int64_t at)
{
	buf_addc(b, ITEM_REVOKED);
	buf_add(b, keyid, VAULT_KEYID_LEN);
	buf_add_u64be(b, (uint64_t)at);
}

/* A device's audit entries, as audit_export wrote them. */
void
bundle_audit_put(struct buf *b, const unsigned char *p, size_t len)
{
	buf_addc(b, ITEM_AUDIT);
	buf_add_varint(b, len);
	buf_add(b, p, len);
}

/* A station's count of the recipient's audit entries it holds. */
void
bundle_audit_ack_put(struct buf *b, uint64_t n)
{
	buf_addc(b, ITEM_AUDIT_ACK);
	buf_add_u64be(b, n);
}

/* The sender's restricted key and accounts, signed with the bundle. */
void
bundle_sender_put(struct buf *b, const unsigned char *rkey,
    const unsigned char *accounts, size_t n)
{
	buf_addc(b, ITEM_SENDER);
	buf_addc(b, rkey != NULL);
	if (rkey != NULL)
		buf_add(b, rkey, 32);
	buf_add_varint(b, n);
	buf_add(b, accounts, n * BUNDLE_ACCOUNT_LEN);
}

/* Append the end item and the item counts. */
void
bundle_end_put(struct buf *b, uint64_t nversions, uint64_t nrevoked)
{
	buf_addc(b, ITEM_END);
	buf_add_varint(b, nversions);
	buf_add_varint(b, nrevoked);
}

/* The clear header with the sealed key; the commitment is added after. */
static void
header_put(unsigned char *h, const struct bundle_hdr *hdr,
    const unsigned char *sealed)
{
	memcpy(h, MAGIC, 3);
	h[3] = BUNDLE_VERSION;
	h[OFF_FLAGS] = (unsigned char)hdr->flags;
	memcpy(h + OFF_SENDER, hdr->sender, VAULT_KEYID_LEN);
	memcpy(h + OFF_RECIPIENT, hdr->recipient, VAULT_KEYID_LEN);
	store_u64be(h + OFF_SEQ, hdr->seq);
	store_u64be(h + OFF_CREATED, (uint64_t)hdr->created);
	memcpy(h + OFF_SEALED, sealed, VSYNC_SEALED_KEY_LEN);
}

/*
 * The payload is compressed the way pigz does it, so that every core helps:
 * it is cut into blocks of 1 MiB; each block is raw-deflated on its own
 * with the last 32 KiB of the block before as preset dictionary and ends
 * with a sync flush (the last one with the final block); the blocks, a
 * zlib header and the Adler-32 of the whole payload make one ordinary
 * zlib stream, whatever the number of threads.
 */
#define WRITER_BLOCK (1u << 20)
#define WRITER_DICT 32768
#define WRITER_MAX_THREADS 4

struct writer_job {
	struct writer_job *next;	/* in the queue */
	struct buf in, out;
	unsigned char dict[WRITER_DICT];
	size_t dictlen;
	int last, done, failed;
};

struct bundle_writer {
	pthread_t threads[WRITER_MAX_THREADS];
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t ready, finished;
	struct writer_job *head, *tail;	/* waiting for a thread */
	struct writer_job **jobs;	/* all, in payload order */
	size_t njobs, cap;
	int stop, level;
	uLong adler;
	struct buf cur;
	unsigned char dict[WRITER_DICT];	/* the payload's last 32 KiB */
	size_t dictlen;
};

/* Raw-deflate one job into its output. */
static void
job_deflate(struct writer_job *j, int level)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, level, Z_DEFLATED, -15, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		j->failed = 1;
		return;
	}
	/* Level 6 searching lazy matches up to 64 bytes: about level 7's
	 * size at level 6's speed on record payloads. */
	if (level == 6)
		deflateTune(&z, 8, 64, 128, 128);
	if (j->dictlen > 0)
		deflateSetDictionary(&z, j->dict, (uInt)j->dictlen);
	j->out.cap = deflateBound(&z, j->in.len) + 64;
	j->out.data = xmalloc(j->out.cap);
	z.next_in = j->in.data;
	z.avail_in = (uInt)j->in.len;
	z.next_out = j->out.data;
	z.avail_out = (uInt)j->out.cap;
	rc = deflate(&z, j->last ? Z_FINISH : Z_SYNC_FLUSH);
	if (rc != (j->last ? Z_STREAM_END : Z_OK) || z.avail_in != 0)
		j->failed = 1;
	j->out.len = j->out.cap - z.avail_out;
	deflateEnd(&z);
	buf_free(&j->in);
}

/* A compressor thread: take jobs until told to stop. */
static void *
writer_main(void *arg)
{
	struct bundle_writer *w = arg;
	struct writer_job *j;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (w->head == NULL && !w->stop)
			pthread_cond_wait(&w->ready, &w->lock);
		j = w->head;
		if (j != NULL && (w->head = j->next) == NULL)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		if (j == NULL)
			return NULL;
		job_deflate(j, w->level);
		pthread_mutex_lock(&w->lock);
		j->done = 1;
		pthread_cond_broadcast(&w->finished);
		pthread_mutex_unlock(&w->lock);
	}
}

/* How many compressor threads: the cores, within limits. */
static int
writer_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > WRITER_MAX_THREADS ? WRITER_MAX_THREADS : (int)n;
}

/* Start the compressor threads; NULL if none can start. */
struct bundle_writer *
bundle_writer_new(int level)
{
	struct bundle_writer *w = xcalloc(1, sizeof *w);
	int want = writer_threads();

	w->level = level;
	w->adler = adler32(0L, Z_NULL, 0);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	pthread_cond_init(&w->finished, NULL);
	while (w->nthreads < want && pthread_create(&w->threads[w->nthreads],
	    NULL, writer_main, w) == 0)
		w->nthreads++;
	if (w->nthreads == 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->ready);
		pthread_cond_destroy(&w->finished);
		free(w);
		return NULL;
	}
	return w;
}

/* Where the caller appends payload bytes. */
struct buf *
bundle_writer_buf(struct bundle_writer *w)
{
	return &w->cur;
}

/* Keep the last 32 KiB of the payload so far, for the next block. */
static void
writer_keep_tail(struct bundle_writer *w, const unsigned char *p, size_t n)
{
	size_t keep;

	if (n >= WRITER_DICT) {
		memcpy(w->dict, p + n - WRITER_DICT, WRITER_DICT);
		w->dictlen = WRITER_DICT;
		return;
	}
	keep = w->dictlen < WRITER_DICT - n ? w->dictlen : WRITER_DICT - n;
	memmove(w->dict, w->dict + w->dictlen - keep, keep);
	if (n > 0)
		memcpy(w->dict + keep, p, n);
	w->dictlen = keep + n;
}

/* Make the current bytes a job, with the previous block's tail as its
 * dictionary, and queue it. */
static void
writer_queue(struct bundle_writer *w, int last)
{
	struct writer_job *j = xcalloc(1, sizeof *j);

	j->in = w->cur;
	j->last = last;
	memset(&w->cur, 0, sizeof w->cur);
	if (j->in.len > 0)
		w->adler = adler32(w->adler, j->in.data, (uInt)j->in.len);
	memcpy(j->dict, w->dict, w->dictlen);
	j->dictlen = w->dictlen;
	writer_keep_tail(w, j->in.data, j->in.len);
	if (w->njobs == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->jobs = xreallocarray(w->jobs, w->cap, sizeof *w->jobs);
	}
	pthread_mutex_lock(&w->lock);
	w->jobs[w->njobs++] = j;
	if (w->tail != NULL)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->ready);
	pthread_mutex_unlock(&w->lock);
}

/* Queue the bytes so far once a block is full. */
void
bundle_writer_push(struct bundle_writer *w)
{
	if (w->cur.len >= WRITER_BLOCK)
		writer_queue(w, 0);
}

/* Wait for every job, stop the threads. */
static void
writer_stop(struct bundle_writer *w)
{
	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < w->njobs; i++)
		while (!w->jobs[i]->done)
			pthread_cond_wait(&w->finished, &w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->ready);
	pthread_mutex_unlock(&w->lock);
	for (int i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->ready);
	pthread_cond_destroy(&w->finished);
}

/* Flush the last block, then join header, blocks and Adler-32. */
int
bundle_writer_finish(struct bundle_writer *w, struct buf *z,
    struct xf_err *err)
{
	unsigned char trailer[4];
	int failed = 0;

	writer_queue(w, 1);
	writer_stop(w);
	memset(z, 0, sizeof *z);
	buf_addc(z, 0x78);
	buf_addc(z, 0x9c);
	for (size_t i = 0; i < w->njobs; i++) {
		failed |= w->jobs[i]->failed;
		buf_add(z, w->jobs[i]->out.data, w->jobs[i]->out.len);
		buf_free(&w->jobs[i]->out);
		buf_free(&w->jobs[i]->in);
		free(w->jobs[i]);
	}
	store_u32be(trailer, (uint32_t)w->adler);
	buf_add(z, trailer, 4);
	free(w->jobs);
	buf_free(&w->cur);
	free(w);
	if (failed)
		return xf_error(err, _("zlib compression failed"));
	return 0;
}

/* Encrypt the compressed payload in chunks; the last is tagged FINAL. */
static void
encrypt_chunks(struct vsync_stream *vs, const unsigned char *hh,
    const struct buf *z, struct buf *out)
{
	unsigned char sshdr[VSYNC_STREAM_HEADER_LEN];
	size_t at = 0;

	vsync_push_init(vs, sshdr);
	buf_add(out, sshdr, sizeof sshdr);
	do {
		size_t n = z->len - at > BUNDLE_CHUNK ? BUNDLE_CHUNK :
		    z->len - at;
		int final = at + n == z->len;

		buf_add(out, NULL, 0);
		if (out->cap < out->len + n + VSYNC_STREAM_ABYTES + 1) {
			out->cap = (out->len + n + VSYNC_STREAM_ABYTES) * 2;
			out->data = xreallocarray(out->data, out->cap, 1);
		}
		vsync_push(vs, z->data + at, n, at == 0 ? hh : NULL,
		    at == 0 ? 32 : 0, final, out->data + out->len);
		out->len += n + VSYNC_STREAM_ABYTES;
		at += n;
	} while (at < z->len);
}

/* Build a whole bundle into out. */
void
bundle_seal(const struct vault *v, const struct bundle_hdr *hdr,
    const unsigned char box_pk[32], const struct buf *z, struct buf *out)
{
	unsigned char sealed[VSYNC_SEALED_KEY_LEN], hh[32];
	unsigned char h[BUNDLE_HDR_LEN], hash[VSYNC_HASH_LEN], sig[VSYNC_SIG_LEN];
	struct vsync_stream *vs;

	vs = vsync_stream_new(box_pk, sealed);
	header_put(h, hdr, sealed);
	vsync_commit(vs, h, OFF_COMMIT, h + OFF_COMMIT);
	vsync_hash_ctx("xunfang-bundle-header", h, sizeof h, hh, sizeof hh);
	out->len = 0;
	buf_add(out, h, sizeof h);
	encrypt_chunks(vs, hh, z, out);
	vsync_stream_free(vs);
	vsync_hash2(out->data, out->len, NULL, 0, hash);
	vsync_sign(v, hash, sig);
	buf_add(out, sig, sizeof sig);
}

/* Step one: the clear header, checked for shape and version. */
int
bundle_read_header(const unsigned char *p, size_t len, struct bundle_hdr *hdr,
    struct xf_err *err)
{
	memset(hdr, 0, sizeof *hdr);
	if (len < 4 || memcmp(p, MAGIC, 3) != 0)
		return xf_error(err, _("this is not a xunfang sync bundle"));
	hdr->version = p[3];
	if (p[3] != BUNDLE_VERSION)
		return xf_error(err, _("the bundle has format version %d; this "
		    "xunfang reads version %d: upgrade xunfang on this computer "
		    "or export the bundle again with the same version"), p[3],
		    BUNDLE_VERSION);
	if (len < MIN_LEN)
		return xf_error(err, _("the bundle is cut short (%zu bytes): "
		    "copy it again from the other computer"), len);
	hdr->flags = p[OFF_FLAGS];
	if (hdr->flags & ~(unsigned)(BUNDLE_FLAG_DEMO | BUNDLE_FLAG_STATION))
		return xf_error(err, _("the bundle's header has unknown flags "
		    "(%#x): it is damaged or from a newer xunfang"), hdr->flags);
	memcpy(hdr->sender, p + OFF_SENDER, VAULT_KEYID_LEN);
	memcpy(hdr->recipient, p + OFF_RECIPIENT, VAULT_KEYID_LEN);
	hdr->seq = load_u64be(p + OFF_SEQ);
	hdr->created = (int64_t)load_u64be(p + OFF_CREATED);
	return 0;
}

/* Step two: the Ed25519 signature over everything before it. */
int
bundle_check_signature(const unsigned char *p, size_t len,
    const unsigned char sign_pk[32], struct xf_err *err)
{
	unsigned char hash[VSYNC_HASH_LEN];

	if (len < MIN_LEN)
		return xf_error(err, _("the bundle is cut short"));
	vsync_hash2(p, len - VSYNC_SIG_LEN, NULL, 0, hash);
	if (vsync_verify(sign_pk, hash, p + len - VSYNC_SIG_LEN) != 0)
		return xf_error(err, _("the bundle's signature does not match "
		    "its sender: it was changed or cut short on the way; copy "
		    "it again from the other computer"));
	return 0;
}

/* Inflate one decrypted chunk into plain, bounded by BUNDLE_MAX_PLAIN. */
static int
inflate_chunk(z_stream *z, const unsigned char *c, size_t n, int *done,
    struct buf *plain, struct xf_err *err)
{
	int rc = Z_OK;

	z->next_in = (unsigned char *)c;
	z->avail_in = (uInt)n;
	while (z->avail_in > 0 && rc != Z_STREAM_END) {
		if (plain->cap - plain->len < 65536) {
			if (plain->cap > BUNDLE_MAX_PLAIN)
				return xf_error(err, _("the bundle's payload "
				    "is larger than %zu bytes"),
				    BUNDLE_MAX_PLAIN);
			plain->cap = plain->cap * 2 + 262144;
			plain->data = xreallocarray(plain->data, plain->cap, 1);
		}
		z->next_out = plain->data + plain->len;
		z->avail_out = (uInt)(plain->cap - plain->len);
		rc = inflate(z, Z_NO_FLUSH);
		plain->len = plain->cap - z->avail_out;
		if (rc != Z_OK && rc != Z_STREAM_END &&
		    !(rc == Z_BUF_ERROR && z->avail_out == 0))
			return xf_error(err, _("the bundle's payload does not "
			    "decompress"));
	}
	if (rc == Z_STREAM_END && z->avail_in > 0)
		return xf_error(err, _("the bundle has data after its payload"));
	*done = rc == Z_STREAM_END;
	return 0;
}

/* Decrypt chunk by chunk; only a FINAL chunk at the very end is accepted. */
static int
decrypt_chunks(struct vsync_stream *vs, const unsigned char *hh,
    const unsigned char *p, size_t len, struct buf *plain, struct xf_err *err)
{
	unsigned char *chunk = xmalloc(BUNDLE_CHUNK);
	z_stream z;
	int final = 0, done = 0, rc = 0;
	size_t at = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK) {
		free(chunk);
		return xf_error(err, _("cannot start zlib"));
	}
	while (rc == 0 && !final) {
		size_t n = len - at > CHUNK_CT ? CHUNK_CT : len - at;

		if (n < VSYNC_STREAM_ABYTES ||
		    vsync_pull(vs, p + at, n, at == 0 ? hh : NULL,
		    at == 0 ? 32 : 0, chunk, &final) != 0)
			rc = xf_error(err, _("the bundle's body does not decrypt: "
			    "it was altered"));
		else if (final != (at + n == len))
			rc = xf_error(err, _("the bundle's body is cut short or "
			    "has extra data (no final chunk where the file ends)"));
		else
			rc = inflate_chunk(&z, chunk, n - VSYNC_STREAM_ABYTES,
			    &done, plain, err);
		at += n;
	}
	inflateEnd(&z);
	free(chunk);
	if (rc == 0 && !done)
		rc = xf_error(err, _("the bundle's payload ends early"));
	return rc;
}

/* Steps three and four: file key, commitment, decryption, inflation. */
int
bundle_decrypt(const struct vault *v, const unsigned char *p, size_t len,
    struct buf *plain, struct xf_err *err)
{
	unsigned char commit[VSYNC_COMMIT_LEN], hh[32];
	struct vsync_stream *vs;
	int rc;

	if (len < MIN_LEN)
		return xf_error(err, _("the bundle is cut short"));
	vs = vsync_stream_open(v, p + OFF_SEALED);
	if (vs == NULL)
		return xf_error(err, _("the bundle's file key does not open "
		    "with this store's key: it was not sealed to this store"));
	vsync_commit(vs, p, OFF_COMMIT, commit);
	if (memcmp(commit, p + OFF_COMMIT, VSYNC_COMMIT_LEN) != 0) {
		vsync_stream_free(vs);
		return xf_error(err, _("the bundle's key commitment does not "
		    "match: it was altered"));
	}
	vsync_hash_ctx("xunfang-bundle-header", p, BUNDLE_HDR_LEN, hh,
	    sizeof hh);
	if (vsync_pull_init(vs, p + BUNDLE_HDR_LEN) != 0) {
		vsync_stream_free(vs);
		return xf_error(err, _("the bundle's body does not decrypt"));
	}
	plain->len = 0;
	rc = decrypt_chunks(vs, hh, p + BUNDLE_HDR_LEN +
	    VSYNC_STREAM_HEADER_LEN, len - BUNDLE_HDR_LEN -
	    VSYNC_STREAM_HEADER_LEN - VSYNC_SIG_LEN, plain, err);
	vsync_stream_free(vs);
	return rc;
}

struct reader {
	const unsigned char *p, *end;
};

/* Take n bytes (or skip them when out is NULL); -1 if short. */
static int
take(struct reader *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return -1;
	if (out != NULL)
		memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

/* Take one byte. */
static int
take_u8(struct reader *r, unsigned *out)
{
	unsigned char c;

	if (take(r, &c, 1) != 0)
		return -1;
	*out = c;
	return 0;
}

/* Take a big-endian 64-bit number. */
static int
take_u64(struct reader *r, uint64_t *out)
{
	unsigned char b[8];

	if (take(r, b, 8) != 0)
		return -1;
	*out = load_u64be(b);
	return 0;
}

/* The manifest at the start of the payload. */
static int
decode_manifest(struct reader *r, struct bundle_manifest *m)
{
	unsigned fmt;

	m->format = 0;
	if (take_u8(r, &fmt) || fmt < 1 || fmt > PAYLOAD_FORMAT)
		return -1;
	m->format = fmt;
	return take(r, m->sender, VAULT_KEYID_LEN) ||
	    take(r, m->recipient, VAULT_KEYID_LEN) || take_u64(r, &m->seq) ||
	    take_u8(r, &m->flags) || read_varint(&r->p, r->end, &m->from) ||
	    read_varint(&r->p, r->end, &m->to) ||
	    read_varint(&r->p, r->end, &m->ack) ? -1 : 0;
}

/* One version item, its body pointing into the payload. */
static int
decode_version(struct reader *r, struct bundle_version *bv)
{
	struct version *v = &bv->v;
	unsigned kind, tomb, np;
	uint64_t blen;

	memset(bv, 0, sizeof *bv);
	if (take(r, v->rid, RID_LEN) || take(r, v->vid, VID_LEN) ||
	    take_u8(r, &kind) || take_u64(r, &v->hlc) ||
	    take(r, v->device, VAULT_KEYID_LEN) || take(r, v->author, UID_LEN) ||
	    take_u8(r, &tomb) || take_u8(r, &np) || tomb > 1 ||
	    np > MAX_PARENTS || take(r, v->parents, (size_t)np * VID_LEN) ||
	    read_varint(&r->p, r->end, &blen) ||
	    blen > (uint64_t)(r->end - r->p))
		return -1;
	v->kind = (int)kind;
	v->tomb = (int)tomb;
	v->nparents = (int)np;
	bv->body = r->p;
	bv->bodylen = (size_t)blen;
	r->p += blen;
	return 0;
}

/* Grow an array of items by one slot. */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return xreallocarray(v, *cap, size);
}

/* An audit item (type 3, at most one): its bytes stay in the payload. */
static int
decode_audit(struct reader *r, struct bundle_payload *pl)
{
	uint64_t len;

	if (pl->audit != NULL || read_varint(&r->p, r->end, &len) ||
	    len == 0 || len > (uint64_t)(r->end - r->p))
		return -1;
	pl->audit = r->p;
	pl->auditlen = (size_t)len;
	r->p += len;
	return 0;
}

/* The sender item (type 5, at most one, payload format 2 on). */
static int
decode_sender(struct reader *r, struct bundle_payload *pl)
{
	unsigned flag;
	uint64_t n;

	if (pl->has_sender || pl->m.format < 2 || take_u8(r, &flag) ||
	    flag > 1 || (flag && take(r, pl->rkey, 32)) ||
	    read_varint(&r->p, r->end, &n) || n > BUNDLE_MAX_ACCOUNTS ||
	    n * BUNDLE_ACCOUNT_LEN > (uint64_t)(r->end - r->p))
		return -1;
	pl->has_sender = 1;
	pl->has_rkey = (int)flag;
	pl->accounts = r->p;
	pl->naccounts = (size_t)n;
	r->p += n * BUNDLE_ACCOUNT_LEN;
	return 0;
}

/* Items up to the end item, then the counts and nothing more. */
static int
decode_items(struct reader *r, struct bundle_payload *pl)
{
	size_t vcap = 0, rcap = 0;
	unsigned type;

	for (;;) {
		if (take_u8(r, &type) != 0)
			return -1;
		if (type == ITEM_END)
			return read_varint(&r->p, r->end, &pl->m.nversions) ||
			    read_varint(&r->p, r->end, &pl->m.nrevoked) ||
			    r->p != r->end ? -1 : 0;
		if (type == ITEM_VERSION) {
			pl->v = grow(pl->v, pl->nv, &vcap, sizeof *pl->v);
			if (decode_version(r, &pl->v[pl->nv++]) != 0)
				return -1;
		} else if (type == ITEM_REVOKED) {
			uint64_t at;

			pl->r = grow(pl->r, pl->nr, &rcap, sizeof *pl->r);
			if (take(r, pl->r[pl->nr].keyid, VAULT_KEYID_LEN) ||
			    take_u64(r, &at))
				return -1;
			pl->r[pl->nr++].at = (int64_t)at;
		} else if (type == ITEM_AUDIT) {
			if (decode_audit(r, pl) != 0)
				return -1;
		} else if (type == ITEM_SENDER) {
			if (decode_sender(r, pl) != 0)
				return -1;
		} else if (type == ITEM_AUDIT_ACK && !pl->has_audit_ack) {
			if (take_u64(r, &pl->audit_ack) != 0)
				return -1;
			pl->has_audit_ack = 1;
		} else
			return -1;
	}
}

/* Parse a whole payload; any deviation is an error. */
int
bundle_decode(const unsigned char *plain, size_t len,
    struct bundle_payload *pl, struct xf_err *err)
{
	struct reader r = {plain, plain + len};

	memset(pl, 0, sizeof *pl);
	if (decode_manifest(&r, &pl->m) != 0 || decode_items(&r, pl) != 0 ||
	    pl->nv != pl->m.nversions || pl->nr != pl->m.nrevoked) {
		bundle_payload_free(pl);
		return xf_error(err, _("the bundle's payload is malformed (it "
		    "was signed by its sender, so that xunfang has a bug or is "
		    "newer: upgrade both)"));
	}
	return 0;
}

/* Release the arrays of a decoded payload. */
void
bundle_payload_free(struct bundle_payload *pl)
{
	free(pl->v);
	free(pl->r);
	pl->v = NULL;
	pl->r = NULL;
	pl->nv = pl->nr = 0;
}
